//! S02 `subject-shouting-words`: several words of an otherwise normal subject are in capitals.

use super::shared;
use crate::analysis::Analysis;
use crate::lexicon;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// S02.
pub(crate) static RULE: Rule = Rule {
    code: "S02",
    name: "subject-shouting-words",
    category: Category::Subject,
    severity: Severity::Low,
    cap: None,
    summary: L10n { en: "Several words of the subject are in capitals", zh: "主题中有多个单词全部大写" },
    fix: L10n {
        en: "Avoid SHOUTING words: write them in normal case and keep capitals for real acronyms (FOB, MOQ, ISO).",
        zh: "不要用全大写的单词“喊叫”，改成正常大小写；只有 FOB、MOQ、ISO 这类真正的缩写才保留大写。",
    },
    doc: doc! {
        en: r#"## What it does
Flags a subject with two or more words of four capital letters or more (`SALE`, `PRODUCTS`,
`URGENT`) that are not trade or technical acronyms. Acronyms such as FOB, EXW, MOQ, OEM, ISO,
ROHS, HVAC or RFID never count, nor does a word that is the sender's or the recipient's company
name (a word of their display name or of their mail domain, such as `ACME` for
`sales@acme.com`). Brand and model names are often written in capitals too (`BOSCH`,
`SIEMENS`), so, going beyond the catalog's bare count, at least one of the capitalised words
must be an ordinary word (`SALE`, `FREE`, `BEST`, `PRICE`, `PRODUCTS`, `URGENT`, `LIMITED`…).
A subject that is entirely in capitals is left to S01, and a subject inherited from the thread
(`Re:` in a real reply) is left alone: its words were chosen by the other side.

## Why it matters
Capitalised words read as shouting, a style that filters and readers associate with promotions:
Gmail's own examples of misleading display names are written this way ("TIME IS RUNNING OUT"),
and deliverability guides list capitalised words among the formatting habits of bulk mail. It is
a weak signal on its own, hence the low weight.

## Example
`HOT SALE!!! NEW PRODUCTS - Best price LED lights` fires (`SALE`, `PRODUCTS`);
`New LED high-bays: FOB Ningbo price list and MOQ` and `Spare parts for BOSCH and SIEMENS
motors` do not.

## How to fix
Write these words in normal case. If something must stand out, say it with a specific fact
(price, lead time, certificate) instead of capitals.

## References
- Gmail, Email sender guidelines (support.google.com/mail/answer/81126), display names: no urgency or subject content such as "TIME IS RUNNING OUT (SALE)" or "URGENT REQUEST"
- Mailmeteor, "Spam words" (formatting: capitalised words)
- SpamAssassin `SUBJ_ALL_CAPS` and Rspamd `SUBJ_ALL_CAPS` score the fully capitalised subject (see S01)
"#,
        zh: r#"## 检查什么
主题中有两个或以上由四个及以上大写字母组成、且不是贸易或技术缩写的单词（如 `SALE`、`PRODUCTS`、`URGENT`）。
FOB、EXW、MOQ、OEM、ISO、ROHS、HVAC、RFID 等缩写不计入；发件人或收件人的公司名（显示名称或邮箱域名中的单词，
例如 `sales@acme.com` 的 `ACME`）也不计入。品牌和型号也常写成大写（`BOSCH`、`SIEMENS`），所以在规则表的计数之外，
还要求这些大写单词中至少有一个是普通单词（`SALE`、`FREE`、`BEST`、`PRICE`、`PRODUCTS`、`URGENT`、`LIMITED` 等）。
整个主题都是大写的情况由 S01 处理；真实回复中沿用对方的主题（带 `Re:`）
不检查，因为那些词是对方写的。

## 为什么重要
全大写的单词给人“喊叫”的感觉，过滤器和收件人都会把它和促销邮件联系在一起：Gmail 举例说明误导性显示名称时用的就是
这种写法（"TIME IS RUNNING OUT"），各类送达率指南也把大写单词列为群发邮件的典型格式。单独出现时信号较弱，所以分值较低。

## 示例
`HOT SALE!!! NEW PRODUCTS - Best price LED lights` 会触发（`SALE`、`PRODUCTS`）；
`New LED high-bays: FOB Ningbo price list and MOQ` 和 `Spare parts for BOSCH and SIEMENS motors` 不会。

## 如何修改
把这些单词改成正常大小写。如果想突出重点，请写出具体信息（价格、交期、认证），而不是靠大写字母。

## 参考
- Gmail《电子邮件发件人指南》（support.google.com/mail/answer/81126）显示名称部分：不要写入 "TIME IS RUNNING OUT (SALE)"、"URGENT REQUEST" 这类制造紧迫感的主题内容
- Mailmeteor《垃圾邮件词汇》（格式：大写单词）
- SpamAssassin 与 Rspamd 的 `SUBJ_ALL_CAPS` 针对整个主题全大写（见 S01）
"#,
    },
    check,
};

