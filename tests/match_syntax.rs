//! The pattern query parser, `kg::gql::parse`, on the bad input of issue 17:
//! unterminated strings, unbalanced brackets, 10,000 nested parentheses, a
//! 1 MB query, unknown keywords, named paths, `RETURN *`, bad `SKIP`/`LIMIT`,
//! `*0..1000000`. Each is a located message (line, column, text) with a hint,
//! or a query that parses; never a panic or a hang. Random text and soups of
//! query tokens are refused at positions inside the text. See: #17
//!
//! The engine's refusals (an unbound variable, an entity variable used as a
//! relation) and `kg match` itself are tested in `tests/matching.rs`.

use std::time::{Duration, Instant};

use kg::gql::ast::{Direction, Query};
use kg::Error;
use proptest::prelude::*;

/// The parse error of `text`: (line, column, message, hint).
fn refusal(text: &str) -> (u32, u32, String, String) {
    match kg::gql::parse(text) {
        Ok(q) => panic!("{text:?} parsed: {q:?}"),
        Err(e) => {
            let hint = e.hint().unwrap_or_default();
            match e {
                Error::Query {
                    line,
                    column,
                    message,
                    ..
                } => (line, column, message, hint),
                other => panic!("{text:?}: not a query error: {other:?}"),
            }
        }
    }
}

fn refused(text: &str, line: u32, column: u32, message: &str) {
    let (l, c, m, h) = refusal(text);
    assert_eq!((l, c, m.as_str()), (line, column, message), "{text:?}");
    assert!(!h.is_empty(), "{text:?}: no hint");
}

/// Whether `(line, column)` is a place in `text`: a character, or just past
/// the last one of its line.
fn within(text: &str, line: u32, column: u32) -> bool {
    let lines: Vec<&str> = text.split('\n').collect();
    line >= 1
        && (line as usize) <= lines.len()
        && column >= 1
        && (column as usize) <= lines[line as usize - 1].chars().count() + 1
}

#[test]
fn unterminated_strings_names_and_comments() {
    refused("MATCH (a {name: 'Rus", 1, 17, "unterminated string");
    refused(
        "MATCH (a)\nWHERE a.name = \"Sergei\n RETURN a",
        2,
        16,
        "unterminated string",
    );
    refused(
        "MATCH (a)-[:`Make a visit]->(b) RETURN a",
        1,
        13,
        "unterminated name in backticks",
    );
    refused("MATCH (a) /* RETURN a", 1, 11, "unterminated comment");
}

#[test]
fn unbalanced_brackets_name_the_opener() {
    refused("MATCH (a RETURN a", 1, 7, "'(' is never closed");
    refused(
        "MATCH (a)-[r:t)->(b) RETURN a",
        1,
        15,
        "')' does not close the '[' at line 1, column 11",
    );
    refused("MATCH (a)) RETURN a", 1, 10, "')' closes nothing");
    refused(
        "MATCH (a {name: 'x')\nRETURN a",
        1,
        20,
        "')' does not close the '{' at line 1, column 10",
    );
    refused("RETURN [1, 2", 1, 8, "'[' is never closed");
}

#[test]
fn ten_thousand_nested_brackets_are_refused_at_once() {
    let limit = kg::gql::MAX_DEPTH;
    let message = format!("the query is nested more than {limit} levels deep");
    let column = 8 + limit as u32;
    for (open, close) in [("(", ")"), ("[", "]")] {
        let text = format!("RETURN {}1{}", open.repeat(10_000), close.repeat(10_000));
        let started = Instant::now();
        refused(&text, 1, column, &message);
        assert!(started.elapsed() < Duration::from_secs(2));
    }
    // Unclosed ones too, and prefix operators, which nest without brackets.
    refused(
        &format!("RETURN {}", "(".repeat(10_000)),
        1,
        column,
        &message,
    );
    let nots = format!("RETURN {}true", "NOT ".repeat(10_000));
    let (_, _, m, _) = refusal(&nots);
    assert_eq!(m, message);
}

/// `text` parses within two seconds (a debug build).
fn parses_quickly(text: &str) -> Query {
    let started = Instant::now();
    let q = kg::gql::parse(text).unwrap_or_else(|e| panic!("{e}"));
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(2),
        "{} bytes took {took:?}",
        text.len()
    );
    q
}

