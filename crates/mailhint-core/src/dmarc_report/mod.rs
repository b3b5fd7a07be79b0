//! DMARC aggregate reports (RFC 7489 appendix C, its older draft, and RFC 9990): read the files
//! receivers send (`.xml`, `.xml.gz`, `.zip`, or the email they arrive in), then say per source
//! IP who sends as the domain, whether it passes aligned, and whether the policy can be tightened.
//!
//! Reading ([`read_file`]) finds the format by content, never by file name (`unwrap`), then reads
//! the XML as a stream of events with quick-xml (`xml`): no DTD (a report with a `DOCTYPE` is
//! refused, so no entity can expand), bounded depth, rows and bytes ([`crate::limits`]). A file
//! that cannot be read gives a [`ReadError`] with a clear reason in both languages; a file read
//! in part (rows past the limit, a row without a source IP) gives its reports with [`Note`]s.
//!
//! The analysis ([`analyse`]) is pure: reverse DNS names come from a [`crate::dns::Lookups`]
//! store and are noted missing when not there, the same replay as the domain check's.

mod analysis;
mod unwrap;
mod xml;

pub use analysis::{
    aligned, analyse, Advice, AdviceDecl, Class, DmarcAnalysis, DomainAnalysis, ProviderRef, PtrState, SourceSummary,
    ADVICE, ENOUGH_MESSAGES, READY_SHARE,
};

use serde::Serialize;

use crate::report::Lang;

/// A report's `<report_metadata>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    /// `org_name`: the receiver that wrote the report, as it wrote it (may be empty).
    pub org_name: String,
    /// `email`: the receiver's contact.
    pub email: String,
    /// `extra_contact_info`.
    pub extra_contact_info: Option<String>,
    /// `report_id`.
    pub report_id: String,
    /// `date_range/begin`, seconds since 1970 (UTC).
    pub begin: i64,
    /// `date_range/end`, seconds since 1970 (UTC).
    pub end: i64,
    /// `error` elements: what the receiver could not evaluate.
    pub errors: Vec<String>,
    /// `generator` (RFC 9990): the software that wrote the report.
    pub generator: Option<String>,
}

/// A report's `<policy_published>`: the DMARC record the receiver found. Values as written
/// (lowercased where the schema has lowercase tokens).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PolicyPublished {
    /// The domain whose policy was applied.
    pub domain: String,
    /// `adkim`: `r` (relaxed) or `s` (strict); absent means relaxed.
    pub adkim: Option<String>,
    /// `aspf`: `r` or `s`; absent means relaxed.
    pub aspf: Option<String>,
    /// `p`: `none`, `quarantine` or `reject`.
    pub p: String,
    /// `sp`: the policy for subdomains.
    pub sp: Option<String>,
    /// `np` (RFC 9990): the policy for non-existent subdomains.
    pub np: Option<String>,
    /// `pct` (RFC 7489; gone in RFC 9990).
    pub pct: Option<String>,
    /// `fo`: failure reporting options.
    pub fo: Option<String>,
    /// `testing` (RFC 9990): `y` while the policy is in test mode.
    pub testing: Option<String>,
    /// `discovery_method` (RFC 9990): `psl` or `treewalk`.
    pub discovery_method: Option<String>,
}

/// A `<reason>` for a policy override (forwarded, mailing list, local policy…).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OverrideReason {
    /// `type`: `forwarded`, `sampled_out`, `trusted_forwarder`, `mailing_list`, `local_policy`,
    /// `other`, or RFC 9990's `policy_test_mode`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `comment`, if any.
    pub comment: Option<String>,
}

/// One DKIM signature's result in a row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DkimResult {
    /// `d=`: the signing domain.
    pub domain: String,
    /// `s=`: the selector (required by RFC 9990, often absent in older reports).
    pub selector: Option<String>,
    /// `none`, `pass`, `fail`, `policy`, `neutral`, `temperror`, `permerror`.
    pub result: String,
    /// `human_result`, if any.
    pub human_result: Option<String>,
}

