//! The WebAssembly binding of `mailhint-core` for the browser extension's service worker.
//!
//! One coarse call per user action, results as plain JS objects (serde-wasm-bindgen's
//! JSON-compatible serializer, so they go straight into `postMessage` and storage), errors as
//! JS exceptions. No logic lives here.
//!
//! Two modules are built from this crate: the *compose* module (no features: `checkDraft`,
//! [`DraftDns`], `ruleDocs`, `version`), small enough for the keystroke path, and the *full* one
//! (feature `full`: also `checkRaw` for raw messages, [`DomainCheck`], `readBounce`,
//! [`MessageReport`], `warmupPlan`, [`AddressList`] (the address-list checker) and [`DmarcReports`]).
//!
//! Two classes carry DNS answers between rounds (the core does no I/O: it says what it needs,
//! the service worker fetches it over DNS-over-HTTPS and hands the reply bytes back):
//! [`DomainCheck`] for the sender-domain check and [`DraftDns`] for the draft rules that read
//! DNS (R10).

use std::rc::Rc;

use mailhint_core::dns::{self, Answer, Lookups, Query, RecordType};
#[cfg(feature = "full")]
use mailhint_core::dns::{HttpsResponse, Request};
#[cfg(feature = "full")]
use mailhint_core::domain::{self, DomainOptions};
use mailhint_core::{Lang, Mode, Options};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Options the extension passes: mode (`"one-to-one"` or `"campaign"`, or none for the draft's
/// own), language (`"en"` or `"zh-CN"`), and the codes of rules switched off.
fn options(mode: Option<String>, lang: Option<String>, disabled: Option<Vec<String>>) -> Result<Options, JsError> {
    let mode = match mode.as_deref() {
        None | Some("") => None,
        Some(m) => Some(Mode::parse(m).ok_or_else(|| JsError::new(&format!("unknown mode \"{m}\"")))?),
    };
    let lang = lang.as_deref().and_then(Lang::parse).unwrap_or_default();
    Ok(Options { mode, lang, only: None, disabled: disabled.unwrap_or_default(), dns: None })
}

/// Test-only (feature `test-trap`, never in a shipped build): a draft or message holding
/// `MAILHINT-TEST-TRAP` makes the module trap, as a bug in the core would, so that tests can prove
/// the service worker and the tool pages recover from it. Called by the entry points that read a
/// user's text (`checkDraft`, `checkRaw`, `readBounce`; the tool pages' `warmupPlan` on the pasted
/// list, `AddressList::step` on a settled row's address, `DmarcReports::addFile` on a report's
/// `org_name`, read from the XML inside any container); a no-op in every other build.
fn test_trap(bytes: &[u8]) {
    #[cfg(feature = "test-trap")]
    if bytes.windows(b"MAILHINT-TEST-TRAP".len()).any(|window| window == b"MAILHINT-TEST-TRAP") {
        // A panic is a trap in this build (panic=immediate-abort): `unreachable` in the wasm.
        panic!("test trap");
    }
    #[cfg(not(feature = "test-trap"))]
    let _ = bytes;
}

/// Lints bytes with the core, once it has its Public Suffix List.
fn lint(bytes: &[u8], options: &Options) -> Result<mailhint_core::Report, JsError> {
    test_trap(bytes);
    if !mailhint_core::suffix::has_list() {
        return Err(JsError::new("no Public Suffix List: call setPublicSuffixList(text) first"));
    }
    mailhint_core::check_bytes(bytes, options).map_err(|e| JsError::new(&e.to_string()))
}

/// Hands over the Public Suffix List's text (`public-suffix-list.txt` beside the module), once,
/// before the first check. The compose module is built without it (47 KB gzipped, and the list
/// then updates without recompiling); the full module has it compiled in and ignores the text.
#[wasm_bindgen(js_name = setPublicSuffixList)]
pub fn set_public_suffix_list(text: &str) -> Result<(), JsError> {
    if mailhint_core::suffix::set_list(text) || mailhint_core::suffix::has_list() {
        Ok(())
    } else {
        Err(JsError::new("not a Public Suffix List (no rule for com)"))
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

/// Lints a draft given as the extension's JSON (see `mailhint_core::input`); returns the report.
#[wasm_bindgen(js_name = checkDraft)]
pub fn check_draft(
    draft_json: &str,
    mode: Option<String>,
    lang: Option<String>,
    disabled: Option<Vec<String>>,
) -> Result<JsValue, JsError> {
    to_js(&lint(draft_json.as_bytes(), &options(mode, lang, disabled)?)?)
}

/// Lints a raw RFC 5322 message (a dropped `.eml`); returns the report. Full module only.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = checkRaw)]
pub fn check_raw(
    raw: &[u8],
    mode: Option<String>,
    lang: Option<String>,
    disabled: Option<Vec<String>>,
) -> Result<JsValue, JsError> {
    to_js(&lint(raw, &options(mode, lang, disabled)?)?)
}

/// Every rule's documentation in `lang`, in catalog order.
#[wasm_bindgen(js_name = ruleDocs)]
pub fn rule_docs(lang: Option<String>) -> Result<JsValue, JsError> {
    let lang = lang.as_deref().and_then(Lang::parse).unwrap_or_default();
    let docs: Vec<_> = mailhint_core::rules::all().map(|r| r.describe(lang)).collect();
    to_js(&docs)
}

/// The version of the core, for the extension's about box.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// A DNS question as JS names it: `name` and a type mnemonic (`"MX"`).
fn query(name: &str, rtype: &str) -> Result<Query, JsError> {
    let rtype = RecordType::parse(rtype).ok_or_else(|| JsError::new(&format!("unknown record type \"{rtype}\"")))?;
    Ok(Query::new(name, rtype))
}

/// Stores the wire `reply` to a question; returns how long it may be cached, in seconds (0 for
/// a reply that could not be used, which is stored as a failed lookup).
fn store_reply(lookups: &mut Lookups, query: Query, reply: &[u8]) -> u32 {
    let answer = dns::wire::answer(&query, reply);
    let ttl = answer.ttl();
    lookups.insert_dns(query, answer);
    ttl
}

/// The two calls by which a stepper's worker hands DNS results back (`answerDns`, `failDns`),
/// the same for every stepper that keeps its answers in a `lookups` field. wasm-bindgen exports
/// no trait methods, so a macro writes the `impl` block for each.
#[cfg(feature = "full")]
macro_rules! dns_replies {
    ($($stepper:ty),+) => {$(
        #[wasm_bindgen]
        impl $stepper {
            /// Hands back the wire reply to a DNS request; returns its TTL in seconds (how long
            /// the worker may cache the bytes; 0 for an unusable reply).
            #[wasm_bindgen(js_name = answerDns)]
            pub fn answer_dns(&mut self, name: &str, rtype: &str, reply: &[u8]) -> Result<u32, JsError> {
                Ok(store_reply(&mut self.lookups, query(name, rtype)?, reply))
            }

            /// A DNS request that got no reply (timeout, HTTP error, every resolver failed): what
            /// needed it becomes "could not be checked".
            #[wasm_bindgen(js_name = failDns)]
            pub fn fail_dns(&mut self, name: &str, rtype: &str, reason: &str) -> Result<(), JsError> {
                self.lookups.insert_dns(query(name, rtype)?, Answer::Failed { reason: reason.to_string() });
                Ok(())
            }
        }
    )+};
}

#[cfg(feature = "full")]
dns_replies!(DomainCheck, MessageReport, AddressList, DmarcReports);

#[cfg(feature = "full")]
/// One thing to fetch, as the service worker reads it.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Fetch {
    /// A DNS question with its RFC 8484 wire query (`null` for a name that cannot be sent: the
    /// worker fails it at once).
    Dns {
        name: String,
        #[serde(rename = "type")]
        rtype: RecordType,
        wire: Option<Vec<u8>>,
    },
    /// An HTTPS GET, redirects not followed.
    Https { url: String },
}

/// What the last step found missing, as the worker fetches it (DNS questions with their wire
/// query ready to send).
#[cfg(feature = "full")]
fn fetches(lookups: &Lookups) -> Vec<Fetch> {
    let fetch = |request| match request {
        Request::Dns(q) => Fetch::Dns { wire: dns::wire::query(&q), name: q.name, rtype: q.rtype },
        Request::Https { url } => Fetch::Https { url },
    };
    lookups.take_missing().into_iter().map(fetch).collect()
}

#[cfg(feature = "full")]
/// What [`DomainCheck::step`] returns: the report so far and what it still needs.
#[derive(Serialize)]
struct Step {
    report: domain::DomainReport,
    requests: Vec<Fetch>,
}

#[cfg(feature = "full")]
/// The sender-domain check of one domain, round after round: `step()` gives the report so far
/// and the requests it still needs; the worker fetches them, hands each result back with the
/// `answer…`/`fail…` methods and steps again, until no requests are left.
#[wasm_bindgen]
pub struct DomainCheck {
    options: DomainOptions,
    lookups: Lookups,
}

#[cfg(feature = "full")]
#[wasm_bindgen]
impl DomainCheck {
    /// A check of `domain` (an address or a name, IDN allowed), with extra DKIM `selectors`, the
    /// sending `ip` if known, whether the resolver validates DNSSEC, and the report's language.
    #[wasm_bindgen(constructor)]
    pub fn new(
        domain: &str,
        selectors: Option<Vec<String>>,
        ip: Option<String>,
        validating_resolver: bool,
        lang: Option<String>,
    ) -> Result<DomainCheck, JsError> {
        let ip = match ip.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(ip) => Some(ip.parse().map_err(|_| JsError::new(&format!("not an IP address: \"{ip}\"")))?),
        };
        let options = DomainOptions {
            domain: domain.to_string(),
            selectors: selectors.unwrap_or_default(),
            ip,
            validating_resolver,
            lang: lang.as_deref().and_then(Lang::parse).unwrap_or_default(),
        };
        Ok(DomainCheck { options, lookups: Lookups::new() })
    }

    /// Runs the checks over the answers so far: `{report, requests}`.
    pub fn step(&self) -> Result<JsValue, JsError> {
        let report = domain::check_domain(&self.options, &self.lookups);
        let requests = fetches(&self.lookups);
        to_js(&Step { report, requests })
    }

    /// Says that an answer came from a resolver that does not validate DNSSEC (a fallback such
    /// as AliDNS): the AD bit then means nothing, for the rest of this check.
    #[wasm_bindgen(js_name = resolverNotValidating)]
    pub fn resolver_not_validating(&mut self) {
        self.options.validating_resolver = false;
    }

    /// Hands back an HTTPS response (any status; the body as fetched, the core cuts it).
    #[wasm_bindgen(js_name = answerHttps)]
    pub fn answer_https(
        &mut self,
        url: &str,
        status: u16,
        content_type: Option<String>,
        location: Option<String>,
        body: &[u8],
    ) {
        let body = body[..body.len().min(mailhint_core::limits::MAX_HTTPS_BODY_BYTES)].to_vec();
        self.lookups.insert_https(url.to_string(), HttpsResponse::Answered { status, content_type, location, body });
    }

    /// An HTTPS request that got no response (no permission, TLS error, timeout).
    #[wasm_bindgen(js_name = failHttps)]
    pub fn fail_https(&mut self, url: &str, reason: &str) {
        self.lookups.insert_https(url.to_string(), HttpsResponse::Failed { reason: reason.to_string() });
    }
}

/// Reads a bounce (a delivery status notification or a plain-text bounce): per recipient hard,
/// soft or not a bounce, the reason, codes, diagnostic, what it means and what to do, in `lang`
/// (`mailhint_core::bounce::Explained`). Full module only.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = readBounce)]
pub fn read_bounce(raw: &[u8], lang: Option<String>) -> Result<JsValue, JsError> {
    test_trap(raw);
    let lang = lang.as_deref().and_then(Lang::parse).unwrap_or_default();
    to_js(&mailhint_core::bounce::read(raw).explain(lang))
}

#[cfg(feature = "full")]
/// What [`MessageReport::step`] returns: the report so far and what it still needs.
#[derive(Serialize)]
struct MessageStep {
    report: mailhint_core::raw_report::MessageReport,
    requests: Vec<Fetch>,
}

#[cfg(feature = "full")]
/// The raw-message report (a score out of 10 and its deductions) of one message, round after
/// round like [`DomainCheck`]: `step()` gives the report so far and the DNS requests it still
/// needs (SPF for the sending IP, PTR, blocklists); the worker answers them with
/// `answerDns`/`failDns` and steps again. DKIM is not verified here: the report reads the
/// receiver's `Authentication-Results`.
#[wasm_bindgen]
pub struct MessageReport {
    raw: Vec<u8>,
    lang: Lang,
    lookups: Lookups,
}

#[cfg(feature = "full")]
#[wasm_bindgen]
impl MessageReport {
    /// A report on the raw message `raw`, in `lang`.
    #[wasm_bindgen(constructor)]
    pub fn new(raw: &[u8], lang: Option<String>) -> MessageReport {
        let lang = lang.as_deref().and_then(Lang::parse).unwrap_or_default();
        MessageReport { raw: raw.to_vec(), lang, lookups: Lookups::new() }
    }

    /// Runs the report over the answers so far: `{report, requests}` (an exception for bytes that
    /// are no message).
    pub fn step(&self) -> Result<JsValue, JsError> {
        if !mailhint_core::suffix::has_list() {
            return Err(JsError::new("no Public Suffix List: call setPublicSuffixList(text) first"));
        }
        let options = mailhint_core::raw_report::MessageOptions { lang: self.lang, ..Default::default() };
        let report = mailhint_core::raw_report::report_message(&self.raw, &self.lookups, &options)
            .map_err(|e| JsError::new(&e.to_string()))?;
        let requests = fetches(&self.lookups);
        to_js(&MessageStep { report, requests })
    }

    /// An HTTPS request the worker does not make for this report.
    #[wasm_bindgen(js_name = failHttps)]
    pub fn fail_https(&mut self, url: &str, reason: &str) {
        self.lookups.insert_https(url.to_string(), HttpsResponse::Failed { reason: reason.to_string() });
    }
}

/// DNS answers for the draft rules that read them (R10). `checkDraft` on this object runs the
/// rules with the answers given so far; the report's `lookups` lists what is still missing.
#[wasm_bindgen]
pub struct DraftDns {
    lookups: Lookups,
}

#[wasm_bindgen]
impl DraftDns {
    /// An empty store.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> DraftDns {
        DraftDns { lookups: Lookups::new() }
    }

    /// Hands over the wire reply to a question; returns its TTL in seconds.
    pub fn answer(&mut self, name: &str, rtype: &str, reply: &[u8]) -> Result<u32, JsError> {
        Ok(store_reply(&mut self.lookups, query(name, rtype)?, reply))
    }

    /// The RFC 8484 wire query for a question the report listed (`undefined` for a name that
    /// cannot be sent).
    #[wasm_bindgen(js_name = wireQuery)]
    pub fn wire_query(&self, name: &str, rtype: &str) -> Result<Option<Vec<u8>>, JsError> {
        Ok(dns::wire::query(&query(name, rtype)?))
    }

    /// A question that got no reply: the rules stay silent about it.
    pub fn fail(&mut self, name: &str, rtype: &str, reason: &str) -> Result<(), JsError> {
        self.lookups.insert_dns(query(name, rtype)?, Answer::Failed { reason: reason.to_string() });
        Ok(())
    }

    /// `checkDraft` with these answers; the report's `lookups` lists the questions still missing.
    #[wasm_bindgen(js_name = checkDraft)]
    pub fn check_draft(
        &mut self,
        draft_json: &str,
        mode: Option<String>,
        lang: Option<String>,
        disabled: Option<Vec<String>>,
    ) -> Result<JsValue, JsError> {
        let mut options = options(mode, lang, disabled)?;
        options.dns = Some(Rc::new(std::mem::take(&mut self.lookups)));
        let report = lint(draft_json.as_bytes(), &options);
        // The report holds no reference to the store, so it comes back whole.
        self.lookups = options.dns.take().and_then(|rc| Rc::try_unwrap(rc).ok()).unwrap_or_default();
        to_js(&report?)
    }
}

