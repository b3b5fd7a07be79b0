//! C03 `missing-sender-identity`: commercial mail that does not say which company sends it or
//! gives no way to reach it besides the email address.

use super::common;
use crate::analysis::Analysis;
use crate::lexicon;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// C03.
pub(crate) static RULE: Rule = Rule {
    code: "C03",
    name: "missing-sender-identity",
    category: Category::Compliance,
    severity: Severity::Low,
    cap: None,
    summary: L10n {
        en: "The message does not say clearly which company sends it and how to reach it",
        zh: "邮件没有清楚说明发件公司是谁、如何联系",
    },
    fix: L10n {
        en: "Add company name, website and phone to your signature.",
        zh: "请在签名中加上公司名称、网址和电话。",
    },
    doc: doc! {
        en: r#"## What it does
For commercial mail, checks that the sender is identified and reachable. It applies to bulk
and promotional mail (as C01) and also to a new one-to-one message that pitches products
("we are a leading manufacturer of…", "we supply…", "our new collection"), since a cold sales
mail is commercial mail too; replies are exempt.
- Identity: a company name with its legal form (`Co., Ltd.`, `Ltd`, `LLC`, `Inc.`, `GmbH`,
  `S.r.l.`, `有限公司`…), or the name of the sender's own domain written out (`X Lighting` for
  `x-lighting.com`), in the text or the From display name.
- A second contact channel besides the email address: a phone number (`Tel:`, `+86 574…`,
  WhatsApp, WeChat) or a website (a link to the sender's domain, or a web address in the text).

It scores 0.5 once, saying what is missing.

## Why it matters
CASL requires the sender's business name and a mailing address plus a phone, email or web
address; the UK's PECR requires marketing to companies to identify the sender and give contact
details; Germany's UWG §7 forbids concealing the sender. Gmail asks for "sender information
clear and visible". Buyers check the company before they answer a supplier they do not know.

## Example
A cold pitch signed only "Lily" fires; one signed "Lily Chen · Sales Manager · X Lighting Co.,
Ltd. · +86 574 8888 0000 · www.x-lighting.com" does not.

## How to fix
End every commercial mail with a full signature: your name and title, the company's legal
name, its website and a phone number (WhatsApp/WeChat are welcome as extras).

## References
- Canada CASL identification requirements (CRTC guidance)
- UK PECR Reg. 22/23 (corporate subscribers: identify yourself and give contact details)
- German UWG §7(2) Nr. 3; EU ePrivacy Directive 2002/58/EC Art. 13(4)
- Google "Email sender guidelines": sender information clear and visible
"#,
        zh: r#"## 检查什么
检查商业邮件能否看出发件人是谁、如何联系。适用于群发和促销邮件（同 C01），也适用于推销产品的一对一新邮件（"we are a leading
manufacturer of…"、"we supply…"、"our new collection" 等），因为开发信同样属于商业邮件；回复邮件不检查。
- 身份：带法律形式的公司名称（`Co., Ltd.`、`Ltd`、`LLC`、`Inc.`、`GmbH`、`S.r.l.`、`有限公司` 等），或者写出发件域名对应的名称
  （`x-lighting.com` 对应 `X Lighting`），出现在正文或发件人显示名中均可。
- 邮箱之外的第二种联系方式：电话（`Tel:`、`+86 574…`、WhatsApp、微信）或网站（指向发件域名的链接，或正文中的网址）。

缺少任一项计 0.5 分（只计一次），并说明缺什么。

## 为什么重要
加拿大 CASL 要求写明经营名称和邮寄地址，以及电话、邮箱或网址之一；英国 PECR 要求向企业发送的营销邮件标明发件人并提供联系方式；
德国 UWG 第 7 条禁止隐瞒发件人身份。Gmail 要求"发件人信息清晰可见"。采购在回复不认识的供应商之前，都会先核实公司。

## 示例
只署名 "Lily" 的开发信会触发；署名 "Lily Chen · Sales Manager · X Lighting Co., Ltd. · +86 574 8888 0000 ·
www.x-lighting.com" 的不会。

## 如何修改
每封商业邮件都以完整签名结尾：姓名和职位、公司法定名称、公司网址和电话（可以再加 WhatsApp/微信）。

## 参考
- 加拿大 CASL 身份标识要求（CRTC 指南）
- 英国 PECR 第 22/23 条（企业收件人：表明身份并提供联系方式）
- 德国 UWG 第 7(2) 条第 3 项；欧盟电子隐私指令 2002/58/EC 第 13(4) 条
- Google《电子邮件发件人指南》：发件人信息清晰可见
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    if common::commercial(a, true).is_none() {
        return;
    }
    let identified = has_company_name(a);
    let reachable = has_phone(&a.body) || has_website(a);
    let (en, zh) = match (identified, reachable) {
        (true, true) => return,
        (false, false) => (
            "The message names no company and gives no phone number or website",
            "邮件中既没有公司名称，也没有电话或网址",
        ),
        (false, true) => (
            "The message does not give your company's name (e.g. “X Lighting Co., Ltd.”)",
            "邮件中没有公司名称（例如“X Lighting Co., Ltd.”）",
        ),
        (true, false) => ("No phone number or website besides the email address", "除邮箱外没有电话或网址"),
    };
    out.add(0.5, Part::Body).say(en, zh);
}

/// Whether the text or the From display name gives the company's name: a legal form, or the
/// sender's own domain name written as words.
fn has_company_name(a: &Analysis) -> bool {
    let legal = crate::regex!(
        r"(?i)(?-u:\b)(?:co\.?,?\s*ltd|ltd|llc|l\.l\.c|inc|incorporated|corp|corporation|gmbh|mbh|s\.\s?r\.\s?l|srl|s\.\s?p\.\s?a|spa|sarl|s\.a\.s|ltda|pty|pvt|plc|sp\.\s?z\s?o\.\s?o)(?-u:\b)|(?-i:(?-u:\b)(?:AG|KG|SA|S\.A\.|SL|S\.L\.|AB|BV|B\.V\.|NV|N\.V\.|Oy|SE|A/S|ApS)(?-u:\b))|(?-u:\b)(?-i:Limited|LIMITED)(?-u:\b)|(?-u:\b)(?-i:Limited|LIMITED)(?-u:\b)|有限公司|有限责任公司|股份有限公司|集团"
    );
    let display = a.draft.from.as_ref().and_then(|f| f.name.as_deref()).unwrap_or("");
    if legal.is_match(&a.body) || legal.is_match(display) {
        return true;
    }
    let Some(from) = &a.draft.from else {
        return false;
    };
    let domain = from.domain();
    if domain.is_empty() || lexicon::is_freemail(&domain) {
        return false;
    }
    let registrable = lexicon::registrable_domain(&domain).unwrap_or(domain);
    let label = registrable.split('.').next().unwrap_or("");
    let parts: Vec<String> = label.split('-').filter(|p| !p.is_empty()).map(regex::escape).collect();
    if label.len() < 3 || parts.is_empty() {
        return false;
    }
    // "x-lighting" matches "X Lighting", "X-Lighting" or "XLighting" written as a name, but not
    // inside the addresses "lily@x-lighting.com" or "www.x-lighting.com".
    let Ok(re) = regex::Regex::new(&format!(r"(?i)(?-u:\b){}(?-u:\b)", parts.join(r"[\s-]*"))) else {
        return false;
    };
    for text in [a.body.as_str(), display] {
        for m in re.find_iter(text) {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            if !matches!(before, Some('@' | '.' | '/')) && !matches!(after, Some('.' | '@')) {
                return true;
            }
        }
    }
    false
}

/// Whether the text gives a phone number or a messenger account.
fn has_phone(body: &str) -> bool {
    crate::regex!(
        r"(?i)(?:(?-u:\b)(?:tel|phone|telephone|mob|mobile|cell|fax|hotline)(?-u:\b)|电话|手机|座机)\.?\s*(?:no\.?|number)?\s*[:：.]?\s*[+(]?\d|(?-u:\b)(?:whatsapp|wechat|skype|viber|telegram)(?-u:\b)\s*(?:id)?\s*[:：/]?\s*[+\w]|微信\s*[:：]?\s*\w|\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{2,5}(?:[\s.-]?\d{2,5}){1,4}"
    )
    .is_match(body)
}

/// Whether the draft gives a website: a link to the sender's own domain, or a web address
/// written in the text (not the domain of an email address).
fn has_website(a: &Analysis) -> bool {
    let sender = a.draft.from.as_ref().map(|f| f.domain()).and_then(|d| lexicon::registrable_domain(&d));
    let own_link = a.links.iter().any(|l| {
        let host = lexicon::url_host(&l.href);
        sender.is_some() && host.and_then(|h| lexicon::registrable_domain(&h)) == sender
    });
    if own_link {
        return true;
    }
    let web = crate::regex!(
        r"(?i)(?-u:\b)(?:https?://|www\.)[^\s]+|(?-u:\b)[a-z0-9][a-z0-9-]{1,62}(?:\.[a-z0-9-]{1,62})*\.(?:com|net|org|biz|info|io|co|cn|com\.cn|hk|tw|de|it|es|fr|uk|co\.uk|eu|nl|pl|tr|in|vn|jp|kr|ru|br|mx|us|ca|au)(?-u:\b)"
    );
    web.find_iter(&a.body).any(|m| {
        let before = a.body[..m.start()].chars().next_back();
        !matches!(before, Some('@' | '.' | '-')) && !a.body[m.end()..].starts_with('@')
    })
}
