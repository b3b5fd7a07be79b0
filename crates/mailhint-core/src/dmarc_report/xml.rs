//! A report's XML, read as a stream of quick-xml events: each element's text goes to the field
//! its path names (`record/row/source_ip`); unknown elements (extensions) are passed over.
//! Streaming keeps the work and memory bounded by the rows kept ([`ReadLimits::records`]); rows
//! past that are skipped without being kept. A `DOCTYPE` is refused outright: DMARC reports
//! have none, and without a DTD no entity can expand (quick-xml knows only the five predefined
//! ones and refuses others).

use std::net::IpAddr;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::{
    AggregateReport, DkimResult, Metadata, Note, OverrideReason, PolicyPublished, ReadError, ReadLimits, Record,
    Schema, SpfResult,
};
use super::{BAD_VALUE, CASE_NORMALISED, DEPTH, DTD, MISSING, NOT_AGGREGATE, NOT_UTF8, ROWS_CAPPED, ROW_SKIPPED, XML};

/// RFC 9990's namespace.
const DMARC_2_NAMESPACE: &str = "urn:ietf:params:xml:ns:dmarc-2.0";

/// The element names the schemas use; anything else is `"?"` (an extension, passed over).
const NAMES: &[&str] = &[
    "feedback",
    "version",
    "report_metadata",
    "org_name",
    "email",
    "extra_contact_info",
    "report_id",
    "date_range",
    "begin",
    "end",
    "error",
    "generator",
    "policy_published",
    "domain",
    "adkim",
    "aspf",
    "p",
    "sp",
    "np",
    "pct",
    "fo",
    "testing",
    "discovery_method",
    "record",
    "row",
    "source_ip",
    "count",
    "policy_evaluated",
    "disposition",
    "dkim",
    "spf",
    "reason",
    "type",
    "comment",
    "identifiers",
    "identities",
    "header_from",
    "envelope_from",
    "envelope_to",
    "auth_results",
    "selector",
    "result",
    "human_result",
    "scope",
];

fn intern(name: &[u8]) -> &'static str {
    NAMES.iter().find(|n| n.as_bytes() == name).copied().unwrap_or("?")
}

/// The line and column (from 1) of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = offset - before.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1) + 1;
    (line, column)
}

/// What a row is being built from.
#[derive(Default)]
struct RowDraft {
    record: Record,
    source_ip: Option<String>,
    count: Option<String>,
    dkim: Option<DkimResult>,
    spf: Option<SpfResult>,
    reason: Option<OverrideReason>,
}

#[derive(Default)]
struct Builder {
    version: Option<String>,
    namespace: Option<String>,
    metadata: Metadata,
    begin: Option<String>,
    end: Option<String>,
    policy: PolicyPublished,
    has_p: bool,
    records: Vec<Record>,
    row: Option<RowDraft>,
    rows_skipped: u64,
    notes: Vec<Note>,
    /// Result words written with capitals (`Pass`), as found.
    capitals: Vec<String>,
    rfc9990_elements: bool,
}

impl Builder {
    /// A schema token (result, disposition, policy), lowercased as the schemas spell them.
    fn token(&mut self, text: String) -> String {
        if text.bytes().any(|b| b.is_ascii_uppercase()) {
            if !self.capitals.contains(&text) && self.capitals.len() < 8 {
                self.capitals.push(text.clone());
            }
            text.to_ascii_lowercase()
        } else {
            text
        }
    }

