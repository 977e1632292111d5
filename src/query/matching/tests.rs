//! Tests of the whole engine on a small graph built here, with queries
//! written as syntax trees (the parser is tested on its own).

use crate::gql::ast::*;
use crate::model::{Alias, Entity, KnowledgeGraph, Origin, Relation, RelationType};
use crate::query::answer::{Cell, MatchAnswer};

use super::execute;

const AT: Span = Span { line: 1, column: 1 };

fn ident(s: &str) -> Ident {
    Ident {
        name: s.into(),
        at: AT,
    }
}

fn opt(s: &str) -> Option<Ident> {
    (!s.is_empty()).then(|| ident(s))
}

fn node(var: &str, label: &str) -> NodePattern {
    NodePattern {
        var: opt(var),
        labels: if label.is_empty() {
            vec![]
        } else {
            vec![label.split('|').map(ident).collect()]
        },
        props: vec![],
        at: AT,
    }
}

fn named(var: &str, label: &str, name: &str) -> NodePattern {
    NodePattern {
        props: vec![(ident("name"), s(name))],
        ..node(var, label)
    }
}

fn rel(var: &str, types: &str, direction: Direction) -> RelPattern {
    RelPattern {
        var: opt(var),
        types: if types.is_empty() {
            vec![]
        } else {
            types.split('|').map(ident).collect()
        },
        props: vec![],
        direction,
        length: None,
        at: AT,
    }
}

fn hops(
    var: &str,
    types: &str,
    direction: Direction,
    min: Option<u64>,
    max: Option<u64>,
) -> RelPattern {
    RelPattern {
        length: Some(Length { min, max, at: AT }),
        ..rel(var, types, direction)
    }
}

fn path(start: NodePattern, steps: Vec<(RelPattern, NodePattern)>) -> PathPattern {
    PathPattern {
        start,
        steps: steps
            .into_iter()
            .map(|(rel, node)| Step { rel, node })
            .collect(),
    }
}

fn s(x: &str) -> Expr {
    Expr::Literal(Literal::Str(x.into()), AT)
}

fn int(x: i64) -> Expr {
    Expr::Literal(Literal::Int(x), AT)
}

fn var(x: &str) -> Expr {
    Expr::Var(ident(x))
}

fn prop(x: &str, k: &str) -> Expr {
    Expr::Property(Box::new(var(x)), ident(k))
}

fn bin(op: BinaryOp, a: Expr, b: Expr) -> Expr {
    Expr::Binary(op, Box::new(a), Box::new(b), AT)
}

fn call(name: &str, args: Vec<Expr>) -> Expr {
    Expr::Call {
        name: ident(name),
        args,
        distinct: false,
        star: false,
    }
}

fn count_star() -> Expr {
    Expr::Call {
        name: ident("count"),
        args: vec![],
        distinct: false,
        star: true,
    }
}

fn item(e: Expr, text: &str) -> ReturnItem {
    ReturnItem {
        expr: e,
        alias: None,
        text: text.into(),
    }
}

fn aliased(e: Expr, alias: &str) -> ReturnItem {
    ReturnItem {
        expr: e,
        alias: Some(ident(alias)),
        text: alias.into(),
    }
}

fn ret(items: Vec<ReturnItem>) -> Return {
    Return {
        distinct: false,
        items,
        order: vec![],
        skip: None,
        limit: None,
        at: AT,
    }
}

fn query(matches: Vec<(Vec<PathPattern>, Option<Expr>)>, ret: Return) -> Query {
    Query {
        matches: matches
            .into_iter()
            .map(|(patterns, filter)| MatchClause {
                patterns,
                filter,
                at: AT,
            })
            .collect(),
        ret,
    }
}

