//! What a set of reports says, per domain and per source IP: volume, reverse DNS and provider,
//! SPF and DKIM results and their alignment with the From domain (relaxed or strict per the
//! published `aspf`/`adkim`, organisational domains from the Public Suffix List), the receivers'
//! dispositions; which sources are the domain's own mail failing alignment (with the fix, naming
//! the service) and which are someone else sending as it; and whether the data supports a
//! stricter policy.
//!
//! Pure: reverse DNS comes from a [`Lookups`] store ([`crate::dns`]); a missing answer is noted
//! and the analysis says it is incomplete, the caller fetches and runs it again.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::IpAddr;

use serde::Serialize;

use super::{AggregateReport, PolicyPublished, Record};
use crate::dns::{Answer, Lookups, RecordData, RecordType};
use crate::domain::{fill, providers};
use crate::report::Lang;

/// The share of a domain's legitimate mail that must pass DMARC aligned before a stricter policy
/// is advised. A convention (dmarcian, Google's and Microsoft's sender guidance speak of "nearly
/// all"), not a standard: what stays below 100 % is mostly forwarded mail and mailing lists,
/// where SPF breaks by design and DKIM usually survives.
pub const READY_SHARE: f64 = 0.98;

/// Fewer legitimate messages than this over the reports' period are too few to tighten a policy
/// on: one low-volume service (a monthly invoice run) may not have sent yet. A rule of thumb.
pub const ENOUGH_MESSAGES: u64 = 100;

