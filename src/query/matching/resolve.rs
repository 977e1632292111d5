//! Resolution: the parsed query checked against itself and the graph before
//! anything runs.
//!
//! Every variable gets a binding slot and a kind (entity, relation, list of
//! relations); entity types, relation types (an inverse label read as its
//! forward type the other way round, a symmetric type either way) and inline
//! names and ids become ids. A mistake in the query itself (an unbound
//! variable, an entity used as a relation, an aggregate in `WHERE`, an unknown
//! function) is an [`Error::Query`] at the place it was written; a type or
//! name the graph does not know empties the answer and leaves a note with
//! suggestions, as Cypher answers a label no node carries.

use std::collections::HashMap;

use super::eval::{AggFunc, CExpr, Func, Key, FUNCTION_NAMES};
use super::value::Value;
use super::{DEFAULT_MAX_HOPS, MAX_HOPS};
use crate::error::{Error, Result};
use crate::gql::ast::{self, BinaryOp, Direction, Expr, Ident, Literal, Span};
use crate::model::{EntityId, KnowledgeGraph, RelTypeId, TypeId};
use crate::suggest;

/// Direction bits of a relationship pattern: the relation may be stored from
/// the pattern's left node to its right node ([`OUT`]), or back ([`IN`]).
pub const OUT: u8 = 1;
pub const IN: u8 = 2;

/// What a variable holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Node,
    Rel,
    /// The relations a variable-length pattern walked.
    Path,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Node => "an entity",
            Kind::Rel => "a relation",
            Kind::Path => "a list of relations (a variable-length pattern)",
        }
    }
}

/// One node pattern as written, with what an entity must be to match it.
#[derive(Debug, Clone)]
pub struct NodeOcc {
    pub slot: usize,
    /// `(c:country)`, for plans.
    pub text: String,
    /// Each set must hold the entity's type.
    pub labels: Vec<Vec<TypeId>>,
    /// The entities an inline `name` or `id` allows, sorted by index.
    pub candidates: Option<Vec<u32>>,
    /// Inline properties other than a constant name or id: each must equal.
    pub props: Vec<(Key, CExpr)>,
    /// Inline names known only when running (from an earlier clause's variable).
    pub names: Vec<CExpr>,
}

/// One relationship pattern, between node patterns `left` and `right` (as
/// written, left to right) of its clause.
#[derive(Debug, Clone)]
pub struct EdgeSpec {
    pub slot: usize,
    pub left: usize,
    pub right: usize,
    /// The types written (`None`: any type).
    pub types: Option<Vec<RelTypeId>>,
    /// By relation type id: the directions the pattern allows it in (a
    /// symmetric type either way, also when the pattern names no type).
    pub masks: Vec<u8>,
    pub props: Vec<(Key, CExpr)>,
    /// `(min, max)` hops of a variable-length pattern, bounds applied.
    pub length: Option<(u32, u32)>,
    /// `-[r:visits]->`, for plans; `text_back` as read from the right end (`<-[r:visits]-`).
    pub text: String,
    pub text_back: String,
}

impl EdgeSpec {
    /// The directions a relation of type `t` may be stored in to match.
    #[inline]
    pub fn mask(&self, t: RelTypeId) -> u8 {
        self.masks.get(t.0 as usize).copied().unwrap_or(0)
    }
}

/// A conjunct of a `WHERE`, with the slots it reads.
#[derive(Debug, Clone)]
pub struct Conjunct {
    pub expr: CExpr,
    pub slots: Vec<usize>,
    pub text: String,
}

/// One `MATCH` clause, resolved.
#[derive(Debug, Clone, Default)]
pub struct Clause {
    pub occs: Vec<NodeOcc>,
    pub edges: Vec<EdgeSpec>,
    pub filters: Vec<Conjunct>,
    /// Some name or type of the clause is unknown, or its bounds cannot hold:
    /// nothing matches.
    pub impossible: bool,
}

/// One aggregate of the projection.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregate {
    pub func: AggFunc,
    pub distinct: bool,
    /// `None` for `count(*)`.
    pub arg: Option<CExpr>,
}

/// `RETURN`, resolved.
#[derive(Debug, Clone)]
pub struct Projection {
    pub columns: Vec<String>,
    pub items: Vec<CExpr>,
    pub aggs: Vec<Aggregate>,
    pub distinct: bool,
    /// Sort keys and whether each is descending; they read `Column`s (and,
    /// with neither aggregation nor `DISTINCT`, the bindings).
    pub order: Vec<(CExpr, bool)>,
    pub skip: u64,
    pub limit: Option<u64>,
}

impl Projection {
    pub fn grouped(&self) -> bool {
        !self.aggs.is_empty()
    }
}

