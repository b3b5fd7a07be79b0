//! DKIM signature verification with mail-auth (feature `dkim-verify`), fitted to the sans-IO
//! design: the keys are looked up through [`Lookups`] like every other answer, then handed to
//! mail-auth through its resolver cache, which answers every name mail-auth asks for (a name we
//! did not look up gets a temporary error), so its own resolver is never reached. The verifier is
//! an `async fn` that never waits on anything but that cache: `pollster` runs it to completion.
//!
//! mail-auth reads the system clock for the signature's `x=` expiry (its `verify_dkim` takes no
//! time argument): the one clock this crate reads, and only under this feature.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;

use mail_auth::common::parse::TxtRecordParser;
use mail_auth::common::verify::DomainKey;
use mail_auth::{
    AuthenticatedMessage, DkimResult, DnsError, Error, MessageAuthenticator, Parameters, ResolverCache, Txt,
};

use super::{DkimCheck, DkimVerdict};
use crate::dns::{Answer, Lookups, Pending, RecordType};

/// Every key a message's signatures name, answered from our lookups.
struct KeyCache(HashMap<String, Txt>);

impl ResolverCache<Box<str>, Txt> for KeyCache {
    fn get<Q>(&self, name: &Q) -> Option<Txt>
    where
        Box<str>: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        // The trait hands us a `Q` we can only compare through `Box<str>`: find the key that
        // borrows as it, else answer "not looked up" rather than let mail-auth go to the network.
        let found = self.0.iter().find(|(k, _)| {
            let boxed: Box<str> = k.as_str().into();
            <Box<str> as Borrow<Q>>::borrow(&boxed) == name
        });
        Some(match found {
            Some((_, txt)) => txt.clone(),
            None => Txt::Error(Error::Dns(DnsError::Resolver("not looked up".into()))),
        })
    }

    fn remove<Q>(&self, _: &Q) -> Option<Txt>
    where
        Box<str>: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        None
    }

    fn insert(&self, _: Box<str>, _: Txt, _: std::time::Instant) {}
}

/// A cache that is never asked (DKIM reads only TXT), but answers "nothing" if it were.
struct Never;

impl<K, V> ResolverCache<K, V> for Never {
    fn get<Q>(&self, _: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        None
    }
    fn remove<Q>(&self, _: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        None
    }
    fn insert(&self, _: K, _: V, _: std::time::Instant) {}
}

/// Verifies every `DKIM-Signature` of `raw`, asking `lookups` for the keys (all of them in one
/// round). `Ok(vec![])` for an unsigned message.
pub fn verify(raw: &[u8], lookups: &Lookups) -> Result<Vec<DkimCheck>, Pending> {
    let Some(message) = AuthenticatedMessage::parse(raw) else { return Ok(Vec::new()) };
    let names: Vec<String> = {
        let mut names: Vec<String> = message
            .dkim_headers
            .iter()
            .map(|h| format!("{}._domainkey.{}", h.header.s, h.header.d).to_ascii_lowercase())
            .collect();
        names.dedup();
        names
    };
    let answers: Vec<_> = names.iter().map(|n| (n, lookups.lookup(n, RecordType::Txt))).collect();
    let mut cache = HashMap::new();
    for (name, answer) in answers {
        let txt = match answer? {
            Answer::Failed { reason } => Txt::Error(Error::Dns(DnsError::Resolver(reason.clone()))),
            answer => {
                let mut result = Err(Error::Dns(DnsError::InvalidRecordType));
                for record in answer.records(RecordType::Txt) {
                    if let crate::dns::RecordData::Txt { strings } = record {
                        result = DomainKey::parse(&strings.concat());
                        if result.is_ok() {
                            break;
                        }
                    }
                }
                Txt::from(result)
            }
        };
        cache.insert(format!("{}.", crate::dns::normalize_name(name)), txt);
    }
    let cache = KeyCache(cache);
    let Some(authenticator) = authenticator() else { return Ok(Vec::new()) };
    let params: Parameters<'_, _, KeyCache, Never, Never, Never, Never> = Parameters {
        params: &message,
        cache_txt: Some(&cache),
        cache_mx: None::<&Never>,
        cache_ptr: None::<&Never>,
        cache_ipv4: None::<&Never>,
        cache_ipv6: None::<&Never>,
    };
    // The core never panics on input: should mail-auth, every signature is reported as not
    // verified rather than the report lost.
    let verified = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pollster::block_on(authenticator.verify_dkim(params))
    }));
    let Ok(outputs) = verified else {
        return Ok(names
            .iter()
            .map(|name| {
                let (selector, domain) = name.split_once("._domainkey.").unwrap_or(("", name));
                DkimCheck {
                    domain: domain.to_string(),
                    selector: selector.to_string(),
                    verdict: DkimVerdict::TempError,
                    detail: "the verifier failed on this message".to_string(),
                }
            })
            .collect());
    };
    Ok(outputs
        .iter()
        .map(|output| {
            let (verdict, detail) = match output.result() {
                DkimResult::Pass => (DkimVerdict::Pass, String::new()),
                DkimResult::Fail(e) => (DkimVerdict::Fail, e.to_string()),
                DkimResult::Neutral(e) => (DkimVerdict::Neutral, e.to_string()),
                DkimResult::TempError(e) => (DkimVerdict::TempError, e.to_string()),
                DkimResult::PermError(e) => (DkimVerdict::PermError, e.to_string()),
                DkimResult::None => (DkimVerdict::None, String::new()),
            };
            let (domain, selector) = output.signature().map_or((String::new(), String::new()), |s| {
                (crate::dns::normalize_name(&s.d), s.s.to_ascii_lowercase())
            });
            DkimCheck { domain, selector, verdict, detail }
        })
        .collect())
}

/// mail-auth's authenticator over a resolver with no name servers: it must never be asked.
fn authenticator() -> Option<MessageAuthenticator> {
    use mail_auth::hickory_resolver::config::{ResolverConfig, ResolverOpts};
    MessageAuthenticator::new(ResolverConfig::from_parts(None, vec![], vec![]), ResolverOpts::default()).ok()
}
