//! X03 `hidden-block`: blocks of text hidden with `display:none`, `visibility:hidden`,
//! `opacity:0` or a zero height.

use crate::analysis::Analysis;
use std::ops::Range;

use crate::html::HiddenText;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

use super::{excerpt, has_words};

/// X03.
pub(crate) static RULE: Rule = Rule {
    code: "X03",
    name: "hidden-block",
    category: Category::Hidden,
    severity: Severity::High,
    cap: None,
    summary: L10n { en: "The HTML contains hidden blocks of text", zh: "HTML 中有被隐藏的文字块" },
    fix: L10n {
        en: "Hidden blocks look like keyword stuffing; delete them, keeping at most one short preheader.",
        zh: "隐藏的文字块看起来像在堆砌关键词，请删除，最多保留一段简短的预览文字（preheader）。",
    },
    doc: doc! {
        en: r#"## What it does
Counts the elements of the HTML body that hide their text from the reader — `display:none`,
the `hidden` attribute, `visibility:hidden`, `opacity:0`, or `height:0`/`max-height:0` with
`overflow:hidden` — and the characters they hide:

- one block of at most 150 characters (the usual "preheader", the preview line shown in the inbox
  list): 0.5 points;
- more than one block, or more than 150 characters: 2.0 points.

Blocks without a letter or digit do not count, nor do repeated white space and the invisible filler
characters (`&zwnj;`, `&nbsp;`, `&#847;`) that templates put after a preheader. The finding is
placed on the first block whose text is still in the body (opacity, zero height); text removed
with `display:none` has no place in the body.

Refinement over the catalog: each hiding element is a block of its own, and hidden elements
nested inside it belong to it; a child with `visibility:visible` inside a `visibility:hidden`
parent is visible again.

Blocks that a media query shows on some screens only (mobile-only content) count too: filters
do not apply media queries.

## Why it matters
Hidden text is read by filters and not by people, which is what keyword stuffing and "Bayes
poison" need. SpamAssassin scores many hidden-style blocks (`HTML_TEXT_INVISIBLE_STYLE`) and long
hidden text (`LONG_INVISIBLE_TEXT`); Rspamd counts invisible parts (`MANY_INVISIBLE_PARTS`);
Gmail's guidelines ask senders not to hide content. A single short preheader is common and
costs little.

## Example
Two `<div style="display:none">` blocks of keywords fire at 2.0; a single
`<div style="display:none">New IP65 high-bays in stock</div>` preheader costs 0.5; a mail
without hidden elements does not fire.

## How to fix
Delete the hidden blocks. If you want a preview line, keep one short preheader that says what
the visible mail says.

## References
- SpamAssassin `rulesrc/sandbox/jhardin/20_misc_testing.cf` `HTML_TEXT_INVISIBLE_STYLE`, `LONG_INVISIBLE_TEXT`
- Rspamd `rules/html.lua` `MANY_INVISIBLE_PARTS`
- Gmail sender guidelines (support.google.com/mail/answer/81126): don't use HTML and CSS to hide content
"#,
        zh: r#"## 检查什么
统计 HTML 正文中对读者隐藏文字的元素——`display:none`、`hidden` 属性、`visibility:hidden`、`opacity:0`，
或 `height:0`/`max-height:0` 加 `overflow:hidden`——以及它们隐藏的字符数：

- 只有一块且不超过 150 个字符（常见的 "preheader"，即收件箱列表中显示的预览文字）：计 0.5 分；
- 超过一块，或超过 150 个字符：计 2.0 分。

不含字母或数字的块不计；连续的空白只算一个字符，模板常放在预览文字后面的不可见填充字符（`&zwnj;`、`&nbsp;`、`&#847;`）不计入字数。
结果标在第一个文字仍留在正文中的块上（opacity、零高度）；用 `display:none` 去掉的文字在正文中没有位置。

相对目录规则的改进：每个隐藏元素单独算一块，嵌套在其中的隐藏元素归入同一块；
`visibility:hidden` 父元素中设置了 `visibility:visible` 的子元素重新可见。

只在某些屏幕上通过媒体查询显示的块（仅手机显示的内容）同样计入：过滤器不会执行媒体查询。

## 为什么重要
隐藏文字只给过滤器看、不给人看，这正是堆砌关键词和"贝叶斯投毒"所需要的。SpamAssassin 会对大量隐藏样式块
（`HTML_TEXT_INVISIBLE_STYLE`）和大段隐藏文字（`LONG_INVISIBLE_TEXT`）计分；Rspamd 会统计不可见部分（`MANY_INVISIBLE_PARTS`）；
Gmail 指南也要求不要隐藏内容。单独一段简短的预览文字很常见，扣分很少。

## 示例
两个写满关键词的 `<div style="display:none">` 块计 2.0 分；单独一段 `<div style="display:none">New IP65 high-bays in stock</div>`
预览文字计 0.5 分；没有隐藏元素的邮件不会触发。

## 如何修改
删除隐藏的文字块。如果需要预览文字，只保留一段简短的 preheader，内容与邮件正文一致。

## 参考
- SpamAssassin `rulesrc/sandbox/jhardin/20_misc_testing.cf` `HTML_TEXT_INVISIBLE_STYLE`、`LONG_INVISIBLE_TEXT`
- Rspamd `rules/html.lua` `MANY_INVISIBLE_PARTS`
- Gmail 发件人指南（support.google.com/mail/answer/81126）：不要使用 HTML 和 CSS 隐藏内容
"#,
    },
    check,
};

