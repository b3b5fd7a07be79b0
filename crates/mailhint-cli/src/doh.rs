//! DNS over HTTPS (RFC 8484) and the checks' HTTPS GETs, natively: the I/O the core leaves to its
//! drivers (see `mailhint_core::dns`).
//!
//! A query is a GET of `<resolver>?dns=<base64url without padding>` with `accept:
//! application/dns-message`; the reply's bytes go to `mailhint_core::dns::wire::answer`. Every
//! way a resolver can fail to give a DNS message (no connection, timeout, an HTTP error, a
//! captive portal's HTML page with status 200, a body cut short) is retried once, then the next
//! resolver of the list is asked; when all fail, the lookup is `Answer::Failed` with the reasons,
//! which the checks report as "could not check", never as "missing". Every request also ends by
//! the check's [`Deadline`] (its time budget): a question asked after it, or whose answer would
//! come later, fails with the budget's reason.

use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::Engine;
use mailhint_core::dns::{wire, Answer, HttpsResponse, Query, Request, Response};
use mailhint_core::limits::{MAX_DNS_MESSAGE_BYTES, MAX_HTTPS_BODY_BYTES};
use ureq::http::Uri;

/// The end of a check's time budget (`--budget-ms`): the core has no clock, so the driver
/// bounds the whole check, all its rounds together.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    at: Instant,
    budget: Duration,
}

impl Deadline {
    /// A budget of `budget` from now.
    pub fn after(budget: Duration) -> Deadline {
        Deadline { at: Instant::now() + budget, budget }
    }

    /// The time left, `None` once it is spent.
    pub fn left(&self) -> Option<Duration> {
        self.at.checked_duration_since(Instant::now()).filter(|left| !left.is_zero())
    }

    /// Why a lookup the budget cut has no answer, in plain words.
    pub fn reason(&self) -> String {
        format!("not answered in time: the check's {} s were spent", self.budget.as_secs_f64())
    }
}

/// A DoH resolver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolver {
    /// Its preset name, or its URL for a custom one.
    pub name: String,
    /// The RFC 8484 endpoint.
    pub url: String,
    /// Whether it validates DNSSEC, so that its AD bit means something.
    pub validating: bool,
}

/// The public resolvers known by name: (name, URL, validates DNSSEC). AliDNS does not validate
/// (its FAQ, spec §7.2).
const PRESETS: &[(&str, &str, bool)] = &[
    ("cloudflare", "https://cloudflare-dns.com/dns-query", true),
    ("google", "https://dns.google/dns-query", true),
    ("alidns", "https://dns.alidns.com/dns-query", false),
];

impl Resolver {
    /// A preset by name (`cloudflare`, `google`, `alidns`, any case), or a URL: `https://` for any
    /// host, `http://` only for a loopback host (the tests' local server), since a plain-HTTP
    /// resolver elsewhere could be answered by anybody on the path.
    pub fn parse(s: &str) -> Result<Resolver, String> {
        if let Some(&(name, url, validating)) = PRESETS.iter().find(|(name, _, _)| name.eq_ignore_ascii_case(s)) {
            return Ok(Resolver { name: name.into(), url: url.into(), validating });
        }
        let uri: Uri = s
            .parse()
            .map_err(|_| format!("{s:?} is neither a resolver name (cloudflare, google, alidns) nor a URL"))?;
        let host = uri.host().ok_or_else(|| format!("the resolver URL {s:?} has no host"))?;
        match uri.scheme_str() {
            Some("https") => {}
            Some("http") if is_loopback(host) => {}
            Some("http") => {
                return Err(format!("the resolver URL {s:?} must use https:// (http:// only for a loopback host)"))
            }
            _ => {
                return Err(format!(
                    "{s:?} is neither a resolver name (cloudflare, google, alidns) nor an https:// URL"
                ))
            }
        }
        // A custom resolver's AD bit is not trusted: we cannot know that it validates.
        Ok(Resolver { name: s.to_string(), url: s.to_string(), validating: false })
    }

    fn preset(name: &str) -> Resolver {
        Resolver::parse(name).expect("presets parse")
    }

