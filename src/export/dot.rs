//! The whole graph as Graphviz DOT (`kg export --format dot`), drawn the way
//! answers are (see [`crate::draw`]): sorted, escaped, with a legend and the
//! relations' evidence as numbered footnotes.
//!
//! Relations stream from the store in sorted order; only their indices are held,
//! never a string per relation.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::draw::{write_drawing, Drawing, Edge, Evidence, Mark, Node, Notes, SourceNote};
use crate::model::{KnowledgeGraph, RelationId};

/// The drawing's ends and type of relation `r`, in [`Edge::key`] order.
fn key(g: &KnowledgeGraph, r: RelationId) -> (&str, &str, &str) {
    let (a, t, b) = g.relation_ends(r);
    let rt = g.schema().relation_type(t);
    let (a, b) = (g.entity(a).id, g.entity(b).id);
    if rt.symmetric && b < a {
        (b, a, &rt.id)
    } else {
        (a, b, &rt.id)
    }
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

/// Relations in drawing order: by ends and type, then storage order.
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
        .map(|(_, e)| Node {
            id: e.id,
            name: e.name,
            kind: &s.entity_type(e.kind).id,
            mark: Mark::None,
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
