//! L01 `url-shortener`: a link goes through a URL shortener (bit.ly, tinyurl.com, t.cn…).

use std::collections::HashMap;
use std::ops::Range;

use super::urls;
use crate::analysis::Analysis;
use crate::lexicon;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// L01.
pub(crate) static RULE: Rule = Rule {
    code: "L01",
    name: "url-shortener",
    category: Category::Links,
    severity: Severity::Medium,
    cap: None,
    summary: L10n { en: "A link goes through a URL shortener", zh: "邮件中使用了短链接" },
    fix: L10n {
        en: "Use the full link on your own domain instead of bit.ly, tinyurl and other shorteners.",
        zh: "请直接使用自己公司域名下的完整链接，不要用 bit.ly、tinyurl 等短链接服务。",
    },
    doc: doc! {
        en: r#"## What it does
Flags links whose host is a URL shortener: the 220 hosts of SpamAssassin's list (bit.ly,
tinyurl.com, t.co, goo.gl, cutt.ly, is.gd, rb.gy, youtu.be, lnkd.in…), a subdomain of its
wildcard entries, or a few common shorteners it lacks (Chinese t.cn, url.cn, dwz.cn; rebrand.ly,
buff.ly, qrco.de…). Both HTML anchors and URLs typed as text count. The first shortener service
costs 1.5 points, each further one 0.5; all the links through one service are one finding. The
combinations SpamAssassin scores higher add 1.0 each: the message has under 512 bytes of visible
text (`SHORT_SHORTNER`), it is a short HTML message (under 1 KB of text) with a linked image
(`SHORTENER_SHORT_IMG`), or the subject starts with `Re:`/`Fwd:` although the draft starts a new
conversation (`GB_FAKE_RF_SHORT`).

## Why it matters
A shortener hides where the link goes, so spammers use them to get past domain blocklists, and
filters answer by distrusting the shorteners themselves. Bit.ly and tinyurl also disable links
reported as abusive, which then show a warning page (`URL_SHORTENER_DISABLED`). The exporters'
checklist this linter follows names "bit.ly links" among the top reasons for landing in spam.

## Example
`Our new catalogue: https://bit.ly/3xYzAbc` fires; `Our new catalogue:
https://x-lighting.com/catalogue-2025.pdf` does not.

## How to fix
Paste the full address of the page on your own website. If the address is long, link a few words
(`see our catalogue`) to it in the HTML editor instead of shortening it.

## References
- SpamAssassin `rules/25_url_shortener.cf` (`__URL_SHORTENER`, `URL_SHORTENER_DISABLED` 2.0)
- SpamAssassin sandbox `pds/20_urlshort.cf` `SHORT_SHORTNER` (2.0), `SHORTENER_SHORT_IMG` (2.5),
  `gbechis/20_misc.cf` `GB_FAKE_RF_SHORT` (1.7–1.9)
- Rspamd `conf/maps.d/redirectors.inc`
"#,
        zh: r#"## 检查什么
检查链接的域名是否属于短链接服务：SpamAssassin 收录的 220 个短链接域名（bit.ly、tinyurl.com、t.co、goo.gl、cutt.ly、
is.gd、rb.gy、youtu.be、lnkd.in 等）及其通配子域名，另外补充了该列表缺少的几个常见服务（新浪 t.cn、腾讯 url.cn、百度
dwz.cn，以及 rebrand.ly、buff.ly、qrco.de 等）。HTML 链接和正文里直接写出的网址都会检查。第一个短链接服务计 1.5 分，
之后每多一个不同的短链接服务再计 0.5 分；同一服务的多个链接合并为一条提示。以下组合在 SpamAssassin 中得分更高，
每项另加 1.0 分：正文可见文字不足 512 字节（`SHORT_SHORTNER`）；HTML 邮件正文不足 1 KB 且带有可点击的图片
（`SHORTENER_SHORT_IMG`）；新邮件的主题却以 `Re:`/`Fwd:` 开头（`GB_FAKE_RF_SHORT`）。

## 为什么重要
短链接隐藏了真实的目标地址，垃圾邮件发送者常用它来绕过域名黑名单，因此过滤器对短链接本身就不信任。bit.ly、tinyurl
还会停用被举报的链接，收件人点开只会看到警告页面（`URL_SHORTENER_DISABLED`）。本工具参考的外贸邮件检查清单也把
"使用 bit.ly 短链接"列为进垃圾箱的常见原因之一。

## 示例
`Our new catalogue: https://bit.ly/3xYzAbc` 会触发；`Our new catalogue: https://x-lighting.com/catalogue-2025.pdf`
不会。

## 如何修改
直接粘贴自己公司网站上该页面的完整地址。如果地址太长，可以在 HTML 编辑器里把几个词（如 `see our catalogue`）
设为链接，而不是使用短链接。

## 参考
- SpamAssassin `rules/25_url_shortener.cf`（`__URL_SHORTENER`、`URL_SHORTENER_DISABLED` 2.0 分）
- SpamAssassin 沙箱规则 `pds/20_urlshort.cf` 的 `SHORT_SHORTNER`（2.0）、`SHORTENER_SHORT_IMG`（2.5），
  `gbechis/20_misc.cf` 的 `GB_FAKE_RF_SHORT`（1.7–1.9）
- Rspamd `conf/maps.d/redirectors.inc`
"#,
    },
    check,
};

