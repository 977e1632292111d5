//! Bulk import of triple files, the way public knowledge graphs are distributed.
//!
//! `.tsv`/`.txt`: `head<TAB>relation<TAB>tail[<TAB>date[<TAB>...]]`, one triple per
//! line, fields trimmed (some datasets pad them with spaces), CRLF accepted, blank
//! lines and lines starting with `#` skipped. `.csv`: a header row naming the
//! columns (see `docs/format.md`). Entities and relation types are created on the
//! fly; entities get the type `entity` unless a CSV column says otherwise. When a
//! dataset ships id maps (`entity2id.txt`, `relation2id.txt`), integer fields are
//! read as ids into them.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::date::{Date, Span};
use crate::error::{Location, Problem};
use crate::model::store::hash_str;
use crate::model::{Entity, EntityId, FileId, KnowledgeGraph, Origin, RelTypeId, Relation, TypeId};
use crate::progress::Progress;

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
            self.problems.push(Problem::not_shown(&self.file, n));
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

    /// Adds an entity the caller knows to be new, with no type (bulk import).
    fn new_entity_hashed(
        &mut self,
        name: &str,
        hash: u64,
        display: Option<&str>,
        line: usize,
    ) -> EntityId {
        let origin = Origin {
            file: Some(self.file_id),
            line: line as u32,
        };
        self.g.add_entity_parts(
            name,
            display.unwrap_or(name),
            self.default_type,
            origin,
            hash,
        )
    }

    /// [`entity`](Self::entity) for a name whose hash is known, with no type (bulk import).
    pub fn entity_hashed(
        &mut self,
        name: &str,
        hash: u64,
        display: Option<&str>,
        line: usize,
    ) -> EntityId {
        if let Some(id) = self.g.entity_by_id_hashed(name, hash) {
            return id;
        }
        if self.link_existing {
            if let [one] = self.g.entities_named(name).as_slice() {
                return *one;
            }
        }
        self.new_entity_hashed(name, hash, display, line)
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

    /// Adds a relation with its evidence, defined at `line` of this file.
    pub fn add_evidenced(
        &mut self,
        (from, kind, to): (EntityId, RelTypeId, EntityId),
        valid: Option<Span>,
        evidence: Vec<crate::model::Evidence>,
        line: usize,
    ) {
        let detail = crate::model::RelationDetail {
            evidence,
            origin: Origin {
                file: Some(self.file_id),
                line: line as u32,
            },
            ..Default::default()
        };
        self.g.add_relation(
            from,
            kind,
            to,
            Relation {
                valid,
                detail: Some(Box::new(detail)),
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
/// Integer times with no epoch are counted in `undated`.
fn time_field(s: &str, opts: &TripleOptions, undated: &mut usize) -> Result<Option<Span>, Problem> {
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
                *undated += 1;
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

/// Distinct strings in order of first appearance.
///
/// Interning a few million names is most of the work of a load, and it is bound by
/// memory latency: the table is bigger than the caches, so each lookup waits for a
/// cache miss. The table is therefore laid out so that a lookup costs one miss, and
/// so that a caller can start the misses of many lookups at once:
/// - open addressing with linear probing over 32-byte slots (two to a cache line),
///   each holding the string's first 24 bytes, its length, a tag of its hash and its
///   index; a name of up to 24 bytes (nearly every name in real datasets) is
///   compared in the slot, without visiting the text; a probe that runs on reads the
///   next slot, mostly in the same line;
/// - the first slot of a lookup depends on the hash alone, so a caller with a batch
///   of names reads their first slots ([`touch`](Self::touch)) before looking any of
///   them up, and the misses overlap instead of following one another (safe Rust has
///   no prefetch; a plain read that nothing waits on does the same).
///
/// Slots do not keep the hash: when the table grows it is rebuilt from the text in
/// index order, which reads the text front to back.
#[derive(Default)]
struct Interner {
    text: String,
    spans: Vec<(u32, u32)>,
    /// Empty, or a power of two long; at most [`MAX_LOAD`] full.
    slots: Vec<Slot>,
}

/// The bytes of a string kept in its slot.
const INLINE: usize = 24;

/// The table grows past this share of full slots (linear probing slows down
/// sharply beyond about three quarters).
const MAX_LOAD: (usize, usize) = (5, 8);

/// A table slot: 32 bytes, aligned so that no slot spans two cache lines.
#[derive(Clone, Copy)]
#[repr(align(32))]
struct Slot {
    /// The first [`INLINE`] bytes of the string, zero-padded.
    key: [u64; 3],
    /// The string's index, or `FREE`.
    id: u32,
    /// The length (up to 255) in the top byte, 24 bits of the hash below.
    tag: u32,
}

const FREE: u32 = u32::MAX;
const FREE_SLOT: Slot = Slot {
    key: [0; 3],
    id: FREE,
    tag: 0,
};

/// What a slot holds for `s`: its first bytes and its tag.
///
/// The words are read straight from `s` (overlapping reads for a short tail):
/// copying into a zeroed buffer first would make the reads wait on the copy. For a
/// given length the words determine the first [`INLINE`] bytes, which is all that
/// comparing slots needs.
#[inline]
fn slot_key(s: &[u8], hash: u64) -> ([u64; 3], u32) {
    let n = s.len().min(INLINE);
    let word = |at: usize| u64::from_le_bytes(s[at..at + 8].try_into().expect("8 bytes"));
    let mut key = [0u64; 3];
    if n >= 8 {
        for (i, k) in key.iter_mut().enumerate() {
            let at = 8 * i;
            if at + 8 <= n {
                *k = word(at);
            } else if at < n {
                // The last 8 bytes: they cover the tail.
                *k = word(n - 8);
            }
        }
    } else if n >= 4 {
        let half = |at: usize| u32::from_le_bytes(s[at..at + 4].try_into().expect("4 bytes"));
        key[0] = u64::from(half(0)) | u64::from(half(n - 4)) << 32;
    } else if n > 0 {
        key[0] = u64::from(s[0]) | u64::from(s[n / 2]) << 8 | u64::from(s[n - 1]) << 16;
    }
    let tag = ((s.len().min(255) as u32) << 24) | ((hash >> 40) as u32 & 0xFF_FFFF);
    (key, tag)
}

impl Interner {
    fn with_capacity(n: usize, bytes: usize) -> Self {
        Interner {
            text: String::with_capacity(bytes),
            spans: Vec::with_capacity(n),
            slots: vec![FREE_SLOT; Self::slots_for(n)],
        }
    }

    /// The table length that holds `n` strings.
    fn slots_for(n: usize) -> usize {
        (n * MAX_LOAD.1 / MAX_LOAD.0 + 1)
            .next_power_of_two()
            .max(16)
    }

    #[inline]
    fn get(&self, i: usize) -> &str {
        let (a, b) = self.spans[i];
        &self.text[a as usize..b as usize]
    }

    /// Reads the first slot a lookup of a string with this hash visits, so that
    /// the lookup finds it in the cache; returns what it read (for
    /// [`std::hint::black_box`], which keeps the read).
    #[inline]
    fn touch(&self, hash: u64) -> u32 {
        let mask = self.slots.len().wrapping_sub(1);
        self.slots.get(hash as usize & mask).map_or(0, |s| s.id)
    }

    /// The index of `s`, or the free slot where it belongs. The table must not be
    /// empty.
    #[inline]
    fn probe(&self, s: &[u8], hash: u64, key: [u64; 3], tag: u32) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut pos = hash as usize & mask;
        loop {
            let slot = &self.slots[pos];
            if slot.id == FREE {
                return Err(pos);
            }
            if slot.tag == tag
                && slot.key == key
                && (s.len() <= INLINE || self.get(slot.id as usize).as_bytes() == s)
            {
                return Ok(slot.id);
            }
            pos = (pos + 1) & mask;
        }
    }

    /// The index of `s`, added if new.
    #[cfg(test)]
    fn intern(&mut self, s: &str) -> u32 {
        self.intern_hashed(s, hash_str(s))
    }

    /// The index of `s` (whose hash is `hash`), added if new.
    ///
    /// # Complexity
    /// O(|s|) expected, one cache miss when the table is out of the cache; growing
    /// the table (doubling) rebuilds it in O(n + text), amortised O(1) per string.
    #[inline]
    fn intern_hashed(&mut self, s: &str, hash: u64) -> u32 {
        let bytes = s.as_bytes();
        let (key, tag) = slot_key(bytes, hash);
        let pos = match self.probe(bytes, hash, key, tag) {
            Ok(i) => return i,
            Err(pos) => pos,
        };
        let i = self.spans.len() as u32;
        assert!(i < FREE, "more than 4 billion names");
        let a = self.text.len();
        self.text.push_str(s);
        assert!(
            self.text.len() <= u32::MAX as usize,
            "names take more than 4 GiB"
        );
        self.spans.push((a as u32, self.text.len() as u32));
        self.slots[pos] = Slot { key, id: i, tag };
        if self.spans.len() * MAX_LOAD.1 > self.slots.len() * MAX_LOAD.0 {
            self.rebuild(self.slots.len() * 2);
        }
        i
    }

    /// Makes the table `len` slots long and puts every string back, in index order.
    ///
    /// # Complexity
    /// O(n + text): one hash per string, the text read front to back; the new
    /// slots of a batch of strings are read before any is filled, so that their
    /// misses overlap.
    fn rebuild(&mut self, len: usize) {
        let mut slots = vec![FREE_SLOT; len];
        let mask = len - 1;
        let mut hashes = [0u64; 2 * BATCH];
        for from in (0..self.len()).step_by(hashes.len()) {
            let to = (from + hashes.len()).min(self.len());
            for (i, h) in (from..to).zip(&mut hashes) {
                *h = hash_str(self.get(i));
            }
            let seen = hashes[..to - from]
                .iter()
                .fold(0u32, |s, &h| s.wrapping_add(slots[h as usize & mask].id));
            std::hint::black_box(seen);
            for (i, &hash) in (from..to).zip(&hashes) {
                let (key, tag) = slot_key(self.get(i).as_bytes(), hash);
                let mut pos = hash as usize & mask;
                while slots[pos].id != FREE {
                    pos = (pos + 1) & mask;
                }
                slots[pos] = Slot {
                    key,
                    id: i as u32,
                    tag,
                };
            }
        }
        self.slots = slots;
    }

    /// The index of `s` (whose hash is `hash`), if interned.
    #[inline]
    fn find(&self, s: &str, hash: u64) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let (key, tag) = slot_key(s.as_bytes(), hash);
        self.probe(s.as_bytes(), hash, key, tag).ok()
    }

    /// Frees the table (the strings stay): no more lookups will come.
    fn drop_table(&mut self) {
        self.slots = Vec::new();
    }

    fn len(&self) -> usize {
        self.spans.len()
    }
}

/// One stretch of a triple file, parsed on its own thread: local ids for names,
/// triples in local ids, and what went wrong, by line within the stretch.
struct Part {
    entities: Interner,
    /// Per local entity: the stretch's line where it first appears.
    first_line: Vec<u32>,
    relations: Interner,
    triples: Vec<[u32; 3]>,
    /// Validity of the triples that have one: (triple index, span), in order.
    valid: Vec<(u32, Span)>,
    problems: Vec<(usize, usize, Problem)>,
    /// Problems beyond the ones kept.
    more_problems: usize,
    undated: usize,
    lines: usize,
}

impl Part {
    fn problem(&mut self, line: usize, column: usize, p: Problem) {
        if self.problems.len() >= MAX_PROBLEMS_PER_FILE {
            self.more_problems += 1;
        } else {
            self.problems.push((line, column, p));
        }
    }

    /// An entity field, mapped through the id map when the dataset has one.
    #[inline]
    fn entity<'m>(
        &mut self,
        maps: &'m IdMaps,
        field: &'m str,
        line: usize,
        col: usize,
    ) -> Option<&'m str> {
        let Some(m) = &maps.entities else {
            return Some(field);
        };
        match field.parse::<u32>().ok().and_then(|i| m.get(&i)) {
            Some(name) => Some(name),
            None => {
                self.problem(
                    line,
                    col,
                    Problem::new(format!("entity id '{field}' is not in entity2id.txt"))
                        .hint("the id maps beside this file do not match it"),
                );
                None
            }
        }
    }

    fn relation<'m>(&mut self, maps: &'m IdMaps, field: &'m str, line: usize) -> Option<&'m str> {
        let Some(m) = &maps.relations else {
            return Some(field);
        };
        match field.parse::<u32>().ok().and_then(|i| m.get(&i)) {
            Some(name) => Some(name),
            None => {
                self.problem(
                    line,
                    0,
                    Problem::new(format!("relation id '{field}' is not in relation2id.txt"))
                        .hint("the id maps beside this file do not match it"),
                );
                None
            }
        }
    }

    #[inline]
    fn intern_entity(&mut self, name: &str, hash: u64, line: u32) -> u32 {
        let before = self.entities.len();
        let i = self.entities.intern_hashed(name, hash);
        if self.entities.len() > before {
            self.first_line.push(line);
        }
        i
    }

    /// Interns the triples of `batch`, in order, and empties it.
    ///
    /// The entity names are hashed and their first table slots read before any is
    /// interned: the reads do not wait on one another, so their cache misses
    /// overlap, and the interning that follows in line order (which numbers the
    /// names by first appearance) finds its slots in the cache.
    ///
    /// # Complexity
    /// O(names' length) for the hashes, then one interning per name: about one
    /// memory latency per batch rather than one per name.
    fn intern_batch(&mut self, batch: &mut Vec<Pending>) {
        let mut hashes = [0u64; 2 * BATCH];
        for (k, p) in batch.iter().enumerate() {
            hashes[2 * k] = hash_str(p.head);
            hashes[2 * k + 1] = hash_str(p.tail);
        }
        // A loop of reads alone, short enough for all of them to be under way at once.
        let seen = hashes[..2 * batch.len()]
            .iter()
            .fold(0u32, |s, &h| s.wrapping_add(self.entities.touch(h)));
        std::hint::black_box(seen);
        for (k, p) in batch.drain(..).enumerate() {
            let h = self.intern_entity(p.head, hashes[2 * k], p.line);
            let t = self.intern_entity(p.tail, hashes[2 * k + 1], p.line);
            let r = self
                .relations
                .intern_hashed(p.relation, hash_str(p.relation));
            if let Some(span) = p.valid {
                self.valid.push((self.triples.len() as u32, span));
            }
            self.triples.push([h, r, t]);
        }
    }
}

impl Part {
    /// An empty part for about `bytes` bytes of input.
    fn new(bytes: usize) -> Part {
        // About 40 bytes a line and a name every four or five lines in real datasets;
        // the tables grow if not.
        // A table for a name every eight lines to start with, not the worst case: a
        // dataset may name a few thousand entities in millions of lines, and a table
        // sized for the worst case costs its memory (a growth rebuilds the table, so
        // starting much smaller costs time).
        let est_lines = bytes / 32 + 16;
        Part {
            entities: Interner::with_capacity(est_lines / 8, bytes / 16),
            first_line: Vec::with_capacity(est_lines / 16),
            relations: Interner::with_capacity(64, 1024),
            triples: Vec::with_capacity(est_lines),
            valid: Vec::new(),
            problems: Vec::new(),
            more_problems: 0,
            undated: 0,
            lines: 0,
        }
    }
}

/// Parses the lines of `block` (whole lines) that start before offset `limit`;
/// line numbers go on from `part.lines`; with `bom`, the block starts with a
/// byte-order mark that is not part of the first line. Returns true when a line at or past
/// `limit` was reached (the rest belongs to the next stretch).
fn parse_block(
    part: &mut Part,
    block: &[u8],
    bom: bool,
    limit: usize,
    maps: &IdMaps,
    opts: &TripleOptions,
) -> bool {
    // Checking the whole block at once is much faster than line by line; only a
    // block with bad bytes is checked per line, to say where.
    let text = std::str::from_utf8(block).ok();
    let mut batch: Vec<Pending> = Vec::with_capacity(BATCH);
    let mut pos = 0;
    while pos < block.len() {
        if batch.len() == BATCH {
            part.intern_batch(&mut batch);
        }
        if pos >= limit {
            part.intern_batch(&mut batch);
            return true;
        }
        let (end, tabs) = scan_line(block, pos);
        let stop = if end > pos && block[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        let start = if bom && pos == 0 { 3 } else { pos };
        pos = end + 1;
        let line_no = part.lines;
        part.lines += 1;
        let line = if let Some(text) = text {
            // The block is valid UTF-8, and lines end at ASCII bytes.
            &text[start..stop]
        } else {
            match utf8_line(&block[start..stop]) {
                Ok(l) => l,
                Err((col, p)) => {
                    part.problem(line_no, col, p);
                    continue;
                }
            }
        };
        let tabs = tabs.from(start);
        if let Some(p) = parse_line(part, line, &tabs, line_no, maps, opts) {
            batch.push(p);
        }
    }
    part.intern_batch(&mut batch);
    false
}

/// Where the first tabs of a line are (offsets in the block, or in the line once
/// [`from`](Self::from) its start).
#[derive(Clone, Copy, Default)]
struct Tabs {
    at: [usize; 4],
    /// How many of `at` are found.
    found: usize,
}

impl Tabs {
    /// The `i`th tab, if the line has it.
    #[inline]
    fn get(&self, i: usize) -> Option<usize> {
        (i < self.found).then(|| self.at[i])
    }

    /// The offsets counted from `start` (the line's first byte).
    #[inline]
    fn from(mut self, start: usize) -> Tabs {
        for a in &mut self.at[..self.found] {
            *a -= start;
        }
        self
    }
}

/// The high bit of each byte of `x` that is zero, and no other bit.
#[inline]
fn zero_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// The end of the line that starts at `from` (its `\n`, or the end of `block`) and
/// its first four tabs, in one pass over it.
///
/// A line has a handful of short fields, so a search call per tab (and one for the
/// newline) costs more in calls than in reading; this reads the line eight bytes
/// at a time and takes every tab and newline from the same word.
///
/// # Complexity
/// O(line length / 8) word steps, plus one step per tab or newline.
#[inline]
fn scan_line(block: &[u8], from: usize) -> (usize, Tabs) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut tabs = Tabs::default();
    let mut at = from;
    while at + 8 <= block.len() {
        let w = u64::from_le_bytes(block[at..at + 8].try_into().expect("8 bytes"));
        let mut hits =
            zero_bytes(w ^ (ONES * u64::from(b'\t'))) | zero_bytes(w ^ (ONES * u64::from(b'\n')));
        while hits != 0 {
            let i = at + (hits.trailing_zeros() / 8) as usize;
            if block[i] == b'\n' {
                return (i, tabs);
            }
            if tabs.found < tabs.at.len() {
                tabs.at[tabs.found] = i;
                tabs.found += 1;
            }
            hits &= hits - 1;
        }
        at += 8;
    }
    for (i, &b) in block.iter().enumerate().skip(at) {
        if b == b'\n' {
            return (i, tabs);
        }
        if b == b'\t' && tabs.found < tabs.at.len() {
            tabs.at[tabs.found] = i;
            tabs.found += 1;
        }
    }
    (block.len(), tabs)
}

/// Lines whose names are looked up together (see [`Part::intern_batch`]): enough
/// for their cache misses to overlap, few enough for their reads to stay in the
/// processor's window.
const BATCH: usize = 32;

/// A triple line parsed and checked, its names not yet interned.
struct Pending<'a> {
    head: &'a str,
    relation: &'a str,
    tail: &'a str,
    line: u32,
    valid: Option<Span>,
}

