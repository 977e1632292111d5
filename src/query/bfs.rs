//! Unfiltered shortest-path lengths: a bidirectional breadth-first search over the
//! distinct-neighbour rows of the adjacency index, with as little state per entity as
//! the question allows.
//!
//! [`path::distance`](super::path::distance) asks only "how many hops", with no filter,
//! no refusals and no route to recover, so it needs neither distances nor stamps per
//! entity: one byte tells which of the two searches reached it, and both searches' queues
//! (one `u32` per entity reached, levels kept as ranges of the queue) say which bytes to
//! clear when the query ends. The answer code in `path.rs`, which must recover every
//! shortest route, keeps its own richer state.
//!
//! Why the first meeting gives the length. Until the searches meet, the sets of entities
//! each has reached are disjoint: an entity entering one set that is already in the
//! other *is* a meeting. Say the side from `s` is expanding its level `a` (so it holds
//! every entity within `a` hops of `s`), the side from `t` has finished its level `b`
//! (every entity within `b` hops of `t`), and an entry from `x` at level `a` leads to an
//! entity `v` of the other side. Had `v` been reached at a level below `b`, that side
//! would have expanded `v` and so reached `x`, which this side holds: a meeting made
//! before. So `v` is at level `b` and `s … x v … t` has `a + 1 + b` relations. A path
//! of `l <= a + b` relations has, `min(a, l)` steps from `s`, an entity within `a` hops
//! of `s` and within `b` hops of `t`: in both sets, again a meeting made before. No
//! distances are kept; the two depths are counters.

use std::cell::RefCell;

use crate::model::Adjacency;

/// Set in an entity's byte when the search from `s` has reached it.
const FROM_S: u8 = 1;
/// Set when the search from `t` has reached it.
const FROM_T: u8 = 2;
/// Bits 2–3 of an entity's byte: its distance from the side that reached it, modulo 3.
/// Neighbours are at most one level apart, so among an entity's neighbours the level
/// modulo 3 tells the level above, the same and the level below apart.
const LEVEL_SHIFT: u32 = 2;
/// The side and the level: what a route walk compares.
const PLACE: u8 = 0b1111;
/// Set by [`first_route`]'s walk on an entity of the `s` side known to lie on a
/// shortest route, and [`DEAD`] on one known not to.
const ALIVE: u8 = 16;
/// See [`ALIVE`].
const DEAD: u8 = 32;

/// The byte of an entity reached by `side` at `level`.
#[inline]
fn place(side: u8, level: u32) -> u8 {
    side | ((level % 3) as u8) << LEVEL_SHIFT
}

/// The search state of one thread, reused across queries.
///
/// # Memory
/// One byte per entity slot (`side`, all zero between queries), plus 4 bytes per entity
/// each search reaches (`queue`), at most 9 bytes per entity in all and usually a small
/// fraction of that: a query reads and writes its queues and the bytes of the entities
/// it reached, nothing else.
#[derive(Default)]
pub(crate) struct PathLengths {
    /// Per entity slot, [`FROM_S`] | [`FROM_T`]: which searches reached it, and at
    /// which level modulo 3 (see [`place`]); [`ALIVE`] and [`DEAD`] for a route walk.
    side: Vec<u8>,
    /// Per search (0: from `s`, 1: from `t`), the entities it reached, in the order
    /// reached: its current level is the tail of the queue.
    queue: [Vec<u32>; 2],
    /// Per search, where each complete level starts in its queue (and, last, where
    /// the level after the last complete one starts): level `j` is
    /// `queue[levels[j]..levels[j + 1]]`.
    levels: [Vec<u32>; 2],
    /// [`first_route`]'s candidates for the next entity of the route.
    candidates: Vec<u32>,
    /// [`first_route`]'s depth-first stack: entity, next neighbour to try.
    stack: Vec<(u32, usize)>,
}

thread_local! {
    static STATE: RefCell<PathLengths> = RefCell::new(PathLengths::default());
}

/// The length (in relations, either direction) of a shortest path between entity
/// slots `s` and `t` of `adj`; `Some(0)` when `s == t`; `None` when no path joins them,
/// when either slot is outside the index, or when the running query was asked to stop
/// ([`crate::cancel`], polled once per level).
///
/// Each step expands one whole level of the side whose level has the smaller sum of
/// degrees (the number of entries it will scan; a hub at one end is then left to the
/// other side), and the search stops at the first entry that meets the other side.
///
/// # Complexity
/// O(V + E) time in the worst case (the entities and distinct-neighbour entries of the
/// two components), usually far less: each level expanded costs the sum of its
/// entities' degrees, and the cheaper side is always expanded. Memory: see
/// [`PathLengths`]; nothing is allocated once the buffers have grown to the graph.
pub(crate) fn distance(adj: &Adjacency, s: usize, t: usize) -> Option<u32> {
    STATE.with(|cell| cell.borrow_mut().distance(adj, s, t))
}

