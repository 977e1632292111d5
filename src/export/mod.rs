//! Writing graphs out: kg JSON (for `save` and `export`), and the formats other
//! tools read: Graphviz DOT, GraphML, RDF N-Triples, Neo4j bulk-import CSV
//! (`docs/export.md`). Answers export through [`subgraph`].

mod atomic;
pub mod dot;
pub mod graphml;
pub mod json;
pub mod neo4j;
pub mod ntriples;
pub mod subgraph;

pub use atomic::{write_atomic, write_atomic_all, write_atomic_guarded, Fill};

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
