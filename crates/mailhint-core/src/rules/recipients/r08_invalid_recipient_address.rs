//! R08 `invalid-recipient-address`: a To/Cc/Bcc/Reply-To address is not a valid address, so the
//! message will bounce (or replies will).

use super::address;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// R08.
pub(crate) static RULE: Rule = Rule {
    code: "R08",
    name: "invalid-recipient-address",
    category: Category::Recipients,
    severity: Severity::High,
    cap: None,
    summary: L10n {
        en: "A recipient address is not a valid email address and will bounce",
        zh: "收件人地址格式不正确，邮件会被退回",
    },
    fix: L10n {
        en: "Correct the address (one '@', no spaces, a real domain such as acme.com), or copy it from the buyer's last email.",
        zh: "请改正地址（只有一个 @、没有空格、有完整域名如 acme.com），最好直接从对方上一封来信中复制。",
    },
    doc: doc! {
        en: r#"## What it does
Checks every address in To, Cc, Bcc and Reply-To against the syntax of RFC 5321/5322 and flags
each bad one (2.0 points), saying what is wrong:

- no `@`, or two; a space; a display name typed where the address goes (`Maria Rossi`), or a
  name with no address at all;
- full-width `＠`, `。` or `，` typed with a Chinese input method;
- a `mailto:` prefix or a stray `<`, `"` or `,` copied with the address;
- dots at the start or end of the local part, or two dots in a row (`maria..rossi@`);
- a domain with no dot (`maria@acme`), a trailing dot (`maria@acme.com.`), two dots in a row,
  a hyphen at the start or end of a label, a character such as `,` or `_`, or an ending that is
  not a top-level domain (`acme.c`, `acme.123`);
- a local part over 64 bytes or an address over 254.

Internationalised addresses are valid: UTF-8 local parts (RFC 6531, `josé@empresa.es`,
`用户@例子.广告`) and IDN or punycode domains. Quoted local parts and domain literals
(`ops@[192.0.2.1]`) are valid too. The group placeholder `undisclosed-recipients:;` is not an
address and is left to R02.

## Why it matters
A malformed address is refused by the sending server or bounces as "no such user": invalid
addresses are the first cause of hard bounces. Providers watch bounce rates: a high one lowers
the sender's reputation for every other message, and Gmail and Yahoo require RFC 5322-compliant
messages. A bad Reply-To silently loses the buyer's answer.

## Example
To `maria.rossi@acme..com` fires ("two dots in a row"), as does `maria＠acme.com`;
`maria.rossi@acme.com` and `josé@empresa.es` do not.

## How to fix
Copy the address from the buyer's last email or signature rather than retyping it. Type `@`
and `.` with the input method in half-width (English) mode.

## References
- RFC 5321 §4.1.2 and §4.5.3.1 (syntax and size limits), RFC 5322 §3.4.1 (addr-spec)
- RFC 6531 (SMTPUTF8, internationalised addresses), RFC 5890 (IDNA)
- Gmail sender guidelines (https://support.google.com/mail/answer/81126): RFC 5322 format;
  Yahoo sender best practices: comply with RFC 5321/5322
"#,
        zh: r#"## 检查什么
按照 RFC 5321/5322 的语法检查收件人（To）、抄送（Cc）、密送（Bcc）和回复地址（Reply-To）中的每个地址，每个错误地址计 2.0 分，并说明错在哪里：

- 没有 `@` 或有两个 `@`；地址中有空格；把姓名填进了地址栏（`Maria Rossi`），或只有姓名没有地址；
- 用中文输入法打出的全角 `＠`、`。`、`，`；
- 从链接复制来的 `mailto:` 前缀，或多带了 `<`、`"`、`,` 等字符；
- `@` 前面的部分以点开头或结尾，或有两个连续的点（`maria..rossi@`）；
- 域名没有点（`maria@acme`）、以点结尾（`maria@acme.com.`）、有两个连续的点、某一段以连字符开头或结尾、含有 `,`、`_` 等字符，或后缀不是顶级域名（`acme.c`、`acme.123`）；
- `@` 前面的部分超过 64 字节，或整个地址超过 254 字节。

国际化地址是有效的：UTF-8 用户名（RFC 6531，如 `josé@empresa.es`、`用户@例子.广告`）以及中文域名或 punycode 域名。带引号的用户名和 IP 地址形式（`ops@[192.0.2.1]`）也有效。`undisclosed-recipients:;` 占位符不是地址，由 R02 处理。

## 为什么重要
格式错误的地址会被发送服务器拒绝，或以"用户不存在"退回：无效地址是硬退信的首要原因。邮箱服务商会统计退信率，退信率高会拉低发件人的信誉，连带影响其他所有邮件；Gmail 和 Yahoo 都要求邮件符合 RFC 5322。回复地址写错，则会悄悄丢掉买家的回信。

## 示例
收件人 `maria.rossi@acme..com` 会触发（"两个连续的点"），`maria＠acme.com` 也会；`maria.rossi@acme.com` 和 `josé@empresa.es` 不会。

## 如何修改
从买家上一封来信或签名中直接复制地址，不要手动重打。输入 `@` 和 `.` 时，把输入法切换到半角（英文）状态。

## 参考
- RFC 5321 第 4.1.2 节和第 4.5.3.1 节（语法和长度限制），RFC 5322 第 3.4.1 节（addr-spec）
- RFC 6531（SMTPUTF8，国际化邮箱地址），RFC 5890（IDNA）
- Gmail 发件人指南（https://support.google.com/mail/answer/81126）：符合 RFC 5322 格式；Yahoo 发件人最佳实践：遵守 RFC 5321/5322
"#,
    },
    check,
};

/// Distinct bad addresses reported at most; past it the family cap has long been reached.
const MAX_REPORTED: usize = 50;

fn check(a: &Analysis, out: &mut Hits) {
    let d = a.draft;
    let fields = [("To", &d.to), ("Cc", &d.cc), ("Bcc", &d.bcc), ("Reply-To", &d.reply_to)];
    let mut seen: Vec<String> = Vec::new();
    for (field, list) in fields {
        for m in list.iter() {
            if seen.len() >= MAX_REPORTED {
                return;
            }
            if address::is_undisclosed(m.name.as_deref(), &m.address) {
                continue;
            }
            let Some(problem) = address::syntax_problem(&m.address, m.name.is_some()) else { continue };
            if quoted_local_part(a, field, m) {
                continue;
            }
            let shown = if m.address.trim().is_empty() { m.name.as_deref().unwrap_or("") } else { m.address.trim() };
            let shown = crate::rules::shorten(shown, 80);
            if seen.contains(&shown) {
                continue;
            }
            seen.push(shown.clone());
            let part = if field == "Reply-To" { Part::Sender } else { Part::Recipients };
            out.add(2.0, part).say(
                format!("{field} address \"{shown}\" is not valid: {}", problem.en()),
                format!("{field} 地址「{shown}」无效：{}", problem.zh()),
            );
        }
    }
}

/// Whether the raw header shows `m` as a valid quoted local part (`"john doe"@example.com`),
/// which the message parser splits into a display name `john doe` and an address
/// `@example.com`.
fn quoted_local_part(a: &Analysis, field: &str, m: &crate::draft::Mailbox) -> bool {
    let (Some(name), Some(domain)) = (m.name.as_deref(), m.address.trim().strip_prefix('@')) else { return false };
    let written = format!("\"{name}\"@{domain}");
    a.draft.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(field)).any(|(_, v)| v.contains(&written))
}
