//! Pictures as a report reads them (issue 15, item 6): neighbourhood, `show` and
//! whole-graph drawings carry their evidence as numbered footnotes in a bounded
//! table, the legend explains exactly the encodings a figure uses, `-o FILE`'s
//! extension chooses the format (PDF included) and a contradicting `--format` is
//! refused, and no picture is ever printed on a terminal.
//!
//! Drawings are read back through real Graphviz (`dot -Tsvg`), which these tests
//! need on the PATH.

use serde_json::Value;

use crate::dot::{svg_of, svg_texts};
use crate::util::{Output, Pty, TestCommand, TestDir};

/// `kg ARGS... --format dot`, which must succeed; its DOT and the SVG texts
/// Graphviz makes of it.
#[track_caller]
fn drawn(args: &[&str]) -> (Output, Vec<String>) {
    let out = TestCommand::new()
        .args(args)
        .args(["--format", "dot"])
        .run();
    out.success().stderr_is("");
    let svg = svg_of(&out.stdout, &out);
    (out, svg_texts(&svg))
}

/// `kg ARGS... --format json`, which must succeed.
#[track_caller]
fn answer(args: &[&str]) -> Value {
    let out = TestCommand::new()
        .args(args)
        .args(["--format", "json"])
        .run();
    out.success();
    out.json()
}

/// The footnote numbers on the edge labels of `dot`, in the order drawn, each
/// with its relation type as drawn.
fn edge_numbers(dot: &str) -> Vec<(usize, String)> {
    dot.lines()
        .filter(|l| l.contains(" -> ") && !l.contains("style=invis"))
        .filter_map(|l| {
            let label = l.split("[label=\"").nth(1)?.split('"').next()?;
            let (kind, n) = label.rsplit_once(" [")?;
            Some((n.strip_suffix(']')?.parse().ok()?, kind.to_string()))
        })
        .collect()
}

/// Relations of a JSON answer (neighbours' `edges`, show's `relations`, whose
/// items hold the relation's fields).
fn relations(answer: &Value) -> Vec<Value> {
    answer["edges"]
        .as_array()
        .or_else(|| answer["relations"].as_array())
        .expect("edges or relations")
        .clone()
}

/// Whether a relation has evidence worth a footnote: a quote or a source that
/// is not background knowledge.
fn citable(edge: &Value) -> bool {
    edge["evidence"].as_array().is_some_and(|ev| {
        ev.iter()
            .any(|e| e.get("quote").is_some() || e["background"] != Value::Bool(true))
    })
}

/// Checks the footnotes of the drawing of `args`: numbers 1..=N on the edges,
/// one row per number reading that relation, every quote of those relations
/// verbatim, each cited source named once, and the rows left out counted.
#[track_caller]
fn assert_footnotes(args: &[&str], hint: &str) {
    let (out, texts) = drawn(args);
    let numbers = edge_numbers(&out.stdout);
    let expected_rows = numbers.len();
    assert!(expected_rows > 0, "no numbered edge\n{}", out.report());
    let ns: Vec<usize> = numbers.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        ns,
        (1..=expected_rows).collect::<Vec<_>>(),
        "{}",
        out.report()
    );
    assert!(texts.iter().any(|t| t == "Evidence"), "{texts:#?}");
    for (n, kind) in &numbers {
        let prefix = format!("[{n}] ");
        let row: Vec<&String> = texts.iter().filter(|t| t.starts_with(&prefix)).collect();
        assert_eq!(row.len(), 1, "row [{n}] once: {texts:#?}");
        assert!(
            row[0].contains(&format!("—{kind}→")) || row[0].contains(&format!("—{kind}—")),
            "row [{n}] reads {kind}: {}",
            row[0]
        );
    }
    // Wrapped lines break at spaces: joined, the quotes are whole again.
    let joined = texts.join(" ");
    let whole = if args[0] == "export" {
        None
    } else {
        Some(answer(args))
    };
    if let Some(a) = &whole {
        let cited: Vec<Value> = relations(a).into_iter().filter(citable).collect();
        let shown = cited.len().min(24);
        assert_eq!(expected_rows, shown, "one number per cited relation");
        let more = cited.len() - shown;
        let line = format!(
            "… and {more} more relation{} with evidence; {hint}",
            if more == 1 { "" } else { "s" }
        );
        assert_eq!(
            texts.iter().filter(|t| **t == line).count(),
            usize::from(more > 0),
            "{line:?} in {texts:#?}"
        );
        // When all fit, every quote of every relation is in the table, verbatim.
        if more == 0 {
            for e in &cited {
                for q in e["evidence"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|ev| ev["quote"].as_str())
                {
                    assert!(
                        joined.contains(&format!("“{q}”")),
                        "quote {q:?} in {texts:#?}"
                    );
                }
            }
        }
        // Each cited source once, with its publisher and date.
        for s in a["sources"].as_array().unwrap() {
            let id = s["id"].as_str().unwrap();
            assert_eq!(
                texts.iter().filter(|t| *t == id).count(),
                1,
                "source {id} named once: {texts:#?}"
            );
        }
    } else {
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("… and ") && t.ends_with(hint)),
            "{hint:?} in {texts:#?}"
        );
    }
    assert_eq!(
        texts.iter().filter(|t| *t == "Sources").count(),
        1,
        "{texts:#?}"
    );
    assert_eq!(
        texts.iter().filter(|t| *t == "Sputnik, 2016-03-14").count(),
        1,
        "Sputnik named once: {texts:#?}"
    );
}

