//! The raw-message report (`mailhint report`): a message as a receiver got it, scored out of 10
//! the way mail-tester.com does, each deduction with its reason. It adds to the content linter's
//! findings ([`crate::check`]) what only the delivered message shows: the receiver's
//! `Authentication-Results` (RFC 8601), DKIM signatures verified against the published keys,
//! SPF `check_host` for the sending IP of the `Received` chain and the Return-Path domain, DMARC
//! alignment of both with From, `List-Unsubscribe` and one-click unsubscribe (RFC 8058) for bulk
//! mail, `Message-ID` and `Date`, an HTML part without a text part, and the sending IP's reverse
//! DNS and blocklist status.
//!
//! Like the domain check it does no I/O: [`report_message`] reads answers from a [`Lookups`]
//! store, notes what it still needs, and is complete once a driver ([`crate::dns::drive`]) has
//! fetched it all. The header checks ([`CHECKS`], codes `M01`…) have one scale with the
//! linter's points: `score = clamp(10 − content points − header points, 0, 10)`.

#[cfg(feature = "dkim-verify")]
pub mod dkim_verify;
pub mod headers;

use std::net::IpAddr;

use serde::Serialize;

use crate::dns::{Lookups, Pending};
use crate::domain::dmarc::discovery;
use crate::domain::dmarc::record::Alignment;
use crate::domain::spf::eval::{check_mail_from, SpfResult, SpfVerdict};
use crate::domain::{self, fill, DomainOptions, Status};
use crate::report::{round_to, Lang, Mode, Report};
use headers::{address_of, domain_of, parse_auth_results, parse_received, AuthResults, Received};

