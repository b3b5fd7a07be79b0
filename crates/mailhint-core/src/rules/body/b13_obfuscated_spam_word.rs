//! B13 `obfuscated-spam-word`: a spam word spelt with look-alike characters or punctuation
//! (`fr33`, `m0ney`, `c.r.e.d.i.t`, `v1agra`) to slip past filters.

use std::collections::HashSet;
use std::ops::Range;

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// B13.
pub(crate) static RULE: Rule = Rule {
    code: "B13",
    name: "obfuscated-spam-word",
    category: Category::Body,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "A word is disguised with digits, symbols or dots", zh: "有单词用数字、符号或点号做了变形"
    },
    fix: L10n {
        en: "Spell words normally: filters read “fr33” and “c.r.e.d.i.t” as an attempt to evade them.",
        zh: "请正常拼写单词：过滤器会把“fr33”“c.r.e.d.i.t”这类写法看作故意规避过滤。",
    },
    doc: doc! {
        en: r#"## What it does
Reads each word of the subject and the body the way SpamAssassin's `ReplaceTags` rules do:
digits and symbols that look like letters are read as those letters (`0`→o, `1`/`!`/`|`→i or
l, `3`→e, `4`/`@`→a, `5`/`$`→s, `7`→t, `8`→b, `\/`→v, `€`→e) and dots, dashes, underscores
and stars between letters are dropped. When the result is a spam word (free, money, cash,
credit, price, cheap, offer, sale, discount, loan, viagra, pharmacy, casino, bitcoin, winner…)
but the word was not written plainly, it costs 1.5 points. Each disguised word counts once.

A word counts as disguised only if it has a look-alike character, or two or more separators
(`c.r.e.d.i.t`, `f-r-e-e`): a single hyphen (`e-mail`, `re-order`) is ordinary spelling.
Accented letters are not read as look-alikes, unlike in SpamAssassin, so French "crédit" or
Spanish "crédito" are never flagged. E-mail and web addresses are skipped.

## Why it matters
Spelling a word so that a filter cannot read it is itself the strongest signal: SpamAssassin's
`FUZZY_*` rules score these spellings (`FUZZY_PRICES` 2.3, `FUZZY_CREDIT` 1.7,
`FUZZY_VPILL`, `FUZZY_MILLION`…), and the plain word would have cost less or nothing.

## Example
`Get fr33 samples and save m0ney` fires twice; `Free samples are available on request` does
not.

## How to fix
Write the word normally. If the plain word is the problem, rephrase ("samples at no charge").

## References
- SpamAssassin `rules/25_replace.cf` (`FUZZY_CREDIT`, `FUZZY_PRICES`, `FUZZY_MONEY`,
  `FUZZY_VPILL`, `FUZZY_PHARMACY`, `FUZZY_MILLION`, `FUZZY_MORTGAGE`, `FUZZY_OFFERS`…)
- SpamAssassin `lib/Mail/SpamAssassin/Plugin/ReplaceTags.pm`
"#,
        zh: r#"## 检查什么
按照 SpamAssassin `ReplaceTags` 规则的方式读取主题和正文中的每个单词：把形似字母的数字和符号当作对应的字母（`0`→o，`1`/`!`/`|`→i 或 l，`3`→e，`4`/`@`→a，`5`/`$`→s，`7`→t，`8`→b，`\/`→v，`€`→e），
并去掉字母之间的点号、连字符、下划线和星号。如果还原后是垃圾邮件常用词（free、money、cash、credit、price、cheap、offer、sale、discount、loan、viagra、pharmacy、casino、bitcoin、winner 等），
而原文又不是正常拼写，则计 1.5 分。每个变形词只计一次。

只有含形似字符、或含两个及以上分隔符（`c.r.e.d.i.t`、`f-r-e-e`）的单词才算变形；只有一个连字符（`e-mail`、`re-order`）属于正常拼写。
与 SpamAssassin 不同，带重音的字母不视为形似字符，因此法语的 "crédit"、西班牙语的 "crédito" 不会被标出。邮箱地址和网址会跳过。

## 为什么重要
故意把单词写得让过滤器读不懂，这本身就是最强的垃圾邮件信号：SpamAssassin 的 `FUZZY_*` 规则专门为这些写法计分（`FUZZY_PRICES` 2.3 分，`FUZZY_CREDIT` 1.7 分，还有 `FUZZY_VPILL`、`FUZZY_MILLION` 等），而正常拼写的单词扣分更少甚至不扣分。

## 示例
`Get fr33 samples and save m0ney` 会触发两次；`Free samples are available on request` 不会。

## 如何修改
正常拼写单词。如果问题出在单词本身，就换一种说法（如 "samples at no charge"）。

## 参考
- SpamAssassin `rules/25_replace.cf`（`FUZZY_CREDIT`、`FUZZY_PRICES`、`FUZZY_MONEY`、`FUZZY_VPILL`、`FUZZY_PHARMACY`、`FUZZY_MILLION`、`FUZZY_MORTGAGE`、`FUZZY_OFFERS` 等）
- SpamAssassin `lib/Mail/SpamAssassin/Plugin/ReplaceTags.pm`
"#,
    },
    check,
};

