//! The reasons a message bounces, one declaration each: Sisimai v5's vocabulary (5.2-era names,
//! as the reference corpus is labelled), whether a bounce for it is hard, and what to do, in
//! English and Simplified Chinese.
//!
//! Hard or soft follows Sisimai's rule, by reason and not by the 4xx/5xx class: only a reason
//! that says the *address* is bad makes the bounce hard (remove the address). A 5.7.1 policy
//! block or a 5.2.2 full mailbox is permanent for this message, yet the address is fine.

use serde::Serialize;

use crate::rules::L10n;

/// Why a message did not reach a recipient (or, for the last four, why it is no bounce).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)] // Each variant is documented by its declaration in `REASONS`.
pub enum Reason {
    AuthFailure,
    BadReputation,
    Blocked,
    ContentError,
    ExceedLimit,
    Expired,
    FailedStartTls,
    Filtered,
    HasMoved,
    HostUnknown,
    MailboxFull,
    MailerError,
    MesgTooBig,
    NetworkError,
    NoRelaying,
    NotAccept,
    NotCompliantRfc,
    OnHold,
    PolicyViolation,
    Rejected,
    RequirePtr,
    SecurityError,
    SpamDetected,
    Speeding,
    Suspend,
    SyntaxError,
    SystemError,
    SystemFull,
    TooManyConn,
    Undefined,
    UserUnknown,
    VirusDetected,
    Delivered,
    Feedback,
    Vacation,
    /// mailhint's own: ordinary mail, no report of any kind.
    #[serde(rename = "not-a-bounce")]
    NotABounce,
}

/// How a reason weighs on the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// The address is bad.
    Hard,
    /// The address is bad unless the reply was temporary (4xx): `notaccept` (null MX, a domain
    /// that takes no mail) is hard, but a 4xx "not accepting" is a passing state.
    HardUnless4xx,
    /// The message failed, the address may be fine.
    Soft,
    /// No failure: a delivery report, a complaint report, an auto-reply, ordinary mail.
    NotABounce,
}

/// One reason's declaration.
#[derive(Debug)]
pub struct ReasonDecl {
    /// The reason.
    pub reason: Reason,
    /// Its Sisimai name, as in the JSON.
    pub name: &'static str,
    /// Hard, soft, or no bounce.
    pub weight: Weight,
    /// What it means, in a line.
    pub meaning: L10n,
    /// What the sender should do.
    pub advice: L10n,
}

macro_rules! decl {
    ($reason:ident, $name:literal, $weight:ident, $men:literal, $mzh:literal, $aen:literal, $azh:literal $(,)?) => {
        ReasonDecl {
            reason: Reason::$reason,
            name: $name,
            weight: Weight::$weight,
            meaning: L10n { en: $men, zh: $mzh },
            advice: L10n { en: $aen, zh: $azh },
        }
    };
}

