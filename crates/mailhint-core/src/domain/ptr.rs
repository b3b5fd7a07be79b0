//! Reverse DNS of the sending IP (catalog row 53): a PTR record whose name resolves back to the
//! same address (forward-confirmed reverse DNS), which Gmail and others require of senders.

use std::net::IpAddr;

use crate::dns::{Answer, Pending, RecordData, RecordType};

use super::blocklists::reversed;
use super::say;
use super::{Check, Context, Group, Level, Output, Section};

/// Catalog row 53: the sending IP has no PTR, or its PTR name does not resolve back to it.
pub static PTR_MISSING: Check = Check {
    code: "PTR-MISSING",
    group: Group::Blocklists,
    level: Level::Error,
    title: [
        "The sending IP {ip} has no matching reverse DNS ({detail}): Gmail and other receivers reject or distrust mail from it.",
        "发信 IP {ip} 没有匹配的反向解析（{detail}），Gmail 等收件方会拒收或降低对其邮件的信任。",
    ],
    fix: [
        "Ask your hosting provider or ISP to set the PTR record of {ip} to your mail server's host name, and make sure that name has an A/AAAA record pointing back to {ip}.",
        "请联系服务器托管商或网络运营商，把 {ip} 的 PTR（反向解析）设为邮件服务器的主机名，并确保该主机名的 A/AAAA 记录解析回 {ip}。",
    ],
};

/// The reverse-DNS section (only with a sending IP).
pub static SECTION: Section = Section { groups: &[Group::Blocklists], checks: &[&PTR_MISSING], run };

/// The reverse-DNS name of `ip` (`1.2.0.192.in-addr.arpa`, `….ip6.arpa`).
pub(crate) fn reverse_name(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(_) => format!("{}.in-addr.arpa", reversed(ip)),
        IpAddr::V6(_) => format!("{}.ip6.arpa", reversed(ip)),
    }
}

fn run(cx: &Context, out: &mut Output) -> Result<(), Pending> {
    // A private address has no public reverse DNS to ask for (the blocklist section notes it).
    let Some(ip) = cx.options.ip.filter(|ip| super::mx::is_public(*ip)) else { return Ok(()) };
    let lang = cx.options.lang;
    let ip_text = ip.to_string();
    let ptr = cx.lookups.lookup(&reverse_name(ip), RecordType::Ptr)?;
    if let Answer::Failed { reason } = ptr {
        out.findings.push(PTR_MISSING.unknown_with(lang, reason, &[("ip", &ip_text)]));
        return Ok(());
    }
    let names: Vec<&str> = ptr
        .records(RecordType::Ptr)
        .filter_map(|data| match data {
            RecordData::Ptr { target } => Some(target.as_str()),
            _ => None,
        })
        .take(crate::limits::MAX_PTR_NAMES)
        .collect();
    if names.is_empty() {
        let detail = say(lang, "no PTR record", "没有 PTR 记录");
        out.findings.push(PTR_MISSING.problem(lang, &[("ip", &ip_text), ("detail", &detail)]));
        return Ok(());
    }
    for name in &names {
        out.fact(Group::Blocklists, "ptr", *name);
    }

    let family = if ip.is_ipv4() { RecordType::A } else { RecordType::Aaaa };
    let asked: Vec<_> = names.iter().map(|name| cx.lookups.lookup(name, family)).collect();
    let mut forward = Vec::with_capacity(asked.len());
    for answer in asked {
        forward.push(answer?);
    }
    let confirms = |answer: &Answer| {
        answer.records(family).any(|data| match data {
            RecordData::A { address } => IpAddr::V4(*address) == ip,
            RecordData::Aaaa { address } => IpAddr::V6(*address) == ip,
            _ => false,
        })
    };
    if forward.iter().any(|answer| confirms(answer)) {
        return Ok(());
    }
    if let Some(reason) = forward.iter().find_map(|answer| match answer {
        Answer::Failed { reason } => Some(reason),
        _ => None,
    }) {
        out.findings.push(PTR_MISSING.unknown_with(lang, reason, &[("ip", &ip_text)]));
        return Ok(());
    }
    let shown = names.join(", ");
    let detail = say(
        lang,
        format!("its PTR name {shown} does not resolve back to {ip_text}"),
        format!("PTR 主机名 {shown} 没有解析回 {ip_text}"),
    );
    out.findings.push(PTR_MISSING.problem(lang, &[("ip", &ip_text), ("detail", &detail)]));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::{Lookups, Query, Record};
    use crate::domain::{DomainFinding, DomainOptions, Status};

    fn answer(data: Vec<RecordData>) -> Answer {
        let records = data.into_iter().map(|data| Record { name: "n.test".into(), ttl: 60, data }).collect();
        Answer::NoError { records, authenticated: false, negative_ttl: None }
    }

    fn run_with(forward: Answer) -> Vec<DomainFinding> {
        let mut lookups = Lookups::new();
        let ptr = answer(vec![RecordData::Ptr { target: "mail.x.test".into() }]);
        lookups.insert_dns(Query::new("30.199.218.58.in-addr.arpa", RecordType::Ptr), ptr);
        lookups.insert_dns(Query::new("mail.x.test", RecordType::A), forward);
        let options =
            DomainOptions { domain: "x.test".into(), ip: Some("58.218.199.30".parse().unwrap()), ..Default::default() };
        let cx = Context { options: &options, domain: "x.test".into(), lookups: &lookups };
        let mut out = Output::default();
        run(&cx, &mut out).expect("every answer is in");
        out.findings
    }

    #[test]
    fn a_ptr_name_must_resolve_back_to_the_ip() {
        assert_eq!(run_with(answer(vec![RecordData::A { address: "58.218.199.30".parse().unwrap() }])), vec![]);
        let elsewhere = run_with(answer(vec![RecordData::A { address: "58.218.199.31".parse().unwrap() }]));
        assert_eq!((elsewhere[0].code, elsewhere[0].status), ("PTR-MISSING", Status::Problem));
        assert!(elsewhere[0].message.contains("mail.x.test does not resolve back"), "{}", elsewhere[0].message);
        let failed = run_with(Answer::Failed { reason: "timeout".into() });
        assert_eq!(failed[0].status, Status::Unknown);
        assert!(failed[0].fix.contains("58.218.199.30"), "{}", failed[0].fix);
    }

    #[test]
    fn reverse_names_for_both_families() {
        assert_eq!(reverse_name("58.218.199.30".parse().unwrap()), "30.199.218.58.in-addr.arpa");
        assert!(reverse_name("2001:db8::1".parse().unwrap()).ends_with(".8.b.d.0.1.0.0.2.ip6.arpa"));
    }
}
