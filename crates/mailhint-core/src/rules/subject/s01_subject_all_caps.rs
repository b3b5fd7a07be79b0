//! S01 `subject-all-caps`: the whole subject is in capital letters.

use crate::analysis::Analysis;
use crate::lexicon;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// S01.
pub(crate) static RULE: Rule = Rule {
    code: "S01",
    name: "subject-all-caps",
    category: Category::Subject,
    severity: Severity::Medium,
    cap: None,
    summary: L10n { en: "The subject is written in capital letters", zh: "主题全部用大写字母书写" },
    fix: L10n {
        en: "Write the subject in sentence case; keep only real acronyms (FOB, ISO) in capitals.",
        zh: "主题请用正常的大小写书写，只有真正的缩写（如 FOB、ISO）才用大写。",
    },
    doc: doc! {
        en: r#"## What it does
Flags a subject whose letters are all capitals, once `Re:`/`Fwd:` prefixes are set aside. Like
SpamAssassin, it needs at least one space and 10 characters; unlike it, a subject made only of
trade acronyms (`LED FOB PRICE LIST` still fires, `RFQ 2024 ISO` does not) needs at least one
ordinary word of four letters or more, so exporters' acronyms are not mistaken for shouting.

## Why it matters
SpamAssassin scores `SUBJ_ALL_CAPS` (0.5) and Rspamd scores `SUBJ_ALL_CAPS` up to 3.0, scaled by
length. Readers see capitals as shouting, and it is the first thing they see.

## Example
`HOT SALE LED LIGHTS BEST PRICE` fires; `Hot sale: LED high-bays at FOB Ningbo` does not.

## How to fix
Write the subject in sentence case. Keep acronyms such as FOB, MOQ or ISO in capitals.

## References
- SpamAssassin `rules/20_head_tests.cf` `SUBJ_ALL_CAPS`, `Plugin/HeaderEval.pm` `subject_is_all_caps`
- Rspamd `rules/subject_checks.lua` `SUBJ_ALL_CAPS` (weight 3.0 × min(1, length/40))
"#,
        zh: r#"## 检查什么
去掉 `Re:`/`Fwd:` 等前缀后，主题中的字母是否全部大写。与 SpamAssassin 一样，主题需要至少包含一个空格且不少于
10 个字符；此外，主题中至少要有一个四个字母以上的普通单词（不只是 FOB、MOQ 这类贸易缩写）才会触发，避免把外贸缩写误判为"喊叫"。

## 为什么重要
SpamAssassin 的 `SUBJ_ALL_CAPS` 计 0.5 分，Rspamd 的同名规则按长度最高计 3.0 分。收件人会把全大写看作大喊大叫，而主题是对方第一眼看到的内容。

## 示例
`HOT SALE LED LIGHTS BEST PRICE` 会触发；`Hot sale: LED high-bays at FOB Ningbo` 不会。

## 如何修改
主题按正常句子大小写书写，FOB、MOQ、ISO 等缩写保留大写即可。

## 参考
- SpamAssassin `rules/20_head_tests.cf` `SUBJ_ALL_CAPS`、`Plugin/HeaderEval.pm` `subject_is_all_caps`
- Rspamd `rules/subject_checks.lua` `SUBJ_ALL_CAPS`（权重 3.0 × min(1, 长度/40)）
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let start = lexicon::reply_prefix_len(&a.subject);
    let rest = a.subject[start..].trim_end();
    if rest.len() < 10 || !rest.contains(char::is_whitespace) {
        return;
    }
    let letters: Vec<char> = rest.chars().filter(char::is_ascii_alphabetic).collect();
    if letters.is_empty() || letters.iter().any(char::is_ascii_lowercase) {
        return;
    }
    let has_ordinary_word =
        rest.split(|c: char| !c.is_ascii_alphabetic()).any(|w| w.len() >= 4 && !lexicon::is_acronym(w));
    if !has_ordinary_word {
        return;
    }
    let points = 1.0 + (rest.chars().count() as f64 / 40.0).min(1.0);
    out.add(points, Part::Subject).at(start..start + rest.len());
}
