//! Neighbourhoods: everything within `depth` hops of an entity.
//!
//! A node-set BFS over the compact adjacency index, never path enumeration. When
//! the `limit` cuts a level, the nodes kept from that level are the first by name,
//! so the answer does not depend on storage order.

use std::cell::RefCell;

use serde::{Deserialize, Serialize};

use super::answer::{EdgeMaker, EdgeOut, NeighboursAnswer, NodeAt, NodeMaker};
use super::fields::Fields;
use super::filter::{Constraints, Filter};
use crate::error::{Error, Result};
use crate::model::adjacency::AdjEntry;
use crate::model::{EntityId, KnowledgeGraph, RelationId};

/// Default bound on the number of entities a neighbourhood returns.
pub const DEFAULT_LIMIT: usize = 1000;
/// Relations among the returned entities are bounded too: this many per entity.
pub const EDGES_PER_NODE: usize = 10;

/// `neighbours NAME`: what surrounds this entity?
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeighboursQuery {
    #[serde(alias = "name")]
    pub of: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depth: Option<usize>,
    #[serde(flatten)]
    pub filter: Filter,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
    /// The relations without their evidence (and so no sources): never looked
    /// up, not built and dropped.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_evidence: bool,
    /// The parts of the answer to build (`--fields`; all when not given).
    #[serde(default, skip_serializing_if = "Fields::is_all")]
    pub fields: Fields,
}

/// Per-thread visit marks, reused across queries (a stamp per query instead of a
/// cleared array or a hash map).
#[derive(Default)]
struct Marks {
    stamp: u32,
    seen: Vec<u32>,
}

thread_local! {
    static MARKS: RefCell<Marks> = RefCell::new(Marks::default());
    static MEMBERS: RefCell<Members> = RefCell::new(Members::default());
}

/// The entities of an answer being built, kept per thread between queries: one
/// bit per entity slot for "is it in the answer", asked for the relations of
/// the entities found, and cheaper to read than a hash
/// set; and, for members only, their place in answer order (name, then id),
/// read for the relations that pass, so that relations sort on numbers rather
/// than on names. Only the slots set are cleared after, so a query pays for its
/// own entities, not for the graph's size.
///
/// Memory: one bit plus four bytes per entity slot, per thread that answers
/// neighbourhoods.
#[derive(Default)]
struct Members {
    bits: Vec<u64>,
    rank: Vec<u32>,
}

impl Members {
    /// Marks `ids`, `ids[k]` having rank `k`.
    fn mark(&mut self, ids: &[EntityId], bound: usize) {
        let words = bound.div_ceil(64);
        if self.bits.len() < words {
            self.bits.resize(words, 0);
        }
        if self.rank.len() < bound {
            self.rank.resize(bound, 0);
        }
        for (k, id) in ids.iter().enumerate() {
            let i = id.index();
            self.bits[i / 64] |= 1 << (i % 64);
            self.rank[i] = k as u32;
        }
    }

