//! S10 `subject-spaced-letters`: a word of the subject is spelt with its letters spaced or
//! dotted apart (`F.R.E.E`, `f-r-e-e`, `F R E E`).

use std::ops::Range;

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

use super::shared;

/// S10.
pub(crate) static RULE: Rule = Rule {
    code: "S10",
    name: "subject-spaced-letters",
    category: Category::Subject,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "A word of the subject is spelt with separated letters", zh: "主题中有单词被拆成了一个个字母"
    },
    fix: L10n {
        en: "Write words normally; spaced or dotted letters look like filter evasion.",
        zh: "单词请正常拼写；用空格或点隔开的字母看起来像在躲避过滤器。",
    },
    doc: doc! {
        en: r#"## What it does
Looks for four or more single letters in a row, each followed by the same separator written
once to three times: `F.R.E.E.`, `f-r-e-e`, `F R E E`, `S_A_L_E`, `c..h..e..a..p`. This is
SpamAssassin's `GAPPY_SUBJECT`, whose pattern needs a back-reference and is written here as
code. One change: SpamAssassin needs a separator after the last letter too, so it misses
`F.R.E.E` at the end of a subject; here the last letter may stand alone. Initials with spaces
(`J. R. Smith`) and short lists (`U.S.A.`, `S/M/L`) have fewer than four letters or mixed
separators and do not count. A subject inherited from a real reply is left alone.

## Why it matters
Breaking a word into letters is the oldest way to get a spam word past a filter that looks for
it, so filters look for the breaking instead: SpamAssassin scores `GAPPY_SUBJECT`, and
`GAPPY_HTML` / `TVD_SPACE_RATIO` up to 4.0 for the same trick in the body. Readers find it
hard to read and suspicious.

## Example
`F.R.E.E samples for LED panels` fires; `Free samples of our LED panels` does not (though S11
may note a subject starting with "Free").

## How to fix
Write the word normally. If the word was spelt out to avoid a filter, choose a different
wording rather than disguising it.

## References
- SpamAssassin `rules/20_head_tests.cf` `GAPPY_SUBJECT` `\b(?:[a-z]([-_. =~/:,*!@#$%^&+;"'<>\\])\1{0,2}){4}`
- SpamAssassin `GAPPY_HTML`, `TVD_SPACE_RATIO_MINFP` (the same trick in the body, see F08)
"#,
        zh: r#"## 检查什么
查找连续四个或以上的单个字母，且每个字母后面跟着同一个分隔符（重复 1 到 3 次），例如 `F.R.E.E.`、`f-r-e-e`、`F R E E`、
`S_A_L_E`、`c..h..e..a..p`。这就是 SpamAssassin 的 `GAPPY_SUBJECT`，其正则需要反向引用，这里用代码实现。
一处改动：SpamAssassin 要求最后一个字母后面也有分隔符，因此漏掉主题末尾的 `F.R.E.E`；这里最后一个字母可以单独出现。
带空格的姓名缩写（`J. R. Smith`）和短列表（`U.S.A.`、`S/M/L`）字母不足四个或分隔符不一致，不会触发。
真实回复中沿用的主题不检查。

## 为什么重要
把单词拆成字母是让垃圾词躲过关键词过滤的最老办法，所以过滤器转而检查这种拆分：SpamAssassin 会计 `GAPPY_SUBJECT`，
正文中的同类手法 `GAPPY_HTML`、`TVD_SPACE_RATIO` 最高计 4.0 分。收件人也会觉得难读、可疑。

## 示例
`F.R.E.E samples for LED panels` 会触发；`Free samples of our LED panels` 不会（不过 S11 可能会提示主题以 “Free” 开头）。

## 如何修改
正常拼写单词。如果当初拆开是为了躲避过滤器，请换一种说法，而不是把它伪装起来。

## 参考
- SpamAssassin `rules/20_head_tests.cf` `GAPPY_SUBJECT` `\b(?:[a-z]([-_. =~/:,*!@#$%^&+;"'<>\\])\1{0,2}){4}`
- SpamAssassin `GAPPY_HTML`、`TVD_SPACE_RATIO_MINFP`（正文中的同类手法，见 F08）
"#,
    },
    check,
};

/// The separators of `GAPPY_SUBJECT`.
const SEPARATORS: &str = "-_. =~/:,*!@#$%^&+;\"'<>\\";

fn check(a: &Analysis, out: &mut Hits) {
    if shared::inherited(a) {
        return;
    }
    if let Some(span) = gappy_run(&a.subject) {
        let quote = &a.subject[span.clone()];
        out.add(1.0, Part::Subject)
            .at(span)
            .say(format!("'{quote}' is spelt with separated letters"), format!("“{quote}” 被拆成了一个个字母"));
    }
}

/// The first run of at least four single ASCII letters, each followed by one separator written
/// one to three times (the last letter may also end the text or the word), starting at a word
/// boundary.
fn gappy_run(s: &str) -> Option<Range<usize>> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let char_at = |i: usize| chars.get(i).map(|&(_, c)| c);
    // A letter "stands alone" when no letter or digit follows it (`_` is a separator here).
    let alone = |i: usize| {
        char_at(i).is_some_and(|c| c.is_ascii_alphabetic()) && char_at(i + 1).is_none_or(|c| !c.is_alphanumeric())
    };
    for i in 0..chars.len() {
        let at_boundary = i == 0 || char_at(i - 1).is_some_and(|c| !c.is_alphanumeric() && c != '_');
        if !at_boundary || !alone(i) {
            continue;
        }
        let (mut j, mut letters) = (i, 0);
        loop {
            letters += 1;
            let Some(sep) = char_at(j + 1).filter(|&c| SEPARATORS.contains(c)) else {
                break;
            };
            let mut k = j + 1;
            while char_at(k) == Some(sep) {
                k += 1;
            }
            if k - (j + 1) > 3 || !alone(k) {
                break;
            }
            j = k;
        }
        if letters >= 4 {
            return Some(chars[i].0..chars[j].0 + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> Option<&str> {
        gappy_run(s).map(|r| &s[r])
    }

    #[test]
    fn spaced_words_are_found() {
        assert_eq!(run("F.R.E.E samples"), Some("F.R.E.E"));
        assert_eq!(run("Get F R E E samples"), Some("F R E E"));
        assert_eq!(run("f-r-e-e-"), Some("f-r-e-e"));
        assert_eq!(run("c..h..e..a..p"), Some("c..h..e..a..p"));
        assert_eq!(run("S_A_L_E now"), Some("S_A_L_E"));
    }

    #[test]
    fn ordinary_subjects_pass() {
        for s in ["J. R. R. Smith", "U.S.A. market", "Sizes S/M/L/XL", "a....b....c....d", "Plan a b c", "I am a buyer"]
        {
            assert_eq!(run(s), None, "{s}");
        }
        assert_eq!(run("a.b.cdog"), None);
        // As in SpamAssassin, four separated letters before a word still count.
        assert_eq!(run("x.a.b.c.dog"), Some("x.a.b.c"));
    }
}
