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

/// The search state of one thread, reused across queries.
///
/// # Memory
/// One byte per entity slot (`side`, all zero between queries), plus 4 bytes per entity
/// each search reaches (`queue`), at most 9 bytes per entity in all and usually a small
/// fraction of that: a query reads and writes its queues and the bytes of the entities
/// it reached, nothing else.
#[derive(Default)]
pub(crate) struct PathLengths {
    /// Per entity slot, [`FROM_S`] | [`FROM_T`]: which searches reached it.
    side: Vec<u8>,
    /// Per search (0: from `s`, 1: from `t`), the entities it reached, in the order
    /// reached: its current level is the tail of the queue.
    queue: [Vec<u32>; 2],
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
        // Leave every byte zero for the next query: only those of entities reached were set.
        for q in &self.queue {
            for &v in q {
                self.side[v as usize] = 0;
            }
        }
        found
    }

    /// The search proper; `side` is all zero on entry and marks what it reached on exit.
    fn search(&mut self, adj: &Adjacency, s: usize, t: usize) -> Option<u32> {
        let side = &mut self.side;
        let [from_s, from_t] = &mut self.queue;
        from_s.clear();
        from_t.clear();
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
            for i in lo..hi {
                for &v in adj.neighbours(queue[i] as usize) {
                    let vi = v as usize;
                    let mark = side[vi];
                    if mark == 0 {
                        side[vi] = me;
                        queue.push(v);
                        next_work += degree(vi);
                    } else if mark == other {
                        return Some(depth[0] + depth[1] + 1);
                    }
                }
            }
            start[k] = hi;
            depth[k] += 1;
            work[k] = next_work;
        }
    }
}
