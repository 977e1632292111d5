//! Property tests of the query engine (library API) against brute-force references.
//!
//! Each case is a random small multigraph (2–9 entities, 0–20 relations, 1–3
//! relation types some of which are symmetric, 1–2 entity types, self-loops and
//! parallel relations allowed, some relations dated by a validity span or by
//! evidence) and a random filter (direction, relations, exclude_relations,
//! via_types, avoid, date window). The reference below is independent of the
//! engine: it works on the list of relations the case was built from, enumerates
//! every simple path exhaustively (routes are their distinct entity sequences,
//! each hop every relation allowed between its two entities) and computes
//! neighbourhoods by a plain BFS.
//!
//! Every relation carries an id `e{i}` (its position in the list, which is also
//! its storage index), so answers can be mapped back to exact relations even
//! between parallel relations of one type.

use std::collections::{BTreeMap, BTreeSet};

use kg::date::{Date, Span};
use kg::model::{Entity, EntityId, Evidence, Relation, RelationDetail, Source};
use kg::query::answer::{NeighboursAnswer, PathAnswer, PathOut};
use kg::query::{self, Answer, Direction, Filter, NeighboursQuery, PathQuery, Query};
use kg::KnowledgeGraph;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::subsequence;

/// Cases per property unless `PROPTEST_CASES` says otherwise.
const CASES: u32 = 1000;
const ENTITY_TYPES: [&str; 2] = ["person", "place"];
const RELATION_TYPES: [&str; 3] = ["knows", "near", "owns"];
/// Few distinct names, so that the name order of answers has ties to break by id.
const NAMES: [&str; 3] = ["Ann", "Bob", "Cy"];
/// Dates of every precision, overlapping in various ways.
const DATES: [&str; 8] = [
    "2015",
    "2016",
    "2016-03",
    "2016-03-05",
    "2016-03-20",
    "2016-03-31",
    "2016-04",
    "2017-01-01",
];

// ----- cases -----

#[derive(Debug, Clone)]
struct Rel {
    from: usize,
    to: usize,
    kind: usize,
    /// Index into `DATES` of the validity span (one date).
    valid: Option<usize>,
    /// Evidence items, each with an optional date (index into `DATES`).
    evidence: Vec<Option<usize>>,
}

#[derive(Debug, Clone, Copy)]
enum Window {
    None,
    At(usize),
    Range(Option<usize>, Option<usize>),
}

#[derive(Debug, Clone)]
struct FilterSpec {
    direction: Direction,
    relations: Vec<usize>,
    exclude: Vec<usize>,
    /// Indices into `via_names()`: 0 is the unused default type `entity`.
    via: Vec<usize>,
    avoid: Vec<usize>,
    window: Window,
    /// `strict_dates`: under a window, relations with no validity are dropped too.
    strict: bool,
}

#[derive(Debug, Clone)]
struct Case {
    types: Vec<usize>,
    names: Vec<usize>,
    entity_types: usize,
    symmetric: Vec<bool>,
    rels: Vec<Rel>,
    filter: FilterSpec,
    /// Two entities to ask about (from/to, or the neighbourhood's center).
    a: usize,
    b: usize,
}

fn via_names(entity_types: usize) -> Vec<&'static str> {
    std::iter::once("entity")
        .chain(ENTITY_TYPES[..entity_types].iter().copied())
        .collect()
}

fn sometimes<T: Clone + std::fmt::Debug + 'static>(
    items: Vec<T>,
) -> impl Strategy<Value = Vec<T>> + Clone {
    let n = items.len();
    prop_oneof![3 => Just(Vec::new()), 1 => subsequence(items, 0..=n)]
}

fn window() -> impl Strategy<Value = Window> {
    let d = 0..DATES.len();
    prop_oneof![
        6 => Just(Window::None),
        1 => d.clone().prop_map(Window::At),
        1 => (prop::option::of(d.clone()), prop::option::of(d))
            .prop_map(|(a, b)| Window::Range(a, b)),
    ]
}

