//! The static walk of a domain's SPF: without a client IP, every `include:` and `redirect=`
//! is followed and every DNS-querying term counted, nested ones included, the way receivers
//! would count them on the longest path (checkdmarc and MXToolbox count the same way). The
//! result is an [`SpfTree`] the report shows as a tree: which include costs how many lookups,
//! where the limit of 10 is crossed, which target is dead.

use serde::Serialize;

use super::eval::is_queryable;
use super::record::{is_spf_record, Mechanism, SpfRecord, TermKind};
use crate::dns::{Answer, Lookups, Pending, RecordData, RecordType};
use crate::domain::say;
use crate::limits::{MAX_SPF_DNS_TERMS, MAX_SPF_MX_NAMES};
use crate::report::Lang;

/// How deep includes are followed: past 10 levels the lookup limit is exceeded anyway.
const MAX_DEPTH: usize = MAX_SPF_DNS_TERMS + 1;

/// What was found at a node's target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeState {
    /// One valid SPF record.
    Valid,
    /// One SPF record with syntax errors (a permerror).
    Invalid,
    /// The name exists but has no SPF record.
    NoRecord,
    /// The name does not exist.
    NxDomain,
    /// More than one SPF record (a permerror).
    Multiple,
    /// The lookup failed: could not check.
    Failed,
    /// The target is already being evaluated above: a loop (a permerror).
    Loop,
    /// The target depends on the sender or client (a macro): not followed without them.
    Dynamic,
    /// Nested too deep to follow.
    TooDeep,
}

/// A problem met at a node, in the report's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeProblem {
    /// A stable kind (`unknown-mechanism`, `void-lookup`, `no-record`…).
    pub kind: String,
    /// 1-based character column in the node's record, when it is about a term.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The term or text it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// Whether it makes SPF fail (a permerror).
    pub fatal: bool,
    /// What is wrong, in plain words.
    pub message: String,
}

/// One record in the tree: the domain's own, or one reached by `include:` / `redirect=`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpfNode {
    /// The term that leads here (`include:spf.qiye.aliyun.com`); empty for the domain itself.
    pub term: String,
    /// The name whose record this is.
    pub target: String,
    /// What was found there.
    pub state: NodeState,
    /// Its SPF record, as published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// DNS-querying terms in this record itself (`include`, `a`, `mx`, `ptr`, `exists`,
    /// `redirect`).
    pub lookups: usize,
    /// This record's and every record below it.
    pub total_lookups: usize,
    /// The running count, in evaluation order, once this record and those below it are done:
    /// where it first passes 10 is where receivers give up.
    pub cumulative_lookups: usize,
    /// Void lookups (NXDOMAIN or no records) this record's terms meet.
    pub void_lookups: usize,
    /// Problems found here.
    pub problems: Vec<NodeProblem>,
    /// Records reached from here, in order.
    pub children: Vec<SpfNode>,
    /// The parsed record, for the checks.
    #[serde(skip)]
    pub parsed: Option<SpfRecord>,
}

/// A domain's whole SPF, statically expanded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpfTree {
    /// The domain.
    pub domain: String,
    /// DNS-querying terms in the whole tree.
    pub lookups: usize,
    /// Void lookups in the whole tree.
    pub void_lookups: usize,
    /// The domain's own record and everything below it.
    pub root: SpfNode,
}

impl SpfNode {
    /// This node and every node below it, depth first in evaluation order.
    pub fn iter(&self) -> Box<dyn Iterator<Item = &SpfNode> + '_> {
        Box::new(std::iter::once(self).chain(self.children.iter().flat_map(|c| c.iter())))
    }

    /// Whether any lookup in this subtree failed (counts below it may be low).
    pub fn has_failures(&self) -> bool {
        self.iter().any(|n| n.state == NodeState::Failed || n.problems.iter().any(|p| p.kind == "lookup-failed"))
    }
}

impl SpfTree {
    /// Every node, depth first.
    pub fn nodes(&self) -> impl Iterator<Item = &SpfNode> {
        self.root.iter()
    }

    /// The record that decides when nothing matches: the root, or the end of its chain of
    /// `redirect=` (followed only when the record has no `all`).
    pub fn effective_ending(&self) -> &SpfNode {
        let mut node = &self.root;
        while let Some(next) = node.children.iter().find(|c| c.term.starts_with("redirect=") && c.parsed.is_some()) {
            if node.parsed.as_ref().and_then(SpfRecord::all).is_some() {
                break;
            }
            node = next;
        }
        node
    }
}

