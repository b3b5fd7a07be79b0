//! The warm-up plan: from the daily volume a sender wants to reach, the start date and whether
//! the domain or the IP is new, a day-by-day ramp with a cap per mailbox provider, notes on the
//! days a published rule starts to apply (Gmail's and Outlook.com's 5,000-a-day lines), the
//! checkpoints that say when to hold or step back, and the sources of every number.
//!
//! ```
//! use mailhint_core::warmup::{plan, Date, PlanInput};
//! use mailhint_core::Lang;
//!
//! let input = PlanInput::new(20_000, Date::parse("2026-12-01").unwrap(), true, true);
//! let plan = plan(&input, Lang::En).unwrap();
//! assert_eq!(plan.days.first().unwrap().total, 50);
//! assert_eq!(plan.days.last().unwrap().total, 20_000);
//! ```
//!
//! *Provenance.* Every number of the model is a [`Figure`]: [`Provenance::Published`] with the
//! [`Source`] that states it, or [`Provenance::Convention`] with why we chose it. The providers
//! publish thresholds (5,000 a day, spam rate 0.1 %/0.3 %) and the advice to ramp slowly, but no
//! ramp: the start volumes and daily growth are conventions, in line with the published advice
//! (grow less than doubling, take two to six weeks).
//!
//! Pure: no clock (the start date is an input), no I/O; bad input is a [`PlanError`] with a
//! message in both languages; the work is bounded by [`crate::limits::MAX_WARMUP_VOLUME`] and
//! [`crate::limits::MAX_WARMUP_DAYS`].

mod date;
mod providers;
mod sources;

use std::fmt;

use serde::Serialize;

pub use date::{civil_from_days, Date, DateError};
pub use providers::{Mix, Provider, ProviderDecl, GMAIL_BULK_LINE, OUTLOOK_BULK_LINE, PROVIDERS};
pub use sources::{source, Figure, FigureView, Provenance, Source, SourceView, Unit, SOURCES};

use crate::limits::{MAX_WARMUP_DAYS, MAX_WARMUP_VOLUME};
use crate::rules::L10n;
use crate::Lang;

/// What the plan is for.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanInput {
    /// The daily volume to reach, in messages.
    pub volume: u64,
    /// The first day of the plan.
    pub start: Date,
    /// The sending domain has no sending history (new, or silent for a month or more).
    pub new_domain: bool,
    /// The sending IP has no sending history (a new dedicated IP, or one silent for 30 days).
    pub new_ip: bool,
    /// How the list splits over the providers; without it the plan has one total a day.
    pub mix: Option<Mix>,
}

impl PlanInput {
    /// A plan without a provider mix.
    pub fn new(volume: u64, start: Date, new_domain: bool, new_ip: bool) -> PlanInput {
        PlanInput { volume, start, new_domain, new_ip, mix: None }
    }
}

/// Why no plan was made.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PlanError {
    /// The daily volume is no whole number (a form's empty field, a fraction, a negative).
    NotAWholeNumber,
    /// The daily volume is 0.
    ZeroVolume,
    /// The daily volume is above [`MAX_WARMUP_VOLUME`].
    VolumeTooLarge {
        /// The volume asked for.
        volume: u64,
    },
    /// The ramp would take more than [`MAX_WARMUP_DAYS`] days.
    TooLong {
        /// Days it would need, at least.
        days: u32,
    },
}

