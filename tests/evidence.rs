//! Building evidence (issue 13): a relation stated again is corroborated, never
//! duplicated; `add evidence`; the session's `use source` / `use date`; evidence
//! takes its source's date; `check` warns of relations without evidence and of
//! repeated aliases; `alias` refuses a name the entity has.

use serde_json::Value;

use crate::util::seeded;

/// The relations of `name` in `g.json`, as `show --format json` gives them.
fn relations(dir: &crate::util::TestDir, name: &str) -> Vec<Value> {
    let out = dir
        .command()
        .args(["--graph", "g.json", "show", name, "--format", "json"])
        .run();
    out.success();
    let v: Value = out.json();
    v["relations"].as_array().cloned().unwrap_or_default()
}

fn evidence_of(rels: &[Value], other: &str, kind: &str) -> Vec<Vec<Value>> {
    rels.iter()
        .filter(|r| r["other"]["name"] == other && r["type"] == kind)
        .map(|r| r["evidence"].as_array().cloned().unwrap_or_default())
        .collect()
}

#[test]
fn a_relation_stated_again_is_corroborated_not_duplicated() {
    let dir = seeded("evidence-corroborated");
    let script = "\
add source kyodo-2016-05-06 --title \"Abe meets Putin\" --publisher \"Kyodo News\" --date 2016-05-06
add source tass-2016-05-06 --publisher TASS --date 2016-05-06
add relation Abe visits Moscow --source kyodo-2016-05-06 --quote \"Abe met Putin\"
add relation Abe visits Moscow --source tass-2016-05-06 --quote \"talks in Sochi\"
add relation Abe visits Moscow --source tass-2016-05-06 --quote \"talks in Sochi\"
add relation Abe visits Moscow
save
";
    let out = dir
        .command()
        .args(["--graph", "g.json"])
        .run_with_stdin(script);
    out.stdout_has("added relation Shinzo Abe —visits→ Moscow\n")
        .stdout_has(
            "corroborated Shinzo Abe —visits→ Moscow: now 2 evidence items, from 2 sources\n",
        )
        .stderr_has(
            "kg: error: line 5: Shinzo Abe —visits→ Moscow has this evidence from 'tass-2016-05-06' already\n",
        )
        .stderr_has("kg: error: line 6: Shinzo Abe —visits→ Moscow is in the graph already; nothing added\n")
        .stderr_has("kg: hint: to corroborate it, give the new evidence: --source ID --quote TEXT\n");
    let found = evidence_of(&relations(&dir, "Abe"), "Moscow", "visits");
    assert_eq!(found.len(), 1, "one relation: {found:?}");
    let items = &found[0];
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0]["source"], "kyodo-2016-05-06");
    assert_eq!(items[1]["source"], "tass-2016-05-06");
    // Without --date, evidence takes its source's date.
    assert_eq!(items[0]["date"], "2016-05-06");
    assert_eq!(items[1]["quote"], "talks in Sochi");
    // show counts them.
    let text = dir
        .command()
        .args(["--graph", "g.json", "show", "Abe"])
        .run();
    text.success()
        .stdout_has("  → Moscow (city)  [#33, 2 evidence items, 2 sources]\n");
}

#[test]
fn add_evidence_needs_the_relation_and_undo_takes_it_back() {
    let dir = seeded("evidence-add");
    let script = "\
add evidence Lavrov visits Tokyo --source sputnik-2016-03-14 --quote \"mid-April\"
add evidence Lavrov visits Moscow --source sputnik-2016-03-14
add evidence Lavrov visits Tokyo --source nowhere
undo
add evidence Lavrov visits Tokyo --source blog-2016-03-14
save
";
    let out = dir
        .command()
        .args(["--graph", "g.json"])
        .run_with_stdin(script);
    out.stdout_has(
        "corroborated Sergei Lavrov —visits→ Tokyo: now 4 evidence items, from 2 sources\n",
    )
    .stdout_has("undid: corroborated Sergei Lavrov —visits→ Tokyo: now 4 evidence items, from 2 sources\n")
    .stderr_has("kg: error: line 2: no relation Sergei Lavrov —visits→ Moscow to add evidence to\n")
    .stderr_has(
        "kg: hint: add it with its evidence: add relation \"Sergei Lavrov\" visits Moscow --source ID --quote TEXT\n",
    )
    .stderr_has("unknown source 'nowhere'");
    let found = evidence_of(&relations(&dir, "Lavrov"), "Tokyo", "visits");
    assert_eq!(found.len(), 1);
    let sources: Vec<&str> = found[0]
        .iter()
        .map(|e| e["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        [
            "blog-2016-03-14",
            "blog-2016-03-14",
            "sputnik-2016-03-14",
            "blog-2016-03-14"
        ]
    );
    assert!(found[0]
        .iter()
        .all(|e| e.get("quote").is_some() || e["date"] == "2016-03-14"));
}

