//! The one query type and the one engine behind every front end.
//!
//! The CLI, the REPL and `kg query` (JSON Lines) all build a [`Query`] and call
//! [`run`]; they differ only in how they parse and print. Names in a query are
//! strings; [`run`] resolves them (ids, names, aliases, with suggestions on a
//! miss) before any traversal starts, so the algorithms only see node indices.

pub mod answer;
mod entity;
mod stats;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::KnowledgeGraph;
pub use answer::Answer;

/// A question to the graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum Query {
    /// One entity with its aliases, attributes and relations (`kg show`).
    Entity { name: String },
    /// Counts by entity type and relation type (`kg stats`).
    Stats {},
}

impl Query {
    /// The operation's name, as written in JSON requests and on the command line.
    pub fn op(&self) -> &'static str {
        match self {
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
    match q {
        Query::Entity { name } => Ok(Answer::Entity(entity::show(g, g.resolve(name)?))),
        Query::Stats {} => Ok(Answer::Stats(stats::stats(g))),
    }
}
