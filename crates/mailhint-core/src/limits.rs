//! Size and work limits of every entry point, in one place. Past a limit the input is clipped
//! and the result says so (a content report's `clipped`, a list's notes, a file's status, a
//! check's `unknown`), or it is refused with a clear error; nothing past it is ever read, so no
//! input can make an analysis slow or large. The core has no clock: time is bounded by work
//! (rounds and lookups here, the hosts' timeouts on top). ARCHITECTURE.md's "Limits" table lists
//! every `MAX_` constant of this file with what happens past it; a test keeps the two in step.

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
/// Images of the HTML body analysed.
pub const MAX_IMAGES: usize = 2_000;
/// Headers of a draft read (a real message has a few dozen; a long `Received` trail, a hundred).
pub const MAX_HEADERS: usize = 1_000;
/// Depth of HTML elements the renderer nests; a start tag deeper than this is read as if it had
/// no content of its own (its text goes to the element above). Chromium's HTML parser stops
/// nesting at the same depth (`kMaximumHTMLParserDOMTreeDepth`), and it keeps the work per tag
/// bounded (a tag looks up its stack for the enclosing link).
pub const MAX_HTML_DEPTH: usize = 512;
/// Distinct recipient domains whose mail routing R10 looks up for one draft (each domain costs
/// up to three DNS questions).
pub const MAX_RECIPIENT_DOMAIN_LOOKUPS: usize = 50;

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

/// DNS-querying terms one SPF evaluation may use (RFC 7208 §4.6.4); past it, `permerror`.
pub const MAX_SPF_DNS_TERMS: usize = 10;
/// Void lookups (NXDOMAIN or no records) one SPF evaluation may meet (§4.6.4); past it,
/// `permerror`.
pub const MAX_SPF_VOID_LOOKUPS: usize = 2;
/// MX names an SPF `mx` term may look up (§4.6.4); past it, `permerror`.
pub const MAX_SPF_MX_NAMES: usize = 10;
/// PTR names an SPF `ptr` term or `%{p}` macro considers (§4.6.4); the rest are ignored, as
/// the RFC says.
pub const MAX_SPF_PTR_NAMES: usize = 10;
/// MX hosts of a domain whose addresses, PTR and blocklist entries are looked up (a real domain
/// has two to five; the rest are listed, not looked up).
pub const MAX_MX_HOSTS: usize = 16;
/// PTR names of the sending IP that are checked against forward DNS (forward-confirmed reverse
/// DNS); the rest are ignored.
pub const MAX_PTR_NAMES: usize = 5;
/// DKIM selectors the user may hand in (`--selector`, the popup's field); the provider's and the
/// common selectors are tried besides. More are dropped, and the check's facts list the
/// selectors tried.
pub const MAX_DKIM_SELECTORS: usize = 20;
/// CNAMEs followed in a row by the zone-file resolver (`--zone`, the tests); a longer chain (or
/// a loop) is a failed lookup, as a resolver answers SERVFAIL.
pub const MAX_CNAME_CHAIN: usize = 8;
/// Bytes of a DNS message read from a DoH answer: the largest a DNS message can be (its length is
/// a 16-bit field over TCP).
pub const MAX_DNS_MESSAGE_BYTES: usize = 65_535;
/// DoH requests in flight at once (spec §7.2: "throttle to ≤8"), in the CLI and the extension.
pub const MAX_DOH_IN_FLIGHT: usize = 8;

/// Bytes of an HTTPS body (MTA-STS policy, BIMI logo) a check reads; RFC 8461 caps the policy
/// at 64 KB and BIMI the logo at 32 KB.
pub const MAX_HTTPS_BODY_BYTES: usize = 64 * 1024;
/// Bytes of a BIMI SVG logo: the BIMI SVG profile caps it at 32 KB; a larger logo is reported
/// as one that receivers reject.
pub const MAX_BIMI_SVG_BYTES: usize = 32 * 1024;

/// Characters of a bounce's diagnostic text kept in a report: enough for any SMTP reply (a
/// few lines); a plain-text bounce's whole paragraph can run to pages.
pub const MAX_BOUNCE_DIAGNOSTIC_CHARS: usize = 1_000;

