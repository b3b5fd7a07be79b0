//! PLACEHOLDER for F08 `spaced-out-text`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// F08.
pub(crate) static RULE: Rule = Rule {
    code: "F08",
    name: "spaced-out-text",
    category: Category::Formatting,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
