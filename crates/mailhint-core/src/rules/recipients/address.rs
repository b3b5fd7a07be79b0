//! Address helpers shared by the recipient and sender rules: syntax checking (RFC 5321/5322 with
//! the RFC 6531 and IDN extensions), role mailboxes and freemail provider families.

/// Why an address cannot be delivered to, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Problem {
    /// No address at all, only a display name.
    NameOnly,
    /// Words separated by spaces and no `@`: a name pasted where the address goes.
    NameAsAddress,
    /// A space inside the address.
    Space,
    /// A full-width character typed by a Chinese or Japanese input method (`＠`, `。`, `，`).
    FullWidth(char),
    /// A `mailto:` prefix copied from a link.
    Mailto,
    /// No `@`.
    NoAt,
    /// More than one `@` outside a quoted local part.
    ManyAt,
    /// Nothing before the `@`.
    EmptyLocal,
    /// A dot at the start or end of the local part, or two dots in a row.
    LocalDots,
    /// A character not allowed in an unquoted local part.
    LocalChar(char),
    /// A local part over 64 bytes (RFC 5321 §4.5.3.1.1).
    LocalTooLong,
    /// Nothing after the `@`.
    EmptyDomain,
    /// The domain ends with a dot.
    TrailingDot,
    /// The domain starts with a dot.
    LeadingDot,
    /// The domain has two dots in a row.
    DomainDots,
    /// The domain is one label with no dot, so it has no top-level domain.
    NoTld,
    /// A character not allowed in a domain name.
    DomainChar(char),
    /// A domain label starting or ending with a hyphen.
    DomainHyphen,
    /// A domain label over 63 bytes or a domain over 253.
    DomainTooLong,
    /// The last label is not a top-level domain (digits, one letter).
    BadTld,
    /// The whole address is over 254 bytes.
    TooLong,
}

impl Problem {
    /// The problem in English.
    pub(crate) fn en(self) -> String {
        match self {
            Problem::NameOnly => "there is a name but no address".into(),
            Problem::NameAsAddress => "this is a name, not an address".into(),
            Problem::Space => "it contains a space".into(),
            Problem::FullWidth(c) => {
                format!("it contains the full-width character '{c}' (switch the input method to half-width)")
            }
            Problem::Mailto => "it starts with 'mailto:' copied from a link".into(),
            Problem::NoAt => "it has no '@'".into(),
            Problem::ManyAt => "it has more than one '@'".into(),
            Problem::EmptyLocal => "nothing comes before the '@'".into(),
            Problem::LocalDots => "the part before '@' starts or ends with a dot or has two dots in a row".into(),
            Problem::LocalChar(c) => format!("the part before '@' contains '{c}', which is not allowed"),
            Problem::LocalTooLong => "the part before '@' is longer than 64 characters".into(),
            Problem::EmptyDomain => "nothing comes after the '@'".into(),
            Problem::TrailingDot => "the domain ends with a dot".into(),
            Problem::LeadingDot => "the domain starts with a dot".into(),
            Problem::DomainDots => "the domain has two dots in a row".into(),
            Problem::NoTld => "the domain has no dot and no ending such as .com".into(),
            Problem::DomainChar(c) => format!("the domain contains '{c}', which is not allowed"),
            Problem::DomainHyphen => "a part of the domain starts or ends with a hyphen".into(),
            Problem::DomainTooLong => "the domain is too long".into(),
            Problem::BadTld => "the domain's ending is not a real top-level domain".into(),
            Problem::TooLong => "the address is longer than 254 characters".into(),
        }
    }

    /// The problem in Chinese.
    pub(crate) fn zh(self) -> String {
        match self {
            Problem::NameOnly => "只有姓名，没有邮箱地址".into(),
            Problem::NameAsAddress => "这是一个姓名，不是邮箱地址".into(),
            Problem::Space => "地址中有空格".into(),
            Problem::FullWidth(c) => format!("地址中有全角字符「{c}」（请把输入法切换到半角）"),
            Problem::Mailto => "地址前面带着从链接里复制来的「mailto:」".into(),
            Problem::NoAt => "地址中没有「@」".into(),
            Problem::ManyAt => "地址中有不止一个「@」".into(),
            Problem::EmptyLocal => "「@」前面没有内容".into(),
            Problem::LocalDots => "「@」前面的部分以点开头或结尾，或有两个连续的点".into(),
            Problem::LocalChar(c) => format!("「@」前面的部分含有不允许的字符「{c}」"),
            Problem::LocalTooLong => "「@」前面的部分超过 64 个字符".into(),
            Problem::EmptyDomain => "「@」后面没有域名".into(),
            Problem::TrailingDot => "域名以点结尾".into(),
            Problem::LeadingDot => "域名以点开头".into(),
            Problem::DomainDots => "域名中有两个连续的点".into(),
            Problem::NoTld => "域名中没有点，缺少 .com 之类的后缀".into(),
            Problem::DomainChar(c) => format!("域名中含有不允许的字符「{c}」"),
            Problem::DomainHyphen => "域名中某一段以连字符开头或结尾".into(),
            Problem::DomainTooLong => "域名太长".into(),
            Problem::BadTld => "域名的后缀不是有效的顶级域名".into(),
            Problem::TooLong => "地址超过 254 个字符".into(),
        }
    }
}

