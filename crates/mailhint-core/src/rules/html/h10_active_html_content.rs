//! H10 `active-html-content`: scripts, forms, frames, plugins, redirects or external style
//! sheets in the HTML.

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// H10.
pub(crate) static RULE: Rule = Rule {
    code: "H10",
    name: "active-html-content",
    category: Category::Html,
    severity: Severity::Critical,
    cap: None,
    summary: L10n {
        en: "The HTML contains scripts, forms, frames or other active content",
        zh: "HTML 中含有脚本、表单、框架等动态内容",
    },
    fix: L10n {
        en: "Remove scripts, forms and embedded objects: email clients strip them and filters flag them.",
        zh: "请删除脚本、表单和嵌入对象：邮件客户端会把它们过滤掉，过滤器也会因此扣分。",
    },
    doc: doc! {
        en: r#"## What it does
Flags, once per kind, HTML constructs that have no place in an email:
- `<script>` elements and `on…=` event-handler attributes (`onclick`, `onload`…) — 3.0;
- `<form>` — 3.0;
- `<iframe>`, `<frame>`, `<frameset>` — 3.0;
- `<object>`, `<applet>`, `<embed>` — 3.0;
- `<meta http-equiv="refresh">` — 3.0;
- `<link rel="stylesheet" href="…">`, an external style sheet — 1.0.

They usually arrive when a web page or a web-builder template is pasted into the editor.

## Why it matters
No mail client runs scripts, submits forms or loads frames, so their only users are phishing
and malware. Microsoft 365 lets organisations mark any mail containing them as spam
(`MarkAsSpamJavaScriptInHtml`, `…FormTagsInHtml`, `…FramesInHtml`, `…ObjectTagsInHtml`,
`…EmbedTagsInHtml`), Rspamd scores a meta refresh 5.0 (`HTML_META_REFRESH_URL`) and an external
style sheet 1.0 (`EXT_CSS`), and SpamAssassin has `HTML_EMBEDS` and `HTML_IFRAME_SRC`. A single
construct can put a business mail in the junk folder of a Microsoft 365 buyer.

## Example
Fires: a product page pasted from the website, with its `<script>` tags and a contact `<form>`.
Does not fire: the same content written in the editor, with a link to the web page.

## How to fix
Write the mail in the editor rather than pasting a web page. Replace forms with a link to the
form on your website ("Request a quotation: x-lighting.com/rfq"), videos with a linked
thumbnail, and external style sheets with inline styles.

## References
- Microsoft Exchange Online Protection, Advanced Spam Filter options
  `MarkAsSpamJavaScriptInHtml`, `MarkAsSpamFormTagsInHtml`, `MarkAsSpamFramesInHtml`,
  `MarkAsSpamObjectTagsInHtml`, `MarkAsSpamEmbedTagsInHtml`
- Rspamd `HTML_META_REFRESH_URL` (5.0), `EXT_CSS` (1.0)
- SpamAssassin `rules/20_html_tests.cf` `HTML_EMBEDS`, `HTML_IFRAME_SRC`
"#,
        zh: r#"## 检查什么
HTML 中出现下列不应出现在邮件里的结构时提示，每类提示一次：
- `<script>` 元素和 `on…=` 事件属性（`onclick`、`onload` 等）—— 3.0 分；
- `<form>` 表单 —— 3.0 分；
- `<iframe>`、`<frame>`、`<frameset>` 框架 —— 3.0 分；
- `<object>`、`<applet>`、`<embed>` 嵌入对象 —— 3.0 分；
- `<meta http-equiv="refresh">` 自动跳转 —— 3.0 分；
- `<link rel="stylesheet" href="…">` 外部样式表 —— 1.0 分。

这些内容通常是把网页或建站模板粘贴进编辑器时带进来的。

## 为什么重要
没有任何邮件客户端会运行脚本、提交表单或加载框架，会用到它们的只有钓鱼和恶意软件。Microsoft 365 允许企业把含有这些内容的邮件直接标为垃圾邮件（`MarkAsSpamJavaScriptInHtml`、`…FormTagsInHtml`、`…FramesInHtml`、`…ObjectTagsInHtml`、`…EmbedTagsInHtml`），Rspamd
对自动跳转计 5.0 分（`HTML_META_REFRESH_URL`）、对外部样式表计 1.0 分（`EXT_CSS`），SpamAssassin 也有 `HTML_EMBEDS` 和 `HTML_IFRAME_SRC`。只要出现一处，发给使用 Microsoft 365 的客户的商务邮件就可能进入垃圾箱。

## 示例
会触发：从公司网站粘贴的产品页，带着 `<script>` 标签和联系 `<form>` 表单。不会触发：同样的内容在编辑器里直接写，并附上网页链接。

## 如何修改
在邮件编辑器里写邮件，不要粘贴整个网页。表单换成网站表单的链接（例如 "Request a quotation: x-lighting.com/rfq"），视频换成带链接的缩略图，外部样式表换成内联样式。

## 参考
- Microsoft Exchange Online Protection 高级垃圾邮件筛选选项 `MarkAsSpamJavaScriptInHtml`、`MarkAsSpamFormTagsInHtml`、`MarkAsSpamFramesInHtml`、`MarkAsSpamObjectTagsInHtml`、`MarkAsSpamEmbedTagsInHtml`
- Rspamd `HTML_META_REFRESH_URL`（5.0）、`EXT_CSS`（1.0）
- SpamAssassin `rules/20_html_tests.cf` `HTML_EMBEDS`、`HTML_IFRAME_SRC`
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let Some(doc) = &a.html else {
        return;
    };
    let s = &doc.stats;
    let found: [(usize, f64, &str, &str); 6] = [
        (
            s.scripts + s.event_handlers,
            3.0,
            "scripts or event handlers (<script>, on…=)",
            "脚本或事件属性（<script>、on…=）",
        ),
        (s.forms, 3.0, "forms (<form>)", "表单（<form>）"),
        (s.frames, 3.0, "frames (<iframe>, <frame>)", "框架（<iframe>、<frame>）"),
        (s.objects + s.embeds, 3.0, "embedded objects (<object>, <embed>)", "嵌入对象（<object>、<embed>）"),
        (
            s.meta_refresh,
            3.0,
            "a refresh redirect (<meta http-equiv=\"refresh\">)",
            "自动跳转（<meta http-equiv=\"refresh\">）",
        ),
        (
            s.external_css,
            1.0,
            "external style sheets (<link rel=\"stylesheet\">)",
            "外部样式表（<link rel=\"stylesheet\">）",
        ),
    ];
    for (count, points, en, zh) in found {
        if count > 0 {
            out.add(points, Part::Body)
                .say(format!("The HTML contains {en}: {count} found"), format!("HTML 中含有{zh}，共 {count} 处"));
        }
    }
}
