//! SPF (RFC 7208): the linting parser ([`record`]), macros ([`macros`]), `check_host()`
//! ([`eval`]), the static walk of the include tree ([`tree`]) and the domain check's `SPF`
//! section (catalog rows 11–26).
//!
//! A receiver evaluates SPF for one client IP and stops at the first match; the section has
//! no message, so it walks the whole include/redirect tree instead, counting every
//! DNS-querying term (nested ones too), void lookups and broken includes, and checks the
//! record against the domain's MX provider. Given a sending IP (`DomainOptions::ip`) it also
//! runs [`check_host`] and reports the receiver's verdict as the fact `result`.
//! Only TXT records are read: the obsolete SPF record type (99) is not queried, so the
//! `SPF-SENDERID` check covers the `spf2.0/` TXT records of Sender ID only.

pub mod eval;
pub mod macros;
pub mod record;
pub mod tree;

use std::collections::BTreeMap;

pub use eval::{check_host, check_host_with, check_mail_from, CheckHostOptions, SpfResult, SpfVerdict};
pub use record::SpfRecord;
pub use tree::{SpfNode, SpfTree};

use super::providers::{self, Provider};
use super::{Check, Context, DomainFinding, Group, Level, Output, PublishRecord, Section};
use crate::dns::{Answer, Pending, RecordData, RecordType};
use crate::report::Lang;
use record::{is_spf_record, Mechanism, Qualifier, TermKind};
use tree::NodeState;

/// No `v=spf1` record.
pub static SPF_MISSING: Check = Check {
    code: "SPF-MISSING",
    group: Group::Spf,
    level: Level::Error,
    title: ["{domain} has no SPF record{detail}", "{domain} 没有 SPF 记录{detail}"],
    fix: [
        "Gmail and Yahoo require SPF or DKIM from every sender, and many receivers reject mail without either. Add one TXT record at host @: {record}",
        "Gmail 和 Yahoo 要求所有发件域至少通过 SPF 或 DKIM 验证，没有 SPF 的邮件很容易被拒收或进垃圾箱。请在主机记录 @ 下添加一条 TXT 记录：{record}",
    ],
};

/// More than one `v=spf1` record.
pub static SPF_MULTIPLE: Check = Check {
    code: "SPF-MULTIPLE",
    group: Group::Spf,
    level: Level::Critical,
    title: [
        "{domain} has {count} SPF records, so SPF fails (permerror) at every receiver",
        "{domain} 有 {count} 条 SPF 记录，所有收件服务器都会判定 SPF 出错（permerror）",
    ],
    fix: [
        "A domain may have only one SPF record. Delete them all and publish this merged record at host @: {record}",
        "一个域名只能有一条 SPF 记录。请删除现有的几条，在主机记录 @ 下只发布这一条合并后的记录：{record}",
    ],
};

/// A syntax error.
pub static SPF_SYNTAX: Check = Check {
    code: "SPF-SYNTAX",
    group: Group::Spf,
    level: Level::Critical,
    title: [
        "The SPF record has a syntax error at character {column} (“{term}”): {detail}",
        "SPF 记录第 {column} 个字符处（“{term}”）有语法错误：{detail}",
    ],
    fix: [
        "Receivers treat the whole record as invalid (permerror), as if you had no SPF. Correct it as described and publish it again: {record}",
        "收件服务器会把整条记录判为无效（permerror），等于没有 SPF。请按提示改正后重新发布：{record}",
    ],
};

/// More than 10 DNS-querying terms.
pub static SPF_LOOKUPS_EXCEEDED: Check = Check {
    code: "SPF-LOOKUPS-EXCEEDED",
    group: Group::Spf,
    level: Level::Critical,
    title: [
        "SPF needs {count} DNS lookups; the limit is 10, so SPF fails (permerror)",
        "SPF 需要 {count} 次 DNS 查询，超过了 10 次的上限，会直接判定失败（permerror）",
    ],
    fix: [
        "Remove includes of services you no longer use, replace a and mx with the ip4: of your own servers, or move bulk senders to a subdomain with its own SPF. Avoid blindly flattening includes into IP lists: providers change their addresses.",
        "删除不再使用的服务商的 include，把自有服务器的 a、mx 改写成 ip4:，或者把群发服务放到单独的子域名并为它单独设置 SPF。不要盲目把 include 展开成 IP 列表，服务商的 IP 会变。",
    ],
};

/// 8 to 10 DNS-querying terms.
pub static SPF_LOOKUPS_HIGH: Check = Check {
    code: "SPF-LOOKUPS-HIGH",
    group: Group::Spf,
    level: Level::Warning,
    title: [
        "SPF uses {count} of 10 DNS lookups: one more provider, or a provider changing its record, can break it",
        "SPF 已用掉 10 次 DNS 查询中的 {count} 次，再加一个服务商或者服务商调整自己的记录，就可能超限",
    ],
    fix: [
        "Remove includes you no longer use and write your own servers as ip4: instead of a or mx.",
        "删除不再使用的 include，自有服务器用 ip4: 列出，不要用 a 或 mx。",
    ],
};

/// More than 2 void lookups.
pub static SPF_VOID_LOOKUPS: Check = Check {
    code: "SPF-VOID-LOOKUPS",
    group: Group::Spf,
    level: Level::Error,
    title: [
        "{count} SPF terms point at names that do not exist or have no records ({names}); more than 2 makes SPF fail",
        "SPF 中有 {count} 项指向不存在或没有记录的域名（{names}），超过 2 个就会判定失败",
    ],
    fix: [
        "Remove the dead entries (often those of a former provider).",
        "删除这些失效的条目（通常是以前服务商留下的）。",
    ],
};

