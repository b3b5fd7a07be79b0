//! The DMARC record (RFC 7489 §6.3, RFC 9989), read like a linter rather than a receiver: every
//! problem is kept with its position, so the report can point at the character to fix, and
//! the values are still read where a receiver would read them.
//!
//! Full-width punctuation (`；`, `＝`, `：`, typed with a Chinese input method) and curly quotes
//! are reported and then read as their ASCII forms, so that one wrong semicolon does not hide
//! the rest of the record's problems.

use serde::Serialize;

use crate::report::Lang;

/// A policy (`p`, `sp`, `np`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// Monitoring only.
    None,
    /// Treat failing mail as suspicious (spam folder).
    Quarantine,
    /// Reject failing mail.
    Reject,
}

impl Policy {
    fn parse(value: &str) -> Option<Policy> {
        // ABNF literals are case-insensitive (RFC 5234 §2.3).
        match value.to_ascii_lowercase().as_str() {
            "none" => Some(Policy::None),
            "quarantine" => Some(Policy::Quarantine),
            "reject" => Some(Policy::Reject),
            _ => None,
        }
    }

    /// The tag value.
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::None => "none",
            Policy::Quarantine => "quarantine",
            Policy::Reject => "reject",
        }
    }

    /// Quarantine or reject: DMARC "at enforcement".
    pub fn is_enforced(self) -> bool {
        self != Policy::None
    }
}

/// `adkim` / `aspf`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Alignment {
    /// Same organizational domain (the default).
    Relaxed,
    /// Exactly the same domain.
    Strict,
}

/// `psd` (RFC 9989): whether the record's domain is a public suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Psd {
    /// `psd=y`: a public-suffix domain (the tree walk's organizational domain is one label below).
    Yes,
    /// `psd=n`: this is an organizational domain (the tree walk stops here).
    No,
    /// `psd=u`, the default: not said.
    Unknown,
}

/// One `rua`/`ruf` URI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportUri {
    /// As written.
    pub raw: String,
    /// The mailbox of a valid `mailto:` URI.
    pub address: Option<String>,
    /// Its domain, lowercase.
    pub domain: Option<String>,
    /// A `!size` limit (ignored by RFC 9989 reporters).
    pub size: Option<String>,
    /// Why it is unusable, if it is.
    pub problem: Option<UriProblem>,
}

/// Why a report URI is unusable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UriProblem {
    /// A bare address, `mailto:` forgotten.
    NoScheme,
    /// Another scheme than `mailto:` (reporters only send mail).
    NotMailto,
    /// `mailto:` without a usable `name@domain.tld`.
    BadAddress,
}

impl ReportUri {
    fn parse(raw: &str) -> ReportUri {
        let raw = raw.trim().to_string();
        let mut uri = ReportUri { raw: raw.clone(), address: None, domain: None, size: None, problem: None };
        let Some((scheme, rest)) = raw.split_once(':') else {
            uri.problem = Some(match raw.contains('@') {
                true => UriProblem::NoScheme,
                false => UriProblem::BadAddress,
            });
            return uri;
        };
        if !scheme.eq_ignore_ascii_case("mailto") {
            // `admin@example.com` has no colon; `dmarc@example.com!10m` neither, but
            // `https://…` and `http:` do: only mail reaches reporters' senders.
            uri.problem = Some(match scheme.contains('@') {
                true => UriProblem::NoScheme,
                false => UriProblem::NotMailto,
            });
            return uri;
        }
        let (address, size) = match rest.rsplit_once('!') {
            Some((address, size)) => (address, Some(size.to_string())),
            None => (rest, None),
        };
        // A `?subject=…` header part is allowed in mailto URIs but names no mailbox.
        let address = address.split('?').next().unwrap_or_default().trim();
        uri.size = size;
        match address.rsplit_once('@') {
            Some((local, domain))
                if !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && domain.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.') =>
            {
                uri.address = Some(address.to_string());
                uri.domain = Some(domain.to_ascii_lowercase());
            }
            _ => uri.problem = Some(UriProblem::BadAddress),
        }
        uri
    }
}

