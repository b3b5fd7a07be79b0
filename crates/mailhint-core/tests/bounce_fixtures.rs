//! Constructed bounces in Chinese providers' documented wording (`tests/fixtures/bounces/`,
//! see its README): each reads with the expected reason and kind.

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
            failures.push(format!("{file}: want {reason}/{kind}, got {:?}", got.map(|b| (b.reason.name(), b.kind.as_str(), &b.recipient, &b.diagnostic))));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
