//! The graph as RDF N-Triples (`kg export --format ntriples`), for Oxigraph,
//! Jena, rdflib and any SPARQL store. The IRI scheme and every triple written are
//! specified in `docs/export.md`; in short, under a base IRI `B` (default
//! [`DEFAULT_BASE`], `--base` to change it):
//!
//! - `B entity/ID`, `B type/TYPE`, `B relation/TYPE`, `B source/ID`, with the id
//!   percent-encoded (every byte but `A-Z a-z 0-9 - . _ ~`);
//! - each relation is the triple `<from> <B relation/TYPE> <to>`; a relation with
//!   evidence, validity, confidence, an id or attributes is also described by an
//!   RDF reification `B statement/FROM/TYPE/TO` (with `/2`, `/3`, ... for further
//!   relations of the same ends and type), whose evidence items are
//!   `B statement/FROM/TYPE/TO#e1`, `#e2`, ...;
//! - kg's own terms are `B vocab/NAME`.
//!
//! Lines come sorted: schema, sources, entities by id, relations by ends and type.

use std::io::{self, Write};

use crate::date::Date;
use crate::error::{Error, Result};
use crate::model::{KnowledgeGraph, RelationId};

use super::{sorted_entities, sorted_relations};

/// The base IRI when none is given.
pub const DEFAULT_BASE: &str = "https://kg.example/";

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
const OWL: &str = "http://www.w3.org/2002/07/owl#";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const DCTERMS: &str = "http://purl.org/dc/terms/";

/// Checks a base IRI given with `--base`; one not ending in `/`, `#` or `:` gets a `/`.
///
/// # Errors
/// An IRI without a scheme, or with characters N-Triples does not allow in IRIs.
pub fn check_base(base: &str) -> Result<String> {
    let scheme_ok = base.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if !scheme_ok {
        return Err(Error::bad_request(format!(
            "'{base}' is not an absolute IRI; give one such as {DEFAULT_BASE}"
        )));
    }
    if let Some(c) = base
        .chars()
        .find(|&c| c <= ' ' || "<>\"{}|^`\\".contains(c))
    {
        return Err(Error::bad_request(format!(
            "the base IRI '{base}' has a character IRIs cannot hold: {c:?}"
        )));
    }
    let mut b = base.to_string();
    if !b.ends_with(['/', '#', ':']) {
        b.push('/');
    }
    Ok(b)
}

/// Percent-encodes every byte of `s` but the unreserved `A-Z a-z 0-9 - . _ ~`.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An N-Triples string literal: `\`, `"`, line feed, carriage return and tab
/// escaped, other control characters as `\uXXXX`; everything else as UTF-8.
pub fn literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A date as a typed literal: `xsd:date`, `xsd:gYearMonth` or `xsd:gYear` by precision.
fn date_literal(d: Date) -> String {
    let text = d.to_string();
    let kind = match text.len() {
        4 => "gYear",
        7 => "gYearMonth",
        _ => "date",
    };
    format!("\"{text}\"^^<{XSD}{kind}>")
}

/// Writes triples, one per line.
struct Out<'w> {
    w: &'w mut dyn Write,
    base: String,
}

impl Out<'_> {
    fn iri(&self, kind: &str, id: &str) -> String {
        format!("<{}{kind}/{}>", self.base, encode(id))
    }

    fn vocab(&self, term: &str) -> String {
        format!("<{}vocab/{term}>", self.base)
    }

    fn triple(&mut self, s: &str, p: &str, o: &str) -> io::Result<()> {
        writeln!(self.w, "{s} {p} {o} .")
    }
}

fn term(ns: &str, name: &str) -> String {
    format!("<{ns}{name}>")
}

