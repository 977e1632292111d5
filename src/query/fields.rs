//! What an answer carries (`--fields id,name`, `"fields": ["id"]`): a script
//! that needs the entities' ids only asks for them, and kg then neither builds
//! nor writes the rest (names, types, the relations and their evidence).

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The names `--fields` takes, in the order help lists them.
pub const NAMES: [&str; 5] = ["id", "name", "type", "relations", "evidence"];

/// The parts of a path or neighbourhood answer to build: each entity's `id`,
/// `name` and `type`, the relations among them, and their evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fields {
    pub id: bool,
    pub name: bool,
    #[serde(rename = "type")]
    pub kind: bool,
    pub relations: bool,
    pub evidence: bool,
}

impl Default for Fields {
    fn default() -> Self {
        Fields::ALL
    }
}

impl Fields {
    /// The whole answer, as when no `fields` are given.
    pub const ALL: Fields = Fields {
        id: true,
        name: true,
        kind: true,
        relations: true,
        evidence: true,
    };

    pub fn is_all(&self) -> bool {
        *self == Fields::ALL
    }

    /// Whether an entity field or the relations are left out: a shape for
    /// scripts (JSON), which a text answer or a drawing cannot take.
    pub fn is_partial(&self) -> bool {
        !(self.id && self.name && self.kind && self.relations)
    }

    /// The parts `names` lists (none listed: all of them), less the evidence
    /// when `no_evidence`. Evidence comes with its relations, so listing
    /// `evidence` keeps the relations too.
    ///
    /// # Errors
    /// A name not in [`NAMES`]; a list naming none of `id`, `name`, `type` (the
    /// entities would show nothing); `evidence` listed with `no_evidence`.
    pub fn from_names(names: &[String], no_evidence: bool) -> Result<Fields> {
        if names.is_empty() {
            return Ok(Fields {
                evidence: !no_evidence,
                ..Fields::ALL
            });
        }
        let mut f = Fields {
            id: false,
            name: false,
            kind: false,
            relations: false,
            evidence: false,
        };
        for n in names {
            match n.trim() {
                "id" => f.id = true,
                "name" => f.name = true,
                "type" => f.kind = true,
                "relations" => f.relations = true,
                "evidence" => f.evidence = true,
                other => {
                    return Err(Error::BadRequest {
                        message: format!("'fields' takes {}, not '{other}'", NAMES.join(", ")),
                        suggestions: crate::suggest::closest(other, NAMES),
                    })
                }
            }
        }
        if !(f.id || f.name || f.kind) {
            return Err(Error::usage(
                "'fields' names none of id, name, type: the entities would show nothing",
            ));
        }
        if f.evidence && no_evidence {
            return Err(Error::usage(
                "'fields' lists evidence and 'no_evidence' leaves it out: give one of them",
            ));
        }
        f.relations |= f.evidence;
        Ok(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn no_list_is_everything_and_no_evidence_takes_only_the_evidence() {
        assert!(Fields::from_names(&[], false).unwrap().is_all());
        let f = Fields::from_names(&[], true).unwrap();
        assert!(f.relations && !f.evidence && f.id && f.name && f.kind);
    }

    #[test]
    fn a_list_keeps_what_it_names_and_evidence_brings_its_relations() {
        let f = Fields::from_names(&list(&["id"]), false).unwrap();
        assert!(f.id && !f.name && !f.kind && !f.relations && !f.evidence);
        let f = Fields::from_names(&list(&["name", "evidence"]), false).unwrap();
        assert!(!f.id && f.name && f.relations && f.evidence);
    }

    #[test]
    fn lists_that_say_nothing_or_contradict_are_refused() {
        let e = Fields::from_names(&list(&["relations"]), false).unwrap_err();
        assert!(e.to_string().contains("none of id, name, type"), "{e}");
        let e = Fields::from_names(&list(&["id", "evidence"]), true).unwrap_err();
        assert!(e.to_string().contains("give one"), "{e}");
        let e = Fields::from_names(&list(&["nam"]), false).unwrap_err();
        assert!(e.to_string().contains("not 'nam'"), "{e}");
    }
}
