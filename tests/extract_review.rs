//! `kg extract` reviewed as a user would: the REPL at a real terminal (extract,
//! accept, save, undo), `kg < script` and `kg query` for `same`, `edit`, `reject`
//! and their mistakes, `--apply` on the command line, and input that must be
//! refused clearly, never with a panic, within a time limit.
//!
//! The graph is the built-in one (the seed graph, graphs/russia-japan-2016.json,
//! read into the news schema) written out by `kg save g.json`: the seed file's own
//! schema declares its types without the news schema's extraction patterns, so a
//! plain copy of it proposes no relations at all.
//!
//! The article is docs/examples/sochi.txt, copied in as `sochi.txt` (so its source
//! id is `sochi`).

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::hostile::{bounded, Bounded, Limits};
use crate::util::{kg, read, root, Pty, TestDir};

const SOCHI: &str = "docs/examples/sochi.txt";

/// What `extract sochi.txt` lists on the seed graph.
const LISTING: &str = "\
sochi: 3 relation(s), 5 entities (2 new), dated 2016-05-06
new entities (accept entity N, or same N NAME to link one to the graph's):
  E1  Vladimir Putin — person
  E2  Sochi — city
relations (accept 1,3-5 | accept all | reject N | edit N --type T --from A --to B):
   1  Shinzo Abe —prime minister of→ Japan  0.80  [known: corroborates]
      “[Japanese] Prime Minister [Shinzo Abe]”
   2  Shinzo Abe —meets→ Vladimir Putin  0.70
      “[Shinzo Abe] met Russian President [Vladimir Putin]”
   3  Vladimir Putin —head of state of→ Russia  0.70
      “[Russian] President [Vladimir Putin]”
";

/// What a review command (accept, reject, edit, same) says on the command line,
/// after its name.
const NOT_ON_CLI: &str =
    "is not available in the command line: proposals are reviewed in a session: run extract in the REPL, or kg extract --apply";

/// A folder with `g.json` (the seed graph in the news schema) and `sochi.txt`.
fn desk(name: &str) -> TestDir {
    let dir = TestDir::new(name);
    dir.command()
        .args(["save", "g.json"])
        .run()
        .success()
        .stderr_is("")
        .stdout_is("saved 14 entities, 33 relations to g.json\n");
    let g = graph(&dir.path.join("g.json"));
    let seed = seed();
    assert_eq!(
        g["entities"], seed["entities"],
        "g.json holds the seed's entities"
    );
    assert_eq!(
        g["relations"], seed["relations"],
        "g.json holds the seed's relations"
    );
    std::fs::copy(root().join(SOCHI), dir.path.join("sochi.txt")).expect("copy sochi.txt");
    dir
}

#[track_caller]
fn graph(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn seed() -> Value {
    serde_json::from_str(&read("graphs/russia-japan-2016.json")).expect("the seed graph")
}

fn sochi_text() -> String {
    read(SOCHI)
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The records of `key` ("sources", "entities", "relations") with `field` equal to `id`.
fn records<'a>(g: &'a Value, key: &str, field: &str, id: &str) -> Vec<&'a Value> {
    g[key]
        .as_array()
        .unwrap_or_else(|| panic!("no {key} in the graph"))
        .iter()
        .filter(|r| r[field] == id)
        .collect()
}

/// The one relation `from —kind→ to` of the graph.
#[track_caller]
fn relation<'a>(g: &'a Value, from: &str, kind: &str, to: &str) -> &'a Value {
    let found: Vec<&Value> = g["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .filter(|r| r["from"] == from && r["type"] == kind && r["to"] == to)
        .collect();
    assert_eq!(found.len(), 1, "relations {from} {kind} {to}: {found:?}");
    found[0]
}

/// The graph's relations without those listed, for "nothing else changed".
fn relations_except(g: &Value, skip: &[(&str, &str, &str)]) -> Vec<Value> {
    g["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .filter(|r| {
            !skip
                .iter()
                .any(|&(f, k, t)| r["from"] == f && r["type"] == k && r["to"] == t)
        })
        .cloned()
        .collect()
}

/// `text` as a terminal screen keeps it: no final newline.
fn on_screen(text: &str) -> String {
    text.trim_end_matches('\n').to_string()
}

#[track_caller]
fn shows(pty: &Pty, shown: &str, expected: &str) {
    let expected = on_screen(expected);
    assert!(
        shown == expected,
        "the terminal does not show the expected answer\n---- diff (- expected, + shown) ----\n{}{}",
        crate::util::diff(&format!("{expected}\n"), &format!("{shown}\n")),
        pty.report()
    );
}

