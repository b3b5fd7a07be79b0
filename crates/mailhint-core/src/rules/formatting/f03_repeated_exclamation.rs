//! F03 `repeated-exclamation`: exclamation marks in a row, or many of them in a short body.

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// F03.
pub(crate) static RULE: Rule = Rule {
    code: "F03",
    name: "repeated-exclamation",
    category: Category::Formatting,
    severity: Severity::Low,
    cap: Some(1.0),
    summary: L10n { en: "The body uses repeated exclamation marks", zh: "正文中连续或大量使用感叹号" },
    fix: L10n {
        en: "Use one exclamation mark at most; let the facts (price, lead time, certificates) do the work.",
        zh: "感叹号最多用一个；用具体信息（价格、交期、认证）打动客户，而不是靠语气。",
    },
    doc: doc! {
        en: r#"## What it does
Flags each run of two or more exclamation marks in the body (`!!`, `!!!`, also the full-width
`！！` of Chinese text), 0.5 points each, and adds 0.3 points when a body of fewer than 200
words has more than three exclamation marks in all. The rule adds at most 1.0 point.

## Why it matters
Spam filters weigh exclamation marks only lightly (SpamAssassin's `PLING_QUERY` is 0.1 and
Rspamd's exclamation symbols weigh 0), but readers do not: a row of `!!!` is the mark of a
mass advertisement, and Chinese exporters' deliverability guides list it among the first
things to remove. This is a reader-trust signal more than a filter score.

## Example
`Hot sale now!!! Contact us today!!` fires for both runs and for five marks in a short mail;
`Thank you for your order!` does not.

## How to fix
Keep one exclamation mark at most, and only where you would raise your voice in person.

## References
- SpamAssassin `rules/20_head_tests.cf` `PLING_QUERY` (0.1)
- Rspamd `rules/regexp/headers.lua` `SUBJECT_HAS_EXCLAIM` (weight 0)
- Mailmeteor, "Spam words" (formatting section)
"#,
        zh: r#"## 检查什么
标出正文中每一处连续两个及以上的感叹号（`!!`、`!!!`，以及中文全角的 `！！`），每处 0.5 分；正文少于 200 个词且感叹号总数超过三个时，另加 0.3 分。本规则最多计 1.0 分。

## 为什么重要
垃圾邮件过滤器对感叹号的权重很低（SpamAssassin 的 `PLING_QUERY` 只有 0.1 分，Rspamd 的感叹号规则权重为 0），但收件人很在意：一串 `!!!` 是群发广告的典型特征，外贸邮件送达指南也把它列为首先要去掉的内容。这更多是影响收件人信任的信号，而不是过滤器的分数。

## 示例
`Hot sale now!!! Contact us today!!` 会因两处连续感叹号、以及短邮件中共有五个感叹号而触发；`Thank you for your order!` 不会。

## 如何修改
感叹号最多用一个，只用在当面说话时也会提高声音的地方。

## 参考
- SpamAssassin `rules/20_head_tests.cf` `PLING_QUERY`（0.1 分）
- Rspamd `rules/regexp/headers.lua` `SUBJECT_HAS_EXCLAIM`（权重 0）
- Mailmeteor《Spam words》格式部分
"#,
    },
    check,
};

/// Runs underlined at most: the rule's cap is reached after two, more underlines do not help.
const MAX_MARKS: usize = 20;

fn check(a: &Analysis, out: &mut Hits) {
    for m in crate::regex!(r"[!！]{2,}").find_iter(&a.body).take(MAX_MARKS) {
        let n = m.as_str().chars().count();
        out.add(0.5, Part::Body)
            .at(m.range())
            .say(format!("{n} exclamation marks in a row"), format!("连续 {n} 个感叹号"));
    }
    // More than three exclamation marks in a short body: the fourth one is where it tips over.
    let mut marks = a.body.match_indices(['!', '！']);
    if let Some((fourth, mark)) = marks.nth(3) {
        let total = 4 + marks.count();
        if a.body_words().len() < 200 {
            out.add(0.3, Part::Body).at(fourth..fourth + mark.len()).say(
                format!("{total} exclamation marks in a short message"),
                format!("这封短邮件里共有 {total} 个感叹号"),
            );
        }
    }
}
