//! R02 `bcc-blast`: the message goes to a Bcc list while To is empty, "undisclosed recipients"
//! or the sender's own address.

use super::address;
use crate::analysis::Analysis;
use crate::lexicon;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// R02.
pub(crate) static RULE: Rule = Rule {
    code: "R02",
    name: "bcc-blast",
    category: Category::Recipients,
    severity: Severity::Critical,
    cap: None,
    summary: L10n {
        en: "The message is blasted to a Bcc list with no real To recipient",
        zh: "邮件通过密送（Bcc）群发，收件人（To）一栏没有真正的收件人",
    },
    fix: L10n {
        en: "Don't blast via Bcc; use one-to-one sending or a proper mailing tool with unsubscribe.",
        zh: "不要用密送群发；请逐个单独发送，或使用带退订功能的正规邮件群发工具。",
    },
    doc: doc! {
        en: r#"## What it does
Fires when five addresses or more are in Bcc and To names nobody real: it is empty, holds the
`undisclosed-recipients:;` placeholder, or holds only the sender's own address (the usual
"send to myself, Bcc everyone" trick, which receiving servers see the same way). The hit is
worth 3.0 points, or 4.0 when Reply-To is also a freemail address (gmail.com, qq.com, 163.com…).

## Why it matters
Rspamd scores `R_UNDISC_RCPT` 3.0 for an undisclosed To, SpamAssassin scores `MISSING_HEADERS`
(no To) about 1.0 and `UNDISC_FREEM` (undisclosed recipients with a freemail Reply-To) up to 2.7.
Each recipient receives a message not addressed to them, which is the shape of a blast; mailbox
providers also count the Bcc copies against the sender's daily limits and complaint rate.

## Example
To: (empty), Bcc: 40 importers, Reply-To `lily.sales@163.com` fires at 4.0. A quotation with
Maria in To and your manager in Bcc does not (fewer than five Bcc).

## How to fix
Send one message per buyer with their name in To and in the greeting (mail-merge). For a
newsletter, use a mailing tool that sends individual copies with an unsubscribe link.

## References
- Rspamd `rules/regexp/headers.lua` `R_UNDISC_RCPT` (3.0)
- SpamAssassin `rules/20_head_tests.cf` `MISSING_HEADERS` (1.0); active rule `UNDISC_FREEM`
  (2.35–2.7, `rulesrc/scores/72_scores.cf`)
- Gmail sender guidelines (https://support.google.com/mail/answer/81126): RFC 5322 format,
  sending limits per recipient
"#,
        zh: r#"## 检查什么
当密送（Bcc）中有 5 个及以上地址，而收件人（To）一栏没有真正的收件人时触发：To 为空、只有 `undisclosed-recipients:;` 占位符，或者只填了发件人自己的地址（"发给自己、其余全部密送"的常见做法，收件方服务器看到的效果完全一样）。计 3.0 分；如果回复地址（Reply-To）还是免费邮箱（gmail.com、qq.com、163.com 等），计 4.0 分。

## 为什么重要
Rspamd 对收件人不公开的邮件（`R_UNDISC_RCPT`）计 3.0 分，SpamAssassin 对没有 To 的邮件（`MISSING_HEADERS`）计约 1.0 分，对"收件人不公开 + 免费邮箱回复地址"（`UNDISC_FREEM`）最高计 2.7 分。每个收件人收到的都是一封并非写给他的邮件，这正是群发的特征；邮箱服务商还会把每一份密送副本都计入发件人的每日发送限额和投诉率。

## 示例
To 为空、Bcc 里有 40 个进口商、Reply-To 为 `lily.sales@163.com`，会触发并计 4.0 分。To 填 Maria、密送给自己经理的报价邮件不会触发（Bcc 少于 5 个）。

## 如何修改
每个买家单独发一封，To 和称呼中写上对方的名字（用邮件合并功能）。如果是营销邮件，请用会逐个投递并带退订链接的邮件群发工具。

## 参考
- Rspamd `rules/regexp/headers.lua` 中的 `R_UNDISC_RCPT`（3.0）
- SpamAssassin `rules/20_head_tests.cf` 中的 `MISSING_HEADERS`（1.0）；活跃规则 `UNDISC_FREEM`（2.35–2.7，`rulesrc/scores/72_scores.cf`）
- Gmail 发件人指南（https://support.google.com/mail/answer/81126）：RFC 5322 格式、按收件人计算的发送限额
"#,
    },
    check,
};

/// Bcc addresses from which a hidden list is a blast.
const MIN_BCC: usize = 5;

fn check(a: &Analysis, out: &mut Hits) {
    let d = a.draft;
    let bcc = d.bcc.iter().filter(|m| m.address.contains('@')).count();
    if bcc < MIN_BCC {
        return;
    }
    let own = d.from.as_ref().map(|f| f.address.trim().to_lowercase());
    let real_to = d.to.iter().any(|m| {
        let addr = m.address.trim().to_lowercase();
        !addr.is_empty()
            && !address::is_undisclosed(m.name.as_deref(), &m.address)
            && own.as_deref() != Some(addr.as_str())
    });
    if real_to {
        return;
    }
    let how = if d.to.is_empty() {
        ("To is empty", "To 为空")
    } else if own.is_some() && d.to.iter().all(|m| own.as_deref() == Some(m.address.trim().to_lowercase().as_str())) {
        ("To holds only your own address", "To 只填了你自己的地址")
    } else {
        ("To says \"undisclosed recipients\"", "To 为\"收件人不公开\"")
    };
    let freemail_reply_to = d.reply_to.iter().find(|m| lexicon::is_freemail(&m.domain()));
    match freemail_reply_to {
        Some(r) => out.add(4.0, Part::Recipients).say(
            format!(
                "{} and {bcc} addresses are in Bcc; replies go to the freemail address {}",
                how.0,
                crate::rules::shorten(&r.address, 80)
            ),
            format!("{}，密送中有 {bcc} 个地址，回复还会发到免费邮箱 {}", how.1, crate::rules::shorten(&r.address, 80)),
        ),
        None => out
            .add(3.0, Part::Recipients)
            .say(format!("{} and {bcc} addresses are in Bcc", how.0), format!("{}，密送中有 {bcc} 个地址", how.1)),
    };
}