/// The whole query, resolved.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub clauses: Vec<Clause>,
    pub kinds: Vec<Kind>,
    /// Relation and relation-list slots in the order the patterns write them.
    pub rel_slots: Vec<usize>,
    pub ret: Projection,
    pub notes: Vec<String>,
}

impl Resolved {
    pub fn impossible(&self) -> bool {
        self.clauses.iter().any(|c| c.impossible)
    }
}

struct VarInfo {
    slot: usize,
    kind: Kind,
    /// The clause that first binds it.
    clause: usize,
}

struct Resolver<'g> {
    g: &'g KnowledgeGraph,
    vars: HashMap<String, VarInfo>,
    kinds: Vec<Kind>,
    notes: Vec<String>,
    /// Every variable some pattern binds, for telling "bound later" from "never bound".
    pattern_vars: Vec<String>,
}

/// Where an expression may look, and what it may hold.
/// Where an inline property map's expressions are, for messages.
const INLINE_MAP: &str = "an inline property map";

#[derive(Clone, Copy)]
struct Ctx<'a> {
    /// Variables of clauses up to this one are visible (`None`: none).
    visible: Option<usize>,
    /// Where the expression is, for messages ("WHERE", "RETURN").
    place: &'static str,
    allow_agg: bool,
    /// `RETURN` aliases, for `ORDER BY`.
    aliases: &'a [(String, usize)],
}

/// Resolves `q` against `g`.
///
/// # Errors
/// [`Error::Query`] for a mistake in the query, located.
///
/// # Complexity
/// Linear in the query, plus one name lookup per inline name and a scan of
/// the schema's type names for each unknown type (for suggestions).
pub fn resolve(g: &KnowledgeGraph, q: &ast::Query) -> Result<Resolved> {
    let mut r = Resolver {
        g,
        vars: HashMap::new(),
        kinds: Vec::new(),
        notes: Vec::new(),
        pattern_vars: pattern_vars(q),
    };
    let mut elements = 0;
    for m in &q.matches {
        for p in &m.patterns {
            for (n, at) in
                std::iter::once((1, p.start.at)).chain(p.steps.iter().map(|s| (2, s.rel.at)))
            {
                elements += n;
                if elements > MAX_PATTERN_ELEMENTS {
                    return Err(err(
                        at,
                        format!(
                            "the query holds more than {MAX_PATTERN_ELEMENTS} node and relationship patterns"
                        ),
                        Some("split it into smaller queries".to_string()),
                    ));
                }
            }
        }
    }
    let mut clauses = Vec::new();
    let mut rel_slots = Vec::new();
    for (i, m) in q.matches.iter().enumerate() {
        let clause = r.clause(i, m, &mut rel_slots)?;
        clauses.push(clause);
    }
    let ret = r.projection(&q.ret, q.matches.len())?;
    Ok(Resolved {
        clauses,
        kinds: r.kinds,
        rel_slots,
        ret,
        notes: r.notes,
    })
}

fn err(at: Span, msg: impl Into<String>, hint: impl Into<Option<String>>) -> Error {
    Error::query(at.line, at.column, msg, hint.into())
}

impl<'g> Resolver<'g> {
    fn fresh(&mut self, kind: Kind) -> usize {
        self.kinds.push(kind);
        self.kinds.len() - 1
    }

    /// The slot of a variable a pattern binds (or refers to again).
    fn declare(&mut self, v: &Option<Ident>, kind: Kind, clause: usize) -> Result<usize> {
        let Some(v) = v else {
            return Ok(self.fresh(kind));
        };
        if let Some(info) = self.vars.get(&v.name) {
            if info.kind != kind {
                return Err(err(
                    v.at,
                    format!(
                        "variable `{}` is {}, used here as {}",
                        v.name,
                        info.kind.noun(),
                        kind.noun()
                    ),
                    Some("give each entity and relation its own variable".to_string()),
                ));
            }
            if kind != Kind::Node && info.clause == clause {
                return Err(err(
                    v.at,
                    format!("relation variable `{}` is used twice in one MATCH", v.name),
                    Some(
                        "a MATCH uses each relation at most once; name the other one differently"
                            .to_string(),
                    ),
                ));
            }
            if kind == Kind::Path {
                return Err(err(
                    v.at,
                    format!(
                        "variable `{}` is already bound; a variable-length pattern needs a new variable",
                        v.name
                    ),
                    None,
                ));
            }
            return Ok(info.slot);
        }
        let slot = self.fresh(kind);
        self.vars
            .insert(v.name.clone(), VarInfo { slot, kind, clause });
        Ok(slot)
    }

