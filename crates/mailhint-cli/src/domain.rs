//! `mailhint domain` (the sender-domain check) and `mailhint lookup` (what the resolver says to
//! a few questions): `mailhint_core::domain::check_domain` driven round after round by
//! `dns::drive`, with answers from DNS over HTTPS (`doh.rs`) or, with `--zone`, from zone files
//! (offline and reproducible: the fixtures' own semantics).

use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use mailhint_core::dns::zone::Zone;
use mailhint_core::dns::{
    drive, wire, Answer, HttpsResponse, Lookups, Pending, Query, RecordData, RecordType, Request, Response,
};
use mailhint_core::domain::{check_domain, domain_to_ascii, DomainOptions, DomainReport, Group, Level, Light, Status};
use mailhint_core::Lang;
use serde::Serialize;

use crate::doh::{self, Client, Deadline, Resolver};
use crate::Format;

/// Where answers come from: the user's arguments, common to `domain` and `lookup`.
pub struct SourceArgs {
    /// `--resolver`: preset names or URLs, in order.
    pub resolvers: Vec<String>,
    /// `--zone`: zone files instead of the network.
    pub zones: Vec<PathBuf>,
    /// `--timeout-ms`: per HTTP request.
    pub timeout_ms: u64,
    /// `--lang`, when given (also picks the default resolvers).
    pub lang: Option<Lang>,
    /// `--https-dir`: HTTPS answers from files instead of the network.
    pub https_dir: Option<PathBuf>,
    /// `--budget-ms`: the whole check's time, else the command's default (`BUDGET_*`).
    pub budget_ms: Option<u64>,
}

/// The time budget of each command's whole check, when `--budget-ms` is not given (ARCHITECTURE.md,
/// "Limits"): the sender-domain check, the raw-message report and `lookup`.
pub const BUDGET_CHECK: Duration = Duration::from_secs(20);
/// `dmarc-report`: up to `MAX_DMARC_PTR_LOOKUPS` reverse lookups.
pub const BUDGET_DMARC: Duration = Duration::from_secs(60);
/// `list`: one check over up to `MAX_LIST_DOMAINS` domains.
pub const BUDGET_LIST: Duration = Duration::from_secs(600);

/// Where answers come from: the network or zone files for DNS; the network, nowhere (zone files:
/// offline) or a directory for HTTPS.
pub(crate) struct Source {
    dns: Dns,
    https_dir: Option<PathBuf>,
    /// The time a run (a whole check) may take.
    budget: Duration,
}

enum Dns {
    Doh(Client),
    Zone(Zone),
}

impl SourceArgs {
    pub(crate) fn open(&self) -> Result<Source> {
        self.open_with(mailhint_core::limits::MAX_DOH_IN_FLIGHT, BUDGET_CHECK)
    }

    /// [`SourceArgs::open`] with up to `in_flight` DoH requests at once and `budget` for a run
    /// unless `--budget-ms` says otherwise.
    pub(crate) fn open_with(&self, in_flight: usize, budget: Duration) -> Result<Source> {
        if let Some(dir) = &self.https_dir {
            if !dir.is_dir() {
                bail!("--https-dir {}: no such directory", dir.display());
            }
        }
        let dns = if !self.zones.is_empty() {
            if !self.resolvers.is_empty() {
                bail!("--zone and --resolver exclude each other: zone files answer offline");
            }
            Dns::Zone(read_zones(&self.zones)?)
        } else {
            let resolvers = if self.resolvers.is_empty() {
                doh::default_resolvers(doh::locale_is_chinese(self.lang, |k| std::env::var(k).ok()))
            } else {
                self.resolvers.iter().map(|r| Resolver::parse(r).map_err(anyhow::Error::msg)).collect::<Result<_>>()?
            };
            Dns::Doh(Client::with_in_flight(resolvers, Duration::from_millis(self.timeout_ms.max(1)), in_flight))
        };
        let budget = self.budget_ms.map_or(budget, |ms| Duration::from_millis(ms.max(1)));
        Ok(Source { dns, https_dir: self.https_dir.clone(), budget })
    }
}

