//! H04 `large-banner-image`: one big banner, or pictures outweigh the words.

use super::common::{self, Format};
use crate::analysis::Analysis;
use crate::html::Image;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// H04.
pub(crate) static RULE: Rule = Rule {
    code: "H04",
    name: "large-banner-image",
    category: Category::Html,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "A large banner image, or images that outweigh the text",
        zh: "邮件里有大横幅图片，或图片分量超过文字",
    },
    fix: L10n {
        en: "Reduce the banner (or drop it) or add more text.",
        zh: "把横幅图片缩小或去掉，或者补充更多文字。",
    },
    doc: doc! {
        en: r#"## What it does
Flags, once per message, either of two image-spam shapes:
- **One large GIF or PNG**: exactly one GIF whose area (width × height as the HTML declares it)
  is 180,000–475,000 px² (about 450×400 to 690×690), SpamAssassin's `DC_GIF_UNO_LARGO`. The same
  for one PNG (`DC_PNG_UNO_LARGO`), but only while the visible text is at most 2,800 bytes:
  SpamAssassin scores the PNG rule 0.001 on its own and uses a large PNG only together with a
  short HTML body (`DC_IMAGE_SPAM_HTML`), so a PNG screenshot in a full business mail is left
  alone. JPEG photos are not counted, as in SpamAssassin.
- **Pictures outweigh words**: Rspamd's `R_SUSPICIOUS_IMAGES` counts each image whose width
  plus height is between 100 and 3,000 px as (w + h) / 100 "picture words" and fires when they
  are more than half of all words. Rspamd counts images embedded in the message; in a draft any
  pasted image may be embedded when it is sent, so every image with declared sizes counts here.

Hidden images and tracking pixels are ignored. The catalog's text reads the second shape as
counting linked images; Rspamd's code counts embedded ones, which this rule follows.

## Why it matters
Spam that hides its offer in one big picture is what these rules were written for:
SpamAssassin scores `DC_GIF_UNO_LARGO` up to 2.2 and Rspamd weights `R_SUSPICIOUS_IMAGES` up to
5.0, scaled by how far the pictures outweigh the text.

## Example
Fires: a 600×500 `promo.gif` under two lines of text; or a 40-word mail with three 600×400
product photos. Does not fire: one JPEG product photo in a mail of several paragraphs.

## How to fix
Drop the banner or make it smaller, and write the content as text. Product photos are better
as a link to your own website or as a PDF catalogue attached to a proper message.

## References
- SpamAssassin `rules/20_imageinfo.cf` `DC_GIF_UNO_LARGO`, `DC_PNG_UNO_LARGO`,
  `DC_IMAGE_SPAM_HTML` (ImageInfo plugin)
- Rspamd `rules/html.lua` `R_SUSPICIOUS_IMAGES` (weight 5.0, scaled)
"#,
        zh: r#"## 检查什么
每封邮件最多提示一次，针对两种图片垃圾邮件的形态：
- **一张大 GIF 或 PNG**：邮件中恰好有一张 GIF，且按 HTML 标注的宽×高计算面积在 180,000–475,000 平方像素之间（约
  450×400 到 690×690），对应 SpamAssassin 的 `DC_GIF_UNO_LARGO`。PNG 同理（`DC_PNG_UNO_LARGO`），但只在可见文字不超过
  2,800 字节时才算：SpamAssassin 单独给 PNG 规则的分数只有 0.001，只在正文很短时才把大 PNG 当作信号（`DC_IMAGE_SPAM_HTML`），所以正文完整的商务邮件里贴一张
  PNG 截图不会被提示。与 SpamAssassin 一样，JPEG 照片不计入。
- **图片分量超过文字**：Rspamd 的 `R_SUSPICIOUS_IMAGES` 把每张宽加高在 100–3,000 像素之间的图片按 (宽 + 高) / 100
  折算成"图片词数"，当图片词数超过全部词数的一半时触发。Rspamd 统计的是嵌入邮件的图片；草稿中粘贴的图片发送时都可能被嵌入，所以这里凡是标注了尺寸的图片都计入。

隐藏图片和跟踪像素不计。规则目录把第二种情况写成统计带链接的图片，而 Rspamd 源码统计的是嵌入图片，本规则以源码为准。

## 为什么重要
把推销内容藏在一张大图里的垃圾邮件，正是这些规则针对的对象：SpamAssassin 的 `DC_GIF_UNO_LARGO` 最高计 2.2 分，Rspamd
的 `R_SUSPICIOUS_IMAGES` 权重最高 5.0，图片比文字多得越多，扣分越重。

## 示例
会触发：两行文字下面一张 600×500 的 `promo.gif`；或者 40 个词的邮件里放了三张 600×400 的产品照片。不会触发：几段正文配一张 JPEG 产品照片。

## 如何修改
去掉横幅图片或把它缩小，内容用文字写。产品照片最好放在自己网站上给出链接，或者做成 PDF 产品目录，附在一封完整的邮件里。

## 参考
- SpamAssassin `rules/20_imageinfo.cf` `DC_GIF_UNO_LARGO`、`DC_PNG_UNO_LARGO`、`DC_IMAGE_SPAM_HTML`（ImageInfo 插件）
- Rspamd `rules/html.lua` `R_SUSPICIOUS_IMAGES`（权重 5.0，按比例缩放）
"#,
    },
    check,
};

