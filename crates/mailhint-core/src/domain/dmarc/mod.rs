//! DMARC: the record, where receivers find it (RFC 7489 and RFC 9989 side by side), its
//! policy, its report addresses, and whether a domain that takes no mail is locked against
//! spoofing (catalog rows 34–47 and 49).

pub mod discovery;
pub mod record;

use std::collections::BTreeMap;

pub use discovery::{Discovery, DiscoveryView, DmarcView};
pub use record::{DmarcRecord, Policy};

use super::mail_setup::{self, MailSetup, MxState, SpfState};
use super::{say, Check, Context, DomainFinding, Group, Level, Output, PublishRecord, Section};
use crate::dns::{Answer, Pending, RecordData, RecordType};
use crate::report::Lang;
use discovery::DmarcTxt;
use record::UriProblem;

/// No DMARC record, either way receivers look.
pub static DMARC_MISSING: Check = Check {
    code: "DMARC-MISSING",
    group: Group::Dmarc,
    level: Level::Error,
    title: ["{domain} has no DMARC record (looked at {names}).", "{domain} 没有 DMARC 记录（已查询 {names}）。"],
    fix: [
        "Gmail and Yahoo require DMARC from bulk senders. Publish a TXT record at host `_dmarc`: `{record}`. Start with p=none, read the reports, then move to quarantine and reject.",
        "Gmail、Yahoo 要求批量发件人必须配置 DMARC。请添加一条 TXT 解析，主机记录填 `_dmarc`，记录值：`{record}`。先用 p=none 观察报告，确认无误后再逐步改为 quarantine、reject。",
    ],
};

/// More than one DMARC record at a name receivers read.
pub static DMARC_MULTIPLE: Check = Check {
    code: "DMARC-MULTIPLE",
    group: Group::Dmarc,
    level: Level::Critical,
    title: [
        "{name} has {count} DMARC records, so receivers ignore DMARC for this domain.",
        "{name} 下有 {count} 条 DMARC 记录，收件方会因此完全忽略 DMARC。",
    ],
    fix: [
        "Keep one record and delete the others (often one is left from a previous provider); merge the tags you need into the one you keep.",
        "只保留一条，删除其余的（多出来的往往是以前服务商留下的旧记录）；需要的标签合并到保留的那条里。",
    ],
};

/// The record breaks the grammar.
pub static DMARC_SYNTAX: Check = Check {
    code: "DMARC-SYNTAX",
    group: Group::Dmarc,
    level: Level::Error,
    title: [
        "The DMARC record at {name} is invalid at position {position}: {detail}{more}.",
        "{name} 的 DMARC 记录在第 {position} 个字符处有错误：{detail}{more}。",
    ],
    fix: [
        "{consequence} Retype it in plain ASCII (half-width `;` `=` `:`), tags separated by `;`, e.g. `v=DMARC1; p=quarantine; rua=mailto:dmarc@{domain}`.",
        "{consequence}请用英文半角字符重新输入（`;` `=` `:` 都要半角），标签之间用分号分隔，例如：`v=DMARC1; p=quarantine; rua=mailto:dmarc@{domain}`。",
    ],
};

/// DMARC at the apex, SPF or something unrelated at `_dmarc`.
pub static DMARC_WRONG_LOCATION: Check = Check {
    code: "DMARC-WRONG-LOCATION",
    group: Group::Dmarc,
    level: Level::Warning,
    title: ["DMARC is in the wrong place: {detail}.", "DMARC 记录位置不对：{detail}。"],
    fix: [
        "DMARC must be one TXT record at host `_dmarc` (that is `_dmarc.{domain}`), holding only the DMARC record. Move it there and remove other TXT records from `_dmarc`.",
        "DMARC 必须是主机记录为 `_dmarc`（即 `_dmarc.{domain}`）的一条 TXT 记录，且该主机下只放 DMARC 记录。请把记录移到那里，并删除 `_dmarc` 下的其他 TXT 记录。",
    ],
};

/// `_dmarc` is a CNAME and has a TXT record.
pub static DMARC_CNAME_CONFLICT: Check = Check {
    code: "DMARC-CNAME-CONFLICT",
    group: Group::Dmarc,
    level: Level::Warning,
    title: [
        "{name} has both a CNAME (to {target}) and a TXT record; receivers may see either.",
        "{name} 同时存在 CNAME（指向 {target}）和 TXT 记录，收件方可能读到其中任何一个。",
    ],
    fix: [
        "Keep only one: the TXT record with your policy, or the CNAME if a DMARC service manages your policy.",
        "两者只留其一：要么保留写有策略的 TXT 记录，要么（由 DMARC 托管服务管理时）只保留 CNAME。",
    ],
};

