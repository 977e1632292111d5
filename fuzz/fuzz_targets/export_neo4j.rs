//! The Neo4j bulk-import CSV exporter, checked by a strict CSV reader (the csv
//! crate, RFC 4180 quoting as the importer reads it): for any graph the loaders
//! accept, `nodes.csv` has the documented header and one row per entity, each id
//! once and each name exactly the entity's; `relationships.csv` has one row per
//! relation, both ends among the node ids; every row has as many fields as its
//! header.
#![no_main]

use std::collections::HashSet;

use kg::export::neo4j;
use libfuzzer_sys::fuzz_target;

fn reader(bytes: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new().flexible(false).from_reader(bytes)
}

fuzz_target!(|data: &[u8]| {
    let Some(g) = kg_fuzz::graph(data, "export_neo4j") else {
        return;
    };
    let (mut nodes, mut rels) = (Vec::new(), Vec::new());
    neo4j::write_nodes(&mut nodes, &g).expect("writing to memory");
    neo4j::write_relationships(&mut rels, &g).expect("writing to memory");
    let show = |b: &[u8]| String::from_utf8_lossy(b).into_owned();

    let mut r = reader(&nodes);
    let header: Vec<String> = r
        .headers()
        .expect("a header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header, neo4j::NODES_HEADER);
    let mut ids = HashSet::new();
    let mut names = Vec::new();
    for rec in r.records() {
        let rec = rec.unwrap_or_else(|e| panic!("nodes.csv: {e}\n{}", show(&nodes)));
        assert!(
            ids.insert(rec[0].to_string()),
            "id {:?} twice\n{}",
            &rec[0],
            show(&nodes)
        );
        names.push(rec[2].to_string());
    }
    assert_eq!(
        ids.len(),
        g.entity_count(),
        "one row per entity\n{}",
        show(&nodes)
    );
    let mut want: Vec<String> = g.entities().map(|(_, e)| e.name.to_string()).collect();
    want.sort();
    names.sort();
    assert_eq!(names, want, "names read back\n{}", show(&nodes));

    let mut r = reader(&rels);
    let header: Vec<String> = r
        .headers()
        .expect("a header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header, neo4j::RELATIONSHIPS_HEADER);
    let mut count = 0;
    for rec in r.records() {
        let rec = rec.unwrap_or_else(|e| panic!("relationships.csv: {e}\n{}", show(&rels)));
        count += 1;
        for end in [&rec[0], &rec[1]] {
            assert!(ids.contains(end), "end {end:?} is no node\n{}", show(&rels));
        }
    }
    assert_eq!(
        count,
        g.relation_count(),
        "one row per relation\n{}",
        show(&rels)
    );
});
