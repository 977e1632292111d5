//! A compact adjacency index for traversal, in compressed sparse row form.
//!
//! petgraph's linked adjacency (`StableGraph`) chases one pointer per edge and is
//! 15–30× slower to walk than a contiguous array on large graphs. Queries therefore
//! walk this index instead: for every node, one slice of `(other end, edge)` pairs
//! covering both directions, built once from the store and dropped on every edit,
//! and beside it the node's distinct neighbours as bare `u32`s (the layout of
//! petgraph's `Csr`), which unfiltered traversals scan instead: half the bytes, and
//! parallel relations (a fifth of a hub's entries) listed once.

use super::topology::Topology;
use super::{EntityId, RelationId};

/// Set in `AdjEntry::edge` when the relation is stored pointing away from the node.
const OUTGOING: u32 = 1 << 31;

/// One relation seen from one of its ends. Laid out as its two words, so that
/// snapshots read entries straight into the index (`model::snapshot`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    zerocopy::FromBytes,
    zerocopy::IntoBytes,
    zerocopy::Immutable,
    zerocopy::KnownLayout,
)]
#[repr(C)]
pub struct AdjEntry {
    other: u32,
    edge: u32,
}

impl AdjEntry {
    /// An entry from its two words as stored in snapshots (see [`AdjEntry::words`]).
    #[inline]
    pub(crate) fn from_words(other: u32, edge: u32) -> AdjEntry {
        AdjEntry { other, edge }
    }

    /// The other end, and the relation index with the outgoing bit (bit 31).
    #[inline]
    pub(crate) fn words(self) -> [u32; 2] {
        [self.other, self.edge]
    }

    #[inline]
    pub fn other(self) -> EntityId {
        EntityId::new(self.other as usize)
    }

    #[inline]
    pub fn other_index(self) -> usize {
        self.other as usize
    }

    #[inline]
    pub fn relation(self) -> RelationId {
        RelationId::new((self.edge & !OUTGOING) as usize)
    }

