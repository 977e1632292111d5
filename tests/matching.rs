//! `kg match` (issue 17) through its front ends: the issue's done-when query
//! answered with the quotes of each hop (text, JSON, the REPL at a terminal and
//! from a script, `kg query`), located errors (`at` in JSON), `--explain`,
//! `--no-evidence`, `--limit`, the time budget, column names, DOT read by
//! Graphviz, answers and errors valid under docs/schema, and every example of
//! docs/match.md giving the output it shows.
//!
//! The DOT test needs Graphviz's `dot` on the PATH and the schema test
//! KG_PYTHON with jsonschema (`scripts/test.sh` sets up both).

use std::io::Write as _;
use std::process::{Command, Stdio};

use ::kg::query::answer::{Answer, Cell, MatchOut};
use serde_json::{json, Value};

use crate::util::{kg, root, Desk, TestDir};

/// The issue's done-when query.
const DONE_WHEN: &str = "MATCH (p:person)-[:foreign_minister_of]->(c:country)-[:claims]->\
                         (t:territory {name: \"Kurils\"}) RETURN p, c";

/// The quotes that prove each hop of [`DONE_WHEN`] on the seed graph.
const MINISTER_QUOTE: &str =
    "“Russian Foreign Minister Sergei Lavrov will visit Tokyo in mid-April” — sputnik-2016-03-14";
const CLAIM_QUOTE: &str = "“the Kuril Islands which Japan and Russia both claim” — blog-2016-03-14";

/// `kg match QUERY ARGS...`, which must succeed quietly; its answer as typed JSON.
#[track_caller]
fn answer(query: &str, args: &[&str]) -> MatchOut {
    let out = kg(["match", query, "--format", "json"]
        .into_iter()
        .chain(args.iter().copied()));
    out.success().stderr_is("");
    match out.json::<Answer>() {
        Answer::Match(m) => m,
        other => panic!("not a pattern answer: {other:?}\n{}", out.report()),
    }
}

fn entity_ids(row: &[Cell]) -> Vec<&str> {
    row.iter()
        .map(|c| match c {
            Cell::Entity(n) => n.id.as_ref(),
            other => panic!("not an entity: {other:?}"),
        })
        .collect()
}

#[test]
fn the_done_when_query_answers_lavrov_and_russia_with_the_quotes_of_each_hop() {
    let out = kg(["match", DONE_WHEN]);
    out.success().stderr_is("");
    let text = &out.stdout;
    let head = text.lines().next().unwrap_or_default();
    assert_eq!(
        head.split_whitespace().collect::<Vec<_>>(),
        ["p", "c"],
        "{text}"
    );
    let row = text.lines().nth(1).unwrap_or_default();
    assert_eq!(row.trim(), "Sergei Lavrov  Russia", "{text}");
    // Each hop read as an arrow, its quotes under it, in the pattern's order.
    let minister = text
        .find("Sergei Lavrov —foreign minister of→ Russia")
        .unwrap_or_else(|| panic!("no first hop\n{text}"));
    let claim = text
        .find("Russia —claims→ Kuril Islands")
        .unwrap_or_else(|| panic!("no second hop\n{text}"));
    assert!(minister < claim, "{text}");
    let quote = text.find(MINISTER_QUOTE).expect("the minister's quote");
    assert!(minister < quote && quote < claim, "{text}");
    assert!(text[claim..].contains(CLAIM_QUOTE), "{text}");
    assert!(text.contains("\n1 row\n"), "{text}");
    // The documents cited, once each, as `kg path` lists them.
    assert!(text.contains("\nsources\n  blog-2016-03-14"), "{text}");

    let m = answer(DONE_WHEN, &[]);
    let a = &m.answer;
    assert_eq!(a.columns, ["p", "c"]);
    assert_eq!(a.rows.len(), 1);
    assert_eq!(entity_ids(&a.rows[0]), ["sergei_lavrov", "russia"]);
    let Cell::Entity(p) = &a.rows[0][0] else {
        unreachable!()
    };
    assert_eq!(
        (p.name.as_ref(), p.kind.as_ref()),
        ("Sergei Lavrov", "person")
    );
    let hops: Vec<(&str, &str, &str)> = a.relations[0]
        .iter()
        .map(|e| (e.from.as_ref(), e.kind.as_ref(), e.to.as_ref()))
        .collect();
    assert_eq!(
        hops,
        [
            ("sergei_lavrov", "foreign_minister_of", "russia"),
            ("russia", "claims", "kuril_islands")
        ]
    );
    for e in &a.relations[0] {
        assert!(!e.reversed, "{e:?}");
        assert!(
            e.evidence.iter().any(|ev| ev.quote.is_some()),
            "a hop without a quote: {e:?}"
        );
    }
    assert!(!a.truncated);
    assert_eq!(a.limit, 1000);
    assert!(a.sources.iter().any(|s| s.id == "blog-2016-03-14"));
    // The entities the relations touch come with the answer, for drawings.
    let ids: Vec<&str> = m.entities.iter().map(|n| n.id.as_ref()).collect();
    assert_eq!(ids, ["sergei_lavrov", "russia", "kuril_islands"]);
}

