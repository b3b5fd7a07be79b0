//! A linting parser of SPF records (RFC 7208 §4.6, §5, §6, §12 grammar): every term with its
//! byte range, every problem with its byte range and a plain description in English and
//! Chinese. Where a receiver only sees "permerror", the user needs to know *which* character
//! broke the record and what was meant (`inculde` → `include`, `ip4:1.2.3.4~all` → a missing
//! space, a full-width space typed by a Chinese input method).
//!
//! A problem is *fatal* when RFC 7208 makes the whole record a permerror; other problems are
//! lint (an `include=` that receivers silently ignore, mechanisms after `all`).

use std::net::{Ipv4Addr, Ipv6Addr};

use serde::Serialize;

use super::macros::{MacroError, MacroString, MacroUse};
use crate::report::Lang;

/// A directive's qualifier (RFC 7208 §4.6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Qualifier {
    /// `+` (the default).
    Pass,
    /// `-`.
    Fail,
    /// `~`.
    SoftFail,
    /// `?`.
    Neutral,
}

impl Qualifier {
    /// The qualifier's character.
    pub fn symbol(self) -> char {
        match self {
            Qualifier::Pass => '+',
            Qualifier::Fail => '-',
            Qualifier::SoftFail => '~',
            Qualifier::Neutral => '?',
        }
    }
}

/// A mechanism (RFC 7208 §5) with its parsed arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "mechanism", rename_all = "lowercase")]
pub enum Mechanism {
    /// `all`.
    All,
    /// `include:<domain-spec>`.
    Include {
        /// The target.
        domain: MacroString,
    },
    /// `a[:domain][/cidr4][//cidr6]`.
    A {
        /// The target; the current domain when absent.
        domain: Option<MacroString>,
        /// IPv4 prefix length (32 when not given).
        cidr4: u8,
        /// IPv6 prefix length (128 when not given).
        cidr6: u8,
    },
    /// `mx[:domain][/cidr4][//cidr6]`.
    Mx {
        /// The target; the current domain when absent.
        domain: Option<MacroString>,
        /// IPv4 prefix length.
        cidr4: u8,
        /// IPv6 prefix length.
        cidr6: u8,
    },
    /// `ptr[:domain]`.
    Ptr {
        /// The target; the current domain when absent.
        domain: Option<MacroString>,
    },
    /// `ip4:<network>[/cidr]`.
    Ip4 {
        /// The network.
        network: Ipv4Addr,
        /// Prefix length.
        prefix: u8,
    },
    /// `ip6:<network>[/cidr]`.
    Ip6 {
        /// The network.
        network: Ipv6Addr,
        /// Prefix length.
        prefix: u8,
    },
    /// `exists:<domain-spec>`.
    Exists {
        /// The name whose A record is asked for.
        domain: MacroString,
    },
}

impl Mechanism {
    /// The mechanism's name.
    pub fn name(&self) -> &'static str {
        match self {
            Mechanism::All => "all",
            Mechanism::Include { .. } => "include",
            Mechanism::A { .. } => "a",
            Mechanism::Mx { .. } => "mx",
            Mechanism::Ptr { .. } => "ptr",
            Mechanism::Ip4 { .. } => "ip4",
            Mechanism::Ip6 { .. } => "ip6",
            Mechanism::Exists { .. } => "exists",
        }
    }

    /// Whether evaluating it queries DNS, and so counts toward the limit of 10 (§4.6.4).
    pub fn queries_dns(&self) -> bool {
        !matches!(self, Mechanism::All | Mechanism::Ip4 { .. } | Mechanism::Ip6 { .. })
    }
}

/// What a term is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum TermKind {
    /// A qualifier and a mechanism.
    Directive {
        /// The qualifier.
        qualifier: Qualifier,
        /// The mechanism.
        #[serde(flatten)]
        mechanism: Mechanism,
    },
    /// `redirect=<domain-spec>`.
    Redirect {
        /// The target.
        domain: MacroString,
    },
    /// `exp=<domain-spec>`.
    Explanation {
        /// Where the explanation text is.
        domain: MacroString,
    },
    /// Any other `name=value`, ignored by receivers (RFC 7208 §6).
    Unknown {
        /// Its name, as written.
        name: String,
    },
}

/// One term of a record with its byte range in the record text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    /// Byte offset of the term's first character.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// The term as written.
    pub text: String,
    /// What it is.
    #[serde(flatten)]
    pub kind: TermKind,
}

/// Why a domain-spec is no domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DomainFault {
    /// No dot: `a:museum`.
    NoDot,
    /// The last label is numeric or has characters a host name cannot have.
    BadTopLabel,
    /// It is an IPv4 address: the user meant `ip4:`.
    IsIp4,
    /// It is an IPv6 address: the user meant `ip6:`.
    IsIp6,
    /// It is a URL or an email address.
    NotAHostName,
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ProblemKind {
    /// The text does not begin with `v=spf1` and a space.
    NotSpf,
    /// A space-like character other than the ASCII space (tab, line break, full-width space).
    BadSpace {
        /// The character.
        found: char,
    },
    /// A full-width ASCII look-alike (`：`, `；`, `ｉ`), typed with a Chinese input method.
    FullWidth {
        /// The character.
        found: char,
        /// The ASCII character meant.
        ascii: char,
    },
    /// A control character.
    Control {
        /// The character.
        found: char,
    },
    /// Any other character outside printable ASCII (curly quotes, letters of other scripts).
    NonAscii {
        /// The character.
        found: char,
    },
    /// An unknown mechanism.
    UnknownMechanism {
        /// Its name, as written.
        name: String,
        /// The mechanism or modifier probably meant.
        suggestion: Option<&'static str>,
    },
    /// `include`, `exists`, `ip4`, `ip6` without their value.
    MissingValue {
        /// The mechanism.
        mechanism: &'static str,
        /// The term as it was probably meant (`include spf.x.com` → `include:spf.x.com`).
        suggestion: Option<String>,
    },
    /// The mechanism's name is followed by something other than `:` (`include.spf.x.com`).
    MissingColon {
        /// The mechanism.
        mechanism: &'static str,
    },
    /// `ip4:1.2.3.4~all`: the next term is glued to this one.
    GluedTerms {
        /// The glued term (`~all`).
        glued: String,
    },
    /// The value of `ip4:` is no IPv4 address.
    BadIp4 {
        /// The value.
        value: String,
    },
    /// The value of `ip6:` is no IPv6 address.
    BadIp6 {
        /// The value.
        value: String,
    },
    /// An IPv6 address in `ip4:`.
    Ip6InIp4,
    /// An IPv4 address in `ip6:`.
    Ip4InIp6,
    /// A prefix length that is no number in range (`/33`, `/024`, `/`).
    BadCidr {
        /// The prefix as written.
        value: String,
        /// The largest allowed.
        max: u8,
    },
    /// A domain-spec that cannot be a domain.
    BadDomain {
        /// The value.
        value: String,
        /// Why.
        fault: DomainFault,
    },
    /// A bad macro.
    Macro {
        /// The error.
        error: MacroError,
    },
    /// `redirect=` or `exp=` given twice.
    DuplicateModifier {
        /// `redirect` or `exp`.
        name: &'static str,
    },
    /// `all` with a value (`all:x`, `all/24`), or `ptr/24`.
    UnexpectedValue {
        /// The mechanism.
        mechanism: &'static str,
        /// What follows it.
        value: String,
    },
    /// A modifier whose name is invalid (`=x`, `-exp=x`).
    BadModifier,
    /// A modifier receivers ignore because its name is unknown; lint only.
    UnknownModifier {
        /// Its name.
        name: String,
        /// The mechanism or modifier probably meant (`include=` → `include:`).
        suggestion: Option<&'static str>,
    },
    /// A comma or semicolon between terms or addresses: terms are separated by spaces only.
    Separator {
        /// `,` or `;`.
        found: char,
    },
    /// A domain-spec the grammar accepts but that is a URL or an email address
    /// (`include:https://spf.example.com`): receivers look it up and find nothing; lint.
    UrlOrAddress {
        /// The value.
        value: String,
    },
    /// A second `v=spf1` inside the record: two records pasted into one; lint only.
    RepeatedVersion,
    /// Mechanisms after `all` are never evaluated; lint only.
    AfterAll,
}

