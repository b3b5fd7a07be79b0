//! The address-list checker: a pasted list or a CSV/TSV file in, per address a verdict (remove,
//! doubtful or keep, with the reasons), the clean list and a summary before and after out.
//!
//! [`read`] turns bytes into a [`Table`]. [`ListCheck::new`] gives each row the verdicts that
//! need no network (syntax with R08's checker, R09's typo corrections, duplicates, disposable
//! domains, earlier bounces, role accounts, free mail) and collects the distinct domains left to
//! look up. Their mail routing (R10's decision: NXDOMAIN, no MX and no address, null MX) comes
//! from a [`Lookups`] store round after round, as [`crate::dns::drive`] replays checks; a round
//! only looks at the domains still pending, so 100,000 addresses cost one pass, not one a round.

pub mod read;
pub mod reason;

use std::collections::{HashMap, HashSet};

use serde::Serialize;

pub use read::{read, read_decoded, ReadError, ReadNote, Table};
pub use reason::{Reason, Status, REASONS};

use crate::dns::{Lookups, Pending};
use crate::limits::MAX_LIST_DOMAINS;
use crate::report::Lang;
use crate::rules::recipients::r10_recipient_domain_takes_no_mail::{self as r10, NoMail, Routing};
use crate::rules::recipients::{address, r09_recipient_domain_typo as r09};

/// Disposable-mailbox domains: the text of a list, one domain a line (`#` comments allowed), as
/// the `disposable-email-domains` project publishes it. The host hands the text over, like the
/// Public Suffix List, so that the list can be updated without recompiling.
#[derive(Debug, Clone, Default)]
pub struct DisposableList {
    domains: HashSet<String>,
}

impl DisposableList {
    /// The list of `text`.
    pub fn parse(text: &str) -> DisposableList {
        let domains = text
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim().trim_end_matches('.').to_ascii_lowercase())
            .filter(|l| !l.is_empty())
            .collect();
        DisposableList { domains }
    }

    /// How many domains it holds.
    pub fn len(&self) -> usize {
        self.domains.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.domains.is_empty()
    }

    /// Whether `domain` (ASCII, lowercase) or a domain above it is on the list (the top-level
    /// domain alone never counts).
    pub fn contains(&self, domain: &str) -> bool {
        let mut d = domain;
        loop {
            if self.domains.contains(d) {
                return true;
            }
            match d.split_once('.') {
                Some((_, parent)) if parent.contains('.') => d = parent,
                _ => return false,
            }
        }
    }
}

/// Addresses that bounced before: a hard bounce removes the address, a soft one is reported.
#[derive(Debug, Clone, Default)]
pub struct Suppression {
    /// Lowercase address → the bounce reason's name.
    hard: HashMap<String, String>,
    soft: HashMap<String, String>,
}

impl Suppression {
    /// Adds one bounced address: `hard` or soft, with the bounce's reason (`userunknown`). A hard
    /// bounce wins over a soft one for the same address.
    pub fn add(&mut self, address: &str, hard: bool, reason: &str) {
        let key = address.trim().trim_matches(['<', '>']).to_lowercase();
        if key.is_empty() {
            return;
        }
        if hard {
            self.soft.remove(&key);
            self.hard.insert(key, reason.to_string());
        } else if !self.hard.contains_key(&key) {
            self.soft.insert(key, reason.to_string());
        }
    }

    /// Adds every hard and soft bounce of a read bounce.
    #[cfg(feature = "mime")]
    pub fn add_report(&mut self, report: &crate::bounce::BounceReport) {
        use crate::bounce::Kind;
        for b in &report.bounces {
            match b.kind {
                Kind::Hard => self.add(&b.recipient, true, b.reason.name()),
                Kind::Soft => self.add(&b.recipient, false, b.reason.name()),
                Kind::NotABounce => {}
            }
        }
    }