#[test]
fn neighbourhood_show_and_whole_graph_drawings_number_their_evidence() {
    assert_footnotes(&["neighbours", "Japan"], "kg neighbours Japan lists them");
    assert_footnotes(&["show", "Japan"], "kg show Japan lists them");
    // 27 relations of the depth-2 neighbourhood have evidence: 24 rows and a count.
    assert_footnotes(
        &["neighbours", "Japan", "--depth", "2"],
        "kg neighbours Japan lists them",
    );
    assert_footnotes(
        &["export"],
        "kg show NAME lists an entity's, and the SVG's tooltips hold them all",
    );
    // Exact rows, as a reader sees them.
    let (_, texts) = drawn(&["neighbours", "Japan"]);
    let row = texts
        .iter()
        .position(|t| t == "[1] Japan —claims→ Kuril Islands")
        .unwrap_or_else(|| panic!("{texts:#?}"));
    assert_eq!(
        texts[row + 1..row + 3],
        [
            "“the Kuril Islands which Japan and Russia both claim”",
            "— blog-2016-03-14, reported 2016-03-14"
        ]
    );
    assert!(texts.iter().any(|t| t == "claims [1]"), "{texts:#?}");
    assert!(texts.iter().any(|t| t == "valid 2016-04 · confidence 0.9"));
    // A background fact has no number: its dashed line says what it rests on.
    assert!(texts.iter().any(|t| t == "capital of"), "{texts:#?}");
}

/// Meanings the legend can list; a figure lists those of the encodings it uses.
const LEGEND: [&str; 8] = [
    "end of the path",
    "center of the neighbourhood",
    "the entity shown",
    "relation, from subject to object",
    "symmetric relation (no arrowhead)",
    "red, bold: a relation on the path",
    "dashed: background knowledge only",
    "evidence 3 in the table below",
];

#[track_caller]
fn legend_of(texts: &[String]) -> Vec<&'static str> {
    assert!(texts.iter().any(|t| t == "Legend"), "{texts:#?}");
    LEGEND
        .into_iter()
        .filter(|m| texts.iter().any(|t| t == m))
        .collect()
}

#[test]
fn the_legend_explains_exactly_the_encodings_a_figure_uses() {
    let (_, texts) = drawn(&["path", "Kyodo", "Kurils"]);
    assert_eq!(
        legend_of(&texts),
        ["end of the path", "red, bold: a relation on the path"]
    );
    let (_, texts) = drawn(&["neighbours", "Japan"]);
    assert_eq!(
        legend_of(&texts),
        [
            "center of the neighbourhood",
            "relation, from subject to object",
            "symmetric relation (no arrowhead)",
            "dashed: background knowledge only",
            "evidence 3 in the table below",
        ]
    );
    let (_, texts) = drawn(&["show", "Shinzo Abe"]);
    assert_eq!(
        legend_of(&texts),
        [
            "the entity shown",
            "relation, from subject to object",
            "evidence 3 in the table below",
        ]
    );
    let (_, texts) = drawn(&["export"]);
    assert_eq!(
        legend_of(&texts),
        [
            "relation, from subject to object",
            "symmetric relation (no arrowhead)",
            "dashed: background knowledge only",
            "evidence 3 in the table below",
        ]
    );
    // Without evidence there is no table and no number to explain.
    let dir = TestDir::new("pictures-bare");
    dir.create(
        "bare.json",
        r#"{"kg": 1,
            "schema": {"entity_types": [{"id": "thing"}], "relation_types": [{"id": "links"}]},
            "entities": [{"id": "a", "type": "thing"}, {"id": "b", "type": "thing"}],
            "relations": [{"from": "a", "type": "links", "to": "b"}]}"#,
    );
    let out = dir
        .command()
        .args(["--graph", "bare.json", "neighbours", "a", "--format", "dot"])
        .run();
    out.success();
    let texts = svg_texts(&svg_of(&out.stdout, &out));
    assert_eq!(
        legend_of(&texts),
        [
            "center of the neighbourhood",
            "relation, from subject to object"
        ]
    );
    assert!(!texts.iter().any(|t| t == "Evidence"), "{texts:#?}");
    assert!(texts.iter().any(|t| t == "links"), "{texts:#?}");
}

