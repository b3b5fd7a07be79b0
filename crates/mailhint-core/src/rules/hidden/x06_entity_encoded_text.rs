//! X06 `entity-encoded-text`: plain text written as a run of numeric HTML entities
//! (`&#102;&#114;&#101;&#101;…`).

use crate::analysis::Analysis;
use crate::limits;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

use super::excerpt;

/// X06.
pub(crate) static RULE: Rule = Rule {
    code: "X06",
    name: "entity-encoded-text",
    category: Category::Hidden,
    severity: Severity::Critical,
    cap: None,
    summary: L10n {
        en: "Plain text is encoded as a run of HTML entities", zh: "普通文字被编码成了一串 HTML 实体"
    },
    fix: L10n {
        en:
            "Text encoded as HTML entities is a classic evasion trick; write the text (or address) as plain characters.",
        zh: "用 HTML 实体编码文字是典型的躲避过滤手法，请把文字（或邮箱地址）直接写成普通字符。",
    },
    doc: doc! {
        en: r#"## What it does
Looks in the HTML source for ten or more numeric character references in a row that encode
plain ASCII characters (`&#102;&#114;&#101;&#101;…` or `&#x66;&#x72;…`, white space allowed
between them), SpamAssassin's `HTML_ENTITY_ASCII` pattern. The decoded text is quoted, and the
finding is placed where it shows in the body, or on the link whose address it is.

Refinement over the catalog: a run that decodes to no letter or digit (a row of encoded line
breaks or spaces, which some HTML exporters write) does not count; leading zeros
(`&#0102;`) are recognised too.

## Why it matters
There is no reason to encode ordinary letters as entities except to keep the words and
addresses away from filters that read the raw HTML. SpamAssassin scores it 3.0
(`HTML_ENTITY_ASCII`). "Email cloaking" plug-ins of web sites encode addresses this way, and
filters cannot tell them from spam.

## Example
`&#102;&#114;&#101;&#101;&#32;&#115;&#97;&#109;&#112;&#108;&#101;&#115;` ("free samples")
fires; `free samples` and `&nbsp;&copy;&eacute;` do not.

## How to fix
Write the text or the address as ordinary characters. If the HTML comes from a web page or a
template tool, turn off its e-mail cloaking option.

## References
- SpamAssassin `rulesrc/sandbox/jhardin/20_misc_testing.cf` `HTML_ENTITY_ASCII` (3.0)
"#,
        zh: r#"## 检查什么
在 HTML 源码中查找连续十个以上、编码普通 ASCII 字符的数字字符引用（如 `&#102;&#114;&#101;&#101;…` 或 `&#x66;&#x72;…`，
中间允许有空白），即 SpamAssassin `HTML_ENTITY_ASCII` 的匹配模式。结果会引用解码后的文字，并标在它在正文中显示的位置，
或以它为地址的链接上。

相对目录规则的改进：解码后不含任何字母或数字的序列（一些 HTML 导出工具会写出一串编码的换行或空格）不计；也能识别带前导零的写法（`&#0102;`）。

## 为什么重要
把普通字母编码成实体，除了让读取原始 HTML 的过滤器看不到其中的词语和地址之外，没有任何理由。SpamAssassin 对此计 3.0 分
（`HTML_ENTITY_ASCII`）。网站的"邮箱地址防抓取"插件也用这种方式编码地址，过滤器无法把它们和垃圾邮件区分开。

## 示例
`&#102;&#114;&#101;&#101;&#32;&#115;&#97;&#109;&#112;&#108;&#101;&#115;`（"free samples"）会触发；`free samples` 和 `&nbsp;&copy;&eacute;` 不会。

## 如何修改
把文字或地址写成普通字符。如果 HTML 来自网页或模板工具，请关闭其中的邮箱地址防抓取（e-mail cloaking）选项。

## 参考
- SpamAssassin `rulesrc/sandbox/jhardin/20_misc_testing.cf` `HTML_ENTITY_ASCII`（3.0 分）
"#,
    },
    check,
};

/// Points (catalog; SA `HTML_ENTITY_ASCII` 3.0).
const POINTS: f64 = 3.0;
/// Letters or digits a run must decode to.
const MIN_ALNUM: usize = 3;

fn check(a: &Analysis, out: &mut Hits) {
    let Some(source) = a.draft.html.as_deref() else {
        return;
    };
    let source = limits::clip(source, limits::MAX_BODY_BYTES);
    // Cheap test first: most HTML has no numeric references at all.
    if !source.contains("&#") {
        return;
    }
    let runs = crate::regex!(r"(?i)(?:&#(?:0*(?:\d{1,2}|1[01]\d|12[0-7])|x0*[0-7]?[0-9a-f])\s*;\s*){10,}");
    let decoded: Vec<String> = runs
        .find_iter(source)
        .map(|m| decode(m.as_str()))
        .filter(|d| d.chars().filter(|c| c.is_alphanumeric()).count() >= MIN_ALNUM)
        .collect();
    let Some(first) = decoded.first() else {
        return;
    };
    let text = first.split_whitespace().collect::<Vec<_>>().join(" ");
    let quoted = excerpt(&text, 60);
    let (en, zh) = match decoded.len() {
        1 => (format!("\"{quoted}\" is written as HTML entities"), format!("“{quoted}”被写成了 HTML 实体")),
        n => (
            format!("\"{quoted}\" and {} more run(s) of text are written as HTML entities", n - 1),
            format!("“{quoted}”等 {n} 段文字被写成了 HTML 实体"),
        ),
    };
    // Where the reader sees the text: in the body, or as a link's address.
    if let Some(at) = (!text.is_empty()).then(|| a.body.find(&text)).flatten() {
        out.add(POINTS, Part::Body).at(at..at + text.len()).say(en, zh);
    } else if let Some(link) = a.links.iter().find(|l| !text.is_empty() && l.href.contains(&text)) {
        out.add(POINTS, Part::Links).at(link.span.clone()).say(en, zh);
    } else {
        out.add(POINTS, Part::Body).say(en, zh);
    }
}

/// Decodes a run of numeric character references.
fn decode(run: &str) -> String {
    crate::regex!(r"(?i)&#(x?)([0-9a-f]+)")
        .captures_iter(run)
        .filter_map(|c| {
            let radix = if c[1].is_empty() { 10 } else { 16 };
            u32::from_str_radix(&c[2], radix).ok().and_then(char::from_u32)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_decimal_and_hex() {
        assert_eq!(decode("&#102;&#x72;&#0101; &#101;"), "free");
    }
}
