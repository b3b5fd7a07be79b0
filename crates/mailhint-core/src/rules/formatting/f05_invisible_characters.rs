//! F05 `invisible-characters`: zero-width or other invisible characters sit inside words.

use std::ops::Range;

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{shorten, Category, Hits, L10n, Rule};

/// F05.
pub(crate) static RULE: Rule = Rule {
    code: "F05",
    name: "invisible-characters",
    category: Category::Formatting,
    severity: Severity::High,
    cap: None,
    summary: L10n { en: "Invisible characters are hidden inside words", zh: "单词中夹有看不见的字符" },
    fix: L10n {
        en: "Invisible characters were pasted in; remove them (retype the word or paste as plain text).",
        zh: "文中粘贴进了看不见的字符，请删除（重新输入该单词，或以纯文本方式粘贴）。",
    },
    doc: doc! {
        en: r#"## What it does
Finds zero-width and other invisible characters (U+200B zero-width space, U+200C/U+200D
zero-width non-joiner/joiner, U+2060 word joiner, U+FEFF zero-width no-break space, U+00AD
soft hyphen) between two letters or digits of the subject or the body. One finding is reported
for the whole draft, placed on the first affected word (the first with a zero-width character
when there is one), with the number of affected words.

Two refinements over the catalog keep ordinary text out:
- Joiners are part of correct spelling in Arabic, Persian, Indic and South-East Asian scripts,
  and zero-width spaces mark line breaks in Thai or Khmer; only characters between two letters
  or digits of Latin, Greek, Cyrillic or Armenian script are counted, where they have no use.
- A word whose only invisible character is a soft hyphen scores 0.5 instead of 2.5: content
  management systems and word processors insert soft hyphens as hyphenation hints, and
  SpamAssassin's `UNICODE_OBFU_ZW` does not list them. They still break keyword matching, so
  they are worth removing.

## Why it matters
Spammers put zero-width characters inside words (`vi<U+200B>agra`, `fr<U+200B>ee`) so that keyword filters do
not see the word while the reader does. SpamAssassin's `UNICODE_OBFU_ZW` looks for exactly
this, and Rspamd scores zero-width spaces in links at 7.0. Honest senders usually get them by
copying text from a web page, a PDF or a chat app; some templates insert `&zwnj;` into
addresses and dates to stop phones from turning them into links, which filters cannot tell
from obfuscation either.

## Example
`Our quo<U+200B>tation is attached` fires (a zero-width space inside "quotation");
`Our quotation is attached` does not.

## How to fix
Delete the word and type it again, or paste the text as plain text (Ctrl+Shift+V). Many
editors can show or strip invisible characters.

## References
- SpamAssassin `rulesrc/sandbox/jhardin/20_misc_testing.cf` `UNICODE_OBFU_ZW`, `UNICODE_OBFU_ZW_MANY`
- Rspamd `src/plugins/lua/url_suspect.lua` `URL_ZERO_WIDTH_SPACES` (7.0)
"#,
        zh: r#"## 检查什么
查找主题或正文中夹在两个字母或数字之间的零宽字符和其他不可见字符：U+200B 零宽空格、U+200C/U+200D
零宽非连接符/连接符、U+2060 词连接符、U+FEFF 零宽不换行空格、U+00AD 软连字符。整封邮件只报告一条，
标在第一个受影响的单词上（如有零宽字符，则标在第一个含零宽字符的单词上），并说明共有多少个单词受影响。

在目录规则的基础上做了两点改进，避免误报正常文字：
- 在阿拉伯文、波斯文、印度系文字和东南亚文字中，连接符是正确拼写的一部分，泰文、高棉文也用零宽空格标记断行；
  因此只统计夹在拉丁、希腊、西里尔或亚美尼亚字母（或数字）之间的这类字符，它们在这些文字里没有任何用途。
- 如果单词里唯一的不可见字符是软连字符，只计 0.5 分而不是 2.5 分：内容管理系统和文字处理软件会自动插入软连字符作为断字提示，
  SpamAssassin 的 `UNICODE_OBFU_ZW` 也不包括它。但软连字符同样会干扰关键词匹配，最好删掉。

## 为什么重要
垃圾邮件发送者常在单词中间插入零宽字符（如 `vi<U+200B>agra`、`fr<U+200B>ee`），让关键词过滤器认不出这个词，而读者看起来一切正常。
SpamAssassin 的 `UNICODE_OBFU_ZW` 专门检查这种手法，Rspamd 对链接中的零宽空格计 7.0 分。正常发件人往往是从网页、PDF
或聊天软件复制文字时无意带进来的；有些邮件模板会在地址和日期中插入 `&zwnj;`，防止手机把它们自动识别成链接，过滤器同样无法把这种做法与混淆手法区分开。

## 示例
`Our quo<U+200B>tation is attached` 会触发（"quotation" 中间有一个零宽空格）；`Our quotation is attached` 不会。

## 如何修改
删除该单词重新输入，或以纯文本方式粘贴（Ctrl+Shift+V）。很多编辑器可以显示或清除不可见字符。

## 参考
- SpamAssassin `rulesrc/sandbox/jhardin/20_misc_testing.cf` `UNICODE_OBFU_ZW`、`UNICODE_OBFU_ZW_MANY`
- Rspamd `src/plugins/lua/url_suspect.lua` `URL_ZERO_WIDTH_SPACES`（7.0 分）
"#,
    },
    check,
};