    /// Adds the bounces of `mailhint bounce --format json` output: one JSON object, or JSON
    /// Lines (one a file), each with `bounces: [{recipient, kind, reason}]`. Returns how many
    /// bounces were added, or why the text is not that output.
    pub fn add_json(&mut self, text: &str) -> Result<usize, String> {
        #[derive(serde::Deserialize)]
        struct FileOut {
            #[serde(default)]
            bounces: Option<Vec<BounceOut>>,
        }
        #[derive(serde::Deserialize)]
        struct BounceOut {
            recipient: String,
            kind: String,
            #[serde(default)]
            reason: String,
        }
        let mut added = 0;
        for (n, line) in serde_json::Deserializer::from_str(text).into_iter::<FileOut>().enumerate() {
            let file = line.map_err(|e| format!("not the JSON of `mailhint bounce` (object {}: {e})", n + 1))?;
            for b in file.bounces.unwrap_or_default() {
                match b.kind.as_str() {
                    "hard" => self.add(&b.recipient, true, &b.reason),
                    "soft" => self.add(&b.recipient, false, &b.reason),
                    _ => continue,
                }
                added += 1;
            }
        }
        Ok(added)
    }

    /// How many addresses hard-bounced and soft-bounced.
    pub fn counts(&self) -> (usize, usize) {
        (self.hard.len(), self.soft.len())
    }
}

/// One reason given to a row, with its details in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The reason.
    pub reason: Reason,
    /// What exactly, in English.
    pub en: String,
    /// What exactly, in Chinese.
    pub zh: String,
}

impl Finding {
    fn new(reason: Reason, en: impl Into<String>, zh: impl Into<String>) -> Finding {
        Finding { reason, en: printable(&en.into()), zh: printable(&zh.into()) }
    }

    /// The detail in `lang`.
    pub fn detail(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::ZhCn => &self.zh,
        }
    }
}

/// Control characters shown as `U+0007`: details go into CSV cells and terminals.
fn printable(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { format!("U+{:04X}", c as u32) } else { c.to_string() }).collect()
}

/// One row's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowVerdict {
    /// The row's index in [`Table::rows`].
    pub row: usize,
    /// The address as found in the email cell (inside `<…>` when the cell has a name too).
    pub address: String,
    /// Remove, doubtful or keep: the strictest of the findings'.
    pub status: Status,
    /// The reasons, strictest first.
    pub findings: Vec<Finding>,
}

impl RowVerdict {
    /// The reasons' names, `; ` between (the CSV's `reason` column).
    pub fn reason_names(&self) -> String {
        self.findings.iter().map(|f| f.reason.name()).collect::<Vec<_>>().join("; ")
    }

    /// The details in `lang`, `; ` between (`；` in Chinese text; the CSV's `detail` column).
    pub fn details(&self, lang: Lang) -> String {
        let separator = match lang {
            Lang::En => "; ",
            Lang::ZhCn => "；",
        };
        self.findings.iter().map(|f| f.detail(lang)).collect::<Vec<_>>().join(separator)
    }
}

/// Counts before and after.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Rows read.
    pub rows: usize,
    /// Distinct domains looked up.
    pub domains: usize,
    /// Rows in the clean list (kept and doubtful).
    pub clean: usize,
    /// Rows removed.
    pub removed: usize,
    /// Rows kept but doubtful.
    pub doubtful: usize,
    /// Rows at a free-mail domain, among the clean ones.
    pub free_mail: usize,
    /// Rows still waiting for a DNS answer.
    pub pending: usize,
    /// Per reason, how many rows have it (in declaration order, only those that occur).
    pub by_reason: Vec<(Reason, usize)>,
}

/// A domain's state.
#[derive(Debug, Clone)]
enum DomainState {
    Pending,
    Done(Option<Finding>),
}

/// A list being checked.
#[derive(Debug)]
pub struct ListCheck {
    /// The list as read.
    pub table: Table,
    verdicts: Vec<RowVerdict>,
    /// Per row, the index of its domain in `domains` when it waits for one.
    row_domain: Vec<Option<u32>>,
    domains: Vec<(String, DomainState)>,
    /// Indexes into `domains` still pending.
    pending: Vec<usize>,
    /// Rows per domain, to hand out rows as their domain settles.
    domain_rows: Vec<Vec<u32>>,
    /// Rows settled and not yet taken by [`ListCheck::take_settled`].
    settled: Vec<usize>,
}

/// What the checks need besides the list.
#[derive(Debug, Clone, Copy)]
pub struct ListOptions<'a> {
    /// Disposable-mailbox domains.
    pub disposable: &'a DisposableList,
    /// Earlier bounces.
    pub suppression: &'a Suppression,
}