#[cfg(feature = "full")]
/// What [`warmup_plan`] returns: the plan, the same plan as CSV, and how many addresses of the
/// pasted list were counted for the provider mix.
#[derive(Serialize)]
struct WarmupResult {
    plan: mailhint_core::warmup::Plan,
    csv: String,
    counted: u64,
}

/// The warm-up plan (`mailhint_core::warmup::plan`) for a daily `volume` from `start`
/// (`YYYY-MM-DD`), with the provider mix counted from `list` (pasted addresses; optional), in
/// `lang`: `{plan, csv, counted}`. Bad input (a volume that is no whole number, 0 or too large,
/// a date that does not exist) is an exception whose message is in `lang`. Full module only.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = warmupPlan)]
pub fn warmup_plan(
    volume: f64,
    start: &str,
    new_domain: bool,
    new_ip: bool,
    list: Option<String>,
    lang: Option<String>,
) -> Result<JsValue, JsError> {
    use mailhint_core::warmup::{self, Date, Mix, PlanInput};
    test_trap(list.as_deref().unwrap_or("").as_bytes());
    let lang = lang.as_deref().and_then(Lang::parse).unwrap_or_default();
    let volume = warmup::volume_from_number(volume).map_err(|e| JsError::new(&e.message(lang)))?;
    let start = Date::parse(start).map_err(|e| JsError::new(&e.message(lang)))?;
    let (mix, counted) = Mix::from_addresses(list.as_deref().unwrap_or(""));
    let input = PlanInput { volume, start, new_domain, new_ip, mix };
    let plan = warmup::plan(&input, lang).map_err(|e| JsError::new(&e.message(lang)))?;
    to_js(&WarmupResult { csv: plan.to_csv(), plan, counted })
}

