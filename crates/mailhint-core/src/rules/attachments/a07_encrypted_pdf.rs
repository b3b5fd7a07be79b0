//! PLACEHOLDER for A07 `encrypted-pdf`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// A07.
pub(crate) static RULE: Rule = Rule {
    code: "A07",
    name: "encrypted-pdf",
    category: Category::Attachments,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