/// Bytes read at a time by each parser thread.
const CHUNK: usize = 1 << 20;

/// Parses the lines of a triple file that start in `[start, end)`, reading it in
/// chunks (a line crossing `end` is this stretch's; one crossing `start` is the
/// previous one's), so the file is never held in memory whole.
fn parse_range(
    r: &mut dyn Read,
    (start, end): (u64, u64),
    size_hint: u64,
    maps: &IdMaps,
    opts: &TripleOptions,
    progress: &Progress,
) -> std::io::Result<Part> {
    let mut part = Part::new(size_hint.min(1 << 34) as usize);
    let mut buf = vec![0u8; CHUNK];
    let mut have = 0;
    // The caller positioned `r` one byte before `start` (or at 0): everything
    // through the first newline there belongs to the previous stretch.
    let mut buf_at = start.saturating_sub(1);
    let mut skip = start > 0;
    let mut bom = start == 0;
    loop {
        if have == buf.len() {
            // A line longer than the buffer.
            buf.resize(buf.len() * 2, 0);
        }
        let n = match r.read(&mut buf[have..]) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let eof = n == 0;
        have += n;
        let mut begin = 0;
        if bom && have < 3 && !eof {
            continue;
        }
        if skip {
            match memchr::memchr(b'\n', &buf[begin..have]) {
                Some(i) => {
                    begin += i + 1;
                    skip = false;
                }
                None if eof => return Ok(part),
                None => {
                    buf_at += have as u64;
                    have = 0;
                    continue;
                }
            }
        }
        let complete = if eof {
            have
        } else {
            match memchr::memrchr(b'\n', &buf[begin..have]) {
                Some(i) => begin + i + 1,
                None => {
                    buf.copy_within(begin..have, 0);
                    buf_at += begin as u64;
                    have -= begin;
                    continue;
                }
            }
        };
        let block_at = buf_at + begin as u64;
        let limit = end.saturating_sub(block_at).min(usize::MAX as u64) as usize;
        // A byte-order mark opens the first line (which starts at 0 all the same).
        let mark = bom && buf[begin..complete].starts_with(b"\xEF\xBB\xBF");
        bom = false;
        let done = parse_block(&mut part, &buf[begin..complete], mark, limit, maps, opts);
        progress.inc((complete - begin).min(limit) as u64);
        if crate::cancel::interrupted() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "interrupted",
            ));
        }
        if done || eof {
            return Ok(part);
        }
        buf.copy_within(complete..have, 0);
        buf_at += complete as u64;
        have -= complete;
    }
}