// ---------------------------------------------------------------------------
// The REPL at a terminal
// ---------------------------------------------------------------------------

#[test]
fn sochi_review_round_trips_to_a_checked_graph() {
    let dir = desk("xr-sochi");
    let text = sochi_text();
    dir.command()
        .args(["--graph", "g.json", "extract", "sochi.txt"])
        .run()
        .success()
        .stderr_is("")
        .stdout_is(LISTING);

    let mut pty = Pty::spawn(&dir.path, &[], &["--graph", "g.json"]);
    pty.prompt();
    let shown = pty.ask("extract sochi.txt");
    shows(&pty, &shown, LISTING);
    let shown = pty.ask("accept entity 1");
    shows(&pty, &shown, "accepted new entity Vladimir Putin");
    let shown = pty.ask("accept all");
    shows(&pty, &shown, "accepted 3 proposal(s) from sochi");
    let shown = pty.ask("save");
    shows(&pty, &shown, "saved 15 entities, 35 relations to g.json");
    pty.line("quit");
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());

    dir.command()
        .args(["check", "g.json"])
        .run()
        .success()
        .stderr_is("")
        .stdout_is("ok: g.json: 15 entities, 35 relations\n");

    let g = graph(&dir.path.join("g.json"));
    let seed = seed();
    // The article is a source with its text, hashed right.
    assert_eq!(
        records(&g, "sources", "id", "sochi"),
        [&json!({
            "id": "sochi",
            "date": "2016-05-06",
            "kind": "article",
            "text": text,
            "sha256": sha256_hex(&text),
        })]
    );
    assert_eq!(
        sha256_hex(&text),
        "2c43b17f09433932059ef477c23d3107d382d6604b5b8e4a550763e363172668"
    );
    // The accepted entity; Sochi (E2) was not accepted and nothing accepted needs it.
    assert_eq!(
        records(&g, "entities", "id", "vladimir_putin"),
        [&json!({"id": "vladimir_putin", "name": "Vladimir Putin", "type": "person"})]
    );
    assert!(
        records(&g, "entities", "id", "sochi").is_empty(),
        "Sochi was not accepted"
    );
    let mut entities = seed["entities"].as_array().unwrap().clone();
    entities.push(json!({"id": "vladimir_putin", "name": "Vladimir Putin", "type": "person"}));
    assert_eq!(
        g["entities"],
        Value::Array(entities),
        "nothing else changed"
    );

    // New relations carry their verbatim quote, cut from the text.
    let meets = relation(&g, "shinzo_abe", "meets", "vladimir_putin");
    assert_eq!(
        meets,
        &json!({
            "from": "shinzo_abe", "type": "meets", "to": "vladimir_putin",
            "evidence": [{
                "source": "sochi",
                "quote": "Shinzo Abe met Russian President Vladimir Putin",
                "date": "2016-05-06"
            }],
            "confidence": 0.7
        })
    );
    let quote = meets["evidence"][0]["quote"].as_str().unwrap();
    assert!(text.contains(quote), "{quote:?} is not in the text");
    assert_eq!(
        relation(&g, "vladimir_putin", "head_of_state_of", "russia")["evidence"],
        json!([{"source": "sochi", "quote": "Russian President Vladimir Putin", "date": "2016-05-06"}])
    );
    // The known relation got the quote as one more evidence item.
    let pm = relation(&g, "shinzo_abe", "prime_minister_of", "japan");
    let mut evidence = relation(&seed, "shinzo_abe", "prime_minister_of", "japan")["evidence"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(evidence.len(), 2);
    evidence.push(json!({
        "source": "sochi",
        "quote": "Japanese Prime Minister Shinzo Abe",
        "date": "2016-05-06"
    }));
    assert_eq!(pm["evidence"], Value::Array(evidence));
    let pm_key = ("shinzo_abe", "prime_minister_of", "japan");
    assert_eq!(
        relations_except(
            &g,
            &[
                pm_key,
                ("shinzo_abe", "meets", "vladimir_putin"),
                ("vladimir_putin", "head_of_state_of", "russia")
            ]
        ),
        relations_except(&seed, &[pm_key]),
        "no other relation changed"
    );

    // A second session: undo takes the whole accept back.
    let fresh = desk("xr-sochi-undo");
    let before = std::fs::read(fresh.path.join("g.json")).unwrap();
    let mut pty = Pty::spawn(&fresh.path, &[], &["--graph", "g.json"]);
    pty.prompt();
    let shown = pty.ask("extract sochi.txt");
    shows(&pty, &shown, LISTING);
    let shown = pty.ask("accept all");
    shows(&pty, &shown, "accepted 3 proposal(s) from sochi");
    let shown = pty.ask("show \"Vladimir Putin\"");
    assert!(
        shown.starts_with("Vladimir Putin — person (id: vladimir_putin)\n"),
        "{}",
        pty.report()
    );
    let shown = pty.ask("undo");
    shows(&pty, &shown, "undid: accepted 3 proposal(s) from sochi");
    let shown = pty.ask("show \"Vladimir Putin\"");
    shows(&pty, &shown, "kg: error: no entity named 'Vladimir Putin'");
    let shown = pty.ask("sources sochi");
    shows(&pty, &shown, "kg: error: unknown source 'sochi'");
    let shown = pty.ask("save");
    shows(&pty, &shown, "saved 14 entities, 33 relations to g.json");
    pty.line("quit");
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
    assert!(
        std::fs::read(fresh.path.join("g.json")).unwrap() == before,
        "after the undo, the graph saves as it was"
    );
}

