//! Size and work limits of every entry point. Past a limit the input is clipped (and the report
//! says so through the rules that measure size) or refused with a clear error; nothing past it
//! is ever read, so no input can make an analysis slow or large.

/// The largest raw message or JSON draft accepted, in bytes (a 25 MB attachment limit plus
/// base64 overhead fits under it).
pub const MAX_INPUT_BYTES: usize = 48 * 1024 * 1024;
/// Bytes of HTML or plain-text body analysed; the rest is not read by the rules (the size rules
/// see the full length).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;
/// Bytes of subject analysed.
pub const MAX_SUBJECT_BYTES: usize = 8 * 1024;
/// Links analysed per draft.
pub const MAX_LINKS: usize = 2_000;
/// Recipients read per field.
pub const MAX_RECIPIENTS: usize = 5_000;
/// Attachments read per draft.
pub const MAX_ATTACHMENTS: usize = 500;

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
pub fn clip(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Rounds of lookups a domain check may take before it stops with what it has (each round
/// fetches every answer the checks found missing; the deepest chain, an SPF include tree at
/// RFC 7208's limit of 10 lookups plus its void and MX lookups, needs about 25).
pub const MAX_LOOKUP_ROUNDS: usize = 40;

/// Bytes of an HTTPS body (MTA-STS policy, BIMI logo) a check reads; RFC 8461 caps the policy
/// at 64 KB and BIMI the logo at 32 KB.
pub const MAX_HTTPS_BODY_BYTES: usize = 64 * 1024;

/// Characters of a bounce's diagnostic text kept in a report: enough for any SMTP reply (a
/// few lines); a plain-text bounce's whole paragraph can run to pages.
pub const MAX_BOUNCE_DIAGNOSTIC_CHARS: usize = 1_000;

/// Recipients read from one bounce: real ones list a few dozen at most.
pub const MAX_BOUNCE_RECIPIENTS: usize = 500;

/// Bytes of a bounce's human-readable text that are read: the report part of a real bounce is a
/// few kilobytes; the returned message after it is not needed.
pub const MAX_BOUNCE_TEXT_BYTES: usize = 64 * 1024;

/// Bytes of one bounce message handed to the MIME parser: the report and its delivery-status
/// part come first and take a few kilobytes; what lies past this is the returned message's
/// body (a 10 MB attachment sent back whole), which is not read.
pub const MAX_BOUNCE_PARSE_BYTES: usize = 1024 * 1024;

#[cfg(test)]
mod tests {
    #[test]
    fn clip_respects_char_boundaries() {
        assert_eq!(super::clip("日本語", 4), "日");
        assert_eq!(super::clip("abc", 10), "abc");
    }
}
