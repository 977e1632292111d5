//! `query::path::distance` (the bare traversal the benchmark times) against a plain
//! one-way BFS over the case's own list of relations, by proptest.
//!
//! Each case is a random multigraph of up to 80 entities in one to four parts with no
//! relation between parts (so some pairs are unreachable), relations drawn within a
//! part (self-loops and repeated pairs come up often, and some are added on purpose),
//! sometimes a long chain (deep searches), and a few entities removed afterwards
//! (holes in the store). Every case asks many pairs in a row on one graph, and cases
//! of different sizes follow each other on one thread, so the search state that
//! `distance` reuses across queries must be left clean by every query, whichever way it
//! ended. Pairs include `s == t`, removed entities (never reached; asked about
//! themselves only with another entity) and ids outside the graph (reaching nothing).
//!
//! The reference knows nothing of the engine: adjacency lists built from the relation
//! list, a queue, distances from `s`.
//!
//! The single route of `kg path` with no filter (found by the lean search of
//! `query::bfs::first_route`) is checked the same way, on graphs whose entities share
//! a few names (ties broken by id): it must be the first shortest route in answer
//! order by a reference that walks from `s` to the least (name, id) neighbour one hop
//! nearer `t` by plain BFS distances, and the first route of `--all` (the search that
//! marks every shortest route) and of the same query with a filter that keeps every relation
//! (the filtered search, which marks them too).

use std::collections::VecDeque;

use kg::model::{Entity, EntityId, Relation};
use kg::query::filter::Filter;
use kg::query::{self, Answer, PathQuery, Query};
use kg::KnowledgeGraph;
use proptest::collection::vec;
use proptest::prelude::*;

/// Cases per property unless `PROPTEST_CASES` says otherwise.
const CASES: u32 = 1000;

#[derive(Debug, Clone)]
struct Case {
    /// Entity `v` lies in part `part[v]`.
    part: Vec<usize>,
    /// Relations as (from, to), both in one part.
    rels: Vec<(usize, usize)>,
    /// Entities removed after building.
    removed: Vec<usize>,
    /// Pairs to ask about, as indices (`>= n` means an id outside the graph).
    pairs: Vec<(usize, usize)>,
}

fn case() -> impl Strategy<Value = Case> {
    (1usize..=80, 1usize..=4).prop_flat_map(|(n, parts)| {
        let part = vec(0..parts, n);
        // Mostly sparse (long paths, unreachable pairs), sometimes dense.
        let rels = prop_oneof![
            3 => vec((0..n, 0..n), 0..=n * 2),
            1 => vec((0..n, 0..n), 0..=n * 6),
        ];
        let chain = prop::bool::weighted(0.3);
        let loops = vec(0..n, 0..=3);
        let repeats = vec(any::<prop::sample::Index>(), 0..=5);
        let removed = vec(0..n, 0..=2);
        let pairs = vec((0..n + 2, 0..n + 2), 1..=40);
        (part, rels, chain, loops, repeats, removed, pairs).prop_map(
            move |(part, rels, chain, loops, repeats, removed, pairs)| {
                // Keep only relations within a part, so parts stay apart.
                let mut rels: Vec<(usize, usize)> = rels
                    .into_iter()
                    .filter(|&(a, b)| part[a] == part[b])
                    .collect();
                if chain {
                    // A chain through every entity of part 0, in index order: a deep search.
                    let line: Vec<usize> = (0..n).filter(|&v| part[v] == 0).collect();
                    rels.extend(line.windows(2).map(|w| (w[0], w[1])));
                }
                rels.extend(loops.into_iter().map(|v| (v, v)));
                if !rels.is_empty() {
                    let again: Vec<_> = repeats.iter().map(|i| rels[i.index(rels.len())]).collect();
                    rels.extend(again);
                }
                Case {
                    part,
                    rels,
                    removed,
                    pairs,
                }
            },
        )
    })
}

impl Case {
    fn n(&self) -> usize {
        self.part.len()
    }

    /// The graph, with the `removed` entities (and their relations) taken out.
    fn build(&self) -> (KnowledgeGraph, Vec<EntityId>) {
        self.build_with(|v| (format!("n{v}"), format!("n{v}")))
    }

