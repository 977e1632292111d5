//! Routes on real event data (ICEWS14, ICEWS18) and on the seed graph: parallel
//! relations fold into one hop, `-k` gives distinct routes, the single answer is
//! the first of `-k` and of `--all`, `--min-len` finds intermediaries, and date
//! filters keep the facts that have no date.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use kg::load::{load_paths, LoadOptions};
use kg::query::answer::{PathAnswer, PathOut};
use kg::query::{self, Answer, PathQuery, Query};
use kg::KnowledgeGraph;
use proptest::prelude::*;

use crate::util::{kg, root, TestCommand};

fn icews14() -> &'static KnowledgeGraph {
    static G: OnceLock<KnowledgeGraph> = OnceLock::new();
    G.get_or_init(|| {
        let dir: PathBuf = root().join("../shared/data/icews14");
        let opts = LoadOptions {
            epoch: Some("2014-01-01".parse().unwrap()),
        };
        load_paths(&[dir], &opts).expect("ICEWS14 loads").graph
    })
}

fn path(g: &KnowledgeGraph, q: PathQuery) -> PathAnswer {
    match query::run(g, &Query::Path(q)).expect("the query runs") {
        Answer::Path(p) => p,
        other => panic!("not a path answer: {other:?}"),
    }
}

fn ask(from: &str, to: &str) -> PathQuery {
    PathQuery {
        from: from.into(),
        to: to.into(),
        ..PathQuery::default()
    }
}

/// A route's entity ids.
fn ids(p: &PathOut) -> Vec<&str> {
    p.nodes.iter().map(|n| n.id.as_ref()).collect()
}

/// A route's answer-order key: length, then (name, id) entity by entity.
fn key(p: &PathOut) -> (usize, Vec<(&str, &str)>) {
    (
        p.length,
        p.nodes
            .iter()
            .map(|n| (n.name.as_ref(), n.id.as_ref()))
            .collect(),
    )
}

