//! The knowledge graph: a petgraph store with typed entities, typed relations,
//! their evidence, and the indexes that queries need.
//!
//! Topology lives in a `StableGraph` whose weights are only the entity type and
//! relation type ids, so traversals stay compact and indices stay valid when the
//! REPL removes things. Everything else (names, aliases, evidence, dates) sits in
//! side tables indexed by the petgraph node and edge indices. Relations imported
//! in bulk carry no boxed detail at all, which keeps a million-relation graph
//! small.

pub mod adjacency;
pub mod names;
pub mod schema;

use std::sync::{Arc, OnceLock};

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use rustc_hash::FxHashMap;
use serde_json::{Map, Value};

use crate::date::{Date, Span};
use crate::error::{Error, Result};
use crate::suggest;
pub use adjacency::{AdjEntry, Adjacency};
pub use names::{normalize, NameIndex};
pub use schema::{RelTypeId, RelationType, Schema, TypeId};

/// An entity: a petgraph node index.
pub type EntityId = NodeIndex<u32>;
/// A relation: a petgraph edge index.
pub type RelationId = EdgeIndex<u32>;
/// Free attributes, kept in the order they were written.
pub type Attributes = Map<String, Value>;

/// Index of a source in the graph's source table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceId(pub u32);

/// Index of an input file in the graph's file table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// Where something was defined: a file and a 0-based line. `file` is `None` for
/// things created in a session rather than read from a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Origin {
    pub file: Option<FileId>,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    pub text: Box<str>,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Stable identifier, unique in the graph.
    pub id: Box<str>,
    /// Display name.
    pub name: Box<str>,
    pub kind: TypeId,
    pub aliases: Vec<Alias>,
    pub attributes: Option<Box<Attributes>>,
    pub origin: Origin,
}

impl Entity {
    pub fn new(id: &str, name: &str, kind: TypeId) -> Self {
        Entity {
            id: id.into(),
            name: name.into(),
            kind,
            aliases: Vec::new(),
            attributes: None,
            origin: Origin::default(),
        }
    }
}

/// A document that evidence comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: Box<str>,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<Date>,
    pub url: Option<String>,
    /// Background knowledge: facts not stated by any document, carried without quotes.
    pub background: bool,
}

/// Why we believe a relation: a source, optionally a verbatim quote from it and a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub source: SourceId,
    pub quote: Option<String>,
    pub date: Option<Date>,
}

/// What a relation carries beyond its endpoints and type.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Relation {
    /// When the relation holds or the event happened.
    pub valid: Option<Span>,
    /// Evidence, confidence and attributes; absent for bare imported triples.
    pub detail: Option<Box<RelationDetail>>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct RelationDetail {
    /// Optional stable id given in the graph file.
    pub id: Option<Box<str>>,
    pub evidence: Vec<Evidence>,
    pub confidence: Option<f64>,
    pub attributes: Attributes,
    pub origin: Origin,
}

impl Relation {
    pub fn evidence(&self) -> &[Evidence] {
        self.detail.as_ref().map_or(&[], |d| &d.evidence)
    }

    /// Whether the relation is valid or evidenced in the window `[from, to]`.
    /// A relation with no date at all is kept only by an unbounded window.
    pub fn in_window(&self, from: Option<Date>, to: Option<Date>) -> bool {
        if from.is_none() && to.is_none() {
            return true;
        }
        self.valid.is_some_and(|s| s.overlaps(from, to))
            || self
                .evidence()
                .iter()
                .any(|e| e.date.is_some_and(|d| Span::at(d).overlaps(from, to)))
    }
}

/// The typed knowledge graph.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    graph: StableGraph<TypeId, RelTypeId, petgraph::Directed, u32>,
    entities: Vec<Option<Entity>>,
    relations: Vec<Option<Relation>>,
    schema: Schema,
    sources: Vec<Source>,
    source_ids: FxHashMap<Box<str>, SourceId>,
    ids: FxHashMap<Box<str>, EntityId>,
    names: OnceLock<NameIndex>,
    adjacency: OnceLock<Adjacency>,
    by_type: Vec<Vec<EntityId>>,
    by_relation_type: Vec<Vec<RelationId>>,
    files: Vec<Arc<str>>,
}

