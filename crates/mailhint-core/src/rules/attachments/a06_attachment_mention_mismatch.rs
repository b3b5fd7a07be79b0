//! A06 `attachment-mention-mismatch`: the text mentions an attachment but none is attached, or
//! files are attached that the text never mentions.

use std::collections::HashSet;
use std::ops::Range;

use super::common;
use crate::analysis::{words, Analysis};
use crate::draft::DraftKind;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// A06.
pub(crate) static RULE: Rule = Rule {
    code: "A06",
    name: "attachment-mention-mismatch",
    category: Category::Attachments,
    severity: Severity::Info,
    cap: None,
    summary: L10n { en: "The text and the attachments do not match", zh: "正文与附件对不上" },
    fix: L10n {
        en: "Attach the file you mention, or mention the file you attach (what it is and why you send it).",
        zh: "请附上正文提到的文件，或者在正文中说明所附文件是什么、为什么发送。",
    },
    doc: doc! {
        en: r#"## What it does
Compares what the author wrote with the attached files, in either direction (0.3 point):
- the text mentions an attachment ("attached", "I attach", "attachment", "please find
  enclosed", "附件", "anbei", "adjunto", "ci-joint"…) but nothing is attached;
- files are attached but the text never mentions them: no attachment word, no word of the
  file's name ("quotation" for `Quotation_4471.pdf`) and no word for its kind ("PDF",
  "spreadsheet", "photos", "drawing"…). Forwards are exempt.

Only the author's own text counts (quoted history and the signature with its "this email and
any attachments are confidential" notice are left out). Product wording is not a mention: "a
label attached to each carton", "fully enclosed housing" and "your attached drawing" are
skipped.

## Why it matters
A forgotten attachment costs a reply round and looks careless; an unexplained file looks like
malware to the reader and leaves the filter to judge the mail by the file alone. Mail clients
warn about the first case for the same reason.

## Example
"Please find attached our price list." with nothing attached fires, underlined at "attached".
"Please find attached our price list." with `Price-list-2025.pdf` does not.

## How to fix
Attach the file, or delete the sentence that announces it. When you attach a file, say in one
sentence what it is.

## References
- Catalog §8.2 A06 (source article: mention attachments in the body)
- Gmail and Outlook "forgotten attachment" reminders
"#,
        zh: r#"## 检查什么
双向比对作者写的正文和所附文件（计 0.3 分）：
- 正文提到了附件（"attached"、"I attach"、"attachment"、"please find enclosed"、"附件"、"anbei"、"adjunto"、
  "ci-joint" 等），但实际没有附件；
- 带有附件，但正文从未提到：既没有附件类用词，也没有文件名中的词（例如 `Quotation_4471.pdf` 的 "quotation"），
  也没有文件类型的说法（"PDF"、"spreadsheet"、"photos"、"drawing" 等）。转发邮件不检查这一项。

只看作者自己写的内容（引用的历史邮件和签名，包括"本邮件及任何附件均属机密"之类的声明，都不计入）。
描述产品的说法不算提到附件："a label attached to each carton"、"fully enclosed housing"、"your attached drawing" 都会被跳过。

## 为什么重要
忘记添加附件会多一轮来回，显得不够细心；不加说明的文件在读者看来像恶意软件，过滤器也只能凭文件本身来判断整封邮件。
邮件客户端提醒"忘记附件"也是这个原因。

## 示例
写了 "Please find attached our price list." 却没有附件会触发，并标出 "attached"。
同样的句子附上 `Price-list-2025.pdf` 则不会。

## 如何修改
附上文件，或者删掉提到附件的那句话。添加附件时，用一句话说明它是什么。

## 参考
- 规则目录 §8.2 A06（源文章：在正文中提及附件）
- Gmail 和 Outlook 的"忘记附件"提醒
"#,
    },
    check,
};

/// Words that name a kind of file, so that "the PDF" or "the photos" mention an attachment.
const KIND_WORDS: &[&str] = &[
    "quotation",
    "quote",
    "invoice",
    "pi",
    "proforma",
    "po",
    "contract",
    "certificate",
    "certificates",
    "report",
    "manual",
    "artwork",
    "pdf",
    "pdfs",
    "file",
    "files",
    "document",
    "documents",
    "doc",
    "docs",
    "excel",
    "xls",
    "xlsx",
    "spreadsheet",
    "sheet",
    "word",
    "ppt",
    "powerpoint",
    "slides",
    "presentation",
    "photo",
    "photos",
    "picture",
    "pictures",
    "pic",
    "pics",
    "image",
    "images",
    "drawing",
    "drawings",
    "video",
    "videos",
    "zip",
    "archive",
    "scan",
    "copy",
    "brochure",
    "catalog",
    "catalogue",
    "datasheet",
    "flyer",
];

fn check(a: &Analysis, out: &mut Hits) {
    let lines = common::own_lines(&a.body);
    let mention = first_mention(&a.body, &lines);
    let attachments: Vec<_> = a.attachments().iter().filter(|att| common::is_user_file(att)).collect();
    if attachments.is_empty() {
        if let Some(span) = mention {
            let word = a.body[span.clone()].to_string();
            out.add(0.3, Part::Body).at(span).say(
                format!("The text says “{word}” but nothing is attached"),
                format!("正文写了“{word}”，但没有附件"),
            );
        }
        return;
    }
    if mention.is_some() || a.draft.kind == DraftKind::Forward || lines.is_empty() {
        return;
    }
    let own_words: HashSet<String> = lines
        .iter()
        .flat_map(|r| {
            words(&a.body[r.clone()]).into_iter().map(|w| a.body[r.start + w.start..r.start + w.end].to_lowercase())
        })
        .collect();
    let unmentioned: Vec<&str> =
        attachments.iter().filter(|att| !name_is_mentioned(&att.name, &own_words)).map(|att| att.name.trim()).collect();
    if unmentioned.len() < attachments.len() || unmentioned.is_empty() {
        // At least one file is named or described: the text does talk about its files.
        return;
    }
    let list = unmentioned
        .iter()
        .take(3)
        .map(|n| if n.is_empty() { "“(unnamed)”".to_string() } else { format!("“{n}”") })
        .collect::<Vec<_>>()
        .join(", ");
    out.add(0.3, Part::Attachments)
        .say(format!("The text never mentions the attached {list}"), format!("正文没有提到所附的 {list}"));
}

