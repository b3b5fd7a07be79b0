//! L11 `broken-link`: a link cannot work for the recipient (empty, `#`, relative, missing its
//! `https://`, or pointing to the sender's own network or a placeholder domain).

use std::collections::HashSet;

use super::urls::{self, IpKind};
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// L11.
pub(crate) static RULE: Rule = Rule {
    code: "L11",
    name: "broken-link",
    category: Category::Links,
    severity: Severity::Low,
    cap: None,
    summary: L10n { en: "A link cannot work for the recipient", zh: "收件人无法打开这个链接" },
    fix: L10n {
        en: "Fix the broken link: give it the full public address, starting with https://.",
        zh: "请修复失效链接：填写以 https:// 开头的完整公网地址。",
    },
    doc: doc! {
        en: r##"## What it does
Flags links that cannot open anything for the recipient, 0.5 points per distinct link:

- HTML anchors with an empty address, `#` alone, `http://` or `https://` with no host, an empty
  `mailto:` or `tel:`;
- anchors without a scheme: a relative path (`/products`, `catalogue.pdf`) or an address typed
  without `https://` (`www.x-lighting.com`, `x-lighting.com`), which the recipient's client
  resolves against its own web address;
- any link (anchor or URL typed as text) to `localhost`, a private or loopback IP address
  (192.168.x.x, 10.x.x.x, 127.0.0.1…), a `.local` or single-word intranet host (`http://erp/`),
  or a reserved example domain (`example.com`, `.test`, `.invalid`) left over from a template.

`www.x-lighting.com` typed as plain text is not flagged: mail clients turn it into a working
link. In-page anchors (`#section`) and links in quoted lines (`> …`) of a reply are left alone.

## Why it matters
Broken links make the sender look careless and the message look like a template. Template
leftovers (`href="#"`, example.com) and intranet links are what users of other email tools ask to
be warned about, and a reader who cannot open the catalogue will not ask twice.

## Example
`<a href="www.x-lighting.com/catalogue">catalogue</a>` fires (without `https://` it opens
nothing); `<a href="https://www.x-lighting.com/catalogue">catalogue</a>` does not.

## How to fix
Open the page in a browser, copy the full address from the address bar (it starts with
`https://`) and set it as the link. Files on an office server must be uploaded somewhere public
first.

## References
- pretalx/pretalx#1343 (warn on empty and relative links), sofn-xyz/mailing#298 (localhost
  links), CodeForPoznan/volontulo#965 (broken links in emails)
- RFC 2606 and RFC 6761 (reserved example, test and invalid domains)
"##,
        zh: r##"## 检查什么
检查收件人打不开的链接，每个不同的链接计 0.5 分：

- HTML 链接地址为空、只有 `#`、只有 `http://` 或 `https://` 而没有主机名、`mailto:` 或 `tel:` 后面为空；
- 链接地址没有协议：相对路径（`/products`、`catalogue.pdf`），或漏写了 `https://` 的网址（`www.x-lighting.com`、
  `x-lighting.com`），收件人的邮件客户端会把它当成自身网站下的路径；
- 任何链接（HTML 链接或正文中直接写出的网址）指向 `localhost`、内网或本机 IP 地址（192.168.x.x、10.x.x.x、
  127.0.0.1 等）、`.local` 或单个词的内网主机（`http://erp/`），或模板中遗留的示例域名（`example.com`、`.test`、
  `.invalid`）。

正文中以纯文字写出的 `www.x-lighting.com` 不会标记：邮件客户端会自动把它变成可用的链接。页内锚点（`#section`）
和回复中引用的原文（以 `>` 开头的行）里的链接也不受影响。

## 为什么重要
失效链接让发件人显得粗心，也让邮件看起来像套用的模板。其他邮件工具的用户最常要求提醒的，正是模板遗留（`href="#"`、
example.com）和内网链接；买家打不开产品目录，通常也不会再问第二次。

## 示例
`<a href="www.x-lighting.com/catalogue">catalogue</a>` 会触发（没有 `https://` 就打不开）；
`<a href="https://www.x-lighting.com/catalogue">catalogue</a>` 不会。

## 如何修改
在浏览器中打开该页面，从地址栏复制完整地址（以 `https://` 开头），设为链接地址。放在公司内部服务器上的文件需要先
上传到公网可访问的地方。

## 参考
- pretalx/pretalx#1343（空链接和相对链接提醒）、sofn-xyz/mailing#298（localhost 链接）、
  CodeForPoznan/volontulo#965（邮件中的失效链接）
- RFC 2606、RFC 6761（保留的示例、测试和无效域名）
"##,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let mut seen = HashSet::new();
    for t in urls::targets(a) {
        if a.is_quoted(t.span.start) {
            continue;
        }
        let Some((en, zh)) = problem(t.href, t.anchor) else { continue };
        if seen.insert(urls::clean(t.href)) {
            out.add(0.5, Part::Links).at(t.span).say(en, zh);
        }
    }
}

