//! R07 `role-mailbox-greeting`: the greeting addresses the recipient by their role mailbox
//! ("Hi info,", "Dear sales,") as if it were a name.

use super::address;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// R07.
pub(crate) static RULE: Rule = Rule {
    code: "R07",
    name: "role-mailbox-greeting",
    category: Category::Recipients,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "The greeting uses the recipient's mailbox name (info, sales…) as a person's name",
        zh: "称呼把收件人的邮箱名（info、sales 等）当成了人名",
    },
    fix: L10n {
        en: "Find the contact person's name (website, LinkedIn, trade-fair list) and greet them by it.",
        zh: "请先查到具体联系人的名字（公司网站、领英、展会名录），再用名字称呼对方。",
    },
    doc: doc! {
        en: r#"## What it does
When a To recipient is a role mailbox (`info@`, `sales@`, `purchase@`, `admin@`, `contact@`,
`sales.eu@`…), looks at the greeting in the first lines of the body (`Dear …`, `Hi …`, `Hello
…`, `Good morning …`, `尊敬的…`, `…您好`) and fires (1.0 point) when the name greeted is that
mailbox name or the whole address: `Hi info,`, `Dear Sales!`, `Dear info@acme.example`,
`info 您好`. A real team greeting such as `Dear Sales Team,` or `Dear Purchasing Manager,` is left
to the generic-greeting rule.

## Why it matters
A greeting built from the mailbox name shows that the mail was generated from a list of scraped
addresses: SpamAssassin scores the same trick in the subject as `LOCALPART_IN_SUBJECT` (up to
1.2). People who open a shared `info@` box delete such mail or mark it as spam, which is what
mailbox providers learn from.

## Example
To `info@acme.example`, body `Hi info, we are a LED manufacturer…` fires. To
`maria.rossi@acme.example`, `Hi Maria,` does not; nor does `Dear Sales Team,` to `sales@`.

## How to fix
Find the buyer's name on their website, LinkedIn or the trade-fair catalogue and write to that
person. If you can't, a neutral `Hello,` is better than greeting a mailbox.

## References
- SpamAssassin `Plugin/HeaderEval.pm` `check_for_to_in_subject` (`LOCALPART_IN_SUBJECT`,
  0.7–1.2), applied here to the greeting
"#,
        zh: r#"## 检查什么
当收件人（To）是职能邮箱（`info@`、`sales@`、`purchase@`、`admin@`、`contact@`、`sales.eu@` 等）时，检查正文开头几行的称呼（`Dear …`、`Hi …`、`Hello …`、`Good morning …`、`尊敬的…`、`…您好`），如果称呼的"名字"正是这个邮箱名或整个邮箱地址就触发（1.0 分）：`Hi info,`、`Dear Sales!`、`Dear info@acme.example`、`info 您好`。`Dear Sales Team,`、`Dear Purchasing Manager,` 这类正常的部门称呼不在本规则范围内（由泛泛称呼规则处理）。

## 为什么重要
用邮箱名当称呼，说明这封信是从抓取来的地址列表批量生成的：SpamAssassin 对主题中的同样做法设有 `LOCALPART_IN_SUBJECT`（最高 1.2 分）。打开公共 `info@` 邮箱的人看到这种信，通常直接删除或标为垃圾邮件，而邮箱服务商正是从这些操作中学习的。

## 示例
收件人 `info@acme.example`，正文 `Hi info, we are a LED manufacturer…` 会触发。收件人 `maria.rossi@acme.example`、称呼 `Hi Maria,` 不会触发；发给 `sales@` 时写 `Dear Sales Team,` 也不会触发。

## 如何修改
在对方公司网站、领英或展会名录上查到采购负责人的名字，直接写给这个人。实在查不到，用中性的 `Hello,` 也比称呼一个邮箱名好。

## 参考
- SpamAssassin `Plugin/HeaderEval.pm` 中的 `check_for_to_in_subject`（`LOCALPART_IN_SUBJECT`，0.7–1.2 分），本规则把同样的逻辑用于正文称呼
"#,
    },
    check,
};

/// How far into the body a greeting is looked for, in bytes (the first few lines).
const GREETING_WINDOW: usize = 600;
/// Non-empty lines looked at.
const GREETING_LINES: usize = 4;

fn check(a: &Analysis, out: &mut Hits) {
    // Role mailboxes among the To recipients: (local part, role word, whole address).
    let roles: Vec<(String, &str, String)> = a
        .draft
        .to
        .iter()
        .take(500)
        .filter(|m| m.address.contains('@'))
        .filter_map(|m| {
            let local = m.local_part().trim();
            address::role_of(local).map(|role| (local.to_lowercase(), role, m.address.trim().to_lowercase()))
        })
        .collect();
    if roles.is_empty() {
        return;
    }
    let window = crate::limits::clip(&a.body, GREETING_WINDOW);
    let mut offset = 0;
    let mut lines_seen = 0;
    for line in window.split('\n') {
        let start = offset;
        offset += line.len() + 1;
        if line.trim().is_empty() {
            continue;
        }
        lines_seen += 1;
        if lines_seen > GREETING_LINES {
            break;
        }
        if let Some(span) = greeted_name(line) {
            let name = line[span.clone()].to_lowercase();
            let name = name.trim_end_matches(['.', '-', '_']);
            if roles.iter().any(|(local, role, addr)| name == local || name == *role || name == addr) {
                let shown = crate::rules::shorten(&line[span.clone()], 80);
                out.add(1.0, Part::Body).at(start + span.start..start + span.end).say(
                    format!("The greeting calls the recipient \"{shown}\", which is their mailbox name, not a person's name"),
                    format!("称呼中的「{shown}」是对方的邮箱名，不是人名"),
                );
            }
            // Only the first greeting counts: later lines are the message itself.
            return;
        }
    }
}

/// The byte range, in `line`, of the name a greeting addresses, when the line is a greeting
/// whose name is followed by punctuation, "您好" or the end of the line (so "Dear Sales Team"
/// yields nothing: its name is a team, not a mailbox).
fn greeted_name(line: &str) -> Option<std::ops::Range<usize>> {
    let re = crate::regex!(
        r"(?i)^\s*(?:(?:dear|hi|hello|hey|hallo|hola|bonjour|ciao|good\s+(?:morning|afternoon|evening|day)|greetings|attn\.?|attention)[\s,:]+|尊敬的|亲爱的)\s*([A-Za-z0-9._@+-]+)\s*(?:[,!:;，！：。]|您好|你好|$)"
    );
    if let Some(c) = re.captures(line) {
        return c.get(1).map(|m| m.range());
    }
    // "info 您好" / "info，您好": Chinese puts the name first.
    let re = crate::regex!(r"^\s*([A-Za-z0-9._@+-]+)\s*[,，]?\s*(?:您好|你好)");
    re.captures(line).and_then(|c| c.get(1)).map(|m| m.range())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greetings_yield_the_name() {
        let name = |l: &str| greeted_name(l).map(|r| l[r].to_string());
        assert_eq!(name("Hi info,").as_deref(), Some("info"));
        assert_eq!(name("Dear Sales!").as_deref(), Some("Sales"));
        assert_eq!(name("info 您好！").as_deref(), Some("info"));
        assert_eq!(name("尊敬的 info：").as_deref(), Some("info"));
        assert_eq!(name("Dear Sales Team,"), None);
        assert_eq!(name("Hello,"), None);
    }
}
