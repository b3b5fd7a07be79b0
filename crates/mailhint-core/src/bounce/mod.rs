//! Bounce reading: what a returned message says about each recipient.
//!
//! [`read`] takes a raw message and answers per recipient: hard, soft or no bounce, the reason
//! in Sisimai v5's vocabulary ([`Reason`]), the RFC 3463 status and SMTP reply code where the
//! message carries them, the remote MTA, the diagnostic text, and what to do.
//!
//! Three readers, tried in order:
//! * **RFC 3464/6533 delivery status notifications** (`dsn.rs`): `mail-parser` takes the MIME
//!   tree apart (boundaries, charsets, nested messages; `transfer.rs` undoes the transfer
//!   encodings of the parts read); the
//!   `message/delivery-status` body is a header-like field list that mail-parser leaves as
//!   bytes, so its blocks are split here.
//! * **ARF feedback reports** (RFC 5965) and **auto-replies** (RFC 3834): no failure at all.
//! * **Plain-text bounces** (`text.rs`): qmail, old Sendmail, Exim, Exchange, Notes, gateways and
//!   providers write free text. No library reads these: the recipients and the lines about
//!   them are found by hand with patterns of what those MTAs print.
//!
//! The reason comes from the diagnostic's wording, then the status code, then the rest of the
//! human-readable text (`classify.rs`). Hard or soft follows from the reason ([`reason`]).

mod classify;
mod dsn;
pub mod reason;
mod rhost;
mod ses;
mod text;
mod transfer;

use std::borrow::Cow;
use std::sync::LazyLock;

use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::{HeaderName, MessageParser, MessagePart, MimeHeaders, PartType};
use serde::Serialize;

pub use reason::{Reason, ReasonDecl, Weight, REASONS};

use crate::limits;
use crate::report::Lang;

/// Hard, soft, or no bounce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The address is bad: remove it.
    Hard,
    /// The message failed; the address may be fine.
    Soft,
    /// A delivery report, a complaint report, an auto-reply or ordinary mail.
    NotABounce,
}

impl Kind {
    /// `hard`, `soft` or `not-a-bounce`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Hard => "hard",
            Kind::Soft => "soft",
            Kind::NotABounce => "not-a-bounce",
        }
    }
}

/// What a bounce says about one recipient.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bounce {
    /// The recipient's address (empty when the message names none).
    pub recipient: String,
    /// Hard, soft or no bounce.
    pub kind: Kind,
    /// Why.
    pub reason: Reason,
    /// The RFC 3463 enhanced status code, when the message carries one.
    pub status: Option<String>,
    /// The SMTP reply code, when the message carries one.
    pub reply_code: Option<String>,
    /// The DSN action (`failed`, `delayed`, `delivered`…), when there is one.
    pub action: Option<String>,
    /// The server that refused or could not be reached, when named.
    pub remote_mta: Option<String>,
    /// The server that wrote the report, when named.
    pub reporting_mta: Option<String>,
    /// The diagnostic text, whitespace collapsed.
    pub diagnostic: String,
}

impl Bounce {
    /// What to do, in `lang`.
    pub fn advice(&self, lang: Lang) -> &'static str {
        self.reason.decl().advice.get(lang)
    }
}

/// Why bytes could not be read as a message at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReadError {
    /// Nothing but whitespace.
    Empty,
    /// Over `limits::MAX_INPUT_BYTES`.
    TooLarge,
    /// No header block: not an email message.
    NotAMessage,
}

impl ReadError {
    /// A one-line explanation.
    pub fn message(self) -> &'static str {
        match self {
            ReadError::Empty => "the input is empty",
            ReadError::TooLarge => "the input is larger than mailhint reads",
            ReadError::NotAMessage => "the input is not an email message (no header block)",
        }
    }
}

/// Everything a message says: one entry per recipient, or an error for bytes that are no
/// message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BounceReport {
    /// One entry per recipient; a message that is no bounce gives one `not-a-bounce` entry.
    pub bounces: Vec<Bounce>,
    /// Set when the bytes are no message; `bounces` is then empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ReadError>,
    /// Whether a message named more than [`limits::MAX_BOUNCE_RECIPIENTS`] recipients: only
    /// that many are listed (left out of the JSON when false).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub recipients_cut: bool,
}

/// A bounce reading in one language, as hosts show it (the extension's cards): per recipient
/// its kind, reason, what the reason means and what to do, in `lang`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explained {
    /// One entry per recipient, as in [`BounceReport::bounces`].
    pub bounces: Vec<ExplainedBounce>,
    /// Whether any entry is a bounce (hard or soft), so that a host can tell a bounce from
    /// other mail without reading the entries.
    pub is_bounce: bool,
    /// Why the bytes could not be read, in English (`None` when they could).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'static str>,
    /// As [`BounceReport::recipients_cut`].
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub recipients_cut: bool,
}

/// One recipient of an [`Explained`] reading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExplainedBounce {
    /// The recipient's address (`""` when the bounce names none).
    pub recipient: String,
    /// Hard, soft or not a bounce.
    pub kind: Kind,
    /// The reason's Sisimai name.
    pub reason: &'static str,
    /// The RFC 3463 status code.
    pub status: Option<String>,
    /// The SMTP reply code.
    pub reply_code: Option<String>,
    /// The server that refused.
    pub remote_mta: Option<String>,
    /// The server's words.
    pub diagnostic: String,
    /// What the reason means, in a line.
    pub meaning: &'static str,
    /// What the sender should do.
    pub advice: &'static str,
}

