//! Helpers shared by kg's fuzz targets: turning fuzz input into graph files on
//! disk, and checkers that re-read what kg's exporters write.
//!
//! A checker returns `Err(reason)` when the output is not what a reader can take
//! back; the targets panic with that reason, which libFuzzer records as a crash.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use kg::load::{self, LoadOptions};
use kg::KnowledgeGraph;

pub mod dot;
pub mod grammar;

/// A scratch folder of this process, on tmpfs when the machine has one, for
/// inputs that must be files (triple files are read by path). Each target uses a
/// sub-folder of its own and overwrites the same files on every run.
pub fn scratch(target: &str) -> PathBuf {
    static BASE: OnceLock<PathBuf> = OnceLock::new();
    let base = BASE.get_or_init(|| {
        let root = std::env::var_os("KG_FUZZ_TMP")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                let shm = Path::new("/dev/shm");
                if shm.is_dir() {
                    shm.to_path_buf()
                } else {
                    std::env::temp_dir()
                }
            });
        root.join(format!("kg-fuzz-{}", std::process::id()))
    });
    let dir = base.join(target);
    std::fs::create_dir_all(&dir).expect("create the fuzz scratch folder");
    dir
}

/// Writes `bytes` to `name` in the target's scratch folder and returns its path.
pub fn file(target: &str, name: &str, bytes: &[u8]) -> PathBuf {
    let p = scratch(target).join(name);
    std::fs::write(&p, bytes).expect("write a fuzz input file");
    p
}

/// Loads `paths` the way `kg --graph` does. Any result is fine, a panic is not;
/// an I/O error is not expected for files the target just wrote. Every problem
/// must have a message, and a location inside the file it names.
pub fn load(paths: &[PathBuf]) -> Option<KnowledgeGraph> {
    match load::load_paths(paths, &LoadOptions::default()) {
        Ok(l) => Some(l.graph),
        Err(kg::Error::Invalid(problems)) => {
            check_problems(&problems);
            None
        }
        Err(e) => panic!("a load of files the target wrote failed with {e:?}"),
    }
}

/// The checks every reported problem must pass: a message, and when it has a
/// location, one inside the file named (lines and columns 0-based; a column may
/// point one past the end of its line, where something was expected).
pub fn check_problems(problems: &[kg::Problem]) {
    assert!(!problems.is_empty(), "an invalid load with no problem");
    for p in problems {
        assert!(
            !p.message.trim().is_empty(),
            "a problem with no message: {p:?}"
        );
        let Some(loc) = &p.location else { continue };
        let Ok(bytes) = std::fs::read(&*loc.file) else {
            continue; // not a file on disk (e.g. "fuzz.json" given as text)
        };
        check_location(&String::from_utf8_lossy(&bytes), loc, p);
    }
}

/// `loc` is a place inside `text`.
pub fn check_location(text: &str, loc: &kg::Location, p: &kg::Problem) {
    let lines: Vec<&str> = text.split('\n').collect();
    let line = lines.get(loc.line as usize).unwrap_or_else(|| {
        panic!(
            "{p:?}: line {} past the end ({} lines)",
            loc.line + 1,
            lines.len()
        )
    });
    // Characters of the line, a CR before its LF included: a lone CR is no line
    // break to serde_json, and a problem may point at it.
    let chars = line.chars().count();
    assert!(
        loc.column as usize <= chars + 1,
        "{p:?}: column {} past the end of line {} ({chars} characters)",
        loc.column + 1,
        loc.line + 1
    );
}

/// A kg JSON document as a graph, loaded as the REPL's `load` and the session's
/// edits load one (`extend_json` on an empty graph).
pub fn json_graph(bytes: &[u8]) -> Option<KnowledgeGraph> {
    let text = std::str::from_utf8(bytes).ok()?;
    match load::extend_json(&KnowledgeGraph::new(), "fuzz.json", text.to_string()) {
        Ok(g) => Some(g),
        Err(kg::Error::Invalid(problems)) => {
            assert!(!problems.is_empty(), "an invalid load with no problem");
            for p in &problems {
                assert!(
                    !p.message.trim().is_empty(),
                    "a problem with no message: {p:?}"
                );
                if let Some(loc) = &p.location {
                    assert_eq!(&*loc.file, "fuzz.json", "{p:?}");
                    check_location(text, loc, p);
                }
            }
            None
        }
        Err(e) => panic!("a kg JSON load failed with {e:?}, not a list of problems"),
    }
}

/// A graph from fuzz input, for the exporter targets: the first byte picks the
/// reader (even: kg JSON, which reaches evidence, dates and attributes; odd: TSV
/// triples, which turn any bytes into names quickly), the rest is the file.
pub fn graph(data: &[u8], target: &str) -> Option<KnowledgeGraph> {
    let (&mode, rest) = data.split_first()?;
    if mode % 2 == 0 {
        json_graph(rest)
    } else {
        let p = file(target, "graph.tsv", rest);
        load(&[p])
    }
}

/// The built-in graph, loaded once per process.
pub fn builtin() -> &'static KnowledgeGraph {
    static G: OnceLock<KnowledgeGraph> = OnceLock::new();
    G.get_or_init(load::builtin)
}

/// CRC-32 (IEEE 802.3, reflected), as `.kgb` trailers carry it.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// `data` framed as a `.kgb` snapshot file: its first 8 bytes are where the
/// traversal index begins in the payload (little-endian, any value: a wrong
/// one is for the reader to catch), the rest is the payload. Written as
/// signature, version, flags, payload, its length, the index position, its
/// CRC-32, end marker.
pub fn snapshot_file(data: &[u8]) -> Vec<u8> {
    use kg::load::snapshot::{MAGIC, VERSION};
    let (index_at, payload) = match data.split_first_chunk::<8>() {
        Some((at, rest)) => (u64::from_le_bytes(*at), rest),
        None => (data.len() as u64, data),
    };
    let mut f = Vec::with_capacity(payload.len() + 40);
    f.extend_from_slice(&MAGIC);
    f.extend_from_slice(&VERSION.to_le_bytes());
    f.extend_from_slice(&0u32.to_le_bytes());
    f.extend_from_slice(payload);
    f.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    f.extend_from_slice(&index_at.to_le_bytes());
    f.extend_from_slice(&crc32(payload).to_le_bytes());
    f.extend_from_slice(b"KGB.");
    f
}
