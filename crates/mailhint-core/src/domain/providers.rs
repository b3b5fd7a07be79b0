//! Mail providers recognised from MX hosts and SPF includes (domain-check catalog, appendix A):
//! what SPF include they need and which DKIM selectors they sign with.

/// A mailbox or sending provider.
#[derive(Debug, PartialEq, Eq)]
pub struct Provider {
    /// Stable id (`"aliyun"`), for tests and the extension.
    pub id: &'static str,
    /// The name users know: `[English, 简体中文]`.
    pub name: [&'static str; 2],
    /// Hosts mailboxes (its MX is the domain's MX), rather than only sending (an ESP).
    pub mailbox: bool,
    /// Suffixes of its MX host names.
    pub mx_suffixes: &'static [&'static str],
    /// SPF includes that identify it; the first is the one to publish.
    pub spf_includes: &'static [&'static str],
    /// DKIM selectors it signs with by default (empty: chosen per customer, ask the user).
    pub dkim_selectors: &'static [&'static str],
    /// The MX records to publish (preference, host), for the starter records.
    pub mx_records: &'static [(u16, &'static str)],
    /// Suffixes of the names that give it away as the sender in a DMARC report: its servers'
    /// reverse DNS (`a8-1.smtp-out.amazonses.com`) and the domains it signs or bounces with
    /// while a customer has not set up their own (`sendgrid.net`, `*.onmicrosoft.com`).
    pub sender_suffixes: &'static [&'static str],
}

/// Every provider, Chinese enterprise mail first.
pub static PROVIDERS: &[Provider] = &[
    Provider {
        id: "aliyun",
        name: ["Alibaba Mail (Aliyun Qiye)", "阿里企业邮箱"],
        mailbox: true,
        mx_suffixes: &["qiye.aliyun.com", "mxhichina.com"],
        spf_includes: &["spf.qiye.aliyun.com", "spf.mxhichina.com"],
        dkim_selectors: &["default", "mail", "dkim"],
        mx_records: &[(5, "mx1.qiye.aliyun.com"), (10, "mx2.qiye.aliyun.com"), (15, "mx3.qiye.aliyun.com")],
        sender_suffixes: &["mail.aliyun.com", "qiye.aliyun.com", "mxhichina.com"],
    },
    Provider {
        id: "tencent",
        name: ["Tencent Exmail", "腾讯企业邮箱"],
        mailbox: true,
        mx_suffixes: &["exmail.qq.com", "mxbiz1.qq.com", "mxbiz2.qq.com"],
        spf_includes: &["spf.mail.qq.com"],
        dkim_selectors: &[],
        mx_records: &[(5, "mxbiz1.qq.com"), (10, "mxbiz2.qq.com")],
        sender_suffixes: &["qq.com", "exmail.qq.com"],
    },
    Provider {
        id: "netease",
        name: ["NetEase Qiye Mail", "网易企业邮箱"],
        mailbox: true,
        mx_suffixes: &["mxmail.netease.com"],
        spf_includes: &["spf.163.com"],
        dkim_selectors: &[],
        mx_records: &[(10, "qiye163mx01.mxmail.netease.com"), (50, "qiye163mx02.mxmail.netease.com")],
        sender_suffixes: &["163.com", "126.com", "126.net", "netease.com", "qiye.163.com"],
    },
    Provider {
        id: "google",
        name: ["Google Workspace", "Google Workspace"],
        mailbox: true,
        mx_suffixes: &["aspmx.l.google.com", "googlemail.com", "smtp.google.com", "smtp.goog"],
        spf_includes: &["_spf.google.com"],
        dkim_selectors: &["google"],
        mx_records: &[(1, "smtp.google.com")],
        sender_suffixes: &["google.com", "googlemail.com", "gappssmtp.com"],
    },
    Provider {
        id: "microsoft",
        name: ["Microsoft 365", "Microsoft 365"],
        mailbox: true,
        mx_suffixes: &["mail.protection.outlook.com", "mx.microsoft"],
        spf_includes: &["spf.protection.outlook.com"],
        dkim_selectors: &["selector1", "selector2"],
        mx_records: &[],
        sender_suffixes: &["outbound.protection.outlook.com", "protection.outlook.com", "onmicrosoft.com"],
    },
    Provider {
        id: "zoho",
        name: ["Zoho Mail", "Zoho Mail"],
        mailbox: true,
        mx_suffixes: &["zoho.com", "zoho.eu", "zoho.in", "zoho.com.cn"],
        spf_includes: &["zoho.com", "zoho.eu", "zoho.in", "zoho.com.cn"],
        dkim_selectors: &["zmail", "zoho"],
        mx_records: &[(10, "mx.zoho.com"), (20, "mx2.zoho.com"), (50, "mx3.zoho.com")],
        sender_suffixes: &["zoho.com", "zohomail.com", "zoho.eu", "zoho.in", "zoho.com.cn", "zohomail.com.cn"],
    },
    Provider {
        id: "sendgrid",
        name: ["SendGrid", "SendGrid"],
        mailbox: false,
        mx_suffixes: &[],
        spf_includes: &["sendgrid.net"],
        dkim_selectors: &["s1", "s2"],
        mx_records: &[],
        sender_suffixes: &["sendgrid.net"],
    },
    Provider {
        id: "mailchimp",
        name: ["Mailchimp", "Mailchimp"],
        mailbox: false,
        mx_suffixes: &[],
        spf_includes: &["servers.mcsv.net"],
        dkim_selectors: &["k1", "k2", "k3"],
        mx_records: &[],
        sender_suffixes: &["mcsv.net", "rsgsv.net", "mcdlv.net", "mailchimpapp.net"],
    },
    Provider {
        id: "mandrill",
        name: ["Mailchimp Transactional (Mandrill)", "Mailchimp Transactional（Mandrill）"],
        mailbox: false,
        mx_suffixes: &[],
        spf_includes: &["spf.mandrillapp.com"],
        dkim_selectors: &["mandrill"],
        mx_records: &[],
        sender_suffixes: &["mandrillapp.com"],
    },
    Provider {
        id: "amazonses",
        name: ["Amazon SES", "Amazon SES"],
        mailbox: false,
        mx_suffixes: &[],
        spf_includes: &["amazonses.com"],
        dkim_selectors: &[],
        mx_records: &[],
        sender_suffixes: &["amazonses.com"],
    },
    Provider {
        id: "mailgun",
        name: ["Mailgun", "Mailgun"],
        mailbox: false,
        mx_suffixes: &[],
        spf_includes: &["mailgun.org"],
        dkim_selectors: &["pdk1", "pdk2", "k1", "mx", "smtp", "krs"],
        mx_records: &[],
        sender_suffixes: &["mailgun.net", "mailgun.org", "mailgun.info"],
    },
    Provider {
        id: "postmark",
        name: ["Postmark", "Postmark"],
        mailbox: false,
        mx_suffixes: &[],
        spf_includes: &["spf.mtasv.net"],
        dkim_selectors: &[],
        mx_records: &[],
        sender_suffixes: &["mtasv.net", "postmarkapp.com"],
    },
    Provider {
        id: "aliyun-directmail",
        name: ["Alibaba Cloud DirectMail", "阿里云邮件推送"],
        mailbox: false,
        mx_suffixes: &[],
        spf_includes: &["spf1.dm.aliyun.com"],
        dkim_selectors: &[],
        mx_records: &[],
        sender_suffixes: &["dm.aliyun.com", "dm.aliyuncs.com"],
    },
];

