//! `entities` and `relations`: the graph listed by type, a page at a time.
//!
//! Where `show` answers "what about this entity", these answer "what is there":
//! the persons of a graph, the visits it records. Both are bounded by a limit
//! (like `show`, so the 90,730 events of ICEWS14 give a page, not a book) and
//! say how many there are in all, so a cut list says what it left out.

use serde::{Deserialize, Serialize};

use super::answer::{EdgeOut, EntitiesAnswer, ListedEntity, NodeOut, RelationsAnswer};
use super::filter::{Constraints, Filter};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::model::schema::DEFAULT_ENTITY_TYPE;
use crate::model::{EntityId, KnowledgeGraph, RelationId, TypeId};
use crate::normalize::normalize;
use crate::suggest;

/// Default bound on a listing: about two screens of text, as `show`'s.
pub const DEFAULT_LIMIT: usize = 100;

/// How many aliases an entity's line in text names before it counts the rest.
pub const ALIASES_SHOWN: usize = 2;

/// The entities of one type (or all), whose name or an alias begins with a prefix.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EntitiesQuery {
    /// An entity type's id, matched like names (case, accents, `_` and spacing folded).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Only entities whose name or an alias begins with this (matched like names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
}

/// The relations of some types (or all) that a date filter allows.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RelationsQuery {
    /// Relation types, each written as `Filter::relations` items are (ids, labels,
    /// `cameo:CODE`, comma-separated lists); empty: every type.
    #[serde(rename = "type", default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// The date filters (`at`, `from_date`, `to_date`, `strict_dates`); its
    /// type lists and direction are not read (`types` is the type filter, and a
    /// listing walks no direction).
    #[serde(flatten)]
    pub filter: Filter,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
}

fn checked_limit(limit: Option<usize>) -> Result<usize> {
    match limit.unwrap_or(DEFAULT_LIMIT) {
        0 => Err(Error::bad_request("'limit' must be at least 1")),
        n => Ok(n),
    }
}

/// Whether every entity of `g` has the placeholder type an import of an untyped
/// dataset gives (FB15k-237, ICEWS): then there are no types to list by.
fn untyped(g: &KnowledgeGraph) -> bool {
    g.schema()
        .entity_types()
        .all(|(_, t)| !t.declared && &*t.id == DEFAULT_ENTITY_TYPE)
}

/// The entity type `name` names: its id exactly, else the one whose id has the
/// same name key (case, accents, `_` and spacing folded).
///
/// # Errors
/// No such type, with the closest ones and the list of types; any type at all
/// on an untyped graph.
fn entity_type_named(g: &KnowledgeGraph, name: &str) -> Result<TypeId> {
    let s = g.schema();
    if untyped(g) {
        return Err(Error::bad_request(format!(
            "this graph has no entity types (its entities are untyped), so there is no type \
             '{name}'; leave out 'type' to list every entity"
        )));
    }
    let name = name.trim();
    if let Some(id) = s.entity_type_id(name) {
        return Ok(id);
    }
    let key = normalize(name);
    if let Some((id, _)) = s.entity_types().find(|(_, t)| normalize(&t.id) == key) {
        return Ok(id);
    }
    // Types in use or declared, as `stats` lists them.
    let mut known: Vec<&str> = s
        .entity_types()
        .filter(|(id, t)| t.declared || !g.entities_of_type(*id).is_empty())
        .map(|(_, t)| &*t.id)
        .collect();
    known.sort_unstable();
    Err(Error::BadRequest {
        message: format!(
            "unknown entity type '{name}'; the types are {}",
            known.join(", ")
        ),
        suggestions: suggest::closest(name, known.iter().copied()),
    })
}

