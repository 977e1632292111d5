//! The answers queries return, as serde types: the JSON Lines contract
//! (`docs/json.md`) and the input of every text and DOT renderer.
//!
//! Field names here are a published contract: add fields freely, rename none.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::filter::Direction;
use crate::model::{EntityId, KnowledgeGraph, RelationId};

/// Text of an answer, shared: one entity's id, one type's label or one
/// source's id, repeated on thousands of relations of a neighbourhood, is
/// allocated once per answer and counted, not copied, on each.
pub type Text = std::sync::Arc<str>;

/// An entity field the request's `fields` left out (entities always have an
/// id, a name and a type, none of them empty).
fn left_out(t: &Text) -> bool {
    t.is_empty()
}

fn is_any(d: &Direction) -> bool {
    *d == Direction::Any
}

/// An entity as answers show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeOut {
    /// Empty (and not written) only when the request's `fields` leave it out;
    /// so are `name` and `type`.
    #[serde(default, skip_serializing_if = "left_out")]
    pub id: Text,
    #[serde(default, skip_serializing_if = "left_out")]
    pub name: Text,
    #[serde(rename = "type", default, skip_serializing_if = "left_out")]
    pub kind: Text,
    /// True when `type` is only the placeholder an import gives every entity of
    /// a dataset that names no types (FB15k-237's and ICEWS's "entity"): text
    /// answers then print no type, which would say nothing.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub untyped: bool,
}

impl NodeOut {
    pub fn new(g: &KnowledgeGraph, id: EntityId) -> Self {
        let e = g.entity(id);
        let t = g.schema().entity_type(e.kind);
        NodeOut {
            id: e.id.into(),
            name: e.name.into(),
            kind: Text::from(&*t.id),
            untyped: !t.declared && &*t.id == crate::model::schema::DEFAULT_ENTITY_TYPE,
        }
    }
}

/// One evidence item of a relation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceOut {
    pub source: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub background: bool,
}

/// A relation as an answer shows it: stored direction (`from`, `to`), type, how it
/// reads in the answer's direction (`label`), and its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EdgeOut {
    pub from: Text,
    pub to: Text,
    #[serde(rename = "type")]
    pub kind: Text,
    /// The relation read in the direction the answer walks it: the type's label
    /// forwards, its inverse label backwards ("visited by"). A type with no
    /// inverse keeps its own label backwards: with `reversed` true and no
    /// `inverse`, it reads from the other end (`←Consult—`).
    pub label: Text,
    /// True when the answer walks this relation against its stored direction.
    #[serde(default)]
    pub reversed: bool,
    /// How the relation reads against its stored direction ("visited by"), when
    /// the type declares it; absent for symmetric types and dataset types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inverse: Option<Text>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub symmetric: bool,
    pub evidence: Vec<EvidenceOut>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The relation's number in this graph (stable while a session lasts), for
    /// `add evidence --relation N`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
}

impl EdgeOut {
    /// Whether the answer walks this relation backwards and its type has no
    /// inverse label: then it reads from the other end (`←Consult—`), never
    /// with a label read backwards.
    pub fn from_other_end(&self) -> bool {
        self.reversed && !self.symmetric && self.inverse.is_none()
    }

    /// The relation as an arrow read the way the answer walks it: `—claims→`,
    /// `—claimed by→` (a declared inverse), `←Consult—` (against a type with no
    /// inverse label: the next entity is the subject), `—partners with—`.
    pub fn arrow(&self) -> String {
        if self.symmetric {
            format!("—{}—", self.label)
        } else if self.from_other_end() {
            format!("←{}—", self.label)
        } else {
            format!("—{}→", self.label)
        }
    }

    /// `rel` as walked from `from_side`: reversed when `from_side` is its stored head.
    pub fn new(g: &KnowledgeGraph, rel: RelationId, reversed: bool) -> Self {
        EdgeMaker::default().edge(g, rel, reversed)
    }
}

/// What every relation of one type shows alike, worked out once per answer.
#[derive(Debug, Clone)]
struct TypeShown {
    kind: Text,
    label: Text,
    backward: Text,
    inverse: Option<Text>,
    symmetric: bool,
}

