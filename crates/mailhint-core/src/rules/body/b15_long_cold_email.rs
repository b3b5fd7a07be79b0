//! B15 `long-cold-email`: a first message to one buyer is longer than 200 words.

use std::ops::Range;

use crate::analysis::{is_han, Analysis};
use crate::report::{Mode, Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// B15.
pub(crate) static RULE: Rule = Rule {
    code: "B15",
    name: "long-cold-email",
    category: Category::Body,
    severity: Severity::Info,
    cap: None,
    summary: L10n {
        en: "This first email is long (over 200 words)", zh: "这封首次联系的邮件太长（超过 200 个词）"
    },
    fix: L10n {
        en: "Aim for 50–125 words (25–50 for cold outreach); put details in an attachment or a follow-up.",
        zh: "控制在 50–125 个词（开发信 25–50 个词为佳）；细节放到附件或后续邮件里。",
    },
    doc: doc! {
        en: r#"## What it does
In a first message written to one person (one-to-one mode, not a reply or a forward), counts
the words of the visible body; above 200 it costs 0.3 points and underlines the word where the
mail passes 200. Hidden text does not count. Chinese has no spaces, so two Chinese characters
count as one word (a common rule of thumb for Chinese–English length).

Campaign mode is left out: newsletters follow other conventions.

## Why it matters
Length is not a spam-filter score, but it decides whether a buyer reads and answers.
Boomerang's study of 40 million emails found the best reply rates at 50–125 words, falling
steadily up to 500; Lavender's 2024 cold-email benchmark puts the best at 25–50 words. Mails
that are ignored or deleted unread teach mailbox providers that your mail is unwanted.

## Example
A first mail with a company history, a full product list and payment terms (300 words) fires; a
90-word mail that asks one question and attaches the catalogue does not.

## How to fix
Keep one idea per mail: who you are in one sentence, why you write to this buyer, and one
question. Move the company profile and the product list to an attachment or a later mail.

## References
- Boomerang, "How to write an email that gets a response" (50–125 words)
- Lavender, 2024 cold-email benchmark (25–50 words)
"#,
        zh: r#"## 检查什么
在写给单个收件人的首封邮件中（一对一模式，且不是回复或转发），统计可见正文的词数；超过 200 个词时计 0.3 分，并标出超过 200 词的位置。隐藏文字不计入。
中文没有空格，按每两个汉字算一个词（中英文篇幅换算的常用经验值）。

群发模式不检查：群发邮件有另外的写法惯例。

## 为什么重要
邮件长度不是过滤器的评分项，却决定了买家是否会读、是否会回复。Boomerang 对 4000 万封邮件的研究发现，50–125 个词的邮件回复率最高，之后随长度增加持续下降，直到 500 个词；
Lavender 2024 年的开发信基准报告认为 25–50 个词最佳。被忽略或未读即删的邮件，会让邮箱服务商认为您的邮件不受欢迎。

## 示例
首封邮件里写公司历史、完整产品清单和付款条款（300 个词）会触发；90 个词、只提一个问题并附上产品目录的邮件不会触发。

## 如何修改
一封邮件只讲一件事：用一句话介绍自己，说明为什么写给这位买家，再提一个问题。公司简介和产品清单放到附件或后续邮件中。

## 参考
- Boomerang《How to write an email that gets a response》（50–125 个词）
- Lavender 2024 年开发信基准报告（25–50 个词）
"#,
    },
    check,
};

/// Words above which a first email is long.
const MAX_WORDS: f64 = 200.0;

fn check(a: &Analysis, out: &mut Hits) {
    if a.mode != Mode::OneToOne || a.draft.continues_thread() {
        return;
    }
    let mut hidden: Vec<Range<usize>> =
        a.html.iter().flat_map(|h| &h.hidden).filter_map(|h| h.span.clone()).filter(|r| !r.is_empty()).collect();
    hidden.sort_by_key(|r| r.start);
    let hidden = merge(hidden);
    let (mut total, mut crossing) = (0.0f64, None);
    let mut next = 0usize;
    for word in a.body_words() {
        // Words and hidden ranges are both in text order: one forward pass skips hidden words.
        while next < hidden.len() && hidden[next].end <= word.start {
            next += 1;
        }
        if hidden.get(next).is_some_and(|r| r.start <= word.start) {
            continue;
        }
        let han = a.body[word.clone()].chars().next().is_some_and(is_han);
        total += if han { 0.5 } else { 1.0 };
        if crossing.is_none() && total > MAX_WORDS {
            crossing = Some(word);
        }
    }
    let Some(span) = crossing else { return };
    let words = total.round();
    out.add(0.3, Part::Body).at(span).say(
        format!("This first email has about {words} words; it passes 200 here"),
        format!("这封首次联系的邮件约有 {words} 个词，从这里开始超过 200 词"),
    );
}

/// Merges sorted, possibly overlapping ranges.
fn merge(sorted: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}
