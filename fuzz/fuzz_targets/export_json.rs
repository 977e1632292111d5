//! The kg JSON exporter (what `save` writes), checked by reading it back: for any
//! graph the loaders accept (see `kg_fuzz::graph`), the file `export::json::write`
//! writes loads again, and exports to the same document.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(g) = kg_fuzz::graph(data, "export_json") else {
        return;
    };
    let mut out = Vec::new();
    kg::export::json::write(&mut out, &g).expect("writing to memory");
    let text = String::from_utf8(out).expect("the export is UTF-8");
    let back = match kg::load::extend_json(&kg::KnowledgeGraph::new(), "saved.json", text.clone()) {
        Ok(b) => b,
        Err(e) => panic!("the saved graph does not load again: {e:?}\n{text}"),
    };
    let (a, b) = (
        kg::export::json::graph_file(&g),
        kg::export::json::graph_file(&back),
    );
    assert!(
        a == b,
        "the graph changed on a save and load:\n{a:#?}\n----\n{b:#?}"
    );
    assert_eq!(g.entity_count(), back.entity_count());
    assert_eq!(g.relation_count(), back.relation_count());
});
