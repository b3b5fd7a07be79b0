//! L04 `obfuscated-url`: a link's address is shaped to hide where it goes (`user@` before the
//! host, backslashes, escaped host, many dots, odd port, huge length).

use std::collections::HashSet;

use super::urls;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// L04.
pub(crate) static RULE: Rule = Rule {
    code: "L04",
    name: "obfuscated-url",
    category: Category::Links,
    severity: Severity::High,
    cap: Some(3.0),
    summary: L10n {
        en: "A link's address is shaped to hide where it goes", zh: "链接地址的写法在掩盖真实去向"
    },
    fix: L10n {
        en: "This link looks obfuscated; use a plain https://yourdomain/… URL.",
        zh: "这个链接看起来经过了混淆，请改用普通的 https://你的域名/… 地址。",
    },
    doc: doc! {
        en: r#"## What it does
Checks the shape of every web link (HTML anchors and URLs typed as text) for the tricks Rspamd's
`url_suspect` plugin and SpamAssassin's URI rules look for:

| Shape | Example | Points |
|---|---|---|
| user name before the host | `https://x-lighting.com@203.0.113.9/` | 2.0 |
| two or more `@` before the host | `https://a@b@evil.example/` | 3.0 |
| backslash in the address | `https://x-lighting.com\@evil.example` | 2.0 |
| `%xx` escape inside the host name | `https://x%2Dlighting.com/` | 1.0 |
| more than 6 dots in the host | `https://a.b.c.d.e.f.g.example/` | 2.0 |
| address longer than 2,048 characters | | 1.5 |
| port other than 80, 443 or 8080 | `https://x-lighting.com:8443/` | 0.5 |

Each shape counts once per link; all hits together are capped at 3.0 points. An `@` in the path
or query (`?email=a@b.com`) is ordinary and not flagged.

## Why it matters
`https://x-lighting.com@203.0.113.9/` opens 203.0.113.9: everything before the `@` is a user
name. Such tricks exist only to make an address look like another, so filters score them on
sight: Rspamd `URL_USER_PASSWORD` (2.0), `URL_MULTIPLE_AT_SIGNS` (3.0), `URL_BACKSLASH_PATH` (2.0),
`URL_EXCESSIVE_DOTS` (2.0), `URL_VERY_LONG` (1.5); SpamAssassin `HTTP_ESCAPED_HOST` and
`WEIRD_PORT`; Microsoft 365 `IncreaseScoreWithRedirectToOtherPort`.

## Example
`https://x-lighting.com@203.0.113.9/quote.html` fires; `https://x-lighting.com/quote.html` does
not.

## How to fix
Write the address plainly: `https://`, your domain, then the path. Ask your web team to serve
files on the standard port.

## References
- Rspamd `src/plugins/lua/url_suspect.lua`, `conf/scores.d/url_suspect_group.conf`
  (`URL_USER_PASSWORD`, `URL_MULTIPLE_AT_SIGNS`, `URL_BACKSLASH_PATH`, `URL_EXCESSIVE_DOTS`,
  `URL_VERY_LONG`)
- SpamAssassin `rules/20_uri_tests.cf` `HTTP_ESCAPED_HOST`, `WEIRD_PORT`
- Microsoft Exchange Online Protection, advanced spam filter `IncreaseScoreWithRedirectToOtherPort`
"#,
        zh: r#"## 检查什么
检查每个网页链接（HTML 链接和正文中直接写出的网址）的写法，找出 Rspamd 的 `url_suspect` 插件和 SpamAssassin
网址规则关注的手法：

| 写法 | 示例 | 分数 |
|---|---|---|
| 主机名前带用户名 | `https://x-lighting.com@203.0.113.9/` | 2.0 |
| 主机名前有两个以上 `@` | `https://a@b@evil.example/` | 3.0 |
| 地址中有反斜杠 | `https://x-lighting.com\@evil.example` | 2.0 |
| 主机名中有 `%xx` 转义 | `https://x%2Dlighting.com/` | 1.0 |
| 主机名中点号超过 6 个 | `https://a.b.c.d.e.f.g.example/` | 2.0 |
| 地址长度超过 2,048 个字符 | | 1.5 |
| 端口不是 80、443 或 8080 | `https://x-lighting.com:8443/` | 0.5 |

每个链接的每种写法只计一次；所有命中合计最多 3.0 分。路径或参数中的 `@`（如 `?email=a@b.com`）属于正常情况，
不会标记。

## 为什么重要
`https://x-lighting.com@203.0.113.9/` 实际打开的是 203.0.113.9：`@` 前面的内容只是用户名。这些手法的唯一目的
就是让一个地址看起来像另一个地址，所以过滤器一见就扣分：Rspamd 的 `URL_USER_PASSWORD`（2.0）、
`URL_MULTIPLE_AT_SIGNS`（3.0）、`URL_BACKSLASH_PATH`（2.0）、`URL_EXCESSIVE_DOTS`（2.0）、`URL_VERY_LONG`（1.5）；
SpamAssassin 的 `HTTP_ESCAPED_HOST` 和 `WEIRD_PORT`；Microsoft 365 的 `IncreaseScoreWithRedirectToOtherPort`。

## 示例
`https://x-lighting.com@203.0.113.9/quote.html` 会触发；`https://x-lighting.com/quote.html` 不会。

## 如何修改
按最普通的方式书写地址：`https://`、你的域名、再加路径。请网站负责人把文件放在标准端口上提供。

## 参考
- Rspamd `src/plugins/lua/url_suspect.lua`、`conf/scores.d/url_suspect_group.conf`（`URL_USER_PASSWORD`、
  `URL_MULTIPLE_AT_SIGNS`、`URL_BACKSLASH_PATH`、`URL_EXCESSIVE_DOTS`、`URL_VERY_LONG`）
- SpamAssassin `rules/20_uri_tests.cf` 的 `HTTP_ESCAPED_HOST`、`WEIRD_PORT`
- Microsoft Exchange Online Protection 高级垃圾邮件筛选选项 `IncreaseScoreWithRedirectToOtherPort`
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let mut seen = HashSet::new();
    for t in urls::targets(a) {
        let Some(url) = urls::parse(t.href).filter(urls::Url::is_web) else { continue };
        if !seen.insert(t.href) {
            continue;
        }
        let mut hit = |points: f64, en: String, zh: String| {
            out.add(points, Part::Links).at(t.span.clone()).say(en, zh);
        };
        let host = &url.host;
        let ats = url.authority.matches('@').count();
        if ats >= 2 {
            hit(
                3.0,
                format!("This link has {ats} @ signs before its host; it really goes to {host}"),
                format!("此链接在主机名前有 {ats} 个 @，实际打开的是 {host}"),
            );
        } else if let Some(user) = &url.userinfo {
            let user = crate::limits::clip(user, 60);
            hit(
                2.0,
                format!("Everything before @ is a user name: this link shows \"{user}\" but goes to {host}"),
                format!("@ 前面的内容只是用户名：此链接显示 \"{user}\"，实际打开的是 {host}"),
            );
        }
        // A backslash anywhere before the query: browsers read it as a slash, filters as a trick.
        let before_query = t.href.split(['?', '#']).next().unwrap_or("");
        if before_query.contains('\\') {
            hit(
                2.0,
                "This link contains a backslash (\\), a trick to disguise its host".into(),
                "此链接中含有反斜杠（\\），这是掩盖主机名的手法".into(),
            );
        }
        if host.contains('%') {
            hit(1.0, format!("The host name {host} is written with % escapes"), format!("主机名 {host} 使用了 % 转义"));
        }
        let dots = host.matches('.').count();
        if dots > 6 {
            hit(
                2.0,
                format!("The host name has {dots} dots, a way to bury the real domain"),
                format!("主机名中有 {dots} 个点号，真实域名被埋在其中"),
            );
        }
        if t.href.len() > 2048 {
            let len = t.href.len();
            hit(1.5, format!("This link is {len} characters long"), format!("此链接长达 {len} 个字符"));
        }
        if let Some(port) = url.port.as_deref().filter(|p| !p.is_empty() && !matches!(*p, "80" | "443" | "8080")) {
            let port = crate::limits::clip(port, 12);
            hit(0.5, format!("This link uses the unusual port :{port}"), format!("此链接使用了不常见的端口 :{port}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(text: &str) -> f64 {
        let hits = crate::rules::testing::run_text(check, text);
        hits.as_slice().iter().map(|h| h.points).sum()
    }

    #[test]
    fn at_signs_in_the_query_are_fine() {
        assert_eq!(points("https://x-lighting.com/form?email=a@b.com"), 0.0);
        assert_eq!(points("https://x-lighting.com@203.0.113.9/q"), 2.0);
        assert_eq!(points("https://a@b@evil.example/"), 3.0);
        assert_eq!(points("https://x-lighting.com:8080/q"), 0.0);
    }
}
