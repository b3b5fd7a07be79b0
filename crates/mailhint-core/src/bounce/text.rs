//! Plain-text bounces: qmail, old Sendmail, Exim, Exchange, Lotus Notes, gateways and
//! providers write free text, not RFC 3464 fields.
//!
//! What they share, and what is read here: the report comes first, the returned message after
//! a marker line ("----- This is a copy of the message", "--- Below this line is a copy",
//! "Original message follows", …); each failed recipient is named on its own line (bare,
//! `<in angle brackets>`, or `addr:`), followed by the lines about it (the remote server's
//! reply, "SMTP error from remote mail server after RCPT TO", qmail's "Remote host said:").
//! So the recipients are the addresses in the report part that are not the bounce's own
//! sender or addressee, and each one's text runs to the next recipient.

use regex::Regex;

use super::{Parts, Record};
use crate::limits;
use crate::regex;

fn address_re() -> &'static Regex {
    regex!(
        r"(?i)[a-z0-9][a-z0-9._%+=&'/!#$*?^`{|}~-]*@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+"
    )
}

/// The lines of `text` as `str::lines` gives them (`\n` or `\r\n` ends one), each end found
/// by one `memchr` pass over the whole text: `str::lines` sets its search up anew for every
/// line, which over a report's short lines cost more than the search.
pub(super) fn split_lines(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        Some(match ends.next() {
            Some(end) => {
                let line = &text[start..end];
                start = end + 1;
                line.strip_suffix('\r').unwrap_or(line)
            }
            None => {
                let line = &text[start..];
                start = text.len();
                line
            }
        })
    })
}

/// The address in `value` (`<a@b>`, `"Name" <a@b>`, `rfc822;a@b`, `a@b (comment)`), lower-cased;
/// the trimmed value when it holds no address.
pub fn bare_address(value: &str) -> String {
    let v = value.trim();
    let v = v.split_once(';').map_or(v, |(t, rest)| if t.contains('@') { v } else { rest });
    match address_re().find(v) {
        Some(m) => m.as_str().trim_end_matches('.').to_ascii_lowercase(),
        None => v.trim_matches(['<', '>', ' ']).to_ascii_lowercase(),
    }
}

/// The RFC 3463 enhanced status code in `text` (not a piece of an IP address or version): the
/// one right after an SMTP reply code where there is one (`550 5.7.1`, `550-'5.7.1`, the
/// remote server's own), else the first.
pub fn status_in(text: &str) -> Option<String> {
    // Every status code has a class digit, a dot and a digit: a text without one is not
    // searched. (Found from the dots, which are few, rather than by looking at every byte.)
    let bytes = text.as_bytes();
    let class_dot_digit = |dot: usize| {
        dot > 0 && matches!(bytes[dot - 1], b'2' | b'4' | b'5') && bytes.get(dot + 1).is_some_and(u8::is_ascii_digit)
    };
    if !memchr::memchr_iter(b'.', bytes).any(class_dot_digit) {
        return None;
    }
    if let Some(c) =
        regex!(r"(?:^|[^\d.])[245]\d\d[ -]['(]?([245]\.\d{1,3}\.\d{1,3})(?:[^\d.]|\.(?:\s|$)|$)").captures(text)
    {
        return Some(c[1].to_string());
    }
    regex!(r"(?:^|[^\d.])([245]\.\d{1,3}\.\d{1,3})(?:[^\d.]|\.(?:\s|$)|$)").captures(text).map(|c| c[1].to_string())
}

/// The first SMTP reply code in `text`: three digits a server would send (RFC 5321 §4.2.3 and
/// the codes in use), standing alone or followed by `-`/space, not inside a number or address.
pub fn reply_code_in(text: &str) -> Option<String> {
    let m = regex!(r"(?:^|[\s:(<\[#;])(?:4(?:2[01]|5[0-5])|5(?:0[0-4]|2[01]|3[045]|5[0-7]))(?:[\s\-.,:)\]]|$)")
        .find(text)?;
    // The code is the match's first ASCII digit and the two after it: what leads it is a blank
    // or a punctuation mark. (Taken so rather than by a capture group, which costs a second
    // search over the match.)
    let start = m.as_str().find(|c: char| c.is_ascii_digit())?;
    Some(m.as_str()[start..start + 3].to_string())
}

