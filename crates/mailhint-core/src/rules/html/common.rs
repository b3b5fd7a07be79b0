//! Helpers the image and HTML rules share: where an image sits in the body's text, what kind of
//! image it is, and how to name sizes in messages.

use std::ops::Range;

use crate::analysis::Analysis;
use crate::html::Image;

/// The image file formats the rules tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Gif,
    Png,
    Other,
}

/// An empty span of the body's text where `img` sits. The renderer records the text length when
/// it meets the image, and may later trim spaces before that point, so the offset is clamped to
/// the text and moved back to a character boundary: it can never split a UTF-8 character.
pub(super) fn image_span(a: &Analysis, img: &Image) -> Range<usize> {
    let mut at = img.at.min(a.body.len());
    while at > 0 && !a.body.is_char_boundary(at) {
        at -= 1;
    }
    at..at
}

/// Whether `src` is fetched from the network when the mail is opened (http, https or
/// protocol-relative), as opposed to embedded (`cid:`, `data:`) or local.
pub(super) fn is_remote(src: &str) -> bool {
    let s = src.trim();
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || s.starts_with("//")
}

/// Whether the image is a pixel: both sides declared and at most 1 px, or one side declared 0.
pub(super) fn is_pixel(img: &Image) -> bool {
    match (img.width, img.height) {
        (Some(w), Some(h)) if w <= 1 && h <= 1 => true,
        (Some(0), _) | (_, Some(0)) => true,
        _ => false,
    }
}

/// The file format, read from a `data:` URI's MIME type, the path's extension, or a `cid:`
/// such as `image001.png@01D9…` (Outlook and Gmail name inline parts after the file).
pub(super) fn format(src: &str) -> Format {
    let s = src.trim();
    let head = s.get(..32).unwrap_or(s).to_ascii_lowercase();
    if let Some(rest) = head.strip_prefix("data:") {
        return if rest.starts_with("image/gif") {
            Format::Gif
        } else if rest.starts_with("image/png") {
            Format::Png
        } else {
            Format::Other
        };
    }
    let path = s.split(['?', '#']).next().unwrap_or("");
    let path = if head.starts_with("cid:") { path.split('@').next().unwrap_or("") } else { path };
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "gif" => Format::Gif,
        "png" => Format::Png,
        _ => Format::Other,
    }
}

/// The image's size in bytes: as the draft reports it, or decoded from a base64 `data:` URI.
pub(super) fn byte_size(img: &Image) -> Option<u64> {
    if img.bytes.is_some() {
        return img.bytes;
    }
    let s = img.src.trim();
    let head = s.get(..5).unwrap_or(s);
    if !head.eq_ignore_ascii_case("data:") {
        return None;
    }
    let (meta, payload) = s.split_once(',')?;
    if meta.to_ascii_lowercase().ends_with(";base64") {
        let chars = payload.bytes().filter(|b| !b.is_ascii_whitespace()).count() as u64;
        Some(chars * 3 / 4)
    } else {
        Some(payload.len() as u64)
    }
}

/// A short name for the image in messages: the file name of its URL, or a description for
/// embedded data. Cut at 60 characters, on a character boundary.
pub(super) fn image_name(src: &str) -> String {
    let s = src.trim();
    if s.get(..5).is_some_and(|h| h.eq_ignore_ascii_case("data:")) {
        return "data:…".to_string();
    }
    if s.is_empty() {
        return "(no src)".to_string();
    }
    let path = s.split(['?', '#']).next().unwrap_or(s).trim_end_matches('/');
    let name = path.rsplit('/').next().filter(|n| !n.is_empty()).unwrap_or(path);
    let name = name.strip_prefix("cid:").unwrap_or(name);
    if name.chars().count() > 60 {
        let cut: String = name.chars().take(59).collect();
        format!("{cut}…")
    } else {
        name.to_string()
    }
}

/// A byte count for people: `850 KB`, `2.4 MB`.
pub(super) fn human_bytes(n: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    let n = n as f64;
    if n >= MB {
        format!("{:.1} MB", n / MB)
    } else {
        format!("{:.0} KB", (n / 1024.0).ceil())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_data_uris_paths_and_cids() {
        assert_eq!(format("data:image/gif;base64,R0lG"), Format::Gif);
        assert_eq!(format("https://x.example/banner.PNG?v=2"), Format::Png);
        assert_eq!(format("cid:image001.png@01D9A2B3.C4D5E6F0"), Format::Png);
        assert_eq!(format("https://x.example/photo.jpg"), Format::Other);
        assert_eq!(format(""), Format::Other);
    }

    #[test]
    fn remote_sources() {
        assert!(is_remote("HTTPS://x.example/a.png") && is_remote("//cdn.example/a.gif"));
        assert!(!is_remote("cid:logo") && !is_remote("data:image/png;base64,"));
        assert!(!is_remote("é") && !is_remote("日本語のテキスト"));
    }

    #[test]
    fn data_uri_sizes_are_decoded_sizes() {
        let img = Image { src: "data:image/png;base64,AAAAAAAA".into(), ..Image::default() };
        assert_eq!(byte_size(&img), Some(6));
    }

    #[test]
    fn names_are_short_and_safe() {
        assert_eq!(image_name("https://x.example/img/logo.png?x=1"), "logo.png");
        assert_eq!(image_name("cid:image001.png@01D9"), "image001.png@01D9");
        assert!(image_name(&"图".repeat(100)).ends_with('…'));
    }
}
