//! `--format dot`: what kg writes is read by Graphviz itself (`dot -Tsvg`), and
//! names survive the trip: quotes, backslashes, newlines, `<>{}|`, emoji and
//! right-to-left text come out of the SVG as they went into the graph.
//!
//! These tests need Graphviz's `dot` on the PATH (`scripts/test.sh` installs it)
//! and fail, never skip, without it.

use std::io::Write as _;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::util::{kg, Output, TestCommand, TestDir};

const NO_DOT: &str = "these tests need Graphviz's `dot` on the PATH: \
    scripts/test.sh installs it, or `apt-get install graphviz`";

/// Renders `source` with `dot -Tsvg`, which must accept it; returns the SVG.
#[track_caller]
pub(crate) fn svg_of(source: &str, out: &Output) -> String {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run `dot` ({e}); {NO_DOT}"));
    let mut stdin = child.stdin.take().unwrap();
    let input = source.as_bytes().to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let svg = child.wait_with_output().expect("wait for dot");
    writer.join().unwrap();
    let text = String::from_utf8_lossy(&svg.stdout).into_owned();
    assert!(
        svg.status.success() && text.contains("<svg"),
        "`dot -Tsvg` refused kg's DOT ({}):\n{}\n{}",
        svg.status,
        String::from_utf8_lossy(&svg.stderr),
        out.report()
    );
    text
}

/// `kg ARGS... --format dot`, which must succeed, rendered to SVG.
#[track_caller]
fn render(cmd: TestCommand) -> (Output, String) {
    let out = cmd.args(["--format", "dot"]).run();
    out.success().stderr_is("");
    assert!(
        out.stdout.starts_with("digraph ") && out.stdout.ends_with("}\n"),
        "not a DOT digraph\n{}",
        out.report()
    );
    let svg = svg_of(&out.stdout, &out);
    (out, svg)
}

/// Undoes XML escaping: the five named entities and numeric character references.
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