/// Words that spam disguises (from SpamAssassin's `FUZZY_*` rules and the money, offer and
/// drug vocabulary of the catalog §5.1).
const SPAM_WORDS: &[&str] = &[
    "free",
    "money",
    "cash",
    "credit",
    "price",
    "prices",
    "cheap",
    "offer",
    "offers",
    "sale",
    "discount",
    "bonus",
    "loan",
    "loans",
    "mortgage",
    "refinance",
    "guarantee",
    "guaranteed",
    "million",
    "millions",
    "billion",
    "income",
    "profit",
    "investment",
    "viagra",
    "cialis",
    "levitra",
    "xanax",
    "valium",
    "pharmacy",
    "prescription",
    "medication",
    "casino",
    "bitcoin",
    "winner",
    "prize",
    "lottery",
    "rolex",
    "replica",
    "porn",
    "sex",
    "obligation",
    "unsubscribe",
    "remove",
    "click",
    "order",
    "buy",
    "deal",
];

/// A read character: a plain letter, a look-alike, or a look-alike that may be `i` or `l`.
#[derive(Clone, Copy, PartialEq)]
enum Read {
    Plain(u8),
    LookAlike(u8),
    IOrL,
}

/// Disguised words underlined at most.
const MAX_MARKS: usize = 20;

fn check(a: &Analysis, out: &mut Hits) {
    let mut seen: HashSet<&'static str> = HashSet::new();
    for (text, part) in [(a.subject.as_str(), Part::Subject), (a.body.as_str(), Part::Body)] {
        for span in chunks(text) {
            if seen.len() >= MAX_MARKS {
                return;
            }
            let word = &text[span.clone()];
            if let Some(target) = disguised(word) {
                if seen.insert(target) {
                    out.add(1.5, part).at(span).say(
                        format!("“{word}” is a disguised spelling of “{target}”"),
                        format!("“{word}”是“{target}”的变形写法"),
                    );
                }
            }
        }
    }
}

/// Whitespace-separated chunks of `text`, without surrounding quotes and punctuation.
fn chunks(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                spans.push(s..i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    spans.into_iter().filter_map(move |r| {
        let chunk = &text[r.clone()];
        let lead = chunk.len() - chunk.trim_start_matches(['(', '"', '\'', '“', '‘', '«', '[']).len();
        let body = chunk[lead..].trim_end_matches(['.', ',', ';', ':', '?', ')', '"', '\'', '”', '’', '»', ']']);
        (!body.is_empty()).then(|| r.start + lead..r.start + lead + body.len())
    })
}

/// The spam word `chunk` disguises, if it does.
fn disguised(chunk: &str) -> Option<&'static str> {
    let lower = chunk.to_ascii_lowercase();
    let address = (chunk.contains('@') && chunk.contains('.')) || lower.contains("://") || lower.starts_with("www.");
    if chunk.len() > 40 || address {
        return None;
    }
    let (read, look_alikes, separators, letters) = read_word(chunk)?;
    if letters < 2 || (look_alikes == 0 && separators < 2) {
        return None;
    }
    SPAM_WORDS.iter().copied().find(|w| matches(&read, w))
}

/// Reads a chunk into letters; `None` when it holds a character that is neither a letter, a
/// look-alike nor a separator (so it is not a disguised word).
fn read_word(chunk: &str) -> Option<(Vec<Read>, usize, usize, usize)> {
    let (mut read, mut look_alikes, mut separators, mut letters) = (Vec::new(), 0usize, 0usize, 0usize);
    let mut chars = chunk.chars().peekable();
    while let Some(c) = chars.next() {
        let r = match c {
            'a'..='z' | 'A'..='Z' => {
                letters += 1;
                Read::Plain(c.to_ascii_lowercase() as u8)
            }
            '\\' if chars.peek() == Some(&'/') => {
                chars.next();
                Read::LookAlike(b'v')
            }
            '0' => Read::LookAlike(b'o'),
            '3' | '€' => Read::LookAlike(b'e'),
            '4' | '@' => Read::LookAlike(b'a'),
            '5' | '$' => Read::LookAlike(b's'),
            '7' => Read::LookAlike(b't'),
            '8' => Read::LookAlike(b'b'),
            '1' | '!' | '|' | '¡' => Read::IOrL,
            '.' | '-' | '_' | '*' | '~' | '+' | '=' | '\'' | ',' | '^' => {
                separators += 1;
                continue;
            }
            _ => return None,
        };
        if !matches!(r, Read::Plain(_)) {
            look_alikes += 1;
        }
        read.push(r);
    }
    // Trailing "!" is punctuation ("free!"), not a disguised "i": each one was read as `IOrL`.
    let bangs = chunk.len() - chunk.trim_end_matches('!').len();
    read.truncate(read.len().saturating_sub(bangs));
    look_alikes = look_alikes.saturating_sub(bangs);
    Some((read, look_alikes, separators, letters))
}

/// Whether the read letters spell `word`.
fn matches(read: &[Read], word: &str) -> bool {
    read.len() == word.len()
        && read.iter().zip(word.bytes()).all(|(r, w)| match *r {
            Read::Plain(c) | Read::LookAlike(c) => c == w,
            Read::IOrL => w == b'i' || w == b'l',
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disguises_are_read() {
        assert_eq!(disguised("fr33"), Some("free"));
        assert_eq!(disguised("m0ney"), Some("money"));
        assert_eq!(disguised("c.r.e.d.i.t"), Some("credit"));
        assert_eq!(disguised("v1agra"), Some("viagra"));
        assert_eq!(disguised("\\/iagra"), Some("viagra"));
        assert_eq!(disguised("ca$h"), Some("cash"));
    }

    #[test]
    fn ordinary_words_are_not() {
        for w in [
            "free",
            "free!",
            "Free!!",
            "e-mail",
            "re-order",
            "crédit",
            "SS316",
            "LED-200W",
            "$1,000",
            "2024",
            "B2B",
            "m0ney@x.com",
            "pre-order",
        ] {
            assert_eq!(disguised(w), None, "{w}");
        }
    }
}
