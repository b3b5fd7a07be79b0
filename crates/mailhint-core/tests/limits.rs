//! Every limit of `limits.rs` at the limit and one past it, through the public entry points:
//! at the limit everything is read and nothing is said; one past, the input is clipped and the
//! result says so (or it is refused with a clear error). The last test keeps ARCHITECTURE.md's
//! "Limits" table and `limits.rs` in step.

use std::collections::BTreeSet;

use mailhint_core::dns::zone::Zone;
use mailhint_core::dns::{self, Answer, Lookups, Query, RecordData, RecordType};
use mailhint_core::domain::{bimi, check_domain, DomainOptions};
use mailhint_core::limits::*;
use mailhint_core::{check, check_bytes, Cut, Draft, ErrorKind, Mailbox, Options};

/// Options that run one cheap rule: the limits are the analysis's, whatever rules run.
fn one_rule() -> Options {
    Options { only: Some("S01"), ..Options::default() }
}

/// The limits a content check said it cut at.
fn cuts(draft: &Draft, options: &Options) -> Vec<Cut> {
    check(draft, options).clipped.iter().map(|c| c.what).collect()
}

/// Asserts that `make(limit)` is read whole and `make(limit + 1)` is clipped with `cut`.
fn at_and_past(limit: usize, cut: Cut, make: impl Fn(usize) -> Draft) {
    assert_eq!(cuts(&make(limit), &one_rule()), [], "{cut:?} at its limit");
    let report = check(&make(limit + 1), &one_rule());
    assert_eq!(report.clipped.iter().map(|c| c.what).collect::<Vec<_>>(), [cut], "{cut:?} past its limit");
    assert_eq!(report.clipped[0].limit, limit);
    assert!(!report.clipped[0].message.is_empty());
}

#[test]
fn input_bytes_at_the_limit_are_read_and_past_it_refused() {
    let mut raw = vec![b'a'; MAX_INPUT_BYTES];
    let report = check_bytes(&raw, &one_rule()).expect("a draft at the limit is read");
    // Its body is then past the body limit, and the report says so.
    assert_eq!(report.clipped.iter().map(|c| c.what).collect::<Vec<_>>(), [Cut::Body]);
    raw.push(b'a');
    let err = check_bytes(&raw, &one_rule()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::TooLarge { .. }));
    assert!(err.to_string().contains("bytes"), "{err}");
}

#[test]
fn subject_bytes() {
    at_and_past(MAX_SUBJECT_BYTES, Cut::Subject, |n| Draft { subject: Some("a".repeat(n)), ..Draft::default() });
}

#[test]
fn body_bytes_plain_and_html() {
    at_and_past(MAX_BODY_BYTES, Cut::Body, |n| Draft { text: Some("a".repeat(n)), ..Draft::default() });
    at_and_past(MAX_BODY_BYTES, Cut::Body, |n| Draft {
        html: Some(format!("<p>{}", "a".repeat(n - 3))),
        ..Draft::default()
    });
}

#[test]
fn links_in_plain_text_and_html() {
    at_and_past(MAX_LINKS, Cut::Links, |n| Draft {
        text: Some((0..n).map(|i| format!("https://x.example/{i} ")).collect()),
        ..Draft::default()
    });
    at_and_past(MAX_LINKS, Cut::Links, |n| {
        let html = (0..n).map(|i| format!("<a href='https://x.example/{i}'>{i}</a> ")).collect();
        Draft { html: Some(html), ..Draft::default() }
    });
}

#[test]
fn images() {
    at_and_past(MAX_IMAGES, Cut::Images, |n| Draft { html: Some("<img src=a.png>".repeat(n)), ..Draft::default() });
}

