//! Integration tests: each module drives the built `kg` binary on one topic.

mod util;

// Datasets in ../shared/data load with the counts their READMEs state.
mod datasets;
// Loading and `kg check`: exact messages for invalid inputs, all-or-nothing loads.
mod load;
// `kg check`: every problem of a file in one run, each once (no cascades).
mod check;
// The seed graph: quotes true to the source text, aliases, the built-in graph.
mod seed;
// Path and neighbourhood queries (library API) against brute-force references, by proptest.
mod properties;
// `path::distance`, the bare traversal the benchmark times, against a plain BFS, by proptest.
mod distance;
// Pattern queries (library API) against a brute-force matcher on random typed graphs, by proptest.
mod match_properties;
// `kg match` against kuzu (Cypher) on the seed graph and ICEWS14 (needs KG_PYTHON with kuzu).
mod match_differential;
// `kg query` against NetworkX on FB15k-237, WN18RR and ICEWS14 (needs KG_PYTHON).
mod oracle;
// `kg path` and `kg neighbours`: each filter's answer on the seed graph, errors, stability.
mod query;
// Routes on ICEWS14/ICEWS18 and the seed graph: folded hops, -k, --all, --min-len, dates.
mod routes;
// `kg query` JSON Lines: the wire contract, ids, errors, schemas (needs KG_PYTHON).
mod script;
// `--format dot`: Graphviz reads it and nasty names survive into the SVG (needs `dot`).
mod dot;
// The REPL: Tab completion, Ctrl-C/Ctrl-D, history, saves through a terminal; `kg < script`.
mod repl;
// The REPL's line editor: dimmed hints, continued lines, a space after a completion, the prompt.
mod repl_editor;
// README.md's tour: every command it shows gives the answer it shows.
mod readme;
// `kg export` and `kg render`: DOT read by Graphviz, GraphML by NetworkX, N-Triples by
// rdflib and pyoxigraph (SPARQL), Neo4j CSV headers, JSON round trip (needs `dot`, KG_PYTHON).
mod export;
// Figures for reports: evidence footnotes, legends of what is drawn, formats by file name,
// no picture on a terminal (needs `dot`).
mod pictures;
// `kg build` and .kgb snapshots: round trips, refused damaged/foreign/old files, atomic -o.
mod snapshot;
// Hostile input for every reader: located messages or documented acceptance, never a panic.
mod hostile;
// Saves under SIGKILL leave the old or the new graph; symlinks and changed files are refused.
mod kill_save;
// Enumerations on a complete graph and a million-relation hub: cut in time, with a reason.
mod bounds;
// `kg show` bounded: --limit, relation and date filters, truncation notes per front end.
mod show;
// The pager: long text answers on a terminal go through $PAGER; pipes and kg query never do.
mod paging;
// Modules import only the layers below them (docs/architecture.md).
mod layers;
// docs/schema/request.schema.json and the op table of docs/json.md are generated from the grammar.
mod contract;
// `kg query`'s requests: each command's grammar alone answers as the whole grammar does (proptest).
mod json_parse;
// Every command in every front end: help, examples as one session, answers, mistakes.
mod commands;
// File kinds, modes and links that writers meet; undo after save.
mod files;
// `kg export --format parquet`: pyarrow reads every value kg's JSON export holds (needs KG_PYTHON).
mod parquet;
// The Spark route: scripts/spark/kg_spark.py answers as kg does (needs KG_PYTHON with pyspark, Java).
mod spark;
// No front end lets names or file names drive the terminal.
mod sanitised;
// Concurrent writers on one file: nothing reported saved is lost.
mod concurrency;
// One test per crash the fuzz targets found (fuzz/, docs/robustness.md).
mod regression;
// Edits and undo (library API): failed edits change nothing, undo restores each state exactly.
mod undo;
// Building evidence: corroboration, add evidence, use source/date, check warnings, alias repeats.
mod evidence;
// Starting a graph: init, a REPL on a new file, schema edits, duplicate declarations.
mod building;
// `kg extract` on the seed, dev and heldout gold sets: the output contract, P/R/F1 thresholds.
mod extract;
// Reviewing `kg extract` as a user: REPL at a terminal, scripts, kg query, --apply, bad input.
mod extract_review;
// CAMEO codes: every ICEWS relation name and every news schema code is in the table.
mod cameo;
// How answers name things: inverse readings, dataset names, untyped entities, stats width, descriptions.
mod labels;
// Session settings and commands: script line numbers, stop-on-error, --timeout, output, source, timing.
mod session;
// Listings by type: entities --type, relations --type, bounded, in every front end, paged.
mod listings;
// The command line: --help, usage errors (exit 2, one prefix, the same words in the REPL),
// help for every command, completions, man pages, --version, --color.
mod cli;
// `kg match` in every front end: the done-when query with its evidence, located errors,
// --explain, --no-evidence, --limit, time budgets, DOT, the schemas, and docs/match.md's
// examples (needs `dot` and KG_PYTHON).
mod matching;
// Pattern queries (`kg::gql::parse`): located refusals of issue 17's bad input, 1 MB queries, soups.
mod match_syntax;
