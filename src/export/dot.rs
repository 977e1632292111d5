//! The whole graph as Graphviz DOT (`kg export --format dot`), drawn the way
//! answers are (see [`crate::draw`]): sorted, escaped, with a legend and the
//! relations' evidence as numbered footnotes.
//!
//! Relations stream from the store in sorted order; only their indices are held,
//! never a string per relation.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::draw::{write_drawing, Drawing, Edge, Evidence, Mark, Node, Notes, SourceNote};
use crate::model::schema::DEFAULT_ENTITY_TYPE;
use crate::model::{KnowledgeGraph, RelationId};

/// The [`Edge::key`] of relation `r`: its ends in sorted order, its type and
/// its tail (the first end when symmetric).
fn key(g: &KnowledgeGraph, r: RelationId) -> (&str, &str, &str, &str) {
    let (a, t, b) = g.relation_ends(r);
    let rt = g.schema().relation_type(t);
    let (a, b) = (g.entity(a).id, g.entity(b).id);
    let (lo, hi) = if b < a { (b, a) } else { (a, b) };
    (lo, hi, &rt.id, if rt.symmetric { lo } else { a })
}

/// Relation `r` as a drawing edge.
pub fn edge(g: &KnowledgeGraph, r: RelationId) -> Edge<'_> {
    let (a, t, b) = g.relation_ends(r);
    let rt = g.schema().relation_type(t);
    let rel = g.relation(r);
    Edge {
        from: g.entity(a).id,
        to: g.entity(b).id,
        kind: &rt.id,
        label: Cow::Owned(rt.label()),
        symmetric: rt.symmetric,
        evidence: rel
            .evidence()
            .iter()
            .map(|e| {
                let s = g.source(e.source);
                Evidence {
                    source: &s.id,
                    quote: e.quote.as_deref(),
                    date: e.date.map(|d| Cow::Owned(d.to_string())),
                    background: s.background,
                }
            })
            .collect(),
        valid: rel.valid.map(|v| Cow::Owned(v.to_string())),
        confidence: rel.detail.as_deref().and_then(|d| d.confidence),
        on_path: false,
    }
}

/// Relations in drawing order: by pair of ends, type and tail, then storage order.
pub fn sorted_relations(g: &KnowledgeGraph) -> Vec<RelationId> {
    let mut rels: Vec<RelationId> = g.relations().collect();
    rels.sort_by(|&x, &y| key(g, x).cmp(&key(g, y)));
    rels
}

/// Writes all of `g` as DOT, titled `title`.
pub fn write(w: &mut dyn Write, g: &KnowledgeGraph, title: &str) -> io::Result<()> {
    let s = g.schema();
    let mut nodes: Vec<Node> = g
        .entities()
        .map(|(_, e)| {
            let t = s.entity_type(e.kind);
            Node {
                id: e.id,
                name: e.name,
                kind: &t.id,
                // As `NodeOut::untyped` says of answers.
                untyped: !t.declared && &*t.id == DEFAULT_ENTITY_TYPE,
                mark: Mark::None,
            }
        })
        .collect();
    nodes.sort_unstable_by(|a, b| a.id.cmp(b.id));
    let mut sources: Vec<SourceNote> = g
        .sources()
        .filter(|(_, s)| !s.background)
        .map(|(_, s)| SourceNote {
            id: s.id.to_string(),
            title: s.title.clone(),
            about: [
                s.publisher.clone(),
                s.date.map(|d| d.to_string()),
                s.url.clone(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", "),
        })
        .collect();
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    let d = Drawing {
        title: title.to_string(),
        nodes,
        notes: Some(Notes {
            more: "kg show NAME lists an entity's, and the SVG's tooltips hold them all".into(),
            sources,
        }),
        ..Drawing::default()
    };
    let rels = sorted_relations(g);
    write_drawing(w, &d, rels.into_iter().map(|r| edge(g, r)))
}
