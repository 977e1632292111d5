//! How answers name things (issue 15, item 4, and `--direction` headings of
//! item 5): relations read the right way round, dataset names as written, no
//! placeholder types, `stats` within 100 columns, descriptions that tell
//! entities of one name apart.
// See: #15

use serde_json::Value;

use crate::datasets::dataset;
use crate::util::{kg, TestDir};

const LAVROV: &str = "Sergey Viktorovich Lavrov";

/// `kg --graph ICEWS14 ARGS`. Enumerations here pass `--timeout 60s`: the default
/// 1 s cuts them short on a machine busy with the rest of the suite.
fn icews14(args: &[&str]) -> crate::util::Output {
    let dir = dataset("icews14");
    let mut all = vec!["--graph", &dir, "--epoch", "2014-01-01"];
    all.extend_from_slice(args);
    kg(all)
}

fn fb15k(args: &[&str]) -> crate::util::Output {
    let dir = dataset("fb15k-237");
    let mut all = vec!["--graph", dir.as_str()];
    all.extend_from_slice(args);
    kg(all)
}

/// Japan —courts_for_cooperation— is stored Russia → Japan: going out of Japan,
/// Russia is reached by the relations Japan holds, never by that one.
#[test]
fn labels_direction_out_headings_name_only_outgoing_relations() {
    kg(["neighbours", "Japan", "--direction", "out"])
        .success()
        .stderr_is("")
        .stdout_is(
            "\
Japan: 2 entities within 1 hop
filters: --direction out

distance 1 (2)
  claims
    Kuril Islands (territory)
  diplomatic relations with
    Russia (country)  (also negotiates with, trades with)
",
        );
}

#[test]
fn labels_direction_in_headings_name_only_incoming_relations() {
    let out = kg(["neighbours", "Japan", "--direction", "in"]);
    out.success()
        .stderr_is("")
        .stdout_has(
            "  courted for cooperation by\n    Russia (country)  \
             (also diplomatic relations with, negotiates with, trades with)\n",
        )
        .stdout_has("  visited by\n    Sergei Lavrov (person)\n");
    // Japan claims the Kurils: not a heading of an inward walk, which cannot reach them.
    assert!(
        !out.stdout.contains("claims") && !out.stdout.contains("Kuril"),
        "{}",
        out.report()
    );
}

/// ICEWS types have no inverse label: backwards they read from the other end,
/// never as "Host a visit (inverse)" (which says Lavrov hosted).
#[test]
fn labels_icews_relations_read_backwards_from_the_other_end() {
    let out = icews14(&["neighbours", LAVROV, "--timeout", "60s"]);
    out.success()
        // Al-Sisi hosted Lavrov (stored Al-Sisi → Lavrov) and Lavrov visited him.
        .stdout_has("  ←Host a visit—\n    Abdel Fattah Al-Sisi  (also —Make a visit→)\n")
        // Lavrov consulted Kishida (stored Lavrov → Kishida only).
        .stdout_has(
            "    Fumio Kishida  (also —Discuss by telephone→, —Express intent to cooperate→)\n",
        );
    assert!(!out.stdout.contains("(inverse)"), "{}", out.report());
    // The JSON says the same: no made-up inverse, the type's own label.
    let v: Value = icews14(&["neighbours", LAVROV, "--timeout", "60s", "--format", "json"]).json();
    let edges = v["edges"].as_array().unwrap();
    assert!(edges.iter().all(|e| e.get("inverse").is_none()), "{v}");
    let sisi = edges
        .iter()
        .find(|e| {
            e["from"] == "Abdel Fattah Al-Sisi" && e["type"] == "Host a visit" && e["to"] == LAVROV
        })
        .expect("Al-Sisi hosts Lavrov in ICEWS14");
    assert_eq!(sisi["label"], "Host a visit");
}

/// `show` lists incoming dataset relations under `←TYPE—`, each with `←`.
#[test]
fn labels_show_reads_incoming_dataset_relations_from_the_other_end() {
    let out = icews14(&["show", LAVROV, "--limit", "2000"]);
    out.success()
        .stdout_has(&format!("{LAVROV} (id: {LAVROV})\n"))
        .stdout_has("\n←Host a visit— (")
        .stdout_has("\n  ← Abdel Fattah Al-Sisi  [#");
    assert!(!out.stdout.contains("(inverse)"), "{}", out.report());
    assert!(!out.stdout.contains("(entity)"), "{}", out.report());
}

