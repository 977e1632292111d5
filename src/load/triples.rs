//! Bulk import of triple files, the way public knowledge graphs are distributed.
//!
//! `.tsv`/`.txt`: `head<TAB>relation<TAB>tail[<TAB>date[<TAB>...]]`, one triple per
//! line, fields trimmed (some datasets pad them with spaces), CRLF accepted, blank
//! lines and lines starting with `#` skipped. `.csv`: a header row naming the
//! columns (see `docs/format.md`). Entities and relation types are created on the
//! fly; entities get the type `entity` unless a CSV column says otherwise. When a
//! dataset ships id maps (`entity2id.txt`, `relation2id.txt`), integer fields are
//! read as ids into them.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::date::{Date, Span};
use crate::error::{Location, Problem};
use crate::model::{Entity, EntityId, FileId, KnowledgeGraph, Origin, RelTypeId, Relation, TypeId};

/// More problems than this in one file are summarised, not listed.
pub const MAX_PROBLEMS_PER_FILE: usize = 50;

/// Id-to-name maps shipped beside a dataset, and display names for ids.
#[derive(Debug, Default)]
pub struct IdMaps {
    pub entities: Option<FxHashMap<u32, Box<str>>>,
    pub relations: Option<FxHashMap<u32, Box<str>>>,
    /// Display names for entity ids (`FB15k_mid2name.txt`, `entity2text.txt`).
    pub names: Option<FxHashMap<Box<str>, Box<str>>>,
}

/// How to read the columns after the third.
#[derive(Debug, Clone, Copy, Default)]
pub struct TripleOptions {
    /// Day zero for integer time columns, counted in hours (the ICEWS convention).
    pub epoch: Option<Date>,
}

/// What an import noticed that is not an error.
#[derive(Debug, Default)]
pub struct ImportNotes {
    pub undated_integer_times: usize,
}

/// Adds triples to `g`, interning names and creating types as it goes.
pub(crate) struct Importer<'g> {
    g: &'g mut KnowledgeGraph,
    file: Arc<str>,
    file_id: FileId,
    default_type: TypeId,
    rel_cache: FxHashMap<Box<str>, RelTypeId>,
    /// Whether the graph had entities before (then names may refer to them).
    link_existing: bool,
    pub problems: Vec<Problem>,
    pub suppressed: usize,
    pub notes: ImportNotes,
}

impl<'g> Importer<'g> {
    pub fn new(g: &'g mut KnowledgeGraph, file: Arc<str>) -> Self {
        let file_id = g.add_file(&file);
        let default_type = g
            .schema_mut()
            .intern_entity_type(crate::model::schema::DEFAULT_ENTITY_TYPE);
        let link_existing = g.entity_count() > 0;
        Importer {
            g,
            file,
            file_id,
            default_type,
            rel_cache: FxHashMap::default(),
            link_existing,
            problems: Vec::new(),
            suppressed: 0,
            notes: ImportNotes::default(),
        }
    }

    pub fn problem(&mut self, line: usize, column: usize, p: Problem) {
        if self.problems.len() >= MAX_PROBLEMS_PER_FILE {
            self.suppressed += 1;
            return;
        }
        self.problems
            .push(p.at(Location::new(&self.file, line as u32, column as u32)));
    }

    /// Appends "... and N more" when problems were suppressed.
    pub fn finish(mut self) -> (Vec<Problem>, ImportNotes) {
        if self.suppressed > 0 {
            let n = self.suppressed;
            self.problems.push(Problem::new(format!(
                "{}: {n} more problems not shown",
                self.file
            )));
        }
        (self.problems, self.notes)
    }

    /// The entity named `name`, created with `kind` (or the default type) if new.
    pub fn entity(
        &mut self,
        name: &str,
        display: Option<&str>,
        kind: Option<TypeId>,
        line: usize,
    ) -> EntityId {
        if let Some(id) = self.g.entity_by_id(name) {
            return id;
        }
        if self.link_existing {
            if let [one] = self.g.entities_named(name).as_slice() {
                return *one;
            }
        }
        let mut e = Entity::new(
            name,
            display.unwrap_or(name),
            kind.unwrap_or(self.default_type),
        );
        e.origin = Origin {
            file: Some(self.file_id),
            line: line as u32,
        };
        self.g.add_entity_unchecked(e)
    }

