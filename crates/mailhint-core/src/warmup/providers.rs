//! The mailbox providers a plan paces separately (Gmail, Outlook.com, Yahoo, QQ Mail, NetEase
//! and everyone else), one declaration each, and a list's mix of them counted from its addresses.

use serde::Serialize;

use super::sources::{Figure, Provenance, Unit};
use crate::rules::L10n;

/// A mailbox provider the plan paces on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)] // Each variant is documented by its declaration in `PROVIDERS`.
pub enum Provider {
    Gmail,
    Outlook,
    Yahoo,
    Qq,
    Netease,
    Other,
}

/// What the plan knows of a provider.
#[derive(Debug, Clone, Copy)]
pub struct ProviderDecl {
    /// Which one.
    pub provider: Provider,
    /// Stable id (`gmail`, `outlook`…), the CSV column and the CLI's `--mix` key.
    pub id: &'static str,
    /// Its name.
    pub name: L10n,
    /// Its personal-mailbox domains: the addresses a list counts for it.
    pub domains: &'static [&'static str],
    /// The daily volume to it from which its bulk-sender rules apply, if it publishes one.
    pub bulk_line: Option<&'static Figure>,
    /// How much slower than the plan's pace its share grows (1 = the plan's pace).
    pub caution: &'static Figure,
    /// What to watch at this provider.
    pub advice: L10n,
}

/// Gmail's bulk-sender line.
pub static GMAIL_BULK_LINE: Figure = Figure {
    id: "gmail-bulk-line",
    value: 5_000.0,
    unit: Unit::PerDay,
    what: L10n {
        en: "Messages a day to personal Gmail accounts from which Google counts you as a bulk sender (for good)",
        zh: "每天发往 Gmail 个人邮箱的邮件数，达到即被 Google 永久认定为批量发件人",
    },
    provenance: Provenance::Published { source: "google-faq" },
};

/// Outlook.com's high-volume-sender line.
pub static OUTLOOK_BULK_LINE: Figure = Figure {
    id: "outlook-bulk-line",
    value: 5_000.0,
    unit: Unit::PerDay,
    what: L10n {
        en: "Messages a day to Outlook.com, Hotmail and Live addresses above which Microsoft's high-volume rules apply",
        zh: "每天发往 Outlook.com、Hotmail、Live 邮箱的邮件数，超过即适用微软的大量发件人要求",
    },
    provenance: Provenance::Published { source: "microsoft-outlook" },
};

/// The plan's own pace for a provider.
static SAME_PACE: Figure = Figure {
    id: "pace-same",
    value: 1.0,
    unit: Unit::Factor,
    what: L10n {
        en: "Share of the plan's daily growth this provider gets", zh: "该服务商按计划的每日增幅增长的比例"
    },
    provenance: Provenance::Convention {
        why: L10n {
            en: "No provider publishes a ramp; this one gets the plan's own pace.",
            zh: "没有服务商公布预热节奏；该服务商按计划本身的节奏增长。",
        },
    },
};

/// A slower pace for providers known to throttle new senders quickly and that publish no numbers.
static SLOWER_PACE: Figure = Figure {
    id: "pace-slower",
    value: 0.7,
    unit: Unit::Factor,
    what: L10n {
        en: "Share of the plan's daily growth this provider gets (slower)",
        zh: "该服务商按计划每日增幅增长的比例（更慢）",
    },
    provenance: Provenance::Convention {
        why: L10n {
            en: "Microsoft, Tencent and NetEase publish no ramp numbers and set limits for new IPs and domains \
                 dynamically; growing their share at 70% of the plan's pace leaves room to react to deferrals.",
            zh: "微软、腾讯和网易都没有公布预热数值，而且会对新 IP 和新域名动态限流；这些服务商只按计划增幅的 70% 增长，\
                 留出应对延迟投递的余地。",
        },
    },
};