/// A problem with its byte range in the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Byte offset where it starts.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// The whole record is invalid because of it (a permerror for receivers).
    pub fatal: bool,
    /// What is wrong.
    #[serde(flatten)]
    pub kind: ProblemKind,
}

/// A parsed SPF record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpfRecord {
    /// The record text (the TXT strings joined).
    pub text: String,
    /// Its terms, in order (terms that could not be parsed are left out).
    pub terms: Vec<Term>,
    /// Its problems, in order.
    pub problems: Vec<Problem>,
}

/// Whether a TXT record is an SPF record: `v=spf1` followed by a space or the end, any case
/// (RFC 7208 §4.5; `v=spf10` is not).
pub fn is_spf_record(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 6 && bytes[..6].eq_ignore_ascii_case(b"v=spf1") && (bytes.len() == 6 || bytes[6] == b' ')
}

/// Why a TXT record that looks like SPF is not one (receivers skip it), if it looks like one:
/// `"v=spf1 …"` with literal quotes, a leading space, `v=spf1` glued to a tab or a full-width
/// space, `v=spf 1`.
pub fn near_miss(text: &str, lang: Lang) -> Option<String> {
    if is_spf_record(text) {
        return None;
    }
    // ASCII lowercasing keeps byte offsets (full Unicode lowercasing may not).
    let lower = text.to_ascii_lowercase();
    let squeezed: String = lower.chars().filter(|c| !c.is_whitespace() && !"\"'“”".contains(*c)).collect();
    if !squeezed.starts_with("v=spf1") && !lower.contains("v=spf1") {
        return None;
    }
    let en = lang == Lang::En;
    let first = text.chars().next().unwrap_or(' ');
    Some(if !lower.starts_with("v=spf1") && (first.is_whitespace() || "\"'“”".contains(first)) {
        match en {
            true => format!(
                "the TXT record “{text}” starts with {} before v=spf1, so receivers do not read it as SPF",
                char_name(first, lang)
            ),
            false => {
                format!("TXT 记录“{text}”在 v=spf1 前面多了{}，收件服务器不会把它当作 SPF", char_name(first, lang))
            }
        }
    } else if lower.starts_with("v=spf1") {
        let next = text.get(6..).and_then(|t| t.chars().next()).unwrap_or(' ');
        match en {
            true => format!("in the TXT record “{text}”, v=spf1 is followed by {} instead of an ordinary space, so receivers do not read it as SPF", char_name(next, lang)),
            false => format!("TXT 记录“{text}”里 v=spf1 后面跟的是{}而不是普通空格，收件服务器不会把它当作 SPF", char_name(next, lang)),
        }
    } else {
        match en {
            true => format!(
                "the TXT record “{text}” does not begin exactly with “v=spf1 ”, so receivers do not read it as SPF"
            ),
            false => format!("TXT 记录“{text}”不是以“v=spf1 ”开头的，收件服务器不会把它当作 SPF"),
        }
    })
}

const MECHANISMS: [&str; 8] = ["all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"];

impl SpfRecord {
    /// Parses a record. Never fails: what cannot be parsed is a problem.
    pub fn parse(text: &str) -> SpfRecord {
        let mut parser = Parser { text, terms: Vec::new(), problems: Vec::new() };
        parser.run();
        let mut record = SpfRecord { text: text.to_string(), terms: parser.terms, problems: parser.problems };
        record.problems.sort_by_key(|p| (p.start, !p.fatal));
        record
    }

    /// Whether receivers accept the record (no fatal problem).
    pub fn is_valid(&self) -> bool {
        !self.problems.iter().any(|p| p.fatal)
    }

    /// The first fatal problem.
    pub fn first_error(&self) -> Option<&Problem> {
        self.problems.iter().find(|p| p.fatal)
    }

    /// The directives, in order.
    pub fn directives(&self) -> impl Iterator<Item = (Qualifier, &Mechanism, &Term)> {
        self.terms.iter().filter_map(|t| match &t.kind {
            TermKind::Directive { qualifier, mechanism } => Some((*qualifier, mechanism, t)),
            _ => None,
        })
    }

    /// The `redirect=` target.
    pub fn redirect(&self) -> Option<&MacroString> {
        self.terms.iter().find_map(|t| match &t.kind {
            TermKind::Redirect { domain } => Some(domain),
            _ => None,
        })
    }

    /// The `exp=` target.
    pub fn explanation(&self) -> Option<&MacroString> {
        self.terms.iter().find_map(|t| match &t.kind {
            TermKind::Explanation { domain } => Some(domain),
            _ => None,
        })
    }

    /// The qualifier of the `all` mechanism, if there is one.
    pub fn all(&self) -> Option<Qualifier> {
        self.directives().find(|(_, m, _)| matches!(m, Mechanism::All)).map(|(q, _, _)| q)
    }
}

struct Parser<'a> {
    text: &'a str,
    terms: Vec<Term>,
    problems: Vec<Problem>,
}

fn is_space_like(c: char) -> bool {
    c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}'
}