#[test]
fn kg_query_answers_a_match_request_as_the_command_line_does() {
    let cli: Value = {
        let out = kg(["match", DONE_WHEN, "--format", "json"]);
        out.success();
        out.json()
    };
    let requests = [
        json!({"id": 1, "op": "match", "query": DONE_WHEN}),
        json!({"id": 2, "op": "match", "query": DONE_WHEN, "limit": 10, "no_evidence": true}),
    ];
    let input: String = requests.iter().map(|r| format!("{r}\n")).collect();
    let out = crate::util::TestCommand::new()
        .arg("query")
        .run_with_stdin(input);
    out.success();
    let lines: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["ok"], true, "{}", out.report());
    assert_eq!(lines[0]["result"], cli);
    let bare = &lines[1]["result"];
    assert_eq!(bare["limit"], 10);
    assert_eq!(bare["relations"], json!([[]]), "{}", out.report());
    assert_eq!(bare["rows"], cli["rows"]);
}

#[test]
fn a_bad_query_is_located_in_text_and_in_json() {
    // The keyword left out: the command says where and what to write.
    let out = kg(["match", "(p:person) RETURN p"]);
    out.failure().stdout_is("").stderr_is(
        "kg: error: line 1, column 1: a pattern query begins with MATCH\n\
         kg: hint: write it as: MATCH (p:person) RETURN p\n",
    );
    // A clause outside the subset, on the query's second line.
    let query = "MATCH (p:person)\nOPTIONAL MATCH (p)-[:visits]->(c) RETURN p";
    let out = kg(["match", query]);
    out.failure();
    assert!(
        out.stderr.starts_with("kg: error: line 2, column 1: "),
        "{}",
        out.report()
    );
    let input = format!(
        "{}\n{}\n",
        json!({"id": "a", "op": "match", "query": query}),
        json!({"id": "b", "op": "match", "query": "  (p) RETURN p"})
    );
    let out = crate::util::TestCommand::new()
        .arg("query")
        .run_with_stdin(input);
    out.failure();
    let lines: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let e = &lines[0]["error"];
    assert_eq!(e["code"], "bad_query", "{}", out.report());
    assert_eq!(e["at"], json!({"line": 2, "column": 1}));
    assert_eq!(e["line"], 1, "the request's input line");
    assert!(e["message"]
        .as_str()
        .unwrap()
        .starts_with("line 1: line 2, column 1: "));
    let e = &lines[1]["error"];
    assert_eq!(e["at"], json!({"line": 1, "column": 3}), "{}", out.report());
    assert_eq!(e["hint"], "write it as: MATCH (p) RETURN p");
    // Other errors carry no `at`.
    let out = crate::util::TestCommand::new()
        .arg("query")
        .run_with_stdin("{\"op\": \"show\", \"name\": \"Rusia\"}\n");
    let a: Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert!(a["error"].get("at").is_none(), "{}", out.report());
}

#[test]
fn explain_prints_the_plan_and_runs_nothing() {
    let out = kg(["match", "--explain", DONE_WHEN]);
    out.success().stderr_is("");
    assert!(out.stdout.starts_with("plan\n  "), "{}", out.report());
    assert!(!out.stdout.contains("Sergei Lavrov"), "{}", out.report());
    let m = answer(DONE_WHEN, &["--explain"]);
    assert!(m.answer.plan.as_ref().is_some_and(|p| !p.is_empty()));
    assert!(m.answer.rows.is_empty());
}

