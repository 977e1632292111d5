//! Paths between two entities: one shortest, all shortest, or the k shortest.
//!
//! A typed graph is a multigraph (Russia and Japan are tied by a claim, by trade,
//! by a visit), so a path here is a sequence of relations, not of nodes. Searches
//! run over the compact adjacency index as a level-synchronous bidirectional BFS
//! from both ends. Among equally short paths the answer is the first in a fixed
//! order (the next entity's name, then the relation's label, hop by hop), so the
//! same question always gets the same first answer.

use std::cell::RefCell;
use std::cmp::Ordering;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use super::answer::{EdgeOut, NodeOut, PathAnswer, PathOut};
use super::filter::{Constraints, Filter};
use crate::error::{Error, Result};
use crate::model::{AdjEntry, EntityId, KnowledgeGraph};

/// Default bound on the number of paths an enumeration returns.
pub const DEFAULT_LIMIT: usize = 100;

/// `path FROM TO`: how are these connected?
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathQuery {
    pub from: String,
    pub to: String,
    #[serde(flatten)]
    pub filter: Filter,
    /// Longest path (in relations) worth reporting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_len: Option<usize>,
    /// Every shortest path, not just the first.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub all: bool,
    /// The k shortest simple paths, shortest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k: Option<usize>,
    /// At most this many paths (default 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
}

/// A path as found: its start and the relations walked, each as seen from the
/// entity it leaves.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Walk {
    pub start: EntityId,
    pub hops: Vec<AdjEntry>,
}

impl Walk {
    pub fn len(&self) -> usize {
        self.hops.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hops.is_empty()
    }

    /// The entities along the walk, start and end included.
    pub fn nodes(&self) -> Vec<EntityId> {
        std::iter::once(self.start)
            .chain(self.hops.iter().map(|h| h.other()))
            .collect()
    }
}

/// Nodes and relations a search must not use (Yen's spur searches).
#[derive(Debug, Default)]
struct Bans {
    nodes: FxHashSet<EntityId>,
    edges: FxHashSet<usize>,
}

/// Per-thread search buffers, reused across queries: stamping avoids clearing
/// arrays the size of the graph for every query.
#[derive(Default)]
struct Scratch {
    /// The current query's stamp, 1..=0xFFFF.
    stamp: u32,
    /// Per node, the stamps of the queries whose forward (low 16 bits) and backward
    /// (high 16 bits) searches reached it: one 4-byte read tells both, and the
    /// array stays small enough for the cache (petgraph's floor reads two).
    seen: Vec<u32>,
    /// Per node, its distance from `s` and from `t` (valid where `seen` says so).
    dist: [Vec<u32>; 2],
    good: Vec<u32>,
    /// Length of the shortest paths `mark_dag` marked.
    len: u32,
    pos: Vec<u32>,
    fs: Vec<EntityId>,
    ft: Vec<EntityId>,
    next: Vec<EntityId>,
    meet: Vec<EntityId>,
}

impl Scratch {
    fn begin(&mut self, n: usize) {
        if self.seen.len() < n {
            let [ds, dt] = &mut self.dist;
            for v in [&mut self.seen, ds, dt, &mut self.good, &mut self.pos] {
                v.resize(n, 0);
            }
        }
        self.stamp += 1;
        if self.stamp > 0xFFFF {
            self.seen.fill(0);
            self.good.fill(0);
            self.stamp = 1;
        }
    }

    /// Whether side `side` (0: from `s`, 1: from `t`) of this query has reached `v`.
    #[inline]
    fn seen(&self, side: usize, v: usize) -> bool {
        (self.seen[v] >> (16 * side)) & 0xFFFF == self.stamp
    }

