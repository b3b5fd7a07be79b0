//! `check_host()` (RFC 7208 §4–§7) over a [`Lookups`] store: record selection, every
//! mechanism, `redirect=` and `exp=`, macros, the limits of 10 DNS-querying terms and 2 void
//! lookups. Like every check it is re-run after each round of fetching: a missing answer
//! returns [`Pending`] and the driver fetches it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde::Serialize;

use super::macros::{MacroString, MacroUse};
use super::record::{is_spf_record, Mechanism, Qualifier, SpfRecord};
use crate::dns::{Answer, Lookups, Pending, RecordData, RecordType};
use crate::limits::{MAX_SPF_DNS_TERMS, MAX_SPF_MX_NAMES, MAX_SPF_PTR_NAMES, MAX_SPF_VOID_LOOKUPS};

/// An SPF result (RFC 7208 §2.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpfVerdict {
    /// No SPF record, or no valid domain to check.
    None,
    /// The domain makes no assertion (`?`, or nothing matched).
    Neutral,
    /// The IP is authorized.
    Pass,
    /// The IP is not authorized.
    Fail,
    /// Probably not authorized.
    SoftFail,
    /// A transient DNS error.
    TempError,
    /// The record is broken.
    PermError,
}

impl SpfVerdict {
    /// The result's name as RFC 7208 writes it (`pass`, `permerror`).
    pub fn as_str(self) -> &'static str {
        match self {
            SpfVerdict::None => "none",
            SpfVerdict::Neutral => "neutral",
            SpfVerdict::Pass => "pass",
            SpfVerdict::Fail => "fail",
            SpfVerdict::SoftFail => "softfail",
            SpfVerdict::TempError => "temperror",
            SpfVerdict::PermError => "permerror",
        }
    }
}

/// What `check_host` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpfResult {
    /// The result.
    pub verdict: SpfVerdict,
    /// The domain's explanation (`exp=`) of a `fail`, expanded; `None` means the receiver's
    /// default text.
    pub explanation: Option<String>,
    /// Why, for people: the term that matched, or the error (names and terms only).
    pub reason: String,
    /// DNS-querying terms evaluated.
    pub dns_lookups: usize,
    /// Void lookups met.
    pub void_lookups: usize,
}

/// What the receiver knows besides the message: its own name (`%{r}`) and the time (`%{t}`;
/// the core has no clock, so the host passes it).
#[derive(Debug, Clone)]
pub struct CheckHostOptions {
    /// The receiving host's domain, for `%{r}` in explanations.
    pub receiver: String,
    /// Seconds since the Unix epoch, for `%{t}`.
    pub timestamp: u64,
}

impl Default for CheckHostOptions {
    fn default() -> Self {
        CheckHostOptions { receiver: "unknown".to_string(), timestamp: 0 }
    }
}

/// `check_host(ip, domain, sender)` of RFC 7208 §4 with default options; `helo` is for `%{h}`.
pub fn check_host(lookups: &Lookups, ip: IpAddr, domain: &str, sender: &str, helo: &str) -> Result<SpfResult, Pending> {
    check_host_with(lookups, ip, domain, sender, helo, &CheckHostOptions::default())
}

/// SPF for a message: the MAIL FROM identity, or `postmaster@<helo>` when MAIL FROM is empty
/// (RFC 7208 §2.4); an empty local-part becomes `postmaster` (§4.3).
pub fn check_mail_from(lookups: &Lookups, ip: IpAddr, mail_from: &str, helo: &str) -> Result<SpfResult, Pending> {
    let sender = match mail_from.rsplit_once('@') {
        Some(("", domain)) => format!("postmaster@{domain}"),
        Some(_) => mail_from.to_string(),
        None if mail_from.is_empty() => format!("postmaster@{helo}"),
        None => format!("postmaster@{mail_from}"),
    };
    let domain = sender.rsplit_once('@').map_or(helo, |(_, d)| d).to_string();
    check_host(lookups, ip, &domain, &sender, helo)
}