/// The address of an email cell: inside `<…>` when the cell is `Name <address>`.
fn address_of(cell: &str) -> &str {
    let cell = cell.trim();
    if let (Some(open), true) = (cell.rfind('<'), cell.ends_with('>')) {
        let inner = &cell[open + 1..cell.len() - 1];
        if inner.contains('@') {
            return inner.trim();
        }
    }
    cell
}

impl ListCheck {
    /// Checks every row of `table` as far as it can without DNS.
    pub fn new(table: Table, options: ListOptions<'_>) -> ListCheck {
        let mut check = ListCheck {
            verdicts: Vec::with_capacity(table.rows.len()),
            row_domain: Vec::with_capacity(table.rows.len()),
            domains: Vec::new(),
            pending: Vec::new(),
            domain_rows: Vec::new(),
            settled: Vec::new(),
            table: Table { rows: Vec::new(), ..table.clone() },
        };
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut first_row: HashMap<String, usize> = HashMap::new();
        let header_lines = usize::from(table.has_header);
        let clipped: HashSet<usize> = table.clipped_rows.iter().copied().collect();
        for (i, row) in table.rows.iter().enumerate() {
            let cell = row.get(table.email_column).map(String::as_str).unwrap_or("");
            let address = address_of(cell);
            let mut findings = Vec::new();
            if clipped.contains(&i) {
                findings.push(Finding::new(
                    Reason::RowTooLong,
                    format!("a cell is longer than {} bytes", crate::limits::MAX_LIST_FIELD_BYTES),
                    format!("有单元格超过 {} 字节", crate::limits::MAX_LIST_FIELD_BYTES),
                ));
            }
            let domain = check_address(address, options, &mut findings).and_then(|(key, domain)| {
                if let Some(&first) = first_row.get(&key) {
                    let line = first + 1 + header_lines;
                    findings.push(Finding::new(
                        Reason::Duplicate,
                        format!("same as row {line}"),
                        format!("与第 {line} 行重复"),
                    ));
                    return None;
                }
                first_row.insert(key, i);
                findings.iter().all(|f| f.reason.status() != Status::Remove).then_some(domain)
            });
            let domain_index = domain.and_then(|domain| {
                if domain.starts_with('[') {
                    return None; // an address literal names its server
                }
                if r10::is_private_name(&domain) {
                    findings.push(Finding::new(
                        Reason::NotChecked,
                        "a name only the company's own DNS knows",
                        "只有企业内部 DNS 才能解析的名称",
                    ));
                    return None;
                }
                if let Some(&d) = index.get(&domain) {
                    return Some(d);
                }
                if check.domains.len() >= MAX_LIST_DOMAINS {
                    findings.push(Finding::new(
                        Reason::NotChecked,
                        format!("more than {MAX_LIST_DOMAINS} domains in the list"),
                        format!("名单中的域名超过 {MAX_LIST_DOMAINS} 个"),
                    ));
                    return None;
                }
                let d = check.domains.len();
                index.insert(domain.clone(), d);
                check.domains.push((domain, DomainState::Pending));
                check.domain_rows.push(Vec::new());
                check.pending.push(d);
                Some(d)
            });
            findings.sort_by_key(|f| (f.reason.status(), f.reason));
            let status = findings.first().map_or(Status::Keep, |f| f.reason.status());
            check.verdicts.push(RowVerdict { row: i, address: printable(address), status, findings });
            match domain_index {
                Some(d) => check.domain_rows[d].push(i as u32),
                None => check.settled.push(i),
            }
            check.row_domain.push(domain_index.map(|d| d as u32));
        }
        check.table.rows = table.rows;
        check
    }

    /// Reads the answers in `lookups` for the domains still pending (noting what is missing
    /// there) and returns how many are still pending.
    pub fn step(&mut self, lookups: &Lookups) -> usize {
        let mut still = Vec::new();
        for d in std::mem::take(&mut self.pending) {
            match domain_finding(lookups, &self.domains[d].0) {
                Err(Pending) => still.push(d),
                Ok(finding) => self.settle(d, finding),
            }
        }
        self.pending = still;
        self.pending.len()
    }