/// One header check's declaration: code, the points it takes at most, words in both languages
/// (`{name}` placeholders filled from the finding's arguments).
#[derive(Debug)]
pub struct MessageCheck {
    /// `M01`…
    pub code: &'static str,
    /// A short name, for lists.
    pub name: &'static str,
    /// The deduction when it fires (some findings take less: see each check).
    pub points: f64,
    /// Which authentication concern it is about: one deduction per concern (the receiver's
    /// view and our own check of the same thing are not counted twice).
    pub concern: Option<Concern>,
    /// What is wrong: `[English, 简体中文]`.
    pub title: [&'static str; 2],
    /// How to fix it: `[English, 简体中文]`.
    pub fix: [&'static str; 2],
}

/// What several checks can say about: only the largest of their deductions counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Concern {
    /// SPF.
    Spf,
    /// DKIM.
    Dkim,
    /// DMARC.
    Dmarc,
}

macro_rules! check {
    ($id:ident, $code:literal, $name:literal, $points:literal, $concern:expr, [$te:literal, $tz:literal], [$fe:literal, $fz:literal]) => {
        #[doc = concat!($code, ": ", $name, ".")]
        pub static $id: MessageCheck = MessageCheck {
            code: $code,
            name: $name,
            points: $points,
            concern: $concern,
            title: [$te, $tz],
            fix: [$fe, $fz],
        };
    };
}

check!(M01, "M01", "receiver-spf-not-pass", 1.5, Some(Concern::Spf),
    ["The receiver ({server}) found SPF {result} for {domain}: the sending server is not authorized by the Return-Path domain's SPF record.",
     "收件服务器（{server}）的 SPF 结果是 {result}（{domain}）：发信服务器没有得到 Return-Path 域名 SPF 记录的授权。"],
    ["Add the sending service to the SPF record of {domain} (its include: or ip4:), keeping one record that ends in ~all or -all.",
     "在 {domain} 的 SPF 记录里加入发信服务（其 include: 或 ip4:），只保留一条记录，并以 ~all 或 -all 结尾。"]);
check!(M02, "M02", "receiver-dkim-not-pass", 1.5, Some(Concern::Dkim),
    ["The receiver ({server}) found DKIM {result}{detail}: the message carries no valid signature.",
     "收件服务器（{server}）的 DKIM 结果是 {result}{detail}：邮件没有有效的签名。"],
    ["Turn on DKIM signing at your sending service for the From domain and publish the key it gives you at <selector>._domainkey.",
     "在发信服务中为发件域名开启 DKIM 签名，并把它提供的公钥发布在 <selector>._domainkey 下。"]);
check!(M03, "M03", "receiver-dmarc-not-pass", 2.0, Some(Concern::Dmarc),
    ["The receiver ({server}) found DMARC {result} for {domain}: neither SPF nor DKIM passed for a domain aligned with From.",
     "收件服务器（{server}）的 DMARC 结果是 {result}（{domain}）：SPF 和 DKIM 都没有在与 From 对齐的域名上通过。"],
    ["Sign with DKIM as the From domain (d={domain}) or send with a Return-Path under {domain} that SPF authorizes.",
     "以发件域名签 DKIM（d={domain}），或使用 {domain} 下、被 SPF 授权的 Return-Path。"]);
check!(M04, "M04", "dkim-signature-invalid", 1.5, Some(Concern::Dkim),
    ["DKIM: {detail}.",
     "DKIM：{detail}。"],
    ["Sign every message with DKIM at the sending service and publish its key; a message changed after signing (a footer, a rewritten link) breaks the signature: sign last.",
     "在发信服务中为每封邮件做 DKIM 签名并发布公钥；签名后再改动邮件（加页脚、改写链接）会使签名失效，签名应在最后一步。"]);
check!(M05, "M05", "spf-not-pass", 1.5, Some(Concern::Spf),
    ["SPF for the sending IP {ip} and {domain}: {result} ({reason}).",
     "发信 IP {ip} 与 {domain} 的 SPF 结果：{result}（{reason}）。"],
    ["Authorize the server that sent this message in the SPF record of {domain} (ip4:{ip} or your provider's include:).",
     "在 {domain} 的 SPF 记录中授权发出这封邮件的服务器（ip4:{ip} 或服务商的 include:）。"]);
check!(M06, "M06", "dmarc-not-aligned", 2.0, Some(Concern::Dmarc),
    ["Neither SPF nor DKIM passes for a domain aligned with From ({domain}, {mode} alignment): {detail}. Receivers apply the DMARC policy of {domain} to this message{policy}.",
     "SPF 和 DKIM 都没有在与 From（{domain}，{mode}对齐）对齐的域名上通过：{detail}。收件方会对这封邮件执行 {domain} 的 DMARC 策略{policy}。"],
    ["Have the sending service sign with d={domain} (custom DKIM domain) or use a Return-Path (bounce domain) under {domain}.",
     "让发信服务以 d={domain} 签名（自定义 DKIM 域名），或把 Return-Path（退信域名）设在 {domain} 之下。"]);
check!(M07, "M07", "bulk-no-list-unsubscribe", 1.5, None,
    ["This looks like bulk mail ({signals}) but has no List-Unsubscribe header: Gmail and Yahoo require one of bulk senders, and people who cannot unsubscribe press \"Report spam\".",
     "这看起来是群发邮件（{signals}），却没有 List-Unsubscribe 头：Gmail 和 Yahoo 要求群发者提供，收件人找不到退订方式就会点“举报垃圾邮件”。"],
    ["Add List-Unsubscribe: <https://…>, <mailto:…> and List-Unsubscribe-Post: List-Unsubscribe=One-Click (most sending services do it when asked).",
     "添加 List-Unsubscribe: <https://…>, <mailto:…> 和 List-Unsubscribe-Post: List-Unsubscribe=One-Click（大多数发信服务可以开启）。"]);
check!(M08, "M08", "no-one-click-unsubscribe", 1.0, None,
    ["List-Unsubscribe is there but one-click unsubscribe (RFC 8058) is not: {detail}. Gmail and Yahoo require it of bulk senders since 2024.",
     "有 List-Unsubscribe，但没有一键退订（RFC 8058）：{detail}。自 2024 年起 Gmail 和 Yahoo 要求群发者支持。"],
    ["Give an https: URI in List-Unsubscribe that unsubscribes on a POST, and add List-Unsubscribe-Post: List-Unsubscribe=One-Click (both covered by the DKIM signature).",
     "在 List-Unsubscribe 中提供一个收到 POST 就退订的 https: 地址，并添加 List-Unsubscribe-Post: List-Unsubscribe=One-Click（两者都要在 DKIM 签名范围内）。"]);
check!(M09, "M09", "message-id-missing", 1.0, None,
    ["The Message-ID header is {detail}: SpamAssassin and receivers score a missing or malformed Message-ID as a mark of spamware.",
     "Message-ID 头{detail}：SpamAssassin 和收件方会把缺失或格式错误的 Message-ID 视为垃圾邮件程序的特征。"],
    ["Let the sending server add a Message-ID of the form <unique@your-domain>.",
     "让发信服务器添加 <唯一值@你的域名> 形式的 Message-ID。"]);
check!(
    M10,
    "M10",
    "date-missing",
    1.0,
    None,
    [
        "The Date header is {detail}: RFC 5322 requires a valid Date, and filters score mail without one as spam.",
        "Date 头{detail}：RFC 5322 要求有效的 Date，没有它的邮件会被过滤器判为可疑。"
    ],
    [
        "Let the sending client or server set Date in RFC 5322 form (Tue, 1 Apr 2025 10:00:00 +0800).",
        "让发信客户端或服务器按 RFC 5322 格式设置 Date（Tue, 1 Apr 2025 10:00:00 +0800）。"
    ]
);
check!(M11, "M11", "html-without-text", 1.0, None,
    ["The message has an HTML part and no plain-text alternative: SpamAssassin's MIME_HTML_ONLY, and text-only readers see nothing.",
     "邮件只有 HTML 部分，没有纯文本版本：SpamAssassin 的 MIME_HTML_ONLY 规则会扣分，只读纯文本的客户端什么也看不到。"],
    ["Send multipart/alternative with a text/plain part carrying the same words and links.",
     "以 multipart/alternative 发送，并附上内容与链接相同的 text/plain 部分。"]);
check!(M12, "M12", "sending-ip-no-ptr", 1.5, None,
    ["{detail}",
     "{detail}"],
    ["Ask whoever runs the sending server to set the PTR record of {ip} to a host name whose A/AAAA record points back to {ip}.",
     "请发信服务器的运营方把 {ip} 的 PTR 设为一个主机名，并让该主机名的 A/AAAA 记录解析回 {ip}。"]);
check!(M13, "M13", "sending-ip-blocklisted", 3.0, None, ["{detail}", "{detail}"], ["{fix}", "{fix}"]);

/// Every header check, in code order.
pub static CHECKS: &[&MessageCheck] = &[&M01, &M02, &M03, &M04, &M05, &M06, &M07, &M08, &M09, &M10, &M11, &M12, &M13];

/// One header finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MessageFinding {
    /// The check's code.
    pub code: &'static str,
    /// The deduction, after one-per-concern.
    pub points: f64,
    /// What is wrong, with this message's names.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

impl MessageCheck {
    fn finding(&'static self, lang: Lang, points: f64, args: &[(&str, &str)]) -> MessageFinding {
        let i = usize::from(lang == Lang::ZhCn);
        MessageFinding { code: self.code, points, message: fill(self.title[i], args), fix: fill(self.fix[i], args) }
    }
}

/// A DKIM result (RFC 8601 words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DkimVerdict {
    /// Verified.
    Pass,
    /// The signature does not verify.
    Fail,
    /// Unusable signature (expired, body hash mismatch…).
    Neutral,
    /// The key could not be fetched.
    TempError,
    /// No key, or a broken one.
    PermError,
    /// Not signed.
    None,
}

