//! The raw-message report (`mailhint_core::raw_report`): every header check's trigger and pass
//! fixtures (`tests/fixtures/report/<CODE>/{trigger,pass}.{eml,zone}`) through the zone
//! resolver, DKIM verification of a message signed here with a key generated here, and the mail
//! corpus read without panic.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use mailhint_core::dns::zone::Zone;
use mailhint_core::dns::{drive, Lookups, Request, Response};
use mailhint_core::raw_report::{report_message, DkimVerdict, MessageOptions, MessageReport, CHECKS};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/report")
}

fn zone(text: &str) -> Zone {
    Zone::parse(&format!("$ORIGIN .\n$TTL 300\n{text}\n")).expect("the fixture zone parses")
}

/// The report on `raw` with every answer from `zone`, driven to completion.
fn run(raw: &[u8], zone: &Zone, options: &MessageOptions) -> MessageReport {
    let mut lookups = Lookups::new();
    let report = drive(
        &mut lookups,
        |l| report_message(raw, l, options).expect("a message"),
        |requests| {
            requests
                .iter()
                .filter_map(|r| match r {
                    Request::Dns(q) => Some((r.clone(), Response::Dns(zone.answer(q)))),
                    Request::Https { .. } => None,
                })
                .collect()
        },
    );
    assert!(report.complete, "every answer was in the zone");
    report
}

fn run_fixture(code: &'static str, kind: &str) -> MessageReport {
    let dir = fixtures().join(code);
    let raw = std::fs::read(dir.join(format!("{kind}.eml"))).unwrap_or_else(|e| panic!("{code}/{kind}.eml: {e}"));
    let text =
        std::fs::read_to_string(dir.join(format!("{kind}.zone"))).unwrap_or_else(|e| panic!("{code}/{kind}.zone: {e}"));
    run(&raw, &zone(&text), &MessageOptions { only: Some(code), skip_content: true, ..MessageOptions::default() })
}

#[test]
fn every_check_fires_on_its_trigger_and_is_silent_on_its_pass() {
    for check in CHECKS {
        let trigger = run_fixture(check.code, "trigger");
        assert!(
            trigger.findings.iter().any(|f| f.code == check.code && f.points > 0.0),
            "{} does not fire on its trigger: {:#?}",
            check.code,
            trigger
        );
        assert!(trigger.score < 10.0, "{}: a finding takes points", check.code);
        let pass = run_fixture(check.code, "pass");
        assert!(pass.findings.is_empty(), "{} fires on its pass: {:#?}", check.code, pass.findings);
    }
}

#[test]
fn every_fixture_folder_belongs_to_a_check() {
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        if entry.path().is_dir() {
            assert!(CHECKS.iter().any(|c| c.code == name), "tests/fixtures/report/{name} names no check");
        }
    }
}

#[test]
fn a_pass_fixture_passes_every_header_check() {
    // The M04 pass fixture is the good message: signed, SPF-aligned, with its PTR; nothing but
    // the bulk-mail checks, which it is not, is left to say.
    let dir = fixtures().join("M04");
    let raw = std::fs::read(dir.join("pass.eml")).unwrap();
    let report = run(&raw, &zone(&std::fs::read_to_string(dir.join("pass.zone")).unwrap()), &MessageOptions::default());
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert_eq!(report.facts.aligned, Some(true));
    assert_eq!(report.facts.sending_ip, Some("58.218.199.40".parse().unwrap()));
    assert_eq!(report.facts.ptr, ["mail.good.report.test"]);
}

/// Signs `message` with a new Ed25519 key as `d=good.report.test s=s2026` and gives the signed
/// message and the key's TXT record.
fn sign(message: &str) -> (String, String) {
    use mail_auth::common::crypto::Ed25519Key;
    use mail_auth::common::headers::HeaderWriter as _;
    use mail_auth::dkim::DkimSigner;
    let pkcs8 = Ed25519Key::generate_pkcs8().unwrap();
    let key = Ed25519Key::from_pkcs8_der(&pkcs8).unwrap();
    let public = base64::engine::general_purpose::STANDARD.encode(key.public_key());
    let signature = DkimSigner::from_key(key)
        .domain("good.report.test")
        .selector("s2026")
        .headers(["From", "To", "Subject", "Date", "Message-ID"])
        .sign(message.as_bytes())
        .unwrap();
    let record = format!("s2026._domainkey.good.report.test. 300 IN TXT \"v=DKIM1; k=ed25519; p={public}\"");
    (format!("{}{message}", signature.to_header()), record)
}

fn good_message() -> String {
    let text = std::fs::read_to_string(fixtures().join("M09/pass.eml")).unwrap();
    assert!(!text.starts_with("X-Fixture"), "pass fixtures carry no note");
    text
}

