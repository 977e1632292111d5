//! Graphviz DOT of answers: a path's relations in red with its ends heavy, the
//! center of a neighbourhood (and the entity of `show`) double-bordered, and an
//! evidence table under a path. The drawing itself is [`crate::draw`]'s.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::draw::{
    wrap, write_drawing, Drawing, Edge, Evidence, Mark, Node, PanelRow, PANEL_ROWS, PANEL_WIDTH,
};
use crate::query::answer::{EdgeOut, NodeOut};
use crate::query::Answer;

fn node(n: &NodeOut, mark: Mark) -> Node<'_> {
    Node {
        id: &n.id,
        name: &n.name,
        kind: &n.kind,
        mark,
    }
}

fn edge(e: &EdgeOut, on_path: bool) -> Edge<'_> {
    Edge {
        from: &e.from,
        to: &e.to,
        kind: &e.kind,
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

/// Whether two answer edges are the same relation (perhaps walked different ways).
fn same_relation(a: &EdgeOut, b: &EdgeOut) -> bool {
    a.from == b.from
        && a.to == b.to
        && a.kind == b.kind
        && a.evidence == b.evidence
        && a.valid == b.valid
        && a.confidence == b.confidence
        && a.id == b.id
}

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
                    let mut route = format!("Path {}: {}", k + 1, path.nodes[0].name);
                    for (e, n) in path.edges.iter().zip(&path.nodes[1..]) {
                        route.push_str(&format!(" {} {}", super::text::arrow(e), n.name));
                    }
                    d.panel.push(PanelRow {
                        reading: wrap(&route, PANEL_WIDTH + 30).join("\n"),
                        evidence: Vec::new(),
                        heading: true,
                    });
                }
                for (i, e) in path.edges.iter().enumerate() {
                    edges.push((e, true));
                    if seen.iter().any(|s| same_relation(s, e)) {
                        continue;
                    }
                    seen.push(e);
                    if d.panel.len() == PANEL_ROWS {
                        d.panel_more += 1;
                        continue;
                    }
                    d.panel.push(PanelRow {
                        reading: format!(
                            "{} {} {}",
                            path.nodes[i].name,
                            super::text::arrow(e),
                            path.nodes[i + 1].name
                        ),
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
            if !a.sources.is_empty() && d.panel.len() < PANEL_ROWS {
                d.panel.push(PanelRow {
                    reading: "Sources".into(),
                    evidence: Vec::new(),
                    heading: true,
                });
                for s in &a.sources {
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
        }
        Answer::Neighbours(a) => {
            d.title = format!(
                "Within {} hop{} of {}",
                a.depth,
                if a.depth == 1 { "" } else { "s" },
                a.center.name
            );
            add(&mut nodes, &a.center, Mark::Center);
            for n in &a.nodes {
                add(&mut nodes, &n.node, Mark::None);
            }
            edges.extend(a.edges.iter().map(|e| (e, false)));
        }
        Answer::Entity(a) => {
            d.title = a.entity.node.name.clone();
            add(&mut nodes, &a.entity.node, Mark::Center);
            for r in &a.relations {
                add(&mut nodes, &r.other, Mark::None);
            }
            edges.extend(a.relations.iter().map(|r| (&r.edge, false)));
        }
        Answer::Stats(_) => {
            return Err(io::Error::other(
                "stats has no graph to draw; use --format text or json",
            ))
        }
    }
    d.nodes = nodes.into_values().collect();
    // The same relation may be on several paths: draw it once.
    let mut unique: Vec<(&EdgeOut, bool)> = Vec::with_capacity(edges.len());
    for (e, on_path) in edges {
        if !unique.iter().any(|(u, _)| same_relation(u, e)) {
            unique.push((e, on_path));
        }
    }
    let mut edges: Vec<Edge> = unique.into_iter().map(|(e, p)| edge(e, p)).collect();
    edges.sort_by(|a, b| a.key().cmp(&b.key()));
    Ok((d, edges))
}

/// Writes `answer` as DOT.
pub fn write(w: &mut dyn Write, answer: &Answer) -> io::Result<()> {
    let (d, edges) = answer_drawing(answer)?;
    write_drawing(w, &d, edges.into_iter())
}
