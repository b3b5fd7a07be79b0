//! MTA-STS (RFC 8461, catalog rows 54–55): the `_mta-sts` TXT record, the policy served at
//! `https://mta-sts.<domain>/.well-known/mta-sts.txt`, and whether it covers every MX host.
//!
//! A domain without MTA-STS is fine (it is optional); a published but broken one is not: senders
//! ignore it, or in `enforce` mode refuse to deliver to MX hosts it does not list.

use crate::dns::{Answer, HttpsResponse, Pending, RecordType};
use crate::report::Lang;

use super::mx::mx_hosts;
use super::say;
use super::{Check, Context, Group, Level, Output, Section};

/// Catalog row 54: the record or the policy is broken.
pub static MTA_STS_INVALID: Check = Check {
    code: "MTA-STS-INVALID",
    group: Group::TransportSecurity,
    level: Level::Warning,
    title: [
        "MTA-STS is published for {domain} but broken: {detail}.",
        "{domain} 发布了 MTA-STS，但配置有误：{detail}。",
    ],
    fix: [
        "Fix the TXT record at _mta-sts.{domain} and the policy file at https://mta-sts.{domain}/.well-known/mta-sts.txt (HTTP 200 straight away, Content-Type text/plain, no redirect), then change the record's id= so that senders fetch the policy again. Senders ignore a broken policy, or fail to deliver in enforce mode.",
        "修正 _mta-sts.{domain} 的 TXT 记录和策略文件 https://mta-sts.{domain}/.well-known/mta-sts.txt（必须直接返回 HTTP 200、Content-Type 为 text/plain，不能跳转），然后修改记录中的 id= 值，让发件方重新读取策略。策略有误时，发件方会忽略它；在 enforce 模式下还可能无法投递。",
    ],
};

/// Catalog row 55: an MX host the policy does not list (error in enforce, warning in testing).
pub static MTA_STS_MX_NOT_COVERED: Check = Check {
    code: "MTA-STS-MX-NOT-COVERED",
    group: Group::TransportSecurity,
    level: Level::Error,
    title: [
        "MX host {host} is not listed in the MTA-STS policy of {domain} (mode {mode}): in enforce mode senders refuse to deliver to it.",
        "MX 主机 {host} 不在 {domain} 的 MTA-STS 策略中（当前模式 {mode}），在 enforce 模式下发件方会拒绝向它投递。",
    ],
    fix: [
        "Add `mx: {host}` (or a `*.` pattern that matches it) to the policy file, then change id= in the _mta-sts record.",
        "在策略文件中添加 `mx: {host}`（或能匹配它的 `*.` 通配写法），然后修改 _mta-sts 记录中的 id= 值。",
    ],
};

/// The MTA-STS section.
pub static SECTION: Section =
    Section { groups: &[Group::TransportSecurity], checks: &[&MTA_STS_INVALID, &MTA_STS_MX_NOT_COVERED], run };

/// RFC 8461 §3.2: `max_age` is at most 31557600 seconds (about a year).
const MAX_AGE_LIMIT: u64 = 31_557_600;

/// The MTA-STS records among the TXT records of `_mta-sts.<domain>`: RFC 8461 §3.1 discards
/// the others. Matched without case so that `V=STSV1` shows as an error, not as absent.
pub(crate) fn sts_records(answer: &Answer) -> Vec<String> {
    answer
        .txt()
        .into_iter()
        .filter(|r| r.trim_start().get(..7).is_some_and(|v| v.eq_ignore_ascii_case("v=stsv1")))
        .collect()
}

/// What is wrong with an `_mta-sts` record (`v=STSv1; id=…`), in the report's language.
fn record_problems(record: &str, lang: Lang) -> Vec<String> {
    let mut problems = Vec::new();
    let fields = super::tag_list(record);
    if fields.first() != Some(&("v", "STSv1")) {
        problems.push(say(lang, "the record must start with `v=STSv1;`", "记录必须以 `v=STSv1;` 开头"));
    }
    match fields.iter().find(|(k, _)| *k == "id") {
        None => problems.push(say(lang, "the record has no `id=`", "记录缺少 `id=`")),
        Some((_, id)) if id.is_empty() || id.len() > 32 || !id.chars().all(|c| c.is_ascii_alphanumeric()) => problems
            .push(say(
                lang,
                format!("`id={id}` must be 1 to 32 letters and digits"),
                format!("`id={id}` 只能是 1 到 32 位字母或数字"),
            )),
        Some(_) => {}
    }
    problems
}