/// The address-list checker, round after round (full module only): `new AddressList(bytes,
/// lang)` reads the list (an exception says why it cannot), `info()` says what was read,
/// `addBounces(bytes)` takes bounce messages or `mailhint bounce` JSON, `start(disposableText)`
/// runs the checks that need no network, then `step()` gives `{requests, rows, summary}`: the DNS
/// questions still needed (each distinct domain once) and the rows whose verdict became final
/// since the last step; the worker answers with `answerDns`/`failDns` and steps again until no
/// requests are left. `csv(which)` gives the clean list (`"clean"`), the removed and doubtful
/// rows (`"removed"`) or every row (`"all"`) as CSV text.
#[cfg(feature = "full")]
#[wasm_bindgen]
pub struct AddressList {
    table: Option<mailhint_core::address_list::Table>,
    suppression: mailhint_core::address_list::Suppression,
    check: Option<mailhint_core::address_list::ListCheck>,
    lookups: Lookups,
    lang: Lang,
}

#[cfg(feature = "full")]
#[derive(Serialize)]
struct ListRow<'a> {
    row: usize,
    address: &'a str,
    status: &'static str,
    reasons: Vec<ListReason<'a>>,
}

#[cfg(feature = "full")]
#[derive(Serialize)]
struct ListReason<'a> {
    code: &'static str,
    name: &'static str,
    label: &'static str,
    detail: &'a str,
}