/// Builds the [`EdgeOut`]s of one answer, working out once per answer what a
/// relation type shows (its id, its labels both ways), each source's id and
/// each entity's id: a neighbourhood answer holds up to 10,000 relations of a
/// few dozen types among 1,001 entities, and each of those strings is shared
/// ([`Text`]) by every relation that shows it rather than copied onto each.
#[derive(Debug, Default)]
pub struct EdgeMaker {
    types: Vec<Option<TypeShown>>,
    sources: Vec<Option<Text>>,
    ids: rustc_hash::FxHashMap<u32, Text>,
    /// Leave `evidence` empty (`--no-evidence`).
    no_evidence: bool,
}

impl EdgeMaker {
    /// A maker that gives each relation its evidence, or (`false`, for
    /// `--no-evidence`) none, without reading it.
    pub fn with_evidence(evidence: bool) -> Self {
        EdgeMaker {
            no_evidence: !evidence,
            ..EdgeMaker::default()
        }
    }

    /// `rel` as an answer shows it, `reversed` when walked against its stored
    /// direction (the same value as [`EdgeOut::new`]).
    pub fn edge(&mut self, g: &KnowledgeGraph, rel: RelationId, reversed: bool) -> EdgeOut {
        let (a, _, b) = g.relation_ends(rel);
        let mut id = |e: EntityId| {
            self.ids
                .entry(e.index() as u32)
                .or_insert_with(|| g.entity_id(e).into())
                .clone()
        };
        let (from, to) = (id(a), id(b));
        self.edge_between(g, rel, reversed, from, to)
    }

    /// [`EdgeMaker::edge`] given the ids of its stored ends (`from`, `to`), as
    /// an answer that already holds them (a neighbourhood's entities) passes them.
    pub fn edge_between(
        &mut self,
        g: &KnowledgeGraph,
        rel: RelationId,
        reversed: bool,
        from: Text,
        to: Text,
    ) -> EdgeOut {
        let kind = g.relation_type_of(rel);
        let slot = kind.0 as usize;
        if self.types.len() <= slot {
            self.types.resize(slot + 1, None);
        }
        let t = self.types[slot].get_or_insert_with(|| {
            let rt = g.schema().relation_type(kind);
            let label = Text::from(rt.label());
            let backward = rt.backward_label().map(Text::from);
            TypeShown {
                kind: Text::from(&*rt.id),
                backward: backward.clone().unwrap_or_else(|| label.clone()),
                inverse: if rt.symmetric { None } else { backward },
                label,
                symmetric: rt.symmetric,
            }
        });
        let r = g.relation(rel);
        let detail = r.detail.as_deref();
        let evidence = if self.no_evidence || r.evidence().is_empty() {
            Vec::new()
        } else {
            let sources = &mut self.sources;
            r.evidence()
                .iter()
                .map(|e| {
                    let s = g.source(e.source);
                    let slot = e.source.0 as usize;
                    if sources.len() <= slot {
                        sources.resize(slot + 1, None);
                    }
                    EvidenceOut {
                        source: sources[slot].get_or_insert_with(|| (&*s.id).into()).clone(),
                        quote: e.quote.clone(),
                        date: e.date.map(|d| d.to_string()),
                        background: s.background,
                    }
                })
                .collect()
        };
        EdgeOut {
            from,
            to,
            kind: t.kind.clone(),
            label: if reversed {
                t.backward.clone()
            } else {
                t.label.clone()
            },
            reversed,
            inverse: t.inverse.clone(),
            symmetric: t.symmetric,
            evidence,
            valid: r.valid.map(|v| v.to_string()),
            confidence: detail.and_then(|d| d.confidence),
            id: detail.and_then(|d| d.id.as_deref().map(str::to_string)),
            number: Some(rel.index() as u32),
        }
    }
}

/// Builds the [`NodeOut`]s of one answer, reading each entity type's id and
/// whether it is a placeholder once per type.
#[derive(Debug, Default)]
pub struct NodeMaker {
    types: Vec<Option<(Text, bool)>>,
    /// The fields left out (`--fields`), shown as this empty text.
    blank: Option<Text>,
    fields: Option<super::fields::Fields>,
}

impl NodeMaker {
    /// A maker of entities that show only the entity fields of `fields`.
    pub fn shaped(fields: super::fields::Fields) -> Self {
        NodeMaker {
            blank: (!fields.is_all()).then(|| Text::from("")),
            fields: Some(fields),
            ..NodeMaker::default()
        }
    }

