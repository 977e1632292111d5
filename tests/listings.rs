//! Listings by type (issue 16, item 1): `entities --type person` and `relations
//! --type visits`, bounded by `--limit` as `show` is, the same in every front
//! end, paged on a terminal, their `--type` values completed by Tab.
//!
//! The oracles are the files themselves, read here: the seed graph's JSON for
//! counts by type, ICEWS14's raw quadruples for the events of a CAMEO code.
// See: #16

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;

use serde_json::Value;

use crate::datasets::dataset;
use crate::util::{kg, read, root, Pty, TestCommand, TestDir};

/// The seed graph as written: `(entities by type, relations by type)`, each
/// type with the ids (entities) or the count (relations) of its members.
fn seed() -> (BTreeMap<String, Vec<String>>, BTreeMap<String, usize>) {
    let v: Value = serde_json::from_str(&read("graphs/russia-japan-2016.json")).unwrap();
    let mut entities: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in v["entities"].as_array().unwrap() {
        entities
            .entry(e["type"].as_str().unwrap().to_string())
            .or_default()
            .push(e["id"].as_str().unwrap().to_string());
    }
    let mut relations: BTreeMap<String, usize> = BTreeMap::new();
    for r in v["relations"].as_array().unwrap() {
        *relations
            .entry(r["type"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    (entities, relations)
}

#[test]
fn listings_seed_counts_by_type_agree_with_the_file_and_stats() {
    let (entities, relations) = seed();
    let stats: Value = kg(["stats", "--format", "json"]).success().json();
    for (kind, ids) in &entities {
        let a: Value = kg(["entities", "--type", kind, "--format", "json"])
            .success()
            .json();
        assert_eq!(a["total"], ids.len(), "{kind}: {a}");
        assert_eq!(a["truncated"], false);
        let mut listed: Vec<String> = a["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect();
        listed.sort();
        let mut expected = ids.clone();
        expected.sort();
        assert_eq!(listed, expected, "{kind}");
        let counted = stats["entity_types"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["type"] == kind.as_str())
            .unwrap_or_else(|| panic!("stats lists no {kind}"));
        assert_eq!(counted["count"], ids.len(), "{kind}");
    }
    let all: Value = kg(["entities", "--format", "json"]).success().json();
    let n: usize = entities.values().map(Vec::len).sum();
    assert_eq!(
        (all["total"].as_u64(), stats["entities"].as_u64()),
        (Some(n as u64), Some(n as u64))
    );
    for (kind, count) in &relations {
        let a: Value = kg(["relations", "--type", kind, "--format", "json"])
            .success()
            .json();
        assert_eq!(a["total"], *count, "{kind}: {a}");
        assert_eq!(a["types"], serde_json::json!([kind]));
        assert!(a["relations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["type"] == kind.as_str()));
    }
    let all: Value = kg(["relations", "--format", "json", "--limit", "1000"])
        .success()
        .json();
    assert_eq!(all["total"], relations.values().sum::<usize>());
}

#[test]
fn listings_entities_text_is_a_table_by_name_cut_at_the_limit() {
    kg(["entities", "--type", "Country", "--limit", "2"])
        .success()
        .stderr_is("")
        .stdout_is(
            "\
showing 2 of 5 entities of type country

  name   id     type     relations  aliases
  China  china  country          1  PRC, People's Republic of China
  Japan  japan  country         11  Nippon

(truncated: more than 2 entities; the first 2 by name are shown; raise --limit to see more)
",
        );
    // Type ids match as names do; a prefix matches names and aliases.
    kg(["entities", "--type", "news agency", "ria"])
        .success()
        .stdout_has("1 entity of type news_agency beginning with 'ria'")
        .stdout_has("  RIA Novosti  ria_novosti  news_agency          4  RIA, RIA-Novosti\n");
    kg(["entities", "nippon"])
        .success()
        .stdout_has("  Japan  japan");
}

#[test]
fn listings_relations_text_reads_most_recent_first() {
    kg(["relations", "--type", "visits"])
        .success()
        .stderr_is("")
        .stdout_has(
            "\
3 relations of type visits

  2016     Shinzo Abe —visits→ Russia  (#5, confidence 0.8, 2 evidence items, first blog-2016-03-14)
  2016-04  Sergei Lavrov —visits→ Japan  (#3, confidence 0.9, 1 evidence item, blog-2016-03-14)
  2016-04  Sergei Lavrov —visits→ Tokyo  (#4, confidence 0.9, 3 evidence items, first blog-2016-03-14)

sources
",
        );
    kg(["relations", "--type", "claims,visits", "--limit", "2"])
        .success()
        .stdout_has("showing 2 of 5 relations of types visits, claims\n")
        .stdout_has(
            "(truncated: more than 2 relations; the 2 most recent are shown; raise --limit to see more)",
        );
    // The date filters of path.
    let dated: Value = kg([
        "relations",
        "--at",
        "2016-04",
        "--strict-dates",
        "--format",
        "json",
    ])
    .success()
    .json();
    assert_eq!(
        dated["filters"],
        serde_json::json!(["at 2016-04", "strict_dates"])
    );
    assert!(dated["relations"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["valid"].is_string()));
}

#[test]
fn listings_unknown_types_are_named_with_the_closest() {
    kg(["entities", "--type", "persn"])
        .code(1)
        .stdout_is("")
        .stderr_is(
            "kg: error: unknown entity type 'persn'; the types are city, country, news_agency, \
         organisation, person, territory\nkg: hint: did you mean 'person'?\n",
        );
    kg(["relations", "--type", "visitz"])
        .code(1)
        .stderr_has("kg: error: unknown relation type 'visitz'")
        .stderr_has("'visits'");
    let out = TestCommand::new()
        .args(["query"])
        .run_with_stdin("{\"op\": \"entities\", \"type\": \"persn\"}\n");
    let v: Value = serde_json::from_str(out.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["error"]["suggestions"], serde_json::json!(["person"]));
}

#[test]
fn listings_untyped_graphs_list_entities_and_refuse_a_type() {
    let dir = TestDir::new("listings-untyped");
    dir.create("t.tsv", "a\tlinks\tb\nb\tlinks\tc\n");
    dir.command()
        .args(["--graph", "t.tsv", "entities"])
        .run()
        .success()
        .stdout_is(
            "\
3 entities

  name  id  relations
  a     a           1
  b     b           2
  c     c           1
",
        );
    dir.command()
        .args(["--graph", "t.tsv", "entities", "--type", "person"])
        .run()
        .code(1)
        .stderr_has("this graph has no entity types (its entities are untyped)");
}

#[test]
fn listings_limit_0_is_refused_plainly() {
    for command in ["entities", "relations"] {
        kg([command, "--limit", "0"])
            .code(2)
            .stdout_is("")
            .stderr_has("invalid value '0' for '--limit <N>': must be a whole number ≥ 1, got 0");
    }
    let out = TestCommand::new()
        .args(["query"])
        .run_with_stdin("{\"op\": \"relations\", \"limit\": 0}\n");
    let v: Value = serde_json::from_str(out.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(v["ok"], false, "{v}");
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("'limit' must be a whole number ≥ 1, got 0"));
}

/// The days since 2014-01-01 as a date of 2014 (ICEWS14's hours / 24).
fn day_of_2014(mut days: usize) -> String {
    let months = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    for (m, len) in months.iter().enumerate() {
        if days < *len {
            return format!("2014-{:02}-{:02}", m + 1, days + 1);
        }
        days -= len;
    }
    panic!("a day past 2014")
}

/// CAMEO 042 is "Make a visit" (the CAMEO codebook); its events, and the latest
/// day among them, counted from ICEWS14's raw quadruples.
#[test]
fn listings_icews14_cameo_042_total_is_the_count_of_the_raw_files() {
    let dir = dataset("icews14");
    let ids = read(format!("{dir}/relation2id.txt"));
    let visit = ids
        .lines()
        .find_map(|l| l.strip_prefix("Make a visit\t"))
        .expect("relation2id.txt names 'Make a visit'")
        .trim()
        .to_string();
    let (mut count, mut last) = (0usize, 0usize);
    for split in ["train", "valid", "test"] {
        for line in read(format!("{dir}/{split}.txt")).lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols[1] == visit {
                count += 1;
                last = last.max(cols[3].parse::<usize>().unwrap() / 24);
            }
        }
    }
    assert!(count > 1000, "{count}");
    let args = |json: bool| {
        let mut a = vec![
            "--graph",
            dir.as_str(),
            "--epoch",
            "2014-01-01",
            "relations",
            "--type",
            "cameo:042",
            "--limit",
            "5",
        ];
        if json {
            a.extend(["--format", "json"]);
        }
        a.into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    let text = kg(args(false));
    text.success();
    let thousands = {
        let d = count.to_string();
        let mut out = String::new();
        for (i, c) in d.chars().enumerate() {
            if i > 0 && (d.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    assert_eq!(
        text.stdout.lines().next(),
        Some(format!("showing 5 of {thousands} relations of type Make a visit").as_str()),
        "{}",
        text.report()
    );
    text.stdout_has(
        "(truncated: more than 5 relations; the 5 most recent are shown; raise --limit to see more)",
    );
    let v: Value = kg(args(true)).success().json();
    assert_eq!(v["total"], count);
    assert_eq!(
        (v["limit"].as_u64(), v["truncated"].as_bool()),
        (Some(5), Some(true))
    );
    assert_eq!(v["bound"], "limit");
    let days: Vec<&str> = v["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["valid"].as_str().unwrap())
        .collect();
    assert_eq!(days.len(), 5);
    assert_eq!(days[0], day_of_2014(last), "the most recent come first");
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");
}

/// The rows of a text listing: the name column of `entities`, the `#N` of `relations`.
fn text_rows(text: &str, command: &str) -> Vec<String> {
    let body = text.split("\n\n").nth(1).unwrap_or("");
    match command {
        "entities" => body
            .lines()
            .skip(1)
            .map(|l| l.trim_start().split("  ").next().unwrap().to_string())
            .collect(),
        _ => body
            .lines()
            .map(|l| {
                let n = l.split("(#").nth(1).unwrap();
                format!("#{}", n.split([',', ')']).next().unwrap())
            })
            .collect(),
    }
}

/// The rows of a JSON listing, written as [`text_rows`] reads them.
fn json_rows(v: &Value, command: &str) -> Vec<String> {
    match command {
        "entities" => v["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap().to_string())
            .collect(),
        _ => v["relations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| format!("#{}", r["number"]))
            .collect(),
    }
}

#[test]
fn listings_give_the_same_rows_in_every_front_end() {
    let cases: [(&str, &[&str]); 4] = [
        ("entities", &["entities", "--limit", "5"]),
        ("entities", &["entities", "--type", "person"]),
        ("relations", &["relations", "--limit", "4"]),
        (
            "relations",
            &["relations", "--type", "claims,visits", "--type", "based_in"],
        ),
    ];
    for (command, words) in cases {
        let cli = kg(words.iter().copied());
        cli.success();
        let mut line = words.join(" ");
        line.push('\n');
        let repl = TestCommand::new().run_with_stdin(line);
        repl.success();
        assert_eq!(repl.stdout, cli.stdout, "{words:?}");
        let mut request = serde_json::Map::new();
        request.insert("op".into(), Value::String(command.into()));
        let mut rest = words[1..].iter();
        while let Some(w) = rest.next() {
            let field = w.trim_start_matches("--").to_string();
            let word = rest.next().unwrap().to_string();
            // A number is sent as a JSON number, as the schema says.
            let value = word
                .parse::<u64>()
                .map_or_else(|_| Value::String(word.clone()), Value::from);
            match request.get_mut(&field) {
                Some(Value::Array(items)) => items.push(value),
                Some(one) => *one = Value::Array(vec![one.clone(), value]),
                None => {
                    request.insert(field, value);
                }
            }
        }
        let out = TestCommand::new()
            .args(["query"])
            .run_with_stdin(format!("{}\n", Value::Object(request)));
        out.success();
        let answer: Value = serde_json::from_str(out.stdout.lines().next().unwrap()).unwrap();
        assert_eq!(answer["ok"], true, "{answer}");
        let rows = json_rows(&answer["result"], command);
        assert!(!rows.is_empty());
        assert_eq!(
            text_rows(&cli.stdout, command),
            rows,
            "{words:?}\n{}",
            cli.stdout
        );
        let flagged: Value = kg(words.iter().copied().chain(["--format", "json"])).json();
        assert_eq!(flagged, answer["result"], "{words:?}");
    }
}

#[test]
fn listings_draw_and_export_as_subgraphs() {
    kg(["relations", "--type", "visits", "--format", "dot"])
        .success()
        .stdout_has("label=\"Relations of type visits\"")
        .stdout_has("\"sergei_lavrov\" -> \"tokyo\"");
    kg(["entities", "--type", "person", "--format", "graphml"])
        .success()
        .stdout_has("shinzo_abe");
}

/// On a terminal, `entities` of FB15k-237 (14,541 of them, 100 shown) goes
/// through `$PAGER`; here a script that records what it is given.
#[test]
fn listings_a_long_listing_pages_on_a_terminal() {
    let dir = TestDir::new("listings-pager");
    let script = dir.create(
        "record.sh",
        format!("#!/bin/sh\ncat > '{}/paged.txt'\n", dir.path.display()),
    );
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let fb15k = root().join(dataset("fb15k-237"));
    let fb15k = fb15k.to_str().unwrap();
    let mut pty = Pty::spawn(
        &dir.path,
        &[("PAGER", Some(&script))],
        &["--graph", fb15k, "entities"],
    );
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
    let paged = std::fs::read_to_string(dir.path.join("paged.txt")).expect("the pager ran");
    assert!(
        paged.starts_with("showing 100 of 14,541 entities\n"),
        "{paged}"
    );
    assert_eq!(paged.lines().filter(|l| l.contains("/m/")).count(), 100);
    assert!(
        paged.trim_end().ends_with("raise --limit to see more)"),
        "{paged}"
    );
}

/// `--type` completes entity types for `entities` and relation types for `relations`.
#[test]
fn listings_tab_completes_the_types_of_each_listing() {
    let dir = TestDir::new("listings-complete");
    let mut pty = Pty::spawn(&dir.path, &[], &[]);
    pty.prompt();
    pty.keys("entities --type pers\t");
    pty.wait_line("kg built-in> entities --type person");
    let shown = pty.ask("");
    assert!(shown.contains("3 entities of type person"), "{shown}");
    pty.keys("relations --type vis\t");
    pty.wait_line("kg built-in> relations --type visits");
    let shown = pty.ask("");
    assert!(shown.contains("3 relations of type visits"), "{shown}");
    pty.ctrl('d');
    assert_eq!(pty.exit_status(), 0, "{}", pty.report());
}
