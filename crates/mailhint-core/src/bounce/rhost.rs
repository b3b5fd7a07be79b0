//! What a few mailbox providers' own replies mean, read before the general wording: Sisimai v5's
//! `Sisimai::Rhost::*` tables (each built from the provider's published error codes), consulted
//! as Sisimai does for a recipient whose domain, remote MTA or reporting MTA belongs to that
//! provider. A provider's code (Spectrum's `AUP#In-1310`, La Poste's `LPN000_630`) or sentence
//! says more than any general wording: the same "sender rejected" from Spectrum with code 1310
//! is its connection limit.
//!
//! Only providers whose replies carry such codes or sentences are here; for the others the
//! general classifier (`classify.rs`) answers.

use super::reason::Reason;
use super::text::Command;

/// What the provider tables read of one recipient's report.
pub struct Facts<'a> {
    /// The recipient's address, lower-cased.
    pub recipient: &'a str,
    /// The remote MTA, when named.
    pub remote_mta: Option<&'a str>,
    /// The reporting MTA, when named.
    pub reporting_mta: Option<&'a str>,
    /// The diagnostic, whitespace collapsed (lower-cased here, once a provider is known).
    pub diagnostic: &'a str,
    /// The RFC 3463 status code.
    pub status: Option<&'a str>,
    /// The SMTP reply code.
    pub reply_code: Option<&'a str>,
    /// The SMTP command the failure answered, read from the report when asked for.
    pub command: &'a dyn Fn() -> Option<Command>,
}

/// The providers with tables here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Provider {
    Aol,
    FrancePtt,
    Mimecast,
    NttDocomo,
    Spectrum,
    YahooInc,
    Zoho,
}

/// Host names (or their endings) of each provider, as Sisimai's `RhostClass` lists them.
const HOSTS: &[(Provider, &[&str])] = &[
    (Provider::Aol, &[".mail.aol.com", ".mx.aol.com"]),
    (Provider::FrancePtt, &[".laposte.net", ".orange.fr", ".wanadoo.fr"]),
    (Provider::Mimecast, &[".mimecast.com"]),
    (Provider::NttDocomo, &["mfsmax.docomo.ne.jp"]),
    (Provider::Spectrum, &["charter.net"]),
    (Provider::YahooInc, &[".yahoodns.net"]),
    (Provider::Zoho, &[".zoho.com", ".zohomail.com"]),
];

/// `host` is `pattern` or ends with it at a label boundary (`.mail.aol.com` matches
/// `omr-a015e.mx.aol.com`'s sibling names, `charter.net` matches `mx.charter.net`).
fn host_matches(host: &str, pattern: &str) -> bool {
    let bare = pattern.trim_start_matches('.');
    host == bare || (host.ends_with(bare) && host[..host.len() - bare.len()].ends_with('.'))
}

/// The provider that answered, by the recipient's domain first, then the remote MTA, then the
/// reporting MTA (Sisimai's order).
fn provider(f: &Facts) -> Option<Provider> {
    let domain = f.recipient.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
    // The recipient's domain names the provider when a host of its list is that domain or a
    // name under it (`laposte.net` for `.laposte.net`).
    if !domain.is_empty() {
        for (p, hosts) in HOSTS {
            if hosts.iter().any(|h| host_matches(h.trim_start_matches('.'), domain)) {
                return Some(*p);
            }
        }
    }
    for host in [f.remote_mta, f.reporting_mta].into_iter().flatten() {
        let host = host.split_whitespace().next().unwrap_or("").trim_end_matches('.').to_ascii_lowercase();
        if host.is_empty() {
            continue;
        }
        if let Some((p, _)) = HOSTS.iter().find(|(_, hosts)| hosts.iter().any(|h| host_matches(&host, h))) {
            return Some(*p);
        }
    }
    None
}

