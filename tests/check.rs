//! `kg check` reports every problem of a file in one run, each once: a record
//! with a wrong field is kept for the checks that refer to it (no "unknown
//! entity" where the entity's type was the mistake), and a structural mistake (an
//! unknown key, a wrong JSON type, a missing field) does not stop the other checks.
//! Loads stay all or nothing.

use proptest::prelude::*;
use serde_json::{json, Value};

use crate::util::{kg, read, TestDir};

/// The schema most cases share: people visit countries and meet each other.
const SCHEMA: &str = r#""schema": {
    "entity_types": [{"id": "person"}, {"id": "country"}],
    "relation_types": [
      {"id": "visits", "from": ["person"], "to": ["country"]},
      {"id": "meets", "from": ["person"], "to": ["person"], "symmetric": true}
    ]
  },
  "sources": [{"id": "news", "title": "News", "text": "Lavrov met Kishida in Tokyo."}]"#;

/// `kg check g.json` on `text`, run where the file is.
fn check(name: &str, text: &str) -> crate::util::Output {
    let dir = TestDir::new(name);
    dir.create("g.json", text);
    dir.command().args(["check", "g.json"]).run()
}

#[test]
fn check_entity_of_unknown_type_referenced_by_three_relations_is_one_problem() {
    let text = format!(
        r#"{{
  "kg": 1,
  {SCHEMA},
  "entities": [
    {{"id": "lavrov", "name": "Sergei Lavrov", "type": "persn"}},
    {{"id": "kishida", "name": "Fumio Kishida", "type": "person"}},
    {{"id": "japan", "name": "Japan", "type": "country"}}
  ],
  "relations": [
    {{"from": "lavrov", "type": "visits", "to": "japan", "evidence": [{{"source": "news"}}]}},
    {{"from": "lavrov", "type": "meets", "to": "kishida", "evidence": [{{"source": "news"}}]}},
    {{"from": "kishida", "type": "meets", "to": "lavrov", "evidence": [{{"source": "news"}}]}}
  ]
}}
"#
    );
    check("unknown-type", &text)
        .failure()
        .stdout_is("")
        .stderr_is(
            "kg: error: g.json:12:55: entity type 'persn' is not in the schema\n\
             kg: hint: did you mean 'person'?\n\
             kg: 1 problem found in g.json\n",
        );
}

#[test]
fn check_unknown_field_in_the_first_entity_does_not_hide_four_later_problems() {
    let text = format!(
        r#"{{
  "kg": 1,
  {SCHEMA},
  "entities": [
    {{"id": "lavrov", "name": "Sergei Lavrov", "type": "person", "aliasses": ["Lavrov"]}},
    {{"id": "kishida", "name": "Fumio Kishida", "type": "person"}},
    {{"id": "japan", "name": "Japan", "type": "country"}}
  ],
  "relations": [
    {{"from": "lavrov", "type": "visits", "to": "japn"}},
    {{"from": "lavrov", "type": "meet", "to": "kishida"}},
    {{"from": "lavrov", "type": "meets", "to": "kishida", "valid": "April 2016"}},
    {{"from": "lavrov", "type": "visits", "to": "japan", "evidence": [{{"source": "newz"}}]}}
  ]
}}
"#
    );
    check("unknown-field-first", &text)
        .failure()
        .stdout_is("")
        .stderr_is(
            "kg: error: g.json:12:65: unknown field 'aliasses' in an entity\n\
             kg: hint: did you mean 'aliases'?\n\
             kg: error: g.json:17:48: unknown entity 'japn'\n\
             kg: hint: did you mean 'Japan'?\n\
             kg: error: g.json:18:32: relation type 'meet' is not in the schema\n\
             kg: hint: did you mean 'meets'?\n\
             kg: error: g.json:19:67: bad date: 'April 2016' is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD\n\
             kg: hint: write dates as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2016-03-14\n\
             kg: error: g.json:20:81: unknown source 'newz'\n\
             kg: hint: did you mean 'news'?\n\
             kg: 5 problems found in g.json\n",
        );
}

#[test]
fn check_relation_of_unknown_type_citing_an_unknown_source_reports_both() {
    let text = format!(
        r#"{{
  "kg": 1,
  {SCHEMA},
  "entities": [
    {{"id": "lavrov", "name": "Sergei Lavrov", "type": "person"}},
    {{"id": "japan", "name": "Japan", "type": "country"}}
  ],
  "relations": [
    {{"from": "lavrov", "type": "vists", "to": "japan", "evidence": [{{"source": "newz"}}]}}
  ]
}}
"#
    );
    check("unknown-type-and-source", &text).failure().stderr_is(
        "kg: error: g.json:16:32: relation type 'vists' is not in the schema\n\
             kg: hint: did you mean 'visits'?\n\
             kg: error: g.json:16:80: unknown source 'newz'\n\
             kg: hint: did you mean 'news'?\n\
             kg: 2 problems found in g.json\n",
    );
}

