//! L05 `lookalike-url`: a link's host uses look-alike letters from another script, or the link
//! contains invisible or direction-changing characters.

use std::collections::HashSet;

use unicode_script::{Script, UnicodeScript};

use super::urls;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// L05.
pub(crate) static RULE: Rule = Rule {
    code: "L05",
    name: "lookalike-url",
    category: Category::Links,
    severity: Severity::Critical,
    cap: None,
    summary: L10n {
        en: "A link contains look-alike or invisible characters",
        zh: "链接中含有形近字符或不可见字符",
    },
    fix: L10n {
        en: "This link contains look-alike or invisible characters: type the address again by hand on an English keyboard.",
        zh: "此链接含有形近字符或不可见字符，请在英文输入法下手动重新输入网址。",
    },
    doc: doc! {
        en: r#"## What it does
Checks every link (HTML anchors, their text when it shows an address, and URLs typed as text)
for two things, at 5.0 points per link:

- **Look-alike host names.** The host is decoded from Punycode (`xn--…`) and each label is
  checked the way Unicode's UTS #39 "highly restrictive" profile and browsers do: a label may use
  one script, or Latin together with Chinese, Japanese or Korean. A label mixing Latin with
  Cyrillic or Greek (`аpple.com` with a Cyrillic `а`) fires, and so does a label written
  entirely in Cyrillic or Greek letters that look Latin (`рау.com`) under a non-Cyrillic
  top-level domain. Genuine internationalised names (`中国制造.com`, `пример.рф`, `münchen.de`)
  pass.
- **Invisible and direction-changing characters** anywhere in the address: zero-width
  space/joiners, word joiner, byte-order mark, soft hyphen, and the bidirectional overrides and
  isolates (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F), also when percent-encoded in the host.

## Why it matters
These characters make an address look like another one, which is only ever done to deceive.
Rspamd scores `OMOGRAPH_URL` 5.0, `URL_HOMOGRAPH_ATTACK` 5.0, `URL_RTL_OVERRIDE` 6.0 and
`URL_ZERO_WIDTH_SPACES` 7.0; Gmail shows IDN look-alikes in Punycode and warns. Honest senders
get them by copying addresses from chat apps or PDFs, or typing with a Cyrillic or Greek
keyboard layout.

## Example
`https://xn--80ak6aa92e.com/` (shown as `аррӏе.com`, all Cyrillic) fires; `https://apple.com/`
does not.

## How to fix
Delete the link and type the address again by hand, with an English keyboard layout.

## References
- Rspamd `conf/scores.d/url_suspect_group.conf` (`URL_HOMOGRAPH_ATTACK`, `URL_ZERO_WIDTH_SPACES`,
  `URL_RTL_OVERRIDE`), `rules/misc.lua` `OMOGRAPH_URL`
- Unicode Technical Standard #39, Unicode Security Mechanisms, §5.2 restriction levels
- Chromium, IDN display policy (chromium.org/developers/design-documents/idn-in-google-chrome)
"#,
        zh: r#"## 检查什么
检查每个链接（HTML 链接、显示为网址的链接文字，以及正文中直接写出的网址）的两类问题，每个链接计 5.0 分：

- **形近域名。** 先把主机名从 Punycode（`xn--…`）解码，再像 Unicode UTS #39 的"高度限制"规则和浏览器那样逐段检查：
  每一段只能使用一种文字，或者拉丁字母加中文、日文或韩文。拉丁字母与西里尔字母或希腊字母混用的域名段（如含
  西里尔字母 `а` 的 `аpple.com`）会触发；整段都用长得像拉丁字母的西里尔或希腊字母、而顶级域名又不是西里尔文的
  （如 `рау.com`）也会触发。正常的国际化域名（`中国制造.com`、`пример.рф`、`münchen.de`）不受影响。
- **不可见字符和改变文字方向的字符**：零宽空格/零宽连接符、词连接符、字节顺序标记、软连字符，以及双向文本覆盖和
  隔离字符（U+202A–U+202E、U+2066–U+2069、U+200E、U+200F），主机名中以百分号编码出现的也算。

## 为什么重要
这些字符能让一个地址看起来像另一个地址，用途只有欺骗。Rspamd 对 `OMOGRAPH_URL` 计 5.0 分、`URL_HOMOGRAPH_ATTACK`
5.0 分、`URL_RTL_OVERRIDE` 6.0 分、`URL_ZERO_WIDTH_SPACES` 7.0 分；Gmail 会把形近的国际化域名显示成 Punycode 并
发出警告。正常发件人出现这种问题，多半是从聊天软件或 PDF 里复制了网址，或者在俄文、希腊文输入法下输入的。

## 示例
`https://xn--80ak6aa92e.com/`（显示为全部由西里尔字母组成的 `аррӏе.com`）会触发；`https://apple.com/` 不会。

## 如何修改
删除这个链接，在英文输入法下手动重新输入网址。

## 参考
- Rspamd `conf/scores.d/url_suspect_group.conf`（`URL_HOMOGRAPH_ATTACK`、`URL_ZERO_WIDTH_SPACES`、
  `URL_RTL_OVERRIDE`），`rules/misc.lua` 的 `OMOGRAPH_URL`
- Unicode 技术标准 #39《Unicode 安全机制》§5.2 限制级别
- Chromium 国际化域名显示策略（chromium.org/developers/design-documents/idn-in-google-chrome）
"#,
    },
    check,
};

