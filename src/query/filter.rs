//! Filters shared by path and neighbourhood queries, and their resolution from
//! names to ids.
//!
//! A [`Filter`] is what a user wrote (names, dates as text); [`Constraints`] is the
//! same after resolution, ready for the inner loops: bitsets over relation and
//! entity types, a set of avoided nodes, a date window.

use rustc_hash::FxHashSet;
use serde::{Deserialize, Deserializer, Serialize};

use crate::date::Date;
use crate::error::{Error, Result};
use crate::model::{AdjEntry, EntityId, KnowledgeGraph, RelTypeId, RelationId};
use crate::suggest;

/// Which stored directions a traversal may follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Either way (the default): "how are these connected".
    #[default]
    Any,
    /// Along the stored direction only (symmetric relations always count).
    Out,
    /// Against the stored direction only (symmetric relations always count).
    In,
}

impl Direction {
    pub const NAMES: [&'static str; 3] = ["any", "out", "in"];

    pub fn from_name(s: &str) -> Option<Direction> {
        match s {
            "any" | "both" => Some(Direction::Any),
            "out" => Some(Direction::Out),
            "in" => Some(Direction::In),
            _ => None,
        }
    }

    fn is_any(&self) -> bool {
        *self == Direction::Any
    }
}

/// A list written either as a JSON array or as one comma-separated string.
fn string_list<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => split_list(&s),
        OneOrMany::Many(v) => v.iter().flat_map(|s| split_list(s)).collect(),
    })
}

/// One name or an array of names; names are never split (they may hold commas).
fn name_list<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// Splits "a, b,c" into its items.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Restrictions on what a traversal may use, as the user wrote them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Filter {
    #[serde(default, skip_serializing_if = "Direction::is_any")]
    pub direction: Direction,
    /// Only these relation types. Each item is a type's id or label (case- and
    /// accent-insensitive), `cameo:CODE`, or a comma-separated list of those; an item
    /// that names a type whole is taken whole, commas included (CAMEO labels such as
    /// "Reject, not specified below").
    #[serde(
        default,
        deserialize_with = "name_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub relations: Vec<String>,
    /// Never these relation types (items as in `relations`).
    #[serde(
        default,
        deserialize_with = "name_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub exclude_relations: Vec<String>,
    /// Entity types allowed as intermediate nodes (the ends are exempt).
    #[serde(
        default,
        deserialize_with = "string_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub via_types: Vec<String>,
    /// Entities that must not be used as intermediate nodes.
    #[serde(
        default,
        deserialize_with = "name_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub avoid: Vec<String>,
    /// Only relations that hold on this date (their validity: event date or span).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// Only relations that hold on or after this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_date: Option<String>,
    /// Only relations that hold on or before this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_date: Option<String>,
    /// Under a date filter, drop relations that have no validity too. Without it they
    /// are kept: a claim or a capital with no date is taken to hold throughout.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strict_dates: bool,
}

impl Filter {
    /// The restrictions in force, one phrase each ("at 2016-04", "relations claims,
    /// visits"), in the words of the JSON fields; empty when nothing is restricted.
    /// Answers carry it so that "no path" says what was filtered out.
    pub fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        match self.direction {
            Direction::Any => {}
            Direction::Out => out.push("direction out".to_string()),
            Direction::In => out.push("direction in".to_string()),
        }
        // Type lists read alike however they were written (an array, one string
        // with commas, a repeated option); names of entities are never split.
        for (field, items) in [
            ("relations", &self.relations),
            ("exclude_relations", &self.exclude_relations),
            ("via_types", &self.via_types),
        ] {
            let parts: Vec<String> = items.iter().flat_map(|i| split_list(i)).collect();
            if !parts.is_empty() {
                out.push(format!("{field} {}", parts.join(", ")));
            }
        }
        out.extend(self.avoid.iter().map(|a| format!("avoid {a}")));
        for (field, date) in [
            ("at", &self.at),
            ("from_date", &self.from_date),
            ("to_date", &self.to_date),
        ] {
            if let Some(d) = date {
                out.push(format!("{field} {d}"));
            }
        }
        if self.strict_dates {
            out.push("strict_dates".to_string());
        }
        out
    }

    /// Whether a date filter is set (then relations are judged by their validity).
    pub fn dated(&self) -> bool {
        self.at.is_some() || self.from_date.is_some() || self.to_date.is_some()
    }
}

/// A filter resolved against one graph.
#[derive(Debug, Clone)]
pub struct Constraints {
    pub direction: Direction,
    /// Per relation type: may it be used? `None` = all.
    relation_ok: Option<Vec<bool>>,
    /// Per relation type: symmetric? Only consulted for directed traversals.
    symmetric: Vec<bool>,
    /// Per entity type: may it be passed through? `None` = all.
    via_ok: Option<Vec<bool>>,
    avoid: FxHashSet<EntityId>,
    window: Option<(Option<Date>, Option<Date>)>,
    /// Under a window, whether relations with no validity are dropped.
    strict_dates: bool,
    /// True when nothing at all is restricted: the inner loops skip every check.
    open: bool,
}

