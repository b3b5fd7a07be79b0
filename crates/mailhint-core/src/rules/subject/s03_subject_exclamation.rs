//! S03 `subject-exclamation`: the subject has exclamation marks.

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

use super::shared;

/// S03.
pub(crate) static RULE: Rule = Rule {
    code: "S03",
    name: "subject-exclamation",
    category: Category::Subject,
    severity: Severity::Low,
    cap: None,
    summary: L10n { en: "The subject has exclamation marks", zh: "主题中有感叹号" },
    fix: L10n {
        en: "Drop exclamation marks from the subject; a plain, specific subject earns more trust.",
        zh: "去掉主题中的感叹号；平实、具体的主题更让人信任。",
    },
    doc: doc! {
        en: r#"## What it does
Counts the exclamation marks of the subject (`!` and the full-width `！` of Chinese input
methods). Two or more, or a run such as `!!`, cost 0.8, and 0.1 more when the subject also has a
question mark, like SpamAssassin's `PLING_QUERY`. A single mark with a question mark (`Ready to
order? Samples inside!`) costs 0.3. A single mark on its own (`Thanks for your order!`) is left
alone: the catalog gives it 0.2, but no filter scores it (Rspamd's weight is 0, SpamAssassin
needs a `?` too) and it is common in friendly business mail. A subject inherited from the
thread (`Re:` in a real reply) is left alone too.

## Why it matters
Exclamation marks are a weak signal for modern filters (Rspamd gives its `SUBJECT_HAS_EXCLAIM`
and `SUBJECT_ENDS_EXCLAIM` symbols weight 0; SpamAssassin scores `?` with `!` at 0.1), but
readers see them as hype, and repeated marks are the hallmark of promotional mail, which is why
exporters' checklists list "!!!" in subjects among the first things to avoid.

## Example
`HOT SALE!!! New LED panels` fires (0.8); `Thanks for your order!` and `Samples shipped
today by DHL` do not.

## How to fix
Remove the marks. If the news matters, say what it is: "Samples shipped today, tracking inside".

## References
- SpamAssassin `rules/20_head_tests.cf` `PLING_QUERY` (0.1)
- Rspamd `rules/regexp/headers.lua` `SUBJECT_HAS_EXCLAIM`, `SUBJECT_ENDS_EXCLAIM` (weight 0)
"#,
        zh: r#"## 检查什么
统计主题中的感叹号（包括 `!` 和中文输入法的全角 `！`）。两个及以上，或连续的 `!!`，计 0.8 分；如果主题同时还有问号，
再加 0.1 分（对应 SpamAssassin 的 `PLING_QUERY`）。只有一个感叹号但同时有问号（`Ready to order? Samples inside!`）计 0.3 分。
单独一个感叹号（`Thanks for your order!`）不检查：规则表给它 0.2 分，但没有任何过滤器为此计分（Rspamd 权重为 0，
SpamAssassin 需要同时有问号），而且在友好的商务邮件中很常见。真实回复中沿用对方的主题（带 `Re:`）也不检查。

## 为什么重要
对现代过滤器来说，感叹号只是很弱的信号（Rspamd 的 `SUBJECT_HAS_EXCLAIM`、`SUBJECT_ENDS_EXCLAIM` 权重为 0；
SpamAssassin 对问号加感叹号只计 0.1 分），但收件人会觉得是在吹嘘，而连续的感叹号正是促销邮件的标志，
所以外贸邮件的检查清单都把主题里的 "!!!" 列为首先要避免的问题。

## 示例
`HOT SALE!!! New LED panels` 会触发（0.8 分）；`Thanks for your order!` 和 `Samples shipped today by DHL` 不会。

## 如何修改
删掉感叹号。如果消息确实重要，就直接写出是什么事，例如 "Samples shipped today, tracking inside"。

## 参考
- SpamAssassin `rules/20_head_tests.cf` `PLING_QUERY`（0.1 分）
- Rspamd `rules/regexp/headers.lua` `SUBJECT_HAS_EXCLAIM`、`SUBJECT_ENDS_EXCLAIM`（权重 0）
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    if shared::inherited(a) {
        return;
    }
    let subject = a.subject.as_str();
    let is_bang = |c: char| c == '!' || c == '！';
    let count = subject.chars().filter(|&c| is_bang(c)).count();
    if count == 0 {
        return;
    }
    let with_question = subject.contains(['?', '？']);
    if count == 1 && !with_question {
        // One mark alone is scored by no filter and is common in friendly business mail.
        return;
    }
    let mut points = if count >= 2 { 0.8 } else { 0.2 };
    if with_question {
        points += 0.1;
    }
    // Point at the longest run of marks (the first one of that length), the part a reader sees.
    let best = crate::regex!(r"[!！]+").find_iter(subject).fold(None, |best: Option<regex::Match>, m| match best {
        Some(b) if b.as_str().chars().count() >= m.as_str().chars().count() => Some(b),
        _ => Some(m),
    });
    let (en, zh) = match (count, with_question) {
        (n, false) => (format!("{n} exclamation marks in the subject"), format!("主题中有 {n} 个感叹号")),
        (n, true) => (
            format!("{n} exclamation mark(s) together with a question mark in the subject (SpamAssassin PLING_QUERY)"),
            format!("主题中有 {n} 个感叹号，同时还有问号"),
        ),
    };
    let hit = out.add(points, Part::Subject);
    if let Some(m) = best {
        hit.at(m.range());
    }
    hit.say(en, zh);
}
