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

use std::io::{self, Write};

use crate::model::KnowledgeGraph;

use super::{evidence_json, sorted_entities, sorted_relations};

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

/// Writes `nodes.csv`: one row per entity, sorted by id.
pub fn write_nodes(w: &mut dyn Write, g: &KnowledgeGraph) -> io::Result<()> {
    let mut out = writer(w);
    out.write_record(NODES_HEADER).map_err(csv_error)?;
    for id in sorted_entities(g) {
        let e = g.entity(id);
        let kind = &*g.schema().entity_type(e.kind).id;
        let labels = format!("Entity{ARRAY_DELIMITER}{}", element(kind));
        let aliases: Vec<String> = e.aliases.iter().map(|a| element(&a.text)).collect();
        let attributes = match e.attributes.filter(|a| !a.is_empty()) {
            Some(a) => serde_json::to_string(a)?,
            None => String::new(),
        };
        out.write_record([
            e.id,
            &labels,
            e.name,
            kind,
            &aliases.join(&ARRAY_DELIMITER.to_string()),
            &attributes,
        ])
        .map_err(csv_error)?;
    }
    out.flush()
}

/// Writes `relationships.csv`: one row per relation, sorted by ends and type.
pub fn write_relationships(w: &mut dyn Write, g: &KnowledgeGraph) -> io::Result<()> {
    let mut out = writer(w);
    out.write_record(RELATIONSHIPS_HEADER).map_err(csv_error)?;
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
        out.write_record([
            g.entity(a).id,
            g.entity(b).id,
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
        ])
        .map_err(csv_error)?;
    }
    out.flush()
}