/// An include or redirect without a valid SPF record.
pub static SPF_INCLUDE_BROKEN: Check = Check {
    code: "SPF-INCLUDE-BROKEN",
    group: Group::Spf,
    level: Level::Error,
    title: [
        "“{term}” has no valid SPF record ({why}), so your whole SPF fails (permerror)",
        "“{term}”没有有效的 SPF 记录（{why}），会导致整个 SPF 验证失败（permerror）",
    ],
    fix: [
        "Check the spelling against your provider's instructions, or remove the term if you no longer use that service.",
        "请对照服务商的说明检查拼写；如果已经不用这个服务，就删除这一项。",
    ],
};

/// `+all`.
pub static SPF_ALL_PASS: Check = Check {
    code: "SPF-ALL-PASS",
    group: Group::Spf,
    level: Level::Critical,
    title: [
        "“{term}” lets every server on the Internet send mail as {domain}",
        "“{term}”等于允许互联网上任何服务器以 {domain} 的名义发信",
    ],
    fix: [
        "Change it to “~all” (or “-all” once every server that sends for you is listed).",
        "改成“~all”（确认所有替你发信的服务器都已列入后，可以用“-all”）。",
    ],
};

/// `?all`, or no `all` and no `redirect`.
pub static SPF_ALL_NEUTRAL: Check = Check {
    code: "SPF-ALL-NEUTRAL",
    group: Group::Spf,
    level: Level::Warning,
    title: [
        "Your SPF ends neutral ({ending}), so it does not protect {domain} from forged mail",
        "SPF 以中性结果结尾（{ending}），起不到防止他人冒用 {domain} 发信的作用",
    ],
    fix: ["End the record with “~all” (or “-all”).", "在记录末尾加上“~all”（或“-all”）。"],
};

/// The `ptr` mechanism.
pub static SPF_PTR: Check = Check {
    code: "SPF-PTR",
    group: Group::Spf,
    level: Level::Warning,
    title: [
        "The SPF record uses “{term}”, which RFC 7208 says not to use",
        "SPF 记录用了“{term}”，RFC 7208 明确要求不要使用",
    ],
    fix: [
        "ptr is slow, unreliable and ignored by some receivers: replace it with the ip4:/ip6: of your servers or your provider's include.",
        "ptr 查询慢、不可靠，部分收件服务器会直接忽略它：请改用发信服务器的 ip4:/ip6:，或服务商提供的 include。",
    ],
};

/// An `mx` term with more than 10 MX hosts.
pub static SPF_MX_TOO_MANY: Check = Check {
    code: "SPF-MX-TOO-MANY",
    group: Group::Spf,
    level: Level::Error,
    title: [
        "“{term}” points at {count} MX hosts; more than 10 makes SPF fail (permerror)",
        "“{term}”对应 {count} 台 MX 主机，超过 10 台会导致 SPF 判定失败（permerror）",
    ],
    fix: [
        "List the servers that actually send with ip4:/ip6: instead of mx.",
        "请改用 ip4:/ip6: 列出真正发信的服务器，不要用 mx。",
    ],
};

/// A long record or an over-long string.
pub static SPF_SIZE: Check = Check {
    code: "SPF-SIZE",
    group: Group::Spf,
    level: Level::Warning,
    title: [
        "The SPF record is {bytes} bytes long{detail}; some DNS panels and receivers truncate long records",
        "SPF 记录长 {bytes} 字节{detail}，部分 DNS 控制台和收件服务器会截断过长的记录",
    ],
    fix: [
        "Keep it under 450 bytes: remove entries you no longer use, and enter it as quoted strings of at most 255 characters each.",
        "尽量控制在 450 字节以内：删除不再使用的条目，并把记录拆成多个带引号、每段不超过 255 个字符的字符串。",
    ],
};

/// A Sender ID (`spf2.0/`) record.
pub static SPF_SENDERID: Check = Check {
    code: "SPF-SENDERID",
    group: Group::Spf,
    level: Level::Info,
    title: [
        "{domain} still publishes an obsolete Sender ID record (“{record}”)",
        "{domain} 还保留着已废弃的 Sender ID 记录（“{record}”）",
    ],
    fix: [
        "Receivers only use the TXT record that starts with v=spf1: delete the spf2.0 record.",
        "收件服务器只看以 v=spf1 开头的 TXT 记录，请删除这条 spf2.0 记录。",
    ],
};

/// The mailbox provider's include is missing.
pub static SPF_PROVIDER_NOT_AUTHORIZED: Check = Check {
    code: "SPF-PROVIDER-NOT-AUTHORIZED",
    group: Group::Spf,
    level: Level::Error,
    title: [
        "Your MX ({mx}) points to {provider}, but SPF does not include {include}: the mail you send from your mailboxes fails SPF",
        "你的域名 MX（{mx}）指向{provider}，但 SPF 记录里没有包含 {include}，平时用邮箱发出的邮件都会 SPF 验证失败",
    ],
    fix: [
        "Add include:{include} to your one SPF record: {record}",
        "在那条唯一的 SPF 记录里加上 include:{include}，改成：{record}",
    ],
};

/// A bad macro.
pub static SPF_MACRO_SYNTAX: Check = Check {
    code: "SPF-MACRO-SYNTAX",
    group: Group::Spf,
    level: Level::Error,
    title: [
        "The SPF macro at character {column} (“{term}”) is invalid: {detail}",
        "SPF 记录第 {column} 个字符处的宏（“{term}”）写法错误：{detail}",
    ],
    fix: [
        "Receivers treat the whole record as invalid (permerror). Fix the macro or remove the term.",
        "收件服务器会把整条记录判为无效（permerror），请改正这个宏或删除这一项。",
    ],
};