#[test]
fn no_evidence_prints_the_table_alone() {
    let out = kg(["match", DONE_WHEN, "--no-evidence"]);
    out.success().stderr_is("");
    assert!(!out.stdout.contains('“'), "{}", out.report());
    assert!(!out.stdout.contains("—claims→"), "{}", out.report());
    assert!(!out.stdout.contains("\nsources\n"), "{}", out.report());
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", out.report());
    assert_eq!(lines[1].trim(), "Sergei Lavrov  Russia");
    assert_eq!(lines[3], "1 row");
    let m = answer(DONE_WHEN, &["--no-evidence"]);
    assert!(m.answer.relations.iter().all(Vec::is_empty));
    assert!(m.answer.sources.is_empty());
}

#[test]
fn limit_cuts_the_rows_and_says_so() {
    let all = answer("MATCH (a)-[r]->(b) RETURN a, r, b", &[]);
    assert!(
        all.answer.rows.len() >= 33,
        "every relation of the seed graph"
    );
    assert!(!all.answer.truncated);
    let cut = answer("MATCH (a)-[r]->(b) RETURN a, r, b", &["--limit", "3"]);
    assert_eq!(cut.answer.rows.len(), 3);
    assert_eq!(cut.answer.relations.len(), 3);
    assert!(cut.answer.truncated);
    assert_eq!(cut.answer.limit, 3);
    assert!(cut.answer.reason.is_some());
    let out = kg(["match", "MATCH (a)-[r]->(b) RETURN a, r, b", "--limit", "3"]);
    out.success();
    let last = out.stdout.lines().last().unwrap_or_default();
    assert!(last.starts_with("(truncated: "), "{}", out.report());
    assert!(
        !out.stdout.contains("'limit'"),
        "text names the option: {}",
        out.report()
    );
}

#[test]
fn columns_are_named_as_cypher_names_them() {
    let m = answer(
        "MATCH (p:person)-[:visits]->(x) RETURN p.name, count(*), p.name AS who ORDER BY who",
        &[],
    );
    assert_eq!(m.answer.columns, ["p.name", "count(*)", "who"]);
    // Values are JSON as they are: strings, and counts as integers.
    for row in &m.answer.rows {
        assert!(matches!(&row[0], Cell::Value(Value::String(_))), "{row:?}");
        assert!(
            matches!(&row[1], Cell::Value(Value::Number(n)) if n.is_u64()),
            "{row:?}"
        );
    }
    let out = kg([
        "match",
        "MATCH (p:person)-[v:visits]->(x) RETURN p.name AS who, x.name ORDER BY who, x.name",
    ]);
    out.success();
    let head: Vec<&str> = out
        .stdout
        .lines()
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(head, ["who", "x.name"], "{}", out.report());
}

#[test]
fn dot_draws_the_matched_relations_and_graphviz_reads_it() {
    let out = kg(["match", DONE_WHEN, "--format", "dot"]);
    out.success().stderr_is("");
    let dot = &out.stdout;
    for id in ["\"sergei_lavrov\"", "\"russia\"", "\"kuril_islands\""] {
        assert!(dot.contains(id), "{id} is not drawn\n{dot}");
    }
    assert!(dot.contains("\"sergei_lavrov\" -> \"russia\""), "{dot}");
    assert!(dot.contains("\"russia\" -> \"kuril_islands\""), "{dot}");
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("these tests need Graphviz's `dot` on the PATH");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let svg = child.wait_with_output().unwrap();
    assert!(
        svg.status.success(),
        "{}",
        String::from_utf8_lossy(&svg.stderr)
    );
    let svg = String::from_utf8_lossy(&svg.stdout);
    assert!(svg.contains("Sergei Lavrov") && svg.contains("Kuril Islands"));
    assert!(svg.contains("the Kuril Islands which Japan and Russia both claim"));
}

#[test]
fn a_script_runs_every_form_of_a_match_line() {
    let dir = TestDir::new("match-script");
    let script = format!(
        "match '{}' --no-evidence\n\
         MATCH (p:person)-[:foreign_minister_of]->(c) RETURN p, c\n\
         match (p:person)-[:foreign_minister_of]->(c) return p, c\n\
         match --no-evidence MATCH (p:person)-[:foreign_minister_of]->(c) \\\n\
         RETURN p, c\n\
         match --limit 1 --no-evidence (p) RETURN p\n",
        DONE_WHEN
    );
    let out = dir.command().run_with_stdin(script);
    out.failure();
    let tables = out.stdout.matches("Sergei Lavrov  Russia").count();
    assert_eq!(tables, 4, "{}", out.report());
    assert_eq!(
        out.stderr,
        "kg: error: line 6: line 1, column 1: a pattern query begins with MATCH\n\
         kg: hint: write it as: MATCH (p) RETURN p\n",
        "{}",
        out.report()
    );
}

