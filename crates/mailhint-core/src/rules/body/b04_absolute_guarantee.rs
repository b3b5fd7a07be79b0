//! B04 `absolute-guarantee`: the mail makes absolute promises ("100% guaranteed", "risk-free",
//! "money back guarantee") that SpamAssassin scores.

use super::common::is_technical_no_risk;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// B04.
pub(crate) static RULE: Rule = Rule {
    code: "B04",
    name: "absolute-guarantee",
    category: Category::Body,
    severity: Severity::High,
    cap: None,
    summary: L10n {
        en: "Absolute promise (\"100% guaranteed\", \"risk-free\", \"money back guarantee\") that spam filters score",
        zh: "绝对化承诺（\"100% guaranteed\"、\"risk-free\"、\"money back guarantee\"）会被垃圾邮件过滤器加分",
    },
    fix: L10n {
        en: "Replace absolute promises with verifiable facts (warranty terms, certificates, test reports).",
        zh: "把绝对化的承诺换成可以核实的事实（质保条款、认证证书、检测报告）。",
    },
    doc: doc! {
        en: r#"## What it does
Looks for four kinds of absolute promise and reports the first of each kind:

| Kind | Example | Points |
|---|---|---|
| `100% guaranteed` (also `100 % guaranteed`) | "Quality 100% guaranteed" | 2.7 |
| `guarantee!` / `guaranteed!` | "Best quality guaranteed!" | 1.0 |
| `money back guarantee` (also `money-back`) | "30-day money back guarantee" | 1.2 |
| risk-free: `risk free`, `risk-free`, `no risk`, `free of risk`, `100% safe` | "Try it risk-free" | 2.3 |

`no risk of …`, `no risk to …` (and `that`, `in`, `for`, `from`, `at`, `with`, `when`, `if`) are
technical statements ("there is no risk of corrosion"), not promises, and do not fire: this
is a change from SpamAssassin's `RISK_FREE`, which would score them. Lines quoted from an earlier
message (starting with `>`) are skipped. `Warranty: 2 years` or `guaranteed delivery date in the
contract` never fire.

## Why it matters
SpamAssassin scores `GUARANTEED_100_PERCENT` 2.7, `RISK_FREE` 2.3–2.4, `MONEY_BACK` up to 2.9 and
`BANG_GUAR` 1.0. Professional buyers also distrust promises nobody can check: a warranty term or
a test report convinces, "100% guaranteed" does not.

## Example
`Our quality is 100% guaranteed and the trial order is risk-free!` fires twice (2.7 + 2.3).
`All lamps carry a 5-year warranty; the LM-80 test report is attached.` does not.

## How to fix
Replace the promise with a fact the buyer can verify: warranty length and terms, certificates
(CE, RoHS, ISO 9001), test reports, a replacement policy written out.

## References
- SpamAssassin `rules/20_phrases.cf` / `50_scores.cf` `GUARANTEED_100_PERCENT`, `BANG_GUAR`, `MONEY_BACK`
- SpamAssassin `rulesrc/sandbox/jhardin/20_lotsa_money.cf` `RISK_FREE`
- Mailmeteor spam-word list, "Overpromise" category
"#,
        zh: r#"## 检查什么
检查四类绝对化承诺，每类报告第一次出现：

| 类别 | 示例 | 分数 |
|---|---|---|
| `100% guaranteed`（含 `100 % guaranteed`） | "Quality 100% guaranteed" | 2.7 |
| `guarantee!` / `guaranteed!` | "Best quality guaranteed!" | 1.0 |
| `money back guarantee`（含 `money-back`） | "30-day money back guarantee" | 1.2 |
| 无风险：`risk free`、`risk-free`、`no risk`、`free of risk`、`100% safe` | "Try it risk-free" | 2.3 |

`no risk of …`、`no risk to …`（以及后面跟 `that`、`in`、`for`、`from`、`at`、`with`、`when`、`if`）是技术描述
（如 "there is no risk of corrosion"），不是承诺，不会触发：这一点与 SpamAssassin 的 `RISK_FREE` 不同，后者也会计分。
以 `>` 开头的引用行不检查。`Warranty: 2 years` 或合同里的 "guaranteed delivery date" 都不会触发。

## 为什么重要
SpamAssassin 对 `GUARANTEED_100_PERCENT` 计 2.7 分，`RISK_FREE` 2.3–2.4 分，`MONEY_BACK` 最高 2.9 分，`BANG_GUAR`
1.0 分。专业采购也不相信无法核实的承诺：质保期限或检测报告有说服力，"100% guaranteed" 没有。

## 示例
`Our quality is 100% guaranteed and the trial order is risk-free!` 触发两次（2.7 + 2.3）。
`All lamps carry a 5-year warranty; the LM-80 test report is attached.` 不会触发。

## 如何修改
把承诺换成采购可以核实的事实：质保期限和条款、认证（CE、RoHS、ISO 9001）、检测报告、写清楚的退换货政策。

## 参考
- SpamAssassin `rules/20_phrases.cf` / `50_scores.cf` 中的 `GUARANTEED_100_PERCENT`、`BANG_GUAR`、`MONEY_BACK`
- SpamAssassin `rulesrc/sandbox/jhardin/20_lotsa_money.cf` 中的 `RISK_FREE`
- Mailmeteor 垃圾词列表 "Overpromise" 类
"#,
    },
    check,
};

/// One kind of promise.
type Kind = super::common::ScoredPattern;

const KINDS: [Kind; 4] = [
    Kind {
        points: 2.7,
        rule_name: "GUARANTEED_100_PERCENT",
        pattern: || crate::regex!(r"(?i)(?-u:\b)100\s?%\s*guaranteed(?-u:\b)"),
    },
    Kind { points: 1.0, rule_name: "BANG_GUAR", pattern: || crate::regex!(r"(?i)(?-u:\b)guaranteed?!") },
    Kind { points: 1.2, rule_name: "MONEY_BACK", pattern: || crate::regex!(r"(?i)(?-u:\b)money[- ]back\s+guarantee") },
    Kind {
        points: 2.3,
        rule_name: "RISK_FREE",
        pattern: || {
            crate::regex!(
                r"(?i)(?-u:\b)(?:no\s+risks?|risky?[- ]{0,3}free|free\s+of\s+risks?)(?-u:\b)|(?-u:\b)100\s?%\s?safe(?-u:\b)"
            )
        },
    },
];

fn check(a: &Analysis, out: &mut Hits) {
    let body = &a.body;
    for kind in &KINDS {
        let found = (kind.pattern)()
            .find_iter(body)
            .map(|m| m.range())
            .find(|r| !a.is_quoted(r.start) && !is_technical_no_risk(body, r.clone()));
        let Some(span) = found else { continue };
        let phrase = &body[span.clone()];
        out.add(kind.points, Part::Body).at(span.clone()).say(
            format!("\"{phrase}\" is an absolute promise spam filters score ({})", kind.rule_name),
            format!("\"{phrase}\" 属于绝对化承诺，会被垃圾邮件过滤器加分（{}）", kind.rule_name),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(text: &str) -> Vec<f64> {
        crate::rules::testing::points_on_text(check, text)
    }

    #[test]
    fn promises_and_technical_statements() {
        assert_eq!(points("Quality 100% guaranteed!"), vec![2.7, 1.0]);
        assert_eq!(points("Try it risk-free."), vec![2.3]);
        assert_eq!(points("No risk, no obligation."), vec![2.3]);
        assert!(points("There is no risk of corrosion. Warranty: 5 years.").is_empty());
    }
}