/// Whitespace collapsed, trimmed.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Addresses replaced by a placeholder before the wording is matched: `spam@…` or
/// `nosuchuser@…` are names, not reasons.
pub fn mask_addresses(text: &str) -> String {
    address_re().replace_all(text, "<address>").into_owned()
}

/// HTML → text, enough to read a bounce written only in HTML: tags dropped, a closing tag or
/// `<br>` read as a line end, `<style>` and `<script>` elements dropped whole, five entities
/// decoded. One pass over the bytes: the regex it replaces (kept in the tests as the reference)
/// cost a tenth of all bounce reading, on the few reports that are HTML of 60 KB.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let tag = &rest[lt..];
        if let Some(end) = raw_text_element_len(tag) {
            rest = &tag[end..];
            continue;
        }
        let Some(gt) = tag.find('>') else {
            // A `<` that never closes is text.
            out.push_str(tag);
            rest = "";
            break;
        };
        if tag.starts_with("<br") || tag.starts_with("</") {
            out.push('\n');
        }
        rest = &tag[gt + 1..];
    }
    out.push_str(rest);
    if !out.contains('&') {
        return out;
    }
    out.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&quot;", "\"")
}

/// The length of the `<style>` or `<script>` element `html` starts with, up to the first closing
/// `</style>` or `</script>` (any case), or `None` when it starts with neither or never closes.
fn raw_text_element_len(html: &str) -> Option<usize> {
    let starts = |s: &str, prefix: &str| {
        s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
    };
    if !starts(html, "<style") && !starts(html, "<script") {
        return None;
    }
    let mut at = html.find('>')? + 1;
    while let Some(p) = html[at..].find("</") {
        let close = &html[at + p..];
        if let Some(name) = ["</style>", "</script>"].into_iter().find(|name| starts(close, name)) {
            return Some(at + p + name.len());
        }
        at += p + 2;
    }
    None
}

/// An auto-reply's subject (RFC 3834 messages that carry no header saying so).
pub fn auto_reply_subject(subject: &str) -> bool {
    regex!(r"(?i)^\s*(?:auto(?:matic)?[ -]?(?:reply|response|antwort)|out of (?:the )?office|away from|i am away|on vacation|vacation|absence|abwesenheit|réponse automatique|自动回复|自動応答|自動返信)")
        .is_match(subject)
}

/// Whether a message that is no DSN reads as a bounce: a mailer daemon's sender, a bounce
/// subject, or the failure sentences MTAs open their reports with.
pub fn looks_like_bounce(parts: &Parts) -> bool {
    // Cheapest first: the body pattern runs over the whole report, the others over a header.
    let daemon = || {
        regex!(r"(?i)mailer[-_ ]?daemon|post_?master|mail[-_ ]?delivery|(?-u:\b)maildelivery|(?-u:\b)delivery\s*subsystem|(?-u:\b)mdaemon|(?-u:\b)bounce|(?-u:\b)notes\s*mail\s*router|(?-u:\b)smtp\s*gateway|系统退信|退信")
        .is_match(&parts.from_raw)
    };
    let subject = || {
        regex!(r"(?i)undeliver|undelivered|delivery (?:status|fail|failure|notification|report|problem)|returned mail|failure notice|failed delivery|mail delivery failed|non[- ]?deliver|could not be delivered|not delivered|delivery has failed|mail system error|returned to sender|warning: could not send|nondeliverable|rejected|bounce|系统退信|退信|投递失败|未送达|未能送达|不達|エラー|error")
        .is_match(&parts.subject)
    };
    let body = || {
        regex!(r"(?i)could not be delivered|couldn't be delivered|undeliverable|delivery (?:to the following recipients? )?(?:has )?failed|permanent (?:fatal )?error|failed permanently|unable to deliver|was not delivered|did not reach|not be delivered|delivery failure|returned to sender|following address(?:es)?(?:\(es\))? (?:failed|had)|transcript of session|remote host said|smtp error from remote|requested action not taken|无法投递|投递失败|退信|未能送达")
        .is_match(&parts.human)
    };
    !parts.failed_recipients.is_empty() || daemon() || subject() || body()
}

