//! B09 `spammy-opt-out-wording`: opt-out or "not spam" boilerplate that filters score as spam.

use regex::Regex;

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// B09.
pub(crate) static RULE: Rule = Rule {
    code: "B09",
    name: "spammy-opt-out-wording",
    category: Category::Body,
    severity: Severity::High,
    cap: None,
    summary: L10n {
        en: "The opt-out or disclaimer wording is itself a known spam phrase",
        zh: "退订说明或免责声明的措辞本身就是常见的垃圾邮件用语",
    },
    fix: L10n {
        en: "Use neutral wording: “Unsubscribe” or “Don't want these emails? Reply ‘unsubscribe’.” Never claim “this is not spam”.",
        zh: "退订说明请用中性的措辞，如“Unsubscribe”或“不想再收到此类邮件？请回复 unsubscribe”。不要声称“本邮件不是垃圾邮件”。",
    },
    doc: doc! {
        en: r#"## What it does
Looks in the body for the unsubscribe and disclaimer sentences that SpamAssassin scores as
spam, because ad mailers used them for years:

| Wording | Points | SpamAssassin |
|---|---|---|
| "to be removed from our mailings / offers" | 3.0 | `EXCUSE_REMOVE` |
| "to be removed, please …" | 1.5 | `EXCUSE_4` |
| "you may unsubscribe by clicking here or by writing to" | 3.5 | `SCC_CANSPAM_2` |
| "this is an advertisement", "the above is an e-mail advertisement" | 2.0 | `ADMITS_SPAM` |
| "this email is not spam", "we are not spam", "cannot be considered spam" (also the Spanish, German and Chinese forms) | 1.0 | `NOT_SPAM` |

Each kind of wording counts once. The Chinese "本邮件不是垃圾邮件" / "这不是垃圾邮件" is our
addition: it is the literal translation of `NOT_SPAM` and appears in Chinese bulk mail.

## Why it matters
An unsubscribe line is good practice, and SpamAssassin even treats a plain unsubscribe link as
a sign of legitimate bulk mail. It is the old-fashioned wording that costs points:
`SCC_CANSPAM_2` scores up to 3.96, `EXCUSE_REMOVE` 3.3, `ADMITS_SPAM` up to 2.6. Claiming that a
message "is not spam" makes readers think that it is.

## Example
`To be removed from our mailings, reply REMOVE.` fires; `Don't want these emails? Reply
"unsubscribe" and I won't write again.` does not.

## How to fix
Write a short, neutral line: "Unsubscribe", "Manage preferences", or "Don't want these
emails? Reply 'unsubscribe'." Drop any sentence that says the mail is or is not spam or an
advertisement.

## References
- SpamAssassin `rules/20_phrases.cf` `EXCUSE_REMOVE`, `EXCUSE_4`
- SpamAssassin `rulesrc/sandbox/billcole/80_test.cf` `SCC_CANSPAM_2`
- SpamAssassin `rulesrc/sandbox/jhardin/20_misc_testing.cf` `ADMITS_SPAM`, `NOT_SPAM`
"#,
        zh: r#"## 检查什么
在正文中查找被 SpamAssassin 判为垃圾邮件特征的退订和免责声明句子（这些句子多年来被广告群发者大量使用）：

| 措辞 | 分值 | SpamAssassin 规则 |
|---|---|---|
| "to be removed from our mailings / offers" | 3.0 | `EXCUSE_REMOVE` |
| "to be removed, please …" | 1.5 | `EXCUSE_4` |
| "you may unsubscribe by clicking here or by writing to" | 3.5 | `SCC_CANSPAM_2` |
| "this is an advertisement"、"the above is an e-mail advertisement" | 2.0 | `ADMITS_SPAM` |
| "this email is not spam"、"we are not spam"、"cannot be considered spam"（包括西班牙语、德语和中文说法） | 1.0 | `NOT_SPAM` |

每种措辞只计一次。中文的"本邮件不是垃圾邮件"/"这不是垃圾邮件"是我们补充的，它就是 `NOT_SPAM` 的直译，常见于中文群发邮件。

## 为什么重要
提供退订方式是好做法，SpamAssassin 甚至把普通的退订链接视为正规群发邮件的标志。扣分的是那些老套的措辞：`SCC_CANSPAM_2` 最高 3.96 分，`EXCUSE_REMOVE` 3.3 分，`ADMITS_SPAM` 最高 2.6 分。声称邮件"不是垃圾邮件"，反而会让收件人觉得它就是。

## 示例
`To be removed from our mailings, reply REMOVE.` 会触发；`Don't want these emails? Reply "unsubscribe" and I won't write again.` 不会。

## 如何修改
写一句简短、中性的话即可："Unsubscribe"、"Manage preferences"，或"Don't want these emails? Reply 'unsubscribe'."。删除任何声称邮件是或不是垃圾邮件、是或不是广告的句子。

## 参考
- SpamAssassin `rules/20_phrases.cf` `EXCUSE_REMOVE`、`EXCUSE_4`
- SpamAssassin `rulesrc/sandbox/billcole/80_test.cf` `SCC_CANSPAM_2`
- SpamAssassin `rulesrc/sandbox/jhardin/20_misc_testing.cf` `ADMITS_SPAM`、`NOT_SPAM`
"#,
    },
    check,
};

