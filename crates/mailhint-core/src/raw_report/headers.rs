//! What the header checks read from a raw message: the `Received` chain (the sending IP and its
//! HELO name), `Authentication-Results` (RFC 8601) as the receiver wrote it, addresses.

use std::net::IpAddr;

use serde::Serialize;

/// One `Received` header, as far as the report needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Received {
    /// The name the client gave in HELO/EHLO (`from <helo>`), lowercase.
    pub helo: Option<String>,
    /// The client's address, from the bracketed `[ip]` of the `from` clause.
    pub ip: Option<IpAddr>,
    /// The client's reverse-DNS name as the relay noted it, lowercase.
    pub rdns: Option<String>,
    /// The host that received it (`by <host>`), lowercase.
    pub by: Option<String>,
}

/// Reads one `Received` header value (unfolded). Liberal: Postfix, Sendmail, Exim, Exchange and
/// Gmail all write the `from … (… [ip]) by …` shape with variations.
pub fn parse_received(value: &str) -> Received {
    // The date after the last `;` is not needed.
    let value = value.rsplit_once(';').map_or(value, |(v, _)| v);
    let lower = value.to_ascii_lowercase();
    let by_at = find_word(&lower, "by");
    // `from` after `by` is inside a comment (`by mx (Postfix, from userid 1000)`).
    let from_clause = match find_word(&lower, "from").filter(|at| by_at.is_none_or(|by| *at < by)) {
        Some(at) => &lower[at + 4..by_at.unwrap_or(lower.len())],
        None => "",
    };
    let by = by_at.and_then(|at| lower[at + 2..].split_whitespace().next()).map(clean_host).filter(|h| !h.is_empty());
    let helo = from_clause.split_whitespace().next().map(clean_host).filter(|h| !h.is_empty() && !h.starts_with('('));
    // The address: the first bracketed literal, else a bare one in the comment.
    let mut ip = None;
    for (i, _) in from_clause.match_indices('[') {
        let rest = &from_clause[i + 1..];
        let Some(end) = rest.find(']') else { continue };
        let literal = rest[..end].trim().trim_start_matches("ipv6:");
        if let Ok(parsed) = literal.parse::<IpAddr>() {
            ip = Some(parsed);
            break;
        }
    }
    if ip.is_none() {
        ip = from_clause
            .split(|c: char| !(c.is_ascii_hexdigit() || c == '.' || c == ':'))
            .filter(|t| t.contains('.') || t.matches(':').count() >= 2)
            .find_map(|t| t.trim_matches(['.', ':']).parse::<IpAddr>().ok());
    }
    // The reverse-DNS name: the first word of the parenthesised comment, when it is a name.
    let rdns = from_clause
        .find('(')
        .and_then(|i| from_clause[i + 1..].split([' ', ')', '[']).next())
        .map(clean_host)
        .filter(|h| h.contains('.') && h.parse::<IpAddr>().is_err() && !h.contains('='));
    // An address literal as HELO is no name.
    let helo = helo.map(|h| h.trim_matches(['[', ']']).to_string());
    Received { helo, ip, rdns, by }
}

fn clean_host(s: &str) -> String {
    s.trim_matches(|c: char| matches!(c, '(' | ')' | ';' | ',' | '<' | '>')).trim_end_matches('.').to_ascii_lowercase()
}

/// Where `word` starts as a whole word in `text` (ASCII, already lowercase).
fn find_word(text: &str, word: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = i == 0 || bytes[i - 1].is_ascii_whitespace();
        let after = bytes.get(i + word.len()).is_none_or(|b| b.is_ascii_whitespace());
        before && after
    })
}

/// One `Authentication-Results` header (RFC 8601).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthResults {
    /// Who wrote it (the receiver's `authserv-id`), lowercase.
    pub authserv_id: String,
    /// Each method's result, in order.
    pub results: Vec<AuthResult>,
}

/// One `method=result` of an `Authentication-Results` header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthResult {
    /// `spf`, `dkim`, `dmarc`, `arc`…, lowercase (a `/version` dropped).
    pub method: String,
    /// `pass`, `fail`, `softfail`, `none`…, lowercase.
    pub result: String,
    /// `reason=`, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// `ptype.property=value` pairs (`smtp.mailfrom`, `header.d`, `header.from`), the names
    /// lowercase.
    pub properties: Vec<(String, String)>,
}

