//! Bad input gets a report or a clear error: never a panic, a stack overflow or a hang.
//! Each case goes through `check_bytes`, the CLI's and the extension's entry point.

use mailhint_core::{check_bytes, ErrorKind, Options, Report};

fn lint(bytes: &[u8]) -> Report {
    check_bytes(bytes, &Options::default()).expect("a report")
}

fn message(headers: &str, body: &str) -> Vec<u8> {
    format!("From: a@x.example\r\nTo: b@y.example\r\nSubject: Test\r\n{headers}\r\n{body}").into_bytes()
}

#[test]
fn an_empty_file_is_a_clear_error() {
    let err = check_bytes(b"", &Options::default()).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Empty);
}

#[test]
fn binary_garbage_gets_a_report() {
    let mut state = 0x2545_f491_u32;
    let garbage: Vec<u8> = (0..200_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect();
    let report = lint(&garbage);
    assert!(report.grade <= 10.0);
}

#[test]
fn invalid_utf8_and_unknown_charsets_get_a_report() {
    let body = b"Subject: \xff\xfe caf\xe9\r\nContent-Type: text/plain; charset=x-unknown-charset\r\n\r\nPrix \xe0 partir de 10\xa4\r\n";
    let report = lint(body);
    assert!(report.findings.iter().all(|f| !f.message.is_empty()));
    let wrong = message("Content-Type: text/html; charset=iso-2022-jp\r\n", "<p>\x1b$B$3$s$K$A$O\x1b(B \u{00e9}</p>");
    lint(&wrong);
}

#[test]
fn broken_mime_gets_a_report() {
    let cases = [
        message("Content-Type: multipart/mixed; boundary=\"never\"\r\n", "--other\r\nno closing boundary"),
        message("Content-Type: multipart/alternative\r\n", "no boundary parameter at all"),
        message("Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n", "!!!not base64!!!"),
        message("Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n", "=ZZ=\r\n=E9t=C3=A9="),
        message(
            "Content-Type: multipart/mixed; boundary=b\r\n",
            &"--b\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n".repeat(500),
        ),
    ];
    for case in cases {
        lint(&case);
    }
}

#[test]
fn html_nested_ten_thousand_deep_does_not_overflow() {
    let html = format!("{}Deep text{}", "<div><span>".repeat(10_000), "</span></div>".repeat(10_000));
    let report = lint(&message("Content-Type: text/html\r\n", &html));
    assert!(report.grade <= 10.0);
}

#[test]
fn ten_thousand_links_get_a_report() {
    let links: String = (0..10_000).map(|i| format!("<a href=\"https://site{i}.example/p\">link {i}</a> ")).collect();
    let report = lint(&message("Content-Type: text/html\r\n", &format!("<p>Hello, {links}</p>")));
    assert!(report.findings.iter().any(|f| f.code == "L08"), "too many links is reported");
}

#[test]
fn a_twenty_megabyte_message_gets_a_report() {
    let attachment = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\r\n".repeat(20 * 1024 * 1024 / 38);
    let raw = message(
        "Content-Type: multipart/mixed; boundary=b\r\n",
        &format!("--b\r\nContent-Type: text/plain\r\n\r\nHello Maria, the drawings are attached.\r\n--b\r\nContent-Type: application/octet-stream; name=drawings.dwg\r\nContent-Disposition: attachment; filename=drawings.dwg\r\nContent-Transfer-Encoding: base64\r\n\r\n{attachment}--b--\r\n"),
    );
    assert!(raw.len() > 20_000_000);
    let report = lint(&raw);
    assert!(report.findings.iter().any(|f| f.code == "A04"), "the size is reported");
}

#[test]
fn a_huge_plain_text_body_is_clipped_not_slow() {
    let body = "word ".repeat(2_000_000);
    lint(&message("", &body));
}

#[test]
fn input_over_the_limit_is_a_clear_error() {
    let raw = vec![b'a'; mailhint_core::limits::MAX_INPUT_BYTES + 1];
    let err = check_bytes(&raw, &Options::default()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::TooLarge { .. }));
    assert!(err.to_string().contains("bytes"));
}

/// Found by the fuzzer (crates/mailhint-fuzz/regressions/{content_raw,bounce}): a message/rfc822
/// part whose body is another message/rfc822 header block, ended by the parent's boundary,
/// tripped a debug assertion inside mail-parser 0.11.9 (the workspace's dev profile now builds
/// mail-parser as it ships, without its debug assertions). Both readers must give their report.
#[test]
fn a_message_rfc822_nested_in_a_message_rfc822_gets_a_report() {
    let raw = b"Content-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: message/rfc822\n\n\
                Content-Type: message/rfc822\n\nSubject: y\n\nz\n--B--\n";
    assert!(lint(raw).grade <= 10.0);
    let bounce = mailhint_core::bounce::read(raw);
    assert!(bounce.error.is_none() && !bounce.bounces.is_empty(), "{bounce:?}");
}