    /// Marks `v` reached by side `side` at distance `d`.
    #[inline]
    fn mark(&mut self, side: usize, v: usize, d: u32) {
        let shift = 16 * side;
        self.seen[v] = (self.seen[v] & !(0xFFFF << shift)) | (self.stamp << shift);
        self.dist[side][v] = d;
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

struct Search<'a> {
    g: &'a KnowledgeGraph,
    c: &'a Constraints,
    bans: Option<&'a Bans>,
}

impl Search<'_> {
    fn edge_banned(&self, e: AdjEntry) -> bool {
        self.bans
            .is_some_and(|b| b.edges.contains(&e.relation().index()))
    }

    fn node_banned(&self, v: EntityId) -> bool {
        self.bans.is_some_and(|b| b.nodes.contains(&v))
    }

    /// May the search enter `v` on its way to `goal`?
    fn enterable(&self, v: EntityId, goal: EntityId) -> bool {
        v == goal || (self.c.passable(self.g, v) && !self.node_banned(v))
    }

    /// Marks every node on a shortest `s`–`t` path as good, with its position
    /// (distance from `s`). Returns the shortest length, or `None`.
    fn shortest_dag(
        &self,
        sc: &mut Scratch,
        s: EntityId,
        t: EntityId,
        max_len: Option<usize>,
    ) -> Option<u32> {
        let d = self.shortest_length(sc, s, t, max_len, false)?;
        self.mark_dag(sc, d);
        Some(d)
    }

    /// Bidirectional BFS: the length of a shortest `s`–`t` path. Leaves both sides'
    /// distances in `sc` and the meeting nodes in `sc.meet`.
    ///
    /// With `first_meeting`, stops at the first node both sides reach: in a
    /// level-synchronous search every meeting in a level gives the same length, so
    /// the length is right, but the meeting set is incomplete (no path recovery).
    fn shortest_length(
        &self,
        sc: &mut Scratch,
        s: EntityId,
        t: EntityId,
        max_len: Option<usize>,
        first_meeting: bool,
    ) -> Option<u32> {
        let adj = self.g.adjacency();
        sc.begin(adj.node_bound());
        let st = sc.stamp;
        let (si, ti) = (s.index(), t.index());
        sc.mark(0, si, 0);
        sc.mark(1, ti, 0);
        sc.meet.clear();
        if s == t {
            sc.meet.push(s);
            return Some(0);
        }
        let (mut fs, mut ft) = (std::mem::take(&mut sc.fs), std::mem::take(&mut sc.ft));
        let mut next = std::mem::take(&mut sc.next);
        fs.clear();
        ft.clear();
        fs.push(s);
        ft.push(t);
        let (mut ds, mut dt) = (0u32, 0u32);
        let mut meet = std::mem::take(&mut sc.meet);
        let mut best = u32::MAX;
        let open = self.c.is_open() && self.bans.is_none();
        while best == u32::MAX {
            if fs.is_empty() || ft.is_empty() || max_len.is_some_and(|m| (ds + dt + 1) as usize > m)
            {
                break;
            }
            let forward = fs.len() <= ft.len();
            let (frontier, goal) = if forward { (&fs, t) } else { (&ft, s) };
            let level = if forward { ds } else { dt } + 1;
            next.clear();
            if super::cancel::stop_requested() {
                break;
            }
            // This side and the other, as shifts into `seen`.
            let (me, other) = if forward { (0, 16) } else { (16, 0) };
            let seen = &mut sc.seen;
            let [from_s, from_t] = &mut sc.dist;
            let (dist_me, dist_other) = if forward {
                (from_s, &*from_t)
            } else {
                (from_t, &*from_s)
            };
            // Enters `vi` at `level`: a meeting when the other side has been there.
            macro_rules! enter {
                ($vi:expr, $mark:expr) => {{
                    let (vi, mark): (usize, u32) = ($vi, $mark);
                    seen[vi] = (mark & !(0xFFFF << me)) | (st << me);
                    dist_me[vi] = level;
                    if (mark >> other) & 0xFFFF == st {
                        best = best.min(level + dist_other[vi]);
                        meet.push(EntityId::new(vi));
                    } else {
                        next.push(EntityId::new(vi));
                    }
                }};
            }
            for &x in frontier {
                if open {
                    // No filter: the distinct neighbours are enough (petgraph `Csr` layout).
                    for &v in adj.neighbours(x.index()) {
                        let vi = v as usize;
                        let mark = seen[vi];
                        if (mark >> me) & 0xFFFF != st {
                            enter!(vi, mark);
                        }
                    }
                } else {
                    for &e in adj.entries(x.index()) {
                        let v = e.other();
                        let vi = v.index();
                        let mark = seen[vi];
                        if (mark >> me) & 0xFFFF == st
                            || !self.c.step_allowed(self.g, e, forward)
                            || self.edge_banned(e)
                            || !self.enterable(v, goal)
                        {
                            continue;
                        }
                        enter!(vi, mark);
                    }
                }
                if first_meeting && best != u32::MAX {
                    break;
                }
            }
            if forward {
                std::mem::swap(&mut fs, &mut next);
                ds = level;
            } else {
                std::mem::swap(&mut ft, &mut next);
                dt = level;
            }
        }
        (sc.fs, sc.ft, sc.next) = (fs, ft, next);
        if best == u32::MAX || max_len.is_some_and(|m| best as usize > m) {
            sc.meet = meet;
            return None;
        }
        let d = best;
        meet.retain(|v| sc.dist[0][v.index()] + sc.dist[1][v.index()] == d);
        sc.meet = meet;
        Some(d)
    }

