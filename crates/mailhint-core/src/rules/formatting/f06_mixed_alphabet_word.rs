//! F06 `mixed-alphabet-word`: look-alike letters from another alphabet inside words.

use std::ops::Range;

use unicode_script::{Script, UnicodeScript};

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{shorten, Category, Hits, L10n, Rule};

/// F06.
pub(crate) static RULE: Rule = Rule {
    code: "F06",
    name: "mixed-alphabet-word",
    category: Category::Formatting,
    severity: Severity::High,
    cap: None,
    summary: L10n {
        en: "Some words mix letters from different alphabets",
        zh: "有单词混用了不同字母表的字母",
    },
    fix: L10n {
        en: "Some letters are from another alphabet (e.g. Cyrillic 'е'); retype the word with your normal keyboard layout.",
        zh: "部分字母来自其他字母表（例如西里尔字母“е”），请切换到正常键盘布局重新输入该单词。",
    },
    doc: doc! {
        en: r#"## What it does
Looks at every word of the subject and the body and flags two kinds of look-alike letters:

- **Mixed-alphabet words** (2.5): a word written mostly in one of the Latin, Cyrillic and
  Greek alphabets that contains a letter of another one which looks like a letter of the first
  (Cyrillic `а е о р с х`, Greek `ο ν Α Β Ε`, or Latin letters inside a Cyrillic word).
- **Too many look-alike e's** (2.5): more than 20 ASCII `e` in the body, and other letters that
  look like `e` (`é è ê ë ē ė ę ě`, Cyrillic `е ё є`…) number more than 40 % of them, as in
  SpamAssassin's `MIXED_ES` (which counts the `e`s together with their look-alikes: 1.4× to 10×).

One finding per kind, on the first word, with the number of words.

Refinements over the catalog, to keep ordinary text out:
- A foreign letter that looks like no letter of the word's main alphabet does not count, so
  engineering units and symbols such as `kΩ`, `μm` or `ΔT` pass.
- The `e` count skips texts that use other accented letters too (French `à ç ô`, Czech `ř š`,
  Polish `ą ł`…): real languages with many accented `e`s always have them, while text salted
  with fake `e`s does not.
- When mixed-alphabet words are found, the `e` count is not reported again for the same letters.

## Why it matters
Replacing a Latin letter with an identical-looking Cyrillic or Greek one hides words from
keyword filters while the reader sees nothing unusual. SpamAssassin scores Cyrillic
look-alikes in Latin words (`UNICODE_OBFU_ASC`, 2.5) and salted `e`s (`MIXED_ES`, 2.4); Rspamd's
`R_MIXED_CHARSET` adds 5.0. Honest text gets such letters from a keyboard left on the Russian
or Greek layout.

## Example
`Please see our new c` + Cyrillic `а` + `talogue` fires; `Please see our new catalogue` and
`resistor 10 kΩ` do not.

## How to fix
Switch the keyboard back to the Latin layout and retype the word.

## References
- SpamAssassin `rulesrc/sandbox/jhardin/20_misc_testing.cf` `UNICODE_OBFU_ASC`
- SpamAssassin `rulesrc/sandbox/billcole/24_mixed_es.cf` `MIXED_ES`
- Rspamd `conf/scores.d/headers_group.conf` `R_MIXED_CHARSET` (5.0)
- Unicode Technical Standard #39 (Unicode Security Mechanisms), confusable characters
"#,
        zh: r#"## 检查什么
逐个检查主题和正文中的单词，找出两类"形近字母"：

- **混用字母表的单词**（2.5 分）：单词主要由拉丁、西里尔或希腊字母中的一种写成，却夹有另一种字母表中长得一模一样的字母
  （如西里尔字母 `а е о р с х`、希腊字母 `ο ν Α Β Ε`，或西里尔单词中夹着拉丁字母）。
- **形似 e 的字母过多**（2.5 分）：正文中 ASCII 字母 `e` 超过 20 个，而形似 `e` 的其他字母（`é è ê ë ē ė ę ě`、西里尔字母
  `е ё є` 等）的数量超过 `e` 的 40%，与 SpamAssassin 的 `MIXED_ES` 相同（该规则把 `e` 和形似字母合计，为 `e` 的 1.4 到 10 倍）。

每类只报告一条，标在第一个单词上，并说明涉及多少个单词。

在目录规则的基础上做了以下改进，避免误报：
- 外来字母如果与该单词主字母表中的任何字母都不像，就不计入，因此 `kΩ`、`μm`、`ΔT` 等工程单位和符号不会触发。
- 如果文中还使用了其他带重音的字母（法语 `à ç ô`、捷克语 `ř š`、波兰语 `ą ł` 等），就不做 `e` 的计数：真正大量使用带重音
  `e` 的语言一定也会用到这些字母，而故意掺入假 `e` 的文字则没有。
- 已经发现混用字母表的单词时，不再就同样的字母重复报告 `e` 的计数。

## 为什么重要
把拉丁字母换成外观相同的西里尔或希腊字母，可以让关键词过滤器认不出单词，而读者毫无察觉。SpamAssassin 对拉丁单词中的西里尔形近字母计 2.5 分
（`UNICODE_OBFU_ASC`），对掺入的假 `e` 计 2.4 分（`MIXED_ES`）；Rspamd 的 `R_MIXED_CHARSET` 计 5.0 分。正常发件人通常是键盘还停留在俄语或希腊语布局时打出来的。

## 示例
`Please see our new c` + 西里尔字母 `а` + `talogue` 会触发；`Please see our new catalogue` 和 `resistor 10 kΩ` 不会。

## 如何修改
把键盘切换回英文（拉丁）布局，重新输入该单词。

## 参考
- SpamAssassin `rulesrc/sandbox/jhardin/20_misc_testing.cf` `UNICODE_OBFU_ASC`
- SpamAssassin `rulesrc/sandbox/billcole/24_mixed_es.cf` `MIXED_ES`
- Rspamd `conf/scores.d/headers_group.conf` `R_MIXED_CHARSET`（5.0 分）
- Unicode 技术标准第 39 号（Unicode 安全机制）中的易混淆字符
"#,
    },
    check,
};

