//! B10 `unfilled-placeholder`: a template placeholder (`[First Name]`, `{{company}}`) was left
//! in the subject, the body or a link.

use std::collections::HashSet;

use crate::analysis::Analysis;
use crate::report::{Mode, Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// B10.
pub(crate) static RULE: Rule = Rule {
    code: "B10",
    name: "unfilled-placeholder",
    category: Category::Body,
    severity: Severity::Critical,
    cap: None,
    summary: L10n { en: "A template placeholder was left unfilled", zh: "模板占位符没有替换" },
    fix: L10n {
        en: "Fill in the placeholder before sending (the buyer's name, company, product…).",
        zh: "发送前请把占位符替换成实际内容（客户姓名、公司名称、产品等）。",
    },
    doc: doc! {
        en: r#"## What it does
Finds template placeholders left in the subject, the visible body or a link address:
`[First Name]`, `[Company]`, `[Your Name]`, `[Insert product]`, `{{first_name}}`, `{name}`,
`%FIRSTNAME%`, `*|FNAME|*`, `${name}`, `<<First Name>>`, the Chinese `【客户名称】`, and
SpamAssassin's `%RND…` ratware macros. The first placeholder costs 3.0 points, each further
distinct one 0.5 (they are underlined too).

In campaign mode, placeholders written in a mail-merge tool's own syntax (`{{…}}`, `{…}`,
`*|…|*`, `%…%`, `${…}`, `<<…>>`) are usually filled at sending time by that tool, so they cost
only 0.2 points as a reminder. Square-bracket placeholders and `%RND` macros are never filled by
a tool and keep their full weight in every mode.

## Why it matters
"Dear [First Name]" tells the buyer at once that the mail is a mass template, and filters know
the pattern: SpamAssassin scores unexpanded ratware macros (`PERCENT_RANDOM`, up to 3.0) and
templates in headers (`UNRESOLVED_TEMPLATE`, up to 3.0); happyDeliver reports an unreplaced
template as a high-severity finding.

## Example
`Hi [First Name], I saw [Company]'s new range…` fires; `Hi Maria, I saw Acme's new range…`
does not.

## How to fix
Replace every placeholder with the real value, or delete the sentence. If you use a mail-merge
tool, send yourself a test first and check that every field is filled.

## References
- SpamAssassin `rules/20_meta_tests.cf` `PERCENT_RANDOM`; `Plugin/HeaderEval.pm`
  `UNRESOLVED_TEMPLATE`
- happyDeliver `pkg/analyzer/content`: `unreplaced_template`
- Mailmeteor, "Spam words" (Unnatural: "Dear [first name]")
"#,
        zh: r#"## 检查什么
在主题、可见正文和链接地址中查找没有替换的模板占位符：`[First Name]`、`[Company]`、`[Your Name]`、`[Insert product]`、`{{first_name}}`、`{name}`、
`%FIRSTNAME%`、`*|FNAME|*`、`${name}`、`<<First Name>>`、中文的 `【客户名称】`，以及 SpamAssassin 识别的 `%RND…` 群发软件宏。
第一个占位符计 3.0 分，其余每个不同的占位符计 0.5 分（同样会被标出）。

在群发模式下，用邮件合并工具自身语法写的占位符（`{{…}}`、`{…}`、`*|…|*`、`%…%`、`${…}`、`<<…>>`）通常会在发送时由工具自动填充，因此只计 0.2 分作为提醒。
方括号占位符和 `%RND` 宏不会被任何工具填充，在所有模式下都按全额计分。

## 为什么重要
"Dear [First Name]"会让买家一眼看出这是群发模板，过滤器也认得这种模式：SpamAssassin 对未展开的群发软件宏（`PERCENT_RANDOM`，最高 3.0 分）和邮件头中的模板（`UNRESOLVED_TEMPLATE`，最高 3.0 分）计分；happyDeliver 把未替换的模板列为高严重度问题。

## 示例
`Hi [First Name], I saw [Company]'s new range…` 会触发；`Hi Maria, I saw Acme's new range…` 不会。

## 如何修改
把每个占位符替换成实际内容，或删掉这句话。如果使用邮件合并工具，先给自己发一封测试邮件，确认所有字段都已填充。

## 参考
- SpamAssassin `rules/20_meta_tests.cf` `PERCENT_RANDOM`；`Plugin/HeaderEval.pm` `UNRESOLVED_TEMPLATE`
- happyDeliver `pkg/analyzer/content`：`unreplaced_template`
- Mailmeteor《Spam words》不自然类（"Dear [first name]"）
"#,
    },
    check,
};