/// `undo` takes an accept back, so its proposals are open again: accepting
/// them a second time must work, as it would after a fresh `extract`.
#[test]
fn undo_of_an_accept_reopens_its_proposals() {
    let dir = desk("xr-undo-reopens");
    let out = dir.command().args(["--graph", "g.json"]).run_with_stdin(
        "extract sochi.txt\naccept 2\nundo\naccept 2\naccept all\nundo\naccept all\nsave\n",
    );
    out.stderr_is("").success().stdout_is(&format!(
        "{LISTING}\
accepted 1 proposal(s) from sochi
undid: accepted 1 proposal(s) from sochi
accepted 1 proposal(s) from sochi
accepted 2 proposal(s) from sochi
undid: accepted 2 proposal(s) from sochi
accepted 2 proposal(s) from sochi
saved 15 entities, 35 relations to g.json
"
    ));
}

// ---------------------------------------------------------------------------
// Review commands without a terminal
// ---------------------------------------------------------------------------

#[test]
fn edit_and_same_change_what_is_accepted() {
    let dir = desk("xr-edit-same");
    let script = "\
accept all
extract sochi.txt
same 1 Nobody
same 5 Russia
same 1 \"Sergei Lavrov\"
edit 3 --type head_of_stat
edit 3 --type minister_of
edit 9 --type meets
reject 1
accept 99
accept 1
accept all
accept all
save
";
    let out = dir
        .command()
        .args(["--graph", "g.json"])
        .run_with_stdin(script);
    out.code(1).stderr_is(
        "kg: error: line 1: nothing to review: run extract FILE first
kg: error: line 3: no entity named 'Nobody'
kg: error: line 4: there is no new entity 5: the list has 2
kg: error: line 6: unknown relation type 'head_of_stat'
kg: hint: did you mean 'head_of_state_of'?
kg: error: line 8: there is no proposal 9: the list has 3
kg: error: line 10: there is no proposal 99: the list has 3
kg: error: line 11: proposal 1 was rejected already
kg: error: line 13: every proposal is accepted or rejected already
",
    );
    let lines: Vec<&str> = out.stdout.lines().collect();
    let listing: Vec<&str> = LISTING.lines().collect();
    let n = listing.len();
    assert!(lines.len() == n + 5, "{}", out.report());
    assert_eq!(lines[..n], listing[..], "{}", out.report());
    assert_eq!(
        lines[n],
        "E1 (Vladimir Putin) is Sergei Lavrov: its relations will join it",
        "{}",
        out.report()
    );
    let (edit_line, edit_report) = (lines[n + 1].to_string(), out.report());
    assert_eq!(
        lines[n + 2..],
        [
            "rejected 1",
            "accepted 2 proposal(s) from sochi",
            "saved 14 entities, 35 relations to g.json"
        ],
        "{}",
        out.report()
    );

    let g = graph(&dir.path.join("g.json"));
    let seed = seed();
    assert!(
        records(&g, "entities", "id", "vladimir_putin").is_empty(),
        "E1 was linked, not added"
    );
    assert_eq!(g["entities"], seed["entities"]);
    assert_eq!(
        relation(&g, "shinzo_abe", "meets", "sergei_lavrov"),
        &json!({
            "from": "shinzo_abe", "type": "meets", "to": "sergei_lavrov",
            "evidence": [{
                "source": "sochi",
                "quote": "Shinzo Abe met Russian President Vladimir Putin",
                "date": "2016-05-06"
            }],
            "confidence": 0.7
        })
    );
    assert_eq!(
        relation(&g, "sergei_lavrov", "minister_of", "russia")["evidence"],
        json!([{"source": "sochi", "quote": "Russian President Vladimir Putin", "date": "2016-05-06"}])
    );
    assert!(
        records(&g, "relations", "type", "head_of_state_of").is_empty(),
        "the edited type replaced the proposed one"
    );
    // Rejected: the known relation has no evidence from the article.
    assert_eq!(
        relation(&g, "shinzo_abe", "prime_minister_of", "japan"),
        relation(&seed, "shinzo_abe", "prime_minister_of", "japan")
    );
    assert_eq!(
        relations_except(
            &g,
            &[
                ("shinzo_abe", "meets", "sergei_lavrov"),
                ("sergei_lavrov", "minister_of", "russia")
            ]
        ),
        seed["relations"].as_array().unwrap()[..],
        "no other relation changed"
    );
    dir.command()
        .args(["check", "g.json"])
        .run()
        .success()
        .stdout_is("ok: g.json: 14 entities, 35 relations\n");

    // `edit --from/--to` in one kg query session; a wrong end is refused at once.
    let fresh = desk("xr-edit-ends");
    let requests = r#"{"op":"extract","file":["sochi.txt"]}
{"op":"edit","n":2,"to":"Nobody"}
{"op":"edit","n":2,"to":"Lavrov"}
{"op":"edit","n":3,"from":"Shinzo Abe","type":"prime_minister_of","to":"Russia"}
{"op":"accept","selection":["2-3"]}
{"op":"save"}
"#;
    let out = fresh
        .command()
        .args(["--graph", "g.json", "query"])
        .run_with_stdin(requests);
    out.code(1);
    let answers: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON answer a line"))
        .collect();
    assert_eq!(answers.len(), 6, "{}", out.report());
    assert_eq!(
        answers[1]["error"],
        json!({"code": "unknown_entity", "message": "line 2: no entity named 'Nobody'", "suggestions": [], "line": 2}),
        "{}",
        out.report()
    );
    for (i, a) in answers.iter().enumerate().filter(|&(i, _)| i != 1) {
        assert_eq!(a["ok"], true, "request {}\n{}", i + 1, out.report());
    }
    assert_eq!(
        answers[4]["result"]["message"],
        "accepted 2 proposal(s) from sochi"
    );
    let g = graph(&fresh.path.join("g.json"));
    assert!(records(&g, "entities", "id", "vladimir_putin").is_empty());
    assert_eq!(
        relation(&g, "shinzo_abe", "meets", "sergei_lavrov")["evidence"][0]["quote"],
        "Shinzo Abe met Russian President Vladimir Putin"
    );
    assert_eq!(
        relation(&g, "shinzo_abe", "prime_minister_of", "russia")["evidence"][0]["quote"],
        "Russian President Vladimir Putin"
    );
    // E1 is Sergei Lavrov since `same 1`, so edit's answer must name him as the
    // end the corrected proposal is accepted with (the type as id or label).
    assert!(
        edit_line.starts_with("proposal 3 will be accepted as Sergei Lavrov —")
            && edit_line.ends_with("→ Russia"),
        "edit names the end it will be accepted with, not the one `same` replaced: {edit_line:?}\n{edit_report}"
    );
}

