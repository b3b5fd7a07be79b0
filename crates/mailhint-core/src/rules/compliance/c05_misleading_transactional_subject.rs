//! C05 `misleading-transactional-subject`: the subject announces an invoice, payment, order,
//! delivery or account matter that the message does not contain.

use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// C05.
pub(crate) static RULE: Rule = Rule {
    code: "C05",
    name: "misleading-transactional-subject",
    category: Category::Compliance,
    severity: Severity::Low,
    cap: None,
    summary: L10n {
        en: "The subject announces an invoice, order or account matter the message does not contain",
        zh: "主题提到发票、订单或账户事项，正文却没有相关内容",
    },
    fix: L10n {
        en: "Subject must reflect the content (CAN-SPAM): name what the mail is really about, or add the reference or document the subject announces.",
        zh: "主题必须与内容相符（CAN-SPAM 要求）：写明邮件真正的内容，或补上主题提到的单号或文件。",
    },
    doc: doc! {
        en: r#"## What it does
Fires when a new message's subject uses a transactional word and the message backs it with
nothing. Three families of words are checked:
- money: invoice, proforma, payment (advice, confirmation, reminder…), remittance, overdue,
  wire transfer, bank details, account statement, `发票`, `付款`, `汇款`;
- orders and delivery: order number/confirmation/status, "your order", purchase order, PO
  number, delivery failed/notice, undelivered, shipment or shipping notice, tracking number,
  "parcel on hold", `订单`;
- account: "verify/update/suspended account", "account locked/suspended/alert", `账户`, `账号`.

The catalog lists "account" alone; we require the phishing forms ("verify your account",
"account suspended"), so that "Your new account manager" or "Key account introduction" is not
flagged. Bare "statement", "receipt" and "parcel" are left out for the same reason.

The message backs the subject when it has any attachment, a reference number (`INV-2025-061`,
`#4471`, `No. 2231`), or a word of the same family in the body ("payment", "T/T", "USD" for
money; "order", "shipment", "tracking" for orders; "account", "login" for accounts). Replies
and forwards are exempt: their subject comes from the thread.

## Why it matters
CAN-SPAM forbids subject lines that mislead about the content, and Yahoo and Outlook.com ask
for accurate subjects. "Invoice" or "Your order" over a sales pitch is a classic trick of spam
and phishing, and filters and readers learn to distrust it.

## Example
Subject "Invoice" over "Hi Maria, we are a leading LED manufacturer…" fires; subject
"Invoice INV-2025-061 for order 4471" with the PDF attached does not.

## How to fix
Write a subject that says what the mail is (e.g. "IP65 high-bays for Acme's warehouses"), or
add the invoice, order number or document the subject promises.

## References
- US CAN-SPAM Act, 15 U.S.C. 7704(a)(2) (deceptive subject headings); FTC compliance guide
- Yahoo Sender Best Practices ("don't use deceptive subject lines"); Outlook.com Policies,
  Practices and Guidelines ("use accurate subject lines")
"#,
        zh: r#"## 检查什么
新邮件的主题使用了交易类用词，而邮件内容没有任何对应内容时触发。检查三类用词：
- 款项：invoice、proforma、payment（advice、confirmation、reminder 等）、remittance、overdue、wire transfer、
  bank details、account statement、`发票`、`付款`、`汇款`；
- 订单和物流：订单号/订单确认/订单状态、"your order"、purchase order、PO 号、delivery failed/notice、undelivered、
  shipment 或 shipping notice、tracking number、"parcel on hold"、`订单`；
- 账户："verify/update/suspended account"、"account locked/suspended/alert"、`账户`、`账号`。

规则目录只列了 "account" 一个词；我们只认钓鱼邮件常用的说法（"verify your account"、"account suspended"），
以免 "Your new account manager" 或 "Key account introduction" 被误报。单独的 "statement"、"receipt"、"parcel" 也因此不计。

只要邮件带有任何附件、有单号（`INV-2025-061`、`#4471`、`No. 2231`），或者正文中有同一类的词（款项类如 "payment"、"T/T"、
"USD"；订单类如 "order"、"shipment"、"tracking"；账户类如 "account"、"login"），就算内容与主题相符。回复和转发不检查，
因为它们的主题沿用自往来邮件。

## 为什么重要
美国 CAN-SPAM 禁止使用对内容有误导性的主题，Yahoo 和 Outlook.com 也要求主题准确。在推销邮件上写 "Invoice" 或 "Your order"
是垃圾邮件和钓鱼邮件的惯用伎俩，过滤器和读者都会因此不再信任。

## 示例
主题为 "Invoice"、正文是 "Hi Maria, we are a leading LED manufacturer…" 的邮件会触发；主题为 "Invoice INV-2025-061 for
order 4471" 并附有 PDF 的邮件不会。

## 如何修改
主题写明邮件的真实内容（例如 "IP65 high-bays for Acme's warehouses"），或者补上主题提到的发票、订单号或文件。

## 参考
- 美国 CAN-SPAM 法案 15 U.S.C. 7704(a)(2)（误导性主题）；FTC 合规指南
- Yahoo 发件人最佳实践（"不要使用误导性主题"）；Outlook.com 政策与指南（"使用准确的主题"）
"#,
    },
    check,
};