    #[inline]
    fn has(&self, i: usize) -> bool {
        self.bits
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// The rank of a member (only asked of members).
    #[inline]
    fn rank(&self, i: usize) -> u32 {
        self.rank[i]
    }

    fn unmark(&mut self, ids: &[EntityId]) {
        for id in ids {
            let i = id.index();
            self.bits[i / 64] = 0;
        }
    }
}

/// Entities within `depth` hops of `center` (center excluded) with their distances,
/// in BFS level order; the bool is true when `limit` cut the result.
pub fn within(
    g: &KnowledgeGraph,
    c: &Constraints,
    center: EntityId,
    depth: usize,
    limit: usize,
) -> (Vec<(EntityId, u32)>, bool) {
    let mut out = Vec::new();
    let truncated = within_into(g, c, center, depth, limit, &mut out);
    (out, truncated)
}

/// [`within`] into a buffer the caller keeps between queries (cleared first): a
/// hub's neighbourhood is hundreds of thousands of entities, and fresh memory for
/// each costs more than the search.
pub fn within_into(
    g: &KnowledgeGraph,
    c: &Constraints,
    center: EntityId,
    depth: usize,
    limit: usize,
    out: &mut Vec<(EntityId, u32)>,
) -> bool {
    out.clear();
    MARKS.with(|cell| {
        let marks = &mut *cell.borrow_mut();
        let adj = g.adjacency();
        if marks.seen.len() < adj.node_bound() {
            marks.seen.resize(adj.node_bound(), 0);
        }
        marks.stamp = marks.stamp.wrapping_add(1);
        if marks.stamp == 0 {
            marks.seen.fill(0);
            marks.stamp = 1;
        }
        let (st, seen) = (marks.stamp, &mut marks.seen);
        seen[center.index()] = st;
        let open = c.is_open();
        // Found entities in BFS order; each level's frontier is the previous level's
        // stretch of `out`, so nothing is copied between levels.
        let mut level_start = 0;
        // Saturating: a depth past u32 (4294967296) is "all of it", not 0.
        for level in 1..=u32::try_from(depth).unwrap_or(u32::MAX) {
            if super::cancel::stop_requested() {
                break;
            }
            let before = out.len();
            let frontier_len = if level == 1 { 1 } else { before - level_start };
            for i in 0..frontier_len {
                let x = if level == 1 {
                    center
                } else {
                    out[level_start + i].0
                };
                if open {
                    // No filter: the distinct neighbours are enough.
                    for &v in adj.neighbours(x.index()) {
                        let vi = v as usize;
                        if seen[vi] != st {
                            seen[vi] = st;
                            out.push((EntityId::new(vi), level));
                        }
                    }
                    continue;
                }
                if x != center && !c.passable(g, x) {
                    continue;
                }
                for &e in adj.entries(x.index()) {
                    let vi = e.other_index();
                    if seen[vi] == st || !c.admissible(e.other()) || !c.step_allowed(g, e, true) {
                        continue;
                    }
                    seen[vi] = st;
                    out.push((e.other(), level));
                }
            }
            level_start = before;
            if out.len() > limit {
                // Keep the first of this level by name: select them, then sort only
                // those (a hub's second level has tens of thousands of entities).
                let rank = g.answer_ranks();
                let order = |&(a, _): &(EntityId, u32)| rank[a.index()];
                let keep = limit - before;
                let level = &mut out[before..];
                if keep < level.len() {
                    level.select_nth_unstable_by_key(keep, order);
                }
                level[..keep].sort_unstable_by_key(order);
                out.truncate(limit);
                return true;
            }
            if out.len() == before {
                break;
            }
        }
        false
    })
}

/// The sort key of a relation in a neighbourhood answer: its tail's rank, its
/// type's rank, its head's rank, then its number (parallel relations in storage
/// order). `e` is seen from the tail.
#[inline]
fn relation_key(
    g: &KnowledgeGraph,
    type_rank: &[u32],
    tail: u32,
    head: u32,
    e: AdjEntry,
) -> [u32; 4] {
    let rel = e.relation();
    let kind = g.relation_type_of(rel).0 as usize;
    [tail, type_rank[kind], head, rel.index() as u32]
}

/// Keys every relation among `members` (marked in `m`) that the constraints
/// allow into `keyed`; false, with `keyed` partly filled, as soon as there are
/// more than `cap`.
///
/// Each relation between two members is listed under both; it is taken from the
/// one later in (more entries, lower index) order, the one with the shorter
/// row, so a hub's long row is never scanned for what its members' short rows
/// say. Walking members from the most entries down, a member only looks for
/// relations to the members before it: by binary search of its row (sorted by
/// the other end) for each of them when there are few, by one scan of the row
/// otherwise.
///
/// # Complexity
/// O(Σ min(d(x), p(x) · log d(x))) over members x, with d(x) the entries of x
/// and p(x) the members before it, against Σ d(x) for scanning every row; plus
/// O(m log m) to order the m members.
fn relations_among(
    g: &KnowledgeGraph,
    c: &Constraints,
    m: &Members,
    members: &[EntityId],
    type_rank: &[u32],
    cap: usize,
    keyed: &mut Vec<[u32; 4]>,
) -> bool {
    let adj = g.adjacency();
    let degree = |i: usize| adj.entries(i).len();
    let mut by_rows: Vec<(usize, u32)> = members
        .iter()
        .map(|id| (degree(id.index()), id.index() as u32))
        .collect();
    by_rows.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (p, &(dx, x)) in by_rows.iter().enumerate() {
        let x = x as usize;
        let row = adj.entries(x);
        let rx = m.rank(x);
        // `e`, listed under `x`, is a relation among members to keep here.
        let mut take = |e: AdjEntry| {
            if !c.relation_allowed(g, e) {
                return true;
            }
            if keyed.len() == cap {
                return false;
            }
            let ry = m.rank(e.other_index());
            keyed.push(if e.outgoing() {
                relation_key(g, type_rank, rx, ry, e)
            } else {
                relation_key(g, type_rank, ry, rx, e.flipped(EntityId::new(x)))
            });
            true
        };
        let before = &by_rows[..p];
        if (before.len() + 1) * (dx.max(1).ilog2() as usize + 2) < dx {
            // The members before `x`, and `x` itself for its self-loops.
            for &(_, y) in before.iter().chain(std::iter::once(&(dx, x as u32))) {
                let lo = row.partition_point(|e| e.other_index() < y as usize);
                for &e in row[lo..]
                    .iter()
                    .take_while(|e| e.other_index() == y as usize)
                {
                    if !take(e) {
                        return false;
                    }
                }
            }
        } else {
            for &e in row {
                let y = e.other_index();
                let keep = if y == x {
                    true
                } else {
                    m.has(y) && {
                        let dy = degree(y);
                        dy > dx || (dy == dx && y < x)
                    }
                };
                if keep && !take(e) {
                    return false;
                }
            }
        }
    }
    true
}

pub fn run(g: &KnowledgeGraph, q: &NeighboursQuery) -> Result<NeighboursAnswer> {
    let center = g.resolve(&q.of)?;
    let c = Constraints::resolve(g, &q.filter)?;
    if !c.admissible(center) {
        return Err(Error::bad_request(
            "the center of the neighbourhood is also in 'avoid'",
        ));
    }
    let depth = q.depth.unwrap_or(1);
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 {
        return Err(Error::usage("'limit' must be at least 1"));
    }
    let (found, mut truncated) = within(g, &c, center, depth, limit);
    let mut reason = truncated.then(|| {
        format!(
            "more than {limit} {} within {depth} {}; raise 'limit' to see more",
            if limit == 1 { "entity" } else { "entities" },
            if depth == 1 { "hop" } else { "hops" }
        )
    });

    // The center and the entities found in answer order (name, then id): a
    // relation's place in the answer is then its ends' and type's ranks.
    let mut members: Vec<EntityId> = std::iter::once(center)
        .chain(found.iter().map(|&(id, _)| id))
        .collect();
    // Ranks are unique, so an unstable sort gives the one order.
    let answer_rank = g.answer_ranks();
    members.sort_unstable_by_key(|&a| answer_rank[a.index()]);
    // Relation types in order of their ids.
    let schema = g.schema();
    let mut types: Vec<(&str, usize)> = schema
        .relation_types()
        .map(|(t, rt)| (&*rt.id, t.0 as usize))
        .collect();
    types.sort_unstable();
    let mut type_rank = vec![0u32; types.len()];
    for (k, &(_, t)) in types.iter().enumerate() {
        type_rank[t] = k as u32;
    }

    // Relations among the returned entities (and the center) that the filters
    // allow, each keyed (from's rank, type's rank, to's rank, number): the
    // number keeps parallel relations in storage order.
    let edge_cap = EDGES_PER_NODE.saturating_mul(limit.max(1));
    let mut keyed: Vec<[u32; 4]> = Vec::new();
    let mut ranks = vec![0u32; found.len()];
    let fields = Fields {
        evidence: q.fields.evidence && !q.no_evidence,
        ..q.fields
    };
    let cut = MEMBERS.with(|cell| {
        let m = &mut *cell.borrow_mut();
        m.mark(&members, g.adjacency().node_bound());
        for (r, &(id, _)) in ranks.iter_mut().zip(&found) {
            *r = m.rank(id.index());
        }
        // Every relation among the members is found once, from its end with the
        // shorter row; only when there are more than `edge_cap` of them is the
        // cut taken, from the walk in the order the entities were found, as it
        // has always been. Neither runs when the request's fields leave the
        // relations out.
        let mut cut = false;
        if fields.relations
            && !relations_among(g, &c, m, &members, &type_rank, edge_cap, &mut keyed)
        {
            keyed.clear();
            let walked = std::iter::once(center).chain(found.iter().map(|&(id, _)| id));
            'outer: for x in walked {
                let rx = m.rank(x.index());
                for &e in g.adjacency().entries(x.index()) {
                    // Each relation is listed under both ends; keep it under its stored tail.
                    if !e.outgoing() || !m.has(e.other_index()) || !c.relation_allowed(g, e) {
                        continue;
                    }
                    if keyed.len() == edge_cap {
                        cut = true;
                        break 'outer;
                    }
                    keyed.push(relation_key(g, &type_rank, rx, m.rank(e.other_index()), e));
                }
            }
        }
        m.unmark(&members);
        cut
    });
    if cut {
        truncated = true;
        reason.get_or_insert_with(|| {
            format!(
                "more than {edge_cap} relations among the entities found; \
                 raise 'limit' to see more"
            )
        });
    }
    // Entities by distance, then answer order.
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_unstable_by_key(|&k| (found[k].1, ranks[k]));
    let mut nodes_out = NodeMaker::shaped(fields);
    // Each member's id, by rank, shared by its node and its relations.
    let mut ids: Vec<Option<super::answer::Text>> = vec![None; members.len()];
    let nodes: Vec<NodeAt> = order
        .iter()
        .map(|&k| {
            let (id, d) = found[k];
            let node = nodes_out.node(g, id);
            if !node.id.is_empty() {
                ids[ranks[k] as usize] = Some(node.id.clone());
            }
            NodeAt {
                node,
                distance: d as usize,
            }
        })
        .collect();
    let center_out = nodes_out.node(g, center);
    let center_rank = members.iter().position(|&m| m == center).unwrap_or(0);
    if !center_out.id.is_empty() {
        ids[center_rank] = Some(center_out.id.clone());
    }
    let ids: Vec<super::answer::Text> = ids
        .into_iter()
        .zip(&members)
        .map(|(t, &m)| t.unwrap_or_else(|| g.entity_id(m).into()))
        .collect();
    keyed.sort_unstable();
    let mut edges_out = EdgeMaker::with_evidence(fields.evidence);
    let edges: Vec<EdgeOut> = keyed
        .iter()
        .map(|&[a, _, b, r]| {
            let (from, to) = (ids[a as usize].clone(), ids[b as usize].clone());
            edges_out.edge_between(g, RelationId::new(r as usize), false, from, to)
        })
        .collect();
    let sources = super::answer::cited(g, &edges);
    Ok(NeighboursAnswer {
        center: center_out,
        depth,
        direction: q.filter.direction,
        nodes,
        edges,
        truncated,
        reason,
        bound: truncated.then(|| "limit".to_string()),
        limit,
        filters: q.filter.describe(),
        sources,
    })
}
