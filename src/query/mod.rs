//! The one query type and the one engine behind every front end.
//!
//! The CLI, the REPL and `kg query` (JSON Lines) all build a [`Query`] and call
//! [`run`]; they differ only in how they parse and print. Names in a query are
//! strings; [`run`] resolves them (ids, names, aliases, with suggestions on a
//! miss) before any traversal starts, so the algorithms only see node indices.

pub mod answer;
pub mod cancel;
mod entity;
pub mod filter;
pub mod neighbors;
pub mod path;
mod stats;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::KnowledgeGraph;
pub use answer::Answer;
pub use filter::{Direction, Filter};
pub use neighbors::NeighboursQuery;
pub use path::PathQuery;

/// A question to the graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum Query {
    /// Shortest paths between two entities (`kg path`).
    Path(PathQuery),
    /// Everything within some hops of an entity (`kg neighbours`).
    #[serde(alias = "neighbors")]
    Neighbours(NeighboursQuery),
    /// One entity with its aliases, attributes and relations (`kg show`).
    Entity { name: String },
    /// Counts by entity type and relation type (`kg stats`).
    Stats {},
}

impl Query {
    /// The operation's name, as written in JSON requests and on the command line.
    pub fn op(&self) -> &'static str {
        match self {
            Query::Path(_) => "path",
            Query::Neighbours(_) => "neighbours",
            Query::Entity { .. } => "entity",
            Query::Stats {} => "stats",
        }
    }
}

/// Runs `q` on `g`.
///
/// # Errors
/// Unknown or ambiguous names; malformed options.
pub fn run(g: &KnowledgeGraph, q: &Query) -> Result<Answer> {
    let answer = run_unchecked(g, q);
    match cancel::check() {
        Ok(()) => answer,
        // Out of time: an enumeration keeps what it found so far, which is a true
        // prefix of its answer, and says it was cut; anything else has no answer.
        Err(e) if !cancel::interrupted() => match answer {
            Ok(Answer::Path(mut p)) if is_enumeration(q) && !p.paths.is_empty() => {
                p.truncated = true;
                p.reason = Some("time limit reached; these are the first paths found".into());
                Ok(Answer::Path(p))
            }
            Ok(Answer::Neighbours(mut n)) => {
                n.truncated = true;
                n.reason = Some("time limit reached; entities found so far".into());
                Ok(Answer::Neighbours(n))
            }
            _ => Err(e),
        },
        Err(e) => Err(e),
    }
}

/// Whether `q` enumerates paths (`all` or `k`), so a prefix of its answer is an answer.
fn is_enumeration(q: &Query) -> bool {
    matches!(q, Query::Path(p) if p.all || p.k.is_some())
}

/// [`run`] with a time budget: past it the query stops (see [`run`] for what it returns).
pub fn run_with_timeout(
    g: &KnowledgeGraph,
    q: &Query,
    timeout: Option<std::time::Duration>,
) -> Result<Answer> {
    cancel::set_deadline(timeout.map(|t| std::time::Instant::now() + t));
    let answer = run(g, q);
    cancel::set_deadline(None);
    answer
}

fn run_unchecked(g: &KnowledgeGraph, q: &Query) -> Result<Answer> {
    match q {
        Query::Path(p) => Ok(Answer::Path(path::run(g, p)?)),
        Query::Neighbours(n) => Ok(Answer::Neighbours(neighbors::run(g, n)?)),
        Query::Entity { name } => Ok(Answer::Entity(entity::show(g, g.resolve(name)?))),
        Query::Stats {} => Ok(Answer::Stats(stats::stats(g))),
    }
}
