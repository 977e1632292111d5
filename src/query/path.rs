//! Routes between two entities: one shortest, all shortest, or the k shortest.
//!
//! A typed graph is a multigraph (Russia and Japan are tied by a claim, by trade,
//! by a visit; Putin and Abe by 35 dated events in May 2018). An answer is a
//! *route*: a sequence of distinct entities. Every relation the filters allow
//! between two consecutive entities belongs to that one hop, so parallel relations
//! never make "different" paths. Searches run over the compact adjacency index as a
//! level-synchronous bidirectional BFS from both ends; `k` runs Yen's algorithm over
//! entities.
//!
//! # Order
//! Routes are ordered by length, then hop by hop by the next entity's name (byte
//! order), then its id; ids are unique, so the order is total. The single answer is
//! the first route of `all` and of `k`. Relations within a hop are ordered by
//! [`relation_order`]: undated first, then by validity (start, then end), then the
//! earliest evidence date, then the type's id as written, then the walk's
//! direction (along the stored direction first), then the relation's number.

use std::cell::RefCell;
use std::cmp::Ordering;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use super::answer::{EdgeMaker, HopOut, NodeMaker, PathAnswer, PathOut};
use super::fields::Fields;
use super::filter::{Constraints, Filter};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::model::{AdjEntry, EntityId, KnowledgeGraph};

/// Default bound on the number of paths an enumeration returns.
pub const DEFAULT_LIMIT: usize = 100;

/// `path FROM TO`: how are these connected? The default asks for the one
/// shortest route with no filter (ends still to be named).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
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
    /// Only routes of at least this many hops: intermediaries where a direct tie exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_len: Option<usize>,
    /// The routes without the evidence of their relations (and so no sources):
    /// never looked up, not built and dropped.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_evidence: bool,
    /// The parts of the answer to build (`--fields`; all when not given).
    #[serde(default, skip_serializing_if = "Fields::is_all")]
    pub fields: Fields,
}