    /// The URL of the GET for `wire_query` (RFC 8484 §4.1: `dns=` is a base64url parameter).
    fn query_url(&self, wire_query: &[u8]) -> String {
        let separator = if self.url.contains('?') { '&' } else { '?' };
        format!("{}{separator}dns={}", self.url, base64url(wire_query))
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The resolvers to ask, in order, when the user names none: Cloudflare, Google, AliDNS; for a
/// Chinese locale AliDNS first, then Cloudflare (Google's resolver is generally unreachable from
/// mainland China, spec §7.2).
pub fn default_resolvers(chinese_locale: bool) -> Vec<Resolver> {
    let names: &[&str] = if chinese_locale { &["alidns", "cloudflare"] } else { &["cloudflare", "google", "alidns"] };
    names.iter().map(|n| Resolver::preset(n)).collect()
}

/// Whether the user's locale is Chinese: `--lang` when given, else the first of `LC_ALL`,
/// `LC_MESSAGES`, `LANG` that is set (POSIX precedence).
pub fn locale_is_chinese(lang_flag: Option<mailhint_core::Lang>, env: impl Fn(&str) -> Option<String>) -> bool {
    if let Some(lang) = lang_flag {
        return lang == mailhint_core::Lang::ZhCn;
    }
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| env(k).filter(|v| !v.is_empty()))
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("zh"))
}

/// base64url without padding (RFC 4648 §5, RFC 8484 §4.1).
pub fn base64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The DoH client: a list of resolvers tried in order, with one retry each.
pub struct Client {
    resolvers: Vec<Resolver>,
    /// Through the environment's proxy, if any (`HTTPS_PROXY`, `NO_PROXY`).
    agent: ureq::Agent,
    /// Never through a proxy: for loopback resolvers.
    direct: ureq::Agent,
    /// The resolver to try first: after one stopped answering, the one that did, so that a
    /// dead resolver costs its timeout once per run rather than once per question.
    preferred: AtomicUsize,
    /// Per resolver, how many questions it answered.
    answered: Vec<AtomicUsize>,
    /// Requests of one round in flight at once.
    in_flight: usize,
    /// One request's time (`--timeout-ms`).
    timeout: Duration,
}

impl Client {
    /// A client over `resolvers` (at least one), each request given up after `timeout`, with
    /// up to [`mailhint_core::limits::MAX_DOH_IN_FLIGHT`] requests at once (the commands open
    /// theirs with `SourceArgs::open_with`).
    #[cfg(test)]
    pub fn new(resolvers: Vec<Resolver>, timeout: Duration) -> Client {
        Client::with_in_flight(resolvers, timeout, mailhint_core::limits::MAX_DOH_IN_FLIGHT)
    }

    /// A client that keeps up to `in_flight` requests of a round in flight (at least one): the
    /// list checker's thousands of domains take more than the domain check's eight.
    pub fn with_in_flight(resolvers: Vec<Resolver>, timeout: Duration, in_flight: usize) -> Client {
        let in_flight = in_flight.max(1);
        let config = |proxy: Option<ureq::Proxy>| {
            ureq::Agent::config_builder()
                .proxy(proxy)
                // Status, content type and redirects are ours to judge: MTA-STS forbids
                // following redirects (RFC 8461 §3.3), and the checks report the `location`.
                .http_status_as_error(false)
                .max_redirects(0)
                .timeout_global(Some(timeout))
                .timeout_connect(Some(timeout))
                .user_agent(concat!("mailhint/", env!("CARGO_PKG_VERSION")))
                .max_idle_connections_per_host(in_flight)
                .build()
                .new_agent()
        };
        let answered = resolvers.iter().map(|_| AtomicUsize::new(0)).collect();
        Client {
            resolvers,
            agent: config(ureq::Proxy::try_from_env()),
            direct: config(None),
            preferred: AtomicUsize::new(0),
            answered,
            in_flight,
            timeout,
        }
    }

    /// The resolvers, in the order they are tried.
    pub fn resolvers(&self) -> &[Resolver] {
        &self.resolvers
    }

    fn agent_for(&self, url: &str) -> &ureq::Agent {
        let loopback = url.parse::<Uri>().ok().and_then(|u| u.host().map(is_loopback)).unwrap_or(false);
        if loopback {
            &self.direct
        } else {
            &self.agent
        }
    }

