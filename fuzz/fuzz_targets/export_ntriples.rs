//! The N-Triples exporter, checked by a real RDF reader (oxttl, strict IRIs): for
//! any graph the loaders accept, `export::ntriples::write` writes lines that all
//! parse, one triple each, and every entity's `rdfs:label` and `kg:id` literals
//! read back as its name and id exactly.
#![no_main]

use std::collections::HashMap;

use kg::export::ntriples;
use libfuzzer_sys::fuzz_target;
use oxttl::NTriplesParser;

const LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";

fuzz_target!(|data: &[u8]| {
    let Some(g) = kg_fuzz::graph(data, "export_ntriples") else {
        return;
    };
    let base = ntriples::DEFAULT_BASE;
    let mut out = Vec::new();
    ntriples::write(&mut out, &g, base).expect("writing to memory");
    let text = String::from_utf8(out).expect("N-Triples is UTF-8");
    let lines = text.lines().count();
    let mut literals: HashMap<(String, String), Vec<String>> = HashMap::new();
    let mut count = 0;
    for t in NTriplesParser::new().for_slice(text.as_bytes()) {
        let t = match t {
            Ok(t) => t,
            Err(e) => panic!("the N-Triples do not parse: {e}\n{text}"),
        };
        count += 1;
        if let (oxrdf::NamedOrBlankNode::NamedNode(s), oxrdf::Term::Literal(l)) =
            (&t.subject, &t.object)
        {
            literals
                .entry((s.as_str().to_string(), t.predicate.as_str().to_string()))
                .or_default()
                .push(l.value().to_string());
        }
    }
    assert_eq!(count, lines, "not one triple per line\n{text}");
    let id_p = format!("{base}vocab/id");
    for (_, e) in g.entities() {
        let iri = format!("{base}entity/{}", ntriples::encode(e.id));
        let label = literals.get(&(iri.clone(), LABEL.to_string()));
        assert_eq!(
            label,
            Some(&vec![e.name.to_string()]),
            "the label of {iri}\n{text}"
        );
        let id = literals.get(&(iri.clone(), id_p.clone()));
        assert_eq!(id, Some(&vec![e.id.to_string()]), "the id of {iri}\n{text}");
    }
});