/// The policy applied is `none`, or enforcement is held back by `pct`/`t`.
pub static DMARC_POLICY_NONE: Check = Check {
    code: "DMARC-POLICY-NONE",
    group: Group::Dmarc,
    level: Level::Warning,
    title: [
        "DMARC for {domain} is monitoring only ({detail}): spoofed mail is still delivered.",
        "{domain} 的 DMARC 仅为监控模式（{detail}），伪造的邮件仍会被投递。",
    ],
    fix: [
        "Once the reports show that all your own mail passes, move to `p=quarantine`, then `p=reject`: `{record}`.",
        "通过报告确认自己发出的邮件都能通过验证后，改为 `p=quarantine`，之后再改为 `p=reject`：`{record}`。",
    ],
};

/// `sp` or `np` weaker than an enforced `p`.
pub static DMARC_SUBDOMAIN_WEAKER: Check = Check {
    code: "DMARC-SUBDOMAIN-WEAKER",
    group: Group::Dmarc,
    level: Level::Warning,
    title: [
        "Subdomains of {policy_domain} are less protected than the domain itself: {detail}.",
        "{policy_domain} 的子域名保护弱于主域名：{detail}。",
    ],
    fix: [
        "Set `sp=` and `np=` to match `p` (`sp={p}; np={p}`), or remove `sp=` so that subdomains inherit `p`.",
        "把 `sp=`、`np=` 设为与 `p` 相同（`sp={p}; np={p}`），或删除 `sp=`，让子域名继承 `p`。",
    ],
};

/// No aggregate-report address.
pub static DMARC_NO_RUA: Check = Check {
    code: "DMARC-NO-RUA",
    group: Group::Dmarc,
    level: Level::Warning,
    title: [
        "The DMARC record of {policy_domain} has no `rua`: you get no reports.",
        "{policy_domain} 的 DMARC 记录没有 `rua`，您收不到任何 DMARC 报告。",
    ],
    fix: [
        "Add `rua=mailto:dmarc@{policy_domain}` (a mailbox someone reads, or a DMARC report service) to see who sends mail as your domain.",
        "添加 `rua=mailto:dmarc@{policy_domain}`（填一个有人查看的邮箱，或 DMARC 报告分析服务的地址），才能看到有哪些服务器在以您的域名发信。",
    ],
};

/// A report URI that is not a usable `mailto:`.
pub static DMARC_RUA_INVALID: Check = Check {
    code: "DMARC-RUA-INVALID",
    group: Group::Dmarc,
    level: Level::Error,
    title: ["The report address `{uri}` in `{tag}` is not usable: {detail}.", "`{tag}` 中的报告地址 `{uri}` 无效：{detail}。"],
    fix: [
        "Write each report address as `mailto:name@domain`, several separated by commas, e.g. `{tag}=mailto:dmarc@{domain}`.",
        "每个报告地址都要写成 `mailto:名称@域名`，多个地址用英文逗号分隔，例如 `{tag}=mailto:dmarc@{domain}`。",
    ],
};

/// An external report destination that has not authorised the reports.
pub static DMARC_RUA_UNAUTHORIZED: Check = Check {
    code: "DMARC-RUA-UNAUTHORIZED",
    group: Group::Dmarc,
    level: Level::Warning,
    title: [
        "{dest} has not authorised DMARC reports for {policy_domain}, so receivers will not send reports to `{address}`.",
        "{dest} 没有授权接收 {policy_domain} 的 DMARC 报告，收件方不会把报告发到 `{address}`。",
    ],
    fix: [
        "Use an address at your own domain, or ask the report service to publish a TXT record `v=DMARC1` at `{auth}`.",
        "改用本域名下的邮箱，或请报告服务商在 `{auth}` 发布一条内容为 `v=DMARC1` 的 TXT 记录。",
    ],
};