/// The first shortest route from slot `s` to slot `t` of `adj` in the order of the
/// entities' keys (`key`, read once per candidate; a key holding the graph's own
/// strings costs no copy) (routes compared entity by entity, as `path.rs`'s answer order
/// does), start and end included; `None` where [`distance`] is `None`.
///
/// The length comes from [`distance`]'s search, which stops at the first meeting.
/// Say it met with every entity within `a` hops of `s` and within `b` of `t` reached,
/// so `d = a + 1 + b` (see the module's proof). Position `i > a` of a shortest route
/// is an entity `d - i` hops from `t`, within the `t` side's levels; conversely,
/// after an entity on a shortest route at position `i - 1`, any neighbour `d - i`
/// hops from `t` is on one (it cannot be nearer `s` than `i`). Position `i <= a` is
/// an entity `i` hops from `s` with a chain of neighbours one level further each up
/// to level `a` and then a neighbour at the `t` side's level `b`: whether it has one
/// is found depth first when the walk first asks, and kept in the entity's byte
/// ([`ALIVE`], [`DEAD`]). Levels come from the byte (modulo 3, enough between
/// neighbours). The walk takes at each position the first entity in `order` among
/// the neighbours that qualify: the first route, since routes compare entity by
/// entity.
///
/// # Complexity
/// The search's cost (see [`distance`]), plus O(deg) per position on the `t` side and,
/// on the `s` side, at most one scan of each row of the entities within `a` hops of
/// `s` (each is decided once), usually a few rows; `key` is called O(deg) times
/// per position (a minimum, not a sort), more only where the first candidate leads
/// nowhere. Memory: [`PathLengths`], with the same byte per entity.
pub(crate) fn first_route<K: Ord>(
    adj: &Adjacency,
    s: usize,
    t: usize,
    key: impl Fn(u32) -> K,
) -> Option<Vec<u32>> {
    STATE.with(|cell| cell.borrow_mut().first_route(adj, s, t, &key))
}

impl PathLengths {
    fn distance(&mut self, adj: &Adjacency, s: usize, t: usize) -> Option<u32> {
        let n = adj.node_bound();
        if s >= n || t >= n {
            return None;
        }
        if s == t {
            return Some(0);
        }
        if self.side.len() < n {
            self.side.resize(n, 0);
        }
        let found = self.search(adj, s, t);
        self.clear();
        found.map(|[a, b]| a + b + 1)
    }

    /// Leaves every byte zero for the next query: only those of entities reached were set.
    fn clear(&mut self) {
        for q in &self.queue {
            for &v in q {
                self.side[v as usize] = 0;
            }
        }
    }

    fn first_route<K: Ord>(
        &mut self,
        adj: &Adjacency,
        s: usize,
        t: usize,
        key: &impl Fn(u32) -> K,
    ) -> Option<Vec<u32>> {
        let n = adj.node_bound();
        if s >= n || t >= n {
            return None;
        }
        if s == t {
            return Some(vec![s as u32]);
        }
        if self.side.len() < n {
            self.side.resize(n, 0);
        }
        let route = self
            .search(adj, s, t)
            .map(|depth| self.walk(adj, s, depth, key));
        self.clear();
        route
    }

    /// The walk of [`first_route`] after a search that met with `depth` levels
    /// complete on each side.
    fn walk<K: Ord>(
        &mut self,
        adj: &Adjacency,
        s: usize,
        [a, b]: [u32; 2],
        key: &impl Fn(u32) -> K,
    ) -> Vec<u32> {
        let d = a + b + 1;
        let mut route = Vec::with_capacity(d as usize + 1);
        route.push(s as u32);
        let mut x = s as u32;
        for i in 1..=d {
            let row = adj.neighbours(x as usize);
            let (k, level) = if i > a { (1, d - i) } else { (0, i) };
            let want = place([FROM_S, FROM_T][k], level);
            let mut cands = std::mem::take(&mut self.candidates);
            cands.clear();
            // The neighbours of `x` at that level: from `x`'s row, or, when the level
            // is much smaller than the row (near either end; the last step's level is
            // `t` alone), from the level, looked up in the row (sorted by index).
            let (lo, hi) = (
                self.levels[k][level as usize] as usize,
                self.levels[k][level as usize + 1] as usize,
            );
            let side = &self.side;
            let fits = |v: u32| side[v as usize] & (PLACE | DEAD) == want;
            if (hi - lo) * 16 < row.len() {
                cands.extend(
                    self.queue[k][lo..hi]
                        .iter()
                        .copied()
                        .filter(|&v| fits(v) && row.binary_search(&v).is_ok()),
                );
            } else {
                cands.extend(row.iter().copied().filter(|&v| fits(v)));
            }
            x = if i > a {
                // Every neighbour at the `t` side's level d - i is on a shortest route.
                let next = cands
                    .iter()
                    .copied()
                    .min_by_key(|&v| key(v))
                    .expect("a neighbour one level nearer t");
                self.candidates = cands;
                next
            } else {
                // `x` is on a shortest route, so one candidate is: the first of them
                // by key that leads on; the last one left needs no test.
                let next = loop {
                    let (k, &v) = cands
                        .iter()
                        .enumerate()
                        .min_by_key(|p| key(*p.1))
                        .expect("a neighbour on a shortest route");
                    if cands.len() == 1 || self.alive(adj, v, i, [a, b]) {
                        break v;
                    }
                    cands.swap_remove(k);
                };
                self.candidates = cands;
                next
            };
            route.push(x);
        }
        route
    }

