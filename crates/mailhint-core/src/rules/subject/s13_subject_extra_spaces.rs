//! S13 `subject-extra-spaces`: the subject ends with spaces or has runs of spaces.

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

use super::shared;

/// S13.
pub(crate) static RULE: Rule = Rule {
    code: "S13",
    name: "subject-extra-spaces",
    category: Category::Subject,
    severity: Severity::Low,
    cap: None,
    summary: L10n { en: "The subject has extra spaces", zh: "主题中有多余的空格" },
    fix: L10n { en: "Remove extra spaces from the subject.", zh: "删掉主题中多余的空格。" },
    doc: doc! {
        en: r#"## What it does
Flags whitespace at the end of the subject (0.5) and runs of three or more spaces, tabs or
ideographic spaces (`　`) inside it (0.5). A subject made only of spaces (or of a `Re:`
prefix and spaces) is left to S06, and a subject inherited from a real reply is left alone.

## Why it matters
Rspamd scores `SUBJECT_ENDS_SPACES` (0.5), and SpamAssassin once had a `SUBJ_HAS_SPACES` rule
for subjects padded with spaces: both are traces of templates that pad or join fields, which
hand-written mail rarely has. Runs of spaces also look careless in the inbox.

## Example
`Quotation for LED panels   ` fires (trailing spaces); `Quotation      for LED panels` fires
(a run of spaces); `Quotation for LED panels` does not.

## How to fix
Delete the extra spaces; one space between words is enough.

## References
- Rspamd `rules/regexp/headers.lua` `SUBJECT_ENDS_SPACES` (0.5)
- SpamAssassin historic rule `SUBJ_HAS_SPACES`
"#,
        zh: r#"## 检查什么
主题末尾有空白字符（0.5 分），以及主题中间有连续三个或以上的空格、制表符或全角空格（`　`）（0.5 分）。
只有空格（或只有 `Re:` 前缀和空格）的主题由 S06 处理；真实回复中沿用的主题不检查。

## 为什么重要
Rspamd 对 `SUBJECT_ENDS_SPACES` 计 0.5 分，SpamAssassin 早期也有针对用空格填充主题的 `SUBJ_HAS_SPACES` 规则：
两者都是模板填充或拼接字段留下的痕迹，手写邮件很少出现。连续的空格在收件箱里也显得不够用心。

## 示例
`Quotation for LED panels   ` 会触发（末尾空格）；`Quotation      for LED panels` 会触发（连续空格）；
`Quotation for LED panels` 不会。

## 如何修改
删掉多余的空格，单词之间一个空格就够了。

## 参考
- Rspamd `rules/regexp/headers.lua` `SUBJECT_ENDS_SPACES`（0.5 分）
- SpamAssassin 早期规则 `SUBJ_HAS_SPACES`
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let subject = a.subject.as_str();
    if shared::own_part(subject).1.is_empty() || shared::inherited(a) {
        return;
    }
    let content_end = subject.trim_end().len();
    if content_end < subject.len() {
        out.add(0.5, Part::Subject).at(content_end..subject.len()).say(
            format!("The subject ends with {} space(s)", subject[content_end..].chars().count()),
            format!("主题末尾有 {} 个空格", subject[content_end..].chars().count()),
        );
    }
    // Runs of whitespace before the trailing part, which the hit above already covers.
    let runs: Vec<(usize, usize, usize)> = whitespace_runs(&subject[..content_end]).filter(|r| r.2 >= 3).collect();
    if let Some(&(start, end, n)) = runs.first() {
        let more = runs.len() - 1;
        let (en, zh) = if more == 0 {
            (format!("{n} spaces in a row in the subject"), format!("主题中有 {n} 个连续空格"))
        } else {
            (
                format!("{n} spaces in a row in the subject, and {more} more such run(s)"),
                format!("主题中有 {n} 个连续空格，另外还有 {more} 处"),
            )
        };
        out.add(0.5, Part::Subject).at(start..end).say(en, zh);
    }
}

/// Runs of whitespace characters in `s`: start, end and length in characters.
fn whitespace_runs(s: &str) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut iter = s.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = iter.peek() {
            if c.is_whitespace() {
                break;
            }
            iter.next();
        }
        let (start, first) = iter.next()?;
        let (mut end, mut n) = (start + first.len_utf8(), 1);
        while let Some(&(i, c)) = iter.peek() {
            if !c.is_whitespace() {
                break;
            }
            end = i + c.len_utf8();
            n += 1;
            iter.next();
        }
        Some((start, end, n))
    })
}
