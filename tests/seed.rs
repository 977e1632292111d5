//! The seed graph `graphs/russia-japan-2016.json`: true to its source text, and the
//! built-in graph every command falls back to.
//!
//! The file is read here with serde_json as plain JSON, independently of the
//! loader, so these tests check the data and the loader against each other.

use serde::Deserialize;
use serde_json::Value;

use crate::util::{kg, read, root};

const SEED_GRAPH: &str = "graphs/russia-japan-2016.json";
const SEED_TEXT: &str = "../shared/seeds/000_fb5a3e1cd4c60d18.txt";

fn seed_graph() -> Value {
    serde_json::from_str(&read(SEED_GRAPH)).expect("the seed graph is JSON")
}

fn array<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{SEED_GRAPH}: \"{key}\" is not an array"))
}

/// Ids of the sources marked `"background": true`.
fn background_sources(g: &Value) -> Vec<&str> {
    array(g, "sources")
        .iter()
        .filter(|s| s["background"] == true)
        .map(|s| s["id"].as_str().unwrap())
        .collect()
}

/// `from type to` of a relation record, for messages.
fn triple(r: &Value) -> String {
    format!("{} {} {}", r["from"], r["type"], r["to"])
}

#[test]
fn seed_quotes_are_verbatim_in_the_source_text() {
    let path = root().join(SEED_TEXT);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the seed text {} is needed to check the quotes, but cannot be read: {e}",
            path.display()
        )
    });
    let g = seed_graph();
    let mut quotes = 0;
    for r in array(&g, "relations") {
        for ev in r["evidence"].as_array().into_iter().flatten() {
            if let Some(q) = ev["quote"].as_str() {
                quotes += 1;
                assert!(
                    text.contains(q),
                    "quote of {} is not verbatim in {SEED_TEXT}: {q:?}",
                    triple(r)
                );
            }
        }
    }
    assert!(quotes > 0, "the seed graph has no quotes at all");
}

#[test]
fn seed_document_evidence_is_quoted() {
    let g = seed_graph();
    let background = background_sources(&g);
    for r in array(&g, "relations") {
        let evidence = r["evidence"].as_array().cloned().unwrap_or_default();
        assert!(!evidence.is_empty(), "{} has no evidence", triple(r));
        let from_documents: Vec<&Value> = evidence
            .iter()
            .filter(|e| !background.contains(&e["source"].as_str().unwrap()))
            .collect();
        if !from_documents.is_empty() {
            assert!(
                from_documents.iter().any(|e| e["quote"].is_string()),
                "{} cites a document but quotes none of it",
                triple(r)
            );
        }
        for e in from_documents {
            assert!(
                e["quote"].as_str().is_some_and(|q| !q.trim().is_empty()),
                "{}: evidence from {} has no quote",
                triple(r),
                e["source"]
            );
        }
    }
}

#[test]
fn seed_background_evidence_has_no_quote() {
    let g = seed_graph();
    let background = background_sources(&g);
    assert!(
        !background.is_empty(),
        "the seed graph has no background source"
    );
    let mut seen = 0;
    for r in array(&g, "relations") {
        for e in r["evidence"].as_array().into_iter().flatten() {
            if background.contains(&e["source"].as_str().unwrap()) {
                seen += 1;
                assert!(
                    e.get("quote").is_none(),
                    "{}: background evidence carries a quote",
                    triple(r)
                );
            }
        }
    }
    assert!(seen > 0, "no relation rests on background knowledge");
}

/// `kg show --format json`, as far as these tests read it.
#[derive(Debug, Deserialize)]
struct Shown {
    entity: Node,
    relations: Vec<Incident>,
}

#[derive(Debug, Deserialize)]
struct Node {
    id: String,
    name: String,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Debug, Deserialize)]
struct Incident {
    direction: String,
    other: Node,
    from: String,
    to: String,
    #[serde(rename = "type")]
    kind: String,
    evidence: Vec<Evidence>,
}

#[derive(Debug, Deserialize)]
struct Evidence {
    source: String,
    #[serde(default)]
    quote: Option<String>,
}

