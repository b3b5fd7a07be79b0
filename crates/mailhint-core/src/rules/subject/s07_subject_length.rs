//! S07 `subject-length`: the subject is too long or too short.

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

use super::shared;

/// S07.
pub(crate) static RULE: Rule = Rule {
    code: "S07",
    name: "subject-length",
    category: Category::Subject,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "The subject is too long or too short", zh: "主题过长或过短" },
    fix: L10n {
        en: "Keep the subject under ~60 characters (mobile shows 25–30) and make it specific.",
        zh: "主题请控制在 60 个字符左右以内（手机上只显示 25–30 个），并写得具体。",
    },
    doc: doc! {
        en: r#"## What it does
Measures the subject without its `Re:`/`Fwd:` prefixes. Over 200 characters costs 2.0; from 79
display columns up to 200 characters costs 0.3, since mail clients cut it off; under 3 columns
(but not empty, see S06) costs 0.5. Columns count a Chinese, Japanese or Korean character or a
full-width character as two, as mail clients display them, so a 40-character Chinese subject is
as long as an 80-letter English one, and `报价` (two characters, four columns) is not "too short".
The last two bands are left alone for a subject inherited from the thread (`Re:` in a real reply).

## Why it matters
Rspamd scores `LONG_SUBJ` (up to 3.0) for subjects over 200 characters, a trait of generated
spam. Below that, length is about being read: desktop clients show about 60 characters and
phones 25–30; Return Path found subjects of 49 characters or fewer got 75% more clicks in
acquisition mail. A subject of one or two letters says nothing and looks like a mistake.

## Example
`Hi` fires (too short); `Quotation for 200 IP65 LED high-bays, FOB Ningbo, lead time 25 days,
CE/RoHS certified, samples available` fires (cut off); `Quotation for 200 IP65 LED high-bays`
does not.

## How to fix
Put the most specific words first and stop at about 60 characters; details go in the body.

## References
- Rspamd `rules/subject_checks.lua` `LONG_SUBJ` (3.0 × min(1, length/400), over 200 characters)
- Return Path / Validity, "Subject line research: response goes down as the characters go up"
- MailerMailer subject-length study (1.2 billion emails, 2013); Boomerang (3–4 words best)
"#,
        zh: r#"## 检查什么
去掉 `Re:`/`Fwd:` 前缀后测量主题长度。超过 200 个字符计 2.0 分；从 79 个显示列到 200 个字符计 0.3 分（会被邮件客户端截断）；
少于 3 列（但不为空，空主题见 S06）计 0.5 分。计算列数时，中日韩文字和全角字符按两列算，与邮件客户端的显示一致：
40 个汉字的主题和 80 个英文字母一样长，而 `报价`（两个字、四列）不算“过短”。
真实回复中沿用对方的主题（带 `Re:`）时，后两档不检查。

## 为什么重要
Rspamd 对超过 200 个字符的主题计 `LONG_SUBJ`（最高 3.0 分），这是程序生成的垃圾邮件的特征。在此以下，长度关系到
邮件能否被读到：桌面客户端大约显示 60 个字符，手机只显示 25–30 个；Return Path 发现 49 个字符以内的主题在开发类邮件中
点击率高出 75%。只有一两个字母的主题什么也没说，看起来像是写错了。

## 示例
`Hi` 会触发（过短）；`Quotation for 200 IP65 LED high-bays, FOB Ningbo, lead time 25 days, CE/RoHS certified, samples available`
会触发（被截断）；`Quotation for 200 IP65 LED high-bays` 不会。

## 如何修改
把最具体的词放在最前面，控制在 60 个字符左右，细节写进正文。

## 参考
- Rspamd `rules/subject_checks.lua` `LONG_SUBJ`（3.0 × min(1, 长度/400)，超过 200 个字符）
- Return Path / Validity《主题行研究：字符越多，回应越少》
- MailerMailer 主题长度研究（2013 年，12 亿封邮件）；Boomerang（3–4 个词效果最好）
"#,
    },
    check,
};

/// Display columns from which mail clients cut the subject off.
const TRUNCATED_FROM: usize = 79;

fn check(a: &Analysis, out: &mut Hits) {
    let (start, own) = shared::own_part(&a.subject);
    if own.is_empty() {
        return;
    }
    let chars = own.chars().count();
    if chars > 200 {
        out.add(2.0, Part::Subject)
            .at(start..start + own.len())
            .say(format!("The subject is {chars} characters long"), format!("主题长达 {chars} 个字符"));
        return;
    }
    if shared::inherited(a) {
        return;
    }
    let columns: usize = own.chars().map(width).sum();
    if columns == 0 {
        // Only invisible characters: an empty subject, which S06 reports.
        return;
    }
    if columns >= TRUNCATED_FROM {
        // Point at the part that will not be shown: what follows the 78th column.
        let mut used = 0;
        let mut cut = own.len();
        for (i, c) in own.char_indices() {
            if used + width(c) >= TRUNCATED_FROM {
                cut = i;
                break;
            }
            used += width(c);
        }
        // Start the quote at the beginning of the word that is cut, so that it reads well.
        if let Some(space) = own[..cut].rfind(char::is_whitespace) {
            if own[cut..].chars().next().is_some_and(|c| !c.is_whitespace()) {
                cut = space + own[space..].chars().next().map_or(1, char::len_utf8);
            }
        }
        out.add(0.3, Part::Subject).at(start + cut..start + own.len()).say(
            format!("The subject is {chars} characters long; mail clients will cut off this part"),
            format!("主题有 {chars} 个字符，邮件客户端会截掉这一部分"),
        );
    } else if columns < 3 {
        out.add(0.5, Part::Subject).at(start..start + own.len()).say(
            format!("The subject '{own}' is too short to say anything"),
            format!("主题 “{own}” 太短，说明不了任何内容"),
        );
    }
}

/// The display width of `c`: two columns for East Asian wide and full-width characters (and
/// emoji), none for combining and invisible format characters, one otherwise.
fn width(c: char) -> usize {
    match c {
        '\u{0300}'..='\u{036F}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' => 0,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{303E}'
        | '\u{3041}'..='\u{33FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{A000}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{1F300}'..='\u{1F64F}'
        | '\u{1F900}'..='\u{1F9FF}'
        | '\u{20000}'..='\u{3FFFD}' => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counts_double() {
        assert_eq!("报价".chars().map(width).sum::<usize>(), 4);
        assert_eq!("Hi".chars().map(width).sum::<usize>(), 2);
    }
}