#[cfg(feature = "full")]
#[derive(Serialize)]
struct ListStep<'a> {
    requests: Vec<Fetch>,
    rows: Vec<ListRow<'a>>,
    summary: mailhint_core::address_list::Summary,
    #[serde(rename = "pendingDomains")]
    pending_domains: usize,
}

#[cfg(feature = "full")]
#[wasm_bindgen]
impl AddressList {
    /// Reads `list` (CSV, TSV, one address a line; UTF-8 or UTF-16 with a BOM); `lang` for
    /// words. A list in another encoding is decoded by the worker (`TextDecoder`) and handed
    /// over as UTF-8 with the encoding's name in `decoded_from`, which the notes mention.
    #[wasm_bindgen(constructor)]
    pub fn new(list: &[u8], lang: Option<String>, decoded_from: Option<String>) -> Result<AddressList, JsError> {
        let lang = lang.as_deref().and_then(Lang::parse).unwrap_or_default();
        let table = mailhint_core::address_list::read_decoded(list, decoded_from.as_deref())
            .map_err(|e| JsError::new(e.message(lang)))?;
        Ok(AddressList {
            table: Some(table),
            suppression: Default::default(),
            check: None,
            lookups: Lookups::new(),
            lang,
        })
    }

    /// What was read: `{columns, emailColumn, hasHeader, delimiter, rows, notes, reasons}` (notes
    /// in words; every reason's code, name, status and label, for the summary).
    pub fn info(&self) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Info<'a> {
            columns: &'a [String],
            email_column: usize,
            has_header: bool,
            delimiter: Option<char>,
            rows: usize,
            notes: Vec<String>,
            reasons: Vec<Reason>,
        }
        #[derive(Serialize)]
        struct Reason {
            code: &'static str,
            name: &'static str,
            status: &'static str,
            label: &'static str,
        }
        let t = match (&self.table, &self.check) {
            (Some(t), _) => t,
            (None, Some(c)) => &c.table,
            (None, None) => return Err(JsError::new("no list")),
        };
        let rows = self.check.as_ref().map_or(t.rows.len(), |c| c.verdicts().len());
        let notes = t.notes.iter().map(|n| n.message(self.lang)).collect();
        let reasons = mailhint_core::address_list::REASONS
            .iter()
            .map(|r| Reason { code: r.code, name: r.name, status: r.status.as_str(), label: r.label.get(self.lang) })
            .collect();
        to_js(&Info {
            columns: &t.columns,
            email_column: t.email_column,
            has_header: t.has_header,
            delimiter: t.delimiter,
            rows,
            notes,
            reasons,
        })
    }

    /// Takes earlier bounces: a bounce message, or `mailhint bounce --format json` output.
    /// Returns how many bounces were read; call before `start`.
    #[wasm_bindgen(js_name = addBounces)]
    pub fn add_bounces(&mut self, bytes: &[u8]) -> Result<u32, JsError> {
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
        if first == Some(b'{') {
            let added = self.suppression.add_json(&String::from_utf8_lossy(bytes)).map_err(|e| JsError::new(&e))?;
            return Ok(added as u32);
        }
        let report = mailhint_core::bounce::read(bytes);
        if let Some(e) = report.error {
            return Err(JsError::new(e.message()));
        }
        let before = self.suppression.counts();
        self.suppression.add_report(&report);
        let after = self.suppression.counts();
        Ok((after.0 + after.1 - before.0 - before.1) as u32)
    }

    /// Runs the checks that need no network, with the disposable-domain list's text.
    pub fn start(&mut self, disposable: &str) -> Result<(), JsError> {
        let table = self.table.take().ok_or_else(|| JsError::new("already started"))?;
        let disposable = mailhint_core::address_list::DisposableList::parse(disposable);
        let options =
            mailhint_core::address_list::ListOptions { disposable: &disposable, suppression: &self.suppression };
        self.check = Some(mailhint_core::address_list::ListCheck::new(table, options));
        Ok(())
    }

    /// One round: `{requests, rows, summary, pendingDomains}`.
    pub fn step(&mut self) -> Result<JsValue, JsError> {
        let check = self.check.as_mut().ok_or_else(|| JsError::new("call start() first"))?;
        let pending_domains = check.step(&self.lookups);
        let requests = fetches(&self.lookups);
        let summary = check.summary();
        let lang = self.lang;
        let settled = check.take_settled();
        settled.iter().for_each(|v| test_trap(v.address.as_bytes()));
        let rows = settled
            .into_iter()
            .map(|v| ListRow {
                row: v.row,
                address: &v.address,
                status: v.status.as_str(),
                reasons: v
                    .findings
                    .iter()
                    .map(|f| {
                        let doc = f.reason.doc();
                        ListReason {
                            code: doc.code,
                            name: doc.name,
                            label: doc.label.get(lang),
                            detail: f.detail(lang),
                        }
                    })
                    .collect(),
            })
            .collect();
        to_js(&ListStep { requests, rows, summary, pending_domains })
    }

    /// Stops looking up: the domains still pending become "could not be checked".
    #[wasm_bindgen(js_name = giveUp)]
    pub fn give_up(&mut self) {
        if let Some(check) = self.check.as_mut() {
            check.give_up("the check was stopped", "检查已停止");
        }
    }

    /// The rows as CSV: `"clean"`, `"removed"` (removed and doubtful) or `"all"`.
    pub fn csv(&self, which: &str) -> Result<String, JsError> {
        use mailhint_core::address_list::Rows;
        let check = self.check.as_ref().ok_or_else(|| JsError::new("call start() first"))?;
        let rows = match which {
            "clean" => Rows::Clean,
            "removed" => Rows::RemovedOrDoubtful,
            "all" => Rows::All,
            other => return Err(JsError::new(&format!("unknown rows \"{other}\": clean, removed or all"))),
        };
        Ok(check.csv(rows, self.lang))
    }
}