/// `s.trim()`, short-cut for the usual field, which starts and ends with a visible
/// ASCII character (so has no white space to trim): the general trim decodes the
/// characters at both ends and looks them up in the Unicode tables.
#[inline]
fn trim_field(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// Splits and checks line `n`: its triple, or None (a blank or comment line, or
/// one with a problem, which goes into `part`).
#[inline]
fn parse_line<'a>(
    part: &mut Part,
    line: &'a str,
    tabs: &Tabs,
    n: usize,
    maps: &'a IdMaps,
    opts: &TripleOptions,
) -> Option<Pending<'a>> {
    let first = line.as_bytes().first().copied();
    // Fast check for the common case; the full one for lines starting with space.
    if first.is_none()
        || first == Some(b'#')
        || first.is_some_and(|b| b.is_ascii_whitespace() || b >= 0x80)
    {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return None;
        }
    }
    // The first four fields, cut at the tabs the scan of the line found (tabs are
    // ASCII, so every cut is a char boundary).
    let fields = tabs.get(0).zip(tabs.get(1));
    let (h, r, t, time) = match fields {
        Some((a, b)) => {
            let c = tabs.get(2);
            let t = &line[b + 1..c.unwrap_or(line.len())];
            let time = c.map_or("", |c| &line[c + 1..tabs.get(3).unwrap_or(line.len())]);
            (
                trim_field(&line[..a]),
                trim_field(&line[a + 1..b]),
                trim_field(t),
                trim_field(time),
            )
        }
        None => {
            let found = line.split('\t').count();
            let hint = if found == 1 && line.contains(' ') {
                "this line has no tab; separate head, relation and tail with tabs"
            } else {
                "each line needs head<TAB>relation<TAB>tail"
            };
            part.problem(
                n,
                0,
                Problem::new(format!(
                    "expected at least 3 tab-separated fields, found {found}"
                ))
                .hint(hint),
            );
            return None;
        }
    };
    if h.is_empty() || r.is_empty() || t.is_empty() {
        let mut column = 0;
        for (what, f) in [("head", h), ("relation", r), ("tail", t)] {
            if f.is_empty() {
                part.problem(n, column, Problem::new(format!("empty {what} field")));
            }
            column += f.chars().count() + 1;
        }
        return None;
    }
    let valid = match time_field(time, opts, &mut part.undated) {
        Ok(v) => v,
        Err(p) => {
            let col = line
                .splitn(4, '\t')
                .take(3)
                .map(|f| f.chars().count() + 1)
                .sum();
            part.problem(n, col, p);
            return None;
        }
    };
    let (Some(h), Some(r), Some(t)) = (
        part.entity(maps, h, n, 0),
        part.relation(maps, r, n),
        part.entity(maps, t, n, 2),
    ) else {
        return None;
    };
    Some(Pending {
        head: h,
        relation: r,
        tail: t,
        line: n as u32,
        valid,
    })
}