#[test]
fn image_sizes_a_json_draft_gives() {
    for n in [MAX_IMAGES, MAX_IMAGES + 1] {
        let images: Vec<_> = (0..n).map(|i| serde_json::json!({ "src": format!("i{i}.png"), "bytes": 10 })).collect();
        let json = serde_json::json!({ "images": images, "html": "<img src=i0.png>" }).to_string();
        let report = check_bytes(json.as_bytes(), &one_rule()).unwrap();
        let cut: Vec<_> = report.clipped.iter().map(|c| c.what).collect();
        assert_eq!(cut, if n > MAX_IMAGES { vec![Cut::Images] } else { vec![] }, "{n}");
    }
}

#[test]
fn html_depth() {
    let nested = |n: usize| format!("{}deep{}", "<div>".repeat(n), "</div>".repeat(n));
    at_and_past(MAX_HTML_DEPTH, Cut::HtmlDepth, |n| Draft { html: Some(nested(n)), ..Draft::default() });
    // Past it, hidden text deep down is still seen as hidden: a deeper element keeps its style.
    let html = format!("{}shown<span style='display:none'>secret</span>", "<b>".repeat(2 * MAX_HTML_DEPTH));
    let draft = Draft { html: Some(html), ..Draft::default() };
    let analysis = mailhint_core::Analysis::new(&draft, mailhint_core::Mode::OneToOne);
    assert!(analysis.html.as_ref().unwrap().hidden.iter().any(|h| h.text.contains("secret")));
}

#[test]
fn recipients_per_field_from_json_and_from_a_raw_message() {
    let addresses = |n: usize| (0..n).map(|i| format!("r{i}@x.example")).collect::<Vec<_>>();
    for n in [MAX_RECIPIENTS, MAX_RECIPIENTS + 1] {
        let json = serde_json::json!({ "to": addresses(n), "text": "Hello" }).to_string();
        let raw = format!("To: {}\r\nSubject: Hi\r\n\r\nHello\r\n", addresses(n).join(", "));
        for bytes in [json.as_bytes(), raw.as_bytes()] {
            let report = check_bytes(bytes, &one_rule()).unwrap();
            let cut: Vec<_> = report.clipped.iter().map(|c| c.what).collect();
            assert_eq!(cut, if n > MAX_RECIPIENTS { vec![Cut::Recipients] } else { vec![] }, "{n}");
        }
    }
    at_and_past(MAX_RECIPIENTS, Cut::Recipients, |n| Draft {
        cc: addresses(n).iter().map(|a| Mailbox::parse(a)).collect(),
        ..Draft::default()
    });
}

#[test]
fn attachments() {
    for n in [MAX_ATTACHMENTS, MAX_ATTACHMENTS + 1] {
        let files: Vec<_> = (0..n).map(|i| serde_json::json!({ "name": format!("f{i}.pdf"), "size": 10 })).collect();
        let json = serde_json::json!({ "attachments": files, "text": "Hello" }).to_string();
        let report = check_bytes(json.as_bytes(), &one_rule()).unwrap();
        assert_eq!(report.clipped.len(), usize::from(n > MAX_ATTACHMENTS), "{n}");
    }
}

#[test]
fn headers_of_a_raw_message() {
    for n in [MAX_HEADERS, MAX_HEADERS + 1] {
        // `Subject` counts as one of the n.
        let raw =
            format!("Subject: Hi\r\n{}\r\nHello\r\n", (1..n).map(|i| format!("X-H{i}: v\r\n")).collect::<String>());
        let report = check_bytes(raw.as_bytes(), &one_rule()).unwrap();
        let cut: Vec<_> = report.clipped.iter().map(|c| c.what).collect();
        assert_eq!(cut, if n > MAX_HEADERS { vec![Cut::Headers] } else { vec![] }, "{n}");
    }
}

