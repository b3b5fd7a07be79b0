//! Hidden-text rules (X).

use super::Rule;

mod x01_low_contrast_text;
mod x02_tiny_or_transparent_text;
mod x03_hidden_block;
mod x04_off_page_text;
mod x05_tags_inside_words;
mod x06_entity_encoded_text;

/// The family's rules, in code order.
pub(super) static RULES: &[&Rule] = &[
    &x01_low_contrast_text::RULE,
    &x02_tiny_or_transparent_text::RULE,
    &x03_hidden_block::RULE,
    &x04_off_page_text::RULE,
    &x05_tags_inside_words::RULE,
    &x06_entity_encoded_text::RULE,
];

/// Whether `text` has a letter or digit (a word a reader could read).
fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// `text` shortened to about `max` characters for a message.
fn excerpt(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}