/// A report destination without MX.
pub static DMARC_RUA_NO_MX: Check = Check {
    code: "DMARC-RUA-NO-MX",
    group: Group::Dmarc,
    level: Level::Warning,
    title: [
        "Reports to `{address}` will bounce: {dest} has no mail server (MX).",
        "发往 `{address}` 的报告会被退回：{dest} 没有邮件服务器（MX 记录）。",
    ],
    fix: [
        "Correct the address (a typo?) or add MX records for {dest}.",
        "检查地址是否写错，或为 {dest} 添加 MX 记录。",
    ],
};

/// Tags RFC 9989 removed, or a missing `p`.
pub static DMARC_LEGACY_TAGS: Check = Check {
    code: "DMARC-LEGACY-TAGS",
    group: Group::Dmarc,
    level: Level::Info,
    title: [
        "The DMARC record of {policy_domain} uses what RFC 9989 (2026) removed or made optional: {tags}.",
        "{policy_domain} 的 DMARC 记录使用了 RFC 9989（2026 年）已删除或改为可选的写法：{tags}。",
    ],
    fix: [
        "For a test phase use `t=y` instead of `pct=0` (keep `pct` too while older receivers remain), drop `rf`, `ri` and `!size`, and keep an explicit `p=` for older receivers.",
        "测试阶段请用 `t=y` 代替 `pct=0`（旧版收件方仍存在期间可同时保留 `pct`），删除 `rf`、`ri` 和 `!size`，并保留明确的 `p=` 以兼容旧版收件方。",
    ],
};

/// RFC 7489 and RFC 9989 receivers read different policies or organizational domains.
pub static DMARC_7489_9989_MISMATCH: Check = Check {
    code: "DMARC-7489-9989-MISMATCH",
    group: Group::Dmarc,
    level: Level::Warning,
    title: [
        "Older (RFC 7489) and newer (RFC 9989) receivers read the DMARC of {domain} differently: {detail}.",
        "旧版（RFC 7489）和新版（RFC 9989）收件方对 {domain} 的 DMARC 解读不同：{detail}。",
    ],
    fix: [
        "Publish an explicit record at `_dmarc.{domain}`, and add `psd=n` to your organizational domain's record, so that both read the same policy.",
        "在 `_dmarc.{domain}` 发布明确的 DMARC 记录，并在组织域名的记录中加上 `psd=n`，让新旧收件方读到同一策略。",
    ],
};

/// Strict alignment while sending services send for the domain.
pub static DMARC_STRICT_ALIGNMENT_RISK: Check = Check {
    code: "DMARC-STRICT-ALIGNMENT-RISK",
    group: Group::Dmarc,
    level: Level::Info,
    title: [
        "Strict alignment ({tags}) while mail for {domain} also goes out through {esps}: that mail may fail DMARC.",
        "{domain} 使用了严格对齐（{tags}），而 {esps} 也在代发邮件，这些邮件可能无法通过 DMARC。",
    ],
    fix: [
        "Use relaxed alignment (remove `adkim=s` / `aspf=s`) unless you need strict, or make every sender sign and bounce with exactly `{domain}`.",
        "除非确有需要，请改用宽松对齐（删除 `adkim=s` / `aspf=s`），或确保每个发信服务都用 `{domain}` 本身签名并作为退信域名。",
    ],
};

/// A domain that takes no mail and is not locked against spoofing.
pub static PARKED_NOT_LOCKED: Check = Check {
    code: "PARKED-NOT-LOCKED",
    group: Group::Dmarc,
    level: Level::Warning,
    title: [
        "{domain} receives no mail ({mx}) but can still be spoofed: {detail}.",
        "{domain} 不收邮件（{mx}），但仍可被冒用来发信：{detail}。",
    ],
    fix: [
        "If the domain sends no mail, publish TXT `v=spf1 -all` at `@` and `v=DMARC1; p=reject;` at `_dmarc` (optionally an empty DKIM key `v=DKIM1; p=` at `*._domainkey`).",
        "如果该域名不发邮件，请在 `@` 添加 TXT 记录 `v=spf1 -all`，在 `_dmarc` 添加 `v=DMARC1; p=reject;`（还可以在 `*._domainkey` 添加空密钥 `v=DKIM1; p=`）。",
    ],
};

