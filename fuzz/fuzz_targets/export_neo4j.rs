//! The Neo4j bulk-import CSV exporter, checked by a strict CSV reader (the csv
//! crate, RFC 4180 quoting as the importer reads it): for any graph the loaders
//! accept, `nodes.csv` has the documented header and one row per entity, each id
//! once and each name the entity's (control characters other than tab, newline
//! and CR drawn as their control pictures, as documented); `relationships.csv`
//! has one row per relation, both ends among the node ids; every row has as
//! many fields as its header; neither file holds another control byte.
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
    // What docs/export.md says the CSV holds for a name: its control
    // characters (but tab, newline and CR) as their pictures.
    let pictured = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' => c,
                '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap(),
                '\u{7f}' => '\u{2421}',
                c => c,
            })
            .collect()
    };
    for (file, bytes) in [("nodes.csv", &nodes), ("relationships.csv", &rels)] {
        let raw = bytes
            .iter()
            .position(|&b| (b < 0x20 && !b"\t\n\r".contains(&b)) || b == 0x7f);
        assert_eq!(raw, None, "{file} holds a raw control byte\n{}", show(bytes));
    }
    let mut want: Vec<String> = g.entities().map(|(_, e)| pictured(e.name)).collect();
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
