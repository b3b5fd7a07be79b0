//! Body wording rules (B).

use super::Rule;

mod b01_generic_salutation;
mod b02_b2b_self_introduction;
mod b03_advance_fee_phrases;
mod b04_absolute_guarantee;
mod b05_free_quote_offer;
mod b06_large_money_amount;
mod b07_urgency_pressure;
mod b08_offer_hype;
mod b09_spammy_opt_out_wording;
mod b10_unfilled_placeholder;
mod b11_no_personalisation;
mod b12_filtered_topic;
mod b13_obfuscated_spam_word;
mod b14_too_little_text;
mod b15_long_cold_email;
mod b16_long_word_runs;
mod common;

/// The family's rules, in code order.
pub(super) static RULES: &[&Rule] = &[
    &b01_generic_salutation::RULE,
    &b02_b2b_self_introduction::RULE,
    &b03_advance_fee_phrases::RULE,
    &b04_absolute_guarantee::RULE,
    &b05_free_quote_offer::RULE,
    &b06_large_money_amount::RULE,
    &b07_urgency_pressure::RULE,
    &b08_offer_hype::RULE,
    &b09_spammy_opt_out_wording::RULE,
    &b10_unfilled_placeholder::RULE,
    &b11_no_personalisation::RULE,
    &b12_filtered_topic::RULE,
    &b13_obfuscated_spam_word::RULE,
    &b14_too_little_text::RULE,
    &b15_long_cold_email::RULE,
    &b16_long_word_runs::RULE,
];