impl BounceReport {
    /// This reading in `lang`.
    pub fn explain(&self, lang: Lang) -> Explained {
        let bounces: Vec<ExplainedBounce> = self
            .bounces
            .iter()
            .map(|b| ExplainedBounce {
                recipient: b.recipient.clone(),
                kind: b.kind,
                reason: b.reason.name(),
                status: b.status.clone(),
                reply_code: b.reply_code.clone(),
                remote_mta: b.remote_mta.clone(),
                diagnostic: b.diagnostic.clone(),
                meaning: b.reason.decl().meaning.get(lang),
                advice: b.advice(lang),
            })
            .collect();
        let is_bounce = bounces.iter().any(|b| b.kind != Kind::NotABounce);
        Explained { bounces, is_bounce, error: self.error.map(ReadError::message), recipients_cut: self.recipients_cut }
    }
}

/// What one recipient's record holds before it is classified.
#[derive(Debug, Default, Clone)]
pub(crate) struct Record {
    pub recipient: String,
    pub status: Option<String>,
    pub action: Option<String>,
    pub remote_mta: Option<String>,
    pub diagnostic: String,
    /// Human-readable text about this recipient from elsewhere in the message (the DSN's text
    /// part, a plain-text bounce's paragraph), used when the diagnostic says nothing.
    pub context: String,
    /// The whole human-readable report, for a diagnostic cut short.
    pub report: String,
    /// A reason fixed by the reader (feedback, vacation, ordinary mail).
    pub reason: Option<Reason>,
    /// The DSN's diagnostic type (`smtp`, `x-unix`, `x-postfix`), lower-cased.
    pub diagnostic_type: Option<String>,
    /// The comment after the DSN's `Status:` code (`5.2.1 (mailbox disabled, not accepting
    /// messages)`).
    pub status_comment: Option<String>,
    /// The reporting MTA's own classification (PowerMTA's bounce category). Like the reasons
    /// Sisimai retries, it stands unless the report's words name a narrower reason.
    pub lhost_reason: Option<Reason>,
}

/// Reads a raw message, or an mbox file of several (each starting with a `From ` line): the
/// entries of every message, in order. Never panics; bytes that are no message give an error
/// report.
pub fn read(raw: &[u8]) -> BounceReport {
    if raw.len() > limits::MAX_INPUT_BYTES {
        return BounceReport { bounces: Vec::new(), error: Some(ReadError::TooLarge), recipients_cut: false };
    }
    let messages = split_mbox(raw);
    if messages.len() < 2 {
        return read_nested(raw, 0);
    }
    let mut bounces = Vec::new();
    let mut error = None;
    let mut recipients_cut = false;
    for m in messages {
        let r = read_nested(m, 0);
        error = error.or(r.error);
        recipients_cut |= r.recipients_cut;
        bounces.extend(r.bounces);
    }
    // One unreadable message in a mailbox does not hide the others.
    BounceReport { error: if bounces.is_empty() { error } else { None }, bounces, recipients_cut }
}

/// The messages of an mbox file: split before each `From ` line that follows a blank line
/// (mboxrd/mboxo; a `From ` inside a body is escaped as `>From `). A single message comes back
/// whole.
fn split_mbox(raw: &[u8]) -> Vec<&[u8]> {
    if !raw.starts_with(b"From ") {
        return vec![raw];
    }
    let from_lines: Vec<usize> = memchr::memmem::find_iter(raw, b"From ").filter(|&p| p > 0).collect();
    let after = |p: usize, blank: &[u8]| p >= blank.len() && &raw[p - blank.len()..p] == blank;
    let mut starts = vec![0];
    starts.extend(from_lines.iter().copied().filter(|&p| after(p, b"\n\n") || after(p, b"\r\r")));
    // CRLF mailboxes: "\r\n\r\nFrom ".
    if starts.len() == 1 {
        starts.extend(from_lines.iter().copied().filter(|&p| after(p, b"\r\n\r\n")));
    }
    starts.iter().enumerate().map(|(k, &s)| &raw[s..starts.get(k + 1).copied().unwrap_or(raw.len())]).collect()
}

fn read_nested(raw: &[u8], depth: usize) -> BounceReport {
    let error = |e| BounceReport { bounces: Vec::new(), error: Some(e), recipients_cut: false };
    if raw.len() > limits::MAX_INPUT_BYTES {
        return error(ReadError::TooLarge);
    }
    if raw.iter().all(u8::is_ascii_whitespace) {
        return error(ReadError::Empty);
    }
    // Only the head of a long message is parsed: the rest is the returned message's body.
    let head = &raw[..raw.len().min(limits::MAX_BOUNCE_PARSE_BYTES)];
    let normalised = normalise_line_ends(head);
    let bytes = strip_mbox_from_line(&normalised);
    if !starts_with_header(bytes) {
        return error(ReadError::NotAMessage);
    }
    let Some(parts) = read_parts(bytes) else {
        return error(ReadError::NotAMessage);
    };
    let dsn_records = parts.dsn.as_deref().map(dsn::records).unwrap_or_default();
    let reporting_mta = parts.dsn.as_deref().and_then(dsn::reporting_mta);
    let looks_like_bounce = std::cell::OnceCell::new();
    let bounce_like = || *looks_like_bounce.get_or_init(|| text::looks_like_bounce(&parts));
    let records = if parts.feedback {
        feedback_records(&parts)
    } else if !dsn_records.is_empty() {
        let mut records = dsn_records;
        text::add_context(&mut records, parts.report());
        records
    } else if let Some(records) = ses::records(&parts.human) {
        records
    } else if parts.auto_reply && !bounce_like() {
        vec![Record { recipient: parts.from.clone(), reason: Some(Reason::Vacation), ..Record::default() }]
    } else if bounce_like() {
        // A bounce forwarded as an attachment, with next to nothing around it: read the
        // attached bounce.
        if let Some(inner) =
            parts.inner_raw.as_deref().filter(|_| depth < limits::MAX_BOUNCE_NESTING && text::says_little(&parts))
        {
            let nested = read_nested(inner, depth + 1);
            if nested.error.is_none() && nested.bounces.iter().any(|b| b.kind != Kind::NotABounce) {
                return nested;
            }
        }
        // The same, forwarded inline: a mail client's "Begin forwarded message:" quotes the
        // bounce, headers and all, with "> " before each line.
        if let Some(inner) = quoted_message(&parts.human).filter(|_| depth < limits::MAX_BOUNCE_NESTING) {
            let nested = read_nested(inner.as_bytes(), depth + 1);
            if nested.error.is_none()
                && nested.bounces.iter().any(|b| b.kind != Kind::NotABounce && !b.recipient.is_empty())
            {
                return nested;
            }
        }
        let mut records = text::records(&parts);
        lhost_reasons(&parts, &mut records);
        records
    } else {
        vec![Record { recipient: parts.from.clone(), reason: Some(Reason::NotABounce), ..Record::default() }]
    };
    let mut records = records;
    let recipients_cut = records.len() > limits::MAX_BOUNCE_RECIPIENTS;
    records.truncate(limits::MAX_BOUNCE_RECIPIENTS);
    let bounces = records.into_iter().map(|r| finish(r, reporting_mta.clone())).collect();
    BounceReport { bounces, error: None, recipients_cut }
}

