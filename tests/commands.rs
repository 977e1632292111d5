//! Every command in every front end (issue 11): the command list is the
//! grammar's own (`kg::command::SPECS`, which a unit test holds equal to the
//! clap tree), so a new command is walked here the day it is added.
//!
//! For each command: its help is the same text in all three front ends; its
//! examples, run in order as one session, succeed wherever the command runs
//! and are refused with a reason (exit status 2 on the command line) wherever
//! it does not; a query's answer is the same JSON in all three; and the same
//! mistake gets the same words.

use std::path::Path;

use ::kg::command::{json::request_of, Front, Spec, SPECS};
use serde_json::{json, Value};

use crate::util::{root, Output, TestDir};

fn words(line: &str) -> Vec<String> {
    ::kg::repl::words::split(line)
        .expect("examples are closed")
        .into_iter()
        .map(|w| w.text)
        .collect()
}

/// A folder with what the examples read: the seed graph as g.json (so that all
/// three front ends answer from the same file, origins included), the file
/// `load` loads, the requests `query` reads, and the seed where `build` finds it.
fn fixtures(name: &str) -> TestDir {
    let dir = TestDir::new(name);
    let seed = std::fs::read(root().join("graphs/russia-japan-2016.json")).unwrap();
    dir.create("g.json", &seed);
    std::fs::create_dir_all(dir.path.join("graphs")).unwrap();
    dir.create("graphs/russia-japan-2016.json", &seed);
    dir.create(
        "kishida.json",
        r#"{"entities": [{"id": "yoshihide_suga", "name": "Yoshihide Suga", "type": "person"}]}"#,
    );
    std::fs::create_dir_all(dir.path.join("docs/examples")).unwrap();
    for text in ["docs/examples/sochi.txt", "docs/examples/lavrov-kyodo.txt"] {
        dir.create(text, std::fs::read(root().join(text)).unwrap());
    }
    dir.create("tour.kg", "stats\npath Kyodo Kurils\n");
    dir.create(
        "requests.jsonl",
        "{\"op\": \"stats\"}\n{\"op\": \"path\", \"from\": \"Kyodo\", \"to\": \"Kurils\"}\n",
    );
    dir
}

/// Whether a command's outcome is a query answer (compared as JSON).
fn is_query(spec: &Spec) -> bool {
    matches!(
        spec.words,
        ["path"] | ["neighbours"] | ["match"] | ["show"] | ["stats"] | ["entities"] | ["relations"]
    )
}

fn all_examples() -> Vec<(&'static Spec, &'static str)> {
    SPECS
        .iter()
        .flat_map(|s| s.examples.iter().map(move |e| (*s, *e)))
        .collect()
}

fn json_lines(out: &Output) -> Vec<Value> {
    out.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}\n{}", out.report())))
        .collect()
}

#[test]
fn every_command_has_the_same_help_in_every_front_end() {
    let dir = fixtures("parity-help");
    for spec in SPECS {
        let w: Vec<&str> = spec.words.to_vec();
        let cli = dir.command().args(&w).arg("--help").run();
        cli.success();
        assert!(
            cli.stdout.contains(&format!("Usage: kg {}", spec.name())),
            "{}",
            cli.report()
        );
        for e in spec.examples {
            assert!(
                cli.stdout.contains(e),
                "help lacks its example {e}\n{}",
                cli.report()
            );
        }
        // `kg help WORDS` and the REPL's `help WORDS` and `WORDS --help` print it too.
        let help = dir.command().arg("help").args(&w).run();
        help.success().stdout_is(&cli.stdout);
        let repl =
            dir.command()
                .run_with_stdin(format!("help {}\n{} --help\n", spec.name(), spec.name()));
        repl.success()
            .stdout_is(&format!("{}{}", cli.stdout, cli.stdout));
        let request = json!({"op": "help", "command": w});
        let out = dir
            .command()
            .arg("query")
            .run_with_stdin(format!("{request}\n"));
        out.success();
        let a = &json_lines(&out)[0];
        assert_eq!(a["result"]["help"], json!(cli.stdout), "{}", out.report());
    }
}

/// What one front end did with one example.
#[derive(Debug)]
enum Seen {
    Ran(Option<Value>),
    Refused(String),
    Failed(String),
}