/// Each hop ties its two entities, with undated relations before dated ones and
/// dated ones in date order.
fn check_hops(p: &PathOut) -> Result<(), TestCaseError> {
    prop_assert_eq!(p.hops.len(), p.length);
    for (j, hop) in p.hops.iter().enumerate() {
        let ends = BTreeSet::from([p.nodes[j].id.as_ref(), p.nodes[j + 1].id.as_ref()]);
        prop_assert!(!hop.relations.is_empty());
        for e in &hop.relations {
            let got = BTreeSet::from([e.from.as_ref(), e.to.as_ref()]);
            prop_assert_eq!(&got, &ends, "a relation off its hop");
        }
        let dates: Vec<Option<kg::date::Date>> = hop
            .relations
            .iter()
            .map(|e| e.valid.as_deref().map(|v| v.parse().unwrap()))
            .collect();
        let firsts: Vec<Option<kg::date::Date>> =
            dates.iter().map(|d| d.map(|d| d.first_day())).collect();
        prop_assert!(
            firsts.windows(2).all(|w| w[0] <= w[1]),
            "hop not chronological"
        );
        prop_assert_eq!(&p.edges[j], &hop.relations[0]);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// On ICEWS14, for random pairs: the single answer is the first of `-k` and of
    /// `--all`; `-k` lists distinct routes, shortest first, whose shortest ones are
    /// the first routes of `--all`; `--all` lists distinct shortest routes in
    /// answer order and counts them all.
    #[test]
    fn single_k_and_all_agree_on_icews14(a in 0usize..7128, b in 0usize..7128) {
        let g = icews14();
        let ids_of: Vec<String> = g.entities().map(|(_, e)| e.id.to_string()).collect();
        let (from, to) = (&ids_of[a % ids_of.len()], &ids_of[b % ids_of.len()]);
        let single = path(g, ask(from, to));
        let k = path(g, PathQuery { k: Some(4), ..ask(from, to) });
        let all = path(g, PathQuery { all: true, limit: Some(50), ..ask(from, to) });
        prop_assert_eq!(single.paths.is_empty(), k.paths.is_empty());
        prop_assert_eq!(single.paths.is_empty(), all.paths.is_empty());
        let Some(first) = single.paths.first() else { return Ok(()) };
        prop_assert_eq!(first, &k.paths[0], "single vs first of -k");
        prop_assert_eq!(first, &all.paths[0], "single vs first of --all");
        for answer in [&k, &all] {
            let routes: BTreeSet<Vec<&str>> = answer.paths.iter().map(ids).collect();
            prop_assert_eq!(routes.len(), answer.paths.len(), "a route twice");
            prop_assert!(answer.paths.windows(2).all(|w| key(&w[0]) < key(&w[1])), "out of order");
            for p in &answer.paths {
                check_hops(p)?;
            }
        }
        prop_assert!(all.paths.iter().all(|p| p.length == first.length));
        let shortest_of_k: Vec<&PathOut> =
            k.paths.iter().filter(|p| p.length == first.length).collect();
        let prefix: Vec<&PathOut> = all.paths.iter().take(shortest_of_k.len()).collect();
        prop_assert_eq!(shortest_of_k, prefix, "-k's shortest routes are not --all's first");
        let total = all.total.expect("--all counts its routes");
        prop_assert!(total >= all.paths.len() as u64);
        prop_assert_eq!(all.truncated, total > 50);
    }
}

/// The issue's case: 1,723 two-relation "shortest paths" from Military Personnel
/// (India) to Amit Shah are 5 routes, whose hops hold those 1,723 combinations.
#[test]
fn parallel_relations_fold_into_routes_on_icews14() {
    let g = icews14();
    let all = path(
        g,
        PathQuery {
            all: true,
            ..ask("Military Personnel (India)", "Amit Shah")
        },
    );
    assert_eq!(
        (all.paths.len(), all.total, all.truncated),
        (5, Some(5), false)
    );
    let combinations: usize = all
        .paths
        .iter()
        .map(|p| p.hops.iter().map(|h| h.relations.len()).product::<usize>())
        .sum();
    assert_eq!(
        combinations, 1723,
        "the relation sequences the routes stand for"
    );
    let text = kg([
        "path",
        "--graph",
        "../shared/data/icews14",
        "--epoch",
        "2014-01-01",
        "Military Personnel (India)",
        "Amit Shah",
        "--all",
    ]);
    text.success()
        .stdout_has("route 5 of 5: Military Personnel (India) → Amit Shah: 2 hops")
        .stdout_has("(42 relations, events 2014-01-12 .. 2014-11-24)")
        .stdout_has("        2014-01-12  —Threaten→");
}

/// ICEWS18: Putin and Abe in May 2018 are one route of one hop, its 35 events in
/// date order, not 35 "paths".
#[test]
fn a_direct_tie_is_a_chronology_on_icews18() {
    let out = TestCommand::new()
        .args([
            "query",
            "--graph",
            "../shared/data/icews18",
            "--epoch",
            "2018-01-01",
        ])
        .run_with_stdin(
        r#"{"op":"path","from":"Vladimir Putin","to":"Shinzo Abe","all":true,"from_date":"2018-05","to_date":"2018-05"}"#,
    );
    out.success();
    let line: serde_json::Value = serde_json::from_str(out.stdout.lines().next().unwrap()).unwrap();
    let a: PathAnswer = serde_json::from_value(line["result"].clone()).unwrap();
    assert_eq!((a.paths.len(), a.paths[0].length), (1, 1));
    let dates: Vec<&str> = a.paths[0].hops[0]
        .relations
        .iter()
        .map(|e| e.valid.as_deref().unwrap())
        .collect();
    assert_eq!(dates.len(), 35);
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    assert!(dates.iter().all(|d| d.starts_with("2018-05")));
    assert_eq!(a.filters, ["from_date 2018-05", "to_date 2018-05"]);
}

/// Seed graph: `-k 5` from Lavrov to North Korea gives five different routes
/// (four of the five "paths" were one route before relations were folded).
#[test]
fn k_routes_are_distinct_on_the_seed_graph() {
    let out = kg([
        "path",
        "Lavrov",
        "North Korea",
        "-k",
        "5",
        "--format",
        "json",
    ]);
    out.success();
    let a: PathAnswer = out.json();
    let routes: BTreeSet<Vec<&str>> = a.paths.iter().map(ids).collect();
    assert_eq!((a.paths.len(), routes.len()), (5, 5), "{routes:?}");
    // Japan and Russia are tied four ways: one hop listing the four.
    let hop = a.paths[1]
        .hops
        .iter()
        .find(|h| h.relations.len() == 4)
        .expect("the Japan–Russia hop");
    let kinds: Vec<&str> = hop.relations.iter().map(|e| e.kind.as_ref()).collect();
    let mut sorted = kinds.clone();
    sorted.sort_unstable();
    assert_eq!(kinds, sorted, "undated relations of a hop by type id");
}

/// `--min-len 2` skips the direct tie and lists intermediaries.
#[test]
fn min_len_finds_intermediaries() {
    kg(["path", "Lavrov", "Japan"])
        .success()
        .stdout_has("Sergei Lavrov → Japan: 1 hop");
    let out = kg([
        "path",
        "Lavrov",
        "Japan",
        "--min-len",
        "2",
        "--all",
        "--format",
        "json",
    ]);
    out.success();
    let a: PathAnswer = out.json();
    assert!(
        a.paths.len() >= 2 && a.paths.iter().all(|p| p.length == 2),
        "{a:?}"
    );
    assert_eq!(a.total, Some(a.paths.len() as u64));
    kg([
        "path",
        "Lavrov",
        "Japan",
        "--min-len",
        "3",
        "--max-len",
        "2",
    ])
    .code(2)
    .stderr_has("min_len 3 is above max_len 2");
}

/// Date filters test validity; facts with no date hold throughout unless
/// `--strict-dates`, and an empty answer names the filters that emptied it.
#[test]
fn date_filters_keep_lasting_facts() {
    kg(["path", "Abe", "Kurils", "--at", "2016-04"])
        .success()
        .stdout_has("filters: --at 2016-04\n")
        .stdout_has("—prime minister of→ Japan (country)")
        .stdout_has("—claims→ Kuril Islands (territory)");
    kg(["path", "Abe", "Kurils", "--at", "2016-04", "--strict-dates"])
        .success()
        .stdout_is(
            "no route from Shinzo Abe to Kuril Islands\n  with the filters --at 2016-04, --strict-dates\n",
        );
    kg([
        "path",
        "Russia",
        "North Korea",
        "--relations",
        "urges_restraint_on",
        "--at",
        "2015",
    ])
    .success()
    .stdout_is(
        "no route from Russia to North Korea\n  with the filters --relations urges_restraint_on, --at 2015\n  (relations with no event date or span were kept: they hold throughout)\n",
    );
}

/// Evidence dates say when a source reported; validity when the fact held.
#[test]
fn event_and_report_dates_are_labelled() {
    kg([
        "path",
        "Russia",
        "North Korea",
        "--relations",
        "urges_restraint_on",
    ])
    .success()
    .stdout_has("—urges restraint on→ North Korea (country)  [event 2016-03-13]")
    .stdout_has("— blog-2016-03-14, reported 2016-03-14");
}