/// The pieces of one message (LF line ends); `None` when mail-parser finds no message.
fn read_parts(bytes: &[u8]) -> Option<Parts> {
    let message = parser().parse(bytes)?;
    // A returned message sent base64 or quoted-printable is parsed only once decoded: such a
    // message (rare: none in the corpus) is parsed again, decoding as it goes.
    let encoded_message = |p: &MessagePart<'_>| {
        p.content_type().is_some_and(|ct| ct.ctype().eq_ignore_ascii_case("message"))
            && transfer::encoding(p, bytes).is_some()
    };
    if message.parts.iter().any(encoded_message) {
        return Some(Parts::of(&decoding_parser().parse(bytes)?, bytes));
    }
    Some(Parts::of(&message, bytes))
}

/// Classifies one record.
fn finish(record: Record, reporting_mta: Option<String>) -> Bounce {
    let diagnostic = text::collapse(&record.diagnostic);
    let codes_in = |s: &str| (text::status_in(s), text::reply_code_in(s));
    let (diag_status, diag_reply) = codes_in(&diagnostic);
    // A reply cut short (Sendmail keeps only the first line of `552-5.7.0 …` in the DSN) does not
    // count as one: the report's transcript has the rest.
    let truncated =
        crate::regex!(r"^[245]\d\d-").is_match(&diagnostic) && !crate::regex!(r"\s[245]\d\d\s").is_match(&diagnostic);
    let diag_reply_seen = diag_reply.is_some() && !truncated;
    // The report's text about the recipient is read for codes only when there is no diagnostic.
    let (ctx_status, ctx_reply) = if diagnostic.is_empty() { codes_in(&record.context) } else { (None, None) };
    // A DSN's Status field is often a placeholder (`5.0.0`) where the diagnostic has the real
    // code; the more specific one wins.
    let generic = |s: &str| s.ends_with(".0.0");
    // With no diagnostic at all, the report's text about the recipient may carry the code.
    let diag_status = diag_status.or(if diagnostic.is_empty() { ctx_status.clone() } else { None });
    let status = match (record.status.clone(), diag_status.clone()) {
        (Some(s), Some(d)) if generic(&s) && !generic(&d) && s[..1] == d[..1] => Some(d),
        (Some(s), _) => Some(s),
        (None, d) => d.or(if diagnostic.is_empty() { ctx_status.clone() } else { None }),
    };
    let reply_code = diag_reply.or(if diagnostic.is_empty() { ctx_reply } else { None });
    let delivered = record.action.as_deref().is_some_and(|a| {
        let a = a.trim().to_ascii_lowercase();
        a == "delivered" || a == "relayed" || a == "expanded"
    }) || status.as_deref().is_some_and(|s| s.starts_with("2."));
    let reason = record.reason.unwrap_or_else(|| {
        if delivered {
            return Reason::Delivered;
        }
        let diag = classify::normalise(&text::mask_addresses(text::strip_status_label(&diagnostic)));
        // `Diagnostic-Code: X-Unix; …` is a local delivery program's own output (procmail,
        // maildrop, a pipe): whatever it says, the program failed.
        if record.diagnostic_type.as_deref() == Some("x-unix")
            && classify::by_wording(&diag) != Some(Reason::MailboxFull)
        {
            return Reason::MailerError;
        }
        // Google Groups answers a post from a non-member, or to a group that does not exist,
        // with the same sentence in the poster's language and no code: the sender was refused.
        if record.recipient.ends_with("@googlegroups.com") && status.is_none() && reply_code.is_none() {
            return Reason::Rejected;
        }
        // The SMTP stage, read only when a rule asks for it: most reasons stand at any stage.
        let command_cell = std::cell::OnceCell::new();
        let command = || {
            *command_cell
                .get_or_init(|| text::smtp_command(&record.diagnostic).or_else(|| text::smtp_command(&record.context)))
        };
        // The receiving provider's own codes and sentences come first (Sisimai's `Rhost`).
        let facts = rhost::Facts {
            recipient: &record.recipient,
            remote_mta: record.remote_mta.as_deref(),
            reporting_mta: reporting_mta.as_deref(),
            diagnostic: &diagnostic,
            status: status.as_deref(),
            reply_code: reply_code.as_deref(),
            command: &command,
        };
        if let Some(reason) = rhost::reason(&facts) {
            return reason;
        }
        if let Some(hint) = record.lhost_reason {
            // The reporter's own classification, unless the words (the status comment's too)
            // name a reason Sisimai checks before it.
            let words = classify::normalise(&format!("{diag} {}", record.status_comment.as_deref().unwrap_or("")));
            return match classify::by_wording(&words) {
                Some(
                    narrower @ (Reason::MailboxFull
                    | Reason::MesgTooBig
                    | Reason::ExceedLimit
                    | Reason::Suspend
                    | Reason::HasMoved
                    | Reason::NoRelaying),
                ) => narrower,
                _ => hint,
            };
        }
        // The report's text about the recipient, prepared only when something reads it.
        let ctx_cell = std::cell::OnceCell::new();
        let ctx = || ctx_cell.get_or_init(|| classify::normalise(&text::mask_addresses(&record.context))).as_str();
        let by_status = status.as_deref().and_then(classify::by_status);
        let wording = classify::by_wording(&diag).map(|w| {
            // The text around the diagnostic: the diagnostic, then the report's words about the
            // recipient, normalised only if a stage rule reads it.
            classify::by_stage(w, status.as_deref(), command, || format!("{diag} {}", ctx()))
        });
        let reason = classify::prefer(wording, by_status)
            .or_else(|| (command() == Some(text::Command::Connect)).then_some(Reason::Blocked))
            // The rest of the report speaks only when the diagnostic holds no server reply.
            .or_else(|| {
                if diag_reply_seen {
                    None
                } else {
                    classify::by_wording(ctx()).map(|w| classify::by_stage(w, status.as_deref(), command, ctx))
                }
            })
            .or_else(|| {
                // A reply cut short: the report's transcript (Sendmail's `<<<` lines) has it whole.
                if !truncated {
                    return None;
                }
                let report = classify::normalise(&text::mask_addresses(&record.report));
                classify::by_wording(&report).map(|w| classify::by_stage(w, status.as_deref(), command, || &report))
            })
            .unwrap_or_else(|| {
                classify::fallback(status.as_deref(), record.action.as_deref(), reply_code.as_deref(), &diag)
            });
        // A temporary failure cannot prove a domain does not exist: a 4xx "NXDOMAIN" is a DNS
        // failure of the moment.
        let temporary = status.as_deref().is_some_and(|s| s.starts_with('4'))
            || reply_code.as_deref().is_some_and(|c| c.starts_with('4'));
        if reason == Reason::HostUnknown && temporary {
            Reason::NetworkError
        } else {
            reason
        }
    });
    let transient = reply_code.as_deref().is_some_and(|c| c.starts_with('4'))
        || status.as_deref().is_some_and(|s| s.starts_with('4'));
    let kind = match reason.decl().weight {
        Weight::Hard => Kind::Hard,
        Weight::HardUnless4xx if transient => Kind::Soft,
        Weight::HardUnless4xx => Kind::Hard,
        Weight::Soft => Kind::Soft,
        Weight::NotABounce => Kind::NotABounce,
    };
    Bounce {
        recipient: record.recipient,
        kind,
        reason,
        status,
        reply_code,
        action: record.action,
        remote_mta: record.remote_mta,
        reporting_mta,
        diagnostic: truncate_chars(diagnostic, limits::MAX_BOUNCE_DIAGNOSTIC_CHARS),
    }
}

