//! X05 `tags-inside-words`: HTML tags or comments that split words (`V<b></b>iagra`).

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// X05.
pub(crate) static RULE: Rule = Rule {
    code: "X05",
    name: "tags-inside-words",
    category: Category::Hidden,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "HTML tags or comments split words in the middle",
        zh: "HTML 标签或注释把单词从中间拆开了",
    },
    fix: L10n {
        en: "Formatting inside words looks like obfuscation; retype the words (or paste as plain text) and format whole words only.",
        zh: "在单词内部插入格式看起来像是在混淆文字，请重新输入这些单词（或以纯文本粘贴），只对整个单词设置格式。",
    },
    doc: doc! {
        en: r#"## What it does
Measures SpamAssassin's obfuscation ratio: the share of the HTML's tags that sit between two
letters or digits of the same word (`V<b></b>iagra`, `Fr<span>ee</span>`).

- 5 % of the tags or more: 1.0 point; 20 % or more: 2.5 (SpamAssassin's strongest band,
  `HTML_OBFUSCATE_20_30`, is 2.0–2.5).
- An HTML comment inside a word (`fr<!-- -->ee`): 1.0 (`OBFUSCATING_COMMENT`).

The finding is placed on the first split word found in the body.

Refinement over the catalog: a single tag inside a word in the whole message does not count,
however short the HTML.
Editors produce one when only part of a word is formatted (`<b>LED</b>s`, a brand name in
colour followed by a plural `s`); obfuscation needs tags on both sides, or many words.

## Why it matters
Tags between the letters of a word do not show, yet they stop filters from matching the word.
SpamAssassin computes this ratio for every HTML message (`HTML_OBFUSCATE_05_10` …
`HTML_OBFUSCATE_90_100`) and scores comments inside words (`OBFUSCATING_COMMENT`).

## Example
`<p>Our fr<b></b>ee sam<i></i>ples</p>` fires; `<p>Our <b>free</b> samples</p>` and
`<p>Our <b>LED</b>s</p>` do not.

## How to fix
Retype the words, or paste the text as plain text and format it again, applying bold, italics
or colour to whole words.

## References
- SpamAssassin `lib/Mail/SpamAssassin/HTML.pm` (`obfuscation` / `tags` ratio), `rules/20_html_tests.cf` `HTML_OBFUSCATE_05_10` … `HTML_OBFUSCATE_90_100`
- SpamAssassin `OBFUSCATING_COMMENT`, `HTML_SHRT_CMNT_OBFU_MANY`
"#,
        zh: r#"## 检查什么
计算 SpamAssassin 的"混淆比例"：HTML 标签中夹在同一个单词的两个字母或数字之间的比例（如 `V<b></b>iagra`、`Fr<span>ee</span>`）。

- 占全部标签 5% 及以上：计 1.0 分；20% 及以上：计 2.5 分（SpamAssassin 最重的一档 `HTML_OBFUSCATE_20_30` 为 2.0–2.5 分）。
- 单词中间有 HTML 注释（如 `fr<!-- -->ee`）：计 1.0 分（`OBFUSCATING_COMMENT`）。

结果标在正文中找到的第一个被拆开的单词上。

相对目录规则的改进：无论 HTML 多短，整封邮件中只有一个标签夹在单词内部时不计。只给单词的一部分设置格式时，编辑器就会产生这种标签
（如 `<b>LED</b>s`，或品牌名着色后紧跟复数 `s`）；真正的混淆需要在单词两边都插入标签，或涉及很多单词。

## 为什么重要
单词字母之间的标签在显示上看不出来，却能让过滤器匹配不到这个单词。SpamAssassin 对每封 HTML 邮件都计算这个比例
（`HTML_OBFUSCATE_05_10` … `HTML_OBFUSCATE_90_100`），并对单词中的注释计分（`OBFUSCATING_COMMENT`）。

## 示例
`<p>Our fr<b></b>ee sam<i></i>ples</p>` 会触发；`<p>Our <b>free</b> samples</p>` 和 `<p>Our <b>LED</b>s</p>` 不会。

## 如何修改
重新输入这些单词，或以纯文本粘贴后重新排版，加粗、斜体或颜色只作用于整个单词。

## 参考
- SpamAssassin `lib/Mail/SpamAssassin/HTML.pm`（`obfuscation` / `tags` 比例）、`rules/20_html_tests.cf` `HTML_OBFUSCATE_05_10` … `HTML_OBFUSCATE_90_100`
- SpamAssassin `OBFUSCATING_COMMENT`、`HTML_SHRT_CMNT_OBFU_MANY`
"#,
    },
    check,
};

/// Points at a ratio of 5 % or more (catalog).
const LOW_POINTS: f64 = 1.0;
/// Points at a ratio of 20 % or more (catalog).
const HIGH_POINTS: f64 = 2.5;
/// Points for comments inside words (catalog).
const COMMENT_POINTS: f64 = 1.0;
/// Tags inside words below this never count (one partly formatted word).
const MIN_TAGS: usize = 2;

fn check(a: &Analysis, out: &mut Hits) {
    let Some(doc) = &a.html else {
        return;
    };
    let stats = &doc.stats;
    let inside = stats.tags_inside_words;
    let ratio = if stats.tags == 0 { 0.0 } else { inside as f64 / stats.tags as f64 };
    let tag_points = match ratio {
        _ if inside < MIN_TAGS => None,
        r if r >= 0.20 => Some(HIGH_POINTS),
        r if r >= 0.05 => Some(LOW_POINTS),
        _ => None,
    };
    let comments = stats.comments_inside_words;
    if tag_points.is_none() && comments == 0 {
        return;
    }
    // The renderer records where tags split words; the first gives the place.
    let place = doc.split_words.first().and_then(|r| Some((a.body.get(r.clone())?, r.clone())));
    let word = place.as_ref().map(|(w, _)| *w).unwrap_or("");
    if let Some(points) = tag_points {
        let percent = (ratio * 100.0).round();
        let (en, zh) = if word.is_empty() {
            (
                format!("{inside} of {} HTML tags sit inside words ({percent}%)", stats.tags),
                format!("{} 个 HTML 标签中有 {inside} 个夹在单词内部（{percent}%）", stats.tags),
            )
        } else {
            (
                format!("{inside} of {} HTML tags sit inside words ({percent}%), e.g. in \"{word}\"", stats.tags),
                format!("{} 个 HTML 标签中有 {inside} 个夹在单词内部（{percent}%），例如“{word}”", stats.tags),
            )
        };
        let hit = out.add(points, Part::Body);
        if let Some((_, span)) = &place {
            hit.at(span.clone());
        }
        hit.say(en, zh);
    }
    if comments > 0 {
        let hit = out.add(COMMENT_POINTS, Part::Body);
        // Without a tag finding, the split word is the comment's.
        if let (None, Some((_, span))) = (tag_points, &place) {
            hit.at(span.clone());
        }
        hit.say(format!("{comments} HTML comment(s) split words"), format!("有 {comments} 处 HTML 注释把单词拆开了"));
    }
}
