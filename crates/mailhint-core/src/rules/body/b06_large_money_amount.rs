//! B06 `large-money-amount`: the mail names large sums of money in the way advance-fee and
//! lottery spam does ("USD 25,600" in a plain-text mail, "10.5 million US dollars", "unclaimed
//! funds").

use std::ops::Range;

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// B06.
pub(crate) static RULE: Rule = Rule {
    code: "B06",
    name: "large-money-amount",
    category: Category::Body,
    severity: Severity::High,
    cap: None,
    summary: L10n {
        en: "Large sum of money in the text, as fraud and lottery spam writes it",
        zh: "正文中出现大额金额，写法与诈骗、中奖类垃圾邮件相同",
    },
    fix: L10n {
        en: "Put totals in the attached quotation (PDF) or send as HTML; avoid 'USD million' phrasing.",
        zh: "把总金额放进附件报价单（PDF），或用 HTML 格式发送；避免 'USD million' 这类写法。",
    },
    doc: doc! {
        en: r#"## What it does
Reports each of these once:

| What | Example | Points |
|---|---|---|
| A large amount with a currency (`$`, `€`, `£`, `¥`, `USD`, `EUR`, `GBP`, `CHF`, `RMB`, `CNY`, `JPY`, before or after the number): at least 10,000, or written with 7 characters or more (`$1,234.56`), not ending in `.00`; or `N million` with a currency next to it (`$2.5M`, `USD 3 million`, `3 million euros`) — **in a plain-text mail** | `Total: USD 25,600` | 2.5 |
| the same in an HTML mail | | 0.2 |
| `million` followed by `US dollars` / `USD` | `10.5 million United States dollars` | 1.8 |
| `MILLION DOLLAR` / `BILLION DOLLAR` in capitals | `MILLION DOLLAR opportunity` | 1.6 |
| `unclaimed` money, funds, assets, prizes, inheritance… | `unclaimed funds` | 2.5 |

SpamAssassin's `LOTS_OF_MONEY` only scores through metas; the one that hits senders is
`MONEY_NOHTML` (2.1–2.5), which needs the whole message to be plain text, hence the two weights.

Changes from the catalog's patterns, so that trade mail is not misread: `US` alone is not taken
for a currency (`send us 20,000 pcs`), and neither is a bare `m` (`5 m cable`); the amount must
be a well-formed number (groups of three after a thousands separator), so dates, IP addresses
and part numbers are ignored; `million … USD` does not fire when a unit (pcs, sets, tons…) sits
between them (`2 million pcs a year at USD 1.20`). Lines quoted from an earlier message
(starting with `>`) are skipped.

## Why it matters
Fraud mail talks of big sums; SpamAssassin's `LOTS_OF_MONEY` and its metas (`MONEY_NOHTML` 2.1–
2.5, `ADVANCE_FEE_2_NEW_MONEY` 2.0, `MILLION_USD` up to 1.8, `BILLION_DOLLARS` up to 1.6,
`UNCLAIMED_MONEY` 2.4–2.7) catch it. A proforma total in the body of a plain-text mail is
honest, but filters cannot tell it from a 419 letter.

## Example
`The total for 2 x 40HQ is USD 86,400.` in a plain-text mail fires (2.5); `Unit price USD 12.80,
total see attached PI.` does not; `USD 86,400.00` does not either (SpamAssassin skips `.00`).

## How to fix
Put totals in the attached quotation or proforma invoice (PDF), or send the mail as HTML (the
normal mode of Gmail and Outlook). Quote unit prices in the text, not large totals, and never
write sums as "USD 1.5 million".

## References
- SpamAssassin `rulesrc/sandbox/jhardin/20_lotsa_money.cf` `LOTS_OF_MONEY`, `MONEY_NOHTML`
- SpamAssassin `MILLION_USD`, `BILLION_DOLLARS`, `UNCLAIMED_MONEY` (`rules/20_phrases.cf`, active rules)
"#,
        zh: r#"## 检查什么
以下每种情况各报告一次：

| 情况 | 示例 | 分数 |
|---|---|---|
| 带货币的大额金额（`$`、`€`、`£`、`¥`、`USD`、`EUR`、`GBP`、`CHF`、`RMB`、`CNY`、`JPY`，写在数字前或后）：不少于 10,000，或数字写法不少于 7 个字符（如 `$1,234.56`），且不以 `.00` 结尾；或带货币的 `N million`（`$2.5M`、`USD 3 million`、`3 million euros`）——**纯文本邮件** | `Total: USD 25,600` | 2.5 |
| 同上，但邮件是 HTML 格式 | | 0.2 |
| `million` 后面跟 `US dollars` / `USD` | `10.5 million United States dollars` | 1.8 |
| 大写的 `MILLION DOLLAR` / `BILLION DOLLAR` | `MILLION DOLLAR opportunity` | 1.6 |
| `unclaimed`（无人认领的）money、funds、assets、prizes、inheritance 等 | `unclaimed funds` | 2.5 |

SpamAssassin 的 `LOTS_OF_MONEY` 本身只在组合规则里起作用，真正影响发件人的是 `MONEY_NOHTML`（2.1–2.5 分），
它要求整封邮件是纯文本，所以这里分两档计分。

为避免误读外贸邮件，对规则目录的写法做了调整：单独的 `US` 不当作货币（`send us 20,000 pcs`），单独的 `m` 也不算
（`5 m cable`）；金额必须是格式正确的数字（千位分隔符后为三位），日期、IP 地址、型号不会被当成金额；`million … USD`
之间如果有数量单位（pcs、sets、tons 等，如 `2 million pcs a year at USD 1.20`）不触发。以 `>` 开头的引用行不检查。

## 为什么重要
诈骗邮件喜欢谈大笔金额，SpamAssassin 用 `LOTS_OF_MONEY` 及相关组合规则来识别（`MONEY_NOHTML` 2.1–2.5 分、
`ADVANCE_FEE_2_NEW_MONEY` 2.0 分、`MILLION_USD` 最高 1.8 分、`BILLION_DOLLARS` 最高 1.6 分、`UNCLAIMED_MONEY` 2.4–2.7 分）。
纯文本邮件正文里写形式发票总额本来没问题，但过滤器无法把它和 419 诈骗信区分开。

## 示例
纯文本邮件中的 `The total for 2 x 40HQ is USD 86,400.` 会触发（2.5 分）；`Unit price USD 12.80, total see attached PI.`
不会；`USD 86,400.00` 也不会（SpamAssassin 不计以 `.00` 结尾的金额）。

## 如何修改
把总金额写在附件报价单或形式发票（PDF）里，或者用 HTML 格式发送（Gmail、Outlook 默认就是 HTML）。正文里写单价，
不写大额总价，更不要写成 "USD 1.5 million" 这种形式。

## 参考
- SpamAssassin `rulesrc/sandbox/jhardin/20_lotsa_money.cf` 中的 `LOTS_OF_MONEY`、`MONEY_NOHTML`
- SpamAssassin 的 `MILLION_USD`、`BILLION_DOLLARS`、`UNCLAIMED_MONEY`（`rules/20_phrases.cf` 及在用规则）
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let body = &a.body;
    let usable = |r: &Range<usize>| !a.is_quoted(r.start);

    if let Some(span) = large_amounts(body).into_iter().find(|r| usable(r)) {
        let amount = &body[span.clone()];
        if a.is_html() {
            out.add(0.2, Part::Body).at(span.clone()).say(
                format!("\"{amount}\" is a large amount; filters watch sums like this"),
                format!("\"{amount}\" 是大额金额，过滤器会留意这类金额"),
            );
        } else {
            out.add(2.5, Part::Body).at(span.clone()).say(
                format!("\"{amount}\" in a plain-text mail is scored as spam (MONEY_NOHTML)"),
                format!("纯文本邮件中的 \"{amount}\" 会被计为垃圾邮件特征（MONEY_NOHTML）"),
            );
        }
    }

    // MILLION_USD, with the gap limited to one clause and free of quantity units.
    let million_usd =
        crate::regex!(r"(?i)(?-u:\b)million(?-u:\b)[^.;:\n]{0,40}?(?-u:\b)(?:united\s+states?\s+dollars?|usd)(?-u:\b)");
    if let Some(m) = million_usd.find_iter(body).find(|m| usable(&m.range()) && !has_unit_word(m.as_str())) {
        out.add(1.8, Part::Body).at(m.range()).say(
            format!("\"{}\" is scored as fraud wording (MILLION_USD)", m.as_str()),
            format!("\"{}\" 会被计为诈骗类措辞（MILLION_USD）", m.as_str()),
        );
    }

    // BILLION_DOLLARS: SpamAssassin matches the capitals only.
    if let Some(m) = crate::regex!(r"(?-u:\b)[BM]ILLION DOLLAR").find_iter(body).find(|m| usable(&m.range())) {
        out.add(1.6, Part::Body).at(m.range()).say(
            format!("\"{}\" is scored as spam (BILLION_DOLLARS)", m.as_str()),
            format!("\"{}\" 会被计为垃圾邮件特征（BILLION_DOLLARS）", m.as_str()),
        );
    }

    let unclaimed = crate::regex!(
        r"(?i)(?-u:\b)unclaimed\s+(?:assets?|money|monies|funds?|prizes?|inheritance|estates?|deposits?|winnings|lottery|sums?|payments?|balances?|accounts?)(?-u:\b)"
    );
    if let Some(m) = unclaimed.find_iter(body).find(|m| usable(&m.range())) {
        out.add(2.5, Part::Body).at(m.range()).say(
            format!("\"{}\" is lottery and inheritance-scam wording (UNCLAIMED_MONEY)", m.as_str()),
            format!("\"{}\" 是中奖、遗产类诈骗的说法（UNCLAIMED_MONEY）", m.as_str()),
        );
    }
}

