//! L10 `distrusted-tld`: a link goes to a domain filters distrust: a throw-away top-level domain,
//! `.biz`/`.info`, or a random-looking host name.

use std::collections::HashSet;

use super::urls;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// L10.
pub(crate) static RULE: Rule = Rule {
    code: "L10",
    name: "distrusted-tld",
    category: Category::Links,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "A link goes to a domain that spam filters distrust",
        zh: "链接指向垃圾邮件过滤器不信任的域名",
    },
    fix: L10n {
        en: "Links on throw-away TLDs are distrusted: link to your company's .com or country domain instead.",
        zh: "免费或滥用严重的顶级域名不受信任，请改为链接到公司的 .com 或国家域名网站。",
    },
    doc: doc! {
        en: r#"## What it does
Looks at the host of every web link, once per host:

- top-level domain `.tk`, `.ml`, `.ga`, `.cf` or `.gq` (the former free Freenom domains, Rspamd's
  suspicious-TLD list): 1.5 points;
- top-level domain `.biz` or `.info`: 0.5;
- a host name that looks random: 7 consonants in a row (`URI_NOVOWEL`), or a label of 6 or more
  hexadecimal characters mixing digits and letters (`URI_HEX`): 0.5.

The random-name test skips IP addresses (L03's business) and the sender's own domain: a company
whose domain is made of pinyin initials (`szhxgkj.com`) cannot change it for one email, and it
is no less trustworthy for that. SpamAssassin's `URI_HEX` also matches plain words spelt with
a–f (`facade`) and all-digit labels; requiring both a digit and a letter keeps it to hash-like
names.

## Why it matters
Free and cheap domains are registered by the thousand for spam runs, so filters distrust whole
top-level domains: Rspamd's `URL_SUSPICIOUS_TLD` weighs 3.0, and Microsoft 365 customers can
switch on `IncreaseScoreWithBizOrInfoUrls`. Machine-generated host names are typical of throw-away
domains, which SpamAssassin's `URI_NOVOWEL` (0.5) and `URI_HEX` (0.1) pick up.

## Example
`Download the catalogue: https://xlighting-catalogue.tk/2025.pdf` fires; the same file at
`https://x-lighting.com/2025.pdf` does not.

## How to fix
Host files and pages on your company's main domain (.com, .cn, .de…), not on a free domain.

## References
- Rspamd `conf/maps.d/suspicious_tlds.inc`, `URL_SUSPICIOUS_TLD` (3.0)
- Microsoft Exchange Online Protection, advanced spam filter `IncreaseScoreWithBizOrInfoUrls`
- SpamAssassin `rules/20_uri_tests.cf` `URI_NOVOWEL` (0.5), `URI_HEX` (0.1)
"#,
        zh: r#"## 检查什么
检查每个网页链接的主机名（同一主机只算一次）：

- 顶级域名为 `.tk`、`.ml`、`.ga`、`.cf` 或 `.gq`（原 Freenom 免费域名，Rspamd 的可疑顶级域名列表）：1.5 分；
- 顶级域名为 `.biz` 或 `.info`：0.5 分；
- 主机名看起来像随机生成的：连续 7 个辅音字母（`URI_NOVOWEL`），或某一段由 6 个以上十六进制字符组成且数字和字母
  混杂（`URI_HEX`）：0.5 分。

随机名称检查不针对 IP 地址（由 L03 处理），也不针对发件人自己的域名：用拼音首字母注册域名（如 `szhxgkj.com`）的公司
不可能为一封邮件改域名，而且这样的域名本身并不可疑。SpamAssassin 的 `URI_HEX` 还会匹配只用 a–f 拼成的普通单词
（如 `facade`）和纯数字，这里要求同时含有数字和字母，只针对类似哈希值的名称。

## 为什么重要
免费和廉价域名被成千上万地注册来群发垃圾邮件，所以过滤器对整个顶级域名都不信任：Rspamd 的 `URL_SUSPICIOUS_TLD`
权重 3.0，Microsoft 365 的客户可以开启 `IncreaseScoreWithBizOrInfoUrls`。机器生成的主机名是一次性域名的典型特征，
SpamAssassin 的 `URI_NOVOWEL`（0.5）和 `URI_HEX`（0.1）专门识别这类名称。

## 示例
`Download the catalogue: https://xlighting-catalogue.tk/2025.pdf` 会触发；同一文件放在
`https://x-lighting.com/2025.pdf` 则不会。

## 如何修改
把文件和页面放在公司的主域名（.com、.cn、.de 等）下，不要用免费域名。

## 参考
- Rspamd `conf/maps.d/suspicious_tlds.inc`，`URL_SUSPICIOUS_TLD`（3.0）
- Microsoft Exchange Online Protection 高级垃圾邮件筛选选项 `IncreaseScoreWithBizOrInfoUrls`
- SpamAssassin `rules/20_uri_tests.cf` 的 `URI_NOVOWEL`（0.5）、`URI_HEX`（0.1）
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let own = urls::sender_site(a);
    let mut seen = HashSet::new();
    for t in urls::targets(a) {
        let Some(url) = urls::parse(t.href).filter(urls::Url::is_web) else { continue };
        let host = url.host;
        if host.is_empty() || urls::ip_host(&host).is_some() || !seen.insert(host.clone()) {
            continue;
        }
        let tld = host.rsplit('.').next().unwrap_or("");
        match tld {
            "tk" | "ml" | "ga" | "cf" | "gq" => {
                out.add(1.5, Part::Links).at(t.span.clone()).say(
                    format!("{host} is on .{tld}, a free top-level domain mostly used for spam"),
                    format!("{host} 使用的是 .{tld}，这是主要被垃圾邮件滥用的免费顶级域名"),
                );
            }
            "biz" | "info" => {
                out.add(0.5, Part::Links).at(t.span.clone()).say(
                    format!("{host} is on .{tld}, a top-level domain some filters score higher"),
                    format!("{host} 使用的是 .{tld}，部分过滤器会对该顶级域名加分"),
                );
            }
            _ => {}
        }
        if own.as_deref() == Some(urls::site(&host).as_str()) {
            continue;
        }
        if let Some(label) = random_looking(&host) {
            out.add(0.5, Part::Links).at(t.span.clone()).say(
                format!("The host name {host} looks machine-generated (\"{label}\")"),
                format!("主机名 {host} 看起来像机器随机生成的（\"{label}\"）"),
            );
        }
    }
}

/// The part of `host` that looks random: 7 consonants in a row, or a hex run of 6+ characters
/// with both digits and letters. The top-level domain is left out.
fn random_looking(host: &str) -> Option<&str> {
    let labels = host.rsplit_once('.').map_or(host, |(rest, _)| rest);
    for token in labels.split(['.', '-']) {
        let mut run = 0;
        for c in token.chars() {
            run = if "bcdfghjklmnpqrstvwxz".contains(c) { run + 1 } else { 0 };
            if run >= 7 {
                return Some(token);
            }
        }
        let hex = token.len() >= 6 && token.chars().all(|c| c.is_ascii_hexdigit());
        if hex && token.chars().any(|c| c.is_ascii_digit()) && token.chars().any(|c| c.is_ascii_alphabetic()) {
            return Some(token);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::random_looking;

    #[test]
    fn random_hosts() {
        assert_eq!(random_looking("www.xkcdqrtzpl.com"), Some("xkcdqrtzpl"));
        assert_eq!(random_looking("a3f9c2e1.cloudfront.net"), Some("a3f9c2e1"));
        assert_eq!(random_looking("www.facade.com"), None);
        assert_eq!(random_looking("www.1688.com"), None);
        assert_eq!(random_looking("x-lighting.com"), None);
        assert_eq!(random_looking("schwarzkopf.de"), None);
    }
}