/// `text` cut to its first `max` characters; most texts are shorter and come back as they are,
/// without a copy.
fn truncate_chars(mut text: String, max: usize) -> String {
    if let Some((end, _)) = text.char_indices().nth(max) {
        text.truncate(end);
    }
    text
}

/// What a few reporters' own plain-text notices mean (Sisimai's `Lhost` readers for them): Trend
/// Micro InterScan's "Unable to deliver message to <address>" and Verizon's text gateways'
/// "550 - Requested action not taken: no such user here" / "No valid recipients" are their
/// notices for an address that does not exist.
fn lhost_reasons(parts: &Parts, records: &mut [Record]) {
    let interscan = parts.interscan || parts.human.contains(" InterScan ");
    let verizon = parts.from == "post_master@vtext.com"
        || (parts.from.starts_with("sysadmin@") && parts.from.ends_with(".vzwpix.com"));
    for r in records.iter_mut() {
        let says = |words: &str| r.diagnostic.contains(words);
        if (interscan && says("Unable to deliver "))
            || (verizon && (says("550 - Requested action not taken: no such user here") || says("No valid recipients")))
        {
            r.lhost_reason = Some(Reason::UserUnknown);
        }
    }
}

/// ARF: one `feedback` entry per reported recipient.
fn feedback_records(parts: &Parts) -> Vec<Record> {
    let report = parts.feedback_report.as_deref().unwrap_or("");
    let mut rcpts: Vec<String> = report
        .lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, _)| {
            k.trim().eq_ignore_ascii_case("original-rcpt-to") || k.trim().eq_ignore_ascii_case("removal-recipient")
        })
        .map(|(_, v)| text::bare_address(v))
        .filter(|a| !a.is_empty())
        .collect();
    if rcpts.is_empty() {
        rcpts = parts.original_to.clone();
    }
    if rcpts.is_empty() {
        rcpts.push(String::new());
    }
    rcpts.into_iter().map(|r| Record { recipient: r, reason: Some(Reason::Feedback), ..Record::default() }).collect()
}