/// Below this size a file is parsed on one thread.
const PARALLEL_ABOVE: u64 = 1 << 20;

/// A triple file to import, read by the parser threads themselves.
#[derive(Debug, Clone)]
pub(crate) struct TsvFile {
    pub path: PathBuf,
    /// Its size when checked.
    pub len: u64,
}

impl TsvFile {
    /// Checks that `path` is a regular file that can be read.
    pub fn open(path: &Path) -> std::io::Result<TsvFile> {
        super::regular_file(path)?;
        let meta = File::open(path)?.metadata()?;
        Ok(TsvFile {
            path: path.to_path_buf(),
            len: meta.len(),
        })
    }
}

/// Imports a tab-separated triple file: parsed in parallel stretches (one per
/// core), each thread reading its own stretch of the file in chunks and interning
/// names in a table of its own; then merged into the graph in file order, so
/// entities are numbered by first appearance and relations by line, exactly as a
/// line-by-line import would.
///
/// # Errors
/// A read error (the file was checked to be readable when the load started).
pub(crate) fn import_tsv(
    imp: &mut Importer,
    file: &TsvFile,
    maps: &IdMaps,
    opts: &TripleOptions,
    progress: &Progress,
) -> std::io::Result<()> {
    let threads = if file.len > PARALLEL_ABOVE {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(8)) as u64
    } else {
        1
    };
    let read_range = |k: u64| -> std::io::Result<Part> {
        let mut f = File::open(&file.path)?;
        let (start, end) = (file.len * k / threads, file.len * (k + 1) / threads);
        let hint = end - start;
        // The last stretch runs to the end, whatever the file has grown to.
        let end = if k + 1 == threads { u64::MAX } else { end };
        f.seek(SeekFrom::Start(start.saturating_sub(1)))?;
        parse_range(&mut f, (start, end), hint, maps, opts, progress)
    };
    let parts: Vec<Part> = if threads == 1 {
        vec![read_range(0)?]
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|k| s.spawn(move || read_range(k)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("parser thread"))
                .collect::<std::io::Result<Vec<Part>>>()
        })?
    };
    merge_parts(imp, parts, maps);
    Ok(())
}

