//! Bodies the readers never read, cut out before mail-parser decodes them.
//!
//! mail-parser 0.11 decodes every part as it parses (quoted-printable, base64, charsets), and a
//! large bounce is mostly parts no reader looks at: the message it returns, the HTML twin of a
//! text report, logos and TNEF blobs. (mail-parser 1.0 decodes on access, but needs a newer
//! compiler than this project's.)
//!
//! The cut is conservative: the MIME tree is walked from the top, only a leaf body between two
//! exact delimiter lines is cut, and a line that starts like a delimiter without being one (a
//! looser parser could read it as one) leaves the message whole. Debug builds check that every
//! cut message reads as the whole one (`read_parts`).

use std::borrow::Cow;

/// Messages smaller than this are parsed whole: the scan would cost more than it saves.
const CUT_FROM_BYTES: usize = 8 * 1024;

/// What [`without_unread_bodies`] gives back.
pub(super) struct Cut<'a> {
    /// The message with the bodies cut (borrowed when nothing was cut).
    pub bytes: Cow<'a, [u8]>,
    /// Whether the body of a returned message was among them.
    pub returned_message: bool,
}

/// `bytes` (LF line ends) without the bodies of parts the readers skip: `image/*`, `audio/*`,
/// `video/*`, `application/*`, and a `text/html` part whose previous sibling is `text/plain`
/// (the text is read; the HTML only when there is no text). Their header blocks stay.
///
/// With `returned_message`, also the body of a `message/rfc822` part that follows a
/// `message/delivery-status` part (its header block stays, for the original recipients): a
/// DSN's readers never look further. A bounce forwarded as an attachment is read from that body,
/// so a caller whose DSN part names no recipient parses again without this.
pub(super) fn without_unread_bodies(bytes: &[u8], returned_message: bool) -> Cut<'_> {
    let whole = Cut { bytes: Cow::Borrowed(bytes), returned_message: false };
    if bytes.len() < CUT_FROM_BYTES {
        return whole;
    }
    let Some(blank) = blank_line(bytes, 0) else { return whole };
    let Some((_, Some(boundary))) = content_type(&bytes[..blank]) else { return whole };
    let mut walk =
        Walk { bytes, returned_message, status_seen: false, cuts: Vec::new(), returned_cut: false, readable: false };
    // Without a readable part the reader takes the raw body as the report (`Parts::of`), cut
    // bodies included: such a message is read whole.
    if walk.multipart(blank + 1, bytes.len(), &boundary, 0, false).is_none() || walk.cuts.is_empty() || !walk.readable {
        return whole;
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for (start, end) in walk.cuts {
        out.extend_from_slice(&bytes[at..start]);
        at = end;
    }
    out.extend_from_slice(&bytes[at..]);
    Cut { bytes: Cow::Owned(out), returned_message: walk.returned_cut }
}

/// The MIME tree, walked from the top: only the boundaries of multiparts reached from it count,
/// so that a copy of a message pasted into a text part stays text.
struct Walk<'a> {
    bytes: &'a [u8],
    returned_message: bool,
    /// Whether a delivery-status part has been seen (a returned message after it is cut).
    status_seen: bool,
    /// Byte ranges to leave out, in order.
    cuts: Vec<(usize, usize)>,
    returned_cut: bool,
    /// Whether a report part the reader reads was kept with some text in it: a declared
    /// text/plain or text/html part (outside a returned message) or a delivery-status part.
    readable: bool,
}

