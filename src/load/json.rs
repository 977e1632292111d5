//! Reading kg JSON graph files into the store, validating as it goes.
//!
//! All JSON files of one load are validated together, in phases, so that a schema
//! file and a facts file can come in any order: entity types, relation types,
//! sources, entities, then relations. Every problem is collected with the JSON path
//! of the value at fault; positions are looked up once at the end (see `locate`).

use std::borrow::Cow;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::format::{
    EntityRecord, EvidenceRecord, GraphFile, RelationRecord, RelationTypeRecord, ValidRecord,
    FORMAT_VERSION,
};
use super::locate::{self, LineIndex, Path, Step};
use super::shape::{self, Anchor, Shape};
use crate::date::{Date, Span};
use crate::error::{Location, Problem};
use crate::model::{
    normalize, Alias, Entity, EntityId, Evidence, FileId, KnowledgeGraph, Origin, RelTypeId,
    Relation, RelationDetail, RelationType, Source, SourceKind, TypeId,
};
use crate::suggest;

/// One parsed JSON graph file, with the positions of its records.
pub(crate) struct JsonDoc {
    file: Arc<str>,
    text: String,
    doc: GraphFile,
    positions: FxHashMap<Path, usize>,
    /// What reading the file field by field found, when serde refused it whole.
    shape: Shape,
}

impl JsonDoc {
    /// Whether the record or field at `path` could not be read (and was reported).
    fn bad(&self, path: &[Step]) -> bool {
        !self.shape.bad.is_empty() && self.shape.bad.contains(path)
    }

    /// Whether the object at `path` had an unknown key, reported already.
    fn unread(&self, path: &[Step]) -> bool {
        !self.shape.unread.is_empty() && self.shape.unread.contains(path)
    }

    /// `path` with the keys as the file writes them (a misspelt key read as a field).
    fn written<'p>(&self, path: &'p Path) -> Cow<'p, Path> {
        if self.shape.renamed.is_empty() {
            return Cow::Borrowed(path);
        }
        let mut out = path.clone();
        for k in 1..=path.len() {
            if let Some((_, w)) = self
                .shape
                .renamed
                .iter()
                .find(|(c, _)| c.as_slice() == &path[..k])
            {
                out[k - 1] = Step::Key(w.clone());
            }
        }
        Cow::Owned(out)
    }
}

/// Parses one file. Only a syntax error ends it: nothing after it is readable. A
/// file serde refuses for its shape (an unknown key, a string where a list
/// belongs) is read again field by field (see `shape`), so that its other
/// records are still checked.
pub(crate) fn parse(file: Arc<str>, text: String) -> Result<JsonDoc, Problem> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    // Syntax first: the record-shape check below scans text that must be valid JSON.
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(body) {
        return Err(serde_problem(&file, &text, &e));
    }
    let strict = match serde_json::from_str::<GraphFile>(body) {
        Ok(doc) if !has_array_record(&text) => Ok(doc),
        Ok(_) => Err(None),
        Err(e) => Err(Some(e)),
    };
    let (doc, shape) = match strict {
        Ok(doc) => (doc, Shape::default()),
        Err(refused) => {
            let value: serde_json::Value = match serde_json::from_str(body) {
                Ok(v) => v,
                // Nested past serde_json's limit, which `IgnoredAny` does not keep.
                Err(e) => {
                    return Err(array_record(&file, &text).unwrap_or_else(|| {
                        serde_problem(&file, &text, refused.as_ref().unwrap_or(&e))
                    }))
                }
            };
            let (doc, mut shape) = shape::read(&value);
            repeated_keys(&text, &mut shape);
            match refused {
                // What serde refuses and a reading field by field does not see
                // (a key given twice, which a JSON object keeps once) in serde's words.
                Some(e) if shape.problems.is_empty() => {
                    return Err(serde_problem(&file, &text, &e))
                }
                _ => (doc, shape),
            }
        }
    };
    let positions = locate::scan(&text, &record_paths);
    Ok(JsonDoc {
        file,
        text,
        doc,
        positions,
        shape,
    })
}

/// The paths whose positions every load records: each record, and each alias.
fn record_paths(path: &[Step]) -> bool {
    match path {
        [Step::Key(k), Step::Index(_)] => {
            matches!(k.as_str(), "entities" | "relations" | "sources")
        }
        [Step::Key(e), Step::Index(_), Step::Key(a), Step::Index(_)] => {
            e == "entities" && a == "aliases"
        }
        _ => false,
    }
}

/// The record at `path` in words, for the records serde reads as structs.
fn record_kind(path: &[Step]) -> Option<&'static str> {
    fn k(s: &Step) -> &str {
        match s {
            Step::Key(k) => k,
            Step::Index(_) => "",
        }
    }
    let kind = match path {
        [] => "the file",
        [a] if k(a) == "schema" => "the schema",
        [a, Step::Index(_)] => match k(a) {
            "sources" => "a source",
            "entities" => "an entity",
            "relations" => "a relation",
            _ => return None,
        },
        [a, b, Step::Index(_)] if k(a) == "schema" => match k(b) {
            "entity_types" => "an entity type",
            "relation_types" => "a relation type",
            _ => return None,
        },
        [a, Step::Index(_), b, Step::Index(_)] if k(a) == "relations" && k(b) == "evidence" => {
            "evidence"
        }
        _ => return None,
    };
    Some(kind)
}

/// Keys a record gives twice, which serde refuses and a JSON object keeps once
/// (the last).
fn repeated_keys(text: &str, shape: &mut Shape) {
    let in_record = |p: &[Step]| match p {
        [parent @ .., Step::Key(_)] => {
            record_kind(parent).is_some()
                || matches!(parent, [Step::Key(r), Step::Index(_), Step::Key(v)] if r == "relations" && v == "valid")
        }
        _ => false,
    };
    let repeats: Vec<Path> = locate::repeated_keys(text, &in_record)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    for path in &repeats {
        // Under a repeated key, the second value's keys meet the first's paths.
        if repeats
            .iter()
            .any(|r| r.len() < path.len() && path.starts_with(r))
        {
            continue;
        }
        let Some(Step::Key(k)) = path.last() else {
            continue;
        };
        let what = record_kind(&path[..path.len() - 1]).unwrap_or("a validity range");
        let p = Problem::new(format!("{what} gives \"{k}\" twice"))
            .hint("keep one of them; the other checks read the last");
        shape.problems.push((path.clone(), Anchor::Key, p));
    }
}

