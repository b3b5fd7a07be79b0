//! DNS messages in the wire format of RFC 1035, as DNS-over-HTTPS carries them (RFC 8484,
//! `application/dns-message`), with NLnet Labs' `domain` crate.
//!
//! The drivers only move bytes: they send [`query`] and hand the reply to [`answer`], which
//! checks that it answers the question and turns it into an [`Answer`].

use std::str::FromStr;

use domain::base::iana::Rcode;
use domain::base::name::ParsedName;
use domain::base::{Message, MessageBuilder, Name, Rtype};
use domain::rdata::AllRecordData;

#[cfg(test)]
use super::RecordType;
use super::{normalize_name, Answer, Query, Record, RecordData};

/// The wire query for `query`: ID 0 (RFC 8484 §4.1, for HTTP caches), recursion desired, and
/// the AD bit set so that a validating resolver says whether the answer is signed (RFC 6840
/// §5.7). `None` for a name that cannot be sent (an empty label, a label over 63 bytes, a name
/// over 255 bytes).
pub fn query(query: &Query) -> Option<Vec<u8>> {
    let name = Name::<Vec<u8>>::from_str(&query.name).ok()?;
    let mut builder = MessageBuilder::new_vec();
    builder.header_mut().set_rd(true);
    builder.header_mut().set_ad(true);
    let mut question = builder.question();
    question.push((name, Rtype::from_int(query.rtype.code()))).ok()?;
    Some(question.finish())
}

/// The [`Answer`] in a wire reply to `query`. A reply that cannot be read, or that answers
/// another question, is a failed lookup with the reason.
pub fn answer(query: &Query, reply: &[u8]) -> Answer {
    match read(query, reply) {
        Ok(answer) => answer,
        Err(reason) => Answer::Failed { reason },
    }
}

fn read(query: &Query, reply: &[u8]) -> Result<Answer, String> {
    if reply.len() > crate::limits::MAX_DNS_MESSAGE_BYTES {
        return Err(format!(
            "the reply is {} bytes, more than a DNS message can be ({})",
            reply.len(),
            crate::limits::MAX_DNS_MESSAGE_BYTES
        ));
    }
    let message = Message::from_slice(reply).map_err(|_| "the reply is not a DNS message".to_string())?;
    let header = message.header();
    if !header.qr() {
        return Err("the reply is a query, not an answer".into());
    }
    let question = message.first_question().ok_or("the reply has no question")?;
    if normalize_name(&question.qname().to_string()) != query.name || question.qtype().to_int() != query.rtype.code() {
        return Err(format!("the reply answers another question ({} {})", question.qname(), question.qtype()));
    }
    if header.tc() {
        return Err("the reply was truncated".into());
    }
    let authenticated = header.ad();
    let negative_ttl = negative_ttl(message);
    match header.rcode() {
        Rcode::NOERROR => Ok(Answer::NoError { records: records(message)?, authenticated, negative_ttl }),
        Rcode::NXDOMAIN => Ok(Answer::NxDomain { authenticated, negative_ttl }),
        Rcode::SERVFAIL => Err("the resolver failed to answer (SERVFAIL)".into()),
        Rcode::REFUSED => Err("the resolver refused the query (REFUSED)".into()),
        other => Err(format!("the resolver answered {other}")),
    }
}

/// The answer section's records of the types the checks use (others, such as RRSIG, are
/// skipped).
fn records(message: &Message<[u8]>) -> Result<Vec<Record>, String> {
    let section = message.answer().map_err(|_| "the answer section is malformed")?;
    let mut records = Vec::new();
    for record in section.limit_to::<AllRecordData<_, ParsedName<_>>>() {
        let record = record.map_err(|_| "a record of the answer is malformed")?;
        let Some(data) = record_data!(record.data(), AllRecordData) else { continue };
        records.push(Record { name: normalize_name(&record.owner().to_string()), ttl: record.ttl().as_secs(), data });
    }
    Ok(records)
}

/// Our [`RecordData`] from a record-data enum of the `domain` crate (`AllRecordData` off the
/// wire, `ZoneRecordData` from zone files: the same variants in two types), `None` for the types
/// the checks do not read (RRSIG and the like).
macro_rules! record_data {
    ($data:expr, $kind:ident) => {
        match $data {
            $kind::A(a) => Some(RecordData::A { address: a.addr() }),
            $kind::Aaaa(a) => Some(RecordData::Aaaa { address: a.addr() }),
            $kind::Mx(mx) => Some(RecordData::Mx {
                preference: mx.preference(),
                exchange: normalize_name(&mx.exchange().to_string()),
            }),
            $kind::Txt(txt) => Some(RecordData::Txt { strings: txt.iter().map(<[u8]>::to_vec).collect() }),
            $kind::Cname(c) => Some(RecordData::Cname { target: normalize_name(&c.cname().to_string()) }),
            $kind::Ptr(p) => Some(RecordData::Ptr { target: normalize_name(&p.ptrdname().to_string()) }),
            $kind::Ns(n) => Some(RecordData::Ns { target: normalize_name(&n.nsdname().to_string()) }),
            $kind::Soa(s) => {
                Some(RecordData::Soa { mname: normalize_name(&s.mname().to_string()), minimum: s.minimum().as_secs() })
            }
            _ => None,
        }
    };
}
pub(crate) use record_data;