/// What is wrong at one place of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SyntaxProblem {
    /// Spaces before `v=DMARC1`: receivers discard the record.
    LeadingSpace,
    /// The first tag is not `v`: receivers discard the record.
    VersionNotFirst,
    /// `v=` is not exactly `DMARC1` (it is case-sensitive): receivers discard the record.
    BadVersion {
        /// As written.
        value: String,
    },
    /// A full-width or curly character where ASCII punctuation belongs.
    WideCharacter {
        /// The character.
        found: char,
        /// Its ASCII form.
        ascii: char,
    },
    /// Quotes inside the record (pasted with the value's quotes).
    Quote,
    /// Two tags without `;` between them.
    MissingSemicolon {
        /// The tag that follows without a separator.
        tag: String,
    },
    /// A part that is no `tag=value`.
    NotATag {
        /// As written.
        text: String,
    },
    /// A known tag with a value outside its grammar.
    BadValue {
        /// The tag.
        tag: String,
        /// As written.
        value: String,
    },
    /// A tag given twice.
    Duplicate {
        /// The tag.
        tag: String,
    },
}

impl SyntaxProblem {
    /// In words, in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        let en = matches!(lang, Lang::En);
        match self {
            SyntaxProblem::LeadingSpace => match en {
                true => "the record starts with a space".into(),
                false => "记录开头有空格".into(),
            },
            SyntaxProblem::VersionNotFirst => match en {
                true => "`v=DMARC1` must be the first tag".into(),
                false => "`v=DMARC1` 必须是第一个标签".into(),
            },
            SyntaxProblem::BadVersion { value } => match en {
                true => format!("`v={value}` must be written exactly `v=DMARC1` (upper case)"),
                false => format!("`v={value}` 必须严格写成 `v=DMARC1`（大写）"),
            },
            SyntaxProblem::WideCharacter { found, ascii } => match en {
                true => format!("full-width or curly `{found}` instead of `{ascii}`"),
                false => format!("误用了全角或中文标点 `{found}`，应为半角 `{ascii}`"),
            },
            SyntaxProblem::Quote => match en {
                true => "quotation marks inside the record".into(),
                false => "记录中带有引号".into(),
            },
            SyntaxProblem::MissingSemicolon { tag } => match en {
                true => format!("missing `;` before `{tag}=`"),
                false => format!("`{tag}=` 前缺少分号 `;`"),
            },
            SyntaxProblem::NotATag { text } => match en {
                true => format!("`{text}` is not a `tag=value` pair"),
                false => format!("`{text}` 不是 `标签=值` 的格式"),
            },
            SyntaxProblem::BadValue { tag, value } => match en {
                true => format!("`{tag}={value}` is not a valid value"),
                false => format!("`{tag}={value}` 的取值无效"),
            },
            SyntaxProblem::Duplicate { tag } => match en {
                true => format!("the tag `{tag}` appears twice"),
                false => format!("标签 `{tag}` 出现了两次"),
            },
        }
    }
}

/// A problem and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Located {
    /// 1-based character position in the record.
    pub position: usize,
    /// What is wrong.
    pub problem: SyntaxProblem,
}

/// A DMARC record, as read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DmarcRecord {
    /// The record's text (TXT strings joined).
    pub text: String,
    /// `p`, when valid.
    pub p: Option<Policy>,
    /// `sp`, when valid.
    pub sp: Option<Policy>,
    /// `np` (RFC 9989), when valid.
    pub np: Option<Policy>,
    /// `adkim`.
    pub adkim: Option<Alignment>,
    /// `aspf`.
    pub aspf: Option<Alignment>,
    /// `fo`, as written.
    pub fo: Option<String>,
    /// `pct` (RFC 7489 only).
    pub pct: Option<u8>,
    /// `t` (RFC 9989): `true` for `t=y`, test mode.
    pub t: Option<bool>,
    /// `psd` (RFC 9989).
    pub psd: Option<Psd>,
    /// `rua` URIs.
    pub rua: Vec<ReportUri>,
    /// `ruf` URIs.
    pub ruf: Vec<ReportUri>,
    /// Tags present, lowercase, in order (unknown ones included).
    pub tags: Vec<(String, String)>,
    /// Syntax problems, in order of position.
    pub problems: Vec<Located>,
    /// Tags RFC 9989 removed or made optional: `pct`, `rf`, `ri`, `!size`, and `p` when missing.
    pub legacy: Vec<String>,
    /// Tags neither RFC knows (ignored by receivers, RFC 9989; often a typo).
    pub ignored: Vec<String>,
}

/// Full-width and curly characters people type for ASCII punctuation.
const WIDE: &[(char, char)] = &[
    ('；', ';'),
    ('＝', '='),
    ('：', ':'),
    ('，', ','),
    ('　', ' '),
    ('！', '!'),
    ('＠', '@'),
    ('“', '"'),
    ('”', '"'),
    ('‘', '\''),
    ('’', '\''),
];

