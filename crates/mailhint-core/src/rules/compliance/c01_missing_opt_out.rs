//! C01 `missing-opt-out`: commercial mail with no way to opt out of further mail.

use super::common;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// C01.
pub(crate) static RULE: Rule = Rule {
    code: "C01",
    name: "missing-opt-out",
    category: Category::Compliance,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "Commercial mail without a way to unsubscribe",
        zh: "营销邮件中没有退订方式",
    },
    fix: L10n {
        en: "Add a visible unsubscribe line (required by CAN-SPAM/CASL/EU law; Gmail/Yahoo/Outlook expect it for bulk), in neutral words such as “Not relevant? Reply ‘unsubscribe’ and I won't email again.”",
        zh: "请加一行醒目的退订说明（CAN-SPAM、CASL 和欧盟法律都有要求，Gmail/Yahoo/Outlook 对群发邮件也有此要求），措辞保持中性，例如“Not relevant? Reply ‘unsubscribe’ and I won't email again.”",
    },
    doc: doc! {
        en: r#"## What it does
Fires when a draft is commercial mail and neither its text nor its links offer a way out.
A draft counts as commercial when:
- it is bulk: campaign mode, five recipients or more, or `List-Unsubscribe`/`Precedence: bulk`
  headers (a `List-Unsubscribe` header alone is not enough: Gmail and Yahoo also want a visible
  link in the body);
- or it is a new message (not a reply or forward) with at least two distinct promotional
  phrases of the B07/B08 lists ("limited time", "special offer", "best price", "20% off"…).

The catalog lets one promotional phrase trigger the rule; we ask for two, so that a single
"best price" in a one-to-one quotation is not treated as a campaign.

An opt-out is any of: "unsubscribe", "opt out", "manage (your) preferences", "stop receiving",
"no longer wish to receive", "reply STOP/remove", "退订", "取消订阅", "se désabonner",
"abbestellen", "abmelden", "darse de baja", "descadastrar", "cancelar inscrição", "отписаться",
or a link whose address contains `unsubscribe`, `optout` or `opt-out`.

## Why it matters
CAN-SPAM requires a clear opt-out in every commercial mail, CASL an unsubscribe mechanism valid
for 60 days, the ePrivacy Directive (Art. 13) and Germany's UWG §7 a valid address for opt-out
requests. Gmail, Yahoo and Outlook.com require a clearly visible unsubscribe link in bulk and
marketing mail, and readers who cannot opt out press "Report spam" instead, which hurts the
sender's reputation far more. SpamAssassin even uses the presence of an unsubscribe link to
hold back other rules.

## Example
A newsletter to 40 buyers in campaign mode without an unsubscribe line fires; the same mail
ending with "Don't want these updates? Reply 'unsubscribe' and we will remove you." does not.

## How to fix
Add one neutral line at the end: "Unsubscribe" (linked), "Manage preferences", or for
one-to-one outreach "Not relevant? Reply 'unsubscribe' and I won't email again." Avoid
"to be removed from our mailing list, click here": SpamAssassin scores that wording (B09).

## References
- US CAN-SPAM Act, 15 U.S.C. 7704(a)(3)–(5); FTC "CAN-SPAM Act: A Compliance Guide for Business"
- Canada CASL (unsubscribe mechanism, 60 days); EU ePrivacy Directive 2002/58/EC Art. 13(4);
  German UWG §7(2) Nr. 3
- Google "Email sender guidelines" (support.google.com/mail/answer/81126); Yahoo Sender Best
  Practices; Outlook.com Policies, Practices and Guidelines
- SpamAssassin `__UNSUB_LINK` (false-positive guard)
"#,
        zh: r#"## 检查什么
邮件属于商业邮件，而正文和链接中都没有退订方式时触发。以下情况算作商业邮件：
- 群发：群发（营销）模式、收件人五位及以上，或带有 `List-Unsubscribe`/`Precedence: bulk` 邮件头
  （只有 `List-Unsubscribe` 邮件头还不够：Gmail 和 Yahoo 还要求正文中有醒目的退订链接）；
- 或者是新邮件（不是回复或转发），且包含至少两个不同的 B07/B08 促销用语（"limited time"、"special offer"、
  "best price"、"20% off" 等）。

规则目录规定出现一个促销用语就触发；我们要求两个，以免一对一报价里的一句 "best price" 就被当成群发营销。

以下任一都算退订方式："unsubscribe"、"opt out"、"manage (your) preferences"、"stop receiving"、"no longer wish to
receive"、"reply STOP/remove"、"退订"、"取消订阅"、"se désabonner"、"abbestellen"、"abmelden"、"darse de baja"、
"descadastrar"、"cancelar inscrição"、"отписаться"，或者链接地址中含有 `unsubscribe`、`optout`、`opt-out`。

## 为什么重要
美国 CAN-SPAM 要求每封商业邮件都有清楚的退订说明，加拿大 CASL 要求退订方式有效期至少 60 天，欧盟电子隐私指令（第 13 条）和德国
UWG 第 7 条要求提供有效的退订地址。Gmail、Yahoo 和 Outlook.com 要求群发和营销邮件正文中有醒目的退订链接；收件人找不到退订方式，
就会点"举报垃圾邮件"，对发件人信誉的伤害大得多。SpamAssassin 甚至把退订链接的存在作为其他规则的豁免条件。

## 示例
以群发模式发给 40 位采购、没有退订说明的新闻简报会触发；同一封邮件末尾加上 "Don't want these updates? Reply
'unsubscribe' and we will remove you." 则不会。

## 如何修改
在末尾加一行中性的说明："Unsubscribe"（加链接）、"Manage preferences"，一对一开发信可以写 "Not relevant? Reply
'unsubscribe' and I won't email again."。不要写 "to be removed from our mailing list, click here"，SpamAssassin 会给这种说法计分（B09）。

## 参考
- 美国 CAN-SPAM 法案 15 U.S.C. 7704(a)(3)–(5)；FTC《CAN-SPAM 法案企业合规指南》
- 加拿大 CASL（退订机制，60 天）；欧盟电子隐私指令 2002/58/EC 第 13(4) 条；德国 UWG 第 7(2) 条第 3 项
- Google《电子邮件发件人指南》（support.google.com/mail/answer/81126）；Yahoo 发件人最佳实践；Outlook.com 政策与指南
- SpamAssassin `__UNSUB_LINK`（防误判条件）
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let Some(why) = common::commercial(a, false) else {
        return;
    };
    if has_opt_out(a) {
        return;
    }
    let (en, zh) = why.why();
    out.add(1.5, Part::Body).say(
        format!("No unsubscribe line, although this is commercial mail ({en})"),
        format!("没有退订说明，而这是一封商业邮件（{zh}）"),
    );
}

/// Whether the text or a link offers a way to opt out.
fn has_opt_out(a: &Analysis) -> bool {
    let words = crate::regex!(
        r#"(?i)(?-u:\b)(?:unsubscrib(?:e|ed|ing)|opt[- ]?out|manage (?:your )?(?:email |subscription |mail )?preferences|update (?:your )?(?:email )?preferences|stop (?:receiving|these)|no longer (?:wish|want) to (?:receive|hear)|reply (?:with )?[“”"'‘’]?(?:stop|remove|unsubscribe|no)(?-u:\b)|se d[ée]sabonner|d[ée]sinscri(?:re|ption)|abbestellen|abmelden|darse de baja|cancelar (?:la |su )?suscripci[oó]n|descadastr(?:ar|e-se)|cancelar (?:a )?inscri[cç][aã]o|disiscriviti)|отписаться|退订|取消订阅"#
    );
    if words.is_match(&a.body) {
        return true;
    }
    a.links.iter().any(|l| {
        let href = l.href.to_ascii_lowercase();
        href.contains("unsubscribe") || href.contains("optout") || href.contains("opt-out") || words.is_match(&l.text)
    })
}