impl PlanError {
    /// What went wrong, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PlanError::NotAWholeNumber, Lang::En) => "the daily volume must be a whole number of messages".into(),
            (PlanError::NotAWholeNumber, Lang::ZhCn) => "每日发送量须为整数封".into(),
            (PlanError::ZeroVolume, Lang::En) => "the daily volume must be at least 1 message".into(),
            (PlanError::ZeroVolume, Lang::ZhCn) => "每日发送量至少为 1 封".into(),
            (PlanError::VolumeTooLarge { volume }, Lang::En) => format!(
                "{volume} messages a day is more than the {MAX_WARMUP_VOLUME} a warm-up plan covers: split the \
                 sending over several domains or IPs and plan each"
            ),
            (PlanError::VolumeTooLarge { volume }, Lang::ZhCn) => {
                format!("每天 {volume} 封超过了预热计划支持的上限 {MAX_WARMUP_VOLUME} 封：请把发送分到多个域名或 IP，分别制定计划")
            }
            (PlanError::TooLong { days }, Lang::En) => {
                format!("the ramp would take {days} days, more than the {MAX_WARMUP_DAYS} a plan covers")
            }
            (PlanError::TooLong { days }, Lang::ZhCn) => {
                format!("预热需要 {days} 天，超过了计划支持的 {MAX_WARMUP_DAYS} 天")
            }
        }
    }
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for PlanError {}

/// The daily volume a host got as a number (JavaScript's, a spreadsheet's): a whole number of 0
/// or more, else [`PlanError::NotAWholeNumber`]; beyond `u64` it saturates, and [`plan`] refuses
/// it as too large.
pub fn volume_from_number(x: f64) -> Result<u64, PlanError> {
    if x.is_finite() && x >= 0.0 && x.fract() == 0.0 {
        Ok(x as u64)
    } else {
        Err(PlanError::NotAWholeNumber)
    }
}

/// The pace of a plan: the first day's volume and the day-over-day growth.
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    /// The first day's total.
    pub start: &'static Figure,
    /// Each day's total over the day before's.
    pub growth: &'static Figure,
}

const WHY_START: L10n = L10n {
    en: "No provider publishes a starting volume; SES and SendGrid say start small, with the most engaged \
         recipients. A sender with no history at all starts lowest.",
    zh: "没有服务商公布起始发送量；SES 和 SendGrid 都建议从小量开始，先发给互动最多的收件人。完全没有发信记录的发件人起点最低。",
};

const WHY_GROWTH: L10n = L10n {
    en: "No provider publishes a daily growth; Google warns that a sudden spike such as doubling brings rate \
         limiting, and SES says a warm-up takes two to six weeks: every pace stays well under doubling, slower \
         the less history there is.",
    zh: "没有服务商公布每日增幅；Google 提醒突然翻倍之类的骤增会被限速，SES 说明预热需要 2 到 6 周：所有节奏都远低于翻倍，\
         发信记录越少增长越慢。",
};

static START_BOTH_NEW: Figure = Figure {
    id: "start-new-domain-new-ip",
    value: 50.0,
    unit: Unit::PerDay,
    what: L10n { en: "First day's volume, new domain on a new IP", zh: "首日发送量（新域名 + 新 IP）" },
    provenance: Provenance::Convention { why: WHY_START },
};
static START_ONE_NEW: Figure = Figure {
    id: "start-new-domain-or-ip",
    value: 100.0,
    unit: Unit::PerDay,
    what: L10n { en: "First day's volume, new domain or new IP", zh: "首日发送量（新域名或新 IP）" },
    provenance: Provenance::Convention { why: WHY_START },
};
static START_ESTABLISHED: Figure = Figure {
    id: "start-established",
    value: 1_000.0,
    unit: Unit::PerDay,
    what: L10n {
        en: "First day's volume, domain and IP with sending history",
        zh: "首日发送量（域名和 IP 都有发信记录）",
    },
    provenance: Provenance::Convention { why: WHY_START },
};
static GROWTH_BOTH_NEW: Figure = Figure {
    id: "growth-new-domain-new-ip",
    value: 1.35,
    unit: Unit::Factor,
    what: L10n { en: "Daily growth, new domain on a new IP", zh: "每日增幅（新域名 + 新 IP）" },
    provenance: Provenance::Convention { why: WHY_GROWTH },
};
static GROWTH_ONE_NEW: Figure = Figure {
    id: "growth-new-domain-or-ip",
    value: 1.5,
    unit: Unit::Factor,
    what: L10n { en: "Daily growth, new domain or new IP", zh: "每日增幅（新域名或新 IP）" },
    provenance: Provenance::Convention { why: WHY_GROWTH },
};
static GROWTH_ESTABLISHED: Figure = Figure {
    id: "growth-established",
    value: 1.75,
    unit: Unit::Factor,
    what: L10n {
        en: "Daily growth, domain and IP with sending history", zh: "每日增幅（域名和 IP 都有发信记录）"
    },
    provenance: Provenance::Convention { why: WHY_GROWTH },
};

