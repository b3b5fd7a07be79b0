//! H06 `image-without-alt`: an image with no `alt` text.

use super::common;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// H06.
pub(crate) static RULE: Rule = Rule {
    code: "H06",
    name: "image-without-alt",
    category: Category::Html,
    severity: Severity::Info,
    cap: Some(0.6),
    summary: L10n {
        en: "An image has no alt text",
        zh: "图片缺少替代文字（alt）",
    },
    fix: L10n {
        en: "Add alt text that says what the image shows: many clients block images, and readers then see only the alt text.",
        zh: "请为图片加上说明图片内容的 alt 文字：很多邮件客户端默认屏蔽图片，收件人只能看到 alt 文字。",
    },
    doc: doc! {
        en: r#"## What it does
Flags each visible `<img>` that has no `alt` attribute, 0.2 points each, at most 0.6 for the
message. An empty `alt=""` is accepted: it is the correct mark for a decorative image. Hidden
images and tracking pixels (H08's case) are not counted.

## Why it matters
Many clients block remote images until the reader allows them (Outlook does by default; a
Litmus figure often quoted says 43 % of Gmail users read with images off). Without alt text the
reader sees an empty box, and a mail with images but no words tells filters and readers
nothing. Mail testers such as happyDeliver check for it.

## Example
Fires: `<img src="cid:logo.png">`. Does not fire: `<img src="cid:logo.png" alt="X Lighting
Co., Ltd.">`.

## How to fix
Give every image an `alt` that says what it shows ("IP65 high-bay, 150 W"). In most webmail
editors, click the image and edit its properties or description; in HTML, add `alt="…"`.

## References
- happyDeliver content analyzer, `missing_alt` image check
- CodeForPoznan/volontulo issue #965 (alt text on all email images)
- WCAG 2 success criterion 1.1.1, Non-text content
"#,
        zh: r#"## 检查什么
每张可见的 `<img>` 如果没有 `alt` 属性，计 0.2 分，每封邮件最多 0.6 分。空的 `alt=""` 不算问题，它正是装饰性图片的正确写法。隐藏图片和跟踪像素（由 H08 检查）不计。

## 为什么重要
很多邮件客户端在收件人允许之前不显示外部图片（Outlook 默认如此；常被引用的 Litmus 数据称 43% 的 Gmail
用户关闭了图片显示）。没有 alt 文字，收件人只看到一个空框；有图片却没有文字的邮件，对过滤器和收件人都没有传达任何信息。happyDeliver 等邮件测试工具也会检查这一项。

## 示例
会触发：`<img src="cid:logo.png">`。不会触发：`<img src="cid:logo.png" alt="X Lighting Co., Ltd.">`。

## 如何修改
给每张图片加上说明内容的 `alt`（例如 "IP65 high-bay, 150 W"）。大多数网页邮箱编辑器里，点击图片即可编辑属性或描述；HTML 中加上 `alt="…"` 即可。

## 参考
- happyDeliver 内容分析器的 `missing_alt` 图片检查
- CodeForPoznan/volontulo issue #965（邮件图片都应有 alt 文字）
- WCAG 2 成功标准 1.1.1"非文本内容"
"#,
    },
    check,
};

/// Hits reported one by one; past this the last one counts the rest (the cap is reached long
/// before, and each hit costs the report a pass over the body to place it).
const MAX_HITS: usize = 20;

fn check(a: &Analysis, out: &mut Hits) {
    let missing: Vec<_> =
        a.images.iter().filter(|img| img.alt.is_none() && !img.hidden && !common::is_pixel(img)).collect();
    for (n, img) in missing.iter().take(MAX_HITS).enumerate() {
        let name = common::image_name(&img.src);
        let rest = missing.len() - MAX_HITS.min(missing.len());
        let (en, zh) = if n + 1 == MAX_HITS && rest > 0 {
            (
                format!("The image \"{name}\" has no alt text, nor do {rest} more images"),
                format!("图片 \"{name}\" 没有 alt 文字，另外还有 {rest} 张图片也没有"),
            )
        } else {
            (format!("The image \"{name}\" has no alt text"), format!("图片 \"{name}\" 没有 alt 文字"))
        };
        out.add(0.2, Part::Images).at(common::image_span(a, img)).say(en, zh);
    }
}