impl Parser<'_> {
    fn problem(&mut self, start: usize, end: usize, kind: ProblemKind) {
        let fatal = !matches!(
            kind,
            ProblemKind::UnknownModifier { .. }
                | ProblemKind::RepeatedVersion
                | ProblemKind::AfterAll
                | ProblemKind::UrlOrAddress { .. }
        );
        self.problems.push(Problem { start, end, fatal, kind });
    }

    fn run(&mut self) {
        let text = self.text;
        if !is_spf_record(text) {
            self.problem(0, text.len().min(6), ProblemKind::NotSpf);
            return;
        }
        // Split into tokens on any space-like character, so that one stray tab or full-width
        // space is one problem and the terms around it are still checked.
        let mut tokens = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().skip(6) {
            if is_space_like(c) {
                if c != ' ' {
                    self.problem(i, i + c.len_utf8(), ProblemKind::BadSpace { found: c });
                }
                if let Some(s) = start.take() {
                    tokens.push((s, i));
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        if let Some(s) = start {
            tokens.push((s, text.len()));
        }
        let mut seen_all = false;
        let mut i = 0;
        while i < tokens.len() {
            let (s, e) = tokens[i];
            i += 1;
            let token = &text[s..e];
            if !self.characters_ok(s, token) {
                continue;
            }
            if self.separator(s, token) {
                continue;
            }
            // `include spf.example.com`: a bare mechanism followed by what looks like its value.
            let bare = MECHANISMS
                .iter()
                .find(|m| token.eq_ignore_ascii_case(m) || strip_qualifier(token).1.eq_ignore_ascii_case(m));
            if let Some(&name @ ("include" | "exists" | "ip4" | "ip6")) = bare {
                let next = tokens.get(i).map(|&(ns, ne)| &text[ns..ne]).filter(|n| looks_like_value(n));
                let suggestion = next.map(|n| format!("{token}:{n}"));
                if next.is_some() {
                    i += 1;
                }
                let end = if next.is_some() { tokens[i - 1].1 } else { e };
                self.problem(s, end, ProblemKind::MissingValue { mechanism: name, suggestion });
                continue;
            }
            if let Some(term) = self.term(s, token) {
                if let TermKind::Directive { mechanism, .. } = &term.kind {
                    if seen_all {
                        self.problem(term.start, term.end, ProblemKind::AfterAll);
                    }
                    seen_all |= matches!(mechanism, Mechanism::All);
                }
                self.terms.push(term);
            }
        }
    }

    /// Reports a `,` or `;` used between terms (`include:a.com, include:b.com`) or addresses
    /// (`ip4:192.0.2.1,192.0.2.2`); true when the term is invalid for it and was reported.
    /// Where the grammar still accepts the term (`include:a.com,include:b.com` is one strange
    /// domain name), the problem is lint and the term is parsed as receivers parse it.
    fn separator(&mut self, start: usize, token: &str) -> bool {
        let mut depth = 0;
        let at = token.char_indices().find(|&(_, c)| {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            depth == 0 && (c == ',' || c == ';')
        });
        let Some((at, found)) = at else { return false };
        let lower = strip_qualifier(token).1.to_ascii_lowercase();
        let invalid = (at + 1 == token.len() && modifier_name_end(token).is_none())
            || lower.starts_with("ip4:")
            || lower.starts_with("ip6:");
        self.problems.push(Problem {
            start: start + at,
            end: start + at + 1,
            fatal: invalid,
            kind: ProblemKind::Separator { found },
        });
        invalid
    }

    /// Reports the first character no SPF record may contain; false when there was one.
    fn characters_ok(&mut self, start: usize, token: &str) -> bool {
        for (i, c) in token.char_indices() {
            let kind = match c {
                '\u{ff01}'..='\u{ff5e}' => {
                    let ascii = char::from_u32(c as u32 - 0xfee0).unwrap_or('?');
                    ProblemKind::FullWidth { found: c, ascii }
                }
                '。' => ProblemKind::FullWidth { found: c, ascii: '.' },
                '、' => ProblemKind::FullWidth { found: c, ascii: ',' },
                c if c.is_control() => ProblemKind::Control { found: c },
                c if !c.is_ascii() => ProblemKind::NonAscii { found: c },
                _ => continue,
            };
            self.problem(start + i, start + i + c.len_utf8(), kind);
            return false;
        }
        true
    }

    fn term(&mut self, start: usize, token: &str) -> Option<Term> {
        let end = start + token.len();
        let make = |kind| Some(Term { start, end, text: token.to_string(), kind });
        if let Some(eq) = modifier_name_end(token) {
            let name = &token[..eq];
            let value = &token[eq + 1..];
            let value_start = start + eq + 1;
            let lower = name.to_ascii_lowercase();
            match lower.as_str() {
                "redirect" | "exp" => {
                    let canonical = if lower == "exp" { "exp" } else { "redirect" };
                    let duplicate = self.terms.iter().any(|t| match t.kind {
                        TermKind::Redirect { .. } => canonical == "redirect",
                        TermKind::Explanation { .. } => canonical == "exp",
                        _ => false,
                    });
                    if duplicate {
                        self.problem(start, end, ProblemKind::DuplicateModifier { name: canonical });
                        return None;
                    }
                    let domain = self.domain_spec(value_start, value, canonical)?;
                    return match canonical {
                        "exp" => make(TermKind::Explanation { domain }),
                        _ => make(TermKind::Redirect { domain }),
                    };
                }
                _ => {
                    // The value of an unknown modifier must still be a valid macro-string.
                    if let Err(error) = MacroString::parse(value, MacroUse::Domain) {
                        self.macro_problem(value_start, error);
                        return None;
                    }
                    if lower == "v" && value.eq_ignore_ascii_case("spf1") {
                        self.problem(start, end, ProblemKind::RepeatedVersion);
                    } else {
                        let suggestion = suggest(&lower);
                        self.problem(start, end, ProblemKind::UnknownModifier { name: name.to_string(), suggestion });
                    }
                    return make(TermKind::Unknown { name: name.to_string() });
                }
            }
        }
        let (qualifier, rest) = strip_qualifier(token);
        let body_start = start + (token.len() - rest.len());
        let name_len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let name = rest[..name_len].to_ascii_lowercase();
        let args = &rest[name_len..];
        let args_start = body_start + name_len;
        // `=x`, or a qualifier on a modifier (`-exp=x`): neither a mechanism nor a modifier.
        if token.contains('=')
            && !token.contains(':')
            && (modifier_name_end(rest).is_none() || rest.len() != token.len())
        {
            self.problem(start, end, ProblemKind::BadModifier);
            return None;
        }
        let Some(&mechanism_name) = MECHANISMS.iter().find(|m| **m == name) else {
            // `ip4:1.2.3.4~all` is caught below; here the name itself is unknown.
            let suggestion = if name.is_empty() { None } else { suggest(&name) };
            let shown = if name.is_empty() { rest.to_string() } else { rest[..name_len].to_string() };
            self.problem(start, end, ProblemKind::UnknownMechanism { name: shown, suggestion });
            return None;
        };
        let mechanism = match mechanism_name {
            "all" => {
                if !args.is_empty() {
                    self.problem(
                        args_start,
                        end,
                        ProblemKind::UnexpectedValue { mechanism: "all", value: args.into() },
                    );
                    return None;
                }
                Mechanism::All
            }
            "include" | "exists" => {
                let Some(value) = args.strip_prefix(':') else {
                    let kind = match args.is_empty() {
                        true => ProblemKind::MissingValue { mechanism: mechanism_name, suggestion: None },
                        false => ProblemKind::MissingColon { mechanism: mechanism_name },
                    };
                    self.problem(start, end, kind);
                    return None;
                };
                let domain = self.domain_spec(args_start + 1, value, mechanism_name)?;
                match mechanism_name {
                    "include" => Mechanism::Include { domain },
                    _ => Mechanism::Exists { domain },
                }
            }
            "a" | "mx" => {
                let (spec, cidr4, cidr6) = self.dual_cidr(args_start, args)?;
                let domain = match spec {
                    "" => None,
                    _ => match spec.strip_prefix(':') {
                        Some(value) => Some(self.domain_spec(args_start + 1, value, mechanism_name)?),
                        None => {
                            self.problem(start, end, ProblemKind::MissingColon { mechanism: mechanism_name });
                            return None;
                        }
                    },
                };
                match mechanism_name {
                    "a" => Mechanism::A { domain, cidr4, cidr6 },
                    _ => Mechanism::Mx { domain, cidr4, cidr6 },
                }
            }
            "ptr" => {
                let domain = match args {
                    "" => None,
                    _ => match args.strip_prefix(':') {
                        Some(value) => Some(self.domain_spec(args_start + 1, value, "ptr")?),
                        None => {
                            self.problem(
                                args_start,
                                end,
                                ProblemKind::UnexpectedValue { mechanism: "ptr", value: args.into() },
                            );
                            return None;
                        }
                    },
                };
                Mechanism::Ptr { domain }
            }
            _ => {
                return self.ip(start, end, mechanism_name, args_start, args).map(|m| Term {
                    start,
                    end,
                    text: token.to_string(),
                    kind: TermKind::Directive { qualifier, mechanism: m },
                })
            }
        };
        make(TermKind::Directive { qualifier, mechanism })
    }

    fn ip(&mut self, start: usize, end: usize, name: &'static str, args_start: usize, args: &str) -> Option<Mechanism> {
        let Some(value) = args.strip_prefix(':') else {
            let kind = match args.is_empty() {
                true => ProblemKind::MissingValue { mechanism: name, suggestion: None },
                false => ProblemKind::MissingColon { mechanism: name },
            };
            self.problem(start, end, kind);
            return None;
        };
        let value_start = args_start + 1;
        if let Some(glued) = glued_all(value) {
            let at = end - glued.len();
            self.problem(at, end, ProblemKind::GluedTerms { glued: glued.to_string() });
            return None;
        }
        if value.is_empty() {
            self.problem(start, end, ProblemKind::MissingValue { mechanism: name, suggestion: None });
            return None;
        }
        let (address, cidr) = match value.find('/') {
            Some(slash) => (&value[..slash], Some((value_start + slash, &value[slash + 1..]))),
            None => (value, None),
        };
        let max = if name == "ip4" { 32 } else { 128 };
        let prefix = match cidr {
            None => max,
            Some((at, digits)) => self.cidr(at, digits, max)?,
        };
        let address_end = value_start + address.len();
        if name == "ip4" {
            match address.parse::<Ipv4Addr>() {
                Ok(network) => Some(Mechanism::Ip4 { network, prefix }),
                Err(_) => {
                    let kind = match address.parse::<Ipv6Addr>() {
                        Ok(_) => ProblemKind::Ip6InIp4,
                        Err(_) => ProblemKind::BadIp4 { value: address.to_string() },
                    };
                    self.problem(value_start, address_end, kind);
                    None
                }
            }
        } else {
            match address.parse::<Ipv6Addr>() {
                Ok(network) => Some(Mechanism::Ip6 { network, prefix }),
                Err(_) => {
                    let kind = match address.parse::<Ipv4Addr>() {
                        Ok(_) => ProblemKind::Ip4InIp6,
                        Err(_) => ProblemKind::BadIp6 { value: address.to_string() },
                    };
                    self.problem(value_start, address_end, kind);
                    None
                }
            }
        }
    }

    /// A prefix length: `0` or a number without leading zero, at most `max`. `at` is the
    /// offset of its `/`.
    fn cidr(&mut self, at: usize, digits: &str, max: u8) -> Option<u8> {
        let ok = !digits.is_empty()
            && digits.len() <= 3
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits == "0" || !digits.starts_with('0'));
        match digits.parse::<u8>() {
            Ok(n) if ok && n <= max => Some(n),
            _ => {
                self.problem(at, at + 1 + digits.len(), ProblemKind::BadCidr { value: format!("/{digits}"), max });
                None
            }
        }
    }

    /// Splits `[:domain][/cidr4][//cidr6]` from its end (a domain-spec may itself contain `/`).
    fn dual_cidr<'t>(&mut self, args_start: usize, args: &'t str) -> Option<(&'t str, u8, u8)> {
        let mut spec = args;
        let mut cidr6 = 128;
        let mut cidr4 = 32;
        if let Some(i) = spec.rfind("//") {
            let tail = &spec[i + 2..];
            if tail.bytes().all(|b| b.is_ascii_digit()) {
                cidr6 = self.cidr(args_start + i + 1, tail, 128)?;
                spec = &spec[..i];
            }
        }
        if let Some(i) = spec.rfind('/') {
            let tail = &spec[i + 1..];
            if tail.bytes().all(|b| b.is_ascii_digit()) {
                cidr4 = self.cidr(args_start + i, tail, 32)?;
                spec = &spec[..i];
            }
        }
        Some((spec, cidr4, cidr6))
    }

    fn macro_problem(&mut self, value_start: usize, error: MacroError) {
        let (start, end) = (value_start + error.start, value_start + error.end);
        self.problem(start, end, ProblemKind::Macro { error });
    }

    /// Checks a domain-spec (RFC 7208 §7.1): a valid macro-string that ends with a macro or
    /// with a dot and a top-level label.
    fn domain_spec(&mut self, value_start: usize, value: &str, mechanism: &'static str) -> Option<MacroString> {
        let value_end = value_start + value.len();
        if value.is_empty() {
            self.problem(
                value_start.saturating_sub(1),
                value_end,
                ProblemKind::MissingValue { mechanism, suggestion: None },
            );
            return None;
        }
        if matches!(mechanism, "include" | "redirect" | "exists") {
            if let Some(glued) = glued_all(value) {
                if !glued.starts_with('-') {
                    self.problem(value_end - glued.len(), value_end, ProblemKind::GluedTerms { glued: glued.into() });
                    return None;
                }
            }
        }
        let spec = match MacroString::parse(value, MacroUse::Domain) {
            Ok(spec) => spec,
            Err(error) => {
                self.macro_problem(value_start, error);
                return None;
            }
        };
        if spec.constant().is_some_and(|c| c.contains("://") || c.contains('@')) {
            self.problem(value_start, value_end, ProblemKind::UrlOrAddress { value: value.to_string() });
        }
        if spec.ends_with_macro() {
            return Some(spec);
        }
        if let Some(fault) = domain_fault(value) {
            self.problem(value_start, value_end, ProblemKind::BadDomain { value: value.to_string(), fault });
            return None;
        }
        Some(spec)
    }
}

