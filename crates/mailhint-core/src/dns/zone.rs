//! Answers from zone files instead of the network: `mailhint domain --zone`, the domain checks'
//! fixtures and the RFC 7208 test suite. The files are read by the `domain` crate's zone-file
//! scanner (RFC 1035 §5 master files), so the same files load into BIND for the DoH tests.
//!
//! An authoritative server's rules, enough for the checks: CNAMEs are followed (at most 8),
//! a name with records of other types or with names below it is NODATA (RFC 8020), anything
//! else NXDOMAIN. Two comment pragmas inject failures, which BIND (reading them as comments)
//! ignores: `;! servfail <name>` and `;! timeout <name>` make every query for that name fail.
//! A third, `;! signed <name>`, answers for that name and the names below it as a validating
//! resolver does for a signed zone (the AD bit set); BIND needs a really signed zone for that.

use std::collections::{BTreeMap, BTreeSet};

#[cfg(test)]
use super::RecordType;
use super::{normalize_name, Answer, HttpsResponse, Query, Record, RecordData, Request, Response};

/// Records by owner name, with the names whose lookups fail.
#[derive(Debug, Clone, Default)]
pub struct Zone {
    records: BTreeMap<String, Vec<Record>>,
    failing: BTreeMap<String, String>,
    signed: BTreeSet<String>,
}

impl Zone {
    /// An empty zone: every name is NXDOMAIN.
    pub fn new() -> Zone {
        Zone::default()
    }

    /// Adds a record.
    pub fn add(&mut self, name: &str, ttl: u32, data: RecordData) {
        let name = normalize_name(name);
        self.records.entry(name.clone()).or_default().push(Record { name, ttl, data });
    }

    /// Makes every lookup of `name` fail with `reason` ("timeout", "SERVFAIL").
    pub fn fail(&mut self, name: &str, reason: &str) {
        self.failing.insert(normalize_name(name), reason.to_string());
    }

    /// Marks `name` and every name below it as signed: answers come with the AD bit set.
    pub fn sign(&mut self, name: &str) {
        self.signed.insert(normalize_name(name));
    }

    fn is_signed(&self, name: &str) -> bool {
        self.signed.iter().any(|apex| name == apex || name.ends_with(&format!(".{apex}")))
    }

    /// What an authoritative server for every name in the zone would answer.
    pub fn answer(&self, query: &Query) -> Answer {
        let authenticated = self.is_signed(&query.name);
        let mut name = query.name.clone();
        let mut section = Vec::new();
        for followed in 0.. {
            if let Some(reason) = self.failing.get(&name) {
                return Answer::Failed { reason: format!("{name}: {reason}") };
            }
            let Some(records) = self.records.get(&name) else {
                // At the end of a CNAME chain too: the RCODE is the last name's (RFC 6604 §2.1),
                // as BIND and public resolvers answer a CNAME that points nowhere.
                if !self.has_names_below(&name) {
                    return Answer::NxDomain { authenticated, negative_ttl: None };
                }
                break;
            };
            let wanted: Vec<_> = records.iter().filter(|r| r.data.rtype() == query.rtype).cloned().collect();
            let cname = records.iter().find(|r| matches!(r.data, RecordData::Cname { .. }));
            match cname {
                Some(_) if wanted.is_empty() && followed == crate::limits::MAX_CNAME_CHAIN => {
                    // A resolver answers a loop or an overlong chain with SERVFAIL.
                    let max = crate::limits::MAX_CNAME_CHAIN;
                    return Answer::Failed { reason: format!("{}: more than {max} CNAMEs in a row", query.name) };
                }
                Some(c) if wanted.is_empty() => {
                    section.push(c.clone());
                    let RecordData::Cname { target } = &c.data else { unreachable!() };
                    name = target.clone();
                }
                _ => {
                    section.extend(wanted);
                    break;
                }
            }
        }
        Answer::NoError { records: section, authenticated, negative_ttl: None }
    }

    /// Answers a round of requests as [`super::drive`] asks: DNS from the zone; HTTPS GETs fail,
    /// a zone having no web servers.
    pub fn fetch(&self, requests: &[Request]) -> Vec<(Request, Response)> {
        let answer = |request: &Request| match request {
            Request::Dns(query) => Response::Dns(self.answer(query)),
            Request::Https { .. } => {
                Response::Https(HttpsResponse::Failed { reason: "a zone file has no web servers".into() })
            }
        };
        requests.iter().map(|r| (r.clone(), answer(r))).collect()
    }

    fn has_names_below(&self, name: &str) -> bool {
        let suffix = format!(".{name}");
        self.records.keys().any(|k| k.ends_with(&suffix))
    }

    /// Every owner name in the zone.
    pub fn names(&self) -> BTreeSet<&str> {
        self.records.keys().map(String::as_str).collect()
    }
}

#[cfg(any(test, feature = "zone"))]
mod file {
    use std::str::FromStr;

    use domain::base::Name;
    use domain::rdata::ZoneRecordData;
    use domain::zonefile::inplace::{Entry, Zonefile};

