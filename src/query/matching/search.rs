//! The search: backtracking over the plan's steps, binding slots that are
//! allocated once per query, so finding a match allocates nothing (a
//! variable-length pattern pushes onto a list that is reused).
//!
//! Within one `MATCH` clause a relation is used at most once (Cypher's
//! relationship isomorphism): the relations bound so far in the clause sit
//! on a stack and each step checks the new one is not among them, which also
//! makes every variable-length walk a trail. An undirected pattern sees a
//! self-loop once, since the adjacency lists it once.
//!
//! Every few thousand steps the search asks [`crate::cancel::stop_requested`]
//! and, when told to stop, unwinds with the matches found so far.
//!
//! A typed step that many partial matches reach walks a [`StepIndex`]: per
//! entity, only the relations of the step's types in its direction, so a
//! hub's thousands of other relations are never scanned. When the sink only
//! counts (`RETURN count(*)`, grouped or not) and the last step binds nothing
//! anything reads, that step adds the length of its row (less the relations
//! the clause used already) instead of listing each match.
//!
//! # Complexity
//! Each step scans the adjacency row (or step-index row) of one bound
//! entity; a match costs the rows scanned along it, and the whole search the sum over all partial
//! matches the plan builds (see `plan`). Isomorphism checks cost the number
//! of relations the clause has bound (a handful; up to the hop bound inside
//! a variable-length walk).

use super::eval::{Bound, Env};
use super::plan::{Op, Source};
use super::resolve::{EdgeSpec, NodeOcc, Resolved, IN, OUT};
use super::value::equals;
use crate::model::{AdjEntry, Adjacency, EntityId, KnowledgeGraph, RelTypeId, RelationId};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::rc::Rc;

/// What receives each complete match; `false` stops the search.
pub trait Sink<'g> {
    fn found(&mut self, m: &Matcher<'_, 'g>) -> bool;

    /// Whether the sink may take matches by number (every aggregate is
    /// `count(*)`): a cheap test before [`Sink::can_count`].
    fn counts_only(&self) -> bool {
        false
    }

    /// Whether the matches that extend `m` by binding the slots `unbound`
    /// may be told only by number: nothing the sink keeps reads those slots,
    /// and the row they count into holds all the relations it can carry.
    fn can_count(&mut self, _m: &Matcher<'_, 'g>, _unbound: [usize; 2]) -> bool {
        false
    }

    /// `n` more matches extending the bindings [`Sink::can_count`] accepted.
    fn found_many(&mut self, _n: u64) {}
}

/// For one expansion step, each entity's relations that the step may take
/// (its types, in its direction, walked from the side it walks from), as
/// `(other end, relation, walked against the stored direction)`: a hub's
/// row holds only them, not every relation it has.
///
/// # Complexity
/// Built in O(entities + relations of the step's types).
pub struct StepIndex {
    offsets: Vec<u32>,
    entries: Vec<StepEntry>,
    /// Built row by row instead, on the first visit of each entity.
    lazy: Option<LazyRows>,
}

/// The rows of a [`StepIndex`] made as the search reaches their entities: a
/// walk from a few starts visits a sliver of the graph, but meets hubs again
/// and again, each of whose whole adjacency rows (thousands of relations, a
/// type lookup each) is then filtered once.
///
/// # Complexity
/// The first visit of an entity costs its adjacency row; later ones, its row
/// in the step's types and direction.
struct LazyRows {
    /// By relation type: the directions the step may take it (`OUT`, `IN`).
    masks: Vec<u8>,
    backwards: bool,
    rows: RefCell<FxHashMap<u32, Rc<[StepEntry]>>>,
}

/// A row of a [`StepIndex`]: borrowed from the whole index, or shared from
/// the lazily filled one.
enum Row<'a> {
    Slice(&'a [StepEntry]),
    Shared(Rc<[StepEntry]>),
}

impl std::ops::Deref for Row<'_> {
    type Target = [StepEntry];
    fn deref(&self) -> &[StepEntry] {
        match self {
            Row::Slice(s) => s,
            Row::Shared(r) => r,
        }
    }
}

/// One relation a step may take from an entity.
#[derive(Debug, Clone, Copy)]
struct StepEntry {
    other: u32,
    rel: u32,
    kind: RelTypeId,
    /// Walked against its stored direction, the pattern read left to right.
    rev: bool,
}

