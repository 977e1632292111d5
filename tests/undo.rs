//! Edits and undo on the library's session, against the graph's own saved form.
//!
//! Every case is a random sequence of edits on the built-in graph: additions
//! (some invalid: unknown types, names that clash with others by case, empty
//! aliases, bad dates), evidence for relations that are there or not (and
//! relations stated again, which corroborate), removals, aliases and merges,
//! with `undo` mixed in. The
//! reference is the kg JSON the graph saves as, taken before each edit: a failed
//! edit must leave exactly that behind, and each `undo` must return to exactly
//! the state before the edit it takes back (entities and relations in the same
//! order, so even the file's bytes are the same). After every step the indexes
//! kept up to date edit by edit must equal ones built afresh, and a list of
//! names that follows only the names each step changed (as the REPL's Tab
//! completion does) must equal the graph's names.

use std::collections::BTreeSet;

use kg::session::{Edit, Session};
use kg::KnowledgeGraph;
use proptest::prelude::*;

const CASES: u32 = 300;

/// Names of the built-in graph, new names, and names that differ only in case.
const NAMES: [&str; 12] = [
    "Russia",
    "Japan",
    "Kuril Islands",
    "Sergei Lavrov",
    "Shinzo Abe",
    "Tokyo",
    "Kyodo News",
    "Beta",
    "BETA",
    "beta",
    "Alpha",
    "",
];
const ENTITY_TYPES: [Option<&str>; 5] = [
    Some("person"),
    Some("country"),
    Some("city"),
    None,
    Some("planet"),
];
const RELATION_TYPES: [&str; 5] = ["visits", "claims", "trades_with", "based_in", "orbits"];
const SOURCES: [Option<&str>; 4] = [
    Some("sputnik-2016-03-14"),
    Some("background"),
    Some("no-such-source"),
    None,
];
const DATES: [Option<&str>; 4] = [Some("2016-03-14"), Some("2016-02-30"), Some("2016"), None];

#[derive(Debug, Clone)]
// Test data, built once per case: boxing the edit would only add noise.
#[allow(clippy::large_enum_variant)]
enum Step {
    Edit(Edit),
    Undo,
}

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(&NAMES[..]).prop_map(String::from)
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (
            name(),
            prop::sample::select(&ENTITY_TYPES[..]),
            prop::collection::vec(name(), 0..2),
        )
            .prop_map(|(name, kind, aliases)| Edit::AddEntity {
                name,
                kind: kind.map(String::from),
                aliases,
                id: None,
            }),
        (
            name(),
            prop::sample::select(&RELATION_TYPES[..]),
            name(),
            prop::sample::select(&SOURCES[..]),
            prop::sample::select(&DATES[..]),
            prop::option::of(prop::sample::select(&[0.5, 2.0][..])),
        )
            .prop_map(|(from, kind, to, source, date, confidence)| {
                Edit::AddRelation {
                    from,
                    kind: kind.into(),
                    to,
                    quote: source
                        .filter(|s| *s != "background")
                        .map(|_| "a quote".into()),
                    source: source.map(String::from),
                    date: date.map(String::from),
                    valid: None,
                    confidence,
                    attributes: Vec::new(),
                }
            }),
        (
            name(),
            prop::sample::select(&RELATION_TYPES[..]),
            name(),
            prop::sample::select(&SOURCES[..]),
            prop::sample::select(&DATES[..]),
        )
            .prop_map(|(from, kind, to, source, date)| Edit::AddEvidence {
                from,
                kind: kind.into(),
                to,
                relation: None,
                quote: None,
                source: source.map(String::from),
                date: date.map(String::from),
                valid: None,
            }),
        (name(), prop::option::of(prop::sample::select(&DATES[..]))).prop_map(|(id, date)| {
            Edit::AddSource {
                id,
                title: Some("A title".into()),
                publisher: None,
                date: date.flatten().map(String::from),
                url: None,
                kind: None,
                // A text that holds "a quote" (the quote of the relations
                // above) or not, so quotes are checked against texts too.
                text: date.map(|_| "It said a quote, and more.".into()),
            }
        }),
        name().prop_map(|name| Edit::RemoveEntity { name }),
        (name(), prop::sample::select(&RELATION_TYPES[..]), name()).prop_map(|(from, kind, to)| {
            Edit::RemoveRelation {
                from,
                kind: kind.into(),
                to,
            }
        }),
        (name(), name()).prop_map(|(name, alias)| Edit::Alias { name, alias }),
        (name(), name()).prop_map(|(keep, duplicate)| Edit::Merge { keep, duplicate }),
    ]
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        prop_oneof![4 => edit().prop_map(Step::Edit), 1 => Just(Step::Undo)],
        1..24,
    )
}

