//! Loading graphs: kg JSON files, triple files (TSV/CSV), dataset folders, `.kgb`
//! snapshots, and the built-in seed graph.
//!
//! A load is all or nothing: every input is validated, every problem in every file
//! is collected, and only a clean load yields a graph. Whatever the front end
//! (`kg check`, `--graph` on any command, the REPL's `load`), this is the one path.

pub mod format;
mod json;
pub use json::SOURCE_TEXT_LIMIT;
pub mod locate;
mod shape;
pub mod snapshot;
pub mod triples;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::date::Date;
use crate::error::{Error, Problem, Result};
use crate::model::KnowledgeGraph;
use crate::progress::Progress;
use triples::{IdMaps, Importer, TripleOptions, TsvFile};

/// The built-in graph: the seed graph, embedded at build time.
pub const BUILTIN_NAME: &str = "russia-japan-2016.json";
const BUILTIN_TEXT: &str = include_str!("../../graphs/russia-japan-2016.json");
/// The starter schema for news about states and politics (`kg init`), which
/// the seed graph's schema is a part of.
pub const NEWS_SCHEMA_NAME: &str = "schema/news.json";
const NEWS_SCHEMA_TEXT: &str = include_str!("../../graphs/schema/news.json");

/// How to load.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Day zero for integer (hour) time columns of triple files.
    pub epoch: Option<Date>,
}

/// A loaded graph and what the loader wants the user to know.
#[derive(Debug)]
pub struct Loaded {
    pub graph: KnowledgeGraph,
    pub notes: Vec<String>,
    /// The kg JSON files read, with the content they had when read: a session
    /// saving over one of them compares these bytes, not a second reading that
    /// another writer may have changed in between.
    pub read: Vec<(PathBuf, Fingerprint)>,
}

/// A file's content, as a length and a hash, to notice changes made by others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub len: u64,
    pub hash: u64,
}

impl Fingerprint {
    pub fn of(bytes: &[u8]) -> Fingerprint {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        bytes.hash(&mut h);
        Fingerprint {
            len: bytes.len() as u64,
            hash: h.finish(),
        }
    }
}

/// The kinds of input the loader knows, by file extension or folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Json,
    Tsv,
    Csv,
    Dataset,
    /// A binary snapshot written by `kg build` (`.kgb`).
    Snapshot,
}

impl InputFormat {
    pub fn of(path: &Path) -> Option<InputFormat> {
        if path.is_dir() {
            return Some(InputFormat::Dataset);
        }
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(InputFormat::Json),
            "tsv" | "txt" => Some(InputFormat::Tsv),
            "csv" => Some(InputFormat::Csv),
            snapshot::EXTENSION => Some(InputFormat::Snapshot),
            _ => None,
        }
    }
}

/// An empty graph with the news schema (`kg init --schema news`).
pub fn news_schema() -> KnowledgeGraph {
    built_in(NEWS_SCHEMA_NAME, NEWS_SCHEMA_TEXT)
}

/// A graph that ships inside the binary (the test suite checks that each loads).
fn built_in(name: &str, text: &str) -> KnowledgeGraph {
    load_sources_into(
        KnowledgeGraph::new(),
        vec![(
            Arc::from(format!("<built-in>/{name}")),
            Input::Json(text.to_string()),
        )],
        &LoadOptions::default(),
        &Progress::hidden(),
    )
    .expect("the built-in graphs are checked by the test suite")
    .graph
}

/// Loads the built-in seed graph.
///
/// It uses the news schema: the seed file declares its own types as the news
/// schema does (so the file loads alone too), and is read into a graph that
/// holds the news schema already, whose identical declarations it shares.
pub fn builtin() -> KnowledgeGraph {
    let mut g = news_schema();
    load_sources_onto(
        &mut g,
        vec![(
            Arc::from(format!("<built-in>/{BUILTIN_NAME}")),
            Input::Json(BUILTIN_TEXT.to_string()),
        )],
        &LoadOptions::default(),
        &Progress::hidden(),
    )
    .expect("the built-in graphs are checked by the test suite");
    g
}

