//! H02 `image-only-message`: the message is a picture with (almost) no text.

use super::common;
use crate::analysis::Analysis;
use crate::html::Image;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// H02.
pub(crate) static RULE: Rule = Rule {
    code: "H02",
    name: "image-only-message",
    category: Category::Html,
    severity: Severity::Critical,
    cap: None,
    summary: L10n {
        en: "The message is an image with (almost) no text", zh: "邮件基本只有图片，几乎没有文字"
    },
    fix: L10n {
        en: "Never send an image-only email; write the message as text and keep images as an extra.",
        zh: "不要发送纯图片邮件；正文请用文字写，图片只作为补充。",
    },
    doc: doc! {
        en: r#"## What it does
Flags an HTML message whose content is pictures rather than words:
- its visible text is under 50 bytes and it shows an image, not inside a link, whose width plus
  height is at least 400 px (Rspamd's `R_EMPTY_IMAGE`; a linked image is H03's case); or
- it has no visible text at all and shows at least one image (a tracking pixel alone does not
  count: that is an empty message, not an image-only one).

## Why it matters
A mail that is one big picture is the classic image-spam format: the offer is in the picture so
text filters find nothing. Rspamd scores `R_EMPTY_IMAGE` 2.0, SpamAssassin adds
`HTML_IMAGE_ONLY_04` and the `DC_IMAGE_SPAM_*` rules, and Email on Acid's tests found that
image-only mails were filtered while the same mail with about 500 characters of text passed.
Many readers also see nothing at all, because their client blocks images by default.

## Example
Fires: a mail whose whole body is a 600×800 flyer `<img>`, or a flyer with the single line "See
below". Does not fire: the flyer under a few sentences saying what it shows and what the buyer
can do next.

## How to fix
Write the message as text: who you are, what you offer, the terms and a question. If the flyer
helps, keep it under the text or attach it as a PDF.

## References
- Rspamd `rules/html.lua` `R_EMPTY_IMAGE` (weight 2.0)
- SpamAssassin `rules/20_html_tests.cf` `HTML_IMAGE_ONLY_04`; `rules/20_imageinfo.cf`
  `DC_IMAGE_SPAM_HTML`, `DC_IMAGE_SPAM_TEXT`
- Email on Acid, "Does text-to-image ratio affect deliverability?"
"#,
        zh: r#"## 检查什么
HTML 邮件的内容是图片而不是文字时触发：
- 可见文字不足 50 字节，并且有一张不在链接里、宽加高不小于 400 像素的图片（对应 Rspamd 的 `R_EMPTY_IMAGE`；带链接的图片由 H03 检查）；或者
- 完全没有可见文字，只显示了至少一张图片（只有一个跟踪像素不算，那是空邮件，不是纯图片邮件）。

## 为什么重要
整封邮件就是一张大图，是最典型的图片垃圾邮件：推销内容都在图片里，文字过滤器什么也读不到。Rspamd 的 `R_EMPTY_IMAGE` 计
2.0 分，SpamAssassin 还会叠加 `HTML_IMAGE_ONLY_04` 和 `DC_IMAGE_SPAM_*` 规则。Email on Acid 的测试显示，纯图片邮件会被拦截，而同样的邮件加上约
500 个字符的正文就能通过。另外，很多邮件客户端默认不显示图片，收件人可能什么都看不到。

## 示例
会触发：正文只有一张 600×800 的宣传单 `<img>`，或者宣传单上面只有一句 "See below"。不会触发：宣传单上方有几句话，说明图片内容以及客户下一步可以做什么。

## 如何修改
用文字写正文：你是谁、提供什么、贸易条款，再提一个问题。宣传单如果有用，可以放在正文下面，或者做成 PDF 附件。

## 参考
- Rspamd `rules/html.lua` `R_EMPTY_IMAGE`（权重 2.0）
- SpamAssassin `rules/20_html_tests.cf` `HTML_IMAGE_ONLY_04`；`rules/20_imageinfo.cf` `DC_IMAGE_SPAM_HTML`、`DC_IMAGE_SPAM_TEXT`
- Email on Acid："Does text-to-image ratio affect deliverability?"
"#,
    },
    check,
};

/// Rspamd's `R_EMPTY_IMAGE`: under 50 bytes of text.
const EMPTY_TEXT_BYTES: usize = 50;
/// Rspamd's `R_EMPTY_IMAGE`: width + height of a "large" image.
const LARGE_IMAGE_SIDES: u32 = 400;

fn check(a: &Analysis, out: &mut Hits) {
    let text = a.visible_bytes();
    if text >= EMPTY_TEXT_BYTES {
        return;
    }
    let shown = || a.images.iter().filter(|img| !img.hidden && !common::is_pixel(img));
    let large = |img: &&Image| img.width.unwrap_or(0).saturating_add(img.height.unwrap_or(0)) >= LARGE_IMAGE_SIDES;
    if let Some(img) = shown().filter(|img| !img.linked).find(large) {
        let (w, h) = (img.width.unwrap_or(0), img.height.unwrap_or(0));
        out.add(3.0, Part::Images).at(common::image_span(a, img)).say(
            format!("A {w}×{h} image with only {text} bytes of text: the message is a picture"),
            format!("邮件里有一张 {w}×{h} 的图片，文字却只有 {text} 字节：整封邮件基本就是一张图"),
        );
        return;
    }
    if text == 0 {
        if let Some(img) = shown().next() {
            let n = shown().count();
            out.add(3.0, Part::Images).at(common::image_span(a, img)).say(
                format!("The body is {n} image(s) and no text at all"),
                format!("正文只有 {n} 张图片，没有任何文字"),
            );
        }
    }
}
