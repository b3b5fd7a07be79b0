//! S06 `subject-missing`: the message has no subject, or an empty one.

use crate::analysis::Analysis;
use crate::lexicon;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// S06.
pub(crate) static RULE: Rule = Rule {
    code: "S06",
    name: "subject-missing",
    category: Category::Subject,
    severity: Severity::High,
    cap: None,
    summary: L10n { en: "The subject is empty", zh: "主题为空" },
    fix: L10n {
        en: "Add a specific 3–8 word subject that says what the email is about.",
        zh: "请写一个 3 到 8 个词、说明邮件内容的具体主题。",
    },
    doc: doc! {
        en: r#"## What it does
Flags a message without a subject: no Subject header at all, a subject made only of spaces or
invisible characters, or a subject that is nothing but a `Re:`/`Fwd:` prefix.

## Why it matters
SpamAssassin scores `MISSING_SUBJECT` (up to 1.8) and Rspamd scores `EMPTY_SUBJECT` (1.0) and
`MISSING_SUBJECT` (2.0). Readers ignore such mail too: in Boomerang's study of 40 million
emails, only 14% of messages without a subject got a reply.

## Example
A quotation sent with an empty subject line fires; `Quotation for 200 IP65 LED high-bays`
does not.

## How to fix
Write 3–8 words that say what the email is about, with a detail the buyer recognises: the
product, their inquiry, the order number.

## References
- SpamAssassin `MISSING_SUBJECT` (0.001 / 1.767 / 1.300 / 1.799)
- Rspamd `rules/regexp/headers.lua` `EMPTY_SUBJECT` (1.0), `MISSING_SUBJECT` (2.0)
- Boomerang, subject-line study of 40 million emails (3–4 words best; 14% replies without a subject)
"#,
        zh: r#"## 检查什么
邮件没有主题：完全没有 Subject 邮件头、主题只有空格或不可见字符，或者主题只剩一个 `Re:`/`Fwd:` 前缀。

## 为什么重要
SpamAssassin 对 `MISSING_SUBJECT` 最多计 1.8 分，Rspamd 对 `EMPTY_SUBJECT` 计 1.0 分、`MISSING_SUBJECT` 计 2.0 分。
收件人也会忽略这类邮件：Boomerang 对 4000 万封邮件的统计显示，没有主题的邮件只有 14% 得到回复。

## 示例
发送报价时主题栏留空会触发；`Quotation for 200 IP65 LED high-bays` 不会。

## 如何修改
用 3 到 8 个词写清邮件内容，并带上买家认得出的细节：产品、对方的询盘、订单号。

## 参考
- SpamAssassin `MISSING_SUBJECT`（0.001 / 1.767 / 1.300 / 1.799 分）
- Rspamd `rules/regexp/headers.lua` `EMPTY_SUBJECT`（1.0 分）、`MISSING_SUBJECT`（2.0 分）
- Boomerang 对 4000 万封邮件主题的研究（3–4 个词效果最好；无主题邮件回复率 14%）
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let Some(subject) = a.draft.subject.as_deref() else {
        out.add(2.0, Part::Subject).say("The message has no subject", "邮件没有主题");
        return;
    };
    if is_blank(subject) {
        out.add(2.0, Part::Subject).say("The subject is empty", "主题为空");
        return;
    }
    let prefix = lexicon::reply_prefix_len(&a.subject);
    if prefix > 0 && is_blank(&a.subject[prefix..]) {
        let end = a.subject.trim_end().len();
        out.add(2.0, Part::Subject).at(0..end).say(
            "The subject is only a reply or forward prefix, with nothing after it",
            "主题只有回复或转发前缀，后面没有内容",
        );
    }
}

/// Whether `s` has nothing a reader would see: only whitespace and invisible format characters
/// (zero-width spaces and joiners, word joiner, byte-order mark, soft hyphen).
fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'))
}
