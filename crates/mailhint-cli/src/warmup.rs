//! `mailhint warmup`: the warm-up plan (`mailhint_core::warmup`) as a table with its notes,
//! checkpoints, numbers and sources, as CSV for a spreadsheet, or as JSON.
//!
//! The only part here the core cannot do is read the clock: without `--start` the plan starts
//! today (UTC).

use std::io::Write;
use std::process::ExitCode;

use anyhow::{anyhow, bail, Result};
use mailhint_core::warmup::{self, Date, Mix, Plan, PlanInput, Provider};
use mailhint_core::Lang;

/// Output formats of `mailhint warmup`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum WarmupFormat {
    Text,
    Csv,
    Json,
}

pub(crate) struct WarmupArgs {
    pub volume: u64,
    pub start: Option<String>,
    pub existing_domain: bool,
    pub new_ip: bool,
    pub list: Option<String>,
    pub mix: Option<String>,
    pub format: WarmupFormat,
    pub lang: Lang,
}

pub(crate) fn warmup(args: WarmupArgs) -> Result<ExitCode> {
    let lang = args.lang;
    let start = match &args.start {
        Some(text) => Date::parse(text).map_err(|e| anyhow!("--start {text:?}: {}", e.message(lang)))?,
        None => today()?,
    };
    let mix = match (&args.list, &args.mix) {
        (Some(path), _) => {
            let bytes = crate::read_input(path).map_err(|e| anyhow!("{path}: {e:#}"))?;
            if bytes.len() > mailhint_core::limits::MAX_INPUT_BYTES {
                bail!("{path}: larger than {} bytes", mailhint_core::limits::MAX_INPUT_BYTES);
            }
            let (mix, counted) = Mix::from_addresses(&String::from_utf8_lossy(&bytes));
            let Some(mix) = mix else { bail!("{path}: no email addresses found") };
            eprintln!("mailhint: {counted} addresses counted in {path}");
            Some(mix)
        }
        (None, Some(text)) => Some(parse_mix(text)?),
        (None, None) => None,
    };
    let input = PlanInput { volume: args.volume, start, new_domain: !args.existing_domain, new_ip: args.new_ip, mix };
    let plan = warmup::plan(&input, lang).map_err(|e| anyhow!("{}", e.message(lang)))?;
    let mut out = std::io::stdout().lock();
    match args.format {
        WarmupFormat::Json => {
            serde_json::to_writer(&mut out, &plan)?;
            writeln!(out)?;
        }
        WarmupFormat::Csv => out.write_all(plan.to_csv().as_bytes())?,
        WarmupFormat::Text => write_text(&mut out, &plan)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Today's date in UTC, from the system clock.
fn today() -> Result<Date> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| anyhow!("the system clock is before 1970: give --start YYYY-MM-DD"))?
        .as_secs();
    Date::from_unix_days((seconds / 86_400) as i64).map_err(|e| anyhow!("today's date: {e}; give --start YYYY-MM-DD"))
}

/// `gmail=40,outlook=20,qq=15,other=25`: weights of any scale.
fn parse_mix(text: &str) -> Result<Mix> {
    let mut weights = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((id, weight)) = part.split_once('=') else {
            bail!("--mix {part:?}: write PROVIDER=SHARE, e.g. gmail=40,qq=20,other=40");
        };
        let provider = Provider::from_id(id).ok_or_else(|| {
            anyhow!("--mix: unknown provider {id:?}: use gmail, outlook, yahoo, qq, netease or other")
        })?;
        let weight: f64 =
            weight.trim().trim_end_matches('%').parse().map_err(|_| anyhow!("--mix {part:?}: not a number"))?;
        if !(weight.is_finite() && weight >= 0.0) {
            bail!("--mix {part:?}: a share is a number of 0 or more");
        }
        weights.push((provider, weight));
    }
    Mix::from_weights(&weights).ok_or_else(|| anyhow!("--mix {text:?}: no share above 0"))
}

/// The words of the text view.
struct Words {
    title: &'static str,
    /// "{title}{colon}…" and "{domain}{comma}{ip}".
    colon: &'static str,
    comma: &'static str,
    per_day: &'static str,
    days: &'static str,
    new_domain: &'static str,
    existing_domain: &'static str,
    new_ip: &'static str,
    existing_ip: &'static str,
    header: [&'static str; 3],
    providers: &'static str,
    share: &'static str,
    bulk_line: &'static str,
    no_number: &'static str,
    checkpoints: &'static str,
    figures: &'static str,
    published: &'static str,
    convention: &'static str,
    sources: &'static str,
    explain: &'static str,
}

const EN: Words = Words {
    title: "Warm-up plan",
    colon: ": ",
    comma: ", ",
    per_day: "/day",
    days: "days",
    new_domain: "new domain",
    existing_domain: "domain with sending history",
    new_ip: "new IP",
    existing_ip: "IP with sending history",
    header: ["Day", "Date", "Total"],
    providers: "Providers",
    share: "of the list",
    bulk_line: "bulk-sender line",
    no_number: "no published number",
    checkpoints: "Checkpoints (check every day)",
    figures: "Where the numbers come from",
    published: "published",
    convention: "convention",
    sources: "Sources",
    explain: "Published: a provider or sending service states it (source below). Convention: no one publishes it; \
              our choice, and why.",
};

const ZH: Words = Words {
    title: "预热计划",
    colon: "：",
    comma: "，",
    per_day: " 封/天",
    days: "天",
    new_domain: "新域名",
    existing_domain: "有发信记录的域名",
    new_ip: "新 IP",
    existing_ip: "有发信记录的 IP",
    header: ["天", "日期", "总量"],
    providers: "各服务商",
    share: "占名单",
    bulk_line: "批量发件人线",
    no_number: "无公开数值",
    checkpoints: "检查点（每天检查）",
    figures: "数值来源",
    published: "官方公布",
    convention: "惯例",
    sources: "来源",
    explain: "官方公布：由邮箱服务商或发信服务商明确给出（见下方来源）。惯例：没有官方数值，是我们的取值及理由。",
};

/// Columns wide enough for CJK text: East Asian wide characters take two cells.
fn width(s: &str) -> usize {
    s.chars().map(|c| if ('\u{1100}'..='\u{115F}').contains(&c) || c >= '\u{2E80}' { 2 } else { 1 }).sum()
}

fn pad_left(s: &str, cells: usize) -> String {
    format!("{}{s}", " ".repeat(cells.saturating_sub(width(s))))
}

/// 20000 → "20,000".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        thousands(value as u64)
    } else {
        format!("{value}")
    }
}

