//! R04 `freemail-sender`: business mail sent from a free mailbox (gmail.com, qq.com, 163.com…).

use crate::analysis::Analysis;
use crate::lexicon;
use crate::report::{Mode, Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// R04.
pub(crate) static RULE: Rule = Rule {
    code: "R04",
    name: "freemail-sender",
    category: Category::Recipients,
    severity: Severity::Low,
    cap: None,
    summary: L10n { en: "Business mail is sent from a free mailbox address", zh: "商务邮件用免费邮箱发送" },
    fix: L10n {
        en: "Send from your company domain with SPF, DKIM and DMARC set up.",
        zh: "请用公司域名邮箱发送，并为域名配置好 SPF、DKIM 和 DMARC。",
    },
    doc: doc! {
        en: r#"## What it does
Fires when From is on a free mailbox provider (SpamAssassin's list of about 500: gmail.com,
outlook.com, hotmail.com, yahoo.com, qq.com, foxmail.com, 163.com, 126.com, sina.com,
aliyun.com…). One-to-one mail costs 0.5 points; in campaign mode, or when the draft shows bulk
signs (five recipients or more, list headers), 1.0.

## Why it matters
A buyer cannot tell a supplier writing from `lily.led2019@163.com` from anyone else: there is
no company domain to check. SpamAssassin's `FREEMAIL_FROM` feeds many combination rules (with a
freemail Reply-To, money amounts, undisclosed recipients…). For bulk mail it is worse: Gmail,
Yahoo and Outlook publish DMARC `p=quarantine` or `p=reject` for their own domains, so mail with
a gmail.com From sent through any other service (a mailing tool, a CRM) fails DMARC and is
junked or refused, and Gmail's guidelines say not to send bulk mail from a gmail.com address.

## Example
From `Lily <lily.led2019@163.com>` fires; From `Lily Chen <lily@x-lighting.com>` does not.

## How to fix
Register the company domain for mail (Google Workspace, Microsoft 365, Tencent Exmail, Alibaba
Mail…) and publish SPF, DKIM and DMARC records for it.

## References
- SpamAssassin `rules/20_freemail.cf` `FREEMAIL_FROM`, `rules/20_freemail_domains.cf`
- Gmail sender guidelines (https://support.google.com/mail/answer/81126): don't impersonate
  Gmail From headers; DMARC quarantine for gmail.com
- Gmail sender FAQ (https://support.google.com/a/answer/14229414)
"#,
        zh: r#"## 检查什么
发件人地址是免费邮箱（SpamAssassin 收录的约 500 个免费邮箱服务商：gmail.com、outlook.com、hotmail.com、yahoo.com、qq.com、foxmail.com、163.com、126.com、sina.com、aliyun.com 等）时触发。一对一邮件计 0.5 分；营销模式下，或邮件有群发迹象（5 个及以上收件人、带邮件列表头）时计 1.0 分。

## 为什么重要
买家看到 `lily.led2019@163.com` 这样的地址，无法判断你是不是正规供应商：没有公司域名可以核实。SpamAssassin 的 `FREEMAIL_FROM` 会参与很多组合规则（配合免费邮箱回复地址、金额、不公开收件人等）。群发时问题更大：Gmail、Yahoo、Outlook 都为自己的域名设置了 DMARC `p=quarantine` 或 `p=reject`，通过其他平台（群发工具、CRM）以 gmail.com 身份发出的邮件会 DMARC 验证失败，被放进垃圾箱或直接拒收；Gmail 的发件指南也明确不要用 gmail.com 地址群发。

## 示例
发件人 `Lily <lily.led2019@163.com>` 会触发；发件人 `Lily Chen <lily@x-lighting.com>` 不会。

## 如何修改
为公司域名开通企业邮箱（Google Workspace、Microsoft 365、腾讯企业邮、阿里邮箱等），并为域名发布 SPF、DKIM 和 DMARC 记录。

## 参考
- SpamAssassin `rules/20_freemail.cf` 中的 `FREEMAIL_FROM`、`rules/20_freemail_domains.cf`
- Gmail 发件人指南（https://support.google.com/mail/answer/81126）：不要冒用 Gmail 发件人头；gmail.com 的 DMARC 隔离策略
- Gmail 发件人常见问题（https://support.google.com/a/answer/14229414）
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let Some(from) = &a.draft.from else { return };
    let domain = from.domain();
    if domain.is_empty() || !lexicon::is_freemail(&domain) {
        return;
    }
    let bulk = a.mode == Mode::Campaign || a.bulk_signals();
    let points = if bulk { 1.0 } else { 0.5 };
    out.add(points, Part::Sender).say(
        format!("You are sending from the free mailbox domain {domain}"),
        format!("你正在用免费邮箱域名 {domain} 发信"),
    );
}