/// The reason the answering provider's own table gives, if it is one of those here and its
/// table names one.
pub fn reason(f: &Facts) -> Option<Reason> {
    if f.diagnostic.is_empty() {
        return None;
    }
    let provider = provider(f)?;
    let diagnostic = &f.diagnostic.to_lowercase();
    match provider {
        Provider::Aol => aol(diagnostic),
        Provider::FrancePtt => france_ptt(diagnostic),
        Provider::Mimecast => mimecast(diagnostic, f.reply_code?),
        Provider::NttDocomo => ntt_docomo(f, diagnostic),
        Provider::Spectrum => spectrum(diagnostic),
        Provider::YahooInc => first_of(diagnostic, YAHOO_INC),
        Provider::Zoho => first_of(diagnostic, ZOHO),
    }
}

fn first_of(diagnostic: &str, table: &[(Reason, &[&str])]) -> Option<Reason> {
    table.iter().find(|(_, words)| words.iter().any(|w| diagnostic.contains(w))).map(|(r, _)| *r)
}

/// AOL's relays: a domain that does not exist, and one whose MX answer is broken (it takes no
/// mail).
fn aol(diagnostic: &str) -> Option<Reason> {
    first_of(
        diagnostic,
        &[
            (Reason::HostUnknown, &["host or domain name not found"]),
            (Reason::NotAccept, &["type=mx: malformed or unexpected name server reply"]),
        ],
    )
}

/// Spectrum (Charter): `AUP#In-NNNN` / `AUP#Out-NNNN`, its "understanding email error codes"
/// page, by number range.
fn spectrum(diagnostic: &str) -> Option<Reason> {
    const CODES: &[(u16, u16, Reason)] = &[
        (1000, 1000, Reason::Blocked),         // the IP is blocked for suspicious activity
        (1010, 1010, Reason::Rejected),        // the sending account is blocked
        (1020, 1080, Reason::Rejected),        // the sending account is limited
        (1090, 1090, Reason::SystemError),     // the message cannot be processed now
        (1100, 1150, Reason::RequirePtr),      // no full-circle reverse DNS for the IP
        (1160, 1190, Reason::PolicyViolation), // against the domain's security policies
        (1200, 1210, Reason::Blocked),         // flagged by Cloudmark CSI
        (1220, 1250, Reason::Blocked),         // listed by Spamhaus
        (1260, 1260, Reason::NetworkError),    // IPv6 not processed
        (1300, 1340, Reason::TooManyConn),     // concurrent or total connections
        (1350, 1490, Reason::Speeding),        // messages, recipients, invalid recipients
        (1500, 1500, Reason::Rejected),        // sending as another address than signed in
        (1520, 1520, Reason::Rejected),        // sending as an address of a domain not hosted
        (1530, 1530, Reason::MesgTooBig),      // over 20 MB
        (1540, 1540, Reason::Speeding),        // too many messages in one session
        (1550, 1550, Reason::Speeding),        // too many recipients in one message
        (1560, 1560, Reason::PolicyViolation), // too many invalid recipients
        (1580, 1580, Reason::Speeding),        // too many recipients in a short time
    ];
    let after = &diagnostic[diagnostic.find("aup#")? + 4..];
    // The first run of four digits after the label (`in-1310`, `o1000`).
    let digits: String = after.split(|c: char| !c.is_ascii_digit()).find(|run| run.len() == 4)?.to_string();
    let code: u16 = digits.parse().ok()?;
    CODES.iter().find(|(lo, hi, _)| (*lo..=*hi).contains(&code)).map(|(_, _, r)| *r)
}

