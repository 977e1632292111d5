//! `stats`: how big the graph is, by entity type and relation type; for a
//! temporal graph also when its relations hold and which entities they gather on.

use super::answer::{DateRange, DegreeOut, NodeOut, StatsAnswer, TypeCount};
use crate::model::KnowledgeGraph;

/// How many entities a temporal graph's `top_entities` lists.
pub const TOP_ENTITIES: usize = 10;

/// Counts by type; for a temporal graph also its date range and its
/// [`TOP_ENTITIES`] entities of highest degree.
///
/// # Complexity
/// O(T log T) for T types; a temporal graph adds O(R) to find its dates, and
/// O(V + R) for the degrees, counted from the store's edges.
pub fn stats(g: &KnowledgeGraph) -> StatsAnswer {
    let s = g.schema();
    let mut entity_types: Vec<TypeCount> = s
        .entity_types()
        .map(|(id, t)| TypeCount {
            kind: t.id.to_string(),
            count: g.entity_type_uses(id),
            declared: t.declared,
        })
        .filter(|t| t.count > 0 || t.declared)
        .collect();
    let mut relation_types: Vec<TypeCount> = s
        .relation_types()
        .map(|(id, t)| TypeCount {
            kind: t.id.to_string(),
            count: g.relation_type_uses(id),
            declared: t.declared,
        })
        .collect();
    // Most frequent first; ties by name, so output is stable.
    let order =
        |a: &TypeCount, b: &TypeCount| b.count.cmp(&a.count).then_with(|| a.kind.cmp(&b.kind));
    entity_types.sort_by(order);
    relation_types.sort_by(order);
    let dates = date_range(g);
    let top_entities = if dates.is_some() {
        top_by_degree(g, TOP_ENTITIES)
    } else {
        Vec::new()
    };
    StatsAnswer {
        entities: g.entity_count(),
        relations: g.relation_count(),
        sources: g.sources().len(),
        entity_types,
        relation_types,
        dates,
        top_entities,
    }
}

/// The first and last day any relation's validity covers, or `None` when no
/// relation has one (the graph is not temporal).
fn date_range(g: &KnowledgeGraph) -> Option<DateRange> {
    let mut range: Option<(crate::date::Date, crate::date::Date)> = None;
    for r in g.relations() {
        let Some(v) = g.relation(r).valid else {
            continue;
        };
        let (a, b) = (v.from.first_day(), v.to.last_day());
        range = Some(match range {
            None => (a, b),
            Some((x, y)) => (x.min(a), y.max(b)),
        });
    }
    range.map(|(first, last)| DateRange {
        first: first.to_string(),
        last: last.to_string(),
    })
}

/// Per entity index: how many relations touch it, either direction, parallel
/// ones each counted (a self-loop twice, once per end).
///
/// # Complexity
/// O(V + R), counted from the store's edges.
pub(super) fn degrees(g: &KnowledgeGraph) -> Vec<usize> {
    let mut degree = vec![0usize; g.node_bound()];
    for r in g.relations() {
        let (a, _, b) = g.relation_ends(r);
        degree[a.index()] += 1;
        degree[b.index()] += 1;
    }
    degree
}

/// The `n` entities with the most relations (either direction, parallel ones
/// each counted), most first; ties by name, then id, so the list is stable.
fn top_by_degree(g: &KnowledgeGraph, n: usize) -> Vec<DegreeOut> {
    // Counted from the store's edges: stats alone need no traversal index, and
    // building one would double what `kg stats` costs on a large graph.
    let degree = degrees(g);
    let mut all: Vec<(usize, crate::model::EntityId)> = g
        .entities()
        .map(|(id, _)| (degree[id.index()], id))
        .filter(|&(d, _)| d > 0)
        .collect();
    let order = |a: &(usize, crate::model::EntityId), b: &(usize, crate::model::EntityId)| {
        b.0.cmp(&a.0)
            .then_with(|| g.entity_name(a.1).cmp(g.entity_name(b.1)))
            .then_with(|| g.entity_id(a.1).cmp(g.entity_id(b.1)))
    };
    if all.len() > n {
        all.select_nth_unstable_by(n, order);
        all.truncate(n);
    }
    all.sort_by(order);
    all.into_iter()
        .map(|(degree, id)| DegreeOut {
            node: NodeOut::new(g, id),
            degree,
        })
        .collect()
}