impl Walk<'_> {
    /// The parts of the multipart body `start..end` with `boundary`; `None` when a line starts
    /// like its delimiter without being one (the message is then left whole).
    fn multipart(&mut self, start: usize, end: usize, boundary: &[u8], depth: usize, in_message: bool) -> Option<()> {
        if depth > crate::limits::MAX_BOUNCE_MIME_DEPTH {
            return Some(());
        }
        let bytes = self.bytes;
        let mut dash = b"\n--".to_vec();
        dash.extend_from_slice(boundary);
        let at_start = bytes[start..end].starts_with(&dash[1..]).then_some(start);
        let found = memchr::memmem::find_iter(&bytes[start..end], &dash).map(|p| start + p + 1);
        // (delimiter start, its line end, closing)
        let mut delimiters = Vec::new();
        for d in at_start.into_iter().chain(found) {
            let line_end = memchr::memchr(b'\n', &bytes[d..end]).map_or(end, |p| d + p);
            let after = &bytes[d + dash.len() - 1..line_end];
            let (closing, after) = after.strip_prefix(b"--").map_or((false, after), |a| (true, a));
            if !after.iter().all(u8::is_ascii_whitespace) {
                return None;
            }
            delimiters.push((d, line_end, closing));
            if closing {
                break;
            }
        }
        // An unclosed multipart is read by mail-parser up to wherever it finds an end (an outer
        // boundary, the end of the message): no cut can promise to read the same.
        if !delimiters.last().is_some_and(|&(_, _, closing)| closing) {
            return None;
        }
        // A preamble with a line that starts like a delimiter (a damaged one) is read by
        // mail-parser in ways a cut cannot follow (found by the fuzzer).
        let preamble = &bytes[start..delimiters[0].0];
        if preamble.starts_with(b"--") || memchr::memmem::find(preamble, b"\n--").is_some() {
            return None;
        }
        let mut previous: Option<Vec<u8>> = None;
        for (k, &(_, line_end, closing)) in delimiters.iter().enumerate() {
            let Some(&(next, _, _)) = delimiters.get(k + 1) else { break };
            if closing {
                break;
            }
            // The line break before the next delimiter belongs to the delimiter.
            let part_end = next - 1;
            let part_start = line_end + 1;
            let Some(blank) = blank_line(bytes, part_start).filter(|&b| b <= part_end) else {
                previous = None;
                continue;
            };
            let headers = &bytes[part_start..blank];
            let (ctype, boundary_inside) = content_type(headers)?;
            let body = (blank + 1).min(part_end);
            if ctype.starts_with(b"multipart/") {
                if let Some(inner) = boundary_inside {
                    self.multipart(body, part_end, &inner, depth + 1, in_message)?;
                }
            } else if ctype == b"message/rfc822" || ctype == b"message/global" {
                let inner_blank = blank_line(bytes, body).filter(|&b| b <= part_end);
                if let Some(b) = inner_blank {
                    // A DSN's readers stop before the message it returns: all but its headers go.
                    let returned = self.returned_message && self.status_seen && b + 1 < part_end;
                    // Its own MIME tree is walked all the same: one that does not close inside
                    // this part is read by mail-parser past the part's end, over the parts that
                    // follow (found by the fuzzer), and the message is then left whole.
                    if let (_, Some(inner)) = content_type(&bytes[body..b])? {
                        let before = (self.cuts.len(), self.status_seen, self.readable);
                        self.multipart(b + 1, part_end, &inner, depth + 1, true)?;
                        if returned {
                            self.cuts.truncate(before.0);
                            (self.status_seen, self.readable) = (before.1, before.2);
                        }
                    }
                    if returned {
                        self.cuts.push((b + 1, part_end));
                        self.returned_cut = true;
                    }
                }
            } else {
                let after_text = previous.as_deref() == Some(&b"text/plain"[..]);
                let unread =
                    ["image/", "audio/", "video/", "application/"].iter().any(|p| ctype.starts_with(p.as_bytes()))
                        || (ctype == b"text/html" && after_text);
                if unread && body < part_end {
                    self.cuts.push((body, part_end));
                }
                let has_text = bytes[body..part_end].iter().any(|b| !b.is_ascii_whitespace());
                let status = ctype == b"message/delivery-status" || ctype == b"message/global-delivery-status";
                // Only a text part that says so: a part without a Content-Type may not be read as
                // text (found by the fuzzer: a header-less part holding a delimiter-like line).
                let declared = headers.to_ascii_lowercase().windows(13).any(|w| w == b"content-type:");
                let report_text =
                    declared && !in_message && !unread && (ctype == b"text/plain" || ctype == b"text/html");
                self.readable |= has_text && (status || report_text);
            }
            self.status_seen |= ctype == b"message/delivery-status" || ctype == b"message/global-delivery-status";
            previous = Some(ctype);
        }
        Some(())
    }
}