/// serde also reads a struct from a JSON array (`["x"]` as an entity whose id is
/// "x"); the format has objects only, so a file with an array in a record's place
/// is read field by field, which refuses it.
fn has_array_record(text: &str) -> bool {
    let found = locate::scan(text, &|p: &[Step]| record_kind(p).is_some());
    found
        .into_values()
        .any(|o| text.as_bytes().get(o) == Some(&b'['))
}

/// The first array in a record's place, for a file too deeply nested to read
/// field by field, in the words `shape` uses.
fn array_record(file: &Arc<str>, text: &str) -> Option<Problem> {
    let found = locate::scan(text, &|p: &[Step]| record_kind(p).is_some());
    let (path, offset) = found
        .into_iter()
        .filter(|&(_, o)| text.as_bytes().get(o) == Some(&b'['))
        .min_by_key(|&(_, o)| o)?;
    let (line, column) = LineIndex::new(text).position(offset);
    let message = match record_kind(&path) {
        Some("the file") | None => format!(
            "not a kg graph file: it must be {}, got an array",
            shape::FILE_KIND
        ),
        Some(what) => format!("{what} must be an object, got an array"),
    };
    Some(
        Problem::new(message)
            .hint("see docs/format.md for the fields each record takes")
            .at(Location::new(file, line, column)),
    )
}

/// serde reports a wrong value or an unknown key at its last character; step back
/// to where the string, number or literal starts, so the column names the token.
fn token_start(text: &str, offset: usize) -> usize {
    let b = text.as_bytes();
    match b.get(offset) {
        Some(b'"') => {
            let mut i = offset;
            while i > 0 {
                i -= 1;
                if b[i] == b'"' && b[..i].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 0
                {
                    return i;
                }
            }
            offset
        }
        Some(c) if c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'+') => {
            let mut i = offset;
            while i > 0
                && (b[i - 1].is_ascii_alphanumeric() || matches!(b[i - 1], b'.' | b'-' | b'+'))
            {
                i -= 1;
            }
            i
        }
        _ => offset,
    }
}