/// [`check_host`] with the receiver's name and the time.
pub fn check_host_with(
    lookups: &Lookups,
    ip: IpAddr,
    domain: &str,
    sender: &str,
    helo: &str,
    options: &CheckHostOptions,
) -> Result<SpfResult, Pending> {
    // An IPv4-mapped IPv6 address is the IPv4 client it stands for.
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    let (local, sender_domain) = match sender.rsplit_once('@') {
        Some(("", d)) => ("postmaster".to_string(), d.to_string()),
        Some((l, d)) => (l.to_string(), d.to_string()),
        None => ("postmaster".to_string(), sender.to_string()),
    };
    let mut eval = Evaluator {
        lookups,
        ip,
        sender: format!("{local}@{sender_domain}"),
        local,
        sender_domain,
        helo: helo.to_string(),
        options,
        dns_terms: 0,
        voids: 0,
        validated: Vec::new(),
    };
    let finish = |eval: &Evaluator, verdict, explanation, reason: String| SpfResult {
        verdict,
        explanation,
        reason,
        dns_lookups: eval.dns_terms,
        void_lookups: eval.voids,
    };
    if !is_valid_domain(domain) {
        return Ok(finish(&eval, SpfVerdict::None, None, format!("“{domain}” is not a valid domain name")));
    }
    let domain = crate::dns::normalize_name(domain);
    match eval.check(&domain, true) {
        Ok(Outcome { verdict, explanation, reason }) => Ok(finish(&eval, verdict, explanation, reason)),
        Err(Stop::Pending) => Err(Pending),
        Err(Stop::Temp(reason)) => Ok(finish(&eval, SpfVerdict::TempError, None, reason)),
        Err(Stop::Perm(reason)) => Ok(finish(&eval, SpfVerdict::PermError, None, reason)),
    }
}

/// RFC 7208 §4.3: a multi-label name, no empty label, labels of at most 63 octets.
fn is_valid_domain(domain: &str) -> bool {
    let name = domain.strip_suffix('.').unwrap_or(domain);
    let labels: Vec<&str> = name.split('.').collect();
    name.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.len() <= 63)
        && name.bytes().all(|b| b.is_ascii_graphic())
        && !name.starts_with('[')
}

/// Why evaluation stopped before a result.
enum Stop {
    /// An answer is missing.
    Pending,
    /// temperror, with the reason.
    Temp(String),
    /// permerror, with the reason.
    Perm(String),
}

impl From<Pending> for Stop {
    fn from(_: Pending) -> Stop {
        Stop::Pending
    }
}

struct Outcome {
    verdict: SpfVerdict,
    explanation: Option<String>,
    reason: String,
}

struct Evaluator<'a> {
    lookups: &'a Lookups,
    ip: IpAddr,
    sender: String,
    local: String,
    sender_domain: String,
    helo: String,
    options: &'a CheckHostOptions,
    dns_terms: usize,
    voids: usize,
    /// `%{p}` per domain, computed once.
    validated: Vec<(String, String)>,
}

