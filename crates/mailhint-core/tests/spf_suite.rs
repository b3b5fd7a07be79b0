//! The RFC 7208 test suite (openspf.org release 2014.04, as pyspf 2.0.14 ships it) through
//! `check_host` and the replay driver: every scenario's `zonedata` becomes a zone, every test
//! runs to completion, and its result must be one of those the suite accepts (with the
//! explanation, where the suite gives one other than `DEFAULT`).
//!
//! The file is read from `/work/shared/corpus/spf/` (or `$MAILHINT_SPF_SUITE`); the test says
//! SKIPPED when it is absent. The zone is built the way pyspf's driver (`test/testspf.py`)
//! reads `zonedata`, because the suite's expectations were written against it:
//! * `SPF:` entries are copied to TXT when the name has no `TXT:` entry of its own, and the
//!   copies come after every other entry;
//! * `TXT: NONE` is no record (it only stops that copying);
//! * a bare `TIMEOUT` makes a query of a type time out unless a record of that type came
//!   before it in the list (so `spftimeout` still answers its TXT query).

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;
use std::path::PathBuf;

use mailhint_core::dns::zone::Zone;
use mailhint_core::dns::{drive, Answer, Lookups, Query, RecordData, RecordType, Request, Response};
use mailhint_core::domain::spf::check_mail_from;
use yaml_rust2::{Yaml, YamlLoader};

fn suite_path() -> PathBuf {
    std::env::var_os("MAILHINT_SPF_SUITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/corpus/spf/rfc7208-tests.yml"))
}

/// A scenario's DNS: the zone, and per name the record types that answer despite a TIMEOUT.
struct World {
    zone: Zone,
    timeouts: BTreeMap<String, BTreeSet<RecordType>>,
}

impl World {
    fn answer(&self, query: &Query) -> Answer {
        match self.timeouts.get(&query.name) {
            Some(answering) if !answering.contains(&query.rtype) => {
                Answer::Failed { reason: format!("{}: timeout", query.name) }
            }
            _ => self.zone.answer(query),
        }
    }
}

fn text(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        _ => None,
    }
}

/// A TXT value: one string, or a list of character-strings (possibly none).
fn txt_strings(y: &Yaml) -> Vec<Vec<u8>> {
    match y {
        Yaml::Array(items) => items.iter().filter_map(text).map(String::into_bytes).collect(),
        other => text(other).map(String::into_bytes).into_iter().collect(),
    }
}

fn world(zonedata: &Yaml) -> World {
    let mut zone = Zone::new();
    let mut timeouts = BTreeMap::new();
    let Some(names) = zonedata.as_hash() else { return World { zone, timeouts } };
    for (name, entries) in names {
        let Some(name) = text(name) else { continue };
        let name = mailhint_core::dns::normalize_name(&name);
        let mut has_txt = false;
        let mut spf_copies = Vec::new();
        let mut before_timeout: Option<BTreeSet<RecordType>> = None;
        let mut seen = BTreeSet::new();
        for entry in entries.as_vec().map(Vec::as_slice).unwrap_or(&[]) {
            if text(entry).as_deref() == Some("TIMEOUT") {
                before_timeout.get_or_insert_with(|| seen.clone());
                continue;
            }
            let Some(map) = entry.as_hash() else { continue };
            for (rtype, value) in map {
                let rtype = text(rtype).unwrap_or_default();
                if text(value).as_deref() == Some("NONE") {
                    has_txt |= rtype == "TXT";
                    continue;
                }
                let data = match rtype.as_str() {
                    "SPF" => {
                        spf_copies.push(txt_strings(value));
                        continue;
                    }
                    "TXT" => {
                        has_txt = true;
                        RecordData::Txt { strings: txt_strings(value) }
                    }
                    "A" => RecordData::A { address: text(value).and_then(|v| v.parse().ok()).expect("A address") },
                    "AAAA" => {
                        RecordData::Aaaa { address: text(value).and_then(|v| v.parse().ok()).expect("AAAA address") }
                    }
                    "MX" => {
                        let pair = value.as_vec().expect("MX is [preference, host]");
                        let preference = pair.first().and_then(Yaml::as_i64).unwrap_or(0) as u16;
                        let exchange = pair.get(1).and_then(text).unwrap_or_default();
                        RecordData::Mx { preference, exchange: mailhint_core::dns::normalize_name(&exchange) }
                    }
                    "PTR" => {
                        RecordData::Ptr { target: mailhint_core::dns::normalize_name(&text(value).unwrap_or_default()) }
                    }
                    "CNAME" => RecordData::Cname {
                        target: mailhint_core::dns::normalize_name(&text(value).unwrap_or_default()),
                    },
                    other => panic!("unknown record type {other} in zonedata"),
                };
                seen.insert(data.rtype());
                zone.add(&name, 300, data);
            }
        }
        // pyspf's driver appends the copies after everything else, so after any TIMEOUT.
        if !has_txt {
            for strings in spf_copies {
                zone.add(&name, 300, RecordData::Txt { strings });
            }
        }
        if let Some(answering) = before_timeout {
            timeouts.insert(name, answering);
        }
    }
    World { zone, timeouts }
}

