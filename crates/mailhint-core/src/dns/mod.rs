//! DNS and HTTPS lookups as data, so that the domain checks run without doing any I/O.
//!
//! The checks are written as plain functions over a [`Lookups`] store. When a check needs an
//! answer that is not in the store yet, [`Lookups::dns`] notes the [`Request`] and returns
//! [`Pending`], which the check passes up with `?`. A driver (the CLI's DoH client, the
//! extension's service worker, a test's zone) then fetches every request noted in that round,
//! in parallel, adds the answers and runs the checks again. Each round only adds answers, so
//! the checks' results never change under them, and a round costs microseconds next to a DNS
//! round trip: replaying is simpler than suspending the checks, and keeps them free of async.
//!
//! Names are kept as DNS sends them: lowercase ASCII (A-labels for IDNs), without the root dot.

pub mod wire;
pub mod zone;

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::net::{Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};

/// The record types the checks ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RecordType {
    /// IPv4 address.
    A,
    /// IPv6 address.
    Aaaa,
    /// Mail exchanger.
    Mx,
    /// Text (SPF, DMARC, DKIM, MTA-STS, TLS-RPT, BIMI, blocklist reasons).
    Txt,
    /// Alias.
    Cname,
    /// Reverse DNS.
    Ptr,
    /// Name server.
    Ns,
    /// Start of authority.
    Soa,
}

impl RecordType {
    /// The type's number on the wire (RFC 1035, RFC 3596).
    pub fn code(self) -> u16 {
        match self {
            RecordType::A => 1,
            RecordType::Ns => 2,
            RecordType::Cname => 5,
            RecordType::Soa => 6,
            RecordType::Ptr => 12,
            RecordType::Mx => 15,
            RecordType::Txt => 16,
            RecordType::Aaaa => 28,
        }
    }

    /// The type's mnemonic (`"TXT"`), as zone files and reports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::A => "A",
            RecordType::Aaaa => "AAAA",
            RecordType::Mx => "MX",
            RecordType::Txt => "TXT",
            RecordType::Cname => "CNAME",
            RecordType::Ptr => "PTR",
            RecordType::Ns => "NS",
            RecordType::Soa => "SOA",
        }
    }

    /// Every type the checks ask for.
    pub const ALL: [RecordType; 8] = [
        RecordType::A,
        RecordType::Aaaa,
        RecordType::Mx,
        RecordType::Txt,
        RecordType::Cname,
        RecordType::Ptr,
        RecordType::Ns,
        RecordType::Soa,
    ];

    /// Parses a mnemonic, any case.
    pub fn parse(s: &str) -> Option<RecordType> {
        RecordType::ALL.into_iter().find(|t| t.as_str().eq_ignore_ascii_case(s))
    }
}

/// One DNS question.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Query {
    /// Lowercase ASCII, no root dot.
    pub name: String,
    /// What is asked for.
    #[serde(rename = "type")]
    pub rtype: RecordType,
}

impl Query {
    /// A question for `name` (normalised: lowercase, root dot removed).
    pub fn new(name: &str, rtype: RecordType) -> Query {
        Query { name: normalize_name(name), rtype }
    }
}