/// One piece of advice's declaration: a stable code and its words in both languages, with
/// `{placeholders}` filled from the case.
#[derive(Debug)]
pub struct AdviceDecl {
    /// Stable code (`DMARC-SPF-UNALIGNED`): a public id.
    pub code: &'static str,
    /// What the reports show: `[English, 简体中文]`.
    pub title: [&'static str; 2],
    /// What to do: `[English, 简体中文]`.
    pub fix: [&'static str; 2],
}

macro_rules! advice {
    ($($name:ident = $code:literal, [$ten:literal, $tzh:literal], [$fen:literal, $fzh:literal];)*) => {
        $(
            #[doc = $ten]
            pub static $name: AdviceDecl = AdviceDecl { code: $code, title: [$ten, $tzh], fix: [$fen, $fzh] };
        )*
        /// Every piece of advice, for the catalog and tests.
        pub static ADVICE: &[&AdviceDecl] = &[$(&$name),*];
    };
}

advice! {
    SPF_UNALIGNED = "DMARC-SPF-UNALIGNED",
        ["{service} ({ip}) sends as {domain} and passes SPF, but for {auth_domain}, which is not aligned with {domain}.",
         "{service}（{ip}）以 {domain} 的名义发信，SPF 通过了，但通过的是 {auth_domain}，与 {domain} 不对齐。"],
        ["At {service}, set up DKIM signing for {domain} (or a custom return-path/bounce domain under {domain}): one aligned pass is enough for DMARC. If you do not use {service}, this is someone else sending as you.",
         "请在 {service} 为 {domain} 配置 DKIM 签名（或设置 {domain} 下的自定义退信/Return-Path 域名）：DMARC 只需其中一项对齐通过。如果您没有使用 {service}，这就是他人在冒用您的域名。"];
    DKIM_UNALIGNED = "DMARC-DKIM-UNALIGNED",
        ["{service} ({ip}) signs your mail with DKIM as {auth_domain}, not as {domain}: the signature is valid but not aligned.",
         "{service}（{ip}）用 {auth_domain} 而不是 {domain} 做 DKIM 签名：签名有效，但不对齐。"],
        ["Set up DKIM for {domain} at {service} (publish the CNAME or TXT records it gives you and switch signing on), so that it signs as {domain}.",
         "请在 {service} 为 {domain} 配置 DKIM（发布其提供的 CNAME 或 TXT 记录并启用签名），让它以 {domain} 签名。"];
    SERVICE_UNAUTHENTICATED = "DMARC-SERVICE-UNAUTHENTICATED",
        ["{service} ({ip}) sends as {domain}, but neither SPF nor DKIM passes for it.",
         "{service}（{ip}）以 {domain} 的名义发信，但 SPF 和 DKIM 都没有通过。"],
        ["If you send through {service}: add {include} to your SPF record and set up DKIM for {domain} there. If you do not, this is someone else sending as you.",
         "如果您通过 {service} 发信：请把 {include} 加入 SPF 记录，并在该服务中为 {domain} 配置 DKIM。如果您没有使用它，这就是他人在冒用您的域名。"];
    PARTLY_FAILING = "DMARC-PARTLY-FAILING",
        ["{service} ({ip}) sends as {domain}: {failed} of its {count} messages failed DMARC while the rest passed.",
         "{service}（{ip}）以 {domain} 的名义发信：{count} 封中有 {failed} 封未通过 DMARC，其余通过。"],
        ["Mail that passes at times and fails at others is usually forwarded or sent through a mailing list, which breaks SPF. Sign every message with DKIM for {domain} at {service}: DKIM survives forwarding.",
         "时而通过、时而失败的邮件通常是被转发或经过邮件列表，这会破坏 SPF。请在 {service} 为 {domain} 的每封邮件做 DKIM 签名：DKIM 在转发后仍然有效。"];
    SPOOFING = "DMARC-SPOOFING",
        ["{ip} ({host}) sent {count} messages as {domain} without passing SPF or DKIM: someone else sending as you.",
         "{ip}（{host}）以 {domain} 的名义发送了 {count} 封邮件，SPF 和 DKIM 都未通过：这是他人在冒用您的域名。"],
        ["Nothing to fix on your side. Under p=reject receivers refuse this mail; under p=none they deliver it.",
         "您这边无需修改。在 p=reject 策略下收件方会拒收这类邮件；在 p=none 下它们会被投递。"];
    SPOOFING_TOTAL = "DMARC-SPOOFING-TOTAL",
        ["{count} messages sent as {domain} from {sources} source IP(s) failed both SPF and DKIM: someone else sending as you ({disposition}).",
         "来自 {sources} 个来源的 {count} 封邮件以 {domain} 的名义发送，SPF 和 DKIM 均未通过：这是他人在冒用您的域名（{disposition}）。"],
        ["Under p=reject receivers refuse this mail, under p=quarantine they file it as spam, under p=none they deliver it: tighten the policy once your own mail passes (the advice above says when).",
         "在 p=reject 下收件方会拒收这类邮件，在 p=quarantine 下会放入垃圾邮件，在 p=none 下会正常投递：在您自己的邮件都能通过后收紧策略（上面的建议说明了时机）。"];
    POLICY_READY = "DMARC-POLICY-READY",
        ["{share} of your legitimate mail ({aligned} of {legit} messages, {days}) passed DMARC aligned: at least 98 %, so the data supports moving {domain} from p={p} to p={next}.",
         "您的正常邮件中有 {share}（{legit} 封中的 {aligned} 封，{days}）以对齐方式通过了 DMARC，达到 98% 以上，数据支持把 {domain} 的策略从 p={p} 改为 p={next}。"],
        ["Change the _dmarc.{domain} record to p={next}, keep the rua= address, and keep reading reports for two to four weeks before the next step. 98 % is a convention, not a standard: what stays below 100 % is mostly forwarded mail, which DKIM covers.",
         "请把 _dmarc.{domain} 记录改为 p={next}，保留 rua= 报告地址，并在下一步之前继续观察两到四周的报告。98% 是业内惯例而非标准：剩下的通常是转发邮件，DKIM 可以覆盖。"];
    POLICY_FULL = "DMARC-POLICY-FULL",
        ["{domain} publishes p={p} in test mode ({mode}): receivers apply it to part of the mail, or one step milder. {share} of your legitimate mail ({aligned} of {legit} messages, {days}) passed DMARC aligned, so the data supports applying it in full.",
         "{domain} 以测试模式发布了 p={p}（{mode}）：收件方只对部分邮件执行，或降一级执行。您的正常邮件中有 {share}（{legit} 封中的 {aligned} 封，{days}）以对齐方式通过了 DMARC，数据支持完整执行该策略。"],
        ["Remove {mode} from the _dmarc.{domain} record (keep the rua= address) and keep reading reports.",
         "请从 _dmarc.{domain} 记录中删除 {mode}（保留 rua= 报告地址），并继续查看报告。"];
    POLICY_NOT_READY = "DMARC-POLICY-NOT-READY",
        ["Only {share} of your legitimate mail ({aligned} of {legit} messages, {days}) passed DMARC aligned; tighten the policy of {domain} only from 98 % on.",
         "您的正常邮件中只有 {share}（{legit} 封中的 {aligned} 封，{days}）以对齐方式通过了 DMARC；{domain} 的策略应在达到 98% 后再收紧。"],
        ["Fix the failing sources first ({sources}), then read one or two weeks of new reports. 98 % is a convention: what stays below 100 % is mostly forwarded mail.",
         "请先修复未通过的来源（{sources}），再观察一到两周的新报告。98% 是业内惯例：剩下的通常是转发邮件。"];
    POLICY_ENFORCED = "DMARC-POLICY-ENFORCED",
        ["{domain} publishes p=reject and {share} of its legitimate mail ({aligned} of {legit} messages) passed: mail failing DMARC is refused.",
         "{domain} 已发布 p=reject，正常邮件中有 {share}（{legit} 封中的 {aligned} 封）通过：未通过 DMARC 的邮件会被拒收。"],
        ["Keep reading the reports: a new service sending as {domain} will show up here failing, and its mail will be rejected until it is set up.",
         "请继续查看报告：新的发信服务如果以 {domain} 名义发信而未配置好，会在这里显示为未通过，其邮件会被拒收，直到配置完成。"];
    LITTLE_DATA = "DMARC-LITTLE-DATA",
        ["These reports hold only {legit} of your messages ({days}): too few to be sure every service you send with has shown up.",
         "这些报告只包含您的 {legit} 封邮件（{days}），数量太少，无法确定您使用的每个发信服务都已出现。"],
        ["Read reports covering a few weeks (at least 100 of your messages) before changing the policy of {domain}.",
         "在修改 {domain} 的策略之前，请先积累几周的报告（至少 100 封您的邮件）。"];
    NO_LEGIT_MAIL = "DMARC-NO-LEGIT-MAIL",
        ["No mail in these reports passed SPF or DKIM for {domain}: not enough to tell which mail is yours.",
         "这些报告中没有任何邮件为 {domain} 通过 SPF 或 DKIM：无法判断哪些邮件是您发出的。"],
        ["Set up SPF and DKIM for {domain} at every service you send with, then read new reports before changing the policy.",
         "请在您使用的每个发信服务中为 {domain} 配置 SPF 和 DKIM，然后在修改策略前查看新的报告。"];
}

/// One piece of advice, in the chosen language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Advice {
    /// The declaration's code.
    pub code: &'static str,
    /// What the reports show.
    pub message: String,
    /// What to do.
    pub fix: String,
}

impl AdviceDecl {
    fn give(&'static self, lang: Lang, args: &[(&str, &str)]) -> Advice {
        let i = match lang {
            Lang::En => 0,
            Lang::ZhCn => 1,
        };
        Advice { code: self.code, message: fill(self.title[i], args), fix: fill(self.fix[i], args) }
    }
}

/// What a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// All its mail passed DMARC aligned.
    AlignedPassing,
    /// The domain's own mail (or a service it uses) failing alignment, all or part of the time.
    YoursFailing,
    /// Nothing passes and nothing says it is the domain's: someone else sending as it.
    Spoofing,
}