/// The DMARC section.
pub static SECTION: Section = Section {
    groups: &[Group::Dmarc],
    checks: &[
        &DMARC_MISSING,
        &DMARC_MULTIPLE,
        &DMARC_SYNTAX,
        &DMARC_WRONG_LOCATION,
        &DMARC_CNAME_CONFLICT,
        &DMARC_POLICY_NONE,
        &DMARC_SUBDOMAIN_WEAKER,
        &DMARC_NO_RUA,
        &DMARC_RUA_INVALID,
        &DMARC_RUA_UNAUTHORIZED,
        &DMARC_RUA_NO_MX,
        &DMARC_LEGACY_TAGS,
        &DMARC_7489_9989_MISMATCH,
        &DMARC_STRICT_ALIGNMENT_RISK,
        &PARKED_NOT_LOCKED,
    ],
    run,
};

/// How a list of words is joined in `lang`.
fn list_sep(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ", ",
        Lang::ZhCn => "、",
    }
}

/// Both discoveries of the domain, and the records at every name they read. Other sections
/// (BIMI) call this too: the answers come from the shared store.
pub fn discover(
    lookups: &crate::dns::Lookups,
    domain: &str,
) -> Result<(Discovery, Discovery, BTreeMap<String, DmarcTxt>), Pending> {
    let found = discovery::lookup_all(lookups, domain)?;
    Ok((discovery::rfc7489(domain, &found), discovery::rfc9989(domain, &found), found))
}