/// A name of a later stretch found in an earlier one: (stretch, local id); or `NEW`.
const NEW: (u32, u32) = (u32::MAX, u32::MAX);

/// For each name of `later`, in order: where it is in the first of `earlier` that
/// has it, or `NEW`.
///
/// # Complexity
/// O(names × earlier tables) lookups, in batches whose first slots are read
/// before any lookup (as in [`Part::intern_batch`]), so that their misses overlap.
fn earlier_ids(earlier: &[Interner], later: &Interner) -> Vec<(u32, u32)> {
    let mut found = Vec::with_capacity(later.len());
    let mut hashes = [0u64; 2 * BATCH];
    for from in (0..later.len()).step_by(hashes.len()) {
        let to = (from + hashes.len()).min(later.len());
        for (i, h) in (from..to).zip(&mut hashes) {
            *h = hash_str(later.get(i));
        }
        let seen = hashes[..to - from].iter().fold(0u32, |s, &h| {
            earlier.iter().fold(s, |s, e| s.wrapping_add(e.touch(h)))
        });
        std::hint::black_box(seen);
        found.extend((from..to).zip(&hashes).map(|(i, &hash)| {
            let name = later.get(i);
            earlier
                .iter()
                .enumerate()
                .find_map(|(k, e)| e.find(name, hash).map(|l| (k as u32, l)))
                .unwrap_or(NEW)
        }));
    }
    found
}

