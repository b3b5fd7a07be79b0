//! PLACEHOLDER for B09 `spammy-opt-out-wording`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// B09.
pub(crate) static RULE: Rule = Rule {
    code: "B09",
    name: "spammy-opt-out-wording",
    category: Category::Body,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
