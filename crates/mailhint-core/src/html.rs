//! HTML → what a reader sees: visible text with block boundaries, links with their text spans,
//! images, text hidden by style, and the structural facts the HTML rules need.
//!
//! Tokenising is html5gum's (WHATWG-compliant, entities decoded); the element stack and the
//! inherited inline styles are ours. An explicit stack on the heap, not recursion, so HTML nested
//! 10,000 deep costs memory proportional to its depth and never overflows the call stack.
//!
//! This is the only parse of a draft's HTML: the hidden-text and image rules read what they need
//! from [`HtmlDoc`] (each hiding element, the words split by tags, the style sheets), so the
//! rendering has to be as right as a browser's where those rules look.

use std::ops::Range;

use html5gum::{Token, Tokenizer};

use crate::limits;

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
    /// Where tags or comments split a word of [`HtmlDoc::text`] (`V<b></b>iagra`): the range of
    /// the whole word, one range per word however many tags split it, in document order.
    /// [`HtmlStats::tags_inside_words`] only counts them; a rule that reports the obfuscation
    /// needs a word to quote and a place to underline.
    pub split_words: Vec<Range<usize>>,
    /// The CSS text of each `<style>` element, in document order. The renderer applies inline
    /// styles only; rules that must know whether a sheet could restyle the text (a background
    /// set by a class, an off-page offset) read the sheets here instead of parsing the HTML again.
    pub style_sheets: Vec<String>,
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
    /// Whether the image is really out of view: it or a container has `display:none`, the
    /// `hidden` attribute, `visibility:hidden`, `opacity:0`, a zero height with hidden overflow,
    /// or an off-page position. A tiny font or a text colour hides text, not pictures.
    pub hidden: bool,
    /// File size in bytes, when known.
    pub bytes: Option<u64>,
    /// Where the image sits in [`HtmlDoc::text`] (an empty range).
    pub at: usize,
}

/// Text a reader cannot see, and why.
///
/// Adjacent chunks hidden the same way by the same element are one entry; each element that
/// removes text from view is its own entry, however close its neighbours are.
#[derive(Debug, Clone, PartialEq)]
pub struct HiddenText {
    /// Where it is in [`HtmlDoc::text`], when it is there (not for `display:none`).
    pub span: Option<Range<usize>>,
    /// The hidden words.
    pub text: String,
    /// How it is hidden.
    pub how: Hiding,
    /// The hidden block the text belongs to: the number, from 1 in document order, of the
    /// outermost element that removes it from view (`display:none`, the `hidden` attribute,
    /// `visibility:hidden`, `opacity:0`, a clipped zero height). Hidden elements nested in it
    /// share its number, so that rules count hiding elements rather than pieces of text. 0 for
    /// text that only its position, size or colour hides.
    pub block: usize,
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
    /// A computed `font-size` of at most 1 pt (≈ 1.34 px), `em` and `%` resolved against the
    /// parent's size. `<font size=1>` is not tiny: it renders at about 10 px.
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