/// Adds the parsed stretches to the graph, in order.
///
/// Into a graph with no entities yet, a stretch's names are either in an earlier
/// stretch or new: each later stretch looks its names up in the earlier stretches'
/// tables on a core of its own while this thread adds the earlier ones to the
/// graph, so no name is looked up in the graph's table at all.
fn merge_parts(imp: &mut Importer, parts: Vec<Part>, maps: &IdMaps) {
    let triples: usize = parts.iter().map(|p| p.triples.len()).sum();
    let names: usize = parts.iter().map(|p| p.entities.len()).sum();
    let name_bytes: usize = parts.iter().map(|p| p.entities.text.len()).sum();
    imp.graph()
        .reserve(parts.first().map_or(0, |p| p.entities.len()), triples);
    imp.graph()
        .reserve_names(names.min(triples * 2), name_bytes);
    let fresh = imp.graph().entity_count() == 0;
    // The names (shared with the lookup threads) apart from the rest, which is
    // freed stretch by stretch; no stretch looks into the last one's table.
    let (mut names, mut rest): (Vec<Interner>, Vec<Part>) = parts
        .into_iter()
        .map(|mut p| (std::mem::take(&mut p.entities), p))
        .unzip();
    if let Some(last) = names.last_mut() {
        last.drop_table();
    }
    let names = &names;
    std::thread::scope(|scope| {
        let mut lookups: Vec<_> = (0..names.len())
            .map(|j| {
                (fresh && j > 0).then(|| scope.spawn(move || earlier_ids(&names[..j], &names[j])))
            })
            .collect();
        let mut ents: Vec<Vec<EntityId>> = Vec::with_capacity(names.len());
        let mut line_base = 0;
        for (j, part) in rest.iter_mut().enumerate() {
            for (line, col, p) in std::mem::take(&mut part.problems) {
                imp.problem(line_base + line, col, p);
            }
            imp.suppressed += part.more_problems;
            imp.notes.undated_integer_times += part.undated;
            let found = lookups[j]
                .take()
                .map(|h| h.join().expect("name lookup thread"));
            let first_line = std::mem::take(&mut part.first_line);
            let mine: Vec<EntityId> = (0..names[j].len())
                .map(|i| {
                    let name = names[j].get(i);
                    let (hash, line) = (hash_str(name), line_base + first_line[i] as usize);
                    match found.as_ref().map(|f| f[i]) {
                        Some(NEW) => {}
                        Some((k, l)) => return ents[k as usize][l as usize],
                        None if fresh => {}
                        None => {
                            let display =
                                maps.names.as_ref().and_then(|m| m.get(name)).map(|s| &**s);
                            return imp.entity_hashed(name, hash, display, line);
                        }
                    }
                    let display = maps.names.as_ref().and_then(|m| m.get(name)).map(|s| &**s);
                    imp.new_entity_hashed(name, hash, display, line)
                })
                .collect();
            drop((found, first_line));
            let rels: Vec<RelTypeId> = (0..part.relations.len())
                .map(|i| imp.relation_type(part.relations.get(i)))
                .collect();
            let valid = std::mem::take(&mut part.valid);
            let mut valid = valid.into_iter().peekable();
            let triples = std::mem::take(&mut part.triples);
            imp.graph()
                .add_relations(triples.into_iter().enumerate().map(|(k, [h, r, t])| {
                    let span = valid.next_if(|&(i, _)| i as usize == k).map(|(_, s)| s);
                    (mine[h as usize], rels[r as usize], mine[t as usize], span)
                }));
            ents.push(mine);
            line_base += part.lines;
        }
    });
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

/// The column names a CSV header may use for each role.
const HEAD: &[&str] = &["head", "subject", "from", "source"];
const RELATION: &[&str] = &["relation", "predicate", "type", "rel"];
const TAIL: &[&str] = &["tail", "object", "to", "target"];
const DATE: &[&str] = &["date", "time", "when"];
const HEAD_TYPE: &[&str] = &["head_type", "subject_type", "from_type", "source_type"];
const TAIL_TYPE: &[&str] = &["tail_type", "object_type", "to_type", "target_type"];
/// Evidence columns. `source` names the head (as in source,target edge lists)
/// unless another column does; then it is the evidence's source.
const SOURCE: &str = "source";
const QUOTE: &[&str] = &["quote"];
const EVIDENCE_DATE: &[&str] = &["evidence_date"];
const VALID_FROM: &[&str] = &["valid_from"];
const VALID_TO: &[&str] = &["valid_to"];

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
    // With a head column of its own name, `source` is the evidence's source.
    let heads: Vec<&str> = HEAD.iter().copied().filter(|&h| h != SOURCE).collect();
    let evidence_source = find(&heads).and(find(&[SOURCE]));
    let head_names: &[&str] = if evidence_source.is_some() {
        &heads
    } else {
        HEAD
    };
    let roles = (find(head_names), find(RELATION), find(TAIL));
    if !matches!(roles, (Some(_), Some(_), Some(_))) {
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
    }
    let twice = columns_named_twice(&header, body, evidence_source.is_some());
    let refused = !twice.is_empty();
    for (line, column, p) in twice {
        imp.problem(line, column, p);
    }
    let (Some(hc), Some(rc), Some(tc)) = roles else {
        return;
    };
    if refused {
        return;
    }
    let (dc, htc, ttc) = (find(DATE), find(HEAD_TYPE), find(TAIL_TYPE));
    let mut ev = EvidenceColumns {
        source: evidence_source,
        quote: find(QUOTE),
        date: find(EVIDENCE_DATE),
        valid_from: find(VALID_FROM),
        valid_to: find(VALID_TO),
        misquoted: 0,
    };
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
        let valid = match time_field(get(dc), opts, &mut imp.notes.undated_integer_times) {
            Ok(v) => v,
            Err(p) => {
                imp.problem(line, 0, p);
                continue;
            }
        };
        let (valid, evidence) = match ev.read(&get, valid, imp.graph()) {
            Ok(v) => v,
            Err(ps) => {
                for p in ps {
                    imp.problem(line, 0, p);
                }
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
        match evidence {
            Some(e) => imp.add_evidenced((from, kind, to), valid, vec![e], line),
            None => imp.add(from, kind, to, valid),
        }
    }
}

/// The optional evidence and validity columns of a CSV file.
struct EvidenceColumns {
    source: Option<usize>,
    quote: Option<usize>,
    date: Option<usize>,
    valid_from: Option<usize>,
    valid_to: Option<usize>,
    /// Quotes not found so far: past [`CLOSEST_PASSAGES`] none is searched for.
    misquoted: usize,
}

/// How many misquotes get the closest passage (a pass over the text each).
const CLOSEST_PASSAGES: usize = 100;

impl EvidenceColumns {
    /// A row's validity (the `date` column's, or `valid_from`..`valid_to`) and
    /// evidence, checked as kg JSON evidence is: a known source, a quote only
    /// with a source and in its text when it has one, no quote for background.
    fn read<'a>(
        &mut self,
        get: &dyn Fn(Option<usize>) -> &'a str,
        valid: Option<Span>,
        g: &KnowledgeGraph,
    ) -> Result<(Option<Span>, Option<crate::model::Evidence>), Vec<Problem>> {
        let mut problems = Vec::new();
        let date = |s: &str, what: &str, problems: &mut Vec<Problem>| -> Option<Date> {
            if s.is_empty() {
                return None;
            }
            s.parse::<Date>()
                .map_err(|e| {
                    problems.push(
                        Problem::new(format!("{what} '{s}' is not a date: {e}"))
                            .hint("write YYYY, YYYY-MM or YYYY-MM-DD"),
                    )
                })
                .ok()
        };
        let (vf, vt) = (get(self.valid_from), get(self.valid_to));
        let range = match (
            date(vf, "valid_from", &mut problems),
            date(vt, "valid_to", &mut problems),
        ) {
            (Some(f), Some(t)) if f.first_day() > t.last_day() => {
                problems.push(
                    Problem::new(format!("validity range ends ({t}) before it starts ({f})"))
                        .hint("swap valid_from and valid_to"),
                );
                None
            }
            (Some(f), Some(t)) => Some(Span { from: f, to: t }),
            (None, None) => None,
            _ if problems.is_empty() => {
                problems.push(
                    Problem::new("a validity range needs both valid_from and valid_to")
                        .hint("give both, or the one date in the date column"),
                );
                None
            }
            _ => None,
        };
        if range.is_some() && valid.is_some() {
            problems.push(
                Problem::new("both a date and a valid_from..valid_to range")
                    .hint("give the one date, or the range"),
            );
        }
        let (src, quote) = (get(self.source), get(self.quote));
        let when = date(get(self.date), "evidence_date", &mut problems);
        let evidence = if src.is_empty() {
            if !quote.is_empty() {
                problems.push(
                    Problem::new("quote has no source")
                        .hint("name the source in the source column"),
                );
            }
            None
        } else {
            match g.source_id(src) {
                None => {
                    let ids: Vec<String> = g.sources().map(|(_, s)| s.id.to_string()).collect();
                    let p = Problem::new(format!("unknown source '{src}'")).suggest(
                        &crate::suggest::closest(src, ids.iter().map(String::as_str)),
                    );
                    problems.push(if p.hint.is_some() {
                        p
                    } else {
                        p.hint(
                            "declare it under \"sources\" in a kg JSON file loaded with this one",
                        )
                    });
                    None
                }
                Some(sid) => {
                    let s = g.source(sid);
                    if !quote.is_empty() && s.background {
                        problems.push(Problem::new(format!(
                            "source '{src}' is background knowledge, which carries no quote"
                        )));
                    }
                    if let (false, Some(text)) = (quote.is_empty(), s.text.as_deref()) {
                        if !crate::verbatim::contains(text, quote) {
                            self.misquoted += 1;
                            let search = self.misquoted <= CLOSEST_PASSAGES;
                            problems.push(
                                Problem::new(format!(
                                    "the quote is not in the text of source '{src}'"
                                ))
                                .hint(crate::verbatim::misquote_hint(text, quote, search)),
                            );
                        }
                    }
                    Some(crate::model::Evidence {
                        source: sid,
                        quote: (!quote.is_empty()).then(|| quote.to_string()),
                        // Without a date of its own, the source's.
                        date: when.or(s.date),
                    })
                }
            }
        };
        if problems.is_empty() {
            Ok((valid.or(range), evidence))
        } else {
            Err(problems)
        }
    }
}