impl StepIndex {
    pub fn build(g: &KnowledgeGraph, e: &EdgeSpec, backwards: bool) -> StepIndex {
        let n = g.adjacency().node_bound();
        // One pass over the relations (their ends are scattered in the store),
        // then a counting sort by the entity walked from.
        let mut found: Vec<(u32, StepEntry)> = Vec::new();
        for &kind in e.types.as_deref().unwrap_or(&[]) {
            let mask = e.mask(kind);
            for &rel in g.relations_of_type(kind) {
                let Some((s, d)) = g.relation_endpoints(rel) else {
                    continue;
                };
                let (s, d) = (s.index() as u32, d.index() as u32);
                for (at, other, rev) in takes(s, d, mask, backwards).into_iter().flatten() {
                    let rel = rel.index() as u32;
                    found.push((
                        at,
                        StepEntry {
                            other,
                            rel,
                            kind,
                            rev,
                        },
                    ));
                }
            }
        }
        let mut offsets = vec![0u32; n + 1];
        for &(at, _) in &found {
            offsets[at as usize + 1] += 1;
        }
        for v in 0..n {
            offsets[v + 1] += offsets[v];
        }
        let mut fill: Vec<u32> = offsets[..n].to_vec();
        let blank = StepEntry {
            other: 0,
            rel: 0,
            kind: RelTypeId(0),
            rev: false,
        };
        let mut entries = vec![blank; found.len()];
        for (at, entry) in found {
            entries[fill[at as usize] as usize] = entry;
            fill[at as usize] += 1;
        }
        StepIndex {
            offsets,
            entries,
            lazy: None,
        }
    }

    /// An index whose rows are filtered as the search reaches them (see
    /// [`LazyRows`]), for steps from few partial matches.
    pub fn lazy(e: &EdgeSpec, backwards: bool) -> StepIndex {
        let top = e
            .types
            .as_deref()
            .unwrap_or(&[])
            .iter()
            .map(|t| t.0 as usize + 1);
        let mut masks = vec![0u8; top.max().unwrap_or(0)];
        for &kind in e.types.as_deref().unwrap_or(&[]) {
            masks[kind.0 as usize] = e.mask(kind);
        }
        StepIndex {
            offsets: Vec::new(),
            entries: Vec::new(),
            lazy: Some(LazyRows {
                masks,
                backwards,
                rows: RefCell::new(FxHashMap::default()),
            }),
        }
    }

    #[inline]
    fn row(&self, g: &KnowledgeGraph, node: u32) -> Row<'_> {
        if let Some(lazy) = &self.lazy {
            return Row::Shared(lazy.row(g, node));
        }
        let v = node as usize;
        match (self.offsets.get(v), self.offsets.get(v + 1)) {
            (Some(&a), Some(&b)) => Row::Slice(&self.entries[a as usize..b as usize]),
            _ => Row::Slice(&[]),
        }
    }
}

impl LazyRows {
    fn row(&self, g: &KnowledgeGraph, node: u32) -> Rc<[StepEntry]> {
        if let Some(r) = self.rows.borrow().get(&node) {
            return Rc::clone(r);
        }
        // The same reading of each adjacency entry as a step without an index.
        let mask = |k: RelTypeId| self.masks.get(k.0 as usize).copied().unwrap_or(0);
        let row: Rc<[StepEntry]> = g
            .adjacency()
            .entries(node as usize)
            .iter()
            .filter_map(|&entry| take(g, entry, node, mask, self.backwards))
            .collect();
        self.rows.borrow_mut().insert(node, Rc::clone(&row));
        row
    }
}

/// The entries a relation stored `s → d` gives a step allowing directions
/// `mask`: `(entity walked from, other end, walked backwards)`; a self-loop
/// gives one.
#[inline]
fn takes(s: u32, d: u32, mask: u8, backwards: bool) -> [Option<(u32, u32, bool)>; 2] {
    if s == d {
        return [(mask != 0).then_some((s, s, false)), None];
    }
    let (fwd, back) = if backwards {
        ((d, s, false), (s, d, true))
    } else {
        ((s, d, false), (d, s, true))
    };
    [
        (mask & OUT != 0).then_some(fwd),
        (mask & IN != 0).then_some(back),
    ]
}

/// How many steps pass between two looks at the clock.
const POLL_EVERY: u32 = 4096;