fn check(a: &Analysis, out: &mut Hits) {
    let mut seen = HashSet::new();
    for t in urls::targets(a) {
        if !seen.insert((t.href, t.text)) {
            continue;
        }
        // The text matters only when it shows an address: invisible characters in ordinary
        // words are another rule's business.
        let text_is_address = t.anchor && looks_like_address(t.text);
        let invisible = invisible_char(t.href).or_else(|| text_is_address.then(|| invisible_char(t.text)).flatten());
        if let Some(c) = invisible {
            let name = char_name(c);
            out.add(5.0, Part::Links).at(t.span.clone()).say(
                format!("This link contains an invisible character ({name}, U+{:04X})", c as u32),
                format!("此链接中含有不可见字符（{name}，U+{:04X}）", c as u32),
            );
            continue;
        }
        let hosts = [Some(t.href), text_is_address.then_some(t.text)];
        for raw in hosts.into_iter().flatten() {
            let Some(url) = urls::parse(raw).filter(urls::Url::is_web) else { continue };
            let decoded = urls::percent_decode(&url.host);
            if let Some(c) = invisible_char(&decoded) {
                let name = char_name(c);
                out.add(5.0, Part::Links).at(t.span.clone()).say(
                    format!("This link's host hides an invisible character ({name})"),
                    format!("此链接的主机名中藏有不可见字符（{name}）"),
                );
                break;
            }
            let unicode = urls::host_to_unicode(&decoded);
            if let Some(problem) = lookalike(&unicode) {
                let (en, zh) = match problem {
                    Problem::Mixed(s1, s2) => (
                        format!(
                            "The address {unicode} mixes {} and {} letters that look alike",
                            s1.full_name(),
                            s2.full_name()
                        ),
                        format!("网址 {unicode} 混用了 {} 和 {} 两种形近字母", zh_script(s1), zh_script(s2)),
                    ),
                    Problem::WholeScript(s) => (
                        format!(
                            "The address {unicode} is written in {} letters that look like Latin ones",
                            s.full_name()
                        ),
                        format!("网址 {unicode} 是用长得像拉丁字母的{}字母写的", zh_script(s)),
                    ),
                };
                out.add(5.0, Part::Links).at(t.span.clone()).say(en, zh);
                break;
            }
        }
    }
}

/// Whether a link's text shows an address (so that what it looks like matters).
fn looks_like_address(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && !text.contains(' ')
        && (text.contains("://") || text.to_lowercase().starts_with("www.") || text.contains('.'))
}

/// The first invisible or direction-changing character of `s`.
fn invisible_char(s: &str) -> Option<char> {
    s.chars().find(|c| {
        matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}')
    })
}

fn char_name(c: char) -> &'static str {
    match c {
        '\u{200B}' => "zero-width space",
        '\u{200C}' => "zero-width non-joiner",
        '\u{200D}' => "zero-width joiner",
        '\u{200E}' | '\u{200F}' => "direction mark",
        '\u{202A}'..='\u{202E}' => "direction override",
        '\u{2066}'..='\u{2069}' => "direction isolate",
        '\u{FEFF}' => "byte-order mark",
        '\u{00AD}' => "soft hyphen",
        _ => "invisible formatting character",
    }
}

/// What makes a host a look-alike.
#[derive(Debug, PartialEq)]
enum Problem {
    /// A label mixes two scripts that UTS #39 does not allow together.
    Mixed(Script, Script),
    /// A label is all Cyrillic or Greek letters that look Latin, under a non-Cyrillic TLD.
    WholeScript(Script),
}

/// Cyrillic and Greek letters that look like Latin ones (Chromium's whole-script confusable
/// sets, lower case, as hosts are lowercased).
const LATIN_LOOKALIKES: &str = "асԁеһіјӏорԛѕԝхуьԍҽгпѵѡαοριυν";

