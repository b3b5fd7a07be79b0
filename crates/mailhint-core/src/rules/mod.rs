//! The rules. One rule = one file = one [`Rule`] declaration (code, category, default severity,
//! summary, fix, doc in English and Simplified Chinese, and its check). The registry lists them
//! in catalog order; `mailhint rules`, `mailhint explain`, `RULES.md` and the extension's
//! tooltips all read the same declarations.
//!
//! A check reads the [`Analysis`] and pushes [`Hit`]s; it never calls another rule and never
//! fails: bad input becomes hits, not errors.

use std::ops::Range;

use crate::analysis::Analysis;
use crate::report::{Lang, Part, Severity};

/// A rule's long Markdown doc in both languages: the texts with the `docs` feature (on by
/// default: the CLI's `mailhint explain` and RULES.md read them), empty strings without it, so
/// that the WebAssembly build leaves them out (the extension reads them from
/// `extension/rules/<lang>.json`, written by `mailhint rules --format json` at build time). The
/// texts stay here either way: the declaration is the one source of truth.
#[cfg(feature = "docs")]
macro_rules! doc {
    (en: $en:expr, zh: $zh:expr $(,)?) => {
        $crate::rules::L10n { en: $en, zh: $zh }
    };
}
#[cfg(not(feature = "docs"))]
macro_rules! doc {
    (en: $en:expr, zh: $zh:expr $(,)?) => {
        $crate::rules::L10n { en: "", zh: "" }
    };
}

mod attachments;
mod body;
mod compliance;
mod formatting;
mod hidden;
mod html;
mod links;
pub(crate) mod recipients;
mod subject;

/// One rule of the catalog.
#[derive(Debug)]
pub struct Rule {
    /// The permanent public code (`S01`). Never reused or renamed.
    pub code: &'static str,
    /// A kebab-case name for the problem (`subject-all-caps`), never for the fix.
    pub name: &'static str,
    /// The family the rule belongs to.
    pub category: Category,
    /// The severity of a typical hit (each finding's own comes from its points).
    pub severity: Severity,
    /// The most points this rule can add, all hits together; `None` for no cap of its own.
    pub cap: Option<f64>,
    /// One line: what the problem is.
    pub summary: L10n,
    /// One or two sentences: how to fix it.
    pub fix: L10n,
    /// The full doc, Markdown, with the headings of [`DOC_HEADINGS_EN`] / [`DOC_HEADINGS_ZH`]
    /// (declared with `doc!`; empty strings when the `docs` feature is off).
    pub doc: L10n,
    /// The check itself.
    pub check: fn(&Analysis, &mut Hits),
}

impl Rule {
    /// The rule's documentation in `lang`, as plain data for JSON and the extension.
    pub fn describe(&'static self, lang: Lang) -> RuleDoc {
        RuleDoc {
            code: self.code,
            name: self.name,
            category: self.category.name(),
            severity: self.severity,
            summary: self.summary.get(lang),
            fix: self.fix.get(lang),
            doc: self.doc.get(lang),
        }
    }
}

/// A rule's documentation in one language (the boundary form of [`Rule`]).
#[derive(Debug, Clone, serde::Serialize)]
pub struct RuleDoc {
    /// The permanent code.
    pub code: &'static str,
    /// The kebab-case name.
    pub name: &'static str,
    /// The family's name.
    pub category: &'static str,
    /// The default severity.
    pub severity: Severity,
    /// One line: the problem.
    pub summary: &'static str,
    /// How to fix it.
    pub fix: &'static str,
    /// The full Markdown doc (empty when mailhint-core is built without its `docs` feature).
    pub doc: &'static str,
}

/// The headings every English rule doc has, in this order.
pub const DOC_HEADINGS_EN: [&str; 5] =
    ["## What it does", "## Why it matters", "## Example", "## How to fix", "## References"];
/// The headings every Chinese rule doc has, in this order.
pub const DOC_HEADINGS_ZH: [&str; 5] = ["## 检查什么", "## 为什么重要", "## 示例", "## 如何修改", "## 参考"];

/// A static text in both languages.
#[derive(Debug, Clone, Copy)]
pub struct L10n {
    /// English.
    pub en: &'static str,
    /// Simplified Chinese.
    pub zh: &'static str,
}

impl L10n {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::ZhCn => self.zh,
        }
    }
}

/// A rule family, each with its own cap so that one kind of defect cannot dominate the grade
/// (catalog §8.1, the same design as happyDeliver's capped families).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// S: the subject line.
    Subject,
    /// B: the body's wording.
    Body,
    /// F: capitals, punctuation, characters.
    Formatting,
    /// H: images against text, and HTML structure.
    Html,
    /// X: hidden text.
    Hidden,
    /// L: links.
    Links,
    /// A: attachments.
    Attachments,
    /// R: recipients, sender and personalisation.
    Recipients,
    /// C: legal requirements for commercial mail.
    Compliance,
}

