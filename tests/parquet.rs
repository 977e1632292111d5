//! `kg export --format parquet`: the four tables read back by pyarrow, every value
//! checked against kg's own JSON export of the same graph
//! (`tests/parquet/check_parquet.py`), on the built-in graph, on a graph of
//! evidence, dates of every precision, aliases, attributes, unicode and empty
//! strings (`tests/data/parquet-rich.json`), and on one answer (`--query`); the
//! same bytes from the command line, the REPL and JSON Lines; all four files or
//! none; a clear refusal of what it cannot write.
//!
//! `KG_PYTHON` must name a Python with pyarrow (`scripts/test.sh` sets it up); the
//! tests fail, never skip, without it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{root, TestDir};

const HOW_TO_RUN: &str = "run them with scripts/test.sh, or by hand:\n    \
     python3 -m venv target/venv && target/venv/bin/pip install -r tests/requirements.txt\n    \
     KG_PYTHON=target/venv/bin/python cargo test --test tests parquet";

const FILES: [&str; 4] = [
    "entities.parquet",
    "relations.parquet",
    "evidence.parquet",
    "sources.parquet",
];

fn python() -> PathBuf {
    match std::env::var_os("KG_PYTHON") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => panic!("the Parquet tests need KG_PYTHON, a Python with pyarrow; {HOW_TO_RUN}"),
    }
}

/// Runs the pyarrow check on `dir` against the kg JSON `graph`; returns its line.
#[track_caller]
fn check(dir: &Path, graph: &Path) -> String {
    let out = Command::new(python())
        .arg(root().join("tests/parquet/check_parquet.py"))
        .arg(dir)
        .arg(graph)
        .output()
        .unwrap_or_else(|e| panic!("cannot run KG_PYTHON: {e}; {HOW_TO_RUN}"));
    assert!(
        out.status.success(),
        "pyarrow's reading of {} differs from {}:\n{}{}\n{HOW_TO_RUN}",
        dir.display(),
        graph.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn bytes(dir: &Path) -> Vec<Vec<u8>> {
    FILES
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}")))
        .collect()
}

#[test]
fn parquet_tables_hold_every_value_of_the_json_export() {
    let dir = TestDir::new("parquet");
    std::fs::copy(
        root().join("tests/data/parquet-rich.json"),
        dir.path.join("rich.json"),
    )
    .unwrap();
    let cases: [(&[&str], &str); 2] = [
        (&[], "ok: 14 entities, 33 relations, 43 evidence, 3 sources"),
        (
            &["--graph", "rich.json"],
            "ok: 5 entities, 5 relations, 6 evidence, 3 sources",
        ),
    ];
    for (n, (graph, counts)) in cases.iter().enumerate() {
        let (pq, json) = (format!("pq{n}"), format!("g{n}.json"));
        let mut args = graph.to_vec();
        args.extend(["export", "--format", "parquet", "-o", &pq]);
        dir.command().args(&args).run().success().stdout_is("");
        let mut args = graph.to_vec();
        args.extend(["export", "--format", "json", "-o", &json]);
        dir.command().args(&args).run().success();
        assert_eq!(check(&dir.path.join(&pq), &dir.path.join(&json)), *counts);
        // The same graph gives the same bytes.
        let mut args = graph.to_vec();
        args.extend(["export", "--format", "parquet", "-o", "again"]);
        dir.command().args(&args).run().success();
        assert!(bytes(&dir.path.join(&pq)) == bytes(&dir.path.join("again")));
    }
    // One answer's part of the graph, as the JSON export of the same answer.
    let q = r#"{"op": "neighbours", "of": "Japan", "depth": 1}"#;
    for (format, out) in [("parquet", "sub"), ("json", "sub.json")] {
        dir.command()
            .args(["export", "--format", format, "-o", out, "--query", q])
            .run()
            .success();
    }
    assert_eq!(
        check(&dir.path.join("sub"), &dir.path.join("sub.json")),
        "ok: 8 entities, 18 relations, 27 evidence, 3 sources"
    );
}

#[test]
fn every_front_end_writes_the_same_parquet() {
    let dir = TestDir::new("parquet-fronts");
    dir.command()
        .args(["export", "--format", "parquet", "-o", "cli"])
        .run()
        .success();
    dir.command()
        .run_with_stdin("export --format parquet -o repl\n")
        .success();
    dir.command()
        .args(["query"])
        .run_with_stdin("{\"op\": \"export\", \"format\": \"parquet\", \"output\": \"jsonl\"}\n")
        .success()
        .stdout_has("\"ok\":true");
    let cli = bytes(&dir.path.join("cli"));
    assert!(cli == bytes(&dir.path.join("repl")), "REPL export differs");
    assert!(
        cli == bytes(&dir.path.join("jsonl")),
        "JSON Lines export differs"
    );
}

#[test]
fn parquet_export_writes_all_four_files_or_none_and_refuses_what_it_cannot() {
    let dir = TestDir::new("parquet-errors");
    // No folder named.
    dir.command()
        .args(["export", "--format", "parquet"])
        .run()
        .code(2)
        .stdout_is("")
        .stderr_has("parquet writes four files (entities.parquet, relations.parquet, evidence.parquet and sources.parquet); name a folder for them with -o DIR");
    dir.command()
        .args(["path", "Kyodo", "Kurils", "--format", "parquet"])
        .run()
        .failure()
        .stderr_has("kg export --format parquet -o DIR");
    // A file where the folder should be.
    dir.create("taken", "not a folder\n");
    dir.command()
        .args(["export", "--format", "parquet", "-o", "taken"])
        .run()
        .failure()
        .stderr_is("kg: error: taken: is a file, not a folder; parquet writes four files (entities.parquet, relations.parquet, evidence.parquet and sources.parquet) into a folder: name a new or existing folder with -o DIR\n");
    assert_eq!(
        std::fs::read_to_string(dir.path.join("taken")).unwrap(),
        "not a folder\n"
    );
    // relations.parquet cannot be replaced (a folder): entities.parquet stays old.
    let out = dir.path.join("pq");
    std::fs::create_dir(&out).unwrap();
    dir.create("pq/entities.parquet", "old\n");
    std::fs::create_dir(out.join("relations.parquet")).unwrap();
    dir.command()
        .args(["export", "--format", "parquet", "-o", "pq"])
        .run()
        .failure()
        .stderr_has("relations.parquet: is a folder");
    assert_eq!(
        std::fs::read_to_string(out.join("entities.parquet")).unwrap(),
        "old\n"
    );
    assert!(!out.join("sources.parquet").exists());
    std::fs::remove_dir(out.join("relations.parquet")).unwrap();
    dir.command()
        .args(["export", "--format", "parquet", "-o", "pq"])
        .run()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "entities.parquet",
            "evidence.parquet",
            "relations.parquet",
            "sources.parquet"
        ]
    );
    assert!(bytes(&out).iter().all(|b| b.starts_with(b"PAR1")));
}
