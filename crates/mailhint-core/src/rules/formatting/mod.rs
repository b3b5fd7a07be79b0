//! Capitals, punctuation and character rules (F).

use super::Rule;

mod f01_body_mostly_capitals;
mod f02_shouting_words;
mod f03_repeated_exclamation;
mod f04_repeated_currency_symbols;
mod f05_invisible_characters;
mod f06_mixed_alphabet_word;
mod f07_fancy_unicode_letters;
mod f08_spaced_out_text;
mod f09_foreign_charset_or_punctuation;

/// The family's rules, in code order.
pub(super) static RULES: &[&Rule] = &[
    &f01_body_mostly_capitals::RULE,
    &f02_shouting_words::RULE,
    &f03_repeated_exclamation::RULE,
    &f04_repeated_currency_symbols::RULE,
    &f05_invisible_characters::RULE,
    &f06_mixed_alphabet_word::RULE,
    &f07_fancy_unicode_letters::RULE,
    &f08_spaced_out_text::RULE,
    &f09_foreign_charset_or_punctuation::RULE,
];