/// Orange and La Poste: a label and a number (`LPN007_426`, `OFR_416`, `OFR004_405`) whose last
/// three digits are the error, from their postmaster pages.
fn france_ptt(diagnostic: &str) -> Option<Reason> {
    const CODES: &[(&str, Reason)] = &[
        ("101", Reason::Blocked),         // blocked using a blocklist
        ("102", Reason::Blocked),         // source IP blocked for spam incidents
        ("103", Reason::Blocked),         // service refused
        ("104", Reason::TooManyConn),     // too many connections
        ("305", Reason::SecurityError),   // invalid authentication
        ("401", Reason::AuthFailure),     // SPF: not allowed to send
        ("402", Reason::SecurityError),   // authentication required
        ("403", Reason::Rejected),        // invalid sender
        ("405", Reason::Rejected),        // invalid sender
        ("415", Reason::Rejected),        // invalid sender
        ("416", Reason::UserUnknown),     // invalid recipient
        ("417", Reason::MailboxFull),     // recipient over quota
        ("420", Reason::Suspend),         // archived recipient
        ("421", Reason::Rejected),        // mail from not owned by user
        ("426", Reason::Suspend),         // the recipient's account is blocked
        ("505", Reason::SystemError),     // service refused, try later
        ("506", Reason::SpamDetected),    // mail rejected
        ("510", Reason::Blocked),         // service refused
        ("514", Reason::MesgTooBig),      // message size limit
        ("517", Reason::AuthFailure),     // DMARC verification failed
        ("630", Reason::PolicyViolation), // client host rejected
        ("999", Reason::Blocked),         // service refused
    ];
    let text = diagnostic.replace('_', "-");
    for label in ["lpn", "lpnaaa", "ofr", "ouk"] {
        let Some(at) = text.rfind(label) else { continue };
        let token = text[at..].split_whitespace().next().unwrap_or("");
        let token = token.trim_end_matches(|c: char| !c.is_ascii_digit());
        return CODES.iter().find(|(code, _)| token.ends_with(code)).map(|(_, r)| *r);
    }
    text.contains("spf/dns de votre nom de domaine").then_some(Reason::AuthFailure)
}

/// Mimecast's SMTP error codes page: a reply code and its sentence.
fn mimecast(diagnostic: &str, reply_code: &str) -> Option<Reason> {
    const TABLE: &[(Reason, &str, &str)] = &[
        (Reason::AuthFailure, "550", "spf sender invalid - envelope rejected"),
        (Reason::AuthFailure, "550", "dkim sender invalid - envelope rejected"),
        (Reason::AuthFailure, "550", "dmarc sender invalid - envelope rejected"),
        (Reason::BadReputation, "451", "internal resources are temporarily unavailable"),
        (Reason::BadReputation, "550", "local ct ip reputation - (reject)"),
        (Reason::Blocked, "421", "sender address blocked"),
        (Reason::Blocked, "451", "recipient temporarily unavailable"),
        (Reason::Blocked, "451", "ip temporarily blacklisted"),
        (Reason::Expired, "550", "journal messages past the expiration"),
        (Reason::FailedStartTls, "553", "this route requires encryption (tls)"),
        (Reason::FailedStartTls, "553", "this route requires tls version 1.2 or greater"),
        (Reason::FailedStartTls, "553", "this route requires high-strength ciphers"),
        (Reason::FailedStartTls, "554", "configuration is invalid for this certificate"),
        (Reason::MesgTooBig, "554", "maximum email size exceeded"),
        (Reason::NetworkError, "451", "the incorrect hostname used for inbounds"),
        (Reason::NetworkError, "550", "the incorrect hostname used for inbounds"),
        (Reason::NetworkError, "554", "mail loop detected"),
        (Reason::NoRelaying, "451", "open relay not allowed"),
        (Reason::NoRelaying, "451", "open relay is not allowed"),
        (Reason::NotAccept, "451", "account inbounds disabled"),
        (Reason::OnHold, "451", "account outbounds disabled"),
        (Reason::OnHold, "451", "hostname is not authorized"),
        (Reason::OnHold, "550", "journal message past expiration"),
        (Reason::PolicyViolation, "550", "anti-spoofing policy - inbound not allowed"),
        (Reason::PolicyViolation, "550", "rejected by header-based anti-spoofing policy"),
        (Reason::PolicyViolation, "550", "message bounced due to content examination policy"),
        (Reason::PolicyViolation, "554", "host network not allowed"),
        (Reason::PolicyViolation, "554", "host network, not allowed"),
        (Reason::Rejected, "550", "administrative prohibition envelope blocked"),
        (Reason::Rejected, "550", "envelope blocked - user entry"),
        (Reason::Rejected, "550", "envelope blocked - user domain entry"),
        (Reason::Rejected, "550", "rejected by header-based manually blocked senders - block for manual block"),
        (Reason::Rejected, "550", "rejected by header-based blocked senders - block policy for header from"),
        (Reason::Rejected, "550", "envelope rejected - block policy for envelope from address"),
        (Reason::SecurityError, "535", "incorrect authentication data"),
        (Reason::SecurityError, "550", "submitter failed to authenticate"),
        (Reason::SystemError, "451", "unable to process connection at this time"),
        (Reason::SystemError, "451", "message ended early"),
        (Reason::SystemError, "451", "unable to process command"),
        (Reason::SystemError, "451", "unable to process an email at this time"),
        (Reason::TooManyConn, "451", "account service is temporarily unavailable"),
        (Reason::TooManyConn, "452", "too many recipients"),
        (Reason::TooManyConn, "550", "exceeding outbound thread limit"),
        (Reason::UserUnknown, "501", "invalid address"),
        (Reason::UserUnknown, "503", "user unknown"),
        (Reason::UserUnknown, "550", "invalid recipient"),
        // A virus signature, or a spam score over the maximum: Mimecast does not say which.
        (Reason::VirusDetected, "554", "email rejected due to security policies"),
    ];
    TABLE.iter().find(|(_, code, words)| *code == reply_code && diagnostic.contains(words)).map(|(r, _, _)| *r)
}