/// What a spur search of Yen's algorithm must not use: entities of the root, and
/// the next entities, out of the spur, of routes already found with that root.
#[derive(Debug)]
struct Bans {
    spur: EntityId,
    nodes: FxHashSet<EntityId>,
    next: FxHashSet<EntityId>,
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
    /// Whether the route step `a` → `b` is banned.
    #[inline]
    fn step_banned(&self, a: EntityId, b: EntityId) -> bool {
        self.bans
            .is_some_and(|x| a == x.spur && x.next.contains(&b))
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
                        let banned = if forward {
                            self.step_banned(x, v)
                        } else {
                            self.step_banned(v, x)
                        };
                        if (mark >> me) & 0xFFFF == st
                            || banned
                            || !self.c.step_allowed(self.g, e, forward)
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
        let open = self.c.is_open() && self.bans.is_none();
        while let Some(v) = queue.pop() {
            let dv = sc.dist[0][v.index()];
            if dv == 0 {
                continue;
            }
            if open {
                // No filter and no ban: the distinct neighbours are enough, half
                // the bytes of the row and no duplicates of parallel relations
                // (the walk back reads the rows of the meeting entities, often hubs).
                for &w in adj.neighbours(v.index()) {
                    let ui = w as usize;
                    if sc.seen(0, ui)
                        && sc.dist[0][ui] + 1 == dv
                        && !(sc.good[ui] == st && sc.pos[ui] == sc.dist[0][ui])
                    {
                        sc.good[ui] = st;
                        sc.pos[ui] = sc.dist[0][ui];
                        queue.push(EntityId::new(ui));
                    }
                }
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
                if self.step_banned(u, v) || !self.c.step_allowed(self.g, e.flipped(v), true) {
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

    /// The entities after `x` (at `pos`) that stay on a shortest route, in answer order.
    fn dag_steps(&self, sc: &Scratch, x: EntityId, pos: u32) -> Vec<EntityId> {
        let st = sc.stamp;
        let mut steps: Vec<EntityId> = self
            .g
            .adjacency()
            .entries(x.index())
            .iter()
            .filter(|&&e| {
                let ui = e.other_index();
                let on_path = (sc.good[ui] == st && sc.pos[ui] == pos + 1)
                    || (sc.seen(1, ui) && sc.dist[1][ui] + pos + 1 == sc.len);
                on_path && !self.step_banned(x, e.other()) && self.c.step_allowed(self.g, e, true)
            })
            .map(|e| e.other())
            .collect();
        steps.sort_by(|a, b| entity_order(self.g, *a, *b));
        steps.dedup();
        steps
    }

    /// The first of [`Search::dag_steps`], without sorting them all: only an
    /// entity on a shortest route has its name compared with the best so far.
    fn first_dag_step(&self, sc: &Scratch, x: EntityId, pos: u32) -> Option<EntityId> {
        let st = sc.stamp;
        let mut best: Option<EntityId> = None;
        for &e in self.g.adjacency().entries(x.index()) {
            let ui = e.other_index();
            let on_path = (sc.good[ui] == st && sc.pos[ui] == pos + 1)
                || (sc.seen(1, ui) && sc.dist[1][ui] + pos + 1 == sc.len);
            if !on_path || self.step_banned(x, e.other()) || !self.c.step_allowed(self.g, e, true) {
                continue;
            }
            let u = e.other();
            if best.is_none_or(|b| entity_order(self.g, u, b) == Ordering::Less) {
                best = Some(u);
            }
        }
        best
    }

    /// The first shortest route in answer order.
    ///
    /// With no filter and no ban, the lean search of [`super::bfs::first_route`]
    /// finds it (one byte of state per entity, stopping at the first meeting, the
    /// route walked forward); otherwise the search below marks the whole DAG of
    /// shortest routes that the filters allow and walks it.
    fn shortest(&self, s: EntityId, t: EntityId, max_len: Option<usize>) -> Option<Route> {
        if self.c.is_open() && self.bans.is_none() {
            let g = self.g;
            let ent = |v: u32| EntityId::new(v as usize);
            // The key of `entity_order`: the rank by name, then id.
            let rank = g.answer_ranks();
            let route =
                super::bfs::first_route(g.adjacency(), s.index(), t.index(), |v| rank[v as usize])?;
            if max_len.is_some_and(|m| route.len() - 1 > m) {
                return None;
            }
            return Some(Route(route.into_iter().map(ent).collect()));
        }
        SCRATCH.with(|cell| {
            let sc = &mut *cell.borrow_mut();
            let d = self.shortest_dag(sc, s, t, max_len)?;
            let mut nodes = Vec::with_capacity(d as usize + 1);
            nodes.push(s);
            let mut x = s;
            for i in 0..d {
                x = self.first_dag_step(sc, x, i)?;
                nodes.push(x);
            }
            Some(Route(nodes))
        })
    }

    /// Every shortest route in answer order, at most `limit + 1` of them, and how
    /// many shortest routes there are in all (saturating).
    ///
    /// # Complexity
    /// O(m) for the search and the count (each entity of the shortest-route DAG is
    /// counted once), plus O(d · deg) per route listed.
    fn all_shortest(
        &self,
        s: EntityId,
        t: EntityId,
        max_len: Option<usize>,
        limit: usize,
    ) -> (Vec<Route>, u64) {
        SCRATCH.with(|cell| {
            let sc = &mut *cell.borrow_mut();
            let Some(d) = self.shortest_dag(sc, s, t, max_len) else {
                return (Vec::new(), 0);
            };
            if d == 0 {
                return (vec![Route(vec![s])], 1);
            }
            let total = self.count_routes(sc, s, d);
            let mut out = Vec::new();
            // Depth-first over the DAG; `stack[i]` holds the untried entities at
            // depth i + 1, reversed so that `pop` yields the first.
            let mut nodes = vec![s];
            let mut stack: Vec<Vec<EntityId>> = vec![rev(self.dag_steps(sc, s, 0))];
            while let Some(top) = stack.last_mut() {
                if super::cancel::stop_requested() {
                    break;
                }
                let Some(next) = top.pop() else {
                    stack.pop();
                    nodes.pop();
                    continue;
                };
                nodes.truncate(stack.len());
                nodes.push(next);
                if nodes.len() == d as usize + 1 {
                    out.push(Route(nodes.clone()));
                    if out.len() > limit {
                        break;
                    }
                    nodes.pop();
                } else {
                    stack.push(rev(self.dag_steps(sc, next, nodes.len() as u32 - 1)));
                }
            }
            (out, total)
        })
    }

    /// How many shortest routes of length `d` leave `s` over the marked DAG.
    fn count_routes(&self, sc: &Scratch, s: EntityId, d: u32) -> u64 {
        // Routes from each DAG entity to `t`, filled deepest first.
        let mut memo: rustc_hash::FxHashMap<EntityId, u64> = Default::default();
        let mut order = vec![(s, 0u32, false)];
        while let Some((x, pos, expanded)) = order.pop() {
            if memo.contains_key(&x) {
                continue;
            }
            if pos == d {
                memo.insert(x, 1);
                continue;
            }
            let steps = self.dag_steps(sc, x, pos);
            if expanded {
                let n = steps
                    .iter()
                    .map(|v| memo.get(v).copied().unwrap_or(0))
                    .fold(0u64, u64::saturating_add);
                memo.insert(x, n);
            } else {
                order.push((x, pos, true));
                order.extend(steps.into_iter().map(|v| (v, pos + 1, false)));
            }
        }
        memo.get(&s).copied().unwrap_or(0)
    }
}

fn rev<T>(mut v: Vec<T>) -> Vec<T> {
    v.reverse();
    v
}

/// A route as found: the entities along it, start and end included.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Route(Vec<EntityId>);

impl Route {
    /// Its length in hops.
    fn len(&self) -> usize {
        self.0.len() - 1
    }
}

/// Answer order of two entities: name (byte order), then id.
fn entity_order(g: &KnowledgeGraph, a: EntityId, b: EntityId) -> Ordering {
    let rank = g.answer_ranks();
    rank[a.index()].cmp(&rank[b.index()])
}

/// Answer order of two routes: shorter first, then entity by entity.
fn route_order(g: &KnowledgeGraph, a: &Route, b: &Route) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| {
        for (x, y) in a.0.iter().zip(&b.0) {
            match entity_order(g, *x, *y) {
                Ordering::Equal => continue,
                o => return o,
            }
        }
        Ordering::Equal
    })
}

/// Answer order of two relations of one hop (see the module's "Order"): a dated
/// tie reads as a chronology, the enduring facts above it.
pub fn relation_order(g: &KnowledgeGraph, a: AdjEntry, b: AdjEntry) -> Ordering {
    let when = |e: AdjEntry| {
        let r = g.relation(e.relation());
        let reported = r
            .evidence()
            .iter()
            .filter_map(|x| x.date.map(Date::first_day))
            .min();
        (
            r.valid.is_some() || reported.is_some(),
            r.valid.map(|v| (v.from.first_day(), v.to.last_day())),
            reported,
        )
    };
    let type_id = |e: AdjEntry| {
        &g.schema()
            .relation_type(g.relation_type_of(e.relation()))
            .id
    };
    when(a)
        .cmp(&when(b))
        .then_with(|| type_id(a).cmp(type_id(b)))
        .then_with(|| a.outgoing().cmp(&b.outgoing()).reverse())
        .then_with(|| a.relation().index().cmp(&b.relation().index()))
}

/// Yen's algorithm over entities: the shortest simple routes in answer order, until
/// `done` says enough. `done` sees each route as it is found; routes shorter than
/// `min_len` are searched through but not kept.
///
/// Every found route's deviations are searched once: for each spur entity, the
/// first shortest tail that avoids the root's entities and the next entities of
/// found routes with the same root. The first shortest tail in answer order makes
/// the next route chosen the first remaining one in answer order, so `k` lists
/// exactly the first k routes of that order and its first is the single answer.
///
/// # Complexity
/// O(k · n · m) in the worst case (n spur searches of O(m) per route found).
fn k_shortest(
    search: &Search,
    s: EntityId,
    t: EntityId,
    max_len: Option<usize>,
    min_len: usize,
    mut done: impl FnMut(&[Route], &Route) -> bool,
) -> Vec<Route> {
    let Some(first) = search.shortest(s, t, max_len) else {
        return Vec::new();
    };
    let (mut found, mut kept) = (Vec::new(), Vec::new());
    let mut candidates: Vec<Route> = vec![first.clone()];
    let mut seen: FxHashSet<Route> = FxHashSet::default();
    seen.insert(first);
    while !candidates.is_empty() && !super::cancel::stop_requested() {
        let best = (0..candidates.len())
            .min_by(|&a, &b| route_order(search.g, &candidates[a], &candidates[b]))
            .expect("candidates is not empty");
        let route = candidates.swap_remove(best);
        if route.len() >= min_len {
            if done(&kept, &route) {
                break;
            }
            kept.push(route.clone());
        }
        let nodes = &route.0;
        for i in 0..route.len() {
            if max_len.is_some_and(|m| i >= m) {
                break;
            }
            let spur = nodes[i];
            let root = &nodes[..=i];
            let bans = Bans {
                spur,
                nodes: nodes[..i].iter().copied().collect(),
                next: found
                    .iter()
                    .chain(std::iter::once(&route))
                    .filter(|p: &&Route| p.0.len() > i + 1 && p.0[..=i] == *root)
                    .map(|p| p.0[i + 1])
                    .collect(),
            };
            let spur_search = Search {
                g: search.g,
                c: search.c,
                bans: Some(&bans),
            };
            if let Some(tail) = spur_search.shortest(spur, t, max_len.map(|m| m - i)) {
                let mut route = root.to_vec();
                route.extend_from_slice(&tail.0[1..]);
                let route = Route(route);
                if seen.insert(route.clone()) {
                    candidates.push(route);
                }
            }
        }
        found.push(route);
    }
    kept
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
        return Err(Error::usage("give either 'all' or 'k', not both"));
    }
    if q.k == Some(0) || q.limit == Some(0) {
        return Err(Error::usage("'k' and 'limit' must be at least 1"));
    }
    if let (Some(min), Some(max)) = (q.min_len, q.max_len) {
        if min > max {
            return Err(Error::usage(format!(
                "min_len {min} is above max_len {max}: no route can be both"
            )));
        }
    }
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    let min_len = q.min_len.unwrap_or(0);
    let search = Search {
        g,
        c: &c,
        bans: None,
    };
    let (mut routes, mut total, mut truncated, mut reason) = (Vec::new(), None, false, None);
    if q.all {
        // Only a minimum length needs the shortest length first: the common
        // case searches once, in `all_shortest`.
        let shortest = (min_len > 0)
            .then(|| search.shortest(s, t, q.max_len).map(|r| r.len()))
            .flatten();
        if min_len == 0 || shortest.is_some_and(|d| d >= min_len) {
            let (found, count) = search.all_shortest(s, t, q.max_len, limit);
            total = (!found.is_empty()).then_some(count);
            routes = found;
        } else if shortest.is_some() {
            // The shortest routes of at least `min_len` hops are longer than the
            // shortest: list them with Yen's search, up to the first longer one.
            routes = k_shortest(&search, s, t, q.max_len, min_len, |kept, next| {
                kept.len() > limit || kept.first().is_some_and(|f| next.len() > f.len())
            });
            if routes.len() <= limit && !super::cancel::stop_requested() {
                total = Some(routes.len() as u64);
            }
        }
        if routes.len() > limit {
            routes.truncate(limit);
            truncated = true;
            reason = Some(format!(
                "more than {limit} shortest routes; raise 'limit' to see more"
            ));
        }
    } else {
        let k = q.k.unwrap_or(1);
        // One more than the limit tells whether the limit cut anything.
        let want = if k > limit { limit + 1 } else { k };
        routes = if k == 1 && min_len == 0 {
            search.shortest(s, t, q.max_len).into_iter().collect()
        } else {
            k_shortest(&search, s, t, q.max_len, min_len, |kept, _| {
                kept.len() >= want
            })
        };
        if routes.len() > limit {
            routes.truncate(limit);
            truncated = true;
            reason = Some(format!("k = {k} is above the limit of {limit} routes"));
        }
    }
    let fields = Fields {
        evidence: q.fields.evidence && !q.no_evidence,
        ..q.fields
    };
    let mut nodes_out = NodeMaker::shaped(fields);
    let mut edges_out = EdgeMaker::with_evidence(fields.evidence);
    let paths: Vec<PathOut> = routes
        .iter()
        .map(|r| route_out(g, &c, r, fields.relations, &mut nodes_out, &mut edges_out))
        .collect();
    let sources = super::answer::cited(
        g,
        paths
            .iter()
            .flat_map(|p| p.hops.iter().flat_map(|h| &h.relations)),
    );
    Ok(PathAnswer {
        from: nodes_out.node(g, s),
        to: nodes_out.node(g, t),
        paths,
        truncated,
        reason,
        bound: truncated.then(|| "limit".to_string()),
        total,
        limit,
        max_len: q.max_len,
        min_len: q.min_len,
        filters: q.filter.describe(),
        sources,
    })
}

/// A route as an answer shows it: each hop with every relation the filters allow
/// between its two entities, in [`relation_order`].
fn route_out(
    g: &KnowledgeGraph,
    c: &Constraints,
    r: &Route,
    relations: bool,
    nodes_out: &mut NodeMaker,
    edges_out: &mut EdgeMaker,
) -> PathOut {
    // Without `relations` in the request's fields, the route's entities alone.
    let hops: Vec<HopOut> = if !relations {
        Vec::new()
    } else {
        r.0.windows(2)
            .map(|w| {
                let (a, b) = (w[0], w[1]);
                // The hop's relations are listed under both ends, each row
                // sorted by the other end: the run of the far end in the
                // shorter of the two rows, found by binary search. A hop at a
                // hub then costs a few steps in its other end's short row, not
                // a search of the hub's long one (a cache miss a step). Their
                // order is `relation_order`'s, total, so which row they come
                // from does not matter.
                let adj = g.adjacency();
                let (row_a, row_b) = (adj.entries(a.index()), adj.entries(b.index()));
                let mut rels: Vec<AdjEntry> = if row_a.len() <= row_b.len() {
                    run_of(row_a, b).to_vec()
                } else {
                    run_of(row_b, a).iter().map(|e| e.flipped(b)).collect()
                };
                rels.retain(|e| c.step_allowed(g, *e, true));
                rels.sort_by(|x, y| relation_order(g, *x, *y));
                HopOut {
                    relations: rels
                        .iter()
                        .map(|h| edges_out.edge(g, h.relation(), !h.outgoing()))
                        .collect(),
                }
            })
            .collect()
    };
    PathOut {
        length: r.len(),
        nodes: r.0.iter().map(|n| nodes_out.node(g, *n)).collect(),
        edges: hops
            .iter()
            .filter_map(|h| h.relations.first().cloned())
            .collect(),
        hops,
    }
}

/// The entries of a row (sorted by their other end) whose other end is `to`.
///
/// # Complexity
/// O(log d) for a row of d entries, plus the run's length.
fn run_of(row: &[AdjEntry], to: EntityId) -> &[AdjEntry] {
    let lo = row.partition_point(|e| e.other_index() < to.index());
    let len = row[lo..].partition_point(|e| e.other() == to);
    &row[lo..lo + len]
}

/// Shortest path length ignoring direction and types, for tests and benchmarks: the
/// bare traversal, by its own lean search (`query::bfs`, one byte of state per
/// entity), not the route search above. An id outside the graph reaches nothing.
pub fn distance(g: &KnowledgeGraph, s: EntityId, t: EntityId) -> Option<usize> {
    super::bfs::distance(g.adjacency(), s.index(), t.index()).map(|d| d as usize)
}
