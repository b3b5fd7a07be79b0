//! S08 `subject-mailbox-name`: the subject addresses the recipient by their mailbox name
//! (`info, new price list`) or quotes their address.

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

use super::shared;

/// S08.
pub(crate) static RULE: Rule = Rule {
    code: "S08",
    name: "subject-mailbox-name",
    category: Category::Subject,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "The subject uses the recipient's mailbox name as if it were their name",
        zh: "主题把收件人的邮箱用户名当成了对方的名字",
    },
    fix: L10n {
        en: "Use the person's real name, not their mailbox name (e.g. 'info'), and never their address.",
        zh: "请使用对方的真实姓名，不要用邮箱用户名（如 “info”），更不要把邮箱地址写进主题。",
    },
    doc: doc! {
        en: r#"## What it does
Compares the subject with each To address, as SpamAssassin's `check_for_to_in_subject` does.
With `info@acme.example` as recipient it fires on a subject that is the mailbox name (`info`),
that starts with it followed by punctuation, written exactly as in the address
(`info, new price list`, `info: catalogue`), that is a reply prefix plus at most one word plus
the mailbox name (`Re: hello info`), or that is `, info!`. It also fires when the whole address
is in the subject (`Offer for info@acme.example`). The start-of-subject form is case-sensitive,
as in SpamAssassin, so a name typed naturally (`Maria, quick question` to `maria@…`) passes. A
subject inherited from a real reply is left alone.

## Why it matters
Mail-merge tools that have no name fill the greeting with the mailbox name or the address,
and filters know it: SpamAssassin scores `LOCALPART_IN_SUBJECT` (up to 1.2) and `TO_IN_SUBJ`.
Addressing a buyer as "info" also tells them the message was sent to a list of scraped
addresses.

## Example
To `info@acme.example`, the subject `info, new LED price list 2025` fires; `Maria, new LED
price list 2025` (to Maria Rossi) and `New LED price list for Acme` do not.

## How to fix
Find the buyer's name (their website, LinkedIn, the inquiry) and use it, or write a subject
about their company or product instead of a greeting.

## References
- SpamAssassin `lib/Mail/SpamAssassin/Plugin/HeaderEval.pm` `check_for_to_in_subject`; rules `LOCALPART_IN_SUBJECT` (0.001 / 0.730 / 1.199 / 1.107) and `TO_IN_SUBJ` (0.099)
"#,
        zh: r#"## 检查什么
按 SpamAssassin `check_for_to_in_subject` 的方法，把主题和每个收件人（To）地址比对。以 `info@acme.example` 为例：
主题就是用户名（`info`）；主题以与地址中写法完全相同的用户名开头并紧跟标点（`info, new price list`、`info: catalogue`）；
主题是回复前缀加最多一个词再加用户名（`Re: hello info`）；或主题是 `, info!`，都会触发。主题中出现完整邮箱地址
（`Offer for info@acme.example`）也会触发。开头这种形式区分大小写（与 SpamAssassin 相同），所以自然书写的名字
（发给 `maria@…` 的 `Maria, quick question`）不会触发。真实回复中沿用的主题不检查。

## 为什么重要
群发工具在没有姓名时会用邮箱用户名或邮箱地址填充称呼，过滤器很清楚这一点：SpamAssassin 会计 `LOCALPART_IN_SUBJECT`
（最高 1.2 分）和 `TO_IN_SUBJ`。把买家称作 “info” 也等于告诉对方，这封邮件是群发给一批搜集来的地址的。

## 示例
发给 `info@acme.example` 时，主题 `info, new LED price list 2025` 会触发；`Maria, new LED price list 2025`（发给 Maria Rossi）
和 `New LED price list for Acme` 不会。

## 如何修改
查到买家的名字（对方网站、领英、询盘内容）再使用；或者主题直接写对方公司或产品，不用称呼。

## 参考
- SpamAssassin `lib/Mail/SpamAssassin/Plugin/HeaderEval.pm` `check_for_to_in_subject`；规则 `LOCALPART_IN_SUBJECT`（0.001 / 0.730 / 1.199 / 1.107 分）和 `TO_IN_SUBJ`（0.099 分）
"#,
    },
    check,
};

/// To addresses compared with the subject; a message to more is a list, other rules judge it.
const MAX_COMPARED: usize = 100;