/// The zone files as one zone, each read with the root as its origin and a default TTL, as
/// `tests/dns/start.sh` gives them to BIND (`$INCLUDE file .` after `$TTL 300`).
fn read_zones(paths: &[PathBuf]) -> Result<Zone> {
    let mut text = String::new();
    for path in paths {
        let file =
            std::fs::read_to_string(path).with_context(|| format!("cannot read the zone file {}", path.display()))?;
        // Each file on its own: a zone file's `$ORIGIN` ends with the file.
        text.push_str("\n$ORIGIN .\n$TTL 300\n");
        text.push_str(&file);
        text.push('\n');
    }
    Zone::parse(&text).map_err(|e| anyhow::anyhow!("{e}")).context("cannot read the zone files")
}

/// What a run cost: rounds of fetching, time, and the client's counts.
pub(crate) struct RunStats {
    rounds: usize,
    elapsed: Duration,
    queries: usize,
    https: usize,
    /// (resolver, questions it answered); empty for zone files.
    answered_by: Vec<(String, usize)>,
    failed: Vec<(String, String)>,
}

/// The HTTPS response for `url` from files: `<dir>/<host>/<path>` with status 200, else
/// "connection refused" (the layout and answers of the domain fixtures' `<kind>.https/`).
fn https_from_dir(dir: &Path, url: &str) -> HttpsResponse {
    let refused = || HttpsResponse::Failed { reason: "connection refused".into() };
    let Some(rest) = url.strip_prefix("https://") else { return refused() };
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    // Only plain names: no way out of the directory.
    if rest.split('/').any(|part| part.is_empty() || part == "." || part == ".." || part.contains('\\')) {
        return refused();
    }
    let path = dir.join(rest);
    let Ok(mut body) = std::fs::read(&path) else { return refused() };
    body.truncate(mailhint_core::limits::MAX_HTTPS_BODY_BYTES);
    let content_type = match path.extension().and_then(|e| e.to_str()) {
        Some("svg") => "image/svg+xml",
        Some("pem") => "application/x-pem-file",
        _ => "text/plain",
    };
    HttpsResponse::Answered { status: 200, content_type: Some(content_type.into()), location: None, body }
}

impl Source {
    /// Answers one round; once `deadline` is spent, every request fails with its reason.
    fn fetch(&self, requests: &[Request], deadline: &Deadline) -> Vec<(Request, Response)> {
        if deadline.left().is_none() {
            // A DNS failure for an HTTPS request is stored as that request's failure.
            let failed = Response::Dns(Answer::Failed { reason: deadline.reason() });
            return requests.iter().map(|r| (r.clone(), failed.clone())).collect();
        }
        // With --https-dir, HTTPS from files whatever answers DNS.
        let (from_dir, rest): (Vec<&Request>, Vec<&Request>) =
            requests.iter().partition(|r| self.https_dir.is_some() && matches!(r, Request::Https { .. }));
        let mut responses: Vec<(Request, Response)> = from_dir
            .into_iter()
            .filter_map(|r| match (r, &self.https_dir) {
                (Request::Https { url }, Some(dir)) => Some((r.clone(), Response::Https(https_from_dir(dir, url)))),
                _ => None,
            })
            .collect();
        let rest: Vec<Request> = rest.into_iter().cloned().collect();
        responses.extend(match &self.dns {
            Dns::Doh(client) => client.fetch(&rest, deadline),
            Dns::Zone(zone) => rest
                .iter()
                .map(|r| {
                    let response = match r {
                        Request::Dns(q) => Response::Dns(zone.answer(q)),
                        Request::Https { .. } => Response::Https(HttpsResponse::Failed {
                            reason: "not fetched: --zone works offline".into(),
                        }),
                    };
                    (r.clone(), response)
                })
                .collect(),
        });
        responses
    }

