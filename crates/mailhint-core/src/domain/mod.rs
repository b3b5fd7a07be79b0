//! The sender-domain check: what receiving servers will find in the DNS of the domain a user
//! sends from (MX, SPF, DKIM, DMARC, MTA-STS, TLS-RPT, BIMI, blocklists), each problem in
//! plain words with the exact record to publish. Codes and severities follow the domain-check
//! catalog (`ID`s such as `SPF-MULTIPLE`); they are the public ids of findings.
//!
//! Like the rest of the core it does no I/O: [`check_domain`] reads answers from a
//! [`Lookups`] store and notes what it still needs (see [`crate::dns`]); a driver fetches that
//! over DNS-over-HTTPS and calls it again, until the report is complete.
//!
//! Each section (`mx`, `spf`, `dmarc`…) is a module with its checks' declarations ([`Check`])
//! and one `run` function, listed in [`SECTIONS`]. A section that waits for answers marks its
//! group as pending; a lookup that failed makes its checks `unknown`, never "missing".

pub mod bimi;
pub mod blocklists;
pub mod dkim;
pub mod dmarc;
pub mod dns_health;
pub mod mail_setup;
pub mod mta_sts;
pub mod mx;
pub mod providers;
pub mod ptr;
pub mod sender;
pub mod spf;
pub mod tls_rpt;

use serde::Serialize;

use crate::dns::{Lookups, Pending};
use crate::report::Lang;

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct DomainOptions {
    /// The domain (an address's domain part, or a name the user typed), any case, IDN allowed.
    pub domain: String,
    /// DKIM selectors to try besides the provider's and common ones (from the user, or from a
    /// message's `DKIM-Signature: s=`).
    pub selectors: Vec<String>,
    /// The sending IP, for PTR, forward-confirmed reverse DNS and IP blocklists.
    pub ip: Option<std::net::IpAddr>,
    /// Whether the resolver validates DNSSEC (Cloudflare and Google do, AliDNS does not): the
    /// AD bit means nothing otherwise.
    pub validating_resolver: bool,
    /// Language of messages and fixes.
    pub lang: Lang,
}

/// How bad a domain finding is (the catalog's four levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Context or best practice.
    Info,
    /// Should fix.
    Warning,
    /// A standards violation or a clear deliverability risk.
    Error,
    /// Mail is likely rejected or the domain spoofable: fix now.
    Critical,
}

/// The groups of the popup's traffic-light summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    /// The domain exists and answers; DNSSEC.
    Dns,
    /// Mail exchangers.
    Mx,
    /// Sender Policy Framework.
    Spf,
    /// DKIM keys.
    Dkim,
    /// DMARC policy and reports.
    Dmarc,
    /// MTA-STS, TLS-RPT.
    TransportSecurity,
    /// BIMI.
    Bimi,
    /// IP and domain blocklists, reverse DNS.
    Blocklists,
}

/// A result's state: a check passed, found a problem, or could not tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Looked at, found good.
    Pass,
    /// Looked at, found wrong.
    Problem,
    /// A lookup failed or a list refused the resolver: could not check.
    Unknown,
}

/// One check's declaration: its catalog code, group, level and words in both languages.
/// `{name}` placeholders in `title` and `fix` are filled from a finding's arguments.
#[derive(Debug)]
pub struct Check {
    /// The catalog code (`SPF-MULTIPLE`).
    pub code: &'static str,
    /// Where it shows in the summary.
    pub group: Group,
    /// How bad a problem is.
    pub level: Level,
    /// What is wrong: `[English, 简体中文]`.
    pub title: [&'static str; 2],
    /// How to fix it: `[English, 简体中文]`.
    pub fix: [&'static str; 2],
}

/// A record to publish, ready to copy into a DNS panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishRecord {
    /// The host, relative to the zone as DNS panels ask (`@`, `_dmarc`, `google._domainkey`).
    pub host: String,
    /// `TXT`, `MX`, `CNAME`.
    #[serde(rename = "type")]
    pub rtype: &'static str,
    /// The value, exactly as to type it.
    pub value: String,
}

/// One finding of the domain check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainFinding {
    /// The catalog code.
    pub code: &'static str,
    /// Its summary group.
    pub group: Group,
    /// How bad.
    pub level: Level,
    /// A problem, or could not check.
    pub status: Status,
    /// What is wrong, with the names and numbers of this domain.
    pub message: String,
    /// How to fix it.
    pub fix: String,
    /// The record to publish, when the fix is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<PublishRecord>,
}

impl Check {
    /// A finding of this check with `{key}` placeholders filled from `args`.
    pub fn problem(&'static self, lang: Lang, args: &[(&str, &str)]) -> DomainFinding {
        self.finding(Status::Problem, lang, args)
    }