/// The first place where the author's text announces an attachment.
fn first_mention(body: &str, lines: &[Range<usize>]) -> Option<Range<usize>> {
    let re = crate::regex!(
        r"(?i)(?-u:\b)(?:attach(?:ed|es|ing|ments?)?|enclosed|anbei|im anhang|adjunt[oa]s?|ci-joint(?:e|es|s)?|pièces? jointes?|em anexo|segue anexo|in allegato|allegat[oi])(?-u:\b)|во вложении|в приложении|附件|附上|随附|见附"
    );
    for line in lines {
        let text = &body[line.clone()];
        // Confidentiality notices talk about "this email and any attachments" in general.
        if crate::regex!(r"(?i)confidential|intended (?:only )?for|intended recipient|disclaimer|virus|免责|保密")
            .is_match(text)
        {
            continue;
        }
        for m in re.find_iter(text) {
            if is_real_mention(text, m.start(), m.end()) {
                return Some(line.start + m.start()..line.start + m.end());
            }
        }
    }
    None
}

/// Whether the match at `start..end` of `line` announces a file of this mail, rather than a
/// physical part ("attached to each carton", "enclosed housing") or the other side's file
/// ("your attached drawing").
fn is_real_mention(line: &str, start: usize, end: usize) -> bool {
    let word = line[start..end].to_lowercase();
    let before = &line[common::floor_boundary(line, start.saturating_sub(24))..start].to_lowercase();
    let after = &line[end..common::ceil_boundary(line, end + 24)].to_lowercase();
    if crate::regex!(r"(?-u:\b)your(?:\s+\w+)?\s*$").is_match(before)
        || crate::regex!(r"(?-u:\b)in\s+your\s*$").is_match(before)
    {
        return false;
    }
    if word.starts_with("attach")
        && crate::regex!(r"^\s+to(?-u:\b)").is_match(after)
        && !crate::regex!(r"^\s+to\s+(?:this|my|the)\s+(?:e-?mail|message|mail)").is_match(after)
    {
        return false;
    }
    if word == "enclosed" {
        // Only the letter-writing sense: "please find enclosed", "enclosed is/are/please find".
        let letter_before = crate::regex!(r"(?-u:\b)(?:find|see|is|are|have|has|been|herewith)\s*$").is_match(before);
        let letter_after =
            crate::regex!(r"^\s*(?:is|are|please|you|herewith|the|our|a|an|pls)(?-u:\b)").is_match(after);
        return letter_before || letter_after;
    }
    true
}

/// Whether the file `name` is referred to by one of `own_words` (lowercased): a word of its
/// stem of four letters or more (singular or plural), its extension, or a word for its kind.
fn name_is_mentioned(name: &str, own_words: &HashSet<String>) -> bool {
    if KIND_WORDS.iter().any(|k| own_words.contains(*k)) {
        return true;
    }
    if common::extensions(name).pop().is_some_and(|ext| own_words.contains(&ext)) {
        return true;
    }
    let stem = name.trim().rsplit_once('.').map_or(name, |(s, _)| s);
    let mut word = String::new();
    let mut prev_lower = false;
    let mut mentioned = false;
    let mut check = |w: &mut String| {
        // Short words count only when written as an acronym (`PI`, `PO`, `BL` in `PI-4471.pdf`).
        let acronym = w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase());
        if w.chars().count() >= 4 || acronym {
            let lower = w.to_lowercase();
            let singular = lower.strip_suffix('s').unwrap_or(&lower).to_string();
            let plural = format!("{lower}s");
            mentioned |= own_words.contains(&lower) || own_words.contains(&singular) || own_words.contains(&plural);
        }
        w.clear();
    };
    for c in stem.chars() {
        if !c.is_alphabetic() || (c.is_uppercase() && prev_lower) {
            check(&mut word);
        }
        if c.is_alphabetic() {
            word.push(c);
        }
        prev_lower = c.is_lowercase();
    }
    check(&mut word);
    mentioned
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_wording_is_no_mention() {
        let body = "A label is attached to each carton.\nThe fixture has a fully enclosed housing.\nThanks for your attached drawing.";
        let lines = common::own_lines(body);
        assert_eq!(first_mention(body, &lines), None);
    }

    #[test]
    fn letter_wording_is_a_mention() {
        for body in
            ["Please find enclosed our catalogue.", "I attach the price list.", "报价单见附件。", "Attached is the PI."]
        {
            let lines = common::own_lines(body);
            assert!(first_mention(body, &lines).is_some(), "{body}");
        }
    }

    #[test]
    fn file_names_are_matched_by_their_words() {
        let words: HashSet<String> = ["our", "quotations", "for", "you"].iter().map(|s| s.to_string()).collect();
        assert!(name_is_mentioned("Quotation_4471.pdf", &words));
        assert!(!name_is_mentioned("IMG_2231.jpg", &words));
    }
}
