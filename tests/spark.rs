//! The Spark route: `scripts/spark/kg_spark.py` loads kg's Parquet export of a
//! small graph (chains, a cycle, a star, parallel and reversed relations, a
//! self-loop, two islands) and answers path-length and neighbourhood-count
//! questions by DataFrame breadth-first search; every answer must be kg's own
//! (`kg query`, direction ignored). `scripts/bench_spark.py` does the same on
//! ICEWS18 (`scripts/bench.sh`).
//!
//! `KG_PYTHON` must name a Python with pyspark, and Java must be installed
//! (`scripts/test.sh` sets up both); the test fails, never skips, without them.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

use crate::util::{root, TestDir};

const HOW_TO_RUN: &str = "run it with scripts/test.sh (which installs Java and pyspark), or by \
     hand:\n    apt-get install -y openjdk-17-jre-headless\n    \
     python3 -m venv target/venv && target/venv/bin/pip install -r tests/requirements.txt\n    \
     KG_PYTHON=target/venv/bin/python cargo test --test tests spark";

fn python() -> PathBuf {
    match std::env::var_os("KG_PYTHON") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => panic!("the Spark test needs KG_PYTHON, a Python with pyspark; {HOW_TO_RUN}"),
    }
}

/// Triples: a chain a0..a7, a cycle c0..c4 joined to the chain, a star around
/// hub, parallel and opposite relations, a self-loop, and two islands.
fn triples() -> String {
    let mut t = String::new();
    for i in 0..7 {
        writeln!(t, "a{i}\tnext\ta{}", i + 1).unwrap();
    }
    for i in 0..5 {
        writeln!(t, "c{i}\tring\tc{}", (i + 1) % 5).unwrap();
    }
    writeln!(t, "a3\tjoins\tc0").unwrap();
    for i in 0..6 {
        writeln!(t, "s{i}\tpoints_to\thub").unwrap();
    }
    writeln!(t, "hub\tnear\ta7").unwrap();
    writeln!(t, "a7\tnear\thub").unwrap();
    writeln!(t, "a0\tnext\ta1").unwrap();
    writeln!(t, "c2\tself\tc2").unwrap();
    writeln!(t, "x\tpair\ty").unwrap();
    writeln!(t, "y\tpair\tz").unwrap();
    writeln!(t, "lone\tself\tlone").unwrap();
    t
}

#[test]
fn spark_answers_paths_and_neighbourhoods_as_kg_does() {
    let dir = TestDir::new("spark");
    dir.create("g.tsv", triples());
    dir.command()
        .args([
            "--graph", "g.tsv", "export", "--format", "parquet", "-o", "pq",
        ])
        .run()
        .success();
    let names = [
        "a0", "a3", "a7", "c0", "c2", "c4", "hub", "s0", "s5", "x", "z", "lone",
    ];
    let mut queries = Vec::new();
    for (i, a) in names.iter().enumerate() {
        for b in names.iter().skip(i) {
            queries.push(serde_json::json!({"op": "path", "from": a, "to": b}));
        }
    }
    queries.push(serde_json::json!({"op": "path", "from": "a0", "to": "nobody"}));
    for a in names {
        for depth in 1..=3 {
            queries.push(serde_json::json!({"op": "neighbours", "of": a, "depth": depth}));
        }
    }
    queries.push(serde_json::json!({"op": "neighbours", "of": "nobody", "depth": 2}));
    let lines: String = queries.iter().map(|q| format!("{q}\n")).collect();
    dir.create("q.jsonl", &lines);

    // kg's answers, from `kg query`.
    let out = dir
        .command()
        .args(["--graph", "g.tsv", "query"])
        .run_with_stdin(lines.clone());
    let want: Vec<i64> = out
        .stdout
        .lines()
        .zip(&queries)
        .map(|(line, q)| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let path = q["op"] == "path";
            if v["ok"] != true {
                assert_eq!(v["error"]["code"], "unknown_entity", "{line}");
                return if path { -1 } else { 0 };
            }
            let r = &v["result"];
            if path {
                r["paths"][0]["length"].as_i64().unwrap_or(-1)
            } else {
                assert_eq!(r["truncated"], false);
                r["nodes"].as_array().unwrap().len() as i64
            }
        })
        .collect();
    assert_eq!(want.len(), queries.len(), "{}", out.report());
    assert!(want.contains(&-1) && want.contains(&0) && want.iter().any(|&n| n >= 5));

    let out = Command::new(python())
        .arg(root().join("scripts/spark/kg_spark.py"))
        .arg(dir.path.join("pq"))
        .arg(dir.path.join("q.jsonl"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run KG_PYTHON: {e}; {HOW_TO_RUN}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "kg_spark.py failed ({}):\n{stderr}\n{HOW_TO_RUN}",
        out.status
    );
    let got: Vec<i64> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.parse().unwrap_or_else(|_| panic!("not a number: {l:?}")))
        .collect();
    for (i, q) in queries.iter().enumerate() {
        assert_eq!(got.get(i), Some(&want[i]), "{q}: Spark and kg differ");
    }
    assert_eq!(got.len(), queries.len());
    let timing = stderr.lines().rev().find(|l| l.starts_with('{')).unwrap();
    let timing: serde_json::Value = serde_json::from_str(timing).unwrap();
    assert!(timing["path_rounds"].as_i64().unwrap() >= 4, "{timing}");
}
