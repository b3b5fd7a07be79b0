//! A04 `oversized-attachments`: the attachments together are too large for many mail servers.

use super::common;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// A04.
pub(crate) static RULE: Rule = Rule {
    code: "A04",
    name: "oversized-attachments",
    category: Category::Attachments,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "The attachments are too large for many mail servers",
        zh: "附件总大小超出了很多邮件服务器的限制",
    },
    fix: L10n {
        en: "Large attachments bounce at many corporate gateways: send a download link and mention it in the text.",
        zh: "大附件在很多企业邮件网关会被退回，请改发下载链接，并在正文中说明。",
    },
    doc: doc! {
        en: r#"## What it does
Adds up the sizes of all attachments and measures them as they travel: attachments are
base64-encoded, which makes them a third larger (a 15 MB PDF becomes a 20 MB message). On that
encoded size:
- over 10 MB: 1.0 point;
- over 20 MB: 2.0 points;
- over 25 MB: 5.0 points, a block: Gmail will not attach it (it turns the file into a Drive link)
  and most servers refuse the message.

The catalog counts the files' own size; we count the encoded size because that is what the
limits of Gmail (25 MB), Outlook.com and corporate servers (often 10 or 20 MB) apply to, so a
19 MB file already fails at Gmail. Sizes are in MB of 1,048,576 bytes, as mail clients show them.
Attachments of unknown size are left out.

## Why it matters
Oversized mail bounces or is silently dropped at the recipient's gateway, and big attachments
from an unknown sender look like a blast. Many buyers read mail on the phone, where large files
are not downloaded.

## Example
A 9 MB catalogue passes; a 9 MB catalogue plus a 6 MB video (20 MB encoded) gets 1.0; a 20 MB
ZIP (26.7 MB encoded) is blocked.

## How to fix
Compress PDFs and pictures, send only what the buyer needs now, or share large files through a
download link on your website or a well-known cloud drive, and say so in the text.

## References
- Google Gmail Help, "Attachment size limits" (25 MB)
- Exchange Online message size limits (default 25 MB send, base64 overhead counted)
- Catalog §6 (base64 adds about 33 %)
"#,
        zh: r#"## 检查什么
把所有附件的大小加起来，并按实际传输时的大小计算：附件要经过 base64 编码，体积会增加三分之一（15 MB 的 PDF 会变成
20 MB 的邮件）。按编码后的大小：
- 超过 10 MB：1.0 分；
- 超过 20 MB：2.0 分；
- 超过 25 MB：5.0 分，属于无法发送：Gmail 不会把它作为附件（会改成云端硬盘链接），大多数服务器会拒收。

规则目录按文件本身的大小计算；我们按编码后的大小计算，因为 Gmail（25 MB）、Outlook.com 和企业服务器（常见 10 MB 或 20 MB）
的限制针对的就是编码后的大小，所以 19 MB 的文件在 Gmail 已经发不出去。大小以 1,048,576 字节为 1 MB，与邮件客户端显示一致。
不知道大小的附件不计入。

## 为什么重要
超大的邮件会在对方网关被退回或直接丢弃，陌生发件人发来的大附件也像群发邮件。很多采购在手机上看邮件，大文件不会自动下载。

## 示例
9 MB 的产品目录可以通过；9 MB 的目录加 6 MB 的视频（编码后 20 MB）计 1.0 分；20 MB 的 ZIP（编码后 26.7 MB）无法发送。

## 如何修改
压缩 PDF 和图片，只发送对方现在需要的文件，或者把大文件放到公司网站或知名云盘上，发下载链接并在正文中说明。

## 参考
- Google Gmail 帮助："附件大小限制"（25 MB）
- Exchange Online 邮件大小限制（默认发送 25 MB，包含 base64 编码开销）
- 规则目录 §6（base64 约增加 33%）
"#,
    },
    check,
};

const MB: u128 = 1_048_576;

fn check(a: &Analysis, out: &mut Hits) {
    let total: u128 = a.attachments().iter().filter_map(|att| att.size).map(u128::from).sum();
    // Base64 turns every 3 bytes into 4 characters.
    let encoded = total * 4 / 3;
    let points = match encoded {
        e if e > 25 * MB => 5.0,
        e if e > 20 * MB => 2.0,
        e if e > 10 * MB => 1.0,
        _ => return,
    };
    let (size, sent) = (common::megabytes(total), common::megabytes(encoded));
    let (en, zh) = if points >= 5.0 {
        (
            format!("Attachments total {size} ({sent} once encoded), over the 25 MB limit of Gmail and most servers"),
            format!("附件合计 {size}（编码后约 {sent}），超过 Gmail 和大多数服务器 25 MB 的上限"),
        )
    } else {
        (
            format!("Attachments total {size} ({sent} once encoded), more than many gateways accept"),
            format!("附件合计 {size}（编码后约 {sent}），超出很多邮件网关的接收限制"),
        )
    };
    out.add(points, Part::Attachments).say(en, zh);
}
