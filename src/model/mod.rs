//! The knowledge graph: typed entities, typed relations, their evidence, and the
//! indexes that queries need.
//!
//! The topology holds only the entity type and relation type ids (`topology`):
//! flat arrays while the graph has only grown (what loaders fill and snapshots
//! are read into, with no per-relation linking), thawed into a petgraph
//! `StableGraph` on the first removal, so indices stay valid when the REPL
//! removes things and undo gets them back. Everything else sits in side tables
//! indexed by entity and relation index: entity ids and names in one string
//! arena with a hash table of indices into it (no `String` per entity, none per
//! relation), aliases and attributes only for the entities that have them,
//! evidence and dates only for the relations that have them. A bare imported
//! triple costs its ends and type (12 bytes) and its two adjacency entries,
//! nothing more.

pub mod adjacency;
mod journal;
pub mod names;
mod order;
pub mod schema;
pub(crate) mod snapshot;
pub(crate) mod store;
mod topology;

use std::sync::{Arc, OnceLock};

use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use rustc_hash::FxHashMap;
use serde_json::{Map, Value};

use crate::date::{Date, Span};
use crate::error::{Error, Result};
use crate::suggest;
pub use adjacency::{AdjEntry, Adjacency};
pub use journal::{Changes, NameDelta};
pub use names::{normalize, NameIndex};
pub use schema::{ExtractExample, ExtractRules, RelTypeId, RelationType, Schema, TypeId};

/// An entity: a petgraph node index.
pub type EntityId = NodeIndex<u32>;
/// A relation: a petgraph edge index.
pub type RelationId = EdgeIndex<u32>;
/// Free attributes, kept in the order they were written.
pub type Attributes = Map<String, Value>;

/// The attribute that says what an entity is, in a few words ("country in
/// Eastern Europe"): messages that list entities of one name show it.
pub const DESCRIPTION: &str = "description";

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

impl Origin {
    /// Eight bytes: file + 1 (0 = none), line.
    fn pack(self) -> [u32; 2] {
        [self.file.map_or(0, |f| f.0 + 1), self.line]
    }

    fn unpack([file, line]: [u32; 2]) -> Origin {
        Origin {
            file: file.checked_sub(1).map(FileId),
            line,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    pub text: Box<str>,
    pub origin: Origin,
}

/// A new entity, as handed to [`KnowledgeGraph::add_entity`] (and returned by
/// [`KnowledgeGraph::remove_entity`]). Stored entities are read as [`EntityRef`].
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

/// A stored entity, borrowed from the graph: the same fields as [`Entity`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EntityRef<'a> {
    /// Stable identifier, unique in the graph.
    pub id: &'a str,
    /// Display name.
    pub name: &'a str,
    pub kind: TypeId,
    pub aliases: &'a [Alias],
    pub attributes: Option<&'a Attributes>,
    pub origin: Origin,
}

impl EntityRef<'_> {
    /// An owned copy.
    pub fn to_entity(&self) -> Entity {
        Entity {
            id: self.id.into(),
            name: self.name.into(),
            kind: self.kind,
            aliases: self.aliases.to_vec(),
            attributes: self.attributes.map(|a| Box::new(a.clone())),
            origin: self.origin,
        }
    }
}

/// What few entities have: aliases and attributes.
#[derive(Debug, Clone, Default, PartialEq)]
struct EntityExtra {
    aliases: Vec<Alias>,
    attributes: Option<Box<Attributes>>,
}

/// A document that evidence comes from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Source {
    pub id: Box<str>,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<Date>,
    pub url: Option<String>,
    /// Background knowledge: facts not stated by any document, carried without quotes.
    pub background: bool,
    /// What kind of document it is, when said.
    pub kind: Option<SourceKind>,
    /// The document's own text, when registered: every quote from this source
    /// is checked against it, verbatim.
    pub text: Option<Arc<str>>,
    /// Where it was defined (the file it is saved back to).
    pub origin: Origin,
}

