//! `mailhint warmup`'s contract: the text view in both languages and the CSV against golden
//! files (the format, not the derivation of the numbers, which the core's tests check), JSON's
//! shape, the provider mix from a list file, and clear errors with exit 2 for bad input.
//! `MAILHINT_BLESS=1 cargo test -p mailhint-cli --test warmup` rewrites the golden files.

mod common;
use common::mailhint;

use std::path::PathBuf;
use std::process::Output;

fn stdout(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/warmup").join(name);
    if std::env::var_os("MAILHINT_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if expected != actual {
        let failed = path.with_extension("failed");
        std::fs::write(&failed, actual).unwrap();
        panic!(
            "{} differs from the golden file; see {} (MAILHINT_BLESS=1 to accept)",
            path.display(),
            failed.display()
        );
    }
}

const MIX: &str = "gmail=40,outlook=20,yahoo=5,qq=15,netease=10,other=10";

/// The plan of the golden files (20,000 a day from 2026-12-01 on a new IP, with `MIX`), with
/// `extra` arguments.
fn golden_plan(extra: &[&str]) -> std::process::Output {
    let args = ["warmup", "--volume", "20000", "--start", "2026-12-01", "--new-ip", "--mix", MIX];
    mailhint(&[&args[..], extra].concat())
}

#[test]
fn text_plan_in_english_and_chinese() {
    for (lang, file) in [("en", "plan.en.txt"), ("zh-CN", "plan.zh-CN.txt")] {
        let out = golden_plan(&["--lang", lang]);
        golden(file, &stdout(&out));
    }
}

#[test]
fn csv_export() {
    let out = golden_plan(&["--format", "csv"]);
    let csv = stdout(&out);
    assert!(csv.split_terminator('\n').all(|l| l.ends_with('\r')));
    golden("plan.csv", &csv);
}

#[test]
fn json_has_the_plan_and_every_source() {
    let out =
        mailhint(&["warmup", "--volume", "8000", "--start", "2026-12-01", "--existing-domain", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["volume"], 8000);
    assert_eq!(v["new_domain"], false);
    assert_eq!(v["days"][0]["date"], "2026-12-01");
    assert_eq!(v["days"].as_array().unwrap().last().unwrap()["total"], 8000);
    let sources = v["sources"].as_array().unwrap();
    assert!(sources.iter().any(|s| s["url"] == "https://support.google.com/a/answer/81126"));
    assert!(v["figures"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["provenance"] == "published" || f["provenance"] == "convention"));
}

#[test]
fn list_file_gives_the_mix() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.csv");
    std::fs::write(&list, "email,name\na@gmail.com,A\nb@gmail.com,B\nc@qq.com,C\nd@acme.example,D\n").unwrap();
    let out = mailhint(&[
        "warmup",
        "--volume",
        "1000",
        "--start",
        "2026-12-01",
        "--list",
        list.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let providers: Vec<(&str, u64)> = v["providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["target"].as_u64().unwrap()))
        .collect();
    assert_eq!(providers, [("gmail", 500), ("qq", 250), ("other", 250)]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("4 addresses counted"));
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "no addresses\n").unwrap();
    let out = mailhint(&["warmup", "--volume", "1000", "--list", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no email addresses found"));
}

#[test]
fn bad_input_exits_2_with_a_reason() {
    for (args, says) in [
        (&["warmup", "--volume", "0"][..], "at least 1 message"),
        (&["warmup", "--volume", "1000000000000"], "more than the 10000000"),
        (&["warmup", "--volume", "10", "--start", "2026-02-30"], "does not exist"),
        (&["warmup", "--volume", "10", "--start", "tomorrow"], "YYYY-MM-DD"),
        (&["warmup", "--volume", "10", "--start", "1999-12-31"], "outside 2000"),
        (&["warmup", "--volume", "-5"], "--volume"),
        (&["warmup", "--volume", "ten"], "--volume"),
        (&["warmup", "--volume", "10", "--mix", "aol=3"], "unknown provider"),
        (&["warmup", "--volume", "10", "--new-domain", "--existing-domain"], "cannot be used with"),
        (&["warmup", "--volume", "0", "--lang", "zh-CN"], "至少为 1 封"),
    ] {
        let out = mailhint(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn without_start_the_plan_begins_today() {
    let out = mailhint(&["warmup", "--volume", "100", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let today = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() / 86_400;
    let start = v["start"].as_str().unwrap();
    let expected = mailhint_core::warmup::Date::from_unix_days(today as i64).unwrap().to_string();
    // The test may straddle midnight UTC.
    let next = mailhint_core::warmup::Date::from_unix_days(today as i64 + 1).unwrap().to_string();
    assert!(start == expected || start == next, "{start} vs {expected}");
}
