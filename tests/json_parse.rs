//! `kg query`'s requests are parsed by each command's grammar alone
//! (`command::lean`), falling back to the whole grammar: these tests hold that
//! route to the whole grammar's, request by request: the same invocation, or
//! the same error, on random requests over every op and its fields, valid and
//! not, and on every command's examples.

use ::kg::command::json::{self, Route};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Both routes' answers, as text (`Invocation` has no `PartialEq`).
fn both(obj: &Map<String, Value>) -> (String, String) {
    (
        format!("{:?}", json::parse_by(obj.clone(), Route::Lean)),
        format!("{:?}", json::parse_by(obj.clone(), Route::Grammar)),
    )
}

/// The lean route with no second try by the whole grammar.
fn lean_only(obj: &Map<String, Value>) -> String {
    format!("{:?}", json::parse_by(obj.clone(), Route::LeanOnly))
}

/// Strings a field may be given: names, option-like words, dates, numbers
/// spelled as text, format and direction names, commas, nothing.
const TEXTS: &[&str] = &[
    "Japan",
    "Kyodo",
    "North Korea",
    "",
    " ",
    "-x",
    "--all",
    "-k",
    "--",
    "2016",
    "2016-04",
    "2016-13",
    "2",
    "0",
    "-1",
    "2.5",
    " 3 ",
    "json",
    "text",
    "dot",
    "JSON",
    "any",
    "out",
    "in",
    "a,b",
    "visits,claims",
    "cameo:04",
    "news",
    "empty",
    "on",
    "off",
    "2s",
    "500ms",
    "g.json",
    "Ступино",
    "MATCH (a)-[r]->(b) RETURN a, b LIMIT 2",
];

/// Numbers as JSON writes them (with arbitrary precision, as written).
const NUMBERS: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "7",
    "100",
    "-1",
    "-0",
    "2.5",
    "1.0",
    "1e3",
    "18446744073709551616",
    "-9999999999",
];

/// Field names no op has, and near misses of real ones.
const UNKNOWN: &[&str] = &[
    "graph", "epoch", "bogus", "From", "OP", "id", "no_pager", "color", "to_", "",
];

fn number(i: usize) -> Value {
    serde_json::from_str(NUMBERS[i % NUMBERS.len()]).unwrap()
}

fn text(i: usize) -> Value {
    Value::String(TEXTS[i % TEXTS.len()].to_string())
}

/// Any value: a string, a number, a bool, null, a list, an object.
fn any_value() -> impl Strategy<Value = Value> {
    let scalar = prop_oneof![
        4 => any::<usize>().prop_map(text),
        3 => any::<usize>().prop_map(number),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => Just(Value::Null),
        1 => "[a-zA-Z0-9 ,:_.-]{0,6}".prop_map(Value::String),
    ];
    prop_oneof![
        6 => scalar.clone(),
        2 => prop::collection::vec(scalar, 0..4).prop_map(Value::Array),
        1 => Just(serde_json::json!({"a": 1})),
    ]
}

/// One field's part of a request: whether it is given, whether with a value
/// of its own kind or any value, and the picks for both.
#[derive(Debug, Clone)]
struct Pick {
    given: u8,
    typed: bool,
    n: usize,
    list: Vec<usize>,
    flag: bool,
    any: Value,
}

fn pick() -> impl Strategy<Value = Pick> {
    (
        any::<u8>(),
        prop::bool::weighted(0.7),
        any::<usize>(),
        prop::collection::vec(any::<usize>(), 0..3),
        any::<bool>(),
        any_value(),
    )
        .prop_map(|(given, typed, n, list, flag, any)| Pick {
            given,
            typed,
            n,
            list,
            flag,
            any,
        })
}

/// A value of the field's own kind: a flag's bool, a number field's number,
/// a list's strings, else a string.
fn typed(f: &json::Field, p: &Pick) -> Value {
    let one = |i: usize| if f.number { number(i) } else { text(i) };
    if f.is_flag() {
        Value::Bool(p.flag)
    } else if f.is_list() && p.flag {
        Value::Array(p.list.iter().map(|&i| one(i)).collect())
    } else {
        one(p.n)
    }
}

