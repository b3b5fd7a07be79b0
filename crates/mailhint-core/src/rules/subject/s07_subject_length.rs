//! PLACEHOLDER for S07 `subject-length`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// S07.
pub(crate) static RULE: Rule = Rule {
    code: "S07",
    name: "subject-length",
    category: Category::Subject,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