    use super::*;

    impl Zone {
        /// Reads a zone file (absolute names, or relative to `$ORIGIN`, default the root).
        /// Unsupported record types are skipped; a syntax error is an error with its line.
        pub fn parse(text: &str) -> Result<Zone, String> {
            let mut zone = Zone::new();
            for line in text.lines() {
                let Some(pragma) = line.trim().strip_prefix(";!") else { continue };
                match pragma.split_whitespace().collect::<Vec<_>>()[..] {
                    [kind @ ("servfail" | "timeout"), name] => zone.fail(name, kind),
                    ["signed", name] => zone.sign(name),
                    _ => {
                        return Err(format!(
                            "unknown pragma {line:?} (use `;! servfail NAME`, `;! timeout NAME` or `;! signed NAME`)"
                        ))
                    }
                }
            }
            let mut file = Zonefile::new();
            file.extend_from_slice(text.as_bytes());
            file.set_origin(Name::from_str(".").expect("the root is a name"));
            loop {
                let entry = match file.next_entry() {
                    Ok(Some(entry)) => entry,
                    Ok(None) => break,
                    Err(e) => return Err(format!("zone file: {e}")),
                };
                let Entry::Record(record) = entry else { continue };
                let Some(data) = crate::dns::wire::record_data!(record.data(), ZoneRecordData) else { continue };
                zone.add(&record.owner().to_string(), record.ttl().as_secs(), data);
            }
            Ok(zone)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZONE: &str = r#"
;! servfail broken.example.test
example.test.            300 IN TXT "v=spf1 include:spf.qiye.aliyun.com " "-all"
example.test.            300 IN MX  10 mx1.qiye.aliyun.com.
s1._domainkey.example.test. 300 IN CNAME s1.domainkey.esp.test.
s1.domainkey.esp.test.   60  IN TXT "v=DKIM1; k=rsa; p="
"#;

    #[test]
    fn answers_like_an_authoritative_server() {
        let zone = Zone::parse(ZONE).unwrap();
        let txt = zone.answer(&Query::new("Example.test.", RecordType::Txt));
        assert_eq!(txt.txt(), vec!["v=spf1 include:spf.qiye.aliyun.com -all".to_string()]);
        let mx: Vec<_> =
            zone.answer(&Query::new("example.test", RecordType::Mx)).records(RecordType::Mx).cloned().collect();
        assert_eq!(mx, vec![RecordData::Mx { preference: 10, exchange: "mx1.qiye.aliyun.com".into() }]);
        // The CNAME and its target's record, as a resolver returns them.
        let key = zone.answer(&Query::new("s1._domainkey.example.test", RecordType::Txt));
        assert_eq!(key.txt(), vec!["v=DKIM1; k=rsa; p=".to_string()]);
        assert_eq!(key.records(RecordType::Cname).count(), 1);
        // RFC 8020: an empty non-terminal exists; a name with nothing below does not.
        assert!(
            matches!(zone.answer(&Query::new("_domainkey.example.test", RecordType::Txt)), Answer::NoError { ref records, .. } if records.is_empty())
        );
        assert!(matches!(zone.answer(&Query::new("nosuch.example.test", RecordType::Txt)), Answer::NxDomain { .. }));
        assert!(zone.answer(&Query::new("example.test", RecordType::A)).is_void(RecordType::A));
        assert!(zone.answer(&Query::new("broken.example.test", RecordType::Txt)).is_failed());
        assert!(!zone.answer(&Query::new("example.test", RecordType::Mx)).is_authenticated());
    }

    #[test]
    fn a_signed_pragma_sets_the_ad_bit_for_the_name_and_below_only() {
        let zone = Zone::parse(&format!(";! signed example.test\n{ZONE}")).unwrap();
        assert!(zone.answer(&Query::new("example.test", RecordType::Mx)).is_authenticated());
        assert!(zone.answer(&Query::new("nosuch.example.test", RecordType::Txt)).is_authenticated());
        assert!(!zone.answer(&Query::new("s1.domainkey.esp.test", RecordType::Txt)).is_authenticated());
        assert!(!zone.answer(&Query::new("notexample.test", RecordType::Txt)).is_authenticated());
    }

    #[test]
    fn a_cname_to_a_name_that_does_not_exist_is_nxdomain() {
        let zone = Zone::parse("a.example.test. 300 IN CNAME nowhere.example.test.\n").unwrap();
        assert!(matches!(zone.answer(&Query::new("a.example.test", RecordType::Txt)), Answer::NxDomain { .. }));
        // The CNAME itself is still an answer when asked for.
        assert_eq!(zone.answer(&Query::new("a.example.test", RecordType::Cname)).records(RecordType::Cname).count(), 1);
    }

    #[test]
    fn a_broken_zone_file_is_an_error_not_a_panic() {
        assert!(Zone::parse("example.test. 300 IN MX notanumber host.test.\n").is_err());
        assert!(Zone::parse(";! explode example.test\n").is_err());
    }
}
