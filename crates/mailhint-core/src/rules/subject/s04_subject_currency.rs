//! S04 `subject-currency`: the subject has a currency symbol.

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

use super::shared;

/// S04.
pub(crate) static RULE: Rule = Rule {
    code: "S04",
    name: "subject-currency",
    category: Category::Subject,
    severity: Severity::Medium,
    cap: None,
    summary: L10n { en: "The subject has a currency symbol", zh: "主题中有货币符号" },
    fix: L10n {
        en: "Put prices in the body or the quotation, not the subject.",
        zh: "价格请写在正文或报价单里，不要放在主题中。",
    },
    doc: doc! {
        en: r#"## What it does
Flags a subject with a currency symbol (`$`, `€`, `£`, `¥`, `₹`… any character of Unicode's
currency-symbol category), 1.0 point, and 0.1 more when the subject starts with a dollar amount
(`$9.99 …`). A subject inherited from the thread (`Re:` in a real reply) is left alone.

## Why it matters
Rspamd scores `SUBJECT_HAS_CURRENCY` (1.0) for any currency symbol in the subject, and
SpamAssassin adds `SUBJ_DOLLARS` for a subject that opens with a dollar amount. Prices in the
subject are typical of promotions; a buyer expects them in the quotation.

## Example
`LED panels from $2.50/pc` fires; `Updated price list for LED panels` does not.

## How to fix
Name the topic in the subject ("Quotation for 600x600 LED panels") and give the price in the
body or the attached quotation.

## References
- Rspamd `rules/regexp/headers.lua` `SUBJECT_HAS_CURRENCY` (1.0)
- SpamAssassin `rules/20_head_tests.cf` `SUBJ_DOLLARS` (0.1)
"#,
        zh: r#"## 检查什么
主题中出现货币符号（`$`、`€`、`£`、`¥`、`₹` 等 Unicode 货币符号类的任何字符）计 1.0 分；如果主题以美元金额开头
（如 `$9.99 …`），再加 0.1 分。真实回复中沿用对方的主题（带 `Re:`）不检查。

## 为什么重要
Rspamd 的 `SUBJECT_HAS_CURRENCY` 对主题中的任何货币符号计 1.0 分，SpamAssassin 的 `SUBJ_DOLLARS` 对以美元金额开头的主题
另外计分。主题里写价格是促销邮件的典型做法，而买家希望在报价单里看到价格。

## 示例
`LED panels from $2.50/pc` 会触发；`Updated price list for LED panels` 不会。

## 如何修改
主题写明事由（如 "Quotation for 600x600 LED panels"），价格放在正文或附件报价单中。

## 参考
- Rspamd `rules/regexp/headers.lua` `SUBJECT_HAS_CURRENCY`（1.0 分）
- SpamAssassin `rules/20_head_tests.cf` `SUBJ_DOLLARS`（0.1 分）
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    if shared::inherited(a) {
        return;
    }
    let subject = a.subject.as_str();
    // The symbol with the amount next to it, when there is one, so that the quote shows the price.
    let Some(m) = crate::regex!(r"\p{Sc}+\s?\d[\d.,]*\d|\p{Sc}+\s?\d|\d[\d.,]*\s?\p{Sc}+|\p{Sc}+").find(subject) else {
        return;
    };
    let mut points = 1.0;
    if crate::regex!(r"^\$[0-9.,]+\b").is_match(subject.trim_start()) {
        points += 0.1;
    }
    let quote = m.as_str();
    out.add(points, Part::Subject)
        .at(m.range())
        .say(format!("Currency in the subject: {quote}"), format!("主题中有货币金额：{quote}"));
}