    /// Whether an element takes its content out of view, whatever its text looks like: the
    /// ways that hide images too and that make a hidden block.
    pub fn removes(self) -> bool {
        matches!(self, Hiding::DisplayNone | Hiding::VisibilityHidden | Hiding::Opacity | Hiding::ZeroHeight)
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
    /// The deepest nesting reached (at most [`limits::MAX_HTML_DEPTH`]).
    pub max_depth: usize,
    /// Elements opened deeper than [`limits::MAX_HTML_DEPTH`]: each took the place of the
    /// element above it (closing it) instead of nesting in it.
    pub too_deep: usize,
    /// `<img>` tags past [`limits::MAX_IMAGES`], counted and not read.
    pub images_not_read: usize,
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
pub(crate) enum Colour {
    /// An opaque colour.
    Rgb(Rgb),
    /// `transparent` or an alpha of zero.
    Transparent,
}

/// Parses a CSS colour: `#rgb`, `#rrggbb`, `#rrggbbaa`, `rgb()`, `rgba()`, a zero-alpha
/// `hsla()`, `transparent` and the common named colours.
pub(crate) fn parse_colour(value: &str) -> Option<Colour> {
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
    let args = |f: &[&str]| f.iter().find_map(|f| v.strip_prefix(f));
    let parts = |args: &str| -> Vec<String> {
        args.trim_end_matches(')').split([',', ' ', '/']).filter(|s| !s.is_empty()).map(str::to_string).collect()
    };
    let zero_alpha = |parts: &[String]| parts.len() == 4 && parts[3].trim_end_matches('%').parse::<f64>() == Ok(0.0);
    if let Some(args) = args(&["rgba(", "rgb("]) {
        let parts = parts(args);
        let channel = |s: &str| -> Option<u8> {
            match s.strip_suffix('%') {
                Some(p) => p.parse::<f64>().ok().map(|p| (p.clamp(0.0, 100.0) * 2.55).round() as u8),
                None => s.parse::<f64>().ok().map(|n| n.clamp(0.0, 255.0).round() as u8),
            }
        };
        if zero_alpha(&parts) {
            return Some(Colour::Transparent);
        }
        if parts.len() >= 3 {
            return Some(Colour::Rgb(Rgb(channel(&parts[0])?, channel(&parts[1])?, channel(&parts[2])?)));
        }
        return None;
    }
    if let Some(args) = args(&["hsla(", "hsl("]) {
        // Only the alpha matters to us: a zero alpha hides the text whatever the hue.
        return zero_alpha(&parts(args)).then_some(Colour::Transparent);
    }
    named_colour(&v).map(Colour::Rgb)
}

/// Parses a colour attribute (`bgcolor`, `<font color>`, `<body text>`): legacy HTML accepts
/// hex digits without the `#` (`bgcolor="1f3a5f"`), and browsers paint them.
fn parse_legacy_colour(value: &str) -> Option<Colour> {
    parse_colour(value).or_else(|| {
        let v = value.trim();
        let hex = matches!(v.len(), 3 | 6) && v.bytes().all(|b| b.is_ascii_hexdigit());
        hex.then(|| parse_colour(&format!("#{v}"))).flatten()
    })
}

/// The CSS named colours that email templates use. A name missing here is an unknown colour:
/// as a background it stops low-contrast judgement rather than be taken for white.
fn named_colour(name: &str) -> Option<Rgb> {
    let rgb = match name {
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
        "aqua" | "cyan" => Rgb(0, 255, 255),
        "fuchsia" | "magenta" => Rgb(255, 0, 255),
        "lime" => Rgb(0, 255, 0),
        "olive" => Rgb(128, 128, 0),
        "teal" => Rgb(0, 128, 128),
        "beige" => Rgb(245, 245, 220),
        "brown" => Rgb(165, 42, 42),
        "coral" => Rgb(255, 127, 80),
        "crimson" => Rgb(220, 20, 60),
        "gold" => Rgb(255, 215, 0),
        "indigo" => Rgb(75, 0, 130),
        "khaki" => Rgb(240, 230, 140),
        "lavender" => Rgb(230, 230, 250),
        "linen" => Rgb(250, 240, 230),
        "mintcream" => Rgb(245, 255, 250),
        "pink" => Rgb(255, 192, 203),
        "salmon" => Rgb(250, 128, 114),
        "tan" => Rgb(210, 180, 140),
        "tomato" => Rgb(255, 99, 71),
        "turquoise" => Rgb(64, 224, 208),
        "violet" => Rgb(238, 130, 238),
        "wheat" => Rgb(245, 222, 179),
        "azure" => Rgb(240, 255, 255),
        "aliceblue" => Rgb(240, 248, 255),
        "ghostwhite" => Rgb(248, 248, 255),
        "honeydew" => Rgb(240, 255, 240),
        "seashell" => Rgb(255, 245, 238),
        "floralwhite" => Rgb(255, 250, 240),
        "oldlace" => Rgb(253, 245, 230),
        "cornsilk" => Rgb(255, 248, 220),
        "lemonchiffon" => Rgb(255, 250, 205),
        "papayawhip" => Rgb(255, 239, 213),
        "antiquewhite" => Rgb(250, 235, 215),
        "blanchedalmond" => Rgb(255, 235, 205),
        "bisque" => Rgb(255, 228, 196),
        "mistyrose" => Rgb(255, 228, 225),
        "lavenderblush" => Rgb(255, 240, 245),
        "lightyellow" => Rgb(255, 255, 224),
        "lightblue" => Rgb(173, 216, 230),
        "lightgreen" => Rgb(144, 238, 144),
        "lightcyan" => Rgb(224, 255, 255),
        "lightpink" => Rgb(255, 182, 193),
        "lightsteelblue" => Rgb(176, 196, 222),
        "powderblue" => Rgb(176, 224, 230),
        "darkblue" => Rgb(0, 0, 139),
        "darkgreen" => Rgb(0, 100, 0),
        "darkred" => Rgb(139, 0, 0),
        "darkorange" => Rgb(255, 140, 0),
        "darkslateblue" => Rgb(72, 61, 139),
        "darkslategray" | "darkslategrey" => Rgb(47, 79, 79),
        "dimgray" | "dimgrey" => Rgb(105, 105, 105),
        "slategray" | "slategrey" => Rgb(112, 128, 144),
        "lightslategray" | "lightslategrey" => Rgb(119, 136, 153),
        "steelblue" => Rgb(70, 130, 180),
        "royalblue" => Rgb(65, 105, 225),
        "dodgerblue" => Rgb(30, 144, 255),
        "cornflowerblue" => Rgb(100, 149, 237),
        "skyblue" => Rgb(135, 206, 235),
        "midnightblue" => Rgb(25, 25, 112),
        "firebrick" => Rgb(178, 34, 34),
        "orangered" => Rgb(255, 69, 0),
        "chocolate" => Rgb(210, 105, 30),
        "sienna" => Rgb(160, 82, 45),
        "forestgreen" => Rgb(34, 139, 34),
        "seagreen" => Rgb(46, 139, 87),
        _ => return None,
    };
    Some(rgb)
}

/// The default font size in pixels, which `em` and `%` resolve against at the top.
const DEFAULT_FONT_PX: f64 = 16.0;
/// Font sizes at or below this are invisible: 1 pt.
const TINY_PX: f64 = 1.34;

/// Parses a CSS length into pixels; `None` for relative units we cannot resolve.
pub(crate) fn length_px(value: &str) -> Option<f64> {
    length_in(value, DEFAULT_FONT_PX)
}

/// Parses a CSS length into pixels, `em`, `%`, `ex` and `ch` resolved against `em_px` (the
/// parent's font size for `font-size`); `None` for keywords and values we do not understand.
fn length_in(value: &str, em_px: f64) -> Option<f64> {
    let v = value.trim().trim_end_matches("!important").trim().to_ascii_lowercase();
    let split = v.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+')).unwrap_or(v.len());
    let (num, unit) = v.split_at(split);
    let n: f64 = num.parse().ok()?;
    let px = match unit.trim() {
        "" | "px" => n,
        "pt" => n * 4.0 / 3.0,
        _ if n == 0.0 => 0.0,
        "em" => n * em_px,
        "rem" => n * DEFAULT_FONT_PX,
        "%" => n / 100.0 * em_px,
        "ex" | "ch" => n * em_px / 2.0,
        _ => return None,
    };
    px.is_finite().then_some(px)
}

/// The style an element passes to its children.
///
/// Each way of hiding is kept apart, because children can undo some of them and not others: a
/// child that sets a normal `font-size`, an opaque `color` or `visibility:visible` is seen again
/// in browsers (templates put `font-size:0` on table cells and size the text inside), while
/// `display:none`, `opacity`, a clipped zero height and an off-page position hold for the
/// whole subtree.
#[derive(Debug, Clone, Copy)]
struct Style {
    fg: Rgb,
    bg: Rgb,
    /// Whether an inline style or attribute set the background (a stylesheet may set it
    /// otherwise, and then an assumed white background proves nothing).
    bg_explicit: bool,
    /// Whether something the renderer cannot see paints the background: an image, a gradient,
    /// a colour it does not know, or a page whose text colour `<body text=…>` sets (such pages
    /// pair it with a background of their own). Contrast is not judged then.
    bg_unknown: bool,
    font_px: f64,
    transparent: bool,
    display_none: bool,
    visibility_hidden: bool,
    opacity_zero: bool,
    zero_height: bool,
    off_page: bool,
    /// The text colour is (nearly) the background's: distance and WCAG ratio.
    low_contrast: Option<(f64, f64)>,
    /// The hidden block the element is in (see [`HiddenText::block`]); 0 outside one.
    block: usize,
    pre: bool,
    raw_text: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            fg: Rgb::BLACK,
            bg: Rgb::WHITE,
            bg_explicit: false,
            bg_unknown: false,
            font_px: DEFAULT_FONT_PX,
            transparent: false,
            display_none: false,
            visibility_hidden: false,
            opacity_zero: false,
            zero_height: false,
            off_page: false,
            low_contrast: None,
            block: 0,
            pre: false,
            raw_text: false,
        }
    }
}

