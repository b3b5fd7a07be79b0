//! S12 `subject-decorative-symbols`: the subject is dressed up with styled Unicode letters,
//! enclosed or full-width letters, or emoji used as icons.

use std::ops::Range;

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

use super::shared;

/// S12.
pub(crate) static RULE: Rule = Rule {
    code: "S12",
    name: "subject-decorative-symbols",
    category: Category::Subject,
    severity: Severity::Low,
    cap: None,
    summary: L10n {
        en: "The subject is decorated with symbols, emoji or styled letters",
        zh: "主题中用了装饰性的符号、表情或花体字母",
    },
    fix: L10n {
        en: "Use plain text; decorative symbols imitate badges and graphics and styled letters look like filter evasion.",
        zh: "主题请用纯文本；装饰符号像是在模仿徽章和图片，花体字母看起来像在躲避过滤器。",
    },
    doc: doc! {
        en: r#"## What it does
Looks for three kinds of decoration in the subject, each counted once:

- **Styled letters** (2.0): a run of three or more "Mathematical Alphanumeric Symbols"
  (U+1D400–U+1D7FF), the bold, italic or script letters that "fancy font" generators produce
  (`𝐅𝐑𝐄𝐄`, `𝓢𝓪𝓵𝓮`), exactly as SpamAssassin's `SUSP_UTF8_WORD_SUBJ`.
- **Enclosed or full-width letters** (1.0): circled, parenthesised or squared Latin letters
  (`Ⓢⓐⓛⓔ`, `🅢🅐🅛🅔`, badges such as `🆓` `🆕`) and full-width letters (`ＳＡＬＥ`, which a Chinese
  input method in full-width mode also produces). At least two such letters are needed, so
  one stray full-width letter does not count; circled digits (`①②`) are not letters and do
  not count either.
- **Emoji and pictographs used as icons** (0.5 for one or two, 1.0 for three or more):
  `🔥`, `✅`, `💰`, `🎁`, `⚡`, `❗`, `‼`, `⭐`, `★`, `■`, flags… A sequence (skin tone, `❤️` with
  its variation selector, a flag, a family joined with zero-width joiners) counts as one.
  Symbols that belong in business text (`©`, `®`, `™`, arrows such as `→`, `⌀`) are not emoji.

A subject inherited from a real reply is left alone.

## Why it matters
SpamAssassin scores styled letters in the subject up to 2.0 (`SUSP_UTF8_WORD_SUBJ`): they
are used to spell spam words that keyword filters cannot read. Gmail's sender guidelines ask
senders not to use emoji that imitate graphic elements or badges, and a row of 🔥✅💰 marks
a message as a promotion for readers and for the Promotions tab alike.

## Example
`🔥 New LED panels ✅ Best price 💰` fires (three emoji); `𝐍𝐞𝐰 LED panels` fires (styled
letters); `New LED panels for Acme, CE/RoHS™` does not.

## How to fix
Type the subject in plain letters and remove the icons; if something must stand out, say it
in words.

## References
- SpamAssassin `rulesrc/sandbox/jhardin/20_misc_testing.cf` `SUSP_UTF8_WORD_SUBJ` (1.481 / 1.999 / 1.481 / 1.999)
- Gmail, Email sender guidelines (support.google.com/mail/answer/81126): no emoji imitating graphic elements
"#,
        zh: r#"## 检查什么
检查主题中的三类装饰，每类只计一次：

- **花体字母**（2.0 分）：连续三个或以上 “数学字母数字符号”（U+1D400–U+1D7FF），即 “花式字体” 生成器产生的粗体、
  斜体、手写体字母（`𝐅𝐑𝐄𝐄`、`𝓢𝓪𝓵𝓮`），与 SpamAssassin 的 `SUSP_UTF8_WORD_SUBJ` 完全一致。
- **带圈或全角字母**（1.0 分）：带圈、带括号或方框的拉丁字母（`Ⓢⓐⓛⓔ`、`🅢🅐🅛🅔`，以及 `🆓`、`🆕` 这类徽章）和全角字母
  （`ＳＡＬＥ`，中文输入法处于全角模式时也会打出这种字母）。至少要有两个这样的字母才算，单个误输入的全角字母不计；
  带圈数字（`①②`）不是字母，也不计。
- **当作图标的表情和象形符号**（一两个计 0.5 分，三个及以上计 1.0 分）：`🔥`、`✅`、`💰`、`🎁`、`⚡`、`❗`、`‼`、`⭐`、`★`、
  `■`、国旗等。一个组合序列（肤色、带变体选择符的 `❤️`、国旗、用零宽连接符组成的家庭表情）算一个。商务文本中正常使用的
  符号（`©`、`®`、`™`、`→` 等箭头、`⌀`）不算表情。

真实回复中沿用的主题不检查。

## 为什么重要
SpamAssassin 对主题中的花体字母最高计 2.0 分（`SUSP_UTF8_WORD_SUBJ`）：这类字母常被用来拼写关键词过滤器读不出的垃圾词。
Gmail 发件人指南要求不要使用模仿图形元素或徽章的表情符号；一串 🔥✅💰 会让收件人和 “推广” 标签页都把邮件当成促销。

## 示例
`🔥 New LED panels ✅ Best price 💰` 会触发（三个表情）；`𝐍𝐞𝐰 LED panels` 会触发（花体字母）；
`New LED panels for Acme, CE/RoHS™` 不会。

## 如何修改
主题用普通字母输入，删掉图标；需要强调的内容用文字说清楚。

## 参考
- SpamAssassin `rulesrc/sandbox/jhardin/20_misc_testing.cf` `SUSP_UTF8_WORD_SUBJ`（1.481 / 1.999 / 1.481 / 1.999 分）
- Gmail《电子邮件发件人指南》（support.google.com/mail/answer/81126）：不要使用模仿图形元素的表情符号
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    if shared::inherited(a) {
        return;
    }
    let subject = a.subject.as_str();
    if let Some(run) = styled_run(subject) {
        let quote = &subject[run.clone()];
        out.add(2.0, Part::Subject).at(run).say(
            format!("'{quote}' is written in styled Unicode letters"),
            format!("“{quote}” 用的是花体 Unicode 字母"),
        );
    }
    if let Some(run) = enclosed_letters(subject) {
        let quote = &subject[run.clone()];
        out.add(1.0, Part::Subject).at(run).say(
            format!("'{quote}' is written in enclosed or full-width letters"),
            format!("“{quote}” 用的是带圈或全角字母"),
        );
    }
    let icons = emoji(subject);
    if let Some(first) = icons.first() {
        let n = icons.len();
        let list: Vec<&str> = icons.iter().take(8).map(|r| &subject[r.clone()]).collect();
        let list = list.join(" ");
        out.add(if n >= 3 { 1.0 } else { 0.5 }, Part::Subject).at(first.clone()).say(
            format!("{n} emoji or pictograph(s) in the subject: {list}"),
            format!("主题中有 {n} 个表情或图形符号：{list}"),
        );
    }
}

/// Whether `c` is a styled letter or digit: the Mathematical Alphanumeric Symbols block, or one
/// of the Letterlike Symbols that fill its gaps (script, fraktur and double-struck letters).
fn is_styled(c: char) -> bool {
    ('\u{1D400}'..='\u{1D7FF}').contains(&c) || LETTERLIKE.contains(c)
}

/// The Letterlike Symbols that stand in for the letters missing from the Mathematical
/// Alphanumeric Symbols block.
const LETTERLIKE: &str = "ℂℊℋℌℍℎℐℑℒℓℕℙℚℛℜℝℤℨℬℭℯℰℱℳℴ";

/// The first run of three or more styled characters with at least one from the Mathematical
/// Alphanumeric Symbols block (SpamAssassin's byte pattern, three or more in a row).
fn styled_run(s: &str) -> Option<Range<usize>> {
    runs(s, is_styled)
        .find(|(r, n)| *n >= 3 && s[r.clone()].chars().any(|c| ('\u{1D400}'..='\u{1D7FF}').contains(&c)))
        .map(|(r, _)| r)
}

/// How many letters an enclosed or full-width character stands for (a squared word such as
/// 🆓 counts as two), or 0 when it is none.
fn enclosed_weight(c: char) -> usize {
    match c {
        '\u{1F18A}'..='\u{1F1AD}' => 2,
        '\u{249C}'..='\u{24E9}' | '\u{1F110}'..='\u{1F189}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => 1,
        _ => 0,
    }
}

/// The first run of enclosed or full-width letters, when the subject has at least two such
/// letters in all.
fn enclosed_letters(s: &str) -> Option<Range<usize>> {
    let total: usize = s.chars().map(enclosed_weight).sum();
    if total < 2 {
        return None;
    }
    // A variation selector may follow an enclosed letter (🅰️); keep it inside the run.
    runs(s, |c| enclosed_weight(c) > 0 || c == '\u{FE0F}')
        .map(|(r, _)| r)
        .find(|r| s[r.clone()].chars().any(|c| enclosed_weight(c) > 0))
}

/// Runs of consecutive characters for which `f` holds, with their lengths in characters.
fn runs(s: &str, f: impl Fn(char) -> bool) -> impl Iterator<Item = (Range<usize>, usize)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize, usize)> = None;
    for (i, c) in s.char_indices() {
        if f(c) {
            let r = current.get_or_insert((i, i, 0));
            r.1 = i + c.len_utf8();
            r.2 += 1;
        } else if let Some((a, b, n)) = current.take() {
            out.push((a..b, n));
        }
    }
    if let Some((a, b, n)) = current {
        out.push((a..b, n));
    }
    out.into_iter()
}

