//! Neighbourhoods: everything within `depth` hops of an entity.
//!
//! A node-set BFS over the compact adjacency index, never path enumeration. When
//! the `limit` cuts a level, the nodes kept from that level are the first by name,
//! so the answer does not depend on storage order.

use std::cell::RefCell;

use serde::{Deserialize, Serialize};

use super::answer::{EdgeMaker, EdgeOut, NeighboursAnswer, NodeAt, NodeMaker};
use super::filter::{Constraints, Filter};
use crate::error::{Error, Result};
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

/// The entities of an answer being built, one bit per entity slot, kept per
/// thread between queries: whether a relation's other end is in the answer is
/// asked for every relation of every entity found (hubs' rows included), and a
/// bit is cheaper to read than a hash set. Only the bits set are cleared
/// after, so a query pays for its own entities, not for the graph's size.
#[derive(Default)]
struct Members {
    bits: Vec<u64>,
}

impl Members {
    fn mark(&mut self, ids: impl Iterator<Item = EntityId>, bound: usize) {
        let words = bound.div_ceil(64);
        if self.bits.len() < words {
            self.bits.resize(words, 0);
        }
        for id in ids {
            let i = id.index();
            self.bits[i / 64] |= 1 << (i % 64);
        }
    }

    #[inline]
    fn has(&self, i: usize) -> bool {
        self.bits
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    fn unmark(&mut self, ids: impl Iterator<Item = EntityId>) {
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
                let order = |&(a, _): &(EntityId, u32), &(b, _): &(EntityId, u32)| {
                    g.entity_name(a)
                        .cmp(g.entity_name(b))
                        .then_with(|| g.entity_id(a).cmp(g.entity_id(b)))
                };
                let keep = limit - before;
                let level = &mut out[before..];
                if keep < level.len() {
                    level.select_nth_unstable_by(keep, order);
                }
                level[..keep].sort_by(order);
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

/// Sort key of a relation in an answer: from-name, from-id, type, to-name, to-id.
type EdgeKey<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);

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

    // Relations among the returned entities (and the center) that the filters allow.
    let edge_cap = EDGES_PER_NODE.saturating_mul(limit.max(1));
    let mut rels: Vec<RelationId> = Vec::new();
    let cut = MEMBERS.with(|cell| {
        let members = &mut *cell.borrow_mut();
        let ids = || std::iter::once(center).chain(found.iter().map(|&(id, _)| id));
        members.mark(ids(), g.adjacency().node_bound());
        let mut cut = false;
        'outer: for x in ids() {
            for &e in g.adjacency().entries(x.index()) {
                // Each relation is listed under both ends; keep it under its stored tail.
                if !e.outgoing() || !members.has(e.other_index()) || !c.relation_allowed(g, e) {
                    continue;
                }
                if rels.len() == edge_cap {
                    cut = true;
                    break 'outer;
                }
                rels.push(e.relation());
            }
        }
        members.unmark(ids());
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
    // Ordered on the graph's own strings, then built: an answer of 1,000
    // entities and 10,000 relations sorted on owned keys spent most of its time
    // copying names into keys and comparing the copies.
    let mut found = found;
    found.sort_by(|&(a, da), &(b, db)| {
        da.cmp(&db)
            .then_with(|| g.entity_name(a).cmp(g.entity_name(b)))
            .then_with(|| g.entity_id(a).cmp(g.entity_id(b)))
    });
    let mut nodes_out = NodeMaker::default();
    let nodes: Vec<NodeAt> = found
        .iter()
        .map(|&(id, d)| NodeAt {
            node: nodes_out.node(g, id),
            distance: d as usize,
        })
        .collect();
    rels.sort();
    let schema = g.schema();
    let mut keyed: Vec<(EdgeKey, RelationId)> = rels
        .into_iter()
        .map(|r| {
            let (a, kind, b) = g.relation_ends(r);
            let key = (
                g.entity_name(a),
                g.entity_id(a),
                &*schema.relation_type(kind).id,
                g.entity_name(b),
                g.entity_id(b),
            );
            (key, r)
        })
        .collect();
    // A stable sort: parallel relations keep their storage order.
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut edges_out = EdgeMaker::with_evidence(!q.no_evidence);
    let edges: Vec<EdgeOut> = keyed
        .into_iter()
        .map(|(_, r)| edges_out.edge(g, r, false))
        .collect();
    let sources = super::answer::cited(g, &edges);
    Ok(NeighboursAnswer {
        center: nodes_out.node(g, center),
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