/// One relation seen from an entity: the edge, its far end, and whether it is
/// stored pointing away from the entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Incident {
    pub relation: RelationId,
    pub other: EntityId,
    pub outgoing: bool,
}

impl KnowledgeGraph {
    pub fn new() -> Self {
        Self::default()
    }

    /// The underlying petgraph store (node weight: entity type; edge weight: relation type).
    pub fn graph(&self) -> &StableGraph<TypeId, RelTypeId, petgraph::Directed, u32> {
        &self.graph
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    pub fn schema_mut(&mut self) -> &mut Schema {
        &mut self.schema
    }

    pub fn entity_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn relation_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Registers an input file so origins can name it; returns its id.
    pub fn add_file(&mut self, name: &str) -> FileId {
        if let Some(i) = self.files.iter().position(|f| &**f == name) {
            return FileId(i as u32);
        }
        self.files.push(name.into());
        FileId(self.files.len() as u32 - 1)
    }

    pub fn file_name(&self, id: FileId) -> &str {
        &self.files[id.0 as usize]
    }

    /// `file:line` of an origin (1-based line), or `None` for session-made things.
    pub fn origin_text(&self, origin: Origin) -> Option<String> {
        origin
            .file
            .map(|f| format!("{}:{}", self.file_name(f), origin.line + 1))
    }

    // ----- sources -----

    pub fn add_source(&mut self, source: Source) -> SourceId {
        let id = SourceId(self.sources.len() as u32);
        self.source_ids.insert(source.id.clone(), id);
        self.sources.push(source);
        id
    }

    pub fn source_id(&self, id: &str) -> Option<SourceId> {
        self.source_ids.get(id).copied()
    }

    pub fn source(&self, id: SourceId) -> &Source {
        &self.sources[id.0 as usize]
    }

    pub fn sources(&self) -> impl ExactSizeIterator<Item = (SourceId, &Source)> {
        self.sources
            .iter()
            .enumerate()
            .map(|(i, s)| (SourceId(i as u32), s))
    }

    // ----- entities -----

    /// Adds an entity. Fails when its id is taken.
    pub fn add_entity(&mut self, entity: Entity) -> Result<EntityId> {
        if let Some(&existing) = self.ids.get(&*entity.id) {
            return Err(Error::bad_request(format!(
                "an entity with id '{}' exists already ({})",
                entity.id,
                self.entity(existing).name
            )));
        }
        Ok(self.add_entity_unchecked(entity))
    }

    /// Adds an entity whose id the caller knows to be new (bulk import).
    pub fn add_entity_unchecked(&mut self, entity: Entity) -> EntityId {
        let kind = entity.kind;
        self.adjacency = OnceLock::new();
        let node = self.graph.add_node(kind);
        let slot = node.index();
        if slot >= self.entities.len() {
            self.entities.resize_with(slot + 1, || None);
        }
        self.ids.insert(entity.id.clone(), node);
        if let Some(index) = self.names.get_mut() {
            index_entity(index, node, &entity);
        }
        self.entities[slot] = Some(entity);
        let t = kind.0 as usize;
        if t >= self.by_type.len() {
            self.by_type.resize_with(t + 1, Vec::new);
        }
        self.by_type[t].push(node);
        node
    }

    /// The entity at `id`. Panics on an id not from this graph, like petgraph's indexing.
    pub fn entity(&self, id: EntityId) -> &Entity {
        self.entities[id.index()]
            .as_ref()
            .expect("entity id from this graph")
    }

    pub fn entity_mut(&mut self, id: EntityId) -> &mut Entity {
        self.names = OnceLock::new();
        self.entities[id.index()]
            .as_mut()
            .expect("entity id from this graph")
    }

    /// All entities in index order.
    pub fn entities(&self) -> impl Iterator<Item = (EntityId, &Entity)> {
        self.entities
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.as_ref().map(|e| (NodeIndex::new(i), e)))
    }

    pub fn entity_by_id(&self, id: &str) -> Option<EntityId> {
        self.ids.get(id).copied()
    }

