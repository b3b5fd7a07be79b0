//! HTML → what a reader sees: visible text with block boundaries, links with their text spans,
//! images, text hidden by style, and the structural facts the HTML rules need.
//!
//! Tokenising is html5gum's (WHATWG-compliant, entities decoded); the element stack and the
//! inherited inline styles are ours. An explicit stack on the heap, not recursion, so HTML nested
//! 10,000 deep costs memory proportional to its depth and never overflows the call stack.

use std::ops::Range;

use html5gum::{Token, Tokenizer};

/// The rendering of one HTML body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlDoc {
    /// The text as it renders: whitespace collapsed, `\n` between blocks. Text hidden with
    /// `display:none` or `visibility:hidden` is left out; text made invisible by colour or size
    /// stays (it is in the editor, so it can be underlined) and is listed in `hidden`.
    pub text: String,
    /// Anchors, in document order.
    pub links: Vec<Link>,
    /// Images, in document order.
    pub images: Vec<Image>,
    /// Text a reader cannot see.
    pub hidden: Vec<HiddenText>,
    /// The `<title>`, if any.
    pub title: Option<String>,
    /// Ranges of [`HtmlDoc::text`] inside `<blockquote>`: text quoted from an earlier message.
    pub quoted: Vec<Range<usize>>,
    /// Counts of tags and constructs.
    pub stats: HtmlStats,
}

/// An anchor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Link {
    /// The `href` as written (entities decoded, trimmed).
    pub href: String,
    /// The anchor's visible text.
    pub text: String,
    /// Where the anchor's text is in [`HtmlDoc::text`] (empty for image-only links).
    pub span: Range<usize>,
    /// Whether the anchor wraps an image.
    pub has_image: bool,
}

/// An image.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Image {
    /// The `src` as written.
    pub src: String,
    /// `width` attribute or CSS width in pixels.
    pub width: Option<u32>,
    /// `height` attribute or CSS height in pixels.
    pub height: Option<u32>,
    /// The `alt` text; `None` when the attribute is missing.
    pub alt: Option<String>,
    /// Whether the image is inside a link.
    pub linked: bool,
    /// Whether the image is hidden by style.
    pub hidden: bool,
    /// File size in bytes, when known.
    pub bytes: Option<u64>,
    /// Where the image sits in [`HtmlDoc::text`] (an empty range).
    pub at: usize,
}

/// Text a reader cannot see, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct HiddenText {
    /// Where it is in [`HtmlDoc::text`], when it is there (not for `display:none`).
    pub span: Option<Range<usize>>,
    /// The hidden words.
    pub text: String,
    /// How it is hidden.
    pub how: Hiding,
}

/// The ways HTML hides text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Hiding {
    /// `display:none`, the `hidden` attribute.
    DisplayNone,
    /// `visibility:hidden`.
    VisibilityHidden,
    /// `opacity:0`.
    Opacity,
    /// `max-height:0` or `height:0` with `overflow:hidden`.
    ZeroHeight,
    /// `font-size` 0 or ≤ 1 px/pt, `<font size=1>`.
    TinyFont,
    /// `color: transparent`.
    Transparent,
    /// Text colour (nearly) equal to its background: SpamAssassin's brightness-weighted distance.
    LowContrast {
        /// The distance (0 = same colour; SpamAssassin calls < 12 invisible).
        distance: f64,
        /// WCAG contrast ratio (1 = none).
        ratio: f64,
    },
    /// Positioned off-screen with a large negative `top`, `left` or `text-indent`.
    OffPage,
}

impl Hiding {
    /// Whether the text stays in [`HtmlDoc::text`] (it occupies the editor, only unseen).
    fn keeps_text(self) -> bool {
        !matches!(self, Hiding::DisplayNone | Hiding::VisibilityHidden)
    }
}