/// A serde_json error as a located problem, with our own wording and a hint.
fn serde_problem(file: &Arc<str>, text: &str, e: &serde_json::Error) -> Problem {
    let raw = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let msg = raw.strip_suffix(&suffix).unwrap_or(&raw).to_string();
    // serde read the text without its byte-order mark; so do positions here.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = LineIndex::new(text);
    let mut offset = lines.serde_offset(e.line(), e.column());
    use serde_json::error::Category;
    if e.classify() == Category::Data {
        offset = token_start(text, offset);
    }
    let (line, column) = lines.position(offset);
    let loc = Location::new(file, line, column);
    let problem = match e.classify() {
        Category::Eof if text.trim().is_empty() => Problem::new("the file is empty")
            .hint(r#"a kg graph file holds one JSON object, such as {"kg": 1, "entities": []}"#),
        // Nothing is read from a file that is not JSON: records read up to the
        // mistake would be checked against a graph without those after it, and
        // every reference to one of these would be reported as unknown.
        Category::Eof => Problem::new(format!("malformed JSON: {msg}")).hint(
            "the file ends too early; check that every {, [ and \" is closed (no record of this file was checked)",
        ),
        Category::Syntax => Problem::new(format!("malformed JSON: {msg}")).hint(
            "check for a missing comma, quote or bracket just before this point (no record of this file was checked)",
        ),
        Category::Io => Problem::new(msg),
        Category::Data => {
            let p = Problem::new(format!("not a kg graph file: {}", json_terms(&msg)));
            match unknown_field_hint(&msg) {
                Some(h) => p.hint(h),
                None => p.hint("see docs/format.md for the fields each record takes"),
            }
        }
    };
    problem.at(loc)
}

/// serde names Rust types ("expected f64", "invalid type: map"); say them in JSON's words.
pub(crate) fn json_terms(msg: &str) -> String {
    const TERMS: [(&str, &str); 6] = [
        ("invalid type: map,", "invalid type: object,"),
        ("invalid type: sequence,", "invalid type: array,"),
        ("expected a map", "expected an object"),
        ("expected a sequence", "expected an array"),
        ("expected f64", "expected a number"),
        ("expected u32", "expected a whole number"),
    ];
    TERMS
        .iter()
        .fold(msg.to_string(), |m, (from, to)| m.replace(from, to))
}

/// For serde's "unknown field `x`, expected one of `a`, `b`": "did you mean 'a'?".
fn unknown_field_hint(msg: &str) -> Option<String> {
    let rest = msg.strip_prefix("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    suggest::did_you_mean(&suggest::closest(field, names.iter().copied()))
        .or_else(|| Some(format!("the fields here are {}", names.join(", "))))
}

/// Problems named by JSON path, turned into located problems at the end.
struct Pending {
    items: Vec<(usize, Path, Anchor, Problem)>,
    /// Unknown entity references so far; past [`SUGGESTED_REFERENCES`] they get
    /// no "did you mean" (see there).
    unknown: usize,
    /// Quotes not found in their source's text so far; past
    /// [`SUGGESTED_REFERENCES`] they get no closest passage (a search of the
    /// whole text each).
    misquoted: usize,
    /// The lists that could not be read: a reference that resolves to nothing
    /// may name one of their records, so it is not reported.
    unread: Unread,
}

/// Which lists of records a load could not read: all of them when a file is not
/// JSON, one when it is of the wrong JSON type (`"entities": {...}`).
#[derive(Debug, Clone, Copy, Default)]
struct Unread {
    entities: bool,
    sources: bool,
    entity_types: bool,
    relation_types: bool,
}

impl Unread {
    fn of(docs: &[JsonDoc], partial: bool) -> Unread {
        let any = |path: &[&str]| {
            let path: Path = path.iter().map(|k| key(k)).collect();
            partial || docs.iter().any(|d| d.bad(&path))
        };
        Unread {
            entities: any(&["entities"]),
            sources: any(&["sources"]),
            entity_types: any(&["schema"]) || any(&["schema", "entity_types"]),
            relation_types: any(&["schema"]) || any(&["schema", "relation_types"]),
        }
    }
}

/// How many unknown entity references get a "did you mean". Each suggestion
/// compares the name with every name of the graph: for a file whose thousands of
/// references all miss (a wrong id scheme, a missing entity file) that would be
/// seconds of work for hints nobody reads past the first screens.
const SUGGESTED_REFERENCES: usize = 100;

impl Pending {
    fn push(&mut self, doc: usize, path: Path, problem: Problem) {
        self.items.push((doc, path, Anchor::Value, problem));
    }

    /// Places each problem at its path's value (or key), or, where the file has
    /// no such value (a field it lacks), at the nearest enclosing one.
    fn resolve(self, docs: &[JsonDoc], out: &mut Vec<Problem>) {
        for (d, doc) in docs.iter().enumerate() {
            let mine: Vec<(Path, Anchor, &Problem)> = self
                .items
                .iter()
                .filter(|(i, ..)| *i == d)
                .map(|(_, p, a, problem)| (doc.written(p).into_owned(), *a, problem))
                .collect();
            if mine.is_empty() {
                continue;
            }
            let mut wanted: FxHashSet<Path> = FxHashSet::default();
            let mut keys: FxHashSet<Path> = FxHashSet::default();
            for (p, a, _) in &mine {
                if *a == Anchor::Key {
                    keys.insert(p.clone());
                }
                for k in 0..=p.len() {
                    wanted.insert(p[..k].to_vec());
                }
            }
            let found = locate::scan(&doc.text, &|p: &[Step]| wanted.contains(p));
            let found_keys = if keys.is_empty() {
                FxHashMap::default()
            } else {
                locate::scan_keys(&doc.text, &|p: &[Step]| keys.contains(p))
            };
            let lines = LineIndex::new(&doc.text);
            // Columns are counted on from the one before (see `LineIndex`): asked
            // for in file order, thousands of problems on one line cost one walk.
            let mut offsets: Vec<(Option<usize>, &Problem)> = mine
                .iter()
                .map(|(path, anchor, problem)| {
                    let key = match anchor {
                        Anchor::Key => found_keys.get(path).copied(),
                        Anchor::Value => None,
                    };
                    let at = key.or_else(|| {
                        (0..=path.len())
                            .rev()
                            .find_map(|k| found.get(&path[..k]).copied())
                    });
                    (at, *problem)
                })
                .collect();
            offsets.sort_by_key(|&(o, _)| o);
            let mut located: Vec<Problem> = offsets
                .into_iter()
                .map(|(offset, problem)| {
                    let (line, column) = offset.map_or((0, 0), |o| lines.position(o));
                    problem.clone().at(Location::new(&doc.file, line, column))
                })
                .collect();
            located.sort_by(|a, b| a.location.cmp(&b.location));
            out.extend(located);
        }
    }
}

fn key(k: &str) -> Step {
    Step::Key(k.to_string())
}

/// The path of the `i`th record of a schema section.
fn at_schema(section: &str, i: usize) -> Path {
    vec![key("schema"), key(section), Step::Index(i)]
}

fn at(section: &str, i: usize) -> Path {
    vec![key(section), Step::Index(i)]
}

fn field(section: &str, i: usize, name: &str) -> Path {
    vec![key(section), Step::Index(i), key(name)]
}

fn parse_date(s: &str, doc: usize, path: Path, pending: &mut Pending) -> Option<Date> {
    match s.parse::<Date>() {
        Ok(d) => Some(d),
        Err(e) => {
            pending.push(
                doc,
                path,
                Problem::new(format!("bad date: {e}"))
                    .hint("write dates as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2016-03-14"),
            );
            None
        }
    }
}

/// Validates `docs` together and adds what they define to `g`. Problems go to `out`;
/// the caller discards `g` when there are any.
///
/// `partial` says that a file of the load could not be read: references that
/// resolve to nothing are then not reported, since they may name its records.
pub(crate) fn build(
    g: &mut KnowledgeGraph,
    docs: &[JsonDoc],
    partial: bool,
    out: &mut Vec<Problem>,
) {
    let mut pending = Pending {
        items: Vec::new(),
        unknown: 0,
        misquoted: 0,
        unread: Unread::of(docs, partial),
    };
    for (d, doc) in docs.iter().enumerate() {
        for (path, anchor, p) in &doc.shape.problems {
            pending.items.push((d, path.clone(), *anchor, p.clone()));
        }
    }
    let file_ids: Vec<FileId> = docs.iter().map(|d| g.add_file(&d.file)).collect();
    let lines: Vec<LineIndex> = docs.iter().map(|d| LineIndex::new(&d.text)).collect();
    let origin = |d: usize, path: Path| {
        // The line only: a column costs a walk along its line, and a graph
        // written on one line would pay it for every record.
        let line = docs[d]
            .positions
            .get(&*docs[d].written(&path))
            .map_or(0, |&o| lines[d].line(o));
        Origin {
            file: Some(file_ids[d]),
            line,
        }
    };

    for (d, doc) in docs.iter().enumerate() {
        if let Some(v) = doc.doc.kg {
            if v != FORMAT_VERSION {
                pending.push(
                    d,
                    vec![key("kg")],
                    Problem::new(format!(
                    "this file is kg format version {v}; this kg reads version {FORMAT_VERSION}"
                ))
                    .hint("upgrade kg, or convert the file"),
                );
            }
        }
    }

    schema(g, docs, &mut pending, &origin);
    sources(g, docs, &mut pending, &origin);
    let reported = entities(g, docs, &mut pending, &origin);
    relations(g, docs, &reported, &mut pending, &origin);
    pending.resolve(docs, out);
}

/// Where a type was declared first, for "declared twice": `file:line:column` in
/// the documents, or the graph being extended. Each call scans one document, so
/// only the first [`PLACED_DUPLICATES`] duplicates are placed.
fn first_declared(docs: &[JsonDoc], first: Option<&(usize, Path)>, placed: &mut usize) -> String {
    let Some((d, path)) = first else {
        return "by the graph it is added to".into();
    };
    *placed += 1;
    if *placed > PLACED_DUPLICATES {
        return format!("in {}", docs[*d].file);
    }
    let text = &docs[*d].text;
    let path = docs[*d].written(path);
    let found = locate::scan(text, &|p: &[Step]| p == path.as_slice());
    let (line, column) = found
        .get(&*path)
        .map_or((0, 0), |&o| LineIndex::new(text).position(o));
    format!("at {}", Location::new(&docs[*d].file, line, column))
}

/// How many "declared twice" problems say where the first declaration is.
const PLACED_DUPLICATES: usize = 100;

fn schema(
    g: &mut KnowledgeGraph,
    docs: &[JsonDoc],
    pending: &mut Pending,
    origin: &dyn Fn(usize, Path) -> Origin,
) {
    let mut declared: FxHashMap<String, usize> = FxHashMap::default();
    // Where each type ("e"ntity or "r"elation, and id) was first declared in
    // these documents.
    let mut first_at: FxHashMap<(&str, String), (usize, Path)> = FxHashMap::default();
    let mut placed = 0;
    for (d, doc) in docs.iter().enumerate() {
        let Some(s) = &doc.doc.schema else { continue };
        for (i, t) in s.entity_types.iter().enumerate() {
            if doc.bad(&at_schema("entity_types", i)) {
                continue;
            }
            let path = vec![
                key("schema"),
                key("entity_types"),
                Step::Index(i),
                key("id"),
            ];
            if t.id.trim().is_empty() {
                pending.push(d, path, Problem::new("entity type with an empty id"));
                continue;
            }
            if let Some(existing) = g.schema().entity_type_id(&t.id) {
                let et = g.schema().entity_type(existing);
                if et.declared && !declared.contains_key(&t.id) && et.description == t.description {
                    // Already declared, identically, by the graph being extended.
                    declared.insert(t.id.clone(), d);
                    continue;
                }
            }
            if declared.insert(t.id.clone(), d).is_some()
                || g.schema()
                    .entity_type_id(&t.id)
                    .is_some_and(|id| g.schema().entity_type(id).declared)
            {
                let first = first_declared(docs, first_at.get(&("e", t.id.clone())), &mut placed);
                pending.push(
                    d,
                    path,
                    Problem::new(format!(
                        "entity type '{}' is declared twice (first declared {first})",
                        t.id
                    ))
                    .hint("declare each type once, in one schema"),
                );
                continue;
            }
            first_at.insert(("e", t.id.clone()), (d, path));
            let id = g.schema_mut().intern_entity_type(&t.id);
            let et = g.schema_mut().entity_type_mut(id);
            et.declared = true;
            et.description = t.description.clone();
            et.origin = origin(d, at_schema("entity_types", i));
        }
    }
    for (_, t) in g.schema().entity_types() {
        if t.declared {
            declared.entry(t.id.to_string()).or_insert(usize::MAX);
        }
    }
    let type_names: Vec<String> = declared.keys().cloned().collect();
    let mut seen_here: Vec<String> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let Some(s) = &doc.doc.schema else { continue };
        for (i, t) in s.relation_types.iter().enumerate() {
            let base = vec![key("schema"), key("relation_types"), Step::Index(i)];
            if doc.bad(&base) {
                continue;
            }
            let with = |k: &str| {
                let mut p = base.clone();
                p.push(key(k));
                p
            };
            if t.id.trim().is_empty() {
                pending.push(
                    d,
                    with("id"),
                    Problem::new("relation type with an empty id"),
                );
                continue;
            }
            let existing = g.schema().relation_type_id(&t.id);
            if existing.is_some_and(|id| same_relation_type(g, id, t)) && !seen_here.contains(&t.id)
            {
                seen_here.push(t.id.clone());
                continue;
            }
            seen_here.push(t.id.clone());
            if existing.is_some_and(|id| g.schema().relation_type(id).declared) {
                let first = first_declared(docs, first_at.get(&("r", t.id.clone())), &mut placed);
                pending.push(
                    d,
                    with("id"),
                    Problem::new(format!(
                        "relation type '{}' is declared twice (first declared {first})",
                        t.id
                    ))
                    .hint("declare each type once, in one schema"),
                );
                continue;
            }
            first_at.insert(("r", t.id.clone()), (d, with("id")));
            // A side naming a type the schema lacks restricts nothing: its
            // other types alone would refuse relations the file meant to allow,
            // each then reported as a second problem.
            let mut ends = |names: &[String], side: &str| -> Vec<TypeId> {
                let mut ids = Vec::new();
                let mut unknown = false;
                for (j, n) in names.iter().enumerate() {
                    match g
                        .schema()
                        .entity_type_id(n)
                        .filter(|_| declared.contains_key(n) || n == "entity")
                    {
                        Some(id) => ids.push(id),
                        None => {
                            let mut p = with(side);
                            p.push(Step::Index(j));
                            if !pending.unread.entity_types {
                                pending.push(d, p, Problem::new(format!(
                                    "relation type '{}' names entity type '{n}', which the schema does not declare", t.id
                                )).suggest(&suggest::closest(n, type_names.iter().map(String::as_str))));
                            }
                            unknown = true;
                        }
                    }
                }
                if unknown {
                    ids.clear();
                }
                ids
            };
            let from = ends(&t.from, "from");
            let to = ends(&t.to, "to");
            for (j, text) in t.extract.iter().flat_map(|x| x.patterns.iter()).enumerate() {
                if let Err(why) = crate::pattern::parse(text) {
                    let mut p = with("extract");
                    p.extend([key("patterns"), Step::Index(j)]);
                    pending.push(
                        d,
                        p,
                        Problem::new(format!(
                            "relation type '{}' has a pattern kg cannot read: {why}",
                            t.id
                        ))
                        .hint("docs/extract.md describes the pattern language"),
                    );
                }
            }
            if t.symmetric && t.inverse.is_some() {
                pending.push(
                    d,
                    with("inverse"),
                    Problem::new(format!(
                        "relation type '{}' is symmetric, so it has no inverse label",
                        t.id
                    ))
                    .hint("drop \"inverse\", or make the type directed"),
                );
            }
            let rt = RelationType {
                id: t.id.as_str().into(),
                description: t.description.clone(),
                from,
                to,
                symmetric: t.symmetric,
                inverse: t.inverse.clone(),
                codes: t.codes.clone(),
                extract: t.extract.clone().map(Box::new),
                declared: true,
                origin: origin(d, at_schema("relation_types", i)),
            };
            // A type an import created on the fly gets its declaration now.
            match existing {
                Some(id) => *g.schema_mut().relation_type_mut(id) = rt,
                None => {
                    g.schema_mut().add_relation_type(rt);
                }
            }
        }
    }
}

/// Whether the declared relation type `id` says exactly what `t` says.
fn same_relation_type(g: &KnowledgeGraph, id: RelTypeId, t: &RelationTypeRecord) -> bool {
    let s = g.schema();
    let rt = s.relation_type(id);
    let names = |ids: &[TypeId]| {
        ids.iter()
            .map(|&i| s.entity_type(i).id.to_string())
            .collect::<Vec<_>>()
    };
    rt.declared
        && rt.description == t.description
        && names(&rt.from) == t.from
        && names(&rt.to) == t.to
        && rt.symmetric == t.symmetric
        && rt.inverse == t.inverse
        && rt.codes == t.codes
        // A declaration without extraction rules repeats one that has them.
        && (t.extract.is_none() || rt.extract.as_deref() == t.extract.as_ref())
}

fn sources(
    g: &mut KnowledgeGraph,
    docs: &[JsonDoc],
    pending: &mut Pending,
    origin: &dyn Fn(usize, Path) -> Origin,
) {
    for (d, doc) in docs.iter().enumerate() {
        for (i, s) in doc.doc.sources.iter().enumerate() {
            if doc.bad(&at("sources", i)) {
                continue;
            }
            if s.id.trim().is_empty() {
                pending.push(
                    d,
                    field("sources", i, "id"),
                    Problem::new("source with an empty id"),
                );
                continue;
            }
            if g.source_id(&s.id).is_some() {
                pending.push(
                    d,
                    field("sources", i, "id"),
                    Problem::new(format!("duplicate source id '{}'", s.id))
                        .hint("give each source its own id"),
                );
                continue;
            }
            let date = s
                .date
                .as_deref()
                .and_then(|t| parse_date(t, d, field("sources", i, "date"), pending));
            let kind = source_kind(s, d, i, pending);
            let text = source_text(s, d, i, pending);
            g.add_source(Source {
                id: s.id.as_str().into(),
                title: s.title.clone(),
                publisher: s.publisher.clone(),
                date,
                url: s.url.clone(),
                background: s.background || kind == Some(SourceKind::Background),
                kind,
                text: text.map(Into::into),
                origin: origin(d, at("sources", i)),
            });
        }
    }
}

/// The largest source text kept with a graph: a long article is 50 KB; a
/// megabyte is a book, which belongs in a file of its own, not a graph.
pub const SOURCE_TEXT_LIMIT: usize = 1 << 20;

fn source_kind(
    s: &super::format::SourceRecord,
    d: usize,
    i: usize,
    pending: &mut Pending,
) -> Option<SourceKind> {
    let name = s.kind.as_deref()?;
    let Some(kind) = SourceKind::of(name) else {
        let names: Vec<&str> = SourceKind::ALL.iter().map(|k| k.name()).collect();
        pending.push(
            d,
            field("sources", i, "kind"),
            Problem::new(format!("unknown source kind '{name}'"))
                .suggest(&suggest::closest(name, names.iter().copied()))
                .hint_or(&format!("a source is one of: {}", names.join(", "))),
        );
        return None;
    };
    if s.background && kind != SourceKind::Background {
        pending.push(
            d,
            field("sources", i, "kind"),
            Problem::new(format!(
                "source '{}' is background knowledge, not a {name}",
                s.id
            ))
            .hint("drop \"background\", or make the kind background"),
        );
    }
    Some(kind)
}

/// The text of a source, checked: not empty, within the limit, and equal to
/// its recorded SHA-256.
fn source_text(
    s: &super::format::SourceRecord,
    d: usize,
    i: usize,
    pending: &mut Pending,
) -> Option<String> {
    let Some(text) = s.text.as_deref() else {
        if s.sha256.is_some() {
            pending.push(
                d,
                field("sources", i, "sha256"),
                Problem::new(format!("source '{}' has a sha256 but no text", s.id))
                    .hint("give its \"text\", or drop \"sha256\""),
            );
        }
        return None;
    };
    if text.trim().is_empty() {
        pending.push(
            d,
            field("sources", i, "text"),
            Problem::new(format!("source '{}' has an empty text", s.id)),
        );
        return None;
    }
    if text.len() > SOURCE_TEXT_LIMIT {
        pending.push(
            d,
            field("sources", i, "text"),
            Problem::new(format!(
                "the text of source '{}' is {} bytes, over the limit of {} (1 MiB)",
                s.id,
                text.len(),
                SOURCE_TEXT_LIMIT
            ))
            .hint("keep the passages the evidence quotes, or the article itself, not a whole collection"),
        );
        return None;
    }
    let sum = crate::verbatim::sha256_hex(text);
    if let Some(want) = s.sha256.as_deref() {
        if !want.eq_ignore_ascii_case(&sum) {
            pending.push(
                d,
                field("sources", i, "sha256"),
                Problem::new(format!(
                    "the text of source '{}' does not match its sha256: it changed since it was registered",
                    s.id
                ))
                .hint(format!("if the new text is right, write \"sha256\": \"{sum}\"")),
            );
        }
    }
    Some(text.to_string())
}

/// Who first used a lookup key: the entity, where, and as what.
struct KeyOwner {
    entity: usize,
    what: &'static str,
}

/// Entities kept for reference checks though a problem with them is reported
/// already: the checks of the relations that name them keep silent about it.
#[derive(Default)]
struct Reported {
    /// Entities whose type is unknown: any relation end fits them.
    untyped: FxHashSet<EntityId>,
    /// Entities whose id or name is another's alias: a reference that is
    /// ambiguous between them is that problem again.
    clashing: FxHashSet<EntityId>,
    /// The names and aliases (as lookup keys) of entity records left out (no
    /// id, an id taken): a reference to one of them is that problem again.
    left_out: FxHashSet<String>,
}

/// The lookup keys a record's references may use: its id, name and aliases.
fn names_of(e: &EntityRecord) -> impl Iterator<Item = String> + '_ {
    std::iter::once(&e.id)
        .chain(&e.name)
        .chain(&e.aliases)
        .map(|n| normalize(n))
        .filter(|k| !k.is_empty())
}

