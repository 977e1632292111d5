//! Reading a kg JSON file record by record and field by field, for when serde's
//! all-at-once reading refused it.
//!
//! serde stops at the first wrong field, and everything after it goes unchecked.
//! Here a field that is unknown, missing or of the wrong JSON type is reported and
//! left out, and the rest of its record and of the file is still read, so that
//! `kg check` reports every problem in one run. What is left out is remembered
//! (`Shape::bad`) so the checks that would read it stay silent: each mistake is
//! reported once, not again where something refers to it.
//!
//! Paths are the paths of the format's fields (`entities/3/type`) even where the
//! file misspells a key that is read as the field it resembles; `Shape::renamed`
//! maps them back to the keys as written, for positions.

use rustc_hash::FxHashSet;
use serde_json::Value;

use super::format::{
    EntityRecord, EntityTypeRecord, EvidenceRecord, GraphFile, RelationRecord, RelationTypeRecord,
    SchemaRecord, SourceRecord, ValidRecord,
};
use super::locate::{Path, Step};
use crate::error::Problem;
use crate::suggest;

/// Where a problem points: at a key as written, or at a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Key,
    Value,
}

/// What reading a file field by field found besides its records.
#[derive(Debug, Default)]
pub(crate) struct Shape {
    pub problems: Vec<(Path, Anchor, Problem)>,
    /// Records left out (not an object, no id) and fields whose value could not
    /// be read: the checks that would look at them are skipped.
    pub bad: FxHashSet<Path>,
    /// Misspelt keys read as the field they resemble: the field's path and the
    /// key as written.
    pub renamed: Vec<(Path, String)>,
    /// Objects with a key that was reported unknown and not read as another:
    /// a field they lack may be that key, so its absence is not reported again.
    pub unread: FxHashSet<Path>,
}

/// What the whole file must be, in words.
pub(crate) const FILE_KIND: &str = "a JSON object such as {\"kg\": 1, \"entities\": [...]}";

const HINT: &str = "see docs/format.md for the fields each record takes";

const TOP: &[&str] = &["kg", "schema", "sources", "entities", "relations"];
const SCHEMA: &[&str] = &["entity_types", "relation_types"];
const ENTITY_TYPE: &[&str] = &["id", "description"];
const RELATION_TYPE: &[&str] = &[
    "id",
    "description",
    "from",
    "to",
    "symmetric",
    "inverse",
    "codes",
    "extract",
];
const SOURCE: &[&str] = &[
    "id",
    "title",
    "publisher",
    "date",
    "url",
    "background",
    "kind",
    "text",
    "sha256",
];
const ENTITY: &[&str] = &["id", "name", "type", "aliases", "attributes"];
const RELATION: &[&str] = &[
    "id",
    "from",
    "type",
    "to",
    "evidence",
    "valid",
    "confidence",
    "attributes",
];
const EVIDENCE: &[&str] = &["source", "quote", "date"];
const RANGE: &[&str] = &["from", "to"];

/// Reads `v`, the whole file, into the records it holds, reporting every field
/// that does not fit the format.
///
/// # Complexity
/// O(size of `v`), plus a copy of each `codes`, `extract` and `attributes` value.
pub(crate) fn read(v: &Value) -> (GraphFile, Shape) {
    let mut r = Reader::default();
    let mut file = GraphFile::default();
    let Some(top) = r.object(v, &Vec::new(), "the file", FILE_KIND, TOP) else {
        return (file, r.shape);
    };
    file.kg = r.whole(&top, "kg");
    if let Some((p, v)) = top.get("schema").filter(|(_, v)| !v.is_null()) {
        if let Some(s) = r.object(v, &p, "the schema", "an object", SCHEMA) {
            file.schema = Some(SchemaRecord {
                entity_types: r.records(&s, "entity_types", entity_type),
                relation_types: r.records(&s, "relation_types", relation_type),
            });
        }
    }
    file.sources = r.records(&top, "sources", source);
    file.entities = r.records(&top, "entities", entity);
    file.relations = r.records(&top, "relations", relation);
    (file, r.shape)
}

/// The fields of one object that the format knows, with their paths.
struct Fields<'v> {
    path: Path,
    /// The record in words, for messages: "an entity".
    what: &'static str,
    list: Vec<(&'static str, &'v Value)>,
    /// Whether a key was neither known nor read as a known one: a field found
    /// missing may be that key, reported already.
    unread: bool,
}