/// The same include twice.
pub static SPF_DUPLICATE_INCLUDE: Check = Check {
    code: "SPF-DUPLICATE-INCLUDE",
    group: Group::Spf,
    level: Level::Info,
    title: [
        "{target} is included {count} times ({paths}), wasting DNS lookups",
        "{target} 被包含了 {count} 次（{paths}），白白占用 DNS 查询次数",
    ],
    fix: ["Remove the duplicate include from your record.", "请从记录中删除重复的 include。"],
};

/// The SPF section.
pub static SECTION: Section = Section {
    groups: &[Group::Spf],
    checks: &[
        &SPF_MISSING,
        &SPF_MULTIPLE,
        &SPF_SYNTAX,
        &SPF_LOOKUPS_EXCEEDED,
        &SPF_LOOKUPS_HIGH,
        &SPF_VOID_LOOKUPS,
        &SPF_INCLUDE_BROKEN,
        &SPF_ALL_PASS,
        &SPF_ALL_NEUTRAL,
        &SPF_PTR,
        &SPF_MX_TOO_MANY,
        &SPF_SIZE,
        &SPF_SENDERID,
        &SPF_PROVIDER_NOT_AUTHORIZED,
        &SPF_MACRO_SYNTAX,
        &SPF_DUPLICATE_INCLUDE,
    ],
    run,
};

/// The lookup count from which SPF-LOOKUPS-HIGH warns.
pub const LOOKUPS_HIGH: usize = 8;
/// RFC 7208 §3.4: keep the record small enough for one UDP answer.
const SIZE_WARNING_BYTES: usize = 450;

/// The domain's mailbox provider by its MX hosts (the most preferred known one), and the host.
fn mailbox_provider(mx: &Answer) -> Option<(&'static Provider, String)> {
    let mut hosts: Vec<(u16, &str)> = mx
        .records(RecordType::Mx)
        .filter_map(|d| match d {
            RecordData::Mx { preference, exchange } if !exchange.is_empty() => Some((*preference, exchange.as_str())),
            _ => None,
        })
        .collect();
    hosts.sort();
    hosts.iter().find_map(|(_, h)| providers::by_mx(h).filter(|p| p.mailbox).map(|p| (p, h.to_string())))
}

/// One SPF record for all of `records`: their includes, addresses and `a`/`mx` terms (each
/// once), `include` added first if missing, ending with the user's `-all` if any had it, else
/// `~all` (or the user's `redirect=` when no record had `all`). With nothing to authorise and
/// no MX, the domain sends no mail: `v=spf1 -all`, the lock the parked-domain advice gives.
pub fn merged_record(records: &[SpfRecord], include: Option<&str>, has_mx: bool) -> String {
    let mut terms: Vec<String> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut redirect = None;
    let mut hard_fail = false;
    let mut has_all = false;
    for record in records {
        for term in &record.terms {
            match &term.kind {
                TermKind::Directive { mechanism: Mechanism::All, qualifier } => {
                    has_all = true;
                    hard_fail |= *qualifier == Qualifier::Fail;
                }
                // `ptr` is deprecated: a merged record is the moment to leave it out.
                TermKind::Directive { mechanism: Mechanism::Ptr { .. }, .. } => {}
                TermKind::Directive { .. } if seen.insert(term.text.to_ascii_lowercase()) => {
                    terms.push(term.text.clone())
                }
                TermKind::Redirect { .. } => redirect = redirect.or(Some(term.text.clone())),
                _ => {}
            }
        }
    }
    if let Some(include) = include {
        let term = format!("include:{include}");
        if seen.insert(term.clone()) {
            terms.insert(0, term);
        }
    }
    if terms.is_empty() && has_mx {
        terms.push("mx".to_string());
    }
    let sends_nothing = terms.is_empty() && redirect.is_none();
    let ending = match (hard_fail || sends_nothing, has_all, redirect) {
        (true, _, _) => "-all".to_string(),
        (false, false, Some(redirect)) => redirect,
        _ => "~all".to_string(),
    };
    let mut out = String::from("v=spf1");
    for term in terms.iter().chain(std::iter::once(&ending)) {
        out.push(' ');
        out.push_str(term);
    }
    out
}

fn publish(value: String) -> PublishRecord {
    PublishRecord { host: "@".to_string(), rtype: "TXT", value }
}

fn with_record(mut finding: DomainFinding, record: &PublishRecord) -> DomainFinding {
    finding.record = Some(record.clone());
    finding
}

