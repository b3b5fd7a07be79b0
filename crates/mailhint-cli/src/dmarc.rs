//! `mailhint dmarc-report`: DMARC aggregate reports (`.xml`, `.xml.gz`, `.zip`, `.eml`) read by
//! `mailhint_core::dmarc_report`, merged into one analysis (a month of reports at once), with
//! the sources' reverse DNS over DNS-over-HTTPS, from `--zone` files, or not at all
//! (`--offline`).

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use mailhint_core::dmarc_report::{
    analyse, read_file, AggregateReport, Class, Container, DmarcAnalysis, FileRead, PtrState, ReadError, SourceSummary,
    UNREADABLE,
};
use mailhint_core::dns::Lookups;
use mailhint_core::Lang;
use serde::Serialize;

use crate::domain::SourceArgs;
use crate::Format;

/// `mailhint dmarc-report`'s arguments.
pub struct DmarcArgs {
    /// Where reverse DNS answers come from.
    pub source: SourceArgs,
    /// No reverse DNS lookups at all.
    pub offline: bool,
    /// Output format.
    pub format: Format,
    /// The files.
    pub files: Vec<String>,
}

/// One file's status, as the JSON lists it.
#[derive(Serialize)]
struct FileOut<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    container: Option<Container>,
    /// The reports, as read (the fields parsedmarc's comparison reads).
    #[serde(skip_serializing_if = "Option::is_none")]
    reports: Option<&'a [AggregateReport]>,
    /// Why the file could not be read, in the chosen language.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'static str>,
    /// What was skipped or normalised, in the chosen language.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<String>,
}

#[derive(Serialize)]
struct Out<'a> {
    files: Vec<FileOut<'a>>,
    analysis: &'a DmarcAnalysis,
}