    /// The graph with entity `v` given the id and name `id_name(v)`, then the
    /// `removed` entities (and their relations) taken out.
    fn build_with(
        &self,
        id_name: impl Fn(usize) -> (String, String),
    ) -> (KnowledgeGraph, Vec<EntityId>) {
        let mut g = KnowledgeGraph::new();
        let kind = g.schema_mut().intern_entity_type("thing");
        let rel = g.schema_mut().intern_relation_type("tie");
        let ids: Vec<EntityId> = (0..self.n())
            .map(|v| {
                let (id, name) = id_name(v);
                g.add_entity(Entity::new(&id, &name, kind))
                    .expect("fresh id")
            })
            .collect();
        for &(a, b) in &self.rels {
            g.add_relation(ids[a], rel, ids[b], Relation::default());
        }
        for &v in &self.removed {
            g.remove_entity(ids[v]);
        }
        (g, ids)
    }

    fn gone(&self, v: usize) -> bool {
        self.removed.contains(&v)
    }

    /// Plain BFS distance from `s` to `t`, direction ignored, removed entities absent.
    fn reference(&self, s: usize, t: usize) -> Option<usize> {
        let n = self.n();
        if s >= n || t >= n || self.gone(s) || self.gone(t) {
            // An id past the end reaches nothing, nor does a removed entity reach any other.
            return None;
        }
        let dist = self.distances_from(s);
        (dist[t] != usize::MAX).then_some(dist[t])
    }

    /// Each present entity's relations' other ends, direction ignored.
    fn lists(&self) -> Vec<Vec<usize>> {
        let mut adj = vec![Vec::new(); self.n()];
        for &(a, b) in &self.rels {
            if !self.gone(a) && !self.gone(b) {
                adj[a].push(b);
                adj[b].push(a);
            }
        }
        adj
    }

    /// Plain BFS distances from `s` (`usize::MAX`: unreached).
    fn distances_from(&self, s: usize) -> Vec<usize> {
        let adj = self.lists();
        let mut dist = vec![usize::MAX; self.n()];
        dist[s] = 0;
        let mut queue = VecDeque::from([s]);
        while let Some(x) = queue.pop_front() {
            for &y in &adj[x] {
                if dist[y] == usize::MAX {
                    dist[y] = dist[x] + 1;
                    queue.push_back(y);
                }
            }
        }
        dist
    }

    /// The first shortest route from `s` to `t` in answer order (entity by entity,
    /// by `names[v]` then id `e{v}`), as entity indices: from `s`, the least
    /// neighbour one hop nearer `t` each time.
    fn first_route(&self, names: &[String], s: usize, t: usize) -> Option<Vec<usize>> {
        let to_t = self.distances_from(t);
        if to_t[s] == usize::MAX {
            return None;
        }
        let adj = self.lists();
        let key = |v: usize| (names[v].clone(), format!("e{v}"));
        let mut route = vec![s];
        let mut x = s;
        while x != t {
            x = adj[x]
                .iter()
                .copied()
                .filter(|&y| to_t[y] + 1 == to_t[x])
                .min_by_key(|&y| key(y))
                .expect("a neighbour nearer t");
            route.push(x);
        }
        Some(route)
    }

    /// The graph with entity `v` as id `e{v}` named `names[v]`, `removed` taken out.
    fn build_named(&self, names: &[String]) -> KnowledgeGraph {
        self.build_with(|v| (format!("e{v}"), names[v].clone())).0
    }
}

/// The first route of a path answer, as entity indices (`e{v}` is entity `v`).
fn first_route(g: &KnowledgeGraph, q: PathQuery) -> Option<Vec<usize>> {
    let Answer::Path(a) = query::run(g, &Query::Path(q)).expect("path runs") else {
        panic!("a path query answers with paths");
    };
    a.paths.first().map(|p| {
        p.nodes
            .iter()
            .map(|n| n.id[1..].parse().expect("an id e<number>"))
            .collect()
    })
}

