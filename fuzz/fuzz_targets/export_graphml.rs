//! The GraphML exporter, checked by a strict XML reader (roxmltree): for any graph
//! the loaders accept, `export::graphml::write` writes well-formed XML whose nodes
//! are the graph's entities, each once under an id no other node has; whose edges
//! are its relations, each between declared nodes; and whose names read back as
//! the entities' names, less the characters XML 1.0 forbids.
#![no_main]

use std::collections::HashSet;

use kg::export::graphml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(g) = kg_fuzz::graph(data, "export_graphml") else {
        return;
    };
    let mut out = Vec::new();
    graphml::write(&mut out, &g).expect("writing to memory");
    let text = String::from_utf8(out).expect("GraphML is UTF-8");
    let doc = match roxmltree::Document::parse(&text) {
        Ok(d) => d,
        Err(e) => panic!("not well-formed XML: {e}\n{text}"),
    };
    let mut ids = HashSet::new();
    let mut names = Vec::new();
    for n in doc.descendants().filter(|n| n.has_tag_name("node")) {
        let id = n.attribute("id").expect("every node has an id");
        assert!(ids.insert(id), "node {id:?} declared twice\n{text}");
        let name = n
            .children()
            .find(|c| c.has_tag_name("data") && c.attribute("key") == Some("n_name"))
            .expect("every node has a name");
        names.push(name.text().unwrap_or_default().to_string());
    }
    assert_eq!(ids.len(), g.entity_count(), "one node per entity\n{text}");
    let mut edges = 0;
    for e in doc.descendants().filter(|n| n.has_tag_name("edge")) {
        edges += 1;
        for end in ["source", "target"] {
            let v = e.attribute(end).expect("every edge has both ends");
            assert!(ids.contains(v), "edge {end} {v:?} is no node\n{text}");
        }
    }
    assert_eq!(edges, g.relation_count(), "one edge per relation\n{text}");
    let mut want: Vec<String> = g
        .entities()
        .map(|(_, e)| {
            e.name
                .chars()
                .filter(|&c| !graphml::forbidden_in_xml(c))
                .collect()
        })
        .collect();
    want.sort();
    names.sort();
    assert_eq!(names, want, "names read back\n{text}");
});
