//! B11 `no-personalisation`: a first message opens with a generic greeting and never names the
//! buyer or their company.

use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::{is_han, Analysis};
use crate::draft::Draft;
use crate::lexicon;
use crate::report::{Mode, Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// B11.
pub(crate) static RULE: Rule = Rule {
    code: "B11",
    name: "no-personalisation",
    category: Category::Body,
    severity: Severity::Low,
    cap: None,
    summary: L10n {
        en: "The mail opens with a generic greeting and never names the buyer or their company",
        zh: "邮件开头是泛泛的问候，没有提到对方姓名或公司",
    },
    fix: L10n {
        en: "Personalise the first line with the buyer's name and a detail about their company.",
        zh: "第一句话请写上对方的名字，并提到一点与对方公司相关的具体信息。",
    },
    doc: doc! {
        en: r#"## What it does
In a first message written to one person (one-to-one mode, not a reply or forward), looks at
the first line of the body. If it opens with a generic greeting followed by punctuation
("Hello,", "Hi there!", "Good day,", "Greetings of the day!", "Dear Sir/Madam,", "Dear
Purchasing Manager,", "To whom it may concern:", "您好！", "尊敬的客户：") and the first 250
characters never mention a recipient's name or company, the rule costs 0.5 points.

Names come from the To and Cc display names ("Maria Rossi" gives "Maria" and "Rossi"), from
mailbox names that look like people ("maria.rossi@" but not "info@" or "purchase@") and from
the recipient's company domain ("acme-lighting.com" gives "Acme" and "Lighting"; free mail
such as gmail.com gives none). Campaign mode is left out: a newsletter is not expected to
name each reader.

## Why it matters
A greeting without a name is the first sign of a mass mailing. Mailmeteor lists "Hello" with
no name and "Greetings of the day" among its "unnatural" spam phrases, and reply-rate studies
of cold outreach (Boomerang, Lavender) find that short, specific, personal openings get more
answers. Spam filters learn from what recipients do: mails that are ignored or reported pull
the sender's reputation down.

## Example
`Greetings of the day! We are a manufacturer of LED lights…` fires; `Hi Maria, I saw Acme's
new warehouse range…` does not.

## How to fix
Open with the buyer's name and one sentence about them: what they sell, a project, a trade
fair where you met.

## References
- Mailmeteor, "Spam words" (Unnatural: "Hello" with no name, "Greetings of the day")
- Boomerang and Lavender cold-email reply-rate studies (personal, specific openings)
- SpamAssassin `rules/20_phrases.cf` `DEAR_SOMETHING` (the scored form of the generic
  greeting; see also B01)
"#,
        zh: r#"## 检查什么
在写给单个收件人的首封邮件中（一对一模式，且不是回复或转发），检查正文第一行。如果第一行以泛泛的问候语加标点开头（"Hello,"、"Hi there!"、"Good day,"、"Greetings of the day!"、"Dear Sir/Madam,"、"Dear Purchasing Manager,"、"To whom it may concern:"、"您好！"、"尊敬的客户："），
并且前 250 个字符中没有提到任何收件人的名字或公司，本规则计 0.5 分。

名字取自收件人和抄送人的显示名称（"Maria Rossi" 得到 "Maria" 和 "Rossi"）、看起来像人名的邮箱用户名（如 "maria.rossi@"，但不包括 "info@"、"purchase@"），以及收件人公司的域名（"acme-lighting.com" 得到 "Acme" 和 "Lighting"；gmail.com 等免费邮箱不算）。
群发模式不检查：没人指望群发邮件点名每一位读者。

## 为什么重要
没有名字的问候是群发邮件的第一个信号。Mailmeteor 把不带名字的"Hello"和"Greetings of the day"列为"不自然"的垃圾邮件用语；Boomerang、Lavender 对开发信回复率的研究也表明，简短、具体、个性化的开头回复率更高。
过滤器会参考收件人的行为：被忽略或被举报的邮件会拉低发件人的信誉。

## 示例
`Greetings of the day! We are a manufacturer of LED lights…` 会触发；`Hi Maria, I saw Acme's new warehouse range…` 不会。

## 如何修改
开头写上买家的名字，再用一句话提到与对方有关的具体内容：对方经营的产品、某个项目、在哪个展会上见过面等。

## 参考
- Mailmeteor《Spam words》不自然类（不带名字的"Hello"、"Greetings of the day"）
- Boomerang、Lavender 关于开发信回复率的研究（个性化、具体的开头）
- SpamAssassin `rules/20_phrases.cf` `DEAR_SOMETHING`（泛称问候被计分的形式，另见 B01）
"#,
    },
    check,
};

/// How far into the body a name must appear, in characters.
const HEAD_CHARS: usize = 250;

/// One generic greeting (English or Chinese), without punctuation.
const GREETING: &str = r"(?:hello|hi|hey|hiya|hi\s+there|hello\s+there|greetings|season'?s\s+greetings|greetings\s+of\s+the\s+day|good\s+(?:day|morning|afternoon|evening)|to\s+whom\s+it\s+may\s+concern|respected\s+sirs?|dear(?:\s+(?:sirs?|madam|sir\s*(?:/|or|and)\s*madam|madam\s*(?:/|or)\s*sir|friends?|customers?|valued\s+customers?|clients?|valued\s+clients?|buyers?|purchasing\s+managers?|purchasers?|purchase\s+managers?|managers?|partners?|all))?|您好|你好|尊敬的(?:客户|先生|女士|先生/女士|采购经理|采购|经理|朋友|合作伙伴)|亲爱的(?:朋友|客户))";

/// A line that opens with one or two generic greetings followed by punctuation or the end of the
/// line ("Hello,", "Good day! We are…"); "Hi Maria," does not match, as a name follows "Hi".
static GENERIC_START: LazyLock<Regex> = LazyLock::new(|| {
    let sep = r"[\s,.!:;，。！：、~-]*";
    Regex::new(&format!(r"(?i)^{GREETING}(?:{sep}{GREETING})?\s*(?:[,.!:;，。！：~]+|$)"))
        .expect("greeting regex is valid")
});

/// Courtesy titles, which are not names.
const TITLES: &[&str] = &["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "mme", "herr", "frau", "sr", "sra"];

fn check(a: &Analysis, out: &mut Hits) {
    if a.mode != Mode::OneToOne || a.draft.continues_thread() {
        return;
    }
    let Some(greeting) = first_line(&a.body) else { return };
    let line = &a.body[greeting.clone()];
    let Some(m) = GENERIC_START.find(line) else { return };
    let said = m.as_str().trim_end();
    let head_end = a.body.char_indices().nth(HEAD_CHARS).map_or(a.body.len(), |(i, _)| i);
    let head = &a.body[..head_end];
    if recipient_names(a.draft).iter().any(|name| mentions(head, name)) {
        return;
    }
    let span = greeting.start..greeting.start + said.len();
    out.add(0.5, Part::Body).at(span).say(
        format!("“{said}” greets nobody in particular, and the opening never names the buyer"),
        format!("“{said}”没有针对具体的人，开头也没有提到对方的名字或公司"),
    );
}

/// The byte range of the first non-blank line of `body`, trimmed.
fn first_line(body: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0usize;
    for line in body.split('\n') {
        let start = offset;
        offset += line.len() + 1;
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let lead = line.len() - line.trim_start().len();
            return Some(start + lead..start + lead + trimmed.len());
        }
    }
    None
}

/// Names and company words of the To and Cc recipients, lowercased.
fn recipient_names(draft: &Draft) -> Vec<String> {
    let mut names = Vec::new();
    for mailbox in draft.to.iter().chain(&draft.cc).take(50) {
        if let Some(display) = &mailbox.name {
            for part in display.split(|c: char| c.is_whitespace() || ",.;:()\"'<>/|".contains(c)) {
                push_name(&mut names, part);
                // A Chinese name ("王芳") is also greeted by surname and title ("王经理").
                let mut chars = part.chars();
                if let (Some(first), 2..=4) = (chars.next(), part.chars().count()) {
                    if part.chars().all(is_han) {
                        names.push(first.to_string());
                    }
                }
            }
        }
        let local = mailbox.local_part().to_lowercase();
        for part in local.split(|c: char| !c.is_alphabetic()) {
            if part.chars().count() >= 3 && !crate::lexicon::ROLE_MAILBOXES.contains(&part) && part != "team" {
                push_name(&mut names, part);
            }
        }
        let domain = mailbox.domain();
        if !domain.is_empty() && !lexicon::is_freemail(&domain) {
            let registrable = lexicon::registrable_domain(&domain).unwrap_or(domain);
            let label = registrable.split('.').next().unwrap_or("");
            push_name(&mut names, label);
            for part in label.split('-') {
                push_name(&mut names, part);
            }
        }
    }
    names
}

/// Adds a lowercased name if it is long enough to mean something and is not a title.
fn push_name(names: &mut Vec<String>, part: &str) {
    let part = part.trim().to_lowercase();
    let han = part.chars().any(is_han);
    let long_enough = if han { !part.is_empty() } else { part.chars().count() >= 3 };
    if long_enough && !TITLES.contains(&part.as_str()) && !names.contains(&part) {
        names.push(part);
    }
}

/// Whether `head` mentions `name`: as a whole word for Latin names, anywhere for Chinese ones,
/// and also with spaces and hyphens removed, so that "acmelighting" is found in "Acme Lighting".
fn mentions(head: &str, name: &str) -> bool {
    let lower = head.to_lowercase();
    if name.chars().any(is_han) {
        return lower.contains(name);
    }
    let whole_word = lower.match_indices(name).any(|(i, m)| {
        let before = lower[..i].chars().next_back();
        let after = lower[i + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    });
    if whole_word {
        return true;
    }
    name.chars().count() >= 6 && {
        let squashed: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
        squashed.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_greetings_are_recognised() {
        for g in [
            "Hello,",
            "Hi there!",
            "Greetings of the day!",
            "Dear Sir/Madam,",
            "Good day, greetings!",
            "您好！",
            "尊敬的客户，您好：",
        ] {
            assert!(GENERIC_START.is_match(g), "{g}");
        }
        assert!(GENERIC_START.is_match("Hello, we are a factory of valves"));
        for g in
            ["Hi Maria,", "Dear Ms. Rossi,", "王经理您好：", "Hello Maria", "Greetings from Ningbo", "Hi there Maria"]
        {
            assert!(!GENERIC_START.is_match(g), "{g}");
        }
    }

    #[test]
    fn names_are_found_as_words_or_squashed() {
        assert!(mentions("Hello, I saw Acme Lighting's range", "acmelighting"));
        assert!(mentions("Hello Maria", "maria"));
        assert!(!mentions("Hello Mariana", "maria"));
        assert!(mentions("王经理您好", "王"));
    }
}