/// The graph as `save` writes it.
fn saved(g: &KnowledgeGraph) -> String {
    let mut out = Vec::new();
    kg::export::json::write(&mut out, g).unwrap();
    String::from_utf8(out).unwrap()
}

/// Every (entity slot, name or alias) of the graph.
fn names(g: &KnowledgeGraph) -> BTreeSet<(usize, String)> {
    g.entities()
        .flat_map(|(id, e)| {
            std::iter::once(e.name.to_string())
                .chain(e.aliases.iter().map(|a| a.text.to_string()))
                .map(move |n| (id.index(), n))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn failed_edits_change_nothing_and_undo_restores_every_earlier_state(steps in steps()) {
        let mut s = Session::builtin();
        s.watch_names();
        let mut followed = names(s.graph());
        // The saved form before each edit that succeeded and is not undone yet.
        let mut before: Vec<String> = Vec::new();
        for step in &steps {
            let now = saved(s.graph());
            match step {
                Step::Edit(e) => match s.apply(e) {
                    Ok(_) => before.push(now),
                    Err(err) => prop_assert_eq!(
                        saved(s.graph()), now, "{:?} failed ({}) but changed the graph", e, err
                    ),
                },
                Step::Undo => match before.pop() {
                    Some(then) => {
                        s.undo().unwrap();
                        prop_assert_eq!(saved(s.graph()), then, "undo did not restore");
                    }
                    None => prop_assert!(s.undo().is_err()),
                },
            }
            if let Err(why) = s.graph().verify_indexes() {
                prop_assert!(false, "after {:?}: {}", step, why);
            }
            let delta = s.take_name_delta().unwrap();
            // A name an entity bears twice (as its name and an alias) is one entry.
            let gone: BTreeSet<(usize, String)> =
                delta.before.iter().map(|(id, n)| (id.index(), n.to_string())).collect();
            prop_assert!(gone.is_subset(&followed), "{:?} took away names that were not there", step);
            followed.retain(|x| !gone.contains(x));
            for (id, n) in delta.after {
                followed.insert((id.index(), n.to_string()));
            }
            prop_assert_eq!(&followed, &names(s.graph()), "names after {:?}", step);
        }
        while let Some(then) = before.pop() {
            s.undo().unwrap();
            prop_assert_eq!(saved(s.graph()), then);
        }
        prop_assert_eq!(saved(s.graph()), saved(&kg::load::builtin()));
        prop_assert_eq!(s.unsaved(), 0);
    }
}

/// An undo record holds what the edit changed, not the graph: a thousand edits
/// on a graph keep a thousand small records.
#[test]
fn an_undo_record_grows_with_the_edit_not_the_graph() {
    let mut g = KnowledgeGraph::new();
    let text = r#"{"schema":{"entity_types":[{"id":"thing"}],"relation_types":[{"id":"near"}]},
        "entities":[{"id":"a","type":"thing"},{"id":"b","type":"thing"}],
        "relations":[{"from":"a","type":"near","to":"b"}]}"#;
    kg::load::add_json(&mut g, "t.json", text.into()).unwrap();
    let extra: String = (0..2000)
        .map(|i| format!(r#"{{"id":"n{i}","type":"thing"}}"#))
        .collect::<Vec<_>>()
        .join(",");
    kg::load::add_json(&mut g, "more.json", format!(r#"{{"entities":[{extra}]}}"#)).unwrap();
    let ((), changes) = g
        .recording(|g| {
            kg::load::add_json(
                g,
                "<session>",
                r#"{"relations":[{"from":"n1","type":"near","to":"n2"}]}"#.into(),
            )
        })
        .unwrap();
    assert!(changes.len() <= 3, "{changes:?}");
    let (_, removal) = g
        .recording(|g| {
            let id = g.resolve("a").unwrap();
            Ok(g.remove_entity(id))
        })
        .unwrap();
    // The relation, then the entity.
    assert_eq!(removal.len(), 2, "{removal:?}");
}
