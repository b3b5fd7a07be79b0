//! B12 `filtered-topic`: the mail touches a topic spam filters single out (pills, replicas,
//! adult content, diets, credit repair, bitcoin extortion, invoice-selling).

use regex::Regex;

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// B12.
pub(crate) static RULE: Rule = Rule {
    code: "B12",
    name: "filtered-topic",
    category: Category::Body,
    severity: Severity::High,
    cap: None,
    summary: L10n {
        en: "The mail touches a topic spam filters single out",
        zh: "邮件涉及被垃圾邮件过滤器重点拦截的话题",
    },
    fix: L10n {
        en: "This topic is heavily filtered; avoid it in cold outreach, or send the details only once the buyer has asked.",
        zh: "这类话题会被重点过滤；开发信中请避免提及，等买家主动询问后再发送详细资料。",
    },
    doc: doc! {
        en: r#"## What it does
Looks in the subject and the body for the topics that SpamAssassin has dedicated rule files
for, one finding per topic:

| Topic | Examples | Points | SpamAssassin |
|---|---|---|---|
| Erectile-dysfunction drugs | viagra, cialis, sildenafil, "male enhancement" | 2.0 | `DRUGS_ERECTILE`, `IMPOTENCE`, `MALE_ENHANCE` |
| Online pharmacy, controlled drugs | "online pharmacy", "no prescription needed", xanax, tramadol | 2.4 | `ONLINE_PHARMACY`, `NO_PRESCRIPTION`, `DRUGS_ANXIETY` |
| Replica goods | "replica Rolex", "replica watches", "fake designer handbags" | 3.5 | `REPLICA_WATCH` (3.8) |
| Adult content | porn, "adult dating", "hot singles", "sex videos" | 3.0 | `20_porn.cf` |
| Diets | "weight loss", "lose 10 pounds", "burn fat", "diet pills" | 2.0 | `DIET_1` |
| Credit repair and easy loans | "no credit check", "bad credit OK", "loans for bad credit" | 2.0 | `BAD_CREDIT` |
| Bitcoin extortion | bitcoin + a deadline + a threat ("I recorded you", "your password") | 3.0 | `BITCOIN_DEADLINE` |
| Invoice selling (Chinese) | 代开发票, 代开增值税发票 | 3.0 | NetEase/Aliyun spam definitions |
| Click-farming jobs (Chinese) | 刷单, 日赚 | 2.0 | moderation word lists |

The patterns are narrower than SpamAssassin's where its own would catch ordinary trade mail:
`DIET_1` matches "extra weight", which is shipping vocabulary, so only "lose/losing weight" and
"weight loss" count here; `BAD_CREDIT` matches "no credit", so only loan-selling phrases count;
bitcoin with a deadline alone could be a payment term, so a threat is also required; "xxx" is a
common price placeholder in trade mail and never counts on its own; 发票 (invoice) alone is never
flagged, only 代开发票 (selling invoices).

## Why it matters
These topics are filtered on sight, whatever the sender's reputation: SpamAssassin scores them
between 0.6 and 3.8 points, and mailbox providers block them in cold mail. A supplier who
genuinely sells, say, sildenafil API or weight-loss supplements should expect such a first mail
to land in spam.

## Example
`We supply replica Rolex watches at factory prices` fires; `We supply stainless steel watch
cases to Swiss brands` does not.

## How to fix
Leave the topic out of the first mail. Describe your company and ask whether the buyer wants
details; send the product specifics once they have replied.

## References
- SpamAssassin `rules/20_drugs.cf` (`DRUGS_ERECTILE`, `ONLINE_PHARMACY`, `NO_PRESCRIPTION`,
  `DRUGS_ANXIETY`), `rules/20_porn.cf`, `rules/20_phrases.cf` (`DIET_1`, `BAD_CREDIT`,
  `REPLICA_WATCH`, `IMPOTENCE`, `MALE_ENHANCE`)
- SpamAssassin sandbox `BITCOIN_DEADLINE` ("BitCoin with a deadline")
- NetEase 163 and Aliyun spam definitions (代开发票); public Chinese moderation word lists
"#,
        zh: r#"## 检查什么
在主题和正文中查找 SpamAssassin 专门编写了规则文件的话题，每个话题计一次：

| 话题 | 示例 | 分值 | SpamAssassin |
|---|---|---|---|
| 壮阳药 | viagra、cialis、sildenafil、"male enhancement" | 2.0 | `DRUGS_ERECTILE`、`IMPOTENCE`、`MALE_ENHANCE` |
| 网上药店、管制药品 | "online pharmacy"、"no prescription needed"、xanax、tramadol | 2.4 | `ONLINE_PHARMACY`、`NO_PRESCRIPTION`、`DRUGS_ANXIETY` |
| 仿冒品 | "replica Rolex"、"replica watches"、"fake designer handbags" | 3.5 | `REPLICA_WATCH`（3.8） |
| 成人内容 | porn、"adult dating"、"hot singles"、"sex videos" | 3.0 | `20_porn.cf` |
| 减肥 | "weight loss"、"lose 10 pounds"、"burn fat"、"diet pills" | 2.0 | `DIET_1` |
| 信用修复、轻松贷款 | "no credit check"、"bad credit OK"、"loans for bad credit" | 2.0 | `BAD_CREDIT` |
| 比特币勒索 | 比特币 + 期限 + 威胁（"I recorded you"、"your password"） | 3.0 | `BITCOIN_DEADLINE` |
| 代开发票 | 代开发票、代开增值税发票 | 3.0 | 网易、阿里云的垃圾邮件定义 |
| 刷单兼职 | 刷单、日赚 | 2.0 | 内容审核词库 |

在 SpamAssassin 原规则会误伤正常外贸邮件的地方，我们收窄了匹配范围：`DIET_1` 会匹配 "extra weight"（这是物流用语），这里只算 "lose/losing weight" 和 "weight loss"；
`BAD_CREDIT` 会匹配 "no credit"，这里只算推销贷款的说法；比特币加期限也可能只是付款条件，因此还要求出现威胁性内容；"xxx" 在外贸邮件里常用作价格占位，单独出现不计；
单独的"发票"从不标出，只有"代开发票"才算。

## 为什么重要
无论发件人信誉如何，这些话题都会被直接过滤：SpamAssassin 为它们计 0.6 到 3.8 分，邮箱服务商也会拦截涉及这些内容的开发信。即使您确实在销售西地那非原料药或减肥保健品，也要预期这样的首封邮件会进入垃圾箱。

## 示例
`We supply replica Rolex watches at factory prices` 会触发；`We supply stainless steel watch cases to Swiss brands` 不会。

## 如何修改
首封邮件不要提这个话题。先介绍公司、询问买家是否需要详细资料，等对方回复后再发送产品细节。

## 参考
- SpamAssassin `rules/20_drugs.cf`（`DRUGS_ERECTILE`、`ONLINE_PHARMACY`、`NO_PRESCRIPTION`、`DRUGS_ANXIETY`）、`rules/20_porn.cf`、`rules/20_phrases.cf`（`DIET_1`、`BAD_CREDIT`、`REPLICA_WATCH`、`IMPOTENCE`、`MALE_ENHANCE`）
- SpamAssassin 沙盒规则 `BITCOIN_DEADLINE`（"BitCoin with a deadline"）
- 网易 163、阿里云的垃圾邮件定义（代开发票）；公开的中文内容审核词库
"#,
    },
    check,
};

