//! `mailhint list`: the command's contract (formats, `--clean`/`--removed`, `--bounces`, bad
//! input), and its verdicts over a real DNS-over-HTTPS server against a generated zone's ground
//! truth.
//!
//! The DoH test generates 2,000 domains of every kind (MX, null MX, no MX with an address, no MX
//! and no address, NXDOMAIN) and 6,000 addresses with `tests/list/generate.py`, serves the zone
//! with the real BIND behind dnsdist (`tests/dns/start.sh`, each answer held 20 ms as a distant
//! resolver's) on its own ports (`MAILHINT_LIST_DNS_PORT`, default 25353, and the next two, and
//! `MAILHINT_LIST_DOH_PORT`, default 28054: below the kernel's ephemeral range, 32768 and up, where
//! any client socket may hold a port), and stops them by PID when it ends. It says SKIPPED when
//! BIND, dnsdist or python3 is missing.

mod common;
use common::{json, mailhint_fed, stderr, stdout};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

const ZONE: &str = "\
$ORIGIN example.test.
good IN MX 10 mx.good
mx.good IN A 192.0.2.1
nullmx IN MX 0 .
";

/// Each row's reason names, by address.
fn reasons_by_address(report: &Value) -> HashMap<String, Vec<String>> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let reasons = r["findings"].as_array().unwrap().iter().map(|f| f["reason"].as_str().unwrap().to_string());
            (r["address"].as_str().unwrap().to_string(), reasons.collect())
        })
        .collect()
}

#[test]
fn json_csv_and_the_clean_and_removed_files() {
    let dir = tempfile::tempdir().unwrap();
    let zone = dir.path().join("z.zone");
    std::fs::write(&zone, ZONE).unwrap();
    let list = "姓名,邮箱,备注\nMaria,maria@good.example.test,a\nTom,tom@gmial.com,b\nGone,x@nosuch.example.test,c\nNull,y@nullmx.example.test,\"d, e\"\nSales,sales@good.example.test,f\n";
    let (clean, removed) = (dir.path().join("clean.csv"), dir.path().join("removed.csv"));
    let zone_arg = zone.to_str().unwrap();
    let out = mailhint_fed(
        &[
            "list",
            "--zone",
            zone_arg,
            "--format",
            "json",
            "--clean",
            clean.to_str().unwrap(),
            "--removed",
            removed.to_str().unwrap(),
            "-",
        ],
        Some(list.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["email_column"], 1);
    assert_eq!(report["columns"], serde_json::json!(["姓名", "邮箱", "备注"]));
    let by = reasons_by_address(&report);
    assert_eq!(by["maria@good.example.test"], Vec::<String>::new());
    assert_eq!(by["tom@gmial.com"], ["domain-typo"]);
    assert_eq!(by["x@nosuch.example.test"], ["no-such-domain"]);
    assert_eq!(by["y@nullmx.example.test"], ["null-mx"]);
    assert_eq!(by["sales@good.example.test"], ["role-account"]);
    assert_eq!(report["summary"]["removed"], 3);
    assert_eq!(report["summary"]["clean"], 2);
    // The clean list: the input's columns, the kept rows, quoting kept where needed.
    let clean = std::fs::read_to_string(&clean).unwrap();
    assert_eq!(clean, "姓名,邮箱,备注\nMaria,maria@good.example.test,a\nSales,sales@good.example.test,f\n");
    let removed = std::fs::read_to_string(&removed).unwrap();
    let mut lines = removed.lines();
    assert_eq!(lines.next(), Some("姓名,邮箱,备注,status,reason,detail"));
    assert!(removed.contains("Null,y@nullmx.example.test,\"d, e\",remove,null-mx,"), "{removed}");
    assert_eq!(removed.lines().count(), 4);

    // CSV on standard output in Chinese: every row, the summary on standard error.
    let out =
        mailhint_fed(&["list", "--zone", zone_arg, "--format", "csv", "--lang", "zh-CN", "-"], Some(list.as_bytes()));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out).lines().count(), 6);
    assert!(stdout(&out).contains("是不是 tom@gmail.com"), "{}", stdout(&out));
    assert!(stderr(&out).contains("检查后：干净名单 2 个"), "{}", stderr(&out));

    // Text: the summary before and after, and the removed rows with their reasons.
    let out = mailhint_fed(&["list", "--zone", zone_arg, "-"], Some(list.as_bytes()));
    let text = stdout(&out);
    assert!(text.contains("Before: 5 addresses") && text.contains("After: 2 in the clean list"), "{text}");
    assert!(text.contains("did you mean tom@gmail.com?"), "{text}");
}