/// The first placeholder's points.
const FIRST: f64 = 3.0;
/// Each further distinct placeholder's points.
const FURTHER: f64 = 0.5;
/// A mail-merge tag in campaign mode, which the tool will most likely fill.
const MERGE_REMINDER: f64 = 0.2;
/// Placeholders underlined at most.
const MAX_MARKS: usize = 20;

fn check(a: &Analysis, out: &mut Hits) {
    let mut seen: HashSet<String> = HashSet::new();
    let mut severe_found = false;
    let campaign = a.mode == Mode::Campaign;
    let mut report = |text: &str, part: Part, span: std::ops::Range<usize>, out: &mut Hits| {
        if seen.len() >= MAX_MARKS || !seen.insert(text.to_lowercase()) {
            return;
        }
        let tool_fills = campaign && is_merge_tag(text);
        let points = if tool_fills {
            MERGE_REMINDER
        } else if severe_found {
            FURTHER
        } else {
            severe_found = true;
            FIRST
        };
        let hit = out.add(points, part).at(span);
        if tool_fills {
            hit.say(
                format!("“{text}”: check that your mail-merge tool fills this field"),
                format!("“{text}”：请确认邮件合并工具会填充这个字段"),
            );
        } else {
            hit.say(format!("“{text}” is an unfilled placeholder"), format!("“{text}”是没有替换的占位符"));
        }
    };
    for m in placeholder_re().find_iter(&a.subject) {
        report(m.as_str(), Part::Subject, m.range(), out);
    }
    for m in placeholder_re().find_iter(&a.body) {
        report(m.as_str(), Part::Body, m.range(), out);
    }
    // A placeholder in a link's address (`href="{{unsubscribe_url}}"`) is invisible in the text
    // but just as broken.
    for link in &a.links {
        if let Some(m) = placeholder_re().find(&link.href) {
            report(m.as_str(), Part::Links, link.span.clone(), out);
        }
    }
}

/// The placeholders (catalog `RX-MERGE`, plus `[Your Name]`/`[Insert …]`, `${…}`, `<<…>>` and
/// Chinese brackets).
fn placeholder_re() -> &'static regex::Regex {
    crate::regex!(
        r"(?x)
        \{\{[^{}\n]{0,40}\}\}
        | \[(?i:first[\s_]?name|last[\s_]?name|full[\s_]?name|name|company(?:[\s_]?name)?|contact(?:[\s_]?name)?
             |e-?mail|title|city|country|(?:your|recipient'?s?|client'?s?|customer'?s?|buyer'?s?)[\s_]name
             |insert[\s_][^\]\n]{1,30})\]
        | %[A-Z][A-Z_]{2,}%
        | \*\|[A-Z0-9_]{2,}\|\*
        | \{(?i:first_?name|last_?name|name|company)\}
        | \$\{[A-Za-z_][A-Za-z0-9_.]{0,30}\}
        | <<[A-Za-z][A-Za-z\x20_]{0,30}>>
        | %RA?ND(?:OM)?(?:_|(?-u:\b)|[A-Z]{3})
        | [【\[](?:客户名称|客户姓名|客户名|姓名|名字|公司名称|公司名|称呼|联系人)[】\]]
        "
    )
}

/// Whether a placeholder is written in a mail-merge tool's syntax (as opposed to square brackets
/// a person forgot, or spam-software macros).
fn is_merge_tag(text: &str) -> bool {
    let ratware = crate::regex!(r"^%RA?ND").is_match(text);
    !ratware && !text.starts_with('[') && !text.starts_with('【')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_and_prose_is_not() {
        let re = placeholder_re();
        for p in [
            "[First Name]",
            "[Company]",
            "{{first_name}}",
            "%FIRSTNAME%",
            "*|FNAME|*",
            "{name}",
            "%RND_NUM",
            "【客户名称】",
            "[Your Name]",
            "<<First Name>>",
        ] {
            assert!(re.is_match(p), "{p}");
        }
        for p in ["[1] see note", "50% off 20%", "{\"a\": 1}", "[attached]", "see [Appendix A]"] {
            assert!(!re.is_match(p), "{p}");
        }
    }

    #[test]
    fn only_tool_syntax_counts_as_merge_tag() {
        assert!(is_merge_tag("{{first_name}}"));
        assert!(!is_merge_tag("[First Name]"));
        assert!(!is_merge_tag("%RND_NUM"));
    }
}
