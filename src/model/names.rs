//! The name/alias index behind every lookup, keyed by [`normalize`]d names.

use rustc_hash::FxHashMap;

use super::EntityId;
pub use crate::normalize::normalize;

/// Normalised id, name and alias keys → the entities they name.
#[derive(Debug, Default, Clone)]
pub struct NameIndex {
    keys: FxHashMap<String, Vec<EntityId>>,
}

impl NameIndex {
    pub fn insert(&mut self, key: &str, id: EntityId) {
        let ids = self.keys.entry(normalize(key)).or_default();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }

    /// The entities whose id, name or an alias normalises to the same key as `name`.
    pub fn get(&self, name: &str) -> &[EntityId] {
        self.keys.get(&normalize(name)).map_or(&[], Vec::as_slice)
    }
}