fn run(ctx: &Context, out: &mut Output) -> Result<(), Pending> {
    let lang = ctx.options.lang;
    let domain = ctx.domain.as_str();
    // Ask for the MX, the whole tree and (with a sending IP) a receiver's evaluation in the
    // same rounds.
    let mx = ctx.lookups.lookup(domain, RecordType::Mx);
    let tree = tree::walk(ctx.lookups, domain, lang);
    let evaluated =
        ctx.options.ip.map(|ip| (ip, check_host(ctx.lookups, ip, domain, &format!("postmaster@{domain}"), domain)));
    let (mx, tree) = (mx?, tree?);
    let txt = ctx.lookups.lookup(domain, RecordType::Txt)?;
    if let Some((ip, result)) = evaluated {
        // What a receiver would conclude for mail from this IP (RFC 7208 check_host).
        let result = result?;
        out.fact(Group::Spf, "result", format!("{} for {ip}: {}", result.verdict.as_str(), result.reason));
    }
    let provider = mailbox_provider(mx);
    let has_mx =
        mx.records(RecordType::Mx).any(|d| matches!(d, RecordData::Mx { exchange, .. } if !exchange.is_empty()));
    let provider_include = provider.as_ref().and_then(|(p, _)| p.spf_includes.first().copied());
    let root = &tree.root;

    // SPF-SENDERID reads every TXT record, whatever the SPF state.
    for text in txt.txt() {
        if text.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("spf2.0/")) {
            out.findings.push(SPF_SENDERID.problem(lang, &[("domain", domain), ("record", &text)]));
        }
    }

    match root.state {
        NodeState::Failed => {
            let reason = match txt {
                Answer::Failed { reason } => reason.clone(),
                _ => "lookup failed".to_string(),
            };
            out.findings.push(SPF_MISSING.unknown(lang, &reason));
            out.spf = Some(tree);
            return Ok(());
        }
        NodeState::NoRecord | NodeState::NxDomain => {
            // A TXT record that was meant as SPF but is not read as one: say why, and keep its
            // terms in the record to publish.
            let near: Vec<(String, String)> =
                txt.txt().into_iter().filter_map(|t| record::near_miss(&t, lang).map(|why| (t, why))).collect();
            let detail = near.first().map(|(_, why)| match lang {
                Lang::En => format!(": {why}"),
                Lang::ZhCn => format!("：{why}"),
            });
            let repaired: Vec<SpfRecord> = near
                .iter()
                .filter_map(|(t, _)| {
                    t.to_ascii_lowercase()
                        .find("v=spf1")
                        .map(|i| SpfRecord::parse(&suggested_fix(&SpfRecord::parse(&t[i..]))))
                })
                .filter(SpfRecord::is_valid)
                .collect();
            let record = publish(merged_record(&repaired, provider_include, has_mx));
            let finding = SPF_MISSING.problem(
                lang,
                &[("domain", domain), ("record", &record.value), ("detail", detail.as_deref().unwrap_or(""))],
            );
            out.findings.push(with_record(finding, &record));
            out.records.push(record);
            out.spf = Some(tree);
            return Ok(());
        }
        NodeState::Multiple => {
            let records: Vec<SpfRecord> =
                txt.txt().iter().filter(|t| is_spf_record(t)).map(|t| SpfRecord::parse(t)).collect();
            for r in &records {
                out.fact(Group::Spf, "record", r.text.clone());
            }
            let record = publish(merged_record(&records, provider_include, has_mx));
            let count = records.len().to_string();
            let finding =
                SPF_MULTIPLE.problem(lang, &[("domain", domain), ("count", &count), ("record", &record.value)]);
            out.findings.push(with_record(finding, &record));
            out.records.push(record);
            out.spf = Some(tree);
            return Ok(());
        }
        _ => {}
    }
    let Some(record) = root.parsed.as_ref() else {
        out.spf = Some(tree);
        return Ok(());
    };
    out.fact(Group::Spf, "record", record.text.clone());
    out.fact(Group::Spf, "lookups", format!("{} of 10", tree.lookups));

    syntax_checks(ctx, record, out);
    lookup_checks(ctx, &tree, out);
    all_checks(ctx, &tree, out);
    term_checks(ctx, &tree, out);
    size_check(ctx, txt, out);

    // SPF-PROVIDER-NOT-AUTHORIZED: the MX provider's include anywhere in the tree.
    // An invalid record gets its fix from SPF-SYNTAX, which keeps the provider's include.
    match (mx, provider) {
        _ if !record.is_valid() => {}
        (Answer::Failed { reason }, _) => out.findings.push(SPF_PROVIDER_NOT_AUTHORIZED.unknown(lang, reason)),
        (_, Some((provider, host))) => {
            let covered = tree.nodes().any(|n| {
                n.state != NodeState::Dynamic
                    && (n.term.to_ascii_lowercase().starts_with("include:")
                        || n.term.to_ascii_lowercase().starts_with("redirect="))
                    && providers::by_spf_include(&n.target).is_some_and(|p| p.id == provider.id)
            });
            if !covered {
                let include = provider.spf_includes.first().copied().unwrap_or_default();
                let value = merged_record(std::slice::from_ref(record), Some(include), has_mx);
                let published = publish(value);
                let name = provider.name[usize::from(lang == Lang::ZhCn)];
                let finding = SPF_PROVIDER_NOT_AUTHORIZED.problem(
                    lang,
                    &[("provider", name), ("mx", &host), ("include", include), ("record", &published.value)],
                );
                out.findings.push(with_record(finding, &published));
                out.records.push(published);
            }
        }
        _ => {}
    }
    out.spf = Some(tree);
    Ok(())
}

