//! Recipient, sender and personalisation rules (R).

use super::Rule;

pub(crate) mod address;
mod r01_exposed_recipient_list;
mod r02_bcc_blast;
mod r03_freemail_reply_to;
mod r04_freemail_sender;
mod r05_misleading_display_name;
mod r06_machine_like_sender_address;
mod r07_role_mailbox_greeting;
mod r08_invalid_recipient_address;
pub(crate) mod r09_recipient_domain_typo;
pub(crate) mod r10_recipient_domain_takes_no_mail;

/// The family's rules, in code order.
pub(super) static RULES: &[&Rule] = &[
    &r01_exposed_recipient_list::RULE,
    &r02_bcc_blast::RULE,
    &r03_freemail_reply_to::RULE,
    &r04_freemail_sender::RULE,
    &r05_misleading_display_name::RULE,
    &r06_machine_like_sender_address::RULE,
    &r07_role_mailbox_greeting::RULE,
    &r08_invalid_recipient_address::RULE,
    &r09_recipient_domain_typo::RULE,
    &r10_recipient_domain_takes_no_mail::RULE,
];