/// Why a domain-spec without a trailing macro cannot be a domain, if it cannot.
fn domain_fault(value: &str) -> Option<DomainFault> {
    if value.parse::<Ipv4Addr>().is_ok() || value.split('/').next().is_some_and(|v| v.parse::<Ipv4Addr>().is_ok()) {
        return Some(DomainFault::IsIp4);
    }
    if value.parse::<Ipv6Addr>().is_ok() {
        return Some(DomainFault::IsIp6);
    }
    let trimmed = value.strip_suffix('.').unwrap_or(value);
    let Some(dot) = trimmed.rfind('.') else {
        return Some(if value.contains("://") || value.contains('@') {
            DomainFault::NotAHostName
        } else {
            DomainFault::NoDot
        });
    };
    let top = &trimmed[dot + 1..];
    let alnum_or_dash = !top.is_empty() && top.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let ok = alnum_or_dash
        && match top.contains('-') {
            true => top.as_bytes()[0].is_ascii_alphanumeric() && top.as_bytes()[top.len() - 1].is_ascii_alphanumeric(),
            false => top.bytes().any(|b| b.is_ascii_alphabetic()),
        };
    match ok {
        true => None,
        false if value.contains("://") || value.contains('@') => Some(DomainFault::NotAHostName),
        false => Some(DomainFault::BadTopLabel),
    }
}

