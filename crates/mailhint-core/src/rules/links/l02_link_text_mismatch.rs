//! L02 `link-text-mismatch`: a link's visible text shows one address and the link goes to another.

use std::collections::HashSet;

use super::urls::{self, Url};
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// L02.
pub(crate) static RULE: Rule = Rule {
    code: "L02",
    name: "link-text-mismatch",
    category: Category::Links,
    severity: Severity::Critical,
    cap: None,
    summary: L10n { en: "A link shows one address but goes to another", zh: "链接显示的网址与实际指向的网址不一致" },
    fix: L10n {
        en: "The visible link text must match where the link goes: show the real address, or link ordinary words instead of a URL.",
        zh: "链接上显示的文字必须与实际跳转地址一致：要么显示真实网址，要么用普通文字（而不是另一个网址）做链接。",
    },
    doc: doc! {
        en: r#"## What it does
Looks at every HTML link whose visible text is itself an address (`https://…`, `www.…`, or a
bare domain such as `x-lighting.com/catalogue`) and compares the site it shows with the site the
link really opens. Sites are compared by registrable domain (`shop.x-lighting.com` and
`www.x-lighting.com` are the same site). Known redirect wrappers (Google, Outlook Safe Links,
Proofpoint…) are unwrapped first; links through a shortener or a click tracker, whose
destination cannot be read, are left to L01 and L07. A different site costs 3.0 points. The
same site with a different scheme (`http://` shown, `https://` opened, or the reverse) costs 0.3.

Unlike Rspamd, a bare word ending in a file name is not taken for a domain: a link reading
`catalogue.zip` that downloads `…/catalogue.zip` is not a mismatch even though `.zip` is a
top-level domain.

## Why it matters
Showing one address and opening another is the signature of phishing. Rspamd's `PHISHING` symbol
scores it 4.0, SpamAssassin's `HTTPS_HTTP_MISMATCH` and sandbox `SPOOFED_URL` look for it, Gmail's
sender guidelines ask for links that are "visible and easy to understand", and enterprise
gateways flag it on their own. It usually happens by accident: a link edited in the composer
keeps its old address, or a signature copied from a colleague still points to their site.

## Example
`<a href="https://x-lighting.en.alibaba.com">www.x-lighting.com</a>` fires (the text shows
x-lighting.com, the link opens alibaba.com); `<a href="https://www.x-lighting.com/">x-lighting.com</a>`
does not.

## How to fix
Edit the link so that its address is the one it shows, or make the text descriptive
(`our Alibaba shop`) so it does not claim an address.

## References
- Rspamd `src/plugins/lua/phishing.lua` `PHISHING` (4.0), `rules/html.lua` `HTTP_TO_HTTPS` (0.5)
- SpamAssassin `Plugin/HTTPSMismatch.pm` `HTTPS_HTTP_MISMATCH`; sandbox
  `khopesh/20_khop_experimental.cf` `SPOOFED_URL`
- Google, Email sender guidelines (support.google.com/mail/answer/81126)
"#,
        zh: r#"## 检查什么
检查 HTML 邮件中显示文字本身就是网址的链接（`https://…`、`www.…`，或 `x-lighting.com/catalogue` 这样的裸域名），
比较文字上显示的网站与点击后实际打开的网站。按可注册域名比较（`shop.x-lighting.com` 和 `www.x-lighting.com`
算同一个网站）。已知的跳转包装（Google、Outlook 安全链接、Proofpoint 等）会先还原出真实地址；经过短链接或邮件
营销点击跟踪的链接无法得知目标，交给 L01 和 L07 处理。网站不同计 3.0 分；网站相同只是协议不同（显示 `http://`
实际打开 `https://`，或反过来）计 0.3 分。

与 Rspamd 不同，以文件名结尾的词不会被当成域名：显示 `catalogue.zip`、实际下载 `…/catalogue.zip` 的链接不算不一致，
虽然 `.zip` 也是一个顶级域名。

## 为什么重要
显示一个地址、实际打开另一个地址，正是钓鱼邮件的典型特征。Rspamd 的 `PHISHING` 计 4.0 分，SpamAssassin 的
`HTTPS_HTTP_MISMATCH` 和沙箱规则 `SPOOFED_URL` 专门查这一点，Gmail 发件人指南要求链接"清晰易懂"，企业邮件网关也会
单独标记。这种问题多半是无意造成的：在编辑器里改了链接文字却没改地址，或者从同事那里复制的签名仍指向对方的网站。

## 示例
`<a href="https://x-lighting.en.alibaba.com">www.x-lighting.com</a>` 会触发（文字显示 x-lighting.com，实际打开
alibaba.com）；`<a href="https://www.x-lighting.com/">x-lighting.com</a>` 不会。

## 如何修改
把链接地址改成文字上显示的那个地址；或者把链接文字改成描述性的文字（如 `our Alibaba shop`），不要显示另一个网址。

## 参考
- Rspamd `src/plugins/lua/phishing.lua` 的 `PHISHING`（4.0），`rules/html.lua` 的 `HTTP_TO_HTTPS`（0.5）
- SpamAssassin `Plugin/HTTPSMismatch.pm` 的 `HTTPS_HTTP_MISMATCH`；沙箱规则 `khopesh/20_khop_experimental.cf` 的
  `SPOOFED_URL`
- Google 邮件发件人指南（support.google.com/mail/answer/81126）
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let mut seen = HashSet::new();
    for t in urls::targets(a).into_iter().filter(|t| t.anchor) {
        let Some(href) = urls::parse(t.href).filter(Url::is_web) else { continue };
        let Some(shown) = shown_url(t.text, &href) else { continue };
        let Some(dest) = destination(href) else { continue };
        if shown.host.is_empty() || dest.host.is_empty() || !seen.insert((t.text.to_string(), t.href.to_string())) {
            continue;
        }
        // Compared in Unicode, so that `例子.中国` and its Punycode `xn--fsqu00a.xn--fiqs8s` match.
        let site = |host: &str| urls::site(&urls::host_to_unicode(host));
        let (shown_site, dest_site) = (site(&shown.host), site(&dest.host));
        if shown_site != dest_site {
            out.add(3.0, Part::Links).at(t.span.clone()).say(
                format!("The link text shows {} but the link opens {}", shown.host, dest.host),
                format!("链接文字显示的是 {}，实际打开的却是 {}", shown.host, dest.host),
            );
        } else if let (Some(s), Some(d)) = (&shown.scheme, &dest.scheme) {
            if s != d {
                out.add(0.3, Part::Links).at(t.span.clone()).say(
                    format!("The link text shows {s}:// but the link opens {d}://"),
                    format!("链接文字显示的是 {s}://，实际打开的是 {d}://"),
                );
            }
        }
    }
}

/// Where a link really goes: through a known redirect wrapper to its target, or `None` when the
/// destination cannot be read (shorteners, click trackers, wrappers that encrypt it).
fn destination(href: Url) -> Option<Url> {
    let dest = match urls::wrapper(&href) {
        Some(w) => urls::parse(&w.target?)?,
        None => href,
    };
    let opaque = super::l01_url_shortener::is_shortener(&dest.host) || urls::wrapper(&dest).is_some();
    (!opaque).then_some(dest)
}

/// Tech names that end like a domain but are not one.
const NOT_DOMAINS: &[&str] = &["asp.net", "vb.net", "ado.net", "dot.net"];

/// The address a link's text shows, if the text is one: a URL with a scheme, `www.…`, or a bare
/// domain under a known public suffix (`x-lighting.com/catalogue`).
fn shown_url(text: &str, href: &Url) -> Option<Url> {
    let text = text
        .trim()
        .trim_start_matches(['<', '(', '"', '\''])
        .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '>', '"', '\'']);
    if text.is_empty() || text.contains(char::is_whitespace) {
        return None;
    }
    // An email address in the text is a mailbox, not a site.
    let before_path = text.split(['/', '?', '#']).next().unwrap_or("");
    if before_path.contains('@') && !text.contains("://") {
        return None;
    }
    if urls::scheme(text).is_some() {
        return urls::parse(text).filter(Url::is_web);
    }
    if text.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www.")) {
        return urls::parse(text);
    }
    if !crate::regex!(
        r"(?i)^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,63}\.?(?::\d{1,5})?(?:[/?#]\S*)?$"
    )
    .is_match(text)
    {
        return None;
    }
    let url = urls::parse(&format!("http://{text}"))?;
    let known = crate::suffix::suffix(&url.host).is_some_and(|s| s.is_known());
    if !known || NOT_DOMAINS.contains(&url.host.as_str()) {
        return None;
    }
    // `catalogue.zip` linking to `…/catalogue.zip` names a file, not the .zip domain.
    let file = href.path().rsplit('/').next().map(urls::percent_decode).unwrap_or_default();
    if !text.contains('/') && !file.is_empty() && file.to_lowercase().ends_with(&text.to_lowercase()) {
        return None;
    }
    Some(Url { scheme: None, ..url })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str, href: &str) -> Option<String> {
        shown_url(text, &urls::parse(href).unwrap()).map(|u| u.host)
    }

    #[test]
    fn punycode_and_unicode_are_one_site() {
        let site = |host: &str| urls::site(&urls::host_to_unicode(host));
        assert_eq!(site("www.xn--fsqu00a.xn--fiqs8s"), site("例子.中国"));
        assert_eq!(site("shop.x-lighting.com"), "x-lighting.com");
    }

    /// The L02 findings of an HTML draft with this link.
    fn l02(href: &str, text: &str) -> usize {
        let draft = serde_json::json!({
            "subject": "Our website",
            "to": ["maria@acme.example"],
            "html": format!("<p>Hi Maria, see our website: <a href=\"{href}\">{text}</a></p>"),
        });
        let options = crate::Options { only: Some("L02"), ..crate::Options::default() };
        crate::check_bytes(draft.to_string().as_bytes(), &options).unwrap().findings.len()
    }

    #[test]
    fn the_rule_on_idn_and_punycode_hosts() {
        // The text in Unicode, the link in Punycode (and the other way round): one site.
        assert_eq!(l02("https://www.xn--fsqu00a.xn--fiqs8s/", "www.例子.中国"), 0);
        assert_eq!(l02("https://münchen.de/", "XN--MNCHEN-3YA.DE"), 0);
        assert_eq!(l02("https://xn--mnchen-3ya.de/", "münchen.de"), 0);
        assert_eq!(l02("https://www.paypal.com/", "ｗｗｗ．ｐａｙｐａｌ．ｃｏｍ"), 0, "full-width text, the same site");
        // A look-alike site is another site.
        assert_eq!(l02("https://xn--80ak6aa92e.com/", "apple.com"), 1);
        assert_eq!(l02("https://xn--mnchen-3ya.de/", "munchen.de"), 1);
    }

    #[test]
    fn texts_that_show_an_address() {
        assert_eq!(shown("https://www.PayPal.com/login", "https://evil.example/").as_deref(), Some("www.paypal.com"));
        assert_eq!(shown("x-lighting.com/catalogue", "https://a.com/").as_deref(), Some("x-lighting.com"));
        assert_eq!(shown("our catalogue", "https://a.com/"), None);
        assert_eq!(shown("sales@x-lighting.com", "https://a.com/"), None);
        assert_eq!(shown("catalogue.zip", "https://x-lighting.com/files/Catalogue.zip"), None);
        assert_eq!(shown("ASP.NET", "https://microsoft.com/"), None);
        assert_eq!(shown("report.pdf", "https://a.com/"), None);
        assert_eq!(shown("No.8", "https://a.com/"), None);
    }
}