// --- DMARC aggregate reports (full module only) -------------------------------------------

#[cfg(feature = "full")]
/// One dropped file's status, as the DMARC page lists it.
#[derive(Serialize)]
struct DmarcFileStatus {
    file: String,
    container: Option<mailhint_core::dmarc_report::Container>,
    /// Why it could not be read, in the page's language.
    error: Option<String>,
    code: Option<&'static str>,
    reports: usize,
    rows: usize,
    messages: u64,
    /// Receivers that wrote the reports.
    orgs: Vec<String>,
    /// What was skipped or normalised, in the page's language.
    notes: Vec<String>,
}

#[cfg(feature = "full")]
/// What [`DmarcReports::step`] returns: the analysis so far and the reverse DNS it still needs.
#[derive(Serialize)]
struct DmarcStep {
    analysis: mailhint_core::dmarc_report::DmarcAnalysis,
    requests: Vec<Fetch>,
}

#[cfg(feature = "full")]
/// DMARC aggregate reports dropped on the DMARC page, merged into one analysis: `addFile` reads
/// each file (`.xml`, `.gz`, `.zip`, `.eml`) and gives its status; `step()` gives the analysis
/// and the PTR questions still missing, answered with `answerDns`/`failDns` like
/// [`DomainCheck`]. With `reverseDns` false nothing is asked.
#[wasm_bindgen]
pub struct DmarcReports {
    lang: Lang,
    reverse_dns: bool,
    files: Vec<mailhint_core::dmarc_report::FileRead>,
    lookups: Lookups,
}

