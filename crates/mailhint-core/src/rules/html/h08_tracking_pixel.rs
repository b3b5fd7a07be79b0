//! H08 `tracking-pixel`: an invisible remote image that reports when the mail is opened.

use super::common;
use crate::analysis::Analysis;
use crate::html::Image;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// H08.
pub(crate) static RULE: Rule = Rule {
    code: "H08",
    name: "tracking-pixel",
    category: Category::Html,
    severity: Severity::Low,
    cap: None,
    summary: L10n {
        en: "The message contains a tracking pixel (web bug)", zh: "邮件中含有跟踪像素（网络信标）"
    },
    fix: L10n {
        en: "Turn off open tracking for this mail: Microsoft 365 filters can treat tracking pixels as web bugs.",
        zh: "请关闭这封邮件的打开跟踪：Microsoft 365 的过滤器可能把跟踪像素当作网络信标处理。",
    },
    doc: doc! {
        en: r#"## What it does
Flags remote images (`http`, `https` or `//`) that nobody is meant to see: declared 1×1 or
smaller, declared 0 wide or 0 high, or removed from view by its own or a container's style
(`display:none`, `visibility:hidden`, `opacity:0`, zero height) or positioned off the page,
while not declared larger than 2×2. One
finding per message, on the first such image, with the count. Embedded images (`cid:`,
`data:`) cannot report an open, so they are left alone.

## Why it matters
A tracking pixel tells the sender when and where the mail was opened. Microsoft 365 lets
organisations mark mail with web bugs as spam (`MarkAsSpamWebBugsInHtml`), Apple Mail and Gmail
fetch such images through proxies, and cold-email practitioners advise "no links, no images, no
tracking pixels" for a first contact. Sales tools add the pixel silently, so the author often
does not know it is there.

## Example
Fires: `<img src="https://t.mailtrack.example/open/8f2c.gif" width="1" height="1">` at the end of
the mail. Does not fire: a 180×60 logo from the sender's own site.

## How to fix
Turn off open tracking in your sales or mail-merge tool for first contacts and for buyers on
Microsoft 365. If you need to know whether the buyer is interested, ask a question the buyer
can answer.

## References
- Microsoft Exchange Online Protection, Advanced Spam Filter option `MarkAsSpamWebBugsInHtml`
- coldsmith.dev cold-email rubric ("no links, no images, no tracking pixels" for first touch)
"#,
        zh: r#"## 检查什么
检查没有人会看到的外部图片（`http`、`https` 或 `//` 开头）：标注为 1×1 或更小，宽或高标注为 0，或者没有标注大于 2×2 的尺寸但被自身或外层样式隐藏（`display:none`、`visibility:hidden`、`opacity:0`、高度为 0）或移到页面之外。每封邮件只提示一次，标在第一个这样的图片上并给出数量。内嵌图片（`cid:`、`data:`）无法回报打开情况，不在检查范围内。

## 为什么重要
跟踪像素会告诉发件人邮件在何时何地被打开。Microsoft 365 允许企业把含网络信标的邮件直接标为垃圾邮件（`MarkAsSpamWebBugsInHtml`），Apple Mail 和 Gmail
会通过代理加载这类图片，做开发信的从业者也建议第一封邮件"不放链接、不放图片、不加跟踪像素"。销售工具往往悄悄加上像素，写信的人自己常常不知道。

## 示例
会触发：邮件末尾的 `<img src="https://t.mailtrack.example/open/8f2c.gif" width="1" height="1">`。不会触发：来自发件人自己网站的 180×60 Logo。

## 如何修改
在销售工具或群发工具中关闭第一封开发信的打开跟踪，对使用 Microsoft 365 的客户尤其如此。想知道客户是否感兴趣，不如在邮件里提一个对方容易回答的问题。

## 参考
- Microsoft Exchange Online Protection 高级垃圾邮件筛选选项 `MarkAsSpamWebBugsInHtml`
- coldsmith.dev 开发信评分标准（第一封邮件"不放链接、不放图片、不加跟踪像素"）
"#,
    },
    check,
};

/// Whether `img` is a remote image nobody is meant to see.
fn is_web_bug(img: &Image) -> bool {
    if !common::is_remote(&img.src) {
        return false;
    }
    if common::is_pixel(img) {
        return true;
    }
    let small_or_unknown = img.width.is_none_or(|w| w <= 2) && img.height.is_none_or(|h| h <= 2);
    // The renderer marks an image hidden only when it or a container takes it out of view; a
    // text colour or a tiny font inherited from a container does not hide a picture.
    img.hidden && small_or_unknown
}

fn check(a: &Analysis, out: &mut Hits) {
    let bugs: Vec<&Image> = a.images.iter().filter(|img| is_web_bug(img)).collect();
    let Some(first) = bugs.first() else {
        return;
    };
    // Protocol-relative sources (`//host/…`) need a scheme for url_host to find the host.
    let src = first.src.trim();
    let host = if src.starts_with("//") {
        crate::lexicon::url_host(&format!("https:{src}"))
    } else {
        crate::lexicon::url_host(src)
    };
    let host = host.unwrap_or_else(|| common::image_name(src));
    let (en, zh) = if bugs.len() == 1 {
        (
            format!("An invisible image from {host} tracks when the mail is opened"),
            format!("来自 {host} 的不可见图片会跟踪邮件的打开情况"),
        )
    } else {
        let n = bugs.len();
        (
            format!("{n} invisible images (the first from {host}) track when the mail is opened"),
            format!("邮件中有 {n} 个不可见图片（第一个来自 {host}）会跟踪邮件的打开情况"),
        )
    };
    out.add(0.5, Part::Images).at(common::image_span(a, first)).say(en, zh);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fires(html: &str) -> bool {
        !crate::rules::testing::run_html(check, html).is_empty()
    }

    #[test]
    fn pixels_and_removed_images_fire() {
        assert!(fires("<p>Hi</p><img src='https://t.example/o.gif' width=1 height=1>"));
        assert!(fires("<p>Hi</p><img src='https://t.example/o.gif' style='width:0;height:0'>"));
        assert!(fires("<p>Hi</p><div style='display:none'><img src='https://t.example/o.gif'></div>"));
        assert!(fires("<p>Hi</p><img src='https://t.example/o.gif' style='visibility: hidden !important'>"));
    }

    #[test]
    fn visible_and_embedded_images_do_not() {
        // White text on a background set by a class: the logo is visible.
        assert!(!fires("<div style='color:#fff'><img src='https://x.example/logo.png'></div>"));
        assert!(!fires("<img src='https://x.example/logo.png' width=180 height=60>"));
        assert!(!fires("<img src='cid:pixel.gif' width=1 height=1>"));
        assert!(!fires("<div style='display:none'><img src='https://x.example/big.png' width=600 height=400></div>"));
    }
}