#[test]
fn recipient_domains_looked_up_by_r10() {
    let draft = |n: usize| Draft {
        to: (0..n).map(|i| Mailbox::parse(&format!("a@d{i}.example"))).collect(),
        text: Some("Hello".into()),
        ..Draft::default()
    };
    for n in [MAX_RECIPIENT_DOMAIN_LOOKUPS, MAX_RECIPIENT_DOMAIN_LOOKUPS + 1] {
        let options = Options { only: Some("R10"), dns: Some(std::rc::Rc::new(Lookups::new())), ..Options::default() };
        let report = check(&draft(n), &options);
        let asked: BTreeSet<&str> = report.lookups.iter().map(|q| q.name.as_str()).collect();
        assert_eq!(asked.len(), MAX_RECIPIENT_DOMAIN_LOOKUPS, "{n}: the domains asked about");
        let cut: Vec<_> = report.clipped.iter().map(|c| c.what).collect();
        assert_eq!(cut, if n > MAX_RECIPIENT_DOMAIN_LOOKUPS { vec![Cut::RecipientDomains] } else { vec![] });
    }
}

#[test]
fn clipping_is_said_in_the_report_language() {
    let draft = Draft { subject: Some("a".repeat(MAX_SUBJECT_BYTES + 1)), ..Draft::default() };
    let zh = Options { lang: mailhint_core::Lang::ZhCn, ..one_rule() };
    assert!(check(&draft, &zh).clipped[0].message.contains("主题"));
    let json = serde_json::to_value(check(&draft, &one_rule())).unwrap();
    assert_eq!(json["clipped"][0]["what"], "subject");
    assert_eq!(json["clipped"][0]["limit"], MAX_SUBJECT_BYTES);
    // A draft within every limit has no `clipped` in its JSON at all.
    let json = serde_json::to_value(check(&Draft::default(), &one_rule())).unwrap();
    assert!(json.get("clipped").is_none());
}

#[test]
fn dns_replies_up_to_the_largest_dns_message() {
    let query = Query::new("x.example", RecordType::Txt);
    let mut reply = reply_to(&query);
    reply.resize(MAX_DNS_MESSAGE_BYTES, 0);
    assert!(matches!(dns::wire::answer(&query, &reply), Answer::NoError { .. }), "trailing bytes at the limit");
    reply.push(0);
    let Answer::Failed { reason } = dns::wire::answer(&query, &reply) else { panic!("read past the limit") };
    assert!(reason.contains("more than a DNS message"), "{reason}");
}

/// An empty NOERROR reply to `query`, as a server sends it: the query with QR set.
fn reply_to(query: &Query) -> Vec<u8> {
    let mut reply = dns::wire::query(query).unwrap();
    reply[2] |= 0x80;
    reply
}

#[test]
fn cname_chains_in_a_zone() {
    let chain = |n: usize| {
        let mut zone = Zone::new();
        for i in 0..n {
            zone.add(&format!("c{i}.example"), 300, RecordData::Cname { target: format!("c{}.example", i + 1) });
        }
        zone.add(&format!("c{n}.example"), 300, RecordData::Txt { strings: vec![b"end".to_vec()] });
        zone.answer(&Query::new("c0.example", RecordType::Txt))
    };
    let Answer::NoError { records, .. } = chain(MAX_CNAME_CHAIN) else { panic!("a chain at the limit is followed") };
    assert!(records.iter().any(|r| matches!(&r.data, RecordData::Txt { strings } if strings == &[b"end".to_vec()])));
    let Answer::Failed { reason } = chain(MAX_CNAME_CHAIN + 1) else { panic!("a longer chain fails") };
    assert!(reason.contains("CNAMEs in a row"), "{reason}");
}

#[test]
fn dkim_selectors_given() {
    let zone = Zone::new();
    let facts = |n: usize| {
        let options = DomainOptions {
            domain: "x.example".into(),
            selectors: (0..n).map(|i| format!("sel{i}")).collect(),
            ..DomainOptions::default()
        };
        let mut lookups = Lookups::new();
        let report = dns::drive(&mut lookups, |l| check_domain(&options, l), |r| zone.fetch(r));
        report.facts
    };
    let fact = |facts: &[mailhint_core::domain::Fact], label: &str| {
        facts.iter().find(|f| f.label == label).map(|f| f.value.clone())
    };
    let at = facts(MAX_DKIM_SELECTORS);
    let tried = fact(&at, "selectors tried").unwrap();
    assert!(tried.contains(&format!("sel{}", MAX_DKIM_SELECTORS - 1)) && fact(&at, "selectors not tried").is_none());
    let past = facts(MAX_DKIM_SELECTORS + 1);
    assert!(!fact(&past, "selectors tried").unwrap().contains(&format!("sel{MAX_DKIM_SELECTORS}")));
    assert!(fact(&past, "selectors not tried").unwrap().starts_with("1 of those given"));
}

