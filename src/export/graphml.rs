//! The graph as GraphML (`kg export --format graphml`), for NetworkX, Gephi, yEd,
//! igraph and Cytoscape.
//!
//! Typed attributes, declared with `<key attr.type=...>`:
//!
//! | for | attr.name | attr.type | holds |
//! |---|---|---|---|
//! | node | `name`, `label` | string | the display name (`label` is what Gephi shows) |
//! | node | `type` | string | the entity type |
//! | node | `aliases` | string | the aliases joined with ` \| ` (absent when none) |
//! | node | `attributes` | string | free attributes as a JSON object (absent when none) |
//! | edge | `type` | string | the relation type id |
//! | edge | `label` | string | the relation read forwards (`based in`) |
//! | edge | `inverse` | string | the relation read backwards (`home of`), when declared |
//! | edge | `symmetric` | boolean | whether the relation reads the same both ways |
//! | edge | `evidence` | string | JSON array of `{source, quote, date}`, as in kg JSON |
//! | edge | `valid` | string | `DATE` or `DATE .. DATE` |
//! | edge | `confidence` | double | 0 to 1 |
//! | edge | `relation_id` | string | the relation's own id, when it has one |
//! | edge | `attributes` | string | free attributes as a JSON object |
//!
//! Node ids are entity ids (an id with characters XML forbids gets them as
//! control pictures, kept apart from every other id); edge ids are `e1`, `e2`,
//! ... in output order. Nodes
//! come sorted by id, edges by source, type, target. The graph is directed
//! (`edgedefault="directed"`); symmetric relations are single edges with
//! `symmetric` true. Text is XML-escaped, and the characters XML 1.0 forbids
//! (control characters other than tab, line feed and carriage return) are dropped;
//! a carriage return is written `&#13;` so XML readers keep it.

use std::io::{self, Write};

use crate::model::{EntityId, KnowledgeGraph};

use super::{evidence_json, sorted_entities, sorted_relations};

/// The separator of aliases in the `aliases` attribute.
pub const ALIAS_SEPARATOR: &str = " | ";