/// Spans of large amounts with a currency (catalog `RX-MONEY`), in text order.
fn large_amounts(body: &str) -> Vec<Range<usize>> {
    // The number: either groups separated by spaces ("1 250 000") or digits with `.`/`,`.
    // The currency comes before ("USD 25,600", "$15,000", "€ 12.500") or after ("25.000 €").
    let before = crate::regex!(
        r"(?i)(?:(?-u:\b)(?:usd|eur|euros?|gbp|chf|rmb|cny|jpy)|[$€£¥])[ \u{a0}]?([1-9]\d{0,2}(?:[ \u{a0}\u{202f}]\d{3})+(?:[.,]\d{1,2})?|[1-9][\d.,]{3,20}\d)"
    );
    let after = crate::regex!(
        r"(?i)(?-u:\b)([1-9]\d{0,2}(?:[ \u{a0}\u{202f}]\d{3})+(?:[.,]\d{1,2})?|[1-9][\d.,]{3,20}\d)[ \u{a0}]?(?:(?:usd|eur|euros?|gbp|chf|rmb|cny|jpy|dollars?)(?-u:\b)|[€£])"
    );
    // "N million" next to a currency: "$2.5M", "USD 3 million", "3 million euros".
    let millions = crate::regex!(
        r"(?i)(?:(?-u:\b)(?:usd|eur|gbp|chf|rmb|cny)|[$€£¥])[ \u{a0}]?\d+(?:[.,]\d+)?[ \u{a0}]?(?:m|mn|mln|mio|million|billion|bn)(?-u:\b)|(?-u:\b)\d+(?:[.,]\d+)?[ \u{a0}]?(?:million|billion|mln|mio)[ \u{a0}]+(?:(?:us|united\s+states)[ \u{a0}]+)?(?:dollars?|usd|euros?|eur|pounds?|gbp)(?-u:\b)"
    );
    let mut out: Vec<Range<usize>> = Vec::new();
    for re in [before, after] {
        for caps in re.captures_iter(body) {
            let (Some(whole), Some(number)) = (caps.get(0), caps.get(1)) else { continue };
            if is_large(number.as_str()) && !digit_follows(body, whole.end()) {
                out.push(whole.range());
            }
        }
    }
    out.extend(millions.find_iter(body).map(|m| m.range()));
    out.sort_by_key(|r| r.start);
    out
}

