//! `kg export`, `kg render` and the graph formats of answers, checked by the
//! programs that read them:
//!
//! - every DOT kg writes (the whole seed graph, paths, neighbourhoods, a graph of
//!   nasty names) is accepted by Graphviz `dot -Tsvg`, and names survive into the SVG;
//! - kg JSON round-trips: export, load, export again gives the same bytes;
//! - GraphML loads in NetworkX with kg's nodes, edges and attributes;
//! - N-Triples parse in rdflib and load in pyoxigraph, and SPARQL over them finds
//!   the neighbours kg finds;
//! - Neo4j CSV has the headers `neo4j-admin database import` reads, as documented.
//!
//! Graphviz's `dot` must be on the PATH and `KG_PYTHON` must name a Python with
//! networkx, rdflib and pyoxigraph (`scripts/test.sh` sets both up); the tests
//! fail, never skip, without them.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::util::{kg, read, root, Output, TestCommand, TestDir};

const NO_DOT: &str = "these tests need Graphviz's `dot` on the PATH: \
    scripts/test.sh installs it, or `apt-get install graphviz`";

const HOW_TO_RUN: &str = "run them with scripts/test.sh, or by hand:\n    \
     python3 -m venv target/venv && target/venv/bin/pip install -r tests/requirements.txt\n    \
     KG_PYTHON=target/venv/bin/python cargo test --test tests export";

/// A graph whose names, ids, types and quotes are awkward for DOT, XML, CSV and
/// N-Triples alike; it also stores a symmetric relation both ways, has parallel
/// relations, validity ranges, attributes and an alias with the CSV array delimiter.
const NASTY: &str = r#"{
  "kg": 1,
  "schema": {
    "entity_types": [{"id": "thing", "description": "A \"thing\" <with> {braces}"}, {"id": "odd <type> {x}|y;z"}],
    "relation_types": [
      {"id": "links", "inverse": "linked by", "codes": {"cameo": "042"}},
      {"id": "says \"hi\"", "symmetric": true},
      {"id": "a\\b|c{d}", "from": ["odd <type> {x}|y;z"], "to": ["thing"]}
    ]
  },
  "sources": [
    {"id": "src \"1\" \\ <a>", "title": "T \"quoted\"\nline two", "publisher": "P & Co", "date": "2016-03", "url": "http://example.org/a?b=1&c=<2>"},
    {"id": "plain"},
    {"id": "bg", "background": true}
  ],
  "entities": [
    {"id": "q\"id", "name": "Quote \"double\" and 'single'", "type": "thing", "aliases": ["q;semi", "Q, comma"]},
    {"id": "b\\s", "name": "Back\\slash \\N \\n \\l \\G end\\", "type": "thing", "attributes": {"k": "v\"<>", "n": 1}},
    {"id": "nl", "name": "Line one\nLine two\r\nthree\ttab", "type": "thing"},
    {"id": "rec", "name": "<b>{record}|port</b> & co #1: C# :: a:b", "type": "odd <type> {x}|y;z"},
    {"id": "emoji", "name": "Emoji 🦀🇯🇵 ok 👩‍👩‍👧", "type": "thing"},
    {"id": "rtl", "name": "مرحبا بالعالم שלום \u202eoverride\u202c zero\u200bwidth\u200cjoin\u200d 日本語 Ελληνικά", "type": "thing"},
    {"id": "a -- b", "name": "-- not a comment -->", "type": "thing"},
    {"id": "node", "name": "subgraph", "type": "thing"},
    {"id": "end\\", "name": "ends in a backslash\\", "type": "thing"},
    {"id": "R&amp;D", "name": "R&amp;D &copy; &#65; AT&T ]]>", "type": "thing"},
    {"id": "/m/06bnz", "name": "Freebase-style id"},
    {"id": "ctl", "name": "nul\u0000bell\u0007 esc\u001b end"},
    {"id": "legend:type:thing", "name": "looks like a legend node", "type": "thing"}
  ],
  "relations": [
    {"from": "q\"id", "type": "links", "to": "b\\s", "evidence": [{"source": "src \"1\" \\ <a>", "quote": "he said \"no\" \\ <b>&amp;</b>\nthen left", "date": "2016-01-01"}], "valid": {"from": "2016-01", "to": "2016-02"}, "confidence": 0.75, "id": "r\"1"},
    {"from": "b\\s", "type": "says \"hi\"", "to": "nl", "evidence": [{"source": "bg"}]},
    {"from": "nl", "type": "says \"hi\"", "to": "b\\s", "evidence": [{"source": "plain", "quote": "said the other way"}]},
    {"from": "nl", "type": "links", "to": "rec", "evidence": [{"source": "src \"1\" \\ <a>", "quote": "{x}|<y> [z]; w=1, \"csv\""}]},
    {"from": "rec", "type": "a\\b|c{d}", "to": "emoji", "evidence": [{"source": "plain", "quote": "🦀 crab"}], "attributes": {"weight": 2}},
    {"from": "emoji", "type": "links", "to": "rtl", "evidence": [{"source": "plain", "quote": "שלום עולם"}], "valid": "2016"},
    {"from": "emoji", "type": "links", "to": "rtl", "evidence": [{"source": "plain", "quote": "a second, parallel relation"}]},
    {"from": "rtl", "type": "links", "to": "a -- b", "evidence": [{"source": "src \"1\" \\ <a>"}]},
    {"from": "a -- b", "type": "links", "to": "node", "evidence": [{"source": "plain", "quote": "ends in a backslash\\"}]},
    {"from": "node", "type": "links", "to": "end\\", "evidence": [{"source": "plain"}]},
    {"from": "R&amp;D", "type": "links", "to": "node", "evidence": [{"source": "plain", "quote": "&lt;not a tag&gt; &nbsp;"}]},
    {"from": "/m/06bnz", "type": "links", "to": "ctl", "evidence": [{"source": "plain", "quote": "ctl\u0001 chars\u007f"}]},
    {"from": "ctl", "type": "links", "to": "legend:type:thing"},
    {"from": "legend:type:thing", "type": "links", "to": "q\"id"}
  ]
}"#;