#[test]
fn a_megabyte_query_parses_in_linear_time() {
    const MB: usize = 1 << 20;
    let pattern = "(a:person)-[:visits]->(b:country), ";
    let many = format!("MATCH {}(z) RETURN a", pattern.repeat(MB / pattern.len()));
    let q = parses_quickly(&many);
    assert_eq!(q.matches[0].patterns.len(), MB / pattern.len() + 1);

    let items: Vec<String> = (0..MB / 8).map(|i| format!("'e{i}'")).collect();
    let list = format!("MATCH (v) WHERE v.id IN [{}] RETURN v", items.join(", "));
    assert!(list.len() > MB);
    parses_quickly(&list);

    let alternatives: Vec<String> = (0..MB / 16).map(|i| format!("v.id = 'e{i}'")).collect();
    let ors = format!("MATCH (v) WHERE {} RETURN v", alternatives.join(" OR "));
    assert!(ors.len() > MB);
    parses_quickly(&ors);

    // A megabyte comment, and a megabyte string.
    let comment = format!("MATCH (v) /* {} */ RETURN v", "x".repeat(MB));
    parses_quickly(&comment);
    let string = format!("MATCH (v {{name: '{}'}}) RETURN v", "é".repeat(MB / 2));
    parses_quickly(&string);

    // Twice the text takes about twice the time, not four times.
    let time = |n: usize| {
        let text = format!("MATCH {}(z) RETURN a", pattern.repeat(n));
        let started = Instant::now();
        kg::gql::parse(&text).unwrap();
        started.elapsed()
    };
    let small = time(MB / pattern.len() / 4);
    let big = time(MB / pattern.len());
    assert!(
        big < small * 12 + Duration::from_millis(50),
        "{small:?} then {big:?}"
    );
}

#[test]
fn a_megabyte_of_garbage_is_refused_quickly() {
    let text = "MATCH ".to_string() + &"(a)-".repeat(1 << 18) + "@";
    let started = Instant::now();
    let (line, column, _, _) = refusal(&text);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(within(&text, line, column));
}

#[test]
fn clauses_outside_the_subset() {
    refused(
        "MATCH (p)-->(c) OPTIONAL MATCH (c)-->(t) RETURN p",
        1,
        17,
        "OPTIONAL MATCH is not supported",
    );
    for (text, column, message) in [
        ("MATCH (a) WITH a RETURN a", 11, "WITH is not supported"),
        ("UNWIND [1, 2] AS x RETURN x", 1, "UNWIND is not supported"),
        (
            "CREATE (a:person {name: 'x'})",
            1,
            "CREATE is not supported",
        ),
        ("MERGE (a:person)", 1, "MERGE is not supported"),
        ("MATCH (a) DELETE a", 11, "DELETE is not supported"),
        (
            "MATCH (a) DETACH DELETE a",
            11,
            "DETACH DELETE is not supported",
        ),
        ("MATCH (a) SET a.x = 1", 11, "SET is not supported"),
        ("MATCH (a) REMOVE a.x", 11, "REMOVE is not supported"),
        (
            "CALL db.labels() YIELD label RETURN label",
            1,
            "CALL is not supported",
        ),
        (
            "MATCH (a) RETURN a UNION MATCH (b) RETURN b",
            20,
            "UNION is not supported",
        ),
        (
            "FOREACH (x IN [1] | CREATE (a))",
            1,
            "FOREACH is not supported",
        ),
        (
            "LOAD CSV FROM 'f.csv' AS row RETURN row",
            1,
            "LOAD CSV is not supported",
        ),
        (
            "MATCH (a) WHERE exists(a.x) RETURN a",
            17,
            "EXISTS is not supported",
        ),
        (
            "MATCH (a) RETURN CASE a.x WHEN 1 THEN 2 END",
            18,
            "CASE is not supported",
        ),
        (
            "MATCH p = shortestPath((a)-[*]-(b)) RETURN p",
            11,
            "shortestPath is not supported",
        ),
        (
            "MATCH (a) RETURN [x IN a.aliases | toLower(x)]",
            18,
            "list comprehensions are not supported",
        ),
        (
            "MATCH (a) WHERE (a)-[:visits]->() RETURN a",
            17,
            "pattern predicates are not supported",
        ),
        (
            "MATCH (a {name: $name}) RETURN a",
            17,
            "query parameters ($name) are not supported",
        ),
        (
            "MATCH (a) RETURN {name: a.name}",
            18,
            "maps are not supported outside patterns",
        ),
    ] {
        refused(text, 1, column, message);
    }
    let (.., hint) = refusal("MATCH (p)-->(c) OPTIONAL MATCH (c)-->(t) RETURN p");
    assert!(
        hint.starts_with("kg match reads MATCH, WHERE and RETURN"),
        "{hint}"
    );
}