    fn clause(
        &mut self,
        index: usize,
        m: &ast::MatchClause,
        rel_slots: &mut Vec<usize>,
    ) -> Result<Clause> {
        let mut clause = Clause::default();
        let earlier = Ctx {
            visible: index.checked_sub(1),
            place: INLINE_MAP,
            allow_agg: false,
            aliases: &[],
        };
        for p in &m.patterns {
            let mut left = self.node(index, &p.start, earlier, &mut clause)?;
            for step in &p.steps {
                let slot_kind = if step.rel.length.is_some() {
                    Kind::Path
                } else {
                    Kind::Rel
                };
                let slot = self.declare(&step.rel.var, slot_kind, index)?;
                rel_slots.push(slot);
                let right = self.node(index, &step.node, earlier, &mut clause)?;
                let edge = self.edge(slot, left, right, &step.rel, earlier, &mut clause)?;
                clause.edges.push(edge);
                left = right;
            }
        }
        if let Some(w) = &m.filter {
            let ctx = Ctx {
                visible: Some(index),
                place: "WHERE",
                allow_agg: false,
                aliases: &[],
            };
            let mut parts = Vec::new();
            conjuncts(w, &mut parts);
            for part in parts {
                let expr = self.top(part, ctx, &mut Vec::new())?;
                let mut slots = Vec::new();
                expr.slots(&mut |s| {
                    if !slots.contains(&s) {
                        slots.push(s)
                    }
                });
                clause.filters.push(Conjunct {
                    expr,
                    slots,
                    text: expr_text(part),
                });
            }
        }
        Ok(clause)
    }

    fn node(
        &mut self,
        index: usize,
        n: &ast::NodePattern,
        earlier: Ctx,
        clause: &mut Clause,
    ) -> Result<usize> {
        let slot = self.declare(&n.var, Kind::Node, index)?;
        let mut occ = NodeOcc {
            slot,
            text: node_text(n),
            labels: Vec::new(),
            candidates: None,
            props: Vec::new(),
            names: Vec::new(),
        };
        for set in &n.labels {
            let types = self.entity_types(set);
            if types.is_empty() {
                clause.impossible = true;
            }
            occ.labels.push(types);
        }
        for (key, value) in &n.props {
            let e = self.top(value, earlier, &mut Vec::new())?;
            match (key.name.as_str(), &e) {
                ("name", CExpr::Const(v)) => {
                    let found = match v {
                        Value::Str(s) => {
                            let found = self.g.entities_named(s);
                            if found.is_empty() {
                                let hint = suggest::did_you_mean(&self.g.suggest_entities(s))
                                    .map(|h| format!("; {h}"))
                                    .unwrap_or_default();
                                self.notes.push(format!("no entity named '{s}'{hint}"));
                            }
                            found
                        }
                        _ => Vec::new(),
                    };
                    narrow(&mut occ.candidates, found);
                }
                ("id", CExpr::Const(v)) => {
                    let found = match v {
                        Value::Str(s) => {
                            let found: Vec<EntityId> = self.g.entity_by_id(s).into_iter().collect();
                            if found.is_empty() {
                                let hint = suggest::did_you_mean(&suggest::closest(
                                    s,
                                    self.g.entities().map(|(_, e)| e.id),
                                ))
                                .map(|h| format!("; {h}"))
                                .unwrap_or_default();
                                self.notes.push(format!("no entity with id '{s}'{hint}"));
                            }
                            found
                        }
                        _ => Vec::new(),
                    };
                    narrow(&mut occ.candidates, found);
                }
                ("name", _) => occ.names.push(e),
                _ => occ.props.push((Key::new(&key.name), e)),
            }
        }
        if occ.candidates.as_ref().is_some_and(Vec::is_empty) {
            clause.impossible = true;
        }
        clause.occs.push(occ);
        Ok(clause.occs.len() - 1)
    }

