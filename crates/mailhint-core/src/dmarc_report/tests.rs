//! Reading and analysing reports: each container, both schemas, every limit at and past it,
//! hostile XML. The real samples are read in `tests/dmarc_corpus.rs` and compared with
//! parsedmarc by `tests/dmarc/compare_parsedmarc.py`.

use std::io::Write;

use super::*;
use crate::dns::{Lookups, Query, Record as DnsRecord};

fn xml_report(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<feedback>
  <version>1.0</version>
  <report_metadata>
    <org_name>google.com</org_name>
    <email>noreply-dmarc-support@google.com</email>
    <report_id>123</report_id>
    <date_range><begin>1700000000</begin><end>1700086399</end></date_range>
  </report_metadata>
  <policy_published><domain>example.com</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><pct>100</pct></policy_published>
  {rows}
</feedback>"#
    )
}

fn row(ip: &str, count: u64, dkim: &str, spf: &str, auth: &str) -> String {
    format!(
        "<record><row><source_ip>{ip}</source_ip><count>{count}</count><policy_evaluated><disposition>none</disposition>\
         <dkim>{dkim}</dkim><spf>{spf}</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from>\
         </identifiers><auth_results>{auth}</auth_results></record>"
    )
}

fn aligned_row(ip: &str, count: u64) -> String {
    row(
        ip,
        count,
        "pass",
        "pass",
        "<dkim><domain>example.com</domain><selector>s1</selector><result>pass</result></dkim>\
         <spf><domain>example.com</domain><result>pass</result></spf>",
    )
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn error_code(read: &FileRead) -> &'static str {
    read.error.as_ref().map_or("none", |e| e.code)
}

#[test]
fn reads_plain_gzip_zip_and_email_alike() {
    let xml = xml_report(&aligned_row("192.0.2.1", 3));
    let plain = read_file(xml.as_bytes());
    assert_eq!(plain.error, None);
    assert_eq!(plain.container, Some(Container::Xml));
    let report = &plain.reports[0];
    assert_eq!((report.metadata.report_id.as_str(), report.metadata.begin), ("123", 1_700_000_000));
    assert_eq!(report.schema, Schema::Rfc7489);
    assert_eq!(report.records[0].count, 3);
    assert_eq!(report.records[0].dkim_results[0].selector.as_deref(), Some("s1"));

    let gz = read_file(&gzip(xml.as_bytes()));
    assert_eq!((gz.container, &gz.reports), (Some(Container::Gzip), &plain.reports));
    let zipped = read_file(&zip_of(&[("r.xml", xml.as_bytes())]));
    assert_eq!((zipped.container, &zipped.reports), (Some(Container::Zip), &plain.reports));

    use base64::Engine;
    let attached = base64::engine::general_purpose::STANDARD.encode(gzip(xml.as_bytes()));
    let eml = format!(
        "From: noreply-dmarc-support@google.com\r\nTo: dmarc@example.com\r\nSubject: Report domain: example.com\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n\
         This is an aggregate report.\r\n--b\r\nContent-Type: application/gzip; name=r.xml.gz\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{attached}\r\n--b--\r\n"
    );
    let mail = read_file(eml.as_bytes());
    assert_eq!((mail.container, &mail.reports), (Some(Container::Email), &plain.reports));
}