/// A path walked against a dataset relation says so with its arrow.
#[test]
fn labels_path_never_prints_inverse_labels() {
    let out = icews14(&[
        "path",
        "Abdel Fattah Al-Sisi",
        LAVROV,
        "--all",
        "--timeout",
        "60s",
    ]);
    out.success();
    assert!(!out.stdout.contains("(inverse)"), "{}", out.report());
    let back = icews14(&[
        "path",
        LAVROV,
        "Abdel Fattah Al-Sisi",
        "--all",
        "--timeout",
        "60s",
    ]);
    // One hop of two relations: his visit, and Al-Sisi hosting him.
    back.success()
        .stdout_has("    ⇒ Abdel Fattah Al-Sisi  (2 relations, event 2014-08-12)\n")
        .stdout_has("        2014-08-12  ←Host a visit—\n")
        .stdout_has("        2014-08-12  —Make a visit→\n");
    assert!(!back.stdout.contains("(inverse)"), "{}", back.report());
}

/// FB15k-237's relation names are paths with underscores of their own.
#[test]
fn labels_fb15k_relation_names_are_shown_as_written() {
    // The country Georgia.
    let out = fb15k(&["neighbours", "/m/0d0kn", "--timeout", "60s"]);
    out.success()
        .stdout_has("  —/location/location/adjoin_s./location/adjoining_relationship/adjoins→\n")
        .stdout_has("Georgia: ");
    assert!(!out.stdout.contains("adjoin s."), "{}", out.report());
    assert!(!out.stdout.contains("(entity)"), "{}", out.report());
    // The seed graph's own snake_case types still read as words.
    kg(["neighbours", "Japan"])
        .success()
        .stdout_has("  has capital\n    Tokyo (city)\n");
}

/// Untyped entities print no type in text, and keep it in JSON.
#[test]
fn labels_untyped_entities_print_no_type() {
    let out = icews14(&["neighbours", LAVROV, "--timeout", "60s"]);
    out.success();
    assert!(!out.stdout.contains("(entity)"), "{}", out.report());
    let v: Value = icews14(&["neighbours", LAVROV, "--timeout", "60s", "--format", "json"]).json();
    assert_eq!(v["center"]["type"], "entity");
    assert_eq!(v["center"]["untyped"], true);
    // Declared types are printed, and their nodes carry no flag.
    let seed: Value = kg(["neighbours", "Japan", "--format", "json"]).json();
    assert_eq!(seed["center"]["type"], "country");
    assert!(seed["center"].get("untyped").is_none(), "{seed}");
}

/// Every line of FB15k-237's stats fits 100 columns, counts aligned on the right.
#[test]
fn labels_stats_fit_100_columns_on_fb15k() {
    let out = fb15k(&["stats"]);
    out.success().stderr_is("");
    let lines: Vec<&str> = out.stdout.lines().collect();
    for l in &lines {
        assert!(
            l.chars().count() <= 100,
            "{} columns: {l}\n{}",
            l.chars().count(),
            out.report()
        );
    }
    // The longest type names are cut in the middle, keeping both ends.
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("  /") && l.contains('…')),
        "{}",
        out.report()
    );
    // Counts of one table end in one column.
    let start = lines
        .iter()
        .position(|l| l.starts_with("relation types"))
        .unwrap();
    let rows: Vec<&&str> = lines[start + 1..]
        .iter()
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(rows.len(), 237);
    let ends: std::collections::BTreeSet<usize> = rows.iter().map(|l| l.chars().count()).collect();
    assert_eq!(ends.len(), 1, "{}", out.report());
    // No dates in an untimed graph, so no date range and no top entities.
    let v: Value = fb15k(&["stats", "--format", "json"]).json();
    assert!(
        v.get("dates").is_none() && v.get("top_entities").is_none(),
        "{v}"
    );
}

/// A temporal graph's stats say when its relations hold and where they gather.
#[test]
fn labels_stats_of_icews14_give_dates_and_top_entities() {
    let out = icews14(&["stats"]);
    out.success()
        .stdout_has("7128 entities, 90730 relations, 0 sources\nrelations hold from 2014-01-01 to 2014-12-31\n")
        .stdout_has("\nentities with most relations (10)\n  China                 6083\n  Iran                  4926\n");
    let v: Value = icews14(&["stats", "--format", "json"]).json();
    assert_eq!(v["dates"]["first"], "2014-01-01");
    assert_eq!(v["dates"]["last"], "2014-12-31");
    let top = v["top_entities"].as_array().unwrap();
    assert_eq!(top.len(), 10);
    assert_eq!(top[0]["name"], "China");
    assert_eq!(top[0]["degree"], 6083);
    let degrees: Vec<u64> = top.iter().map(|t| t["degree"].as_u64().unwrap()).collect();
    assert!(degrees.windows(2).all(|w| w[0] >= w[1]), "{degrees:?}");
}