/// Lavrov and Kishida, their countries, the Kurils; visits (with an inverse
/// label), a symmetric partnership, and a self-loop.
fn graph() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    let person = g.schema_mut().intern_entity_type("person");
    let country = g.schema_mut().intern_entity_type("country");
    let territory = g.schema_mut().intern_entity_type("territory");
    let fm = g.schema_mut().intern_relation_type("foreign_minister_of");
    let claims = g.schema_mut().intern_relation_type("claims");
    let visits = g.schema_mut().add_relation_type(RelationType {
        inverse: Some("visited by".into()),
        ..RelationType::undeclared("visits")
    });
    let partners = g.schema_mut().add_relation_type(RelationType {
        symmetric: true,
        ..RelationType::undeclared("partners_with")
    });
    let meets = g.schema_mut().intern_relation_type("meets");
    let add = |g: &mut KnowledgeGraph, id: &str, name: &str, t| {
        g.add_entity(Entity::new(id, name, t)).unwrap()
    };
    let lavrov = add(&mut g, "sergei_lavrov", "Sergei Lavrov", person);
    let kishida = add(&mut g, "fumio_kishida", "Fumio Kishida", person);
    let putin = add(&mut g, "vladimir_putin", "Vladimir Putin", person);
    let russia = add(&mut g, "russia", "Russia", country);
    let japan = add(&mut g, "japan", "Japan", country);
    let kurils = add(&mut g, "kurils", "Kuril Islands", territory);
    g.add_alias(
        kurils,
        Alias {
            text: "Kurils".into(),
            origin: Origin::default(),
        },
    );
    let mut born = serde_json::Map::new();
    born.insert("born".into(), serde_json::json!(1950));
    g.set_attributes(lavrov, Some(born));
    let r = Relation::default;
    g.add_relation(lavrov, fm, russia, r());
    g.add_relation(kishida, fm, japan, r());
    g.add_relation(russia, claims, kurils, r());
    g.add_relation(japan, claims, kurils, r());
    g.add_relation(lavrov, visits, japan, r());
    g.add_relation(kishida, visits, russia, r());
    g.add_relation(lavrov, visits, japan, r());
    g.add_relation(russia, partners, japan, r());
    g.add_relation(putin, meets, putin, r());
    g
}

fn run(g: &KnowledgeGraph, q: &Query) -> MatchAnswer {
    execute(g, q, 1000, false).expect("the query runs")
}

/// Each row as its cells' ids, names or JSON text.
fn table(a: &MatchAnswer) -> Vec<Vec<String>> {
    fn text(c: &Cell) -> String {
        match c {
            Cell::Entity(n) => n.id.to_string(),
            Cell::Relation(r) => format!("{}-{}-{}", r.from, r.kind, r.to),
            Cell::List(items) => {
                let parts: Vec<String> = items.iter().map(text).collect();
                format!("[{}]", parts.join(","))
            }
            Cell::Value(v) => v.to_string(),
        }
    }
    a.rows
        .iter()
        .map(|r| r.iter().map(text).collect())
        .collect()
}

fn sorted(mut t: Vec<Vec<String>>) -> Vec<Vec<String>> {
    t.sort();
    t
}

