//! mailhint-core: a deliverability linter for email drafts.
//!
//! It reads a draft, from a raw RFC 5322 message or from the browser extension's JSON, and says
//! rule by rule what spam filters and mailbox providers will hold against it: the exact words,
//! why, and how to fix them, with a grade out of 10.
//!
//! ```
//! use mailhint_core::{check_bytes, Options};
//!
//! let raw = b"Subject: HOT SALE!!! BEST PRICE\r\nFrom: Lily <lily@x-lighting.com>\r\n\
//!             To: buyer@acme.example\r\n\r\nDear Sir/Madam, we are a leading manufacturer of \
//!             LED lights in China.\r\n";
//! let report = check_bytes(raw, &Options::default()).unwrap();
//! assert!(report.grade < 7.0);
//! assert!(report.findings.iter().any(|f| f.code == "S01"));
//! ```
//!
//! The crate does no I/O, reads no clock and never panics on input: linting always returns a
//! [`Report`]; only bytes that are no draft at all (empty, too large, broken JSON) are an
//! [`Error`].
#![deny(missing_docs)]

// The address-list checker: CSV and text lists (csv, encoding_rs).
#[cfg(feature = "address-list")]
pub mod address_list;
pub mod analysis;
// Bounces are messages: mail-parser reads them.
#[cfg(feature = "mime")]
pub mod bounce;
// DMARC aggregate reports: unwrapped (gzip, zip, email) and analysed per source.
#[cfg(feature = "dmarc-report")]
pub mod dmarc_report;
pub mod dns;
#[cfg(feature = "sender-domain")]
pub mod domain;
pub mod draft;
pub mod error;
pub mod html;
pub mod input;
pub mod lexicon;
pub mod limits;
#[cfg(feature = "mime")]
pub mod message;
// A received message (mime) checked against its sender's DNS (the sender-domain checks).
#[cfg(all(feature = "mime", feature = "sender-domain"))]
pub mod raw_report;
pub mod report;
pub mod rules;
pub mod suffix;
// The warm-up plan (a day-by-day ramp with the providers' published thresholds).
pub mod warmup;

pub use analysis::Analysis;
pub use draft::{Attachment, Draft, DraftKind, Mailbox};
pub use error::{Error, ErrorKind};
pub use report::{Clipped, Cut, Finding, Lang, Mode, Part, Report, Severity, Span};
pub use rules::{Category, Rule};

use report::round_to;

/// How to run an analysis.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The mode; `None` takes the draft's own choice, else one-to-one.
    pub mode: Option<Mode>,
    /// The language of messages and fixes.
    pub lang: Lang,
    /// Run only the rule with this code (fixture tests isolate rules this way).
    pub only: Option<&'static str>,
    /// Codes of rules the user switched off.
    pub disabled: Vec<String>,
    /// DNS answers for the rules that need them (R10, a recipient domain that takes no mail).
    /// `None`: no lookups, those rules are silent. `Some`: the rules read answers from the store
    /// and note what is missing; the report lists it in [`Report::lookups`], the caller fetches
    /// it (the extension over DNS-over-HTTPS) and runs the check again with the answers added,
    /// the same replay as the domain check's ([`dns::drive`]).
    pub dns: Option<std::rc::Rc<dns::Lookups>>,
}

