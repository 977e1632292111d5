//! The layering of docs/architecture.md, held against the code: every
//! `crate::MODULE` a source file names (outside its `#[cfg(test)]` part) must be
//! its own module or one of a lower layer. So no module imports one above it,
//! and there are no cycles between modules.

use std::collections::BTreeMap;
use std::path::Path;

use crate::util::root;

/// Each top-level module and its layer; a module may use only lower layers.
const LAYERS: &[(&str, u8)] = &[
    ("normalize", 0),
    ("date", 0),
    ("lines", 0),
    ("format", 0),
    ("progress", 0),
    ("verbatim", 0),
    ("pattern", 0),
    ("suggest", 1),
    ("error", 2),
    ("model", 3),
    ("gql", 3),
    ("cancel", 3),
    ("load", 4),
    ("query", 5),
    ("extract", 5),
    ("draw", 5),
    ("export", 6),
    ("render", 7),
    ("session", 7),
    ("command", 8),
    ("script", 9),
    ("repl", 10),
    ("cli", 11),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// The top-level module a source file belongs to: `src/query/path.rs` is `query`.
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(root().join("src")).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn modules_import_only_the_layers_below_them() {
    let mut files = Vec::new();
    sources(&root().join("src"), &mut files);
    let mut wrong: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut modules_seen = Vec::new();
    for file in &files {
        let module = module_of(file);
        if matches!(module.as_str(), "lib" | "main") {
            continue;
        }
        modules_seen.push(module.clone());
        let Some(own) = layer(&module) else {
            panic!("src/{module} is in no layer of tests/layers.rs (and docs/architecture.md)");
        };
        let text = std::fs::read_to_string(file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            let used: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if used == module || used.is_empty() {
                continue;
            }
            // `crate::Error`, `crate::Result`, ... are the library's re-exports of `error`.
            let used = match used.as_str() {
                "Error" | "Result" | "Problem" | "Location" => "error".to_string(),
                "KnowledgeGraph" => "model".to_string(),
                other => other.to_string(),
            };
            match layer(&used) {
                Some(l) if l < own => {}
                _ => wrong
                    .entry(format!(
                        "src/{}",
                        file.strip_prefix(root().join("src")).unwrap().display()
                    ))
                    .or_default()
                    .push(used),
            }
        }
    }
    for (m, _) in LAYERS {
        assert!(modules_seen.iter().any(|s| s == m), "no module {m} in src/");
    }
    assert!(
        wrong.is_empty(),
        "imports of a layer that is not below: {wrong:#?}"
    );
}