    pub fn relation_type(&mut self, name: &str) -> RelTypeId {
        if let Some(&id) = self.rel_cache.get(name) {
            return id;
        }
        let id = self.g.schema_mut().intern_relation_type(name);
        self.rel_cache.insert(name.into(), id);
        id
    }

    pub fn add(&mut self, from: EntityId, kind: RelTypeId, to: EntityId, valid: Option<Span>) {
        self.g.add_relation(
            from,
            kind,
            to,
            Relation {
                valid,
                detail: None,
            },
        );
    }

    pub fn graph(&mut self) -> &mut KnowledgeGraph {
        self.g
    }
}

/// Splits `bytes` into lines (0-based numbers), without their `\n` / `\r\n`.
pub fn lines(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let trailing_newline = body.last() == Some(&b'\n');
    let mut parts: Vec<&[u8]> = body.split(|&b| b == b'\n').collect();
    if trailing_newline || body.is_empty() {
        parts.pop();
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(i, l)| (i, l.strip_suffix(b"\r").unwrap_or(l)))
}

/// A line as UTF-8, or a problem pointing at the first bad byte.
pub fn utf8_line(line: &[u8]) -> Result<&str, (usize, Problem)> {
    std::str::from_utf8(line).map_err(|e| {
        let good = std::str::from_utf8(&line[..e.valid_up_to()]).map_or(0, |s| s.chars().count());
        (
            good,
            Problem::new("invalid UTF-8 in this line").hint("save the file as UTF-8"),
        )
    })
}

/// Reads column 4 of a triple line: a date, or an integer time offset in hours.
fn time_field(imp: &mut Importer, s: &str, opts: &TripleOptions) -> Result<Option<Span>, Problem> {
    if s.is_empty() {
        return Ok(None);
    }
    // Whole numbers are hour offsets (the ICEWS convention), never bare years.
    if let Ok(hours) = s.parse::<i64>() {
        return match opts.epoch {
            Some(epoch) => epoch
                .add_days(hours.div_euclid(24))
                .map(|d| Some(Span::at(d)))
                .ok_or_else(|| {
                    Problem::new(format!("time {s} hours after {epoch} is out of range"))
                }),
            None => {
                imp.notes.undated_integer_times += 1;
                Ok(None)
            }
        };
    }
    if let Ok(d) = s.parse::<Date>() {
        return Ok(Some(Span::at(d)));
    }
    Err(Problem::new(format!("column 4 '{s}' is not a date"))
        .hint("write dates as YYYY-MM-DD, or integer hours with --epoch"))
}

/// Imports a tab-separated triple file.
pub(crate) fn import_tsv(imp: &mut Importer, bytes: &[u8], maps: &IdMaps, opts: &TripleOptions) {
    for (n, raw) in lines(bytes) {
        let line = match utf8_line(raw) {
            Ok(l) => l,
            Err((col, p)) => {
                imp.problem(n, col, p);
                continue;
            }
        };
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t');
        let (h, r, t) = match (fields.next(), fields.next(), fields.next()) {
            (Some(h), Some(r), Some(t)) => (h.trim(), r.trim(), t.trim()),
            _ => {
                let found = line.split('\t').count();
                let hint = if found == 1 && line.contains(' ') {
                    "this line has no tab; separate head, relation and tail with tabs"
                } else {
                    "each line needs head<TAB>relation<TAB>tail"
                };
                imp.problem(
                    n,
                    0,
                    Problem::new(format!(
                        "expected at least 3 tab-separated fields, found {found}"
                    ))
                    .hint(hint),
                );
                continue;
            }
        };
        let time = fields.next().map(str::trim).unwrap_or("");
        let mut column = 0;
        let mut bad = false;
        for (what, f) in [("head", h), ("relation", r), ("tail", t)] {
            if f.is_empty() {
                imp.problem(n, column, Problem::new(format!("empty {what} field")));
                bad = true;
            }
            column += f.chars().count() + 1;
        }
        if bad {
            continue;
        }
        let valid = match time_field(imp, time, opts) {
            Ok(v) => v,
            Err(p) => {
                let col = line
                    .splitn(4, '\t')
                    .take(3)
                    .map(|f| f.chars().count() + 1)
                    .sum();
                imp.problem(n, col, p);
                continue;
            }
        };
        let (Some(h), Some(r), Some(t)) = (
            map_entity(imp, maps, h, n, 0),
            map_relation(imp, maps, r, n),
            map_entity(imp, maps, t, n, 2),
        ) else {
            continue;
        };
        let from = entity_named(imp, maps, &h, n);
        let to = entity_named(imp, maps, &t, n);
        let kind = imp.relation_type(&r);
        imp.add(from, kind, to, valid);
    }
}