/// Where the returned message starts in a plain-text report: the length of the report before it.
pub(super) fn report_len(human: &str) -> usize {
    let marker = regex!(
        r"(?im)^[\s\-=_*>|]*(?:-+\s*)?(?:this is a copy of|below this line is a copy|a copy of the original message|original message follows|the original message (?:headers? )?(?:is|was|follows)|returned message|unsent message|original message|message header follows|headers of the original|the header of the original|returned mail follows|the first \d+ lines|[- ]*forwarded message|rfc822 headers|content-description: (?:undelivered|returned) message|---- ?(?:start|begin) of (?:returned|original)|原始邮件|原邮件|以下为原邮件)"
    );
    // A marker starts a line, after what may lead it (blank space, rules of dashes, quote
    // marks): each line is checked there for the start of one, anchored, and the pattern runs only
    // from the first line that has one. Run over whole reports, the case-insensitive,
    // line-anchored pattern was a twentieth of all bounce reading.
    static MARKER_STARTS: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .start_kind(aho_corasick::StartKind::Anchored)
            .build([
                "this is a copy of",
                "below this line is a copy",
                "a copy of the original message",
                "original message",
                "the original message",
                "returned message",
                "unsent message",
                "message header follows",
                "headers of the original",
                "the header of the original",
                "returned mail follows",
                "the first ",
                "forwarded message",
                "rfc822 headers",
                "content-description:",
                "start of",
                "begin of",
                "原始邮件",
                "原邮件",
                "以下为原邮件",
            ])
            .expect("the report markers' starts build an automaton")
    });
    let is_lead = |c: char| c.is_whitespace() || "-=_*>|".contains(c);
    let mut line_start = 0;
    let candidate = loop {
        if line_start >= human.len() {
            break None;
        }
        let line_end = memchr::memchr(b'\n', &human.as_bytes()[line_start..]).map_or(human.len(), |p| line_start + p);
        let line = &human[line_start..line_end];
        let text = line.trim_start_matches(is_lead);
        let input = aho_corasick::Input::new(text).anchored(aho_corasick::Anchored::Yes);
        if MARKER_STARTS.find(input).is_some() {
            break Some(line_start);
        }
        line_start = line_end + 1;
    };
    let Some(mut from) = candidate else {
        // Debug builds (every test) check that the line check never turns a marker away.
        debug_assert!(marker.find(human).is_none(), "the report marker prefilter lost a marker in {human:?}");
        return human.len();
    };
    // The pattern's leading class spans lines: its match may start at lines before that hold
    // only what leads a marker.
    let leads_only = |line: &str| line.chars().all(is_lead);
    while from > 0 {
        let previous = human[..from - 1].rfind('\n').map_or(0, |i| i + 1);
        if !leads_only(&human[previous..from - 1]) {
            break;
        }
        from = previous;
    }
    debug_assert_eq!(
        marker.find_at(human, from),
        marker.find(human),
        "the report marker search started too late in {human:?}"
    );
    match marker.find_at(human, from) {
        // The marker must not be the whole report (some lead with "Your original message…").
        Some(m) if m.start() > 40 => m.start(),
        _ => human.len(),
    }
}

/// Addresses that are not recipients: the bounce's own sender and addressee, the returned
/// message's sender, daemons.
fn excluded(parts: &Parts, address: &str) -> bool {
    let local = address.split('@').next().unwrap_or("");
    parts.to.iter().any(|a| a == address)
        || parts.from == address
        || parts.original_from.iter().any(|a| a == address)
        || matches!(
            local,
            "mailer-daemon"
                | "postmaster"
                | "mailer_daemon"
                | "mail-daemon"
                | "abuse"
                | "noreply"
                | "no-reply"
                | "root"
        )
}

/// Lines that name addresses but are no recipient lines: header fields of a copied message,
/// `Received:` trails, message ids.
fn header_like(line: &str) -> bool {
    regex!(r"(?i)^\s*(?:from|to|cc|sender|reply-to|return-path|received|message-id|in-reply-to|references|x-[a-z-]+|by|id|for|envelope-from|errors-to|delivered-to)\s*:|^\s*(?:by|with|id|for)\s|message-id|(?-u:\b)id\s*<")
        .is_match(line)
}