/// Writes all of `g` as N-Triples under `base` (already checked by [`check_base`]).
pub fn write(w: &mut dyn Write, g: &KnowledgeGraph, base: &str) -> io::Result<()> {
    let mut o = Out {
        w,
        base: base.to_string(),
    };
    let s = g.schema();
    let rdf_type = term(RDF, "type");
    let label = term(RDFS, "label");
    let comment = term(RDFS, "comment");

    // Entity types: those declared or in use.
    let mut types: Vec<_> = s
        .entity_types()
        .filter(|(id, t)| t.declared || !g.entities_of_type(*id).is_empty())
        .collect();
    types.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    for (_, t) in types {
        let iri = o.iri("type", &t.id);
        o.triple(&iri, &rdf_type, &term(RDFS, "Class"))?;
        o.triple(&iri, &label, &literal(&t.id))?;
        if let Some(d) = &t.description {
            o.triple(&iri, &comment, &literal(d))?;
        }
    }
    // Relation types: those declared or in use.
    let mut rtypes: Vec<_> = s
        .relation_types()
        .filter(|(id, t)| t.declared || !g.relations_of_type(*id).is_empty())
        .collect();
    rtypes.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    for (_, t) in rtypes {
        let iri = o.iri("relation", &t.id);
        o.triple(&iri, &rdf_type, &term(RDF, "Property"))?;
        o.triple(&iri, &label, &literal(&t.label()))?;
        if t.symmetric {
            o.triple(&iri, &rdf_type, &term(OWL, "SymmetricProperty"))?;
        } else if let Some(inv) = &t.inverse {
            let p = o.vocab("inverseLabel");
            o.triple(&iri, &p, &literal(inv))?;
        }
        if let Some(d) = &t.description {
            o.triple(&iri, &comment, &literal(d))?;
        }
        for (scheme, code) in &t.codes {
            let p = o.vocab("code");
            o.triple(&iri, &p, &literal(&format!("{scheme}:{code}")))?;
        }
        for (term, ends) in [("from", &t.from), ("to", &t.to)] {
            let p = o.vocab(term);
            let mut names: Vec<&str> = ends.iter().map(|&e| &*s.entity_type(e).id).collect();
            names.sort_unstable();
            for n in names {
                let obj = o.iri("type", n);
                o.triple(&iri, &p, &obj)?;
            }
        }
    }
    // Sources.
    let mut sources: Vec<_> = g.sources().map(|(_, src)| src).collect();
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    for src in sources {
        let iri = o.iri("source", &src.id);
        let class = o.vocab("Source");
        o.triple(&iri, &rdf_type, &class)?;
        let p = o.vocab("id");
        o.triple(&iri, &p, &literal(&src.id))?;
        if let Some(t) = &src.title {
            o.triple(&iri, &term(DCTERMS, "title"), &literal(t))?;
        }
        if let Some(p) = &src.publisher {
            o.triple(&iri, &term(DCTERMS, "publisher"), &literal(p))?;
        }
        if let Some(d) = src.date {
            o.triple(&iri, &term(DCTERMS, "date"), &date_literal(d))?;
        }
        if let Some(u) = &src.url {
            let p = o.vocab("url");
            o.triple(&iri, &p, &literal(u))?;
        }
        if src.background {
            let p = o.vocab("background");
            o.triple(&iri, &p, &format!("\"true\"^^<{XSD}boolean>"))?;
        }
    }
    // Entities.
    let id_p = o.vocab("id");
    let attributes_p = o.vocab("attributes");
    let alt = term(SKOS, "altLabel");
    for id in sorted_entities(g) {
        let e = g.entity(id);
        let iri = o.iri("entity", e.id);
        let class = o.iri("type", &s.entity_type(e.kind).id);
        o.triple(&iri, &rdf_type, &class)?;
        o.triple(&iri, &label, &literal(e.name))?;
        o.triple(&iri, &id_p, &literal(e.id))?;
        let mut aliases: Vec<&str> = e.aliases.iter().map(|a| &*a.text).collect();
        aliases.sort_unstable();
        aliases.dedup();
        for a in aliases {
            o.triple(&iri, &alt, &literal(a))?;
        }
        if let Some(a) = e.attributes.filter(|a| !a.is_empty()) {
            o.triple(&iri, &attributes_p, &literal(&serde_json::to_string(a)?))?;
        }
    }
    // Relations: the triple, then its reification when it carries anything.
    let rels = sorted_relations(g);
    let mut previous: Option<(String, String, String)> = None;
    let mut ordinal = 0;
    for r in rels {
        let (a, t, b) = g.relation_ends(r);
        let triple = (
            o.iri("entity", g.entity(a).id),
            o.iri("relation", &s.relation_type(t).id),
            o.iri("entity", g.entity(b).id),
        );
        if previous.as_ref() == Some(&triple) {
            ordinal += 1;
        } else {
            ordinal = 1;
            o.triple(&triple.0, &triple.1, &triple.2)?;
        }
        statement(&mut o, g, r, &triple, ordinal)?;
        previous = Some(triple);
    }
    Ok(())
}

