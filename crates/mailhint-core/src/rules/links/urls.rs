//! What the link rules share: every link of a draft (HTML anchors and URLs written as text) and
//! a forgiving URL parser. Nothing here panics on any input: strings are only cut at positions
//! found by `find` on ASCII characters, which are always character boundaries.

use std::net::Ipv6Addr;
use std::ops::Range;

use crate::analysis::Analysis;
use crate::lexicon;
use crate::limits;

/// A link as a reader meets it.
#[derive(Debug, Clone)]
pub(super) struct Target<'a> {
    /// Where the link goes, as written.
    pub href: &'a str,
    /// What the reader sees: the anchor's text, or the URL itself when it is written as text.
    pub text: &'a str,
    /// Where `text` is in the body (empty for an image-only anchor).
    pub span: Range<usize>,
    /// Whether the author chose the destination in an HTML anchor (as opposed to a URL typed as
    /// text, which the recipient's client turns into a link as written).
    pub anchor: bool,
}

/// Every link of the draft, in body order: the anchors of an HTML body plus the URLs typed as text
/// outside them (mail clients and spam filters turn those into links too), or the URLs of a
/// plain-text body.
pub(super) fn targets<'a>(a: &'a Analysis) -> Vec<Target<'a>> {
    let mut out: Vec<Target<'a>> = a
        .links
        .iter()
        .map(|l| Target { href: l.href.as_str(), text: l.text.as_str(), span: l.span.clone(), anchor: a.is_html() })
        .collect();
    if !a.is_html() {
        return out;
    }
    // Anchors come in document order and do not overlap, so their ends are sorted too and one
    // binary search per text URL finds any anchor it falls in.
    let anchors: Vec<Range<usize>> = out.iter().map(|t| t.span.clone()).filter(|s| !s.is_empty()).collect();
    let mut extra = Vec::new();
    for m in crate::regex!(r#"(?i)\b(?:https?://|www\.)[^\s<>"'()\[\]]+"#).find_iter(&a.body).take(limits::MAX_LINKS) {
        let url = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?']);
        let span = m.start()..m.start() + url.len();
        let i = anchors.partition_point(|r| r.end <= span.start);
        if anchors.get(i).is_some_and(|r| r.start < span.end) {
            continue;
        }
        extra.push(Target { href: url, text: url, span, anchor: false });
    }
    if !extra.is_empty() {
        out.extend(extra);
        out.sort_by_key(|t| t.span.start);
        out.truncate(limits::MAX_LINKS);
    }
    out
}

/// A hierarchical URL (`scheme://authority/rest`, or `www.…` written without a scheme), split
/// the way browsers split it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Url {
    /// The scheme, lowercased; `None` for a link written `www.…`.
    pub scheme: Option<String>,
    /// Everything between `//` and the path, as written.
    pub authority: String,
    /// What precedes the last `@` of the authority, if there is one.
    pub userinfo: Option<String>,
    /// The host, lowercased, without a trailing dot (IPv6 keeps its brackets).
    pub host: String,
    /// The port as written, if any.
    pub port: Option<String>,
    /// Path, query and fragment, as written.
    pub rest: String,
}

impl Url {
    /// Whether this is a web link (`http`, `https` or `www.…`).
    pub fn is_web(&self) -> bool {
        matches!(self.scheme.as_deref(), None | Some("http" | "https"))
    }

    /// The path, without query and fragment.
    pub fn path(&self) -> &str {
        self.rest.split(['?', '#']).next().unwrap_or("")
    }

    /// The value of query parameter `name`, percent-decoded.
    pub fn param(&self, name: &str) -> Option<String> {
        let query = self.rest.split_once('?')?.1;
        let query = query.split('#').next().unwrap_or("");
        query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            k.eq_ignore_ascii_case(name).then(|| percent_decode(v))
        })
    }
}

/// The href as a browser reads it: ASCII tabs and newlines removed anywhere, control characters
/// and spaces trimmed at both ends.
pub(super) fn clean(href: &str) -> String {
    let kept: String = href.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    kept.trim_matches(|c: char| c <= ' ').to_string()
}

