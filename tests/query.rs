//! `kg path` and `kg neighbours` on the built-in graph: each filter gives the answer
//! worked out by hand from `graphs/russia-japan-2016.json`, errors name the
//! unknown thing with a suggestion, and the same command always prints the same.
//!
//! Paths are compared in a one-line form (see [`path_line`]): entity ids with the
//! relation type of each hop between them, `type>` when the hop follows the stored
//! direction and `<type` when it goes against it.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::util::{kg, read, root, Output};

const SEED_GRAPH: &str = "graphs/russia-japan-2016.json";
const SEED_TEXT: &str = "../shared/seeds/000_fb5a3e1cd4c60d18.txt";

/// Runs `kg ARGS... --format json`, which must succeed, and parses the answer.
#[track_caller]
fn json(args: &[&str]) -> (Output, Value) {
    let out = kg(args.iter().copied().chain(["--format", "json"]));
    out.success().stderr_is("");
    let v = out.json::<Value>();
    (out, v)
}

/// A path as `kyodo_news based_in> japan claims> kuril_islands`, after checking
/// that its nodes, edges and length agree with each other.
fn path_line(p: &Value, out: &Output) -> String {
    let nodes = p["nodes"].as_array().expect("path.nodes is an array");
    let edges = p["edges"].as_array().expect("path.edges is an array");
    let bad = |why: &str| -> ! { panic!("inconsistent path ({why}): {p:#}\n{}", out.report()) };
    if nodes.len() != edges.len() + 1 {
        bad("nodes.len() != edges.len() + 1");
    }
    if p["length"].as_u64() != Some(edges.len() as u64) {
        bad("length != edges.len()");
    }
    let mut line = nodes[0]["id"].as_str().unwrap().to_string();
    for (i, e) in edges.iter().enumerate() {
        let (a, b) = (&nodes[i]["id"], &nodes[i + 1]["id"]);
        let reversed = e["reversed"].as_bool().expect("edge.reversed is a boolean");
        let (tail, head) = if reversed { (b, a) } else { (a, b) };
        if e["from"] != *tail || e["to"] != *head {
            bad(&format!("edge {i} does not join nodes {i} and {}", i + 1));
        }
        let kind = e["type"].as_str().unwrap();
        let hop = if reversed {
            format!(" <{kind} ")
        } else {
            format!(" {kind}> ")
        };
        line.push_str(&hop);
        line.push_str(b.as_str().unwrap());
    }
    line
}

/// The paths of `kg path ARGS... --format json`, each as a [`path_line`].
#[track_caller]
fn paths(args: &[&str]) -> (Output, Value, Vec<String>) {
    let (out, v) = json(args);
    let lines = v["paths"]
        .as_array()
        .unwrap_or_else(|| panic!("no \"paths\" array\n{}", out.report()))
        .iter()
        .map(|p| path_line(p, &out))
        .collect();
    (out, v, lines)
}

/// `kg path ARGS...` finds exactly `expected`, in that order, and is not truncated.
#[track_caller]
fn assert_paths(args: &[&str], expected: &[&str]) {
    let (out, v, got) = paths(args);
    assert_eq!(
        got,
        expected,
        "paths of `kg {}` differ from the expected ones\n{}",
        args.join(" "),
        out.report()
    );
    assert_eq!(v["truncated"], false, "{}", out.report());
}

/// `kg path ARGS...` answers "no path" in text (exit 0) and `"paths": []` in JSON.
#[track_caller]
fn assert_no_path(args: &[&str], text: &str) {
    kg(args).success().stdout_is(text).stderr_is("");
    let (out, v, got) = paths(args);
    assert!(got.is_empty(), "expected no path\n{}", out.report());
    assert_eq!(v["truncated"], false, "{}", out.report());
}

/// The quoted passages of a text answer: what stands between “ and the ” before
/// the source on each evidence line.
fn quotes_shown(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim_start)
        .filter_map(|l| l.strip_prefix('“'))
        .map(|l| {
            let end = l
                .rfind("” — ")
                .expect("an evidence line ends with ” — SOURCE");
            &l[..end]
        })
        .collect()
}

/// Every quote shown is verbatim in the seed text and in the seed graph.
#[track_caller]
fn assert_quotes_are_the_seeds(out: &Output) {
    let path = root().join(SEED_TEXT);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the seed text {} is needed to check quotes, but cannot be read: {e}",
            path.display()
        )
    });
    let graph = read(SEED_GRAPH);
    let quotes = quotes_shown(&out.stdout);
    assert!(!quotes.is_empty(), "no quote shown\n{}", out.report());
    for q in quotes {
        assert!(
            text.contains(q),
            "quote not verbatim in {SEED_TEXT}: {q:?}\n{}",
            out.report()
        );
        let as_json = serde_json::to_string(q).unwrap();
        assert!(
            graph.contains(&as_json),
            "quote not in {SEED_GRAPH}: {q:?}\n{}",
            out.report()
        );
    }
}

#[test]
fn path_explains_each_hop_with_its_quotes() {
    let out = kg(["path", "Kyodo", "Kurils"]);
    out.success().stderr_is("").stdout_is(
        "\
Kyodo News → Kuril Islands: 2 hops
  Kyodo News (news_agency)
    —based in→ Japan (country)
        “Japan’s new news service Kyodo News” — blog-2016-03-14, reported 2016-03-14
    —claims→ Kuril Islands (territory)
        “the Kuril Islands which Japan and Russia both claim” — blog-2016-03-14, reported 2016-03-14

sources
  blog-2016-03-14  Unnamed blog (commentary reposting a Sputnik report): “Russia’s Sergei Lavrov to visit Tokyo preparing for Shinzo Abe’s visit to Russia later this year”, 2016-03-14
",
    );
    assert_quotes_are_the_seeds(&out);
    // Read backwards, each hop uses the inverse label.
    let back = kg(["path", "Kurils", "Kyodo"]);
    back.success().stderr_is("").stdout_is(
        "\
Kuril Islands → Kyodo News: 2 hops
  Kuril Islands (territory)
    —claimed by→ Japan (country)
        “the Kuril Islands which Japan and Russia both claim” — blog-2016-03-14, reported 2016-03-14
    —home of→ Kyodo News (news_agency)
        “Japan’s new news service Kyodo News” — blog-2016-03-14, reported 2016-03-14

sources
  blog-2016-03-14  Unnamed blog (commentary reposting a Sputnik report): “Russia’s Sergei Lavrov to visit Tokyo preparing for Shinzo Abe’s visit to Russia later this year”, 2016-03-14
",
    );
    // Longer answers: still only quotes from the seed.
    for args in [
        ["path", "Kyodo", "Russia", "--all"].as_slice(),
        &["path", "Kyodo", "Kurils", "-k", "6"],
        &["path", "Morgulov", "Abe", "--all"],
    ] {
        let out = kg(args);
        out.success();
        assert_quotes_are_the_seeds(&out);
    }
}