/// Creates every entity of an id map, in id order, so unused ones count too.
pub(crate) fn declare_mapped(imp: &mut Importer, maps: &IdMaps) {
    let Some(m) = &maps.entities else { return };
    let mut ids: Vec<(&u32, &Box<str>)> = m.iter().collect();
    ids.sort();
    imp.graph().reserve(ids.len(), 0);
    for (&id, name) in ids {
        entity_named(imp, maps, name, id as usize);
    }
}

fn entity_named(imp: &mut Importer, maps: &IdMaps, id: &str, line: usize) -> EntityId {
    let display = maps
        .names
        .as_ref()
        .and_then(|m| m.get(id))
        .map(|s| s.to_string());
    imp.entity(id, display.as_deref(), None, line)
}

fn map_entity(
    imp: &mut Importer,
    maps: &IdMaps,
    field: &str,
    line: usize,
    col: usize,
) -> Option<String> {
    let Some(m) = &maps.entities else {
        return Some(field.to_string());
    };
    match field.parse::<u32>().ok().and_then(|i| m.get(&i)) {
        Some(name) => Some(name.to_string()),
        None => {
            imp.problem(
                line,
                col,
                Problem::new(format!("entity id '{field}' is not in entity2id.txt"))
                    .hint("the id maps beside this file do not match it"),
            );
            None
        }
    }
}

fn map_relation(imp: &mut Importer, maps: &IdMaps, field: &str, line: usize) -> Option<String> {
    let Some(m) = &maps.relations else {
        return Some(field.to_string());
    };
    match field.parse::<u32>().ok().and_then(|i| m.get(&i)) {
        Some(name) => Some(name.to_string()),
        None => {
            imp.problem(
                line,
                0,
                Problem::new(format!("relation id '{field}' is not in relation2id.txt"))
                    .hint("the id maps beside this file do not match it"),
            );
            None
        }
    }
}

/// The column names a CSV header may use for each role.
const HEAD: &[&str] = &["head", "subject", "from", "source"];
const RELATION: &[&str] = &["relation", "predicate", "type", "rel"];
const TAIL: &[&str] = &["tail", "object", "to", "target"];
const DATE: &[&str] = &["date", "time", "when"];
const HEAD_TYPE: &[&str] = &["head_type", "subject_type", "from_type", "source_type"];
const TAIL_TYPE: &[&str] = &["tail_type", "object_type", "to_type", "target_type"];

