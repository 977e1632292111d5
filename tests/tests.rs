//! Integration tests: each module drives the built `kg` binary on one topic.

mod util;

// Datasets in ../shared/data load with the counts their READMEs state.
mod datasets;
// Loading and `kg check`: exact messages for invalid inputs, all-or-nothing loads.
mod load;
// The seed graph: quotes true to the source text, aliases, the built-in graph.
mod seed;