/// Lints a draft.
pub fn check(draft: &Draft, options: &Options) -> Report {
    let (draft, mut clipped) = draft.within_limits();
    let draft = &*draft;
    let mode = options.mode.or(draft.mode).unwrap_or_default();
    let mut analysis = Analysis::new(draft, mode);
    clipped.extend(&analysis.clipped);
    analysis.dns = options.dns.as_deref();
    let mut scored: Vec<(&'static Rule, Vec<rules::Hit>)> = Vec::new();
    let enabled = |r: &&Rule| {
        options.only.is_none_or(|code| r.code == code)
            && !options.disabled.iter().any(|d| d.eq_ignore_ascii_case(r.code))
    };
    for rule in rules::all().filter(enabled) {
        let mut hits = rules::Hits::default();
        (rule.check)(&analysis, &mut hits);
        clipped.extend(hits.clipped);
        let mut hits = hits.hits;
        hits.retain(|h| h.points.is_finite() && h.points >= 0.0);
        if let Some(cap) = rule.cap {
            scale_to_cap(hits.iter_mut().map(|h| &mut h.points), cap);
        }
        if !hits.is_empty() {
            scored.push((rule, hits));
        }
    }
    for category in scored.iter().map(|(r, _)| r.category).collect::<std::collections::BTreeSet<_>>() {
        let points = scored
            .iter_mut()
            .filter(|(r, _)| r.category == category)
            .flat_map(|(_, h)| h.iter_mut())
            .map(|h| &mut h.points);
        scale_to_cap(points, category.cap());
    }
    let analysis = &analysis;
    let mut findings: Vec<Finding> = scored
        .into_iter()
        .flat_map(|(rule, hits)| hits.into_iter().map(move |h| finding(rule, h, analysis, options.lang)))
        .collect();
    findings.sort_by(|a, b| {
        a.part
            .cmp(&b.part)
            .then(b.points.total_cmp(&a.points))
            .then(a.span.map(|s| s.start).cmp(&b.span.map(|s| s.start)))
    });
    // `+ 0.0` turns the empty sum's -0.0 into 0.0.
    let points = round_to(findings.iter().map(|f| f.points).sum::<f64>() + 0.0, 2);
    let grade = round_to((10.0 - points).clamp(0.0, 10.0), 1);
    // What the rules asked for and did not find in `options.dns`: the caller's next round.
    let lookups = options
        .dns
        .as_deref()
        .map(|store| {
            store
                .take_missing()
                .into_iter()
                .filter_map(|request| match request {
                    dns::Request::Dns(query) => Some(query),
                    dns::Request::Https { .. } => None,
                })
                .collect()
        })
        .unwrap_or_default();
    clipped.sort();
    clipped.dedup();
    let clipped = clipped.into_iter().map(|cut| report::Clipped::new(cut, options.lang)).collect();
    Report { grade, points, mode, findings, lookups, clipped }
}

/// Lints bytes: a JSON draft (the extension's format, see [`input`]) when they start with `{`,
/// else a raw RFC 5322 message (with the `mime` feature; without it, an error).
pub fn check_bytes(bytes: &[u8], options: &Options) -> Result<Report, Error> {
    Ok(check(&parse_bytes(bytes)?, options))
}

/// Reads bytes into a draft, as [`check_bytes`] does.
pub fn parse_bytes(bytes: &[u8]) -> Result<Draft, Error> {
    if bytes.len() > limits::MAX_INPUT_BYTES {
        return Err(Error::new(ErrorKind::TooLarge { size: bytes.len() }));
    }
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF);
    match start.map(|i| bytes[i]) {
        None => Err(Error::new(ErrorKind::Empty)),
        Some(b'{') => input::parse_json(bytes),
        #[cfg(feature = "mime")]
        Some(_) => Ok(message::parse_message(bytes)),
        #[cfg(not(feature = "mime"))]
        Some(_) => Err(Error::new(ErrorKind::RawNeedsMime)),
    }
}

fn finding(rule: &'static Rule, hit: rules::Hit, analysis: &Analysis, lang: Lang) -> Finding {
    let text = if hit.part == Part::Subject { &analysis.subject } else { &analysis.body };
    // A span outside the text or empty (an image-only link) is no place to underline.
    let span = hit.span.filter(|s| {
        s.start < s.end && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end)
    });
    let message = match (hit.message, lang) {
        (Some(m), Lang::En) => m.en,
        (Some(m), Lang::ZhCn) => m.zh,
        (None, _) => rule.summary.get(lang).to_string(),
    };
    let points = round_to(hit.points, 2);
    Finding {
        code: rule.code,
        severity: Severity::from_points(points),
        points,
        message,
        fix: rule.fix.get(lang).to_string(),
        part: hit.part,
        quote: span.as_ref().map(|s| text[s.clone()].to_string()),
        span: span.map(|s| Span::in_text(text, s.start, s.end)),
    }
}

/// Trims `points` so that they add up to at most `cap`, largest first: the most serious findings
/// keep their full weight and the smallest give way (scaling everything down instead would let
/// a thousand trivial hits dilute one serious finding into noise).
fn scale_to_cap<'p>(points: impl Iterator<Item = &'p mut f64>, cap: f64) {
    let mut points: Vec<&mut f64> = points.collect();
    points.sort_by(|a, b| b.total_cmp(a));
    let mut left = cap;
    for p in points {
        *p = p.min(left);
        left -= *p;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_input_is_an_error_with_a_clear_message() {
        let err = check_bytes(b"  \n", &Options::default()).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::Empty);
        assert!(err.to_string().contains("empty"));
    }

    #[test]
    fn disabled_rules_do_not_run() {
        let draft = Draft { subject: Some("HOT SALE LED LIGHTS BEST PRICE".into()), ..Draft::default() };
        assert!(check(&draft, &Options::default()).findings.iter().any(|f| f.code == "S01"));
        let options = Options { disabled: vec!["s01".into()], ..Options::default() };
        assert!(!check(&draft, &options).findings.iter().any(|f| f.code == "S01"));
    }

    #[test]
    fn caps_scale_points_down() {
        let mut v = [1.0, 3.0, 0.5];
        scale_to_cap(v.iter_mut(), 3.5);
        assert_eq!(v, [0.5, 3.0, 0.0]);
    }
}