/// Whether `text` starts the way receivers require (`v` `=` `DMARC1`, then `;` or the end):
/// both RFCs discard TXT records at `_dmarc` that do not.
pub fn starts_with_version(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('v') else { return false };
    let Some(rest) = rest.trim_start_matches([' ', '\t']).strip_prefix('=') else { return false };
    let Some(rest) = rest.trim_start_matches([' ', '\t']).strip_prefix("DMARC1") else { return false };
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.is_empty() || rest.starts_with(';')
}

/// Whether `text` looks like an attempt at a DMARC record (a misspelt version, leading
/// spaces, full-width punctuation), as opposed to an unrelated TXT record.
pub fn looks_like_dmarc(text: &str) -> bool {
    let ascii: String = text.chars().map(ascii_form).collect::<String>().to_ascii_lowercase();
    let compact: String = ascii.chars().filter(|c| !c.is_whitespace() && *c != '"' && *c != '\'').collect();
    compact.starts_with("v=dmarc") || compact.contains("dmarc1")
}

fn ascii_form(c: char) -> char {
    WIDE.iter().find(|(wide, _)| *wide == c).map_or(c, |(_, ascii)| *ascii)
}

/// Reads a record. Never fails: what it cannot read becomes a [`SyntaxProblem`].
pub fn parse(text: &str) -> DmarcRecord {
    let mut record = DmarcRecord { text: text.to_string(), ..DmarcRecord::default() };
    // Positions are counted in characters of the original text, which the ASCII copy keeps
    // one for one (every replacement is one character for one).
    let chars: Vec<char> = text.chars().collect();
    let mut ascii: Vec<char> = Vec::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        let a = ascii_form(c);
        if a != c {
            record
                .problems
                .push(Located { position: i + 1, problem: SyntaxProblem::WideCharacter { found: c, ascii: a } });
        }
        ascii.push(a);
    }
    if let Some(i) = ascii.iter().position(|&c| c == '"' || c == '\'') {
        if !record.problems.iter().any(|p| p.position == i + 1) {
            record.problems.push(Located { position: i + 1, problem: SyntaxProblem::Quote });
        }
    }
    // Quotes pasted around the record or a value are read past, as the rest of the record
    // is still worth checking.
    let ascii: Vec<char> = ascii.into_iter().map(|c| if c == '"' || c == '\'' { ' ' } else { c }).collect();
    if ascii.first().is_some_and(|c| c.is_whitespace()) && chars.first() != Some(&'"') {
        record.problems.push(Located { position: 1, problem: SyntaxProblem::LeadingSpace });
    }

    let mut seen: Vec<String> = Vec::new();
    for (index, (start, part)) in split_tags(&ascii, &mut record.problems).into_iter().enumerate() {
        let trimmed_start = start + part.chars().count() - part.trim_start().chars().count();
        let part = part.trim();
        let Some((name, value)) = part.split_once('=') else {
            record.problems.push(Located {
                position: trimmed_start + 1,
                problem: SyntaxProblem::NotATag { text: part.to_string() },
            });
            continue;
        };
        let name = name.trim().to_ascii_lowercase();
        let value = value.trim().to_string();
        let at = trimmed_start + 1;
        if index == 0 && name != "v" {
            record.problems.push(Located { position: at, problem: SyntaxProblem::VersionNotFirst });
        }
        if seen.contains(&name) {
            record.problems.push(Located { position: at, problem: SyntaxProblem::Duplicate { tag: name.clone() } });
            continue;
        }
        seen.push(name.clone());
        record.tags.push((name.clone(), value.clone()));
        let bad = |record: &mut DmarcRecord| {
            record.problems.push(Located {
                position: at,
                problem: SyntaxProblem::BadValue { tag: name.clone(), value: value.clone() },
            })
        };
        match name.as_str() {
            "v" => {
                if index != 0 {
                    record.problems.push(Located { position: at, problem: SyntaxProblem::VersionNotFirst });
                } else if value != "DMARC1" {
                    record
                        .problems
                        .push(Located { position: at, problem: SyntaxProblem::BadVersion { value: value.clone() } });
                }
            }
            "p" | "sp" | "np" => match Policy::parse(&value) {
                Some(policy) => {
                    *match name.as_str() {
                        "p" => &mut record.p,
                        "sp" => &mut record.sp,
                        _ => &mut record.np,
                    } = Some(policy)
                }
                None => bad(&mut record),
            },
            "adkim" | "aspf" => {
                let alignment = match value.to_ascii_lowercase().as_str() {
                    "r" => Some(Alignment::Relaxed),
                    "s" => Some(Alignment::Strict),
                    _ => None,
                };
                match alignment {
                    Some(a) if name == "adkim" => record.adkim = Some(a),
                    Some(a) => record.aspf = Some(a),
                    None => bad(&mut record),
                }
            }
            "fo" => {
                let valid =
                    value.split(':').all(|o| matches!(o.trim().to_ascii_lowercase().as_str(), "0" | "1" | "d" | "s"));
                match valid {
                    true => record.fo = Some(value.clone()),
                    false => bad(&mut record),
                }
            }
            "pct" => {
                record.legacy.push("pct".into());
                match value.parse::<u8>() {
                    Ok(n) if n <= 100 => record.pct = Some(n),
                    _ => bad(&mut record),
                }
            }
            "rf" => {
                record.legacy.push("rf".into());
                if value.split(':').any(|f| f.trim().is_empty() || !f.trim().chars().all(|c| c.is_ascii_alphanumeric()))
                {
                    bad(&mut record);
                }
            }
            "ri" => {
                record.legacy.push("ri".into());
                if value.parse::<u32>().is_err() {
                    bad(&mut record);
                }
            }
            "rua" | "ruf" => {
                let uris: Vec<ReportUri> =
                    value.split(',').filter(|u| !u.trim().is_empty()).map(ReportUri::parse).collect();
                if uris.iter().any(|u| u.size.is_some()) && !record.legacy.iter().any(|l| l == "!size") {
                    record.legacy.push("!size".into());
                }
                if uris.is_empty() {
                    bad(&mut record);
                }
                match name.as_str() {
                    "rua" => record.rua = uris,
                    _ => record.ruf = uris,
                }
            }
            "t" => match value.to_ascii_lowercase().as_str() {
                "y" => record.t = Some(true),
                "n" => record.t = Some(false),
                _ => bad(&mut record),
            },
            "psd" => match value.to_ascii_lowercase().as_str() {
                "y" => record.psd = Some(Psd::Yes),
                "n" => record.psd = Some(Psd::No),
                "u" => record.psd = Some(Psd::Unknown),
                _ => bad(&mut record),
            },
            _ => record.ignored.push(name.clone()),
        }
    }
    if !seen.iter().any(|t| t == "p") {
        record.legacy.push("p".into());
    }
    record.problems.sort_by_key(|p| p.position);
    record
}