/// The reification of relation `r` (the `ordinal`-th of its ends and type), if it
/// carries evidence, validity, confidence, an id or attributes.
fn statement(
    o: &mut Out,
    g: &KnowledgeGraph,
    r: RelationId,
    triple: &(String, String, String),
    ordinal: usize,
) -> io::Result<()> {
    let rel = g.relation(r);
    let detail = rel.detail.as_deref();
    let annotated = rel.valid.is_some()
        || detail.is_some_and(|d| {
            !d.evidence.is_empty()
                || d.confidence.is_some()
                || d.id.is_some()
                || !d.attributes.is_empty()
        });
    if !annotated {
        return Ok(());
    }
    let (a, t, b) = g.relation_ends(r);
    let mut path = format!(
        "{}statement/{}/{}/{}",
        o.base,
        encode(g.entity(a).id),
        encode(&g.schema().relation_type(t).id),
        encode(g.entity(b).id)
    );
    if ordinal > 1 {
        path.push_str(&format!("/{ordinal}"));
    }
    let iri = format!("<{path}>");
    o.triple(&iri, &term(RDF, "type"), &term(RDF, "Statement"))?;
    o.triple(&iri, &term(RDF, "subject"), &triple.0)?;
    o.triple(&iri, &term(RDF, "predicate"), &triple.1)?;
    o.triple(&iri, &term(RDF, "object"), &triple.2)?;
    let (evidence_p, source_p, quote_p, date_p) = (
        o.vocab("evidence"),
        o.vocab("source"),
        o.vocab("quote"),
        o.vocab("date"),
    );
    for (i, ev) in rel.evidence().iter().enumerate() {
        let node = format!("<{path}#e{}>", i + 1);
        o.triple(&iri, &evidence_p, &node)?;
        let src = o.iri("source", &g.source(ev.source).id);
        o.triple(&node, &source_p, &src)?;
        if let Some(q) = &ev.quote {
            o.triple(&node, &quote_p, &literal(q))?;
        }
        if let Some(d) = ev.date {
            o.triple(&node, &date_p, &date_literal(d))?;
        }
    }
    if let Some(v) = rel.valid {
        if v.from == v.to {
            let p = o.vocab("valid");
            o.triple(&iri, &p, &date_literal(v.from))?;
        } else {
            let (pf, pt) = (o.vocab("validFrom"), o.vocab("validTo"));
            o.triple(&iri, &pf, &date_literal(v.from))?;
            o.triple(&iri, &pt, &date_literal(v.to))?;
        }
    }
    if let Some(d) = detail {
        if let Some(c) = d.confidence {
            let p = o.vocab("confidence");
            o.triple(&iri, &p, &format!("\"{c}\"^^<{XSD}double>"))?;
        }
        if let Some(id) = &d.id {
            let p = o.vocab("id");
            o.triple(&iri, &p, &literal(id))?;
        }
        if !d.attributes.is_empty() {
            let p = o.vocab("attributes");
            o.triple(&iri, &p, &literal(&serde_json::to_string(&d.attributes)?))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_iris_escape_what_they_must() {
        assert_eq!(literal("a\"b\\c\nd\re\tf"), r#""a\"b\\c\nd\re\tf""#);
        assert_eq!(
            literal("nul\u{0} bell\u{7} é 🦀"),
            "\"nul\\u0000 bell\\u0007 é 🦀\""
        );
        assert_eq!(encode("/m/06bnz"), "%2Fm%2F06bnz");
        assert_eq!(encode("a b<é>"), "a%20b%3C%C3%A9%3E");
        assert_eq!(encode("kyodo_news-1.x~"), "kyodo_news-1.x~");
    }

    #[test]
    fn base_iris_are_checked() {
        assert_eq!(check_base("https://x.org/kg").unwrap(), "https://x.org/kg/");
        assert_eq!(check_base("urn:kg:").unwrap(), "urn:kg:");
        assert!(check_base("no-scheme").is_err());
        assert!(check_base("http://a b/").is_err());
    }
}