#[test]
fn use_source_and_date_fill_what_an_edit_leaves_out() {
    let dir = seeded("evidence-use");
    let script = "\
use
use source sputnik
use source sputnik-2016-03-14
use date 2016-02-30
use date 2016-03-15
add relation Lavrov visits Moscow --quote \"Lavrov\"
use none
add relation Abe visits Tokyo
save
";
    let out = dir
        .command()
        .args(["--graph", "g.json"])
        .run_with_stdin(script);
    out.stdout_has("no defaults: each edit gives its own --source and --date\n")
        .stderr_has("kg: error: line 2: unknown source 'sputnik'\nkg: hint: did you mean 'sputnik-2016-03-14'?\n")
        .stdout_has("evidence cites 'sputnik-2016-03-14' (Sputnik, ")
        .stderr_has("kg: error: line 4: '2016-02-30' is not a date")
        .stdout_has("evidence cites 'sputnik-2016-03-14' (Sputnik, Foreign Factors Must Be Removed From Russian-Japanese Relations, 2016-03-14), stated 2016-03-15\n")
        .stdout_has("evidence cites only what each edit gives\n");
    let moscow = evidence_of(&relations(&dir, "Lavrov"), "Moscow", "visits");
    assert_eq!(
        moscow,
        [vec![
            serde_json::json!({"source": "sputnik-2016-03-14", "quote": "Lavrov", "date": "2016-03-15"})
        ]]
    );
    let tokyo = evidence_of(&relations(&dir, "Abe"), "Tokyo", "visits");
    assert_eq!(tokyo, [Vec::<Value>::new()], "no defaults after 'use none'");

    // The same through kg query, and refused on the command line.
    let requests = r#"{"op":"use","what":"source","value":"sputnik-2016-03-14"}
{"op":"add_relation","from":"Abe","type":"visits","to":"Moscow","quote":"visit"}
{"op":"show","name":"Abe"}
"#;
    let out = dir
        .command()
        .args(["--graph", "g.json", "query"])
        .run_with_stdin(requests);
    out.success();
    let answers: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers[0]["result"]["source"], "sputnik-2016-03-14");
    let rels = answers[2]["result"]["relations"].as_array().unwrap();
    let ev = evidence_of(rels, "Moscow", "visits");
    assert_eq!(
        ev,
        [vec![
            serde_json::json!({"source": "sputnik-2016-03-14", "quote": "visit", "date": "2016-03-14"})
        ]]
    );
    let cli = dir
        .command()
        .args(["--graph", "g.json", "use", "source", "sputnik-2016-03-14"])
        .run();
    cli.code(2)
        .stderr_has("'use' is not available in the command line: each command-line edit stands alone; give it --source and --date");
}

#[test]
fn check_warns_of_relations_without_evidence_and_repeated_aliases() {
    let dir = seeded("evidence-check");
    dir.create(
        "bare.json",
        r#"{"schema":{"entity_types":[{"id":"thing"}],"relation_types":[{"id":"near"}]},
  "entities":[{"id":"a","type":"thing","aliases":["A","Alpha"]},{"id":"b","type":"thing"}],
  "relations":[{"from":"a","type":"near","to":"b"}]}"#,
    );
    let out = dir.command().args(["check", "bare.json"]).run();
    out.success()
        .stdout_is("ok: bare.json: 2 entities, 1 relations\n")
        .stderr_is(
            "kg: warning: 1 relation without evidence: a —near→ b\n\
             kg: hint: say where each comes from: add evidence FROM TYPE TO --source ID --quote TEXT\n\
             kg: warning: 1 alias repeats a name the entity has already: 'A' of 'a'\n\
             kg: hint: drop the repeated aliases from the file\n",
        );
    let strict = dir.command().args(["check", "--strict", "bare.json"]).run();
    strict
        .failure()
        .stderr_has("kg: error: 1 relation without evidence: a —near→ b\n")
        .stderr_has("kg: 2 problems found in bare.json\n");
    let json = dir
        .command()
        .args(["check", "bare.json", "--format", "json"])
        .run();
    let v: Value = json.json();
    assert_eq!(v["ok"], true);
    assert_eq!(v["warnings"].as_array().unwrap().len(), 2);
    // The seed graph cites evidence for everything and repeats no alias.
    let seed = dir.command().args(["check", "--strict", "g.json"]).run();
    seed.success().stderr_is("");
}

