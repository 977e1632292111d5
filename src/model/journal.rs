//! Changes to the store as they happen, so an edit can be taken back without a
//! copy of the graph: a failed edit is rolled back where it stands, and `undo`
//! keeps the inverse of each edit rather than the graph before it.
//!
//! While a journal is open every primitive that changes the store (adding or
//! removing an entity, relation, alias, source or file; replacing attributes,
//! a relation's data or the schema) notes what it takes to reverse it. Reverting
//! plays the notes back in reverse order. Entities and relations come back at
//! the indices they had: petgraph's `StableGraph` hands out the most recently
//! freed slot first, and playing back in reverse frees and refills slots in
//! exactly the opposite order, so every later note still names the right slot.
//! Reverting an addition that grew the store leaves a free slot at its end,
//! which the next addition takes, as it would have taken a new one.
//! A frozen topology (`model::topology`) thaws into that `StableGraph` on its
//! first removal, so every removal, and every revert of an addition, runs on
//! petgraph's store, with its index reuse.

use super::{
    Adjacency, Attributes, Entity, EntityId, KnowledgeGraph, RelTypeId, Relation, RelationId,
    Schema,
};
use crate::error::Result;

/// One primitive change, with what it takes to reverse it.
#[derive(Debug, Clone)]
pub(crate) enum Change {
    AddedEntity(EntityId),
    RemovedEntity(EntityId, Box<Entity>),
    AddedRelation(RelationId),
    RemovedRelation(RelationId, Box<RemovedRelation>),
    /// A relation's validity and evidence, before they were replaced.
    ChangedRelation(RelationId, Relation),
    /// An alias was pushed onto this entity's list.
    AddedAlias(EntityId),
    /// The entity's attributes before they were replaced.
    SetAttributes(EntityId, Option<Box<Attributes>>),
    AddedSource,
    AddedFile,
    /// The whole schema before its first change in this journal (a schema is
    /// small beside any graph it types).
    Schema(Box<Schema>),
}

#[derive(Debug, Clone)]
pub(crate) struct RemovedRelation {
    from: EntityId,
    kind: RelTypeId,
    to: EntityId,
    data: Relation,
}

/// The notes of an open journal.
#[derive(Debug, Clone, Default)]
pub(crate) struct Journal {
    changes: Vec<Change>,
    /// Where the schema's note is, once the schema has changed.
    schema_at: Option<usize>,
}

impl Journal {
    pub(crate) fn changes(&self) -> &[Change] {
        &self.changes
    }
}

/// What one edit changed, in the order it changed it: enough to take it back.
#[derive(Debug, Clone, Default)]
pub struct Changes(Vec<Change>);

impl Changes {
    /// Number of primitive changes (the memory an undo record holds grows with it).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl KnowledgeGraph {
    /// Notes a change, when a journal is open.
    #[inline]
    pub(super) fn note(&mut self, change: impl FnOnce() -> Change) {
        if let Some(j) = self.journal.as_mut() {
            j.changes.push(change());
        }
    }

    /// Notes the schema as it is, before its first change under this journal.
    pub(super) fn note_schema(&mut self) {
        if let Some(j) = self.journal.as_mut() {
            if j.schema_at.is_none() {
                j.schema_at = Some(j.changes.len());
                j.changes
                    .push(Change::Schema(Box::new(self.schema.clone())));
            }
        }
    }

    pub(super) fn note_removed_relation(
        &mut self,
        id: RelationId,
        (from, kind, to): (EntityId, RelTypeId, EntityId),
        data: &Relation,
    ) {
        self.note(|| {
            Change::RemovedRelation(
                id,
                Box::new(RemovedRelation {
                    from,
                    kind,
                    to,
                    data: data.clone(),
                }),
            )
        });
    }

