//! H03 `linked-image-short-text`: a clickable picture in a short HTML mail.

use super::common;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// H03.
pub(crate) static RULE: Rule = Rule {
    code: "H03",
    name: "linked-image-short-text",
    category: Category::Html,
    severity: Severity::High,
    cap: None,
    summary: L10n {
        en: "A short HTML mail contains a clickable image", zh: "内容很短的 HTML 邮件里有可点击的图片"
    },
    fix: L10n {
        en: "Don't make a clickable picture the main content; use a text link and write a few more sentences.",
        zh: "不要把可点击的图片当作邮件主体；请改用文字链接，并多写几句正文。",
    },
    doc: doc! {
        en: r#"## What it does
Flags an HTML message that has an image inside a link (`<a href><img></a>`) while its visible
text is short: under 1,024 bytes → 2.0; under 1,536 → 1.0; under 2,048 → 0.5. Images hidden by
style are not counted. Text is counted in UTF-8 bytes, as SpamAssassin does.

## Why it matters
"A picture to click and little else" is how phishing and image spam get their reader to a
website without any words a filter could judge. SpamAssassin's `HTML_SHORT_LINK_IMG_1/2/3` score
it (2.2 in the network-less score set) and Rspamd has symbols of the same names (its version
counts images embedded in the message rather than linked ones). A linked logo in the signature
of a short cold email is enough to fire them.

## Example
Fires: three lines of text and a banner that links to the web shop. Does not fire: the same
three lines with the shop written as a text link, `https://x-lighting.com/high-bay`.

## How to fix
Put the link in words ("Our high-bay range: x-lighting.com/high-bay") and keep images unlinked,
or leave them out of first contacts. If the mail is meant to carry a banner, give it a real text
body of a few paragraphs.

## References
- SpamAssassin `rules/20_html_tests.cf` `HTML_SHORT_LINK_IMG_1`, `_2`, `_3` (`__HTML_LINK_IMAGE`,
  `__HTML_LENGTH_*`)
- Rspamd `rules/html.lua` `HTML_SHORT_LINK_IMG_1/2/3`
"#,
        zh: r#"## 检查什么
HTML 邮件中有放在链接里的图片（`<a href><img></a>`），同时可见文字较短时触发：少于 1,024 字节计 2.0 分；少于 1,536
字节计 1.0 分；少于 2,048 字节计 0.5 分。被样式隐藏的图片不计。文字按 UTF-8 字节计算，与 SpamAssassin 一致。

## 为什么重要
"一张可点击的图片、几乎没有文字"，正是钓鱼邮件和图片垃圾邮件把人引到网站、又不给过滤器留下可判断文字的手法。SpamAssassin 的
`HTML_SHORT_LINK_IMG_1/2/3` 专门对此计分（无网络评分组中计 2.2 分），Rspamd 也有同名规则（它统计的是嵌入邮件的图片，而不是带链接的图片）。短短的开发信里，签名中一个带链接的 Logo 就足以触发。

## 示例
会触发：三行文字加一张链接到网店的横幅图片。不会触发：同样三行文字，网店地址写成文字链接 `https://x-lighting.com/high-bay`。

## 如何修改
链接用文字写出来（例如 "Our high-bay range: x-lighting.com/high-bay"），图片不要加链接，开发信里最好不放图片。如果邮件确实需要横幅图片，请配上几段真正的正文。

## 参考
- SpamAssassin `rules/20_html_tests.cf` `HTML_SHORT_LINK_IMG_1`、`_2`、`_3`（`__HTML_LINK_IMAGE`、`__HTML_LENGTH_*`）
- Rspamd `rules/html.lua` `HTML_SHORT_LINK_IMG_1/2/3`
"#,
    },
    check,
};

/// SpamAssassin's bands: (visible-text bytes below which the band applies, points).
const BANDS: [(usize, f64); 3] = [(1024, 2.0), (1536, 1.0), (2048, 0.5)];

fn check(a: &Analysis, out: &mut Hits) {
    let Some(img) = a.images.iter().find(|img| img.linked && !img.hidden) else {
        return;
    };
    let text = a.visible_bytes();
    let Some(&(_, points)) = BANDS.iter().find(|(below, _)| text < *below) else {
        return;
    };
    let name = common::image_name(&img.src);
    out.add(points, Part::Images).at(common::image_span(a, img)).say(
        format!("The image \"{name}\" is a link, and the mail has only {text} bytes of text"),
        format!("图片 \"{name}\" 带有链接，而邮件正文只有 {text} 字节"),
    );
}