    /// Answers one question: the preferred resolver first (with one retry), then the others,
    /// each request within what is left of `deadline`.
    pub fn resolve(&self, query: &Query, deadline: &Deadline) -> Answer {
        let Some(wire_query) = wire::query(query) else {
            return Answer::Failed { reason: format!("{} cannot be asked: it is not a valid DNS name", query.name) };
        };
        let n = self.resolvers.len();
        let first = self.preferred.load(Ordering::Relaxed) % n.max(1);
        let mut reasons = Vec::new();
        for index in (0..n).map(|i| (first + i) % n) {
            let resolver = &self.resolvers[index];
            let mut last = String::new();
            for _attempt in 0..2 {
                let Some(left) = deadline.left() else {
                    return Answer::Failed { reason: deadline.reason() };
                };
                let exchanged = self.exchange(resolver, &wire_query, left);
                if exchanged.is_err() && deadline.left().is_none() {
                    return Answer::Failed { reason: deadline.reason() };
                }
                match exchanged.map(|reply| wire::answer(query, &reply)) {
                    // A resolver that answers with an unreadable message or SERVFAIL may be
                    // the broken one: the next resolver gets a chance, but not a retry here.
                    Ok(Answer::Failed { reason }) => {
                        last = reason;
                        break;
                    }
                    Ok(answer) => {
                        self.answered[index].fetch_add(1, Ordering::Relaxed);
                        if index != first {
                            self.preferred.store(index, Ordering::Relaxed);
                        }
                        return answer;
                    }
                    Err(reason) => last = reason,
                }
            }
            reasons.push(if n > 1 { format!("{}: {last}", resolver.name) } else { last });
        }
        Answer::Failed { reason: reasons.join("; ") }
    }

    /// One GET to one resolver, given up after `timeout` at most (the budget's rest may be
    /// shorter than the agent's): the reply's bytes, or why there are none (plain words).
    fn exchange(&self, resolver: &Resolver, wire_query: &[u8], left: Duration) -> Result<Vec<u8>, String> {
        let url = resolver.query_url(wire_query);
        let mut response = self
            .agent_for(&resolver.url)
            .get(&url)
            .config()
            .timeout_global(Some(left.min(self.timeout)))
            .build()
            .header("accept", "application/dns-message")
            .call()
            .map_err(|e| transport_error(&e))?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(match status {
                429 => "the resolver is rate-limiting us (HTTP 429)".to_string(),
                _ => format!("the resolver answered HTTP {status}"),
            });
        }
        let content_type = response.body().mime_type().map(str::to_ascii_lowercase);
        match content_type.as_deref() {
            Some("application/dns-message") => {}
            // A captive portal or a proxy's error page, sent with status 200.
            Some("text/html") => return Err("the resolver sent a web page, not a DNS message".into()),
            Some(other) => return Err(format!("the resolver sent {other}, not a DNS message")),
            None => return Err("the resolver sent no content type, not a DNS message".into()),
        }
        let mut body = Vec::new();
        response.body_mut().with_config().limit(MAX_DNS_MESSAGE_BYTES as u64).reader().read_to_end(&mut body).map_err(
            |e| match e.kind() {
                std::io::ErrorKind::UnexpectedEof => "the reply was cut short".to_string(),
                _ => format!("the reply could not be read ({e})"),
            },
        )?;
        Ok(body)
    }

    /// An HTTPS GET for a check: redirects not followed (the `location` is reported), the body
    /// cut at `MAX_HTTPS_BODY_BYTES`, the content type kept.
    pub fn https(&self, url: &str, deadline: &Deadline) -> HttpsResponse {
        if !url.starts_with("https://") {
            return HttpsResponse::Failed { reason: format!("{url} is not an https:// URL") };
        }
        let Some(left) = deadline.left() else { return HttpsResponse::Failed { reason: deadline.reason() } };
        let mut response =
            match self.agent.get(url).config().timeout_global(Some(left.min(self.timeout))).build().call() {
                Ok(response) => response,
                Err(_) if deadline.left().is_none() => return HttpsResponse::Failed { reason: deadline.reason() },
                Err(e) => return HttpsResponse::Failed { reason: transport_error(&e) },
            };
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        let (content_type, location) = (header("content-type"), header("location"));
        let mut body = Vec::new();
        let read = response.body_mut().with_config().reader().take(MAX_HTTPS_BODY_BYTES as u64).read_to_end(&mut body);
        if let Err(e) = read {
            return HttpsResponse::Failed { reason: format!("the body could not be read ({e})") };
        }
        HttpsResponse::Answered { status: response.status().as_u16(), content_type, location, body }
    }

    /// Answers one round of requests, at most [`mailhint_core::limits::MAX_DOH_IN_FLIGHT`] at once (or the client's own
    /// number), in the order given.
    pub fn fetch(&self, requests: &[Request], deadline: &Deadline) -> Vec<(Request, Response)> {
        let next = AtomicUsize::new(0);
        let results = Mutex::new(Vec::with_capacity(requests.len()));
        std::thread::scope(|scope| {
            for _ in 0..requests.len().min(self.in_flight) {
                scope.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(request) = requests.get(i) else { break };
                    let response = match request {
                        Request::Dns(query) => Response::Dns(self.resolve(query, deadline)),
                        Request::Https { url } => Response::Https(self.https(url, deadline)),
                    };
                    // A poisoned lock means another worker panicked; its results are lost with
                    // it and `drive` marks them failed, so keep going with what is there.
                    results.lock().unwrap_or_else(|p| p.into_inner()).push((i, response));
                });
            }
        });
        let mut results = results.into_inner().unwrap_or_else(|p| p.into_inner());
        results.sort_by_key(|(i, _)| *i);
        results.into_iter().map(|(i, response)| (requests[i].clone(), response)).collect()
    }

    /// Per resolver of the list, how many questions it answered so far (the report's last line
    /// says who answered).
    pub fn answered_by(&self) -> Vec<(String, usize)> {
        self.resolvers.iter().zip(&self.answered).map(|(r, n)| (r.name.clone(), n.load(Ordering::Relaxed))).collect()
    }
}

