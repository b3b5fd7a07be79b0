//! S11 `subject-ad-phrases`: the subject uses wording typical of bulk advertising ("As seen on",
//! "Your family", "Lose weight", "Buy…", "50% off", "Free…").

use regex::Regex;

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

use super::shared;

/// S11.
pub(crate) static RULE: Rule = Rule {
    code: "S11",
    name: "subject-ad-phrases",
    category: Category::Subject,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "The subject uses wording typical of bulk ads", zh: "主题使用了群发广告的典型措辞"
    },
    fix: L10n {
        en: "Rephrase; this wording is typical of bulk ads. Name the product and what it does for the buyer.",
        zh: "请换一种说法，这类措辞是群发广告的典型写法。直接写产品以及它能为买家带来什么。",
    },
    doc: doc! {
        en: r#"## What it does
Looks for the subject phrases that SpamAssassin scores, each counted once:

| Phrase | Points | SpamAssassin |
|---|---|---|
| `Your family` | 3.0 | `SUBJ_YOUR_FAMILY` |
| `As seen on` / `As seen in` | 1.5 | `SUBJ_AS_SEEN` |
| `Lose` … `pounds` / `lbs` / `weight` | 1.5 | `SUBJECT_DIET` |
| `Buy` as the first word | 0.6 | `SUBJ_BUY` |
| `% off` | 0.5 | `T_TVD_PCT_OFF2` |
| `Free` as the first word | 0.5 | eworx list |

To spare ordinary trade mail, the patterns are narrower than SpamAssassin's: `As seen` needs
`on` or `in` after it and not `our`/`your` (`As seen at the Canton Fair`, `As seen in our
catalogue` pass); `your family` does not count before `business`, `company`, `-owned` or
`-run`; `pounds`, `lbs` and `weight` must be whole words (`lightweight` does not count);
`Buy` must be a whole word (`Buyer inquiry` passes, where SpamAssassin's `^buy` fires); `% off`
does not count in a compound (`100% off-grid`); and `Free` does not count in a compound
(`Free-standing displays`) nor in the Incoterms `Free Carrier`, `Free Alongside Ship`,
`Free On Board`, nor in `Free trade zone`/`Free port`. The words at the start are looked for
after any `Re:`/`Fwd:` prefix; a subject inherited from a real reply is left alone.

## Why it matters
These phrases come from SpamAssassin's header rules, kept because they still separate ads
from personal mail: `SUBJ_YOUR_FAMILY` scores up to 3.0 and `SUBJ_AS_SEEN` up to 3.1.
Discount and "Free…" subjects are the marks of promotions that mailbox providers sort into
a promotions tab or spam folder.

## Example
`Free samples + 30% off LED panels` fires twice (`Free`, `30% off`); `Samples and
project pricing for LED panels` does not.

## How to fix
Say what the product is and why it matters to this buyer; give the discount or the free
sample in the body, with its conditions.

## References
- SpamAssassin `rules/20_head_tests.cf`: `SUBJ_YOUR_FAMILY` (2.910 / 2.999 / 2.999 / 2.999), `SUBJ_AS_SEEN` (2.711 / 3.099 / 3.099 / 1.461), `SUBJECT_DIET` (1.927 / 1.563 / 0.817 / 1.466), `SUBJ_BUY` (0.594 / 1.498 / 0.001 / 0.639)
- SpamAssassin sandbox `felicity/70_other.cf` `T_TVD_PCT_OFF2`
- eworx, 40 typical spam words (subject starting with "Free")
"#,
        zh: r#"## 检查什么
查找 SpamAssassin 计分的主题短语，每种只计一次：

| 短语 | 分值 | SpamAssassin |
|---|---|---|
| `Your family` | 3.0 | `SUBJ_YOUR_FAMILY` |
| `As seen on` / `As seen in` | 1.5 | `SUBJ_AS_SEEN` |
| `Lose` … `pounds` / `lbs` / `weight` | 1.5 | `SUBJECT_DIET` |
| 以 `Buy` 开头 | 0.6 | `SUBJ_BUY` |
| `% off` | 0.5 | `T_TVD_PCT_OFF2` |
| 以 `Free` 开头 | 0.5 | eworx 列表 |

为了不误伤正常的外贸邮件，这里的模式比 SpamAssassin 更窄：`As seen` 后面必须是 `on` 或 `in`，且不能接 `our`/`your`
（`As seen at the Canton Fair`、`As seen in our catalogue` 不会触发）；`your family` 后接 `business`、`company`、`-owned`、
`-run` 时不算；`pounds`、`lbs`、`weight` 必须是完整单词（`lightweight` 不算）；`Buy` 必须是完整单词（`Buyer inquiry` 不会触发，
而 SpamAssassin 的 `^buy` 会）；复合词中的 `% off` 不算（`100% off-grid`）；复合词中的 `Free`（`Free-standing displays`）、
贸易术语 `Free Carrier`、`Free Alongside Ship`、`Free On Board`，以及 `Free trade zone`/`Free port` 都不算。
开头的词在去掉 `Re:`/`Fwd:` 前缀后判断；真实回复中沿用的主题不检查。

## 为什么重要
这些短语来自 SpamAssassin 的邮件头规则，保留至今是因为它们仍能区分广告和私人邮件：`SUBJ_YOUR_FAMILY` 最高 3.0 分，
`SUBJ_AS_SEEN` 最高 3.1 分。折扣和 “Free…” 开头的主题是促销邮件的标志，邮箱服务商会把它们归入推广标签页或垃圾箱。

## 示例
`Free samples + 30% off LED panels` 会触发两次（`Free`、`30% off`）；`Samples and project pricing for LED panels` 不会。

## 如何修改
说明产品是什么、对这位买家有什么意义；折扣或免费样品写在正文里，并写清条件。

## 参考
- SpamAssassin `rules/20_head_tests.cf`：`SUBJ_YOUR_FAMILY`（2.910 / 2.999 / 2.999 / 2.999 分）、`SUBJ_AS_SEEN`（2.711 / 3.099 / 3.099 / 1.461 分）、`SUBJECT_DIET`（1.927 / 1.563 / 0.817 / 1.466 分）、`SUBJ_BUY`（0.594 / 1.498 / 0.001 / 0.639 分）
- SpamAssassin 沙盒规则 `felicity/70_other.cf` `T_TVD_PCT_OFF2`
- eworx 40 个典型垃圾词（以 “Free” 开头的主题）
"#,
    },
    check,
};

