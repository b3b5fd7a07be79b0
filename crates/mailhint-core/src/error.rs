//! Errors of the entry points that take bytes: only input that is no draft at all is an error;
//! a malformed draft is still linted.

use std::fmt;

/// Why an input could not be analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
}

/// The kinds of [`Error`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is empty.
    Empty,
    /// The input is larger than [`crate::limits::MAX_INPUT_BYTES`].
    TooLarge {
        /// Its size in bytes.
        size: usize,
    },
    /// The input looks like a JSON draft but does not follow the draft schema.
    BadJson {
        /// What serde_json said, with line and column.
        reason: String,
    },
    /// The input is no JSON draft, and this build reads no raw messages (it was built without
    /// the `mime` feature: the extension's compose module).
    RawNeedsMime,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error { kind }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Empty => write!(f, "the input is empty: expected an email message or a JSON draft"),
            ErrorKind::TooLarge { size } => write!(
                f,
                "the input is {size} bytes, more than the {} bytes mailhint reads",
                crate::limits::MAX_INPUT_BYTES
            ),
            ErrorKind::BadJson { reason } => write!(f, "the JSON draft is not valid: {reason}"),
            ErrorKind::RawNeedsMime => write!(f, "expected a JSON draft: this build reads no raw email messages"),
        }
    }
}

impl std::error::Error for Error {}
