//! L07 `redirect-wrapper-link`: a link was pasted with a redirect wrapper around it (a Google
//! search result, Outlook Safe Links, a click tracker…).

use std::collections::HashSet;

use super::urls;
use crate::analysis::Analysis;
use crate::report::{Mode, Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// L07.
pub(crate) static RULE: Rule = Rule {
    code: "L07",
    name: "redirect-wrapper-link",
    category: Category::Links,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "A link goes through a redirect instead of to its real destination",
        zh: "链接经过跳转，而不是直接指向真实地址",
    },
    fix: L10n {
        en: "Paste the real destination URL: open the link, copy the address from the browser's address bar and use that.",
        zh: "请粘贴真实的目标网址：先打开链接，再从浏览器地址栏复制网址使用。",
    },
    doc: doc! {
        en: r#"## What it does
Flags links that pass through a redirect wrapper before reaching their destination:

- search-result and social redirects copied from the browser: Google `google.*/url?q=…`, Baidu
  and Sogou `/link?url=…`, Bing, Yahoo, YouTube `/redirect`, Facebook/Instagram `l.php`,
  LinkedIn, VK, Zhihu, Reddit;
- mail security gateways that rewrote a link in a message you received and then copied:
  Microsoft Safe Links (`*.safelinks.protection.outlook.com`), Proofpoint URL Defense, Mimecast,
  Barracuda, Sophos, Symantec, Trustwave;
- email-service click trackers (Mailchimp, SendGrid, HubSpot, Mailtrack, Yesware, Brevo,
  Klaviyo…), but only in a one-to-one message: in a campaign sent through that service they are
  expected.

Each distinct link costs 1.0 point. The message gives the real destination when the wrapper
carries it in clear.

## Why it matters
A redirect hides the real destination, the same trick spammers use, so filters distrust the
redirector: Rspamd `HAS_GOOGLE_REDIR` (1.0) and its redirector map, SpamAssassin
`GB_GOOGLE_OBFUR` (0.75). Safe Links and URL Defense addresses also stop working outside the
organisation that created them, and a tracker in a personal email tells the buyer they are being
tracked.

## Example
`https://www.google.com/url?q=https://x-lighting.com/catalogue.pdf&sa=D` fires;
`https://x-lighting.com/catalogue.pdf` does not.

## How to fix
Open the link, wait for the real page, copy the address from the browser's address bar and paste
that into the mail.

## References
- Rspamd `rules/regexp/urls.lua` `HAS_GOOGLE_REDIR` (1.0), `conf/maps.d/redirectors.inc`
- SpamAssassin `gbechis/20_misc.cf` `GB_GOOGLE_OBFUR` (0.75)
"#,
        zh: r#"## 检查什么
检查链接在到达目标之前是否经过跳转包装：

- 从浏览器复制的搜索结果和社交网站跳转：Google 的 `google.*/url?q=…`、百度和搜狗的 `/link?url=…`、必应、雅虎、
  YouTube 的 `/redirect`、Facebook/Instagram 的 `l.php`、领英、VK、知乎、Reddit；
- 邮件安全网关改写过的链接（从收到的邮件里复制出来的）：微软安全链接（`*.safelinks.protection.outlook.com`）、
  Proofpoint URL Defense、Mimecast、Barracuda、Sophos、Symantec、Trustwave；
- 邮件营销服务的点击跟踪链接（Mailchimp、SendGrid、HubSpot、Mailtrack、Yesware、Brevo、Klaviyo 等），但仅限一对一
  邮件：通过这些平台群发营销邮件时出现跟踪链接是正常的。

每个不同的链接计 1.0 分。如果跳转链接中带有明文的目标地址，提示信息会直接给出真实地址。

## 为什么重要
跳转隐藏了真实去向，这正是垃圾邮件常用的手法，所以过滤器不信任跳转链接：Rspamd 的 `HAS_GOOGLE_REDIR`（1.0）及其
跳转域名列表，SpamAssassin 的 `GB_GOOGLE_OBFUR`（0.75）。安全链接和 URL Defense 的地址离开生成它的公司后也会失效；
一对一邮件里出现跟踪链接，等于告诉买家你在追踪他。

## 示例
`https://www.google.com/url?q=https://x-lighting.com/catalogue.pdf&sa=D` 会触发；`https://x-lighting.com/catalogue.pdf`
不会。

## 如何修改
打开链接，等真实页面加载出来后，从浏览器地址栏复制网址，再粘贴到邮件里。

## 参考
- Rspamd `rules/regexp/urls.lua` 的 `HAS_GOOGLE_REDIR`（1.0），`conf/maps.d/redirectors.inc`
- SpamAssassin `gbechis/20_misc.cf` 的 `GB_GOOGLE_OBFUR`（0.75）
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let one_to_one = a.mode == Mode::OneToOne && !a.bulk_signals();
    let mut seen = HashSet::new();
    for t in urls::targets(a) {
        let Some(url) = urls::parse(t.href).filter(urls::Url::is_web) else { continue };
        let Some(w) = urls::wrapper(&url) else { continue };
        if (w.tracker && !one_to_one) || !seen.insert(t.href) {
            continue;
        }
        let target = w.target.as_deref().map(|s| crate::limits::clip(s.trim(), 200)).filter(|s| !s.is_empty());
        let by = w.by;
        let (en, zh) = match (w.tracker, target) {
            (true, _) => (
                format!("This link goes through {by}'s click tracker; in a personal email link the page directly"),
                format!("此链接经过 {by} 的点击跟踪；一对一邮件请直接链接目标页面"),
            ),
            (false, Some(dest)) => (
                format!("This link goes through a {by} redirect; paste the real address: {dest}"),
                format!("此链接经过 {by} 跳转，请直接粘贴真实地址：{dest}"),
            ),
            (false, None) => (
                format!("This link goes through a {by} redirect; paste the real address instead"),
                format!("此链接经过 {by} 跳转，请改为粘贴真实地址"),
            ),
        };
        out.add(1.0, Part::Links).at(t.span).say(en, zh);
    }
}
