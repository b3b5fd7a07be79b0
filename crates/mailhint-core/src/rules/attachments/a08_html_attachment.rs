//! PLACEHOLDER for A08 `html-attachment`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// A08.
pub(crate) static RULE: Rule = Rule {
    code: "A08",
    name: "html-attachment",
    category: Category::Attachments,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