/// The families of transactional subjects.
#[derive(Clone, Copy)]
enum Family {
    Money,
    Order,
    Account,
}

fn check(a: &Analysis, out: &mut Hits) {
    if a.draft.continues_thread() || !a.attachments().is_empty() {
        return;
    }
    let bait = crate::regex!(
        r"(?i)(?-u:\b)(?:(?:proforma\s+)?invoices?|payments?(?:\s+(?:advice|confirmation|receipt|reminder|notice|notification|failed|overdue|due|request))?|remittance(?:\s+advice)?|overdue|wire\s+transfer|bank\s+(?:details|account|statement)|(?:account|monthly)\s+statement|statement\s+of\s+account|orders?\s+(?:no|number|confirmation|status|update)|your\s+order|purchase\s+orders?|delivery\s+(?:failed|failure|notice|notification|status|attempt)|undeliver(?:ed|able)|(?:shipment|shipping)\s+(?:notice|notification|confirmation|update)|tracking\s+(?:number|no)|parcel\s+(?:on\s+hold|held|delivery|notification|waiting)|(?:verify|update|confirm|unlock|reactivate|suspend(?:ed)?|restore)\s+(?:your\s+)?accounts?|accounts?\s+(?:suspended|locked|verification|alert|closed|on\s+hold|security|update|deactivated|expired))(?-u:\b)|(?-u:\b)(?:orders?|po|tracking)\s*(?:#|no\.)|发票|付款|汇款|订单|账户|账号"
    );
    let Some(m) = bait.find(&a.subject) else {
        return;
    };
    let word = m.as_str().trim().to_string();
    let family = family_of(&word);
    if has_reference(&a.body) || body_mentions(&a.body, family) {
        return;
    }
    out.add(0.5, Part::Subject).at(m.range()).say(
        format!("The subject says “{word}” but the message has no matching reference, document or attachment"),
        format!("主题写了“{word}”，但邮件中没有对应的单号、内容或附件"),
    );
}

/// The family of a transactional subject word.
fn family_of(word: &str) -> Family {
    let w = word.to_lowercase();
    if (w.contains("account") && !w.contains("statement") && !w.contains("bank")) || w.contains("账") {
        Family::Account
    } else if ["order", "po", "deliver", "undeliver", "ship", "tracking", "parcel", "订单"]
        .iter()
        .any(|k| w.contains(k))
    {
        Family::Order
    } else {
        Family::Money
    }
}

/// Whether `text` carries a reference number: letters and digits joined (`INV-2025-061`,
/// `PO4471`), or a `#` or `No.` followed by digits.
fn has_reference(text: &str) -> bool {
    crate::regex!(
        r"(?i)(?-u:\b)[a-z]{1,6}[-/_#]?\d{3,}(?:[-/]\d+)*(?-u:\b)|#\s?\d{3,}|(?-u:\b)no\.?\s?\d{3,}|编号|单号"
    )
    .is_match(text)
}

/// Whether the body speaks of the subject's family of matters.
fn body_mentions(body: &str, family: Family) -> bool {
    match family {
        Family::Money => crate::regex!(
            r"(?i)(?-u:\b)(?:invoices?|inv|proforma|pi|payments?|pay|paid|paying|remittance|receipts?|bill(?:s|ed|ing)?|amount|balance|bank|transfer|t/t|tt|deposit|swift|iban|statements?|due|overdue)(?-u:\b)|(?-u:\b)(?:usd|eur|rmb|cny|gbp)(?-u:\b)|[$€£¥]\s?\d|发票|付款|汇款|货款|金额|账单"
        )
        .is_match(body),
        Family::Order => crate::regex!(
            r"(?i)(?-u:\b)(?:orders?|ordered|po|purchase|shipments?|ship|shipped|shipping|deliver(?:y|ed|ies)?|tracking|track|parcels?|packages?|containers?|b/l|bill of lading|awb|courier|dhl|fedex|ups|tnt|ems|etd|eta|dispatch(?:ed)?|goods|cargo)(?-u:\b)|订单|发货|物流|快递|货物"
        )
        .is_match(body),
        Family::Account => crate::regex!(r"(?i)(?-u:\b)(?:accounts?|login|log in|sign in|password|profile|portal|username|user name)(?-u:\b)|账户|账号|登录|密码").is_match(body),
    }
}
