//! F02 `shouting-words`: several ordinary words of the body are written in capitals.

use std::collections::HashSet;
use std::ops::Range;

use crate::analysis::Analysis;
use crate::lexicon;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// F02.
pub(crate) static RULE: Rule = Rule {
    code: "F02",
    name: "shouting-words",
    category: Category::Formatting,
    severity: Severity::Low,
    cap: None,
    summary: L10n {
        en: "Several words of the body are written in capitals", zh: "正文中有多个单词全部大写"
    },
    fix: L10n {
        en: "Use bold sparingly instead of capitals; keep capitals for real acronyms (FOB, MOQ, ISO).",
        zh: "需要强调时少量使用加粗，不要用全大写；只有 FOB、MOQ、ISO 这类缩写才用大写。",
    },
    doc: doc! {
        en: r#"## What it does
Counts ordinary words of four letters or more written entirely in capitals (`BEST`, `PRICE`,
`FACTORY`), leaving out trade and business acronyms (FOB, MOQ, OEM, ISO, LED, ROHS…). It fires
when there are at least 3 such words and at least 3 per 100 words of the body, for 0.5 points
in all, shared among the words it underlines.

To spare ordinary signatures and specifications, words in e-mail and web addresses are skipped,
so is a line that ends with a company's legal form (`NINGBO XINGDA LIGHTING CO., LTD.`), since
Chinese company names are customarily written in capitals, and so is a field label at the start
of a line (`MODEL:`, `IP RATING:`), as pasted from a specification sheet.

## Why it matters
Capitals read as shouting. Mailmeteor's formatting advice and the rationale of SpamAssassin's
uppercase rules agree that they make a mail look like an advertisement; a few shouted words in
a short mail are enough for a reader to stop trusting it.

## Example
`We offer BEST QUALITY and CHEAPEST PRICE, please CONTACT us` fires; `We offer IP65 LED
high-bays, FOB Ningbo, MOQ 200` does not.

## How to fix
Write the words in normal case. If one point must stand out, make it bold once.

## References
- Mailmeteor, "Spam words" (formatting section): avoid writing in capitals
- SpamAssassin `rules/20_meta_tests.cf` `UPPERCASE_50_75` / `UPPERCASE_75_100` (the same signal
  measured over the whole body, see F01)
"#,
        zh: r#"## 检查什么
统计正文中全部大写、且不少于四个字母的普通单词（如 `BEST`、`PRICE`、`FACTORY`），贸易和商务缩写（FOB、MOQ、OEM、ISO、LED、ROHS 等）不计入。
这类单词至少 3 个、且每 100 个词中至少 3 个时触发，共计 0.5 分，分摊到被标出的各个单词上。

为避免误判正常的签名和规格参数：邮箱地址和网址中的单词不计入；以公司法律形式结尾的行（如 `NINGBO XINGDA LIGHTING CO., LTD.`）不计入——中国公司名称习惯用大写书写，这不算"喊叫"；
行首的字段名（如从规格书粘贴来的 `MODEL:`、`IP RATING:`）也不计入。

## 为什么重要
全大写的单词读起来像在大喊。Mailmeteor 的格式建议和 SpamAssassin 大写规则的设计思路都认为，这会让邮件看起来像广告；在一封短邮件里出现几个大写单词，就足以让收件人失去信任。

## 示例
`We offer BEST QUALITY and CHEAPEST PRICE, please CONTACT us` 会触发；`We offer IP65 LED high-bays, FOB Ningbo, MOQ 200` 不会。

## 如何修改
把这些单词改成正常大小写。确实需要突出的一点，用一次加粗即可。

## 参考
- Mailmeteor《Spam words》格式部分：避免使用全大写
- SpamAssassin `rules/20_meta_tests.cf` `UPPERCASE_50_75` / `UPPERCASE_75_100`（对整个正文统计的同类信号，见 F01）
"#,
    },
    check,
};

/// The rule's points, shared among the words it underlines.
const POINTS: f64 = 0.5;
/// Distinct words underlined at most: past a few, more underlines do not help the writer.
const MAX_MARKS: usize = 10;

