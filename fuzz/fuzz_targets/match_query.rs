//! The pattern query parser of `kg match` (`kg::gql::parse`): any text is a
//! query or an `Error::Query` with a message and a line and column inside the
//! text; never a panic, never a stack overflow. Half the inputs are the raw
//! bytes (lossy UTF-8); the other half are queries assembled from the
//! language's words and symbols, which get past the lexer far more often. A
//! query that parses has its column names and spans inside the text too, and
//! runs on the built-in graph (`query::matching::execute`) to an answer of
//! the right shape or a located error.
#![no_main]

use kg::gql::ast::{Expr, Query, Span};
use kg::Error;
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

/// What queries are made of: keywords (of the subset and outside it),
/// names, literals good and bad, brackets, operators, arrows, comments,
/// line breaks and characters the lexer refuses.
const PIECES: &[&str] = &[
    "MATCH",
    "WHERE",
    "RETURN",
    "OPTIONAL",
    "WITH",
    "UNWIND",
    "CREATE",
    "AND",
    "OR",
    "XOR",
    "NOT",
    "IN",
    "STARTS WITH",
    "ENDS WITH",
    "CONTAINS",
    "IS NULL",
    "IS NOT NULL",
    "AS",
    "DISTINCT",
    "ORDER BY",
    "DESC",
    "ASC",
    "SKIP",
    "LIMIT",
    "count(*)",
    "count(",
    "type(",
    "exists(",
    "CASE",
    "shortestPath(",
    "true",
    "false",
    "null",
    "a",
    "b",
    "r",
    "p",
    "person",
    "visits",
    "`x y`",
    "`a``b`",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    ";",
    ".",
    "..",
    "|",
    "*",
    "+",
    "-",
    "/",
    "%",
    "=",
    "<>",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "->",
    "<-",
    "--",
    "-->",
    "<--",
    "<-->",
    "*1..3",
    "*..",
    "*0",
    "0",
    "1",
    "42",
    "-1",
    "1.5",
    ".5",
    "1e3",
    "0x1F",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "'s'",
    "\"t\\n\"",
    "'\\u00e9'",
    "'\\x'",
    "'",
    "\"",
    "`",
    "$p",
    "/*",
    "*/",
    "//",
    "\n",
    "\r\n",
    "\t",
    "é",
    "日本",
    "\u{0}",
    "=~",
    "^",
];

fn soup(u: &mut Unstructured<'_>) -> Result<String> {
    let mut text = String::new();
    while !u.is_empty() {
        text.push_str(PIECES[u.choose_index(PIECES.len())?]);
        if u.ratio(2, 3)? {
            text.push(' ');
        }
    }
    Ok(text)
}

/// Whether `at` is a place in `text`: a character, or just past the last
/// one of its line.
fn within(text: &str, at: Span) -> bool {
    let Some(line) = (at.line as usize)
        .checked_sub(1)
        .and_then(|i| text.split('\n').nth(i))
    else {
        return false;
    };
    at.column >= 1 && (at.column as usize) <= line.chars().count() + 1
}

fn check_expr(text: &str, e: &Expr) {
    assert!(
        within(text, e.span()),
        "{text:?}: expression at {:?}",
        e.span()
    );
}

fn check_query(text: &str, q: &Query) {
    for m in &q.matches {
        assert!(within(text, m.at), "{text:?}: MATCH at {:?}", m.at);
        for p in &m.patterns {
            assert!(within(text, p.start.at));
            for s in &p.steps {
                assert!(within(text, s.rel.at) && within(text, s.node.at));
                if let Some(l) = s.rel.length {
                    assert!(within(text, l.at));
                }
            }
        }
        if let Some(f) = &m.filter {
            check_expr(text, f);
        }
    }
    assert!(within(text, q.ret.at));
    for item in &q.ret.items {
        check_expr(text, &item.expr);
        assert!(
            !item.text.is_empty() && text.contains(&item.text),
            "{text:?}: {item:?}"
        );
        assert!(!item.column().is_empty());
    }
}

/// Runs a query that parsed on the built-in graph, plan and search, within a
/// short deadline: the engine's own mistakes (an unbound variable, a type
/// misused) are located errors too, and every answer keeps its shape.
fn run(q: &Query) -> kg::Result<()> {
    let g = kg_fuzz::builtin();
    kg::query::matching::execute(g, q, 50, true)?;
    kg::cancel::set_deadline(Some(
        std::time::Instant::now() + std::time::Duration::from_millis(20),
    ));
    let answer = kg::query::matching::execute(g, q, 50, false);
    kg::cancel::set_deadline(None);
    let a = answer?;
    assert!(a.rows.len() <= 50 && a.rows.len() == a.relations.len());
    for row in &a.rows {
        assert_eq!(row.len(), a.columns.len());
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let text = if u.ratio(1, 2).unwrap_or(true) {
        String::from_utf8_lossy(u.take_rest()).into_owned()
    } else {
        match soup(&mut u) {
            Ok(t) => t,
            Err(_) => return,
        }
    };
    match kg::gql::parse(&text).and_then(|q| {
        check_query(&text, &q);
        run(&q)
    }) {
        Ok(()) => {}
        Err(Error::Query {
            line,
            column,
            message,
            ..
        }) => {
            assert!(!message.is_empty(), "{text:?}: an error with no message");
            assert!(
                within(&text, Span { line, column }),
                "{text:?}: line {line}, column {column} is outside the text: {message}"
            );
        }
        Err(other) => panic!("{text:?}: not a query error: {other:?}"),
    }
});