    /// Whether the relation is stored pointing away from the node this entry is listed under.
    #[inline]
    pub fn outgoing(self) -> bool {
        self.edge & OUTGOING != 0
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Adjacency {
    offsets: Vec<u32>,
    entries: Vec<AdjEntry>,
    /// The distinct other ends of each row (self excluded), for traversals that
    /// need no relation: parallel relations are listed once, as in petgraph's `Csr`.
    nbr_offsets: Vec<u32>,
    nbrs: Vec<u32>,
}

/// Rows are sorted and deduplicated in this many parts at once (this machine has 2 cores).
const THREADS: usize = 2;
/// Below this many entries one thread does it all.
const PARALLEL_ABOVE: usize = 1 << 16;

impl Adjacency {
    /// Builds the index of a topology, frozen or thawed.
    ///
    /// # Complexity
    /// O(V + R) to place the entries, then O(d log d) per row of d entries to
    /// sort them, on two threads for large graphs.
    pub(crate) fn build(t: &Topology) -> Self {
        match t.frozen() {
            Some(f) => Self::build_from(
                f.types.len(),
                f.from
                    .iter()
                    .zip(&f.to)
                    .enumerate()
                    .map(|(i, (&a, &b))| (a, b, i as u32)),
            ),
            None => Self::build_from(t.node_bound(), t.edge_triples()),
        }
    }

    /// Builds the index of `n` node slots from every relation as `(from, to, index)`.
    fn build_from(n: usize, edges: impl Iterator<Item = (u32, u32, u32)> + Clone) -> Self {
        let mut offsets = vec![0u32; n + 1];
        for (a, b, _) in edges.clone() {
            offsets[a as usize + 1] += 1;
            if a != b {
                offsets[b as usize + 1] += 1;
            }
        }
        for v in 0..n {
            offsets[v + 1] += offsets[v];
        }
        let total = offsets[n] as usize;
        let mut fill: Vec<u32> = offsets[..n].to_vec();
        let mut entries = vec![AdjEntry { other: 0, edge: 0 }; total];
        for (a, b, id) in edges {
            let (a, b) = (a as usize, b as usize);
            entries[fill[a] as usize] = AdjEntry {
                other: b as u32,
                edge: id | OUTGOING,
            };
            fill[a] += 1;
            if a != b {
                entries[fill[b] as usize] = AdjEntry {
                    other: a as u32,
                    edge: id,
                };
                fill[b] += 1;
            }
        }
        drop(fill);
        Self::from_rows(offsets, entries)
    }

    /// Sorts every row and derives the distinct-neighbour rows. Rows are sorted by
    /// the other end: entities are numbered in order of first appearance, so hubs
    /// come first, and a BFS meets the other side sooner.
    fn from_rows(offsets: Vec<u32>, mut entries: Vec<AdjEntry>) -> Self {
        let n = offsets.len() - 1;
        // Split the rows into parts of about equal entry counts.
        let parts = if entries.len() > PARALLEL_ABOVE {
            THREADS
        } else {
            1
        };
        let mut bounds = vec![0usize];
        for p in 1..parts {
            let want = (entries.len() * p / parts) as u32;
            bounds.push(offsets.partition_point(|&o| o < want).min(n));
        }
        bounds.push(n);
        let mut rows: Vec<(usize, usize, &mut [AdjEntry])> = Vec::new();
        let mut rest: &mut [AdjEntry] = &mut entries;
        for w in bounds.windows(2) {
            let len = (offsets[w[1]] - offsets[w[0]]) as usize;
            let (part, tail) = rest.split_at_mut(len);
            rows.push((w[0], w[1], part));
            rest = tail;
        }
        let offsets_ref = &offsets;
        let sort_part = |(lo, hi, part): (usize, usize, &mut [AdjEntry])| -> (Vec<u32>, Vec<u32>) {
            let base = offsets_ref[lo] as usize;
            let mut counts = Vec::with_capacity(hi - lo);
            let mut nbrs = Vec::with_capacity(part.len());
            for v in lo..hi {
                let (a, b) = (
                    offsets_ref[v] as usize - base,
                    offsets_ref[v + 1] as usize - base,
                );
                let row = &mut part[a..b];
                row.sort_unstable_by_key(|e| (e.other, e.edge & !OUTGOING));
                let before = nbrs.len();
                let mut last = u32::MAX;
                for e in row.iter() {
                    if e.other != last && e.other as usize != v {
                        nbrs.push(e.other);
                    }
                    last = e.other;
                }
                counts.push((nbrs.len() - before) as u32);
            }
            (counts, nbrs)
        };
        let results: Vec<(Vec<u32>, Vec<u32>)> = if rows.len() == 1 {
            rows.into_iter().map(sort_part).collect()
        } else {
            std::thread::scope(|s| {
                let handles: Vec<_> = rows
                    .into_iter()
                    .map(|r| s.spawn(move || sort_part(r)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("adjacency sort thread"))
                    .collect()
            })
        };
        let total: usize = results.iter().map(|(_, v)| v.len()).sum();
        let mut nbr_offsets = Vec::with_capacity(n + 1);
        let mut nbrs = Vec::with_capacity(total);
        let mut sum = 0u32;
        for (counts, part) in results {
            for c in counts {
                nbr_offsets.push(sum);
                sum += c;
            }
            nbrs.extend_from_slice(&part);
        }
        nbr_offsets.push(sum);
        Adjacency {
            offsets,
            entries,
            nbr_offsets,
            nbrs,
        }
    }

    /// Every relation touching `node`, either direction, self-loops once.
    #[inline]
    pub fn entries(&self, node: usize) -> &[AdjEntry] {
        match (self.offsets.get(node), self.offsets.get(node + 1)) {
            (Some(&a), Some(&b)) => &self.entries[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The distinct entities `node` is related to, either direction, itself
    /// excluded, in index order.
    #[inline]
    pub fn neighbours(&self, node: usize) -> &[u32] {
        match (self.nbr_offsets.get(node), self.nbr_offsets.get(node + 1)) {
            (Some(&a), Some(&b)) => &self.nbrs[a as usize..b as usize],
            _ => &[],
        }
    }

    /// Number of node slots (including removed ones).
    pub fn node_bound(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// The four arrays, for snapshots: row offsets, entries as (other end,
    /// relation with the outgoing bit), distinct-neighbour offsets, neighbours.
    pub(crate) fn raw(&self) -> (&[u32], &[AdjEntry], &[u32], &[u32]) {
        (&self.offsets, &self.entries, &self.nbr_offsets, &self.nbrs)
    }

    /// Puts together an index from the arrays of [`raw`](Self::raw), checking
    /// every offset and index against `nodes` node slots and `relations`
    /// relations, so that no lookup can fall outside them; the message says
    /// what was inconsistent.
    ///
    /// # Complexity
    /// O(V + entries), one sequential pass over each array.
    pub(crate) fn from_raw(
        nodes: usize,
        relations: usize,
        offsets: Vec<u32>,
        entries: Vec<AdjEntry>,
        nbr_offsets: Vec<u32>,
        nbrs: Vec<u32>,
    ) -> Result<Self, String> {
        let rows_ok = |o: &[u32], len: usize| {
            o.len() == nodes + 1
                && o[0] == 0
                && o[nodes] as usize == len
                && o.windows(2).all(|w| w[0] <= w[1])
        };
        if !rows_ok(&offsets, entries.len()) {
            return Err("an adjacency row lies outside the adjacency entries".into());
        }
        if !rows_ok(&nbr_offsets, nbrs.len()) {
            return Err("a neighbour row lies outside the neighbours".into());
        }
        let (n, m) = (nodes as u32, relations as u32);
        if !entries
            .iter()
            .all(|e| e.other < n && (e.edge & !OUTGOING) < m)
        {
            return Err("an adjacency entry names an unknown entity or relation".into());
        }
        if !nbrs.iter().all(|&v| v < n) {
            return Err("a neighbour row names an unknown entity".into());
        }
        Ok(Adjacency {
            offsets,
            entries,
            nbr_offsets,
            nbrs,
        })
    }

    /// Heap bytes held, for memory reports.
    pub fn heap_bytes(&self) -> usize {
        (self.offsets.capacity() + self.nbr_offsets.capacity() + self.nbrs.capacity()) * 4
            + self.entries.capacity() * std::mem::size_of::<AdjEntry>()
    }
}

impl AdjEntry {
    /// The same relation as seen from its other end, whose far end is `from`.
    #[inline]
    pub fn flipped(self, from: EntityId) -> AdjEntry {
        AdjEntry {
            other: from.index() as u32,
            edge: self.edge ^ OUTGOING,
        }
    }
}
