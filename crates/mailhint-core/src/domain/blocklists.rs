//! DNS blocklists (catalog rows 50–52): the sending IP (when given) on IP lists, the domain on
//! domain lists.
//!
//! Spamhaus, URIBL and Barracuda refuse queries that come through public resolvers (the list
//! sees the resolver's address, shared by millions; spec §6.2): Spamhaus answers
//! `127.255.255.254` (or NXDOMAIN for everything), URIBL `127.0.0.1`, Barracuda nothing. So
//! every list is first asked for its documented test entry (the canary) through the same
//! resolver; only a list whose canary answers as documented is asked the real question, and a
//! list that refuses is reported as BL-UNAVAILABLE, never as "listed" or "clean".

use std::net::{IpAddr, Ipv4Addr};

use crate::dns::{Answer, Pending, RecordData, RecordType};
use crate::report::Lang;

use super::mx::is_public;
use super::say;
use super::{Check, Context, Group, Level, Output, Section};

/// Catalog row 50: the sending IP is listed.
pub static BL_IP_LISTED: Check = Check {
    code: "BL-IP-LISTED",
    group: Group::Blocklists,
    level: Level::Critical,
    title: [
        "The sending IP {ip} is listed on {list} ({reason}).",
        "发信 IP {ip} 被列入了 {list} 黑名单（{reason}）。",
    ],
    fix: [
        "Find the cause (a hacked mailbox or website, bulk mail to an old address list), fix it, then request removal at {delist}. If the IP is your mail provider's shared server, contact the provider.",
        "先查明原因（邮箱账号或网站被盗用、向陈旧的地址列表群发等）并处理，再到 {delist} 申请移除。如果这是邮箱服务商的共享发信 IP，请联系服务商处理。",
    ],
};

/// Catalog row 51: the domain is listed.
pub static BL_DOMAIN_LISTED: Check = Check {
    code: "BL-DOMAIN-LISTED",
    group: Group::Blocklists,
    level: Level::Critical,
    title: [
        "{domain} is listed on {list} ({reason}): mail that contains it is rejected or filtered as spam.",
        "{domain} 被列入了 {list} 域名黑名单（{reason}），含有该域名的邮件会被拒收或判为垃圾邮件。",
    ],
    fix: [
        "Clean up hacked websites and links under the domain and stop any bulk mailing that caused it, then request delisting at {delist}.",
        "清理域名下被入侵的网站和链接，停止导致被列入的群发，然后到 {delist} 申请移除。",
    ],
};

/// Catalog row 52: lists that refused this resolver.
pub static BL_UNAVAILABLE: Check = Check {
    code: "BL-UNAVAILABLE",
    group: Group::Blocklists,
    level: Level::Info,
    title: [
        "These blocklists could not be checked through this DNS service: {lists}.",
        "以下黑名单无法通过当前的 DNS 服务查询：{lists}。",
    ],
    fix: [
        "These lists refuse or limit queries from public DNS services, so this result means neither listed nor clean. Check the IP and the domain on each list's own website, or use a DNS service of your own (or a Spamhaus DQS key).",
        "这些黑名单拒绝或限制公共 DNS 服务的查询，所以这个结果既不代表被列入，也不代表没有被列入。请到各黑名单的官网手动查询 IP 和域名，或使用自己的 DNS 服务（或 Spamhaus DQS 密钥）。",
    ],
};

/// The blocklist section.
pub static SECTION: Section =
    Section { groups: &[Group::Blocklists], checks: &[&BL_IP_LISTED, &BL_DOMAIN_LISTED, &BL_UNAVAILABLE], run };