fn rows(t: &[&[&str]]) -> Vec<Vec<String>> {
    t.iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn two_hop_typed_pattern_with_a_named_end() {
    let g = graph();
    let q = query(
        vec![(
            vec![path(
                node("p", "person"),
                vec![
                    (
                        rel("", "foreign_minister_of", Direction::Right),
                        node("c", "country"),
                    ),
                    (
                        rel("", "claims", Direction::Right),
                        named("t", "territory", "kurils"),
                    ),
                ],
            )],
            None,
        )],
        ret(vec![item(var("p"), "p"), item(var("c"), "c")]),
    );
    let a = run(&g, &q);
    assert_eq!(a.columns, vec!["p", "c"]);
    assert_eq!(
        sorted(table(&a)),
        rows(&[&["fumio_kishida", "japan"], &["sergei_lavrov", "russia"]])
    );
    // Each row carries both relations it matched, in pattern order.
    for rels in &a.relations {
        assert_eq!(rels.len(), 2);
        assert_eq!(&*rels[0].kind, "foreign_minister_of");
        assert_eq!(&*rels[1].kind, "claims");
        assert!(!rels[0].reversed);
    }
    // The plan starts at the named territory.
    let plan = execute(&g, &q, 1000, true).unwrap().plan.unwrap();
    assert!(plan[0].starts_with("1. start at (t:territory"), "{plan:?}");
    assert!(plan[0].ends_with("1 candidate"), "{plan:?}");
}

#[test]
fn inline_names_resolve_but_where_compares_exactly() {
    let g = graph();
    let by_alias = query(
        vec![(vec![path(named("t", "", "KURILS"), vec![])], None)],
        ret(vec![item(var("t"), "t")]),
    );
    assert_eq!(table(&run(&g, &by_alias)), rows(&[&["kurils"]]));
    let exact = query(
        vec![(
            vec![path(node("t", ""), vec![])],
            Some(bin(BinaryOp::Eq, prop("t", "name"), s("Kurils"))),
        )],
        ret(vec![item(var("t"), "t")]),
    );
    assert!(run(&g, &exact).rows.is_empty());
}

#[test]
fn inverse_labels_read_as_the_forward_type_flipped() {
    let g = graph();
    let inverse = query(
        vec![(
            vec![path(
                node("c", "country"),
                vec![(rel("", "visited_by", Direction::Right), node("p", "person"))],
            )],
            None,
        )],
        ret(vec![item(var("c"), "c"), item(var("p"), "p")]),
    );
    let forward = query(
        vec![(
            vec![path(
                node("c", "country"),
                vec![(rel("", "visits", Direction::Left), node("p", "person"))],
            )],
            None,
        )],
        ret(vec![item(var("c"), "c"), item(var("p"), "p")]),
    );
    let a = run(&g, &inverse);
    assert_eq!(a.rows.len(), 3);
    assert_eq!(sorted(table(&a)), sorted(table(&run(&g, &forward))));
    // Walked against the stored direction.
    assert!(a.relations.iter().all(|r| r[0].reversed));
}

#[test]
fn symmetric_types_match_either_direction() {
    let g = graph();
    let q = query(
        vec![(
            vec![path(
                node("a", ""),
                vec![(rel("", "partners_with", Direction::Right), node("b", ""))],
            )],
            None,
        )],
        ret(vec![item(var("a"), "a"), item(var("b"), "b")]),
    );
    assert_eq!(
        sorted(table(&run(&g, &q))),
        rows(&[&["japan", "russia"], &["russia", "japan"]])
    );
}

#[test]
fn undirected_patterns_give_two_rows_but_a_self_loop_one() {
    let g = graph();
    let q = |types: &str, d: Direction| {
        query(
            vec![(
                vec![path(
                    node("a", ""),
                    vec![(rel("", types, d), node("b", ""))],
                )],
                None,
            )],
            ret(vec![item(var("a"), "a"), item(var("b"), "b")]),
        )
    };
    assert_eq!(run(&g, &q("claims", Direction::Either)).rows.len(), 4);
    for d in [Direction::Either, Direction::Right, Direction::Left] {
        assert_eq!(
            table(&run(&g, &q("meets", d))),
            rows(&[&["vladimir_putin", "vladimir_putin"]]),
            "{d:?}"
        );
    }
}

#[test]
fn a_relation_is_used_once_per_match_clause() {
    let g = graph();
    let visit = |a: &str, b: &str| {
        path(
            node(a, ""),
            vec![(rel("", "visits", Direction::Right), node(b, ""))],
        )
    };
    let one = query(
        vec![(vec![visit("a", "b"), visit("c", "d")], None)],
        ret(vec![count_star_item()]),
    );
    assert_eq!(table(&run(&g, &one)), rows(&[&["6"]]));
    let two = query(
        vec![(vec![visit("a", "b")], None), (vec![visit("c", "d")], None)],
        ret(vec![count_star_item()]),
    );
    assert_eq!(table(&run(&g, &two)), rows(&[&["9"]]));
}

fn count_star_item() -> ReturnItem {
    item(count_star(), "count(*)")
}

#[test]
fn variable_length_patterns_are_trails_with_lower_bound_zero() {
    let g = graph();
    let q = |r: RelPattern| {
        query(
            vec![(
                vec![path(
                    named("a", "", "Sergei Lavrov"),
                    vec![(r, node("b", ""))],
                )],
                None,
            )],
            ret(vec![
                item(var("b"), "b"),
                item(call("size", vec![var("r")]), "size(r)"),
            ]),
        )
    };
    let a = run(
        &g,
        &q(hops(
            "r",
            "visits|claims",
            Direction::Right,
            Some(0),
            Some(2),
        )),
    );
    assert_eq!(
        sorted(table(&a)),
        rows(&[
            &["japan", "1"],
            &["japan", "1"],
            &["kurils", "2"],
            &["kurils", "2"],
            &["sergei_lavrov", "0"],
        ])
    );
    // There and back over the two parallel visits, never one twice.
    let back = run(
        &g,
        &q(hops("r", "visits", Direction::Either, Some(2), Some(2))),
    );
    assert_eq!(
        table(&back),
        rows(&[&["sergei_lavrov", "2"], &["sergei_lavrov", "2"]])
    );
    for rels in &back.relations {
        assert_eq!(rels.len(), 2);
        assert_ne!(rels[0].number, rels[1].number);
        assert!(!rels[0].reversed && rels[1].reversed);
    }
    // An open upper bound is stated.
    let open = run(&g, &q(hops("r", "visits", Direction::Right, None, None)));
    assert!(
        open.notes.iter().any(|n| n.contains("15 hops")),
        "{:?}",
        open.notes
    );
    let huge = run(
        &g,
        &q(hops(
            "r",
            "visits",
            Direction::Right,
            Some(0),
            Some(1_000_000),
        )),
    );
    assert!(
        huge.notes.iter().any(|n| n.contains("cut to 100")),
        "{:?}",
        huge.notes
    );
    let empty = run(
        &g,
        &q(hops("r", "visits", Direction::Right, Some(3), Some(2))),
    );
    assert!(empty.rows.is_empty());
}

#[test]
fn where_keeps_only_true_rows() {
    let g = graph();
    let q = |w: Expr| {
        query(
            vec![(vec![path(node("p", "person"), vec![])], Some(w))],
            ret(vec![item(var("p"), "p")]),
        )
    };
    let older = bin(BinaryOp::Gt, prop("p", "born"), int(1900));
    assert_eq!(
        table(&run(&g, &q(older.clone()))),
        rows(&[&["sergei_lavrov"]])
    );
    assert!(run(&g, &q(Expr::Not(Box::new(older), AT))).rows.is_empty());
    let missing = Expr::IsNull {
        expr: Box::new(prop("p", "born")),
        negated: false,
        at: AT,
    };
    assert_eq!(run(&g, &q(missing)).rows.len(), 2);
    let label = Expr::HasLabels(Box::new(var("p")), vec![vec![ident("country")]]);
    assert!(run(&g, &q(label)).rows.is_empty());
}

#[test]
fn aggregation_groups_by_the_other_items_and_orders() {
    let g = graph();
    let mut r = ret(vec![
        item(prop("c", "name"), "c.name"),
        aliased(count_star(), "n"),
    ]);
    r.order = vec![SortItem {
        expr: var("n"),
        descending: true,
    }];
    let q = query(
        vec![(
            vec![path(
                node("p", "person"),
                vec![(rel("", "visits", Direction::Right), node("c", ""))],
            )],
            None,
        )],
        r,
    );
    let a = run(&g, &q);
    assert_eq!(a.columns, vec!["c.name", "n"]);
    assert_eq!(
        table(&a),
        rows(&[&["\"Japan\"", "2"], &["\"Russia\"", "1"]])
    );
    // The grouped row carries the relations of both its matches.
    assert_eq!(a.relations[0].len(), 2);
    // Counting nothing still answers one row.
    let none = query(
        vec![(
            vec![path(node("p", "country"), vec![])],
            Some(bin(BinaryOp::Eq, int(1), int(2))),
        )],
        ret(vec![count_star_item()]),
    );
    assert_eq!(table(&run(&g, &none)), rows(&[&["0"]]));
}

#[test]
fn distinct_skip_limit_and_order_by_an_unreturned_expression() {
    let g = graph();
    let visits = || {
        vec![path(
            node("p", "person"),
            vec![(rel("v", "visits", Direction::Right), node("c", ""))],
        )]
    };
    let mut r = ret(vec![item(var("c"), "c")]);
    r.distinct = true;
    assert_eq!(run(&g, &query(vec![(visits(), None)], r)).rows.len(), 2);
    let mut r = ret(vec![item(prop("c", "name"), "c.name")]);
    r.order = vec![SortItem {
        expr: prop("p", "name"),
        descending: false,
    }];
    r.skip = Some(1);
    r.limit = Some(1);
    // Fumio Kishida's visit sorts first, then Lavrov's two.
    assert_eq!(
        table(&run(&g, &query(vec![(visits(), None)], r))),
        rows(&[&["\"Japan\""]])
    );
}

#[test]
fn the_answer_limit_truncates_with_a_reason() {
    let g = graph();
    let q = query(
        vec![(vec![path(node("p", "person"), vec![])], None)],
        ret(vec![item(var("p"), "p")]),
    );
    let a = execute(&g, &q, 2, false).unwrap();
    assert_eq!(a.rows.len(), 2);
    assert!(a.truncated);
    assert!(a.reason.unwrap().contains("more than 2 rows"));
    let all = execute(&g, &q, 3, false).unwrap();
    assert!(!all.truncated);
}

#[test]
fn unknown_types_and_names_empty_the_answer_with_suggestions() {
    let g = graph();
    let q = query(
        vec![(
            vec![path(
                node("p", ""),
                vec![(rel("", "vists", Direction::Right), node("c", "contry"))],
            )],
            None,
        )],
        ret(vec![item(var("p"), "p")]),
    );
    let a = run(&g, &q);
    assert!(a.rows.is_empty());
    assert!(
        a.notes
            .contains(&"no relation type 'vists'; did you mean 'visits'?".to_string()),
        "{:?}",
        a.notes
    );
    assert!(a
        .notes
        .iter()
        .any(|n| n.starts_with("no entity type 'contry'")));
}

#[test]
fn semantic_mistakes_are_located_errors() {
    let g = graph();
    let at = |line, column| Span { line, column };
    let bad_var = query(
        vec![(vec![path(node("p", ""), vec![])], None)],
        ret(vec![item(
            Expr::Var(Ident {
                name: "q".into(),
                at: at(1, 20),
            }),
            "q",
        )]),
    );
    let e = execute(&g, &bad_var, 10, false).unwrap_err();
    assert_eq!(e.code(), "bad_query");
    assert!(
        e.to_string().starts_with("line 1, column 20: variable `q`"),
        "{e}"
    );
    let as_rel = query(
        vec![(
            vec![path(
                node("a", ""),
                vec![(rel("a", "", Direction::Right), node("b", ""))],
            )],
            None,
        )],
        ret(vec![item(var("b"), "b")]),
    );
    assert!(execute(&g, &as_rel, 10, false)
        .unwrap_err()
        .to_string()
        .contains("is an entity, used here as a relation"));
    let agg_in_where = query(
        vec![(
            vec![path(node("a", ""), vec![])],
            Some(bin(BinaryOp::Gt, count_star(), int(1))),
        )],
        ret(vec![item(var("a"), "a")]),
    );
    assert!(execute(&g, &agg_in_where, 10, false)
        .unwrap_err()
        .to_string()
        .contains("not allowed in WHERE"));
    let type_of_node = query(
        vec![(vec![path(node("a", ""), vec![])], None)],
        ret(vec![item(call("type", vec![var("a")]), "type(a)")]),
    );
    assert!(execute(&g, &type_of_node, 10, false)
        .unwrap_err()
        .to_string()
        .contains("type() needs a relation"));
    let unknown = query(
        vec![(vec![path(node("a", ""), vec![])], None)],
        ret(vec![item(call("toLowr", vec![prop("a", "name")]), "x")]),
    );
    let e = execute(&g, &unknown, 10, false).unwrap_err();
    assert_eq!(e.suggestions(), ["toLower"]);
    let later = query(
        vec![
            (
                vec![path(node("a", ""), vec![])],
                Some(bin(BinaryOp::Eq, var("a"), var("b"))),
            ),
            (vec![path(node("b", ""), vec![])], None),
        ],
        ret(vec![item(var("a"), "a")]),
    );
    assert!(execute(&g, &later, 10, false)
        .unwrap_err()
        .to_string()
        .contains("only by a later MATCH"));
}

#[test]
fn an_inline_map_names_only_earlier_clauses_variables() {
    let g = graph();
    let q = crate::gql::parse("MATCH (a {id: 'lavrov'}), (b {w: a.w}) RETURN b").unwrap();
    let e = execute(&g, &q, 10, false).unwrap_err().to_string();
    assert!(
        e.contains("not bound before this MATCH") && !e.contains("later MATCH"),
        "{e}"
    );
}

#[test]
fn the_plan_starts_from_the_rarest_relation_type() {
    let g = graph();
    // One `meets` relation against three persons: scan the relation.
    let q = query(
        vec![(
            vec![path(
                node("a", "person"),
                vec![(rel("", "meets", Direction::Right), node("b", "person"))],
            )],
            None,
        )],
        ret(vec![item(var("a"), "a")]),
    );
    let plan = execute(&g, &q, 10, true).unwrap().plan.unwrap();
    assert!(plan[0].starts_with("1. scan the 1 relation of"), "{plan:?}");
    assert_eq!(table(&run(&g, &q)), rows(&[&["vladimir_putin"]]));
    // A filter runs as soon as its variables are bound.
    let q = query(
        vec![(
            vec![path(
                node("a", "person"),
                vec![(rel("", "visits", Direction::Right), node("b", "country"))],
            )],
            Some(bin(BinaryOp::StartsWith, prop("a", "name"), s("S"))),
        )],
        ret(vec![item(var("b"), "b")]),
    );
    let plan = execute(&g, &q, 10, true).unwrap().plan.unwrap();
    let filter = plan.iter().position(|l| l.contains("filter")).unwrap();
    let start_a = plan.iter().position(|l| l.contains("(a:person)")).unwrap();
    assert!(filter <= start_a + 1, "{plan:?}");
    assert_eq!(table(&run(&g, &q)), rows(&[&["japan"], &["japan"]]));
}

#[test]
fn relation_properties_and_values() {
    let g = graph();
    let q = query(
        vec![(
            vec![path(
                node("a", ""),
                vec![(rel("r", "claims", Direction::Right), node("b", ""))],
            )],
            None,
        )],
        ret(vec![
            item(call("type", vec![var("r")]), "type(r)"),
            item(var("r"), "r"),
            item(prop("r", "valid"), "r.valid"),
        ]),
    );
    let a = run(&g, &q);
    assert_eq!(
        sorted(table(&a)),
        rows(&[
            &["\"claims\"", "japan-claims-kurils", "null"],
            &["\"claims\"", "russia-claims-kurils", "null"]
        ])
    );
}

fn text_query(g: &KnowledgeGraph, q: &str) -> crate::Result<MatchAnswer> {
    super::run(
        g,
        &super::MatchQuery {
            query: q.into(),
            limit: None,
            explain: false,
            no_evidence: false,
        },
    )
}

#[test]
fn the_issue_example_answers_lavrov_and_russia_with_quotes() {
    let g = crate::load::builtin();
    let a = text_query(
        &g,
        r#"MATCH (p:person)-[:foreign_minister_of]->(c:country)-[:claims]->(t:territory {name: "Kurils"}) RETURN p, c"#,
    )
    .unwrap();
    let t = table(&a);
    assert!(
        t.contains(&vec!["sergei_lavrov".to_string(), "russia".to_string()]),
        "{t:?}"
    );
    let i = t.iter().position(|r| r[0] == "sergei_lavrov").unwrap();
    assert_eq!(a.relations[i].len(), 2);
    assert!(a.relations[i]
        .iter()
        .all(|e| e.evidence.iter().any(|ev| ev.quote.is_some())));
    assert!(!a.sources.is_empty());
}

#[test]
fn parsed_queries_keep_their_mistakes_located() {
    let g = graph();
    let e = text_query(&g, "MATCH (a)-[r]->(b)\nRETURN type(a)").unwrap_err();
    assert!(e.to_string().starts_with("line 2, column 13:"), "{e}");
    let e = text_query(&g, "MATCH (a) WHERE count(*) > 1 RETURN a").unwrap_err();
    assert!(e.to_string().starts_with("line 1, column 17:"), "{e}");
}

/// A random graph of 300 entities and 1,500 relations of three types, with
/// parallel relations and self-loops: large enough that the planner indexes
/// its steps and `count(*)` counts last steps without listing them.
fn random_graph() -> (KnowledgeGraph, Vec<(usize, usize, usize)>) {
    let mut g = KnowledgeGraph::new();
    let t = g.schema_mut().intern_entity_type("thing");
    let types: Vec<_> = (0..3)
        .map(|i| g.schema_mut().intern_relation_type(&format!("t{i}")))
        .collect();
    let ids: Vec<_> = (0..300)
        .map(|i| {
            g.add_entity(Entity::new(&format!("e{i}"), &format!("E {i}"), t))
                .unwrap()
        })
        .collect();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    let mut rels = Vec::new();
    for _ in 0..1500 {
        let (a, k) = (next(300), next(3));
        let b = if next(20) == 0 { a } else { next(300) };
        g.add_relation(ids[a], types[k], ids[b], Relation::default());
        rels.push((a, k, b));
    }
    (g, rels)
}

/// Matches of `(a)-[:A]-(b)-[:B]-(c)` counted over every ordered pair of
/// distinct relations: `first`/`second` say which types and stored
/// directions fit each step (`Some(true)`: left to right).
fn brute_two_hop(
    rels: &[(usize, usize, usize)],
    first: (&[usize], Option<bool>),
    second: (&[usize], Option<bool>),
) -> usize {
    fn ways(r: (usize, usize, usize), types: &[usize], dir: Option<bool>) -> Vec<(usize, usize)> {
        let (a, k, b) = r;
        if !types.contains(&k) {
            return vec![];
        }
        if a == b {
            return vec![(a, a)];
        }
        match dir {
            Some(true) => vec![(a, b)],
            Some(false) => vec![(b, a)],
            None => vec![(a, b), (b, a)],
        }
    }
    let mut n = 0;
    for (i, &r1) in rels.iter().enumerate() {
        for (x, y) in ways(r1, first.0, first.1) {
            let _ = x;
            for (j, &r2) in rels.iter().enumerate() {
                if i != j {
                    n += ways(r2, second.0, second.1)
                        .iter()
                        .filter(|(p, _)| *p == y)
                        .count();
                }
            }
        }
    }
    n
}

/// The types and stored direction one step of [`brute_two_hop`] allows.
type Step2<'a> = (&'a [usize], Option<bool>);

