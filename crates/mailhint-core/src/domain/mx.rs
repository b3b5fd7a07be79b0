//! Mail exchangers (catalog rows 4–10): MX present, null MX (RFC 7505), targets that are IP
//! literals or aliases, hosts without a (public) address, and MX hosts of two providers.

use std::net::IpAddr;

use crate::dns::{Answer, Pending, RecordData, RecordType};
use crate::report::Lang;

use super::providers::{self, Provider};
use super::say;
use super::{Check, Context, Group, Level, Output, PublishRecord, Section};

/// Catalog row 4: no MX and no null MX.
pub static MX_MISSING: Check = Check {
    code: "MX-MISSING",
    group: Group::Mx,
    level: Level::Warning,
    title: [
        "{domain} has no MX record, so replies and bounces sent to it may never arrive.",
        "{domain} 没有 MX 记录，客户的回信和退信可能收不到。",
    ],
    fix: [
        "Add the MX records your mail provider gives you ({records}).",
        "按邮箱服务商提供的值添加 MX 记录（{records}）。",
    ],
};

/// Catalog row 5: `MX 0 .`, the domain receives no mail.
pub static MX_NULL: Check = Check {
    code: "MX-NULL",
    group: Group::Mx,
    level: Level::Info,
    title: [
        "{domain} publishes a null MX (`MX 0 .`): it declares that it receives no mail.",
        "{domain} 发布了空 MX 记录（`MX 0 .`），即声明这个域名不接收邮件。",
    ],
    fix: [
        "If the domain sends no mail either, also publish `v=spf1 -all` and `v=DMARC1; p=reject` so nobody can send as it. If you do use it for mail, replace the null MX with your provider's MX records.",
        "如果这个域名也不发邮件，请同时发布 `v=spf1 -all` 和 `v=DMARC1; p=reject`，防止被人冒用；如果实际在用它收发邮件，请删除空 MX，改成邮箱服务商提供的 MX 记录。",
    ],
};

/// Catalog row 6: an MX target that is an alias.
pub static MX_TARGET_CNAME: Check = Check {
    code: "MX-TARGET-CNAME",
    group: Group::Mx,
    level: Level::Warning,
    title: [
        "MX host {host} is an alias (CNAME to {target}): MX must name a host with its own A/AAAA records (RFC 5321), and some senders will not deliver to it.",
        "MX 主机 {host} 是一个别名（CNAME 指向 {target}）。按 RFC 5321，MX 必须指向自身有 A/AAAA 记录的主机名，部分发件服务器不会向别名投递。",
    ],
    fix: [
        "Point the MX record straight at {target}, the provider's real host name.",
        "把 MX 记录直接改为 {target}（服务商的真实主机名），不要指向别名。",
    ],
};

/// Catalog row 7: an MX value that is an IP address.
pub static MX_TARGET_IP: Check = Check {
    code: "MX-TARGET-IP",
    group: Group::Mx,
    level: Level::Error,
    title: [
        "An MX record of {domain} is an IP address ({host}), not a host name: sending servers will not deliver to it.",
        "{domain} 的 MX 记录填的是 IP 地址（{host}），不是主机名，发件服务器不会向它投递。",
    ],
    fix: [
        "Replace the IP address with a host name: your provider's MX host, or for your own server a name such as mail.{domain} with an A record for the address.",
        "把 IP 改成主机名：填写邮箱服务商的 MX 主机名；如果是自建邮件服务器，先添加 A 记录 mail.{domain} 指向该 IP，再让 MX 指向 mail.{domain}。",
    ],
};

/// Catalog row 8: an MX host without address.
pub static MX_NO_ADDRESS: Check = Check {
    code: "MX-NO-ADDRESS",
    group: Group::Mx,
    level: Level::Error,
    title: [
        "MX host {host} has no address (no A or AAAA record): mail servers cannot deliver to it.",
        "MX 主机 {host} 没有 IP 地址（没有 A 或 AAAA 记录），发件服务器无法向它投递。",
    ],
    fix: [
        "Correct the host name in the MX record, or delete the MX record for {host} if it is left over from an old provider.",
        "检查 MX 记录里的主机名是否拼错；如果是旧服务商遗留的记录，请删除指向 {host} 的 MX。",
    ],
};

/// Catalog row 9: an MX host with a private or reserved address.
pub static MX_PRIVATE_IP: Check = Check {
    code: "MX-PRIVATE-IP",
    group: Group::Mx,
    level: Level::Error,
    title: [
        "MX host {host} resolves to {address}, a private or reserved address that cannot be reached from the Internet.",
        "MX 主机 {host} 解析到 {address}，这是内网或保留地址，外网无法访问。",
    ],
    fix: [
        "Publish the public address of {host} in public DNS; keep internal addresses in your internal DNS only.",
        "在公网 DNS 中把 {host} 解析到公网 IP，内网地址只放在内部 DNS 里。",
    ],
};

