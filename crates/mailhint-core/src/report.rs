//! The report: what one analysis says about one draft. These are the boundary types: plain,
//! serializable data in the user's vocabulary, sent as JSON by the CLI and as plain objects by
//! the WebAssembly binding.

use serde::Serialize;

/// How bad a finding is. Derived from its points on SpamAssassin's scale (catalog §8.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Under 0.5 points: worth knowing, no real cost.
    Info,
    /// 0.5 to 0.9 points.
    Low,
    /// 1.0 to 1.9 points.
    Medium,
    /// 2.0 to 2.9 points.
    High,
    /// 3 points or more, or a message that will be blocked whatever its score.
    Critical,
}

impl Severity {
    /// The severity of a finding worth `points` (catalog §8.1 bands).
    pub fn from_points(points: f64) -> Severity {
        match points {
            p if p >= 3.0 => Severity::Critical,
            p if p >= 2.0 => Severity::High,
            p if p >= 1.0 => Severity::Medium,
            p if p >= 0.5 => Severity::Low,
            _ => Severity::Info,
        }
    }

    /// The lowercase name used in JSON and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// Where in the draft a finding is. Spans are given in the visible text of `Subject` or `Body`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// The subject line.
    Subject,
    /// The visible text of the body.
    Body,
    /// The links of the body.
    Links,
    /// The images of the body.
    Images,
    /// The attached files.
    Attachments,
    /// To, Cc and Bcc.
    Recipients,
    /// From, its display name and Reply-To.
    Sender,
    /// Other headers and the message's structure.
    Headers,
}

impl Part {
    /// Every part, in the order a report lists them.
    pub const ALL: [Part; 8] = [
        Part::Subject,
        Part::Body,
        Part::Links,
        Part::Images,
        Part::Attachments,
        Part::Recipients,
        Part::Sender,
        Part::Headers,
    ];

    /// The lowercase name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Subject => "subject",
            Part::Body => "body",
            Part::Links => "links",
            Part::Images => "images",
            Part::Attachments => "attachments",
            Part::Recipients => "recipients",
            Part::Sender => "sender",
            Part::Headers => "headers",
        }
    }
}

/// Which rules apply: first-contact mail to one person, or a campaign to many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// One-to-one business mail (the default): brevity and personalisation hints.
    #[default]
    OneToOne,
    /// Bulk or marketing mail: the compliance rules C01–C03 always apply.
    Campaign,
}

impl Mode {
    /// Parses `one-to-one` or `campaign`.
    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "one-to-one" => Some(Mode::OneToOne),
            "campaign" => Some(Mode::Campaign),
            _ => None,
        }
    }

    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::OneToOne => "one-to-one",
            Mode::Campaign => "campaign",
        }
    }
}

/// The language of messages, fixes and docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    ZhCn,
}

impl Lang {
    /// Parses `en` or `zh-CN` (also `zh`, `zh-Hans`, any case).
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            "zh" | "zh-cn" | "zh-hans" | "zh_cn" => Some(Lang::ZhCn),
            _ => None,
        }
    }
}

/// A place in the visible text of the subject or the body, in UTF-8 bytes and UTF-16 code units
/// (the extension underlines with the second).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// First UTF-16 code unit.
    pub start_utf16: usize,
    /// One past the last UTF-16 code unit.
    pub end_utf16: usize,
}

impl Span {
    /// The span of bytes `start..end` of `text`, with its UTF-16 offsets.
    pub fn in_text(text: &str, start: usize, end: usize) -> Span {
        let utf16 = |byte: usize| text[..byte].chars().map(char::len_utf16).sum::<usize>();
        let start_utf16 = utf16(start);
        let end_utf16 = start_utf16 + text[start..end].chars().map(char::len_utf16).sum::<usize>();
        Span { start, end, start_utf16, end_utf16 }
    }
}

/// One thing a spam filter or mailbox provider will hold against the draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The rule's permanent code, as in the catalog (`S01`, `L02`…).
    pub code: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// What it costs, on SpamAssassin's scale, after caps.
    pub points: f64,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it.
    pub fix: String,
    /// Where it is.
    pub part: Part,
    /// The exact words, when the finding has a place in the subject's or body's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// The words the span covers, as the user wrote them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

/// The outcome of one analysis: a grade out of 10 and the findings behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// `clamp(10 − points, 0, 10)`, one decimal.
    pub grade: f64,
    /// The sum of the findings' points.
    pub points: f64,
    /// The mode the rules ran in.
    pub mode: Mode,
    /// Findings, by part, then by points (highest first).
    pub findings: Vec<Finding>,
    /// DNS questions rules are still waiting for (only when the caller gave a store in
    /// `Options::dns`); empty, and left out of the JSON, once every answer was there.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lookups: Vec<crate::dns::Query>,
    /// Limits the draft went past (what lies past them was not analysed); empty, and left out
    /// of the JSON, for every draft within them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub clipped: Vec<Clipped>,
}