    /// Marks every node on the source side of a shortest path as good, with its
    /// distance from `s`, walking back from the meeting nodes.
    fn mark_dag(&self, sc: &mut Scratch, d: u32) {
        let adj = self.g.adjacency();
        let st = sc.stamp;
        let meet = std::mem::take(&mut sc.meet);
        // Walk back from the meeting nodes to `s`, marking shortest-path nodes.
        let mut queue = meet.clone();
        for &m in &meet {
            sc.good[m.index()] = st;
            sc.pos[m.index()] = sc.dist[0][m.index()];
        }
        while let Some(v) = queue.pop() {
            let dv = sc.dist[0][v.index()];
            if dv == 0 {
                continue;
            }
            for &e in adj.entries(v.index()) {
                let u = e.other();
                let ui = u.index();
                if !sc.seen(0, ui)
                    || sc.dist[0][ui] + 1 != dv
                    || sc.good[ui] == st && sc.pos[ui] == sc.dist[0][ui]
                {
                    continue;
                }
                if self.edge_banned(e) || !self.c.step_allowed(self.g, e.flipped(v), true) {
                    continue;
                }
                sc.good[ui] = st;
                sc.pos[ui] = sc.dist[0][ui];
                queue.push(u);
            }
        }
        // The backward search's side needs no marks: a neighbour of a node at
        // position i that is d - i - 1 from `t` is on a shortest path (it cannot be
        // nearer `s`), so `dag_steps` reads the distances instead of walking back
        // over the target side's (often hub-sized) rows.
        sc.len = d;
        sc.meet = meet;
    }

    /// The hops out of `x` that stay on a shortest path, in answer order.
    fn dag_steps(&self, sc: &Scratch, x: EntityId, pos: u32) -> Vec<AdjEntry> {
        let st = sc.stamp;
        let mut steps: Vec<AdjEntry> = self
            .g
            .adjacency()
            .entries(x.index())
            .iter()
            .copied()
            .filter(|&e| {
                let ui = e.other_index();
                let on_path = (sc.good[ui] == st && sc.pos[ui] == pos + 1)
                    || (sc.seen(1, ui) && sc.dist[1][ui] + pos + 1 == sc.len);
                on_path && !self.edge_banned(e) && self.c.step_allowed(self.g, e, true)
            })
            .collect();
        steps.sort_by(|a, b| hop_order(self.g, *a, *b));
        steps
    }

