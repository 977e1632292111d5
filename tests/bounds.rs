//! Worst cases for the enumerations (every shortest path, k shortest simple paths,
//! deep neighbourhoods) on a complete graph of 200 entities and on a hub with a
//! million relations: whatever a request's limits ask for, the answer comes within
//! about a second (the default time for enumerations), marked `truncated` with a
//! reason, and kg's memory stays bounded.
//!
//! The requests go through one `kg query` process per graph, answers are read as
//! they arrive (kg flushes each one), and each request's time is the gap between
//! its answer and the one before, so loading the graph is not counted.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::util::TestDir;

/// How long an answer cut by the default time may take in all: the 1 s budget,
/// plus writing what was found (a debug build writes JSON slowly) and a machine
/// shared with other tests.
const ANSWERED_WITHIN: Duration = Duration::from_secs(4);

/// Runs `requests` through `kg --graph GRAPH query` under a 2 GB address-space
/// cap (killed after two minutes, so a query that never ends fails the test); returns each answer with the time since the previous one. A `stats`
/// request goes first, so the first timed answer starts after the load.
fn timed(dir: &TestDir, graph: &str, requests: &[Value]) -> Vec<(Duration, Value)> {
    let mut input = String::from("{\"op\":\"stats\"}\n");
    for r in requests {
        let _ = writeln!(input, "{r}");
    }
    let script = format!(
        "ulimit -v {}; exec timeout -s KILL 120 \"$0\" --graph {graph} query",
        2 * 1024 * 1024
    );
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_kg"))
        .current_dir(&dir.path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kg starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().expect("the stats answer").unwrap();
    assert!(first.contains("\"ok\":true"), "{first}");
    let mut last = Instant::now();
    let mut answers = Vec::new();
    for line in lines {
        let line = line.unwrap();
        let now = Instant::now();
        answers.push((now - last, serde_json::from_str(&line).unwrap()));
        last = now;
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        answers.len(),
        requests.len(),
        "kg stopped early: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    answers
}

/// Checks that the answer was cut, says why, and came in time.
fn cut_in_time(request: &Value, (took, answer): &(Duration, Value), reason: &str) {
    let text = answer.to_string();
    let what = format!("{request} took {took:?}: {}", &text[..text.len().min(300)]);
    assert_eq!(answer["ok"], true, "{what}");
    let r = &answer["result"];
    assert_eq!(r["truncated"], true, "{what}");
    let said = r["reason"].as_str().unwrap_or_default();
    assert!(
        said.contains(reason),
        "reason {said:?} lacks {reason:?}: {what}"
    );
    assert!(*took < ANSWERED_WITHIN, "{what}");
}

#[test]
fn complete_graph_of_200_entities() {
    let dir = TestDir::new("bounds-complete");
    let mut tsv = String::with_capacity(800_000);
    for i in 0..200 {
        for j in 0..200 {
            if i != j {
                let _ = writeln!(tsv, "n{i}\tlinks\tn{j}");
            }
        }
    }
    dir.create("k200.tsv", &tsv);
    let requests = [
        // Every simple path, shortest first: there are about 10^372 of them.
        json!({"op": "path", "from": "n0", "to": "n1", "k": 100_000_000, "limit": 100_000_000}),
        json!({"op": "path", "from": "n0", "to": "n1", "k": 1000}),
        json!({"op": "neighbours", "of": "n0", "depth": 6}),
        json!({"op": "path", "from": "n0", "to": "n1", "k": 100_000, "limit": 100_000,
               "timeout_ms": 200}),
    ];
    let answers = timed(&dir, "k200.tsv", &requests);
    cut_in_time(
        &requests[0],
        &answers[0],
        "time limit reached (1 s, the default",
    );
    cut_in_time(&requests[1], &answers[1], "above the limit of 100 routes");
    cut_in_time(&requests[2], &answers[2], "relations");
    cut_in_time(&requests[3], &answers[3], "time limit reached;");
    // The paths found are distinct and in order of length.
    let paths = answers[0].1["result"]["paths"].as_array().unwrap();
    assert!(paths.len() > 100, "{}", paths.len());
    let lengths: Vec<u64> = paths
        .iter()
        .map(|p| p["length"].as_u64().unwrap())
        .collect();
    assert!(lengths.windows(2).all(|w| w[0] <= w[1]));
    assert!(answers[3].0 < Duration::from_secs(2), "{:?}", answers[3].0);
}

#[test]
fn hub_with_a_million_relations() {
    let dir = TestDir::new("bounds-hub");
    // A hub tied to 1,000 leaves by 1,000 relations each: 1,000,000 relations.
    // Between any two leaves there were 1,000,000 shortest relation sequences; they
    // are one route, leaf → hub → leaf, whose two hops list 1,000 relations each.
    let mut tsv = String::with_capacity(24_000_000);
    for leaf in 0..1000 {
        for n in 0..1000 {
            let _ = writeln!(tsv, "leaf{leaf}\tr{n}\thub");
        }
    }
    dir.create("hub.tsv", &tsv);
    let requests = [
        json!({"op": "path", "from": "leaf1", "to": "leaf2", "all": true}),
        json!({"op": "path", "from": "leaf1", "to": "leaf2", "k": 100_000_000,
               "limit": 100_000_000}),
        json!({"op": "neighbours", "of": "leaf1", "depth": 6}),
        json!({"op": "neighbours", "of": "hub", "depth": 6, "limit": 2000}),
    ];
    let answers = timed(&dir, "hub.tsv", &requests);
    for (request, (took, answer)) in requests[..2].iter().zip(&answers) {
        let r = &answer["result"];
        assert_eq!(r["truncated"], false, "{request}");
        let paths = r["paths"].as_array().unwrap();
        assert_eq!(paths.len(), 1, "{request}");
        let hops: Vec<usize> = paths[0]["hops"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["relations"].as_array().unwrap().len())
            .collect();
        assert_eq!(hops, [1000, 1000], "{request}");
        assert!(*took < ANSWERED_WITHIN, "{request} took {took:?}");
    }
    assert_eq!(answers[0].1["result"]["total"], 1);
    cut_in_time(&requests[2], &answers[2], "more than");
    // All 1,000 leaves around the hub, and the first 20,000 of the million relations.
    cut_in_time(&requests[3], &answers[3], "more than 20000 relations");
    let n = &answers[3].1["result"];
    assert_eq!(n["nodes"].as_array().map(Vec::len), Some(1000));
    assert_eq!(n["edges"].as_array().map(Vec::len), Some(20_000));
}
