//! Regression tests for what the fuzz targets (fuzz/, docs/robustness.md) found:
//! one test per crash, named `r7_<what it caught>`, with the input the fuzzer
//! reduced it to.

use crate::util::{kg, TestCommand};

/// fuzz/json_request, crash 1: `limit` near `u64::MAX` overflowed `10 * limit`
/// (the cap on relations of a neighbourhood): a panic in debug builds, and in
/// release builds a wrapped cap that cut the answer short.
#[test]
fn r7_neighbours_limit_near_u64_max_does_not_overflow() {
    let line = "{\"op\":\"neighbours\",\"of\":\"Japan\",\"limit\":18404474773709516153}\n";
    let out = TestCommand::new().arg("query").run_with_stdin(line);
    out.success();
    assert!(!out.stderr.contains("panicked"), "{}", out.report());
    let v: serde_json::Value = out.json();
    assert_eq!(v["ok"], true);
    // 1844674407370955162 * 10 wraps to 4 in 64 bits: a wrapped cap would cut
    // the relations around Japan to 4 and say truncated.
    let wrapped = kg([
        "neighbours",
        "Japan",
        "--limit",
        "1844674407370955162",
        "--format",
        "json",
    ]);
    wrapped.success();
    let full = kg(["neighbours", "Japan", "--format", "json"]);
    full.success();
    let (a, b): (serde_json::Value, serde_json::Value) = (wrapped.json(), full.json());
    assert_eq!(a["truncated"], false, "{}", wrapped.report());
    assert_eq!(a["edges"], b["edges"]);
    kg(["neighbours", "Japan", "--limit", "18446744073709551615"]).success();
}

/// fuzz/export_dot, crash 2 (reduced): two TSV heads that differ only in NUL
/// bytes, `Müll\0\0er` and `Müller`, were drawn as one DOT node `"Müller"`:
/// the DOT writer drops control characters from IDs (bug r7-7).
#[test]
fn r7_dot_ids_differing_only_in_control_characters_stay_apart() {
    let dir = crate::util::TestDir::new("r7-dot-nul");
    dir.create(
        "g.tsv",
        "Müll\0\0er\tmeets\tKishida\nMüller\tmeets\tKishida\n",
    );
    let out = dir
        .command()
        .args(["export", "--graph", "g.tsv", "--format", "dot"])
        .run();
    out.success();
    // Node statements: `  "ID" [label=...`; edges read `  "A" -> "B" [...`.
    let mut ids: Vec<&str> = out
        .stdout
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix('"'))
        .filter_map(|l| l.split_once("\" [label="))
        .map(|(id, _)| id)
        .filter(|id| id.starts_with("Müll") && !id.contains("\" -> \""))
        .collect();
    assert_eq!(
        ids.len(),
        2,
        "two entities, two node statements\n{}",
        out.report()
    );
    ids.dedup();
    assert_eq!(
        ids.len(),
        2,
        "the two node statements share an ID\n{}",
        out.report()
    );
}

/// fuzz/export_graphml, crash 3 (reduced by hand): a TSV whose heads differ only in NUL
/// bytes, as in crash 2. GraphML drops the characters XML forbids, so both ids
/// became the node id `lavrov`, declared twice: NetworkX would merge the two
/// entities. Such ids now get control pictures, kept apart from every other id.
#[test]
fn r7_graphml_ids_differing_only_in_forbidden_characters_stay_apart() {
    let dir = crate::util::TestDir::new("r7-graphml-nul");
    dir.create(
        "g.tsv",
        "lavrov\0\0\tmeets\tKishida\nlavrov\tmeets\tKishida\n",
    );
    let out = dir
        .command()
        .args(["export", "--graph", "g.tsv", "--format", "graphml"])
        .run();
    out.success();
    let mut ids: Vec<&str> = out
        .stdout
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("<node id=\""))
        .map(|l| &l[..l.find('"').unwrap_or(l.len())])
        .collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        ["Kishida", "lavrov", "lavrov\u{2400}\u{2400}"],
        "{}",
        out.report()
    );
}