fn check(a: &Analysis, out: &mut Hits) {
    let total_words = a.body_words().len();
    if total_words == 0 {
        return;
    }
    let mut shouted: Vec<Range<usize>> = Vec::new();
    let mut offset = 0usize;
    for line in a.body.split('\n') {
        let start = offset;
        offset += line.len() + 1;
        if is_company_line(line) {
            continue;
        }
        let label_end = field_label_len(line);
        shouted.extend(
            shouted_words(line).into_iter().filter(|r| r.start >= label_end).map(|r| start + r.start..start + r.end),
        );
    }
    let count = shouted.len();
    if count < 3 || count * 100 < 3 * total_words {
        return;
    }
    // Underline each distinct word once; the rule's points are shared among them.
    let mut seen = HashSet::new();
    shouted.retain(|r| seen.insert(&a.body[r.clone()]));
    shouted.truncate(MAX_MARKS);
    let each = POINTS / shouted.len() as f64;
    for span in shouted {
        let word = &a.body[span.clone()];
        out.add(each, Part::Body).at(span.clone()).say(
            format!("“{word}” is written in capitals ({count} such words in the body)"),
            format!("“{word}”全部大写（正文中共有 {count} 个这样的单词）"),
        );
    }
}

/// Byte ranges, in `line`, of non-acronym words of four or more capital letters, outside
/// e-mail and web addresses.
fn shouted_words(line: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut chunk_start: Option<usize> = None;
    // Split into whitespace-separated chunks first, so that whole addresses can be skipped.
    for (i, c) in line.char_indices().chain(std::iter::once((line.len(), ' '))) {
        if c.is_whitespace() {
            if let Some(s) = chunk_start.take() {
                let chunk = &line[s..i];
                if !is_address(chunk) {
                    found.extend(capital_words(chunk).map(|r| s + r.start..s + r.end));
                }
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    found
}

/// Whether a chunk is an e-mail or web address.
fn is_address(chunk: &str) -> bool {
    let lower = chunk.to_ascii_lowercase();
    chunk.contains('@') || lower.contains("://") || lower.starts_with("www.")
}

/// The capital-letter words of a chunk (ASCII letters only; words with digits are model
/// numbers, not shouting).
fn capital_words(chunk: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in chunk.char_indices().chain(std::iter::once((chunk.len(), ' '))) {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            words.push(s..i);
        }
    }
    words.into_iter().filter(move |r| {
        let w = &chunk[r.clone()];
        w.len() >= 4 && w.bytes().all(|b| b.is_ascii_uppercase()) && !lexicon::is_acronym(w)
    })
}

/// The length of a field label at the start of a line (`MODEL:`, `IP RATING:`), 0 when there is
/// none: labels pasted from a specification sheet are customarily in capitals.
fn field_label_len(line: &str) -> usize {
    crate::regex!(r"^\s*[A-Za-z][A-Za-z0-9 /&().#-]{0,40}[:：]").find(line).map_or(0, |m| m.end())
}

/// Whether a line is a company name: it ends with a legal form. A bare "LIMITED" counts only on
/// a short line, so that "STOCK IS LIMITED" in a long sentence is still read as shouting.
fn is_company_line(line: &str) -> bool {
    let line = line.trim();
    if crate::regex!(
        r"(?i)(?-u:\b)(?:co\.?,?\s*ltd|ltd|co\.?,?\s*limited|inc|llc|gmbh|corp|corporation|plc|pty|s\.r\.l|srl|s\.p\.a|spa|b\.v|s\.a)\.?\s*$|有限公司\s*$"
    )
    .is_match(line)
    {
        return true;
    }
    crate::regex!(r"(?i)(?-u:\b)limited\.?\s*$").is_match(line) && line.split_whitespace().count() <= 8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_addresses_and_model_numbers_are_not_shouting() {
        let line = "FOB price for LED-200W, mail SALES@XINGDA.COM or visit WWW.XINGDA.COM";
        assert!(shouted_words(line).is_empty());
        let line = "BEST QUALITY and CHEAPEST price";
        assert_eq!(shouted_words(line).len(), 3);
    }

    #[test]
    fn field_labels_are_exempt() {
        assert_eq!(field_label_len("IP RATING: IP65"), "IP RATING:".len());
        assert_eq!(field_label_len("BEST PRICE FOR YOU"), 0);
    }

    #[test]
    fn company_lines_are_exempt() {
        assert!(is_company_line("NINGBO XINGDA LIGHTING CO., LTD."));
        assert!(is_company_line("宁波星达照明有限公司"));
        assert!(!is_company_line("ORDER NOW, THIS OFFER IS FOR A SHORT TIME AND STOCK IS VERY LIMITED"));
    }
}