/// Imports a CSV file with a header row.
pub(crate) fn import_csv(imp: &mut Importer, bytes: &[u8], opts: &TripleOptions) {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(body);
    let header: Vec<String> = match rd.byte_headers() {
        Ok(h) => h
            .iter()
            .map(|f| String::from_utf8_lossy(f).to_lowercase())
            .collect(),
        Err(e) => {
            imp.problem(0, 0, Problem::new(format!("unreadable CSV header: {e}")));
            return;
        }
    };
    let find = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let (Some(hc), Some(rc), Some(tc)) = (find(HEAD), find(RELATION), find(TAIL)) else {
        let missing: Vec<String> = [("head", HEAD), ("relation", RELATION), ("tail", TAIL)]
            .iter()
            .filter(|(_, names)| find(names).is_none())
            .map(|(role, _)| role.to_string())
            .collect();
        imp.problem(
            0,
            0,
            Problem::new(format!(
                "the CSV header ({}) has no {} column",
                header.join(","),
                crate::suggest::quoted_list(&missing).replace('\'', "")
            ))
            .hint(
                "name the columns head,relation,tail (or subject,predicate,object / from,type,to)",
            ),
        );
        return;
    };
    let (dc, htc, ttc) = (find(DATE), find(HEAD_TYPE), find(TAIL_TYPE));
    let mut record = csv::ByteRecord::new();
    loop {
        let line = rd.position().line().saturating_sub(1) as usize;
        match rd.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e
                    .position()
                    .map_or(line, |p| p.line().saturating_sub(1) as usize);
                let msg = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => {
                        format!("expected {expected_len} fields as in the header, found {len}")
                    }
                    _ => format!("malformed CSV: {e}"),
                };
                imp.problem(line, 0, Problem::new(msg));
                continue;
            }
        }
        let line = record
            .position()
            .map_or(line, |p| p.line().saturating_sub(1) as usize);
        let mut fields = Vec::with_capacity(record.len());
        let mut ok = true;
        for f in record.iter() {
            match utf8_line(f) {
                Ok(s) => fields.push(s),
                Err((_, p)) => {
                    imp.problem(line, 0, p);
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            continue;
        }
        let get = |c: Option<usize>| c.and_then(|c| fields.get(c).copied()).unwrap_or("");
        let (h, r, t) = (get(Some(hc)), get(Some(rc)), get(Some(tc)));
        if let Some((what, _)) = [("head", h), ("relation", r), ("tail", t)]
            .iter()
            .find(|(_, f)| f.is_empty())
        {
            imp.problem(line, 0, Problem::new(format!("empty {what} field")));
            continue;
        }
        let valid = match time_field(imp, get(dc), opts) {
            Ok(v) => v,
            Err(p) => {
                imp.problem(line, 0, p);
                continue;
            }
        };
        let ty = |imp: &mut Importer, s: &str| {
            (!s.is_empty()).then(|| imp.graph().schema_mut().intern_entity_type(s))
        };
        let (ht, tt) = (ty(imp, get(htc)), ty(imp, get(ttc)));
        let from = imp.entity(h, None, ht, line);
        let to = imp.entity(t, None, tt, line);
        let kind = imp.relation_type(r);
        imp.add(from, kind, to, valid);
    }
}

/// Reads a `name<TAB>id` map (entity2id.txt / relation2id.txt).
pub fn read_id_map(
    file: &Arc<str>,
    bytes: &[u8],
    problems: &mut Vec<Problem>,
) -> FxHashMap<u32, Box<str>> {
    let mut map = FxHashMap::default();
    for (n, raw) in lines(bytes) {
        let Ok(line) = std::str::from_utf8(raw) else {
            problems.push(
                Problem::new("invalid UTF-8 in this line").at(Location::new(file, n as u32, 0)),
            );
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        match line
            .rsplit_once('\t')
            .map(|(name, id)| (name.trim(), id.trim().parse::<u32>()))
        {
            Some((name, Ok(id))) if !name.is_empty() => {
                map.insert(id, name.into());
            }
            _ => problems.push(
                Problem::new("expected name<TAB>integer id").at(Location::new(file, n as u32, 0)),
            ),
        }
    }
    map
}

/// Reads an `id<TAB>name` display-name map; `_` becomes a space, and text after the
/// first ", " (a WordNet gloss) is dropped.
pub fn read_name_map(bytes: &[u8]) -> FxHashMap<Box<str>, Box<str>> {
    let mut map = FxHashMap::default();
    for (_, raw) in lines(bytes) {
        let Ok(line) = std::str::from_utf8(raw) else {
            continue;
        };
        if let Some((id, name)) = line.split_once('\t') {
            let name = name.split(", ").next().unwrap_or(name).replace('_', " ");
            if !name.trim().is_empty() {
                map.insert(id.trim().into(), name.trim().into());
            }
        }
    }
    map
}
