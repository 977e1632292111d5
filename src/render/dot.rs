//! Graphviz DOT of answers: a path's relations in red with its ends heavy and an
//! evidence table under it read hop by hop; the center of a neighbourhood (and
//! the entity of `show`) double-bordered, with the relations' evidence as
//! numbered footnotes; a pattern answer's matched relations with its returned
//! entities double-bordered and the evidence read row by row. The drawing
//! itself is [`crate::draw`]'s.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::draw::{
    validity, wrap, write_drawing, Drawing, Edge, Evidence, Mark, Node, Notes, PanelRow,
    SourceNote, PANEL_ROWS, PANEL_WIDTH,
};
use crate::model::schema::relation_label;
use crate::query::answer::{Cell, EdgeOut, MatchOut, NodeOut, PathOut, RelationsMet, SourceOut};
use crate::query::Answer;
use crate::render::text::matching::{cell_text, reading as match_reading};
use crate::render::text::{filters, thousands};

fn node(n: &NodeOut, mark: Mark) -> Node<'_> {
    Node {
        id: &n.id,
        name: &n.name,
        kind: &n.kind,
        untyped: n.untyped,
        mark,
    }
}

fn edge(e: &EdgeOut, on_path: bool) -> Edge<'_> {
    Edge {
        from: &e.from,
        to: &e.to,
        kind: &e.kind,
        // Drawn along its stored direction: the type's own label, which the
        // answer's `label` is unless it reads the relation backwards by its inverse.
        label: if e.reversed && !e.symmetric && e.inverse.is_some() {
            Cow::Owned(relation_label(&e.kind))
        } else {
            Cow::Borrowed(&e.label)
        },
        symmetric: e.symmetric,
        evidence: e
            .evidence
            .iter()
            .map(|ev| Evidence {
                source: &ev.source,
                quote: ev.quote.as_deref(),
                date: ev.date.as_deref().map(Cow::Borrowed),
                background: ev.background,
            })
            .collect(),
        valid: e.valid.as_deref().map(Cow::Borrowed),
        confidence: e.confidence,
        on_path,
    }
}

/// The relations of hop `i` of `path`: all of them, or the first alone in an
/// answer written before hops were folded.
fn hop(path: &PathOut, i: usize) -> &[EdgeOut] {
    match path.hops.get(i) {
        Some(h) => &h.relations,
        None => std::slice::from_ref(&path.edges[i]),
    }
}

/// Footnotes citing `sources`, whose left-out rows `kg VERB NAME` lists.
fn notes(verb: &str, name: &str, sources: &[SourceOut]) -> Notes {
    let mut sources: Vec<SourceNote> = sources
        .iter()
        .map(|s| SourceNote {
            id: s.id.clone(),
            title: s.title.clone(),
            about: [&s.publisher, &s.date, &s.url]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    Notes {
        more: format!("kg {verb} {} lists them", shell_word(name)),
        sources,
    }
}

/// `name` as one word of a command line: quoted when it holds anything but
/// letters, digits and `-_.`.
fn shell_word(name: &str) -> Cow<'_, str> {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(format!("'{}'", name.replace('\'', "'\\''")))
    }
}

/// `; --limit shows more`: the option of the command line and the REPL (where
/// drawings are asked for) that would show more, named by the answer's `bound`.
fn more_hint(bound: Option<&str>) -> String {
    bound.map_or_else(String::new, |b| {
        format!("; --{} shows more", b.replace('_', "-"))
    })
}

/// ` · filters: --relations claims, --at 2016-04`, when any were in force: a
/// drawing of a filtered answer must not pass for the whole picture.
fn push_filters(title: &mut String, described: &[String]) {
    if !described.is_empty() {
        title.push_str(&format!(" · filters: {}", filters(described)));
    }
}

/// The documents `sources` under an evidence panel, each once, headed
/// "Sources", as far as the panel has room.
fn source_rows(d: &mut Drawing, sources: &[SourceOut]) {
    if sources.is_empty() || d.panel.len() >= PANEL_ROWS {
        return;
    }
    d.panel.push(PanelRow {
        reading: "Sources".into(),
        evidence: Vec::new(),
        heading: true,
    });
    for s in sources {
        // The title as the quote is shown, the rest as its attribution.
        let rest: Vec<&str> = [&s.publisher, &s.date, &s.url]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        let rest = if rest.is_empty() && s.title.is_none() {
            "no title or publisher recorded".to_string()
        } else {
            rest.join(", ")
        };
        d.panel.push(PanelRow {
            reading: s.id.clone(),
            evidence: vec![(s.title.clone(), rest)],
            heading: false,
        });
    }
}