/// One filtered topic.
struct Topic {
    re: &'static Regex,
    points: f64,
    en: &'static str,
    zh: &'static str,
}

fn check(a: &Analysis, out: &mut Hits) {
    for t in topics() {
        // The subject first: a topic there is the first thing the reader and the filter see.
        let found =
            t.re.find(&a.subject).map(|m| (m, Part::Subject)).or_else(|| t.re.find(&a.body).map(|m| (m, Part::Body)));
        if let Some((m, part)) = found {
            out.add(t.points, part)
                .at(m.range())
                .say(format!("“{}”: {}", m.as_str(), t.en), format!("“{}”：{}", m.as_str(), t.zh));
        }
    }
    if let Some(span) = bitcoin_extortion(&a.body) {
        out.add(3.0, Part::Body).at(span).say(
            "bitcoin with a deadline and a threat is the pattern of extortion spam",
            "比特币加上期限和威胁，是勒索类垃圾邮件的典型模式",
        );
    }
}

/// The topics found by one pattern each.
fn topics() -> [Topic; 8] {
    [
        Topic {
            re: crate::regex!(
                r"(?i)(?-u:\b)(?:viagra|cialis|levitra|sildenafil|tadalafil|vardenafil|kamagra|erectile\s+dysfunction|male\s+enhancement|premature\s+ejaculation|impotence\s+(?:cure|solution|problems?))(?-u:\b)"
            ),
            points: 2.0,
            en: "erectile-dysfunction drugs are among the most filtered topics",
            zh: "壮阳类药品是被过滤最多的话题之一",
        },
        Topic {
            re: crate::regex!(
                r"(?i)(?-u:\b)(?:online\s+pharmacy|(?:drugs|medications|meds|pills)\s+online|no\s+prescriptions?\s+(?:needed|required|necessary)|without\s+(?:a\s+)?prescription|xanax|valium|alprazolam|diazepam|phentermine|vicodin|oxycodone|oxycontin|tramadol|ambien)(?-u:\b)"
            ),
            points: 2.4,
            en: "online pharmacies and controlled drugs are heavily filtered",
            zh: "网上药店和管制药品会被重点过滤",
        },
        Topic {
            re: crate::regex!(
                r"(?i)(?-u:\b)(?:replicas?(?-u:\b).{0,20}(?-u:\b)(?:rolex|watch(?:es)?|handbags?|designer\s+(?:bags?|handbags?|brands?)|louis\s+vuitton|gucci|chanel|cartier|omega|hermes)|(?:rolex|watch(?:es)?|handbags?)\s+replicas?|fake\s+(?:rolex|watch(?:es)?|designer|handbags?))(?-u:\b)"
            ),
            points: 3.5,
            en: "replica luxury goods are filtered on sight",
            zh: "仿冒奢侈品会被直接过滤",
        },
        Topic {
            re: crate::regex!(
                r"(?i)(?-u:\b)(?:porn\w*|xxx\s+(?:videos?|movies?|sites?|pics)|free\s+xxx|adult\s+(?:dating|videos?|movies?|entertainment|sites?|webcams?)|hot\s+singles|horny|sex\s+(?:videos?|chat|cams?|dating|tapes?)|nude\s+(?:photos?|pics|girls|videos?)|webcam\s+girls|escort\s+services?)(?-u:\b)"
            ),
            points: 3.0,
            en: "adult content is filtered on sight",
            zh: "成人内容会被直接过滤",
        },
        Topic {
            re: crate::regex!(
                r"(?i)(?-u:\b)(?:weight[\s-]?loss|los(?:e|ing)\s+(?:up\s+to\s+)?(?:\d+\s*(?:pounds|lbs|kg|kilos)|weight|belly\s+fat)|burn\s+(?:belly\s+)?fat|without\s+(?:dieting|exercise)|(?:diet|slimming)\s+pills?)(?-u:\b)"
            ),
            points: 2.0,
            en: "weight-loss offers are a classic spam topic",
            zh: "减肥推销是典型的垃圾邮件话题",
        },
        Topic {
            re: crate::regex!(
                r"(?i)(?-u:\b)(?:no\s+credit\s+check|(?:bad|poor)\s+credit(?-u:\b).{0,30}(?-u:\b)(?:loans?|ok|okay|no\s+problem|approved|welcome|accepted)|(?:loans?|financing|mortgages?)\s+(?:for|with)\s+(?:bad|poor)\s+credit|repair\s+your\s+credit|eliminate\s+(?:your\s+)?debts?|pre-?approved\s+(?:loans?|credit))(?-u:\b)"
            ),
            points: 2.0,
            en: "credit-repair and easy-loan offers are heavily filtered",
            zh: "信用修复和轻松贷款类推销会被重点过滤",
        },
        Topic {
            re: crate::regex!(r"代开(?:增值税)?(?:专用|普通)?发票|发票代开|代开各类发票"),
            points: 3.0,
            en: "selling invoices is illegal and the classic Chinese spam topic",
            zh: "代开发票违法，也是最典型的中文垃圾邮件内容",
        },
        Topic {
            re: crate::regex!(r"刷单|日赚(?:\d+|[一二三四五六七八九十百千万]+)?(?:元|块)?"),
            points: 2.0,
            en: "click-farming jobs and daily-earnings promises are filtered in Chinese mail",
            zh: "刷单兼职、日赚多少之类的说法会被中文邮箱重点过滤",
        },
    ]
}

