//! What every rule reads: the draft plus its rendering (visible text, links, images), computed
//! once per analysis.

use std::ops::Range;

use crate::draft::{Attachment, Draft};
use crate::html::{self, HtmlDoc, Image, Link};
use crate::limits;
use crate::report::{Cut, Mode};

/// A draft, rendered for the rules.
#[derive(Debug)]
pub struct Analysis<'a> {
    /// The draft as parsed.
    pub draft: &'a Draft,
    /// The mode the rules run in.
    pub mode: Mode,
    /// The subject's text ("" when there is none); subject spans index into it.
    pub subject: String,
    /// The body's visible text; body spans index into it.
    pub body: String,
    /// The rendering of the HTML body, when the draft has one.
    pub html: Option<HtmlDoc>,
    /// Links: the HTML's anchors, or the URLs written in a plain-text body.
    pub links: Vec<Link>,
    /// Images of the HTML body.
    pub images: Vec<Image>,
    /// Byte ranges of the body quoted from an earlier message (`>` lines, `<blockquote>`), sorted
    /// and disjoint: the author did not write them and cannot fix them.
    pub quoted: Vec<Range<usize>>,
    /// What was cut at a limit while rendering (subject, body, HTML depth, links, images).
    pub clipped: Vec<Cut>,
    /// DNS answers the caller fetched for the rules that need them (R10): `None` when the host
    /// does no lookups (those rules stay silent); missing answers are noted in the store and
    /// listed in the report (`Report::lookups`) for the caller to fetch and run again.
    pub dns: Option<&'a crate::dns::Lookups>,
}

impl<'a> Analysis<'a> {
    /// Renders `draft` for the rules.
    pub fn new(draft: &'a Draft, mode: Mode) -> Analysis<'a> {
        let mut clipped = Vec::new();
        let mut clip = |text: &'a str, max: usize, cut: Cut| {
            if text.len() > max {
                clipped.push(cut);
            }
            limits::clip(text, max)
        };
        let subject = draft.subject.as_deref().map(|s| clip(s, limits::MAX_SUBJECT_BYTES, Cut::Subject));
        let subject = subject.unwrap_or("").to_string();
        let html_source = draft.html.as_deref().filter(|h| !h.trim().is_empty());
        let html = html_source.map(|h| html::render(clip(h, limits::MAX_BODY_BYTES, Cut::Body), &draft.image_sizes));
        let (body, mut links, images) = match &html {
            Some(doc) => (doc.text.clone(), doc.links.clone(), doc.images.clone()),
            None => {
                let text = draft.text.as_deref().map(|t| clip(t, limits::MAX_BODY_BYTES, Cut::Body)).unwrap_or("");
                let text = text.replace("\r\n", "\n");
                let links = plain_text_links(&text);
                (text, links, Vec::new())
            }
        };
        if let Some(stats) = html.as_ref().map(|h| &h.stats) {
            if stats.too_deep > 0 {
                clipped.push(Cut::HtmlDepth);
            }
            if stats.images_not_read > 0 {
                clipped.push(Cut::Images);
            }
        }
        if links.len() > limits::MAX_LINKS {
            clipped.push(Cut::Links);
            links.truncate(limits::MAX_LINKS);
        }
        let mut quoted = quoted_lines(&body);
        quoted.extend(html.iter().flat_map(|h| h.quoted.iter().cloned()));
        quoted.sort_by_key(|r| r.start);
        Analysis { draft, mode, subject, body, html, links, images, quoted: merge_ranges(quoted), clipped, dns: None }
    }

    /// Whether body byte `pos` lies in text quoted from an earlier message.
    pub fn is_quoted(&self, pos: usize) -> bool {
        let i = self.quoted.partition_point(|r| r.end <= pos);
        self.quoted.get(i).is_some_and(|r| r.contains(&pos))
    }

    /// Whether the body is HTML.
    pub fn is_html(&self) -> bool {
        self.html.is_some()
    }

    /// The body's attachments.
    pub fn attachments(&self) -> &[Attachment] {
        &self.draft.attachments
    }

    /// Bytes of body text a reader actually sees (hidden text left out), the measure
    /// SpamAssassin's HTML rules use.
    pub fn visible_bytes(&self) -> usize {
        let hidden: usize =
            self.html.iter().flat_map(|h| &h.hidden).filter_map(|h| h.span.as_ref()).map(|s| s.len()).sum();
        self.body.trim().len().saturating_sub(hidden)
    }