#[test]
fn indexed_steps_and_counted_last_steps_agree_with_brute_force() {
    let (g, rels) = random_graph();
    let cases: [(&str, Step2, Step2); 4] = [
        (
            "(a)-[:t0]->(b)-[:t1]->(c)",
            (&[0], Some(true)),
            (&[1], Some(true)),
        ),
        ("(a)-[:t0]-(b)-[:t0]-(c)", (&[0], None), (&[0], None)),
        (
            "(a)<-[:t1]-(b)-[:t0|t1]->(c)",
            (&[1], Some(false)),
            (&[0, 1], Some(true)),
        ),
        (
            "(a)-[:t2]->(b)<-[:t2]-(c)",
            (&[2], Some(true)),
            (&[2], Some(false)),
        ),
    ];
    for (pattern, first, second) in cases {
        let want = brute_two_hop(&rels, first, second);
        let counted = text_query(&g, &format!("MATCH {pattern} RETURN count(*)")).unwrap();
        assert_eq!(table(&counted), rows(&[&[&want.to_string()]]), "{pattern}");
        assert!(counted.relations[0].len() <= super::project::MAX_ROW_RELATIONS);
        let listed = super::execute(
            &g,
            &crate::gql::parse(&format!("MATCH {pattern} RETURN a, b, c")).unwrap(),
            usize::MAX - 1,
            false,
        )
        .unwrap();
        assert_eq!(listed.rows.len(), want, "{pattern}");
        let plan = super::execute(
            &g,
            &crate::gql::parse(&format!("MATCH {pattern} RETURN a")).unwrap(),
            10,
            true,
        )
        .unwrap()
        .plan
        .unwrap();
        assert!(plan.iter().any(|l| l.contains("over an index")), "{plan:?}");
    }
}

