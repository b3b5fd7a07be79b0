//! A05 `attachment-without-context`: files are attached but the message says next to nothing
//! about them ("Please see attached").

use super::common;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// A05.
pub(crate) static RULE: Rule = Rule {
    code: "A05",
    name: "attachment-without-context",
    category: Category::Attachments,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "Files are attached but the message says almost nothing about them",
        zh: "邮件带有附件，但正文几乎没有说明",
    },
    fix: L10n {
        en: "Explain what is attached and why in 2–3 sentences.",
        zh: "请用两三句话说明附件是什么、为什么发给对方。",
    },
    doc: doc! {
        en: r#"## What it does
Fires when a draft has attachments and the author's own text is nearly empty. Only what the
author wrote for this message counts: the greeting line ("Hi Maria,"), the signature (from a
closing such as "Best regards," or a `-- ` line) and quoted history ("On … wrote:",
"-----Original Message-----", `>` lines) are left out; a Han character counts as half a word.
- A new message fires with fewer than 10 such words.
- A reply or forward fires only when it has fewer than 3, because the thread already gives the
  context ("Revised PI attached as discussed" is fine there).

The catalog counts every visible word (fewer than 20, signature included). We count the
author's own words instead, so that a long signature or a quoted thread cannot hide an empty
message, while a clear one-line cover note with a short signature is not flagged.

## Why it matters
"Please see attached" with nothing else is the shape of malware and invoice-fraud mail.
SpamAssassin scores a PDF with an empty body (`GMD_PDF_EMPTY_BODY`) and tests "please review the
attached document" with an empty body (`EMPTY_RVW_ATTCH`); with so little text, filters judge
the mail by the attachment alone. Buyers also do not open files from strangers who do not say
what they are.

## Example
"Hi Maria, please check the attached catalogue. Best regards, Lily" with `catalogue.pdf` fires;
"Hi Maria, attached is our quotation for the 200 IP65 high-bays you asked about, valid until 30
June." does not.

## How to fix
Say in two or three sentences what the file is, why you send it and what the buyer should do
with it (e.g. "The quotation covers 200 pcs FOB Ningbo; prices are valid until 30 June.").

## References
- SpamAssassin `rules/20_pdfinfo.cf` `GMD_PDF_EMPTY_BODY` (0.25); sandbox `EMPTY_RVW_ATTCH`
- SpamAssassin `EMPTY_MESSAGE`, Rspamd `HFILTER_URL_ONLY` (the same idea for links)
"#,
        zh: r#"## 检查什么
邮件带有附件，而作者为这封邮件写的正文几乎为空时触发。只计算作者这次写的内容：问候行（"Hi Maria,"）、签名（从
"Best regards," 这类结束语或 `-- ` 行开始）和引用的历史邮件（"On … wrote:"、"-----Original Message-----"、以 `>`
开头的行）都不计入；一个汉字算半个词。
- 新邮件：少于 10 个词时触发。
- 回复或转发：少于 3 个词才触发，因为往来邮件已经提供了背景（在这种情况下写"按讨论附上修改后的 PI"就够了）。

规则目录统计全部可见文字（少于 20 个词，包括签名）。我们改为只统计作者自己写的词，这样长签名或引用的旧邮件掩盖不了空洞的正文，
而一句清楚的附件说明加简短签名也不会被误报。

## 为什么重要
只有一句"请见附件"是恶意软件和发票诈骗邮件的典型样子。SpamAssassin 会给正文为空的 PDF 邮件计分（`GMD_PDF_EMPTY_BODY`），
并测试"please review the attached document"加空正文（`EMPTY_RVW_ATTCH`）；正文这么少，过滤器只能凭附件判断整封邮件。
采购也不会打开陌生人发来却不说明内容的文件。

## 示例
"Hi Maria, please check the attached catalogue. Best regards, Lily" 加 `catalogue.pdf` 会触发；
"Hi Maria, attached is our quotation for the 200 IP65 high-bays you asked about, valid until 30 June." 不会。

## 如何修改
用两三句话说明文件是什么、为什么发、希望对方怎么处理（例如"报价为 200 件 FOB 宁波，有效期至 6 月 30 日"）。

## 参考
- SpamAssassin `rules/20_pdfinfo.cf` 的 `GMD_PDF_EMPTY_BODY`（0.25）；沙箱规则 `EMPTY_RVW_ATTCH`
- SpamAssassin `EMPTY_MESSAGE`、Rspamd `HFILTER_URL_ONLY`（针对链接的同类规则）
"#,
    },
    check,
};

/// Own words below which a new message's attachments lack context.
const MIN_WORDS_NEW: f64 = 10.0;
/// Own words below which a reply's or forward's attachments lack context.
const MIN_WORDS_THREAD: f64 = 3.0;

fn check(a: &Analysis, out: &mut Hits) {
    let count = a.attachments().iter().filter(|att| common::is_user_file(att)).count();
    if count == 0 {
        return;
    }
    let lines = common::own_lines(&a.body);
    let words = common::word_count(&a.body, &lines);
    let min = if a.draft.continues_thread() { MIN_WORDS_THREAD } else { MIN_WORDS_NEW };
    if words >= min {
        return;
    }
    let files = if count == 1 { "1 file".to_string() } else { format!("{count} files") };
    let (en, zh) = if words == 0.0 {
        (format!("{files} attached with no message at all"), format!("附带 {count} 个文件，却没有任何正文"))
    } else {
        (
            format!("{files} attached with only {} of message", plural(words.ceil(), "word")),
            format!("附带 {count} 个文件，正文只有 {} 个词", words.ceil()),
        )
    };
    let hit = out.add(1.0, Part::Body);
    // Underline the little text there is, from its first to its last line.
    if let (Some(first), Some(last)) = (lines.first(), lines.last()) {
        hit.at(first.start..last.end);
    }
    hit.say(en, zh);
}

/// "1 word", "3 words".
fn plural(n: f64, word: &str) -> String {
    if n == 1.0 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
