//! From a dropped file to the XML documents in it, by content (magic bytes), never by name:
//! receivers name files freely (`.zip` holding gzip, `.xml` that is zipped). Gzip with flate2
//! (miniz_oxide), zip with the zip crate (deflate only), email with mail-parser. Every way out
//! is bounded: at most `xml_bytes` are ever written, whatever the compression ratio.

use std::borrow::Cow;
use std::io::{Cursor, Read};

use super::{Container, ReadError, ReadLimits};
use super::{DECOMPRESSED_TOO_LARGE, EMPTY, GZIP, NO_REPORT_IN_EMAIL, TOO_LARGE, UNKNOWN_FORMAT, ZIP, ZIP_ENTRIES};

/// The XML documents of a file and what held them.
pub(super) struct Unwrapped<'a> {
    pub container: Container,
    pub documents: Vec<Cow<'a, [u8]>>,
}

type Failure = (Option<Container>, ReadError);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Gzip,
    Zip,
    Xml,
    Other,
}

fn kind(bytes: &[u8]) -> Kind {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Kind::Gzip;
    }
    // A local file header, or the end record of an empty archive.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Kind::Zip;
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'<') => Kind::Xml,
        _ => Kind::Other,
    }
}

fn mib(bytes: usize) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MB", bytes / (1024 * 1024))
    } else {
        format!("{bytes} bytes")
    }
}

/// The file's XML documents, or why there are none.
pub(super) fn unwrap<'a>(bytes: &'a [u8], limits: &ReadLimits) -> Result<Unwrapped<'a>, Failure> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err((None, ReadError::new(&EMPTY, "")));
    }
    if bytes.len() > limits.input_bytes {
        let detail = format!("{} over the limit of {}", mib(bytes.len()), mib(limits.input_bytes));
        return Err((None, ReadError::new(&TOO_LARGE, detail)));
    }
    let mut budget = limits.xml_bytes;
    match kind(bytes) {
        Kind::Xml => Ok(Unwrapped { container: Container::Xml, documents: vec![Cow::Borrowed(bytes)] }),
        Kind::Gzip => gunzip(bytes, &mut budget)
            .map(|xml| Unwrapped { container: Container::Gzip, documents: vec![Cow::Owned(xml)] })
            .map_err(|e| (Some(Container::Gzip), e)),
        Kind::Zip => unzip(bytes, limits, &mut budget)
            .map(|documents| Unwrapped { container: Container::Zip, documents })
            .map_err(|e| (Some(Container::Zip), e)),
        Kind::Other => email(bytes, limits, &mut budget),
    }
}

/// Reads `reader` to its end or to `budget` bytes, whichever comes first; past the budget is
/// an error (a bomb stops having written `budget + 1` bytes at most).
fn read_bounded(reader: impl Read, budget: &mut usize) -> Result<Vec<u8>, BoundedError> {
    let mut out = Vec::new();
    let limit = *budget as u64 + 1;
    reader.take(limit).read_to_end(&mut out).map_err(BoundedError::Io)?;
    if out.len() > *budget {
        return Err(BoundedError::TooLarge);
    }
    *budget -= out.len();
    Ok(out)
}

enum BoundedError {
    Io(std::io::Error),
    TooLarge,
}

fn too_large(limits_xml: usize) -> ReadError {
    ReadError::new(&DECOMPRESSED_TOO_LARGE, mib(limits_xml))
}

/// The first gzip member (data after it is ignored, as `gzip -d` warns and goes on: Mimecast's
/// reports carry a stray line end after theirs).
fn gunzip(bytes: &[u8], budget: &mut usize) -> Result<Vec<u8>, ReadError> {
    let total = *budget;
    read_bounded(flate2::read::GzDecoder::new(bytes), budget).map_err(|e| match e {
        BoundedError::TooLarge => too_large(total),
        BoundedError::Io(e) => ReadError::new(&GZIP, e.to_string()),
    })
}