    fn edge(
        &mut self,
        slot: usize,
        left: usize,
        right: usize,
        p: &ast::RelPattern,
        earlier: Ctx,
        clause: &mut Clause,
    ) -> Result<EdgeSpec> {
        let base = match p.direction {
            Direction::Right => OUT,
            Direction::Left => IN,
            Direction::Either => OUT | IN,
        };
        let mut spec = EdgeSpec {
            slot,
            left,
            right,
            types: None,
            masks: self
                .g
                .schema()
                .relation_types()
                .map(|(_, rt)| if rt.symmetric { OUT | IN } else { base })
                .collect(),
            props: Vec::new(),
            length: None,
            text: rel_text(p),
            text_back: rel_text(&ast::RelPattern {
                direction: match p.direction {
                    Direction::Right => Direction::Left,
                    Direction::Left => Direction::Right,
                    Direction::Either => Direction::Either,
                },
                ..p.clone()
            }),
        };
        if !p.types.is_empty() {
            let mut types = Vec::new();
            let schema = self.g.schema();
            let mut masks = vec![0u8; schema.relation_types().len()];
            for t in &p.types {
                let Some((id, flipped)) = self.relation_type(&t.name) else {
                    continue;
                };
                let rt = schema.relation_type(id);
                let m = if rt.symmetric {
                    OUT | IN
                } else if flipped {
                    ((base & OUT) << 1) | ((base & IN) >> 1)
                } else {
                    base
                };
                if masks.len() <= id.0 as usize {
                    masks.resize(id.0 as usize + 1, 0);
                }
                masks[id.0 as usize] |= m;
                if !types.contains(&id) {
                    types.push(id);
                }
            }
            // No known type: nothing matches, but a variable-length pattern
            // that may take zero hops still matches its start (Cypher).
            let zero_hops = p.length.is_some_and(|l| l.min == Some(0));
            if types.is_empty() && !zero_hops {
                clause.impossible = true;
            }
            spec.types = Some(types);
            spec.masks = masks;
        }
        for (key, value) in &p.props {
            let e = self.top(value, earlier, &mut Vec::new())?;
            spec.props.push((Key::new(&key.name), e));
        }
        if let Some(len) = p.length {
            let min = len.min.unwrap_or(1);
            let max = match len.max {
                None => {
                    self.notes.push(format!(
                        "the variable-length pattern at line {}, column {} has no upper bound; it was searched up to {DEFAULT_MAX_HOPS} hops",
                        len.at.line, len.at.column
                    ));
                    DEFAULT_MAX_HOPS
                }
                Some(m) if m > MAX_HOPS => {
                    self.notes.push(format!(
                        "the upper bound {m} of the variable-length pattern at line {}, column {} was cut to {MAX_HOPS} hops, the most searched",
                        len.at.line, len.at.column
                    ));
                    MAX_HOPS
                }
                Some(m) => m,
            };
            if min > max {
                clause.impossible = true;
            }
            spec.length = Some((min.min(u64::from(u32::MAX)) as u32, max as u32));
        }
        Ok(spec)
    }

    /// The ids of the entity types a label set names; unknown ones leave a note.
    fn entity_types(&mut self, set: &[Ident]) -> Vec<TypeId> {
        let schema = self.g.schema();
        let mut out = Vec::new();
        for label in set {
            match schema.entity_type_id(&label.name) {
                Some(t) if out.contains(&t) => {}
                Some(t) => out.push(t),
                None => {
                    let hint = suggest::did_you_mean(&suggest::closest(
                        &label.name,
                        schema.entity_type_names(),
                    ))
                    .map(|h| format!("; {h}"))
                    .unwrap_or_default();
                    self.notes
                        .push(format!("no entity type '{}'{hint}", label.name));
                }
            }
        }
        out
    }

    /// A relation type by its id, or by its inverse label (spaces and
    /// underscores alike), then `true`: read the other way round.
    fn relation_type(&mut self, name: &str) -> Option<(RelTypeId, bool)> {
        let schema = self.g.schema();
        if let Some(t) = schema.relation_type_id(name) {
            return Some((t, false));
        }
        let spaced = name.replace('_', " ");
        for (id, rt) in schema.relation_types() {
            if rt.symmetric {
                continue;
            }
            if rt
                .inverse
                .as_deref()
                .is_some_and(|inv| inv.replace('_', " ") == spaced)
            {
                return Some((id, true));
            }
        }
        let names = schema
            .relation_types()
            .flat_map(|(_, rt)| std::iter::once(&*rt.id).chain(rt.inverse.as_deref()));
        let hint = suggest::did_you_mean(&suggest::closest(name, names))
            .map(|h| format!("; {h}"))
            .unwrap_or_default();
        self.notes.push(format!("no relation type '{name}'{hint}"));
        None
    }