    /// Gives up on the domains still pending: "could not be checked" (the lookup rounds ran
    /// out, or the host stopped).
    pub fn give_up(&mut self, why_en: &str, why_zh: &str) {
        for d in std::mem::take(&mut self.pending) {
            self.settle(d, Some(Finding::new(Reason::NotChecked, why_en, why_zh)));
        }
    }

    fn settle(&mut self, d: usize, finding: Option<Finding>) {
        for &row in &self.domain_rows[d] {
            let v = &mut self.verdicts[row as usize];
            if let Some(f) = &finding {
                v.findings.push(f.clone());
                v.findings.sort_by_key(|f| (f.reason.status(), f.reason));
                v.status = v.findings[0].reason.status();
            }
            self.settled.push(row as usize);
        }
        self.domains[d].1 = DomainState::Done(finding);
    }

    /// Whether every domain has its answer.
    pub fn is_done(&self) -> bool {
        self.pending.is_empty()
    }

    /// The rows whose verdict became final since the last call, in row order within a call.
    pub fn take_settled(&mut self) -> Vec<&RowVerdict> {
        let mut rows = std::mem::take(&mut self.settled);
        rows.sort_unstable();
        rows.into_iter().map(|i| &self.verdicts[i]).collect()
    }

    /// Every row's verdict, in row order (pending rows without their DNS verdict yet).
    pub fn verdicts(&self) -> &[RowVerdict] {
        &self.verdicts
    }

    /// The distinct domains to look up.
    pub fn domain_count(&self) -> usize {
        self.domains.len()
    }

    /// Distinct domains still pending.
    pub fn pending_domains(&self) -> usize {
        self.pending.len()
    }

    /// Each domain looked up and, when it takes no mail or could not be checked, why.
    pub fn domain_verdicts(&self) -> impl Iterator<Item = (&str, Option<&Finding>)> {
        self.domains.iter().filter_map(|(name, state)| match state {
            DomainState::Pending => None,
            DomainState::Done(f) => Some((name.as_str(), f.as_ref())),
        })
    }

    /// The counts, before and after.
    pub fn summary(&self) -> Summary {
        let mut s = Summary { rows: self.verdicts.len(), domains: self.domains.len(), ..Summary::default() };
        let mut by_reason: HashMap<Reason, usize> = HashMap::new();
        for (v, d) in self.verdicts.iter().zip(&self.row_domain) {
            match v.status {
                Status::Remove => s.removed += 1,
                Status::Doubtful => s.doubtful += 1,
                Status::Keep => {}
            }
            if v.status != Status::Remove {
                s.clean += 1;
                s.free_mail += usize::from(v.findings.iter().any(|f| f.reason == Reason::FreeMail));
            }
            if d.is_some_and(|d| matches!(self.domains[d as usize].1, DomainState::Pending)) {
                s.pending += 1;
            }
            let mut seen = [false; REASONS.len()];
            for f in &v.findings {
                let k = REASONS.iter().position(|r| r.reason == f.reason).unwrap_or(0);
                if !std::mem::replace(&mut seen[k], true) {
                    *by_reason.entry(f.reason).or_default() += 1;
                }
            }
        }
        s.by_reason = REASONS.iter().filter_map(|r| by_reason.get(&r.reason).map(|&n| (r.reason, n))).collect();
        s
    }
}

/// Which rows a CSV holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rows {
    /// Every row, with `status`, `reason`, `detail` after the input's columns.
    All,
    /// The clean list: kept and doubtful rows, the input's columns only (ready to import).
    Clean,
    /// Removed and doubtful rows, with `status`, `reason`, `detail`.
    RemovedOrDoubtful,
}