/// Shorteners missing from SpamAssassin's list that exporters' mail meets: the Chinese portals'
/// own services and a few popular branded-link services. Matched on the host or its registrable
/// domain.
const MORE_SHORTENERS: &[&str] = &[
    "t.cn",
    "url.cn",
    "dwz.cn",
    "suo.im",
    "rebrand.ly",
    "buff.ly",
    "bl.ink",
    "qrco.de",
    "surl.li",
    "cutt.us",
    "adf.ly",
    "shorte.st",
    "bc.vc",
    "tr.im",
    "ift.tt",
    "a.co",
    "goo.su",
    "vk.cc",
];

fn check(a: &Analysis, out: &mut Hits) {
    // One hit per shortener service, on its first link: every link through it has the same fix,
    // and a draft pasted with hundreds of bit.ly links must not bury the other findings.
    let mut hosts: HashMap<String, usize> = HashMap::new();
    let mut found: Vec<(String, Range<usize>, usize)> = Vec::new();
    for t in urls::targets(a) {
        let Some(url) = urls::parse(t.href) else { continue };
        if !url.is_web() || !is_shortener(&url.host) {
            continue;
        }
        let service = url.host.strip_prefix("www.").unwrap_or(&url.host).to_string();
        match hosts.get(&service) {
            Some(&i) => found[i].2 += 1,
            None => {
                hosts.insert(service.clone(), found.len());
                found.push((service, t.span, 1));
            }
        }
    }
    let first = found.first().map(|(_, span, _)| span.clone());
    for (i, (service, span, n)) in found.into_iter().enumerate() {
        let points = if i == 0 { 1.5 } else { 0.5 };
        let (en, zh) = if n == 1 {
            (format!("This link goes through the URL shortener {service}"), format!("此链接使用了短链接服务 {service}"))
        } else {
            (
                format!("{n} links go through the URL shortener {service}"),
                format!("有 {n} 个链接使用了短链接服务 {service}"),
            )
        };
        out.add(points, Part::Links).at(span).say(en, zh);
    }
    let Some(at) = first else { return };
    // The combinations below are what SpamAssassin scores most: a shortener is the whole point of
    // a tiny message, of a banner image, or of a fake reply.
    let visible = a.visible_bytes();
    if visible < 512 {
        out.add(1.0, Part::Links).at(at.clone()).say(
            format!("A shortened link in a very short message ({visible} bytes of text) looks like spam"),
            format!("极短的邮件（正文仅 {visible} 字节）里放短链接，很像垃圾邮件"),
        );
    }
    if a.is_html() && visible < 1024 && a.images.iter().any(|i| i.linked && !i.hidden) {
        out.add(1.0, Part::Links).at(at.clone()).say(
            "A shortened link together with a linked image in a short HTML message looks like spam",
            "篇幅很短的 HTML 邮件里同时有短链接和可点击的图片，很像垃圾邮件",
        );
    }
    let prefix = lexicon::reply_prefix_len(&a.subject);
    if prefix > 0 && !a.draft.continues_thread() {
        out.add(1.0, Part::Subject).at(0..prefix).say(
            "The subject pretends to be a reply (Re:/Fwd:) on a new message that contains a shortened link",
            "这是一封新邮件，主题却以 Re:/Fwd: 开头冒充回复，同时又带有短链接",
        );
    }
}

/// Whether `host` is a URL shortener, by SpamAssassin's list or ours.
pub(super) fn is_shortener(host: &str) -> bool {
    let domain = lexicon::registrable_domain(host);
    let names = || std::iter::once(host).chain(domain.as_deref());
    names().any(|n| lexicon::is_shortener(n) || MORE_SHORTENERS.contains(&n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortener_hosts_and_their_www() {
        assert!(is_shortener("bit.ly"));
        assert!(is_shortener("www.bit.ly"));
        assert!(is_shortener("t.cn"));
        assert!(!is_shortener("x-lighting.com"));
        assert!(!is_shortener("bitly.example.com"));
    }
}