    /// Runs `check` to completion, counting rounds and questions.
    pub(crate) fn run<T>(&self, lookups: &mut Lookups, check: impl FnMut(&Lookups) -> T) -> (T, RunStats) {
        let start = Instant::now();
        let deadline = Deadline::after(self.budget);
        let (mut rounds, mut queries, mut https) = (0, 0, 0);
        let result = drive(lookups, check, |requests| {
            rounds += 1;
            queries += requests.iter().filter(|r| matches!(r, Request::Dns(_))).count();
            https += requests.iter().filter(|r| matches!(r, Request::Https { .. })).count();
            self.fetch(requests, &deadline)
        });
        let mut failed: Vec<(String, String)> = lookups
            .dns_answers()
            .filter_map(|(q, a)| match a {
                Answer::Failed { reason } => Some((format!("{} {}", q.name, q.rtype.as_str()), reason.clone())),
                _ => None,
            })
            .collect();
        failed.sort();
        let answered_by = match &self.dns {
            Dns::Doh(client) => client.answered_by(),
            Dns::Zone(_) => Vec::new(),
        };
        (result, RunStats { rounds, elapsed: start.elapsed(), queries, https, answered_by, failed })
    }

    /// Whether the AD bit of the answers means DNSSEC validation: the first resolver's say
    /// (the one that answers unless it fails); zone answers are taken as validated, as in the
    /// domain fixtures, so that an unsigned zone reads as unsigned.
    fn validating(&self) -> bool {
        match &self.dns {
            Dns::Doh(client) => client.resolvers().first().is_some_and(|r| r.validating),
            Dns::Zone(_) => true,
        }
    }
}

impl RunStats {
    /// Writes `value` as one line of JSON to `out` and what the run cost to standard error:
    /// standard output is the report alone (the same for the same answers, whoever gave them).
    pub(crate) fn write_json(&self, out: &mut impl Write, value: &impl serde::Serialize) -> Result<()> {
        serde_json::to_writer(&mut *out, value)?;
        writeln!(out)?;
        eprintln!("mailhint: {}", self.summary(Lang::En));
        Ok(())
    }

    /// The last line of a report: how much it took, and who answered.
    pub(crate) fn summary(&self, lang: Lang) -> String {
        let ms = self.elapsed.as_millis();
        let answered: Vec<String> =
            self.answered_by.iter().filter(|(_, n)| *n > 0).map(|(name, n)| format!("{name} ({n})")).collect();
        let source = match (lang, answered.is_empty(), self.answered_by.is_empty()) {
            _ if self.queries == 0 => String::new(),
            (Lang::En, _, true) => "answers from zone files".to_string(),
            (Lang::En, true, false) => "no resolver answered".to_string(),
            (Lang::En, false, false) => format!("answered by {}", answered.join(", ")),
            (Lang::ZhCn, _, true) => "应答来自区域文件".to_string(),
            (Lang::ZhCn, true, false) => "没有解析服务器应答".to_string(),
            (Lang::ZhCn, false, false) => format!("应答来自 {}", answered.join("、")),
        };
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let line = match lang {
            Lang::En => format!(
                "{} and {} in {}, {ms} ms",
                plural(self.queries, "DNS query").replace("querys", "queries"),
                plural(self.https, "HTTPS fetch").replace("fetchs", "fetches"),
                plural(self.rounds, "round")
            ),
            Lang::ZhCn => format!(
                "{} 次 DNS 查询、{} 次 HTTPS 请求，共 {} 轮，用时 {ms} 毫秒",
                self.queries, self.https, self.rounds
            ),
        };
        match (source.is_empty(), lang) {
            (true, _) => line,
            (false, Lang::En) => format!("{line}; {source}"),
            (false, Lang::ZhCn) => format!("{line}；{source}"),
        }
    }
}

