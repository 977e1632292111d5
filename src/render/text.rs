//! Answers as readable text: an entity with its relations and evidence, counts as
//! aligned tables, paths as hop-by-hop explanations, listings (`list`) a line an
//! item, pattern answers (`matching`) as a table with each row's evidence.

mod list;
pub(crate) mod matching;

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::draw::validity;
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
        Answer::Entities(a) => list::entities(w, a),
        Answer::Relations(a) => list::relations(w, a),
        Answer::Match(a) => matching::answer(w, a),
    }
}

/// A node as text names it: "Japan (country)", or just "Japan" when its type
/// is the placeholder of an untyped dataset ("Japan (entity)" says nothing).
pub fn typed(n: &NodeOut) -> String {
    if n.untyped {
        n.name.to_string()
    } else {
        format!("{} ({})", n.name, n.kind)
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
    let mut sources: Vec<&str> = e.evidence.iter().map(|x| x.source.as_ref()).collect();
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
        ev.source.to_string()
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
    if a.truncated {
        writeln!(
            w,
            "  showing {} of {}",
            thousands(a.relations.len()),
            plural_grouped(a.total, "relation", "relations")
        )?;
    }
    if !a.filters.is_empty() {
        writeln!(w, "  filters: {}", filters(&a.filters))?;
    }
    if a.relations.is_empty() {
        let which = if a.filters.is_empty() {
            ""
        } else {
            " the filters allow"
        };
        writeln!(w, "\n  (no relations{which})")?;
        return truncation(w, a.truncated, a.reason.as_deref(), a.bound.as_deref());
    }
    let mut current: Option<(&str, bool)> = None;
    for r in &a.relations {
        let key = (r.edge.label.as_ref(), r.edge.reversed && !r.edge.symmetric);
        if current != Some(key) {
            let n = a
                .relations
                .iter()
                .filter(|x| (x.edge.label.as_ref(), x.edge.reversed && !x.edge.symmetric) == key)
                .count();
            // Of how many, when the limit cut the group.
            let of = a
                .groups
                .iter()
                .find(|g| (g.label.as_str(), g.reversed) == key)
                .map_or(n, |g| g.total);
            let heading = if r.edge.from_other_end() {
                format!("←{}—", r.edge.label)
            } else {
                r.edge.label.to_string()
            };
            if of > n {
                writeln!(w, "\n{heading} ({} of {})", thousands(n), thousands(of))?;
            } else {
                writeln!(w, "\n{heading} ({})", thousands(n))?;
            }
            current = Some(key);
        }
        let arrow = match (r.edge.symmetric, r.edge.from_other_end()) {
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
    let unshown: Vec<String> = a
        .groups
        .iter()
        .filter(|g| g.shown == 0)
        .map(|g| {
            let label = if g.from_other_end {
                format!("←{}—", g.label)
            } else {
                g.label.clone()
            };
            format!("{label} ({})", thousands(g.total))
        })
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
pub(crate) fn thousands(n: usize) -> String {
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

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The filters of an answer in command-line words: "--at 2016-04, --relations claims".
pub(crate) fn filters(described: &[String]) -> String {
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
            thousands(usize::try_from(total).unwrap_or(usize::MAX)),
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
        writeln!(w, "  {}", typed(&p.nodes[0]))?;
        for (hop, (first, next)) in p.edges.iter().zip(&p.nodes[1..]).enumerate() {
            let relations = p
                .hops
                .get(hop)
                .map_or(std::slice::from_ref(first), |h| h.relations.as_slice());
            match relations {
                [one] => {
                    writeln!(w, "    {} {}{}", one.arrow(), typed(next), qualifiers(one))?;
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
        typed(next),
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
        (_, true, _) => e.label.to_string(),
        (Some(inv), false, true) => inv.to_string(),
        (Some(_), false, false) => e.label.to_string(),
        (None, false, true) => format!("←{}—", e.label),
        (None, false, false) => format!("—{}→", e.label),
    };
    let key = if e.inverse.is_some() || e.symmetric {
        text.clone()
    } else {
        e.label.to_string()
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
    // A cut search stops at the limit, so how many there are in all is not known.
    let shown = if a.truncated && a.nodes.len() == a.limit {
        format!(
            "showing {} of more than {}",
            thousands(a.nodes.len()),
            plural_grouped(a.limit, "entity", "entities")
        )
    } else {
        plural_grouped(a.nodes.len(), "entity", "entities")
    };
    writeln!(
        w,
        "{}: {shown} within {}",
        a.center.name,
        plural(a.depth, "hop", "hops")
    )?;
    if !a.filters.is_empty() {
        writeln!(w, "filters: {}", filters(&a.filters))?;
    }
    let dist: std::collections::HashMap<&str, usize> = a
        .nodes
        .iter()
        .map(|n| (n.node.id.as_ref(), n.distance))
        .chain(std::iter::once((a.center.id.as_ref(), 0)))
        .collect();
    let name: std::collections::HashMap<&str, &str> = a
        .nodes
        .iter()
        .map(|n| (n.node.id.as_ref(), n.node.name.as_ref()))
        .chain(std::iter::once((
            a.center.id.as_ref(),
            a.center.name.as_ref(),
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
                (e.from.as_ref(), false)
            } else if e.from == n.node.id {
                (e.to.as_ref(), true)
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
        rows.push((n.distance, key, label, n.node.name.to_string(), line));
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

    fn edge(label: &str, inverse: Option<&str>, symmetric: bool) -> EdgeOut {
        EdgeOut {
            from: "a".into(),
            to: "b".into(),
            kind: label.into(),
            label: label.into(),
            reversed: false,
            inverse: inverse.map(Into::into),
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
        assert_eq!(e.arrow(), "—Consult→");
        e.reversed = true;
        assert_eq!(e.arrow(), "←Consult—");
        let mut w = edge("claimed by", Some("claimed by"), false);
        w.reversed = true;
        assert_eq!(w.arrow(), "—claimed by→");
    }
}