/// The negative-caching TTL of RFC 2308 §5: the smaller of the authority SOA's TTL and minimum.
fn negative_ttl(message: &Message<[u8]>) -> Option<u32> {
    let section = message.authority().ok()?;
    section
        .limit_to::<domain::rdata::Soa<ParsedName<_>>>()
        .flatten()
        .next()
        .map(|soa| soa.ttl().as_secs().min(soa.data().minimum().as_secs()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::base::{Rtype as T, Ttl};
    use domain::rdata::{Mx, Soa, Txt};

    /// A reply built with the crate's own builder, as a server would send it.
    fn reply(
        q: &Query,
        rcode: Rcode,
        build: impl FnOnce(&mut domain::base::message_builder::AnswerBuilder<Vec<u8>>),
    ) -> Vec<u8> {
        let mut builder = MessageBuilder::new_vec();
        builder.header_mut().set_qr(true);
        builder.header_mut().set_rcode(rcode);
        let mut question = builder.question();
        question.push((Name::<Vec<u8>>::from_str(&q.name).unwrap(), T::from_int(q.rtype.code()))).unwrap();
        let mut answer = question.answer();
        build(&mut answer);
        answer.finish()
    }

    #[test]
    fn queries_ask_for_recursion_and_dnssec_status_with_id_zero() {
        let bytes = query(&Query::new("Example.COM", RecordType::Txt)).unwrap();
        let message = Message::from_slice(&bytes).unwrap();
        assert_eq!(message.header().id(), 0);
        assert!(message.header().rd() && message.header().ad() && !message.header().qr());
        let q = message.first_question().unwrap();
        assert_eq!((q.qname().to_string().as_str(), q.qtype()), ("example.com", T::TXT));
        assert_eq!(query(&Query::new(&"a".repeat(64), RecordType::A)), None);
        assert_eq!(query(&Query::new("a..b", RecordType::A)), None);
    }

    #[test]
    fn txt_keeps_each_character_string_and_mx_its_preference() {
        let q = Query::new("example.test", RecordType::Txt);
        let bytes = reply(&q, Rcode::NOERROR, |a| {
            let name = Name::<Vec<u8>>::from_str("example.test").unwrap();
            let txt: Txt<Vec<u8>> = Txt::build_from_slice(b"v=spf1 include:spf.qiye.aliyun.com ").unwrap();
            a.push((name.clone(), Ttl::from_secs(300), txt)).unwrap();
            let txt: Txt<Vec<u8>> = Txt::from_octets(b"\x04-all".to_vec()).unwrap();
            a.push((name, Ttl::from_secs(60), txt)).unwrap();
        });
        let got = answer(&q, &bytes);
        assert_eq!(got.txt(), vec!["v=spf1 include:spf.qiye.aliyun.com ".to_string(), "-all".into()]);
        assert_eq!(got.ttl(), 60);

        let q = Query::new("example.test", RecordType::Mx);
        let bytes = reply(&q, Rcode::NOERROR, |a| {
            let mx = Mx::new(10, Name::<Vec<u8>>::from_str("MX1.Qiye.Aliyun.com").unwrap());
            a.push((Name::<Vec<u8>>::from_str("example.test").unwrap(), Ttl::from_secs(600), mx)).unwrap();
        });
        let records: Vec<_> = answer(&q, &bytes).records(RecordType::Mx).cloned().collect();
        assert_eq!(records, vec![RecordData::Mx { preference: 10, exchange: "mx1.qiye.aliyun.com".into() }]);
    }

    #[test]
    fn nxdomain_servfail_and_mismatched_or_broken_replies() {
        let q = Query::new("nosuch.example.test", RecordType::Txt);
        assert!(matches!(answer(&q, &reply(&q, Rcode::NXDOMAIN, |_| {})), Answer::NxDomain { .. }));
        assert!(answer(&q, &reply(&q, Rcode::SERVFAIL, |_| {})).is_failed());
        let other = Query::new("other.test", RecordType::Txt);
        assert!(
            matches!(answer(&q, &reply(&other, Rcode::NOERROR, |_| {})), Answer::Failed { reason } if reason.contains("another question"))
        );
        assert!(answer(&q, b"<html>").is_failed());
        assert!(answer(&q, &[]).is_failed());
        let bytes = query(&q).unwrap();
        assert!(answer(&q, &bytes).is_failed(), "a query echoed back is no answer");
    }

    #[test]
    fn nodata_takes_its_ttl_from_the_authority_soa() {
        let q = Query::new("_domainkey.example.test", RecordType::Txt);
        let mut builder = MessageBuilder::new_vec();
        builder.header_mut().set_qr(true);
        let mut question = builder.question();
        question.push((Name::<Vec<u8>>::from_str(&q.name).unwrap(), T::TXT)).unwrap();
        let mut authority = question.authority();
        let soa = Soa::new(
            Name::<Vec<u8>>::from_str("ns.example.test").unwrap(),
            Name::<Vec<u8>>::from_str("admin.example.test").unwrap(),
            1.into(),
            Ttl::from_secs(3600),
            Ttl::from_secs(600),
            Ttl::from_secs(86400),
            Ttl::from_secs(120),
        );
        authority.push((Name::<Vec<u8>>::from_str("example.test").unwrap(), Ttl::from_secs(900), soa)).unwrap();
        let got = answer(&q, &authority.finish());
        assert!(got.is_void(RecordType::Txt));
        assert_eq!(got.ttl(), 120);
    }
}
