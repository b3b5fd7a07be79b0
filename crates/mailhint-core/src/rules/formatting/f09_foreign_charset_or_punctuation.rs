//! F09 `foreign-charset-or-punctuation`: Chinese punctuation, stray Chinese characters or a
//! Chinese charset in a draft written in English (or another Latin-script language).

use std::ops::Range;

use crate::analysis::{is_han, Analysis};
use crate::report::{Part, Severity};
use crate::rules::{shorten, Category, Hits, L10n, Rule};

/// F09.
pub(crate) static RULE: Rule = Rule {
    code: "F09",
    name: "foreign-charset-or-punctuation",
    category: Category::Formatting,
    severity: Severity::Info,
    cap: None,
    summary: L10n {
        en: "Chinese punctuation, characters or charset in an English message",
        zh: "英文邮件中出现了中文标点、汉字或中文字符集",
    },
    fix: L10n {
        en: "Use English punctuation (switch the input method to English) and send the message as UTF-8.",
        zh: "请使用英文标点（把输入法切换到英文状态），并以 UTF-8 编码发送邮件。",
    },
    doc: doc! {
        en: r#"## What it does
In a draft whose letters are at least 80 % Latin, looks for three things:

- **Chinese / fullwidth punctuation** (0.3) in the subject or the body: `，。！？：；（）、【】《》「」`,
  the ideographic space and the other fullwidth forms of ASCII punctuation. Marks next to a Chinese
  character (a Chinese company name or address in the signature) are left alone.
- **Stray Chinese characters** (0.3): Chinese characters on a line that is otherwise English
  (at least four English words, and three times as many English words as Chinese characters),
  the trace of an input method left in Chinese mode. A Chinese name or company name on its own
  signature line is left alone.
- **A Chinese charset** (1.0): the pasted HTML declares, or the message's `Content-Type` header
  says, GB2312, GBK, GB18030 or Big5 (and their aliases), while the text is not mainly Chinese.

Refinement over the catalog: the curly quotes `“ ”` of the catalog's list are ordinary English
typography (word processors insert them) and are not flagged.

## Why it matters
Receivers that accept only some languages (SpamAssassin's `ok_locales`) score mail in a faraway
charset heavily: `CHARSET_FARAWAY` 3.2, `MIME_CHARSET_FARAWAY` 2.45. Fullwidth punctuation and
stray Chinese characters are not scored by filters as such, but readers abroad see them as
sloppy, and in a legacy charset they can turn into question marks or boxes.

## Example
`Dear Maria，please find our quotation attached。` fires; `Dear Maria, please find our
quotation attached.` with the signature line `宁波某某照明有限公司（中国）` does not.

## How to fix
Switch the input method to English mode (Shift on most Chinese IMEs) while writing English, and
set the mail client to send UTF-8 ("Unicode (UTF-8)" in the encoding settings).

## References
- SpamAssassin `CHARSET_FARAWAY`, `MIME_CHARSET_FARAWAY`, `HTML_CHARSET_FARAWAY`, `CHARSET_FARAWAY_HEADER` (`ok_locales`)
- Unicode blocks "CJK Symbols and Punctuation" (U+3000–U+303F) and "Halfwidth and Fullwidth Forms" (U+FF00–U+FFEF)
"#,
        zh: r#"## 检查什么
在拉丁字母占全部字母 80% 以上的邮件中，检查三件事：

- **中文/全角标点**（0.3 分）：主题或正文中的 `，。！？：；（）、【】《》「」`、全角空格以及其他全角形式的 ASCII 标点。
  紧挨着汉字的标点（例如签名中的中文公司名或地址）不计。
- **零星的汉字**（0.3 分）：在一行英文中夹着汉字（该行至少有四个英文单词，且英文单词数至少是汉字数的三倍），通常是输入法忘了切换留下的。
  签名中单独一行的中文姓名或公司名不计。
- **中文字符集**（1.0 分）：粘贴的 HTML 声明了、或邮件的 `Content-Type` 头写明了 GB2312、GBK、GB18030 或 Big5（及其别名），
  而正文并非以中文为主。

相对目录规则的改进：目录列表中的弯引号 `“ ”` 是正常的英文排版符号（文字处理软件会自动插入），不计。

## 为什么重要
只接受部分语言的收件服务器（SpamAssassin 的 `ok_locales` 设置）会对"遥远"字符集的邮件重罚：`CHARSET_FARAWAY` 3.2 分，
`MIME_CHARSET_FARAWAY` 2.45 分。全角标点和零星汉字本身不会被过滤器计分，但国外读者会觉得不专业；在旧字符集下，它们还可能变成问号或方框。

## 示例
`Dear Maria，please find our quotation attached。` 会触发；`Dear Maria, please find our quotation attached.`
加上签名行 `宁波某某照明有限公司（中国）` 不会。

## 如何修改
写英文时把输入法切换到英文状态（大多数中文输入法按 Shift 即可），并把邮件客户端的发送编码设为 UTF-8（编码设置中的"Unicode (UTF-8)"）。

## 参考
- SpamAssassin `CHARSET_FARAWAY`、`MIME_CHARSET_FARAWAY`、`HTML_CHARSET_FARAWAY`、`CHARSET_FARAWAY_HEADER`（`ok_locales`）
- Unicode 区块"中日韩符号和标点"（U+3000–U+303F）与"半角及全角字符"（U+FF00–U+FFEF）
"#,
    },
    check,
};

/// Points for punctuation and for stray characters (catalog).
const TEXT_POINTS: f64 = 0.3;
/// Points for a Chinese charset (catalog; SA `CHARSET_FARAWAY` 3.2 on `ok_locales` receivers).
const CHARSET_POINTS: f64 = 1.0;

fn check(a: &Analysis, out: &mut Hits) {
    if latin_share(a) >= 0.8 {
        punctuation(a, out);
        stray_han(a, out);
    }
    if a.han_share() < 0.3 {
        charset(a, out);
    }
}

/// The share of Latin letters among the letters of the subject and body.
fn latin_share(a: &Analysis) -> f64 {
    let (mut latin, mut letters) = (0usize, 0usize);
    for c in a.subject.chars().chain(a.body.chars()).filter(|c| c.is_alphabetic()) {
        letters += 1;
        if c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) {
            latin += 1;
        }
    }
    if letters == 0 {
        0.0
    } else {
        latin as f64 / letters as f64
    }
}