#[test]
fn a_message_signed_here_verifies_against_the_key_published_in_the_zone() {
    let base = std::fs::read_to_string(fixtures().join("base.zone")).unwrap();
    let (signed, record) = sign(&good_message());
    let world = zone(&format!("{base}\n{record}"));
    let report = run(signed.as_bytes(), &world, &MessageOptions::default());
    let dkim = report.facts.dkim.as_ref().expect("built with dkim-verify");
    assert_eq!(dkim.len(), 1);
    assert_eq!(
        (dkim[0].domain.as_str(), dkim[0].selector.as_str(), dkim[0].verdict),
        ("good.report.test", "s2026", DkimVerdict::Pass)
    );
    assert!(!report.findings.iter().any(|f| f.code == "M04"), "{:#?}", report.findings);

    // A body changed after signing: the body hash no longer matches.
    let altered = signed.replace("Lily\r\n", "Lily\r\n-- \r\nSent from the trade show\r\n");
    let report = run(altered.as_bytes(), &world, &MessageOptions::default());
    let dkim = report.facts.dkim.as_ref().unwrap();
    assert_ne!(dkim[0].verdict, DkimVerdict::Pass);
    assert!(report.findings.iter().any(|f| f.code == "M04"));

    // The key is not published: no pass, and M04 says so.
    let report = run(signed.as_bytes(), &zone(&base), &MessageOptions::default());
    assert_eq!(report.facts.dkim.as_ref().unwrap()[0].verdict, DkimVerdict::PermError);
    assert!(report.findings.iter().any(|f| f.code == "M04"));

    // Another key at the same name: the signature fails.
    let (_, other) = sign(&good_message());
    let report = run(signed.as_bytes(), &zone(&format!("{base}\n{other}")), &MessageOptions::default());
    assert_eq!(report.facts.dkim.as_ref().unwrap()[0].verdict, DkimVerdict::Fail);
}

#[test]
fn an_rsa_signature_verifies_too() {
    use mail_auth::common::crypto::{RsaKey, Sha256};
    use mail_auth::common::headers::HeaderWriter as _;
    use mail_auth::dkim::DkimSigner;
    use rsa::pkcs1::EncodeRsaPrivateKey as _;
    use rsa::pkcs8::EncodePublicKey as _;
    use rustls_pki_types::{PrivateKeyDer, PrivatePkcs1KeyDer};

    let private = rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).unwrap();
    let der = private.to_pkcs1_der().unwrap().as_bytes().to_vec();
    let key = RsaKey::<Sha256>::from_key_der(PrivateKeyDer::Pkcs1(PrivatePkcs1KeyDer::from(der))).unwrap();
    let spki = private.to_public_key().to_public_key_der().unwrap();
    let public = base64::engine::general_purpose::STANDARD.encode(spki.as_bytes());
    let message = good_message();
    let signature = DkimSigner::from_key(key)
        .domain("good.report.test")
        .selector("rsa1")
        .headers(["From", "To", "Subject", "Date"])
        .sign(message.as_bytes())
        .unwrap();
    let signed = format!("{}{message}", signature.to_header());
    // A 2048-bit key is longer than one TXT string: published in 255-byte pieces, as DNS does.
    let record = format!("v=DKIM1; k=rsa; p={public}");
    let pieces: Vec<String> =
        record.as_bytes().chunks(255).map(|c| format!("\"{}\"", std::str::from_utf8(c).unwrap())).collect();
    let base = std::fs::read_to_string(fixtures().join("base.zone")).unwrap();
    let world = zone(&format!("{base}\nrsa1._domainkey.good.report.test. 300 IN TXT {}", pieces.join(" ")));
    let report = run(signed.as_bytes(), &world, &MessageOptions::default());
    assert_eq!(report.facts.dkim.as_ref().unwrap()[0].verdict, DkimVerdict::Pass, "{:#?}", report.facts.dkim);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

#[test]
fn the_key_is_asked_for_through_lookups_and_the_report_waits_for_it() {
    let (signed, _) = sign(&good_message());
    let lookups = Lookups::new();
    let report = report_message(signed.as_bytes(), &lookups, &MessageOptions::default()).unwrap();
    assert!(!report.complete);
    let missing = lookups.take_missing();
    assert!(
        missing.iter().any(|r| matches!(r, Request::Dns(q) if q.name == "s2026._domainkey.good.report.test")),
        "{missing:?}"
    );
}

/// Writes the M04 fixtures: a message signed with a new key (pass) and the same message changed
/// after signing (trigger), the key in both zones. `cargo test --test raw_report -- --ignored`.
#[test]
#[ignore]
fn write_m04_fixtures() {
    let dir = fixtures().join("M04");
    std::fs::create_dir_all(&dir).unwrap();
    let base = std::fs::read_to_string(fixtures().join("base.zone")).unwrap();
    let (signed, record) = sign(&good_message());
    let zone =
        format!("{base}; The key the messages were signed with (Ed25519, made by write_m04_fixtures).\n{record}\n");
    let altered = signed.replace("Lily\r\n", "Lily\r\n-- \r\nSent from the trade show\r\n");
    std::fs::write(dir.join("pass.eml"), &signed).unwrap();
    std::fs::write(dir.join("pass.zone"), &zone).unwrap();
    std::fs::write(dir.join("trigger.eml"), format!("X-Fixture: the body was changed after signing\r\n{altered}"))
        .unwrap();
    std::fs::write(dir.join("trigger.zone"), &zone).unwrap();
}