fn case() -> impl Strategy<Value = Case> {
    (2usize..=9, 1usize..=2, 1usize..=3).prop_flat_map(|(n, ne, nr)| {
        let rel = (
            0..n,
            0..n,
            0..nr,
            prop::option::weighted(0.7, 0..DATES.len()),
            vec(prop::option::weighted(0.7, 0..DATES.len()), 0..=1),
        )
            .prop_map(|(from, to, kind, valid, evidence)| Rel {
                from,
                to,
                kind,
                valid,
                evidence,
            });
        let direction = prop_oneof![
            2 => Just(Direction::Any),
            1 => Just(Direction::Out),
            1 => Just(Direction::In)
        ];
        let filter = (
            direction,
            sometimes((0..nr).collect()),
            sometimes((0..nr).collect()),
            sometimes((0..=ne).collect()),
            sometimes((0..n).collect()),
            (window(), prop::bool::weighted(0.3)),
        )
            .prop_map(
                |(direction, relations, exclude, via, avoid, (window, strict))| FilterSpec {
                    direction,
                    relations,
                    exclude,
                    via,
                    avoid,
                    window,
                    strict,
                },
            );
        (
            vec(0..ne, n),
            vec(0..NAMES.len(), n),
            vec(prop::bool::weighted(0.4), nr),
            // Mostly dense enough for several paths between two entities.
            prop_oneof![1 => vec(rel.clone(), 0..=6), 3 => vec(rel, 7..=20)],
            filter,
            0..n,
            0..n,
        )
            .prop_map(move |(types, names, symmetric, rels, filter, a, b)| Case {
                types,
                names,
                entity_types: ne,
                symmetric,
                rels,
                filter,
                a,
                b,
            })
    })
}

fn id(v: usize) -> String {
    format!("n{v}")
}

fn date(i: usize) -> Date {
    DATES[i].parse().expect("test dates parse")
}

impl Case {
    fn build(&self) -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        let et: Vec<_> = ENTITY_TYPES[..self.entity_types]
            .iter()
            .map(|t| g.schema_mut().intern_entity_type(t))
            .collect();
        let rt: Vec<_> = self
            .symmetric
            .iter()
            .enumerate()
            .map(|(i, &sym)| {
                let r = g.schema_mut().intern_relation_type(RELATION_TYPES[i]);
                g.schema_mut().relation_type_mut(r).symmetric = sym;
                r
            })
            .collect();
        let source = g.add_source(Source {
            id: "src".into(),
            ..Source::default()
        });
        let nodes: Vec<EntityId> = (0..self.types.len())
            .map(|v| {
                let e = Entity::new(&id(v), NAMES[self.names[v]], et[self.types[v]]);
                g.add_entity(e).expect("fresh id")
            })
            .collect();
        for (i, r) in self.rels.iter().enumerate() {
            let detail = RelationDetail {
                id: Some(format!("e{i}").into()),
                evidence: r
                    .evidence
                    .iter()
                    .map(|d| Evidence {
                        source,
                        quote: None,
                        date: d.map(date),
                    })
                    .collect(),
                ..RelationDetail::default()
            };
            let rel = Relation {
                valid: r.valid.map(|d| Span::at(date(d))),
                detail: Some(Box::new(detail)),
            };
            g.add_relation(nodes[r.from], rt[r.kind], nodes[r.to], rel);
        }
        g
    }

    /// The filter as a query carries it; `ends` are left out of `avoid`.
    fn filter(&self, ends: &[usize]) -> Filter {
        let f = &self.filter;
        let name = |d: Option<usize>| d.map(|d| DATES[d].to_string());
        let (at, from_date, to_date) = match f.window {
            Window::None => (None, None, None),
            Window::At(d) => (name(Some(d)), None, None),
            Window::Range(a, b) => (None, name(a), name(b)),
        };
        Filter {
            direction: f.direction,
            relations: f
                .relations
                .iter()
                .map(|&r| RELATION_TYPES[r].into())
                .collect(),
            exclude_relations: f
                .exclude
                .iter()
                .map(|&r| RELATION_TYPES[r].into())
                .collect(),
            via_types: f
                .via
                .iter()
                .map(|&t| via_names(self.entity_types)[t].into())
                .collect(),
            avoid: f
                .avoid
                .iter()
                .filter(|v| !ends.contains(v))
                .map(|&v| id(v))
                .collect(),
            at,
            from_date,
            to_date,
            strict_dates: f.strict,
        }
    }

    /// The same graph with no filter at all.
    fn unfiltered(&self) -> Case {
        Case {
            filter: FilterSpec {
                direction: Direction::Any,
                relations: Vec::new(),
                exclude: Vec::new(),
                via: Vec::new(),
                avoid: Vec::new(),
                window: Window::None,
                strict: false,
            },
            ..self.clone()
        }
    }

    fn avoids_an_end(&self, ends: &[usize]) -> bool {
        self.filter.avoid.iter().any(|v| ends.contains(v))
    }

    fn filter_with_avoided_ends(&self) -> Filter {
        let mut f = self.filter(&[]);
        f.avoid = self.filter.avoid.iter().map(|&v| id(v)).collect();
        f
    }
}