/// A test folder holding `nasty.json`.
fn nasty() -> TestDir {
    let dir = TestDir::new("export-nasty");
    dir.create("nasty.json", NASTY);
    dir.command()
        .args(["check", "nasty.json"])
        .run()
        .success()
        .stdout_is("ok: nasty.json: 13 entities, 14 relations\n");
    dir
}

/// Runs Graphviz on `source`, which it must accept; returns its output.
#[track_caller]
fn graphviz(source: &[u8], format: &str, what: &str) -> Vec<u8> {
    let mut child = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run `dot` ({e}); {NO_DOT}"));
    let mut stdin = child.stdin.take().unwrap();
    let input = source.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait for dot");
    writer.join().unwrap();
    assert!(
        out.status.success() && !out.stdout.is_empty(),
        "`dot -T{format}` refused the DOT of {what} ({}):\n{}\n---- DOT ----\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(source)
    );
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(
        !warnings.contains("Warning") && !warnings.contains("Error"),
        "`dot -T{format}` warned about the DOT of {what}:\n{warnings}\n---- DOT ----\n{}",
        String::from_utf8_lossy(source)
    );
    out.stdout
}

/// Undoes XML escaping: named entities and numeric character references.
fn xml_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else { break };
        let entity = &rest[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text of every `<text>` element of an SVG, unescaped.
fn svg_texts(svg: &str) -> Vec<String> {
    let mut texts = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find("<text") {
        rest = &rest[i..];
        let start = rest.find('>').expect("a <text> tag ends") + 1;
        let end = rest.find("</text>").expect("a <text> element is closed");
        texts.push(xml_unescape(&rest[start..end]));
        rest = &rest[end..];
    }
    texts
}

/// `kg ARGS` in `dir` (or the repository), which must succeed quietly.
#[track_caller]
fn ok(dir: Option<&TestDir>, args: &[&str]) -> Output {
    let cmd = match dir {
        Some(d) => d.command(),
        None => TestCommand::new(),
    };
    let out = cmd.args(args).run();
    out.success().stderr_is("");
    out
}

#[test]
fn every_dot_kg_writes_is_read_by_graphviz() {
    let seed: [&[&str]; 7] = [
        &["export", "--format", "dot"],
        &["path", "Kyodo", "Kurils", "--format", "dot"],
        &[
            "path",
            "Lavrov",
            "North Korea",
            "-k",
            "4",
            "--format",
            "dot",
        ],
        &["path", "Kyodo", "Russia", "--all", "--format", "dot"],
        &["neighbours", "Japan", "--depth", "2", "--format", "dot"],
        &["show", "Sputnik", "--format", "dot"],
        &[
            "export",
            "--query",
            r#"{"op":"neighbours","of":"Kurils","depth":2}"#,
            "--format",
            "dot",
        ],
    ];
    for args in seed {
        let out = ok(None, args);
        graphviz(out.stdout.as_bytes(), "svg", &out.command);
    }
    let dir = nasty();
    let g = ["--graph", "nasty.json"];
    let cases: [&[&str]; 6] = [
        &["export", "--format", "dot"],
        &["path", "q\"id", "end\\", "--format", "dot"],
        &["path", "ctl", "rtl", "-k", "3", "--format", "dot"],
        &["neighbours", "nl", "--depth", "10", "--format", "dot"],
        &["neighbours", "legend:type:thing", "--format", "dot"],
        &["show", "b\\s", "--format", "dot"],
    ];
    for args in cases {
        let args: Vec<&str> = g.iter().chain(args).copied().collect();
        let out = ok(Some(&dir), &args);
        let svg = graphviz(out.stdout.as_bytes(), "svg", &out.command);
        let svg = String::from_utf8(svg).expect("SVG is UTF-8");
        let texts = svg_texts(&svg);
        // Every entity named in the DOT has its name drawn, line by line.
        if args.contains(&"export") {
            let doc: serde_json::Value =
                ok(Some(&dir), &["--graph", "nasty.json", "export"]).json();
            for e in doc["entities"].as_array().unwrap() {
                let name = e["name"]
                    .as_str()
                    .unwrap_or_else(|| e["id"].as_str().unwrap());
                // Control characters are drawn as their control pictures.
                let drawn: String = name
                    .chars()
                    .map(|c| match c {
                        '\n' | '\t' => c,
                        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap(),
                        '\u{7f}' => '\u{2421}',
                        c => c,
                    })
                    .collect();
                for line in drawn.split('\n') {
                    assert!(
                        texts.iter().any(|t| t.trim() == line.trim()),
                        "name line {line:?} not in the SVG of {}:\n{texts:#?}",
                        out.command
                    );
                }
            }
        }
    }
}

#[test]
fn dot_output_is_sorted_stable_and_marks_what_it_should() {
    let a = ok(None, &["export", "--format", "dot"]);
    let b = ok(None, &["export", "--format", "dot"]);
    assert_eq!(a.stdout, b.stdout, "two exports differ");
    // Node statements in id order, relation statements in (from, to) order.
    let nodes: Vec<&str> = a
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with('"') && l.contains(" [label=") && !l.contains("->"))
        .filter(|l| !l.contains("legend:"))
        .map(|l| l.trim_start().split('"').nth(1).unwrap())
        .collect();
    assert_eq!(nodes.len(), 14, "{}", a.stdout);
    let mut sorted = nodes.clone();
    sorted.sort_unstable();
    assert_eq!(nodes, sorted);
    let edges: Vec<(&str, &str)> = a
        .stdout
        .lines()
        .filter(|l| l.contains(" -> ") && !l.contains("style=invis"))
        .map(|l| {
            let parts: Vec<&str> = l.trim_start().split('"').collect();
            (parts[1], parts[3])
        })
        .collect();
    // 33 relations on 27 lines: parallel relations fold onto one per pair,
    // and the lines come in order of their (sorted) pair of ends.
    assert_eq!(edges.len(), 27, "{}", a.stdout);
    let pairs: Vec<(&str, &str)> = edges.iter().map(|&(f, t)| (f.min(t), f.max(t))).collect();
    let mut sorted = pairs.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(pairs, sorted);
    // A legend with every entity type.
    for t in ["city", "country", "news_agency", "person", "territory"] {
        a.stdout_has(&format!("\"legend:type:{t}\" [label=\"{t}\""));
    }
    // Symmetric relations without arrowheads, numbered for their footnote;
    // tooltips with quote and the date it was reported.
    a.stdout_has("\"kyodo_news\" -> \"sputnik\" [label=\"partners with [12]\"")
        .stdout_has(
            "“the Kuril Islands which Japan and Russia both claim” — blog-2016-03-14, reported 2016-03-14",
        );
    let partners = a
        .stdout
        .lines()
        .find(|l| l.contains("partners with"))
        .unwrap();
    assert!(partners.contains("dir=none"), "{partners}");

    // A path: its relations in the path colour, its ends heavy, evidence below.
    let p = ok(None, &["path", "Kyodo", "Kurils", "--format", "dot"]);
    let based_in = p
        .stdout
        .lines()
        .find(|l| l.contains("\"kyodo_news\" -> \"japan\""))
        .unwrap();
    assert!(based_in.contains("color=\"#c0392b\""), "{based_in}");
    for end in ["\"kyodo_news\" [", "\"kuril_islands\" ["] {
        let line = p
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with(end))
            .unwrap();
        assert!(line.contains("penwidth=2.8"), "{line}");
    }
    p.stdout_has("<B>Evidence</B>")
        .stdout_has("Kyodo News —based in→ Japan");
    // A neighbourhood: its center has a double border.
    let n = ok(None, &["neighbours", "Japan", "--format", "dot"]);
    let center = n
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("\"japan\" ["))
        .unwrap();
    assert!(center.contains("peripheries=2"), "{center}");
}

