//! `mailhint`: lint email drafts and templates for deliverability from the command line.
//!
//! The CLI is a thin shell over `mailhint-core`: it reads files, picks the output format and
//! maps outcomes to exit codes (0 ok, 1 a grade under `--fail-under`, 2 bad usage or
//! unreadable input). It is the only crate that uses `anyhow`, and the only one that does
//! network I/O: `mailhint domain` fetches the core's DNS questions over DNS-over-HTTPS (`doh.rs`).

mod dmarc;
mod doh;
mod domain;
mod list;
mod report;
mod views;
mod warmup;

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use mailhint_core::{check_bytes, rules, Finding, Lang, Mode, Options, Part, Report};
use serde::Serialize;

// mimalloc instead of the system allocator: reading bounces allocates many short strings, and
// glibc's malloc and free were an eighth of the time (see tests/bench/bounce.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The bundled sample: a typical first-contact email from an exporter, with the usual mistakes.
const SAMPLE: &[u8] = include_bytes!("../samples/cold-email.eml");

#[derive(Parser)]
#[command(
    name = "mailhint",
    version,
    about = "Tells you, before you press Send, what spam filters will hold against your email."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint drafts: raw messages (.eml) or JSON drafts. With no FILE, reads standard input
    /// (or, from a terminal, checks the bundled sample).
    Check {
        /// One-to-one business mail, or a campaign (compliance rules always apply).
        #[arg(long, value_parser = parse_mode)]
        mode: Option<Mode>,
        /// Language of messages and fixes.
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
        /// Output format; JSON Lines (one object per file, with "file") for several files.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit with 1 when a draft grades lower than this.
        #[arg(long, value_name = "GRADE")]
        fail_under: Option<f64>,
        /// Check the bundled sample draft.
        #[arg(long, conflicts_with = "files")]
        sample: bool,
        /// Files to check; `-` for standard input.
        files: Vec<String>,
    },
    /// List every rule; `--format json` prints every rule's documentation (code, name, category,
    /// severity, summary, fix, doc) as one JSON array, as the extension reads it.
    Rules {
        /// Language of the summaries.
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Read bounces (delivery status notifications and plain-text bounces): per recipient, hard
    /// or soft, the reason, the codes and what to do. Several files (a folder of bounces) give
    /// JSON Lines with `--format json`, and a summary in text mode: the addresses to remove.
    Bounce {
        /// Output format; JSON Lines (one object per file, with "file") for several files.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Language of the advice.
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
        /// Bounce messages (.eml, or mbox files of several); `-` for standard input.
        #[arg(required = true)]
        files: Vec<String>,
        /// Files read at once, one a thread (default: one per CPU core). The output keeps the
        /// order the files were given in.
        #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// Benchmarks only (`tests/bench/bounce.sh`): hold the files in memory, read them all
        /// this many times and print the best round's seconds, as Sisimai's timed loop does.
        #[arg(long, hide = true)]
        time_rounds: Option<u32>,
    },
    /// Print one rule's documentation.
    Explain {
        /// The rule's code, e.g. S01.
        code: String,
        /// Language of the documentation.
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
    },
    /// Check a sender domain's DNS (MX, SPF, DKIM, DMARC, MTA-STS, TLS-RPT, BIMI, blocklists)
    /// over DNS-over-HTTPS, or offline from zone files.
    Domain {
        #[command(flatten)]
        source: SourceOpts,
        /// A DKIM selector to try besides the provider's and common ones (repeatable).
        #[arg(long = "selector", value_name = "S")]
        selectors: Vec<String>,
        /// The IP address you send from (reverse DNS and IP blocklists).
        #[arg(long)]
        ip: Option<std::net::IpAddr>,
        /// Whether the resolver's AD bit means DNSSEC validation [default: yes for cloudflare
        /// and google first, and for zone files; no for alidns and URLs].
        #[arg(long, value_name = "yes|no", value_parser = parse_yes_no)]
        validating_resolver: Option<bool>,
        /// Output format (JSON: the report; what the run cost goes to standard error).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// A message you sent (.eml): try the DKIM selectors it was signed with, and check its
        /// From domain when no DOMAIN is given.
        #[arg(long, value_name = "FILE")]
        message: Option<String>,
        /// The domain, or an email address at it.
        #[arg(value_name = "DOMAIN|ADDRESS", required_unless_present = "message")]
        target: Option<String>,
    },
    /// Score a message as a receiver got it (its raw source, headers included) out of 10, with
    /// each deduction explained: content, Authentication-Results, DKIM verified over DoH, SPF,
    /// DMARC alignment, unsubscribe headers, Message-ID and Date, the sending IP's reverse DNS
    /// and blocklists.
    Report {
        #[command(flatten)]
        source: SourceOpts,
        /// Output format (JSON: the report; what the run cost goes to standard error).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The message (.eml), or `-` for standard input.
        #[arg(value_name = "FILE|-")]
        file: String,
    },
    /// A day-by-day warm-up plan to reach a daily volume: per-provider caps, the days Gmail's and
    /// Outlook.com's bulk-sender rules start to apply, checkpoints, and the source of every number.
    Warmup {
        /// The daily volume to reach, in messages.
        #[arg(long, value_name = "N")]
        volume: u64,
        /// The first day of the plan [default: today, UTC].
        #[arg(long, value_name = "YYYY-MM-DD")]
        start: Option<String>,
        /// The sending domain is new or has not sent for a month (the default).
        #[arg(long, conflicts_with = "existing_domain")]
        new_domain: bool,
        /// The sending domain has a sending history.
        #[arg(long)]
        existing_domain: bool,
        /// The sending IP is new (a new dedicated IP, or one silent for 30 days).
        #[arg(long)]
        new_ip: bool,
        /// Count the list's providers from its addresses (one per line, or a CSV).
        #[arg(long, value_name = "FILE", conflicts_with = "mix")]
        list: Option<String>,
        /// The list's providers by share, e.g. gmail=40,outlook=20,qq=15,netease=10,other=15.
        #[arg(long, value_name = "PROVIDER=SHARE,…")]
        mix: Option<String>,
        /// Output format: a table, CSV (to open in a spreadsheet) or JSON.
        #[arg(long, value_enum, default_value_t = warmup::WarmupFormat::Text)]
        format: warmup::WarmupFormat,
        /// Language of the plan.
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
    },
    /// Check an address list (CSV/TSV with an email column, or one address a line): syntax,
    /// domain typos, duplicates, role accounts, free mail, disposable domains, earlier bounces and
    /// each domain's mail servers over DNS-over-HTTPS. Prints a summary and the removed and
    /// doubtful rows; `--clean` and `--removed` write them as CSV.
    List {
        #[command(flatten)]
        source: SourceOpts,
        /// Do no DNS lookups (the other checks still run).
        #[arg(long, conflicts_with_all = ["resolvers", "zones"])]
        offline: bool,
        /// DoH requests in flight at once (1 to 128).
        #[arg(long, value_name = "N", default_value_t = 32)]
        concurrency: usize,
        /// Earlier bounces: bounce messages (.eml) or `mailhint bounce --format json` output;
        /// hard bounces are removed, soft ones reported (repeatable).
        #[arg(long = "bounces", value_name = "FILE")]
        bounces: Vec<String>,
        /// Output: text (summary and removed/doubtful rows), csv (every row with `status`,
        /// `reason`, `detail`) or json.
        #[arg(long, value_enum, default_value_t = list::ListFormat::Text)]
        format: list::ListFormat,
        /// Write the clean list (kept and doubtful rows, the input's columns) to FILE as CSV.
        #[arg(long, value_name = "FILE")]
        clean: Option<std::path::PathBuf>,
        /// Write the removed and doubtful rows with `status`, `reason`, `detail` to FILE as CSV.
        #[arg(long, value_name = "FILE")]
        removed: Option<std::path::PathBuf>,
        /// The list (CSV, TSV, text), or `-` for standard input.
        #[arg(value_name = "FILE|-")]
        file: String,
    },
    /// Read DMARC aggregate reports (.xml, .xml.gz, .zip, or the .eml they came in): per source
    /// IP the volume, reverse DNS and provider, SPF/DKIM alignment and disposition; your own
    /// mail failing alignment (and the fix) apart from spoofing; whether to tighten the policy.
    /// Several files are merged into one analysis.
    DmarcReport {
        #[command(flatten)]
        source: SourceOpts,
        /// No reverse DNS lookups (nothing leaves the machine).
        #[arg(long, conflicts_with_all = ["resolvers", "zones"])]
        offline: bool,
        /// Output format (JSON: every file's status and reports, and the analysis).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Report files; `-` for standard input.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Ask the resolver (or the zone files) what the domain check would ask: NAME's records of
    /// each TYPE (default TXT).
    Lookup {
        #[command(flatten)]
        source: SourceOpts,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The name.
        name: String,
        /// Record types: A AAAA MX TXT CNAME PTR NS SOA.
        types: Vec<String>,
    },
}

/// Where the DNS answers of `domain` and `lookup` come from.
#[derive(clap::Args)]
struct SourceOpts {
    /// A DoH resolver: cloudflare, google, alidns or an https:// URL (http:// for loopback only);
    /// repeat for fallbacks [default: cloudflare, google, alidns; alidns, cloudflare for Chinese].
    #[arg(long = "resolver", value_name = "NAME|URL")]
    resolvers: Vec<String>,
    /// Answer from this zone file instead of the network (repeatable; offline, reproducible).
    #[arg(long = "zone", value_name = "FILE")]
    zones: Vec<std::path::PathBuf>,
    /// Language of messages and fixes [default: en]; zh-CN also puts AliDNS first.
    #[arg(long, value_parser = parse_lang)]
    lang: Option<Lang>,
    /// Give up on one HTTP request after this many milliseconds (then retry once, then the
    /// next resolver).
    #[arg(long, value_name = "N", default_value_t = 3000)]
    timeout_ms: u64,
    /// Give the whole check this many milliseconds, all its lookup rounds together; lookups
    /// still unanswered then fail and their checks say "could not check" [default: 20000;
    /// dmarc-report 60000; list 600000].
    #[arg(long, value_name = "N")]
    budget_ms: Option<u64>,
    /// Answer the checks' HTTPS GETs (MTA-STS policy, BIMI logo) from DIR/<host>/<path>
    /// instead of the network, as the domain fixtures' `<kind>.https/` folders do.
    #[arg(long, value_name = "DIR")]
    https_dir: Option<std::path::PathBuf>,
}

impl SourceOpts {
    fn into_args(self) -> domain::SourceArgs {
        let SourceOpts { resolvers, zones, timeout_ms, lang, https_dir, budget_ms } = self;
        domain::SourceArgs { resolvers, zones, timeout_ms, lang, https_dir, budget_ms }
    }
}

fn parse_yes_no(s: &str) -> Result<bool, String> {
    match s {
        "yes" | "true" => Ok(true),
        "no" | "false" => Ok(false),
        _ => Err(format!("{s:?}: use yes or no")),
    }
}

/// Output format of every command.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}

fn parse_mode(s: &str) -> Result<Mode, String> {
    Mode::parse(s).ok_or_else(|| format!("unknown mode {s:?}: use one-to-one or campaign"))
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language {s:?}: use en or zh-CN"))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        Err(e) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
    };
    match run(cli) {
        Ok(code) => code,
        // The reader went away (`mailhint check … | head`): nothing left to say.
        Err(e) if e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("mailhint: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Check { mode, lang, format, fail_under, sample, files } => check(CheckArgs {
            options: Options { mode, lang, ..Options::default() },
            format,
            fail_under,
            sample,
            files,
        }),
        Command::Rules { lang, format } => {
            print_rules(lang, format)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bounce { time_rounds: Some(rounds), files, jobs, .. } => {
            bounce_timing(rounds, &files, jobs_or_cores(jobs))
        }
        Command::Bounce { format, lang, files, jobs, time_rounds: None } => {
            bounce(format, lang, &files, jobs_or_cores(jobs))
        }
        Command::Explain { code, lang } => {
            let Some(rule) = rules::by_code(&code) else {
                bail!("no rule has the code {code:?}; `mailhint rules` lists them");
            };
            let mut out = std::io::stdout().lock();
            writeln!(out, "{} {} ({}, {})\n", rule.code, rule.name, rule.category.name(), rule.severity.as_str())?;
            writeln!(out, "{}", rule.doc.get(lang).trim_end())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Domain { source, mut selectors, ip, validating_resolver, format, message, target } => {
            let source = source.into_args();
            let sent = match message {
                Some(path) => {
                    let raw = read_input(&path).map_err(|e| anyhow::anyhow!("{path}: {e:#}"))?;
                    Some(mailhint_core::message::parse_message(&raw))
                }
                None => None,
            };
            let from = sent.as_ref().and_then(|m| m.from.as_ref()).map(|f| f.domain());
            let Some(target) = target.or(from) else {
                bail!("the message has no From address: name the domain to check");
            };
            if let Some(sent) = &sent {
                // Only keys under the checked domain: a signature by the ESP's own domain
                // (d=sendgrid.net) says nothing of this domain's DNS.
                let checked = mailhint_core::domain::domain_to_ascii(&target);
                let own =
                    mailhint_core::domain::dkim::signed_with(&sent.headers).into_iter().filter(|s| s.domain == checked);
                selectors.extend(own.map(|s| s.selector));
            }
            domain::domain(domain::DomainArgs { source, selectors, ip, validating_resolver, format, target })
        }
        Command::Report { source, format, file } => {
            report::report(report::ReportArgs { source: source.into_args(), format, file })
        }
        Command::Warmup { volume, start, new_domain: _, existing_domain, new_ip, list, mix, format, lang } => {
            warmup::warmup(warmup::WarmupArgs { volume, start, existing_domain, new_ip, list, mix, format, lang })
        }
        Command::List { source, offline, concurrency, bounces, format, clean, removed, file } => {
            list::list(list::ListArgs {
                source: source.into_args(),
                offline,
                concurrency,
                bounces,
                format,
                clean,
                removed,
                file,
            })
        }
        Command::DmarcReport { source, offline, format, files } => {
            dmarc::dmarc_report(dmarc::DmarcArgs { source: source.into_args(), offline, format, files })
        }
        Command::Lookup { source, format, name, types } => {
            domain::lookup(domain::LookupArgs { source: source.into_args(), format, name, types })
        }
    }
}

struct CheckArgs {
    options: Options,
    format: Format,
    fail_under: Option<f64>,
    sample: bool,
    files: Vec<String>,
}

/// One input's outcome, as a JSON line.
#[derive(Serialize)]
struct FileOutcome<'a> {
    file: &'a str,
    #[serde(flatten)]
    report: Option<&'a Report>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let inputs: Vec<String> = if args.sample {
        vec!["(sample)".to_string()]
    } else if args.files.is_empty() {
        if std::io::stdin().is_terminal() {
            eprintln!("mailhint: no file given: checking the bundled sample (`mailhint check --help` for usage)");
            vec!["(sample)".to_string()]
        } else {
            vec!["-".to_string()]
        }
    } else {
        args.files.clone()
    };
    let several = inputs.len() > 1;
    let mut out = std::io::stdout().lock();
    let (mut failed, mut unreadable) = (false, false);
    for name in &inputs {
        let outcome =
            read_input(name).and_then(|bytes| check_bytes(&bytes, &args.options).map_err(anyhow::Error::from));
        match outcome {
            Ok(report) => {
                failed |= args.fail_under.is_some_and(|min| report.grade < min);
                match args.format {
                    Format::Json if several => {
                        serde_json::to_writer(
                            &mut out,
                            &FileOutcome { file: name, report: Some(&report), error: None },
                        )?;
                        writeln!(out)?;
                    }
                    Format::Json => {
                        serde_json::to_writer(&mut out, &report)?;
                        writeln!(out)?;
                    }
                    Format::Text => write_text(&mut out, name, &report, args.options.lang)?,
                }
            }
            Err(e) => {
                unreadable = true;
                let reason = format!("{name}: {e:#}");
                if several && args.format == Format::Json {
                    serde_json::to_writer(
                        &mut out,
                        &FileOutcome { file: name, report: None, error: Some(reason.clone()) },
                    )?;
                    writeln!(out)?;
                }
                eprintln!("mailhint: {reason}");
            }
        }
    }
    out.flush()?;
    Ok(if unreadable {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub(crate) fn read_input(name: &str) -> Result<Vec<u8>> {
    let limit = mailhint_core::limits::MAX_INPUT_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    match name {
        "(sample)" => return Ok(SAMPLE.to_vec()),
        "-" => {
            std::io::stdin().lock().take(limit).read_to_end(&mut bytes).context("cannot read standard input")?;
        }
        path => {
            let file = std::fs::File::open(path).with_context(|| "cannot open the file".to_string())?;
            file.take(limit).read_to_end(&mut bytes).context("cannot read the file")?;
        }
    }
    Ok(bytes)
}

fn write_text(out: &mut impl Write, name: &str, report: &Report, lang: Lang) -> Result<()> {
    let paint = crate::painter();
    let grade_colour = match report.grade {
        g if g >= 9.0 => "32",
        g if g >= 5.0 => "33",
        _ => "31",
    };
    let (grade_word, points_word, none_word) = match lang {
        Lang::En => ("grade", "points", "No problems found."),
        Lang::ZhCn => ("评分", "扣分", "没有发现问题。"),
    };
    writeln!(
        out,
        "{name}: {} {}/10  ({:.1} {points_word}, {})",
        grade_word,
        paint(&format!("1;{grade_colour}"), &format!("{:.1}", report.grade)),
        report.points,
        report.mode.as_str()
    )?;
    if report.findings.is_empty() {
        writeln!(out, "  {none_word}")?;
    }
    // Said before the findings: they cover only what was read.
    for note in &report.clipped {
        writeln!(out, "  {} {}", paint("33", "!"), note.message)?;
    }
    for part in Part::ALL {
        let findings: Vec<&Finding> = report.findings.iter().filter(|f| f.part == part).collect();
        if findings.is_empty() {
            continue;
        }
        writeln!(out, "\n  {}", paint("1", part_title(part, lang)))?;
        for f in findings {
            let sev = format!("{:<8}", f.severity.as_str());
            let sev_colour = match f.severity {
                mailhint_core::Severity::Critical | mailhint_core::Severity::High => "31",
                mailhint_core::Severity::Medium => "33",
                _ => "36",
            };
            writeln!(out, "  {} {} {:>4.1}  {}", f.code, paint(sev_colour, &sev), f.points, f.message)?;
            if let Some(quote) = &f.quote {
                let q: String = quote.chars().take(80).collect();
                let ellipsis = if quote.chars().count() > 80 { "…" } else { "" };
                writeln!(out, "                     “{}{ellipsis}”", q.replace('\n', " "))?;
            }
            writeln!(out, "                     → {}", f.fix)?;
        }
    }
    writeln!(out)?;
    Ok(())
}

fn part_title(part: Part, lang: Lang) -> &'static str {
    match (part, lang) {
        (Part::Subject, Lang::En) => "Subject",
        (Part::Body, Lang::En) => "Body",
        (Part::Links, Lang::En) => "Links",
        (Part::Images, Lang::En) => "Images",
        (Part::Attachments, Lang::En) => "Attachments",
        (Part::Recipients, Lang::En) => "Recipients",
        (Part::Sender, Lang::En) => "Sender",
        (Part::Headers, Lang::En) => "Headers and structure",
        (Part::Subject, Lang::ZhCn) => "主题",
        (Part::Body, Lang::ZhCn) => "正文",
        (Part::Links, Lang::ZhCn) => "链接",
        (Part::Images, Lang::ZhCn) => "图片",
        (Part::Attachments, Lang::ZhCn) => "附件",
        (Part::Recipients, Lang::ZhCn) => "收件人",
        (Part::Sender, Lang::ZhCn) => "发件人",
        (Part::Headers, Lang::ZhCn) => "邮件头与结构",
    }
}

fn print_rules(lang: Lang, format: Format) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if format == Format::Json {
        let docs: Vec<_> = rules::all().map(|r| r.describe(lang)).collect();
        serde_json::to_writer(&mut out, &docs)?;
        writeln!(out)?;
        return Ok(());
    }
    let mut category = None;
    for rule in rules::all() {
        if category != Some(rule.category) {
            writeln!(out, "\n{}", rule.category.name())?;
            category = Some(rule.category);
        }
        writeln!(out, "  {}  {:<8}  {:<34}  {}", rule.code, rule.severity.as_str(), rule.name, rule.summary.get(lang))?;
    }
    Ok(())
}

