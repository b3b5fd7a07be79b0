//! PLACEHOLDER for X02 `tiny-or-transparent-text`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// X02.
pub(crate) static RULE: Rule = Rule {
    code: "X02",
    name: "tiny-or-transparent-text",
    category: Category::Hidden,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