/// NTT DOCOMO's `mfsmax.docomo.ne.jp` answers "550 Unknown user" both for an address that does
/// not exist (at RCPT TO) and for a message its recipient's reception filter refused (after
/// DATA); the status and the stage tell them apart.
fn ntt_docomo(f: &Facts, diagnostic: &str) -> Option<Reason> {
    match f.status {
        Some("5.1.1") => return Some(Reason::UserUnknown),
        Some("5.2.0") => return Some(Reason::Filtered),
        _ => {}
    }
    let table: &[(Reason, &[&str])] = &[
        (Reason::MailboxFull, &["552 too much mail data"]),
        (Reason::TooManyConn, &["552 too many recipients"]),
        (Reason::SyntaxError, &["503 bad sequence of commands", "504 command parameter not implemented"]),
    ];
    if let Some(r) = first_of(diagnostic, table) {
        return Some(r);
    }
    match (f.status, (f.command)()) {
        (Some("5.0.0"), Some(Command::Rcpt)) => Some(Reason::UserUnknown),
        (Some("5.0.0"), Some(Command::Data)) => Some(Reason::Rejected),
        _ => None,
    }
}

/// Yahoo Inc. (Yahoo, AOL, Verizon Media) from its "SMTP error codes" page. Its `[TSS04]`
/// "temporarily deferred due to unexpected volume or user complaints" is sent for a poor
/// reputation and for a domain without SPF, DKIM or DMARC alike, so Sisimai files it under the
/// sender being refused.
const YAHOO_INC: &[(Reason, &[&str])] = &[
    (Reason::AuthFailure, &["yahoo requires all senders to authenticate with either spf or dkim"]),
    (Reason::Blocked, &[" because the ip is in spamhaus's list;", "not accepted from ip addresses on spamhaus xbl"]),
    (Reason::NoRelaying, &["relaying denied for "]),
    (Reason::NotCompliantRfc, &["headers are not rfc compliant"]),
    (Reason::PolicyViolation, &["not accepted for policy reasons"]),
    (
        Reason::Rejected,
        &[
            "temporarily deferred due to unexpected volume or user complaints",
            "due to unresolvable rfc.5321 domain",
            " will be permanently deferred",
        ],
    ),
    (Reason::Speeding, &["user is receiving mail too quickly"]),
    (Reason::Suspend, &[" is no longer valid.", "this mailbox is disabled"]),
    (Reason::SyntaxError, &["syntax error in parameters or arguments"]),
    (Reason::TooManyConn, &["max message per connection reached"]),
    (Reason::UserUnknown, &["dd this user doesn't have a ", "mailbox not found"]),
];

