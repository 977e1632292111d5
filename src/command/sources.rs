//! `sources [ID]`: the documents evidence cites, and what each supports.

use serde_json::{json, Value};

use super::context::{Context, Done, Outcome};
use super::spec::{Section, Spec};
use crate::error::{Error, Result};
use crate::model::{KnowledgeGraph, Source, SourceId};
use crate::suggest;

pub const SPEC: Spec = Spec::new(
    &["sources"],
    Section::Ask,
    &["sources", "sources sputnik-2016-03-14"],
);

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// One source: its details and every relation it supports.
    #[arg(value_name = "SOURCE")]
    pub id: Option<String>,
}

/// Lists the sources, or shows one.
pub fn run(args: &Args, ctx: &mut Context) -> Result<Outcome> {
    let g = ctx.session()?.graph();
    match &args.id {
        None => Ok(Outcome::Done(list(g))),
        Some(id) => {
            let s = g.source_id(id).ok_or_else(|| {
                let ids: Vec<String> = g.sources().map(|(_, s)| s.id.to_string()).collect();
                Error::BadRequest {
                    message: format!("unknown source '{id}'"),
                    suggestions: suggest::closest(id, ids.iter().map(String::as_str)),
                }
            })?;
            Ok(Outcome::Done(one(g, s)))
        }
    }
}

/// For every source, the relations whose evidence cites it.
///
/// # Complexity
/// O(relations + evidence items).
fn supported(g: &KnowledgeGraph) -> Vec<Vec<crate::model::RelationId>> {
    let mut by = vec![Vec::new(); g.sources().len()];
    for r in g.relations() {
        let mut cited: Vec<SourceId> = g.relation(r).evidence().iter().map(|e| e.source).collect();
        cited.sort_unstable();
        cited.dedup();
        for s in cited {
            by[s.0 as usize].push(r);
        }
    }
    by
}

fn kind(s: &Source) -> &'static str {
    match (s.kind, s.background) {
        (Some(k), _) => k.name(),
        (None, true) => "background",
        (None, false) => "",
    }
}

fn source_json(s: &Source, relations: usize) -> Value {
    json!({
        "id": &*s.id,
        "title": s.title,
        "publisher": s.publisher,
        "date": s.date.map(|d| d.to_string()),
        "url": s.url,
        "kind": (!kind(s).is_empty()).then(|| kind(s)),
        "text_bytes": s.text.as_ref().map(|t| t.len()),
        "relations": relations,
    })
}

fn list(g: &KnowledgeGraph) -> Done {
    let by = supported(g);
    let rows: Vec<[String; 5]> = g
        .sources()
        .map(|(id, s)| {
            [
                s.id.to_string(),
                s.publisher.clone().unwrap_or_default(),
                s.date.map(|d| d.to_string()).unwrap_or_default(),
                kind(s).to_string(),
                by[id.0 as usize].len().to_string(),
            ]
        })
        .collect();
    let head = ["source", "publisher", "date", "kind", "relations"];
    let width = |c: usize| {
        rows.iter()
            .map(|r| r[c].chars().count())
            .chain([head[c].len()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..5).map(width).collect();
    let line = |cells: [&str; 5]| -> String {
        let mut out = String::new();
        for (i, c) in cells.iter().enumerate() {
            out.push_str(c);
            if i + 1 < cells.len() {
                let pad = widths[i] - c.chars().count() + 2;
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.trim_end().to_string()
    };
    let mut text = vec![line(head)];
    text.extend(
        rows.iter()
            .map(|r| line([&r[0], &r[1], &r[2], &r[3], &r[4]])),
    );
    if rows.is_empty() {
        text = vec!["no sources yet: add source ID --title T --publisher P".into()];
    }
    let json: Vec<Value> = g
        .sources()
        .map(|(id, s)| source_json(s, by[id.0 as usize].len()))
        .collect();
    Done::new(text.join("\n")).with("sources", json).as_answer()
}

fn one(g: &KnowledgeGraph, id: SourceId) -> Done {
    let s = g.source(id);
    let by = supported(g);
    let rels = &by[id.0 as usize];
    let mut text = vec![format!(
        "{} — {}",
        s.id,
        s.title.as_deref().unwrap_or("(no title)")
    )];
    for (k, v) in [
        ("publisher", s.publisher.clone()),
        ("date", s.date.map(|d| d.to_string())),
        ("kind", Some(kind(s).to_string()).filter(|k| !k.is_empty())),
        ("url", s.url.clone()),
        (
            "text",
            s.text
                .as_ref()
                .map(|t| format!("{} bytes, every quote checked against it", t.len())),
        ),
    ] {
        if let Some(v) = v {
            text.push(format!("  {k}: {v}"));
        }
    }
    text.push(format!("\nsupports {} relation(s)", rels.len()));
    let mut supports = Vec::new();
    for &r in rels {
        let (a, k, b) = g.relation_ends(r);
        let label = g.schema().relation_type(k).label();
        text.push(format!(
            "  {} —{label}→ {}",
            g.entity(a).name,
            g.entity(b).name
        ));
        let mut quotes = Vec::new();
        for e in g.relation(r).evidence().iter().filter(|e| e.source == id) {
            if let Some(q) = &e.quote {
                text.push(format!("      “{q}”"));
                quotes.push(q.clone());
            }
        }
        supports.push(json!({
            "from": g.entity(a).id,
            "type": &*g.schema().relation_type(k).id,
            "to": g.entity(b).id,
            "quotes": quotes,
        }));
    }
    Done::new(text.join("\n"))
        .with("source", source_json(s, rels.len()))
        .with("supports", supports)
        .as_answer()
}
