//! SMTP TLS Reporting (RFC 8460, catalog row 56): with MTA-STS, a `_smtp._tls` record tells
//! senders where to report TLS failures; without it, a broken policy goes unnoticed.

use crate::dns::{Answer, Pending, RecordType};
use crate::report::Lang;

use super::mta_sts::sts_records;
use super::say;
use super::{Check, Context, Group, Level, Output, PublishRecord, Section};

/// Catalog row 56: MTA-STS without a valid TLS-RPT record.
pub static TLSRPT_INVALID_OR_MISSING: Check = Check {
    code: "TLSRPT-INVALID-OR-MISSING",
    group: Group::TransportSecurity,
    level: Level::Info,
    title: [
        "{domain} uses MTA-STS but has no valid TLS-RPT record ({detail}), so nobody tells you when TLS delivery to you fails.",
        "{domain} 启用了 MTA-STS，但没有有效的 TLS-RPT 记录（{detail}），向您投递的 TLS 连接失败时您不会收到报告。",
    ],
    fix: [
        "Publish one TXT record at _smtp._tls.{domain}: `v=TLSRPTv1; rua=mailto:tlsrpt@{domain}`.",
        "在 _smtp._tls.{domain} 添加一条 TXT 记录：`v=TLSRPTv1; rua=mailto:tlsrpt@{domain}`。",
    ],
};

/// The TLS-RPT section.
pub static SECTION: Section =
    Section { groups: &[Group::TransportSecurity], checks: &[&TLSRPT_INVALID_OR_MISSING], run };

/// What is wrong with a TLS-RPT record (RFC 8460 §3): `v=TLSRPTv1` first, then `rua=` with
/// comma-separated `mailto:` or `https:` URIs.
fn record_problems(record: &str, lang: Lang) -> Vec<String> {
    let fields = super::tag_list(record);
    let mut problems = Vec::new();
    if fields.first() != Some(&("v", "TLSRPTv1")) {
        problems.push(say(lang, "it must start with `v=TLSRPTv1;`", "记录必须以 `v=TLSRPTv1;` 开头"));
    }
    match fields.iter().find(|(k, _)| *k == "rua") {
        None => problems.push(say(lang, "it has no `rua=`", "缺少 `rua=`")),
        Some((_, uris)) => {
            for uri in uris.split(',').map(str::trim) {
                let lower = uri.to_ascii_lowercase();
                let valid = lower.strip_prefix("mailto:").is_some_and(|a| a.contains('@'))
                    || lower.strip_prefix("https://").is_some_and(|rest| !rest.is_empty());
                if !valid {
                    problems.push(say(
                        lang,
                        format!("`{uri}` is not a mailto: or https: address"),
                        format!("`{uri}` 不是 mailto: 或 https: 地址"),
                    ));
                }
            }
        }
    }
    problems
}

fn run(cx: &Context, out: &mut Output) -> Result<(), Pending> {
    let lang = cx.options.lang;
    let sts = cx.lookups.lookup(&format!("_mta-sts.{}", cx.domain), RecordType::Txt);
    let tlsrpt = cx.lookups.lookup(&format!("_smtp._tls.{}", cx.domain), RecordType::Txt);
    let (sts, tlsrpt) = (sts?, tlsrpt?);
    // Without MTA-STS, TLS-RPT is optional; an unreadable `_mta-sts` is MTA-STS-INVALID's.
    if sts.is_failed() || sts_records(sts).is_empty() {
        return Ok(());
    }
    if let Answer::Failed { reason } = tlsrpt {
        out.findings.push(TLSRPT_INVALID_OR_MISSING.unknown_with(lang, reason, &[("domain", &cx.domain)]));
        return Ok(());
    }
    let records: Vec<String> = tlsrpt
        .txt()
        .into_iter()
        .filter(|r| r.trim_start().get(..10).is_some_and(|v| v.eq_ignore_ascii_case("v=tlsrptv1")))
        .collect();
    let detail = match records.as_slice() {
        [] => say(lang, "no record at _smtp._tls", "_smtp._tls 下没有记录"),
        [record] => {
            out.fact(Group::TransportSecurity, "tls-rpt", record.as_str());
            let problems = record_problems(record, lang);
            if problems.is_empty() {
                return Ok(());
            }
            problems.join(&say(lang, "; ", "；"))
        }
        _ => say(
            lang,
            format!("{} records at _smtp._tls; there must be exactly one", records.len()),
            format!("_smtp._tls 下有 {} 条记录，只能有一条", records.len()),
        ),
    };
    let mut finding = TLSRPT_INVALID_OR_MISSING.problem(lang, &[("domain", &cx.domain), ("detail", &detail)]);
    let record = PublishRecord {
        host: "_smtp._tls".into(),
        rtype: "TXT",
        value: format!("v=TLSRPTv1; rua=mailto:tlsrpt@{}", cx.domain),
    };
    finding.record = Some(record.clone());
    out.records.push(record);
    out.findings.push(finding);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_need_the_version_first_and_report_uris() {
        assert!(record_problems("v=TLSRPTv1; rua=mailto:tlsrpt@x.test,https://r.x.test/tls", Lang::En).is_empty());
        assert_eq!(record_problems("v=TLSRPTv1;", Lang::En).len(), 1);
        assert_eq!(record_problems("rua=mailto:a@x.test; v=TLSRPTv1", Lang::En).len(), 1);
        let problems = record_problems("v=TLSRPTv1; rua=tlsrpt@x.test", Lang::En);
        assert!(problems[0].contains("tlsrpt@x.test"), "{problems:?}");
    }
}