#[test]
fn named_paths_return_star_and_no_return() {
    refused(
        "MATCH p = (a)-->(b) RETURN p",
        1,
        7,
        "named paths are not supported",
    );
    let (.., hint) = refusal("MATCH p = (a)-->(b) RETURN p");
    assert!(hint.starts_with("name the nodes and relations instead"));
    refused(
        "MATCH (a)-->(b) RETURN *",
        1,
        24,
        "RETURN * is not supported",
    );
    let (.., hint) = refusal("MATCH (a) RETURN *");
    assert_eq!(hint, "name what to return: RETURN a, b");
    refused("MATCH (a)-->(b)", 1, 16, "the query has no RETURN");
    refused("MATCH (a)-->(b)\n", 2, 1, "the query has no RETURN");
    refused("", 1, 1, "the query is empty");
}

#[test]
fn skip_and_limit_take_non_negative_integer_literals() {
    for (text, column, message) in [
        (
            "MATCH (a) RETURN a SKIP -1",
            25,
            "SKIP must be a non-negative integer, found -1",
        ),
        (
            "MATCH (a) RETURN a LIMIT -5",
            26,
            "LIMIT must be a non-negative integer, found -5",
        ),
        (
            "MATCH (a) RETURN a LIMIT 2.5",
            26,
            "LIMIT must be a non-negative integer, found 2.5",
        ),
        (
            "MATCH (a) RETURN a SKIP 1e2",
            25,
            "SKIP must be a non-negative integer, found 1e2",
        ),
        (
            "MATCH (a) RETURN a LIMIT a.x",
            26,
            "LIMIT takes a non-negative integer literal, found 'a'",
        ),
        (
            "MATCH (a) RETURN a LIMIT '3'",
            26,
            "LIMIT takes a non-negative integer literal, found a string",
        ),
        (
            "MATCH (a) RETURN a LIMIT 99999999999999999999",
            26,
            "the integer 99999999999999999999 is too large",
        ),
    ] {
        refused(text, 1, column, message);
    }
    let q = kg::gql::parse("MATCH (a) RETURN a SKIP 0 LIMIT 9223372036854775807").unwrap();
    assert_eq!((q.ret.skip, q.ret.limit), (Some(0), Some(i64::MAX as u64)));
}

#[test]
fn length_bounds() {
    // A huge upper bound is the engine's to cut (and say so); it parses.
    let q = kg::gql::parse("MATCH (a)-[:t*0..1000000]->(b) RETURN b").unwrap();
    let rel = &q.matches[0].patterns[0].steps[0].rel;
    let length = rel.length.unwrap();
    assert_eq!((length.min, length.max), (Some(0), Some(1_000_000)));
    assert_eq!(rel.direction, Direction::Right);
    for (text, column, message) in [
        (
            "MATCH (a)-[*-1..2]->(b) RETURN b",
            13,
            "a length bound must be a non-negative integer, found -1",
        ),
        (
            "MATCH (a)-[*1..2.5]->(b) RETURN b",
            16,
            "a length bound must be a non-negative integer, found 2.5",
        ),
        (
            "MATCH (a)-[*99999999999999999999]->(b) RETURN b",
            13,
            "the integer 99999999999999999999 is too large",
        ),
    ] {
        refused(text, 1, column, message);
    }
}

#[test]
fn misspelt_keywords_get_did_you_mean() {
    for (text, column, suggestion) in [
        ("MATCH (a) RETRUN a", 11, "RETURN"),
        ("MATCH (a) WHER a.x = 1 RETURN a", 11, "WHERE"),
        ("MACTH (a) RETURN a", 1, "MATCH"),
        ("MATCH (a) RETURN a ORDER BY a.x LIMT 3", 33, "LIMIT"),
        ("MATCH (a) RETURN a ORDR BY a.x", 20, "ORDER"),
    ] {
        let e = kg::gql::parse(text).unwrap_err();
        let Error::Query {
            line,
            column: c,
            ref suggestions,
            ..
        } = e
        else {
            panic!("{e:?}")
        };
        assert_eq!((line, c), (1, column), "{text}");
        assert_eq!(suggestions, &[suggestion.to_string()], "{text}");
        assert_eq!(
            e.hint().unwrap(),
            format!("did you mean '{suggestion}'?"),
            "{text}"
        );
    }
}

