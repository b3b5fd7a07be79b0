//! `mailhint report`: a message's raw source as a receiver got it, scored out of 10 with each
//! deduction explained (`mailhint_core::raw_report`), its DNS answers (DKIM keys, SPF, DMARC,
//! reverse DNS, blocklists) over DNS-over-HTTPS or from `--zone` files.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use mailhint_core::dns::Lookups;
use mailhint_core::raw_report::{report_message, MessageOptions, MessageReport};
use mailhint_core::Lang;

use crate::domain::SourceArgs;
use crate::Format;

/// `mailhint report`'s arguments.
pub struct ReportArgs {
    /// Where answers come from.
    pub source: SourceArgs,
    /// Output format.
    pub format: Format,
    /// The file, or `-`.
    pub file: String,
}

/// Exit 0 with a report, 2 when the input is no message or the arguments are unusable.
pub fn report(args: ReportArgs) -> Result<ExitCode> {
    let raw = crate::read_input(&args.file).map_err(|e| anyhow::anyhow!("{}: {e:#}", args.file))?;
    let lang = args.source.lang.unwrap_or_default();
    let options = MessageOptions { lang, ..MessageOptions::default() };
    // Unreadable bytes are an error before any lookup.
    report_message(&raw, &Lookups::new(), &options).map_err(|e| anyhow::anyhow!("{}: {e}", args.file))?;
    let source = args.source.open()?;
    let mut lookups = Lookups::new();
    // The rounds need only the header checks; the content linter runs once, at the end.
    let headers_only = MessageOptions { skip_content: true, ..options.clone() };
    let (_, stats) = source.run(&mut lookups, |l| report_message(&raw, l, &headers_only));
    let report = report_message(&raw, &lookups, &options)?;
    lookups.take_missing();
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            stats.write_json(&mut out, &report)?;
        }
        Format::Text => {
            write_text(&mut out, &args.file, &report, lang)?;
            writeln!(out, "\n  {}", stats.summary(lang))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_text(out: &mut impl Write, name: &str, report: &MessageReport, lang: Lang) -> Result<()> {
    let paint = crate::painter();
    let zh = lang == Lang::ZhCn;
    let score_colour = match report.score {
        s if s >= 9.0 => "32",
        s if s >= 5.0 => "33",
        _ => "31",
    };
    let score = paint(&format!("1;{score_colour}"), &format!("{:.1}/10", report.score));
    let incomplete = match (report.complete, zh) {
        (true, _) => "",
        (false, false) => " (incomplete: lookups still missing)",
        (false, true) => "（未完成：仍有查询没有结果）",
    };
    writeln!(out, "{}: {score}{incomplete}", paint("1", name))?;
    for note in &report.content.clipped {
        writeln!(out, "  {} {}", paint("33", "!"), note.message)?;
    }

    let f = &report.facts;
    let none = if zh { "（无）" } else { "(none)" };
    let line = |out: &mut dyn Write, label_en: &str, label_zh: &str, value: String| -> Result<()> {
        let label = if zh { label_zh } else { label_en };
        // CJK characters take two columns.
        let width: usize = label.chars().map(|c| if c > '\u{1100}' { 2 } else { 1 }).sum();
        writeln!(out, "  {label}{} {value}", " ".repeat(16usize.saturating_sub(width)))?;
        Ok(())
    };
    writeln!(out)?;
    line(out, "From domain", "发件域名", f.from_domain.clone().unwrap_or_else(|| none.into()))?;
    line(
        out,
        "Return-Path",
        "Return-Path",
        f.return_path.as_ref().map(|r| format!("<{r}>")).unwrap_or_else(|| none.into()),
    )?;
    let ip = match (f.sending_ip, &f.helo) {
        (Some(ip), Some(helo)) => format!("{ip} (HELO {helo})"),
        (Some(ip), None) => ip.to_string(),
        _ => none.into(),
    };
    line(out, "Sending IP", "发信 IP", ip)?;
    if !f.ptr.is_empty() {
        line(out, "PTR", "反向解析", f.ptr.join(", "))?;
    }
    for ar in &f.auth_results {
        let results: Vec<String> = ar.results.iter().map(|r| format!("{}={}", r.method, r.result)).collect();
        line(out, "Receiver", "收件方结果", format!("{}: {}", ar.authserv_id, results.join(" ")))?;
    }
    if let Some(spf) = &f.spf {
        line(out, "SPF", "SPF", format!("{} ({})", spf.verdict.as_str(), spf.reason))?;
    }
    match &f.dkim {
        Some(checks) if checks.is_empty() => {
            line(out, "DKIM", "DKIM", if zh { "未签名".into() } else { "not signed".into() })?
        }
        Some(checks) => {
            for c in checks {
                let detail = if c.detail.is_empty() { String::new() } else { format!(" ({})", c.detail) };
                line(out, "DKIM", "DKIM", format!("d={} s={}: {}{detail}", c.domain, c.selector, c.verdict.as_str()))?;
            }
        }
        None => line(out, "DKIM", "DKIM", if zh { "未验证".into() } else { "not verified".into() })?,
    }
    if let Some(aligned) = f.aligned {
        let policy =
            f.dmarc_policy.as_deref().map(|p| format!("{}p={p}", if zh { "，" } else { ", " })).unwrap_or_default();
        let word = match (aligned, zh) {
            (true, false) => "aligned with From",
            (false, false) => "not aligned with From",
            (true, true) => "与 From 对齐",
            (false, true) => "未与 From 对齐",
        };
        line(out, "DMARC", "DMARC", format!("{word}{policy}"))?;
    }
    for unknown in &f.unknown {
        line(out, "Could not check", "无法检查", unknown.clone())?;
    }

    writeln!(out)?;
    if report.deductions.is_empty() {
        writeln!(out, "  {}", if zh { "没有扣分。" } else { "Nothing deducted." })?;
    }
    for d in &report.deductions {
        let points = paint("31", &format!("-{:.1}", d.points));
        writeln!(out, "  {points:>5} {:<4} {}", d.code, d.message)?;
    }
    let fixes: Vec<_> = report.findings.iter().filter(|f| f.points > 0.0).collect();
    if !fixes.is_empty() {
        writeln!(out, "\n  {}", paint("1", if zh { "修复建议" } else { "How to fix" }))?;
        for f in fixes {
            writeln!(out, "  {:<4} {}", f.code, f.fix)?;
        }
    }
    if report.content.findings.iter().any(|f| f.points > 0.0) {
        let hint = if zh {
            "内容问题的修复：mailhint check FILE"
        } else {
            "Fixes for the content findings: mailhint check FILE"
        };
        writeln!(out, "\n  {hint}")?;
    }
    Ok(())
}