impl Pace {
    /// The pace for a sender whose domain and IP are new or not.
    pub fn of(new_domain: bool, new_ip: bool) -> Pace {
        match (new_domain, new_ip) {
            (true, true) => Pace { start: &START_BOTH_NEW, growth: &GROWTH_BOTH_NEW },
            (true, false) | (false, true) => Pace { start: &START_ONE_NEW, growth: &GROWTH_ONE_NEW },
            (false, false) => Pace { start: &START_ESTABLISHED, growth: &GROWTH_ESTABLISHED },
        }
    }
}

/// Thresholds that say when to hold the volume or step back, checked every day.
#[derive(Debug, Clone, Copy)]
pub struct Checkpoint {
    /// Stable id.
    pub id: &'static str,
    /// What to measure.
    pub metric: L10n,
    /// The threshold, with its provenance; `None` when the source gives advice but no number.
    pub threshold: Option<&'static Figure>,
    /// The source of the advice when it has no number.
    pub advice_source: Option<&'static str>,
    /// What to do past it (the actions are our convention unless `advice_source` says otherwise).
    pub action: L10n,
}

static SPAM_RATE_TARGET: Figure = Figure {
    id: "spam-rate-target",
    value: 0.1,
    unit: Unit::Percent,
    what: L10n { en: "Spam rate to stay under (Gmail)", zh: "应保持在其下的垃圾邮件举报率（Gmail）" },
    provenance: Provenance::Published { source: "google-guidelines" },
};
static SPAM_RATE_MAX: Figure = Figure {
    id: "spam-rate-max",
    value: 0.3,
    unit: Unit::Percent,
    what: L10n {
        en: "Spam rate never to reach (Gmail, Yahoo)", zh: "绝不能达到的垃圾邮件举报率（Gmail、Yahoo）"
    },
    provenance: Provenance::Published { source: "google-guidelines" },
};
static YAHOO_SPAM_RATE_MAX: Figure = Figure {
    id: "yahoo-spam-rate-max",
    value: 0.3,
    unit: Unit::Percent,
    what: L10n { en: "Complaint rate to stay under (Yahoo)", zh: "应保持在其下的投诉率（Yahoo）" },
    provenance: Provenance::Published { source: "yahoo-best-practices" },
};
static BOUNCE_HOLD: Figure = Figure {
    id: "bounce-hold",
    value: 2.0,
    unit: Unit::Percent,
    what: L10n { en: "Hard-bounce rate at which to stop growing", zh: "应停止加量的硬退信率" },
    provenance: Provenance::Convention {
        why: L10n {
            en: "SES asks for hard bounces under 5%; a sender still warming up has less credit, so hold at 2%.",
            zh: "SES 要求硬退信率低于 5%；预热中的发件人信誉尚浅，因此到 2% 就停止加量。",
        },
    },
};
static BOUNCE_STEP_BACK: Figure = Figure {
    id: "bounce-step-back",
    value: 5.0,
    unit: Unit::Percent,
    what: L10n { en: "Hard-bounce rate to stay under (SES)", zh: "应保持在其下的硬退信率（SES）" },
    provenance: Provenance::Published { source: "ses-metrics" },
};
static MIN_WARMUP_DAYS: Figure = Figure {
    id: "min-warmup-days",
    value: 14.0,
    unit: Unit::Days,
    what: L10n {
        en: "Days some providers need before a new IP has any reputation",
        zh: "部分服务商为新 IP 建立信誉至少需要的天数",
    },
    provenance: Provenance::Published { source: "ses-warmup" },
};