/// The SPF result of a row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SpfResult {
    /// The domain SPF was checked for (the envelope sender's, or HELO's).
    pub domain: String,
    /// `mfrom` or `helo` (absent in older reports, where it means `mfrom`).
    pub scope: Option<String>,
    /// `none`, `neutral`, `pass`, `fail`, `softfail`, `temperror`, `permerror`.
    pub result: String,
    /// `human_result`, if any.
    pub human_result: Option<String>,
}

/// One `<record>`: messages from one source IP with the same results.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Record {
    /// `row/source_ip`, as written (checked to be an IP address).
    pub source_ip: String,
    /// `row/count`: how many messages.
    pub count: u64,
    /// `policy_evaluated/disposition`: what the receiver did (`none`, `quarantine`, `reject`,
    /// RFC 9990's `pass`).
    pub disposition: String,
    /// `policy_evaluated/dkim`: DKIM's DMARC result (aligned pass or fail).
    pub dkim: String,
    /// `policy_evaluated/spf`: SPF's DMARC result (aligned pass or fail).
    pub spf: String,
    /// `policy_evaluated/reason`s.
    pub reasons: Vec<OverrideReason>,
    /// `identifiers/header_from`: the From domain.
    pub header_from: String,
    /// `identifiers/envelope_from`.
    pub envelope_from: Option<String>,
    /// `identifiers/envelope_to`.
    pub envelope_to: Option<String>,
    /// `auth_results/dkim`s.
    pub dkim_results: Vec<DkimResult>,
    /// `auth_results/spf`s.
    pub spf_results: Vec<SpfResult>,
}

/// Which schema a report follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Schema {
    /// No `<version>`: RFC 7489's draft-era reports (appendix C's schema has no version either).
    Draft,
    /// `<version>1.0</version>` without RFC 9990's elements: RFC 7489.
    Rfc7489,
    /// RFC 9990 (DMARCbis): its namespace, `<version>2.0`, or its elements (`np`, `testing`,
    /// `discovery_method`, `generator`).
    Rfc9990,
}

/// One aggregate report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AggregateReport {
    /// The schema it follows.
    pub schema: Schema,
    /// `<version>`, as written.
    pub version: Option<String>,
    /// The root element's namespace, if any.
    pub namespace: Option<String>,
    /// `<report_metadata>`.
    pub metadata: Metadata,
    /// `<policy_published>`.
    pub policy: PolicyPublished,
    /// The rows read.
    pub records: Vec<Record>,
    /// What was skipped or normalised while reading it (rows past the limit, `Pass` read as
    /// `pass`…): the report is still usable.
    pub notes: Vec<Note>,
}

/// How a file was unwrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Container {
    /// Plain XML.
    Xml,
    /// Gzip (`.xml.gz`).
    Gzip,
    /// Zip (`.zip`).
    Zip,
    /// An email (`.eml`) with the report attached.
    Email,
}

/// One file's outcome: its reports, or why it could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileRead {
    /// What the file turned out to be (`None` when not even that could be told).
    pub container: Option<Container>,
    /// The reports read (usually one).
    pub reports: Vec<AggregateReport>,
    /// Why the file could not be read; `reports` is empty then.
    pub error: Option<ReadError>,
}

