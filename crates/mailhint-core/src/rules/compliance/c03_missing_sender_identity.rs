//! PLACEHOLDER for C03 `missing-sender-identity`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// C03.
pub(crate) static RULE: Rule = Rule {
    code: "C03",
    name: "missing-sender-identity",
    category: Category::Compliance,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