/// The state of one search.
pub struct Matcher<'r, 'g> {
    pub g: &'g KnowledgeGraph,
    adj: &'g Adjacency,
    r: &'r Resolved,
    ops: &'r [Op],
    /// By op: the step index of an indexed expansion.
    index: &'r [Option<StepIndex>],
    pub slots: Vec<Bound>,
    pub paths: Vec<Vec<(u32, bool)>>,
    /// The relations bound in the current clause so far, with their types.
    used: Vec<(u32, RelTypeId)>,
    /// Where the current clause's relations begin on `used`.
    base: usize,
    steps: u32,
    /// True when the time budget or Ctrl-C stopped the search.
    pub stopped: bool,
}

impl<'r, 'g> Matcher<'r, 'g> {
    pub fn new(
        g: &'g KnowledgeGraph,
        r: &'r Resolved,
        ops: &'r [Op],
        index: &'r [Option<StepIndex>],
    ) -> Self {
        Matcher {
            g,
            adj: g.adjacency(),
            r,
            ops,
            index,
            slots: vec![Bound::Free; r.kinds.len()],
            paths: vec![Vec::new(); r.kinds.len()],
            used: Vec::new(),
            base: 0,
            steps: 0,
            stopped: false,
        }
    }

    /// Runs the whole search, handing every match to `sink`.
    pub fn run(&mut self, sink: &mut impl Sink<'g>) {
        self.step(0, sink);
    }

    fn env(&self) -> Env<'_, 'g> {
        Env {
            g: self.g,
            slots: &self.slots,
            paths: &self.paths,
            columns: &[],
            aggs: &[],
        }
    }

    /// Counts a unit of work; false when the search must stop.
    #[inline]
    fn tick(&mut self) -> bool {
        self.steps += 1;
        if self.steps >= POLL_EVERY {
            self.steps = 0;
            if crate::cancel::stop_requested() {
                self.stopped = true;
            }
        }
        !self.stopped
    }

    /// Runs ops from `i`; false when the search must stop.
    fn step(&mut self, i: usize, sink: &mut impl Sink<'g>) -> bool {
        let ops = self.ops;
        let Some(op) = ops.get(i) else {
            return sink.found(self);
        };
        match op {
            Op::Clause => {
                let saved = self.base;
                self.base = self.used.len();
                let go = self.step(i + 1, sink);
                self.base = saved;
                go
            }
            Op::Filter { clause, filters } => {
                let c = &self.r.clauses[*clause];
                let env = self.env();
                if filters.iter().all(|&f| env.holds(&c.filters[f].expr)) {
                    self.step(i + 1, sink)
                } else {
                    true
                }
            }
            Op::Start {
                clause,
                occ,
                source,
            } => self.start(i, *clause, *occ, source, sink),
            Op::ScanRelations { clause, edge } => self.scan(i, *clause, *edge, sink),
            Op::Expand {
                clause,
                edge,
                backwards,
                ..
            } => {
                let e = &self.r.clauses[*clause].edges[*edge];
                let from = if *backwards { e.right } else { e.left };
                let from_slot = self.r.clauses[*clause].occs[from].slot;
                let Bound::Node(node) = self.slots[from_slot] else {
                    return true;
                };
                if e.length.is_some() {
                    self.slots[e.slot] = Bound::Path(*backwards);
                    self.paths[e.slot].clear();
                    let go = self.walk(i, *clause, *edge, *backwards, node, 0, sink);
                    self.slots[e.slot] = Bound::Free;
                    go
                } else {
                    self.expand(i, *clause, *edge, *backwards, node, sink)
                }
            }
        }
    }

    fn start(
        &mut self,
        i: usize,
        clause: usize,
        occ: usize,
        source: &Source,
        sink: &mut impl Sink<'g>,
    ) -> bool {
        let r = self.r;
        let o = &r.clauses[clause].occs[occ];
        let g = self.g;
        let mut each = |m: &mut Self, n: u32| -> bool {
            if !m.tick() {
                return false;
            }
            m.with_node(o, n, |m| m.step(i + 1, sink))
        };
        match source {
            Source::Bound => match self.slots[o.slot] {
                Bound::Node(n) => each(self, n),
                _ => true,
            },
            Source::Candidates => {
                for &n in o.candidates.as_deref().unwrap_or(&[]) {
                    if !each(self, n) {
                        return false;
                    }
                }
                true
            }
            Source::Types => {
                for &t in o.labels.first().map_or(&[][..], Vec::as_slice) {
                    for n in g.entities_of_type(t) {
                        if !each(self, n.index() as u32) {
                            return false;
                        }
                    }
                }
                true
            }
            Source::All => {
                for n in g.entity_indices() {
                    if !each(self, n.index() as u32) {
                        return false;
                    }
                }
                true
            }
        }
    }

