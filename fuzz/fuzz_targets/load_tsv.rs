//! TSV triple import: any bytes as a `.tsv` file loaded with `load_paths`.
//! Never a panic; a failed load lists located problems.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = kg_fuzz::file("load_tsv", "fuzz.tsv", data);
    if let Some(g) = kg_fuzz::load(&[path]) {
        // Every relation's ends are entities of the graph.
        for r in g.relations() {
            let (a, _, b) = g.relation_ends(r);
            let _ = (g.entity(a), g.entity(b));
        }
    }
});