/// Past this many rows, a pattern drawing's panel stops heading each row and
/// reads only the relations: the headings would crowd out the evidence.
const ROW_HEADINGS: usize = 6;

/// A pattern answer's drawing: the union of the relations its rows matched,
/// the entities its cells return double-bordered, and under it the evidence
/// panel, row by row (each relation read once, the first time a row uses it).
fn match_drawing<'a>(
    m: &'a MatchOut,
    d: &mut Drawing,
    nodes: &mut BTreeMap<&'a str, Node<'a>>,
    edges: &mut Vec<(&'a EdgeOut, bool)>,
) {
    let a = &m.answer;
    let rows = thousands(a.rows.len());
    d.title = format!(
        "{} {} of the pattern ({})",
        rows,
        if a.rows.len() == 1 { "row" } else { "rows" },
        a.columns.join(", ")
    );
    if a.truncated {
        d.title.push_str(&format!(
            ": {}",
            a.reason.as_deref().unwrap_or("and there are more")
        ));
    }
    d.center_means = "returned by a row";
    let returned: std::collections::HashSet<&str> = a
        .rows
        .iter()
        .flat_map(|r| r.iter())
        .flat_map(entities_of)
        .collect();
    for n in &m.entities {
        let mark = if returned.contains(n.id.as_ref()) {
            Mark::Center
        } else {
            Mark::None
        };
        nodes.insert(&n.id, node(n, mark));
    }
    let names: std::collections::HashMap<&str, &NodeOut> =
        m.entities.iter().map(|n| (n.id.as_ref(), n)).collect();
    let mut seen = RelationsMet::default();
    let headed = a.rows.len() > 1 && a.rows.len() <= ROW_HEADINGS;
    for (i, (row, relations)) in a.rows.iter().zip(&a.relations).enumerate() {
        if headed && !relations.is_empty() && d.panel.len() < PANEL_ROWS {
            let cells: Vec<String> = row.iter().map(cell_text).collect();
            d.panel.push(PanelRow {
                reading: wrap(
                    &format!("Row {}: {}", i + 1, cells.join(", ")),
                    PANEL_WIDTH + 30,
                )
                .join("\n"),
                evidence: Vec::new(),
                heading: true,
            });
        }
        for e in relations {
            edges.push((e, false));
            if !seen.first(e) {
                continue;
            }
            if d.panel.len() >= PANEL_ROWS {
                d.panel_more += 1;
                continue;
            }
            let mut reading = match_reading(e, &names);
            if let Some(v) = &e.valid {
                reading.push_str(&format!(" · {}", validity(v)));
            }
            d.panel.push(PanelRow {
                reading,
                evidence: edge(e, false)
                    .evidence
                    .iter()
                    .map(|ev| (ev.quote.map(str::to_string), ev.attribution()))
                    .collect(),
                heading: false,
            });
        }
    }
    source_rows(d, &a.sources);
}

/// The entity ids a cell holds (a list's, in order).
fn entities_of(c: &Cell) -> Vec<&str> {
    match c {
        Cell::Entity(n) => vec![n.id.as_ref()],
        Cell::List(items) => items.iter().flat_map(entities_of).collect(),
        Cell::Relation(_) | Cell::Value(_) => Vec::new(),
    }
}

/// Past this many lines (pairs of entities with relations), a neighbourhood or
/// `show` drawing keeps the lines between two entities other than the center
/// quiet ([`Drawing::quiet_context`]). The seed graph's neighbourhoods have a
/// dozen; an ICEWS14 minister's has hundreds.
pub const QUIET_LINES: usize = 40;

