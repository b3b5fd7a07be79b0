//! Where receivers find a domain's DMARC policy, the two ways receivers do it today:
//!
//! * **RFC 7489** (still what many receivers run): `_dmarc.<domain>`, else
//!   `_dmarc.<organizational domain>`, the organizational domain being the registrable domain
//!   of the Public Suffix List (§3.2, §6.6.3).
//! * **RFC 9989** (May 2026): the DNS tree walk (§4.10): `_dmarc.<domain>`, then its parents
//!   (jumping to the last 7 labels when there are 8 or more, at most 8 queries), stopping at a
//!   record with `psd=y` or `psd=n`. The organizational domain is the name of the `psd=n`
//!   record, else the name one label below a `psd=y` record, else the shortest name with a
//!   record. The policy domain is the domain itself when it has a record, else the
//!   organizational domain when it has one, else the first record of the walk (a public
//!   suffix's own policy, RFC 9091 folded into 9989).
//!
//! Both walks read the same answers: every name is asked for in one round, in parallel.

use std::collections::BTreeMap;

use serde::Serialize;

use super::record::{self, DmarcRecord, Policy, Psd};
use crate::dns::{Answer, Lookups, Pending, RecordType};
use crate::domain::mail_setup::is_spf;

/// The TXT records at one `_dmarc.<name>`, sorted by what they are.
#[derive(Debug, Clone, Default)]
pub struct DmarcTxt {
    /// `_dmarc.<name>`.
    pub name: String,
    /// Records receivers read (they start with `v=DMARC1`).
    pub valid: Vec<DmarcRecord>,
    /// Attempts at a DMARC record that receivers discard (`v=dmarc1`, leading space,
    /// full-width punctuation before the first `;`…).
    pub broken: Vec<DmarcRecord>,
    /// SPF records (a DNS panel's `@` turned into `_dmarc`, or the wrong value pasted).
    pub spf: Vec<String>,
    /// Other TXT records.
    pub other: Vec<String>,
    /// The lookup failed, why.
    pub failed: Option<String>,
}

impl DmarcTxt {
    /// The one record receivers use here (none when there are several: RFC 7489 §6.6.3).
    pub fn record(&self) -> Option<&DmarcRecord> {
        match self.valid.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    fn from_answer(name: String, answer: &Answer) -> DmarcTxt {
        let mut txt = DmarcTxt { name, ..DmarcTxt::default() };
        if let Answer::Failed { reason } = answer {
            txt.failed = Some(reason.clone());
            return txt;
        }
        for text in answer.txt() {
            if record::starts_with_version(&text) {
                txt.valid.push(record::parse(&text));
            } else if record::looks_like_dmarc(&text) {
                txt.broken.push(record::parse(&text));
            } else if is_spf(text.trim()) {
                txt.spf.push(text);
            } else {
                txt.other.push(text);
            }
        }
        txt
    }
}

/// The names the RFC 9989 tree walk asks about, in order: the domain, then (with 8 labels or
/// more) its last 7 labels, then one label fewer each time, down to the top-level domain.
pub fn walk_names(domain: &str) -> Vec<String> {
    let labels: Vec<&str> = domain.split('.').filter(|l| !l.is_empty()).collect();
    let n = labels.len();
    let mut names = vec![labels.join(".")];
    let mut keep = if n >= 8 { 7 } else { n.saturating_sub(1) };
    while keep >= 1 {
        names.push(labels[n - keep..].join("."));
        keep -= 1;
    }
    names
}

/// Every name either discovery reads, with its records. Asks for all of them before
/// returning [`Pending`], so they are fetched in one round.
pub fn lookup_all(lookups: &Lookups, domain: &str) -> Result<BTreeMap<String, DmarcTxt>, Pending> {
    let mut names = walk_names(domain);
    if let Some(org) = crate::suffix::domain(domain) {
        if !names.iter().any(|n| n == org) {
            names.push(org.to_string());
        }
    }
    let answers: Vec<_> = names.iter().map(|n| (n, lookups.lookup(&format!("_dmarc.{n}"), RecordType::Txt))).collect();
    let mut found = BTreeMap::new();
    for (name, answer) in answers {
        found.insert(name.clone(), DmarcTxt::from_answer(format!("_dmarc.{name}"), answer?));
    }
    Ok(found)
}

/// What one discovery found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Discovery {
    /// The domain whose record applies.
    pub policy_domain: Option<String>,
    /// The organizational domain (for relaxed alignment and the subdomain policy).
    pub org_domain: Option<String>,
    /// The record that applies.
    pub record: Option<DmarcRecord>,
    /// A lookup the answer depends on failed: nothing can be said.
    pub unknown: Option<String>,
}

