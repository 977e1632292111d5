//! What the subset leaves out, refused where it is written with a message
//! that names it and a hint that says what to write instead; and keywords a
//! typo away from the ones expected, offered as suggestions.
//!
//! The parser calls these where such a construct would begin, so each check
//! looks at a few tokens only.

use super::ast::{Expr, Span};
use super::lex::Tok;
use super::parse::Parser;
use crate::error::{Error, Result};

const READ_ONLY: &str =
    "kg match only reads the graph; change it with kg's edit commands (add, remove, rename, …)";

/// Clauses and keywords of Cypher outside the subset: the word that begins
/// each, its name in the message, and the hint.
const UNSUPPORTED: &[(&str, &str, &str)] = &[
    (
        "OPTIONAL",
        "OPTIONAL MATCH",
        "kg match reads MATCH, WHERE and RETURN; use several MATCH clauses, or ask for the optional part in a query of its own",
    ),
    (
        "WITH",
        "WITH",
        "kg match reads MATCH, WHERE and RETURN; filter in WHERE, and aggregate in RETURN (count(*) groups by the other items)",
    ),
    (
        "UNWIND",
        "UNWIND",
        "kg match reads MATCH, WHERE and RETURN; test a value against a list with IN [...] in WHERE",
    ),
    ("CREATE", "CREATE", READ_ONLY),
    ("MERGE", "MERGE", READ_ONLY),
    ("DELETE", "DELETE", READ_ONLY),
    ("DETACH", "DETACH DELETE", READ_ONLY),
    ("SET", "SET", READ_ONLY),
    ("REMOVE", "REMOVE", READ_ONLY),
    ("FOREACH", "FOREACH", READ_ONLY),
    (
        "CALL",
        "CALL",
        "kg match has no procedures; kg path, kg neighbours and kg stats answer what they usually do",
    ),
    (
        "UNION",
        "UNION",
        "run each query on its own",
    ),
    (
        "LOAD",
        "LOAD CSV",
        "load files into the graph with kg load, then match them",
    ),
    (
        "USE",
        "USE",
        "name the graph on the command line: kg --graph FILE match …",
    ),
];

/// Words that are keywords where an expression may stand: a variable of
/// that name must be quoted in backticks.
const RESERVED: &[&str] = &[
    "MATCH", "WHERE", "RETURN", "AND", "OR", "XOR", "IN", "STARTS", "ENDS", "CONTAINS", "IS", "AS",
    "ORDER", "BY", "SKIP", "LIMIT", "DISTINCT", "OPTIONAL", "WITH", "UNWIND", "CREATE", "MERGE",
    "DELETE", "DETACH", "SET", "REMOVE", "CALL", "UNION", "FOREACH", "LOAD", "WHEN", "THEN",
    "ELSE", "END",
];

fn error(at: Span, message: impl Into<String>, hint: &str) -> Error {
    Error::query(at.line, at.column, message, Some(hint.to_string()))
}

/// A clause the subset leaves out, if the next word begins one.
fn unsupported(p: &Parser<'_>) -> Option<Error> {
    let Tok::Word(w) = p.tok() else {
        return None;
    };
    let (word, name, hint) = UNSUPPORTED
        .iter()
        .find(|(word, ..)| w.eq_ignore_ascii_case(word))?;
    // `OPTIONAL` alone, `LOAD` alone: still not a clause kg reads, but name
    // only what was written.
    let name = match *word {
        "OPTIONAL" if !p.is_word_at(1, "MATCH") => "OPTIONAL",
        "LOAD" if !p.is_word_at(1, "CSV") => "LOAD",
        "DETACH" if !p.is_word_at(1, "DELETE") => "DETACH",
        _ => name,
    };
    Some(error(p.at(), format!("{name} is not supported"), hint))
}

/// Keywords a typo away from `word`, among the all-capital words of
/// `expected` (the "expected …" part of a message); none when `word` is one
/// of them.
pub fn misspelt(word: &str, expected: &str) -> Vec<String> {
    let keywords: Vec<&str> = expected
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|k| k.len() >= 2 && k.chars().all(|c| c.is_ascii_uppercase()))
        .collect();
    // A word of one or two letters is a name more often than a typo: `b`
    // is not a misspelt `BY`.
    if word.chars().count() < 3 || keywords.iter().any(|k| k.eq_ignore_ascii_case(word)) {
        return Vec::new();
    }
    crate::suggest::closest(word, keywords.iter().copied())
        .into_iter()
        .map(|k| k.to_ascii_uppercase())
        .collect()
}

