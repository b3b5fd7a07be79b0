//! Prints figures, asserts nothing: DMARC report reading in-process (read + analyse, no reverse
//! DNS), over the files listed one per line in `$MAILHINT_BENCH_DMARC_LIST`, best of
//! `$MAILHINT_BENCH_ROUNDS` (default 20) passes. Run by `tests/bench/dmarc.sh`, which compares it
//! with parsedmarc on the same files in the same run.

use std::time::Instant;

use mailhint_core::dmarc_report::{analyse, read_file};
use mailhint_core::Lang;

fn main() {
    let Some(list) = std::env::var_os("MAILHINT_BENCH_DMARC_LIST") else {
        println!("dmarc: SKIPPED (MAILHINT_BENCH_DMARC_LIST is not set; tests/bench/dmarc.sh sets it)");
        return;
    };
    let list = std::fs::read_to_string(list).unwrap_or_default();
    let files: Vec<Vec<u8>> = list.lines().filter_map(|p| std::fs::read(p).ok()).collect();
    let rounds: usize = std::env::var("MAILHINT_BENCH_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(20);
    let bytes: usize = files.iter().map(Vec::len).sum();
    let mut best = f64::INFINITY;
    let mut reports = 0;
    let mut messages = 0;
    for _ in 0..rounds.max(1) {
        let start = Instant::now();
        let reads: Vec<_> = files.iter().map(|f| read_file(f)).collect();
        let analysis = analyse(reads.iter().flat_map(|r| r.reports.iter()), None, Lang::En);
        let secs = start.elapsed().as_secs_f64();
        reports = reads.iter().map(|r| r.reports.len()).sum::<usize>();
        messages = analysis.messages;
        std::hint::black_box(&analysis);
        best = best.min(secs);
    }
    // One line for the script to read, then the same in words.
    println!("IN_PROCESS files={} bytes={bytes} reports={reports} messages={messages} seconds={best:.6}", files.len());
    println!(
        "mailhint in-process: {:.0} reports/s, {:.1} MB/s ({} files, {:.2} MB, best of {rounds}: {:.2} ms)",
        reports as f64 / best,
        bytes as f64 / 1e6 / best,
        files.len(),
        bytes as f64 / 1e6,
        best * 1e3
    );
}