/// A source's reverse DNS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum PtrState {
    /// Not looked up: a private address, past [`crate::limits::MAX_DMARC_PTR_LOOKUPS`], or no
    /// lookups asked for (offline).
    Skipped,
    /// Waiting for the answer.
    Pending,
    /// No PTR record.
    None,
    /// The lookup failed.
    Failed {
        /// Why.
        reason: String,
    },
    /// The PTR names.
    Found {
        /// Names, without the trailing dot.
        names: Vec<String>,
    },
}

/// A provider as a report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderRef {
    /// Stable id (`amazonses`).
    pub id: &'static str,
    /// Its name in the chosen language.
    pub name: &'static str,
}

/// One source IP's mail for one domain, over all the reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceSummary {
    /// The IP address.
    pub ip: String,
    /// Messages.
    pub count: u64,
    /// Reverse DNS.
    pub ptr: PtrState,
    /// The provider its PTR name or its SPF/DKIM domains belong to.
    pub provider: Option<ProviderRef>,
    /// From domains it sent as.
    pub header_from: Vec<String>,
    /// Messages whose SPF passed for a domain aligned with From.
    pub spf_aligned: u64,
    /// Messages with a passing DKIM signature aligned with From.
    pub dkim_aligned: u64,
    /// Messages that passed DMARC (either aligned, or as the receiver evaluated).
    pub dmarc_pass: u64,
    /// Messages whose SPF passed at all (aligned or not).
    pub spf_pass: u64,
    /// Messages with a passing DKIM signature at all.
    pub dkim_pass: u64,
    /// Domains SPF was checked for, as reported.
    pub spf_domains: Vec<String>,
    /// DKIM signing domains, as reported.
    pub dkim_domains: Vec<String>,
    /// What receivers did, per disposition (`none`, `quarantine`, `reject`, `pass`).
    pub dispositions: BTreeMap<String, u64>,
    /// What it is.
    pub class: Class,
    /// What to do about it (none for aligned passing sources).
    pub advice: Option<Advice>,
}

