//! DNS health: the domain exists (SOA/NS), its answers are signed (DNSSEC), and a summary of
//! every lookup of the report that failed (catalog rows 1–3).
//!
//! [`FAILURES`] reads every answer the other sections asked for, so it is the last section in
//! [`super::SECTIONS`].

use std::collections::BTreeMap;

use crate::dns::{Answer, Pending, RecordData, RecordType};

use super::{say, Check, Context, Group, Level, Output, Section};

/// Catalog row 1: the domain does not exist.
pub static DNS_NXDOMAIN: Check = Check {
    code: "DNS-NXDOMAIN",
    group: Group::Dns,
    level: Level::Critical,
    title: [
        "{domain} does not exist in DNS (NXDOMAIN): nobody can send mail to it, and receivers reject mail from it.",
        "{domain} 在 DNS 中不存在（NXDOMAIN）：别人无法给它发邮件，收件方也会拒收从它发出的邮件。",
    ],
    fix: [
        "Check the spelling. If it is right, renew the domain or fix its name servers (NS) at your registrar.",
        "请先检查域名拼写；如果没有拼错，请到域名注册商处续费，或修正域名的 DNS 服务器（NS）设置。",
    ],
};

/// Catalog row 2: lookups failed (SERVFAIL, timeout, refused), so some checks could not run.
pub static DNS_QUERY_FAILED: Check = Check {
    code: "DNS-QUERY-FAILED",
    group: Group::Dns,
    level: Level::Warning,
    title: [
        "{count} DNS lookup(s) failed, so the checks that need them could not run: {lookups}.",
        "有 {count} 个 DNS 查询失败，依赖这些查询的检查无法完成：{lookups}。",
    ],
    fix: [
        "Try again later. If it keeps failing, ask your DNS host to check the zone (a DNSSEC mistake, a name server that does not answer), or choose another DNS service in the settings.",
        "请稍后重试。如果一直失败，请让 DNS 服务商检查域名解析（例如 DNSSEC 配置错误、某台 DNS 服务器不响应），或在设置中换一个 DNS 解析服务。",
    ],
};

/// Catalog row 3: the answers are not signed with DNSSEC (only a validating resolver can tell).
pub static DNSSEC_STATUS: Check = Check {
    code: "DNSSEC-STATUS",
    group: Group::Dns,
    level: Level::Info,
    title: [
        "The DNS answers for {domain} are not signed with DNSSEC (or their signatures could not be validated).",
        "{domain} 的 DNS 解析没有启用 DNSSEC 签名（或签名无法通过验证）。",
    ],
    fix: [
        "Optional: turn on DNSSEC at your DNS host, then add the DS record it shows at your registrar.",
        "可选：在 DNS 服务商处开启 DNSSEC，再把它给出的 DS 记录添加到域名注册商处。",
    ],
};

/// Existence and DNSSEC of the domain.
pub static SECTION: Section = Section { groups: &[Group::Dns], checks: &[&DNS_NXDOMAIN, &DNSSEC_STATUS], run };

/// The summary of failed lookups; must come after every other section.
pub static FAILURES: Section = Section { groups: &[Group::Dns], checks: &[&DNS_QUERY_FAILED], run: run_failures };

/// How many failed lookups the summary names; the rest are counted.
const MAX_FAILURES_NAMED: usize = 5;

