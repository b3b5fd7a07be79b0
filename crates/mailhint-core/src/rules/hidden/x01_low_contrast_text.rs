//! X01 `low-contrast-text`: text in (almost) the colour of its background.

use crate::analysis::Analysis;
use crate::html::Hiding;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

use super::{excerpt, has_words};

/// X01.
pub(crate) static RULE: Rule = Rule {
    code: "X01",
    name: "low-contrast-text",
    category: Category::Hidden,
    severity: Severity::High,
    cap: None,
    summary: L10n {
        en: "Some text is (almost) the colour of its background",
        zh: "有文字的颜色与背景（几乎）相同",
    },
    fix: L10n {
        en: "This text is (almost) invisible; hidden text is treated as filter evasion. Give it a readable colour or delete it.",
        zh: "这段文字（几乎）看不见，隐藏文字会被当作躲避过滤的手段。请改用清晰可读的颜色，或直接删除。",
    },
    doc: doc! {
        en: r#"## What it does
Looks at the colour of every piece of text in the HTML body against the background it sits on
(inherited from `bgcolor` and `background-color`):

- the same colour, or SpamAssassin's brightness-weighted distance
  `sqrt((0.2126Δr)² + (0.7152Δg)² + (0.0722Δb)²)` under 12: 2.0 points;
- otherwise a WCAG contrast ratio under 1.5 (very light grey on white, say `#e0e0e0`): 1.0.

Only text with at least one letter or digit counts. One finding for the draft, on the first such
text, with the number of places.

Refinement over the catalog: where a background is painted with an image or a gradient
(`background=`, `background-image`, `url(…)`, `linear-gradient(…)`) or with a colour the
renderer does not know (`var(--bg)`, a rare colour name), and on pages that colour their text
with `<body text=…>`, the background under the text cannot be known without a browser (white
text on a dark photo is perfectly readable), so the text on it is not judged rather than
guessed at; an element inside that sets a colour of its own is judged again. Where a style
sheet (`<style>` or a linked one) could colour the background by class, only text on a
background set inline is judged; when a `<style>` sheet sets backgrounds, the rule stays
silent. Legacy colours without `#`
(`bgcolor="1f3a5f"`) are read as hex, as browsers do.

## Why it matters
White-on-white text is the oldest hidden-text trick: the reader sees a clean message, the
filter reads a page of innocent words or keywords. SpamAssassin scores it
(`HTML_FONT_LOW_CONTRAST`), Rspamd's `R_WHITE_ON_WHITE` adds up to 4.0, and Gmail's sender
guidelines ask senders not to hide content with HTML and CSS.

## Example
`<span style="color:#fefefe">free money</span>` on a white page fires;
`<span style="color:#6b6b6b">Sent from my phone</span>` does not.

## How to fix
Give the text a colour that contrasts with its background, or delete it if nobody should read
it.

## References
- SpamAssassin `lib/Mail/SpamAssassin/HTML.pm` `html_font_invisible`, rule `HTML_FONT_LOW_CONTRAST`
- Rspamd `rules/html.lua` `R_WHITE_ON_WHITE` (4.0)
- Gmail sender guidelines (support.google.com/mail/answer/81126): don't use HTML and CSS to hide content
- WCAG 2.1, contrast ratio
"#,
        zh: r#"## 检查什么
检查 HTML 正文中每段文字的颜色与其所在背景（由 `bgcolor`、`background-color` 继承而来）的对比：

- 颜色相同，或 SpamAssassin 按亮度加权的色差 `sqrt((0.2126Δr)² + (0.7152Δg)² + (0.0722Δb)²)` 小于 12：计 2.0 分；
- 否则，WCAG 对比度低于 1.5（例如白底上的 `#e0e0e0` 浅灰字）：计 1.0 分。

只统计至少含一个字母或数字的文字。整封邮件只报告一条，标在第一处，并说明共有几处。

相对目录规则的改进：如果某处用图片或渐变作背景（`background=`、`background-image`、`url(…)`、`linear-gradient(…)`），
或用渲染器不认识的颜色作背景（`var(--bg)`、少见的颜色名等），或页面用 `<body text=…>` 设置文字颜色，
不借助浏览器就无法知道文字下面的真实背景（深色照片上的白字完全看得清），此时不判断其上的文字，以免误报；
其中自行设置了背景颜色的元素会重新判断。如果样式表（`<style>` 或外部链接的样式表）可能按类名设置背景，只判断背景由内联样式设置的文字；
如果 `<style>` 样式表设置了背景，本规则不做判断。
不带 `#` 的旧式颜色（`bgcolor="1f3a5f"`）按十六进制读取，与浏览器一致。

## 为什么重要
白底白字是最古老的隐藏文字手法：读者看到的是干净的邮件，过滤器读到的却是一堆无害词或关键词。SpamAssassin 会对此计分
（`HTML_FONT_LOW_CONTRAST`），Rspamd 的 `R_WHITE_ON_WHITE` 最高加 4.0 分，Gmail 发件人指南也要求不要用 HTML 和 CSS 隐藏内容。

## 示例
白色页面上的 `<span style="color:#fefefe">free money</span>` 会触发；`<span style="color:#6b6b6b">Sent from my phone</span>` 不会。

## 如何修改
给文字换一个与背景对比明显的颜色；如果这段文字本来就不该给人看，就删掉它。

## 参考
- SpamAssassin `lib/Mail/SpamAssassin/HTML.pm` `html_font_invisible`，规则 `HTML_FONT_LOW_CONTRAST`
- Rspamd `rules/html.lua` `R_WHITE_ON_WHITE`（4.0 分）
- Gmail 发件人指南（support.google.com/mail/answer/81126）：不要使用 HTML 和 CSS 隐藏内容
- WCAG 2.1 对比度
"#,
    },
    check,
};