    /// The first shortest path in answer order.
    fn shortest(&self, s: EntityId, t: EntityId, max_len: Option<usize>) -> Option<Walk> {
        SCRATCH.with(|cell| {
            let sc = &mut *cell.borrow_mut();
            let d = self.shortest_dag(sc, s, t, max_len)?;
            let mut hops = Vec::with_capacity(d as usize);
            let mut x = s;
            for i in 0..d {
                let step = *self.dag_steps(sc, x, i).first()?;
                hops.push(step);
                x = step.other();
            }
            Some(Walk { start: s, hops })
        })
    }

    /// Every shortest path in answer order, at most `limit + 1` of them.
    fn all_shortest(
        &self,
        s: EntityId,
        t: EntityId,
        max_len: Option<usize>,
        limit: usize,
    ) -> Vec<Walk> {
        SCRATCH.with(|cell| {
            let sc = &mut *cell.borrow_mut();
            let Some(d) = self.shortest_dag(sc, s, t, max_len) else {
                return Vec::new();
            };
            let mut out = Vec::new();
            // Depth-first over the shortest-path DAG; `stack[i]` holds the untried
            // steps at depth i, in reverse order so `pop` yields the first.
            let mut hops: Vec<AdjEntry> = Vec::new();
            let mut stack: Vec<Vec<AdjEntry>> = vec![rev(self.dag_steps(sc, s, 0))];
            if d == 0 {
                return vec![Walk { start: s, hops }];
            }
            while let Some(top) = stack.last_mut() {
                if super::cancel::stop_requested() {
                    break;
                }
                let Some(step) = top.pop() else {
                    stack.pop();
                    hops.pop();
                    continue;
                };
                hops.truncate(stack.len() - 1);
                hops.push(step);
                if hops.len() == d as usize {
                    out.push(Walk {
                        start: s,
                        hops: hops.clone(),
                    });
                    if out.len() > limit {
                        break;
                    }
                    hops.pop();
                } else {
                    let next = rev(self.dag_steps(sc, step.other(), hops.len() as u32));
                    stack.push(next);
                }
            }
            out
        })
    }
}

fn rev(mut v: Vec<AdjEntry>) -> Vec<AdjEntry> {
    v.reverse();
    v
}

/// Answer order of two hops out of the same entity: next entity's name, then id,
/// then the relation type, then storage order.
fn hop_order(g: &KnowledgeGraph, a: AdjEntry, b: AdjEntry) -> Ordering {
    let (ta, tb) = (
        g.relation_type_of(a.relation()),
        g.relation_type_of(b.relation()),
    );
    g.entity_name(a.other())
        .cmp(g.entity_name(b.other()))
        .then_with(|| g.entity_id(a.other()).cmp(g.entity_id(b.other())))
        .then_with(|| {
            g.schema()
                .relation_type(ta)
                .id
                .cmp(&g.schema().relation_type(tb).id)
        })
        .then_with(|| a.outgoing().cmp(&b.outgoing()).reverse())
        .then_with(|| a.relation().index().cmp(&b.relation().index()))
}

/// Answer order of two walks: shorter first, then hop by hop.
fn walk_order(g: &KnowledgeGraph, a: &Walk, b: &Walk) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| {
        for (x, y) in a.hops.iter().zip(&b.hops) {
            match hop_order(g, *x, *y) {
                Ordering::Equal => continue,
                o => return o,
            }
        }
        Ordering::Equal
    })
}

