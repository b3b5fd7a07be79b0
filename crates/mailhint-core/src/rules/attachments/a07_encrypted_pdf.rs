//! A07 `encrypted-pdf`: an attached PDF is encrypted, so filters cannot read it.

use super::common;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// A07.
pub(crate) static RULE: Rule = Rule {
    code: "A07",
    name: "encrypted-pdf",
    category: Category::Attachments,
    severity: Severity::Low,
    cap: None,
    summary: L10n { en: "An attached PDF is encrypted", zh: "附件中的 PDF 已加密" },
    fix: L10n {
        en: "Avoid encrypted PDFs in first contact: send an ordinary PDF, or share the protected file once the buyer knows you.",
        zh: "首次联系时不要发送加密 PDF：请发送普通 PDF，等对方熟悉你之后再发送受保护的文件。",
    },
    doc: doc! {
        en: r#"## What it does
Flags each attached PDF that is encrypted: the file has an `/Encrypt` dictionary (found by the
mail parser) or the composer marks it as protected. This includes PDFs that open without a
password but forbid printing or copying, which are encrypted the same way.

## Why it matters
A scanner cannot read an encrypted PDF, and phishing often hides its link in one.
SpamAssassin scores `GMD_PDF_ENCRYPTED` 0.6 and Rspamd `PDF_ENCRYPTED` 0.3. If the buyer needs
a password, the mail must also carry it, which looks like the archive tricks of malware.

## Example
`Price-list-2025.pdf` saved with "restrict editing" fires; the same file saved normally does not.

## How to fix
Send an ordinary PDF. To protect a price list, add a watermark or "confidential" footer instead
of encryption, or share the protected file later through your own website.

## References
- SpamAssassin `rules/20_pdfinfo.cf` `GMD_PDF_ENCRYPTED` (0.6)
- Rspamd `PDF_ENCRYPTED` (0.3)
"#,
        zh: r#"## 检查什么
逐个检查附件中的 PDF 是否加密：文件中含有 `/Encrypt` 字典（由邮件解析器发现），或者写信工具标明文件受保护。
打开时不需要密码、但禁止打印或复制的 PDF 也采用同样的加密方式，同样会被报出。

## 为什么重要
扫描程序无法读取加密的 PDF，钓鱼邮件也常把链接藏在这种文件里。SpamAssassin 的 `GMD_PDF_ENCRYPTED` 计 0.6 分，
Rspamd 的 `PDF_ENCRYPTED` 计 0.3 分。如果对方需要密码，邮件里还得附上密码，这看起来就像恶意软件的压缩包手法。

## 示例
设置了"限制编辑"的 `Price-list-2025.pdf` 会触发；正常保存的同一文件不会。

## 如何修改
发送普通 PDF。如果想保护报价单，可以加水印或"机密"页脚，而不是加密；或者之后通过公司网站分享受保护的文件。

## 参考
- SpamAssassin `rules/20_pdfinfo.cf` 的 `GMD_PDF_ENCRYPTED`（0.6）
- Rspamd `PDF_ENCRYPTED`（0.3）
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    for att in a.attachments() {
        let is_pdf =
            common::extensions(&att.name).last().is_some_and(|e| e == "pdf") || common::mime(att) == "application/pdf";
        if att.encrypted && is_pdf {
            let name = att.name.trim();
            out.add(0.6, Part::Attachments)
                .say(format!("“{name}” is an encrypted PDF"), format!("“{name}” 是加密的 PDF"));
        }
    }
}