impl Category {
    /// The most points a family can add.
    pub fn cap(self) -> f64 {
        match self {
            Category::Subject => 4.0,
            Category::Body => 8.0,
            Category::Formatting => 3.0,
            Category::Html => 5.0,
            Category::Hidden => 5.0,
            Category::Links => 6.0,
            Category::Attachments => 6.0,
            Category::Recipients => 6.0,
            Category::Compliance => 3.0,
        }
    }

    /// The family's name.
    pub fn name(self) -> &'static str {
        match self {
            Category::Subject => "Subject",
            Category::Body => "Body",
            Category::Formatting => "Formatting",
            Category::Html => "Images and HTML",
            Category::Hidden => "Hidden text",
            Category::Links => "Links",
            Category::Attachments => "Attachments",
            Category::Recipients => "Recipients and sender",
            Category::Compliance => "Compliance",
        }
    }
}

/// A text made at check time, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// English.
    pub en: String,
    /// Simplified Chinese.
    pub zh: String,
}

/// One thing a check found.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// What it costs.
    pub points: f64,
    /// Where it is.
    pub part: Part,
    /// Bytes of the subject's text (part `subject`) or of the body's text (any other part).
    pub span: Option<Range<usize>>,
    /// A message more precise than the rule's summary.
    pub message: Option<Text>,
}

impl Hit {
    /// Places the hit on `span` of the subject's or the body's text.
    pub fn at(&mut self, span: Range<usize>) -> &mut Self {
        self.span = Some(span);
        self
    }

    /// Says precisely what was found, in English and in Chinese.
    pub fn say(&mut self, en: impl Into<String>, zh: impl Into<String>) -> &mut Self {
        self.message = Some(Text { en: en.into(), zh: zh.into() });
        self
    }
}

/// Where checks push their hits.
#[derive(Debug, Default)]
pub struct Hits {
    pub(crate) hits: Vec<Hit>,
    /// Limits the check stopped at (the report lists them).
    pub(crate) clipped: Vec<crate::report::Cut>,
}

impl Hits {
    /// Records a hit worth `points` in `part`; chain [`Hit::at`] and [`Hit::say`] on it.
    pub fn add(&mut self, points: f64, part: Part) -> &mut Hit {
        self.hits.push(Hit { points, part, span: None, message: None });
        let last = self.hits.len() - 1;
        &mut self.hits[last]
    }

    /// Notes that the check stopped at a limit: what lies past it was not checked.
    pub fn clipped(&mut self, cut: crate::report::Cut) {
        self.clipped.push(cut);
    }

    /// The hits so far.
    pub fn as_slice(&self) -> &[Hit] {
        &self.hits
    }
}

/// `text` trimmed and cut to at most `max` characters with an ellipsis, for quoting the user's
/// words in a message.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// The largest index ≤ `i` that is a char boundary of `s`.
pub(crate) fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest index ≥ `i` that is a char boundary of `s`.
pub(crate) fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Runs one check on a draft, for the rules' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::{Hit, Hits};
    use crate::analysis::Analysis;
    use crate::draft::Draft;
    use crate::report::Mode;

    /// The hits of `check` on `draft` in one-to-one mode.
    pub(crate) fn run(check: fn(&Analysis, &mut Hits), draft: &Draft) -> Vec<Hit> {
        let a = Analysis::new(draft, Mode::OneToOne);
        let mut hits = Hits::default();
        check(&a, &mut hits);
        hits.hits
    }

    /// The hits of `check` on a plain-text body.
    pub(crate) fn run_text(check: fn(&Analysis, &mut Hits), text: &str) -> Vec<Hit> {
        run(check, &Draft { text: Some(text.into()), ..Draft::default() })
    }

    /// The points of `check`'s hits on a plain-text body.
    pub(crate) fn points_on_text(check: fn(&Analysis, &mut Hits), text: &str) -> Vec<f64> {
        run_text(check, text).iter().map(|h| h.points).collect()
    }

    /// The hits of `check` on an HTML body.
    pub(crate) fn run_html(check: fn(&Analysis, &mut Hits), html: &str) -> Vec<Hit> {
        run(check, &Draft { html: Some(html.into()), ..Draft::default() })
    }
}

/// Every rule, in catalog order (S, B, F, H, X, L, A, R, C).
pub fn all() -> impl Iterator<Item = &'static Rule> {
    [
        subject::RULES,
        body::RULES,
        formatting::RULES,
        html::RULES,
        hidden::RULES,
        links::RULES,
        attachments::RULES,
        recipients::RULES,
        compliance::RULES,
    ]
    .into_iter()
    .flatten()
    .copied()
}

/// The rule with `code` (case-insensitive), if any.
pub fn by_code(code: &str) -> Option<&'static Rule> {
    all().find(|r| r.code.eq_ignore_ascii_case(code))
}