/// `-all`, `~all`… glued to the end of a value (`ip4:1.2.3.4~all`).
fn glued_all(value: &str) -> Option<&str> {
    let lower = value.to_ascii_lowercase();
    ["+all", "-all", "~all", "?all"]
        .iter()
        .find(|g| lower.ends_with(*g) && lower.len() > 4)
        .map(|g| &value[value.len() - g.len()..])
}

fn strip_qualifier(token: &str) -> (Qualifier, &str) {
    match token.as_bytes().first() {
        Some(b'+') => (Qualifier::Pass, &token[1..]),
        Some(b'-') => (Qualifier::Fail, &token[1..]),
        Some(b'~') => (Qualifier::SoftFail, &token[1..]),
        Some(b'?') => (Qualifier::Neutral, &token[1..]),
        _ => (Qualifier::Pass, token),
    }
}

/// Where a modifier's name ends (its `=`), when `token` is one: `name = ALPHA *( ALPHA /
/// DIGIT / "-" / "_" / "." )`.
fn modifier_name_end(token: &str) -> Option<usize> {
    let eq = token.find('=')?;
    let name = &token[..eq];
    let mut bytes = name.bytes();
    let first_ok = bytes.next().is_some_and(|b| b.is_ascii_alphabetic());
    (first_ok && bytes.all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))).then_some(eq)
}

/// Whether a token looks like the value a bare mechanism lacks (a domain or an address).
fn looks_like_value(token: &str) -> bool {
    let lower = token.to_ascii_lowercase();
    let is_term = MECHANISMS.iter().any(|m| {
        let rest = strip_qualifier(&lower).1;
        rest == *m || rest.starts_with(&format!("{m}:")) || rest.starts_with(&format!("{m}/"))
    }) || modifier_name_end(token).is_some();
    !is_term && (token.contains('.') || token.contains(':'))
}

/// The term with a misspelt mechanism name replaced (`inculde:x` → `include:x`), when the
/// name is no mechanism and one is close enough.
pub fn suggest_mechanism(term: &str) -> Option<String> {
    let rest = strip_qualifier(term).1;
    let name_len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = rest[..name_len].to_ascii_lowercase();
    if name.is_empty() || MECHANISMS.contains(&name.as_str()) || modifier_name_end(term).is_some() {
        return None;
    }
    let suggestion = suggest(&name).filter(|s| MECHANISMS.contains(s))?;
    let prefix = &term[..term.len() - rest.len()];
    Some(format!("{prefix}{suggestion}{}", &rest[name_len..]))
}

/// The mechanism or modifier a misspelt name probably means.
fn suggest(name: &str) -> Option<&'static str> {
    const NAMES: [&str; 10] = ["include", "all", "a", "mx", "ptr", "ip4", "ip6", "exists", "redirect", "exp"];
    if let Some(exact) = NAMES.iter().find(|n| **n == name) {
        return Some(exact);
    }
    let alias = match name {
        "ipv4" | "ip" => Some("ip4"),
        "ipv6" => Some("ip6"),
        "inc" | "includes" => Some("include"),
        "exist" => Some("exists"),
        _ => None,
    };
    if alias.is_some() {
        return alias;
    }
    let allowed = match name.chars().count() {
        0..=2 => 0,
        3..=4 => 1,
        _ => 2,
    };
    NAMES
        .iter()
        .filter(|n| n.len() >= 3)
        .map(|n| (edit_distance(name, n), *n))
        .filter(|&(d, _)| d <= allowed)
        .min_by_key(|&(d, _)| d)
        .map(|(_, n)| n)
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
/// neighbours (`inculde` is one swap from `include`).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

fn char_name(c: char, lang: Lang) -> String {
    let zh = lang == Lang::ZhCn;
    match c {
        '\t' => (if zh { "制表符（Tab）" } else { "a tab" }).to_string(),
        '\n' | '\r' => (if zh { "换行符" } else { "a line break" }).to_string(),
        '\u{3000}' => (if zh { "全角空格" } else { "a full-width space (U+3000)" }).to_string(),
        '\u{a0}' => (if zh { "不换行空格（U+00A0）" } else { "a non-breaking space (U+00A0)" }).to_string(),
        '“' | '”' | '‘' | '’' => match zh {
            true => format!("中文引号（U+{:04X}）", c as u32),
            false => format!("a curly quote (U+{:04X})", c as u32),
        },
        c if c.is_control() => format!("U+{:04X}", c as u32),
        c => match zh {
            true => format!("“{c}”（U+{:04X}）", c as u32),
            false => format!("“{c}” (U+{:04X})", c as u32),
        },
    }
}

impl ProblemKind {
    /// The kind's stable name, as it is serialized (`unknown-mechanism`).
    pub fn name(&self) -> &'static str {
        use ProblemKind::*;
        match self {
            NotSpf => "not-spf",
            BadSpace { .. } => "bad-space",
            FullWidth { .. } => "full-width",
            Control { .. } => "control",
            NonAscii { .. } => "non-ascii",
            UnknownMechanism { .. } => "unknown-mechanism",
            MissingValue { .. } => "missing-value",
            MissingColon { .. } => "missing-colon",
            GluedTerms { .. } => "glued-terms",
            BadIp4 { .. } => "bad-ip4",
            BadIp6 { .. } => "bad-ip6",
            Ip6InIp4 => "ip6-in-ip4",
            Ip4InIp6 => "ip4-in-ip6",
            BadCidr { .. } => "bad-cidr",
            BadDomain { .. } => "bad-domain",
            Macro { .. } => "macro",
            DuplicateModifier { .. } => "duplicate-modifier",
            UnexpectedValue { .. } => "unexpected-value",
            BadModifier => "bad-modifier",
            UnknownModifier { .. } => "unknown-modifier",
            Separator { .. } => "separator",
            UrlOrAddress { .. } => "url-or-address",
            RepeatedVersion => "repeated-version",
            AfterAll => "after-all",
        }
    }
}

