//! Where the plan's numbers come from: the providers' and senders' published pages (one
//! declaration each: publisher, title, address, what it states), and every number of the model
//! with its provenance, published (with the source that states it) or our convention (with why).
//!
//! A number that no provider publishes is never presented as a rule: its provenance is
//! [`Provenance::Convention`] and the plan shows it so.

use serde::Serialize;

use crate::rules::L10n;
use crate::Lang;

/// A page the plan cites.
#[derive(Debug, Clone, Copy)]
pub struct Source {
    /// Stable id, used by [`Provenance::Published`].
    pub id: &'static str,
    /// Who publishes it.
    pub publisher: L10n,
    /// Its title, as published.
    pub title: &'static str,
    /// Its address.
    pub url: &'static str,
    /// What it states that the plan uses, numbers included, or that it states none.
    pub states: L10n,
}

/// Every source, in the order the plan lists them.
pub const SOURCES: &[Source] = &[
    Source {
        id: "google-guidelines",
        publisher: L10n { en: "Google (Gmail)", zh: "Google（Gmail）" },
        title: "Email sender guidelines",
        url: "https://support.google.com/a/answer/81126",
        states: L10n {
            en: "Senders of 5,000 or more messages a day to personal Gmail accounts must authenticate with SPF, \
                 DKIM and DMARC (From aligned) and offer one-click unsubscribe on marketing mail; every sender \
                 keeps the spam rate in Postmaster Tools below 0.10% and never reaches 0.30%, has valid forward \
                 and reverse DNS (PTR) and uses TLS. Increase volume slowly, at a consistent rate: a sudden spike \
                 such as doubling the previous volume can bring rate limiting; reduce volume when messages bounce \
                 or are deferred. No number of days or daily growth is published.",
            zh: "每天向 Gmail 个人邮箱发送 5,000 封及以上的发件人，必须配置 SPF、DKIM 和 DMARC（与 From 域名一致），\
                 营销邮件须支持一键退订；所有发件人在 Postmaster Tools 中的垃圾邮件举报率应低于 0.10%，且绝不能达到 \
                 0.30%，还要有有效的正向与反向解析（PTR）并使用 TLS。发送量要逐步、平稳地增加：突然翻倍之类的骤增会被限速；\
                 出现退信或延迟投递时要降低发送量。未公布预热天数或每日增幅。",
        },
    },
    Source {
        id: "google-faq",
        publisher: L10n { en: "Google (Gmail)", zh: "Google（Gmail）" },
        title: "Email sender guidelines FAQ",
        url: "https://support.google.com/a/answer/14229414",
        states: L10n {
            en: "A bulk sender is one that sends close to 5,000 messages or more to personal Gmail accounts within \
                 24 hours, counted over the whole primary domain; once reached, bulk-sender status is permanent.",
            zh: "24 小时内向 Gmail 个人邮箱发送接近或超过 5,000 封邮件即为批量发件人，按主域名合并计算；一旦达到，\
                 批量发件人身份永久有效。",
        },
    },
    Source {
        id: "yahoo-best-practices",
        publisher: L10n { en: "Yahoo (Sender Hub)", zh: "Yahoo（Sender Hub）" },
        title: "Sender Best Practices",
        url: "https://senders.yahooinc.com/best-practices/",
        states: L10n {
            en: "Bulk senders authenticate with SPF, DKIM and DMARC, offer one-click unsubscribe and keep the spam \
                 complaint rate below 0.3%. No daily volume that makes a sender \"bulk\" is published.",
            zh: "批量发件人须配置 SPF、DKIM 和 DMARC，支持一键退订，垃圾邮件投诉率低于 0.3%。未公布多大日发送量算批量发件人。",
        },
    },
    Source {
        id: "microsoft-outlook",
        publisher: L10n { en: "Microsoft (Outlook.com)", zh: "微软（Outlook.com）" },
        title: "Outlook.com Postmaster",
        url: "https://sendersupport.olc.protection.outlook.com/pm/",
        states: L10n {
            en: "Since 5 May 2025, domains sending more than 5,000 messages a day to Outlook.com, Hotmail and Live \
                 addresses must pass SPF and DKIM and publish DMARC (at least p=none, aligned with SPF or DKIM); \
                 otherwise mail goes to Junk and may be rejected with 550 5.7.515. IPs that have not sent before \
                 have no reputation yet. No complaint-rate number and no ramp numbers are published.",
            zh: "自 2025 年 5 月 5 日起，每天向 Outlook.com、Hotmail、Live 邮箱发送超过 5,000 封的域名，必须通过 SPF 和 \
                 DKIM 并发布 DMARC（至少 p=none，且与 SPF 或 DKIM 对齐）；否则邮件进垃圾箱，并可能被 550 5.7.515 拒收。\
                 从未发过信的 IP 没有信誉积累。未公布投诉率数值，也未公布预热数值。",
        },
    },
    Source {
        id: "qq-help",
        publisher: L10n { en: "Tencent (QQ Mail)", zh: "腾讯（QQ 邮箱）" },
        title: "QQ 邮箱帮助中心",
        url: "https://service.mail.qq.com/",
        states: L10n {
            en: "No published number: QQ Mail publishes what it treats as spam but no sending volume, warm-up \
                 schedule or complaint rate; Tencent's business mail says each domain's daily sending quota is \
                 adjusted dynamically from its sending record.",
            zh: "无公开数值：QQ 邮箱公布了垃圾邮件的认定标准，但没有公布发送量、预热节奏或投诉率；腾讯企业邮说明每个域名\
                 每天的发信额度会根据收发信情况动态调整。",
        },
    },
    Source {
        id: "netease-help",
        publisher: L10n { en: "NetEase (163/126 Mail)", zh: "网易（163/126 邮箱）" },
        title: "什么是垃圾邮件？",
        url: "http://help.163.com/10/0809/16/6DLLHLB200754III.html",
        states: L10n {
            en: "No published number: NetEase defines unsolicited mail and reserves the right to limit how often and \
                 how much one account or IP may send, without publishing a volume, schedule or complaint rate.",
            zh: "无公开数值：网易定义了垃圾邮件，并保留限制单个账号和单个 IP 发信频率与数量的权利，但没有公布发送量、\
                 节奏或投诉率。",
        },
    },
    Source {
        id: "ses-warmup",
        publisher: L10n { en: "Amazon Web Services (SES)", zh: "亚马逊云科技（SES）" },
        title: "Warming up dedicated IP addresses",
        url: "https://docs.aws.amazon.com/ses/latest/DeveloperGuide/dedicated-ip-warming.html",
        states: L10n {
            en: "Warming up takes at least 14 days with some mailbox providers and up to 6 weeks with many; start \
                 small, send first to the recipients who engage most, measure, and send less on blocking or \
                 throttling replies. SES's automatic warm-up raises a dedicated IP over 45 days.",
            zh: "预热在部分邮箱服务商至少需要 14 天，在很多服务商需要长达 6 周；从小量开始，先发给互动最多的收件人，\
                 观察结果，遇到拦截或限速回复就减量。SES 的自动预热用 45 天把专用 IP 逐步提升。",
        },
    },
    Source {
        id: "ses-metrics",
        publisher: L10n { en: "Amazon Web Services (SES)", zh: "亚马逊云科技（SES）" },
        title: "Email program success metrics",
        url: "https://docs.aws.amazon.com/ses/latest/DeveloperGuide/success-metrics.html",
        states: L10n {
            en: "Keep the hard-bounce rate below 5% (an attainable goal, not a rule of every provider).",
            zh: "硬退信率保持在 5% 以下（这是可达成的目标，并非每家服务商的统一规则）。",
        },
    },
    Source {
        id: "sendgrid-warmup",
        publisher: L10n { en: "Twilio SendGrid", zh: "Twilio SendGrid" },
        title: "Warming Up an IP Address",
        url: "https://www.twilio.com/docs/sendgrid/concepts/reputation/warm-up-ip-addresses",
        states: L10n {
            en: "Warm up a new dedicated IP, and again any IP that has not sent for more than 30 days: begin with a \
                 low to moderate volume and work up.",
            zh: "新的专用 IP 需要预热，超过 30 天未发信的 IP 也要重新预热：从低到中等发送量开始，逐步增加。",
        },
    },
];