#[test]
fn path_json_matches_the_text() {
    let (out, v, got) = paths(&["path", "Kyodo", "Kurils"]);
    assert_eq!(got, ["kyodo_news based_in> japan claims> kuril_islands"]);
    assert_eq!(v["from"]["id"], "kyodo_news", "{}", out.report());
    assert_eq!(v["to"]["id"], "kuril_islands", "{}", out.report());
    assert_eq!(v["limit"], 100, "default limit\n{}", out.report());
    let e = &v["paths"][0]["edges"][1];
    assert_eq!(e["label"], "claims", "{}", out.report());
    assert_eq!(e["inverse"], "claimed by", "{}", out.report());
    assert_eq!(
        e["evidence"][0]["quote"],
        "the Kuril Islands which Japan and Russia both claim",
        "{}",
        out.report()
    );
}

#[test]
fn path_relations_keeps_only_those_types() {
    // The default first path goes through Japan; only Sputnik connects Kyodo to
    // Russia by partnership and headquarters.
    assert_paths(
        &["path", "Kyodo", "Russia"],
        &["kyodo_news based_in> japan <diplomatic_relations_with russia"],
    );
    assert_paths(
        &[
            "path",
            "Kyodo",
            "Russia",
            "--relations",
            "partners_with,based_in",
        ],
        &["kyodo_news partners_with> sputnik based_in> russia"],
    );
    assert_paths(
        &[
            "path",
            "Kyodo",
            "Russia",
            "--relations",
            "based_in,trades_with",
        ],
        &["kyodo_news based_in> japan trades_with> russia"],
    );
    // Repeating the option adds to the list.
    assert_paths(
        &[
            "path",
            "Kyodo",
            "Russia",
            "--relations",
            "based_in",
            "--relations",
            "trades_with",
        ],
        &["kyodo_news based_in> japan trades_with> russia"],
    );
    // The Kurils are reached only by claims.
    assert_no_path(
        &["path", "Kyodo", "Kurils", "--relations", "partners_with"],
        "no route from Kyodo News to Kuril Islands\n  with the filters --relations partners_with\n",
    );
    assert_no_path(
        &[
            "path",
            "Kyodo",
            "Kurils",
            "--relations",
            "based_in,partners_with",
        ],
        "no route from Kyodo News to Kuril Islands\n  with the filters --relations based_in, partners_with\n",
    );
}

#[test]
fn path_exclude_relations_skips_those_types() {
    // Without the first two Japan–Russia types, the next in type order is used.
    assert_paths(
        &[
            "path",
            "Kyodo",
            "Russia",
            "--exclude-relations",
            "diplomatic_relations_with,negotiates_with",
        ],
        &["kyodo_news based_in> japan <seeks_cooperation_with russia"],
    );
    // Without based_in, Kyodo leaves by its partnership with Sputnik, and Sputnik
    // reaches Russia through Morgulov (before Moscow, by name).
    assert_paths(
        &["path", "Kyodo", "Kurils", "--exclude-relations", "based_in"],
        &["kyodo_news partners_with> sputnik quotes> igor_morgulov deputy_foreign_minister_of> russia claims> kuril_islands"],
    );
    assert_no_path(
        &["path", "Kyodo", "Kurils", "--exclude-relations", "claims"],
        "no route from Kyodo News to Kuril Islands\n  with the filters --exclude-relations claims\n",
    );
}

#[test]
fn path_direction_follows_or_reverses_stored_direction() {
    // Either way, Russia opposes the United States: one hop, walked backwards.
    assert_paths(
        &["path", "US", "Russia"],
        &["united_states <opposes russia"],
    );
    assert_paths(
        &["path", "US", "Russia", "--direction", "in"],
        &["united_states <opposes russia"],
    );
    // Forwards only, the United States reach Russia through Japan; the symmetric
    // diplomatic relation counts in both directions.
    assert_paths(
        &["path", "US", "Russia", "--direction", "out"],
        &["united_states interferes_in> japan <diplomatic_relations_with russia"],
    );
    assert_paths(
        &["path", "Kyodo", "Kurils", "--direction", "out"],
        &["kyodo_news based_in> japan claims> kuril_islands"],
    );
    assert_no_path(
        &["path", "Kyodo", "Kurils", "--direction", "in"],
        "no route from Kyodo News to Kuril Islands\n  with the filters --direction in\n",
    );
    assert_paths(
        &["path", "Kurils", "Kyodo", "--direction", "in"],
        &["kuril_islands <claims japan <based_in kyodo_news"],
    );
    assert_paths(
        &["path", "Kyodo", "Kurils", "--direction", "any"],
        &["kyodo_news based_in> japan claims> kuril_islands"],
    );
}

#[test]
fn path_avoid_routes_around_entities() {
    assert_paths(
        &["path", "Kyodo", "Kurils", "--avoid", "Japan"],
        &["kyodo_news partners_with> sputnik based_in> russia claims> kuril_islands"],
    );
    // By alias, the same entity.
    assert_paths(
        &["path", "Kyodo", "Kurils", "--avoid", "Nippon"],
        &["kyodo_news partners_with> sputnik based_in> russia claims> kuril_islands"],
    );
    // Avoiding an entity off the path changes nothing.
    assert_paths(
        &["path", "Kyodo", "Kurils", "--avoid", "Russia"],
        &["kyodo_news based_in> japan claims> kuril_islands"],
    );
    assert_no_path(
        &[
            "path", "Kyodo", "Kurils", "--avoid", "Japan", "--avoid", "Russia",
        ],
        "no route from Kyodo News to Kuril Islands\n  with the filters --avoid Japan, --avoid Russia\n",
    );
    // An end cannot be avoided.
    kg(["path", "Kyodo", "Kurils", "--avoid", "Kyodo"])
        .failure()
        .stdout_is("")
        .stderr_is("kg: error: an end of the path is also in 'avoid'\n");
}