/// What kind of document a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Article,
    Report,
    Dataset,
    /// Not a document: facts known without one (`background` sources).
    Background,
}

impl SourceKind {
    pub const ALL: [SourceKind; 4] = [
        SourceKind::Article,
        SourceKind::Report,
        SourceKind::Dataset,
        SourceKind::Background,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Article => "article",
            SourceKind::Report => "report",
            SourceKind::Dataset => "dataset",
            SourceKind::Background => "background",
        }
    }

    pub fn of(name: &str) -> Option<SourceKind> {
        SourceKind::ALL.into_iter().find(|k| k.name() == name)
    }
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

    /// Whether the relation holds somewhere in the window `[from, to]`, judged by
    /// its validity (when it holds or the event happened) alone: the date a source
    /// reported it says when it was said, not when it was true. A relation with no
    /// validity is an enduring or background fact ("Japan claims the Kurils"): it is
    /// kept, unless `strict`.
    pub fn holds_within(&self, from: Option<Date>, to: Option<Date>, strict: bool) -> bool {
        if from.is_none() && to.is_none() {
            return true;
        }
        match self.valid {
            Some(s) => s.overlaps(from, to),
            None => !strict,
        }
    }
}

/// The typed knowledge graph.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    /// Entity types and relation ends: flat arrays until the first removal,
    /// then petgraph's store (see `topology`).
    topology: topology::Topology,
    /// Ids and display names by entity slot, and the id → slot table.
    names: store::EntityNames,
    /// Per entity slot: where it was defined (packed).
    origins: Vec<[u32; 2]>,
    /// Aliases and attributes of the entities that have any, by slot.
    extras: FxHashMap<u32, EntityExtra>,
    /// Validity, evidence and the rest of the relations that have any.
    relations: store::RelationData,
    schema: Schema,
    sources: Vec<Source>,
    source_ids: FxHashMap<Box<str>, SourceId>,
    name_index: OnceLock<NameIndex>,
    adjacency: OnceLock<Adjacency>,
    by_type: OnceLock<Vec<Vec<EntityId>>>,
    /// Each entity slot's rank in answer order (see `order`).
    answer_rank: OnceLock<Vec<u32>>,
    by_relation_type: OnceLock<Vec<Vec<RelationId>>>,
    files: Vec<Arc<str>>,
    /// Open while an edit runs: how to take back each change it makes.
    journal: Option<journal::Journal>,
    /// How many entities (relations) each entity (relation) type has, kept as
    /// they come and go: whether a type is in use costs nothing to ask.
    entity_type_uses: Vec<u32>,
    relation_type_uses: Vec<u32>,
}

/// `uses[t] += 1` (or `-= 1`), growing `uses` as new types appear.
fn count_use(uses: &mut Vec<u32>, t: usize, more: bool) {
    if t >= uses.len() {
        uses.resize(t + 1, 0);
    }
    if more {
        uses[t] += 1;
    } else {
        uses[t] = uses[t].saturating_sub(1);
    }
}

/// One relation seen from an entity: the edge, its far end, and whether it is
/// stored pointing away from the entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Incident {
    pub relation: RelationId,
    pub other: EntityId,
    pub outgoing: bool,
}

/// Heap bytes held by each part of the store, for memory reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MemoryUse {
    /// The topology: its flat arrays, or petgraph's nodes and edges once thawed.
    pub graph: usize,
    /// Ids, names, the id table, origins, aliases and attributes.
    pub entities: usize,
    /// Validity and evidence of the relations that have any.
    pub relations: usize,
    /// The traversal index, when built.
    pub adjacency: usize,
}

impl MemoryUse {
    pub fn total(&self) -> usize {
        self.graph + self.entities + self.relations + self.adjacency
    }
}

impl KnowledgeGraph {
    pub fn new() -> Self {
        Self::default()
    }

    /// One more than the highest entity index, removed entities included: the
    /// length of a table indexed by entity.
    #[inline]
    pub fn node_bound(&self) -> usize {
        self.topology.node_bound()
    }