#[test]
fn bad_files_give_clear_errors() {
    assert_eq!(error_code(&read_file(b"")), "DMARC-EMPTY");
    assert_eq!(error_code(&read_file(b"\x00\x01binary")), "DMARC-UNKNOWN-FORMAT");
    assert_eq!(error_code(&read_file(b"just some words")), "DMARC-UNKNOWN-FORMAT");
    assert_eq!(error_code(&read_file(b"\x1f\x8b\x08\x00broken")), "DMARC-GZIP");
    assert_eq!(error_code(&read_file(b"PK\x03\x04broken")), "DMARC-ZIP");
    assert_eq!(error_code(&read_file(b"Subject: hi\r\n\r\nno report here\r\n")), "DMARC-NO-REPORT-IN-EMAIL");
    assert_eq!(error_code(&read_file(b"<html><body>hi</body></html>")), "DMARC-NOT-AGGREGATE");
    assert_eq!(error_code(&read_file(b"<feedback><report_metadata>")), "DMARC-XML");
    let broken = xml_report(&aligned_row("192.0.2.1", 1)).replace("</org_name>", "</org>");
    let read = read_file(broken.as_bytes());
    assert_eq!(error_code(&read), "DMARC-XML");
    let message = read.error.as_ref().unwrap().message(Lang::En);
    assert!(message.contains("line 5, column 25"), "{message}");
    let zh = read.error.as_ref().unwrap().message(Lang::ZhCn);
    assert!(zh.starts_with("报告的 XML 格式错误（第 5 行第 25 列：") && zh.ends_with("）。"), "{zh}");
    let bad_utf8 =
        xml_report(&aligned_row("192.0.2.1", 1)).replace("google.com</org_name>", "goo\u{1}gle").into_bytes();
    assert_ne!(error_code(&read_file(&bad_utf8)), "none");
    let mut latin1 = xml_report(&aligned_row("192.0.2.1", 1)).into_bytes();
    latin1.splice(60..60, [0xE9]);
    assert_eq!(error_code(&read_file(&latin1)), "DMARC-NOT-UTF8");
    let no_id = xml_report("").replace("<report_id>123</report_id>", "");
    assert_eq!(error_code(&read_file(no_id.as_bytes())), "DMARC-MISSING");
    let bad_date = xml_report("").replace("<begin>1700000000</begin>", "<begin>yesterday</begin>");
    assert_eq!(error_code(&read_file(bad_date.as_bytes())), "DMARC-BAD-VALUE");
    // Every problem has words in both languages.
    for p in PROBLEMS {
        assert!(!p.words[0].is_empty() && p.words[1].chars().any(|c| c > '\u{2e80}'), "{}", p.code);
    }
}

#[test]
fn entity_expansion_is_refused() {
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<feedback><report_metadata><org_name>&lol3;</org_name></report_metadata></feedback>"#;
    let read = read_file(laughs.as_bytes());
    assert_eq!(error_code(&read), "DMARC-DTD");
    assert!(read.error.unwrap().message(Lang::ZhCn).contains("DTD"));
    // An undeclared entity without a DTD is an error, not an expansion.
    let undeclared = xml_report("").replace("google.com</org_name>", "&lol9;</org_name>");
    assert_eq!(error_code(&read_file(undeclared.as_bytes())), "DMARC-XML");
    // The predefined ones are read.
    let amp = xml_report("").replace("google.com</org_name>", "A &amp; B</org_name>");
    assert_eq!(read_file(amp.as_bytes()).reports[0].metadata.org_name, "A & B");
}

#[test]
fn input_size_limit_at_and_past() {
    let xml = xml_report(&aligned_row("192.0.2.1", 1));
    let limits = ReadLimits { input_bytes: xml.len(), ..ReadLimits::default() };
    assert_eq!(error_code(&read_file_with(xml.as_bytes(), &limits)), "none");
    let limits = ReadLimits { input_bytes: xml.len() - 1, ..ReadLimits::default() };
    assert_eq!(error_code(&read_file_with(xml.as_bytes(), &limits)), "DMARC-TOO-LARGE");
    // And the real limit, with bytes that would not even be looked at.
    let huge = vec![b' '; crate::limits::MAX_DMARC_INPUT_BYTES + 1];
    let mut huge = huge;
    huge[0] = b'<';
    assert_eq!(error_code(&read_file(&huge)), "DMARC-TOO-LARGE");
}

#[test]
fn decompressed_size_limit_at_and_past_for_gzip_and_zip() {
    let xml = xml_report(&aligned_row("192.0.2.1", 1));
    let at = ReadLimits { xml_bytes: xml.len(), ..ReadLimits::default() };
    let past = ReadLimits { xml_bytes: xml.len() - 1, ..ReadLimits::default() };
    for packed in [gzip(xml.as_bytes()), zip_of(&[("r.xml", xml.as_bytes())])] {
        assert_eq!(error_code(&read_file_with(&packed, &at)), "none");
        assert_eq!(error_code(&read_file_with(&packed, &past)), "DMARC-DECOMPRESSED-TOO-LARGE");
    }
}

