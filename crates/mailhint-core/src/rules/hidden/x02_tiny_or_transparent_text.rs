//! X02 `tiny-or-transparent-text`: text in a zero or one-point font, or in a transparent colour.

use crate::analysis::Analysis;
use crate::html::{HiddenText, Hiding};
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

use super::{excerpt, has_words};

/// X02.
pub(crate) static RULE: Rule = Rule {
    code: "X02",
    name: "tiny-or-transparent-text",
    category: Category::Hidden,
    severity: Severity::High,
    cap: None,
    summary: L10n { en: "Some text is too small to see or transparent", zh: "有文字小到看不见或是透明的" },
    fix: L10n {
        en: "Remove tiny or invisible text; if it should be read, give it a normal size and colour.",
        zh: "请删除极小或透明的文字；如果需要对方阅读，请使用正常的字号和颜色。",
    },
    doc: doc! {
        en: r#"## What it does
Finds text with letters or digits whose computed style makes it unreadable:

- a font size of 0 or at most 1 px / 1 pt (`font-size:0`, `font-size:1px`, `0.05em`…), sizes in
  `em` and `%` being resolved against the parent's size;
- a transparent colour (`color:transparent`, `rgba(…, 0)`, `#rrggbb00`).

One finding for the draft (2.0), on the first such text, with the number of places.

Refinements over the catalog:
- Styles are inherited the way browsers do it: a `font-size:0` or `color:transparent` wrapper
  whose text sets a normal size or colour again is not hidden. Email templates use `font-size:0`
  on table cells to remove gaps between columns, then size their text normally.
- `<font size="1">` is not counted: it renders at about 10 px (x-small), readable, and today's
  SpamAssassin counts only sizes under 8 px as invisible. Old signatures use it for disclaimers.

## Why it matters
Text nobody can see is there for filters only, to dilute spam words with innocent ones or to
plant keywords. SpamAssassin scores it (`HTML_TEXT_INVISIBLE_FONT`, `WORD_INVIS`,
`WORD_INVIS_MANY`) and Rspamd counts zero-size text blocks (`ZERO_FONT`). Gmail's guidelines ask
senders not to hide content.

## Example
`<span style="font-size:0">cheap replica watches</span>` fires;
`<td style="font-size:0"><span style="font-size:14px">Hi Maria,</span></td>` does not.

## How to fix
Delete the hidden text. If it is a preheader, keep it short and readable, or leave it out.

## References
- SpamAssassin `rulesrc/sandbox/jhardin/20_misc_testing.cf` `HTML_TEXT_INVISIBLE_FONT`, `WORD_INVIS`, `WORD_INVIS_MANY`
- SpamAssassin `lib/Mail/SpamAssassin/HTML.pm` `html_font_invisible` (font size under 8 px)
- Rspamd `rules/html.lua` `ZERO_FONT`
- Gmail sender guidelines (support.google.com/mail/answer/81126): don't use HTML and CSS to hide content
"#,
        zh: r#"## 检查什么
查找含字母或数字、但样式让人无法阅读的文字：

- 字号为 0 或不超过 1 px / 1 pt（`font-size:0`、`font-size:1px`、`0.05em` 等），`em` 和 `%` 按父元素字号换算；
- 透明颜色（`color:transparent`、`rgba(…, 0)`、`#rrggbb00`）。

整封邮件只报告一条（2.0 分），标在第一处，并说明共有几处。

相对目录规则的改进：
- 按浏览器的方式继承样式：外层设置了 `font-size:0` 或 `color:transparent`，但里面的文字重新设置了正常字号或颜色，就不算隐藏。
  邮件模板常在表格单元格上用 `font-size:0` 消除列间空隙，再给文字设置正常字号。
- 不统计 `<font size="1">`：它的显示大小约为 10 px（x-small），可以阅读；新版 SpamAssassin 也只把小于 8 px 的字号视为不可见。
  旧式签名常用它来写免责声明。

## 为什么重要
谁也看不见的文字只是写给过滤器看的：用无害的词稀释垃圾词，或者塞关键词。SpamAssassin 会对此计分
（`HTML_TEXT_INVISIBLE_FONT`、`WORD_INVIS`、`WORD_INVIS_MANY`），Rspamd 会统计零字号文字块（`ZERO_FONT`）。Gmail 指南也要求不要隐藏内容。

## 示例
`<span style="font-size:0">cheap replica watches</span>` 会触发；`<td style="font-size:0"><span style="font-size:14px">Hi Maria,</span></td>` 不会。

## 如何修改
删除隐藏的文字。如果是预览文字（preheader），请写得简短、可读，或者干脆不用。

## 参考
- SpamAssassin `rulesrc/sandbox/jhardin/20_misc_testing.cf` `HTML_TEXT_INVISIBLE_FONT`、`WORD_INVIS`、`WORD_INVIS_MANY`
- SpamAssassin `lib/Mail/SpamAssassin/HTML.pm` `html_font_invisible`（字号小于 8 px）
- Rspamd `rules/html.lua` `ZERO_FONT`
- Gmail 发件人指南（support.google.com/mail/answer/81126）：不要使用 HTML 和 CSS 隐藏内容
"#,
    },
    check,
};

/// Points (catalog).
const POINTS: f64 = 2.0;

fn check(a: &Analysis, out: &mut Hits) {
    let Some(doc) = &a.html else {
        return;
    };
    // The renderer computes sizes and colours as browsers inherit them, so a child that sets
    // a normal size or an opaque colour again is not listed.
    let unseen: Vec<&HiddenText> = doc
        .hidden
        .iter()
        .filter(|h| matches!(h.how, Hiding::TinyFont | Hiding::Transparent) && has_words(&h.text))
        .collect();
    let Some(first) = unseen.first() else {
        return;
    };
    let transparent = first.how == Hiding::Transparent;
    let quoted = excerpt(&first.text, 60);
    let why_en = if transparent { "transparent" } else { "in a font too small to see" };
    let why_zh = if transparent { "是透明的" } else { "字号小到看不见" };
    let (en, zh) = match unseen.len() {
        1 => (format!("\"{quoted}\" is {why_en}"), format!("“{quoted}”{why_zh}")),
        n => (
            format!("\"{quoted}\" is {why_en}, and {} more piece(s) of text are hidden the same way", n - 1),
            format!("“{quoted}”{why_zh}，另有 {} 处文字也是这样隐藏的", n - 1),
        ),
    };
    let span = first.span.clone();
    let hit = out.add(POINTS, Part::Body);
    if let Some(span) = span {
        hit.at(span);
    }
    hit.say(en, zh);
}
