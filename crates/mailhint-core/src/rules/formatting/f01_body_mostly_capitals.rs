//! PLACEHOLDER for F01 `body-mostly-capitals`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// F01.
pub(crate) static RULE: Rule = Rule {
    code: "F01",
    name: "body-mostly-capitals",
    category: Category::Formatting,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
