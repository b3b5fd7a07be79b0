//! Content-Transfer-Encoding, undone for the parts the readers use.
//!
//! The bounce parser leaves every body as it was sent (`parser()` in `mod.rs`): most bodies of a
//! bounce are never read (the parts of the returned message, the HTML copy of a text), and
//! decoding them all was a fifth of the reading's instructions. The parts read are decoded here,
//! from the bytes the message was parsed from.
//!
//! Base64 and malformed quoted-printable go through mail-parser's own decoders, as its parser
//! would have. Well-formed quoted-printable, most of what bounces carry (a provider's HTML report
//! runs to 60 kB), takes a path written here that copies the runs between `=` and line ends
//! whole: mail-parser's decoders go byte by byte at 25 to 60 instructions a byte. It gives the
//! bytes mail-parser's decoder gives (`tests::the_fast_path_decodes_as_mail_parser_does`) and
//! hands anything unusual back to it.

use std::borrow::Cow;

use mail_parser::parsers::MessageStream;
use mail_parser::{HeaderName, MessagePart};

/// The transfer encodings that need undoing (`7bit`, `8bit` and `binary` need none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    Base64,
    QuotedPrintable,
}

/// How a part's body was encoded for transport, when it needs undoing.
pub(super) fn encoding(part: &MessagePart<'_>, raw: &[u8]) -> Option<Encoding> {
    let field = part.headers.iter().find(|h| h.name == HeaderName::ContentTransferEncoding)?;
    let value = raw.get(field.offset_start as usize..field.offset_end as usize)?.trim_ascii();
    if value.eq_ignore_ascii_case(b"base64") {
        Some(Encoding::Base64)
    } else if value.eq_ignore_ascii_case(b"quoted-printable") {
        Some(Encoding::QuotedPrintable)
    } else {
        None
    }
}

/// The body of a part sent base64 or quoted-printable, decoded; `None` for any other part. A
/// body mail-parser cannot decode is read as it was sent, as mail-parser does.
pub(super) fn decoded<'a>(part: &MessagePart<'_>, raw: &'a [u8]) -> Option<Cow<'a, [u8]>> {
    let encoding = encoding(part, raw)?;
    let sent = raw.get(part.raw_body_offset() as usize..part.raw_end_offset() as usize)?;
    if encoding == Encoding::QuotedPrintable {
        if let Some(decoded) = quoted_printable(sent) {
            return Some(Cow::Owned(decoded));
        }
    }
    let mut stream = MessageStream::new(sent);
    let (end, decoded) = match encoding {
        Encoding::Base64 => stream.decode_base64_mime(b""),
        Encoding::QuotedPrintable => stream.decode_quoted_printable_mime(b""),
    };
    Some(if end == usize::MAX { Cow::Borrowed(sent) } else { decoded })
}

/// Well-formed quoted-printable (RFC 2045 §6.7) with LF line ends, decoded from one `=` or line
/// end to the next: `=XX` becomes its byte, a line ending in `=` (and blanks) joins the next,
/// blanks at the end of a line go. `None` for anything else (a CR, an `=` followed by neither two
/// hex digits nor the line's end), which mail-parser's decoder then reads its own lenient way.
fn quoted_printable(sent: &[u8]) -> Option<Vec<u8>> {
    if memchr::memchr(b'\r', sent).is_some() {
        return None;
    }
    let mut out = Vec::with_capacity(sent.len());
    // Blanks written as such at the end of a line are dropped; those before `kept` (the line's
    // start, or the last byte written as `=XX`) stay.
    let mut kept = 0;
    let mut rest = sent;
    while let Some(at) = memchr::memchr2(b'=', b'\n', rest) {
        out.extend_from_slice(&rest[..at]);
        let after = &rest[at + 1..];
        if rest[at] == b'\n' {
            let blanks = out[kept..].iter().rev().take_while(|&&b| is_blank(b)).count();
            out.truncate(out.len() - blanks);
            out.push(b'\n');
            rest = after;
        } else if let Some(byte) = escaped_byte(after) {
            out.push(byte);
            rest = &after[2..];
        } else {
            // A soft line break: `=`, perhaps blanks, then the line's end.
            let blanks = after.iter().take_while(|&&b| is_blank(b)).count();
            match after.get(blanks) {
                None => rest = &[],
                Some(b'\n') => rest = &after[blanks + 1..],
                Some(_) => return None,
            }
        }
        kept = out.len();
    }
    out.extend_from_slice(rest);
    Some(out)
}

/// What mail-parser counts as a blank at the end of a line (`u8::is_ascii_whitespace` without the
/// line ends, which never occur inside a line here).
fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\x0c')
}

/// The byte two hex digits at the start of `bytes` stand for.
fn escaped_byte(bytes: &[u8]) -> Option<u8> {
    let [hi, lo, ..] = *bytes else { return None };
    let digit = |d: u8| (d as char).to_digit(16);
    Some((digit(hi)? << 4 | digit(lo)?) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail_parser_decodes(sent: &[u8]) -> Option<Vec<u8>> {
        let (end, decoded) = MessageStream::new(sent).decode_quoted_printable_mime(b"");
        (end != usize::MAX).then(|| decoded.into_owned())
    }

    #[test]
    fn the_fast_path_decodes_as_mail_parser_does() {
        // Every string of up to 6 symbols over an alphabet of what matters to the grammar,
        // plus longer random ones: wherever the fast path answers, mail-parser agrees.
        // (`=20` and `=09` are blanks that stay; `G` is no hex digit.)
        let alphabet: &[&[u8]] = &[b"=", b"2", b"0", b"9", b"a", b"G", b" ", b"\t", b"\x0c", b"\n", "é".as_bytes()];
        let mut answered = 0;
        let mut check = |sent: &[u8]| {
            if let Some(fast) = quoted_printable(sent) {
                answered += 1;
                assert_eq!(Some(fast), mail_parser_decodes(sent), "{:?}", String::from_utf8_lossy(sent));
            }
        };
        let mut sent = Vec::new();
        for len in 0..=6u32 {
            for mut n in 0..alphabet.len().pow(len) {
                sent.clear();
                for _ in 0..len {
                    sent.extend_from_slice(alphabet[n % alphabet.len()]);
                    n /= alphabet.len();
                }
                check(&sent);
            }
        }
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            sent.clear();
            for _ in 0..(seed % 64) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                sent.extend_from_slice(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            check(&sent);
        }
        // Most well-formed strings take the fast path.
        assert!(answered > 1_000_000, "{answered}");
    }

    #[test]
    fn the_rules_of_quoted_printable() {
        let decode = |s: &str| quoted_printable(s.as_bytes()).map(|d| String::from_utf8(d).unwrap());
        assert_eq!(decode("caf=C3=A9 =3D ok").as_deref(), Some("café = ok"));
        assert_eq!(decode("joined =\nline\n").as_deref(), Some("joined line\n"));
        assert_eq!(decode("blanks  \t\nkept=20\n").as_deref(), Some("blanks\nkept \n"));
        assert_eq!(decode("soft = \t\nend").as_deref(), Some("soft end"));
        // Left to mail-parser: a CR, a stray `=`, a cut escape.
        assert_eq!(decode("a\r\nb"), None);
        assert_eq!(decode("1 = 2"), None);
        assert_eq!(decode("cut =4"), None);
    }
}