/// The next token where a clause should begin (the query's start, after a
/// clause) is not `MATCH`, a `WHERE` in its place, or `RETURN`; `expected`
/// says what could stand there.
pub fn clause(p: &Parser<'_>, expected: &str) -> Error {
    if let Some(e) = unsupported(p) {
        return e;
    }
    let at = p.at();
    if *p.tok() == Tok::Eof {
        return error(
            at,
            "the query has no RETURN",
            "end it with RETURN and what to return: RETURN a, b",
        );
    }
    if p.is_word("WHERE") {
        return if expected.starts_with("MATCH") {
            error(
                at,
                "WHERE must follow a MATCH clause",
                "MATCH (a) WHERE a.name = 'x' RETURN a",
            )
        } else {
            error(
                at,
                "a MATCH clause takes one WHERE",
                "join the conditions with AND",
            )
        };
    }
    for kw in ["ORDER", "SKIP", "LIMIT"] {
        if p.is_word(kw) {
            let kw = if kw == "ORDER" { "ORDER BY" } else { kw };
            return error(
                at,
                format!("{kw} must come after RETURN"),
                &format!("RETURN a {kw} …"),
            );
        }
    }
    p.unexpected(expected)
}

/// Something follows the end of `RETURN … [SKIP] [LIMIT] [;]`.
pub fn after_return(p: &Parser<'_>) -> Error {
    if let Some(e) = unsupported(p) {
        return e;
    }
    let at = p.at();
    for kw in ["MATCH", "WHERE", "RETURN"] {
        if p.is_word(kw) {
            return error(
                at,
                format!("{kw} cannot follow RETURN"),
                "RETURN ends the query: write every MATCH and WHERE before it",
            );
        }
    }
    if p.is_word("ORDER") {
        return error(
            at,
            "ORDER BY must come before SKIP and LIMIT",
            "RETURN a ORDER BY a.name SKIP 10 LIMIT 10",
        );
    }
    if p.is_word("SKIP") {
        return error(
            at,
            "SKIP must come before LIMIT",
            "RETURN a SKIP 10 LIMIT 10",
        );
    }
    let mut e = p.unexpected("the end of the query");
    if let (Tok::Word(w), Error::Query { suggestions, .. }) = (p.tok(), &mut e) {
        *suggestions = misspelt(w, "AS ORDER BY ASC DESC SKIP LIMIT AND OR XOR");
    }
    e
}

fn shortest_path(at: Span, word: &str) -> Error {
    error(
        at,
        format!("{word} is not supported"),
        "kg path FROM TO finds shortest paths with their evidence; or match a variable-length relationship such as -[*..5]-",
    )
}

/// Refuses a named path (`p = (a)-->(b)`) or `shortestPath(…)` where a path
/// pattern begins.
pub fn path_start(p: &Parser<'_>) -> Result<()> {
    let shortest = |n: usize| {
        ["shortestPath", "allShortestPaths"]
            .into_iter()
            .find(|w| p.is_word_at(n, w))
    };
    if matches!(p.tok(), Tok::Word(_) | Tok::Quoted(_)) && *p.tok_at(1) == Tok::Eq {
        if let Some(w) = shortest(2) {
            return Err(shortest_path(p.toks[p.pos + 2].at, w));
        }
        return Err(error(
            p.at(),
            "named paths are not supported",
            "name the nodes and relations instead: MATCH (a)-[r]->(b) RETURN a, r, b",
        ));
    }
    if let Some(w) = shortest(0) {
        return Err(shortest_path(p.at(), w));
    }
    Ok(())
}

