//! `kg query`, the JSON Lines front end: the wire contract of `docs/json.md` (one
//! answer line per request, ids echoed, errors with codes, suggestions and line
//! numbers, the exit status), agreement with the command line, byte-stable output,
//! the JSON Schemas in `docs/schema/`, and path lengths and neighbourhoods checked
//! against a breadth-first search written here over the seed graph file.
//!
//! The schema checks run `tests/schema/validate.py` with the Python named by
//! `KG_PYTHON`, which needs `jsonschema`; `scripts/test.sh` sets that up.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use crate::util::{kg, read, root, Output, TestCommand, TestDir};

const SEED_GRAPH: &str = "graphs/russia-japan-2016.json";

/// `kg query ARGS...` with `input` on stdin.
fn query_with(args: &[&str], input: &str) -> Output {
    TestCommand::new()
        .arg("query")
        .args(args)
        .run_with_stdin(input)
}

/// `kg query` on the built-in graph with `input` on stdin.
fn query(input: &str) -> Output {
    query_with(&[], input)
}

/// The answer lines of `out`, each parsed; panics unless every line is JSON.
#[track_caller]
fn answers(out: &Output) -> Vec<Value> {
    assert!(
        out.stdout.is_empty() || out.stdout.ends_with('\n'),
        "the last answer line is not terminated\n{}",
        out.report()
    );
    out.stdout
        .lines()
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).unwrap_or_else(|e| {
                panic!("answer line {} is not JSON ({e})\n{}", i + 1, out.report())
            })
        })
        .collect()
}

/// The one answer to the one request `request`, asserting the exit status.
#[track_caller]
fn ask(request: &Value, code: i32) -> (Output, Value) {
    let out = query(&format!("{request}\n"));
    out.code(code).stderr_is("");
    let mut all = answers(&out);
    assert_eq!(all.len(), 1, "one request, one answer\n{}", out.report());
    (out, all.remove(0))
}

/// The `error` of a failed answer, after checking its shape.
#[track_caller]
fn error_of<'a>(answer: &'a Value, out: &Output) -> &'a Value {
    assert_eq!(answer["ok"], false, "expected a failure\n{}", out.report());
    assert!(
        answer.get("result").is_none(),
        "a failure has no result\n{}",
        out.report()
    );
    let e = &answer["error"];
    for key in ["code", "message", "suggestions", "line"] {
        assert!(
            e.get(key).is_some(),
            "error.{key} is missing\n{}",
            out.report()
        );
    }
    e
}

/// The `result` of a successful answer.
#[track_caller]
fn result_of<'a>(answer: &'a Value, out: &Output) -> &'a Value {
    assert_eq!(answer["ok"], true, "expected success\n{}", out.report());
    assert!(
        answer.get("error").is_none(),
        "a success has no error\n{}",
        out.report()
    );
    &answer["result"]
}

/// Asserts a failed answer's code and suggestions, and that its message names
/// the line.
#[track_caller]
fn assert_error(request: Value, code: &str, suggestions: &[&str]) {
    let (out, a) = ask(&request, 1);
    let e = error_of(&a, &out);
    assert_eq!(e["code"], code, "{}", out.report());
    assert_eq!(e["suggestions"], json!(suggestions), "{}", out.report());
    assert_eq!(e["line"], 1, "{}", out.report());
    assert!(
        e["message"].as_str().unwrap().starts_with("line 1: "),
        "the message names the line\n{}",
        out.report()
    );
    assert_eq!(a["id"], request.get("id").cloned().unwrap_or(Value::Null));
}

