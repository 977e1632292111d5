//! Answers as readable text: an entity with its relations and evidence, counts as
//! aligned tables, paths as hop-by-hop explanations.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::query::answer::{
    EdgeOut, EntityAnswer, EvidenceOut, NeighboursAnswer, NodeOut, PathAnswer, SourceOut,
    StatsAnswer, TypeCount,
};
use crate::query::Answer;

pub fn write(w: &mut dyn Write, answer: &Answer) -> io::Result<()> {
    match answer {
        Answer::Entity(a) => entity(w, a),
        Answer::Stats(s) => stats(w, s),
        Answer::Path(a) => path(w, a),
        Answer::Neighbours(a) => neighbours(w, a),
    }
}

/// The qualifiers of a relation: "[valid 2016-04, confidence 0.9]", or nothing.
fn qualifiers(e: &EdgeOut) -> String {
    qualified(e, Vec::new())
}

/// `e`'s validity and confidence, after `parts`, in brackets (or nothing).
fn qualified(e: &EdgeOut, mut parts: Vec<String>) -> String {
    if let Some(v) = &e.valid {
        parts.push(validity(v));
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

/// A validity as a reader takes it: "event 2016-03-13" for a day or month the
/// event happened, "holds 2012 .. 2020" for a span, so that it is never confused
/// with the date a source reported it.
fn validity(v: &str) -> String {
    if v.contains(" .. ") {
        format!("holds {v}")
    } else {
        format!("event {v}")
    }
}

/// The relation's number (`add evidence --relation N`), and how many evidence
/// items and sources back it, when more than one item.
fn number_and_corroboration(e: &EdgeOut) -> Vec<String> {
    let mut parts: Vec<String> = e.number.iter().map(|n| format!("#{n}")).collect();
    parts.extend(corroboration(e));
    parts
}

/// How many evidence items and sources back a relation, when more than one item.
fn corroboration(e: &EdgeOut) -> Vec<String> {
    let n = e.evidence.len();
    if n < 2 {
        return Vec::new();
    }
    let mut sources: Vec<&str> = e.evidence.iter().map(|x| x.source.as_str()).collect();
    sources.sort_unstable();
    sources.dedup();
    let s = sources.len();
    vec![format!(
        "{n} evidence items, {s} source{}",
        if s == 1 { "" } else { "s" }
    )]
}

fn evidence_line(w: &mut dyn Write, indent: &str, ev: &EvidenceOut) -> io::Result<()> {
    // A background source is not a document: its id says nothing more.
    let mut cite = if ev.background {
        "background knowledge".to_string()
    } else {
        ev.source.clone()
    };
    if let Some(d) = &ev.date {
        cite.push_str(", reported ");
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
                Some(at) => writeln!(w, "    {}  {at}", Padded(&al.alias, width))?,
                None => writeln!(w, "    {}", al.alias)?,
            }
        }
    }
    for (k, v) in &e.attributes {
        let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
        writeln!(w, "  {k}: {v}")?;
    }
    if a.truncated {
        writeln!(
            w,
            "  showing {} of {}",
            thousands(a.relations.len()),
            plural_grouped(a.total, "relation", "relations")
        )?;
    }
    if a.relations.is_empty() {
        writeln!(w, "\n  (no relations)")?;
        return truncation(w, a.truncated, a.reason.as_deref(), a.bound.as_deref());
    }
    let mut current: Option<(&str, bool)> = None;
    for r in &a.relations {
        let key = (r.edge.label.as_str(), r.edge.reversed && !r.edge.symmetric);
        if current != Some(key) {
            let n = a
                .relations
                .iter()
                .filter(|x| (x.edge.label.as_str(), x.edge.reversed && !x.edge.symmetric) == key)
                .count();
            // Of how many, when the limit cut the group.
            let of = a
                .groups
                .iter()
                .find(|g| (g.label.as_str(), g.reversed) == key)
                .map_or(n, |g| g.total);
            if of > n {
                writeln!(
                    w,
                    "\n{} ({} of {})",
                    r.edge.label,
                    thousands(n),
                    thousands(of)
                )?;
            } else {
                writeln!(w, "\n{} ({})", r.edge.label, thousands(n))?;
            }
            current = Some(key);
        }
        let arrow = if r.edge.symmetric { "—" } else { "→" };
        writeln!(
            w,
            "  {arrow} {} ({}){}",
            r.other.name,
            r.other.kind,
            qualified(&r.edge, number_and_corroboration(&r.edge))
        )?;
        evidence(w, "      ", &r.edge)?;
    }
    let unshown: Vec<String> = a
        .groups
        .iter()
        .filter(|g| g.shown == 0)
        .map(|g| format!("{} ({})", g.label, thousands(g.total)))
        .collect();
    if !unshown.is_empty() {
        let hidden: usize = a
            .groups
            .iter()
            .filter(|g| g.shown == 0)
            .map(|g| g.total)
            .sum();
        writeln!(
            w,
            "\nnone shown of {} ({}):",
            plural(unshown.len(), "other group", "other groups"),
            plural_grouped(hidden, "relation", "relations")
        )?;
        wrapped(w, "  ", &unshown)?;
    }
    footnotes(w, &a.sources)?;
    truncation(w, a.truncated, a.reason.as_deref(), a.bound.as_deref())
}

