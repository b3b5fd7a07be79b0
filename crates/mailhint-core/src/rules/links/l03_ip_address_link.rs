//! PLACEHOLDER for L03 `ip-address-link`: replace this whole file with the rule.

use crate::analysis::Analysis;
use crate::report::Severity;
use crate::rules::{Category, Hits, L10n, Rule};

/// L03.
pub(crate) static RULE: Rule = Rule {
    code: "L03",
    name: "ip-address-link",
    category: Category::Links,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "", zh: "" },
    fix: L10n { en: "", zh: "" },
    doc: L10n { en: "", zh: "" },
    check,
};

fn check(_a: &Analysis, _out: &mut Hits) {}