#[test]
fn path_via_types_limits_the_middle_entities() {
    assert_paths(
        &["path", "Kyodo", "Russia", "--via-types", "news_agency"],
        &["kyodo_news partners_with> sputnik based_in> russia"],
    );
    // The ends are exempt: Kyodo (a news agency) and the Kurils (a territory).
    assert_paths(
        &["path", "Kyodo", "Kurils", "--via-types", "country"],
        &["kyodo_news based_in> japan claims> kuril_islands"],
    );
    // The Kurils touch only countries.
    assert_no_path(
        &["path", "Kyodo", "Kurils", "--via-types", "news_agency,city"],
        "no route from Kyodo News to Kuril Islands\n  with the filters --via-types news_agency, city\n",
    );
}

#[test]
fn path_max_len_bounds_the_length() {
    assert_no_path(
        &["path", "Kyodo", "Kurils", "--max-len", "1"],
        "no route of at most 1 hop from Kyodo News to Kuril Islands\n",
    );
    let (out, v, got) = paths(&["path", "Kyodo", "Kurils", "--max-len", "2"]);
    assert_eq!(got, ["kyodo_news based_in> japan claims> kuril_islands"]);
    assert_eq!(
        v["max_len"],
        2,
        "the answer states its bound\n{}",
        out.report()
    );
    // Only one path of at most 2 relations exists, however many are asked for.
    assert_paths(
        &["path", "Kyodo", "Kurils", "-k", "3", "--max-len", "2"],
        &["kyodo_news based_in> japan claims> kuril_islands"],
    );
    // China is 3 hops from the Kurils, through the United States.
    assert_no_path(
        &["path", "Kurils", "China", "--max-len", "2"],
        "no route of at most 2 hops from Kuril Islands to China\n",
    );
    assert_paths(
        &["path", "Kurils", "China", "--max-len", "3"],
        &["kuril_islands <claims japan <interferes_in united_states tension_with> china"],
    );
}

#[test]
fn path_all_lists_every_shortest_route_in_order() {
    // Kyodo's neighbours next to Russia: Japan (tied to Russia four ways, one hop)
    // and Sputnik: two routes, not five paths.
    let expected = [
        "kyodo_news based_in> japan <diplomatic_relations_with russia",
        "kyodo_news partners_with> sputnik based_in> russia",
    ];
    assert_paths(&["path", "Kyodo", "Russia", "--all"], &expected);
    let out = kg(["path", "Kyodo", "Russia", "--all"]);
    out.success()
        .stdout_has("    ⇒ Russia (country)  (4 relations)\n");
    let heads: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("route "))
        .collect();
    assert_eq!(
        heads,
        (1..=2)
            .map(|i| format!("route {i} of 2: Kyodo News → Russia: 2 hops"))
            .collect::<Vec<_>>(),
        "{}",
        out.report()
    );
    // One shortest route only: --all shows just it.
    assert_paths(
        &["path", "Lavrov", "Abe", "--all"],
        &["sergei_lavrov prepares_visit_of> shinzo_abe"],
    );
    // The United States reach the Kurils through Japan (two relations, one hop) or Russia.
    assert_paths(
        &["path", "US", "Kurils", "--all"],
        &[
            "united_states interferes_in> japan claims> kuril_islands",
            "united_states <opposes russia claims> kuril_islands",
        ],
    );
}

#[test]
fn path_k_gives_the_k_shortest_simple_routes() {
    assert_paths(
        &["path", "Kyodo", "Kurils", "-k", "3"],
        &[
            "kyodo_news based_in> japan claims> kuril_islands",
            "kyodo_news based_in> japan <diplomatic_relations_with russia claims> kuril_islands",
            "kyodo_news partners_with> sputnik based_in> russia claims> kuril_islands",
        ],
    );
    // Every route of 3 hops (via Japan and Russia, via Sputnik and Russia, via
    // Tokyo and Japan), then the first of 4 hops by the names along them.
    let (out, _, got) = paths(&["path", "Kyodo", "Kurils", "-k", "7"]);
    assert_eq!(
        got,
        [
            "kyodo_news based_in> japan claims> kuril_islands",
            "kyodo_news based_in> japan <diplomatic_relations_with russia claims> kuril_islands",
            "kyodo_news partners_with> sputnik based_in> russia claims> kuril_islands",
            "kyodo_news based_in> tokyo capital_of> japan claims> kuril_islands",
            "kyodo_news based_in> japan <visits sergei_lavrov foreign_minister_of> russia claims> kuril_islands",
            "kyodo_news based_in> japan <prime_minister_of shinzo_abe visits> russia claims> kuril_islands",
            "kyodo_news based_in> japan <interferes_in united_states <opposes russia claims> kuril_islands",
        ],
        "{}",
        out.report()
    );
    // Simple paths: no entity twice.
    for line in &got {
        let ids: Vec<&str> = line.split(' ').step_by(2).collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "not a simple path: {line}");
    }
}