#[test]
fn a_symmetric_relation_stored_both_ways_is_drawn_once() {
    let dir = nasty();
    let out = ok(
        Some(&dir),
        &["--graph", "nasty.json", "export", "--format", "dot"],
    );
    let says: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.contains("label=\"says \\\"hi\\\" ["))
        .collect();
    assert_eq!(says.len(), 1, "{}", out.stdout);
    assert!(says[0].contains("dir=none"), "{}", says[0]);
    // Both stored directions' evidence is in its tooltip.
    assert!(
        says[0].contains("said the other way") && says[0].contains("background knowledge (bg)"),
        "{}",
        says[0]
    );
    // The legend's ids dodge an entity that looks like one.
    out.stdout_has("\"legend:type:thing\" [label=\"looks like a legend node\\n(thing)\"")
        .stdout_has("\"_legend:type:thing\" [label=\"thing\"");
}

#[test]
fn render_and_image_formats_call_graphviz() {
    let dir = TestDir::new("export-render");
    ok(Some(&dir), &["render", "-o", "graph.svg"]).stdout_is("");
    let svg = std::fs::read_to_string(dir.path.join("graph.svg")).unwrap();
    assert!(
        svg.contains("<svg") && svg.contains("Kuril Islands"),
        "{svg}"
    );
    ok(Some(&dir), &["render", "-o", "graph.png"]);
    let png = std::fs::read(dir.path.join("graph.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let q = r#"{"op":"path","from":"Kyodo","to":"Kurils"}"#;
    ok(
        Some(&dir),
        &["render", "--query", q, "--format", "png", "-o", "path.img"],
    );
    assert!(std::fs::read(dir.path.join("path.img"))
        .unwrap()
        .starts_with(b"\x89PNG"));
    let out = ok(None, &["path", "Kyodo", "Kurils", "--format", "svg"]);
    assert!(
        out.stdout.contains("<svg") && out.stdout.contains("Kyodo News"),
        "{}",
        out.report()
    );
    let out = ok(None, &["export", "--format", "svg"]);
    assert!(out.stdout.contains("<svg"), "{}", out.report());
    // No file is left behind but the ones asked for.
    let mut names: Vec<String> = std::fs::read_dir(&dir.path)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["graph.png", "graph.svg", "path.img"]);
}

/// `kg ARGS` with a PATH on which there is no Graphviz.
fn without_graphviz(dir: &TestDir, args: &[&str]) -> std::process::Output {
    let empty = dir.path.join("empty-bin");
    std::fs::create_dir_all(&empty).unwrap();
    Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(args)
        .current_dir(&dir.path)
        .env("PATH", &empty)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn without_graphviz_kg_says_how_to_install_it() {
    let dir = TestDir::new("export-no-dot");
    let message = "kg: error: Graphviz 'dot' is not installed; install it with: \
        apt-get install graphviz (Debian/Ubuntu), brew install graphviz (macOS)\n";
    for args in [
        &["render", "-o", "g.svg"][..],
        &["path", "Kyodo", "Kurils", "--format", "svg"],
        &["export", "--format", "svg"],
    ] {
        let out = without_graphviz(&dir, args);
        assert_eq!(out.status.code(), Some(1), "kg {args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), message, "kg {args:?}");
        assert!(out.stdout.is_empty());
    }
    assert!(!dir.path.join("g.svg").exists());
    // DOT itself needs no Graphviz.
    let out = without_graphviz(&dir, &["export", "--format", "dot", "-o", "g.dot"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::read_to_string(dir.path.join("g.dot"))
        .unwrap()
        .starts_with("digraph kg {"));
}

#[test]
fn json_export_round_trips() {
    let dir = nasty();
    // (graph options, questions the export must answer as the original does)
    let cases: [(&[&str], &[&[&str]]); 2] = [
        (
            &[],
            &[
                &["stats"],
                &["path", "Kyodo", "Kurils"],
                &["neighbours", "Japan", "--depth", "2", "--format", "json"],
            ],
        ),
        (
            &["--graph", "nasty.json"],
            &[
                &["stats", "--format", "json"],
                &["neighbours", "q\"id", "--depth", "3"],
                &["path", "q\"id", "end\\", "--format", "json"],
            ],
        ),
    ];
    for (graph, questions) in cases {
        let args: Vec<&str> = graph
            .iter()
            .chain(&["export", "-o", "first.json"])
            .copied()
            .collect();
        ok(Some(&dir), &args).stdout_is("");
        let first = std::fs::read_to_string(dir.path.join("first.json")).unwrap();
        let second = ok(
            Some(&dir),
            &["--graph", "first.json", "export", "--format", "json"],
        );
        assert_eq!(
            second.stdout, first,
            "export, load, export gives other bytes"
        );
        for q in questions {
            let original = dir.command().args(graph.iter()).args(q.iter()).run();
            let exported = dir
                .command()
                .args(["--graph", "first.json"])
                .args(q.iter())
                .run();
            original.success();
            assert_eq!(
                original.stdout,
                exported.stdout,
                "{}\n{}",
                original.report(),
                exported.report()
            );
        }
    }
    // An answer exports as a kg JSON graph of its own, which loads.
    let q = r#"{"op":"path","from":"Kyodo","to":"Kurils"}"#;
    ok(Some(&dir), &["export", "--query", q, "-o", "path.json"]);
    ok(Some(&dir), &["--graph", "path.json", "stats"]).stdout_has("3 entities, 2 relations");
    let shown = ok(Some(&dir), &["--graph", "path.json", "show", "Kurils"]);
    shown.stdout_has("Northern Territories");
}

fn python() -> PathBuf {
    match std::env::var_os("KG_PYTHON") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => panic!(
            "the interop tests need KG_PYTHON, a Python with networkx, rdflib and pyoxigraph; \
             {HOW_TO_RUN}"
        ),
    }
}

/// Runs tests/interop/check_exports.py, which must report no problems.
#[track_caller]
fn check_exports(args: &[&str], cwd: &Path) -> String {
    let python = python();
    let script = root().join("tests/interop/check_exports.py");
    let out = Command::new(&python)
        .arg(&script)
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run KG_PYTHON={} ({e}); {HOW_TO_RUN}",
                python.display()
            )
        });
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success() && stdout.contains(", 0 problems"),
        "check_exports.py {} failed ({}):\n{stdout}\n{stderr}\n{HOW_TO_RUN}",
        args.join(" "),
        out.status
    );
    stdout
}