/// Tag counts and structural facts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlStats {
    /// Start and end tags seen.
    pub tags: usize,
    /// Tags that sit between two word characters of the text (`V<b></b>iagra`).
    pub tags_inside_words: usize,
    /// Comments between two word characters.
    pub comments_inside_words: usize,
    /// `<center>` tags.
    pub center: usize,
    /// `<script>` elements.
    pub scripts: usize,
    /// `on…=` event-handler attributes.
    pub event_handlers: usize,
    /// `<form>` elements.
    pub forms: usize,
    /// `<iframe>` and `<frame>` elements.
    pub frames: usize,
    /// `<object>` and `<applet>` elements.
    pub objects: usize,
    /// `<embed>` elements.
    pub embeds: usize,
    /// `<meta http-equiv=refresh>`.
    pub meta_refresh: usize,
    /// `<link rel=stylesheet href=…>`.
    pub external_css: usize,
    /// Whether there is an `<html>` tag.
    pub has_html_tag: bool,
    /// `<head>` start and end tags.
    pub head_open: usize,
    /// `</head>` tags.
    pub head_close: usize,
    /// `<body>` start tags.
    pub body_open: usize,
    /// `</body>` tags.
    pub body_close: usize,
    /// End tags with no open element to close.
    pub extra_closes: usize,
    /// The charset a `<meta>` declares, lowercased.
    pub meta_charset: Option<String>,
    /// The deepest nesting reached.
    pub max_depth: usize,
}

/// An RGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    const BLACK: Rgb = Rgb(0, 0, 0);
    const WHITE: Rgb = Rgb(255, 255, 255);

    /// SpamAssassin's brightness-weighted distance (`HTML.pm`, `html_font_invisible`).
    pub fn distance(self, other: Rgb) -> f64 {
        let d = |a: u8, b: u8| f64::from(a) - f64::from(b);
        ((0.2126 * d(self.0, other.0)).powi(2)
            + (0.7152 * d(self.1, other.1)).powi(2)
            + (0.0722 * d(self.2, other.2)).powi(2))
        .sqrt()
    }

    /// WCAG 2 contrast ratio.
    pub fn contrast_ratio(self, other: Rgb) -> f64 {
        let lum = |c: Rgb| {
            let ch = |v: u8| {
                let v = f64::from(v) / 255.0;
                if v <= 0.03928 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * ch(c.0) + 0.7152 * ch(c.1) + 0.0722 * ch(c.2)
        };
        let (a, b) = (lum(self), lum(other));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// Colour as CSS writes it: `None` for values we do not understand (left alone).
enum Colour {
    Rgb(Rgb),
    Transparent,
}

fn parse_colour(value: &str) -> Option<Colour> {
    let v = value.trim().trim_end_matches("!important").trim().to_ascii_lowercase();
    if v == "transparent" {
        return Some(Colour::Transparent);
    }
    if let Some(hex) = v.strip_prefix('#') {
        let digit = |i: usize, n: usize| u8::from_str_radix(hex.get(i..i + n)?, 16).ok();
        return match hex.len() {
            3 => Some(Colour::Rgb(Rgb(digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17))),
            6 | 8 if hex.len() == 8 && digit(6, 2)? == 0 => Some(Colour::Transparent),
            6 | 8 => Some(Colour::Rgb(Rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?))),
            _ => None,
        };
    }
    if let Some(args) = v.strip_prefix("rgba(").or_else(|| v.strip_prefix("rgb(")) {
        let parts: Vec<&str> = args.trim_end_matches(')').split([',', ' ', '/']).filter(|s| !s.is_empty()).collect();
        let channel = |s: &str| -> Option<u8> {
            match s.strip_suffix('%') {
                Some(p) => p.parse::<f64>().ok().map(|p| (p.clamp(0.0, 100.0) * 2.55).round() as u8),
                None => s.parse::<f64>().ok().map(|n| n.clamp(0.0, 255.0).round() as u8),
            }
        };
        if parts.len() == 4 && parts[3].trim_end_matches('%').parse::<f64>().ok()? == 0.0 {
            return Some(Colour::Transparent);
        }
        if parts.len() >= 3 {
            return Some(Colour::Rgb(Rgb(channel(parts[0])?, channel(parts[1])?, channel(parts[2])?)));
        }
        return None;
    }
    let named = match v.as_str() {
        "white" => Rgb::WHITE,
        "black" => Rgb::BLACK,
        "red" => Rgb(255, 0, 0),
        "green" => Rgb(0, 128, 0),
        "blue" => Rgb(0, 0, 255),
        "yellow" => Rgb(255, 255, 0),
        "gray" | "grey" => Rgb(128, 128, 128),
        "silver" => Rgb(192, 192, 192),
        "whitesmoke" => Rgb(245, 245, 245),
        "snow" => Rgb(255, 250, 250),
        "ivory" => Rgb(255, 255, 240),
        "navy" => Rgb(0, 0, 128),
        "orange" => Rgb(255, 165, 0),
        "purple" => Rgb(128, 0, 128),
        "maroon" => Rgb(128, 0, 0),
        "lightgray" | "lightgrey" => Rgb(211, 211, 211),
        "darkgray" | "darkgrey" => Rgb(169, 169, 169),
        "gainsboro" => Rgb(220, 220, 220),
        _ => return None,
    };
    Some(Colour::Rgb(named))
}

/// Parses a CSS length into pixels; `None` for relative units we cannot resolve.
fn length_px(value: &str) -> Option<f64> {
    let v = value.trim().trim_end_matches("!important").trim().to_ascii_lowercase();
    let split = v.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+')).unwrap_or(v.len());
    let (num, unit) = v.split_at(split);
    let n: f64 = num.parse().ok()?;
    match unit.trim() {
        "" | "px" => Some(n),
        "pt" => Some(n * 4.0 / 3.0),
        _ if n == 0.0 => Some(0.0),
        "em" | "rem" => Some(n * 16.0),
        "%" => Some(n * 0.16),
        _ => None,
    }
}

/// The style an element passes to its children.
#[derive(Debug, Clone, Copy)]
struct Style {
    fg: Rgb,
    bg: Rgb,
    /// Whether an inline style or attribute set the background (a stylesheet may set it
    /// otherwise, and then an assumed white background proves nothing).
    bg_explicit: bool,
    hiding: Option<Hiding>,
    pre: bool,
    raw_text: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style { fg: Rgb::BLACK, bg: Rgb::WHITE, bg_explicit: false, hiding: None, pre: false, raw_text: false }
    }
}