#[test]
fn path_dates_test_validity_and_keep_undated_facts() {
    // Undated: through Russia, whose message to North Korea is an event of 2016-03-13.
    assert_paths(
        &["path", "Japan", "North Korea"],
        &["japan <diplomatic_relations_with russia urges_restraint_on> north_korea"],
    );
    // From 2016-03-14 on, that event is out of the window; the undated relations
    // (sanctions, interference) hold throughout: through the United States.
    assert_paths(
        &["path", "Japan", "North Korea", "--from-date", "2016-03-14"],
        &["japan <interferes_in united_states sanctions> north_korea"],
    );
    // On 2016-03-13 the event holds, and so do the undated ties of Japan and Russia.
    assert_paths(
        &["path", "Japan", "North Korea", "--at", "2016-03-13"],
        &["japan <diplomatic_relations_with russia urges_restraint_on> north_korea"],
    );
    // --strict-dates keeps only relations whose validity overlaps the window.
    assert_paths(
        &[
            "path",
            "Russia",
            "North Korea",
            "--at",
            "2016-03-13",
            "--strict-dates",
        ],
        &["russia urges_restraint_on> north_korea"],
    );
    assert_paths(
        &[
            "path",
            "Russia",
            "North Korea",
            "--to-date",
            "2016-03-13",
            "--strict-dates",
        ],
        &["russia urges_restraint_on> north_korea"],
    );
    assert_no_path(
        &[
            "path",
            "Japan",
            "North Korea",
            "--at",
            "2016-03-13",
            "--strict-dates",
        ],
        "no route from Japan to North Korea\n  with the filters --at 2016-03-13, --strict-dates\n",
    );
    // Lavrov's visit is valid in April 2016; a month precision covers its days.
    assert_paths(
        &["path", "Lavrov", "Japan", "--at", "2016-04"],
        &["sergei_lavrov visits> japan"],
    );
    assert_paths(
        &["path", "Lavrov", "Japan", "--at", "2016-04-20"],
        &["sergei_lavrov visits> japan"],
    );
    // In May the visit is over; Lavrov is still Russia's foreign minister.
    assert_paths(
        &["path", "Lavrov", "Japan", "--at", "2016-05"],
        &["sergei_lavrov foreign_minister_of> russia diplomatic_relations_with> japan"],
    );
    assert_no_path(
        &[
            "path",
            "Lavrov",
            "Japan",
            "--at",
            "2016-05",
            "--strict-dates",
        ],
        "no route from Sergei Lavrov to Japan\n  with the filters --at 2016-05, --strict-dates\n",
    );
    // Abe's visit is valid in 2016, so any window overlapping 2016 keeps it.
    assert_paths(
        &[
            "path",
            "Abe",
            "Russia",
            "--from-date",
            "2016-06",
            "--to-date",
            "2016-12-31",
        ],
        &["shinzo_abe visits> russia"],
    );
    assert_paths(
        &["path", "Abe", "Russia", "--from-date", "2017"],
        &["shinzo_abe prime_minister_of> japan <diplomatic_relations_with russia"],
    );
    assert_no_path(
        &[
            "path",
            "Abe",
            "Russia",
            "--from-date",
            "2017",
            "--strict-dates",
        ],
        "no route from Shinzo Abe to Russia\n  with the filters --from-date 2017, --strict-dates\n",
    );
    // Background facts carry no date: a window keeps them, --strict-dates drops them.
    assert_paths(&["path", "Tokyo", "Japan"], &["tokyo capital_of> japan"]);
    assert_paths(
        &["path", "Tokyo", "Japan", "--at", "2016-04"],
        &["tokyo capital_of> japan"],
    );
    assert_paths(
        &[
            "path",
            "Tokyo",
            "Japan",
            "--at",
            "2016-04",
            "--strict-dates",
        ],
        &["tokyo <visits sergei_lavrov visits> japan"],
    );
}

#[test]
fn path_date_errors_are_reported() {
    // A malformed date is a usage mistake (issue 16): exit 2.
    kg(["path", "Kyodo", "Kurils", "--at", "2016-13"])
        .code(2)
        .stdout_is("")
        .stderr_has(
            "kg: error: invalid value '2016-13' for '--at <DATE>': '2016-13' has no month 13\n",
        );
    kg([
        "path",
        "Kyodo",
        "Kurils",
        "--from-date",
        "2016-05",
        "--to-date",
        "2016-04",
    ])
    .code(2)
    .stdout_is("")
    .stderr_has("kg: error: from_date 2016-05 is after to_date 2016-04");
    // --at with a window is a usage error.
    kg([
        "path",
        "Kyodo",
        "Kurils",
        "--at",
        "2016",
        "--from-date",
        "2016",
    ])
    .code(2)
    .stdout_is("");
}

#[test]
fn path_unknown_names_exit_1_with_a_suggestion() {
    kg(["path", "Kyodoo", "Kurils"])
        .failure()
        .stdout_is("")
        .stderr_is("kg: error: no entity named 'Kyodoo'\nkg: hint: did you mean 'Kyodo'?\n");
    kg(["path", "Kyodo", "Rusia"])
        .failure()
        .stdout_is("")
        .stderr_is("kg: error: no entity named 'Rusia'\nkg: hint: did you mean 'Russia'?\n");
    kg(["path", "Kyodo", "Kurils", "--avoid", "Japn"])
        .failure()
        .stdout_is("")
        .stderr_is("kg: error: no entity named 'Japn'\nkg: hint: did you mean 'Japan'?\n");
    kg(["neighbours", "Lavrof"])
        .failure()
        .stdout_is("")
        .stderr_is("kg: error: no entity named 'Lavrof'\nkg: hint: did you mean 'Lavrov'?\n");
    // Nothing close: no hint at all.
    kg(["path", "Kyodo", "Atlantis"])
        .failure()
        .stdout_is("")
        .stderr_is("kg: error: no entity named 'Atlantis'\n");
}

#[test]
fn path_unknown_types_exit_1_with_a_suggestion() {
    kg(["path", "Kyodo", "Kurils", "--relations", "based_in,claim"])
        .failure()
        .stdout_is("")
        .stderr_is("kg: error: unknown relation type 'claim'\nkg: hint: did you mean 'claims'?\n");
    kg(["path", "Kyodo", "Kurils", "--exclude-relations", "vists"])
        .failure()
        .stdout_is("")
        .stderr_is("kg: error: unknown relation type 'vists'\nkg: hint: did you mean 'visits'?\n");
    kg(["neighbours", "Japan", "--relations", "claimz"])
        .failure()
        .stdout_is("")
        .stderr_is("kg: error: unknown relation type 'claimz'\nkg: hint: did you mean 'claims'?\n");
    kg(["path", "Kyodo", "Kurils", "--via-types", "contry"])
        .failure()
        .stdout_is("")
        .stderr_is("kg: error: unknown entity type 'contry'\nkg: hint: did you mean 'country'?\n");
}