impl Problem {
    /// Whether it is a macro error (its own check, SPF-MACRO-SYNTAX).
    pub fn is_macro(&self) -> bool {
        matches!(self.kind, ProblemKind::Macro { .. })
    }

    /// The 1-based character column where it starts in `record` (what users count).
    pub fn column(&self, record: &str) -> usize {
        record.get(..self.start).map_or(self.start, |s| s.chars().count()) + 1
    }

    /// What is wrong and what to write instead, in plain words.
    pub fn describe(&self, lang: Lang) -> String {
        use ProblemKind::*;
        let en = lang == Lang::En;
        match &self.kind {
            NotSpf => match en {
                true => "an SPF record must begin with “v=spf1” followed by a space".into(),
                false => "SPF 记录必须以“v=spf1”开头，后面跟一个空格".into(),
            },
            BadSpace { found } => match en {
                true => format!("{} separates terms here; only ordinary spaces may", char_name(*found, lang)),
                false => format!("这里用{}分隔了各项，SPF 只认普通的半角空格", char_name(*found, lang)),
            },
            FullWidth { found, ascii } => match en {
                true => format!("full-width “{found}” (typed with a Chinese input method): write the ASCII “{ascii}”"),
                false => format!("“{found}”是全角字符（中文输入法打出来的），请改成半角的“{ascii}”"),
            },
            Control { found } => match en {
                true => format!("invisible control character {} in the record: retype this part", char_name(*found, lang)),
                false => format!("记录里有看不见的控制字符 {}，请重新输入这一段", char_name(*found, lang)),
            },
            NonAscii { found } if matches!(found, '“' | '”' | '‘' | '’') => match en {
                true => format!("{} in the record: an SPF record contains no quotes of its own; paste it as plain text", char_name(*found, lang)),
                false => format!("记录里有{}：SPF 记录内容本身不能带引号，请以纯文本粘贴", char_name(*found, lang)),
            },
            NonAscii { found } => match en {
                true => format!("{} is not allowed: SPF records are plain ASCII", char_name(*found, lang)),
                false => format!("不能出现 {}：SPF 记录只能包含半角英文字符", char_name(*found, lang)),
            },
            UnknownMechanism { name, suggestion: Some(s) } if matches!(*s, "redirect" | "exp") && name.eq_ignore_ascii_case(s) => match en {
                true => format!("“{s}” is a modifier and takes “=”: write “{s}=…”"),
                false => format!("“{s}”是修饰符，要用等号：写成“{s}=…”"),
            },
            UnknownMechanism { name, suggestion: Some(s) } => match en {
                true => format!("“{name}” is not an SPF mechanism; did you mean “{s}”?"),
                false => format!("“{name}”不是 SPF 机制，是不是想写“{s}”？"),
            },
            UnknownMechanism { name, suggestion: None } => match en {
                true => format!("“{name}” is not an SPF mechanism (use all, include, a, mx, ip4, ip6, exists, ptr, or redirect=)"),
                false => format!("“{name}”不是 SPF 机制（可用的有 all、include、a、mx、ip4、ip6、exists、ptr，以及 redirect=）"),
            },
            MissingValue { mechanism, suggestion: Some(s) } => match en {
                true => format!("“{mechanism}” needs a colon before its value: write “{s}”"),
                false => format!("“{mechanism}”和后面的值之间要用冒号连接，应写成“{s}”"),
            },
            MissingValue { mechanism, suggestion: None } => match en {
                true => format!("“{mechanism}” needs a value after a colon, e.g. “{}”", example(mechanism)),
                false => format!("“{mechanism}”后面缺少冒号和值，例如“{}”", example(mechanism)),
            },
            MissingColon { mechanism } => match en {
                true => format!("“{mechanism}” must be followed by “:” and its value, e.g. “{}”", example(mechanism)),
                false => format!("“{mechanism}”后面必须是半角冒号“:”再跟值，例如“{}”", example(mechanism)),
            },
            GluedTerms { glued } => match en {
                true => format!("“{glued}” is glued to the term before it: put a space before “{glued}”"),
                false => format!("“{glued}”和前一项连在了一起，请在“{glued}”前加一个空格"),
            },
            BadIp4 { value } => match en {
                true => format!("“{value}” is not an IPv4 address (four numbers 0–255 without leading zeros, like 192.0.2.1)"),
                false => format!("“{value}”不是合法的 IPv4 地址（应为四段 0–255 的数字且不带前导零，如 192.0.2.1）"),
            },
            BadIp6 { value } => match en {
                true => format!("“{value}” is not an IPv6 address"),
                false => format!("“{value}”不是合法的 IPv6 地址"),
            },
            Ip6InIp4 => match en {
                true => "an IPv6 address after “ip4:”: write it as “ip6:…”".into(),
                false => "“ip4:”后面写的是 IPv6 地址，请改用“ip6:”".into(),
            },
            Ip4InIp6 => match en {
                true => "an IPv4 address after “ip6:”: write it as “ip4:…”".into(),
                false => "“ip6:”后面写的是 IPv4 地址，请改用“ip4:”".into(),
            },
            BadCidr { value, max } => match en {
                true => format!("prefix length “{value}” is invalid: use a number from 0 to {max}, without leading zeros"),
                false => format!("前缀长度“{value}”无效：应为 0 到 {max} 之间的数字，且不能有前导零"),
            },
            BadDomain { value, fault } => match (fault, en) {
                (DomainFault::IsIp4, true) => format!("“{value}” is an IP address, not a domain: use “ip4:{value}”"),
                (DomainFault::IsIp4, false) => format!("“{value}”是 IP 地址而不是域名，请改写为“ip4:{value}”"),
                (DomainFault::IsIp6, true) => format!("“{value}” is an IP address, not a domain: use “ip6:{value}”"),
                (DomainFault::IsIp6, false) => format!("“{value}”是 IP 地址而不是域名，请改写为“ip6:{value}”"),
                (DomainFault::NoDot, true) => format!("“{value}” is not a full domain name (it needs a dot, like spf.example.com)"),
                (DomainFault::NoDot, false) => format!("“{value}”不是完整的域名（至少要带一个点，如 spf.example.com）"),
                (DomainFault::NotAHostName, true) => format!("“{value}” is a URL or an email address: write only the domain name"),
                (DomainFault::NotAHostName, false) => format!("“{value}”是网址或邮箱地址，这里只能写域名"),
                (DomainFault::BadTopLabel, true) => format!("“{value}” does not end in a valid top-level domain (such as .com or .cn)"),
                (DomainFault::BadTopLabel, false) => format!("“{value}”的结尾不是合法的顶级域名（如 .com、.cn）"),
            },
            Macro { error } => match en {
                true => format!("invalid macro: {}", error.describe(lang)),
                false => format!("宏写法错误：{}", error.describe(lang)),
            },
            DuplicateModifier { name } => match en {
                true => format!("“{name}=” appears more than once; keep one"),
                false => format!("“{name}=”出现了不止一次，只能保留一个"),
            },
            UnexpectedValue { mechanism, value } => match en {
                true => format!("“{mechanism}” takes no “{value}”: remove it"),
                false => format!("“{mechanism}”后面不能跟“{value}”，请删除"),
            },
            BadModifier => match en {
                true => "“name=value” with an invalid name (a modifier name starts with a letter and has no qualifier)".into(),
                false => "“名称=值”的名称无效（修饰符名称必须以字母开头，前面不能有 + - ~ ?）".into(),
            },
            UnknownModifier { name, suggestion: Some(s) } if MECHANISMS.contains(s) => match en {
                true => format!("“{name}=” is ignored by receivers: a mechanism takes a colon, write “{s}:”"),
                false => format!("收件服务器会忽略“{name}=”：机制要用冒号，应写成“{s}:”"),
            },
            UnknownModifier { name, suggestion: Some(s) } => match en {
                true => format!("“{name}=” is unknown and ignored by receivers; did you mean “{s}=”?"),
                false => format!("“{name}=”无法识别，收件服务器会忽略它，是不是想写“{s}=”？"),
            },
            UnknownModifier { name, suggestion: None } => match en {
                true => format!("“{name}=” is unknown and ignored by receivers"),
                false => format!("“{name}=”无法识别，收件服务器会忽略它"),
            },
            UrlOrAddress { value } => match en {
                true => format!("“{value}” is a URL or an email address: write only the domain name"),
                false => format!("“{value}”是网址或邮箱地址，这里只能写域名"),
            },
            Separator { found } => match en {
                true => format!("“{found}” used as a separator: SPF terms are separated by spaces only, and each ip4:/ip6: takes one address"),
                false => format!("用“{found}”做了分隔：SPF 各项之间只能用空格分开，每个 ip4:/ip6: 只能写一个地址"),
            },
            RepeatedVersion => match en {
                true => "a second “v=spf1” inside the record: two records were pasted into one; keep one “v=spf1” at the start".into(),
                false => "记录中间又出现了“v=spf1”，像是两条记录被拼在了一起；只在开头保留一个“v=spf1”".into(),
            },
            AfterAll => match en {
                true => "this comes after “all” and is never evaluated: move it before “all”".into(),
                false => "这一项写在“all”之后，永远不会被检查，请移到“all”前面".into(),
            },
        }
    }
}

