//! `kg show` bounded (issue 15, item 3): `--limit` (default 100) keeps the most
//! recent relations and says so ("showing 100 of 1,942 relations", a closing note
//! naming the option of the front end in use), and the relation and date filters
//! of `path` and `neighbours` apply with the same meaning.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::util::{kg, root, Output, TestCommand};

/// Runs `kg ARGS... --format json`, which must succeed, and parses the answer.
#[track_caller]
fn json(args: &[&str]) -> Value {
    let out = kg(args.iter().copied().chain(["--format", "json"]));
    out.success().stderr_is("");
    out.json::<Value>()
}

/// The relation numbers of an entity answer.
fn numbers(answer: &Value) -> BTreeSet<u64> {
    answer["relations"]
        .as_array()
        .expect("relations is an array")
        .iter()
        .map(|r| r["number"].as_u64().expect("a relation number"))
        .collect()
}

/// ICEWS14 as the README loads it, or a failure naming what is missing.
fn icews14() -> String {
    let dir = root().join("../shared/data/icews14");
    assert!(
        dir.is_dir(),
        "this test needs the shared data set at {}",
        dir.display()
    );
    "../shared/data/icews14".to_string()
}

const LAVROV: &str = "Sergey Viktorovich Lavrov";

/// The README's example, which printed 2,070 lines: now a header that says how
/// much is shown, the relations grouped as before with their groups' totals, and
/// a closing note naming `--limit`.
#[test]
fn r15_show_on_icews14_is_bounded_and_says_so() {
    let graph = icews14();
    let args = ["show", "--graph", &graph, "--epoch", "2014-01-01", LAVROV];
    let out = kg(args);
    out.success().stderr_is("");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines.len() < 200, "{} lines:\n{}", lines.len(), out.stdout);
    assert_eq!(
        lines[2],
        "  showing 100 of 1,942 relations",
        "{}",
        out.report()
    );
    for group in ["\nConsult (17 of 261)\n", "\nMake statement (11 of 141)\n"] {
        out.stdout_has(group);
    }
    out.stdout_has("\nnone shown of ");
    assert_eq!(
        lines.last().copied(),
        Some(
            "(truncated: more than 100 relations; the 100 most recent are shown; \
             raise --limit to see more)"
        ),
        "{}",
        out.report()
    );
}