    /// `id` as an answer shows it (the same value as [`NodeOut::new`]).
    pub fn node(&mut self, g: &KnowledgeGraph, id: EntityId) -> NodeOut {
        let kind = g.entity_type_of(id);
        let slot = kind.0 as usize;
        if self.types.len() <= slot {
            self.types.resize(slot + 1, None);
        }
        let (kind, untyped) = self.types[slot].get_or_insert_with(|| {
            let t = g.schema().entity_type(kind);
            (
                Text::from(&*t.id),
                !t.declared && &*t.id == crate::model::schema::DEFAULT_ENTITY_TYPE,
            )
        });
        let f = self.fields.unwrap_or(super::fields::Fields::ALL);
        let blank = || self.blank.clone().unwrap_or_default();
        // A field the request leaves out is not built.
        let shown = if f.id {
            Text::from(g.entity_id(id))
        } else {
            blank()
        };
        let name = if f.name {
            // Imported triples name an entity by its id: then one string serves both.
            let name = g.entity_name(id);
            if f.id && name == &*shown {
                shown.clone()
            } else {
                name.into()
            }
        } else {
            blank()
        };
        NodeOut {
            id: shown,
            name,
            kind: if f.kind { kind.clone() } else { blank() },
            untyped: f.kind && *untyped,
        }
    }
}

impl EdgeOut {
    /// Whether `self` and `other` are the same relation, perhaps walked different ways.
    pub fn same_relation(&self, other: &EdgeOut) -> bool {
        self.from == other.from
            && self.to == other.to
            && self.kind == other.kind
            && self.evidence == other.evidence
            && self.valid == other.valid
            && self.confidence == other.confidence
            && self.id == other.id
    }
}

/// The relations of an answer met so far, each once: what drawings and
/// exports use to list a relation that several paths or rows share once.
///
/// A relation numbered by its graph ([`EdgeOut::number`], as every answer
/// kg writes gives it) is looked up by number, in O(1); one without (an
/// answer read from JSON written before numbers) is compared with those met
/// without one, in O(those). A pattern answer's rows can hold 100,000
/// relations, and comparing each with all the others would take minutes.
#[derive(Debug, Default)]
pub struct RelationsMet<'a> {
    numbered: std::collections::HashSet<(&'a str, &'a str, &'a str, u32)>,
    unnumbered: Vec<&'a EdgeOut>,
}

impl<'a> RelationsMet<'a> {
    /// Notes `e`; true when it was not met before.
    pub fn first(&mut self, e: &'a EdgeOut) -> bool {
        match e.number {
            Some(n) => self.numbered.insert((&e.from, &e.to, &e.kind, n)),
            None if self.unnumbered.iter().any(|u| u.same_relation(e)) => false,
            None => {
                self.unnumbered.push(e);
                true
            }
        }
    }
}

/// A document an answer cites, listed once per answer (a footnote): its
/// publisher and title say more than the id on each evidence item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceOut {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl SourceOut {
    /// Its publisher, “title”, date and address, as far as known.
    pub fn about(&self) -> String {
        let mut about = self.publisher.clone().unwrap_or_default();
        if let Some(t) = &self.title {
            if !about.is_empty() {
                about.push_str(": ");
            }
            about.push_str(&format!("“{t}”"));
        }
        for extra in [&self.date, &self.url].into_iter().flatten() {
            if !about.is_empty() {
                about.push_str(", ");
            }
            about.push_str(extra);
        }
        about
    }
}

/// The documents the evidence of `edges` cites, in order of first citation;
/// background knowledge is no document and is left out.
///
/// # Complexity
/// O(evidence items of `edges`).
pub fn cited<'a>(
    g: &KnowledgeGraph,
    edges: impl IntoIterator<Item = &'a EdgeOut>,
) -> Vec<SourceOut> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for e in edges {
        for ev in &e.evidence {
            if ev.background || !seen.insert(&*ev.source) {
                continue;
            }
            let Some(s) = g.source_id(&ev.source).map(|s| g.source(s)) else {
                continue;
            };
            out.push(SourceOut {
                id: s.id.to_string(),
                title: s.title.clone(),
                publisher: s.publisher.clone(),
                date: s.date.map(|d| d.to_string()),
                url: s.url.clone(),
            });
        }
    }
    out
}

