//! L09 `link-only-message`: the message is little more than a link.

use std::ops::Range;

use super::urls;
use crate::analysis::{self, Analysis};
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// L09.
pub(crate) static RULE: Rule = Rule {
    code: "L09",
    name: "link-only-message",
    category: Category::Links,
    severity: Severity::High,
    cap: None,
    summary: L10n { en: "The message is little more than a link", zh: "邮件内容几乎只有一个链接" },
    fix: L10n {
        en: "Add explanatory text: say who you are, why you write and what the link is; a message that is just a link looks like spam.",
        zh: "请补充说明文字：你是谁、为什么写信、链接里是什么；只有一个链接的邮件很像垃圾邮件。",
    },
    doc: doc! {
        en: r#"## What it does
Measures how much of the visible text is links (link text of HTML anchors, and URLs typed as
text):

- links make up more than 80 % of the visible text: 2.0 points, 2.5 when the whole message is a
  single line (Rspamd `HFILTER_URL_ONLY`, `HFILTER_URL_ONELINE`);
- otherwise, a new message (not a reply or forward) with a link, fewer than 3 lines of text and
  fewer than 12 words outside its links: 1.5 points (SpamAssassin `BODY_URI_ONLY`).

The catalog's second trigger ("fewer than 3 text lines and any link") would also fire on a short
reply in a running thread ("Here is the tracking link: …"), which is ordinary; it is therefore
limited to new messages with almost no words of their own.

## Why it matters
A bare link, with nothing to say who sent it or why, is the shape of link spam and of messages
sent from hijacked accounts. Rspamd scores `HFILTER_URL_ONLY` 2.2 (scaled by how much of the text
is URL) and `HFILTER_URL_ONELINE` 2.5; SpamAssassin scores `BODY_URI_ONLY` 1.7 in its non-Bayes
score sets. Readers also hesitate to click a link they have no reason to trust.

## Example
A new message whose body is only `https://x-lighting.com/catalogue-2025.pdf` fires; the same link
after two sentences introducing the company and the catalogue does not.

## How to fix
Write a few sentences around the link: who you are, why you are writing to this buyer, and what
they will find behind the link.

## References
- Rspamd `src/plugins/lua/hfilter.lua` `HFILTER_URL_ONLY` (2.2), `HFILTER_URL_ONELINE` (2.5)
- SpamAssassin `BODY_URI_ONLY` ("Message body is only a URI in one line of text or for an
  image", 1.7 in score sets 0 and 2)
"#,
        zh: r#"## 检查什么
计算可见正文中链接所占的比例（HTML 链接的文字，以及正文中直接写出的网址）：

- 链接占可见文字的 80% 以上：2.0 分；整封邮件只有一行时 2.5 分（Rspamd `HFILTER_URL_ONLY`、`HFILTER_URL_ONELINE`）；
- 否则，如果是新邮件（不是回复或转发）、带有链接、正文不足 3 行、链接以外的文字不足 12 个词：1.5 分（SpamAssassin
  `BODY_URI_ONLY`）。

规则表中的第二个条件（"正文不足 3 行且有链接"）也会误伤往来邮件中的简短回复（如"这是物流跟踪链接：……"），这很正常，
所以这里只针对几乎没有自己文字的新邮件。

## 为什么重要
只有一个链接、不说明是谁发的、为什么发，这正是链接垃圾邮件和被盗账号群发邮件的样子。Rspamd 对 `HFILTER_URL_ONLY`
最高计 2.2 分（按网址所占比例缩放），`HFILTER_URL_ONELINE` 计 2.5 分；SpamAssassin 在不使用贝叶斯的评分组中对
`BODY_URI_ONLY` 计 1.7 分。收件人也不敢点击毫无来由的链接。

## 示例
一封新邮件的正文只有 `https://x-lighting.com/catalogue-2025.pdf`，会触发；同一个链接前面有两句话介绍公司和产品目录，
则不会。

## 如何修改
在链接前后写几句话：你是谁、为什么给这位买家写信、点开链接能看到什么。

## 参考
- Rspamd `src/plugins/lua/hfilter.lua` 的 `HFILTER_URL_ONLY`（2.2）、`HFILTER_URL_ONELINE`（2.5）
- SpamAssassin `BODY_URI_ONLY`（"Message body is only a URI in one line of text or for an image"，评分组 0 和 2 中为
  1.7 分）
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let mut spans: Vec<Range<usize>> = urls::targets(a).into_iter().map(|t| t.span).filter(|s| !s.is_empty()).collect();
    if spans.is_empty() {
        return;
    }
    spans.sort_by_key(|s| s.start);
    let first = spans[0].clone();
    let visible = a.visible_bytes();
    if visible == 0 {
        return;
    }
    // Overlapping spans (an anchor around a typed URL) are counted once.
    let (mut covered, mut reach) = (0usize, 0usize);
    for s in &spans {
        let start = s.start.max(reach);
        if s.end > start {
            covered += s.end - start;
        }
        reach = reach.max(s.end);
    }
    let ratio = covered as f64 / visible as f64;
    let one_line = !a.body.trim().contains('\n');
    if ratio > 0.8 {
        let points = if one_line { 2.5 } else { 2.0 };
        let pct = (ratio.min(1.0) * 100.0).round();
        out.add(points, Part::Links)
            .at(first)
            .say(format!("Links make up {pct}% of the visible text"), format!("链接占了可见正文的 {pct}%"));
        return;
    }
    if a.draft.continues_thread() {
        return;
    }
    let lines = a.body.lines().filter(|l| !l.trim().is_empty()).count();
    if lines >= 3 {
        return;
    }
    let own_words = words_outside(&a.body, &spans, 12);
    if own_words < 12 {
        out.add(1.5, Part::Links).at(first).say(
            format!("Apart from the link, the message has only {own_words} words"),
            format!("除了链接，整封邮件只有 {own_words} 个词"),
        );
    }
}

/// The words of `body` outside the sorted link `spans`, counted up to `enough`. Each stretch
/// between links is read only up to 4 KB: a stretch that long without `enough` words is not prose
/// anyway, and this keeps a 2 MB one-line body cheap.
fn words_outside(body: &str, spans: &[Range<usize>], enough: usize) -> usize {
    let mut count = 0;
    let mut from = 0;
    let gaps = spans.iter().map(|s| (s.start, s.end)).chain(std::iter::once((body.len(), body.len())));
    for (start, end) in gaps {
        if let Some(gap) = body.get(from..start.max(from)) {
            count += analysis::words(crate::limits::clip(gap, 4096)).len();
            if count >= enough {
                return count;
            }
        }
        from = from.max(end);
    }
    count
}
