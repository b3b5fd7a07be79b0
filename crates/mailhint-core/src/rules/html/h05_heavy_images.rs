//! H05 `heavy-images`: image files too large for an email.

use std::collections::HashSet;

use super::common;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// H05.
pub(crate) static RULE: Rule = Rule {
    code: "H05",
    name: "heavy-images",
    category: Category::Html,
    severity: Severity::Low,
    cap: None,
    summary: L10n { en: "The images are too heavy for an email", zh: "邮件里的图片文件太大" },
    fix: L10n {
        en: "Compress and resize the images (at most 800 px wide, under 200 KB each).",
        zh: "请压缩并缩小图片（宽度不超过 800 像素，每张小于 200 KB）。",
    },
    doc: doc! {
        en: r#"## What it does
Flags a message with an image file over 1 MB, or whose images weigh more than 2 MB together
(each file counted once, however often it is shown). Sizes come from what the editor or the
message reports for each image, or are decoded from `data:` URIs. One finding per message, on
the heaviest image.

## Why it matters
Camera photos pasted straight into a mail make it several megabytes: it loads slowly on
phones, pushes the message towards gateways' size limits (base64 adds a third), and a large
mail with little text looks like the image spam filters are trained on. The Chinese
deliverability checklist this linter follows names "oversized images" among the common causes
of exporters' mail landing in spam.

## Example
Fires: a 3.4 MB `IMG_2031.JPG` pasted from a phone. Does not fire: the same photo resized to
800 px wide and saved at 150 KB.

## How to fix
Resize images to at most 800 px wide and compress them (JPEG quality 70–80 is plenty) so each
stays under 200 KB. For many photos, send a link to a gallery on your own website or a PDF
catalogue.

## References
- Catalog source article ("oversized images"); Gmail attachment and message size limits
- SpamAssassin `rules/20_imageinfo.cf` (`__DC_IMG_TEXT_RATIO`: image area against text)
"#,
        zh: r#"## 检查什么
邮件中有单张超过 1 MB 的图片，或所有图片合计超过 2 MB（同一个文件显示多次只算一次）时提示。图片大小取自编辑器或邮件本身提供的数据，`data:`
内嵌图片则按解码后的大小计算。每封邮件只提示一次，标在最大的那张图片上。

## 为什么重要
手机拍的照片直接粘贴进邮件，会让邮件变成好几兆：手机上打开很慢，邮件体积接近网关的大小限制（base64 编码还会再增加三分之一），而且体积大、文字少的邮件正像过滤器训练时见过的图片垃圾邮件。本工具参考的中文邮件送达清单也把"图片过大"列为外贸邮件进垃圾箱的常见原因之一。

## 示例
会触发：从手机粘贴的 3.4 MB 照片 `IMG_2031.JPG`。不会触发：同一张照片缩小到 800 像素宽、压缩到 150 KB。

## 如何修改
把图片宽度缩小到 800 像素以内并压缩（JPEG 质量 70–80 就足够），每张控制在 200 KB 以下。照片很多时，可以给出自己网站上图库的链接，或者做成 PDF 产品目录。

## 参考
- 规则目录引用的原文（"图片过大"）；Gmail 附件与邮件大小限制
- SpamAssassin `rules/20_imageinfo.cf`（`__DC_IMG_TEXT_RATIO`：图片面积与文字之比）
"#,
    },
    check,
};

const MB: u64 = 1024 * 1024;
/// The largest single image that is still reasonable.
const MAX_IMAGE: u64 = MB;
/// The largest total of all images.
const MAX_TOTAL: u64 = 2 * MB;

fn check(a: &Analysis, out: &mut Hits) {
    let mut seen = HashSet::new();
    let mut total = 0u64;
    let mut heaviest: Option<(u64, usize)> = None;
    let mut over = 0usize;
    for (i, img) in a.images.iter().enumerate() {
        let Some(bytes) = common::byte_size(img) else {
            continue;
        };
        // A data: URI can be megabytes long; key on a short prefix plus the size instead.
        let key = (crate::limits::clip(&img.src, 200).to_string(), bytes);
        if !seen.insert(key) {
            continue;
        }
        total = total.saturating_add(bytes);
        if bytes > MAX_IMAGE {
            over += 1;
        }
        if heaviest.is_none_or(|(b, _)| bytes > b) {
            heaviest = Some((bytes, i));
        }
    }
    let Some((biggest, i)) = heaviest else {
        return;
    };
    if over == 0 && total <= MAX_TOTAL {
        return;
    }
    let img = &a.images[i];
    let name = common::image_name(&img.src);
    let (size, all) = (common::human_bytes(biggest), common::human_bytes(total));
    let (en, zh) = if over == 1 && total == biggest {
        (format!("\"{name}\" weighs {size}, over 1 MB"), format!("图片 \"{name}\" 有 {size}，超过 1 MB"))
    } else if over > 0 {
        (
            format!("\"{name}\" weighs {size}; {over} image(s) are over 1 MB, {all} of images in all"),
            format!("图片 \"{name}\" 有 {size}；共 {over} 张超过 1 MB，图片合计 {all}"),
        )
    } else {
        (
            format!("The images weigh {all} together (the largest, \"{name}\", is {size})"),
            format!("图片合计 {all}（最大的 \"{name}\" 有 {size}）"),
        )
    };
    out.add(0.5, Part::Images).at(common::image_span(a, img)).say(en, zh);
}
