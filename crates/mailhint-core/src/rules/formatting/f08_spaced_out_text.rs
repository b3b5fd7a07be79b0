//! F08 `spaced-out-text`: words written one letter at a time (`F R E E`, `S.A.L.E`, one letter per line).

use std::ops::Range;

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{shorten, Category, Hits, L10n, Rule};

/// F08.
pub(crate) static RULE: Rule = Rule {
    code: "F08",
    name: "spaced-out-text",
    category: Category::Formatting,
    severity: Severity::Medium,
    cap: None,
    summary: L10n { en: "Words are spelled out one letter at a time", zh: "有单词被拆成一个个字母书写" },
    fix: L10n {
        en: "Write words normally; letters separated by spaces, dots or line breaks look like filter evasion.",
        zh: "请正常书写单词；用空格、点号或换行把字母隔开，看起来像是在躲避过滤器。",
    },
    doc: doc! {
        en: r#"## What it does
Finds, in the body, five or more single letters in a row, each separated from the next by the
same kind of separator of one to three characters: spaces or line breaks (`F R E E  G I F T`,
one letter per line), or a punctuation mark with optional spaces (`S.A.L.E.S`, `f-r-e-e-b-i-e`).
One finding for the body, on the first such run, with the number of runs. Subjects are checked
by S10.

Refinements over the catalog, to keep ordinary text out:
- Commas, slashes, semicolons, `&` and `+` do not count as separators: `A, B, C, D, E` and
  `A/B/C/D/E` are lists of options or grades, not spaced-out words.
- Letters in alphabetical order (`A B C D E`, the dimension columns of a drawing pasted as a
  table) label things and do not count.
- Digits never count (`1 2 3 4 5` is a rating scale), and neither do Chinese, Japanese or Korean
  characters, which are words on their own.

## Why it matters
Spacing letters out keeps a word from matching keyword filters while the reader still reads it.
SpamAssassin scores text with many one-letter "words" (`TVD_SPACE_RATIO_MINFP`, 2.1) and HTML
padded with whitespace between letters (`GAPPY_HTML`, up to 4.0); the subject version is
`GAPPY_SUBJECT`.

## Example
`Order now and get a F R E E sample kit` with `S A M P L E` spelled out fires;
`Options A, B, C, D and E are in stock` does not.

## How to fix
Write the word normally. Use the editor's bold or a larger size if it must stand out.

## References
- SpamAssassin `TVD_SPACE_RATIO_MINFP` (eval `tvd_vertical_words`), `GAPPY_HTML`, `GAPPY_SUBJECT`
"#,
        zh: r#"## 检查什么
在正文中查找连续五个以上的单个字母，且每两个字母之间都用同一种分隔符隔开，分隔符长一到三个字符：
空格或换行（如 `F R E E  G I F T`，或每行一个字母），或者标点加可选的空格（如 `S.A.L.E.S`、`f-r-e-e-b-i-e`）。
正文只报告一条，标在第一处，并说明共有几处。主题由 S10 检查。

相对目录规则的改进，避免误报：
- 逗号、斜杠、分号、`&` 和 `+` 不算分隔符：`A, B, C, D, E` 和 `A/B/C/D/E` 是选项或等级列表，不是拆开的单词。
- 按字母表顺序排列的字母（如 `A B C D E`，粘贴成表格的图纸尺寸列）是标注用的，不计。
- 数字不计（`1 2 3 4 5` 是评分刻度），中文、日文、韩文字符也不计，因为它们本身就是独立的字词。

## 为什么重要
把字母拆开写，可以让单词匹配不到关键词过滤器，而读者仍然读得懂。SpamAssassin 对含大量单字母"单词"的文字计分
（`TVD_SPACE_RATIO_MINFP`，2.1 分），对字母之间塞满空白的 HTML 计分（`GAPPY_HTML`，最高 4.0 分）；主题中的同类规则是 `GAPPY_SUBJECT`。

## 示例
`Order now and get a F R E E sample kit` 中若把 `S A M P L E` 拆开写会触发；`Options A, B, C, D and E are in stock` 不会。

## 如何修改
正常书写单词。如需醒目，使用编辑器的加粗或加大字号。

## 参考
- SpamAssassin `TVD_SPACE_RATIO_MINFP`（eval `tvd_vertical_words`）、`GAPPY_HTML`、`GAPPY_SUBJECT`
"#,
    },
    check,
};

/// Points (catalog; SA `TVD_SPACE_RATIO_MINFP` 2.1).
const POINTS: f64 = 1.5;
/// Single letters in a row that make a spaced-out word.
const MIN_LETTERS: usize = 5;