#[test]
fn bimi_logo_bytes() {
    let svg = |n: usize| {
        let head = "<svg version=\"1.2\" baseProfile=\"tiny-ps\" xmlns=\"http://www.w3.org/2000/svg\"><title>x</title>";
        let mut s = head.to_string();
        s.push_str(&" ".repeat(n - head.len() - "</svg>".len()));
        s.push_str("</svg>");
        s
    };
    let too_big =
        |n: usize| bimi::svg_problems(svg(n).as_bytes(), mailhint_core::Lang::En).iter().any(|p| p.contains("32 KB"));
    assert!(!too_big(MAX_BIMI_SVG_BYTES));
    assert!(too_big(MAX_BIMI_SVG_BYTES + 1));
}

#[test]
fn bounce_recipients_and_diagnostics() {
    let dsn = |recipients: usize, diagnostic: usize| {
        let blocks: String = (0..recipients)
            .map(|i| {
                format!(
                    "Final-Recipient: rfc822; u{i}@example.net\nAction: failed\nStatus: 5.1.1\n\
                     Diagnostic-Code: smtp; 550 5.1.1 {}\n\n",
                    "x".repeat(diagnostic)
                )
            })
            .collect();
        let raw = format!(
            "From: MAILER-DAEMON@mx.example.org\nTo: s@example.com\nSubject: Undelivered Mail Returned to Sender\n\
             MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n\
             --b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n{blocks}--b--\n"
        );
        mailhint_core::bounce::read(raw.as_bytes())
    };
    let at = dsn(MAX_BOUNCE_RECIPIENTS, 1);
    assert_eq!((at.bounces.len(), at.recipients_cut), (MAX_BOUNCE_RECIPIENTS, false));
    let past = dsn(MAX_BOUNCE_RECIPIENTS + 1, 1);
    assert_eq!((past.bounces.len(), past.recipients_cut), (MAX_BOUNCE_RECIPIENTS, true));
    assert_eq!(serde_json::to_value(past.explain(mailhint_core::Lang::En)).unwrap()["recipients_cut"], true);
    assert!(serde_json::to_value(at).unwrap().get("recipients_cut").is_none());
    // "550 5.1.1 " and the x's: the diagnostic keeps at most the limit's characters.
    let kept = |n: usize| dsn(1, n).bounces[0].diagnostic.chars().count();
    let prefix = "550 5.1.1 ".len();
    assert_eq!(kept(MAX_BOUNCE_DIAGNOSTIC_CHARS - prefix), MAX_BOUNCE_DIAGNOSTIC_CHARS);
    assert_eq!(kept(MAX_BOUNCE_DIAGNOSTIC_CHARS - prefix + 1), MAX_BOUNCE_DIAGNOSTIC_CHARS);
}

#[test]
fn bounce_input_bytes() {
    let err = mailhint_core::bounce::read(&vec![b'a'; MAX_INPUT_BYTES + 1]).error;
    assert_eq!(err, Some(mailhint_core::bounce::ReadError::TooLarge));
    assert_ne!(
        mailhint_core::bounce::read(&vec![b'a'; MAX_INPUT_BYTES]).error,
        Some(mailhint_core::bounce::ReadError::TooLarge)
    );
}

