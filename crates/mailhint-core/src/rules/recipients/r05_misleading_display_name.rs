//! R05 `misleading-display-name`: the From display name carries something other than the
//! sender's name and company (another address, advertising, emoji, the recipient's name…).

use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::shorten;
use crate::rules::{phrase_regex, Category, Hits, L10n, Rule};

/// R05.
pub(crate) static RULE: Rule = Rule {
    code: "R05",
    name: "misleading-display-name",
    category: Category::Recipients,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "The sender's display name contains more than a name and company",
        zh: "发件人显示名称里除了姓名和公司还有别的内容",
    },
    fix: L10n {
        en: "Display name = your name and company, nothing else (e.g. \"Lily Chen | X Lighting\").",
        zh: "显示名称只写你的姓名和公司，不要加其他内容（例如 \"Lily Chen | X Lighting\"）。",
    },
    doc: doc! {
        en: r#"## What it does
Reads the display name of From (the name shown in the inbox instead of the address) and flags,
once each:

- an email address that is not the From address (4.0 points): `"lily@x-lighting.com" <promo@bulk.example>`;
- advertising or alarm words (1.0): urgent, last chance, sale, alert, important, limited time,
  free, discount, % off, 促销, 紧急…, or separator runs such as `-----` ("Important Update ---------- From X");
- emoji or pictographs (★, ✅, 🔥…) or a thread counter like `(2)` (1.0);
- a recipient's own name (1.0), which makes the mail look as if it came from them;
- an empty quoted name `""` (1.0), read from the raw From header;
- a title at the start: Mr, Mrs, Ms or Dr (0.5).

Trademark signs (® ™ ©) and ordinary company names are not flagged, and neither is "Sales" as in
"Lily | Sales Manager" (only the word "sale").

## Why it matters
Gmail's sender guidelines say the display name must identify the sender and must not carry
subject content ("URGENT REQUEST", "Last Chance"), the recipient's name, thread counters or
emoji. Rspamd scores `FROM_NEQ_DISPLAY_NAME` 4.0 (an address in the name that differs from the
real one is a classic spoofing trick) and `FROM_NAME_HAS_TITLE` 1.0; SpamAssassin scores
`FROM_BLANK_NAME` 0.7–2.1. Rspamd's title check covers Mr, Mrs and Dr; "Ms" is added here as the
same pattern.

## Example
`🔥HOT SALE🔥 X Lighting <lily@x-lighting.com>` fires twice (sale, emoji);
`Lily Chen | X Lighting <lily@x-lighting.com>` does not.

## How to fix
Set the display name in your mail program's account settings to your name and company only.

## References
- Gmail sender guidelines (https://support.google.com/mail/answer/81126), display-name section
- Rspamd `rules/misc.lua` `FROM_NEQ_DISPLAY_NAME` (4.0); `rules/headers_checks.lua`
  `FROM_NAME_HAS_TITLE` (1.0)
- SpamAssassin `rules/20_head_tests.cf` `FROM_BLANK_NAME` (0.7–2.1)
"#,
        zh: r#"## 检查什么
读取发件人的显示名称（收件箱里代替邮箱地址显示的名字），以下情况各报一次：

- 名称里有一个与发件地址不同的邮箱地址（4.0 分）：`"lily@x-lighting.com" <promo@bulk.example>`；
- 广告或催促字眼（1.0 分）：urgent、last chance、sale、alert、important、limited time、free、discount、% off、促销、紧急等，或 `-----` 这类分隔线（如 "Important Update ---------- From X"）；
- 表情符号或图形符号（★、✅、🔥 等），或 `(2)` 这样的会话计数（1.0 分）；
- 收件人自己的名字（1.0 分），看起来像是对方发给自己的；
- 空的引号名称 `""`（1.0 分，从原始 From 头读取）；
- 名称以称谓开头：Mr、Mrs、Ms 或 Dr（0.5 分）。

商标符号（® ™ ©）和正常的公司名称不会触发；"Lily | Sales Manager" 中的 "Sales" 也不会（只检查单词 "sale"）。

## 为什么重要
Gmail 发件人指南要求显示名称用来说明发件人是谁，不能放主题内容（如 "URGENT REQUEST"、"Last Chance"）、收件人的名字、会话计数或表情符号。Rspamd 对 `FROM_NEQ_DISPLAY_NAME` 计 4.0 分（名称中放一个与真实地址不同的邮箱是典型的冒充手法），对 `FROM_NAME_HAS_TITLE` 计 1.0 分；SpamAssassin 对 `FROM_BLANK_NAME` 计 0.7–2.1 分。Rspamd 的称谓检查包括 Mr、Mrs 和 Dr，这里把同类的 "Ms" 也算进来。

## 示例
`🔥HOT SALE🔥 X Lighting <lily@x-lighting.com>` 会触发两次（sale、表情符号）；`Lily Chen | X Lighting <lily@x-lighting.com>` 不会。

## 如何修改
在邮件客户端的账户设置里，把显示名称改成只有你的姓名和公司名。

## 参考
- Gmail 发件人指南（https://support.google.com/mail/answer/81126）中的显示名称部分
- Rspamd `rules/misc.lua` 中的 `FROM_NEQ_DISPLAY_NAME`（4.0）；`rules/headers_checks.lua` 中的 `FROM_NAME_HAS_TITLE`（1.0）
- SpamAssassin `rules/20_head_tests.cf` 中的 `FROM_BLANK_NAME`（0.7–2.1）
"#,
    },
    check,
};