/// Every provider, in column order.
pub static PROVIDERS: &[ProviderDecl] = &[
    ProviderDecl {
        provider: Provider::Gmail,
        id: "gmail",
        name: L10n { en: "Gmail", zh: "Gmail" },
        domains: &["gmail.com", "googlemail.com"],
        bulk_line: Some(&GMAIL_BULK_LINE),
        caution: &SAME_PACE,
        advice: L10n {
            en: "Watch the spam rate in Google Postmaster Tools: below 0.10%, never 0.30%.",
            zh: "在 Google Postmaster Tools 中关注垃圾邮件举报率：低于 0.10%，绝不能到 0.30%。",
        },
    },
    ProviderDecl {
        provider: Provider::Outlook,
        id: "outlook",
        name: L10n { en: "Outlook.com", zh: "Outlook.com" },
        domains: &["outlook.com", "hotmail.com", "live.com", "msn.com", "hotmail.co.uk", "live.cn", "outlook.cn"],
        bulk_line: Some(&OUTLOOK_BULK_LINE),
        caution: &SLOWER_PACE,
        advice: L10n {
            en: "Microsoft blocks new IPs quickly: watch deferrals and SNDS; no complaint-rate number is published.",
            zh: "微软对新 IP 拦截很快：关注延迟投递和 SNDS 数据；微软未公布投诉率数值。",
        },
    },
    ProviderDecl {
        provider: Provider::Yahoo,
        id: "yahoo",
        name: L10n { en: "Yahoo", zh: "Yahoo" },
        domains: &["yahoo.com", "ymail.com", "rocketmail.com", "yahoo.co.uk", "yahoo.co.jp", "aol.com"],
        bulk_line: None,
        caution: &SAME_PACE,
        advice: L10n {
            en: "Keep complaints below 0.3% (Yahoo Sender Hub); Yahoo publishes no bulk-sender volume.",
            zh: "投诉率保持在 0.3% 以下（Yahoo Sender Hub）；Yahoo 未公布批量发件人的发送量标准。",
        },
    },
    ProviderDecl {
        provider: Provider::Qq,
        id: "qq",
        name: L10n { en: "QQ Mail", zh: "QQ 邮箱" },
        domains: &["qq.com", "vip.qq.com", "foxmail.com"],
        bulk_line: None,
        caution: &SLOWER_PACE,
        advice: L10n {
            en: "No published number: QQ Mail limits by daily quota, adjusted from your sending record.",
            zh: "无公开数值：QQ 邮箱按每日额度限制，额度随发信记录动态调整。",
        },
    },
    ProviderDecl {
        provider: Provider::Netease,
        id: "netease",
        name: L10n { en: "NetEase (163/126)", zh: "网易（163/126）" },
        domains: &["163.com", "126.com", "yeah.net", "vip.163.com", "vip.126.com", "188.com"],
        bulk_line: None,
        caution: &SLOWER_PACE,
        advice: L10n {
            en: "No published number: NetEase limits per account and per IP without publishing how much.",
            zh: "无公开数值：网易会限制单个账号和单个 IP 的发信量，但没有公布具体数值。",
        },
    },
    ProviderDecl {
        provider: Provider::Other,
        id: "other",
        name: L10n { en: "Other", zh: "其他" },
        domains: &[],
        bulk_line: None,
        caution: &SAME_PACE,
        advice: L10n {
            en: "Company domains and smaller providers: follow the checkpoints below.",
            zh: "企业域名和其他较小的服务商：按下方检查点执行。",
        },
    },
];

impl Provider {
    /// Its declaration.
    pub fn decl(self) -> &'static ProviderDecl {
        PROVIDERS.iter().find(|d| d.provider == self).expect("every provider is declared")
    }

    /// The provider with this id (`gmail`, `outlook`, `yahoo`, `qq`, `netease`, `other`).
    pub fn from_id(id: &str) -> Option<Provider> {
        PROVIDERS.iter().find(|d| d.id.eq_ignore_ascii_case(id.trim())).map(|d| d.provider)
    }

    /// The provider whose personal mailboxes live at `domain`, else [`Provider::Other`].
    pub fn of_domain(domain: &str) -> Provider {
        // Compared without lowering a copy: a pasted list can hold a million addresses.
        let domain = domain.trim().trim_end_matches('.');
        PROVIDERS
            .iter()
            .find(|d| d.domains.iter().any(|known| known.eq_ignore_ascii_case(domain)))
            .map_or(Provider::Other, |d| d.provider)
    }
}

/// How a list splits over the providers: a share each, summing to 1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mix {
    /// Each provider with a share above 0, in column order; the shares sum to 1 (private, so
    /// that only the constructors below make one).
    shares: Vec<(Provider, f64)>,
}

impl Mix {
    /// Each provider with a share above 0, in column order; the shares sum to 1.
    pub fn shares(&self) -> &[(Provider, f64)] {
        &self.shares
    }

    /// The mix of these weights (any scale: counts or percentages). `None` when no weight is a
    /// positive finite number; negative, infinite and NaN weights count as 0.
    pub fn from_weights(weights: &[(Provider, f64)]) -> Option<Mix> {
        let mut summed = [0.0f64; 6];
        for &(provider, weight) in weights {
            if weight.is_finite() && weight > 0.0 {
                summed[provider as usize] += weight;
            }
        }
        let total: f64 = summed.iter().sum();
        if !(total.is_finite() && total > 0.0) {
            return None;
        }
        let shares = PROVIDERS
            .iter()
            .map(|d| (d.provider, summed[d.provider as usize] / total))
            .filter(|&(_, share)| share > 0.0)
            .collect();
        Some(Mix { shares })
    }

