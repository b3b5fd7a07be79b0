//! A08 `html-attachment`: a web page (`.html`, `.htm`, `.mht`…) is attached.

use super::common;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// A08.
pub(crate) static RULE: Rule = Rule {
    code: "A08",
    name: "html-attachment",
    category: Category::Attachments,
    severity: Severity::High,
    cap: None,
    summary: L10n { en: "A web page (HTML file) is attached", zh: "附件是网页文件（HTML）" },
    fix: L10n {
        en: "HTML files as attachments are treated as phishing: attach a PDF instead, or link to the page.",
        zh: "以附件形式发送的 HTML 文件会被当作钓鱼邮件，请改为附上 PDF，或直接给出网页链接。",
    },
    doc: doc! {
        en: r#"## What it does
Flags each attachment that is a web page: extension `.html`, `.htm`, `.shtml`, `.shtm`,
`.xhtml`, `.xht`, `.mht` or `.mhtml`, or a declared type `text/html` or
`application/xhtml+xml`.

## Why it matters
Attached HTML files open in the browser with full scripting and are the usual carrier of
credential-phishing forms ("Invoice.html" showing a fake login page). Rspamd lists `html`,
`htm` and `mht` among its bad extensions and SpamAssassin's `PHISH_ATTACH` scores a document
name ending in `.html` 3.5. Many gateways quarantine every HTML attachment.

## Example
`Quotation.html` or `Product-page.mht` fires; `Quotation.pdf` does not.

## How to fix
Print the page to PDF and attach the PDF, or put the page on your website and send the link.

## References
- Rspamd `src/plugins/lua/mime_types.lua` (`html`, `htm`, `mht`), `MIME_BAD_EXTENSION`
- SpamAssassin `PHISH_ATTACH` (`rulesrc/sandbox/jhardin/20_misc_testing.cf`)
"#,
        zh: r#"## 检查什么
逐个检查附件是否为网页文件：扩展名为 `.html`、`.htm`、`.shtml`、`.shtm`、`.xhtml`、`.xht`、`.mht` 或 `.mhtml`，
或者声明的类型为 `text/html`、`application/xhtml+xml`。

## 为什么重要
附件里的 HTML 文件会在浏览器中打开并可以运行脚本，是盗取账号密码的钓鱼表单最常用的载体（例如 "Invoice.html" 打开后是假的登录页）。
Rspamd 把 `html`、`htm`、`mht` 列为危险扩展名，SpamAssassin 的 `PHISH_ATTACH` 对以 `.html` 结尾的文档名计 3.5 分。
很多网关会隔离所有 HTML 附件。

## 示例
`Quotation.html` 或 `Product-page.mht` 会触发；`Quotation.pdf` 不会。

## 如何修改
把网页打印成 PDF 后附上 PDF，或者把网页放在公司网站上，在邮件里发链接。

## 参考
- Rspamd `src/plugins/lua/mime_types.lua`（`html`、`htm`、`mht`），`MIME_BAD_EXTENSION`
- SpamAssassin `PHISH_ATTACH`（`rulesrc/sandbox/jhardin/20_misc_testing.cf`）
"#,
    },
    check,
};

const HTML_EXTS: &[&str] = &["html", "htm", "shtml", "shtm", "xhtml", "xht", "mht", "mhtml"];

fn check(a: &Analysis, out: &mut Hits) {
    for att in a.attachments() {
        let exts = common::extensions(&att.name);
        let mime = common::mime(att);
        let html = exts.last().is_some_and(|ext| HTML_EXTS.contains(&ext.as_str()))
            || mime == "text/html"
            || mime == "application/xhtml+xml";
        if html {
            let name = att.name.trim();
            out.add(2.0, Part::Attachments).say(format!("“{name}” is a web page"), format!("“{name}” 是网页文件"));
        }
    }
}