/// ARCHITECTURE.md's "Limits" table names every `pub const MAX_` of `limits.rs` with its value,
/// and nothing else: the doc cannot drift from the code.
#[test]
fn the_limits_table_matches_limits_rs() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let code = std::fs::read_to_string(root.join("src/limits.rs")).unwrap();
    let doc = std::fs::read_to_string(root.join("../../ARCHITECTURE.md")).unwrap();
    let declared: BTreeSet<String> = code
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub const "))
        .filter_map(|l| l.split(':').next())
        .filter(|name| name.starts_with("MAX_"))
        .map(str::to_string)
        .collect();
    let section = doc.split("\n## Limits").nth(1).expect("ARCHITECTURE.md has a \"## Limits\" section");
    let section = section.split("\n## ").next().unwrap();
    // | entry point | `MAX_…` | value | past it |
    let rows: Vec<Vec<&str>> = section
        .lines()
        .filter(|l| l.starts_with("| "))
        .map(|l| l.split('|').map(str::trim).collect::<Vec<_>>())
        .filter(|cells| cells.len() == 6 && cells[2].starts_with("`MAX_"))
        .collect();
    let documented: BTreeSet<String> = rows.iter().map(|cells| cells[2].trim_matches('`').to_string()).collect();
    let missing: Vec<_> = declared.difference(&documented).collect();
    let stale: Vec<_> = documented.difference(&declared).collect();
    assert!(missing.is_empty() && stale.is_empty(), "not in the table: {missing:?}; not in limits.rs: {stale:?}");
    // Each row's value column equals the constant's value.
    for cells in rows {
        let name = cells[2].trim_matches('`');
        let value = limit_value(name).unwrap_or_else(|| panic!("{name}: no value known to this test"));
        let written: String = cells[3].chars().filter(char::is_ascii_digit).collect();
        let unit = cells[3].split_whitespace().nth(1).unwrap_or("");
        let scale = match unit {
            "KB" => 1024,
            "MB" => 1024 * 1024,
            _ => 1,
        };
        assert_eq!(written.parse::<u64>().unwrap() * scale, value, "{name}: the table says {}", cells[3]);
    }
}

/// The extension's worker repeats three limits in JavaScript (it cannot import Rust constants):
/// they must equal the core's.
#[test]
fn the_extension_uses_the_same_limits() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../extension");
    let background = std::fs::read_to_string(root.join("background.js")).unwrap();
    let doh = std::fs::read_to_string(root.join("lib/doh.js")).unwrap();
    for (source, declaration) in [
        (&background, format!("const MAX_ROUNDS = {MAX_LOOKUP_ROUNDS};")),
        (&background, format!("const HTTPS_MAX_BYTES = {} * 1024;", MAX_HTTPS_BODY_BYTES / 1024)),
        (&doh, format!("maxInFlight = {MAX_DOH_IN_FLIGHT},")),
    ] {
        assert!(source.contains(&declaration), "the extension no longer says {declaration:?}");
    }
}

/// The value of the limit named `name`.
fn limit_value(name: &str) -> Option<u64> {
    macro_rules! values {
        ($($limit:ident),* $(,)?) => {
            match name { $(stringify!($limit) => Some($limit as u64),)* _ => None }
        };
    }
    values!(
        MAX_INPUT_BYTES,
        MAX_BODY_BYTES,
        MAX_SUBJECT_BYTES,
        MAX_LINKS,
        MAX_RECIPIENTS,
        MAX_ATTACHMENTS,
        MAX_IMAGES,
        MAX_HEADERS,
        MAX_HTML_DEPTH,
        MAX_RECIPIENT_DOMAIN_LOOKUPS,
        MAX_LOOKUP_ROUNDS,
        MAX_SPF_DNS_TERMS,
        MAX_SPF_VOID_LOOKUPS,
        MAX_SPF_MX_NAMES,
        MAX_SPF_PTR_NAMES,
        MAX_MX_HOSTS,
        MAX_PTR_NAMES,
        MAX_DKIM_SELECTORS,
        MAX_CNAME_CHAIN,
        MAX_DNS_MESSAGE_BYTES,
        MAX_DOH_IN_FLIGHT,
        MAX_HTTPS_BODY_BYTES,
        MAX_BIMI_SVG_BYTES,
        MAX_BOUNCE_DIAGNOSTIC_CHARS,
        MAX_BOUNCE_RECIPIENTS,
        MAX_BOUNCE_TEXT_BYTES,
        MAX_WARMUP_VOLUME,
        MAX_WARMUP_DAYS,
        MAX_LIST_BYTES,
        MAX_LIST_ROWS,
        MAX_LIST_COLUMNS,
        MAX_LIST_FIELD_BYTES,
        MAX_LIST_CONCURRENCY,
        MAX_LIST_DOMAINS,
        MAX_DMARC_INPUT_BYTES,
        MAX_DMARC_XML_BYTES,
        MAX_DMARC_ZIP_ENTRIES,
        MAX_DMARC_XML_DEPTH,
        MAX_DMARC_RECORDS,
        MAX_DMARC_PTR_LOOKUPS,
        MAX_BOUNCE_PARSE_BYTES,
        MAX_BOUNCE_NESTING,
    )
}