#[test]
fn the_repl_at_a_terminal_takes_the_query_as_typed() {
    let desk = Desk::new("match-repl");
    let mut pty = desk.start(&[]);
    let shown = pty.ask(DONE_WHEN);
    let cli = kg(["match", DONE_WHEN]);
    cli.success();
    let expected: Vec<&str> = cli.stdout.trim_end().lines().map(str::trim_end).collect();
    assert_eq!(shown, expected.join("\n"), "{}", pty.report());
    let shown = pty.ask(&format!("match --no-evidence {DONE_WHEN}"));
    assert!(shown.contains("Sergei Lavrov  Russia"), "{}", pty.report());
    assert!(!shown.contains('“'), "{}", pty.report());
    // Tab completes a relation type inside the pattern.
    pty.keys("MATCH (p)-[:foreign_m\t");
    pty.wait_line("kg built-in> MATCH (p)-[:foreign_minister_of");
    pty.keys("]->(c:coun\t");
    pty.wait_line("kg built-in> MATCH (p)-[:foreign_minister_of]->(c:country");
    // And keywords, with a space after them.
    pty.keys(") RET\t");
    pty.wait_line("kg built-in> MATCH (p)-[:foreign_minister_of]->(c:country) RETURN");
    let shown = pty.ask("p.name, c.name");
    assert!(shown.contains("Sergei Lavrov  Russia"), "{}", pty.report());
}

/// One `$ kg …` of docs/match.md and the output shown under it.
struct DocExample {
    line: usize,
    command: String,
    output: String,
}

/// The transcripts of docs/match.md: fenced blocks that start with a `$ kg `
/// line; each such line is a command, the lines up to the next one its output
/// (stdout then stderr).
fn doc_examples(doc: &str) -> Vec<DocExample> {
    let mut out: Vec<DocExample> = Vec::new();
    let mut in_block = false;
    let mut transcript = false;
    for (i, line) in doc.lines().enumerate() {
        if line.starts_with("```") {
            in_block = !in_block;
            transcript = false;
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ kg ") {
            transcript = true;
            out.push(DocExample {
                line: i + 1,
                command: command.to_string(),
                output: String::new(),
            });
        } else if transcript {
            let e = out.last_mut().expect("a command first");
            e.output.push_str(line);
            e.output.push('\n');
        }
    }
    out
}

