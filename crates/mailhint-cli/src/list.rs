//! `mailhint list`: an address list (CSV/TSV or one address a line) checked address by address
//! (`mailhint_core::address_list`), each distinct domain looked up once over DoH (or from zone
//! files), earlier bounces removed; the verdicts as text, CSV or JSON, and the clean list and the
//! removed/doubtful rows as CSV files.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};
use mailhint_core::address_list::{
    self, DisposableList, ListCheck, ListOptions, RowVerdict, Rows, Status, Summary, Suppression, REASONS,
};
use mailhint_core::dns::Lookups;
use mailhint_core::limits::MAX_LIST_CONCURRENCY;
use mailhint_core::Lang;
use serde::Serialize;

use crate::domain::SourceArgs;

/// The disposable-mailbox domains shipped with mailhint (the extension reads the same file).
const DISPOSABLE: &str = include_str!("../../mailhint-core/data/disposable-email-domains.txt");

/// How `mailhint list` prints.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// A summary and the removed and doubtful rows.
    Text,
    /// The input's columns and `status`, `reason`, `detail`, every row.
    Csv,
    /// Summary, notes and every row's verdict.
    Json,
}

/// `mailhint list`'s arguments.
pub struct ListArgs {
    /// Where answers come from.
    pub source: SourceArgs,
    /// `--offline`: no lookups at all.
    pub offline: bool,
    /// `--concurrency`.
    pub concurrency: usize,
    /// `--bounces`.
    pub bounces: Vec<String>,
    /// `--format`.
    pub format: ListFormat,
    /// `--clean FILE`.
    pub clean: Option<PathBuf>,
    /// `--removed FILE`.
    pub removed: Option<PathBuf>,
    /// The list, or `-`.
    pub file: String,
}

/// Reads `--bounces` files: `mailhint bounce --format json` output, or bounce messages.
fn suppression(files: &[String]) -> Result<Suppression> {
    let mut s = Suppression::default();
    for name in files {
        let bytes = crate::read_input(name).with_context(|| format!("--bounces {name}"))?;
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
        if first == Some(b'{') {
            let text = String::from_utf8_lossy(&bytes);
            s.add_json(&text).map_err(|e| anyhow::anyhow!("--bounces {name}: {e}"))?;
        } else {
            let report = mailhint_core::bounce::read(&bytes);
            if let Some(e) = report.error {
                bail!("--bounces {name}: {}", e.message());
            }
            s.add_report(&report);
        }
    }
    Ok(s)
}

