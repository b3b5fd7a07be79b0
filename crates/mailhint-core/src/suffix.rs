//! Public suffixes ("com", "co.uk", "github.io") and registrable domains ("eTLD+1"), from the
//! Public Suffix List in `data/public-suffix-list.txt`.
//!
//! The list is compiled in with the `builtin-psl` feature (the default: the CLI, the tests, the
//! extension's full module); without it the host hands its text over once with [`set_list`]
//! before linting (the extension's compose module, which ships the list as a file).
//!
//! The `psl` crate answers the same questions from the same list, but compiles it into about
//! 900 KB of matching code, a fifth of the WebAssembly module (~200 KB gzipped). Its sibling
//! `publicsuffix` keeps the list as text (48 KB gzipped) and parses it on first use (a few
//! milliseconds). The list carries the punycode form of each Unicode rule as `psl` does, so the
//! answers are the same for every name: the tests below compare the two around every rule.

use publicsuffix::Psl;

/// The list, parsed on first use by the `publicsuffix` crate (the `psl` crate's sibling, which
/// reads the list's text instead of compiling it into code).
#[cfg(feature = "builtin-psl")]
static LIST: std::sync::LazyLock<publicsuffix::List> = std::sync::LazyLock::new(|| {
    include_str!("../data/public-suffix-list.txt").parse().expect("the bundled list parses")
});

/// The list the host handed over with [`set_list`].
#[cfg(not(feature = "builtin-psl"))]
static LIST: std::sync::OnceLock<publicsuffix::List> = std::sync::OnceLock::new();

#[cfg(feature = "builtin-psl")]
fn list() -> &'static publicsuffix::List {
    &LIST
}

/// Before [`set_list`], an empty list: every name's suffix is its last label (not "known").
#[cfg(not(feature = "builtin-psl"))]
fn list() -> &'static publicsuffix::List {
    LIST.get_or_init(publicsuffix::List::new)
}

/// Hands over the text of the Public Suffix List (`data/public-suffix-list.txt`'s format), for
/// builds without the `builtin-psl` feature; once, before linting. Returns whether the list is
/// set now (false: the text is no list, with no rule for `com`, or a list was set or used before).
#[cfg(not(feature = "builtin-psl"))]
pub fn set_list(text: &str) -> bool {
    match text.parse::<publicsuffix::List>() {
        Ok(list) if list.suffix(b"com").is_some_and(|s| s.is_known()) => LIST.set(list).is_ok(),
        _ => false,
    }
}

/// With the list compiled in, [`set_list`] has nothing to do.
#[cfg(feature = "builtin-psl")]
pub fn set_list(_text: &str) -> bool {
    true
}

/// Whether a list is there: compiled in, or handed over with [`set_list`].
#[cfg(feature = "builtin-psl")]
pub fn has_list() -> bool {
    true
}

/// Whether a list is there: compiled in, or handed over with [`set_list`].
#[cfg(not(feature = "builtin-psl"))]
pub fn has_list() -> bool {
    LIST.get().is_some_and(|l| l.suffix(b"com").is_some_and(|s| s.is_known()))
}

/// The public suffix of a domain name, as [`suffix`] finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suffix<'a> {
    name: &'a str,
    known: bool,
}

impl<'a> Suffix<'a> {
    /// The suffix, a tail of the name (with the name's trailing dot, if it has one).
    pub fn as_str(&self) -> &'a str {
        self.name
    }

    /// Whether a rule of the list gave the suffix, rather than the implicit "last label" rule
    /// for names under no listed suffix (`x.notatld`).
    pub fn is_known(&self) -> bool {
        self.known
    }
}

/// The public suffix of `name` (lowercase; punycode or Unicode labels, as the list spells them),
/// or `None` for a name with no suffix at all (`""`).
pub fn suffix(name: &str) -> Option<Suffix<'_>> {
    let found = list().suffix(name.as_bytes())?;
    let len = found.as_bytes().len();
    Some(Suffix { name: name.get(name.len().checked_sub(len)?..)?, known: found.is_known() })
}