fn run(cx: &Context, out: &mut Output) -> Result<(), Pending> {
    let lang = cx.options.lang;
    // Both at once: they are independent, and a driver fetches one round in parallel.
    let soa = cx.lookups.lookup(&cx.domain, RecordType::Soa);
    let ns = cx.lookups.lookup(&cx.domain, RecordType::Ns);
    let (soa, ns) = (soa?, ns?);

    for record in ns.records(RecordType::Ns) {
        if let RecordData::Ns { target } = record {
            out.fact(Group::Dns, "ns", target.as_str());
        }
    }
    let nxdomain = matches!(soa, Answer::NxDomain { .. }) || matches!(ns, Answer::NxDomain { .. });
    if nxdomain {
        out.findings.push(DNS_NXDOMAIN.problem(lang, &[("domain", &cx.domain)]));
        // Whether a name that does not exist is signed is of no interest to a sender.
        return Ok(());
    }
    if let (Answer::Failed { reason }, Answer::Failed { .. }) = (soa, ns) {
        out.findings.push(DNS_NXDOMAIN.unknown(lang, reason));
        out.findings.push(DNSSEC_STATUS.unknown(lang, reason));
        return Ok(());
    }

    // The AD bit is only the resolver's word: a resolver that does not validate never sets it.
    if !cx.options.validating_resolver {
        // Not a lookup that failed, and nothing wrong with the domain: a fact, so that the DNS
        // light stays what the domain's own answers make it (AliDNS users would see it grey).
        out.fact(
            Group::Dns,
            "dnssec",
            say(
                lang,
                "not verified: this DNS service does not validate DNSSEC (Cloudflare and Google do)",
                "未验证：当前 DNS 解析服务不验证 DNSSEC（Cloudflare 和 Google 会验证）",
            ),
        );
        return Ok(());
    }
    let answered = [soa, ns].into_iter().filter(|a| !a.is_failed()).collect::<Vec<_>>();
    if answered.iter().any(|a| a.is_authenticated()) {
        out.fact(Group::Dns, "dnssec", "signed");
    } else {
        out.fact(Group::Dns, "dnssec", "unsigned");
        out.findings.push(DNSSEC_STATUS.problem(lang, &[("domain", &cx.domain)]));
    }
    Ok(())
}