/// A domain as DNS asks for it: lowercase, labels outside ASCII in Punycode (`例子.中国` →
/// `xn--fsqu00a.xn--fiqs8s`), no root dot. An address gives its domain part.
pub fn domain_to_ascii(input: &str) -> String {
    let host = input.rsplit('@').next().unwrap_or(input);
    let host = normalize_name(host).replace(['。', '．', '｡'], ".");
    host.split('.')
        .map(|label| match label.is_ascii() {
            true => label.to_string(),
            false => idna::punycode::encode_str(&label.to_lowercase())
                .map_or_else(|| label.to_string(), |p| format!("xn--{p}")),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Lowercase, without the root dot: the one spelling of a name in queries and stores.
pub fn normalize_name(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// The data of one resource record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "UPPERCASE")]
pub enum RecordData {
    /// IPv4 address.
    A {
        /// The address.
        address: Ipv4Addr,
    },
    /// IPv6 address.
    Aaaa {
        /// The address.
        address: Ipv6Addr,
    },
    /// Mail exchanger; an exchange of `""` with preference 0 is a null MX (RFC 7505).
    Mx {
        /// Lower is tried first.
        preference: u16,
        /// Host name, normalised.
        exchange: String,
    },
    /// The character-strings of one TXT record, each at most 255 bytes, as sent (checks join
    /// them without separator, RFC 7208 §3.3, and look at each for the 255-byte limit).
    Txt {
        /// The strings, as bytes (TXT data need not be UTF-8).
        strings: Vec<Vec<u8>>,
    },
    /// Alias target, normalised.
    Cname {
        /// The canonical name.
        target: String,
    },
    /// Reverse-DNS name, normalised.
    Ptr {
        /// The host name.
        target: String,
    },
    /// Name server, normalised.
    Ns {
        /// The host name.
        target: String,
    },
    /// Start of authority (only the fields the checks read).
    Soa {
        /// Primary name server.
        mname: String,
        /// Negative-caching TTL.
        minimum: u32,
    },
}

impl RecordData {
    /// The type of this data.
    pub fn rtype(&self) -> RecordType {
        match self {
            RecordData::A { .. } => RecordType::A,
            RecordData::Aaaa { .. } => RecordType::Aaaa,
            RecordData::Mx { .. } => RecordType::Mx,
            RecordData::Txt { .. } => RecordType::Txt,
            RecordData::Cname { .. } => RecordType::Cname,
            RecordData::Ptr { .. } => RecordType::Ptr,
            RecordData::Ns { .. } => RecordType::Ns,
            RecordData::Soa { .. } => RecordType::Soa,
        }
    }
}

/// One resource record of an answer section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Owner name, normalised (differs from the question's after a CNAME).
    pub name: String,
    /// Time to live, seconds.
    pub ttl: u32,
    /// The data.
    #[serde(flatten)]
    pub data: RecordData,
}

/// What a resolver said to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rcode", rename_all = "lowercase")]
pub enum Answer {
    /// NOERROR: the answer section (empty for NODATA, where the name exists without records
    /// of the type, as `_domainkey.<domain>` does when keys live below it, RFC 8020).
    NoError {
        /// The answer section, CNAMEs included.
        records: Vec<Record>,
        /// The resolver validated the answer with DNSSEC (the AD bit).
        authenticated: bool,
        /// How long a NODATA answer may be cached (the SOA minimum of the authority section).
        negative_ttl: Option<u32>,
    },
    /// NXDOMAIN: the name does not exist.
    NxDomain {
        /// The resolver validated the denial with DNSSEC.
        authenticated: bool,
        /// How long the denial may be cached.
        negative_ttl: Option<u32>,
    },
    /// No usable answer: SERVFAIL, REFUSED, a timeout, an HTTP error, a malformed reply. Checks
    /// that depend on it report "could not check", never "missing".
    Failed {
        /// Why, in plain words, for the report (no email content can be in it: only names).
        reason: String,
    },
}

impl Answer {
    /// The records of type `rtype` (CNAMEs followed: the chain's records are in the section).
    pub fn records(&self, rtype: RecordType) -> impl Iterator<Item = &RecordData> {
        let records: &[Record] = match self {
            Answer::NoError { records, .. } => records,
            _ => &[],
        };
        records.iter().map(|r| &r.data).filter(move |d| d.rtype() == rtype)
    }

    /// Each TXT record's strings joined without separator (RFC 7208 §3.3), lossy UTF-8.
    pub fn txt(&self) -> Vec<String> {
        self.records(RecordType::Txt)
            .filter_map(|d| match d {
                RecordData::Txt { strings } => Some(String::from_utf8_lossy(&strings.concat()).into_owned()),
                _ => None,
            })
            .collect()
    }

    /// NXDOMAIN, or NOERROR without records of `rtype`: a "void lookup" in RFC 7208's terms.
    pub fn is_void(&self, rtype: RecordType) -> bool {
        match self {
            Answer::NxDomain { .. } => true,
            Answer::NoError { .. } => self.records(rtype).next().is_none(),
            Answer::Failed { .. } => false,
        }
    }

    /// Whether the lookup failed (SERVFAIL, timeout…).
    pub fn is_failed(&self) -> bool {
        matches!(self, Answer::Failed { .. })
    }

    /// Whether the resolver set the AD bit.
    pub fn is_authenticated(&self) -> bool {
        matches!(self, Answer::NoError { authenticated: true, .. } | Answer::NxDomain { authenticated: true, .. })
    }

    /// How long the answer may be cached, seconds: the smallest record TTL, else the negative
    /// TTL, else five minutes; failures are not cached.
    pub fn ttl(&self) -> u32 {
        const DEFAULT_NEGATIVE_TTL: u32 = 300;
        match self {
            Answer::NoError { records, negative_ttl, .. } => {
                records.iter().map(|r| r.ttl).min().unwrap_or(negative_ttl.unwrap_or(DEFAULT_NEGATIVE_TTL))
            }
            Answer::NxDomain { negative_ttl, .. } => negative_ttl.unwrap_or(DEFAULT_NEGATIVE_TTL),
            Answer::Failed { .. } => 0,
        }
    }
}

/// What a driver fetched over HTTPS for a check (the MTA-STS policy, a BIMI logo).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum HttpsResponse {
    /// The server answered (any status). Redirects are not followed: MTA-STS forbids them.
    Answered {
        /// HTTP status.
        status: u16,
        /// The `Content-Type` header, if any.
        content_type: Option<String>,
        /// The `Location` header of a redirect, if any.
        location: Option<String>,
        /// The body, cut at [`crate::limits::MAX_HTTPS_BODY_BYTES`].
        body: Vec<u8>,
    },
    /// No answer: TLS or certificate error, timeout, connection refused, no permission.
    Failed {
        /// Why, in plain words.
        reason: String,
    },
}

/// One thing a check needs fetched.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Request {
    /// A DNS question.
    Dns(Query),
    /// An HTTPS GET of this URL, without following redirects.
    Https {
        /// The URL.
        url: String,
    },
}

/// A check needs an answer that is not in the store yet; it has been noted as missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pending;

/// The answers fetched so far, and the requests the last reading found missing.
#[derive(Debug, Default)]
pub struct Lookups {
    dns: HashMap<Query, Answer>,
    https: HashMap<String, HttpsResponse>,
    missing: RefCell<BTreeSet<Request>>,
}

impl Lookups {
    /// An empty store.
    pub fn new() -> Lookups {
        Lookups::default()
    }

    /// The answer to `query`, or [`Pending`] after noting it as missing.
    pub fn dns(&self, query: &Query) -> Result<&Answer, Pending> {
        self.dns.get(query).ok_or_else(|| {
            self.missing.borrow_mut().insert(Request::Dns(query.clone()));
            Pending
        })
    }

    /// Shorthand for [`Lookups::dns`] on `Query::new(name, rtype)`.
    pub fn lookup(&self, name: &str, rtype: RecordType) -> Result<&Answer, Pending> {
        self.dns(&Query::new(name, rtype))
    }

    /// The response for `url`, or [`Pending`] after noting it as missing.
    pub fn https(&self, url: &str) -> Result<&HttpsResponse, Pending> {
        self.https.get(url).ok_or_else(|| {
            self.missing.borrow_mut().insert(Request::Https { url: url.to_string() });
            Pending
        })
    }

    /// Stores the answer to `query`, its RRsets in one order whoever answered: resolvers
    /// rotate them (round robin), and a report must not change with it.
    pub fn insert_dns(&mut self, query: Query, mut answer: Answer) {
        if let Answer::NoError { records, .. } = &mut answer {
            canonical_order(records);
        }
        self.missing.get_mut().remove(&Request::Dns(query.clone()));
        self.dns.insert(query, answer);
    }

    /// Stores the response for `url`.
    pub fn insert_https(&mut self, url: String, response: HttpsResponse) {
        self.missing.get_mut().remove(&Request::Https { url: url.clone() });
        self.https.insert(url, response);
    }

    /// The requests noted missing since the last call, in a stable order; clears the list.
    pub fn take_missing(&self) -> Vec<Request> {
        std::mem::take(&mut *self.missing.borrow_mut()).into_iter().collect()
    }

    /// How many DNS answers the store holds.
    pub fn dns_len(&self) -> usize {
        self.dns.len()
    }

    /// Every stored DNS answer (for reports that show what was asked).
    pub fn dns_answers(&self) -> impl Iterator<Item = (&Query, &Answer)> {
        self.dns.iter()
    }
}

/// Runs `check` to completion, answering what it asks with `fetch` round after round (each
/// round's requests together, so a driver can fetch them in parallel). Gives up after
/// [`crate::limits::MAX_LOOKUP_ROUNDS`] rounds, returning the last (incomplete) result.
pub fn drive<T>(
    lookups: &mut Lookups,
    mut check: impl FnMut(&Lookups) -> T,
    mut fetch: impl FnMut(&[Request]) -> Vec<(Request, Response)>,
) -> T {
    let mut rounds = 0;
    loop {
        let result = check(lookups);
        let missing = lookups.take_missing();
        rounds += 1;
        if missing.is_empty() || rounds >= crate::limits::MAX_LOOKUP_ROUNDS {
            return result;
        }
        for (request, response) in fetch(&missing) {
            lookups.insert(request, response);
        }
        // A fetch that answered nothing would loop forever: mark the rest failed.
        for request in missing {
            if !lookups.has(&request) {
                lookups.insert(request, Response::failed("no answer"));
            }
        }
    }
}

/// The answer to a [`Request`]: DNS for DNS, HTTPS for HTTPS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Response {
    /// For [`Request::Dns`].
    Dns(Answer),
    /// For [`Request::Https`].
    Https(HttpsResponse),
}

