//! A02 `disguised-attachment-name`: an attachment's name hides its real type behind a second
//! extension, padding or invisible characters, the way malware names its files.

use super::common;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// A02.
pub(crate) static RULE: Rule = Rule {
    code: "A02",
    name: "disguised-attachment-name",
    category: Category::Attachments,
    severity: Severity::Critical,
    cap: None,
    summary: L10n {
        en: "An attachment's name disguises its real file type", zh: "附件文件名掩盖了真实的文件类型"
    },
    fix: L10n {
        en: "Rename the file to a single, honest extension (e.g. Quotation-2025-06.pdf).",
        zh: "请把文件重命名为只有一个真实扩展名的名字（例如 Quotation-2025-06.pdf）。",
    },
    doc: doc! {
        en: r#"## What it does
Flags each attachment whose name matches a pattern filters use to spot disguised malware:
- a document name ending in a web page, `….pdf.html`, `…_docx.htm` (SpamAssassin `PHISH_ATTACH`);
- an invoice, statement or payment file, or a `.pdf`/`.jpg`/`.png`… name, packed in an archive
  or disk image: `invoice.zip`, `scan.pdf.rar`, `photo.jpg.iso` (`MALW_ATTACH`, which also
  matches `.SettingContent-ms`);
- two extensions where the last one is a program, script or web page: `report.pdf.exe`,
  `photo.jpg.scr` (Rspamd `MIME_DOUBLE_BAD_EXTENSION`), including names padded with spaces or
  underscores so the real extension falls out of view;
- invisible or direction-changing characters in the name (U+202E turns `invoice<U+202E>fdp.exe` into
  what looks like `invoiceexe.pdf`; Rspamd `MIME_BAD_UNICODE`). This last case is our addition.

`invoice.zip` fires although "invoice" is ordinary trade vocabulary: SpamAssassin scores exactly
that name 3.5, because it is the most common malware attachment name.

## Why it matters
SpamAssassin scores `PHISH_ATTACH` and `MALW_ATTACH` 3.5 each; Rspamd scores double extensions
up to 4. One such name is enough to send the whole mail to spam or quarantine.

## Example
`Quotation.pdf.html`, `Payment-advice.zip` or `catalog.pdf         .exe` fires;
`Quotation-2025-06.pdf` and `Photos-June.zip` do not (the second may still get A03).

## How to fix
Give each file one extension that matches its content, and send documents as plain PDF rather
than packed in archives.

## References
- SpamAssassin `rulesrc/sandbox/jhardin/20_misc_testing.cf` `PHISH_ATTACH`, `MALW_ATTACH`
  (3.5 each, `rules/73_sandbox_manual_scores.cf`)
- Rspamd `src/plugins/lua/mime_types.lua` `MIME_DOUBLE_BAD_EXTENSION`, `MIME_BAD_UNICODE`
"#,
        zh: r#"## 检查什么
逐个检查附件名是否符合过滤器识别伪装恶意文件的模式：
- 文档名后面接网页扩展名，如 `….pdf.html`、`…_docx.htm`（SpamAssassin `PHISH_ATTACH`）；
- 发票、对账单、付款文件，或 `.pdf`/`.jpg`/`.png` 等文件名被打包进压缩包或镜像：`invoice.zip`、`scan.pdf.rar`、
  `photo.jpg.iso`（`MALW_ATTACH`，也包括 `.SettingContent-ms`）；
- 双扩展名且最后一个是程序、脚本或网页：`report.pdf.exe`、`photo.jpg.scr`（Rspamd `MIME_DOUBLE_BAD_EXTENSION`），
  包括用空格或下划线把真实扩展名挤到看不见的位置；
- 文件名中含有不可见字符或改变文字方向的字符（U+202E 会让 `invoice<U+202E>fdp.exe` 看起来像 `invoiceexe.pdf`；
  Rspamd `MIME_BAD_UNICODE`），这一条是我们补充的。

虽然 "invoice" 是正常的外贸词汇，`invoice.zip` 仍会触发：SpamAssassin 对这个文件名恰好计 3.5 分，因为它是最常见的恶意附件名。

## 为什么重要
SpamAssassin 对 `PHISH_ATTACH` 和 `MALW_ATTACH` 各计 3.5 分，Rspamd 对双扩展名最高计 4 分。
只要有一个这样的文件名，整封邮件就可能进垃圾箱或被隔离。

## 示例
`Quotation.pdf.html`、`Payment-advice.zip` 或 `catalog.pdf         .exe` 会触发；`Quotation-2025-06.pdf` 和
`Photos-June.zip` 不会（后者可能触发 A03）。

## 如何修改
每个文件只保留一个与内容相符的扩展名；文档直接以 PDF 发送，不要打包成压缩文件。

## 参考
- SpamAssassin `rulesrc/sandbox/jhardin/20_misc_testing.cf` 的 `PHISH_ATTACH`、`MALW_ATTACH`（各 3.5 分，见
  `rules/73_sandbox_manual_scores.cf`）
- Rspamd `src/plugins/lua/mime_types.lua` 的 `MIME_DOUBLE_BAD_EXTENSION`、`MIME_BAD_UNICODE`
"#,
    },
    check,
};

