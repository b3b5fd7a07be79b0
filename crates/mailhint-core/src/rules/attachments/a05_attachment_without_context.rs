//! PLACEHOLDER for A05 `attachment-without-context`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// A05.
pub(crate) static RULE: Rule = Rule {
    code: "A05",
    name: "attachment-without-context",
    category: Category::Attachments,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