/// The pieces of a message the readers use.
#[derive(Debug, Default)]
pub(crate) struct Parts {
    pub from: String,
    pub from_raw: String,
    pub to: Vec<String>,
    pub subject: String,
    pub auto_reply: bool,
    pub failed_recipients: Vec<String>,
    /// The delivery-status body(ies), concatenated.
    pub dsn: Option<String>,
    pub feedback: bool,
    pub feedback_report: Option<String>,
    /// The human-readable text of the report itself (not of the returned message).
    pub human: String,
    /// The returned message's recipients and sender, when it is attached.
    pub original_to: Vec<String>,
    pub original_from: Vec<String>,
    /// The first attached message, raw.
    pub inner_raw: Option<Vec<u8>>,
    /// Written by Trend Micro's InterScan Messaging Security Suite, whose "Unable to deliver
    /// message to <address>" is its notice for a recipient that does not exist.
    pub interscan: bool,
    /// The length of `human`'s report before the returned message, found on first use.
    report_len: std::cell::OnceCell<usize>,
}

impl Parts {
    /// The human-readable report without the copy of the returned message that follows it.
    pub fn report(&self) -> &str {
        &self.human[..*self.report_len.get_or_init(|| text::report_len(&self.human))]
    }

    /// The pieces of `message`, parsed from `raw`.
    fn of(message: &mail_parser::Message<'_>, raw: &[u8]) -> Parts {
        let mut p = Parts::default();
        let [from_raw, auto_submitted, x_autoreply, x_autorespond, x_failed_recipients, content_type] = raw_headers(
            message,
            ["From", "Auto-Submitted", "X-Autoreply", "X-Autorespond", "X-Failed-Recipients", "Content-Type"],
        );
        p.from = addresses(message.from()).into_iter().next().unwrap_or_default();
        p.from_raw = from_raw.unwrap_or_default().to_ascii_lowercase();
        p.to = addresses(message.to());
        p.subject = message.subject().unwrap_or("").to_string();
        p.auto_reply = auto_submitted.is_some_and(|v| v.to_ascii_lowercase().starts_with("auto-replied"))
            || x_autoreply.is_some()
            || x_autorespond.is_some()
            || text::auto_reply_subject(&p.subject);
        if let Some(v) = x_failed_recipients {
            p.failed_recipients = v.split(',').map(text::bare_address).filter(|a| !a.is_empty()).collect();
        }
        p.interscan = p.from_raw.contains("interscan")
            || content_type.is_some_and(|v| v.to_ascii_lowercase().contains("interscan"));
        let top_type = message.content_type();
        if top_type
            .is_some_and(|ct| ct.attribute("report-type").is_some_and(|t| t.eq_ignore_ascii_case("feedback-report")))
        {
            p.feedback = true;
        }
        // Microsoft's JMRP complaints (Outlook.com/Hotmail): multipart/mixed, not ARF.
        if crate::regex!(r"(?i)^\s*complaint about message from").is_match(&p.subject) {
            p.feedback = true;
        }
        let mut dsn = String::new();
        for (i, part) in message.parts.iter().enumerate() {
            let ctype = part
                .content_type()
                .map(|ct| format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("")).to_ascii_lowercase())
                .unwrap_or_else(|| "text/plain".to_string());
            match (&part.body, ctype.as_str()) {
                (_, "message/delivery-status" | "message/global-delivery-status") => {
                    dsn.push_str(&lossy(&part_body(part, raw)));
                    dsn.push_str("\n\n");
                }
                (_, "message/feedback-report") => {
                    p.feedback = true;
                    p.feedback_report = Some(lossy(&part_body(part, raw)).into_owned());
                }
                (PartType::Message(inner), _) => {
                    p.inner_raw.get_or_insert_with(|| inner.raw_message().to_vec());
                    p.add_original(inner);
                }
                (_, "text/rfc822-headers" | "message/rfc822-headers" | "message/global-headers") => {
                    if let Some(h) = parser().parse_headers(&part_body(part, raw)) {
                        p.add_original(&h);
                    }
                }
                (PartType::Text(t), _)
                    if message.text_body.contains(&(i as u32))
                        || message.parts.len() == 1
                        || !message.html_body.contains(&(i as u32)) =>
                {
                    p.human.push_str(&part_text(part, raw, t));
                    p.human.push('\n');
                }
                (PartType::Html(h), _)
                    if p.human.is_empty()
                        && message.text_body.iter().all(|&t| {
                            !matches!(message.parts.get(t as usize).map(|x| &x.body), Some(PartType::Text(_)))
                        }) =>
                {
                    p.human.push_str(&text::html_to_text(&part_text(part, raw, h)));
                    p.human.push('\n');
                }
                _ => {}
            }
        }
        // A broken MIME structure (an unindented parameter line, a missing boundary) leaves no
        // readable part: read the raw body as text rather than nothing.
        if p.human.trim().is_empty() && p.dsn.is_none() && dsn.is_empty() {
            let start = raw.windows(2).position(|w| w == b"\n\n").map_or(raw.len(), |i| i + 2);
            p.human = lossy(&raw[start..]).into_owned();
        }
        // A report is a few kilobytes; a long one is clipped so that the wording patterns (some
        // with Unicode word boundaries, which the fast regex engines do not support) stay cheap.
        if p.human.len() > limits::MAX_BOUNCE_TEXT_BYTES {
            let mut end = limits::MAX_BOUNCE_TEXT_BYTES;
            while !p.human.is_char_boundary(end) {
                end -= 1;
            }
            p.human.truncate(end);
        }
        // Some MTAs send the delivery-status fields as plain text, or mislabel the part.
        if dsn.is_empty() && dsn::looks_like_fields(&p.human) {
            dsn = p.human.clone();
        }
        if !dsn.is_empty() {
            if dsn.len() > limits::MAX_BOUNCE_TEXT_BYTES {
                let mut end = limits::MAX_BOUNCE_TEXT_BYTES;
                while !dsn.is_char_boundary(end) {
                    end -= 1;
                }
                dsn.truncate(end);
            }
            p.dsn = Some(dsn);
        }
        p
    }

    /// The recipients and sender of the returned message, from its header block.
    fn add_original(&mut self, message: &mail_parser::Message<'_>) {
        if let Some(r) = message.header_raw("X-HmXmrOriginalRecipient") {
            self.original_to.push(text::bare_address(r));
        }
        self.original_to.extend(addresses(message.to()));
        self.original_from.extend(addresses(message.from()));
    }
}