/// The entities of `q.kind` (every entity when `None`) whose name or an alias
/// begins with `q.prefix` (both as name keys: case, accents, `_` and spacing
/// folded), at most `q.limit` of them ([`DEFAULT_LIMIT`] when `None`).
///
/// Order: by name key, then name, then id; ids are unique, so the order is total
/// and a cut keeps the first of it. Each entity comes with its aliases and its
/// degree: how many relations touch it, either direction, parallel ones each
/// counted (as `stats` counts them).
///
/// # Errors
/// An unknown entity type (with suggestions and the list of types), a type on an
/// untyped graph, a `limit` of 0.
///
/// # Complexity
/// O(V + R) for the degrees of V entities and R relations, plus O(n log n) to
/// sort the n entities that match.
pub fn entities(g: &KnowledgeGraph, q: &EntitiesQuery) -> Result<EntitiesAnswer> {
    let limit = checked_limit(q.limit)?;
    let kind = q
        .kind
        .as_deref()
        .map(|k| entity_type_named(g, k))
        .transpose()?;
    let prefix = q.prefix.as_deref().map(normalize).filter(|p| !p.is_empty());
    let matches = |id: EntityId| match &prefix {
        None => true,
        Some(p) => {
            normalize(g.entity_name(id)).starts_with(p.as_str())
                || g.entity(id)
                    .aliases
                    .iter()
                    .any(|a| normalize(&a.text).starts_with(p.as_str()))
        }
    };
    let candidates: Vec<EntityId> = match kind {
        Some(t) => g.entities_of_type(t).to_vec(),
        None => g.entities().map(|(id, _)| id).collect(),
    };
    let mut keyed: Vec<(String, EntityId)> = candidates
        .into_iter()
        .filter(|&id| matches(id))
        .map(|id| (normalize(g.entity_name(id)), id))
        .collect();
    let total = keyed.len();
    let order = |a: &(String, EntityId), b: &(String, EntityId)| {
        a.0.cmp(&b.0)
            .then_with(|| g.entity_name(a.1).cmp(g.entity_name(b.1)))
            .then_with(|| g.entity_id(a.1).cmp(g.entity_id(b.1)))
    };
    if keyed.len() > limit {
        keyed.select_nth_unstable_by(limit, order);
        keyed.truncate(limit);
    }
    keyed.sort_by(order);
    let degree = super::stats::degrees(g);
    let listed: Vec<ListedEntity> = keyed
        .into_iter()
        .map(|(_, id)| ListedEntity {
            node: NodeOut::new(g, id),
            aliases: g
                .entity(id)
                .aliases
                .iter()
                .map(|a| a.text.to_string())
                .collect(),
            degree: degree[id.index()],
        })
        .collect();
    let truncated = total > limit;
    let reason = truncated.then(|| {
        let which = if limit == 1 {
            "the first by name is".to_string()
        } else {
            format!("the first {limit} by name are")
        };
        format!(
            "more than {limit} {}; {which} shown; raise 'limit' to see more",
            if limit == 1 { "entity" } else { "entities" }
        )
    });
    Ok(EntitiesAnswer {
        kind: kind.map(|t| g.schema().entity_type(t).id.to_string()),
        // A prefix that folds to nothing (`_`) keeps everything: it is none.
        prefix: prefix.as_ref().and(q.prefix.clone()),
        entities: listed,
        total,
        limit,
        truncated,
        reason,
        bound: truncated.then(|| "limit".to_string()),
    })
}

/// The last day a relation is known at: of its validity, else of its latest
/// evidence; `None` for a fact with no date at all (as `show` orders them).
fn last_day(g: &KnowledgeGraph, r: RelationId) -> Option<Date> {
    let r = g.relation(r);
    r.valid.map(|s| s.to.last_day()).or_else(|| {
        r.evidence()
            .iter()
            .filter_map(|ev| ev.date.map(Date::last_day))
            .max()
    })
}