fn entities(
    g: &mut KnowledgeGraph,
    docs: &[JsonDoc],
    pending: &mut Pending,
    origin: &dyn Fn(usize, Path) -> Origin,
) -> Reported {
    let mut reported = Reported::default();
    let type_names: Vec<String> = g
        .schema()
        .entity_types()
        .filter(|&(id, t)| t.declared || g.entity_type_uses(id) > 0)
        .map(|(_, t)| t.id.to_string())
        .collect();
    let all: Vec<(usize, usize, &EntityRecord)> = docs
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| {
            doc.doc
                .entities
                .iter()
                .enumerate()
                .map(move |(i, e)| (d, i, e))
        })
        .collect();
    let display = |e: &EntityRecord| e.name.clone().unwrap_or_else(|| e.id.clone());

    // Entities the graph had before this load (when extending a session's graph).
    let base_bound = g.node_bound();
    // Ids and names first, so an alias is checked against every entity whatever the order.
    let mut owners: FxHashMap<String, KeyOwner> = FxHashMap::default();
    let mut first_at: FxHashMap<&str, (usize, usize)> = FxHashMap::default();
    let mut ok = vec![true; all.len()];
    for (n, &(d, i, e)) in all.iter().enumerate() {
        if docs[d].bad(&at("entities", i)) {
            ok[n] = false;
            reported.left_out.extend(names_of(e));
            continue;
        }
        if e.id.trim().is_empty() {
            pending.push(
                d,
                field("entities", i, "id"),
                Problem::new("entity with an empty id"),
            );
            ok[n] = false;
            reported.left_out.extend(names_of(e));
            continue;
        }
        if let Some(existing) = g.entity_by_id(&e.id) {
            let first = g
                .origin_text(g.entity(existing).origin)
                .unwrap_or_else(|| "in this session".into());
            pending.push(
                d,
                field("entities", i, "id"),
                Problem::new(format!(
                    "duplicate entity id '{}' (first defined at {first})",
                    e.id
                ))
                .hint("give each entity its own id, or merge the two records"),
            );
            ok[n] = false;
            reported.left_out.extend(names_of(e));
            continue;
        }
        if let Some(&(fd, fi)) = first_at.get(e.id.as_str()) {
            let first = g
                .origin_text(origin(fd, at("entities", fi)))
                .unwrap_or_default();
            pending.push(
                d,
                field("entities", i, "id"),
                Problem::new(format!(
                    "duplicate entity id '{}' (first defined at {first})",
                    e.id
                ))
                .hint("give each entity its own id, or merge the two records"),
            );
            ok[n] = false;
            reported.left_out.extend(names_of(e));
            continue;
        }
        first_at.insert(&e.id, (d, i));
        owners.entry(normalize(&e.id)).or_insert(KeyOwner {
            entity: n,
            what: "id",
        });
        owners.entry(normalize(&display(e))).or_insert(KeyOwner {
            entity: n,
            what: "name",
        });
    }
    let mut alias_owner: FxHashMap<String, usize> = FxHashMap::default();
    for (n, &(d, i, e)) in all.iter().enumerate() {
        if !ok[n] {
            continue;
        }
        // An entity of an unknown type is kept, as an untyped one, so that the
        // relations naming it are checked for the rest and report nothing about it.
        let mut untyped = docs[d].bad(&field("entities", i, "type"));
        let kind = match e.kind.as_deref() {
            None | Some("entity") => g.schema_mut().intern_entity_type("entity"),
            // A type the schema declares, or one the graph's entities have
            // (a triple file's: the graph's file declares it once saved).
            Some(t) => match g
                .schema()
                .entity_type_id(t)
                .filter(|&id| g.schema().entity_type(id).declared || g.entity_type_uses(id) > 0)
            {
                Some(id) => id,
                None => {
                    if !pending.unread.entity_types {
                        pending.push(
                            d,
                            field("entities", i, "type"),
                            Problem::new(format!("entity type '{t}' is not in the schema"))
                                .suggest(&suggest::closest(
                                    t,
                                    type_names.iter().map(String::as_str),
                                ))
                                .hint_or("declare it under schema.entity_types"),
                        );
                    }
                    untyped = true;
                    g.schema_mut().intern_entity_type("entity")
                }
            },
        };
        let name = display(e);
        if name.trim().is_empty() {
            pending.push(
                d,
                field("entities", i, "name"),
                Problem::new(format!("entity '{}' has an empty name", e.id)),
            );
        }
        // An alias names one entity only. Within the documents that is checked at
        // the aliases (below); an entity added to a graph that already holds the
        // alias (a REPL or CLI edit, a second file) is checked here, or the graph
        // would save as a file that does not load.
        let mut taken = false;
        for (text, what) in [(e.id.as_str(), "id"), (name.as_str(), "name")] {
            let k = normalize(text);
            let holder = g
                .entities_named(text)
                .into_iter()
                .filter(|o| o.index() < base_bound)
                .find(|&o| g.entity(o).aliases.iter().any(|a| normalize(&a.text) == k));
            if let Some(other) = holder {
                let where_ = g
                    .origin_text(g.entity(other).origin)
                    .unwrap_or_else(|| "in this session".into());
                let at_field = if what == "name" && e.name.is_some() {
                    "name"
                } else {
                    "id"
                };
                pending.push(
                    d,
                    field("entities", i, at_field),
                    Problem::new(format!(
                        "the {what} '{text}' of '{}' is an alias of '{}' ({where_})",
                        e.id,
                        g.entity(other).id
                    ))
                    .hint("an alias must name one entity only; remove the alias, or name this entity otherwise"),
                );
                taken = true;
                break;
            }
        }
        let mut entity = Entity::new(&e.id, &name, kind);
        entity.origin = origin(d, at("entities", i));
        entity.attributes = e.attributes.clone().filter(|a| !a.is_empty()).map(Box::new);
        for (j, a) in e.aliases.iter().enumerate() {
            let path = vec![
                key("entities"),
                Step::Index(i),
                key("aliases"),
                Step::Index(j),
            ];
            let k = normalize(a);
            let clash = owners
                .get(&k)
                .filter(|o| o.entity != n)
                .map(|o| (o.entity, o.what))
                .or_else(|| {
                    alias_owner
                        .get(&k)
                        .filter(|&&o| o != n)
                        .map(|&o| (o, "alias"))
                });
            // Every entity the alias's key names (not just an exact id): an
            // alias 'Russia' clashes with the id 'russia' as much as with the name.
            let base_clash = g
                .name_index()
                .get(a)
                .iter()
                .copied()
                .find(|id| id.index() < base_bound);
            if k.is_empty() {
                pending.push(
                    d,
                    path,
                    Problem::new(format!("entity '{}' has an empty alias", e.id)),
                );
            } else if let Some(other) = base_clash {
                let where_ = g
                    .origin_text(g.entity(other).origin)
                    .unwrap_or_else(|| "in this session".into());
                pending.push(
                    d,
                    path,
                    Problem::new(format!(
                        "alias '{a}' of '{}' also names '{}' ({where_})",
                        e.id,
                        g.entity(other).id
                    ))
                    .hint("an alias must name one entity only; remove it from one of them"),
                );
            } else if let Some((other, what)) = clash {
                let (od, oi, oe) = all[other];
                let where_ = g
                    .origin_text(origin(od, at("entities", oi)))
                    .unwrap_or_default();
                pending.push(
                    d,
                    path,
                    Problem::new(format!(
                        "alias '{a}' of '{}' also names '{}' (its {what}, {where_})",
                        e.id, oe.id
                    ))
                    .hint("an alias must name one entity only; remove it from one of them"),
                );
            } else {
                alias_owner.insert(k, n);
                entity.aliases.push(Alias {
                    text: a.as_str().into(),
                    origin: origin(d, path),
                });
            }
        }
        let id = g.add_entity_unchecked(entity);
        if untyped {
            reported.untyped.insert(id);
        }
        if taken {
            reported.clashing.insert(id);
        }
    }
    reported
}

