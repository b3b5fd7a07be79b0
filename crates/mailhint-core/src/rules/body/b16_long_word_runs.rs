//! B16 `long-word-runs`: runs of six or more long words in a row, the shape of keyword
//! stuffing.

use std::ops::Range;

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// B16.
pub(crate) static RULE: Rule = Rule {
    code: "B16",
    name: "long-word-runs",
    category: Category::Body,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "The body has runs of long words in a row, like keyword stuffing",
        zh: "正文中有成串的长单词连在一起，像是堆砌关键词",
    },
    fix: L10n {
        en: "Break up long technical strings into sentences; avoid keyword stuffing.",
        zh: "把一长串专业词汇拆成完整的句子，不要堆砌关键词。",
    },
    doc: doc! {
        en: r#"## What it does
Looks for six words in a row of eight letters or more each, separated only by spaces or dots
(SpamAssassin's pattern `\b(?:[a-z]{8,}[\s.]+){6}`). One such run can be a long technical
term; the rule fires when the pattern matches at least twice, for 1.0 point in all, shared
among the runs it underlines (adjacent matches form one run).

## Why it matters
SpamAssassin scores `LONGWORDS` at about 2 points: strings of long words with no small words
between them are how spammers stuff keywords and random text to defeat statistical filters, and
they read as machine-made to a buyer.

## Example
`industrial commercial waterproof stainless aluminium lightweight professional customized
floodlights streetlights dimmable adjustable` (twelve long words in a row: two runs of six)
fires; `We make waterproof aluminium housings for industrial lighting` does not.

## How to fix
Write sentences. A product's keywords belong in a list with line breaks or in the attached
specification, not strung together in the text.

## References
- SpamAssassin `rules/20_body_tests.cf` `LONGWORDS` (about 2.0 points in every score set)
"#,
        zh: r#"## 检查什么
查找连续六个、每个不少于八个字母、之间只用空格或点号分隔的单词（SpamAssassin 的模式 `\b(?:[a-z]{8,}[\s.]+){6}`）。出现一次可能只是一个较长的技术术语；
该模式匹配到至少两次时才触发，共计 1.0 分，分摊到被标出的各段上（相邻的匹配合并为一段）。

## 为什么重要
SpamAssassin 的 `LONGWORDS` 规则约计 2 分：中间没有任何短词的一串长单词，是垃圾邮件堆砌关键词、用随机文字干扰统计过滤器的典型手法，买家读起来也像机器生成的内容。

## 示例
`industrial commercial waterproof stainless aluminium lightweight professional customized floodlights streetlights dimmable adjustable`（连续十二个长单词，即两段连续六个）会触发；`We make waterproof aluminium housings for industrial lighting` 不会。

## 如何修改
用完整的句子表达。产品关键词应当分行列出或放在附件规格书里，不要连成一串写在正文中。

## 参考
- SpamAssassin `rules/20_body_tests.cf` `LONGWORDS`（各评分组均约 2.0 分）
"#,
    },
    check,
};

/// The rule's points, shared among the runs it underlines.
const POINTS: f64 = 1.0;
/// Runs underlined at most.
const MAX_MARKS: usize = 20;

fn check(a: &Analysis, out: &mut Hits) {
    let mut matches = 0usize;
    let mut runs: Vec<Range<usize>> = Vec::new();
    for m in crate::regex!(r"(?i)(?-u:\b)(?:[a-z]{8,}[\s.]+){6}").find_iter(&a.body) {
        matches += 1;
        // The match ends with its separator; underline the words only.
        let text = m.as_str().trim_end_matches(|c: char| c.is_whitespace() || c == '.');
        let span = m.start()..m.start() + text.len();
        match runs.last_mut() {
            Some(last) if a.body[last.end..m.start()].chars().all(|c| c.is_whitespace() || c == '.') => {
                last.end = span.end;
            }
            _ => runs.push(span),
        }
    }
    if matches < 2 {
        return;
    }
    runs.truncate(MAX_MARKS);
    let each = POINTS / runs.len() as f64;
    for span in runs {
        let words =
            a.body[span.clone()].split(|c: char| c.is_whitespace() || c == '.').filter(|w| !w.is_empty()).count();
        out.add(each, Part::Body).at(span).say(
            format!("{words} long words in a row ({matches} such runs of six in the body)"),
            format!("连续 {words} 个长单词（正文中共有 {matches} 处连续六个长单词）"),
        );
    }
}
