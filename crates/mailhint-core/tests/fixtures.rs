//! Every rule has a fixture that must trigger it and one that must not, under
//! `tests/fixtures/<CODE>/{trigger,pass}.{json,eml}`, run through the CLI's own entry point
//! (`check_bytes`) with only that rule enabled.
//!
//! A rule that reads DNS answers (R10) has a zone file beside its fixtures,
//! `tests/fixtures/<CODE>/dns.zone`: its lookups are answered from it, round after round, the
//! way the extension answers them over DNS-over-HTTPS, so the fixtures stay offline.

use std::path::{Path, PathBuf};

use std::rc::Rc;

use mailhint_core::dns::zone::Zone;
use mailhint_core::dns::Lookups;
use mailhint_core::{check_bytes, rules, Options, Report};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn fixture(code: &str, kind: &str) -> Option<PathBuf> {
    ["json", "eml"].iter().map(|ext| fixtures_dir().join(code).join(format!("{kind}.{ext}"))).find(|p| p.exists())
}

fn run(code: &'static str, path: &Path) -> Report {
    let bytes = std::fs::read(path).unwrap();
    let zone_path = fixtures_dir().join(code).join("dns.zone");
    let Ok(zone_text) = std::fs::read_to_string(&zone_path) else {
        let options = Options { only: Some(code), ..Options::default() };
        return check_bytes(&bytes, &options).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    };
    let zone = Zone::parse(&zone_text).unwrap_or_else(|e| panic!("{}: {e}", zone_path.display()));
    let mut store = Lookups::new();
    for _ in 0..mailhint_core::limits::MAX_LOOKUP_ROUNDS {
        let options = Options { only: Some(code), dns: Some(Rc::new(store)), ..Options::default() };
        let report = check_bytes(&bytes, &options).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        store = Rc::try_unwrap(options.dns.unwrap()).expect("the report keeps no reference to the store");
        if report.lookups.is_empty() {
            return report;
        }
        for query in &report.lookups {
            store.insert_dns(query.clone(), zone.answer(query));
        }
    }
    panic!("{}: the rule kept asking for lookups", path.display())
}

#[test]
fn every_rule_fires_on_its_trigger_fixture_and_not_on_its_pass_fixture() {
    let mut failures = Vec::new();
    for rule in rules::all() {
        let (Some(trigger), Some(pass)) = (fixture(rule.code, "trigger"), fixture(rule.code, "pass")) else {
            failures.push(format!("{}: missing trigger or pass fixture", rule.code));
            continue;
        };
        let fired = run(rule.code, &trigger);
        if !fired.findings.iter().any(|f| f.code == rule.code) {
            failures.push(format!("{}: did not fire on {}", rule.code, trigger.display()));
        }
        for f in &fired.findings {
            if let (Some(span), Some(quote)) = (f.span, &f.quote) {
                assert_eq!(span.end - span.start, quote.len(), "{}: span and quote disagree", rule.code);
            }
            assert!(!f.message.is_empty() && !f.fix.is_empty(), "{}: empty message or fix", rule.code);
        }
        let quiet = run(rule.code, &pass);
        if let Some(f) = quiet.findings.iter().find(|f| f.code == rule.code) {
            failures.push(format!("{}: fired on {}: {}", rule.code, pass.display(), f.message));
        }
    }
    assert!(failures.is_empty(), "{} fixture failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_fixture_folder_belongs_to_a_rule() {
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        // Beside the rules' folders: the raw-message report's header checks (M01…, tested by
        // tests/raw_report.rs) and the constructed bounces (tests/bounce_fixtures.rs).
        if ["report", "bounces"].contains(&name.as_str()) {
            continue;
        }
        assert!(rules::by_code(&name).is_some(), "tests/fixtures/{name} names no rule");
    }
}
