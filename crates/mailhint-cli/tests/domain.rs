//! `mailhint domain` and `mailhint lookup`: the DoH transport and the replay driver, end to end.
//!
//! With `MAILHINT_TEST_DOH` set to a real DoH server over the test zones (`tests/dns/start.sh`,
//! which `./build.sh test` runs), answers over DoH must equal the answers `--zone` reads from the
//! same files, name by name and report by report. Without it those tests say SKIPPED. The
//! failure modes of a resolver (a web page with status 200, HTTP errors, a body cut short, no
//! answer at all) are played by a tiny HTTP server in the test itself and always run.

mod common;
use common::{json, mailhint, stderr, stdout};

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

/// The DoH server's URL, or `None` after saying why the test is skipped.
fn doh(test: &str) -> Option<String> {
    match std::env::var("MAILHINT_TEST_DOH") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            eprintln!("SKIPPED {test}: MAILHINT_TEST_DOH is not set (start the server with tests/dns/start.sh and export the URL it prints)");
            None
        }
    }
}

fn repo() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    // Canonical, as tests/dns/start.sh lists the files it serves.
    root.canonicalize().unwrap_or(root)
}

fn zones_of(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            zones_of(&path, out);
        } else if path.extension().is_some_and(|e| e == "zone") {
            out.push(path);
        }
    }
}

/// The zone files the DoH server serves: the list `tests/dns/start.sh` writes to its state
/// directory (without the files BIND refused, such as a CNAME beside other data), else the
/// files it serves by default.
fn served_zone_files() -> Vec<PathBuf> {
    let state = std::env::var_os("MAILHINT_DNS_STATE").map_or_else(|| repo().join("target/dns"), PathBuf::from);
    if let Ok(list) = std::fs::read_to_string(state.join("zones.txt")) {
        return list.lines().filter(|l| !l.is_empty()).map(PathBuf::from).collect();
    }
    let mut files = Vec::new();
    zones_of(&repo().join("crates/mailhint-core/tests/domain-fixtures"), &mut files);
    zones_of(&repo().join("crates/mailhint-cli/tests/zones"), &mut files);
    files.sort();
    files
}

fn zone_args(files: &[PathBuf]) -> Vec<String> {
    files.iter().flat_map(|f| ["--zone".to_string(), f.display().to_string()]).collect()
}

