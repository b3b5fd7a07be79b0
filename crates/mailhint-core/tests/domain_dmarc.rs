//! The DMARC, DKIM and BIMI sections' findings in detail, over their fixtures: the words,
//! positions, levels, the records to publish and the side-by-side DMARC view, which the
//! fixture harness (raised or not) does not look at.

use std::fs;
use std::path::Path;

use mailhint_core::domain::{DomainFinding, DomainReport, Status};
use mailhint_core::report::Lang;

mod domain_harness;
use domain_harness::{fixture, fixtures, run};

fn problems<'a>(report: &'a DomainReport, code: &str) -> Vec<&'a DomainFinding> {
    report.findings.iter().filter(|f| f.code == code && f.status == Status::Problem).collect()
}

#[test]
fn a_full_width_semicolon_is_pointed_at_in_both_languages() {
    let en = fixture("DMARC-SYNTAX", "trigger", Lang::En);
    let found = problems(&en, "DMARC-SYNTAX");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("position 9: full-width or curly `；` instead of `;` (and 1 more)"),
        "{}",
        found[0].message
    );
    assert!(found[0].fix.starts_with("Receivers ignore this record entirely."), "{}", found[0].fix);
    let zh = fixture("DMARC-SYNTAX", "trigger", Lang::ZhCn);
    let message = &problems(&zh, "DMARC-SYNTAX")[0].message;
    assert!(message.contains("第 9 个字符") && message.contains("全角"), "{message}");
    // A broken record is reported as such, not also as a missing one.
    assert!(problems(&en, "DMARC-MISSING").is_empty());
}

#[test]
fn a_domain_without_dmarc_gets_a_starter_record_and_a_parked_one_a_locking_record() {
    let report = fixture("DMARC-MISSING", "trigger", Lang::En);
    let starter = "v=DMARC1; p=none; rua=mailto:dmarc@trigger.dmarc-missing.test";
    let finding = problems(&report, "DMARC-MISSING")[0];
    assert_eq!(finding.record.as_ref().map(|r| (r.host.as_str(), r.value.as_str())), Some(("_dmarc.trigger", starter)));
    assert!(report.records.iter().any(|r| r.value == starter));
    let parked = fixture("PARKED-NOT-LOCKED", "trigger", Lang::En);
    assert!(parked.records.iter().any(|r| r.host == "_dmarc.trigger" && r.value == "v=DMARC1; p=reject;"));
    assert!(!parked.records.iter().any(|r| r.value.contains("p=none")));
    // A parked domain is not told to turn DKIM on.
    assert!(problems(&parked, "DKIM-NOT-FOUND").is_empty());
}

#[test]
fn p_none_gets_the_next_step_with_the_other_tags_kept() {
    let report = fixture("DMARC-POLICY-NONE", "trigger", Lang::En);
    let next = "v=DMARC1; p=quarantine; rua=mailto:dmarc@trigger.dmarc-policy-none.test";
    assert!(report.records.iter().any(|r| r.value == next), "{:?}", report.records);
}

#[test]
fn the_two_discoveries_are_shown_side_by_side() {
    let report = fixture("DMARC-7489-9989-MISMATCH", "trigger", Lang::En);
    let view = report.dmarc.as_ref().expect("the DMARC view is in the report");
    assert_eq!(view.rfc7489.org_domain.as_deref(), Some("dmarc-7489-9989-mismatch.test"));
    assert_eq!(view.rfc9989.org_domain.as_deref(), Some("trigger.dmarc-7489-9989-mismatch.test"));
    assert_eq!(view.rfc7489.policy_domain, view.rfc9989.policy_domain);
    let json = serde_json::to_value(&report).expect("the report serialises");
    assert_eq!(json["dmarc"]["rfc9989"]["applied"], "reject");
    let same = fixture("DMARC-7489-9989-MISMATCH", "pass", Lang::En);
    let view = same.dmarc.as_ref().expect("the DMARC view is in the report");
    let read =
        |v: &mailhint_core::domain::dmarc::DiscoveryView| (v.policy_domain.clone(), v.org_domain.clone(), v.applied);
    assert_eq!(read(&view.rfc7489), read(&view.rfc9989));
    // `np` exists only for RFC 9989 receivers.
    assert_eq!((view.rfc7489.np, view.rfc9989.np.is_some()), (None, true));
}

