//! B01 `generic-salutation`: the mail greets nobody in particular ("Dear Sir/Madam", "Dear
//! Friend", "Dear Customer").

use std::ops::Range;

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// B01.
pub(crate) static RULE: Rule = Rule {
    code: "B01",
    name: "generic-salutation",
    category: Category::Body,
    severity: Severity::High,
    cap: None,
    summary: L10n {
        en: "The greeting addresses nobody in particular (\"Dear Sir/Madam\", \"Dear Friend\")",
        zh: "称呼没有指向具体的人（如 \"Dear Sir/Madam\"、\"Dear Friend\"）",
    },
    fix: L10n {
        en: "Greet the person by name (\"Hi Maria,\"). \"Dear Sir/Madam\" is a scored spam phrase.",
        zh: "请用对方的名字称呼（如 \"Hi Maria,\"）。\"Dear Sir/Madam\" 是会被垃圾邮件过滤器加分的短语。",
    },
    doc: doc! {
        en: r#"## What it does
Looks for greetings that address nobody in particular, in four groups, and reports the worst
greeting of each group once:

- `Dear Sir`, `Dear Sirs`, `Dear Madam`, `Dear Sir or Madam`, `Dear Investor`, `Dear IT …`,
  `Dear Web…`, `Dear Candidate` (SpamAssassin `DEAR_SOMETHING`): 2.0 points;
- a line starting with `Dear Friend` (`DEAR_FRIEND`): 2.6 points;
- `Dear … Winner` or `Dear … Beneficiary` (`DEAR_WINNER`, `DEAR_BENEFICIARY`): 3.0 points;
- other role greetings: `Dear Customer`, `Dear Valued Customer`, `Dear Buyer`, `Dear Client`,
  `Dear Manager`, `Dear Purchasing Manager`, `Dear Procurement Manager`, `Dear Partner`: 0.5 points.

A greeting inside a stronger one (`Dear Sir, you are our winner`) is counted once, in the
stronger group. Lines quoted from an earlier message (starting with `>`) are skipped: they are
not the writer's words. `Dear Ms. Rossi` or `Dear Purchasing Team of Acme` never fire. The
catalog's role list was extended with `client`, `procurement manager` and plurals (`Dear
Customers`), which are the same generic greeting.

## Why it matters
SpamAssassin scores `DEAR_SOMETHING` about 2.0 and `DEAR_FRIEND` about 2.6 on their own, and
`dear sir` is also one of the advance-fee sub-rules counted by `ADVANCE_FEE_*_NEW` (see B03).
Buyers receive dozens of "Dear Sir/Madam" mails from suppliers each day and delete them unread:
a greeting without a name says the mail was sent to a list.

## Example
`Dear Sir/Madam, we are a manufacturer of LED lights…` fires (2.0); `Dear Ms. Rossi,` and
`Hi Maria,` do not.

## How to fix
Find the buyer's name (website, LinkedIn, trade-show list) and write `Hi Maria,` or
`Dear Ms. Rossi,`. If you really do not know the name, address the team by company:
`Hello Acme purchasing team,`.

## References
- SpamAssassin `rules/20_phrases.cf` `DEAR_SOMETHING`, `DEAR_FRIEND`
- SpamAssassin active rules `DEAR_WINNER`, `DEAR_BENEFICIARY`; `__FRAUD_IRT` in `rules/20_advance_fee.cf`
- Mailmeteor spam-word list, "Shady" category (dear friend, dear sir/madam)
"#,
        zh: r#"## 检查什么
检查没有指向具体收件人的称呼，分四组，每组只报告一次：

- `Dear Sir`、`Dear Sirs`、`Dear Madam`、`Dear Sir or Madam`、`Dear Investor`、`Dear IT …`、`Dear Web…`、
  `Dear Candidate`（SpamAssassin `DEAR_SOMETHING`）：2.0 分；
- 以 `Dear Friend` 开头的行（`DEAR_FRIEND`）：2.6 分；
- `Dear … Winner` 或 `Dear … Beneficiary`（`DEAR_WINNER`、`DEAR_BENEFICIARY`）：3.0 分；
- 其他按身份的称呼：`Dear Customer`、`Dear Valued Customer`、`Dear Buyer`、`Dear Client`、`Dear Manager`、
  `Dear Purchasing Manager`、`Dear Procurement Manager`、`Dear Partner`：0.5 分。

同一处称呼如果同时落在更严重的一组里，只按严重的一组计一次。以 `>` 开头的引用行（对方之前邮件的内容）不检查。
`Dear Ms. Rossi` 这样带姓名的称呼不会触发。与规则目录相比，身份称呼里增加了 `client`、`procurement manager`
和复数形式（如 `Dear Customers`），它们同样是群发式称呼。

## 为什么重要
SpamAssassin 单独对 `DEAR_SOMETHING` 计约 2.0 分、对 `DEAR_FRIEND` 计约 2.6 分，而且 `dear sir` 还是预付款诈骗
组合规则 `ADVANCE_FEE_*_NEW` 的子规则之一（见 B03）。采购每天会收到几十封 "Dear Sir/Madam" 开头的供应商邮件，
大多直接删除：没有名字的称呼等于告诉对方这是群发。

## 示例
`Dear Sir/Madam, we are a manufacturer of LED lights…` 会触发（2.0 分）；`Dear Ms. Rossi,` 和 `Hi Maria,` 不会。

## 如何修改
先查到采购的名字（官网、LinkedIn、展会名录），写成 `Hi Maria,` 或 `Dear Ms. Rossi,`。实在不知道名字时，
可以按公司称呼团队，如 `Hello Acme purchasing team,`。

## 参考
- SpamAssassin `rules/20_phrases.cf` 中的 `DEAR_SOMETHING`、`DEAR_FRIEND`
- SpamAssassin 在用规则 `DEAR_WINNER`、`DEAR_BENEFICIARY`；`rules/20_advance_fee.cf` 中的 `__FRAUD_IRT`
- Mailmeteor 垃圾词列表 "Shady" 类（dear friend、dear sir/madam）
"#,
    },
    check,
};

/// One group of greetings: its pattern, its points and how to name it in a message.
type Group = super::common::ScoredPattern;

/// The groups, strongest first, so that a greeting inside a stronger one is counted there.
const GROUPS: [Group; 4] = [
    Group {
        points: 3.0,
        rule_name: "DEAR_WINNER / DEAR_BENEFICIARY",
        pattern: || crate::regex!(r"(?i)(?-u:\b)dear.{1,20}?(?:winner|beneficiary)"),
    },
    Group { points: 2.6, rule_name: "DEAR_FRIEND", pattern: || crate::regex!(r"(?im)^[ \t]*dear friend(?-u:\b)") },
    Group {
        points: 2.0,
        rule_name: "DEAR_SOMETHING",
        pattern: || {
            crate::regex!(
                r"(?i)(?-u:\b)dear (?:it\W|internet|candidate|sirs?|madam|investor|travell?er|car shopper|web)(?-u:\b)(?:[ \t]*(?:/|or|and)[ \t]*madam(?-u:\b))?"
            )
        },
    },
    Group {
        points: 0.5,
        rule_name: "",
        pattern: || {
            crate::regex!(
                r"(?i)(?-u:\b)dear (?:valued )?(?:customers?|buyers?|clients?|purchasing manager|procurement manager|managers?|partners?)(?-u:\b)"
            )
        },
    },
];

fn check(a: &Analysis, out: &mut Hits) {
    let mut taken: Vec<Range<usize>> = Vec::new();
    for group in &GROUPS {
        let found = (group.pattern)()
            .find_iter(&a.body)
            .map(|m| m.range())
            .find(|r| !a.is_quoted(r.start) && !taken.iter().any(|t| t.start < r.end && r.start < t.end));
        let Some(span) = found else { continue };
        let greeting = a.body[span.clone()].trim_end();
        let span = span.start..span.start + greeting.len();
        let hit = out.add(group.points, Part::Body).at(span.clone());
        if group.rule_name.is_empty() {
            hit.say(
                format!("\"{greeting}\" is a mass-mailing greeting; use the buyer's name"),
                format!("\"{greeting}\" 是群发式称呼，请改用采购的名字"),
            );
        } else {
            hit.say(
                format!("\"{greeting}\" is scored as spam by SpamAssassin ({})", group.rule_name),
                format!("\"{greeting}\" 会被 SpamAssassin 计为垃圾邮件特征（{}）", group.rule_name),
            );
        }
        taken.push(span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(text: &str) -> Vec<f64> {
        crate::rules::testing::points_on_text(check, text)
    }

    #[test]
    fn groups_and_near_misses() {
        assert_eq!(points("Dear Sir/Madam,\nWe make valves."), vec![2.0]);
        assert_eq!(points("Dear Friend,\nhello"), vec![2.6]);
        assert_eq!(points("Dear Valued Customer,"), vec![0.5]);
        assert_eq!(points("Dear lucky winner, you won"), vec![3.0]);
        assert!(points("Dear Ms. Rossi,\nthanks for your order.").is_empty());
        assert!(points("Hi Maria,\n> Dear Sir,\n> please quote").is_empty());
        assert!(points("Dear Sirius team").is_empty());
    }
}