#[test]
fn alias_refuses_a_name_the_entity_answers_to() {
    let dir = seeded("evidence-alias");
    let out = dir
        .command()
        .args(["--graph", "g.json"])
        .run_with_stdin("alias Japan Yamato\nalias Japan YAMATO\nalias Japan japan\nsave\n");
    out.stdout_has("'Japan' is now also called 'Yamato'\n")
        .stderr_has("kg: error: line 2: 'Japan' answers to 'YAMATO' already (its alias 'Yamato')\n")
        .stderr_has("kg: error: line 3: 'Japan' answers to 'japan' already (its id 'japan')\n");
    let g = std::fs::read_to_string(dir.path.join("g.json")).unwrap();
    assert_eq!(g.matches("\"Yamato\"").count(), 1, "one alias Yamato");
}

const SOCHI: &str = "On 6 May 2016 Japanese Prime Minister Shinzo Abe met Russian President\nVladimir Putin in Sochi. The two leaders agreed to pursue a \"new approach\"\nto the territorial dispute over the Kuril Islands.\n";

/// The scenario of issue 13, as a user types it: a new graph, a source with
/// its text, a default source, a relation, the same relation from a second
/// source, a misquote refused with the closest passage, save, check, sources.
#[test]
fn a_graph_built_from_a_paragraph_checks_its_quotes_against_the_source() {
    let dir = crate::util::TestDir::new("evidence-sochi");
    dir.create("sochi.txt", SOCHI);
    dir.create("tass.txt", "Putin and Abe met in Sochi on Friday.");
    dir.command()
        .args(["init", "g.json", "--schema", "news"])
        .run()
        .success();
    let script = "\
add source kyodo-2016-05-06 --title \"Abe, Putin meet in Sochi\" --publisher \"Kyodo News\" --date 2016-05-06 --kind article --text sochi.txt
add source tass-2016-05-06 --publisher TASS --date 2016-05-06 --kind article --text tass.txt
use source kyodo-2016-05-06
add entity \"Shinzo Abe\" --type person --alias Abe
add entity \"Vladimir Putin\" --type person --alias Putin
add relation Abe meets Putin --quote \"Shinzo Abe met Russian President Vladimir Putin\"
add relation Abe meets Putin --source tass-2016-05-06 --quote \"Putin and Abe met in Sochi\"
add relation Abe meets Putin --quote \"Abe met with Putin in Sochi\"
save
";
    let out = dir
        .command()
        .args(["--graph", "g.json"])
        .run_with_stdin(script);
    out.stdout_has("added relation Shinzo Abe —meets→ Vladimir Putin\n")
        .stdout_has("corroborated Shinzo Abe —meets→ Vladimir Putin: now 2 evidence items, from 2 sources\n")
        .stderr_is(
            "kg: error: line 8: the quote is not in the text of source 'kyodo-2016-05-06'\n\
             kg: hint: the closest passage is \"Abe met Russian President Vladimir Putin in Sochi.\"; a quote is copied verbatim\n",
        );
    dir.command()
        .args(["--graph", "g.json", "check", "--strict"])
        .run()
        .success()
        .stdout_is("ok: g.json: 2 entities, 1 relations\n");
    let sources = dir.command().args(["--graph", "g.json", "sources"]).run();
    sources.success().stdout_is(
        "source            publisher   date        kind     relations\n\
         kyodo-2016-05-06  Kyodo News  2016-05-06  article  1\n\
         tass-2016-05-06   TASS        2016-05-06  article  1\n",
    );
    let one = dir
        .command()
        .args([
            "--graph",
            "g.json",
            "sources",
            "kyodo-2016-05-06",
            "--format",
            "json",
        ])
        .run();
    let v: Value = one.json();
    assert_eq!(v["source"]["text_bytes"], SOCHI.len());
    assert_eq!(
        v["supports"][0]["quotes"][0],
        "Shinzo Abe met Russian President Vladimir Putin"
    );

    // The text is kept with its SHA-256: a text changed by hand is noticed,
    // and so is a quote edited into one the text does not hold.
    let saved = crate::util::read(dir.path.join("g.json"));
    assert!(saved.contains("\"sha256\": \"4"), "{saved}");
    dir.create(
        "edited.json",
        saved.replace("in Sochi. The two", "in Moscow. The two"),
    );
    dir.command()
        .args(["check", "edited.json"])
        .run()
        .failure()
        .stderr_has("the text of source 'kyodo-2016-05-06' does not match its sha256: it changed since it was registered\n");
    dir.create(
        "misquoted.json",
        saved.replace(
            "\"Putin and Abe met in Sochi\"",
            "\"Putin and Abe met in Tokyo\"",
        ),
    );
    let out = dir.command().args(["check", "misquoted.json"]).run();
    out.failure()
        .stderr_has(": the quote is not in the text of source 'tass-2016-05-06'\n")
        .stderr_has("kg: hint: the closest passage is \"Putin and Abe met in Sochi\"; a quote is copied verbatim\n");
    assert!(
        out.stderr.starts_with("kg: error: misquoted.json:"),
        "located: {}",
        out.report()
    );
}

