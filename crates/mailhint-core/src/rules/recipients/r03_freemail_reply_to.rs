//! R03 `freemail-reply-to`: replies are diverted to a freemail address (or to the recipient
//! themselves) instead of the sender's own mailbox.

use super::address;
use crate::analysis::Analysis;
use crate::lexicon;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// R03.
pub(crate) static RULE: Rule = Rule {
    code: "R03",
    name: "freemail-reply-to",
    category: Category::Recipients,
    severity: Severity::High,
    cap: None,
    summary: L10n {
        en: "Reply-To sends answers to a different, free mailbox than the sender's",
        zh: "回复地址（Reply-To）把回信引到与发件人不同的免费邮箱",
    },
    fix: L10n {
        en: "Use a Reply-To on the same company domain as From, or no Reply-To at all.",
        zh: "回复地址请使用与发件人相同的公司域名邮箱，或者干脆不设置回复地址。",
    },
    doc: doc! {
        en: r#"## What it does
Checks each Reply-To address that differs from From:

- Reply-To is one of the recipients in To (5.0 points): answers would go back to the buyer;
- Reply-To is a freemail address (SpamAssassin's list of about 500 providers: gmail.com,
  outlook.com, 163.com, 126.com, qq.com, foxmail.com, sina.com, aliyun.com…) while From is on a
  company domain (2.0 points);
- From and Reply-To are both freemail, at different providers (3.0 points). Aliases of one
  provider count as the same (gmail.com and googlemail.com; hotmail, outlook, live and msn;
  qq.com and foxmail.com).

A Reply-To on the sender's own domain, or on another company domain, is not flagged.

## Why it matters
"Write from the company, collect answers on a private 163 or Gmail box" is the signature of
advance-fee fraud and hijacked accounts. SpamAssassin scores `FREEMAIL_FORGED_REPLYTO` up to
2.5, Rspamd scores `FREEMAIL_REPLYTO_NEQ_FROM_DOM` 3.0 and `REPLYTO_EQ_TO_ADDR` 5.0. Microsoft's
Outlook.com guidelines ask for a From and Reply-To that reflect the true sending domain.

## Example
From `lily@x-lighting.com`, Reply-To `lily.xlight@163.com` fires (2.0). From and Reply-To both
`lily@x-lighting.com`, or Reply-To `sales@x-lighting.com`, does not.

## How to fix
Remove the Reply-To, or set it to a mailbox on your company domain. If you need answers in a
personal box, forward them there from the company mailbox instead.

## References
- SpamAssassin `rules/20_freemail.cf` `FREEMAIL_FORGED_REPLYTO` (1.2–2.5), `FREEMAIL_REPLYTO`;
  `rules/20_freemail_domains.cf`
- Rspamd `rules/misc.lua` `FREEMAIL_REPLYTO_NEQ_FROM_DOM` (3.0), `rules/headers_checks.lua`
  `REPLYTO_EQ_TO_ADDR` (5.0)
- Microsoft Outlook.com "Policies, Practices, and Guidelines" (valid From/Reply-To)
"#,
        zh: r#"## 检查什么
逐个检查与发件人地址不同的回复地址（Reply-To）：

- 回复地址就是收件人（To）中的某个地址（5.0 分）：对方一回复就发回给他自己；
- 发件人是公司域名，回复地址却是免费邮箱（SpamAssassin 收录的约 500 个免费邮箱：gmail.com、outlook.com、163.com、126.com、qq.com、foxmail.com、sina.com、aliyun.com 等）（2.0 分）；
- 发件人和回复地址都是免费邮箱，但属于不同服务商（3.0 分）。同一服务商的别名视为相同（gmail.com 与 googlemail.com；hotmail、outlook、live 与 msn；qq.com 与 foxmail.com）。

回复地址是发件人自己公司的域名或其他公司域名时，不会触发。

## 为什么重要
"用公司邮箱发信、用私人 163 或 Gmail 收回信"是预付款诈骗和被盗账号的典型特征。SpamAssassin 的 `FREEMAIL_FORGED_REPLYTO` 最高计 2.5 分，Rspamd 的 `FREEMAIL_REPLYTO_NEQ_FROM_DOM` 计 3.0 分、`REPLYTO_EQ_TO_ADDR` 计 5.0 分。微软 Outlook.com 的发件指南也要求发件人和回复地址反映真实的发送域名。

## 示例
发件人 `lily@x-lighting.com`、回复地址 `lily.xlight@163.com` 会触发（2.0 分）。发件人和回复地址都是 `lily@x-lighting.com`，或回复地址为 `sales@x-lighting.com`，不会触发。

## 如何修改
删除回复地址，或改成公司域名下的邮箱。如果需要在私人邮箱里看回信，请在公司邮箱里设置自动转发。

## 参考
- SpamAssassin `rules/20_freemail.cf` 中的 `FREEMAIL_FORGED_REPLYTO`（1.2–2.5）、`FREEMAIL_REPLYTO`；`rules/20_freemail_domains.cf`
- Rspamd `rules/misc.lua` 中的 `FREEMAIL_REPLYTO_NEQ_FROM_DOM`（3.0）、`rules/headers_checks.lua` 中的 `REPLYTO_EQ_TO_ADDR`（5.0）
- 微软 Outlook.com《Policies, Practices, and Guidelines》（有效的发件人和回复地址）
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let d = a.draft;
    let from = d.from.as_ref().map(|f| f.address.trim().to_lowercase()).unwrap_or_default();
    let from_domain = d.from.as_ref().map(|f| f.domain()).unwrap_or_default();
    let from_free = !from_domain.is_empty() && lexicon::is_freemail(&from_domain);
    let mut seen: Vec<String> = Vec::new();
    for r in &d.reply_to {
        let addr = r.address.trim().to_lowercase();
        if !addr.contains('@') || addr == from || seen.contains(&addr) {
            continue;
        }
        seen.push(addr.clone());
        let domain = r.domain();
        let shown = crate::rules::shorten(&r.address, 80);
        if d.to.iter().any(|t| t.address.trim().eq_ignore_ascii_case(&addr)) && domain != from_domain {
            out.add(5.0, Part::Sender).say(
                format!("Reply-To {shown} is the recipient's own address, so answers would go back to them"),
                format!("回复地址 {shown} 就是收件人自己的地址，对方回信会发回给他自己"),
            );
        } else if lexicon::is_freemail(&domain) {
            if !from_free {
                out.add(2.0, Part::Sender).say(
                    format!("Replies go to the freemail address {shown}, not to your company domain"),
                    format!("回信会发到免费邮箱 {shown}，而不是你的公司邮箱"),
                );
            } else if address::provider_family(&domain) != address::provider_family(&from_domain) {
                out.add(3.0, Part::Sender).say(
                    format!("From is at {from_domain} but replies go to {shown} at another free provider"),
                    format!("发件人是 {from_domain}，回信却发到另一家免费邮箱 {shown}"),
                );
            }
        }
    }
}