impl DkimVerdict {
    /// The RFC 8601 word.
    pub fn as_str(self) -> &'static str {
        match self {
            DkimVerdict::Pass => "pass",
            DkimVerdict::Fail => "fail",
            DkimVerdict::Neutral => "neutral",
            DkimVerdict::TempError => "temperror",
            DkimVerdict::PermError => "permerror",
            DkimVerdict::None => "none",
        }
    }
}

/// One DKIM signature, verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DkimCheck {
    /// `d=`.
    pub domain: String,
    /// `s=`.
    pub selector: String,
    /// The result.
    pub verdict: DkimVerdict,
    /// Why, in mail-auth's words.
    pub detail: String,
}

/// What the report found about the message, check by check.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MessageFacts {
    /// The From address's domain.
    pub from_domain: Option<String>,
    /// The Return-Path (MAIL FROM) address; `""` for the null path.
    pub return_path: Option<String>,
    /// The sending IP: the first `Received` hop from outside the receiver.
    pub sending_ip: Option<IpAddr>,
    /// The HELO name the sending IP gave.
    pub helo: Option<String>,
    /// The receiver's `Authentication-Results`.
    pub auth_results: Vec<AuthResults>,
    /// Our own SPF `check_host` for the sending IP and the Return-Path.
    pub spf: Option<SpfResult>,
    /// Our own DKIM verification; `None` when not built in (the wasm).
    pub dkim: Option<Vec<DkimCheck>>,
    /// The DMARC record's policy for the From domain (`none`, `quarantine`, `reject`).
    pub dmarc_policy: Option<String>,
    /// Whether SPF or DKIM passed for a domain aligned with From.
    pub aligned: Option<bool>,
    /// The sending IP's PTR names.
    pub ptr: Vec<String>,
    /// Lookups that could not be made, in plain words.
    pub unknown: Vec<String>,
}

/// One line of the total: a content finding or a header finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deduction {
    /// `content` or `headers`.
    pub source: &'static str,
    /// The rule or check code.
    pub code: &'static str,
    /// Points taken.
    pub points: f64,
    /// Why.
    pub message: String,
}

