//! PLACEHOLDER for F02 `shouting-words`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// F02.
pub(crate) static RULE: Rule = Rule {
    code: "F02",
    name: "shouting-words",
    category: Category::Formatting,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
