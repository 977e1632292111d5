//! Answers as readable text: an entity with its relations and evidence, counts as
//! aligned tables, paths as hop-by-hop explanations.

use std::io::{self, Write};

use crate::query::answer::{EdgeOut, EntityAnswer, EvidenceOut, StatsAnswer, TypeCount};
use crate::query::Answer;

pub fn write(w: &mut dyn Write, answer: &Answer) -> io::Result<()> {
    match answer {
        Answer::Entity(a) => entity(w, a),
        Answer::Stats(s) => stats(w, s),
        Answer::Path(_) | Answer::Neighbours(_) => {
            serde_json::to_writer_pretty(&mut *w, answer)?;
            writeln!(w)
        }
    }
}

/// The qualifiers of a relation: "[valid 2016-04, confidence 0.9]", or nothing.
fn qualifiers(e: &EdgeOut) -> String {
    let mut parts = Vec::new();
    if let Some(v) = &e.valid {
        parts.push(format!("valid {v}"));
    }
    if let Some(c) = e.confidence {
        parts.push(format!("confidence {c}"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("  [{}]", parts.join(", "))
    }
}

fn evidence_line(w: &mut dyn Write, indent: &str, ev: &EvidenceOut) -> io::Result<()> {
    let mut cite = ev.source.clone();
    if ev.background {
        cite.push_str(" (background)");
    }
    if let Some(d) = &ev.date {
        cite.push_str(", ");
        cite.push_str(d);
    }
    match &ev.quote {
        Some(q) => writeln!(w, "{indent}“{q}” — {cite}"),
        None => writeln!(w, "{indent}{cite}"),
    }
}

/// Writes the evidence of one relation under it.
pub fn evidence(w: &mut dyn Write, indent: &str, e: &EdgeOut) -> io::Result<()> {
    for ev in &e.evidence {
        evidence_line(w, indent, ev)?;
    }
    Ok(())
}

fn entity(w: &mut dyn Write, a: &EntityAnswer) -> io::Result<()> {
    let e = &a.entity;
    writeln!(w, "{} — {} (id: {})", e.node.name, e.node.kind, e.node.id)?;
    if let Some(at) = &e.defined_at {
        writeln!(w, "  defined at {at}")?;
    }
    if !e.aliases.is_empty() {
        writeln!(w, "  aliases:")?;
        let width = e
            .aliases
            .iter()
            .map(|a| a.alias.chars().count())
            .max()
            .unwrap_or(0);
        for al in &e.aliases {
            match &al.defined_at {
                Some(at) => writeln!(w, "    {:width$}  {at}", al.alias)?,
                None => writeln!(w, "    {}", al.alias)?,
            }
        }
    }
    for (k, v) in &e.attributes {
        let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
        writeln!(w, "  {k}: {v}")?;
    }
    if a.relations.is_empty() {
        return writeln!(w, "\n  (no relations)");
    }
    let mut current: Option<(&str, bool)> = None;
    for r in &a.relations {
        let key = (r.edge.label.as_str(), r.edge.reversed);
        if current != Some(key) {
            let n = a
                .relations
                .iter()
                .filter(|x| (x.edge.label.as_str(), x.edge.reversed) == key)
                .count();
            writeln!(w, "\n{} ({n})", r.edge.label)?;
            current = Some(key);
        }
        let arrow = if r.edge.symmetric { "—" } else { "→" };
        writeln!(
            w,
            "  {arrow} {} ({}){}",
            r.other.name,
            r.other.kind,
            qualifiers(&r.edge)
        )?;
        evidence(w, "      ", &r.edge)?;
    }
    Ok(())
}

fn table(w: &mut dyn Write, title: &str, rows: &[TypeCount]) -> io::Result<()> {
    writeln!(w, "\n{title} ({})", rows.len())?;
    let width = rows
        .iter()
        .map(|r| r.kind.chars().count())
        .max()
        .unwrap_or(0);
    let num = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    for r in rows {
        writeln!(w, "  {:width$}  {:>num$}", r.kind, r.count)?;
    }
    Ok(())
}

fn stats(w: &mut dyn Write, s: &StatsAnswer) -> io::Result<()> {
    writeln!(
        w,
        "{} entities, {} relations, {} sources",
        s.entities, s.relations, s.sources
    )?;
    table(w, "entity types", &s.entity_types)?;
    table(w, "relation types", &s.relation_types)
}
