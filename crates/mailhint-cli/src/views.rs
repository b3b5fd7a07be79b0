//! The two structured parts of `mailhint domain`'s text report: the SPF include tree (one line
//! per term that costs a DNS lookup, with the running count against the limit of 10) and the
//! DMARC view (how RFC 7489 and RFC 9989 receivers read the domain's policy, side by side).

use std::io::Write;

use anyhow::Result;
use mailhint_core::domain::dmarc::{DiscoveryView, DmarcView, Policy};
use mailhint_core::domain::spf::record::{Mechanism, TermKind};
use mailhint_core::domain::spf::tree::{NodeProblem, NodeState, SpfNode, SpfTree};
use mailhint_core::domain::spf::LOOKUPS_HIGH;
use mailhint_core::limits::{MAX_SPF_DNS_TERMS, MAX_SPF_VOID_LOOKUPS};
use mailhint_core::Lang;

/// Colours text for a terminal, or leaves it plain.
pub type Paint<'a> = &'a dyn Fn(&str, &str) -> String;

fn say(lang: Lang, en: impl Into<String>, zh: impl Into<String>) -> String {
    match lang {
        Lang::En => en.into(),
        Lang::ZhCn => zh.into(),
    }
}

/// Display width of `text` in a terminal: CJK and full-width characters take two columns.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// `text` padded with spaces to `columns` display columns.
fn pad(text: &str, columns: usize) -> String {
    format!("{text}{}", " ".repeat(columns.saturating_sub(width(text))))
}

// --- the SPF tree --------------------------------------------------------------------------------

/// One line of the tree.
struct Row {
    /// Tree glyphs before the label (`│  ├─ `).
    prefix: String,
    /// The term (or, for the first line, the domain).
    label: String,
    /// The running count once this term's own lookup is made.
    running: Option<usize>,
    /// Short marks after the count (void lookup, over the limit, no record…).
    marks: Vec<(&'static str, String)>,
    /// Problems, one line each under the row: (fatal, message).
    notes: Vec<(bool, String)>,
    /// The glyphs that continue the tree under this row (for its notes).
    continuation: String,
    /// Draw the limit line under this row (and its notes).
    limit_after: bool,
}

/// What a node's target state reads as, short.
fn state_mark(state: NodeState, lang: Lang) -> Option<String> {
    let (en, zh) = match state {
        NodeState::Valid => return None,
        NodeState::Invalid => ("invalid record", "记录有错误"),
        NodeState::NoRecord => ("no SPF record", "没有 SPF 记录"),
        NodeState::NxDomain => ("does not exist", "域名不存在"),
        NodeState::Multiple => ("several SPF records", "多条 SPF 记录"),
        NodeState::Failed => ("lookup failed", "查询失败"),
        NodeState::Loop => ("loop", "循环包含"),
        NodeState::Dynamic => ("not followed: depends on the sender (macro)", "未展开：随发件人而变（宏）"),
        NodeState::TooDeep => ("not followed: nested too deep", "未展开：嵌套过深"),
    };
    Some(say(lang, en, zh))
}

fn note(p: &NodeProblem) -> (bool, String) {
    (p.fatal, p.message.clone())
}

struct TreeBuilder {
    lang: Lang,
    rows: Vec<Row>,
    running: usize,
}

impl TreeBuilder {
    /// Adds a row for a term that costs one lookup, and marks the limit.
    fn push(&mut self, prefix: String, continuation: String, label: String) -> &mut Row {
        self.running += 1;
        let running = self.running;
        let mut marks = Vec::new();
        if running > MAX_SPF_DNS_TERMS {
            marks.push(("31", say(self.lang, "over the limit", "超出上限")));
        }
        self.rows.push(Row {
            prefix,
            label,
            running: Some(running),
            marks,
            notes: Vec::new(),
            continuation,
            limit_after: running == MAX_SPF_DNS_TERMS,
        });
        self.rows.last_mut().expect("just pushed")
    }