/// Characters that Chinese and Japanese input methods type in place of `@`, `.`, `,` or `;`.
const FULL_WIDTH: &[char] = &['＠', '。', '．', '｡', '，', '；', '：', '、', '　', '＜', '＞'];

/// Whether `address` is group syntax (`undisclosed-recipients:;`), which names no mailbox and
/// is not an address to check.
pub(super) fn is_group_syntax(address: &str) -> bool {
    let a = address.trim().trim_end_matches(';').trim_end();
    !a.contains('@') && a.ends_with(':')
}

/// Whether a mailbox is the "undisclosed recipients" placeholder that mail programs put in an
/// empty To.
pub(super) fn is_undisclosed(name: Option<&str>, address: &str) -> bool {
    let lower = format!("{} {}", name.unwrap_or(""), address).to_lowercase();
    !address.contains('@')
        && (lower.contains("undisclosed") || lower.contains("recipient list suppressed") || is_group_syntax(address))
}

/// What is wrong with `address` (as written, without a display name), if anything. `has_name`
/// says whether the mailbox had a display name, for the "name but no address" case.
pub(crate) fn syntax_problem(address: &str, has_name: bool) -> Option<Problem> {
    let a = address.trim();
    if a.is_empty() {
        return has_name.then_some(Problem::NameOnly);
    }
    if let Some(c) = a.chars().find(|c| FULL_WIDTH.contains(c)) {
        return Some(Problem::FullWidth(c));
    }
    if a.len() >= 7 && a.is_char_boundary(7) && a[..7].eq_ignore_ascii_case("mailto:") {
        return Some(Problem::Mailto);
    }
    let (local, domain) = match split_at_sign(a) {
        Ok(parts) => parts,
        Err(problem) => return Some(problem),
    };
    if let Some(p) = local_problem(local) {
        return Some(p);
    }
    if let Some(p) = domain_problem(domain) {
        return Some(p);
    }
    if a.len() > 254 {
        return Some(Problem::TooLong);
    }
    None
}

/// Splits at the `@` that separates local part and domain, allowing `@` inside a quoted local
/// part (`"a@b"@example.com`).
fn split_at_sign(a: &str) -> Result<(&str, &str), Problem> {
    let mut quoted = false;
    let mut escaped = false;
    let mut at = None;
    for (i, c) in a.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '@' if !quoted => {
                if at.is_some() {
                    return Err(Problem::ManyAt);
                }
                at = Some(i);
            }
            c if c.is_whitespace() && !quoted => {
                // A space outside quotes: either a name pasted as an address, or a typo.
                let no_at = !a.contains('@');
                return Err(if no_at { Problem::NameAsAddress } else { Problem::Space });
            }
            _ => {}
        }
    }
    match at {
        None => Err(Problem::NoAt),
        Some(i) => Ok((&a[..i], &a[i + 1..])),
    }
}

/// The problem of a local part, if any: dot-atom of RFC 5322 atext (plus UTF-8 per RFC 6531),
/// or a quoted string.
fn local_problem(local: &str) -> Option<Problem> {
    if local.is_empty() {
        return Some(Problem::EmptyLocal);
    }
    if local.len() > 64 {
        return Some(Problem::LocalTooLong);
    }
    if local.len() >= 2 && local.starts_with('"') && local.ends_with('"') {
        return None;
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Some(Problem::LocalDots);
    }
    let allowed =
        |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c) || (!c.is_ascii() && !c.is_control());
    local.chars().find(|&c| !allowed(c)).map(Problem::LocalChar)
}