#[test]
fn every_example_of_docs_match_md_gives_the_output_it_shows() {
    let doc = std::fs::read_to_string(root().join("docs/match.md")).unwrap();
    let examples = doc_examples(&doc);
    assert!(
        examples.len() >= 15,
        "docs/match.md has {} examples",
        examples.len()
    );
    let mut wrong = Vec::new();
    for e in &examples {
        let words: Vec<String> = ::kg::repl::words::split(&e.command)
            .unwrap_or_else(|err| panic!("docs/match.md:{}: {err:?}", e.line))
            .into_iter()
            .map(|w| w.text)
            .collect();
        let out = kg(&words);
        let shown = format!("{}{}", out.stdout, out.stderr);
        let status_ok = (out.code == Some(0)) != e.output.contains("kg: error: ");
        if shown != e.output || !status_ok {
            wrong.push(format!(
                "docs/match.md:{}: $ kg {}\n{}",
                e.line,
                e.command,
                crate::util::diff(&e.output, &shown)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn match_answers_and_errors_are_what_the_json_schemas_say() {
    let python = crate::script::python_with_jsonschema();
    let requests = [
        json!({"id": 1, "op": "match", "query": DONE_WHEN}),
        json!({"id": 2, "op": "match", "query": "MATCH (a)-[r*1..2]->(b {name: \"Kurils\"}) RETURN a, r, b.name, b.aliases, count(*) AS n", "limit": 5}),
        json!({"id": 3, "op": "match", "query": DONE_WHEN, "explain": true}),
        json!({"id": 4, "op": "match", "query": "MATCH (p:person)-[:vists]->(x) RETURN p", "no_evidence": true}),
        json!({"id": 5, "op": "match", "query": "MATCH (p) RETURN *"}),
        json!({"id": 6, "op": "match", "query": "(p) RETURN p"}),
    ];
    let texts: Vec<String> = requests.iter().map(Value::to_string).collect();
    let verdicts = crate::script::validate(&python, "docs/schema/request.schema.json", &texts);
    assert!(verdicts.iter().all(|v| v == "valid"), "{verdicts:?}");
    let input: String = texts.iter().map(|t| format!("{t}\n")).collect();
    let out = crate::util::TestCommand::new()
        .arg("query")
        .run_with_stdin(input);
    let answers: Vec<String> = out.stdout.lines().map(str::to_string).collect();
    assert_eq!(answers.len(), requests.len(), "{}", out.report());
    let oks: Vec<bool> = answers
        .iter()
        .map(|a| serde_json::from_str::<Value>(a).unwrap()["ok"] == true)
        .collect();
    assert_eq!(
        oks,
        [true, true, true, true, false, false],
        "{}",
        out.report()
    );
    let verdicts = crate::script::validate(&python, "docs/schema/response.schema.json", &answers);
    for (answer, verdict) in answers.iter().zip(&verdicts) {
        assert_eq!(verdict, "valid", "{answer}");
    }
}

#[test]
fn the_time_budget_cuts_a_search_and_keeps_its_rows() {
    let dir = TestDir::new("match-grid");
    dir.create("grid.tsv", crate::util::grid_tsv(60));
    // Trails of up to 12 hops on a 60×60 grid: millions, far past a second.
    let query = "MATCH (a)-[*1..12]-(b) RETURN count(*) AS n";
    let out = dir
        .command()
        .args(["--graph", "grid.tsv", "match", query, "--format", "json"])
        .args(["--timeout", "200ms"])
        .run();
    out.success();
    let Answer::Match(m) = out.json::<Answer>() else {
        panic!("{}", out.report())
    };
    assert!(m.answer.truncated, "{}", out.report());
    assert_eq!(
        m.answer.reason.as_deref(),
        Some("time limit reached; rows from the matches found so far")
    );
    // The count covers the matches found so far: some, not none.
    let Cell::Value(n) = &m.answer.rows[0][0] else {
        panic!("{:?}", m.answer.rows)
    };
    assert!(n.as_u64().is_some_and(|n| n > 0), "{n}");
    // With no --timeout, the default budget of an enumeration, said as such.
    let started = std::time::Instant::now();
    let out = dir
        .command()
        .args(["--graph", "grid.tsv", "match", query, "--no-evidence"])
        .run();
    out.success();
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert!(
        out.stdout.ends_with(
            "(truncated: time limit reached (1 s, the default for enumerations; --timeout or \
             timeout_ms gives more); rows from the matches found so far)\n"
        ),
        "{}",
        out.report()
    );
}

/// Ctrl-C at a terminal stops a running pattern search, not kg: the rows so far
/// are shown, marked as cut by the interrupt, and the session goes on.
#[test]
fn ctrl_c_stops_a_running_match_keeping_its_rows() {
    let desk = Desk::new("match-cancel");
    std::fs::write(desk.work().join("grid.tsv"), crate::util::grid_tsv(60)).unwrap();
    let mut pty = desk.start(&["--graph", "grid.tsv"]);
    // A time limit far away: without one, a search stops by itself after 1 s.
    pty.line("match --timeout 600s --no-evidence MATCH (a)-[*1..14]-(b) RETURN count(*) AS n");
    std::thread::sleep(std::time::Duration::from_secs(2));
    let pressed = std::time::Instant::now();
    let shown = pty.ctrl_then_prompt('c');
    assert!(
        pressed.elapsed() < std::time::Duration::from_secs(5),
        "{}",
        pty.report()
    );
    assert!(
        shown.contains("(truncated: interrupted; rows from the matches found so far)"),
        "{}",
        pty.report()
    );
    let shown = pty.ask("MATCH (a {name: \"g0_0\"})-->(b) RETURN b.name ORDER BY b.name");
    assert!(
        shown.contains("g0_1") && shown.contains("g1_0"),
        "{}",
        pty.report()
    );
}