/// The raw-message report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MessageReport {
    /// Out of 10, one decimal.
    pub score: f64,
    /// Every point taken, content and headers.
    pub points: f64,
    /// Every answer it needed was in the store.
    pub complete: bool,
    /// Each deduction, largest first.
    pub deductions: Vec<Deduction>,
    /// The header checks' findings.
    pub findings: Vec<MessageFinding>,
    /// What was found.
    pub facts: MessageFacts,
    /// The content linter's report.
    pub content: Report,
}

/// How to run the report.
#[derive(Debug, Clone, Default)]
pub struct MessageOptions {
    /// Language of messages and fixes.
    pub lang: Lang,
    /// Run only this header check (fixtures isolate checks this way); the content linter still
    /// runs unless `skip_content`.
    pub only: Option<&'static str>,
    /// Whether to run the content linter (fixture tests of header checks switch it off).
    pub skip_content: bool,
}

/// The report on a raw message over the answers in `lookups`; missing answers are noted there
/// ([`Lookups::take_missing`]) and the report says `complete: false` until they are in.
pub fn report_message(raw: &[u8], lookups: &Lookups, options: &MessageOptions) -> Result<MessageReport, crate::Error> {
    let draft = crate::parse_bytes(raw)?;
    let lang = options.lang;
    let header = |name: &'static str| {
        draft.headers.iter().filter(move |(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    };
    let mut facts = MessageFacts::default();
    let mut findings: Vec<MessageFinding> = Vec::new();
    let mut complete = true;
    let say = |en: &str, zh: &str| domain::say(lang, en, zh);

    // Who is who.
    let from_domain = draft.from.as_ref().map(|m| domain::domain_to_ascii(&m.domain())).filter(|d| d.contains('.'));
    facts.from_domain = from_domain.clone();
    let auth_results = receiver_auth_results(header("Authentication-Results"));
    let mail_from_in_ar = auth_results
        .iter()
        .flat_map(|a| &a.results)
        .find(|r| r.method == "spf")
        .and_then(|r| r.property("smtp.mailfrom").map(str::to_string));
    facts.return_path = header("Return-Path").next().and_then(address_of).or(mail_from_in_ar);
    let received: Vec<Received> = header("Received").map(parse_received).collect();
    let sender_hop = sending_hop(&received);
    facts.sending_ip = sender_hop.and_then(|h| h.ip);
    facts.helo = sender_hop.and_then(|h| h.helo.clone());
    facts.auth_results = auth_results.clone();

    // M01–M03: Authentication-Results as the receiver saw them.
    for ar in &auth_results {
        for r in &ar.results {
            let args = |domain: &str, detail: &str| {
                vec![
                    ("server", ar.authserv_id.clone()),
                    ("result", r.result.clone()),
                    ("domain", domain.to_string()),
                    ("detail", detail.to_string()),
                ]
            };
            let (check, points, domain, detail) = match (r.method.as_str(), r.result.as_str()) {
                ("spf", "pass") | ("dkim", "pass") | ("dmarc", "pass") => continue,
                ("spf", result) => {
                    let domain = r.property("smtp.mailfrom").and_then(domain_of).unwrap_or_default();
                    (&M01, spf_points(result), domain, String::new())
                }
                ("dkim", result) => {
                    let d = r
                        .property("header.d")
                        .or(r.property("header.i"))
                        .unwrap_or_default()
                        .trim_start_matches('@')
                        .to_string();
                    let detail = if d.is_empty() { String::new() } else { format!(" (d={d})") };
                    (&M02, if result == "none" { 1.0 } else { 1.5 }, d, detail)
                }
                ("dmarc", "none") => continue,
                ("dmarc", _) => {
                    (&M03, M03.points, r.property("header.from").unwrap_or_default().to_string(), String::new())
                }
                _ => continue,
            };
            // A failed DKIM signature beside a passing one is no deduction: one valid signature
            // is enough.
            if check.code == "M02" && ar.results.iter().any(|o| o.method == "dkim" && o.result == "pass") {
                continue;
            }
            let args = args(&domain, &detail);
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            findings.push(check.finding(lang, points, &args));
        }
    }

    // M04: our own DKIM verification.
    let dkim = verify_dkim(raw, lookups);
    match &dkim {
        Err(Pending) => complete = false,
        Ok(None) => {}
        Ok(Some(checks)) => {
            let passed = checks.iter().any(|c| c.verdict == DkimVerdict::Pass);
            if checks.is_empty() {
                let detail = say("the message is not signed", "邮件没有签名");
                findings.push(M04.finding(lang, 1.0, &[("detail", &detail)]));
            } else if !passed {
                let temp = checks.iter().all(|c| c.verdict == DkimVerdict::TempError);
                let list: Vec<String> = checks
                    .iter()
                    .map(|c| format!("d={} s={} {} ({})", c.domain, c.selector, c.verdict.as_str(), c.detail))
                    .collect();
                if temp {
                    facts.unknown.push(format!("DKIM: {}", list.join("; ")));
                } else {
                    let detail = say(
                        &format!("no signature verifies: {}", list.join("; ")),
                        &format!("没有能通过验证的签名：{}", list.join("；")),
                    );
                    findings.push(M04.finding(lang, M04.points, &[("detail", &detail)]));
                }
            }
            facts.dkim = Some(checks.clone());
        }
    }

    // M05: SPF for the sending IP and the Return-Path domain.
    let mail_from = facts.return_path.clone().unwrap_or_default();
    let spf = match (facts.sending_ip, facts.sending_ip.is_some_and(domain::mx::is_public)) {
        (Some(ip), true) => {
            let helo = facts.helo.clone().unwrap_or_default();
            match check_mail_from(lookups, ip, &mail_from, &helo) {
                Ok(result) => Some(result),
                Err(Pending) => {
                    complete = false;
                    None
                }
            }
        }
        _ => None,
    };
    if let (Some(result), Some(ip)) = (&spf, facts.sending_ip) {
        let spf_domain = domain_of(&mail_from).or_else(|| facts.helo.clone()).unwrap_or_default();
        if result.verdict == SpfVerdict::TempError {
            facts.unknown.push(format!("SPF {spf_domain}: {}", result.reason));
        } else if result.verdict != SpfVerdict::Pass {
            let ip = ip.to_string();
            let args = [
                ("ip", ip.as_str()),
                ("domain", &spf_domain),
                ("result", result.verdict.as_str()),
                ("reason", &result.reason),
            ];
            findings.push(M05.finding(lang, spf_points(result.verdict.as_str()), &args));
        }
    }
    facts.spf = spf.clone();

    // M06: DMARC alignment of SPF and DKIM with From.
    if let Some(from) = &from_domain {
        match discovery::lookup_all(lookups, from) {
            Err(Pending) => complete = false,
            Ok(found) => {
                let found = discovery::rfc7489(from, &found);
                let record = found.record.as_ref();
                let strict_spf = record.and_then(|r| r.aspf) == Some(Alignment::Strict);
                let strict_dkim = record.and_then(|r| r.adkim) == Some(Alignment::Strict);
                let aligned = |other: &str, strict: bool| match strict {
                    true => other == from,
                    false => {
                        other == from
                            || (crate::suffix::domain(other).is_some()
                                && crate::suffix::domain(other) == crate::suffix::domain(from))
                    }
                };
                // SPF: our own result, else the receiver's.
                let spf_domain = domain_of(&mail_from);
                let spf_pass = match &spf {
                    Some(r) => r.verdict == SpfVerdict::Pass,
                    None => {
                        auth_results.iter().flat_map(|a| &a.results).any(|r| r.method == "spf" && r.result == "pass")
                    }
                };
                let spf_aligned = spf_pass && spf_domain.as_deref().is_some_and(|d| aligned(d, strict_spf));
                let dkim_passed: Vec<String> = match &dkim {
                    Ok(Some(checks)) => {
                        checks.iter().filter(|c| c.verdict == DkimVerdict::Pass).map(|c| c.domain.clone()).collect()
                    }
                    _ => auth_results
                        .iter()
                        .flat_map(|a| &a.results)
                        .filter(|r| r.method == "dkim" && r.result == "pass")
                        .filter_map(|r| r.property("header.d").map(crate::dns::normalize_name))
                        .collect(),
                };
                let dkim_aligned = dkim_passed.iter().any(|d| aligned(d, strict_dkim));
                // SPF that could not be evaluated (its lookups failed) is no failure: with no
                // DKIM pass either, alignment is unknown, not missing.
                let spf_unknown = spf.as_ref().is_some_and(|r| r.verdict == SpfVerdict::TempError);
                let known = (spf.is_some() || !auth_results.is_empty() || matches!(dkim, Ok(Some(_))))
                    && !(spf_unknown && !dkim_aligned && auth_results.is_empty());
                if known {
                    facts.aligned = Some(spf_aligned || dkim_aligned);
                }
                let policy = record.map(|r| found.applied(from).unwrap_or(r.policy()));
                facts.dmarc_policy = policy.map(|p| p.as_str().to_string());
                if known && !spf_aligned && !dkim_aligned {
                    let spf_checked =
                        spf.is_some() || auth_results.iter().flat_map(|a| &a.results).any(|r| r.method == "spf");
                    let spf_part = match (spf_pass, spf_domain.as_deref()) {
                        _ if !spf_checked => say(
                            "SPF could not be checked (no sending IP in the Received chain)",
                            "无法检查 SPF（Received 链中没有发信 IP）",
                        ),
                        (true, Some(d)) => say(&format!("SPF passed for {d}"), &format!("SPF 在 {d} 上通过")),
                        (_, Some(d)) => say(&format!("SPF did not pass for {d}"), &format!("SPF 在 {d} 上未通过")),
                        _ => say("no Return-Path to check SPF for", "没有可检查 SPF 的 Return-Path"),
                    };
                    let dkim_part = match dkim_passed.is_empty() {
                        true => say("no DKIM signature passed", "没有通过验证的 DKIM 签名"),
                        false => say(
                            &format!("DKIM passed for d={}", dkim_passed.join(", d=")),
                            &format!("DKIM 在 d={} 上通过", dkim_passed.join("、d=")),
                        ),
                    };
                    let detail = say(&format!("{spf_part}, {dkim_part}"), &format!("{spf_part}，{dkim_part}"));
                    let mode = match (strict_spf || strict_dkim, lang) {
                        (true, Lang::En) => "strict",
                        (false, Lang::En) => "relaxed",
                        (true, Lang::ZhCn) => "严格",
                        (false, Lang::ZhCn) => "宽松",
                    };
                    let (points, policy_text) = match policy {
                        Some(p) if p.is_enforced() => {
                            (2.5, say(&format!(" (p={})", p.as_str()), &format!("（p={}）", p.as_str())))
                        }
                        Some(p) => (1.5, say(&format!(" (p={})", p.as_str()), &format!("（p={}）", p.as_str()))),
                        None if found.unknown.is_some() => {
                            (1.5, say(" (its DMARC policy could not be looked up)", "（无法查询该域名的 DMARC 策略）"))
                        }
                        None => (
                            1.5,
                            say(
                                " (it has none: it cannot be protected from spoofing)",
                                "（该域名没有 DMARC 记录，无法防止被冒充）",
                            ),
                        ),
                    };
                    let args =
                        [("domain", from.as_str()), ("mode", mode), ("detail", &detail), ("policy", &policy_text)];
                    findings.push(M06.finding(lang, points, &args));
                }
            }
        }
    }

    // M07, M08: unsubscribe for bulk mail.
    // A discussion list (List-Post names where to post, RFC 2369) is people writing to each
    // other through a list server, not a bulk sender's campaign: the bulk-sender rules of
    // Gmail and Yahoo (one-click unsubscribe) are not about it.
    let discussion = header("List-Post").any(|v| !v.trim().eq_ignore_ascii_case("no"));
    let list_unsubscribe: Vec<&str> = header("List-Unsubscribe").collect();
    let signals = if discussion { Vec::new() } else { bulk_signals(&draft.headers) };
    if list_unsubscribe.is_empty() && !signals.is_empty() {
        findings.push(M07.finding(lang, M07.points, &[("signals", &signals.join(", "))]));
    }
    if let Some(value) = list_unsubscribe.first().filter(|_| !discussion) {
        let https =
            value.split(',').any(|u| u.trim().trim_start_matches('<').to_ascii_lowercase().starts_with("https:"));
        let post = header("List-Unsubscribe-Post").any(|v| v.trim().eq_ignore_ascii_case("List-Unsubscribe=One-Click"));
        let detail = match (https, post) {
            (true, true) => None,
            (false, true) => Some(say(
                "List-Unsubscribe-Post is there but List-Unsubscribe has no https: URI to POST to",
                "有 List-Unsubscribe-Post，但 List-Unsubscribe 里没有可以 POST 的 https: 地址",
            )),
            (true, false) => Some(say(
                "no List-Unsubscribe-Post: List-Unsubscribe=One-Click header",
                "没有 List-Unsubscribe-Post: List-Unsubscribe=One-Click 头",
            )),
            (false, false) => Some(say(
                "only a mailto: address and no List-Unsubscribe-Post header",
                "只有 mailto: 地址，也没有 List-Unsubscribe-Post 头",
            )),
        };
        if let Some(detail) = detail {
            findings.push(M08.finding(lang, M08.points, &[("detail", &detail)]));
        }
    }

    // M09, M10: Message-ID and Date.
    let message_id = header("Message-ID").next().map(str::trim);
    let id_problem = match message_id {
        None => Some(say("missing", "缺失")),
        Some(id) if !valid_message_id(id) => Some(say(&format!("malformed ({id})"), &format!("格式错误（{id}）"))),
        _ => None,
    };
    if let Some(detail) = id_problem {
        findings.push(M09.finding(lang, M09.points, &[("detail", &detail)]));
    }
    let date_problem = match header("Date").next().map(str::trim) {
        None => Some(say("missing", "缺失")),
        Some(date) if mail_parser::DateTime::parse_rfc822(date).is_none() => {
            Some(say(&format!("malformed ({date})"), &format!("格式错误（{date}）")))
        }
        _ => None,
    };
    if let Some(detail) = date_problem {
        findings.push(M10.finding(lang, M10.points, &[("detail", &detail)]));
    }

    // M11: an HTML part without a text part.
    if draft.html.as_deref().is_some_and(|h| !h.trim().is_empty()) && draft.text.is_none() {
        findings.push(M11.finding(lang, M11.points, &[]));
    }

    // M12, M13: the sending IP's reverse DNS and blocklists (the domain check's sections).
    if let (Some(ip), Some(from)) = (facts.sending_ip, from_domain.as_ref()) {
        let options = DomainOptions { domain: from.clone(), ip: Some(ip), lang, ..DomainOptions::default() };
        let cx = domain::Context { options: &options, domain: from.clone(), lookups };
        let mut out = domain::Output::default();
        let ptr = (domain::ptr::SECTION.run)(&cx, &mut out);
        let lists = (domain::blocklists::SECTION.run)(&cx, &mut out);
        complete &= ptr.is_ok() && lists.is_ok();
        facts.ptr = out.facts.iter().filter(|f| f.label == "ptr").map(|f| f.value.clone()).collect();
        let ip_text = ip.to_string();
        for f in &out.findings {
            match (f.code, f.status) {
                // The lists' refusals are summed up by BL-UNAVAILABLE below.
                ("BL-IP-LISTED" | "BL-DOMAIN-LISTED", Status::Unknown) => {}
                (_, Status::Unknown) => facts.unknown.push(format!("{}: {}", f.code, f.message)),
                ("PTR-MISSING", Status::Problem) => {
                    findings.push(M12.finding(lang, M12.points, &[("ip", &ip_text), ("detail", &f.message)]))
                }
                ("BL-IP-LISTED" | "BL-DOMAIN-LISTED", Status::Problem) => {
                    let points = match f.level {
                        domain::Level::Critical | domain::Level::Error => M13.points,
                        _ => 1.0,
                    };
                    findings.push(M13.finding(lang, points, &[("detail", &f.message), ("fix", &f.fix)]))
                }
                // BL-UNAVAILABLE: the lists refused the resolver, neither listed nor clean.
                (_, Status::Problem) => facts.unknown.push(f.message.clone()),
                _ => {}
            }
        }
    }

    // One deduction per concern: the largest.
    for concern in [Concern::Spf, Concern::Dkim, Concern::Dmarc] {
        let of = |f: &MessageFinding| CHECKS.iter().any(|c| c.code == f.code && c.concern == Some(concern));
        let largest = findings.iter().filter(|f| of(f)).map(|f| f.points).fold(0.0, f64::max);
        let mut kept = false;
        for f in findings.iter_mut().filter(|f| of(f)) {
            if f.points == largest && !kept {
                kept = true;
            } else {
                f.points = 0.0;
            }
        }
    }
    if let Some(only) = options.only {
        findings.retain(|f| f.code == only);
    }
    findings.sort_by(|a, b| a.code.cmp(b.code));

    // The content linter, on the same scale.
    let content = if options.skip_content {
        Report {
            grade: 10.0,
            points: 0.0,
            mode: Mode::OneToOne,
            findings: Vec::new(),
            lookups: Vec::new(),
            clipped: Vec::new(),
        }
    } else {
        let mode = if signals.is_empty() && list_unsubscribe.is_empty() { None } else { Some(Mode::Campaign) };
        crate::check(&draft, &crate::Options { lang, mode, ..crate::Options::default() })
    };
    let mut deductions: Vec<Deduction> = content
        .findings
        .iter()
        .filter(|f| f.points > 0.0)
        .map(|f| Deduction { source: "content", code: f.code, points: f.points, message: f.message.clone() })
        .chain(findings.iter().filter(|f| f.points > 0.0).map(|f| Deduction {
            source: "headers",
            code: f.code,
            points: f.points,
            message: f.message.clone(),
        }))
        .collect();
    deductions.sort_by(|a, b| b.points.total_cmp(&a.points).then(a.code.cmp(b.code)));
    let points = round_to(deductions.iter().map(|d| d.points).sum::<f64>() + 0.0, 2);
    let score = round_to((10.0 - points).clamp(0.0, 10.0), 1);
    Ok(MessageReport { score, points, complete, deductions, findings, facts, content })
}

/// The points of an SPF result that is not `pass`.
fn spf_points(result: &str) -> f64 {
    match result {
        "fail" | "hardfail" => 1.5,
        "neutral" => 0.5,
        _ => 1.0,
    }
}

#[cfg(feature = "dkim-verify")]
fn verify_dkim(raw: &[u8], lookups: &Lookups) -> Result<Option<Vec<DkimCheck>>, Pending> {
    dkim_verify::verify(raw, lookups).map(Some)
}

/// Without mail-auth (the wasm), signatures are not verified: the report relies on the
/// receiver's `Authentication-Results`.
#[cfg(not(feature = "dkim-verify"))]
fn verify_dkim(_: &[u8], _: &Lookups) -> Result<Option<Vec<DkimCheck>>, Pending> {
    Ok(None)
}

/// The `Authentication-Results` headers of the receiver: those with the authserv-id of the top
/// one (the last added; earlier hops' headers, or ones the sender forged, say less).
fn receiver_auth_results<'a>(values: impl Iterator<Item = &'a str>) -> Vec<AuthResults> {
    let parsed: Vec<AuthResults> = values.filter_map(parse_auth_results).collect();
    let Some(first) = parsed.first().map(|a| a.authserv_id.clone()) else { return Vec::new() };
    parsed.into_iter().filter(|a| a.authserv_id == first).collect()
}