#[test]
fn a_gzip_bomb_stops_at_the_real_limit() {
    // 1 GB of spaces after a root element: a few MB of gzip; reading stops at the limit.
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(b"<feedback>").unwrap();
    let block = vec![b' '; 1024 * 1024];
    for _ in 0..(crate::limits::MAX_DMARC_XML_BYTES / block.len() + 1) {
        e.write_all(&block).unwrap();
    }
    let bomb = e.finish().unwrap();
    let read = read_file(&bomb);
    assert_eq!(error_code(&read), "DMARC-DECOMPRESSED-TOO-LARGE");
    assert!(read.error.unwrap().message(Lang::En).contains("64 MB"));
    // The same at exactly the limit is read (and then found to be no complete report).
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(b"<feedback>").unwrap();
    let mut left = crate::limits::MAX_DMARC_XML_BYTES - b"<feedback>".len();
    while left > 0 {
        let n = left.min(block.len());
        e.write_all(&block[..n]).unwrap();
        left -= n;
    }
    assert_eq!(error_code(&read_file(&e.finish().unwrap())), "DMARC-XML");
}

#[test]
fn zip_entry_limit_at_and_past() {
    let xml = xml_report(&aligned_row("192.0.2.1", 1));
    let names: Vec<String> = (0..=crate::limits::MAX_DMARC_ZIP_ENTRIES).map(|i| format!("r{i}.xml")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), xml.as_bytes())).collect();
    let at = read_file(&zip_of(&entries[..crate::limits::MAX_DMARC_ZIP_ENTRIES]));
    assert_eq!(error_code(&at), "none");
    assert_eq!(at.reports.len(), crate::limits::MAX_DMARC_ZIP_ENTRIES);
    assert_eq!(error_code(&read_file(&zip_of(&entries))), "DMARC-ZIP-ENTRIES");
}

#[test]
fn depth_limit_at_and_past() {
    let nest = |depth: usize| {
        // feedback + report_metadata + (depth - 2) extension levels.
        let inner = depth - 2;
        let open: String = (0..inner).map(|i| format!("<x{i}>")).collect();
        let close: String = (0..inner).rev().map(|i| format!("</x{i}>")).collect();
        xml_report("").replace("<email>", &format!("{open}{close}<email>"))
    };
    let max = crate::limits::MAX_DMARC_XML_DEPTH;
    assert_eq!(error_code(&read_file(nest(max).as_bytes())), "none");
    assert_eq!(error_code(&read_file(nest(max + 1).as_bytes())), "DMARC-DEPTH");
    // Far deeper: still an error, not a stack overflow.
    assert_eq!(error_code(&read_file(nest(100_000).as_bytes())), "DMARC-DEPTH");
}

#[test]
fn record_limit_at_and_past_gives_a_partial_result() {
    let rows: String = (0..5).map(|i| aligned_row(&format!("192.0.2.{i}"), 1)).collect();
    let xml = xml_report(&rows);
    let at = read_file_with(xml.as_bytes(), &ReadLimits { records: 5, ..ReadLimits::default() });
    assert_eq!((at.reports[0].records.len(), at.reports[0].notes.len()), (5, 0));
    let past = read_file_with(xml.as_bytes(), &ReadLimits { records: 4, ..ReadLimits::default() });
    let report = &past.reports[0];
    assert_eq!(report.records.len(), 4);
    assert_eq!(report.notes[0].code, "DMARC-ROWS-CAPPED");
    assert_eq!(
        report.notes[0].message(Lang::En),
        "Only the first 4 of 5 rows were read; the rest of the report was skipped."
    );
}

#[test]
fn record_limit_real_value() {
    let max = crate::limits::MAX_DMARC_RECORDS;
    let one = row("192.0.2.1", 1, "pass", "pass", "");
    let rows = one.repeat(max + 1);
    let read = read_file(xml_report(&rows).as_bytes());
    assert_eq!(error_code(&read), "none");
    assert_eq!(read.reports[0].records.len(), max);
    assert_eq!(read.reports[0].notes[0].detail, format!("{max} of {}", max + 1));
    let read = read_file(xml_report(&one.repeat(max)).as_bytes());
    assert!(read.reports[0].notes.is_empty());
}

