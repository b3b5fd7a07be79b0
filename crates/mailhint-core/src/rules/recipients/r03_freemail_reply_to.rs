//! PLACEHOLDER for R03 `freemail-reply-to`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// R03.
pub(crate) static RULE: Rule = Rule {
    code: "R03",
    name: "freemail-reply-to",
    category: Category::Recipients,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