/// What a content check read only in part: past a limit of [`crate::limits`], the rest of it was
/// not analysed (a report says so, never cuts silently).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cut {
    /// The subject, past [`crate::limits::MAX_SUBJECT_BYTES`].
    Subject,
    /// The body, past [`crate::limits::MAX_BODY_BYTES`].
    Body,
    /// HTML nested deeper than [`crate::limits::MAX_HTML_DEPTH`].
    HtmlDepth,
    /// Links past [`crate::limits::MAX_LINKS`].
    Links,
    /// Images past [`crate::limits::MAX_IMAGES`].
    Images,
    /// Attachments past [`crate::limits::MAX_ATTACHMENTS`].
    Attachments,
    /// Recipients of one field past [`crate::limits::MAX_RECIPIENTS`].
    Recipients,
    /// Recipient domains past [`crate::limits::MAX_RECIPIENT_DOMAIN_LOOKUPS`] (R10).
    RecipientDomains,
    /// Headers past [`crate::limits::MAX_HEADERS`].
    Headers,
}

impl Cut {
    /// The limit that was passed.
    pub fn limit(self) -> usize {
        use crate::limits::*;
        match self {
            Cut::Subject => MAX_SUBJECT_BYTES,
            Cut::Body => MAX_BODY_BYTES,
            Cut::HtmlDepth => MAX_HTML_DEPTH,
            Cut::Links => MAX_LINKS,
            Cut::Images => MAX_IMAGES,
            Cut::Attachments => MAX_ATTACHMENTS,
            Cut::Recipients => MAX_RECIPIENTS,
            Cut::RecipientDomains => MAX_RECIPIENT_DOMAIN_LOOKUPS,
            Cut::Headers => MAX_HEADERS,
        }
    }

    /// What was and was not read, in plain words.
    pub fn message(self, lang: Lang) -> String {
        let n = self.limit();
        let kb = n / 1024;
        match (self, lang) {
            (Cut::Subject, Lang::En) => format!("Only the subject's first {kb} KB were checked."),
            (Cut::Subject, Lang::ZhCn) => format!("只检查了主题的前 {kb} KB。"),
            (Cut::Body, Lang::En) => format!("Only the body's first {} MB were checked.", kb / 1024),
            (Cut::Body, Lang::ZhCn) => format!("只检查了正文的前 {} MB。", kb / 1024),
            (Cut::HtmlDepth, Lang::En) => {
                format!("The HTML nests deeper than {n} elements; deeper elements were read as siblings.")
            }
            (Cut::HtmlDepth, Lang::ZhCn) => format!("HTML 嵌套超过 {n} 层；更深的元素按同级元素读取。"),
            (Cut::Links, Lang::En) => format!("Only the first {n} links were checked."),
            (Cut::Links, Lang::ZhCn) => format!("只检查了前 {n} 个链接。"),
            (Cut::Images, Lang::En) => format!("Only the first {n} images were checked."),
            (Cut::Images, Lang::ZhCn) => format!("只检查了前 {n} 张图片。"),
            (Cut::Attachments, Lang::En) => format!("Only the first {n} attachments were checked."),
            (Cut::Attachments, Lang::ZhCn) => format!("只检查了前 {n} 个附件。"),
            (Cut::Recipients, Lang::En) => format!("Only the first {n} recipients of each field were checked."),
            (Cut::Recipients, Lang::ZhCn) => format!("每个收件人字段只检查了前 {n} 个地址。"),
            (Cut::RecipientDomains, Lang::En) => {
                format!("Only the first {n} recipient domains were looked up in DNS.")
            }
            (Cut::RecipientDomains, Lang::ZhCn) => format!("只对前 {n} 个收件人域名做了 DNS 查询。"),
            (Cut::Headers, Lang::En) => format!("Only the first {n} headers were checked."),
            (Cut::Headers, Lang::ZhCn) => format!("只检查了前 {n} 个邮件头。"),
        }
    }
}

/// A limit the draft went past, as a report gives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clipped {
    /// Which limit.
    pub what: Cut,
    /// Its value: bytes of subject or body, a depth, or a count.
    pub limit: usize,
    /// What was and was not read, in the report's language.
    pub message: String,
}

impl Clipped {
    /// The note for `what` in `lang`.
    pub fn new(what: Cut, lang: Lang) -> Clipped {
        Clipped { what, limit: what.limit(), message: what.message(lang) }
    }
}

/// Rounds to `decimals` places, the way a report prints numbers.
pub(crate) fn round_to(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    (value * factor).round() / factor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_counts_utf16_units_for_astral_characters() {
        let text = "a😀b";
        let span = Span::in_text(text, 5, 6);
        assert_eq!((span.start_utf16, span.end_utf16), (3, 4));
    }

    #[test]
    fn severity_bands_follow_the_catalog() {
        assert_eq!(Severity::from_points(0.4), Severity::Info);
        assert_eq!(Severity::from_points(0.5), Severity::Low);
        assert_eq!(Severity::from_points(1.9), Severity::Medium);
        assert_eq!(Severity::from_points(2.3), Severity::High);
        assert_eq!(Severity::from_points(3.5), Severity::Critical);
    }
}