/// Records of a plain-text bounce.
pub fn records(parts: &Parts) -> Vec<Record> {
    let report = parts.report();
    let lines: Vec<&str> = split_lines(report).collect();
    // (line index, address) of each recipient's first mention.
    let mut mentions: Vec<(usize, String)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, line) in lines.iter().enumerate() {
        // An address needs its `@`: most lines are passed over without a regex.
        if !line.contains('@') || header_like(line) {
            continue;
        }
        for m in address_re().find_iter(line) {
            // Inside a URL (`https://…/user@example.org`) it is no recipient.
            let before = &line[..m.start()];
            if before.ends_with('/') || before.ends_with('=') {
                continue;
            }
            let a = m.as_str().trim_end_matches('.').to_ascii_lowercase();
            if excluded(parts, &a) {
                continue;
            }
            if seen.insert(a.clone()) {
                mentions.push((i, a));
            }
        }
    }
    // Exim's X-Failed-Recipients is authoritative where present.
    if !parts.failed_recipients.is_empty() {
        let listed: Vec<(usize, String)> = parts
            .failed_recipients
            .iter()
            .map(|r| (mentions.iter().find(|(_, a)| a == r).map_or(usize::MAX, |(i, _)| *i), r.clone()))
            .collect();
        mentions = listed;
    }
    let mut records = Vec::new();
    if mentions.is_empty() {
        let rcpts = if parts.original_to.is_empty() { vec![String::new()] } else { parts.original_to.clone() };
        for r in rcpts {
            records.push(Record {
                recipient: r,
                diagnostic: report.to_string(),
                context: report.to_string(),
                ..Record::default()
            });
        }
        return records;
    }
    let single = mentions.len() == 1;
    let mut starts: Vec<usize> = mentions.iter().map(|(i, _)| *i).filter(|&i| i != usize::MAX).collect();
    starts.sort_unstable();
    for (i, address) in mentions.into_iter().take(limits::MAX_BOUNCE_RECIPIENTS + 1) {
        let diagnostic = if i == usize::MAX || single {
            report.to_string()
        } else {
            let end = starts.iter().copied().find(|&s| s > i).unwrap_or(lines.len());
            // A recipient's lines stop at the next recipient or a blank line after some text.
            let mut block = Vec::new();
            for line in &lines[i..end] {
                if line.trim().is_empty() && block.len() > 1 {
                    break;
                }
                block.push(*line);
            }
            block.join("\n")
        };
        let diagnostic = focus(&diagnostic);
        records.push(Record { recipient: address, diagnostic, context: report.to_string(), ..Record::default() });
    }
    records
}

/// The lines of a recipient's text that carry the reason: those with a reply code or status,
/// or a server's answer, plus what follows them; otherwise all of it.
fn focus(text: &str) -> String {
    let lines: Vec<&str> = split_lines(text).collect();
    let key = regex!(
        r"(?i)(?:^|[\s:(<\[#])[45]\d\d[\s\-]|[45]\.\d{1,3}\.\d{1,3}(?-u:\b)|said:|reason:|error|diagnostic|remote host|because"
    );
    match lines.iter().position(|l| key.is_match(l)) {
        Some(first) => lines[first..].iter().take(12).copied().collect::<Vec<_>>().join("\n"),
        None => text.to_string(),
    }
}