impl<'a> Evaluator<'a> {
    fn dns(&self, name: &str, rtype: RecordType) -> Result<&'a Answer, Stop> {
        Ok(self.lookups.lookup(name, rtype)?)
    }

    /// Counts a DNS-querying term; the eleventh is a permerror.
    fn count_term(&mut self, term: &str) -> Result<(), Stop> {
        self.dns_terms += 1;
        match self.dns_terms > MAX_SPF_DNS_TERMS {
            true => Err(Stop::Perm(format!("more than {MAX_SPF_DNS_TERMS} DNS-querying terms (at “{term}”)"))),
            false => Ok(()),
        }
    }

    /// Counts a void answer; the third is a permerror.
    fn note_void(&mut self, answer: &Answer, rtype: RecordType, name: &str) -> Result<(), Stop> {
        if answer.is_void(rtype) {
            self.voids += 1;
            if self.voids > MAX_SPF_VOID_LOOKUPS {
                return Err(Stop::Perm(format!("more than {MAX_SPF_VOID_LOOKUPS} void lookups (at {name})")));
            }
        }
        Ok(())
    }

    fn address_type(&self) -> RecordType {
        match self.ip {
            IpAddr::V4(_) => RecordType::A,
            IpAddr::V6(_) => RecordType::Aaaa,
        }
    }

    /// The addresses of `name` of the client's family; a failed lookup is a temperror.
    fn addresses(&mut self, name: &str, count_void: bool) -> Result<Vec<IpAddr>, Stop> {
        let rtype = self.address_type();
        if !is_queryable(name) {
            return self.void_name(name, count_void).map(|_| Vec::new());
        }
        let answer = self.dns(name, rtype)?;
        if let Answer::Failed { reason } = answer {
            return Err(Stop::Temp(format!("{} lookup of {name} failed: {reason}", rtype.as_str())));
        }
        let addresses = answer_addresses(answer);
        if count_void {
            self.note_void(answer, rtype, name)?;
        }
        Ok(addresses)
    }

    /// A name that cannot be asked for (an empty or over-long label after macro expansion)
    /// has no records: a void lookup.
    fn void_name(&mut self, name: &str, count_void: bool) -> Result<(), Stop> {
        if count_void {
            self.voids += 1;
            if self.voids > MAX_SPF_VOID_LOOKUPS {
                return Err(Stop::Perm(format!("more than {MAX_SPF_VOID_LOOKUPS} void lookups (at {name})")));
            }
        }
        Ok(())
    }

    /// Evaluates the SPF record of `domain`. `top` is false inside `include:`, whose
    /// explanation is never used.
    fn check(&mut self, domain: &str, top: bool) -> Result<Outcome, Stop> {
        let record = match self.select(domain)? {
            Some(record) => record,
            None => {
                return Ok(Outcome {
                    verdict: SpfVerdict::None,
                    explanation: None,
                    reason: format!("{domain} has no SPF record"),
                })
            }
        };
        if let Some(problem) = record.first_error() {
            let text = record.text.get(problem.start..problem.end).unwrap_or("");
            return Err(Stop::Perm(format!(
                "syntax error in the SPF record of {domain} at “{text}”: {}",
                problem.describe(crate::report::Lang::En)
            )));
        }
        self.prefetch(&record, domain);
        for (qualifier, mechanism, term) in record.directives() {
            if mechanism.queries_dns() {
                self.count_term(&term.text)?;
            }
            if self.matches(mechanism, domain)? {
                let verdict = match qualifier {
                    Qualifier::Pass => SpfVerdict::Pass,
                    Qualifier::Fail => SpfVerdict::Fail,
                    Qualifier::SoftFail => SpfVerdict::SoftFail,
                    Qualifier::Neutral => SpfVerdict::Neutral,
                };
                let explanation = match verdict == SpfVerdict::Fail && top {
                    true => self.explanation(&record, domain)?,
                    false => None,
                };
                return Ok(Outcome {
                    verdict,
                    explanation,
                    reason: format!("matched “{}” in the SPF record of {domain}", term.text),
                });
            }
        }
        // §6.1: `redirect=` applies when nothing matched, and is ignored when `all` is there.
        if let (Some(target), None) = (record.redirect(), record.all()) {
            self.count_term(&format!("redirect={}", target.source))?;
            let target = self.expand_domain(target, domain)?;
            if !is_queryable(&target) {
                return Err(Stop::Perm(format!("redirect target “{target}” is not a valid domain")));
            }
            let outcome = self.check(&target, top)?;
            if outcome.verdict == SpfVerdict::None {
                return Err(Stop::Perm(format!("redirect target {target} has no SPF record")));
            }
            return Ok(outcome);
        }
        Ok(Outcome {
            verdict: SpfVerdict::Neutral,
            explanation: None,
            reason: format!("nothing matched in the SPF record of {domain}"),
        })
    }

    /// The one SPF record of `domain` (§4.4, §4.5): none → `None`; a failed lookup →
    /// temperror; several → permerror.
    fn select(&mut self, domain: &str) -> Result<Option<SpfRecord>, Stop> {
        let answer = self.dns(domain, RecordType::Txt)?;
        if let Answer::Failed { reason } = answer {
            return Err(Stop::Temp(format!("TXT lookup of {domain} failed: {reason}")));
        }
        let mut records: Vec<String> = answer.txt().into_iter().filter(|t| is_spf_record(t)).collect();
        match records.len() {
            0 => Ok(None),
            1 => Ok(records.pop().map(|text| SpfRecord::parse(&text))),
            n => Err(Stop::Perm(format!("{domain} has {n} SPF records (one is allowed)"))),
        }
    }

    /// Asks for the answers the record's fixed targets need, so that a driver fetches them in
    /// one round instead of one term after another. The evaluation itself still reads them in
    /// order; extra answers change no result.
    fn prefetch(&self, record: &SpfRecord, domain: &str) {
        let rtype = self.address_type();
        for (_, mechanism, _) in record.directives() {
            let (spec, rtype) = match mechanism {
                Mechanism::Include { domain } => (Some(domain), RecordType::Txt),
                Mechanism::Exists { domain } => (Some(domain), RecordType::A),
                Mechanism::A { domain, .. } => (domain.as_ref(), rtype),
                Mechanism::Mx { domain, .. } => (domain.as_ref(), RecordType::Mx),
                _ => continue,
            };
            let name = match spec {
                Some(spec) => spec.constant(),
                None => Some(domain.to_string()),
            };
            if let Some(name) = name.filter(|n| is_queryable(n)) {
                let _ = self.lookups.lookup(&name, rtype);
            }
        }
        if let Some(name) = record.redirect().and_then(MacroString::constant).filter(|n| is_queryable(n)) {
            let _ = self.lookups.lookup(&name, RecordType::Txt);
        }
    }

    fn matches(&mut self, mechanism: &Mechanism, domain: &str) -> Result<bool, Stop> {
        match mechanism {
            Mechanism::All => Ok(true),
            Mechanism::Ip4 { network, prefix } => Ok(match self.ip {
                IpAddr::V4(ip) => in_v4(ip, *network, *prefix),
                IpAddr::V6(_) => false,
            }),
            Mechanism::Ip6 { network, prefix } => Ok(match self.ip {
                IpAddr::V6(ip) => in_v6(ip, *network, *prefix),
                IpAddr::V4(_) => false,
            }),
            Mechanism::Include { domain: spec } => {
                let target = self.expand_domain(spec, domain)?;
                if !is_queryable(&target) {
                    return Err(Stop::Perm(format!("include target “{target}” is not a valid domain")));
                }
                // §5.2: pass matches; fail, softfail, neutral do not; none is a permerror;
                // temperror and permerror propagate (as `Stop`s).
                let outcome = self.check(&target, false)?;
                match outcome.verdict {
                    SpfVerdict::Pass => Ok(true),
                    SpfVerdict::None => Err(Stop::Perm(format!("include:{target} has no SPF record"))),
                    _ => Ok(false),
                }
            }
            Mechanism::A { domain: spec, cidr4, cidr6 } => {
                let target = self.target(spec.as_ref(), domain)?;
                let addresses = self.addresses(&target, true)?;
                Ok(addresses.iter().any(|a| self.in_cidr(*a, *cidr4, *cidr6)))
            }
            Mechanism::Mx { domain: spec, cidr4, cidr6 } => {
                let target = self.target(spec.as_ref(), domain)?;
                let names = self.mx_names(&target)?;
                // Ask for every host's addresses at once, then read them in order.
                let rtype = self.address_type();
                for name in names.iter().filter(|n| is_queryable(n)) {
                    let _ = self.lookups.lookup(name, rtype);
                }
                for name in &names {
                    let addresses = self.addresses(name, true)?;
                    if addresses.iter().any(|a| self.in_cidr(*a, *cidr4, *cidr6)) {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Mechanism::Ptr { domain: spec } => {
                let target = self.target(spec.as_ref(), domain)?;
                let names = self.validated_names(true)?;
                Ok(names.iter().any(|n| is_at_or_below(n, &target)))
            }
            Mechanism::Exists { domain: spec } => {
                let target = self.expand_domain(spec, domain)?;
                if !is_queryable(&target) {
                    self.void_name(&target, true)?;
                    return Ok(false);
                }
                // Always an A query, whatever the client's family (§5.7).
                let answer = self.dns(&target, RecordType::A)?;
                if let Answer::Failed { reason } = answer {
                    return Err(Stop::Temp(format!("A lookup of {target} failed: {reason}")));
                }
                let found = answer.records(RecordType::A).next().is_some();
                self.note_void(answer, RecordType::A, &target)?;
                Ok(found)
            }
        }
    }

    fn target(&mut self, spec: Option<&MacroString>, domain: &str) -> Result<String, Stop> {
        match spec {
            Some(spec) => self.expand_domain(spec, domain),
            None => Ok(domain.to_string()),
        }
    }

    /// The MX names of `target`: more than 10 is a permerror (§4.6.4).
    fn mx_names(&mut self, target: &str) -> Result<Vec<String>, Stop> {
        if !is_queryable(target) {
            self.void_name(target, true)?;
            return Ok(Vec::new());
        }
        let answer = self.dns(target, RecordType::Mx)?;
        if let Answer::Failed { reason } = answer {
            return Err(Stop::Temp(format!("MX lookup of {target} failed: {reason}")));
        }
        let names: Vec<String> = answer
            .records(RecordType::Mx)
            .filter_map(|d| match d {
                RecordData::Mx { exchange, .. } if !exchange.is_empty() => Some(exchange.clone()),
                _ => None,
            })
            .collect();
        self.note_void(answer, RecordType::Mx, target)?;
        if names.len() > MAX_SPF_MX_NAMES {
            return Err(Stop::Perm(format!("{target} has {} MX hosts (at most {MAX_SPF_MX_NAMES})", names.len())));
        }
        Ok(names)
    }

    /// The client's validated host names (§5.5): the first 10 PTR names whose addresses
    /// include the client. A failed PTR lookup matches nothing; a failed forward lookup
    /// skips that name.
    fn validated_names(&mut self, count_void: bool) -> Result<Vec<String>, Stop> {
        let reverse = reverse_name(self.ip);
        let answer = self.dns(&reverse, RecordType::Ptr)?;
        if answer.is_failed() {
            return Ok(Vec::new());
        }
        let names: Vec<String> = answer
            .records(RecordType::Ptr)
            .filter_map(|d| match d {
                RecordData::Ptr { target } => Some(target.clone()),
                _ => None,
            })
            .take(MAX_SPF_PTR_NAMES)
            .collect();
        if count_void {
            self.note_void(answer, RecordType::Ptr, &reverse)?;
        }
        let rtype = self.address_type();
        let queryable: Vec<&String> = names.iter().filter(|n| is_queryable(n)).collect();
        let answers: Vec<Result<&Answer, Pending>> = queryable.iter().map(|n| self.lookups.lookup(n, rtype)).collect();
        let mut validated = Vec::new();
        for (name, answer) in queryable.into_iter().zip(answers) {
            if answer_addresses(answer?).contains(&self.ip) {
                validated.push(name.clone());
            }
        }
        Ok(validated)
    }

    /// `%{p}` for `domain`: a validated name equal to or below it if any, else any validated
    /// name, else `unknown` (§7.3).
    fn p_macro(&mut self, domain: &str) -> Result<String, Stop> {
        if let Some((_, p)) = self.validated.iter().find(|(d, _)| d == domain) {
            return Ok(p.clone());
        }
        let names = self.validated_names(false)?;
        let p = names
            .iter()
            .find(|n| is_at_or_below(n, domain))
            .or(names.first())
            .cloned()
            .unwrap_or_else(|| "unknown".to_string());
        self.validated.push((domain.to_string(), p.clone()));
        Ok(p)
    }

    fn macro_value(&mut self, letter: char, domain: &str) -> Result<String, Stop> {
        Ok(match letter {
            's' => self.sender.clone(),
            'l' => self.local.clone(),
            'o' => self.sender_domain.clone(),
            'd' => domain.to_string(),
            'i' => match self.ip {
                IpAddr::V4(ip) => ip.to_string(),
                IpAddr::V6(ip) => nibbles(ip).join("."),
            },
            'p' => self.p_macro(domain)?,
            'v' => match self.ip {
                IpAddr::V4(_) => "in-addr".to_string(),
                IpAddr::V6(_) => "ip6".to_string(),
            },
            'h' => self.helo.clone(),
            'c' => self.ip.to_string(),
            'r' => self.options.receiver.clone(),
            't' => self.options.timestamp.to_string(),
            _ => String::new(),
        })
    }

    /// A domain-spec expanded, and cut from the left to 253 octets (§7.3); no trailing dot.
    fn expand_domain(&mut self, spec: &MacroString, domain: &str) -> Result<String, Stop> {
        let expanded = spec.expand(&mut |letter| self.macro_value(letter, domain))?;
        let mut name = expanded.strip_suffix('.').unwrap_or(&expanded);
        while name.len() > 253 {
            match name.split_once('.') {
                Some((_, rest)) => name = rest,
                None => break,
            }
        }
        Ok(name.to_ascii_lowercase())
    }

    /// The explanation of a `fail` (§6.2): the one TXT record at the `exp=` target, expanded.
    /// Any problem means the default explanation; only a missing answer is passed up.
    fn explanation(&mut self, record: &SpfRecord, domain: &str) -> Result<Option<String>, Stop> {
        let Some(spec) = record.explanation() else { return Ok(None) };
        let name = match self.expand_domain(spec, domain) {
            Ok(name) => name,
            Err(Stop::Pending) => return Err(Stop::Pending),
            Err(_) => return Ok(None),
        };
        if !is_queryable(&name) {
            return Ok(None);
        }
        let texts = self.dns(&name, RecordType::Txt)?.txt();
        let [text] = &texts[..] else { return Ok(None) };
        if !text.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
            return Ok(None);
        }
        let Ok(macro_string) = MacroString::parse(text, MacroUse::Explanation) else { return Ok(None) };
        match macro_string.expand(&mut |letter| self.macro_value(letter, domain)) {
            Ok(text) => Ok(Some(text)),
            Err(Stop::Pending) => Err(Stop::Pending),
            Err(_) => Ok(None),
        }
    }

    fn in_cidr(&self, address: IpAddr, cidr4: u8, cidr6: u8) -> bool {
        match (self.ip, address) {
            (IpAddr::V4(ip), IpAddr::V4(a)) => in_v4(ip, a, cidr4),
            (IpAddr::V6(ip), IpAddr::V6(a)) => in_v6(ip, a, cidr6),
            _ => false,
        }
    }
}

fn answer_addresses(answer: &Answer) -> Vec<IpAddr> {
    answer
        .records(RecordType::A)
        .chain(answer.records(RecordType::Aaaa))
        .filter_map(|d| match d {
            RecordData::A { address } => Some(IpAddr::V4(*address)),
            RecordData::Aaaa { address } => Some(IpAddr::V6(*address)),
            _ => None,
        })
        .collect()
}

/// Whether a name can go into a DNS question: labels of 1 to 63 octets, at most 253 in all.
pub(crate) fn is_queryable(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    !name.is_empty() && name.len() <= 253 && name.split('.').all(|l| !l.is_empty() && l.len() <= 63)
}

fn is_at_or_below(name: &str, domain: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    name == domain || name.strip_suffix(&domain).is_some_and(|rest| rest.ends_with('.'))
}

/// Whether `ip` is in `network/prefix`.
pub fn in_v4(ip: Ipv4Addr, network: Ipv4Addr, prefix: u8) -> bool {
    let mask = u32::MAX.checked_shl(32 - u32::from(prefix.min(32))).unwrap_or(0);
    u32::from(ip) & mask == u32::from(network) & mask
}

/// Whether `ip` is in `network/prefix`.
pub fn in_v6(ip: Ipv6Addr, network: Ipv6Addr, prefix: u8) -> bool {
    let mask = u128::MAX.checked_shl(128 - u32::from(prefix.min(128))).unwrap_or(0);
    u128::from(ip) & mask == u128::from(network) & mask
}

/// The 32 hex digits of an IPv6 address, uppercase as RFC 7208's examples write them.
fn nibbles(ip: Ipv6Addr) -> Vec<String> {
    ip.octets().iter().flat_map(|b| [b >> 4, b & 0xf]).map(|n| format!("{n:X}")).collect()
}

/// The reverse-DNS name of an address (`4.3.2.1.in-addr.arpa`, nibbles `.ip6.arpa`).
pub fn reverse_name(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(ip) => {
            let [a, b, c, d] = ip.octets();
            format!("{d}.{c}.{b}.{a}.in-addr.arpa")
        }
        IpAddr::V6(ip) => {
            let mut n = nibbles(ip);
            n.reverse();
            format!("{}.ip6.arpa", n.join(".").to_ascii_lowercase())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::zone::Zone;
    use crate::dns::{drive, Request};

    fn run(zone: &Zone, ip: &str, mail_from: &str) -> SpfResult {
        let mut lookups = Lookups::new();
        let ip: IpAddr = ip.parse().unwrap();
        drive(&mut lookups, |l| check_mail_from(l, ip, mail_from, "mail.example.org"), |requests| zone.fetch(requests))
            .unwrap()
    }

    fn zone(text: &str) -> Zone {
        Zone::parse(text).unwrap()
    }

    #[test]
    fn an_include_of_the_provider_passes_its_ips_and_fails_others_with_the_explanation() {
        let z = zone(
            r#"
example.test. 300 IN TXT "v=spf1 include:spf.qiye.aliyun.com exp=why.example.test -all"
why.example.test. 300 IN TXT "%{i} is not one of %{d}'s servers"
spf.qiye.aliyun.com. 300 IN TXT "v=spf1 ip4:115.124.30.0/24 -all"
"#,
        );
        let pass = run(&z, "115.124.30.7", "sales@example.test");
        assert_eq!((pass.verdict, pass.dns_lookups), (SpfVerdict::Pass, 1));
        let fail = run(&z, "192.0.2.1", "sales@example.test");
        assert_eq!(fail.verdict, SpfVerdict::Fail);
        assert_eq!(fail.explanation.as_deref(), Some("192.0.2.1 is not one of example.test's servers"));
    }

    #[test]
    fn limits_make_permerrors() {
        let mut text = String::from("example.test. 300 IN TXT \"v=spf1");
        for i in 0..11 {
            text.push_str(&format!(" a:h{i}.example.test"));
            let _ = i;
        }
        text.push_str(" -all\"\n");
        for i in 0..11 {
            text.push_str(&format!("h{i}.example.test. 300 IN A 192.0.2.{}\n", i + 10));
        }
        let over = run(&zone(&text), "198.51.100.1", "a@example.test");
        assert_eq!((over.verdict, over.dns_lookups), (SpfVerdict::PermError, 11));
        // The tenth term still counts: 192.0.2.19 is h9's.
        assert_eq!(run(&zone(&text), "192.0.2.19", "a@example.test").verdict, SpfVerdict::Pass);
        let voids =
            zone("example.test. 300 IN TXT \"v=spf1 a:x1.example.test a:x2.example.test a:x3.example.test -all\"\n");
        let r = run(&voids, "192.0.2.1", "a@example.test");
        assert_eq!((r.verdict, r.void_lookups), (SpfVerdict::PermError, 3));
    }

    #[test]
    fn failed_lookups_are_temperrors_and_a_missing_include_a_permerror() {
        let z = zone(
            ";! servfail broken.example.test\nexample.test. 300 IN TXT \"v=spf1 include:broken.example.test -all\"\nother.test. 300 IN TXT \"v=spf1 include:nosuch.example.test -all\"\n",
        );
        assert_eq!(run(&z, "192.0.2.1", "a@example.test").verdict, SpfVerdict::TempError);
        assert_eq!(run(&z, "192.0.2.1", "a@other.test").verdict, SpfVerdict::PermError);
        assert_eq!(run(&z, "192.0.2.1", "a@nosuch.test").verdict, SpfVerdict::None);
        assert_eq!(run(&z, "192.0.2.1", "a@localhost").verdict, SpfVerdict::None);
    }

    #[test]
    fn independent_lookups_are_fetched_in_the_same_round() {
        let z = zone(
            r#"
example.test. 300 IN TXT "v=spf1 include:spf.qiye.aliyun.com include:spf.mail.qq.com include:spf.163.com mx include:sendgrid.net -all"
example.test. 300 IN MX 10 mx1.example.test.
example.test. 300 IN MX 20 mx2.example.test.
mx1.example.test. 300 IN A 192.0.2.1
mx2.example.test. 300 IN A 192.0.2.2
spf.qiye.aliyun.com. 300 IN TXT "v=spf1 ip4:115.124.30.0/24 -all"
spf.mail.qq.com. 300 IN TXT "v=spf1 ip4:43.163.0.0/16 -all"
spf.163.com. 300 IN TXT "v=spf1 ip4:220.181.12.0/22 -all"
sendgrid.net. 300 IN TXT "v=spf1 ip4:167.89.0.0/17 ~all"
"#,
        );
        let mut lookups = Lookups::new();
        let mut rounds = 0;
        let ip: IpAddr = "167.89.1.1".parse().unwrap();
        let result = drive(
            &mut lookups,
            |l| check_mail_from(l, ip, "a@example.test", "mail.example.test"),
            |requests: &[Request]| {
                rounds += 1;
                z.fetch(requests)
            },
        );
        assert_eq!(result.unwrap().verdict, SpfVerdict::Pass);
        // The record, then every include and the MX together, then the MX hosts' addresses:
        // not one round per term (7 without asking ahead).
        assert_eq!(rounds, 3);
    }

    #[test]
    fn networks_and_reverse_names() {
        assert!(in_v4("192.0.2.200".parse().unwrap(), "192.0.2.0".parse().unwrap(), 24));
        assert!(!in_v4("192.0.3.1".parse().unwrap(), "192.0.2.0".parse().unwrap(), 24));
        assert!(in_v4("203.0.113.9".parse().unwrap(), "0.0.0.0".parse().unwrap(), 0));
        assert!(in_v6("2001:db8::1".parse().unwrap(), "2001:db8::".parse().unwrap(), 32));
        assert!(!in_v6("2001:db9::1".parse().unwrap(), "2001:db8::".parse().unwrap(), 32));
        assert_eq!(reverse_name("192.0.2.1".parse().unwrap()), "1.2.0.192.in-addr.arpa");
        assert!(reverse_name("2001:db8::1".parse().unwrap())
            .starts_with("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"));
    }
}