/// The hop that handed the message to the receiver: from the top, the first `Received` with a
/// public client address whose client is not inside the receiver's own domain (internal relays).
fn sending_hop(received: &[Received]) -> Option<&Received> {
    let org = |host: &str| crate::suffix::domain(host).map(str::to_string);
    let receiver = received.iter().find_map(|r| r.by.as_deref()).and_then(org);
    received.iter().find(|r| {
        let Some(ip) = r.ip else { return false };
        if !domain::mx::is_public(ip) {
            return false;
        }
        let client = r.rdns.as_deref().or(r.helo.as_deref()).and_then(org);
        receiver.is_none() || client != receiver
    })
}

/// Headers that mark bulk mail, in words for the message.
fn bulk_signals(headers: &[(String, String)]) -> Vec<String> {
    let mut signals = Vec::new();
    for (name, value) in headers {
        let lower = name.to_ascii_lowercase();
        let signal = match lower.as_str() {
            "precedence" if ["bulk", "list", "junk"].contains(&value.trim().to_ascii_lowercase().as_str()) => {
                format!("Precedence: {}", value.trim())
            }
            "list-id"
            | "feedback-id"
            | "x-campaign"
            | "x-campaignid"
            | "x-mailgun-tag"
            | "x-ses-configuration-set"
            | "x-mc-user"
            | "x-sg-eid"
            | "x-csa-complaints" => name.clone(),
            _ => continue,
        };
        if !signals.contains(&signal) {
            signals.push(signal);
        }
    }
    signals
}