/// Each structural kind: an unknown top-level key, a misspelt key (read as the
/// field it resembles, so the type it holds is still checked: no second problem),
/// a string where a list belongs, a missing required field, a wrong JSON type, an
/// array in a record's place, a key given twice; and a semantic problem after them.
#[test]
fn check_reports_every_structural_problem_and_carries_on() {
    let text = format!(
        r#"{{
  "kg": 1,
  "notes": "draft",
  {SCHEMA},
  "entities": [
    {{"id": "lavrov", "name": "Sergei Lavrov", "tpye": "person"}},
    {{"id": "japan", "name": "Japan", "type": "country", "aliases": "Nippon"}},
    {{"name": "Nobody"}},
    {{"id": "kishida", "id": "fumio", "type": "person"}}
  ],
  "relations": [
    {{"from": "lavrov", "type": "visits", "to": "japan", "evidence": [{{"soruce": "news", "quote": "Lavrov met Kishida"}}]}},
    {{"from": "lavrov", "type": "visits", "evidence": [{{"source": "news"}}]}},
    {{"from": "lavrov", "type": "visits", "to": "japan", "confidence": "high"}},
    ["lavrov", "visits", "japan"],
    {{"from": "lavrov", "type": "meets", "to": "fumio", "valid": "2016-13"}}
  ]
}}
"#
    );
    check("structural", &text)
        .failure()
        .stdout_is("")
        .stderr_is(
            "kg: error: g.json:3:3: unknown field 'notes' in the file\n\
             kg: hint: the fields of the file are kg, schema, sources, entities, relations\n\
             kg: error: g.json:13:47: unknown field 'tpye' in an entity\n\
             kg: hint: did you mean 'type'?\n\
             kg: error: g.json:14:68: \"aliases\" of an entity must be a list of strings, got the string \"Nippon\"\n\
             kg: hint: see docs/format.md for the fields each record takes\n\
             kg: error: g.json:15:5: an entity has no \"id\"\n\
             kg: hint: see docs/format.md for the fields each record takes\n\
             kg: error: g.json:16:23: an entity gives \"id\" twice\n\
             kg: hint: keep one of them; the other checks read the last\n\
             kg: error: g.json:19:71: unknown field 'soruce' in evidence\n\
             kg: hint: did you mean 'source'?\n\
             kg: error: g.json:20:5: a relation has no \"to\"\n\
             kg: hint: see docs/format.md for the fields each record takes\n\
             kg: error: g.json:21:71: \"confidence\" of a relation must be a number, got the string \"high\"\n\
             kg: hint: see docs/format.md for the fields each record takes\n\
             kg: error: g.json:22:5: a relation must be an object, got an array\n\
             kg: hint: see docs/format.md for the fields each record takes\n\
             kg: error: g.json:23:65: bad date: '2016-13' has no month 13\n\
             kg: hint: write dates as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2016-03-14\n\
             kg: 10 problems found in g.json\n",
        );
}

/// `--format json` lists the same problems, each with its position.
#[test]
fn check_json_lists_every_problem_after_a_structural_one() {
    let text = format!(
        r#"{{
  "kg": 1,
  {SCHEMA},
  "entities": [
    {{"id": "lavrov", "name": "Sergei Lavrov", "type": "person", "colour": "red"}},
    {{"id": "japan", "name": "Japan", "type": "country"}}
  ],
  "relations": [
    {{"from": "lavrov", "type": "visits", "to": "japn"}},
    {{"from": "lavrov", "type": "visits", "to": "japan", "confidence": 2}}
  ]
}}
"#
    );
    let dir = TestDir::new("structural-json");
    dir.create("g.json", &text);
    let out = dir
        .command()
        .args(["check", "--format", "json", "g.json"])
        .run();
    out.failure().stderr_is("");
    let report: Value = out.json();
    assert_eq!(report["ok"], false);
    let problems: Vec<(u64, u64, &str)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            assert_eq!(p["file"], "g.json");
            (
                p["line"].as_u64().unwrap(),
                p["column"].as_u64().unwrap(),
                p["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            (12, 65, "unknown field 'colour' in an entity"),
            (16, 48, "unknown entity 'japn'"),
            (17, 71, "confidence 2 is outside 0..1"),
        ]
    );
}