/// `mailhint domain`'s own arguments.
pub struct DomainArgs {
    /// Where answers come from.
    pub source: SourceArgs,
    /// `--selector`: DKIM selectors to try.
    pub selectors: Vec<String>,
    /// `--ip`: the sending IP.
    pub ip: Option<IpAddr>,
    /// `--validating-resolver`: overrides whether the AD bit is trusted.
    pub validating_resolver: Option<bool>,
    /// Output format.
    pub format: Format,
    /// The domain or an address at it.
    pub target: String,
}

/// `mailhint domain`: exit 0 with a report (whatever it finds), 2 for unusable arguments.
pub fn domain(args: DomainArgs) -> Result<ExitCode> {
    let name = domain_to_ascii(&args.target);
    if name.is_empty() || wire::query(&Query::new(&name, RecordType::Txt)).is_none() || !name.contains('.') {
        bail!("{:?} is not a domain name or an email address", args.target);
    }
    let source = args.source.open()?;
    let lang = args.source.lang.unwrap_or_default();
    let options = DomainOptions {
        domain: name,
        selectors: args.selectors,
        ip: args.ip,
        validating_resolver: args.validating_resolver.unwrap_or_else(|| source.validating()),
        lang,
    };
    let mut lookups = Lookups::new();
    let (report, stats) = source.run(&mut lookups, |l| check_domain(&options, l));
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            stats.write_json(&mut out, &report)?;
        }
        Format::Text => write_text(&mut out, &report, &stats, lang)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_text(out: &mut impl Write, report: &DomainReport, stats: &RunStats, lang: Lang) -> Result<()> {
    let paint = crate::painter();
    let zh = lang == Lang::ZhCn;
    let heading = match (zh, report.complete) {
        (false, true) => "sender-domain check",
        (false, false) => "sender-domain check (incomplete: lookups still missing)",
        (true, true) => "发信域名检查",
        (true, false) => "发信域名检查（未完成：仍有查询没有结果）",
    };
    writeln!(out, "{}: {heading}", paint("1", &report.domain))?;

    // The traffic lights, one line per group.
    if !report.summary.is_empty() {
        writeln!(out)?;
    }
    for line in &report.summary {
        let (code, word) = match (line.light, zh) {
            (Light::Green, false) => ("32", "ok"),
            (Light::Amber, false) => ("33", "warnings"),
            (Light::Red, false) => ("31", "problems"),
            (Light::Grey, false) if line.pending => ("90", "still checking"),
            (Light::Grey, false) => ("90", "could not check"),
            (Light::Green, true) => ("32", "正常"),
            (Light::Amber, true) => ("33", "有警告"),
            (Light::Red, true) => ("31", "有问题"),
            (Light::Grey, true) if line.pending => ("90", "检查中"),
            (Light::Grey, true) => ("90", "无法检查"),
        };
        writeln!(out, "  {} {:<28} {}", paint(code, "●"), group_title(line.group, lang), paint(code, word))?;
    }

    // The findings, group by group, each with its fix and record.
    if report.findings.is_empty() {
        writeln!(out, "\n  {}", if zh { "没有发现问题。" } else { "No problems found." })?;
    }
    let mut groups: Vec<Group> = report.summary.iter().map(|s| s.group).collect();
    for f in &report.findings {
        if !groups.contains(&f.group) {
            groups.push(f.group);
        }
    }
    for group in groups {
        let findings: Vec<_> = report.findings.iter().filter(|f| f.group == group).collect();
        if findings.is_empty() {
            continue;
        }
        writeln!(out, "\n  {}", paint("1", group_title(group, lang)))?;
        for f in findings {
            let (code, word) = match (f.status, f.level) {
                (Status::Unknown, _) => ("90", if zh { "未知" } else { "unknown" }),
                (_, Level::Critical) => ("1;31", if zh { "严重" } else { "critical" }),
                (_, Level::Error) => ("31", if zh { "错误" } else { "error" }),
                (_, Level::Warning) => ("33", if zh { "警告" } else { "warning" }),
                (_, Level::Info) => ("36", if zh { "提示" } else { "info" }),
            };
            writeln!(out, "  {:<24} {}  {}", f.code, paint(code, &format!("{word:<8}")), f.message)?;
            writeln!(out, "  {:<24} {:<8}  → {}", "", "", f.fix)?;
            if let Some(r) = &f.record {
                writeln!(out, "  {:<24} {:<8}    {} {} {}", "", "", r.host, r.rtype, r.value)?;
            }
        }
    }

    // The records to publish, ready to copy into a DNS panel.
    if !report.records.is_empty() {
        writeln!(
            out,
            "\n  {}",
            paint("1", if zh { "需要发布的记录（可直接复制）" } else { "Records to publish (ready to copy)" })
        )?;
        let host_width = report.records.iter().map(|r| r.host.chars().count()).max().unwrap_or(0);
        for r in &report.records {
            writeln!(out, "  {:<host_width$}  {:<5}  {}", r.host, r.rtype, r.value)?;
        }
    }

    // What was found.
    if !report.facts.is_empty() {
        writeln!(out, "\n  {}", paint("1", if zh { "查到的记录" } else { "What the DNS says" }))?;
        for fact in &report.facts {
            writeln!(out, "  {:<20} {:<18} {}", group_title(fact.group, lang), fact.label, fact.value)?;
        }
    }

    // The SPF include tree with its lookup counts, and how old and new DMARC receivers read
    // the domain's policy.
    if let Some(tree) = &report.spf {
        crate::views::write_spf(out, tree, lang, &paint)?;
    }
    if let Some(view) = &report.dmarc {
        crate::views::write_dmarc(out, view, lang, &paint)?;
    }

    if !stats.failed.is_empty() {
        writeln!(out, "\n  {}", paint("1", if zh { "失败的查询" } else { "Lookups that failed" }))?;
        for (question, reason) in &stats.failed {
            writeln!(out, "  {question}: {reason}")?;
        }
    }
    writeln!(out, "\n  {}", paint("90", &stats.summary(lang)))?;
    Ok(())
}

