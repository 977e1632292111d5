//! The schema: which entity types exist, and which relation types may join them.
//!
//! Types are interned to small integers so the petgraph store can keep them as
//! node and edge weights. Types created on the fly by bulk imports are marked
//! undeclared: they carry no constraints and are not written back as schema.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::Origin;

/// Index of an entity type in the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TypeId(pub u32);

/// Index of a relation type in the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct RelTypeId(pub u32);

/// The type every imported entity gets unless told otherwise.
pub const DEFAULT_ENTITY_TYPE: &str = "entity";

#[derive(Debug, Clone, PartialEq)]
pub struct EntityType {
    pub id: Box<str>,
    pub description: Option<String>,
    /// False for types that appeared in imported data without a declaration.
    pub declared: bool,
    /// Where it was declared (the file it is saved back to).
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RelationType {
    pub id: Box<str>,
    pub description: Option<String>,
    /// Entity types allowed at the tail (`from`); empty means any.
    pub from: Vec<TypeId>,
    /// Entity types allowed at the head (`to`); empty means any.
    pub to: Vec<TypeId>,
    /// A symmetric relation reads the same both ways ("tension with").
    pub symmetric: bool,
    /// How to read the relation backwards ("visits" → "visited by").
    pub inverse: Option<String>,
    /// External codes, e.g. `{"cameo": "042"}`, for mapping coded event data.
    pub codes: BTreeMap<String, String>,
    /// How `kg extract` finds the relation in text (patterns, examples).
    pub extract: Option<Box<ExtractRules>>,
    pub declared: bool,
    /// Where it was declared (the file it is saved back to).
    pub origin: Origin,
}

/// A relation type's extraction rules: what a sentence that states the
/// relation looks like. They live in the schema, so an analyst extends the
/// extractor to a new domain by editing data, not code.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an extract object with patterns and examples"
)]
pub struct ExtractRules {
    /// Patterns in the language of [`crate::pattern`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<String>,
    /// Sentences the patterns must read; the test suite runs each one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<ExtractExample>,
    /// Less specific types this one stands in for: where both read the same
    /// two entities in one passage, only this one is proposed
    /// (`urges_restraint_on` over `appeals_to`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<String>,
}

/// A sentence and the relation it states, by the names it uses.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an example object with text, from and to"
)]
pub struct ExtractExample {
    pub text: String,
    pub from: String,
    pub to: String,
}

impl RelationType {
    pub fn undeclared(id: &str) -> Self {
        RelationType {
            id: id.into(),
            description: None,
            from: Vec::new(),
            to: Vec::new(),
            symmetric: false,
            inverse: None,
            codes: BTreeMap::new(),
            extract: None,
            declared: false,
            origin: Origin::default(),
        }
    }

    /// Label for reading the relation against its stored direction: the declared
    /// inverse ("visits" → "visited by"), or the label itself for a symmetric type.
    ///
    /// `None` when the type declares no inverse (every type a dataset import
    /// creates): there is no word for it backwards, and "Consult (inverse)" reads
    /// as if the relation went the other way. Answers then show it from the other
    /// end instead (`Fumio Kishida ←Consult— Lavrov`).
    pub fn backward_label(&self) -> Option<String> {
        if self.symmetric {
            return Some(self.label());
        }
        self.inverse.clone()
    }

    /// Label for reading the relation along its stored direction.
    ///
    /// An id of lowercase snake_case words, as kg's schemas write them, reads
    /// with underscores as spaces ("based_in" → "based in"). Any other name is a
    /// dataset's and is shown as written: FB15k-237's
    /// "/location/adjoin_s./location/adjoins/adjoins" is a path whose underscores
    /// are part of it, WN18RR's "_hypernym" starts with one, ICEWS's "Make a
    /// visit" has its spaces already. The rule reads the id alone, so a dataset
    /// exported as kg JSON (where its types become declared) reads the same.
    pub fn label(&self) -> String {
        relation_label(&self.id)
    }
}

/// [`RelationType::label`] of a type id, for writers that hold only the id
/// (a drawing reads every relation along its stored direction).
pub fn relation_label(id: &str) -> String {
    if is_snake_case_words(id) {
        id.replace('_', " ")
    } else {
        id.to_string()
    }
}

/// "based_in", "head_of_state_of", "g7_member": lowercase ASCII words (letters
/// and digits, the first a letter) joined by single underscores.
fn is_snake_case_words(id: &str) -> bool {
    id.split('_').all(|w| {
        w.starts_with(|c: char| c.is_ascii_lowercase())
            && w.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    })
}

#[derive(Debug, Clone)]
pub struct Schema {
    entity_types: Vec<EntityType>,
    entity_type_ids: FxHashMap<Box<str>, TypeId>,
    relation_types: Vec<RelationType>,
    relation_type_ids: FxHashMap<Box<str>, RelTypeId>,
}

