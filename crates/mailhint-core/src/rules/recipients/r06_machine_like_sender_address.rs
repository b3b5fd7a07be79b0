//! PLACEHOLDER for R06 `machine-like-sender-address`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// R06.
pub(crate) static RULE: Rule = Rule {
    code: "R06",
    name: "machine-like-sender-address",
    category: Category::Recipients,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