/// The reports of one domain (their `policy_published/domain`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainAnalysis {
    /// The domain.
    pub domain: String,
    /// The policy the latest report found.
    pub policy: PolicyPublished,
    /// Reports read for it.
    pub reports: usize,
    /// Earliest `begin`, seconds since 1970.
    pub begin: i64,
    /// Latest `end`, seconds since 1970.
    pub end: i64,
    /// Messages in all.
    pub messages: u64,
    /// Messages that passed DMARC.
    pub dmarc_pass: u64,
    /// Messages from sources taken as the domain's own (aligned passing or failing alignment).
    pub legitimate: u64,
    /// Of those, messages that passed DMARC.
    pub legitimate_pass: u64,
    /// Messages from spoofing sources.
    pub spoofed: u64,
    /// `legitimate_pass / legitimate` (0 when there is none).
    pub share: f64,
    /// Per source IP, largest first.
    pub sources: Vec<SourceSummary>,
    /// The policy advice and the spoofing summary.
    pub advice: Vec<Advice>,
}

/// The analysis of every report given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DmarcAnalysis {
    /// Every reverse DNS answer asked for was there.
    pub complete: bool,
    /// Reports analysed (duplicates left out).
    pub reports: usize,
    /// Reports given twice (same organisation and report id), counted once.
    pub duplicates: usize,
    /// Messages in all.
    pub messages: u64,
    /// Per domain, most messages first.
    pub domains: Vec<DomainAnalysis>,
}

/// Whether `auth` (an SPF or DKIM domain) is aligned with `from` (RFC 7489 §3.1): the same name
/// (strict), or the same organisational domain (relaxed).
pub fn aligned(auth: &str, from: &str, strict: bool) -> bool {
    let auth = auth.trim_end_matches('.').to_ascii_lowercase();
    let from = from.trim_end_matches('.').to_ascii_lowercase();
    if auth.is_empty() || from.is_empty() {
        return false;
    }
    if auth == from {
        return true;
    }
    if strict {
        return false;
    }
    match (crate::suffix::domain(&auth), crate::suffix::domain(&from)) {
        (Some(a), Some(f)) => a == f,
        _ => false,
    }
}

/// One row's results, as the analysis counts them.
struct RowView {
    spf_aligned: bool,
    dkim_aligned: bool,
    spf_pass: bool,
    dkim_pass: bool,
    dmarc_pass: bool,
}