/// Technical acronyms of four letters or more that the shared list lacks; they are written in
/// capitals in ordinary trade mail.
#[rustfmt::skip]
const MORE_ACRONYMS: &[&str] = &[
    "HVAC", "RFID", "PTFE", "EPDM", "AISI", "ATEX", "NEMA", "WRAS", "SASO", "PPAP", "APQP", "FMEA", "WEEE", "FSSC",
    "BRCGS", "CNAS", "IECEE", "UKCA", "EORI", "INCOTERMS", "UHMW", "NDFEB", "UPVC", "CPVC", "LLDPE", "PPGI", "PPGL",
    "IPTV", "LORA", "WIFI", "SCADA", "MPPT", "BLDC", "IGBT", "MOSFET", "AMOLED", "CCTV",
];

/// Ordinary words of four letters or more that subjects shout: offers, urgency, superlatives
/// and the vocabulary of promotions. A capitalised word outside this list may be a brand or a
/// model name.
#[rustfmt::skip]
const SHOUTED_WORDS: &[&str] = &[
    "SALE", "SALES", "FREE", "BEST", "PRICE", "PRICES", "OFFER", "OFFERS", "URGENT", "LIMITED", "SPECIAL", "DISCOUNT",
    "DISCOUNTS", "CHEAP", "CHEAPEST", "LOWEST", "GREAT", "AMAZING", "INCREDIBLE", "PRODUCT", "PRODUCTS", "QUALITY",
    "FACTORY", "DIRECT", "DIRECTLY", "TIME", "LAST", "CHANCE", "ONLY", "TODAY", "CLICK", "HERE", "ORDER", "ORDERS",
    "WHOLESALE", "PROMOTION", "PROMO", "CLEARANCE", "STOCK", "HURRY", "IMPORTANT", "ATTENTION", "NOTICE", "REMINDER",
    "FINAL", "EXCLUSIVE", "GUARANTEED", "GUARANTEE", "BONUS", "GIFT", "GIFTS", "SAMPLE", "SAMPLES", "WINNER",
    "CONGRATULATIONS", "WARNING", "ALERT", "ACTION", "REQUIRED", "IMMEDIATE", "IMMEDIATELY", "DEAL", "DEALS", "SAVE",
    "SAVINGS", "NEWEST", "LATEST", "HIGH", "SUPER", "MEGA", "HUGE", "HOTTEST", "SELLING", "SELLER", "SELLERS",
    "TRENDING", "LAUNCH", "ARRIVAL", "ARRIVALS", "READY", "SHIPPING", "DELIVERY", "FAST", "QUICK", "EASY", "WORLD",
    "LEADING", "MANUFACTURER", "SUPPLIER", "EXPORTER", "CHINA", "WELCOME", "HELLO", "DEAR", "FRIEND", "THANK",
    "THANKS", "PLEASE", "READ", "OPEN", "NEWS", "UPDATE", "YEAR", "MONTH", "WEEK", "DAYS", "HOURS", "LEFT", "ENDS",
    "ENDING", "EXPIRES", "SOON", "STOP", "MISS", "NEVER", "MORE", "MONEY", "CASH", "EARN", "INCOME", "PROFIT",
    "PROFITS", "TOTAL", "PERCENT", "UNLIMITED", "TRIAL", "CERTIFIED", "ORIGINAL", "GENUINE", "LUXURY", "PREMIUM",
    "INQUIRY", "ENQUIRY", "QUOTATION", "QUOTE", "CATALOG", "CATALOGUE", "WITH", "FROM", "YOUR", "THIS", "THAT",
    "WILL", "JUST", "OPPORTUNITY", "BUSINESS", "PARTNER", "COOPERATION", "INVITATION", "CONFIRM", "PAYMENT",
    "INVOICE", "SHIPMENT", "GOODS", "CHRISTMAS", "HAPPY", "LIGHTS", "LIGHTING", "MACHINE", "MACHINES", "PARTS",
];

