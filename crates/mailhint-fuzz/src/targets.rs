//! The body of each fuzz target, callable without libFuzzer: `fuzz_targets/<name>.rs` runs
//! it under the fuzzer, `tests/regressions.rs` over the committed seeds and crash inputs.

use mailhint_core::address_list::{self, DisposableList, ListCheck, ListOptions, Rows, Suppression};
use mailhint_core::dmarc_report::{analyse, read_file};
use mailhint_core::dns::zone::Zone;
use mailhint_core::dns::{drive, wire, Answer, Lookups, Query, RecordData, RecordType};
use mailhint_core::domain::dkim::{looks_like_key, parse_key, rsa_bits};
use mailhint_core::domain::dmarc::record::{self as dmarc_record, looks_like_dmarc, Policy};
use mailhint_core::domain::spf::eval::check_host;
use mailhint_core::limits::{
    MAX_SPF_DNS_TERMS as MAX_DNS_TERMS, MAX_SPF_MX_NAMES as MAX_MX_NAMES, MAX_SPF_PTR_NAMES as MAX_PTR_NAMES,
    MAX_SPF_VOID_LOOKUPS as MAX_VOID_LOOKUPS,
};
use mailhint_core::domain::spf::record::{is_spf_record, near_miss, SpfRecord};
use mailhint_core::limits::MAX_BOUNCE_RECIPIENTS;
use mailhint_core::raw_report::{report_message, MessageOptions};
use mailhint_core::Lang;

use crate::{check_domain_over, client_ip, fuzzed_zone, split_line, txt, DOMAIN};

/// An address list (CSV or text, any encoding) → the table read from it, checked row by row to
/// the end over a zone where every domain is NXDOMAIN, and written back as CSV.
pub fn address_list(data: &[u8]) {
    let Ok(table) = address_list::read(data) else { return };
    let rows = table.rows.len();
    let disposable = DisposableList::parse("mailinator.com\nguerrillamail.com\n");
    let suppression = Suppression::default();
    let mut check = ListCheck::new(table, ListOptions { disposable: &disposable, suppression: &suppression });
    let zone = Zone::new();
    drive(&mut Lookups::new(), |l| check.step(l), |requests| zone.fetch(requests));
    assert!(check.is_done(), "the list check did not finish within the lookup rounds");
    assert_eq!(check.verdicts().len(), rows);
    let _ = (check.summary(), check.csv(Rows::All, Lang::ZhCn));
}

/// A bounce message (or anything dropped on the bounce reader) → its report, explained in both
/// languages.
pub fn bounce(data: &[u8]) {
    let report = mailhint_core::bounce::read(data);
    assert!(report.bounces.len() <= MAX_BOUNCE_RECIPIENTS.max(1), "{} recipients", report.bounces.len());
    let _ = report.explain(Lang::En);
    let _ = report.explain(Lang::ZhCn);
}

/// A raw RFC 5322 message (or anything pasted) → the content report, as `check_bytes` reads it.
pub fn content_raw(data: &[u8]) {
    crate::lint_and_check(data, Lang::En);
}

/// A DMARC aggregate report file (XML, gzip, zip, or the email it came in) → the reports read
/// from it and their analysis.
pub fn dmarc_report(data: &[u8]) {
    let read = read_file(data);
    assert!(read.error.is_none() || read.reports.is_empty(), "an error with reports");
    if let Some(error) = &read.error {
        let _ = error.message(Lang::ZhCn);
    }
    let analysis = analyse(&read.reports, None, Lang::En);
    serde_json::to_string(&analysis).expect("an analysis serialises");
}

/// A DNS-over-HTTPS reply's bytes (whatever a resolver sends back) → an answer. The first byte
/// picks the question's type; the question's name is example.com, as in the seeds.
pub fn dns_wire(data: &[u8]) {
    let Some((&kind, reply)) = data.split_first() else { return };
    let query = Query::new("example.com", RecordType::ALL[usize::from(kind) % RecordType::ALL.len()]);
    let answer = wire::answer(&query, reply);
    if let Answer::NoError { records, .. } = &answer {
        assert!(records.len() * 11 <= reply.len(), "more records than the reply has bytes for");
    }
    let _ = (answer.txt(), answer.ttl(), answer.is_void(query.rtype));
}

/// The extension's JSON draft → the content report (Chinese messages: the other half of every
/// rule's words). Inputs that are no JSON object are made one, so the fuzzer stays on the JSON
/// path instead of drifting to raw messages.
pub fn draft_json(data: &[u8]) {
    if data.first() == Some(&b'{') {
        crate::lint_and_check(data, Lang::ZhCn);
    }
}

/// A received raw message → the raw-message report (headers, authentication results, DKIM
/// signatures verified, the sender's DNS), run to completion over a zone where every name is
/// NXDOMAIN.
pub fn raw_report(data: &[u8]) {
    let zone = Zone::new();
    let mut lookups = Lookups::new();
    let options = MessageOptions::default();
    let report = drive(&mut lookups, |l| report_message(data, l, &options), |requests| zone.fetch(requests));
    if let Ok(report) = report {
        serde_json::to_string(&report).expect("a message report serialises");
    }
}

