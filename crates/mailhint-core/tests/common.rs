//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared` beside the project (or `$MAILHINT_SHARED`): real data no one on the project
/// wrote. Absent in a user's clone; tests that need it say so and skip.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("MAILHINT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    if dir.join("corpus").is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: {} is absent (the shared corpus is not part of a clone)", dir.display());
        None
    }
}

/// Area under the ROC curve of `scores` against `positive` labels (ties count half).
pub fn roc_auc(scores: &[(f64, bool)]) -> f64 {
    let mut sorted: Vec<(f64, bool)> = scores.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let positives = sorted.iter().filter(|s| s.1).count() as f64;
    let negatives = sorted.len() as f64 - positives;
    // Mann–Whitney U over average ranks.
    let ranks = average_ranks(&sorted.iter().map(|s| s.0).collect::<Vec<_>>());
    let rank_sum: f64 = sorted.iter().zip(&ranks).filter(|(s, _)| s.1).map(|(_, r)| r).sum();
    (rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives)
}

/// Spearman's rank correlation of two equally long series.
pub fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let rank = |v: &[f64]| {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|&i, &j| v[i].total_cmp(&v[j]));
        let sorted: Vec<f64> = idx.iter().map(|&i| v[i]).collect();
        let r = average_ranks(&sorted);
        let mut out = vec![0.0; v.len()];
        for (k, &i) in idx.iter().enumerate() {
            out[i] = r[k];
        }
        out
    };
    let (ra, rb) = (rank(a), rank(b));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

/// 1-based ranks of an ascending series, ties sharing their average rank.
fn average_ranks(sorted: &[f64]) -> Vec<f64> {
    let mut ranks = vec![0.0; sorted.len()];
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j + 1 < sorted.len() && sorted[j + 1] == sorted[i] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        ranks[i..=j].iter_mut().for_each(|r| *r = avg);
        i = j + 1;
    }
    ranks
}

#[test]
fn auc_and_spearman_are_right_on_small_cases() {
    assert_eq!(roc_auc(&[(0.0, false), (1.0, true)]), 1.0);
    assert_eq!(roc_auc(&[(1.0, false), (1.0, true)]), 0.5);
    assert!((spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]) - 1.0).abs() < 1e-12);
    assert!((spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
}