/// Width text answers wrap their lists at.
const WIDTH: usize = 100;

/// `items` joined by commas, in lines of at most [`WIDTH`] characters (an item
/// longer than that alone on its line), each starting with `indent`.
fn wrapped(w: &mut dyn Write, indent: &str, items: &[String]) -> io::Result<()> {
    let mut line = String::from(indent);
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() {
            format!("{item},")
        } else {
            item.clone()
        };
        let fresh = line.len() == indent.len();
        if !fresh && line.chars().count() + 1 + piece.chars().count() > WIDTH {
            writeln!(w, "{line}")?;
            line = String::from(indent);
        } else if !fresh {
            line.push(' ');
        }
        line.push_str(&piece);
    }
    writeln!(w, "{line}")
}

/// [`plural`] with the thousands grouped: "1,942 relations".
fn plural_grouped(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// `n` with its thousands grouped by commas: 1,942.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `text` left-aligned in `width` characters. `{:width$}` would do, but std's
/// formatter takes widths only up to 65,535 and panics past that, and a type name
/// or alias in imported data can be longer.
struct Padded<'a>(&'a str, usize);

impl std::fmt::Display for Padded<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)?;
        for _ in self.0.chars().count()..self.1 {
            f.write_char(' ')?;
        }
        Ok(())
    }
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
        writeln!(w, "  {}  {:>num$}", Padded(&r.kind, width), r.count)?;
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

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `n` with thousands separated: 1,723.
fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An entity with its type: "Russia (country)".
fn node(n: &NodeOut) -> String {
    format!("{} ({})", n.name, n.kind)
}