/// fuzz/repl_edits, crash 4 (reduced by hand): after `merge "North Korea" Japan`,
/// `Japan` is an alias of North Korea; `add entity Japan` was accepted all the
/// same, and the graph saved as a file that does not load ("alias 'Japan' of
/// 'north_korea' also names 'japan'"). Adding an entity whose id or name is
/// another entity's alias is refused, as loading refuses it.
#[test]
fn r7_adding_an_entity_named_like_another_entitys_alias_is_refused() {
    let dir = crate::util::TestDir::new("r7-alias-add");
    let out = dir.command().run_with_stdin(
        "merge \"North Korea\" Japan\nadd entity Japan\nadd entity Kurils\nsave g.json\n",
    );
    out.failure();
    assert!(
        out.stderr
            .contains("the id 'japan' of 'japan' is an alias of 'north_korea'")
            && out
                .stderr
                .contains("the id 'kurils' of 'kurils' is an alias of 'kuril_islands'"),
        "{}",
        out.report()
    );
    // What was saved loads again.
    dir.command().args(["check", "g.json"]).run().success();
}

/// fuzz/repl_edits, crash 5 (first minute of the grammar-wide target): `load
/// extra.tsv` with `Alpha partners_with Japan` put an untyped entity at the
/// start of `partners_with`, which the schema gives to news agencies. Triple
/// files were not checked against the schema, so the session then saved a file
/// that kg refuses to load. Now the load is refused, located, in every front end.
#[test]
fn r11_triples_are_checked_against_the_schema_they_join() {
    let dir = crate::util::TestDir::new("r11-triples-schema");
    dir.create("extra.tsv", "Alpha\tpartners_with\tJapan\n");
    let message = "extra.tsv:1:1: 'partners_with' goes from news_agency, but 'Alpha' is a entity";
    let out = dir
        .command()
        .run_with_stdin("load extra.tsv\nsave g.json\ncheck g.json\n");
    out.failure().stderr_has(message);
    let seed = crate::util::root().join("graphs/russia-japan-2016.json");
    let out = dir
        .command()
        .arg("--graph")
        .arg(&seed)
        .args(["--graph", "extra.tsv", "stats"])
        .run();
    out.code(1).stderr_has(message);
    // Untyped triples of relation types that restrict nothing still load.
    dir.create("free.tsv", "Alpha\tmentions\tJapan\n");
    dir.command()
        .arg("--graph")
        .arg(&seed)
        .args(["--graph", "free.tsv", "stats"])
        .run()
        .success();
}

/// fuzz/repl_parse and repl_edits, crash 6: a line of global options with no
/// command (`--timeout 2s`) reached an `.expect` that assumed a known command
/// name had been typed. Now it is a usage error like any other.
#[test]
fn r11_a_line_of_options_alone_is_an_error_not_a_panic() {
    let out = TestCommand::new().run_with_stdin("--timeout 2s\n--format json\nstats\n");
    out.failure()
        .stderr_has("kg: error: line 1: no command, only options")
        .stdout_has("entities");
    assert!(!out.stderr.contains("panicked"), "{}", out.report());
}

/// fuzz/repl_edits, crash 7: `add entity RQ --entity-id Russia` (an id that
/// differs from `russia` only in case), then `alias Russia Russia`, was
/// accepted: the edit (and the loader, for aliases against a graph already
/// held) looked a name up by exact id first, so the clash with the id `russia`
/// went unseen, and the saved graph did not load. The same hole let `merge`
/// turn `Beta` into an alias of `Alpha` while `BETA` names another entity.
#[test]
fn r11_aliases_clash_with_every_entity_of_the_same_key() {
    let dir = crate::util::TestDir::new("r11-alias-key");
    let out = dir
        .command()
        .run_with_stdin("add entity RQ --entity-id Russia\nalias Russia Russia\nsave g.json\n");
    out.failure()
        .stderr_has("kg: error: line 2: alias 'Russia' of 'Russia' also names 'russia'");
    dir.command().args(["check", "g.json"]).run().success();

    dir.create(
        "ab.json",
        r#"{"entities": [{"id": "alpha", "name": "Alpha"}, {"id": "beta", "name": "Beta"}, {"id": "beta2", "name": "BETA"}]}"#,
    );
    let out = dir
        .command()
        .args(["--graph", "ab.json"])
        .run_with_stdin("merge alpha beta\nsave ab2.json\n");
    out.failure().stderr_has(
        "kg: error: line 1: 'Beta' would become an alias of 'alpha' and also names 'beta2'",
    );
    dir.command().args(["check", "ab2.json"]).run().success();
}