/// One phrase: its points and how it is found (the byte range of its first match).
struct Phrase {
    points: f64,
    find: fn(&str) -> Option<(usize, usize)>,
}

/// The phrases, in the order of the doc's table.
const PHRASES: &[Phrase] = &[
    Phrase { points: 3.0, find: your_family },
    Phrase { points: 1.5, find: as_seen },
    Phrase { points: 1.5, find: lose_weight },
    Phrase { points: 0.6, find: starts_with_buy },
    Phrase { points: 0.5, find: percent_off },
    Phrase { points: 0.5, find: starts_with_free },
];

fn check(a: &Analysis, out: &mut Hits) {
    if shared::inherited(a) {
        return;
    }
    let (start, own) = shared::own_part(&a.subject);
    for phrase in PHRASES {
        if let Some((s, e)) = (phrase.find)(own) {
            let quote = &own[s..e];
            out.add(phrase.points, Part::Subject)
                .at(start + s..start + e)
                .say(format!("'{quote}' is typical wording of bulk ads"), format!("“{quote}” 是群发广告的典型措辞"));
        }
    }
}

/// The first match of `re` in `s` that `keep` accepts, given the text after the match.
fn first_kept(re: &Regex, s: &str, keep: impl Fn(&str) -> bool) -> Option<(usize, usize)> {
    re.find_iter(s).find(|m| keep(&s[m.end()..])).map(|m| (m.start(), m.end()))
}

/// Whether `after` starts with a hyphen and a letter, as in a compound word (`off-grid`).
fn compound(after: &str) -> bool {
    let mut chars = after.chars();
    chars.next() == Some('-') && chars.next().is_some_and(char::is_alphabetic)
}

fn your_family(s: &str) -> Option<(usize, usize)> {
    first_kept(crate::regex!(r"(?i)\byour\s+family\b"), s, |after| {
        !crate::regex!(r"(?i)^(?:\s*(?:business|businesses|company|companies|firm|enterprise)\b|-(?:owned|run)\b)")
            .is_match(after)
    })
}

fn as_seen(s: &str) -> Option<(usize, usize)> {
    first_kept(crate::regex!(r"(?i)\bas\s+seen\s+(?:on|in)\b"), s, |after| {
        !crate::regex!(r"(?i)^\s+(?:our|your)\b").is_match(after)
    })
}

fn lose_weight(s: &str) -> Option<(usize, usize)> {
    crate::regex!(r"(?i)\blose\s.*?\b(?:pounds|lbs|weight)\b").find(s).map(|m| (m.start(), m.end()))
}

fn starts_with_buy(s: &str) -> Option<(usize, usize)> {
    crate::regex!(r"(?i)^buy\b").find(s).map(|m| (m.start(), m.end()))
}

fn percent_off(s: &str) -> Option<(usize, usize)> {
    first_kept(crate::regex!(r"(?i)\d*\s?[%％]\s*off\b"), s, |after| !compound(after)).map(|(a, b)| {
        // Start at the number when there is one, without a space before it.
        let t = &s[a..b];
        (a + (t.len() - t.trim_start().len()), b)
    })
}

fn starts_with_free(s: &str) -> Option<(usize, usize)> {
    first_kept(crate::regex!(r"(?i)^free\b"), s, |after| {
        !compound(after)
            && !crate::regex!(r"(?i)^\s+(?:on\s+board|carrier|alongside|trade|zone|port)\b").is_match(after)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trade_wording_passes() {
        assert_eq!(as_seen("As seen at the Canton Fair"), None);
        assert_eq!(as_seen("As seen in our catalogue"), None);
        assert!(as_seen("As seen on TV: LED mirror").is_some());
        assert_eq!(your_family("For your family-owned business"), None);
        assert_eq!(lose_weight("Don't lose orders: lightweight cartons"), None);
        assert!(lose_weight("Lose 10 pounds fast").is_some());
        assert_eq!(starts_with_buy("Buyer inquiry from Acme"), None);
        assert!(starts_with_buy("Buy LED lights now").is_some());
        assert_eq!(percent_off("100% off-grid solar kits"), None);
        assert_eq!(percent_off("Spring sale 30% off").map(|(a, b)| &"Spring sale 30% off"[a..b]), Some("30% off"));
        assert_eq!(starts_with_free("Free-standing displays"), None);
        assert_eq!(starts_with_free("Free On Board price for Hamburg"), None);
        assert!(starts_with_free("Free samples for Acme").is_some());
    }
}