#[test]
fn capitals_are_read_lowercase_with_a_note() {
    let xml = xml_report(&row(
        "192.0.2.1",
        1,
        "Pass",
        "PASS",
        "<spf><domain>example.com</domain><result>Pass</result></spf>",
    ));
    let read = read_file(xml.as_bytes());
    let report = &read.reports[0];
    assert_eq!((report.records[0].dkim.as_str(), report.records[0].spf.as_str()), ("pass", "pass"));
    assert_eq!(report.notes[0].code, "DMARC-CASE-NORMALISED");
    assert_eq!(report.notes[0].detail, "Pass, PASS");
}

#[test]
fn rows_without_an_ip_are_skipped_with_a_note() {
    let xml = xml_report(&(row("not-an-ip", 1, "pass", "pass", "") + &aligned_row("192.0.2.1", 2)));
    let report = &read_file(xml.as_bytes()).reports[0];
    assert_eq!(report.records.len(), 1);
    assert_eq!(report.notes[0].code, "DMARC-ROW-SKIPPED");
}

#[test]
fn rfc9990_reports_are_recognised() {
    let xml = r#"<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0"><version>1.0</version>
      <report_metadata><org_name>r</org_name><email>a@r.example</email><report_id>x</report_id>
      <date_range><begin>1</begin><end>2</end></date_range><generator>g 1.0</generator></report_metadata>
      <policy_published><domain>example.com</domain><p>reject</p><np>reject</np><testing>n</testing>
      <discovery_method>treewalk</discovery_method></policy_published></feedback>"#;
    let report = &read_file(xml.as_bytes()).reports[0];
    assert_eq!(report.schema, Schema::Rfc9990);
    assert_eq!(report.policy.np.as_deref(), Some("reject"));
    assert_eq!(report.metadata.generator.as_deref(), Some("g 1.0"));
    let draft = xml_report("").replace("<version>1.0</version>", "");
    assert_eq!(read_file(draft.as_bytes()).reports[0].schema, Schema::Draft);
}

fn ptr_answer(name: &str) -> Answer {
    let records = vec![DnsRecord { name: "x".into(), ttl: 60, data: RecordData::Ptr { target: name.into() } }];
    Answer::NoError { records, authenticated: false, negative_ttl: None }
}

use crate::dns::{Answer, RecordData, RecordType};

#[test]
fn analysis_classifies_sources_and_advises_the_policy() {
    let rows = [
        aligned_row("209.85.220.41", 980),
        // Amazon SES without custom MAIL FROM or DKIM: passes SPF for amazonses.com only.
        row("54.240.0.1", 15, "fail", "fail", "<spf><domain>amazonses.com</domain><result>pass</result></spf>"),
        // Nothing passes, unknown host: spoofing.
        row("45.33.10.9", 40, "fail", "fail", "<spf><domain>example.com</domain><result>fail</result></spf>"),
    ]
    .concat();
    let read = read_file(xml_report(&rows).as_bytes());
    let mut lookups = Lookups::new();
    let first = analyse(&read.reports, Some(&lookups), Lang::En);
    assert!(!first.complete);
    let asked = lookups.take_missing();
    assert_eq!(asked.len(), 3);
    lookups
        .insert_dns(Query::new("1.0.240.54.in-addr.arpa", RecordType::Ptr), ptr_answer("a1-1.smtp-out.amazonses.com."));
    lookups.insert_dns(Query::new("41.220.85.209.in-addr.arpa", RecordType::Ptr), ptr_answer("mail.example.com."));
    lookups.insert_dns(
        Query::new("9.10.33.45.in-addr.arpa", RecordType::Ptr),
        Answer::NxDomain { authenticated: false, negative_ttl: None },
    );
    let done = analyse(&read.reports, Some(&lookups), Lang::En);
    assert!(done.complete);
    let d = &done.domains[0];
    assert_eq!((d.messages, d.legitimate, d.legitimate_pass, d.spoofed), (1035, 995, 980, 40));
    let classes: Vec<Class> = d.sources.iter().map(|s| s.class).collect();
    assert_eq!(classes, [Class::AlignedPassing, Class::Spoofing, Class::YoursFailing]);
    let ses = &d.sources[2];
    assert_eq!(ses.provider.as_ref().map(|p| p.id), Some("amazonses"));
    let advice = ses.advice.as_ref().unwrap();
    assert_eq!(advice.code, "DMARC-SPF-UNALIGNED");
    assert!(advice.fix.contains("Amazon SES"), "{}", advice.fix);
    assert_eq!(d.sources[1].ptr, PtrState::None);
    // 980 / 995 = 98.49 %: ready for quarantine.
    assert_eq!(d.advice[0].code, "DMARC-POLICY-READY");
    assert!(
        d.advice[0].message.contains("98.4 %") && d.advice[0].message.contains("p=quarantine"),
        "{}",
        d.advice[0].message
    );
    assert_eq!(d.advice[1].code, "DMARC-SPOOFING-TOTAL");
    assert_eq!(d.advice.len(), 2, "995 messages are enough data");

    // Just under the threshold: 97.9 %: not ready, naming the source to fix.
    let rows = [
        aligned_row("209.85.220.41", 979),
        row("54.240.0.1", 21, "fail", "fail", "<spf><domain>amazonses.com</domain><result>pass</result></spf>"),
    ]
    .concat();
    let read = read_file(xml_report(&rows).as_bytes());
    let zh = analyse(&read.reports, None, Lang::ZhCn);
    let d = &zh.domains[0];
    assert_eq!(d.advice[0].code, "DMARC-POLICY-NOT-READY");
    assert!(d.advice[0].message.contains("97.9%") && d.advice[0].fix.contains("54.240.0.1"), "{:?}", d.advice[0]);
    assert_eq!(d.sources[1].ptr, PtrState::Skipped);
    // Offline, the provider is still known by its SPF domain.
    assert_eq!(d.sources[1].provider.as_ref().map(|p| p.id), Some("amazonses"));
}

