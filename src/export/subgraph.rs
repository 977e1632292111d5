//! The part of a graph an answer talks about, as a graph of its own, so every
//! whole-graph exporter also exports answers.
//!
//! With the graph the answer came from, entities and relations are copied from it
//! whole (aliases, attributes, source titles); without it (the REPL's last answer,
//! `--format graphml` on an answer), they are rebuilt from what the answer carries:
//! ids, names, types, evidence, validity and confidence.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::date::{Date, Span};
use crate::error::{Error, Result};
use crate::model::schema::RelationType;
use crate::model::{
    Entity, EntityId, Evidence, KnowledgeGraph, Origin, Relation, RelationDetail, RelationId,
    Source, SourceId,
};
use crate::query::answer::{EdgeOut, NodeOut, RelationsMet};
use crate::query::Answer;

/// The entities and relations of `answer`: nodes by id, relations once each (a
/// relation on several paths is one relation), in the order of their ends and type.
pub fn parts(answer: &Answer) -> Result<(Vec<&NodeOut>, Vec<&EdgeOut>)> {
    let mut nodes: BTreeMap<&str, &NodeOut> = BTreeMap::new();
    let mut edges: Vec<&EdgeOut> = Vec::new();
    match answer {
        Answer::Path(a) => {
            for n in [&a.from, &a.to] {
                nodes.insert(&n.id, n);
            }
            for p in &a.paths {
                for n in &p.nodes {
                    nodes.insert(&n.id, n);
                }
                // Every relation of every hop, not only the first of each.
                if p.hops.is_empty() {
                    edges.extend(&p.edges);
                }
                edges.extend(p.hops.iter().flat_map(|h| &h.relations));
            }
        }
        Answer::Neighbours(a) => {
            nodes.insert(&a.center.id, &a.center);
            for n in &a.nodes {
                nodes.insert(&n.node.id, &n.node);
            }
            edges.extend(&a.edges);
        }
        Answer::Entity(a) => {
            nodes.insert(&a.entity.node.id, &a.entity.node);
            for r in &a.relations {
                nodes.insert(&r.other.id, &r.other);
                edges.push(&r.edge);
            }
        }
        Answer::Entities(a) => {
            for e in &a.entities {
                nodes.insert(&e.node.id, &e.node);
            }
        }
        Answer::Relations(a) => {
            for n in &a.entities {
                nodes.insert(&n.id, n);
            }
            edges.extend(&a.relations);
        }
        // The entities of the rows and the relations they matched.
        Answer::Match(m) => {
            for n in &m.entities {
                nodes.insert(&n.id, n);
            }
            edges.extend(m.answer.relations.iter().flatten());
        }
        Answer::Stats(_) => {
            return Err(Error::bad_request(
                "stats has no graph to export; use --format text or json",
            ))
        }
    }
    let mut met = RelationsMet::default();
    let mut unique: Vec<&EdgeOut> = edges.into_iter().filter(|e| met.first(e)).collect();
    unique.sort_by(|a, b| (&a.from, &a.kind, &a.to).cmp(&(&b.from, &b.kind, &b.to)));
    Ok((nodes.into_values().collect(), unique))
}

/// Builds the subgraph of `answer`, copying from `source` when given.
///
/// # Errors
/// A stats answer, which has no graph.
pub fn of_answer(answer: &Answer, source: Option<&KnowledgeGraph>) -> Result<KnowledgeGraph> {
    let (nodes, edges) = parts(answer)?;
    let mut b = Builder {
        sub: KnowledgeGraph::new(),
        source,
        sources: FxHashMap::default(),
        ids: FxHashMap::default(),
    };
    for n in nodes {
        b.entity(n)?;
    }
    for e in edges {
        b.relation(e)?;
    }
    Ok(b.sub)
}

struct Builder<'g> {
    sub: KnowledgeGraph,
    source: Option<&'g KnowledgeGraph>,
    /// Source ids (as strings) to their id in `sub`.
    sources: FxHashMap<String, SourceId>,
    /// Entity ids to their id in `sub`.
    ids: FxHashMap<String, EntityId>,
}

impl<'g> Builder<'g> {
    fn entity_type(&mut self, name: &str) -> crate::model::TypeId {
        let id = self.sub.schema_mut().intern_entity_type(name);
        let from = self.source.and_then(|g| {
            g.schema()
                .entity_type_id(name)
                .map(|t| g.schema().entity_type(t))
        });
        let t = self.sub.schema_mut().entity_type_mut(id);
        match from {
            Some(src) => {
                t.description.clone_from(&src.description);
                t.declared = src.declared;
            }
            None => t.declared = name != crate::model::schema::DEFAULT_ENTITY_TYPE,
        }
        id
    }

    fn entity(&mut self, n: &NodeOut) -> Result<()> {
        let kind = self.entity_type(&n.kind);
        let found = self
            .source
            .and_then(|g| g.entity_by_id(&n.id).map(|id| g.entity(id).to_entity()));
        let entity = match found {
            Some(mut e) => {
                e.kind = kind;
                e.origin = Origin::default();
                for a in &mut e.aliases {
                    a.origin = Origin::default();
                }
                e
            }
            None => Entity::new(&n.id, &n.name, kind),
        };
        let id = self.sub.add_entity(entity)?;
        self.ids.insert(n.id.to_string(), id);
        Ok(())
    }

