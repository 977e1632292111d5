//! Differential test of `kg match` (library API) against kuzu, a second Cypher
//! engine, on the seed graph and ICEWS14.
//!
//! Each graph is exported with `kg export --format json`; the library loads that
//! file and `tests/oracle/match_kuzu.py` loads the same file into kuzu (one node
//! table `E(id, name, type)`, one relation table `R(type, sym, src, idx)`, see
//! its docstring), so both engines read one graph. Every case is a kg query and
//! the same question in kuzu's dialect; the rows (entities as their ids) must
//! agree as multisets, or as sequences where the query orders them totally.
//!
//! The kuzu side is written by hand, and spells out where kg's semantics are
//! Cypher's and kuzu's are not, or where kg has more to say than kuzu knows:
//!
//! - kuzu reuses a relation within one fixed-length pattern; Cypher does not
//!   (relationship isomorphism), so several-relation kuzu patterns add
//!   `r1.idx <> r2.idx`.
//! - kuzu matches an undirected self-loop twice; Cypher once. ICEWS14 has one
//!   self-loop (National Transitional Council, `Consult`), so the undirected case
//!   that reaches it splits into non-loops plus `(a)-[r]->(a)` with `UNION ALL`.
//!   The seed graph has none.
//! - kuzu knows no symmetric types: a directed kg pattern matches a relation of a
//!   symmetric type either way, so the kuzu side matches undirected and keeps
//!   `r.sym OR r.src = a.id` (the stored source is the left end).
//! - kuzu knows no inverse labels: `-[:visited_by]->` is `<-[:visits]-`.
//! - kuzu resolves no names: an inline `{name: "Kurils"}` (an alias) is the
//!   entity's id on the kuzu side.
//! - variable-length kuzu patterns say `TRAIL`, since a Cypher variable-length
//!   match never walks one relation twice.
//!
//! A missing interpreter, kuzu or dataset is a failure, never a skip.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use kg::load::{load_paths, LoadOptions};
use kg::query::answer::Cell;
use kg::query::matching::{self, MatchQuery};
use serde::Deserialize;
use serde_json::Value;

use crate::util::{kg, root, TestDir};

const HOW_TO_RUN: &str = "run it with scripts/test.sh, or by hand:\n    \
     python3 -m venv target/venv && target/venv/bin/pip install kuzu==0.11.3\n    \
     KG_PYTHON=target/venv/bin/python cargo test --test tests match_differential";

/// One question: kg's query, kuzu's, and whether the rows' order is total (then
/// compared as sequences, else as multisets).
struct Case {
    kg: &'static str,
    kuzu: &'static str,
    ordered: bool,
}

const fn case(kg: &'static str, kuzu: &'static str) -> Case {
    Case {
        kg,
        kuzu,
        ordered: false,
    }
}