/// The request `op` with the fields the picks give: the op's own fields
/// (positional ones mostly given), then aliases, positive flags, the common
/// fields and unknown names, now and then.
fn request(op: &json::Op, picks: &[Pick], extra: &[(usize, Value)]) -> Map<String, Value> {
    let mut obj = Map::new();
    obj.insert("op".into(), Value::String(op.name.clone()));
    let fields = json::fields(op.spec);
    for (f, p) in fields.iter().zip(picks.iter().cycle()) {
        let odds = if f.is_positional() { 220 } else { 70 };
        if p.given >= odds {
            continue;
        }
        let v = if p.typed { typed(f, p) } else { p.any.clone() };
        obj.insert(f.name.clone(), v);
    }
    let mut others: Vec<String> = op
        .spec
        .json_aliases
        .iter()
        .map(|(a, _)| a.to_string())
        .collect();
    others.extend(json::negated(op.spec).map(|(p, _)| p.to_string()));
    others.extend(json::COMMON_FIELDS.iter().map(|s| s.to_string()));
    for (i, v) in extra {
        // An unknown name one time in five.
        let name = if i % 5 == 0 || others.is_empty() {
            UNKNOWN[(i / 5) % UNKNOWN.len()].to_string()
        } else {
            others[i % others.len()].clone()
        };
        let v = match (name.as_str(), v) {
            // Mostly a format that exists, and a time limit of milliseconds.
            ("format", Value::Bool(_)) => text(*i),
            ("timeout_ms", Value::Bool(_)) => number(*i),
            _ => v.clone(),
        };
        obj.insert(name, v);
    }
    obj
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    /// Random requests over every op: both routes give the same.
    #[test]
    fn lean_and_grammar_agree(
        op in any::<prop::sample::Index>(),
        picks in prop::collection::vec(pick(), 1..8),
        extra in prop::collection::vec((any::<usize>(), any_value()), 0..2),
        drop_op in prop::bool::weighted(0.02),
    ) {
        let ops = json::ops();
        let op = &ops[op.index(ops.len())];
        let mut obj = request(op, &picks, &extra);
        if drop_op {
            obj.remove("op");
        }
        let (lean, grammar) = both(&obj);
        prop_assert_eq!(&lean, &grammar, "request {}", Value::Object(obj.clone()));
        // What the whole grammar takes, the command's grammar alone takes too:
        // the second try is only ever for a message.
        if grammar.starts_with("Ok(") {
            prop_assert_eq!(lean_only(&obj), grammar, "request {}", Value::Object(obj.clone()));
        }
    }
}

/// Every op, with only its positional fields given as names: most are valid
/// requests (the lean route answers them), and both routes agree.
#[test]
fn every_op_with_its_arguments_agrees() {
    let mut ok = 0;
    for op in json::ops() {
        let mut obj = Map::new();
        obj.insert("op".into(), Value::String(op.name.clone()));
        for f in json::fields(op.spec).iter().filter(|f| f.is_positional()) {
            obj.insert(f.name.clone(), Value::String("Japan".into()));
        }
        let (lean, grammar) = both(&obj);
        assert_eq!(lean, grammar, "{}", Value::Object(obj));
        if lean.starts_with("Ok(") {
            ok += 1;
            assert_eq!(lean_only(&obj), lean, "{}", Value::Object(obj));
        }
    }
    assert!(ok > json::ops().len() / 2, "only {ok} ops parsed");
}

/// Every command's examples, as requests (`request_of`), with and without a
/// format: both routes give the same invocation.
#[test]
fn the_examples_agree() {
    let mut n = 0;
    for spec in ::kg::command::SPECS {
        for example in spec.examples {
            let Ok(words) = ::kg::repl::words::split(example) else {
                continue;
            };
            let words: Vec<String> = words.into_iter().map(|w| w.text).collect();
            let Ok(Value::Object(mut obj)) = json::request_of(&words) else {
                continue;
            };
            obj.remove("id");
            let (lean, grammar) = both(&obj);
            assert_eq!(lean, grammar, "{example}");
            // Commands a request may not run (`query`) are refused alike.
            if spec.refusal(::kg::command::Front::Json).is_none() {
                assert!(lean.starts_with("Ok("), "{example}: {lean}");
                // Answered by the command's grammar alone, not the second try.
                assert_eq!(lean_only(&obj), lean, "{example}");
                n += 1;
            }
            for format in ["json", "dot", "nope"] {
                obj.insert("format".into(), Value::String(format.into()));
                let (lean, grammar) = both(&obj);
                assert_eq!(lean, grammar, "{example} --format {format}");
            }
        }
    }
    assert!(n > 50, "only {n} examples are requests");
}

/// What each route costs per `path` request (run with `--ignored
/// --nocapture`, in a release build to mean anything).
#[test]
#[ignore]
fn time_the_routes() {
    let obj: Map<String, Value> =
        serde_json::from_str(r#"{"op": "path", "from": "Entity_152903", "to": "Entity_134103"}"#)
            .unwrap();
    for route in [Route::Grammar, Route::Lean, Route::Grammar, Route::Lean] {
        let n = 20_000;
        let t = std::time::Instant::now();
        for _ in 0..n {
            json::parse_by(obj.clone(), route).unwrap();
        }
        let us = t.elapsed().as_secs_f64() * 1e6 / f64::from(n);
        println!("{route:?}: {us:.2} µs per request");
    }
}

/// A request that gives a path's two ends and nothing else skips the parse
/// (`command::lean::path_between`): every pair of the texts a field may be
/// given, option-like words and empty ones included, and ends beside an id
/// or a format, must come out as the whole grammar parses them.
#[test]
fn bare_path_requests_agree() {
    let mut ends: Vec<Value> = TEXTS.iter().map(|t| Value::from(*t)).collect();
    ends.extend([Value::from(3), Value::Null, Value::from(true)]);
    for from in &ends {
        for to in &ends {
            let mut obj = Map::new();
            obj.insert("op".into(), "path".into());
            obj.insert("from".into(), from.clone());
            obj.insert("to".into(), to.clone());
            let (lean, grammar) = both(&obj);
            assert_eq!(lean, grammar, "{obj:?}");
            obj.insert("format".into(), "text".into());
            let (lean, grammar) = both(&obj);
            assert_eq!(lean, grammar, "{obj:?}");
        }
    }
}
