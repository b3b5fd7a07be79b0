//! B07 `urgency-pressure`: the mail pushes the reader with urgency wording ("urgent reply",
//! "act now", "last chance", "limited time").

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// B07.
pub(crate) static RULE: Rule = Rule {
    code: "B07",
    name: "urgency-pressure",
    category: Category::Body,
    severity: Severity::Low,
    cap: Some(1.0),
    summary: L10n {
        en: "Pressure wording (\"urgent reply\", \"act now\", \"last chance\") typical of spam",
        zh: "催促、施压的措辞（如 \"urgent reply\"、\"act now\"、\"last chance\"），是垃圾邮件的典型写法",
    },
    fix: L10n {
        en: "Give a concrete, honest date instead of pressure words.",
        zh: "用具体、真实的日期代替催促的字眼。",
    },
    doc: doc! {
        en: r#"## What it does
Looks for two kinds of pressure:

- `urgent` followed within 16 characters by `assistance`, `business`, `buy`, `confidential`,
  `notice`, `proposal`, `reply`, `request` or `response` (SpamAssassin `URG_BIZ`): 1.0 point, once;
- pressure phrases from the Mailmeteor "Urgency" list and its equivalents in other languages:
  `act now`, `act immediately`, `action required`, `apply now`, `buy now`, `call now`, `take
  action now`, `limited time`, `last chance`, `final call`, `expires today`, `offer expires`,
  `deal ending soon`, `hurry up`, `don't delete`, `don't miss out`, `while supplies last`,
  `supplies are limited`, `this won't last`, `before it's too late`, `what are you waiting
  for`, `top urgent`, `today only`; `oferta por tiempo limitado`, `última oportunidad`, `nur
  noch heute`, `sofort handeln`, `offre limitée`, `dernière chance`, `última chance`, `только
  сегодня`, `успейте`, `限时`, `最后机会`, `仅限今天`, `欲购从速`…: 0.2 points per distinct phrase.

All hits together are capped at 1.0. Lines quoted from an earlier message (starting with `>`)
are skipped. Bare `urgent`, `immediately`, `as soon as possible` or `don't hesitate` are ordinary
business English and never fire; neither does `order now` (`we can confirm the order now`).
Those omissions from the Mailmeteor list are deliberate.

## Why it matters
SpamAssassin scores `URG_BIZ` 0.6–1.75 and counts `urgent reply/response` among its advance-fee
sub-rules (B03). Pressure words on their own weigh little in modern filters, but readers see
them as sales pressure, which lowers replies and raises "report spam" clicks — and complaint
rates are what Gmail and Yahoo measure.

## Example
`URGENT REPLY NEEDED: last chance to book at this price!` fires (1.0 + 0.2). `Prices are valid
until 30 November because copper rises in December.` does not.

## How to fix
Replace pressure with the real reason and date: "The price holds until 30 November (copper
surcharge from December)." or "We have 2 production slots left in January."

## References
- SpamAssassin `rules/20_phrases.cf` `URG_BIZ`, `ACT_NOW_CAPS`; `__FRAUD_DPR` in `rules/20_advance_fee.cf`
- Mailmeteor spam-word list, "Urgency" category (`solidzone/mailmeteor-landing`, `_posts/2021-10-12-spam-words.md`)
- Catalog §5.2–5.7 (Chinese, Spanish, German, French, Portuguese and Russian lists)
"#,
        zh: r#"## 检查什么
检查两类施压措辞：

- `urgent` 后面 16 个字符内出现 `assistance`、`business`、`buy`、`confidential`、`notice`、`proposal`、`reply`、
  `request` 或 `response`（SpamAssassin `URG_BIZ`）：1.0 分，只计一次；
- Mailmeteor "Urgency" 列表中的催促短语及其他语言的对应说法：`act now`、`act immediately`、`action required`、
  `apply now`、`buy now`、`call now`、`take action now`、`limited time`、`last chance`、`final call`、`expires today`、
  `offer expires`、`deal ending soon`、`hurry up`、`don't delete`、`don't miss out`、`while supplies last`、
  `supplies are limited`、`this won't last`、`before it's too late`、`what are you waiting for`、`top urgent`、`today only`；
  `oferta por tiempo limitado`、`última oportunidad`、`nur noch heute`、`sofort handeln`、`offre limitée`、`dernière chance`、
  `última chance`、`только сегодня`、`успейте`、`限时`、`最后机会`、`仅限今天`、`欲购从速` 等：每个不同的短语 0.2 分。

所有命中合计最多 1.0 分。以 `>` 开头的引用行不检查。单独的 `urgent`、`immediately`、`as soon as possible`、
`don't hesitate` 是正常的商务英语，不会触发；`order now` 也不算（如 `we can confirm the order now`）。
这些是有意从 Mailmeteor 列表中去掉的。

## 为什么重要
SpamAssassin 对 `URG_BIZ` 计 0.6–1.75 分，并把 `urgent reply/response` 算作预付款诈骗子规则（见 B03）。
单个催促词在现代过滤器里分量不大，但收件人会把它看成推销施压，回复率下降、"举报垃圾邮件"增加——而 Gmail 和
Yahoo 正是按投诉率来判断发件人的。

## 示例
`URGENT REPLY NEEDED: last chance to book at this price!` 会触发（1.0 + 0.2）。
`Prices are valid until 30 November because copper rises in December.` 不会。

## 如何修改
用真实原因和日期代替催促："The price holds until 30 November (copper surcharge from December)." 或
"We have 2 production slots left in January."

## 参考
- SpamAssassin `rules/20_phrases.cf` 中的 `URG_BIZ`、`ACT_NOW_CAPS`；`rules/20_advance_fee.cf` 中的 `__FRAUD_DPR`
- Mailmeteor 垃圾词列表 "Urgency" 类（`solidzone/mailmeteor-landing`，`_posts/2021-10-12-spam-words.md`）
- 规则目录 §5.2–5.7（中文、西班牙语、德语、法语、葡萄牙语、俄语词表）
"#,
    },
    check,
};

