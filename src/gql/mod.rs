//! The pattern query language of `kg match`: the subset of Cypher that ISO GQL
//! standardised (`MATCH`, `WHERE`, `RETURN`), read into [`ast::Query`].
//!
//! It reads text only; resolving names and types against a graph and running
//! the query is `query::matching`'s. Every mistake is an [`crate::Error::Query`]
//! with the line and column where it was written.

pub mod ast;
