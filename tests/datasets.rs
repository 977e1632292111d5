//! The public datasets in `../shared/data` load with the counts their READMEs give.
//!
//! The README figures are the oracle, copied here with the line they come from;
//! the loader must reproduce them, not the other way round. The data sit outside
//! the repository; when they are missing these tests fail, never skip.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use crate::util::{kg, root};

/// `../shared/data` (or `$KG_SHARED_DATA`, for a checkout with no `../shared`
/// beside it), or a failure that says what is missing.
fn data_dir() -> PathBuf {
    let dir = std::env::var_os("KG_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/data"));
    assert!(
        dir.is_dir(),
        "the dataset tests need the shared data sets at {} (fb15k-237, icews14, ...), \
         but that folder does not exist; check out ../shared next to this repository",
        dir.display()
    );
    dir
}

/// The dataset folder `name`, as a path relative to the repository root (or
/// under `$KG_SHARED_DATA`).
pub fn dataset(name: &str) -> String {
    let dir = data_dir().join(name);
    assert!(
        dir.is_dir(),
        "dataset folder {} is missing from the shared data",
        dir.display()
    );
    match std::env::var_os("KG_SHARED_DATA") {
        Some(_) => dir.display().to_string(),
        None => format!("../shared/data/{name}"),
    }
}

#[derive(Debug, Deserialize)]
struct Stats {
    entities: usize,
    relations: usize,
    relation_types: Vec<TypeCount>,
}

#[derive(Debug, Deserialize)]
struct TypeCount {
    count: usize,
}

/// Loads dataset `name` and checks its counts; `relation_types` is `None` where the
/// README gives none for the files loaded.
fn assert_counts(name: &str, entities: usize, relations: usize, relation_types: Option<usize>) {
    let path = dataset(name);
    let out = kg(["stats", "--format", "json", "--graph", &path]);
    out.success();
    assert!(
        !out.stderr.contains("error"),
        "loading {name} reported errors\n{}",
        out.report()
    );
    let stats: Stats = out.json();
    assert_eq!(stats.entities, entities, "{name}: entities");
    assert_eq!(stats.relations, relations, "{name}: relations (triples)");
    let by_type: usize = stats.relation_types.iter().map(|t| t.count).sum();
    assert_eq!(by_type, relations, "{name}: relations by type add up");
    if let Some(n) = relation_types {
        assert_eq!(stats.relation_types.len(), n, "{name}: relation types");
    }
}

#[test]
fn dataset_fb15k_237_counts_match_readme() {
    // README.md line 31: "Total 310,116 triples, 14,541 entities, 237 relations."
    assert_counts("fb15k-237", 14_541, 310_116, Some(237));
}

#[test]
fn dataset_icews05_15_counts_match_readme() {
    // README.md line 11: entity2id.txt has 10,488 rows (every mapped entity is loaded).
    // Lines 19-20: valid 69,224 + test 69,147 quadruples (train.txt is absent, line 6).
    // The README gives no count of relation types used by valid and test together.
    assert_counts("icews05-15", 10_488, 69_224 + 69_147, None);
}

#[test]
fn dataset_icews14_counts_match_readme() {
    // README.md line 38: "| all | 90,730 | 7,128 | 230 | 365 | 2014 |".
    assert_counts("icews14", 7_128, 90_730, Some(230));
}

#[test]
fn dataset_icews14_named_counts_match_readme() {
    // icews14/README.md lines 15-20: named/ holds the same quadruples by name;
    // line 38: 90,730 quadruples, 7,128 entities, 230 relations in all.
    assert_counts("icews14/named", 7_128, 90_730, Some(230));
}

#[test]
fn dataset_icews18_counts_match_readme() {
    // README.md line 41: "Total 468,558 quadruples; 23,033 entities, 256 relations in the maps."
    assert_counts("icews18", 23_033, 468_558, Some(256));
}

#[test]
fn dataset_icews18_renet_counts_match_readme() {
    // icews18/README.md lines 12-19: RE-Net's valid (45,995 rows) and test (49,545 rows)
    // with its own maps over the same 23,033 entities (line 41). No relation-type
    // count is given for valid and test alone.
    assert_counts("icews18/renet-valid-test", 23_033, 45_995 + 49_545, None);
}