/// The scheme of `href`, lowercased, if it has a syntactically valid one.
pub(super) fn scheme(href: &str) -> Option<String> {
    let href = clean(href);
    let (head, _) = href.split_once(':')?;
    let mut chars = head.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    (first_ok && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .then(|| head.to_ascii_lowercase())
}

/// Parses a hierarchical URL; `None` for relative paths and opaque schemes such as `mailto:`.
pub(super) fn parse(href: &str) -> Option<Url> {
    let href = clean(href);
    let (scheme, after) = match scheme(&href) {
        Some(s) => {
            let after = &href[s.len() + 1..];
            // Browsers accept `http:\\host` and `http:/host` for web schemes; other schemes need `//`.
            let web = matches!(s.as_str(), "http" | "https" | "ftp" | "ws" | "wss");
            let slashes = after.len() - after.trim_start_matches(['/', '\\']).len();
            if after.starts_with("//") || (web && slashes > 0) {
                (Some(s), after.trim_start_matches(['/', '\\']))
            } else {
                return None;
            }
        }
        None if href.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www.")) => (None, href.as_str()),
        None => return None,
    };
    let end = after.find(['/', '\\', '?', '#']).unwrap_or(after.len());
    let (authority, rest) = after.split_at(end);
    let (userinfo, host_port) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u.to_string()), h),
        None => (None, authority),
    };
    let (host, port) = if host_port.starts_with('[') {
        match host_port.find(']') {
            Some(i) => (&host_port[..=i], host_port[i + 1..].strip_prefix(':')),
            None => (host_port, None),
        }
    } else {
        match host_port.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        }
    };
    Some(Url {
        scheme,
        authority: authority.to_string(),
        userinfo,
        host: host.trim_end_matches('.').to_lowercase(),
        port: port.map(str::to_string),
        rest: rest.to_string(),
    })
}

/// Decodes `%xx` escapes (invalid ones are kept as written; invalid UTF-8 becomes U+FFFD).
pub(super) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What kind of address an IP-literal host is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum IpKind {
    /// Reachable from the Internet.
    Public,
    /// Loopback, private, link-local or unspecified: works only on the sender's own network.
    Local,
}