    /// Every entity of one type.
    pub fn entities_of_type(&self, kind: TypeId) -> &[EntityId] {
        self.by_type.get(kind.0 as usize).map_or(&[], Vec::as_slice)
    }

    /// The index of normalised ids, names and aliases, built on first use.
    pub fn name_index(&self) -> &NameIndex {
        self.names.get_or_init(|| {
            let mut index = NameIndex::default();
            for (id, e) in self.entities() {
                index_entity(&mut index, id, e);
            }
            index
        })
    }

    /// The traversal index, built on first use after any change.
    pub fn adjacency(&self) -> &Adjacency {
        self.adjacency.get_or_init(|| Adjacency::build(&self.graph))
    }

    /// The relation type of a relation, without touching its side table.
    #[inline]
    pub fn relation_type_of(&self, id: RelationId) -> RelTypeId {
        self.graph[id]
    }

    /// The entity type of an entity.
    #[inline]
    pub fn entity_type_of(&self, id: EntityId) -> TypeId {
        self.graph[id]
    }

    /// Entities whose id, name or alias matches `name` case- and accent-insensitively.
    pub fn entities_named(&self, name: &str) -> Vec<EntityId> {
        if let Some(id) = self.entity_by_id(name) {
            return vec![id];
        }
        self.name_index().get(name).to_vec()
    }

    /// Resolves a name the way every front end does: an exact id first, then a
    /// unique name or alias match; otherwise an error with close suggestions.
    pub fn resolve(&self, name: &str) -> Result<EntityId> {
        match self.entities_named(name).as_slice() {
            [one] => Ok(*one),
            [] => Err(Error::UnknownEntity {
                name: name.to_string(),
                suggestions: self.suggest_entities(name),
            }),
            many => {
                let mut candidates: Vec<String> =
                    many.iter().map(|&id| self.describe(id)).collect();
                candidates.sort();
                Err(Error::AmbiguousName {
                    name: name.to_string(),
                    candidates,
                })
            }
        }
    }

    /// "Name (id)" for messages.
    pub fn describe(&self, id: EntityId) -> String {
        let e = self.entity(id);
        if e.id == e.name {
            e.name.to_string()
        } else {
            format!("{} ({})", e.name, e.id)
        }
    }

    /// Names and aliases close to `name`, for "did you mean".
    pub fn suggest_entities(&self, name: &str) -> Vec<String> {
        let candidates = self
            .entities()
            .flat_map(|(_, e)| std::iter::once(&*e.name).chain(e.aliases.iter().map(|a| &*a.text)));
        suggest::closest(name, candidates)
    }

    // ----- relations -----

    /// Adds a relation `from —kind→ to`. Endpoints must be entities of this graph.
    pub fn add_relation(
        &mut self,
        from: EntityId,
        kind: RelTypeId,
        to: EntityId,
        relation: Relation,
    ) -> RelationId {
        self.adjacency = OnceLock::new();
        let edge = self.graph.add_edge(from, to, kind);
        let slot = edge.index();
        if slot >= self.relations.len() {
            self.relations.resize_with(slot + 1, || None);
        }
        self.relations[slot] = Some(relation);
        let t = kind.0 as usize;
        if t >= self.by_relation_type.len() {
            self.by_relation_type.resize_with(t + 1, Vec::new);
        }
        self.by_relation_type[t].push(edge);
        edge
    }

    pub fn relation(&self, id: RelationId) -> &Relation {
        self.relations[id.index()]
            .as_ref()
            .expect("relation id from this graph")
    }

    pub fn relation_mut(&mut self, id: RelationId) -> &mut Relation {
        self.relations[id.index()]
            .as_mut()
            .expect("relation id from this graph")
    }

    /// `(from, type, to)` of a relation.
    pub fn relation_ends(&self, id: RelationId) -> (EntityId, RelTypeId, EntityId) {
        let (a, b) = self
            .graph
            .edge_endpoints(id)
            .expect("relation id from this graph");
        (a, self.graph[id], b)
    }

