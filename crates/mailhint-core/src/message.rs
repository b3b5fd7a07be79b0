//! Raw RFC 5322 message → [`Draft`], with `mail-parser` (MIME, charsets, encoded words,
//! inline images and attachments).
//!
//! Parsing is liberal: whatever the bytes are, a draft comes out. Bytes that do not start with
//! a header are read as a plain-text body with no headers.

use mail_parser::{MessageParser, MimeHeaders, PartType};

use crate::draft::{Attachment, Draft, DraftKind, Mailbox};
use crate::limits;

/// Reads a raw message. Never fails: garbage becomes a draft with little in it, which the
/// rules then report on.
pub fn parse_message(bytes: &[u8]) -> Draft {
    let bytes = strip_mbox_from_line(bytes);
    if !starts_with_header(bytes) {
        return Draft { text: Some(String::from_utf8_lossy(bytes).into_owned()), ..Draft::default() };
    }
    let Some(message) = MessageParser::default().parse(bytes) else {
        return Draft { text: Some(String::from_utf8_lossy(bytes).into_owned()), ..Draft::default() };
    };
    let mailboxes = |addr: Option<&mail_parser::Address>| -> Vec<Mailbox> {
        addr.map(|a| {
            a.iter()
                .take(limits::MAX_RECIPIENTS + 1)
                .map(|m| Mailbox {
                    name: m.name().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string),
                    address: m.address().unwrap_or("").to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
    };
    let headers: Vec<(String, String)> = message
        .headers_raw()
        .take(limits::MAX_HEADERS + 1)
        .map(|(name, value)| (name.to_string(), unfold(value)))
        .collect();
    let html = message.html_bodies().find_map(|part| match &part.body {
        PartType::Html(html) => Some(html.to_string()),
        _ => None,
    });
    let text = message.text_bodies().find_map(|part| match &part.body {
        PartType::Text(text) => Some(text.to_string()),
        _ => None,
    });
    let mut attachments = Vec::new();
    let mut image_sizes = Vec::new();
    for part in message.attachments().take(limits::MAX_ATTACHMENTS + 1) {
        let mime = part.content_type().map(|ct| match &ct.c_subtype {
            Some(sub) => format!("{}/{}", ct.c_type, sub).to_ascii_lowercase(),
            None => ct.c_type.to_ascii_lowercase(),
        });
        let contents = part.contents();
        let cid = part.content_id().map(|id| id.trim_matches(['<', '>']).to_string());
        let shown_inline =
            cid.as_ref().is_some_and(|id| html.as_deref().is_some_and(|h| h.contains(&format!("cid:{id}"))));
        if shown_inline {
            image_sizes.push((format!("cid:{}", cid.unwrap_or_default()), contents.len() as u64));
            continue;
        }
        let name = part.attachment_name().map(str::to_string).unwrap_or_else(|| match &part.body {
            PartType::Message(_) => "message.eml".to_string(),
            _ => "unnamed".to_string(),
        });
        attachments.push(Attachment {
            encrypted: is_encrypted(&name, contents),
            name,
            size: Some(contents.len() as u64),
            mime,
        });
    }
    let kind = match message.subject() {
        _ if message.header_raw("In-Reply-To").is_some() || message.header_raw("References").is_some() => {
            DraftKind::Reply
        }
        _ => DraftKind::New,
    };
    Draft {
        subject: message.subject().map(str::to_string).or_else(|| message.header_raw("Subject").map(|_| String::new())),
        from: mailboxes(message.from()).into_iter().next(),
        to: mailboxes(message.to()),
        cc: mailboxes(message.cc()),
        bcc: mailboxes(message.bcc()),
        reply_to: mailboxes(message.reply_to()),
        kind,
        html,
        text,
        attachments,
        image_sizes,
        headers,
        mode: None,
    }
}

/// Skips an mbox `From ` separator line, which corpora keep in front of messages.
fn strip_mbox_from_line(bytes: &[u8]) -> &[u8] {
    if bytes.starts_with(b"From ") {
        if let Some(nl) = bytes.iter().position(|&b| b == b'\n') {
            return &bytes[nl + 1..];
        }
    }
    bytes
}

/// Whether the first line is a header field (`Name: value`).
fn starts_with_header(bytes: &[u8]) -> bool {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or(b"");
    match first.iter().position(|&b| b == b':') {
        Some(colon) if colon > 0 => first[..colon].iter().all(|&b| b.is_ascii_graphic() && b != b':'),
        _ => false,
    }
}

/// Unfolds a raw header value (RFC 5322 §2.2.3).
fn unfold(value: &str) -> String {
    value.split(['\r', '\n']).map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Whether an attached PDF or ZIP is encrypted: the PDF has an `/Encrypt` dictionary, or a ZIP
/// entry has the "encrypted" flag (bit 0 of its general-purpose flags).
fn is_encrypted(name: &str, contents: &[u8]) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".pdf") || contents.starts_with(b"%PDF") {
        return contents.windows(8).any(|w| w == b"/Encrypt");
    }
    if contents.starts_with(b"PK\x03\x04") && contents.len() > 8 {
        return contents[6] & 1 == 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_headers_bodies_and_attachments() {
        let raw = b"From: Lily <lily@x.example>\r\nTo: a@b.example, C <c@d.example>\r\nSubject: =?UTF-8?B?5oql5Lu3?=\r\n\
MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Hello\r\n--b\r\nContent-Type: application/pdf; name=spec.pdf\r\nContent-Disposition: attachment; filename=spec.pdf\r\n\
Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n";
        let d = parse_message(raw);
        assert_eq!(d.subject.as_deref(), Some("报价"));
        assert_eq!(d.to.len(), 2);
        assert_eq!(d.to[1].name.as_deref(), Some("C"));
        assert_eq!(d.text.as_deref().map(str::trim), Some("Hello"));
        assert_eq!(d.attachments[0].name, "spec.pdf");
        assert_eq!(d.attachments[0].size, Some(5));
    }

    #[test]
    fn text_without_headers_is_a_body() {
        let d = parse_message(b"Hello Maria,\nhere is the quotation.");
        assert_eq!(d.subject, None);
        assert!(d.text.unwrap().starts_with("Hello Maria"));
    }

    #[test]
    fn garbage_still_gives_a_draft() {
        let d = parse_message(&[0xff, 0xfe, 0x00, 0x12, b':', 0x80]);
        assert!(d.text.is_some());
    }
}