impl ListCheck {
    /// The rows `rows` selects as CSV (comma-separated, quoted where needed, `\n` line ends),
    /// details in `lang`.
    pub fn csv(&self, rows: Rows, lang: Lang) -> String {
        let verdict = rows != Rows::Clean;
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header = self.table.columns.clone();
        if verdict {
            header.extend(["status", "reason", "detail"].map(String::from));
        }
        // Writing to a Vec cannot fail.
        let _ = w.write_record(&header);
        let selected = self.verdicts.iter().filter(|v| match rows {
            Rows::All => true,
            Rows::Clean => v.status != Status::Remove,
            Rows::RemovedOrDoubtful => v.status != Status::Keep,
        });
        for v in selected {
            let mut record: Vec<&str> = self.table.rows[v.row].iter().map(String::as_str).collect();
            record.resize(self.table.columns.len(), "");
            let (names, details) = (v.reason_names(), v.details(lang));
            if verdict {
                record.extend([v.status.as_str(), names.as_str(), details.as_str()]);
            }
            let _ = w.write_record(&record);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

/// The checks of one address that need no network, into `findings`; the duplicate key and the
/// domain to look up when the address is well-formed.
fn check_address(address: &str, options: ListOptions<'_>, findings: &mut Vec<Finding>) -> Option<(String, String)> {
    if address.is_empty() {
        findings.push(Finding::new(Reason::NoAddress, "the email cell is empty", "邮箱单元格为空"));
        return None;
    }
    if let Some(problem) = address::syntax_problem(address, false) {
        findings.push(Finding::new(Reason::InvalidSyntax, problem.en(), problem.zh()));
        return None;
    }
    let (local, domain) = address.rsplit_once('@')?;
    let ascii = crate::dns::domain_to_ascii(domain);
    let key = format!("{local}@{ascii}");
    let lower = address.to_lowercase();
    if let Some(reason) = options.suppression.hard.get(&lower) {
        findings.push(Finding::new(
            Reason::HardBounced,
            format!("hard bounce ({reason})"),
            format!("硬退信（{reason}）"),
        ));
    } else if let Some(reason) = options.suppression.soft.get(&lower) {
        findings.push(Finding::new(
            Reason::SoftBounced,
            format!("soft bounce ({reason}): the address may be fine"),
            format!("软退信（{reason}）：地址本身可能没有问题"),
        ));
    }
    if let Some(fix) = r09::likely_correction(&domain.to_ascii_lowercase()) {
        findings.push(Finding::new(
            Reason::DomainTypo,
            format!("\"{domain}\" looks like a typo: did you mean {local}@{fix}?"),
            format!("「{domain}」疑似拼写错误，是不是 {local}@{fix}？"),
        ));
    } else if options.disposable.contains(&ascii) {
        findings.push(Finding::new(
            Reason::Disposable,
            format!("{domain} hands out throw-away mailboxes"),
            format!("{domain} 提供一次性临时邮箱"),
        ));
    }
    if let Some(role) = address::role_of(local) {
        findings.push(Finding::new(
            Reason::RoleAccount,
            format!("\"{role}\" is a shared mailbox, not a person"),
            format!("「{role}」是部门公共邮箱，不是个人"),
        ));
    }
    if crate::lexicon::is_freemail(&ascii) {
        findings.push(Finding::new(
            Reason::FreeMail,
            format!("{domain} is a free mailbox provider"),
            format!("{domain} 是免费邮箱"),
        ));
    }
    Some((key, ascii))
}

/// The finding for a domain from DNS: `None` when it takes mail.
fn domain_finding(lookups: &Lookups, domain: &str) -> Result<Option<Finding>, Pending> {
    Ok(match r10::routing(lookups, domain)? {
        Routing::TakesMail => None,
        Routing::NoMail(NoMail::NoSuchDomain) => Some(Finding::new(
            Reason::NoSuchDomain,
            format!("{domain} does not exist (NXDOMAIN)"),
            format!("{domain} 不存在（NXDOMAIN）"),
        )),
        Routing::NoMail(NoMail::NoServer) => Some(Finding::new(
            Reason::NoMailServer,
            format!("{domain} has no MX record and no address"),
            format!("{domain} 既没有 MX 记录也没有地址记录"),
        )),
        Routing::NoMail(NoMail::NullMx) => Some(Finding::new(
            Reason::NullMx,
            format!("{domain} publishes a null MX (RFC 7505)"),
            format!("{domain} 发布了空 MX（RFC 7505）"),
        )),
        Routing::Unknown(reason) => Some(Finding::new(
            Reason::NotChecked,
            format!("the lookup of {domain} failed: {reason}"),
            format!("{domain} 查询失败：{reason}"),
        )),
    })
}

#[cfg(test)]
mod tests;