/// One kind of spammy wording.
struct Wording {
    re: &'static Regex,
    points: f64,
    en: &'static str,
    zh: &'static str,
}

fn check(a: &Analysis, out: &mut Hits) {
    for w in wordings() {
        if let Some(m) = w.re.find(&a.body) {
            out.add(w.points, Part::Body)
                .at(m.range())
                .say(format!("“{}”: {}", m.as_str(), w.en), format!("“{}”：{}", m.as_str(), w.zh));
        }
    }
}

/// The wordings, in the catalog's order. Spaces are `\s+` so that a phrase wrapped over two
/// lines of a plain-text mail is still found.
fn wordings() -> [Wording; 5] {
    [
        Wording {
            re: crate::regex!(
                r"(?i)(?-u:\b)to\s+be\s+removed\s+from(?-u:\b)(?s:.){0,20}?(?-u:\b)(?:mailings|offers)(?-u:\b)"
            ),
            points: 3.0,
            en: "this removal sentence is a stock phrase of ad mailings",
            zh: "这种\"从邮件列表中移除\"的说法是广告群发的套话",
        },
        Wording {
            re: crate::regex!(r"(?i)(?-u:\b)to\s+be\s+removed,?\s+please(?-u:\b)"),
            points: 1.5,
            en: "this removal sentence is a stock phrase of ad mailings",
            zh: "这种\"如需移除请……\"的说法是广告群发的套话",
        },
        Wording {
            re: crate::regex!(
                r"(?i)(?-u:\b)you\s+may\s+unsubscribe\s+by\s+clicking\s+here\s+or\s+by\s+writing\s+to(?-u:\b)"
            ),
            points: 3.5,
            en: "this exact unsubscribe sentence is scored as spam",
            zh: "这句退订说明被反垃圾规则直接计分",
        },
        Wording {
            re: crate::regex!(
                r"(?i)(?-u:\b)th(?:e[-\s]+above|is)(?:\?+s|[-\s]+is)[-\s]+(?:intended[-\s]+as[-\s]+)?an?[-\s]+(?:e-?mail[-\s]+)?[a@]dvert[i1l]sement(?-u:\b)"
            ),
            points: 2.0,
            en: "announcing an advertisement is scored as spam",
            zh: "自称\"这是一则广告\"会被计为垃圾邮件特征",
        },
        Wording {
            re: crate::regex!(
                r"(?i)(?-u:\b)(?:(?:this\s+(?:e?-?mail|message)|we)\s+(?:is\s+not|are\s+not|cannot\s+be\s+considered)\s+spam|este\s+correo\s+no\s+puede\s+ser\s+considerado\s+(?:intrusivo|spam)|diese\s+nachricht\s+ist\s+kein\s+spam)|(?:本邮件|此邮件|这封邮件|这|此|本)(?:并|绝)?(?:不是|非|不属于)垃圾邮件"
            ),
            points: 1.0,
            en: "saying a mail is not spam makes it look like spam",
            zh: "声称\"不是垃圾邮件\"反而让邮件看起来像垃圾邮件",
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordings_match_their_examples() {
        let w = wordings();
        assert!(w[0].re.is_match("To be removed from our\nmailings, reply REMOVE"));
        assert!(w[1].re.is_match("To be removed, please reply"));
        assert!(w[3].re.is_match("This is an advertisement."));
        assert!(w[3].re.is_match("The above is an e-mail advertisement"));
        assert!(w[4].re.is_match("This email is not spam"));
        assert!(w[4].re.is_match("本邮件不是垃圾邮件"));
        assert!(!w[4].re.is_match("Please check your spam folder"));
        assert!(!w[4].re.is_match("请看看这是不是垃圾邮件"));
        assert!(!w[0].re.is_match("the old valves need to be removed from the pipeline"));
    }
}