#[test]
fn every_example_runs_in_every_front_end_in_one_session() {
    let examples = all_examples();
    assert!(
        examples.len() >= SPECS.len() - 2,
        "nearly every command has an example"
    );

    // The command line: one process per example, edits saved to g.json between them.
    let cli_dir = fixtures("parity-cli");
    let mut cli = Vec::new();
    for (spec, line) in &examples {
        let mut w = words(line);
        if is_query(spec) {
            w.extend(["--format".into(), "json".into()]);
        }
        let out = cli_dir.command().args(["--graph", "g.json"]).args(&w).run();
        assert!(!out.stderr.contains("panicked"), "{}", out.report());
        cli.push(match out.code {
            Some(0) => Seen::Ran(is_query(spec).then(|| out.json())),
            Some(2) => Seen::Refused(out.stderr.clone()),
            _ => Seen::Failed(out.report()),
        });
    }

    // kg query: the examples as requests, one batch, one session.
    let json_dir = fixtures("parity-json");
    let batch: String = examples
        .iter()
        .map(|(_, line)| format!("{}\n", request_of(&words(line)).unwrap()))
        .collect();
    let out = json_dir
        .command()
        .args(["--graph", "g.json", "query"])
        .run_with_stdin(batch);
    let answers = json_lines(&out);
    // `quit` is the last example; every example has its answer.
    assert_eq!(answers.len(), examples.len(), "{}", out.report());
    let jsons: Vec<Seen> = answers
        .iter()
        .zip(&examples)
        .map(|(a, (spec, _))| match a["ok"].as_bool() {
            Some(true) => Seen::Ran(is_query(spec).then(|| a["result"].clone())),
            _ => {
                let m = a["error"]["message"].as_str().unwrap_or("").to_string();
                if m.contains("is not available in kg query") {
                    Seen::Refused(m)
                } else {
                    Seen::Failed(a.to_string())
                }
            }
        })
        .collect();

    // The REPL: the examples as one script; it must run them all without a
    // failure where the REPL runs them.
    let repl_dir = fixtures("parity-repl");
    let script: String = examples
        .iter()
        .filter(|(spec, _)| spec.runs_in(Front::Repl))
        .map(|(_, line)| format!("{line}\n"))
        .collect();
    let out = repl_dir
        .command()
        .args(["--graph", "g.json"])
        .run_with_stdin(script);
    out.success();
    assert!(!out.stderr.contains("error"), "{}", out.report());

    for (((spec, line), c), j) in examples.iter().zip(&cli).zip(&jsons) {
        for (front, seen) in [(Front::Cli, c), (Front::Json, j)] {
            match (spec.runs_in(front), seen) {
                (true, Seen::Ran(_)) => {}
                (false, Seen::Refused(why)) => assert!(
                    why.contains(&format!(
                        "'{}' is not available in {}",
                        spec.name(),
                        front.name()
                    )),
                    "{line} in {}: {why}",
                    front.name()
                ),
                (_, Seen::Failed(report)) => panic!("{line} failed in {}:\n{report}", front.name()),
                (runs, other) => panic!(
                    "{line} in {}: it {} there, but {other:?}",
                    front.name(),
                    if runs { "runs" } else { "is refused" }
                ),
            }
        }
        // Query answers: the same JSON from the command line, kg query and the REPL.
        if let (Seen::Ran(Some(a)), Seen::Ran(Some(b))) = (c, j) {
            assert_eq!(a, b, "{line}: the command line and kg query disagree");
            let repl = repl_dir
                .command()
                .args(["--graph", "g.json"])
                .run_with_stdin(format!("{line} --format json\n"));
            repl.success();
            let r: Value = repl.json();
            assert_eq!(&r, a, "{line}: the REPL and the command line disagree");
        }
    }

    // What the sessions saved loads, and holds the examples' edits.
    for dir in [&cli_dir, &json_dir, &repl_dir] {
        let saved = dir.path.join("my-graph.json");
        check_saved(&saved);
    }
}

fn check_saved(path: &Path) {
    let out = crate::util::kg([
        "--graph".as_ref(),
        path.as_os_str(),
        "show".as_ref(),
        "Kishida".as_ref(),
    ]);
    out.success()
        .stdout_has("Fumio Kishida")
        .stdout_has("foreign minister of");
}

#[test]
fn the_same_mistake_gets_the_same_words_in_every_front_end() {
    let dir = fixtures("parity-mistakes");
    let mistakes = [
        "show Rusia",
        "path Kyodo Kurilz",
        "neighbours Japan --relations claim",
        "path Kyodo Kurils --at 2016-13",
        "add relation Lavrov visitz Tokyo",
        "remove relation Lavrov claims Tokyo",
        "merge Japan Japan",
        "alias Lavrof Sergei",
        "build -o x.json",
        "export --format text",
        "render --format json",
        "save out.txt",
        "match 'MATCH (p:person) RETURN q'",
    ];
    for line in mistakes {
        let w = words(line);
        let cli = dir.command().args(["--graph", "g.json"]).args(&w).run();
        assert!(matches!(cli.code, Some(1 | 2)), "{}", cli.report());
        let first = cli
            .stderr
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches("kg: error: ")
            .trim_start_matches("error: ")
            .to_string();
        let repl = dir
            .command()
            .args(["--graph", "g.json"])
            .run_with_stdin(format!("{line}\n"));
        repl.failure();
        let repl_first = repl.stderr.lines().next().unwrap_or_default();
        assert_eq!(
            repl_first.trim_start_matches("kg: error: line 1: "),
            first,
            "{line}\n{}\n{}",
            cli.report(),
            repl.report()
        );
        // kg query names fields where the command line names options; for
        // mistakes about names and values the words are the same.
        let Ok(request) = request_of(&w) else {
            continue; // a mistake the grammar itself refuses (no request to send)
        };
        let out = dir
            .command()
            .args(["--graph", "g.json", "query"])
            .run_with_stdin(format!("{request}\n"));
        let a = &json_lines(&out)[0];
        assert_eq!(a["ok"], false, "{}", out.report());
        let message = a["error"]["message"].as_str().unwrap();
        assert_eq!(
            message.trim_start_matches("line 1: "),
            first,
            "{line}\n{}",
            out.report()
        );
    }
}

#[test]
fn usage_mistakes_exit_2_on_the_command_line() {
    for args in [
        &["undo"][..],
        &["quit"],
        &["format", "json"],
        &["dot", "x.dot"],
        &["load", "g.json"],
        &["path", "Kyodo"],
        &["neighbours", "Japan", "--depht", "2"],
    ] {
        let out = crate::util::kg(args);
        assert_eq!(out.code, Some(2), "{}", out.report());
        assert!(!out.stderr.contains("panicked"), "{}", out.report());
    }
    let out = crate::util::kg(["undo"]);
    out.stderr_has("'undo' is not available in the command line");
}