    fn relation_type(&mut self, e: &EdgeOut) -> crate::model::RelTypeId {
        if let Some(id) = self.sub.schema().relation_type_id(&e.kind) {
            return id;
        }
        let copied = self.source.and_then(|g| {
            let s = g.schema();
            s.relation_type_id(&e.kind)
                .map(|t| s.relation_type(t).clone())
        });
        let rt = match copied {
            Some(mut rt) => {
                let g = self.source.expect("copied from the source graph");
                let names = |ids: &[crate::model::TypeId]| -> Vec<String> {
                    ids.iter()
                        .map(|&t| g.schema().entity_type(t).id.to_string())
                        .collect()
                };
                let (from, to) = (names(&rt.from), names(&rt.to));
                rt.from = from.iter().map(|t| self.entity_type(t)).collect();
                rt.to = to.iter().map(|t| self.entity_type(t)).collect();
                rt
            }
            None => {
                let mut rt = RelationType::undeclared(&e.kind);
                rt.symmetric = e.symmetric;
                rt.inverse = e.inverse.as_deref().map(str::to_string);
                rt.declared = true;
                rt
            }
        };
        self.sub.schema_mut().add_relation_type(rt)
    }

    fn source_id(&mut self, id: &str, background: bool) -> SourceId {
        if let Some(&s) = self.sources.get(id) {
            return s;
        }
        let copied = self
            .source
            .and_then(|g| g.source_id(id).map(|s| g.source(s).clone()));
        let src = copied.unwrap_or_else(|| Source {
            id: id.into(),
            background,
            ..Source::default()
        });
        let s = self.sub.add_source(src);
        self.sources.insert(id.to_string(), s);
        s
    }

    /// The relation of the source graph that `e` shows, if there is a source graph.
    fn find(&self, e: &EdgeOut) -> Option<(&'g KnowledgeGraph, RelationId)> {
        let g = self.source?;
        let a = g.entity_by_id(&e.from)?;
        let b = g.entity_by_id(&e.to)?;
        let r = g
            .incident(a)
            .filter(|i| i.outgoing && i.other == b)
            .map(|i| i.relation)
            .find(|&r| EdgeOut::new(g, r, false).same_relation(e))?;
        Some((g, r))
    }

    fn relation(&mut self, e: &EdgeOut) -> Result<()> {
        let kind = self.relation_type(e);
        let end = |b: &Self, id: &str| {
            b.ids.get(id).copied().ok_or_else(|| {
                Error::bad_request(format!(
                    "the answer has a relation to '{id}' but not the entity"
                ))
            })
        };
        let (from, to) = (end(self, &e.from)?, end(self, &e.to)?);
        let relation = match self.find(e) {
            Some((g, r)) => {
                let mut rel = g.relation(r).clone();
                if let Some(d) = rel.detail.as_mut() {
                    d.origin = Origin::default();
                    for ev in &mut d.evidence {
                        let src = g.source(ev.source);
                        ev.source = self.source_id(&src.id.clone(), src.background);
                    }
                }
                rel
            }
            None => {
                let evidence = e
                    .evidence
                    .iter()
                    .map(|ev| Evidence {
                        source: self.source_id(&ev.source, ev.background),
                        quote: ev.quote.clone(),
                        date: ev.date.as_deref().and_then(|d| d.parse().ok()),
                    })
                    .collect();
                Relation {
                    valid: e.valid.as_deref().and_then(parse_span),
                    detail: Some(Box::new(RelationDetail {
                        id: e.id.as_deref().map(Into::into),
                        evidence,
                        confidence: e.confidence,
                        attributes: Default::default(),
                        origin: Origin::default(),
                    })),
                }
            }
        };
        self.sub.add_relation(from, kind, to, relation);
        Ok(())
    }
}

/// A span as answers print it: `DATE` or `DATE .. DATE`.
fn parse_span(s: &str) -> Option<Span> {
    let (a, b) = s.split_once(" .. ").unwrap_or((s, s));
    let from: Date = a.trim().parse().ok()?;
    let to: Date = b.trim().parse().ok()?;
    Some(Span { from, to })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::json::graph_file;
    use crate::load;
    use crate::query::{self, Query};

    fn ask(g: &KnowledgeGraph, json: &str) -> Answer {
        let q: Query = serde_json::from_str(json).unwrap();
        query::run(g, &q).unwrap()
    }

    #[test]
    fn a_path_with_and_without_its_graph() {
        let g = load::builtin();
        let a = ask(&g, r#"{"op":"path","from":"Kyodo","to":"Kurils"}"#);
        let full = of_answer(&a, Some(&g)).unwrap();
        let bare = of_answer(&a, None).unwrap();
        for sub in [&full, &bare] {
            assert_eq!(sub.entity_count(), 3);
            assert_eq!(sub.relation_count(), 2);
        }
        // Copied from the graph: aliases and source titles come along.
        let kurils = full.entity(full.resolve("Kurils").unwrap());
        assert!(!kurils.aliases.is_empty());
        assert!(full.sources().any(|(_, s)| s.title.is_some()));
        // Rebuilt from the answer: the same relations and evidence.
        let (f, b) = (graph_file(&full), graph_file(&bare));
        assert_eq!(f.relations, b.relations);
    }

    #[test]
    fn stats_has_no_subgraph() {
        let g = load::builtin();
        let a = ask(&g, r#"{"op":"stats"}"#);
        assert!(of_answer(&a, None).is_err());
    }
}