#[test]
fn order_by_with_limit_keeps_the_best_rows_past_the_buffer() {
    let (g, _) = random_graph();
    let all = super::execute(
        &g,
        &crate::gql::parse("MATCH (a)-[:t0]-(b)-[:t0]-(c) RETURN a.name, c.name").unwrap(),
        usize::MAX - 1,
        false,
    )
    .unwrap();
    assert!(all.rows.len() > 2048, "{}", all.rows.len());
    let mut want = table(&all);
    want.sort_by(|x, y| y[1].cmp(&x[1]).then_with(|| x[0].cmp(&y[0])));
    want.truncate(7);
    let got = text_query(
        &g,
        "MATCH (a)-[:t0]-(b)-[:t0]-(c) RETURN a.name, c.name ORDER BY c.name DESC, a.name SKIP 2 LIMIT 5",
    )
    .unwrap();
    assert_eq!(table(&got), want[2..].to_vec());
}

#[test]
fn grouped_counts_of_last_steps_equal_counts_of_listed_matches() {
    let (g, _) = random_graph();
    for pattern in ["(a)-[:t0]->(b)-[:t1]-(c)", "(a)-[:t0|t2]-(b)<-[:t0]-(c)"] {
        let counted = text_query(
            &g,
            &format!("MATCH {pattern} RETURN b, count(*) AS n ORDER BY n DESC, b.id"),
        )
        .unwrap();
        let listed = text_query(
            &g,
            &format!("MATCH {pattern} RETURN b, count(c) AS n ORDER BY n DESC, b.id"),
        )
        .unwrap();
        assert!(counted.rows.len() > 10, "{pattern}");
        assert_eq!(table(&counted), table(&listed), "{pattern}");
    }
}