#[test]
fn path_bounds_and_conflicts() {
    // Zero paths is no question: a usage error, as the grammar says.
    kg(["path", "Kyodo", "Kurils", "-k", "0"])
        .code(2)
        .stdout_is("")
        .stderr_has("error: invalid value '0' for '--k <K>': must be a whole number ≥ 1, got 0");
    // --all and -k together are a usage error.
    kg(["path", "Kyodo", "Kurils", "--all", "-k", "2"])
        .code(2)
        .stdout_is("");
    // --all --limit 1: one path, and the answer says it was cut.
    let (out, v, got) = paths(&["path", "Kyodo", "Russia", "--all", "--limit", "1"]);
    assert_eq!(
        got,
        ["kyodo_news based_in> japan <diplomatic_relations_with russia"],
        "{}",
        out.report()
    );
    assert_eq!(v["truncated"], true, "{}", out.report());
    assert_eq!(v["limit"], 1, "{}", out.report());
    let reason = v["reason"].as_str().unwrap_or_default();
    assert!(reason.contains("raise 'limit'"), "{}", out.report());
    kg(["path", "Kyodo", "Russia", "--all", "--limit", "1"])
        .success()
        .stdout_has(&format!(
            "\n(truncated: {})\n",
            reason.replace("'limit'", "--limit")
        ));
    // -k above --limit: cut at the limit, with a reason.
    let (out, v, got) = paths(&["path", "Kyodo", "Russia", "-k", "3", "--limit", "2"]);
    assert_eq!(got.len(), 2, "{}", out.report());
    assert_eq!(v["truncated"], true, "{}", out.report());
    assert!(v["reason"].is_string(), "{}", out.report());
}