#[test]
fn a_source_text_must_be_a_utf8_file_within_the_limit() {
    let dir = seeded("evidence-text-files");
    dir.create("latin1.txt", b"caf\xe9 au lait".as_slice());
    dir.create("blank.txt", " \n\t\n");
    dir.create("big.txt", "word ".repeat(220_000));
    let script = "\
add source a --text latin1.txt
add source b --text blank.txt
add source c --text big.txt
add source d --text missing.txt
add source e --kind newspaper
";
    let out = dir
        .command()
        .args(["--graph", "g.json"])
        .run_with_stdin(script);
    out.stdout_is("")
        .stderr_has("kg: error: line 1: latin1.txt: not UTF-8 text (at byte 3)\nkg: hint: save the article as UTF-8 text\n")
        .stderr_has("kg: error: line 2: blank.txt: empty\n")
        .stderr_has("kg: error: line 3: big.txt: 1100000 bytes, over the limit of 1048576 (1 MiB) for a source text\n")
        .stderr_has("kg: error: line 4: missing.txt: ")
        .stderr_has("kg: error: line 5: unknown source kind 'newspaper'\n");
    let sources = dir.command().args(["--graph", "g.json", "sources"]).run();
    sources.success().stdout_is(
        "source              publisher                                             date        kind        relations\n\
         blog-2016-03-14     Unnamed blog (commentary reposting a Sputnik report)  2016-03-14              21\n\
         sputnik-2016-03-14  Sputnik                                               2016-03-14              12\n\
         background          kg                                                                background  6\n",
    );
}

/// README's "Building a graph from an article" session gives the answers it shows.
#[test]
fn the_readme_builds_its_graph_as_it_says() {
    let readme = crate::util::read("README.md");
    let start = readme
        .find("### Building a graph from an article")
        .expect("the section");
    let block = readme[start..].split("```").nth(1).expect("its session");
    let (mut typed, mut shown) = (String::new(), Vec::new());
    for line in block.lines().filter(|l| !l.is_empty()) {
        match crate::util::after_prompt(line) {
            Some(cmd) => typed.push_str(&format!("{}\n", cmd.trim_start())),
            None => shown.push(line),
        }
    }
    let dir = crate::util::TestDir::new("evidence-readme");
    std::fs::create_dir_all(dir.path.join("docs/examples")).unwrap();
    dir.create(
        "docs/examples/sochi.txt",
        crate::util::read("docs/examples/sochi.txt"),
    );
    let out = dir
        .command()
        .args(["--graph", "sochi.json"])
        .run_with_stdin(typed);
    let (mut said, mut warned) = (out.stdout.lines(), out.stderr.lines());
    for want in shown {
        let from = if want.starts_with("kg: ") {
            &mut warned
        } else {
            &mut said
        };
        // Typed at the prompt, an error has no line number; piped, it has.
        let at_prompt = |l: &str| match l.strip_prefix("kg: error: line ") {
            Some(rest) => format!(
                "kg: error: {}",
                rest.split_once(": ").map_or(rest, |(_, m)| m)
            ),
            None => l.to_string(),
        };
        assert!(
            from.any(|l| at_prompt(l) == want),
            "README shows {want:?}, kg did not say it (in order)\n{}",
            out.report()
        );
    }
    dir.command()
        .args(["--graph", "sochi.json", "check", "--strict"])
        .run()
        .success();
}

