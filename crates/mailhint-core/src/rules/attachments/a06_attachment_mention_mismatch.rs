//! PLACEHOLDER for A06 `attachment-mention-mismatch`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// A06.
pub(crate) static RULE: Rule = Rule {
    code: "A06",
    name: "attachment-mention-mismatch",
    category: Category::Attachments,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