// ----- the reference -----

/// A day as `yyyymmdd`.
type Day = u32;

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => 31,
    }
}

/// The first and last day of the period a `YYYY[-MM[-DD]]` string names.
fn period(s: &str) -> (Day, Day) {
    let parts: Vec<u32> = s.split('-').map(|p| p.parse().unwrap()).collect();
    let y = parts[0];
    match parts[..] {
        [_] => (y * 10000 + 101, y * 10000 + 1231),
        [_, m] => (
            y * 10000 + m * 100 + 1,
            y * 10000 + m * 100 + days_in_month(y, m),
        ),
        [_, m, d] => (y * 10000 + m * 100 + d, y * 10000 + m * 100 + d),
        _ => unreachable!(),
    }
}

/// A path as a sequence of (relation index, walked along its stored direction).
type Hops = Vec<(usize, bool)>;

struct Reference<'a> {
    c: &'a Case,
    /// Per relation: allowed by the type filters and the date window.
    usable: Vec<bool>,
    passable: Vec<bool>,
    avoided: Vec<bool>,
}

impl<'a> Reference<'a> {
    /// `None` when the date window is empty (from after to): the engine must refuse it.
    fn new(c: &'a Case, ends: &[usize]) -> Option<Self> {
        let f = &c.filter;
        let window = match f.window {
            Window::None => None,
            Window::At(d) => Some(period(DATES[d])),
            Window::Range(None, None) => None,
            Window::Range(a, b) => {
                let lo = a.map_or(0, |d| period(DATES[d]).0);
                let hi = b.map_or(u32::MAX, |d| period(DATES[d]).1);
                if lo > hi {
                    return None;
                }
                Some((lo, hi))
            }
        };
        let overlaps = |d: Option<usize>| {
            let (lo, hi) = window.unwrap();
            d.is_some_and(|d| {
                let (a, b) = period(DATES[d]);
                a <= hi && b >= lo
            })
        };
        let usable = c
            .rels
            .iter()
            .map(|r| {
                (f.relations.is_empty() || f.relations.contains(&r.kind))
                    && !f.exclude.contains(&r.kind)
                    // Dates judge validity alone; no validity holds throughout
                    // unless `strict`.
                    && (window.is_none()
                        || match r.valid {
                            Some(_) => overlaps(r.valid),
                            None => !f.strict,
                        })
            })
            .collect();
        let n = c.types.len();
        let avoided: Vec<bool> = (0..n)
            .map(|v| f.avoid.contains(&v) && !ends.contains(&v))
            .collect();
        let passable = (0..n)
            .map(|v| !avoided[v] && (f.via.is_empty() || f.via.contains(&(c.types[v] + 1))))
            .collect();
        Some(Reference {
            c,
            usable,
            passable,
            avoided,
        })
    }

