//! `mailhint report`: the raw-message report from the command line, offline over the report
//! fixtures' zone files (`tests/fixtures/report`).

mod common;
use common::mailhint;

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(path: &str) -> String {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/report").join(path);
    path.to_str().unwrap().to_string()
}

#[test]
fn a_signed_aligned_message_scores_ten_and_says_why_in_json() {
    let out = mailhint(&["report", "--format", "json", "--zone", &fixture("M04/pass.zone"), &fixture("M04/pass.eml")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["complete"], true);
    assert_eq!(report["facts"]["dkim"][0]["verdict"], "pass");
    assert_eq!(report["facts"]["spf"]["verdict"], "pass");
    assert_eq!(report["facts"]["aligned"], true);
    assert_eq!(report["findings"].as_array().unwrap().len(), 0, "{report:#}");
    // What is left is the content linter's, on the same scale.
    let content: f64 = report["content"]["points"].as_f64().unwrap();
    assert_eq!(report["points"].as_f64().unwrap(), content);
}

#[test]
fn each_deduction_is_explained_in_text_in_either_language() {
    let args = ["report", "--zone", &fixture("M13/trigger.zone"), &fixture("M13/trigger.eml")];
    let out = mailhint(&args);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("/10"), "{text}");
    assert!(text.contains("M13") && text.contains("Spamhaus"), "{text}");
    assert!(text.contains("58.218.199.41"), "{text}");
    let out = mailhint(&[&args[..], &["--lang", "zh-CN"]].concat());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("发信 IP"), "{text}");
}

#[test]
fn standard_input_and_unreadable_input() {
    let out = mailhint(&["report", "--zone", &fixture("base.zone"), "/nonexistent.eml"]);
    assert_eq!(out.status.code(), Some(2));
    let mut child = Command::new(env!("CARGO_BIN_EXE_mailhint"))
        .args(["report", "--format", "json", "--zone", &fixture("M09/trigger.zone"), "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&std::fs::read(fixture("M09/trigger.eml")).unwrap()).unwrap();
    let out = child.wait_with_output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["findings"].as_array().unwrap().iter().any(|f| f["code"] == "M09"), "{report:#}");
}
