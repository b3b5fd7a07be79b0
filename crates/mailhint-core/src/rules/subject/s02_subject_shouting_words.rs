//! PLACEHOLDER for S02 `subject-shouting-words`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// S02.
pub(crate) static RULE: Rule = Rule {
    code: "S02",
    name: "subject-shouting-words",
    category: Category::Subject,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