/// Refuses a word that cannot begin an expression (`CASE`, `EXISTS`, a
/// clause keyword, …), at the next token, the word `w`.
pub fn keyword_atom(p: &Parser<'_>, w: &str) -> Result<()> {
    let at = p.at();
    let upper = w.to_ascii_uppercase();
    match upper.as_str() {
        "CASE" => {
            return Err(error(
                at,
                "CASE is not supported",
                "filter with WHERE, or write one query per case",
            ))
        }
        "EXISTS" => {
            return Err(error(
                at,
                "EXISTS is not supported",
                "match the pattern in a MATCH clause; test a property with IS NOT NULL",
            ))
        }
        "SHORTESTPATH" | "ALLSHORTESTPATHS" => return Err(shortest_path(at, w)),
        "COUNT" | "COLLECT" if *p.tok_at(1) == Tok::LBrace => {
            return Err(error(
                at,
                format!("{upper} {{ … }} subqueries are not supported"),
                "count(*) in RETURN counts the matches, grouped by the other items",
            ))
        }
        _ => {}
    }
    if RESERVED.contains(&upper.as_str()) {
        return Err(error(
            at,
            format!("expected an expression, found the keyword '{w}'"),
            &format!("a variable named like a keyword is written in backticks: `{w}`"),
        ));
    }
    Ok(())
}

fn pattern_in_where(at: Span) -> Error {
    error(
        at,
        "pattern predicates are not supported",
        "match the pattern in the MATCH clause: MATCH (a)-->(b) WHERE …",
    )
}

/// At `(` in an expression: `()` or `(:t)` can only begin a pattern.
pub fn pattern_predicate(p: &Parser<'_>) -> Result<()> {
    match p.tok_at(1) {
        Tok::Colon => Err(pattern_in_where(p.at())),
        Tok::RParen if matches!(p.tok_at(2), Tok::Minus | Tok::Lt) => Err(pattern_in_where(p.at())),
        Tok::RParen => Err(error(
            p.at(),
            "empty parentheses",
            "write an expression between them",
        )),
        _ => Ok(()),
    }
}

/// Whether `inner`, read between parentheses, could be a node pattern.
fn node_like(inner: &Expr) -> bool {
    match inner {
        Expr::Var(_) => true,
        Expr::HasLabels(base, _) => matches!(**base, Expr::Var(_)),
        _ => false,
    }
}

/// After `( inner` at `at`, where `)` should follow: a property map makes
/// it a node pattern, `(a:t {k: 1})`.
pub fn pattern_inside(p: &Parser<'_>, inner: &Expr, at: Span) -> Result<()> {
    if *p.tok() == Tok::LBrace && node_like(inner) {
        return Err(pattern_in_where(at));
    }
    Ok(())
}

/// After `( inner )` at `at`: a relationship following a bare variable
/// makes it a pattern, `(a)-->(b)`.
pub fn pattern_after(p: &Parser<'_>, inner: &Expr, at: Span) -> Result<()> {
    let arrow = match p.tok() {
        Tok::Minus => matches!(p.tok_at(1), Tok::Minus | Tok::LBracket),
        Tok::Lt => *p.tok_at(1) == Tok::Minus,
        _ => false,
    };
    if arrow && node_like(inner) {
        return Err(pattern_in_where(at));
    }
    Ok(())
}

/// `{` where an expression should be.
pub fn map(p: &Parser<'_>) -> Error {
    error(
        p.at(),
        "maps are not supported outside patterns",
        "write properties in the pattern, (v {name: 'x'}), or compare them in WHERE: v.name = 'x'",
    )
}

/// `[` after an expression: indexing or slicing.
pub fn indexing(p: &Parser<'_>) -> Error {
    error(
        p.at(),
        "indexing and slicing with [ ] are not supported",
        "test membership with IN: 'x' IN v.aliases",
    )
}

/// At `[`: `[x IN list …]` is a list comprehension.
pub fn comprehension(p: &Parser<'_>) -> Result<()> {
    if matches!(p.tok_at(1), Tok::Word(_) | Tok::Quoted(_)) && p.is_word_at(2, "IN") {
        return Err(error(
            p.at(),
            "list comprehensions are not supported",
            "write the list out, [1, 2, 3], or test membership with IN",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_a_typo_away_are_offered() {
        assert_eq!(misspelt("RETRUN", "MATCH or RETURN"), vec!["RETURN"]);
        assert_eq!(
            misspelt("wher", "',', WHERE, MATCH or RETURN"),
            vec!["WHERE"]
        );
        assert!(misspelt("RETURN", "MATCH or RETURN").is_empty());
        assert!(misspelt("banana", "MATCH or RETURN").is_empty());
        assert!(misspelt("a", "an expression").is_empty());
        assert!(misspelt("b", "AS ORDER BY").is_empty());
        assert_eq!(misspelt("ass", "AS ORDER BY"), vec!["AS"]);
    }
}