const SEED: &[Case] = &[
    // The done-when query of issue 17: an alias resolves inline.
    case(
        r#"MATCH (p:person)-[:foreign_minister_of]->(c:country)-[:claims]->(t:territory {name: "Kurils"}) RETURN p, c"#,
        "MATCH (p:E {type: 'person'})-[:R {type: 'foreign_minister_of'}]->(c:E {type: 'country'})\
         -[:R {type: 'claims'}]->(t:E {id: 'kuril_islands'}) RETURN p.id, c.id",
    ),
    // Every relation read along the pattern: symmetric ones both ways.
    case(
        "MATCH (a)-[r]->(b) RETURN type(r), count(*)",
        "MATCH (a:E)-[r:R]-(b:E) WHERE r.sym OR r.src = a.id RETURN r.type, count(*)",
    ),
    case(
        "MATCH (a:country)-[:tension_with|trades_with]->(b:country) RETURN a, b",
        "MATCH (a:E {type: 'country'})-[r:R]-(b:E {type: 'country'}) \
         WHERE r.type IN ['tension_with', 'trades_with'] RETURN a.id, b.id",
    ),
    // An inverse label reads as its forward type, flipped.
    case(
        "MATCH (c)-[:visited_by]->(p:person) RETURN c, p",
        "MATCH (c:E)<-[:R {type: 'visits'}]-(p:E {type: 'person'}) RETURN c.id, p.id",
    ),
    case(
        "MATCH (c)-[:`has capital`]->(x) RETURN c.name, x.name",
        "MATCH (c:E)<-[:R {type: 'capital_of'}]-(x:E) RETURN c.name, x.name",
    ),
    // Two undirected hops: never one relation twice.
    case(
        "MATCH (a:news_agency)--(b)--(c) RETURN a, b, c",
        "MATCH (a:E {type: 'news_agency'})-[r1:R]-(b:E)-[r2:R]-(c:E) WHERE r1.idx <> r2.idx \
         RETURN a.id, b.id, c.id",
    ),
    case(
        r#"MATCH (a {name: "sergei lavrov"})-[*1..2]-(b) RETURN b, count(*)"#,
        "MATCH (a:E {id: 'sergei_lavrov'})-[:R* TRAIL 1..2]-(b:E) RETURN b.id, count(*)",
    ),
    case(
        "MATCH (n:news_agency)-[:based_in|capital_of*1..2]->(c) RETURN n, c",
        "MATCH (n:E {type: 'news_agency'})-[:R* TRAIL 1..2 (r, x | WHERE r.type IN ['based_in', 'capital_of'])]->(c:E) \
         RETURN n.id, c.id",
    ),
    case(
        r#"MATCH (p:person)-[r]->(x) WHERE p.name STARTS WITH "S" AND NOT x.type = "news_agency" RETURN p.name, type(r), x.name"#,
        "MATCH (p:E {type: 'person'})-[r:R]-(x:E) WHERE (r.sym OR r.src = p.id) \
         AND p.name STARTS WITH 'S' AND NOT x.type = 'news_agency' RETURN p.name, r.type, x.name",
    ),
    case(
        "MATCH (a)-[:based_in]->(c)<-[:capital_of]-(d) RETURN DISTINCT c.name, d.name",
        "MATCH (a:E)-[:R {type: 'based_in'}]->(c:E)<-[:R {type: 'capital_of'}]-(d:E) \
         RETURN DISTINCT c.name, d.name",
    ),
    Case {
        kg: "MATCH (a:news_agency)-->(b) RETURN a.name AS agency, count(b) AS n ORDER BY n DESC, agency",
        kuzu: "MATCH (a:E {type: 'news_agency'})-[r:R]-(b:E) WHERE r.sym OR r.src = a.id \
               RETURN a.name AS agency, count(b) AS n ORDER BY n DESC, agency",
        ordered: true,
    },
];

