//! Constructed bounces in Chinese providers' documented wording and in the wording of the
//! tables ported from Sisimai v5 (`tests/fixtures/bounces/`, see its README): each reads with
//! the expected reason and kind.

use std::path::Path;

use mailhint_core::bounce;

#[test]
fn chinese_provider_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/bounces");
    let expected = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    let mut failures = Vec::new();
    for line in expected.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, index, reason, kind) = (cols[0], cols[1].parse::<usize>().unwrap(), cols[2], cols[3]);
        let report = bounce::read(&std::fs::read(dir.join(file)).unwrap());
        let got = report.bounces.get(index - 1);
        let ok = got.is_some_and(|b| b.reason.name() == reason && b.kind.as_str() == kind);
        if !ok {
            failures.push(format!(
                "{file}: want {reason}/{kind}, got {:?}",
                got.map(|b| (b.reason.name(), b.kind.as_str(), &b.recipient, &b.diagnostic))
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// `explain` (what the extension shows) keeps every entry, with the reason's words in the asked
/// language, and tells a bounce from other mail.
#[test]
fn explained_in_both_languages() {
    use mailhint_core::report::Lang;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/bounces");
    let report = bounce::read(&std::fs::read(dir.join("netease-user-not-found.eml")).unwrap());
    let en = report.explain(Lang::En);
    let zh = report.explain(Lang::ZhCn);
    assert!(en.is_bounce && en.error.is_none());
    assert_eq!(en.bounces.len(), report.bounces.len());
    let (e, z) = (&en.bounces[0], &zh.bounces[0]);
    assert_eq!((e.kind, e.reason, e.recipient.as_str()), (bounce::Kind::Hard, "userunknown", "buyer.wang@163.com"));
    assert_eq!(e.advice, report.bounces[0].advice(Lang::En));
    assert_eq!(z.advice, report.bounces[0].advice(Lang::ZhCn));
    assert!(z.meaning.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
    let mail =
        bounce::read(b"From: a@b.example\r\nTo: c@d.example\r\nSubject: Hello\r\n\r\nHi there.\r\n").explain(Lang::En);
    assert!(!mail.is_bounce);
    let junk = bounce::read(b"no header block here").explain(Lang::En);
    assert!(!junk.is_bounce && junk.bounces.is_empty() && junk.error.is_some());
}