    /// One more than the highest relation index, removed relations included.
    #[inline]
    pub fn edge_bound(&self) -> usize {
        self.topology.edge_bound()
    }

    /// Whether `id` is a live entity of this graph.
    #[inline]
    pub fn contains_entity(&self, id: EntityId) -> bool {
        self.topology.contains_node(id)
    }

    /// Whether `id` is a live relation of this graph.
    #[inline]
    pub fn contains_relation(&self, id: RelationId) -> bool {
        self.topology.edge_type(id).is_some()
    }

    /// The ends of a relation, `None` when `id` is no live relation.
    #[inline]
    pub fn relation_endpoints(&self, id: RelationId) -> Option<(EntityId, EntityId)> {
        self.topology.edge(id).map(|(a, _, b)| (a, b))
    }

    /// Every live entity's index, in index order.
    pub fn entity_indices(&self) -> impl Iterator<Item = EntityId> + '_ {
        self.topology.nodes()
    }

    /// Whether the topology is still in its frozen (flat, read-only) form: no
    /// removal has thawed it into petgraph's store. For tests and reports.
    pub fn is_frozen(&self) -> bool {
        self.topology.frozen().is_some()
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    pub fn schema_mut(&mut self) -> &mut Schema {
        self.note_schema();
        &mut self.schema
    }

    pub fn entity_count(&self) -> usize {
        self.topology.node_count()
    }

    pub fn relation_count(&self) -> usize {
        self.topology.edge_count()
    }

    /// Registers an input file so origins can name it; returns its id.
    pub fn add_file(&mut self, name: &str) -> FileId {
        if let Some(i) = self.files.iter().position(|f| &**f == name) {
            return FileId(i as u32);
        }
        self.files.push(name.into());
        self.note(|| journal::Change::AddedFile);
        FileId(self.files.len() as u32 - 1)
    }

    /// The id of the input file registered as `name`.
    pub fn file_of(&self, name: &str) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| &**f == name)
            .map(|i| FileId(i as u32))
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

    /// Heap bytes held by the store and its indexes.
    pub fn memory_use(&self) -> MemoryUse {
        let graph = self.topology.heap_bytes();
        let entities = self.names.heap_bytes()
            + self.origins.capacity() * 8
            + self.extras.capacity() * (8 + std::mem::size_of::<EntityExtra>());
        MemoryUse {
            graph,
            entities,
            relations: self.relations.heap_bytes(),
            adjacency: self.adjacency.get().map_or(0, Adjacency::heap_bytes),
        }
    }

    // ----- sources -----

    pub fn add_source(&mut self, source: Source) -> SourceId {
        let id = SourceId(self.sources.len() as u32);
        self.source_ids.insert(source.id.clone(), id);
        self.sources.push(source);
        self.note(|| journal::Change::AddedSource);
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
        if let Some(existing) = self.entity_by_id(&entity.id) {
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
        let node = self.add_entity_parts(
            &entity.id,
            &entity.name,
            entity.kind,
            entity.origin,
            store::hash_str(&entity.id),
        );
        if !entity.aliases.is_empty() || entity.attributes.is_some() {
            self.extras.insert(
                node.index() as u32,
                EntityExtra {
                    aliases: entity.aliases,
                    attributes: entity.attributes,
                },
            );
        }
        if let Some(mut index) = self.name_index.take() {
            index_entity(&mut index, node, self.entity_ref(node.index()));
            self.name_index = OnceLock::from(index);
        }
        node
    }

    /// Adds an entity with no aliases or attributes, given the hash of its id
    /// (bulk import: the id is new, and was hashed while parsing).
    pub(crate) fn add_entity_parts(
        &mut self,
        id: &str,
        name: &str,
        kind: TypeId,
        origin: Origin,
        id_hash: u64,
    ) -> EntityId {
        self.adjacency = OnceLock::new();
        self.by_type = OnceLock::new();
        self.answer_rank = OnceLock::new();
        let node = self.topology.add_node(kind);
        count_use(&mut self.entity_type_uses, kind.0 as usize, true);
        self.note(|| journal::Change::AddedEntity(node));
        let slot = node.index();
        self.names.insert_hashed(slot, id, name, id_hash);
        if slot >= self.origins.len() {
            self.origins.resize(slot + 1, [0; 2]);
        }
        self.origins[slot] = origin.pack();
        if let Some(index) = self.name_index.get_mut() {
            // The name as stored: an empty one reads as the id.
            index.insert(id, node);
            index.insert(self.names.name(slot), node);
        }
        node
    }

    fn entity_ref(&self, slot: usize) -> EntityRef<'_> {
        let extra = if self.extras.is_empty() {
            None
        } else {
            self.extras.get(&(slot as u32))
        };
        EntityRef {
            id: self.names.id(slot),
            name: self.names.name(slot),
            kind: self
                .topology
                .node_type(NodeIndex::new(slot))
                .expect("entity id from this graph"),
            aliases: extra.map_or(&[], |x| &x.aliases),
            attributes: extra.and_then(|x| x.attributes.as_deref()),
            origin: Origin::unpack(self.origins[slot]),
        }
    }

    /// The entity at `id`. Panics on an id not from this graph, like petgraph's indexing.
    #[inline]
    pub fn entity(&self, id: EntityId) -> EntityRef<'_> {
        assert!(
            self.topology.contains_node(id),
            "entity id from this graph: {id:?}"
        );
        self.entity_ref(id.index())
    }

    /// The display name of an entity (what answers sort by).
    #[inline]
    pub fn entity_name(&self, id: EntityId) -> &str {
        self.names.name(id.index())
    }

    /// The stable id of an entity.
    #[inline]
    pub fn entity_id(&self, id: EntityId) -> &str {
        self.names.id(id.index())
    }

    /// Replaces the attributes of an entity (`None` or empty removes them).
    pub fn set_attributes(&mut self, id: EntityId, attributes: Option<Attributes>) {
        let slot = id.index() as u32;
        let attributes = attributes.filter(|a| !a.is_empty()).map(Box::new);
        if self.journal.is_some() {
            let old = self.extras.get(&slot).and_then(|x| x.attributes.clone());
            self.note(|| journal::Change::SetAttributes(id, old));
        }
        match self.extras.get_mut(&slot) {
            Some(x) => x.attributes = attributes,
            None if attributes.is_some() => {
                self.extras.insert(
                    slot,
                    EntityExtra {
                        aliases: Vec::new(),
                        attributes,
                    },
                );
            }
            None => {}
        }
    }

    /// All entities in index order.
    pub fn entities(&self) -> impl Iterator<Item = (EntityId, EntityRef<'_>)> {
        self.topology
            .nodes()
            .map(move |n| (n, self.entity_ref(n.index())))
    }

    #[inline]
    pub fn entity_by_id(&self, id: &str) -> Option<EntityId> {
        self.names.find(id).map(NodeIndex::new)
    }

    /// [`entity_by_id`](Self::entity_by_id) with the id's hash already known.
    #[inline]
    pub(crate) fn entity_by_id_hashed(&self, id: &str, hash: u64) -> Option<EntityId> {
        self.names.find_hashed(id, hash).map(NodeIndex::new)
    }

    /// How many entities have type `kind`.
    pub fn entity_type_uses(&self, kind: TypeId) -> usize {
        self.entity_type_uses
            .get(kind.0 as usize)
            .map_or(0, |&n| n as usize)
    }

    /// How many relations have type `kind`.
    pub fn relation_type_uses(&self, kind: RelTypeId) -> usize {
        self.relation_type_uses
            .get(kind.0 as usize)
            .map_or(0, |&n| n as usize)
    }

    /// Counts the uses of every type afresh (a store built from raw parts).
    pub(crate) fn recount_type_uses(&mut self) {
        self.entity_type_uses.clear();
        self.relation_type_uses.clear();
        let mut entity_uses = Vec::new();
        for t in self.topology.node_types() {
            count_use(&mut entity_uses, t.0 as usize, true);
        }
        let mut relation_uses = Vec::new();
        for k in self.topology.edge_types() {
            count_use(&mut relation_uses, k.0 as usize, true);
        }
        self.entity_type_uses = entity_uses;
        self.relation_type_uses = relation_uses;
    }

    /// Every entity of one type (an index built on first use after a change).
    pub fn entities_of_type(&self, kind: TypeId) -> &[EntityId] {
        let by_type = self.by_type.get_or_init(|| {
            let mut v: Vec<Vec<EntityId>> = vec![Vec::new(); self.schema.entity_types().len()];
            for (n, t) in self.topology.nodes().zip(self.topology.node_types()) {
                let t = t.0 as usize;
                if t >= v.len() {
                    v.resize_with(t + 1, Vec::new);
                }
                v[t].push(n);
            }
            v
        });
        by_type.get(kind.0 as usize).map_or(&[], Vec::as_slice)
    }

    /// The index of normalised ids, names and aliases, built on first use.
    pub fn name_index(&self) -> &NameIndex {
        self.name_index.get_or_init(|| {
            // Most entities file two keys (id and name), or one when they agree.
            let mut index = NameIndex::with_capacity(self.entity_count() * 2);
            let mut buf = String::new();
            for (id, e) in self.entities() {
                index_entity_with(&mut index, id, e, &mut buf);
            }
            index
        })
    }

    /// Each entity slot's rank in answer order (display name, then id; removed
    /// slots last), built on first use after any change to the entities: the
    /// order answers list entities in, as numbers.
    ///
    /// # Complexity
    /// O(n log n) for n entities when built (see `order::ranks`), O(1) after.
    pub fn answer_ranks(&self) -> &[u32] {
        self.answer_rank.get_or_init(|| {
            order::ranks(
                &self.names,
                self.topology.nodes(),
                self.topology.node_bound(),
            )
        })
    }

    /// The traversal index, built on first use after any change.
    pub fn adjacency(&self) -> &Adjacency {
        self.adjacency
            .get_or_init(|| Adjacency::build(&self.topology))
    }

    /// The relation type of a relation, without touching its side table.
    #[inline]
    pub fn relation_type_of(&self, id: RelationId) -> RelTypeId {
        self.topology
            .edge_type(id)
            .expect("relation id from this graph")
    }

    /// The entity type of an entity.
    #[inline]
    pub fn entity_type_of(&self, id: EntityId) -> TypeId {
        self.topology
            .node_type(id)
            .expect("entity id from this graph")
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

    /// "Name (id)" for messages, with the entity's description when it has one
    /// ("Georgia (/m/0d0kn): country in Eastern Europe"), cut at 80 characters:
    /// the id alone does not tell FB15k-237's two Georgias apart.
    pub fn describe(&self, id: EntityId) -> String {
        const SHOWN: usize = 80;
        let e = self.entity(id);
        let mut s = if e.id == e.name {
            e.name.to_string()
        } else {
            format!("{} ({})", e.name, e.id)
        };
        let about = e.attributes.and_then(|a| a.get(DESCRIPTION)?.as_str());
        if let Some(d) = about {
            s.push_str(": ");
            s.extend(d.chars().take(SHOWN));
            if d.chars().count() > SHOWN {
                s.push('…');
            }
        }
        s
    }

    /// Names and aliases close to `name`, for "did you mean".
    pub fn suggest_entities(&self, name: &str) -> Vec<String> {
        let candidates = self
            .entities()
            .flat_map(|(_, e)| std::iter::once(e.name).chain(e.aliases.iter().map(|a| &*a.text)));
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
        self.by_relation_type = OnceLock::new();
        let edge = self.topology.add_edge(from, to, kind);
        count_use(&mut self.relation_type_uses, kind.0 as usize, true);
        self.note(|| journal::Change::AddedRelation(edge));
        self.relations.set(edge.index(), relation);
        edge
    }

    /// Adds relations with no evidence, only a validity span if any (bulk import).
    pub(crate) fn add_relations(
        &mut self,
        relations: impl Iterator<Item = (EntityId, RelTypeId, EntityId, Option<Span>)>,
    ) {
        self.adjacency = OnceLock::new();
        self.by_relation_type = OnceLock::new();
        for (from, kind, to, valid) in relations {
            let edge = self.topology.add_edge(from, to, kind);
            count_use(&mut self.relation_type_uses, kind.0 as usize, true);
            self.note(|| journal::Change::AddedRelation(edge));
            if valid.is_some() {
                self.relations.set(
                    edge.index(),
                    Relation {
                        valid,
                        detail: None,
                    },
                );
            }
        }
    }

    /// The relation's validity and evidence (empty for a bare triple).
    #[inline]
    pub fn relation(&self, id: RelationId) -> &Relation {
        self.relations.get(id.index())
    }

    pub fn relation_mut(&mut self, id: RelationId) -> &mut Relation {
        assert!(self.contains_relation(id), "relation id from this graph");
        if self.journal.is_some() {
            let old = self.relations.get(id.index()).clone();
            self.note(|| journal::Change::ChangedRelation(id, old));
        }
        self.relations.get_mut(id.index())
    }

    /// `(from, type, to)` of a relation.
    pub fn relation_ends(&self, id: RelationId) -> (EntityId, RelTypeId, EntityId) {
        self.topology.edge(id).expect("relation id from this graph")
    }

    /// All relations in index order.
    pub fn relations(&self) -> impl Iterator<Item = RelationId> + '_ {
        self.topology.edges()
    }

    /// Every relation of one type (an index built on first use after a change).
    pub fn relations_of_type(&self, kind: RelTypeId) -> &[RelationId] {
        let by_type = self.by_relation_type.get_or_init(|| {
            let mut v: Vec<Vec<RelationId>> = vec![Vec::new(); self.schema.relation_types().len()];
            for (e, t) in self.topology.edges().zip(self.topology.edge_types()) {
                let t = t.0 as usize;
                if t >= v.len() {
                    v.resize_with(t + 1, Vec::new);
                }
                v[t].push(e);
            }
            v
        });
        by_type.get(kind.0 as usize).map_or(&[], Vec::as_slice)
    }

    /// Relations touching `id` in either direction, in storage order: those
    /// stored pointing away from it newest first, then those pointing at it
    /// newest first, a self-loop once (among the first).
    ///
    /// A thawed graph reads petgraph's lists. A frozen one has had no removal, so
    /// newest is highest index: its entries in the traversal index (built if it
    /// is not there) are sorted so, which gives the same order.
    ///
    /// # Complexity
    /// O(degree) thawed; O(degree log degree) frozen, plus building the
    /// traversal index the first time it is needed.
    pub fn incident(&self, id: EntityId) -> impl Iterator<Item = Incident> + '_ {
        let Some(g) = self.topology.thawed() else {
            let mut row: Vec<Incident> = if self.topology.contains_node(id) {
                self.adjacency()
                    .entries(id.index())
                    .iter()
                    .map(|e| Incident {
                        relation: e.relation(),
                        other: e.other(),
                        outgoing: e.outgoing(),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            row.sort_unstable_by(|x, y| {
                y.outgoing
                    .cmp(&x.outgoing)
                    .then(y.relation.index().cmp(&x.relation.index()))
            });
            return topology::Either::A(row.into_iter());
        };
        let out = g.edges_directed(id, Direction::Outgoing).map(|e| Incident {
            relation: e.id(),
            other: e.target(),
            outgoing: true,
        });
        // A self-loop shows up in both lists; keep it once.
        let inc = g
            .edges_directed(id, Direction::Incoming)
            .filter(move |e| e.source() != id)
            .map(|e| Incident {
                relation: e.id(),
                other: e.source(),
                outgoing: false,
            });
        topology::Either::B(out.chain(inc))
    }

    /// Removes a relation; returns its ends, type and data.
    pub fn remove_relation(
        &mut self,
        id: RelationId,
    ) -> Option<(EntityId, RelTypeId, EntityId, Relation)> {
        let (a, kind, b) = self.topology.remove_edge(id)?;
        count_use(&mut self.relation_type_uses, kind.0 as usize, false);
        self.adjacency = OnceLock::new();
        self.by_relation_type = OnceLock::new();
        let data = self.relations.take(id.index());
        if self.journal.is_some() {
            self.note_removed_relation(id, (a, kind, b), &data);
        }
        Some((a, kind, b, data))
    }

    /// Removes an entity and every relation touching it; returns the entity.
    pub fn remove_entity(&mut self, id: EntityId) -> Option<Entity> {
        if !self.topology.contains_node(id) {
            return None;
        }
        let e = self.entity(id).to_entity();
        let touching: Vec<RelationId> = self.incident(id).map(|i| i.relation).collect();
        for r in touching {
            self.remove_relation(r);
        }
        if self.journal.is_some() {
            let copy = Box::new(e.clone());
            self.note(|| journal::Change::RemovedEntity(id, copy));
        }
        self.drop_entity(id);
        Some(e)
    }

    /// Removes an entity that no relation touches any more, from the store and
    /// from every index.
    fn drop_entity(&mut self, id: EntityId) {
        if let Some(mut index) = self.name_index.take() {
            let e = self.entity_ref(id.index());
            let keys = [e.id, e.name]
                .into_iter()
                .chain(e.aliases.iter().map(|a| &*a.text));
            for key in keys {
                index.remove(key, id);
            }
            self.name_index = OnceLock::from(index);
        }
        if let Some(kind) = self.topology.remove_node(id) {
            count_use(&mut self.entity_type_uses, kind.0 as usize, false);
        }
        self.adjacency = OnceLock::new();
        self.by_type = OnceLock::new();
        self.answer_rank = OnceLock::new();
        self.names.remove(id.index());
        self.extras.remove(&(id.index() as u32));
    }

    /// Takes back the last alias added to `id`.
    fn drop_last_alias(&mut self, id: EntityId) {
        let slot = id.index() as u32;
        let Some(alias) = self.extras.get_mut(&slot).and_then(|x| x.aliases.pop()) else {
            return;
        };
        if self
            .extras
            .get(&slot)
            .is_some_and(|x| *x == EntityExtra::default())
        {
            self.extras.remove(&slot);
        }
        let key = normalize(&alias.text);
        let e = self.entity_ref(id.index());
        let still_named = [e.id, e.name]
            .into_iter()
            .chain(e.aliases.iter().map(|a| &*a.text))
            .any(|k| normalize(k) == key);
        if !still_named {
            if let Some(index) = self.name_index.get_mut() {
                index.remove(&alias.text, id);
            }
        }
    }

    /// Adds an alias to an entity (the caller has checked it names no other entity).
    pub fn add_alias(&mut self, id: EntityId, alias: Alias) {
        assert!(
            self.topology.contains_node(id),
            "entity id from this graph: {id:?}"
        );
        if let Some(index) = self.name_index.get_mut() {
            index.insert(&alias.text, id);
        }
        self.note(|| journal::Change::AddedAlias(id));
        self.extras
            .entry(id.index() as u32)
            .or_default()
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
            std::iter::once(normalize(k.id))
                .chain(std::iter::once(normalize(k.name)))
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
            let mut attrs = self.entity(keep).attributes.cloned().unwrap_or_default();
            for (key, v) in *extra {
                attrs.entry(key).or_insert(v);
            }
            self.set_attributes(keep, Some(attrs));
        }
    }

    /// Forgets that the entities, aliases and relations the open journal noted
    /// as added came from `file`: things made in a session have no file position
    /// worth showing.
    ///
    /// # Complexity
    /// O(changes noted), not O(graph).
    pub(crate) fn forget_new_origins(&mut self, file: FileId) {
        let Some(j) = self.journal.take() else {
            return;
        };
        let clear = |o: &mut Origin| {
            if o.file == Some(file) {
                *o = Origin::default();
            }
        };
        for c in j.changes() {
            match *c {
                journal::Change::AddedEntity(id) => {
                    let slot = id.index();
                    if Origin::unpack(self.origins[slot]).file == Some(file) {
                        self.origins[slot] = [0; 2];
                    }
                    if let Some(x) = self.extras.get_mut(&(slot as u32)) {
                        x.aliases.iter_mut().for_each(|a| clear(&mut a.origin));
                    }
                }
                journal::Change::AddedAlias(id) => {
                    if let Some(a) = self
                        .extras
                        .get_mut(&(id.index() as u32))
                        .and_then(|x| x.aliases.last_mut())
                    {
                        clear(&mut a.origin);
                    }
                }
                journal::Change::AddedSource => {
                    if let Some(s) = self.sources.last_mut() {
                        clear(&mut s.origin);
                    }
                }
                journal::Change::Schema(_) => {
                    // Types declared by this edit: O(types), a schema is small.
                    self.schema
                        .entity_types_mut()
                        .for_each(|t| clear(&mut t.origin));
                    self.schema
                        .relation_types_mut()
                        .for_each(|t| clear(&mut t.origin));
                }
                journal::Change::AddedRelation(id)
                    if self.relations.get(id.index()).detail.is_some() =>
                {
                    if let Some(d) = self.relations.get_mut(id.index()).detail.as_mut() {
                        clear(&mut d.origin);
                    }
                }
                _ => {}
            }
        }
        self.journal = Some(j);
    }

    /// Reserves room for a bulk import.
    pub fn reserve(&mut self, entities: usize, relations: usize) {
        self.topology.reserve(entities, relations);
        self.names.reserve(entities, 0);
        self.origins.reserve(entities);
    }

    /// Reserves room for `bytes` more bytes of entity ids and names.
    pub(crate) fn reserve_names(&mut self, entities: usize, bytes: usize) {
        self.names.reserve(entities, bytes);
    }

    /// Whether removals left holes in the entity or relation numbering.
    pub fn has_holes(&self) -> bool {
        self.topology.node_count() != self.topology.node_bound()
            || self.topology.edge_count() != self.topology.edge_bound()
    }

    /// A copy numbered without holes, entities and relations in the same order.
    pub fn compacted(&self) -> KnowledgeGraph {
        let mut g = KnowledgeGraph {
            schema: self.schema.clone(),
            sources: self.sources.clone(),
            source_ids: self.source_ids.clone(),
            files: self.files.clone(),
            ..KnowledgeGraph::default()
        };
        g.reserve(self.entity_count(), self.relation_count());
        let mut map = vec![NodeIndex::end(); self.topology.node_bound()];
        for (id, e) in self.entities() {
            map[id.index()] = g.add_entity_unchecked(e.to_entity());
        }
        for r in self.relations() {
            let (a, kind, b) = self.relation_ends(r);
            g.add_relation(
                map[a.index()],
                kind,
                map[b.index()],
                self.relation(r).clone(),
            );
        }
        g
    }
}

fn index_entity(index: &mut NameIndex, id: EntityId, e: EntityRef<'_>) {
    index_entity_with(index, id, e, &mut String::new());
}

/// [`index_entity`] with a scratch buffer for the keys; a name equal to the id
/// files nothing new.
fn index_entity_with(index: &mut NameIndex, id: EntityId, e: EntityRef<'_>, buf: &mut String) {
    index.insert_with(e.id, id, buf);
    if e.name != e.id {
        index.insert_with(e.name, id, buf);
    }
    for a in e.aliases {
        index.insert_with(&a.text, id, buf);
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
