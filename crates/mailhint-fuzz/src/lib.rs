//! What the fuzz targets share: the properties a content report must keep whatever the input,
//! and the zones and domain checks the record targets run their fuzzed records through.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

pub mod targets;

use arbitrary::{Arbitrary, Unstructured};
use mailhint_core::dns::zone::Zone;
use mailhint_core::dns::{drive, HttpsResponse, Lookups, RecordData, Request, Response};
use mailhint_core::domain::{check_domain, DomainOptions, DomainReport};
use mailhint_core::{Analysis, Lang, Options, Part};

/// Lints `bytes` as `check_bytes` does and checks what every report must hold: a grade in
/// 0..=10, finite non-negative points, and each span inside its text, on character boundaries,
/// quoting exactly the words it covers, with UTF-16 offsets that agree (the extension
/// underlines by them).
pub fn lint_and_check(bytes: &[u8], lang: Lang) {
    let Ok(draft) = mailhint_core::parse_bytes(bytes) else { return };
    let report = mailhint_core::check(&draft, &Options { lang, ..Options::default() });
    assert!((0.0..=10.0).contains(&report.grade), "grade {}", report.grade);
    let analysis = Analysis::new(&draft, report.mode);
    for finding in &report.findings {
        assert!(finding.points.is_finite() && finding.points >= 0.0, "{}: {} points", finding.code, finding.points);
        let Some(span) = finding.span else { continue };
        let text = if finding.part == Part::Subject { &analysis.subject } else { &analysis.body };
        assert!(span.start < span.end && span.end <= text.len(), "{}: span {span:?} of {}", finding.code, text.len());
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{}: {span:?}", finding.code);
        let quoted = &text[span.start..span.end];
        assert_eq!(finding.quote.as_deref(), Some(quoted), "{}", finding.code);
        assert_eq!(span.end_utf16 - span.start_utf16, quoted.encode_utf16().count(), "{}", finding.code);
    }
    serde_json::to_string(&report).expect("a report serialises");
}

/// The domain every record target checks.
pub const DOMAIN: &str = "example.com";

/// `text` as a TXT record's character-strings (at most 255 bytes each, as DNS carries them).
pub fn txt(text: &[u8]) -> RecordData {
    RecordData::Txt { strings: text.chunks(255).map(<[u8]>::to_vec).collect() }
}

/// The first line of `data` and the rest (the record and the body its check fetches).
pub fn split_line(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

/// Runs the whole domain check of [`DOMAIN`] to completion over `zone`, every HTTPS GET
/// answered 200 with `body` served as `content_type`; checks that it completes within the
/// lookup rounds and that its report serialises.
pub fn check_domain_over(zone: &Zone, content_type: &str, body: &[u8]) -> DomainReport {
    let options = DomainOptions { domain: DOMAIN.into(), lang: Lang::En, ..DomainOptions::default() };
    let mut lookups = Lookups::new();
    let fetch = |requests: &[Request]| -> Vec<(Request, Response)> {
        let mut answers = zone.fetch(requests);
        for (request, response) in &mut answers {
            if let Request::Https { .. } = request {
                *response = Response::Https(HttpsResponse::Answered {
                    status: 200,
                    content_type: Some(content_type.into()),
                    location: None,
                    body: body.to_vec(),
                });
            }
        }
        answers
    };
    let report = drive(&mut lookups, |l| check_domain(&options, l), fetch);
    assert!(report.complete, "the domain check did not finish within the lookup rounds");
    serde_json::to_string(&report).expect("a domain report serialises");
    report
}

/// The names a fuzzed zone may hold: a domain, its subdomains, another domain, and the reverse
/// names of the two client addresses (`ptr`, `%{p}`). SPF records in the seeds and the
/// dictionary name them.
pub const NAMES: &[&str] = &[
    "example.com",
    "a.example.com",
    "b.example.com",
    "mx.example.com",
    "example.net",
    "_spf.example.net",
    "3.2.0.192.in-addr.arpa",
    "3.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
];

/// The two client addresses, by the fuzzed bit.
pub fn client_ip(v6: bool) -> IpAddr {
    match v6 {
        false => IpAddr::V4(Ipv4Addr::new(192, 0, 2, 3)),
        true => IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 3)),
    }
}

#[derive(Arbitrary, Debug)]
struct Name(u8);

impl Name {
    fn get(&self) -> &'static str {
        NAMES[usize::from(self.0) % NAMES.len()]
    }
}

/// A record other than TXT (TXT records come as text lines, so that seeds and dictionary
/// entries are plain SPF records).
#[derive(Arbitrary, Debug)]
enum FuzzRecord {
    A(Name, [u8; 4]),
    Aaaa(Name, [u8; 16]),
    Mx(Name, u16, Name),
    Cname(Name, Name),
    Ptr(Name, Name),
    Fail(Name),
}

/// A zone over [`NAMES`] from fuzz bytes: a count byte, that many structured records (A,
/// AAAA, MX, CNAME, PTR, failing names), then text whose lines are the TXT records of the
/// names in order (an empty line: no TXT there). Seeds are `\0` followed by SPF records.
pub fn fuzzed_zone(data: &[u8]) -> arbitrary::Result<(Zone, bool)> {
    let mut u = Unstructured::new(data);
    let mut zone = Zone::new();
    let count = u.arbitrary::<u8>()? % 32;
    let v6 = count & 1 == 1;
    for _ in 0..count / 2 {
        match u.arbitrary::<FuzzRecord>()? {
            FuzzRecord::A(n, ip) => zone.add(n.get(), 300, RecordData::A { address: ip.into() }),
            FuzzRecord::Aaaa(n, ip) => zone.add(n.get(), 300, RecordData::Aaaa { address: ip.into() }),
            FuzzRecord::Mx(n, preference, to) => {
                zone.add(n.get(), 300, RecordData::Mx { preference, exchange: to.get().into() })
            }
            FuzzRecord::Cname(n, to) => zone.add(n.get(), 300, RecordData::Cname { target: to.get().into() }),
            FuzzRecord::Ptr(n, to) => zone.add(n.get(), 300, RecordData::Ptr { target: to.get().into() }),
            FuzzRecord::Fail(n) => zone.fail(n.get(), "SERVFAIL"),
        }
    }
    let text = u.take_rest();
    for (name, line) in NAMES.iter().zip(text.split(|&b| b == b'\n')) {
        if !line.is_empty() {
            zone.add(name, 300, txt(line));
        }
    }
    Ok((zone, v6))
}
