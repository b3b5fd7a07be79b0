//! B08 `offer-hype`: the mail sells with advertising hype ("best price", "special offer",
//! "50% off", "one-time offer") instead of facts.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// B08.
pub(crate) static RULE: Rule = Rule {
    code: "B08",
    name: "offer-hype",
    category: Category::Body,
    severity: Severity::Info,
    cap: Some(1.5),
    summary: L10n {
        en: "Advertising hype (\"best price\", \"special offer\", \"50% off\") instead of facts",
        zh: "使用广告式的夸张用语（如 \"best price\"、\"special offer\"、\"50% off\"），而不是具体事实",
    },
    fix: L10n {
        en: "Be specific (price, MOQ, lead time) instead of hype.",
        zh: "用具体信息（价格、起订量、交期）代替夸张的推销用语。",
    },
    doc: doc! {
        en: r#"## What it does
Looks for advertising hype, each distinct phrase once:

| Phrase | Points |
|---|---|
| `one-time offer`, `one time promotion`, `one-time investment` (SpamAssassin `ONE_TIME`) | 1.0 |
| `affordable … prices` (`PRICES_ARE_AFFORDABLE`) | 0.8 |
| `100% free`, `totally free`, `free gift`, `free trial`, `free sample(s)`, `special offer`, `special promotion`, `limited time offer`, `exclusive deal/offer`, `best price(s)`, `lowest price(s)`, `cheapest price`, `huge/big/massive discount`, `N% off`, `clearance sale`, `stock clearance`, `once in a lifetime`, `giveaway`, `amazing/incredible/unbelievable deal, offer, price`, `why pay more`, `hot sale`, and the same hype in Spanish, German, French, Portuguese, Russian and Chinese (`oferta especial`, `Sonderangebot`, `vente privée`, `imperdível`, `лучшая цена`, `特价`, `清仓`, `跳楼价`…) | 0.3 |
| `one-time charge` | 0.3 |
| `Low Price` with a capital P (`LOW_PRICE`) | 0.1 |

All hits together are capped at 1.5. A phrase inside a stronger one (`Lowest Price` is also
`low… Price`) counts once. Lines quoted from an earlier message (starting with `>`) are skipped.

Changes from the catalog, so that trade mail passes: bare `clearance` is not hype (`customs
clearance`), only `clearance sale` / `stock clearance` / `clearance price` are; `one-time
charge` (a tooling or mould fee, paid once) weighs 0.3 instead of `ONE_TIME`'s 1.0; `low price`
needs the capital P as in SpamAssassin. `hot sale` is added: it is the stock hype of Chinese
supplier mail. Trade words — `price`, `price list`, `quotation`, `discount` for volume, `sample`,
`MOQ`, `FOB` — never fire on their own.

## Why it matters
SpamAssassin scores `ONE_TIME` 0.7–1.8, `PRICES_ARE_AFFORDABLE` 0.6–1.1 and `LOW_PRICE` 0.1; the
other phrases are Mailmeteor's "Money" and "Overpromise" words, which weigh through Bayes
filters trained on advertising. Buyers compare offers on price, MOQ and lead time: "best price"
tells them nothing and sounds like every other supplier.

## Example
`Hot sale! Best price and free samples, 30% off this month.` fires four times (capped at
1.5). `FOB Ningbo USD 3.20/pc for 500 pcs, USD 2.95 from 2,000 pcs; lead time 25 days.` does not.

## How to fix
Replace each hype phrase with a number: the price and its Incoterm, the MOQ, the lead time, the
volume discount step. Offer samples plainly: "I can send two samples; we refund the cost on your
first order."

## References
- SpamAssassin `rules/20_phrases.cf` `ONE_TIME`, `PRICES_ARE_AFFORDABLE`, `LOW_PRICE`
- Mailmeteor spam-word list, "Money" and "Overpromise" categories
- Catalog §5.2–5.7 (Chinese, Spanish, German, French, Portuguese and Russian lists)
"#,
        zh: r#"## 检查什么
检查广告式夸张用语，每个不同的短语计一次：

| 短语 | 分数 |
|---|---|
| `one-time offer`、`one time promotion`、`one-time investment`（SpamAssassin `ONE_TIME`） | 1.0 |
| `affordable … prices`（`PRICES_ARE_AFFORDABLE`） | 0.8 |
| `100% free`、`totally free`、`free gift`、`free trial`、`free sample(s)`、`special offer`、`special promotion`、`limited time offer`、`exclusive deal/offer`、`best price(s)`、`lowest price(s)`、`cheapest price`、`huge/big/massive discount`、`N% off`、`clearance sale`、`stock clearance`、`once in a lifetime`、`giveaway`、`amazing/incredible/unbelievable deal, offer, price`、`why pay more`、`hot sale`，以及西班牙语、德语、法语、葡萄牙语、俄语和中文中的同类说法（`oferta especial`、`Sonderangebot`、`vente privée`、`imperdível`、`лучшая цена`、`特价`、`清仓`、`跳楼价` 等） | 0.3 |
| `one-time charge` | 0.3 |
| 大写 P 的 `Low Price`（`LOW_PRICE`） | 0.1 |

所有命中合计最多 1.5 分。一个短语如果包含在更严重的短语里（`Lowest Price` 同时也是 `low… Price`），只计一次。
以 `>` 开头的引用行不检查。

为避免误报外贸邮件，与规则目录相比有以下调整：单独的 `clearance` 不算（`customs clearance` 是清关），只有
`clearance sale` / `stock clearance` / `clearance price` 才算；`one-time charge`（一次性模具费、开模费）只计 0.3 分，
而不是 `ONE_TIME` 的 1.0 分；`low price` 与 SpamAssassin 一样要求 P 大写。另外增加了 `hot sale`：这是中国供应商
开发信里最常见的套话。`price`、`price list`、`quotation`、批量 `discount`、`sample`、`MOQ`、`FOB` 等贸易用语单独出现时
不会触发。

## 为什么重要
SpamAssassin 对 `ONE_TIME` 计 0.7–1.8 分，`PRICES_ARE_AFFORDABLE` 0.6–1.1 分，`LOW_PRICE` 0.1 分；其他短语来自
Mailmeteor 的 "Money" 和 "Overpromise" 词表，通过用广告邮件训练的贝叶斯过滤器起作用。采购比较的是价格、起订量
和交期："best price" 没有提供任何信息，听起来和其他供应商一模一样。

## 示例
`Hot sale! Best price and free samples, 30% off this month.` 触发四次（合计最多 1.5 分）。
`FOB Ningbo USD 3.20/pc for 500 pcs, USD 2.95 from 2,000 pcs; lead time 25 days.` 不会触发。

## 如何修改
把每个夸张用语换成数字：价格和贸易术语、起订量、交期、数量折扣的档位。样品也平实地说：
"I can send two samples; we refund the cost on your first order."

## 参考
- SpamAssassin `rules/20_phrases.cf` 中的 `ONE_TIME`、`PRICES_ARE_AFFORDABLE`、`LOW_PRICE`
- Mailmeteor 垃圾词列表 "Money" 和 "Overpromise" 类
- 规则目录 §5.2–5.7（中文、西班牙语、德语、法语、葡萄牙语、俄语词表）
"#,
    },
    check,
};