    /// An "unknown" finding: the check could not run because `reason` (a failed lookup). Its
    /// fix is to look again, since whether there is anything to fix is not known.
    pub fn unknown(&'static self, lang: Lang, reason: &str) -> DomainFinding {
        let mut finding = self.unknown_with(lang, reason, &[]);
        finding.fix = say(
            lang,
            "Check again in a few minutes. If it keeps failing, ask whoever hosts the domain's DNS to check its name servers.",
            "请过几分钟再检查一次。如果一直失败，请联系域名的 DNS 托管商检查其域名服务器。",
        );
        finding
    }

    /// An "unknown" finding whose fix names this domain's hosts: `{key}` placeholders of the
    /// fix are filled from `args`.
    pub fn unknown_with(&'static self, lang: Lang, reason: &str, args: &[(&str, &str)]) -> DomainFinding {
        let mut finding = self.finding(Status::Unknown, lang, args);
        finding.message = match lang {
            Lang::En => format!("Could not check ({reason})."),
            Lang::ZhCn => format!("无法检查（{reason}）。"),
        };
        finding
    }

    fn finding(&'static self, status: Status, lang: Lang, args: &[(&str, &str)]) -> DomainFinding {
        let pick = |texts: &[&'static str; 2]| fill(texts[lang_index(lang)], args);
        DomainFinding {
            code: self.code,
            group: self.group,
            level: self.level,
            status,
            message: pick(&self.title),
            fix: pick(&self.fix),
            record: None,
        }
    }
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::ZhCn => 1,
    }
}

/// The `name=value` pairs of a `;`-separated tag list (MTA-STS, TLS-RPT, BIMI records), trimmed,
/// in order; a part without `=` has an empty value.
pub(crate) fn tag_list(record: &str) -> Vec<(&str, &str)> {
    record
        .split(';')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(|f| f.split_once('=').map_or((f, ""), |(k, v)| (k.trim(), v.trim())))
        .collect()
}

/// The English or the Chinese words, by `lang`.
pub(crate) fn say(lang: Lang, en: impl Into<String>, zh: impl Into<String>) -> String {
    match lang {
        Lang::En => en.into(),
        Lang::ZhCn => zh.into(),
    }
}

/// `template` with each `{key}` replaced by its value from `args`.
pub(crate) fn fill(template: &str, args: &[(&str, &str)]) -> String {
    args.iter().fold(template.to_string(), |text, (key, value)| text.replace(&format!("{{{key}}}"), value))
}

/// One fact the report shows about a group (the SPF record, the MX hosts…), found or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// The group it belongs to.
    pub group: Group,
    /// What it is (`"record"`, `"mx"`, `"selector google"`), stable for tests and styling.
    pub label: String,
    /// Its value, as found.
    pub value: String,
}

/// A group's light in the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Light {
    /// Nothing wrong found.
    Green,
    /// Warnings only.
    Amber,
    /// An error or critical finding.
    Red,
    /// Could not check, or still checking.
    Grey,
}

/// A group's summary line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupSummary {
    /// The group.
    pub group: Group,
    /// Its light.
    pub light: Light,
    /// Still waiting for answers.
    pub pending: bool,
}

/// The domain check's report. Incomplete (`complete == false`) while lookups are missing: the
/// popup shows it as progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainReport {
    /// The domain checked, in ASCII (A-labels).
    pub domain: String,
    /// Every section had all its answers.
    pub complete: bool,
    /// Per group, in display order.
    pub summary: Vec<GroupSummary>,
    /// Problems and unknowns, worst first.
    pub findings: Vec<DomainFinding>,
    /// What was found, group by group.
    pub facts: Vec<Fact>,
    /// The records to publish, merged (one SPF record, one DMARC record…).
    pub records: Vec<PublishRecord>,
    /// How RFC 7489 and RFC 9989 receivers find the domain's DMARC policy, side by side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dmarc: Option<dmarc::DmarcView>,
    /// The domain's SPF include/redirect tree with its lookup counts, once it was walked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spf: Option<spf::SpfTree>,
}

/// What a section reads and writes.
pub struct Context<'a> {
    /// What to check.
    pub options: &'a DomainOptions,
    /// The domain, normalised to lowercase ASCII.
    pub domain: String,
    /// Answers so far.
    pub lookups: &'a Lookups,
}

/// What sections write.
#[derive(Debug, Default)]
pub struct Output {
    /// Findings.
    pub findings: Vec<DomainFinding>,
    /// Facts.
    pub facts: Vec<Fact>,
    /// Records to publish.
    pub records: Vec<PublishRecord>,
    /// The DMARC section's two discoveries.
    pub dmarc: Option<dmarc::DmarcView>,
    /// The SPF tree (written by the SPF section).
    pub spf: Option<spf::SpfTree>,
}