/// Points for a mixed-alphabet word (SA `UNICODE_OBFU_ASC` 2.5).
const MIXED_POINTS: f64 = 2.5;
/// Points for salted `e`s (SA `MIXED_ES` 2.4–2.5).
const ES_POINTS: f64 = 2.5;

fn check(a: &Analysis, out: &mut Hits) {
    let in_subject = mixed_words(&a.subject);
    let in_body = mixed_words(&a.body);
    let total = in_subject.len() + in_body.len();
    let first = in_subject
        .first()
        .map(|w| (Part::Subject, &a.subject, w))
        .or_else(|| in_body.first().map(|w| (Part::Body, &a.body, w)));
    if let Some((part, text, word)) = first {
        let quoted = shorten(text.get(word.span.clone()).unwrap_or(""), 40);
        let (en_script, zh_script) = script_name(word.foreign);
        let en = match total {
            1 => format!("\"{quoted}\" contains a look-alike {en_script} letter '{}'", word.letter),
            n => format!(
                "\"{quoted}\" and {} more word(s) contain look-alike letters (here {en_script} '{}')",
                n - 1,
                word.letter
            ),
        };
        let zh = match total {
            1 => format!("“{quoted}”中有形近的{zh_script}字母“{}”", word.letter),
            n => format!("“{quoted}”等 {n} 个单词中有形近的外文字母（此处为{zh_script}字母“{}”）", word.letter),
        };
        out.add(MIXED_POINTS, part).at(word.span.clone()).say(en, zh);
        return;
    }
    if let Some(salted) = salted_es(&a.body) {
        let quoted = shorten(a.body.get(salted.first.clone()).unwrap_or(""), 40);
        out.add(ES_POINTS, Part::Body).at(salted.first.clone()).say(
            format!(
                "{} of {} e-like letters are not a plain 'e' (first in \"{quoted}\")",
                salted.lookalikes,
                salted.lookalikes + salted.plain
            ),
            format!(
                "{} 个形似 e 的字母中有 {} 个不是普通的“e”（第一个在“{quoted}”中）",
                salted.lookalikes + salted.plain,
                salted.lookalikes
            ),
        );
    }
}

/// A word with a look-alike letter from another alphabet.
struct Mixed {
    span: Range<usize>,
    /// The first look-alike letter.
    letter: char,
    /// Its alphabet.
    foreign: Script,
}

/// The alphabets the rule compares.
fn alphabet(c: char) -> Option<Script> {
    match c.script() {
        s @ (Script::Latin | Script::Cyrillic | Script::Greek) => Some(s),
        _ => None,
    }
}

/// Whether `c`, a letter of `its` alphabet, looks like a letter of the `main` alphabet
/// (UTS #39 confusables, the common ones).
fn looks_like(c: char, its: Script, main: Script) -> bool {
    match (its, main) {
        (Script::Cyrillic, Script::Latin) => "аеорсухіјѕԁһӏԛԝүАВЕКМНОРСТХІЈЅҮԚԜ".contains(c),
        (Script::Greek, Script::Latin) => "οναικρυϲϳΑΒΕΖΗΙΚΜΝΟΡΤΥΧ".contains(c),
        (Script::Latin, Script::Cyrillic) => "aceopxyijsABCEHKMOPTXY".contains(c),
        (Script::Latin, Script::Greek) => "ovikpuABEZHIKMNOPTYX".contains(c),
        (Script::Cyrillic, Script::Greek) | (Script::Greek, Script::Cyrillic) => "οΟоОАΑВΒЕΕКΚМΜНΗРΡСТΤХΧ".contains(c),
        _ => false,
    }
}