/// The checkpoints, in the order the plan lists them.
pub static CHECKPOINTS: &[Checkpoint] = &[
    Checkpoint {
        id: "spam-rate-hold",
        metric: L10n { en: "Spam (complaint) rate", zh: "垃圾邮件举报率（投诉率）" },
        threshold: Some(&SPAM_RATE_TARGET),
        advice_source: None,
        action: L10n {
            en: "At 0.1% or more: hold the volume (send tomorrow what you sent today) and drop the least engaged \
                 recipients until it is back under.",
            zh: "达到 0.1% 及以上：暂停加量（明天只发今天的量），并剔除互动最少的收件人，直到回落到 0.1% 以下。",
        },
    },
    Checkpoint {
        id: "spam-rate-step-back",
        metric: L10n { en: "Spam (complaint) rate", zh: "垃圾邮件举报率（投诉率）" },
        threshold: Some(&SPAM_RATE_MAX),
        advice_source: None,
        action: L10n {
            en: "At 0.3% or more: step back to half the volume, find the list or message that drew complaints, and \
                 climb again only when under 0.1%.",
            zh: "达到 0.3% 及以上：发送量退回一半，找出引来投诉的名单或邮件，回落到 0.1% 以下后再重新加量。",
        },
    },
    Checkpoint {
        id: "yahoo-complaints",
        metric: L10n { en: "Yahoo complaint rate", zh: "Yahoo 投诉率" },
        threshold: Some(&YAHOO_SPAM_RATE_MAX),
        advice_source: None,
        action: L10n {
            en: "At 0.3% or more at Yahoo: step back as above; remove every complainer the feedback loop reports.",
            zh: "Yahoo 投诉率达到 0.3% 及以上：同上退回；把反馈环（CFL）报告的投诉人全部移出名单。",
        },
    },
    Checkpoint {
        id: "bounces-hold",
        metric: L10n { en: "Hard-bounce rate", zh: "硬退信率" },
        threshold: Some(&BOUNCE_HOLD),
        advice_source: None,
        action: L10n {
            en: "At 2% or more: hold the volume and remove every address that bounced hard (mailhint bounce lists them).",
            zh: "达到 2% 及以上：暂停加量，并删除所有硬退信地址（mailhint bounce 会列出）。",
        },
    },
    Checkpoint {
        id: "bounces-step-back",
        metric: L10n { en: "Hard-bounce rate", zh: "硬退信率" },
        threshold: Some(&BOUNCE_STEP_BACK),
        advice_source: None,
        action: L10n {
            en: "At 5% or more: stop, check the list (mailhint list checker), then restart from the last day under 2%.",
            zh: "达到 5% 及以上：停止发送，检查名单（mailhint 名单检查），再从硬退信率低于 2% 的最后一天重新开始。",
        },
    },
    Checkpoint {
        id: "deferrals",
        metric: L10n { en: "Deferrals and temporary (4xx) rejections", zh: "延迟投递和临时拒收（4xx）" },
        threshold: None,
        advice_source: Some("google-guidelines"),
        action: L10n {
            en: "When a provider starts deferring or bouncing: reduce the volume to it until errors fall, then increase \
                 slowly again (no number is published).",
            zh: "某个服务商开始延迟投递或退信时：降低发往它的量，直到错误减少，再慢慢加量（未公布具体数值）。",
        },
    },
];

/// A note on one day of the plan.
#[derive(Debug, Clone, Copy)]
pub struct NoteDecl {
    /// Stable id.
    pub id: &'static str,
    /// What to know or do that day.
    pub words: L10n,
    /// The source of what it says, if published.
    pub source: Option<&'static str>,
}

/// The first day.
pub static NOTE_FIRST_DAY: NoteDecl = NoteDecl {
    id: "first-day",
    words: L10n {
        en: "Start with the recipients who engaged most recently (opened, clicked or replied); add older and less \
             engaged ones only in later days.",
        zh: "先发给最近有互动（打开、点击或回复）的收件人；较早的、不太活跃的收件人留到后面几天再加入。",
    },
    source: Some("ses-warmup"),
};

