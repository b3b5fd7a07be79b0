//! `mailhint dmarc-report`: files merged into one analysis, a clear error per bad file, and the
//! sources' reverse DNS from zone files or, with `MAILHINT_TEST_DOH` set (`tests/dns/start.sh`,
//! which `./build.sh test` runs), from the real BIND + dnsdist DoH server over the same zone.

mod common;
use common::{json, mailhint};

use std::path::PathBuf;

use serde_json::Value;

const ZONE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/zones/dmarc.zone");

/// A report with three sources: the zone gives the first an Amazon SES name, the second a plain
/// name, the third nothing.
fn report_file(dir: &tempfile::TempDir) -> PathBuf {
    let row = |ip: &str, count: u32, dkim: &str, auth: &str| {
        format!(
            "<record><row><source_ip>{ip}</source_ip><count>{count}</count><policy_evaluated><disposition>none</disposition>\
             <dkim>{dkim}</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from>\
             </identifiers><auth_results>{auth}</auth_results></record>"
        )
    };
    let xml = format!(
        "<feedback><report_metadata><org_name>google.com</org_name><email>noreply@google.com</email>\
         <report_id>r1</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range>\
         </report_metadata><policy_published><domain>example.com</domain><p>none</p></policy_published>{}{}{}</feedback>",
        row("72.150.241.94", 10, "fail", "<spf><domain>amazonses.com</domain><result>pass</result></spf>"),
        row("12.20.127.122", 500, "pass", "<dkim><domain>example.com</domain><result>pass</result></dkim>"),
        row("199.230.200.36", 3, "fail", "<spf><domain>example.com</domain><result>fail</result></spf>"),
    );
    let path = dir.path().join("google.com!example.com!1700000000!1700086399.xml");
    std::fs::write(&path, xml).unwrap();
    path
}

fn check_sources(out: &Value) {
    let sources = &out["analysis"]["domains"][0]["sources"];
    let by_ip = |ip: &str| sources.as_array().unwrap().iter().find(|s| s["ip"] == ip).cloned().unwrap();
    let ses = by_ip("72.150.241.94");
    assert_eq!(ses["ptr"]["names"][0], "a8-94.smtp-out.amazonses.com", "{ses}");
    assert_eq!(ses["provider"]["id"], "amazonses");
    assert_eq!(ses["class"], "yours-failing");
    assert_eq!(ses["advice"]["code"], "DMARC-SPF-UNALIGNED");
    assert_eq!(by_ip("12.20.127.122")["ptr"]["names"][0], "mail.ptr-test.example");
    let spoof = by_ip("199.230.200.36");
    assert_eq!((spoof["ptr"]["state"].as_str(), spoof["class"].as_str()), (Some("none"), Some("spoofing")));
    assert_eq!(out["analysis"]["complete"], true);
    // 500 of 510 legitimate messages (98.0 %): ready for quarantine.
    assert_eq!(out["analysis"]["domains"][0]["advice"][0]["code"], "DMARC-POLICY-READY");
}

#[test]
fn reverse_dns_from_zone_files() {
    let dir = tempfile::tempdir().unwrap();
    let file = report_file(&dir);
    let out = mailhint(&["dmarc-report", "--format", "json", "--zone", ZONE, file.to_str().unwrap()]);
    assert!(out.status.success());
    check_sources(&json(&out));
}

#[test]
fn reverse_dns_over_doh_from_the_local_server() {
    let Some(url) = std::env::var("MAILHINT_TEST_DOH").ok().filter(|u| !u.is_empty()) else {
        eprintln!(
            "SKIPPED reverse_dns_over_doh_from_the_local_server: MAILHINT_TEST_DOH is not set (tests/dns/start.sh)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = report_file(&dir);
    let out = mailhint(&["dmarc-report", "--format", "json", "--resolver", &url, file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    check_sources(&json(&out));
}

#[test]
fn bad_files_are_listed_with_their_error_and_the_rest_is_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let good = report_file(&dir);
    let bomb = dir.path().join("bomb.xml");
    std::fs::write(&bomb, "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><feedback>&a;</feedback>").unwrap();
    let missing = dir.path().join("missing.xml.gz");
    let args = [
        "dmarc-report",
        "--offline",
        "--format",
        "json",
        good.to_str().unwrap(),
        bomb.to_str().unwrap(),
        missing.to_str().unwrap(),
    ];
    let out = mailhint(&args);
    assert!(out.status.success(), "unreadable files are reported, not fatal (as mailhint bounce does)");
    let v = json(&out);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    assert!(files[0]["error"].is_null() && files[0]["reports"][0]["records"].as_array().unwrap().len() == 3);
    assert_eq!(files[1]["code"], "DMARC-DTD");
    assert!(files[1]["error"].as_str().unwrap().contains("DTD"));
    assert_eq!(files[2]["code"], "DMARC-UNREADABLE");
    assert_eq!(v["analysis"]["messages"], 513);
    // Offline: no reverse DNS at all.
    assert_eq!(v["analysis"]["domains"][0]["sources"][0]["ptr"]["state"], "skipped");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bomb.xml") && stderr.contains("missing.xml.gz"), "{stderr}");

    // Text, in Chinese: the table, the classes and the error.
    let out =
        mailhint(&["dmarc-report", "--offline", "--lang", "zh-CN", good.to_str().unwrap(), bomb.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("冒用") && text.contains("错误") && text.contains("72.150.241.94"), "{text}");
}

#[test]
fn the_real_samples_read_or_refused_clearly() {
    // `../shared` beside the project root, or beside any folder above it (a worktree).
    let found = match std::env::var_os("MAILHINT_SHARED") {
        Some(s) => Some(PathBuf::from(s).join("corpus/dmarc-reports")),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .map(|a| a.join("../shared/corpus/dmarc-reports"))
            .find(|p| p.is_dir()),
    };
    let Some(dir) = found.filter(|d| d.is_dir()) else {
        eprintln!("SKIPPED the_real_samples_read_or_refused_clearly: ../shared/corpus/dmarc-reports is absent");
        return;
    };
    let mut files: Vec<String> = Vec::new();
    for sub in ["aggregate", "aggregate_invalid"] {
        for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
            files.push(entry.unwrap().path().to_string_lossy().into_owned());
        }
    }
    files.sort();
    let mut args = vec!["dmarc-report", "--offline", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let v = json(&mailhint(&args));
    for f in v["files"].as_array().unwrap() {
        let name = f["file"].as_str().unwrap();
        let broken = name.ends_with("invalid_xml.xml") || name.ends_with("invalid_utf_8.xml");
        assert_eq!(f["error"].is_string(), broken, "{name}: {f}");
        if !broken {
            assert!(!f["reports"][0]["records"].as_array().unwrap().is_empty(), "{name}");
        }
    }
    // The figures parsedmarc gives on the same files (tests/dmarc/compare_parsedmarc.py checks
    // them file by file): 2434 messages in 18 readable files; two reports appear twice.
    let total: u64 = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["reports"].as_array().cloned().unwrap_or_default())
        .flat_map(|r| r["records"].as_array().cloned().unwrap())
        .map(|r| r["count"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 2434);
}
