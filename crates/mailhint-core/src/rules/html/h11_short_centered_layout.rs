//! H11 `short-centered-layout`: a very short HTML mail laid out with `<center>`.

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// H11.
pub(crate) static RULE: Rule = Rule {
    code: "H11",
    name: "short-centered-layout",
    category: Category::Html,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "A very short HTML mail laid out with <center>, like a flyer",
        zh: "很短的 HTML 邮件使用 <center> 居中排版，像一张传单",
    },
    fix: L10n {
        en: "Add body text and avoid centered-banner layouts: write the mail as left-aligned paragraphs.",
        zh: "请补充正文，避免居中横幅式排版：用左对齐的段落来写邮件。",
    },
    doc: doc! {
        en: r#"## What it does
Flags an HTML message that uses the `<center>` tag while its visible text is under 384 bytes
(UTF-8, as SpamAssassin counts). CSS centering (`text-align: center`) is not counted, as in
SpamAssassin: webmail editors write that, while `<center>` comes from old templates and
generated spam.

## Why it matters
A few centred lines with a banner is the layout of flyer spam, and SpamAssassin scores it as
such: `HTML_SHORT_CENTER` costs up to 3.8 points in the score sets without Bayes. Real business
mail is left-aligned prose.

## Example
Fires: `<center><h1>BIG SALE</h1><p>LED lights, best price, order now</p></center>`. Does not
fire: the same offer written as three left-aligned paragraphs to a named buyer.

## How to fix
Write the mail as ordinary left-aligned paragraphs with enough text to say who you are, what you
offer and what the buyer can do next. Remove the `<center>` tags (in most editors: select all,
then align left).

## References
- SpamAssassin `rules/20_html_tests.cf` `HTML_SHORT_CENTER` (`__HTML_LENGTH_384 &&
  __TAG_EXISTS_CENTER`), scores 3.799 / 3.421 / 2.611 / 0.743
"#,
        zh: r#"## 检查什么
HTML 邮件使用了 `<center>` 标签，而可见文字少于 384 字节（按 UTF-8 计算，与 SpamAssassin 一致）时提示。与 SpamAssassin 一样，CSS
居中（`text-align: center`）不计：网页邮箱编辑器用的是 CSS，而 `<center>` 多来自老旧模板和自动生成的垃圾邮件。

## 为什么重要
几行居中文字加一张横幅，是传单式垃圾邮件的典型版式，SpamAssassin 也这样计分：`HTML_SHORT_CENTER` 在不含贝叶斯的评分组中最高计 3.8 分。真正的商务邮件是左对齐的正文。

## 示例
会触发：`<center><h1>BIG SALE</h1><p>LED lights, best price, order now</p></center>`。不会触发：同样的报价写成三段左对齐的文字，发给具体的采购人。

## 如何修改
用普通的左对齐段落写邮件，写清楚你是谁、提供什么、客户下一步可以做什么。删除 `<center>` 标签（大多数编辑器里：全选后设为左对齐）。

## 参考
- SpamAssassin `rules/20_html_tests.cf` `HTML_SHORT_CENTER`（`__HTML_LENGTH_384 && __TAG_EXISTS_CENTER`），各评分组分数 3.799 / 3.421 / 2.611 / 0.743
"#,
    },
    check,
};

/// SpamAssassin's `__HTML_LENGTH_384`.
const SHORT_TEXT_BYTES: usize = 384;

fn check(a: &Analysis, out: &mut Hits) {
    let Some(doc) = &a.html else {
        return;
    };
    let text = a.visible_bytes();
    if doc.stats.center == 0 || text >= SHORT_TEXT_BYTES {
        return;
    }
    let hit = out.add(1.5, Part::Body).say(
        format!("Only {text} bytes of text, centred with <center>: the layout of a flyer"),
        format!("正文只有 {text} 字节，并用 <center> 居中排版，看起来像传单"),
    );
    // The whole (short) text is the problem: underline it.
    let trimmed = a.body.trim();
    if !trimmed.is_empty() {
        let start = a.body.len() - a.body.trim_start().len();
        hit.at(start..start + trimmed.len());
    }
}