/// The relations of `q.types` (every type when empty) that `q.filter`'s dates
/// allow, at most `q.limit` of them ([`DEFAULT_LIMIT`] when `None`).
///
/// Order (the order in which `show` keeps relations when it cuts): facts with no
/// date at all first, since they hold throughout; then dated ones by the last day
/// they are known at (of their validity, else of their latest evidence), latest
/// first; ties by the `from` entity's name and id, the type's label, the `to`
/// entity's name and id, and the relation's number. The order is total, and a
/// cut keeps the first of it: the most recent.
///
/// # Errors
/// An unknown relation type (with suggestions), a malformed date, a `limit` of 0.
///
/// # Complexity
/// O(R) to filter the R relations of the types asked (all relations when none
/// is), plus O(n log n) to order the n that pass, plus the evidence of the kept.
pub fn relations(g: &KnowledgeGraph, q: &RelationsQuery) -> Result<RelationsAnswer> {
    let limit = checked_limit(q.limit)?;
    let dates = Filter {
        at: q.filter.at.clone(),
        from_date: q.filter.from_date.clone(),
        to_date: q.filter.to_date.clone(),
        strict_dates: q.filter.strict_dates,
        ..Filter::default()
    };
    let filter = Filter {
        relations: q.types.clone(),
        ..dates.clone()
    };
    let c = Constraints::resolve(g, &filter)?;
    // The types asked, in schema order (`cameo:04` names a family of them).
    let types: Vec<crate::model::RelTypeId> = g
        .schema()
        .relation_types()
        .map(|(id, _)| id)
        .filter(|&t| c.type_allowed(t))
        .collect();
    let candidates: Vec<RelationId> = if q.types.is_empty() {
        g.relations().collect()
    } else {
        types
            .iter()
            .flat_map(|&t| g.relations_of_type(t).iter().copied())
            .collect()
    };
    let mut keyed: Vec<(Option<Date>, RelationId)> = candidates
        .into_iter()
        .filter(|&r| c.relation_id_allowed(g, r))
        .map(|r| (last_day(g, r), r))
        .collect();
    let total = keyed.len();
    let ends_order = |a: RelationId, b: RelationId| {
        let (fa, ta, xa) = g.relation_ends(a);
        let (fb, tb, xb) = g.relation_ends(b);
        let sa = g.schema().relation_type(ta).label();
        let sb = g.schema().relation_type(tb).label();
        (
            g.entity_name(fa),
            g.entity_id(fa),
            sa,
            g.entity_name(xa),
            g.entity_id(xa),
        )
            .cmp(&(
                g.entity_name(fb),
                g.entity_id(fb),
                sb,
                g.entity_name(xb),
                g.entity_id(xb),
            ))
            .then(a.index().cmp(&b.index()))
    };
    // Undated first (`None` is below every date, so compare reversed), then latest first.
    let order = |a: &(Option<Date>, RelationId), b: &(Option<Date>, RelationId)| match (a.0, b.0) {
        (None, None) => ends_order(a.1, b.1),
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(x), Some(y)) => y.cmp(&x).then_with(|| ends_order(a.1, b.1)),
    };
    if keyed.len() > limit {
        keyed.select_nth_unstable_by(limit, order);
        keyed.truncate(limit);
    }
    keyed.sort_by(order);
    let undated = keyed.iter().any(|k| k.0.is_none());
    let dated = keyed.iter().any(|k| k.0.is_some());
    let listed: Vec<EdgeOut> = keyed
        .iter()
        .map(|&(_, r)| EdgeOut::new(g, r, false))
        .collect();
    let mut seen = rustc_hash::FxHashSet::default();
    let mut ends: Vec<NodeOut> = Vec::new();
    for &(_, r) in &keyed {
        let (a, _, b) = g.relation_ends(r);
        for e in [a, b] {
            if seen.insert(e) {
                ends.push(NodeOut::new(g, e));
            }
        }
    }
    let truncated = total > limit;
    let reason =
        truncated.then(|| super::entity::cut_reason(limit, undated, dated, "by their ends' names"));
    let sources = super::answer::cited(g, listed.iter());
    Ok(RelationsAnswer {
        types: if q.types.is_empty() {
            Vec::new()
        } else {
            types
                .iter()
                .map(|&t| g.schema().relation_type(t).id.to_string())
                .collect()
        },
        relations: listed,
        entities: ends,
        total,
        limit,
        truncated,
        reason,
        bound: truncated.then(|| "limit".to_string()),
        filters: dates.describe(),
        sources,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_of_a_type_are_listed_by_name_and_cut_at_the_limit() {
        let g = crate::load::builtin();
        let all = entities(
            &g,
            &EntitiesQuery {
                kind: Some("Person".into()),
                ..EntitiesQuery::default()
            },
        )
        .unwrap();
        assert_eq!(all.kind.as_deref(), Some("person"));
        assert_eq!((all.total, all.truncated), (3, false));
        let names: Vec<&str> = all.entities.iter().map(|e| e.node.name.as_ref()).collect();
        let mut sorted = names.clone();
        sorted.sort_by_key(|n| normalize(n));
        assert_eq!(names, sorted);
        let cut = entities(
            &g,
            &EntitiesQuery {
                kind: Some("person".into()),
                limit: Some(1),
                ..EntitiesQuery::default()
            },
        )
        .unwrap();
        assert_eq!((cut.total, cut.entities.len(), cut.truncated), (3, 1, true));
        assert_eq!(&*cut.entities[0].node.name, names[0]);
        assert_eq!(cut.bound.as_deref(), Some("limit"));
    }

    #[test]
    fn an_unknown_entity_type_names_the_closest_and_the_types() {
        let g = crate::load::builtin();
        let q = EntitiesQuery {
            kind: Some("persn".into()),
            ..EntitiesQuery::default()
        };
        let e = entities(&g, &q).unwrap_err();
        assert!(
            e.to_string().starts_with("unknown entity type 'persn'"),
            "{e}"
        );
        assert!(e.to_string().contains("person"), "{e}");
    }

    #[test]
    fn relations_are_listed_most_recent_first_undated_first() {
        let g = crate::load::builtin();
        let a = relations(
            &g,
            &RelationsQuery {
                types: vec!["visits".into()],
                ..RelationsQuery::default()
            },
        )
        .unwrap();
        assert_eq!(a.types, ["visits"]);
        assert_eq!(a.total, 3);
        let days: Vec<Option<Date>> = a
            .relations
            .iter()
            .map(|e| {
                let n = RelationId::new(e.number.unwrap() as usize);
                last_day(&g, n)
            })
            .collect();
        let mut sorted = days.clone();
        sorted.sort_by(|a, b| match (a, b) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, Some(_)) => std::cmp::Ordering::Less,
            (Some(_), None) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => y.cmp(x),
        });
        assert_eq!(days, sorted);
    }
}