/// Gmail's bulk-sender line, crossed with a provider mix.
pub static NOTE_GMAIL_BULK: NoteDecl = NoteDecl {
    id: "gmail-bulk-line",
    words: L10n {
        en: "You cross Gmail's 5,000-a-day bulk-sender line today: from here SPF, DKIM and DMARC with From \
             alignment and one-click unsubscribe are required, and Google keeps you a bulk sender for good.",
        zh: "今天起发往 Gmail 的量越过每天 5,000 封的批量发件人线：从此必须配置 SPF、DKIM 和 DMARC（与 From 对齐）并支持\
             一键退订，且 Google 会永久把你认定为批量发件人。",
    },
    source: Some("google-guidelines"),
};

/// Outlook.com's line, crossed with a provider mix.
pub static NOTE_OUTLOOK_BULK: NoteDecl = NoteDecl {
    id: "outlook-bulk-line",
    words: L10n {
        en: "You pass Outlook.com's 5,000-a-day line today: SPF and DKIM must pass and DMARC (at least p=none, \
             aligned) must be published, or mail goes to Junk and may be rejected (550 5.7.515).",
        zh:
            "今天起发往 Outlook.com 的量超过每天 5,000 封：SPF 和 DKIM 必须通过，并须发布 DMARC（至少 p=none 且对齐），\
             否则邮件进垃圾箱，并可能被拒收（550 5.7.515）。",
    },
    source: Some("microsoft-outlook"),
};

/// The 5,000 line of the total, without a provider mix.
pub static NOTE_TOTAL_BULK: NoteDecl = NoteDecl {
    id: "bulk-line",
    words: L10n {
        en: "Your total reaches 5,000 a day today: if most of it goes to personal Gmail or Outlook.com \
             addresses, you cross their bulk-sender line, and from here SPF, DKIM and DMARC with From alignment \
             and one-click unsubscribe are required (Google keeps you a bulk sender for good).",
        zh: "今天总发送量达到每天 5,000 封：如果大部分发往 Gmail 或 Outlook.com 个人邮箱，就越过了它们的批量发件人线，\
             从此必须配置 SPF、DKIM 和 DMARC（与 From 对齐）并支持一键退订（Google 会永久认定你为批量发件人）。",
    },
    source: Some("google-guidelines"),
};

/// The day the target is reached.
pub static NOTE_TARGET: NoteDecl = NoteDecl {
    id: "target-reached",
    words: L10n {
        en: "Target reached: keep sending at this steady rate rather than in bursts, and keep watching the \
             checkpoints.",
        zh: "已达到目标发送量：此后保持平稳发送，不要集中突发，并继续关注各项检查点。",
    },
    source: Some("google-guidelines"),
};

/// A short ramp for a new IP.
pub static NOTE_SHORT_RAMP: NoteDecl = NoteDecl {
    id: "short-ramp",
    words: L10n {
        en: "This ramp is shorter than the 14 days some providers need to trust a new IP: keep the volume steady \
             until day 14 before sending anything larger.",
        zh: "这个节奏短于部分服务商信任新 IP 所需的 14 天：在第 14 天之前保持发送量平稳，不要再加大。",
    },
    source: Some("ses-warmup"),
};

/// Every note, for the registry tests and the docs.
pub static NOTES: &[&NoteDecl] =
    &[&NOTE_FIRST_DAY, &NOTE_GMAIL_BULK, &NOTE_OUTLOOK_BULK, &NOTE_TOTAL_BULK, &NOTE_TARGET, &NOTE_SHORT_RAMP];

/// A plan, in one language: what [`plan`] returns.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The language of its words.
    #[serde(skip)]
    pub lang: Lang,
    /// The daily volume to reach.
    pub volume: u64,
    /// The first day.
    pub start: String,
    /// Whether the domain is new.
    pub new_domain: bool,
    /// Whether the IP is new.
    pub new_ip: bool,
    /// The providers paced separately, in the order of [`Day::caps`] (empty without a mix).
    pub providers: Vec<ProviderView>,
    /// One row a day, from the start to the first day at the target.
    pub days: Vec<Day>,
    /// When to hold or step back.
    pub checkpoints: Vec<CheckpointView>,
    /// Every number the plan uses, published or convention.
    pub figures: Vec<FigureView>,
    /// The pages the published numbers come from.
    pub sources: Vec<SourceView>,
}