    fn projection(&mut self, ret: &ast::Return, clauses: usize) -> Result<Projection> {
        let visible = clauses.checked_sub(1);
        let ctx = Ctx {
            visible,
            place: "RETURN",
            allow_agg: true,
            aliases: &[],
        };
        let mut aggs = Vec::new();
        let mut items = Vec::new();
        let mut columns: Vec<String> = Vec::new();
        for item in &ret.items {
            let e = self.top(&item.expr, ctx, &mut aggs)?;
            let name = item.column().to_string();
            if columns.contains(&name) {
                let at = item.alias.as_ref().map_or(item.expr.span(), |a| a.at);
                return Err(err(
                    at,
                    format!("two columns are named `{name}`"),
                    Some("give one of them another name with AS".to_string()),
                ));
            }
            if e.has_agg() {
                let mut outside = None;
                e.slots(&mut |s| outside = Some(s));
                if outside.is_some() {
                    return Err(err(
                        item.expr.span(),
                        format!("`{}` mixes an aggregate with values outside it", item.text),
                        Some("return the grouping value as its own column".to_string()),
                    ));
                }
            }
            columns.push(name);
            items.push(e);
        }
        let grouped = !aggs.is_empty();
        let aliases: Vec<(String, usize)> = ret
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| it.alias.as_ref().map(|a| (a.name.clone(), i)))
            .collect();
        let mut order = Vec::new();
        for s in &ret.order {
            let octx = Ctx {
                visible,
                place: "ORDER BY",
                allow_agg: grouped,
                aliases: &aliases,
            };
            let e = self.top(&s.expr, octx, &mut aggs)?.columns_for(&items);
            if grouped || ret.distinct {
                let mut outside = false;
                e.slots(&mut |_| outside = true);
                if outside {
                    return Err(err(
                        s.expr.span(),
                        format!(
                            "with {}, ORDER BY can sort only by what RETURN returns",
                            if grouped { "aggregation" } else { "DISTINCT" }
                        ),
                        Some("sort by a returned column or its alias".to_string()),
                    ));
                }
            }
            order.push((e, s.descending));
        }
        Ok(Projection {
            columns,
            items,
            aggs,
            distinct: ret.distinct,
            order,
            skip: ret.skip.unwrap_or(0),
            limit: ret.limit,
        })
    }

    /// Resolves a whole expression (nesting checked first).
    fn top(&mut self, e: &Expr, ctx: Ctx, aggs: &mut Vec<Aggregate>) -> Result<CExpr> {
        check_nesting(e)?;
        self.expr(e, ctx, aggs, false)
    }

    fn expr(
        &mut self,
        e: &Expr,
        ctx: Ctx,
        aggs: &mut Vec<Aggregate>,
        in_agg: bool,
    ) -> Result<CExpr> {
        macro_rules! sub {
            ($x:expr) => {
                Box::new(self.expr($x, ctx, aggs, in_agg)?)
            };
        }
        Ok(match e {
            Expr::Literal(l, _) => CExpr::Const(literal(l)),
            Expr::List(items, _) => {
                let mut out = Vec::new();
                for x in items {
                    out.push(*sub!(x));
                }
                // A list of constants is a constant (`IN [1, 2]` then costs no allocation).
                if out.iter().all(|x| matches!(x, CExpr::Const(_))) {
                    CExpr::Const(Value::List(
                        out.into_iter()
                            .map(|x| match x {
                                CExpr::Const(v) => v,
                                _ => Value::Null,
                            })
                            .collect(),
                    ))
                } else {
                    CExpr::List(out)
                }
            }
            Expr::Var(v) => self.var(v, ctx)?,
            Expr::Property(base, key) => {
                let b = sub!(base);
                if let CExpr::Slot(s) = *b {
                    if self.kinds[s] == Kind::Path {
                        return Err(err(
                            key.at,
                            format!(
                                "`{}` is a list of relations (a variable-length pattern), which has no property `{}`",
                                expr_text(base),
                                key.name
                            ),
                            Some("name a single relation, or use size() of the list".to_string()),
                        ));
                    }
                }
                CExpr::Prop(b, Key::new(&key.name))
            }
            Expr::Call {
                name,
                args,
                distinct,
                star,
            } => self.call(name, args, *distinct, *star, ctx, aggs, in_agg)?,
            Expr::Not(x, _) => CExpr::Not(sub!(x)),
            Expr::Neg(x, _) => match *sub!(x) {
                CExpr::Const(Value::Int(i)) => CExpr::Const(Value::Int(i.wrapping_neg())),
                CExpr::Const(Value::Float(f)) => CExpr::Const(Value::Float(-f)),
                other => CExpr::Neg(Box::new(other)),
            },
            Expr::Binary(op @ (BinaryOp::And | BinaryOp::Or), ..) => {
                let mut parts = Vec::new();
                for x in chain(e, *op) {
                    parts.push(*sub!(x));
                }
                if *op == BinaryOp::And {
                    CExpr::All(parts)
                } else {
                    CExpr::Any(parts)
                }
            }
            Expr::Binary(op, a, b, _) => CExpr::Bin(*op, sub!(a), sub!(b)),
            Expr::IsNull { expr, negated, .. } => CExpr::IsNull(sub!(expr), *negated),
            Expr::HasLabels(base, sets) => {
                let b = sub!(base);
                if let CExpr::Slot(s) = *b {
                    if self.kinds[s] != Kind::Node {
                        return Err(err(
                            base.span(),
                            format!(
                                "`{}` is {}; a label test needs an entity",
                                expr_text(base),
                                self.kinds[s].noun()
                            ),
                            Some("test a relation's type with type(r) = '…'".to_string()),
                        ));
                    }
                }
                let mut resolved = Vec::new();
                for set in sets {
                    resolved.push(self.entity_types(set));
                }
                CExpr::Labels(b, resolved)
            }
        })
    }

    fn var(&mut self, v: &Ident, ctx: Ctx) -> Result<CExpr> {
        if let Some((_, i)) = ctx.aliases.iter().find(|(a, _)| *a == v.name) {
            return Ok(CExpr::Column(*i));
        }
        match self.vars.get(&v.name) {
            Some(info) if ctx.visible.is_some_and(|c| info.clause <= c) => {
                Ok(CExpr::Slot(info.slot))
            }
            Some(_) => Err(later(v, ctx)),
            None if self.pattern_vars.contains(&v.name) => Err(later(v, ctx)),
            None => {
                let known: Vec<&str> = self.vars.keys().map(String::as_str).collect();
                let close = suggest::closest(&v.name, known.iter().copied());
                let mut e = err(
                    v.at,
                    format!("variable `{}` is not bound by any MATCH", v.name),
                    suggest::did_you_mean(&close)
                        .or_else(|| Some("bind it in a MATCH pattern first".to_string())),
                );
                if let Error::Query { suggestions, .. } = &mut e {
                    *suggestions = close;
                }
                Err(e)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn call(
        &mut self,
        name: &Ident,
        args: &[Expr],
        distinct: bool,
        star: bool,
        ctx: Ctx,
        aggs: &mut Vec<Aggregate>,
        in_agg: bool,
    ) -> Result<CExpr> {
        if let Some(func) = AggFunc::of(&name.name) {
            if !ctx.allow_agg {
                let hint = if ctx.place == "ORDER BY" {
                    "aggregate in RETURN, then sort by its column"
                } else {
                    "aggregates belong in RETURN; filter single matches in WHERE"
                };
                return Err(err(
                    name.at,
                    format!(
                        "aggregate function {}() is not allowed in {}",
                        name.name, ctx.place
                    ),
                    Some(hint.to_string()),
                ));
            }
            if in_agg {
                return Err(err(
                    name.at,
                    format!(
                        "aggregate function {}() inside another aggregate",
                        name.name
                    ),
                    None,
                ));
            }
            let arg = if star {
                if func != AggFunc::Count {
                    return Err(err(
                        name.at,
                        format!("{}(*) is not a function; only count(*) takes *", name.name),
                        None,
                    ));
                }
                None
            } else {
                if args.len() != 1 {
                    return Err(arity(name, 1, args.len()));
                }
                Some(self.expr(&args[0], ctx, aggs, true)?)
            };
            let agg = Aggregate {
                func,
                distinct,
                arg,
            };
            let i = match aggs.iter().position(|a| *a == agg) {
                Some(i) => i,
                None => {
                    aggs.push(agg);
                    aggs.len() - 1
                }
            };
            return Ok(CExpr::Agg(i));
        }
        let Some((func, want)) = Func::of(&name.name) else {
            let close = suggest::closest(&name.name, FUNCTION_NAMES.iter().copied());
            let mut e = err(
                name.at,
                format!("unknown function {}()", name.name),
                suggest::did_you_mean(&close),
            );
            if let Error::Query { suggestions, .. } = &mut e {
                *suggestions = close;
            }
            return Err(e);
        };
        if star || distinct {
            return Err(err(
                name.at,
                format!(
                    "{}() is not an aggregate; {} belongs to count() and the other aggregates",
                    name.name,
                    if star { "*" } else { "DISTINCT" }
                ),
                None,
            ));
        }
        match want {
            Some(n) if args.len() != n => return Err(arity(name, n, args.len())),
            None if args.is_empty() => return Err(arity(name, 1, 0)),
            _ => {}
        }
        let mut out = Vec::new();
        for a in args {
            out.push(self.expr(a, ctx, aggs, in_agg)?);
        }
        let needs = match func {
            Func::Type | Func::StartNode | Func::EndNode => Some(Kind::Rel),
            Func::Labels => Some(Kind::Node),
            _ => None,
        };
        if let (Some(need), Some(arg)) = (needs, out.first()) {
            let got = match arg {
                CExpr::Slot(s) => Some(self.kinds[*s].noun()),
                CExpr::Const(v) if !v.is_null() => Some(v.kind_name()),
                _ => None,
            };
            if let Some(got) = got.filter(|g| *g != need.noun()) {
                return Err(err(
                    args[0].span(),
                    format!(
                        "{}() needs {}, and `{}` is {got}",
                        name.name,
                        need.noun(),
                        expr_text(&args[0])
                    ),
                    (func == Func::Type).then(|| {
                        "a variable-length pattern binds a list: use a single relation".to_string()
                    }),
                ));
            }
        }
        Ok(CExpr::Call(func, out))
    }
}

fn later(v: &Ident, ctx: Ctx) -> Error {
    // An inline map is read as its pattern is matched, before the clause's
    // other variables are bound: only earlier clauses' variables are there.
    if ctx.place == INLINE_MAP {
        return err(
            v.at,
            format!(
                "variable `{}` is not bound before this MATCH; {} reads only the variables of earlier MATCH clauses",
                v.name, ctx.place
            ),
            Some("write the comparison in the WHERE of this MATCH instead".to_string()),
        );
    }
    err(
        v.at,
        format!(
            "variable `{}` is bound only by a later MATCH, not yet in {}",
            v.name, ctx.place
        ),
        Some("move the condition to the WHERE of the MATCH that binds it".to_string()),
    )
}

/// The names of every variable the patterns of `q` bind.
fn pattern_vars(q: &ast::Query) -> Vec<String> {
    let mut out = Vec::new();
    for m in &q.matches {
        for p in &m.patterns {
            let nodes = std::iter::once(&p.start).chain(p.steps.iter().map(|s| &s.node));
            for v in nodes.filter_map(|n| n.var.as_ref()) {
                out.push(v.name.clone());
            }
            for v in p.steps.iter().filter_map(|s| s.rel.var.as_ref()) {
                out.push(v.name.clone());
            }
        }
    }
    out
}

fn arity(name: &Ident, want: usize, got: usize) -> Error {
    err(
        name.at,
        format!(
            "{}() takes {want} argument{}, not {got}",
            name.name,
            if want == 1 { "" } else { "s" }
        ),
        None,
    )
}

/// Keeps in `candidates` only the entities also in `found`.
fn narrow(candidates: &mut Option<Vec<u32>>, found: Vec<EntityId>) {
    let mut found: Vec<u32> = found.into_iter().map(|e| e.index() as u32).collect();
    found.sort_unstable();
    found.dedup();
    *candidates = Some(match candidates.take() {
        None => found,
        Some(prev) => prev
            .into_iter()
            .filter(|x| found.binary_search(x).is_ok())
            .collect(),
    });
}

fn literal(l: &Literal) -> Value<'static> {
    match l {
        Literal::Null => Value::Null,
        Literal::Bool(b) => Value::Bool(*b),
        Literal::Int(i) => Value::Int(*i),
        Literal::Float(f) => Value::Float(*f),
        Literal::Str(s) => Value::Str(s.clone().into()),
    }
}

/// The top-level `AND`s of a condition, split.
fn conjuncts<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
    out.extend(chain(e, BinaryOp::And));
}

