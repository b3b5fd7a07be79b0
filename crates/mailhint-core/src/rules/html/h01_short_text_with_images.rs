//! H01 `short-text-with-images`: an HTML mail with images and little text.

use super::common;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// H01.
pub(crate) static RULE: Rule = Rule {
    code: "H01",
    name: "short-text-with-images",
    category: Category::Html,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "The message has images but little text, which filters read as image spam",
        zh: "邮件里有图片但文字很少，容易被过滤器当成图片垃圾邮件",
    },
    fix: L10n {
        en: "Short email + images looks like image spam: remove logos and banners from cold emails, or add real text.",
        zh: "文字少又带图片的邮件很像图片垃圾邮件：开发信里请去掉 Logo 和横幅图片，或者补充实质性的文字内容。",
    },
    doc: doc! {
        en: r#"## What it does
Flags an HTML message that contains at least one `<img>` (a signature logo counts) while its
visible text is short. Points fall as the text grows, in SpamAssassin's bands of visible-text
bytes: up to 400 → 2.0; 400–1,200 → 1.5; 1,200–2,800 → 1.0; 2,800–3,200 → 0.3. Over 3,200
bytes nothing fires. A body with no visible text at all is left to H02 (image-only message), as
SpamAssassin's bands also start above zero. Text is counted in UTF-8 bytes, as SpamAssassin does,
so a Chinese character counts three.

SpamAssassin's `HTML.pm` takes the length of the HTML part as given to its parser; like the
catalog, this rule measures the text a reader sees, which is what the fix changes.

## Why it matters
Image spam hides its words in pictures so that text filters find nothing to read. Filters answer
by scoring any image in a short HTML mail: `HTML_IMAGE_ONLY_04` to `_32` cost 1.1 to 2.1 points in
SpamAssassin's usual score set, and a cold email of a few lines with a company logo in the
signature lands in the worst bands. Email on Acid's tests found that the same images pass once
the mail has about 500 characters of real text.

## Example
Fires: "Hi Maria, please see our new catalogue. Lily" followed by a 200×60 logo. Does not fire:
the same mail without the logo, or a plain-text mail.

## How to fix
Send first contacts without images: write the company name and website as text in the
signature. Where images are needed (a product photo for a buyer who asked), write a real message
around them: several sentences about the product, the terms and the next step.

## References
- SpamAssassin `rules/20_html_tests.cf` `HTML_IMAGE_ONLY_04` … `HTML_IMAGE_ONLY_32`,
  `Plugin/HTMLEval.pm` `html_image_only`
- Email on Acid, "Does text-to-image ratio affect deliverability?"
"#,
        zh: r#"## 检查什么
HTML 邮件中只要有 `<img>` 图片（签名里的 Logo 也算），同时可见文字又很少，就会触发。按 SpamAssassin
的可见文字字节数分档计分：400 字节以内 2.0 分；400–1,200 字节 1.5 分；1,200–2,800 字节 1.0 分；2,800–3,200
字节 0.3 分；超过 3,200 字节不计分。完全没有可见文字的邮件交给 H02（纯图片邮件）处理。文字按 UTF-8 字节计算，与
SpamAssassin 一致，因此一个汉字算 3 个字节。

SpamAssassin 的 `HTML.pm` 统计的是交给解析器的 HTML 长度；本规则与规则目录一致，统计收件人实际看到的文字，也就是修改时真正能改变的部分。

## 为什么重要
图片垃圾邮件把文字藏在图片里，让过滤器读不到内容。过滤器的对策是：短 HTML 邮件里只要有图片就扣分。SpamAssassin 的
`HTML_IMAGE_ONLY_04` 到 `_32` 在常用评分组中计 1.1–2.1 分；几行字的开发信加上签名 Logo，恰好落在扣分最重的区间。Email on Acid
的测试表明，同样的图片，只要邮件里有约 500 个字符的正文就能通过。

## 示例
会触发："Hi Maria, please see our new catalogue. Lily"，下面带一个 200×60 的 Logo。不会触发：同一封邮件去掉 Logo，或者纯文本邮件。

## 如何修改
第一次联系客户时不要放图片，签名里用文字写公司名和网址即可。确实需要图片时（比如客户要求看产品照片），请围绕图片写清楚正文：产品说明、贸易条款和下一步安排，写上几句完整的话。

## 参考
- SpamAssassin `rules/20_html_tests.cf` `HTML_IMAGE_ONLY_04` … `HTML_IMAGE_ONLY_32`、`Plugin/HTMLEval.pm` `html_image_only`
- Email on Acid："Does text-to-image ratio affect deliverability?"
"#,
    },
    check,
};

/// SpamAssassin's bands: (largest visible-text bytes, points).
const BANDS: [(usize, f64); 4] = [(400, 2.0), (1200, 1.5), (2800, 1.0), (3200, 0.3)];

fn check(a: &Analysis, out: &mut Hits) {
    let Some(first) = a.images.first() else {
        return;
    };
    let text = a.visible_bytes();
    // No text at all is an image-only message (H02); SpamAssassin's bands also start above 0.
    if text == 0 {
        return;
    }
    let Some(&(_, points)) = BANDS.iter().find(|(max, _)| text <= *max) else {
        return;
    };
    let n = a.images.len();
    let en_images = if n == 1 { "1 image".to_string() } else { format!("{n} images") };
    out.add(points, Part::Images).at(common::image_span(a, first)).say(
        format!("{en_images} with only {text} bytes of visible text: filters read this as image spam"),
        format!("邮件中有 {n} 张图片，可见文字却只有 {text} 字节，容易被当成图片垃圾邮件"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(html: &str) -> Vec<f64> {
        let hits = crate::rules::testing::run_html(check, html);
        hits.as_slice().iter().map(|h| h.points).collect()
    }

    #[test]
    fn bands_follow_the_text_length() {
        assert_eq!(points("<p>Hi</p><img src='cid:logo'>"), vec![2.0]);
        assert_eq!(points(&format!("<p>{}</p><img src='cid:logo'>", "word ".repeat(150))), vec![1.5]);
        assert!(points(&format!("<p>{}</p><img src='cid:logo'>", "word ".repeat(700))).is_empty());
        assert!(points("<p>Hi, no image here.</p>").is_empty());
        assert!(points("<img src='cid:logo'>").is_empty());
    }
}