/// Every XML entry of a zip (other entries, such as a folder or a readme, are passed over).
fn unzip<'a>(bytes: &[u8], limits: &ReadLimits, budget: &mut usize) -> Result<Vec<Cow<'a, [u8]>>, ReadError> {
    let total = *budget;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::new(&ZIP, e.to_string()))?;
    if archive.len() > limits.zip_entries {
        let detail = format!("{} entries, the limit is {}", archive.len(), limits.zip_entries);
        return Err(ReadError::new(&ZIP_ENTRIES, detail));
    }
    let mut documents = Vec::new();
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(|e| ReadError::new(&ZIP, e.to_string()))?;
        if entry.is_dir() {
            continue;
        }
        let data = read_bounded(entry, budget).map_err(|e| match e {
            BoundedError::TooLarge => too_large(total),
            BoundedError::Io(e) => ReadError::new(&ZIP, e.to_string()),
        })?;
        match kind(&data) {
            Kind::Xml => documents.push(Cow::Owned(data)),
            // A gzip inside a zip: seen from a few receivers' tooling.
            Kind::Gzip => documents.push(Cow::Owned(gunzip(&data, budget)?)),
            _ => {}
        }
    }
    if documents.is_empty() {
        return Err(ReadError::new(&ZIP, "it holds no XML file"));
    }
    Ok(documents)
}

/// The reports attached to (or forming the body of) an email.
fn email<'a>(bytes: &[u8], limits: &ReadLimits, budget: &mut usize) -> Result<Unwrapped<'a>, Failure> {
    // Only text that starts like a header block is taken for an email: anything else is not
    // a report of any kind, and mail-parser would read any bytes as a body.
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let looks_like_header = first_line
        .iter()
        .position(|b| *b == b':')
        .is_some_and(|colon| colon > 0 && first_line[..colon].iter().all(|b| b.is_ascii_graphic() && *b != b':'))
        || first_line.starts_with(b"From ");
    if !looks_like_header {
        let detail = match std::str::from_utf8(bytes) {
            Ok(_) => "text that is neither XML nor an email",
            Err(_) => "binary data of an unknown kind",
        };
        return Err((None, ReadError::new(&UNKNOWN_FORMAT, detail)));
    }
    let Some(message) = mail_parser::MessageParser::default().parse(bytes) else {
        return Err((Some(Container::Email), ReadError::new(&NO_REPORT_IN_EMAIL, "")));
    };
    let fail = |e: ReadError| (Some(Container::Email), e);
    let mut documents = Vec::new();
    collect_parts(&message, limits, budget, &mut documents, 0).map_err(fail)?;
    if documents.is_empty() {
        return Err(fail(ReadError::new(&NO_REPORT_IN_EMAIL, "")));
    }
    Ok(Unwrapped { container: Container::Email, documents })
}

/// Parts that are reports, nested messages (a forwarded report) followed one level down.
fn collect_parts<'a>(
    message: &mail_parser::Message<'_>,
    limits: &ReadLimits,
    budget: &mut usize,
    documents: &mut Vec<Cow<'a, [u8]>>,
    depth: usize,
) -> Result<(), ReadError> {
    for (i, part) in message.parts.iter().enumerate() {
        if let mail_parser::PartType::Message(inner) = &part.body {
            if depth < 1 {
                collect_parts(inner, limits, budget, documents, depth + 1)?;
            }
            continue;
        }
        if matches!(part.body, mail_parser::PartType::Multipart(_)) {
            continue;
        }
        // The message's own text, unless the whole message is the report (Mimecast sends the
        // gzip as the only body).
        let is_text_body = message.text_body.contains(&(i as u32)) || message.html_body.contains(&(i as u32));
        let contents = part.contents();
        match kind(contents) {
            Kind::Gzip => documents.push(Cow::Owned(gunzip(contents, budget)?)),
            Kind::Zip => documents.extend(unzip(contents, limits, budget)?),
            Kind::Xml if !is_text_body || looks_like_feedback(contents) => {
                if contents.len() > *budget {
                    return Err(too_large(limits.xml_bytes));
                }
                *budget -= contents.len();
                documents.push(Cow::Owned(contents.to_vec()));
            }
            _ => {}
        }
    }
    Ok(())
}

/// XML whose first element is `feedback` (an HTML body starts with `<html` or `<!DOCTYPE html`).
fn looks_like_feedback(xml: &[u8]) -> bool {
    let head = &xml[..xml.len().min(4096)];
    head.windows(9).any(|w| w.eq_ignore_ascii_case(b"<feedback"))
        || head.windows(10).any(|w| w.eq_ignore_ascii_case(b":feedback "))
}