impl Output {
    /// Notes a fact.
    pub fn fact(&mut self, group: Group, label: impl Into<String>, value: impl Into<String>) {
        self.facts.push(Fact { group, label: label.into(), value: value.into() });
    }
}

/// A section: runs its checks for its groups, or returns [`Pending`] when answers are missing
/// (after noting them, and after writing what it could already tell).
pub struct Section {
    /// The groups its findings go to (marked pending while it waits).
    pub groups: &'static [Group],
    /// Its checks, for the catalog and docs.
    pub checks: &'static [&'static Check],
    /// The checks.
    pub run: fn(&Context, &mut Output) -> Result<(), Pending>,
}

/// Every section, in the order the report lists groups. Sections are independent: each reads
/// the answers it needs (shared facts such as the MX hosts are recomputed from the store).
pub static SECTIONS: &[&Section] = &[
    &dns_health::SECTION,
    &sender::SECTION,
    &mx::SECTION,
    &spf::SECTION,
    &dkim::SECTION,
    &dmarc::SECTION,
    &mta_sts::SECTION,
    &tls_rpt::SECTION,
    &bimi::SECTION,
    &blocklists::SECTION,
    &ptr::SECTION,
    // Last: it summarises the failed lookups of every section before it.
    &dns_health::FAILURES,
];

/// Every check of every section, in catalog order of sections.
pub fn checks() -> impl Iterator<Item = &'static Check> {
    SECTIONS.iter().flat_map(|s| s.checks.iter().copied())
}

/// Runs every section over the answers in `lookups`. Missing answers are noted in `lookups`
/// ([`Lookups::take_missing`]); the report is complete when none were.
pub fn check_domain(options: &DomainOptions, lookups: &Lookups) -> DomainReport {
    let domain = domain_to_ascii(&options.domain);
    let context = Context { options, domain: domain.clone(), lookups };
    let mut out = Output::default();
    let mut pending_groups = Vec::new();
    for section in SECTIONS {
        if (section.run)(&context, &mut out).is_err() {
            pending_groups.extend_from_slice(section.groups);
        }
    }
    let groups = [
        Group::Dns,
        Group::Mx,
        Group::Spf,
        Group::Dkim,
        Group::Dmarc,
        Group::TransportSecurity,
        Group::Bimi,
        Group::Blocklists,
    ];
    let summary = groups
        .iter()
        .filter(|g| SECTIONS.iter().any(|s| s.groups.contains(g)))
        .map(|&group| {
            let pending = pending_groups.contains(&group);
            let of_group = || out.findings.iter().filter(move |f| f.group == group);
            let worst = of_group().filter(|f| f.status == Status::Problem).map(|f| f.level).max();
            let light = match worst {
                Some(Level::Error | Level::Critical) => Light::Red,
                Some(Level::Warning) => Light::Amber,
                _ if pending || of_group().any(|f| f.status == Status::Unknown) => Light::Grey,
                _ => Light::Green,
            };
            GroupSummary { group, light, pending }
        })
        .collect();
    let mut findings = out.findings;
    findings.sort_by(|a, b| {
        (a.status != Status::Problem, std::cmp::Reverse(a.level))
            .cmp(&(b.status != Status::Problem, std::cmp::Reverse(b.level)))
    });
    DomainReport {
        domain,
        complete: pending_groups.is_empty(),
        summary,
        findings,
        facts: out.facts,
        records: out.records,
        dmarc: out.dmarc,
        spf: out.spf,
    }
}

/// A domain as DNS asks for it (lives in [`crate::dns`], which R10 shares without this module).
pub use crate::dns::domain_to_ascii;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_asked_for_in_lowercase_ascii() {
        assert_eq!(domain_to_ascii("Sales@Example.COM."), "example.com");
        assert_eq!(domain_to_ascii("例子。中国"), "xn--fsqu00a.xn--fiqs8s");
    }

    #[test]
    fn placeholders_are_filled_in_either_language() {
        static CHECK: Check = Check {
            code: "TEST-CHECK",
            group: Group::Spf,
            level: Level::Error,
            title: ["{domain} has {n} records", "{domain} 有 {n} 条记录"],
            fix: ["Keep one at {domain}.", "在 {domain} 只保留一条。"],
        };
        let f = CHECK.problem(Lang::ZhCn, &[("domain", "example.com"), ("n", "2")]);
        assert_eq!((f.message.as_str(), f.fix.as_str()), ("example.com 有 2 条记录", "在 example.com 只保留一条。"));
        assert_eq!(CHECK.unknown(Lang::En, "SERVFAIL").status, Status::Unknown);
    }
}