/// XML text or attribute value: `& < > " '` as entities, tab and line breaks as
/// character references (so attribute values keep them), characters XML 1.0
/// forbids dropped.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if forbidden_in_xml(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// XML element text: like [`xml`], but quotes, tabs and line feeds stay as they
/// are (they mean nothing in text), so evidence JSON stays readable.
pub fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if forbidden_in_xml(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Characters XML 1.0 does not allow anywhere, even as references.
pub fn forbidden_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

const KEYS: [(&str, &str, &str, &str); 14] = [
    ("n_name", "node", "name", "string"),
    ("n_label", "node", "label", "string"),
    ("n_type", "node", "type", "string"),
    ("n_aliases", "node", "aliases", "string"),
    ("n_attributes", "node", "attributes", "string"),
    ("e_type", "edge", "type", "string"),
    ("e_label", "edge", "label", "string"),
    ("e_inverse", "edge", "inverse", "string"),
    ("e_symmetric", "edge", "symmetric", "boolean"),
    ("e_evidence", "edge", "evidence", "string"),
    ("e_valid", "edge", "valid", "string"),
    ("e_confidence", "edge", "confidence", "double"),
    ("e_relation_id", "edge", "relation_id", "string"),
    ("e_attributes", "edge", "attributes", "string"),
];

fn data(w: &mut dyn Write, key: &str, value: &str) -> io::Result<()> {
    write!(w, "<data key=\"{key}\">{}</data>", xml_text(value))
}

/// Writes all of `g` as GraphML.
pub fn write(w: &mut dyn Write, g: &KnowledgeGraph) -> io::Result<()> {
    let s = g.schema();
    writeln!(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        w,
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">"
    )?;
    for (id, domain, name, kind) in KEYS {
        writeln!(
            w,
            "  <key id=\"{id}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{kind}\"/>"
        )?;
    }
    writeln!(w, "  <graph id=\"kg\" edgedefault=\"directed\">")?;
    let sorted = sorted_entities(g);
    let renamed = super::stand_in_ids(g, &sorted, forbidden_in_xml);
    let node_id = |id: EntityId| xml(renamed.get(&id).map_or(g.entity(id).id, String::as_str));
    for id in sorted {
        let e = g.entity(id);
        write!(w, "    <node id=\"{}\">", node_id(id))?;
        data(w, "n_name", e.name)?;
        data(w, "n_label", e.name)?;
        data(w, "n_type", &s.entity_type(e.kind).id)?;
        if !e.aliases.is_empty() {
            let aliases: Vec<&str> = e.aliases.iter().map(|a| &*a.text).collect();
            data(w, "n_aliases", &aliases.join(ALIAS_SEPARATOR))?;
        }
        if let Some(a) = e.attributes.filter(|a| !a.is_empty()) {
            data(w, "n_attributes", &serde_json::to_string(a)?)?;
        }
        writeln!(w, "</node>")?;
    }
    for (n, r) in sorted_relations(g).into_iter().enumerate() {
        let (a, t, b) = g.relation_ends(r);
        let rt = s.relation_type(t);
        let rel = g.relation(r);
        let detail = rel.detail.as_deref();
        write!(
            w,
            "    <edge id=\"e{}\" source=\"{}\" target=\"{}\">",
            n + 1,
            node_id(a),
            node_id(b)
        )?;
        data(w, "e_type", &rt.id)?;
        data(w, "e_label", &rt.label())?;
        if let Some(inv) = rt.inverse.as_deref().filter(|_| !rt.symmetric) {
            data(w, "e_inverse", inv)?;
        }
        data(
            w,
            "e_symmetric",
            if rt.symmetric { "true" } else { "false" },
        )?;
        if !rel.evidence().is_empty() {
            data(w, "e_evidence", &evidence_json(g, rel))?;
        }
        if let Some(v) = rel.valid {
            data(w, "e_valid", &v.to_string())?;
        }
        if let Some(c) = detail.and_then(|d| d.confidence) {
            data(w, "e_confidence", &c.to_string())?;
        }
        if let Some(id) = detail.and_then(|d| d.id.as_deref()) {
            data(w, "e_relation_id", id)?;
        }
        if let Some(a) = detail.map(|d| &d.attributes).filter(|a| !a.is_empty()) {
            data(w, "e_attributes", &serde_json::to_string(a)?)?;
        }
        writeln!(w, "</edge>")?;
    }
    writeln!(w, "  </graph>")?;
    writeln!(w, "</graphml>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_differing_in_forbidden_characters_stay_apart() {
        let doc = r#"{"entities": [{"id": "a"}, {"id": "a\u0001"}, {"id": "a\u2401"},
                      {"id": "b\u0000"}, {"id": "a\u0001\u0001"}]}"#;
        let g = crate::load::extend_json(&KnowledgeGraph::new(), "t.json", doc.into()).unwrap();
        let mut out = Vec::new();
        write(&mut out, &g).unwrap();
        let text = String::from_utf8(out).unwrap();
        let ids: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("<node id=\""))
            .map(|l| &l[..l.find('"').unwrap()])
            .collect();
        // In id order: a, a\u{1} (its picture spelling is the real a␁'s), a\u{1}\u{1}, a␁, b\0.
        assert_eq!(
            ids,
            [
                "a",
                "a\u{2401}~2",
                "a\u{2401}\u{2401}",
                "a\u{2401}",
                "b\u{2400}"
            ]
        );
    }

    #[test]
    fn xml_escapes_and_drops_what_it_must() {
        assert_eq!(xml("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(xml("x\u{0}\u{1b}y\u{fffe}"), "xy");
        assert_eq!(xml("l1\nl2\r\tz"), "l1&#10;l2&#13;&#9;z");
        assert_eq!(xml("🦀 é ]]>"), "🦀 é ]]&gt;");
        assert_eq!(
            xml_text("\"q\" 'a'\n\t<&>\r\u{1}"),
            "\"q\" 'a'\n\t&lt;&amp;&gt;&#13;"
        );
    }
}