    /// The rows of `node`'s record: one per term that costs a lookup, the records they include
    /// below them. `indent` is the glyphs of the levels above, `header` the row that leads here.
    fn terms(&mut self, node: &SpfNode, indent: &str, header: usize) {
        let lang = self.lang;
        let mut shown = vec![false; node.problems.len()];
        if let Some(record) = &node.parsed {
            let costly: Vec<_> = record
                .terms
                .iter()
                .filter(|t| match &t.kind {
                    TermKind::Directive { mechanism, .. } => mechanism.queries_dns(),
                    TermKind::Redirect { .. } => record.all().is_none(),
                    _ => false,
                })
                .collect();
            let mut children = node.children.iter();
            for (i, term) in costly.iter().enumerate() {
                let last = i + 1 == costly.len();
                let (branch, cont) = if last { ("└─ ", "   ") } else { ("├─ ", "│  ") };
                let continuation = format!("{indent}{cont}");
                let row = self.push(format!("{indent}{branch}"), continuation.clone(), term.text.clone());
                // A repeated term has one lookup problem per occurrence: one each.
                let mut lookup_problem = false;
                for (j, p) in node.problems.iter().enumerate() {
                    let per_lookup = matches!(p.kind.as_str(), "void-lookup" | "lookup-failed" | "mx-too-many");
                    if !shown[j] && p.term.as_deref() == Some(term.text.as_str()) && !(per_lookup && lookup_problem) {
                        lookup_problem |= per_lookup;
                        if p.kind == "void-lookup" {
                            row.marks.push(("33", say(lang, "void lookup", "空查询")));
                        }
                        row.notes.push(note(p));
                        shown[j] = true;
                    }
                }
                let follows = matches!(
                    &term.kind,
                    TermKind::Redirect { .. } | TermKind::Directive { mechanism: Mechanism::Include { .. }, .. }
                );
                if !follows {
                    continue;
                }
                let Some(child) = children.next() else { continue };
                let at = self.rows.len() - 1;
                self.child(child, &continuation, at);
            }
        }
        // Problems of the record not about a term above (syntax errors, a missing record…): under
        // the row that leads to it.
        let rest = node.problems.iter().zip(&shown).filter(|(_, s)| !**s).map(|(p, _)| note(p));
        self.rows[header].notes.extend(rest);
    }

