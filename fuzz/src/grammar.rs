//! Commands drawn from kg's grammar itself, for the session targets.
//!
//! The fuzz input picks a command from `kg::command::SPECS` (every command
//! there is: a new one is fuzzed the day it is added, with no list here to
//! update), then for each of its arguments, read off the clap tree, whether to
//! give it and which value: a name of the built-in graph, a type, a file of the
//! sandbox, a number, a date, a format, or any string the input holds. The same
//! draw gives a REPL line or a JSON request.
//!
//! Files: everything a command may write lands in the sandbox folder the
//! targets run in. Generated paths are relative; raw text from the input has
//! its `/` replaced, so no line can name a file outside the sandbox (kg runs as
//! root here, and a fuzzer must not rewrite /etc).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use kg::command::json::{fields, Field};
use kg::command::{Spec, SPECS};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use serde_json::{Map, Value};

/// Names the built-in graph knows, some of several words, some ambiguous-looking.
const NAMES: &[&str] = &[
    "Lavrov",
    "Sergei Lavrov",
    "Japan",
    "Russia",
    "North Korea",
    "Kurils",
    "Kuril Islands",
    "Kyodo",
    "Kyodo News",
    "Sputnik",
    "Tokyo",
    "Moscow",
    "Abe",
    "Morgulov",
    "China",
    "United States",
    "Kishida",
    "Fumio Kishida",
    "Beta",
    "BETA",
    "Alpha",
];

/// Files of the sandbox: fixtures the session can read, and names it may write.
const FILES: &[&str] = &[
    "extra.json",
    "requests.jsonl",
    "g.json",
    "G.JSON",
    "out.dot",
    "out.svg",
    "out.png",
    "out.graphml",
    "out.nt",
    "neo4j",
    "snap.kgb",
    "fifo",
    "device",
    "device.json",
    "link.json",
    "dir",
    "missing.json",
    "extra.tsv",
];

const TYPES: &[&str] = &[
    "person",
    "country",
    "city",
    "territory",
    "news_agency",
    "entity",
    "visits",
    "claims",
    "based_in",
    "foreign_minister_of",
    "partners_with",
    "capital_of",
];

const OTHER: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "-1",
    "4294967296",
    "18446744073709551616",
    "0.5",
    "NaN",
    "2016",
    "2016-03",
    "2016-03-14",
    "2016-02-30",
    "blog-2016-03-14",
    "background",
    "text",
    "json",
    "dot",
    "svg",
    "png",
    "graphml",
    "ntriples",
    "neo4j-csv",
    "parquet",
    "any",
    "out",
    "in",
    "",
    " ",
    "{\"op\": \"path\", \"from\": \"Kyodo\", \"to\": \"Kurils\"}",
    "{\"op\": \"neighbours\", \"of\": \"Japan\", \"depth\": 2}",
    "{\"op\": \"stats\"}",
    "{\"op\": \"save\", \"path\": \"g.json\"}",
];

/// One word for `field`: mostly from the pools, sometimes from the input itself.
fn word(u: &mut Unstructured, field: &Field) -> Result<String> {
    let pool: &[&str] = match u.int_in_range(0..=9)? {
        0 => return Ok(safe(&u.arbitrary::<String>()?)),
        1 | 2 => OTHER,
        3 => TYPES,
        4 => FILES,
        _ => match field.name.as_str() {
            "path" | "file" | "input" | "output" => FILES,
            "type" | "relations" | "exclude_relations" | "via_types" => TYPES,
            _ => NAMES,
        },
    };
    Ok(u.choose(pool)?.to_string())
}

/// Raw text with no way out of the sandbox.
pub fn safe(s: &str) -> String {
    s.replace('/', "_")
}

/// A command of the grammar.
pub fn spec(u: &mut Unstructured) -> Result<&'static Spec> {
    Ok(*u.choose(SPECS)?)
}

/// The words of a command drawn from the grammar, as typed at the prompt.
pub fn words(u: &mut Unstructured) -> Result<Vec<String>> {
    let spec = spec(u)?;
    if !spec.examples.is_empty() && u.ratio(1, 8)? {
        let line = u.choose(spec.examples)?;
        return Ok(kg::repl::words::split(line)
            .map(|w| w.into_iter().map(|w| safe(&w.text)).collect())
            .unwrap_or_default());
    }
    let mut out: Vec<String> = spec.words.iter().map(|w| w.to_string()).collect();
    let mut positionals = Vec::new();
    for f in fields(spec) {
        if !u.ratio(2, 3)? {
            continue;
        }
        if f.is_positional() {
            positionals.push(word(u, f)?);
            if f.is_list() && u.ratio(1, 3)? {
                positionals.push(word(u, f)?);
            }
            continue;
        }
        let long = f.arg.get_long().unwrap_or("x");
        out.push(format!("--{long}"));
        if !f.is_flag() {
            out.push(word(u, f)?);
        }
    }
    match u.int_in_range(0..=7)? {
        0 => out.extend(["--format".into(), u.choose(OTHER)?.to_string()]),
        1 => out.extend([
            "--timeout".into(),
            u.choose(&["1ms", "50ms", "2s"])?.to_string(),
        ]),
        _ => {}
    }
    if u.ratio(1, 4)? {
        out.push("--".into());
    }
    out.extend(positionals);
    Ok(out)
}

