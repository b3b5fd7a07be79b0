//! libFuzzer runs `mailhint_fuzz::targets::dmarc_report` (its doc says what it checks).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| mailhint_fuzz::targets::dmarc_report(data));