    /// Relations that may be walked from `x`: (relation, far end, along stored direction).
    /// Self-loops are left out: they never lie on a simple path or change a distance.
    fn steps(&self, x: usize) -> Vec<(usize, usize, bool)> {
        let dir = self.c.filter.direction;
        let mut out = Vec::new();
        for (i, r) in self.c.rels.iter().enumerate() {
            if !self.usable[i] || r.from == r.to {
                continue;
            }
            let sym = self.c.symmetric[r.kind];
            if r.from == x && (dir != Direction::In || sym) {
                out.push((i, r.to, true));
            } else if r.to == x && (dir != Direction::Out || sym) {
                out.push((i, r.from, false));
            }
        }
        out
    }

    /// Every simple path from `s` to `t` of at most `max_len` relations whose
    /// intermediate entities are passable.
    fn simple_paths(&self, s: usize, t: usize, max_len: Option<usize>) -> Vec<Hops> {
        let mut out = Vec::new();
        if s == t {
            out.push(Vec::new());
            return out;
        }
        let mut on_path = vec![false; self.c.types.len()];
        on_path[s] = true;
        self.extend(
            s,
            t,
            max_len.unwrap_or(usize::MAX),
            &mut on_path,
            &mut Vec::new(),
            &mut out,
        );
        out
    }

    fn extend(
        &self,
        x: usize,
        t: usize,
        budget: usize,
        on_path: &mut [bool],
        hops: &mut Hops,
        out: &mut Vec<Hops>,
    ) {
        if hops.len() == budget {
            return;
        }
        for (i, y, fwd) in self.steps(x) {
            if on_path[y] {
                continue;
            }
            hops.push((i, fwd));
            if y == t {
                out.push(hops.clone());
            } else if self.passable[y] {
                on_path[y] = true;
                self.extend(y, t, budget, on_path, hops, out);
                on_path[y] = false;
            }
            hops.pop();
        }
    }

    /// Plain BFS distance from `s` to `t` (a cross-check of the enumeration).
    fn distance(&self, s: usize, t: usize) -> Option<usize> {
        let mut dist = vec![None; self.c.types.len()];
        dist[s] = Some(0);
        let mut queue = std::collections::VecDeque::from([s]);
        while let Some(x) = queue.pop_front() {
            if x == t {
                break;
            }
            if x != s && !self.passable[x] {
                continue;
            }
            for (_, y, _) in self.steps(x) {
                if dist[y].is_none() {
                    dist[y] = Some(dist[x].unwrap() + 1);
                    queue.push_back(y);
                }
            }
        }
        dist[t]
    }

    /// Distances of everything within `depth` of `center` (center excluded): only
    /// the center and passable entities are walked through, avoided ones never reached.
    fn neighbourhood(&self, center: usize, depth: usize) -> BTreeMap<usize, usize> {
        let mut dist: BTreeMap<usize, usize> = BTreeMap::from([(center, 0)]);
        let mut frontier = vec![center];
        for level in 1..=depth {
            let mut next = Vec::new();
            for &x in &frontier {
                if x != center && !self.passable[x] {
                    continue;
                }
                for (_, y, _) in self.steps(x) {
                    if !self.avoided[y] && !dist.contains_key(&y) {
                        dist.insert(y, level);
                        next.push(y);
                    }
                }
            }
            frontier = next;
        }
        dist.remove(&center);
        dist
    }

    /// The distinct routes (entity sequences) of `paths`, in answer order: shorter
    /// first, then entity by entity by name and id.
    fn routes(&self, s: usize, paths: &[Hops]) -> Vec<Route> {
        let mut routes: Vec<Route> = paths
            .iter()
            .map(|p| {
                let mut nodes = vec![s];
                for &(i, fwd) in p {
                    let r = &self.c.rels[i];
                    nodes.push(if fwd { r.to } else { r.from });
                }
                nodes
            })
            .collect::<BTreeSet<Route>>()
            .into_iter()
            .collect();
        routes.sort_by_cached_key(|r| {
            (
                r.len(),
                r.iter()
                    .map(|&v| (NAMES[self.c.names[v]], id(v)))
                    .collect::<Vec<_>>(),
            )
        });
        routes
    }