/// The operands of a chain of `op` (`a AND b AND c`), in order, found
/// without recursion: a chain of thousands nests as deep.
fn chain(e: &Expr, op: BinaryOp) -> Vec<&Expr> {
    let mut out = Vec::new();
    let mut stack = vec![e];
    while let Some(x) = stack.pop() {
        match x {
            Expr::Binary(o, a, b, _) if *o == op => {
                stack.push(b);
                stack.push(a);
            }
            other => out.push(other),
        }
    }
    out
}

/// How deep expressions may nest (a chain of `AND` or `OR` counts once):
/// resolving and evaluating recurse, and a thread's stack is finite.
pub const MAX_NESTING: usize = 200;

/// Refuses an expression nested deeper than [`MAX_NESTING`], at the place
/// it gets too deep; measured without recursion.
fn check_nesting(e: &Expr) -> Result<()> {
    let mut stack = vec![(e, 0usize)];
    while let Some((x, depth)) = stack.pop() {
        if depth > MAX_NESTING {
            return Err(err(
                x.span(),
                format!("the expression nests more than {MAX_NESTING} levels deep"),
                Some("write it flatter, e.g. a list with IN".to_string()),
            ));
        }
        let deeper = depth + 1;
        match x {
            Expr::Literal(..) | Expr::Var(_) => {}
            Expr::List(items, _) => stack.extend(items.iter().map(|i| (i, deeper))),
            Expr::Call { args, .. } => stack.extend(args.iter().map(|i| (i, deeper))),
            Expr::Property(b, _) | Expr::HasLabels(b, _) | Expr::Not(b, _) | Expr::Neg(b, _) => {
                stack.push((b, deeper))
            }
            Expr::IsNull { expr, .. } => stack.push((expr, deeper)),
            Expr::Binary(op, a, b, _) => {
                let logical = matches!(op, BinaryOp::And | BinaryOp::Or);
                for child in [a, b] {
                    // A chain of one logical operator is resolved flat.
                    let same = logical && matches!(&**child, Expr::Binary(o, ..) if o == op);
                    stack.push((child, if same { depth } else { deeper }));
                }
            }
        }
    }
    Ok(())
}