/// An input with the name problems and origins use for it.
type Named = (Arc<str>, Input);

enum Input {
    Json(String),
    /// A triple file, read by the parser threads themselves (never whole).
    Tsv(TsvFile, Arc<IdMaps>),
    Csv(Vec<u8>),
    /// Every entity of a dataset's id map, declared in id order.
    EntityMap(Arc<IdMaps>),
    /// A dataset's entity descriptions (`entity2wikidata.json`), read after its
    /// triples have made the entities they describe, and streamed: its bytes are
    /// never held beside the graph.
    Descriptions(PathBuf),
}

/// What `read_inputs` found: the inputs to parse, the snapshots to start from, and
/// the problems that stopped files from being read at all.
struct Inputs {
    parse: Vec<Named>,
    snapshots: Vec<PathBuf>,
    problems: Vec<Problem>,
    read: Vec<(PathBuf, Fingerprint)>,
}

fn read(path: &Path) -> Result<Vec<u8>> {
    regular_file(path).map_err(|e| Error::io(path, e))?;
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

/// Refuses what is not a regular file before opening it: opening a FIFO blocks
/// until someone writes to it, and a device such as /dev/zero never ends.
pub fn regular_file(path: &Path) -> std::io::Result<std::fs::Metadata> {
    let meta = std::fs::metadata(path)?;
    if meta.is_file() {
        Ok(meta)
    } else if meta.is_dir() {
        Err(std::io::Error::other("is a folder, not a file"))
    } else {
        Err(std::io::Error::other(
            "is not a regular file (a FIFO, socket or device); kg reads graph files",
        ))
    }
}

fn display(path: &Path) -> Arc<str> {
    Arc::from(path.display().to_string())
}

/// Loads and validates `paths` together into one graph.
///
/// # Errors
/// `Error::Io` when a file cannot be read; `Error::Invalid` with every problem found.
pub fn load_paths(paths: &[PathBuf], opts: &LoadOptions) -> Result<Loaded> {
    let progress = Progress::stderr();
    let Inputs {
        parse,
        snapshots,
        mut problems,
        read,
    } = read_inputs(paths, &progress)?;
    // A snapshot is the graph the other inputs are added to.
    let base = match snapshots.as_slice() {
        [] => KnowledgeGraph::new(),
        [one] => match snapshot::read(one, &progress) {
            Ok(g) => g,
            Err(Error::Invalid(p)) => {
                problems.extend(p);
                return Err(Error::Invalid(problems));
            }
            Err(e) => return Err(e),
        },
        [_, more @ ..] => {
            problems.push(
                Problem::new(format!(
                    "{}: only one .kgb snapshot can be loaded at a time",
                    more[0].display()
                ))
                .hint("build one snapshot from all the inputs: kg build INPUT... -o GRAPH.kgb"),
            );
            return Err(Error::Invalid(problems));
        }
    };
    let result = load_sources_into(base, parse, opts, &progress);
    progress.finish();
    finish(result, problems, read)
}

/// Reads every path into an input; problems that stop a file from being read at
/// all (bad UTF-8, unknown type) are returned beside the inputs that could be.
fn read_inputs(paths: &[PathBuf], progress: &Progress) -> Result<Inputs> {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    let mut snapshots = Vec::new();
    let mut fingerprints = Vec::new();
    let read = |path: &Path| {
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        progress.step(&format!("reading {}", short_name(path)), size);
        let bytes = read(path)?;
        progress.inc(size);
        Ok::<_, Error>(bytes)
    };
    let mut given: Vec<PathBuf> = Vec::new();
    for path in paths {
        // The same file twice would clash with itself on every record.
        let key = path.canonicalize().unwrap_or_else(|_| path.clone());
        if given.contains(&key) {
            problems.push(
                Problem::new(format!("{}: given twice", path.display()))
                    .hint("name each file once"),
            );
            continue;
        }
        given.push(key);
        match InputFormat::of(path) {
            Some(InputFormat::Json) => {
                let bytes = read(path)?;
                if bytes.starts_with(&snapshot::MAGIC) {
                    problems.push(
                        Problem::new(format!(
                            "{}: is a .kgb snapshot (from kg build), not kg JSON",
                            path.display()
                        ))
                        .hint("name it with the .kgb extension, which --graph opens as a snapshot"),
                    );
                    continue;
                }
                fingerprints.push((path.clone(), Fingerprint::of(&bytes)));
                match String::from_utf8(bytes) {
                    Ok(text) => inputs.push((display(path), Input::Json(text))),
                    Err(e) => problems.push(utf8_problem(path, e.as_bytes(), e.utf8_error())),
                }
            }
            Some(InputFormat::Tsv) => {
                // Open first: a missing file is the error to report, not its folder.
                let file = TsvFile::open(path).map_err(|e| Error::io(path, e))?;
                let maps = Arc::new(sibling_maps(path, &mut problems)?);
                inputs.push((display(path), Input::Tsv(file, maps)));
            }
            Some(InputFormat::Csv) => inputs.push((display(path), Input::Csv(read(path)?))),
            Some(InputFormat::Dataset) => dataset(path, &mut inputs, &mut problems)?,
            Some(InputFormat::Snapshot) => {
                regular_file(path).map_err(|e| Error::io(path, e))?;
                snapshots.push(path.clone());
            }
            None if !path.exists() => {
                return Err(Error::io(path, std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder")));
            }
            None => problems.push(Problem::new(format!(
                "{}: unknown graph file type", path.display()
            )).hint("kg reads .json (kg graph), .tsv/.txt (triples), .csv (triples with a header), .kgb (snapshots from kg build) and dataset folders")),
        }
    }
    Ok(Inputs {
        parse: inputs,
        snapshots,
        problems,
        read: fingerprints,
    })
}

/// A file's name without its folder, for progress messages.
fn short_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// A file that could not be read as input does not stop the others being checked.
fn finish(
    result: Result<Loaded>,
    mut problems: Vec<Problem>,
    read: Vec<(PathBuf, Fingerprint)>,
) -> Result<Loaded> {
    match result {
        Ok(loaded) if problems.is_empty() => Ok(Loaded { read, ..loaded }),
        Ok(_) => Err(Error::Invalid(problems)),
        Err(Error::Invalid(more)) => {
            problems.extend(more);
            Err(Error::Invalid(problems))
        }
        Err(e) => Err(e),
    }
}

fn utf8_problem(path: &Path, bytes: &[u8], e: std::str::Utf8Error) -> Problem {
    let text = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
    let (line, column) = locate::LineIndex::new(&text).position(text.len());
    Problem::new("invalid UTF-8")
        .at(crate::error::Location::new(&display(path), line, column))
        .hint("save the file as UTF-8")
}

/// What adding files to a graph brought besides the additions themselves.
#[derive(Debug, Default)]
pub struct Added {
    pub notes: Vec<String>,
    /// The kg JSON files read, with their content then (as [`Loaded::read`]).
    pub read: Vec<(PathBuf, Fingerprint)>,
}

/// Adds `paths` to `g`, validating them against what it holds (the REPL's
/// `load`), all or nothing: a failed load leaves `g` as it was.
///
/// # Complexity
/// The load itself, plus memory for one note per entity and relation added
/// (what undo needs); `g` is not copied.
pub fn add_paths(g: &mut KnowledgeGraph, paths: &[PathBuf], opts: &LoadOptions) -> Result<Added> {
    let progress = Progress::stderr();
    let Inputs {
        parse,
        snapshots,
        mut problems,
        read,
    } = read_inputs(paths, &progress)?;
    for s in snapshots {
        problems.push(
            Problem::new(format!(
                "{}: a .kgb snapshot is a whole graph; it cannot be added to another",
                s.display()
            ))
            .hint("open it on its own: kg --graph FILE.kgb"),
        );
    }
    let result = g.atomically(|g| {
        let notes = load_sources_onto(g, parse, opts, &progress);
        match (notes, problems.is_empty()) {
            (Ok(notes), true) => Ok(notes),
            (Ok(_), false) => Err(Error::Invalid(std::mem::take(&mut problems))),
            (Err(Error::Invalid(more)), _) => {
                problems.extend(more);
                Err(Error::Invalid(std::mem::take(&mut problems)))
            }
            (Err(e), _) => Err(e),
        }
    });
    progress.finish();
    Ok(Added {
        notes: result?,
        read,
    })
}

/// Adds one kg JSON document, given as text named `name`, to `g`, all or nothing
/// (the REPL's edits go through the same validation as graph files). What it
/// adds keeps no file position: it was typed, not read from a file.
///
/// # Errors
/// `Error::Invalid` with every problem found; `g` is then as it was.
///
/// # Complexity
/// O(the document), not O(g): nothing is copied.
pub fn add_json(g: &mut KnowledgeGraph, name: &str, text: String) -> Result<()> {
    let inputs = vec![(Arc::from(name), Input::Json(text))];
    g.atomically(|g| {
        load_sources_onto(g, inputs, &LoadOptions::default(), &Progress::hidden())?;
        let file = g.add_file(name);
        g.forget_new_origins(file);
        Ok(())
    })
}

/// [`add_json`] on a copy of `base`.
pub fn extend_json(base: &KnowledgeGraph, name: &str, text: String) -> Result<KnowledgeGraph> {
    let mut g = base.clone();
    add_json(&mut g, name, text)?;
    Ok(g)
}

fn load_sources_into(
    mut g: KnowledgeGraph,
    inputs: Vec<(Arc<str>, Input)>,
    opts: &LoadOptions,
    progress: &Progress,
) -> Result<Loaded> {
    let notes = load_sources_onto(&mut g, inputs, opts, progress)?;
    Ok(Loaded {
        graph: g,
        notes,
        read: Vec::new(),
    })
}

/// Ctrl-C stopped a load while it read `path`.
fn interrupted(path: &Path) -> Error {
    Error::Cancelled {
        what: "load",
        reason: format!("interrupted while reading {}", display(path)),
    }
}

/// Reads `inputs` into `g`. On failure `g` holds part of them: callers either
/// discard it or run this inside [`KnowledgeGraph::atomically`].
fn load_sources_onto(
    g: &mut KnowledgeGraph,
    inputs: Vec<(Arc<str>, Input)>,
    opts: &LoadOptions,
    progress: &Progress,
) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    let mut undated: Vec<(Arc<str>, usize)> = Vec::new();
    let mut docs = Vec::new();
    let mut rest = Vec::with_capacity(inputs.len());
    let mut unreadable = 0;
    for (name, input) in inputs {
        match input {
            Input::Json(text) => match json::parse(Arc::clone(&name), text) {
                Ok(doc) => docs.push(doc),
                Err(p) => {
                    problems.push(p);
                    unreadable += 1;
                }
            },
            other => rest.push((name, other)),
        }
    }
    // References into a file that could not be read would all be reported as
    // unknown: they are left unchecked, and its problem says so.
    let partial = unreadable > 0 && !docs.is_empty();
    if partial {
        let start = problems.len() - unreadable;
        for p in &mut problems[start..] {
            if let Some(h) = &mut p.hint {
                h.push_str("; the other files were checked without references into it");
            }
        }
    }
    json::build(g, &docs, partial, &mut problems);
    drop(docs);
    let topts = TripleOptions { epoch: opts.epoch };
    let triples = !rest.is_empty();
    // Each input is dropped once imported, so a big file's bytes do not stay
    // in memory beside the graph built from them.
    for (name, input) in rest {
        if crate::cancel::interrupted() {
            return Err(interrupted(Path::new(&*name)));
        }
        let mut imp = Importer::new(g, Arc::clone(&name));
        match input {
            Input::Json(_) => continue,
            Input::Tsv(file, maps) => {
                progress.step(&format!("parsing {}", short_name(&file.path)), file.len);
                triples::import_tsv(&mut imp, &file, &maps, &topts, progress).map_err(|e| {
                    if crate::cancel::interrupted() {
                        interrupted(&file.path)
                    } else {
                        Error::io(&file.path, e)
                    }
                })?;
            }
            Input::Csv(bytes) => triples::import_csv(&mut imp, &bytes, &topts),
            Input::EntityMap(maps) => triples::declare_mapped(&mut imp, &maps),
            Input::Descriptions(path) => {
                let file = std::fs::File::open(&path).map_err(|e| Error::io(&path, e))?;
                let reader = std::io::BufReader::new(file);
                problems.extend(
                    triples::describe(imp.graph(), &name, reader)
                        .map_err(|e| Error::io(&path, e))?,
                );
            }
        }
        let (p, n) = imp.finish();
        problems.extend(p);
        if n.undated_integer_times > 0 {
            undated.push((Arc::clone(&name), n.undated_integer_times));
        }
    }
    if triples {
        problems.extend(schema_violations(g));
    }
    if !undated.is_empty() {
        let total: usize = undated.iter().map(|(_, n)| n).sum();
        let files: Vec<&str> = undated.iter().map(|(f, _)| &**f).collect();
        notes.push(format!(
            "{total} integer time offsets in column 4 left undated ({}); pass --epoch YYYY-MM-DD to read them as hours since that day",
            files.join(", ")
        ));
    }
    if problems.is_empty() {
        Ok(notes)
    } else {
        Err(Error::Invalid(problems))
    }
}

/// Relations the schema forbids between the types of their ends. The JSON
/// loader checks each relation as it reads it; triple files name no types, so
/// their relations into typed entities (or of a declared relation type between
/// untyped ones) are checked here, once everything is loaded: a graph kg loads
/// must be one it can save and load again.
///
/// # Complexity
/// O(relations of the types that restrict their ends); nothing for datasets
/// whose relation types say nothing about entity types.
fn schema_violations(g: &KnowledgeGraph) -> Vec<Problem> {
    const SHOWN: usize = 100;
    let s = g.schema();
    let mut problems = Vec::new();
    let mut more = 0usize;
    for name in s.relation_type_names() {
        let Some(k) = s.relation_type_id(name) else {
            continue;
        };
        let rt = s.relation_type(k);
        if rt.from.is_empty() && rt.to.is_empty() {
            continue;
        }
        for &r in g.relations_of_type(k) {
            let (a, _, b) = g.relation_ends(r);
            let (ea, eb) = (g.entity(a), g.entity(b));
            if s.allows(k, ea.kind, eb.kind) {
                continue;
            }
            if problems.len() == SHOWN {
                more += 1;
                continue;
            }
            let fits =
                |allowed: &[crate::model::TypeId], ty| allowed.is_empty() || allowed.contains(&ty);
            let (side, e, allowed) = if fits(&rt.from, ea.kind) {
                ("to", eb, &rt.to)
            } else {
                ("from", ea, &rt.from)
            };
            let names: Vec<String> = allowed
                .iter()
                .map(|&t| s.entity_type(t).id.to_string())
                .collect();
            let mut p = Problem::new(format!(
                "'{}' goes {side} {}, but '{}' is a {}",
                rt.id,
                crate::suggest::quoted_list(&names).replace('\'', ""),
                e.name,
                s.entity_type(e.kind).id
            ))
            .hint("use a relation type that fits, or give the entity a type in a kg JSON file");
            if let Some(f) = e.origin.file {
                p = p.at(crate::Location::new(
                    &Arc::from(g.file_name(f)),
                    e.origin.line,
                    0,
                ));
            }
            problems.push(p);
        }
    }
    if more > 0 {
        problems.push(Problem::not_shown("the triple files", more));
    }
    problems
}

/// Id maps beside a triple file: `entity2id.txt` + `relation2id.txt`, and display
/// names from `*mid2name*.txt` or `entity2text.txt`.
fn sibling_maps(file: &Path, problems: &mut Vec<Problem>) -> Result<IdMaps> {
    // A bare file name has the parent "", which no directory call accepts.
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut maps = IdMaps::default();
    let ents = dir.join("entity2id.txt");
    let rels = dir.join("relation2id.txt");
    if ents.is_file() && rels.is_file() && is_integer_triples(file)? {
        maps.entities = Some(triples::read_id_map(
            &display(&ents),
            &read(&ents)?,
            problems,
        ));
        maps.relations = Some(triples::read_id_map(
            &display(&rels),
            &read(&rels)?,
            problems,
        ));
    }
    if let Some(names) = name_map_file(dir)? {
        maps.names = Some(triples::read_name_map(&read(&names)?));
    }
    Ok(maps)
}

fn name_map_file(dir: &Path) -> Result<Option<PathBuf>> {
    let text = dir.join("entity2text.txt");
    if text.is_file() {
        return Ok(Some(text));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.contains("mid2name"))
        })
        .collect();
    found.sort();
    Ok(found.into_iter().next())
}