/// Walks the SPF of `domain`. Every lookup one level needs is asked for before waiting, so a
/// driver fetches a level per round.
pub fn walk(lookups: &Lookups, domain: &str, lang: Lang) -> Result<SpfTree, Pending> {
    let mut walker = Walker { lookups, lang, running: 0 };
    let root = walker.node(String::new(), domain, &mut Vec::new())?;
    let lookups = root.total_lookups;
    let void_lookups = root.iter().map(|n| n.void_lookups).sum();
    Ok(SpfTree { domain: domain.to_string(), lookups, void_lookups, root })
}

struct Walker<'a> {
    lookups: &'a Lookups,
    lang: Lang,
    running: usize,
}

impl Walker<'_> {
    fn problem(&self, kind: &str, term: Option<&str>, fatal: bool, en: String, zh: String) -> NodeProblem {
        NodeProblem {
            kind: kind.to_string(),
            column: None,
            term: term.map(str::to_string),
            fatal,
            message: say(self.lang, en, zh),
        }
    }

    fn leaf(&self, term: String, target: &str, state: NodeState) -> SpfNode {
        SpfNode {
            term,
            target: target.to_string(),
            state,
            record: None,
            lookups: 0,
            total_lookups: 0,
            cumulative_lookups: self.running,
            void_lookups: 0,
            problems: Vec::new(),
            children: Vec::new(),
            parsed: None,
        }
    }

    fn node(&mut self, term: String, target: &str, path: &mut Vec<String>) -> Result<SpfNode, Pending> {
        if path.iter().any(|p| p == target) {
            let mut node = self.leaf(term, target, NodeState::Loop);
            node.problems.push(self.problem(
                "loop",
                None,
                true,
                format!("{target} includes itself through {}", path.join(" → ")),
                format!("{target} 通过 {} 又包含了自己，形成循环", path.join(" → ")),
            ));
            return Ok(node);
        }
        if path.len() >= MAX_DEPTH {
            return Ok(self.leaf(term, target, NodeState::TooDeep));
        }
        let answer = self.lookups.lookup(target, RecordType::Txt)?;
        let records: Vec<String> = answer.txt().into_iter().filter(|t| is_spf_record(t)).collect();
        let state = match (answer, records.len()) {
            (Answer::Failed { .. }, _) => NodeState::Failed,
            (Answer::NxDomain { .. }, _) => NodeState::NxDomain,
            (_, 0) => NodeState::NoRecord,
            (_, 1) => NodeState::Valid,
            _ => NodeState::Multiple,
        };
        let mut node = self.leaf(term, target, state);
        match state {
            NodeState::Valid => {}
            NodeState::Failed => {
                let reason = match answer {
                    Answer::Failed { reason } => reason.as_str(),
                    _ => "",
                };
                node.problems.push(self.problem(
                    "lookup-failed",
                    None,
                    false,
                    format!("the TXT lookup of {target} failed ({reason})"),
                    format!("查询 {target} 的 TXT 记录失败（{reason}）"),
                ));
                return Ok(node);
            }
            NodeState::Multiple => {
                node.problems.push(self.problem(
                    "multiple-records",
                    None,
                    true,
                    format!("{target} has {} SPF records (one is allowed)", records.len()),
                    format!("{target} 有 {} 条 SPF 记录（只允许一条）", records.len()),
                ));
                return Ok(node);
            }
            _ => {
                node.void_lookups += usize::from(answer.is_void(RecordType::Txt));
                let (en, zh) = match state {
                    NodeState::NxDomain => (format!("{target} does not exist"), format!("{target} 这个域名不存在")),
                    _ => (format!("{target} has no SPF record"), format!("{target} 没有 SPF 记录")),
                };
                node.problems.push(self.problem("no-record", None, true, en, zh));
                return Ok(node);
            }
        }
        let record = SpfRecord::parse(&records[0]);
        node.record = Some(record.text.clone());
        for p in &record.problems {
            node.problems.push(NodeProblem {
                kind: p.kind.name().to_string(),
                column: Some(p.column(&record.text)),
                term: record.text.get(p.start..p.end).map(str::to_string),
                fatal: p.fatal,
                message: p.describe(self.lang),
            });
        }
        if !record.is_valid() {
            node.state = NodeState::Invalid;
        }
        path.push(target.to_string());
        let mut pending = false;
        let start = self.running;
        for t in &record.terms {
            let (mechanism, redirect) = match &t.kind {
                TermKind::Directive { mechanism, .. } => (Some(mechanism), None),
                TermKind::Redirect { domain } => (None, Some(domain)),
                _ => continue,
            };
            if let Some(m) = mechanism {
                if !m.queries_dns() {
                    continue;
                }
            }
            if redirect.is_some() && record.all().is_some() {
                // Ignored by receivers when the record has `all` (RFC 7208 §6.1).
                continue;
            }
            node.lookups += 1;
            self.running += 1;
            let spec = match (mechanism, redirect) {
                (Some(Mechanism::Include { domain }), _) | (_, Some(domain)) => Some(domain),
                _ => None,
            };
            if let Some(spec) = spec {
                let Some(child_target) = spec.constant().map(|n| crate::dns::normalize_name(&n)) else {
                    node.children.push(self.leaf(t.text.clone(), &spec.source, NodeState::Dynamic));
                    continue;
                };
                match self.node(t.text.clone(), &child_target, path) {
                    Ok(child) => node.children.push(child),
                    Err(Pending) => pending = true,
                }
                continue;
            }
            match self.void_of(mechanism, target, &t.text) {
                Ok(Some(problem)) => {
                    if problem.kind == "void-lookup" {
                        node.void_lookups += 1;
                    }
                    node.problems.push(problem);
                }
                Ok(None) => {}
                Err(Pending) => pending = true,
            }
        }
        path.pop();
        if pending {
            return Err(Pending);
        }
        node.total_lookups = self.running - start;
        node.cumulative_lookups = self.running;
        node.parsed = Some(record);
        Ok(node)
    }

    /// Looks up what an `a`, `mx` or `exists` term asks for, for its void lookups and the MX
    /// limit. `a` is void when the name has neither A nor AAAA records.
    fn void_of(
        &self,
        mechanism: Option<&Mechanism>,
        current: &str,
        term: &str,
    ) -> Result<Option<NodeProblem>, Pending> {
        let (spec, types): (_, &[RecordType]) = match mechanism {
            Some(Mechanism::A { domain, .. }) => (domain.as_ref(), &[RecordType::A, RecordType::Aaaa]),
            Some(Mechanism::Mx { domain, .. }) => (domain.as_ref(), &[RecordType::Mx]),
            Some(Mechanism::Exists { domain }) => (Some(domain), &[RecordType::A]),
            _ => return Ok(None),
        };
        let name = match spec {
            None => current.to_string(),
            Some(spec) => match spec.constant() {
                Some(n) => crate::dns::normalize_name(&n),
                None => return Ok(None),
            },
        };
        if !is_queryable(&name) {
            return Ok(None);
        }
        let answers: Vec<_> = types.iter().map(|t| self.lookups.lookup(&name, *t)).collect();
        let answers = answers.into_iter().collect::<Result<Vec<_>, _>>()?;
        if let Some(Answer::Failed { reason }) = answers.iter().find(|a| a.is_failed()) {
            return Ok(Some(self.problem(
                "lookup-failed",
                Some(term),
                false,
                format!("the lookup for “{term}” failed ({reason})"),
                format!("“{term}”的查询失败（{reason}）"),
            )));
        }
        if answers.iter().zip(types).all(|(a, t)| a.is_void(*t)) {
            return Ok(Some(self.problem(
                "void-lookup",
                Some(term),
                false,
                format!(
                    "“{term}”: {name} has no {} records",
                    types.iter().map(|t| t.as_str()).collect::<Vec<_>>().join("/")
                ),
                format!(
                    "“{term}”：{name} 没有 {} 记录",
                    types.iter().map(|t| t.as_str()).collect::<Vec<_>>().join("/")
                ),
            )));
        }
        if let (Some(Mechanism::Mx { .. }), Some(answer)) = (mechanism, answers.first()) {
            let count = answer
                .records(RecordType::Mx)
                .filter(|d| matches!(d, RecordData::Mx { exchange, .. } if !exchange.is_empty()))
                .count();
            if count > MAX_SPF_MX_NAMES {
                return Ok(Some(self.problem(
                    "mx-too-many",
                    Some(term),
                    true,
                    format!("“{term}”: {name} has {count} MX hosts (at most {MAX_SPF_MX_NAMES})"),
                    format!("“{term}”：{name} 有 {count} 台 MX 主机（最多 {MAX_SPF_MX_NAMES} 台）"),
                )));
            }
        }
        Ok(None)
    }
}
