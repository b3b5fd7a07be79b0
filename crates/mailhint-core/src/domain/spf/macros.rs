//! SPF macros (RFC 7208 §7): `%{d}`, `%{ir}.%{v}.arpa`, `%{l2r-}`, the escapes `%%`, `%_`,
//! `%-`. Parsed once with the record (a bad macro makes the whole record a permerror, so the
//! linter must find it before any lookup), expanded during evaluation.

use serde::Serialize;

use crate::report::Lang;

/// Where a macro-string appears: the letters `c`, `r`, `t` are allowed only in the text of an
/// explanation (the TXT record that `exp=` points at), and only there may spaces appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MacroUse {
    /// A domain-spec (`include:`, `a:`, `exists:`, `redirect=`, `exp=`) or an unknown
    /// modifier's value.
    Domain,
    /// The explanation text fetched from the `exp=` target.
    Explanation,
}

/// One `%{…}` macro.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Macro {
    /// The macro letter, lowercase (`s l o d i p h v`, and `c r t` in explanations).
    pub letter: char,
    /// The letter was uppercase: the expansion is URL-escaped.
    pub url_escape: bool,
    /// Keep only this many right-hand parts.
    pub keep: Option<usize>,
    /// Reverse the parts first (`r`).
    pub reverse: bool,
    /// Characters to split on (default `.`).
    pub delimiters: String,
}

/// A piece of a macro-string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum MacroPart {
    /// Text taken as is.
    Literal {
        /// The text.
        text: String,
    },
    /// `%%` (a percent sign), `%_` (a space) or `%-` (`%20`).
    Escape {
        /// What it stands for.
        text: &'static str,
    },
    /// A `%{…}` macro.
    Macro(Macro),
}

/// A parsed macro-string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MacroString {
    /// The text as written.
    pub source: String,
    /// Its pieces.
    pub parts: Vec<MacroPart>,
}

/// What is wrong with a macro.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum MacroErrorKind {
    /// `%` followed by something other than `{`, `%`, `_`, `-`.
    BadEscape {
        /// The character after `%`, if any.
        found: Option<char>,
    },
    /// `%{` without its `}`.
    Unclosed,
    /// A letter that is no macro (`%{x}`).
    UnknownLetter {
        /// The letter.
        letter: char,
    },
    /// `%{c}`, `%{r}`, `%{t}` outside an explanation.
    ExplanationOnly {
        /// The letter.
        letter: char,
    },
    /// `%{d0}`: the number of parts to keep must be at least 1.
    ZeroParts,
    /// A character that is neither a transformer nor a delimiter inside `%{…}`.
    BadDelimiter {
        /// The character.
        found: char,
    },
}

/// A macro error, with its byte range within the macro-string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MacroError {
    /// Byte offset of the `%` within the macro-string.
    pub start: usize,
    /// Byte offset just past the faulty macro.
    pub end: usize,
    /// What is wrong.
    #[serde(flatten)]
    pub kind: MacroErrorKind,
}

const LETTERS: &str = "slodiphv";
const EXPLANATION_LETTERS: &str = "crt";
const DELIMITERS: &str = ".-+,/_=";

