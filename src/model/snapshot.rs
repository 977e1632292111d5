//! The store as bytes: the payload of a `.kgb` snapshot (framing, checksum and
//! messages are in `load::snapshot`).
//!
//! Everything is little-endian. Lengths and counts are `u64`; strings are a length
//! and UTF-8 bytes; optional values a `u8` flag before the value. The bulk (the
//! names arena, entity types, relation ends and types, and the four arrays of
//! the traversal index) is stored as flat arrays, so opening a snapshot is
//! reading them: they become the store's frozen topology (`model::topology`)
//! and its traversal index as they are, with no per-relation work beyond the
//! bounds checks (no petgraph store is built: the first removal builds it).
//! The graph is written without holes in its numbering (compacted first if
//! removals left any), so its topology is the frozen one.
//!
//! The payload is two parts: everything but the traversal index ([`write`],
//! [`read`]), then the index ([`write_index`], [`read_index`]). The framing
//! says where the second begins, so the two are read side by side.
//!
//! Format version 4 added the entity types and the traversal index as they are
//! kept in memory; version 5 made the index a part of its own. Older versions
//! are refused with a message to rebuild.
//!
//! Reading is in two steps, so a damaged file never reaches the store: `read`
//! and `read_index` only copy sections into vectors (every length bounded by
//! the bytes left); `RawIndex::check` bounds the index's rows and entries, and
//! `prepare` validates every other index and assembles the graph without it.
//! Only after the caller has checked the checksum does `attach` join the two.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};

use rustc_hash::FxHashMap;
use zerocopy::{FromBytes, FromZeros, IntoBytes};

use super::store::{EntityNames, RelationData};
use super::topology::{Frozen, Topology};
use super::{
    AdjEntry, Adjacency, Alias, Attributes, EntityExtra, Evidence, KnowledgeGraph, Origin,
    Relation, RelationDetail, RelationType, Schema, Source, SourceId, SourceKind, TypeId,
};
use crate::date::{Date, Span};
use crate::progress::Progress;

/// Bytes converted per chunk when arrays are written or read.
const CHUNK: usize = 1 << 16;

/// Writes the payload, keeping its CRC-32 and length.
pub(crate) struct Encoder<'w> {
    w: &'w mut dyn Write,
    crc: crc32fast::Hasher,
    len: u64,
    buf: Vec<u8>,
}

impl<'w> Encoder<'w> {
    pub fn new(w: &'w mut dyn Write) -> Self {
        Encoder {
            w,
            crc: crc32fast::Hasher::new(),
            len: 0,
            buf: Vec::with_capacity(CHUNK * 4),
        }
    }

    /// Bytes of payload written so far.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Length and CRC-32 of everything written.
    pub fn finish(self) -> (u64, u32) {
        (self.len, self.crc.finalize())
    }

    fn bytes(&mut self, b: &[u8]) -> io::Result<()> {
        self.crc.update(b);
        self.len += b.len() as u64;
        self.w.write_all(b)
    }

    fn u8(&mut self, v: u8) -> io::Result<()> {
        self.bytes(&[v])
    }

    fn u32(&mut self, v: u32) -> io::Result<()> {
        self.bytes(&v.to_le_bytes())
    }

    fn u64(&mut self, v: u64) -> io::Result<()> {
        self.bytes(&v.to_le_bytes())
    }

    fn len_of(&mut self, n: usize) -> io::Result<()> {
        self.u64(n as u64)
    }

    fn str(&mut self, s: &str) -> io::Result<()> {
        self.len_of(s.len())?;
        self.bytes(s.as_bytes())
    }

    fn opt_str(&mut self, s: Option<&str>) -> io::Result<()> {
        match s {
            Some(s) => {
                self.u8(1)?;
                self.str(s)
            }
            None => self.u8(0),
        }
    }

    fn date(&mut self, d: Option<Date>) -> io::Result<()> {
        match d {
            Some(d) => {
                self.u8(1)?;
                self.u32(d.to_bits())
            }
            None => self.u8(0),
        }
    }

    fn origin(&mut self, o: Origin) -> io::Result<()> {
        let [f, l] = o.pack();
        self.u32(f)?;
        self.u32(l)
    }