fn group_title(group: Group, lang: Lang) -> &'static str {
    let [en, zh] = match group {
        Group::Dns => ["DNS", "DNS"],
        Group::Mx => ["MX (mail servers)", "MX（收信服务器）"],
        Group::Spf => ["SPF", "SPF"],
        Group::Dkim => ["DKIM", "DKIM"],
        Group::Dmarc => ["DMARC", "DMARC"],
        Group::TransportSecurity => ["MTA-STS and TLS-RPT", "MTA-STS 与 TLS-RPT"],
        Group::Bimi => ["BIMI", "BIMI"],
        Group::Blocklists => ["Blocklists and reverse DNS", "黑名单与反向解析"],
    };
    match lang {
        Lang::En => en,
        Lang::ZhCn => zh,
    }
}

/// `mailhint lookup`'s arguments.
pub struct LookupArgs {
    /// Where answers come from.
    pub source: SourceArgs,
    /// Output format.
    pub format: Format,
    /// The name.
    pub name: String,
    /// The types to ask for (default TXT).
    pub types: Vec<String>,
}

/// One question and its answer, as `mailhint lookup --format json` prints them.
#[derive(Serialize)]
struct Looked<'a> {
    #[serde(flatten)]
    query: &'a Query,
    answer: &'a Answer,
}

