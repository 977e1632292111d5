//! The one query type and the one engine behind every front end.
//!
//! The CLI, the REPL and `kg query` (JSON Lines) all build a [`Query`] and call
//! [`run`]; they differ only in how they parse and print. Names in a query are
//! strings; [`run`] resolves them (ids, names, aliases, with suggestions on a
//! miss) before any traversal starts, so the algorithms only see node indices.

pub mod answer;
mod bfs;
pub mod cameo;
pub use crate::cancel;
pub mod entity;
pub mod fields;
pub mod filter;
pub mod list;
pub mod matching;
pub mod neighbors;
pub mod path;
mod stats;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::KnowledgeGraph;
pub use answer::Answer;
pub use filter::{Direction, Filter};
pub use list::{EntitiesQuery, RelationsQuery};
pub use matching::MatchQuery;
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
    /// One entity with its aliases, attributes and relations (`kg show`): those
    /// the filter allows, at most `limit` of them (see [`entity::show`]).
    Entity {
        name: String,
        #[serde(flatten)]
        filter: Filter,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        limit: Option<usize>,
    },
    /// Counts by entity type and relation type (`kg stats`).
    Stats {},
    /// The entities of a type, a page of them (`kg entities`, see [`list::entities`]).
    Entities(EntitiesQuery),
    /// The relations of some types, a page of them (`kg relations`, see [`list::relations`]).
    Relations(RelationsQuery),
    /// A pattern query (`kg match`, see [`matching::run`]): rows of bindings,
    /// each with the relations it matched.
    Match(MatchQuery),
}

impl Query {
    /// Whether every entity this query names is named by its exact id in `g`
    /// (a listing names none), so answering it never builds the name index.
    /// A kind of query not known to name only ids says no.
    fn names_only_ids(&self, g: &KnowledgeGraph) -> bool {
        let id = |n: &String| g.entity_by_id(n).is_some();
        match self {
            Query::Path(p) => [&p.from, &p.to].into_iter().chain(&p.filter.avoid).all(id),
            Query::Neighbours(n) => std::iter::once(&n.of).chain(&n.filter.avoid).all(id),
            Query::Stats {} | Query::Entities(_) | Query::Relations(_) => true,
            Query::Entity { .. } | Query::Match(_) => false,
        }
    }

    /// The parts of the answer the query asks for (`--fields`), for the
    /// queries that take them.
    pub fn fields(&self) -> Option<fields::Fields> {
        match self {
            Query::Path(p) => Some(p.fields),
            Query::Neighbours(n) => Some(n.fields),
            Query::Entity { .. }
            | Query::Stats {}
            | Query::Entities(_)
            | Query::Relations(_)
            | Query::Match(_) => None,
        }
    }

    /// The operation's name, as written in JSON requests and on the command line.
    pub fn op(&self) -> &'static str {
        match self {
            Query::Path(_) => "path",
            Query::Neighbours(_) => "neighbours",
            Query::Entity { .. } => "entity",
            Query::Stats {} => "stats",
            Query::Entities(_) => "entities",
            Query::Relations(_) => "relations",
            Query::Match(_) => "match",
        }
    }
}

/// Runs `q` on `g`.
///
/// # Errors
/// Unknown or ambiguous names; malformed options.
pub fn run(g: &KnowledgeGraph, q: &Query) -> Result<Answer> {
    let answer = run_unchecked(g, q);
    let Err(e) = cancel::check() else {
        return answer;
    };
    // Stopped (out of time, or Ctrl-C): an enumeration keeps what it found so
    // far, which is a true prefix of its answer, and says why it was cut; a
    // person who pressed Ctrl-C on a long `--all` wants the paths already on
    // hand, as a script that ran out of time gets them. Anything else has no answer.
    let why = if cancel::interrupted() {
        INTERRUPTED
    } else {
        TIME_LIMIT
    };
    match answer {
        Ok(Answer::Path(mut p)) if is_enumeration(q) && !p.paths.is_empty() => {
            p.truncated = true;
            p.reason = Some(format!("{why}; these are the first paths found"));
            Ok(Answer::Path(p))
        }
        Ok(Answer::Neighbours(mut n)) => {
            n.truncated = true;
            n.reason = Some(format!("{why}; entities found so far"));
            // Time or Ctrl-C, not the limit, cut it.
            n.bound = None;
            Ok(Answer::Neighbours(n))
        }
        // A pattern's rows so far are rows of its answer, but not all of them:
        // counts, DISTINCT and ORDER BY then speak of those found, and say so.
        Ok(Answer::Match(mut m)) => {
            m.answer.truncated = true;
            m.answer.reason = Some(format!("{why}; {MATCHES_SO_FAR}"));
            Ok(Answer::Match(m))
        }
        // A question that was wrong before it was stopped (an unknown name)
        // says so, not that it was cancelled.
        Err(mistake) if !matches!(mistake, crate::Error::Cancelled { .. }) => Err(mistake),
        _ => Err(e),
    }
}