    /// The mix of a list of addresses, one per line or separated by commas, semicolons or
    /// spaces, ASCII or full-width (a CSV column, a pasted list): what follows the last `@` of
    /// each is its domain.
    /// Returns the mix (`None` without any address) and how many addresses were counted. Only
    /// the first [`crate::limits::MAX_INPUT_BYTES`] are read.
    pub fn from_addresses(text: &str) -> (Option<Mix>, u64) {
        let text = crate::limits::clip(text, crate::limits::MAX_INPUT_BYTES);
        let mut counts = [0u64; 6];
        // Chinese lists are often separated with full-width punctuation (，；、) rather than ASCII.
        let separator = |c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    ',' | ';' | '"' | '\'' | '<' | '>' | '(' | ')' | '，' | '；' | '、' | '《' | '》' | '（' | '）'
                )
        };
        let words = text.split(separator);
        for word in words {
            if let Some((local, domain)) = word.rsplit_once('@') {
                if !local.is_empty() && domain.contains('.') {
                    counts[Provider::of_domain(domain) as usize] += 1;
                }
            }
        }
        let counted: u64 = counts.iter().sum();
        let weights: Vec<(Provider, f64)> =
            PROVIDERS.iter().map(|d| (d.provider, counts[d.provider as usize] as f64)).collect();
        (Mix::from_weights(&weights), counted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_are_in_enum_order_with_unique_ids() {
        for (i, d) in PROVIDERS.iter().enumerate() {
            assert_eq!(d.provider as usize, i, "{}", d.id);
            assert_eq!(Provider::from_id(d.id), Some(d.provider));
            assert!(!d.name.zh.is_empty() && !d.advice.zh.is_empty() && !d.advice.en.is_empty());
        }
    }

    #[test]
    fn counts_a_lists_providers() {
        let list = "a@gmail.com\nB@GMAIL.COM, c@qq.com; d@163.com\n\"Li\" <e@hotmail.com>\nf@acme.example\nnot-an-address\n@x.com";
        let (mix, counted) = Mix::from_addresses(list);
        assert_eq!(counted, 6);
        // Full-width separators, as Chinese lists have them.
        let (zh, counted) =
            Mix::from_addresses("张三（a@qq.com），李四 b@163.com、c@126.com；d@gmail.com\u{3000}e@qq.com");
        assert_eq!(counted, 5);
        let zh = zh.unwrap();
        assert_eq!(zh.shares(), &[(Provider::Gmail, 0.2), (Provider::Qq, 0.4), (Provider::Netease, 0.4)]);
        let mix = mix.unwrap();
        let share = |p| mix.shares.iter().find(|(q, _)| *q == p).map_or(0.0, |s| s.1);
        assert!((share(Provider::Gmail) - 2.0 / 6.0).abs() < 1e-12);
        assert!((share(Provider::Other) - 1.0 / 6.0).abs() < 1e-12);
        assert_eq!(share(Provider::Yahoo), 0.0);
        assert!((mix.shares.iter().map(|s| s.1).sum::<f64>() - 1.0).abs() < 1e-12);
        assert_eq!(Mix::from_addresses("no addresses here"), (None, 0));
    }

    #[test]
    fn a_list_is_read_up_to_the_input_limit() {
        let limit = crate::limits::MAX_INPUT_BYTES;
        let line = "someone@gmail.com\n";
        let mut list = line.repeat(limit / line.len());
        list.push_str(&" ".repeat(limit - list.len() - "x@qq.com".len()));
        list.push_str("x@qq.com");
        assert_eq!(list.len(), limit);
        let (mix, counted) = Mix::from_addresses(&list);
        assert_eq!(counted, (limit / line.len()) as u64 + 1);
        assert!(mix.unwrap().shares.iter().any(|s| s.0 == Provider::Qq));
        // One byte more: the last address is cut short ("x@qq.co" + "m" unread is another domain).
        list.insert(0, ' ');
        let (mix, counted) = Mix::from_addresses(&list);
        assert_eq!(counted, (limit / line.len()) as u64 + 1);
        assert!(!mix.unwrap().shares.iter().any(|s| s.0 == Provider::Qq));
    }

    #[test]
    fn weights_that_are_no_numbers_count_as_nothing() {
        assert_eq!(Mix::from_weights(&[(Provider::Gmail, f64::NAN), (Provider::Qq, -3.0)]), None);
        assert_eq!(Mix::from_weights(&[(Provider::Gmail, f64::INFINITY)]), None);
        let mix =
            Mix::from_weights(&[(Provider::Gmail, 60.0), (Provider::Qq, 40.0), (Provider::Yahoo, f64::NAN)]).unwrap();
        assert_eq!(mix.shares, vec![(Provider::Gmail, 0.6), (Provider::Qq, 0.4)]);
    }
}