fn syntax_checks(ctx: &Context, record: &SpfRecord, out: &mut Output) {
    let lang = ctx.options.lang;
    let term_at = |p: &record::Problem| {
        record
            .terms
            .iter()
            .find(|t| t.start <= p.start && p.start < t.end)
            .map(|t| t.text.clone())
            .or_else(|| {
                // A term that could not be parsed: the whitespace-separated word around it.
                let start = record.text[..p.start.min(record.text.len())].rfind(' ').map_or(0, |i| i + 1);
                let end =
                    record.text[p.end.min(record.text.len())..].find(' ').map_or(record.text.len(), |i| p.end + i);
                record.text.get(start..end).map(str::to_string)
            })
            .unwrap_or_default()
    };
    let (macro_errors, syntax_errors): (Vec<_>, Vec<_>) =
        record.problems.iter().filter(|p| p.fatal).partition(|p| p.is_macro());
    if let Some(first) = syntax_errors.first() {
        let column = first.column(&record.text).to_string();
        let mut detail = first.describe(lang);
        if syntax_errors.len() > 1 {
            let more = syntax_errors.len() - 1;
            detail.push_str(&match lang {
                Lang::En => format!(" (and {more} more problem{})", if more > 1 { "s" } else { "" }),
                Lang::ZhCn => format!("（另有 {more} 处问题）"),
            });
        }
        let fixed = suggested_fix(record);
        let mut finding = SPF_SYNTAX
            .problem(lang, &[("column", &column), ("term", &term_at(first)), ("detail", &detail), ("record", &fixed)]);
        // Offer the repaired record to copy only when the repairs made it valid; otherwise the
        // fix ends before its “: {record}”.
        if SpfRecord::parse(&fixed).is_valid() {
            let published = publish(fixed);
            finding.record = Some(published.clone());
            out.records.push(published);
        } else {
            let general = finding.fix.replace(&fixed, "");
            finding.fix = match lang {
                Lang::En => format!("{}.", general.trim_end_matches([':', ' '])),
                Lang::ZhCn => format!("{}。", general.trim_end_matches(['：', ' '])),
            };
        }
        out.findings.push(finding);
    }
    if let Some(first) = macro_errors.first() {
        let column = first.column(&record.text).to_string();
        let detail = match &first.kind {
            record::ProblemKind::Macro { error } => error.describe(lang),
            _ => first.describe(lang),
        };
        out.findings.push(
            SPF_MACRO_SYNTAX.problem(lang, &[("column", &column), ("term", &term_at(first)), ("detail", &detail)]),
        );
    }
}

/// The record with the mechanical fixes applied: full-width characters made ASCII, odd spaces
/// made one space, a space before a glued `all`, a colon after a bare include. What needs a
/// human (an unknown mechanism) is left as written.
fn suggested_fix(record: &SpfRecord) -> String {
    let mut text = String::new();
    for c in record.text.chars() {
        match c {
            '\u{ff01}'..='\u{ff5e}' => text.push(char::from_u32(c as u32 - 0xfee0).unwrap_or(c)),
            '。' => text.push('.'),
            c if c.is_whitespace() || c.is_control() => text.push(' '),
            '"' | '“' | '”' | '‘' | '’' => {}
            c => text.push(c),
        }
    }
    let mut words: Vec<String> = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let lower = word.to_ascii_lowercase();
        if let Some(g) = ["+all", "-all", "~all", "?all"]
            .iter()
            .find(|g| lower.ends_with(*g) && lower.len() > 4 && lower.contains(':'))
        {
            words.push(word[..word.len() - g.len()].to_string());
            words.push(word[word.len() - g.len()..].to_string());
            continue;
        }
        if let Some(last) = words.last() {
            if ["include", "+include", "exists", "ip4", "ip6"].contains(&last.to_ascii_lowercase().as_str())
                && word.contains('.')
            {
                let joined = format!("{last}:{word}");
                words.pop();
                words.push(joined);
                continue;
            }
        }
        let fixed = match record::suggest_mechanism(word) {
            Some(fixed) => fixed,
            None => word.to_string(),
        };
        words.push(fixed);
    }
    words.join(" ")
}

fn lookup_checks(ctx: &Context, tree: &SpfTree, out: &mut Output) {
    let lang = ctx.options.lang;
    let count = tree.lookups.to_string();
    // A failed include hides the lookups below it; any failed lookup may hide a void one.
    let include_failed = tree.nodes().any(|n| n.state == NodeState::Failed);
    let any_failed = tree.root.has_failures();
    let reason = match lang {
        Lang::En => "a lookup in the SPF include tree failed",
        Lang::ZhCn => "SPF 的 include 链中有查询失败",
    };
    if tree.lookups > crate::limits::MAX_SPF_DNS_TERMS {
        out.findings.push(SPF_LOOKUPS_EXCEEDED.problem(lang, &[("count", &count)]));
    } else if include_failed {
        out.findings.push(SPF_LOOKUPS_EXCEEDED.unknown(lang, reason));
    } else if tree.lookups >= LOOKUPS_HIGH {
        out.findings.push(SPF_LOOKUPS_HIGH.problem(lang, &[("count", &count)]));
    }
    if tree.void_lookups > crate::limits::MAX_SPF_VOID_LOOKUPS {
        let names: Vec<String> = tree
            .nodes()
            .flat_map(|n| {
                let own = n.problems.iter().filter(|p| p.kind == "void-lookup").filter_map(|p| p.term.clone());
                let dead = (n.void_lookups > 0 && n.parsed.is_none()).then(|| n.term.clone());
                own.chain(dead).collect::<Vec<_>>()
            })
            .collect();
        out.findings.push(
            SPF_VOID_LOOKUPS.problem(lang, &[("count", &tree.void_lookups.to_string()), ("names", &names.join(", "))]),
        );
    } else if any_failed {
        out.findings.push(SPF_VOID_LOOKUPS.unknown(lang, reason));
    }
}