/// The registrable domain of `name`: its public suffix and one more label (`shop.example.co.uk`
/// → `example.co.uk`), or `None` when the name is a suffix itself.
pub fn domain(name: &str) -> Option<&str> {
    let found = list().domain(name.as_bytes())?;
    name.get(name.len().checked_sub(found.as_bytes().len())?..)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ours and the `psl` crate's answers for one name, side by side.
    fn same_as_psl(name: &str) -> Result<(), String> {
        let ours = suffix(name).map(|s| (s.as_str(), s.is_known()));
        let theirs = psl::suffix(name.as_bytes()).map(|s| (std::str::from_utf8(s.as_bytes()).unwrap(), s.is_known()));
        let our_domain = domain(name);
        let their_domain = psl::domain(name.as_bytes()).map(|d| std::str::from_utf8(d.as_bytes()).unwrap());
        if ours == theirs && our_domain == their_domain {
            Ok(())
        } else {
            Err(format!("{name:?}: suffix {ours:?} vs psl {theirs:?}, domain {our_domain:?} vs psl {their_domain:?}"))
        }
    }

    #[test]
    fn answers_like_the_psl_crate_for_every_rule_and_the_names_around_it() {
        let text = include_str!("../data/public-suffix-list.txt");
        let rules: Vec<&str> = text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
        assert!(rules.len() > 10_000, "the list looks truncated: {} rules", rules.len());
        let mut failures = Vec::new();
        let mut checked = 0;
        for rule in &rules {
            let name = rule.trim_start_matches("*.").trim_start_matches('!');
            let mut names = vec![name.to_string()];
            for prefix in ["x", "www", "a.b", "city", "*", ""] {
                names.push(format!("{prefix}.{name}"));
            }
            if let Some((_, parent)) = name.split_once('.') {
                names.push(parent.to_string());
                names.push(format!("zz.{parent}"));
                names.push(format!("q.zz.{parent}"));
            }
            for name in names {
                for name in [name.clone(), format!("{name}."), format!("shop.{name}.")] {
                    checked += 1;
                    if let Err(e) = same_as_psl(&name) {
                        failures.push(e);
                    }
                }
            }
        }
        assert!(checked > 200_000, "{checked}");
        assert!(
            failures.is_empty(),
            "{} differences, first: {:#?}",
            failures.len(),
            &failures[..failures.len().min(10)]
        );
    }

    #[test]
    fn answers_like_the_psl_crate_for_odd_names() {
        for name in [
            "",
            ".",
            "..",
            "com",
            "com.",
            ".com",
            "a..com",
            "a.com..",
            "localhost",
            "x.localhost",
            "中国",
            "公司.cn",
            "例子.公司.cn",
            "xn--fiqs8s",
            "192.168.0.1",
            "[::1]",
            "ck",
            "www.ck",
            "a.www.ck",
            "foo.ck",
            "b.foo.ck",
            "kawasaki.jp",
            "city.kawasaki.jp",
            "x.city.kawasaki.jp",
            "x.kawasaki.jp",
            "EXAMPLE.COM",
            "a b.com",
        ] {
            same_as_psl(name).unwrap();
        }
    }

    #[test]
    fn finds_suffixes_and_registrable_domains() {
        assert_eq!(domain("shop.example.co.uk"), Some("example.co.uk"));
        assert_eq!(domain("co.uk"), None);
        assert_eq!(domain("x.blogspot.com"), Some("x.blogspot.com"));
        assert!(suffix("x.com").unwrap().is_known());
        assert!(!suffix("x.notatld").unwrap().is_known());
        assert_eq!(suffix("a.b.ck").unwrap().as_str(), "b.ck");
        assert_eq!(suffix("www.ck").unwrap().as_str(), "ck");
        assert_eq!(suffix(""), None);
    }
}