    /// Runs `f` all or nothing: when it fails, whatever it changed is reverted
    /// before the error is returned. Nests: inside another `atomically` or
    /// [`recording`](Self::recording), a failure reverts only its own changes.
    ///
    /// # Complexity
    /// O(changes made by `f`) beyond `f` itself, in time and memory.
    pub fn atomically<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let outer = self.journal.is_some();
        let journal = self.journal.get_or_insert_with(Journal::default);
        let mark = journal.changes.len();
        let result = f(self);
        let journal = self.journal.as_mut().expect("journal open");
        let failed = if result.is_err() {
            if journal.schema_at.is_some_and(|at| at >= mark) {
                journal.schema_at = None;
            }
            journal.changes.split_off(mark)
        } else {
            Vec::new()
        };
        if !outer {
            self.journal = None;
        }
        self.revert(Changes(failed));
        result
    }

    /// Runs `f` all or nothing (as [`atomically`](Self::atomically)) and returns
    /// what it changed, for [`revert`](Self::revert) to take back later.
    ///
    /// # Complexity
    /// O(changes made by `f`) beyond `f` itself, plus O(V + R) the first time
    /// on a frozen store (see `model::topology`), which is thawed first.
    ///
    /// # Panics
    /// When a journal is open already: an undo record holds one edit.
    pub fn recording<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<(T, Changes)> {
        assert!(self.journal.is_none(), "recordings do not nest");
        // Edits look up each entity's relations (`incident`), which a frozen
        // store answers from the traversal index, and every edit drops that
        // index: so a store being edited is thawed once, at its first edit,
        // and each lookup is then O(degree), not a rebuild of the index.
        self.topology.thaw();
        self.journal = Some(Journal::default());
        let result = f(self);
        let journal = self.journal.take().expect("journal open");
        let changes = Changes(journal.changes);
        match result {
            Ok(t) => Ok((t, changes)),
            Err(e) => {
                self.revert(changes);
                Err(e)
            }
        }
    }

    /// Takes back `changes`, last first, leaving the graph as it was before them.
    ///
    /// # Complexity
    /// O(changes), plus O(key length) per name-index entry touched.
    pub fn revert(&mut self, changes: Changes) {
        // Reverting is not itself a change to note.
        let open = self.journal.take();
        for change in changes.0.into_iter().rev() {
            match change {
                Change::AddedEntity(id) => self.drop_entity(id),
                Change::RemovedEntity(id, e) => {
                    let back = self.add_entity_unchecked(*e);
                    assert_eq!(back, id, "a reverted removal refills its own slot");
                }
                Change::AddedRelation(id) => {
                    self.remove_relation(id);
                }
                Change::RemovedRelation(id, r) => {
                    let back = self.add_relation(r.from, r.kind, r.to, r.data);
                    assert_eq!(back, id, "a reverted removal refills its own slot");
                }
                Change::ChangedRelation(id, old) => self.relations.set(id.index(), old),
                Change::AddedAlias(id) => self.drop_last_alias(id),
                Change::SetAttributes(id, old) => {
                    self.set_attributes(id, old.map(|a| *a));
                }
                Change::AddedSource => {
                    if let Some(s) = self.sources.pop() {
                        self.source_ids.remove(&s.id);
                    }
                }
                Change::AddedFile => {
                    self.files.pop();
                }
                Change::Schema(s) => {
                    self.schema = *s;
                    self.by_type = Default::default();
                    self.by_relation_type = Default::default();
                }
            }
        }
        self.journal = open;
    }

    /// Checks that every index kept up to date edit by edit equals one built
    /// afresh from the store; says what differs. For tests and fuzz targets.
    #[doc(hidden)]
    pub fn verify_indexes(&self) -> std::result::Result<(), String> {
        let fresh = {
            let mut g = self.clone();
            g.name_index = Default::default();
            g.adjacency = Default::default();
            g.by_type = Default::default();
            g.answer_rank = Default::default();
            g.by_relation_type = Default::default();
            g
        };
        if self.name_index() != fresh.name_index() {
            return Err("the name index differs from one built afresh".into());
        }
        if self.answer_ranks() != fresh.answer_ranks() {
            return Err("the answer order differs from one built afresh".into());
        }
        for (id, e) in self.entities() {
            if self.entity_by_id(e.id) != Some(id) {
                return Err(format!("the id table does not find '{}'", e.id));
            }
        }
        if self.names.len() != self.entity_count() {
            return Err("the id table holds removed entities".into());
        }
        let mut counted = self.clone();
        counted.recount_type_uses();
        let trim = |v: &[u32]| v.iter().rposition(|&n| n > 0).map_or(0, |i| i + 1);
        if self.entity_type_uses[..trim(&self.entity_type_uses)]
            != counted.entity_type_uses[..trim(&counted.entity_type_uses)]
            || self.relation_type_uses[..trim(&self.relation_type_uses)]
                != counted.relation_type_uses[..trim(&counted.relation_type_uses)]
        {
            return Err("the counts of type uses differ from a fresh count".into());
        }
        if let Some(kept) = self.adjacency.get() {
            if *kept != Adjacency::build(&self.topology) {
                return Err("the traversal index differs from one built afresh".into());
            }
        }
        for r in self.topology.edges() {
            let (a, _, b) = self.topology.edge(r).expect("a live relation");
            if !self.topology.contains_node(a) || !self.topology.contains_node(b) {
                return Err(format!("relation {} has a removed end", r.index()));
            }
        }
        Ok(())
    }
}