impl<'v> Fields<'v> {
    fn get(&self, name: &str) -> Option<(Path, &'v Value)> {
        self.list.iter().find(|(n, _)| *n == name).map(|&(n, v)| {
            let mut p = self.path.clone();
            p.push(Step::Key(n.to_string()));
            (p, v)
        })
    }
}

/// A value in words, for "got …": `the string "high"`, `an array`.
fn got(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => {
            const SHOWN: usize = 40;
            let short: String = s.chars().take(SHOWN).collect();
            let more = if s.chars().count() > SHOWN { "…" } else { "" };
            format!("the string {}{more}", Value::String(short))
        }
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

#[derive(Default)]
struct Reader {
    shape: Shape,
}

impl Reader {
    fn problem(&mut self, path: Path, anchor: Anchor, p: Problem) {
        self.shape.problems.push((path, anchor, p));
    }

    fn wrong(&mut self, path: Path, what: &str, name: &str, expected: &str, v: &Value) {
        self.problem(
            path.clone(),
            Anchor::Value,
            Problem::new(format!(
                "\"{name}\" of {what} must be {expected}, got {}",
                got(v)
            ))
            .hint(HINT),
        );
        self.shape.bad.insert(path);
    }

    /// The known fields of the object `v` at `path`. An unknown key is reported,
    /// and read as the field it closely resembles when the object lacks that
    /// field, so a misspelt `"tpye"` does not bring a second problem where the
    /// type was needed.
    fn object<'v>(
        &mut self,
        v: &'v Value,
        path: &Path,
        what: &'static str,
        kind: &str,
        known: &'static [&'static str],
    ) -> Option<Fields<'v>> {
        let Value::Object(map) = v else {
            let p = Problem::new(if path.is_empty() {
                format!("not a kg graph file: it must be {kind}, got {}", got(v))
            } else {
                format!("{what} must be {kind}, got {}", got(v))
            })
            .hint(HINT);
            self.problem(path.clone(), Anchor::Value, p);
            self.shape.bad.insert(path.clone());
            return None;
        };
        let mut fields = Fields {
            path: path.clone(),
            what,
            list: Vec::new(),
            unread: false,
        };
        for (k, val) in map {
            if let Some(&name) = known.iter().find(|n| **n == k.as_str()) {
                fields.list.push((name, val));
                continue;
            }
            let close = suggest::closest(k, known.iter().copied());
            let mut at = path.clone();
            at.push(Step::Key(k.clone()));
            let p = Problem::new(format!("unknown field '{k}' in {what}"));
            let p = match suggest::did_you_mean(&close) {
                Some(h) => p.hint(h),
                None => p.hint(format!("the fields of {what} are {}", known.join(", "))),
            };
            self.problem(at, Anchor::Key, p);
            let Some(&name) = (match close.as_slice() {
                [one] => known.iter().find(|n| **n == one.as_str()),
                _ => None,
            }) else {
                fields.unread = true;
                continue;
            };
            if !map.contains_key(name) && fields.list.iter().all(|(n, _)| *n != name) {
                fields.list.push((name, val));
                let mut canonical = path.clone();
                canonical.push(Step::Key(name.to_string()));
                self.shape.renamed.push((canonical, k.clone()));
            } else {
                fields.unread = true;
            }
        }
        if fields.unread {
            self.shape.unread.insert(path.clone());
        }
        Some(fields)
    }

    /// An optional string (absent or null: none).
    fn string(&mut self, f: &Fields, name: &str) -> Option<String> {
        let (p, v) = f.get(name)?;
        match v {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            other => {
                self.wrong(p, f.what, name, "a string", other);
                None
            }
        }
    }

    /// A string the record cannot do without; `None` (reported) when absent or wrong.
    fn required(&mut self, f: &Fields, name: &str) -> Option<String> {
        if f.get(name).is_none() {
            if !f.unread {
                self.problem(
                    f.path.clone(),
                    Anchor::Value,
                    Problem::new(format!("{} has no \"{name}\"", f.what)).hint(HINT),
                );
            }
            let mut p = f.path.clone();
            p.push(Step::Key(name.to_string()));
            self.shape.bad.insert(p);
            return None;
        }
        let (p, v) = f.get(name)?;
        if v.is_null() {
            self.wrong(p, f.what, name, "a string", v);
            return None;
        }
        self.string(f, name)
    }

    fn flag(&mut self, f: &Fields, name: &str) -> bool {
        match f.get(name) {
            None => false,
            Some((_, Value::Bool(b))) => *b,
            Some((p, other)) => {
                self.wrong(p, f.what, name, "true or false", other);
                false
            }
        }
    }

    fn whole(&mut self, f: &Fields, name: &str) -> Option<u32> {
        let (p, v) = f.get(name)?;
        match v {
            Value::Null => None,
            Value::Number(n) if n.as_u64().is_some_and(|n| u32::try_from(n).is_ok()) => {
                n.as_u64().map(|n| n as u32)
            }
            other => {
                self.wrong(p, f.what, name, "a whole number", other);
                None
            }
        }
    }

    fn number(&mut self, f: &Fields, name: &str) -> Option<f64> {
        let (p, v) = f.get(name)?;
        match v {
            Value::Null => None,
            Value::Number(n) if n.as_f64().is_some_and(f64::is_finite) => n.as_f64(),
            Value::Number(n) => {
                self.problem(
                    p.clone(),
                    Anchor::Value,
                    Problem::new(format!(
                        "\"{name}\" of {}: the number {n} is out of range",
                        f.what
                    ))
                    .hint(HINT),
                );
                self.shape.bad.insert(p);
                None
            }
            other => {
                self.wrong(p, f.what, name, "a number", other);
                None
            }
        }
    }

    /// A list of strings; each element that is not one is reported. `None` when
    /// any was not, or the value is no list: the field is then read as absent.
    fn strings(&mut self, f: &Fields, name: &str) -> Option<Vec<String>> {
        let Some((p, v)) = f.get(name) else {
            return Some(Vec::new());
        };
        let Value::Array(items) = v else {
            self.wrong(p, f.what, name, "a list of strings", v);
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (j, item) in items.iter().enumerate() {
            match item {
                Value::String(s) => out.push(s.clone()),
                other => {
                    let mut at = p.clone();
                    at.push(Step::Index(j));
                    self.problem(
                        at,
                        Anchor::Value,
                        Problem::new(format!(
                            "\"{name}\" of {} must hold strings only, got {}",
                            f.what,
                            got(other)
                        ))
                        .hint(HINT),
                    );
                    ok = false;
                }
            }
        }
        if !ok {
            self.shape.bad.insert(p);
            return None;
        }
        Some(out)
    }

    /// A JSON object kept as it is (`attributes`).
    fn map(&mut self, f: &Fields, name: &str) -> Option<serde_json::Map<String, Value>> {
        let (p, v) = f.get(name)?;
        match v {
            Value::Null => None,
            Value::Object(m) => Some(m.clone()),
            other => {
                self.wrong(p, f.what, name, "an object", other);
                None
            }
        }
    }

    /// A field read by its own serde type (`codes`, `extract`).
    fn typed<T: serde::de::DeserializeOwned>(&mut self, f: &Fields, name: &str) -> Option<T> {
        let (p, v) = f.get(name)?;
        if v.is_null() {
            return None;
        }
        match serde_json::from_value(v.clone()) {
            Ok(t) => Some(t),
            Err(e) => {
                self.problem(
                    p.clone(),
                    Anchor::Value,
                    Problem::new(format!(
                        "\"{name}\" of {}: {}",
                        f.what,
                        super::json::json_terms(&e.to_string())
                    ))
                    .hint(HINT),
                );
                self.shape.bad.insert(p);
                None
            }
        }
    }

    /// The records of the list `name`, one per element whatever it holds, so that
    /// indices stay those of the file; an element that is no record is a default
    /// one, its path in `bad`.
    fn records<T: Default>(
        &mut self,
        f: &Fields,
        name: &str,
        read: fn(&mut Reader, &Value, &Path) -> Option<T>,
    ) -> Vec<T> {
        let Some((p, v)) = f.get(name) else {
            return Vec::new();
        };
        let Value::Array(items) = v else {
            self.wrong(p, f.what, name, "a list of records", v);
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .map(|(j, item)| {
                let mut at = p.clone();
                at.push(Step::Index(j));
                read(self, item, &at).unwrap_or_else(|| {
                    self.shape.bad.insert(at);
                    T::default()
                })
            })
            .collect()
    }
}

fn entity_type(r: &mut Reader, v: &Value, p: &Path) -> Option<EntityTypeRecord> {
    let f = r.object(v, p, "an entity type", "an object", ENTITY_TYPE)?;
    let description = r.string(&f, "description");
    Some(EntityTypeRecord {
        id: r.required(&f, "id")?,
        description,
    })
}

fn relation_type(r: &mut Reader, v: &Value, p: &Path) -> Option<RelationTypeRecord> {
    let f = r.object(v, p, "a relation type", "an object", RELATION_TYPE)?;
    // A list of end types that cannot be read restricts nothing, rather than
    // restricting to the names that could be.
    let t = RelationTypeRecord {
        id: String::new(),
        description: r.string(&f, "description"),
        from: r.strings(&f, "from").unwrap_or_default(),
        to: r.strings(&f, "to").unwrap_or_default(),
        symmetric: r.flag(&f, "symmetric"),
        inverse: r.string(&f, "inverse"),
        codes: r.typed(&f, "codes").unwrap_or_default(),
        extract: r.typed(&f, "extract"),
    };
    Some(RelationTypeRecord {
        id: r.required(&f, "id")?,
        ..t
    })
}

fn source(r: &mut Reader, v: &Value, p: &Path) -> Option<SourceRecord> {
    let f = r.object(v, p, "a source", "an object", SOURCE)?;
    let s = SourceRecord {
        id: String::new(),
        title: r.string(&f, "title"),
        publisher: r.string(&f, "publisher"),
        date: r.string(&f, "date"),
        url: r.string(&f, "url"),
        background: r.flag(&f, "background"),
        kind: r.string(&f, "kind"),
        text: r.string(&f, "text"),
        sha256: r.string(&f, "sha256"),
    };
    Some(SourceRecord {
        id: r.required(&f, "id")?,
        ..s
    })
}

fn entity(r: &mut Reader, v: &Value, p: &Path) -> Option<EntityRecord> {
    let f = r.object(v, p, "an entity", "an object", ENTITY)?;
    let e = EntityRecord {
        id: String::new(),
        name: r.string(&f, "name"),
        kind: r.string(&f, "type"),
        aliases: r.strings(&f, "aliases").unwrap_or_default(),
        attributes: r.map(&f, "attributes"),
    };
    // Without an id the entity is left out, but its names are kept: the
    // relations that use them are not reported again (see `Shape::bad`).
    let Some(id) = r.required(&f, "id") else {
        r.shape.bad.insert(p.clone());
        return Some(e);
    };
    Some(EntityRecord { id, ..e })
}

fn relation(r: &mut Reader, v: &Value, p: &Path) -> Option<RelationRecord> {
    let f = r.object(v, p, "a relation", "an object", RELATION)?;
    // A missing end or type leaves the record to be checked for the rest; the
    // loader skips what `bad` names.
    let from = r.required(&f, "from").unwrap_or_default();
    let kind = r.required(&f, "type").unwrap_or_default();
    let to = r.required(&f, "to").unwrap_or_default();
    Some(RelationRecord {
        id: r.string(&f, "id"),
        from,
        kind,
        to,
        evidence: r.records(&f, "evidence", evidence),
        valid: validity(r, &f),
        confidence: r.number(&f, "confidence"),
        attributes: r.map(&f, "attributes"),
    })
}

fn evidence(r: &mut Reader, v: &Value, p: &Path) -> Option<EvidenceRecord> {
    let f = r.object(v, p, "evidence", "an object", EVIDENCE)?;
    Some(EvidenceRecord {
        source: r.string(&f, "source"),
        quote: r.string(&f, "quote"),
        date: r.string(&f, "date"),
    })
}

fn validity(r: &mut Reader, f: &Fields) -> Option<ValidRecord> {
    let (p, v) = f.get("valid")?;
    match v {
        Value::Null => None,
        Value::String(s) => Some(ValidRecord::At(s.clone())),
        Value::Object(_) => {
            let range = r.object(v, &p, "a validity range", "an object", RANGE)?;
            Some(ValidRecord::Range {
                from: r.string(&range, "from"),
                to: r.string(&range, "to"),
            })
        }
        other => {
            r.wrong(
                p,
                f.what,
                "valid",
                r#"a date such as "2016-04", or {"from": DATE, "to": DATE}"#,
                other,
            );
            None
        }
    }
}