    /// All relations in index order.
    pub fn relations(&self) -> impl Iterator<Item = RelationId> + '_ {
        self.graph.edge_indices()
    }

    pub fn relations_of_type(&self, kind: RelTypeId) -> &[RelationId] {
        self.by_relation_type
            .get(kind.0 as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// Relations touching `id` in either direction, in storage order.
    pub fn incident(&self, id: EntityId) -> impl Iterator<Item = Incident> + '_ {
        let out = self
            .graph
            .edges_directed(id, Direction::Outgoing)
            .map(|e| Incident {
                relation: e.id(),
                other: e.target(),
                outgoing: true,
            });
        // A self-loop shows up in both lists; keep it once.
        let inc = self
            .graph
            .edges_directed(id, Direction::Incoming)
            .filter(move |e| e.source() != id)
            .map(|e| Incident {
                relation: e.id(),
                other: e.source(),
                outgoing: false,
            });
        out.chain(inc)
    }

    /// Removes a relation; returns its ends, type and data.
    pub fn remove_relation(
        &mut self,
        id: RelationId,
    ) -> Option<(EntityId, RelTypeId, EntityId, Relation)> {
        let (a, b) = self.graph.edge_endpoints(id)?;
        let kind = self.graph.remove_edge(id)?;
        self.adjacency = OnceLock::new();
        let data = self.relations[id.index()].take().unwrap_or_default();
        if let Some(list) = self.by_relation_type.get_mut(kind.0 as usize) {
            list.retain(|&r| r != id);
        }
        Some((a, kind, b, data))
    }

    /// Removes an entity and every relation touching it; returns the entity.
    pub fn remove_entity(&mut self, id: EntityId) -> Option<Entity> {
        let touching: Vec<RelationId> = self.incident(id).map(|i| i.relation).collect();
        for r in touching {
            self.remove_relation(r);
        }
        let kind = self.graph.remove_node(id)?;
        self.adjacency = OnceLock::new();
        self.names = OnceLock::new();
        let e = self.entities[id.index()].take()?;
        self.ids.remove(&*e.id);
        if let Some(list) = self.by_type.get_mut(kind.0 as usize) {
            list.retain(|&x| x != id);
        }
        Some(e)
    }

    /// Adds an alias to an entity (the caller has checked it names no other entity).
    pub fn add_alias(&mut self, id: EntityId, alias: Alias) {
        if let Some(index) = self.names.get_mut() {
            index.insert(&alias.text, id);
        }
        self.entities[id.index()]
            .as_mut()
            .expect("entity id from this graph")
            .aliases
            .push(alias);
    }

    /// Folds `dup` into `keep`: `dup`'s relations are re-attached to `keep`, its name,
    /// id and aliases become aliases of `keep` (those `keep` answers to already are
    /// skipped), its attributes fill gaps in `keep`'s, and `dup` is removed.
    pub fn merge(&mut self, keep: EntityId, dup: EntityId) {
        if keep == dup {
            return;
        }
        let moved: Vec<Incident> = self.incident(dup).collect();
        for inc in moved {
            let Some((a, kind, b, data)) = self.remove_relation(inc.relation) else {
                continue;
            };
            let a = if a == dup { keep } else { a };
            let b = if b == dup { keep } else { b };
            self.add_relation(a, kind, b, data);
        }
        let Some(d) = self.remove_entity(dup) else {
            return;
        };
        let mut known: Vec<String> = {
            let k = self.entity(keep);
            std::iter::once(normalize(&k.id))
                .chain(std::iter::once(normalize(&k.name)))
                .chain(k.aliases.iter().map(|a| normalize(&a.text)))
                .collect()
        };
        let mut new_aliases = Vec::new();
        let candidates = [
            Alias {
                text: d.name.clone(),
                origin: d.origin,
            },
            Alias {
                text: d.id.clone(),
                origin: d.origin,
            },
        ];
        for a in candidates.into_iter().chain(d.aliases) {
            let key = normalize(&a.text);
            if !known.contains(&key) {
                known.push(key);
                new_aliases.push(a);
            }
        }
        for a in new_aliases {
            self.add_alias(keep, a);
        }
        if let Some(extra) = d.attributes {
            let k = self.entity_mut(keep);
            let attrs = k.attributes.get_or_insert_with(Default::default);
            for (key, v) in *extra {
                attrs.entry(key).or_insert(v);
            }
        }
    }

    /// Forgets that anything came from `file` (things made in a session have no
    /// file position worth showing).
    pub fn clear_origins(&mut self, file: FileId) {
        let clear = |o: &mut Origin| {
            if o.file == Some(file) {
                *o = Origin::default();
            }
        };
        for e in self.entities.iter_mut().flatten() {
            clear(&mut e.origin);
            e.aliases.iter_mut().for_each(|a| clear(&mut a.origin));
        }
        for r in self.relations.iter_mut().flatten() {
            if let Some(d) = r.detail.as_mut() {
                clear(&mut d.origin);
            }
        }
    }

    /// Reserves room for a bulk import.
    pub fn reserve(&mut self, entities: usize, relations: usize) {
        self.graph.reserve_nodes(entities);
        self.graph.reserve_edges(relations);
        self.entities.reserve(entities);
        self.relations.reserve(relations);
        self.ids.reserve(entities);
    }
}