#[track_caller]
fn bytes(dir: &TestDir, name: &str) -> Vec<u8> {
    std::fs::read(dir.path.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn the_file_name_chooses_the_format_and_a_contradiction_is_refused() {
    let dir = TestDir::new("pictures-extensions");
    let q = r#"{"op":"neighbours","of":"Japan"}"#;
    for (args, name, magic) in [
        (&["render", "-o", "all.pdf"][..], "all.pdf", &b"%PDF-"[..]),
        (
            &["render", "-o", "all.png"],
            "all.png",
            b"\x89PNG\r\n\x1a\n",
        ),
        (&["render", "-o", "all.svg"], "all.svg", b"<?xml"),
        (&["render", "-o", "all.dot"], "all.dot", b"digraph kg {"),
        (
            &["render", "--query", q, "-o", "japan.pdf"],
            "japan.pdf",
            b"%PDF-",
        ),
        (&["export", "-o", "export.pdf"], "export.pdf", b"%PDF-"),
        (&["export", "-o", "export.json"], "export.json", b"{"),
    ] {
        let out = dir.command().args(args).run();
        out.success().stdout_is("").stderr_is("");
        let got = bytes(&dir, name);
        assert!(
            got.starts_with(magic),
            "{name} starts {:?}\n{}",
            String::from_utf8_lossy(&got[..got.len().min(16)]),
            out.report()
        );
    }
    // PDF from a query on standard output, when it is not a terminal.
    let out = TestCommand::new()
        .args(["path", "Kyodo", "Kurils", "--format", "pdf"])
        .run();
    out.success();
    assert!(out.stdout.starts_with("%PDF-"), "{}", out.report());

    // --format contradicting the name: exit 2, both named, nothing written.
    for (format, name, says) in [
        ("png", "x.svg", "svg"),
        ("svg", "x.pdf", "pdf"),
        ("pdf", "x.png", "png"),
    ] {
        for verb in ["render", "export"] {
            let out = dir
                .command()
                .args([verb, "--format", format, "-o", name])
                .run();
            out.code(2).stdout_is("").stderr_is(&format!(
                "kg: error: --format {format} contradicts the name '{name}', which says {says}; \
                 drop --format, or name the file .{format}\n"
            ));
            assert!(!dir.path.join(name).exists(), "{name} was written");
        }
    }
    // An extension that names no format: the list of those that do.
    let out = dir.command().args(["render", "-o", "fig.jpeg"]).run();
    out.failure().stderr_is(
        "kg: error: cannot tell the format from the name 'fig.jpeg'; kg render draws files named \
         .dot, .gv, .svg, .png or .pdf, or name the format with --format (dot, svg, png or pdf)\n",
    );
    let out = dir.command().args(["render", "-o", "fig.json"]).run();
    out.failure().stderr_has(
        "the name 'fig.json' says json, but kg render draws dot, svg, png or pdf; kg export",
    );
    for name in ["fig.jpeg", "fig.json"] {
        assert!(!dir.path.join(name).exists(), "{name} was written");
    }
}

#[test]
fn pictures_are_never_printed_on_a_terminal() {
    let dir = TestDir::new("pictures-terminal");
    for (args, what) in [
        (
            &["render"][..],
            "an SVG picture is markup for a browser, not for a terminal",
        ),
        (
            &["export", "--format", "svg"],
            "an SVG picture is markup for a browser",
        ),
        (
            &["render", "--format", "pdf"],
            "a PDF picture is binary, not for a terminal",
        ),
        (
            &["path", "Kyodo", "Kurils", "--format", "svg"],
            "an SVG picture is markup for a browser, not for a terminal",
        ),
        (
            &["neighbours", "Japan", "--format", "pdf"],
            "a PDF picture is binary, not for a terminal",
        ),
        (
            &["show", "Japan", "--format", "png"],
            "a PNG picture is binary",
        ),
    ] {
        let mut pty = Pty::spawn(&dir.path, &[], args);
        let status = pty.exit_status();
        let screen = pty.screen();
        assert_eq!(status, 1, "{}", pty.report());
        assert!(screen.contains(what), "{what:?}\n{}", pty.report());
        assert!(
            !screen.contains("<svg") && !screen.contains("%PDF-") && !screen.contains("IHDR"),
            "{}",
            pty.report()
        );
    }
    // What the refusal suggests works from the same terminal.
    let mut pty = Pty::spawn(&dir.path, &[], &["render", "-o", "picture.svg"]);
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
    assert!(std::fs::read_to_string(dir.path.join("picture.svg"))
        .unwrap()
        .contains("<svg"));
    // The REPL at a terminal refuses too, and carries on.
    let mut pty = Pty::spawn(&dir.path, &[], &[]);
    pty.prompt();
    let shown = pty.ask("neighbours Japan --format svg");
    assert!(
        shown.contains("an SVG picture is markup for a browser, not for a terminal"),
        "{}",
        pty.report()
    );
    let shown = pty.ask("render");
    assert!(
        shown.contains("name a file with -o picture.svg"),
        "{}",
        pty.report()
    );
    pty.line("quit");
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
}
