//! C02 `missing-postal-address`: commercial mail without the sender's postal address.

use super::common;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// C02.
pub(crate) static RULE: Rule = Rule {
    code: "C02",
    name: "missing-postal-address",
    category: Category::Compliance,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "Commercial mail without the sender's postal address", zh: "营销邮件中没有发件公司的邮寄地址"
    },
    fix: L10n {
        en: "Add your company's postal address to the footer (street and number or P.O. box, city, country).",
        zh: "请在邮件页脚加上公司的邮寄地址（街道门牌号或邮政信箱、城市、国家）。",
    },
    doc: doc! {
        en: r#"## What it does
Fires when a draft is commercial mail (the same test as C01: bulk, or a new message with two or
more promotional phrases) and no postal address can be found in its text. An address is:
- a street with a number: `No. 8 Keji Rd`, `1600 Amphitheatre Parkway`, `Hauptstraße 5`,
  `Via Roma 12`, an industrial or science park, or `Room 1201`, `Building 3`, `5/F`;
- or a P.O. box (`P.O. Box`, `Postfach`, `Apartado`, `Caixa Postal`);
- with a country name, a Chinese province or export city (Zhejiang, Ningbo, Shenzhen…) or a
  postcode within about two lines, so that "3 way valves, FOB China" or "bearing 6204" are not
  taken for addresses;
- or a line labelled as an address that holds a number (`Add: No. 8 Keji Rd, Ningbo`,
  `Address:`, `Anschrift:`, `地址：`);
- or a Chinese street-and-number address (`科技路8号`, `鄞州区…8号`), which is unambiguous alone.

## Why it matters
CAN-SPAM requires a valid physical postal address (street address, P.O. box or registered
private mailbox) in every commercial mail, and CASL a mailing address. Beyond the law, a real
address is one of the first things a foreign buyer checks to tell a factory from a scammer.

## Example
A promotion sent in campaign mode that ends with "Lily Chen, X Lighting" fires; the same mail
ending with "X Lighting Co., Ltd. · No. 8 Keji Rd, Ningbo 315000, China" does not.

## How to fix
Put your company's full postal address in the signature or footer: street and number (or P.O.
box), city, postcode and country.

## References
- US CAN-SPAM Act, 15 U.S.C. 7704(a)(5)(A)(iii); FTC "CAN-SPAM Act: A Compliance Guide for Business"
- Canada CASL identification requirements (mailing address)
"#,
        zh: r#"## 检查什么
邮件属于商业邮件（判断方法与 C01 相同：群发，或包含两个以上促销用语的新邮件），而正文中找不到邮寄地址时触发。以下算作地址：
- 带门牌号的街道：`No. 8 Keji Rd`、`1600 Amphitheatre Parkway`、`Hauptstraße 5`、`Via Roma 12`、工业园或科技园，
  或 `Room 1201`、`Building 3`、`5/F`；
- 或邮政信箱（`P.O. Box`、`Postfach`、`Apartado`、`Caixa Postal`）；
- 且前后约两行内有国家名、中国省份或主要出口城市（Zhejiang、Ningbo、Shenzhen 等）或邮编，这样 "3 way valves, FOB China"
  或 "bearing 6204" 就不会被当成地址；
- 或者标明为地址且含有数字的一行（`Add: No. 8 Keji Rd, Ningbo`、`Address:`、`Anschrift:`、`地址：`）；
- 或中文的街道门牌地址（`科技路8号`、`鄞州区…8号`），本身就足以确定。

## 为什么重要
美国 CAN-SPAM 要求每封商业邮件都包含有效的实际邮寄地址（街道地址、邮政信箱或登记的私人信箱），加拿大 CASL 也要求提供邮寄地址。
除了法律要求，真实地址也是外国采购分辨工厂和骗子时最先查看的信息之一。

## 示例
以群发模式发送、结尾只有 "Lily Chen, X Lighting" 的促销邮件会触发；结尾写 "X Lighting Co., Ltd. · No. 8 Keji Rd,
Ningbo 315000, China" 的同一封邮件不会。

## 如何修改
在签名或页脚写上公司的完整邮寄地址：街道和门牌号（或邮政信箱）、城市、邮编和国家。

## 参考
- 美国 CAN-SPAM 法案 15 U.S.C. 7704(a)(5)(A)(iii)；FTC《CAN-SPAM 法案企业合规指南》
- 加拿大 CASL 身份标识要求（邮寄地址）
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let Some(why) = common::commercial(a, false) else {
        return;
    };
    if common::postal_address(&a.body).is_some() {
        return;
    }
    let (en, zh) = why.why();
    out.add(1.0, Part::Body).say(
        format!("No postal address, although this is commercial mail ({en})"),
        format!("没有邮寄地址，而这是一封商业邮件（{zh}）"),
    );
}
