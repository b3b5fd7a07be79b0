//! B03 `advance-fee-phrases`: several phrases of the mail match the advance-fee ("419") fraud
//! templates that SpamAssassin counts.

use std::ops::Range;

use regex::Regex;

use super::common::is_technical_no_risk;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// B03.
pub(crate) static RULE: Rule = Rule {
    code: "B03",
    name: "advance-fee-phrases",
    category: Category::Body,
    severity: Severity::High,
    cap: None,
    summary: L10n {
        en: "Several phrases match advance-fee fraud templates (\"yours faithfully\", \"mutual benefit\", \"your country\")",
        zh: "多个短语与预付款诈骗（419 骗局）邮件模板相同（如 \"yours faithfully\"、\"mutual benefit\"、\"your country\"）",
    },
    fix: L10n {
        en: "Several phrases here match advance-fee-fraud templates (e.g. 'yours faithfully', 'mutual benefit', 'your country'); rewrite them plainly.",
        zh: "这里有几个短语和诈骗邮件模板一样（如 'yours faithfully'、'mutual benefit'、'your country'），请换成平实、具体的说法。",
    },
    doc: doc! {
        en: r#"## What it does
Counts how many different advance-fee phrase families (list P-419 of the catalog, taken from
SpamAssassin's `__FRAUD_*` sub-rules) appear in the body. Each family counts once, however often
it appears:

| Families found | Points |
|---|---|
| 1 | 0 |
| 2 | 1.0 |
| 3 | 3.0 |
| 4 or more | 3.5 |

Each phrase found is highlighted and carries an equal share of the points. The families are:
greetings and closings (`dear sir`, `yours faithfully`, `season's greetings`, `compliments of
the`, `dear friend`), `contacting you`, `business proposal` / `mutual deal` / `your partnership`,
`mutual benefit` / `mutually beneficial`, `your assistance`, `in/to/visit your country`,
`foreign business partner/customer`, `reply urgently` / `earliest reply`, `I/we found your`,
`shipped/released … your consignment`, `courier company/service`, `confidential/private/
alternative email`, `urgent … reply/request/proposal…`, `your … contact details`, `legitimate
business`, `I am contacting you`, `disbursement` / `remuneration`, `the total sum`, `my name is
Mr/Mrs/Dr/Barrister…`, `risk-free` / `no risk` / `100% safe`.

Changes from SpamAssassin, so that ordinary trade mail passes: `this/the deal, offer,
transaction, proposal` (every quotation mentions "the offer") and `remit`/`remittance` (the T/T
bank slip) are not counted; `no risk of …`/`no risk to …` (a technical statement, "no risk of
corrosion") is not counted as a risk-free promise. One phrase counts once even when it matches
two sub-rules (`urgent reply` is both `__FRAUD_DPR` and `__URG_BIZ`; `I am contacting you` both
`__FRAUD_NRG` and `__CONTACT_YOU`), so this rule may count one less than SpamAssassin. Lines
quoted from an earlier message (starting with `>`) are skipped.

## Why it matters
SpamAssassin's `ADVANCE_FEE_3_NEW` adds about 3.5 points as soon as three of its ~78 fraud
sub-rules match, and `ADVANCE_FEE_2_NEW_MONEY` about 2.0 with two plus a money amount. Several
of those sub-rules are stock phrases of exporters' English ("Dear Sir", "yours faithfully",
"mutual benefit", "distributor in your country", "your earliest reply"): together they make an
honest offer look like a 419 letter.

## Example
`We are contacting you to explore a business partnership for mutual benefit in your country.
Yours faithfully` has five families and fires for 3.5 points. `I'd like to find a distributor
for our valves in Italy. Best regards` has none.

## How to fix
Rewrite the highlighted phrases plainly and concretely: name the country ("in Italy"), say what
the buyer gains ("a second source with 25-day lead time"), close with "Best regards".

## References
- SpamAssassin `rulesrc/sandbox/jhardin/20_advance_fee_reevolved.cf` `ADVANCE_FEE_2_NEW_MONEY`,
  `ADVANCE_FEE_3_NEW`, `ADVANCE_FEE_4_NEW`, `ADVANCE_FEE_5_NEW`
- SpamAssassin `rules/20_advance_fee.cf` (`__FRAUD_IRT`, `__FRAUD_IPK`, `__FRAUD_DPR`, `__FRAUD_AON`…)
  and `rulesrc/sandbox/jhardin/20_lotsa_money.cf` (`__DEAL`, `__BACK_SCRATCH`, `__YOU_ASSIST`,
  `__CONTACT_YOU`, `__FOUND_YOU`, `__YOUR_CONSIGNMENT`, `__COURIER`)
"#,
        zh: r#"## 检查什么
统计正文中出现了多少类不同的预付款诈骗短语（规则目录的 P-419 列表，取自 SpamAssassin 的 `__FRAUD_*` 子规则）。
每一类无论出现几次只算一次：

| 出现的类数 | 分数 |
|---|---|
| 1 | 0 |
| 2 | 1.0 |
| 3 | 3.0 |
| 4 类及以上 | 3.5 |

每个命中的短语都会被标出，平分总分。短语类别包括：问候和结尾（`dear sir`、`yours faithfully`、`season's greetings`、
`compliments of the`、`dear friend`）、`contacting you`、`business proposal` / `mutual deal` / `your partnership`、
`mutual benefit` / `mutually beneficial`、`your assistance`、`in/to/visit your country`、`foreign business partner/customer`、
`reply urgently` / `earliest reply`、`I/we found your`、`shipped/released … your consignment`、`courier company/service`、
`confidential/private/alternative email`、`urgent … reply/request/proposal…`、`your … contact details`、
`legitimate business`、`I am contacting you`、`disbursement` / `remuneration`、`the total sum`、
`my name is Mr/Mrs/Dr/Barrister…`、`risk-free` / `no risk` / `100% safe`。

为了让正常的外贸邮件不被误报，与 SpamAssassin 相比有以下调整：不统计 `this/the deal, offer, transaction, proposal`
（每封报价邮件都会提到 "the offer"）和 `remit`/`remittance`（电汇水单）；`no risk of …`/`no risk to …`
（技术描述，如 "no risk of corrosion"）不算作"无风险"承诺。同一个短语即使同时符合两条子规则（如 `urgent reply`
同时属于 `__FRAUD_DPR` 和 `__URG_BIZ`，`I am contacting you` 同时属于 `__FRAUD_NRG` 和 `__CONTACT_YOU`）也只算一次，
因此可能比 SpamAssassin 少算一类。以 `>` 开头的引用行不检查。

## 为什么重要
SpamAssassin 的 `ADVANCE_FEE_3_NEW` 只要约 78 条诈骗子规则中有 3 条命中，就加约 3.5 分；`ADVANCE_FEE_2_NEW_MONEY`
在两条命中且有大额金额时加约 2.0 分。其中好几条恰好是外贸英语的常用套话（"Dear Sir"、"yours faithfully"、
"mutual benefit"、"distributor in your country"、"your earliest reply"），凑在一起就会让正常的报价邮件看起来像 419 诈骗信。

## 示例
`We are contacting you to explore a business partnership for mutual benefit in your country. Yours faithfully`
包含五类短语，触发并计 3.5 分。`I'd like to find a distributor for our valves in Italy. Best regards` 一类也没有。

## 如何修改
把标出的短语改成平实、具体的说法：直接写国家名（"in Italy"），说明对方能得到什么（"a second source with 25-day
lead time"），结尾用 "Best regards"。

## 参考
- SpamAssassin `rulesrc/sandbox/jhardin/20_advance_fee_reevolved.cf` 中的 `ADVANCE_FEE_2_NEW_MONEY`、`ADVANCE_FEE_3_NEW`、
  `ADVANCE_FEE_4_NEW`、`ADVANCE_FEE_5_NEW`
- SpamAssassin `rules/20_advance_fee.cf`（`__FRAUD_IRT`、`__FRAUD_IPK`、`__FRAUD_DPR`、`__FRAUD_AON`…）和
  `rulesrc/sandbox/jhardin/20_lotsa_money.cf`（`__DEAL`、`__BACK_SCRATCH`、`__YOU_ASSIST`、`__CONTACT_YOU`、`__FOUND_YOU`、
  `__YOUR_CONSIGNMENT`、`__COURIER`）
"#,
    },
    check,
};

/// The phrase families (SpamAssassin sub-rule names in comments).
fn families() -> [&'static Regex; 20] {
    [
        // __FRAUD_IRT
        crate::regex!(
            r"(?i)(?-u:\b)(?:compliments? of the|dear friend|dear sirs?|yours faithfully|season['’]?s greetings)(?-u:\b)"
        ),
        // __CONTACT_YOU
        crate::regex!(r"(?i)(?-u:\b)contacting\s+you(?-u:\b)|(?-u:\b)vous\s+contacter?(?-u:\b)"),
        // __DEAL, without "this/the" (every quotation speaks of "the offer").
        crate::regex!(
            r"(?i)(?-u:\b)(?:business|financial|mutual|profitable)\s+(?:deal|transa[ck]tion|proposal|offer|venture|suggestion|partnership)(?-u:\b)|(?-u:\b)your\s+partnership(?-u:\b)"
        ),
        // __BACK_SCRATCH
        crate::regex!(r"(?i)(?-u:\b)mutual+y?\s+(?:benefi(?:t|cial)|interest)(?-u:\b)"),
        // __YOU_ASSIST
        crate::regex!(r"(?i)(?-u:\b)your\s+as+istan(?:ce|t)(?-u:\b)"),
        // __FRAUD_IPK
        crate::regex!(r"(?i)(?-u:\b)(?:in|to|visit)\s+your\s+country(?-u:\b)"),
        // __FRAUD_MQO
        crate::regex!(r"(?i)(?-u:\b)foreign\s+(?:business\s+partner|customer)"),
        // __FRAUD_DPR
        crate::regex!(
            r"(?i)(?-u:\b)(?:(?:respond|reply)\s+(?:urgently|immediately)|(?:urgent|immediate|earliest)\s+(?:reply|response))(?-u:\b)"
        ),
        // __FOUND_YOU
        crate::regex!(r"(?i)(?-u:\b)(?:I|we)\s+found\s+your?(?-u:\b)"),
        // __YOUR_CONSIGNMENT
        crate::regex!(
            r"(?i)(?-u:\b)(?:received?|pa(?:y|id)|sen[dt]|h[oe]ld|delay(?:ed)?|impound(?:ed)?|released?|ship(?:ped)?)\s+your(?:\s+\w+)?\s+consignment(?-u:\b)"
        ),
        // __COURIER
        crate::regex!(r"(?i)(?-u:\b)courier\s+(?:company|service)(?-u:\b)"),
        // __FRAUD_AON
        crate::regex!(r"(?i)(?-u:\b)(?:confidential|private|alternate|alternative)\s+(?:e-? *)?mail(?-u:\b)"),
        // __URG_BIZ
        crate::regex!(
            r"(?i)urgent.{0,16}(?:assistance|business|buy|confidential|notice|proposal|reply|request|response)"
        ),
        // __FRAUD_ETX
        crate::regex!(
            r"(?i)(?-u:\b)your(?-u:\b)[^.\n]{0,99}(?-u:\b)(?:contact\s+(?:details|information)|private\s+(?:e?[- ]?mail|telephone|tel|phone|fax))(?-u:\b)"
        ),
        // __FRAUD_UUY
        crate::regex!(r"(?i)(?-u:\b)legitimate\s+business(?:es)?(?-u:\b)"),
        // __FRAUD_NRG
        crate::regex!(r"(?i)(?-u:\b)i\s+am\s+contacting\s+you(?-u:\b)"),
        // __FRAUD_WNY, without remit/remittance (the T/T bank slip of every order).
        crate::regex!(r"(?i)(?-u:\b)(?:disburse?(?:ment)?|remunerr?at(?:ed?|ion))(?-u:\b)"),
        // __FRAUD_YPO
        crate::regex!(r"(?i)(?-u:\b)the\s+total\s+sum(?-u:\b)"),
        // __FRAUD_QXX
        crate::regex!(r"(?i)(?-u:\b)my\s+name\s+is\s+(?:mrs?|engr|barrister|dr|prince(?:ss)?)[. ]"),
        // __FRAUD_IOU; "no risk of/to/…" is filtered out in code.
        crate::regex!(
            r"(?i)(?-u:\b)(?:no\s+risks?|risk-? *free|free\s+of\s+risks?)(?-u:\b)|(?-u:\b)100\s?%\s?safe(?-u:\b)"
        ),
    ]
}

fn check(a: &Analysis, out: &mut Hits) {
    let body = &a.body;
    // One phrase counts once even when it matches two families ("urgent reply" is both
    // `__FRAUD_DPR` and `__URG_BIZ`): the rule is about several phrases.
    let mut found: Vec<Range<usize>> = Vec::new();
    for re in families() {
        let usable = re.find_iter(body).map(|m| m.range()).find(|r| {
            !a.is_quoted(r.start)
                && !is_technical_no_risk(body, r.clone())
                && !found.iter().any(|f| f.start < r.end && r.start < f.end)
        });
        found.extend(usable);
    }
    let total = match found.len() {
        0 | 1 => return,
        2 => 1.0,
        3 => 3.0,
        _ => 3.5,
    };
    let n = found.len();
    let share = total / n as f64;
    let mut spans = found;
    spans.sort_by_key(|r| r.start);
    for span in spans {
        let phrase = body[span.clone()].trim_end();
        let span = span.start..span.start + phrase.len();
        out.add(share, Part::Body).at(span).say(
            format!("\"{phrase}\" is one of {n} advance-fee fraud phrases in this mail"),
            format!("\"{phrase}\" 是本邮件中 {n} 个预付款诈骗类短语之一"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(text: &str) -> f64 {
        let hits = crate::rules::testing::run_text(check, text);
        hits.as_slice().iter().map(|h| h.points).sum()
    }

    #[test]
    fn counts_distinct_families() {
        let scam = "Dear Sir, we are contacting you about a business partnership for mutual benefit in your country. Yours faithfully";
        assert!((total(scam) - 3.5).abs() < 1e-9);
        assert!((total("Dear Sir, thanks for your assistance.") - 1.0).abs() < 1e-9);
        assert_eq!(total("Urgent reply needed."), 0.0);
        assert_eq!(
            total("Please find the offer attached; the remittance slip is below. There is no risk of rust."),
            0.0
        );
    }
}