/// A provider of the plan.
#[derive(Debug, Clone, Serialize)]
pub struct ProviderView {
    /// `gmail`, `outlook`, `yahoo`, `qq`, `netease` or `other`.
    pub id: &'static str,
    /// Its name.
    pub name: &'static str,
    /// Its share of the list (0–1).
    pub share: f64,
    /// Its daily volume at the target.
    pub target: u64,
    /// The id of its bulk-sender line among [`Plan::figures`], if it publishes one.
    pub bulk_line: Option<&'static str>,
    /// The id of its pace among [`Plan::figures`].
    pub pace: &'static str,
    /// What to watch there.
    pub advice: &'static str,
}

/// One day of the plan.
#[derive(Debug, Clone, Serialize)]
pub struct Day {
    /// 1 for the first day.
    pub day: u32,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Messages to send that day, at most.
    pub total: u64,
    /// Messages to each of [`Plan::providers`] that day, at most (empty without a mix).
    pub caps: Vec<u64>,
    /// What to know or do that day.
    pub notes: Vec<NoteView>,
}

/// A note of a day, in one language.
#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    /// [`NoteDecl::id`].
    pub id: &'static str,
    /// What it says.
    pub text: &'static str,
    /// The id of its source, if published.
    pub source: Option<&'static str>,
}

/// A checkpoint in one language.
#[derive(Debug, Clone, Serialize)]
pub struct CheckpointView {
    /// [`Checkpoint::id`].
    pub id: &'static str,
    /// What to measure.
    pub metric: &'static str,
    /// The id of the threshold's figure, if there is a number.
    pub threshold: Option<&'static str>,
    /// The threshold in percent, if there is a number.
    pub percent: Option<f64>,
    /// `published` when the threshold (or, without one, the advice) is published, else `convention`.
    pub provenance: &'static str,
    /// The id of the source, when published.
    pub source: Option<&'static str>,
    /// What to do.
    pub action: &'static str,
}

impl NoteDecl {
    fn view(&'static self, lang: Lang) -> NoteView {
        NoteView { id: self.id, text: self.words.get(lang), source: self.source }
    }
}

/// Rounds a daily volume for people to read: whole messages under 100, two significant digits
/// above (1,234 → 1,200). Monotone, so a growing ramp stays non-decreasing after rounding.
fn readable(x: f64) -> u64 {
    if x.is_nan() {
        return 0;
    }
    if x >= 1e18 {
        return u64::MAX;
    }
    if x < 100.0 {
        return x.round() as u64;
    }
    let step = 10f64.powi(x.log10().floor() as i32 - 1);
    ((x / step).round() * step) as u64
}

/// One stream the plan paces: a provider's share, or the whole list without a mix.
struct Stream {
    target: u64,
    first: f64,
    growth: f64,
}

impl Stream {
    fn cap(&self, day: u32) -> u64 {
        if self.target == 0 {
            return 0;
        }
        let planned = self.first * self.growth.powi(day as i32 - 1);
        readable(planned).clamp(1, self.target)
    }

    /// The first day (1-based) this stream is at its target, found from the growth's logarithm
    /// rather than by walking the days, so that a hopeless pace costs no more than a quick one;
    /// past [`MAX_WARMUP_DAYS`] only an estimate (the plan is refused then).
    fn days_to_target(&self) -> u32 {
        if self.cap(1) >= self.target {
            return 1;
        }
        if !(self.growth > 1.0 && self.first > 0.0) {
            return u32::MAX;
        }
        let estimate = (self.target as f64 / self.first).ln() / self.growth.ln() + 1.0;
        // NaN cannot happen here (target ≥ 1, first > 0, growth > 1); an infinite or huge
        // estimate saturates.
        if estimate > f64::from(MAX_WARMUP_DAYS) + 2.0 {
            return estimate.min(f64::from(u32::MAX)) as u32;
        }
        // Rounding to a readable number may reach the target a day before or after the exact
        // curve: step to the first day that does.
        let mut day = (estimate.floor() as u32).max(1);
        while day > 1 && self.cap(day - 1) >= self.target {
            day -= 1;
        }
        while self.cap(day) < self.target && day <= MAX_WARMUP_DAYS + 2 {
            day += 1;
        }
        day
    }
}

