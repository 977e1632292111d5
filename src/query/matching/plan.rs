//! Planning: the order in which the search binds a query's patterns.
//!
//! Per `MATCH` clause the planner starts each connected part of the pattern
//! at its most selective element and extends from there along the pattern,
//! in both directions, one relationship at a time; each `WHERE` conjunct
//! runs right after the step that binds the last variable it reads.
//!
//! Starting points, cheapest first (the estimate is how many partial
//! matches the start makes):
//! - a node whose variable an earlier clause or pattern bound (one);
//! - a node with an inline name or id (its resolved candidates, usually one);
//! - the relations of a typed relationship pattern (`g.relation_type_uses`),
//!   when fewer than the entities of the rarest entity type on offer: both
//!   ends are bound at once;
//! - the entities of a node's rarest type (`g.entity_type_uses`);
//! - every entity.
//!
//! Among the relationships that extend a bound node, one that closes a
//! cycle (both ends bound) goes first, then fixed-length ones by how rare
//! their types are, then variable-length ones.
//!
//! A typed step is marked to walk an index of only its types' relations
//! (`search::StepIndex`) when the estimated partial matches reaching it
//! (the start's count times the mean degree of each step before) reach
//! [`INDEX_FROM`] (a variable-length walk counting once per hop of its upper
//! bound); a typed walk below it filters each entity's row once, as the
//! search first reaches it (`search::StepIndex::lazy`).
//!
//! # Complexity
//! O(p² + p·w) for p node and relationship patterns and w conjuncts: tiny.
//! The search it orders costs, per start, the product of the degrees met
//! along the pattern (each step scans one adjacency row), cut early by
//! every type, direction, label, inline property and conjunct check.

use super::resolve::{Clause, Resolved};
use crate::model::KnowledgeGraph;

/// Where a start step takes its entities from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The node's variable is bound already: check it.
    Bound,
    /// The inline name's or id's entities.
    Candidates,
    /// Every entity of these types (the node's first label set).
    Types,
    /// Every entity.
    All,
}

/// One step of the search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// A new `MATCH` clause begins: relations may be used again.
    Clause,
    /// Bind node pattern `occ` of clause `clause`.
    Start {
        clause: usize,
        occ: usize,
        source: Source,
    },
    /// Bind relationship pattern `edge` and both its ends from the relations of its types.
    ScanRelations { clause: usize, edge: usize },
    /// Walk relationship pattern `edge` from its bound end (`backwards`: the right one).
    Expand {
        clause: usize,
        edge: usize,
        backwards: bool,
        /// Walk a row index of only the relations this step may take (see
        /// `search::StepIndex`), built before the search: worth it when many
        /// partial matches reach this step.
        indexed: bool,
    },
    /// Keep the match only when conjuncts `filters` of `clause` are all true.
    Filter { clause: usize, filters: Vec<usize> },
}

/// The steps, and the same as lines for `--explain`.
#[derive(Debug, Clone)]
pub struct Plan {
    pub ops: Vec<Op>,
    pub lines: Vec<String>,
}

/// Partial matches reaching a typed step from which it walks an index of
/// its types instead of whole adjacency rows: building the index costs a
/// pass over the entities and the relations of those types.
pub const INDEX_FROM: f64 = 64.0;

/// Cost of a variable-length step relative to fixed ones (it goes last).
const VARIABLE_LENGTH_COST: usize = usize::MAX / 4;

/// Plans `r` on `g` (see the module doc for the choices).
pub fn plan(g: &KnowledgeGraph, r: &Resolved) -> Plan {
    let mut bound = vec![false; r.kinds.len()];
    let mut breadth = 1.0f64;
    let mut ops = Vec::new();
    let mut lines = Vec::new();
    for (ci, c) in r.clauses.iter().enumerate() {
        if r.clauses.len() > 1 {
            lines.push(format!("MATCH clause {}:", ci + 1));
        }
        ops.push(Op::Clause);
        plan_clause(g, ci, c, &mut bound, &mut breadth, &mut ops, &mut lines);
    }
    let numbered = {
        let mut n = 0;
        lines
            .into_iter()
            .map(|l| {
                if l.starts_with("MATCH clause") {
                    l
                } else {
                    n += 1;
                    format!("{n}. {l}")
                }
            })
            .collect()
    };
    Plan {
        ops,
        lines: numbered,
    }
}