/// Gives DSN records the human-readable text about their recipient, for when the DSN's own
/// diagnostic says nothing.
pub fn add_context(records: &mut [Record], report: &str) {
    let single = records.len() == 1;
    let recipients: Vec<String> = records.iter().map(|r| r.recipient.clone()).filter(|r| !r.is_empty()).collect();
    let lines: Vec<&str> = split_lines(report).collect();
    // Lower-cased once for all the records, in one piece: recipients are lower-case.
    let lower_report = if single { String::new() } else { report.to_ascii_lowercase() };
    let lower: Vec<&str> = split_lines(&lower_report).collect();
    for r in records.iter_mut() {
        r.report = report.to_string();
        r.context = if single || r.recipient.is_empty() {
            report.to_string()
        } else {
            // Its lines run to the next recipient's (at most 8).
            match lower.iter().position(|l| l.contains(&r.recipient)) {
                Some(i) => {
                    let others = |l: &&str| recipients.iter().any(|o| o != &r.recipient && l.contains(o.as_str()));
                    let end = lower[i + 1..].iter().position(others).map_or(lines.len(), |p| i + 1 + p);
                    lines[i..end].iter().take(8).copied().collect::<Vec<_>>().join("\n")
                }
                None => String::new(),
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(status_in("smtp; 550 5.1.1 <a@b.c>: user unknown").as_deref(), Some("5.1.1"));
        assert_eq!(status_in("host 192.0.2.1 said"), None);
        assert_eq!(status_in("5.7.1").as_deref(), Some("5.7.1"));
        assert_eq!(status_in("retry in 4."), None);
        assert_eq!(status_in(".5 of 4"), None);
        assert_eq!(reply_code_in("smtp; 550-5.1.1 The email").as_deref(), Some("550"));
        assert_eq!(reply_code_in("host [192.0.2.550] said"), None);
        assert_eq!(reply_code_in("451").as_deref(), Some("451"));
        assert_eq!(reply_code_in("said:\u{3000}554-5.7.1 refused").as_deref(), Some("554"));
        assert_eq!(reply_code_in("code 5500 or 550x"), None);
        assert_eq!(bare_address("rfc822; <Kijitora@Example.JP>"), "kijitora@example.jp");
    }

    #[test]
    fn the_smtp_stage_is_the_last_one_named() {
        assert_eq!(
            smtp_command("host mx.example[192.0.2.1] said: 550 5.1.1 unknown (in reply to\n    RCPT TO command)"),
            Some(Command::Rcpt)
        );
        assert_eq!(smtp_command("SMTP error from remote mail server after end of data: 554 spam"), Some(Command::Data));
        assert_eq!(
            smtp_command("after MAIL FROM: 451 try later, then after RCPT TO: 550 no such user"),
            Some(Command::Rcpt)
        );
        assert_eq!(smtp_command("Remote host said: 553 sorry, that domain isn't allowed (#5.7.1)"), None);
        // A transcript: the server's `<<<` answers the command before it.
        assert_eq!(smtp_command(">>> DATA\n<<< 554 5.7.1 rejected as spam"), Some(Command::Data));
        assert_eq!(
            smtp_command("... while talking to mx.example: MAIL From:<a@b.example> <<< 553 sender refused"),
            Some(Command::Mail)
        );
        assert_eq!(smtp_command("RCPT TO:<gone@example.net> <<< 550 5.1.1 user unknown"), Some(Command::Rcpt));
        assert_eq!(
            smtp_command("in reply to RCPT TO command, then data: <<< 554 content refused"),
            Some(Command::Data)
        );
    }

    #[test]
    fn split_lines_are_those_of_str_lines() {
        // Every string of up to 7 symbols over `a`, CR and LF.
        let texts = (0..=7u32).flat_map(|len| {
            (0..3usize.pow(len))
                .map(move |n| (0..len).map(|k| ['a', '\r', '\n'][n / 3usize.pow(k) % 3]).collect::<String>())
        });
        let mut checked = 0;
        for text in texts {
            assert_eq!(split_lines(&text).collect::<Vec<_>>(), text.lines().collect::<Vec<_>>(), "{text:?}");
            checked += 1;
        }
        assert_eq!(checked, (0..=7).map(|n| 3usize.pow(n)).sum::<usize>());
        assert_eq!(split_lines("é\r\n中\n").collect::<Vec<_>>(), ["é", "中"]);
    }

    /// What `html_to_text` replaced, kept as its reference.
    fn html_to_text_by_regex(html: &str) -> String {
        let no_tags = regex!(r"(?is)<(?:style|script)[^>]*>.*?</(?:style|script)>|<br\s*/?>|</p>|</div>|</tr>|<[^>]*>")
            .replace_all(
                html,
                |c: &regex::Captures<'_>| if c[0].starts_with("<br") || c[0].starts_with("</") { "\n" } else { "" },
            );
        no_tags
            .replace("&nbsp;", " ")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
    }

    #[test]
    fn html_to_text_reads_as_the_regex_did() {
        let cases = [
            "<html><head><STYLE type=\"text/css\">p { color: red } </style></head><body><p>Delivery&nbsp;has failed</p><br/>to <b>a@b.example</b></body></html>",
            "<script>if (a < b) {}</SCRIPT>after",
            "<style>never closed <p>text</p>",
            "<style>closed by the other</script>rest",
            "a < b and c > d",
            "unclosed <tag at the end",
            "<br><BR><br />x</div></tr></span><img src=x>&lt;&gt;&amp;lt;&quot;",
            "<p>日本語のテキスト</p><div>中文 &amp; 退信</div>",
            "",
            "no tags at all",
            "<styles>not a style element</styles>",
        ];
        for html in cases {
            assert_eq!(html_to_text(html), html_to_text_by_regex(html), "{html:?}");
        }
    }
}

/// The SMTP command a failure answered, where the report says: Postfix's "(in reply to RCPT TO
/// command)", Exim's "SMTP error from remote mail server after RCPT TO:", Sendmail's session
/// transcript (`>>> DATA` then `<<< 550 …`), qmail's "does not like recipient" (RCPT) and
/// "failed after I sent the message" (DATA).
pub fn smtp_command(text: &str) -> Option<Command> {
    const NAMED: &str = r"in reply to (?:the )?(end of data|data|rcpt to|rcpt|mail from|mail|helo|ehlo|connect|starttls|auth)|after (end of data|data|rcpt to|rcpt|mail from|mail|helo|ehlo|initial connection|pipelined)|>>> ?(data|rcpt to|mail from|\.|helo|ehlo|quit)(?-u:\b)|did not like our (rcpt|data|mail)|\[(rcpt_to|mail_from|data)\]|smtp command:? ?(data|rcpt|mail)|(does not like recipient)|(my name was rejected)|(failed after i sent the message|didn't like the message)|(does not like sender)";
    // A session transcript's command line, answered by the server's `<<<` line.
    const TRANSCRIPT: &str = r"(?:^|\s)(rcpt to|mail from|data)\s*[:<].{0,80}?<<<";
    // Written with single spaces; matched case-insensitively across any run of whitespace,
    // so that folded lines ("(in reply to\n    RCPT TO command)") read as one without
    // copying the text lower-cased and collapsed first.
    fn stage_regex(phrases: &str) -> Regex {
        let pattern = format!("(?i){}", phrases.replace(" ?", r"\s*").replace(' ', r"\s+"));
        Regex::new(&pattern).expect("the SMTP stage pattern compiles")
    }
    static STAGE_NAMED: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| stage_regex(NAMED));
    static STAGE: std::sync::LazyLock<Regex> =
        std::sync::LazyLock::new(|| stage_regex(&format!("{NAMED}|{TRANSCRIPT}")));
    // Without a `<<<` the transcript's alternative matches nowhere, so the pattern without it
    // finds the same matches, about 2.5 times faster: the transcript's leading `\s` gave the
    // whole pattern no literal to look for, and the lazy DFA walked every byte.
    let stage: &Regex = if memchr::memmem::find(text.as_bytes(), b"<<<").is_some() { &STAGE } else { &STAGE_NAMED };
    // The last stage named is the one that failed. The lazy DFA finds it; only that match is
    // taken apart into groups (captures over a whole report are many times slower).
    let last = stage.find_iter(text).last()?;
    let c = stage.captures(last.as_str())?;
    let word = collapse(&c.iter().skip(1).flatten().next().map_or("", |m| m.as_str()).to_ascii_lowercase());
    Some(match word.as_str() {
        w if w.starts_with("rcpt") || w == "does not like recipient" => Command::Rcpt,
        w if w.starts_with("mail") || w == "does not like sender" => Command::Mail,
        "helo" | "ehlo" | "connect" | "initial connection" | "starttls" | "auth" | "my name was rejected" => {
            Command::Connect
        }
        _ => Command::Data,
    })
}

/// The SMTP stage a failure happened at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Connection, greeting, HELO/EHLO, STARTTLS, AUTH.
    Connect,
    /// MAIL FROM: the sender was refused.
    Mail,
    /// RCPT TO: the recipient was refused.
    Rcpt,
    /// DATA or end of data: the message was refused.
    Data,
}

/// Whether a report's own text says next to nothing: no SMTP code, no address.
pub fn says_little(parts: &Parts) -> bool {
    let report = parts.report();
    status_in(report).is_none()
        && reply_code_in(report).is_none()
        && !address_re().find_iter(report).any(|m| !excluded(parts, &m.as_str().to_ascii_lowercase()))
}

/// A diagnostic written as `<status> - <the status's name> <remote reply>` (Amazon SES: "5.1.0 -
/// Unknown address error 550-'5.7.1 … Access denied'") leads with the reporter's own label for
/// the code; the remote server's reply after it is what happened.
pub fn strip_status_label(diagnostic: &str) -> &str {
    match regex!(r"^[245]\.\d{1,3}\.\d{1,3} - [A-Za-z ]{3,60}? ([245]\d\d[ -])").captures(diagnostic) {
        Some(c) => &diagnostic[c.get(1).map_or(0, |m| m.start())..],
        None => diagnostic,
    }
}
