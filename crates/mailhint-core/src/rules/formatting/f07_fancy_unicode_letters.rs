//! F07 `fancy-unicode-letters`: words written in styled Unicode letters (𝐁𝐨𝐥𝐝, 𝓈𝒸𝓇𝒾𝓅𝓉, Ⓒⓘⓡⓒⓛⓔⓓ).

use std::ops::Range;

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{shorten, Category, Hits, L10n, Rule};

/// F07.
pub(crate) static RULE: Rule = Rule {
    code: "F07",
    name: "fancy-unicode-letters",
    category: Category::Formatting,
    severity: Severity::High,
    cap: None,
    summary: L10n {
        en: "The body uses styled Unicode letters instead of normal text",
        zh: "正文用花式 Unicode 字母代替了普通文字",
    },
    fix: L10n {
        en: "Use normal text instead of styled Unicode letters; use bold or italics from the editor if you need emphasis.",
        zh: "请用普通文字代替花式 Unicode 字母；需要强调时，使用编辑器自带的加粗或斜体。",
    },
    doc: doc! {
        en: r#"## What it does
Looks in the body for runs of three or more styled letters that "font generator" websites
produce:

- **Mathematical alphanumeric symbols** (U+1D400–U+1D7FF: 𝐁𝐨𝐥𝐝, 𝑰𝒕𝒂𝒍𝒊𝒄, 𝓈𝒸𝓇𝒾𝓅𝓉, 𝔉𝔯𝔞𝔨𝔱𝔲𝔯, 𝚖𝚘𝚗𝚘,
  and the letters of U+2100–U+214F that fill its gaps): 2.0, as SpamAssassin scores them.
- **Other letter look-alikes** (circled Ⓐ–ⓩ, parenthesised ⒜, squared 🄰/🅰, fullwidth Ａ–ｚ,
  small capitals ᴀʙᴄ): 1.0, as the subject rule S12 scores them.

One finding for the body, on the first run that scores the most, with the number of runs.
Subjects are checked by S12.

Refinement over the catalog: fullwidth Latin letters are not counted in a mainly Chinese
draft, where the input method produces them (`ＰＤＦ`) without any intent to decorate. Single
symbols (a lone `ℓ` for litres, `①` for a list) never count.

## Why it matters
These characters are not letters to a filter: `𝐅𝐑𝐄𝐄` does not match "free", which is exactly
why spammers use them. SpamAssassin's `SUSP_UTF8_WORD_*` rules look for words made of them
(about 2.0 points). Screen readers spell them out symbol by symbol, and they fall back to empty
boxes on devices without the right font.

## Example
`𝐒𝐩𝐞𝐜𝐢𝐚𝐥 𝐨𝐟𝐟𝐞𝐫 on LED panels` fires; `Special offer on LED panels` written in bold with the
editor does not.

## How to fix
Retype the words in normal text and use the editor's bold or italic for emphasis.

## References
- SpamAssassin `SUSP_UTF8_WORD_SUBJ`, `SUSP_UTF8_WORD_FROM`, `SUSP_UTF8_WORD_COMBO` (active rules)
- Gmail sender guidelines: do not use emojis or symbols that imitate graphic elements
- Unicode block "Mathematical Alphanumeric Symbols" (U+1D400–U+1D7FF)
"#,
        zh: r#"## 检查什么
在正文中查找由"花式字体生成器"网站生成的、连续三个以上的花式字母：

- **数学字母数字符号**（U+1D400–U+1D7FF，如 𝐁𝐨𝐥𝐝、𝑰𝒕𝒂𝒍𝒊𝒄、𝓈𝒸𝓇𝒾𝓅𝓉、𝔉𝔯𝔞𝔨𝔱𝔲𝔯、𝚖𝚘𝚗𝚘，以及 U+2100–U+214F 中补位的字母）：
  计 2.0 分，与 SpamAssassin 相同。
- **其他仿字母符号**（圆圈字母 Ⓐ–ⓩ、括号字母 ⒜、方框字母 🄰/🅰、全角字母 Ａ–ｚ、小型大写字母 ᴀʙᴄ）：计 1.0 分，与主题规则 S12 相同。

正文只报告一条，标在得分最高的第一处，并说明共有几处。主题由 S12 检查。

相对目录规则的改进：以中文为主的邮件不统计全角拉丁字母，因为输入法会自动打出全角字母（如 `ＰＤＦ`），并非有意装饰。
单个符号（如表示升的 `ℓ`、列表编号 `①`）不会触发。

## 为什么重要
对过滤器来说这些字符不是字母：`𝐅𝐑𝐄𝐄` 匹配不到 "free"，这正是垃圾邮件使用它们的原因。SpamAssassin 的 `SUSP_UTF8_WORD_*`
规则专门查找由它们组成的单词（约 2.0 分）。读屏软件会逐个念出符号名称，缺少相应字体的设备上还会显示成方框。

## 示例
`𝐒𝐩𝐞𝐜𝐢𝐚𝐥 𝐨𝐟𝐟𝐞𝐫 on LED panels` 会触发；用编辑器加粗的 `Special offer on LED panels` 不会。

## 如何修改
用普通文字重新输入这些单词，需要强调时使用编辑器的加粗或斜体。

## 参考
- SpamAssassin `SUSP_UTF8_WORD_SUBJ`、`SUSP_UTF8_WORD_FROM`、`SUSP_UTF8_WORD_COMBO`（已启用的规则）
- Gmail 发件人指南：不要使用模仿图形元素的表情符号或符号
- Unicode 区块"数学字母数字符号"（U+1D400–U+1D7FF）
"#,
    },
    check,
};