/// Points for one short block, a preheader (catalog).
const PREHEADER_POINTS: f64 = 0.5;
/// Points for more blocks or more text (catalog).
const BLOCKS_POINTS: f64 = 2.0;
/// The longest preheader, in characters.
const PREHEADER_CHARS: usize = 150;

fn check(a: &Analysis, out: &mut Hits) {
    let Some(doc) = &a.html else {
        return;
    };
    let blocks: Vec<Block> = blocks(&doc.hidden).into_iter().filter(|b| has_words(&b.text)).collect();
    let Some(first) = blocks.first() else {
        return;
    };
    let chars: usize = blocks.iter().map(|b| readable_chars(&b.text)).sum();
    let points = if blocks.len() == 1 && chars <= PREHEADER_CHARS { PREHEADER_POINTS } else { BLOCKS_POINTS };
    let readable: String = first.text.chars().filter(|&c| !is_filler(c)).collect();
    let quoted = excerpt(&readable.split_whitespace().collect::<Vec<_>>().join(" "), 60);
    let (en, zh) = match blocks.len() {
        1 => (
            format!("A hidden block of {chars} characters: \"{quoted}\""),
            format!("有一段 {chars} 个字符的隐藏文字：“{quoted}”"),
        ),
        n => (
            format!("{n} hidden blocks, {chars} characters in all, the first: \"{quoted}\""),
            format!("共有 {n} 段隐藏文字，合计 {chars} 个字符，第一段：“{quoted}”"),
        ),
    };
    // Text hidden by opacity or height stays in the body and gives the finding its place.
    let span = blocks.iter().find_map(|b| b.span.clone());
    let hit = out.add(points, Part::Body);
    if let Some(span) = span {
        hit.at(span);
    }
    hit.say(en, zh);
}

/// An element that hides what it contains, with the hidden elements nested in it.
struct Block {
    /// Its text, pieces joined by spaces.
    text: String,
    /// Where the first of its text that stays in the body is (opacity, zero height).
    span: Option<Range<usize>>,
}

/// The renderer's hidden text grouped by the element that removes it from view, in document
/// order (the renderer numbers the blocks in the order they start).
fn blocks(hidden: &[HiddenText]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    // Where each block is in `out`: a map, so that many blocks stay linear.
    let mut index: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for h in hidden.iter().filter(|h| h.block > 0 && h.how.removes()) {
        let i = *index.entry(h.block).or_insert_with(|| {
            out.push(Block { text: String::new(), span: None });
            out.len() - 1
        });
        let block = &mut out[i];
        if !block.text.is_empty() {
            block.text.push(' ');
        }
        block.text.push_str(&h.text);
        if block.span.is_none() {
            block.span = h.span.clone();
        }
    }
    out
}

/// Characters a reader would read: runs of white space count as one, invisible filler not at
/// all.
fn readable_chars(text: &str) -> usize {
    let mut count = 0;
    let mut after_space = true;
    for c in text.chars() {
        if is_filler(c) {
            continue;
        }
        let space = c.is_whitespace();
        if !(space && after_space) {
            count += 1;
        }
        after_space = space;
    }
    count
}

/// Invisible characters templates use as filler after a preheader.
fn is_filler(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{034F}' | '\u{180E}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filler_and_repeated_spaces_are_not_counted() {
        assert_eq!(readable_chars("In stock \u{200C} \u{200C} \u{34F}\u{200C} "), 9);
    }
}