/// Which 100 are kept: the most recent, by validity (ICEWS events have a date
/// each), ties in the answer's order; checked against the whole list.
#[test]
fn r15_show_keeps_the_most_recent_relations() {
    let graph = icews14();
    let base = ["show", "--graph", &graph, "--epoch", "2014-01-01", LAVROV];
    let cut = json(&base);
    let all = json(&[&base[..], &["--limit", "5000"]].concat());
    assert_eq!(all["total"], 1942);
    assert_eq!(all["truncated"], false);
    assert_eq!(all["relations"].as_array().unwrap().len(), 1942);
    assert_eq!(cut["total"], 1942);
    assert_eq!(cut["limit"], 100);
    assert_eq!(cut["truncated"], true);
    assert_eq!(cut["bound"], "limit");
    let kept = numbers(&cut);
    assert_eq!(kept.len(), 100);
    // The dates of every relation, latest first: the 100th is the cut-off.
    let valid = |r: &Value| {
        r["valid"]
            .as_str()
            .expect("an ICEWS event date")
            .to_string()
    };
    let mut dates: Vec<String> = all["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(valid)
        .collect();
    dates.sort_unstable_by(|a, b| b.cmp(a));
    let cutoff = &dates[99];
    for r in all["relations"].as_array().unwrap() {
        let n = r["number"].as_u64().unwrap();
        let d = valid(r);
        if d > *cutoff {
            assert!(
                kept.contains(&n),
                "#{n} of {d} is after the cut-off {cutoff}"
            );
        } else if d < *cutoff {
            assert!(
                !kept.contains(&n),
                "#{n} of {d} is before the cut-off {cutoff}"
            );
        }
    }
    // The kept ones are listed as the whole list lists them.
    let order: Vec<u64> = all["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_u64().unwrap())
        .filter(|n| kept.contains(n))
        .collect();
    let listed: Vec<u64> = cut["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_u64().unwrap())
        .collect();
    assert_eq!(listed, order);
    // Groups: shown and total agree with the lists.
    let groups = cut["groups"].as_array().unwrap();
    let shown: u64 = groups.iter().map(|g| g["shown"].as_u64().unwrap()).sum();
    let total: u64 = groups.iter().map(|g| g["total"].as_u64().unwrap()).sum();
    assert_eq!((shown, total), (100, 1942));
}

/// `kg query` gets the JSON field (`limit`) in its reason and `bound`, the REPL
/// the option, as the command line does.
#[test]
fn r15_truncation_notes_name_the_option_of_the_front_end() {
    let request = json!({"id": 1, "op": "show", "name": "Japan", "limit": 2});
    let out = TestCommand::new()
        .arg("query")
        .run_with_stdin(format!("{request}\n"));
    out.success();
    let answer: Value = serde_json::from_str(out.stdout.trim()).unwrap();
    let r = &answer["result"];
    assert_eq!(r["truncated"], true, "{}", out.report());
    assert_eq!(r["bound"], "limit");
    assert_eq!(r["limit"], 2);
    assert_eq!(r["total"], 11);
    assert_eq!(r["relations"].as_array().unwrap().len(), 2);
    let reason = r["reason"].as_str().unwrap();
    assert!(reason.ends_with("; raise 'limit' to see more"), "{reason}");

    let repl =
        TestCommand::new().run_with_stdin("show Japan --limit 2\nneighbours Japan --limit 2\n");
    repl.success();
    repl.stdout_has("  showing 2 of 11 relations\n");
    repl.stdout_has("; raise --limit to see more)\n");
    repl.stdout_has(
        "\n(truncated: more than 2 entities within 1 hop; raise --limit to see more)\n",
    );
    assert!(!repl.stdout.contains("'limit'"), "{}", repl.report());
}

#[test]
fn r15_neighbours_say_their_bound() {
    let v = json(&["neighbours", "Japan", "--limit", "2"]);
    assert_eq!(v["truncated"], true);
    assert_eq!(v["bound"], "limit");
    let whole = json(&["neighbours", "Japan"]);
    assert_eq!(whole["truncated"], false);
    assert_eq!(whole.get("bound"), None);
    let out = kg(["neighbours", "Japan", "--limit", "2"]);
    out.success()
        .stdout_has("Japan: showing 2 of more than 2 entities within 1 hop\n");
    assert!(
        out.stdout.ends_with(
            "\n(truncated: more than 2 entities within 1 hop; raise --limit to see more)\n"
        ),
        "{}",
        out.report()
    );
}

/// A cut answer's headings say how many of each group are shown of how many, and
/// groups the cut emptied are named, so nothing disappears unsaid.
#[test]
fn r15_show_headings_count_what_is_shown_of_what() {
    let out = kg(["show", "Japan", "--limit", "3"]);
    out.success().stderr_is("");
    out.stdout_has("\n  showing 3 of 11 relations\n");
    let headings: Vec<&str> = out
        .stdout
        .lines()
        .skip(1)
        .filter(|l| l.ends_with(')') && !l.starts_with(' ') && !l.starts_with('('))
        .collect();
    assert_eq!(headings.len(), 3, "{}", out.report());
    out.stdout_has("\nnone shown of 8 other groups (8 relations):\n");
    // Undated facts first (they hold throughout): Tokyo is the capital.
    out.stdout_has("\nhas capital (1)\n  → Tokyo (city)");
    // Not cut: no count line, no note.
    let whole = kg(["show", "Japan"]);
    assert!(!whole.stdout.contains("showing"), "{}", whole.report());
    assert!(!whole.stdout.contains("truncated"), "{}", whole.report());
}

/// The relations `show` keeps under a type or date filter are those of the entity
/// that `neighbours` keeps under the same filter: one meaning for both.
#[test]
fn r15_show_filters_mean_what_they_mean_for_neighbours() {
    let filters: [&[&str]; 5] = [
        &["--relations", "claims,visits"],
        &["--exclude-relations", "claims"],
        &["--at", "2016-04"],
        &["--from-date", "2016-03-15"],
        &["--to-date", "2016-03-13"],
    ];
    for f in filters {
        let shown = json(&[&["show", "Japan"], f].concat());
        let around = json(&[&["neighbours", "Japan"], f].concat());
        let incident: BTreeSet<u64> = around["edges"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["from"] == "japan" || e["to"] == "japan")
            .map(|e| e["number"].as_u64().unwrap())
            .collect();
        assert_eq!(numbers(&shown), incident, "{f:?}");
        assert_eq!(
            shown["total"].as_u64(),
            Some(incident.len() as u64),
            "{f:?}"
        );
    }
    let all = json(&["show", "Japan"]);
    assert_eq!(
        numbers(&json(&["show", "Japan", "--relations", "claims"])).len(),
        1
    );
    // A date tests validity: in 2015 nothing of Japan's happened, and what has
    // no validity holds throughout unless --strict-dates.
    let undated: BTreeSet<u64> = all["relations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("valid").is_none())
        .map(|r| r["number"].as_u64().unwrap())
        .collect();
    assert!(!undated.is_empty() && undated.len() < numbers(&all).len());
    assert_eq!(numbers(&json(&["show", "Japan", "--at", "2015"])), undated);
    assert!(numbers(&json(&["show", "Japan", "--at", "2015", "--strict-dates"])).is_empty());
    assert!(
        numbers(&json(&[
            "show",
            "Japan",
            "--at",
            "2016-04",
            "--strict-dates"
        ]))
        .len()
            < numbers(&all).len()
    );
}

/// `--direction` is seen from the entity: `out` where it is the stored `from`, `in`
/// where it is the `to`, symmetric relations in both; together, everything.
#[test]
fn r15_show_direction_is_seen_from_the_entity() {
    let all = json(&["show", "Japan"]);
    let out = json(&["show", "Japan", "--direction", "out"]);
    let inn = json(&["show", "Japan", "--direction", "in"]);
    let symmetric: BTreeSet<u64> = all["relations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["symmetric"] == true)
        .map(|r| r["number"].as_u64().unwrap())
        .collect();
    assert!(!symmetric.is_empty());
    for (answer, direction) in [(&out, "out"), (&inn, "in")] {
        for r in answer["relations"].as_array().unwrap() {
            assert!(
                r["direction"] == direction || r["symmetric"] == true,
                "{direction}: {r}"
            );
        }
    }
    let (o, i) = (numbers(&out), numbers(&inn));
    assert_eq!(
        o.intersection(&i).copied().collect::<BTreeSet<_>>(),
        symmetric
    );
    assert_eq!(o.union(&i).copied().collect::<BTreeSet<_>>(), numbers(&all));
    assert!(o.len() < numbers(&all).len() && i.len() < numbers(&all).len());
}

#[test]
fn r15_show_refuses_bad_bounds_and_filters() {
    // Malformed option values are usage mistakes (exit 2); an unknown name is an error (1).
    let cases: [(&[&str], i32, &str); 3] = [
        (
            &["show", "Japan", "--limit", "0"],
            2,
            "kg: error: invalid value '0' for '--limit <N>': must be a whole number ≥ 1, got 0\n",
        ),
        (
            &["show", "Japan", "--relations", "clams"],
            1,
            "unknown relation type 'clams'",
        ),
        (
            &["show", "Japan", "--at", "2016-13"],
            2,
            "'2016-13' has no month 13",
        ),
    ];
    for (args, code, message) in cases {
        let out: Output = kg(args);
        out.code(code).stderr_has(message);
        assert_eq!(out.stdout, "", "{}", out.report());
    }
    kg(["show", "Japan", "--relations", "clams"]).stderr_has("kg: hint: did you mean 'claims'?");
}