    /// Every relation that may be walked from `x` to `y`, in hop order: undated
    /// first, then by validity, then by evidence date, type, walked backwards, index.
    fn hop(&self, x: usize, y: usize) -> Hops {
        let mut steps: Vec<(usize, bool)> = self
            .steps(x)
            .into_iter()
            .filter(|&(_, far, _)| far == y)
            .map(|(i, _, fwd)| (i, fwd))
            .collect();
        steps.sort_by_key(|&(i, fwd)| {
            let r = &self.c.rels[i];
            let valid = r.valid.map(|d| period(DATES[d]));
            let reported = r
                .evidence
                .iter()
                .flatten()
                .map(|&d| period(DATES[d]).0)
                .min();
            (
                valid.is_some() || reported.is_some(),
                valid,
                reported,
                RELATION_TYPES[r.kind],
                !fwd,
                i,
            )
        });
        steps
    }
}

/// A route as entity indices, start and end included.
type Route = Vec<usize>;

// ----- reading answers -----

fn index_of(id: &str, prefix: char) -> usize {
    id.strip_prefix(prefix)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected id {id}"))
}

/// Checks that `p` is a consistent walk from `s` to `t` over the case's relations
/// and returns its hops.
fn hops_of(c: &Case, p: &PathOut, s: usize, t: usize) -> Hops {
    assert_eq!(p.length, p.edges.len(), "length vs edges: {p:?}");
    assert_eq!(p.nodes.len(), p.edges.len() + 1, "nodes vs edges: {p:?}");
    let nodes: Vec<usize> = p.nodes.iter().map(|n| index_of(&n.id, 'n')).collect();
    for (n, &v) in p.nodes.iter().zip(&nodes) {
        assert_eq!(&*n.name, NAMES[c.names[v]]);
        assert_eq!(&*n.kind, ENTITY_TYPES[c.types[v]]);
    }
    assert_eq!((nodes[0], nodes[nodes.len() - 1]), (s, t), "ends of {p:?}");
    p.edges
        .iter()
        .enumerate()
        .map(|(j, e)| {
            let i = index_of(e.id.as_deref().expect("relation id"), 'e');
            let r = &c.rels[i];
            assert_eq!(
                (e.from.as_ref(), e.kind.as_ref(), e.to.as_ref()),
                (
                    id(r.from).as_str(),
                    RELATION_TYPES[r.kind],
                    id(r.to).as_str()
                ),
                "relation e{i} misreported in {p:?}"
            );
            let fwd = !e.reversed;
            let (x, y) = if fwd { (r.from, r.to) } else { (r.to, r.from) };
            assert_eq!((x, y), (nodes[j], nodes[j + 1]), "hop {j} of {p:?}");
            (i, fwd)
        })
        .collect()
}

/// Checks that `p` is a consistent route from `s` to `t` whose hops list exactly
/// the relations the reference allows between their two entities, in hop order,
/// with `edges` the first of each; returns the route.
fn route_of(
    c: &Case,
    r: &Reference,
    p: &PathOut,
    s: usize,
    t: usize,
) -> Result<Route, TestCaseError> {
    let firsts = hops_of(c, p, s, t);
    let nodes: Route = p.nodes.iter().map(|n| index_of(&n.id, 'n')).collect();
    prop_assert_eq!(p.hops.len(), p.length, "hops vs length: {:?}", p);
    for (j, hop) in p.hops.iter().enumerate() {
        let got: Hops = hop
            .relations
            .iter()
            .map(|e| {
                let i = index_of(e.id.as_deref().expect("relation id"), 'e');
                (i, !e.reversed)
            })
            .collect();
        prop_assert_eq!(&got, &r.hop(nodes[j], nodes[j + 1]), "hop {} of {:?}", j, p);
        prop_assert_eq!(
            got.first(),
            Some(&firsts[j]),
            "edges[{}] is not the hop's first",
            j
        );
        prop_assert_eq!(&hop.relations[0], &p.edges[j]);
    }
    Ok(nodes)
}

fn run_path(g: &KnowledgeGraph, q: PathQuery) -> kg::Result<PathAnswer> {
    match query::run(g, &Query::Path(q))? {
        Answer::Path(p) => Ok(p),
        other => panic!("not a path answer: {other:?}"),
    }
}