/// A route: `nodes[i]` and `nodes[i+1]` are tied by every relation of `hops[i]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathOut {
    /// Hops (relations walked in a row), `nodes.len() - 1`.
    pub length: usize,
    pub nodes: Vec<NodeOut>,
    /// The first relation of each hop, so `nodes[i]` —`edges[i]`→ `nodes[i+1]`
    /// still reads for programs written before hops were folded.
    pub edges: Vec<EdgeOut>,
    /// Per hop, every relation the filters allow between its two entities.
    #[serde(default)]
    pub hops: Vec<HopOut>,
}

/// One hop of a route: the relations in parallel between two consecutive entities,
/// in the order of `query::path::relation_order` (undated first, then by date).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HopOut {
    pub relations: Vec<EdgeOut>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathAnswer {
    pub from: NodeOut,
    pub to: NodeOut,
    pub paths: Vec<PathOut>,
    pub truncated: bool,
    /// Why the answer was cut short, when `truncated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The request field that would show more, when a bound cut the answer ("limit").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<String>,
    /// How many routes answer the question in all, when known (`all` counts the
    /// shortest routes even when `limit` lists fewer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// The bounds the query ran with, defaults included.
    pub limit: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_len: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_len: Option<usize>,
    /// The filters in force (`Filter::describe`): an empty answer says what it excluded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<String>,
    /// The documents the paths' evidence cites.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceOut>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeAt {
    #[serde(flatten)]
    pub node: NodeOut,
    pub distance: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeighboursAnswer {
    pub center: NodeOut,
    pub depth: usize,
    /// The stored direction the neighbourhood was walked in (absent: either way).
    /// Each entity was reached from the level before along a relation read this
    /// way; text headings name only those.
    #[serde(default, skip_serializing_if = "is_any")]
    pub direction: Direction,
    /// Entities within `depth` hops, the center excluded, by distance then name.
    pub nodes: Vec<NodeAt>,
    /// Relations among the center and `nodes` that the filters allow.
    pub edges: Vec<EdgeOut>,
    pub truncated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The field of the option that would show more (`"limit"`), when a bound cut it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<String>,
    pub limit: usize,
    /// The filters in force (`Filter::describe`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<String>,
    /// The documents the relations' evidence cites.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceOut>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AliasOut {
    pub alias: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defined_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityOut {
    #[serde(flatten)]
    pub node: NodeOut,
    pub aliases: Vec<AliasOut>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defined_at: Option<String>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub attributes: Map<String, Value>,
}

/// A relation seen from the entity being shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentOut {
    /// `out` when the entity is the stored `from`, `in` otherwise.
    pub direction: String,
    pub other: NodeOut,
    #[serde(flatten)]
    pub edge: EdgeOut,
}

/// An entity and its relations, as many as the filters allow and the `limit` keeps.
///
/// Which relations a cut keeps is the query's documented choice (see
/// `query::entity::show`): the most recent, facts with no date first (they hold
/// throughout), then by the last day each is known at, latest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityAnswer {
    /// Boxed: an answer is moved about whole, and this is its largest part.
    pub entity: Box<EntityOut>,
    /// Relations in both directions, grouped by how they read from the entity
    /// (forwards and symmetric, then backwards), by label, then ordered by the
    /// other end's name and id.
    pub relations: Vec<IncidentOut>,
    /// How many relations the filters allow, `relations` being the first `limit`.
    #[serde(default)]
    pub total: usize,
    /// The bound the query ran with, default included.
    #[serde(default)]
    pub limit: usize,
    /// True when `limit` cut the relations (`total` > `limit`).
    #[serde(default)]
    pub truncated: bool,
    /// Why the answer was cut short, and which relations were kept, when `truncated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The field of the option that would show more (`"limit"`), when `truncated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<String>,
    /// Each group of `relations` (label and reading direction) with how many of it
    /// are shown and how many the filters allow, in the order of `relations`; then
    /// the groups a cut left empty (`shown` 0).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupOut>,
    /// The filters in force (`Filter::describe`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<String>,
    /// The documents the relations' evidence cites.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceOut>,
}