/// What is wrong with a link, in English and Chinese, if anything. `anchor` says whether the
/// author set the address in an HTML anchor (URLs typed as text are only checked for hosts).
pub(super) fn problem(href: &str, anchor: bool) -> Option<(String, String)> {
    let href = urls::clean(href);
    let shown = crate::limits::clip(&href, 80);
    if anchor {
        if href.is_empty() {
            return Some(("This link has no address".into(), "这个链接没有填写地址".into()));
        }
        if href == "#" {
            return Some(("This link points nowhere (#)".into(), "这个链接没有指向任何地方（#）".into()));
        }
        match urls::scheme(&href).as_deref() {
            Some("mailto" | "tel") => {
                let target = href.split_once(':').map_or("", |(_, r)| r).split('?').next().unwrap_or("");
                if target.trim().is_empty() {
                    return Some((
                        format!("This link ({shown}) has no address after the colon"),
                        format!("这个链接（{shown}）冒号后面没有地址"),
                    ));
                }
                return None;
            }
            Some(_) => {}
            None if href.starts_with('#') => return None,
            None => {
                let domain_like = href.to_ascii_lowercase().starts_with("www.")
                    || crate::regex!(r"(?i)^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|cn|de|uk|fr|it|es|ru|in|jp|kr|br|au|ca|nl|pl|tr|us|eu|info|biz|co)(?:[:/?#]|$)").is_match(&href);
                return Some(if domain_like {
                    (
                        format!("The link {shown} has no https:// and will not open"),
                        format!("链接 {shown} 缺少 https://，无法打开"),
                    )
                } else {
                    (
                        format!("The link {shown} is a relative path, which does not work in an email"),
                        format!("链接 {shown} 是相对路径，在邮件中无法打开"),
                    )
                });
            }
        }
    }
    let url = urls::parse(&href)?;
    if !url.is_web() {
        return None;
    }
    let host = url.host.as_str();
    if host.is_empty() {
        return Some((format!("The link {shown} has no host"), format!("链接 {shown} 没有主机名")));
    }
    let local = urls::ip_host(host) == Some(IpKind::Local)
        || host == "localhost"
        || host.ends_with(".localhost")
        || host.ends_with(".local")
        || host.ends_with(".lan")
        || host.ends_with(".internal")
        || (!host.contains('.') && urls::ip_host(host).is_none());
    if local {
        return Some((
            format!("{host} only exists on your own network; the recipient cannot open it"),
            format!("{host} 只存在于你自己的内部网络，收件人无法打开"),
        ));
    }
    let placeholder = matches!(urls::site(host).as_str(), "example.com" | "example.net" | "example.org")
        || [".example", ".test", ".invalid"].iter().any(|s| host.ends_with(s))
        || matches!(host, "example" | "test" | "invalid");
    if placeholder {
        return Some((
            format!("{host} is a placeholder domain left over from a template"),
            format!("{host} 是模板中遗留的示例域名"),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn broken_and_working_links() {
        for bad in [
            "",
            "#",
            "http://",
            "www.x-lighting.com",
            "x-lighting.com/cat",
            "/products",
            "mailto:",
            "http://192.168.1.5/a",
            "http://erp/x",
            "https://example.com/",
        ] {
            assert!(problem(bad, true).is_some(), "{bad:?}");
        }
        for good in ["https://x-lighting.com/", "#top", "mailto:sales@x-lighting.com", "tel:+8657412345", "cid:logo"] {
            assert!(problem(good, true).is_none(), "{good:?}");
        }
        assert!(problem("www.x-lighting.com", false).is_none());
        assert!(problem("http://localhost:8080/", false).is_some());
    }
}