/// Whether `c` starts an emoji or pictograph used as an icon. Arrows, technical symbols such as
/// ⌀, and ©, ®, ™ are left out: they belong in ordinary text.
fn is_emoji(c: char) -> bool {
    matches!(c,
        '\u{1F300}'..='\u{1F5FF}'
        | '\u{1F600}'..='\u{1F64F}'
        | '\u{1F680}'..='\u{1F6FF}'
        | '\u{1F7E0}'..='\u{1F7EB}'
        | '\u{1F900}'..='\u{1F9FF}'
        | '\u{1FA70}'..='\u{1FAFF}'
        | '\u{1F1E6}'..='\u{1F1FF}'
        | '\u{1F004}' | '\u{1F0CF}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{25A0}'..='\u{25FF}'
        | '\u{2B05}'..='\u{2B07}' | '\u{2B1B}' | '\u{2B1C}' | '\u{2B50}' | '\u{2B55}'
        | '\u{203C}' | '\u{2049}'
        | '\u{231A}' | '\u{231B}' | '\u{23E9}'..='\u{23F3}' | '\u{23F8}'..='\u{23FA}'
        | '\u{3297}' | '\u{3299}')
}

/// Whether `c` continues the emoji before it: variation selectors, skin tones, tag characters.
fn is_emoji_modifier(c: char) -> bool {
    matches!(c, '\u{FE0E}' | '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}' | '\u{20E3}')
}