/// The most node and relationship patterns a query may hold: the search
/// recurses once per pattern element.
pub const MAX_PATTERN_ELEMENTS: usize = 256;

/// A name as Cypher writes it: backticks when it is not a plain identifier.
fn name_text(s: &str) -> String {
    let plain = s
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_alphanumeric() || c == '_');
    if plain {
        s.to_string()
    } else {
        format!("`{}`", s.replace('`', "``"))
    }
}

fn labels_text(sets: &[Vec<Ident>]) -> String {
    sets.iter()
        .map(|set| {
            let alts: Vec<String> = set.iter().map(|l| name_text(&l.name)).collect();
            format!(":{}", alts.join("|"))
        })
        .collect()
}

fn props_text(props: &[(Ident, Expr)]) -> String {
    if props.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = props
        .iter()
        .map(|(k, v)| format!("{}: {}", name_text(&k.name), expr_text(v)))
        .collect();
    format!(" {{{}}}", parts.join(", "))
}

/// `(c:country {name: "Russia"})`.
pub fn node_text(n: &ast::NodePattern) -> String {
    format!(
        "({}{}{})",
        n.var
            .as_ref()
            .map(|v| name_text(&v.name))
            .unwrap_or_default(),
        labels_text(&n.labels),
        props_text(&n.props)
    )
}

