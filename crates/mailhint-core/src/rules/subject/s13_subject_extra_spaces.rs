//! PLACEHOLDER for S13 `subject-extra-spaces`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// S13.
pub(crate) static RULE: Rule = Rule {
    code: "S13",
    name: "subject-extra-spaces",
    category: Category::Subject,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