trait HintOr {
    fn hint_or(self, hint: &str) -> Self;
}

impl HintOr for Problem {
    fn hint_or(self, hint: &str) -> Self {
        if self.hint.is_some() {
            self
        } else {
            self.hint(hint)
        }
    }
}

fn relations(
    g: &mut KnowledgeGraph,
    docs: &[JsonDoc],
    reported: &Reported,
    pending: &mut Pending,
    origin: &dyn Fn(usize, Path) -> Origin,
) {
    let rel_names: Vec<String> = g
        .schema()
        .relation_types()
        .filter(|&(id, t)| t.declared || g.relation_type_uses(id) > 0)
        .map(|(_, t)| t.id.to_string())
        .collect();
    let source_names: Vec<String> = g.sources().map(|(_, s)| s.id.to_string()).collect();
    for (d, doc) in docs.iter().enumerate() {
        for (i, r) in doc.doc.relations.iter().enumerate() {
            if doc.bad(&at("relations", i)) {
                continue;
            }
            let before = pending.items.len();
            // A field that could not be read is reported already: not checked again.
            let end = |name: &str, pending: &mut Pending| {
                let path = field("relations", i, name);
                if doc.bad(&path) {
                    return None;
                }
                let text = if name == "from" { &r.from } else { &r.to };
                endpoint(g, text, d, path, reported, pending)
            };
            let from = end("from", pending);
            let to = end("to", pending);
            let kind = g
                .schema()
                .relation_type_id(&r.kind)
                .filter(|&k| g.schema().relation_type(k).declared || g.relation_type_uses(k) > 0);
            if kind.is_none()
                && !pending.unread.relation_types
                && !doc.bad(&field("relations", i, "type"))
            {
                pending.push(
                    d,
                    field("relations", i, "type"),
                    Problem::new(format!("relation type '{}' is not in the schema", r.kind))
                        .suggest(&suggest::closest(
                            &r.kind,
                            rel_names.iter().map(String::as_str),
                        ))
                        .hint_or("declare it under schema.relation_types"),
                );
            }
            if let (Some(f), Some(k), Some(t)) = (from, kind, to) {
                check_ends(g, (f, k, t), d, i, &reported.untyped, pending);
            }
            let evidence = evidence(g, r, doc, d, i, pending, &source_names);
            let valid = validity(r.valid.as_ref(), doc, d, i, pending);
            if let Some(c) = r.confidence {
                if !(0.0..=1.0).contains(&c) {
                    pending.push(
                        d,
                        field("relations", i, "confidence"),
                        Problem::new(format!("confidence {c} is outside 0..1"))
                            .hint("write a confidence between 0 (none) and 1 (certain)"),
                    );
                }
            }
            if pending.items.len() > before || !doc.shape.problems.is_empty() {
                continue;
            }
            let (Some(f), Some(k), Some(t)) = (from, kind, to) else {
                continue;
            };
            let detail = RelationDetail {
                id: r.id.as_deref().map(Into::into),
                evidence,
                confidence: r.confidence,
                attributes: r.attributes.clone().unwrap_or_default(),
                origin: origin(d, at("relations", i)),
            };
            g.add_relation(
                f,
                k,
                t,
                Relation {
                    valid,
                    detail: Some(Box::new(detail)),
                },
            );
        }
    }
}