/// Recipients read from one bounce: real ones list a few dozen at most.
pub const MAX_BOUNCE_RECIPIENTS: usize = 500;

/// Bytes of a bounce's human-readable text that are read: the report part of a real bounce is a
/// few kilobytes; the returned message after it is not needed.
pub const MAX_BOUNCE_TEXT_BYTES: usize = 64 * 1024;

/// The largest daily volume a warm-up plan is made for (`warmup::plan`): ten million messages a
/// day is more than one domain and IP pair is ever warmed up to; a larger sender splits over
/// several and plans each.
pub const MAX_WARMUP_VOLUME: u64 = 10_000_000;

/// Days a warm-up plan may last: at its slowest pace (a new domain on a new IP, to the slowest
/// provider) the largest volume takes about eight weeks; SES's own warm-up takes 45 days.
pub const MAX_WARMUP_DAYS: u32 = 90;
/// Bytes of an address list read (`address_list::read`): a 200,000-row CSV with a dozen
/// columns fits; past it the list is cut at a line end and the result says so.
pub const MAX_LIST_BYTES: usize = 64 * 1024 * 1024;
/// Rows of an address list checked (the header not counted); past it the rest is not read and
/// the result says so (a 1,000,000-row CSV gives its first 200,000 rows, quickly).
pub const MAX_LIST_ROWS: usize = 200_000;
/// Columns of an address list kept; the rest are dropped, with a note.
pub const MAX_LIST_COLUMNS: usize = 256;
/// Bytes of one cell of an address list; a longer cell is cut and its row marked doubtful.
pub const MAX_LIST_FIELD_BYTES: usize = 4 * 1024;
/// DoH requests in flight at once that `mailhint list --concurrency` may ask for: beyond it a
/// public resolver rate-limits, and the client's threads only wait.
pub const MAX_LIST_CONCURRENCY: usize = 128;
/// Distinct domains of an address list looked up; past it, addresses at further domains are
/// "not checked" (each domain costs up to three DNS questions).
pub const MAX_LIST_DOMAINS: usize = 50_000;
// DMARC aggregate reports (`dmarc_report/`). A real report is a few kilobytes to a few
// megabytes (a big receiver's day for a busy domain: ~10,000 rows, ~5 MB of XML).

/// Bytes of one report file as dropped (`.xml`, `.gz`, `.zip`, `.eml`), before decompressing.
pub const MAX_DMARC_INPUT_BYTES: usize = 32 * 1024 * 1024;
/// Bytes of XML one file may decompress to, all its reports together: a zip or gzip bomb stops
/// here with an error, having written no more than this.
pub const MAX_DMARC_XML_BYTES: usize = 64 * 1024 * 1024;
/// Entries of a zip file looked at (receivers put one report in each zip).
pub const MAX_DMARC_ZIP_ENTRIES: usize = 64;
/// Nesting depth of a report's XML elements (the schemas need 5: feedback, record,
/// auth_results, dkim, domain); deeper is no report.
pub const MAX_DMARC_XML_DEPTH: usize = 32;
/// Rows (`<record>`) read from one report; the rest are counted and skipped, and the file's
/// status says the result is partial.
pub const MAX_DMARC_RECORDS: usize = 100_000;
/// Source IPs whose reverse DNS is looked up, the largest senders first (each is a DNS question).
pub const MAX_DMARC_PTR_LOOKUPS: usize = 200;

/// Bytes of one bounce message handed to the MIME parser: the report and its delivery-status
/// part come first and take a few kilobytes; what lies past this is the returned message's
/// body (a 10 MB attachment sent back whole), which is not read.
pub const MAX_BOUNCE_PARSE_BYTES: usize = 1024 * 1024;
/// Levels of a bounce that carries another bounce (a forwarded DSN, a quoted notice) read
/// inside each other; a deeper one is left as text.
pub const MAX_BOUNCE_NESTING: usize = 3;

#[cfg(test)]
mod tests {
    #[test]
    fn clip_respects_char_boundaries() {
        assert_eq!(super::clip("日本語", 4), "日");
        assert_eq!(super::clip("abc", 10), "abc");
    }
}
