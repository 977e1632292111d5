//! `stats`: how big the graph is, by entity type and relation type.

use super::answer::{StatsAnswer, TypeCount};
use crate::model::KnowledgeGraph;

pub fn stats(g: &KnowledgeGraph) -> StatsAnswer {
    let s = g.schema();
    let mut entity_types: Vec<TypeCount> = s
        .entity_types()
        .map(|(id, t)| TypeCount {
            kind: t.id.to_string(),
            count: g.entities_of_type(id).len(),
            declared: t.declared,
        })
        .filter(|t| t.count > 0 || t.declared)
        .collect();
    let mut relation_types: Vec<TypeCount> = s
        .relation_types()
        .map(|(id, t)| TypeCount {
            kind: t.id.to_string(),
            count: g.relations_of_type(id).len(),
            declared: t.declared,
        })
        .collect();
    // Most frequent first; ties by name, so output is stable.
    let order =
        |a: &TypeCount, b: &TypeCount| b.count.cmp(&a.count).then_with(|| a.kind.cmp(&b.kind));
    entity_types.sort_by(order);
    relation_types.sort_by(order);
    StatsAnswer {
        entities: g.entity_count(),
        relations: g.relation_count(),
        sources: g.sources().len(),
        entity_types,
        relation_types,
    }
}