fn view(record: &Record, policy: &PolicyPublished) -> RowView {
    let from = if record.header_from.is_empty() { &policy.domain } else { &record.header_from };
    let strict_spf = policy.aspf.as_deref() == Some("s");
    let strict_dkim = policy.adkim.as_deref() == Some("s");
    // SPF's DMARC identity is the MAIL FROM domain (RFC 7489 §3.1.2); a HELO result is only
    // used when there was no MAIL FROM, which the report does not say: count mfrom only when
    // the receiver gave scopes.
    let spf_aligned = record
        .spf_results
        .iter()
        .any(|s| s.result == "pass" && s.scope.as_deref() != Some("helo") && aligned(&s.domain, from, strict_spf));
    let dkim_aligned = record.dkim_results.iter().any(|d| d.result == "pass" && aligned(&d.domain, from, strict_dkim));
    let spf_pass = record.spf_results.iter().any(|s| s.result == "pass");
    let dkim_pass = record.dkim_results.iter().any(|d| d.result == "pass");
    // The receiver's own verdict counts too: some reports carry no auth_results.
    let dmarc_pass = spf_aligned || dkim_aligned || record.dkim == "pass" || record.spf == "pass";
    RowView { spf_aligned, dkim_aligned, spf_pass, dkim_pass, dmarc_pass }
}

#[derive(Default)]
struct SourceAcc {
    count: u64,
    header_from: Vec<String>,
    spf_aligned: u64,
    dkim_aligned: u64,
    dmarc_pass: u64,
    spf_pass: u64,
    dkim_pass: u64,
    /// Unaligned passing domains, with message counts, for naming the service.
    spf_unaligned_pass: BTreeMap<String, u64>,
    dkim_unaligned_pass: BTreeMap<String, u64>,
    spf_domains: Vec<String>,
    dkim_domains: Vec<String>,
    dispositions: BTreeMap<String, u64>,
}

fn push_unique(list: &mut Vec<String>, value: &str) {
    // A few names per source are worth showing; a spammer rotating thousands is not.
    if !value.is_empty() && list.len() < 10 && !list.iter().any(|v| v == value) {
        list.push(value.to_string());
    }
}

#[derive(Default)]
struct DomainAcc {
    policy: PolicyPublished,
    policy_end: i64,
    reports: usize,
    begin: i64,
    end: i64,
    sources: HashMap<IpAddr, SourceAcc>,
}

