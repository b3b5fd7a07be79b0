//! Link rules (L).

use super::Rule;

mod l01_url_shortener;
mod l02_link_text_mismatch;
mod l03_ip_address_link;
mod l04_obfuscated_url;
mod l05_lookalike_url;
mod l06_dangerous_link_scheme;
mod l07_redirect_wrapper_link;
mod l08_too_many_links;
mod l09_link_only_message;
mod l10_distrusted_tld;
mod l11_broken_link;
mod l12_insecure_link;
mod urls;

/// The family's rules, in code order.
pub(super) static RULES: &[&Rule] = &[
    &l01_url_shortener::RULE,
    &l02_link_text_mismatch::RULE,
    &l03_ip_address_link::RULE,
    &l04_obfuscated_url::RULE,
    &l05_lookalike_url::RULE,
    &l06_dangerous_link_scheme::RULE,
    &l07_redirect_wrapper_link::RULE,
    &l08_too_many_links::RULE,
    &l09_link_only_message::RULE,
    &l10_distrusted_tld::RULE,
    &l11_broken_link::RULE,
    &l12_insecure_link::RULE,
];
