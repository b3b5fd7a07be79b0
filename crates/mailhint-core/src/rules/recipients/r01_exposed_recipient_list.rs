//! R01 `exposed-recipient-list`: many recipients are visible to each other in To/Cc, the way a
//! harvested list is pasted in.

use crate::analysis::Analysis;
use crate::lexicon;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// R01.
pub(crate) static RULE: Rule = Rule {
    code: "R01",
    name: "exposed-recipient-list",
    category: Category::Recipients,
    severity: Severity::High,
    cap: None,
    summary: L10n {
        en: "Many recipients can see each other in To/Cc, like a pasted mailing list",
        zh: "收件人/抄送里有一长串互相可见的地址，看起来像群发名单",
    },
    fix: L10n {
        en: "Send individually (mail-merge): visible lists leak contacts and look like blasts.",
        zh: "请逐个发送（用邮件合并功能）：公开的收件人名单会泄露客户联系方式，也像群发垃圾邮件。",
    },
    doc: doc! {
        en: r#"## What it does
Looks at the addresses in To and Cc (in the order written, next-door duplicates removed) and
fires on three patterns, each once:

- **sorted list** (2.5 points): seven addresses or more in alphabetical order, as when a list is
  exported from a spreadsheet or a lead database and pasted in;
- **similar addresses** (2.5 points): five addresses or more whose first two letters, or whose
  domains' first two letters (on different domains), match in at least 65 % of all pairs, as
  in a list generated from a directory (`sales1@…`, `sales2@…`, or `li…@`, `lu…@`);
- **long visible list** (1.0 point): more than ten recipients outside the sender's own domain in
  To/Cc, when neither pattern above fired. A reply or forward is exempt here, because people
  already in a thread have seen each other's addresses.

## Why it matters
SpamAssassin scores `SORTED_RECIPS` (up to 2.5) and `SUSPICIOUS_RECIPS` (up to 2.5) because
real correspondence is almost never addressed in alphabetical order or to a run of look-alike
mailboxes, while list blasts are. A visible list also hands every buyer the names of your
other customers (and competitors' contacts), and under the GDPR's data-minimisation principle
disclosing third parties' addresses without need is itself a breach.

## Example
To: `anna@a-import.example, ben@b-trade.example, carla@c-retail.example, david@…, emma@…,
felix@…, greta@…` (seven buyers, A to G) fires; the same offer sent to each buyer separately,
or a reply-all to a project thread with four colleagues, does not.

## How to fix
Send one message per buyer, with their name in the greeting (mail-merge in your mail program
or CRM). For a real newsletter, use a mailing tool with an unsubscribe link.

## References
- SpamAssassin `Plugin/HeaderEval.pm` `_check_recipients` (`TOCC_SORTED_COUNT` 7,
  `TOCC_SIMILAR_COUNT` 5, `TOCC_SIMILAR_LENGTH` 2, ratio 0.65); `rules/50_scores.cf`
  `SORTED_RECIPS`, `SUSPICIOUS_RECIPS`
- GDPR Art. 5(1)(c) (data minimisation) and Art. 32 (confidentiality)
"#,
        zh: r#"## 检查什么
按书写顺序读取收件人（To）和抄送（Cc）中的地址（相邻的重复地址只算一次），检查三种情况，每种最多报一次：

- **按字母排序的名单**（2.5 分）：7 个及以上地址恰好按字母顺序排列，这通常是从表格或客户数据库导出后整段粘贴进来的；
- **相似地址**（2.5 分）：5 个及以上地址中，任意两两比较，至少 65% 的组合前两个字母相同，或域名（不同域名之间）前两个字母相同，例如 `sales1@…`、`sales2@…`；
- **公开的长名单**（1.0 分）：To/Cc 中有超过 10 个不属于发件人自己公司域名的地址，且前两种情况都没有触发。回复和转发不算，因为同一邮件往来中的人本来就已经看到彼此的地址。

## 为什么重要
SpamAssassin 的 `SORTED_RECIPS` 和 `SUSPICIOUS_RECIPS` 各计最高约 2.5 分：正常的商务往来几乎不会按字母顺序排列收件人，也不会发给一串长得差不多的邮箱，而群发名单恰恰如此。公开的名单还会把你其他客户的联系方式暴露给每一个买家；按照 GDPR 的数据最小化原则，无必要地披露第三方邮箱本身就是违规。

## 示例
To: `anna@a-import.example, ben@b-trade.example, carla@c-retail.example, david@…, emma@…, felix@…, greta@…`（7 个买家，A 到 G 排序）会触发；把同一份报价分别单独发给每个买家，或在项目邮件中"回复全部"给 4 位同事，不会触发。

## 如何修改
每个买家单独发一封，开头称呼对方的名字（用邮件客户端或 CRM 的邮件合并功能）。真正的营销邮件请用带退订链接的专业邮件群发工具。

## 参考
- SpamAssassin `Plugin/HeaderEval.pm` 中的 `_check_recipients`（`TOCC_SORTED_COUNT` 7、`TOCC_SIMILAR_COUNT` 5、`TOCC_SIMILAR_LENGTH` 2、比例 0.65）；`rules/50_scores.cf` 中的 `SORTED_RECIPS`、`SUSPICIOUS_RECIPS`
- GDPR 第 5(1)(c) 条（数据最小化）和第 32 条（保密性）
"#,
    },
    check,
};

/// SpamAssassin's thresholds (`HeaderEval.pm`).
const SORTED_COUNT: usize = 7;
const SIMILAR_COUNT: usize = 5;
const SIMILAR_RATIO: f64 = 0.65;
/// SpamAssassin looks at 256 addresses at most; so do we, which also bounds the pairwise work.
const MAX_ADDRESSES: usize = 256;
/// More external visible recipients than this is a long list.
const LONG_LIST: usize = 10;

fn check(a: &Analysis, out: &mut Hits) {
    let visible: Vec<String> = {
        let mut list: Vec<String> = Vec::new();
        for m in a.draft.to.iter().chain(&a.draft.cc) {
            let addr = m.address.trim().to_lowercase();
            if !addr.contains('@') || list.last() == Some(&addr) {
                continue;
            }
            list.push(addr);
            if list.len() == MAX_ADDRESSES {
                break;
            }
        }
        list
    };

    let sorted = visible.len() >= SORTED_COUNT && visible.windows(2).all(|w| w[0] <= w[1]);
    if sorted {
        out.add(2.5, Part::Recipients).say(
            format!("{} addresses in To/Cc are in alphabetical order, like a pasted list", visible.len()),
            format!("To/Cc 中的 {} 个地址按字母顺序排列，像是整段粘贴的名单", visible.len()),
        );
    }

    let similar = visible.len() >= SIMILAR_COUNT && similar_ratio(&visible) >= SIMILAR_RATIO;
    if similar {
        out.add(2.5, Part::Recipients).say(
            format!("{} addresses in To/Cc look alike (same first letters), like a generated list", visible.len()),
            format!("To/Cc 中的 {} 个地址开头字母相似，像是批量生成的名单", visible.len()),
        );
    }

    if sorted || similar || a.draft.continues_thread() {
        return;
    }
    let own = a.draft.from.as_ref().and_then(|f| lexicon::registrable_domain(&f.domain()));
    let external = a
        .draft
        .to
        .iter()
        .chain(&a.draft.cc)
        .filter(|m| m.address.contains('@'))
        .filter(|m| own.is_none() || lexicon::registrable_domain(&m.domain()) != own)
        .count();
    if external > LONG_LIST {
        out.add(1.0, Part::Recipients).say(
            format!("{external} outside recipients can see each other's addresses in To/Cc"),
            format!("To/Cc 中有 {external} 个外部收件人能互相看到对方的邮箱地址"),
        );
    }
}

/// SpamAssassin's similarity: over all pairs, one point when the first two characters of the
/// addresses match, one more when the first two characters of the domains match but the domains
/// differ; divided by the number of pairs.
fn similar_ratio(addresses: &[String]) -> f64 {
    let prefix = |s: &str| -> String { s.chars().take(2).collect() };
    let users: Vec<String> = addresses.iter().map(|a| prefix(a)).collect();
    let hosts: Vec<&str> = addresses.iter().map(|a| a.rsplit_once('@').map_or("", |(_, h)| h)).collect();
    let host_prefixes: Vec<String> = hosts.iter().map(|h| prefix(h)).collect();
    let (mut hits, mut pairs) = (0usize, 0usize);
    for i in 0..addresses.len() {
        for j in i + 1..addresses.len() {
            if users[i] == users[j] {
                hits += 1;
            }
            if host_prefixes[i] == host_prefixes[j] && hosts[i] != hosts[j] {
                hits += 1;
            }
            pairs += 1;
        }
    }
    if pairs == 0 {
        0.0
    } else {
        hits as f64 / pairs as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_ratio_counts_like_spamassassin() {
        let list: Vec<String> = (1..=5).map(|i| format!("sales{i}@acme.example")).collect();
        assert!(similar_ratio(&list) >= 1.0);
        let list: Vec<String> =
            ["anna@a.example", "ben@b.example", "carl@c.example", "dora@d.example", "emil@e.example"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        assert_eq!(similar_ratio(&list), 0.0);
    }
}