    /// Whether entity `n` satisfies node pattern `o` (labels, inline name,
    /// id and properties), its variable aside.
    fn node_ok(&self, o: &NodeOcc, n: u32) -> bool {
        let id = EntityId::new(n as usize);
        if !o.labels.is_empty() {
            let t = self.g.entity_type_of(id);
            if !o.labels.iter().all(|set| set.contains(&t)) {
                return false;
            }
        }
        if let Some(c) = &o.candidates {
            if c.binary_search(&n).is_err() {
                return false;
            }
        }
        if o.props.is_empty() && o.names.is_empty() {
            return true;
        }
        let env = self.env();
        let node = super::value::Value::Node(id);
        for (key, e) in &o.props {
            let want = env.eval(e);
            let have = super::eval::property(self.g, &node, key);
            if equals(&have, &want) != Some(true) {
                return false;
            }
        }
        for e in &o.names {
            match env.eval(e) {
                super::value::Value::Str(s) => {
                    if !self.g.entities_named(&s).contains(&id) {
                        return false;
                    }
                }
                _ => return false,
            }
        }
        true
    }

    /// Binds (or checks) node pattern `o` to `n`, runs `then`, and unbinds.
    #[inline]
    fn with_node(&mut self, o: &NodeOcc, n: u32, then: impl FnOnce(&mut Self) -> bool) -> bool {
        match self.slots[o.slot] {
            Bound::Node(b) if b != n => true,
            Bound::Node(_) => {
                if self.node_ok(o, n) {
                    then(self)
                } else {
                    true
                }
            }
            _ => {
                if !self.node_ok(o, n) {
                    return true;
                }
                self.slots[o.slot] = Bound::Node(n);
                let go = then(self);
                self.slots[o.slot] = Bound::Free;
                go
            }
        }
    }

    /// Whether relation `rel` passes pattern `e`'s inline properties and is
    /// not used yet in this clause.
    #[inline]
    fn rel_ok(&self, e: &EdgeSpec, rel: u32) -> bool {
        if self.used[self.base..].iter().any(|u| u.0 == rel) {
            return false;
        }
        if e.props.is_empty() {
            return true;
        }
        let env = self.env();
        let value = super::value::Value::Rel(RelationId::new(rel as usize));
        e.props.iter().all(|(key, x)| {
            let want = env.eval(x);
            let have = super::eval::property(self.g, &value, key);
            equals(&have, &want) == Some(true)
        })
    }

    /// Binds relation slot `slot` (or checks it, when an earlier clause bound
    /// it), marks the relation used, runs `then`, and undoes it.
    #[inline]
    fn with_rel(
        &mut self,
        slot: usize,
        rel: u32,
        kind: RelTypeId,
        reversed: bool,
        then: impl FnOnce(&mut Self) -> bool,
    ) -> bool {
        let before = self.slots[slot];
        match before {
            Bound::Rel(b, _) if b != rel => return true,
            Bound::Rel(..) => {}
            _ => self.slots[slot] = Bound::Rel(rel, reversed),
        }
        self.used.push((rel, kind));
        let go = then(self);
        self.used.pop();
        self.slots[slot] = before;
        go
    }