#[cfg(feature = "full")]
#[wasm_bindgen]
impl DmarcReports {
    /// An empty set, in `lang`.
    #[wasm_bindgen(constructor)]
    pub fn new(lang: Option<String>, reverse_dns: bool) -> DmarcReports {
        let lang = lang.as_deref().and_then(Lang::parse).unwrap_or_default();
        DmarcReports { lang, reverse_dns, files: Vec::new(), lookups: Lookups::new() }
    }

    /// Reads one file and keeps its reports: its status (`error` set for a file that is no
    /// report, with the reason).
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) -> Result<JsValue, JsError> {
        let read = mailhint_core::dmarc_report::read_file(bytes);
        read.reports.iter().for_each(|r| test_trap(r.metadata.org_name.as_bytes()));
        let status = DmarcFileStatus {
            file: name.to_string(),
            container: read.container,
            error: read.error.as_ref().map(|e| e.message(self.lang)),
            code: read.error.as_ref().map(|e| e.code),
            reports: read.reports.len(),
            rows: read.reports.iter().map(|r| r.records.len()).sum(),
            messages: read.reports.iter().flat_map(|r| &r.records).map(|r| r.count).fold(0, u64::saturating_add),
            orgs: read.reports.iter().map(|r| r.metadata.org_name.clone()).collect(),
            notes: read.reports.iter().flat_map(|r| r.notes.iter().map(|n| n.message(self.lang))).collect(),
        };
        self.files.push(read);
        to_js(&status)
    }

    /// The analysis over the answers so far: `{analysis, requests}`.
    pub fn step(&self) -> Result<JsValue, JsError> {
        let reports = self.files.iter().flat_map(|f| f.reports.iter());
        let lookups = self.reverse_dns.then_some(&self.lookups);
        let analysis = mailhint_core::dmarc_report::analyse(reports, lookups, self.lang);
        let requests = fetches(&self.lookups);
        to_js(&DmarcStep { analysis, requests })
    }
}