/// Issue 12, item 13: `--depth 4294967296` was cut to 32 bits and answered
/// depth 0. A depth past 32 bits now means "as deep as the graph goes".
#[test]
fn r12_a_depth_past_32_bits_saturates() {
    let deep = kg([
        "neighbours",
        "Japan",
        "--depth",
        "4294967296",
        "--format",
        "json",
    ]);
    let all = kg(["neighbours", "Japan", "--depth", "99", "--format", "json"]);
    let (a, b): (serde_json::Value, serde_json::Value) = (deep.json(), all.json());
    assert_eq!(a["nodes"], b["nodes"], "{}", deep.report());
    assert!(a["nodes"].as_array().unwrap().len() > 1);
}

/// Issue 12, item 15: U+FFFE and U+FFFF in a name went into DOT as they were,
/// and Graphviz's SVG was then not XML. They are now written as visible text.
#[test]
fn r12_noncharacters_in_names_leave_dot_and_svg_well_formed() {
    let dir = crate::util::TestDir::new("r12-fffe");
    dir.create(
        "g.json",
        "{\"entities\": [{\"id\": \"a\", \"name\": \"A\u{fffe}B\u{ffff}\"}, {\"id\": \"b\", \"name\": \"\u{27e6}U+FFFE\u{27e7}\"}]}",
    );
    let out = dir
        .command()
        .args(["--graph", "g.json", "export", "--format", "dot"])
        .run();
    out.success().stdout_has("A⟦U+FFFE⟧B⟦U+FFFF⟧");
    assert!(!out.stdout.contains('\u{fffe}') && !out.stdout.contains('\u{ffff}'));
    // The name that spells the same text by hand stays a different label.
    out.stdout_has("&#x27e6;U+FFFE⟧");
}

/// Issue 12, item 18: `kg < script | head -1` printed about 2,000 "Broken
/// pipe" errors and exited 1. A reader that goes away now ends kg quietly, 0.
#[test]
fn r12_a_reader_that_goes_away_ends_a_script_quietly() {
    use std::io::{BufRead, Write};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kg"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        for _ in 0..2000 {
            if stdin.write_all(b"stats\n").is_err() {
                break;
            }
        }
    });
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // stdout is dropped here: the pipe's reader is gone.
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(first.contains("entities"), "{first}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
}

/// Issue 12, item 5: an unrelated edit rewrote numbers in `attributes` on
/// records nobody touched: integers past 64 bits became rounded floats and
/// `1e-400` became `0.0`. Numbers now round-trip as written.
#[test]
fn r12_numbers_in_attributes_survive_an_unrelated_edit_exactly() {
    let dir = crate::util::TestDir::new("r12-numbers");
    dir.create(
        "g.json",
        r#"{"entities": [{"id": "a", "name": "A", "attributes": {"big": 123456789012345678901234567890, "tiny": 1e-400, "pi": 3.14159265358979323846264338327950288}}, {"id": "b", "name": "B"}]}"#,
    );
    dir.command()
        .args(["--graph", "g.json", "alias", "B", "Bee"])
        .run()
        .success();
    let text = std::fs::read_to_string(dir.path.join("g.json")).unwrap();
    for number in [
        "123456789012345678901234567890",
        "1e-400",
        "3.14159265358979323846264338327950288",
    ] {
        assert!(text.contains(number), "{number} was rewritten:\n{text}");
    }
}

