//! L03 `ip-address-link`: a link goes to a numeric IP address instead of a domain name.

use std::collections::HashSet;

use super::urls::{self, IpKind};
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// L03.
pub(crate) static RULE: Rule = Rule {
    code: "L03",
    name: "ip-address-link",
    category: Category::Links,
    severity: Severity::High,
    cap: None,
    summary: L10n {
        en: "A link goes to an IP address instead of a domain name", zh: "链接指向 IP 地址而不是域名"
    },
    fix: L10n {
        en: "Link to a domain name (https://yourcompany.com/…), not to an IP address.",
        zh: "请链接到域名（如 https://yourcompany.com/…），不要直接用 IP 地址。",
    },
    doc: doc! {
        en: r#"## What it does
Flags web links (`http`, `https`, `ftp`) whose host is a public IP address: dotted
(`http://203.0.113.9/price.pdf`), IPv6 in brackets, or the integer, hex and octal spellings
browsers also accept (`http://3405803785/`, `http://0xcb.0.113.9/`). Each distinct address costs
2.0 points. Addresses of a private network (192.168.x.x, 10.x.x.x, 127.0.0.1…) are left to L11:
they are broken for the recipient rather than suspicious.

## Why it matters
Legitimate companies link to their domain; links to bare IP addresses are typical of
compromised servers and phishing kits. SpamAssassin scores `NUMERIC_HTTP_ADDR` (1.24) and
`NORMAL_HTTP_TO_IP`, Rspamd `URL_NUMERIC_IP` (1.5) and `HTTP_TO_IP` (1.0), and Microsoft 365
customers can switch on `IncreaseScoreWithNumericIps`, which raises the spam score of every
message that has one. It typically happens when a file is shared from an office NAS or a test
server.

## Example
`Price list: http://203.0.113.9/files/price.pdf` fires; `Price list:
https://x-lighting.com/files/price.pdf` does not.

## How to fix
Put the file on your website or a file-sharing service under your domain, and link that address.

## References
- SpamAssassin `rules/20_uri_tests.cf` `NUMERIC_HTTP_ADDR`, `NORMAL_HTTP_TO_IP`
- Rspamd `URL_NUMERIC_IP` (1.5), `rules/html.lua` `HTTP_TO_IP` (1.0)
- Microsoft Exchange Online Protection, advanced spam filter `IncreaseScoreWithNumericIps`
"#,
        zh: r#"## 检查什么
检查网页链接（`http`、`https`、`ftp`）的主机是否为公网 IP 地址：点分形式（`http://203.0.113.9/price.pdf`）、
方括号中的 IPv6，以及浏览器同样接受的整数、十六进制和八进制写法（`http://3405803785/`、`http://0xcb.0.113.9/`）。
每个不同的地址计 2.0 分。内网地址（192.168.x.x、10.x.x.x、127.0.0.1 等）交给 L11：对收件人来说那是打不开的链接，
而不是可疑链接。

## 为什么重要
正规公司都会链接到自己的域名；直接链接 IP 地址是被入侵的服务器和钓鱼工具包的典型特征。SpamAssassin 对
`NUMERIC_HTTP_ADDR`（1.24）和 `NORMAL_HTTP_TO_IP` 计分，Rspamd 有 `URL_NUMERIC_IP`（1.5）和 `HTTP_TO_IP`（1.0），
Microsoft 365 的客户还可以开启 `IncreaseScoreWithNumericIps`，凡是含 IP 链接的邮件都会提高垃圾评分。
这种情况多半出现在从公司 NAS 或测试服务器分享文件时。

## 示例
`Price list: http://203.0.113.9/files/price.pdf` 会触发；`Price list: https://x-lighting.com/files/price.pdf` 不会。

## 如何修改
把文件放到公司网站或使用公司域名的文件分享服务上，链接那个地址。

## 参考
- SpamAssassin `rules/20_uri_tests.cf` 的 `NUMERIC_HTTP_ADDR`、`NORMAL_HTTP_TO_IP`
- Rspamd `URL_NUMERIC_IP`（1.5）、`rules/html.lua` 的 `HTTP_TO_IP`（1.0）
- Microsoft Exchange Online Protection 高级垃圾邮件筛选选项 `IncreaseScoreWithNumericIps`
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let mut seen = HashSet::new();
    for t in urls::targets(a) {
        let Some(url) = urls::parse(t.href) else { continue };
        if !matches!(url.scheme.as_deref(), Some("http" | "https" | "ftp")) {
            continue;
        }
        if urls::ip_host(&url.host) == Some(IpKind::Public) && seen.insert(url.host.clone()) {
            out.add(2.0, Part::Links).at(t.span).say(
                format!("This link goes to the IP address {}", url.host),
                format!("此链接指向 IP 地址 {}", url.host),
            );
        }
    }
}
