//! Helpers that several subject rules share.

use crate::analysis::Analysis;
use crate::lexicon;

/// Whether the subject was inherited from the conversation: the draft answers or forwards a
/// message and the subject still carries its `Re:`/`Fwd:` prefix. The words after the prefix
/// were then chosen by the other side, and changing them would break threading in most mail
/// clients, so the rules about word choice leave such subjects alone.
pub(super) fn inherited(a: &Analysis) -> bool {
    a.draft.continues_thread() && lexicon::reply_prefix_len(&a.subject) > 0
}

/// The author's own part of a subject: the text after any `Re:`/`Fwd:` prefixes, without
/// surrounding whitespace, with the byte offset where it starts in `subject`.
pub(super) fn own_part(subject: &str) -> (usize, &str) {
    let prefix = lexicon::reply_prefix_len(subject);
    let rest = &subject[prefix..];
    let trimmed = rest.trim_start();
    let start = prefix + (rest.len() - trimmed.len());
    (start, trimmed.trim_end())
}