#[test]
fn graphml_loads_in_networkx_with_kgs_nodes_edges_and_attributes() {
    let bin = env!("CARGO_BIN_EXE_kg");
    let out = check_exports(&["graphml", bin], &root());
    assert!(out.contains("graphml: 14 nodes, 33 edges"), "{out}");
    let dir = nasty();
    let out = check_exports(&["graphml", bin, "--graph", "nasty.json"], &dir.path);
    assert!(out.contains("graphml: 13 nodes, 14 edges"), "{out}");
    // A path answer as GraphML: only its entities and relations.
    let p = ok(None, &["path", "Kyodo", "Kurils", "--format", "graphml"]);
    assert_eq!(p.stdout.matches("<node ").count(), 3, "{}", p.stdout);
    assert_eq!(p.stdout.matches("<edge ").count(), 2, "{}", p.stdout);
}

#[test]
fn ntriples_parse_in_rdflib_and_sparql_finds_kgs_neighbours() {
    let bin = env!("CARGO_BIN_EXE_kg");
    let names = [
        "Japan",
        "Kurils",
        "Lavrov",
        "Sputnik",
        "United States",
        "Kyodo",
    ];
    let args: Vec<&str> = ["rdf", bin].iter().copied().chain(names).collect();
    let out = check_exports(&args, &root());
    assert!(out.contains("12 SPARQL neighbourhoods agree"), "{out}");
    let dir = nasty();
    let nasty_names = [
        "q\"id", "b\\s", "nl", "rec", "emoji", "/m/06bnz", "ctl", "R&amp;D",
    ];
    let args: Vec<&str> = ["rdf", bin, "--graph", "nasty.json"]
        .iter()
        .copied()
        .chain(nasty_names)
        .collect();
    check_exports(&args, &dir.path);
    // The IRI scheme is the documented one, under any base.
    let out = ok(
        None,
        &[
            "export",
            "--format",
            "ntriples",
            "--base",
            "http://example.org/kg#",
        ],
    );
    out.stdout_has("<http://example.org/kg#entity/kyodo_news> <http://example.org/kg#relation/based_in> <http://example.org/kg#entity/japan> .\n");
    let out = dir
        .command()
        .args(["export", "--format", "ntriples", "--base", "not an iri"])
        .run();
    out.failure().stdout_is("");
}