/// `mailhint lookup NAME [TYPE]...`: the answers the domain check would read, through the same
/// driver and client (all questions in one round).
pub fn lookup(args: LookupArgs) -> Result<ExitCode> {
    let types = if args.types.is_empty() { vec!["TXT".to_string()] } else { args.types };
    let types: Vec<RecordType> = types
        .iter()
        .map(|t| {
            RecordType::parse(t)
                .with_context(|| format!("unknown record type {t:?}: use A AAAA MX TXT CNAME PTR NS SOA"))
        })
        .collect::<Result<_>>()?;
    let name = domain_to_ascii(&args.name);
    if name.is_empty() || wire::query(&Query::new(&name, RecordType::Txt)).is_none() {
        bail!("{:?} is not a DNS name", args.name);
    }
    let queries: Vec<Query> = types.iter().map(|&t| Query::new(&name, t)).collect();
    let source = args.source.open()?;
    let mut lookups = Lookups::new();
    let (answers, stats) = source.run(&mut lookups, |l| {
        // Every question first, then `?`: one round, all in parallel.
        let answers: Vec<Result<&Answer, Pending>> = queries.iter().map(|q| l.dns(q)).collect();
        answers.into_iter().map(|a| a.cloned()).collect::<Result<Vec<Answer>, Pending>>()
    });
    let Ok(answers) = answers else { bail!("the lookups did not complete") };
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            let looked: Vec<_> = queries.iter().zip(&answers).map(|(query, answer)| Looked { query, answer }).collect();
            stats.write_json(&mut out, &looked)?;
        }
        Format::Text => {
            for (q, a) in queries.iter().zip(&answers) {
                match a {
                    Answer::NoError { records, authenticated, .. } => {
                        let ad = if *authenticated { " (DNSSEC: authenticated)" } else { "" };
                        writeln!(out, ";; {} {}: NOERROR, {} records{ad}", q.name, q.rtype.as_str(), records.len())?;
                        for r in records {
                            writeln!(
                                out,
                                "{}\t{}\t{}\t{}",
                                r.name,
                                r.ttl,
                                r.data.rtype().as_str(),
                                rdata_text(&r.data)
                            )?;
                        }
                    }
                    Answer::NxDomain { .. } => writeln!(out, ";; {} {}: NXDOMAIN", q.name, q.rtype.as_str())?,
                    Answer::Failed { reason } => writeln!(out, ";; {} {}: failed: {reason}", q.name, q.rtype.as_str())?,
                }
            }
            writeln!(out, ";; {}", stats.summary(Lang::En))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Record data in zone-file syntax.
fn rdata_text(data: &RecordData) -> String {
    match data {
        RecordData::A { address } => address.to_string(),
        RecordData::Aaaa { address } => address.to_string(),
        RecordData::Mx { preference, exchange } => format!("{preference} {exchange}."),
        RecordData::Txt { strings } => strings
            .iter()
            .map(|s| {
                let text: String = s
                    .iter()
                    .map(|&b| match b {
                        b'"' | b'\\' => format!("\\{}", b as char),
                        0x20..=0x7e => (b as char).to_string(),
                        _ => format!("\\{b:03}"),
                    })
                    .collect();
                format!("\"{text}\"")
            })
            .collect::<Vec<_>>()
            .join(" "),
        RecordData::Cname { target } | RecordData::Ptr { target } | RecordData::Ns { target } => format!("{target}."),
        RecordData::Soa { mname, minimum } => format!("{mname}. (minimum {minimum})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_answers_from_a_directory_stay_inside_it() {
        let dir = std::env::temp_dir().join(format!("mailhint-https-{}", std::process::id()));
        let policy = dir.join("mta-sts.example.test/.well-known");
        std::fs::create_dir_all(&policy).unwrap();
        std::fs::write(policy.join("mta-sts.txt"), "version: STSv1\n").unwrap();
        let got = https_from_dir(&dir, "https://mta-sts.example.test/.well-known/mta-sts.txt");
        assert!(
            matches!(&got, HttpsResponse::Answered { status: 200, body, content_type: Some(t), .. }
            if body == b"version: STSv1\n" && t == "text/plain"),
            "{got:?}"
        );
        for url in [
            "https://mta-sts.example.test/.well-known/../../../etc/passwd",
            "https://mta-sts.example.test/.well-known/missing.txt",
            "http://mta-sts.example.test/.well-known/mta-sts.txt",
            "https:///etc/passwd",
        ] {
            assert!(matches!(https_from_dir(&dir, url), HttpsResponse::Failed { .. }), "{url}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