/// Whether `q` enumerates paths (`all` or `k`), so a prefix of its answer is an answer.
fn is_enumeration(q: &Query) -> bool {
    matches!(q, Query::Path(p) if p.all || p.k.is_some())
}

/// What the rows of a pattern answer cut by time or Ctrl-C are.
pub const MATCHES_SO_FAR: &str = "rows from the matches found so far";

/// The time an enumeration (`all`, `k`, a neighbourhood) gets when the caller
/// sets none. Their limits bound the size of an answer, not the work of finding
/// it: the 100,000 shortest simple paths of a complete graph of 200 entities take
/// minutes. A person at the prompt or a script is better served by the first
/// answers within a second, marked as cut, than by a wait with no end in sight;
/// `--timeout` and `timeout_ms` give more time (or less).
pub const DEFAULT_ENUMERATION_TIME: std::time::Duration = std::time::Duration::from_secs(1);

/// [`run`] with a time budget: past it the query stops (see [`run`] for what it
/// returns). With `timeout` `None`, enumerations get [`DEFAULT_ENUMERATION_TIME`]
/// and single answers none. The front ends (CLI, REPL, `kg query`) run queries
/// through here.
pub fn run_with_timeout(
    g: &KnowledgeGraph,
    q: &Query,
    timeout: Option<std::time::Duration>,
) -> Result<Answer> {
    // A pattern query enumerates matches, which can explode (`*..15` on a dense graph).
    let enumerates = is_enumeration(q) || matches!(q, Query::Neighbours(_) | Query::Match(_));
    let default = timeout.is_none() && enumerates;
    let budget = if default {
        Some(DEFAULT_ENUMERATION_TIME)
    } else {
        timeout
    };
    // The indexes a query reads are built on first use; building them is the
    // graph's cost, not the question's, so it is paid before the clock starts
    // (on a large graph in a slow build it alone could use up the budget).
    if matches!(q, Query::Path(_) | Query::Neighbours(_) | Query::Match(_)) {
        g.adjacency();
    }
    // Listings resolve no entity names, and a question that names its entities
    // by their exact ids (as scripts do) never reads the name index.
    if !q.names_only_ids(g) {
        g.name_index();
    }
    // A budget too long for the clock to add (`--timeout 0` asks for none) is no deadline.
    cancel::set_deadline(budget.and_then(|t| std::time::Instant::now().checked_add(t)));
    let mut answer = run(g, q);
    cancel::set_deadline(None);
    if default {
        let reason = match &mut answer {
            Ok(Answer::Path(p)) => p.reason.as_mut(),
            Ok(Answer::Neighbours(n)) => n.reason.as_mut(),
            Ok(Answer::Match(m)) => m.answer.reason.as_mut(),
            _ => None,
        };
        if let Some(r) = reason.filter(|r| r.starts_with(TIME_LIMIT)) {
            r.insert_str(
                TIME_LIMIT.len(),
                " (1 s, the default for enumerations; --timeout or timeout_ms gives more)",
            );
        }
    }
    answer
}

/// How the reason of an answer cut by its time budget begins.
const TIME_LIMIT: &str = "time limit reached";

/// How the reason of an answer cut by Ctrl-C begins.
const INTERRUPTED: &str = "interrupted";

fn run_unchecked(g: &KnowledgeGraph, q: &Query) -> Result<Answer> {
    match q {
        Query::Path(p) => Ok(Answer::Path(path::run(g, p)?)),
        Query::Neighbours(n) => Ok(Answer::Neighbours(neighbors::run(g, n)?)),
        Query::Entity {
            name,
            filter,
            limit,
        } => Ok(Answer::Entity(entity::show(
            g,
            g.resolve(name)?,
            filter,
            *limit,
        )?)),
        Query::Stats {} => Ok(Answer::Stats(stats::stats(g))),
        Query::Entities(q) => Ok(Answer::Entities(list::entities(g, q)?)),
        Query::Relations(q) => Ok(Answer::Relations(list::relations(g, q)?)),
        Query::Match(q) => Ok(Answer::Match(answer::MatchOut::new(
            g,
            matching::run(g, q)?,
        ))),
    }
}
