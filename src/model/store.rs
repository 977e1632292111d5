//! Compact side tables of the store: entity ids and names in one string arena
//! with a hash table of indices into it, and relation details kept only for the
//! relations that have any.
//!
//! A million imported triples name a quarter of a million entities. Keeping each
//! name as its own `String` (once for the entity, once more as a hash-map key)
//! costs about 100 bytes per entity; here an entity costs its name's bytes once,
//! 12 bytes of offsets and about 5 bytes of hash table.

use std::hash::BuildHasher;
use std::sync::OnceLock;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use super::Relation;

/// Hash of an entity id, for the id table (and for interners that feed it).
#[inline]
pub(crate) fn hash_str(s: &str) -> u64 {
    FxBuildHasher.hash_one(s)
}

/// Entity ids and display names, by entity slot.
///
/// Every slot's text is one stretch of the arena: the id, then the display name
/// when it differs from the id (for imported triples it never does, so it is
/// stored once).
#[derive(Clone, Default)]
pub(crate) struct EntityNames {
    text: String,
    /// Per slot: start of the id, end of the id, end of the name (= end of the id
    /// when the name is the id).
    spans: Vec<[u32; 3]>,
    /// Slots of live entities, hashed by id. Built on first use when the names
    /// were read from a snapshot (`kg stats` never looks an id up); while it is
    /// not built, every slot holds a live entity.
    ids: OnceLock<HashTable<u32>>,
}

impl std::fmt::Debug for EntityNames {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntityNames")
            .field("entities", &self.spans.len())
            .field("text_bytes", &self.text.len())
            .finish()
    }
}

#[inline]
fn span_id<'a>(text: &'a str, spans: &[[u32; 3]], slot: u32) -> &'a str {
    let [a, b, _] = spans[slot as usize];
    &text[a as usize..b as usize]
}

/// The id table of `spans`, every slot live.
///
/// # Complexity
/// O(n) hashes of the ids, and one random write each into the table.
fn id_table(text: &str, spans: &[[u32; 3]]) -> HashTable<u32> {
    let mut ids = HashTable::with_capacity(spans.len());
    for slot in 0..spans.len() as u32 {
        let h = hash_str(span_id(text, spans, slot));
        ids.insert_unique(h, slot, |&s| hash_str(span_id(text, spans, s)));
    }
    ids
}

impl EntityNames {
    #[inline]
    fn ids(&self) -> &HashTable<u32> {
        self.ids.get_or_init(|| id_table(&self.text, &self.spans))
    }

    /// The id table for changing, with the arena and spans beside it.
    fn parts_mut(&mut self) -> (&mut HashTable<u32>, &mut String, &mut Vec<[u32; 3]>) {
        if self.ids.get().is_none() {
            let table = id_table(&self.text, &self.spans);
            self.ids = OnceLock::from(table);
        }
        let ids = self.ids.get_mut().expect("built just above");
        (ids, &mut self.text, &mut self.spans)
    }

    pub fn reserve(&mut self, entities: usize, text_bytes: usize) {
        let (ids, text, spans) = self.parts_mut();
        text.reserve(text_bytes);
        spans.reserve(entities);
        let (text, spans) = (&*text, &*spans);
        ids.reserve(entities, |&s| hash_str(span_id(text, spans, s)));
    }

    #[inline]
    pub fn id(&self, slot: usize) -> &str {
        span_id(&self.text, &self.spans, slot as u32)
    }

    #[inline]
    pub fn name(&self, slot: usize) -> &str {
        let [a, b, c] = self.spans[slot];
        if b == c {
            &self.text[a as usize..b as usize]
        } else {
            &self.text[b as usize..c as usize]
        }
    }

    /// The slot of the live entity with this id.
    #[inline]
    pub fn find(&self, id: &str) -> Option<usize> {
        self.find_hashed(id, hash_str(id))
    }

    #[inline]
    pub fn find_hashed(&self, id: &str, hash: u64) -> Option<usize> {
        let (text, spans) = (&self.text, &self.spans);
        self.ids()
            .find(hash, |&s| span_id(text, spans, s) == id)
            .map(|&s| s as usize)
    }