    fn scan(&mut self, i: usize, clause: usize, edge: usize, sink: &mut impl Sink<'g>) -> bool {
        let r = self.r;
        let c = &r.clauses[clause];
        let e = &c.edges[edge];
        let (lo, ro) = (&c.occs[e.left], &c.occs[e.right]);
        let g = self.g;
        for &t in e.types.as_deref().unwrap_or(&[]) {
            let mask = e.mask(t);
            for &rel in g.relations_of_type(t) {
                if !self.tick() {
                    return false;
                }
                let rid = rel.index() as u32;
                if !self.rel_ok(e, rid) {
                    continue;
                }
                let Some((s, d)) = g.relation_endpoints(rel) else {
                    continue;
                };
                let (s, d) = (s.index() as u32, d.index() as u32);
                // (left, right, walked against the stored direction)
                let mut ways = [(s, d, false), (d, s, true)];
                let n = if s == d {
                    ways[0] = (s, s, false);
                    usize::from(mask != 0)
                } else {
                    match (mask & OUT != 0, mask & IN != 0) {
                        (true, true) => 2,
                        (true, false) => 1,
                        (false, true) => {
                            ways[0] = ways[1];
                            1
                        }
                        (false, false) => 0,
                    }
                };
                for &(a, b, rev) in &ways[..n] {
                    let go = self.with_rel(e.slot, rid, t, rev, |m| {
                        m.with_node(lo, a, |m| m.with_node(ro, b, |m| m.step(i + 1, sink)))
                    });
                    if !go {
                        return false;
                    }
                }
            }
        }
        true
    }

    fn expand(
        &mut self,
        i: usize,
        clause: usize,
        edge: usize,
        backwards: bool,
        node: u32,
        sink: &mut impl Sink<'g>,
    ) -> bool {
        let r = self.r;
        let c = &r.clauses[clause];
        let e = &c.edges[edge];
        let to = &c.occs[if backwards { e.left } else { e.right }];
        let index = self.index.get(i).and_then(Option::as_ref);
        if i + 1 == self.ops.len()
            && sink.counts_only()
            && self.slots[to.slot] == Bound::Free
            && self.slots[e.slot] == Bound::Free
            && e.props.is_empty()
            && unconstrained(to)
        {
            // No relation to take is no match, whoever asks; otherwise the
            // sink says whether a number will do.
            let n = self.count_last(e, backwards, node, index);
            if n == 0 {
                return self.tick();
            }
            if sink.can_count(self, [to.slot, e.slot]) {
                sink.found_many(n);
                return self.tick();
            }
        }
        if let Some(index) = index {
            for &StepEntry {
                other,
                rel: rid,
                kind,
                rev,
            } in index.row(self.g, node).iter()
            {
                if !self.tick() {
                    return false;
                }
                if !self.rel_ok(e, rid) {
                    continue;
                }
                let go = self.with_rel(e.slot, rid, kind, rev, |m| {
                    m.with_node(to, other, |m| m.step(i + 1, sink))
                });
                if !go {
                    return false;
                }
            }
            return true;
        }
        let adj = self.adj;
        let g = self.g;
        for entry in adj.entries(node as usize) {
            if !self.tick() {
                return false;
            }
            let Some(StepEntry {
                other,
                rel: rid,
                kind,
                rev,
            }) = take(g, *entry, node, |k| e.mask(k), backwards)
            else {
                continue;
            };
            if !self.rel_ok(e, rid) {
                continue;
            }
            let go = self.with_rel(e.slot, rid, kind, rev, |m| {
                m.with_node(to, other, |m| m.step(i + 1, sink))
            });
            if !go {
                return false;
            }
        }
        true
    }

    /// One level of a variable-length walk: `node` is reached after `depth` relations.
    #[allow(clippy::too_many_arguments)]
    fn walk(
        &mut self,
        i: usize,
        clause: usize,
        edge: usize,
        backwards: bool,
        node: u32,
        depth: u32,
        sink: &mut impl Sink<'g>,
    ) -> bool {
        let r = self.r;
        let c = &r.clauses[clause];
        let e = &c.edges[edge];
        let (min, max) = e.length.unwrap_or((1, 1));
        if depth >= min {
            let to = &c.occs[if backwards { e.left } else { e.right }];
            if !self.with_node(to, node, |m| m.step(i + 1, sink)) {
                return false;
            }
        }
        if depth >= max {
            return true;
        }
        if let Some(index) = self.index.get(i).and_then(Option::as_ref) {
            for &StepEntry {
                other,
                rel: rid,
                kind,
                rev,
            } in index.row(self.g, node).iter()
            {
                if !self.tick() {
                    return false;
                }
                if !self.rel_ok(e, rid) {
                    continue;
                }
                if !self.hop(
                    i,
                    clause,
                    edge,
                    backwards,
                    other,
                    (rid, kind),
                    rev,
                    depth,
                    sink,
                ) {
                    return false;
                }
            }
            return true;
        }
        let adj = self.adj;
        let g = self.g;
        for entry in adj.entries(node as usize) {
            if !self.tick() {
                return false;
            }
            let Some(StepEntry {
                other,
                rel: rid,
                kind,
                rev,
            }) = take(g, *entry, node, |k| e.mask(k), backwards)
            else {
                continue;
            };
            if !self.rel_ok(e, rid) {
                continue;
            }
            if !self.hop(
                i,
                clause,
                edge,
                backwards,
                other,
                (rid, kind),
                rev,
                depth,
                sink,
            ) {
                return false;
            }
        }
        true
    }

