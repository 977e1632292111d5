//! `entity` / `kg show`: one entity, where it was defined, and its relations: those
//! the filters allow, at most a limit of them, so a hub of event data (the 1,942
//! relations of a foreign minister in ICEWS14) gives a page, not a book.

use rustc_hash::FxHashMap;

use super::answer::{AliasOut, EdgeOut, EntityAnswer, EntityOut, GroupOut, IncidentOut, NodeOut};
use super::filter::{Constraints, Filter};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::model::{EntityId, KnowledgeGraph, RelationId};

/// Default bound on the relations an entity answer lists: about two screens of
/// text, and more than most entities of a curated graph have.
pub const DEFAULT_LIMIT: usize = 100;

/// One relation of the entity, with what ordering it needs and nothing more (the
/// answer's `EdgeOut`, with its evidence, is built for the kept ones only).
struct Candidate {
    relation: RelationId,
    other: EntityId,
    outgoing: bool,
    /// Read against its stored direction (a symmetric relation never is).
    backwards: bool,
    /// Backwards with no inverse label: read from the other end (`←Consult—`).
    other_end: bool,
    label: String,
    /// The last day it is known at: of its validity, else of its latest
    /// evidence; `None` for a fact with no date at all.
    last: Option<Date>,
}

/// The entity `id` and the relations of it that `filter` allows, at most `limit`
/// of them ([`DEFAULT_LIMIT`] when `None`).
///
/// `filter`'s direction is seen from the entity: `out` keeps the relations it is
/// the stored `from` of, `in` those it is the `to` of (symmetric ones always
/// count); its types and dates apply as in a path. Avoided entities and
/// `via_types` do not apply (nothing is passed through).
///
/// Which relations a cut keeps: the most recent. Facts with no date at all come
/// first, since they hold throughout (enduring or background facts); then dated
/// ones by the last day they are known at (of their validity, else of their
/// latest evidence), latest first; ties in the answer's order. So the choice is
/// deterministic, and on undated data it is the first relations of the answer.
///
/// The answer lists them grouped by how they read from the entity (forwards and
/// symmetric ones, then backwards ones), then by label, the other end's name and
/// id, and storage order; `groups` says for each group how many are shown of how
/// many the filters allow, and `total` how many the filters allow in all.
///
/// # Errors
/// An unknown relation type or a malformed date in `filter`; a `limit` of 0.
///
/// # Complexity
/// O(d log d) for the entity's d relations (a key each, sorted), plus the
/// evidence of the kept ones.
pub fn show(
    g: &KnowledgeGraph,
    id: EntityId,
    filter: &Filter,
    limit: Option<usize>,
) -> Result<EntityAnswer> {
    let c = Constraints::resolve(g, filter)?;
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 {
        return Err(Error::usage("'limit' must be at least 1"));
    }
    let e = g.entity(id);
    let entity = Box::new(EntityOut {
        node: NodeOut::new(g, id),
        aliases: e
            .aliases
            .iter()
            .map(|a| AliasOut {
                alias: a.text.to_string(),
                defined_at: g.origin_text(a.origin),
            })
            .collect(),
        defined_at: g.origin_text(e.origin),
        attributes: e.attributes.cloned().unwrap_or_default(),
    });
    let ends: Vec<(RelationId, EntityId, bool)> = if c.is_open() {
        // No filter: the store's own lists, without building the traversal index.
        g.incident(id)
            .map(|i| (i.relation, i.other, i.outgoing))
            .collect()
    } else {
        g.adjacency()
            .entries(id.index())
            .iter()
            .filter(|&&a| c.step_allowed(g, a, true))
            .map(|a| (a.relation(), a.other(), a.outgoing()))
            .collect()
    };
    let mut candidates: Vec<Candidate> = ends
        .into_iter()
        .map(|(relation, other, outgoing)| {
            let rt = g.schema().relation_type(g.relation_type_of(relation));
            let backwards = !outgoing && !rt.symmetric;
            let r = g.relation(relation);
            let last = r.valid.map(|s| s.to.last_day()).or_else(|| {
                r.evidence()
                    .iter()
                    .filter_map(|ev| ev.date.map(Date::last_day))
                    .max()
            });
            Candidate {
                relation,
                other,
                outgoing,
                backwards,
                other_end: backwards && rt.backward_label().is_none(),
                label: if outgoing {
                    rt.label()
                } else {
                    rt.backward_label().unwrap_or_else(|| rt.label())
                },
                last,
            }
        })
        .collect();
    // The answer's order; storage order last, so parallel relations of a type keep
    // the order of the graph's file, however edits and undo relinked them.
    let listed = |a: &Candidate, b: &Candidate| {
        (
            a.backwards,
            &a.label,
            g.entity_name(a.other),
            g.entity_id(a.other),
        )
            .cmp(&(
                b.backwards,
                &b.label,
                g.entity_name(b.other),
                g.entity_id(b.other),
            ))
            .then(a.relation.index().cmp(&b.relation.index()))
    };
    let total = candidates.len();
    let mut totals: FxHashMap<(bool, String), (usize, bool)> = FxHashMap::default();
    for k in &candidates {
        totals
            .entry((k.backwards, k.label.clone()))
            .or_insert((0, k.other_end))
            .0 += 1;
    }
    let truncated = total > limit;
    let undated = candidates.iter().any(|k| k.last.is_none());
    let dated = candidates.iter().any(|k| k.last.is_some());
    if truncated {
        // Undated first (`None` is below every date, so compare reversed), then latest first.
        candidates.sort_by(|a, b| match (a.last, b.last) {
            (None, None) => listed(a, b),
            (None, Some(_)) => std::cmp::Ordering::Less,
            (Some(_), None) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => y.cmp(&x).then_with(|| listed(a, b)),
        });
        candidates.truncate(limit);
    }
    candidates.sort_by(listed);
    let relations: Vec<IncidentOut> = candidates
        .iter()
        .map(|k| IncidentOut {
            direction: if k.outgoing { "out" } else { "in" }.to_string(),
            other: NodeOut::new(g, k.other),
            edge: EdgeOut::new(g, k.relation, !k.outgoing),
        })
        .collect();
    let mut groups: Vec<GroupOut> = Vec::new();
    for k in &candidates {
        match groups.last_mut() {
            Some(last) if last.reversed == k.backwards && last.label == k.label => last.shown += 1,
            _ => groups.push(GroupOut {
                label: k.label.clone(),
                reversed: k.backwards,
                from_other_end: k.other_end,
                shown: 1,
                total: totals
                    .remove(&(k.backwards, k.label.clone()))
                    .map_or(0, |(n, _)| n),
            }),
        }
    }
    // Groups the cut left empty, after the others, in the same order.
    let mut empty: Vec<GroupOut> = totals
        .into_iter()
        .map(|((reversed, label), (total, from_other_end))| GroupOut {
            label,
            reversed,
            from_other_end,
            shown: 0,
            total,
        })
        .collect();
    empty.sort_by(|a, b| (a.reversed, &a.label).cmp(&(b.reversed, &b.label)));
    groups.extend(empty);
    let reason = truncated.then(|| cut_reason(limit, undated, dated, "by label, then name,"));
    let sources = super::answer::cited(g, relations.iter().map(|r| &r.edge));
    Ok(EntityAnswer {
        entity,
        relations,
        total,
        limit,
        truncated,
        reason,
        bound: truncated.then(|| "limit".to_string()),
        groups,
        filters: filter.describe(),
        sources,
    })
}

