//! Integration tests: each module drives the built `kg` binary on one topic.

mod util;

// Datasets in ../shared/data load with the counts their READMEs state.
mod datasets;
// Loading and `kg check`: exact messages for invalid inputs, all-or-nothing loads.
mod load;
// The seed graph: quotes true to the source text, aliases, the built-in graph.
mod seed;
// Path and neighbourhood queries (library API) against brute-force references, by proptest.
mod properties;
// `kg query` against NetworkX on FB15k-237, WN18RR and ICEWS14 (needs KG_PYTHON).
mod oracle;
// `kg path` and `kg neighbours`: each filter's answer on the seed graph, errors, stability.
mod query;
// `kg query` JSON Lines: the wire contract, ids, errors, schemas (needs KG_PYTHON).
mod script;
// `--format dot`: Graphviz reads it and nasty names survive into the SVG (needs `dot`).
mod dot;