    /// The body's words with their byte ranges (letters, digits, apostrophes; each Han
    /// character counts as a word, as there are no spaces in Chinese).
    pub fn body_words(&self) -> Vec<Range<usize>> {
        words(&self.body)
    }

    /// Whether the draft shows signs of bulk sending: campaign mode, five recipients or more,
    /// or `List-Unsubscribe`/`Precedence: bulk` on a list nobody can post to (a newsletter).
    /// A discussion list (`List-Post`) is many people talking, not bulk mail.
    pub fn bulk_signals(&self) -> bool {
        let list_headers = self.draft.header("List-Unsubscribe").is_some()
            || self.draft.header("Precedence").is_some_and(|p| p.trim().eq_ignore_ascii_case("bulk"));
        let discussion_list = self.draft.header("List-Post").is_some();
        self.mode == Mode::Campaign || self.draft.recipients().count() >= 5 || (list_headers && !discussion_list)
    }

    /// The share of Han characters among letters of the subject and body (0 to 1).
    pub fn han_share(&self) -> f64 {
        let (mut han, mut letters) = (0usize, 0usize);
        for c in self.subject.chars().chain(self.body.chars()).filter(|c| c.is_alphabetic()) {
            letters += 1;
            if is_han(c) {
                han += 1;
            }
        }
        if letters == 0 {
            0.0
        } else {
            han as f64 / letters as f64
        }
    }
}

/// Whether `c` is a CJK unified ideograph.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2a6df}')
}

/// Words of `text` with their byte ranges.
pub fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_han(c) {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
            out.push(i..i + c.len_utf8());
        } else if c.is_alphanumeric() || (c == '\'' && start.is_some()) {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(s..i);
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// Byte ranges of the lines of `text` that start with `>` (quoted by a mail client), in order.
fn quoted_lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with('>') {
            out.push(start..start + line.len());
        }
        start += line.len();
    }
    out
}

/// Merges sorted ranges that overlap or touch.
fn merge_ranges(sorted: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// URLs written in plain text, as links whose text is the URL itself.
fn plain_text_links(text: &str) -> Vec<Link> {
    // A URL ends at white space, brackets, quotes, CJK text or full-width punctuation (Chinese
    // writers put no space between a URL and the next word).
    crate::regex!(concat!(
        r#"(?i)\b(?:https?://|www\.)[^\s<>"'()\[\]"#,
        crate::han_class!(),
        r#"，。！？、；：（）“”‘’]+"#
    ))
    .find_iter(text)
    // One past the limit, so that the cut shows.
    .take(limits::MAX_LINKS + 1)
    .map(|m| {
        let url = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?']);
        let span = m.start()..m.start() + url.len();
        Link { href: url.to_string(), text: url.to_string(), span, has_image: false }
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_urls_become_links() {
        let draft = Draft { text: Some("See https://x.example/spec.pdf, thanks".into()), ..Draft::default() };
        let a = Analysis::new(&draft, Mode::OneToOne);
        assert_eq!(a.links.len(), 1);
        assert_eq!(&a.body[a.links[0].span.clone()], "https://x.example/spec.pdf");
    }

    #[test]
    fn quoted_text_is_known_in_plain_and_html_bodies() {
        let draft = Draft { text: Some("Hi\n> Dear Sir,\n> quote\nBye".into()), ..Draft::default() };
        let a = Analysis::new(&draft, Mode::OneToOne);
        assert!(a.is_quoted(a.body.find("Dear").unwrap()) && !a.is_quoted(a.body.find("Bye").unwrap()));
        let draft =
            Draft { html: Some("<p>Hi</p><blockquote>Dear Sir</blockquote><p>Bye</p>".into()), ..Draft::default() };
        let a = Analysis::new(&draft, Mode::OneToOne);
        assert!(a.is_quoted(a.body.find("Dear").unwrap()) && !a.is_quoted(a.body.find("Bye").unwrap()));
    }

    #[test]
    fn han_characters_are_words() {
        let w = words("报价 MOQ 200");
        assert_eq!(w.len(), 4);
    }
}