/// What a list's answer means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Code {
    /// Listed, with how bad and why: `[English, 简体中文]`.
    Listed(Level, [&'static str; 2]),
    /// The list refused the query (an error code rather than data).
    Refused([&'static str; 2]),
    /// A code the list does not document (or one we do not report, URIBL grey).
    Other,
}

/// What a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// IP addresses; `ipv6` when it also answers for IPv6 (nibble-reversed names).
    Ip { ipv6: bool },
    /// Domain names.
    Domain,
}

/// One DNS blocklist.
struct Blocklist {
    name: &'static str,
    zone: &'static str,
    kind: Kind,
    /// The documented test entry, as the label(s) to put before `zone`.
    canary: &'static str,
    delist: &'static str,
    interpret: fn(Ipv4Addr) -> Code,
}

/// Spamhaus's error codes, `127.255.255.x` (never listings; spec §6.1).
fn spamhaus_error(last_octet: u8) -> Code {
    Code::Refused(match last_octet {
        252 => ["Spamhaus reports a mistake in the list's name", "Spamhaus 提示查询的列表名称有误"],
        255 => {
            ["Spamhaus refuses: too many queries from this DNS service", "Spamhaus 拒绝：当前 DNS 服务的查询次数过多"]
        }
        _ => ["Spamhaus refuses queries from public DNS services", "Spamhaus 拒绝来自公共 DNS 服务的查询"],
    })
}

/// The lists, IP lists first (spec §6.1; Mailspike is left out: its answers are reputation
/// grades we could not verify offline). Canaries: RFC 5782 §5 makes `127.0.0.2` the test entry
/// every IP list must hold (Spamhaus ZEN answers it with 127.0.0.2/.4/.10, Spamhaus "DNSBL
/// usage" docs); `dbltest.com` is Spamhaus DBL's documented test domain (answers 127.0.1.2);
/// `test.surbl.org` is SURBL's (listed on every SURBL list); `test.uribl.com` is URIBL's
/// (127.0.0.14: black, grey and red). The last three are from the lists' usage pages as we
/// know them (spec §6.2 marks them [kn]).
static LISTS: &[Blocklist] = &[
    Blocklist {
        name: "Spamhaus ZEN",
        zone: "zen.spamhaus.org",
        kind: Kind::Ip { ipv6: true },
        canary: "2.0.0.127",
        delist: "https://check.spamhaus.org/",
        interpret: spamhaus_zen,
    },
    Blocklist {
        name: "Barracuda BRBL",
        zone: "b.barracudacentral.org",
        kind: Kind::Ip { ipv6: false },
        canary: "2.0.0.127",
        delist: "https://www.barracudacentral.org/rbl/removal-request",
        interpret: |a| match a.octets() {
            [127, 0, 0, 2] => {
                Code::Listed(Level::Critical, ["Barracuda Reputation Block List", "Barracuda 信誉黑名单"])
            }
            _ => Code::Other,
        },
    },
    Blocklist {
        name: "SpamCop",
        zone: "bl.spamcop.net",
        kind: Kind::Ip { ipv6: false },
        canary: "2.0.0.127",
        delist: "https://www.spamcop.net/bl.shtml",
        interpret: |a| match a.octets() {
            [127, 0, 0, 2] => {
                Code::Listed(Level::Warning, ["recipients reported spam from it", "收件人举报了来自它的垃圾邮件"])
            }
            _ => Code::Other,
        },
    },
    Blocklist {
        name: "UCEPROTECT Level 1",
        zone: "dnsbl-1.uceprotect.net",
        kind: Kind::Ip { ipv6: false },
        canary: "2.0.0.127",
        delist: "https://www.uceprotect.net/en/rblcheck.php",
        interpret: |a| match a.octets() {
            [127, 0, 0, 2] => Code::Listed(Level::Warning, ["it sent to spam traps", "它向垃圾邮件陷阱地址发过信"]),
            _ => Code::Other,
        },
    },
    Blocklist {
        name: "PSBL",
        zone: "psbl.surriel.com",
        kind: Kind::Ip { ipv6: false },
        canary: "2.0.0.127",
        delist: "https://psbl.org/",
        interpret: |a| match a.octets() {
            [127, 0, 0, 2] => Code::Listed(Level::Warning, ["it sent to spam traps", "它向垃圾邮件陷阱地址发过信"]),
            _ => Code::Other,
        },
    },
    Blocklist {
        name: "Spamhaus DBL",
        zone: "dbl.spamhaus.org",
        kind: Kind::Domain,
        canary: "dbltest.com",
        delist: "https://check.spamhaus.org/",
        interpret: spamhaus_dbl,
    },
    Blocklist {
        name: "SURBL",
        zone: "multi.surbl.org",
        kind: Kind::Domain,
        canary: "test.surbl.org",
        delist: "https://surbl.org/surbl-analysis",
        interpret: surbl,
    },
    Blocklist {
        name: "URIBL",
        zone: "multi.uribl.com",
        kind: Kind::Domain,
        canary: "test.uribl.com",
        delist: "https://admin.uribl.com/",
        interpret: uribl,
    },
];

/// Spamhaus ZEN return codes (Spamhaus zones documentation; spec §6.1).
fn spamhaus_zen(address: Ipv4Addr) -> Code {
    match address.octets() {
        [127, 255, 255, last] => spamhaus_error(last),
        [127, 0, 0, 2] => {
            Code::Listed(Level::Critical, ["Spamhaus SBL: a known spam source", "Spamhaus SBL：已知垃圾邮件来源"])
        }
        [127, 0, 0, 3] => {
            Code::Listed(Level::Critical, ["Spamhaus CSS: snowshoe spam", "Spamhaus CSS：分散式群发垃圾邮件"])
        }
        [127, 0, 0, 9] => {
            Code::Listed(Level::Critical, ["Spamhaus DROP: hijacked network", "Spamhaus DROP：被劫持的网段"])
        }
        [127, 0, 0, 4..=7] => Code::Listed(
            Level::Critical,
            ["Spamhaus XBL: an infected or hijacked machine", "Spamhaus XBL：被感染或被控制的机器"],
        ),
        [127, 0, 0, 10 | 11] => Code::Listed(
            Level::Warning,
            [
                "Spamhaus PBL: an end-user address range that should not send mail directly",
                "Spamhaus PBL：这是不应直接对外发信的终端用户地址段",
            ],
        ),
        [127, 0, 0, 30] => {
            Code::Listed(Level::Critical, ["Spamhaus BCL: a botnet controller", "Spamhaus BCL：僵尸网络控制端"])
        }
        _ => Code::Other,
    }
}

/// Spamhaus DBL return codes.
fn spamhaus_dbl(address: Ipv4Addr) -> Code {
    const ABUSED: [&str; 2] = ["a legitimate domain abused by spammers", "正常域名被垃圾邮件发送者滥用"];
    match address.octets() {
        [127, 255, 255, last] => spamhaus_error(last),
        // An IP address was asked of a domain list: an error, not a listing.
        [127, 0, 1, 255] => Code::Refused(["the query was malformed", "查询格式有误"]),
        [127, 0, 1, 2] => Code::Listed(Level::Critical, ["spam domain", "垃圾邮件域名"]),
        [127, 0, 1, 4] => Code::Listed(Level::Critical, ["phishing", "网络钓鱼"]),
        [127, 0, 1, 5] => Code::Listed(Level::Critical, ["malware", "恶意软件"]),
        [127, 0, 1, 6] => Code::Listed(Level::Critical, ["botnet controller", "僵尸网络控制端"]),
        [127, 0, 1, 102..=106] => Code::Listed(Level::Critical, ABUSED),
        _ => Code::Other,
    }
}

/// SURBL `multi`: a bit mask in the last octet (8 phishing, 16 malware, 64 abuse, 128
/// cracked sites; spec §6.1). `127.0.0.1` is SURBL's answer to blocked resolvers (from its
/// usage policy as we know it, not re-verified here); bit 1 is no list either way, so reading it
/// as a refusal can only make a check unknown, never hide a listing.
fn surbl(address: Ipv4Addr) -> Code {
    match address.octets() {
        [127, 255, 255, _] | [127, 0, 0, 1] => {
            Code::Refused(["SURBL refuses this DNS service", "SURBL 拒绝当前 DNS 服务的查询"])
        }
        [127, 0, 0, bits] if bits & 16 != 0 => Code::Listed(Level::Critical, ["malware", "恶意软件"]),
        [127, 0, 0, bits] if bits & 8 != 0 => Code::Listed(Level::Critical, ["phishing", "网络钓鱼"]),
        [127, 0, 0, bits] if bits & 128 != 0 => Code::Listed(Level::Critical, ["hacked website", "网站被入侵"]),
        [127, 0, 0, bits] if bits & 64 != 0 => Code::Listed(Level::Critical, ["spam and abuse", "垃圾邮件和滥用"]),
        _ => Code::Other,
    }
}

/// URIBL `multi`: bit 2 black, 4 grey, 8 red; `127.0.0.1` means the query was refused
/// (uribl.com/refused.shtml). Only black is a listing receivers act on widely.
fn uribl(address: Ipv4Addr) -> Code {
    match address.octets() {
        [127, 255, 255, _] | [127, 0, 0, 1] => {
            Code::Refused(["URIBL refuses this DNS service", "URIBL 拒绝当前 DNS 服务的查询"])
        }
        [127, 0, 0, bits] if bits & 2 != 0 => Code::Listed(Level::Critical, ["URIBL black", "URIBL 黑名单"]),
        _ => Code::Other,
    }
}

/// Whether `name` is a question to one of the blocklists (their refusals are not the domain's
/// DNS failing).
pub(crate) fn is_blocklist_query(name: &str) -> bool {
    LISTS.iter().any(|list| name.strip_suffix(list.zone).is_some_and(|rest| rest.ends_with('.')))
}

/// The labels of `ip` in reverse, as DNSBLs and reverse DNS ask for it: `192.0.2.1` →
/// `1.2.0.192`, IPv6 as 32 nibbles (RFC 5782 §2.4, RFC 3596 §2.5).
pub(crate) fn reversed(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, d] = v4.octets();
            format!("{d}.{c}.{b}.{a}")
        }
        IpAddr::V6(v6) => v6
            .octets()
            .iter()
            .rev()
            .flat_map(|byte| [byte & 0x0f, byte >> 4])
            .map(|nibble| format!("{nibble:x}"))
            .collect::<Vec<_>>()
            .join("."),
    }
}