/// Hype phrases, 0.3 points each (Mailmeteor "Money" and "Overpromise", catalog §5.2–5.7).
const PHRASES: &[&str] = &[
    // English
    "100% free",
    "100 % free",
    "totally free",
    "absolutely free",
    "free gift",
    "free trial",
    "free sample",
    "free samples",
    "special offer",
    "special promotion",
    "limited time offer",
    "exclusive deal",
    "exclusive offer",
    "best price",
    "best prices",
    "lowest price",
    "lowest prices",
    "cheapest price",
    "huge discount",
    "big discount",
    "massive discount",
    "clearance sale",
    "stock clearance",
    "clearance price",
    "once in a lifetime",
    "giveaway",
    "amazing deal",
    "amazing offer",
    "amazing price",
    "incredible deal",
    "incredible offer",
    "incredible price",
    "unbelievable deal",
    "unbelievable offer",
    "unbelievable price",
    "why pay more",
    "hot sale",
    // Spanish and Portuguese
    "oferta especial",
    "mejor precio",
    "100% gratis",
    "precio increíble",
    "imperdível",
    "frete grátis",
    "preço imbatível",
    // German
    "sonderangebot",
    "schnäppchen",
    "100 % kostenlos",
    "100% kostenlos",
    "bester preis",
    "tiefstpreis",
    // French
    "promotion spéciale",
    "vente privée",
    "100 % gratuit",
    "100% gratuit",
    "prix imbattable",
    // Russian
    "лучшая цена",
    "суперцена",
    "супер цена",
    "распродажа",
    // Chinese
    "特价",
    "清仓",
    "大甩卖",
    "跳楼价",
    "最低价",
    "免费领取",
    "免费试用",
    "买一送一",
];