/// Whether the amount goes on with more digits right after the match (a longer number, a date).
fn digit_follows(body: &str, end: usize) -> bool {
    body[end..].chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Whether `number` (digits with `.`, `,` or spaces) is a well-formed amount that SpamAssassin's
/// `LOTS_OF_MONEY` counts: at least 10,000, or written with 7 characters or more, and not ending
/// in `.00`.
fn is_large(number: &str) -> bool {
    let compact: String = number.chars().filter(|c| !c.is_whitespace() && *c != '\u{202f}').collect();
    if compact.ends_with(".00") || compact.ends_with(",00") {
        return false;
    }
    // Decimal part: a last separator followed by one or two digits.
    let (integer, _decimals) = match compact.rfind(['.', ',']) {
        Some(i) if (2..=3).contains(&(compact.len() - i)) => (&compact[..i], &compact[i + 1..]),
        _ => (compact.as_str(), ""),
    };
    // Thousands groups: one separator kind, groups of three after the first.
    let separators: Vec<char> = integer.chars().filter(|c| *c == '.' || *c == ',').collect();
    if let Some(&first) = separators.first() {
        if separators.iter().any(|&c| c != first) {
            return false;
        }
        let mut groups = integer.split(first);
        let head = groups.next().unwrap_or("");
        if head.is_empty() || head.len() > 3 || groups.any(|g| g.len() != 3) {
            return false;
        }
    }
    let digits: String = integer.chars().filter(char::is_ascii_digit).collect();
    let value: u64 = if digits.len() > 15 { u64::MAX } else { digits.parse().unwrap_or(0) };
    value >= 10_000 || number.trim().chars().count() >= 7
}

/// Whether a `million … USD` match speaks of quantities, not money ("2 million pcs a year at
/// USD 1.20").
fn has_unit_word(text: &str) -> bool {
    const UNITS: &[&str] = &[
        "pc",
        "pcs",
        "piece",
        "pieces",
        "unit",
        "units",
        "set",
        "sets",
        "pair",
        "pairs",
        "ton",
        "tons",
        "tonne",
        "tonnes",
        "mt",
        "kg",
        "kgs",
        "meter",
        "meters",
        "metre",
        "metres",
        "m",
        "yard",
        "yards",
        "roll",
        "rolls",
        "carton",
        "cartons",
        "ctn",
        "ctns",
        "box",
        "boxes",
        "bag",
        "bags",
        "bottle",
        "bottles",
        "liter",
        "liters",
        "litre",
        "litres",
        "container",
        "containers",
        "sqm",
        "square",
        "dozen",
        "doz",
        "lbs",
        "pounds",
    ];
    text.split(|c: char| !c.is_alphanumeric()).any(|w| UNITS.iter().any(|u| u.eq_ignore_ascii_case(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(text: &str) -> Vec<f64> {
        crate::rules::testing::points_on_text(check, text)
    }

    #[test]
    fn amounts() {
        assert!(is_large("25,600"));
        assert!(is_large("1,234.56"));
        assert!(is_large("12.500"));
        assert!(is_large("1 250 000"));
        assert!(!is_large("86,400.00"));
        assert!(!is_large("9,999"));
        assert!(!is_large("2024.11.26"));
        assert!(!is_large("192.168.1.1"));
        assert!(!is_large("1,23,45"));
    }

    #[test]
    fn trade_mail_and_scam_mail() {
        assert_eq!(points("The total for 2 x 40HQ is USD 86,400."), vec![2.5]);
        assert_eq!(points("Total: 25.000 € EXW."), vec![2.5]);
        assert!(points("Unit price USD 12.80; please send us 20,000 pcs by 2024.11.26.").is_empty());
        assert!(points("Capacity 2 million pcs a year at USD 1.20 each; 5 m cable.").is_empty());
        assert_eq!(points("a fund of 10.5 million United States dollars"), vec![2.5, 1.8]);
        assert_eq!(points("claim your unclaimed funds"), vec![2.5]);
    }
}
