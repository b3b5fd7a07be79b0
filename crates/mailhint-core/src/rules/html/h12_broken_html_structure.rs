//! H12 `broken-html-structure`: unbalanced or malformed HTML, typically pasted.

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// H12.
pub(crate) static RULE: Rule = Rule {
    code: "H12",
    name: "broken-html-structure",
    category: Category::Html,
    severity: Severity::Low,
    cap: None,
    summary: L10n {
        en: "The HTML is malformed (unbalanced or stray tags)", zh: "HTML 结构有错误（标签不配对或多余）"
    },
    fix: L10n {
        en: "Fix or clean the pasted HTML: paste as plain text and format it again in the editor.",
        zh: "请修正或清理粘贴进来的 HTML：以纯文本方式粘贴，再在编辑器里重新排版。",
    },
    doc: doc! {
        en: r#"## What it does
Flags, in one finding that lists them, the structural defects SpamAssassin scores:
- `<head>` or `<body>` opened more often than closed (`HTML_TAG_BALANCE_HEAD`,
  `HTML_TAG_BALANCE_BODY`);
- closing tags with nothing to close making up more than 9 % of all tags (`HTML_EXTRA_CLOSE`,
  SpamAssassin's `closed_extra / tags`);
- a raw message whose only body is HTML without an `<html>` tag (`HTML_MIME_NO_HTML_TAG`).

The last check only applies to raw messages with no plain-text part: a draft from a webmail
editor is a fragment the provider wraps when sending, and Gmail's own messages carry a text part.

## Why it matters
Mail programs write tidy HTML; broken HTML comes from hand-made templates, pasted web pages and
bulk-mailing software, so filters treat it as a small spam sign. Broken structure also renders
differently from one client to another, so the buyer may not see what you saw.

## Example
Fires: a pasted template with `<body>` but no `</body>`, or a fragment full of stray `</div>`
and `</td>` tags. Does not fire: anything written in Gmail's or Outlook's editor.

## How to fix
Paste the content as plain text (Ctrl+Shift+V) and format it again in the editor, or run the
template through an HTML validator and close every tag you open.

## References
- SpamAssassin `rules/20_html_tests.cf` `HTML_TAG_BALANCE_BODY`, `HTML_TAG_BALANCE_HEAD`,
  `HTML_EXTRA_CLOSE`, `HTML_MIME_NO_HTML_TAG`; `HTML.pm` (`closed_extra_ratio`)
"#,
        zh: r#"## 检查什么
检查 SpamAssassin 计分的几种 HTML 结构错误，发现时合并为一条提示并逐项列出：
- `<head>` 或 `<body>` 打开的次数多于关闭的次数（`HTML_TAG_BALANCE_HEAD`、`HTML_TAG_BALANCE_BODY`）；
- 没有对应开始标签的多余结束标签超过全部标签的 9%（`HTML_EXTRA_CLOSE`，即 SpamAssassin 的 `closed_extra / tags`）；
- 只有 HTML 正文的原始邮件中没有 `<html>` 标签（`HTML_MIME_NO_HTML_TAG`）。

最后一项只针对没有纯文本部分的原始邮件：网页邮箱编辑器中的草稿只是一个片段，发送时由邮箱服务商补全；Gmail 自己发出的邮件也带有纯文本部分。

## 为什么重要
邮件程序生成的 HTML 都很规范；结构错乱的 HTML 多来自手工模板、粘贴的网页和群发软件，因此过滤器把它当作一个小的垃圾邮件信号。结构错误还会导致不同客户端显示效果不同，客户看到的可能和你看到的不一样。

## 示例
会触发：粘贴的模板有 `<body>` 却没有 `</body>`，或者片段中到处是多余的 `</div>`、`</td>`。不会触发：在 Gmail 或 Outlook 编辑器中正常写的邮件。

## 如何修改
以纯文本方式粘贴内容（Ctrl+Shift+V），再在编辑器里重新排版；或者用 HTML 校验工具检查模板，确保每个打开的标签都有关闭。

## 参考
- SpamAssassin `rules/20_html_tests.cf` `HTML_TAG_BALANCE_BODY`、`HTML_TAG_BALANCE_HEAD`、`HTML_EXTRA_CLOSE`、`HTML_MIME_NO_HTML_TAG`；`HTML.pm`（`closed_extra_ratio`）
"#,
    },
    check,
};

/// SpamAssassin's `HTML_EXTRA_CLOSE` threshold: extra closing tags over all tags.
const EXTRA_CLOSE_RATIO: f64 = 0.09;

fn check(a: &Analysis, out: &mut Hits) {
    let Some(doc) = &a.html else {
        return;
    };
    let s = &doc.stats;
    let mut en: Vec<String> = Vec::new();
    let mut zh: Vec<String> = Vec::new();
    if s.head_open > s.head_close {
        en.push("<head> is not closed".into());
        zh.push("<head> 没有关闭".into());
    }
    if s.body_open > s.body_close {
        en.push("<body> is not closed".into());
        zh.push("<body> 没有关闭".into());
    }
    if s.tags > 0 && s.extra_closes as f64 / s.tags as f64 > EXTRA_CLOSE_RATIO {
        let percent = (s.extra_closes as f64 * 100.0 / s.tags as f64).round();
        en.push(format!("{} stray closing tags ({percent}% of tags)", s.extra_closes));
        zh.push(format!("有 {} 个多余的结束标签（占全部标签的 {percent}%）", s.extra_closes));
    }
    // Only a raw, HTML-only message is judged on its missing <html> tag: an editor's draft is a
    // fragment that the provider completes, and a message with a text part is not HTML-only.
    let raw_html_only = a.draft.text.is_none() && a.draft.header("Content-Type").is_some();
    if raw_html_only && !s.has_html_tag {
        en.push("the HTML-only message has no <html> tag".into());
        zh.push("只有 HTML 正文的邮件缺少 <html> 标签".into());
    }
    if !en.is_empty() {
        out.add(0.5, Part::Body)
            .say(format!("Malformed HTML: {}", en.join("; ")), format!("HTML 结构错误：{}", zh.join("；")));
    }
}