struct Frame {
    name: Box<str>,
    style: Style,
    link: Option<usize>,
    /// Where the element's text starts in the output.
    text_start: usize,
}

const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

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
];

/// Elements whose content never renders as text.
const NOT_RENDERED: &[&str] =
    &["head", "script", "style", "title", "template", "noscript", "textarea", "select", "object"];

/// How far up the stack an end tag looks for its start tag: mis-nested tags close what they
/// find within this distance; farther ones are counted as extra closes. Keeps a deep document
/// linear.
const END_TAG_SEARCH: usize = 64;

/// Renders `html`. `image_sizes` gives known byte sizes by `src`.
pub fn render(html: &str, image_sizes: &[(String, u64)]) -> HtmlDoc {
    let mut r = Renderer::default();
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
                r.start_tag(&name, &attrs, tag.self_closing, image_sizes);
            }
            Token::EndTag(tag) => r.end_tag(&String::from_utf8_lossy(&tag.name).to_ascii_lowercase()),
            Token::String(s) => r.text(&String::from_utf8_lossy(&s)),
            Token::Comment(_) => r.comment(),
            Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    r.finish()
}

#[derive(Default)]
struct Renderer {
    doc: HtmlDoc,
    stack: Vec<Frame>,
    title: Option<String>,
    /// Whether a `<style>` element was seen: class rules may then set colours we cannot see.
    has_stylesheet: bool,
    /// Tags and comments since the last text chunk, for the inside-words counts.
    tags_since_text: usize,
    comments_since_text: usize,
}

impl Renderer {
    fn style(&self) -> Style {
        self.stack.last().map(|f| f.style).unwrap_or_default()
    }

    fn current_link(&self) -> Option<usize> {
        self.stack.iter().rev().find_map(|f| f.link)
    }

    fn in_element(&self, name: &str) -> bool {
        self.stack.iter().rev().take(END_TAG_SEARCH).any(|f| &*f.name == name)
    }