/// The characters of the Han script (`\p{Han}`, Unicode 16 as regex-syntax 0.8.12 has it), as
/// the inside of a regex character class, for `concat!` into a pattern: regex's script tables
/// (Script and Script_Extensions, every script) are left out of the wasm for these 22 ranges.
#[macro_export]
#[doc(hidden)]
macro_rules! han_class {
    () => {
        "\u{2E80}-\u{2E99}\u{2E9B}-\u{2EF3}\u{2F00}-\u{2FD5}\u{3005}\u{3007}\u{3021}-\u{3029}\u{3038}-\u{303B}\
         \u{3400}-\u{4DBF}\u{4E00}-\u{9FFF}\u{F900}-\u{FA6D}\u{FA70}-\u{FAD9}\u{16FE2}-\u{16FE3}\u{16FF0}-\u{16FF1}\
         \u{20000}-\u{2A6DF}\u{2A700}-\u{2B739}\u{2B740}-\u{2B81D}\u{2B820}-\u{2CEA1}\u{2CEB0}-\u{2EBE0}\
         \u{2EBF0}-\u{2EE5D}\u{2F800}-\u{2FA1D}\u{30000}-\u{3134A}\u{31350}-\u{323AF}"
    };
}

/// A regex compiled once, on first use. Patterns are literals checked by every rule's fixtures.
#[macro_export]
#[doc(hidden)]
macro_rules! regex {
    ($re:expr $(,)?) => {{
        static RE: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new($re).expect("rule regex is valid"));
        &*RE
    }};
}

/// Builds a case-insensitive regex matching any of `phrases` as whole words (phrases are
/// escaped; a phrase starting or ending in a non-word character drops the boundary there).
///
/// Boundaries are ASCII (`(?-u:\b)`): a Unicode `\b` keeps the regex engine off its fast path
/// and made a phrase list take seconds on a 2 MB body with Chinese text. Phrases that start or
/// end with a non-ASCII letter get no boundary on that side.
pub fn phrase_regex(phrases: &[&str]) -> regex::Regex {
    let alternatives: Vec<String> = phrases
        .iter()
        .map(|p| {
            let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            let start = if word(p.chars().next()) { r"(?-u:\b)" } else { "" };
            let end = if word(p.chars().next_back()) { r"(?-u:\b)" } else { "" };
            format!("{start}{}{end}", regex::escape(p).replace(' ', r"\s+"))
        })
        .collect();
    regex::Regex::new(&format!("(?i)(?:{})", alternatives.join("|"))).expect("phrase list is valid")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for rule in all() {
            assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
            assert!(names.insert(rule.name), "duplicate name {}", rule.name);
            let family = rule.code.chars().next().unwrap();
            assert!("SBFHXLARC".contains(family) && rule.code.len() == 3, "bad code {}", rule.code);
            assert!(
                rule.name.chars().all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
                "bad name {}",
                rule.name
            );
        }
    }

    #[test]
    fn registry_is_in_catalog_order() {
        let order = "SBFHXLARC";
        let keys: Vec<(usize, &str)> = all().map(|r| (order.find(&r.code[..1]).unwrap(), &r.code[1..])).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn han_class_is_the_han_script() {
        // It was checked equal to regex's `\p{Han}` on every code point when it replaced it.
        // unicode-script follows a later Unicode, with a few more Han characters: ours must be
        // among its Han characters, and miss only some of the newest.
        use unicode_script::{Script, UnicodeScript};
        let re = regex::Regex::new(concat!("^[", crate::han_class!(), "]$")).unwrap();
        let chars = || (0..=0x10FFFF).filter_map(char::from_u32);
        let ours = |c: char| re.is_match(c.encode_utf8(&mut [0; 4]));
        let not_han: Vec<char> = chars().filter(|&c| ours(c) && c.script() != Script::Han).collect();
        assert!(not_han.is_empty(), "{not_han:?}");
        let missed = chars().filter(|&c| !ours(c) && c.script() == Script::Han).count();
        assert!(missed < 5_000, "{missed} Han characters missed");
        assert!(ours('中') && ours('〇') && ours('\u{20000}') && !ours('a') && !ours('，') && !ours('あ'));
    }

    #[test]
    fn every_rule_has_both_docs_with_the_fixed_headings() {
        let mut problems = Vec::new();
        for rule in all() {
            // Without the `docs` feature the docs are compiled out (empty) by design.
            let docs = if cfg!(feature = "docs") {
                &[(rule.doc.en, DOC_HEADINGS_EN), (rule.doc.zh, DOC_HEADINGS_ZH)][..]
            } else {
                &[]
            };
            for &(doc, headings) in docs {
                let mut from = 0;
                for h in headings {
                    match doc[from..].find(h) {
                        Some(at) => from += at + h.len(),
                        None => problems.push(format!("{}: doc lacks {h:?} (in order)", rule.code)),
                    }
                }
            }
            for text in [rule.summary, rule.fix] {
                if text.en.is_empty() || !text.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
                    problems.push(format!("{}: summary or fix missing in English or Chinese", rule.code));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn phrase_regex_matches_whole_words_only() {
        let re = phrase_regex(&["act now", "% off"]);
        assert!(re.is_match("Please ACT  NOW today"));
        assert!(!re.is_match("react nowhere"));
        assert!(re.is_match("50% off"));
    }
}