/// Issue 12, item 21: the smaller messages, each saying what is wrong.
#[test]
fn r12_smaller_messages_say_what_is_wrong() {
    let dir = crate::util::TestDir::new("r12-messages");
    let seed = crate::util::root().join("graphs/russia-japan-2016.json");
    dir.create("g.json", std::fs::read(&seed).unwrap());
    // The same file twice: one problem, not 45 clashes with itself.
    let out = dir.command().args(["check", "g.json", "g.json"]).run();
    out.failure()
        .stderr_has("kg: error: g.json: given twice")
        .stderr_has("kg: 1 problem found");
    // A snapshot named .json.
    dir.command()
        .args(["build", "g.json", "-o", "s.kgb"])
        .run()
        .success();
    std::fs::copy(dir.path.join("s.kgb"), dir.path.join("s.json")).unwrap();
    dir.command()
        .args(["check", "s.json"])
        .run()
        .failure()
        .stderr_has("s.json: is a .kgb snapshot (from kg build), not kg JSON");
    // A folder of requests.
    dir.command()
        .args(["query", "."])
        .run()
        .failure()
        .stderr_has("kg: error: .: is a folder, not a file of requests");
    // Durations: minutes, hours, 0 for none, and huge ones.
    for t in ["0", "1m", "1h", "2min", "1000000000s"] {
        dir.command()
            .args(["--timeout", t, "stats"])
            .run()
            .success();
    }
    // The year 0000.
    kg(["path", "Kyodo", "Kurils", "--at", "0000"])
        .code(2)
        .stderr_has("'0000' has the year 0000");
    // An unknown name is unknown, whatever the time budget.
    let out = TestCommand::new()
        .arg("query")
        .run_with_stdin("{\"op\":\"show\",\"name\":\"Atlantis\",\"timeout_ms\":1}\n");
    out.failure().stdout_has("\"code\":\"unknown_entity\"");
    // Bytes that are not UTF-8 in a request are refused, not replaced.
    let out = TestCommand::new()
        .arg("query")
        .run_with_stdin(b"{\"op\":\"show\",\"name\":\"\xff\"}\n".to_vec());
    out.failure().stdout_has("line 1: not valid UTF-8");
    // A huge unknown name is not echoed whole.
    let huge = "x".repeat(100_000);
    let out = kg(["show", huge.as_str()]);
    out.failure().stderr_has("… (100000 characters)");
    assert!(
        out.stderr.len() < 2_000,
        "{} bytes of stderr",
        out.stderr.len()
    );
    // A line break in a file name does not break the message in two.
    let out = kg(["check", "no\nsuch.json"]);
    out.failure().stderr_has("no\\nsuch.json");
}

/// Issue 12, item 10: `kg render` of FB15k-237 handed Graphviz 100 MB of DOT
/// and never returned, and --timeout did not reach the `dot` child. Drawings
/// past the documented size are refused with what to draw instead, and the
/// time budget stops Graphviz.
#[test]
fn r12_drawings_are_bounded_in_size_and_time() {
    let fb = crate::util::root().join("../shared/data/fb15k-237");
    let out = TestCommand::new()
        .arg("--graph")
        .arg(&fb)
        .args(["render", "-o", "never.svg"])
        .run();
    out.failure()
        .stderr_has("14541 entities and 310116 relations are too many to lay out")
        .stderr_has("--query");
    let dir = crate::util::TestDir::new("r12-render-timeout");
    let out = dir
        .command()
        .args(["--timeout", "1ms", "render", "-o", "g.svg"])
        .run();
    out.failure().stderr_has(
        "Graphviz was still laying out the drawing after 1ms (--timeout) and was stopped",
    );
    assert!(!dir.path.join("g.svg").exists());
}

/// Issue 12, item 14: a quote or name over ~16 KB (or ~5,500 CJK characters
/// with no space) made every drawing through it fail in Graphviz. Labels,
/// tooltips and the evidence table are now cut with "…" and long runs broken.
#[test]
fn r12_huge_names_and_quotes_still_draw() {
    let dir = crate::util::TestDir::new("r12-huge-labels");
    let long = "n".repeat(20_000);
    let cjk = "日".repeat(6_000);
    let doc = serde_json::json!({
        "schema": {"relation_types": [{"id": "mentions"}]},
        "sources": [{"id": "s"}],
        "entities": [{"id": "a", "name": long}, {"id": "b", "name": cjk}],
        "relations": [{"from": "a", "type": "mentions", "to": "b",
                       "evidence": [{"source": "s", "quote": "q".repeat(20_000)}]}],
    });
    dir.create("g.json", doc.to_string());
    let out = dir
        .command()
        .args([
            "--graph", "g.json", "export", "--format", "svg", "-o", "g.svg",
        ])
        .run();
    out.success();
    let svg = std::fs::read_to_string(dir.path.join("g.svg")).unwrap();
    assert!(svg.contains('…'), "the long texts were cut");
    let out = dir
        .command()
        .args(["--graph", "g.json", "path", "a", "b", "--format", "svg"])
        .run();
    out.success();
}