// ---------------------------------------------------------------------------
// --apply on the command line
// ---------------------------------------------------------------------------

#[test]
fn apply_on_the_command_line() {
    use std::os::unix::fs::MetadataExt as _;
    let dir = desk("xr-apply");
    let g_path = dir.path.join("g.json");
    let inode = std::fs::metadata(&g_path).unwrap().ino();
    let out = dir
        .command()
        .args([
            "extract",
            "sochi.txt",
            "--apply",
            "--min-score",
            "0.75",
            "--graph",
            "g.json",
        ])
        .run();
    out.success()
        .stderr_is("")
        .stdout_is("accepted 1 relation(s) and 0 new entities from sochi; saved g.json\n");
    // Saved atomically: a new file renamed over the old, nothing left behind.
    assert_ne!(
        std::fs::metadata(&g_path).unwrap().ino(),
        inode,
        "g.json was replaced, not rewritten"
    );
    let mut names: Vec<String> = std::fs::read_dir(&dir.path)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["g.json", "sochi.txt"]);
    dir.command()
        .args(["check", "g.json"])
        .run()
        .success()
        .stdout_is("ok: g.json: 14 entities, 33 relations\n");
    let g = graph(&g_path);
    let seed = seed();
    assert_eq!(
        records(&g, "sources", "id", "sochi")[0]["text"],
        sochi_text()
    );
    assert_eq!(
        g["entities"], seed["entities"],
        "Vladimir Putin came only with 0.70 proposals"
    );
    let pm_key = ("shinzo_abe", "prime_minister_of", "japan");
    assert_eq!(
        relation(&g, pm_key.0, pm_key.1, pm_key.2)["evidence"][2],
        json!({"source": "sochi", "quote": "Japanese Prime Minister Shinzo Abe", "date": "2016-05-06"})
    );
    assert_eq!(
        relations_except(&g, &[pm_key]),
        relations_except(&seed, &[pm_key]),
        "the relations below 0.75 are absent"
    );

    // Without --min-score: everything but the denial; flags become attributes.
    dir.create(
        "neg.txt",
        "Putin did not meet Abe. Russian President Vladimir Putin will visit Tokyo, Kyodo News reported.\n",
    );
    dir.command()
        .args(["--graph", "g.json", "extract", "neg.txt", "--apply"])
        .run()
        .success()
        .stdout_is("accepted 2 relation(s) and 1 new entities from neg; saved g.json\n");
    let g = graph(&g_path);
    assert_eq!(
        records(&g, "entities", "id", "vladimir_putin"),
        [
            &json!({"id": "vladimir_putin", "name": "Vladimir Putin", "type": "person", "aliases": ["Putin"]})
        ]
    );
    assert!(
        records(&g, "relations", "type", "meets").is_empty(),
        "a negated proposal is never applied unattended"
    );
    assert_eq!(
        relation(&g, "vladimir_putin", "visits", "tokyo"),
        &json!({
            "from": "vladimir_putin", "type": "visits", "to": "tokyo",
            "evidence": [{"source": "neg", "quote": "Vladimir Putin will visit Tokyo"}],
            "confidence": 0.6,
            "attributes": {"planned": true, "reported": true}
        })
    );
    dir.command()
        .args(["check", "g.json"])
        .run()
        .success()
        .stdout_is("ok: g.json: 15 entities, 35 relations\n");

    // Refusals change nothing.
    let before = std::fs::read(&g_path).unwrap();
    let out = dir
        .command()
        .args(["extract", "sochi.txt", "--apply"])
        .run();
    out.failure().stdout_is("").stderr_is(
        "kg: error: an edit on the command line changes one kg JSON file: name it with --graph FILE.json (or use the REPL: kg repl)\n",
    );
    let out = dir
        .command()
        .args([
            "--graph",
            "g.json",
            "extract",
            "sochi.txt",
            "--apply",
            "--min-score",
            "1.5",
        ])
        .run();
    out.code(2)
        .stdout_is("")
        .stderr_is("kg: error: --min-score 1.5 is outside 0 to 1\n");
    // Text a graph cannot keep as a source (over 1 MiB) is refused before it is read.
    let sentence = "Abe met Lavrov in Sochi. ";
    dir.create("long.txt", sentence.repeat((1 << 20) / sentence.len() + 1));
    let out = dir
        .command()
        .args(["--graph", "g.json", "extract", "long.txt", "--apply"])
        .run();
    out.failure().stdout_is("").stderr_is(
        "kg: error: long.txt is 1048600 bytes: accepted proposals keep the article as their source's \
         text, of up to 1048576 bytes (1 MiB)\n\
         kg: hint: extract the article itself, not a whole collection; without --apply, kg extract \
         reads texts of up to 32 MiB\n",
    );
    assert!(
        std::fs::read(&g_path).unwrap() == before,
        "a refused --apply leaves g.json alone"
    );
}

