//! `match QUERY`: which parts of the graph fit a pattern, and on what evidence?
//!
//! The query is a subset of Cypher / ISO GQL (`docs/match.md`), read by
//! [`crate::gql`] and run by [`crate::query::matching`]. This file holds the
//! verb's arguments and examples; the REPL hands it a query typed without
//! quotes verbatim (`repl::words::pattern`).

use super::spec::{Section, Spec};
use super::{Context, Options, Outcome};
use crate::error::{Error, Result};
use crate::query::{self, MatchQuery, Query};

pub const SPEC: Spec = Spec::new(
    &["match"],
    Section::Ask,
    &[
        "match 'MATCH (p:person)-[:foreign_minister_of]->(c)-[:claims]->(t {name: \"Kurils\"}) RETURN p, c'",
        "match 'MATCH (a:news_agency)-[:based_in]->(c) RETURN c.name, count(*) AS n ORDER BY n DESC'",
        "match 'MATCH (p:person)-[v:visits]->(x) WHERE v.date >= \"2016-03\" RETURN p, x' --no-evidence",
        "match 'MATCH ({name: \"Japan\"})-[*1..2]-(k:territory) RETURN DISTINCT k' --limit 5",
        "match --explain 'MATCH (p:person)-[:visits]->(c:city) RETURN p, c'",
    ],
);

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The pattern query: `MATCH (p:person)-[:visits]->(c) WHERE … RETURN p, c`
    /// (docs/match.md). Quote it on the command line; in the REPL a line that
    /// begins with MATCH is taken as it stands.
    #[arg(value_name = "QUERY")]
    pub query: String,
    /// At most this many rows [default: 1000]; more are marked truncated.
    #[arg(long, value_name = "N", value_parser = super::values::parse_count)]
    pub limit: Option<usize>,
    /// Print the plan (the order patterns are matched in, and why) instead of running it.
    #[arg(long)]
    pub explain: bool,
    /// The table only: leave out the relations each row matched and their evidence.
    #[arg(long)]
    pub no_evidence: bool,
}

impl Args {
    /// The query (for `export --query` and `render --query` too).
    ///
    /// # Errors
    /// A query that starts with a pattern and not with `MATCH`: the one
    /// mistake the front ends see coming (`match (p) RETURN p` typed with the
    /// keyword left out, or `kg match '(p) RETURN p'`).
    pub fn query(&self) -> Result<Query> {
        let text = self.query.trim_start();
        if text.starts_with('(') {
            let skipped = self.query.len() - text.len();
            let (line, column) = position(&self.query, skipped);
            return Err(Error::query(
                line,
                column,
                "a pattern query begins with MATCH",
                Some(format!(
                    "write it as: MATCH {}",
                    crate::error::shown(text.lines().next().unwrap_or(text))
                )),
            ));
        }
        Ok(Query::Match(MatchQuery {
            query: self.query.clone(),
            limit: self.limit,
            explain: self.explain,
            no_evidence: self.no_evidence,
        }))
    }
}

/// The 1-based line and column (in characters) of byte `at` of `text`.
fn position(text: &str, at: usize) -> (u32, u32) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// Runs the query on the session's graph within the time budget (an
/// enumeration's: 1 s unless `--timeout` says otherwise).
///
/// # Errors
/// A query that does not parse or cannot run ([`Error::Query`], located).
pub fn run(args: &Args, opts: &Options, ctx: &mut Context) -> Result<Outcome> {
    let g = ctx.session()?.graph();
    let q = args.query()?;
    Ok(Outcome::Answer(query::run_with_timeout(
        g,
        &q,
        opts.timeout,
    )?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Wrap {
        #[command(flatten)]
        args: Args,
    }

    fn args(words: &[&str]) -> Args {
        Wrap::try_parse_from(std::iter::once("match").chain(words.iter().copied()))
            .unwrap()
            .args
    }

    #[test]
    fn the_query_goes_to_the_engine_as_written() {
        let a = args(&["MATCH (p) RETURN p", "--limit", "5", "--explain"]);
        let Query::Match(q) = a.query().unwrap() else {
            panic!("not a match query")
        };
        assert_eq!(q.query, "MATCH (p) RETURN p");
        assert_eq!(q.limit, Some(5));
        assert!(q.explain);
        assert!(!q.no_evidence);
    }

    #[test]
    fn a_query_that_begins_with_a_pattern_is_told_to_begin_with_match() {
        let e = args(&["\n  (p:person) RETURN p"]).query().unwrap_err();
        match &e {
            Error::Query {
                line, column, hint, ..
            } => {
                assert_eq!((*line, *column), (2, 3));
                assert_eq!(
                    hint.as_deref(),
                    Some("write it as: MATCH (p:person) RETURN p")
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(e.code(), "bad_query");
    }

    #[test]
    fn positions_count_characters_from_one() {
        assert_eq!(position("abc", 0), (1, 1));
        assert_eq!(position("ab\ncé(", 6), (2, 3));
    }
}