/// Extensions of ordinary documents and media, the "bait" half of a double extension.
const DOCUMENT_EXTS: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "xlsm", "ppt", "pptx", "txt", "rtf", "csv", "odt", "ods", "jpg", "jpeg",
    "png", "gif", "bmp", "tif", "tiff", "webp", "mp3", "mp4", "mov", "avi", "wav",
];

/// Extensions that run code or open as a web page when double-clicked.
const RISKY_EXTS: &[&str] = &[
    "exe", "scr", "com", "pif", "bat", "cmd", "js", "jse", "vbs", "vbe", "wsf", "wsh", "hta", "jar", "msi", "lnk",
    "ps1", "cpl", "dll", "reg", "url", "iso", "img", "vhd", "vhdx", "html", "htm", "shtml", "mht", "mhtml", "xhtml",
    "svg",
];

fn check(a: &Analysis, out: &mut Hits) {
    for attachment in a.attachments() {
        let name = attachment.name.trim();
        if let Some((en, zh)) = disguise(name) {
            out.add(3.5, Part::Attachments).say(format!("“{name}”: {en}"), format!("“{name}”：{zh}"));
        }
    }
}

/// Why `name` looks disguised, in English and Chinese, if it does.
fn disguise(name: &str) -> Option<(&'static str, &'static str)> {
    if name
        .chars()
        .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}' | '\u{FEFF}'))
    {
        return Some((
            "the name contains invisible or direction-changing characters",
            "文件名中含有不可见字符或改变文字方向的字符",
        ));
    }
    if crate::regex!(r"(?i)(?:\.|·|_)(?:pdf|docx?)\s*\.\s*html?$").is_match(name) {
        return Some(("a document name that is really a web page", "看似文档，实际是网页文件"));
    }
    if crate::regex!(
        r"(?i)(?:(?:invoice|statement|payment(?: advice)?|[.,_·](?:pdf|img|png|gif|jpe?g|webp))\s*\.\s*(?:ace|zip|rar|r17|7z|gz|z|iso)|\.settingcontent-ms)$"
    )
    .is_match(name)
    {
        return Some((
            "a document or payment file packed in an archive, a classic malware name",
            "把文档或付款文件打包成压缩文件，是典型的恶意附件名",
        ));
    }
    let exts = common::extensions(name);
    if exts.len() >= 2 {
        let (inner, last) = (&exts[exts.len() - 2], &exts[exts.len() - 1]);
        if DOCUMENT_EXTS.contains(&inner.as_str()) && RISKY_EXTS.contains(&last.as_str()) {
            return Some((
                "two extensions, and the real one runs code or opens a web page",
                "双扩展名，真实的扩展名会执行代码或打开网页",
            ));
        }
    }
    // Padding before the last dot pushes the real extension out of narrow file-name columns.
    if crate::regex!(r"\S[\s_]{5,}\.[A-Za-z0-9]{1,8}$").is_match(name) {
        return Some(("spaces pad the name so the real extension is hidden", "文件名中塞满空格，隐藏了真实的扩展名"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::disguise;

    #[test]
    fn honest_names_pass_and_disguises_fire() {
        for ok in
            ["Quotation-2025-06.pdf", "Photos-June.zip", "PI_4471.xlsx", "spec.sheet.v2.pdf", "invoices 2024.xlsx"]
        {
            assert!(disguise(ok).is_none(), "{ok}");
        }
        for bad in [
            "Quotation.pdf.html",
            "invoice.zip",
            "scan.PDF.rar",
            "report.pdf.exe",
            "a\u{202E}fdp.exe",
            "catalog.pdf         .exe",
            "Order_docx.htm",
        ] {
            assert!(disguise(bad).is_some(), "{bad}");
        }
    }
}