/// Yen's algorithm over relations: the k shortest simple paths, in answer order.
fn k_shortest(
    search: &Search,
    s: EntityId,
    t: EntityId,
    k: usize,
    max_len: Option<usize>,
) -> Vec<Walk> {
    let Some(first) = search.shortest(s, t, max_len) else {
        return Vec::new();
    };
    let mut found = vec![first];
    let mut candidates: Vec<Walk> = Vec::new();
    let mut seen: FxHashSet<Walk> = FxHashSet::default();
    seen.insert(found[0].clone());
    while found.len() < k && !super::cancel::stop_requested() {
        let last = found.last().expect("at least one path").clone();
        let nodes = last.nodes();
        for i in 0..last.len() {
            let spur = nodes[i];
            let root = &last.hops[..i];
            let mut bans = Bans::default();
            for p in &found {
                if p.hops.len() > i && p.hops[..i] == *root {
                    bans.edges.insert(p.hops[i].relation().index());
                }
            }
            bans.nodes.extend(nodes[..i].iter().copied());
            let spur_search = Search {
                g: search.g,
                c: search.c,
                bans: Some(&bans),
            };
            let budget = max_len.map(|m| m.saturating_sub(i));
            if max_len.is_some_and(|m| i >= m) {
                continue;
            }
            if let Some(tail) = spur_search.shortest(spur, t, budget) {
                let mut hops = root.to_vec();
                hops.extend(tail.hops);
                let w = Walk { start: s, hops };
                if seen.insert(w.clone()) {
                    candidates.push(w);
                }
            }
        }
        if candidates.is_empty() {
            break;
        }
        let best = (0..candidates.len())
            .min_by(|&a, &b| walk_order(search.g, &candidates[a], &candidates[b]))
            .expect("candidates is not empty");
        found.push(candidates.swap_remove(best));
    }
    found
}

/// Runs a path query on resolved ends.
pub fn run(g: &KnowledgeGraph, q: &PathQuery) -> Result<PathAnswer> {
    let s = g.resolve(&q.from)?;
    let t = g.resolve(&q.to)?;
    let c = Constraints::resolve(g, &q.filter)?;
    if !c.admissible(s) || !c.admissible(t) {
        return Err(Error::bad_request("an end of the path is also in 'avoid'"));
    }
    if q.all && q.k.is_some() {
        return Err(Error::bad_request("give either 'all' or 'k', not both"));
    }
    if q.k == Some(0) || q.limit == Some(0) {
        return Err(Error::bad_request("'k' and 'limit' must be at least 1"));
    }
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    let search = Search {
        g,
        c: &c,
        bans: None,
    };
    let (mut walks, mut truncated, mut reason) = (Vec::new(), false, None);
    if q.all {
        walks = search.all_shortest(s, t, q.max_len, limit);
        if walks.len() > limit {
            walks.truncate(limit);
            truncated = true;
            reason = Some(format!(
                "more than {limit} shortest paths; raise 'limit' to see more"
            ));
        }
    } else if let Some(k) = q.k {
        // One more than the limit tells whether the limit cut anything.
        let want = if k > limit { limit + 1 } else { k };
        walks = k_shortest(&search, s, t, want, q.max_len);
        if walks.len() > limit {
            walks.truncate(limit);
            truncated = true;
            reason = Some(format!("k = {k} is above the limit of {limit} paths"));
        }
    } else if let Some(w) = search.shortest(s, t, q.max_len) {
        walks.push(w);
    }
    let paths: Vec<PathOut> = walks.iter().map(|w| path_out(g, w)).collect();
    let sources = super::answer::cited(g, paths.iter().flat_map(|p| &p.edges));
    Ok(PathAnswer {
        from: NodeOut::new(g, s),
        to: NodeOut::new(g, t),
        paths,
        truncated,
        reason,
        limit,
        max_len: q.max_len,
        sources,
    })
}

fn path_out(g: &KnowledgeGraph, w: &Walk) -> PathOut {
    PathOut {
        length: w.len(),
        nodes: w.nodes().into_iter().map(|n| NodeOut::new(g, n)).collect(),
        edges: w
            .hops
            .iter()
            .map(|h| EdgeOut::new(g, h.relation(), !h.outgoing()))
            .collect(),
    }
}

/// Shortest path length ignoring direction and types, for tests and benchmarks.
pub fn distance(g: &KnowledgeGraph, s: EntityId, t: EntityId) -> Option<usize> {
    let c = Constraints::unrestricted();
    let search = Search {
        g,
        c: &c,
        bans: None,
    };
    SCRATCH
        .with(|cell| search.shortest_length(&mut cell.borrow_mut(), s, t, None, true))
        .map(|d| d as usize)
}