impl MacroString {
    /// Parses `text` for its use; the first error stops the parse.
    pub fn parse(text: &str, usage: MacroUse) -> Result<MacroString, MacroError> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.char_indices().peekable();
        let flush = |literal: &mut String, parts: &mut Vec<MacroPart>| {
            if !literal.is_empty() {
                parts.push(MacroPart::Literal { text: std::mem::take(literal) });
            }
        };
        while let Some((start, c)) = chars.next() {
            if c != '%' {
                literal.push(c);
                continue;
            }
            let escape = match chars.next() {
                Some((_, '%')) => "%",
                Some((_, '_')) => " ",
                Some((_, '-')) => "%20",
                Some((_, '{')) => {
                    flush(&mut literal, &mut parts);
                    let close = text[start..].find('}').map(|i| start + i);
                    let Some(close) = close else {
                        return Err(MacroError { start, end: text.len(), kind: MacroErrorKind::Unclosed });
                    };
                    let body = &text[start + 2..close];
                    let m = parse_body(body, usage).map_err(|kind| MacroError { start, end: close + 1, kind })?;
                    parts.push(MacroPart::Macro(m));
                    while chars.peek().is_some_and(|&(i, _)| i <= close) {
                        chars.next();
                    }
                    continue;
                }
                other => {
                    let end = other.map_or(text.len(), |(i, c)| i + c.len_utf8());
                    return Err(MacroError {
                        start,
                        end,
                        kind: MacroErrorKind::BadEscape { found: other.map(|(_, c)| c) },
                    });
                }
            };
            flush(&mut literal, &mut parts);
            parts.push(MacroPart::Escape { text: escape });
        }
        flush(&mut literal, &mut parts);
        Ok(MacroString { source: text.to_string(), parts })
    }

    /// Whether any `%{…}` macro is in it (escapes do not count: they expand to constants).
    pub fn has_macros(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, MacroPart::Macro(_)))
    }

    /// Whether it ends with a macro-expand (`%{d}`, or an escape), which RFC 7208 accepts as a
    /// domain-spec's end in place of a top-level label.
    pub fn ends_with_macro(&self) -> bool {
        matches!(self.parts.last(), Some(MacroPart::Macro(_) | MacroPart::Escape { .. }))
    }

    /// The text when no macro needs a value (escapes expanded), else `None`.
    pub fn constant(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                MacroPart::Literal { text } => out.push_str(text),
                MacroPart::Escape { text } => out.push_str(text),
                MacroPart::Macro(_) => return None,
            }
        }
        Some(out)
    }

    /// Expands every macro with values from `value` (called with the lowercase letter; it may
    /// fail, e.g. `p` while its lookups are pending).
    pub fn expand<E>(&self, value: &mut dyn FnMut(char) -> Result<String, E>) -> Result<String, E> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                MacroPart::Literal { text } => out.push_str(text),
                MacroPart::Escape { text } => out.push_str(text),
                MacroPart::Macro(m) => {
                    let raw = value(m.letter)?;
                    out.push_str(&m.transform(&raw));
                }
            }
        }
        Ok(out)
    }
}

fn parse_body(body: &str, usage: MacroUse) -> Result<Macro, MacroErrorKind> {
    let mut chars = body.chars().peekable();
    let Some(first) = chars.next() else {
        return Err(MacroErrorKind::UnknownLetter { letter: '}' });
    };
    let letter = first.to_ascii_lowercase();
    if EXPLANATION_LETTERS.contains(letter) && first.is_ascii_alphabetic() {
        if usage != MacroUse::Explanation {
            return Err(MacroErrorKind::ExplanationOnly { letter: first });
        }
    } else if !(first.is_ascii_alphabetic() && LETTERS.contains(letter)) {
        return Err(MacroErrorKind::UnknownLetter { letter: first });
    }
    let mut digits = String::new();
    while let Some(&c) = chars.peek().filter(|c| c.is_ascii_digit()) {
        digits.push(c);
        chars.next();
    }
    let keep = match digits.is_empty() {
        true => None,
        // RFC 7208 §7.3 asks for at least 127 parts; a longer run of digits keeps all.
        false => match digits.parse::<usize>().unwrap_or(usize::MAX) {
            0 => return Err(MacroErrorKind::ZeroParts),
            n => Some(n),
        },
    };
    let reverse = chars.next_if(|c| c.eq_ignore_ascii_case(&'r')).is_some();
    let mut delimiters = String::new();
    for c in chars {
        if !DELIMITERS.contains(c) {
            return Err(MacroErrorKind::BadDelimiter { found: c });
        }
        delimiters.push(c);
    }
    Ok(Macro { letter, url_escape: first.is_ascii_uppercase(), keep, reverse, delimiters })
}