impl Discovery {
    /// The policy receivers apply to mail from `domain`: the record's `p` at the policy
    /// domain itself, its `sp` (else `p`) below it.
    pub fn applied(&self, domain: &str) -> Option<Policy> {
        let record = self.record.as_ref()?;
        Some(match self.policy_domain.as_deref() == Some(domain) {
            true => record.policy(),
            false => record.subdomain_policy(),
        })
    }
}

/// RFC 7489 discovery over the answers of [`lookup_all`].
pub fn rfc7489(domain: &str, found: &BTreeMap<String, DmarcTxt>) -> Discovery {
    let org = crate::suffix::domain(domain).map(str::to_string);
    let mut discovery = Discovery { org_domain: org.clone(), ..Discovery::default() };
    let Some(at_domain) = found.get(domain) else { return discovery };
    if let Some(reason) = &at_domain.failed {
        discovery.unknown = Some(reason.clone());
        return discovery;
    }
    if let Some(record) = at_domain.record() {
        discovery.policy_domain = Some(domain.to_string());
        discovery.record = Some(record.clone());
        return discovery;
    }
    if !at_domain.valid.is_empty() {
        // Several records: DMARC is not applied at all (§6.6.3), no fallback.
        return discovery;
    }
    let Some(org) = org.filter(|o| o != domain) else { return discovery };
    let Some(at_org) = found.get(&org) else { return discovery };
    if let Some(reason) = &at_org.failed {
        discovery.unknown = Some(reason.clone());
    } else if let Some(record) = at_org.record() {
        discovery.policy_domain = Some(org);
        discovery.record = Some(record.clone());
    }
    discovery
}

/// RFC 9989 discovery (the DNS tree walk) over the answers of [`lookup_all`].
pub fn rfc9989(domain: &str, found: &BTreeMap<String, DmarcTxt>) -> Discovery {
    let mut discovery = Discovery::default();
    let labels: Vec<&str> = domain.split('.').collect();
    let mut with_records: Vec<(&str, &DmarcRecord)> = Vec::new();
    let names = walk_names(domain);
    for (index, name) in names.iter().enumerate() {
        let Some(at) = found.get(name) else { break };
        if let Some(reason) = &at.failed {
            // The walk cannot go past a name it could not read: what lies above might decide
            // the organizational domain. The domain's own record, if read, still applies.
            return match with_records.first() {
                Some((name, record)) if *name == domain => Discovery {
                    policy_domain: Some(domain.to_string()),
                    org_domain: None,
                    record: Some((*record).clone()),
                    unknown: None,
                },
                _ => Discovery { unknown: Some(reason.clone()), ..Discovery::default() },
            };
        }
        let Some(record) = at.record() else { continue };
        with_records.push((name.as_str(), record));
        match record.psd {
            Some(Psd::No) => {
                discovery.org_domain = Some(name.clone());
                break;
            }
            // A psd=y record at the domain itself: no name lies below it, so the domain is
            // its own organizational domain (as the working group read that corner).
            Some(Psd::Yes) if index == 0 => {
                discovery.org_domain = Some(name.clone());
                break;
            }
            Some(Psd::Yes) => {
                let below = name.split('.').count() + 1;
                discovery.org_domain = Some(labels[labels.len().saturating_sub(below)..].join("."));
                break;
            }
            _ => {}
        }
    }
    if discovery.org_domain.is_none() {
        discovery.org_domain = with_records.last().map(|(name, _)| name.to_string());
    }
    let policy = with_records
        .iter()
        .find(|(name, _)| *name == domain)
        .or_else(|| with_records.iter().find(|(name, _)| Some(*name) == discovery.org_domain.as_deref()))
        .or_else(|| with_records.first());
    if let Some((name, record)) = policy {
        discovery.policy_domain = Some(name.to_string());
        discovery.record = Some((*record).clone());
    }
    discovery
}