/// Whether `c` is Chinese or fullwidth punctuation.
fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}' | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}')
}

/// The ASCII mark to use instead of `c`.
fn ascii_for(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '、' => ',',
        '。' | '｡' => '.',
        '〈' | '《' | '「' | '『' | '〔' | '【' | '〖' | '〘' | '〚' => '(',
        '〉' | '》' | '」' | '』' | '〕' | '】' | '〗' | '〙' | '〛' => ')',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => '"',
    }
}

/// Fullwidth marks of `text` that are not next to a Chinese character. Linear: marks wait in
/// `pending` until the next character that is neither white space nor a mark decides them.
fn foreign_marks(text: &str) -> Vec<(Range<usize>, char)> {
    let mut found = Vec::new();
    let mut prev_han = false; // whether the last character that is not white space nor a mark is Chinese
    let mut pending: Vec<(Range<usize>, char)> = Vec::new();
    for (i, c) in text.char_indices() {
        if is_cjk_punct(c) {
            if !prev_han {
                pending.push((i..i + c.len_utf8(), c));
            }
        } else if !c.is_whitespace() {
            prev_han = is_han(c);
            if !prev_han {
                found.append(&mut pending);
            }
            pending.clear();
        }
    }
    found.append(&mut pending);
    found
}

fn punctuation(a: &Analysis, out: &mut Hits) {
    let in_subject = foreign_marks(&a.subject);
    let in_body = foreign_marks(&a.body);
    let total = in_subject.len() + in_body.len();
    let first = in_subject.first().map(|m| (Part::Subject, m)).or_else(|| in_body.first().map(|m| (Part::Body, m)));
    let Some((part, (span, mark))) = first else {
        return;
    };
    let ascii = ascii_for(*mark);
    let (en, zh) = match total {
        1 => (
            format!("Chinese punctuation '{mark}': use '{ascii}'"),
            format!("中文标点“{mark}”：请改用英文标点“{ascii}”"),
        ),
        n => (
            format!("Chinese punctuation '{mark}' (use '{ascii}') and {} more", n - 1),
            format!("共 {n} 处中文标点，例如“{mark}”（请改用“{ascii}”）"),
        ),
    };
    out.add(TEXT_POINTS, part).at(span.clone()).say(en, zh);
}