/// The raw values of the header fields `names`, trimmed: the last of each, as mail-parser's
/// `header_raw` takes it (none when that one is not UTF-8), found in one pass over the header
/// block rather than one pass a name.
fn raw_headers<'m, const N: usize>(message: &'m mail_parser::Message<'_>, names: [&str; N]) -> [Option<&'m str>; N] {
    let mut last: [Option<&mail_parser::Header<'_>>; N] = [None; N];
    for h in message.headers().iter().rev() {
        let name = h.name.as_str();
        if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(name)) {
            last[i] = last[i].or(Some(h));
        }
    }
    last.map(|h| {
        let raw = message.raw_message().get(h?.offset_start as usize..h?.offset_end as usize)?;
        std::str::from_utf8(raw).ok().map(str::trim)
    })
}

/// The addresses of an address header, lowercased.
fn addresses(a: Option<&mail_parser::Address<'_>>) -> Vec<String> {
    a.map(|a| a.iter().filter_map(|m| m.address()).map(|s| s.trim().to_ascii_lowercase()).collect()).unwrap_or_default()
}

/// A part's body, its transfer encoding undone.
fn part_body<'a>(part: &'a MessagePart<'_>, raw: &'a [u8]) -> Cow<'a, [u8]> {
    transfer::decoded(part, raw).unwrap_or(Cow::Borrowed(part.contents()))
}

/// A text part's text: as mail-parser read it, or, when it was sent base64 or quoted-printable,
/// decoded here and then from its charset, as mail-parser's parser would have.
fn part_text<'a>(part: &MessagePart<'_>, raw: &[u8], as_parsed: &'a str) -> Cow<'a, str> {
    let Some(bytes) = transfer::decoded(part, raw) else { return Cow::Borrowed(as_parsed) };
    let charset = part.content_type().and_then(|ct| ct.attribute("charset"));
    match charset.and_then(|c| charset_decoder(c.as_bytes())) {
        Some(decode) => Cow::Owned(decode(&bytes)),
        None => Cow::Owned(lossy(&bytes).into_owned()),
    }
}

/// Bytes as UTF-8 text, what is not UTF-8 replaced. Checked with `str::from_utf8` first, which
/// runs over ASCII several times faster than `String::from_utf8_lossy`.
fn lossy(bytes: &[u8]) -> Cow<'_, str> {
    std::str::from_utf8(bytes).map_or_else(|_| String::from_utf8_lossy(bytes), Cow::Borrowed)
}

/// mail-parser set to decode only the header fields the readers use (MIME structure, `From`,
/// `To`, `Subject`); the rest are skipped, their offsets kept (`header_raw` reads them from the
/// raw bytes). Its default parses every registered field, and the `Received:` trails of a bounce
/// and of the message it returns cost more than all the rest of the header block; skipping
/// rather than copying the others as raw text saved another tenth of the reading time.
///
/// `Content-Transfer-Encoding` is skipped too, so that bodies stay as they were sent and only
/// those read are decoded (`transfer.rs`).
fn parser() -> &'static MessageParser {
    static PARSER: LazyLock<MessageParser> =
        LazyLock::new(|| decoding_parser().clone().ignore_header(HeaderName::ContentTransferEncoding));
    &PARSER
}

/// `parser()` undoing every body's transfer encoding as it parses: a returned message sent
/// base64 or quoted-printable can be parsed only so.
fn decoding_parser() -> &'static MessageParser {
    static PARSER: LazyLock<MessageParser> = LazyLock::new(|| {
        MessageParser::new()
            .default_header_ignore()
            .with_mime_headers()
            .header_text(HeaderName::Subject)
            .header_address(HeaderName::From)
            .header_address(HeaderName::To)
    });
    &PARSER
}

/// A message quoted inline (each line after a `>`), starting at a quoted header block
/// (`> From: …`, `> Subject: …`), with next to nothing written before it: the quote, unquoted.
fn quoted_message(human: &str) -> Option<String> {
    if !human.starts_with('>') && !human.contains("\n>") {
        return None;
    }
    let start = crate::regex!(r"(?m)^>[ \t]?(?:From|Date|To|Subject|Return-Path|Received):[ \t]").find(human)?.start();
    // A forward adds a line or two ("Forwarded message", "Begin forwarded message:"); a
    // reply that quotes a bounce under a real letter is the letter.
    if human[..start].trim().chars().count() > 200 {
        return None;
    }
    let mut out = String::new();
    for line in human[start..].lines() {
        let Some(rest) = line.strip_prefix('>') else { break };
        out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
        out.push('\n');
    }
    Some(out)
}

fn strip_mbox_from_line(bytes: &[u8]) -> &[u8] {
    if bytes.starts_with(b"From ") {
        if let Some(nl) = bytes.iter().position(|&b| b == b'\n') {
            return &bytes[nl + 1..];
        }
    }
    bytes
}