fn all_checks(ctx: &Context, tree: &SpfTree, out: &mut Output) {
    let lang = ctx.options.lang;
    let domain = ctx.domain.as_str();
    // `+all` anywhere it is evaluated: in an include it makes the include pass for everyone.
    for node in tree.nodes() {
        let Some(record) = &node.parsed else { continue };
        for (qualifier, mechanism, term) in record.directives() {
            if matches!(mechanism, Mechanism::All) && qualifier == Qualifier::Pass {
                let shown = match node.term.is_empty() {
                    true => term.text.clone(),
                    false => format!("{} → {}", node.term, term.text),
                };
                out.findings.push(SPF_ALL_PASS.problem(lang, &[("term", &shown), ("domain", domain)]));
            }
        }
    }
    let ending = tree.effective_ending();
    // A broken record's ending is for SPF-SYNTAX to fix (`ip4:1.2.3.4~all` has no `all`).
    if ending.state == NodeState::Failed || tree.root.state == NodeState::Invalid {
        return;
    }
    if let Some(record) = &ending.parsed {
        let neutral = match (record.all(), record.redirect()) {
            (Some(Qualifier::Neutral), _) => Some("“?all”".to_string()),
            (None, None) => Some(match lang {
                Lang::En => "no “all” at the end".to_string(),
                Lang::ZhCn => "末尾没有“all”".to_string(),
            }),
            _ => None,
        };
        if let Some(ending) = neutral {
            out.findings.push(SPF_ALL_NEUTRAL.problem(lang, &[("ending", &ending), ("domain", domain)]));
        }
    }
}

fn term_checks(ctx: &Context, tree: &SpfTree, out: &mut Output) {
    let lang = ctx.options.lang;
    // `ptr` in the records the user writes: the domain's own and its redirect chain.
    let mut node = &tree.root;
    loop {
        if let Some(record) = &node.parsed {
            if let Some((_, _, term)) = record.directives().find(|(_, m, _)| matches!(m, Mechanism::Ptr { .. })) {
                out.findings.push(SPF_PTR.problem(lang, &[("term", &term.text)]));
                break;
            }
        }
        match node.children.iter().find(|c| c.term.to_ascii_lowercase().starts_with("redirect=")) {
            Some(next) => node = next,
            None => break,
        }
    }
    for node in tree.nodes() {
        for p in node.problems.iter().filter(|p| p.kind == "mx-too-many") {
            let term = p.term.clone().unwrap_or_default();
            let count = p.message.split_whitespace().find_map(|w| w.parse::<usize>().ok()).unwrap_or(0).to_string();
            out.findings.push(SPF_MX_TOO_MANY.problem(lang, &[("term", &term), ("count", &count)]));
        }
    }
    // Includes reached more than once (not loops: those are broken includes).
    let mut reached: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    collect_includes(&tree.root, &mut Vec::new(), &mut reached);
    for (target, paths) in reached.iter().filter(|(_, p)| p.len() > 1) {
        out.findings.push(
            SPF_DUPLICATE_INCLUDE.problem(
                lang,
                &[("target", target), ("count", &paths.len().to_string()), ("paths", &paths.join("; "))],
            ),
        );
    }
    for node in tree.nodes().filter(|n| !n.term.is_empty()) {
        let why = match node.state {
            NodeState::NxDomain | NodeState::NoRecord | NodeState::Multiple | NodeState::Loop => {
                node.problems.first().map(|p| p.message.clone()).unwrap_or_default()
            }
            NodeState::Invalid => node.problems.iter().find(|p| p.fatal).map(|p| p.message.clone()).unwrap_or_default(),
            NodeState::Failed => {
                let reason = node.problems.first().map(|p| p.message.clone()).unwrap_or_default();
                out.findings.push(SPF_INCLUDE_BROKEN.unknown(lang, &reason));
                continue;
            }
            _ => continue,
        };
        out.findings.push(SPF_INCLUDE_BROKEN.problem(lang, &[("term", &node.term), ("why", &why)]));
    }
}

fn collect_includes<'t>(node: &'t SpfNode, path: &mut Vec<&'t str>, reached: &mut BTreeMap<&'t str, Vec<String>>) {
    for child in &node.children {
        if child.state == NodeState::Dynamic || child.state == NodeState::Loop {
            continue;
        }
        let mut shown: Vec<&str> = path.clone();
        shown.push(&child.term);
        reached.entry(child.target.as_str()).or_default().push(shown.join(" → "));
        path.push(&child.term);
        collect_includes(child, path, reached);
        path.pop();
    }
}