/// A syntax error stops its file and says so; the other files are checked,
/// without reporting references that may point into the unreadable one.
#[test]
fn check_syntax_error_says_the_file_was_not_checked() {
    let dir = TestDir::new("syntax");
    dir.create(
        "bad.json",
        "{\"kg\": 1, \"entities\": [{\"id\": \"japan\"} {\"id\": \"russia\"}]}\n",
    );
    dir.create(
        "facts.json",
        r#"{"kg": 1, "schema": {"relation_types": [{"id": "borders"}]},
 "entities": [{"id": "china"}],
 "relations": [{"from": "china", "type": "borders", "to": "russia", "confidence": 7}]}
"#,
    );
    dir.command()
        .args(["check", "bad.json"])
        .run()
        .failure()
        .stderr_is(
            "kg: error: bad.json:1:40: malformed JSON: expected `,` or `]`\n\
             kg: hint: check for a missing comma, quote or bracket just before this point (no record of this file was checked)\n\
             kg: 1 problem found in bad.json\n",
        );
    dir.command()
        .args(["check", "bad.json", "facts.json"])
        .run()
        .failure()
        .stderr_is(
            "kg: error: bad.json:1:40: malformed JSON: expected `,` or `]`\n\
             kg: hint: check for a missing comma, quote or bracket just before this point (no record of this file was checked); the other files were checked without references into it\n\
             kg: error: facts.json:3:83: confidence 7 is outside 0..1\n\
             kg: hint: write a confidence between 0 (none) and 1 (certain)\n\
             kg: 2 problems found in bad.json, facts.json\n",
        );
}

/// A list of records of the wrong JSON type is one problem: the references
/// into it are not each reported as unknown; those into other lists still are.
#[test]
fn check_unreadable_list_of_entities_is_one_problem() {
    check(
        "unreadable-list",
        r#"{"kg": 1, "schema": {"relation_types": [{"id": "borders"}]},
 "entities": {"id": "china"},
 "sources": [{"id": "atlas"}],
 "relations": [{"from": "china", "type": "borders", "to": "russia", "evidence": [{"source": "atlas2"}]}]}
"#,
    )
    .failure()
    .stderr_is(
        "kg: error: g.json:2:14: \"entities\" of the file must be a list of records, got an object\n\
         kg: hint: see docs/format.md for the fields each record takes\n\
         kg: error: g.json:4:93: unknown source 'atlas2'\n\
         kg: hint: did you mean 'atlas'?\n\
         kg: 2 problems found in g.json\n",
    );
}

/// An entity record left out (no id, an id taken) keeps its names: relations
/// naming it by them are not reported again; a reference to no record still is.
#[test]
fn check_entity_left_out_is_not_reported_again_where_it_is_named() {
    check(
        "left-out",
        r#"{"kg": 1, "schema": {"relation_types": [{"id": "borders"}]},
 "entities": [{"name": "China"}, {"id": "russia", "name": "Russia"}, {"id": "russia", "name": "Rossiya"}, {"id": "japan"}],
 "relations": [{"from": "China", "type": "borders", "to": "Rossiya"}, {"from": "japan", "type": "borders", "to": "korea"}]}
"#,
    )
    .failure()
    .stderr_is(
        "kg: error: g.json:2:15: an entity has no \"id\"\n\
         kg: hint: see docs/format.md for the fields each record takes\n\
         kg: error: g.json:2:77: duplicate entity id 'russia' (first defined at g.json:2)\n\
         kg: hint: give each entity its own id, or merge the two records\n\
         kg: error: g.json:3:114: unknown entity 'korea'\n\
         kg: hint: define it under \"entities\", or fix the reference\n\
         kg: 3 problems found in g.json\n",
    );
}

/// A load is still all or nothing: what `check` reports past a structural
/// mistake does not let the rest of the file be loaded.
#[test]
fn load_refuses_a_file_with_a_structural_mistake() {
    let dir = TestDir::new("structural-load");
    dir.create(
        "g.json",
        r#"{"kg": 1, "entities": [{"id": "japan", "name": "Japan", "colour": "red"}, {"id": "russia"}]}"#,
    );
    dir.command()
        .args(["stats", "--graph", "g.json"])
        .run()
        .failure()
        .stdout_is("")
        .stderr_is(
            "kg: error: g.json:1:57: unknown field 'colour' in an entity\n\
             kg: hint: the fields of an entity are id, name, type, aliases, attributes\n",
        );
}

/// One mistake of a kind that yields exactly one problem, wherever it is put.
#[derive(Debug, Clone, Copy)]
enum Mistake {
    EntityTypeUnknown,
    EntityUnknownKey,
    EntityMisspeltName,
    RelationTypeUnknown,
    RelationConfidenceString,
    RelationBadDate,
    RelationMisspeltSource,
    RelationIsArray,
    RelationUnknownEnd,
    RelationMissingTo,
    SourceBadDate,
    TopUnknownKey,
}