fn index_entity(index: &mut NameIndex, id: EntityId, e: &Entity) {
    index.insert(&e.id, id);
    index.insert(&e.name, id);
    for a in &e.aliases {
        index.insert(&a.text, id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> (KnowledgeGraph, EntityId, EntityId) {
        let mut g = KnowledgeGraph::new();
        let country = g.schema_mut().intern_entity_type("country");
        let mut ru = Entity::new("russia", "Russia", country);
        ru.aliases.push(Alias {
            text: "Russian Federation".into(),
            origin: Origin::default(),
        });
        let ru = g.add_entity(ru).unwrap();
        let jp = g
            .add_entity(Entity::new("japan", "Japan", country))
            .unwrap();
        let rel = g.schema_mut().intern_relation_type("trades_with");
        g.add_relation(ru, rel, jp, Relation::default());
        (g, ru, jp)
    }

    #[test]
    fn resolves_ids_names_and_aliases() {
        let (g, ru, jp) = tiny();
        assert_eq!(g.resolve("russia").unwrap(), ru);
        assert_eq!(g.resolve("RUSSIAN  federation").unwrap(), ru);
        assert_eq!(g.resolve("Japan").unwrap(), jp);
        match g.resolve("Rusia") {
            Err(Error::UnknownEntity { suggestions, .. }) => assert_eq!(suggestions, ["Russia"]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let (mut g, ..) = tiny();
        let t = g.schema().entity_type_id("country").unwrap();
        assert!(g.add_entity(Entity::new("japan", "Nippon", t)).is_err());
    }

    #[test]
    fn incident_sees_both_directions() {
        let (g, ru, jp) = tiny();
        let from_jp: Vec<_> = g.incident(jp).collect();
        assert_eq!(from_jp.len(), 1);
        assert_eq!(from_jp[0].other, ru);
        assert!(!from_jp[0].outgoing);
    }
}

#[cfg(test)]
mod edit_tests {
    use super::*;

    #[test]
    fn remove_and_merge_keep_indexes_consistent() {
        let mut g = KnowledgeGraph::new();
        let t = g.schema_mut().intern_entity_type("country");
        let r = g.schema_mut().intern_relation_type("trades_with");
        let a = g.add_entity(Entity::new("a", "Alpha", t)).unwrap();
        let b = g.add_entity(Entity::new("b", "Beta", t)).unwrap();
        let b2 = g.add_entity(Entity::new("b2", "Beta Republic", t)).unwrap();
        g.add_relation(a, r, b, Relation::default());
        g.add_relation(b2, r, a, Relation::default());
        g.merge(b, b2);
        assert_eq!(g.entity_count(), 2);
        assert_eq!(g.relation_count(), 2);
        assert_eq!(g.resolve("Beta Republic").unwrap(), b);
        assert_eq!(g.resolve("b2").unwrap(), b);
        assert_eq!(g.adjacency().entries(b.index()).len(), 2);
        g.remove_entity(a).unwrap();
        assert_eq!(g.relation_count(), 0);
        assert!(g.resolve("Alpha").is_err());
        assert_eq!(g.entities_of_type(t), &[b]);
        assert!(g.relations_of_type(r).is_empty());
    }
}