/// The columns each role may be named by, with the role's name for messages.
const ROLES: [(&str, &[&str]); 6] = [
    ("head", HEAD),
    ("relation", RELATION),
    ("tail", TAIL),
    ("date", DATE),
    ("head_type", HEAD_TYPE),
    ("tail_type", TAIL_TYPE),
];

/// A role named by two columns of the (lowercased) header: only the first would
/// be read, and the other silently ignored, so each second naming is refused,
/// at (line, column) in `body`, the file after its byte-order mark.
fn columns_named_twice(
    header: &[String],
    body: &[u8],
    source_is_evidence: bool,
) -> Vec<(usize, usize, Problem)> {
    let mut out = Vec::new();
    let heads: Vec<&str> = HEAD.iter().copied().filter(|&h| h != SOURCE).collect();
    for (role, names) in ROLES {
        let names: &[&str] = if role == "head" && source_is_evidence {
            &heads
        } else {
            names
        };
        let mut named = (0..header.len()).filter(|&c| names.contains(&header[c].as_str()));
        let Some(first) = named.next() else { continue };
        let synonyms = match names.split_last() {
            Some((last, [])) => last.to_string(),
            Some((last, init)) => format!("{} and {last}", init.join(", ")),
            None => continue,
        };
        for again in named {
            let (line, column) = header_field_position(body, again);
            let (a, b) = (first + 1, again + 1);
            let what = if header[again] == header[first] {
                format!("columns {a} and {b} are both '{}'", header[again])
            } else {
                format!(
                    "'{}' (column {a}) and '{}' (column {b})",
                    header[first], header[again]
                )
            };
            out.push((
                line,
                column,
                Problem::new(format!(
                    "the CSV header names the {role} column twice: {what}"
                ))
                .hint(format!(
                    "{synonyms} all name the {role} column; keep one of the two, or rename the other"
                )),
            ));
        }
    }
    out
}

/// The 0-based (line, column in characters) where the name of header field
/// `field` starts, reading the first record as RFC 4180 quoting does; only asked
/// for a header already refused, so it need not be fast.
fn header_field_position(body: &[u8], field: usize) -> (usize, usize) {
    let (mut i, mut k, mut quoted) = (0, 0, false);
    while k < field && i < body.len() {
        match body[i] {
            b'"' => quoted = !quoted,
            b',' if !quoted => k += 1,
            b'\n' | b'\r' if !quoted => break,
            _ => {}
        }
        i += 1;
    }
    while i < body.len() && matches!(body[i], b' ' | b'\t') {
        i += 1;
    }
    let before = String::from_utf8_lossy(&body[..i]);
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    (
        before.matches('\n').count(),
        before[line_start..].chars().count(),
    )
}