impl Default for Schema {
    fn default() -> Self {
        let mut s = Schema {
            entity_types: Vec::new(),
            entity_type_ids: FxHashMap::default(),
            relation_types: Vec::new(),
            relation_type_ids: FxHashMap::default(),
        };
        s.intern_entity_type(DEFAULT_ENTITY_TYPE);
        s
    }
}

impl Schema {
    pub fn entity_type_id(&self, name: &str) -> Option<TypeId> {
        self.entity_type_ids.get(name).copied()
    }

    pub fn relation_type_id(&self, name: &str) -> Option<RelTypeId> {
        self.relation_type_ids.get(name).copied()
    }

    pub fn entity_type(&self, id: TypeId) -> &EntityType {
        &self.entity_types[id.0 as usize]
    }

    pub fn entity_type_mut(&mut self, id: TypeId) -> &mut EntityType {
        &mut self.entity_types[id.0 as usize]
    }

    pub fn relation_type(&self, id: RelTypeId) -> &RelationType {
        &self.relation_types[id.0 as usize]
    }

    pub fn relation_type_mut(&mut self, id: RelTypeId) -> &mut RelationType {
        &mut self.relation_types[id.0 as usize]
    }

    pub fn entity_types(&self) -> impl ExactSizeIterator<Item = (TypeId, &EntityType)> {
        self.entity_types
            .iter()
            .enumerate()
            .map(|(i, t)| (TypeId(i as u32), t))
    }

    pub fn relation_types(&self) -> impl ExactSizeIterator<Item = (RelTypeId, &RelationType)> {
        self.relation_types
            .iter()
            .enumerate()
            .map(|(i, t)| (RelTypeId(i as u32), t))
    }

    pub fn entity_types_mut(&mut self) -> impl Iterator<Item = &mut EntityType> {
        self.entity_types.iter_mut()
    }

    pub fn relation_types_mut(&mut self) -> impl Iterator<Item = &mut RelationType> {
        self.relation_types.iter_mut()
    }

    /// The id of entity type `name`, created undeclared if it is new.
    pub fn intern_entity_type(&mut self, name: &str) -> TypeId {
        if let Some(id) = self.entity_type_id(name) {
            return id;
        }
        let id = TypeId(self.entity_types.len() as u32);
        self.entity_types.push(EntityType {
            id: name.into(),
            description: None,
            declared: false,
            origin: Origin::default(),
        });
        self.entity_type_ids.insert(name.into(), id);
        id
    }

    /// The id of relation type `name`, created undeclared if it is new.
    pub fn intern_relation_type(&mut self, name: &str) -> RelTypeId {
        if let Some(id) = self.relation_type_id(name) {
            return id;
        }
        self.add_relation_type(RelationType::undeclared(name))
    }

    /// Adds a relation type; the caller has checked that its id is new.
    pub fn add_relation_type(&mut self, rt: RelationType) -> RelTypeId {
        let id = RelTypeId(self.relation_types.len() as u32);
        self.relation_type_ids.insert(rt.id.clone(), id);
        self.relation_types.push(rt);
        id
    }

    /// Whether a relation of type `rt` may go from an entity of type `from` to one of type `to`.
    /// For symmetric types either orientation is accepted.
    pub fn allows(&self, rt: RelTypeId, from: TypeId, to: TypeId) -> bool {
        let t = self.relation_type(rt);
        let fits = |allowed: &[TypeId], ty: TypeId| allowed.is_empty() || allowed.contains(&ty);
        (fits(&t.from, from) && fits(&t.to, to))
            || (t.symmetric && fits(&t.from, to) && fits(&t.to, from))
    }

    pub fn entity_type_names(&self) -> impl Iterator<Item = &str> {
        self.entity_types.iter().map(|t| &*t.id)
    }

    pub fn relation_type_names(&self) -> impl Iterator<Item = &str> {
        self.relation_types.iter().map(|t| &*t.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dataset_type_names_are_shown_as_written_and_have_no_backward_label() {
        for name in [
            "/location/adjoin_s./location/adjoins/adjoins",
            "_hypernym",
            "Make a visit",
            "Arrest, detain, or charge with legal action",
            "based__in",
            "Based_in",
        ] {
            let t = RelationType::undeclared(name);
            assert_eq!(t.label(), name);
            assert_eq!(t.backward_label(), None);
        }
        for (id, label) in [
            ("based_in", "based in"),
            ("g7_member", "g7 member"),
            ("cites", "cites"),
        ] {
            assert_eq!(RelationType::undeclared(id).label(), label);
        }
        let mut own = RelationType::undeclared("based_in");
        own.inverse = Some("home of".into());
        assert_eq!(own.backward_label().as_deref(), Some("home of"));
        own.symmetric = true;
        assert_eq!(own.backward_label().as_deref(), Some("based in"));
    }
}