impl Style {
    /// How the element's text is hidden, the strongest way first: taken out of the layout, then
    /// out of view, then too small, transparent or the colour of the background.
    fn hiding(&self) -> Option<Hiding> {
        if self.display_none {
            Some(Hiding::DisplayNone)
        } else if self.visibility_hidden {
            Some(Hiding::VisibilityHidden)
        } else if self.opacity_zero {
            Some(Hiding::Opacity)
        } else if self.zero_height {
            Some(Hiding::ZeroHeight)
        } else if self.off_page {
            Some(Hiding::OffPage)
        } else if self.font_px <= TINY_PX {
            Some(Hiding::TinyFont)
        } else if self.transparent {
            Some(Hiding::Transparent)
        } else {
            self.low_contrast.map(|(distance, ratio)| Hiding::LowContrast { distance, ratio })
        }
    }

    /// Whether the element takes its content out of view (see [`Hiding::removes`]).
    fn removes(&self) -> bool {
        self.display_none || self.visibility_hidden || self.opacity_zero || self.zero_height
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

/// How many letters of a split word are looked at on either side of the tag: enough for any
/// real word, and it keeps the work per chunk bounded.
const MAX_WORD_CHARS: usize = 64;

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
    /// Whether a `<style>` element or a linked style sheet was seen: class rules may then set
    /// colours we cannot see.
    has_stylesheet: bool,
    /// Tags and comments since the last text chunk, for the inside-words counts.
    tags_since_text: usize,
    comments_since_text: usize,
    /// Hidden blocks numbered so far (see [`HiddenText::block`]).
    blocks: usize,
    /// Elements closed early, by a sibling that took their place past
    /// [`limits::MAX_HTML_DEPTH`]: once the innermost element is closed, that many end tags
    /// have nothing left to close.
    closed_early: usize,
    /// The text's length when a position into it was last recorded (a link's start or end, an
    /// image, a quote's start or end). A line break takes back trailing spaces only after it:
    /// a position past the text, or inside a character written later, is a slice that panics
    /// (the fuzzer found both: `&nbsp;<a href><td>`, then Korean text after such a link).
    marked: usize,
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
        text.truncate(text.trim_end_matches(' ').len().max(self.marked));
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
                    // A linked sheet may colour backgrounds by class, as a `<style>` sheet may.
                    self.has_stylesheet = true;
                }
            }
            _ => {}
        }
        if name == "style" {
            self.has_stylesheet = true;
            self.doc.style_sheets.push(String::new());
        }
        let parent = self.style();
        let mut style = child_style(parent, name, attr, self.has_stylesheet);
        // The outermost element that removes its content starts a hidden block; hidden elements
        // inside it belong to the same block.
        style.block = match (style.removes(), parent.removes() && parent.block > 0) {
            (false, _) => 0,
            (true, true) => parent.block,
            (true, false) => {
                self.blocks += 1;
                self.blocks
            }
        };
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
            self.marked = at;
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
        if self.stack.len() >= limits::MAX_HTML_DEPTH {
            // Deeper than a browser nests: the element replaces the innermost one (as a sibling
            // of it), so that the stack, and the work per tag that walks it, stay bounded.
            self.doc.stats.too_deep += 1;
            self.closed_early += 1;
            if let Some(frame) = self.stack.pop() {
                self.close(frame);
            }
        }
        if name == "blockquote" {
            self.marked = self.doc.text.len();
        }
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
        if self.doc.images.len() >= limits::MAX_IMAGES {
            self.doc.stats.images_not_read += 1;
            return;
        }
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
            hidden: style.removes() || style.off_page,
            bytes,
            at: self.doc.text.len(),
            src,
        });
        self.marked = self.doc.text.len();
    }

    fn end_tag(&mut self, name: &str) {
        self.doc.stats.tags += 1;
        self.tags_since_text += 1;
        match name {
            "head" => self.doc.stats.head_close += 1,
            "body" => self.doc.stats.body_close += 1,
            _ => {}
        }
        if self.closed_early > 0 && self.stack.len() < limits::MAX_HTML_DEPTH && !VOID.contains(&name) {
            self.closed_early -= 1;
            return;
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
                self.close(frame);
            }
        }
        if BLOCK.contains(&name) {
            self.break_line();
        }
    }

    /// Ends an element taken off the stack: its link's text, the title, a quoted block.
    fn close(&mut self, frame: Frame) {
        if let Some(i) = frame.link {
            self.end_link(i);
        }
        if &*frame.name == "title" {
            self.doc.title = self.title.take().map(|t| collapse_spaces(&t));
        }
        if &*frame.name == "blockquote" && frame.text_start < self.doc.text.len() {
            self.doc.quoted.push(frame.text_start..self.doc.text.len());
            self.marked = self.doc.text.len();
        }
    }

    /// Ends link `i` where the text stands now.
    fn end_link(&mut self, i: usize) {
        let end = self.doc.text.len();
        self.marked = end;
        let link = &mut self.doc.links[i];
        link.span.end = end;
        link.text = self.doc.text[link.span.clone()].trim().to_string();
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
            if self.stack.last().is_some_and(|f| &*f.name == "style") {
                if let Some(sheet) = self.doc.style_sheets.last_mut() {
                    sheet.push_str(raw);
                }
            }
            return;
        }
        let hiding = style.hiding();
        let chunk = if style.pre { raw.replace("\r\n", "\n") } else { collapse_spaces(raw) };
        if chunk.trim().is_empty() {
            if !chunk.is_empty()
                && !self.doc.text.is_empty()
                && !self.doc.text.ends_with([' ', '\n'])
                && hiding.is_none()
            {
                self.doc.text.push(' ');
            }
            return;
        }
        if let Some(how @ (Hiding::DisplayNone | Hiding::VisibilityHidden)) = hiding {
            self.push_hidden(None, chunk.trim().to_string(), how, style.block);
            return;
        }
        let previous_ends_word = self.doc.text.chars().next_back().is_some_and(char::is_alphanumeric);
        let starts_word = chunk.chars().next().is_some_and(char::is_alphanumeric);
        let split = previous_ends_word && starts_word && self.tags_since_text + self.comments_since_text > 0;
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
        if split {
            self.mark_split_word(start);
        }
        if let Some(how) = hiding.filter(|h| h.keeps_text()) {
            let trimmed = chunk.trim();
            let lead = chunk.len() - chunk.trim_start().len();
            let block = style.block;
            self.push_hidden(Some(start + lead..start + lead + trimmed.len()), trimmed.to_string(), how, block);
        }
    }

    /// Records the word that a tag splits at `at` in the text: from the start of the word before
    /// the tag to the end of the word after it. A word split again continues its range
    /// (`V<b></b>ia<i></i>gra` is one range). The look back stops after [`MAX_WORD_CHARS`]
    /// characters, so that a long run of split letters stays linear.
    fn mark_split_word(&mut self, at: usize) {
        let text = &self.doc.text;
        let head: usize =
            text[at..].chars().take_while(|c| c.is_alphanumeric()).take(MAX_WORD_CHARS).map(char::len_utf8).sum();
        let end = at + head;
        if let Some(last) = self.doc.split_words.last_mut().filter(|r| r.end == at) {
            last.end = end;
            return;
        }
        let tail: usize =
            text[..at].chars().rev().take_while(|c| c.is_alphanumeric()).take(MAX_WORD_CHARS).map(char::len_utf8).sum();
        self.doc.split_words.push(at - tail..end);
    }

    fn push_hidden(&mut self, span: Option<Range<usize>>, text: String, how: Hiding, block: usize) {
        // Adjacent chunks hidden the same way are one entry; text that an element removes from
        // view joins only text of the same element (two `display:none` blocks far apart are two).
        if let Some(last) = self.doc.hidden.last_mut() {
            let contiguous = match (&last.span, &span) {
                (Some(a), Some(b)) => self.doc.text[a.end..b.start].trim().is_empty(),
                (None, None) => true,
                _ => false,
            };
            let same_element = last.block == block;
            if contiguous && same_element && std::mem::discriminant(&last.how) == std::mem::discriminant(&how) {
                if let (Some(a), Some(b)) = (&mut last.span, &span) {
                    a.end = b.end;
                }
                last.text.push(' ');
                last.text.push_str(&text);
                return;
            }
        }
        self.doc.hidden.push(HiddenText { span, text, how, block });
    }

    fn finish(mut self) -> HtmlDoc {
        while let Some(frame) = self.stack.pop() {
            if let Some(i) = frame.link {
                self.end_link(i);
            }
        }
        let trimmed = self.doc.text.trim_end().len();
        self.doc.text.truncate(trimmed);
        for image in &mut self.doc.images {
            image.at = image.at.min(trimmed);
        }
        for w in &mut self.doc.split_words {
            w.end = w.end.min(trimmed);
            w.start = w.start.min(w.end);
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
    if has_stylesheet && (attr("class").is_some() || attr("id").is_some()) {
        // A sheet may paint this element's background by class or id, over the colour that an
        // outer element set inline; only an inline colour of its own is known again.
        s.bg_explicit = false;
    }
    if let Some(value) = attr("bgcolor") {
        set_background(&mut s, parse_legacy_colour(value), value);
    }
    if attr("background").is_some_and(|v| !v.trim().is_empty()) {
        // A background image: whatever colour it has, the renderer cannot see it.
        s.bg_unknown = true;
    }
    if let Some(text) = attr("text").filter(|_| name == "body") {
        // The text colour is known, but pages that set it pair it with a background of their
        // own that may be an image; only an inner element's own background is judged.
        set_colour(&mut s, parse_legacy_colour(text), text);
        s.bg_unknown = true;
    }
    if name == "font" {
        if let Some(colour) = attr("color") {
            set_colour(&mut s, parse_legacy_colour(colour), colour);
        }
        // `<font size=1>` renders at about 10 px, readable: it is not hidden, whatever its size.
    }
    if attr("hidden").is_some() {
        s.display_none = true;
    }
    let decls = attr("style").map(parse_style).unwrap_or_default();
    let get = |k: &str| {
        decls
            .iter()
            .rev()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().trim_end_matches("!important").trim().to_ascii_lowercase())
    };
    if get("display").is_some_and(|v| v.starts_with("none")) {
        s.display_none = true;
    }
    match get("visibility") {
        Some(v) if v.starts_with("hidden") || v.starts_with("collapse") => s.visibility_hidden = true,
        // A visible child of a `visibility:hidden` element is seen again.
        Some(v) if v.starts_with("visible") => s.visibility_hidden = false,
        _ => {}
    }
    if get("opacity").and_then(|v| v.parse::<f64>().ok()).is_some_and(|o| o <= 0.05) {
        s.opacity_zero = true;
    }
    let zero = |k: &str| get(k).and_then(|v| length_px(&v)).is_some_and(|px| px <= 0.0);
    if (zero("max-height") || zero("height")) && get("overflow").is_some_and(|v| v.starts_with("hidden")) {
        s.zero_height = true;
    }
    if let Some(px) = get("font-size").and_then(|v| length_in(&v, parent.font_px)) {
        s.font_px = px;
    }
    let far_off = |k: &str| get(k).and_then(|v| length_px(&v)).is_some_and(|px| px <= -100.0);
    if far_off("top") || far_off("left") || far_off("text-indent") {
        s.off_page = true;
    }
    if let Some(v) = get("background") {
        if v.contains("url(") || v.contains("gradient(") || v.contains("image-set(") {
            s.bg_unknown = true;
        } else {
            // The shorthand names its colour first or alone (`#fff no-repeat`, `rgb(0, 0, 0)`).
            let first = v.split_whitespace().next().unwrap_or("");
            let colour = parse_colour(&v).or_else(|| parse_colour(first));
            set_background(&mut s, colour, first);
        }
    }
    if let Some(v) = get("background-color") {
        set_background(&mut s, parse_colour(&v), &v);
    }
    if get("background-image").is_some_and(|v| v.contains("url(") || v.contains("gradient(")) {
        s.bg_unknown = true;
    }
    if let Some(v) = get("color") {
        set_colour(&mut s, parse_colour(&v), &v);
    }
    let distance = s.fg.distance(s.bg);
    let ratio = s.fg.contrast_ratio(s.bg);
    let background_known = (s.bg_explicit || !has_stylesheet) && !s.bg_unknown;
    // Judged afresh for every element, so a child that restores contrast is visible again.
    s.low_contrast = ((distance < 12.0 || ratio < 1.5) && background_known).then_some((distance, ratio));
    s
}