/// `<id-left@id-right>` (RFC 5322 §3.6.4), liberal about what is inside.
fn valid_message_id(id: &str) -> bool {
    let Some(inner) = id.strip_prefix('<').and_then(|s| s.strip_suffix('>')) else { return false };
    match inner.split_once('@') {
        Some((left, right)) => {
            !left.is_empty() && !right.is_empty() && !inner.contains(char::is_whitespace) && !right.contains('@')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_in_order_with_words_in_both_languages() {
        for (i, check) in CHECKS.iter().enumerate() {
            assert_eq!(check.code, format!("M{:02}", i + 1));
            assert!(check.title.iter().chain(&check.fix).all(|t| !t.is_empty()));
        }
    }

    #[test]
    fn failed_lookups_leave_alignment_unknown_never_a_deduction() {
        let raw = include_bytes!("../../../../tests/fixtures/report/M05/trigger.eml");
        let mut lookups = Lookups::new();
        let options = MessageOptions { skip_content: true, ..MessageOptions::default() };
        let report = crate::dns::drive(
            &mut lookups,
            |l| report_message(raw, l, &options),
            |requests| {
                let failed = |r: &crate::dns::Request| match r {
                    crate::dns::Request::Dns(_) => {
                        crate::dns::Response::Dns(crate::dns::Answer::Failed { reason: "SERVFAIL".into() })
                    }
                    crate::dns::Request::Https { .. } => {
                        crate::dns::Response::Https(crate::dns::HttpsResponse::Failed { reason: "refused".into() })
                    }
                };
                requests.iter().map(|r| (r.clone(), failed(r))).collect()
            },
        )
        .expect("the fixture is a message");
        let codes: Vec<_> = report.findings.iter().map(|f| f.code).collect();
        assert!(!codes.contains(&"M06"), "{codes:?}");
        assert!(!report.findings.iter().any(|f| f.message.contains("has none")), "{:?}", report.findings);
    }

    #[test]
    fn message_ids() {
        assert!(valid_message_id("<1234.abc@mail.x.test>"));
        assert!(!valid_message_id("1234@x.test"));
        assert!(!valid_message_id("<1234>"));
    }
}