/// The header rules of `neo4j-admin database import`: `name:type`, `:ID` and
/// friends, array types with `[]`.
fn valid_neo4j_field(field: &str) -> bool {
    const TYPES: [&str; 13] = [
        "string",
        "int",
        "long",
        "float",
        "double",
        "boolean",
        "byte",
        "short",
        "char",
        "date",
        "datetime",
        "localdatetime",
        "point",
    ];
    match field.split_once(':') {
        None => !field.is_empty(),
        Some((_, kind)) => {
            matches!(kind, "ID" | "START_ID" | "END_ID" | "TYPE" | "LABEL")
                || TYPES.contains(&kind.trim_end_matches("[]"))
        }
    }
}

#[test]
fn neo4j_csv_has_the_documented_import_headers_and_every_row() {
    let dir = nasty();
    let docs = read("docs/export.md");
    for (graph, entities, relations) in [(None, 14, 33), (Some("nasty.json"), 13, 14)] {
        let mut args: Vec<&str> = graph.map_or(vec![], |g| vec!["--graph", g]);
        args.extend(["export", "--format", "neo4j-csv", "-o", "neo4j"]);
        ok(Some(&dir), &args).stdout_is("");
        let nodes = std::fs::read(dir.path.join("neo4j/nodes.csv")).unwrap();
        let rels = std::fs::read(dir.path.join("neo4j/relationships.csv")).unwrap();
        let header = |bytes: &[u8]| -> String {
            String::from_utf8_lossy(bytes)
                .lines()
                .next()
                .unwrap()
                .to_string()
        };
        let node_header = "id:ID,:LABEL,name,type,aliases:string[],attributes";
        let rel_header = ":START_ID,:END_ID,:TYPE,label,inverse,symmetric:boolean,evidence,valid,confidence:double,relation_id,attributes";
        assert_eq!(header(&nodes), node_header);
        assert_eq!(header(&rels), rel_header);
        for h in [node_header, rel_header] {
            assert!(
                docs.contains(h),
                "docs/export.md does not show the header {h}"
            );
            for field in h.split(',') {
                assert!(
                    valid_neo4j_field(field),
                    "{field} is not a neo4j-admin header field"
                );
            }
        }
        let rows = |bytes: &[u8]| -> Vec<csv::StringRecord> {
            csv::Reader::from_reader(bytes)
                .records()
                .map(|r| r.expect("RFC 4180 CSV"))
                .collect()
        };
        for (file, bytes) in [("nodes.csv", &nodes), ("relationships.csv", &rels)] {
            let raw = bytes
                .iter()
                .position(|&b| (b < 0x20 && !b"\t\n\r".contains(&b)) || b == 0x7f);
            assert_eq!(raw, None, "{file} holds a raw control byte");
        }
        let (n, r) = (rows(&nodes), rows(&rels));
        assert_eq!(n.len(), entities);
        assert_eq!(r.len(), relations);
        let ids: Vec<&str> = n.iter().map(|r| &r[0]).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted, "nodes are sorted by id");
        for row in &r {
            assert!(
                ids.contains(&&row[0]) && ids.contains(&&row[1]),
                "{row:?} has an unknown end"
            );
            if !row[6].is_empty() {
                serde_json::from_str::<serde_json::Value>(&row[6]).expect("evidence is JSON");
            }
        }
        for row in &n {
            assert!(row[1].starts_with("Entity;"), "{row:?}");
            assert_eq!(row[1].matches(';').count(), 1, "one type label: {row:?}");
        }
    }
    // Ids that differ only in a control character, or in its picture, stay
    // distinct nodes, each relation on its own ends.
    std::fs::write(
        dir.path.join("controls.json"),
        r#"{"schema":{"entity_types":[{"id":"thing"}],"relation_types":[{"id":"near"}]},
           "entities":[{"id":"a","type":"thing"},{"id":"a\u0000","type":"thing","name":"NUL\u0000DEL\u007f"},
                       {"id":"a\u2400","type":"thing"}],
           "relations":[{"from":"a\u0000","type":"near","to":"a\u2400"},{"from":"a","type":"near","to":"a\u0000"}]}"#,
    )
    .unwrap();
    ok(
        Some(&dir),
        &[
            "--graph",
            "controls.json",
            "export",
            "--format",
            "neo4j-csv",
            "-o",
            "controls",
        ],
    );
    let nodes = std::fs::read_to_string(dir.path.join("controls/nodes.csv")).unwrap();
    let rels = std::fs::read_to_string(dir.path.join("controls/relationships.csv")).unwrap();
    assert_eq!(
        nodes,
        "id:ID,:LABEL,name,type,aliases:string[],attributes\n\
         a,Entity;thing,a,thing,,\n\
         a\u{2400}~2,Entity;thing,NUL\u{2400}DEL\u{2421},thing,,\n\
         a\u{2400},Entity;thing,a\u{2400},thing,,\n"
    );
    let ends: Vec<String> = rels
        .lines()
        .skip(1)
        .map(|l| l.split(',').take(2).collect::<Vec<_>>().join(" -> "))
        .collect();
    assert_eq!(ends, ["a -> a\u{2400}~2", "a\u{2400}~2 -> a\u{2400}"]);
    // The alias holding the array delimiter stays one alias.
    let nodes = std::fs::read_to_string(dir.path.join("neo4j/nodes.csv")).unwrap();
    assert!(nodes.contains("\"q\"\"id\",Entity;thing,\"Quote \"\"double\"\" and 'single'\",thing,\"q,semi;Q, comma\","), "{nodes}");
    // Without a folder, neo4j-csv is refused with a hint.
    let out = kg(["export", "--format", "neo4j-csv"]);
    out.code(2)
        .stdout_is("")
        .stderr_has("name a folder for them with -o DIR");
    let out = kg(["path", "Kyodo", "Kurils", "--format", "neo4j-csv"]);
    out.failure()
        .stderr_has("kg export --format neo4j-csv -o DIR");
}