/// The `default._bimi` TXT record (first line) and the logo served for it (the rest, as SVG) →
/// the domain check, to completion, with a DMARC policy at enforcement so the logo is judged.
pub fn record_bimi(data: &[u8]) {
    let (record, logo) = split_line(data);
    let mut zone = Zone::new();
    zone.add(&format!("default._bimi.{DOMAIN}"), 300, txt(record));
    zone.add(&format!("_dmarc.{DOMAIN}"), 300, txt(b"v=DMARC1; p=reject"));
    check_domain_over(&zone, "image/svg+xml", logo);
}

/// A DKIM key record's text → the key read from it (tags, base64, RSA modulus length).
pub fn record_dkim(data: &[u8]) {
    let _ = rsa_bits(data);
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = looks_like_key(text);
    for problem in parse_key(text).problems {
        let _ = problem.describe(Lang::ZhCn);
    }
}

/// A DMARC record's text → its parse (each problem at a position inside the record, in words)
/// and the record rewritten with a new policy.
pub fn record_dmarc(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = looks_like_dmarc(text);
    let record = dmarc_record::parse(text);
    let chars = text.chars().count();
    for located in &record.problems {
        assert!((1..=chars + 1).contains(&located.position), "problem at {} of {chars}", located.position);
        let _ = located.problem.describe(Lang::En);
    }
    let _ = (record.policy(), record.subdomain_policy(), record.nonexistent_policy());
    let _ = record.with_policy(Policy::Reject);
}

/// The `_mta-sts` TXT record (first line) and the policy file served for it (the rest) → the
/// domain check, to completion.
pub fn record_mta_sts(data: &[u8]) {
    let (record, policy) = split_line(data);
    let mut zone = Zone::new();
    zone.add(&format!("_mta-sts.{DOMAIN}"), 300, txt(record));
    zone.add(DOMAIN, 300, RecordData::Mx { preference: 10, exchange: format!("mx.{DOMAIN}") });
    check_domain_over(&zone, "text/plain", policy);
}

/// An SPF record's text → its parse, problems and near-miss advice (the domain check's SPF
/// section shows all three).
pub fn record_spf(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = is_spf_record(text);
    let _ = near_miss(text, Lang::En);
    let record = SpfRecord::parse(text);
    if let Some(problem) = record.first_error() {
        let _ = (problem.describe(Lang::ZhCn), problem.column(text));
    }
    for (_, mechanism, _) in record.directives() {
        let _ = mechanism.queries_dns();
    }
    let _ = (record.redirect(), record.explanation(), record.all(), record.is_valid());
}

/// The `_smtp._tls` TXT record (TLS-RPT) → the domain check, to completion.
pub fn record_tls_rpt(data: &[u8]) {
    let mut zone = Zone::new();
    zone.add(&format!("_smtp._tls.{DOMAIN}"), 300, txt(data));
    zone.add(&format!("_mta-sts.{DOMAIN}"), 300, txt(b"v=STSv1; id=1"));
    check_domain_over(&zone, "text/plain", b"version: STSv1\nmode: testing\nmx: *.example.com\nmax_age: 86400\n");
}

/// SPF `check_host()` run to completion over a fuzzed zone (`mailhint_fuzz::fuzzed_zone`): it
/// must finish within the driver's lookup rounds and keep RFC 7208's limits of 10 DNS-querying
/// terms and 2 void lookups (the count stops one past the limit, where the evaluation ends in
/// permerror), asking no more DNS questions than those terms allow.
const MAX_QUESTIONS: usize =
    1 + (MAX_DNS_TERMS + 1) * (1 + if MAX_MX_NAMES > MAX_PTR_NAMES { MAX_MX_NAMES } else { MAX_PTR_NAMES } * 2) + 2;

pub fn spf_eval(data: &[u8]) {
    let Ok((zone, v6)) = fuzzed_zone(data) else { return };
    let mut lookups = Lookups::new();
    let ip = client_ip(v6);
    let result = drive(
        &mut lookups,
        |l| check_host(l, ip, DOMAIN, &format!("postmaster@{DOMAIN}"), "mx.example.com"),
        |requests| zone.fetch(requests),
    );
    let result = result.expect("check_host did not finish within the lookup rounds");
    assert!(result.dns_lookups <= MAX_DNS_TERMS + 1, "{} DNS-querying terms", result.dns_lookups);
    assert!(result.void_lookups <= MAX_VOID_LOOKUPS + 1, "{} void lookups", result.void_lookups);
    assert!(lookups.dns_len() <= MAX_QUESTIONS, "{} DNS questions", lookups.dns_len());
}

/// Runs the target called `name` on `data`; `false` when there is no such target.
pub fn run(name: &str, data: &[u8]) -> bool {
    let target: fn(&[u8]) = match name {
        "address_list" => address_list,
        "bounce" => bounce,
        "content_raw" => content_raw,
        "dmarc_report" => dmarc_report,
        "dns_wire" => dns_wire,
        "draft_json" => draft_json,
        "raw_report" => raw_report,
        "record_bimi" => record_bimi,
        "record_dkim" => record_dkim,
        "record_dmarc" => record_dmarc,
        "record_mta_sts" => record_mta_sts,
        "record_spf" => record_spf,
        "record_tls_rpt" => record_tls_rpt,
        "spf_eval" => spf_eval,
        _ => return false,
    };
    target(data);
    true
}