/// The span of a bitcoin mention, when the body also has a deadline and a threat (both within
/// the same mail), the pattern of sextortion and "I hacked your device" mail.
fn bitcoin_extortion(body: &str) -> Option<std::ops::Range<usize>> {
    let coin = crate::regex!(r"(?i)(?-u:\b)(?:bitcoins?|btc|crypto\s*wallet|wallet\s+address)(?-u:\b)").find(body)?;
    let deadline = crate::regex!(
        r"(?i)(?-u:\b)(?:\d{1,3}\s*(?:hours|hrs|h)(?-u:\b)|deadline|within\s+(?:one|two|three|\d+)\s+days?)"
    )
    .is_match(body);
    let threat = crate::regex!(
        r"(?i)(?-u:\b)(?:recorded\s+you|video\s+of\s+you|your\s+(?:webcam|camera|device|computer|password|contacts)|hacked|malware|trojan|spyware|embarrass\w*|do\s+not\s+(?:contact|tell)\s+the\s+police|your\s+(?:friends|family|colleagues)\s+will)"
    )
    .is_match(body);
    (deadline && threat).then(|| coin.range())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trade_mail_does_not_match() {
        let body = "Price USD xxx per carton, extra weight is charged by the forwarder. \
                    No credit terms for the first order; we accept T/T or BTC within 48 hours. \
                    Invoice (发票) and packing list attached. Watch cases in SS316.";
        assert!(topics().iter().all(|t| !t.re.is_match(body)), "{body}");
        assert!(bitcoin_extortion(body).is_none());
    }

    #[test]
    fn extortion_needs_coin_deadline_and_threat() {
        let body = "I hacked your device and recorded you. Send 1000 USD in Bitcoin within 48 hours.";
        assert!(bitcoin_extortion(body).is_some());
    }
}