#[test]
fn csv_rows_bring_their_evidence_and_validity() {
    let dir = crate::util::TestDir::new("evidence-csv");
    dir.create("sochi.txt", SOCHI);
    dir.command().args(["init", "g.json"]).run().success();
    dir.command()
        .args(["--graph", "g.json"])
        .run_with_stdin(
            "add source kyodo --publisher Kyodo --date 2016-05-06 --text sochi.txt\n\
             add entity \"Shinzo Abe\" --type person\nadd entity \"Vladimir Putin\" --type person\n\
             add entity Sochi --type city\nsave\n",
        )
        .success();
    dir.create(
        "facts.csv",
        "from,type,to,source,quote,evidence_date,valid_from,valid_to\n\
         Shinzo Abe,meets,Vladimir Putin,kyodo,Shinzo Abe met Russian President,,2016-05-06,2016-05-06\n\
         Shinzo Abe,visits,Sochi,kyodo,,2016-05-07,,\n",
    );
    let out = dir
        .command()
        .args([
            "--graph",
            "g.json",
            "--graph",
            "facts.csv",
            "show",
            "Shinzo Abe",
            "--format",
            "json",
        ])
        .run();
    let v: Value = out.json();
    let rels = v["relations"].as_array().unwrap();
    assert_eq!(
        evidence_of(rels, "Vladimir Putin", "meets"),
        [vec![
            serde_json::json!({"source": "kyodo", "quote": "Shinzo Abe met Russian President", "date": "2016-05-06"})
        ]]
    );
    let meets = rels.iter().find(|r| r["type"] == "meets").unwrap();
    assert_eq!(meets["valid"], "2016-05-06");
    assert_eq!(
        evidence_of(rels, "Sochi", "visits"),
        [vec![
            serde_json::json!({"source": "kyodo", "date": "2016-05-07"})
        ]]
    );
    dir.create(
        "bad.csv",
        "from,type,to,source,quote,evidence_date,valid_from,valid_to\n\
         Shinzo Abe,visits,Sochi,kyodo,Abe met Putin in Moscow,,,\n\
         Shinzo Abe,visits,Sochi,kyodoo,,,,\n\
         Shinzo Abe,visits,Sochi,,a quote,,2016-05-06,\n\
         Shinzo Abe,visits,Sochi,kyodo,,2016-13,2016-06,2016-05\n",
    );
    let out = dir.command().args(["check", "g.json", "bad.csv"]).run();
    out.failure().stderr_is(
        "kg: error: bad.csv:2:1: the quote is not in the text of source 'kyodo'\n\
         kg: hint: the closest passage is \"Abe met Russian President Vladimir Putin in\"; a quote is copied verbatim\n\
         kg: error: bad.csv:3:1: unknown source 'kyodoo'\n\
         kg: hint: did you mean 'kyodo'?\n\
         kg: error: bad.csv:4:1: a validity range needs both valid_from and valid_to\n\
         kg: hint: give both, or the one date in the date column\n\
         kg: error: bad.csv:4:1: quote has no source\n\
         kg: hint: name the source in the source column\n\
         kg: error: bad.csv:5:1: validity range ends (2016-05) before it starts (2016-06)\n\
         kg: hint: swap valid_from and valid_to\n\
         kg: error: bad.csv:5:1: evidence_date '2016-13' is not a date: '2016-13' has no month 13\n\
         kg: hint: write YYYY, YYYY-MM or YYYY-MM-DD\n\
         kg: 6 problems found in g.json, bad.csv\n",
    );
    // An edge list's `source` is still its head.
    dir.create("edges.csv", "source,target,rel\na,b,r\n");
    dir.command()
        .args(["check", "edges.csv"])
        .run()
        .success()
        .stdout_is("ok: edges.csv: 2 entities, 1 relations\n");
}

