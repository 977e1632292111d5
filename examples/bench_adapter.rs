//! kg's adapter for the peer benchmark harness (`../shared/bench`, contract in its
//! RESULTS.md): `bench_adapter TSV QUERIES` loads every triple with kg's own loader,
//! answers each query with direction ignored, prints one result line per query on
//! stdout and a JSON line of timings on stderr.
//!
//! Besides the contract's counts (computed by the engine's traversal functions,
//! `query::path::distance` and `query::neighbors::within_into`), it reports:
//! - `path_p50_ms`, `path_p99_ms`, `neigh_p50_ms`, `neigh_p99_ms`: per-query latency;
//! - `answer_path_s`, `answer_neigh_s` (and their p50/p99): the same queries as full
//!   answers (`query::run`: resolved names, the first shortest path in answer
//!   order, typed nodes and edges with evidence; neighbourhoods with their
//!   relations, at the default limit of 1,000 entities);
//! - `query_batch_s`: the same 1,000 queries as JSON Lines requests through the
//!   engine of `kg query` (parse, answer, serialise), on the loaded graph;
//! - `paths_batch_s` (with `KG_BENCH_PATHS=FILE`): that file's requests as one
//!   `kg query` batch, in process, on the loaded graph;
//! - `store_mib`: heap bytes of the store and its adjacency index.
//!
//! `KG_BENCH_ANSWERS=0` skips the full answers and the batch (scripts/bench.sh runs
//! the harness so, and the answers in a process of their own, so that the peak RSS
//! in the table is that of the contract's work alone). `KG_BENCH_LOAD_ONLY=1` only
//! loads TSV (which may also be a `.kgb` snapshot) and prints `{"load_s": ...}`.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::time::Instant;

use kg::load::{load_paths, LoadOptions};
use kg::query::{self, filter::Constraints, neighbors, path, NeighboursQuery, PathQuery, Query};