/// One discovery's result, as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiscoveryView {
    /// The domain whose record applies.
    pub policy_domain: Option<String>,
    /// The organizational domain.
    pub org_domain: Option<String>,
    /// The record that applies, as published.
    pub record: Option<String>,
    /// Its policy for the policy domain (`p`, `none` when missing).
    pub p: Option<Policy>,
    /// Its policy for subdomains (`sp`, else `p`).
    pub sp: Option<Policy>,
    /// Its policy for subdomains that do not exist (`np`, else `sp`, else `p`; RFC 9989 only).
    pub np: Option<Policy>,
    /// The policy applied to mail from the checked domain.
    pub applied: Option<Policy>,
    /// Test mode: `pct` below 100 (RFC 7489) or `t=y` (RFC 9989).
    pub testing: bool,
    /// A lookup failed, why (the rest is then unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown: Option<String>,
}

/// How receivers of each generation read the domain's DMARC: side by side in the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DmarcView {
    /// Receivers still on RFC 7489 (Public Suffix List).
    pub rfc7489: DiscoveryView,
    /// Receivers on RFC 9989 (DNS tree walk).
    pub rfc9989: DiscoveryView,
}

impl DmarcView {
    /// Both views of `domain`.
    pub fn new(domain: &str, old: &Discovery, new: &Discovery) -> DmarcView {
        let view = |d: &Discovery, bis: bool| {
            let record = d.record.as_ref();
            DiscoveryView {
                policy_domain: d.policy_domain.clone(),
                org_domain: d.org_domain.clone(),
                record: record.map(|r| r.text.clone()),
                p: record.map(DmarcRecord::policy),
                sp: record.map(DmarcRecord::subdomain_policy),
                np: record.filter(|_| bis).map(DmarcRecord::nonexistent_policy),
                applied: d.applied(domain),
                testing: record.is_some_and(|r| match bis {
                    true => r.t == Some(true),
                    false => r.pct.is_some_and(|p| p < 100),
                }),
                unknown: d.unknown.clone(),
            }
        };
        DmarcView { rfc7489: view(old, false), rfc9989: view(new, true) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::zone::Zone;
    use crate::dns::RecordData;

    /// Both discoveries of `domain` over a zone of `(name, txt)` records.
    fn discover(domain: &str, records: &[(&str, &str)]) -> (Discovery, Discovery) {
        let mut zone = Zone::new();
        for (name, text) in records {
            zone.add(name, 300, RecordData::Txt { strings: vec![text.as_bytes().to_vec()] });
        }
        let mut lookups = Lookups::new();
        let found = crate::dns::drive(&mut lookups, |l| lookup_all(l, domain), |requests| zone.fetch(requests));
        let found = found.expect("every answer is in after driving");
        (rfc7489(domain, &found), rfc9989(domain, &found))
    }

    #[test]
    fn the_walk_jumps_to_seven_labels_and_asks_at_most_eight_names() {
        assert_eq!(walk_names("a.b.example.com"), ["a.b.example.com", "b.example.com", "example.com", "com"]);
        let long = walk_names("a.b.c.d.e.f.g.h.example.com");
        assert_eq!(long.len(), 8);
        assert_eq!(long[1], "d.e.f.g.h.example.com");
        assert_eq!(long[7], "com");
        assert_eq!(walk_names("com"), ["com"]);
    }

    #[test]
    fn a_plain_domain_reads_the_same_both_ways() {
        let (old, new) = discover("mail.example.com", &[("_dmarc.example.com", "v=DMARC1; p=reject; sp=quarantine")]);
        assert_eq!(old, new);
        assert_eq!(old.policy_domain.as_deref(), Some("example.com"));
        assert_eq!(new.applied("mail.example.com"), Some(Policy::Quarantine));
    }

    #[test]
    fn an_intermediate_record_is_walked_past_to_the_organizational_domain() {
        // RFC 7489 jumps from the domain to the PSL organizational domain; the walk reads
        // every level, and `b.example.com`'s record is neither the domain's nor the
        // organizational domain's, so neither applies it.
        let (old, new) = discover(
            "a.b.example.com",
            &[("_dmarc.b.example.com", "v=DMARC1; p=none"), ("_dmarc.example.com", "v=DMARC1; p=reject")],
        );
        assert_eq!(old.policy_domain.as_deref(), Some("example.com"));
        assert_eq!(old.applied("a.b.example.com"), Some(Policy::Reject));
        // The organizational domain is the shortest name with a record, and the policy is its.
        assert_eq!(new.org_domain.as_deref(), Some("example.com"));
        assert_eq!(new.policy_domain.as_deref(), Some("example.com"));
    }

    #[test]
    fn a_private_suffix_differs_between_the_psl_and_the_walk() {
        // `github.io` is a private suffix on the PSL: 7489's organizational domain of
        // `team.user.github.io` is `user.github.io`, which has no record, so no policy. The
        // walk reaches `github.io`'s own record, which says it is an organizational domain.
        let (old, new) = discover("team.user.github.io", &[("_dmarc.github.io", "v=DMARC1; p=reject; psd=n")]);
        assert_eq!(old.org_domain.as_deref(), Some("user.github.io"));
        assert_eq!(old.record, None);
        assert_eq!(new.org_domain.as_deref(), Some("github.io"));
        assert_eq!(new.applied("team.user.github.io"), Some(Policy::Reject));
    }

    #[test]
    fn psd_y_on_a_parent_makes_the_name_below_it_the_organizational_domain() {
        let (old, new) = discover("shop.example.gov.test", &[("_dmarc.gov.test", "v=DMARC1; p=reject; psd=y")]);
        // `.test` is on no list: the PSL's implicit rule makes `gov.test` the organizational domain.
        assert_eq!(old.org_domain.as_deref(), Some("gov.test"));
        assert_eq!(old.policy_domain.as_deref(), Some("gov.test"));
        assert_eq!(new.org_domain.as_deref(), Some("example.gov.test"));
        // No record below the public suffix's: its policy applies (RFC 9091 in 9989).
        assert_eq!(new.policy_domain.as_deref(), Some("gov.test"));
    }

    #[test]
    fn psd_n_stops_the_walk_and_a_failed_name_makes_the_walk_unknown() {
        let (_, new) = discover(
            "a.example.com",
            &[("_dmarc.a.example.com", "v=DMARC1; p=none; psd=n"), ("_dmarc.example.com", "v=DMARC1; p=reject")],
        );
        assert_eq!(new.org_domain.as_deref(), Some("a.example.com"));
        let mut found = BTreeMap::new();
        found.insert("a.example.com".to_string(), DmarcTxt::default());
        found.insert("example.com".to_string(), DmarcTxt { failed: Some("SERVFAIL".into()), ..DmarcTxt::default() });
        assert_eq!(rfc9989("a.example.com", &found).unknown.as_deref(), Some("SERVFAIL"));
        assert_eq!(rfc7489("a.example.com", &found).unknown.as_deref(), Some("SERVFAIL"));
        // A failure above a domain that has its own record leaves its policy known.
        let record = record::parse("v=DMARC1; p=reject");
        found.insert("a.example.com".to_string(), DmarcTxt { valid: vec![record], ..DmarcTxt::default() });
        let new = rfc9989("a.example.com", &found);
        assert_eq!((new.applied("a.example.com"), new.unknown, new.org_domain), (Some(Policy::Reject), None, None));
    }

    #[test]
    fn two_records_mean_no_policy_and_broken_ones_are_not_read() {
        let (old, new) = discover(
            "example.com",
            &[("_dmarc.example.com", "v=DMARC1; p=reject"), ("_dmarc.example.com", "v=DMARC1; p=none")],
        );
        assert_eq!((old.record, new.record), (None, None));
        let (old, _) = discover("example.com", &[("_dmarc.example.com", "v=dmarc1; p=reject")]);
        assert_eq!(old.record, None);
    }
}