impl Response {
    /// A failure, of whichever kind the request needs.
    fn failed(reason: &str) -> Response {
        Response::Dns(Answer::Failed { reason: reason.to_string() })
    }
}

impl Lookups {
    /// Stores a response to a request (a DNS answer given for an HTTPS request, or the other
    /// way round, is stored as a failure of the right kind).
    pub fn insert(&mut self, request: Request, response: Response) {
        match (request, response) {
            (Request::Dns(q), Response::Dns(a)) => self.insert_dns(q, a),
            (Request::Https { url }, Response::Https(r)) => self.insert_https(url, r),
            (Request::Dns(q), Response::Https(_)) => {
                self.insert_dns(q, Answer::Failed { reason: "wrong kind of response".into() })
            }
            (Request::Https { url }, Response::Dns(a)) => {
                let reason = match a {
                    Answer::Failed { reason } => reason,
                    _ => "wrong kind of response".into(),
                };
                self.insert_https(url, HttpsResponse::Failed { reason })
            }
        }
    }

    /// Whether the store has an answer for `request`.
    pub fn has(&self, request: &Request) -> bool {
        match request {
            Request::Dns(q) => self.dns.contains_key(q),
            Request::Https { url } => self.https.contains_key(url),
        }
    }
}

/// Sorts the records of each RRset (same owner and type) by their data, in place; CNAMEs keep
/// their chain order, and RRsets their order of appearance.
fn canonical_order(records: &mut [Record]) {
    fn key(data: &RecordData) -> Vec<u8> {
        match data {
            RecordData::A { address } => address.octets().to_vec(),
            RecordData::Aaaa { address } => address.octets().to_vec(),
            RecordData::Mx { preference, exchange } => [&preference.to_be_bytes()[..], exchange.as_bytes()].concat(),
            RecordData::Txt { strings } => strings.iter().flat_map(|s| [&[s.len() as u8][..], s].concat()).collect(),
            RecordData::Cname { target } | RecordData::Ptr { target } | RecordData::Ns { target } => {
                target.as_bytes().to_vec()
            }
            RecordData::Soa { mname, minimum } => [mname.as_bytes(), &minimum.to_be_bytes()[..]].concat(),
        }
    }
    let mut start = 0;
    while start < records.len() {
        let same = |r: &Record| r.name == records[start].name && r.data.rtype() == records[start].data.rtype();
        let end = start + records[start..].iter().take_while(|r| same(r)).count();
        if records[start].data.rtype() != RecordType::Cname {
            records[start..end].sort_by_key(|r| key(&r.data));
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(name: &str, data: RecordData) -> Record {
        Record { name: name.into(), ttl: 300, data }
    }

    fn txt(s: &str) -> RecordData {
        RecordData::Txt { strings: vec![s.as_bytes().to_vec()] }
    }

    #[test]
    fn rrsets_get_one_order_and_cname_chains_keep_theirs() {
        let chain = |a: &str, b: &str| record(a, RecordData::Cname { target: b.into() });
        let mut records = vec![
            chain("a.test", "b.test"),
            chain("b.test", "c.test"),
            record("c.test", txt("v=spf1 -all")),
            record("c.test", txt("google-site-verification=x")),
        ];
        let mut rotated = records.clone();
        rotated.swap(2, 3);
        canonical_order(&mut records);
        canonical_order(&mut rotated);
        assert_eq!(records, rotated);
        assert_eq!(records[0], chain("a.test", "b.test"), "the chain stays in front, in order");
        assert_eq!(records[1], chain("b.test", "c.test"));

        let mx = |p: u16, e: &str| record("d.test", RecordData::Mx { preference: p, exchange: e.into() });
        let mut records = vec![mx(20, "a.test"), mx(5, "z.test"), mx(10, "m.test")];
        canonical_order(&mut records);
        assert_eq!(records, vec![mx(5, "z.test"), mx(10, "m.test"), mx(20, "a.test")]);
    }

    fn nodata() -> Answer {
        Answer::NoError { records: vec![], authenticated: false, negative_ttl: None }
    }

    #[test]
    fn a_missing_answer_is_noted_once_and_cleared_when_stored() {
        let mut lookups = Lookups::new();
        assert_eq!(lookups.lookup("Example.COM.", RecordType::Txt), Err(Pending));
        assert_eq!(lookups.lookup("example.com", RecordType::Txt), Err(Pending));
        let missing = lookups.take_missing();
        assert_eq!(missing, vec![Request::Dns(Query::new("example.com", RecordType::Txt))]);
        lookups.insert_dns(Query::new("example.com", RecordType::Txt), nodata());
        assert!(lookups.lookup("example.com", RecordType::Txt).unwrap().is_void(RecordType::Txt));
        assert!(lookups.take_missing().is_empty());
    }

    #[test]
    fn drive_replays_until_every_answer_is_in_and_fails_what_the_fetcher_dropped() {
        let mut lookups = Lookups::new();
        let mut rounds = 0;
        let result = drive(
            &mut lookups,
            |l| {
                let first = l.lookup("a.test", RecordType::Txt)?.is_failed();
                let second = l.lookup("b.test", RecordType::Txt)?.is_failed();
                Ok::<_, Pending>((first, second))
            },
            |requests| {
                rounds += 1;
                // Answers only a.test; b.test is dropped and must come back as failed.
                requests
                    .iter()
                    .filter(|r| matches!(r, Request::Dns(q) if q.name == "a.test"))
                    .map(|r| (r.clone(), Response::Dns(nodata())))
                    .collect()
            },
        );
        assert_eq!(result, Ok((false, true)));
        assert_eq!(rounds, 2);
    }
}