/// The probability that a random ham scores higher than a random spam (ties count half).
fn auc(ham: &[f64], spam: &[f64]) -> f64 {
    let mut wins = 0.0;
    for h in ham {
        for s in spam {
            wins += if h > s {
                1.0
            } else if h == s {
                0.5
            } else {
                0.0
            };
        }
    }
    wins / (ham.len() * spam.len()).max(1) as f64
}

#[test]
fn the_mail_corpus_is_read_without_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/mail");
    let root = if root.is_dir() { root } else { PathBuf::from("/work/shared/corpus/mail") };
    if !root.is_dir() {
        eprintln!("SKIPPED: no mail corpus at {}", root.display());
        return;
    }
    // No answers at all: every name is NXDOMAIN, so SPF is none, no PTR, no DKIM key. The
    // figures below are the offline ones (content, Message-ID, Date, HTML-only, alignment).
    let empty = zone("");
    // (score, content grade) per message, for ham, hard ham and spam.
    let mut scores: [Vec<(f64, f64)>; 3] = Default::default();
    for label in ["ham", "spam"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(label)).unwrap().flatten().map(|e| e.path()).collect();
        files.sort();
        // Every 10th message (MAILHINT_CORPUS_ALL=1: all of them).
        let step = if std::env::var_os("MAILHINT_CORPUS_ALL").is_some() { 1 } else { 10 };
        for path in files.iter().step_by(step) {
            let raw = std::fs::read(path).unwrap();
            let Ok(report) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run(&raw, &empty, &MessageOptions::default())
            })) else {
                panic!("panicked on {}", path.display());
            };
            assert!((0.0..=10.0).contains(&report.score));
            let name = path.file_name().unwrap().to_string_lossy();
            let i = match (label, name.starts_with("hard-ham")) {
                ("spam", _) => 2,
                (_, true) => 1,
                _ => 0,
            };
            // The checks that need no DNS (the receiver's results, unsubscribe, Message-ID,
            // Date, HTML-only): with every lookup NXDOMAIN, SPF, DKIM, alignment and PTR would
            // take the same points from every message of 2002.
            let offline: f64 = report
                .findings
                .iter()
                .filter(|f| ["M01", "M02", "M03", "M07", "M08", "M09", "M10", "M11"].contains(&f.code))
                .map(|f| f.points)
                .sum();
            let offline_score = (10.0 - report.content.points - offline).clamp(0.0, 10.0);
            scores[i].push((offline_score, report.content.grade));
        }
    }
    /// Which number of a (report score, content grade) pair.
    type Column = fn(&(f64, f64)) -> f64;
    let pick = |i: usize, f: Column| scores[i].iter().map(f).collect::<Vec<f64>>();
    let all_ham = |f: Column| [pick(0, f), pick(1, f)].concat();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let (score, grade): (Column, Column) = (|p| p.0, |p| p.1);
    eprintln!(
        "{} ham ({} hard), {} spam; mean score without DNS checks: ham {:.2}, hard ham {:.2}, spam {:.2}; ROC AUC ham/spam: report {:.3}, content only {:.3}; hard ham/spam: report {:.3}, content only {:.3}",
        scores[0].len() + scores[1].len(),
        scores[1].len(),
        scores[2].len(),
        mean(&all_ham(score)),
        mean(&pick(1, score)),
        mean(&pick(2, score)),
        auc(&all_ham(score), &pick(2, score)),
        auc(&all_ham(grade), &pick(2, grade)),
        auc(&pick(1, score), &pick(2, score)),
        auc(&pick(1, grade), &pick(2, grade)),
    );
}

#[test]
fn a_discussion_list_is_not_held_to_the_bulk_sender_rules() {
    let dir = fixtures().join("M08");
    let raw = std::fs::read_to_string(dir.join("trigger.eml")).unwrap();
    let posted =
        raw.replace("MIME-Version: 1.0\r\n", "MIME-Version: 1.0\r\nList-Post: <mailto:news@good.report.test>\r\n");
    let zone = zone(&std::fs::read_to_string(dir.join("trigger.zone")).unwrap());
    let options = MessageOptions { skip_content: true, ..MessageOptions::default() };
    assert!(run(raw.as_bytes(), &zone, &options).findings.iter().any(|f| f.code == "M08"));
    assert!(!run(posted.as_bytes(), &zone, &options).findings.iter().any(|f| ["M07", "M08"].contains(&f.code)));
}