    /// Whether `v`, `level` hops from `s` (at most `a`), lies on a shortest route:
    /// a depth-first search up the `s` side's levels to one with a neighbour at the `t`
    /// side's level `b`, marking each entity it decides [`ALIVE`] or [`DEAD`].
    fn alive(&mut self, adj: &Adjacency, v: u32, level: u32, [a, b]: [u32; 2]) -> bool {
        let side = &mut self.side;
        let m = side[v as usize];
        if m & (ALIVE | DEAD) != 0 {
            return m & ALIVE != 0;
        }
        let stack = &mut self.stack;
        stack.clear();
        stack.push((v, 0));
        let meet = place(FROM_T, b);
        while let Some(&(x, cursor)) = stack.last() {
            let at = level + stack.len() as u32 - 1;
            let row = adj.neighbours(x as usize);
            let mut found = false;
            let mut child = None;
            if at == a {
                found = row.iter().any(|&w| side[w as usize] & PLACE == meet);
            } else {
                let want = place(FROM_S, at + 1);
                for (j, &w) in row.iter().enumerate().skip(cursor) {
                    let m = side[w as usize];
                    if m & PLACE != want || m & DEAD != 0 {
                        continue;
                    }
                    if m & ALIVE != 0 {
                        found = true;
                    } else {
                        child = Some((j, w));
                    }
                    break;
                }
            }
            if found {
                // Each entity on the stack leads to the next: all lead on.
                for &(y, _) in stack.iter() {
                    side[y as usize] |= ALIVE;
                }
                return true;
            }
            match child {
                Some((j, w)) => {
                    stack.last_mut().expect("not empty").1 = j + 1;
                    stack.push((w, 0));
                }
                None => {
                    side[x as usize] |= DEAD;
                    stack.pop();
                }
            }
        }
        false
    }

    /// The search proper; `side` is all zero on entry and marks what it reached on exit,
    /// with each entity's level (see [`place`]). At a meeting, the levels each side
    /// has complete (it holds every entity within that many hops): the length is their
    /// sum plus one.
    fn search(&mut self, adj: &Adjacency, s: usize, t: usize) -> Option<[u32; 2]> {
        let side = &mut self.side;
        let [from_s, from_t] = &mut self.queue;
        from_s.clear();
        from_t.clear();
        for l in &mut self.levels {
            l.clear();
            l.extend([0, 1]);
        }
        from_s.push(s as u32);
        from_t.push(t as u32);
        side[s] = FROM_S;
        side[t] = FROM_T;
        let degree = |v: usize| adj.neighbours(v).len();
        // Per side: where its current level starts in its queue, its depth, and the
        // sum of its current level's degrees.
        let mut start = [0usize; 2];
        let mut depth = [0u32; 2];
        let mut work = [degree(s), degree(t)];
        loop {
            let k = usize::from(work[1] < work[0]);
            let (queue, me, other) = if k == 0 {
                (&mut *from_s, FROM_S, FROM_T)
            } else {
                (&mut *from_t, FROM_T, FROM_S)
            };
            let (lo, hi) = (start[k], queue.len());
            if lo == hi || super::cancel::stop_requested() {
                return None;
            }
            let mut next_work = 0;
            let reached = place(me, depth[k] + 1);
            for i in lo..hi {
                for &v in adj.neighbours(queue[i] as usize) {
                    let vi = v as usize;
                    let mark = side[vi];
                    if mark == 0 {
                        side[vi] = reached;
                        queue.push(v);
                        next_work += degree(vi);
                    } else if mark & other != 0 {
                        return Some(depth);
                    }
                }
            }
            start[k] = hi;
            self.levels[k].push(queue.len() as u32);
            depth[k] += 1;
            work[k] = next_work;
        }
    }
}