/// The IPv4 addresses of an answer.
fn addresses(answer: &Answer) -> Vec<Ipv4Addr> {
    answer
        .records(RecordType::A)
        .filter_map(|data| match data {
            RecordData::A { address } => Some(*address),
            _ => None,
        })
        .collect()
}

/// How a list answered one question: refused (with why), listed (the worst code), or clean.
enum Verdict {
    Refused(String),
    Listed(Level, [&'static str; 2]),
    Clean,
}

fn verdict(list: &Blocklist, answer: &Answer, lang: Lang) -> Verdict {
    if let Answer::Failed { reason } = answer {
        return Verdict::Refused(reason.clone());
    }
    let codes: Vec<Code> = addresses(answer).into_iter().map(list.interpret).collect();
    if let Some(Code::Refused(why)) = codes.iter().find(|c| matches!(c, Code::Refused(_))) {
        return Verdict::Refused(say(lang, why[0], why[1]));
    }
    codes
        .iter()
        .filter_map(|code| match code {
            Code::Listed(level, why) => Some((*level, *why)),
            _ => None,
        })
        .max_by_key(|(level, _)| *level)
        .map_or(Verdict::Clean, |(level, why)| Verdict::Listed(level, why))
}

/// Whether the list answered its test entry as documented; else why not.
fn canary_works(list: &Blocklist, answer: &Answer, lang: Lang) -> Result<(), String> {
    match verdict(list, answer, lang) {
        Verdict::Listed(..) => Ok(()),
        Verdict::Refused(why) => Err(why),
        // Spamhaus answers NXDOMAIN for everything to some resolvers, Barracuda to
        // unregistered ones: a clean test entry means the list's data is not reaching us.
        Verdict::Clean => Err(say(
            lang,
            "its test entry is not listed through this DNS service",
            "通过当前 DNS 服务查不到它的测试条目",
        )),
    }
}

fn run(cx: &Context, out: &mut Output) -> Result<(), Pending> {
    let lang = cx.options.lang;
    // A private address (an internal hop of a Received: header) is on no public list and has
    // no public reverse DNS: checking it would only mislead.
    let ip = cx.options.ip.filter(|ip| is_public(*ip));
    if let Some(private) = cx.options.ip.filter(|ip| !is_public(*ip)) {
        let note = say(lang, "a private address: not checked on blocklists", "内网地址，不查询黑名单");
        out.fact(Group::Blocklists, "ip", format!("{private} ({note})"));
    }
    let lists: Vec<&Blocklist> = LISTS
        .iter()
        .filter(|list| match list.kind {
            Kind::Ip { ipv6 } => ip.is_some_and(|ip| ip.is_ipv4() || ipv6),
            Kind::Domain => true,
        })
        .collect();

    // Round one: every canary at once.
    let canaries: Vec<_> =
        lists.iter().map(|list| cx.lookups.lookup(&format!("{}.{}", list.canary, list.zone), RecordType::A)).collect();
    let mut unavailable: Vec<String> = Vec::new();
    let mut working: Vec<&Blocklist> = Vec::new();
    for (list, canary) in lists.iter().zip(canaries) {
        match canary_works(list, canary?, lang) {
            Ok(()) => working.push(list),
            Err(why) => {
                unavailable.push(say(lang, format!("{} ({why})", list.name), format!("{}（{why}）", list.name)))
            }
        }
    }

    // DBL and SURBL list host names as well as registrable domains: ask for both.
    let mut domains = vec![cx.domain.clone()];
    if let Some(registrable) = crate::suffix::domain(&cx.domain).filter(|d| *d != cx.domain) {
        domains.push(registrable.to_string());
    }

    // Round two: the real questions to the lists that answered their canary.
    let mut questions: Vec<(&Blocklist, String, String)> = Vec::new();
    for list in working {
        match (list.kind, ip) {
            (Kind::Ip { .. }, Some(ip)) => {
                questions.push((list, ip.to_string(), format!("{}.{}", reversed(ip), list.zone)))
            }
            (Kind::Ip { .. }, None) => {}
            (Kind::Domain, _) => {
                questions.extend(domains.iter().map(|d| (list, d.clone(), format!("{d}.{}", list.zone))));
            }
        }
    }
    let asked: Vec<_> = questions.iter().map(|(_, _, name)| cx.lookups.lookup(name, RecordType::A)).collect();
    let mut answers = Vec::with_capacity(asked.len());
    for answer in asked {
        answers.push(answer?);
    }

    let mut refused_lists: Vec<&str> = Vec::new();
    // Whether some list of the kind gave a real answer: when none did, the listing checks are
    // unknown (the group's light turns grey), never "clean".
    let (mut ip_checked, mut domain_checked) = (false, false);
    for ((list, subject, _), answer) in questions.iter().zip(answers) {
        let verdict = verdict(list, answer, lang);
        if !matches!(verdict, Verdict::Refused(_)) {
            match list.kind {
                Kind::Ip { .. } => ip_checked = true,
                Kind::Domain => domain_checked = true,
            }
        }
        match verdict {
            Verdict::Clean => {}
            Verdict::Refused(why) => {
                // A list that answered its canary but not our question: one line per list.
                if !refused_lists.contains(&list.name) {
                    refused_lists.push(list.name);
                    unavailable.push(say(lang, format!("{} ({why})", list.name), format!("{}（{why}）", list.name)));
                }
            }
            Verdict::Listed(level, why) => {
                let reason = say(lang, why[0], why[1]);
                let mut finding = match list.kind {
                    Kind::Ip { .. } => BL_IP_LISTED.problem(
                        lang,
                        &[("ip", subject), ("list", list.name), ("reason", &reason), ("delist", list.delist)],
                    ),
                    Kind::Domain => BL_DOMAIN_LISTED.problem(
                        lang,
                        &[("domain", subject), ("list", list.name), ("reason", &reason), ("delist", list.delist)],
                    ),
                };
                finding.level = level;
                out.fact(Group::Blocklists, "listed", format!("{subject} {}", list.name));
                out.findings.push(finding);
            }
        }
    }
    if !unavailable.is_empty() {
        let separator = say(lang, "; ", "；");
        let reason = say(lang, "no blocklist answered through this DNS service", "没有黑名单通过当前 DNS 服务给出结果");
        let delist = say(lang, "each list's website", "各黑名单官网");
        if let (Some(ip), false) = (ip, ip_checked) {
            let ip = ip.to_string();
            out.findings.push(BL_IP_LISTED.unknown_with(lang, &reason, &[("ip", &ip), ("delist", &delist)]));
        }
        if !domain_checked {
            let args = [("domain", cx.domain.as_str()), ("delist", delist.as_str())];
            out.findings.push(BL_DOMAIN_LISTED.unknown_with(lang, &reason, &args));
        }
        out.findings.push(BL_UNAVAILABLE.problem(lang, &[("lists", &unavailable.join(&separator))]));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::{Lookups, Query, Record};
    use crate::domain::{DomainFinding, DomainOptions, Status};

    fn a(addresses: &[&str]) -> Answer {
        let records = addresses
            .iter()
            .map(|s| Record { name: "q.test".into(), ttl: 60, data: RecordData::A { address: s.parse().unwrap() } })
            .collect();
        Answer::NoError { records, authenticated: false, negative_ttl: None }
    }

    fn nx() -> Answer {
        Answer::NxDomain { authenticated: false, negative_ttl: None }
    }

    fn list(zone: &str) -> &'static Blocklist {
        LISTS.iter().find(|l| l.zone == zone).unwrap()
    }

    #[test]
    fn names_are_reversed_as_dnsbls_ask_for_them() {
        assert_eq!(reversed("192.0.2.1".parse().unwrap()), "1.2.0.192");
        let v6 = reversed("2001:db8::1".parse().unwrap());
        assert_eq!(v6, "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2");
    }

    #[test]
    fn refusal_codes_are_never_a_listing_or_a_clean_result() {
        let zen = list("zen.spamhaus.org");
        assert!(canary_works(zen, &a(&["127.0.0.2", "127.0.0.4", "127.0.0.10"]), Lang::En).is_ok());
        assert!(canary_works(zen, &a(&["127.255.255.254"]), Lang::En).unwrap_err().contains("public DNS"));
        assert!(canary_works(zen, &a(&["127.255.255.255"]), Lang::En).unwrap_err().contains("too many"));
        assert!(canary_works(zen, &nx(), Lang::En).is_err());
        assert!(canary_works(zen, &Answer::Failed { reason: "timeout".into() }, Lang::En)
            .unwrap_err()
            .contains("timeout"));
        let uribl = list("multi.uribl.com");
        assert!(canary_works(uribl, &a(&["127.0.0.14"]), Lang::En).is_ok());
        assert!(matches!(verdict(uribl, &a(&["127.0.0.1"]), Lang::En), Verdict::Refused(_)));
        // Grey only is not reported as a listing.
        assert!(matches!(verdict(uribl, &a(&["127.0.0.4"]), Lang::En), Verdict::Clean));
        let dbl = list("dbl.spamhaus.org");
        assert!(matches!(verdict(dbl, &a(&["127.0.1.255"]), Lang::En), Verdict::Refused(_)));
        assert!(matches!(verdict(dbl, &a(&["127.0.1.4"]), Lang::En), Verdict::Listed(Level::Critical, _)));
        // PBL alone is a warning, SBL with it critical.
        assert!(matches!(verdict(zen, &a(&["127.0.0.10"]), Lang::En), Verdict::Listed(Level::Warning, _)));
        assert!(matches!(
            verdict(zen, &a(&["127.0.0.10", "127.0.0.2"]), Lang::En),
            Verdict::Listed(Level::Critical, _)
        ));
        assert!(matches!(verdict(list("multi.surbl.org"), &a(&["127.0.0.8"]), Lang::En), Verdict::Listed(..)));
    }

    #[test]
    fn blocklist_queries_are_recognised_by_their_zone() {
        assert!(is_blocklist_query("2.0.0.127.zen.spamhaus.org"));
        assert!(is_blocklist_query("example.com.multi.uribl.com"));
        assert!(!is_blocklist_query("notzen.spamhaus.org.example.com"));
        assert!(!is_blocklist_query("zen.spamhaus.org"));
    }

    fn run_all(options: &DomainOptions, mut answer: impl FnMut(&Query) -> Answer) -> (Vec<DomainFinding>, usize) {
        let mut lookups = Lookups::new();
        let mut rounds = 0;
        loop {
            let cx = Context { options, domain: options.domain.clone(), lookups: &lookups };
            let mut out = Output::default();
            let done = run(&cx, &mut out).is_ok();
            let missing = lookups.take_missing();
            if done {
                assert!(missing.is_empty());
                return (out.findings, rounds);
            }
            rounds += 1;
            for request in missing {
                let crate::dns::Request::Dns(query) = request else { panic!("no HTTPS here") };
                let reply = answer(&query);
                lookups.insert_dns(query, reply);
            }
        }
    }

    #[test]
    fn the_real_question_goes_only_to_lists_whose_canary_answered() {
        let options = DomainOptions {
            domain: "example.com".into(),
            ip: Some("58.218.199.30".parse().unwrap()),
            ..Default::default()
        };
        let mut asked = Vec::new();
        let (findings, rounds) = run_all(&options, |q| {
            asked.push(q.name.clone());
            match q.name.as_str() {
                "2.0.0.127.bl.spamcop.net" => a(&["127.0.0.2"]),
                "30.199.218.58.bl.spamcop.net" => a(&["127.0.0.2"]),
                "2.0.0.127.zen.spamhaus.org" | "dbltest.com.dbl.spamhaus.org" => a(&["127.255.255.254"]),
                "test.uribl.com.multi.uribl.com" => a(&["127.0.0.14"]),
                _ => nx(),
            }
        });
        assert_eq!(rounds, 2);
        assert!(asked.contains(&"example.com.multi.uribl.com".to_string()));
        assert!(
            !asked.iter().any(|n| n.starts_with("30.199.218.58.zen") || n.starts_with("example.com.dbl")),
            "{asked:?}"
        );
        let listed: Vec<_> = findings.iter().filter(|f| f.code == "BL-IP-LISTED").collect();
        assert_eq!(listed.len(), 1);
        assert_eq!((listed[0].level, listed[0].status), (Level::Warning, Status::Problem));
        assert!(listed[0].message.contains("SpamCop"));
        let unavailable = findings.iter().find(|f| f.code == "BL-UNAVAILABLE").expect("refusals are reported");
        for name in ["Spamhaus ZEN", "Spamhaus DBL", "Barracuda BRBL", "SURBL"] {
            assert!(unavailable.message.contains(name), "{name}: {}", unavailable.message);
        }
        assert!(!unavailable.message.contains("URIBL ("), "{}", unavailable.message);
        // URIBL answered: the domain was checked on one list at least, so it is not unknown.
        assert!(!findings.iter().any(|f| f.code == "BL-DOMAIN-LISTED"));
    }

    #[test]
    fn when_every_list_refuses_the_listing_checks_are_unknown_not_clean() {
        let options = DomainOptions {
            domain: "example.com".into(),
            ip: Some("58.218.199.30".parse().unwrap()),
            ..Default::default()
        };
        let (findings, _) = run_all(&options, |_| a(&["127.255.255.254"]));
        let status = |code: &str| findings.iter().find(|f| f.code == code).map(|f| f.status);
        assert_eq!(status("BL-IP-LISTED"), Some(Status::Unknown));
        assert_eq!(status("BL-DOMAIN-LISTED"), Some(Status::Unknown));
        assert_eq!(status("BL-UNAVAILABLE"), Some(Status::Problem));
        assert!(findings.iter().all(|f| !f.fix.contains('{')), "{findings:?}");
    }

    #[test]
    fn a_private_ip_is_not_asked_of_ip_lists() {
        let options = DomainOptions {
            domain: "example.com".into(),
            ip: Some("192.168.1.20".parse().unwrap()),
            ..Default::default()
        };
        let mut asked = Vec::new();
        run_all(&options, |q| {
            asked.push(q.name.clone());
            nx()
        });
        assert!(!asked.iter().any(|n| n.contains("zen.spamhaus.org") || n.contains("20.1.168.192")), "{asked:?}");
    }
}
