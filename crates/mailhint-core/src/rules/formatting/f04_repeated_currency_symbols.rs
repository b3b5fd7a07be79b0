//! F04 `repeated-currency-symbols`: currency symbols in a row (`$$$`).

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// F04.
pub(crate) static RULE: Rule = Rule {
    code: "F04",
    name: "repeated-currency-symbols",
    category: Category::Formatting,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "The body repeats currency symbols (“$$$”)", zh: "正文中连续使用货币符号（如“$$$”）"
    },
    fix: L10n {
        en: "Remove repeated currency symbols; write the price once, with its currency and terms (USD 12.50/pc FOB).",
        zh: "删除连续的货币符号；价格写一次即可，注明币种和条款（如 USD 12.50/pc FOB）。",
    },
    doc: doc! {
        en: r#"## What it does
Flags two or more currency symbols in a row in the body: `$$`, `$$$`, `€€€`, `£££`, `¥¥`
(also the full-width `￥`). A single price such as `$12.50` or `USD 1,200` is never flagged.
The rule costs 1.0 point in all, shared among the places it underlines.

## Why it matters
`$$$` is a classic of money spam and sits in Mailmeteor's "Money" list of spam triggers; to a
buyer it reads as "get rich" advertising, not as an offer from a supplier.

## Example
`Save $$$ on every container!` fires; `Unit price USD 12.50, FOB Ningbo` does not.

## How to fix
Delete the symbols and state the actual price with its currency and Incoterm.

## References
- Mailmeteor, "Spam words" (Money: `$$$`, `€€€`, `£££`)
- Sendsay (Russian ESP) stop-word list: `$$$`
"#,
        zh: r#"## 检查什么
标出正文中连续两个及以上的货币符号：`$$`、`$$$`、`€€€`、`£££`、`¥¥`（包括全角的 `￥`）。`$12.50`、`USD 1,200` 这样正常的价格不会被标出。本规则共计 1.0 分，分摊到被标出的各处。

## 为什么重要
`$$$` 是金钱类垃圾邮件的经典写法，被列入 Mailmeteor 垃圾词"金钱"类清单；在买家看来，这像是"快速致富"广告，而不是供应商的报价。

## 示例
`Save $$$ on every container!` 会触发；`Unit price USD 12.50, FOB Ningbo` 不会。

## 如何修改
删除这些符号，写明实际价格、币种和贸易术语。

## 参考
- Mailmeteor《Spam words》金钱类（`$$$`、`€€€`、`£££`）
- Sendsay（俄罗斯邮件服务商）敏感词清单：`$$$`
"#,
    },
    check,
};

/// The rule's points, shared among the places it underlines.
const POINTS: f64 = 1.0;
/// Places underlined at most: past a few, more underlines do not help the writer.
const MAX_MARKS: usize = 20;

fn check(a: &Analysis, out: &mut Hits) {
    let runs: Vec<_> = crate::regex!(r"[$€£¥￥]{2,}").find_iter(&a.body).take(MAX_MARKS).collect();
    if runs.is_empty() {
        return;
    }
    let each = POINTS / runs.len() as f64;
    for m in runs {
        let text = m.as_str();
        out.add(each, Part::Body)
            .at(m.range())
            .say(format!("“{text}”: repeated currency symbols"), format!("“{text}”：连续的货币符号"));
    }
}