/// Splits the record into tag parts at `;`, and also where a tag follows a value after a
/// space without `;` (`p=none rua=…`), noting those. Returns each part with its 0-based
/// character offset.
fn split_tags(ascii: &[char], problems: &mut Vec<Located>) -> Vec<(usize, String)> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i <= ascii.len() {
        if i == ascii.len() || ascii[i] == ';' {
            let part: String = ascii[start..i].iter().collect();
            if !part.trim().is_empty() {
                parts.push((start, part));
            }
            start = i + 1;
        } else if ascii[i].is_whitespace() && ascii[start..i].contains(&'=') {
            // Whitespace inside a value: is the rest `name=` ?
            let mut j = i;
            while j < ascii.len() && ascii[j].is_whitespace() {
                j += 1;
            }
            let name_start = j;
            while j < ascii.len() && ascii[j].is_ascii_alphabetic() {
                j += 1;
            }
            let name_end = j;
            while j < ascii.len() && ascii[j].is_whitespace() {
                j += 1;
            }
            if name_end > name_start && j < ascii.len() && ascii[j] == '=' {
                let part: String = ascii[start..i].iter().collect();
                parts.push((start, part));
                let tag: String = ascii[name_start..name_end].iter().collect::<String>().to_ascii_lowercase();
                problems.push(Located { position: name_start + 1, problem: SyntaxProblem::MissingSemicolon { tag } });
                start = name_start;
                i = name_start;
                continue;
            }
        }
        i += 1;
    }
    parts
}

impl DmarcRecord {
    /// The policy for the record's own domain: `p`, or `none` when missing or invalid (RFC
    /// 9989 reads a missing `p` as `none`; RFC 7489 §6.6.3 acts as `p=none` when `p` is
    /// invalid and `rua` valid, and applies nothing otherwise, which protects no better).
    pub fn policy(&self) -> Policy {
        self.p.unwrap_or(Policy::None)
    }