/// FB15k-237's two Georgias are refused with their descriptions, and the id
/// picks one, whose `show` carries its description.
#[test]
fn labels_ambiguous_names_are_told_apart_by_description() {
    fb15k(&["show", "Georgia"]).code(1).stdout_is("").stderr_is(
        "kg: error: 'Georgia' names more than one entity\n\
         kg: hint: it could be 'Georgia (/m/0d0kn): country in Eastern Europe' or \
         'Georgia (/m/0d0x8): state of the United States of America'; use the id to choose\n",
    );
    fb15k(&["show", "/m/0d0x8"])
        .success()
        .stdout_has("Georgia (id: /m/0d0x8)\n")
        .stdout_has("\n  description: state of the United States of America\n");
    // JSON clients get the candidates with their descriptions too.
    let out = fb15k(&["show", "Georgia", "--format", "json"]);
    assert!(
        out.stdout.contains("country in Eastern Europe")
            || out.stderr.contains("country in Eastern Europe"),
        "{}",
        out.report()
    );
}

/// A dataset folder's `entity2wikidata.json` describes its entities; ids it
/// names that the triples do not are skipped, and a broken file is a located
/// problem, not a panic.
#[test]
fn labels_dataset_descriptions_load_and_bad_ones_are_located() {
    let dir = TestDir::new("labels-descriptions");
    for sub in ["ds", "bad"] {
        std::fs::create_dir_all(dir.path.join(sub)).unwrap();
    }
    dir.create("ds/train.txt", "/m/a\tborders\t/m/b\n/m/b\tborders\t/m/c\n");
    dir.create(
        "ds/FB15k_mid2name.txt",
        "/m/a\tGeorgia\n/m/b\tArmenia\n/m/c\tGeorgia\n",
    );
    dir.create(
        "ds/entity2wikidata.json",
        r#"{"/m/a": {"label": "Georgia", "description": "country in Eastern Europe"},
            "/m/c": {"description": "state of the United States of America", "wikidata_id": "Q1428"},
            "/m/zz": {"description": "not in the triples"},
            "/m/b": {"label": "Armenia"}}"#,
    );
    dir.command()
        .args(["--graph", "ds", "show", "Georgia"])
        .run()
        .code(1)
        .stderr_is(
            "kg: error: 'Georgia' names more than one entity\n\
             kg: hint: it could be 'Georgia (/m/a): country in Eastern Europe' or \
             'Georgia (/m/c): state of the United States of America'; use the id to choose\n",
        );
    let armenia = dir
        .command()
        .args(["--graph", "ds", "show", "Armenia"])
        .run();
    armenia.success();
    assert!(
        !armenia.stdout.contains("description"),
        "{}",
        armenia.report()
    );

    dir.create("bad/train.txt", "/m/a\tborders\t/m/b\n");
    dir.create(
        "bad/entity2wikidata.json",
        "{\"/m/a\": {\"description\": 7}}\n",
    );
    dir.command()
        .args(["--graph", "bad", "stats"])
        .run()
        .code(1)
        .stdout_is("")
        .stderr_has("bad/entity2wikidata.json:1:")
        .stderr_has("not an object of entity descriptions: invalid type: integer `7`");
}

/// A dataset's type names stay as written after an export to kg JSON, where
/// they become declared types, and a reload.
#[test]
fn labels_dataset_type_names_survive_export_to_kg_json() {
    let dir = TestDir::new("labels-export");
    dir.create(
        "t.tsv",
        "/m/a\t/location/adjoin_s./location/adjoins/adjoins\t/m/b\n/m/a\t_hypernym\t/m/c\n",
    );
    dir.command()
        .args(["--graph", "t.tsv", "export", "-o", "t.json"])
        .run()
        .success();
    let out = dir
        .command()
        .args(["--graph", "t.json", "neighbours", "/m/a"])
        .run();
    out.success().stdout_is(
        "\
/m/a: 2 entities within 1 hop

distance 1 (2)
  —/location/adjoin_s./location/adjoins/adjoins→
    /m/b
  —_hypernym→
    /m/c
",
    );
}
