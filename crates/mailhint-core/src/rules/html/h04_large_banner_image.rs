//! PLACEHOLDER for H04 `large-banner-image`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// H04.
pub(crate) static RULE: Rule = Rule {
    code: "H04",
    name: "large-banner-image",
    category: Category::Html,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