#[test]
fn export_writes_atomically_and_refuses_what_it_cannot_write() {
    let dir = TestDir::new("export-errors");
    // The format comes from the file name when not given.
    for (name, start) in [
        ("g.dot", "digraph kg {"),
        ("g.gv", "digraph kg {"),
        ("g.json", "{"),
        ("g.graphml", "<?xml"),
        ("g.nt", "<https://kg.example/type/"),
    ] {
        ok(Some(&dir), &["export", "-o", name]).stdout_is("");
        let text = std::fs::read_to_string(dir.path.join(name)).unwrap();
        assert!(
            text.starts_with(start),
            "{name}: {}",
            &text[..80.min(text.len())]
        );
    }
    let out = dir.command().args(["export", "-o", "g.xyz"]).run();
    out.code(2)
        .stderr_is("kg: error: cannot tell the format from the name 'g.xyz'; kg export writes files named .json, .dot, .gv, .svg, .png, .pdf, .graphml or .nt, or name the format with --format (json, dot, svg, png, pdf, graphml, ntriples, neo4j-csv or parquet)\n");
    let out = dir.command().args(["export", "--format", "text"]).run();
    out.code(2).stderr_has(
        "kg export writes json, dot, svg, png, pdf, graphml, ntriples, neo4j-csv or parquet, not text",
    );
    let out = dir.command().args(["render", "--format", "json"]).run();
    out.code(2)
        .stderr_has("kg render draws dot, svg, png or pdf, not json");
    let out = dir
        .command()
        .args([
            "export",
            "--query",
            "{\"op\":\"stats\"}",
            "--format",
            "graphml",
        ])
        .run();
    out.failure().stderr_has("stats has no graph to export");
    let out = dir
        .command()
        .args([
            "export",
            "--query",
            "{\"op\":\"path\",\"from\":\"Rusia\",\"to\":\"Japan\"}",
        ])
        .run();
    out.failure()
        .stderr_is("kg: error: no entity named 'Rusia'\nkg: hint: did you mean 'Russia'?\n");
    let out = dir.command().args(["stats", "--format", "graphml"]).run();
    out.failure()
        .stderr_is("kg: error: stats has no graph to draw; use --format text or json\n");
    // A failed export leaves the old file alone.
    std::fs::write(dir.path.join("keep.svg"), "old").unwrap();
    let empty = dir.path.join("empty-bin");
    std::fs::create_dir_all(&empty).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(["render", "-o", "keep.svg"])
        .current_dir(&dir.path)
        .env("PATH", &empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.path.join("keep.svg")).unwrap(),
        "old"
    );
    // A closed pipe ends an export quietly.
    let mut child = Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(["--graph", "g.json", "export", "--format", "ntriples"])
        .current_dir(&dir.path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