fn write_text(out: &mut impl Write, plan: &Plan) -> Result<()> {
    let w = match plan.lang {
        Lang::En => &EN,
        Lang::ZhCn => &ZH,
    };
    let domain = if plan.new_domain { w.new_domain } else { w.existing_domain };
    let ip = if plan.new_ip { w.new_ip } else { w.existing_ip };
    writeln!(
        out,
        "{}{}{}{} · {} · {domain}{}{ip} · {} {}\n",
        w.title,
        w.colon,
        thousands(plan.volume),
        w.per_day,
        plan.start,
        w.comma,
        plan.days.len(),
        w.days
    )?;

    let mut headers: Vec<&str> = w.header.to_vec();
    headers.extend(plan.providers.iter().map(|p| p.name));
    let rows: Vec<Vec<String>> = plan
        .days
        .iter()
        .map(|d| {
            let mut cells = vec![d.day.to_string(), d.date.clone(), thousands(d.total)];
            cells.extend(d.caps.iter().map(|&c| thousands(c)));
            cells
        })
        .collect();
    let widths: Vec<usize> = (0..headers.len())
        .map(|i| rows.iter().map(|r| width(&r[i])).chain([width(headers[i])]).max().unwrap_or(0))
        .collect();
    let line = |cells: &[&str]| cells.iter().zip(&widths).map(|(c, &n)| pad_left(c, n)).collect::<Vec<_>>().join("  ");
    writeln!(out, "{}", line(&headers))?;
    for (day, row) in plan.days.iter().zip(&rows) {
        writeln!(out, "{}", line(&row.iter().map(String::as_str).collect::<Vec<_>>()))?;
        for note in &day.notes {
            writeln!(out, "{}  → {}", " ".repeat(widths[0]), note.text)?;
        }
    }

    let figure = |id: &str| plan.figures.iter().find(|f| f.id == id);
    let tag = |published: bool| if published { w.published } else { w.convention };
    if !plan.providers.is_empty() {
        writeln!(out, "\n{}", w.providers)?;
        for p in &plan.providers {
            let line = match p.bulk_line.and_then(figure) {
                Some(f) => {
                    format!("{} {}{} [{}]", w.bulk_line, number(f.value), w.per_day, tag(f.provenance == "published"))
                }
                None => format!("{}: {}", w.bulk_line, w.no_number),
            };
            writeln!(out, "  {}  {:.0}% {} · {}{}", p.name, p.share * 100.0, w.share, thousands(p.target), w.per_day)?;
            writeln!(out, "    {line}\n    {}", p.advice)?;
        }
    }

    writeln!(out, "\n{}", w.checkpoints)?;
    for c in &plan.checkpoints {
        let threshold = c.percent.map(|p| format!(" ≥ {p}%")).unwrap_or_default();
        let source = c.source.map(|s| format!(", {s}")).unwrap_or_default();
        writeln!(out, "  {}{threshold} [{}{source}]", c.metric, tag(c.provenance == "published"))?;
        writeln!(out, "    {}", c.action)?;
    }

    writeln!(out, "\n{}\n  {}", w.figures, w.explain)?;
    for f in &plan.figures {
        let value = match f.unit {
            warmup::Unit::Percent => format!("{}%", number(f.value)),
            warmup::Unit::Factor => format!("×{}", f.value),
            warmup::Unit::PerDay => format!("{}{}", number(f.value), w.per_day),
            warmup::Unit::Days => format!("{} {}", number(f.value), w.days),
        };
        match (f.source, f.why) {
            (Some(source), _) => writeln!(out, "  [{}] {value}  {} ({source})", w.published, f.what)?,
            (None, why) => writeln!(out, "  [{}] {value}  {}\n      {}", w.convention, f.what, why.unwrap_or(""))?,
        }
    }

    writeln!(out, "\n{}", w.sources)?;
    for s in &plan.sources {
        writeln!(out, "  {} · {}: {}\n    {}\n    {}", s.id, s.publisher, s.title, s.url, s.states)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_widths_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(10_000_000), "10,000,000");
        assert_eq!(width("QQ 邮箱"), 7);
        assert_eq!(pad_left("天", 3), " 天");
    }

    #[test]
    fn a_mix_is_read_or_refused_with_a_reason() {
        let mix = parse_mix("gmail=60, qq=40%").unwrap();
        assert_eq!(mix.shares(), &[(Provider::Gmail, 0.6), (Provider::Qq, 0.4)]);
        for (bad, says) in [
            ("gmail", "PROVIDER=SHARE"),
            ("hotmail=3", "unknown provider"),
            ("gmail=x", "not a number"),
            ("gmail=-1", "0 or more"),
            ("gmail=inf", "0 or more"),
            ("gmail=0", "no share above 0"),
        ] {
            let e = parse_mix(bad).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}