/// The id `distance` is asked about for index `v`: past the graph's slots when `v >= n`.
fn entity(ids: &[EntityId], v: usize) -> EntityId {
    ids.get(v)
        .copied()
        .unwrap_or_else(|| EntityId::new(ids.len() + 1000 * (v - ids.len() + 1)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Every pair's length is the reference BFS's, whatever came before it.
    #[test]
    fn distance_is_the_bfs_distance(c in case()) {
        let (g, ids) = c.build();
        for &(s, t) in &c.pairs {
            if s == t && s < c.n() && c.gone(s) {
                // Whether a removed entity's slot is still in the store's numbering
                // (and so at distance 0 from itself) is the store's business.
                continue;
            }
            let got = query::path::distance(&g, entity(&ids, s), entity(&ids, t));
            prop_assert_eq!(got, c.reference(s, t), "pair ({}, {})", s, t);
            // Symmetric, as direction is ignored.
            let back = query::path::distance(&g, entity(&ids, t), entity(&ids, s));
            prop_assert_eq!(back, got, "pair ({}, {}) backwards", t, s);
        }
    }

    /// The bare traversal and the route search of `kg path` agree on the length.
    #[test]
    fn distance_is_the_length_of_the_shortest_route(c in case()) {
        let (g, ids) = c.build();
        for &(s, t) in c.pairs.iter().take(8) {
            if s >= c.n() || t >= c.n() || c.gone(s) || c.gone(t) {
                continue;
            }
            let q = PathQuery {
                from: format!("n{s}"),
                to: format!("n{t}"),
                ..PathQuery::default()
            };
            let Answer::Path(a) = query::run(&g, &Query::Path(q)).expect("path runs") else {
                panic!("a path query answers with paths");
            };
            let route = a.paths.first().map(|p| p.length);
            prop_assert_eq!(
                query::path::distance(&g, ids[s], ids[t]),
                route,
                "pair ({}, {})",
                s,
                t
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// The single route with no filter is the first shortest route in answer order:
    /// the reference's, and the first of `--all` and of the filtered search, whatever
    /// came before.
    #[test]
    fn the_route_is_the_first_shortest_route(
        c in case(),
        names in vec(prop::sample::select(vec!["a", "b", "B", "ab", "é"]), 80),
    ) {
        let names: Vec<String> = names[..c.n()].iter().map(|s| s.to_string()).collect();
        let g = c.build_named(&names);
        for &(s, t) in &c.pairs {
            if s >= c.n() || t >= c.n() || c.gone(s) || c.gone(t) {
                continue;
            }
            let q = PathQuery {
                from: format!("e{s}"),
                to: format!("e{t}"),
                ..PathQuery::default()
            };
            let got = first_route(&g, q.clone());
            prop_assert_eq!(&got, &c.first_route(&names, s, t), "pair ({}, {})", s, t);
            let all = PathQuery { all: true, ..q.clone() };
            prop_assert_eq!(&got, &first_route(&g, all), "pair ({}, {}) --all", s, t);
            // A filter that keeps every relation still takes the filtered search.
            let filter = Filter {
                relations: vec!["tie".into()],
                ..Filter::default()
            };
            let filtered = PathQuery { filter, ..q };
            prop_assert_eq!(&got, &first_route(&g, filtered), "pair ({}, {}) --relations tie", s, t);
        }
    }
}

/// A star's hub is one hop from every leaf and leaves are two apart; a hub at one end
/// is the case the cheaper-side rule exists for.
#[test]
fn hubs_and_leaves() {
    let leaves = 500;
    let c = Case {
        part: vec![0; leaves + 2],
        rels: (1..=leaves)
            .map(|v| (0, v))
            .chain([(leaves, leaves + 1)])
            .collect(),
        removed: vec![],
        pairs: vec![],
    };
    let (g, ids) = c.build();
    let d = |a: usize, b: usize| query::path::distance(&g, ids[a], ids[b]);
    assert_eq!(d(0, 7), Some(1));
    assert_eq!(d(7, 0), Some(1));
    assert_eq!(d(3, 9), Some(2));
    assert_eq!(d(3, leaves + 1), Some(3));
    assert_eq!(d(leaves + 1, 0), Some(2));
    assert_eq!(d(leaves + 1, leaves + 1), Some(0));
}
