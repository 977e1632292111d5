//! kg's adapter for the peer benchmark harness (`../shared/bench`, contract in its
//! RESULTS.md): `bench_adapter TSV QUERIES` loads every triple with kg's own loader,
//! answers each query with direction ignored, prints one result line per query on
//! stdout and a JSON line of timings on stderr.
//!
//! Besides the contract's counts (computed by the engine's traversal functions), it
//! times the same queries as full answers (`query::run`: names, types, evidence),
//! reported as `answer_path_s` / `answer_neigh_s`, so the cost of the typed store
//! shows.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::time::Instant;

use kg::load::{load_paths, LoadOptions};
use kg::query::{self, filter::Constraints, neighbors, path, NeighboursQuery, PathQuery, Query};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, tsv, queries] = args.as_slice() else {
        eprintln!("usage: bench_adapter TSV QUERIES");
        std::process::exit(2);
    };
    let t0 = Instant::now();
    let g = load_paths(&[PathBuf::from(tsv)], &LoadOptions::default())
        .expect("load")
        .graph;
    g.adjacency();
    let load_s = t0.elapsed().as_secs_f64();

    let reqs: Vec<serde_json::Value> =
        std::io::BufReader::new(std::fs::File::open(queries).expect("queries"))
            .lines()
            .map(|l| l.expect("read"))
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(&l).expect("json"))
            .collect();
    let c = Constraints::none(&g);
    let (mut path_s, mut neigh_s) = (0.0, 0.0);
    let mut out = Vec::with_capacity(reqs.len());
    for q in &reqs {
        let t = Instant::now();
        if q["op"] == "path" {
            let (a, b) = (q["from"].as_str().unwrap(), q["to"].as_str().unwrap());
            let d = match (g.entity_by_id(a), g.entity_by_id(b)) {
                (Some(a), Some(b)) => path::distance(&g, a, b).map_or(-1, |d| d as i64),
                _ => -1,
            };
            path_s += t.elapsed().as_secs_f64();
            out.push(d.to_string());
        } else {
            let depth = q["depth"].as_u64().unwrap_or(1) as usize;
            let n = g.entity_by_id(q["of"].as_str().unwrap()).map_or(0, |s| {
                neighbors::within(&g, &c, s, depth, usize::MAX).0.len()
            });
            neigh_s += t.elapsed().as_secs_f64();
            out.push(n.to_string());
        }
    }
    // The same queries as full answers: resolution, typed nodes and edges, evidence.
    let (mut answer_path_s, mut answer_neigh_s) = (0.0, 0.0);
    let answers = std::env::var("KG_BENCH_ANSWERS").map_or(true, |v| v != "0");
    for q in reqs.iter().filter(|_| answers) {
        let t = Instant::now();
        if q["op"] == "path" {
            let pq = PathQuery {
                from: q["from"].as_str().unwrap().into(),
                to: q["to"].as_str().unwrap().into(),
                filter: Default::default(),
                max_len: None,
                all: false,
                k: None,
                limit: None,
            };
            let _ = query::run(&g, &Query::Path(pq));
            answer_path_s += t.elapsed().as_secs_f64();
        } else {
            let nq = NeighboursQuery {
                of: q["of"].as_str().unwrap().into(),
                depth: q["depth"].as_u64().map(|d| d as usize),
                filter: Default::default(),
                limit: None,
            };
            let _ = query::run(&g, &Query::Neighbours(nq));
            answer_neigh_s += t.elapsed().as_secs_f64();
        }
    }
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", out.join("\n")).unwrap();
    eprintln!(
        "{}",
        serde_json::json!({
            "load_s": load_s, "path_s": path_s, "neigh_s": neigh_s,
            "answer_path_s": answer_path_s, "answer_neigh_s": answer_neigh_s,
            "version": env!("CARGO_PKG_VERSION"),
        })
    );
}
