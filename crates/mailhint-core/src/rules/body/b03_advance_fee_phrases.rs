//! PLACEHOLDER for B03 `advance-fee-phrases`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// B03.
pub(crate) static RULE: Rule = Rule {
    code: "B03",
    name: "advance-fee-phrases",
    category: Category::Body,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