/// A policy, as far as it could be read.
#[derive(Debug, Default, PartialEq)]
struct Policy {
    mode: Option<String>,
    mx: Vec<String>,
}

/// Whether `pattern` is an `mx:` value RFC 8461 §3.2 allows: a host name, or `*.` and a host
/// name; never an address.
fn is_mx_pattern(pattern: &str) -> bool {
    let name = pattern.strip_prefix("*.").unwrap_or(pattern).trim_end_matches('.');
    let labels: Vec<&str> = name.split('.').collect();
    labels.len() >= 2
        && name.parse::<std::net::IpAddr>().is_err()
        && !labels.last().is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
        && labels.iter().all(|l| {
            !l.is_empty() && l.len() <= 63 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

/// Whether MX host `host` matches policy pattern `pattern` (`*.` stands for exactly one label).
fn mx_matches(pattern: &str, host: &str) -> bool {
    let pattern = pattern.trim_end_matches('.').to_ascii_lowercase();
    match pattern.strip_prefix("*.") {
        Some(rest) => host.split_once('.').is_some_and(|(first, tail)| !first.is_empty() && tail == rest),
        None => pattern == host,
    }
}

/// Reads a policy body (RFC 8461 §3.2): `key: value` lines, CRLF or LF.
fn parse_policy(body: &str, lang: Lang) -> (Policy, Vec<String>) {
    let mut policy = Policy::default();
    let mut problems = Vec::new();
    let (mut version, mut max_age) = (None, None);
    for (number, line) in body.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            problems.push(say(
                lang,
                format!("policy line {} is not `key: value`", number + 1),
                format!("策略第 {} 行不是 `键: 值` 格式", number + 1),
            ));
            continue;
        };
        let value = value.trim().to_string();
        let slot = match key.trim() {
            "version" => &mut version,
            "mode" => &mut policy.mode,
            "max_age" => &mut max_age,
            "mx" => {
                if !is_mx_pattern(&value) {
                    problems.push(say(
                        lang,
                        format!("`mx: {value}` is not a host name pattern"),
                        format!("`mx: {value}` 不是有效的主机名写法"),
                    ));
                }
                policy.mx.push(value);
                continue;
            }
            // RFC 8461 allows extension keys; receivers ignore them.
            _ => continue,
        };
        if slot.is_some() {
            problems.push(say(lang, format!("`{}` appears twice", key.trim()), format!("`{}` 出现了两次", key.trim())));
        } else {
            *slot = Some(value);
        }
    }
    if version.as_deref() != Some("STSv1") {
        problems.push(say(lang, "the policy needs `version: STSv1`", "策略缺少 `version: STSv1`"));
    }
    if !matches!(policy.mode.as_deref(), Some("enforce" | "testing" | "none")) {
        problems.push(say(
            lang,
            "the policy needs `mode:` enforce, testing or none",
            "策略的 `mode:` 必须是 enforce、testing 或 none",
        ));
    }
    if max_age.as_deref().and_then(|v| v.parse::<u64>().ok()).is_none_or(|v| v > MAX_AGE_LIMIT) {
        problems.push(say(
            lang,
            "the policy needs `max_age:` in seconds, at most 31557600",
            "策略的 `max_age:` 必须是不超过 31557600 的秒数",
        ));
    }
    if matches!(policy.mode.as_deref(), Some("enforce" | "testing")) && policy.mx.is_empty() {
        problems.push(say(lang, "the policy lists no `mx:` host", "策略中没有任何 `mx:` 主机"));
    }
    (policy, problems)
}

/// What is wrong with the HTTPS response, or the policy it carries.
fn fetch_policy(response: &HttpsResponse, lang: Lang) -> Result<(Policy, Vec<String>), String> {
    let (status, content_type, location, body) = match response {
        HttpsResponse::Failed { reason } => {
            return Err(say(
                lang,
                format!("the policy file could not be fetched ({reason})"),
                format!("无法获取策略文件（{reason}）"),
            ))
        }
        HttpsResponse::Answered { status, content_type, location, body } => (*status, content_type, location, body),
    };
    if (300..400).contains(&status) {
        let to = location.as_deref().unwrap_or("?");
        return Err(say(
            lang,
            format!("the policy URL redirects (HTTP {status} to {to}); MTA-STS does not follow redirects"),
            format!("策略地址发生跳转（HTTP {status} 到 {to}），MTA-STS 不允许跳转"),
        ));
    }
    if status != 200 {
        return Err(say(lang, format!("the policy URL answers HTTP {status}"), format!("策略地址返回 HTTP {status}")));
    }
    let media_type = content_type.as_deref().map(|t| t.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
    if media_type.as_deref() != Some("text/plain") {
        let served = content_type.as_deref().unwrap_or("no Content-Type");
        return Err(say(
            lang,
            format!("the policy is served as {served}, not text/plain"),
            format!("策略文件的类型是 {served}，而不是 text/plain"),
        ));
    }
    Ok(parse_policy(&String::from_utf8_lossy(body), lang))
}

fn run(cx: &Context, out: &mut Output) -> Result<(), Pending> {
    let lang = cx.options.lang;
    let txt = cx.lookups.lookup(&format!("_mta-sts.{}", cx.domain), RecordType::Txt);
    let mx = cx.lookups.lookup(&cx.domain, RecordType::Mx);
    let (txt, mx) = (txt?, mx?);
    if let Answer::Failed { reason } = txt {
        out.findings.push(MTA_STS_INVALID.unknown_with(lang, reason, &[("domain", &cx.domain)]));
        return Ok(());
    }
    let records = sts_records(txt);
    let invalid = |detail: &str| MTA_STS_INVALID.problem(lang, &[("domain", &cx.domain), ("detail", detail)]);
    let separator = say(lang, "; ", "；");
    match records.as_slice() {
        [] => return Ok(()),
        [record] => {
            out.fact(Group::TransportSecurity, "mta-sts", record.as_str());
            let problems = record_problems(record, lang);
            if !problems.is_empty() {
                out.findings.push(invalid(&problems.join(&separator)));
            }
        }
        _ => {
            let detail = say(
                lang,
                format!("_mta-sts has {} records; senders ignore MTA-STS unless there is exactly one", records.len()),
                format!("_mta-sts 有 {} 条记录，只有一条时发件方才会采用", records.len()),
            );
            out.findings.push(invalid(&detail));
            return Ok(());
        }
    }

    let url = format!("https://mta-sts.{}/.well-known/mta-sts.txt", cx.domain);
    let (policy, problems) = match fetch_policy(cx.lookups.https(&url)?, lang) {
        Ok(read) => read,
        Err(detail) => {
            out.findings.push(invalid(&detail));
            return Ok(());
        }
    };
    if !problems.is_empty() {
        out.findings.push(invalid(&problems.join(&separator)));
    }
    let Some(mode) = policy.mode.as_deref().filter(|m| matches!(*m, "enforce" | "testing")) else { return Ok(()) };
    out.fact(Group::TransportSecurity, "mta-sts mode", mode);
    if let Answer::Failed { reason } = mx {
        let host = say(lang, "<each MX host>", "<每个 MX 主机>");
        out.findings.push(MTA_STS_MX_NOT_COVERED.unknown_with(lang, reason, &[("host", &host)]));
        return Ok(());
    }
    for host in mx_hosts(mx) {
        if !policy.mx.iter().any(|pattern| mx_matches(pattern, &host)) {
            let mut finding =
                MTA_STS_MX_NOT_COVERED.problem(lang, &[("domain", &cx.domain), ("host", &host), ("mode", mode)]);
            if mode == "testing" {
                // Testing mode only reports failures; nothing is refused yet.
                finding.level = Level::Warning;
            }
            out.findings.push(finding);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::{Lookups, Query, Record, RecordData};
    use crate::domain::{DomainFinding, DomainOptions, Status};

    const POLICY: &str = "version: STSv1\r\nmode: enforce\r\nmx: mxbiz1.qq.com\r\nmx: *.qq.com\r\nmax_age: 604800\r\n";

    fn txt(strings: &[&str]) -> Answer {
        let records = strings
            .iter()
            .map(|s| Record {
                name: "n.test".into(),
                ttl: 60,
                data: RecordData::Txt { strings: vec![s.as_bytes().to_vec()] },
            })
            .collect();
        Answer::NoError { records, authenticated: false, negative_ttl: None }
    }

    fn answered(status: u16, content_type: Option<&str>, location: Option<&str>, body: &str) -> HttpsResponse {
        HttpsResponse::Answered {
            status,
            content_type: content_type.map(str::to_string),
            location: location.map(str::to_string),
            body: body.as_bytes().to_vec(),
        }
    }

    fn run_with(record: &str, response: HttpsResponse, mx: &[&str]) -> Vec<DomainFinding> {
        let mut lookups = Lookups::new();
        lookups.insert_dns(Query::new("_mta-sts.x.test", RecordType::Txt), txt(&[record]));
        let records = mx
            .iter()
            .map(|h| Record {
                name: "x.test".into(),
                ttl: 60,
                data: RecordData::Mx { preference: 10, exchange: h.to_string() },
            })
            .collect();
        lookups.insert_dns(
            Query::new("x.test", RecordType::Mx),
            Answer::NoError { records, authenticated: false, negative_ttl: None },
        );
        lookups.insert_https("https://mta-sts.x.test/.well-known/mta-sts.txt".into(), response);
        let options = DomainOptions { domain: "x.test".into(), ..Default::default() };
        let cx = Context { options: &options, domain: "x.test".into(), lookups: &lookups };
        let mut out = Output::default();
        run(&cx, &mut out).expect("every answer is in");
        out.findings
    }

    #[test]
    fn a_good_policy_covering_every_mx_raises_nothing() {
        let ok = answered(200, Some("text/plain; charset=utf-8"), None, POLICY);
        assert_eq!(run_with("v=STSv1; id=20261126T0900;", ok, &["mxbiz1.qq.com", "mxbiz2.qq.com"]), vec![]);
    }

    #[test]
    fn redirects_wrong_types_and_errors_make_the_policy_invalid() {
        let cases = [
            (answered(301, Some("text/html"), Some("https://www.x.test/"), ""), "redirects"),
            (answered(404, Some("text/html"), None, "not found"), "HTTP 404"),
            (answered(200, Some("text/html"), None, POLICY), "text/html"),
            (answered(200, None, None, POLICY), "no Content-Type"),
            (HttpsResponse::Failed { reason: "certificate expired".into() }, "certificate expired"),
        ];
        for (response, expected) in cases {
            let findings = run_with("v=STSv1; id=1;", response, &["mxbiz1.qq.com"]);
            assert_eq!(findings.len(), 1, "{expected}: {findings:?}");
            assert_eq!((findings[0].code, findings[0].status), ("MTA-STS-INVALID", Status::Problem));
            assert!(findings[0].message.contains(expected), "{}", findings[0].message);
        }
    }

    #[test]
    fn record_and_policy_mistakes_are_named() {
        assert_eq!(record_problems("v=STSv1; id=20261126;", Lang::En), Vec::<String>::new());
        assert_eq!(record_problems("v=STSv1;", Lang::En).len(), 1);
        assert_eq!(record_problems("v=STSv1; id=2026-11-26;", Lang::En).len(), 1);
        assert_eq!(record_problems("id=1; v=STSv1", Lang::En).len(), 1);
        let (policy, problems) =
            parse_policy("version: STSv1\nmode: enforce\nmax_age: 99999999\nmx: 192.0.2.1\nbad line\n", Lang::En);
        assert_eq!(policy.mode.as_deref(), Some("enforce"));
        assert_eq!(problems.len(), 3, "{problems:?}");
        let (_, problems) = parse_policy("version: STSv1\nmode: testing\nmax_age: 86400\n", Lang::En);
        assert!(problems.iter().any(|p| p.contains("no `mx:`")), "{problems:?}");
    }

    #[test]
    fn wildcards_match_exactly_one_label() {
        assert!(mx_matches("*.mail.protection.outlook.com", "x-com.mail.protection.outlook.com"));
        assert!(!mx_matches("*.outlook.com", "x-com.mail.protection.outlook.com"));
        assert!(mx_matches("MXBIZ1.qq.com.", "mxbiz1.qq.com"));
        assert!(!mx_matches("*.qq.com", "qq.com"));
    }

    #[test]
    fn uncovered_mx_hosts_are_errors_in_enforce_and_warnings_in_testing() {
        let testing = POLICY.replace("enforce", "testing").replace("mx: *.qq.com\r\n", "");
        let findings = run_with(
            "v=STSv1; id=1;",
            answered(200, Some("text/plain"), None, &testing),
            &["mxbiz1.qq.com", "mxbiz2.qq.com"],
        );
        assert_eq!(findings.len(), 1);
        assert_eq!((findings[0].code, findings[0].level), ("MTA-STS-MX-NOT-COVERED", Level::Warning));
        assert!(findings[0].message.contains("mxbiz2.qq.com"));
    }
}