/// `mailhint list`: 0 with verdicts, 2 when the list or a bounce file cannot be read.
pub fn list(args: ListArgs) -> Result<ExitCode> {
    let lang = args.source.lang.unwrap_or_default();
    if !(1..=MAX_LIST_CONCURRENCY).contains(&args.concurrency) {
        bail!("--concurrency {}: use 1 to {MAX_LIST_CONCURRENCY}", args.concurrency);
    }
    if args.offline && (!args.source.resolvers.is_empty() || !args.source.zones.is_empty()) {
        bail!("--offline excludes --resolver and --zone");
    }
    let suppression = suppression(&args.bounces)?;
    let source =
        if args.offline { None } else { Some(args.source.open_with(args.concurrency, crate::domain::BUDGET_LIST)?) };
    let bytes = crate::read_input(&args.file).with_context(|| args.file.clone())?;
    let table = address_list::read(&bytes).map_err(|e| anyhow::anyhow!("{}: {}", args.file, e.message(lang)))?;
    drop(bytes);
    let disposable = DisposableList::parse(DISPOSABLE);
    let mut check = ListCheck::new(table, ListOptions { disposable: &disposable, suppression: &suppression });
    let mut cost = String::new();
    if let Some(source) = &source {
        let mut lookups = Lookups::new();
        let (_, stats) = source.run(&mut lookups, |l| check.step(l));
        if !check.is_done() {
            check.give_up("the lookups took too many rounds", "查询轮数过多");
        }
        cost = stats.summary(lang);
    }
    if let Some(path) = &args.clean {
        write_csv(path, &check, Rows::Clean, lang)?;
    }
    if let Some(path) = &args.removed {
        write_csv(path, &check, Rows::RemovedOrDoubtful, lang)?;
    }
    let mut out = std::io::stdout().lock();
    let summary = check.summary();
    match args.format {
        ListFormat::Text => write_text(&mut out, &args.file, &check, &summary, args.offline, lang)?,
        ListFormat::Csv => {
            out.write_all(check.csv(Rows::All, lang).as_bytes())?;
            out.flush()?;
            eprint!("{}", summary_text(&args.file, &check, &summary, args.offline, lang));
        }
        ListFormat::Json => {
            serde_json::to_writer(&mut out, &json_out(&check, &summary, lang))?;
            writeln!(out)?;
        }
    }
    if !cost.is_empty() {
        eprintln!("mailhint: {cost}");
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_csv(path: &PathBuf, check: &ListCheck, rows: Rows, lang: Lang) -> Result<()> {
    std::fs::write(path, check.csv(rows, lang)).with_context(|| format!("cannot write {}", path.display()))
}

/// The summary: what was read, then the list before and after, by reason.
fn summary_text(file: &str, check: &ListCheck, s: &Summary, offline: bool, lang: Lang) -> String {
    let t = &check.table;
    let column = t.columns.get(t.email_column).map(String::as_str).unwrap_or("");
    let mut out = String::new();
    let zh = lang == Lang::ZhCn;
    out += &match zh {
        false => format!(
            "{file}: {} rows, email column \"{column}\" ({} of {}), {} domains\n",
            s.rows,
            t.email_column + 1,
            t.columns.len(),
            s.domains
        ),
        true => format!(
            "{file}：{} 行，邮箱列「{column}」（第 {} 列，共 {} 列），{} 个域名\n",
            s.rows,
            t.email_column + 1,
            t.columns.len(),
            s.domains
        ),
    };
    for note in &t.notes {
        out += &format!("  {} {}\n", if zh { "注意：" } else { "note:" }, note.message(lang));
    }
    if offline {
        out += if zh {
            "  注意：--offline，未查询域名的邮件服务器\n"
        } else {
            "  note: --offline: domains were not looked up\n"
        };
    }
    out += &match zh {
        false => format!("Before: {} addresses\n", s.rows),
        true => format!("检查前：{} 个地址\n", s.rows),
    };
    for (reason, n) in &s.by_reason {
        let status = match (reason.status(), zh) {
            (Status::Remove, false) => "remove",
            (Status::Doubtful, false) => "doubtful",
            (Status::Keep, false) => "note",
            (Status::Remove, true) => "删除",
            (Status::Doubtful, true) => "存疑",
            (Status::Keep, true) => "提示",
        };
        out += &format!("  {status:<8} {n:>7}  {}\n", reason.label(lang));
    }
    out += &match zh {
        false => format!(
            "After: {} in the clean list ({} doubtful, kept for review), {} removed\n",
            s.clean, s.doubtful, s.removed
        ),
        true => format!(
            "检查后：干净名单 {} 个（其中存疑 {} 个，保留待核实），删除 {} 个\n",
            s.clean, s.doubtful, s.removed
        ),
    };
    out
}

fn write_text(
    out: &mut impl Write,
    file: &str,
    check: &ListCheck,
    s: &Summary,
    offline: bool,
    lang: Lang,
) -> Result<()> {
    write!(out, "{}", summary_text(file, check, s, offline, lang))?;
    let listed: Vec<&RowVerdict> = check.verdicts().iter().filter(|v| v.status != Status::Keep).collect();
    if listed.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{}", if lang == Lang::ZhCn { "删除和存疑的地址：" } else { "Removed and doubtful:" })?;
    let header_lines = usize::from(check.table.has_header);
    for v in listed {
        let status = match (v.status, lang) {
            (Status::Remove, Lang::En) => "remove",
            (Status::Remove, Lang::ZhCn) => "删除",
            (_, Lang::En) => "doubtful",
            (_, Lang::ZhCn) => "存疑",
        };
        let row = v.row + 1 + header_lines;
        let shown = if v.address.is_empty() { "—" } else { &v.address };
        writeln!(out, "  {row:>6}  {status:<8}  {shown}  {}", v.details(lang))?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonOut<'a> {
    columns: &'a [String],
    email_column: usize,
    delimiter: Option<char>,
    has_header: bool,
    notes: Vec<String>,
    summary: &'a Summary,
    reasons: Vec<JsonReason>,
    rows: Vec<JsonRow<'a>>,
}

#[derive(Serialize)]
struct JsonReason {
    code: &'static str,
    name: &'static str,
    status: Status,
    label: &'static str,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    row: usize,
    address: &'a str,
    status: Status,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'static str,
    reason: &'static str,
    detail: &'a str,
}

fn json_out<'a>(check: &'a ListCheck, summary: &'a Summary, lang: Lang) -> JsonOut<'a> {
    let t = &check.table;
    JsonOut {
        columns: &t.columns,
        email_column: t.email_column,
        delimiter: t.delimiter,
        has_header: t.has_header,
        notes: t.notes.iter().map(|n| n.message(lang)).collect(),
        summary,
        reasons: REASONS
            .iter()
            .map(|r| JsonReason { code: r.code, name: r.name, status: r.status, label: r.label.get(lang) })
            .collect(),
        rows: check
            .verdicts()
            .iter()
            .map(|v| JsonRow {
                row: v.row,
                address: &v.address,
                status: v.status,
                findings: v
                    .findings
                    .iter()
                    .map(|f| JsonFinding { code: f.reason.doc().code, reason: f.reason.name(), detail: f.detail(lang) })
                    .collect(),
            })
            .collect(),
    }
}