/// Exit 0 whatever the files say (an unreadable file is reported in the output, as `mailhint
/// bounce` does, so that a folder of reports is read to the end); 2 for unusable arguments.
pub fn dmarc_report(args: DmarcArgs) -> Result<ExitCode> {
    let lang = args.source.lang.unwrap_or_default();
    let reads: Vec<(String, FileRead)> = args
        .files
        .iter()
        .map(|name| {
            let read = match crate::read_input(name) {
                Ok(bytes) => read_file(&bytes),
                Err(e) => FileRead {
                    container: None,
                    reports: Vec::new(),
                    error: Some(ReadError::new(&UNREADABLE, format!("{e:#}"))),
                },
            };
            (name.clone(), read)
        })
        .collect();
    let reports = || reads.iter().flat_map(|(_, r)| r.reports.iter());
    let (analysis, stats) = if args.offline {
        (analyse(reports(), None, lang), None)
    } else {
        let source = args.source.open_with(mailhint_core::limits::MAX_DOH_IN_FLIGHT, crate::domain::BUDGET_DMARC)?;
        let mut lookups = Lookups::new();
        let (analysis, stats) = source.run(&mut lookups, |l| analyse(reports(), Some(l), lang));
        (analysis, Some(stats))
    };
    let mut out = std::io::stdout().lock();
    let message = |read: &FileRead| read.error.as_ref().map(|e| e.message(lang));
    for (name, read) in &reads {
        if let Some(m) = message(read) {
            eprintln!("mailhint: {name}: {m}");
        }
    }
    match args.format {
        Format::Json => {
            let files = reads
                .iter()
                .map(|(name, read)| FileOut {
                    file: name,
                    container: read.container,
                    reports: read.error.is_none().then_some(read.reports.as_slice()),
                    error: message(read),
                    code: read.error.as_ref().map(|e| e.code),
                    notes: read.reports.iter().flat_map(|r| r.notes.iter().map(|n| n.message(lang))).collect(),
                })
                .collect();
            serde_json::to_writer(&mut out, &Out { files, analysis: &analysis })?;
            writeln!(out)?;
            if let Some(stats) = stats {
                eprintln!("mailhint: {}", stats.summary(Lang::En));
            }
        }
        Format::Text => {
            write_text(&mut out, &reads, &analysis, lang)?;
            if let Some(stats) = stats {
                writeln!(out, "\n  {}", stats.summary(lang))?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `YYYY-MM-DD HH:MM` (UTC) of seconds since 1970, with the warm-up plan's civil-date
/// arithmetic (no date crate for two timestamps a report).
pub(crate) fn utc(seconds: i64) -> String {
    let (year, month, day) = mailhint_core::warmup::civil_from_days(seconds.div_euclid(86_400));
    let secs = seconds.rem_euclid(86_400);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02}", secs / 3600, secs % 3600 / 60)
}

/// Rows of the source table shown in text; JSON has them all.
const TEXT_SOURCES: usize = 40;

fn write_text(out: &mut impl Write, reads: &[(String, FileRead)], analysis: &DmarcAnalysis, lang: Lang) -> Result<()> {
    let paint = crate::painter();
    let zh = lang == Lang::ZhCn;
    let t = |en: &'static str, cn: &'static str| if zh { cn } else { en };
    for (name, read) in reads {
        match &read.error {
            Some(e) => {
                let m = e.message(lang);
                writeln!(out, "{} {}", paint("1", name), paint("31", &format!("{}: {m}", t("error", "错误"))))?;
            }
            None => {
                writeln!(out, "{}", paint("1", name))?;
                for r in &read.reports {
                    let m = &r.metadata;
                    let org = if m.org_name.is_empty() { m.email.as_str() } else { m.org_name.as_str() };
                    let messages: u64 = r.records.iter().map(|x| x.count).sum();
                    writeln!(
                        out,
                        "  {org} · {} {} · {} → {} UTC · {} p={} · {} {} / {} {}",
                        t("report", "报告"),
                        m.report_id,
                        utc(m.begin),
                        utc(m.end),
                        r.policy.domain,
                        r.policy.p,
                        r.records.len(),
                        t("rows", "行"),
                        messages,
                        t("messages", "封邮件"),
                    )?;
                    for n in &r.notes {
                        writeln!(out, "    {} {}", paint("33", "!"), n.message(lang))?;
                    }
                }
            }
        }
    }
    if analysis.duplicates > 0 {
        let line = if zh {
            format!("{} 份重复的报告只计一次。", analysis.duplicates)
        } else {
            format!("{} duplicate report(s) counted once.", analysis.duplicates)
        };
        writeln!(out, "{line}")?;
    }
    for d in &analysis.domains {
        writeln!(out)?;
        let period = format!("{} → {} UTC", utc(d.begin), utc(d.end));
        writeln!(
            out,
            "{} · p={} · {} {} · {period}",
            paint("1", &d.domain),
            d.policy.p,
            d.reports,
            t("report(s)", "份报告"),
        )?;
        writeln!(
            out,
            "  {}: {}  {}: {}  {}: {}  {}: {}",
            t("messages", "邮件"),
            d.messages,
            t("DMARC pass", "DMARC 通过"),
            d.dmarc_pass,
            t("yours", "您的邮件"),
            d.legitimate,
            t("spoofed", "冒用"),
            d.spoofed
        )?;
        writeln!(out)?;
        writeln!(
            out,
            "  {:<39} {}  {:<5} {:<5} {} {} {}",
            "IP",
            pad_left(t("count", "数量"), 7),
            "SPF",
            "DKIM",
            pad(t("disposition", "处理"), 18),
            pad(t("class", "类别"), 14),
            t("PTR / provider", "反向解析 / 服务商")
        )?;
        for s in d.sources.iter().take(TEXT_SOURCES) {
            writeln!(out, "  {}", source_line(s, lang, &paint))?;
        }
        if d.sources.len() > TEXT_SOURCES {
            let more = d.sources.len() - TEXT_SOURCES;
            writeln!(
                out,
                "  … {more} {}",
                t("more sources (--format json lists all)", "个来源未列出（--format json 列出全部）")
            )?;
        }
        let fixes: Vec<&SourceSummary> =
            d.sources.iter().filter(|s| s.class == Class::YoursFailing && s.advice.is_some()).take(10).collect();
        if !fixes.is_empty() {
            writeln!(out, "\n  {}", paint("1", t("Your mail failing alignment", "未对齐的自有邮件")))?;
            for s in fixes {
                if let Some(a) = &s.advice {
                    writeln!(out, "  - {}\n    → {}", a.message, a.fix)?;
                }
            }
        }
        writeln!(out, "\n  {}", paint("1", t("Advice", "建议")))?;
        for a in &d.advice {
            writeln!(out, "  - {}\n    → {}", a.message, a.fix)?;
        }
    }
    if !analysis.complete {
        writeln!(out, "\n  {}", t("(some reverse DNS answers are missing)", "（部分反向解析没有结果）"))?;
    }
    Ok(())
}

fn source_line(s: &SourceSummary, lang: Lang, paint: &impl Fn(&str, &str) -> String) -> String {
    let zh = lang == Lang::ZhCn;
    let mark = |aligned: u64| {
        if aligned == s.count {
            "✓".to_string()
        } else if aligned == 0 {
            "✗".to_string()
        } else {
            format!("{}%", aligned * 100 / s.count.max(1))
        }
    };
    let dispositions = s.dispositions.iter().map(|(d, n)| format!("{d} {n}")).collect::<Vec<_>>().join(", ");
    let (class, colour) = match (s.class, zh) {
        (Class::AlignedPassing, false) => ("aligned", "32"),
        (Class::YoursFailing, false) => ("yours, failing", "33"),
        (Class::Spoofing, false) => ("spoofing", "31"),
        (Class::AlignedPassing, true) => ("已对齐通过", "32"),
        (Class::YoursFailing, true) => ("自有但未对齐", "33"),
        (Class::Spoofing, true) => ("冒用", "31"),
    };
    let ptr = match &s.ptr {
        PtrState::Found { names } => names.join(", "),
        PtrState::None => (if zh { "（无 PTR）" } else { "(no PTR)" }).to_string(),
        PtrState::Failed { reason } => format!("({reason})"),
        PtrState::Pending | PtrState::Skipped => "-".to_string(),
    };
    let who = match &s.provider {
        Some(p) => format!("{ptr} · {}", p.name),
        None => ptr,
    };
    let class = format!("{}{}", paint(colour, class), " ".repeat(14usize.saturating_sub(columns(class))));
    format!(
        "{:<39} {:>7}  {:<5} {:<5} {:<18} {class} {who}",
        s.ip,
        s.count,
        mark(s.spf_aligned),
        mark(s.dkim_aligned),
        dispositions
    )
}

/// Terminal columns of `text`: CJK characters take two.
fn columns(text: &str) -> usize {
    text.chars().map(|c| if c > '\u{1100}' { 2 } else { 1 }).sum()
}

/// `text` padded on the right to `width` columns.
fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(columns(text))))
}

/// `text` padded on the left to `width` columns.
fn pad_left(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(columns(text))))
}

#[cfg(test)]
mod tests {
    #[test]
    fn utc_dates() {
        assert_eq!(super::utc(0), "1970-01-01 00:00");
        assert_eq!(super::utc(1_700_000_000), "2023-11-14 22:13");
        assert_eq!(super::utc(951_782_400), "2000-02-29 00:00");
    }
}