/// Reads a `name<TAB>id` map (entity2id.txt / relation2id.txt).
///
/// Each name must have one id and each id one name: a name under two ids would
/// merge what the triples say of the two ids into one entity (or relation type),
/// and an id under two names leaves it unknowable which one a triple means. The
/// second line saying otherwise is refused, naming the first.
pub fn read_id_map(
    file: &Arc<str>,
    bytes: &[u8],
    problems: &mut Vec<Problem>,
) -> FxHashMap<u32, Box<str>> {
    let mut map: FxHashMap<u32, Box<str>> = FxHashMap::default();
    // Each name's id and (0-based) line, to name the first of two lines.
    let mut seen: FxHashMap<&str, (u32, u32)> = FxHashMap::default();
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
        let Some((name, id)) = line
            .rsplit_once('\t')
            .map(|(name, id)| (name.trim(), id.trim().parse::<u32>()))
            .and_then(|(name, id)| Some((name, id.ok()?)))
            .filter(|(name, _)| !name.is_empty())
        else {
            problems.push(
                Problem::new("expected name<TAB>integer id").at(Location::new(file, n as u32, 0)),
            );
            continue;
        };
        if let Some(&(first_id, first_line)) = seen.get(name) {
            if first_id != id {
                problems.push(
                    Problem::new(format!(
                        "'{name}' has two ids: {first_id} (line {}) and {id}",
                        first_line + 1
                    ))
                    .at(Location::new(file, n as u32, 0))
                    .hint(format!(
                        "give each name one id, or the triples of ids {first_id} and {id} end up merged under it"
                    )),
                );
                // Still mapped, so triples using the id are not also called unknown.
                map.entry(id).or_insert_with(|| name.into());
            }
            continue;
        }
        if let Some(other) = map.get(&id) {
            // The line `other` got its id on, unless that line was itself refused.
            let first = match seen.get(&**other) {
                Some(&(i, l)) if i == id => format!(" (line {})", l + 1),
                _ => String::new(),
            };
            let column = line.rfind('\t').map_or(0, |t| {
                let id_at = line.len() - line[t + 1..].trim_start().len();
                line[..id_at].chars().count()
            });
            problems.push(
                Problem::new(format!("id {id} names both '{other}'{first} and '{name}'"))
                    .at(Location::new(file, n as u32, column as u32))
                    .hint(format!(
                        "give each id one name; a triple with id {id} could mean either"
                    )),
            );
            continue;
        }
        seen.insert(name, (id, n as u32));
        map.insert(id, name.into());
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

/// Sets the `description` attribute of each entity `text` describes: an
/// `entity2wikidata.json` object keyed by entity id, each value an object with a
/// `description` string (its `label`, `alternatives`, `wikidata_id` and
/// `wikipedia` are not kept). Ids the graph does not hold, and values with no
/// description, are skipped; an entity's own description, if it has one, wins.
///
/// # Errors
/// A read error; a problem located in `file` when the text is not such an
/// object (the descriptions before it are kept).
///
/// # Complexity
/// O(bytes), streamed: one entry in memory at a time, beside the graph.
pub(crate) fn describe(
    g: &mut KnowledgeGraph,
    file: &Arc<str>,
    text: impl std::io::Read,
) -> std::io::Result<Vec<Problem>> {
    use serde::de::{Deserializer as _, IgnoredAny, MapAccess, Visitor};

    #[derive(serde::Deserialize)]
    struct About {
        #[serde(default)]
        description: Option<String>,
    }
    struct Entries<'g>(&'g mut KnowledgeGraph);
    impl<'de> Visitor<'de> for Entries<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object keyed by entity id")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let g = self.0;
            while let Some(id) = map.next_key::<String>()? {
                let Some(e) = g.entity_by_id(&id) else {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                };
                let about: About = map.next_value()?;
                let Some(text) = about.description.filter(|d| !d.trim().is_empty()) else {
                    continue;
                };
                let mut attrs = g.entity(e).attributes.cloned().unwrap_or_default();
                if attrs.contains_key(crate::model::DESCRIPTION) {
                    continue;
                }
                attrs.insert(crate::model::DESCRIPTION.to_string(), text.trim().into());
                g.set_attributes(e, Some(attrs));
            }
            Ok(())
        }
    }
    let mut de = serde_json::Deserializer::from_reader(text);
    let read = de.deserialize_map(Entries(g)).and_then(|()| de.end());
    match read {
        Ok(()) => Ok(Vec::new()),
        Err(e) if e.is_io() => Err(std::io::Error::other(e)),
        Err(e) => {
            let message = e.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m);
            Ok(vec![Problem::new(format!(
                "not an object of entity descriptions: {message}"
            ))
            .at(Location::new(
                file,
                e.line().saturating_sub(1) as u32,
                e.column().saturating_sub(1) as u32,
            ))
            .hint(
                "each key is an entity id, each value an object with a \"description\" string",
            )])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The triples of `part` as names, and its line count.
    fn triples_of(part: &Part) -> (Vec<(String, String, String)>, usize) {
        let t = part
            .triples
            .iter()
            .map(|&[h, r, t]| {
                (
                    part.entities.get(h as usize).to_string(),
                    part.relations.get(r as usize).to_string(),
                    part.entities.get(t as usize).to_string(),
                )
            })
            .collect();
        (t, part.lines)
    }

    fn parse(bytes: &[u8], start: u64, end: u64) -> Part {
        let mut r = std::io::Cursor::new(bytes);
        r.set_position(start.saturating_sub(1));
        let maps = IdMaps::default();
        parse_range(
            &mut r,
            (start, end),
            bytes.len() as u64,
            &maps,
            &TripleOptions::default(),
            &Progress::hidden(),
        )
        .unwrap()
    }

    #[test]
    fn stretches_split_anywhere_give_the_lines_once() {
        let text = "\u{feff}a\tknows\tb\r\nb\tknows\tc\n\n# note\nc\tlikes\ta\tx\n  \nd\tknows\tÉmile\nlast\tline\tnonl";
        let bytes = text.as_bytes();
        let (whole, lines) = triples_of(&parse(bytes, 0, u64::MAX));
        assert_eq!(whole.len(), 4, "{whole:?}");
        assert_eq!(whole[0].0, "a", "the byte-order mark is not part of a name");
        assert_eq!(lines, 8);
        for cut in 0..=bytes.len() as u64 {
            let (mut a, la) = triples_of(&parse(bytes, 0, cut));
            let (b, lb) = triples_of(&parse(bytes, cut, u64::MAX));
            a.extend(b);
            assert_eq!(a, whole, "split at byte {cut}");
            assert_eq!(la + lb, lines, "lines, split at byte {cut}");
        }
    }

    #[test]
    fn an_id_map_gives_each_name_one_id_and_each_id_one_name() {
        let file: Arc<str> = Arc::from("entity2id.txt");
        let mut problems = Vec::new();
        let map = read_id_map(&file, b"a\t0\na\t0\nb\t1\n", &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(map.len(), 2);
        read_id_map(&file, b"a\t0\nb\t1\na\t2\nc \t 1\n", &mut problems);
        let at: Vec<String> = problems
            .iter()
            .map(|p| p.location.as_ref().unwrap().to_string())
            .collect();
        assert_eq!(at, ["entity2id.txt:3:1", "entity2id.txt:4:5"]);
    }

    #[test]
    fn header_fields_are_found_past_quoted_commas_and_newlines() {
        let body = "\"a,\nb\", é,  head\nx".as_bytes();
        assert_eq!(header_field_position(body, 0), (0, 0));
        assert_eq!(header_field_position(body, 1), (1, 4));
        assert_eq!(header_field_position(body, 2), (1, 8));
    }

    #[test]
    fn the_interner_numbers_strings_by_first_appearance_whatever_their_length() {
        // Lengths on both sides of every word boundary and of the inline limit,
        // trailing NUL bytes (which a zero-padded key alone would not tell apart),
        // long strings that share their first 24 bytes, and enough of them to grow
        // the table several times.
        let mut names: Vec<String> = Vec::new();
        for len in 0..40 {
            names.push("x".repeat(len));
            names.push(format!("{}\0", "x".repeat(len)));
            names.push(format!("{}{len}", "p".repeat(24)));
        }
        names.extend((0..5000).map(|i| format!("Entity_{i}")));
        let mut it = Interner::with_capacity(0, 0);
        let mut expected = FxHashMap::default();
        for (round, name) in names.iter().chain(names.iter().rev()).enumerate() {
            let next = expected.len() as u32;
            let want = *expected.entry(name.clone()).or_insert(next);
            assert_eq!(it.intern(name), want, "{name:?} in round {round}");
        }
        assert_eq!(it.len(), expected.len());
        for (name, &i) in &expected {
            assert_eq!(it.get(i as usize), name);
            assert_eq!(it.find(name, hash_str(name)), Some(i));
        }
        assert_eq!(it.find("absent", hash_str("absent")), None);
        it.drop_table();
        assert_eq!(it.find("x", hash_str("x")), None);
    }

    #[test]
    fn the_line_scan_finds_the_newline_and_the_first_four_tabs() {
        // Every placement of tabs and a newline in blocks of up to 17 bytes, with
        // bytes that differ from a tab or a newline in one bit around them.
        for len in 0..18usize {
            for mask in 0..(1u32 << len.min(10)) {
                let block: Vec<u8> = (0..len)
                    .map(|i| match (mask >> (i % 10)) & 1 {
                        1 if i % 5 == 4 => b'\n',
                        1 => b'\t',
                        _ => [b'\x08', b'\x0b', b'\x89', b'a'][i % 4],
                    })
                    .collect();
                for from in 0..=len {
                    let end = block[from..]
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(len, |i| from + i);
                    let want: Vec<usize> =
                        (from..end).filter(|&i| block[i] == b'\t').take(4).collect();
                    let (got_end, tabs) = scan_line(&block, from);
                    let got: Vec<usize> = (0..4).map_while(|i| tabs.get(i)).collect();
                    assert_eq!((got_end, got), (end, want), "{block:?} from {from}");
                }
            }
        }
    }

    #[test]
    fn a_line_longer_than_the_buffer_is_read_whole() {
        let long = "x".repeat(3 * CHUNK);
        let text = format!("a\tr\t{long}\n{long}\tr\tb\n");
        let (t, lines) = triples_of(&parse(text.as_bytes(), 0, u64::MAX));
        assert_eq!(lines, 2);
        assert_eq!(t[0].2.len(), long.len());
        assert_eq!(t[1].0.len(), long.len());
    }
}