/// Pressure phrases, 0.2 points each (Mailmeteor "Urgency" and catalog §5.2–5.7).
const PHRASES: &[&str] = &[
    // English
    "act now",
    "act immediately",
    "action required",
    "apply now",
    "buy now",
    "call now",
    "take action now",
    "limited time",
    "last chance",
    "final call",
    "expires today",
    "offer expires",
    "deal ending soon",
    "hurry up",
    "don't delete",
    "don’t delete",
    "do not delete",
    "don't miss out",
    "don’t miss out",
    "while supplies last",
    "supplies are limited",
    "this won't last",
    "this won’t last",
    "before it's too late",
    "before it’s too late",
    "what are you waiting for",
    "top urgent",
    "today only",
    "only today",
    // Spanish
    "oferta por tiempo limitado",
    "tiempo limitado",
    "última oportunidad",
    "actúe inmediatamente",
    "actúe ahora",
    "llame ahora",
    "solo por hoy",
    // German
    "nur heute gültig",
    "nur noch heute",
    "begrenzte zeit",
    "sofort handeln",
    "nicht verpassen",
    "jetzt zugreifen",
    // French
    "offre limitée",
    "dernière chance",
    "agissez maintenant",
    "dépêchez-vous",
    // Portuguese
    "última chance",
    "tempo limitado",
    "não perca tempo",
    "só até amanhã",
    // Russian
    "только сегодня",
    "успейте",
    "последний шанс",
    "ограниченное время",
    // Chinese
    "限时",
    "最后机会",
    "仅限今天",
    "今天截止",
    "错过不再",
    "欲购从速",
    "立即抢购",
    "马上抢购",
    "先到先得",
];

static PHRASE_RE: LazyLock<Regex> = LazyLock::new(|| crate::rules::phrase_regex(PHRASES));

fn check(a: &Analysis, out: &mut Hits) {
    let body = &a.body;

    let urg_biz = crate::regex!(
        r"(?i)(?-u:\b)urgent.{0,16}?(?:assistance|business|buy|confidential|notice|proposal|reply|request|response)"
    );
    if let Some(m) = urg_biz.find_iter(body).find(|m| !a.is_quoted(m.start())) {
        out.add(1.0, Part::Body).at(m.range()).say(
            format!("\"{}\" is scored as spam (URG_BIZ); give a concrete date instead", m.as_str()),
            format!("\"{}\" 会被计为垃圾邮件特征（URG_BIZ），请改写为具体日期", m.as_str()),
        );
    }

    let mut seen: HashSet<String> = HashSet::new();
    for m in PHRASE_RE.find_iter(body) {
        if a.is_quoted(m.start()) {
            continue;
        }
        let key = normalise(m.as_str());
        if !seen.insert(key) {
            continue;
        }
        out.add(0.2, Part::Body).at(m.range()).say(
            format!("\"{}\" is pressure wording; give the real reason and date", m.as_str()),
            format!("\"{}\" 是催促施压的说法，请写明真实原因和日期", m.as_str()),
        );
        if seen.len() >= PHRASES.len() {
            break;
        }
    }
}

/// A phrase in lower case with single spaces and straight apostrophes, so that each distinct
/// phrase counts once.
fn normalise(phrase: &str) -> String {
    phrase.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().replace('’', "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(text: &str) -> Vec<f64> {
        crate::rules::testing::points_on_text(check, text)
    }

    #[test]
    fn pressure_and_plain_dates() {
        assert_eq!(points("URGENT REPLY NEEDED: last chance, LAST CHANCE to book!"), vec![1.0, 0.2]);
        assert_eq!(points("限时优惠，欲购从速"), vec![0.2, 0.2]);
        assert!(points("This is urgent. Please confirm the order now; don't hesitate to call.").is_empty());
    }
}