/// Points for the same colour or SA distance < 12 (catalog).
const INVISIBLE_POINTS: f64 = 2.0;
/// Points for a WCAG contrast ratio < 1.5 (catalog).
const FAINT_POINTS: f64 = 1.0;
/// SpamAssassin's near-invisibility distance.
const SA_DISTANCE: f64 = 12.0;

fn check(a: &Analysis, out: &mut Hits) {
    let Some(doc) = &a.html else {
        return;
    };
    let low: Vec<(&crate::html::HiddenText, f64)> = doc
        .hidden
        .iter()
        .filter(|h| has_words(&h.text))
        .filter_map(|h| match h.how {
            Hiding::LowContrast { distance, .. } => Some((h, distance)),
            _ => None,
        })
        .collect();
    let Some((first, _)) = low.first() else {
        return;
    };
    // The renderer judges no text on a background it cannot see (an image, a gradient, an
    // unknown colour, a style sheet's class where no inline background is set); a sheet that sets
    // backgrounds may also paint over inline ones, so such a sheet silences the rule.
    if doc.style_sheets.iter().any(|css| css.to_ascii_lowercase().contains("background")) {
        return;
    }
    let invisible = low.iter().any(|(_, d)| *d < SA_DISTANCE);
    let points = if invisible { INVISIBLE_POINTS } else { FAINT_POINTS };
    let quoted = excerpt(&first.text, 60);
    let (en, zh) = match (low.len(), invisible) {
        (1, true) => (format!("\"{quoted}\" is the colour of its background"), format!("“{quoted}”的颜色与背景相同")),
        (1, false) => {
            (format!("\"{quoted}\" is barely visible on its background"), format!("“{quoted}”与背景几乎分不清"))
        }
        (n, _) => (
            format!("\"{quoted}\" and {} more piece(s) of text are (almost) the colour of their background", n - 1),
            format!("“{quoted}”等 {n} 处文字的颜色与背景（几乎）相同"),
        ),
    };
    let hit = out.add(points, Part::Body);
    if let Some(span) = &first.span {
        hit.at(span.clone());
    }
    hit.say(en, zh);
}