/// Whether the host `unicode` (decoded from Punycode) is a look-alike.
fn lookalike(unicode: &str) -> Option<Problem> {
    let labels: Vec<&str> = unicode.trim_end_matches('.').split('.').collect();
    let tld_is_ascii = labels.last().is_some_and(|l| l.is_ascii());
    for label in &labels {
        if label.is_ascii() {
            continue;
        }
        let mut scripts: Vec<Script> = Vec::new();
        for c in label.chars() {
            let s = c.script();
            if !matches!(s, Script::Common | Script::Inherited | Script::Unknown) && !scripts.contains(&s) {
                scripts.push(s);
            }
        }
        if scripts.len() > 1 && !allowed_together(&scripts) {
            let odd = scripts.iter().copied().find(|s| *s != Script::Latin).unwrap_or(scripts[1]);
            let other = if odd == scripts[0] { scripts[1] } else { scripts[0] };
            return Some(Problem::Mixed(other, odd));
        }
        if let [s @ (Script::Cyrillic | Script::Greek)] = scripts[..] {
            let letters = label.chars().filter(|c| c.is_alphabetic());
            let all_lookalike = letters.clone().count() > 0 && letters.clone().all(|c| LATIN_LOOKALIKES.contains(c));
            if all_lookalike && tld_is_ascii {
                return Some(Problem::WholeScript(s));
            }
        }
    }
    None
}

/// UTS #39 "highly restrictive": one script, or Latin with Han and Japanese kana, Han and
/// Bopomofo, or Han and Hangul.
fn allowed_together(scripts: &[Script]) -> bool {
    let sets: [&[Script]; 3] = [
        &[Script::Latin, Script::Han, Script::Hiragana, Script::Katakana],
        &[Script::Latin, Script::Han, Script::Bopomofo],
        &[Script::Latin, Script::Han, Script::Hangul],
    ];
    sets.iter().any(|set| scripts.iter().all(|s| set.contains(s)))
}

fn zh_script(s: Script) -> &'static str {
    match s {
        Script::Latin => "拉丁",
        Script::Cyrillic => "西里尔",
        Script::Greek => "希腊",
        Script::Han => "汉字",
        Script::Armenian => "亚美尼亚",
        Script::Cherokee => "切罗基",
        _ => "其他文字",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_host(host: &str) -> Option<Problem> {
        lookalike(&urls::host_to_unicode(host))
    }

    #[test]
    fn homographs_and_honest_idns() {
        assert!(matches!(check_host("xn--pple-43d.com"), Some(Problem::Mixed(Script::Latin, Script::Cyrillic))));
        assert_eq!(check_host("xn--80ak6aa92e.com"), Some(Problem::WholeScript(Script::Cyrillic)));
        assert_eq!(check_host("пример.рф"), None);
        assert_eq!(check_host("münchen.de"), None);
        assert_eq!(check_host("中国制造.com"), None);
        assert_eq!(check_host("abc中文.com"), None);
        assert_eq!(check_host("x-lighting.com"), None);
    }

    /// The L05 findings of an HTML draft with this link.
    fn l05(href: &str, text: &str) -> Vec<String> {
        let draft = serde_json::json!({
            "subject": "Our catalogue",
            "to": ["maria@acme.example"],
            "html": format!("<p>Hi Maria, the catalogue: <a href=\"{href}\">{text}</a></p>"),
        });
        let options = crate::Options { only: Some("L05"), ..crate::Options::default() };
        let report = crate::check_bytes(draft.to_string().as_bytes(), &options).unwrap();
        report.findings.into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn the_rule_on_idn_and_punycode_hosts() {
        // Honest internationalised names, in Unicode and in Punycode (any case), pass.
        assert!(l05("https://münchen.de/katalog", "our catalogue").is_empty());
        assert!(l05("https://XN--MNCHEN-3YA.DE/katalog", "xn--mnchen-3ya.de").is_empty());
        assert!(l05("https://例子.中国/", "例子.中国").is_empty());
        assert!(l05("https://xn--fsqu00a.xn--fiqs8s/", "our catalogue").is_empty());
        // Look-alikes: decoded from Punycode, or written in Unicode (upper case too).
        let mixed = l05("https://xn--pple-43d.com/", "our catalogue");
        assert_eq!(mixed.len(), 1);
        assert!(
            mixed[0].contains("аpple.com") && mixed[0].contains("Latin") && mixed[0].contains("Cyrillic"),
            "{mixed:?}"
        );
        let whole = l05("https://xn--80ak6aa92e.com/", "our catalogue");
        assert!(whole.len() == 1 && whole[0].contains("аррӏе.com"), "{whole:?}");
        assert_eq!(l05("https://АРРЕ.com/", "our catalogue").len(), 1);
        assert_eq!(
            l05("https://x-lighting.com/", "https://xn--80ak6aa92e.com/").len(),
            1,
            "the text shows a look-alike"
        );
    }

    #[test]
    fn invisible_characters() {
        assert_eq!(invisible_char("https://x-lighting.com/\u{200B}a"), Some('\u{200B}'));
        assert_eq!(invisible_char("https://x-lighting.com/a"), None);
    }
}
