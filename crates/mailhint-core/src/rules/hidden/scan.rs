//! A second look at the pasted HTML for the hidden-text rules: the shared renderer
//! ([`crate::html`]) decides how each piece of text is hidden, but a few of its shortcuts would
//! make ordinary templates look hidden (a child that sets a normal `font-size` or `color` inside
//! a `font-size:0` or `color:transparent` wrapper stays "hidden"; every `display:none` chunk is
//! merged into one block). This scan walks the same tokens with the same tokenizer and the
//! same clipping, and keeps what those rules need: which text is really tiny or transparent,
//! the separate hidden blocks, the words split by tags, and the CSS of `<style>` elements.
//!
//! Like the renderer, it keeps its element stack on the heap and looks at most
//! [`END_TAG_SEARCH`] elements up for an end tag's start, so its work is linear in the input.

use html5gum::{Token, Tokenizer};

use crate::analysis::Analysis;
use crate::html::parse_style;
use crate::limits;

/// What the scan found.
#[derive(Debug, Default)]
pub(super) struct Scan {
    /// Rendered text chunks (not inside `<head>`, `<style>`, `<script>`…), in document order.
    pub chunks: Vec<Chunk>,
    /// Elements that hide their content, outermost only, in document order.
    pub blocks: Vec<Block>,
    /// Words that tags or comments split (`V<b></b>iagra` gives `Viagra`), at most
    /// [`MAX_SPLIT_WORDS`].
    pub split_words: Vec<String>,
    /// The text of all `<style>` elements.
    pub css: String,
}

/// A chunk of text between two tags.
#[derive(Debug)]
pub(super) struct Chunk {
    /// The text, white space collapsed and trimmed (as the renderer does).
    pub text: String,
    /// Whether its computed font size is at most 1 pt (≈ 1.34 px).
    pub tiny: bool,
    /// Whether its computed colour is transparent.
    pub transparent: bool,
    /// Whether an element hides it (display, visibility, opacity, zero height).
    pub hidden: bool,
}

/// An element that hides what it contains.
#[derive(Debug)]
pub(super) struct Block {
    /// Its text, chunks joined by spaces.
    pub text: String,
    /// Whether the text stays in the rendered body (opacity, zero height) rather than being
    /// left out (display, visibility).
    pub keeps_text: bool,
}

/// The most split words kept.
const MAX_SPLIT_WORDS: usize = 100;
/// How far up the stack an end tag looks for its start tag (as the renderer does).
const END_TAG_SEARCH: usize = 64;
/// The default font size in pixels.
const DEFAULT_FONT_PX: f64 = 16.0;
/// Font sizes at or below this are invisible: 1 pt.
const TINY_PX: f64 = 1.34;

const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];
const NOT_RENDERED: &[&str] =
    &["head", "script", "style", "title", "template", "noscript", "textarea", "select", "object"];
/// Elements that start a new line: text on both sides of them is not one word.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "img",
];

/// How an element hides its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hide {
    /// display:none, the `hidden` attribute, opacity:0, zero height: descendants cannot undo it.
    Final { keeps_text: bool },
    /// visibility:hidden: a descendant with visibility:visible is seen again.
    Visibility,
}

#[derive(Debug, Clone, Copy)]
struct Style {
    font_px: f64,
    transparent: bool,
    hide: Option<Hide>,
    /// The index of the hidden block this element belongs to.
    block: Option<usize>,
    raw: bool,
    style_element: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            font_px: DEFAULT_FONT_PX,
            transparent: false,
            hide: None,
            block: None,
            raw: false,
            style_element: false,
        }
    }
}

struct Frame {
    name: Box<str>,
    style: Style,
}

/// Scans the draft's HTML; an empty scan for a plain-text draft.
pub(super) fn scan(a: &Analysis) -> Scan {
    let Some(html) = a.draft.html.as_deref().filter(|h| !h.trim().is_empty()) else {
        return Scan::default();
    };
    let html = limits::clip(html, limits::MAX_BODY_BYTES);
    let mut s = Scanner::default();
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let attrs: Vec<(String, String)> = tag
                    .attributes
                    .iter()
                    .map(|(k, v)| {
                        (String::from_utf8_lossy(k).to_ascii_lowercase(), String::from_utf8_lossy(v).into_owned())
                    })
                    .collect();
                s.start(&name, &attrs, tag.self_closing);
            }
            Token::EndTag(tag) => s.end(&String::from_utf8_lossy(&tag.name).to_ascii_lowercase()),
            Token::String(text) => s.text(&String::from_utf8_lossy(&text)),
            Token::Comment(_) => s.between_words += 1,
            Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    s.out
}

#[derive(Default)]
struct Scanner {
    out: Scan,
    stack: Vec<Frame>,
    /// The last word of the rendered text so far, when the text ends inside a word.
    last_word: Option<String>,
    /// Tags and comments since the last rendered text.
    between_words: usize,
}