#[test]
fn alignment_is_relaxed_or_strict() {
    use super::analysis::aligned;
    assert!(aligned("mail.example.com", "example.com", false));
    assert!(!aligned("mail.example.com", "example.com", true));
    assert!(aligned("example.co.uk", "news.example.co.uk", false));
    assert!(!aligned("other.co.uk", "example.co.uk", false));
    assert!(!aligned("", "example.com", false));
}

#[test]
fn a_policy_in_test_mode_is_advised_to_apply_in_full() {
    let rows = aligned_row("209.85.220.41", 500);
    let reject_testing = xml_report(&rows).replace("<p>none</p>", "<p>reject</p><testing>y</testing>");
    let read = read_file(reject_testing.as_bytes());
    let advice = &analyse(&read.reports, None, Lang::En).domains[0].advice[0];
    assert_eq!(advice.code, "DMARC-POLICY-FULL");
    assert!(advice.fix.starts_with("Remove t=y from the _dmarc.example.com record"), "{}", advice.fix);
    let quarantine_half = xml_report(&rows).replace("<p>none</p><pct>100</pct>", "<p>quarantine</p><pct>50</pct>");
    let read = read_file(quarantine_half.as_bytes());
    let advice = &analyse(&read.reports, None, Lang::ZhCn).domains[0].advice[0];
    assert_eq!(advice.code, "DMARC-POLICY-FULL");
    assert!(advice.fix.contains("删除 pct=50"), "{}", advice.fix);
    // Enforced in full: no test mode.
    let reject = xml_report(&rows).replace("<p>none</p>", "<p>reject</p>");
    let read = read_file(reject.as_bytes());
    assert_eq!(analyse(&read.reports, None, Lang::En).domains[0].advice[0].code, "DMARC-POLICY-ENFORCED");
}

