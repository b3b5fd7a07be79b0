//! F01 `body-mostly-capitals`: most letters of the body are capitals.

use crate::analysis::Analysis;
use crate::lexicon;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// F01.
pub(crate) static RULE: Rule = Rule {
    code: "F01",
    name: "body-mostly-capitals",
    category: Category::Formatting,
    severity: Severity::Low,
    cap: None,
    summary: L10n { en: "Most of the body is written in capital letters", zh: "正文大部分用大写字母书写" },
    fix: L10n {
        en: "Don't write in capitals: use sentence case and keep capitals for real acronyms (FOB, ISO).",
        zh: "正文不要用大写字母书写，请用正常的大小写，只有 FOB、ISO 这类缩写才用大写。",
    },
    doc: doc! {
        en: r#"## What it does
Measures the share of capital letters in the body the way SpamAssassin's `check_for_uppercase`
does: only lines with a space between two words count (so signatures of single words and
base64 leftovers are skipped), digits count as lower case, and the body must have at least 200
characters on such lines. Above 50 % capitals it costs 0.8 points, above 75 % 1.5 points.

One change from SpamAssassin: the letters of trade acronyms (FOB, CIF, MOQ, ISO, LED, USD…)
count neither as upper nor as lower case. A product list full of acronyms is not shouting, and
it should not push a mail over the line.

## Why it matters
SpamAssassin scores `UPPERCASE_50_75` and `UPPERCASE_75_100` (up to 1.5 points in its
no-network score set). Readers take a body in capitals as shouting and find it hard to read.

## Example
`WE ARE PROFESSIONAL MANUFACTURER OF LED LIGHTS, PLEASE CHECK OUR BEST PRICE AND REPLY US`
over several lines fires; the same text in sentence case, with `LED` and `FOB` in capitals,
does not.

## How to fix
Rewrite the text in sentence case. Keep capitals for acronyms and, if something must stand
out, use bold once instead.

## References
- SpamAssassin `rules/20_meta_tests.cf` `UPPERCASE_50_75`, `UPPERCASE_75_100`
- SpamAssassin `lib/Mail/SpamAssassin/Plugin/MIMEEval.pm` `check_for_uppercase`
"#,
        zh: r#"## 检查什么
按照 SpamAssassin `check_for_uppercase` 的方法统计正文中大写字母的比例：只统计两个词之间有空格的行（跳过只有一个词的签名行和
base64 残留），数字按小写计算，且这些行合计至少 200 个字符。大写比例超过 50% 计 0.8 分，超过 75% 计 1.5 分。

与 SpamAssassin 的一处不同：FOB、CIF、MOQ、ISO、LED、USD 等贸易缩写的字母既不算大写也不算小写。满是缩写的产品清单并不是"喊叫"，不应因此被扣分。

## 为什么重要
SpamAssassin 的 `UPPERCASE_50_75` 和 `UPPERCASE_75_100` 规则会为此计分（在不联网的评分组中最高 1.5 分）。收件人会把全大写的正文看作大喊大叫，而且很难阅读。

## 示例
多行类似 `WE ARE PROFESSIONAL MANUFACTURER OF LED LIGHTS, PLEASE CHECK OUR BEST PRICE AND REPLY US`
的正文会触发；同样的内容用正常大小写书写、只保留 `LED`、`FOB` 大写，则不会触发。

## 如何修改
用正常的句子大小写重写正文。缩写保留大写；确实需要强调的内容，用一次加粗即可。

## 参考
- SpamAssassin `rules/20_meta_tests.cf` `UPPERCASE_50_75`、`UPPERCASE_75_100`
- SpamAssassin `lib/Mail/SpamAssassin/Plugin/MIMEEval.pm` `check_for_uppercase`
"#,
    },
    check,
};

/// SpamAssassin's minimum amount of text (characters on lines with an inner space).
const MIN_CHARS: usize = 200;

fn check(a: &Analysis, out: &mut Hits) {
    let (mut len, mut lower, mut upper) = (0usize, 0usize, 0usize);
    let mut loudest: Option<std::ops::Range<usize>> = None;
    let mut offset = 0usize;
    for line in a.body.split('\n') {
        let start = offset;
        offset += line.len() + 1;
        if !counts(line) {
            continue;
        }
        let (l, u) = letter_cases(line);
        len += line.chars().count();
        lower += l;
        upper += u;
        // The first line that is itself mostly capitals is where the reader sees the shouting.
        if loudest.is_none() && u >= 10 && u > l {
            let trimmed = line.trim();
            let lead = line.len() - line.trim_start().len();
            loudest = Some(start + lead..start + lead + trimmed.len());
        }
    }
    if len < MIN_CHARS || lower + upper == 0 {
        return;
    }
    let percent = upper as f64 * 100.0 / (lower + upper) as f64;
    let points = if percent > 75.0 {
        1.5
    } else if percent > 50.0 {
        0.8
    } else {
        return;
    };
    let hit = out.add(points, Part::Body);
    if let Some(span) = loudest {
        hit.at(span);
    }
    let percent = percent.round();
    hit.say(format!("{percent} % of the body's letters are capitals"), format!("正文中 {percent}% 的字母是大写"));
}

/// Whether SpamAssassin would look at `line`: it has a space between two non-space characters
/// and is not a line of base64.
fn counts(line: &str) -> bool {
    let has_inner_space = crate::regex!(r"\S\s+\S").is_match(line);
    has_inner_space && !crate::regex!(r"^(?:[A-Za-z0-9+/=]{60,76} ){2}").is_match(line)
}

/// Lower-case letters and digits, and capital letters, of `line`, leaving out the letters of
/// allowed acronyms.
fn letter_cases(line: &str) -> (usize, usize) {
    let (mut lower, mut upper) = (0usize, 0usize);
    for word in line.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if lexicon::is_acronym(word) {
            continue;
        }
        for b in word.bytes() {
            if b.is_ascii_uppercase() {
                upper += 1;
            } else {
                lower += 1;
            }
        }
    }
    (lower, upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_are_neutral_and_digits_are_lower() {
        assert_eq!(letter_cases("FOB Ningbo 2024"), (9, 1));
        assert_eq!(letter_cases("BEST PRICE"), (0, 9));
    }

    #[test]
    fn single_word_lines_and_base64_do_not_count() {
        assert!(!counts("REGARDS"));
        assert!(counts("BEST PRICE"));
        let b64 = format!("{} {} ", "A".repeat(64), "B".repeat(64));
        assert!(!counts(&b64));
    }
}
