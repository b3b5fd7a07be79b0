//! The JSON draft: what the browser extension reads from a compose window and sends to the
//! linter (and what a user may write by hand for `mailhint check`).
//!
//! ```json
//! {
//!   "subject": "Quotation for IP65 high-bays",
//!   "from": "Lily Chen <lily@x-lighting.com>",
//!   "to": ["Maria Rossi <maria@acme.example>"],
//!   "cc": [], "bcc": [], "reply_to": [],
//!   "kind": "new",
//!   "html": "<p>Hi Maria, …</p>",
//!   "text": null,
//!   "attachments": [{"name": "spec.pdf", "size": 183000, "type": "application/pdf"}],
//!   "images": [{"src": "https://x-lighting.com/logo.png", "bytes": 14000}],
//!   "headers": {"In-Reply-To": "<id@x>"},
//!   "mode": "one-to-one"
//! }
//! ```
//! Every field is optional. Addresses are strings (`Name <addr>` or `addr`) or objects
//! `{"name", "address"}`; an address field may also be one comma-separated string. Unknown
//! fields are an error, so a misspelt field name is not silently ignored.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::draft::{Attachment, Draft, DraftKind, Mailbox};
use crate::error::{Error, ErrorKind};
use crate::limits;
use crate::report::Mode;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonDraft {
    subject: Option<String>,
    from: Option<JsonAddress>,
    #[serde(default)]
    to: JsonAddresses,
    #[serde(default)]
    cc: JsonAddresses,
    #[serde(default)]
    bcc: JsonAddresses,
    #[serde(default, alias = "replyTo")]
    reply_to: JsonAddresses,
    #[serde(default)]
    kind: DraftKind,
    #[serde(default, alias = "isReply")]
    is_reply: bool,
    html: Option<String>,
    text: Option<String>,
    #[serde(default)]
    attachments: Vec<JsonAttachment>,
    #[serde(default)]
    images: Vec<JsonImage>,
    #[serde(default)]
    headers: JsonHeaders,
    mode: Option<Mode>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum JsonAddress {
    Text(String),
    Object {
        #[serde(default)]
        name: Option<String>,
        #[serde(default, alias = "email")]
        address: String,
    },
}

impl From<JsonAddress> for Mailbox {
    fn from(a: JsonAddress) -> Mailbox {
        match a {
            JsonAddress::Text(s) => Mailbox::parse(&s),
            JsonAddress::Object { name, address } => {
                Mailbox { name: name.filter(|n| !n.trim().is_empty()), address: address.trim().to_string() }
            }
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(untagged)]
enum JsonAddresses {
    #[default]
    None,
    One(String),
    Many(Vec<JsonAddress>),
}

impl JsonAddresses {
    fn into_mailboxes(self) -> Vec<Mailbox> {
        match self {
            JsonAddresses::None => Vec::new(),
            JsonAddresses::One(s) => split_address_list(&s).map(|a| Mailbox::parse(&a)).collect(),
            JsonAddresses::Many(v) => v.into_iter().map(Mailbox::from).collect(),
        }
        .into_iter()
        .filter(|m| !m.address.is_empty() || m.name.is_some())
        .take(limits::MAX_RECIPIENTS + 1)
        .collect()
    }
}

/// Splits `a@x, "Doe, J" <j@y>` at commas and semicolons outside quotes and angle brackets.
fn split_address_list(s: &str) -> impl Iterator<Item = String> + '_ {
    let mut parts = Vec::new();
    let (mut current, mut quoted, mut angle) = (String::new(), false, false);
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            '<' => angle = true,
            '>' => angle = false,
            ',' | ';' if !quoted && !angle => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonAttachment {
    name: String,
    size: Option<u64>,
    #[serde(rename = "type", alias = "mime")]
    mime: Option<String>,
    #[serde(default)]
    encrypted: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonImage {
    src: String,
    bytes: Option<u64>,
}

#[derive(Deserialize, Default)]
#[serde(untagged)]
enum JsonHeaders {
    #[default]
    None,
    Map(BTreeMap<String, String>),
    List(Vec<(String, String)>),
}

/// Reads a JSON draft.
pub fn parse_json(bytes: &[u8]) -> Result<Draft, Error> {
    let json: JsonDraft =
        serde_json::from_slice(bytes).map_err(|e| Error::new(ErrorKind::BadJson { reason: e.to_string() }))?;
    let kind = if json.is_reply && json.kind == DraftKind::New { DraftKind::Reply } else { json.kind };
    let headers = match json.headers {
        JsonHeaders::None => Vec::new(),
        JsonHeaders::Map(m) => m.into_iter().collect(),
        JsonHeaders::List(l) => l,
    };
    Ok(Draft {
        subject: json.subject,
        from: json.from.map(Mailbox::from),
        to: json.to.into_mailboxes(),
        cc: json.cc.into_mailboxes(),
        bcc: json.bcc.into_mailboxes(),
        reply_to: json.reply_to.into_mailboxes(),
        kind,
        html: json.html,
        text: json.text,
        attachments: json
            .attachments
            .into_iter()
            .take(limits::MAX_ATTACHMENTS + 1)
            .map(|a| Attachment { name: a.name, size: a.size, mime: a.mime, encrypted: a.encrypted })
            .collect(),
        // Each image of the HTML looks its size up in this list: bounded like the images.
        image_sizes: json
            .images
            .into_iter()
            .take(limits::MAX_IMAGES + 1)
            .filter_map(|i| Some((i.src, i.bytes?)))
            .collect(),
        headers,
        mode: json.mode,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_extension_format() {
        let d = parse_json(
            br#"{"subject":"Hi","from":{"name":"Lily","address":"lily@x.example"},
                 "to":"Maria <m@acme.example>, \"Doe, J\" <j@y.example>","kind":"reply",
                 "html":"<p>Hi</p>","attachments":[{"name":"a.pdf","size":10,"type":"application/pdf"}],
                 "images":[{"src":"cid:1","bytes":99}],"mode":"campaign"}"#,
        )
        .unwrap();
        assert_eq!(d.to.len(), 2);
        assert_eq!(d.to[1].name.as_deref(), Some("Doe, J"));
        assert_eq!(d.kind, DraftKind::Reply);
        assert_eq!(d.image_sizes, vec![("cid:1".to_string(), 99)]);
        assert_eq!(d.mode, Some(Mode::Campaign));
    }

    #[test]
    fn misspelt_fields_are_an_error_that_names_them() {
        let err = parse_json(br#"{"subjet":"Hi"}"#).unwrap_err();
        assert!(err.to_string().contains("subjet"), "{err}");
    }
}