/// `(id, distance)` of the nodes of a neighbours answer, in answer order.
fn node_distances(v: &Value) -> Vec<(String, u64)> {
    v["nodes"]
        .as_array()
        .expect("nodes is an array")
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap().to_string(),
                n["distance"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// `from type to` of each edge of an answer, in answer order.
fn edge_triples(v: &Value) -> Vec<String> {
    v["edges"]
        .as_array()
        .expect("edges is an array")
        .iter()
        .map(|e| format!("{} {} {}", e["from"], e["type"], e["to"]).replace('"', ""))
        .collect()
}

#[test]
fn neighbours_depth_2_with_relations() {
    let args = [
        "neighbours",
        "Japan",
        "--depth",
        "2",
        "--relations",
        "claims,visits",
    ];
    // Japan claims the Kurils and is visited by Lavrov; Russia also claims the
    // Kurils and Lavrov also visits Tokyo. Abe's visit to Russia is 3 hops out.
    let (out, v) = json(&args);
    assert_eq!(v["center"]["id"], "japan", "{}", out.report());
    assert_eq!(v["depth"], 2, "{}", out.report());
    let want: Vec<(String, u64)> = [
        ("kuril_islands", 1),
        ("sergei_lavrov", 1),
        ("russia", 2),
        ("tokyo", 2),
    ]
    .iter()
    .map(|(id, d)| (id.to_string(), *d))
    .collect();
    assert_eq!(node_distances(&v), want, "{}", out.report());
    assert_eq!(
        edge_triples(&v),
        [
            "japan claims kuril_islands",
            "russia claims kuril_islands",
            "sergei_lavrov visits japan",
            "sergei_lavrov visits tokyo",
        ],
        "{}",
        out.report()
    );
    assert_eq!(v["truncated"], false, "{}", out.report());
    kg(args).success().stderr_is("").stdout_is(
        "\
Japan: 4 entities within 2 hops
filters: --relations claims, visits

distance 1 (2)
  claims
    Kuril Islands (territory)
  visited by
    Sergei Lavrov (person)

distance 2 (2)
  claimed by
    Russia (country)  via Kuril Islands
  visits
    Tokyo (city)  via Sergei Lavrov
",
    );
    // One hop further, Abe (who visits Russia) joins.
    let (out, v) = json(&[
        "neighbours",
        "Japan",
        "--depth",
        "3",
        "--relations",
        "claims,visits",
    ]);
    assert_eq!(
        node_distances(&v).last(),
        Some(&("shinzo_abe".to_string(), 3)),
        "{}",
        out.report()
    );
}

#[test]
fn neighbours_depth_1_lists_every_adjacent_entity() {
    let (out, v) = json(&["neighbours", "Japan"]);
    let got: BTreeMap<String, u64> = node_distances(&v).into_iter().collect();
    let want: BTreeMap<String, u64> = [
        "kuril_islands",
        "kyodo_news",
        "russia",
        "sergei_lavrov",
        "shinzo_abe",
        "tokyo",
        "united_states",
    ]
    .iter()
    .map(|id| (id.to_string(), 1))
    .collect();
    assert_eq!(got, want, "{}", out.report());
    // Ordered by distance, then name.
    let names: Vec<&str> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "{}", out.report());
}

#[test]
fn neighbours_filters_apply() {
    // Out along stored directions from Lavrov: his office, his visits, Abe.
    let (out, v) = json(&["neighbours", "Lavrov", "--direction", "out"]);
    let ids: Vec<String> = node_distances(&v).into_iter().map(|(id, _)| id).collect();
    assert_eq!(
        ids,
        ["japan", "russia", "shinzo_abe", "tokyo"],
        "{}",
        out.report()
    );
    // Nothing points at Lavrov.
    let (out, v) = json(&["neighbours", "Lavrov", "--direction", "in"]);
    assert_eq!(node_distances(&v), [], "{}", out.report());
    // Avoided entities are neither listed nor passed through: from the Kurils,
    // only Russia's side of the graph is left.
    let (out, v) = json(&["neighbours", "Kurils", "--depth", "2", "--avoid", "Japan"]);
    assert_eq!(
        ids_at(&v),
        [
            "1 russia",
            "2 igor_morgulov",
            "2 moscow",
            "2 north_korea",
            "2 ria_novosti",
            "2 sergei_lavrov",
            "2 shinzo_abe",
            "2 sputnik",
            "2 united_states",
        ],
        "{}",
        out.report()
    );
    // Only news agencies are passed through: Japan and Tokyo end the walk, Sputnik
    // leads on.
    let (out, v) = json(&[
        "neighbours",
        "Kyodo",
        "--depth",
        "2",
        "--via-types",
        "news_agency",
    ]);
    assert_eq!(
        ids_at(&v),
        [
            "1 japan",
            "1 sputnik",
            "1 tokyo",
            "2 igor_morgulov",
            "2 moscow",
            "2 ria_novosti",
            "2 russia",
        ],
        "{}",
        out.report()
    );
    // On 2016-03-13 with --strict-dates: Russia's message to North Korea (that day)
    // and Abe's visit (valid in 2016); everything else has no validity (the dates
    // of its evidence say when it was reported, not when it held).
    let (out, v) = json(&[
        "neighbours",
        "Russia",
        "--depth",
        "3",
        "--at",
        "2016-03-13",
        "--strict-dates",
    ]);
    assert_eq!(
        ids_at(&v),
        ["1 north_korea", "1 shinzo_abe"],
        "{}",
        out.report()
    );
    assert_eq!(
        edge_triples(&v),
        [
            "russia urges_restraint_on north_korea",
            "shinzo_abe visits russia"
        ],
        "{}",
        out.report()
    );
}

/// `"DISTANCE ID"` of each node of a neighbours answer, in answer order.
fn ids_at(v: &Value) -> Vec<String> {
    node_distances(v)
        .into_iter()
        .map(|(id, d)| format!("{d} {id}"))
        .collect()
}

#[test]
fn neighbors_is_an_alias() {
    let a = kg([
        "neighbours",
        "Japan",
        "--depth",
        "2",
        "--relations",
        "claims,visits",
    ]);
    let b = kg([
        "neighbors",
        "Japan",
        "--depth",
        "2",
        "--relations",
        "claims,visits",
    ]);
    a.success();
    b.success().stdout_is(&a.stdout).stderr_is(&a.stderr);
    // Several words need no quotes.
    let c = kg(["neighbors", "North", "Korea"]);
    c.success()
        .stdout_has("North Korea: 2 entities within 1 hop\n");
}

#[test]
fn neighbours_limit_truncates_with_a_reason() {
    let (out, v) = json(&["neighbours", "Japan", "--limit", "1"]);
    // Seven entities are next to Japan; the first by name is kept.
    assert_eq!(
        node_distances(&v),
        [("kuril_islands".to_string(), 1)],
        "{}",
        out.report()
    );
    assert_eq!(v["truncated"], true, "{}", out.report());
    assert_eq!(v["limit"], 1, "{}", out.report());
    let reason = v["reason"]
        .as_str()
        .unwrap_or_else(|| panic!("a truncated answer gives a reason\n{}", out.report()));
    assert!(
        reason.contains("raise 'limit'"),
        "the reason says what to do: {reason:?}\n{}",
        out.report()
    );
    // The command line names its option where JSON names the field (issue 15).
    assert_eq!(v["bound"], "limit", "{}", out.report());
    kg(["neighbours", "Japan", "--limit", "1"])
        .success()
        .stdout_has("Kuril Islands (territory)")
        .stdout_has(&format!(
            "\n(truncated: {})\n",
            reason.replace("'limit'", "--limit")
        ));
    // A limit that is not reached cuts nothing.
    let (out, v) = json(&["neighbours", "Japan", "--limit", "7"]);
    assert_eq!(v["truncated"], false, "{}", out.report());
    assert!(v.get("reason").is_none(), "{}", out.report());
    assert_eq!(node_distances(&v).len(), 7, "{}", out.report());
}

#[test]
fn same_command_twice_gives_the_same_bytes() {
    let commands: [&[&str]; 8] = [
        &["path", "Kyodo", "Kurils"],
        &["path", "Kyodo", "Russia", "--all"],
        &["path", "Kyodo", "Kurils", "-k", "7", "--format", "json"],
        &["path", "US", "Kurils", "--all", "--format", "dot"],
        &["neighbours", "Japan", "--depth", "3"],
        &["neighbours", "Japan", "--depth", "2", "--format", "json"],
        &["show", "Russia", "--format", "json"],
        &["stats"],
    ];
    for args in commands {
        let a = kg(args);
        let b = kg(args);
        a.success();
        b.success().stdout_is(&a.stdout).stderr_is(&a.stderr);
    }
}

/// The `kg query` request for the words of a `path FROM TO [--all]` or
/// `neighbours NAME [--depth 2]` command line, with the fields of `extra`.
fn request_for(args: &[&str], mut extra: Value) -> Value {
    extra["op"] = Value::from(args[0]);
    let names: &[&str] = if args[0] == "path" {
        &["from", "to"]
    } else {
        &["name"]
    };
    for (field, value) in names.iter().zip(&args[1..]) {
        extra[*field] = Value::from(*value);
    }
    if args.contains(&"--all") {
        extra["all"] = Value::Bool(true);
    }
    if args.contains(&"--depth") {
        extra["depth"] = Value::from(2);
    }
    extra
}

/// `v` with every relation's evidence emptied and no sources: what
/// `--no-evidence` must answer.
fn evidence_dropped(mut v: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(o) => {
                o.remove("sources");
                if let Some(e) = o.get_mut("evidence") {
                    *e = Value::Array(Vec::new());
                }
                o.values_mut().for_each(walk);
            }
            Value::Array(a) => a.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut v);
    v
}

