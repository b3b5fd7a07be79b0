//! Images-against-text and HTML-structure rules (H).

use super::Rule;

mod common;
mod h01_short_text_with_images;
mod h02_image_only_message;
mod h03_linked_image_short_text;
mod h04_large_banner_image;
mod h05_heavy_images;
mod h06_image_without_alt;
mod h07_image_on_untrusted_host;
mod h08_tracking_pixel;
mod h09_html_clipped_by_gmail;
mod h10_active_html_content;
mod h11_short_centered_layout;
mod h12_broken_html_structure;

/// The family's rules, in code order.
pub(super) static RULES: &[&Rule] = &[
    &h01_short_text_with_images::RULE,
    &h02_image_only_message::RULE,
    &h03_linked_image_short_text::RULE,
    &h04_large_banner_image::RULE,
    &h05_heavy_images::RULE,
    &h06_image_without_alt::RULE,
    &h07_image_on_untrusted_host::RULE,
    &h08_tracking_pixel::RULE,
    &h09_html_clipped_by_gmail::RULE,
    &h10_active_html_content::RULE,
    &h11_short_centered_layout::RULE,
    &h12_broken_html_structure::RULE,
];