    /// What the include or redirect row says of its target, then the target's own terms.
    fn child(&mut self, child: &SpfNode, indent: &str, at: usize) {
        let lang = self.lang;
        let own_voids = child.problems.iter().filter(|p| p.kind == "void-lookup").count();
        {
            let row = &mut self.rows[at];
            if child.void_lookups > own_voids {
                row.marks.push(("33", say(lang, "void lookup", "空查询")));
            }
            if let Some(mark) = state_mark(child.state, lang) {
                let code = match child.state {
                    NodeState::Dynamic | NodeState::TooDeep | NodeState::Failed => "90",
                    _ => "31",
                };
                row.marks.push((code, mark));
            }
        }
        self.terms(child, indent, at);
    }
}

/// The SPF tree, its total and the limit.
pub fn write_spf(out: &mut impl Write, tree: &SpfTree, lang: Lang, paint: Paint) -> Result<()> {
    let heading = say(lang, "SPF lookups (the limit is 10)", "SPF 查询次数（上限 10 次）");
    writeln!(out, "\n  {}", paint("1", &heading))?;
    let mut builder = TreeBuilder { lang, rows: Vec::new(), running: 0 };
    builder.rows.push(Row {
        prefix: String::new(),
        label: tree.domain.clone(),
        running: None,
        marks: state_mark(tree.root.state, lang).map(|m| ("31", m)).into_iter().collect(),
        notes: Vec::new(),
        continuation: String::new(),
        limit_after: false,
    });
    builder.terms(&tree.root, "", 0);
    let rows = builder.rows;
    let over = tree.lookups > MAX_SPF_DNS_TERMS;

    let label_width = rows.iter().map(|r| width(&r.prefix) + width(&r.label)).max().unwrap_or(0).min(64);
    let count_width = tree.lookups.max(MAX_SPF_DNS_TERMS).to_string().len();
    for row in &rows {
        let label = pad(&format!("{}{}", row.prefix, row.label), label_width);
        let mut line = format!("  {label}");
        if let Some(running) = row.running {
            let count = match lang {
                Lang::En => format!("+1 → {running:>count_width$} of {MAX_SPF_DNS_TERMS}"),
                Lang::ZhCn => format!("+1 → {running:>count_width$} / {MAX_SPF_DNS_TERMS}"),
            };
            line.push_str("  ");
            line.push_str(&if running > MAX_SPF_DNS_TERMS { paint("31", &count) } else { count });
        }
        for (code, mark) in &row.marks {
            line.push_str("  ");
            line.push_str(&paint(code, &format!("[{mark}]")));
        }
        writeln!(out, "{}", line.trim_end())?;
        for (fatal, message) in &row.notes {
            let sign = if *fatal { paint("31", "✗") } else { paint("33", "!") };
            writeln!(out, "  {}   {sign} {message}", row.continuation)?;
        }
        if row.limit_after && over {
            let text = say(
                lang,
                "── limit reached: receivers stop here, and the next lookup makes SPF fail (permerror) ──",
                "── 已达上限：收件方查到这里为止，再多一次查询 SPF 就会失败（permerror）──",
            );
            writeln!(out, "  {}", paint("31", &text))?;
        }
    }

    // The total and the limit.
    let partial = tree.root.has_failures();
    let total = match (lang, over) {
        (Lang::En, false) => format!("Total: {} of {MAX_SPF_DNS_TERMS} DNS lookups", tree.lookups),
        (Lang::En, true) => format!(
            "Total: {} of {MAX_SPF_DNS_TERMS} DNS lookups: over the limit, SPF fails (permerror) for every message",
            tree.lookups
        ),
        (Lang::ZhCn, false) => format!("合计：{} / {MAX_SPF_DNS_TERMS} 次 DNS 查询", tree.lookups),
        (Lang::ZhCn, true) => {
            format!(
                "合计：{} / {MAX_SPF_DNS_TERMS} 次 DNS 查询，超出上限，所有邮件的 SPF 都会失败（permerror）",
                tree.lookups
            )
        }
    };
    let code = match tree.lookups {
        n if n > MAX_SPF_DNS_TERMS => "1;31",
        n if n >= LOOKUPS_HIGH => "33",
        _ => "32",
    };
    writeln!(out, "  {}", paint(code, &total))?;
    let voids = match lang {
        Lang::En => format!("Void lookups: {} of {MAX_SPF_VOID_LOOKUPS}", tree.void_lookups),
        Lang::ZhCn => format!("空查询：{} / {MAX_SPF_VOID_LOOKUPS} 次", tree.void_lookups),
    };
    let voids = if tree.void_lookups > MAX_SPF_VOID_LOOKUPS {
        paint(
            "31",
            &format!(
                "{voids}{}",
                say(lang, ": over the limit, SPF fails (permerror)", "，超出上限，SPF 会失败（permerror）")
            ),
        )
    } else {
        voids
    };
    writeln!(out, "  {voids}")?;
    if partial {
        let text = say(lang, "Some lookups failed: the real count may be higher.", "部分查询失败：实际次数可能更多。");
        writeln!(out, "  {}", paint("90", &text))?;
    }
    Ok(())
}

// --- the DMARC view ------------------------------------------------------------------------------

/// The policy for subdomains that do not exist: `np` under RFC 9989; `sp` under RFC 7489,
/// which has no `np`.
fn nonexistent(view: &DiscoveryView, bis: bool) -> Option<Policy> {
    if bis {
        view.np
    } else {
        view.sp
    }
}

/// How RFC 7489 and RFC 9989 receivers read the domain's DMARC, in two columns, with a verdict.
pub fn write_dmarc(out: &mut impl Write, view: &DmarcView, lang: Lang, paint: Paint) -> Result<()> {
    let heading = say(lang, "DMARC: old and new receivers", "DMARC：旧版与新版收件方");
    writeln!(out, "\n  {}", paint("1", &heading))?;
    let none = say(lang, "none", "无");
    let name = |v: &Option<String>| v.clone().unwrap_or_else(|| none.clone());
    let policy = |p: Option<Policy>| p.map_or_else(|| "-".to_string(), |p| p.as_str().to_string());
    let (old, new) = (&view.rfc7489, &view.rfc9989);
    let yes_no = |b: bool| if b { say(lang, "yes", "是") } else { say(lang, "no", "否") };

    // (label, RFC 7489, RFC 9989, whether they differ)
    let row = |label: String, a: String, b: String| {
        let differ = a != b;
        (label, a, b, differ)
    };
    let mut rows: Vec<(String, String, String, bool)> = vec![
        row(say(lang, "policy domain", "策略所在域名"), name(&old.policy_domain), name(&new.policy_domain)),
        (
            say(lang, "org domain", "组织域名"),
            name(&old.org_domain),
            name(&new.org_domain),
            // Without records, RFC 9989's walk finds none: no difference to speak of.
            old.org_domain.is_some() && new.org_domain.is_some() && old.org_domain != new.org_domain,
        ),
        row(say(lang, "record", "记录"), name(&old.record), name(&new.record)),
        row(say(lang, "p (the domain)", "p（域名本身）"), policy(old.p), policy(new.p)),
        row(say(lang, "sp (subdomains)", "sp（子域名）"), policy(old.sp), policy(new.sp)),
        (
            say(lang, "np (non-existent)", "np（不存在的子域名）"),
            match old.sp {
                Some(p) => say(lang, format!("{} (sp: no np)", p.as_str()), format!("{}（按 sp，无 np）", p.as_str())),
                None => "-".to_string(),
            },
            policy(new.np),
            // What each applies to subdomains that do not exist.
            nonexistent(old, false) != nonexistent(new, true),
        ),
        row(say(lang, "applied to its mail", "其邮件适用"), policy(old.applied), policy(new.applied)),
    ];
    if old.testing || new.testing {
        rows.push(row(say(lang, "test mode", "测试模式"), yes_no(old.testing), yes_no(new.testing)));
    }
    if old.unknown.is_some() || new.unknown.is_some() {
        let reason = |v: &DiscoveryView| v.unknown.clone().unwrap_or_else(|| "-".into());
        rows.push(row(say(lang, "could not check", "无法检查"), reason(old), reason(new)));
    }

    let title_old = say(lang, "RFC 7489 (most receivers today)", "RFC 7489（目前多数收件方）");
    let title_new = say(lang, "RFC 9989 (2026)", "RFC 9989（2026 年）");
    let label_width = rows.iter().map(|r| width(&r.0)).max().unwrap_or(0);
    // The first column as wide as its values, within reason: a long record wraps the line.
    let left_width = rows.iter().map(|r| width(&r.1)).chain([width(&title_old)]).max().unwrap_or(0).min(40);
    writeln!(
        out,
        "  {}  {} | {}",
        pad("", label_width),
        paint("1", &pad(&title_old, left_width)),
        paint("1", &title_new)
    )?;
    let mut differs = Vec::new();
    for (label, a, b, differ) in &rows {
        if *differ {
            differs.push(label.clone());
        }
        let mark = if *differ { paint("33", "≠") } else { " ".to_string() };
        let label = pad(label, label_width + 1);
        match (*differ, width(a) > left_width) {
            (_, false) => {
                let b = if *differ { paint("33", b) } else { b.clone() };
                writeln!(out, "  {label}{mark} {} | {b}", pad(a, left_width))?;
            }
            // Too long for the column (a record): once for both, or one line each.
            (false, true) => writeln!(out, "  {label}  {a} {}", paint("90", &say(lang, "(both)", "（两者相同）")))?,
            (true, true) => {
                writeln!(out, "  {label}{mark} 7489: {a}")?;
                writeln!(out, "  {}  9989: {}", pad("", width(&label)), paint("33", b))?;
            }
        }
    }
    let verdict = if old.record.is_none() && new.record.is_none() && differs.is_empty() {
        paint("33", &say(lang, "No DMARC record either way.", "两种方式都找不到 DMARC 记录。"))
    } else if differs.is_empty() {
        paint("32", &say(lang, "Same for both.", "两者相同。"))
    } else {
        let list = differs.join(&say(lang, ", ", "、"));
        paint("33", &say(lang, format!("They differ in: {list}."), format!("两者不同之处：{list}。")))
    };
    writeln!(out, "  {verdict}")?;
    Ok(())
}
