//! The `mailhint` command's contract: formats, JSON shape, JSON Lines for several files, and
//! exit codes (0, 1 under `--fail-under`, 2 for usage errors and unreadable input).

mod common;
use common::{json, mailhint_fed};

use std::process::Output;

const SHOUTING: &[u8] =
    br#"{"subject":"HOT SALE LED LIGHTS BEST PRICE","to":["m@acme.example"],"text":"Hi Maria, here is our offer."}"#;
const CLEAN: &[u8] = br#"{"subject":"Spec sheet for the IP65 high-bays","from":"Lily Chen <lily@x-lighting.com>","to":["Maria Rossi <maria@acme.example>"],"text":"Hi Maria,\n\nthanks for your call today. As promised, the spec sheet of the IP65 high-bays is on our site; the lead time is 25 days and the MOQ 200 pieces. Would a sample help your tests?\n\nBest regards,\nLily Chen\nSales Manager, X Lighting Co., Ltd.\nNo. 8 Keji Road, Ningbo 315000, China\n+86 574 8888 0000, x-lighting.com"}"#;

#[test]
fn json_report_has_the_documented_shape() {
    let out = mailhint_fed(&["check", "--format", "json", "-"], Some(SHOUTING));
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert!(v["grade"].is_f64() && v["points"].is_f64());
    assert_eq!(v["mode"], "one-to-one");
    let f = v["findings"].as_array().unwrap().iter().find(|f| f["code"] == "S01").expect("S01");
    for key in ["severity", "points", "message", "fix", "part"] {
        assert!(!f[key].is_null(), "{key}");
    }
    assert_eq!(f["part"], "subject");
    assert_eq!(f["span"]["start"], 0);
    assert_eq!(f["span"]["end_utf16"], 30);
}

#[test]
fn a_clean_business_email_grades_nine_or_better() {
    let out = mailhint_fed(&["check", "--format", "json", "-"], Some(CLEAN));
    let v = json(&out);
    assert!(v["grade"].as_f64().unwrap() >= 9.0, "{v}");
}

#[test]
fn several_files_give_json_lines_in_order_and_go_on_after_an_unreadable_one() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    std::fs::write(&a, SHOUTING).unwrap();
    std::fs::write(&b, CLEAN).unwrap();
    let missing = dir.path().join("missing.eml");
    let args = ["check", "--format", "json", a.to_str().unwrap(), missing.to_str().unwrap(), b.to_str().unwrap()];
    let out = mailhint_fed(&args, None);
    assert_eq!(out.status.code(), Some(2), "unreadable input exits 2");
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["file"], a.to_str().unwrap());
    assert!(lines[0]["grade"].is_f64());
    assert!(lines[1]["error"].as_str().unwrap().contains("missing.eml"));
    assert!(lines[1].get("grade").is_none());
    assert!(lines[2]["grade"].as_f64().unwrap() >= 9.0);
    assert_eq!(String::from_utf8(out.stderr).unwrap().lines().count(), 1, "one-line reason");
}

#[test]
fn fail_under_exits_one_only_when_a_grade_is_lower() {
    assert_eq!(mailhint_fed(&["check", "--fail-under", "9.5", "-"], Some(SHOUTING)).status.code(), Some(1));
    assert_eq!(mailhint_fed(&["check", "--fail-under", "1", "-"], Some(SHOUTING)).status.code(), Some(0));
}