fn check(a: &Analysis, out: &mut Hits) {
    let runs = spaced_runs(&a.body);
    let Some(first) = runs.first() else {
        return;
    };
    let run: String = a.body.get(first.clone()).unwrap_or("").chars().take(120).collect();
    let quoted = shorten(&run.split_whitespace().collect::<Vec<_>>().join(" "), 40);
    let (en, zh) = match runs.len() {
        1 => (format!("\"{quoted}\" is spelled out letter by letter"), format!("“{quoted}”被拆成了单个字母")),
        n => (
            format!("\"{quoted}\" and {} more run(s) are spelled out letter by letter", n - 1),
            format!("“{quoted}”等 {n} 处被拆成了单个字母"),
        ),
    };
    out.add(POINTS, Part::Body).at(first.clone()).say(en, zh);
}

/// Whether `c` can be a spelled-out letter: an alphabetic character of an alphabet (CJK
/// characters are words on their own).
fn is_letter(c: char) -> bool {
    c.is_alphabetic() && (c as u32) < 0x2E80
}

/// The kind of a separator between two tokens: `Some(None)` for white space only,
/// `Some(Some(p))` for one punctuation mark `p` (repeated or with spaces), `None` when it
/// cannot separate spelled-out letters.
fn separator_kind(sep: &str) -> Option<Option<char>> {
    let n = sep.chars().count();
    if n == 0 || n > 3 {
        return None;
    }
    let mut mark: Option<char> = None;
    for c in sep.chars() {
        if c.is_whitespace() {
            continue;
        }
        if matches!(c, ',' | '/' | ';' | '&' | '+') || c.is_alphanumeric() {
            return None;
        }
        match mark {
            Some(m) if m != c => return None,
            _ => mark = Some(c),
        }
    }
    Some(mark)
}

/// A run of spelled-out letters being built.
struct Run {
    start: usize,
    end: usize,
    letters: usize,
    /// The separator kind, once two letters are in.
    kind: Option<char>,
    /// The last letter, lowercased.
    last: char,
    /// Whether every letter follows the previous one in the alphabet (`A B C D E`).
    alphabetical: bool,
}

/// Runs of at least [`MIN_LETTERS`] single letters with the same kind of separator, except
/// alphabetical sequences, which label things (dimensions `A B C D E` of a drawing, options).
/// One linear pass over the tokens (maximal runs of letters and digits).
fn spaced_runs(text: &str) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut run: Option<Run> = None;
    let flush = |run: &mut Option<Run>, runs: &mut Vec<Range<usize>>| {
        if let Some(r) = run.take() {
            if r.letters >= MIN_LETTERS && !r.alphabetical {
                runs.push(r.start..r.end);
            }
        }
    };
    let mut prev_end: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        // A token: this character and the letters or digits after it.
        let mut end = i + c.len_utf8();
        let mut len = 1;
        while let Some(&(j, d)) = chars.peek() {
            if !d.is_alphanumeric() {
                break;
            }
            end = j + d.len_utf8();
            len += 1;
            chars.next();
        }
        let single = len == 1 && is_letter(c);
        if !single {
            flush(&mut run, &mut runs);
            prev_end = Some(end);
            continue;
        }
        let lower = c.to_lowercase().next().unwrap_or(c);
        let kind = prev_end.and_then(|p| text.get(p..i)).and_then(separator_kind);
        match (run.as_mut(), kind) {
            (Some(r), Some(k)) if r.letters == 1 || r.kind == k => {
                r.end = end;
                r.letters += 1;
                r.kind = k;
                r.alphabetical &= char::from_u32(r.last as u32 + 1) == Some(lower);
                r.last = lower;
            }
            _ => {
                flush(&mut run, &mut runs);
                run = Some(Run { start: i, end, letters: 1, kind: None, last: lower, alphabetical: true });
            }
        }
        prev_end = Some(end);
    }
    flush(&mut run, &mut runs);
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaced_dotted_and_vertical_letters() {
        assert_eq!(spaced_runs("get a F R E E  S A M P L E now").len(), 1);
        assert_eq!(spaced_runs("S.A.L.E.S today").len(), 1);
        assert_eq!(spaced_runs("F\nR\nE\nE\nS").len(), 1);
        assert!(spaced_runs("Options A, B, C, D and E; grades A/B/C/D/E; 1 2 3 4 5; U.S.A.").is_empty());
        assert!(spaced_runs("F.R E.E.S").is_empty());
        assert!(spaced_runs("DN\nA\nB\nC\nD\nE\n(mm)").is_empty());
    }
}