/// Points for mathematical styled letters (SA `SUSP_UTF8_WORD_*` ≈ 2.0).
const MATH_POINTS: f64 = 2.0;
/// Points for other letter look-alikes (as S12 scores them).
const OTHER_POINTS: f64 = 1.0;
/// Styled letters in a row that make a styled word.
const MIN_RUN: usize = 3;

/// Kinds of styled letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fancy {
    Math,
    Fullwidth,
    Other,
}

fn check(a: &Analysis, out: &mut Hits) {
    let mut runs = styled_runs(&a.body);
    // The share of Chinese is only needed, and only computed, when there are fullwidth letters.
    if runs.iter().any(|(_, kind)| *kind == Fancy::Fullwidth) && a.han_share() >= 0.3 {
        runs.retain(|(_, kind)| *kind != Fancy::Fullwidth);
    }
    let Some(best) = runs.iter().find(|(_, k)| *k == Fancy::Math).or(runs.first()) else {
        return;
    };
    // The finding sits on the run that scores: the first mathematical one, else the first.
    let (span, kind) = best;
    let points = if *kind == Fancy::Math { MATH_POINTS } else { OTHER_POINTS };
    let quoted = shorten(a.body.get(span.clone()).unwrap_or(""), 40);
    let (what_en, what_zh) = match kind {
        Fancy::Math => ("styled Unicode letters", "花式 Unicode 字母"),
        Fancy::Fullwidth => ("fullwidth letters", "全角字母"),
        Fancy::Other => ("letter-like symbols", "仿字母符号"),
    };
    let (en, zh) = match runs.len() {
        1 => (format!("\"{quoted}\" is written in {what_en}"), format!("“{quoted}”是用{what_zh}写的")),
        n => (
            format!("\"{quoted}\" is written in {what_en}, and {} more word(s) in styled letters", n - 1),
            format!("“{quoted}”是用{what_zh}写的，另有 {} 处也用了花式字母", n - 1),
        ),
    };
    out.add(points, Part::Body).at(span.clone()).say(en, zh);
}

/// What kind of styled letter or digit `c` is, if any; the flag says whether it is a letter.
fn fancy(c: char) -> Option<(Fancy, bool)> {
    let u = c as u32;
    match u {
        // Mathematical alphanumerics: letters up to U+1D7CB, digits after.
        0x1D400..=0x1D7CB => Some((Fancy::Math, true)),
        0x1D7CE..=0x1D7FF => Some((Fancy::Math, false)),
        _ if "ℂℊℋℌℍℎℐℑℒℕℙℚℛℜℝℤℨℬℭℯℰℱℳℴ".contains(c) => {
            Some((Fancy::Math, true))
        }
        // Fullwidth Latin letters and digits.
        0xFF21..=0xFF3A | 0xFF41..=0xFF5A => Some((Fancy::Fullwidth, true)),
        0xFF10..=0xFF19 => Some((Fancy::Fullwidth, false)),
        // Parenthesised and circled letters; squared and negative letters.
        0x249C..=0x24E9 | 0x1F130..=0x1F189 => Some((Fancy::Other, true)),
        _ if "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡʏᴢ".contains(c) => {
            Some((Fancy::Other, true))
        }
        _ => None,
    }
}

/// Runs of styled characters of one kind with at least [`MIN_RUN`] letters.
fn styled_runs(text: &str) -> Vec<(Range<usize>, Fancy)> {
    let mut runs = Vec::new();
    let mut current: Option<(usize, usize, Fancy, usize)> = None; // start, end, kind, letters
    for (i, c) in text.char_indices() {
        let this = fancy(c);
        match (this, current.as_mut()) {
            (Some((kind, letter)), Some(run)) if run.2 == kind => {
                run.1 = i + c.len_utf8();
                run.3 += usize::from(letter);
                continue;
            }
            _ => {}
        }
        if let Some((s, e, kind, letters)) = current.take() {
            if letters >= MIN_RUN {
                runs.push((s..e, kind));
            }
        }
        if let Some((kind, letter)) = this {
            current = Some((i, i + c.len_utf8(), kind, usize::from(letter)));
        }
    }
    if let Some((s, e, kind, letters)) = current {
        if letters >= MIN_RUN {
            runs.push((s..e, kind));
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_styled_words_not_single_symbols() {
        let runs = styled_runs("𝐒𝐩𝐞𝐜𝐢𝐚𝐥 offer, 5 ℓ, ① ② ③, ＰＤＦ");
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].1, Fancy::Math);
        assert_eq!(runs[1].1, Fancy::Fullwidth);
    }
}
