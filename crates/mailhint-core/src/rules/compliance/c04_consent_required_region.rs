//! PLACEHOLDER for C04 `consent-required-region`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// C04.
pub(crate) static RULE: Rule = Rule {
    code: "C04",
    name: "consent-required-region",
    category: Category::Compliance,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