/// The drawing of an answer and its edges, sorted. Stats have no drawing.
pub fn answer_drawing(answer: &Answer) -> io::Result<(Drawing<'_>, Vec<Edge<'_>>)> {
    let mut nodes: BTreeMap<&str, Node> = BTreeMap::new();
    let mut edges: Vec<(&EdgeOut, bool)> = Vec::new();
    let mut d = Drawing::default();
    fn add<'a>(nodes: &mut BTreeMap<&'a str, Node<'a>>, n: &'a NodeOut, mark: Mark) {
        let entry = nodes.entry(&n.id).or_insert_with(|| node(n, mark));
        if mark != Mark::None {
            entry.mark = mark;
        }
    }
    match answer {
        Answer::Path(a) => {
            d.title = format!("{} to {}", a.from.name, a.to.name);
            let mut seen: Vec<&EdgeOut> = Vec::new();
            for (k, path) in a.paths.iter().enumerate() {
                for n in &path.nodes {
                    add(&mut nodes, n, Mark::None);
                }
                if a.paths.len() > 1 && d.panel.len() < PANEL_ROWS {
                    let mut route = format!("Route {}: {}", k + 1, path.nodes[0].name);
                    for (i, n) in path.nodes[1..].iter().enumerate() {
                        match hop(path, i) {
                            [e] => route.push_str(&format!(" {} {}", e.arrow(), n.name)),
                            many => {
                                route.push_str(&format!(" ⇒ {} ({} relations)", n.name, many.len()))
                            }
                        }
                    }
                    d.panel.push(PanelRow {
                        reading: wrap(&route, PANEL_WIDTH + 30).join("\n"),
                        evidence: Vec::new(),
                        heading: true,
                    });
                }
                let relations =
                    (0..path.length).flat_map(|i| hop(path, i).iter().map(move |e| (i, e)));
                for (i, e) in relations {
                    edges.push((e, true));
                    if seen.iter().any(|s| s.same_relation(e)) {
                        continue;
                    }
                    seen.push(e);
                    if d.panel.len() == PANEL_ROWS {
                        d.panel_more += 1;
                        continue;
                    }
                    let mut reading = format!(
                        "{} {} {}",
                        path.nodes[i].name,
                        e.arrow(),
                        path.nodes[i + 1].name
                    );
                    // When it holds, apart from when a source reported it.
                    if let Some(v) = &e.valid {
                        reading.push_str(&format!(" · {}", validity(v)));
                    }
                    d.panel.push(PanelRow {
                        reading,
                        evidence: edge(e, true)
                            .evidence
                            .iter()
                            .map(|ev| (ev.quote.map(str::to_string), ev.attribution()))
                            .collect(),
                        heading: false,
                    });
                }
            }
            for n in [&a.from, &a.to] {
                add(&mut nodes, n, Mark::End);
            }
            // Under the evidence, each cited document once.
            source_rows(&mut d, &a.sources);
        }
        Answer::Neighbours(a) => {
            d.title = format!(
                "Within {} hop{} of {}",
                a.depth,
                if a.depth == 1 { "" } else { "s" },
                a.center.name
            );
            if a.truncated {
                // The answer knows how many it kept, not how many there are.
                d.title.push_str(&format!(
                    ": the first {} entities, and there are more{}",
                    thousands(a.nodes.len()),
                    more_hint(a.bound.as_deref())
                ));
            }
            push_filters(&mut d.title, &a.filters);
            d.notes = Some(notes("neighbours", &a.center.name, &a.sources));
            d.center_means = "center of the neighbourhood";
            add(&mut nodes, &a.center, Mark::Center);
            for n in &a.nodes {
                add(&mut nodes, &n.node, Mark::None);
            }
            edges.extend(a.edges.iter().map(|e| (e, false)));
        }
        Answer::Entity(a) => {
            d.title = a.entity.node.name.to_string();
            if a.truncated {
                d.title.push_str(&format!(
                    ": showing {} of {} relations{}",
                    thousands(a.relations.len()),
                    thousands(a.total),
                    more_hint(a.bound.as_deref())
                ));
            }
            push_filters(&mut d.title, &a.filters);
            d.notes = Some(notes("show", &a.entity.node.name, &a.sources));
            d.center_means = "the entity shown";
            add(&mut nodes, &a.entity.node, Mark::Center);
            for r in &a.relations {
                add(&mut nodes, &r.other, Mark::None);
            }
            edges.extend(a.relations.iter().map(|r| (&r.edge, false)));
        }
        Answer::Entities(a) => {
            d.title = match &a.kind {
                Some(t) => format!("Entities of type {t}"),
                None => "Entities".to_string(),
            };
            if let Some(p) = &a.prefix {
                d.title.push_str(&format!(" beginning with '{p}'"));
            }
            if a.truncated {
                d.title.push_str(&format!(
                    ": showing {} of {}{}",
                    thousands(a.entities.len()),
                    thousands(a.total),
                    more_hint(a.bound.as_deref())
                ));
            }
            for e in &a.entities {
                add(&mut nodes, &e.node, Mark::None);
            }
        }
        Answer::Relations(a) => {
            d.title = match a.types.as_slice() {
                [] => "Relations".to_string(),
                [one] => format!("Relations of type {one}"),
                many => format!("Relations of types {}", many.join(", ")),
            };
            if a.truncated {
                d.title.push_str(&format!(
                    ": showing {} of {}{}",
                    thousands(a.relations.len()),
                    thousands(a.total),
                    more_hint(a.bound.as_deref())
                ));
            }
            push_filters(&mut d.title, &a.filters);
            for n in &a.entities {
                add(&mut nodes, n, Mark::None);
            }
            edges.extend(a.relations.iter().map(|e| (e, false)));
        }
        Answer::Match(m) => match_drawing(m, &mut d, &mut nodes, &mut edges),
        Answer::Stats(_) => {
            return Err(io::Error::other(
                "stats has no graph to draw; use --format text or json",
            ))
        }
    }
    d.nodes = nodes.into_values().collect();
    // The same relation may be on several paths: draw it once.
    let mut met = RelationsMet::default();
    let unique: Vec<(&EdgeOut, bool)> = edges.into_iter().filter(|(e, _)| met.first(e)).collect();
    let mut edges: Vec<Edge> = unique.into_iter().map(|(e, p)| edge(e, p)).collect();
    edges.sort_by(|a, b| a.key().cmp(&b.key()));
    let lines = 1 + edges
        .windows(2)
        .filter(|w| w[0].pair() != w[1].pair())
        .count();
    d.quiet_context = lines > QUIET_LINES && d.nodes.iter().any(|n| n.mark == Mark::Center);
    Ok((d, edges))
}