#[test]
fn query_answers_each_request_on_one_line() {
    let out = query("{\"id\":1,\"op\":\"path\",\"from\":\"Sputnik\",\"to\":\"Kyodo\"}\n");
    out.success().stderr_is("");
    assert_eq!(
        out.stdout.matches('\n').count(),
        1,
        "one request, one line\n{}",
        out.report()
    );
    assert!(
        out.stdout.starts_with(r#"{"id":1,"ok":true,"result":{"#),
        "an answer starts with id, ok, result\n{}",
        out.report()
    );
    let a = &answers(&out)[0];
    let r = result_of(a, &out);
    assert_eq!(r["truncated"], false, "{}", out.report());
    assert_eq!(r["limit"], 100, "{}", out.report());
    assert_eq!(r["from"]["id"], "sputnik", "{}", out.report());
    assert_eq!(r["to"]["id"], "kyodo_news", "{}", out.report());
    let paths = r["paths"].as_array().expect("paths is an array");
    assert_eq!(paths.len(), 1, "{}", out.report());
    // Kyodo partners with Sputnik: one symmetric relation, walked against its
    // stored direction.
    let p = &paths[0];
    assert_eq!(p["length"], 1, "{}", out.report());
    let e = &p["edges"][0];
    assert_eq!(
        (&e["from"], &e["type"], &e["to"]),
        (
            &json!("kyodo_news"),
            &json!("partners_with"),
            &json!("sputnik")
        ),
        "{}",
        out.report()
    );
    assert_eq!(e["reversed"], true, "{}", out.report());
    assert_eq!(e["symmetric"], true, "{}", out.report());
    assert_eq!(
        e["evidence"][0]["quote"],
        "Kyodo News is preparing to begin relations with Russia’s Sputnik news",
        "{}",
        out.report()
    );
    // Without a final newline, the request is still answered.
    let out = query("{\"id\":1,\"op\":\"stats\"}");
    out.success();
    assert_eq!(answers(&out).len(), 1, "{}", out.report());
}

#[test]
fn query_echoes_ids_of_any_json_type() {
    let ids = [
        json!("req-1"),
        json!(7),
        json!(-3),
        json!(2.5),
        json!(18446744073709551615u64),
        json!(true),
        json!(null),
        json!([1, "two", null]),
        json!({"batch": "a", "n": [1, 2]}),
        json!("ünïcödé \"quoted\"\n"),
    ];
    let mut input = String::new();
    for id in &ids {
        input.push_str(&json!({"id": id, "op": "stats"}).to_string());
        input.push('\n');
    }
    // Absent: null. Failures echo the id too.
    input.push_str("{\"op\":\"stats\"}\n");
    input.push_str("{\"id\":{\"k\":1},\"op\":\"entity\",\"name\":\"Nobody\"}\n");
    let out = query(&input);
    out.failure().stderr_is("");
    let got: Vec<Value> = answers(&out).iter().map(|a| a["id"].clone()).collect();
    let mut want = ids.to_vec();
    want.push(Value::Null);
    want.push(json!({"k": 1}));
    assert_eq!(got, want, "{}", out.report());
    // Each answer line starts with the id.
    for line in out.stdout.lines() {
        assert!(line.starts_with("{\"id\":"), "{}", out.report());
    }
}

#[test]
fn query_malformed_line_gets_bad_json_and_the_batch_goes_on() {
    let input = "\
{\"id\":1,\"op\":\"entity\",\"name\":\"Lavrov\"}
{\"id\":2,\"op\":\"entity\",
{\"id\":3,\"op\":\"stats\"}

   \t
{\"id\":4,\"op\":\"entity\",\"name\":\"Japan\"}
not json at all
{\"id\":5,\"op\":\"entity\",\"name\":\"Rusia\"}
";
    let out = query(input);
    out.failure().stderr_is("");
    let a = answers(&out);
    // Blank lines get no answer; every other line does, in order.
    assert_eq!(a.len(), 6, "{}", out.report());
    let ids: Vec<Value> = a.iter().map(|x| x["id"].clone()).collect();
    assert_eq!(
        ids,
        [
            json!(1),
            json!(null),
            json!(3),
            json!(4),
            json!(null),
            json!(5)
        ],
        "{}",
        out.report()
    );
    let oks: Vec<bool> = a.iter().map(|x| x["ok"] == true).collect();
    assert_eq!(
        oks,
        [true, false, true, true, false, false],
        "{}",
        out.report()
    );
    // Line numbers count every physical line, blank ones included.
    for (answer, line) in [(&a[1], 2), (&a[4], 7), (&a[5], 8)] {
        let e = error_of(answer, &out);
        assert_eq!(e["line"], line, "{}", out.report());
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .starts_with(&format!("line {line}: ")),
            "{}",
            out.report()
        );
    }
    assert_eq!(error_of(&a[1], &out)["code"], "bad_json");
    assert_eq!(error_of(&a[4], &out)["code"], "bad_json");
    assert_eq!(error_of(&a[5], &out)["code"], "unknown_entity");
    assert_eq!(result_of(&a[3], &out)["entity"]["id"], "japan");
    // CRLF line ends read the same.
    let crlf = query(&input.replace('\n', "\r\n"));
    crlf.failure().stdout_is(&out.stdout);
}

#[test]
fn query_exit_status_is_0_only_when_every_request_succeeded() {
    let ok = "{\"op\":\"stats\"}\n{\"op\":\"entity\",\"name\":\"Abe\"}\n";
    query(ok).success().stderr_is("");
    for bad in [
        "{\"op\":\"entity\",\"name\":\"Abbe Lincoln\"}\n",
        "{\"op\":\"stats\",\"extra\":1}\n",
        "{\"op\":\"stats\"\n",
        "[\"op\", \"stats\"]\n",
    ] {
        let out = query(&format!("{ok}{bad}{ok}"));
        out.failure().stderr_is("");
        assert_eq!(answers(&out).len(), 5, "{}", out.report());
    }
    // No requests at all: nothing to answer, nothing failed.
    query("").success().stdout_is("").stderr_is("");
    query("\n\n").success().stdout_is("").stderr_is("");
}

#[test]
fn query_errors_have_codes_and_suggestions() {
    assert_error(json!({"id": 1, "op": "paths"}), "bad_request", &["path"]);
    assert_error(
        json!({"id": "n", "op": "neighbour", "of": "Japan"}),
        "bad_request",
        &["neighbours", "neighbors"],
    );
    // A request with no op is offered every op there is.
    let every_op: Vec<String> = ::kg::command::SPECS.iter().map(|s| s.op()).collect();
    let every_op: Vec<&str> = every_op.iter().map(String::as_str).collect();
    assert_error(json!({"id": 2}), "bad_request", &every_op);
    assert_error(
        json!({"id": 3, "op": "path", "from": "Kyodo", "too": "Kurils"}),
        "bad_request",
        &["to"],
    );
    assert_error(
        json!({"id": 4, "op": "path", "from": "Kyodo", "to": "Kurils", "relation": "claims"}),
        "bad_request",
        &["relations"],
    );
    assert_error(
        json!({"id": 5, "op": "neighbours", "of": "Japan", "dept": 2}),
        "bad_request",
        &["depth"],
    );
    assert_error(
        json!({"id": 6, "op": "path", "from": "Kyodo", "to": "Rusia"}),
        "unknown_entity",
        &["Russia"],
    );
    assert_error(
        json!({"id": 7, "op": "entity", "name": "Lavrof"}),
        "unknown_entity",
        &["Lavrov"],
    );
    assert_error(
        json!({"id": 8, "op": "neighbours", "of": "Japan", "avoid": ["Kurils", "Chna"]}),
        "unknown_entity",
        &["China"],
    );
    assert_error(
        json!({"id": 9, "op": "path", "from": "Kyodo", "to": "Kurils", "relations": "based_in,claim"}),
        "bad_request",
        &["claims"],
    );
    assert_error(
        json!({"id": 10, "op": "path", "from": "Kyodo", "to": "Kurils", "via_types": ["contry"]}),
        "bad_request",
        &["country"],
    );
    assert_error(
        json!({"id": 11, "op": "path", "from": "Kyodo", "to": "Kurils", "all": true, "k": 2}),
        "bad_request",
        &[],
    );
    assert_error(
        json!({"id": 12, "op": "path", "from": "Kyodo", "to": "Kurils", "at": "2016-02-30"}),
        "bad_request",
        &[],
    );
    assert_error(
        json!({"id": 13, "op": "path", "from": "Kyodo", "to": "Kurils", "direction": "up"}),
        "bad_request",
        &[],
    );
    assert_error(
        json!({"id": 14, "op": "entity", "name": 42}),
        "bad_request",
        &[],
    );
    let (out, a) = ask(&json!([1, 2]), 1);
    assert_eq!(error_of(&a, &out)["code"], "bad_request");
    let (out, a) = ask(&json!("stats"), 1);
    assert_eq!(error_of(&a, &out)["code"], "bad_request");
}

/// A graph in `dir` where two entities share the name "Springfield".
fn springfields(dir: &TestDir) -> PathBuf {
    dir.create(
        "springfields.json",
        r#"{"kg": 1,
  "schema": {"relation_types": [{"id": "near", "symmetric": true}]},
  "sources": [{"id": "atlas"}],
  "entities": [
    {"id": "springfield_il", "name": "Springfield"},
    {"id": "springfield_ma", "name": "Springfield"}
  ],
  "relations": [{"from": "springfield_il", "type": "near", "to": "springfield_ma", "evidence": [{"source": "atlas"}]}]
}"#,
    )
}

#[test]
fn query_ambiguous_name_lists_the_candidates() {
    let dir = TestDir::new("ambiguous");
    let graph = springfields(&dir);
    let g = graph.to_str().unwrap();
    let out = query_with(
        &["--graph", g],
        "{\"id\":1,\"op\":\"entity\",\"name\":\"Springfield\"}\n{\"id\":2,\"op\":\"entity\",\"name\":\"springfield_ma\"}\n",
    );
    out.failure().stderr_is("");
    let a = answers(&out);
    let e = error_of(&a[0], &out);
    assert_eq!(e["code"], "ambiguous_name", "{}", out.report());
    let candidates: Vec<&str> = e["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(candidates.len(), 2, "{}", out.report());
    assert!(candidates[0].contains("springfield_il"), "{}", out.report());
    assert!(candidates[1].contains("springfield_ma"), "{}", out.report());
    // By id, it is one entity.
    assert_eq!(
        result_of(&a[1], &out)["entity"]["id"],
        "springfield_ma",
        "{}",
        out.report()
    );
}

#[test]
fn query_neighbours_takes_of_or_name() {
    let base = json!({"depth": 2, "relations": ["claims", "visits"]});
    let with = |op: &str, key: &str| {
        let mut r = base.clone();
        r["op"] = json!(op);
        r[key] = json!("Japan");
        r
    };
    let (out, a) = ask(&with("neighbours", "of"), 0);
    let want = result_of(&a, &out).clone();
    let ids: Vec<&str> = want["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["kuril_islands", "sergei_lavrov", "russia", "tokyo"],
        "{}",
        out.report()
    );
    for (op, key) in [
        ("neighbours", "name"),
        ("neighbors", "of"),
        ("neighbors", "name"),
    ] {
        let (out, a) = ask(&with(op, key), 0);
        assert_eq!(*result_of(&a, &out), want, "{}", out.report());
    }
    // Both at once is refused.
    let mut both = with("neighbours", "of");
    both["name"] = json!("Japan");
    let (out, a) = ask(&both, 1);
    assert_eq!(error_of(&a, &out)["code"], "bad_request");
}

#[test]
fn query_lists_as_array_or_comma_string_are_the_same() {
    let cases = [
        (
            json!({"op": "path", "from": "Kyodo", "to": "Russia", "all": true, "relations": ["partners_with", "based_in", "trades_with"]}),
            json!({"op": "path", "from": "Kyodo", "to": "Russia", "all": true, "relations": "partners_with, based_in,trades_with"}),
        ),
        (
            json!({"op": "path", "from": "Kyodo", "to": "Russia", "all": true, "exclude_relations": ["diplomatic_relations_with", "negotiates_with"]}),
            json!({"op": "path", "from": "Kyodo", "to": "Russia", "all": true, "exclude_relations": "diplomatic_relations_with,negotiates_with"}),
        ),
        (
            json!({"op": "path", "from": "Kyodo", "to": "Russia", "via_types": ["news_agency"]}),
            json!({"op": "path", "from": "Kyodo", "to": "Russia", "via_types": "news_agency"}),
        ),
        (
            json!({"op": "neighbours", "of": "Japan", "depth": 2, "relations": ["claims", "visits"]}),
            json!({"op": "neighbours", "of": "Japan", "depth": 2, "relations": "claims,visits"}),
        ),
        (
            json!({"op": "path", "from": "Kyodo", "to": "Kurils", "avoid": ["Japan"]}),
            json!({"op": "path", "from": "Kyodo", "to": "Kurils", "avoid": "Japan"}),
        ),
    ];
    for (array, string) in cases {
        let (out_a, a) = ask(&array, 0);
        let (out_s, s) = ask(&string, 0);
        assert_eq!(
            result_of(&a, &out_a),
            result_of(&s, &out_s),
            "array and string forms differ\n{}\n{}",
            out_a.report(),
            out_s.report()
        );
    }
    // The filters did something: Sputnik's route only, and avoid took effect.
    let (out, a) = ask(
        &json!({"op": "path", "from": "Kyodo", "to": "Russia", "via_types": "news_agency"}),
        0,
    );
    assert_eq!(
        result_of(&a, &out)["paths"][0]["nodes"][1]["id"],
        "sputnik",
        "{}",
        out.report()
    );
    // A name holding a comma is one name, never split.
    let (out, a) = ask(
        &json!({"op": "path", "from": "Kyodo", "to": "Kurils", "avoid": "Japan, Russia"}),
        1,
    );
    assert_eq!(error_of(&a, &out)["code"], "unknown_entity");
}

/// `kg ARGS... --format json`, parsed.
#[track_caller]
fn cli_json(args: &[&str]) -> Value {
    let out = kg(args.iter().copied().chain(["--format", "json"]));
    out.success().stderr_is("");
    out.json()
}

#[test]
fn query_ops_equal_the_command_line_json() {
    let cases: [(Value, &[&str]); 8] = [
        (
            json!({"op": "entity", "name": "Lavrov"}),
            &["show", "Lavrov"],
        ),
        (
            json!({"op": "entity", "name": "Kurils"}),
            &["show", "Kurils"],
        ),
        (json!({"op": "stats"}), &["stats"]),
        (
            json!({"op": "path", "from": "Kyodo", "to": "Kurils"}),
            &["path", "Kyodo", "Kurils"],
        ),
        (
            json!({"op": "path", "from": "Kyodo", "to": "Kurils", "k": 4, "direction": "out", "max_len": 3}),
            &[
                "path",
                "Kyodo",
                "Kurils",
                "-k",
                "4",
                "--direction",
                "out",
                "--max-len",
                "3",
            ],
        ),
        (
            json!({"op": "path", "from": "Japan", "to": "North Korea", "all": true, "from_date": "2016-03-14", "limit": 1}),
            &[
                "path",
                "Japan",
                "North Korea",
                "--all",
                "--from-date",
                "2016-03-14",
                "--limit",
                "1",
            ],
        ),
        (
            json!({"op": "neighbours", "of": "Japan", "depth": 2, "relations": "claims,visits"}),
            &[
                "neighbours",
                "Japan",
                "--depth",
                "2",
                "--relations",
                "claims,visits",
            ],
        ),
        (
            json!({"op": "neighbors", "name": "Kyodo", "depth": 3, "via_types": "news_agency", "avoid": "Moscow", "limit": 5}),
            &[
                "neighbours",
                "Kyodo",
                "--depth",
                "3",
                "--via-types",
                "news_agency",
                "--avoid",
                "Moscow",
                "--limit",
                "5",
            ],
        ),
    ];
    for (request, args) in cases {
        let (out, a) = ask(&request, 0);
        let want = cli_json(args);
        assert_eq!(
            *result_of(&a, &out),
            want,
            "`kg query` and `kg {}` differ\n{}",
            args.join(" "),
            out.report()
        );
    }
}

#[test]
fn query_reads_a_file_or_stdin() {
    let input = "{\"id\":1,\"op\":\"stats\"}\n{\"id\":2,\"op\":\"path\",\"from\":\"Kyodo\",\"to\":\"Kurils\"}\n{\"id\":3,\"op\":\"entity\",\"name\":\"Rusia\"}\n";
    let dir = TestDir::new("query-file");
    let file = dir.create("requests.jsonl", input);
    let from_stdin = query(input);
    from_stdin.failure().stderr_is("");
    assert_eq!(answers(&from_stdin).len(), 3, "{}", from_stdin.report());
    let from_dash = query_with(&["-"], input);
    from_dash
        .failure()
        .stderr_is("")
        .stdout_is(&from_stdin.stdout);
    let from_file = kg([OsStr::new("query"), file.as_os_str()]);
    from_file
        .failure()
        .stderr_is("")
        .stdout_is(&from_stdin.stdout);
    // A relative path, from the working directory; stdin is not read then.
    let relative = dir
        .command()
        .args(["query", "requests.jsonl"])
        .run_with_stdin("{\"id\":99,\"op\":\"stats\"}\n");
    relative
        .failure()
        .stderr_is("")
        .stdout_is(&from_stdin.stdout);
    // A missing file is an error that names it, with no answers.
    let missing = dir.command().args(["query", "nowhere.jsonl"]).run();
    missing
        .failure()
        .stdout_is("")
        .stderr_has("kg: error: nowhere.jsonl");
}

/// One request line of a batch, and whether `docs/schema/request.schema.json`
/// should accept it (`None`: the line is not JSON at all).
struct Line {
    text: String,
    schema_valid: Option<bool>,
}

impl Line {
    fn valid(v: Value) -> Line {
        Line {
            text: v.to_string(),
            schema_valid: Some(true),
        }
    }
    fn invalid(v: Value) -> Line {
        Line {
            text: v.to_string(),
            schema_valid: Some(false),
        }
    }
    fn not_json(text: &str) -> Line {
        Line {
            text: text.to_string(),
            schema_valid: None,
        }
    }
}

/// Every name the seed graph's entities answer to, in file order: id and name.
fn seed_names() -> Vec<(String, String)> {
    let g: Value = serde_json::from_str(&read(SEED_GRAPH)).expect("the seed graph is JSON");
    g["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap().to_string(),
                e["name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A mixed batch of 200 requests: all four ops with options, and failures of
/// every kind, ids of several types.
fn batch_of_200() -> Vec<Line> {
    let names = seed_names();
    let n = names.len();
    let name = |i: usize| names[i % n].1.clone();
    let id = |i: usize| match i % 3 {
        0 => json!(i),
        1 => json!(format!("r{i}")),
        _ => json!({"n": i}),
    };
    let directions = ["any", "out", "in"];
    let relation_sets = [
        json!("claims,visits"),
        json!(["based_in", "partners_with", "claims"]),
        json!("diplomatic_relations_with, trades_with"),
    ];
    let mut lines = Vec::new();
    for i in 0..200 {
        let line = match i % 10 {
            0 => Line::valid(
                json!({"id": id(i), "op": "path", "from": name(i), "to": name(i * 5 + 3)}),
            ),
            1 => Line::valid(
                json!({"id": id(i), "op": "path", "from": name(i), "to": name(i + 7), "all": true, "limit": 1 + i % 4}),
            ),
            2 => Line::valid(
                json!({"id": id(i), "op": "path", "from": name(i), "to": name(i + 4), "k": 1 + i % 5, "direction": directions[i % 3], "max_len": 4}),
            ),
            3 => Line::valid(
                json!({"id": id(i), "op": "neighbours", "of": name(i), "depth": 1 + i % 3, "limit": 1 + i % 9}),
            ),
            4 => Line::valid(
                json!({"id": id(i), "op": "neighbors", "name": name(i), "relations": relation_sets[i % 3], "depth": 2, "direction": directions[(i / 10) % 3]}),
            ),
            5 => Line::valid(json!({"id": id(i), "op": "entity", "name": name(i)})),
            6 => Line::valid(json!({"id": id(i), "op": "stats"})),
            7 => Line::valid(
                json!({"id": id(i), "op": "path", "from": name(i), "to": name(i + 2), "avoid": [name(i + 1)], "via_types": ["country", "person"], "exclude_relations": "based_in"}),
            ),
            8 => Line::valid(
                json!({"id": id(i), "op": "path", "from": name(i), "to": name(i + 9), "from_date": "2016-03", "to_date": "2016-04-30", "all": true}),
            ),
            _ => match (i / 10) % 6 {
                0 => Line::valid(
                    json!({"id": id(i), "op": "entity", "name": format!("{}x", name(i))}),
                ),
                1 => Line::invalid(json!({"id": id(i), "op": "walk", "from": name(i)})),
                2 => Line::invalid(
                    json!({"id": id(i), "op": "path", "from": name(i), "to": name(i + 1), "lenght": 2}),
                ),
                3 => Line::not_json(&format!("{{\"id\": {i}, \"op\": \"stats\"")),
                4 => Line::valid(
                    json!({"id": id(i), "op": "neighbours", "of": name(i), "relations": ["claims", "visitz"]}),
                ),
                _ => Line::invalid(json!([id(i), "stats"])),
            },
        };
        lines.push(line);
    }
    lines
}

fn text_of(lines: &[Line]) -> String {
    lines.iter().map(|l| format!("{}\n", l.text)).collect()
}

#[test]
fn query_200_requests_give_the_same_bytes_every_time() {
    let lines = batch_of_200();
    assert_eq!(lines.len(), 200);
    let input = text_of(&lines);
    let first = query(&input);
    first.failure().stderr_is("");
    let a = answers(&first);
    assert_eq!(a.len(), 200, "{}", first.report());
    let failed = a.iter().filter(|x| x["ok"] == false).count();
    assert_eq!(
        failed,
        20,
        "the batch's 20 bad requests fail, no others\n{}",
        first.report()
    );
    let second = query(&input);
    second.failure().stderr_is("").stdout_is(&first.stdout);
    let dir = TestDir::new("batch-200");
    let file = dir.create("batch.jsonl", &input);
    kg([OsStr::new("query"), file.as_os_str()])
        .failure()
        .stdout_is(&first.stdout);
}

/// The Python interpreter named by `KG_PYTHON`, checked to have `jsonschema`.
pub(crate) fn python_with_jsonschema() -> PathBuf {
    const HOW: &str = "scripts/test.sh sets it up; by hand: \
        python3 -m venv target/venv && target/venv/bin/pip install -r tests/requirements.txt, \
        then KG_PYTHON=target/venv/bin/python cargo test";
    let python = match std::env::var_os("KG_PYTHON") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => panic!(
            "this test validates answers against docs/schema with Python's jsonschema \
             and needs KG_PYTHON, a Python interpreter that has it; {HOW}"
        ),
    };
    let out = Command::new(&python)
        .args(["-c", "import jsonschema"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run KG_PYTHON={}: {e}; {HOW}", python.display()));
    assert!(
        out.status.success(),
        "KG_PYTHON={} cannot import jsonschema:\n{}\n{HOW}",
        python.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    python
}

/// Verdicts of `tests/schema/validate.py` on `instances` against `schema`:
/// `"valid"` or `"invalid: ..."`, one per instance.
pub(crate) fn validate(python: &Path, schema: &str, instances: &[String]) -> Vec<String> {
    let dir = TestDir::new("schema");
    let file = dir.create("instances.jsonl", text_of_strings(instances));
    let script = root().join("tests/schema/validate.py");
    let out = Command::new(python)
        .arg(&script)
        .arg(root().join(schema))
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{} {} failed ({}):\n{}\n{stdout}",
        script.display(),
        schema,
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let verdicts: Vec<String> = stdout.lines().map(str::to_string).collect();
    assert_eq!(
        verdicts.len(),
        instances.len(),
        "one verdict per instance:\n{stdout}"
    );
    verdicts
}

fn text_of_strings(items: &[String]) -> String {
    items.iter().map(|s| format!("{s}\n")).collect()
}

/// More requests for the schema check: each op's edge cases, truncations, and
/// failures of every code the built-in graph can give.
fn schema_cases() -> Vec<Line> {
    vec![
        Line::valid(json!({"id": 1, "op": "path", "from": "Sputnik", "to": "Kyodo"})),
        Line::valid(json!({"op": "path", "from": "Kyodo", "to": "Kyodo"})),
        Line::valid(json!({"op": "path", "from": "Kyodo", "to": "Kurils", "max_len": 0})),
        Line::valid(
            json!({"op": "path", "from": "Kyodo", "to": "Kurils", "relations": "partners_with"}),
        ),
        Line::valid(
            json!({"op": "path", "from": "Kyodo", "to": "Russia", "all": true, "limit": 2}),
        ),
        Line::valid(json!({"op": "path", "from": "Kyodo", "to": "Russia", "k": 3, "limit": 2})),
        Line::valid(json!({"op": "path", "from": "Lavrov", "to": "Japan", "at": "2016-04"})),
        Line::valid(json!({"op": "neighbours", "of": "Japan", "depth": 0})),
        Line::valid(json!({"op": "neighbours", "of": "Japan", "limit": 1})),
        Line::valid(json!({"op": "neighbors", "name": "Russia", "depth": 3, "direction": "in"})),
        Line::valid(json!({"op": "entity", "name": "Lavrov"})),
        Line::valid(json!({"op": "entity", "name": "Tokyo"})),
        Line::valid(json!({"op": "stats", "id": null})),
        Line::valid(json!({"op": "entity", "name": "Atlantis"})),
        Line::valid(json!({"op": "path", "from": "Kyodo", "to": "Kurils", "all": true, "k": 2})),
        Line::valid(
            json!({"op": "path", "from": "Kyodo", "to": "Kurils", "at": "2016", "to_date": "2017"}),
        ),
        Line::valid(json!({"op": "path", "from": "Kyodo", "to": "Kurils", "avoid": "Kyodo"})),
        Line::invalid(json!({"op": "stats", "verbose": true})),
        Line::invalid(json!({"op": "path", "from": "Kyodo"})),
        Line::invalid(json!({"op": "path", "from": "Kyodo", "to": "Kurils", "direction": "both"})),
        Line::invalid(json!({"op": "path", "from": "Kyodo", "to": "Kurils", "k": 0})),
        Line::invalid(json!({"op": "path", "from": "Kyodo", "to": "Kurils", "at": "April 2016"})),
        Line::invalid(json!({"op": "neighbours", "of": "Japan", "name": "Japan"})),
        Line::invalid(json!({"op": "neighbours", "depth": 1})),
        Line::invalid(json!({"op": "entity"})),
        Line::invalid(json!({"id": 5})),
        Line::invalid(json!("stats")),
        Line::not_json("nul"),
        Line::not_json("{\"op\": \"stats\",}"),
    ]
}

#[test]
fn query_requests_and_answers_match_the_published_schemas() {
    let python = python_with_jsonschema();
    let mut lines = batch_of_200();
    lines.extend(schema_cases());
    // Blank lines get no answer; keep only the lines that do.
    lines.retain(|l| !l.text.trim().is_empty());
    let input = text_of(&lines);
    let out = query(&input);
    out.failure().stderr_is("");
    let answer_lines: Vec<String> = out.stdout.lines().map(str::to_string).collect();
    assert_eq!(answer_lines.len(), lines.len(), "{}", out.report());

    // Every answer, success or failure, is a valid response; an ambiguous name
    // needs another graph.
    let verdicts = validate(&python, "docs/schema/response.schema.json", &answer_lines);
    let dir = TestDir::new("schema-ambiguous");
    let graph = springfields(&dir);
    let ambiguous = query_with(
        &["--graph", graph.to_str().unwrap()],
        "{\"id\":1,\"op\":\"path\",\"from\":\"Springfield\",\"to\":\"springfield_il\"}\n",
    );
    ambiguous
        .failure()
        .stdout_has("\"code\":\"ambiguous_name\"");
    let ambiguous_answer = ambiguous.stdout.trim_end().to_string();
    let verdict = validate(
        &python,
        "docs/schema/response.schema.json",
        std::slice::from_ref(&ambiguous_answer),
    );
    assert_eq!(verdict, ["valid"], "answer: {ambiguous_answer}");
    let mut problems = Vec::new();
    let mut seen_ops = BTreeSet::new();
    let mut seen_codes = BTreeSet::new();
    for ((line, answer), verdict) in lines.iter().zip(&answer_lines).zip(&verdicts) {
        let a: Value = serde_json::from_str(answer).unwrap();
        if a["ok"] == true {
            let request: Value = serde_json::from_str(&line.text).unwrap();
            seen_ops.insert(
                request["op"]
                    .as_str()
                    .unwrap()
                    .replace("neighbors", "neighbours"),
            );
        } else {
            seen_codes.insert(a["error"]["code"].as_str().unwrap_or("?").to_string());
        }
        if verdict != "valid" {
            problems.push(format!(
                "request {}\nanswer  {answer}\n{verdict}",
                line.text
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "answers that docs/schema/response.schema.json rejects:\n{}",
        problems.join("\n\n")
    );
    // The check covered what it claims to.
    assert_eq!(
        seen_ops.into_iter().collect::<Vec<_>>(),
        ["entity", "neighbours", "path", "stats"]
    );
    assert_eq!(
        seen_codes.into_iter().collect::<Vec<_>>(),
        ["bad_json", "bad_request", "unknown_entity"]
    );

    // Every request meant to be valid is; those meant to be invalid are refused
    // both by the schema and by kg.
    let json_lines: Vec<(&Line, &String)> = lines
        .iter()
        .zip(&answer_lines)
        .filter(|(l, _)| l.schema_valid.is_some())
        .collect();
    let requests: Vec<String> = json_lines.iter().map(|(l, _)| l.text.clone()).collect();
    let verdicts = validate(&python, "docs/schema/request.schema.json", &requests);
    let mut problems = Vec::new();
    for ((line, answer), verdict) in json_lines.iter().zip(&verdicts) {
        let want = line.schema_valid.unwrap();
        if (verdict == "valid") != want {
            problems.push(format!(
                "request {}\nexpected {}, got: {verdict}",
                line.text,
                if want { "valid" } else { "invalid" }
            ));
        }
        let a: Value = serde_json::from_str(answer).unwrap();
        if !want && a["error"]["code"] != "bad_request" {
            problems.push(format!(
                "request {}\nis outside the schema, but kg answered {answer}",
                line.text
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "requests and docs/schema/request.schema.json disagree:\n{}",
        problems.join("\n\n")
    );

    // The validator does reject what breaks the contract.
    let broken = [
        json!({"id": 1, "ok": true}),
        json!({"id": 1, "ok": false, "error": {"code": "x", "message": "m", "suggestions": []}}),
        json!({"id": 1, "ok": true, "result": {"paths": []}}),
        json!({"ok": true, "result": {"entities": 1, "relations": 0, "sources": 0, "entity_types": [], "relation_types": []}}),
    ]
    .map(|v| v.to_string());
    let verdicts = validate(&python, "docs/schema/response.schema.json", &broken);
    for (b, v) in broken.iter().zip(&verdicts) {
        assert_ne!(
            v, "valid",
            "the response schema accepts a broken answer: {b}"
        );
    }
}

/// The seed graph read as plain JSON: ids, relations as (from, type, to), and
/// which relation types are symmetric.
struct Seed {
    ids: Vec<String>,
    relations: Vec<(String, String, String)>,
    symmetric: BTreeSet<String>,
}

fn seed() -> Seed {
    let g: Value = serde_json::from_str(&read(SEED_GRAPH)).expect("the seed graph is JSON");
    let s = |v: &Value| v.as_str().unwrap().to_string();
    Seed {
        ids: g["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| s(&e["id"]))
            .collect(),
        relations: g["relations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (s(&r["from"]), s(&r["type"]), s(&r["to"])))
            .collect(),
        symmetric: g["schema"]["relation_types"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["symmetric"] == true)
            .map(|t| s(&t["id"]))
            .collect(),
    }
}

impl Seed {
    /// Entities one step from `x` when following `direction` ("any", "out", "in").
    fn steps(&self, x: &str, direction: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for (a, t, b) in &self.relations {
            let sym = self.symmetric.contains(t);
            if a == x && (direction != "in" || sym) {
                out.push(b.as_str());
            }
            if b == x && (direction != "out" || sym) {
                out.push(a.as_str());
            }
        }
        out
    }

    /// Breadth-first distances from `start`, up to `depth` hops.
    fn distances(&self, start: &str, direction: &str, depth: usize) -> BTreeMap<String, usize> {
        let mut dist = BTreeMap::from([(start.to_string(), 0)]);
        let mut queue = VecDeque::from([start.to_string()]);
        while let Some(x) = queue.pop_front() {
            let d = dist[&x];
            if d == depth {
                continue;
            }
            for y in self.steps(&x, direction) {
                if !dist.contains_key(y) {
                    dist.insert(y.to_string(), d + 1);
                    queue.push_back(y.to_string());
                }
            }
        }
        dist
    }
}

#[test]
fn query_agrees_with_breadth_first_search_on_the_seed_graph() {
    let seed = seed();
    let directions = ["any", "out", "in"];
    let mut requests = Vec::new();
    for d in directions {
        for s in &seed.ids {
            for t in &seed.ids {
                requests.push(json!({"op": "path", "from": s, "to": t, "direction": d}));
            }
            for depth in 1..=3 {
                requests.push(json!({"op": "neighbours", "of": s, "depth": depth, "direction": d}));
            }
        }
    }
    let input: String = requests.iter().map(|r| format!("{r}\n")).collect();
    let out = query(&input);
    out.success().stderr_is("");
    let a = answers(&out);
    assert_eq!(a.len(), requests.len(), "{}", out.report());
    let relations: BTreeSet<&(String, String, String)> = seed.relations.iter().collect();
    let mut problems = Vec::new();
    for (request, answer) in requests.iter().zip(&a) {
        let r = &answer["result"];
        let d = request["direction"].as_str().unwrap();
        if request["op"] == "path" {
            let (s, t) = (
                request["from"].as_str().unwrap(),
                request["to"].as_str().unwrap(),
            );
            let want = seed.distances(s, d, usize::MAX).get(t).copied();
            let paths = r["paths"].as_array().unwrap();
            let got = paths
                .first()
                .map(|p| p["length"].as_u64().unwrap() as usize);
            if got != want {
                problems.push(format!(
                    "{request}: length {got:?}, breadth-first search says {want:?}"
                ));
            }
            // The path is made of the file's relations, walked as the direction allows.
            if let Some(p) = paths.first() {
                let nodes = p["nodes"].as_array().unwrap();
                for (i, e) in p["edges"].as_array().unwrap().iter().enumerate() {
                    let triple = (
                        e["from"].as_str().unwrap().to_string(),
                        e["type"].as_str().unwrap().to_string(),
                        e["to"].as_str().unwrap().to_string(),
                    );
                    let (x, y) = (
                        nodes[i]["id"].as_str().unwrap(),
                        nodes[i + 1]["id"].as_str().unwrap(),
                    );
                    let joins =
                        (triple.0 == x && triple.2 == y) || (triple.0 == y && triple.2 == x);
                    let sym = seed.symmetric.contains(&triple.1);
                    let against = e["reversed"] == true;
                    let direction_ok = sym || d == "any" || (d == "out") != against;
                    if !relations.contains(&triple) || !joins || !direction_ok {
                        problems.push(format!(
                            "{request}: hop {i} is not a step of the graph: {e}"
                        ));
                    }
                }
            }
        } else {
            let s = request["of"].as_str().unwrap();
            let depth = request["depth"].as_u64().unwrap() as usize;
            let mut want = seed.distances(s, d, depth);
            want.remove(s);
            let got: BTreeMap<String, usize> = r["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| {
                    (
                        n["id"].as_str().unwrap().to_string(),
                        n["distance"].as_u64().unwrap() as usize,
                    )
                })
                .collect();
            if got != want {
                problems.push(format!(
                    "{request}: nodes {got:?}, breadth-first search says {want:?}"
                ));
            }
            // Edges: every relation among the center and the nodes, each once.
            let members: BTreeSet<&str> = want.keys().map(String::as_str).chain([s]).collect();
            let mut want_edges: Vec<String> = seed
                .relations
                .iter()
                .filter(|(a, _, b)| members.contains(a.as_str()) && members.contains(b.as_str()))
                .map(|(a, t, b)| format!("{a} {t} {b}"))
                .collect();
            let mut got_edges: Vec<String> = r["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| format!("{} {} {}", e["from"], e["type"], e["to"]).replace('"', ""))
                .collect();
            want_edges.sort();
            got_edges.sort();
            if got_edges != want_edges {
                problems.push(format!(
                    "{request}: edges {got_edges:?}, expected {want_edges:?}"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} answers disagree with breadth-first search:\n{}",
        problems.len(),
        requests.len(),
        problems.join("\n")
    );
}

/// Issue 16, JSON Lines: pretty-printed input hints at one object per line, keys
/// in the wrong case are pointed at their lower-case names, and a number that is
/// not whole says so in plain words, naming the field.
#[test]
fn query_mistakes_of_habit_get_plain_hints() {
    // `jq .` output instead of `jq -c`: every piece says how to send it.
    let out = query("{\n  \"op\": \"stats\"\n}\n");
    let all = answers(&out);
    assert_eq!(all.len(), 3, "{}", out.report());
    for a in &all {
        let e = error_of(a, &out);
        assert_eq!(e["code"], "bad_json", "{}", out.report());
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .ends_with("kg query reads one JSON object per line: write each request on one line (jq -c turns pretty-printed JSON into that)"),
            "{}",
            out.report()
        );
    }
    // A malformed line that is whole gets no such hint.
    let (out, a) = ask(&json!("x"), 1);
    assert!(!error_of(&a, &out)["message"]
        .as_str()
        .unwrap()
        .contains("jq -c"));
    let out = query("{\"op\": \"stats\",}\n");
    let e = answers(&out).remove(0);
    assert!(
        !e["error"]["message"].as_str().unwrap().contains("jq -c"),
        "{}",
        out.report()
    );

    assert_error(json!({"OP": "stats"}), "bad_request", &["op"]);
    let (out, a) = ask(&json!({"OP": "stats"}), 1);
    assert_eq!(
        error_of(&a, &out)["message"],
        "line 1: missing 'op' (keys are lower case: 'OP' is not 'op')"
    );
    assert_error(
        json!({"op": "path", "From": "Kyodo", "to": "Kurils"}),
        "bad_request",
        &["from", "from_date"],
    );
    // A number field names itself and says what it takes, in the words the
    // command line uses; a number sent as a string is a mistake of type.
    for (request, message) in [
        (
            json!({"op": "path", "from": "Kyodo", "to": "Kurils", "k": 2.5}),
            "line 1: 'k' must be a whole number ≥ 1, got 2.5",
        ),
        (
            json!({"op": "path", "from": "Kyodo", "to": "Kurils", "k": "3"}),
            "line 1: 'k' must be a whole number ≥ 1, got the string \"3\"; write 3 without quotes",
        ),
        (
            json!({"op": "path", "from": "Kyodo", "to": "Kurils", "k": true}),
            "line 1: 'k' must be a whole number ≥ 1, got true",
        ),
        (
            json!({"op": "neighbours", "name": "Japan", "depth": "two"}),
            "line 1: 'depth' must be a whole number, got the string \"two\"",
        ),
        (
            json!({"op": "path", "from": "Kyodo", "to": "Kurils", "max_len": -1}),
            "line 1: 'max_len' must be a whole number, got -1",
        ),
        (
            json!({"op": "add_relation", "from": "Abe", "type": "visits", "to": "Russia",
                   "confidence": 7}),
            "line 1: 'confidence' must be a number from 0 to 1, got 7",
        ),
        (
            json!({"op": "path", "from": "Kyodo", "to": 3}),
            "line 1: 'to' takes a string, not 3",
        ),
    ] {
        let (out, a) = ask(&request, 1);
        assert_eq!(error_of(&a, &out)["message"], message, "{}", out.report());
    }
    // Several problems of one edit are each named in the one message.
    let (out, a) = ask(
        &json!({"op": "add_relation", "from": "Japan", "type": "visits", "to": "Russia",
                "valid": "2016-13"}),
        1,
    );
    let m = error_of(&a, &out)["message"].as_str().unwrap().to_string();
    assert!(m.contains("problems in the input: "), "{m}");
    // The command line says the same, and it is a usage mistake (exit 2).
    kg(["path", "Kyodo", "Kurils", "--max-len", "x"])
        .code(2)
        .stderr_has("must be a whole number, got x");
}
