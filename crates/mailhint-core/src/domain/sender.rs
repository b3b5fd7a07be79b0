//! The sender's domain itself: a free mailbox domain (qq.com, 163.com, gmail.com…) is no place
//! to send business mail from, whatever its DNS says.

use crate::dns::Pending;

use super::{Check, Context, Group, Level, Output, Section};

/// The domain is a free mailbox service (not in the research catalog: a mailhint code).
pub static SENDER_FREEMAIL: Check = Check {
    code: "SENDER-FREEMAIL",
    group: Group::Dns,
    level: Level::Warning,
    title: [
        "{domain} is a free mailbox service: business mail from it looks like it comes from a private person.",
        "{domain} 是免费个人邮箱：用它发商务邮件，对方看到的是个人而不是公司。",
    ],
    fix: [
        "Send business mail from your company's own domain (for example sales@yourcompany.com on an enterprise mail service). On a free mailbox domain you cannot publish SPF, DKIM or DMARC, you share the domain's reputation with millions of other users, and buyers and spam filters trust it less.",
        "请使用公司自己域名的邮箱（例如开通企业邮箱，用 sales@贵公司域名）发送商务邮件。免费邮箱的域名不归您管理，无法设置 SPF、DKIM、DMARC；它的信誉由数以百万计的用户共享；客户和反垃圾邮件系统对它的信任也更低。",
    ],
};

/// The sender section: no lookups.
pub static SECTION: Section = Section { groups: &[Group::Dns], checks: &[&SENDER_FREEMAIL], run };

fn run(cx: &Context, out: &mut Output) -> Result<(), Pending> {
    if crate::lexicon::is_freemail(&cx.domain) {
        out.findings.push(SENDER_FREEMAIL.problem(cx.options.lang, &[("domain", &cx.domain)]));
    }
    Ok(())
}