/// Whether `host` is an IP literal, and of which kind. Like browsers (WHATWG URL), a host whose
/// dot-separated labels are all numbers is an IPv4 address, in decimal, octal (`0177`) or hex
/// (`0x7f`), with one to four parts (`http://3232235777/` is 192.168.1.1).
pub(super) fn ip_host(host: &str) -> Option<IpKind> {
    if let Some(inner) = host.strip_prefix('[') {
        let inner = inner.trim_end_matches(']');
        let Ok(ip) = inner.split('%').next().unwrap_or("").parse::<Ipv6Addr>() else {
            return Some(IpKind::Public);
        };
        if let Some(v4) = ip.to_ipv4_mapped() {
            return Some(v4_kind(u32::from(v4)));
        }
        let first = ip.segments()[0];
        let local = ip.is_loopback() || ip.is_unspecified() || (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80;
        return Some(if local { IpKind::Local } else { IpKind::Public });
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.is_empty() || labels.len() > 4 || labels.iter().any(|l| l.is_empty()) {
        return None;
    }
    let mut values = Vec::with_capacity(4);
    for label in &labels {
        let lower = label.to_ascii_lowercase();
        let value = if let Some(hex) = lower.strip_prefix("0x") {
            if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            u64::from_str_radix(hex, 16).ok()
        } else if lower.chars().all(|c| c.is_ascii_digit()) {
            if lower.len() > 1 && lower.starts_with('0') {
                u64::from_str_radix(&lower, 8).ok()
            } else {
                lower.parse::<u64>().ok()
            }
        } else {
            return None;
        };
        values.push(value);
    }
    // Numeric but out of range: still an IP literal to a reader and to filters.
    let Some(values) = values.into_iter().collect::<Option<Vec<u64>>>() else {
        return Some(IpKind::Public);
    };
    let (last, init) = values.split_last()?;
    let mut addr: u64 = 0;
    for (i, v) in init.iter().enumerate() {
        if *v > 255 {
            return Some(IpKind::Public);
        }
        addr |= v << (24 - 8 * i);
    }
    let room = 32 - 8 * init.len() as u32;
    if room < 64 && *last >= (1u64 << room) {
        return Some(IpKind::Public);
    }
    addr |= last;
    Some(v4_kind(u32::try_from(addr).unwrap_or(u32::MAX)))
}

fn v4_kind(addr: u32) -> IpKind {
    let [a, b, _, _] = addr.to_be_bytes();
    let local = a == 0
        || a == 10
        || a == 127
        || (a == 169 && b == 254)
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 168)
        || (a == 100 && (64..128).contains(&b));
    if local {
        IpKind::Local
    } else {
        IpKind::Public
    }
}

/// A host in Unicode, as the link rules compare and show it: every `xn--` label decoded from
/// Punycode, letters lowercased, the ideographic and full-width dots read as dots, full-width,
/// circled and mathematical letters and digits read as ASCII, and the characters UTS #46 ignores
/// (soft hyphen, zero-width space, word joiner, BOM, variation selectors) dropped.
///
/// This is the part of UTS #46's `to_unicode` that decides the rules' results (the
/// `host_to_unicode_agrees_with_uts46` test compares them), without its mapping and
/// normalisation tables, which were ~65 KB of the gzipped wasm. What it leaves out: NFC
/// composition of decomposed accents, the other compatibility mappings (ligatures, letter-like
/// symbols), and the error marks (U+FFFD) of invalid labels, which are kept as written here.
pub(super) fn host_to_unicode(host: &str) -> String {
    let mut out = String::with_capacity(host.len());
    let mut label = String::new();
    let flush = |label: &mut String, out: &mut String| {
        // A label that decodes to nothing or to plain ASCII is not valid Punycode (UTS #46 marks
        // it as an error): kept as written.
        let decoded = label.strip_prefix("xn--").and_then(idna::punycode::decode_to_string);
        match decoded.filter(|d| !d.is_ascii()) {
            Some(decoded) => out.extend(decoded.chars().flat_map(char::to_lowercase)),
            None => out.push_str(label),
        }
        label.clear();
    };
    for c in host.chars() {
        match ascii_form(c) {
            Some('.') => {
                flush(&mut label, &mut out);
                out.push('.');
            }
            Some(a) => label.push(a.to_ascii_lowercase()),
            None if matches!(c, '\u{00AD}' | '\u{034F}' | '\u{180B}'..='\u{180F}' | '\u{200B}' | '\u{2060}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}') =>
                {}
            None => label.extend(c.to_lowercase()),
        }
    }
    flush(&mut label, &mut out);
    out
}

/// The ASCII character `c` is a styled form of (UTS #46 maps these by NFKC): itself for ASCII,
/// and the full-width forms, the ideographic full stops, the circled letters and the
/// mathematical alphanumerics, all by arithmetic on their blocks.
fn ascii_form(c: char) -> Option<char> {
    let u = c as u32;
    let from = |base: u32, offset: u32| char::from_u32(base + offset);
    match u {
        0..=0x7F => Some(c),
        0x3002 | 0xFF61 => Some('.'),
        0xFF01..=0xFF5E => from(0x21, u - 0xFF01),
        0x24B6..=0x24CF => from(u32::from(b'a'), u - 0x24B6),
        0x24D0..=0x24E9 => from(u32::from(b'a'), u - 0x24D0),
        // 13 alphabets of A-Z a-z (bold, italic, script, ... monospace), then 5 of digits.
        0x1D400..=0x1D6A3 => from(u32::from(b'a'), (u - 0x1D400) % 52 % 26),
        0x1D7CE..=0x1D7FF => from(u32::from(b'0'), (u - 0x1D7CE) % 10),
        _ => None,
    }
}

/// The site a host belongs to: its registrable domain, or the host itself (IPs, bare names).
pub(super) fn site(host: &str) -> String {
    if ip_host(host).is_some() {
        return host.to_string();
    }
    lexicon::registrable_domain(host).unwrap_or_else(|| host.to_string())
}

/// The registrable domain of the sender's address, if any.
pub(super) fn sender_site(a: &Analysis) -> Option<String> {
    let domain = a.draft.from.as_ref()?.domain();
    (!domain.is_empty()).then(|| site(&domain))
}

/// A redirect wrapper: a link that passes through a search engine, a mail security gateway or a
/// click tracker before reaching its destination.
#[derive(Debug, Clone)]
pub(super) struct Wrapper {
    /// Who wraps the link, for messages.
    pub by: &'static str,
    /// Whether it is an email service provider's click tracker (expected in campaigns).
    pub tracker: bool,
    /// The destination, when the wrapper says it in clear.
    pub target: Option<String>,
}

/// The redirect wrapper `url` is, if it is a known one.
pub(super) fn wrapper(url: &Url) -> Option<Wrapper> {
    let host = url.host.as_str();
    let path = url.path().to_ascii_lowercase();
    let site = site(host);
    let ends = |suffix: &str| host.strip_suffix(suffix).is_some_and(|head| head.is_empty() || head.ends_with('.'));
    let wrap = |by: &'static str, target: Option<String>| Some(Wrapper { by, tracker: false, target });
    let track = |by: &'static str| Some(Wrapper { by, tracker: true, target: None });
    let site_starts = |p: &str| site.starts_with(p);
    if site.split('.').next() == Some("google") && (path == "/url" || path.starts_with("/url/")) {
        return wrap("Google", url.param("q").or_else(|| url.param("url")));
    }
    if ends("safelinks.protection.outlook.com")
        || (host == "statics.teams.cdn.office.net" && path.contains("safelinks"))
    {
        return wrap("Microsoft Safe Links", url.param("url"));
    }
    if matches!(host, "l.facebook.com" | "lm.facebook.com" | "l.messenger.com" | "l.instagram.com" | "l.threads.net") {
        return wrap("Facebook", url.param("u"));
    }
    if site == "youtube.com" && path == "/redirect" {
        return wrap("YouTube", url.param("q"));
    }
    if site == "linkedin.com" && path.starts_with("/redir") {
        return wrap("LinkedIn", url.param("url"));
    }
    if host == "urldefense.proofpoint.com" || host == "urldefense.com" {
        return wrap("Proofpoint URL Defense", proofpoint_target(url));
    }
    if host == "linkprotect.cudasvc.com" {
        return wrap("Barracuda Link Protection", url.param("a"));
    }
    if site == "mimecast.com" && host.starts_with("protect") {
        return wrap("Mimecast", None);
    }
    if host == "clicktime.symantec.com" || host == "scanmail.trustwave.com" {
        return wrap("mail security gateway", url.param("u"));
    }
    if ends("protection.sophos.com") {
        return wrap("Sophos", None);
    }
    if site == "baidu.com" && path == "/link" {
        return wrap("Baidu", None);
    }
    if site == "sogou.com" && path == "/link" {
        return wrap("Sogou", None);
    }
    if host == "r.search.yahoo.com" || (site == "bing.com" && path.starts_with("/ck/")) {
        return wrap("search engine", None);
    }
    if host == "away.vk.com" {
        return wrap("VK", url.param("to"));
    }
    if host == "link.zhihu.com" {
        return wrap("Zhihu", url.param("target"));
    }
    if host == "out.reddit.com" {
        return wrap("Reddit", url.param("url"));
    }
    if ends("list-manage.com") && path.starts_with("/track") {
        return track("Mailchimp");
    }
    if ends("ct.sendgrid.net") {
        return track("SendGrid");
    }
    if site == "mandrillapp.com" && path.starts_with("/track") {
        return track("Mandrill");
    }
    if site_starts("hubspotlinks.") || site_starts("hubspotstarter.") || site == "hs-sales-engage.com" {
        return track("HubSpot");
    }
    if site == "rs6.net" {
        return track("Constant Contact");
    }
    if site_starts("convertkit-mail") {
        return track("Kit (ConvertKit)");
    }
    if site_starts("mlsend") {
        return track("MailerLite");
    }
    if site_starts("klclick") {
        return track("Klaviyo");
    }
    if site_starts("sendibt") || site_starts("sendibm") {
        return track("Brevo");
    }
    if site == "exct.net" || site == "exacttarget.com" {
        return track("Salesforce Marketing Cloud");
    }
    if site == "awstrack.me" {
        return track("Amazon SES");
    }
    if site == "mjt.lu" {
        return track("Mailjet");
    }
    if site_starts("cmail") || site == "createsend.com" {
        return track("Campaign Monitor");
    }
    if site == "sparkpostmail.com" || site == "spgo.io" {
        return track("SparkPost");
    }
    if site == "mailtrack.io" && path.starts_with("/trace") {
        return track("Mailtrack");
    }
    if host == "t.yesware.com" {
        return track("Yesware");
    }
    if site_starts("sidekickopen") {
        return track("HubSpot Sales");
    }
    if host == "clicks.aweber.com" {
        return track("AWeber");
    }
    None
}

/// The destination of a Proofpoint URL Defense link: v3 `/v3/__URL__;…`, v2 `?u=` with `-` for
/// `%` and `_` for `/`.
fn proofpoint_target(url: &Url) -> Option<String> {
    if let Some(rest) = url.rest.strip_prefix("/v3/__") {
        let end = rest.find("__;").unwrap_or(rest.len());
        return Some(rest[..end].to_string());
    }
    let u = url.param("u")?;
    Some(percent_decode(&u.replace('-', "%").replace('_', "/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_to_unicode_agrees_with_uts46() {
        // Hosts as `parse` gives them (lowercased), and as L05 sees them (percent-decoded, any case).
        let hosts = [
            "x-lighting.com",
            "www.x-lighting.com.",
            "xn--mnchen-3ya.de",
            "münchen.de",
            "XN--MNCHEN-3YA.DE",
            "www.xn--fsqu00a.xn--fiqs8s",
            "例子.中国",
            "xn--80ak6aa92e.com",
            "xn--pple-43d.com",
            "аpple.com",
            "АРРЕ.com",
            "xn--e1afmkfd.xn--p1ai",
            "пример.рф",
            "ПРИМЕР.РФ",
            "中国制造.com",
            "abc中文.com",
            "bücher.example.de",
            "ｐａｙｐａｌ．ｃｏｍ",
            "ＰＡＹＰＡＬ.com",
            "例子。中国",
            "例子｡中国",
            "ⓟⓐⓨⓟⓐⓛ.com",
            "\u{1D429}\u{1D41A}\u{1D432}\u{1D429}\u{1D41A}\u{1D425}.com",
            "\u{1D429}аypal.com",
            "\u{1D7CF}\u{1D7D0}\u{1D7D1}.example",
            "pay\u{00AD}pal.com",
            "pay\u{200B}pal.com",
            "pay\u{2060}pal.com",
            "\u{FEFF}paypal.com",
            "203.0.113.9",
            "[2001:db8::1]",
            "localhost",
            "a..b",
            "",
        ];
        let mut diffs = Vec::new();
        for host in hosts {
            let (ours, uts46) = (host_to_unicode(host), idna::domain_to_unicode(host).0);
            if ours != uts46 {
                diffs.push(format!("{host:?}: {ours:?} != {uts46:?}"));
            }
        }
        assert!(diffs.is_empty(), "{diffs:#?}");
        // Where they differ, by design: an invalid Punycode label is kept as written (UTS #46
        // marks it with U+FFFD), and decomposed accents stay decomposed (UTS #46 composes them).
        for (host, uts46) in [
            ("xn--.com", "xn-\u{FFFD}.com"),
            ("xn--zz-.com", "xn--zz\u{FFFD}.com"),
            ("mu\u{0308}nchen.de", "münchen.de"),
        ] {
            assert_eq!(idna::domain_to_unicode(host).0, uts46, "{host:?}");
            assert_eq!(host_to_unicode(host), host, "{host:?}");
        }
    }

    #[test]
    fn parses_authority_parts() {
        let u = parse(" https://user:pw@Shop.Example.com.:8443/a?b=1#c").unwrap();
        assert_eq!(u.scheme.as_deref(), Some("https"));
        assert_eq!(u.userinfo.as_deref(), Some("user:pw"));
        assert_eq!(u.host, "shop.example.com");
        assert_eq!(u.port.as_deref(), Some("8443"));
        assert_eq!(u.rest, "/a?b=1#c");
        assert_eq!(parse("www.x.com/a").unwrap().scheme, None);
        assert!(parse("mailto:a@b.c").is_none());
        assert!(parse("/products").is_none());
        assert_eq!(parse("http:\\\\evil.com\\x").unwrap().host, "evil.com");
    }

    #[test]
    fn ip_hosts_in_every_form() {
        assert_eq!(ip_host("203.0.113.9"), Some(IpKind::Public));
        assert_eq!(ip_host("192.168.1.10"), Some(IpKind::Local));
        assert_eq!(ip_host("3232235777"), Some(IpKind::Local));
        assert_eq!(ip_host("0x7f.1"), Some(IpKind::Local));
        assert_eq!(ip_host("[::1]"), Some(IpKind::Local));
        assert_eq!(ip_host("[2001:db8::1]"), Some(IpKind::Public));
        assert_eq!(ip_host("999.1.1.1"), Some(IpKind::Public));
        assert_eq!(ip_host("x-lighting.com"), None);
        assert_eq!(ip_host("1688.com"), None);
    }

    #[test]
    fn percent_decoding_never_panics() {
        assert_eq!(percent_decode("a%20b%"), "a b%");
        assert_eq!(percent_decode("%E4%B8%AD%2"), "中%2");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn wrappers_are_unwrapped() {
        let g = wrapper(&parse("https://www.google.com/url?q=https%3A%2F%2Fx-lighting.com%2Fa&sa=D").unwrap()).unwrap();
        assert_eq!(g.target.as_deref(), Some("https://x-lighting.com/a"));
        let s = parse("https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Facme.com&data=1").unwrap();
        assert_eq!(wrapper(&s).unwrap().target.as_deref(), Some("https://acme.com"));
        assert!(wrapper(&parse("https://x-lighting.com/url?q=1").unwrap()).is_none());
    }
}