#[test]
fn a_lone_node_pattern_is_a_cross_product() {
    let mut g = KnowledgeGraph::new();
    let t = g.schema_mut().intern_entity_type("a");
    let k = g.schema_mut().intern_relation_type("k");
    let x = g.add_entity(Entity::new("x", "X", t)).unwrap();
    let y = g.add_entity(Entity::new("y", "Y", t)).unwrap();
    g.add_relation(y, k, x, Relation::default());
    let a = text_query(&g, "MATCH (), ()-->() RETURN 1").unwrap();
    let plan = super::execute(
        &g,
        &crate::gql::parse("MATCH (), ()-->() RETURN 1").unwrap(),
        10,
        true,
    )
    .unwrap()
    .plan;
    assert_eq!(a.rows.len(), 2, "{plan:?}");
}

#[test]
fn untyped_directed_patterns_read_symmetric_relations_both_ways() {
    let g = graph();
    let a = text_query(&g, "MATCH (a:country)-->(b:country) RETURN a, b").unwrap();
    assert_eq!(
        sorted(table(&a)),
        rows(&[&["japan", "russia"], &["russia", "japan"]])
    );
}

#[test]
fn megabyte_queries_run_or_are_refused_quickly() {
    const MB: usize = 1 << 20;
    let g = graph();
    let start = std::time::Instant::now();
    let pattern = "(a:person)-[:visits]->(b:country), ";
    let many = format!(
        "MATCH {}(z) RETURN count(*)",
        pattern.repeat(MB / pattern.len())
    );
    let e = text_query(&g, &many).unwrap_err();
    assert!(
        e.to_string()
            .contains("more than 256 node and relationship patterns"),
        "{e}"
    );
    let items: Vec<String> = (0..MB / 8).map(|i| format!("'e{i}'")).collect();
    let list = format!("MATCH (v) WHERE v.id IN [{}] RETURN v", items.join(", "));
    assert!(text_query(&g, &list).unwrap().rows.is_empty());
    let alternatives: Vec<String> = (0..MB / 16).map(|i| format!("v.id = 'e{i}'")).collect();
    let ors = format!("MATCH (v) WHERE {} RETURN v", alternatives.join(" OR "));
    assert!(text_query(&g, &ors).unwrap().rows.is_empty());
    let ands: Vec<String> = (0..MB / 16).map(|i| format!("v.id <> 'e{i}'")).collect();
    let ands = format!("MATCH (v) WHERE {} RETURN v", ands.join(" AND "));
    assert_eq!(text_query(&g, &ands).unwrap().rows.len(), 6);
    // Deep arithmetic runs up to the nesting bound; deeper is refused, located.
    let sum = |n: usize| format!("MATCH (v) RETURN {} AS s", vec!["1"; n].join(" + "));
    let deep = text_query(&g, &sum(150)).unwrap();
    assert_eq!(table(&deep)[0], vec!["150".to_string()]);
    let e = text_query(&g, &sum(300)).unwrap_err();
    assert!(e.to_string().contains("nests more than 200 levels"), "{e}");
    assert_eq!(text_query(&g, &sum(5000)).unwrap_err().code(), "bad_query");
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}