const ICEWS: &[Case] = &[
    case(
        r#"MATCH (a {name: "Sergey Viktorovich Lavrov"})-[:`Make a visit`]->(b) RETURN b, count(*)"#,
        "MATCH (a:E {id: 'Sergey Viktorovich Lavrov'})-[:R {type: 'Make a visit'}]->(b:E) RETURN b.id, count(*)",
    ),
    case(
        r#"MATCH (a)-[:`Make a visit`]->(b {name: "Japan"})-[:`Host a visit`]->(a) RETURN a, count(*)"#,
        "MATCH (a:E)-[:R {type: 'Make a visit'}]->(b:E {id: 'Japan'})-[:R {type: 'Host a visit'}]->(a) \
         RETURN a.id, count(*)",
    ),
    case(
        r#"MATCH (a {name: "China"})-[r1:Consult]->(b)-[r2:Consult]->(c)-[r3:Consult]->(a) RETURN b, c, count(*)"#,
        "MATCH (a:E {id: 'China'})-[r1:R {type: 'Consult'}]->(b:E)-[r2:R {type: 'Consult'}]->(c:E)\
         -[r3:R {type: 'Consult'}]->(a) WHERE r1.idx <> r2.idx AND r2.idx <> r3.idx AND r1.idx <> r3.idx \
         RETURN b.id, c.id, count(*)",
    ),
    // The one self-loop of ICEWS14, undirected: once.
    case(
        r#"MATCH (a {name: "National Transitional Council"})-[r:Consult]-(b) RETURN b, count(*)"#,
        "MATCH (a:E {id: 'National Transitional Council'})-[r:R {type: 'Consult'}]-(b:E) WHERE a.id <> b.id \
         RETURN b.id, count(*) \
         UNION ALL MATCH (a:E {id: 'National Transitional Council'})-[r:R {type: 'Consult'}]->(a) \
         RETURN a.id, count(*)",
    ),
    case(
        r#"MATCH (a {name: "Sergey Viktorovich Lavrov"})-[:`Make a visit`*1..2]->(b) RETURN b, count(*)"#,
        "MATCH (a:E {id: 'Sergey Viktorovich Lavrov'})-[:R* TRAIL 1..2 (r, n | WHERE r.type = 'Make a visit')]->(b:E) \
         RETURN b.id, count(*)",
    ),
    case(
        r#"MATCH (a {name: "Yoshitaka Shindo"})-[*1..2]-(b) RETURN b, count(*)"#,
        "MATCH (a:E {id: 'Yoshitaka Shindo'})-[:R* TRAIL 1..2]-(b:E) RETURN b.id, count(*)",
    ),
    case(
        r#"MATCH (a)-[r:Accuse]->(b) WHERE a.name STARTS WITH "Police" AND b.name CONTAINS "Citizen" RETURN a, b, count(*)"#,
        "MATCH (a:E)-[r:R {type: 'Accuse'}]->(b:E) WHERE a.name STARTS WITH 'Police' AND b.name CONTAINS 'Citizen' \
         RETURN a.id, b.id, count(*)",
    ),
    case(
        r#"MATCH (a {name: "Iran"})-[r]->(b) RETURN type(r), count(*)"#,
        "MATCH (a:E {id: 'Iran'})-[r:R]->(b:E) RETURN r.type, count(*)",
    ),
    case(
        r#"MATCH (a)-[:`Make a visit`]->(b {name: "Japan"}) RETURN DISTINCT a"#,
        "MATCH (a:E)-[:R {type: 'Make a visit'}]->(b:E {id: 'Japan'}) RETURN DISTINCT a.id",
    ),
    case(
        r#"MATCH (a)-[r:`Make a visit`|`Host a visit`]-(b {name: "Japan"}) RETURN type(r), count(DISTINCT a)"#,
        "MATCH (a:E)-[r:R]-(b:E {id: 'Japan'}) WHERE r.type IN ['Make a visit', 'Host a visit'] \
         RETURN r.type, count(DISTINCT a.id)",
    ),
    case(
        "MATCH ()-[r:Consult]->() RETURN count(*)",
        "MATCH ()-[r:R {type: 'Consult'}]->() RETURN count(*)",
    ),
    case(
        r#"MATCH (a {name: "Fumio Kishida"})-[r1:`Make statement`]-(b)-[r2:`Make statement`]-(c) RETURN count(*)"#,
        "MATCH (a:E {id: 'Fumio Kishida'})-[r1:R {type: 'Make statement'}]-(b:E)-[r2:R {type: 'Make statement'}]-(c:E) \
         WHERE r1.idx <> r2.idx RETURN count(*)",
    ),
    case(
        r#"MATCH (a {name: "Japan"})-[r]->(b) WHERE type(r) IN ["Consult", "Make a visit"] AND b.name <> "China" RETURN b, type(r), count(*)"#,
        "MATCH (a:E {id: 'Japan'})-[r:R]->(b:E) WHERE r.type IN ['Consult', 'Make a visit'] AND b.name <> 'China' \
         RETURN b.id, r.type, count(*)",
    ),
    case(
        r#"MATCH (a {name: "Japan"})-[:Consult*2]-(b) RETURN b, count(*)"#,
        "MATCH (a:E {id: 'Japan'})-[:R* TRAIL 2..2 (r, n | WHERE r.type = 'Consult')]-(b:E) RETURN b.id, count(*)",
    ),
    case(
        r#"MATCH (a)-[r:Accuse]->(b)<-[s:Accuse]-(c) WHERE a.name = "Barack Obama" RETURN c, count(*)"#,
        "MATCH (a:E)-[r:R {type: 'Accuse'}]->(b:E)<-[s:R {type: 'Accuse'}]-(c:E) \
         WHERE a.name = 'Barack Obama' AND r.idx <> s.idx RETURN c.id, count(*)",
    ),
    case(
        r#"MATCH (a {name: "China"})-[r]-(b) WHERE b.name IN ["Japan", "Vietnam", "Philippines"] RETURN b, type(r), count(*)"#,
        "MATCH (a:E {id: 'China'})-[r:R]-(b:E) WHERE b.name IN ['Japan', 'Vietnam', 'Philippines'] \
         RETURN b.id, r.type, count(*)",
    ),
    Case {
        kg: "MATCH (a)-[:`Make a visit`]->(b) RETURN b.name AS place, count(*) AS visits ORDER BY visits DESC, place LIMIT 10",
        kuzu: "MATCH (a:E)-[:R {type: 'Make a visit'}]->(b:E) RETURN b.name AS place, count(*) AS visits \
               ORDER BY visits DESC, place LIMIT 10",
        ordered: true,
    },
];