    /// The policy for subdomains: `sp`, else `p`. An `sp` that is there but not valid is not
    /// replaced by `p`: receivers then act as `p=none` at best (RFC 7489 §6.6.3 step 6, kept by
    /// RFC 9989 for `sp` and `np`), so subdomains are not protected.
    pub fn subdomain_policy(&self) -> Policy {
        match self.sp {
            Some(sp) => sp,
            None if self.has_tag("sp") => Policy::None,
            None => self.policy(),
        }
    }

    /// The policy for subdomains that do not exist (RFC 9989): `np`, else `sp`, else `p`; an
    /// invalid `np` protects nothing, as an invalid `sp` does.
    pub fn nonexistent_policy(&self) -> Policy {
        match self.np {
            Some(np) => np,
            None if self.has_tag("np") => Policy::None,
            None => self.subdomain_policy(),
        }
    }

    /// Whether the record has tag `name` (lowercase), valid or not.
    fn has_tag(&self, name: &str) -> bool {
        self.tags.iter().any(|(tag, _)| tag == name)
    }

    /// The record with `p` set to `policy`, without an `sp`/`np` weaker than it (subdomains
    /// then inherit `p`) and without the tags RFC 9989 removed or that hold back enforcement
    /// (`pct`, `t`, `rf`, `ri`); other tags kept in order.
    pub fn with_policy(&self, policy: Policy) -> String {
        let mut parts = vec!["v=DMARC1".to_string(), format!("p={}", policy.as_str())];
        for (name, value) in &self.tags {
            let weaker = matches!(name.as_str(), "sp" | "np") && Policy::parse(value).is_some_and(|p| p < policy);
            if !weaker && !matches!(name.as_str(), "v" | "p" | "pct" | "t" | "rf" | "ri") {
                parts.push(format!("{name}={value}"));
            }
        }
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(usize, SyntaxProblem)> {
        parse(text).problems.into_iter().map(|l| (l.position, l.problem)).collect()
    }

    #[test]
    fn a_good_record_reads_without_problems() {
        let r = parse("v=DMARC1; p=reject; sp=quarantine; np=reject; adkim=s; aspf=r; fo=1:d; t=n; psd=n; rua=mailto:d@example.com,mailto:x@rep.example.net!10m");
        assert_eq!(r.problems, vec![]);
        assert_eq!((r.p, r.sp, r.np), (Some(Policy::Reject), Some(Policy::Quarantine), Some(Policy::Reject)));
        assert_eq!(
            (r.adkim, r.aspf, r.t, r.psd),
            (Some(Alignment::Strict), Some(Alignment::Relaxed), Some(false), Some(Psd::No))
        );
        assert_eq!(r.rua.len(), 2);
        assert_eq!(r.rua[1].domain.as_deref(), Some("rep.example.net"));
        assert_eq!(r.rua[1].size.as_deref(), Some("10m"));
        assert_eq!(r.legacy, ["!size"]);
        assert!(starts_with_version(&r.text));
    }

    #[test]
    fn full_width_semicolons_are_reported_where_they_are_and_read_as_ascii() {
        let text = "v=DMARC1；p=reject；rua=mailto:d@example.com";
        assert_eq!(
            problems(text),
            vec![
                (9, SyntaxProblem::WideCharacter { found: '；', ascii: ';' }),
                (18, SyntaxProblem::WideCharacter { found: '；', ascii: ';' }),
            ]
        );
        let r = parse(text);
        assert_eq!(r.p, Some(Policy::Reject));
        assert!(!starts_with_version(text), "receivers do not read `；` as a separator");
        assert!(looks_like_dmarc(text));
    }

    #[test]
    fn a_missing_semicolon_is_found_before_the_next_tag() {
        assert_eq!(
            problems("v=DMARC1; p=none rua=mailto:d@example.com"),
            vec![(18, SyntaxProblem::MissingSemicolon { tag: "rua".into() })]
        );
        assert_eq!(parse("v=DMARC1; p=none rua=mailto:d@example.com").rua.len(), 1);
    }

    #[test]
    fn odd_input_is_read_without_panicking() {
        let pieces = [
            "", ";", "=", "v", "v=", "DMARC1", "；", "\u{3000}", " ", "p=", "rua=", "mailto:", "@", "!", ",", "\"",
            "策", "x=y",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}{c}");
                    let record = parse(&text);
                    assert!(
                        record.problems.iter().all(|p| p.position >= 1 && p.position <= text.chars().count().max(1)),
                        "{text:?}"
                    );
                    let _ = (starts_with_version(&text), looks_like_dmarc(&text), record.with_policy(Policy::Reject));
                }
            }
        }
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        // A no-break space (two bytes in UTF-8) before the bad tag must count as one.
        assert_eq!(
            problems("v=DMARC1;\u{a0}p=bad"),
            vec![(11, SyntaxProblem::BadValue { tag: "p".into(), value: "bad".into() })]
        );
        assert_eq!(problems("v=DMARC1; 策略=reject; p=x").last().map(|p| p.0), Some(22));
    }

    #[test]
    fn version_problems_are_reported_first() {
        assert_eq!(problems(" v=DMARC1; p=none")[0], (1, SyntaxProblem::LeadingSpace));
        assert_eq!(problems("v=dmarc1; p=none"), vec![(1, SyntaxProblem::BadVersion { value: "dmarc1".into() })]);
        assert_eq!(problems("p=none; v=DMARC1")[0], (1, SyntaxProblem::VersionNotFirst));
        assert!(!starts_with_version("v=dmarc1; p=none"));
        assert!(starts_with_version("v = DMARC1 ; p=none"));
        assert!(!starts_with_version("v=DMARC10"));
        assert!(!looks_like_dmarc("v=spf1 -all"));
    }

    #[test]
    fn bad_values_duplicates_and_unknown_tags() {
        let r = parse("v=DMARC1; p=rejected; p=none; adkim=x; pct=150; fo=2; t=yes; psd=maybe; polcy=reject");
        let kinds: Vec<_> = r.problems.iter().map(|l| l.problem.clone()).collect();
        assert!(kinds.contains(&SyntaxProblem::BadValue { tag: "p".into(), value: "rejected".into() }));
        assert!(kinds.contains(&SyntaxProblem::Duplicate { tag: "p".into() }));
        for tag in ["adkim", "pct", "fo", "t", "psd"] {
            assert!(kinds.iter().any(|k| matches!(k, SyntaxProblem::BadValue { tag: t, .. } if t == tag)), "{tag}");
        }
        assert_eq!(r.p, None);
        assert_eq!(r.policy(), Policy::None);
        assert_eq!(r.ignored, ["polcy"]);
    }

    #[test]
    fn legacy_tags_and_a_missing_p_are_noted() {
        let r = parse("v=DMARC1; pct=50; rf=afrf; ri=86400; rua=mailto:d@example.com");
        assert_eq!(r.legacy, ["pct", "rf", "ri", "p"]);
        assert_eq!(r.pct, Some(50));
        assert_eq!(r.problems, vec![]);
    }

    #[test]
    fn report_uris_need_mailto_and_a_full_address() {
        let r = parse("v=DMARC1; p=none; rua=admin@example.com, https://r.example.net/x, mailto:nobody, mailto:ok@example.org?subject=x");
        let found: Vec<_> = r.rua.iter().map(|u| u.problem.clone()).collect();
        assert_eq!(
            found,
            [Some(UriProblem::NoScheme), Some(UriProblem::NotMailto), Some(UriProblem::BadAddress), None]
        );
        assert_eq!(r.rua[3].address.as_deref(), Some("ok@example.org"));
    }

    #[test]
    fn inherited_policies_and_the_next_step_record() {
        let r = parse("v=DMARC1; p=reject; rua=mailto:d@example.com");
        assert_eq!((r.subdomain_policy(), r.nonexistent_policy()), (Policy::Reject, Policy::Reject));
        // A misspelt sp or np is not replaced by p: receivers read the record as p=none at best
        // (RFC 7489 §6.6.3 step 6), so the subdomains it names are not protected.
        let r = parse("v=DMARC1; p=reject; sp=quarantin; rua=mailto:d@example.com");
        assert_eq!((r.subdomain_policy(), r.nonexistent_policy()), (Policy::None, Policy::None));
        let r = parse("v=DMARC1; p=reject; np=block; rua=mailto:d@example.com");
        assert_eq!((r.subdomain_policy(), r.nonexistent_policy()), (Policy::Reject, Policy::None));
        let r = parse("v=DMARC1; p=none; pct=0; rua=mailto:d@example.com; fo=1");
        assert_eq!(r.with_policy(Policy::Quarantine), "v=DMARC1; p=quarantine; rua=mailto:d@example.com; fo=1");
        let r = parse("v=DMARC1; p=reject; sp=none; np=reject; rua=mailto:d@example.com");
        assert_eq!(r.with_policy(Policy::Reject), "v=DMARC1; p=reject; np=reject; rua=mailto:d@example.com");
    }
}
