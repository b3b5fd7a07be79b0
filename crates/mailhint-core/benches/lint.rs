//! Prints figures, asserts nothing: throughput over the labelled ham/spam sample, p50/p99 for a
//! 2 KB draft and a 100 KB HTML draft, and peak memory. Run by `./build.sh bench`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use mailhint_core::{check_bytes, Options};

fn main() {
    let options = Options::default();
    corpus_throughput(&options);
    if let Some(list) = std::env::var_os("MAILHINT_BENCH_LIST") {
        sample_throughput(&std::fs::read_to_string(list).unwrap_or_default(), &options);
    }
    latency("2 KB draft", &two_kb_draft(), 20_000, &options);
    latency("100 KB HTML draft", &hundred_kb_html(), 500, &options);
    slowest_rules(&hundred_kb_html());
    if let Some(kib) = peak_memory_kib() {
        println!("peak memory (VmHWM): {:.1} MiB", kib as f64 / 1024.0);
    }
}

fn corpus_throughput(options: &Options) {
    let dir = std::env::var_os("MAILHINT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
        .join("corpus/mail");
    let Ok(labels) = std::fs::read_to_string(dir.join("labels.tsv")) else {
        println!("corpus throughput: SKIPPED ({} is absent)", dir.display());
        return;
    };
    let messages: Vec<Vec<u8>> =
        labels.lines().skip(1).filter_map(|l| std::fs::read(dir.join(l.split('\t').next()?)).ok()).collect();
    let bytes: usize = messages.iter().map(Vec::len).sum();
    let rounds = 3;
    let start = Instant::now();
    for _ in 0..rounds {
        for m in &messages {
            std::hint::black_box(check_bytes(m, options).ok());
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = (messages.len() * rounds) as f64;
    println!(
        "corpus throughput: {:.0} messages/s ({} messages, {:.1} MB, {} rounds, {:.2} s)",
        n / secs,
        messages.len(),
        bytes as f64 / 1e6,
        rounds,
        secs
    );
}

/// Throughput over the files `bench.py` also gives SpamAssassin (one path a line).
fn sample_throughput(list: &str, options: &Options) {
    let messages: Vec<Vec<u8>> = list.lines().filter_map(|p| std::fs::read(p).ok()).collect();
    if messages.is_empty() {
        return;
    }
    let rounds = 20;
    let start = Instant::now();
    for _ in 0..rounds {
        for m in &messages {
            std::hint::black_box(check_bytes(m, options).ok());
        }
    }
    let rate = (messages.len() * rounds) as f64 / start.elapsed().as_secs_f64();
    println!("sample throughput: {rate:.0} messages/s ({} messages, {rounds} rounds)", messages.len());
}

fn latency(name: &str, draft: &[u8], runs: usize, options: &Options) {
    for _ in 0..runs / 10 {
        std::hint::black_box(check_bytes(draft, options).ok());
    }
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(check_bytes(draft, options).ok());
            t.elapsed()
        })
        .collect();
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "{name} ({} bytes): p50 {:.3} ms, p99 {:.3} ms over {runs} runs",
        draft.len(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3
    );
}

/// The five rules that take longest on `draft` (each run alone, rendering included), so that a
/// slow rule shows up in the figures rather than in a user's typing.
fn slowest_rules(draft: &[u8]) {
    let base = median_ms(draft, &Options { only: Some("---"), ..Options::default() }, 50);
    let mut times: Vec<(f64, &str)> = mailhint_core::rules::all()
        .map(|r| (median_ms(draft, &Options { only: Some(r.code), ..Options::default() }, 50) - base, r.code))
        .collect();
    times.sort_by(|a, b| b.0.total_cmp(&a.0));
    let top: Vec<String> = times.iter().take(5).map(|(ms, code)| format!("{code} {ms:.3} ms")).collect();
    println!("100 KB HTML draft: parsing and rendering {base:.3} ms; slowest rules: {}", top.join(", "));
}

fn median_ms(draft: &[u8], options: &Options, runs: usize) -> f64 {
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(check_bytes(draft, options).ok());
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[runs / 2]
}

/// A realistic first-contact email of about 2 KB, as the extension sends it.
fn two_kb_draft() -> Vec<u8> {
    let para = "<p>Thank you for visiting our booth at the Canton Fair. As discussed, we manufacture IP65 LED \
                high-bay lights for warehouses and factories, with CE and RoHS certificates. Our lead time is \
                25 days after deposit and the MOQ is 200 pieces per model.</p>";
    let html = format!(
        "<p>Hi Maria,</p>{}<p>Would a sample and a quotation be useful? See <a href=\"https://x-lighting.com/high-bay\">\
         the high-bay range</a>.</p><p>Best regards,<br>Lily Chen<br>X Lighting Co., Ltd.</p>",
        para.repeat(6)
    );
    serde_json::json!({
        "subject": "IP65 high-bays for your new warehouse",
        "from": "Lily Chen <lily@x-lighting.com>",
        "to": ["Maria Rossi <maria@acme.example>"],
        "html": html,
        "attachments": [{"name": "high-bay-spec.pdf", "size": 183000, "type": "application/pdf"}]
    })
    .to_string()
    .into_bytes()
}

/// A 100 KB HTML newsletter: tables, styles, images and links.
fn hundred_kb_html() -> Vec<u8> {
    let block = "<table width=\"600\" style=\"background:#ffffff\"><tr><td style=\"font-family:Arial;color:#333333;\
                 font-size:14px\"><h2>New arrivals</h2><img src=\"https://cdn.x-lighting.com/p.jpg\" width=\"560\" \
                 height=\"300\" alt=\"Product\"><p>Our new linear high-bay saves 30% energy against the previous \
                 model and ships from stock in Ningbo. Read the <a href=\"https://x-lighting.com/news/linear\">full \
                 story</a> or <a href=\"https://x-lighting.com/contact\">ask for a sample</a>.</p></td></tr></table>";
    let mut html = String::from("<html><head><title>News</title></head><body>");
    while html.len() < 100 * 1024 {
        html.push_str(block);
    }
    html.push_str("<p><a href=\"https://x-lighting.com/unsubscribe\">Unsubscribe</a></p></body></html>");
    serde_json::json!({
        "subject": "X Lighting news: linear high-bays",
        "from": "X Lighting <news@x-lighting.com>",
        "to": ["maria@acme.example"],
        "html": html,
        "mode": "campaign"
    })
    .to_string()
    .into_bytes()
}

fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
