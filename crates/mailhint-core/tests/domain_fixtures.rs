//! Every domain check against its fixtures: `tests/domain-fixtures/<CODE>/trigger.zone` must
//! raise the check as a problem, `pass.zone` must not raise it at all. How fixtures are read:
//! `domain_harness/mod.rs`.

use std::fs;

use mailhint_core::domain::{checks, DomainReport, Status};
use mailhint_core::Lang;

mod domain_harness;
use domain_harness::{fixture, fixtures};

/// Runs the whole domain check for one fixture file, in English.
fn run_fixture(code: &str, kind: &str) -> DomainReport {
    fixture(code, kind, Lang::En)
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
                for f in fixture(check.code, kind, lang).findings {
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