/// Whether the first data line of a triple file has integer head, relation and tail.
fn is_integer_triples(file: &Path) -> Result<bool> {
    use std::io::BufRead;
    let f = std::fs::File::open(file).map_err(|e| Error::io(file, e))?;
    for line in std::io::BufReader::new(f).lines().take(5) {
        let line = line.unwrap_or_default();
        if line.trim().is_empty() {
            continue;
        }
        return Ok(line
            .split('\t')
            .take(3)
            .all(|f| f.trim().parse::<u32>().is_ok()));
    }
    Ok(false)
}

/// The triple files of a dataset folder, in this order when present.
const SPLITS: [&str; 3] = ["train.txt", "valid.txt", "test.txt"];

/// A dataset folder: its splits, with the folder's id maps; every entity of an
/// `entity2id.txt` map is part of the graph, used or not.
fn dataset(
    dir: &Path,
    inputs: &mut Vec<(Arc<str>, Input)>,
    problems: &mut Vec<Problem>,
) -> Result<()> {
    let splits: Vec<PathBuf> = SPLITS
        .iter()
        .map(|s| dir.join(s))
        .filter(|p| p.is_file())
        .collect();
    if splits.is_empty() {
        problems.push(
            Problem::new(format!(
                "{}: a dataset folder needs train.txt, valid.txt or test.txt",
                dir.display()
            ))
            .hint("or name the triple files themselves with --graph"),
        );
        return Ok(());
    }
    let maps = Arc::new(sibling_maps(&splits[0], problems)?);
    if maps.entities.is_some() {
        inputs.push((
            display(&dir.join("entity2id.txt")),
            Input::EntityMap(Arc::clone(&maps)),
        ));
    }
    for s in splits {
        let file = TsvFile::open(&s).map_err(|e| Error::io(&s, e))?;
        inputs.push((display(&s), Input::Tsv(file, Arc::clone(&maps))));
    }
    // Descriptions tell apart entities of one name (FB15k-237's two Georgias).
    let wikidata = dir.join(DESCRIPTIONS);
    if wikidata.is_file() {
        inputs.push((display(&wikidata), Input::Descriptions(wikidata)));
    }
    Ok(())
}

/// The file of a dataset folder that describes its entities: an object keyed by
/// entity id whose values hold a `description` (and more, which kg ignores).
const DESCRIPTIONS: &str = "entity2wikidata.json";
