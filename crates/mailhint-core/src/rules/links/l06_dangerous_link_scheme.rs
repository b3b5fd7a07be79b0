//! L06 `dangerous-link-scheme`: a link runs a script, embeds data or opens a local file
//! (`javascript:`, `vbscript:`, `data:`, `file:`).

use std::collections::HashSet;

use super::urls;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// L06.
pub(crate) static RULE: Rule = Rule {
    code: "L06",
    name: "dangerous-link-scheme",
    category: Category::Links,
    severity: Severity::Critical,
    cap: None,
    summary: L10n {
        en: "A link runs a script, embeds data or opens a local file",
        zh: "链接会执行脚本、内嵌数据或打开本地文件",
    },
    fix: L10n {
        en: "Remove this link type: link to a web page (https://…) or attach the file instead.",
        zh: "请删除这种类型的链接：改为链接到网页（https://…），或者直接把文件作为附件发送。",
    },
    doc: doc! {
        en: r#"## What it does
Flags HTML links whose address starts with `javascript:`, `vbscript:`, `data:` or `file:`, read
the way a browser reads them (tabs and line breaks inside the scheme are ignored, case does not
matter, so `Java&#x09;Script:` counts). Each distinct link costs 3.0 points.

## Why it matters
No mail client runs scripts from links, so `javascript:` and `vbscript:` links only show that the
HTML was built to attack webmail. `data:` links carry a whole page or file inside the address,
a way to smuggle phishing pages past URL scanners. `file:` links point to a file on the
sender's own disk or network share, which the recipient cannot open (and which leaks the
sender's paths). SpamAssassin scores `URI_DATA` (1.0, inline content 3.25), Rspamd
`HAS_FILE_URL` (2.0) and `DATA_URI_OBFU` (2.0); HTML pasted from web page builders and Word
documents is the usual honest source.

## Example
`<a href="file:///C:/Users/lily/Desktop/price.xlsx">price list</a>` fires; the same price list
sent as an attachment or linked at `https://x-lighting.com/price.xlsx` does not.

## How to fix
Remove the link. Attach the file, or upload it to your website and link its `https://` address.

## References
- SpamAssassin `URI_DATA` (active rules, `rulesrc/scores/72_scores.cf`)
- Rspamd `rules/regexp/urls.lua` `HAS_FILE_URL` (2.0), `rules/misc.lua` `DATA_URI_OBFU` (2.0)
"#,
        zh: r#"## 检查什么
检查 HTML 链接的地址是否以 `javascript:`、`vbscript:`、`data:` 或 `file:` 开头。按浏览器的方式读取（协议名中的
制表符和换行会被忽略，大小写不限，所以 `Java&#x09;Script:` 也算）。每个不同的链接计 3.0 分。

## 为什么重要
没有任何邮件客户端会执行链接里的脚本，所以 `javascript:`、`vbscript:` 链接只说明这段 HTML 是为攻击网页邮箱而写的。
`data:` 链接把整个页面或文件塞进地址里，是绕过网址扫描、夹带钓鱼页面的手法。`file:` 链接指向发件人自己电脑或
共享盘上的文件，收件人根本打不开（还会暴露发件人的文件路径）。SpamAssassin 对 `URI_DATA` 计 1.0 分（内嵌内容
3.25 分），Rspamd 对 `HAS_FILE_URL`、`DATA_URI_OBFU` 各计 2.0 分。正常发件人出现这种链接，通常是从网页制作工具或
Word 文档中粘贴了 HTML。

## 示例
`<a href="file:///C:/Users/lily/Desktop/price.xlsx">price list</a>` 会触发；把同一份价格表作为附件发送，或链接到
`https://x-lighting.com/price.xlsx`，就不会触发。

## 如何修改
删除该链接。把文件作为附件发送，或上传到公司网站后链接它的 `https://` 地址。

## 参考
- SpamAssassin `URI_DATA`（已启用的沙箱规则，`rulesrc/scores/72_scores.cf`）
- Rspamd `rules/regexp/urls.lua` 的 `HAS_FILE_URL`（2.0）、`rules/misc.lua` 的 `DATA_URI_OBFU`（2.0）
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let mut seen = HashSet::new();
    for t in urls::targets(a).into_iter().filter(|t| t.anchor) {
        let Some(scheme) = urls::scheme(t.href) else { continue };
        let (en, zh) = match scheme.as_str() {
            "javascript" | "vbscript" => ("runs a script", "会执行脚本"),
            "data" => ("carries its content inside the address", "把内容直接塞在地址里"),
            "file" => ("points to a file on your own computer or network", "指向你自己电脑或内网上的文件"),
            _ => continue,
        };
        if seen.insert(urls::clean(t.href)) {
            out.add(3.0, Part::Links)
                .at(t.span)
                .say(format!("This {scheme}: link {en}"), format!("这个 {scheme}: 链接{zh}"));
        }
    }
}