fn run(args: &[String]) -> Output {
    mailhint(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// Our zone of hand-made names (`tests/zones/transport.zone`).
const NAMES: &[&str] = &[
    "multi.transport.test",
    "escaped.transport.test",
    "c1.transport.test",
    "dangling.transport.test",
    "s1._domainkey.transport.test",
    "ent.transport.test",
    "b.ent.transport.test",
    "nosuch.transport.test",
    "nosuch.b.ent.transport.test",
    "transport.test",
    "null-mx.transport.test",
    "big.transport.test",
    "MiXeD.Transport.Test.",
    "1.2.0.192.in-addr.arpa",
    "spf.qiye.aliyun.com",
];
const TYPES: &[&str] = &["A", "AAAA", "MX", "TXT", "CNAME", "PTR", "NS", "SOA"];

/// What a DoH answer and a zone answer may differ in, taken out: BIND's NODATA and NXDOMAIN
/// replies carry the zone's SOA (a negative TTL), zone files give none. (Record order is the
/// CLI's own canonical one on both sides.)
fn comparable(mut answers: Value) -> Value {
    for item in answers.as_array_mut().into_iter().flatten() {
        let answer = &mut item["answer"];
        if answer.get("negative_ttl").is_some() {
            answer["negative_ttl"] = Value::Null;
        }
    }
    answers
}

fn lookup(source: &[String], name: &str) -> Output {
    let mut args: Vec<String> = vec!["lookup".into(), "--format".into(), "json".into()];
    args.extend_from_slice(source);
    args.push(name.into());
    args.extend(TYPES.iter().map(|t| t.to_string()));
    run(&args)
}

#[test]
fn hand_made_names_get_the_same_answers_over_doh_as_from_the_zone_files() {
    let Some(url) = doh("hand_made_names_get_the_same_answers_over_doh_as_from_the_zone_files") else { return };
    let zones = zone_args(&served_zone_files());
    for name in NAMES {
        let over_doh = lookup(&["--resolver".into(), url.clone()], name);
        let from_zone = lookup(&zones, name);
        assert_eq!(over_doh.status.code(), Some(0), "{name}: {}", stderr(&over_doh));
        assert_eq!(from_zone.status.code(), Some(0), "{name}: {}", stderr(&from_zone));
        let (doh_answers, zone_answers) = (json(&over_doh), json(&from_zone));
        for answer in doh_answers.as_array().unwrap() {
            assert_ne!(answer["answer"]["rcode"], "failed", "{name}: {answer} (is the server serving tests/zones?)");
        }
        assert_eq!(comparable(doh_answers), comparable(zone_answers), "{name}: DoH and zone files disagree");
    }

    // The answers carry what the checks read, exactly (so that agreeing is not agreeing on nothing).
    let over_doh = |name: &str| comparable(json(&lookup(&["--resolver".into(), url.clone()], name)));
    let of_type = |answers: &Value, t: &str| {
        answers.as_array().unwrap().iter().find(|a| a["type"] == t).unwrap()["answer"].clone()
    };
    let multi = of_type(&over_doh("multi.transport.test"), "TXT");
    let strings: Vec<usize> =
        multi["records"].as_array().unwrap().iter().map(|r| r["strings"].as_array().unwrap().len()).collect();
    assert_eq!(strings, [3, 1], "two TXT records (in canonical order), one of three character-strings: {multi}");
    let big = of_type(&over_doh("big.transport.test"), "TXT");
    let sizes: Vec<usize> =
        big["records"][0]["strings"].as_array().unwrap().iter().map(|s| s.as_array().unwrap().len()).collect();
    assert_eq!(sizes, vec![255; 16], "a 4 KB TXT record arrives whole");
    let escaped = of_type(&over_doh("escaped.transport.test"), "TXT");
    assert_eq!(
        escaped["records"][0]["strings"][1],
        serde_json::json!([255, 0, 233]),
        "bytes that are not UTF-8 pass as they are"
    );
    let chain = of_type(&over_doh("c1.transport.test"), "TXT");
    let types: Vec<&str> = chain["records"].as_array().unwrap().iter().map(|r| r["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["CNAME", "CNAME", "TXT"], "the CNAME chain and its end: {chain}");
    let ent = of_type(&over_doh("b.ent.transport.test"), "TXT");
    assert_eq!(
        (ent["rcode"].as_str(), ent["records"].as_array().map(Vec::len)),
        (Some("noerror"), Some(0)),
        "NODATA at an empty non-terminal"
    );
    assert_eq!(of_type(&over_doh("nosuch.b.ent.transport.test"), "TXT")["rcode"], "nxdomain");
    let null_mx = of_type(&over_doh("null-mx.transport.test"), "MX");
    assert_eq!(
        (null_mx["records"][0]["preference"].as_u64(), null_mx["records"][0]["exchange"].as_str()),
        (Some(0), Some(""))
    );
    let ns = of_type(&over_doh("transport.test"), "NS");
    assert_eq!(ns["records"][0]["target"], "ns1.example.net", "NS records are answers, not a referral: {ns}");
}

/// The `;@` options of a fixture, as command-line arguments, and the domain it checks when it
/// names one (`;@ domain qq.com`) instead of `<kind>.<code>.test`.
fn fixture_options(text: &str) -> (Vec<String>, Option<String>) {
    let (mut args, mut domain) = (Vec::new(), None);
    for line in text.lines() {
        let Some(rest) = line.trim().strip_prefix(";@") else { continue };
        match rest.split_whitespace().collect::<Vec<_>>()[..] {
            ["ip", ip] => args.extend(["--ip".to_string(), ip.to_string()]),
            ["selector", s] => args.extend(["--selector".to_string(), s.to_string()]),
            ["domain", d] => domain = Some(d.to_string()),
            _ => {}
        }
    }
    (args, domain)
}

#[test]
fn every_fixture_domain_gets_the_same_report_over_doh_as_from_the_zone_files() {
    let Some(url) = doh("every_fixture_domain_gets_the_same_report_over_doh_as_from_the_zone_files") else { return };
    let files = served_zone_files();
    let zones = zone_args(&files);
    let fixtures = repo().join("crates/mailhint-core/tests/domain-fixtures");
    // Every fixture's domain, and our own hand-made one (so that the test never runs empty).
    let mut cases: Vec<(String, Vec<String>)> = vec![("transport.test".into(), vec![])];
    let mut skipped = Vec::new();
    for file in files.iter().filter(|f| f.starts_with(&fixtures)) {
        let (Some(kind), Some(code)) = (
            file.file_stem().and_then(|s| s.to_str()),
            file.parent().and_then(|p| p.file_name()).and_then(|s| s.to_str()),
        ) else {
            continue;
        };
        if !matches!(kind, "trigger" | "pass") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        let (mut options, named) = fixture_options(&text);
        // HTTPS answers from the fixture's files in both runs, as the fixture harness gives them.
        let https_dir = file.with_extension("https");
        if https_dir.is_dir() {
            options.extend(["--https-dir".to_string(), https_dir.display().to_string()]);
        }
        let domain = named.unwrap_or_else(|| format!("{kind}.{}.test", code.to_ascii_lowercase()));
        // `;!` pragmas make lookups fail in zone files only: BIND reads them as comments.
        if text.lines().any(|l| l.trim_start().starts_with(";!")) {
            skipped.push(domain);
            continue;
        }
        cases.push((domain, options));
    }
    let mut compared = 0;
    for (domain, options) in &cases {
        let common = |source: &[String]| {
            let mut args: Vec<String> =
                vec!["domain".into(), "--format".into(), "json".into(), "--validating-resolver".into(), "yes".into()];
            args.extend_from_slice(source);
            args.extend_from_slice(options);
            args.push(domain.clone());
            run(&args)
        };
        let over_doh = common(&["--resolver".into(), url.clone()]);
        let from_zone = common(&zones);
        assert_eq!(over_doh.status.code(), Some(0), "{domain}: {}", stderr(&over_doh));
        assert_eq!(from_zone.status.code(), Some(0), "{domain}: {}", stderr(&from_zone));
        assert_eq!(stdout(&over_doh), stdout(&from_zone), "{domain}: the report over DoH differs from the zone files'");
        compared += 1;
    }
    let mut all = Vec::new();
    zones_of(&fixtures, &mut all);
    let refused: Vec<_> =
        all.iter().filter(|f| !files.contains(f) && f.file_name().is_some_and(|n| n != "world.zone")).collect();
    eprintln!("compared {compared} domains over DoH and from zone files; skipped (failure pragmas): {skipped:?}; not served (BIND refuses them): {refused:?}");
}

#[test]
fn a_dead_first_resolver_falls_back_to_the_next_and_the_run_says_which_answered() {
    let Some(url) = doh("a_dead_first_resolver_falls_back_to_the_next_and_the_run_says_which_answered") else { return };
    let dead = "http://127.0.0.1:9/dns-query".to_string();
    let direct = lookup(&["--resolver".into(), url.clone()], "multi.transport.test");
    let fallback =
        lookup(&["--resolver".into(), dead.clone(), "--resolver".into(), url.clone()], "multi.transport.test");
    assert_eq!(fallback.status.code(), Some(0));
    assert_eq!(comparable(json(&fallback)), comparable(json(&direct)));
    let said = stderr(&fallback);
    assert!(said.contains(&format!("answered by {url} ({})", TYPES.len())), "{said}");
    assert!(!said.contains(&format!("{dead} (")), "the dead resolver answered nothing: {said}");

    // The text report ends with the same line, and exits 0.
    let text = mailhint(&["domain", "--resolver", &dead, "--resolver", &url, "transport.test"]);
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    assert!(stdout(&text).contains("transport.test: sender-domain check"), "{}", stdout(&text));

    // With the dead resolver alone, every answer is a failure that says why.
    let alone = json(&lookup(&["--resolver".into(), dead], "multi.transport.test"));
    for answer in alone.as_array().unwrap() {
        assert_eq!(answer["answer"]["rcode"], "failed");
        assert!(answer["answer"]["reason"].as_str().unwrap().contains("connection refused"), "{answer}");
    }
}

/// How the fake resolver misbehaves.
#[derive(Clone, Copy)]
enum Fake {
    /// A captive portal: an HTML page with status 200.
    Html,
    /// Status 200 with the JSON content type.
    Json,
    /// Status 503.
    Unavailable,
    /// `application/dns-message` whose body stops before its Content-Length.
    CutShort,
    /// `application/dns-message` that is no DNS message.
    Garbage,
    /// Accepts the connection and never answers.
    Silent,
    /// Answers every question correctly ("no such record"), 400 ms late.
    Slow,
}

/// How late `Fake::Slow` answers.
const SLOW_ANSWER: Duration = Duration::from_millis(400);

/// The reply "no records of that type" to the query in a DoH GET's request line.
fn nodata_reply(request: &[u8]) -> Vec<u8> {
    use base64::Engine;
    let line = String::from_utf8_lossy(request);
    let encoded = line.split("dns=").nth(1).and_then(|rest| rest.split([' ', '&']).next()).unwrap_or_default();
    let mut reply = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(encoded).unwrap_or_default();
    if reply.len() >= 4 {
        reply[2] = 0x81; // QR, RD
        reply[3] = 0x80; // RA, NOERROR
    }
    reply
}

/// A local HTTP server playing a broken resolver: its URL and how many requests it received.
fn fake_resolver(mode: Fake) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/dns-query", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let counter = counter.clone();
            std::thread::spawn(move || {
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                counter.fetch_add(1, Ordering::SeqCst);
                let response: Vec<u8> = match mode {
                    Fake::Html => {
                        let body = "<html><body>Please log in to use the Wi-Fi</body></html>";
                        format!("HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len()).into()
                    }
                    Fake::Json => {
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}".into()
                    }
                    Fake::Unavailable => {
                        "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".into()
                    }
                    Fake::CutShort => {
                        "HTTP/1.1 200 OK\r\ncontent-type: application/dns-message\r\ncontent-length: 100\r\nconnection: close\r\n\r\n\0\0\x01\x00".into()
                    }
                    Fake::Garbage => {
                        "HTTP/1.1 200 OK\r\ncontent-type: application/dns-message\r\ncontent-length: 5\r\nconnection: close\r\n\r\nhello".into()
                    }
                    Fake::Silent => {
                        std::thread::sleep(Duration::from_secs(5));
                        return;
                    }
                    Fake::Slow => {
                        std::thread::sleep(SLOW_ANSWER);
                        let body = nodata_reply(&request);
                        let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/dns-message\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len());
                        [head.into_bytes(), body].concat()
                    }
                };
                let _ = stream.write_all(&response);
            });
        }
    });
    (url, hits)
}