fn example(mechanism: &str) -> &'static str {
    match mechanism {
        "include" => "include:spf.qiye.aliyun.com",
        "exists" => "exists:%{i}._spf.example.com",
        "ip4" => "ip4:192.0.2.1",
        "ip6" => "ip6:2001:db8::1",
        "a" => "a:mail.example.com",
        "mx" => "mx:example.com",
        "redirect" => "redirect=_spf.example.com",
        "exp" => "exp=explain._spf.example.com",
        _ => "ptr:example.com",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<ProblemKind> {
        SpfRecord::parse(text).problems.into_iter().map(|p| p.kind).collect()
    }

    fn first(text: &str) -> Problem {
        SpfRecord::parse(text).problems.into_iter().next().unwrap_or_else(|| panic!("no problem in {text:?}"))
    }

    #[test]
    fn parses_every_mechanism_with_positions() {
        let r = SpfRecord::parse("v=spf1 include:spf.qiye.aliyun.com a mx:example.com/24//64 -ip4:192.0.2.0/24 ip6:2001:db8::/32 ?exists:%{i}.x.example.com ~ptr redirect=_spf.example.com exp=e.example.com moo=1 -all");
        assert!(r.is_valid(), "{:?}", r.problems);
        let names: Vec<_> = r.directives().map(|(_, m, _)| m.name()).collect();
        assert_eq!(names, ["include", "a", "mx", "ip4", "ip6", "exists", "ptr", "all"]);
        let include = &r.terms[0];
        assert_eq!((include.start, include.end), (7, 34));
        assert!(matches!(
            r.terms[2].kind,
            TermKind::Directive { mechanism: Mechanism::Mx { cidr4: 24, cidr6: 64, .. }, .. }
        ));
        assert!(matches!(r.terms[3].kind, TermKind::Directive { qualifier: Qualifier::Fail, .. }));
        assert_eq!(r.redirect().and_then(|d| d.constant()).as_deref(), Some("_spf.example.com"));
        assert_eq!(r.all(), Some(Qualifier::Fail));
        // The unknown modifier is kept, and noted as lint only.
        assert!(r.problems.iter().all(|p| !p.fatal));
    }

    #[test]
    fn typos_get_a_did_you_mean() {
        assert_eq!(
            problems("v=spf1 inculde:spf.qiye.aliyun.com -all"),
            [ProblemKind::UnknownMechanism { name: "inculde".into(), suggestion: Some("include") }]
        );
        assert!(matches!(
            &problems("v=spf1 ipv4:192.0.2.1 -all")[0],
            ProblemKind::UnknownMechanism { suggestion: Some("ip4"), .. }
        ));
        assert!(matches!(
            &problems("v=spf1 redirct=_spf.example.com")[0],
            ProblemKind::UnknownModifier { suggestion: Some("redirect"), .. }
        ));
        assert!(matches!(
            &problems("v=spf1 foo:bar.com -all")[0],
            ProblemKind::UnknownMechanism { suggestion: None, .. }
        ));
    }

    #[test]
    fn include_without_colon_is_fatal_and_suggests_the_fix() {
        let p = first("v=spf1 include spf.qiye.aliyun.com -all");
        assert!(p.fatal);
        assert_eq!(
            p.kind,
            ProblemKind::MissingValue { mechanism: "include", suggestion: Some("include:spf.qiye.aliyun.com".into()) }
        );
        assert_eq!((p.start, p.end), (7, 34));
        assert_eq!(
            first("v=spf1 include.spf.qiye.aliyun.com").kind,
            ProblemKind::MissingColon { mechanism: "include" }
        );
        assert!(first("v=spf1 include: -all").fatal);
        // `include=` is a legal unknown modifier: ignored by receivers, lint only.
        let p = first("v=spf1 include=spf.qiye.aliyun.com -all");
        assert!(!p.fatal);
        assert!(p.describe(Lang::En).contains("include:"));
    }

    #[test]
    fn glued_all_bad_cidr_and_bad_addresses_are_found_where_they_are() {
        let p = first("v=spf1 ip4:1.2.3.4~all");
        assert_eq!((p.kind.clone(), p.start, p.end), (ProblemKind::GluedTerms { glued: "~all".into() }, 18, 22));
        assert_eq!(first("v=spf1 ip4:192.0.2.0/33").kind, ProblemKind::BadCidr { value: "/33".into(), max: 32 });
        assert_eq!(first("v=spf1 ip4:192.0.2.0/024").kind, ProblemKind::BadCidr { value: "/024".into(), max: 32 });
        assert_eq!(first("v=spf1 a//129 -all").kind, ProblemKind::BadCidr { value: "/129".into(), max: 128 });
        assert_eq!(first("v=spf1 ip4:2001:db8::1").kind, ProblemKind::Ip6InIp4);
        assert_eq!(first("v=spf1 ip6:192.0.2.1").kind, ProblemKind::Ip4InIp6);
        assert_eq!(first("v=spf1 ip4:192.0.2.300").kind, ProblemKind::BadIp4 { value: "192.0.2.300".into() });
        assert_eq!(first("v=spf1 ip4:01.2.3.4").kind, ProblemKind::BadIp4 { value: "01.2.3.4".into() });
        assert!(matches!(
            first("v=spf1 a:111.222.33.44").kind,
            ProblemKind::BadDomain { fault: DomainFault::IsIp4, .. }
        ));
        assert!(matches!(first("v=spf1 a:museum").kind, ProblemKind::BadDomain { fault: DomainFault::NoDot, .. }));
        assert!(matches!(
            first("v=spf1 a:example.-com").kind,
            ProblemKind::BadDomain { fault: DomainFault::BadTopLabel, .. }
        ));
        assert!(SpfRecord::parse("v=spf1 a:foo:bar/baz.example.com a:foo.example.xn--zckzah").is_valid());
        assert!(!SpfRecord::parse("v=spf1 a/24/64").is_valid());
    }

    #[test]
    fn full_width_and_control_characters_are_pointed_at() {
        let text = "v=spf1 include：spf.qiye.aliyun.com　-all";
        let r = SpfRecord::parse(text);
        let kinds: Vec<_> = r.problems.iter().map(|p| p.kind.clone()).collect();
        assert_eq!(
            kinds,
            [ProblemKind::FullWidth { found: '：', ascii: ':' }, ProblemKind::BadSpace { found: '\u{3000}' }]
        );
        assert_eq!(r.problems[0].column(text), 15);
        assert!(r.problems[1].describe(Lang::ZhCn).contains("全角空格"));
        assert!(matches!(first("v=spf1 a:ctrl.example.com\rptr -all").kind, ProblemKind::BadSpace { found: '\r' }));
        assert!(matches!(first("v=spf1 a:foo.example.com\0").kind, ProblemKind::Control { found: '\0' }));
        assert!(matches!(first("v=spf1 “include:x.example.com”").kind, ProblemKind::NonAscii { found: '“' }));
    }

    #[test]
    fn modifiers_macros_and_duplicates() {
        assert_eq!(
            first("v=spf1 redirect=a.example.com redirect=b.example.com").kind,
            ProblemKind::DuplicateModifier { name: "redirect" }
        );
        assert_eq!(
            first("v=spf1 exp=a.example.com exp=b.example.com -all").kind,
            ProblemKind::DuplicateModifier { name: "exp" }
        );
        let p = first("v=spf1 exists:%{x}.example.com");
        assert!(p.is_macro() && p.fatal);
        assert_eq!((p.start, p.end), (14, 18));
        assert!(first("v=spf1 -moo=x").fatal);
        assert!(SpfRecord::parse("v=spf1 moo.cow-far_out=man:dog/cat ip4:1.2.3.4 -all").is_valid());
        assert!(!SpfRecord::parse("v=spf1 moo.cow/far_out=man:dog/cat -all").is_valid());
        assert!(!SpfRecord::parse("v=spf1 all:foo").is_valid());
        assert_eq!(first("v=spf1 -all v=spf1 include:x.example.com -all").kind, ProblemKind::RepeatedVersion);
    }

    #[test]
    fn kind_names_are_the_serialized_tags() {
        for p in
            SpfRecord::parse("v=spf1 inculde:x.example.com ip4:1.2.3.4~all a/33 exists:%{x}.example.com　-all moo=1")
                .problems
        {
            let json = serde_json::to_value(&p).unwrap();
            assert_eq!(json["kind"], p.kind.name());
        }
    }

    #[test]
    fn a_url_where_a_domain_belongs_is_lint() {
        let r = SpfRecord::parse("v=spf1 include:https://spf.example.com -all");
        assert!(r.is_valid());
        assert!(
            matches!(&r.problems[0].kind, ProblemKind::UrlOrAddress { value } if value == "https://spf.example.com")
        );
    }

    #[test]
    fn commas_and_semicolons_between_terms() {
        let p = first("v=spf1 include:spf.qiye.aliyun.com, include:sendgrid.net -all");
        assert_eq!((p.kind.clone(), p.start, p.fatal), (ProblemKind::Separator { found: ',' }, 34, true));
        assert!(first("v=spf1 ip4:192.0.2.1,192.0.2.2 -all").fatal);
        // The grammar reads this as one (odd) domain: receivers look it up, so it is lint.
        let r = SpfRecord::parse("v=spf1 include:a.example.com;include:b.example.com -all");
        assert!(r.is_valid() && matches!(r.problems[0].kind, ProblemKind::Separator { found: ';' }));
        assert!(SpfRecord::parse("v=spf1 exists:%{l,}.example.com -all").is_valid());
        assert!(first("v=spf1 -all;").fatal);
    }

    #[test]
    fn records_that_almost_are_spf_say_why_they_are_not() {
        assert!(near_miss("v=spf1 -all", Lang::En).is_none());
        assert!(near_miss("google-site-verification=abc", Lang::En).is_none());
        assert!(near_miss("\"v=spf1 include:spf.qiye.aliyun.com -all\"", Lang::En).unwrap().contains("before v=spf1"));
        assert!(near_miss("v=spf1\u{3000}include:spf.qiye.aliyun.com -all", Lang::ZhCn).unwrap().contains("全角空格"));
        assert!(near_miss("v=spf1,include:spf.qiye.aliyun.com", Lang::En)
            .unwrap()
            .contains("instead of an ordinary space"));
        assert!(near_miss("spf v=spf1 -all", Lang::En).unwrap().contains("does not begin exactly"));
    }

    #[test]
    fn selects_only_v_spf1_records() {
        assert!(is_spf_record("v=spf1") && is_spf_record("V=SPF1 -all"));
        assert!(!is_spf_record("v=spf10 -all") && !is_spf_record("v=spf1\t-all") && !is_spf_record(" v=spf1"));
    }

    #[test]
    fn every_problem_reads_in_both_languages() {
        let records = [
            "v=spf1 inculde:x.example.com",
            "v=spf1 include",
            "v=spf1 ip4:1.2.3.4~all",
            "v=spf1 a/33",
            "v=spf1 a:museum",
            "v=spf1 %{x}",
            "v=spf1 exists:%{x}.example.com",
            "v=spf1 ip6:1.2.3.4",
            "v=spf1 　-all",
            "v=spf1 ｉp4:1.2.3.4",
            "v=spf1 all:x",
            "v=spf1 -all a",
        ];
        for record in records {
            for p in SpfRecord::parse(record).problems {
                let (en, zh) = (p.describe(Lang::En), p.describe(Lang::ZhCn));
                assert!(en.is_ascii() || en.contains('“'), "{en}");
                assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{zh}");
            }
        }
    }
}