/// The names (display names and aliases) of the entities some changes touched,
/// before and after them: what a completion list must drop and add to follow an
/// edit without being rebuilt from the whole graph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NameDelta {
    pub before: Vec<(EntityId, Box<str>)>,
    pub after: Vec<(EntityId, Box<str>)>,
}

impl NameDelta {
    /// The delta of taking the changes back.
    pub fn inverse(self) -> NameDelta {
        NameDelta {
            before: self.after,
            after: self.before,
        }
    }

    pub fn extend(&mut self, other: NameDelta) {
        self.before.extend(other.before);
        self.after.extend(other.after);
    }
}

impl Changes {
    /// The names of every entity these changes touched, before and after them;
    /// `g` is the graph with the changes made.
    ///
    /// # Complexity
    /// O(changes + names of the entities touched).
    pub fn name_delta(&self, g: &KnowledgeGraph) -> NameDelta {
        use rustc_hash::FxHashMap;
        /// What an entity slot held before the changes, as far as seen.
        enum Before {
            /// Nothing: the changes added it.
            New,
            /// These names (from its removal).
            Names(Vec<Box<str>>),
            /// It is still here, with this many aliases added at the end.
            Present(usize),
        }
        let names_of = |name: &str, aliases: &[super::Alias], added: usize| {
            let keep = aliases.len().saturating_sub(added);
            std::iter::once(Box::from(name))
                .chain(aliases[..keep].iter().map(|a| a.text.clone()))
                .collect::<Vec<_>>()
        };
        let mut seen: FxHashMap<EntityId, Before> = FxHashMap::default();
        let mut order: Vec<EntityId> = Vec::new();
        for change in &self.0 {
            let (id, step) = match change {
                Change::AddedEntity(id) => (*id, Before::New),
                Change::AddedAlias(id) => (*id, Before::Present(1)),
                Change::RemovedEntity(id, e) => {
                    (*id, Before::Names(names_of(&e.name, &e.aliases, 0)))
                }
                Change::AddedRelation(_)
                | Change::RemovedRelation(..)
                | Change::ChangedRelation(..)
                | Change::SetAttributes(..)
                | Change::AddedSource
                | Change::AddedFile
                | Change::Schema(_) => continue,
            };
            match seen.get_mut(&id) {
                None => {
                    order.push(id);
                    seen.insert(id, step);
                }
                // Still here when last seen: an alias more, or removed with the
                // aliases added since.
                Some(b) => {
                    if let (Before::Present(n), Before::Present(_)) = (&*b, &step) {
                        *b = Before::Present(n + 1);
                    } else if let (Before::Present(n), Change::RemovedEntity(_, e)) = (&*b, change)
                    {
                        *b = Before::Names(names_of(&e.name, &e.aliases, *n));
                    }
                }
            }
        }
        let mut delta = NameDelta::default();
        for id in order {
            let now = g
                .topology
                .contains_node(id)
                .then(|| g.entity_ref(id.index()));
            let before = match seen.remove(&id) {
                Some(Before::Names(v)) => v,
                Some(Before::Present(n)) => {
                    now.map_or_else(Vec::new, |e| names_of(e.name, e.aliases, n))
                }
                Some(Before::New) | None => Vec::new(),
            };
            delta.before.extend(before.into_iter().map(|t| (id, t)));
            if let Some(e) = now {
                let after = names_of(e.name, e.aliases, 0);
                delta.after.extend(after.into_iter().map(|t| (id, t)));
            }
        }
        delta
    }
}
