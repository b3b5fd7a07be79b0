//! Word and domain lists that several rules share. Lists used by one rule live in that rule's
//! file; the long ones come from SpamAssassin's published rules (`data/`, Apache-2.0).

use std::sync::LazyLock;

use regex::Regex;

/// Acronyms that are written in capitals in ordinary business mail, never "shouting": trade
/// terms (Incoterms, payment), standards, units, currencies and common tech words.
pub const ACRONYMS: &[&str] = &[
    // Incoterms and trade
    "FOB", "CIF", "CFR", "EXW", "DDP", "DAP", "DPU", "FCA", "CPT", "CIP", "FAS", "MOQ", "OEM", "ODM", "RFQ", "PO", "PI",
    "BL", "AWB", "ETA", "ETD", "HS", "LCL", "FCL", "TT", "LC", "DHL", "UPS", "FEDEX", "TNT", "EMS", "QC", "QA", "SKU",
    "CNC", "PCB", "PCBA", "SMT", "CAD", "CAM", "OD", "ID", // standards and certificates
    "ISO", "CE", "ROHS", "REACH", "FDA", "UL", "ETL", "CSA", "SGS", "BSCI", "GMP", "HACCP", "IATF", "ASTM", "DIN",
    "ANSI", "EN", "IEC", "IP65", "IP66", "IP67", "IP68", "FCC", "CCC", "GS", "TUV", "LFGB",
    // materials and products
    "PVC", "PE", "PP", "PET", "ABS", "HDPE", "LDPE", "PU", "EVA", "TPU", "TPE", "LED", "LCD", "OLED", "USB", "HDMI",
    "AC", "DC", "RGB", "UV", "IR", "SS", "GI", "MDF", "PPE", "EPS", // business and tech
    "CEO", "CFO", "CTO", "COO", "VP", "HR", "IT", "PDF", "FAQ", "ASAP", "FYI", "NDA", "KPI", "ROI", "B2B", "B2C",
    "API", "URL", "HTML", "CSV", "XLS", "XLSX", "DOC", "DOCX", "JPG", "PNG", "ERP", "CRM", "SAAS", "AI", "GPS", "SIM",
    "NFC", "USA", "US", "UK", "EU", "UAE", "PRC", "HK", "GMT", "UTC", "CST", "EST", "PST", "CET", "AM", "PM", "NO",
    "OK", "MR", "MRS", "MS", "DR", "LTD", "LLC", "INC", "CO", "GMBH", "SRL", "SPA", "BV", "AG", "PLC", "SA", "RE",
    "FW", "FWD", "ATTN", // currencies
    "USD", "EUR", "GBP", "CNY", "RMB", "JPY", "HKD", "AUD", "CAD", "CHF", "INR", "RUB", "BRL", "AED",
];