    fn attributes(&mut self, a: Option<&Attributes>) -> io::Result<()> {
        match a.filter(|a| !a.is_empty()) {
            Some(a) => self.opt_str(Some(&serde_json::to_string(a).map_err(io::Error::other)?)),
            None => self.opt_str(None),
        }
    }

    /// A counted array of `u32`s, produced by `items`.
    fn u32s(&mut self, n: usize, items: impl Iterator<Item = u32>) -> io::Result<()> {
        self.len_of(n)?;
        let mut buf = std::mem::take(&mut self.buf);
        let mut written = 0;
        for v in items {
            buf.extend_from_slice(&v.to_le_bytes());
            if buf.len() >= CHUNK * 4 {
                written += buf.len() / 4;
                self.bytes(&buf)?;
                buf.clear();
            }
        }
        written += buf.len() / 4;
        self.bytes(&buf)?;
        buf.clear();
        self.buf = buf;
        debug_assert_eq!(written, n);
        Ok(())
    }
}

/// Reads the payload, keeping its CRC-32; every length is checked against the
/// bytes left, so a damaged length fails instead of allocating wildly.
pub(crate) struct Decoder<'r> {
    r: &'r mut dyn Read,
    crc: crc32fast::Hasher,
    left: u64,
    progress: &'r Progress,
}

/// Why a payload could not be read: a short read, or a value no writer produces.
#[derive(Debug)]
pub(crate) enum DecodeError {
    Io(io::Error),
    Corrupt(String),
}

impl From<io::Error> for DecodeError {
    fn from(e: io::Error) -> Self {
        DecodeError::Io(e)
    }
}

type DResult<T> = Result<T, DecodeError>;

fn corrupt<T>(what: impl Into<String>) -> DResult<T> {
    Err(DecodeError::Corrupt(what.into()))
}

impl<'r> Decoder<'r> {
    pub fn new(r: &'r mut dyn Read, payload_len: u64, progress: &'r Progress) -> Self {
        Decoder {
            r,
            crc: crc32fast::Hasher::new(),
            left: payload_len,
            progress,
        }
    }

    /// Reads the rest of the payload into the checksum (after a decoding error,
    /// to tell damage from a writer's bug).
    pub fn drain(&mut self) -> io::Result<()> {
        let mut buf = vec![0u8; CHUNK];
        while self.left > 0 {
            let k = (self.left as usize).min(CHUNK);
            self.r.read_exact(&mut buf[..k])?;
            self.crc.update(&buf[..k]);
            self.left -= k as u64;
        }
        Ok(())
    }

    /// The checksum state of everything read (to combine with another
    /// part's), and the bytes of the payload not read.
    pub fn finish(self) -> (crc32fast::Hasher, u64) {
        (self.crc, self.left)
    }

    fn fill(&mut self, buf: &mut [u8]) -> DResult<()> {
        if buf.len() as u64 > self.left {
            return corrupt("a section runs past the end of the payload");
        }
        self.r.read_exact(buf)?;
        self.crc.update(buf);
        self.left -= buf.len() as u64;
        self.progress.inc(buf.len() as u64);
        Ok(())
    }

    fn u8(&mut self) -> DResult<u8> {
        let mut b = [0; 1];
        self.fill(&mut b)?;
        Ok(b[0])
    }