fn endpoint(
    g: &KnowledgeGraph,
    name: &str,
    d: usize,
    path: Path,
    reported: &Reported,
    pending: &mut Pending,
) -> Option<EntityId> {
    let found = g.entities_named(name);
    if let [one] = found.as_slice() {
        return Some(*one);
    }
    let silent = if found.is_empty() {
        pending.unread.entities || reported.left_out.contains(&normalize(name))
    } else {
        found.iter().any(|e| reported.clashing.contains(e))
    };
    if silent {
        return None;
    }
    let mut p = if found.is_empty() {
        pending.unknown += 1;
        let p = Problem::new(format!("unknown entity '{name}'"));
        if pending.unknown <= SUGGESTED_REFERENCES {
            p.suggest(&g.suggest_entities(name))
        } else {
            p
        }
    } else {
        // Several entities bear the name: the error lists them in its hint.
        let mut p = Problem::new(format!("entity reference '{name}' is ambiguous"));
        p.hint = g.resolve(name).err().and_then(|e| e.hint());
        p
    };
    if p.hint.is_none() {
        p.hint = Some("define it under \"entities\", or fix the reference".into());
    }
    pending.push(d, path, p);
    None
}

/// Whether the relation `(f, k, t)` fits the schema; an end in `untyped` (its
/// unknown type reported already) fits any.
fn check_ends(
    g: &KnowledgeGraph,
    (f, k, t): (EntityId, RelTypeId, EntityId),
    d: usize,
    i: usize,
    untyped: &FxHashSet<EntityId>,
    pending: &mut Pending,
) {
    let s = g.schema();
    let (ft, tt) = (g.entity(f).kind, g.entity(t).kind);
    if s.allows(k, ft, tt) {
        return;
    }
    let (fu, tu) = (untyped.contains(&f), untyped.contains(&t));
    if fu || tu {
        let rt = s.relation_type(k);
        let fits = |allowed: &[TypeId], ty: TypeId, any: bool| {
            any || allowed.is_empty() || allowed.contains(&ty)
        };
        let fit = (fits(&rt.from, ft, fu) && fits(&rt.to, tt, tu))
            || (rt.symmetric && fits(&rt.from, tt, tu) && fits(&rt.to, ft, fu));
        if fit {
            return;
        }
    }
    let rt = s.relation_type(k);
    let names = |ids: &[TypeId]| {
        let v: Vec<String> = ids
            .iter()
            .map(|&id| s.entity_type(id).id.to_string())
            .collect();
        suggest::quoted_list(&v).replace('\'', "")
    };
    let fits = |allowed: &[TypeId], ty: TypeId| allowed.is_empty() || allowed.contains(&ty);
    let (path, ent, ty, side, allowed) = if !fits(&rt.from, ft) {
        (field("relations", i, "from"), f, ft, "from", &rt.from)
    } else {
        (field("relations", i, "to"), t, tt, "to", &rt.to)
    };
    pending.push(
        d,
        path,
        Problem::new(format!(
            "'{}' goes {side} {}, but '{}' is a {}",
            rt.id,
            names(allowed),
            g.entity(ent).name,
            s.entity_type(ty).id
        ))
        .hint(format!(
            "use a relation type that fits, or allow {} in the schema",
            s.entity_type(ty).id
        )),
    );
}