fn size_check(ctx: &Context, txt: &Answer, out: &mut Output) {
    let lang = ctx.options.lang;
    for data in txt.records(RecordType::Txt) {
        let RecordData::Txt { strings } = data else { continue };
        let joined = strings.concat();
        if !is_spf_record(&String::from_utf8_lossy(&joined)) {
            continue;
        }
        let longest = strings.iter().map(Vec::len).max().unwrap_or(0);
        if joined.len() > SIZE_WARNING_BYTES || longest > 255 {
            let detail = match (longest > 255, lang) {
                (true, Lang::En) => format!(", with a single string of {longest} characters (255 at most)"),
                (true, Lang::ZhCn) => format!("，其中一段字符串长 {longest} 个字符（最多 255 个）"),
                (false, _) => String::new(),
            };
            out.findings.push(SPF_SIZE.problem(lang, &[("bytes", &joined.len().to_string()), ("detail", &detail)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_records_keep_what_was_there_and_add_the_provider() {
        let a = SpfRecord::parse("v=spf1 include:sendgrid.net ip4:203.0.113.7 -all");
        let b = SpfRecord::parse("v=spf1 include:sendgrid.net include:servers.mcsv.net ~all");
        assert_eq!(
            merged_record(&[a, b], Some("spf.qiye.aliyun.com"), true),
            "v=spf1 include:spf.qiye.aliyun.com include:sendgrid.net ip4:203.0.113.7 include:servers.mcsv.net -all"
        );
        assert_eq!(merged_record(&[], Some("spf.mail.qq.com"), true), "v=spf1 include:spf.mail.qq.com ~all");
        assert_eq!(merged_record(&[], None, true), "v=spf1 mx ~all");
        assert_eq!(merged_record(&[], None, false), "v=spf1 -all");
        let r = SpfRecord::parse("v=spf1 redirect=_spf.example.com");
        assert_eq!(
            merged_record(&[r], Some("_spf.google.com"), true),
            "v=spf1 include:_spf.google.com redirect=_spf.example.com"
        );
    }

    use crate::dns::zone::Zone;
    use crate::dns::{drive, Lookups, Request};
    use crate::domain::{DomainOptions, Status};

    /// What the SPF section alone wrote (other sections have their own tests), with the
    /// number of fetch rounds it took.
    struct Ran {
        complete: bool,
        rounds: usize,
        findings: Vec<DomainFinding>,
        facts: Vec<super::super::Fact>,
        records: Vec<PublishRecord>,
        spf: Option<SpfTree>,
    }

    fn run_section(zone: &str, options: &DomainOptions) -> Ran {
        let zone = Zone::parse(zone).unwrap();
        let mut lookups = Lookups::new();
        let mut rounds = 0;
        let (out, complete) = drive(
            &mut lookups,
            |l| {
                let context = Context { options, domain: crate::domain::domain_to_ascii(&options.domain), lookups: l };
                let mut out = Output::default();
                let complete = run(&context, &mut out).is_ok();
                (out, complete)
            },
            |requests: &[Request]| {
                rounds += 1;
                zone.fetch(requests)
            },
        );
        Ran { complete, rounds, findings: out.findings, facts: out.facts, records: out.records, spf: out.spf }
    }

    fn report(zone: &str, domain: &str, lang: Lang) -> Ran {
        run_section(zone, &DomainOptions { domain: domain.to_string(), lang, ..Default::default() })
    }

    fn codes(report: &Ran) -> Vec<(&'static str, Status)> {
        report.findings.iter().map(|f| (f.code, f.status)).collect()
    }

    #[test]
    fn failed_lookups_are_unknown_never_missing() {
        let r = report(";! servfail example.test\n", "example.test", Lang::En);
        assert!(r.complete);
        assert_eq!(codes(&r), [("SPF-MISSING", Status::Unknown)]);
        let r = report(
            ";! timeout spf.qiye.aliyun.com\nexample.test. 300 IN MX 5 mx1.qiye.aliyun.com.\nexample.test. 300 IN TXT \"v=spf1 include:spf.qiye.aliyun.com -all\"\n",
            "example.test",
            Lang::En,
        );
        let mut found = codes(&r);
        found.sort();
        assert_eq!(
            found,
            [
                ("SPF-INCLUDE-BROKEN", Status::Unknown),
                ("SPF-LOOKUPS-EXCEEDED", Status::Unknown),
                ("SPF-VOID-LOOKUPS", Status::Unknown)
            ]
        );
        // A failed `a` lookup hides no include: only the void count is unknown.
        let r = report(
            ";! servfail old.example.test\nexample.test. 300 IN TXT \"v=spf1 a:old.example.test -all\"\n",
            "example.test",
            Lang::En,
        );
        assert_eq!(codes(&r), [("SPF-VOID-LOOKUPS", Status::Unknown)]);
    }

    #[test]
    fn the_tree_counts_nested_lookups_in_evaluation_order() {
        let r = report(
            r#"
example.test. 300 IN TXT "v=spf1 include:_spf.example.test mx redirect=_r.example.test"
_spf.example.test. 300 IN TXT "v=spf1 a:mail.example.test include:sendgrid.net ~all"
mail.example.test. 300 IN A 192.0.2.1
sendgrid.net. 300 IN TXT "v=spf1 ip4:167.89.0.0/17 ~all"
_r.example.test. 300 IN TXT "v=spf1 ptr ?all"
"#,
            "example.test",
            Lang::En,
        );
        let tree = r.spf.as_ref().unwrap();
        let root = &tree.root;
        assert_eq!((tree.lookups, root.lookups, root.total_lookups), (6, 3, 6));
        let first = &root.children[0];
        assert_eq!(
            (first.term.as_str(), first.lookups, first.total_lookups, first.cumulative_lookups),
            ("include:_spf.example.test", 2, 2, 3)
        );
        // `mx` of a name without MX records is a void lookup.
        assert_eq!(tree.void_lookups, 1);
        // The redirect's record decides the ending, and its ptr is the user's.
        let found = codes(&r);
        assert!(
            found.contains(&("SPF-ALL-NEUTRAL", Status::Problem)) && found.contains(&("SPF-PTR", Status::Problem)),
            "{found:?}"
        );
        assert!(r.facts.iter().any(|f| f.label == "lookups" && f.value == "6 of 10"));
        let json = serde_json::to_value(tree).unwrap();
        assert_eq!(json["root"]["children"][0]["children"][0]["target"], "sendgrid.net");
    }

    #[test]
    fn the_tree_is_fetched_a_level_per_round() {
        let zone = r#"
example.test. 300 IN MX 5 mx1.qiye.aliyun.com.
example.test. 300 IN TXT "v=spf1 include:spf.qiye.aliyun.com include:_a.example.test include:_b.example.test a:www.example.test -all"
_a.example.test. 300 IN TXT "v=spf1 include:sendgrid.net include:_c.example.test -all"
_b.example.test. 300 IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
_c.example.test. 300 IN TXT "v=spf1 ip4:198.51.100.0/24 -all"
sendgrid.net. 300 IN TXT "v=spf1 ip4:167.89.0.0/17 ~all"
spf.qiye.aliyun.com. 300 IN TXT "v=spf1 ip4:115.124.30.0/24 -all"
www.example.test. 300 IN A 192.0.2.80
"#;
        let r = report(zone, "example.test", Lang::En);
        assert!(r.complete && r.findings.is_empty(), "{:?}", r.findings);
        assert_eq!(r.spf.as_ref().map(|t| t.lookups), Some(6));
        // Root and MX; the three includes and the `a`; the two includes below `_a`.
        assert_eq!(r.rounds, 3);
    }

    #[test]
    fn with_a_sending_ip_the_receivers_verdict_is_a_fact() {
        let zone = "example.test. 300 IN TXT \"v=spf1 include:spf.qiye.aliyun.com -all\"\nspf.qiye.aliyun.com. 300 IN TXT \"v=spf1 ip4:115.124.30.0/24 -all\"\n";
        let fact = |ip: &str| {
            let options =
                DomainOptions { domain: "example.test".into(), ip: Some(ip.parse().unwrap()), ..Default::default() };
            let r = run_section(zone, &options);
            r.facts.into_iter().find(|f| f.label == "result").map(|f| f.value).unwrap_or_default()
        };
        assert!(fact("115.124.30.9").starts_with("pass for 115.124.30.9"), "{}", fact("115.124.30.9"));
        assert!(fact("192.0.2.1").starts_with("fail for 192.0.2.1"), "{}", fact("192.0.2.1"));
    }

    #[test]
    fn loops_and_missing_all_are_found_and_written_in_chinese() {
        let r = report(
            "example.test. 300 IN TXT \"v=spf1 include:a.example.test\"\na.example.test. 300 IN TXT \"v=spf1 include:example.test -all\"\n",
            "example.test",
            Lang::ZhCn,
        );
        let broken = r.findings.iter().find(|f| f.code == "SPF-INCLUDE-BROKEN").expect("the loop is a broken include");
        assert!(broken.message.contains("循环"), "{}", broken.message);
        let neutral = r.findings.iter().find(|f| f.code == "SPF-ALL-NEUTRAL").expect("no all, no redirect");
        assert!(neutral.message.contains("末尾没有"), "{}", neutral.message);
    }

    #[test]
    fn a_txt_record_that_almost_is_spf_is_explained_and_repaired() {
        let r = report(
            "example.test. 300 IN MX 5 mx1.qiye.aliyun.com.\nexample.test. 300 IN TXT \"\\\"v=spf1 include:sendgrid.net -all\\\"\"\n",
            "example.test",
            Lang::En,
        );
        let missing = r.findings.iter().find(|f| f.code == "SPF-MISSING").unwrap();
        assert!(missing.message.contains("before v=spf1"), "{}", missing.message);
        let record = missing.record.as_ref().unwrap();
        assert_eq!(record.value, "v=spf1 include:spf.qiye.aliyun.com include:sendgrid.net -all");
        assert_eq!(r.records, std::slice::from_ref(record));
    }

    #[test]
    fn no_input_makes_the_parser_panic() {
        let nasty = [
            "v=spf1 İnclude:x.example.com K=spf1 ｉｐ４：１.２.３.４ %{ %{} %{d999999999999999999999}.x -all",
            "İv=spf1 include:a.example.com",
            "\"V=SPF1\u{3000}a:例子.中国/24//64 ip6:::ffff:1.2.3.4/129 exists:%{ir}.%{v}.%-%_%% redirect=%{d}",
            "v=spf1 a:/ mx:// a/ mx// ip4:/ ip6:/ include:, exists:; ~all, -all;",
            "v=spf1 \u{0}\u{7f}\u{200b}\u{feff}\u{a0}a",
        ];
        for text in nasty {
            for (end, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                let prefix = &text[..end];
                let record = SpfRecord::parse(prefix);
                for p in &record.problems {
                    let _ = (p.describe(Lang::En), p.describe(Lang::ZhCn), p.column(prefix));
                }
                let _ = (record::near_miss(prefix, Lang::En), suggested_fix(&record));
            }
        }
    }

    #[test]
    fn a_syntax_error_offers_the_repaired_record_only_when_the_repair_works() {
        // The zone file spells the full-width colon U+FF1A as its UTF-8 bytes.
        let r = report(
            "example.test. 300 IN TXT \"v=spf1 include\\239\\188\\154spf.qiye.aliyun.com ip4:192.0.2.1~all\"\n",
            "example.test",
            Lang::ZhCn,
        );
        let f = r.findings.iter().find(|f| f.code == "SPF-SYNTAX").unwrap();
        assert!(f.message.contains("第 15 个字符") && f.message.contains("全角"), "{}", f.message);
        assert_eq!(
            f.record.as_ref().map(|p| p.value.as_str()),
            Some("v=spf1 include:spf.qiye.aliyun.com ip4:192.0.2.1 ~all")
        );
        let r =
            report("example.test. 300 IN TXT \"v=spf1 frobnicate:x.example.test -all\"\n", "example.test", Lang::En);
        let f = r.findings.iter().find(|f| f.code == "SPF-SYNTAX").unwrap();
        assert!(f.record.is_none() && r.records.is_empty());
        assert!(f.fix.ends_with("publish it again.") && !f.fix.contains("frobnicate"), "{}", f.fix);
    }

    #[test]
    fn the_suggested_fix_repairs_what_is_mechanical() {
        let fix = |t: &str| suggested_fix(&SpfRecord::parse(t));
        assert_eq!(
            fix("v=spf1 include：spf.qiye.aliyun.com　ip4:1.2.3.4~all"),
            "v=spf1 include:spf.qiye.aliyun.com ip4:1.2.3.4 ~all"
        );
        assert_eq!(fix("v=spf1 inculde:spf.qiye.aliyun.com -all"), "v=spf1 include:spf.qiye.aliyun.com -all");
        assert_eq!(fix("v=spf1 include spf.mail.qq.com ~all"), "v=spf1 include:spf.mail.qq.com ~all");
    }
}
