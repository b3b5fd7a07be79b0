//! Helpers shared by the attachment rules (A01–A08): which lines of the body the author wrote
//! for this message, how many words they hold, and how file names are taken apart.
//!
//! The attachment rules judge what the author says about the files, so quoted history
//! ("On … wrote:", "-----Original Message-----", lines starting with `>`), the greeting line and
//! the signature must not count: a forwarded thread full of text, or a long signature with a
//! confidentiality notice ("this email and any attachments…"), says nothing about this
//! message's files.

use std::ops::Range;

use crate::analysis::{is_han, words};
use crate::draft::Attachment;

pub(super) use crate::rules::{ceil_boundary, floor_boundary};

/// Byte ranges of `body` (trimmed lines) that the author wrote for this message: lines before
/// the first quoted-history header, without `>` lines, without the opening greeting line and
/// without the signature (from a `-- ` delimiter or a closing line such as "Best regards,").
pub(super) fn own_lines(body: &str) -> Vec<Range<usize>> {
    let lines = line_ranges(body);
    let mut out = Vec::new();
    let mut first_content = true;
    for (i, range) in lines.iter().enumerate() {
        let line = &body[range.clone()];
        if line.is_empty() || line.starts_with('>') {
            continue;
        }
        if is_quote_header(line) || is_header_block(body, &lines, i) {
            break;
        }
        if line == "--" || line == "—" || line == "__" {
            break;
        }
        if first_content {
            first_content = false;
            if is_greeting(line) {
                continue;
            }
        } else if is_closing(line) {
            break;
        }
        out.push(range.clone());
    }
    out
}

/// Words in the given ranges of `body`: a Han character counts as half a word, since Chinese
/// words are one to three characters long and are written without spaces.
pub(super) fn word_count(body: &str, ranges: &[Range<usize>]) -> f64 {
    let mut count = 0.0;
    for range in ranges {
        let text = &body[range.clone()];
        for w in words(text) {
            let han = text[w].chars().next().is_some_and(is_han);
            count += if han { 0.5 } else { 1.0 };
        }
    }
    count
}

/// The extensions of a file name, lowercased, last one last (`["pdf", "zip"]` for
/// `Invoice.PDF.zip`); each part is trimmed, so padding before a dot is ignored.
pub(super) fn extensions(name: &str) -> Vec<String> {
    let name = name.trim().trim_end_matches('.');
    let mut parts: Vec<String> = name.split('.').skip(1).map(|p| p.trim().to_ascii_lowercase()).collect();
    // A leading dot (".bashrc") or empty parts ("a..b") are no extensions.
    parts.retain(|p| !p.is_empty() && p.len() <= 16);
    parts
}

/// Whether the attachment is a file the author attached, not a technical part that the mail
/// program adds: an S/MIME or PGP signature (`smime.p7s`, `signature.asc`) or Outlook's
/// `winmail.dat`.
pub(super) fn is_user_file(attachment: &Attachment) -> bool {
    let mime = mime(attachment);
    let name = attachment.name.trim().to_ascii_lowercase();
    let technical_mime = matches!(
        mime.as_str(),
        "application/pkcs7-signature"
            | "application/x-pkcs7-signature"
            | "application/pgp-signature"
            | "application/ms-tnef"
    );
    let technical_name = name.ends_with(".p7s") || name == "signature.asc" || name == "winmail.dat";
    !(technical_mime || technical_name)
}