/// A REPL line: the drawn words, quoted as needed.
pub fn line(u: &mut Unstructured) -> Result<String> {
    if u.ratio(1, 5)? {
        return Ok(safe(&u.arbitrary::<String>()?));
    }
    let words = words(u)?;
    Ok(words
        .iter()
        .map(|w| kg::repl::words::quote(w))
        .collect::<Vec<_>>()
        .join(" "))
}

/// A JSON value for `field`.
fn value(u: &mut Unstructured, field: &Field) -> Result<Value> {
    Ok(match u.int_in_range(0..=9)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::from(u.int_in_range(-2i64..=1_000_000)?),
        3 => Value::Array(vec![
            Value::String(word(u, field)?),
            Value::String(word(u, field)?),
        ]),
        4 => Value::Array(Vec::new()),
        _ if field.is_flag() => Value::Bool(u.arbitrary()?),
        _ => Value::String(word(u, field)?),
    })
}

/// A JSON request drawn from the grammar, or raw text.
pub fn request(u: &mut Unstructured) -> Result<String> {
    if u.ratio(1, 5)? {
        return Ok(safe(&u.arbitrary::<String>()?));
    }
    let spec = spec(u)?;
    let mut obj = Map::new();
    obj.insert("op".into(), Value::String(spec.op()));
    if u.ratio(1, 3)? {
        obj.insert("id".into(), Value::from(u.int_in_range(0u32..=9)?));
    }
    for f in fields(spec) {
        if u.ratio(2, 3)? {
            obj.insert(f.name.clone(), value(u, f)?);
        }
    }
    for (alias, _) in spec.json_aliases {
        if u.ratio(1, 4)? {
            obj.insert(
                alias.to_string(),
                Value::String(u.choose(NAMES)?.to_string()),
            );
        }
    }
    match u.int_in_range(0..=7)? {
        0 => {
            obj.insert("format".into(), Value::String(u.choose(OTHER)?.to_string()));
        }
        1 => {
            obj.insert("timeout_ms".into(), Value::from(u.int_in_range(0u32..=50)?));
        }
        2 => {
            obj.insert(safe(&u.arbitrary::<String>()?), Value::Null);
        }
        _ => {}
    }
    Ok(Value::Object(obj).to_string())
}

/// The sandbox the session targets run in: a folder of fixtures made once per
/// process, made the working directory, and emptied of whatever a run wrote.
/// Graphviz is taken off PATH, so drawing commands fail fast on its absence
/// instead of spawning a process per run.
pub fn sandbox(target: &str) -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = crate::scratch(target).join("sandbox");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("dir")).expect("sandbox folder");
        let _ = std::os::unix::fs::symlink("extra.json", dir.join("link.json"));
        let _ = std::process::Command::new("mkfifo")
            .arg(dir.join("fifo"))
            .status();
        // Device nodes like /dev/null (as root, where mknod may make them): no
        // writer may replace them with a file.
        for name in ["device", "device.json"] {
            let _ = std::process::Command::new("mknod")
                .arg(dir.join(name))
                .args(["c", "1", "3"])
                .status();
        }
        std::env::set_current_dir(&dir).expect("enter the sandbox");
        std::env::set_var("PATH", "");
        dir
    });
    // The special files must still be what they were: a writer that replaced
    // one (with `save link.json --force`, `export -o fifo`) is a crash.
    let kind = |name: &str| std::fs::symlink_metadata(dir.join(name)).map(|m| m.file_type());
    use std::os::unix::fs::FileTypeExt;
    if let Ok(k) = kind("fifo") {
        assert!(k.is_fifo(), "a command replaced the FIFO");
    }
    for device in ["device", "device.json"] {
        if let Ok(k) = kind(device) {
            assert!(
                k.is_char_device(),
                "a command replaced the device node {device}"
            );
        }
    }
    if let Ok(k) = kind("link.json") {
        assert!(k.is_symlink(), "a command replaced the symlink");
    }
    assert!(
        kind("dir").is_ok_and(|k| k.is_dir()),
        "a command replaced the folder"
    );
    // What the last run wrote goes; the fixtures are written anew.
    const SPECIAL: &[&str] = &["dir", "link.json", "fifo", "device", "device.json"];
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name();
            if !SPECIAL.iter().any(|f| name == *f) {
                let p = e.path();
                let _ = std::fs::remove_file(&p).or_else(|_| std::fs::remove_dir_all(&p));
            }
        }
    }
    let _ = std::fs::remove_dir_all(dir.join("dir"));
    let _ = std::fs::create_dir(dir.join("dir"));
    std::fs::write(
        dir.join("extra.json"),
        r#"{"entities": [{"id": "alpha", "name": "Alpha"}, {"id": "beta", "name": "Beta"}, {"id": "beta2", "name": "BETA"}]}"#,
    )
    .expect("fixture");
    std::fs::write(
        dir.join("requests.jsonl"),
        "{\"op\": \"stats\"}\n{\"op\": \"add_entity\", \"name\": \"Fumio Kishida\", \"type\": \"person\"}\n{\"op\": \"path\", \"from\": \"Kyodo\", \"to\": \"Kurils\"}\n",
    )
    .expect("fixture");
    std::fs::write(dir.join("extra.tsv"), "Alpha\tpartners_with\tJapan\n").expect("fixture");
    dir
}