/// `-[r:visits*1..3]->`.
pub fn rel_text(p: &ast::RelPattern) -> String {
    let mut inner = p
        .var
        .as_ref()
        .map(|v| name_text(&v.name))
        .unwrap_or_default();
    if !p.types.is_empty() {
        let t: Vec<String> = p.types.iter().map(|t| name_text(&t.name)).collect();
        inner.push(':');
        inner.push_str(&t.join("|"));
    }
    if let Some(l) = p.length {
        inner.push('*');
        match (l.min, l.max) {
            (Some(a), Some(b)) if a == b => inner.push_str(&a.to_string()),
            (a, b) => {
                if a.is_some() || b.is_some() {
                    inner.push_str(&format!(
                        "{}..{}",
                        a.map(|x| x.to_string()).unwrap_or_default(),
                        b.map(|x| x.to_string()).unwrap_or_default()
                    ));
                }
            }
        }
    }
    inner.push_str(&props_text(&p.props));
    let body = if inner.is_empty() {
        String::new()
    } else {
        format!("[{inner}]")
    };
    match p.direction {
        Direction::Right => format!("-{body}->"),
        Direction::Left => format!("<-{body}-"),
        Direction::Either => format!("-{body}-"),
    }
}

/// An expression written back as text, for plans.
pub fn expr_text(e: &Expr) -> String {
    match e {
        Expr::Literal(l, _) => match l {
            Literal::Null => "null".into(),
            Literal::Bool(b) => b.to_string(),
            Literal::Int(i) => i.to_string(),
            Literal::Float(f) => f.to_string(),
            Literal::Str(s) => serde_json::to_string(s).unwrap_or_default(),
        },
        Expr::List(items, _) => {
            let parts: Vec<String> = items.iter().map(expr_text).collect();
            format!("[{}]", parts.join(", "))
        }
        Expr::Var(v) => name_text(&v.name),
        Expr::Property(b, k) => format!("{}.{}", expr_text(b), name_text(&k.name)),
        Expr::Call {
            name,
            args,
            distinct,
            star,
        } => {
            if *star {
                return format!("{}(*)", name.name);
            }
            let parts: Vec<String> = args.iter().map(expr_text).collect();
            format!(
                "{}({}{})",
                name.name,
                if *distinct { "DISTINCT " } else { "" },
                parts.join(", ")
            )
        }
        Expr::Not(x, _) => format!("NOT {}", expr_text(x)),
        Expr::Neg(x, _) => format!("-{}", expr_text(x)),
        Expr::Binary(op @ (BinaryOp::And | BinaryOp::Or), ..) => {
            let word = if *op == BinaryOp::And {
                " AND "
            } else {
                " OR "
            };
            let parts: Vec<String> = chain(e, *op)
                .into_iter()
                .map(|x| match x {
                    Expr::Binary(..) => format!("({})", expr_text(x)),
                    _ => expr_text(x),
                })
                .collect();
            parts.join(word)
        }
        Expr::Binary(op, a, b, _) => {
            let o = match op {
                BinaryOp::Or => "OR",
                BinaryOp::Xor => "XOR",
                BinaryOp::And => "AND",
                BinaryOp::Eq => "=",
                BinaryOp::Ne => "<>",
                BinaryOp::Lt => "<",
                BinaryOp::Le => "<=",
                BinaryOp::Gt => ">",
                BinaryOp::Ge => ">=",
                BinaryOp::In => "IN",
                BinaryOp::StartsWith => "STARTS WITH",
                BinaryOp::EndsWith => "ENDS WITH",
                BinaryOp::Contains => "CONTAINS",
                BinaryOp::Add => "+",
                BinaryOp::Sub => "-",
                BinaryOp::Mul => "*",
                BinaryOp::Div => "/",
                BinaryOp::Mod => "%",
            };
            let wrap = |x: &Expr| match x {
                Expr::Binary(..) => format!("({})", expr_text(x)),
                _ => expr_text(x),
            };
            format!("{} {o} {}", wrap(a), wrap(b))
        }
        Expr::IsNull { expr, negated, .. } => format!(
            "{} IS {}NULL",
            expr_text(expr),
            if *negated { "NOT " } else { "" }
        ),
        Expr::HasLabels(b, sets) => format!("{}{}", expr_text(b), labels_text(sets)),
    }
}
