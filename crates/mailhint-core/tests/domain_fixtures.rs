//! Every domain check against its fixtures: `tests/domain-fixtures/<CODE>/trigger.zone` must
//! raise the check as a problem, `pass.zone` must not raise it at all.
//!
//! A fixture is a zone file (the same files load into BIND for the DoH tests). The domain it
//! checks is `<kind>.<code in lowercase>.test` (`trigger.spf-multiple.test`), so that every
//! fixture can be served at once; `world.zone` beside them holds the providers' records
//! (`spf.qiye.aliyun.com`…) and is loaded with each. Lines `;@ ip <addr>` and
//! `;@ selector <name>` set the check's options, `;@ domain <name>` checks another domain than
//! the fixture's own (a free-mail domain such as `qq.com`); `;! servfail <name>` and
//! `;! timeout <name>` make lookups fail, `;! signed <name>` sets the AD bit below `<name>`. HTTPS answers (MTA-STS policies, BIMI logos) are files under
//! `<kind>.https/<host>/<path>`, served with status 200; any other URL fails to connect.

use std::fs;
use std::path::{Path, PathBuf};

use mailhint_core::dns::zone::Zone;
use mailhint_core::dns::{drive, HttpsResponse, Lookups, Request, Response};
use mailhint_core::domain::{check_domain, checks, DomainOptions, DomainReport, Status};
use mailhint_core::Lang;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/domain-fixtures")
}

/// The options a fixture sets with `;@` lines.
fn options(domain: &str, zone_text: &str) -> DomainOptions {
    let mut options = DomainOptions { domain: domain.to_string(), validating_resolver: true, ..Default::default() };
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

/// Runs the whole domain check for one fixture file, in English.
pub fn run_fixture(code: &str, kind: &str) -> DomainReport {
    run_fixture_in(code, kind, Lang::En)
}

/// Runs the whole domain check for one fixture file, in `lang`.
pub fn run_fixture_in(code: &str, kind: &str, lang: Lang) -> DomainReport {
    let dir = fixtures().join(code);
    let zone_path = dir.join(format!("{kind}.zone"));
    let text = fs::read_to_string(&zone_path).unwrap_or_else(|e| panic!("{}: {e}", zone_path.display()));
    let world = fs::read_to_string(fixtures().join("world.zone")).unwrap_or_default();
    let zone = Zone::parse(&format!("{world}\n{text}")).unwrap_or_else(|e| panic!("{}: {e}", zone_path.display()));
    let domain = format!("{kind}.{}.test", code.to_ascii_lowercase());
    let options = DomainOptions { lang, ..options(&domain, &text) };
    let https_dir = dir.join(format!("{kind}.https"));
    let mut lookups = Lookups::new();
    drive(
        &mut lookups,
        |l| check_domain(&options, l),
        |requests| {
            requests
                .iter()
                .map(|r| {
                    let response = match r {
                        Request::Dns(q) => Response::Dns(zone.answer(q)),
                        Request::Https { url } => Response::Https(https(&https_dir, url)),
                    };
                    (r.clone(), response)
                })
                .collect()
        },
    )
}

#[test]
fn every_check_fires_on_its_trigger_and_stays_silent_on_its_pass_fixture() {
    let mut failures = Vec::new();
    for check in checks() {
        for kind in ["trigger", "pass"] {
            if !fixtures().join(check.code).join(format!("{kind}.zone")).exists() {
                failures.push(format!("{}: no {kind}.zone", check.code));
                continue;
            }
            let report = run_fixture(check.code, kind);
            if !report.complete {
                failures.push(format!("{} {kind}: the report is incomplete", check.code));
            }
            let raised: Vec<_> = report.findings.iter().filter(|f| f.code == check.code).collect();
            let ok = match kind {
                "trigger" => raised.iter().any(|f| f.status == Status::Problem),
                _ => raised.is_empty(),
            };
            if !ok {
                let codes: Vec<_> = report.findings.iter().map(|f| format!("{}:{:?}", f.code, f.status)).collect();
                failures.push(format!("{} {kind}: found {codes:?}", check.code));
            }
        }
    }
    assert!(failures.is_empty(), "{} fixture failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn no_finding_leaves_a_placeholder_unfilled_in_either_language() {
    // `{record}`, not an SPF macro such as `%{d}` quoted from the user's record.
    let placeholder = |text: &str| {
        text.match_indices('{').any(|(i, _)| {
            let name = text[i + 1..].split('}').next().unwrap_or("");
            !text[..i].ends_with('%')
                && !name.is_empty()
                && name.len() < text.len() - i - 1
                && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        })
    };
    let mut unfilled = Vec::new();
    for check in checks() {
        for kind in ["trigger", "pass"] {
            if !fixtures().join(check.code).join(format!("{kind}.zone")).exists() {
                continue;
            }
            for lang in [Lang::En, Lang::ZhCn] {
                for f in run_fixture_in(check.code, kind, lang).findings {
                    if placeholder(&f.message) || placeholder(&f.fix) {
                        unfilled.push(format!("{} {kind} {lang:?}: {} | {}", f.code, f.message, f.fix));
                    }
                }
            }
        }
    }
    unfilled.sort();
    unfilled.dedup();
    assert!(unfilled.is_empty(), "unfilled placeholders:\n{}", unfilled.join("\n"));
}

#[test]
fn every_fixture_folder_belongs_to_a_check() {
    let codes: Vec<_> = checks().map(|c| c.code).collect();
    for entry in fs::read_dir(fixtures()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            let name = entry.file_name().into_string().unwrap();
            assert!(codes.contains(&name.as_str()), "fixture folder {name} has no check");
        }
    }
}

#[test]
fn every_check_is_declared_once_with_words_in_both_languages() {
    let mut seen = std::collections::BTreeSet::new();
    for check in checks() {
        assert!(seen.insert(check.code), "{} is declared twice", check.code);
        for text in check.title.iter().chain(&check.fix) {
            assert!(!text.trim().is_empty(), "{} has an empty title or fix", check.code);
        }
        assert!(
            check.title[1].chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}: no Chinese title",
            check.code
        );
    }
}
