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

/// The drawn edges of `dot` (not the legend's invisible ones): each line's
/// ends as written and its label.
fn drawn_edges(dot: &str) -> Vec<(String, String, String)> {
    dot.lines()
        .filter(|l| l.contains(" -> ") && !l.contains("style=invis"))
        .filter_map(|l| {
            let parts: Vec<&str> = l.trim_start().splitn(5, '"').collect();
            let label = l.split("[label=\"").nth(1)?.split("\", tooltip").next()?;
            Some((parts[1].into(), parts[3].into(), label.replace("\\n", "\n")))
        })
        .collect()
}

/// The footnote numbers on the edge labels of `dot`, in the order drawn, each
/// with the label's types (one per line, counts and dates as drawn).
fn edge_numbers(dot: &str) -> Vec<(usize, String)> {
    drawn_edges(dot)
        .into_iter()
        .filter_map(|(_, _, label)| {
            let (kind, n) = label.rsplit_once('[')?;
            let kind = kind.strip_suffix(' ').unwrap_or(kind);
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
        // One relation: its row reads it; several: the row names the pair and
        // then how many relations the line folds. (A label's last line may be
        // the dates its relations hold.)
        let types: Vec<&str> = kind
            .lines()
            .filter(|l| !l.starts_with(|c: char| c.is_ascii_digit()))
            .collect();
        if types.len() > 1 || kind.contains('×') {
            assert!(row[0].contains(" — "), "row [{n}] names a pair: {}", row[0]);
        } else {
            assert!(
                row[0].contains(&format!("—{}→", types[0]))
                    || row[0].contains(&format!("—{}—", types[0])),
                "row [{n}] reads {kind}: {}",
                row[0]
            );
        }
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
        // One number per drawn edge (pair of entities) with cited relations.
        let mut pairs: Vec<(String, String)> = cited
            .iter()
            .map(|e| {
                let edge = if e.get("edge").is_some() {
                    &e["edge"]
                } else {
                    e
                };
                let (f, t) = (edge["from"].as_str().unwrap(), edge["to"].as_str().unwrap());
                (f.min(t).to_string(), f.max(t).to_string())
            })
            .collect();
        pairs.sort();
        pairs.dedup();
        let shown = pairs.len().min(24);
        assert_eq!(expected_rows, shown, "one number per edge with evidence");
        let more = pairs.len() - shown;
        let line = format!(
            "… and {more} more edge{} with evidence; {hint}",
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
        // The whole seed graph folds onto fewer than 24 edges with evidence:
        // none is left out, so no line says so.
        assert!(expected_rows < 24, "{}", out.report());
        assert!(
            !texts.iter().any(|t| t.starts_with("… and ")),
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
    assert!(texts.iter().any(|t| t == "event 2016-04 · confidence 0.9"));
    // A background fact has no number: its dashed line says what it rests on.
    assert!(texts.iter().any(|t| t == "capital of"), "{texts:#?}");
}

/// Meanings the legend can list; a figure lists those of the encodings it uses.
const LEGEND: [&str; 12] = [
    "end of the path",
    "center of the neighbourhood",
    "the entity shown",
    "relation, from subject to object",
    "relations both ways",
    "symmetric relations only (no arrowhead)",
    "red, bold: a relation on the path",
    "dashed: background knowledge only",
    "light: relations between two others (types in the tooltip)",
    "4 relations of the type (one line per pair)",
    "when they hold, first .. last",
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
    // Japan's neighbourhood: Japan–Russia folds a directed relation with
    // symmetric ones (an arrowhead for the directed one), visits are dated.
    let (_, texts) = drawn(&["neighbours", "Japan"]);
    assert_eq!(
        legend_of(&texts),
        [
            "center of the neighbourhood",
            "relation, from subject to object",
            "dashed: background knowledge only",
            "when they hold, first .. last",
            "evidence 3 in the table below",
        ]
    );
    let (_, texts) = drawn(&["show", "Shinzo Abe"]);
    assert_eq!(
        legend_of(&texts),
        [
            "the entity shown",
            "relation, from subject to object",
            "when they hold, first .. last",
            "evidence 3 in the table below",
        ]
    );
    let (_, texts) = drawn(&["export"]);
    assert_eq!(
        legend_of(&texts),
        [
            "relation, from subject to object",
            "symmetric relations only (no arrowhead)",
            "dashed: background knowledge only",
            "when they hold, first .. last",
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
    out.code(2).stderr_is(
        "kg: error: cannot tell the format from the name 'fig.jpeg'; kg render draws files named \
         .dot, .gv, .svg, .png or .pdf, or name the format with --format (dot, svg, png or pdf)\n",
    );
    let out = dir.command().args(["render", "-o", "fig.json"]).run();
    out.code(2).stderr_has(
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

/// The drawn lines of `dot` between `a` and `b`, either way round: (tail, head,
/// label, the whole statement).
fn lines_between(dot: &str, a: &str, b: &str) -> Vec<(String, String, String, String)> {
    let (qa, qb) = (format!("\"{a}\""), format!("\"{b}\""));
    dot.lines()
        .filter(|l| {
            let l = l.trim_start();
            l.starts_with(&format!("{qa} -> {qb} [")) || l.starts_with(&format!("{qb} -> {qa} ["))
        })
        .map(|l| {
            let parts: Vec<&str> = l.trim_start().splitn(5, '"').collect();
            let label = l
                .split("[label=\"")
                .nth(1)
                .unwrap()
                .split("\", tooltip")
                .next()
                .unwrap();
            (
                parts[1].to_string(),
                parts[3].to_string(),
                label.replace("\\n", "\n"),
                l.to_string(),
            )
        })
        .collect()
}

/// Each drawn line's pair of ends, sorted, with how many lines it has.
fn pairs_drawn(dot: &str) -> std::collections::BTreeMap<(String, String), usize> {
    let mut pairs = std::collections::BTreeMap::new();
    for (f, t, _) in drawn_edges(dot) {
        let key = if t < f { (t, f) } else { (f, t) };
        *pairs.entry(key).or_insert(0) += 1;
    }
    pairs
}

#[test]
fn parallel_relations_fold_onto_one_edge_per_pair_in_the_seed_figures() {
    // Japan–Russia has 4 relations: one line lists them. Three are symmetric,
    // one (Russia seeks cooperation with Japan) directed: the line points at Japan.
    let (out, texts) = drawn(&["neighbours", "Japan"]);
    let lines = lines_between(&out.stdout, "japan", "russia");
    assert_eq!(lines.len(), 1, "{}", out.report());
    let (tail, head, label, line) = &lines[0];
    assert_eq!((tail.as_str(), head.as_str()), ("russia", "japan"));
    assert_eq!(
        label,
        "diplomatic relations with\nnegotiates with\nseeks cooperation with\ntrades with [3]"
    );
    assert!(!line.contains("dir="), "{line}");
    // Its footnote names the pair and the count, then reads each relation.
    let row = texts
        .iter()
        .position(|t| t == "[3] Japan — Russia")
        .unwrap_or_else(|| panic!("{texts:#?}"));
    assert_eq!(texts[row + 1], "4 relations");
    for reading in [
        "Russia —diplomatic relations with— Japan",
        "Japan —negotiates with— Russia",
        "Russia —seeks cooperation with→ Japan",
        "Japan —trades with— Russia",
    ] {
        assert!(texts.iter().any(|t| t == reading), "{reading}: {texts:#?}");
    }
    for (pair, n) in pairs_drawn(&out.stdout) {
        assert_eq!(n, 1, "{pair:?} drawn {n} times\n{}", out.report());
    }
    // The whole graph, too; a symmetric-only pair has no arrowhead.
    let (out, _) = drawn(&["export"]);
    for (pair, n) in pairs_drawn(&out.stdout) {
        assert_eq!(n, 1, "{pair:?} drawn {n} times\n{}", out.report());
    }
    let lines = lines_between(&out.stdout, "kyodo_news", "sputnik");
    assert!(lines[0].3.contains("dir=none"), "{}", lines[0].3);
    // A path through the pair: the folded hop is one red line listing all four.
    let (out, _) = drawn(&["path", "Abe", "Russia", "--min-len", "2"]);
    let lines = lines_between(&out.stdout, "japan", "russia");
    assert_eq!(lines.len(), 1, "{}", out.report());
    assert_eq!(
        lines[0].2,
        "diplomatic relations with\nnegotiates with\nseeks cooperation with\ntrades with"
    );
    assert!(lines[0].3.contains("color=\"#c0392b\""), "{}", lines[0].3);
}

#[test]
fn icews14_neighbourhood_folds_its_parallel_events_and_graphviz_draws_it_in_seconds() {
    let icews = crate::datasets::dataset("icews14");
    let args = [
        "neighbours",
        "--graph",
        &icews,
        "--epoch",
        "2014-01-01",
        "Fumio Kishida",
    ];
    let out = TestCommand::new()
        .args(args)
        .args(["--format", "dot"])
        .run();
    out.success();
    let dot = &out.stdout;
    // One line per pair of entities with relations: 9,814 events on 410 lines.
    let a = answer(&args);
    let mut pairs: Vec<(&str, &str)> = a["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let (f, t) = (e["from"].as_str().unwrap(), e["to"].as_str().unwrap());
            (f.min(t), f.max(t))
        })
        .collect();
    assert_eq!(pairs.len(), 9814);
    pairs.sort_unstable();
    pairs.dedup();
    let drawn = pairs_drawn(dot);
    assert_eq!(drawn.len(), pairs.len(), "{}", out.report());
    assert!(drawn.values().all(|&n| n == 1), "{}", out.report());
    // Kishida and Lavrov: ten events both ways, their types counted and dated.
    let lines = lines_between(dot, "Fumio Kishida", "Sergey Viktorovich Lavrov");
    assert_eq!(lines.len(), 1);
    assert_eq!(
        lines[0].2,
        "Consult ×4\nDiscuss by telephone ×2\nExpress intent to cooperate ×2\n+2 more types\n2014-02-01 .. 2014-04-03"
    );
    assert!(lines[0].3.contains("dir=both"), "{}", lines[0].3);
    // Lines between two neighbours are quiet: light, unlabelled, no say in the layout.
    let lines = lines_between(dot, "China", "Japan");
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].2, "");
    assert!(lines[0].3.contains("constraint=false"), "{}", lines[0].3);
    // Untyped entities: no "(entity)" on a node and no type in the legend.
    assert!(!dot.contains("(entity)"), "{}", out.report());
    assert!(!dot.contains("legend:type:"), "{}", out.report());
    // Graphviz lays it out in seconds (it took minutes with a line per event).
    let start = std::time::Instant::now();
    let texts = svg_texts(&svg_of(dot, &out));
    let took = start.elapsed();
    assert!(
        took < std::time::Duration::from_secs(30),
        "dot took {took:?}"
    );
    assert_eq!(
        legend_of(&texts),
        [
            "center of the neighbourhood",
            "relation, from subject to object",
            "relations both ways",
            "light: relations between two others (types in the tooltip)",
            "4 relations of the type (one line per pair)",
            "when they hold, first .. last",
        ]
    );
    assert!(texts.iter().any(|t| t == "Consult ×4"), "{texts:#?}");
}

#[test]
fn fb15k_237_relation_names_are_drawn_as_written() {
    let fb = crate::datasets::dataset("fb15k-237");
    let (out, texts) = drawn(&["show", "--graph", &fb, "Armenia"]);
    let adjoins = "/location/location/adjoin_s./location/adjoining_relationship/adjoins";
    assert!(
        texts
            .iter()
            .any(|t| t == adjoins || t == &format!("{adjoins} ×2")),
        "{texts:#?}"
    );
    assert!(!out.stdout.contains("adjoin s."), "{}", out.report());
    assert!(!out.stdout.contains("(entity)"), "{}", out.report());
    for (pair, n) in pairs_drawn(&out.stdout) {
        assert_eq!(n, 1, "{pair:?} drawn {n} times\n{}", out.report());
    }
}

#[test]
fn icews14_direct_tie_is_one_red_line_over_a_table_of_its_events_by_date() {
    let icews = crate::datasets::dataset("icews14");
    let (out, texts) = drawn(&[
        "path",
        "--graph",
        &icews,
        "--epoch",
        "2014-01-01",
        "Fumio Kishida",
        "Sergey Viktorovich Lavrov",
    ]);
    let lines = lines_between(&out.stdout, "Fumio Kishida", "Sergey Viktorovich Lavrov");
    assert_eq!(lines.len(), 1, "{}", out.report());
    assert!(lines[0].3.contains("dir=both"), "{}", lines[0].3);
    assert!(lines[0].3.contains("color=\"#c0392b\""), "{}", lines[0].3);
    // The table reads the ten events in date order, each labelled as an event.
    let rows: Vec<&String> = texts
        .iter()
        .filter(|t| t.starts_with("Fumio Kishida ") && t.contains(" · event "))
        .collect();
    assert_eq!(rows.len(), 10, "{texts:#?}");
    assert_eq!(
        rows[0],
        "Fumio Kishida —Consult→ Sergey Viktorovich Lavrov · event 2014-02-01"
    );
    assert_eq!(
        rows[9],
        "Fumio Kishida —Express intent to meet or negotiate→ Sergey Viktorovich Lavrov · event 2014-04-03"
    );
    let dates: Vec<&str> = rows.iter().map(|r| r.rsplit(' ').next().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_unstable();
    assert_eq!(dates, sorted);
    assert_eq!(
        legend_of(&texts),
        [
            "end of the path",
            "relations both ways",
            "red, bold: a relation on the path",
            "4 relations of the type (one line per pair)",
            "when they hold, first .. last",
        ]
    );
}

#[test]
fn a_cut_or_filtered_drawing_says_so_in_its_title_in_command_line_words() {
    let icews = crate::datasets::dataset("icews14");
    let base = ["--graph", &icews, "--epoch", "2014-01-01"];
    let (_, texts) = drawn(&[&base[..], &["show", "Sergey Viktorovich Lavrov"]].concat());
    assert!(
        texts.iter().any(|t| t
            == "Sergey Viktorovich Lavrov: showing 100 of 1,942 relations; --limit shows more"),
        "{texts:#?}"
    );
    let (_, texts) = drawn(
        &[
            &base[..],
            &["neighbours", "Sergey Viktorovich Lavrov", "--limit", "50"],
        ]
        .concat(),
    );
    assert!(
        texts.iter().any(|t| t
            == "Within 1 hop of Sergey Viktorovich Lavrov: the first 50 entities, and there are more; --limit shows more"),
        "{texts:#?}"
    );
    // An answer that is whole says nothing of the kind.
    let (_, texts) = drawn(&["show", "Sergei Lavrov"]);
    assert!(texts.iter().any(|t| t == "Sergei Lavrov"), "{texts:#?}");
    // Filters in force are named as the command line names them.
    let (_, texts) = drawn(&[
        "neighbours",
        "Japan",
        "--at",
        "2016-04",
        "--relations",
        "claims",
    ]);
    assert!(
        texts
            .iter()
            .any(|t| t == "Within 1 hop of Japan · filters: --relations claims, --at 2016-04"),
        "{texts:#?}"
    );
    let (_, texts) = drawn(&["show", "Japan", "--at", "2016-04"]);
    assert!(
        texts.iter().any(|t| t == "Japan · filters: --at 2016-04"),
        "{texts:#?}"
    );
}