impl Scanner {
    fn style(&self) -> Style {
        self.stack.last().map(|f| f.style).unwrap_or_default()
    }

    fn start(&mut self, name: &str, attrs: &[(String, String)], self_closing: bool) {
        self.between_words += 1;
        if BLOCK.contains(&name) {
            self.last_word = None;
        }
        if VOID.contains(&name) || self_closing {
            return;
        }
        let attr = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let parent = self.style();
        let mut st = parent;
        st.style_element = name == "style";
        if NOT_RENDERED.contains(&name) {
            st.raw = true;
        }
        let decls = attr("style").map(parse_style).unwrap_or_default();
        let get = |k: &str| {
            decls
                .iter()
                .rev()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.trim().trim_end_matches("!important").trim().to_ascii_lowercase())
        };
        if let Some(px) = get("font-size").and_then(|v| font_px(&v, parent.font_px)) {
            st.font_px = px;
        }
        let colour = if name == "font" { attr("color").map(str::to_ascii_lowercase) } else { None };
        if let Some(c) = get("color").or(colour) {
            st.transparent = is_transparent(&c);
        }
        let mut hide: Option<Hide> = None;
        if attr("hidden").is_some() || get("display").is_some_and(|v| v.starts_with("none")) {
            hide = Some(Hide::Final { keeps_text: false });
        } else {
            // Transparent or squeezed to nothing: the text stays in the layout, unseen.
            let transparent = get("opacity").and_then(|v| v.parse::<f64>().ok()).is_some_and(|o| o <= 0.05);
            let squeezed = (zero(get("max-height")) || zero(get("height")))
                && get("overflow").is_some_and(|v| v.starts_with("hidden"));
            if transparent || squeezed {
                hide = Some(Hide::Final { keeps_text: true });
            }
        }
        match get("visibility").as_deref() {
            Some(v) if v.starts_with("hidden") || v.starts_with("collapse") => {
                hide = hide.or(Some(Hide::Visibility));
            }
            Some(v) if v.starts_with("visible") && parent.hide == Some(Hide::Visibility) => {
                // A visible child of a visibility:hidden element is seen again.
                st.hide = None;
                st.block = None;
            }
            _ => {}
        }
        match (hide, st.hide) {
            // The outermost hiding element starts a block; hidden descendants belong to it.
            (Some(h), None) => {
                let keeps_text = matches!(h, Hide::Final { keeps_text: true });
                self.out.blocks.push(Block { text: String::new(), keeps_text });
                st.block = Some(self.out.blocks.len() - 1);
                st.hide = Some(h);
            }
            (Some(h @ Hide::Final { .. }), Some(Hide::Visibility)) => st.hide = Some(h),
            _ => {}
        }
        self.stack.push(Frame { name: name.into(), style: st });
    }

    fn end(&mut self, name: &str) {
        self.between_words += 1;
        if BLOCK.contains(&name) {
            self.last_word = None;
        }
        if let Some(depth) = self.stack.iter().rev().take(END_TAG_SEARCH).position(|f| &*f.name == name) {
            let keep = self.stack.len() - depth - 1;
            self.stack.truncate(keep);
        }
    }

    fn text(&mut self, raw: &str) {
        let st = self.style();
        if st.raw {
            if st.style_element && self.out.css.len() < limits::MAX_BODY_BYTES {
                self.out.css.push_str(raw);
                self.out.css.push('\n');
            }
            return;
        }
        let text = collapse(raw);
        let trimmed = text.trim();
        if trimmed.is_empty() {
            if !raw.is_empty() {
                self.last_word = None;
            }
            return;
        }
        let hidden = st.hide.is_some();
        if let Some(b) = st.block.and_then(|i| self.out.blocks.get_mut(i)) {
            if !b.text.is_empty() {
                b.text.push(' ');
            }
            b.text.push_str(trimmed);
        }
        // Words split by tags, in text the renderer keeps (display:none text is left out).
        let left_out = matches!(st.hide, Some(Hide::Final { keeps_text: false }) | Some(Hide::Visibility));
        if !left_out {
            let starts_word = text.chars().next().is_some_and(char::is_alphanumeric);
            let mut joined: Option<String> = None;
            if let (Some(prev), true, true) = (self.last_word.take(), starts_word, self.between_words > 0) {
                let head: String = text.chars().take_while(|c| c.is_alphanumeric()).take(64).collect();
                let word = prev + &head;
                if self.out.split_words.len() < MAX_SPLIT_WORDS {
                    self.out.split_words.push(word.clone());
                }
                joined = Some(word);
            }
            let ends_word = text.chars().next_back().is_some_and(char::is_alphanumeric);
            let all_word = text.chars().all(char::is_alphanumeric);
            // A chunk that is all one word continues the word it joined (`V` + `ia` + `gra`).
            self.last_word = match (ends_word, all_word, joined) {
                (false, _, _) => None,
                (true, true, Some(word)) if word.len() < 256 => Some(word),
                _ => {
                    let tail: Vec<char> = text.chars().rev().take_while(|c| c.is_alphanumeric()).take(64).collect();
                    Some(tail.into_iter().rev().collect())
                }
            };
            self.between_words = 0;
        }
        self.out.chunks.push(Chunk {
            text: trimmed.to_string(),
            tiny: st.font_px <= TINY_PX,
            transparent: st.transparent,
            hidden,
        });
    }
}