/// DKIM selectors worth trying on any domain, after the provider's own.
pub const COMMON_SELECTORS: &[&str] =
    &["default", "selector1", "selector2", "google", "dkim", "mail", "k1", "s1", "s2", "smtp", "email"];

fn is_at_or_below(host: &str, suffix: &str) -> bool {
    host == suffix || host.strip_suffix(suffix).is_some_and(|rest| rest.ends_with('.'))
}

/// The provider whose MX this host is.
pub fn by_mx(host: &str) -> Option<&'static Provider> {
    let host = crate::dns::normalize_name(host);
    PROVIDERS.iter().find(|p| p.mx_suffixes.iter().any(|s| is_at_or_below(&host, s)))
}

/// The provider this SPF include (or redirect) target belongs to.
pub fn by_spf_include(target: &str) -> Option<&'static Provider> {
    let target = crate::dns::normalize_name(target);
    PROVIDERS.iter().find(|p| p.spf_includes.iter().any(|s| is_at_or_below(&target, s)))
}

/// The provider whose sending servers or sending domains `name` (a reverse DNS name, or a
/// DKIM or SPF domain of a DMARC report) belongs to; the longest matching suffix wins
/// (`dm.aliyun.com` is DirectMail, not Alibaba Mail).
pub fn by_sender(name: &str) -> Option<&'static Provider> {
    let name = crate::dns::normalize_name(name);
    PROVIDERS
        .iter()
        .flat_map(|p| p.sender_suffixes.iter().map(move |s| (p, *s)))
        .filter(|(_, s)| is_at_or_below(&name, s))
        .max_by_key(|(_, s)| s.len())
        .map(|(p, _)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn providers_are_known_by_mx_and_spf_include() {
        assert_eq!(by_mx("MX1.qiye.aliyun.com.").map(|p| p.id), Some("aliyun"));
        assert_eq!(by_mx("example-com.mail.protection.outlook.com").map(|p| p.id), Some("microsoft"));
        assert_eq!(by_mx("qiye163mx01.mxmail.netease.com").map(|p| p.id), Some("netease"));
        assert_eq!(by_mx("notaliyun.com"), None);
        assert_eq!(by_spf_include("u123.wl001.sendgrid.net").map(|p| p.id), Some("sendgrid"));
        assert_eq!(by_spf_include("spf.mail.qq.com").map(|p| p.id), Some("tencent"));
        assert_eq!(by_spf_include("evilsendgrid.net"), None);
        assert_eq!(by_sender("a8-30.smtp-out.amazonses.com.").map(|p| p.id), Some("amazonses"));
        assert_eq!(by_sender("mail-eopbgr80040.outbound.protection.outlook.com").map(|p| p.id), Some("microsoft"));
        assert_eq!(by_sender("out1.dm.aliyun.com").map(|p| p.id), Some("aliyun-directmail"));
        assert_eq!(by_sender("out30-1.mail.aliyun.com").map(|p| p.id), Some("aliyun"));
        assert_eq!(by_sender("mail-sor-f41.google.com").map(|p| p.id), Some("google"));
        assert_eq!(by_sender("notsendgrid.net"), None);
    }
}
