//! Pattern queries (`kg match`): resolve the names and types of a parsed
//! query, plan from the most selective pattern, extend along the adjacency
//! index, and project rows that carry the relations they matched.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::KnowledgeGraph;
use crate::query::answer::MatchAnswer;

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
}

/// Rows an answer lists when the request sets no `limit`.
pub const DEFAULT_LIMIT: usize = 1000;

/// Runs `q` on `g`.
///
/// # Errors
/// A query that does not parse or cannot run as written ([`Error::Query`]).
pub fn run(_g: &KnowledgeGraph, _q: &MatchQuery) -> Result<MatchAnswer> {
    Err(Error::bad_request("pattern queries are being built"))
}