/// A transport error in plain words (no URL: it would repeat the query's base64).
fn transport_error(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "timed out".into(),
        ureq::Error::HostNotFound => "host not found".into(),
        ureq::Error::ConnectionFailed => "could not connect".into(),
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
            std::io::ErrorKind::ConnectionReset => "connection reset".into(),
            std::io::ErrorKind::TimedOut => "timed out".into(),
            std::io::ErrorKind::UnexpectedEof => "the connection closed early".into(),
            // getaddrinfo's failure comes as an untyped I/O error.
            _ if io.to_string().contains("lookup address") => "host not found".into(),
            _ => format!("network error ({io})"),
        },
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => format!("TLS error ({e})"),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_has_no_padding_and_the_url_safe_alphabet() {
        // RFC 4648 §10 vectors, unpadded.
        assert_eq!(base64url(b""), "");
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
        assert_eq!(base64url(b"foob"), "Zm9vYg");
        // 0xfb 0xff: `+/` in standard base64, `-_` here.
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
        // RFC 8484 §4.1.1's example: www.example.com A, ID 0.
        let query = [
            0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x77, 0x77, 0x77, 0x07, 0x65,
            0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00, 0x01, 0x00, 0x01,
        ];
        assert_eq!(base64url(&query), "AAABAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB");
    }

    #[test]
    fn query_urls_append_the_dns_parameter() {
        let r = Resolver::parse("https://doh.example/dns-query").unwrap();
        assert_eq!(r.query_url(&[0xfb, 0xff]), "https://doh.example/dns-query?dns=-_8");
        let r = Resolver::parse("https://doh.example/q?ct=x").unwrap();
        assert_eq!(r.query_url(b"f"), "https://doh.example/q?ct=x&dns=Zg");
    }

    #[test]
    fn resolvers_are_presets_or_https_urls_and_plain_http_only_on_loopback() {
        let cf = Resolver::parse("Cloudflare").unwrap();
        assert_eq!((cf.url.as_str(), cf.validating), ("https://cloudflare-dns.com/dns-query", true));
        assert!(Resolver::parse("google").unwrap().validating);
        assert!(!Resolver::parse("alidns").unwrap().validating, "AliDNS does not validate DNSSEC");
        let custom = Resolver::parse("https://dns.example/dns-query").unwrap();
        assert!(!custom.validating, "a custom resolver's AD bit is not trusted");
        for ok in [
            "http://127.0.0.1:8054/dns-query",
            "http://localhost/dns-query",
            "http://[::1]:8054/dns-query",
            "http://127.1.2.3/q",
        ] {
            assert!(Resolver::parse(ok).is_ok(), "{ok}");
        }
        for bad in
            ["http://dns.example/dns-query", "http://10.0.0.1/dns-query", "ftp://dns.example/", "quad9", "", "https://"]
        {
            assert!(Resolver::parse(bad).is_err(), "{bad}");
        }
    }

    /// A local server that holds every request 100 ms, counting how many it holds at once, and
    /// answers 503.
    fn slow_server() -> (String, std::sync::Arc<(AtomicUsize, AtomicUsize)>) {
        use std::io::Write;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/dns-query", listener.local_addr().unwrap());
        let counts = std::sync::Arc::new((AtomicUsize::new(0), AtomicUsize::new(0))); // (now, most)
        let shared = counts.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let counts = shared.clone();
                std::thread::spawn(move || {
                    let mut stream = stream;
                    let mut buf = [0u8; 2048];
                    let _ = stream.read(&mut buf);
                    let now = counts.0.fetch_add(1, Ordering::SeqCst) + 1;
                    counts.1.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(100));
                    counts.0.fetch_sub(1, Ordering::SeqCst);
                    let _ = stream.write_all(b"HTTP/1.1 503 Busy\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
                });
            }
        });
        (url, counts)
    }

    #[test]
    fn a_round_runs_in_parallel_but_never_more_than_eight_at_once() {
        let (url, counts) = slow_server();
        let client = Client::new(vec![Resolver::parse(&url).unwrap()], Duration::from_secs(5));
        let requests: Vec<Request> = (0..20)
            .map(|i| Request::Dns(Query::new(&format!("n{i}.example.test"), mailhint_core::dns::RecordType::Txt)))
            .collect();
        let start = std::time::Instant::now();
        let responses = client.fetch(&requests, &Deadline::after(Duration::from_secs(60)));
        let elapsed = start.elapsed();
        // In the order asked, each a failure that says why.
        assert_eq!(responses.iter().map(|(r, _)| r.clone()).collect::<Vec<_>>(), requests);
        for (_, response) in &responses {
            assert!(
                matches!(response, Response::Dns(Answer::Failed { reason }) if reason.contains("HTTP 503")),
                "{response:?}"
            );
        }
        let most = counts.1.load(Ordering::SeqCst);
        assert!((2..=mailhint_core::limits::MAX_DOH_IN_FLIGHT).contains(&most), "{most} requests at once");
        // 20 questions, each tried twice, 100 ms a try: 4 s one by one, 0.5 s eight at a time.
        assert!(elapsed < Duration::from_millis(2000), "{elapsed:?}");
    }

    #[test]
    fn the_default_order_follows_the_locale() {
        let names = |chinese| default_resolvers(chinese).into_iter().map(|r| r.name).collect::<Vec<_>>();
        assert_eq!(names(false), ["cloudflare", "google", "alidns"]);
        assert_eq!(names(true), ["alidns", "cloudflare"]);
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |k: &str| vars.iter().find(|(name, _)| *name == k).map(|(_, v)| v.to_string())
        };
        use mailhint_core::Lang;
        assert!(locale_is_chinese(None, env(&[("LANG", "zh_CN.UTF-8")])));
        assert!(!locale_is_chinese(None, env(&[("LANG", "en_US.UTF-8")])));
        assert!(!locale_is_chinese(None, env(&[])));
        // LC_ALL wins over LANG; an empty one does not count.
        assert!(!locale_is_chinese(None, env(&[("LC_ALL", "C.UTF-8"), ("LANG", "zh_CN.UTF-8")])));
        assert!(locale_is_chinese(None, env(&[("LC_ALL", ""), ("LANG", "zh_TW.UTF-8")])));
        // --lang decides over the environment.
        assert!(locale_is_chinese(Some(Lang::ZhCn), env(&[("LANG", "en_US.UTF-8")])));
        assert!(!locale_is_chinese(Some(Lang::En), env(&[("LANG", "zh_CN.UTF-8")])));
    }
}