impl Macro {
    /// Applies the transformers (RFC 7208 §7.3): split on the delimiters, reverse, keep the
    /// rightmost parts, join with dots, URL-escape for an uppercase letter.
    pub fn transform(&self, value: &str) -> String {
        let delimiters = if self.delimiters.is_empty() { "." } else { self.delimiters.as_str() };
        let transformed = if self.keep.is_none() && !self.reverse && delimiters == "." {
            value.to_string()
        } else {
            let mut parts: Vec<&str> = value.split(|c| delimiters.contains(c)).collect();
            if self.reverse {
                parts.reverse();
            }
            if let Some(keep) = self.keep {
                let skip = parts.len().saturating_sub(keep);
                parts.drain(..skip);
            }
            parts.join(".")
        };
        match self.url_escape {
            true => url_escape(&transformed),
            false => transformed,
        }
    }
}

/// Percent-encodes every byte outside RFC 3986's unreserved set (RFC 7208 §7.3).
pub fn url_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl MacroError {
    /// What is wrong, in plain words.
    pub fn describe(&self, lang: Lang) -> String {
        use MacroErrorKind::*;
        match (&self.kind, lang) {
            (BadEscape { found: Some(c) }, Lang::En) => format!(
                "“%{c}” is not a macro: after “%” only “{{”, “%”, “_” or “-” may follow (write “%%” for a percent sign)"
            ),
            (BadEscape { found: Some(c) }, Lang::ZhCn) => {
                format!("“%{c}”不是合法的宏：“%”后面只能跟“{{”“%”“_”或“-”（要写百分号本身请用“%%”）")
            }
            (BadEscape { found: None }, Lang::En) => {
                "the record ends with a lone “%”: write “%%” for a percent sign".to_string()
            }
            (BadEscape { found: None }, Lang::ZhCn) => "记录以单独的“%”结尾：百分号本身要写成“%%”".to_string(),
            (Unclosed, Lang::En) => "a macro opened with “%{” is never closed with “}”".to_string(),
            (Unclosed, Lang::ZhCn) => "宏以“%{”开头，但缺少结尾的“}”".to_string(),
            (UnknownLetter { letter }, Lang::En) => format!(
                "“{letter}” is not a macro letter; use one of s, l, o, d, i, p, h, v (for example “%{{d}}” for the domain)"
            ),
            (UnknownLetter { letter }, Lang::ZhCn) => {
                format!("“{letter}”不是宏字母，只能用 s、l、o、d、i、p、h、v（例如“%{{d}}”表示域名）")
            }
            (ExplanationOnly { letter }, Lang::En) => format!(
                "“%{{{letter}}}” may only be used in the explanation text that exp= points to, not in the record itself"
            ),
            (ExplanationOnly { letter }, Lang::ZhCn) => {
                format!("“%{{{letter}}}”只能用在 exp= 指向的说明文字里，不能写在 SPF 记录本身")
            }
            (ZeroParts, Lang::En) => "a macro cannot keep 0 parts: the number must be 1 or more".to_string(),
            (ZeroParts, Lang::ZhCn) => "宏里的数字表示保留几段，不能是 0".to_string(),
            (BadDelimiter { found }, Lang::En) => format!(
                "“{found}” is not allowed inside a macro: after the letter only a number, “r” and the delimiters . - + , / _ = may follow"
            ),
            (BadDelimiter { found }, Lang::ZhCn) => {
                format!("宏里不能出现“{found}”：字母后面只能跟数字、“r”和分隔符 . - + , / _ =")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(text: &str, usage: MacroUse) -> String {
        let values = |c: char| -> Result<String, ()> {
            Ok(match c {
                's' => "strong-bad@email.example.com",
                'l' => "strong-bad",
                'o' => "email.example.com",
                'd' => "email.example.com",
                'i' => "192.0.2.3",
                'v' => "in-addr",
                'h' => "mx.example.org",
                'c' => "192.0.2.3",
                'r' => "receiver.example.net",
                't' => "1700000000",
                _ => "unknown",
            }
            .to_string())
        };
        MacroString::parse(text, usage).unwrap().expand(&mut { values }).unwrap()
    }

    #[test]
    fn expands_the_rfc_7208_section_7_4_examples() {
        let d = MacroUse::Domain;
        assert_eq!(expand("%{s}", d), "strong-bad@email.example.com");
        assert_eq!(expand("%{o}", d), "email.example.com");
        assert_eq!(expand("%{d}", d), "email.example.com");
        assert_eq!(expand("%{d4}", d), "email.example.com");
        assert_eq!(expand("%{d3}", d), "email.example.com");
        assert_eq!(expand("%{d2}", d), "example.com");
        assert_eq!(expand("%{d1}", d), "com");
        assert_eq!(expand("%{dr}", d), "com.example.email");
        assert_eq!(expand("%{d2r}", d), "example.email");
        assert_eq!(expand("%{l}", d), "strong-bad");
        assert_eq!(expand("%{l-}", d), "strong.bad");
        assert_eq!(expand("%{lr}", d), "strong-bad");
        assert_eq!(expand("%{lr-}", d), "bad.strong");
        assert_eq!(expand("%{l1r-}", d), "strong");
        assert_eq!(expand("%{ir}.%{v}._spf.%{d2}", d), "3.2.0.192.in-addr._spf.example.com");
        assert_eq!(expand("%{lr-}.lp._spf.%{d2}", d), "bad.strong.lp._spf.example.com");
        assert_eq!(expand("%{d2}.trusted-domains.example.net", d), "example.com.trusted-domains.example.net");
    }

    #[test]
    fn escapes_and_uppercase_letters_url_escape() {
        assert_eq!(expand("a%%b%_c%-d", MacroUse::Domain), "a%b c%20d");
        assert_eq!(expand("%{S}", MacroUse::Domain), "strong-bad%40email.example.com");
        assert_eq!(url_escape("~jack&jill=up"), "~jack%26jill%3Dup");
        assert_eq!(expand("%{c} at %{r} %{t}", MacroUse::Explanation), "192.0.2.3 at receiver.example.net 1700000000");
    }

    #[test]
    fn bad_macros_are_errors_with_their_position() {
        let err = |text: &str| MacroString::parse(text, MacroUse::Domain).unwrap_err();
        assert_eq!(err("%(ir).sbl.example.com").kind, MacroErrorKind::BadEscape { found: Some('(') });
        assert_eq!((err("foo%.x").start, err("foo%.x").end), (3, 5));
        assert_eq!(err("x%").kind, MacroErrorKind::BadEscape { found: None });
        assert_eq!(err("%{d").kind, MacroErrorKind::Unclosed);
        assert_eq!(err("%{a}.example.com").kind, MacroErrorKind::UnknownLetter { letter: 'a' });
        assert_eq!(err("%{r}.example.com").kind, MacroErrorKind::ExplanationOnly { letter: 'r' });
        assert_eq!(err("%{d0}").kind, MacroErrorKind::ZeroParts);
        assert_eq!(err("%{d2x}").kind, MacroErrorKind::BadDelimiter { found: 'x' });
        assert_eq!(err("%{}").kind, MacroErrorKind::UnknownLetter { letter: '}' });
        assert!(MacroString::parse("%{r}", MacroUse::Explanation).is_ok());
        for e in [err("%{a}"), err("x%"), err("%{d0}")] {
            assert!(!e.describe(Lang::En).is_empty() && !e.describe(Lang::ZhCn).is_empty());
        }
    }

    #[test]
    fn knows_a_constant_from_a_macro_and_where_a_domain_spec_ends() {
        let m = MacroString::parse("%{d}.d.spf.example.com", MacroUse::Domain).unwrap();
        assert!(m.has_macros() && !m.ends_with_macro() && m.constant().is_none());
        let c = MacroString::parse("spf.example.com", MacroUse::Domain).unwrap();
        assert_eq!(c.constant().as_deref(), Some("spf.example.com"));
        assert!(MacroString::parse("x.%{d}", MacroUse::Domain).unwrap().ends_with_macro());
    }
}