#[test]
fn seed_entities_resolve_by_alias() {
    let cases = [
        ("Kurils", "kuril_islands", "Kuril Islands", "territory"),
        ("Sergei Lavrov", "sergei_lavrov", "Sergei Lavrov", "person"),
        ("DPRK", "north_korea", "North Korea", "country"),
        ("US", "united_states", "United States", "country"),
        ("Kyodo", "kyodo_news", "Kyodo News", "news_agency"),
        // Case, accents and underscores do not matter.
        (
            "sergey_viktorovich_LAVROV",
            "sergei_lavrov",
            "Sergei Lavrov",
            "person",
        ),
    ];
    for (name, id, display, kind) in cases {
        let shown: Shown = kg(["show", "--format", "json", name]).success().json();
        assert_eq!(shown.entity.id, id, "kg show {name}");
        assert_eq!(shown.entity.name, display, "kg show {name}");
        assert_eq!(shown.entity.kind, kind, "kg show {name}");
    }
}

#[test]
fn seed_show_prints_the_quotes() {
    let g = seed_graph();
    let quotes: Vec<&str> = array(&g, "relations")
        .iter()
        .filter(|r| r["from"] == "kuril_islands" || r["to"] == "kuril_islands")
        .flat_map(|r| r["evidence"].as_array().into_iter().flatten())
        .filter_map(|e| e["quote"].as_str())
        .collect();
    assert!(!quotes.is_empty(), "no quoted relation touches the Kurils");
    let out = kg(["show", "Kurils"]);
    out.success().stderr_is("").stdout_has("Kuril Islands");
    for q in quotes {
        out.stdout_has(q);
    }
}

#[test]
fn seed_show_unknown_name_suggests_the_closest() {
    kg(["show", "Rusia"])
        .failure()
        .stdout_is("")
        .stderr_is("kg: error: no entity named 'Rusia'\nkg: hint: did you mean 'Russia'?\n");
}

#[test]
fn seed_show_json_lists_relations_with_evidence() {
    let shown: Shown = kg(["show", "lavrov", "--format", "json"]).success().json();
    assert_eq!(shown.entity.id, "sergei_lavrov");
    let g = seed_graph();
    let records: Vec<&Value> = array(&g, "relations")
        .iter()
        .filter(|r| r["from"] == "sergei_lavrov" || r["to"] == "sergei_lavrov")
        .collect();
    assert_eq!(shown.relations.len(), records.len());
    for rel in &shown.relations {
        let (me, other) = match rel.direction.as_str() {
            "out" => (&rel.from, &rel.to),
            "in" => (&rel.to, &rel.from),
            d => panic!("direction {d:?}"),
        };
        assert_eq!(me, "sergei_lavrov");
        assert_eq!(other, &rel.other.id);
        assert!(
            !rel.evidence.is_empty(),
            "{} {} {} has no evidence",
            rel.from,
            rel.kind,
            rel.to
        );
        let record = records
            .iter()
            .find(|r| r["from"] == *rel.from && r["type"] == *rel.kind && r["to"] == *rel.to)
            .unwrap_or_else(|| panic!("{} {} {} is not in the file", rel.from, rel.kind, rel.to));
        let sources: Vec<&str> = record["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["source"].as_str().unwrap())
            .collect();
        let shown_sources: Vec<&str> = rel.evidence.iter().map(|e| e.source.as_str()).collect();
        assert_eq!(shown_sources, sources);
        assert!(rel.evidence.iter().all(|e| e.quote.is_some()));
    }
}

#[test]
fn seed_is_the_builtin_graph() {
    let builtin: Value = kg(["stats", "--format", "json"]).success().json();
    let file: Value = kg(["stats", "--format", "json", "--graph", SEED_GRAPH])
        .success()
        .json();
    for k in ["entities", "relations", "sources"] {
        assert_eq!(builtin[k], file[k], "{k}");
    }
    // The built-in graph uses the news schema, of which the file declares its own
    // part: every type of the file with the same count, and the rest unused.
    let news: Value = serde_json::from_str(&crate::util::read("graphs/schema/news.json")).unwrap();
    for k in ["entity_types", "relation_types"] {
        let all = builtin[k].as_array().unwrap();
        assert_eq!(
            all.len(),
            news["schema"][k].as_array().unwrap().len(),
            "{k}"
        );
        for t in file[k].as_array().unwrap() {
            assert!(all.contains(t), "{k}: {t} is not in the built-in graph");
        }
        for t in all
            .iter()
            .filter(|t| !file[k].as_array().unwrap().contains(t))
        {
            assert_eq!(t["count"], 0, "{t}");
        }
    }
    let g = seed_graph();
    assert_eq!(builtin["entities"], array(&g, "entities").len());
    assert_eq!(builtin["relations"], array(&g, "relations").len());
    assert_eq!(builtin["sources"], array(&g, "sources").len());
}