/// Words that belong in an advert or an alarm, not in a sender's name (Gmail's bad examples
/// plus common promotion words in English and Chinese).
static PROMO: LazyLock<Regex> = LazyLock::new(|| {
    phrase_regex(&[
        "urgent",
        "urgently",
        "asap",
        "last chance",
        "sale",
        "hot sale",
        "flash sale",
        "clearance",
        "alert",
        "important",
        "time is running out",
        "limited time",
        "act now",
        "hurry",
        "final notice",
        "action required",
        "new message",
        "special offer",
        "discount",
        "% off",
        "free",
        "promo",
        "promotion",
        "best price",
        "lowest price",
        "winner",
        "congratulations",
        "紧急",
        "促销",
        "特价",
        "限时",
        "优惠",
        "免费",
        "最后机会",
        "重要通知",
        "大促",
    ])
});

/// A thread counter as Gmail shows one (`(2)`, `[3]`).
fn thread_counter(name: &str) -> Option<&str> {
    crate::regex!(r"[(\[]\d{1,3}[)\]]").find(name).map(|m| m.as_str())
}

/// Whether `c` is an emoji or pictograph (symbols, arrows and dingbats used as decoration).
/// Trademark and copyright signs are left alone: companies legitimately write them.
fn is_pictograph(c: char) -> bool {
    matches!(c,
        '\u{1F000}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}' | '\u{2190}'..='\u{21FF}'
        | '\u{25A0}'..='\u{25FF}' | '\u{3297}' | '\u{3299}' | '\u{FE0F}')
}

fn check(a: &Analysis, out: &mut Hits) {
    let d = a.draft;
    let Some(from) = &d.from else { return };
    if d.header("From").is_some_and(|h| h.trim_start().starts_with("\"\"")) {
        out.add(1.0, Part::Sender)
            .say("The display name is an empty pair of quotes (\"\")", "显示名称是一对空引号（\"\"）");
    }
    let Some(name) = from.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) else { return };
    let own = from.address.trim();

    let other_address = crate::regex!(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
        .find_iter(name)
        .map(|m| m.as_str())
        .find(|addr| !addr.eq_ignore_ascii_case(own));
    if let Some(addr) = other_address {
        let (addr, own) = (shorten(addr, 80), shorten(own, 80));
        out.add(4.0, Part::Sender).say(
            format!("The display name shows the address {addr}, but the mail comes from {own}"),
            format!("显示名称里写的是 {addr}，实际发件地址却是 {own}"),
        );
    }

    let promo = PROMO
        .find(name)
        .map(|m| m.as_str().to_string())
        .or_else(|| crate::regex!(r"-{3,}|={3,}|_{3,}|\*{2,}|~{3,}").find(name).map(|m| m.as_str().trim().to_string()));
    if let Some(word) = promo {
        let word = shorten(&word, 40);
        out.add(1.0, Part::Sender).say(
            format!("The display name contains advertising: \"{word}\""),
            format!("显示名称里有广告内容：「{word}」"),
        );
    }

    let decoration =
        name.chars().find(|&c| is_pictograph(c)).map(String::from).or_else(|| thread_counter(name).map(str::to_string));
    if let Some(deco) = decoration {
        out.add(1.0, Part::Sender).say(
            format!("The display name contains \"{deco}\" (emoji, symbol or thread counter)"),
            format!("显示名称里有「{deco}」（表情、符号或会话计数）"),
        );
    }

    if let Some(recipient) = recipient_name_in(name, a) {
        let recipient = shorten(&recipient, 80);
        out.add(1.0, Part::Sender).say(
            format!("The display name contains the recipient's name \"{recipient}\""),
            format!("显示名称里有收件人的名字「{recipient}」"),
        );
    }

    if let Some(m) = crate::regex!(r"(?i)^(?:mrs?|ms|dr)(?:\.|\s)").find(name) {
        let title = m.as_str().trim();
        out.add(0.5, Part::Sender).say(
            format!("The display name starts with the title \"{title}\""),
            format!("显示名称以称谓「{title}」开头"),
        );
    }
}

/// The first recipient's full name (not the sender's own) that the sender's display name
/// contains as whole words. A lone first name is not enough: "Lily" writing to another "Lily"
/// is a coincidence, not a trick.
fn recipient_name_in(name: &str, a: &Analysis) -> Option<String> {
    let from_addr = a.draft.from.as_ref().map(|f| f.address.trim().to_lowercase()).unwrap_or_default();
    let haystack = name.to_lowercase();
    a.draft
        .to
        .iter()
        .chain(&a.draft.cc)
        .take(200)
        .filter(|r| r.address.trim().to_lowercase() != from_addr)
        .filter_map(|r| r.name.as_deref().map(str::trim))
        .filter(|n| is_full_name(n) && !n.eq_ignore_ascii_case(name))
        .find(|n| contains_words(&haystack, &n.to_lowercase()))
        .map(str::to_string)
}

/// Whether `name` looks like a full name: two words or more, or two Han characters or more.
fn is_full_name(name: &str) -> bool {
    let han = name.chars().filter(|&c| crate::analysis::is_han(c)).count();
    han >= 2 || name.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count() >= 2
}

/// Whether `needle` occurs in `haystack` with no letter or digit right before or after it (so
/// "王伟" is not found inside "王伟强", nor "Maria Rossi" inside "Annamaria Rossi").
fn contains_words(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    haystack.match_indices(needle).take(100).any(|(i, m)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_whole() {
        assert!(contains_words("maria rossi via x lighting", "maria rossi"));
        assert!(!contains_words("annamaria rossi", "maria rossi"));
    }

    #[test]
    fn promo_words_are_whole_words() {
        assert!(PROMO.is_match("HOT SALE X Lighting"));
        assert!(!PROMO.is_match("Lily | Sales Manager"));
    }
}