/// The filters of an answer in command-line words: "--at 2016-04, --relations claims".
fn filters(described: &[String]) -> String {
    described
        .iter()
        .map(|f| match f.split_once(' ') {
            Some((field, value)) => format!("--{} {value}", field.replace('_', "-")),
            None => format!("--{}", f.replace('_', "-")),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// At most this many relations of one hop are listed in text; JSON lists all.
const HOP_LINES: usize = 50;

fn path(w: &mut dyn Write, a: &PathAnswer) -> io::Result<()> {
    let dated = a.filters.iter().any(|f| {
        ["at ", "from_date ", "to_date "]
            .iter()
            .any(|p| f.starts_with(p))
    });
    if a.paths.is_empty() {
        let mut bounds = Vec::new();
        if let Some(m) = a.max_len {
            bounds.push(format!("of at most {}", plural(m, "hop", "hops")));
        }
        if let Some(m) = a.min_len {
            bounds.push(format!("of at least {}", plural(m, "hop", "hops")));
        }
        let bounds: String = bounds.iter().map(|b| format!(" {b}")).collect();
        writeln!(w, "no route{bounds} from {} to {}", a.from.name, a.to.name)?;
        if !a.filters.is_empty() {
            writeln!(w, "  with the filters {}", filters(&a.filters))?;
            if dated && !a.filters.iter().any(|f| f == "strict_dates") {
                writeln!(
                    w,
                    "  (relations with no event date or span were kept: they hold throughout)"
                )?;
            }
        }
        return Ok(());
    }
    let n = a.paths.len();
    if !a.filters.is_empty() {
        writeln!(w, "filters: {}", filters(&a.filters))?;
    }
    if let Some(total) = a.total.filter(|t| *t > n as u64) {
        writeln!(
            w,
            "showing {n} of {} shortest routes from {} to {}\n",
            count(total),
            a.from.name,
            a.to.name
        )?;
    }
    for (i, p) in a.paths.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        let head = if n == 1 {
            String::new()
        } else {
            format!("route {} of {n}: ", i + 1)
        };
        writeln!(
            w,
            "{head}{} → {}: {}",
            a.from.name,
            a.to.name,
            plural(p.length, "hop", "hops")
        )?;
        writeln!(w, "  {}", node(&p.nodes[0]))?;
        for (hop, (first, next)) in p.edges.iter().zip(&p.nodes[1..]).enumerate() {
            let relations = p
                .hops
                .get(hop)
                .map_or(std::slice::from_ref(first), |h| h.relations.as_slice());
            match relations {
                [one] => {
                    writeln!(w, "    {} {}{}", one.arrow(), node(next), qualifiers(one))?;
                    evidence(w, "        ", one)?;
                }
                many => hop_relations(w, many, next)?,
            }
        }
    }
    footnotes(w, &a.sources)?;
    truncation(w, a.truncated, a.reason.as_deref(), a.bound.as_deref())
}

/// A hop with relations in parallel: the next entity once, then each relation
/// (dated ones as a chronology, first the date) with its evidence.
fn hop_relations(w: &mut dyn Write, relations: &[EdgeOut], next: &NodeOut) -> io::Result<()> {
    let dates: Vec<&str> = relations
        .iter()
        .filter_map(|e| e.valid.as_deref())
        .collect();
    let span = match (dates.first(), dates.last()) {
        (Some(a), Some(b)) if a == b => format!(", event {a}"),
        (Some(a), Some(b)) => format!(", events {a} .. {b}"),
        _ => String::new(),
    };
    writeln!(
        w,
        "    ⇒ {}  ({}{span})",
        node(next),
        plural(relations.len(), "relation", "relations")
    )?;
    for e in relations.iter().take(HOP_LINES) {
        match &e.valid {
            Some(v) => {
                let rest = qualified(
                    &EdgeOut {
                        valid: None,
                        ..e.clone()
                    },
                    Vec::new(),
                );
                let when = if v.contains(" .. ") {
                    validity(v)
                } else {
                    v.clone()
                };
                writeln!(w, "        {when}  {}{rest}", e.arrow())?;
            }
            None => writeln!(w, "        {}{}", e.arrow(), qualifiers(e))?,
        }
        evidence(w, "            ", e)?;
    }
    if relations.len() > HOP_LINES {
        writeln!(
            w,
            "        … and {} more (--format json lists every relation of a hop)",
            relations.len() - HOP_LINES
        )?;
    }
    Ok(())
}

/// The documents an answer cites, each once under it: who published it, its
/// title and date, where the evidence lines give only its id.
fn footnotes(w: &mut dyn Write, sources: &[SourceOut]) -> io::Result<()> {
    if sources.is_empty() {
        return Ok(());
    }
    writeln!(w, "\nsources")?;
    let width = sources
        .iter()
        .map(|s| s.id.chars().count())
        .max()
        .unwrap_or(0);
    for s in sources {
        writeln!(w, "  {}  {}", Padded(&s.id, width), s.about())?;
    }
    Ok(())
}

fn neighbours(w: &mut dyn Write, a: &NeighboursAnswer) -> io::Result<()> {
    writeln!(
        w,
        "{}: {} within {}",
        a.center.name,
        plural(a.nodes.len(), "entity", "entities"),
        plural(a.depth, "hop", "hops")
    )?;
    let dist: std::collections::HashMap<&str, usize> = a
        .nodes
        .iter()
        .map(|n| (n.node.id.as_str(), n.distance))
        .chain(std::iter::once((a.center.id.as_str(), 0)))
        .collect();
    let name: std::collections::HashMap<&str, &str> = a
        .nodes
        .iter()
        .map(|n| (n.node.id.as_str(), n.node.name.as_str()))
        .chain(std::iter::once((
            a.center.id.as_str(),
            a.center.name.as_str(),
        )))
        .collect();
    // Each entity under the relation that ties it to the level before, read towards it.
    let mut rows: Vec<(usize, String, String, String)> = Vec::new();
    for n in &a.nodes {
        let mut links: Vec<(String, String)> = Vec::new();
        for e in &a.edges {
            let (parent, reversed) = if e.to == n.node.id {
                (e.from.as_str(), false)
            } else if e.from == n.node.id {
                (e.to.as_str(), true)
            } else {
                continue;
            };
            if dist.get(parent) != Some(&(n.distance - 1)) {
                continue;
            }
            let label = match (&e.inverse, reversed) {
                (Some(inv), true) => inv.clone(),
                _ => e.label.clone(),
            };
            links.push((
                label,
                name.get(parent).copied().unwrap_or(parent).to_string(),
            ));
        }
        links.sort();
        links.dedup();
        let (label, parent) = links
            .first()
            .cloned()
            .unwrap_or_else(|| ("related".into(), String::new()));
        let mut line = format!("{} ({})", n.node.name, n.node.kind);
        if n.distance > 1 && !parent.is_empty() {
            line.push_str(&format!("  via {parent}"));
        }
        let mut others: Vec<&str> = links
            .iter()
            .skip(1)
            .map(|(l, _)| l.as_str())
            .filter(|l| *l != label)
            .collect();
        others.dedup();
        if !others.is_empty() {
            line.push_str(&format!("  (also {})", others.join(", ")));
        }
        rows.push((n.distance, label, n.node.name.clone(), line));
    }
    rows.sort();
    let mut current: Option<(usize, &str)> = None;
    for (d, label, _, line) in &rows {
        if current.map(|c| c.0) != Some(*d) {
            let count = rows.iter().filter(|r| r.0 == *d).count();
            writeln!(w, "\ndistance {d} ({count})")?;
        }
        if current != Some((*d, label.as_str())) {
            writeln!(w, "  {label}")?;
            current = Some((*d, label.as_str()));
        }
        writeln!(w, "    {line}")?;
    }
    truncation(w, a.truncated, a.reason.as_deref(), a.bound.as_deref())
}

/// The closing line of an answer a bound cut short. `reason` is written for
/// `kg query` and names fields as JSON does (`raise 'limit'`); `bound` is the
/// field of the option that would show more, which the text front ends (the
/// command line and the REPL share their option syntax) name as an option:
/// `raise --limit`.
fn truncation(
    w: &mut dyn Write,
    truncated: bool,
    reason: Option<&str>,
    bound: Option<&str>,
) -> io::Result<()> {
    if !truncated {
        return Ok(());
    }
    let mut note = reason.unwrap_or("a bound was reached").to_string();
    if let Some(field) = bound {
        let option = format!("--{}", field.replace('_', "-"));
        note = note.replace(&format!("'{field}'"), &option);
        if !note.contains(&option) {
            note.push_str(&format!("; raise {option} to see more"));
        }
    }
    writeln!(w, "\n(truncated: {note})")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(reason: Option<&str>, bound: Option<&str>) -> String {
        let mut out = Vec::new();
        truncation(&mut out, true, reason, bound).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn truncation_names_the_option_of_the_text_front_ends() {
        assert_eq!(
            note(
                Some("more than 5 relations; raise 'limit' to see more"),
                Some("limit")
            ),
            "\n(truncated: more than 5 relations; raise --limit to see more)\n"
        );
        // A reason that does not name its bound gets the option appended.
        assert_eq!(
            note(Some("more than 5 relations"), Some("max_len")),
            "\n(truncated: more than 5 relations; raise --max-len to see more)\n"
        );
        assert_eq!(
            note(Some("time limit reached"), None),
            "\n(truncated: time limit reached)\n"
        );
        let mut out = Vec::new();
        truncation(&mut out, false, Some("x"), Some("limit")).unwrap();
        assert!(out.is_empty());
    }

    #[test]
    fn thousands_are_grouped() {
        let cases = [
            (0, "0"),
            (7, "7"),
            (100, "100"),
            (1942, "1,942"),
            (1_000_000, "1,000,000"),
        ];
        for (n, text) in cases {
            assert_eq!(thousands(n), text);
        }
    }
}