/// Zoho Mail's replies (its help pages and SMTP field manual).
const ZOHO: &[(Reason, &[&str])] = &[
    (Reason::AuthFailure, &["email rejected per dmarc policy"]),
    (Reason::Blocked, &["greylisted, try again after some time"]),
    (
        Reason::Rejected,
        &["email cannot be delivered. reason: email flagged as spam", "mail rejected by destination domain"],
    ),
    (Reason::PolicyViolation, &["email policy violation detected", "mailbox delivery restricted by policy error"]),
    (Reason::SystemError, &["temporary system error"]),
    (Reason::UserUnknown, &["user does not exist"]),
    (Reason::VirusDetected, &[" detected by zoho mail"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(
        recipient: &'a str,
        remote: Option<&'a str>,
        diagnostic: &'a str,
        status: Option<&'a str>,
        reply: Option<&'a str>,
    ) -> Facts<'a> {
        Facts {
            recipient,
            remote_mta: remote,
            reporting_mta: None,
            diagnostic,
            status,
            reply_code: reply,
            command: &|| None,
        }
    }

    #[test]
    fn providers_by_domain_then_host() {
        assert_eq!(provider(&facts("a@charter.net", None, "x", None, None)), Some(Provider::Spectrum));
        assert_eq!(provider(&facts("a@laposte.net", None, "x", None, None)), Some(Provider::FrancePtt));
        assert_eq!(
            provider(&facts("a@example.org", Some("mta6.am0.yahoodns.net"), "x", None, None)),
            Some(Provider::YahooInc)
        );
        assert_eq!(
            provider(&facts("a@example.org", Some("service222.mimecast.com"), "x", None, None)),
            Some(Provider::Mimecast)
        );
        // A name that only ends with the same letters is another host.
        assert_eq!(provider(&facts("a@example.org", Some("notyahoodns.net"), "x", None, None)), None);
        assert_eq!(provider(&facts("a@example.org", None, "x", None, None)), None);
    }

    #[test]
    fn provider_codes() {
        let r = |rcpt, remote, diag, status, reply| reason(&facts(rcpt, remote, diag, status, reply));
        assert_eq!(
            r(
                "a@charter.net",
                None,
                "550 5.1.0 <x@example.com> sender rejected. aup#in-1310",
                Some("5.1.0"),
                Some("550")
            ),
            Some(Reason::TooManyConn)
        );
        assert_eq!(
            r("a@charter.net", None, "550 5.1.0 sender rejected. aup#in-1000", None, None),
            Some(Reason::Blocked)
        );
        // The diagnostic as the report wrote it: the tables read it lower-cased.
        assert_eq!(
            r("a@example.org", Some("omr-m12.mx.aol.com"), "550 Host Or Domain Name Not Found", None, None),
            Some(Reason::HostUnknown)
        );
        assert_eq!(r("a@charter.net", None, "550 sender rejected", None, None), None);
        assert_eq!(
            r("a@laposte.net", None, "554 5.7.1 client host rejected: lpn000_630", None, None),
            Some(Reason::PolicyViolation)
        );
        assert_eq!(
            r("a@orange.fr", None, "550 5.5.0 le compte du destinataire est bloque. lpn007_426", None, None),
            Some(Reason::Suspend)
        );
        assert_eq!(
            r(
                "a@example.org",
                Some("mx.mimecast.com"),
                "554 email rejected due to security policies - mcspam",
                None,
                Some("554")
            ),
            Some(Reason::VirusDetected)
        );
        // Mimecast's sentences count only with their reply code.
        assert_eq!(
            r(
                "a@example.org",
                Some("mx.mimecast.com"),
                "550 email rejected due to security policies",
                None,
                Some("550")
            ),
            None
        );
        assert_eq!(
            r("a@example.org", Some("mta6.am0.yahoodns.net"), "421 4.7.0 [tss04] messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints", None, Some("421")),
            Some(Reason::Rejected)
        );
        assert_eq!(
            r("a@example.org", Some("mx.zoho.com"), "541 5.4.1 mail rejected by destination domain", None, Some("541")),
            Some(Reason::Rejected)
        );
    }

    #[test]
    fn ntt_docomo_by_stage() {
        let mut f = facts(
            "a@docomo.ne.jp",
            Some("mfsmax.docomo.ne.jp"),
            "550 unknown user a@docomo.ne.jp",
            Some("5.0.0"),
            Some("550"),
        );
        let (data, rcpt) = (|| Some(Command::Data), || Some(Command::Rcpt));
        f.command = &data;
        assert_eq!(reason(&f), Some(Reason::Rejected));
        f.command = &rcpt;
        assert_eq!(reason(&f), Some(Reason::UserUnknown));
        f.command = &|| None;
        assert_eq!(reason(&f), None);
    }
}
