//! The name/alias index behind every lookup, keyed by [`normalize`]d names.

use rustc_hash::FxHashMap;

use super::EntityId;
pub use crate::normalize::normalize;
use crate::normalize::normalize_into;

/// Normalised id, name and alias keys → the entities they name.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct NameIndex {
    keys: FxHashMap<String, Vec<EntityId>>,
}

impl NameIndex {
    /// An empty index with room for `keys` keys: building the index of a large
    /// graph in one go then never grows (rehashes) its table.
    pub fn with_capacity(keys: usize) -> Self {
        NameIndex {
            keys: FxHashMap::with_capacity_and_hasher(keys, Default::default()),
        }
    }

    /// Files `id` under `key`, normalising it in `buf` (a scratch buffer reused
    /// across calls): a key met before costs no allocation.
    pub fn insert_with(&mut self, key: &str, id: EntityId, buf: &mut String) {
        normalize_into(key, buf);
        match self.keys.get_mut(buf.as_str()) {
            Some(ids) => {
                if let Err(at) = ids.binary_search(&id) {
                    ids.insert(at, id);
                }
            }
            None => {
                self.keys.insert(buf.clone(), vec![id]);
            }
        }
    }

    /// Files `id` under `key`. Each key's entities stay in index order, so an
    /// index kept up to date edit by edit (and by undo) is the same as one built
    /// afresh, and whatever lists a key's entities lists them the same way.
    pub fn insert(&mut self, key: &str, id: EntityId) {
        self.insert_with(key, id, &mut String::new());
    }

    /// Takes `id` off `key` (the caller knows no other name of `id` has that key).
    pub fn remove(&mut self, key: &str, id: EntityId) {
        let k = normalize(key);
        if let Some(ids) = self.keys.get_mut(&k) {
            ids.retain(|&x| x != id);
            if ids.is_empty() {
                self.keys.remove(&k);
            }
        }
    }

    /// The entities whose id, name or an alias normalises to the same key as `name`.
    pub fn get(&self, name: &str) -> &[EntityId] {
        self.keys.get(&normalize(name)).map_or(&[], Vec::as_slice)
    }
}