/// The offset of the line break that ends the header block starting at `from` (a blank line).
fn blank_line(bytes: &[u8], from: usize) -> Option<usize> {
    if bytes.get(from) == Some(&b'\n') {
        return Some(from);
    }
    memchr::memmem::find(bytes.get(from..)?, b"\n\n").map(|p| from + p + 1)
}

/// A header block's `Content-Type` as mail-parser reads it (folding, quoting and RFC 2231
/// parameters included): `type/subtype` lower-cased, `text/plain` when there is none (RFC 2045's
/// default), and the boundary when it is a multipart. `None` when the block has several: which
/// one counts differs between mail-parser's header reading and its MIME walk (found by the
/// fuzzer), so the message is left whole.
fn content_type(headers: &[u8]) -> Option<(Vec<u8>, Option<Vec<u8>>)> {
    use mail_parser::{HeaderName, MimeHeaders};
    let fields = content_type_fields(headers);
    let parsed = if fields.is_empty() { None } else { super::parser().parse_headers(&fields[..]) };
    if parsed.as_ref().is_some_and(|m| m.headers().iter().filter(|h| h.name == HeaderName::ContentType).count() > 1) {
        return None;
    }
    let Some(ct) = parsed.as_ref().and_then(|m| m.content_type()) else { return Some((b"text/plain".to_vec(), None)) };
    let ctype = format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("")).to_ascii_lowercase().into_bytes();
    let boundary = ct
        .attribute("boundary")
        .filter(|b| !b.is_empty() && ctype.starts_with(b"multipart/"))
        .map(|b| b.as_bytes().to_vec());
    Some((ctype, boundary))
}