/// Points when a word hides a zero-width character (catalog, SA `UNICODE_OBFU_ZW` inline 3.5).
const POINTS: f64 = 2.5;
/// Points when the only invisible characters are soft hyphens.
const SOFT_HYPHEN_POINTS: f64 = 0.5;

fn check(a: &Analysis, out: &mut Hits) {
    let in_subject = affected_words(&a.subject);
    let in_body = affected_words(&a.body);
    let all: Vec<(Part, &str, &Affected)> = in_subject
        .iter()
        .map(|w| (Part::Subject, a.subject.as_str(), w))
        .chain(in_body.iter().map(|w| (Part::Body, a.body.as_str(), w)))
        .collect();
    // A zero-width character anywhere is what scores; the finding sits on the first word that
    // has one, or else on the first word with a soft hyphen.
    let hard = all.iter().any(|(_, _, w)| w.zero_width);
    let Some(&(part, text, shown)) = all.iter().find(|(_, _, w)| w.zero_width == hard) else {
        return;
    };
    let points = if hard { POINTS } else { SOFT_HYPHEN_POINTS };
    let (en_name, zh_name) = char_name(shown.example);
    let word = shorten(&text.get(shown.span.clone()).unwrap_or("").replace(is_invisible, ""), 40);
    let total = all.len();
    let en = if total == 1 {
        format!("\"{word}\" contains an invisible character ({en_name})")
    } else {
        format!("\"{word}\" and {} more word(s) contain invisible characters ({en_name})", total - 1)
    };
    let zh = if total == 1 {
        format!("“{word}”中夹有不可见字符（{zh_name}）")
    } else {
        format!("“{word}”等 {total} 个单词中夹有不可见字符（{zh_name}）")
    };
    out.add(points, part).at(shown.span.clone()).say(en, zh);
}

/// A word with invisible characters inside it.
struct Affected {
    /// The whole word, invisible characters included.
    span: Range<usize>,
    /// Whether one of them is not a soft hyphen.
    zero_width: bool,
    /// One of its invisible characters, a zero-width one when there is one.
    example: char,
}

/// Whether `c` is one of the invisible characters the rule looks for.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// Whether `c` is a letter or digit of a script where invisible characters have no typographic
/// use: Latin, Greek, Cyrillic and Armenian (everything below the Hebrew block, plus Latin
/// Extended Additional and Greek Extended).
fn is_plain_alnum(c: char) -> bool {
    c.is_alphanumeric() && ((c as u32) < 0x0590 || ('\u{1E00}'..='\u{1FFF}').contains(&c))
}

/// Words of `text` with invisible characters between two plain letters or digits, in order.
/// One linear pass: each word is reported once.
fn affected_words(text: &str) -> Vec<Affected> {
    let mut found = Vec::new();
    // The current word: where it starts, where its last visible character ends, that character,
    // the invisible run since it, and what the word was found to hide so far.
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut last: Option<char> = None;
    let mut pending: Option<(bool, char)> = None;
    let mut hidden: Option<(bool, char)> = None;
    // Keeps the stronger of two findings: a zero-width character beats a soft hyphen.
    let stronger = |old: Option<(bool, char)>, new: (bool, char)| match old {
        Some((z, e)) if z || !new.0 => (z, e),
        _ => new,
    };
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if is_invisible(c) {
            if start.is_some() {
                pending = Some(stronger(pending, (c != '\u{00AD}', c)));
            }
        } else if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            } else if let (Some(run), Some(prev)) = (pending, last) {
                if is_plain_alnum(prev) && is_plain_alnum(c) {
                    hidden = Some(stronger(hidden, run));
                }
            }
            pending = None;
            last = Some(c);
            end = i + c.len_utf8();
        } else {
            if let (Some(s), Some((zero_width, example))) = (start, hidden) {
                found.push(Affected { span: s..end, zero_width, example });
            }
            start = None;
            last = None;
            pending = None;
            hidden = None;
        }
    }
    found
}

/// The character's name in English and Chinese.
fn char_name(c: char) -> (&'static str, &'static str) {
    match c {
        '\u{200B}' => ("U+200B zero-width space", "U+200B 零宽空格"),
        '\u{200C}' => ("U+200C zero-width non-joiner", "U+200C 零宽非连接符"),
        '\u{200D}' => ("U+200D zero-width joiner", "U+200D 零宽连接符"),
        '\u{2060}' => ("U+2060 word joiner", "U+2060 词连接符"),
        '\u{FEFF}' => ("U+FEFF zero-width no-break space", "U+FEFF 零宽不换行空格"),
        _ => ("U+00AD soft hyphen", "U+00AD 软连字符"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_zero_width_inside_latin_words_only() {
        let w = affected_words("Our quo\u{200B}tation, fr\u{AD}ee and \u{200B}lead time");
        assert_eq!(w.len(), 2);
        assert!(w[0].zero_width && !w[1].zero_width);
        // Persian uses the non-joiner in correct spelling; an emoji sequence is not a word.
        assert!(affected_words("می\u{200C}خواهم 👨\u{200D}👩").is_empty());
        // A trailing invisible character is not inside a word, and nothing panics on edges.
        assert!(affected_words("word\u{200B} \u{FEFF}").is_empty());
    }

    #[test]
    fn one_report_per_word() {
        let w = affected_words("f\u{200B}r\u{200B}e\u{200B}e");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].span, 0.."f\u{200B}r\u{200B}e\u{200B}e".len());
    }
}