fn run_neighbours(g: &KnowledgeGraph, q: NeighboursQuery) -> kg::Result<NeighboursAnswer> {
    match query::run(g, &Query::Neighbours(q))? {
        Answer::Neighbours(n) => Ok(n),
        other => panic!("not a neighbours answer: {other:?}"),
    }
}

fn path_query(c: &Case, max_len: Option<usize>) -> PathQuery {
    PathQuery {
        from: id(c.a),
        to: id(c.b),
        filter: c.filter(&[c.a, c.b]),
        max_len,
        all: false,
        k: None,
        limit: None,
        min_len: None,
        no_evidence: false,
        fields: Default::default(),
    }
}

/// Runs a path query, checking the refusals (an avoided end, an empty date window)
/// on the way; `None` when the query is refused as it should be.
fn checked_path(
    c: &Case,
    g: &KnowledgeGraph,
    q: &PathQuery,
) -> Result<Option<PathAnswer>, TestCaseError> {
    let ends = [c.a, c.b];
    if c.avoids_an_end(&ends) {
        let mut bad = q.clone();
        bad.filter = c.filter_with_avoided_ends();
        prop_assert!(run_path(g, bad).is_err(), "an avoided end was accepted");
    }
    let answer = run_path(g, q.clone());
    if Reference::new(c, &ends).is_none() {
        prop_assert!(answer.is_err(), "an empty date window was accepted");
        return Ok(None);
    }
    answer
        .map(Some)
        .map_err(|e| TestCaseError::fail(format!("query failed: {e}")))
}

