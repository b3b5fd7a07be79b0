//! Hidden-text rules (X).

use super::Rule;

mod scan;
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