/// The analysis of `reports` with the reverse DNS answers in `lookups` (missing ones are noted
/// there, and the result says it is incomplete). `lookups: None` looks nothing up (offline).
pub fn analyse<'a>(
    reports: impl IntoIterator<Item = &'a AggregateReport>,
    lookups: Option<&Lookups>,
    lang: Lang,
) -> DmarcAnalysis {
    let mut seen: HashSet<(String, String, String)> = HashSet::new();
    let mut duplicates = 0;
    let mut domains: BTreeMap<String, DomainAcc> = BTreeMap::new();
    let mut total_reports = 0;
    for report in reports {
        let key = (report.metadata.org_name.clone(), report.metadata.email.clone(), report.metadata.report_id.clone());
        if !seen.insert(key) {
            duplicates += 1;
            continue;
        }
        total_reports += 1;
        let acc = domains.entry(report.policy.domain.clone()).or_default();
        if acc.reports == 0 || report.metadata.begin < acc.begin {
            acc.begin = report.metadata.begin;
        }
        acc.end = acc.end.max(report.metadata.end);
        if acc.reports == 0 || report.metadata.end >= acc.policy_end {
            acc.policy = report.policy.clone();
            acc.policy_end = report.metadata.end;
        }
        acc.reports += 1;
        for record in &report.records {
            let Ok(ip) = record.source_ip.parse::<IpAddr>() else { continue };
            let row = view(record, &report.policy);
            let from = if record.header_from.is_empty() { &report.policy.domain } else { &record.header_from };
            let source = acc.sources.entry(ip).or_default();
            let n = record.count;
            source.count = source.count.saturating_add(n);
            push_unique(&mut source.header_from, from);
            let add = |flag: bool, to: &mut u64| {
                if flag {
                    *to = to.saturating_add(n)
                }
            };
            add(row.spf_aligned, &mut source.spf_aligned);
            add(row.dkim_aligned, &mut source.dkim_aligned);
            add(row.dmarc_pass, &mut source.dmarc_pass);
            add(row.spf_pass, &mut source.spf_pass);
            add(row.dkim_pass, &mut source.dkim_pass);
            for s in &record.spf_results {
                push_unique(&mut source.spf_domains, &s.domain);
                if s.result == "pass" && !row.spf_aligned && source.spf_unaligned_pass.len() < 10 {
                    *source.spf_unaligned_pass.entry(s.domain.clone()).or_default() += n;
                }
            }
            for d in &record.dkim_results {
                push_unique(&mut source.dkim_domains, &d.domain);
                if d.result == "pass" && !row.dkim_aligned && source.dkim_unaligned_pass.len() < 10 {
                    *source.dkim_unaligned_pass.entry(d.domain.clone()).or_default() += n;
                }
            }
            *source.dispositions.entry(record.disposition.clone()).or_default() += n;
        }
    }

    // Reverse DNS for the largest public sources, across domains, up to the limit.
    let mut all: Vec<(IpAddr, u64)> = Vec::new();
    for acc in domains.values() {
        all.extend(acc.sources.iter().map(|(ip, s)| (*ip, s.count)));
    }
    all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut looked: HashSet<IpAddr> = HashSet::new();
    for (ip, _) in &all {
        if looked.len() >= crate::limits::MAX_DMARC_PTR_LOOKUPS {
            break;
        }
        if crate::domain::mx::is_public(*ip) {
            looked.insert(*ip);
        }
    }
    let mut complete = true;
    let mut ptr_of = |ip: IpAddr| -> PtrState {
        let Some(lookups) = lookups.filter(|_| looked.contains(&ip)) else { return PtrState::Skipped };
        match lookups.lookup(&crate::domain::ptr::reverse_name(ip), RecordType::Ptr) {
            Err(_) => {
                complete = false;
                PtrState::Pending
            }
            Ok(Answer::Failed { reason }) => PtrState::Failed { reason: reason.clone() },
            Ok(answer) => {
                let names: Vec<String> = answer
                    .records(RecordType::Ptr)
                    .filter_map(|d| match d {
                        RecordData::Ptr { target } => Some(target.trim_end_matches('.').to_string()),
                        _ => None,
                    })
                    .take(5)
                    .collect();
                if names.is_empty() {
                    PtrState::None
                } else {
                    PtrState::Found { names }
                }
            }
        }
    };

    let mut out = Vec::new();
    let mut messages = 0u64;
    for (domain, acc) in domains {
        let mut sources: Vec<(IpAddr, SourceAcc)> = acc.sources.into_iter().collect();
        sources.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(&b.0)));
        let mut summaries = Vec::with_capacity(sources.len());
        for (ip, s) in sources {
            let ptr = ptr_of(ip);
            summaries.push(summarise(ip, s, ptr, &domain, lang));
        }
        out.push(finish_domain(domain, acc.policy, acc.reports, acc.begin, acc.end, summaries, lang));
    }
    out.sort_by(|a, b| b.messages.cmp(&a.messages).then(a.domain.cmp(&b.domain)));
    for d in &out {
        messages = messages.saturating_add(d.messages);
    }
    DmarcAnalysis { complete, reports: total_reports, duplicates, messages, domains: out }
}