// See: #18. `--no-evidence` (`"no_evidence": true` in kg query) answers the same
// routes and neighbourhoods with no evidence and no sources, on the command line
// and in a batch alike.
#[test]
fn r18_no_evidence_answers_the_same_without_evidence() {
    for args in [
        &["path", "Kyodo", "Kurils"][..],
        &["path", "Lavrov", "Japan", "--all"],
        &["neighbours", "Japan", "--depth", "2"],
    ] {
        let (_, full) = json(args);
        assert!(
            full["sources"].as_array().is_some_and(|s| !s.is_empty()),
            "the full answer cites sources: {full}"
        );
        let with: Vec<&str> = args.iter().copied().chain(["--no-evidence"]).collect();
        let (out, bare) = json(&with);
        assert_eq!(bare, evidence_dropped(full.clone()), "{}", out.report());
        let request = request_for(args, serde_json::json!({"id": 1, "no_evidence": true}));
        let out = crate::util::TestCommand::new()
            .args(["query"])
            .run_with_stdin(format!("{request}\n"));
        out.success();
        let line: Value = out.json();
        assert_eq!(line["result"], bare, "{}", out.report());
    }
}

// See: #18. `"evidence": false` is another spelling of `"no_evidence": true`
// for path, neighbours and match; `"evidence": true` is the default; both
// fields saying opposite things are refused, naming them.
#[test]
fn r18_evidence_false_is_no_evidence_true() {
    let asks = [
        serde_json::json!({"op": "path", "from": "Kyodo", "to": "Kurils"}),
        serde_json::json!({"op": "neighbours", "of": "Japan", "depth": 2}),
        serde_json::json!({"op": "match",
            "query": "MATCH (p:person)-[v:visits]->(x) RETURN p, x"}),
    ];
    let mut input = String::new();
    for ask in &asks {
        for shape in [
            serde_json::json!({}),
            serde_json::json!({"evidence": true}),
            serde_json::json!({"no_evidence": true}),
            serde_json::json!({"evidence": false}),
            serde_json::json!({"evidence": false, "no_evidence": true}),
        ] {
            let mut r = ask.clone();
            for (k, v) in shape.as_object().expect("an object") {
                r[k] = v.clone();
            }
            input.push_str(&format!("{r}\n"));
        }
    }
    input.push_str(
        "{\"op\": \"path\", \"from\": \"Kyodo\", \"to\": \"Kurils\", \"evidence\": true, \"no_evidence\": true}\n",
    );
    input
        .push_str("{\"op\": \"match\", \"query\": \"MATCH (p) RETURN p\", \"evidence\": \"no\"}\n");
    input.push_str("{\"op\": \"stats\", \"evidence\": false}\n");
    let out = crate::util::TestCommand::new()
        .args(["query"])
        .run_with_stdin(input);
    out.failure();
    let lines: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), asks.len() * 5 + 3, "{}", out.report());
    for (i, group) in lines[..asks.len() * 5].chunks(5).enumerate() {
        assert!(group.iter().all(|l| l["ok"] == true), "{}", out.report());
        let sources = |l: &Value| l["result"]["sources"].as_array().map_or(0, Vec::len);
        assert!(
            sources(&group[0]) > 0,
            "ask {i} cites sources: {}",
            group[0]
        );
        assert_eq!(group[1]["result"], group[0]["result"], "ask {i}");
        assert_eq!(sources(&group[2]), 0, "ask {i}: {}", group[2]);
        assert_ne!(group[2]["result"], group[0]["result"], "ask {i}");
        assert_eq!(group[3]["result"], group[2]["result"], "ask {i}");
        assert_eq!(group[4]["result"], group[2]["result"], "ask {i}");
    }
    let errors = &lines[asks.len() * 5..];
    let message = |l: &Value| l["error"]["message"].as_str().unwrap_or("").to_string();
    assert!(errors.iter().all(|l| l["ok"] == false), "{}", out.report());
    assert!(
        message(&errors[0])
            .contains("'evidence': true and 'no_evidence': true say opposite things"),
        "{}",
        errors[0]
    );
    assert!(
        message(&errors[1]).contains("'evidence' is true or false"),
        "{}",
        errors[1]
    );
    assert!(
        message(&errors[2]).contains("'stats' takes no field 'evidence'"),
        "{}",
        errors[2]
    );
}

// See: #18. `kg query --jobs 4` answers questions on four threads and writes
// exactly the bytes one thread writes: answers in request order, errors at
// their place, edits, `set` and `undo` seen by the requests after them and by
// none before. `--jobs 0` is a usage error.
#[test]
fn r18_jobs_answer_in_order_with_edits_as_barriers() {
    let names = [
        "Kyodo", "Kurils", "Japan", "Russia", "Lavrov", "Abe", "Sputnik", "Kishida",
    ];
    let mut input = String::new();
    let mut id = 0;
    let mut push = |r: Value, input: &mut String| {
        let mut r = r;
        r["id"] = Value::from(id);
        id += 1;
        input.push_str(&format!("{r}\n"));
    };
    for round in 0..6 {
        for (i, a) in names.iter().enumerate() {
            let b = names[(i + round + 1) % names.len()];
            push(
                serde_json::json!({"op": "path", "from": a, "to": b, "k": 2}),
                &mut input,
            );
            push(
                serde_json::json!({"op": "neighbours", "of": a, "depth": 2}),
                &mut input,
            );
            push(
                serde_json::json!({"op": "match",
                "query": format!("MATCH (x {{name: \"{a}\"}})-[r]-(y) RETURN x, type(r), y")}),
                &mut input,
            );
            // Questions about an entity that exists only between the add and the undo.
            push(
                serde_json::json!({"op": "path", "from": "Suga", "to": a}),
                &mut input,
            );
            push(serde_json::json!({"op": "show", "name": a}), &mut input);
        }
        // A line that is no request, and one with an unknown op, keep their place.
        input.push_str("{\"op\": \"path\", \"from\": \n");
        push(
            serde_json::json!({"op": "paht", "from": "Kyodo"}),
            &mut input,
        );
        match round {
            1 => {
                push(
                    serde_json::json!({"op": "add_entity", "name": "Suga", "type": "person"}),
                    &mut input,
                );
                push(
                    serde_json::json!({"op": "add_relation", "from": "Suga", "type": "visits", "to": "Kurils"}),
                    &mut input,
                );
            }
            2 => push(
                serde_json::json!({"op": "set", "setting": "timeout", "value": "5s"}),
                &mut input,
            ),
            3 => {
                push(serde_json::json!({"op": "undo"}), &mut input);
                push(serde_json::json!({"op": "undo"}), &mut input);
            }
            _ => push(serde_json::json!({"op": "stats"}), &mut input),
        }
    }
    let run = |jobs: &str| {
        crate::util::TestCommand::new()
            .args(["query", "--jobs", jobs])
            .run_with_stdin(input.clone())
    };
    let one = run("1");
    one.failure();
    let lines: Vec<Value> = one
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), input.lines().count(), "{}", one.report());
    // The batch holds answers, errors, and edits that change later answers.
    let ok = lines.iter().filter(|l| l["ok"] == true).count();
    assert!(ok > 150 && ok < lines.len(), "{ok} of {}", lines.len());
    for l in &lines {
        let asked = l["result"].to_string();
        if asked.contains("undo") || asked.contains("added") || asked.contains("timeout") {
            assert_eq!(l["ok"], true, "{l}");
        }
    }
    let suga_found = lines
        .iter()
        .filter(|l| l["ok"] == true && l["result"]["from"]["name"] == "Suga")
        .count();
    assert!(suga_found > 0, "the added entity is seen after its add");
    for jobs in ["2", "4"] {
        let many = run(jobs);
        many.failure().stderr_is("");
        assert!(
            many.stdout == one.stdout,
            "--jobs {jobs} wrote other bytes than --jobs 1\n{}",
            many.report()
        );
    }
    crate::util::TestCommand::new()
        .args(["query", "--jobs", "0"])
        .run_with_stdin("")
        .code(2)
        .stderr_has("kg: error: invalid value '0' for '--jobs <N>'");
}