/// Catalog row 10: MX hosts of two or more providers.
pub static MX_MIXED_PROVIDERS: Check = Check {
    code: "MX-MIXED-PROVIDERS",
    group: Group::Mx,
    level: Level::Warning,
    title: [
        "The MX records of {domain} point to different providers ({providers}): incoming mail is split between them, usually after an unfinished migration.",
        "{domain} 的 MX 记录指向了不同的服务商（{providers}），来信会被分散投递，通常是更换邮箱服务商后没有清理旧记录。",
    ],
    fix: [
        "Keep only the MX records of the provider you use now and delete the others.",
        "只保留当前在用的邮箱服务商的 MX 记录，删除其余的。",
    ],
};

/// The MX section.
pub static SECTION: Section = Section {
    groups: &[Group::Mx],
    checks: &[
        &MX_MISSING,
        &MX_NULL,
        &MX_TARGET_CNAME,
        &MX_TARGET_IP,
        &MX_NO_ADDRESS,
        &MX_PRIVATE_IP,
        &MX_MIXED_PROVIDERS,
    ],
    run,
};

/// The MX records of an answer as (preference, exchange), by preference then name; the null
/// MX's exchange is `""`.
pub(crate) fn mx_records(answer: &Answer) -> Vec<(u16, String)> {
    let mut records: Vec<(u16, String)> = answer
        .records(RecordType::Mx)
        .filter_map(|data| match data {
            RecordData::Mx { preference, exchange } => Some((*preference, exchange.clone())),
            _ => None,
        })
        .collect();
    records.sort();
    records.dedup();
    records
}

/// The MX host names of an answer, deduplicated, the null MX left out.
pub(crate) fn mx_hosts(answer: &Answer) -> Vec<String> {
    let mut hosts: Vec<String> = Vec::new();
    for (_, host) in mx_records(answer) {
        if !host.is_empty() && !hosts.contains(&host) {
            hosts.push(host);
        }
    }
    hosts
}

/// An MX value that is an IP address (`192.0.2.1`, `[2001:db8::1]`) rather than a host name.
fn ip_literal(host: &str) -> Option<IpAddr> {
    host.trim_start_matches('[').trim_end_matches(']').parse().ok()
}

/// Whether mail servers on the Internet can reach `ip`: not private, loopback, link-local,
/// shared (CGNAT), documentation, benchmarking, multicast or otherwise reserved space.
pub(crate) fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            let reserved = a == 0
                || a >= 240
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && c == 0)
                || (a == 198 && (b == 18 || b == 19));
            !(reserved
                || v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast())
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            let unique_local = first & 0xfe00 == 0xfc00;
            let link_local = first & 0xffc0 == 0xfe80;
            let documentation = first == 0x2001 && v6.segments()[1] == 0x0db8;
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || unique_local
                || link_local
                || documentation)
        }
    }
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::ZhCn => 1,
    }
}

