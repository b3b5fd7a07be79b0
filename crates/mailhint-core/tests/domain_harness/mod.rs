//! Runs the domain check over fixture zones, for the integration tests that read domain
//! fixtures: `tests/domain-fixtures/<CODE>/{trigger,pass}.zone`.
//!
//! A fixture is a zone file (the same files load into BIND for the DoH tests). The domain it
//! checks is `<kind>.<code in lowercase>.test` (`trigger.spf-multiple.test`), or the name of a
//! `;@ domain <name>` line, so that every fixture can be served at once; `world.zone` beside them
//! holds the providers' records (`spf.qiye.aliyun.com`…) and is loaded with each. Lines
//! `;@ ip <addr>` and `;@ selector <name>` set the check's options; `;! servfail <name>` and
//! `;! timeout <name>` make lookups fail. HTTPS answers (MTA-STS policies, BIMI logos) are files
//! under `<kind>.https/<host>/<path>`, served with status 200; any other URL fails to connect.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use mailhint_core::dns::zone::Zone;
use mailhint_core::dns::{drive, HttpsResponse, Lookups, Request, Response};
use mailhint_core::domain::{check_domain, DomainOptions, DomainReport};
use mailhint_core::Lang;

/// The fixtures' folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/domain-fixtures")
}

/// The options a fixture sets with `;@` lines, for the domain it checks by default.
fn options(default_domain: &str, zone_text: &str, lang: Lang) -> DomainOptions {
    let mut options =
        DomainOptions { domain: default_domain.to_string(), validating_resolver: true, lang, ..Default::default() };
    for line in zone_text.lines() {
        let Some(rest) = line.trim().strip_prefix(";@") else { continue };
        match rest.split_whitespace().collect::<Vec<_>>()[..] {
            ["ip", ip] => options.ip = Some(ip.parse().expect("`;@ ip` takes an IP address")),
            ["selector", s] => options.selectors.push(s.to_string()),
            ["domain", d] => options.domain = d.to_string(),
            _ => panic!("unknown fixture option {line:?}"),
        }
    }
    options
}

fn https(dir: &Path, url: &str) -> HttpsResponse {
    let path = url.strip_prefix("https://").map(|rest| dir.join(rest));
    match path.and_then(|p| fs::read(&p).ok().map(|body| (p, body))) {
        Some((p, body)) => HttpsResponse::Answered {
            status: 200,
            content_type: Some(match p.extension().and_then(|e| e.to_str()) {
                Some("svg") => "image/svg+xml".into(),
                Some("pem") => "application/x-pem-file".into(),
                _ => "text/plain".into(),
            }),
            location: None,
            body,
        },
        None => HttpsResponse::Failed { reason: "connection refused".into() },
    }
}

/// The report for `default_domain` (or the zone's `;@ domain`) over `zone_text` with the world
/// zone, and how many rounds of fetching it took.
pub fn run(default_domain: &str, zone_text: &str, https_dir: &Path, lang: Lang) -> (DomainReport, usize) {
    let world = fs::read_to_string(fixtures().join("world.zone")).expect("the world zone exists");
    let zone = Zone::parse(&format!("{world}\n{zone_text}")).unwrap_or_else(|e| panic!("{default_domain}: {e}"));
    let options = options(default_domain, zone_text, lang);
    let mut lookups = Lookups::new();
    let mut rounds = 0;
    let report = drive(
        &mut lookups,
        |l| check_domain(&options, l),
        |requests| {
            rounds += 1;
            let answer = |r: &Request| match r {
                Request::Dns(q) => Response::Dns(zone.answer(q)),
                Request::Https { url } => Response::Https(https(https_dir, url)),
            };
            requests.iter().map(|r| (r.clone(), answer(r))).collect()
        },
    );
    (report, rounds)
}

/// The report for one fixture file, in `lang`.
pub fn fixture(code: &str, kind: &str, lang: Lang) -> DomainReport {
    let dir = fixtures().join(code);
    let path = dir.join(format!("{kind}.zone"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let domain = format!("{kind}.{}.test", code.to_ascii_lowercase());
    run(&domain, &text, &dir.join(format!("{kind}.https")), lang).0
}
