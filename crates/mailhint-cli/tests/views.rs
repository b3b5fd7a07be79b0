//! `mailhint domain`'s text report shows the SPF include tree and the two DMARC views as
//! readable blocks (not a dump of the report's JSON), in English and Chinese, over the domain
//! check's fixture zones.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../mailhint-core/tests/domain-fixtures")
}

/// `mailhint domain --zone world.zone --zone <code>/<kind>.zone <kind>.<code>.test`, its output
/// with runs of spaces made one (the columns' padding is not what is asserted).
fn domain(code: &str, kind: &str, lang: &str) -> String {
    let zone = fixtures().join(code).join(format!("{kind}.zone"));
    // The fixture's `;@ domain`, else the convention's `<kind>.<code>.test`.
    let text = std::fs::read_to_string(&zone).expect("the fixture exists");
    let named = text.lines().find_map(|l| l.trim().strip_prefix(";@ domain").map(|d| d.trim().to_string()));
    let name = named.unwrap_or_else(|| format!("{kind}.{}.test", code.to_ascii_lowercase()));
    let out = Command::new(env!("CARGO_BIN_EXE_mailhint"))
        .args(["domain", "--lang", lang, "--zone"])
        .arg(fixtures().join("world.zone"))
        .arg("--zone")
        .arg(&zone)
        .arg(&name)
        .output()
        .expect("the mailhint binary runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(!text.contains('\x1b'), "no colours when not on a terminal");
    text.lines()
        .map(|l| l.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_lines(text: &str, lines: &[&str]) {
    let have: Vec<&str> = text.lines().collect();
    for line in lines {
        assert!(have.contains(line), "no line {line:?} in:\n{text}");
    }
}

/// Lines in order, each after the one before.
fn assert_in_order(text: &str, lines: &[&str]) {
    let have: Vec<&str> = text.lines().collect();
    let mut at = 0;
    for line in lines {
        match have[at..].iter().position(|l| l == line) {
            Some(i) => at += i + 1,
            None => panic!("no line {line:?} after line {at} in:\n{text}"),
        }
    }
}

#[test]
fn the_spf_tree_counts_every_lookup_and_marks_where_the_limit_is_crossed() {
    let text = domain("SPF-LOOKUPS-EXCEEDED", "trigger", "en");
    assert_in_order(
        &text,
        &[
            "SPF lookups (the limit is 10)",
            "trigger.spf-lookups-exceeded.test",
            "├─ a +1 → 1 of 10",
            "├─ mx +1 → 2 of 10",
            "├─ include:spf.qiye.aliyun.com +1 → 3 of 10",
            "├─ include:servers.mcsv.net +1 → 9 of 10",
            "└─ include:_spf.crm.trigger.spf-lookups-exceeded.test +1 → 10 of 10",
            "── limit reached: receivers stop here, and the next lookup makes SPF fail (permerror) ──",
            // The lookup inside the CRM's include is the eleventh.
            "└─ a:crm.trigger.spf-lookups-exceeded.test +1 → 11 of 10 [over the limit]",
            "Total: 11 of 10 DNS lookups: over the limit, SPF fails (permerror) for every message",
            "Void lookups: 0 of 2",
        ],
    );
    // No JSON outline any more.
    for dump in ["cumulative_lookups", "total_lookups", "children:", "applied: -", "rfc7489:"] {
        assert!(!text.contains(dump), "{dump:?} in:\n{text}");
    }

    let zh = domain("SPF-LOOKUPS-EXCEEDED", "trigger", "zh-CN");
    assert_in_order(
        &zh,
        &[
            "SPF 查询次数（上限 10 次）",
            "├─ a +1 → 1 / 10",
            "── 已达上限：收件方查到这里为止，再多一次查询 SPF 就会失败（permerror）──",
            "└─ a:crm.trigger.spf-lookups-exceeded.test +1 → 11 / 10 [超出上限]",
            "合计：11 / 10 次 DNS 查询，超出上限，所有邮件的 SPF 都会失败（permerror）",
        ],
    );

    // Under the limit: no limit line, the total alone.
    let pass = domain("SPF-LOOKUPS-EXCEEDED", "pass", "en");
    assert!(!pass.contains("limit reached"), "{pass}");
    assert!(pass.lines().any(|l| l.starts_with("Total: ") && l.ends_with(" of 10 DNS lookups")), "{pass}");
}

#[test]
fn void_lookups_and_dead_includes_are_marked_on_their_terms() {
    let text = domain("SPF-VOID-LOOKUPS", "trigger", "en");
    assert_in_order(
        &text,
        &[
            "├─ a:mail.trigger.spf-void-lookups.test +1 → 2 of 10 [void lookup]",
            "│ ! “a:mail.trigger.spf-void-lookups.test”: mail.trigger.spf-void-lookups.test has no A/AAAA records",
            "└─ a:crm-old.trigger.spf-void-lookups.test +1 → 4 of 10 [void lookup]",
            "Total: 4 of 10 DNS lookups",
            "Void lookups: 3 of 2: over the limit, SPF fails (permerror)",
        ],
    );
    let text = domain("SPF-INCLUDE-BROKEN", "trigger", "en");
    assert_in_order(
        &text,
        &["└─ include:sendgird.net +1 → 2 of 10 [void lookup] [does not exist]", "✗ sendgird.net does not exist"],
    );
    let zh = domain("SPF-INCLUDE-BROKEN", "trigger", "zh-CN");
    assert_lines(&zh, &["└─ include:sendgird.net +1 → 2 / 10 [空查询] [域名不存在]", "✗ sendgird.net 这个域名不存在"]);
    // A syntax error of the domain's own record, under its line.
    let text = domain("SPF-SYNTAX", "trigger", "en");
    assert_in_order(
        &text,
        &["trigger.spf-syntax.test [invalid record]", "✗ “inculde” is not an SPF mechanism; did you mean “include”?"],
    );
}

#[test]
fn the_dmarc_views_side_by_side_say_what_differs() {
    let text = domain("DMARC-7489-9989-MISMATCH", "trigger", "en");
    assert_in_order(
        &text,
        &[
            "DMARC: old and new receivers",
            "RFC 7489 (most receivers today) | RFC 9989 (2026)",
            "policy domain dmarc-7489-9989-mismatch.test | dmarc-7489-9989-mismatch.test",
            "org domain ≠ dmarc-7489-9989-mismatch.test | trigger.dmarc-7489-9989-mismatch.test",
            "record v=DMARC1; p=reject; psd=y; rua=mailto:dmarc@trigger.dmarc-7489-9989-mismatch.test (both)",
            "p (the domain) reject | reject",
            "sp (subdomains) reject | reject",
            "np (non-existent) reject (sp: no np) | reject",
            "applied to its mail reject | reject",
            "They differ in: org domain.",
        ],
    );
    let zh = domain("DMARC-7489-9989-MISMATCH", "trigger", "zh-CN");
    assert_in_order(
        &zh,
        &[
            "DMARC：旧版与新版收件方",
            "RFC 7489（目前多数收件方） | RFC 9989（2026 年）",
            "组织域名 ≠ dmarc-7489-9989-mismatch.test | trigger.dmarc-7489-9989-mismatch.test",
            "两者不同之处：组织域名。",
        ],
    );

    let pass = domain("DMARC-7489-9989-MISMATCH", "pass", "en");
    assert_lines(&pass, &["org domain dmarc-views-agree.test | dmarc-views-agree.test", "Same for both."]);
    assert!(!pass.contains('≠'), "{pass}");
    assert_lines(&domain("DMARC-7489-9989-MISMATCH", "pass", "zh-CN"), &["两者相同。"]);

    // No record at all: said once, not as a difference.
    let none = domain("DMARC-MISSING", "trigger", "en");
    assert_lines(&none, &["record none | none", "No DMARC record either way."]);
}
