//! The draft: everything the linter knows about a message before it is sent, whether it came
//! from a raw RFC 5322 message ([`crate::message`]) or from the extension's JSON
//! ([`crate::input`]).

use serde::Deserialize;

use crate::report::Cut;

/// An email draft, as the author wrote it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    /// The subject; `None` when the message has no Subject header at all.
    pub subject: Option<String>,
    /// The sender.
    pub from: Option<Mailbox>,
    /// Primary recipients.
    pub to: Vec<Mailbox>,
    /// Copied recipients.
    pub cc: Vec<Mailbox>,
    /// Blind-copied recipients.
    pub bcc: Vec<Mailbox>,
    /// Where replies go.
    pub reply_to: Vec<Mailbox>,
    /// New message, reply or forward.
    pub kind: DraftKind,
    /// The HTML body, when there is one.
    pub html: Option<String>,
    /// The plain-text body, when there is one.
    pub text: Option<String>,
    /// Attached files (inline images that the HTML shows are not attachments).
    pub attachments: Vec<Attachment>,
    /// Byte sizes of images the HTML shows, by `src` (inline parts or what the editor knows).
    pub image_sizes: Vec<(String, u64)>,
    /// Headers, in order, when known (raw messages; webmail drafts have few).
    pub headers: Vec<(String, String)>,
    /// The mode the author chose, if any; the caller's choice wins over it.
    pub mode: Option<crate::Mode>,
}

/// A mailbox: an address with an optional display name. The address is kept as written, valid
/// or not: checking it is a rule's job.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mailbox {
    /// The display name, if any.
    pub name: Option<String>,
    /// The address as written.
    pub address: String,
}

impl Mailbox {
    /// The part after the last `@`, lowercased; empty when there is none.
    pub fn domain(&self) -> String {
        self.address.rsplit_once('@').map(|(_, d)| d.trim().to_ascii_lowercase()).unwrap_or_default()
    }

    /// The part before the last `@`.
    pub fn local_part(&self) -> &str {
        self.address.rsplit_once('@').map(|(l, _)| l).unwrap_or(&self.address)
    }

    /// Parses `Name <addr>`, `"Name" <addr>` or a bare address.
    pub fn parse(s: &str) -> Mailbox {
        let s = s.trim();
        if let (Some(open), true) = (s.rfind('<'), s.ends_with('>')) {
            let name = s[..open].trim().trim_matches('"').trim();
            let address = s[open + 1..s.len() - 1].trim().to_string();
            let name = (!name.is_empty()).then(|| name.to_string());
            return Mailbox { name, address };
        }
        Mailbox { name: None, address: s.to_string() }
    }
}

/// Whether the draft starts a conversation or continues one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DraftKind {
    /// A new message.
    #[default]
    New,
    /// A reply to a received message.
    Reply,
    /// A forward of a received message.
    Forward,
}

/// An attached file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attachment {
    /// The file name as the recipient will see it.
    pub name: String,
    /// Size in bytes, when known.
    pub size: Option<u64>,
    /// MIME type, when known.
    pub mime: Option<String>,
    /// Whether the file is an encrypted PDF or a password-protected archive, when known.
    pub encrypted: bool,
}

impl Attachment {
    /// The last extension of the name, lowercased (`"zip"` for `a.pdf.zip`).
    pub fn extension(&self) -> Option<String> {
        let name = self.name.trim();
        let (_, ext) = name.rsplit_once('.')?;
        (!ext.is_empty() && ext.len() <= 8).then(|| ext.to_ascii_lowercase())
    }
}

impl Draft {
    /// All recipients: To, then Cc, then Bcc.
    pub fn recipients(&self) -> impl Iterator<Item = &Mailbox> {
        self.to.iter().chain(&self.cc).chain(&self.bcc)
    }

    /// The draft cut to the per-draft limits of [`crate::limits`] (recipients per field,
    /// attachments, known image sizes, headers), and what was cut; borrowed as it is when
    /// nothing was.
    pub fn within_limits(&self) -> (std::borrow::Cow<'_, Draft>, Vec<Cut>) {
        use crate::limits::{MAX_ATTACHMENTS, MAX_HEADERS, MAX_IMAGES, MAX_RECIPIENTS};
        let fields = [&self.to, &self.cc, &self.bcc, &self.reply_to];
        let mut cuts = Vec::new();
        if fields.iter().any(|f| f.len() > MAX_RECIPIENTS) {
            cuts.push(Cut::Recipients);
        }
        if self.attachments.len() > MAX_ATTACHMENTS {
            cuts.push(Cut::Attachments);
        }
        if self.image_sizes.len() > MAX_IMAGES {
            cuts.push(Cut::Images);
        }
        if self.headers.len() > MAX_HEADERS {
            cuts.push(Cut::Headers);
        }
        if cuts.is_empty() {
            return (std::borrow::Cow::Borrowed(self), cuts);
        }
        let mut draft = self.clone();
        for field in [&mut draft.to, &mut draft.cc, &mut draft.bcc, &mut draft.reply_to] {
            field.truncate(MAX_RECIPIENTS);
        }
        draft.attachments.truncate(MAX_ATTACHMENTS);
        draft.image_sizes.truncate(MAX_IMAGES);
        draft.headers.truncate(MAX_HEADERS);
        (std::borrow::Cow::Owned(draft), cuts)
    }

    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Whether the draft answers or forwards a message: by the composer's state or by the
    /// `In-Reply-To`/`References` headers.
    pub fn continues_thread(&self) -> bool {
        self.kind != DraftKind::New || self.header("In-Reply-To").is_some() || self.header("References").is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailbox_parses_name_and_address() {
        let m = Mailbox::parse("\"Lily Chen\" <lily@x-lighting.com>");
        assert_eq!(m.name.as_deref(), Some("Lily Chen"));
        assert_eq!(m.address, "lily@x-lighting.com");
        assert_eq!(m.domain(), "x-lighting.com");
        assert_eq!(Mailbox::parse("bob@example.com").name, None);
    }

    #[test]
    fn attachment_extension_is_the_last_one() {
        let a = Attachment { name: "Invoice.PDF.zip".into(), ..Default::default() };
        assert_eq!(a.extension().as_deref(), Some("zip"));
    }
}
