//! The pattern query language of `kg match`: the subset of Cypher that ISO GQL
//! standardised (`MATCH`, `WHERE`, `RETURN`), read into [`ast::Query`].
//!
//! It reads text only; resolving names and types against a graph and running
//! the query is `query::matching`'s. Every mistake is an [`crate::Error::Query`]
//! with the line and column where it was written.
//!
//! `lex` cuts the text into tokens (and checks that brackets balance),
//! `parse` reads clauses and patterns, `expr` expressions, and `refuse` names
//! what the subset leaves out.
//!
//! # Complexity
//!
//! Linear in the length of the text: the lexer makes one pass, the parser
//! never backtracks, and nesting is bounded by [`MAX_DEPTH`]. Expression trees
//! are at most [`MAX_HEIGHT`] high, so code that walks them may recurse.

pub mod ast;
mod expr;
mod lex;
mod parse;
mod refuse;
#[cfg(test)]
mod sexp;

pub use expr::MAX_HEIGHT;
pub use lex::MAX_DEPTH;

/// Reads `text` as a pattern query.
///
/// Keywords are case-insensitive; names keep their spelling. Nothing here
/// knows the graph: unknown types and names are the engine's to report.
///
/// # Errors
///
/// [`crate::Error::Query`] with the 1-based line and column (in characters)
/// of the first mistake, a message and usually a hint: a syntax error, a
/// construct outside the subset (`OPTIONAL MATCH`, `WITH`, named paths,
/// `RETURN *`, …), a bad `SKIP`/`LIMIT` or length bound, or nesting deeper
/// than [`MAX_DEPTH`].
///
/// # Example
///
/// ```
/// let q = kg::gql::parse("MATCH (p:person)-[:visits]->(c) RETURN p.name AS who").unwrap();
/// assert_eq!(q.matches[0].patterns[0].steps.len(), 1);
/// assert_eq!(q.ret.items[0].column(), "who");
/// ```
pub fn parse(text: &str) -> crate::error::Result<ast::Query> {
    parse::query(text)
}
