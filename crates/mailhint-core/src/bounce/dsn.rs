//! The `message/delivery-status` body (RFC 3464 §2.1, RFC 6533 for the global form): a block
//! of per-message fields, then one block per recipient, blocks separated by blank lines, each
//! field `Name: value` with folded continuation lines.

use super::reason::Reason;
use super::text::{bare_address, split_lines};
use super::Record;
use crate::limits;

/// One field: its name as written, its value with continuation lines unfolded.
type Field<'a> = (&'a str, std::borrow::Cow<'a, str>);

/// Fields of each block, continuation lines unfolded. Borrowed from `body` where no
/// continuation line joins a value.
fn blocks(body: &str) -> Vec<Vec<Field<'_>>> {
    let mut out: Vec<Vec<Field<'_>>> = Vec::new();
    let mut current: Vec<Field<'_>> = Vec::new();
    for line in split_lines(body) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = current.last_mut() {
                let v = v.to_mut();
                v.push(' ');
                v.push_str(line.trim());
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim();
            if !name.is_empty() && !name.contains(' ') {
                current.push((name, std::borrow::Cow::Borrowed(value.trim())));
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The first field called `name` (lower-case), in any case.
fn field<'a>(block: &'a [Field<'_>], name: &str) -> Option<&'a str> {
    block.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
}

/// `rfc822; user@example.org` → `user@example.org`; `dns; mx.example.org` → `mx.example.org`.
fn typed_value(v: &str) -> &str {
    v.split_once(';').map_or(v, |(_, rest)| rest).trim()
}

/// Whether plain text holds delivery-status fields (MTAs that write them into `text/plain`).
/// A field counts at the start of any line but the first, in any case. (One lower-cased copy
/// searched three times is quicker than reading the lines one by one.)
pub fn looks_like_fields(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    (lower.contains("\nfinal-recipient:") || lower.contains("\noriginal-recipient:")) && lower.contains("\nstatus:")
}

/// The per-message `Reporting-MTA`.
///
/// Read straight from the lines, as `blocks` would read it (its first occurrence, continuation
/// lines unfolded), without building every block: the records are read from them once more.
pub fn reporting_mta(body: &str) -> Option<String> {
    let is_field = |line: &str| {
        !line.starts_with([' ', '\t'])
            && line.split_once(':').is_some_and(|(n, _)| !n.trim().is_empty() && !n.trim().contains(' '))
    };
    let mut lines = split_lines(body);
    let first = lines.by_ref().find(|l| {
        is_field(l) && l.split_once(':').is_some_and(|(n, _)| n.trim().eq_ignore_ascii_case("reporting-mta"))
    })?;
    let mut value = first.split_once(':').map_or("", |(_, v)| v).trim().to_string();
    for line in lines {
        if line.trim().is_empty() || is_field(line) {
            break;
        }
        // Lines that are neither a field nor a continuation are skipped by `blocks` too, and
        // the continuations after them still extend this field.
        if line.starts_with([' ', '\t']) {
            value.push(' ');
            value.push_str(line.trim());
        }
    }
    Some(typed_value(&value).to_string()).filter(|v| !v.is_empty())
}

/// The parenthesised comment after a `Status:` code, if any.
fn status_comment(v: &str) -> Option<&str> {
    let open = v.find('(')?;
    let close = v.rfind(')').filter(|&c| c > open)?;
    Some(v[open + 1..close].trim()).filter(|c| !c.is_empty())
}

/// PowerMTA's own classification of a failure (`X-PowerMTA-BounceCategory`, from its user
/// guide), as Sisimai's PowerMTA reader maps it.
fn powermta_category(category: &str) -> Option<Reason> {
    Some(match category.trim().to_ascii_lowercase().as_str() {
        "bad-domain" => Reason::HostUnknown,
        "bad-mailbox" => Reason::UserUnknown,
        "inactive-mailbox" => Reason::Suspend,
        "message-expired" => Reason::Expired,
        "no-answer-from-host" => Reason::NetworkError,
        "policy-related" => Reason::PolicyViolation,
        "quota-issues" => Reason::MailboxFull,
        "routing-errors" => Reason::SystemError,
        "spam-related" => Reason::SpamDetected,
        _ => return None,
    })
}

/// One record per recipient block.
pub fn records(body: &str) -> Vec<Record> {
    let mut out = Vec::new();
    for block in blocks(body) {
        let recipient = field(&block, "final-recipient")
            .or_else(|| field(&block, "original-recipient"))
            .map(|v| bare_address(typed_value(v)));
        let Some(recipient) = recipient else { continue };
        // `Status: 5.0` or `Status: 550` from non-conforming MTAs carry no enhanced code.
        let status = field(&block, "status").and_then(super::text::status_in);
        let diagnostic_type = field(&block, "diagnostic-code")
            .and_then(|v| v.split_once(';'))
            .map(|(t, _)| t.trim().to_ascii_lowercase());
        let mut diagnostic = field(&block, "diagnostic-code").map(|v| typed_value(v).to_string()).unwrap_or_default();
        if diagnostic.is_empty() {
            // Some MTAs (Exchange, Notes) put the text only in an X- field.
            for name in ["x-diagnostic-code", "x-supplementary-info", "x-display-name"] {
                if let Some(v) = field(&block, name) {
                    diagnostic = typed_value(v).to_string();
                    break;
                }
            }
        }
        if diagnostic.is_empty() {
            // RFC 3464 fields take RFC 822 comments, and some MTAs write the cause there when
            // they have no reply to quote: `Status: 4.0.0 (example.net: host name lookup
            // failure)`. Only a comment that names a cause counts, not a class ("(permanent
            // failure)", "(undefined status)").
            if let Some(comment) = field(&block, "status").and_then(status_comment) {
                if super::classify::by_wording(&super::classify::normalise(comment)).is_some() {
                    diagnostic = comment.to_string();
                }
            }
        }
        out.push(Record {
            recipient,
            status,
            action: field(&block, "action").map(|a| a.trim().to_ascii_lowercase()),
            remote_mta: field(&block, "remote-mta").map(|v| typed_value(v).to_string()).filter(|v| !v.is_empty()),
            diagnostic,
            diagnostic_type,
            status_comment: field(&block, "status").and_then(status_comment).map(str::to_string),
            lhost_reason: field(&block, "x-powermta-bouncecategory").and_then(powermta_category),
            ..Record::default()
        });
        // One past the limit, so that the reader can say the rest was cut.
        if out.len() > limits::MAX_BOUNCE_RECIPIENTS {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reporting_mta_reads_as_the_blocks_do() {
        let by_blocks = |body: &str| {
            blocks(body)
                .iter()
                .find_map(|b| field(b, "reporting-mta").map(|v| typed_value(v).to_string()))
                .filter(|v| !v.is_empty())
        };
        for body in [
            "Reporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; a@b.c\n",
            "X-Postfix-Queue-ID: 1\nReporting-MTA: dns;\n  mx.example.org\nArrival-Date: x\n",
            "reporting-mta : dns; a\ngarbage line\n\tfolded\n\nReporting-MTA: dns; second\n",
            "Reporting-MTA:\n\nReporting-MTA: dns; later\n",
            "  Reporting-MTA: dns; indented\nReporting MTA: dns; spaced\n",
            "Original-Recipient: x\n\n\nReporting-MTA: dns; mx\n \n  after-blank\n",
            "",
        ] {
            assert_eq!(reporting_mta(body), by_blocks(body), "{body:?}");
        }
    }

    #[test]
    fn a_status_comment_that_names_a_cause_is_the_diagnostic() {
        let body = "Reporting-MTA: dns; mx.example.org\n\n\
Final-Recipient: rfc822; a@example.net\nAction: delayed\nStatus: 4.0.0 (example.net: host name lookup failure)\n\n\
Final-Recipient: rfc822; b@example.net\nAction: failed\nStatus: 5.0.0 (permanent failure)\n";
        let r = records(body);
        assert_eq!(r[0].diagnostic, "example.net: host name lookup failure");
        assert_eq!(r[1].diagnostic, "");
    }
}
