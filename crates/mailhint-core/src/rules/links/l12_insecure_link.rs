//! L12 `insecure-link`: a link uses plain `http://`.

use std::collections::HashMap;
use std::ops::Range;

use super::{l11_broken_link, urls};
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// L12.
pub(crate) static RULE: Rule = Rule {
    code: "L12",
    name: "insecure-link",
    category: Category::Links,
    severity: Severity::Info,
    cap: Some(0.4),
    summary: L10n { en: "A link uses plain http://", zh: "链接使用了不加密的 http://" },
    fix: L10n {
        en: "Prefer https links: check that the page opens with https:// and change the link.",
        zh: "建议使用 https 链接：确认网页能用 https:// 打开后，修改链接地址。",
    },
    doc: doc! {
        en: r#"## What it does
Flags web links that start with `http://` rather than `https://`, once per host (0.2 points, 0.4
at most for the whole mail: it is a hygiene hint, and a newsletter with many plain-http hosts is
not twice as suspect): all the links to one site share one fix. Links to private addresses and placeholders are left to L11,
links to public IP addresses still count, and links in quoted lines (`> …`) of a reply, which the
author did not write, do not.

## Why it matters
It is hygiene more than a spam signal: no major filter scores `http://` on its own. But browsers
mark plain-http pages "Not secure", some corporate gateways rewrite or block them, and a buyer
asked to open a price list on an insecure page may not. Nearly every site serves https today, so
the fix is usually one letter.

## Example
`Catalogue: http://www.x-lighting.com/catalogue.pdf` fires; `Catalogue:
https://www.x-lighting.com/catalogue.pdf` does not.

## How to fix
Open the page with `https://` in front. If it loads, change the link; if it does not, ask your
web host to enable HTTPS (free with Let's Encrypt).

## References
- Mail-tester and GlockApps link checks (link hygiene)
- Google Chrome "Not secure" marking of HTTP pages (since Chrome 68, 2018)
"#,
        zh: r#"## 检查什么
检查以 `http://` 而不是 `https://` 开头的网页链接，同一网站只算一次（0.2 分，整封邮件最多 0.4 分：这只是规范性提示）：指向同一网站的链接改法相同。指向内网
地址和示例域名的链接交给 L11 处理；指向公网 IP 的链接仍会计入；回复中引用的原文（以 `>` 开头的行）里的链接不是你写的，不计入。

## 为什么重要
这更多是规范问题，而不是垃圾邮件信号：主流过滤器不会单独因为 `http://` 扣分。但浏览器会把 http 网页标记为"不安全"，
有些企业网关会改写或拦截这类链接，买家看到要在不安全的网页上打开价格表，也可能就不点了。如今几乎所有网站都支持
https，通常只需要加一个字母。

## 示例
`Catalogue: http://www.x-lighting.com/catalogue.pdf` 会触发；`Catalogue: https://www.x-lighting.com/catalogue.pdf`
不会。

## 如何修改
在网址前改用 `https://` 打开。如果能正常打开，就修改链接；如果打不开，请网站服务商开启 HTTPS（Let's Encrypt 证书免费）。

## 参考
- Mail-tester、GlockApps 的链接检查（链接规范）
- Google Chrome 自 2018 年（Chrome 68）起将 HTTP 网页标记为"不安全"
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    // One entry per host, in first-seen order: the host, its first link's span, its http links.
    let mut hosts: HashMap<String, usize> = HashMap::new();
    let mut found: Vec<(String, Range<usize>, usize)> = Vec::new();
    for t in urls::targets(a) {
        if a.is_quoted(t.span.start) {
            continue;
        }
        let Some(url) = urls::parse(t.href) else { continue };
        // Links that cannot work at all are L11's; their scheme is the least of their problems.
        if url.scheme.as_deref() != Some("http")
            || url.host.is_empty()
            || l11_broken_link::problem(t.href, false).is_some()
        {
            continue;
        }
        match hosts.get(&url.host) {
            Some(&i) => found[i].2 += 1,
            None => {
                hosts.insert(url.host.clone(), found.len());
                found.push((url.host, t.span, 1));
            }
        }
    }
    for (host, span, n) in found {
        let (en, zh) = if n == 1 {
            (
                format!("This link to {host} uses http:// instead of https://"),
                format!("这个指向 {host} 的链接使用的是 http://，而不是 https://"),
            )
        } else {
            (
                format!("{n} links to {host} use http:// instead of https://"),
                format!("{n} 个指向 {host} 的链接使用的是 http://，而不是 https://"),
            )
        };
        out.add(0.2, Part::Links).at(span).say(en, zh);
    }
}
