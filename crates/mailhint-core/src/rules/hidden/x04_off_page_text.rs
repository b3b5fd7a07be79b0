//! X04 `off-page-text`: content positioned far off the visible page.

use crate::analysis::Analysis;
use crate::html::Hiding;
use crate::limits;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

use super::{excerpt, has_words};

/// X04.
pub(crate) static RULE: Rule = Rule {
    code: "X04",
    name: "off-page-text",
    category: Category::Hidden,
    severity: Severity::High,
    cap: None,
    summary: L10n { en: "Content is positioned off the visible page", zh: "有内容被定位到可见页面之外" },
    fix: L10n {
        en: "Content positioned off-screen is treated as hidden; delete it or place it normally.",
        zh: "被移到屏幕外的内容会被视为隐藏内容，请删除，或让它正常显示。",
    },
    doc: doc! {
        en: r#"## What it does
Fires when the pasted HTML moves content far off the page: a negative `top` or `left` of three
digits or more in pixels (`left:-9999px`), or a negative `text-indent` of three digits or more
(`text-indent:-5000px`), in a `style` attribute or a `<style>` sheet — SpamAssassin's
`HTML_OFF_PAGE` pattern. The renderer also recognises the same offsets in other units
(`-100pt`, `-80em`). The finding is placed on the first off-page text when there is one.

## Why it matters
Text moved off-screen is invisible to the reader but read by filters, a way to hide keywords
that does not use `display:none`. SpamAssassin's `HTML_OFF_PAGE` scores it (3.0 in the inline
rule set) and Gmail's guidelines ask senders not to hide content.

## Example
`<div style="position:absolute;left:-9999px">best price cheap</div>` fires;
`<div style="margin-left:-10px">` and `margin-top:-120px` do not.

## How to fix
Delete the off-page content. Web "screen-reader only" and image-replacement tricks have no use
in email.

## References
- SpamAssassin `rulesrc/sandbox/jhardin/20_misc_testing.cf` `HTML_OFF_PAGE`
- Gmail sender guidelines (support.google.com/mail/answer/81126): don't use HTML and CSS to hide content
"#,
        zh: r#"## 检查什么
检查粘贴的 HTML 是否把内容移到页面之外很远的地方：`top` 或 `left` 为三位数以上的负像素值（如 `left:-9999px`），
或 `text-indent` 为三位数以上的负值（如 `text-indent:-5000px`），无论写在 `style` 属性还是 `<style>` 样式表中——
这是 SpamAssassin `HTML_OFF_PAGE` 的匹配模式。渲染器还能识别其他单位的同类偏移（`-100pt`、`-80em`）。
如果有被移出页面的文字，结果就标在第一处。

## 为什么重要
被移到屏幕外的文字读者看不见，过滤器却能读到，这是一种不用 `display:none` 的关键词隐藏手法。SpamAssassin 的 `HTML_OFF_PAGE`
会对此计分（内联规则集中为 3.0 分），Gmail 指南也要求不要隐藏内容。

## 示例
`<div style="position:absolute;left:-9999px">best price cheap</div>` 会触发；`<div style="margin-left:-10px">` 和 `margin-top:-120px` 不会。

## 如何修改
删除移出页面的内容。网页上"仅供读屏软件"或图片替换文字的技巧在邮件里没有用处。

## 参考
- SpamAssassin `rulesrc/sandbox/jhardin/20_misc_testing.cf` `HTML_OFF_PAGE`
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
    let source = a.draft.html.as_deref().map(|h| limits::clip(h, limits::MAX_BODY_BYTES)).unwrap_or("");
    let declaration =
        crate::regex!(r#"(?i)(?:^|[\s;"'{])(?:(?:top|left)\s*:\s*-\d{3,9}px|text-indent\s*:\s*-\d{3,})"#).find(source);
    let text = doc.hidden.iter().find(|h| h.how == Hiding::OffPage && has_words(&h.text));
    if declaration.is_none() && text.is_none() {
        return;
    }
    // The match may start with the character before the property; leave it out.
    let css = declaration.map(|m| {
        m.as_str()
            .trim_start_matches([' ', '\t', '\r', '\n', ';', '"', '\'', '{'])
            .split_whitespace()
            .collect::<String>()
    });
    let (en, zh) = match (text, &css) {
        (Some(t), _) => {
            let quoted = excerpt(&t.text, 60);
            (format!("\"{quoted}\" is positioned off the visible page"), format!("“{quoted}”被移到了可见页面之外"))
        }
        (None, Some(css)) => (
            format!("The HTML moves content off the visible page ({css})"),
            format!("HTML 把内容移到了可见页面之外（{css}）"),
        ),
        (None, None) => return,
    };
    let hit = out.add(POINTS, Part::Body);
    if let Some(span) = text.and_then(|t| t.span.clone()) {
        hit.at(span);
    }
    hit.say(en, zh);
}
