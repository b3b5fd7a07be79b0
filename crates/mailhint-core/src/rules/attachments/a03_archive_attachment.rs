//! A03 `archive-attachment`: a file is sent packed in an archive (`.zip`, `.rar`, `.7z`…), worse
//! when it is password-protected or named like an order or payment document.

use super::common;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// A03.
pub(crate) static RULE: Rule = Rule {
    code: "A03",
    name: "archive-attachment",
    category: Category::Attachments,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "An attachment is an archive (.zip, .rar, .7z…) that filters cannot fully inspect",
        zh: "附件是压缩文件（.zip、.rar、.7z 等），过滤器无法完全检查",
    },
    fix: L10n {
        en: "Attach the PDF itself, or use a cloud link on a known domain.",
        zh: "请直接附上 PDF 文件，或改用知名域名上的云盘链接。",
    },
    doc: doc! {
        en: r#"## What it does
Flags each attached archive (`.zip`, `.rar`, `.7z`, `.gz`, `.tgz`, `.tar`, `.bz2`, `.xz`, `.ace`,
`.arj`, `.lzh`, split parts such as `.r01`), by extension or MIME type:
- any archive: 1.0 point;
- a password-protected archive: 2.0 instead. An archive counts as protected when the mail
  parser saw the ZIP "encrypted" flag, the composer says so, or the message mentions a password
  (`password`, `密码`, `解压码`…), which is how protected archives are always sent;
- the archive's name contains order, quotation, RFQ, shipment, shipping, payment, invoice,
  contract, document(s), notice or advice: +1.0.

## Why it matters
Gateways cannot look inside encrypted archives, and malware is mostly sent in archives named
like trade documents: Rspamd's `exe_clickbait` map lists exactly these words
(`EXE_ARCHIVE_CLICKBAIT_*`, 9 points when a program is inside), and `MIME_ENCRYPTED_ARCHIVE`
scores 2.0. Many corporate gateways quarantine every archive from an unknown sender.

## Example
`Photos.zip` gets 1.0; `Purchase_Order_4471.zip` gets 2.0; `Quotation.rar` sent with "the
password is 1234" gets 3.0. `Quotation-4471.pdf` gets nothing.

## How to fix
Attach the PDF, spreadsheet or pictures themselves. For many or large files, send one link to a
well-known cloud drive or your company's website, and say in the text what it contains.

## References
- Rspamd `rules/archives.lua` and `conf/maps.d/exe_clickbait.inc` (`EXE_ARCHIVE_CLICKBAIT_FILENAME`)
- Rspamd `src/plugins/lua/mime_types.lua` `MIME_ENCRYPTED_ARCHIVE` (2.0), `MIME_ARCHIVE_IN_ARCHIVE`
- SpamAssassin `MALW_ATTACH` (`rulesrc/sandbox/jhardin/20_misc_testing.cf`)
"#,
        zh: r#"## 检查什么
按扩展名或 MIME 类型逐个检查附件中的压缩文件（`.zip`、`.rar`、`.7z`、`.gz`、`.tgz`、`.tar`、`.bz2`、`.xz`、`.ace`、
`.arj`、`.lzh`，以及 `.r01` 这类分卷）：
- 任何压缩文件：1.0 分；
- 加密压缩文件：改计 2.0 分。邮件解析器发现 ZIP 的加密标志、写信工具标明已加密，或者邮件正文提到密码
  （`password`、`密码`、`解压码` 等，加密压缩包总是这样发送的），都算作加密；
- 压缩文件名含有 order、quotation、RFQ、shipment、shipping、payment、invoice、contract、document(s)、notice 或
  advice：再加 1.0 分。

## 为什么重要
网关无法查看加密压缩包里的内容，而恶意软件大多装在以外贸单据命名的压缩包里：Rspamd 的 `exe_clickbait` 列表正是这些词
（`EXE_ARCHIVE_CLICKBAIT_*`，里面有程序时计 9 分），`MIME_ENCRYPTED_ARCHIVE` 计 2.0 分。很多企业网关会隔离陌生发件人的所有压缩包。

## 示例
`Photos.zip` 计 1.0 分；`Purchase_Order_4471.zip` 计 2.0 分；`Quotation.rar` 并在正文写"密码是 1234"计 3.0 分。
`Quotation-4471.pdf` 不计分。

## 如何修改
直接附上 PDF、表格或图片本身。文件多或大时，发一个知名云盘或公司网站的链接，并在正文说明里面有什么。

## 参考
- Rspamd `rules/archives.lua` 与 `conf/maps.d/exe_clickbait.inc`（`EXE_ARCHIVE_CLICKBAIT_FILENAME`）
- Rspamd `src/plugins/lua/mime_types.lua` 的 `MIME_ENCRYPTED_ARCHIVE`（2.0）、`MIME_ARCHIVE_IN_ARCHIVE`
- SpamAssassin `MALW_ATTACH`（`rulesrc/sandbox/jhardin/20_misc_testing.cf`）
"#,
    },
    check,
};