#[test]
fn usage_errors_and_bad_input_exit_two_with_a_one_line_reason() {
    for (args, input) in [
        (vec!["check", "--mode", "bulk", "-"], &b"x"[..]),
        (vec!["frobnicate"], &b""[..]),
        (vec!["check", "-"], &b""[..]),
        (vec!["check", "-"], &br#"{"subjet":"typo"}"#[..]),
        (vec!["explain", "Z99"], &b""[..]),
    ] {
        let out = mailhint_fed(&args, Some(input));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn text_report_quotes_the_words_and_the_fix() {
    let out = mailhint_fed(&["check", "-"], Some(SHOUTING));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("grade"), "{text}");
    assert!(text.contains("HOT SALE LED LIGHTS BEST PRICE"), "{text}");
    assert!(text.contains("sentence case"), "{text}");
}

#[test]
fn chinese_output_is_chinese() {
    let out = mailhint_fed(&["check", "--lang", "zh-CN", "--format", "json", "-"], Some(SHOUTING));
    let v = json(&out);
    let f = v["findings"].as_array().unwrap().iter().find(|f| f["code"] == "S01").unwrap();
    assert!(f["message"].as_str().unwrap().contains("大写"));
}

#[test]
fn rules_and_explain_print_the_catalog() {
    let rules = String::from_utf8(mailhint_fed(&["rules"], None).stdout).unwrap();
    assert!(rules.contains("S01") && rules.contains("C05") && rules.contains("R09"));
    let explain = mailhint_fed(&["explain", "s01"], None);
    assert_eq!(explain.status.code(), Some(0));
    let text = String::from_utf8(explain.stdout).unwrap();
    assert!(text.contains("## What it does") && text.contains("subject-all-caps"));
    let zh = String::from_utf8(mailhint_fed(&["explain", "S01", "--lang", "zh-CN"], None).stdout).unwrap();
    assert!(zh.contains("## 检查什么"));
}

#[test]
fn rules_as_json_give_every_rule_doc_in_both_languages() {
    for (lang, heading) in [("en", "## What it does"), ("zh-CN", "## 检查什么")] {
        let out = mailhint_fed(&["rules", "--format", "json", "--lang", lang], None);
        assert_eq!(out.status.code(), Some(0));
        let v = json(&out);
        let rules = v.as_array().unwrap();
        assert!(rules.len() >= 91, "{} rules", rules.len());
        for r in rules {
            for field in ["code", "name", "category", "severity", "summary", "fix", "doc"] {
                assert!(r[field].as_str().is_some_and(|s| !s.is_empty()), "{lang} {}: {field}", r["code"]);
            }
            assert!(r["doc"].as_str().unwrap().contains(heading), "{lang} {}: doc", r["code"]);
        }
    }
}

#[test]
fn the_bundled_sample_grades_badly() {
    let out = mailhint_fed(&["check", "--sample", "--format", "json"], None);
    let v = json(&out);
    assert!(v["grade"].as_f64().unwrap() < 5.0, "{v}");
}

#[test]
fn domain_tries_the_selectors_a_sent_message_was_signed_with() {
    let dir = tempfile::tempdir().unwrap();
    let zone = dir.path().join("x-lighting.test.zone");
    std::fs::write(
        &zone,
        "x-lighting.test. 300 IN MX 10 mx1.qiye.aliyun.com.\n\
         x-lighting.test. 300 IN TXT \"v=spf1 include:spf.qiye.aliyun.com -all\"\n\
         ; A selector no list guesses; its key is revoked, which the check names.\n\
         aliyun-cn-hangzhou._domainkey.x-lighting.test. 300 IN TXT \"v=DKIM1; k=rsa; p=\"\n",
    )
    .unwrap();
    let message = dir.path().join("sent.eml");
    std::fs::write(
        &message,
        "DKIM-Signature: v=1; a=rsa-sha256; d=x-lighting.test;\r\n\ts=aliyun-cn-hangzhou; h=from:to; b=abc\r\n\
         DKIM-Signature: v=1; d=esp.example; s=other; b=def\r\n\
         From: Lily <lily@x-lighting.test>\r\nTo: m@acme.example\r\nSubject: Spec sheet\r\n\r\nHi.\r\n",
    )
    .unwrap();
    let zone = zone.to_str().unwrap();
    let codes = |out: &Output| -> Vec<String> {
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        json(out)["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_string()).collect()
    };
    let guessed = codes(&mailhint_fed(&["domain", "--zone", zone, "--format", "json", "x-lighting.test"], None));
    assert!(guessed.contains(&"DKIM-NOT-FOUND".to_string()), "{guessed:?}");
    // No DOMAIN: the message's From domain is checked, with the selector it was signed with
    // (and not the ESP's, which lives under another domain).
    let out =
        mailhint_fed(&["domain", "--zone", zone, "--format", "json", "--message", message.to_str().unwrap()], None);
    let signed = codes(&out);
    assert!(
        signed.contains(&"DKIM-KEY-REVOKED".to_string()) && !signed.contains(&"DKIM-NOT-FOUND".to_string()),
        "{signed:?}"
    );
    assert_eq!(json(&out)["domain"], "x-lighting.test");
    let out = mailhint_fed(&["domain", "--zone", zone], None);
    assert_eq!(out.status.code(), Some(2), "neither a domain nor a message");
}

const BOUNCE: &[u8] = b"From: MAILER-DAEMON@mx.example.org\nTo: s@example.com\nSubject: Undelivered Mail Returned to Sender\n\
MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\n\
Content-Type: text/plain\n\nSorry.\n\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n\
Final-Recipient: rfc822; gone@example.net\nAction: failed\nStatus: 5.1.1\n\
Diagnostic-Code: smtp; 550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown\n\n--b--\n";

#[test]
fn bounce_json_has_the_documented_shape() {
    let out = mailhint_fed(&["bounce", "--format", "json", "-"], Some(BOUNCE));
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    let b = &v["bounces"][0];
    assert_eq!(b["recipient"], "gone@example.net");
    assert_eq!(b["kind"], "hard");
    assert_eq!(b["reason"], "userunknown");
    assert_eq!(b["status"], "5.1.1");
    assert_eq!(b["reply_code"], "550");
    assert!(b["diagnostic"].as_str().unwrap().contains("User unknown"));
    assert!(!b["advice"].as_str().unwrap().is_empty());
    assert!(v.get("file").is_none());
}

#[test]
fn bounce_several_files_give_json_lines_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let bounce = dir.path().join("b.eml");
    let ordinary = dir.path().join("o.eml");
    std::fs::write(&bounce, BOUNCE).unwrap();
    std::fs::write(&ordinary, b"From: a@example.com\nTo: b@example.org\nSubject: lunch\n\nNoon?\n").unwrap();
    let missing = dir.path().join("missing.eml");
    let (b, o, m) = (bounce.to_str().unwrap(), ordinary.to_str().unwrap(), missing.to_str().unwrap());
    let out = mailhint_fed(&["bounce", "--format", "json", b, o, m], None);
    assert_eq!(out.status.code(), Some(0), "an unreadable file is reported, not fatal");
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["file"], b);
    assert_eq!(lines[1]["bounces"][0]["kind"], "not-a-bounce");
    assert!(lines[2]["error"].as_str().unwrap().contains("missing.eml"));
    let text = mailhint_fed(&["bounce", b, o], None);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("1 hard"), "{text}");
    assert!(text.contains("Addresses to remove (1):\n  gone@example.net"), "{text}");
    assert_eq!(mailhint_fed(&["bounce"], None).status.code(), Some(2), "no file is a usage error");
    assert_eq!(mailhint_fed(&["bounce", "--format", "xml", b], None).status.code(), Some(2));
}

