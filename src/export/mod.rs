//! Writing graphs out: kg JSON (for `save` and `export`), and the formats other
//! tools read: Graphviz DOT, GraphML, RDF N-Triples, Neo4j bulk-import CSV,
//! Apache Parquet (`docs/export.md`). Answers export through [`subgraph`].

mod atomic;
pub mod dot;
pub mod graphml;
pub mod json;
pub mod neo4j;
pub mod ntriples;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod subgraph;

pub use atomic::{
    write_atomic, write_atomic_all, write_atomic_all_guarded, write_atomic_guarded, Fill,
};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::load::format::EvidenceRecord;
use crate::model::{EntityId, KnowledgeGraph, Relation, RelationId};

/// Entities sorted by id.
pub fn sorted_entities(g: &KnowledgeGraph) -> Vec<EntityId> {
    let mut ids: Vec<EntityId> = g.entities().map(|(id, _)| id).collect();
    ids.sort_unstable_by(|&a, &b| g.entity(a).id.cmp(g.entity(b).id));
    ids
}

/// Relations sorted by source id, relation type, target id, then storage order.
pub fn sorted_relations(g: &KnowledgeGraph) -> Vec<RelationId> {
    let key = |r: RelationId| {
        let (a, t, b) = g.relation_ends(r);
        (
            g.entity(a).id,
            &*g.schema().relation_type(t).id,
            g.entity(b).id,
        )
    };
    let mut rels: Vec<RelationId> = g.relations().collect();
    rels.sort_by(|&x, &y| key(x).cmp(&key(y)));
    rels
}

/// A relation's evidence as a JSON array of `{source, quote, date}`, the records
/// of kg JSON.
pub fn evidence_json(g: &KnowledgeGraph, rel: &Relation) -> String {
    let records: Vec<EvidenceRecord> = rel
        .evidence()
        .iter()
        .map(|e| EvidenceRecord {
            source: Some(g.source(e.source).id.to_string()),
            quote: e.quote.clone(),
            date: e.date.map(|d| d.to_string()),
        })
        .collect();
    serde_json::to_string(&records).expect("evidence serialises")
}

/// A character a format cannot carry, drawn as something it can: a C0 control
/// as its Unicode control picture (U+0001 as ␁), DEL as ␡, anything else as �.
pub(crate) fn picture(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// The stand-in id of each entity whose id holds characters a format cannot
/// carry (`forbidden`), for formats whose ids must stay distinct.
///
/// Dropping the characters would make `a` and `a\u{1}` one node; so they are
/// drawn as [`picture`]s, and should that id be taken already (by an id spelt
/// with the picture itself), `~2`, `~3`, ... is appended until it is free. Every
/// other id is its own. Decided in the order of `sorted`, so the same graph
/// always gets the same ids.
///
/// # Complexity
/// O(entities) when some id needs a stand-in, O(ids of `sorted` scanned) otherwise.
pub(crate) fn stand_in_ids(
    g: &KnowledgeGraph,
    sorted: &[EntityId],
    forbidden: fn(char) -> bool,
) -> FxHashMap<EntityId, String> {
    let dirty: Vec<EntityId> = sorted
        .iter()
        .copied()
        .filter(|&id| g.entity(id).id.chars().any(forbidden))
        .collect();
    if dirty.is_empty() {
        return FxHashMap::default();
    }
    let mut taken: FxHashSet<String> = sorted
        .iter()
        .map(|&id| g.entity(id).id)
        .filter(|id| !id.chars().any(forbidden))
        .map(str::to_string)
        .collect();
    let mut out = FxHashMap::default();
    for id in dirty {
        let base: String = g
            .entity(id)
            .id
            .chars()
            .map(|c| if forbidden(c) { picture(c) } else { c })
            .collect();
        let mut name = base.clone();
        let mut n = 1;
        while taken.contains(&name) {
            n += 1;
            name = format!("{base}~{n}");
        }
        taken.insert(name.clone());
        out.insert(id, name);
    }
    out
}
