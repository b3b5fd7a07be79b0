//! PLACEHOLDER for X05 `tags-inside-words`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// X05.
pub(crate) static RULE: Rule = Rule {
    code: "X05",
    name: "tags-inside-words",
    category: Category::Hidden,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