/// The problem of a domain, if any: a domain literal (`[192.0.2.1]`, `[IPv6:…]`) or a host name
/// of two labels or more, each of letters, digits and inner hyphens (or Unicode letters for
/// internationalised domain names), whose last label is a plausible top-level domain.
fn domain_problem(domain: &str) -> Option<Problem> {
    if domain.is_empty() {
        return Some(Problem::EmptyDomain);
    }
    if domain.starts_with('[') && domain.ends_with(']') {
        let inner = &domain[1..domain.len() - 1];
        let ipv4 = inner.split('.').count() == 4
            && inner.split('.').all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
        let ipv6 = inner.len() > 5 && inner.is_char_boundary(5) && inner[..5].eq_ignore_ascii_case("IPv6:");
        return (!(ipv4 || ipv6)).then_some(Problem::DomainChar('['));
    }
    if domain.ends_with('.') {
        return Some(Problem::TrailingDot);
    }
    if domain.starts_with('.') {
        return Some(Problem::LeadingDot);
    }
    if domain.contains("..") {
        return Some(Problem::DomainDots);
    }
    if domain.len() > 253 {
        return Some(Problem::DomainTooLong);
    }
    let allowed = |c: char| {
        c.is_ascii_alphanumeric() || c == '-' || c == '.' || (!c.is_ascii() && c.is_alphanumeric()) || is_combining(c)
    };
    if let Some(c) = domain.chars().find(|&c| !allowed(c)) {
        return Some(Problem::DomainChar(c));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return Some(Problem::NoTld);
    }
    for label in &labels {
        if label.len() > 63 {
            return Some(Problem::DomainTooLong);
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some(Problem::DomainHyphen);
        }
    }
    let tld = labels[labels.len() - 1];
    let ascii_tld_ok = tld.len() >= 2
        && (tld.bytes().all(|b| b.is_ascii_alphabetic()) || tld.to_ascii_lowercase().starts_with("xn--"));
    let unicode_tld_ok = !tld.is_ascii() && tld.chars().all(|c| !c.is_ascii());
    (!(ascii_tld_ok || unicode_tld_ok)).then_some(Problem::BadTld)
}

/// Combining marks that Indic and other scripts need inside IDN labels (the common blocks).
fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{0900}'..='\u{0dff}' | '\u{0e31}'..='\u{0e4e}' | '\u{200c}' | '\u{200d}')
}

/// The role word a local part stands for (`info`, `sales` for `sales.eu` or `sales01`), if it
/// is a role mailbox.
pub(crate) fn role_of(local: &str) -> Option<&'static str> {
    let lower = local.to_ascii_lowercase();
    let head = lower.split(['.', '_', '-', '+']).next().unwrap_or("");
    let head = head.trim_end_matches(|c: char| c.is_ascii_digit());
    crate::lexicon::ROLE_MAILBOXES.iter().copied().find(|r| *r == lower || *r == head)
}

/// The provider family of a freemail domain, so that `googlemail.com` and `gmail.com`, or
/// `hotmail.com` and `outlook.com`, count as one provider.
pub(super) fn provider_family(domain: &str) -> String {
    let d = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    let first = d.split('.').next().unwrap_or("");
    match first {
        "gmail" | "googlemail" => "google".into(),
        "hotmail" | "outlook" | "live" | "msn" | "windowslive" => "microsoft".into(),
        "yahoo" | "ymail" | "rocketmail" => "yahoo".into(),
        "qq" | "foxmail" => "tencent".into(),
        "icloud" | "me" | "mac" => "apple".into(),
        "proton" | "protonmail" | "pm" => "proton".into(),
        _ => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_addresses_pass() {
        for a in [
            "maria@acme.example",
            "lily.chen+rfq@x-lighting.com",
            "\"john doe\"@example.com",
            "用户@例子.广告",
            "maría@empresa.es",
            "info@xn--fiqs8s.cn",
            "ops@[192.0.2.1]",
            "a/b=c@sub.domain.co.uk",
        ] {
            assert_eq!(syntax_problem(a, false), None, "{a}");
        }
    }

    #[test]
    fn invalid_addresses_are_named() {
        let cases = [
            ("maria.acme.com", Problem::NoAt),
            ("maria@@acme.com", Problem::ManyAt),
            ("maria rossi@acme.com", Problem::Space),
            ("Maria Rossi", Problem::NameAsAddress),
            ("maria..rossi@acme.com", Problem::LocalDots),
            ("maria@acme..com", Problem::DomainDots),
            ("maria@acme.com.", Problem::TrailingDot),
            ("maria@acme", Problem::NoTld),
            ("maria＠acme.com", Problem::FullWidth('＠')),
            ("mailto:maria@acme.com", Problem::Mailto),
            ("maria@acme,com", Problem::DomainChar(',')),
            ("maria@-acme.com", Problem::DomainHyphen),
            ("maria@acme.c", Problem::BadTld),
            ("<maria@acme.com", Problem::LocalChar('<')),
        ];
        for (a, p) in cases {
            assert_eq!(syntax_problem(a, false), Some(p), "{a}");
        }
        assert_eq!(syntax_problem("", true), Some(Problem::NameOnly));
        assert_eq!(syntax_problem("", false), None);
    }

    #[test]
    fn roles_and_groups() {
        assert_eq!(role_of("sales.eu"), Some("sales"));
        assert_eq!(role_of("info2"), Some("info"));
        assert_eq!(role_of("maria"), None);
        assert!(is_group_syntax("undisclosed-recipients:;"));
        assert!(is_undisclosed(None, "undisclosed-recipients:"));
    }
}