/// The attachment's MIME type, lowercased, without parameters.
pub(super) fn mime(attachment: &Attachment) -> String {
    attachment.mime.as_deref().unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// Formats a byte count in MB (MiB, as mail clients show sizes) with one decimal.
pub(super) fn megabytes(bytes: u128) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

/// Trimmed byte ranges of every line of `body`.
fn line_ranges(body: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in body.split('\n') {
        let end = start + line.len();
        let lead = line.len() - line.trim_start().len();
        let trail = line.len() - line.trim_end().len();
        let (s, e) = (start + lead, end - trail);
        out.push(if s <= e { s..e } else { s..s });
        start = end + 1;
    }
    out
}

/// A line that introduces quoted history: "On … wrote:", "-----Original Message-----" and
/// their translations.
fn is_quote_header(line: &str) -> bool {
    crate::regex!(
        r"(?i)(?:(?-u:\b)wrote|(?-u:\b)a écrit|(?-u:\b)schrieb|(?-u:\b)escribió|(?-u:\b)ha scritto|(?-u:\b)escreveu|написал[а]?|写道)\s*[:：]?\s*$|^-{2,}\s*(?:original message|forwarded message|ursprüngliche nachricht|weitergeleitete nachricht|mensaje original|mensaje reenviado|message d'origine|message transféré|messaggio originale|mensagem original|原始邮件|转发的邮件)|^(?:发件人|寄件者)\s*[:：]"
    )
    .is_match(line)
}

/// An Outlook-style header block of a quoted message: a "From:" line followed within four
/// lines by a "Sent:"/"Date:" line.
fn is_header_block(body: &str, lines: &[Range<usize>], i: usize) -> bool {
    let from = crate::regex!(r"(?i)^(?:from|von|de|da|van|от)\s*[:：]\s*\S");
    if !from.is_match(&body[lines[i].clone()]) {
        return false;
    }
    let sent = crate::regex!(
        r"(?i)^(?:sent|date|gesendet|datum|envoyé|inviato|enviado|fecha|data|verzonden|отправлено|发送时间|日期|时间)\s*[:：]"
    );
    lines.iter().skip(i + 1).take(4).any(|r| sent.is_match(&body[r.clone()]))
}

/// The opening line of a mail: "Hi Maria," "Dear Ms. Rossi," "您好！". A line that goes on
/// after the greeting ("Hi Maria, please see the attached quotation.") is content, unless it is
/// very short.
fn is_greeting(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let ends_like_greeting = line.ends_with([',', ':', '!', '，', '：', '！']);
    let short = words <= 3 || (words <= 6 && ends_like_greeting);
    short
        && line.len() <= 80
        && crate::regex!(
            r"(?i)^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening|day)|greetings|hallo|guten tag|liebe[r]?|sehr geehrte[r]?|bonjour|hola|estimad[oa]s?|buongiorno|gentile|olá|prezad[oa]|здравствуйте|尊敬的|亲爱的|您好|你好|各位)"
        )
        .is_match(line)
}

/// A closing line that starts the signature: "Best regards," "Thanks, Lily" "此致".
fn is_closing(line: &str) -> bool {
    line.len() <= 60
        && crate::regex!(concat!(
            r"(?i)^(?:(?:with\s+)?(?:best|kind|warm|warmest|many|kindest)\s+(?:regards|wishes|greetings|thanks)|regards|thanks(?:\s+(?:and|&)\s+(?:best|kind)\s+regards)?|thank you|many thanks|thx|cheers|best|sincerely|yours\s+(?:sincerely|faithfully|truly)|faithfully|respectfully|br|brgds|rgds|此致(?:敬礼)?|敬礼|谢谢|祝好|顺祝(?:商祺)?|顺颂商祺|祝商祺|mit freundlichen grüßen|viele grüße|beste grüße|freundliche grüße|saludos(?: cordiales)?|atentamente|cordialement|bien à vous|cordiali saluti|distinti saluti|atenciosamente|abraços|с уважением)[\s,.!，。！-]*(?:[,，-]\s*(?-i:\p{Lu}|[",
            crate::han_class!(),
            r"])[\p{L}.' ]{0,30})?$"
        ))
        .is_match(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_lines_skip_greeting_signature_and_quotes() {
        let body = "Hi Maria,\n\nPlease see attached.\n\nBest regards,\nLily Chen\nTel +86 574\n\nOn Mon, 3 Jun 2025, Maria wrote:\n> long text";
        let lines = own_lines(body);
        let texts: Vec<&str> = lines.iter().map(|r| &body[r.clone()]).collect();
        assert_eq!(texts, ["Please see attached."]);
        assert_eq!(word_count(body, &lines), 3.0);
    }

    #[test]
    fn outlook_header_block_ends_own_text() {
        assert_eq!(own_lines("Hi Maria, please see the attached catalogue.").len(), 1);
        let body = "Thanks, received.\nFrom: Maria <m@acme.example>\nSent: Monday\nTo: Lily\n\nold text";
        let lines = own_lines(body);
        assert_eq!(lines.len(), 1);
    }

    #[test]
    fn extensions_are_trimmed_and_lowercased() {
        assert_eq!(extensions("Invoice.PDF     .exe"), ["pdf", "exe"]);
        assert!(extensions("README").is_empty());
        assert_eq!(extensions("日本語.ZIP"), ["zip"]);
    }
}