#[test]
fn dkim_is_not_found_at_the_selectors_tried_never_missing() {
    let report = fixture("DKIM-NOT-FOUND", "trigger", Lang::En);
    let message = &problems(&report, "DKIM-NOT-FOUND")[0].message;
    assert!(message.contains("at the selectors tried (default, selector1, selector2, google"), "{message}");
    assert!(message.contains("does not exist"), "the _domainkey NXDOMAIN is told: {message}");
    let fix = &problems(&report, "DKIM-NOT-FOUND")[0].fix;
    assert!(fix.contains("Alibaba Mail admin console"), "the provider's steps: {fix}");
    let zh = fixture("DKIM-NOT-FOUND", "trigger", Lang::ZhCn);
    assert!(problems(&zh, "DKIM-NOT-FOUND")[0].fix.contains("阿里企业邮箱管理后台"));
}

#[test]
fn a_1024_bit_key_says_its_own_level() {
    let report = fixture("DKIM-KEY-WEAK", "trigger", Lang::En);
    let message = &problems(&report, "DKIM-KEY-WEAK")[0].message;
    assert!(message.contains("1024-bit RSA (warning"), "{message}");
}

#[test]
fn dkim_selectors_are_asked_for_together() {
    // Round 1: MX, SPF, every _dmarc name, the user's and common selectors; round 2: the
    // providers' selectors and the report destinations; round 3: CNAMEs of missing selectors.
    let dir = fixtures().join("DKIM-PROVIDER-SELECTOR-MISSING");
    let text = fs::read_to_string(dir.join("trigger.zone")).expect("fixture exists");
    let (report, rounds) = run("trigger.dkim-provider-selector-missing.test", &text, &dir, Lang::En);
    assert!(report.complete);
    assert!(rounds <= 3, "{rounds} rounds");
    eprintln!("DKIM-PROVIDER-SELECTOR-MISSING trigger: {rounds} rounds of fetching");
}

#[test]
fn failed_lookups_make_checks_unknown_never_missing() {
    let text = "\
;! servfail _dmarc.broken.example.test
;! servfail default._domainkey.broken.example.test
broken.example.test. 600 IN MX 5 mx1.qiye.aliyun.com.
broken.example.test. 600 IN TXT \"v=spf1 include:spf.qiye.aliyun.com -all\"
";
    let (report, _) = run("broken.example.test", text, Path::new("/nonexistent"), Lang::En);
    for code in ["DMARC-MISSING", "DKIM-NOT-FOUND"] {
        let found: Vec<_> = report.findings.iter().filter(|f| f.code == code).map(|f| f.status).collect();
        assert_eq!(found, [Status::Unknown], "{code}");
    }
}

#[test]
fn a_providers_own_selector_is_tried_in_the_next_round() {
    // Zoho signs with `zmail`, which is not among the common selectors: it is found once the
    // MX shows Zoho, and the CNAME probes of the missing selectors go out in the same round.
    let key = fs::read_to_string(fixtures().join("DKIM-KEY-WEAK/pass.zone")).expect("fixture exists");
    let key_value =
        key.lines().find(|l| l.starts_with("default._domainkey.")).and_then(|l| l.split_once(" TXT ")).map(|(_, v)| v);
    let text = format!(
        "zoho.example.test. 600 IN MX 10 mx.zoho.com.\n\
         zoho.example.test. 600 IN TXT \"v=spf1 include:zoho.com ~all\"\n\
         zmail._domainkey.zoho.example.test. 600 IN TXT {}\n",
        key_value.expect("the fixture has a key")
    );
    let (report, rounds) = run("zoho.example.test", &text, Path::new("/nonexistent"), Lang::En);
    assert!(problems(&report, "DKIM-NOT-FOUND").is_empty(), "{:?}", report.findings);
    assert!(
        report.facts.iter().any(|f| f.label == "selector zmail" && f.value == "rsa 2048 bits"),
        "{:?}",
        report.facts
    );
    assert!(rounds <= 3, "{rounds} rounds");
}
