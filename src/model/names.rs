//! Name normalisation and the name/alias index behind every lookup.
//!
//! Users type "kurils", "Kuril", "sergei lavrov", "Sergey_Lavrov" or "Müller" as
//! "Muller"; all should land on the entity they mean. Keys are compared after
//! Unicode decomposition with accents dropped, lower-casing, `_` read as a space
//! and runs of white space folded to one.

use rustc_hash::FxHashMap;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::EntityId;

/// The lookup key of a name: accent-, case- and spacing-insensitive.
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_space = false;
    for c in name.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() || c == '_' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

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

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn folds_case_accents_and_spacing() {
        assert_eq!(normalize("Sergei  Lavrov"), "sergei lavrov");
        assert_eq!(
            normalize("Sergey_Viktorovich_Lavrov"),
            "sergey viktorovich lavrov"
        );
        assert_eq!(normalize("Müller"), "muller");
        assert_eq!(normalize(" Kuril\tIslands "), "kuril islands");
        assert_eq!(normalize("ＵＳＡ"), "usa");
    }
}