/// Whether `word` (any case) is an allowed acronym.
pub fn is_acronym(word: &str) -> bool {
    ACRONYMS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// The length in bytes of the chain of reply/forward prefixes at the start of a subject
/// (`Re:`, `Fwd:`, `AW:`, `SV:`, `回复：`… catalog `RX-PREFIX`), 0 when there is none.
pub fn reply_prefix_len(subject: &str) -> usize {
    crate::regex!(
        r"(?i)^(?:\s*(?:re|fwd?|aw|antw(?:ort)?|wg|sv|vb|vs|vl|r|res|rif|odp|ynt|atb|bls|tr|转发|回复)\s*[:：]\s*)+"
    )
    .find(subject)
    .map_or(0, |m| m.end())
}

/// Mailbox names that belong to a role or department rather than to a person (`info@`,
/// `sales@`…): greeting them by that name, or keeping them on a mailing list, is a known mistake.
/// `team` is left out on purpose: "Hi team," to `team@` is a normal greeting.
pub const ROLE_MAILBOXES: &[&str] = &[
    "info",
    "information",
    "sales",
    "sale",
    "admin",
    "administrator",
    "contact",
    "contacts",
    "contactus",
    "office",
    "support",
    "service",
    "services",
    "customerservice",
    "customercare",
    "cs",
    "enquiry",
    "enquiries",
    "inquiry",
    "inquiries",
    "hello",
    "mail",
    "email",
    "webmaster",
    "postmaster",
    "marketing",
    "purchase",
    "purchasing",
    "procurement",
    "buyer",
    "buyers",
    "buying",
    "export",
    "import",
    "trade",
    "order",
    "orders",
    "accounts",
    "accounting",
    "billing",
    "finance",
    "hr",
    "jobs",
    "careers",
    "general",
    "reception",
    "help",
    "shop",
    "store",
    "business",
    "biz",
    "noreply",
    "no-reply",
    "imports",
    "exports",
    "account",
    "reply",
    "customer",
    "care",
    "mailbox",
    "company",
    "main",
];

/// Free mailbox providers (SpamAssassin `20_freemail_domains.cf`).
static FREEMAIL: LazyLock<Regex> = LazyLock::new(|| domain_list_regex(include_str!("../data/freemail-domains.txt")));

/// URL shorteners (SpamAssassin `25_url_shortener.cf`).
static SHORTENERS: LazyLock<Regex> = LazyLock::new(|| domain_list_regex(include_str!("../data/url-shorteners.txt")));

/// Whether `domain` is a free mailbox provider (gmail.com, qq.com, 163.com…).
pub fn is_freemail(domain: &str) -> bool {
    FREEMAIL.is_match(&domain.trim().trim_end_matches('.').to_ascii_lowercase())
}

/// Whether `host` is a URL shortener (bit.ly, t.co, tinyurl.com…).
pub fn is_shortener(host: &str) -> bool {
    SHORTENERS.is_match(&host.trim().trim_end_matches('.').to_ascii_lowercase())
}

/// Turns a list of domains (one a line, `#` comments; `*` matches one label or part of one;
/// `*.` or a leading `.` also matches any subdomain) into one anchored regex.
fn domain_list_regex(list: &str) -> Regex {
    let patterns: Vec<String> = list
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|entry| {
            let (any_sub, rest) = match entry.strip_prefix("*.").or_else(|| entry.strip_prefix('.')) {
                Some(rest) => (true, rest),
                None => (false, entry),
            };
            let body = regex::escape(rest).replace(r"\*", "[^.]*");
            if any_sub {
                format!(r"(?:[^.]+\.)*{body}")
            } else {
                body
            }
        })
        .collect();
    Regex::new(&format!("^(?:{})$", patterns.join("|"))).expect("domain list is valid")
}

/// The host of a URL (lowercased, without port or credentials), if it has one.
pub fn url_host(url: &str) -> Option<String> {
    let rest = url.trim();
    let rest = match rest.find("://") {
        Some(i) => &rest[i + 3..],
        None if rest.to_ascii_lowercase().starts_with("www.") => rest,
        None => return None,
    };
    let authority = rest.split(['/', '?', '#', '\\']).next()?;
    let host_port = authority.rsplit_once('@').map(|(_, h)| h).unwrap_or(authority);
    let host = if host_port.starts_with('[') {
        host_port.split_inclusive(']').next()?
    } else {
        host_port.split(':').next()?
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// The registrable domain ("eTLD+1") of `host`, from the Public Suffix List ([`crate::suffix`]).
pub fn registrable_domain(host: &str) -> Option<String> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    crate::suffix::domain(&host).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freemail_list_knows_chinese_and_global_providers() {
        for d in ["gmail.com", "qq.com", "163.com", "hotmail.co.uk", "outlook.com", "yahoo.co.jp"] {
            assert!(is_freemail(d), "{d}");
        }
        assert!(!is_freemail("x-lighting.com"));
    }

    #[test]
    fn shortener_list_matches_hosts_and_subdomains() {
        assert!(is_shortener("bit.ly"));
        assert!(is_shortener("foo.page.link"));
        assert!(!is_shortener("bitly.example.com"));
    }

    #[test]
    fn reply_prefixes_are_stripped_in_chains_and_languages() {
        assert_eq!(reply_prefix_len("Re: Fwd: AW: hello"), "Re: Fwd: AW: ".len());
        assert_eq!(reply_prefix_len("回复：报价"), "回复：".len());
        assert_eq!(reply_prefix_len("Reorder"), 0);
    }

    #[test]
    fn url_host_and_registrable_domain() {
        assert_eq!(url_host("https://user@Shop.Example.co.uk:8080/x?y").as_deref(), Some("shop.example.co.uk"));
        assert_eq!(registrable_domain("shop.example.co.uk").as_deref(), Some("example.co.uk"));
        assert_eq!(url_host("mailto:a@b.c"), None);
    }
}