/// Every reason, in `Reason` order.
pub static REASONS: &[ReasonDecl] = &[
    decl!(AuthFailure, "authfailure", Soft,
        "The receiving server could not authenticate your mail (SPF, DKIM or DMARC failed).",
        "收件服务器无法验证你的邮件（SPF、DKIM 或 DMARC 未通过）。",
        "Fix your domain's SPF, DKIM and DMARC so that the server you send from is authorised and signs with your domain (`mailhint domain` checks them), then send again; the address is fine.",
        "修正发件域名的 SPF、DKIM 和 DMARC，让发信服务器获得授权并用你的域名签名（可用 `mailhint domain` 检查），然后重发；收件地址本身没有问题。"),
    decl!(BadReputation, "badreputation", Soft,
        "The receiving server refused mail because of your IP's or domain's reputation.",
        "收件服务器因你的 IP 或域名信誉不佳而拒收。",
        "Slow down, send only to people who asked for your mail, remove bounced addresses, and check your IP and domain in the provider's postmaster tools; retry later. The address is fine.",
        "降低发送频率，只给主动订阅或有往来的人发信，清理退信地址，并在对方的邮局管理工具中查看你的 IP 和域名信誉；稍后重试。收件地址本身没有问题。"),
    decl!(Blocked, "blocked", Soft,
        "Your sending server's IP address is blocked or listed on a blocklist.",
        "你的发信服务器 IP 被对方拦截或被列入黑名单。",
        "Look up your sending IP on the blocklist the message names and ask for delisting, or send through your provider's relay; the address is fine.",
        "按退信中提到的黑名单查询你的发信 IP 并申请移除，或改用邮件服务商的中继发信；收件地址本身没有问题。"),
    decl!(ContentError, "contenterror", Soft,
        "The message's format or encoding was not acceptable to the receiving server.",
        "收件服务器不接受邮件的格式或编码。",
        "Send the message as ordinary MIME (UTF-8 text, standard attachments) and try again.",
        "请使用标准 MIME 格式（UTF-8 文本、常规附件）重新发送。"),
    decl!(ExceedLimit, "exceedlimit", Soft,
        "The message exceeds a size limit set for this recipient.",
        "邮件超过了该收件人的大小限制。",
        "Send a smaller message: put large files behind a download link.",
        "请减小邮件体积：大文件改用下载链接。"),
    decl!(Expired, "expired", Soft,
        "Delivery was retried until it timed out; the receiving server could not be reached in time.",
        "多次重试后投递超时，未能在期限内连上收件服务器。",
        "Try again later; if it keeps happening, check the recipient's domain and MX records, or ask the recipient by another channel.",
        "请稍后重试；若持续发生，检查收件域名及其 MX 记录，或通过其他渠道联系收件人。"),
    decl!(FailedStartTls, "failedstarttls", Soft,
        "The TLS connection (STARTTLS) to the receiving server failed.",
        "与收件服务器建立 TLS（STARTTLS）加密连接失败。",
        "Check your server's TLS settings (protocols, certificate) and try again.",
        "检查发信服务器的 TLS 设置（协议版本、证书）后重试。"),
    decl!(Filtered, "filtered", Soft,
        "The recipient's own filters or settings refused the message.",
        "收件人自己的过滤规则或设置拒收了这封邮件。",
        "Ask the recipient by another channel to allow your address; do not resend in a loop.",
        "请通过其他渠道请收件人把你的地址加入白名单，不要反复重发。"),
    decl!(HasMoved, "hasmoved", Hard,
        "The recipient has moved and left no forwarding address.",
        "收件人已更换邮箱，且未设置转发。",
        "Remove the address; if the bounce gives a new one, ask the person before using it.",
        "请删除该地址；退信若给出新地址，应先征得对方同意再使用。"),
    decl!(HostUnknown, "hostunknown", Hard,
        "The recipient's domain does not exist or takes no mail.",
        "收件域名不存在或无法接收邮件。",
        "Check the domain for a typo (gmial.com, 163.con); if it is right, remove the address.",
        "检查域名是否拼错（如 gmial.com、163.con）；若无误，请删除该地址。"),
    decl!(MailboxFull, "mailboxfull", Soft,
        "The recipient's mailbox is full.",
        "收件人邮箱已满。",
        "Try again in a few days; if it is still full after several weeks, the mailbox is probably abandoned.",
        "过几天再试；若数周后仍满，该邮箱很可能已被弃用。"),
    decl!(MailerError, "mailererror", Soft,
        "The receiving system's local delivery program failed.",
        "收件方系统的本地投递程序出错。",
        "This is the recipient system's fault: try again later or tell its postmaster.",
        "这是收件方系统的问题：请稍后重试或告知对方邮件管理员。"),
    decl!(MesgTooBig, "mesgtoobig", Soft,
        "The message is larger than the receiving server accepts.",
        "邮件大小超过了收件服务器的上限。",
        "Send a smaller message (under 10 MB is safe): put large files behind a download link.",
        "请减小邮件体积（10 MB 以内较稳妥）：大文件改用下载链接。"),
    decl!(NetworkError, "networkerror", Soft,
        "A network or DNS problem stopped delivery.",
        "网络或 DNS 问题导致投递失败。",
        "Try again later; if it persists, check the recipient domain's MX records.",
        "请稍后重试；若持续发生，检查收件域名的 MX 记录。"),
    decl!(NoRelaying, "norelaying", Soft,
        "The server refused to relay the message: it is not the recipient's server, or you are not authorised to send through it.",
        "服务器拒绝转发：它不是收件人的服务器，或你没有通过它发信的权限。",
        "Send through your own provider's server with authentication (SMTP AUTH), and check the recipient domain's MX records.",
        "请通过自己邮件服务商的服务器并开启 SMTP 认证发信，同时检查收件域名的 MX 记录。"),
    decl!(NotAccept, "notaccept", HardUnless4xx,
        "The recipient's domain does not accept mail (null MX, or its server refuses all mail).",
        "收件域名不接收邮件（空 MX，或其服务器拒收一切邮件）。",
        "Remove the address unless the reply was temporary (4xx); then try again later.",
        "除非是临时错误（4xx），请删除该地址；临时错误可稍后重试。"),
    decl!(NotCompliantRfc, "notcompliantrfc", Soft,
        "The message breaks the Internet mail format (RFC 5322): duplicate or malformed headers.",
        "邮件不符合互联网邮件格式（RFC 5322）：邮件头重复或格式错误。",
        "Fix the sending software so each header appears once and is well formed, then resend.",
        "修正发信程序，使每个邮件头只出现一次且格式正确，然后重发。"),
    decl!(OnHold, "onhold", Soft,
        "The bounce gives no clear reason.",
        "退信没有给出明确原因。",
        "Read the diagnostic text; try again later and watch whether the address bounces again.",
        "请阅读诊断信息；稍后重试，观察该地址是否再次退信。"),
    decl!(PolicyViolation, "policyviolation", Soft,
        "The message broke the receiving organisation's policy (content, attachment type, or sender policy).",
        "邮件违反了收件方组织的策略（内容、附件类型或发件人策略）。",
        "Remove what the policy names (executable or archive attachments, certain links) and resend, or ask the recipient to allow it.",
        "删除策略所指的内容（可执行文件或压缩包附件、特定链接）后重发，或请收件人放行。"),
    decl!(Rejected, "rejected", Soft,
        "The server refused your envelope sender (MAIL FROM) address.",
        "服务器拒绝了你的信封发件人地址（MAIL FROM）。",
        "Send from a real, existing address of a domain with MX and SPF records; check the sender address your software uses.",
        "请使用真实存在、所属域名有 MX 和 SPF 记录的发件地址；检查发信程序使用的发件人地址。"),
    decl!(RequirePtr, "requireptr", Soft,
        "Your sending server's IP has no valid reverse DNS (PTR) name.",
        "你的发信服务器 IP 没有有效的反向解析（PTR）记录。",
        "Ask whoever owns the IP (your hosting or network provider) to set a PTR record whose name resolves back to the IP, or send through your provider's relay.",
        "请 IP 的所有者（主机或网络服务商）设置 PTR 记录，且该名称能正向解析回该 IP；或改用邮件服务商的中继发信。"),
    decl!(SecurityError, "securityerror", Soft,
        "A security check failed: authentication, encryption or a virus scan.",
        "安全检查未通过：认证、加密或病毒扫描。",
        "Check your SMTP login and TLS settings; the address is fine.",
        "检查 SMTP 登录凭据和 TLS 设置；收件地址本身没有问题。"),
    decl!(SpamDetected, "spamdetected", Soft,
        "The receiving server judged the message to be spam.",
        "收件服务器判定这封邮件为垃圾邮件。",
        "Run `mailhint check` on the message and fix what it finds (wording, links, images), then send again; the address is fine.",
        "用 `mailhint check` 检查这封邮件，修正发现的问题（用词、链接、图片）后重发；收件地址本身没有问题。"),
    decl!(Speeding, "speeding", Soft,
        "You sent too fast: the receiving server limits the rate.",
        "发送速度过快，收件服务器限制了频率。",
        "Send more slowly and spread the mailing over time; try again later.",
        "放慢发送速度，分批发送；稍后重试。"),
    decl!(Suspend, "suspend", Soft,
        "The recipient's mailbox is disabled or suspended.",
        "收件人邮箱已停用或被冻结。",
        "Stop sending for now; if it keeps bouncing for weeks, remove the address.",
        "暂停给该地址发信；若数周内持续退信，请删除该地址。"),
    decl!(SyntaxError, "syntaxerror", Soft,
        "The SMTP conversation had a syntax error.",
        "SMTP 会话中出现语法错误。",
        "Check the sending software and the addresses' syntax, then resend.",
        "检查发信程序及地址格式后重发。"),
    decl!(SystemError, "systemerror", Soft,
        "The receiving mail system had an error (misconfiguration, loop, internal failure).",
        "收件方邮件系统出错（配置错误、循环投递或内部故障）。",
        "This is the recipient system's fault: try again later or tell its postmaster.",
        "这是收件方系统的问题：请稍后重试或告知对方邮件管理员。"),
    decl!(SystemFull, "systemfull", Soft,
        "The receiving mail system is out of disk or is congested.",
        "收件方邮件系统磁盘已满或拥堵。",
        "Try again later.",
        "请稍后重试。"),
    decl!(TooManyConn, "toomanyconn", Soft,
        "Too many connections or recipients at once.",
        "同时连接数或收件人数过多。",
        "Open fewer connections and put fewer recipients in each message; try again later.",
        "减少并发连接，减少每封邮件的收件人数；稍后重试。"),
    decl!(Undefined, "undefined", Soft,
        "The bounce gives no reason that could be read.",
        "无法从退信中读出原因。",
        "Read the bounce yourself; try again later and watch whether the address bounces again.",
        "请人工阅读退信；稍后重试，观察该地址是否再次退信。"),
    decl!(UserUnknown, "userunknown", Hard,
        "The recipient's address does not exist on its domain.",
        "收件人地址在其域名下不存在。",
        "Check the address for a typo; if it is right, remove it from your list: sending again hurts your reputation.",
        "检查地址是否拼错；若无误，请从名单中删除：继续发送会损害你的发信信誉。"),
    decl!(VirusDetected, "virusdetected", Soft,
        "The receiving server found a virus or malware in the message.",
        "收件服务器在邮件中发现病毒或恶意软件。",
        "Scan the attachments and your computer, then send without the flagged file.",
        "扫描附件和你的电脑，去掉被标记的文件后重发。"),
    decl!(Delivered, "delivered", NotABounce,
        "A delivery report: the message was delivered.",
        "投递报告：邮件已送达。",
        "Nothing to do.",
        "无需处理。"),
    decl!(Feedback, "feedback", NotABounce,
        "A complaint report (ARF): a recipient marked your message as spam.",
        "投诉报告（ARF）：收件人把你的邮件标为垃圾邮件。",
        "Stop mailing this recipient and check why they complained (consent, frequency, unsubscribe link).",
        "停止给该收件人发信，并检查投诉原因（是否获得许可、发送频率、退订链接）。"),
    decl!(Vacation, "vacation", NotABounce,
        "An automatic reply (out of office), not a bounce: the message was delivered.",
        "自动回复（如休假），不是退信：邮件已送达。",
        "Nothing to do; keep the address.",
        "无需处理，保留该地址。"),
    decl!(NotABounce, "not-a-bounce", NotABounce,
        "Ordinary mail, not a bounce.",
        "普通邮件，不是退信。",
        "Nothing to do.",
        "无需处理。"),
];

impl Reason {
    /// This reason's declaration.
    pub fn decl(self) -> &'static ReasonDecl {
        // `REASONS` is in `Reason` order; the unit test checks it.
        &REASONS[self as usize]
    }

    /// The Sisimai name.
    pub fn name(self) -> &'static str {
        self.decl().name
    }

    /// The reason with this Sisimai name (5.2-era names, and v5's `emailtoolarge` and
    /// `ratelimited` as aliases).
    pub fn from_name(name: &str) -> Option<Reason> {
        let name = match name {
            "emailtoolarge" => "mesgtoobig",
            "ratelimited" => "speeding",
            n => n,
        };
        REASONS.iter().find(|d| d.name == name).map(|d| d.reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_are_in_enum_order_and_complete() {
        for (i, d) in REASONS.iter().enumerate() {
            assert_eq!(d.reason as usize, i, "{} out of order", d.name);
            assert_eq!(serde_json::to_value(d.reason).unwrap(), d.name);
            assert!(!d.advice.en.is_empty() && !d.advice.zh.is_empty());
        }
        assert_eq!(REASONS.len(), Reason::NotABounce as usize + 1);
    }
}