fn python() -> PathBuf {
    match std::env::var_os("KG_PYTHON") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => panic!(
            "the kuzu differential test needs KG_PYTHON, a Python interpreter with kuzu; {HOW_TO_RUN}"
        ),
    }
}

fn check_kuzu(python: &Path) {
    let out = Command::new(python)
        .args(["-c", "import kuzu; print(kuzu.__version__)"])
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run KG_PYTHON={}: {e}; {HOW_TO_RUN}",
                python.display()
            )
        });
    assert!(
        out.status.success(),
        "KG_PYTHON={} cannot import kuzu:\n{}\n{HOW_TO_RUN}",
        python.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[derive(Deserialize)]
struct KuzuAnswers {
    kuzu: String,
    loaded: [usize; 2],
    answers: Vec<Vec<Vec<Value>>>,
}

/// A kg cell as kuzu's side returns it: an entity as its id.
fn plain(c: &Cell) -> Value {
    match c {
        Cell::Entity(n) => Value::String(n.id.to_string()),
        Cell::Relation(r) => Value::String(format!("{} -{}-> {}", r.from, r.kind, r.to)),
        Cell::List(cells) => Value::Array(cells.iter().map(plain).collect()),
        Cell::Value(v) => v.clone(),
    }
}

fn rows_text(rows: &[Vec<Value>], ordered: bool) -> Vec<String> {
    let mut out: Vec<String> = rows
        .iter()
        .map(|r| serde_json::to_string(r).expect("rows serialise"))
        .collect();
    if !ordered {
        out.sort();
    }
    out
}

/// What differs between two row lists, a few lines of it.
fn difference(ours: &[String], theirs: &[String]) -> String {
    let count = |rows: &[String]| {
        let mut m: BTreeMap<String, i64> = BTreeMap::new();
        for r in rows {
            *m.entry(r.clone()).or_default() += 1;
        }
        m
    };
    let (a, b) = (count(ours), count(theirs));
    let mut lines = Vec::new();
    for (row, n) in &a {
        let m = b.get(row).copied().unwrap_or(0);
        if *n != m {
            lines.push(format!("    kg {n}x, kuzu {m}x: {row}"));
        }
    }
    for (row, m) in &b {
        if !a.contains_key(row) {
            lines.push(format!("    kg 0x, kuzu {m}x: {row}"));
        }
    }
    if lines.is_empty() {
        lines.push("    the same rows in another order".into());
    }
    lines.truncate(12);
    lines.join("\n")
}

/// Runs `cases` on the graph exported to `json`; returns the mismatches.
fn compare(python: &Path, dir: &TestDir, name: &str, json: &Path, cases: &[Case]) -> Vec<String> {
    let g = load_paths(&[json.to_path_buf()], &LoadOptions::default())
        .unwrap_or_else(|e| panic!("load {}: {e}", json.display()))
        .graph;
    let kuzu: Vec<&str> = cases.iter().map(|c| c.kuzu).collect();
    let queries = dir.create(
        &format!("{name}-queries.json"),
        serde_json::to_string(&kuzu).expect("queries serialise"),
    );
    let script = root().join("tests/oracle/match_kuzu.py");
    let started = Instant::now();
    let out = Command::new(python)
        .arg(&script)
        .arg(json)
        .arg(&queries)
        .output()
        .expect("run match_kuzu.py");
    assert!(
        out.status.success(),
        "match_kuzu.py failed on {name} (exit {}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: KuzuAnswers =
        serde_json::from_slice(&out.stdout).expect("match_kuzu.py answers JSON");
    assert_eq!(
        theirs.loaded,
        [g.entity_count(), g.relation_count()],
        "kuzu loaded another graph than kg"
    );
    let kuzu_took = started.elapsed();
    let started = Instant::now();
    let mut mismatches = Vec::new();
    let mut rows = 0;
    for (c, kuzu_rows) in cases.iter().zip(&theirs.answers) {
        let q = MatchQuery {
            query: c.kg.to_string(),
            limit: Some(1_000_000),
            explain: false,
            no_evidence: false,
        };
        let answer = match matching::run(&g, &q) {
            Ok(a) => a,
            Err(e) => {
                mismatches.push(format!("{name}: {}\n    kg failed: {e}", c.kg));
                continue;
            }
        };
        if answer.truncated {
            mismatches.push(format!(
                "{name}: {}\n    kg cut its answer: {:?}",
                c.kg, answer.reason
            ));
            continue;
        }
        let ours: Vec<Vec<Value>> = answer
            .rows
            .iter()
            .map(|r| r.iter().map(plain).collect())
            .collect();
        rows += ours.len();
        let (ours, theirs) = (rows_text(&ours, c.ordered), rows_text(kuzu_rows, c.ordered));
        if ours != theirs {
            mismatches.push(format!(
                "{name}: {}\n    kuzu: {}\n    {} rows from kg, {} from kuzu:\n{}",
                c.kg,
                c.kuzu,
                ours.len(),
                theirs.len(),
                difference(&ours, &theirs)
            ));
        }
    }
    println!(
        "{name}: {} queries, {rows} rows from kg in {:.1?}; kuzu {} (load and answers) in {kuzu_took:.1?}",
        cases.len(),
        started.elapsed(),
        theirs.kuzu
    );
    mismatches
}

#[test]
fn kg_match_agrees_with_kuzu() {
    let python = python();
    check_kuzu(&python);
    let icews = root().join("../shared/data/icews14");
    assert!(
        icews.is_dir(),
        "the kuzu differential test needs ICEWS14 at {} (../shared/data beside the repository)",
        icews.display()
    );
    let dir = TestDir::new("match-kuzu");
    let seed = dir.path.join("seed.json");
    kg([
        "export".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "-o".as_ref(),
        seed.as_os_str(),
    ])
    .success();
    let icews_json = dir.path.join("icews14.json");
    kg([
        "export".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--graph".as_ref(),
        icews.as_os_str(),
        "-o".as_ref(),
        icews_json.as_os_str(),
    ])
    .success();
    let mut mismatches = compare(&python, &dir, "seed", &seed, SEED);
    mismatches.extend(compare(&python, &dir, "icews14", &icews_json, ICEWS));
    assert!(
        mismatches.is_empty(),
        "kg match disagrees with kuzu on {} of {} queries:\n{}",
        mismatches.len(),
        SEED.len() + ICEWS.len(),
        mismatches.join("\n")
    );
}
