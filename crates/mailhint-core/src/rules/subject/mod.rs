//! Subject-line rules (S).

use super::Rule;

mod s01_subject_all_caps;
mod s02_subject_shouting_words;
mod s03_subject_exclamation;
mod s04_subject_currency;
mod s05_subject_fake_reply;
mod s06_subject_missing;
mod s07_subject_length;
mod s08_subject_mailbox_name;
mod s09_subject_adv_tag;
mod s10_subject_spaced_letters;
mod s11_subject_ad_phrases;
mod s12_subject_decorative_symbols;
mod s13_subject_extra_spaces;
mod s14_html_title_differs_from_subject;
mod shared;

/// The family's rules, in code order.
pub(super) static RULES: &[&Rule] = &[
    &s01_subject_all_caps::RULE,
    &s02_subject_shouting_words::RULE,
    &s03_subject_exclamation::RULE,
    &s04_subject_currency::RULE,
    &s05_subject_fake_reply::RULE,
    &s06_subject_missing::RULE,
    &s07_subject_length::RULE,
    &s08_subject_mailbox_name::RULE,
    &s09_subject_adv_tag::RULE,
    &s10_subject_spaced_letters::RULE,
    &s11_subject_ad_phrases::RULE,
    &s12_subject_decorative_symbols::RULE,
    &s13_subject_extra_spaces::RULE,
    &s14_html_title_differs_from_subject::RULE,
];