    fn break_line(&mut self) {
        let text = &mut self.doc.text;
        while text.ends_with(' ') {
            text.pop();
        }
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
    }

    fn start_tag(&mut self, name: &str, attrs: &[(String, String)], self_closing: bool, image_sizes: &[(String, u64)]) {
        self.doc.stats.tags += 1;
        self.tags_since_text += 1;
        let attr = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let stats = &mut self.doc.stats;
        stats.event_handlers += attrs.iter().filter(|(n, _)| n.starts_with("on") && n.len() > 2).count();
        match name {
            "html" => stats.has_html_tag = true,
            "head" => stats.head_open += 1,
            "body" => stats.body_open += 1,
            "center" => stats.center += 1,
            "script" => stats.scripts += 1,
            "form" => stats.forms += 1,
            "iframe" | "frame" | "frameset" => stats.frames += 1,
            "object" | "applet" => stats.objects += 1,
            "embed" => stats.embeds += 1,
            "meta" => {
                if attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh")) {
                    stats.meta_refresh += 1;
                }
                let declared = attr("charset").map(str::to_string).or_else(|| {
                    let content = attr("content")?.to_ascii_lowercase();
                    content.split("charset=").nth(1).map(|c| c.trim().to_string())
                });
                if let Some(c) = declared {
                    stats.meta_charset = Some(c.trim().to_ascii_lowercase());
                }
            }
            "link" => {
                let stylesheet = attr("rel").is_some_and(|v| v.to_ascii_lowercase().contains("stylesheet"));
                if stylesheet && attr("href").is_some() {
                    stats.external_css += 1;
                }
            }
            _ => {}
        }
        if name == "style" {
            self.has_stylesheet = true;
        }
        let parent = self.style();
        let style = child_style(parent, name, attr, self.has_stylesheet);
        if BLOCK.contains(&name) {
            self.break_line();
        }
        if name == "img" {
            self.image(attrs, style, image_sizes);
        }
        if VOID.contains(&name) || self_closing {
            return;
        }
        let link = (name == "a").then(|| {
            let at = self.doc.text.len();
            self.doc.links.push(Link {
                href: attr("href").unwrap_or("").trim().to_string(),
                span: at..at,
                ..Link::default()
            });
            self.doc.links.len() - 1
        });
        if name == "a" && attr("href").is_none() {
            self.doc.links.pop();
        }
        let link = link.filter(|&i| i < self.doc.links.len());
        self.stack.push(Frame { name: name.into(), style, link, text_start: self.doc.text.len() });
        self.doc.stats.max_depth = self.doc.stats.max_depth.max(self.stack.len());
        if name == "title" {
            self.title = Some(String::new());
        }
    }

    fn image(&mut self, attrs: &[(String, String)], style: Style, image_sizes: &[(String, u64)]) {
        let attr = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let css = attr("style").map(parse_style).unwrap_or_default();
        let css_px = |k: &str| css.iter().find(|(n, _)| n == k).and_then(|(_, v)| length_px(v));
        let dim =
            |k: &str| attr(k).and_then(|v| v.trim().trim_end_matches("px").parse::<f64>().ok()).or_else(|| css_px(k));
        let src = attr("src").unwrap_or("").trim().to_string();
        let bytes = image_sizes.iter().find(|(s, _)| *s == src).map(|(_, n)| *n);
        let linked = self.current_link();
        if let Some(i) = linked {
            self.doc.links[i].has_image = true;
        }
        self.doc.images.push(Image {
            width: dim("width").map(|w| w.max(0.0) as u32),
            height: dim("height").map(|h| h.max(0.0) as u32),
            alt: attr("alt").map(str::to_string),
            linked: linked.is_some(),
            // Colour and font size hide text, not pictures.
            hidden: style
                .hiding
                .is_some_and(|h| !matches!(h, Hiding::LowContrast { .. } | Hiding::TinyFont | Hiding::Transparent)),
            bytes,
            at: self.doc.text.len(),
            src,
        });
    }

    fn end_tag(&mut self, name: &str) {
        self.doc.stats.tags += 1;
        self.tags_since_text += 1;
        match name {
            "head" => self.doc.stats.head_close += 1,
            "body" => self.doc.stats.body_close += 1,
            _ => {}
        }
        let found = self.stack.iter().rev().take(END_TAG_SEARCH).position(|f| &*f.name == name);
        let Some(depth) = found else {
            if !VOID.contains(&name) {
                self.doc.stats.extra_closes += 1;
            }
            return;
        };
        for _ in 0..=depth {
            if let Some(frame) = self.stack.pop() {
                if let Some(i) = frame.link {
                    let link = &mut self.doc.links[i];
                    link.span.end = self.doc.text.len().max(link.span.start);
                    let text = self.doc.text[link.span.clone()].trim();
                    link.text = text.to_string();
                }
                if &*frame.name == "title" {
                    self.doc.title = self.title.take().map(|t| collapse_spaces(&t));
                }
                if &*frame.name == "blockquote" && frame.text_start < self.doc.text.len() {
                    self.doc.quoted.push(frame.text_start..self.doc.text.len());
                }
            }
        }
        if BLOCK.contains(&name) {
            self.break_line();
        }
    }

    fn comment(&mut self) {
        self.comments_since_text += 1;
    }

    fn text(&mut self, raw: &str) {
        if self.title.is_some() && self.in_element("title") {
            if let Some(title) = self.title.as_mut() {
                title.push_str(raw);
            }
            return;
        }
        let style = self.style();
        if style.raw_text {
            return;
        }
        let chunk = if style.pre { raw.replace("\r\n", "\n") } else { collapse_spaces(raw) };
        if chunk.trim().is_empty() {
            if !chunk.is_empty()
                && !self.doc.text.is_empty()
                && !self.doc.text.ends_with([' ', '\n'])
                && style.hiding.is_none()
            {
                self.doc.text.push(' ');
            }
            return;
        }
        if let Some(Hiding::DisplayNone | Hiding::VisibilityHidden) = style.hiding {
            let how = style.hiding.unwrap_or(Hiding::DisplayNone);
            self.push_hidden(None, chunk.trim().to_string(), how);
            return;
        }
        let previous_ends_word = self.doc.text.chars().next_back().is_some_and(char::is_alphanumeric);
        let starts_word = chunk.chars().next().is_some_and(char::is_alphanumeric);
        if previous_ends_word && starts_word {
            self.doc.stats.tags_inside_words += self.tags_since_text;
            self.doc.stats.comments_inside_words += self.comments_since_text;
        }
        self.tags_since_text = 0;
        self.comments_since_text = 0;
        let chunk =
            if self.doc.text.is_empty() || self.doc.text.ends_with(['\n', ' ']) { chunk.trim_start() } else { &chunk };
        let start = self.doc.text.len();
        self.doc.text.push_str(chunk);
        let end = self.doc.text.len();
        if let Some(how) = style.hiding.filter(|h| h.keeps_text()) {
            let trimmed = chunk.trim();
            let lead = chunk.len() - chunk.trim_start().len();
            self.push_hidden(Some(start + lead..start + lead + trimmed.len()), trimmed.to_string(), how);
        }
        let _ = end;
    }

    fn push_hidden(&mut self, span: Option<Range<usize>>, text: String, how: Hiding) {
        // Adjacent chunks hidden the same way are one hidden block.
        if let Some(last) = self.doc.hidden.last_mut() {
            let contiguous = match (&last.span, &span) {
                (Some(a), Some(b)) => self.doc.text[a.end..b.start].trim().is_empty(),
                (None, None) => true,
                _ => false,
            };
            if contiguous && std::mem::discriminant(&last.how) == std::mem::discriminant(&how) {
                if let (Some(a), Some(b)) = (&mut last.span, &span) {
                    a.end = b.end;
                }
                last.text.push(' ');
                last.text.push_str(&text);
                return;
            }
        }
        self.doc.hidden.push(HiddenText { span, text, how });
    }

    fn finish(mut self) -> HtmlDoc {
        while let Some(frame) = self.stack.pop() {
            if let Some(i) = frame.link {
                let link = &mut self.doc.links[i];
                link.span.end = self.doc.text.len().max(link.span.start);
                link.text = self.doc.text[link.span.clone()].trim().to_string();
            }
        }
        let trimmed = self.doc.text.trim_end().len();
        self.doc.text.truncate(trimmed);
        for image in &mut self.doc.images {
            image.at = image.at.min(trimmed);
        }
        for q in &mut self.doc.quoted {
            q.end = q.end.min(trimmed);
            q.start = q.start.min(q.end);
        }
        for link in &mut self.doc.links {
            link.span.end = link.span.end.min(trimmed);
            link.span.start = link.span.start.min(link.span.end);
            // The span covers the words, not the spaces around them.
            let inner = &self.doc.text[link.span.clone()];
            let lead = inner.len() - inner.trim_start().len();
            link.span = link.span.start + lead..link.span.start + lead + inner.trim().len();
        }
        self.doc
    }
}

