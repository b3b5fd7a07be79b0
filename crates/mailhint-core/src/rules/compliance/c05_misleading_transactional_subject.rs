//! PLACEHOLDER for C05 `misleading-transactional-subject`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// C05.
pub(crate) static RULE: Rule = Rule {
    code: "C05",
    name: "misleading-transactional-subject",
    category: Category::Compliance,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