fn evidence(
    g: &KnowledgeGraph,
    r: &RelationRecord,
    doc: &JsonDoc,
    d: usize,
    i: usize,
    pending: &mut Pending,
    source_names: &[String],
) -> Vec<Evidence> {
    let mut out = Vec::new();
    for (j, ev) in r.evidence.iter().enumerate() {
        let item = vec![
            key("relations"),
            Step::Index(i),
            key("evidence"),
            Step::Index(j),
        ];
        if doc.bad(&item) {
            continue;
        }
        let path = |k: &str| {
            vec![
                key("relations"),
                Step::Index(i),
                key("evidence"),
                Step::Index(j),
                key(k),
            ]
        };
        let EvidenceRecord {
            source,
            quote,
            date,
        } = ev;
        let date = date
            .as_deref()
            .and_then(|s| parse_date(s, d, path("date"), pending));
        let Some(src) = source else {
            // A misspelt key may be the source, reported already; a source that
            // could not be read is.
            if doc.unread(&item) || doc.bad(&path("source")) {
                continue;
            }
            let what = if quote.is_some() {
                "quote has no source"
            } else {
                "evidence names no source"
            };
            let mut item = vec![
                key("relations"),
                Step::Index(i),
                key("evidence"),
                Step::Index(j),
            ];
            if quote.is_some() {
                item.push(key("quote"));
            }
            pending.push(
                d,
                item,
                Problem::new(what.to_string()).hint(format!(
                    "add \"source\": one of {}",
                    suggest::quoted_list(source_names)
                )),
            );
            continue;
        };
        let Some(sid) = g.source_id(src) else {
            if pending.unread.sources {
                continue;
            }
            pending.push(
                d,
                path("source"),
                Problem::new(format!("unknown source '{src}'"))
                    .suggest(&suggest::closest(
                        src,
                        source_names.iter().map(String::as_str),
                    ))
                    .hint_or("declare it under \"sources\""),
            );
            continue;
        };
        if g.source(sid).background && quote.is_some() {
            pending.push(
                d,
                path("quote"),
                Problem::new(format!(
                    "source '{src}' is background knowledge, which carries no quote"
                ))
                .hint("cite a document for a quote, or drop the quote"),
            );
            continue;
        }
        if quote.as_deref().is_some_and(|q| q.trim().is_empty()) {
            pending.push(
                d,
                path("quote"),
                Problem::new("empty quote")
                    .hint("copy a short verbatim passage, or drop \"quote\""),
            );
            continue;
        }
        if let (Some(q), Some(text)) = (quote.as_deref(), g.source(sid).text.as_deref()) {
            if !crate::verbatim::contains(text, q) {
                pending.misquoted += 1;
                let search = pending.misquoted <= SUGGESTED_REFERENCES;
                pending.push(
                    d,
                    path("quote"),
                    Problem::new(format!("the quote is not in the text of source '{src}'"))
                        .hint(crate::verbatim::misquote_hint(text, q, search)),
                );
                continue;
            }
        }
        out.push(Evidence {
            source: sid,
            quote: quote.clone(),
            date,
        });
    }
    out
}

