//! Amazon SES notifications delivered by e-mail through SNS: the body is the JSON that the SES
//! documentation describes ("Amazon SNS notification contents for Amazon SES":
//! `notificationType` Bounce/Complaint/Delivery, `bounce.bouncedRecipients[]` with
//! `emailAddress`, `action`, `status`, `diagnosticCode`; `complaint.complainedRecipients[]`;
//! `delivery.recipients[]`). SNS's e-mail transport wraps long lines with `!` + newline + space,
//! which is undone before the JSON is read.

use serde_json::Value;

use super::reason::Reason;
use super::text::bare_address;
use super::Record;
use crate::limits;

/// Records of an SES notification, or `None` when the text holds none.
pub fn records(text: &str) -> Option<Vec<Record>> {
    if !text.contains("\"notificationType\"") {
        return None;
    }
    let unwrapped = text.replace("!\n ", "").replace("!\r\n ", "");
    let start = unwrapped.find('{')?;
    let value: Value = serde_json::Deserializer::from_str(&unwrapped[start..]).into_iter::<Value>().next()?.ok()?;
    // An SNS envelope carries the SES JSON as a string in "Message".
    let value = match value.get("Message").and_then(Value::as_str) {
        Some(inner) => serde_json::from_str(inner).ok()?,
        None => value,
    };
    let str_of = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let mut out = Vec::new();
    match value.get("notificationType").and_then(Value::as_str)? {
        "Bounce" => {
            let bounce = value.get("bounce")?;
            let transient = bounce.get("bounceType").and_then(Value::as_str) == Some("Transient");
            for r in bounce.get("bouncedRecipients")?.as_array()?.iter().take(limits::MAX_BOUNCE_RECIPIENTS + 1) {
                let diagnostic = str_of(r, "diagnosticCode").unwrap_or_default();
                let diagnostic = diagnostic
                    .split_once(';')
                    .filter(|(t, _)| !t.contains(' '))
                    .map_or(diagnostic.clone(), |(_, d)| d.trim().to_string());
                out.push(Record {
                    recipient: bare_address(&str_of(r, "emailAddress").unwrap_or_default()),
                    status: str_of(r, "status").filter(|s| super::text::status_in(s).is_some()),
                    action: str_of(r, "action").or(if transient { Some("delayed".into()) } else { None }),
                    diagnostic,
                    ..Record::default()
                });
            }
        }
        "Complaint" => {
            for r in value
                .get("complaint")?
                .get("complainedRecipients")?
                .as_array()?
                .iter()
                .take(limits::MAX_BOUNCE_RECIPIENTS + 1)
            {
                out.push(Record {
                    recipient: bare_address(&str_of(r, "emailAddress").unwrap_or_default()),
                    reason: Some(Reason::Feedback),
                    ..Record::default()
                });
            }
        }
        "Delivery" => {
            let delivery = value.get("delivery")?;
            let response = str_of(delivery, "smtpResponse").unwrap_or_default();
            for r in delivery.get("recipients")?.as_array()?.iter().take(limits::MAX_BOUNCE_RECIPIENTS + 1) {
                out.push(Record {
                    recipient: bare_address(r.as_str().unwrap_or("")),
                    action: Some("delivered".into()),
                    diagnostic: response.clone(),
                    ..Record::default()
                });
            }
        }
        _ => return None,
    }
    (!out.is_empty()).then_some(out)
}