/// The include and redirect targets of the domain's SPF records (one level, enough to tell the
/// provider; the SPF section does the full evaluation).
fn spf_targets(txt: &Answer) -> Vec<String> {
    txt.txt()
        .iter()
        .filter(|record| record.get(..6).is_some_and(|v| v.eq_ignore_ascii_case("v=spf1")))
        .flat_map(|record| {
            record
                .split_ascii_whitespace()
                .filter_map(|term| {
                    let term = term.trim_start_matches(['+', '-', '~', '?']).to_ascii_lowercase();
                    let target = term.strip_prefix("include:").or_else(|| term.strip_prefix("redirect="))?;
                    Some(target.to_string())
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn run(cx: &Context, out: &mut Output) -> Result<(), Pending> {
    let lang = cx.options.lang;
    let answer = cx.lookups.lookup(&cx.domain, RecordType::Mx)?;
    match answer {
        Answer::Failed { reason } => {
            out.findings.push(MX_MISSING.unknown_with(lang, reason, &[("records", &any_provider_records(lang))]));
            return Ok(());
        }
        // DNS-NXDOMAIN says it: "no MX" on a domain that does not exist would be noise.
        Answer::NxDomain { .. } => return Ok(()),
        Answer::NoError { .. } => {}
    }
    let records = mx_records(answer);
    if records.is_empty() {
        return missing(cx, out);
    }
    for (preference, host) in &records {
        let shown = if host.is_empty() { "." } else { host.as_str() };
        out.fact(Group::Mx, "mx", format!("{preference} {shown}"));
    }
    if records.iter().any(|(_, host)| host.is_empty()) {
        out.findings.push(MX_NULL.problem(lang, &[("domain", &cx.domain)]));
    }

    let mut hosts = mx_hosts(answer);
    // Two lookups per host: a zone with hundreds of MX records must not cost hundreds of them.
    hosts.truncate(crate::limits::MAX_MX_HOSTS);
    let (literals, names): (Vec<&String>, Vec<&String>) = hosts.iter().partition(|h| ip_literal(h).is_some());
    for literal in literals {
        out.findings.push(MX_TARGET_IP.problem(lang, &[("domain", &cx.domain), ("host", literal)]));
    }

    let mut recognised: Vec<&'static Provider> = Vec::new();
    for provider in names.iter().filter_map(|h| providers::by_mx(h)) {
        if !recognised.iter().any(|p| p.id == provider.id) {
            recognised.push(provider);
        }
    }
    for provider in &recognised {
        out.fact(Group::Mx, "provider", provider.name[lang_index(lang)]);
    }
    if recognised.len() >= 2 {
        let list: Vec<&str> = recognised.iter().map(|p| p.name[lang_index(lang)]).collect();
        let separator = say(lang, ", ", "、");
        out.findings
            .push(MX_MIXED_PROVIDERS.problem(lang, &[("domain", &cx.domain), ("providers", &list.join(&separator))]));
    }

    // Every host's A and AAAA in one round.
    let asked: Vec<_> = names
        .iter()
        .map(|host| (host, cx.lookups.lookup(host, RecordType::A), cx.lookups.lookup(host, RecordType::Aaaa)))
        .collect();
    let mut answers = Vec::with_capacity(asked.len());
    for (host, a, aaaa) in asked {
        answers.push((host, a?, aaaa?));
    }
    for (host, a, aaaa) in answers {
        check_host(cx, out, host, a, aaaa);
    }
    Ok(())
}

fn check_host(cx: &Context, out: &mut Output, host: &str, a: &Answer, aaaa: &Answer) {
    let lang = cx.options.lang;
    // The chain of the A answer (else the AAAA one): its last name is the real host to publish.
    let chain = |answer: &Answer| -> Vec<String> {
        answer
            .records(RecordType::Cname)
            .filter_map(|data| match data {
                RecordData::Cname { target } => Some(target.clone()),
                _ => None,
            })
            .collect()
    };
    let aliases = match chain(a) {
        found if !found.is_empty() => found,
        _ => chain(aaaa),
    };
    if let Some(target) = aliases.last() {
        out.findings.push(MX_TARGET_CNAME.problem(lang, &[("host", host), ("target", target)]));
    }
    let addresses: Vec<IpAddr> = a
        .records(RecordType::A)
        .chain(aaaa.records(RecordType::Aaaa))
        .filter_map(|data| match data {
            RecordData::A { address } => Some(IpAddr::V4(*address)),
            RecordData::Aaaa { address } => Some(IpAddr::V6(*address)),
            _ => None,
        })
        .collect();
    if addresses.is_empty() {
        // One family failing leaves the host's address unknown, not missing.
        match [a, aaaa].into_iter().find_map(|answer| match answer {
            Answer::Failed { reason } => Some(reason),
            _ => None,
        }) {
            Some(reason) => {
                let reason = format!("{host}: {}", reason.strip_prefix(&format!("{host}: ")).unwrap_or(reason));
                out.findings.push(MX_NO_ADDRESS.unknown_with(lang, &reason, &[("host", host)]))
            }
            None => out.findings.push(MX_NO_ADDRESS.problem(lang, &[("host", host)])),
        }
        return;
    }
    if let Some(private) = addresses.iter().find(|ip| !is_public(**ip)) {
        out.findings.push(MX_PRIVATE_IP.problem(lang, &[("host", host), ("address", &private.to_string())]));
    }
}

/// The MX hosts of the common providers, for a fix that cannot name the domain's own.
fn any_provider_records(lang: Lang) -> String {
    say(
        lang,
        "e.g. Alibaba Mail mx1/mx2/mx3.qiye.aliyun.com, Tencent Exmail mxbiz1/mxbiz2.qq.com, NetEase qiye163mx01/02.mxmail.netease.com",
        "例如阿里企业邮箱 mx1/mx2/mx3.qiye.aliyun.com，腾讯企业邮箱 mxbiz1/mxbiz2.qq.com，网易企业邮箱 qiye163mx01/02.mxmail.netease.com",
    )
}

/// MX-MISSING, with the provider's MX set to publish when SPF names a mailbox provider.
fn missing(cx: &Context, out: &mut Output) -> Result<(), Pending> {
    let lang = cx.options.lang;
    let txt = cx.lookups.lookup(&cx.domain, RecordType::Txt)?;
    let provider = spf_targets(txt)
        .iter()
        .filter_map(|target| providers::by_spf_include(target))
        .find(|p| p.mailbox && !p.mx_records.is_empty());
    let records = match provider {
        Some(p) => {
            // DNS panels ask for the priority in a field of its own: name it in the text.
            let mut shown = Vec::new();
            for (preference, host) in p.mx_records {
                out.records.push(PublishRecord {
                    host: "@".into(),
                    rtype: "MX",
                    value: format!("{preference} {host}"),
                });
                shown.push(say(
                    lang,
                    format!("{host} (priority {preference})"),
                    format!("{host}（优先级 {preference}）"),
                ));
            }
            say(lang, format!("{}: {}", p.name[0], shown.join(", ")), format!("{}：{}", p.name[1], shown.join("、")))
        }
        None => any_provider_records(lang),
    };
    out.findings.push(MX_MISSING.problem(lang, &[("domain", &cx.domain), ("records", &records)]));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::{Lookups, Query, Record};
    use crate::domain::{DomainOptions, Status};

    #[test]
    fn public_and_private_addresses_are_told_apart() {
        for private in [
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.10",
            "127.0.0.1",
            "100.64.0.1",
            "169.254.1.1",
            "0.0.0.0",
            "198.18.0.1",
            "192.0.2.1",
            "240.0.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "2001:db8::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["140.205.94.15", "183.3.255.59", "100.128.0.1", "2404:6800:4008:c00::1a", "::ffff:8.8.8.8"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn ip_literals_are_recognised_with_or_without_brackets() {
        assert!(ip_literal("192.0.2.25").is_some());
        assert!(ip_literal("[2001:db8::25]").is_some());
        assert!(ip_literal("mx1.qiye.aliyun.com").is_none());
    }

    #[test]
    fn spf_targets_are_the_includes_and_redirect_of_spf_records_only() {
        let txt = Answer::NoError {
            records: vec![
                Record {
                    name: "x.test".into(),
                    ttl: 60,
                    data: RecordData::Txt {
                        strings: vec![b"V=SPF1 +include:spf.mail.qq.com redirect=_spf.x.test ~all".to_vec()],
                    },
                },
                Record {
                    name: "x.test".into(),
                    ttl: 60,
                    data: RecordData::Txt { strings: vec![b"google-site-verification=include:nope".to_vec()] },
                },
            ],
            authenticated: false,
            negative_ttl: None,
        };
        assert_eq!(spf_targets(&txt), vec!["spf.mail.qq.com".to_string(), "_spf.x.test".to_string()]);
    }

    #[test]
    fn a_failed_mx_lookup_is_unknown_not_missing() {
        let mut lookups = Lookups::new();
        lookups.insert_dns(Query::new("x.test", RecordType::Mx), Answer::Failed { reason: "SERVFAIL".into() });
        let options = DomainOptions { domain: "x.test".into(), ..Default::default() };
        let cx = Context { options: &options, domain: "x.test".into(), lookups: &lookups };
        let mut out = Output::default();
        run(&cx, &mut out).unwrap();
        assert_eq!(out.findings.len(), 1);
        assert_eq!((out.findings[0].code, out.findings[0].status), ("MX-MISSING", Status::Unknown));
        assert!(!out.findings[0].fix.contains('{'), "{}", out.findings[0].fix);
    }

    #[test]
    fn a_missing_mx_offers_the_mx_set_of_the_provider_spf_names() {
        let mut lookups = Lookups::new();
        let nodata = Answer::NoError { records: vec![], authenticated: false, negative_ttl: None };
        lookups.insert_dns(Query::new("x.test", RecordType::Mx), nodata);
        let spf = RecordData::Txt { strings: vec![b"v=spf1 include:spf.mail.qq.com ~all".to_vec()] };
        let txt = Answer::NoError {
            records: vec![Record { name: "x.test".into(), ttl: 60, data: spf }],
            authenticated: false,
            negative_ttl: None,
        };
        lookups.insert_dns(Query::new("x.test", RecordType::Txt), txt);
        let options = DomainOptions { domain: "x.test".into(), lang: Lang::ZhCn, ..Default::default() };
        let cx = Context { options: &options, domain: "x.test".into(), lookups: &lookups };
        let mut out = Output::default();
        run(&cx, &mut out).unwrap();
        let values: Vec<&str> = out.records.iter().map(|r| r.value.as_str()).collect();
        assert_eq!(values, ["5 mxbiz1.qq.com", "10 mxbiz2.qq.com"]);
        assert!(
            out.findings[0].fix.contains("腾讯企业邮箱：mxbiz1.qq.com（优先级 5）、mxbiz2.qq.com（优先级 10）"),
            "{}",
            out.findings[0].fix
        );
    }
}