/// CSS keywords that leave the inherited colour or background as it is.
fn is_keyword(value: &str) -> bool {
    matches!(value.trim().to_ascii_lowercase().as_str(), "" | "none" | "inherit" | "initial" | "unset" | "currentcolor")
}

/// Applies a background colour. A transparent background shows its parent's; a value the
/// renderer does not understand hides what is under the text, so contrast is not judged.
fn set_background(s: &mut Style, colour: Option<Colour>, value: &str) {
    match colour {
        Some(Colour::Rgb(c)) => {
            s.bg = c;
            s.bg_explicit = true;
            // An opaque colour paints over any image of a container.
            s.bg_unknown = false;
        }
        Some(Colour::Transparent) => {}
        None if is_keyword(value) => {}
        None => s.bg_unknown = true,
    }
}

/// Applies a text colour: an opaque colour makes transparent text seen again, as browsers do;
/// a value the renderer does not understand keeps the inherited colour.
fn set_colour(s: &mut Style, colour: Option<Colour>, value: &str) {
    match colour {
        Some(Colour::Rgb(c)) => {
            s.fg = c;
            s.transparent = false;
        }
        Some(Colour::Transparent) => s.transparent = true,
        None if is_keyword(value) => {}
        None => s.transparent = false,
    }
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
    fn a_line_break_keeps_the_spaces_a_link_or_image_opened_after() {
        // Found by the fuzzer: the link opens after a space that the cell's line break then took
        // back, and the link, never closed, ended before it began; or Korean text written after
        // the break put the link's start inside a character.
        for html in [
            "\u{fffd}\n&nbsp;<a href><td><i",
            "ö\n&nbsp;<a href><td><i",
            "y &nbsp<a href><P/>그",
            "y &nbsp<a href='h'>x</a> <p>그</p>",
            "y <img src='i.png'> <p>그",
            "y <blockquote> <p>그</p></blockquote>",
            "x&nbsp;<a href><td><i",
            "x <a href='h'><td>y",
            "x <a href='h'><td></a>",
        ] {
            let doc = render(html, &[]);
            let inside = |at: usize| at <= doc.text.len() && doc.text.is_char_boundary(at);
            assert!(doc.images.iter().all(|i| inside(i.at)), "{html}");
            assert!(doc.quoted.iter().all(|q| q.start <= q.end && inside(q.start) && inside(q.end)), "{html}");
            for link in &doc.links {
                assert!(
                    link.span.start <= link.span.end && inside(link.span.start) && inside(link.span.end),
                    "{html}: {link:?}"
                );
            }
        }
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
        let linked =
            "<link rel=stylesheet href='https://x.example/a.css'><p class=dark><font color=ffffff>Hi</font></p>";
        assert!(render(linked, &[]).hidden.is_empty());
        let classed = "<style></style><body bgcolor=ffffff><td class=title><font color=ffffff>Hi</font></td></body>";
        assert!(render(classed, &[]).hidden.is_empty());
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
        assert_eq!(doc.stats.max_depth, limits::MAX_HTML_DEPTH);
        assert_eq!((doc.stats.too_deep, doc.stats.extra_closes), (10_000 - limits::MAX_HTML_DEPTH, 0));
    }

    #[test]
    fn title_and_scripts_are_not_text() {
        let doc = render("<html><head><title>Big  Sale</title><style>p{}</style></head><body><script>x=1</script><p>Hi</p></body></html>", &[]);
        assert_eq!(doc.text, "Hi");
        assert_eq!(doc.title.as_deref(), Some("Big Sale"));
        assert_eq!(doc.stats.scripts, 1);
    }

    #[test]
    fn a_child_can_restore_font_size_colour_and_visibility() {
        let doc = render(
            "<td style='font-size:0'><span style='font-size:14px'>Hello</span> tiny</td>\
             <span style='color:transparent'><b style='color:#333'>Hi</b> gone</span>\
             <div style='visibility:hidden'>a <span style='visibility:visible'>seen</span></div>\
             <div style='display:none'><span style='display:block;visibility:visible'>never</span></div>",
            &[],
        );
        let hidden: Vec<(&str, Hiding)> = doc.hidden.iter().map(|h| (h.text.as_str(), h.how)).collect();
        assert_eq!(
            hidden,
            [
                ("tiny", Hiding::TinyFont),
                ("gone", Hiding::Transparent),
                ("a", Hiding::VisibilityHidden),
                ("never", Hiding::DisplayNone)
            ]
        );
        assert!(doc.text.contains("Hello") && doc.text.contains("seen") && !doc.text.contains("never"));
        // `em` resolves against the parent's size: 0.05em of 16 px is under 1 pt.
        let doc = render("<div style='font-size:20px'><span style='font-size:0.05em'>x1</span></div>", &[]);
        assert_eq!(doc.hidden[0].how, Hiding::TinyFont);
    }

    #[test]
    fn font_size_one_is_readable() {
        let doc = render("<p>Hi</p><font size=1>Confidential notice</font>", &[]);
        assert!(doc.hidden.is_empty());
    }

    #[test]
    fn each_hiding_element_is_its_own_block() {
        let doc = render(
            "<div style='display:none'>one</div><p>x</p><div style='display:none'>two <b>three</b>\
             <i style='opacity:0'>four</i></div><div style='opacity:0'>five <b style='display:none'>six</b></div>",
            &[],
        );
        let blocks: Vec<(&str, usize)> = doc.hidden.iter().map(|h| (h.text.as_str(), h.block)).collect();
        assert_eq!(blocks, [("one", 1), ("two three four", 2), ("five", 3), ("six", 3)]);
        assert_eq!(&doc.text[doc.hidden[2].span.clone().unwrap()], "five");
    }

    #[test]
    fn unseen_backgrounds_are_not_judged() {
        let unjudged = [
            "<div style=\"background:url(x.jpg)\"><span style='color:#fff'>Hi</span></div>",
            "<div style='background-image:linear-gradient(#000,#333)'><span style='color:#fff'>Hi</span></div>",
            "<td background='dark.jpg'><span style='color:#fff'>Hi</span></td>",
            "<body text='#ffffff'><p>Hi</p></body>",
            "<body text='#ffffff' bgcolor='#000000'><table><tr><td>Hi</td></tr></table></body>",
            "<div style='background:var(--bg)'><span style='color:#fff'>Hi</span></div>",
        ];
        for html in unjudged {
            assert!(render(html, &[]).hidden.is_empty(), "{html}");
        }
        // A legacy colour without `#` is hex, as browsers read it, and named colours are known.
        let doc = render("<table bgcolor='1f3a5f'><tr><td><font color='ffffff'>Hi</font></td></tr></table>", &[]);
        assert!(doc.hidden.is_empty());
        let doc = render("<table bgcolor='1f3a5f'><tr><td><font color='1f3a5e'>Hi</font></td></tr></table>", &[]);
        assert!(matches!(doc.hidden[0].how, Hiding::LowContrast { .. }));
        let doc = render("<div style='background:teal'><span style='color:teal'>Hi</span></div>", &[]);
        assert!(matches!(doc.hidden[0].how, Hiding::LowContrast { .. }));
        let doc =
            render("<body text='ffffff' bgcolor='000000'><table bgcolor='#fff'><tr><td>Hi</td></tr></table>", &[]);
        assert!(matches!(doc.hidden[0].how, Hiding::LowContrast { .. }));
        // A colour set inside an image paints over it and is judged again.
        let doc = render("<div style='background:url(x.jpg)'><p style='background:#fff;color:#fff'>Hi</p></div>", &[]);
        assert_eq!(doc.hidden.len(), 1);
    }

    #[test]
    fn images_are_hidden_only_out_of_view() {
        let html = "<div style='color:#fff'><img src=a></div><span style='font-size:0'><img src=b></span>\
                    <div style='display:none'><img src=c></div><img src=d style='opacity:0'>\
                    <div style='height:0;overflow:hidden'><img src=e></div><img src=f style='position:absolute;left:-9999px'>\
                    <div style='visibility:hidden'><img src=g></div>";
        let hidden: Vec<bool> = render(html, &[]).images.iter().map(|i| i.hidden).collect();
        assert_eq!(hidden, [false, false, true, true, true, true, true]);
    }

    #[test]
    fn split_words_have_places_and_style_sheets_their_text() {
        let doc = render(
            "<style>.a{left:-999px}</style><p>V<b></b>ia<i></i>gra and <i>normal</i> words fr<!-- -->ee</p>",
            &[],
        );
        let words: Vec<&str> = doc.split_words.iter().map(|r| &doc.text[r.clone()]).collect();
        assert_eq!(words, ["Viagra", "free"]);
        assert_eq!(doc.style_sheets, [".a{left:-999px}"]);
        let doc = render("<p>caf<b>é</b>s</p>", &[]);
        assert_eq!(&doc.text[doc.split_words[0].clone()], "cafés");
    }
}