/// Archive extensions.
const ARCHIVE_EXTS: &[&str] = &[
    "zip", "zipx", "rar", "7z", "gz", "tgz", "tar", "bz2", "tbz", "tbz2", "xz", "txz", "ace", "arj", "lzh", "lha", "z",
];

/// Archive MIME types.
const ARCHIVE_MIME: &[&str] = &[
    "application/zip",
    "application/x-zip-compressed",
    "application/x-rar-compressed",
    "application/vnd.rar",
    "application/x-7z-compressed",
    "application/gzip",
    "application/x-gzip",
    "application/x-tar",
    "application/x-bzip2",
    "application/x-xz",
    "application/x-ace-compressed",
];

fn check(a: &Analysis, out: &mut Hits) {
    let archives: Vec<_> = a.attachments().iter().filter(|att| is_archive(att)).collect();
    if archives.is_empty() {
        return;
    }
    // Protected archives travel with their password in the text; look once for the whole mail.
    let password_in_text = crate::regex!(
        r"(?i)(?-u:\b)(?:password|passwort|pass word|passcode|contraseña|mot de passe|senha)(?-u:\b)|пароль|密码|解压码"
    )
    .is_match(&a.body);
    for att in archives {
        let name = att.name.trim();
        let encrypted = att.encrypted || password_in_text;
        let clickbait = clickbait_word(name);
        let mut points = if encrypted { 2.0 } else { 1.0 };
        let (mut en, mut zh) = if encrypted {
            (format!("“{name}” is a password-protected archive"), format!("“{name}” 是加密的压缩文件"))
        } else {
            (format!("“{name}” is an archive"), format!("“{name}” 是压缩文件"))
        };
        if let Some(word) = clickbait {
            points += 1.0;
            en.push_str(&format!(" named like a trade document (“{word}”), as malware often is"));
            zh.push_str(&format!("，且文件名像外贸单据（“{word}”），恶意附件常用这种命名"));
        }
        out.add(points, Part::Attachments).say(en, zh);
    }
}

/// Whether the attachment is an archive, by extension or by MIME type.
fn is_archive(att: &crate::draft::Attachment) -> bool {
    let exts = common::extensions(&att.name);
    let by_ext = exts.last().is_some_and(|e| {
        ARCHIVE_EXTS.contains(&e.as_str())
            || (e.len() == 3 && e.starts_with('r') && e[1..].bytes().all(|b| b.is_ascii_digit()))
    });
    by_ext || (exts.is_empty() && ARCHIVE_MIME.contains(&common::mime(att).as_str()))
}

/// The trade word in an archive's name that malware campaigns use as bait, if any. Words are
/// split at non-letters and at camel-case humps, so `PurchaseOrder` and `Purchase_Order` both
/// count while `border` does not.
fn clickbait_word(name: &str) -> Option<String> {
    const BAIT: &[&str] = &[
        "order",
        "orders",
        "quotation",
        "quotations",
        "rfq",
        "shipment",
        "shipments",
        "shipping",
        "payment",
        "payments",
        "invoice",
        "invoices",
        "contract",
        "contracts",
        "document",
        "documents",
        "notice",
        "advice",
        "advisory",
        "aviso",
        "pago",
    ];
    let mut word = String::new();
    let mut prev_lower = false;
    let mut found = None;
    let mut flush = |w: &mut String| {
        if found.is_none() && BAIT.iter().any(|b| b.eq_ignore_ascii_case(w)) {
            found = Some(w.clone());
        }
        w.clear();
    };
    for c in name.chars() {
        if c.is_ascii_alphabetic() {
            if c.is_ascii_uppercase() && prev_lower {
                flush(&mut word);
            }
            prev_lower = c.is_ascii_lowercase();
            word.push(c);
        } else {
            prev_lower = false;
            flush(&mut word);
        }
    }
    flush(&mut word);
    found
}

#[cfg(test)]
mod tests {
    use super::clickbait_word;

    #[test]
    fn bait_words_are_whole_words() {
        assert_eq!(clickbait_word("PurchaseOrder_4471.zip").as_deref(), Some("Order"));
        assert_eq!(clickbait_word("SHIPPING-DOCS.rar").as_deref(), Some("SHIPPING"));
        assert_eq!(clickbait_word("border-lights.zip"), None);
        assert_eq!(clickbait_word("Photos June.zip"), None);
    }
}