    /// Records `id` and `name` for `slot` (a new entity; the caller checked the id
    /// is free), given the hash of the id.
    pub fn insert_hashed(&mut self, slot: usize, id: &str, name: &str, hash: u64) {
        let (ids, text, spans) = self.parts_mut();
        let start = text.len();
        text.push_str(id);
        let id_end = text.len();
        if name != id {
            text.push_str(name);
        }
        let end = text.len();
        assert!(
            end <= u32::MAX as usize,
            "entity ids and names take more than 4 GiB"
        );
        let span = [start as u32, id_end as u32, end as u32];
        if slot >= spans.len() {
            spans.resize(slot + 1, [0; 3]);
        }
        spans[slot] = span;
        let (text, spans) = (&*text, &*spans);
        ids.insert_unique(hash, slot as u32, |&s| hash_str(span_id(text, spans, s)));
    }

    /// Forgets the id of `slot` (its text stays in the arena until the graph is rebuilt).
    pub fn remove(&mut self, slot: usize) {
        let (ids, text, spans) = self.parts_mut();
        let (text, spans) = (&*text, &*spans);
        let key = span_id(text, spans, slot as u32);
        let hash = hash_str(key);
        if let Ok(entry) = ids.find_entry(hash, |&s| span_id(text, spans, s) == key) {
            entry.remove();
        }
    }

    pub fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + self.spans.capacity() * 12
            + self.ids.get().map_or(0, |t| t.capacity() * 5)
    }

    /// Number of live entities.
    pub fn len(&self) -> usize {
        self.ids().len()
    }

    /// The raw arena and spans, for snapshots.
    pub(crate) fn raw(&self) -> (&str, &[[u32; 3]]) {
        (&self.text, &self.spans)
    }

    /// From an arena and spans whose every slot holds an entity (a snapshot's);
    /// the id table is built on the first lookup or change.
    pub(crate) fn from_raw(text: String, spans: Vec<[u32; 3]>) -> Self {
        EntityNames {
            text,
            spans,
            ids: OnceLock::new(),
        }
    }
}

/// Evidence, dates and the rest for the relations that have any; a bare imported
/// triple costs nothing here.
#[derive(Debug, Clone, Default)]
pub(crate) struct RelationData {
    /// Per relation index: position in `data`, or `NONE`. Only as long as the
    /// highest relation with data.
    slot: Vec<u32>,
    data: Vec<Relation>,
}

const NONE: u32 = u32::MAX;
static BARE: Relation = Relation {
    valid: None,
    detail: None,
};

impl RelationData {
    #[inline]
    pub fn get(&self, rel: usize) -> &Relation {
        match self.slot.get(rel) {
            Some(&i) if i != NONE => &self.data[i as usize],
            _ => &BARE,
        }
    }

    pub fn get_mut(&mut self, rel: usize) -> &mut Relation {
        if rel >= self.slot.len() {
            self.slot.resize(rel + 1, NONE);
        }
        if self.slot[rel] == NONE {
            self.slot[rel] = self.data.len() as u32;
            self.data.push(Relation::default());
        }
        &mut self.data[self.slot[rel] as usize]
    }

    /// Stores `r` for relation `rel`; bare relations take no room.
    pub fn set(&mut self, rel: usize, r: Relation) {
        if r.valid.is_none() && r.detail.is_none() {
            if let Some(i) = self.slot.get(rel).copied().filter(|&i| i != NONE) {
                self.data[i as usize] = Relation::default();
                self.slot[rel] = NONE;
            }
            return;
        }
        *self.get_mut(rel) = r;
    }

    pub fn take(&mut self, rel: usize) -> Relation {
        match self.slot.get(rel).copied() {
            Some(i) if i != NONE => {
                self.slot[rel] = NONE;
                std::mem::take(&mut self.data[i as usize])
            }
            _ => Relation::default(),
        }
    }

    /// Raw parts, for snapshots: per relation index, a position in `data` or `u32::MAX`.
    pub(crate) fn raw(&self) -> (&[u32], &[Relation]) {
        (&self.slot, &self.data)
    }

    pub(crate) fn from_raw(slot: Vec<u32>, data: Vec<Relation>) -> Self {
        RelationData { slot, data }
    }

    pub fn heap_bytes(&self) -> usize {
        self.slot.capacity() * 4 + self.data.capacity() * std::mem::size_of::<Relation>()
    }
}