fn run_failures(cx: &Context, out: &mut Output) -> Result<(), Pending> {
    let lang = cx.options.lang;
    // Failed lookups by name and reason, with their types: a dead zone fails SOA, NS and MX
    // of one name for one reason, which reads best as one line.
    let mut failed: BTreeMap<(&str, &str), Vec<RecordType>> = BTreeMap::new();
    let mut count = 0;
    for (query, answer) in cx.lookups.dns_answers() {
        let Answer::Failed { reason } = answer else { continue };
        // Blocklists refuse or fail for public resolvers as a matter of policy: that says
        // nothing about the domain's DNS, and BL-UNAVAILABLE reports it.
        if super::blocklists::is_blocklist_query(&query.name) {
            continue;
        }
        // Zone fixtures and some resolvers put the name before the reason; it is shown already.
        let reason = reason.strip_prefix(query.name.as_str()).and_then(|r| r.strip_prefix(": ")).unwrap_or(reason);
        failed.entry((query.name.as_str(), reason)).or_default().push(query.rtype);
        count += 1;
    }
    if failed.is_empty() {
        return Ok(());
    }
    let mut named: Vec<String> = failed
        .iter()
        .take(MAX_FAILURES_NAMED)
        .map(|((name, reason), types)| {
            let mut types = types.clone();
            types.sort();
            let types: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
            let types = types.join("/");
            say(lang, format!("{name} {types} ({reason})"), format!("{name} {types}（{reason}）"))
        })
        .collect();
    if failed.len() > MAX_FAILURES_NAMED {
        let more = failed.len() - MAX_FAILURES_NAMED;
        named.push(say(lang, format!("and {more} more names"), format!("另有 {more} 个名称")));
    }
    let separator = say(lang, "; ", "；");
    let count = count.to_string();
    out.findings.push(DNS_QUERY_FAILED.problem(lang, &[("count", &count), ("lookups", &named.join(&separator))]));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{Context, DomainOptions, Output, Status};
    use super::*;
    use crate::dns::{Lookups, Query};
    use crate::report::Lang;

    fn answer(authenticated: bool) -> Answer {
        Answer::NoError { records: vec![], authenticated, negative_ttl: None }
    }

    fn run_with(options: &DomainOptions, lookups: &Lookups, section: &Section) -> Output {
        let cx = Context { options, domain: options.domain.clone(), lookups };
        let mut out = Output::default();
        (section.run)(&cx, &mut out).expect("every answer is in");
        out
    }

    fn store(soa: Answer, ns: Answer) -> Lookups {
        let mut lookups = Lookups::new();
        lookups.insert_dns(Query::new("example.com", RecordType::Soa), soa);
        lookups.insert_dns(Query::new("example.com", RecordType::Ns), ns);
        lookups
    }

    #[test]
    fn dnssec_is_a_fact_not_a_finding_through_a_resolver_that_does_not_validate() {
        let lookups = store(answer(false), answer(false));
        let mut options = DomainOptions { domain: "example.com".into(), ..Default::default() };
        let out = run_with(&options, &lookups, &SECTION);
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert!(
            out.facts.iter().any(|f| f.label == "dnssec" && f.value.contains("does not validate")),
            "{:?}",
            out.facts
        );

        options.validating_resolver = true;
        let out = run_with(&options, &lookups, &SECTION);
        assert_eq!((out.findings[0].code, out.findings[0].status), ("DNSSEC-STATUS", Status::Problem));
        let signed = store(answer(true), answer(true));
        assert!(run_with(&options, &signed, &SECTION).findings.is_empty());
    }

    #[test]
    fn a_failed_soa_with_a_good_ns_answer_is_not_a_missing_domain() {
        let lookups = store(Answer::Failed { reason: "SERVFAIL".into() }, answer(false));
        let options = DomainOptions { domain: "example.com".into(), validating_resolver: true, ..Default::default() };
        let out = run_with(&options, &lookups, &SECTION);
        assert!(out.findings.iter().all(|f| f.code != "DNS-NXDOMAIN"), "{:?}", out.findings);
    }

    #[test]
    fn failed_lookups_are_summarised_once_without_the_blocklists() {
        let mut lookups = Lookups::new();
        for i in 0..7 {
            lookups.insert_dns(
                Query::new(&format!("n{i}.example.com"), RecordType::A),
                Answer::Failed { reason: "timeout".into() },
            );
        }
        lookups.insert_dns(
            Query::new("2.0.0.127.zen.spamhaus.org", RecordType::A),
            Answer::Failed { reason: "SERVFAIL".into() },
        );
        lookups.insert_dns(Query::new("example.com", RecordType::Mx), answer(false));
        let options = DomainOptions { domain: "example.com".into(), ..Default::default() };
        let out = run_with(&options, &lookups, &FAILURES);
        assert_eq!(out.findings.len(), 1);
        let message = &out.findings[0].message;
        assert!(message.starts_with("7 DNS lookup(s) failed"), "{message}");
        assert!(message.contains("n0.example.com A (timeout)") && message.contains("and 2 more names"), "{message}");
        assert!(!message.contains("spamhaus"), "{message}");
    }

    #[test]
    fn failures_of_one_name_for_one_reason_read_as_one_line() {
        let mut lookups = Lookups::new();
        for rtype in [RecordType::Soa, RecordType::Mx, RecordType::Ns] {
            let reason = "example.com: SERVFAIL".to_string();
            lookups.insert_dns(Query::new("example.com", rtype), Answer::Failed { reason });
        }
        let options = DomainOptions { domain: "example.com".into(), lang: Lang::ZhCn, ..Default::default() };
        let out = run_with(&options, &lookups, &FAILURES);
        assert_eq!(
            out.findings[0].message,
            "有 3 个 DNS 查询失败，依赖这些查询的检查无法完成：example.com MX/NS/SOA（SERVFAIL）。"
        );
    }

    #[test]
    fn the_failure_summary_runs_after_every_other_section() {
        // It reads the answers the other sections asked for: anything after it goes unsummarised.
        let last = super::super::SECTIONS.last().expect("sections are registered");
        assert!(std::ptr::eq(*last, &FAILURES), "dns_health::FAILURES must be the last entry of SECTIONS");
    }
}
