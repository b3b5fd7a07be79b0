//! S05 `subject-fake-reply`: a new message whose subject pretends to be a reply or a forward.

use crate::analysis::Analysis;
use crate::lexicon;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// S05.
pub(crate) static RULE: Rule = Rule {
    code: "S05",
    name: "subject-fake-reply",
    category: Category::Subject,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "The subject starts with Re:/Fwd: but the message is not a reply",
        zh: "主题以 Re:/Fwd: 开头，但这封邮件并不是回复或转发",
    },
    fix: L10n {
        en: "Don't fake a reply: remove 'Re:'/'Fwd:' from a new message.",
        zh: "不要伪装成回复：新邮件的主题里请删掉 “Re:”/“Fwd:”。",
    },
    doc: doc! {
        en: r#"## What it does
Flags a subject that starts with a reply or forward prefix (`Re:`, `Fwd:`, `Fw:`, `AW:`, `WG:`,
`SV:`, `RES:`, `RIF:`, `ODP:`, `TR:`, `回复：`, `转发：`…) when the draft is a new message: the
composer is not answering or forwarding, and the message has no `In-Reply-To` or `References`
header.

## Why it matters
A fake `Re:` is a well-known trick to make a cold email look like part of a conversation.
Gmail's sender guidelines ask for no `Re:` or `Fwd:` unless the message really is a reply or a
forward, Rspamd
scores `FAKE_REPLY` (1.0) when the prefix comes without threading headers, and SpamAssassin
adds up to 1.9 more when a fake reply carries a shortened link (`GB_FAKE_RF_SHORT`). Buyers
who notice it stop trusting the sender.

## Example
A new message with the subject `Re: LED panel inquiry` fires; the same subject in a real
reply to the buyer's inquiry does not.

## How to fix
Remove the prefix and write a subject that stands on its own, such as "LED panel samples
for Acme". To follow up on an earlier email, reply to it, so that the thread is real.

## References
- Gmail, Email sender guidelines (support.google.com/mail/answer/81126), message formatting: no `Re:`/`Fwd:` unless the message is a real reply or forward
- Rspamd `rules/regexp/headers.lua` `FAKE_REPLY` (1.0)
- SpamAssassin `GB_FAKE_RF_SHORT` (fake reply or forward with a URL shortener, 1.7–1.9)
"#,
        zh: r#"## 检查什么
主题以回复或转发前缀开头（`Re:`、`Fwd:`、`Fw:`、`AW:`、`WG:`、`SV:`、`RES:`、`RIF:`、`ODP:`、`TR:`、`回复：`、`转发：` 等），
但这封草稿其实是新邮件：既不是在回复或转发，也没有 `In-Reply-To` 或 `References` 邮件头。

## 为什么重要
伪造 `Re:` 是让开发信看起来像正在进行的对话的老套路。Gmail 发件人指南要求：除非真的是回复或转发，否则不要使用 `Re:`、`Fwd:`；
Rspamd 对没有会话邮件头的回复前缀计 `FAKE_REPLY`（1.0 分），如果假回复里还带短链接，SpamAssassin 再加最多 1.9 分
（`GB_FAKE_RF_SHORT`）。买家一旦发现，就不会再信任发件人。

## 示例
新邮件使用主题 `Re: LED panel inquiry` 会触发；真正回复买家询盘时使用同样的主题不会。

## 如何修改
删掉前缀，写一个独立成立的主题，例如 "LED panel samples for Acme"。如果是跟进之前的邮件，请直接在原邮件上回复，
让会话是真实的。

## 参考
- Gmail《电子邮件发件人指南》（support.google.com/mail/answer/81126）邮件格式部分：除非真的是回复或转发，否则不要使用 `Re:`/`Fwd:`
- Rspamd `rules/regexp/headers.lua` `FAKE_REPLY`（1.0 分）
- SpamAssassin `GB_FAKE_RF_SHORT`（假回复/转发加短链接，1.7–1.9 分）
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    if a.draft.continues_thread() {
        return;
    }
    let end = lexicon::reply_prefix_len(&a.subject);
    if end == 0 {
        return;
    }
    let prefix = &a.subject[..end];
    let start = prefix.len() - prefix.trim_start().len();
    let stop = prefix.trim_end().len();
    let quote = prefix.trim();
    out.add(1.5, Part::Subject).at(start..stop).say(
        format!("'{quote}' makes a new message look like a reply or a forward"),
        format!("“{quote}” 让一封新邮件看起来像回复或转发"),
    );
}