/// A writer that only counts bytes.
struct Counter(usize);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The p-th percentile (0–100) of `v`, in milliseconds.
fn pct_ms(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let i = ((p / 100.0) * (v.len() - 1) as f64).round() as usize;
    v[i] * 1e3
}

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
    let parse_s = t0.elapsed().as_secs_f64();
    if std::env::var_os("KG_BENCH_LOAD_ONLY").is_some() {
        eprintln!("{}", serde_json::json!({ "load_s": parse_s }));
        std::process::exit(0);
    }
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
    // The engine's per-thread search buffers (marks and distances, one slot per
    // entity) are sized on first use; size them now, as the floors allocate theirs
    // before their first query.
    let mut found = Vec::new();
    if let Some((any, _)) = g.entities().next() {
        path::distance(&g, any, any);
        neighbors::within_into(&g, &c, any, 1, usize::MAX, &mut found);
    }
    let (mut path_lat, mut neigh_lat) = (Vec::new(), Vec::new());
    let mut out = Vec::with_capacity(reqs.len());
    for q in &reqs {
        let t = Instant::now();
        if q["op"] == "path" {
            let (a, b) = (q["from"].as_str().unwrap(), q["to"].as_str().unwrap());
            let d = match (g.entity_by_id(a), g.entity_by_id(b)) {
                (Some(a), Some(b)) => path::distance(&g, a, b).map_or(-1, |d| d as i64),
                _ => -1,
            };
            path_lat.push(t.elapsed().as_secs_f64());
            out.push(d.to_string());
        } else {
            let depth = q["depth"].as_u64().unwrap_or(1) as usize;
            let n = g.entity_by_id(q["of"].as_str().unwrap()).map_or(0, |s| {
                neighbors::within_into(&g, &c, s, depth, usize::MAX, &mut found);
                found.len()
            });
            neigh_lat.push(t.elapsed().as_secs_f64());
            out.push(n.to_string());
        }
    }
    let (path_s, neigh_s) = (path_lat.iter().sum::<f64>(), neigh_lat.iter().sum::<f64>());
    let mut timing = serde_json::json!({
        "load_s": load_s, "path_s": path_s, "neigh_s": neigh_s,
        "parse_s": parse_s, "index_s": load_s - parse_s,
        "path_p50_ms": pct_ms(&mut path_lat, 50.0), "path_p99_ms": pct_ms(&mut path_lat, 99.0),
        "neigh_p50_ms": pct_ms(&mut neigh_lat, 50.0), "neigh_p99_ms": pct_ms(&mut neigh_lat, 99.0),
    });

    // The same queries as full answers: resolution, typed nodes and edges, evidence.
    if std::env::var("KG_BENCH_ANSWERS").map_or(true, |v| v != "0") {
        let (mut ap, mut an) = (Vec::new(), Vec::new());
        for q in &reqs {
            let t = Instant::now();
            if q["op"] == "path" {
                let pq = PathQuery {
                    from: q["from"].as_str().unwrap().into(),
                    to: q["to"].as_str().unwrap().into(),
                    ..PathQuery::default()
                };
                let _ = query::run(&g, &Query::Path(pq));
                ap.push(t.elapsed().as_secs_f64());
            } else {
                let nq = NeighboursQuery {
                    of: q["of"].as_str().unwrap().into(),
                    depth: q["depth"].as_u64().map(|d| d as usize),
                    filter: Default::default(),
                    limit: None,
                    no_evidence: false,
                    fields: Default::default(),
                };
                let _ = query::run(&g, &Query::Neighbours(nq));
                an.push(t.elapsed().as_secs_f64());
            }
        }
        // The same again as `kg query` gets them: JSON Lines in, JSON Lines out.
        let mut batch = String::new();
        for (i, q) in reqs.iter().enumerate() {
            let mut r = q.clone();
            r["id"] = i.into();
            batch.push_str(&r.to_string());
            batch.push('\n');
        }
        // Answers are counted, not kept, as `kg query > /dev/null` would.
        let mut sink = Counter(0);
        let mut ctx = kg::command::Context::on(
            kg::command::Front::Json,
            kg::session::Session::of(g.clone()),
        );
        let t = Instant::now();
        kg::script::run(&mut ctx, batch.as_bytes(), &mut sink).expect("kg query");
        let batch_s = t.elapsed().as_secs_f64();
        let extra = serde_json::json!({
            "answer_path_s": ap.iter().sum::<f64>(), "answer_neigh_s": an.iter().sum::<f64>(),
            "answer_path_p50_ms": pct_ms(&mut ap, 50.0), "answer_path_p99_ms": pct_ms(&mut ap, 99.0),
            "answer_neigh_p50_ms": pct_ms(&mut an, 50.0), "answer_neigh_p99_ms": pct_ms(&mut an, 99.0),
            "query_batch_s": batch_s, "query_batch_n": reqs.len(), "query_batch_out_mib": sink.0 as f64 / (1 << 20) as f64,
        });
        for (k, v) in extra.as_object().unwrap() {
            timing[k] = v.clone();
        }
        // `KG_BENCH_PATHS=FILE`: that file's requests (scripts/bench_kg_extra.py
        // writes 10,000 path requests) as one `kg query` batch on the loaded
        // graph, in process: the whole answers (names, the route, every hop's
        // relations with evidence, JSON out), without the load.
        if let Some(file) = std::env::var_os("KG_BENCH_PATHS") {
            let batch = std::fs::read(&file).expect("KG_BENCH_PATHS");
            let n = batch
                .split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .count();
            let mut sink = Counter(0);
            let t = Instant::now();
            kg::script::run(&mut ctx, batch.as_slice(), &mut sink).expect("kg query");
            timing["paths_batch_s"] = t.elapsed().as_secs_f64().into();
            timing["paths_batch_n"] = n.into();
            timing["paths_batch_out_mib"] = (sink.0 as f64 / (1 << 20) as f64).into();
        }
    }
    let mem = g.memory_use();
    let mib = |b: usize| b as f64 / (1 << 20) as f64;
    timing["store_mib"] = mib(mem.total()).into();
    timing["store_graph_mib"] = mib(mem.graph).into();
    timing["store_entities_mib"] = mib(mem.entities).into();
    timing["store_adjacency_mib"] = mib(mem.adjacency).into();
    timing["store_b_per_rel"] = (mem.total() as f64 / g.relation_count().max(1) as f64).into();
    timing["version"] = env!("CARGO_PKG_VERSION").into();
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", out.join("\n")).unwrap();
    eprintln!("{timing}");
}