/// Splits `volume` over the shares by largest remainder, so that the parts sum to it exactly.
fn split(volume: u64, shares: &[f64]) -> Vec<u64> {
    let exact: Vec<f64> = shares.iter().map(|s| s * volume as f64).collect();
    let mut parts: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    let mut left = volume.saturating_sub(parts.iter().sum());
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    for i in order.into_iter().cycle().take(shares.len() * 2) {
        if left == 0 {
            break;
        }
        parts[i] += 1;
        left -= 1;
    }
    parts
}

/// Makes the plan for `input`, with its words in `lang`.
pub fn plan(input: &PlanInput, lang: Lang) -> Result<Plan, PlanError> {
    plan_with(input, Pace::of(input.new_domain, input.new_ip), lang)
}

/// [`plan`] at a given pace (the limit tests reach [`MAX_WARMUP_DAYS`] with slow ones).
fn plan_with(input: &PlanInput, pace: Pace, lang: Lang) -> Result<Plan, PlanError> {
    if input.volume == 0 {
        return Err(PlanError::ZeroVolume);
    }
    if input.volume > MAX_WARMUP_VOLUME {
        return Err(PlanError::VolumeTooLarge { volume: input.volume });
    }
    let growth = pace.growth.value;
    let (decls, streams): (Vec<&ProviderDecl>, Vec<Stream>) = match &input.mix {
        None => (Vec::new(), vec![Stream { target: input.volume, first: pace.start.value, growth }]),
        Some(mix) => {
            let shares: Vec<f64> = mix.shares().iter().map(|s| s.1).collect();
            let targets = split(input.volume, &shares);
            mix.shares()
                .iter()
                .zip(targets)
                .map(|(&(provider, share), target)| {
                    let decl = provider.decl();
                    let growth = 1.0 + (growth - 1.0) * decl.caution.value;
                    (decl, Stream { target, first: pace.start.value * share, growth })
                })
                .unzip()
        }
    };
    let days = streams.iter().map(Stream::days_to_target).max().unwrap_or(1);
    if days > MAX_WARMUP_DAYS {
        return Err(PlanError::TooLong { days });
    }

    let mut rows: Vec<Day> = Vec::with_capacity(days as usize);
    let provider_index = |p: Provider| decls.iter().position(|d| d.provider == p);
    for day in 1..=days {
        let caps: Vec<u64> = streams.iter().map(|s| s.cap(day)).collect();
        let total = caps.iter().sum();
        let mut notes = Vec::new();
        if day == 1 {
            notes.push(NOTE_FIRST_DAY.view(lang));
        }
        let crossed = |line: &Figure, inclusive: bool, value: u64, before: u64| {
            let over = |v: u64| if inclusive { v as f64 >= line.value } else { v as f64 > line.value };
            over(value) && (day == 1 || !over(before))
        };
        let before: Vec<u64> =
            if day > 1 { streams.iter().map(|s| s.cap(day - 1)).collect() } else { vec![0; caps.len()] };
        if decls.is_empty() {
            if crossed(&GMAIL_BULK_LINE, true, total, before.iter().sum()) {
                notes.push(NOTE_TOTAL_BULK.view(lang));
            }
        } else {
            // Google counts "close to 5,000 or more"; Microsoft "more than 5,000".
            if let Some(i) = provider_index(Provider::Gmail) {
                if crossed(&GMAIL_BULK_LINE, true, caps[i], before[i]) {
                    notes.push(NOTE_GMAIL_BULK.view(lang));
                }
            }
            if let Some(i) = provider_index(Provider::Outlook) {
                if crossed(&OUTLOOK_BULK_LINE, false, caps[i], before[i]) {
                    notes.push(NOTE_OUTLOOK_BULK.view(lang));
                }
            }
        }
        if day == days {
            if input.new_ip && days < MIN_WARMUP_DAYS.value as u32 {
                notes.push(NOTE_SHORT_RAMP.view(lang));
            }
            notes.push(NOTE_TARGET.view(lang));
        }
        // Without a mix the one stream is the total: no provider columns.
        let caps = if decls.is_empty() { Vec::new() } else { caps };
        rows.push(Day { day, date: input.start.plus_days(day - 1).to_string(), total, caps, notes });
    }

    let providers = decls
        .iter()
        .zip(&streams)
        .zip(input.mix.iter().flat_map(|m| m.shares().iter()))
        .map(|((decl, stream), &(_, share))| ProviderView {
            id: decl.id,
            name: decl.name.get(lang),
            share,
            target: stream.target,
            bulk_line: decl.bulk_line.map(|f| f.id),
            pace: decl.caution.id,
            advice: decl.advice.get(lang),
        })
        .collect();

    let mut figures: Vec<&'static Figure> = vec![pace.start, pace.growth];
    for decl in &decls {
        figures.extend(decl.bulk_line);
        figures.push(decl.caution);
    }
    if decls.is_empty() {
        figures.extend([&GMAIL_BULK_LINE, &OUTLOOK_BULK_LINE]);
    }
    figures.extend(CHECKPOINTS.iter().filter_map(|c| c.threshold));
    figures.push(&MIN_WARMUP_DAYS);
    let mut seen = std::collections::HashSet::new();
    figures.retain(|f| seen.insert(f.id));

    let checkpoints = CHECKPOINTS
        .iter()
        .map(|c| {
            let source = match c.threshold.map(|f| f.provenance) {
                Some(Provenance::Published { source }) => Some(source),
                Some(Provenance::Convention { .. }) => None,
                None => c.advice_source,
            };
            CheckpointView {
                id: c.id,
                metric: c.metric.get(lang),
                threshold: c.threshold.map(|f| f.id),
                percent: c.threshold.map(|f| f.value),
                provenance: if source.is_some() { "published" } else { "convention" },
                source,
                action: c.action.get(lang),
            }
        })
        .collect();

    Ok(Plan {
        lang,
        volume: input.volume,
        start: input.start.to_string(),
        new_domain: input.new_domain,
        new_ip: input.new_ip,
        providers,
        days: rows,
        checkpoints,
        figures: figures.iter().map(|f| f.view(lang)).collect(),
        sources: SOURCES.iter().map(|s| s.view(lang)).collect(),
    })
}

impl Plan {
    /// The day-by-day table as CSV (RFC 4180, CRLF line ends), with a header row in the plan's
    /// language: day, date, total, one column per provider, notes. Written by hand: quoting a
    /// field is three lines, and the wasm module need not carry a CSV crate for it.
    pub fn to_csv(&self) -> String {
        let (day, date, total, notes) = match self.lang {
            Lang::En => ("day", "date", "total", "notes"),
            Lang::ZhCn => ("天", "日期", "总量", "说明"),
        };
        let mut header: Vec<String> = vec![day.into(), date.into(), total.into()];
        header.extend(self.providers.iter().map(|p| p.name.to_string()));
        header.push(notes.into());
        let mut out = String::new();
        push_csv_row(&mut out, &header);
        for row in &self.days {
            let mut fields = vec![row.day.to_string(), row.date.clone(), row.total.to_string()];
            fields.extend(row.caps.iter().map(u64::to_string));
            fields.push(row.notes.iter().map(|n| n.text).collect::<Vec<_>>().join(" "));
            push_csv_row(&mut out, &fields);
        }
        out
    }
}

fn push_csv_row(out: &mut String, fields: &[String]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests;
