//! C04 `consent-required-region`: unsolicited commercial mail to recipients in Germany,
//! Austria or elsewhere in the EU, where email advertising needs prior consent.

use super::common;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// C04.
pub(crate) static RULE: Rule = Rule {
    code: "C04",
    name: "consent-required-region",
    category: Category::Compliance,
    severity: Severity::Info,
    cap: None,
    summary: L10n {
        en: "Advertising mail to recipients where email marketing needs prior consent",
        zh: "向需要事先同意才能接收营销邮件的地区发送推广邮件",
    },
    fix: L10n {
        en: "Germany/EU require prior consent for email advertising, including B2B: write only to buyers who asked to hear from you, or make first contact another way.",
        zh: "德国和欧盟要求发送营销邮件前取得对方同意（包括企业之间）：只给表示愿意接收的采购发信，或改用其他方式首次联系。",
    },
    doc: doc! {
        en: r#"## What it does
Gives a notice (no real cost) when a draft looks like advertising to a new contact and goes to
an address under the top-level domain of Germany (`.de`) or Austria (`.at`), 0.3 point, or of
another EU/EEA country or `.eu`, 0.2 point. Advertising means bulk mail, a new message with
promotional wording, or a new message pitching products (the test of C03); replies and forwards
are exempt because the recipient is already in touch. One notice names the domains.

Companies under `.com` cannot be placed by their address, so this is a reminder, not a verdict.

## Why it matters
Germany's UWG §7(2) Nr. 2 makes email advertising without prior express consent an
unreasonable nuisance for every addressee, businesses included, and Austria's TKG requires
consent as well; German competitors and their lawyers send cease-and-desist letters for single
mails. The EU ePrivacy Directive (Art. 13) requires consent for marketing to individuals and
lets each country decide for companies. Unwanted mail also gets reported as spam.

## Example
A cold pitch to `einkauf@muster-licht.de` gets the notice; a reply to a German buyer's inquiry
does not.

## How to fix
Write to German, Austrian and other EU buyers only after they have asked to hear from you
(an inquiry, a trade-fair contact who gave you a card and agreed, a sign-up form). Make the
first contact by phone, LinkedIn or at a fair, and keep proof of the consent.

## References
- German UWG §7(2) Nr. 2 and Nr. 3 (lxgesetze.de/uwg/7)
- EU ePrivacy Directive 2002/58/EC Art. 13; GDPR Art. 21(2)–(3)
- Austrian Telecommunications Act (TKG 2021) §174
"#,
        zh: r#"## 检查什么
邮件看起来是给新联系人的推广邮件，且收件人地址属于德国（`.de`）或奥地利（`.at`）顶级域名时，给出提示（0.3 分，几乎不扣分）；
属于其他欧盟/欧洲经济区国家或 `.eu` 时计 0.2 分。推广邮件指群发邮件、带促销用语的新邮件，或推销产品的新邮件（与 C03 的判断相同）；
回复和转发不检查，因为对方已经在与你联系。只给出一条提示，并列出相关域名。

使用 `.com` 的公司无法从地址判断所在国家，所以这只是提醒，不是结论。

## 为什么重要
德国 UWG 第 7(2) 条第 2 项规定，未经事先明确同意发送广告邮件，对任何收件人（包括企业）都构成不合理骚扰；奥地利 TKG 也要求事先同意。
德国的竞争对手和律师会因为一封邮件就发出警告函。欧盟电子隐私指令（第 13 条）要求向个人发送营销邮件须事先同意，对企业则由各国自行规定。
不受欢迎的邮件还会被举报为垃圾邮件。

## 示例
发给 `einkauf@muster-licht.de` 的开发信会收到提示；回复德国采购询价的邮件不会。

## 如何修改
只在德国、奥地利及其他欧盟采购表示愿意接收之后再发邮件（对方询价、在展会上交换名片并同意联系、在网站上订阅等）。
首次联系可以通过电话、LinkedIn 或展会进行，并保留对方同意的证据。

## 参考
- 德国 UWG 第 7(2) 条第 2、3 项（lxgesetze.de/uwg/7）
- 欧盟电子隐私指令 2002/58/EC 第 13 条；GDPR 第 21(2)–(3) 条
- 奥地利电信法（TKG 2021）第 174 条
"#,
    },
    check,
};

/// Top-level domains where consent is required for all email advertising, B2B included.
const STRICT: &[&str] = &["de", "at"];

/// Other EU and EEA country domains, and `.eu`.
const EU: &[&str] = &[
    "be", "bg", "hr", "cy", "cz", "dk", "ee", "fi", "fr", "gr", "hu", "ie", "it", "lv", "lt", "lu", "mt", "nl", "pl",
    "pt", "ro", "sk", "si", "es", "se", "eu", "is", "li", "no",
];

fn check(a: &Analysis, out: &mut Hits) {
    if a.draft.continues_thread() || common::commercial(a, true).is_none() {
        return;
    }
    let mut domains: Vec<String> = Vec::new();
    let mut strict = false;
    for mailbox in a.draft.recipients() {
        let domain = mailbox.domain();
        let Some(tld) = domain.rsplit('.').next() else {
            continue;
        };
        let is_strict = STRICT.contains(&tld);
        if is_strict || EU.contains(&tld) {
            strict |= is_strict;
            if !domains.contains(&domain) {
                domains.push(domain);
            }
        }
    }
    if domains.is_empty() {
        return;
    }
    let shown = domains.iter().take(3).map(String::as_str).collect::<Vec<_>>().join(", ");
    let more = if domains.len() > 3 { format!(" (+{})", domains.len() - 3) } else { String::new() };
    let (en, zh) = if strict {
        (
            format!("Advertising to {shown}{more}: Germany and Austria require prior consent, even between companies"),
            format!("向 {shown}{more} 发送推广邮件：德国和奥地利要求事先取得同意，企业之间也不例外"),
        )
    } else {
        (
            format!("Advertising to {shown}{more}: EU law may require the recipient's prior consent"),
            format!("向 {shown}{more} 发送推广邮件：欧盟法律可能要求事先取得收件人同意"),
        )
    };
    out.add(if strict { 0.3 } else { 0.2 }, Part::Recipients).say(en, zh);
}
