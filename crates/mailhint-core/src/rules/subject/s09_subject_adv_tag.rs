//! S09 `subject-adv-tag`: the subject starts with an "ADV" (advertisement) tag.

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// S09.
pub(crate) static RULE: Rule = Rule {
    code: "S09",
    name: "subject-adv-tag",
    category: Category::Subject,
    severity: Severity::High,
    cap: None,
    summary: L10n { en: "The subject starts with an 'ADV' tag", zh: "主题以 “ADV”（广告）标记开头" },
    fix: L10n {
        en: "Remove the 'ADV' tag; identify the offer in the body instead.",
        zh: "删掉主题里的 “ADV” 标记，改在正文中说明这是商业推广。",
    },
    doc: doc! {
        en: r#"## What it does
Flags a subject that starts with `ADV` or `ADVERT` as a word, after any punctuation or spaces:
`ADV: LED lights`, `[ADV] New catalogue`, `Advert - spring offer`. Words that only begin with
these letters (`Advanced`, `Advertising`, `Advice`) do not count, and neither does a `Re:`
before the tag. Going beyond SpamAssassin's pattern, `Adv.` as the trade abbreviation of
"advance" (`Adv. payment received`, `ADV T/T`) does not count either.

## Why it matters
Some US state laws once required unsolicited ads to be labelled "ADV:", so the label became a
marker of bulk advertising: SpamAssassin scores `ENGLISH_UCE_SUBJECT` up to 2.9 for it. No
current law in the buyer markets this linter targets requires it: CAN-SPAM asks for the
message to be identified as an ad, and that can be done in the body. (Where a law does require
a subject label, such as South Korea's "(광고)", keep that label: this rule does not match it.)

## Example
`ADV: LED high-bays from the factory` fires; `Advanced LED high-bays for Acme's warehouse`
does not.

## How to fix
Delete the tag. If the mail is an advertisement, say so plainly in the body or footer, with
your company name, address and an unsubscribe line (see C01, C02).

## References
- SpamAssassin `rules/20_head_tests.cf` `ENGLISH_UCE_SUBJECT` `^[^0-9a-z]*adv(?:ert)?\b` (0.953 / 1.542 / 2.569 / 2.899)
- FTC, CAN-SPAM Act: A Compliance Guide for Business (identify the message as an ad)
"#,
        zh: r#"## 检查什么
主题开头（可先有标点或空格）出现作为独立单词的 `ADV` 或 `ADVERT`，例如 `ADV: LED lights`、`[ADV] New catalogue`、
`Advert - spring offer`。仅以这几个字母开头的单词（`Advanced`、`Advertising`、`Advice`）不算，标记前面有 `Re:` 也不算。
在 SpamAssassin 的模式之外，作为 “advance”（预付）缩写的 `Adv.`（`Adv. payment received`、`ADV T/T`）也不算。

## 为什么重要
美国一些州的法律曾要求未经请求的广告邮件标注 “ADV:”，于是这个标记成了群发广告的标志：SpamAssassin 的
`ENGLISH_UCE_SUBJECT` 对它最高计 2.9 分。本工具面向的买家市场目前没有法律要求这样标注：CAN-SPAM 只要求说明
邮件是广告，在正文中说明即可。（如果当地法律确实要求在主题中标注，例如韩国的 “(광고)”，请保留，本规则不会匹配它。）

## 示例
`ADV: LED high-bays from the factory` 会触发；`Advanced LED high-bays for Acme's warehouse` 不会。

## 如何修改
删掉这个标记。如果邮件属于广告，请在正文或页脚中坦白说明，并附上公司名称、地址和退订方式（见 C01、C02）。

## 参考
- SpamAssassin `rules/20_head_tests.cf` `ENGLISH_UCE_SUBJECT` `^[^0-9a-z]*adv(?:ert)?\b`（0.953 / 1.542 / 2.569 / 2.899 分）
- 美国联邦贸易委员会（FTC）《CAN-SPAM 法案企业合规指南》（需标明邮件为广告）
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let Some(span) = adv_tag(&a.subject) else {
        return;
    };
    let quote = &a.subject[span.clone()];
    out.add(2.5, Part::Subject)
        .at(span)
        .say(format!("The subject starts with the tag '{quote}'"), format!("主题以 “{quote}” 标记开头"));
}

/// The span of the tag: SpamAssassin's pattern, with the closing bracket or colon of the tag
/// added so that the quote shows the whole tag, and without leading spaces. "Adv." used as the
/// trade abbreviation of "advance" (`Adv. payment received`) is not a tag.
fn adv_tag(subject: &str) -> Option<std::ops::Range<usize>> {
    let m = crate::regex!(r"(?i)^[^0-9a-z]*adv(?:ert)?\b[\]):：】>]?").find(subject)?;
    let after = &subject[m.end()..];
    if crate::regex!(r"(?i)^\.?\s*(?:payments?|pmt|deposits?|amount|paid|remittance|t/?t|l/?c)\b").is_match(after) {
        return None;
    }
    let tag = m.as_str();
    Some(tag.len() - tag.trim_start().len()..m.end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_forms() {
        for s in ["ADV: LED", "[ADV] New", " Advert - offer", "adv"] {
            assert!(adv_tag(s).is_some(), "{s}");
        }
        assert_eq!(adv_tag("[ADV] New").map(|r| &"[ADV] New"[r]), Some("[ADV]"));
        for s in
            ["Advanced LED", "Advertising rates", "Advice", "Re: ADV: x", "2 adv", "Adv. payment received", "ADV T/T"]
        {
            assert!(adv_tag(s).is_none(), "{s}");
        }
    }
}
