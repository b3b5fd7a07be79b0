//! SPF (RFC 7208): the linting parser ([`record`]), macros ([`macros`]), `check_host()`
//! ([`eval`]), the static walk of the include tree ([`tree`]) and the domain check's `SPF`
//! section.

pub mod eval;
pub mod macros;
pub mod record;

pub use eval::{check_host, check_host_with, check_mail_from, CheckHostOptions, SpfResult, SpfVerdict};
pub use record::SpfRecord;