fn check(a: &Analysis, out: &mut Hits) {
    if shared::inherited(a) {
        return;
    }
    let subject = a.subject.as_str();
    let mut seen: Vec<String> = Vec::new();
    for to in a.draft.to.iter().take(MAX_COMPARED) {
        let address = to.address.trim();
        let Some((local, domain)) = address.rsplit_once('@') else {
            continue;
        };
        if local.is_empty() || domain.is_empty() || seen.iter().any(|s| s.eq_ignore_ascii_case(address)) {
            continue;
        }
        seen.push(address.to_string());
        if let Some(at) = find_address(subject, address) {
            out.add(1.0, Part::Subject).at(at..at + address.len()).say(
                format!("The recipient's address {address} is in the subject"),
                format!("主题中出现了收件人的邮箱地址 {address}"),
            );
        } else if let Some(span) = local_part_as_name(subject, local) {
            out.add(1.0, Part::Subject).at(span).say(
                format!("'{local}' is the recipient's mailbox name ({address}), not a person's name"),
                format!("“{local}” 是收件人的邮箱用户名（{address}），不是人名"),
            );
        }
    }
}

/// Where `address` is in `subject` as a whole word (ASCII case ignored), as `TO_IN_SUBJ`'s
/// `\b<address>\b` does.
fn find_address(subject: &str, address: &str) -> Option<usize> {
    let n = address.len();
    let bytes = subject.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    (0..bytes.len().checked_sub(n)? + 1).find(|&i| {
        bytes[i].eq_ignore_ascii_case(&address.as_bytes()[0])
            && subject.is_char_boundary(i)
            && subject.is_char_boundary(i + n)
            && subject[i..i + n].eq_ignore_ascii_case(address)
            && (i == 0 || !is_word(bytes[i - 1]) || !is_word(bytes[i]))
            && (i + n == bytes.len() || !is_word(bytes[i + n]) || !is_word(bytes[i + n - 1]))
    })
}

/// The span of the mailbox name `local` when the subject uses it as a name, in one of the four
/// forms of SpamAssassin's `check_for_to_in_subject('user')` (the subject trimmed first):
/// `(re|fw): [word ]local`, `local[,:;!?-]` at the start (case-sensitive) then the end or a
/// space, exactly `local`, or `, local[,:;!?-]`.
fn local_part_as_name(subject: &str, local: &str) -> Option<std::ops::Range<usize>> {
    let lead = subject.len() - subject.trim_start().len();
    let s = subject.trim();
    let n = local.len();
    let span = |from: usize| Some(lead + from..lead + from + n);
    // Exactly the mailbox name.
    if s.eq_ignore_ascii_case(local) {
        return span(0);
    }
    // The mailbox name, written as in the address, then punctuation and the end or a space.
    if s.starts_with(local) {
        let after = s[n..].trim_start();
        let mut chars = after.chars();
        if chars.next().is_some_and(|c| ",:;!?-".contains(c)) && chars.next().is_none_or(char::is_whitespace) {
            return span(0);
        }
    }
    // `Re:` or `Fw:`, at most one word, then the mailbox name at the end.
    if let Some(rest) = strip_prefix_ci(s, "re:").or_else(|| strip_prefix_ci(s, "fw:")) {
        let rest = rest.trim_start();
        let from = s.len() - rest.len();
        if rest.eq_ignore_ascii_case(local) {
            return span(from);
        }
        if let Some((word, tail)) = rest.split_once(char::is_whitespace) {
            let tail = tail.trim_start();
            let word_ok = !word.is_empty() && word.chars().all(|c| c.is_alphanumeric() || c == '_');
            if word_ok && tail.eq_ignore_ascii_case(local) {
                return span(s.len() - tail.len());
            }
        }
    }
    // `, local` and one punctuation mark, the whole subject.
    if let Some(rest) = s.strip_prefix(',') {
        let rest = rest.trim_start();
        let from = s.len() - rest.len();
        if rest.len() == n + 1
            && rest.is_char_boundary(n)
            && rest[..n].eq_ignore_ascii_case(local)
            && ",:;!?-".contains(&rest[n..])
        {
            return span(from);
        }
    }
    None
}

/// `s` without `prefix` (ASCII case ignored), if it starts with it.
fn strip_prefix_ci<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_check_for_to_in_subject() {
        assert_eq!(local_part_as_name("info, new price list", "info"), Some(0..4));
        assert_eq!(local_part_as_name("Info, new price list", "info"), None);
        assert_eq!(local_part_as_name("info,new", "info"), None);
        assert_eq!(local_part_as_name(" Sales ", "sales"), Some(1..6));
        assert_eq!(local_part_as_name("Re: hello info", "info"), Some(10..14));
        assert_eq!(local_part_as_name("Re: product news info", "info"), None);
        assert_eq!(local_part_as_name(", info!", "info"), Some(2..6));
        assert_eq!(local_part_as_name("Product info", "info"), None);
        assert_eq!(local_part_as_name("报价, info", "info"), None);
    }

    #[test]
    fn addresses_are_found_as_words() {
        assert_eq!(find_address("Offer for INFO@acme.example today", "info@acme.example"), Some(10));
        assert_eq!(find_address("Offer for xinfo@acme.example", "info@acme.example"), None);
        assert_eq!(find_address("报价 info@acme.example", "info@acme.example"), Some(7));
        assert_eq!(find_address("ab", "info@acme.example"), None);
    }
}
