//! H09 `html-clipped-by-gmail`: the HTML is larger than Gmail shows before clipping.

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// H09.
pub(crate) static RULE: Rule = Rule {
    code: "H09",
    name: "html-clipped-by-gmail",
    category: Category::Html,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "The HTML is over 102 KB: Gmail will clip the message",
        zh: "HTML 超过 102 KB：Gmail 会截断这封邮件",
    },
    fix: L10n {
        en: "Gmail will clip the message (hiding the footer and unsubscribe link); simplify the HTML or shorten the mail.",
        zh: "Gmail 会截断邮件（页脚和退订链接会被隐藏）；请精简 HTML 代码或缩短邮件。",
    },
    doc: doc! {
        en: r#"## What it does
Estimates the size of the HTML part as it will travel and flags it above 102 KB (104,448
bytes). Mail programs send HTML either quoted-printable, where each non-ASCII byte becomes `=XX`
(three bytes), or base64, which adds a third to everything, and pick the shorter; the estimate
is the smaller of the two, so mostly-English HTML counts at its own size and Chinese HTML at
about 4/3 of it. Images embedded as separate parts do not count; `data:` images written into the
HTML do.

## Why it matters
Gmail shows only the first ~102 KB of a message's HTML and replaces the rest with "[Message
clipped] View entire message". The hidden part usually holds the signature, the company address
and the unsubscribe link, which the law and bulk-sender rules require to be visible, and a
clipped mail is often what was pasted from a web page or a heavy template.

## Example
Fires: a newsletter template of 140 KB with inline CSS on every cell. Does not fire: an
ordinary business mail of a few KB.

## How to fix
Remove what the reader does not see: repeated inline styles, comments, unused template blocks,
`data:` images (attach them as inline images instead). Write long content as a PDF or a web
page and link it.

## References
- spamresource.com, "What is Gmail clipping and what to do about it" (2022)
- Campaign Monitor and Email on Acid notes on Gmail's 102 KB limit
"#,
        zh: r#"## 检查什么
估算 HTML 部分在传输时的大小，超过 102 KB（104,448 字节）时提示。邮件程序发送 HTML 时，要么用 quoted-printable 编码（每个非
ASCII 字节变成三个字节的 `=XX`），要么用 base64 编码（整体增加三分之一），并选用较短的一种；本规则取两者中较小的估算值，因此以英文为主的
HTML 基本按原大小计算，中文 HTML 约按原大小的 4/3 计算。作为独立部分嵌入的图片不计，直接写在 HTML 里的 `data:` 图片计入。

## 为什么重要
Gmail 只显示邮件 HTML 的前 102 KB 左右，其余部分会被替换为"[邮件已被截断] 查看完整邮件"。被隐藏的通常正是签名、公司地址和退订链接，而法律和群发规范都要求这些内容清晰可见。被截断的邮件往往是从网页粘贴的内容或过于臃肿的模板。

## 示例
会触发：每个单元格都写满内联 CSS、体积 140 KB 的新闻邮件模板。不会触发：只有几 KB 的普通商务邮件。

## 如何修改
删掉收件人看不到的内容：重复的内联样式、注释、用不到的模板区块、`data:` 图片（改为内嵌图片插入）。长内容可以做成 PDF 或网页，在邮件中给出链接。

## 参考
- spamresource.com："What is Gmail clipping and what to do about it"（2022）
- Campaign Monitor、Email on Acid 关于 Gmail 102 KB 限制的说明
"#,
    },
    check,
};

/// Gmail clips the HTML past about 102 KB.
const GMAIL_CLIP_BYTES: usize = 102 * 1024;

/// The HTML's size once encoded for sending: the smaller of quoted-printable (ASCII bytes as
/// they are, others as `=XX`) and base64 (four bytes for three), as mail programs choose.
fn encoded_size(html: &str) -> usize {
    let quoted_printable: usize = html.bytes().map(|b| if b.is_ascii() { 1 } else { 3 }).sum();
    let base64 = html.len().div_ceil(3) * 4;
    quoted_printable.min(base64)
}

fn check(a: &Analysis, out: &mut Hits) {
    // The draft's full HTML, not the clipped copy the other rules read.
    let Some(html) = a.draft.html.as_deref() else {
        return;
    };
    // The estimate never exceeds the base64 size: small mails need no byte-by-byte count.
    if html.len().div_ceil(3) * 4 <= GMAIL_CLIP_BYTES {
        return;
    }
    let size = encoded_size(html);
    if size <= GMAIL_CLIP_BYTES {
        return;
    }
    let kb = size.div_ceil(1024);
    let raw_kb = html.len().div_ceil(1024);
    let (en, zh) = if size > html.len() + 1024 {
        (
            format!("The HTML is {raw_kb} KB, about {kb} KB once encoded for sending: Gmail clips at 102 KB"),
            format!("HTML 有 {raw_kb} KB，编码发送后约 {kb} KB：Gmail 超过 102 KB 就会截断"),
        )
    } else {
        (format!("The HTML is {kb} KB: Gmail clips at 102 KB"), format!("HTML 有 {kb} KB：Gmail 超过 102 KB 就会截断"))
    };
    out.add(1.0, Part::Body).say(en, zh);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_takes_the_shorter_form() {
        assert_eq!(encoded_size("ab"), 2);
        assert_eq!(encoded_size("报价"), 8);
        assert_eq!(encoded_size(&"a".repeat(99)), 99);
    }
}