fn parse_date(s: &str, field: &str) -> Result<Date> {
    s.parse::<Date>()
        .map_err(|e| Error::usage(format!("{field}: {e}")))
}

impl Constraints {
    /// No restriction at all, for any graph, without looking at it (the hot path
    /// of `path::distance`, which runs in microseconds).
    pub fn unrestricted() -> Self {
        Constraints {
            direction: Direction::Any,
            relation_ok: None,
            symmetric: Vec::new(),
            via_ok: None,
            avoid: FxHashSet::default(),
            window: None,
            strict_dates: false,
            open: true,
        }
    }

    /// No restriction at all.
    pub fn none(g: &KnowledgeGraph) -> Self {
        Constraints::resolve(g, &Filter::default()).expect("the empty filter resolves")
    }

    /// Resolves names in `f`; unknown types and entities are errors with suggestions.
    pub fn resolve(g: &KnowledgeGraph, f: &Filter) -> Result<Self> {
        let s = g.schema();
        let rel_count = s.relation_types().len();
        let mut relation_ok = None;
        if !f.relations.is_empty() {
            let mut ok = vec![false; rel_count];
            for item in &f.relations {
                for t in relation_types_named(g, item)? {
                    ok[t.0 as usize] = true;
                }
            }
            relation_ok = Some(ok);
        }
        if !f.exclude_relations.is_empty() {
            let mut ok = relation_ok.unwrap_or_else(|| vec![true; rel_count]);
            for item in &f.exclude_relations {
                for t in relation_types_named(g, item)? {
                    ok[t.0 as usize] = false;
                }
            }
            relation_ok = Some(ok);
        }
        let via_ok = if f.via_types.is_empty() {
            None
        } else {
            let mut ok = vec![false; s.entity_types().len()];
            for t in &f.via_types {
                let id = s.entity_type_id(t).ok_or_else(|| Error::BadRequest {
                    message: format!("unknown entity type '{t}'"),
                    suggestions: suggest::closest(t, s.entity_type_names()),
                })?;
                ok[id.0 as usize] = true;
            }
            Some(ok)
        };
        let avoid = f
            .avoid
            .iter()
            .map(|n| g.resolve(n))
            .collect::<Result<FxHashSet<_>>>()?;
        let mut from = f
            .from_date
            .as_deref()
            .map(|d| parse_date(d, "from_date"))
            .transpose()?;
        let mut to = f
            .to_date
            .as_deref()
            .map(|d| parse_date(d, "to_date"))
            .transpose()?;
        if let Some(at) = f.at.as_deref() {
            if from.is_some() || to.is_some() {
                return Err(Error::usage(
                    "give either 'at' or 'from_date'/'to_date', not both",
                ));
            }
            let d = parse_date(at, "at")?;
            (from, to) = (Some(d), Some(d));
        }
        if let (Some(a), Some(b)) = (from, to) {
            if a.first_day() > b.last_day() {
                return Err(Error::usage(format!("from_date {a} is after to_date {b}")));
            }
        }
        let window = (from.is_some() || to.is_some()).then_some((from, to));
        let symmetric = s.relation_types().map(|(_, t)| t.symmetric).collect();
        let open = f.direction == Direction::Any
            && relation_ok.is_none()
            && via_ok.is_none()
            && avoid.is_empty()
            && window.is_none();
        Ok(Constraints {
            direction: f.direction,
            relation_ok,
            symmetric,
            via_ok,
            avoid,
            window,
            strict_dates: f.strict_dates,
            open,
        })
    }

    /// Whether the relation behind `e` may be used at all (type and date).
    #[inline]
    pub fn relation_allowed(&self, g: &KnowledgeGraph, e: AdjEntry) -> bool {
        self.relation_id_allowed(g, e.relation())
    }

    /// Whether relation `r` may be used at all (type and date): what
    /// [`relation_allowed`](Self::relation_allowed) asks, for a listing that
    /// reads relations from the store rather than the traversal index.
    #[inline]
    pub fn relation_id_allowed(&self, g: &KnowledgeGraph, r: RelationId) -> bool {
        if self.open {
            return true;
        }
        if !self.type_allowed(g.relation_type_of(r)) {
            return false;
        }
        match self.window {
            None => true,
            Some((from, to)) => g.relation(r).holds_within(from, to, self.strict_dates),
        }
    }

    /// Whether relations of type `t` may be used (their type alone, dates aside).
    #[inline]
    pub fn type_allowed(&self, t: RelTypeId) -> bool {
        self.relation_ok.as_ref().is_none_or(|ok| ok[t.0 as usize])
    }