/// The scenario of issue 13 through kg query: the same ops a pipeline sends.
#[test]
fn the_same_graph_is_built_through_json_lines() {
    let dir = crate::util::TestDir::new("evidence-jsonl");
    dir.create("sochi.txt", SOCHI);
    dir.create("tass.txt", "Putin and Abe met in Sochi on Friday.");
    let init = dir
        .command()
        .arg("query")
        .run_with_stdin(r#"{"id":1,"op":"init","file":"g.json","schema":"news"}"#);
    init.success().stdout_has(r#""ok":true"#);
    let requests = r#"{"id":1,"op":"stats"}
{"id":2,"op":"add_source","source":"kyodo-2016-05-06","publisher":"Kyodo News","date":"2016-05-06","kind":"article","text":"sochi.txt"}
{"id":3,"op":"add_source","source":"tass-2016-05-06","publisher":"TASS","date":"2016-05-06","text":"tass.txt"}
{"id":4,"op":"use","what":"source","value":"kyodo-2016-05-06"}
{"id":5,"op":"add_entity","name":"Shinzo Abe","type":"person","alias":["Abe"]}
{"id":6,"op":"add_entity","name":"Vladimir Putin","type":"person","alias":["Putin"]}
{"id":7,"op":"add_relation","from":"Abe","type":"meets","to":"Putin","quote":"Shinzo Abe met Russian President Vladimir Putin"}
{"id":8,"op":"add_relation","from":"Abe","type":"meets","to":"Putin","source":"tass-2016-05-06","quote":"Putin and Abe met in Sochi"}
{"id":9,"op":"add_relation","from":"Abe","type":"meets","to":"Putin","quote":"Abe met with Putin in Sochi"}
{"id":10,"op":"save"}
{"id":11,"op":"sources"}
"#;
    let out = dir
        .command()
        .args(["--graph", "g.json", "query"])
        .run_with_stdin(requests);
    let answers: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), 11, "{}", out.report());
    for a in &answers {
        let ok = a["id"] != 9;
        assert_eq!(a["ok"], ok, "{a}");
    }
    assert_eq!(
        answers[7]["result"]["message"],
        "corroborated Shinzo Abe —meets→ Vladimir Putin: now 2 evidence items, from 2 sources"
    );
    assert_eq!(
        answers[8]["error"]["message"],
        "line 9: the quote is not in the text of source 'kyodo-2016-05-06'"
    );
    let sources = answers[10]["result"]["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 2);
    assert!(sources.iter().all(|s| s["relations"] == 1), "{sources:?}");
    dir.command()
        .args(["--graph", "g.json", "check", "--strict"])
        .run()
        .success();
}

#[test]
fn add_evidence_by_the_number_show_gives() {
    let dir = seeded("evidence-number");
    let show = dir
        .command()
        .args(["--graph", "g.json", "show", "Lavrov", "--format", "json"])
        .run();
    let v: Value = show.json();
    let rel = v["relations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["type"] == "foreign_minister_of")
        .unwrap();
    let n = rel["number"].as_u64().unwrap();
    let text = dir
        .command()
        .args(["--graph", "g.json", "show", "Lavrov"])
        .run();
    text.success().stdout_has(&format!(
        "  → Russia (country)  [#{n}, 2 evidence items, 2 sources]\n"
    ));
    let out = dir.command().args(["--graph", "g.json"]).run_with_stdin(format!(
        "add evidence --relation {n} --source background\nadd evidence --relation 9999 --source background\nsave\n"
    ));
    out.stdout_has("corroborated Sergei Lavrov —foreign minister of→ Russia: now 3 evidence items, from 3 sources\n")
        .stderr_has("kg: error: line 2: there is no relation #9999\nkg: hint: show NAME gives each relation's number\n");
    let after = relations(&dir, "Lavrov");
    assert_eq!(
        evidence_of(&after, "Russia", "foreign_minister_of")[0].len(),
        3
    );
}