/// One group of an entity's relations: one label, read one way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupOut {
    pub label: String,
    /// True when the group reads against the stored direction (`edge.reversed`
    /// of a directed type).
    pub reversed: bool,
    /// Reversed, and its type has no inverse label: it reads from the other end
    /// (text heads it `←Consult—`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub from_other_end: bool,
    pub shown: usize,
    pub total: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeCount {
    #[serde(rename = "type")]
    pub kind: String,
    pub count: usize,
    /// False for types created by an import rather than declared in a schema.
    pub declared: bool,
}

/// The first and last day a graph's relations hold on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateRange {
    pub first: String,
    pub last: String,
}

/// An entity and how many relations touch it, either direction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DegreeOut {
    #[serde(flatten)]
    pub node: NodeOut,
    pub degree: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatsAnswer {
    pub entities: usize,
    pub relations: usize,
    pub sources: usize,
    pub entity_types: Vec<TypeCount>,
    pub relation_types: Vec<TypeCount>,
    /// For a temporal graph (one with relations that have a validity): the
    /// first and last day any of them holds on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dates: Option<DateRange>,
    /// For a temporal graph: the entities with the most relations, most first
    /// (ties by name, then id), at most ten.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub top_entities: Vec<DegreeOut>,
}

/// An entity as a listing shows it: with its aliases and its degree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListedEntity {
    #[serde(flatten)]
    pub node: NodeOut,
    /// Every alias, in the order of the graph's file.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// How many relations touch it, either direction (parallel ones each counted).
    pub degree: usize,
}

/// The entities of a type (`entities --type person`), a page of them.
///
/// Ordered by name (case- and accent-insensitive), then name as written, then
/// id; a cut keeps the first `limit` of that order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntitiesAnswer {
    /// The entity type listed (its id), absent when every type is.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The name prefix asked for, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    pub entities: Vec<ListedEntity>,
    /// How many entities match in all, `entities` being the first `limit`.
    pub total: usize,
    /// The bound the query ran with, default included.
    pub limit: usize,
    /// True when `limit` cut the list (`total` > `limit`).
    pub truncated: bool,
    /// Why the list was cut short, and which entities were kept, when `truncated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The field of the option that would show more (`"limit"`), when `truncated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<String>,
}

/// The relations of a type (`relations --type visits`), a page of them.
///
/// Ordered as `show` keeps relations when it cuts: undated facts first, then by
/// the last day each is known at, latest first; ties by the `from` entity's name
/// and id, the label, the `to` entity's name and id, the relation's number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationsAnswer {
    /// The relation types listed (their ids, in schema order): those the `type`
    /// items named; empty when every type is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// The relations, in their stored direction (`reversed` is false).
    pub relations: Vec<EdgeOut>,
    /// The entities at their ends, each once, in order of first appearance.
    pub entities: Vec<NodeOut>,
    /// How many relations the types and dates allow in all.
    pub total: usize,
    /// The bound the query ran with, default included.
    pub limit: usize,
    /// True when `limit` cut the list (`total` > `limit`).
    pub truncated: bool,
    /// Why the list was cut short, and which relations were kept, when `truncated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The field of the option that would show more (`"limit"`), when `truncated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<String>,
    /// The date filters in force (`Filter::describe`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<String>,
    /// The documents the relations' evidence cites.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceOut>,
}

/// A pattern answer as the front ends hold it: the engine's [`MatchAnswer`],
/// and the entities its rows' relations touch. A relation names its ends by id
/// only; reading it under a row (`Sergei Lavrov —foreign minister of→
/// Russia`) and drawing it need their names and types, and the renderers have
/// no graph to look them up in (the REPL's `dot FILE` draws a kept answer).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchOut {
    #[serde(flatten)]
    pub answer: MatchAnswer,
    /// The entities of the rows: those the cells hold, then the ends of the
    /// rows' relations, each once, in order of first appearance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<NodeOut>,
}

/// Read by hand rather than with `flatten`: serde buffers a flattened struct,
/// and with serde_json's `arbitrary_precision` a buffered number is a map that
/// no `f64` (a confidence) accepts. A [`Value`] reads such numbers, and the
/// answer is then read from it.
impl<'de> Deserialize<'de> for MatchOut {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let mut whole = Value::deserialize(d)?;
        let entities = match whole.as_object_mut().and_then(|o| o.remove("entities")) {
            Some(e) => serde_json::from_value(e).map_err(D::Error::custom)?,
            None => Vec::new(),
        };
        let answer = serde_json::from_value(whole).map_err(D::Error::custom)?;
        Ok(MatchOut { answer, entities })
    }
}