static PHRASE_RE: LazyLock<Regex> = LazyLock::new(|| crate::rules::phrase_regex(PHRASES));

/// SpamAssassin-evidenced patterns with their own weights, strongest first.
type Special = super::common::ScoredPattern;

const SPECIALS: [Special; 5] = [
    Special {
        points: 1.0,
        rule_name: "",
        pattern: || crate::regex!(r"(?i)(?-u:\b)one\W{1,3}time\s+(?:offer|promotion|investment)s?(?-u:\b)"),
    },
    Special { points: 0.8, rule_name: "", pattern: || crate::regex!(r"(?i)(?-u:\b)affordable .{0,10}prices(?-u:\b)") },
    Special {
        points: 0.3,
        rule_name: "",
        pattern: || crate::regex!(r"(?i)(?-u:\b)\d{1,3}(?:[.,]\d)?\s?%\s?off(?-u:\b)"),
    },
    Special { points: 0.3, rule_name: "", pattern: || crate::regex!(r"(?i)(?-u:\b)one\W{1,3}time\s+charges?(?-u:\b)") },
    Special { points: 0.1, rule_name: "", pattern: || crate::regex!(r"(?i)(?-u:\b)low.{0,4} (?-i:P)rice") },
];

fn check(a: &Analysis, out: &mut Hits) {
    let body = &a.body;
    let mut found: Vec<(f64, Range<usize>)> = Vec::new();

    for special in SPECIALS.iter().take(2) {
        push_first(special, a, &mut found);
    }
    // The list, each distinct phrase once.
    let mut seen: HashSet<String> = HashSet::new();
    for m in PHRASE_RE.find_iter(body) {
        let r = m.range();
        if a.is_quoted(r.start) || overlaps(&found, &r) {
            continue;
        }
        if seen.insert(normalise(m.as_str())) {
            found.push((0.3, r));
        }
        if seen.len() >= PHRASES.len() {
            break;
        }
    }
    for special in SPECIALS.iter().skip(2) {
        push_first(special, a, &mut found);
    }

    found.sort_by_key(|(_, r)| r.start);
    for (points, span) in found {
        let phrase = &body[span.clone()];
        out.add(points, Part::Body).at(span).say(
            format!("\"{phrase}\" is advertising hype; give the price, MOQ or lead time instead"),
            format!("\"{phrase}\" 是广告式用语，请改写为具体的价格、起订量或交期"),
        );
    }
}

/// Adds the first usable match of `special` to `found`.
fn push_first(special: &Special, a: &Analysis, found: &mut Vec<(f64, Range<usize>)>) {
    let body = a.body.as_str();
    let hit =
        (special.pattern)().find_iter(body).map(|m| m.range()).find(|r| !a.is_quoted(r.start) && !overlaps(found, r));
    if let Some(r) = hit {
        found.push((special.points, r));
    }
}

/// Whether `r` overlaps a phrase already found (a stronger one, as they are searched first).
fn overlaps(found: &[(f64, Range<usize>)], r: &Range<usize>) -> bool {
    found.iter().any(|(_, t)| t.start < r.end && r.start < t.end)
}

/// A phrase in lower case with single spaces, so that each distinct phrase counts once.
fn normalise(phrase: &str) -> String {
    phrase.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(text: &str) -> Vec<f64> {
        crate::rules::testing::points_on_text(check, text)
    }

    #[test]
    fn hype_and_trade_terms() {
        assert_eq!(points("Hot sale! Best price and free samples, 30% off."), vec![0.3, 0.3, 0.3, 0.3]);
        assert_eq!(points("Our Lowest Price ever, best price, BEST PRICE"), vec![0.3, 0.3]);
        assert_eq!(points("A one-time offer at affordable factory prices"), vec![1.0, 0.8]);
        assert!(
            points("Customs clearance is on us. FOB price list attached; volume discount from 2,000 pcs.").is_empty()
        );
    }
}