/// Splits an inline `style` attribute into lowercase `(property, value)` pairs.
pub fn parse_style(style: &str) -> Vec<(String, String)> {
    style
        .split(';')
        .filter_map(|decl| {
            let (k, v) = decl.split_once(':')?;
            Some((k.trim().to_ascii_lowercase(), v.trim().to_string()))
        })
        .collect()
}

fn child_style<'a>(parent: Style, name: &str, attr: impl Fn(&str) -> Option<&'a str>, has_stylesheet: bool) -> Style {
    let mut s = parent;
    if NOT_RENDERED.contains(&name) {
        s.raw_text = true;
    }
    if name == "pre" {
        s.pre = true;
    }
    if let Some(Colour::Rgb(c)) = attr("bgcolor").and_then(parse_colour) {
        s.bg = c;
        s.bg_explicit = true;
    }
    if name == "font" {
        if let Some(colour) = attr("color").and_then(parse_colour) {
            match colour {
                Colour::Rgb(c) => s.fg = c,
                Colour::Transparent => s.hiding = s.hiding.or(Some(Hiding::Transparent)),
            }
        }
        if attr("size")
            .is_some_and(|v| v.trim().parse::<i32>().is_ok_and(|n| n <= 1) && !v.trim().starts_with(['+', '-']))
        {
            s.hiding = s.hiding.or(Some(Hiding::TinyFont));
        }
    }
    if attr("hidden").is_some() {
        s.hiding = Some(Hiding::DisplayNone);
    }
    let decls = attr("style").map(parse_style).unwrap_or_default();
    let get = |k: &str| decls.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.to_ascii_lowercase());
    let hide = |h: Hiding, s: &mut Style| {
        // The strongest hiding wins: removed from layout beats unseen.
        if s.hiding.is_none_or(|old| old.keeps_text()) {
            s.hiding = Some(h);
        }
    };
    if get("display").is_some_and(|v| v.starts_with("none")) {
        hide(Hiding::DisplayNone, &mut s);
    }
    if get("visibility").is_some_and(|v| v.starts_with("hidden") || v.starts_with("collapse")) {
        hide(Hiding::VisibilityHidden, &mut s);
    }
    if get("opacity")
        .and_then(|v| v.trim_end_matches("!important").trim().parse::<f64>().ok())
        .is_some_and(|o| o <= 0.05)
    {
        hide(Hiding::Opacity, &mut s);
    }
    let zero = |k: &str| get(k).and_then(|v| length_px(&v)).is_some_and(|px| px <= 0.0);
    if (zero("max-height") || zero("height")) && get("overflow").is_some_and(|v| v.starts_with("hidden")) {
        hide(Hiding::ZeroHeight, &mut s);
    }
    if get("font-size").and_then(|v| length_px(&v)).is_some_and(|px| px <= 1.34) {
        hide(Hiding::TinyFont, &mut s);
    }
    let far_off = |k: &str| get(k).and_then(|v| length_px(&v)).is_some_and(|px| px <= -100.0);
    if far_off("top") || far_off("left") || far_off("text-indent") {
        hide(Hiding::OffPage, &mut s);
    }
    let background = get("background-color")
        .or_else(|| get("background").map(|v| v.split_whitespace().next().unwrap_or("").to_string()));
    if let Some(Colour::Rgb(c)) = background.as_deref().and_then(parse_colour) {
        s.bg = c;
        s.bg_explicit = true;
    }
    match get("color").as_deref().and_then(parse_colour) {
        Some(Colour::Rgb(c)) => s.fg = c,
        Some(Colour::Transparent) => hide(Hiding::Transparent, &mut s),
        None => {}
    }
    let distance = s.fg.distance(s.bg);
    let ratio = s.fg.contrast_ratio(s.bg);
    let background_known = s.bg_explicit || !has_stylesheet;
    if (distance < 12.0 || ratio < 1.5) && background_known && s.hiding.is_none() {
        s.hiding = Some(Hiding::LowContrast { distance, ratio });
    } else if let Some(Hiding::LowContrast { .. }) = s.hiding {
        // A child that restores contrast is visible again.
        if distance >= 12.0 && ratio >= 1.5 {
            s.hiding = None;
        }
    }
    s
}