/// A file-level problem's declaration: a stable code and its words in both languages, with
/// `{detail}` filled from the case.
#[derive(Debug)]
pub struct Problem {
    /// Stable code (`DMARC-XML`): a public id.
    pub code: &'static str,
    /// What happened: `[English, 简体中文]`.
    pub words: [&'static str; 2],
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadError {
    /// The problem's code.
    pub code: &'static str,
    /// The specifics (a size, the XML parser's words), in plain words; no email content.
    pub detail: String,
    /// Where in the XML (line, column), for malformed XML and bad bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<(usize, usize)>,
}

/// Something a reader skipped or normalised in a report it could read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// The problem's code.
    pub code: &'static str,
    /// The specifics.
    pub detail: String,
}

macro_rules! problems {
    ($($name:ident = $code:literal, $en:literal, $zh:literal;)*) => {
        $(
            #[doc = $en]
            pub static $name: Problem = Problem { code: $code, words: [$en, $zh] };
        )*
        /// Every problem, for the catalog and tests.
        pub static PROBLEMS: &[&Problem] = &[$(&$name),*];
    };
}

problems! {
    UNREADABLE = "DMARC-UNREADABLE", "The file cannot be read ({detail}).", "无法读取文件（{detail}）。";
    EMPTY = "DMARC-EMPTY", "The file is empty.", "文件是空的。";
    TOO_LARGE = "DMARC-TOO-LARGE",
        "The file is too large to be a DMARC report ({detail}).",
        "文件太大，不像是 DMARC 报告（{detail}）。";
    UNKNOWN_FORMAT = "DMARC-UNKNOWN-FORMAT",
        "This is not a DMARC aggregate report: expected XML, a .gz or .zip file, or the email a report came in ({detail}).",
        "这不是 DMARC 汇总报告：应为 XML、.gz 或 .zip 文件，或附带报告的邮件（{detail}）。";
    GZIP = "DMARC-GZIP", "The gzip file is damaged ({detail}).", "gzip 文件已损坏（{detail}）。";
    ZIP = "DMARC-ZIP", "The zip file is damaged ({detail}).", "zip 文件已损坏（{detail}）。";
    ZIP_ENTRIES = "DMARC-ZIP-ENTRIES",
        "The zip file holds too many files ({detail}); a report zip holds one.",
        "zip 文件里的文件太多（{detail}），报告压缩包通常只有一个文件。";
    DECOMPRESSED_TOO_LARGE = "DMARC-DECOMPRESSED-TOO-LARGE",
        "The file unpacks to more than {detail}: stopped there (a compression bomb, or not a report).",
        "文件解压后超过 {detail}，已停止解压（可能是压缩炸弹，或不是报告）。";
    NO_REPORT_IN_EMAIL = "DMARC-NO-REPORT-IN-EMAIL",
        "The email carries no DMARC report (no XML, .gz or .zip attachment).",
        "这封邮件里没有 DMARC 报告（没有 XML、.gz 或 .zip 附件）。";
    XML = "DMARC-XML", "The report's XML is malformed ({detail}).", "报告的 XML 格式错误（{detail}）。";
    NOT_UTF8 = "DMARC-NOT-UTF8",
        "The report is not valid UTF-8 text ({detail}): its names cannot be trusted.",
        "报告不是有效的 UTF-8 文本（{detail}），其中的域名不可信。";
    DTD = "DMARC-DTD",
        "The report declares a DTD or entities, which DMARC reports never do: refused so that no entity expands (billion-laughs attack).",
        "报告声明了 DTD 或实体，正常的 DMARC 报告不会这样做：已拒绝读取，以免实体展开（“十亿笑声”攻击）。";
    DEPTH = "DMARC-DEPTH",
        "The report's XML is nested deeper than {detail} levels: not a DMARC report.",
        "报告的 XML 嵌套超过 {detail} 层，不是 DMARC 报告。";
    NOT_AGGREGATE = "DMARC-NOT-AGGREGATE",
        "This XML is not a DMARC aggregate report (its root element is {detail}, not feedback).",
        "这个 XML 不是 DMARC 汇总报告（根元素是 {detail}，而不是 feedback）。";
    MISSING = "DMARC-MISSING",
        "The report lacks a required element ({detail}).",
        "报告缺少必需的元素（{detail}）。";
    BAD_VALUE = "DMARC-BAD-VALUE",
        "The report has a value that is not valid ({detail}).",
        "报告中有无效的值（{detail}）。";
    ROWS_CAPPED = "DMARC-ROWS-CAPPED",
        "Only the first {detail} rows were read; the rest of the report was skipped.",
        "只读取了前 {detail} 行，报告其余部分已跳过。";
    ROW_SKIPPED = "DMARC-ROW-SKIPPED",
        "A row was skipped ({detail}).",
        "跳过了一行（{detail}）。";
    CASE_NORMALISED = "DMARC-CASE-NORMALISED",
        "Results written in capitals ({detail}) were read in lowercase, as the schema spells them.",
        "以大写书写的结果（{detail}）已按规范的小写读取。";
}

impl Problem {
    /// The message in `lang` with `detail` filled in.
    pub fn message(&self, lang: Lang, detail: &str) -> String {
        let words = self.words[match lang {
            Lang::En => 0,
            Lang::ZhCn => 1,
        }];
        words.replace("{detail}", detail)
    }

