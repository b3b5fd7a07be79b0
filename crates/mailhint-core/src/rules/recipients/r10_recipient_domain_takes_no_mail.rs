//! R10 `recipient-domain-takes-no-mail`: a recipient's domain does not exist, has no mail
//! server and no address, or publishes a null MX, so the message is certain to bounce.
//!
//! The only rule that needs DNS: it reads answers from `Analysis::dns` (the caller's store,
//! filled over DNS-over-HTTPS by the extension) and stays silent without them. A domain whose
//! answer is missing is noted in the store and skipped; the caller fetches what the report's
//! `lookups` lists and runs the check again.

use std::collections::BTreeSet;

use super::address;
use crate::analysis::Analysis;
use crate::dns::{Answer, Lookups, Pending, RecordData, RecordType};
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// R10.
pub(crate) static RULE: Rule = Rule {
    code: "R10",
    name: "recipient-domain-takes-no-mail",
    category: Category::Recipients,
    severity: Severity::High,
    cap: None,
    summary: L10n {
        en: "A recipient's domain cannot receive email: the message will bounce",
        zh: "收件人的域名无法接收邮件，邮件必定被退回",
    },
    fix: L10n {
        en: "Check the address with the recipient (a phone call or their website), or copy it from their last email.",
        zh: "请向对方核实邮箱地址（电话或对方官网），或直接从对方来信中复制地址。",
    },
    doc: doc! {
        en: r#"## What it does
Looks up the domain of every To, Cc and Bcc address in the DNS, through the resolver chosen in
the options (the same DNS-over-HTTPS resolver as the sender-domain check), and flags an address
(2.0 points each) whose domain cannot receive mail at all:

- the domain does not exist (NXDOMAIN);
- the domain has no MX record and no address (A or AAAA) either, so there is no server to
  deliver to (RFC 5321 §5.1 falls back to the domain's address only when there is no MX);
- the domain publishes a "null MX" (`MX 0 .`, RFC 7505): it says outright that it accepts no mail.

Only those certain answers count. A lookup that fails (timeout, SERVFAIL, no network) says
nothing, and so does a domain that has mail servers, even if they may be down. Names that only
a company's own DNS knows (`.local`, `.internal`, `.lan`, `.corp`, `.home.arpa`…) are not looked
up: a public resolver cannot see them. Only the
domain names are sent to the resolver, never the addresses or anything else of the draft. The
command-line tool does no lookups, so the rule only runs in the extension.

## Why it matters
A message to a domain that takes no mail is a hard bounce. Mailbox providers count hard bounces
against the sender: a few on a small account are enough to lower its reputation, and Gmail and
Yahoo ask bulk senders to keep bounces low. Such addresses come from typos the R09 list does not
know (`acme-lightning.com` for `acme-lighting.com`), from companies that closed or renamed, and
from business cards read wrong.

## Example
To `tom@acme-lightning.example` fires when that domain does not exist; so does a domain with
neither MX nor A record, or one whose MX is `0 .`. `maria@gmail.com` does not, nor a domain whose
lookup timed out.

## How to fix
Check the address with the recipient (their website, a phone call), or copy it from their last
email. If the company changed its name, ask for the new address.

## References
- RFC 5321 §5.1 (locating the target host: MX, else the domain's address)
- RFC 7505 (a null MX: the domain accepts no mail)
- RFC 8020 (NXDOMAIN means nothing exists below the name)
"#,
        zh: r#"## 检查什么
通过选项中设置的解析服务器（与发件域名检查使用同一个 DNS-over-HTTPS 服务器），查询收件人（To）、抄送（Cc）、密送（Bcc）中每个地址的域名，如果该域名根本无法接收邮件就报告（每个地址 2.0 分）：

- 域名不存在（NXDOMAIN）；
- 域名既没有 MX 记录，也没有 A 或 AAAA 地址记录，没有任何服务器可以投递（RFC 5321 §5.1 规定只有在没有 MX 时才退而使用域名自身的地址）；
- 域名发布了"空 MX"（`MX 0 .`，RFC 7505），明确表示不接收任何邮件。

只有这些确定的结果才会报告。查询失败（超时、SERVFAIL、没有网络）不报；域名有邮件服务器的也不报，即使服务器可能暂时故障。只存在于企业内部 DNS 的名称（`.local`、`.internal`、`.lan`、`.corp`、`.home.arpa` 等）不做查询，因为公共解析服务器看不到它们。发给解析服务器的只有域名，绝不会发送邮件地址或草稿中的其他内容。命令行工具不做 DNS 查询，因此这条规则只在浏览器扩展中运行。

## 为什么重要
发给无法收信的域名必然产生硬退信。各大邮箱服务商会把硬退信记在发件人头上：小账号只要几封就足以拉低信誉，Gmail 和 Yahoo 也要求批量发件人控制退信率。这类地址常见于 R09 列表覆盖不到的拼写错误（把 `acme-lighting.com` 写成 `acme-lightning.com`）、已经关闭或改名的公司，以及名片上抄错的地址。

## 示例
收件人 `tom@acme-lightning.example` 在该域名不存在时会触发；既没有 MX 也没有 A 记录的域名、MX 为 `0 .` 的域名同样会触发。`maria@gmail.com` 不会，查询超时的域名也不会。

## 如何修改
向对方核实地址（查看对方官网或打电话），或直接从对方上一封来信中复制。如果对方公司已经改名，请索取新的邮箱地址。

## 参考
- RFC 5321 §5.1（确定投递目标：先查 MX，没有 MX 时用域名自身的地址）
- RFC 7505（空 MX：域名不接收邮件）
- RFC 8020（NXDOMAIN 表示该名称及其下级都不存在）
"#,
    },
    check,
};

/// Why a domain takes no mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoMail {
    /// NXDOMAIN.
    NoSuchDomain,
    /// No MX, no A, no AAAA.
    NoServer,
    /// `MX 0 .`.
    NullMx,
}

fn check(a: &Analysis, out: &mut Hits) {
    let Some(dns) = a.dns else { return };
    let d = a.draft;
    let mut domains: BTreeSet<String> = BTreeSet::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for (field, m) in
        d.to.iter().map(|m| ("To", m)).chain(d.cc.iter().map(|m| ("Cc", m))).chain(d.bcc.iter().map(|m| ("Bcc", m)))
    {
        // Malformed addresses are R08's and cannot be looked up.
        if address::syntax_problem(&m.address, m.name.is_some()).is_some() || !m.address.contains('@') {
            continue;
        }
        if !seen.insert(m.address.trim().to_lowercase()) {
            continue;
        }
        let domain = crate::dns::domain_to_ascii(&m.domain());
        // An address literal (`user@[192.0.2.1]`) names its server itself; a private name
        // lives in an internal DNS the public resolver cannot see.
        if domain.is_empty() || domain.starts_with('[') || is_private_name(&domain) {
            continue;
        }
        if !domains.contains(&domain) {
            // A campaign pasted into To with thousands of addresses must not turn into
            // thousands of queries to a public resolver (R02 already flags such a list).
            if domains.len() >= crate::limits::MAX_RECIPIENT_DOMAIN_LOOKUPS {
                out.clipped(crate::report::Cut::RecipientDomains);
                continue;
            }
            domains.insert(domain.clone());
        }
        let Some(reason) = verdict(dns, &domain) else { continue };
        let shown = crate::rules::shorten(&m.address, 80);
        let (en, zh) = match reason {
            NoMail::NoSuchDomain => ("the domain does not exist", "该域名不存在"),
            NoMail::NoServer => (
                "the domain has no mail server (no MX and no address record)",
                "该域名没有邮件服务器（既无 MX 也无地址记录）",
            ),
            NoMail::NullMx => {
                ("the domain declares that it accepts no mail (null MX)", "该域名声明不接收任何邮件（空 MX）")
            }
        };
        out.add(2.0, Part::Recipients).say(
            format!("{field} address {shown}: {en}, so the message will bounce."),
            format!("{field} 地址 {shown}：{zh}，邮件必定被退回。"),
        );
    }
}

/// Endings of names that only an organisation's own DNS knows (RFC 6762 `.local`, RFC 8375
/// `.home.arpa`, ICANN's reserved `.internal`, and the customary `.lan`, `.corp`, `.home`,
/// `.localdomain`): a public resolver says NXDOMAIN for them, which says nothing about whether
/// the company's own mail server takes the mail.
const PRIVATE_ENDINGS: &[&str] = &["local", "internal", "lan", "corp", "home", "localdomain", "home.arpa"];

pub(crate) fn is_private_name(domain: &str) -> bool {
    PRIVATE_ENDINGS
        .iter()
        .any(|ending| domain == *ending || domain.strip_suffix(ending).is_some_and(|rest| rest.ends_with('.')))
}

/// Whether `domain` takes no mail, from the answers in the store: `None` when it does, when a
/// lookup failed, or while an answer is missing (noted in the store for the next round).
fn verdict(dns: &Lookups, domain: &str) -> Option<NoMail> {
    match routing(dns, domain) {
        Ok(Routing::NoMail(reason)) => Some(reason),
        _ => None,
    }
}

/// Where mail for a domain goes, as far as DNS says (R10 and the address-list checker decide
/// with this one function).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Routing<'a> {
    /// An MX, or no MX and an address (the implicit MX of RFC 5321 §5.1).
    TakesMail,
    /// Certain: the domain takes no mail.
    NoMail(NoMail),
    /// A lookup failed (SERVFAIL, timeout…): nothing can be said; the reason, in plain words.
    Unknown(&'a str),
}

/// Where mail for `domain` goes, from the answers in the store, or [`Pending`] while an answer
/// is missing (noted in the store for the next round).
pub(crate) fn routing<'a>(dns: &'a Lookups, domain: &str) -> Result<Routing<'a>, Pending> {
    let mx = dns.lookup(domain, RecordType::Mx)?;
    match mx {
        Answer::NxDomain { .. } => return Ok(Routing::NoMail(NoMail::NoSuchDomain)),
        Answer::Failed { reason } => return Ok(Routing::Unknown(reason)),
        Answer::NoError { .. } => {}
    }
    let exchanges: Vec<(u16, &str)> = mx
        .records(RecordType::Mx)
        .filter_map(|r| match r {
            RecordData::Mx { preference, exchange } => Some((*preference, exchange.as_str())),
            _ => None,
        })
        .collect();
    // RFC 7505 §3: a null MX is the domain's only MX, preference 0, exchange the root.
    if let [(0, "")] = exchanges[..] {
        return Ok(Routing::NoMail(NoMail::NullMx));
    }
    if !exchanges.is_empty() {
        return Ok(Routing::TakesMail);
    }
    // No MX: mail goes to the domain's own address (RFC 5321 §5.1). Both asked at once.
    let (v4, v6) = (dns.lookup(domain, RecordType::A), dns.lookup(domain, RecordType::Aaaa));
    let (v4, v6) = (v4?, v6?);
    if let Answer::Failed { reason } = v4 {
        return Ok(Routing::Unknown(reason));
    }
    if let Answer::Failed { reason } = v6 {
        return Ok(Routing::Unknown(reason));
    }
    Ok(match v4.is_void(RecordType::A) && v6.is_void(RecordType::Aaaa) {
        true => Routing::NoMail(NoMail::NoServer),
        false => Routing::TakesMail,
    })
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::dns::zone::Zone;
    use crate::dns::Query;
    use crate::{check, Draft, Mailbox, Options, Report};

    const ZONE: &str = "\
$ORIGIN test.
$TTL 300
mail.test. IN SOA ns.mail.test. admin.mail.test. 1 3600 600 86400 300
good.test. IN MX 10 mx.good.test.
mx.good.test. IN A 192.0.2.10
webonly.test. IN A 192.0.2.20
nullmx.test. IN MX 0 .
nomail.test. IN TXT \"v=spf1 -all\"
;! servfail broken.test
";

    fn draft(to: &[&str]) -> Draft {
        Draft { to: to.iter().map(|a| Mailbox { name: None, address: a.to_string() }).collect(), ..Draft::default() }
    }

    /// Runs R10 round after round, answering from the zone, as the extension does over DoH.
    fn run(to: &[&str]) -> (Report, usize) {
        let zone = Zone::parse(ZONE).unwrap();
        let mut store = Lookups::new();
        for round in 1.. {
            let options = Options { only: Some("R10"), dns: Some(Rc::new(store)), ..Options::default() };
            let report = check(&draft(to), &options);
            store = Rc::try_unwrap(options.dns.unwrap()).unwrap();
            if report.lookups.is_empty() {
                return (report, round);
            }
            for q in &report.lookups {
                store.insert_dns(q.clone(), zone.answer(q));
            }
        }
        unreachable!()
    }

    fn fired(to: &str) -> Option<String> {
        run(&[to]).0.findings.into_iter().find(|f| f.code == "R10").map(|f| f.message)
    }

    #[test]
    fn domains_that_take_no_mail_are_flagged_with_the_reason() {
        assert!(fired("tom@nosuch.test").unwrap().contains("does not exist"));
        assert!(fired("tom@nullmx.test").unwrap().contains("null MX"));
        assert!(fired("tom@nomail.test").unwrap().contains("no mail server"));
    }

    #[test]
    fn domains_with_a_server_or_an_unknown_answer_are_not() {
        assert_eq!(fired("tom@good.test"), None);
        assert_eq!(fired("tom@webonly.test"), None, "an address without MX is the implicit MX");
        assert_eq!(fired("tom@broken.test"), None, "a failed lookup says nothing");
        assert_eq!(fired("tom@[192.0.2.1]"), None);
        for private in ["tom@mail.corp", "tom@exchange.acme.internal", "tom@nas.home.arpa", "tom@server.local"] {
            assert_eq!(fired(private), None, "{private}: only the company's own DNS knows it");
        }
        assert!(fired("tom@localcorp.test").is_some(), "an ending is a whole label");
    }

    #[test]
    fn without_a_store_the_rule_is_silent_and_asks_for_nothing() {
        let report = check(&draft(&["tom@nosuch.test"]), &Options { only: Some("R10"), ..Options::default() });
        assert!(report.findings.is_empty() && report.lookups.is_empty());
    }

    #[test]
    fn all_mx_questions_go_out_in_the_first_round_and_addresses_only_where_needed() {
        let options = Options { only: Some("R10"), dns: Some(Rc::new(Lookups::new())), ..Options::default() };
        let report = check(&draft(&["a@good.test", "b@Nosuch.TEST", "c@good.test"]), &options);
        assert_eq!(
            report.lookups,
            vec![Query::new("good.test", RecordType::Mx), Query::new("nosuch.test", RecordType::Mx)]
        );
        let (report, rounds) = run(&["a@good.test", "b@nomail.test", "c@nosuch.test"]);
        assert_eq!(rounds, 3, "MX for all, then A and AAAA for the one without MX, then done");
        assert_eq!(report.findings.len(), 2);
    }
}