/// Writes `answer` as DOT.
pub fn write(w: &mut dyn Write, answer: &Answer) -> io::Result<()> {
    let (d, edges) = answer_drawing(answer)?;
    write_drawing(w, &d, edges.into_iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pattern answer with a confidence (a float) and every kind of cell.
    const MATCH_JSON: &str = r#"{"columns": ["p", "r", "n", "x"],
        "rows": [[{"id": "a", "name": "A", "type": "person"},
                  {"type": "visits", "from": "a", "to": "b"}, 2, null]],
        "relations": [[{"from": "a", "to": "b", "type": "visits", "label": "visits",
                        "reversed": false, "evidence": [{"source": "s", "quote": "A visits B"}],
                        "confidence": 0.9}]],
        "truncated": false, "limit": 1000,
        "entities": [{"id": "a", "name": "A", "type": "person"},
                     {"id": "b", "name": "B", "type": "city"}]}"#;

    #[test]
    fn a_pattern_answer_reads_back_as_one_and_draws_its_relations() {
        let answer: Answer = serde_json::from_str(MATCH_JSON).unwrap();
        let Answer::Match(m) = &answer else {
            panic!("{answer:?}")
        };
        assert_eq!(m.entities.len(), 2);
        assert_eq!(m.answer.relations[0][0].confidence, Some(0.9));
        let back: Answer = serde_json::from_str(&serde_json::to_string(&answer).unwrap()).unwrap();
        assert_eq!(back, answer);
        let mut dot = Vec::new();
        write(&mut dot, &answer).unwrap();
        let dot = String::from_utf8(dot).unwrap();
        assert!(dot.contains("\"a\" -> \"b\""), "{dot}");
        assert!(dot.contains("A visits B"), "{dot}");
        assert!(dot.contains("1 row of the pattern (p, r, n, x)"), "{dot}");
    }

    #[test]
    fn a_relation_several_rows_matched_is_drawn_once() {
        let mut answer: Answer = serde_json::from_str(MATCH_JSON).unwrap();
        let Answer::Match(m) = &mut answer else {
            unreachable!()
        };
        let mut e = m.answer.relations[0][0].clone();
        e.number = Some(7);
        let mut row = m.answer.rows[0].clone();
        row[2] = Cell::Value(serde_json::json!(3));
        m.answer.rows = vec![m.answer.rows[0].clone(), row];
        m.answer.relations = vec![vec![e.clone()], vec![e.clone()]];
        // Another relation between the same ends is another line.
        let mut other = e.clone();
        other.number = Some(8);
        m.answer.relations[1].push(other);
        let mut dot = Vec::new();
        write(&mut dot, &answer).unwrap();
        let dot = String::from_utf8(dot).unwrap();
        // One line for the pair, counting two relations (7 once, and 8), not three.
        assert_eq!(dot.matches("\"a\" -> \"b\"").count(), 1, "{dot}");
        assert!(dot.contains("label=\"visits ×2\""), "{dot}");
    }

    #[test]
    fn names_in_hints_are_one_shell_word() {
        assert_eq!(shell_word("Japan"), "Japan");
        assert_eq!(shell_word("Sergei Lavrov"), "'Sergei Lavrov'");
        assert_eq!(shell_word("O'Brien"), r"'O'\''Brien'");
        assert_eq!(shell_word(""), "''");
    }
}