    /// The declaration with this code.
    pub fn by_code(code: &str) -> Option<&'static Problem> {
        PROBLEMS.iter().copied().find(|p| p.code == code)
    }
}

impl ReadError {
    /// An error of `problem` with its specifics.
    pub fn new(problem: &'static Problem, detail: impl Into<String>) -> ReadError {
        ReadError { code: problem.code, detail: detail.into(), at: None }
    }

    /// An error at a place of the XML (line and column, from 1).
    pub(crate) fn at(problem: &'static Problem, at: (usize, usize), detail: impl Into<String>) -> ReadError {
        ReadError { code: problem.code, detail: detail.into(), at: Some(at) }
    }

    /// The message in `lang`, the place in that language's words.
    pub fn message(&self, lang: Lang) -> String {
        let detail = match (self.at, lang, self.detail.is_empty()) {
            (None, _, _) => self.detail.clone(),
            (Some((l, c)), Lang::En, true) => format!("line {l}, column {c}"),
            (Some((l, c)), Lang::En, false) => format!("line {l}, column {c}: {}", self.detail),
            (Some((l, c)), Lang::ZhCn, true) => format!("第 {l} 行第 {c} 列"),
            (Some((l, c)), Lang::ZhCn, false) => format!("第 {l} 行第 {c} 列：{}", self.detail),
        };
        Problem::by_code(self.code).map_or_else(|| detail.clone(), |p| p.message(lang, &detail))
    }
}

impl Note {
    pub(crate) fn new(problem: &'static Problem, detail: impl Into<String>) -> Note {
        Note { code: problem.code, detail: detail.into() }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        Problem::by_code(self.code).map_or_else(|| self.detail.clone(), |p| p.message(lang, &self.detail))
    }
}

/// The limits a read works within; [`ReadLimits::default`] is [`crate::limits`]' values. Tests
/// lower them to reach each one cheaply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// [`crate::limits::MAX_DMARC_INPUT_BYTES`].
    pub input_bytes: usize,
    /// [`crate::limits::MAX_DMARC_XML_BYTES`].
    pub xml_bytes: usize,
    /// [`crate::limits::MAX_DMARC_ZIP_ENTRIES`].
    pub zip_entries: usize,
    /// [`crate::limits::MAX_DMARC_XML_DEPTH`].
    pub depth: usize,
    /// [`crate::limits::MAX_DMARC_RECORDS`].
    pub records: usize,
}

impl Default for ReadLimits {
    fn default() -> ReadLimits {
        use crate::limits::*;
        ReadLimits {
            input_bytes: MAX_DMARC_INPUT_BYTES,
            xml_bytes: MAX_DMARC_XML_BYTES,
            zip_entries: MAX_DMARC_ZIP_ENTRIES,
            depth: MAX_DMARC_XML_DEPTH,
            records: MAX_DMARC_RECORDS,
        }
    }
}

/// Reads one dropped file: its reports, or a clear error. Never panics, and does bounded work
/// whatever the bytes ([`ReadLimits::default`]).
pub fn read_file(bytes: &[u8]) -> FileRead {
    read_file_with(bytes, &ReadLimits::default())
}

/// [`read_file`] within other limits.
pub fn read_file_with(bytes: &[u8], limits: &ReadLimits) -> FileRead {
    let unwrapped = match unwrap::unwrap(bytes, limits) {
        Ok(u) => u,
        Err((container, error)) => return FileRead { container, reports: Vec::new(), error: Some(error) },
    };
    let mut reports = Vec::with_capacity(unwrapped.documents.len());
    for document in &unwrapped.documents {
        match xml::parse(document, limits) {
            Ok(report) => reports.push(report),
            Err(error) => {
                return FileRead { container: Some(unwrapped.container), reports: Vec::new(), error: Some(error) }
            }
        }
    }
    FileRead { container: Some(unwrapped.container), reports, error: None }
}

#[cfg(test)]
mod tests;
