//! `entity` / `kg show`: one entity, where it was defined, and all its relations.

use super::answer::{AliasOut, EdgeOut, EntityAnswer, EntityOut, IncidentOut, NodeOut};
use crate::model::{EntityId, KnowledgeGraph};

pub fn show(g: &KnowledgeGraph, id: EntityId) -> EntityAnswer {
    let e = g.entity(id);
    let entity = EntityOut {
        node: NodeOut::new(g, id),
        aliases: e
            .aliases
            .iter()
            .map(|a| AliasOut {
                alias: a.text.to_string(),
                defined_at: g.origin_text(a.origin),
            })
            .collect(),
        defined_at: g.origin_text(e.origin),
        attributes: e.attributes.cloned().unwrap_or_default(),
    };
    // In storage order first, so relations that tie below (parallel ones of a
    // type) keep the order of the graph's file, however edits and undo relinked them.
    let mut incident: Vec<_> = g.incident(id).collect();
    incident.sort_by_key(|i| i.relation.index());
    let mut relations: Vec<IncidentOut> = incident
        .into_iter()
        .map(|inc| IncidentOut {
            direction: if inc.outgoing { "out" } else { "in" }.to_string(),
            other: NodeOut::new(g, inc.other),
            edge: EdgeOut::new(g, inc.relation, !inc.outgoing),
        })
        .collect();
    // Group by how the relation reads from here, then by the other end.
    relations.sort_by(|a, b| {
        (
            a.edge.reversed && !a.edge.symmetric,
            &a.edge.label,
            &a.other.name,
            &a.other.id,
        )
            .cmp(&(
                b.edge.reversed && !b.edge.symmetric,
                &b.edge.label,
                &b.other.name,
                &b.other.id,
            ))
    });
    let sources = super::answer::cited(g, relations.iter().map(|r| &r.edge));
    EntityAnswer {
        entity,
        relations,
        sources,
    }
}