#[test]
fn the_rfc_7208_test_suite_passes_whole() {
    let path = suite_path();
    let Ok(source) = std::fs::read_to_string(&path) else {
        eprintln!("SKIPPED: the RFC 7208 test suite is not at {} (set MAILHINT_SPF_SUITE)", path.display());
        return;
    };
    let docs = YamlLoader::load_from_str(&source).expect("the suite is valid YAML");
    let (mut total, mut passed) = (0, 0);
    let mut failures = Vec::new();
    for doc in &docs {
        let scenario = text(&doc["description"]).unwrap_or_default();
        let world = world(&doc["zonedata"]);
        let (mut s_total, mut s_passed) = (0, 0);
        for (name, test) in doc["tests"].as_hash().into_iter().flatten() {
            let name = text(name).unwrap_or_default();
            let ip: IpAddr = text(&test["host"]).and_then(|h| h.parse().ok()).expect("host is an IP address");
            let mail_from = text(&test["mailfrom"]).unwrap_or_default();
            let helo = text(&test["helo"]).unwrap_or_default();
            let accepted: Vec<String> = match &test["result"] {
                Yaml::Array(items) => items.iter().filter_map(text).collect(),
                one => text(one).into_iter().collect(),
            };
            let expected_explanation = text(&test["explanation"]).filter(|e| e != "DEFAULT");
            let mut lookups = Lookups::new();
            let result = drive(
                &mut lookups,
                |l| check_mail_from(l, ip, &mail_from, &helo),
                |requests| {
                    requests
                        .iter()
                        .map(|r| match r {
                            Request::Dns(q) => (r.clone(), Response::Dns(world.answer(q))),
                            Request::Https { .. } => {
                                (r.clone(), Response::Dns(Answer::Failed { reason: "no HTTPS".into() }))
                            }
                        })
                        .collect()
                },
            );
            s_total += 1;
            let ok = match &result {
                Ok(r) => {
                    accepted.iter().any(|a| a == r.verdict.as_str())
                        && expected_explanation.as_ref().is_none_or(|e| r.explanation.as_ref() == Some(e))
                }
                Err(_) => false,
            };
            if ok {
                s_passed += 1;
            } else {
                failures.push(format!(
                    "{scenario} / {name}: expected {accepted:?}{} got {:?}",
                    expected_explanation.as_ref().map(|e| format!(" with explanation {e:?},")).unwrap_or_default(),
                    result.map(|r| (r.verdict.as_str(), r.explanation, r.reason))
                ));
            }
        }
        println!("{s_passed:>3}/{s_total:<3} {scenario}");
        total += s_total;
        passed += s_passed;
    }
    println!("{passed}/{total} passed");
    assert!(failures.is_empty(), "{} of {total} failed:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(total, 203, "the suite has 203 tests");
}