/// The shapes of HTML that cost the most per byte, at the body limit: deep nesting followed by
/// many images, links or text chunks (each walked the whole element stack before the depth
/// limit). Prints the time of each whole check; asserts only that each is a report that says
/// what it cut.
#[test]
fn costly_html_at_the_body_limit_prints_its_time() {
    let half = MAX_BODY_BYTES / 2;
    let shapes = [
        ("deep <b> then <img>", "<b>".repeat(half / 3) + &"<img>".repeat(half / 5)),
        ("deep <b> then links", "<b>".repeat(half / 3) + &"<a href=h>x</a>".repeat(half / 15)),
        ("deep <span> then text", "<span>".repeat(half / 6) + &"a<i></i>".repeat(half / 8)),
    ];
    for (name, html) in shapes {
        let start = std::time::Instant::now();
        let report = check(&Draft { html: Some(html), ..Draft::default() }, &Options::default());
        println!(
            "{name}: {:.0} ms, clipped {:?}",
            start.elapsed().as_secs_f64() * 1000.0,
            report.clipped.iter().map(|c| c.what).collect::<Vec<_>>()
        );
        assert!(report.clipped.iter().any(|c| c.what == Cut::HtmlDepth), "{name}");
    }
}

/// The "Limits" section's table of time budgets names each host's budget with its value: the
/// extension's `BUDGET_MS` (lib/budget.js) and the CLI's `BUDGET_*` (domain.rs). The core has no
/// clock, so the budgets live in the hosts; this keeps the doc and both of them in step.
#[test]
fn the_time_budgets_table_matches_the_hosts() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap();
    let (doc, extension, cli) =
        (read("ARCHITECTURE.md"), read("extension/lib/budget.js"), read("crates/mailhint-cli/src/domain.rs"));
    let section = doc.split("\n## Limits").nth(1).unwrap().split("\n## ").next().unwrap();
    let rows: Vec<Vec<&str>> = section
        .lines()
        .map(|l| l.split('|').map(str::trim).collect::<Vec<_>>())
        .filter(|cells| cells.len() == 5 && cells[2].starts_with("`BUDGET"))
        .collect();
    assert_eq!(rows.len(), 8, "the budgets table has a row per check: {rows:?}");
    for cells in rows {
        let name = cells[2].trim_matches('`');
        let seconds: u64 = cells[3].trim_end_matches(" s").parse().unwrap_or_else(|_| panic!("{name}: {}", cells[3]));
        let declaration = match name.strip_prefix("BUDGET_MS.") {
            Some(field) => (&extension, format!("{field}: {seconds}_000,")),
            None => (&cli, format!("pub const {name}: Duration = Duration::from_secs({seconds});")),
        };
        assert!(
            declaration.0.contains(&declaration.1),
            "{name}: the table says {}, the code not {:?}",
            cells[3],
            declaration.1
        );
    }
}