fn run(ctx: &Context, out: &mut Output) -> Result<(), Pending> {
    let lang = ctx.options.lang;
    let domain = ctx.domain.as_str();
    let lookups = ctx.lookups;
    let dmarc_name = format!("_dmarc.{domain}");
    // Everything of the first round at once: the walks' names, `_dmarc`'s CNAME, the apex's TXT and MX.
    let found = discover(lookups, domain);
    let cname = lookups.lookup(&dmarc_name, RecordType::Cname);
    let dmarc_txt = lookups.lookup(&dmarc_name, RecordType::Txt);
    let apex_txt = lookups.lookup(domain, RecordType::Txt);
    let setup = mail_setup::mail_setup(lookups, domain);
    let (old, new, found) = found?;
    let (cname, dmarc_txt, apex_txt, setup) = (cname?, dmarc_txt?, apex_txt?, setup?);
    out.dmarc = Some(DmarcView::new(domain, &old, &new));
    let problem = |check: &'static Check, args: &[(&str, &str)]| check.problem(lang, args);

    let Some(at_domain) = found.get(domain) else { return Ok(()) };
    if let Some(reason) = old.unknown.as_ref().or(new.unknown.as_ref()) {
        out.findings.push(DMARC_MISSING.unknown(lang, reason));
        return Ok(());
    }
    for records in found.values().filter(|r| !r.valid.is_empty()) {
        let texts: Vec<&str> = records.valid.iter().map(|r| r.text.as_str()).collect();
        out.fact(Group::Dmarc, records.name.clone(), texts.join(" | "));
        // Receivers ignore tags they do not know (RFC 9989), but a misspelt `p` is one.
        for record in records.valid.iter().filter(|r| !r.ignored.is_empty()) {
            out.fact(Group::Dmarc, format!("{} ignored tags", records.name), record.ignored.join(", "));
        }
    }

    // The names whose records matter: the domain's and each discovery's policy and
    // organizational domains.
    let mut names: Vec<&str> = vec![domain];
    for name in [&old.policy_domain, &old.org_domain, &new.policy_domain, &new.org_domain].into_iter().flatten() {
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    for name in &names {
        let Some(at) = found.get(*name) else { continue };
        if at.valid.len() > 1 {
            out.findings.push(problem(&DMARC_MULTIPLE, &[("name", &at.name), ("count", &at.valid.len().to_string())]));
        }
        for broken in &at.broken {
            out.findings.push(syntax(lang, domain, &at.name, broken, true));
        }
        if let Some(record) = at.record().filter(|r| !r.problems.is_empty()) {
            out.findings.push(syntax(lang, domain, &at.name, record, false));
        }
    }

    wrong_location(lang, domain, at_domain, apex_txt, out);
    let own_txt = |a: &Answer| a.records(RecordType::Txt).next().is_some() && txt_owned_by(a, &dmarc_name);
    if let Some(RecordData::Cname { target }) = cname.records(RecordType::Cname).next() {
        if own_txt(dmarc_txt) {
            out.findings.push(problem(&DMARC_CNAME_CONFLICT, &[("name", &dmarc_name), ("target", target)]));
        }
    }

    let parked = parked(&setup);
    let lock_record = "v=DMARC1; p=reject;".to_string();
    let any_dmarc = names.iter().any(|n| found.get(*n).is_some_and(|t| !t.valid.is_empty() || !t.broken.is_empty()));
    if old.record.is_none() && new.record.is_none() && !any_dmarc {
        let value = match parked {
            Some(_) => lock_record.clone(),
            None => format!("v=DMARC1; p=none; rua=mailto:dmarc@{domain}"),
        };
        let asked: Vec<String> = names.iter().map(|n| format!("_dmarc.{n}")).collect();
        let mut finding =
            problem(&DMARC_MISSING, &[("domain", domain), ("names", &asked.join(", ")), ("record", &value)]);
        let record = PublishRecord { host: dmarc_host(domain), rtype: "TXT", value };
        finding.record = Some(record.clone());
        out.records.push(record);
        out.findings.push(finding);
    }

    // The records that apply, once each.
    let mut applied: Vec<(&str, &DmarcRecord)> = Vec::new();
    for d in [&new, &old] {
        if let (Some(name), Some(record)) = (&d.policy_domain, &d.record) {
            if !applied.iter().any(|(n, _)| n == name) {
                applied.push((name, record));
            }
        }
    }

    policy_checks(lang, domain, &old, &new, parked.is_some(), out);
    for (policy_domain, record) in &applied {
        content_checks(lang, domain, policy_domain, record, &setup, out);
    }
    mismatch(lang, domain, &old, &new, out);
    report_destinations(ctx, &applied, out)?;

    if let Some(mx) = parked {
        let mut details = Vec::new();
        if !setup.spf_is_hard_fail_only() {
            details.push(match &setup.spf {
                SpfState::None => say(lang, "no SPF record", "没有 SPF 记录"),
                _ => say(lang, "SPF is not `v=spf1 -all`", "SPF 不是 `v=spf1 -all`"),
            });
        }
        let locked = |d: &Discovery| d.applied(domain) == Some(Policy::Reject);
        if !locked(&old) || !locked(&new) {
            details.push(say(lang, "DMARC is not `p=reject`", "DMARC 不是 `p=reject`"));
        }
        if !details.is_empty() {
            let sep = say(lang, "; ", "；");
            let mut finding = problem(
                &PARKED_NOT_LOCKED,
                &[("domain", domain), ("mx", &mx.describe(lang)), ("detail", &details.join(&sep))],
            );
            finding.record = Some(PublishRecord { host: dmarc_host(domain), rtype: "TXT", value: lock_record });
            out.findings.push(finding);
        }
    } else if let (MxState::Failed(reason), _) | (_, SpfState::Failed(reason)) = (&setup.mx, &setup.spf) {
        out.findings.push(PARKED_NOT_LOCKED.unknown(lang, reason));
    }
    Ok(())
}

/// Whether the answer's TXT records are the name's own (not reached through a CNAME).
fn txt_owned_by(answer: &Answer, name: &str) -> bool {
    match answer {
        Answer::NoError { records, .. } => {
            records.iter().any(|r| r.name == name && matches!(r.data, RecordData::Txt { .. }))
        }
        _ => false,
    }
}

fn syntax(lang: Lang, domain: &str, name: &str, record: &DmarcRecord, discarded: bool) -> DomainFinding {
    let first = record.problems.first();
    let position = first.map_or(1, |p| p.position).to_string();
    let detail = first.map_or_else(
        // A record that looks like DMARC but does not start with `v=DMARC1` and has no
        // problem of its own: the version is missing altogether.
        || say(lang, "it does not start with `v=DMARC1`", "记录没有以 `v=DMARC1` 开头"),
        |p| p.problem.describe(lang),
    );
    let more = match record.problems.len() {
        0 | 1 => String::new(),
        n => say(lang, format!(" (and {} more)", n - 1), format!("（另有 {} 处）", n - 1)),
    };
    let consequence = match discarded {
        true => say(lang, "Receivers ignore this record entirely.", "收件方会完全忽略这条记录。"),
        false => say(
            lang,
            "Receivers ignore the faulty tags, or treat the policy as none.",
            "收件方会忽略出错的标签，或按 p=none 处理。",
        ),
    };
    DMARC_SYNTAX.problem(
        lang,
        &[
            ("name", name),
            ("position", &position),
            ("detail", &detail),
            ("more", &more),
            ("consequence", &consequence),
            ("domain", domain),
        ],
    )
}

fn wrong_location(lang: Lang, domain: &str, at_domain: &DmarcTxt, apex_txt: &Answer, out: &mut Output) {
    let mut details = Vec::new();
    if apex_txt.txt().iter().any(|t| record::starts_with_version(t.trim_start()) || record::looks_like_dmarc(t)) {
        details.push(say(
            lang,
            format!("a DMARC record is published at {domain} itself (host `@`), where receivers never look"),
            format!("DMARC 记录被添加在了 {domain} 主域名（主机记录 `@`）上，收件方不会在那里查找"),
        ));
    }
    if !at_domain.spf.is_empty() {
        details.push(say(
            lang,
            format!("an SPF record is published at {} (where the DMARC record belongs)", at_domain.name),
            format!("{} 下是一条 SPF 记录（这里应当放 DMARC 记录）", at_domain.name),
        ));
    }
    for other in &at_domain.other {
        details.push(say(
            lang,
            format!("{} holds a TXT record that is not DMARC: `{other}`", at_domain.name),
            format!("{} 下有一条与 DMARC 无关的 TXT 记录：`{other}`", at_domain.name),
        ));
    }
    for detail in details {
        out.findings.push(DMARC_WRONG_LOCATION.problem(lang, &[("detail", &detail), ("domain", domain)]));
    }
}

/// How the domain takes no mail, for a parked domain: no MX or a null MX, and an SPF record
/// that authorises no one (a domain without MX whose SPF lists senders is a send-only domain,
/// not a parked one). `None` for a domain that takes mail, sends it, or does not exist.
fn parked(setup: &MailSetup) -> Option<ParkedMx> {
    match (setup.is_parked(), &setup.mx) {
        (true, MxState::Null) => Some(ParkedMx::Null),
        (true, _) => Some(ParkedMx::None),
        (false, _) => None,
    }
}

#[derive(Debug, Clone, Copy)]
enum ParkedMx {
    Null,
    None,
}

impl ParkedMx {
    fn describe(self, lang: Lang) -> String {
        match self {
            ParkedMx::Null => say(lang, "null MX", "Null MX 记录"),
            ParkedMx::None => say(lang, "no MX record", "没有 MX 记录"),
        }
    }
}

fn policy_checks(lang: Lang, domain: &str, old: &Discovery, new: &Discovery, parked: bool, out: &mut Output) {
    let Some(record) = new.record.as_ref().or(old.record.as_ref()) else { return };
    let mut details: Vec<String> = Vec::new();
    let mut note = |text: String| {
        if !details.contains(&text) {
            details.push(text);
        }
    };
    for d in [new, old] {
        let Some(r) = &d.record else { continue };
        if d.applied(domain) == Some(Policy::None) {
            note(match d.policy_domain.as_deref() == Some(domain) {
                true => format!("p={}", r.p.map_or("none (missing)", Policy::as_str)),
                false => say(
                    lang,
                    format!("sp=none applies to this subdomain of {}", d.policy_domain.as_deref().unwrap_or_default()),
                    format!("{} 的 sp=none 对该子域名生效", d.policy_domain.as_deref().unwrap_or_default()),
                ),
            });
        }
    }
    if let Some(r) = &old.record {
        if let Some(pct) = r.pct.filter(|p| *p < 100) {
            note(say(
                lang,
                format!("pct={pct}: the policy covers only part of the mail"),
                format!("pct={pct}：策略只作用于部分邮件"),
            ));
        }
    }
    if new.record.as_ref().is_some_and(|r| r.t == Some(true)) {
        note(say(lang, "t=y: test mode", "t=y：测试模式"));
    }
    if details.is_empty() {
        return;
    }
    // The parked-domain check asks for p=reject at once; others step up one level.
    let next = match (parked, record.policy()) {
        (true, _) => Policy::Reject,
        (false, Policy::None) => Policy::Quarantine,
        (false, p) => p,
    };
    let value = record.with_policy(next);
    let sep = say(lang, "; ", "；");
    let mut finding =
        DMARC_POLICY_NONE.problem(lang, &[("domain", domain), ("detail", &details.join(&sep)), ("record", &value)]);
    let host = dmarc_host(new.policy_domain.as_deref().or(old.policy_domain.as_deref()).unwrap_or(domain));
    let publish = PublishRecord { host, rtype: "TXT", value };
    finding.record = Some(publish.clone());
    if !parked {
        out.records.push(publish);
    }
    out.findings.push(finding);
}

fn content_checks(
    lang: Lang,
    domain: &str,
    policy_domain: &str,
    record: &DmarcRecord,
    setup: &MailSetup,
    out: &mut Output,
) {
    let p = record.policy();
    if p.is_enforced() {
        let mut details = Vec::new();
        if record.subdomain_policy() < p {
            details.push(format!("sp={}", record.subdomain_policy().as_str()));
        }
        if record.np.is_some_and(|np| np < p) {
            details.push(format!("np={}", record.nonexistent_policy().as_str()));
        }
        if !details.is_empty() {
            details.insert(0, format!("p={}", p.as_str()));
            out.findings.push(DMARC_SUBDOMAIN_WEAKER.problem(
                lang,
                &[("policy_domain", policy_domain), ("detail", &details.join(", ")), ("p", p.as_str())],
            ));
        }
    }
    if record.rua.is_empty() {
        out.findings.push(DMARC_NO_RUA.problem(lang, &[("policy_domain", policy_domain)]));
    }
    for (tag, uris) in [("rua", &record.rua), ("ruf", &record.ruf)] {
        for uri in uris {
            let Some(kind) = &uri.problem else { continue };
            let detail = match kind {
                UriProblem::NoScheme => say(lang, "`mailto:` is missing", "缺少 `mailto:` 前缀"),
                UriProblem::NotMailto => {
                    say(lang, "only `mailto:` addresses receive reports", "只支持 `mailto:` 形式的地址")
                }
                UriProblem::BadAddress => say(lang, "it is no complete mail address", "不是完整的邮箱地址"),
            };
            out.findings.push(
                DMARC_RUA_INVALID
                    .problem(lang, &[("uri", &uri.raw), ("tag", tag), ("detail", &detail), ("domain", domain)]),
            );
        }
    }
    if !record.legacy.is_empty() {
        let tags: Vec<String> = record
            .legacy
            .iter()
            .map(|t| match t.as_str() {
                "p" => say(lang, "no `p` tag", "缺少 `p` 标签"),
                "!size" => "`!size`".to_string(),
                other => format!("`{other}`"),
            })
            .collect();
        out.findings.push(
            DMARC_LEGACY_TAGS.problem(lang, &[("policy_domain", policy_domain), ("tags", &tags.join(list_sep(lang)))]),
        );
    }
    let strict: Vec<&str> = [("adkim=s", record.adkim), ("aspf=s", record.aspf)]
        .into_iter()
        .filter(|(_, a)| *a == Some(record::Alignment::Strict))
        .map(|(t, _)| t)
        .collect();
    let esps = setup.esps();
    if !strict.is_empty() && !esps.is_empty() {
        let names: Vec<&str> = esps.iter().map(|p| p.name[usize::from(lang == Lang::ZhCn)]).collect();
        out.findings.push(DMARC_STRICT_ALIGNMENT_RISK.problem(
            lang,
            &[("tags", &strict.join(list_sep(lang))), ("esps", &names.join(list_sep(lang))), ("domain", domain)],
        ));
    }
}

fn mismatch(lang: Lang, domain: &str, old: &Discovery, new: &Discovery, out: &mut Output) {
    if old.record.is_none() && new.record.is_none() {
        return;
    }
    let show = |name: &Option<String>| name.clone().unwrap_or_else(|| say(lang, "none", "无"));
    let mut details = Vec::new();
    if old.policy_domain != new.policy_domain {
        details.push(say(
            lang,
            format!("policy from {} vs {}", show(&old.policy_domain), show(&new.policy_domain)),
            format!("策略来源 {} 与 {}", show(&old.policy_domain), show(&new.policy_domain)),
        ));
    }
    let policy = |d: &Discovery| {
        d.applied(domain).map_or_else(|| say(lang, "none found", "未找到"), |p| format!("p={}", p.as_str()))
    };
    if old.applied(domain) != new.applied(domain) {
        details.push(say(
            lang,
            format!("policy {} vs {}", policy(old), policy(new)),
            format!("策略 {} 与 {}", policy(old), policy(new)),
        ));
    }
    if old.org_domain.is_some() && new.org_domain.is_some() && old.org_domain != new.org_domain {
        details.push(say(
            lang,
            format!(
                "organizational domain {} vs {} (relaxed alignment differs)",
                show(&old.org_domain),
                show(&new.org_domain)
            ),
            format!("组织域名 {} 与 {}（宽松对齐的判断会不同）", show(&old.org_domain), show(&new.org_domain)),
        ));
    }
    if !details.is_empty() {
        let sep = say(lang, "; ", "；");
        out.findings
            .push(DMARC_7489_9989_MISMATCH.problem(lang, &[("domain", domain), ("detail", &details.join(&sep))]));
    }
}

/// The DNS panel's host for `_dmarc.<owner>`: relative to the zone, which is taken to be the
/// registrable domain (`_dmarc` for `example.com`, `_dmarc.mail` for `mail.example.com`).
fn dmarc_host(owner: &str) -> String {
    let org = org_of(owner);
    match owner.strip_suffix(org).and_then(|rest| rest.strip_suffix('.')) {
        Some(below) if !below.is_empty() => format!("_dmarc.{below}"),
        _ => "_dmarc".to_string(),
    }
}

/// The organizational domain for telling own from external report destinations (RFC 7489
/// §7.1 / RFC 9990: by the Public Suffix List here, which both generations can agree on for
/// ordinary registrable domains).
fn org_of(name: &str) -> &str {
    crate::suffix::domain(name).unwrap_or(name)
}

fn report_destinations(ctx: &Context, applied: &[(&str, &DmarcRecord)], out: &mut Output) -> Result<(), Pending> {
    let lang = ctx.options.lang;
    let lookups = ctx.lookups;
    struct Destination<'a> {
        address: &'a str,
        dest: &'a str,
        policy_domain: &'a str,
    }
    let mut destinations: Vec<Destination> = Vec::new();
    for (policy_domain, record) in applied {
        for uri in record.rua.iter().chain(&record.ruf) {
            if let (Some(address), Some(dest)) = (&uri.address, &uri.domain) {
                if !destinations.iter().any(|d| d.address == address && d.policy_domain == *policy_domain) {
                    destinations.push(Destination { address, dest, policy_domain });
                }
            }
        }
    }
    // Every destination's MX and authorisation records in one round.
    let mut answers = Vec::new();
    for d in &destinations {
        let external = org_of(d.dest) != org_of(d.policy_domain);
        let auth = format!("{}._report._dmarc.{}", d.policy_domain, d.dest);
        let wildcard = format!("*._report._dmarc.{}", d.dest);
        let auth_answers =
            external.then(|| (lookups.lookup(&auth, RecordType::Txt), lookups.lookup(&wildcard, RecordType::Txt)));
        answers.push((d, auth, lookups.lookup(d.dest, RecordType::Mx), auth_answers));
    }
    let mut reported_no_mx: Vec<&str> = Vec::new();
    for (d, auth, mx, auth_answers) in answers {
        let mx = mx?;
        if let Some((exact, wildcard)) = auth_answers {
            let (exact, wildcard) = (exact?, wildcard?);
            let authorises = |a: &Answer| a.txt().iter().any(|t| record::starts_with_version(t));
            if let Some(reason) = [exact, wildcard].iter().find_map(|a| match a {
                Answer::Failed { reason } => Some(reason),
                _ => None,
            }) {
                if !authorises(exact) && !authorises(wildcard) {
                    out.findings.push(DMARC_RUA_UNAUTHORIZED.unknown(lang, reason));
                }
            } else if !authorises(exact) && !authorises(wildcard) {
                out.findings.push(DMARC_RUA_UNAUTHORIZED.problem(
                    lang,
                    &[("dest", d.dest), ("policy_domain", d.policy_domain), ("address", d.address), ("auth", &auth)],
                ));
            }
        }
        match mx {
            Answer::Failed { reason } => out.findings.push(DMARC_RUA_NO_MX.unknown(lang, reason)),
            _ => {
                let has_mx = mx
                    .records(RecordType::Mx)
                    .any(|r| matches!(r, RecordData::Mx { exchange, .. } if !exchange.is_empty()));
                if !has_mx && !reported_no_mx.contains(&d.address) {
                    reported_no_mx.push(d.address);
                    out.findings.push(DMARC_RUA_NO_MX.problem(lang, &[("address", d.address), ("dest", d.dest)]));
                }
            }
        }
    }
    Ok(())
}
