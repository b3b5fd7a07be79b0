//! PLACEHOLDER for S11 `subject-ad-phrases`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// S11.
pub(crate) static RULE: Rule = Rule {
    code: "S11",
    name: "subject-ad-phrases",
    category: Category::Subject,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