/// Why a list of relations cut at `limit` holds what it holds, in the words
/// `show` and `relations` share: the most recent (undated facts first) when
/// any is dated, else the first `by` (how undated relations are ordered).
pub(super) fn cut_reason(limit: usize, undated: bool, dated: bool, by: &str) -> String {
    let (n, are) = match limit {
        1 => (String::new(), "is"),
        _ => (format!(" {limit}"), "are"),
    };
    let kept = match (undated, dated) {
        (_, false) => format!("the first{n} {by}"),
        (false, true) => format!("the{n} most recent"),
        (true, true) => format!("the{n} most recent, undated facts first,"),
    };
    let relations = if limit == 1 { "relation" } else { "relations" };
    format!("more than {limit} {relations}; {kept} {are} shown; raise 'limit' to see more")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{Answer, Query};

    fn entity(q: serde_json::Value) -> EntityAnswer {
        let g = crate::load::builtin();
        let q: Query = serde_json::from_value(q).expect("a well-formed query");
        match crate::query::run(&g, &q).expect("an answer") {
            Answer::Entity(a) => a,
            other => panic!("not an entity answer: {other:?}"),
        }
    }

    #[test]
    fn entity_queries_read_their_filter_and_limit_from_json() {
        // As written before `show` had options, and with them.
        let whole = entity(serde_json::json!({"op": "entity", "name": "Japan"}));
        assert_eq!(
            (whole.total, whole.limit, whole.truncated),
            (11, DEFAULT_LIMIT, false)
        );
        assert_eq!(whole.relations.len(), 11);
        let cut = entity(serde_json::json!({
            "op": "entity", "name": "Japan", "relations": "claims,visits", "limit": 1
        }));
        assert_eq!(
            (cut.total, cut.truncated, cut.relations.len()),
            (2, true, 1)
        );
        assert_eq!(cut.bound.as_deref(), Some("limit"));
        // The most recent: the visit of April 2016, not the claim reported in March.
        assert_eq!(&*cut.relations[0].edge.kind, "visits");
        assert_eq!(
            cut.groups
                .iter()
                .map(|g| (g.shown, g.total))
                .collect::<Vec<_>>(),
            [(1, 1), (0, 1)]
        );
    }
}
