//! How a domain sends and receives mail, read simply from its MX and its SPF record's
//! first-level `include:`/`redirect=` targets: the DKIM, DMARC and parked-domain checks need
//! only this much (the MX and SPF sections do the full analysis). The answers are shared
//! through the [`Lookups`] store, so asking here costs no extra query.

use crate::dns::{Answer, Lookups, Pending, RecordData, RecordType};

use super::providers::{self, Provider};

/// The domain's MX, as far as these checks care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MxState {
    /// Mail exchangers, by host name.
    Hosts(Vec<String>),
    /// Only a null MX (`MX 0 .`, RFC 7505): the domain takes no mail.
    Null,
    /// No MX records (NODATA).
    None,
    /// The domain does not exist (NXDOMAIN).
    NoDomain,
    /// The lookup failed.
    Failed(String),
}

/// The domain's SPF, as far as these checks care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpfState {
    /// Exactly one `v=spf1` record.
    One(String),
    /// No `v=spf1` record.
    None,
    /// Several `v=spf1` records (SPF fails: a permerror).
    Many,
    /// The lookup failed.
    Failed(String),
}

/// MX and SPF of a domain.
#[derive(Debug, Clone)]
pub struct MailSetup {
    /// The MX.
    pub mx: MxState,
    /// The SPF record.
    pub spf: SpfState,
}

impl MailSetup {
    /// The providers the MX hosts belong to (mailbox providers), without repeats.
    pub fn mailbox_providers(&self) -> Vec<&'static Provider> {
        let mut found = Vec::new();
        if let MxState::Hosts(hosts) = &self.mx {
            for provider in hosts.iter().filter_map(|h| providers::by_mx(h)) {
                if !found.contains(&provider) {
                    found.push(provider);
                }
            }
        }
        found
    }

    /// The providers of the SPF record's `include:` and `redirect=` targets, without repeats.
    pub fn spf_providers(&self) -> Vec<&'static Provider> {
        let mut found = Vec::new();
        for provider in self.spf_targets().iter().filter_map(|t| providers::by_spf_include(t)) {
            if !found.contains(&provider) {
                found.push(provider);
            }
        }
        found
    }

    /// The sending services (providers that only send, such as SendGrid) in the SPF record.
    pub fn esps(&self) -> Vec<&'static Provider> {
        self.spf_providers().into_iter().filter(|p| !p.mailbox).collect()
    }

    /// The SPF record's first-level `include:` and `redirect=` targets, lowercase.
    pub fn spf_targets(&self) -> Vec<String> {
        let SpfState::One(record) = &self.spf else { return Vec::new() };
        record
            .split_ascii_whitespace()
            .filter_map(|term| {
                let lower = term.to_ascii_lowercase();
                let lower = lower.trim_start_matches(['+', '-', '~', '?']);
                lower.strip_prefix("include:").or_else(|| lower.strip_prefix("redirect=")).map(str::to_string)
            })
            .collect()
    }

    /// Whether the SPF record authorises no one: it is `v=spf1 -all` (or `~all`), with no
    /// mechanism that could match a sender. A domain with such a record, or none, and no MX
    /// is a parked domain; one whose SPF lists senders is a send-only domain.
    pub fn spf_authorises_no_one(&self) -> bool {
        match &self.spf {
            SpfState::One(record) => record
                .split_ascii_whitespace()
                .skip(1)
                .all(|term| matches!(term.to_ascii_lowercase().as_str(), "-all" | "~all" | "?all")),
            SpfState::None => true,
            _ => false,
        }
    }

    /// Whether the domain is parked: it exists, takes no mail (no MX, or a null MX) and its
    /// SPF authorises no one (no record, or only `all`). Such a domain needs locking (SPF
    /// `-all`, DMARC `p=reject`), not DKIM.
    pub fn is_parked(&self) -> bool {
        matches!(self.mx, MxState::Null | MxState::None) && self.spf_authorises_no_one()
    }

    /// Whether the SPF record is exactly `v=spf1 -all`: every sender fails.
    pub fn spf_is_hard_fail_only(&self) -> bool {
        match &self.spf {
            SpfState::One(record) => {
                let terms: Vec<_> = record.split_ascii_whitespace().map(str::to_ascii_lowercase).collect();
                terms.iter().map(String::as_str).eq(["v=spf1", "-all"])
            }
            _ => false,
        }
    }
}

/// Reads the domain's MX and SPF from `lookups`, asking for both at once.
pub fn mail_setup(lookups: &Lookups, domain: &str) -> Result<MailSetup, Pending> {
    let mx = lookups.lookup(domain, RecordType::Mx);
    let txt = lookups.lookup(domain, RecordType::Txt);
    Ok(MailSetup { mx: mx_state(mx?), spf: spf_state(txt?) })
}

fn mx_state(answer: &Answer) -> MxState {
    match answer {
        Answer::Failed { reason } => return MxState::Failed(reason.clone()),
        Answer::NxDomain { .. } => return MxState::NoDomain,
        Answer::NoError { .. } => {}
    }
    let hosts: Vec<String> = answer
        .records(RecordType::Mx)
        .filter_map(|d| match d {
            RecordData::Mx { exchange, .. } => Some(exchange.clone()),
            _ => None,
        })
        .collect();
    match hosts.iter().filter(|h| !h.is_empty()).cloned().collect::<Vec<_>>() {
        real if !real.is_empty() => MxState::Hosts(real),
        _ if !hosts.is_empty() => MxState::Null,
        _ => MxState::None,
    }
}

fn spf_state(answer: &Answer) -> SpfState {
    if let Answer::Failed { reason } = answer {
        return SpfState::Failed(reason.clone());
    }
    let records: Vec<String> = answer.txt().into_iter().filter(|t| is_spf(t)).collect();
    match records.len() {
        0 => SpfState::None,
        1 => SpfState::One(records.into_iter().next().unwrap_or_default()),
        _ => SpfState::Many,
    }
}

/// `v=spf1` followed by a space or the end (RFC 7208 §4.5), any case.
pub fn is_spf(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower == "v=spf1" || lower.starts_with("v=spf1 ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_spf(record: &str) -> MailSetup {
        MailSetup { mx: MxState::None, spf: SpfState::One(record.to_string()) }
    }

    #[test]
    fn spf_targets_and_providers_come_from_the_first_level_terms() {
        let s =
            with_spf("v=spf1 include:spf.qiye.aliyun.com include:SendGrid.net ip4:1.2.3.4 redirect=_spf.example.com");
        assert_eq!(s.spf_targets(), ["spf.qiye.aliyun.com", "sendgrid.net", "_spf.example.com"]);
        assert_eq!(s.esps().iter().map(|p| p.id).collect::<Vec<_>>(), ["sendgrid"]);
        assert_eq!(s.spf_providers().len(), 2);
    }

    #[test]
    fn a_domain_is_locked_only_by_a_bare_hard_fail() {
        assert!(with_spf("v=spf1 -all").spf_is_hard_fail_only());
        assert!(with_spf("v=spf1 ~all").spf_authorises_no_one());
        assert!(!with_spf("v=spf1 ~all").spf_is_hard_fail_only());
        assert!(!with_spf("v=spf1 include:spf.mail.qq.com -all").spf_authorises_no_one());
    }
}
