//! B05 `free-quote-offer`: the mail offers a "free, no-obligation / instant / online quote", a
//! phrase SpamAssassin scores as bulk advertising.

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// B05.
pub(crate) static RULE: Rule = Rule {
    code: "B05",
    name: "free-quote-offer",
    category: Category::Body,
    severity: Severity::High,
    cap: None,
    summary: L10n {
        en: "\"Free instant / online / no-obligation quote\" is a scored spam phrase",
        zh: "\"free instant / online / no-obligation quote\"（免费即时/在线/无义务报价）是会被加分的垃圾邮件短语",
    },
    fix: L10n {
        en: "Say 'I can send a quotation' — drop 'free, no-obligation'.",
        zh: "直接写 'I can send a quotation'（我可以发报价给您），去掉 'free, no-obligation' 这类字眼。",
    },
    doc: doc! {
        en: r#"## What it does
Fires, once, for 2.0 points when `free` is followed within a few words by `instant`, `express`,
`online` or `no obligation` / `no-obligation` and then by `quote` (or `quotes`, `quotation`),
as SpamAssassin's `FREE_QUOTE_INSTANT` matches it: `free online quote`, `FREE, no-obligation
quote`, `a free instant quotation`. The pattern is SpamAssassin's (`free.{0,12}(?:(?:instant|
express|online|no.?obligation).{0,4})+.{0,32}\bquote`), with a word boundary before `free`.

A quotation on its own is the substance of trade mail and never fires: `Please find our
quotation attached`, `I can send you a quote today`, `free samples are available` (samples are
B08's business) all pass. Lines quoted from an earlier message (starting with `>`) are skipped.

## Why it matters
`FREE_QUOTE_INSTANT` scores 1.3–2.7 in SpamAssassin: the phrase belongs to insurance, loan and
home-improvement spam. A B2B buyer expects a quotation from a supplier anyway; calling it "free"
adds nothing and reads like an advert.

## Example
`Contact us today for a FREE, no-obligation quote!` fires; `Shall I send you a quotation for
500 pcs, FOB Ningbo?` does not.

## How to fix
Say what you will quote and when: `I can send a quotation for 500 pcs FOB Ningbo by Friday.`
Drop `free`, `instant` and `no-obligation`.

## References
- SpamAssassin `rules/20_phrases.cf` `FREE_QUOTE_INSTANT` (1.3–2.7)
"#,
        zh: r#"## 检查什么
当 `free` 后面几个词内出现 `instant`、`express`、`online` 或 `no obligation` / `no-obligation`，再接 `quote`
（或 `quotes`、`quotation`）时触发，只报告一次，计 2.0 分，与 SpamAssassin 的 `FREE_QUOTE_INSTANT` 一致：
如 `free online quote`、`FREE, no-obligation quote`、`a free instant quotation`。正则取自 SpamAssassin
（`free.{0,12}(?:(?:instant|express|online|no.?obligation).{0,4})+.{0,32}\bquote`），只在 `free` 前加了词边界。

单独的报价是外贸邮件的正常内容，不会触发：`Please find our quotation attached`、`I can send you a quote today`、
`free samples are available`（样品由 B08 检查）都不会触发。以 `>` 开头的引用行不检查。

## 为什么重要
SpamAssassin 对 `FREE_QUOTE_INSTANT` 计 1.3–2.7 分：这个说法来自保险、贷款、家装类垃圾广告。B2B 采购本来就
期待供应商报价，强调"免费"没有任何意义，反而像广告。

## 示例
`Contact us today for a FREE, no-obligation quote!` 会触发；`Shall I send you a quotation for 500 pcs, FOB Ningbo?`
不会。

## 如何修改
写清楚报什么、什么时候报：`I can send a quotation for 500 pcs FOB Ningbo by Friday.`，去掉 `free`、`instant`、
`no-obligation`。

## 参考
- SpamAssassin `rules/20_phrases.cf` 中的 `FREE_QUOTE_INSTANT`（1.3–2.7 分）
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let re = crate::regex!(
        r"(?i)(?-u:\b)free.{0,12}(?:(?:instant|express|online|no.?obligation).{0,4})+.{0,32}(?-u:\b)quot(?:es?|ations?)(?-u:\b)"
    );
    let Some(m) = re.find_iter(&a.body).find(|m| !a.is_quoted(m.start())) else { return };
    out.add(2.0, Part::Body).at(m.range()).say(
        format!("\"{}\" is a scored spam phrase (FREE_QUOTE_INSTANT)", m.as_str()),
        format!("\"{}\" 是会被加分的垃圾邮件短语（FREE_QUOTE_INSTANT）", m.as_str()),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fires(text: &str) -> bool {
        !crate::rules::testing::run_text(check, text).is_empty()
    }

    #[test]
    fn free_quote_variants() {
        assert!(fires("Get your FREE, no-obligation quote today!"));
        assert!(fires("Ask for a free online quotation."));
        assert!(!fires("Free samples are available. I can send a quotation online tomorrow."));
        assert!(!fires("Please find our quotation attached."));
    }
}
