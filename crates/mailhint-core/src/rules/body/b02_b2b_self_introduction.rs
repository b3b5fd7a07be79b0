//! B02 `b2b-self-introduction`: the mail opens with the stock "We are a leading … in China"
//! self-introduction that SpamAssassin scores as a Chinese B2B spammer.

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// B02.
pub(crate) static RULE: Rule = Rule {
    code: "B02",
    name: "b2b-self-introduction",
    category: Category::Body,
    severity: Severity::High,
    cap: None,
    summary: L10n {
        en: "Stock supplier self-introduction (\"We are a leading … in China\") that filters score as B2B spam",
        zh: "套话式的工厂自我介绍（\"We are a leading … in China\"），会被过滤器当作 B2B 垃圾邮件",
    },
    fix: L10n {
        en: "Open with why you write to them; state company and product factually (\"I'm Lily from X, we make stainless valves for …\").",
        zh: "开头先说明为什么写信给对方，再如实介绍公司和产品（如 \"I'm Lily from X, we make stainless valves for …\"）。",
    },
    doc: doc! {
        en: r#"## What it does
Flags the stock opening sentence of supplier cold mail, as SpamAssassin's `CN_B2B_SPAMMER`
("Chinese company introducing itself") matches it:

- `We are a China-based …` / `We are a Taiwan based …`;
- `We are a leading international …`;
- `We are (a) leading …` or `We are one of the best …` followed within 10–90 characters (no full
  stop) by `in China` / `from China` (or Taiwan), optionally after a city: `in Ningbo, China`.

It fires once per mail, for 2.3 points. Beyond SpamAssassin's pattern, it also accepts
`We're`, `We are one of the leading / largest / top / biggest …` and `We are a professional …`
before `in China`: they are the same template and buyers' filters learn them through Bayes even
where the published rule misses them. A factual sentence such as `We make IP65 LED high-bays in
Ningbo` never fires. Lines quoted from an earlier message (starting with `>`) are skipped.

## Why it matters
`CN_B2B_SPAMMER` scores 2.3 on its own. Added to a `Dear Sir/Madam` greeting (B01, 2.0) and a
couple of advance-fee phrases (B03), a typical exporter cold mail passes SpamAssassin's spam
threshold of 5 before any technical check. Buyers also skip this sentence: every supplier
writes it.

## Example
`We are a leading manufacturer of LED lights in China with 15 years experience.` fires;
`I'm Lily from X Lighting: we make IP65 LED high-bays for EU distributors.` does not.

## How to fix
Open with why you write to this buyer, then say factually who you are and what you make:
`I'm Lily from X Lighting; we make stainless valves for water utilities in Ningbo.`

## References
- SpamAssassin `rulesrc/sandbox/jhardin/20_misc_testing.cf` `CN_B2B_SPAMMER` (2.28–2.30), and the
  unpublished sandbox rule `CHINA_MANUFACTURER`
"#,
        zh: r#"## 检查什么
检查供应商开发信里的套话式开头，与 SpamAssassin 的 `CN_B2B_SPAMMER`（"Chinese company introducing itself"，
中国公司自我介绍）规则一致：

- `We are a China-based …` / `We are a Taiwan based …`；
- `We are a leading international …`；
- `We are (a) leading …` 或 `We are one of the best …`，后面 10–90 个字符内（中间没有句号）出现
  `in China` / `from China`（或 Taiwan），中间可以有城市名，如 `in Ningbo, China`。

每封邮件只报告一次，计 2.3 分。除 SpamAssassin 的原始规则外，还识别 `We're`、`We are one of the leading /
largest / top / biggest …` 和 `We are a professional …` 加 `in China` 的写法：它们是同一个模板，即使公开规则
没有覆盖，收件方的贝叶斯过滤器也会学到。像 `We make IP65 LED high-bays in Ningbo` 这样的陈述句不会触发。
以 `>` 开头的引用行不检查。

## 为什么重要
`CN_B2B_SPAMMER` 单独计 2.3 分。再加上 `Dear Sir/Madam`（B01，2.0 分）和几个预付款诈骗短语（B03），
一封典型的外贸开发信在任何技术检查之前就超过了 SpamAssassin 的 5 分垃圾邮件阈值。而且采购看到这句话
也会直接跳过：每个供应商都这么写。

## 示例
`We are a leading manufacturer of LED lights in China with 15 years experience.` 会触发；
`I'm Lily from X Lighting: we make IP65 LED high-bays for EU distributors.` 不会。

## 如何修改
先说明为什么写信给这位采购，再如实介绍自己和产品，例如：
`I'm Lily from X Lighting; we make stainless valves for water utilities in Ningbo.`

## 参考
- SpamAssassin `rulesrc/sandbox/jhardin/20_misc_testing.cf` 中的 `CN_B2B_SPAMMER`（2.28–2.30 分），以及未发布的
  沙盒规则 `CHINA_MANUFACTURER`
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    // SpamAssassin's pattern, with `We're` and the other "one of the …" / "professional" openers
    // of the same template. `[^.\n]` keeps the match inside one sentence, as SpamAssassin's
    // `[^\.]` does on its paragraph-joined body.
    let re = crate::regex!(
        r"(?i)(?-u:\b)we(?: are|['’]re) (?:(?:a )?(?:china|taiwan)[-\s]based|(?:one of (?:the )?(?:best|leading|largest|biggest|top)|(?:a |the )?(?:leading|professional)) (?:international|[^.\n]{10,90} (?:in|from) (?:\w+, )?(?:china|taiwan)))(?-u:\b)"
    );
    let Some(m) = re.find_iter(&a.body).find(|m| !a.is_quoted(m.start())) else { return };
    out.add(2.3, Part::Body).at(m.range()).say(
        format!("\"{}\" is the stock supplier introduction SpamAssassin scores (CN_B2B_SPAMMER)", m.as_str()),
        format!("\"{}\" 是 SpamAssassin 会加分的套话式供应商自我介绍（CN_B2B_SPAMMER）", m.as_str()),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fires(text: &str) -> bool {
        !crate::rules::testing::run_text(check, text).is_empty()
    }

    #[test]
    fn template_openers_fire_and_factual_ones_do_not() {
        assert!(fires("We are a China-based maker of valves."));
        assert!(fires("We are a leading manufacturer of LED lights in China with 15 years experience."));
        assert!(fires("We are one of the leading suppliers of PVC pipes in Ningbo, China."));
        assert!(fires("We're a professional factory of stainless valves from China."));
        assert!(fires("We are a leading international supplier."));
        assert!(!fires("We make IP65 LED high-bays in Ningbo, China."));
        assert!(!fires("We are a leading brand. Our factory is in China."));
    }
}
