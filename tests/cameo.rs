//! The CAMEO table (`src/query/cameo.tsv`) covers the event types of the data kg is
//! used on: every relation name of ICEWS14, ICEWS18 and ICEWS05-15, as
//! `relation2id.txt` and ICEWS14's underscored `named/` files write it, and every
//! code kg's news schema gives its relation types. The data sit outside the
//! repository; when they are missing these tests fail, never skip.

use std::collections::{BTreeMap, BTreeSet};

use kg::query::cameo;

use crate::util::{read, root};

/// The ICEWS datasets whose relation names the table must cover, with the number of
/// relation types their READMEs and `relation2id.txt` give.
const ICEWS: [(&str, usize); 3] = [("icews14", 230), ("icews18", 256), ("icews05-15", 251)];

/// The relation names of `relation2id.txt` (`name<TAB>id`) of a dataset of
/// `../shared/data`, failing with what is missing when it is not there.
fn relation_names(dataset: &str) -> Vec<String> {
    let file = root().join(format!("../shared/data/{dataset}/relation2id.txt"));
    assert!(
        file.is_file(),
        "the CAMEO coverage test needs {} (check out ../shared beside this repository)",
        file.display()
    );
    read(&file)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match l.rsplit_once('\t') {
            Some((name, _id)) => name.trim().to_string(),
            None => panic!("{}: no tab in {l:?}", file.display()),
        })
        .collect()
}

#[test]
fn every_icews_relation_name_has_a_code() {
    let mut names = BTreeMap::new();
    for (dataset, types) in ICEWS {
        let these = relation_names(dataset);
        assert_eq!(these.len(), types, "{dataset}: relation types");
        let missing: Vec<&String> = these
            .iter()
            .filter(|n| cameo::code_of(n).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "{dataset}: no CAMEO code for {missing:?}"
        );
        for name in these {
            names.insert(name.clone(), cameo::code_of(&name).unwrap());
        }
    }
    // Union of the three, as scripts/cameo.py and src/query/CAMEO.md count them.
    assert_eq!(names.len(), 269);
    for (name, code) in &names {
        let named = cameo::name_of(code);
        assert!(named.is_some(), "{name}: code {code} has no name");
        assert!(
            code.len() > 2,
            "{name}: {code} is a family, not an event type"
        );
    }
    // The cases the table was built for, and each kind of hand decision of CAMEO.md.
    for (name, code) in [
        ("Make a visit", "042"),
        ("Host a visit", "043"),
        ("Consult", "040"),
        ("Make statement", "010"),
        ("Reject judicial cooperation", "1213"),
        ("Carry out car bombing", "1832"),
        ("Conduct suicide, car, or other non-military bombing", "183"),
        ("Conduct suicide, car, or other non military bombing", "183"),
        ("Meet at a 'third' location", "044"),
        ("Threaten non force", "131"),
        ("Threaten non-force", "131"),
        ("Threaten with sanctions, boycott, embargo", "1312"),
        ("fight with small arms and light weapons", "193"),
        ("Reject proposal to meet, discuss, or negotiate", "125"),
    ] {
        assert_eq!(names.get(name).copied(), Some(code), "{name}");
    }
    // Names that differ only by a hyphen are one event type; no other two share one.
    let mut by_code: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, code) in &names {
        by_code.entry(code).or_default().push(name);
    }
    let shared: Vec<Vec<&str>> = by_code.into_values().filter(|v| v.len() > 1).collect();
    assert_eq!(
        shared,
        [
            vec![
                "Appeal for target to allow international involvement (non mediation)",
                "Appeal for target to allow international involvement (non-mediation)"
            ],
            vec![
                "Express intent to allow international involvement (non mediation)",
                "Express intent to allow international involvement (non-mediation)"
            ],
            vec!["Threaten non force", "Threaten non-force"],
            vec![
                "Conduct suicide, car, or other non military bombing",
                "Conduct suicide, car, or other non-military bombing"
            ],
        ]
    );
}

/// ICEWS14's `named/` files write the same types with `_` for spaces
/// (`Make_a_visit`); each maps to the code of its spaced spelling.
#[test]
fn icews14_underscored_names_have_the_same_codes() {
    let spaced: BTreeSet<String> = relation_names("icews14").into_iter().collect();
    let mut seen = BTreeSet::new();
    for split in ["train", "valid", "test"] {
        let file = root().join(format!("../shared/data/icews14/named/{split}.txt"));
        for line in read(&file).lines() {
            let relation = line
                .split('\t')
                .nth(1)
                .unwrap_or_else(|| panic!("{}: no relation column in {line:?}", file.display()));
            seen.insert(relation.to_string());
        }
    }
    assert!(seen.iter().any(|r| r == "Make_a_visit"));
    for relation in &seen {
        let as_written = relation.replace('_', " ");
        assert!(
            spaced.contains(&as_written),
            "{relation} is not in relation2id"
        );
        assert_eq!(
            cameo::code_of(relation),
            cameo::code_of(&as_written),
            "{relation}"
        );
        assert!(cameo::code_of(relation).is_some(), "{relation}");
    }
    assert_eq!(seen.len(), spaced.len());
}

/// Every code kg's news schema gives a relation type is a CAMEO event code of the table,
/// so `cameo:04` reaches the schema's consultations and visits.
#[test]
fn news_schema_codes_are_in_the_table() {
    let schema: serde_json::Value =
        serde_json::from_str(&read("graphs/schema/news.json")).expect("news.json is JSON");
    let types = schema["schema"]["relation_types"]
        .as_array()
        .expect("news.json has schema.relation_types");
    let coded: Vec<(&str, &str)> = types
        .iter()
        .filter_map(|t| Some((t["id"].as_str()?, t["codes"]["cameo"].as_str()?)))
        .collect();
    assert!(coded.len() >= 18, "{coded:?}");
    for (name, code) in &coded {
        assert!(
            cameo::name_of(code).is_some(),
            "{name}: {code} is no CAMEO code"
        );
        assert!(
            code.len() > 2,
            "{name}: {code} is a family, not an event type"
        );
    }
    let consult: Vec<&str> = coded
        .iter()
        .filter(|(_, c)| cameo::matches("04", c))
        .map(|(n, _)| *n)
        .collect();
    assert!(consult.len() >= 4, "{consult:?}");
    let visits: Vec<&str> = coded
        .iter()
        .filter(|(_, c)| cameo::matches("042", c))
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(visits.len(), 1, "{visits:?}");
}