/// Collapses runs of white space into one space, as HTML rendering does.
fn collapse_spaces(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_lines_and_entities_decode() {
        let doc = render("<p>Hello&nbsp;Maria,</p><div>We   make <b>valves</b>.</div>", &[]);
        assert_eq!(doc.text, "Hello Maria,\nWe make valves.");
    }

    #[test]
    fn links_carry_their_text_span() {
        let doc = render("<p>See <a href='https://x.example/a'>our catalogue</a> today</p>", &[]);
        let link = &doc.links[0];
        assert_eq!(link.href, "https://x.example/a");
        assert_eq!(&doc.text[link.span.clone()], "our catalogue");
        assert_eq!(link.text, "our catalogue");
    }

    #[test]
    fn display_none_text_is_left_out_but_listed() {
        let doc = render("<p>Hi</p><div style='display:none'>cheap pills</div>", &[]);
        assert_eq!(doc.text, "Hi");
        assert_eq!(doc.hidden[0].text, "cheap pills");
        assert_eq!(doc.hidden[0].how, Hiding::DisplayNone);
    }

    #[test]
    fn white_on_white_is_low_contrast_and_keeps_its_span() {
        let doc = render("<p>Hi <span style='color:#fefefe'>free money</span></p>", &[]);
        let hidden = &doc.hidden[0];
        assert!(matches!(hidden.how, Hiding::LowContrast { .. }));
        assert_eq!(&doc.text[hidden.span.clone().unwrap()], "free money");
    }

    #[test]
    fn white_text_is_not_judged_when_a_stylesheet_may_set_the_background() {
        let doc = render("<style>.dark{background:#000}</style><p class='dark' style='color:#fff'>Hi</p>", &[]);
        assert!(doc.hidden.is_empty());
        let doc = render("<style></style><p style='background:#fff;color:#fff'>Hi</p>", &[]);
        assert_eq!(doc.hidden.len(), 1);
    }

    #[test]
    fn tags_inside_words_are_counted() {
        let doc = render("<p>V<b></b>iagra and <i>normal</i> words</p>", &[]);
        assert_eq!(doc.stats.tags_inside_words, 2);
    }

    #[test]
    fn images_know_their_link_and_size() {
        let sizes = vec![("cid:logo".to_string(), 2048)];
        let doc = render("<a href='https://x.example'><img src='cid:logo' width=600 height=300></a>", &sizes);
        let img = &doc.images[0];
        assert!(img.linked && doc.links[0].has_image);
        assert_eq!((img.width, img.height, img.bytes), (Some(600), Some(300), Some(2048)));
        assert_eq!(img.alt, None);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(10_000) + "deep" + &"</div>".repeat(10_000);
        let doc = render(&html, &[]);
        assert_eq!(doc.text, "deep");
        assert_eq!(doc.stats.max_depth, 10_000);
    }

    #[test]
    fn title_and_scripts_are_not_text() {
        let doc = render("<html><head><title>Big  Sale</title><style>p{}</style></head><body><script>x=1</script><p>Hi</p></body></html>", &[]);
        assert_eq!(doc.text, "Hi");
        assert_eq!(doc.title.as_deref(), Some("Big Sale"));
        assert_eq!(doc.stats.scripts, 1);
    }
}