    fn set(&mut self, path: &[&'static str], text: String) {
        let some = |t: String| if t.is_empty() { None } else { Some(t) };
        match path {
            ["version"] => self.version = some(text),
            ["report_metadata", field] => match *field {
                "org_name" => self.metadata.org_name = text,
                "email" => self.metadata.email = text,
                "extra_contact_info" => self.metadata.extra_contact_info = some(text),
                "report_id" => self.metadata.report_id = text,
                "error" if !text.is_empty() => self.metadata.errors.push(text),
                "generator" => {
                    self.rfc9990_elements = true;
                    self.metadata.generator = some(text)
                }
                _ => {}
            },
            ["report_metadata", "date_range", "begin"] => self.begin = Some(text),
            ["report_metadata", "date_range", "end"] => self.end = Some(text),
            ["policy_published", field] => {
                let p = &mut self.policy;
                match *field {
                    "domain" => p.domain = text.to_ascii_lowercase(),
                    "adkim" => p.adkim = some(text.to_ascii_lowercase()),
                    "aspf" => p.aspf = some(text.to_ascii_lowercase()),
                    "p" => {
                        self.has_p = !text.is_empty();
                        p.p = text.to_ascii_lowercase()
                    }
                    "sp" => p.sp = some(text.to_ascii_lowercase()),
                    "np" => {
                        self.rfc9990_elements = true;
                        p.np = some(text.to_ascii_lowercase())
                    }
                    "pct" => p.pct = some(text),
                    "fo" => p.fo = some(text),
                    "testing" => {
                        self.rfc9990_elements = true;
                        p.testing = some(text.to_ascii_lowercase())
                    }
                    "discovery_method" => {
                        self.rfc9990_elements = true;
                        p.discovery_method = some(text.to_ascii_lowercase())
                    }
                    _ => {}
                }
            }
            ["record", rest @ ..] => self.set_row(rest, text),
            _ => {}
        }
    }

    fn set_row(&mut self, path: &[&'static str], text: String) {
        let token = match path.last() {
            Some(&"disposition") | Some(&"dkim") | Some(&"spf") | Some(&"result") => Some(self.token(text.clone())),
            _ => None,
        };
        let Some(row) = self.row.as_mut() else { return };
        let some = |t: String| if t.is_empty() { None } else { Some(t) };
        let r = &mut row.record;
        match path {
            ["row", "source_ip"] => row.source_ip = Some(text),
            ["row", "count"] => row.count = Some(text),
            ["row", "policy_evaluated", "disposition"] => r.disposition = token.unwrap_or_default(),
            ["row", "policy_evaluated", "dkim"] => r.dkim = token.unwrap_or_default(),
            ["row", "policy_evaluated", "spf"] => r.spf = token.unwrap_or_default(),
            ["row", "policy_evaluated", "reason", "type"] => {
                if let Some(reason) = row.reason.as_mut() {
                    reason.kind = text
                }
            }
            ["row", "policy_evaluated", "reason", "comment"] => {
                if let Some(reason) = row.reason.as_mut() {
                    reason.comment = some(text)
                }
            }
            ["identifiers" | "identities", "header_from"] => r.header_from = text.to_ascii_lowercase(),
            ["identifiers" | "identities", "envelope_from"] => r.envelope_from = some(text.to_ascii_lowercase()),
            ["identifiers" | "identities", "envelope_to"] => r.envelope_to = some(text.to_ascii_lowercase()),
            ["auth_results", "dkim", field] => {
                if let Some(d) = row.dkim.as_mut() {
                    match *field {
                        "domain" => d.domain = text.to_ascii_lowercase(),
                        "selector" => d.selector = some(text),
                        "result" => d.result = token.unwrap_or_default(),
                        "human_result" => d.human_result = some(text),
                        _ => {}
                    }
                }
            }
            ["auth_results", "spf", field] => {
                if let Some(s) = row.spf.as_mut() {
                    match *field {
                        "domain" => s.domain = text.to_ascii_lowercase(),
                        "scope" => s.scope = some(text.to_ascii_lowercase()),
                        "result" => s.result = token.unwrap_or_default(),
                        "human_result" => s.human_result = some(text),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }

    /// An element opens: rows and their repeated parts start here.
    fn open(&mut self, path: &[&'static str]) {
        match path {
            ["record"] => self.row = Some(RowDraft::default()),
            ["record", "auth_results", "dkim"] => {
                if let Some(row) = self.row.as_mut() {
                    row.dkim = Some(DkimResult::default())
                }
            }
            ["record", "auth_results", "spf"] => {
                if let Some(row) = self.row.as_mut() {
                    row.spf = Some(SpfResult::default())
                }
            }
            ["record", "row", "policy_evaluated", "reason"] => {
                if let Some(row) = self.row.as_mut() {
                    row.reason = Some(OverrideReason::default())
                }
            }
            _ => {}
        }
    }

    /// An element closes: finished parts go to their row, a finished row to the report.
    fn close(&mut self, path: &[&'static str]) {
        let Some(row) = self.row.as_mut() else { return };
        match path {
            // As parsedmarc does: a result without a domain says nothing (receivers write
            // `<spf><domain></domain><result>none</result></spf>` for "no SPF record").
            ["record", "auth_results", "dkim"] => {
                if let Some(d) = row.dkim.take().filter(|d| !d.domain.is_empty()) {
                    row.record.dkim_results.push(finish_dkim(d));
                }
            }
            ["record", "auth_results", "spf"] => {
                if let Some(s) = row.spf.take().filter(|s| !s.domain.is_empty()) {
                    row.record.spf_results.push(finish_spf(s));
                }
            }
            ["record", "row", "policy_evaluated", "reason"] => {
                if let Some(reason) = row.reason.take() {
                    row.record.reasons.push(reason);
                }
            }
            ["record"] => {
                if let Some(row) = self.row.take() {
                    self.finish_row(row);
                }
            }
            _ => {}
        }
    }

    fn finish_row(&mut self, row: RowDraft) {
        let RowDraft { mut record, source_ip, count, .. } = row;
        let ip = source_ip.as_deref().unwrap_or_default();
        let Ok(parsed) = ip.parse::<IpAddr>() else {
            let detail =
                if ip.is_empty() { "no source IP".to_string() } else { format!("source IP {ip:?} is no IP address") };
            self.note(&ROW_SKIPPED, detail);
            return;
        };
        let Some(n) = count.as_deref().and_then(|c| c.parse::<u64>().ok()) else {
            let detail = format!("the count {:?} of {ip} is no number", count.unwrap_or_default());
            self.note(&ROW_SKIPPED, detail);
            return;
        };
        record.source_ip = parsed.to_string();
        record.count = n;
        // parsedmarc's defaults for what a receiver left out.
        for (field, default) in
            [(&mut record.disposition, "none"), (&mut record.dkim, "fail"), (&mut record.spf, "fail")]
        {
            if field.is_empty() {
                *field = default.to_string();
            }
        }
        self.records.push(record);
    }

    fn note(&mut self, problem: &'static super::Problem, detail: String) {
        // One note per kind is enough to tell the user; the count of the rest goes with it.
        if let Some(existing) = self.notes.iter_mut().find(|n| n.code == problem.code) {
            if !existing.detail.ends_with(" more)") {
                existing.detail.push_str(" (and more)");
            }
            return;
        }
        self.notes.push(Note::new(problem, detail));
    }

    fn finish(mut self, limits: &ReadLimits) -> Result<AggregateReport, ReadError> {
        let missing = |what: &str| ReadError::new(&MISSING, what.to_string());
        if self.metadata.report_id.is_empty() {
            return Err(missing("report_metadata/report_id"));
        }
        let time = |value: &Option<String>, what: &str| -> Result<i64, ReadError> {
            let text = value.as_deref().filter(|t| !t.is_empty()).ok_or_else(|| missing(what))?;
            // Some receivers write `1538413632.0`; parsedmarc reads the integer part too.
            let whole = text.split('.').next().unwrap_or_default();
            whole.parse::<i64>().map_err(|_| ReadError::new(&BAD_VALUE, format!("{what} = {text:?}")))
        };
        self.metadata.begin = time(&self.begin, "date_range/begin")?;
        self.metadata.end = time(&self.end, "date_range/end")?;
        if self.policy.domain.is_empty() {
            return Err(missing("policy_published/domain"));
        }
        if !self.has_p {
            return Err(missing("policy_published/p"));
        }
        if self.rows_skipped > 0 {
            let detail = format!("{} of {}", limits.records, limits.records as u64 + self.rows_skipped);
            self.notes.push(Note::new(&ROWS_CAPPED, detail));
        }
        if !self.capitals.is_empty() {
            self.notes.push(Note::new(&CASE_NORMALISED, self.capitals.join(", ")));
        }
        let version = self.version.clone();
        let schema = if self.namespace.as_deref() == Some(DMARC_2_NAMESPACE)
            || version.as_deref().is_some_and(|v| v.starts_with('2'))
            || self.rfc9990_elements
        {
            Schema::Rfc9990
        } else if version.is_some() {
            Schema::Rfc7489
        } else {
            Schema::Draft
        };
        Ok(AggregateReport {
            schema,
            version,
            namespace: self.namespace,
            metadata: self.metadata,
            policy: self.policy,
            records: self.records,
            notes: self.notes,
        })
    }
}

fn finish_dkim(d: DkimResult) -> DkimResult {
    DkimResult { result: if d.result.is_empty() { "none".into() } else { d.result }, ..d }
}

fn finish_spf(s: SpfResult) -> SpfResult {
    SpfResult { result: if s.result.is_empty() { "none".into() } else { s.result }, ..s }
}

/// Reads one report. Errors name the place (line and column) and never quote the report.
pub(super) fn parse(document: &[u8], limits: &ReadLimits) -> Result<AggregateReport, ReadError> {
    let text = match std::str::from_utf8(document) {
        Ok(text) => text,
        Err(e) => {
            let valid = std::str::from_utf8(&document[..e.valid_up_to()]).unwrap_or_default();
            return Err(ReadError::at(&NOT_UTF8, position(valid, valid.len()), ""));
        }
    };
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.trim_text(true);
    config.expand_empty_elements = true;
    config.check_end_names = true;

    let mut builder = Builder::default();
    let mut path: Vec<&'static str> = Vec::with_capacity(8);
    let mut value = String::new();
    let mut root_seen = false;
    let mut wrapped = false;
    let xml_error = |reader: &Reader<&[u8]>, message: String| {
        ReadError::at(&XML, position(text, reader.error_position() as usize), message)
    };
    loop {
        let event = reader.read_event().map_err(|e| xml_error(&reader, e.to_string()))?;
        match event {
            Event::DocType(_) => return Err(ReadError::new(&DTD, "")),
            Event::Start(start) => {
                let local = start.local_name();
                let name = intern(local.as_ref());
                if path.is_empty() {
                    // IKEA's reporter wraps its report in an unclosed `<xs:schema>` start tag;
                    // parsedmarc strips it too. Only that one wrapper, only before the report.
                    if !root_seen && !wrapped && local.as_ref() == b"schema" {
                        wrapped = true;
                        continue;
                    }
                    if root_seen {
                        return Err(xml_error(&reader, "a second root element".into()));
                    }
                    root_seen = true;
                    if name != "feedback" {
                        let shown = String::from_utf8_lossy(local.as_ref()).chars().take(40).collect::<String>();
                        return Err(ReadError::new(&NOT_AGGREGATE, shown));
                    }
                    builder.namespace = start
                        .attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == b"xmlns")
                        .map(|a| String::from_utf8_lossy(&a.value).into_owned());
                    path.push(name);
                    continue;
                }
                if path.len() >= limits.depth {
                    return Err(ReadError::new(&DEPTH, limits.depth.to_string()));
                }
                // Rows past the limit: skipped whole, without building anything.
                if path.len() == 1 && name == "record" && builder.records.len() >= limits.records {
                    reader.read_to_end(start.name()).map_err(|e| xml_error(&reader, e.to_string()))?;
                    builder.rows_skipped += 1;
                    continue;
                }
                path.push(name);
                value.clear();
                builder.open(&path[1..]);
            }
            Event::Text(t) => {
                let unescaped = t.unescape().map_err(|e| xml_error(&reader, e.to_string()))?;
                value.push_str(&unescaped);
            }
            Event::CData(c) => {
                value.push_str(&String::from_utf8_lossy(&c));
            }
            // The wrapper's own end tag, if it has one.
            Event::End(_) if path.is_empty() => {}
            Event::End(_) => {
                let text = std::mem::take(&mut value).trim().to_string();
                if path.len() > 1 {
                    builder.set(&path[1..], text);
                    builder.close(&path[1..]);
                }
                path.pop();
            }
            Event::Eof => break,
            // The declaration, comments, processing instructions.
            _ => {}
        }
    }
    if !root_seen {
        return Err(ReadError::new(&XML, "no element at all".to_string()));
    }
    if !path.is_empty() {
        let open = format!("<{}> …", path.last().unwrap_or(&"?"));
        return Err(ReadError::at(&XML, position(text, text.len()), open));
    }
    builder.finish(limits)
}