impl MatchOut {
    /// `answer` with the entities of its rows, looked up in `g`.
    ///
    /// # Complexity
    /// O(cells + relations of the rows), each end looked up once by id.
    pub fn new(g: &KnowledgeGraph, answer: MatchAnswer) -> Self {
        let mut seen = std::collections::HashSet::new();
        let mut entities = Vec::new();
        fn cells<'a>(row: &'a [Cell], out: &mut Vec<&'a NodeOut>) {
            for c in row {
                match c {
                    Cell::Entity(n) => out.push(n),
                    Cell::List(items) => cells(items, out),
                    Cell::Relation(_) | Cell::Value(_) => {}
                }
            }
        }
        let mut held = Vec::new();
        for row in &answer.rows {
            cells(row, &mut held);
        }
        for n in held {
            if seen.insert(n.id.clone()) {
                entities.push(n.clone());
            }
        }
        for e in answer.relations.iter().flatten() {
            for end in [&e.from, &e.to] {
                if seen.contains(end.as_ref()) {
                    continue;
                }
                if let Some(id) = g.entity_by_id(end) {
                    seen.insert(end.clone());
                    entities.push(NodeOut::new(g, id));
                }
            }
        }
        MatchOut { answer, entities }
    }

    /// The rows alone (`--no-evidence`): no relations under them, no sources,
    /// and only the entities the cells hold.
    pub fn without_evidence(mut self) -> Self {
        for r in &mut self.answer.relations {
            r.clear();
        }
        self.answer.sources.clear();
        let mut held = std::collections::HashSet::new();
        fn ids(row: &[Cell], out: &mut std::collections::HashSet<String>) {
            for c in row {
                match c {
                    Cell::Entity(n) => {
                        out.insert(n.id.to_string());
                    }
                    Cell::List(items) => ids(items, out),
                    Cell::Relation(_) | Cell::Value(_) => {}
                }
            }
        }
        for row in &self.answer.rows {
            ids(row, &mut held);
        }
        self.entities.retain(|n| held.contains(&*n.id));
        self
    }
}

/// What any query returns.
///
/// Untagged: a JSON answer is read back by its fields, so each variant has
/// fields the ones before it lack (`Relations` before `Entities`: a relations
/// answer's `entities` lack the `degree` every listed entity has).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    /// First: only a pattern answer has `columns` and `rows`, and trying it
    /// first costs the others one missing field.
    Match(MatchOut),
    Path(PathAnswer),
    Neighbours(NeighboursAnswer),
    Entity(EntityAnswer),
    Stats(StatsAnswer),
    Relations(RelationsAnswer),
    Entities(EntitiesAnswer),
}

/// A relation as a value of a pattern answer's row (`RETURN r`): what it is,
/// not why it holds; the row's `relations` carry the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationValue {
    /// The relation's id, where the graph file gave it one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    /// The entity ids of its stored ends.
    pub from: String,
    pub to: String,
}

/// One value of a pattern answer's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Cell {
    /// An entity: always its `id`, `name` and `type`.
    Entity(NodeOut),
    Relation(RelationValue),
    /// A list holding entities or relations (a variable-length pattern's
    /// relations); lists of plain values are [`Cell::Value`]s.
    List(Vec<Cell>),
    /// Anything else, as JSON: `null`, booleans, numbers (integers stay
    /// integers), strings, lists of them, attribute values as stored.
    Value(Value),
}

/// The answer of `kg match`: a table, and under each row the relations that
/// row matched, with their evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchAnswer {
    /// Column names, as Cypher names them: the alias, else the expression as written.
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Per row (same index), the relations its match used, each once, in the
    /// order the pattern walks them, with evidence.
    pub relations: Vec<Vec<EdgeOut>>,
    /// True when there were more rows than `limit` (or the time budget or
    /// Ctrl-C stopped the search).
    pub truncated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The most rows the answer lists.
    pub limit: usize,
    /// What the engine assumed that the query did not say (the bound an open
    /// variable-length pattern ran with), and names or types it did not know,
    /// with suggestions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The documents the rows' evidence cites, once each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceOut>,
    /// With `explain`: the plan, one step a line, and no rows (the query is not run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Vec<String>>,
}