/// `full` (a path or neighbourhood answer) cut down as `fields` says, worked
/// out on the whole answer: the entities keep the listed entity fields, the
/// relations go unless `relations` or `evidence` is listed, and the evidence
/// and sources unless `evidence` is.
fn shaped(mut full: Value, fields: &[&str]) -> Value {
    let keep_entity = |e: &mut Value| {
        let o = e.as_object_mut().expect("an entity");
        for (f, key) in [
            ("id", "id"),
            ("name", "name"),
            ("type", "type"),
            ("type", "untyped"),
        ] {
            if !fields.contains(&f) {
                o.remove(key);
            }
        }
    };
    let relations = fields.contains(&"relations") || fields.contains(&"evidence");
    for end in ["from", "to", "center"] {
        if let Some(e) = full.get_mut(end) {
            keep_entity(e);
        }
    }
    if let Some(nodes) = full.get_mut("nodes").and_then(Value::as_array_mut) {
        nodes.iter_mut().for_each(keep_entity);
    }
    if let Some(edges) = full.get_mut("edges").filter(|_| !relations) {
        *edges = Value::Array(Vec::new());
    }
    for p in full
        .get_mut("paths")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        p["nodes"]
            .as_array_mut()
            .expect("nodes")
            .iter_mut()
            .for_each(keep_entity);
        if !relations {
            p["edges"] = Value::Array(Vec::new());
            p["hops"] = Value::Array(Vec::new());
        }
    }
    if fields.contains(&"evidence") {
        full
    } else {
        evidence_dropped(full)
    }
}

// See: #18. `--fields` (`"fields"` in kg query) gives the answer with only the
// parts it names, on the command line and in a batch alike; lists that would
// show nothing or contradict `--no-evidence`, unknown names and a text answer
// are refused with what to do.
#[test]
fn r18_fields_keep_only_what_they_name() {
    let lists: [&[&str]; 6] = [
        &["id"],
        &["name"],
        &["id", "type"],
        &["id", "relations"],
        &["name", "evidence"],
        &["id", "name", "type", "relations", "evidence"],
    ];
    for args in [
        &["path", "Kyodo", "Kurils"][..],
        &["path", "Lavrov", "Japan", "--all"],
        &["neighbours", "Japan", "--depth", "2"],
    ] {
        let (_, full) = json(args);
        let mut input = String::new();
        let mut want = Vec::new();
        for fields in lists {
            let list = fields.join(",");
            let with: Vec<&str> = args.iter().copied().chain(["--fields", &list]).collect();
            let (out, got) = json(&with);
            let expected = shaped(full.clone(), fields);
            assert_eq!(got, expected, "--fields {list}: {}", out.report());
            let request = request_for(args, serde_json::json!({"fields": fields}));
            input.push_str(&format!("{request}\n"));
            want.push(expected);
        }
        let out = crate::util::TestCommand::new()
            .args(["query"])
            .run_with_stdin(input);
        out.success();
        let lines: Vec<Value> = out
            .stdout
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect();
        assert_eq!(lines.len(), want.len(), "{}", out.report());
        for (line, w) in lines.iter().zip(&want) {
            assert_eq!(&line["result"], w, "{}", out.report());
        }
    }

    let refused = |args: &[&str], says: &str| {
        // Usage errors, all of them: the command line asked for what cannot be.
        kg(args).code(2).stderr_has(says);
    };
    refused(
        &["path", "Kyodo", "Kurils", "--fields", "id"],
        "shapes JSON answers",
    );
    refused(
        &[
            "neighbours",
            "Japan",
            "--fields",
            "relations",
            "--format",
            "json",
        ],
        "none of id, name, type",
    );
    refused(
        &[
            "path", "Kyodo", "Kurils", "--fields", "nam", "--format", "json",
        ],
        "a similar value exists: 'name'",
    );
    refused(
        &[
            "path",
            "Kyodo",
            "Kurils",
            "--fields",
            "id,evidence",
            "--no-evidence",
            "--format",
            "json",
        ],
        "give one of them",
    );
    // The whole list is the whole answer, which a text answer can show.
    kg([
        "path",
        "Kyodo",
        "Kurils",
        "--fields",
        "id,name,type,relations,evidence",
    ])
    .success();
    let out = crate::util::TestCommand::new()
        .args(["query"])
        .run_with_stdin("{\"id\": 7, \"op\": \"path\", \"from\": \"Kyodo\", \"to\": \"Kurils\", \"fields\": [\"nme\"]}\n");
    let line: Value = out.json();
    assert_eq!(line["ok"], false, "{}", out.report());
    assert!(
        line["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("fields")),
        "{}",
        out.report()
    );
}