/// Runs of Chinese characters on lines that are otherwise English.
fn stray_runs(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        let han = line.chars().filter(|&c| is_han(c)).count();
        if han > 0 {
            let english = line.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty()).count();
            if english >= 4 && english >= 3 * han {
                let mut run: Option<Range<usize>> = None;
                for (i, c) in line.char_indices() {
                    if is_han(c) {
                        let end = offset + i + c.len_utf8();
                        run = Some(run.map_or(offset + i..end, |r| r.start..end));
                    } else if let Some(r) = run.take() {
                        found.push(r);
                    }
                }
                found.extend(run);
            }
        }
        offset += line.len() + 1;
    }
    found
}

fn stray_han(a: &Analysis, out: &mut Hits) {
    let in_subject = stray_runs(&a.subject);
    let in_body = stray_runs(&a.body);
    let total = in_subject.len() + in_body.len();
    let first = in_subject
        .first()
        .map(|r| (Part::Subject, &a.subject, r))
        .or_else(|| in_body.first().map(|r| (Part::Body, &a.body, r)));
    let Some((part, text, span)) = first else {
        return;
    };
    let quoted = shorten(text.get(span.clone()).unwrap_or(""), 40);
    let (en, zh) = match total {
        1 => {
            (format!("Stray Chinese text \"{quoted}\" in an English sentence"), format!("英文句子中夹有汉字“{quoted}”"))
        }
        n => (
            format!("Stray Chinese text \"{quoted}\" and {} more in English sentences", n - 1),
            format!("英文句子中共有 {n} 处夹有汉字，例如“{quoted}”"),
        ),
    };
    out.add(TEXT_POINTS, part).at(span.clone()).say(en, zh);
}

/// Charset names of the GB and Big5 families.
fn is_chinese_charset(name: &str) -> bool {
    let n = name.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
    matches!(
        n.as_str(),
        "gb2312"
            | "gbk"
            | "gb18030"
            | "x-gbk"
            | "cp936"
            | "ms936"
            | "windows-936"
            | "euc-cn"
            | "x-euc-cn"
            | "csgb2312"
            | "hz-gb-2312"
            | "big5"
            | "big5-hkscs"
            | "x-big5"
            | "cp950"
            | "ms950"
            | "csbig5"
            | "x-euc-tw"
            | "gb_2312-80"
    )
}

/// The `charset` parameter of a `Content-Type` value.
fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("charset").then_some(v.trim())
    })
}

fn charset(a: &Analysis, out: &mut Hits) {
    let declared = a
        .html
        .as_ref()
        .and_then(|h| h.stats.meta_charset.as_deref())
        .filter(|c| is_chinese_charset(c))
        .map(|c| (c, "HTML"));
    let header = || {
        a.draft
            .header("Content-Type")
            .and_then(charset_param)
            .filter(|c| is_chinese_charset(c))
            .map(|c| (c, "Content-Type"))
    };
    let Some((name, place)) = declared.or_else(header) else {
        return;
    };
    let name = name.trim_matches(['"', '\'']).to_ascii_uppercase();
    let (en, zh) = if place == "HTML" {
        (format!("The HTML declares the Chinese charset {name}"), format!("HTML 中声明了中文字符集 {name}"))
    } else {
        (format!("The message is sent in the Chinese charset {name}"), format!("邮件以中文字符集 {name} 发送"))
    };
    out.add(CHARSET_POINTS, Part::Headers).say(en, zh);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_next_to_chinese_are_fine() {
        assert_eq!(foreign_marks("Dear Maria，please see。").len(), 2);
        assert!(foreign_marks("宁波某某照明有限公司（中国）").is_empty());
        assert_eq!(ascii_for('，'), ',');
    }

    #[test]
    fn stray_characters_only_in_english_lines() {
        assert_eq!(stray_runs("Dear Maria, 好的 thanks for your inquiry today").len(), 1);
        assert!(stray_runs("Lily Chen 陈丽\nNingbo X Lighting Co., Ltd. 宁波某某照明有限公司").is_empty());
    }
}
