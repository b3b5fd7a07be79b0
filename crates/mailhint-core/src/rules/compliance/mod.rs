//! Legal-requirement rules for commercial mail (C).

use super::Rule;

mod c01_missing_opt_out;
mod c02_missing_postal_address;
mod c03_missing_sender_identity;
mod c04_consent_required_region;
mod c05_misleading_transactional_subject;
mod common;

/// The family's rules, in code order.
pub(super) static RULES: &[&Rule] = &[
    &c01_missing_opt_out::RULE,
    &c02_missing_postal_address::RULE,
    &c03_missing_sender_identity::RULE,
    &c04_consent_required_region::RULE,
    &c05_misleading_transactional_subject::RULE,
];
