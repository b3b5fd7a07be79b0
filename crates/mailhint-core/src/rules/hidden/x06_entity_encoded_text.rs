//! PLACEHOLDER for X06 `entity-encoded-text`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// X06.
pub(crate) static RULE: Rule = Rule {
    code: "X06",
    name: "entity-encoded-text",
    category: Category::Hidden,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