fn check(a: &Analysis, out: &mut Hits) {
    if shared::inherited(a) {
        return;
    }
    let (start, rest) = shared::own_part(&a.subject);
    if whole_subject_in_capitals(rest) {
        return;
    }
    let names = company_words(a);
    let shouted: Vec<(usize, usize)> = crate::regex!(r"\b[A-Z]{4,}\b")
        .find_iter(rest)
        .filter(|m| {
            let w = m.as_str();
            !lexicon::is_acronym(w)
                && !MORE_ACRONYMS.iter().any(|x| x.eq_ignore_ascii_case(w))
                && !names.iter().any(|n| n.eq_ignore_ascii_case(w))
        })
        .map(|m| (m.start(), m.end()))
        .collect();
    // Brand and model names are written in capitals too (BOSCH, SIEMENS): the subject shouts only
    // when one of the capitalised words is an ordinary word.
    let ordinary = shouted.iter().any(|&(s, e)| SHOUTED_WORDS.iter().any(|w| w.eq_ignore_ascii_case(&rest[s..e])));
    let (Some(first), Some(last)) = (shouted.first(), shouted.last()) else {
        return;
    };
    if shouted.len() < 2 || !ordinary {
        return;
    }
    let quoted: Vec<&str> = shouted.iter().take(6).map(|&(s, e)| &rest[s..e]).collect();
    let list = quoted.join(", ");
    out.add(0.5, Part::Subject)
        .at(start + first.0..start + last.1)
        .say(format!("{} words in capitals: {list}", shouted.len()), format!("{} 个全大写单词：{list}", shouted.len()));
}

/// Whether S01 covers the subject (the same test as S01: at least 10 bytes, a space, letters
/// all in capitals and one ordinary word), so that the two rules do not count one habit twice.
fn whole_subject_in_capitals(rest: &str) -> bool {
    if rest.len() < 10 || !rest.contains(char::is_whitespace) {
        return false;
    }
    let mut letters = rest.chars().filter(char::is_ascii_alphabetic).peekable();
    if letters.peek().is_none() || rest.chars().any(|c| c.is_ascii_lowercase()) {
        return false;
    }
    rest.split(|c: char| !c.is_ascii_alphabetic()).any(|w| w.len() >= 4 && !lexicon::is_acronym(w))
}

/// Words that name the sender's or the recipients' companies: the words of their display names
/// and the labels of their mail domains. Companies often write their own name in capitals.
fn company_words(a: &Analysis) -> Vec<String> {
    let mut out = Vec::new();
    let people = a.draft.from.iter().chain(a.draft.to.iter().take(50));
    for m in people {
        if let Some(name) = &m.name {
            out.extend(name.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() >= 4).map(str::to_string));
        }
        out.extend(m.domain().split(['.', '-']).filter(|w| w.len() >= 4).map(str::to_string));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_all_caps_subject_is_left_to_s01() {
        assert!(whole_subject_in_capitals("HOT SALE LED LIGHTS"));
        assert!(!whole_subject_in_capitals("HOT SALE Best price"));
        assert!(!whole_subject_in_capitals("RFQ ISO FOB"));
    }
}