impl AuthResult {
    /// The value of a property (`header.d`), if given.
    pub fn property(&self, name: &str) -> Option<&str> {
        self.properties.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Reads one `Authentication-Results` value (unfolded). `None` when it has no authserv-id.
pub fn parse_auth_results(value: &str) -> Option<AuthResults> {
    let cleaned = strip_comments(value);
    let mut parts = split_outside_quotes(&cleaned, ';').into_iter();
    let authserv_id = parts.next()?.split_whitespace().next()?.to_ascii_lowercase();
    let mut results = Vec::new();
    for part in parts {
        let tokens = tokens(&part);
        let Some((first_key, first_value)) = tokens.first() else { continue };
        if first_value.is_none() {
            // `none` (no method was evaluated) or garbage.
            continue;
        }
        let method = first_key.split('/').next().unwrap_or_default().to_ascii_lowercase();
        let result = first_value.clone().unwrap_or_default().to_ascii_lowercase();
        let mut reason = None;
        let mut properties = Vec::new();
        for (key, value) in tokens.into_iter().skip(1) {
            let Some(value) = value else { continue };
            let key = key.to_ascii_lowercase();
            if key == "reason" {
                reason = Some(value);
            } else if key.contains('.') {
                properties.push((key, value));
            }
        }
        if !method.is_empty() {
            results.push(AuthResult { method, result, reason, properties });
        }
    }
    Some(AuthResults { authserv_id, results })
}

/// The text without RFC 5322 comments (nested parentheses), quoted strings kept.
fn strip_comments(value: &str) -> String {
    let (mut out, mut depth, mut quoted, mut escaped) = (String::new(), 0usize, false, false);
    for c in value.chars() {
        if escaped {
            escaped = false;
            if depth == 0 {
                out.push(c);
            }
            continue;
        }
        match c {
            '\\' => {
                escaped = true;
                if depth == 0 {
                    out.push(c);
                }
            }
            '"' if depth == 0 => {
                quoted = !quoted;
                out.push(c);
            }
            '(' if !quoted => {
                depth += 1;
                out.push(' ');
            }
            ')' if !quoted && depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn split_outside_quotes(value: &str, separator: char) -> Vec<String> {
    let (mut parts, mut current, mut quoted) = (Vec::new(), String::new(), false);
    for c in value.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            c if c == separator && !quoted => parts.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    parts.push(current);
    parts
}

/// `key=value` tokens (spaces around `=` allowed; quoted values unquoted); a word without `=`
/// gives `(word, None)`.
fn tokens(part: &str) -> Vec<(String, Option<String>)> {
    let chars: Vec<char> = part.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    let skip_ws = |i: &mut usize| {
        while *i < chars.len() && chars[*i].is_whitespace() {
            *i += 1;
        }
    };
    while i < chars.len() {
        skip_ws(&mut i);
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '=' {
            i += 1;
        }
        let key: String = chars[start..i].iter().collect();
        skip_ws(&mut i);
        if i < chars.len() && chars[i] == '=' {
            i += 1;
            skip_ws(&mut i);
            let value = if i < chars.len() && chars[i] == '"' {
                i += 1;
                let start = i;
                while i < chars.len() && chars[i] != '"' {
                    i += 1;
                }
                let v: String = chars[start..i].iter().collect();
                i += 1;
                v
            } else {
                let start = i;
                while i < chars.len() && !chars[i].is_whitespace() {
                    i += 1;
                }
                chars[start..i].iter().collect()
            };
            if !key.is_empty() {
                out.push((key, Some(value)));
            }
        } else if !key.is_empty() {
            out.push((key, None));
        }
    }
    out
}

/// The address of a header like `Return-Path: <a@b>` or `From: Name <a@b>`: what is between the
/// last `<…>`, else the last word with an `@`. `Some("")` for the null path `<>`.
pub fn address_of(value: &str) -> Option<String> {
    if let (Some(open), Some(close)) = (value.rfind('<'), value.rfind('>')) {
        if open < close {
            return Some(value[open + 1..close].trim().to_string());
        }
    }
    value.split_whitespace().rev().find(|w| w.contains('@')).map(|w| w.trim_matches(['<', '>', '"', ',']).to_string())
}

/// The domain of an address, normalised; `None` without `@`.
pub fn domain_of(address: &str) -> Option<String> {
    address
        .rsplit_once('@')
        .map(|(_, d)| crate::domain::domain_to_ascii(d.trim_end_matches('>')))
        .filter(|d| !d.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn received_headers_of_common_servers() {
        let gmail = parse_received(
            "from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41]) by mx.google.com with SMTPS id x; Tue, 1 Apr 2025 10:00:00 -0700",
        );
        assert_eq!(gmail.ip, Some("209.85.220.41".parse().unwrap()));
        assert_eq!(gmail.helo.as_deref(), Some("mail-sor-f41.google.com"));
        assert_eq!(gmail.rdns.as_deref(), Some("mail-sor-f41.google.com"));
        assert_eq!(gmail.by.as_deref(), Some("mx.google.com"));
        let exim = parse_received("from [2001:db8::25] (helo=smtp.x.test) by mx.y.test with esmtp");
        assert_eq!(exim.ip, Some("2001:db8::25".parse().unwrap()));
        let v6 = parse_received("from a.test (a.test [IPv6:2001:db8::1]) by b.test");
        assert_eq!(v6.ip, Some("2001:db8::1".parse().unwrap()));
        let local = parse_received("by mx.y.test (Postfix, from userid 1000) id 1; Mon, 1 Jan 2024");
        assert_eq!((local.ip, local.helo), (None, None));
    }

    #[test]
    fn authentication_results_as_rfc_8601_writes_them() {
        let ar = parse_auth_results(
            "mx.google.com;\r\n dkim=pass header.i=@x.test header.s=s1 header.b=abc;\r\n spf=softfail (google.com: domain of transitioning a@x.test does not designate 1.2.3.4 as permitted sender) smtp.mailfrom=a@x.test;\r\n dmarc=fail (p=NONE sp=NONE dis=NONE) header.from=x.test",
        )
        .unwrap();
        assert_eq!(ar.authserv_id, "mx.google.com");
        let methods: Vec<_> = ar.results.iter().map(|r| (r.method.as_str(), r.result.as_str())).collect();
        assert_eq!(methods, [("dkim", "pass"), ("spf", "softfail"), ("dmarc", "fail")]);
        assert_eq!(ar.results[1].property("smtp.mailfrom"), Some("a@x.test"));
        let quoted =
            parse_auth_results("example.net 1; dkim = fail reason=\"bad; signature\" header.d=x.test").unwrap();
        assert_eq!(quoted.results[0].reason.as_deref(), Some("bad; signature"));
        assert_eq!(quoted.results[0].property("header.d"), Some("x.test"));
        assert!(parse_auth_results("example.org; none").unwrap().results.is_empty());
    }
}
