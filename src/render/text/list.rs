//! Listings as text: `entities` as an aligned table, one entity a line;
//! `relations` one relation a line, its date first, as a chronology reads.

use std::io::{self, Write};

use super::{footnotes, plural_grouped, shortened, thousands, truncation, Padded};
use crate::query::answer::{EdgeOut, EntitiesAnswer, RelationsAnswer};
use crate::query::list::ALIASES_SHOWN;

/// The widest a name or an id gets in a table column before it is shortened in
/// the middle: FB15k-237 has names of 80 characters.
const COLUMN: usize = 40;

/// "3 entities", or "showing 2 of 5 entities" when the limit cut them.
fn count(shown: usize, total: usize, truncated: bool, one: &str, many: &str) -> String {
    if truncated {
        format!(
            "showing {} of {}",
            thousands(shown),
            plural_grouped(total, one, many)
        )
    } else {
        plural_grouped(total, one, many)
    }
}

/// The first aliases, then how many more: "Kishida, 岸田文雄 and 3 more".
fn aliases(all: &[String]) -> String {
    let mut text = all
        .iter()
        .take(ALIASES_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if all.len() > ALIASES_SHOWN {
        text.push_str(&format!(" and {} more", all.len() - ALIASES_SHOWN));
    }
    text
}

pub(super) fn entities(w: &mut dyn Write, a: &EntitiesAnswer) -> io::Result<()> {
    let mut head = count(a.entities.len(), a.total, a.truncated, "entity", "entities");
    if let Some(t) = &a.kind {
        head.push_str(&format!(" of type {t}"));
    }
    if let Some(p) = &a.prefix {
        head.push_str(&format!(" beginning with '{p}'"));
    }
    writeln!(w, "{head}")?;
    if a.entities.is_empty() {
        return truncation(w, a.truncated, a.reason.as_deref(), a.bound.as_deref());
    }
    // An untyped dataset's placeholder type says nothing: no column for it.
    let typed = a.entities.iter().any(|e| !e.node.untyped);
    let rows: Vec<[String; 5]> = a
        .entities
        .iter()
        .map(|e| {
            [
                shortened(&e.node.name, COLUMN),
                shortened(&e.node.id, COLUMN),
                if e.node.untyped {
                    String::new()
                } else {
                    e.node.kind.to_string()
                },
                thousands(e.degree),
                aliases(&e.aliases),
            ]
        })
        .collect();
    // Nor for aliases when none has any (datasets).
    let aliased = rows.iter().any(|r| !r[4].is_empty());
    let titles = [
        "name",
        "id",
        "type",
        "relations",
        if aliased { "aliases" } else { "" },
    ];
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain(std::iter::once(titles[i].len()))
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..5).map(width).collect();
    let line = |cells: [&str; 5]| {
        let mut out = format!(
            "  {}  {}",
            Padded(cells[0], widths[0]),
            Padded(cells[1], widths[1])
        );
        if typed {
            out.push_str(&format!("  {}", Padded(cells[2], widths[2])));
        }
        // Counts aligned on the right, under their title.
        let n = cells[3];
        out.push_str(&format!(
            "  {}{n}",
            " ".repeat(widths[3] - n.chars().count())
        ));
        if !cells[4].is_empty() {
            out.push_str(&format!("  {}", cells[4]));
        }
        out
    };
    writeln!(w)?;
    writeln!(w, "{}", line(titles).trim_end())?;
    for r in &rows {
        writeln!(
            w,
            "{}",
            line([&r[0], &r[1], &r[2], &r[3], &r[4]]).trim_end()
        )?;
    }
    truncation(w, a.truncated, a.reason.as_deref(), a.bound.as_deref())
}

/// When a relation holds, as its line begins: its validity, else the day it
/// was last reported, else "undated" (the order `relations` lists them in).
fn when(e: &EdgeOut) -> String {
    if let Some(v) = &e.valid {
        return v.clone();
    }
    match e.evidence.iter().filter_map(|x| x.date.as_deref()).max() {
        Some(d) => format!("reported {d}"),
        None => "undated".to_string(),
    }
}

/// Its number, confidence, and how many evidence items back it, with the first
/// one's source: "#12, 2 evidence items, first kyodo-2016-03-14" (never empty:
/// every relation listed has its number).
fn about(e: &EdgeOut) -> String {
    let mut parts: Vec<String> = e.number.iter().map(|n| format!("#{n}")).collect();
    if let Some(c) = e.confidence {
        parts.push(format!("confidence {c}"));
    }
    let n = e.evidence.len();
    let items = if n == 1 {
        "1 evidence item".to_string()
    } else {
        format!("{} evidence items", thousands(n))
    };
    // Dataset relations carry no evidence: nothing to say then.
    if let Some(first) = e.evidence.first() {
        let source = if first.background {
            "background knowledge"
        } else {
            first.source.as_ref()
        };
        let lead = if n == 1 { "" } else { "first " };
        parts.push(format!("{items}, {lead}{source}"));
    }
    parts.join(", ")
}

pub(super) fn relations(w: &mut dyn Write, a: &RelationsAnswer) -> io::Result<()> {
    let mut head = count(
        a.relations.len(),
        a.total,
        a.truncated,
        "relation",
        "relations",
    );
    match a.types.as_slice() {
        [] => {}
        [one] => head.push_str(&format!(" of type {one}")),
        many => head.push_str(&format!(" of types {}", many.join(", "))),
    }
    writeln!(w, "{head}")?;
    if !a.filters.is_empty() {
        writeln!(w, "filters: {}", super::filters(&a.filters))?;
    }
    if a.relations.is_empty() {
        return truncation(w, a.truncated, a.reason.as_deref(), a.bound.as_deref());
    }
    let name = |id: &str| {
        a.entities
            .iter()
            .find(|n| *n.id == *id)
            .map_or_else(|| id.to_string(), |n| n.name.to_string())
    };
    let whens: Vec<String> = a.relations.iter().map(when).collect();
    let width = whens.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    writeln!(w)?;
    for (e, t) in a.relations.iter().zip(&whens) {
        writeln!(
            w,
            "  {}  {} {} {}  ({})",
            Padded(t, width),
            name(&e.from),
            e.arrow(),
            name(&e.to),
            about(e)
        )?;
    }
    footnotes(w, &a.sources)?;
    truncation(w, a.truncated, a.reason.as_deref(), a.bound.as_deref())
}
