//! The graph as a kg JSON file: what `save` and `export --format json` write.
//!
//! The output loads back to the same graph: every type in use is written to the
//! schema (types created by imports become declared ones), and entities and
//! relations keep their order.

use crate::load::format::{
    EntityRecord, EntityTypeRecord, EvidenceRecord, GraphFile, RelationRecord, RelationTypeRecord,
    SchemaRecord, SourceRecord, ValidRecord, FORMAT_VERSION,
};
use crate::model::schema::DEFAULT_ENTITY_TYPE;
use crate::model::{FileId, KnowledgeGraph};

/// The whole graph as a kg JSON document.
pub fn graph_file(g: &KnowledgeGraph) -> GraphFile {
    part_file(g, &|_| true, true)
}

/// The records of `g` that `here` takes by the file they came from (`None`:
/// made in a session, or a triple file's), as a kg JSON document: what one of
/// several files a graph was loaded from gets back on `save`. The schema
/// section is left out when it would be empty, unless `whole`.
///
/// # Complexity
/// O(types + sources + entities + relations).
pub fn part_file(
    g: &KnowledgeGraph,
    here: &dyn Fn(Option<FileId>) -> bool,
    whole: bool,
) -> GraphFile {
    let s = g.schema();
    let entity_types: Vec<EntityTypeRecord> = s
        .entity_types()
        .filter(|(id, t)| {
            t.declared || (&*t.id != DEFAULT_ENTITY_TYPE && !g.entities_of_type(*id).is_empty())
        })
        .filter(|(_, t)| here(t.origin.file))
        .map(|(_, t)| EntityTypeRecord {
            id: t.id.to_string(),
            description: t.description.clone(),
        })
        .collect();
    let type_name = |id| s.entity_type(id).id.to_string();
    let relation_types: Vec<RelationTypeRecord> = s
        .relation_types()
        .filter(|(id, t)| t.declared || !g.relations_of_type(*id).is_empty())
        .filter(|(_, t)| here(t.origin.file))
        .map(|(_, t)| RelationTypeRecord {
            id: t.id.to_string(),
            description: t.description.clone(),
            from: t.from.iter().map(|&i| type_name(i)).collect(),
            to: t.to.iter().map(|&i| type_name(i)).collect(),
            symmetric: t.symmetric,
            inverse: t.inverse.clone(),
            codes: t.codes.clone(),
            extract: t.extract.as_deref().cloned(),
        })
        .collect();
    let sources = g
        .sources()
        .filter(|(_, src)| here(src.origin.file))
        .map(|(_, src)| SourceRecord {
            id: src.id.to_string(),
            title: src.title.clone(),
            publisher: src.publisher.clone(),
            date: src.date.map(|d| d.to_string()),
            url: src.url.clone(),
            // A background source says so once, by the flag older files know.
            background: src.background,
            kind: src
                .kind
                .filter(|&k| k != crate::model::SourceKind::Background)
                .map(|k| k.name().to_string()),
            sha256: src.text.as_deref().map(crate::verbatim::sha256_hex),
            text: src.text.as_deref().map(str::to_string),
        })
        .collect();
    let entities = g
        .entities()
        .filter(|(_, e)| here(e.origin.file))
        .map(|(_, e)| {
            let kind = s.entity_type(e.kind).id.to_string();
            EntityRecord {
                id: e.id.to_string(),
                name: (e.name != e.id).then(|| e.name.to_string()),
                kind: (kind != DEFAULT_ENTITY_TYPE).then_some(kind),
                aliases: e.aliases.iter().map(|a| a.text.to_string()).collect(),
                attributes: e.attributes.cloned(),
            }
        })
        .collect();
    let relations = g
        .relations()
        .filter(|&r| here(g.relation(r).detail.as_ref().and_then(|d| d.origin.file)))
        .map(|r| {
            let (a, kind, b) = g.relation_ends(r);
            let rel = g.relation(r);
            let detail = rel.detail.as_deref();
            RelationRecord {
                id: detail.and_then(|d| d.id.as_deref().map(str::to_string)),
                from: g.entity(a).id.to_string(),
                kind: s.relation_type(kind).id.to_string(),
                to: g.entity(b).id.to_string(),
                evidence: rel
                    .evidence()
                    .iter()
                    .map(|e| EvidenceRecord {
                        source: Some(g.source(e.source).id.to_string()),
                        quote: e.quote.clone(),
                        date: e.date.map(|d| d.to_string()),
                    })
                    .collect(),
                valid: rel.valid.map(|v| {
                    if v.from == v.to {
                        ValidRecord::At(v.from.to_string())
                    } else {
                        ValidRecord::Range {
                            from: Some(v.from.to_string()),
                            to: Some(v.to.to_string()),
                        }
                    }
                }),
                confidence: detail.and_then(|d| d.confidence),
                attributes: detail
                    .map(|d| d.attributes.clone())
                    .filter(|a| !a.is_empty()),
            }
        })
        .collect();
    GraphFile {
        kg: Some(FORMAT_VERSION),
        schema: (whole || !entity_types.is_empty() || !relation_types.is_empty()).then_some(
            SchemaRecord {
                entity_types,
                relation_types,
            },
        ),
        sources,
        entities,
        relations,
    }
}

/// Writes `g` as pretty kg JSON, one record per line group, ending with a newline.
pub fn write(w: &mut dyn std::io::Write, g: &KnowledgeGraph) -> std::io::Result<()> {
    write_file(w, &graph_file(g))
}

/// Writes a kg JSON document as `write` does.
pub fn write_file(w: &mut dyn std::io::Write, doc: &GraphFile) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, doc)?;
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;

    #[test]
    fn seed_graph_round_trips() {
        let g = load::builtin();
        let text = serde_json::to_string_pretty(&graph_file(&g)).unwrap();
        let dir = std::env::temp_dir().join(format!("kg-rt-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("g.json");
        std::fs::write(&path, &text).unwrap();
        let back = load::load_paths(&[path], &load::LoadOptions::default())
            .unwrap()
            .graph;
        assert_eq!(graph_file(&back), graph_file(&g));
        assert_eq!(back.relation_count(), g.relation_count());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