fn provider_name(p: &'static providers::Provider, lang: Lang) -> &'static str {
    p.name[match lang {
        Lang::En => 0,
        Lang::ZhCn => 1,
    }]
}

fn summarise(ip: IpAddr, s: SourceAcc, ptr: PtrState, domain: &str, lang: Lang) -> SourceSummary {
    let by_ptr = match &ptr {
        PtrState::Found { names } => names.iter().find_map(|n| providers::by_sender(n)),
        _ => None,
    };
    let by_auth = || {
        s.dkim_domains
            .iter()
            .chain(&s.spf_domains)
            .filter(|d| !aligned(d, domain, false))
            .find_map(|d| providers::by_sender(d))
    };
    let provider = by_ptr.or_else(by_auth);
    let failed = s.count - s.dmarc_pass.min(s.count);
    let unaligned_pass = s.spf_pass > 0 || s.dkim_pass > 0;
    let class = if failed == 0 {
        Class::AlignedPassing
    } else if s.dmarc_pass > 0 || unaligned_pass || provider.is_some() {
        Class::YoursFailing
    } else {
        Class::Spoofing
    };
    let ip_text = ip.to_string();
    let host = match &ptr {
        PtrState::Found { names } => names[0].clone(),
        _ => say(lang, "no reverse DNS", "无反向解析"),
    };
    let most = |m: &BTreeMap<String, u64>| m.iter().max_by_key(|(_, n)| **n).map(|(d, _)| d.clone());
    let spf_other = most(&s.spf_unaligned_pass);
    let dkim_other = most(&s.dkim_unaligned_pass);
    // The service's name: the provider's, else the domain it authenticates as, else its host.
    let service = match (provider, &dkim_other, &spf_other) {
        (Some(p), _, _) => provider_name(p, lang).to_string(),
        (None, Some(d), _) | (None, None, Some(d)) => {
            say(lang, format!("the service sending as {d}"), format!("以 {d} 发信的服务"))
        }
        (None, None, None) => match &ptr {
            PtrState::Found { names } => names[0].clone(),
            _ => say(lang, "this server", "该服务器"),
        },
    };
    let count_text = s.count.to_string();
    let failed_text = failed.to_string();
    let advice = match class {
        Class::AlignedPassing => None,
        Class::Spoofing => {
            Some(SPOOFING.give(lang, &[("ip", &ip_text), ("host", &host), ("count", &count_text), ("domain", domain)]))
        }
        Class::YoursFailing if s.dmarc_pass > 0 => Some(PARTLY_FAILING.give(
            lang,
            &[
                ("service", &service),
                ("ip", &ip_text),
                ("domain", domain),
                ("failed", &failed_text),
                ("count", &count_text),
            ],
        )),
        Class::YoursFailing => {
            if let Some(d) = &dkim_other {
                Some(
                    DKIM_UNALIGNED
                        .give(lang, &[("service", &service), ("ip", &ip_text), ("domain", domain), ("auth_domain", d)]),
                )
            } else if let Some(d) = &spf_other {
                Some(
                    SPF_UNALIGNED
                        .give(lang, &[("service", &service), ("ip", &ip_text), ("domain", domain), ("auth_domain", d)]),
                )
            } else {
                let include = provider
                    .and_then(|p| p.spf_includes.first())
                    .map_or_else(|| say(lang, "its SPF include", "其 SPF include"), |i| format!("include:{i}"));
                Some(
                    SERVICE_UNAUTHENTICATED.give(
                        lang,
                        &[("service", &service), ("ip", &ip_text), ("domain", domain), ("include", &include)],
                    ),
                )
            }
        }
    };
    SourceSummary {
        ip: ip_text,
        count: s.count,
        ptr,
        provider: provider.map(|p| ProviderRef { id: p.id, name: provider_name(p, lang) }),
        header_from: s.header_from,
        spf_aligned: s.spf_aligned,
        dkim_aligned: s.dkim_aligned,
        dmarc_pass: s.dmarc_pass,
        spf_pass: s.spf_pass,
        dkim_pass: s.dkim_pass,
        spf_domains: s.spf_domains,
        dkim_domains: s.dkim_domains,
        dispositions: s.dispositions,
        class,
        advice,
    }
}

fn say(lang: Lang, en: impl Into<String>, zh: impl Into<String>) -> String {
    match lang {
        Lang::En => en.into(),
        Lang::ZhCn => zh.into(),
    }
}

fn percent(share: f64, lang: Lang) -> String {
    // Rounded down to one decimal, so that 97.96 % does not show as "98 %" and seem to pass.
    let p = (share * 1000.0).floor() / 10.0;
    let number = if p.fract() == 0.0 { format!("{p:.0}") } else { format!("{p:.1}") };
    match lang {
        Lang::En => format!("{number} %"),
        Lang::ZhCn => format!("{number}%"),
    }
}

fn finish_domain(
    domain: String,
    policy: PolicyPublished,
    reports: usize,
    begin: i64,
    end: i64,
    sources: Vec<SourceSummary>,
    lang: Lang,
) -> DomainAnalysis {
    let sum = |f: &dyn Fn(&SourceSummary) -> u64| sources.iter().map(f).fold(0u64, u64::saturating_add);
    let messages = sum(&|s| s.count);
    let dmarc_pass = sum(&|s| s.dmarc_pass);
    let legitimate = sum(&|s| if s.class == Class::Spoofing { 0 } else { s.count });
    let legitimate_pass = sum(&|s| if s.class == Class::Spoofing { 0 } else { s.dmarc_pass });
    let spoofed = messages - legitimate;
    let share = if legitimate == 0 { 0.0 } else { legitimate_pass as f64 / legitimate as f64 };
    let days = ((end - begin).max(0) as f64 / 86_400.0).ceil().max(1.0) as i64;
    let days_text = match lang {
        Lang::En if days == 1 => "1 day".to_string(),
        Lang::En => format!("{days} days"),
        Lang::ZhCn => format!("{days} 天"),
    };
    let (share_text, aligned_text, legit_text) =
        (percent(share, lang), legitimate_pass.to_string(), legitimate.to_string());
    let p = if policy.p.is_empty() { "none".to_string() } else { policy.p.clone() };
    let mut advice = Vec::new();
    let common = |extra: &[(&'static str, &str)]| {
        let mut args: Vec<(&str, &str)> = vec![
            ("domain", &domain),
            ("share", &share_text),
            ("aligned", &aligned_text),
            ("legit", &legit_text),
            ("days", &days_text),
            ("p", &p),
        ];
        args.extend_from_slice(extra);
        args.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>()
    };
    let give = |decl: &'static AdviceDecl, args: Vec<(String, String)>| {
        let borrowed: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        decl.give(lang, &borrowed)
    };
    // Test mode: RFC 9990's `t=y`, or RFC 7489's `pct` under 100.
    let pct = policy.pct.as_deref().and_then(|v| v.trim().parse::<u32>().ok()).filter(|n| *n < 100);
    let mode = match (policy.testing.as_deref(), pct) {
        (Some("y"), _) => Some("t=y".to_string()),
        (_, Some(n)) if p != "none" => Some(format!("pct={n}")),
        _ => None,
    };
    if legitimate_pass == 0 {
        advice.push(give(&NO_LEGIT_MAIL, common(&[])));
    } else if p == "reject" && mode.is_none() {
        advice.push(give(&POLICY_ENFORCED, common(&[])));
    } else if let (Some(mode), true, true) = (&mode, share >= READY_SHARE, p != "none") {
        advice.push(give(&POLICY_FULL, common(&[("mode", mode)])));
    } else if share >= READY_SHARE {
        let next = if p == "quarantine" { "reject" } else { "quarantine" };
        advice.push(give(&POLICY_READY, common(&[("next", next)])));
    } else {
        let failing: Vec<&str> =
            sources.iter().filter(|s| s.class == Class::YoursFailing).take(5).map(|s| s.ip.as_str()).collect();
        let list = failing.join(", ");
        advice.push(give(&POLICY_NOT_READY, common(&[("sources", &list)])));
    }
    // Whenever the advice is to tighten (test mode included), a handful of messages is no proof.
    let enforced = p == "reject" && mode.is_none();
    if legitimate_pass > 0 && !enforced && legitimate < ENOUGH_MESSAGES {
        advice.push(give(&LITTLE_DATA, common(&[])));
    }
    let spoofers: Vec<&SourceSummary> = sources.iter().filter(|s| s.class == Class::Spoofing).collect();
    if !spoofers.is_empty() {
        let mut by_disposition: BTreeMap<&str, u64> = BTreeMap::new();
        for s in &spoofers {
            for (d, n) in &s.dispositions {
                *by_disposition.entry(d.as_str()).or_default() += n;
            }
        }
        let disposition = by_disposition.iter().map(|(d, n)| format!("{d}: {n}")).collect::<Vec<_>>().join(", ");
        let (count, n_sources) = (spoofed.to_string(), spoofers.len().to_string());
        advice.push(give(
            &SPOOFING_TOTAL,
            common(&[("count", &count), ("sources", &n_sources), ("disposition", &disposition)]),
        ));
    }
    DomainAnalysis {
        domain,
        policy,
        reports,
        begin,
        end,
        messages,
        dmarc_pass,
        legitimate,
        legitimate_pass,
        spoofed,
        share,
        sources,
        advice,
    }
}
