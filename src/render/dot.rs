//! Answers as Graphviz DOT: the subgraph an answer talks about.
//!
//! Output is sorted and stable so diffs of it mean something. Every string is
//! escaped for DOT's quoted-string syntax, so names with quotes, backslashes or
//! newlines cannot break the file.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::query::answer::{EdgeOut, NodeOut};
use crate::query::Answer;

/// A DOT quoted string: `"` and `\` escaped, line breaks as `\n`, `&` as `&amp;`
/// (Graphviz decodes entities such as `&copy;` in labels), other control characters
/// dropped.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '&' => out.push_str("&amp;"),
            // Other control characters would make Graphviz's SVG invalid XML.
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Fill colours by entity type, cycled for types beyond the palette.
const PALETTE: [&str; 8] = [
    "#dbe9f6", "#fde2c8", "#d9f0d3", "#f6d5e5", "#e8e0f5", "#fff3c4", "#d5f0ef", "#eeeeee",
];

struct Picture<'a> {
    nodes: BTreeMap<&'a str, (&'a NodeOut, bool)>,
    edges: Vec<(&'a EdgeOut, bool)>,
    title: String,
}

pub fn write(w: &mut dyn Write, answer: &Answer) -> io::Result<()> {
    let mut p = Picture {
        nodes: BTreeMap::new(),
        edges: Vec::new(),
        title: String::new(),
    };
    fn add<'a>(p: &mut Picture<'a>, n: &'a NodeOut) {
        p.nodes.entry(&n.id).or_insert((n, false));
    }
    match answer {
        Answer::Path(a) => {
            p.title = format!("{} to {}", a.from.name, a.to.name);
            for path in &a.paths {
                for n in &path.nodes {
                    add(&mut p, n);
                }
                p.edges.extend(path.edges.iter().map(|e| (e, true)));
            }
            for n in [&a.from, &a.to] {
                p.nodes.insert(&n.id, (n, true));
            }
        }
        Answer::Neighbours(a) => {
            p.title = format!("within {} of {}", a.depth, a.center.name);
            p.nodes.insert(&a.center.id, (&a.center, true));
            for n in &a.nodes {
                add(&mut p, &n.node);
            }
            p.edges.extend(a.edges.iter().map(|e| (e, false)));
        }
        Answer::Entity(a) => {
            p.title = a.entity.node.name.clone();
            p.nodes.insert(&a.entity.node.id, (&a.entity.node, true));
            for r in &a.relations {
                add(&mut p, &r.other);
            }
            p.edges.extend(a.relations.iter().map(|r| (&r.edge, false)));
        }
        Answer::Stats(_) => {
            return Err(io::Error::other(
                "stats has no graph to draw; use --format text or json",
            ))
        }
    }
    // The same relation may be on several paths: draw it once.
    p.edges
        .sort_by(|a, b| (&a.0.from, &a.0.kind, &a.0.to).cmp(&(&b.0.from, &b.0.kind, &b.0.to)));
    p.edges.dedup_by(|a, b| a.0 == b.0);
    let mut types: Vec<&str> = p.nodes.values().map(|(n, _)| n.kind.as_str()).collect();
    types.sort();
    types.dedup();
    let colour = |t: &str| PALETTE[types.iter().position(|x| *x == t).unwrap_or(0) % PALETTE.len()];

    writeln!(w, "digraph kg {{")?;
    writeln!(
        w,
        "  graph [rankdir=LR, fontname=\"Helvetica\", label={}, labelloc=t];",
        quote(&p.title)
    )?;
    writeln!(
        w,
        "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];"
    )?;
    writeln!(w, "  edge [fontname=\"Helvetica\", fontsize=10];")?;
    for (id, (n, marked)) in &p.nodes {
        let pen = if *marked { ", penwidth=2.5" } else { "" };
        let label = format!("{}\n({})", n.name, n.kind);
        writeln!(
            w,
            "  {} [label={}, fillcolor=\"{}\"{pen}];",
            quote(id),
            quote(&label),
            colour(&n.kind)
        )?;
    }
    for (e, on_path) in &p.edges {
        let mut tip: Vec<String> = e
            .evidence
            .iter()
            .map(|ev| {
                let q = ev
                    .quote
                    .as_deref()
                    .map(|q| format!("“{q}” "))
                    .unwrap_or_default();
                format!(
                    "{q}— {}{}",
                    ev.source,
                    ev.date
                        .as_deref()
                        .map(|d| format!(", {d}"))
                        .unwrap_or_default()
                )
            })
            .collect();
        if tip.is_empty() {
            tip.push(e.kind.clone());
        }
        let mut attrs = format!(
            "label={}, tooltip={}",
            quote(&e.kind.replace('_', " ")),
            quote(&tip.join("\n"))
        );
        if e.symmetric {
            attrs.push_str(", dir=none");
        }
        if *on_path {
            attrs.push_str(", color=\"#c0392b\", penwidth=2");
        }
        writeln!(w, "  {} -> {} [{attrs}];", quote(&e.from), quote(&e.to))?;
    }
    writeln!(w, "}}")
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quotes_escape_what_dot_needs() {
        assert_eq!(quote(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(quote("x\ny"), r#""x\ny""#);
    }
}