/// The source with this id.
pub fn source(id: &str) -> Option<&'static Source> {
    SOURCES.iter().find(|s| s.id == id)
}

/// Where a number comes from.
#[derive(Debug, Clone, Copy)]
pub enum Provenance {
    /// A provider or sending service publishes it: the id of the [`Source`] that states it.
    Published {
        /// A [`Source::id`].
        source: &'static str,
    },
    /// No one publishes it: our convention, and why we chose it.
    Convention {
        /// Why this number.
        why: L10n,
    },
}

/// What a number counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    /// Messages a day.
    PerDay,
    /// A percentage.
    Percent,
    /// A factor (day-over-day growth).
    Factor,
    /// Days.
    Days,
}

/// One number of the model, with its provenance.
#[derive(Debug, Clone, Copy)]
pub struct Figure {
    /// Stable id.
    pub id: &'static str,
    /// The number.
    pub value: f64,
    /// What it counts.
    pub unit: Unit,
    /// What it is.
    pub what: L10n,
    /// Published or convention.
    pub provenance: Provenance,
}

/// A figure as the plan shows it, in one language.
#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    /// [`Figure::id`].
    pub id: &'static str,
    /// The number.
    pub value: f64,
    /// What it counts.
    pub unit: Unit,
    /// What it is.
    pub what: &'static str,
    /// `published` or `convention`.
    pub provenance: &'static str,
    /// For a published number, the id of its source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'static str>,
    /// For a convention, why we chose it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<&'static str>,
}

impl Figure {
    /// The figure in `lang`.
    pub fn view(&self, lang: Lang) -> FigureView {
        let (provenance, source, why) = match self.provenance {
            Provenance::Published { source } => ("published", Some(source), None),
            Provenance::Convention { why } => ("convention", None, Some(why.get(lang))),
        };
        FigureView {
            id: self.id,
            value: self.value,
            unit: self.unit,
            what: self.what.get(lang),
            provenance,
            source,
            why,
        }
    }

    /// Whether a provider or sending service publishes it.
    pub fn is_published(&self) -> bool {
        matches!(self.provenance, Provenance::Published { .. })
    }
}

/// A source as the plan shows it, in one language.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// [`Source::id`].
    pub id: &'static str,
    /// Who publishes it.
    pub publisher: &'static str,
    /// Its title.
    pub title: &'static str,
    /// Its address.
    pub url: &'static str,
    /// What it states.
    pub states: &'static str,
}

impl Source {
    /// The source in `lang`.
    pub fn view(&self, lang: Lang) -> SourceView {
        SourceView {
            id: self.id,
            publisher: self.publisher.get(lang),
            title: self.title,
            url: self.url,
            states: self.states.get(lang),
        }
    }
}
