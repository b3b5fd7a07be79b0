//! RULES.md is generated from the rule declarations; this test fails when it is stale.
//! Regenerate with `UPDATE_RULES_MD=1 cargo test -p mailhint-core --test rules_md`.

use std::fmt::Write;
use std::path::PathBuf;

use mailhint_core::{rules, Lang};

fn generate() -> String {
    let mut md = String::from(
        "# mailhint rules\n\n<!-- Generated from crates/mailhint-core/src/rules by the rules_md test: do not edit. -->\n\n\
         Each rule has a permanent code. Points are on SpamAssassin's scale; the grade is 10 minus the points.\n",
    );
    let mut category = None;
    for rule in rules::all() {
        if category != Some(rule.category) {
            let _ = write!(
                md,
                "\n## {}\n\n| Code | Name | Severity | Summary |\n|---|---|---|---|\n",
                rule.category.name()
            );
            category = Some(rule.category);
        }
        let _ = writeln!(
            md,
            "| [{}](#{}) | `{}` | {} | {} |",
            rule.code,
            rule.code.to_lowercase(),
            rule.name,
            rule.severity.as_str(),
            rule.summary.get(Lang::En)
        );
    }
    md.push_str("\n---\n");
    for rule in rules::all() {
        let doc = rule.doc.get(Lang::En).trim().replace("\n## ", "\n#### ").replacen("## ", "#### ", 1);
        let _ = write!(
            md,
            "\n### {}\n\n`{}` · {} · {}\n\n{}\n\n**中文：** {}\n",
            rule.code,
            rule.name,
            rule.category.name(),
            rule.severity.as_str(),
            doc,
            rule.summary.get(Lang::ZhCn)
        );
    }
    md
}

#[test]
fn rules_md_is_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../RULES.md");
    let fresh = generate();
    if std::env::var_os("UPDATE_RULES_MD").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(current == fresh, "RULES.md is stale: run UPDATE_RULES_MD=1 cargo test -p mailhint-core --test rules_md");
}