    /// Whether `e` may be stepped along from the node it is listed under. `forward`
    /// is false for the backward half of a bidirectional search.
    #[inline]
    pub fn step_allowed(&self, g: &KnowledgeGraph, e: AdjEntry, forward: bool) -> bool {
        if self.open {
            return true;
        }
        let direction_ok = match self.direction {
            Direction::Any => true,
            Direction::Out | Direction::In => {
                let want_out = (self.direction == Direction::Out) == forward;
                e.outgoing() == want_out
                    || self.symmetric[g.relation_type_of(e.relation()).0 as usize]
            }
        };
        direction_ok && self.relation_allowed(g, e)
    }

    /// Whether a path or neighbourhood may pass through `node` (not an end).
    #[inline]
    pub fn passable(&self, g: &KnowledgeGraph, node: EntityId) -> bool {
        if self.open {
            return true;
        }
        if !self.avoid.is_empty() && self.avoid.contains(&node) {
            return false;
        }
        match &self.via_ok {
            None => true,
            Some(ok) => ok[g.entity_type_of(node).0 as usize],
        }
    }

    /// True when no filter restricts anything.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Whether `node` may appear at all (avoided entities may not).
    #[inline]
    pub fn admissible(&self, node: EntityId) -> bool {
        self.avoid.is_empty() || !self.avoid.contains(&node)
    }
}

/// The relation types one `relations` item names.
///
/// In order: the item as a type's id, exactly; `cameo:CODE`, every type whose CAMEO
/// code is CODE or below it; the item's name key (case, accents, `_` and spacing
/// folded) against every type's id and label; then, if the item holds commas, each
/// comma-separated part by the same rules. So "Reject, not specified below" names
/// that ICEWS type whole, and "claims,visits" two types.
///
/// # Errors
/// An item or part that names no type, with the closest type names.
///
/// # Complexity
/// O(relation types) per item.
fn relation_types_named(g: &KnowledgeGraph, item: &str) -> Result<Vec<RelTypeId>> {
    if let Some(one) = relation_type_named(g, item)? {
        return Ok(one);
    }
    if item.contains(',') {
        let mut out = Vec::new();
        for part in split_list(item) {
            match relation_type_named(g, &part)? {
                Some(ts) => out.extend(ts),
                None => return Err(unknown_relation_type(g, &part)),
            }
        }
        if !out.is_empty() {
            return Ok(out);
        }
    }
    Err(unknown_relation_type(g, item.trim()))
}

/// The types `name` names whole, or `None`; an empty `cameo:` family is an error.
fn relation_type_named(g: &KnowledgeGraph, name: &str) -> Result<Option<Vec<RelTypeId>>> {
    let s = g.schema();
    let name = name.trim();
    if let Some(t) = s.relation_type_id(name) {
        return Ok(Some(vec![t]));
    }
    if let Some(code) = cameo_code(name)? {
        let found: Vec<RelTypeId> = s
            .relation_types()
            .filter(|(_, t)| {
                t.codes
                    .get("cameo")
                    .map(String::as_str)
                    .or_else(|| super::cameo::code_of(&t.id))
                    .is_some_and(|c| super::cameo::matches(code, c))
            })
            .map(|(id, _)| id)
            .collect();
        if found.is_empty() {
            let what = super::cameo::name_of(code)
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            return Err(Error::bad_request(format!(
                "no relation type of this graph has CAMEO code {code}{what} or a code under it"
            )));
        }
        return Ok(Some(found));
    }
    let key = crate::normalize::normalize(name);
    if key.is_empty() {
        return Ok(None);
    }
    let found: Vec<RelTypeId> = s
        .relation_types()
        .filter(|(_, t)| {
            crate::normalize::normalize(&t.id) == key
                || crate::normalize::normalize(&t.label()) == key
        })
        .map(|(id, _)| id)
        .collect();
    Ok((!found.is_empty()).then_some(found))
}

/// The code of a `cameo:CODE` item, `None` for any other item.
///
/// # Errors
/// `cameo:` followed by anything but digits.
fn cameo_code(item: &str) -> Result<Option<&str>> {
    let Some(code) = super::cameo::scheme(item).map(str::trim) else {
        return Ok(None);
    };
    if super::cameo::is_code(code) {
        Ok(Some(code))
    } else {
        Err(Error::bad_request(format!(
            "'{item}' is no CAMEO code: write cameo: and the code's 2 to 4 digits (cameo:042, or cameo:04 for the family)"
        )))
    }
}

fn unknown_relation_type(g: &KnowledgeGraph, name: &str) -> Error {
    let s = g.schema();
    Error::BadRequest {
        message: format!("unknown relation type '{name}'"),
        suggestions: suggest::closest(name, s.relation_type_names()),
    }
}
