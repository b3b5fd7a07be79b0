//! PLACEHOLDER for B16 `long-word-runs`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// B16.
pub(crate) static RULE: Rule = Rule {
    code: "B16",
    name: "long-word-runs",
    category: Category::Body,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
