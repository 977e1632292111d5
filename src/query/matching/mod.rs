//! Pattern queries (`kg match`): resolve the names and types of a parsed
//! query, plan from the most selective pattern, extend along the adjacency
//! index, and project rows that carry the relations they matched.
//!
//! The stages, each in its own module:
//! - [`resolve`]: variables to slots, names and types to ids, mistakes located;
//! - [`plan`]: the order of the search's steps (`--explain` prints it);
//! - [`search`]: the backtracking matcher over the adjacency;
//! - [`eval`] and [`value`]: expressions and Cypher's value semantics;
//! - [`project`]: `RETURN` — grouping, `DISTINCT`, `ORDER BY`, `SKIP`, `LIMIT`.

pub mod eval;
pub mod plan;
pub mod project;
pub mod resolve;
pub mod search;
pub mod value;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::gql::ast;
use crate::model::KnowledgeGraph;
use crate::query::answer::{cited, MatchAnswer};

/// A pattern query as a front end hands it over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchQuery {
    /// The query text (`MATCH … RETURN …`).
    pub query: String,
    /// The most rows the answer lists ([`DEFAULT_LIMIT`] when `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
    /// Plan only: the answer holds the plan and no rows.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub explain: bool,
    /// The rows alone: no relations under them and so no evidence or sources,
    /// which are then never gathered (not built and dropped).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_evidence: bool,
}

/// Rows an answer lists when the request sets no `limit`.
pub const DEFAULT_LIMIT: usize = 1000;

/// The upper bound of a variable-length pattern that leaves it open (`*`, `*2..`).
pub const DEFAULT_MAX_HOPS: u64 = 15;

/// The most hops a variable-length pattern walks; a larger bound is cut to it.
pub const MAX_HOPS: u64 = 100;

/// How an answer cut by the time budget says what its rows are.
pub const TIME_LIMIT_REASON: &str = "time limit reached; rows from the matches found so far";

/// How an answer cut by Ctrl-C says what its rows are.
pub const INTERRUPTED_REASON: &str = "interrupted; rows from the matches found so far";

/// Runs `q` on `g`.
///
/// Stopped by the time budget or Ctrl-C ([`crate::cancel`]), it still
/// answers: `truncated`, with a reason saying the rows (and any counts and
/// order) cover only the matches found so far.
///
/// # Errors
/// A query that does not parse or cannot run as written ([`crate::Error::Query`]).
///
/// # Complexity
/// See [`plan`] for the order of the search and [`search`] for its cost;
/// resolving and planning are linear in the query.
pub fn run(g: &KnowledgeGraph, q: &MatchQuery) -> Result<MatchAnswer> {
    let parsed = crate::gql::parse(&q.query)?;
    execute_shaped(
        g,
        &parsed,
        q.limit.unwrap_or(DEFAULT_LIMIT),
        q.explain,
        !q.no_evidence,
    )
}

/// Runs a parsed query: [`run`] after parsing.
///
/// # Errors
/// A query that cannot run as written ([`crate::Error::Query`]).
pub fn execute(
    g: &KnowledgeGraph,
    q: &ast::Query,
    limit: usize,
    explain: bool,
) -> Result<MatchAnswer> {
    execute_shaped(g, q, limit, explain, true)
}

/// [`execute`], with each row's relations (and their evidence and sources)
/// when `evidence` is set, or none: without them the collector records no
/// relation of any match, so nothing about evidence is looked up.
///
/// # Errors
/// A query that cannot run as written ([`crate::Error::Query`]).
pub fn execute_shaped(
    g: &KnowledgeGraph,
    q: &ast::Query,
    limit: usize,
    explain: bool,
    evidence: bool,
) -> Result<MatchAnswer> {
    let resolved = resolve::resolve(g, q)?;
    let plan = plan::plan(g, &resolved);
    let mut answer = MatchAnswer {
        columns: resolved.ret.columns.clone(),
        rows: Vec::new(),
        relations: Vec::new(),
        truncated: false,
        reason: None,
        limit,
        notes: resolved.notes.clone(),
        sources: Vec::new(),
        plan: None,
    };
    if explain {
        let mut lines = plan.lines;
        if resolved.impossible() {
            lines.push("nothing can match (see the notes); the search is skipped".to_string());
        }
        answer.plan = Some(lines);
        return Ok(answer);
    }
    // No relation slots: no match's relations are gathered, so rows carry none.
    let rel_slots: &[usize] = if evidence { &resolved.rel_slots } else { &[] };
    let mut collector = project::Collector::new(g, &resolved.ret, rel_slots, limit);
    let mut stopped = false;
    if !resolved.impossible() {
        let index: Vec<Option<search::StepIndex>> = plan
            .ops
            .iter()
            .map(|op| match op {
                plan::Op::Expand {
                    clause,
                    edge,
                    backwards,
                    indexed: true,
                } => Some(search::StepIndex::build(
                    g,
                    &resolved.clauses[*clause].edges[*edge],
                    *backwards,
                )),
                // A typed walk of several hops from few starts: rows as reached.
                plan::Op::Expand {
                    clause,
                    edge,
                    backwards,
                    indexed: false,
                } if resolved.clauses[*clause].edges[*edge].types.is_some()
                    && resolved.clauses[*clause].edges[*edge].length.is_some() =>
                {
                    Some(search::StepIndex::lazy(
                        &resolved.clauses[*clause].edges[*edge],
                        *backwards,
                    ))
                }
                _ => None,
            })
            .collect();
        let mut matcher = search::Matcher::new(g, &resolved, &plan.ops, &index);
        matcher.run(&mut collector);
        stopped = matcher.stopped;
    }
    let rows = collector.finish(limit);
    answer.sources = cited(g, rows.relations.iter().flatten());
    answer.rows = rows.rows;
    answer.relations = rows.relations;
    if stopped {
        answer.truncated = true;
        answer.reason = Some(
            if crate::cancel::interrupted() {
                INTERRUPTED_REASON
            } else {
                TIME_LIMIT_REASON
            }
            .to_string(),
        );
    } else if rows.more {
        answer.truncated = true;
        answer.reason = Some(format!(
            "more than {limit} rows; the first {limit} are listed (a larger limit shows more)"
        ));
    }
    Ok(answer)
}