    /// Takes relation `rid` to `other` in a variable-length walk, and walks on.
    #[allow(clippy::too_many_arguments)]
    fn hop(
        &mut self,
        i: usize,
        clause: usize,
        edge: usize,
        backwards: bool,
        other: u32,
        (rid, kind): (u32, RelTypeId),
        rev: bool,
        depth: u32,
        sink: &mut impl Sink<'g>,
    ) -> bool {
        let slot = self.r.clauses[clause].edges[edge].slot;
        self.used.push((rid, kind));
        self.paths[slot].push((rid, rev));
        let go = self.walk(i, clause, edge, backwards, other, depth + 1, sink);
        self.paths[slot].pop();
        self.used.pop();
        go
    }

    /// How many relations the last step could take from `node`: those the
    /// step allows, less the ones this clause used already.
    fn count_last(
        &mut self,
        e: &EdgeSpec,
        backwards: bool,
        node: u32,
        index: Option<&StepIndex>,
    ) -> u64 {
        let g = self.g;
        if let Some(index) = index {
            let row = index.row(self.g, node).len() as u64;
            let taken = self.used[self.base..]
                .iter()
                .filter(|&&(u, kind)| {
                    // Most used relations are of another type: no lookup.
                    let mask = e.mask(kind);
                    if mask == 0 {
                        return false;
                    }
                    let rel = RelationId::new(u as usize);
                    let Some((s, d)) = g.relation_endpoints(rel) else {
                        return false;
                    };
                    takes(s.index() as u32, d.index() as u32, mask, backwards)
                        .into_iter()
                        .flatten()
                        .any(|(at, _, _)| at == node)
                })
                .count() as u64;
            return row - taken;
        }
        let mut n = 0;
        for entry in self.adj.entries(node as usize) {
            let rel = entry.relation();
            let kind = g.relation_type_of(rel);
            let mask = e.mask(kind);
            if mask == 0 {
                continue;
            }
            let other = entry.other_index() as u32;
            let (bit, _) = direction(entry.outgoing(), other == node, backwards);
            let rid = rel.index() as u32;
            if mask & bit != 0 && !self.used[self.base..].iter().any(|u| u.0 == rid) {
                n += 1;
            }
        }
        n
    }
}

/// Whether node pattern `o` accepts any entity.
fn unconstrained(o: &NodeOcc) -> bool {
    o.labels.is_empty() && o.candidates.is_none() && o.props.is_empty() && o.names.is_empty()
}

/// How a step reads one adjacency entry of `node`: the relation it may take,
/// or `None` when its type or direction (`mask` by type: `OUT`, `IN`) rules it out.
#[inline]
fn take(
    g: &KnowledgeGraph,
    entry: AdjEntry,
    node: u32,
    mask: impl Fn(RelTypeId) -> u8,
    backwards: bool,
) -> Option<StepEntry> {
    let rel = entry.relation();
    let kind = g.relation_type_of(rel);
    let mask = mask(kind);
    if mask == 0 {
        return None;
    }
    let other = entry.other_index() as u32;
    let (bit, rev) = direction(entry.outgoing(), other == node, backwards);
    (mask & bit != 0).then_some(StepEntry {
        other,
        rel: rel.index() as u32,
        kind,
        rev,
    })
}

/// The direction bit an adjacency entry gives a relationship pattern, and
/// whether the pattern (read left to right) walks it against its stored
/// direction. `outgoing`: stored away from the entity walked from; `lp`: a
/// self-loop, which fits either direction and is never walked backwards;
/// `backwards`: the walk goes from the pattern's right end.
#[inline]
fn direction(outgoing: bool, lp: bool, backwards: bool) -> (u8, bool) {
    if lp {
        return (OUT | IN, false);
    }
    // Stored from the pattern's left end to its right end?
    let left_to_right = outgoing != backwards;
    if left_to_right {
        (OUT, false)
    } else {
        (IN, true)
    }
}
