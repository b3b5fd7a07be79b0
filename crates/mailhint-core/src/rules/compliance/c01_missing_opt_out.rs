//! PLACEHOLDER for C01 `missing-opt-out`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// C01.
pub(crate) static RULE: Rule = Rule {
    code: "C01",
    name: "missing-opt-out",
    category: Category::Compliance,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