/// Whether a CSS length is zero (or negative).
fn zero(value: Option<String>) -> bool {
    value.and_then(|v| font_px(&v, DEFAULT_FONT_PX)).is_some_and(|px| px <= 0.0)
}

/// A CSS font size in pixels, relative units resolved against the parent's size; `None` for
/// keywords and values we do not understand (the size is then inherited unchanged).
fn font_px(value: &str, parent: f64) -> Option<f64> {
    let v = value.trim();
    let split = v.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+')).unwrap_or(v.len());
    let (num, unit) = v.split_at(split);
    let n: f64 = num.parse().ok()?;
    let px = match unit.trim() {
        "" | "px" => n,
        "pt" => n * 4.0 / 3.0,
        "em" => n * parent,
        "rem" => n * DEFAULT_FONT_PX,
        "%" => n / 100.0 * parent,
        "ex" | "ch" => n * parent / 2.0,
        _ if n == 0.0 => 0.0,
        _ => return None,
    };
    px.is_finite().then_some(px)
}

/// Whether a CSS colour value is transparent (`transparent`, zero alpha).
fn is_transparent(value: &str) -> bool {
    let v = value.trim().to_ascii_lowercase();
    if v == "transparent" {
        return true;
    }
    if let Some(hex) = v.strip_prefix('#') {
        return hex.len() == 8 && hex.get(6..8) == Some("00");
    }
    if let Some(args) = v.strip_prefix("rgba(").or_else(|| v.strip_prefix("rgb(")).or_else(|| v.strip_prefix("hsla(")) {
        let parts: Vec<&str> = args.trim_end_matches(')').split([',', ' ', '/']).filter(|s| !s.is_empty()).collect();
        return parts.len() == 4 && parts[3].trim_end_matches('%').parse::<f64>().is_ok_and(|a| a == 0.0);
    }
    false
}

/// Collapses white space as the renderer does (a no-break space becomes a space).
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_space = false;
    for c in s.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(if c == '\u{a0}' { ' ' } else { c });
            in_space = false;
        }
    }
    out
}

/// Whether `text` has a letter or digit (a word a reader could read).
pub(super) fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// `text` shortened to about `max` characters for a message.
pub(super) fn excerpt(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// The first place where `word` stands as a whole word in `text`.
pub(super) fn find_word(text: &str, word: &str) -> Option<std::ops::Range<usize>> {
    if word.is_empty() {
        return None;
    }
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|t| t.find(word)) {
        let start = from + at;
        let end = start + word.len();
        let before = text[..start].chars().next_back().is_some_and(char::is_alphanumeric);
        let after = text[end..].chars().next().is_some_and(char::is_alphanumeric);
        if !before && !after {
            return Some(start..end);
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Draft;
    use crate::report::Mode;

    fn scan_html(html: &str) -> Scan {
        let draft = Draft { html: Some(html.to_string()), ..Draft::default() };
        scan(&Analysis::new(&draft, Mode::OneToOne))
    }

    #[test]
    fn a_child_can_restore_font_size_and_colour() {
        let s = scan_html("<td style='font-size:0'><span style='font-size:14px'>Hello</span></td><span style='color:transparent'><b style='color:#333'>Hi</b> gone</span>");
        let tiny: Vec<&str> = s.chunks.iter().filter(|c| c.tiny || c.transparent).map(|c| c.text.as_str()).collect();
        assert_eq!(tiny, ["gone"]);
    }

    #[test]
    fn hidden_blocks_are_counted_separately() {
        let s =
            scan_html("<div style='display:none'>one</div><p>x</p><div style='display:none'>two <b>three</b></div>");
        assert_eq!(s.blocks.len(), 2);
        assert_eq!(s.blocks[1].text, "two three");
    }

    #[test]
    fn split_words_and_css() {
        let s =
            scan_html("<style>.a{left:-999px}</style><p>V<b></b>ia<i></i>gra and <i>normal</i> words</p><p>end</p>");
        assert_eq!(s.split_words, ["Via", "Viagra"]);
        assert!(s.css.contains("left:-999px"));
        assert_eq!(find_word("a Viagra b", "Viagra"), Some(2..8));
    }
}