/// A folder of bounces read on several threads comes out as on one: every file, in the order
/// given, across the batches the threads share (`--jobs 2` reads 128 files a batch).
#[test]
fn bounce_on_several_threads_keeps_the_files_order() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..300)
        .map(|i| {
            let path = dir.path().join(format!("{i:03}.eml"));
            match i % 3 {
                0 => std::fs::write(&path, String::from_utf8_lossy(BOUNCE).replace("gone@", &format!("gone{i}@")))
                    .unwrap(),
                1 => std::fs::write(
                    &path,
                    format!("From: a@example.com\nTo: b{i}@example.org\nSubject: lunch\n\nNoon?\n"),
                )
                .unwrap(),
                _ => {} // missing: an error line in its place
            }
            path.to_str().unwrap().to_string()
        })
        .collect();
    let run = |jobs: &str| {
        let mut args = vec!["bounce", "--format", "json", "--jobs", jobs];
        args.extend(names.iter().map(String::as_str));
        let out = mailhint_fed(&args, None);
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("7"));
    let lines: Vec<serde_json::Value> = one.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 300);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["file"], names[i].as_str());
        match i % 3 {
            0 => assert_eq!(line["bounces"][0]["recipient"], format!("gone{i}@example.net")),
            1 => assert_eq!(line["bounces"][0]["kind"], "not-a-bounce"),
            _ => assert!(line["error"].is_string()),
        }
    }
    assert_eq!(mailhint_fed(&["bounce", "--jobs", "0", &names[0]], None).status.code(), Some(2));
}
