//! B14 `too-little-text`: the body is empty, or a few words around a link or an attachment.

use std::ops::Range;

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// B14.
pub(crate) static RULE: Rule = Rule {
    code: "B14",
    name: "too-little-text",
    category: Category::Body,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "The body has too little text for its link or attachment", zh: "正文文字太少，只有链接或附件"
    },
    fix: L10n {
        en: "Add 2–4 sentences of context: who you are, why you write, what the link or file is.",
        zh: "请补充两到四句说明：您是谁、为什么写信、链接或附件是什么内容。",
    },
    doc: doc! {
        en: r#"## What it does
- A completely empty message (no visible text, no image, no attachment) costs 2.3 points.
- A new message whose visible text has fewer than 20 words, next to a link or an attachment,
  costs 1.0 point. Words of the link addresses themselves and hidden text do not count; each
  Chinese character counts as a word.

Replies and forwards are left out of the second case: "Please find the PI attached" is a
perfectly normal answer inside a conversation, where the thread gives the context. A first
message made of a link or a file and a line of text is the pattern of phishing and malware
lures, and that is what filters score.

## Why it matters
SpamAssassin scores an empty message (`EMPTY_MESSAGE`, 2.3) and a body that is little more
than a link (`BODY_URI_ONLY`); Rspamd scores a part that is mostly URL (`HFILTER_URL_ONLY`, up
to 2.2). A buyer who does not know you will not open an unexplained file or link either.

## Example
A first mail saying only `Please see our catalogue: https://x-lighting.com/catalogue.pdf`
fires; the same link after three sentences about who you are and why you write does not.

## How to fix
Write two to four sentences: who you are, why you are writing to this buyer, and what the link
or attachment contains.

## References
- SpamAssassin `rules/20_body_tests.cf` `EMPTY_MESSAGE`; `rulesrc/sandbox` `BODY_URI_ONLY`
- Rspamd `src/plugins/lua/hfilter.lua` `HFILTER_URL_ONLY`, `HFILTER_URL_ONELINE`
"#,
        zh: r#"## 检查什么
- 完全空白的邮件（没有可见文字、没有图片、没有附件）计 2.3 分。
- 新邮件中，可见文字少于 20 个词、同时带有链接或附件时，计 1.0 分。链接地址本身的文字和隐藏文字不计入；每个汉字算一个词。

第二种情况不检查回复和转发：在往来邮件中，"PI 见附件"是很正常的回复，上下文已经很清楚。而首封邮件只有一个链接或文件加一行字，正是钓鱼和恶意软件邮件的典型模式，也是过滤器计分的对象。

## 为什么重要
SpamAssassin 对空邮件（`EMPTY_MESSAGE`，2.3 分）和几乎只有链接的正文（`BODY_URI_ONLY`）计分；Rspamd 对大部分内容是网址的邮件计分（`HFILTER_URL_ONLY`，最高 2.2 分）。不认识您的买家，也不会打开一个没有任何说明的文件或链接。

## 示例
首封邮件只写 `Please see our catalogue: https://x-lighting.com/catalogue.pdf` 会触发；在同一个链接前写上三句话介绍自己和写信原因，则不会触发。

## 如何修改
写两到四句话：您是谁、为什么给这位买家写信、链接或附件里是什么内容。

## 参考
- SpamAssassin `rules/20_body_tests.cf` `EMPTY_MESSAGE`；沙盒规则 `BODY_URI_ONLY`
- Rspamd `src/plugins/lua/hfilter.lua` `HFILTER_URL_ONLY`、`HFILTER_URL_ONELINE`
"#,
    },
    check,
};

/// Fewer visible words than this, next to a link or a file, is too little.
const MIN_WORDS: usize = 20;

fn check(a: &Analysis, out: &mut Hits) {
    let has_attachment = !a.attachments().is_empty();
    let text = a.body.trim();
    if text.is_empty() && !has_attachment && a.images.is_empty() && a.links.is_empty() {
        out.add(2.3, Part::Body).say("The message is empty", "邮件是空白的");
        return;
    }
    if a.draft.continues_thread() || (a.links.is_empty() && !has_attachment) {
        return;
    }
    let words = visible_words(a, MIN_WORDS);
    if words >= MIN_WORDS {
        return;
    }
    let what = match (a.links.is_empty(), has_attachment) {
        (false, true) => ("a link and an attachment", "链接和附件"),
        (false, false) => ("a link", "链接"),
        _ => ("an attachment", "附件"),
    };
    let hit = out.add(1.0, Part::Body);
    if !text.is_empty() {
        let start = a.body.len() - a.body.trim_start().len();
        hit.at(start..start + text.len());
    }
    hit.say(format!("Only {words} words of text next to {}", what.0), format!("除了{}，正文只有 {words} 个词", what.1));
}

/// Visible words of the body outside link addresses and hidden text, counted up to `enough`.
fn visible_words(a: &Analysis, enough: usize) -> usize {
    // Words inside a link whose text is its own address (plain-text URLs, pasted links) are not
    // prose; neither is hidden text.
    let mut skip: Vec<Range<usize>> = a
        .links
        .iter()
        .filter(|l| l.text.contains("://") || l.text.to_ascii_lowercase().starts_with("www."))
        .map(|l| l.span.clone())
        .chain(a.html.iter().flat_map(|h| &h.hidden).filter_map(|h| h.span.clone()))
        .filter(|r| !r.is_empty())
        .collect();
    skip.sort_by_key(|r| r.start);
    // Merge overlapping ranges, so that one forward pass decides whether a word is inside one.
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(skip.len());
    for r in skip {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let mut next = 0usize;
    let mut count = 0usize;
    for word in a.body_words() {
        while next < merged.len() && merged[next].end <= word.start {
            next += 1;
        }
        let inside = merged.get(next).is_some_and(|r| r.start <= word.start);
        if !inside {
            count += 1;
            if count >= enough {
                break;
            }
        }
    }
    count
}