    fn u32(&mut self) -> DResult<u32> {
        let mut b = [0; 4];
        self.fill(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn u64(&mut self) -> DResult<u64> {
        let mut b = [0; 8];
        self.fill(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    /// A count of items of at least `size` bytes each.
    fn len_of(&mut self, size: u64) -> DResult<usize> {
        let n = self.u64()?;
        if n.saturating_mul(size.max(1)) > self.left {
            return corrupt(format!("a count of {n} is more than the file holds"));
        }
        Ok(n as usize)
    }

    fn flag(&mut self) -> DResult<bool> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            b => corrupt(format!("a flag byte is {b}")),
        }
    }

    fn string(&mut self) -> DResult<String> {
        let n = self.len_of(1)?;
        let mut b = vec![0; n];
        self.fill(&mut b)?;
        String::from_utf8(b).or_else(|_| corrupt("a string is not UTF-8"))
    }

    fn opt_string(&mut self) -> DResult<Option<String>> {
        Ok(if self.flag()? {
            Some(self.string()?)
        } else {
            None
        })
    }

    fn date(&mut self) -> DResult<Option<Date>> {
        if !self.flag()? {
            return Ok(None);
        }
        let bits = self.u32()?;
        Date::from_bits(bits).map_or_else(|| corrupt("a date is out of range"), |d| Ok(Some(d)))
    }

    fn origin(&mut self) -> DResult<[u32; 2]> {
        Ok([self.u32()?, self.u32()?])
    }

    fn attributes(&mut self) -> DResult<Option<Attributes>> {
        match self.opt_string()? {
            None => Ok(None),
            Some(s) => serde_json::from_str(&s)
                .map(Some)
                .or_else(|_| corrupt("attributes are not a JSON object")),
        }
    }

    /// `n` items read straight into their vector, in chunks that go into the
    /// checksum while they are in cache: one copy, the kernel's, from the file
    /// to where the store keeps them (the bulk of a snapshot is such arrays).
    fn bulk<T: Wire>(&mut self, n: usize) -> DResult<Vec<T>> {
        let mut out =
            T::new_vec_zeroed(n).map_err(|_| DecodeError::Io(io::ErrorKind::OutOfMemory.into()))?;
        for chunk in out.as_mut_bytes().chunks_mut(CHUNK * 4) {
            self.fill(chunk)?;
        }
        if cfg!(target_endian = "big") {
            out.iter_mut().for_each(|x| *x = x.le_to_native());
        }
        Ok(out)
    }

    fn u32s(&mut self) -> DResult<Vec<u32>> {
        let n = self.len_of(4)?;
        self.bulk(n)
    }

    /// A counted array of `u32`s read as rows of `K`, so a table such as the
    /// name spans becomes the store's own vector.
    fn u32_rows<const K: usize>(&mut self) -> DResult<Vec<[u32; K]>> {
        let words = self.len_of(4)?;
        if words % K != 0 {
            return corrupt(format!("a table of {K}-word rows has {words} words"));
        }
        self.bulk(words / K)
    }

    /// The traversal index's entries: a count of words (two per entry), then
    /// the words.
    fn adj_entries(&mut self) -> DResult<Vec<AdjEntry>> {
        let words = self.len_of(4)?;
        if words % 2 != 0 {
            return corrupt("the adjacency entries are an odd number of words");
        }
        self.bulk(words / 2)
    }
}

/// What arrays of the payload are made of: plain words whose bytes are those
/// of the file on a little-endian machine (a big-endian one swaps them after
/// reading).
trait Wire: Copy + FromZeros + FromBytes + IntoBytes {
    /// The value whose little-endian bytes `self` holds.
    fn le_to_native(self) -> Self;
}

impl Wire for u32 {
    fn le_to_native(self) -> Self {
        u32::from_le(self)
    }
}

impl<const K: usize> Wire for [u32; K] {
    fn le_to_native(self) -> Self {
        self.map(u32::from_le)
    }
}

impl Wire for AdjEntry {
    fn le_to_native(self) -> Self {
        let [other, edge] = self.words();
        AdjEntry::from_words(u32::from_le(other), u32::from_le(edge))
    }
}

/// Writes the first part of the payload of `g`, all but the traversal index
/// (`g` must have no holes: see [`KnowledgeGraph::compacted`]).
pub(crate) fn write(g: &KnowledgeGraph, e: &mut Encoder) -> io::Result<()> {
    assert!(
        !g.has_holes(),
        "snapshots are written from compacted graphs"
    );
    // Files.
    e.len_of(g.files.len())?;
    for f in &g.files {
        e.str(f)?;
    }
    // Schema.
    let s = &g.schema;
    e.len_of(s.entity_types().len())?;
    for (_, t) in s.entity_types() {
        e.str(&t.id)?;
        e.opt_str(t.description.as_deref())?;
        e.u8(t.declared.into())?;
    }
    e.len_of(s.relation_types().len())?;
    for (_, t) in s.relation_types() {
        e.str(&t.id)?;
        e.opt_str(t.description.as_deref())?;
        e.u32s(t.from.len(), t.from.iter().map(|x| x.0))?;
        e.u32s(t.to.len(), t.to.iter().map(|x| x.0))?;
        e.u8(t.symmetric.into())?;
        e.opt_str(t.inverse.as_deref())?;
        e.len_of(t.codes.len())?;
        for (k, v) in &t.codes {
            e.str(k)?;
            e.str(v)?;
        }
        // Extraction rules are rare and small: kept as their JSON.
        let rules = t
            .extract
            .as_deref()
            .map(|r| serde_json::to_string(r).expect("extraction rules are plain strings"));
        e.opt_str(rules.as_deref())?;
        e.u8(t.declared.into())?;
    }
    // Sources.
    e.len_of(g.sources.len())?;
    for src in &g.sources {
        e.str(&src.id)?;
        e.opt_str(src.title.as_deref())?;
        e.opt_str(src.publisher.as_deref())?;
        e.date(src.date)?;
        e.opt_str(src.url.as_deref())?;
        e.u8(src.background.into())?;
        let kind = src
            .kind
            .and_then(|k| SourceKind::ALL.iter().position(|&x| x == k))
            .map_or(0, |i| i as u8 + 1);
        e.u8(kind)?;
        e.opt_str(src.text.as_deref())?;
    }
    // Entities: names, types, origins, then the few with aliases or attributes.
    let n = g.topology.node_count();
    let (text, spans) = g.names.raw();
    e.str(text)?;
    e.u32s(n * 3, spans[..n].iter().flatten().copied())?;
    e.u32s(n, g.topology.node_types().map(|t| t.0))?;
    e.u32s(n * 2, g.origins[..n].iter().flatten().copied())?;
    let mut extras: Vec<(&u32, &EntityExtra)> = g.extras.iter().collect();
    extras.sort_unstable_by_key(|(k, _)| **k);
    e.len_of(extras.len())?;
    for (slot, x) in extras {
        e.u32(*slot)?;
        e.len_of(x.aliases.len())?;
        for a in &x.aliases {
            e.str(&a.text)?;
            e.origin(a.origin)?;
        }
        e.attributes(x.attributes.as_deref())?;
    }
    // Relations: ends and types, then the data of those that have any.
    let m = g.topology.edge_count();
    let edges = || g.topology.edge_triples();
    e.u32s(m, edges().map(|(a, _, _)| a))?;
    e.u32s(m, edges().map(|(_, b, _)| b))?;
    e.u32s(m, g.topology.edge_types().map(|k| k.0))?;
    let (slots, data) = g.relations.raw();
    e.u32s(slots.len(), slots.iter().copied())?;
    e.len_of(data.len())?;
    for r in data {
        match r.valid {
            Some(span) => {
                e.u8(1)?;
                e.u32(span.from.to_bits())?;
                e.u32(span.to.to_bits())?;
            }
            None => e.u8(0)?,
        }
        match r.detail.as_deref() {
            None => e.u8(0)?,
            Some(d) => {
                e.u8(1)?;
                e.opt_str(d.id.as_deref())?;
                e.len_of(d.evidence.len())?;
                for ev in &d.evidence {
                    e.u32(ev.source.0)?;
                    e.opt_str(ev.quote.as_deref())?;
                    e.date(ev.date)?;
                }
                match d.confidence {
                    Some(c) => {
                        e.u8(1)?;
                        e.u64(c.to_bits())?;
                    }
                    None => e.u8(0)?,
                }
                e.attributes(Some(&d.attributes))?;
                e.origin(d.origin)?;
            }
        }
    }
    Ok(())
}

/// Writes the second part of the payload: the traversal index as it is kept in
/// memory (built now if it is not), after the counts of entities and relations
/// it is for. It is a part of its own so that a reader can read it on a second
/// thread while the first part is read.
pub(crate) fn write_index(g: &KnowledgeGraph, e: &mut Encoder) -> io::Result<()> {
    e.u64(g.topology.node_count() as u64)?;
    e.u64(g.topology.edge_count() as u64)?;
    let (offsets, entries, nbr_offsets, nbrs) = g.adjacency().raw();
    e.u32s(offsets.len(), offsets.iter().copied())?;
    e.u32s(entries.len() * 2, entries.iter().flat_map(|a| a.words()))?;
    e.u32s(nbr_offsets.len(), nbr_offsets.iter().copied())?;
    e.u32s(nbrs.len(), nbrs.iter().copied())?;
    Ok(())
}

/// A snapshot's sections, read but not yet checked.
pub(crate) struct Sections {
    files: Vec<String>,
    entity_types: Vec<(String, Option<String>, bool)>,
    relation_types: Vec<RelationType>,
    sources: Vec<Source>,
    text: String,
    spans: Vec<[u32; 3]>,
    types: Vec<u32>,
    origins: Vec<[u32; 2]>,
    extras: Vec<RawExtra>,
    from: Vec<u32>,
    to: Vec<u32>,
    kinds: Vec<u32>,
    slots: Vec<u32>,
    data: Vec<RawRelation>,
}

/// The second part of a payload, the traversal index, read (on a thread of
/// its own) but not yet checked: the counts of entities and relations it was
/// built for, its row offsets and entries, and its neighbour rows.
pub(crate) struct RawIndex {
    nodes: u64,
    relations: u64,
    offsets: Vec<u32>,
    entries: Vec<AdjEntry>,
    nbr_offsets: Vec<u32>,
    nbrs: Vec<u32>,
}

/// A traversal index whose rows and entries are in bounds for the counts it
/// names; `attach` checks those against the graph.
pub(crate) struct Index {
    nodes: u64,
    relations: u64,
    adjacency: Adjacency,
}

impl RawIndex {
    /// Checks every row and entry against the counts the index names (run
    /// beside the reading of the first part, whose counts are not known yet).
    pub(crate) fn check(self) -> Result<Index, String> {
        let too_many = |x: u64| usize::try_from(x).map_or(true, |x| x > u32::MAX as usize);
        if too_many(self.nodes) || too_many(self.relations) {
            return Err("too many entities or relations".into());
        }
        let adjacency = Adjacency::from_raw(
            self.nodes as usize,
            self.relations as usize,
            self.offsets,
            self.entries,
            self.nbr_offsets,
            self.nbrs,
        )?;
        Ok(Index {
            nodes: self.nodes,
            relations: self.relations,
            adjacency,
        })
    }
}

/// An entity's slot, aliases (text, packed origin) and attributes.
type RawExtra = (u32, Vec<(String, [u32; 2])>, Option<Attributes>);
/// A relation's validity (two packed dates) and detail.
type RawRelation = (Option<(u32, u32)>, Option<RawDetail>);

struct RawDetail {
    id: Option<String>,
    evidence: Vec<(u32, Option<String>, Option<Date>)>,
    confidence: Option<f64>,
    attributes: Option<Attributes>,
    origin: [u32; 2],
}

/// Reads every section (the checksum is checked by the caller before `build`).
pub(crate) fn read(d: &mut Decoder) -> DResult<Sections> {
    let nf = d.len_of(8)?;
    let files = (0..nf).map(|_| d.string()).collect::<DResult<_>>()?;
    let ne = d.len_of(10)?;
    let mut entity_types = Vec::with_capacity(ne);
    for _ in 0..ne {
        entity_types.push((d.string()?, d.opt_string()?, d.flag()?));
    }
    let nr = d.len_of(26)?;
    let mut relation_types = Vec::with_capacity(nr);
    for _ in 0..nr {
        let id = d.string()?;
        let description = d.opt_string()?;
        let from = d.u32s()?.into_iter().map(TypeId).collect();
        let to = d.u32s()?.into_iter().map(TypeId).collect();
        let symmetric = d.flag()?;
        let inverse = d.opt_string()?;
        let nc = d.len_of(16)?;
        let mut codes = BTreeMap::new();
        for _ in 0..nc {
            let k = d.string()?;
            codes.insert(k, d.string()?);
        }
        let extract = match d.opt_string()? {
            Some(json) => Some(Box::new(match serde_json::from_str(&json) {
                Ok(rules) => rules,
                Err(_) => return corrupt("a relation type's extraction rules"),
            })),
            None => None,
        };
        relation_types.push(RelationType {
            origin: Origin::default(),
            extract,
            id: id.into(),
            description,
            from,
            to,
            symmetric,
            inverse,
            codes,
            declared: d.flag()?,
        });
    }
    let ns = d.len_of(14)?;
    let mut sources = Vec::with_capacity(ns);
    for _ in 0..ns {
        sources.push(Source {
            origin: Origin::default(),
            id: d.string()?.into(),
            title: d.opt_string()?,
            publisher: d.opt_string()?,
            date: d.date()?,
            url: d.opt_string()?,
            background: d.flag()?,
            kind: match d.u8()? {
                0 => None,
                k => match SourceKind::ALL.get(usize::from(k) - 1) {
                    Some(&k) => Some(k),
                    None => return corrupt("an unknown source kind"),
                },
            },
            text: d.opt_string()?.map(Into::into),
        });
    }
    let text = d.string()?;
    let spans = d.u32_rows::<3>()?;
    let types = d.u32s()?;
    let origins = d.u32_rows::<2>()?;
    let nx = d.len_of(14)?;
    let mut extras = Vec::with_capacity(nx);
    for _ in 0..nx {
        let slot = d.u32()?;
        let na = d.len_of(16)?;
        let aliases = (0..na)
            .map(|_| Ok((d.string()?, d.origin()?)))
            .collect::<DResult<_>>()?;
        extras.push((slot, aliases, d.attributes()?));
    }
    let from = d.u32s()?;
    let to = d.u32s()?;
    let kinds = d.u32s()?;
    let slots = d.u32s()?;
    let nd = d.len_of(2)?;
    let mut data = Vec::with_capacity(nd);
    for _ in 0..nd {
        let valid = if d.flag()? {
            Some((d.u32()?, d.u32()?))
        } else {
            None
        };
        let detail = if d.flag()? {
            let id = d.opt_string()?;
            let nev = d.len_of(6)?;
            let mut evidence = Vec::with_capacity(nev);
            for _ in 0..nev {
                evidence.push((d.u32()?, d.opt_string()?, d.date()?));
            }
            let confidence = if d.flag()? {
                Some(f64::from_bits(d.u64()?))
            } else {
                None
            };
            Some(RawDetail {
                id,
                evidence,
                confidence,
                attributes: d.attributes()?,
                origin: d.origin()?,
            })
        } else {
            None
        };
        data.push((valid, detail));
    }
    Ok(Sections {
        files,
        entity_types,
        relation_types,
        sources,
        text,
        spans,
        types,
        origins,
        extras,
        from,
        to,
        kinds,
        slots,
        data,
    })
}

/// Reads the second part, the traversal index (see [`write_index`]).
pub(crate) fn read_index(d: &mut Decoder) -> DResult<RawIndex> {
    let nodes = d.u64()?;
    let relations = d.u64()?;
    Ok(RawIndex {
        nodes,
        relations,
        offsets: d.u32s()?,
        entries: d.adj_entries()?,
        nbr_offsets: d.u32s()?,
        nbrs: d.u32s()?,
    })
}

fn check(ok: bool, what: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(what.to_string())
    }
}

/// A graph assembled from the first part of a payload and checked, waiting for
/// its traversal index (see [`attach`]).
pub(crate) struct Prepared {
    graph: KnowledgeGraph,
    /// Relations from an entity to itself, which have one index entry, not two.
    loops: usize,
}

/// Checks every index in the sections and assembles the graph but for its
/// traversal index (run beside the reading of the index); the message says
/// what was inconsistent.
pub(crate) fn prepare(s: Sections) -> Result<Prepared, String> {
    let n = s.types.len();
    let m = s.kinds.len();
    let nf = s.files.len() as u32;
    let origin_ok = |o: &[u32]| o[0] <= nf;
    check(s.spans.len() == n, "entity names do not match the entities")?;
    check(
        s.origins.len() == n,
        "entity origins do not match the entities",
    )?;
    check(
        s.from.len() == m && s.to.len() == m,
        "relation ends do not match the relations",
    )?;
    check(
        n <= u32::MAX as usize && m < (1 << 31),
        "too many entities or relations",
    )?;

    let mut schema = Schema::default();
    for (i, (id, description, declared)) in s.entity_types.into_iter().enumerate() {
        let t = schema.intern_entity_type(&id);
        check(t.0 as usize == i, "entity types repeat")?;
        let et = schema.entity_type_mut(t);
        et.description = description;
        et.declared = declared;
    }
    let n_types = schema.entity_types().len() as u32;
    for (i, rt) in s.relation_types.into_iter().enumerate() {
        check(
            rt.from.iter().chain(&rt.to).all(|t| t.0 < n_types),
            "a relation type names an unknown entity type",
        )?;
        check(
            schema.relation_type_id(&rt.id).is_none(),
            "relation types repeat",
        )?;
        let r = schema.add_relation_type(rt);
        check(r.0 as usize == i, "relation types repeat")?;
    }
    let n_rel_types = schema.relation_types().len() as u32;

    let mut g = KnowledgeGraph {
        schema,
        ..KnowledgeGraph::default()
    };
    for f in &s.files {
        g.add_file(f);
    }
    check(g.files.len() == s.files.len(), "input file names repeat")?;
    for src in s.sources {
        check(g.source_id(&src.id).is_none(), "source ids repeat")?;
        g.add_source(src);
    }
    let n_sources = g.sources.len() as u32;

    // Entities.
    let spans = s.spans;
    let text_len = s.text.len() as u32;
    for sp in &spans {
        check(
            sp[0] <= sp[1]
                && sp[1] <= sp[2]
                && sp[2] <= text_len
                && sp.iter().all(|&i| s.text.is_char_boundary(i as usize)),
            "an entity name lies outside the names",
        )?;
    }
    check(
        s.types.iter().all(|&t| t < n_types),
        "an entity has an unknown type",
    )?;
    let origins = s.origins;
    check(
        origins.iter().all(|o| origin_ok(o)),
        "an origin names an unknown file",
    )?;
    // The relations and the traversal index: no per-relation work but the
    // bounds checks. The id table is built on the first lookup: a checksum
    // that matches says the ids are those written, which were distinct.
    let (types, from, to, kinds) = (s.types, s.from, s.to, s.kinds);
    check(
        from.iter().chain(&to).all(|&a| (a as usize) < n) && kinds.iter().all(|&k| k < n_rel_types),
        "a relation joins unknown entities or has an unknown type",
    )?;
    let loops = from.iter().zip(&to).filter(|(a, b)| a == b).count();
    let names = EntityNames::from_raw(s.text, spans);
    let mut extras = FxHashMap::default();
    for (slot, aliases, attributes) in s.extras {
        check(
            (slot as usize) < n && aliases.iter().all(|(_, o)| origin_ok(o)),
            "aliases of an unknown entity",
        )?;
        let aliases = aliases
            .into_iter()
            .map(|(text, o)| Alias {
                text: text.into(),
                origin: Origin::unpack(o),
            })
            .collect();
        extras.insert(
            slot,
            EntityExtra {
                aliases,
                attributes: attributes.map(Box::new),
            },
        );
    }

    // Relations.
    let nd = s.data.len() as u32;
    check(
        s.slots.len() <= m && s.slots.iter().all(|&x| x == u32::MAX || x < nd),
        "relation data out of range",
    )?;
    let mut data = Vec::with_capacity(s.data.len());
    for (valid, detail) in s.data {
        let valid = match valid {
            None => None,
            Some((a, b)) => match (Date::from_bits(a), Date::from_bits(b)) {
                (Some(from), Some(to)) => Some(Span { from, to }),
                _ => return Err("a validity date is out of range".into()),
            },
        };
        let detail = match detail {
            None => None,
            Some(d) => {
                check(
                    d.evidence.iter().all(|e| e.0 < n_sources) && origin_ok(&d.origin),
                    "evidence names an unknown source",
                )?;
                Some(Box::new(RelationDetail {
                    id: d.id.map(Into::into),
                    evidence: d
                        .evidence
                        .into_iter()
                        .map(|(src, quote, date)| Evidence {
                            source: SourceId(src),
                            quote,
                            date,
                        })
                        .collect(),
                    confidence: d.confidence,
                    attributes: d.attributes.unwrap_or_default(),
                    origin: Origin::unpack(d.origin),
                }))
            }
        };
        data.push(Relation { valid, detail });
    }

    g.topology = Topology::Frozen(Frozen {
        types,
        from,
        to,
        kinds,
    });
    g.names = names;
    g.origins = origins;
    g.extras = extras;
    g.relations = RelationData::from_raw(s.slots, data);
    g.recount_type_uses();
    Ok(Prepared { graph: g, loops })
}

/// Gives the prepared graph its traversal index, once the index is shown to be
/// of this graph: as many entities and relations, an entry per relation end.
pub(crate) fn attach(p: Prepared, index: Index) -> Result<KnowledgeGraph, String> {
    let mut g = p.graph;
    let (n, m) = (g.topology.node_count(), g.topology.edge_count());
    check(
        index.nodes == n as u64 && index.relations == m as u64,
        "the traversal index is of another graph",
    )?;
    check(
        index.adjacency.raw().1.len() == 2 * m - p.loops,
        "the adjacency entries do not match the relations",
    )?;
    g.adjacency = std::sync::OnceLock::from(index.adjacency);
    Ok(g)
}
