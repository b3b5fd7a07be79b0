//! R06 `machine-like-sender-address`: the From address looks generated (leading digits, no
//! vowels, a long number) rather than a person's name.

use crate::analysis::Analysis;
use crate::lexicon;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// R06.
pub(crate) static RULE: Rule = Rule {
    code: "R06",
    name: "machine-like-sender-address",
    category: Category::Recipients,
    severity: Severity::Low,
    cap: None,
    summary: L10n {
        en: "The sender's address looks machine-generated rather than a person's name",
        zh: "发件人地址看起来像机器生成的，而不是人名",
    },
    fix: L10n {
        en: "Use a name-based address such as lily.chen@company.com.",
        zh: "请使用以姓名命名的邮箱，例如 lily.chen@company.com。",
    },
    doc: doc! {
        en: r#"## What it does
Looks at the part of the From address before the `@` and fires once (0.5 points) when it:

- starts with three digits or more followed by something else (`2019lily@…`);
- has seven consonants in a row (`xclwtbk`, y counted as a vowel);
- is eleven hexadecimal characters or digits or more (`13812345678@…`, `a3f9c0e1b2d4@…`);
- ends in a digit on a freemail domain (`lily88@gmail.com`, `12345678@qq.com`).

The message says which pattern matched.

## Why it matters
Throw-away and bot-made accounts have numeric or random local parts, so SpamAssassin scores
`FROM_STARTS_WITH_NUMS` (0.7), `FROM_LOCAL_NOVOWEL` (0.5), `FROM_LOCAL_HEX`, `FROM_LOCAL_DIGITS`
and `FREEMAIL_ENVFROM_END_DIGIT` (0.25). Each is small, but they add up with other signs, and a
buyer reading `13812345678@163.com` or a QQ number cannot tell who wrote.

## Example
From `lily2019@163.com` or `8613800001111@139.com` fires; `lily.chen@x-lighting.com` does not.

## How to fix
Create a mailbox named after the person (`lily.chen@…`) on the company domain and send from it.

## References
- SpamAssassin `rules/20_head_tests.cf` `FROM_STARTS_WITH_NUMS`, `FROM_LOCAL_NOVOWEL`,
  `FROM_LOCAL_HEX`, `FROM_LOCAL_DIGITS`; `rules/20_freemail.cf` `FREEMAIL_ENVFROM_END_DIGIT`
"#,
        zh: r#"## 检查什么
检查发件人地址中 `@` 前面的部分，出现以下情况之一时触发一次（0.5 分）：

- 以 3 个及以上数字开头，后面还有其他字符（`2019lily@…`）；
- 连续 7 个辅音字母（如 `xclwtbk`，y 算作元音）；
- 全部由 11 个及以上十六进制字符或数字组成（`13812345678@…`、`a3f9c0e1b2d4@…`）；
- 免费邮箱且以数字结尾（`lily88@gmail.com`、`12345678@qq.com`）。

提示信息会说明具体是哪一种情况。

## 为什么重要
临时注册的账号和机器批量注册的账号往往是数字或随机字母，所以 SpamAssassin 设有 `FROM_STARTS_WITH_NUMS`（0.7 分）、`FROM_LOCAL_NOVOWEL`（0.5 分）、`FROM_LOCAL_HEX`、`FROM_LOCAL_DIGITS` 和 `FREEMAIL_ENVFROM_END_DIGIT`（0.25 分）。单项分数不高，但会和其他信号叠加；而且国外买家看到 `13812345678@163.com` 或 QQ 号邮箱，根本不知道是谁写的信。

## 示例
发件人 `lily2019@163.com` 或 `8613800001111@139.com` 会触发；`lily.chen@x-lighting.com` 不会。

## 如何修改
在公司域名下开一个以本人姓名命名的邮箱（如 `lily.chen@…`），用它来发信。

## 参考
- SpamAssassin `rules/20_head_tests.cf` 中的 `FROM_STARTS_WITH_NUMS`、`FROM_LOCAL_NOVOWEL`、`FROM_LOCAL_HEX`、`FROM_LOCAL_DIGITS`；`rules/20_freemail.cf` 中的 `FREEMAIL_ENVFROM_END_DIGIT`
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let Some(from) = &a.draft.from else { return };
    let address = from.address.trim();
    if !address.contains('@') {
        return;
    }
    let local = from.local_part().trim();
    let domain = from.domain();
    let reason: Option<(&str, &str)> = if crate::regex!(r"^[0-9]{3,}[^0-9]").is_match(local) {
        Some(("starts with a run of digits", "以一串数字开头"))
    } else if crate::regex!(r"(?i)[bcdfghjklmnpqrstvwxz]{7}").is_match(local) {
        Some(("has seven consonants in a row", "有连续 7 个辅音字母"))
    } else if crate::regex!(r"(?i)^[0-9a-f]{11,}$").is_match(local) {
        Some(("is a long number or hexadecimal string", "是一长串数字或十六进制字符"))
    } else if lexicon::is_freemail(&domain) && local.ends_with(|c: char| c.is_ascii_digit()) {
        Some(("is a free mailbox ending in digits", "是以数字结尾的免费邮箱"))
    } else {
        None
    };
    if let Some((en, zh)) = reason {
        out.add(0.5, Part::Sender)
            .say(format!("The sender's address {address} {en}"), format!("发件人地址 {address} {zh}"));
    }
}
