//! Answers as readable text: an entity with its relations and evidence, counts as
//! aligned tables, paths as hop-by-hop explanations.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::query::answer::{
    EdgeOut, EntityAnswer, EvidenceOut, NeighboursAnswer, NodeOut, PathAnswer, SourceOut,
    StatsAnswer, TypeCount,
};
use crate::query::{Answer, Direction};

pub fn write(w: &mut dyn Write, answer: &Answer) -> io::Result<()> {
    match answer {
        Answer::Entity(a) => entity(w, a),
        Answer::Stats(s) => stats(w, s),
        Answer::Path(a) => path(w, a),
        Answer::Neighbours(a) => neighbours(w, a),
    }
}

/// A node as text names it: "Japan (country)", or just "Japan" when its type
/// is the placeholder of an untyped dataset ("Japan (entity)" says nothing).
pub fn typed(n: &NodeOut) -> String {
    if n.untyped {
        n.name.clone()
    } else {
        format!("{} ({})", n.name, n.kind)
    }
}

/// Whether `e` is walked against its stored direction by a type with no word
/// for that (every dataset type): it must then be shown from the other end,
/// `←Consult—`, since "Consult" alone would say the walk's start consulted.
pub fn from_other_end(e: &EdgeOut) -> bool {
    e.reversed && !e.symmetric && e.inverse.is_none()
}

/// The qualifiers of a relation: "[valid 2016-04, confidence 0.9]", or nothing.
fn qualifiers(e: &EdgeOut) -> String {
    qualified(e, Vec::new())
}

/// `e`'s validity and confidence, after `parts`, in brackets (or nothing).
fn qualified(e: &EdgeOut, mut parts: Vec<String>) -> String {
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
    if e.node.untyped {
        writeln!(w, "{} (id: {})", e.node.name, e.node.id)?;
    } else {
        writeln!(w, "{} — {} (id: {})", e.node.name, e.node.kind, e.node.id)?;
    }
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
    if a.relations.is_empty() {
        return writeln!(w, "\n  (no relations)");
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
            let heading = if from_other_end(&r.edge) {
                format!("←{}—", r.edge.label)
            } else {
                r.edge.label.clone()
            };
            writeln!(w, "\n{heading} ({n})")?;
            current = Some(key);
        }
        let arrow = match (r.edge.symmetric, from_other_end(&r.edge)) {
            (true, _) => "—",
            (false, true) => "←",
            (false, false) => "→",
        };
        writeln!(
            w,
            "  {arrow} {}{}",
            typed(&r.other),
            qualified(&r.edge, number_and_corroboration(&r.edge))
        )?;
        evidence(w, "      ", &r.edge)?;
    }
    footnotes(w, &a.sources)
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

/// The widest line `stats` writes: a report page or a split terminal, not the
/// 155 columns FB15k-237's longest relation type would take.
pub const STATS_WIDTH: usize = 100;

/// `text` in at most `width` characters, cut in the middle with "…": a long
/// dataset name (`/film/film/release_date_s./film/…/film_release_region`) keeps
/// its start (the domain) and its end (the property), which say what it is.
fn shortened(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n <= width {
        return text.to_string();
    }
    let keep = width.saturating_sub(1);
    let tail = keep / 2;
    let head = keep - tail;
    let mut out: String = text.chars().take(head).collect();
    out.push('…');
    out.extend(text.chars().skip(n - tail));
    out
}

/// A titled table of names and counts, counts aligned on the right, no line
/// wider than [`STATS_WIDTH`] (long names shortened in the middle).
fn table(
    w: &mut dyn Write,
    title: &str,
    rows: impl ExactSizeIterator<Item = (String, usize)> + Clone,
) -> io::Result<()> {
    writeln!(w, "\n{title} ({})", rows.len())?;
    let num = rows
        .clone()
        .map(|(_, c)| c.to_string().len())
        .max()
        .unwrap_or(1);
    // Two spaces of indent and two between the columns.
    let room = STATS_WIDTH.saturating_sub(4 + num).max(1);
    let width = rows
        .clone()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        .min(room);
    for (kind, count) in rows {
        let kind = shortened(&kind, width);
        writeln!(w, "  {}  {count:>num$}", Padded(&kind, width))?;
    }
    Ok(())
}

fn type_rows(rows: &[TypeCount]) -> impl ExactSizeIterator<Item = (String, usize)> + Clone + '_ {
    rows.iter().map(|r| (r.kind.clone(), r.count))
}