/// The emoji of `s`, each sequence (modifiers, zero-width-joined parts, a flag's two regional
/// indicators) as one range.
fn emoji(s: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let end_of = |i: usize| chars[i].0 + chars[i].1.len_utf8();
    let regional = |c: char| ('\u{1F1E6}'..='\u{1F1FF}').contains(&c);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        // A keycap (1️⃣, #️⃣) is a digit, `#` or `*` with the combining keycap after it.
        let keycap = matches!(c, '0'..='9' | '#' | '*')
            && match chars.get(i + 1).map(|&(_, d)| d) {
                Some('\u{20E3}') => true,
                Some('\u{FE0F}') => chars.get(i + 2).is_some_and(|&(_, d)| d == '\u{20E3}'),
                _ => false,
            };
        if !is_emoji(c) && !keycap {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut j = i + 1;
        if regional(c) && chars.get(j).is_some_and(|&(_, d)| regional(d)) {
            j += 1;
        }
        loop {
            match chars.get(j).map(|&(_, d)| d) {
                Some(d) if is_emoji_modifier(d) => j += 1,
                Some('\u{200D}') if chars.get(j + 1).is_some_and(|&(_, d)| is_emoji(d)) => j += 2,
                _ => break,
            }
        }
        out.push(start..end_of(j - 1));
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(styled_run("𝐅𝐑𝐄𝐄 samples").is_some());
        assert!(styled_run("𝐅𝐑 samples").is_none());
        assert!(enclosed_letters("ＳＡＬＥ now").is_some());
        assert!(enclosed_letters("Ｑ about LED").is_none());
        assert!(enclosed_letters("🆓 samples").is_some());
        assert!(enclosed_letters("①② steps").is_none());
        assert_eq!(emoji("🔥 New ✅ 💰").len(), 3);
        assert_eq!(emoji("👨‍👩‍👧 🇨🇳 ❤️ 👍🏽").len(), 4);
        assert_eq!(emoji("Step 1️⃣ of 3").iter().map(|r| &"Step 1️⃣ of 3"[r.clone()]).collect::<Vec<_>>(), ["1️⃣"]);
        assert!(emoji("Ningbo → Hamburg, ⌀50 mm, CE™ ©2025").is_empty());
    }
}
