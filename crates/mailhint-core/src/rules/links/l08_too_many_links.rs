//! L08 `too-many-links`: the message has many links, or links to many other sites.

use std::collections::HashSet;

use super::urls;
use crate::analysis::Analysis;
use crate::report::{Mode, Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// L08.
pub(crate) static RULE: Rule = Rule {
    code: "L08",
    name: "too-many-links",
    category: Category::Links,
    severity: Severity::Low,
    cap: None,
    summary: L10n { en: "The message has many links", zh: "邮件中的链接太多" },
    fix: L10n {
        en: "Fewer links mean fewer blocklist lookups: keep one or two links to your own site.",
        zh: "链接越少，被黑名单查询命中的机会越少：保留一两个指向自己网站的链接即可。",
    },
    doc: doc! {
        en: r#"## What it does
Counts the distinct web addresses the message links to (HTML anchors and URLs typed as text;
the same address twice counts once, `mailto:` and `tel:` links do not count):

- more than 3 in a first-touch one-to-one email (a new message, not a reply, not a campaign):
  0.5 points;
- more than 10 in any message: 1.0;
- more than 30: 2.0.

It also counts the distinct other sites linked (registrable domains other than the sender's own):
more than 3 adds 0.5. Links to the big platforms every signature uses (LinkedIn, Facebook,
YouTube, WhatsApp, WeChat, Alibaba…) do not count as other sites, because domain blocklists
never list them; they still count as links.

## Why it matters
Filters look every linked domain up in URI blocklists (Spamhaus DBL, SURBL, URIBL), so each extra
domain is another chance to hit a listing, however innocent your own links are. happyDeliver
deducts points above 30 links, and cold-email practice is one or two links in a first message:
a buyer who does not know you yet will not click ten. The exporters' checklist this linter
follows names "too many external links" among the common reasons for landing in spam.

## Example
A first message to a new buyer with links to five product pages, the catalogue and the company
video fires; the same message with one link to the catalogue does not.

## How to fix
Keep one or two links to your own website (the catalogue or the product page that matters) and
offer the rest on request.

## References
- happyDomain/happydeliver `pkg/analyzer/content/check_links.go` (more than 30 links)
- SpamAssassin `rules/25_uribl.cf` (`URIBL_DBL_SPAM` 2.5, `URIBL_BLACK` 1.7: one lookup per
  linked domain)
- Cold-email rubric (coldsmith.dev): no more than one or two links in a first touch
"#,
        zh: r#"## 检查什么
统计邮件链接到的不同网址数量（HTML 链接和正文中直接写出的网址；同一地址出现两次只算一次；`mailto:`、`tel:` 链接
不计）：

- 一对一的首封开发信（新邮件、不是回复、不是群发）超过 3 个：0.5 分；
- 任何邮件超过 10 个：1.0 分；
- 超过 30 个：2.0 分。

同时统计链接到的其他网站数量（发件人自己域名以外的可注册域名），超过 3 个另加 0.5 分。签名里常见的大平台（领英、
Facebook、YouTube、WhatsApp、微信、阿里巴巴等）不算作其他网站，因为域名黑名单从不收录它们；但它们仍算作链接。

## 为什么重要
过滤器会把每个被链接的域名拿去查询网址黑名单（Spamhaus DBL、SURBL、URIBL），多一个域名就多一次命中的机会，不管你
自己的链接多么正规。happyDeliver 在链接超过 30 个时扣分；开发信的通行做法是首封邮件只放一两个链接：还不认识你的买家
不会去点十个链接。本工具参考的外贸邮件检查清单也把"外部链接太多"列为进垃圾箱的常见原因。

## 示例
给新买家的首封邮件里放了五个产品页、产品目录和公司视频的链接，会触发；同一封邮件只留一个产品目录链接，则不会。

## 如何修改
只保留一两个指向自己网站的链接（产品目录或最相关的产品页），其余资料等对方需要时再发。

## 参考
- happyDomain/happydeliver `pkg/analyzer/content/check_links.go`（超过 30 个链接）
- SpamAssassin `rules/25_uribl.cf`（`URIBL_DBL_SPAM` 2.5、`URIBL_BLACK` 1.7：每个被链接的域名查询一次）
- 开发信评分标准（coldsmith.dev）：首封邮件最多一两个链接
"#,
    },
    check,
};

/// Sites every business signature links to and that domain blocklists never list.
const PLATFORMS: &[&str] = &[
    "linkedin.com",
    "facebook.com",
    "fb.com",
    "instagram.com",
    "twitter.com",
    "x.com",
    "youtube.com",
    "tiktok.com",
    "whatsapp.com",
    "wa.me",
    "wechat.com",
    "weixin.qq.com",
    "qq.com",
    "alibaba.com",
    "made-in-china.com",
    "globalsources.com",
    "google.com",
    "microsoft.com",
    "apple.com",
    "amazon.com",
    "pinterest.com",
    "vk.com",
    "t.me",
    "telegram.org",
    "skype.com",
    "zoom.us",
];

fn check(a: &Analysis, out: &mut Hits) {
    let first_touch = a.mode == Mode::OneToOne && !a.bulk_signals() && !a.draft.continues_thread();
    let own = urls::sender_site(a);
    let mut addresses = HashSet::new();
    let mut sites = HashSet::new();
    // The span of the link that pushed each count over its limit.
    let (mut links_at, mut sites_at) = (Vec::new(), None);
    for t in urls::targets(a) {
        let Some(url) = urls::parse(t.href).filter(urls::Url::is_web) else { continue };
        if url.host.is_empty() {
            continue;
        }
        let rest = url.rest.split('#').next().unwrap_or("").trim_end_matches('/');
        let key = format!("{}{}", url.host, rest);
        if addresses.insert(key) {
            links_at.push(t.span.clone());
        }
        let site = urls::site(&url.host);
        let external = own.as_deref() != Some(site.as_str()) && !PLATFORMS.contains(&site.as_str());
        if external && sites.insert(site) && sites.len() == 4 {
            sites_at = Some(t.span.clone());
        }
    }
    let n = links_at.len();
    let band = match n {
        n if n > 30 => Some((2.0, 30)),
        n if n > 10 => Some((1.0, 10)),
        n if n > 3 && first_touch => Some((0.5, 3)),
        _ => None,
    };
    if let Some((points, limit)) = band {
        let (en, zh) = if limit == 3 {
            (
                format!("This first email to the recipient has {n} different links; keep it to one or two"),
                format!("这封首次联系的邮件里有 {n} 个不同的链接，建议只留一两个"),
            )
        } else {
            (
                format!("The message has {n} different links (more than {limit})"),
                format!("邮件中有 {n} 个不同的链接（超过 {limit} 个）"),
            )
        };
        out.add(points, Part::Links).at(links_at[limit].clone()).say(en, zh);
    }
    if let Some(at) = sites_at {
        let k = sites.len();
        out.add(0.5, Part::Links).at(at).say(
            format!("The message links to {k} other websites; each domain is looked up in blocklists"),
            format!("邮件链接到 {k} 个其他网站，每个域名都会被拿去查询黑名单"),
        );
    }
}