fn stats(w: &mut dyn Write, s: &StatsAnswer) -> io::Result<()> {
    writeln!(
        w,
        "{} entities, {} relations, {} sources",
        s.entities, s.relations, s.sources
    )?;
    if let Some(d) = &s.dates {
        writeln!(w, "relations hold from {} to {}", d.first, d.last)?;
    }
    table(w, "entity types", type_rows(&s.entity_types))?;
    table(w, "relation types", type_rows(&s.relation_types))?;
    if !s.top_entities.is_empty() {
        let rows = s.top_entities.iter().map(|e| (typed(&e.node), e.degree));
        table(w, "entities with most relations", rows)?;
    }
    Ok(())
}

/// `—claims→`, `—claimed by→`, `—partners with—` for symmetric relations, or
/// `←Consult—` for a type with no inverse label walked backwards.
pub fn arrow(e: &EdgeOut) -> String {
    if e.symmetric {
        format!("—{}—", e.label)
    } else if from_other_end(e) {
        format!("←{}—", e.label)
    } else {
        format!("—{}→", e.label)
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn path(w: &mut dyn Write, a: &PathAnswer) -> io::Result<()> {
    if a.paths.is_empty() {
        let bound = a
            .max_len
            .map(|m| format!(" of at most {}", plural(m, "relation", "relations")))
            .unwrap_or_default();
        return writeln!(w, "no path{bound} from {} to {}", a.from.name, a.to.name);
    }
    let n = a.paths.len();
    for (i, p) in a.paths.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        let head = if n == 1 {
            String::new()
        } else {
            format!("path {} of {n}: ", i + 1)
        };
        writeln!(
            w,
            "{head}{} → {}: {}",
            a.from.name,
            a.to.name,
            plural(p.length, "hop", "hops")
        )?;
        writeln!(w, "  {} ({})", p.nodes[0].name, p.nodes[0].kind)?;
        for (e, next) in p.edges.iter().zip(&p.nodes[1..]) {
            writeln!(
                w,
                "    {} {} ({}){}",
                arrow(e),
                next.name,
                next.kind,
                qualifiers(e)
            )?;
            evidence(w, "        ", e)?;
        }
    }
    footnotes(w, &a.sources)?;
    truncation(w, a.truncated, a.reason.as_deref())
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

/// How many other relation types an entity's "(also …)" note names before it
/// only counts the rest: a hub's partner can share forty types with it.
const ALSO_SHOWN: usize = 6;

/// How `e` reads from its end `parent` towards the other, as a neighbourhood
/// heading (`reversed`: `parent` is the stored head), with its sort key.
///
/// Types with a word for each direction read as words ("visits", "visited by",
/// "partners with"); types with none (dataset types) carry arrows both ways,
/// `—Consult→` (the center consults) and `←Consult—` (it is consulted), so
/// neither is mistaken for the other. The key keeps the two of one type
/// together: the words, or the type's label, then forwards before backwards.
fn heading(e: &EdgeOut, reversed: bool) -> ((String, bool), String) {
    let back = reversed && !e.symmetric;
    let text = match (&e.inverse, e.symmetric, back) {
        (_, true, _) => e.label.clone(),
        (Some(inv), false, true) => inv.clone(),
        (Some(_), false, false) => e.label.clone(),
        (None, false, true) => format!("←{}—", e.label),
        (None, false, false) => format!("—{}→", e.label),
    };
    let key = if e.inverse.is_some() || e.symmetric {
        text.clone()
    } else {
        e.label.clone()
    };
    ((key, back), text)
}

/// Whether a walk in `direction` may go along `e` from the end it is listed
/// under (`reversed`: against the stored direction).
fn follows(direction: Direction, e: &EdgeOut, reversed: bool) -> bool {
    match direction {
        Direction::Any => true,
        Direction::Out => !reversed || e.symmetric,
        Direction::In => reversed || e.symmetric,
    }
}

/// Entities by distance, each under the relation that ties it to the level
/// before, read from there towards it; the other ties are noted after it.
///
/// # Complexity
/// O(N·E) for N entities and E relations in the answer (each entity scans the
/// relations for its own), plus sorting; both are bounded by the answer's limits.
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
    type Row = (usize, (String, bool), String, String, String);
    let mut rows: Vec<Row> = Vec::new();
    for n in &a.nodes {
        // (sort key, heading, parent's name); with a direction asked, only the
        // relations the walk could have come along.
        let mut links: Vec<((String, bool), String, String)> = Vec::new();
        for e in &a.edges {
            let (parent, reversed) = if e.to == n.node.id {
                (e.from.as_str(), false)
            } else if e.from == n.node.id {
                (e.to.as_str(), true)
            } else {
                continue;
            };
            if dist.get(parent) != Some(&(n.distance - 1)) || !follows(a.direction, e, reversed) {
                continue;
            }
            let (key, text) = heading(e, reversed);
            links.push((
                key,
                text,
                name.get(parent).copied().unwrap_or(parent).to_string(),
            ));
        }
        links.sort();
        links.dedup();
        let (key, label, parent) = links
            .first()
            .cloned()
            .unwrap_or_else(|| (("related".into(), false), "related".into(), String::new()));
        let mut line = typed(&n.node);
        if n.distance > 1 && !parent.is_empty() {
            line.push_str(&format!("  via {parent}"));
        }
        let mut others: Vec<&str> = links
            .iter()
            .skip(1)
            .map(|(_, l, _)| l.as_str())
            .filter(|l| *l != label)
            .collect();
        others.dedup();
        if !others.is_empty() {
            let shown = others.len().min(ALSO_SHOWN);
            let mut also = others[..shown].join(", ");
            if others.len() > shown {
                also.push_str(&format!(" and {} more", others.len() - shown));
            }
            line.push_str(&format!("  (also {also})"));
        }
        rows.push((n.distance, key, label, n.node.name.clone(), line));
    }
    rows.sort();
    let mut current: Option<(usize, &str)> = None;
    for (d, _, label, _, line) in &rows {
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
    truncation(w, a.truncated, a.reason.as_deref())
}

/// The closing line of an answer a bound cut short.
fn truncation(w: &mut dyn Write, truncated: bool, reason: Option<&str>) -> io::Result<()> {
    if truncated {
        writeln!(
            w,
            "\n(truncated: {})",
            reason.unwrap_or("a bound was reached")
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(label: &str, inverse: Option<&str>, symmetric: bool) -> EdgeOut {
        EdgeOut {
            from: "a".into(),
            to: "b".into(),
            kind: label.into(),
            label: label.into(),
            reversed: false,
            inverse: inverse.map(str::to_string),
            symmetric,
            evidence: Vec::new(),
            valid: None,
            confidence: None,
            id: None,
            number: None,
        }
    }

    #[test]
    fn shortened_names_keep_both_ends_within_the_width() {
        assert_eq!(shortened("abc", 3), "abc");
        assert_eq!(shortened("abcdefgh", 5), "ab…gh");
        assert_eq!(shortened("abcdefgh", 6), "abc…gh");
        let long = "/film/film/release_date_s./film/film_regional_release_date/film_release_region";
        let s = shortened(long, 41);
        assert_eq!(s.chars().count(), 41);
        assert!(s.starts_with("/film/film/release") && s.ends_with("/film_release_region"));
    }

    #[test]
    fn headings_read_from_the_parent_towards_the_entity() {
        let worded = edge("visits", Some("visited by"), false);
        assert_eq!(heading(&worded, false).1, "visits");
        assert_eq!(heading(&worded, true).1, "visited by");
        let dataset = edge("Consult", None, false);
        assert_eq!(heading(&dataset, false).1, "—Consult→");
        assert_eq!(heading(&dataset, true).1, "←Consult—");
        // The two readings of one dataset type sort together, forwards first.
        assert!(heading(&dataset, false).0 < heading(&dataset, true).0);
        assert!(heading(&dataset, true).0 < heading(&edge("Demand", None, false), false).0);
        let both = edge("partners with", None, true);
        assert_eq!(heading(&both, true).1, "partners with");
    }

    #[test]
    fn a_directed_walk_follows_only_its_direction_and_symmetric_types() {
        let e = edge("Consult", None, false);
        assert!(follows(Direction::Out, &e, false) && !follows(Direction::Out, &e, true));
        assert!(follows(Direction::In, &e, true) && !follows(Direction::In, &e, false));
        let s = edge("partners with", None, true);
        assert!(follows(Direction::Out, &s, true) && follows(Direction::In, &s, false));
    }

    #[test]
    fn arrows_never_read_backwards() {
        let mut e = edge("Consult", None, false);
        assert_eq!(arrow(&e), "—Consult→");
        e.reversed = true;
        assert_eq!(arrow(&e), "←Consult—");
        let mut w = edge("claimed by", Some("claimed by"), false);
        w.reversed = true;
        assert_eq!(arrow(&w), "—claimed by→");
    }
}