/// CRLF and CR-only line ends become LF: mail-parser reads LF and CRLF, not a bare CR. Bytes
/// with no CR at all are handed back as they are.
fn normalise_line_ends(bytes: &[u8]) -> Cow<'_, [u8]> {
    // `memchr`, not `<[u8]>::contains`: the core library's search goes a word at a time, and
    // over every byte of every message it was a fiftieth of all the reading.
    if memchr::memchr(b'\r', bytes).is_none() {
        return Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some(cr) = memchr::memchr(b'\r', rest) {
        out.extend_from_slice(&rest[..cr]);
        out.push(b'\n');
        let skip = if rest.get(cr + 1) == Some(&b'\n') { 2 } else { 1 };
        rest = &rest[cr + skip..];
    }
    out.extend_from_slice(rest);
    Cow::Owned(out)
}

/// A message starts with a header field (`Name: value`), possibly after blank lines.
fn starts_with_header(bytes: &[u8]) -> bool {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    let line_end = bytes[start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |p| start + p);
    let line = &bytes[start..line_end];
    match line.iter().position(|&b| b == b':') {
        Some(colon) if colon > 0 => line[..colon].iter().all(|&b| b.is_ascii_graphic() && b != b':'),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert_eq!(read(b"").error, Some(ReadError::Empty));
        assert_eq!(read(b"  \n").error, Some(ReadError::Empty));
        assert_eq!(read(b"hello world\n").error, Some(ReadError::NotAMessage));
        assert_eq!(read(&[0xff, 0xfe, 0x00]).error, Some(ReadError::NotAMessage));
        let _ = read(b"Content-Type: multipart/report; boundary=x\n\n--x\nContent-Type: message/delivery-status\n\n");
    }

    #[test]
    fn every_prefix_and_noisy_bytes_read_without_panic() {
        let raw = include_bytes!("../../../../tests/fixtures/bounces/qq-mailbox-not-found.eml");
        for end in 0..raw.len() {
            let _ = read(&raw[..end]);
        }
        // A cheap deterministic byte scrambler: bytes flipped all over the message.
        let mut seed: u32 = 0x9e37_79b9;
        for _ in 0..200 {
            let mut noisy = raw.to_vec();
            for _ in 0..20 {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                let i = seed as usize % noisy.len();
                noisy[i] = (seed >> 8) as u8;
            }
            let _ = read(&noisy);
        }
    }

    #[test]
    fn a_huge_cjk_bounce_is_read_quickly() {
        let mut raw = b"From: MAILER-DAEMON@example.org\nSubject: Undelivered\n\n".to_vec();
        raw.extend("收件人不存在 ".repeat(300_000).as_bytes());
        let start = std::time::Instant::now();
        let report = read(&raw);
        assert!(!report.bounces.is_empty());
        assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
    }

    #[test]
    fn only_the_head_of_a_long_bounce_is_parsed() {
        let report =
            "From: MAILER-DAEMON@mx.example.org\nTo: s@example.com\nSubject: Undelivered Mail Returned to Sender\n\
MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\n\
Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n\
Final-Recipient: rfc822; gone@example.net\nAction: failed\nStatus: 5.1.1\n\
Diagnostic-Code: smtp; 550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown\n\n\
--b\nContent-Type: text/plain\n\n";
        let with_padding = |total: usize| {
            let mut raw = report.as_bytes().to_vec();
            raw.resize(total - "\n--b--\n".len(), b'x');
            raw.extend_from_slice(b"\n--b--\n");
            assert_eq!(raw.len(), total);
            raw
        };
        // At the limit and just past it, the report at the head reads the same.
        for total in [limits::MAX_BOUNCE_PARSE_BYTES, limits::MAX_BOUNCE_PARSE_BYTES + 1] {
            let r = read(&with_padding(total));
            assert_eq!(r.bounces.len(), 1, "{total}");
            assert_eq!(
                (r.bounces[0].recipient.as_str(), r.bounces[0].reason),
                ("gone@example.net", Reason::UserUnknown)
            );
        }
        // A delivery-status part that starts past the limit is not read.
        let mut late = b"From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n"
            .to_vec();
        late.resize(limits::MAX_BOUNCE_PARSE_BYTES + 10, b'x');
        late.extend_from_slice(b"\n--b\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; gone@example.net\nAction: failed\nStatus: 5.1.1\n\n--b--\n");
        assert!(read(&late).bounces.iter().all(|b| b.recipient != "gone@example.net"));
    }

    #[test]
    fn an_mbox_gives_every_message_in_order() {
        let one = b"From MAILER-DAEMON Thu Apr 29 23:34:45 2015\nFrom: MAILER-DAEMON@example.org\nTo: s@example.com\n\
Subject: Returned mail\nX-Failed-Recipients: a@example.net\n\n<a@example.net>: 550 5.1.1 User unknown (in reply to RCPT TO command)\n\n";
        let two = b"From MAILER-DAEMON Thu Apr 29 23:34:46 2015\nFrom: MAILER-DAEMON@example.org\nTo: s@example.com\n\
Subject: Returned mail\nX-Failed-Recipients: b@example.net\n\n<b@example.net>: 552 5.2.2 Mailbox full\n";
        let r = read(&[&one[..], &two[..]].concat());
        let got: Vec<(&str, Reason)> = r.bounces.iter().map(|b| (b.recipient.as_str(), b.reason)).collect();
        assert_eq!(got, [("a@example.net", Reason::UserUnknown), ("b@example.net", Reason::MailboxFull)]);
    }

    #[test]
    fn a_bounce_forwarded_inline_is_read() {
        let raw =
            b"From: s@example.com\nTo: admin@example.com\nSubject: Fwd: Returned mail: see transcript for details\n\n\
Forward the message.\n\nBegin forwarded message:\n\n\
> From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.com>\n> To: <s@example.com>\n\
> Subject: Returned mail: see transcript for details\n>\n\
>    ----- The following addresses had permanent fatal errors -----\n> <gone@example.net>\n\
>     (reason: 550 5.1.1 <gone@example.net>... User unknown)\n>\n\
>    ----- Transcript of session follows -----\n> ... while talking to mx.example.net.:\n\
> >>> RCPT To:<gone@example.net>\n> <<< 550 5.1.1 <gone@example.net>... User unknown\n";
        let r = read(raw);
        assert_eq!(r.bounces.len(), 1, "{r:?}");
        assert_eq!((r.bounces[0].recipient.as_str(), r.bounces[0].reason), ("gone@example.net", Reason::UserUnknown));
        // A letter that quotes a bounce under a paragraph of its own is the letter.
        let letter = format!(
            "From: a@example.com\nTo: b@example.org\nSubject: lunch\n\n{}\n\n> From: x@example.com\n> hi\n",
            "See you at noon. ".repeat(20)
        );
        assert_eq!(quoted_message(&letter), None);
    }

    /// `raw_headers` answers as one `header_raw` call a name would: the last field of each
    /// name, in any case, and none when that one is not UTF-8.
    #[test]
    fn raw_headers_are_those_header_raw_gives() {
        let raw = b"From: first@example.org\nX-Failed-Recipients: a@example.org\nfrom: second@example.org\nAuto-Submitted: auto-replied\nAuto-Submitted: \xff\xfe\nSubject: x\n\nbody\n";
        let message = parser().parse(&raw[..]).unwrap();
        let names = ["From", "x-failed-recipients", "Auto-Submitted", "X-Autoreply"];
        let one_pass = raw_headers(&message, names);
        assert_eq!(one_pass, names.map(|n| message.header_raw(n).map(str::trim)));
        assert_eq!(one_pass, [Some("second@example.org"), Some("a@example.org"), None, None]);
    }

    #[test]
    fn ordinary_mail_is_not_a_bounce() {
        let r = read(b"From: a@example.com\nTo: b@example.org\nSubject: lunch\n\nSee you at noon.\n");
        assert_eq!(r.bounces.len(), 1);
        assert_eq!(r.bounces[0].kind, Kind::NotABounce);
        assert_eq!(r.bounces[0].reason, Reason::NotABounce);
    }

    #[test]
    fn the_parts_read_are_decoded_whatever_their_transfer_encoding() {
        // The delivery status sent quoted-printable, the text and the returned message base64.
        let raw = "From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail\nMIME-Version: 1.0\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\n\
Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nHUMAN\n--b\n\
Content-Type: message/delivery-status\nContent-Transfer-Encoding: quoted-printable\n\n\
Final-Recipient: rfc822; gone@example.net\nAction: failed\nStatus: 5.1.1\n\
Diagnostic-Code: smtp; 550 5.1.1 <gone@example.net>: Recipient address rejected: User =\n\
unknown =3D no such mailbox\n\n--b\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n\
INNER\n--b--\n"
            .replace("HUMAN", "TGUgbWVzc2FnZSBuJ2EgcGFzIHB1IMOqdHJlIHJlbWlzLgo=")
            .replace(
                "INNER",
                "RnJvbTogc0BleGFtcGxlLmNvbQpUbzogR29uZSA8Z29uZUBleGFtcGxlLm5ldD4KU3ViamVjdDogT2ZmZXIKCkhlbGxvCg==",
            );
        let parts = read_parts(raw.as_bytes()).unwrap();
        assert_eq!(parts.human.trim(), "Le message n'a pas pu être remis.");
        assert!(parts.dsn.as_deref().unwrap().contains("User unknown = no such mailbox"), "{:?}", parts.dsn);
        assert_eq!(parts.original_to, ["gone@example.net"]);
        assert!(parts.inner_raw.as_deref().unwrap().starts_with(b"From: s@example.com\n"));
        let r = read(raw.as_bytes());
        assert_eq!((r.bounces[0].recipient.as_str(), r.bounces[0].reason), ("gone@example.net", Reason::UserUnknown));
    }

    #[test]
    fn a_dsn_per_recipient() {
        let raw = b"From: MAILER-DAEMON@mx.example.org\nTo: s@example.com\nSubject: Undelivered Mail Returned to Sender\n\
MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\n\
Content-Type: text/plain\n\nI'm sorry.\n\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n\
Final-Recipient: rfc822; gone@example.net\nAction: failed\nStatus: 5.1.1\nRemote-MTA: dns; mx.example.net\n\
Diagnostic-Code: smtp; 550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown\n\n\
Final-Recipient: rfc822; full@example.net\nAction: failed\nStatus: 5.2.2\nDiagnostic-Code: smtp; 552 5.2.2 Mailbox full\n\n--b--\n";
        let r = read(raw);
        assert_eq!(r.bounces.len(), 2);
        assert_eq!((r.bounces[0].kind, r.bounces[0].reason), (Kind::Hard, Reason::UserUnknown));
        assert_eq!(r.bounces[0].reply_code.as_deref(), Some("550"));
        assert_eq!(r.bounces[0].remote_mta.as_deref(), Some("mx.example.net"));
        assert_eq!((r.bounces[1].kind, r.bounces[1].reason), (Kind::Soft, Reason::MailboxFull));
        // CR-only line ends read the same.
        let cr: Vec<u8> = raw.iter().map(|&b| if b == b'\n' { b'\r' } else { b }).collect();
        assert_eq!(read(&cr), r);
    }
}