fn plan_clause(
    g: &KnowledgeGraph,
    ci: usize,
    c: &Clause,
    bound: &mut [bool],
    breadth: &mut f64,
    ops: &mut Vec<Op>,
    lines: &mut Vec<String>,
) {
    let mut visited = vec![false; c.occs.len()];
    let mut done = vec![false; c.edges.len()];
    let mut placed = vec![false; c.filters.len()];
    let place =
        |bound: &[bool], placed: &mut [bool], ops: &mut Vec<Op>, lines: &mut Vec<String>| {
            // Every conjunct ready here in one step: thousands of them must not
            // nest the search thousands deep.
            let mut ready = Vec::new();
            for (fi, f) in c.filters.iter().enumerate() {
                if !placed[fi] && f.slots.iter().all(|&s| bound[s]) {
                    placed[fi] = true;
                    ready.push(fi);
                    lines.push(format!("filter {}", f.text));
                }
            }
            if !ready.is_empty() {
                ops.push(Op::Filter {
                    clause: ci,
                    filters: ready,
                });
            }
        };
    place(bound, &mut placed, ops, lines);
    loop {
        // Extend from a visited node when any relationship allows it.
        let mut best: Option<(usize, usize, bool)> = None;
        for (ei, e) in c.edges.iter().enumerate() {
            if done[ei] || !(visited[e.left] || visited[e.right]) {
                continue;
            }
            let backwards = !visited[e.left];
            let target = if backwards { e.left } else { e.right };
            let cost = if visited[target] || bound[c.occs[target].slot] {
                0
            } else if e.length.is_some() {
                VARIABLE_LENGTH_COST
            } else {
                type_count(g, e.types.as_deref())
            };
            if best.is_none_or(|(b, _, _)| cost < b) {
                best = Some((cost, ei, backwards));
            }
        }
        if let Some((_, ei, backwards)) = best {
            let e = &c.edges[ei];
            let (from, to) = if backwards {
                (e.right, e.left)
            } else {
                (e.left, e.right)
            };
            let (fo, to_o) = (&c.occs[from], &c.occs[to]);
            let arrow = if backwards { &e.text_back } else { &e.text };
            let types = match &e.types {
                None => String::new(),
                Some(_) => {
                    let n = type_count(g, e.types.as_deref());
                    let noun = if n == 1 { "relation" } else { "relations" };
                    format!(" — {n} {noun} of its types")
                }
            };
            let joined = if bound[to_o.slot] {
                "; the far end is bound, so this checks it"
            } else {
                ""
            };
            lines.push(format!(
                "expand {}{arrow}{}{}{types}{joined}",
                fo.text,
                to_o.text,
                match e.length {
                    Some((lo, hi)) => format!(" as a trail of {lo} to {hi} relations"),
                    None => String::new(),
                }
            ));
            // A walk of several hops scans a row per hop: it counts as that
            // many partial matches. Building the index costs a pass over its
            // types' relations, which a walk from one named entity never repays.
            let hops = e.length.map_or(1, |(_, hi)| hi.max(1)) as f64;
            let indexed = e.types.is_some() && *breadth * hops >= INDEX_FROM;
            if indexed {
                let l = lines.last_mut().expect("the line just pushed");
                l.push_str(" (over an index of its types, built first)");
            }
            ops.push(Op::Expand {
                clause: ci,
                edge: ei,
                backwards,
                indexed,
            });
            // Partial matches after this step: times the mean degree in its types.
            let entities = g.entity_count().max(1) as f64;
            let fanout = 2.0 * type_count(g, e.types.as_deref()) as f64 / entities;
            *breadth *= fanout.max(1.0);
            done[ei] = true;
            visited[to] = true;
            bound[to_o.slot] = true;
            bound[e.slot] = true;
            place(bound, &mut placed, ops, lines);
            continue;
        }
        // Otherwise start a new part: the cheapest node or relation scan.
        let mut start: Option<(usize, usize, Source)> = None;
        for (oi, o) in c.occs.iter().enumerate() {
            if visited[oi] {
                continue;
            }
            let (cost, source) = if bound[o.slot] {
                (0, Source::Bound)
            } else if let Some(cands) = &o.candidates {
                (cands.len(), Source::Candidates)
            } else if let Some(set) = o.labels.first() {
                let n = set.iter().map(|&t| g.entity_type_uses(t)).sum();
                (n, Source::Types)
            } else {
                (g.entity_count(), Source::All)
            };
            if start.as_ref().is_none_or(|(b, _, _)| cost < *b) {
                start = Some((cost, oi, source));
            }
        }
        let mut scan: Option<(usize, usize)> = None;
        for (ei, e) in c.edges.iter().enumerate() {
            if done[ei] || e.length.is_some() || e.types.is_none() {
                continue;
            }
            let cost = type_count(g, e.types.as_deref());
            if scan.is_none_or(|(b, _)| cost < b) {
                scan = Some((cost, ei));
            }
        }
        let use_scan = match (&start, scan) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some((n, _, _)), Some((m, _))) => m < *n,
        };
        if let (true, Some((m, ei))) = (use_scan, scan) {
            let e = &c.edges[ei];
            lines.push(format!(
                "scan the {m} relation{} of {}{}{}",
                plural(m),
                c.occs[e.left].text,
                e.text,
                c.occs[e.right].text
            ));
            ops.push(Op::ScanRelations {
                clause: ci,
                edge: ei,
            });
            done[ei] = true;
            for o in [e.left, e.right] {
                visited[o] = true;
                bound[c.occs[o].slot] = true;
            }
            bound[e.slot] = true;
            *breadth *= m.max(1) as f64;
        } else if let Some((n, oi, source)) = start {
            let o = &c.occs[oi];
            let how = match source {
                Source::Bound => "bound by an earlier pattern".to_string(),
                Source::Candidates => format!("{n} candidate{}", plural(n)),
                Source::Types => {
                    format!("{n} entit{} of its type", if n == 1 { "y" } else { "ies" })
                }
                Source::All => format!("all {n} entities"),
            };
            lines.push(format!("start at {} — {how}", o.text));
            ops.push(Op::Start {
                clause: ci,
                occ: oi,
                source,
            });
            visited[oi] = true;
            bound[o.slot] = true;
            if source != Source::Bound {
                *breadth *= n.max(1) as f64;
            }
        } else {
            break;
        }
        place(bound, &mut placed, ops, lines);
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// How many relations have one of `types` (every relation for `None`).
fn type_count(g: &KnowledgeGraph, types: Option<&[crate::model::RelTypeId]>) -> usize {
    match types {
        None => g.relation_count(),
        Some(ts) => ts.iter().map(|&t| g.relation_type_uses(t)).sum(),
    }
}