/// The `Content-Type` fields of a header block, folded lines included, and nothing else: a
/// top-level block is mostly `Received:` trails, which mail-parser would walk through for nothing.
fn content_type_fields(headers: &[u8]) -> Vec<u8> {
    const NAME: &[u8] = b"content-type";
    let mut fields = Vec::new();
    let mut in_field = false;
    for line in headers.split_inclusive(|&b| b == b'\n') {
        let folded = matches!(line.first(), Some(b' ' | b'\t'));
        if !folded {
            in_field = line.get(..NAME.len()).is_some_and(|name| name.eq_ignore_ascii_case(NAME))
                && line[NAME.len()..].iter().find(|&&b| b != b' ' && b != b'\t') == Some(&b':');
        }
        if in_field {
            fields.extend_from_slice(line);
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(parts: &[(&str, &str)], pad: usize) -> Vec<u8> {
        let mut m = String::from("From: MAILER-DAEMON@example.org\nContent-Type: multipart/mixed; boundary=\"b1\"\n\n");
        for (ctype, body) in parts {
            m.push_str(&format!("--b1\nContent-Type: {ctype}\n\n{body}\n"));
        }
        m.push_str("--b1--\n");
        m.push_str(&" ".repeat(pad));
        m.into_bytes()
    }

    fn cut(m: &[u8], returned: bool) -> Option<String> {
        match without_unread_bodies(m, returned).bytes {
            Cow::Owned(b) => Some(String::from_utf8(b).unwrap()),
            Cow::Borrowed(_) => None,
        }
    }

    #[test]
    fn cuts_binary_bodies_and_html_after_text_only() {
        let blob = "QUJD\n".repeat(2000);
        let m = message(
            &[
                ("text/plain", "The mail could not be delivered."),
                ("text/html", "<p>twin</p>"),
                ("image/png", &blob),
                ("message/delivery-status", "Status: 5.1.1"),
            ],
            0,
        );
        let text = cut(&m, false).unwrap();
        assert!(text.contains("could not be delivered") && text.contains("Status: 5.1.1"), "{text}");
        assert!(!text.contains("twin") && !text.contains("QUJD"), "{text}");
        assert!(text.contains("Content-Type: image/png\n\n\n--b1\n"), "header blocks and delimiters stay: {text}");
    }

    #[test]
    fn keeps_html_that_is_the_only_text_and_small_messages() {
        let html_only =
            message(&[("text/html", "<p>Delivery failed</p>"), ("message/delivery-status", "Status: 5.1.1")], 9_000);
        assert_eq!(cut(&html_only, true), None);
        let small = message(&[("text/plain", "x"), ("image/png", "QUJD")], 0);
        assert_eq!(cut(&small, true), None);
    }

    #[test]
    fn cuts_the_returned_message_body_only_after_a_status_part_and_when_asked() {
        let returned = format!(
            "To: buyer@example.com\nContent-Type: multipart/alternative; boundary=\"b2\"\n\n--b2\nContent-Type: text/plain\n\n{}\n--b2--",
            "the original letter\n".repeat(500)
        );
        let m = message(
            &[
                ("text/plain", "failed"),
                ("message/delivery-status", "Status: 5.1.1"),
                ("message/rfc822", &returned),
                ("text/plain", "after"),
            ],
            0,
        );
        let read = without_unread_bodies(&m, true);
        assert!(read.returned_message);
        let text = String::from_utf8(read.bytes.into_owned()).unwrap();
        assert!(text.contains("Content-Type: message/rfc822\n\nTo: buyer@example.com\nContent-Type: multipart/alternative; boundary=\"b2\"\n\n\n--b1\n"), "{text}");
        assert!(!text.contains("original letter") && text.contains("after"), "{text}");
        assert_eq!(cut(&m, false), None);
        let forwarded = message(&[("text/plain", "see attached"), ("message/rfc822", &returned)], 0);
        assert_eq!(cut(&forwarded, true), None, "no status part before it: a forwarded bounce");
    }

    /// Found by the fuzzer (crates/mailhint-fuzz/regressions/bounce/prune-two-content-types): the
    /// cut read the second Content-Type (a multipart, whose HTML it cut), the whole parse the first.
    #[test]
    fn leaves_a_message_whole_when_a_part_has_two_content_types() {
        let m = message(
            &[(
                "message/rfc822\nContent-Type: multipart/alternative; boundary=\"b2\"",
                "--b2\nContent-Type: text/plain\n\ntext\n--b2\nContent-Type: text/html\n\n</html>\n--b2--",
            )],
            9_000,
        );
        assert_eq!(cut(&m, false), None);
        let once = message(
            &[(
                "multipart/alternative; boundary=\"b2\"",
                "--b2\nContent-Type: text/plain\n\ntext\n--b2\nContent-Type: text/html\n\n</html>\n--b2--",
            )],
            9_000,
        );
        assert!(cut(&once, false).is_some(), "with one Content-Type the HTML after the text is cut");
    }

    /// Found by the fuzzer (regressions/bounce/prune-no-readable-part): with no readable part the
    /// reader takes the raw body as the report, and the cut had taken the TNEF body out of it.
    #[test]
    fn a_cut_message_reads_as_the_whole_one_when_its_only_part_is_tnef() {
        let mut m = b"Content-Type: multipart/mixed; \n boundary=\"b1\"\n\n--b1\nContent-Type: application/ms-tnef; name=winmail.dat\n\nQUJD\n--b1--\n".to_vec();
        m.resize(9_000, b' ');
        let parts = |bytes: &[u8]| super::super::Parts::of(&super::super::parser().parse(bytes).unwrap(), &m);
        let cut = without_unread_bodies(&m, false);
        assert!(parts(&m).reads_as(&parts(&cut.bytes)));
    }

    #[test]
    fn leaves_a_message_whole_when_a_delimiter_is_doubtful() {
        let blob = "QUJD\n".repeat(2000);
        let m = message(&[("text/plain", "x"), ("image/png", &format!("{blob}--b1junk\n"))], 0);
        assert_eq!(cut(&m, false), None);
    }

    #[test]
    fn leaves_a_message_whole_when_a_multipart_is_unclosed() {
        let blob = "QUJD\n".repeat(2000);
        let closed = message(&[("text/plain", "x"), ("image/png", &blob)], 0);
        assert!(cut(&closed, false).is_some(), "the closed twin is cut");
        let unclosed = String::from_utf8(closed).unwrap().replace("--b1--\n", "");
        assert_eq!(cut(unclosed.as_bytes(), false), None);
    }
}