#[test]
fn too_little_data_is_said() {
    let read =
        read_file(xml_report(&aligned_row("209.85.220.41", crate::dmarc_report::ENOUGH_MESSAGES - 1)).as_bytes());
    let codes: Vec<&str> = analyse(&read.reports, None, Lang::En).domains[0].advice.iter().map(|a| a.code).collect();
    assert_eq!(codes, ["DMARC-POLICY-READY", "DMARC-LITTLE-DATA"]);
    let read = read_file(xml_report(&aligned_row("209.85.220.41", crate::dmarc_report::ENOUGH_MESSAGES)).as_bytes());
    let codes: Vec<&str> = analyse(&read.reports, None, Lang::En).domains[0].advice.iter().map(|a| a.code).collect();
    assert_eq!(codes, ["DMARC-POLICY-READY"]);
    // Test mode is also a step to tighten: a handful of messages is no proof there either.
    let few = aligned_row("209.85.220.41", 5);
    let reject_testing = xml_report(&few).replace("<p>none</p>", "<p>reject</p><testing>y</testing>");
    let read = read_file(reject_testing.as_bytes());
    let codes: Vec<&str> = analyse(&read.reports, None, Lang::En).domains[0].advice.iter().map(|a| a.code).collect();
    assert_eq!(codes, ["DMARC-POLICY-FULL", "DMARC-LITTLE-DATA"]);
}

#[test]
fn duplicate_reports_count_once() {
    let read = read_file(xml_report(&aligned_row("192.0.2.1", 3)).as_bytes());
    let twice: Vec<&AggregateReport> = read.reports.iter().chain(&read.reports).collect();
    let a = analyse(twice, None, Lang::En);
    assert_eq!((a.reports, a.duplicates, a.messages), (1, 1, 3));
}

#[test]
fn every_advice_has_both_languages() {
    for a in ADVICE {
        assert!(a.title[1].chars().any(|c| c > '\u{2e80}') && a.fix[1].chars().any(|c| c > '\u{2e80}'), "{}", a.code);
    }
}

#[test]
fn an_unclosed_schema_wrapper_is_passed_over() {
    let xml = xml_report(&aligned_row("192.0.2.1", 1)).replacen(
        "<feedback>",
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><feedback>"#,
        1,
    );
    let read = read_file(xml.as_bytes());
    assert_eq!(error_code(&read), "none");
    assert_eq!(read.reports[0].records.len(), 1);
    // Any other wrapper is no report.
    let other =
        xml_report("").replacen("<feedback>", "<wrapper><feedback>", 1).replace("</feedback>", "</feedback></wrapper>");
    assert_eq!(error_code(&read_file(other.as_bytes())), "DMARC-NOT-AGGREGATE");
}

#[test]
fn ptr_lookup_limit_at_and_past() {
    let max = crate::limits::MAX_DMARC_PTR_LOOKUPS;
    // Public addresses 11.0.x.y, the largest sender first.
    let ip = |i: usize| format!("11.0.{}.{}", i / 250, i % 250 + 1);
    let asked = |n: usize| {
        let rows: String = (0..n).map(|i| aligned_row(&ip(i), (n - i) as u64)).collect();
        let read = read_file(xml_report(&rows).as_bytes());
        let lookups = Lookups::new();
        let analysis = analyse(&read.reports, Some(&lookups), Lang::En);
        let skipped = analysis.domains[0]
            .sources
            .iter()
            .filter(|s| s.ptr == PtrState::Skipped)
            .map(|s| s.ip.clone())
            .collect::<Vec<_>>();
        (lookups.take_missing().len(), skipped)
    };
    assert_eq!(asked(max), (max, vec![]));
    // One more: the smallest sender is the one not looked up.
    assert_eq!(asked(max + 1), (max, vec![ip(max)]));
}

#[test]
fn truncated_and_mangled_files_never_panic() {
    let xml = xml_report(&[aligned_row("192.0.2.1", 3), aligned_row("192.0.2.2", 4)].concat());
    let packed = [xml.clone().into_bytes(), gzip(xml.as_bytes()), zip_of(&[("r.xml", xml.as_bytes())])];
    for bytes in &packed {
        for cut in (0..bytes.len()).step_by(7) {
            let read = read_file(&bytes[..cut]);
            // Either reports or a reason, never both, never neither.
            assert!(read.error.is_some() == read.reports.is_empty(), "cut at {cut}: {read:?}");
        }
        // Flipped bytes: the checksums (gzip, zip) or the parser catch them.
        for at in (0..bytes.len()).step_by(11) {
            let mut mangled = bytes.clone();
            mangled[at] ^= 0x55;
            let read = read_file(&mangled);
            assert!(read.error.is_some() || !read.reports.is_empty(), "flip at {at}");
        }
    }
}