/// SpamAssassin's `__GIF_AREA_180K` / `__PNG_AREA_180K` range, in square pixels.
const AREA: std::ops::RangeInclusive<u64> = 180_000..=475_000;
/// The longest text with which a single large PNG still counts (`__HTML_IMG_ONLY` bands).
const PNG_TEXT_BYTES: usize = 2800;

fn check(a: &Analysis, out: &mut Hits) {
    let shown: Vec<&Image> = a.images.iter().filter(|img| !img.hidden && !common::is_pixel(img)).collect();
    if shown.is_empty() {
        return;
    }
    let text = a.visible_bytes();
    for (kind, label) in [(Format::Gif, "GIF"), (Format::Png, "PNG")] {
        if kind == Format::Png && text > PNG_TEXT_BYTES {
            continue;
        }
        let of_kind: Vec<&&Image> = shown.iter().filter(|img| common::format(&img.src) == kind).collect();
        let [img] = of_kind.as_slice() else {
            continue;
        };
        let (Some(w), Some(h)) = (img.width, img.height) else {
            continue;
        };
        if AREA.contains(&(u64::from(w) * u64::from(h))) {
            let name = common::image_name(&img.src);
            out.add(1.5, Part::Images).at(common::image_span(a, img)).say(
                format!("One large {label} banner, \"{name}\" ({w}×{h}): the classic image-spam layout"),
                format!("邮件中有一张 {w}×{h} 的大 {label} 横幅图片 \"{name}\"，这是典型的图片垃圾邮件版式"),
            );
            return;
        }
    }
    // Rspamd's picture words: each mid-sized image stands for (w + h) / 100 words.
    let picture_words: f64 = shown
        .iter()
        .filter_map(|img| Some(f64::from(img.width?) + f64::from(img.height?)))
        .filter(|sides| *sides > 100.0 && *sides < 3000.0)
        .map(|sides| sides / 100.0)
        .sum();
    if picture_words == 0.0 {
        return;
    }
    let words = a.body_words().len() as f64;
    let share = picture_words / (words + picture_words);
    if share > 0.5 {
        let percent = (share * 100.0).round();
        out.add(1.5, Part::Images).at(common::image_span(a, shown[0])).say(
            format!(
                "Images count for {percent}% of the message against {words} words of text: pictures outweigh the words"
            ),
            format!("按图片尺寸折算，图片占邮件内容的 {percent}%，文字只有 {words} 个词：图片分量超过了文字"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fires(html: &str) -> bool {
        !crate::rules::testing::run_html(check, html).is_empty()
    }

    #[test]
    fn one_large_gif_fires_two_do_not_and_jpegs_are_ignored() {
        let long = "Ordinary words of a real message. ".repeat(40);
        assert!(fires(&format!("<p>{long}</p><img src='a.gif' width=600 height=500>")));
        assert!(!fires(&format!(
            "<p>{long}</p><img src='a.gif' width=600 height=500><img src='b.gif' width=600 height=500>"
        )));
        assert!(!fires(&format!("<p>{long}</p><img src='a.jpg' width=600 height=500>")));
        // A large PNG counts only beside a short text (up to 2,800 bytes).
        assert!(fires(&format!("<p>{long}</p><img src='a.png' width=600 height=500>")));
        let longer = long.repeat(3);
        assert!(!fires(&format!("<p>{longer}</p><img src='a.png' width=600 height=500>")));
    }

    #[test]
    fn pictures_outweighing_words_fire() {
        let imgs = "<img src='p.jpg' width=600 height=400>".repeat(3);
        assert!(fires(&format!("<p>Dear Maria, here are the three new models you asked about last week.</p>{imgs}")));
    }
}
