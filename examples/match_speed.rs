//! How fast `kg match` answers typed patterns on a large graph, beside the
//! floor a hand-written traversal sets.
//!
//! `match_speed TSV [QUERY...]` loads TSV (`head<TAB>relation<TAB>tail`, as
//! the benchmark harness in `../shared/bench` writes it), then runs each
//! query (default: two- and three-relation typed patterns and a
//! variable-length one over the harness's relation types) and prints one
//! JSON line per query: rows, matches counted, seconds, matches per second.
//! The line `floor` times a bare two-hop walk over the adjacency for the
//! first default pattern, counting the same matches with no engine at all.
//! `REPEAT=n` runs each query n times and keeps the best; `LIMIT=n` sets
//! the answer's row limit (default 1,000); `EXPLAIN=1` prints each plan.

use std::path::PathBuf;
use std::time::Instant;

use kg::load::{load_paths, LoadOptions};
use kg::query::matching::{self, MatchQuery};

const DEFAULT: &[&str] = &[
    "MATCH (a)-[:born_in]->(b)-[:located_in]->(c) RETURN count(*)",
    "MATCH (a)-[:spouse]->(b)-[:citizen_of]->(c) RETURN count(*)",
    "MATCH (a)-[:child_of]->(b)-[:born_in]->(c)-[:located_in]->(d) RETURN count(*)",
    "MATCH (a)-[:educated_at]->(b)<-[:employer]-(c) RETURN count(*)",
    "MATCH (a)-[:capital_of*1..3]->(b) RETURN count(*)",
    "MATCH (a)-[:born_in]->(b)-[:located_in]->(c) RETURN a.name, c.name",
    "MATCH (a)-[:born_in]->(b)-[:located_in]->(c) RETURN a.name, c.name ORDER BY c.name LIMIT 10",
    "MATCH (a)-[:born_in]->(b)-[:located_in]->(c) WHERE a.name STARTS WITH \"Entity_1\" RETURN count(*)",
    "MATCH (a)-[:born_in]->(b)-[:located_in]->(c) RETURN c.name, count(*) AS n ORDER BY n DESC LIMIT 5",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let tsv = PathBuf::from(args.next().ok_or("usage: match_speed TSV [QUERY...]")?);
    let queries: Vec<String> = {
        let given: Vec<String> = args.collect();
        if given.is_empty() {
            DEFAULT.iter().map(|s| s.to_string()).collect()
        } else {
            given
        }
    };
    let repeat: usize = std::env::var("REPEAT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let t = Instant::now();
    let g = load_paths(&[tsv], &LoadOptions::default())?.graph;
    g.adjacency();
    g.relations_of_type(kg::model::RelTypeId(0));
    g.name_index();
    eprintln!(
        "{{\"load_s\": {:.3}, \"entities\": {}, \"relations\": {}}}",
        t.elapsed().as_secs_f64(),
        g.entity_count(),
        g.relation_count()
    );
    if let (Some(born), Some(located)) = (
        g.schema().relation_type_id("born_in"),
        g.schema().relation_type_id("located_in"),
    ) {
        let mut best = f64::MAX;
        let mut count = 0u64;
        for _ in 0..repeat {
            let t = Instant::now();
            count = two_hop_floor(&g, born, located);
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "{{\"query\": \"floor: born_in then located_in, by hand\", \"matches\": {count}, \"s\": {best:.4}, \"matches_per_s\": {:.0}}}",
            count as f64 / best
        );
    }
    for q in queries {
        let mut best = f64::MAX;
        let mut answer = None;
        for _ in 0..repeat {
            let t = Instant::now();
            let a = matching::run(
                &g,
                &MatchQuery {
                    query: q.clone(),
                    limit: std::env::var("LIMIT").ok().and_then(|s| s.parse().ok()),
                    explain: false,
                    no_evidence: false,
                },
            )?;
            best = best.min(t.elapsed().as_secs_f64());
            answer = Some(a);
        }
        let a = answer.ok_or("no run")?;
        if std::env::var_os("EXPLAIN").is_some() {
            let plan = matching::run(
                &g,
                &MatchQuery {
                    query: q.clone(),
                    limit: None,
                    explain: true,
                    no_evidence: false,
                },
            )?;
            for line in plan.plan.unwrap_or_default() {
                eprintln!("  {line}");
            }
        }
        let counted = match a.rows.first().and_then(|r| r.first()) {
            Some(kg::query::answer::Cell::Value(serde_json::Value::Number(n)))
                if a.rows.len() == 1 =>
            {
                n.as_u64().unwrap_or(0)
            }
            _ => a.rows.len() as u64,
        };
        println!(
            "{}",
            serde_json::json!({
                "query": q,
                "rows": a.rows.len(),
                "matches": counted,
                "truncated": a.truncated,
                "s": (best * 1e4).round() / 1e4,
                "matches_per_s": (counted as f64 / best).round(),
            })
        );
    }
    Ok(())
}

/// `(a)-[:first]->(b)-[:second]->(c)` counted by hand: every relation of the
/// first type, then the second type's relations out of its far end.
fn two_hop_floor(
    g: &kg::KnowledgeGraph,
    first: kg::model::RelTypeId,
    second: kg::model::RelTypeId,
) -> u64 {
    let adj = g.adjacency();
    let mut n = 0u64;
    for &r in g.relations_of_type(first) {
        let (_, _, b) = g.relation_ends(r);
        for e in adj.entries(b.index()) {
            if e.outgoing() && g.relation_type_of(e.relation()) == second {
                n += 1;
            }
        }
    }
    n
}
