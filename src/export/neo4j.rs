//! The graph as Neo4j bulk-import CSV (`kg export --format neo4j-csv -o DIR`):
//! `DIR/nodes.csv` and `DIR/relationships.csv`, with the header syntax that
//! `neo4j-admin database import full` reads (`docs/export.md`, `docs/scale-out.md`):
//!
//! ```text
//! id:ID,:LABEL,name,type,aliases:string[],attributes
//! :START_ID,:END_ID,:TYPE,label,inverse,symmetric:boolean,evidence,valid,confidence:double,relation_id,attributes
//! ```
//!
//! Every node has the labels `Entity` and its entity type; arrays use the
//! importer's default delimiter `;`. Empty fields are absent properties. Fields are
//! quoted the RFC 4180 way (`""` inside quotes), which is the importer's default.
//!
//! No field holds a control character other than tab, newline and carriage
//! return (which quoting carries): NUL and the other C0 controls, and DEL, are
//! written as their Unicode control pictures (U+0000 as ␀, DEL as ␡), as in DOT.
//! An id holding one gets a stand-in that no other id has (`a␀`, or `a␀~2`
//! when `a␀` is taken), so distinct entities stay distinct nodes.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::model::{EntityId, KnowledgeGraph};

use super::{evidence_json, picture, sorted_entities, sorted_relations, stand_in_ids};

/// The header of `nodes.csv`.
pub const NODES_HEADER: [&str; 6] = [
    "id:ID",
    ":LABEL",
    "name",
    "type",
    "aliases:string[]",
    "attributes",
];

/// The header of `relationships.csv`.
pub const RELATIONSHIPS_HEADER: [&str; 11] = [
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "label",
    "inverse",
    "symmetric:boolean",
    "evidence",
    "valid",
    "confidence:double",
    "relation_id",
    "attributes",
];

/// The file names written into the output folder.
pub const NODES_FILE: &str = "nodes.csv";
pub const RELATIONSHIPS_FILE: &str = "relationships.csv";

/// The importer's array delimiter, and what stands for it inside a value.
const ARRAY_DELIMITER: char = ';';
const DELIMITER_STANDIN: char = ',';

fn writer(w: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w)
}

fn csv_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// A value of an array field: the delimiter inside it replaced, so it stays one element.
fn element(s: &str) -> String {
    s.replace(ARRAY_DELIMITER, &DELIMITER_STANDIN.to_string())
}

/// Control characters that CSV quoting does not carry.
fn unwritable(c: char) -> bool {
    (c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}'
}

/// `s` with every [`unwritable`] character drawn as its picture.
fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().any(unwritable) {
        Cow::Owned(
            s.chars()
                .map(|c| if unwritable(c) { picture(c) } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// Writes one row, every field cleaned.
fn row<const N: usize>(out: &mut csv::Writer<&mut dyn Write>, fields: [&str; N]) -> io::Result<()> {
    out.write_record(fields.map(clean).iter().map(|f| f.as_bytes()))
        .map_err(csv_error)
}

/// The node id of each entity: its own, or a stand-in when it holds an
/// [`unwritable`] character.
struct NodeIds(rustc_hash::FxHashMap<EntityId, String>);

impl NodeIds {
    fn of(g: &KnowledgeGraph) -> Self {
        NodeIds(stand_in_ids(g, &sorted_entities(g), unwritable))
    }

    fn get<'g>(&'g self, g: &'g KnowledgeGraph, id: EntityId) -> &'g str {
        self.0.get(&id).map_or(g.entity(id).id, String::as_str)
    }
}

/// Writes `nodes.csv`: one row per entity, sorted by id.
pub fn write_nodes(w: &mut dyn Write, g: &KnowledgeGraph) -> io::Result<()> {
    let mut out = writer(w);
    out.write_record(NODES_HEADER).map_err(csv_error)?;
    let ids = NodeIds::of(g);
    for id in sorted_entities(g) {
        let e = g.entity(id);
        let kind = &*g.schema().entity_type(e.kind).id;
        let labels = format!("Entity{ARRAY_DELIMITER}{}", element(kind));
        let aliases: Vec<String> = e.aliases.iter().map(|a| element(&a.text)).collect();
        let attributes = match e.attributes.filter(|a| !a.is_empty()) {
            Some(a) => serde_json::to_string(a)?,
            None => String::new(),
        };
        row(
            &mut out,
            [
                ids.get(g, id),
                &labels,
                e.name,
                kind,
                &aliases.join(&ARRAY_DELIMITER.to_string()),
                &attributes,
            ],
        )?;
    }
    out.flush()
}

/// Writes `relationships.csv`: one row per relation, sorted by ends and type.
pub fn write_relationships(w: &mut dyn Write, g: &KnowledgeGraph) -> io::Result<()> {
    let mut out = writer(w);
    out.write_record(RELATIONSHIPS_HEADER).map_err(csv_error)?;
    let ids = NodeIds::of(g);
    for r in sorted_relations(g) {
        let (a, t, b) = g.relation_ends(r);
        let rt = g.schema().relation_type(t);
        let rel = g.relation(r);
        let detail = rel.detail.as_deref();
        let evidence = if rel.evidence().is_empty() {
            String::new()
        } else {
            evidence_json(g, rel)
        };
        let attributes = match detail.map(|d| &d.attributes).filter(|a| !a.is_empty()) {
            Some(a) => serde_json::to_string(a)?,
            None => String::new(),
        };
        let inverse = if rt.symmetric {
            ""
        } else {
            rt.inverse.as_deref().unwrap_or("")
        };
        row(
            &mut out,
            [
                ids.get(g, a),
                ids.get(g, b),
                &*rt.id,
                &rt.label(),
                inverse,
                if rt.symmetric { "true" } else { "false" },
                &evidence,
                &rel.valid.map(|v| v.to_string()).unwrap_or_default(),
                &detail
                    .and_then(|d| d.confidence)
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
                detail.and_then(|d| d.id.as_deref()).unwrap_or(""),
                &attributes,
            ],
        )?;
    }
    out.flush()
}