fn validity(
    v: Option<&ValidRecord>,
    doc: &JsonDoc,
    d: usize,
    i: usize,
    pending: &mut Pending,
) -> Option<Span> {
    let base = field("relations", i, "valid");
    // A range with an unknown key, reported already, may lack a side for it.
    let unread = doc.unread(&base);
    match v? {
        ValidRecord::At(s) => parse_date(s, d, base, pending).map(Span::at),
        ValidRecord::Range { from, to } => {
            let mut sub = |k: &str, s: &Option<String>| {
                let mut p = base.clone();
                p.push(key(k));
                match s {
                    Some(s) => parse_date(s, d, p, pending),
                    None if unread => None,
                    None => {
                        pending.push(
                            d,
                            base.clone(),
                            Problem::new(format!("validity range has no \"{k}\" date"))
                                .hint("write {\"from\": DATE, \"to\": DATE}, or a single date"),
                        );
                        None
                    }
                }
            };
            let (f, t) = (sub("from", from), sub("to", to));
            let (f, t) = (f?, t?);
            if f.first_day() > t.last_day() {
                pending.push(
                    d,
                    base,
                    Problem::new(format!("validity range ends ({t}) before it starts ({f})"))
                        .hint("swap \"from\" and \"to\""),
                );
                return None;
            }
            Some(Span { from: f, to: t })
        }
    }
}