#[test]
fn positions_are_the_same_with_crlf() {
    for eol in ["\n", "\r\n"] {
        let text = format!("MATCH (p:person){eol}  OPTIONAL MATCH (p)-->(c){eol}RETURN p");
        refused(&text, 2, 3, "OPTIONAL MATCH is not supported");
        let text = format!("MATCH (p){eol}RETURN p{eol}  SKIP -1");
        refused(&text, 3, 8, "SKIP must be a non-negative integer, found -1");
        let text = format!("MATCH (é:ü){eol}RETURN 'ab{eol}");
        refused(&text, 2, 8, "unterminated string");
    }
}

#[test]
fn the_issues_query_parses() {
    let q = kg::gql::parse(
        "MATCH (p:person)-[:foreign_minister_of]->(c:country)-[:claims]->(t:territory {name: \"Kurils\"}) RETURN p, c",
    )
    .unwrap();
    let path = &q.matches[0].patterns[0];
    assert_eq!(path.steps.len(), 2);
    assert_eq!(path.steps[0].rel.types[0].name, "foreign_minister_of");
    assert_eq!(path.steps[1].node.props[0].0.name, "name");
    let columns: Vec<&str> = q.ret.items.iter().map(|i| i.column()).collect();
    assert_eq!(columns, ["p", "c"]);
}

/// Words and symbols a query is made of, for soups.
const PIECES: &[&str] = &[
    "MATCH",
    "WHERE",
    "RETURN",
    "OPTIONAL",
    "WITH",
    "AND",
    "OR",
    "XOR",
    "NOT",
    "IN",
    "STARTS",
    "ENDS",
    "WITH",
    "CONTAINS",
    "IS",
    "NULL",
    "AS",
    "DISTINCT",
    "ORDER",
    "BY",
    "DESC",
    "ASC",
    "SKIP",
    "LIMIT",
    "count",
    "type",
    "true",
    "false",
    "a",
    "b",
    "r",
    "person",
    "`x y`",
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
    "0",
    "1",
    "42",
    "1.5",
    ".5",
    "9223372036854775808",
    "'s'",
    "\"t\"",
    "'",
    "\"",
    "`",
    "$p",
    "/*",
    "*/",
    "//",
    "\n",
    "\r\n",
    "é",
    "日本",
    "\u{0}",
    "\u{feff}",
];

fn check_located(text: &str) {
    if let Err(e) = kg::gql::parse(text) {
        match e {
            Error::Query {
                line,
                column,
                ref message,
                ..
            } => {
                assert!(!message.is_empty());
                assert!(
                    within(text, line, column),
                    "{text:?}: line {line}, column {column} is outside the text: {message}"
                );
            }
            other => panic!("{text:?}: not a query error: {other:?}"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics_and_errors_are_located(text in "[ -~\n\t]{0,120}") {
        check_located(&text);
    }

    #[test]
    fn random_unicode_never_panics(text in "\\PC{0,60}") {
        check_located(&text);
    }

    #[test]
    fn token_soups_never_panic_and_errors_are_located(
        picks in proptest::collection::vec((0..PIECES.len(), 0..3usize), 0..40)
    ) {
        let mut text = String::new();
        for (i, space) in picks {
            text.push_str(PIECES[i]);
            text.push_str(["", " ", "  "][space]);
        }
        check_located(&text);
    }

    #[test]
    fn queries_with_one_token_changed_never_panic(
        i in 0..60usize,
        piece in 0..PIECES.len(),
    ) {
        let base = "MATCH (p:person {name: 'x'})-[r:visits*1..3]->(c) WHERE p.age >= 3 AND NOT c:city RETURN DISTINCT p.name AS n, count(*) ORDER BY n DESC SKIP 1 LIMIT 2";
        let words: Vec<&str> = base.split(' ').collect();
        let at = i % words.len();
        let text: Vec<&str> = words
            .iter()
            .enumerate()
            .map(|(k, w)| if k == at { PIECES[piece] } else { *w })
            .collect();
        check_located(&text.join(" "));
    }
}