#[test]
fn dataset_kinship_counts_match_readme() {
    // README.md line 21: "Total 10,686 triples, 104 entities, 25 relations."
    assert_counts("kinship", 104, 10_686, Some(25));
}

#[test]
fn dataset_nations_counts_match_readme() {
    // README.md line 22: "Total 1,992 triples, 14 entities, 55 relations."
    assert_counts("nations", 14, 1_992, Some(55));
}

#[test]
fn dataset_umls_counts_match_readme() {
    // README.md line 22: "Total 6,529 triples, 135 entities, 46 relations."
    assert_counts("umls", 135, 6_529, Some(46));
}

#[test]
fn dataset_wn18rr_counts_match_readme() {
    // README.md line 30: "Total 93,003 triples, 40,943 entity ids, 11 relations."
    assert_counts("wn18rr", 40_943, 93_003, Some(11));
}

#[test]
fn dataset_wn18rr_named_counts_match_readme() {
    // wn18rr/README.md lines 33-35: "the named files therefore have 41,105 distinct
    // entities against 40,943 ids"; line 30: 93,003 triples, 11 relations.
    assert_counts("wn18rr/named", 41_105, 93_003, Some(11));
}

/// `kg show --format json`, as far as these tests read it.
#[derive(Debug, Deserialize)]
struct Shown {
    entity: ShownEntity,
    relations: Vec<Incident>,
}

#[derive(Debug, Deserialize)]
struct ShownEntity {
    id: String,
    name: String,
}

#[derive(Debug, Deserialize)]
struct Incident {
    direction: String,
    other: ShownEntity,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    valid: Option<String>,
}

const LAVROV: &str = "Sergey Viktorovich Lavrov";

#[test]
fn dataset_names_with_underscores_resolve_from_spaces() {
    // icews14/README.md line 30: named files write `Sergey_Viktorovich_Lavrov`.
    let path = dataset("icews14/named");
    kg(["show", "--graph", &path, LAVROV])
        .success()
        .stdout_has("Sergey_Viktorovich_Lavrov");
    let shown: Shown = kg(["show", "--format", "json", "--graph", &path, LAVROV])
        .success()
        .json();
    assert_eq!(shown.entity.id, "Sergey_Viktorovich_Lavrov");
    assert!(!shown.relations.is_empty());
    // The named files carry dates in column 4 (README line 29).
    assert!(
        shown.relations.iter().all(|r| r.valid.is_some()),
        "every named ICEWS14 event is dated"
    );
}

/// What a relation of Lavrov says, in words both copies of ICEWS14 share.
fn events(shown: &Shown) -> BTreeMap<(String, String, String, String), usize> {
    let words = |s: &str| s.replace('_', " ");
    let mut out = BTreeMap::new();
    for r in &shown.relations {
        let key = (
            r.direction.clone(),
            words(&r.kind),
            words(&r.other.name),
            r.valid.clone().unwrap_or_default(),
        );
        *out.entry(key).or_insert(0) += 1;
    }
    out
}

#[test]
fn dataset_epoch_dates_integer_times() {
    let ids = dataset("icews14");
    // Without --epoch the hour offsets stay undated, and a note says how to date them.
    let out = kg(["show", "--format", "json", "--graph", &ids, LAVROV]);
    out.success().stderr_has("pass --epoch YYYY-MM-DD");
    let undated: Shown = out.json();
    assert!(undated.relations.iter().all(|r| r.valid.is_none()));

    // README line 27: time = hours since 2014-01-01.
    let out = kg([
        "show",
        "--format",
        "json",
        "--epoch",
        "2014-01-01",
        "--graph",
        &ids,
        LAVROV,
    ]);
    out.success().stderr_is("");
    let dated: Shown = out.json();
    assert_eq!(dated.entity.name, LAVROV);
    assert!(!dated.relations.is_empty());
    for r in &dated.relations {
        let valid = r.valid.as_deref().expect("every event is dated");
        assert!(valid.starts_with("2014-"), "{valid} is not in 2014");
    }
    // README lines 15-20: named/ is this data with names and dates written out, so
    // Lavrov's events are the same, date for date.
    let named: Shown = kg([
        "show",
        "--format",
        "json",
        "--graph",
        &dataset("icews14/named"),
        LAVROV,
    ])
    .success()
    .json();
    assert_eq!(events(&dated), events(&named));
}