#[test]
fn zero_hops_match_under_an_unknown_type() {
    let g = graph();
    let a = text_query(&g, "MATCH (a:country)-[:vists*0..2]->(b) RETURN a, b").unwrap();
    assert_eq!(
        sorted(table(&a)),
        rows(&[&["japan", "japan"], &["russia", "russia"]])
    );
    assert!(a
        .notes
        .iter()
        .any(|n| n.starts_with("no relation type 'vists'")));
    let none = text_query(&g, "MATCH (a:country)-[:vists*1..2]->(b) RETURN a, b").unwrap();
    assert!(none.rows.is_empty());
}

#[test]
fn no_evidence_answers_the_same_rows_without_gathering_relations() {
    let g = crate::load::builtin();
    for q in [
        r#"MATCH (p:person)-[:foreign_minister_of]->(c)-[:claims]->(t {name: "Kurils"}) RETURN p, c"#,
        "MATCH (a:news_agency)-[:based_in]->(c) RETURN c.name, count(*) AS n ORDER BY n DESC",
        r#"MATCH ({name: "Japan"})-[*1..2]-(k:territory) RETURN DISTINCT k"#,
        "MATCH (p:person)-[v:visits]->(x) RETURN p, v, x",
    ] {
        let ask = |no_evidence| {
            super::run(
                &g,
                &super::MatchQuery {
                    query: q.into(),
                    limit: None,
                    explain: false,
                    no_evidence,
                },
            )
            .unwrap_or_else(|e| panic!("{q}: {e}"))
        };
        let (full, lean) = (ask(false), ask(true));
        assert!(!full.rows.is_empty(), "{q}: no rows to compare");
        assert!(full.relations.iter().any(|r| !r.is_empty()), "{q}");
        assert!(lean.relations.iter().all(Vec::is_empty), "{q}");
        assert!(lean.sources.is_empty(), "{q}");
        // The same as building everything and dropping it afterwards.
        let dropped = crate::query::answer::MatchOut::new(&g, full).without_evidence();
        let shaped = crate::query::answer::MatchOut::new(&g, lean);
        assert_eq!(shaped, dropped, "{q}");
    }
}