const MISTAKES: [Mistake; 12] = [
    Mistake::EntityTypeUnknown,
    Mistake::EntityUnknownKey,
    Mistake::EntityMisspeltName,
    Mistake::RelationTypeUnknown,
    Mistake::RelationConfidenceString,
    Mistake::RelationBadDate,
    Mistake::RelationMisspeltSource,
    Mistake::RelationIsArray,
    Mistake::RelationUnknownEnd,
    Mistake::RelationMissingTo,
    Mistake::SourceBadDate,
    Mistake::TopUnknownKey,
];

/// Renames `from` to `to` in `object`, keeping its place among the keys.
fn rename(object: &mut Value, from: &str, to: &str) -> bool {
    let Some(map) = object.as_object_mut() else {
        return false;
    };
    if !map.contains_key(from) {
        return false;
    }
    let old = std::mem::take(map);
    for (k, v) in old {
        map.insert(if k == from { to.to_string() } else { k }, v);
    }
    true
}

/// Puts `mistake` into record `pick` (modulo) of its section, unless that record
/// took one already or cannot take this one; whether it was put.
fn inject(
    g: &mut Value,
    used: &mut std::collections::BTreeSet<(&'static str, usize)>,
    mistake: Mistake,
    pick: usize,
) -> bool {
    let section = match mistake {
        Mistake::EntityTypeUnknown | Mistake::EntityUnknownKey | Mistake::EntityMisspeltName => {
            "entities"
        }
        Mistake::SourceBadDate => "sources",
        Mistake::TopUnknownKey => "",
        _ => "relations",
    };
    if section.is_empty() {
        return used.insert(("", 0))
            && g.as_object_mut()
                .unwrap()
                .insert("notes".into(), json!("a draft"))
                .is_none();
    }
    let records = g[section].as_array_mut().unwrap();
    let i = pick % records.len();
    if used.contains(&(section, i)) {
        return false;
    }
    let r = &mut records[i];
    let done = match mistake {
        Mistake::EntityTypeUnknown => {
            r["type"] = json!("no_such_type");
            true
        }
        Mistake::EntityUnknownKey => {
            r["colour"] = json!("red");
            true
        }
        Mistake::EntityMisspeltName => rename(r, "name", "nmae"),
        Mistake::RelationTypeUnknown => {
            r["type"] = json!("no_such_relation");
            true
        }
        Mistake::RelationConfidenceString => {
            r["confidence"] = json!("high");
            true
        }
        Mistake::RelationBadDate => {
            r["valid"] = json!("2016-13");
            true
        }
        Mistake::RelationMisspeltSource => {
            let ev = &mut r["evidence"];
            ev.as_array().is_some_and(|e| !e.is_empty()) && rename(&mut ev[0], "source", "soruce")
        }
        Mistake::RelationIsArray => {
            *r = json!(["a", "relation", "as a list"]);
            true
        }
        Mistake::RelationUnknownEnd => {
            r["to"] = json!("nobody_of_that_name");
            true
        }
        Mistake::RelationMissingTo => r.as_object_mut().unwrap().remove("to").is_some(),
        Mistake::SourceBadDate => {
            r["date"] = json!("2016-02-30");
            true
        }
        Mistake::TopUnknownKey => unreachable!("handled above"),
    };
    if done {
        used.insert((section, i));
    }
    done
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// The seed graph with N independent mistakes in random places: `kg check`
    /// reports exactly N problems, each once.
    #[test]
    fn check_reports_exactly_the_mistakes_injected_into_the_seed(
        picks in prop::collection::vec((0..MISTAKES.len(), 0usize..1000), 1..=8)
    ) {
        let mut g: Value = serde_json::from_str(&read("graphs/russia-japan-2016.json")).unwrap();
        let mut used = std::collections::BTreeSet::new();
        let mut injected = Vec::new();
        for (m, pick) in picks {
            if inject(&mut g, &mut used, MISTAKES[m], pick) {
                injected.push(MISTAKES[m]);
            }
        }
        prop_assume!(!injected.is_empty());
        let dir = TestDir::new("injected");
        dir.create("g.json", serde_json::to_string_pretty(&g).unwrap());
        let out = dir.command().args(["check", "g.json"]).run();
        let errors = out.stderr.lines().filter(|l| l.starts_with("kg: error: g.json:")).count();
        let n = injected.len();
        let summary = format!(
            "kg: {n} problem{} found in g.json\n",
            if n == 1 { "" } else { "s" }
        );
        prop_assert!(
            out.code == Some(1) && errors == n && out.stderr.ends_with(&summary),
            "injected {injected:?}, {errors} errors reported\n{}",
            out.report()
        );
    }
}

#[test]
fn check_of_the_seed_itself_is_clean() {
    // The property above counts problems on top of a seed that has none.
    kg(["check", "graphs/russia-japan-2016.json"])
        .success()
        .stderr_is("");
}
