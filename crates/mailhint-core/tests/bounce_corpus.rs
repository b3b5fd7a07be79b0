//! The bounce reader against Sisimai's public corpus (`../shared/corpus/bounces`, labels from
//! Sisimai v5's own test expectations).
//!
//! Recipients are matched **by index**: `labels.tsv` gives each recipient's position in the
//! message (`rcpt_index`, from 1) and no address, so our n-th entry is compared with the n-th
//! label; a missing entry counts as a disagreement. Status codes are compared only where the
//! label's code is one the message carries (not Sisimai's invented `x.0.9xx`).
//!
//! `BOUNCE_CORPUS_VERBOSE=1` prints every disagreement.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mailhint_core::bounce::{self, Kind};

/// `../shared/corpus/bounces` from the project root, or from any folder above it (a worktree).
fn corpus() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.ancestors().map(|a| a.join("../shared/corpus/bounces")).find(|p| p.join("labels.tsv").is_file())
}

#[test]
fn bounce_corpus_agreement() {
    let Some(dir) = corpus() else {
        eprintln!("SKIPPED: the bounce corpus (../shared/corpus/bounces) is absent");
        return;
    };
    let verbose = std::env::var_os("BOUNCE_CORPUS_VERBOSE").is_some();
    // Every file of every folder reads without error.
    let mut reports = BTreeMap::new();
    let mut errors = Vec::new();
    for folder in ["bsd", "dos", "mac", "err", "not", "tmp"] {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let raw = std::fs::read(&path).unwrap();
            let report = bounce::read(&raw);
            let name = format!("{folder}/{}", path.file_name().unwrap().to_string_lossy());
            if report.error.is_some() || report.bounces.is_empty() {
                errors.push(format!("{name}: {:?}", report.error));
            }
            reports.insert(name, report);
        }
    }
    assert!(reports.len() > 500, "only {} files read", reports.len());

    let labels = std::fs::read_to_string(dir.join("labels.tsv")).unwrap();
    let (mut total, mut reason_ok, mut kind_ok, mut status_total, mut status_ok) = (0, 0, 0, 0, 0);
    let mut confusion: BTreeMap<(String, String), usize> = BTreeMap::new();
    for line in labels.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, index, reason, hard, status) =
            (cols[0], cols[1], cols[2], cols[3], cols.get(4).copied().unwrap_or(""));
        let Some(report) = reports.get(file) else { panic!("labelled file {file} not read") };
        let index: usize = index.parse().unwrap();
        let ours = report.bounces.get(index - 1);
        total += 1;
        let our_reason = ours.map_or("(missing)", |b| b.reason.name());
        let want_reason = match reason {
            "emailtoolarge" => "mesgtoobig",
            "ratelimited" => "speeding",
            r => r,
        };
        let reason_agrees = our_reason == want_reason;
        reason_ok += usize::from(reason_agrees);
        let want_kind = match (reason, hard) {
            ("not-a-bounce" | "delivered" | "feedback" | "vacation", _) => Kind::NotABounce,
            (_, "1") => Kind::Hard,
            _ => Kind::Soft,
        };
        let kind_agrees = ours.is_some_and(|b| b.kind == want_kind);
        kind_ok += usize::from(kind_agrees);
        *confusion.entry((want_reason.to_string(), our_reason.to_string())).or_default() += 1;
        let invented = status.is_empty() || status.get(1..5) == Some(".0.9");
        if !invented {
            status_total += 1;
            status_ok += usize::from(ours.and_then(|b| b.status.as_deref()) == Some(status));
        }
        if verbose && (!reason_agrees || !kind_agrees) {
            println!(
                "DISAGREE {file} #{index}: label {want_reason}/{want_kind:?} {status} — ours {our_reason}/{:?} {:?} {:?}: {}",
                ours.map(|b| b.kind),
                ours.and_then(|b| b.status.as_deref()),
                ours.map(|b| b.recipient.as_str()),
                ours.map_or(String::new(), |b| b.diagnostic.chars().take(160).collect())
            );
        }
    }
    println!("\nconfusion (label → ours: count), disagreements only:");
    for ((want, got), n) in &confusion {
        if want != got {
            println!("  {want:>16} → {got:<16} {n}");
        }
    }
    println!("\nagreements per reason:");
    for ((want, got), n) in &confusion {
        if want == got {
            print!("{want} {n}  ");
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "\n\nrecipients {total}: reason agreement {:.1} %, hard/soft agreement {:.1} %, status agreement {:.1} % ({status_ok}/{status_total} where the message has a code); {} files read",
        pct(reason_ok, total),
        pct(kind_ok, total),
        pct(status_ok, status_total),
        reports.len()
    );
    assert!(errors.is_empty(), "files read with an error: {errors:#?}");
    // Issue 5's bar is 95 %; the floor is what the reader reaches (98.4 % when this was
    // written: the disagreements left are listed with BOUNCE_CORPUS_VERBOSE=1) and only ever
    // moves up.
    const REASON_TARGET: f64 = 95.0;
    const REASON_FLOOR: f64 = 98.0;
    let reason = pct(reason_ok, total);
    eprintln!("reason agreement {reason:.1} % (issue 5's bar {REASON_TARGET} %, floor {REASON_FLOOR} %)");
    assert!(reason >= REASON_TARGET, "reason agreement {reason:.1} % < issue 5's {REASON_TARGET} %");
    assert!(reason >= REASON_FLOOR, "reason agreement {reason:.1} % < the floor of {REASON_FLOOR} %");
    assert!(pct(kind_ok, total) >= 98.0, "hard/soft agreement {:.1} % < 98 %", pct(kind_ok, total));
}
