//! Pieces the body rules share.

use std::ops::Range;

use regex::Regex;

/// A pattern with its points and the SpamAssassin rule it follows ("" when it follows none).
pub(super) struct ScoredPattern {
    /// What a match costs.
    pub points: f64,
    /// The SpamAssassin rule name the message cites, or "".
    pub rule_name: &'static str,
    /// The pattern, compiled once.
    pub pattern: fn() -> &'static Regex,
}

/// Whether a "no risk" match is a technical statement ("no risk of corrosion", "no risk to the
/// operator") rather than a risk-free promise.
pub(super) fn is_technical_no_risk(body: &str, span: Range<usize>) -> bool {
    let phrase = &body[span.clone()];
    if !phrase.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("no")) {
        return false;
    }
    let next = body[span.end..].split_whitespace().next().unwrap_or("");
    let next = next.trim_matches(|c: char| !c.is_alphanumeric()).to_ascii_lowercase();
    matches!(next.as_str(), "of" | "to" | "that" | "in" | "for" | "from" | "at" | "with" | "when" | "if")
}