/// Words (runs of letters) whose minority-alphabet letters include a look-alike of the main
/// alphabet. Linear: one pass over the words, one over each word's letters.
fn mixed_words(text: &str) -> Vec<Mixed> {
    let mut found = Vec::new();
    for span in letter_runs(text) {
        let word = &text[span.clone()];
        let (mut latin, mut cyrillic, mut greek) = (0usize, 0usize, 0usize);
        for c in word.chars() {
            match alphabet(c) {
                Some(Script::Latin) => latin += 1,
                Some(Script::Cyrillic) => cyrillic += 1,
                Some(Script::Greek) => greek += 1,
                _ => {}
            }
        }
        if [latin, cyrillic, greek].iter().filter(|&&n| n > 0).count() < 2 {
            continue;
        }
        // Ties go to Latin, the alphabet of the mail's usual language.
        let main = if latin >= cyrillic && latin >= greek {
            Script::Latin
        } else if cyrillic >= greek {
            Script::Cyrillic
        } else {
            Script::Greek
        };
        let lookalike =
            word.chars().find_map(|c| alphabet(c).filter(|&s| s != main && looks_like(c, s, main)).map(|s| (c, s)));
        if let Some((letter, foreign)) = lookalike {
            found.push(Mixed { span, letter, foreign });
        }
    }
    found
}

/// Byte ranges of the runs of letters in `text`.
fn letter_runs(text: &str) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push(s..text.len());
    }
    runs
}

/// Letters that look like a lowercase `e` (SA `MIXED_ES`'s list).
const E_LOOKALIKES: &str = "éèêëēĕėęěȅȇϵеѐёєҽҿӧ";

/// The `MIXED_ES` count.
struct Salted {
    plain: usize,
    lookalikes: usize,
    /// The first word with a look-alike `e`.
    first: Range<usize>,
}

/// SA `MIXED_ES`: more than 20 `e`, and look-alikes between 0.4× and 9× their number (the
/// rule's 1.4×–10× counts the `e`s among the look-alikes), in a text that uses no other
/// accented letters to speak of.
fn salted_es(text: &str) -> Option<Salted> {
    let (mut plain, mut lookalikes, mut other_accents) = (0usize, 0usize, 0usize);
    let mut first: Option<Range<usize>> = None;
    for span in letter_runs(text) {
        let word = &text[span.clone()];
        // Only words written mainly in Latin letters count: a Russian paragraph's own `е`s
        // are not look-alikes.
        let latin = word.chars().filter(|c| c.script() == Script::Latin).count();
        if latin * 2 < word.chars().count() {
            continue;
        }
        for c in word.chars() {
            if c == 'e' {
                plain += 1;
            } else if E_LOOKALIKES.contains(c) {
                lookalikes += 1;
                first.get_or_insert_with(|| span.clone());
            } else if !c.is_ascii() && c.script() == Script::Latin {
                other_accents += 1;
            }
        }
    }
    let salted = plain > 20 && lookalikes * 10 > plain * 4 && lookalikes < plain * 9 && other_accents * 10 < lookalikes;
    let first = first.filter(|_| salted)?;
    Some(Salted { plain, lookalikes, first })
}

/// The alphabet's name in English and Chinese.
fn script_name(s: Script) -> (&'static str, &'static str) {
    match s {
        Script::Cyrillic => ("Cyrillic", "西里尔"),
        Script::Greek => ("Greek", "希腊"),
        _ => ("Latin", "拉丁"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_lookalike_in_latin_word() {
        let w = mixed_words("our new cаtalogue and 10 kΩ, 5 μm, ΔT");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].letter, 'а');
    }

    #[test]
    fn salted_es_but_not_french() {
        let spam = "Wé offér thé bést pricés for thé finést goods, plé sé sée thé tréés. ".repeat(3) + &"e".repeat(0);
        let spam = spam.replace("goods", "gooeeeeeeeeeeeeeeeeeeeeeds");
        assert!(salted_es(&spam).is_some());
        let french =
            "Nous vous présentons notre catalogue général; les échantillons sont gratuits et la livraison à Genève "
                .repeat(3);
        assert!(salted_es(&french).is_none());
    }
}
