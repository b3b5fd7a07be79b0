//! PLACEHOLDER for H08 `tracking-pixel`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// H08.
pub(crate) static RULE: Rule = Rule {
    code: "H08",
    name: "tracking-pixel",
    category: Category::Html,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
