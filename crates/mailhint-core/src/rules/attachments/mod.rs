//! Attachment rules (A).

use super::Rule;

mod a01_blocked_attachment_type;
mod a02_disguised_attachment_name;
mod a03_archive_attachment;
mod a04_oversized_attachments;
mod a05_attachment_without_context;
mod a06_attachment_mention_mismatch;
mod a07_encrypted_pdf;
mod a08_html_attachment;
mod common;

/// The family's rules, in code order.
pub(super) static RULES: &[&Rule] = &[
    &a01_blocked_attachment_type::RULE,
    &a02_disguised_attachment_name::RULE,
    &a03_archive_attachment::RULE,
    &a04_oversized_attachments::RULE,
    &a05_attachment_without_context::RULE,
    &a06_attachment_mention_mismatch::RULE,
    &a07_encrypted_pdf::RULE,
    &a08_html_attachment::RULE,
];