/// The text of every `<text>` element of `svg`, unescaped.
pub(crate) fn svg_texts(svg: &str) -> Vec<String> {
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

/// Every tooltip of `svg` (the `xlink:title` attributes), unescaped.
fn svg_tooltips(svg: &str) -> Vec<String> {
    let mut tips = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find("xlink:title=\"") {
        rest = &rest[i + "xlink:title=\"".len()..];
        let end = rest.find('"').expect("an attribute value ends");
        tips.push(xml_unescape(&rest[..end]));
        rest = &rest[end..];
    }
    tips
}

/// The nodes and edges a JSON answer talks about: every node object and every
/// object with evidence.
fn nodes_and_edges(answer: &Value) -> (Vec<Value>, Vec<Value>) {
    let (mut nodes, mut edges) = (Vec::new(), Vec::new());
    match answer {
        Value::Object(m) => {
            if m.contains_key("evidence") {
                edges.push(answer.clone());
            } else if m.contains_key("name") && m.contains_key("type") && m.contains_key("id") {
                nodes.push(answer.clone());
            }
            for v in m.values() {
                let (n, e) = nodes_and_edges(v);
                nodes.extend(n);
                edges.extend(e);
            }
        }
        Value::Array(a) => {
            for v in a {
                let (n, e) = nodes_and_edges(v);
                nodes.extend(n);
                edges.extend(e);
            }
        }
        _ => {}
    }
    (nodes, edges)
}

/// Every name, type, relation type and quote of the answer to `args` is in the
/// SVG that `dot` makes of its DOT.
#[track_caller]
fn assert_names_survive(dir: Option<&TestDir>, args: &[&str]) {
    let cmd = || match dir {
        Some(d) => d.command().args(args),
        None => TestCommand::new().args(args),
    };
    let json = cmd().args(["--format", "json"]).run();
    json.success();
    let answer: Value = json.json();
    let (out, svg) = render(cmd());
    let texts = svg_texts(&svg);
    let tips = svg_tooltips(&svg);
    let (nodes, edges) = nodes_and_edges(&answer);
    assert!(!nodes.is_empty(), "{}", json.report());
    let mut missing = Vec::new();
    for n in &nodes {
        // A label is the name, one text element per line, then "(type)".
        let name = n["name"].as_str().unwrap();
        for line in name.split('\n') {
            if !texts.iter().any(|t| t == line) {
                missing.push(format!("name line {line:?}"));
            }
        }
        let kind = format!("({})", n["type"].as_str().unwrap());
        if !texts.contains(&kind) {
            missing.push(format!("type {kind:?}"));
        }
    }
    for e in &edges {
        // Drawn as the type, with its footnote number when the figure numbers evidence.
        let label = e["type"].as_str().unwrap().replace('_', " ");
        let numbered = |t: &str| {
            t.strip_prefix(&format!("{label} ["))
                .and_then(|n| n.strip_suffix(']'))
                .is_some_and(|n| n.parse::<usize>().is_ok())
        };
        if !texts.iter().any(|t| *t == label || numbered(t)) {
            missing.push(format!("relation label {label:?}"));
        }
        for ev in e["evidence"].as_array().unwrap() {
            let source = ev["source"].as_str().unwrap();
            let quote = ev["quote"].as_str().unwrap_or("");
            if !tips.iter().any(|t| t.contains(source) && t.contains(quote)) {
                missing.push(format!("evidence {quote:?} from {source:?} in a tooltip"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "missing from the SVG of `kg {} --format dot`:\n  {}\n---- SVG texts ----\n{texts:#?}\n---- tooltips ----\n{tips:#?}\n{}",
        args.join(" "),
        missing.join("\n  "),
        out.report()
    );
}

#[test]
fn dot_of_builtin_answers_is_read_by_graphviz() {
    for args in [
        ["path", "Kyodo", "Kurils"].as_slice(),
        &["neighbours", "Japan", "--depth", "2"],
        &["show", "Lavrov"],
        &["path", "Kyodo", "Russia", "--all"],
        &["path", "Kyodo", "Kurils", "-k", "5"],
        &["neighbors", "Russia", "--depth", "3", "--limit", "4"],
    ] {
        assert_names_survive(None, args);
    }
    // The path's ends are marked and its relations drawn in the path colour.
    let (out, _) = render(TestCommand::new().args(["path", "Kyodo", "Kurils"]));
    out.stdout_has("\"kyodo_news\" [label=\"Kyodo News\\n(news_agency)\"")
        .stdout_has("\"kyodo_news\" -> \"japan\" [label=\"based in\"")
        .stdout_has("\"japan\" -> \"kuril_islands\" [label=\"claims\"");
}

/// A graph whose every name, id, type and quote is awkward for DOT, SVG or both.
const NASTY: &str = r#"{
  "kg": 1,
  "schema": {
    "entity_types": [{"id": "thing"}, {"id": "odd <type> {x}|y"}],
    "relation_types": [
      {"id": "links", "inverse": "linked by"},
      {"id": "says \"hi\"", "symmetric": true},
      {"id": "a\\b|c{d}"}
    ]
  },
  "sources": [{"id": "src \"1\" \\ <a>", "title": "T"}, {"id": "plain"}],
  "entities": [
    {"id": "q\"id", "name": "Quote \"double\" and 'single'", "type": "thing"},
    {"id": "b\\s", "name": "Back\\slash \\N \\n \\l \\G end\\", "type": "thing"},
    {"id": "nl", "name": "Line one\nLine two", "type": "thing"},
    {"id": "rec", "name": "<b>{record}|port</b> & co", "type": "odd <type> {x}|y"},
    {"id": "emoji", "name": "Emoji 🦀🇯🇵 ok 👩‍👩‍👧", "type": "thing"},
    {"id": "rtl", "name": "مرحبا بالعالم שלום", "type": "thing"},
    {"id": "a -- b", "name": "-- not a comment -->", "type": "thing"},
    {"id": "node", "name": "subgraph", "type": "thing"},
    {"id": "end\\", "name": "ends in a backslash\\", "type": "thing"},
    {"id": "R&amp;D", "name": "R&amp;D &copy; &#65; AT&T", "type": "thing"}
  ],
  "relations": [
    {"from": "q\"id", "type": "links", "to": "b\\s", "evidence": [{"source": "src \"1\" \\ <a>", "quote": "he said \"no\" \\ <b>&amp;</b>\nthen left", "date": "2016-01-01"}]},
    {"from": "b\\s", "type": "says \"hi\"", "to": "nl", "evidence": [{"source": "plain"}]},
    {"from": "nl", "type": "links", "to": "rec", "evidence": [{"source": "src \"1\" \\ <a>", "quote": "{x}|<y> [z]; w=1"}]},
    {"from": "rec", "type": "a\\b|c{d}", "to": "emoji", "evidence": [{"source": "plain", "quote": "🦀 crab"}]},
    {"from": "emoji", "type": "links", "to": "rtl", "evidence": [{"source": "plain", "quote": "שלום עולם"}]},
    {"from": "rtl", "type": "links", "to": "a -- b", "evidence": [{"source": "src \"1\" \\ <a>"}]},
    {"from": "a -- b", "type": "links", "to": "node", "evidence": [{"source": "plain", "quote": "ends in a backslash\\"}]},
    {"from": "node", "type": "links", "to": "end\\", "evidence": [{"source": "plain"}]},
    {"from": "R&amp;D", "type": "links", "to": "node", "evidence": [{"source": "plain", "quote": "&lt;not a tag&gt; &nbsp;"}]}
  ]
}"#;

#[test]
fn dot_of_nasty_names_is_read_by_graphviz_and_names_survive() {
    let dir = TestDir::new("dot-nasty");
    dir.create("nasty.json", NASTY);
    let g = ["--graph", "nasty.json"];
    dir.command()
        .args(["check", "nasty.json"])
        .run()
        .success()
        .stdout_is("ok: nasty.json: 10 entities, 9 relations\n");
    let with =
        |rest: &[&str]| -> Vec<String> { g.iter().chain(rest).map(|s| s.to_string()).collect() };
    let cases = [
        with(&["path", "q\"id", "end\\"]),
        with(&["path", "end\\", "q\"id"]),
        with(&["path", "nl", "rtl", "-k", "3"]),
        with(&["neighbours", "q\"id", "--depth", "10"]),
        with(&["neighbours", "rec", "--depth", "2", "--direction", "in"]),
        with(&["show", "b\\s"]),
        with(&["show", "rec"]),
        with(&["show", "emoji"]),
        with(&["show", "end\\"]),
        with(&["show", "R&amp;D"]),
    ];
    for args in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_names_survive(Some(&dir), &args);
    }
    // The title of a path names both ends, the last ending in a backslash.
    let (_, svg) = render(dir.command().args(with(&["path", "q\"id", "end\\"])));
    let title = "Quote \"double\" and 'single' to ends in a backslash\\";
    assert!(
        svg_texts(&svg).iter().any(|t| t == title),
        "no title {title:?} in\n{svg}"
    );
}

#[test]
fn dot_of_control_characters_is_read_by_graphviz() {
    let dir = TestDir::new("dot-control");
    dir.create(
        "control.json",
        r#"{"kg": 1,
  "schema": {"relation_types": [{"id": "r"}]},
  "sources": [{"id": "s"}],
  "entities": [
    {"id": "n", "name": "nul\u0000here tab\there cr\rhere"},
    {"id": "m", "name": "plain"}
  ],
  "relations": [{"from": "n", "type": "r", "to": "m", "evidence": [{"source": "s", "quote": "bell\u0007 nul\u0000"}]}]
}"#,
    );
    for args in [["show", "n"], ["show", "m"]] {
        let (_, svg) = render(dir.command().args(["--graph", "control.json"]).args(args));
        assert!(
            svg_texts(&svg).iter().any(|t| t.starts_with("nul")),
            "the name is drawn:\n{svg}"
        );
    }
}

#[test]
fn stats_has_no_dot_form() {
    let out = kg(["stats", "--format", "dot"]);
    out.failure()
        .stdout_is("")
        .stderr_is("kg: error: stats has no graph to draw; use --format text or json\n");
}
