//! S14 `html-title-differs-from-subject`: the pasted HTML has a `<title>` much longer than the
//! subject, the trace of a web page or template sent as is.

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// S14.
pub(crate) static RULE: Rule = Rule {
    code: "S14",
    name: "html-title-differs-from-subject",
    category: Category::Subject,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "The HTML title is much longer than the subject", zh: "HTML 标题（<title>）比邮件主题长得多"
    },
    fix: L10n {
        en: "Delete the HTML <title> or make it match the subject.",
        zh: "删掉 HTML 中的 <title>，或把它改成与邮件主题一致。",
    },
    doc: doc! {
        en: r#"## What it does
Compares the `<title>` of an HTML body with the subject. When the title is more than 3.5
times as long as the subject (in characters) and the message has no attachment, it fires:
the HTML was made for something else (a web page, a newsletter template, a document saved as
HTML) and pasted into the mail. A message without a subject is left to S06.

## Why it matters
SpamAssassin scores `HTML_TITLE_SUBJ_DIFF` up to 2.2 (`html_title_subject_ratio('3.5')`):
bulk mailers reuse one HTML template under many subjects, while a hand-written email either
has no title or one equal to its subject. The title is invisible in most mail clients, so
the author rarely knows it is there.

## Example
An HTML body pasted from a product page, titled `X Lighting | Industrial LED High-Bay
Lights, Flood Lights and Street Lights Manufacturer in Ningbo, China`, sent with the subject
`LED high-bays` fires; the same body with the title `LED high-bays` does not.

## How to fix
Remove the `<title>` element from the pasted HTML (or the `<head>` altogether), or set it to
the subject. Better still, write the email in the mail editor instead of pasting a page.

## References
- SpamAssassin `rules/20_html_tests.cf` `HTML_TITLE_SUBJ_DIFF`, eval `html_title_subject_ratio` in `Plugin/HTMLEval.pm` (1.149 / 2.171 / 1.801 / 2.036)
"#,
        zh: r#"## 检查什么
比较 HTML 正文的 `<title>` 和邮件主题。如果标题的长度（按字符计）超过主题的 3.5 倍，并且邮件没有附件，就会触发：
说明这段 HTML 原本是为别的用途做的（网页、群发模板、另存为 HTML 的文档），被直接粘贴进了邮件。没有主题的邮件由 S06 处理。

## 为什么重要
SpamAssassin 对 `HTML_TITLE_SUBJ_DIFF` 最高计 2.2 分（`html_title_subject_ratio('3.5')`）：群发程序会把同一个 HTML 模板
配上许多不同的主题，而手写的邮件要么没有标题，要么标题与主题相同。大多数邮件客户端不显示这个标题，所以作者往往不知道它的存在。

## 示例
从产品网页粘贴的 HTML 正文，标题为 `X Lighting | Industrial LED High-Bay Lights, Flood Lights and Street Lights Manufacturer in Ningbo, China`，
邮件主题却是 `LED high-bays`，会触发；同样的正文标题改为 `LED high-bays` 则不会。

## 如何修改
从粘贴的 HTML 中删掉 `<title>` 元素（或整个 `<head>`），或者把它改成邮件主题。更好的做法是直接在邮件编辑器里写邮件，
而不是粘贴网页。

## 参考
- SpamAssassin `rules/20_html_tests.cf` `HTML_TITLE_SUBJ_DIFF`，`Plugin/HTMLEval.pm` 中的 `html_title_subject_ratio`（1.149 / 2.171 / 1.801 / 2.036 分）
"#,
    },
    check,
};

/// How many times longer than the subject the title may be.
const RATIO: f64 = 3.5;

fn check(a: &Analysis, out: &mut Hits) {
    let Some(title) = a.html.as_ref().and_then(|h| h.title.as_deref()).map(str::trim) else {
        return;
    };
    let subject = a.subject.trim();
    if title.is_empty() || subject.is_empty() || !a.draft.attachments.is_empty() {
        return;
    }
    let (t, s) = (title.chars().count(), subject.chars().count());
    let ratio = t as f64 / s as f64;
    if ratio <= RATIO {
        return;
    }
    let shown: String = title.chars().take(80).collect();
    let ellipsis = if t > 80 { "…" } else { "" };
    out.add(1.5, Part::Subject).say(
        format!("The HTML title '{shown}{ellipsis}' ({t} characters) is {ratio:.1} times as long as the subject ({s})"),
        format!("HTML 标题 “{shown}{ellipsis}”（{t} 个字符）是邮件主题（{s} 个字符）的 {ratio:.1} 倍"),
    );
}