/// One recipient as `mailhint bounce` prints it.
#[derive(Serialize)]
struct BounceOut<'a> {
    recipient: &'a str,
    kind: &'static str,
    reason: &'static str,
    status: Option<&'a str>,
    reply_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remote_mta: Option<&'a str>,
    diagnostic: &'a str,
    advice: &'static str,
}

/// One file's outcome: its bounces, or why it could not be read.
#[derive(Serialize)]
struct BounceFileOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bounces: Option<Vec<BounceOut<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    /// More recipients than `limits::MAX_BOUNCE_RECIPIENTS` in a message: only that many listed.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    recipients_cut: bool,
}

/// `mailhint bounce --time-rounds N`: the in-process figure that a benchmark sets beside
/// Sisimai's own timed loop (files read into memory first, so neither disk nor process start
/// counts), on `jobs` threads as `mailhint bounce` reads. Prints `<best seconds> <messages>
/// <recipients>`.
fn bounce_timing(rounds: u32, files: &[String], jobs: usize) -> Result<ExitCode> {
    let messages: Vec<Vec<u8>> =
        files.iter().map(|f| read_input(f).with_context(|| f.clone())).collect::<Result<_>>()?;
    let mut best = f64::INFINITY;
    let mut recipients = 0;
    for _ in 0..rounds.max(1) {
        let start = std::time::Instant::now();
        recipients =
            in_parallel(&messages, jobs, |m| std::hint::black_box(mailhint_core::bounce::read(m)).bounces.len())
                .into_iter()
                .sum::<usize>();
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!("{best:.6} {} {recipients}", messages.len());
    Ok(ExitCode::SUCCESS)
}

/// `--jobs`, or one thread per core.
fn jobs_or_cores(jobs: Option<u16>) -> usize {
    jobs.map(usize::from).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `f` over every item on `jobs` threads, each taking the next item as it finishes one (a
/// large message does not hold up a thread's share); the results in the items' order.
fn in_parallel<T: Sync, R: Send>(items: &[T], jobs: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if jobs <= 1 || items.len() <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs.min(items.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { return mine };
                        mine.push((i, f(item)));
                    }
                })
            })
            .collect();
        // A panic in `f` is a bug: it goes on in this thread, as it would without threads.
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// `mailhint bounce`: exit 0 whatever the files say (an unreadable file is reported in the
/// output, so a folder of bounces is read to the end); 2 only for unusable arguments, which
/// clap has refused before this runs.
fn bounce(format: Format, lang: Lang, files: &[String], jobs: usize) -> Result<ExitCode> {
    use mailhint_core::bounce::{self, Kind};
    use std::collections::BTreeMap;
    let several = files.len() > 1;
    let mut out = std::io::stdout().lock();
    let (mut hard, mut soft, mut other, mut errors) = (0usize, 0usize, 0usize, 0usize);
    let mut by_reason: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut remove: Vec<String> = Vec::new();
    // Read in batches on `jobs` threads, written in the order given: a folder of thousands of
    // bounces streams out, and memory holds one batch.
    let batches = files.chunks(64 * jobs.max(1));
    let reads = batches.flat_map(|batch| {
        let read = in_parallel(batch, jobs, |name| read_input(name).map(|bytes| bounce::read(&bytes)));
        batch.iter().zip(read)
    });
    for (name, read) in reads {
        let (report, error) = match read {
            Ok(r) => match r.error {
                Some(e) => (None, Some(format!("{name}: {}", e.message()))),
                None => (Some(r), None),
            },
            Err(e) => (None, Some(format!("{name}: {e:#}"))),
        };
        if let Some(e) = &error {
            errors += 1;
            eprintln!("mailhint: {e}");
        }
        let entries: Option<Vec<BounceOut<'_>>> = report.as_ref().map(|r| {
            r.bounces
                .iter()
                .map(|b| BounceOut {
                    recipient: &b.recipient,
                    kind: b.kind.as_str(),
                    reason: b.reason.name(),
                    status: b.status.as_deref(),
                    reply_code: b.reply_code.as_deref(),
                    remote_mta: b.remote_mta.as_deref(),
                    diagnostic: &b.diagnostic,
                    advice: b.advice(lang),
                })
                .collect()
        });
        if let Some(r) = &report {
            for b in &r.bounces {
                match b.kind {
                    Kind::Hard => {
                        hard += 1;
                        if !b.recipient.is_empty() && !remove.contains(&b.recipient) {
                            remove.push(b.recipient.clone());
                        }
                    }
                    Kind::Soft => soft += 1,
                    Kind::NotABounce => other += 1,
                }
                if b.kind != Kind::NotABounce {
                    *by_reason.entry(b.reason.name()).or_default() += 1;
                }
            }
        }
        match format {
            Format::Json => {
                let recipients_cut = report.as_ref().is_some_and(|r| r.recipients_cut);
                let line =
                    BounceFileOut { file: several.then_some(name.as_str()), bounces: entries, error, recipients_cut };
                serde_json::to_writer(&mut out, &line)?;
                writeln!(out)?;
            }
            Format::Text => {
                let Some(entries) = entries else { continue };
                writeln!(out, "{name}:")?;
                if report.as_ref().is_some_and(|r| r.recipients_cut) {
                    let max = mailhint_core::limits::MAX_BOUNCE_RECIPIENTS;
                    writeln!(out, "  ! only the first {max} recipients of a message are listed")?;
                }
                for b in entries {
                    let codes = [b.status, b.reply_code].into_iter().flatten().collect::<Vec<_>>().join(" ");
                    let who = if b.recipient.is_empty() { "(no recipient named)" } else { b.recipient };
                    writeln!(
                        out,
                        "  {who}  {}  {}{}",
                        b.kind,
                        b.reason,
                        if codes.is_empty() { String::new() } else { format!("  {codes}") }
                    )?;
                    if !b.diagnostic.is_empty() {
                        let d: String = b.diagnostic.chars().take(160).collect();
                        let more = if b.diagnostic.chars().count() > 160 { "…" } else { "" };
                        writeln!(out, "      {d}{more}")?;
                    }
                    writeln!(out, "      → {}", b.advice)?;
                }
            }
        }
    }
    if several && format == Format::Text {
        let (t_sum, t_hard, t_soft, t_other, t_err, t_reason, t_remove, t_none) = match lang {
            Lang::En => {
                ("Summary", "hard", "soft", "not bounces", "unreadable", "By reason", "Addresses to remove", "none")
            }
            Lang::ZhCn => ("汇总", "硬退信", "软退信", "非退信", "无法读取", "按原因", "应删除的地址", "无"),
        };
        writeln!(
            out,
            "\n{t_sum}: {} files, {hard} {t_hard}, {soft} {t_soft}, {other} {t_other}, {errors} {t_err}",
            files.len()
        )?;
        if !by_reason.is_empty() {
            let mut reasons: Vec<_> = by_reason.into_iter().collect();
            reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let list: Vec<String> = reasons.iter().map(|(r, n)| format!("{r} {n}")).collect();
            writeln!(out, "{t_reason}: {}", list.join(", "))?;
        }
        writeln!(out, "{t_remove} ({}):", remove.len())?;
        if remove.is_empty() {
            writeln!(out, "  {t_none}")?;
        }
        for a in &remove {
            writeln!(out, "  {a}")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Colours text with an ANSI SGR code (`"32"` green…) when standard output is a terminal and
/// `NO_COLOR` is unset (https://no-color.org), else leaves it plain: pipes and files get text.
fn painter() -> impl Fn(&str, &str) -> String {
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    move |code: &str, text: &str| if colour { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
}