#[test]
fn bounces_remove_hard_and_report_soft_from_json_and_from_messages() {
    let dir = tempfile::tempdir().unwrap();
    let json_file = dir.path().join("bounces.json");
    std::fs::write(
        &json_file,
        r#"{"file":"a.eml","bounces":[{"recipient":"gone@good.example.test","kind":"hard","reason":"userunknown"}]}
{"file":"b.eml","bounces":[{"recipient":"full@good.example.test","kind":"soft","reason":"mailboxfull"}]}
"#,
    )
    .unwrap();
    let list = b"gone@good.example.test\nfull@good.example.test\nok@good.example.test\n";
    let out = mailhint_fed(
        &["list", "--offline", "--format", "json", "--bounces", json_file.to_str().unwrap(), "-"],
        Some(list),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let by = reasons_by_address(&json(&out));
    assert_eq!(by["gone@good.example.test"], ["hard-bounced"]);
    assert_eq!(by["full@good.example.test"], ["soft-bounced"]);
    assert_eq!(by["ok@good.example.test"], Vec::<String>::new());

    // A real bounce message from the corpus, when there is one.
    let corpus = repo().join("../shared/corpus/bounces");
    let corpus = if corpus.is_dir() { corpus } else { PathBuf::from("/work/shared/corpus/bounces") };
    let Some(eml) = find_hard_bounce(&corpus) else {
        eprintln!("SKIPPED the .eml half: no hard bounce found under {}", corpus.display());
        return;
    };
    let read = mailhint_fed(&["bounce", "--format", "json", eml.to_str().unwrap()], None);
    let bounced = json(&read)["bounces"][0]["recipient"].as_str().unwrap().to_string();
    let list = format!("email\n{bounced}\nsomeone@good.example.test\n");
    let out = mailhint_fed(
        &["list", "--offline", "--format", "json", "--bounces", eml.to_str().unwrap(), "-"],
        Some(list.as_bytes()),
    );
    let by = reasons_by_address(&json(&out));
    assert_eq!(by[&bounced], ["hard-bounced"], "{bounced}");
}

/// A bounce message whose first recipient is a hard bounce, found with `mailhint bounce`.
fn find_hard_bounce(dir: &Path) -> Option<PathBuf> {
    let mut files: Vec<PathBuf> = walk(dir).into_iter().filter(|p| p.extension().is_some_and(|e| e == "eml")).collect();
    files.sort();
    files.into_iter().take(200).find(|f| {
        let out = mailhint_fed(&["bounce", "--format", "json", f.to_str().unwrap()], None);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        let b = &v["bounces"][0];
        b["kind"] == "hard" && b["recipient"].as_str().is_some_and(|r| r.contains('@') && r.is_ascii())
    })
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn bad_input_is_a_clear_error_or_a_partial_result_never_a_hang() {
    let out = mailhint_fed(&["list", "--offline", "-"], Some(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a text file"), "{}", stderr(&out));
    let out = mailhint_fed(&["list", "--offline", "-"], Some(b"PK\x03\x04\x14\0\x06\0\x08\0"));
    assert!(stderr(&out).contains("Excel"), "{}", stderr(&out));
    let out = mailhint_fed(&["list", "--offline", "--lang", "zh-CN", "-"], Some(b"name,phone\nMaria,123\n"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("没有找到邮箱地址列"), "{}", stderr(&out));
    // --concurrency at its limit and past it (limits::MAX_LIST_CONCURRENCY, 128).
    for (n, code) in [("0", 2), ("1", 0), ("128", 0), ("129", 2)] {
        let out = mailhint_fed(&["list", "--offline", "--concurrency", n, "-"], Some(b"a@b.test\n"));
        assert_eq!(out.status.code(), Some(code), "--concurrency {n}: {}", stderr(&out));
    }
    // A million rows: the first 200,000, and the reason.
    let big: String = (0..1_000_000).map(|i| format!("u{i}@d{}.example.test\n", i % 500)).collect();
    let start = std::time::Instant::now();
    let out = mailhint_fed(&["list", "--offline", "--format", "json", "-"], Some(big.as_bytes()));
    eprintln!("1,000,000 rows read in {:?}", start.elapsed());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["summary"]["rows"], 200_000);
    assert!(report["notes"][0].as_str().unwrap().contains("only the first 200000"), "{}", report["notes"]);
    // Control characters in an address: named, not printed raw.
    let out = mailhint_fed(&["list", "--offline", "-"], Some(b"ma\x01ria@acme.example\n"));
    assert!(stdout(&out).contains("U+0001") && !stdout(&out).contains('\u{1}'), "{}", stdout(&out));
}

/// Stops the test's DNS servers (by the PIDs `start.sh` wrote) however the test ends.
struct Servers {
    env: Vec<(String, String)>,
}

impl Drop for Servers {
    fn drop(&mut self) {
        let _ = Command::new(repo().join("tests/dns/stop.sh")).envs(self.env.iter().cloned()).status();
    }
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool} || test -x /usr/sbin/{tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn verdicts_over_real_doh_with_latency_match_the_zone_ground_truth() {
    for tool in ["named", "dnsdist", "python3"] {
        if !have(tool) {
            eprintln!("SKIPPED verdicts_over_real_doh: {tool} is missing (./build.sh setup installs it)");
            return;
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let gen = Command::new("python3")
        .arg(repo().join("tests/list/generate.py"))
        .args(["2000", "6000"])
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(gen.success());
    let port = |var: &str, default: u16| std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    let dns = port("MAILHINT_LIST_DNS_PORT", 25353);
    let doh = port("MAILHINT_LIST_DOH_PORT", 28054);
    let env: Vec<(String, String)> = [
        ("MAILHINT_DNS_STATE", dir.path().join("dns").to_str().unwrap().to_string()),
        ("MAILHINT_DNS_PORT", dns.to_string()),
        ("MAILHINT_DNSDIST_PORT", (dns + 1).to_string()),
        ("MAILHINT_DNS_DELAY_PORT", (dns + 2).to_string()),
        ("MAILHINT_DOH_PORT", doh.to_string()),
        ("MAILHINT_DNS_DELAY_MS", "20".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let servers = Servers { env };
    let started = Command::new(repo().join("tests/dns/start.sh"))
        .arg(dir.path().join("list.zone"))
        .envs(servers.env.iter().cloned())
        .stderr(Stdio::inherit())
        .output()
        .unwrap();
    assert!(started.status.success(), "tests/dns/start.sh failed");
    let url = String::from_utf8(started.stdout).unwrap().trim().to_string();

    let list = dir.path().join("list.csv");
    let start = std::time::Instant::now();
    let out = mailhint_fed(&["list", "--resolver", &url, "--format", "json", list.to_str().unwrap()], None);
    let elapsed = start.elapsed();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    eprintln!("6,000 addresses, 2,000 domains over DoH (+20 ms an answer): {elapsed:?}; {}", stderr(&out).trim());
    let report = json(&out);
    assert_eq!(report["summary"]["domains"], 2000);
    let truth: HashMap<String, String> = std::fs::read_to_string(dir.path().join("truth.tsv"))
        .unwrap()
        .lines()
        .map(|l| {
            let (d, r) = l.split_once('\t').unwrap();
            (d.to_string(), r.to_string())
        })
        .collect();
    let mut checked = 0;
    for row in report["rows"].as_array().unwrap() {
        let address = row["address"].as_str().unwrap();
        let domain = address.rsplit_once('@').unwrap().1;
        let expected = &truth[domain];
        let got: Vec<&str> =
            row["findings"].as_array().unwrap().iter().map(|f| f["reason"].as_str().unwrap()).collect();
        let want: Vec<&str> = if expected.is_empty() { vec![] } else { vec![expected.as_str()] };
        assert_eq!(got, want, "{address}");
        checked += 1;
    }
    assert_eq!(checked, 6000);
    // The same verdicts offline from the zone file: the DoH path adds nothing and loses nothing.
    let offline = mailhint_fed(
        &["list", "--zone", dir.path().join("list.zone").to_str().unwrap(), "--format", "json", list.to_str().unwrap()],
        None,
    );
    assert_eq!(json(&offline)["rows"], report["rows"]);
    drop(servers);
}