fn config() -> ProptestConfig {
    ProptestConfig {
        // PROPTEST_CASES=N runs more (or fewer) cases.
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(CASES),
        max_shrink_iters: 4096,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// One shortest path: exists exactly when the reference finds one within
    /// `max_len`, is a valid walk that the filters allow, has the reference's
    /// length, and is the first shortest path in answer order.
    #[test]
    fn shortest_path_matches_reference(c in case(), max_len in prop::option::weighted(0.25, 0usize..5)) {
        let g = c.build();
        let q = path_query(&c, max_len);
        let Some(answer) = checked_path(&c, &g, &q)? else { return Ok(()) };
        let r = Reference::new(&c, &[c.a, c.b]).unwrap();
        let all = r.simple_paths(c.a, c.b, None);
        let d = r.distance(c.a, c.b);
        prop_assert_eq!(d, all.iter().map(Vec::len).min(), "reference BFS vs enumeration");
        // `path::distance` (no filter, no refusals) against the unfiltered reference.
        let bare = c.unfiltered();
        let ends = [c.a, c.b].map(|v| g.entity_by_id(&id(v)).unwrap());
        prop_assert_eq!(
            kg::query::path::distance(&g, ends[0], ends[1]),
            Reference::new(&bare, &[]).unwrap().distance(c.a, c.b),
            "path::distance"
        );
        let d = d.filter(|&d| max_len.is_none_or(|m| d <= m));
        prop_assert!(!answer.truncated);
        match d {
            None => prop_assert!(answer.paths.is_empty(), "unreachable, yet {:?}", answer.paths),
            Some(d) => {
                prop_assert_eq!(answer.paths.len(), 1);
                let route = route_of(&c, &r, &answer.paths[0], c.a, c.b)?;
                prop_assert_eq!(route.len(), d + 1);
                let shortest: Vec<Hops> = all.into_iter().filter(|p| p.len() == d).collect();
                let first = r.routes(c.a, &shortest).swap_remove(0);
                prop_assert_eq!(route, first, "not the first shortest route in answer order");
            }
        }
    }

    /// `all`: exactly the shortest routes (of at least `min_len` hops), as distinct
    /// entity sequences, in answer order, cut at `limit` with `truncated` set
    /// exactly when more exist, `total` their number; the same answer twice, and
    /// on a rebuilt graph.
    #[test]
    fn all_shortest_routes_match_reference(
        c in case(),
        max_len in prop::option::weighted(0.2, 0usize..5),
        min_len in prop::option::weighted(0.2, 0usize..4),
        limit in prop::option::weighted(0.6, 1usize..=6),
    ) {
        let g = c.build();
        let q = PathQuery { all: true, limit, min_len, ..path_query(&c, max_len) };
        if min_len.zip(max_len).is_some_and(|(a, b)| a > b) {
            prop_assert!(run_path(&g, q).is_err(), "min_len above max_len was accepted");
            return Ok(());
        }
        let Some(answer) = checked_path(&c, &g, &q)? else { return Ok(()) };
        let r = Reference::new(&c, &[c.a, c.b]).unwrap();
        let all: Vec<Hops> = r
            .simple_paths(c.a, c.b, max_len)
            .into_iter()
            .filter(|p| p.len() >= min_len.unwrap_or(0))
            .collect();
        let d = all.iter().map(Vec::len).min();
        let shortest: Vec<Hops> = all.into_iter().filter(|p| Some(p.len()) == d).collect();
        let shortest = r.routes(c.a, &shortest);
        let limit = limit.unwrap_or(100);
        let got: Vec<Route> = answer
            .paths
            .iter()
            .map(|p| route_of(&c, &r, p, c.a, c.b))
            .collect::<Result<_, _>>()?;
        let want = &shortest[..shortest.len().min(limit)];
        prop_assert_eq!(&got[..], want, "{} shortest routes, limit {}", shortest.len(), limit);
        prop_assert_eq!(answer.truncated, shortest.len() > limit);
        prop_assert_eq!(answer.reason.is_some(), answer.truncated);
        prop_assert_eq!(answer.bound.is_some(), answer.truncated);
        if answer.truncated {
            prop_assert!(answer.total.is_none_or(|t| t == shortest.len() as u64), "total");
        } else {
            prop_assert_eq!(answer.total.unwrap_or(0), shortest.len() as u64, "total");
        }
        let again = run_path(&g, q.clone()).unwrap();
        prop_assert_eq!(&again, &answer, "same query, different answer");
        let rebuilt = run_path(&c.build(), q).unwrap();
        prop_assert_eq!(&rebuilt, &answer, "same graph rebuilt, different answer");
    }

    /// `k`: exactly the first min(k, limit) simple routes (of at least `min_len`
    /// hops) in answer order, so its first is the single answer and its shortest
    /// ones are the first of `all`.
    #[test]
    fn k_shortest_routes_match_reference(
        c in case(),
        k in 1usize..=8,
        max_len in prop::option::weighted(0.2, 0usize..5),
        min_len in prop::option::weighted(0.2, 0usize..4),
        limit in prop::option::weighted(0.3, 1usize..=6),
    ) {
        let g = c.build();
        let q = PathQuery { k: Some(k), limit, min_len, ..path_query(&c, max_len) };
        if min_len.zip(max_len).is_some_and(|(a, b)| a > b) {
            prop_assert!(run_path(&g, q).is_err(), "min_len above max_len was accepted");
            return Ok(());
        }
        let Some(answer) = checked_path(&c, &g, &q)? else { return Ok(()) };
        let r = Reference::new(&c, &[c.a, c.b]).unwrap();
        let all: Vec<Hops> = r
            .simple_paths(c.a, c.b, max_len)
            .into_iter()
            .filter(|p| p.len() >= min_len.unwrap_or(0))
            .collect();
        let routes = r.routes(c.a, &all);
        let limit = limit.unwrap_or(100);
        let count = k.min(limit).min(routes.len());
        let got: Vec<Route> = answer
            .paths
            .iter()
            .map(|p| route_of(&c, &r, p, c.a, c.b))
            .collect::<Result<_, _>>()?;
        prop_assert_eq!(&got[..], &routes[..count], "{} simple routes in all", routes.len());
        if k.min(routes.len()) > limit {
            prop_assert!(answer.truncated, "more than limit routes wanted and found");
        }
        if answer.truncated {
            prop_assert!(k > limit && got.len() == limit);
        }
        if k == 1 && min_len.is_none() {
            let single = run_path(&g, PathQuery { k: None, ..q.clone() }).unwrap();
            prop_assert_eq!(&single.paths, &answer.paths, "the single answer is not k's first");
        }
        prop_assert_eq!(run_path(&g, q).unwrap(), answer, "same query, different answer");
    }

    /// Neighbourhoods: the reference BFS's entities and distances, cut at `limit`
    /// (keeping the nearest, then the first by name and id), and the relations
    /// among the entities kept that the filters allow.
    #[test]
    fn neighbours_match_reference(
        c in case(),
        depth in prop_oneof![1 => Just(None), 1 => Just(Some(0)), 6 => (1usize..=3).prop_map(Some)],
        limit in prop::option::weighted(0.4, 1usize..=6),
    ) {
        let g = c.build();
        let center = c.a;
        let q = NeighboursQuery {
            of: id(center),
            depth,
            filter: c.filter(&[center]),
            limit,
            no_evidence: false,
            fields: Default::default(),
        };
        if c.avoids_an_end(&[center]) {
            let mut bad = q.clone();
            bad.filter = c.filter_with_avoided_ends();
            prop_assert!(run_neighbours(&g, bad).is_err(), "an avoided center was accepted");
        }
        let answer = run_neighbours(&g, q.clone());
        let Some(r) = Reference::new(&c, &[center]) else {
            prop_assert!(answer.is_err(), "an empty date window was accepted");
            return Ok(());
        };
        let answer = answer.map_err(|e| TestCaseError::fail(format!("query failed: {e}")))?;
        let (depth, limit) = (depth.unwrap_or(1), limit.unwrap_or(1000));
        prop_assert_eq!((answer.depth, answer.limit), (depth, limit));

        let mut want: Vec<(usize, &str, String)> = r
            .neighbourhood(center, depth)
            .into_iter()
            .map(|(v, d)| (d, NAMES[c.names[v]], id(v)))
            .collect();
        want.sort();
        let cut = want.len() > limit;
        want.truncate(limit);
        let got: Vec<(usize, &str, String)> = answer
            .nodes
            .iter()
            .map(|n| (n.distance, n.node.name.as_ref(), n.node.id.to_string()))
            .collect();
        prop_assert_eq!(&got, &want, "entities (distance, name, id)");

        // Relations among the center and the entities kept.
        let members: BTreeSet<usize> = want
            .iter()
            .map(|(_, _, v)| index_of(v, 'n'))
            .chain([center])
            .collect();
        let mut edges: Vec<(&str, String, &str, &str, String, usize)> = c
            .rels
            .iter()
            .enumerate()
            .filter(|&(i, rel)| {
                r.usable[i] && members.contains(&rel.from) && members.contains(&rel.to)
            })
            .map(|(i, rel)| {
                (
                    NAMES[c.names[rel.from]],
                    id(rel.from),
                    RELATION_TYPES[rel.kind],
                    NAMES[c.names[rel.to]],
                    id(rel.to),
                    i,
                )
            })
            .collect();
        edges.sort();
        let got_edges: Vec<(&str, String, &str, &str, String, usize)> = answer
            .edges
            .iter()
            .map(|e| {
                let i = index_of(e.id.as_deref().expect("relation id"), 'e');
                let rel = &c.rels[i];
                (
                    NAMES[c.names[rel.from]],
                    e.from.to_string(),
                    RELATION_TYPES[rel.kind],
                    NAMES[c.names[rel.to]],
                    e.to.to_string(),
                    i,
                )
            })
            .collect();
        let cap = 10 * limit;
        if edges.len() > cap {
            prop_assert_eq!(got_edges.len(), cap);
            prop_assert!(got_edges.windows(2).all(|w| w[0] < w[1]), "relations out of order");
            prop_assert!(got_edges.iter().all(|e| edges.contains(e)), "unexpected relation");
        } else {
            prop_assert_eq!(&got_edges, &edges, "relations among the entities");
        }
        prop_assert_eq!(answer.truncated, cut || edges.len() > cap);
        prop_assert_eq!(answer.reason.is_some(), answer.truncated);
        prop_assert_eq!(run_neighbours(&g, q).unwrap(), answer, "same query, different answer");
    }
}