/// The catalog's checks that report failed lookups themselves (spec §11).
const FAILURE_CHECKS: &[&str] = &["DNS-QUERY-FAILED", "BL-UNAVAILABLE"];

#[test]
fn a_slow_resolver_ends_the_check_at_its_budget_with_the_rest_unknown() {
    let (url, hits) = fake_resolver(Fake::Slow);
    let run = |budget_ms: &str| {
        let start = std::time::Instant::now();
        let args = ["domain", "--format", "json", "--timeout-ms", "3000", "--budget-ms", budget_ms, "--resolver", &url];
        let out = mailhint(&[&args[..], &["example.test"]].concat());
        (out, start.elapsed())
    };
    // Round one alone is some 30 questions, eight at a time, each answered 0.4 s late: well over
    // the 0.6 s budget, and no request times out.
    let (out, elapsed) = run("600");
    println!(
        "mailhint domain, every answer {SLOW_ANSWER:?} late, budget 0.6 s: {elapsed:?}, {} requests",
        hits.load(Ordering::SeqCst)
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json(&out);
    let findings = report["findings"].as_array().unwrap();
    let text = report.to_string();
    assert!(text.contains("the check's 0.6 s were spent"), "the budget is named: {text}");
    assert!(!text.contains("timed out"), "no request timed out: {text}");
    assert!(
        findings
            .iter()
            .any(|f| f["status"] == "unknown" && !FAILURE_CHECKS.contains(&f["code"].as_str().unwrap_or(""))),
        "{text}"
    );
    assert!(findings.iter().any(|f| f["status"] != "unknown"), "the answers given in time are kept: {text}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");

    // With time enough, the same resolver answers everything.
    let (out, elapsed) = run("60000");
    println!("the same with a budget of 60 s: {elapsed:?}");
    assert!(!json(&out).to_string().contains("were spent"), "{}", stdout(&out));
}

#[test]
fn a_broken_resolver_gives_failed_lookups_with_a_reason_never_missing_records() {
    let cases = [
        (Fake::Html, "web page"),
        (Fake::Json, "application/json"),
        (Fake::Unavailable, "HTTP 503"),
        (Fake::CutShort, "cut short"),
        (Fake::Garbage, "not a DNS message"),
        (Fake::Silent, "timed out"),
    ];
    for (mode, words) in cases {
        let (url, hits) = fake_resolver(mode);
        let out =
            mailhint(&["lookup", "--format", "json", "--timeout-ms", "300", "--resolver", &url, "example.test", "TXT"]);
        assert_eq!(out.status.code(), Some(0), "{words}: {}", stderr(&out));
        let answers = json(&out);
        let answer = &answers[0]["answer"];
        assert_eq!(answer["rcode"], "failed", "{words}: {answer}");
        assert!(answer["reason"].as_str().unwrap().contains(words), "{words}: {answer}");
        // A transport failure is retried once; a reply that is no DNS message is not.
        let expected = if matches!(mode, Fake::Garbage | Fake::CutShort) { 1..=2 } else { 2..=2 };
        assert!(expected.contains(&hits.load(Ordering::SeqCst)), "{words}: {} requests", hits.load(Ordering::SeqCst));

        // The domain check over it: a report, exit 0, and nothing reported as missing.
        let out = mailhint(&["domain", "--format", "json", "--timeout-ms", "300", "--resolver", &url, "example.test"]);
        assert_eq!(out.status.code(), Some(0), "{words}: {}", stderr(&out));
        let report = json(&out);
        assert_eq!(report["domain"], "example.test");
        for finding in report["findings"].as_array().unwrap() {
            // Only the checks whose subject is failed lookups may call them a problem.
            if !FAILURE_CHECKS.contains(&finding["code"].as_str().unwrap_or("")) {
                assert_eq!(finding["status"], "unknown", "{words}: a failed lookup is no finding: {finding}");
            }
        }
    }
}

#[test]
fn a_resolver_sending_html_is_skipped_for_the_next_one() {
    let Some(url) = doh("a_resolver_sending_html_is_skipped_for_the_next_one") else { return };
    let (html, _) = fake_resolver(Fake::Html);
    let out = lookup(&["--resolver".into(), html, "--resolver".into(), url.clone()], "spf.qiye.aliyun.com");
    let answers = json(&out);
    let txt = answers.as_array().unwrap().iter().find(|a| a["type"] == "TXT").unwrap();
    assert_eq!(txt["answer"]["records"][0]["type"], "TXT", "{txt}");
    assert!(stderr(&out).contains(&format!("answered by {url}")), "{}", stderr(&out));
}

#[test]
fn zone_files_answer_offline_and_bad_arguments_exit_2() {
    let zone = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/zones/transport.zone");
    let zone = zone.to_str().unwrap();
    let out = mailhint(&["domain", "--zone", zone, "Sales@Transport.Test"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("transport.test: sender-domain check"), "{text}");
    let out = mailhint(&["domain", "--zone", zone, "--lang", "zh-CN", "transport.test"]);
    assert!(stdout(&out).contains("发信域名检查"), "{}", stdout(&out));

    let out = mailhint(&["lookup", "--zone", zone, "c1.transport.test", "A"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("c3.transport.test\t300\tA\t192.0.2.3"), "{}", stdout(&out));
    assert!(stdout(&out).contains("answers from zone files"), "{}", stdout(&out));

    for args in [
        &["domain", "--zone", zone, "--resolver", "google", "transport.test"][..],
        &["domain", "--resolver", "http://dns.example/dns-query", "transport.test"],
        &["domain", "--resolver", "quad10", "transport.test"],
        &["domain", "--zone", "/nonexistent.zone", "transport.test"],
        &["domain", "--zone", zone, "not a domain"],
        &["domain", "--zone", zone, "--ip", "300.1.1.1", "transport.test"],
        &["domain", "--zone", zone, &format!("{}.test", "a".repeat(64))],
        &["lookup", "--zone", zone, "transport.test", "SPF"],
    ] {
        let out = mailhint(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
        assert!(!stderr(&out).is_empty(), "{args:?} says why");
    }
}