// ---------------------------------------------------------------------------
// JSON Lines
// ---------------------------------------------------------------------------

#[test]
fn json_lines_extract() {
    let dir = desk("xr-json");
    let cli: Value = dir
        .command()
        .args([
            "--graph",
            "g.json",
            "extract",
            "sochi.txt",
            "--format",
            "json",
        ])
        .run()
        .success()
        .json();
    let text = sochi_text();
    assert_eq!(
        cli.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["source", "entities", "relations", "relation_types"]
    );
    assert_eq!(
        cli["source"],
        json!({"id": "sochi", "sha256": sha256_hex(&text), "date": "2016-05-06"})
    );
    let rels = cli["relations"].as_array().unwrap();
    assert_eq!(
        cli["relations"],
        json!([
            {
                "from": "shinzo_abe", "type": "prime_minister_of", "to": "japan",
                "quote": "Japanese Prime Minister Shinzo Abe", "start": 14, "end": 48,
                "score": 0.8, "known": true, "pattern": "{to} ['s] prime minister {from}"
            },
            {
                "from": "shinzo_abe", "type": "meets", "to": "vladimir_putin",
                "quote": "Shinzo Abe met Russian President Vladimir Putin", "start": 38, "end": 85,
                "score": 0.7, "known": false, "pattern": "{from} meet|met|meets {to}"
            },
            {
                "from": "vladimir_putin", "type": "head_of_state_of", "to": "russia",
                "quote": "Russian President Vladimir Putin", "start": 53, "end": 85,
                "score": 0.7, "known": false, "pattern": "{to} ['s] president {from}"
            }
        ])
    );
    for r in rels {
        let (s, e) = (
            r["start"].as_u64().unwrap() as usize,
            r["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(r["quote"], text[s..e], "the quote is bytes start..end");
        assert!(r.get("attributes").is_none(), "{r}");
    }
    let new: Vec<(&str, bool)> = cli["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap(), e["new"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        new,
        [
            ("japan", false),
            ("shinzo_abe", false),
            ("russia", false),
            ("vladimir_putin", true),
            ("sochi", true)
        ]
    );

    let requests = r#"{"op":"accept","selection":["all"],"id":"early"}
{"op":"extract","file":["sochi.txt"],"id":1}
{"op":"extract","file":["sochi.txt"],"min_score":0.75,"id":2}
{"op":"accept","selection":["all"],"id":3}
{"op":"extract","id":4}
{"op":"extract","file":["missing.txt"],"id":5}
{"op":"save","id":6}
"#;
    let out = dir
        .command()
        .args(["--graph", "g.json", "query"])
        .run_with_stdin(requests);
    out.code(1).stderr_is("");
    let answers: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON answer a line"))
        .collect();
    assert_eq!(answers.len(), 7, "one line per request\n{}", out.report());
    assert_eq!(
        answers[0],
        json!({"id": "early", "ok": false, "error": {"code": "bad_request", "message": "line 1: nothing to review: run extract FILE first", "suggestions": [], "line": 1}})
    );
    assert_eq!(
        answers[1],
        json!({"id": 1, "ok": true, "result": cli}),
        "the contract object"
    );
    let mut high = cli.clone();
    high["relations"] = json!([cli["relations"][0]]);
    high["relation_types"] =
        json!({"prime_minister_of": cli["relation_types"]["prime_minister_of"]});
    assert_eq!(answers[2], json!({"id": 2, "ok": true, "result": high}));
    assert_eq!(
        answers[3],
        json!({"id": 3, "ok": true, "result": {"message": "accepted 1 proposal(s) from sochi", "entities": 14, "relations": 33, "unsaved": 1}})
    );
    assert_eq!(
        answers[4],
        json!({"id": 4, "ok": false, "error": {"code": "bad_request", "message": "line 5: 'extract' needs 'file'", "suggestions": [], "line": 5}})
    );
    assert_eq!(answers[5]["ok"], false);
    assert_eq!(answers[5]["error"]["code"], "io");
    assert!(
        answers[5]["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("line 6: missing.txt: "),
        "{}",
        out.report()
    );
    assert_eq!(
        answers[6]["result"]["message"],
        "saved 14 entities, 33 relations to g.json"
    );
    let g = graph(&dir.path.join("g.json"));
    assert_eq!(
        relation(&g, "shinzo_abe", "prime_minister_of", "japan")["evidence"][2]["source"],
        "sochi"
    );
}

// ---------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------

/// `kg extract ARGS...` in `dir`, bounded.
fn extract_in(dir: &TestDir, args: &[&str], limits: &Limits) -> Bounded {
    let mut all = vec!["extract"];
    all.extend_from_slice(args);
    bounded(&dir.path, &all, None, limits)
}

fn quick() -> Limits {
    Limits {
        time: Duration::from_secs(10),
        ..Limits::default()
    }
}

#[test]
fn bad_input_is_refused_clearly() {
    let dir = TestDir::new("xr-bad");
    dir.create("latin1.txt", b"Abe met\nPutin caf\xe9 in Sochi.\n");
    dir.create("empty.txt", "");
    dir.create("blank.txt", " \n\t\n");
    dir.create("nul.txt", b"Abe met Lavrov\0in Sochi.\n");
    dir.create("pic.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    std::fs::create_dir(dir.path.join("folder")).unwrap();
    let cases: [(&str, &str); 7] = [
        (
            "latin1.txt",
            "kg: error: latin1.txt:2:10: not UTF-8 text (byte 17)\n\
             kg: hint: convert it first, e.g. iconv -f latin1 -t utf-8\n",
        ),
        (
            "empty.txt",
            "kg: error: empty.txt: empty: there is no text to read\n",
        ),
        (
            "blank.txt",
            "kg: error: blank.txt: empty: there is no text to read\n",
        ),
        (
            "nul.txt",
            "kg: error: nul.txt: a binary file, not text (it holds NUL bytes)\n",
        ),
        (
            "missing.txt",
            "kg: error: missing.txt: No such file or directory (os error 2)\n",
        ),
        ("folder", "kg: error: folder is a folder, not a text file\n"),
        // A real binary file is called binary (its NUL bytes), not mistaken text.
        (
            "pic.png",
            "kg: error: pic.png: a binary file, not text (it holds NUL bytes)\n",
        ),
    ];
    for (file, stderr) in cases {
        for args in [vec![file], vec![file, "--format", "json"]] {
            let out = extract_in(&dir, &args, &quick());
            out.refused(&[]);
            assert!(
                out.stdout.is_empty() && out.stderr == stderr,
                "expected stderr {stderr:?}\n{}",
                out.report()
            );
        }
    }
    // One bad file of several: nothing is proposed.
    std::fs::copy(root().join(SOCHI), dir.path.join("sochi.txt")).unwrap();
    let out = extract_in(&dir, &["sochi.txt", "empty.txt"], &quick());
    out.refused(&[]);
    assert!(
        out.stdout.is_empty()
            && out.stderr == "kg: error: empty.txt: empty: there is no text to read\n",
        "{}",
        out.report()
    );
    // Over the size limit: refused before reading (a sparse file, no disk used).
    let huge = std::fs::File::create(dir.path.join("huge.txt")).unwrap();
    huge.set_len(129 << 20).unwrap();
    let out = extract_in(&dir, &["huge.txt"], &quick());
    out.refused(&[]).within(Duration::from_secs(2));
    assert_eq!(
        out.stderr,
        "kg: error: huge.txt is 129 MiB; extract reads texts of up to 32 MiB (split a corpus into its articles)\n",
        "{}",
        out.report()
    );
    // 30 MiB of NUL bytes (sparse) within the limit: read, and refused as binary.
    let zeros = std::fs::File::create(dir.path.join("zeros.txt")).unwrap();
    zeros.set_len(30 << 20).unwrap();
    let out = extract_in(&dir, &["zeros.txt"], &quick());
    out.refused(&[]);
    assert_eq!(
        out.stderr,
        "kg: error: zeros.txt: a binary file, not text (it holds NUL bytes)\n",
        "{}",
        out.report()
    );
    // In a session a bad file is one failed line; the session goes on.
    let out = dir
        .command()
        .run_with_stdin("extract latin1.txt\nextract folder\naccept all\nextract sochi.txt\n");
    out.code(1)
        .stderr_is(
            "kg: error: line 1: latin1.txt:2:10: not UTF-8 text (byte 17)\n\
             kg: hint: convert it first, e.g. iconv -f latin1 -t utf-8\n\
             kg: error: line 2: folder is a folder, not a text file\n\
             kg: error: line 3: nothing to review: run extract FILE first\n",
        )
        .stdout_is(LISTING);
}

/// The sentences of the long inputs, and what one copy of them proposes.
const SENTENCES: &str =
    "Abe met Lavrov in Sochi. Russian President Vladimir Putin met Japanese Prime Minister Shinzo Abe. ";

/// A 10 MB line of real sentences: read whole, in bounded time, each proposal
/// quoted verbatim. About 20 s with the debug binary, 5 s in release.
#[test]
fn a_10_mb_line_is_read_in_bounded_time() {
    let dir = TestDir::new("xr-10mb");
    let copies = (10 << 20) / SENTENCES.len() + 1;
    let text = SENTENCES.repeat(copies);
    assert!(!text.contains('\n') && text.len() >= 10 << 20);
    dir.create("line.txt", &text);
    let limits = Limits {
        time: Duration::from_secs(90),
        ..Limits::default()
    };
    let out = extract_in(&dir, &["line.txt", "--format", "json"], &limits);
    out.accepted();
    assert_eq!(out.stderr, "", "{}", out.report());
    let x: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("not one JSON object ({e})\n{}", out.report()));
    let rels: Vec<(&str, &str, &str, &str, u64, u64)> = x["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["from"].as_str().unwrap(),
                r["type"].as_str().unwrap(),
                r["to"].as_str().unwrap(),
                r["quote"].as_str().unwrap(),
                r["start"].as_u64().unwrap(),
                r["end"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rels,
        [
            (
                "shinzo_abe",
                "meets",
                "sergei_lavrov",
                "Abe met Lavrov",
                0,
                14
            ),
            (
                "vladimir_putin",
                "head_of_state_of",
                "russia",
                "Russian President Vladimir Putin",
                25,
                57
            ),
            (
                "vladimir_putin",
                "meets",
                "shinzo_abe",
                "Vladimir Putin met Japanese Prime Minister Shinzo Abe",
                43,
                96
            ),
            (
                "shinzo_abe",
                "prime_minister_of",
                "japan",
                "Japanese Prime Minister Shinzo Abe",
                62,
                96
            ),
        ],
        "each statement proposed once, at its first place"
    );
    for &(_, _, _, quote, s, e) in &rels {
        assert_eq!(&text[s as usize..e as usize], quote, "quotes are verbatim");
    }
    // Every mention is found, and lies in the text.
    let per_copy = [
        ("shinzo_abe", 2),
        ("sergei_lavrov", 1),
        ("sochi", 1),
        ("russia", 1),
        ("vladimir_putin", 1),
        ("japan", 1),
    ];
    let mentions: Vec<(&str, usize)> = x["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let m = e["mentions"].as_array().unwrap();
            assert!(m
                .iter()
                .all(|m| m["end"].as_u64().unwrap() as usize <= text.len()));
            (e["id"].as_str().unwrap(), m.len())
        })
        .collect();
    let want: Vec<(&str, usize)> = per_copy.iter().map(|&(id, n)| (id, n * copies)).collect();
    assert_eq!(mentions, want);
    assert_eq!(x["source"]["sha256"], sha256_hex(&text));
}

/// A 100 MB text (real sentences, not a sparse file) is refused at once by
/// its size, before it is read, with one message and nothing on stdout.
#[test]
fn a_100_mb_text_is_refused_at_once() {
    let dir = TestDir::new("xr-100mb");
    let copies = 100_000_000 / SENTENCES.len() + 1;
    dir.create("big.txt", SENTENCES.repeat(copies));
    let limits = Limits {
        time: Duration::from_secs(10),
        ..Limits::default()
    };
    let out = extract_in(&dir, &["big.txt", "--format", "json"], &limits);
    out.sane();
    out.refused(&["kg: error: big.txt is 95 MiB; extract reads texts of up to 32 MiB"]);
    assert!(out.stdout.is_empty(), "{}", out.report());
    assert_eq!(
        out.stderr.matches("kg: error:").count(),
        1,
        "{}",
        out.report()
    );
}

// ---------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------

#[test]
fn review_commands_are_refused_on_the_command_line() {
    let dir = desk("xr-cli");
    let before = std::fs::read(dir.path.join("g.json")).unwrap();
    for args in [
        &["accept", "1"][..],
        &["accept", "all"],
        &["reject", "1"],
        &["same", "1", "Russia"],
        &["edit", "1", "--type", "meets"],
    ] {
        let mut all = vec!["--graph", "g.json"];
        all.extend_from_slice(args);
        let out = dir.command().args(&all).run();
        out.code(2)
            .stdout_is("")
            .stderr_is(&format!("kg: error: '{}' {NOT_ON_CLI}\n", args[0]));
    }
    assert!(std::fs::read(dir.path.join("g.json")).unwrap() == before);
}

/// In an untyped dataset (ICEWS14) the gazetteer's countries are the
/// dataset's own entities where their names agree: "Japanese" in the text is
/// a mention of the dataset's "Japan", not a new country.
#[test]
fn a_datasets_entities_are_linked_by_name() {
    let icews = root().join("../shared/data/icews14");
    let out = kg([
        "--graph".as_ref(),
        icews.as_os_str(),
        "--epoch".as_ref(),
        "2014-01-01".as_ref(),
        "extract".as_ref(),
        root().join("docs/examples/sochi.txt").as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    let x: Value = out.success().json();
    let japan = x["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Japan")
        .unwrap_or_else(|| panic!("Japan is mentioned: {x}"));
    assert_eq!(japan["id"], "Japan", "the dataset's id: {japan}");
    assert_eq!(japan["new"], false, "{japan}");
    assert_eq!(japan["type"], "entity", "{japan}");
}
