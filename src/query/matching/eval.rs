//! Expressions as the engine runs them: the syntax tree's expressions with
//! variables turned into binding slots, property keys into the built-in
//! property they name, and function names into [`Func`]. Evaluation never
//! fails: a value of the wrong kind gives `null`, as a missing attribute does
//! (the mistakes that can be seen before running are refused by `resolve`).

use std::borrow::Cow;
use std::cmp::Ordering;

use super::value::{compare, equals, from_truth, truth, Value};
use crate::gql::ast::BinaryOp;
use crate::model::{EntityId, KnowledgeGraph, RelationId, TypeId};

/// What a binding slot holds while a match is being built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Free,
    Node(u32),
    /// A relation, and whether the pattern walks it against its stored direction.
    Rel(u32, bool),
    /// A variable-length pattern's relations, in `paths[slot]`; `true` when
    /// they were walked from the pattern's right end, so the list is backwards.
    Path(bool),
}

/// A built-in property of an entity (`v.name`); any other key is an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeProp {
    Name,
    Id,
    Type,
    Aliases,
}

/// A built-in property of a relation (`r.valid`); any other key is an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelProp {
    Type,
    Id,
    Confidence,
    Valid,
    ValidFrom,
    ValidTo,
    Date,
    Source,
    Sources,
    Dates,
    Quotes,
    Quote,
}

/// A property key, with the built-in it names on entities and on relations.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub node: Option<NodeProp>,
    pub rel: Option<RelProp>,
}

impl Key {
    pub fn new(name: &str) -> Key {
        let node = match name {
            "name" => Some(NodeProp::Name),
            "id" => Some(NodeProp::Id),
            "type" => Some(NodeProp::Type),
            "aliases" => Some(NodeProp::Aliases),
            _ => None,
        };
        let rel = match name {
            "type" => Some(RelProp::Type),
            "id" => Some(RelProp::Id),
            "confidence" => Some(RelProp::Confidence),
            "valid" => Some(RelProp::Valid),
            "valid_from" => Some(RelProp::ValidFrom),
            "valid_to" => Some(RelProp::ValidTo),
            "date" => Some(RelProp::Date),
            "source" => Some(RelProp::Source),
            "sources" => Some(RelProp::Sources),
            "dates" => Some(RelProp::Dates),
            "quotes" => Some(RelProp::Quotes),
            "quote" => Some(RelProp::Quote),
            _ => None,
        };
        Key {
            name: name.to_string(),
            node,
            rel,
        }
    }
}

/// The scalar functions (aggregates are [`AggFunc`]s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    Type,
    Id,
    Labels,
    Size,
    Length,
    ToLower,
    ToUpper,
    Trim,
    Coalesce,
    StartNode,
    EndNode,
    ToString,
    ToInteger,
    ToFloat,
    Abs,
    Head,
    Last,
}

impl Func {
    /// The function a name calls (case-insensitive), with its argument count
    /// (`None`: one or more).
    pub fn of(name: &str) -> Option<(Func, Option<usize>)> {
        Some(match name.to_ascii_lowercase().as_str() {
            "type" => (Func::Type, Some(1)),
            "id" => (Func::Id, Some(1)),
            "labels" => (Func::Labels, Some(1)),
            "size" => (Func::Size, Some(1)),
            "length" => (Func::Length, Some(1)),
            "tolower" => (Func::ToLower, Some(1)),
            "toupper" => (Func::ToUpper, Some(1)),
            "trim" => (Func::Trim, Some(1)),
            "coalesce" => (Func::Coalesce, None),
            "startnode" => (Func::StartNode, Some(1)),
            "endnode" => (Func::EndNode, Some(1)),
            "tostring" => (Func::ToString, Some(1)),
            "tointeger" => (Func::ToInteger, Some(1)),
            "tofloat" => (Func::ToFloat, Some(1)),
            "abs" => (Func::Abs, Some(1)),
            "head" => (Func::Head, Some(1)),
            "last" => (Func::Last, Some(1)),
            _ => return None,
        })
    }
}

/// Every function name, for "did you mean".
pub const FUNCTION_NAMES: &[&str] = &[
    "count",
    "min",
    "max",
    "sum",
    "avg",
    "collect",
    "type",
    "id",
    "labels",
    "size",
    "length",
    "toLower",
    "toUpper",
    "trim",
    "coalesce",
    "startNode",
    "endNode",
    "toString",
    "toInteger",
    "toFloat",
    "abs",
    "head",
    "last",
];

/// The aggregating functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggFunc {
    Count,
    Min,
    Max,
    Sum,
    Avg,
    Collect,
}

impl AggFunc {
    pub fn of(name: &str) -> Option<AggFunc> {
        Some(match name.to_ascii_lowercase().as_str() {
            "count" => AggFunc::Count,
            "min" => AggFunc::Min,
            "max" => AggFunc::Max,
            "sum" => AggFunc::Sum,
            "avg" => AggFunc::Avg,
            "collect" => AggFunc::Collect,
            _ => return None,
        })
    }
}

/// A resolved expression.
#[derive(Debug, Clone, PartialEq)]
pub enum CExpr {
    Const(Value<'static>),
    /// A variable's binding slot.
    Slot(usize),
    /// A column of the projected row (an alias, or a returned expression
    /// that `ORDER BY` repeats).
    Column(usize),
    /// The value of the projection's aggregate number `n`.
    Agg(usize),
    List(Vec<CExpr>),
    Prop(Box<CExpr>, Key),
    Call(Func, Vec<CExpr>),
    Not(Box<CExpr>),
    Neg(Box<CExpr>),
    Bin(BinaryOp, Box<CExpr>, Box<CExpr>),
    /// `a AND b AND …`, a chain kept flat (a long one would nest deeply).
    All(Vec<CExpr>),
    /// `a OR b OR …`, likewise.
    Any(Vec<CExpr>),
    IsNull(Box<CExpr>, bool),
    /// Label test: every set must hold the entity's type.
    Labels(Box<CExpr>, Vec<Vec<TypeId>>),
}

impl CExpr {
    /// Calls `f` on every slot the expression reads.
    pub fn slots(&self, f: &mut impl FnMut(usize)) {
        match self {
            CExpr::Slot(s) => f(*s),
            CExpr::Const(_) | CExpr::Column(_) | CExpr::Agg(_) => {}
            CExpr::List(items) | CExpr::Call(_, items) | CExpr::All(items) | CExpr::Any(items) => {
                items.iter().for_each(|e| e.slots(f))
            }
            CExpr::Prop(e, _)
            | CExpr::Not(e)
            | CExpr::Neg(e)
            | CExpr::IsNull(e, _)
            | CExpr::Labels(e, _) => e.slots(f),
            CExpr::Bin(_, a, b) => {
                a.slots(f);
                b.slots(f);
            }
        }
    }

    /// Replaces every subexpression equal to one of `items` by the column it is.
    pub fn columns_for(self, items: &[CExpr]) -> CExpr {
        if let Some(i) = items.iter().position(|it| *it == self) {
            return CExpr::Column(i);
        }
        let boxed = |e: Box<CExpr>| Box::new(e.columns_for(items));
        match self {
            CExpr::List(v) => CExpr::List(v.into_iter().map(|e| e.columns_for(items)).collect()),
            CExpr::Call(f, v) => {
                CExpr::Call(f, v.into_iter().map(|e| e.columns_for(items)).collect())
            }
            CExpr::All(v) => CExpr::All(v.into_iter().map(|e| e.columns_for(items)).collect()),
            CExpr::Any(v) => CExpr::Any(v.into_iter().map(|e| e.columns_for(items)).collect()),
            CExpr::Prop(e, k) => CExpr::Prop(boxed(e), k),
            CExpr::Not(e) => CExpr::Not(boxed(e)),
            CExpr::Neg(e) => CExpr::Neg(boxed(e)),
            CExpr::IsNull(e, n) => CExpr::IsNull(boxed(e), n),
            CExpr::Labels(e, l) => CExpr::Labels(boxed(e), l),
            CExpr::Bin(op, a, b) => CExpr::Bin(op, boxed(a), boxed(b)),
            other => other,
        }
    }

    pub fn has_agg(&self) -> bool {
        match self {
            CExpr::Agg(_) => true,
            CExpr::Const(_) | CExpr::Column(_) | CExpr::Slot(_) => false,
            CExpr::List(items) | CExpr::Call(_, items) | CExpr::All(items) | CExpr::Any(items) => {
                items.iter().any(CExpr::has_agg)
            }
            CExpr::Prop(e, _)
            | CExpr::Not(e)
            | CExpr::Neg(e)
            | CExpr::IsNull(e, _)
            | CExpr::Labels(e, _) => e.has_agg(),
            CExpr::Bin(_, a, b) => a.has_agg() || b.has_agg(),
        }
    }
}

/// What an expression reads: the graph, the current bindings, and (in a
/// projection) the row's columns and aggregate values.
pub struct Env<'a, 'g> {
    pub g: &'g KnowledgeGraph,
    pub slots: &'a [Bound],
    pub paths: &'a [Vec<(u32, bool)>],
    pub columns: &'a [Value<'g>],
    pub aggs: &'a [Value<'g>],
}

impl<'g> Env<'_, 'g> {
    /// The value of `e` here.
    pub fn eval(&self, e: &CExpr) -> Value<'g> {
        match e {
            CExpr::Const(v) => v.clone(),
            CExpr::Slot(s) => self.slot(*s),
            CExpr::Column(i) => self.columns.get(*i).cloned().unwrap_or(Value::Null),
            CExpr::Agg(i) => self.aggs.get(*i).cloned().unwrap_or(Value::Null),
            CExpr::List(items) => Value::List(items.iter().map(|x| self.eval(x)).collect()),
            CExpr::Prop(base, key) => property(self.g, &self.eval(base), key),
            CExpr::Call(f, args) => self.call(*f, args),
            CExpr::Not(x) => from_truth(truth(&self.eval(x)).map(|b| !b)),
            CExpr::Neg(x) => match self.eval(x) {
                Value::Int(i) => i.checked_neg().map_or(Value::Null, Value::Int),
                Value::Float(f) => Value::Float(-f),
                _ => Value::Null,
            },
            CExpr::IsNull(x, negated) => Value::Bool(self.eval(x).is_null() != *negated),
            CExpr::Labels(x, sets) => match self.eval(x) {
                Value::Node(n) => {
                    let t = self.g.entity_type_of(n);
                    Value::Bool(sets.iter().all(|set| set.contains(&t)))
                }
                _ => Value::Null,
            },
            CExpr::Bin(op, a, b) => self.binary(*op, a, b),
            CExpr::All(items) => {
                let mut unknown = false;
                for x in items {
                    match truth(&self.eval(x)) {
                        Some(false) => return Value::Bool(false),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                from_truth((!unknown).then_some(true))
            }
            CExpr::Any(items) => {
                let mut unknown = false;
                for x in items {
                    match truth(&self.eval(x)) {
                        Some(true) => return Value::Bool(true),
                        None => unknown = true,
                        Some(false) => {}
                    }
                }
                from_truth((!unknown).then_some(false))
            }
        }
    }

    /// Whether `e` is true here (WHERE keeps only true).
    #[inline]
    pub fn holds(&self, e: &CExpr) -> bool {
        truth(&self.eval(e)) == Some(true)
    }

    fn slot(&self, s: usize) -> Value<'g> {
        match self.slots.get(s).copied().unwrap_or(Bound::Free) {
            Bound::Free => Value::Null,
            Bound::Node(n) => Value::Node(EntityId::new(n as usize)),
            Bound::Rel(r, _) => Value::Rel(RelationId::new(r as usize)),
            Bound::Path(backwards) => {
                let rels = self.paths[s]
                    .iter()
                    .map(|&(r, _)| Value::Rel(RelationId::new(r as usize)));
                Value::List(if backwards {
                    rels.rev().collect()
                } else {
                    rels.collect()
                })
            }
        }
    }

    fn binary(&self, op: BinaryOp, a: &CExpr, b: &CExpr) -> Value<'g> {
        use BinaryOp::*;
        match op {
            And => {
                let x = truth(&self.eval(a));
                if x == Some(false) {
                    return Value::Bool(false);
                }
                let y = truth(&self.eval(b));
                match (x, y) {
                    (_, Some(false)) => Value::Bool(false),
                    (Some(true), Some(true)) => Value::Bool(true),
                    _ => Value::Null,
                }
            }
            Or => {
                let x = truth(&self.eval(a));
                if x == Some(true) {
                    return Value::Bool(true);
                }
                let y = truth(&self.eval(b));
                match (x, y) {
                    (_, Some(true)) => Value::Bool(true),
                    (Some(false), Some(false)) => Value::Bool(false),
                    _ => Value::Null,
                }
            }
            Xor => {
                let (x, y) = (truth(&self.eval(a)), truth(&self.eval(b)));
                from_truth(x.zip(y).map(|(p, q)| p != q))
            }
            _ => {
                let (x, y) = (self.eval(a), self.eval(b));
                apply(op, &x, &y)
            }
        }
    }

    fn call(&self, f: Func, args: &[CExpr]) -> Value<'g> {
        if f == Func::Coalesce {
            return args
                .iter()
                .map(|a| self.eval(a))
                .find(|v| !v.is_null())
                .unwrap_or(Value::Null);
        }
        let Some(arg) = args.first() else {
            return Value::Null;
        };
        let v = self.eval(arg);
        let g = self.g;
        match (f, v) {
            (_, Value::Null) => Value::Null,
            (Func::Type, Value::Rel(r)) => {
                Value::str(&g.schema().relation_type(g.relation_type_of(r)).id)
            }
            (Func::Id, Value::Node(n)) => Value::str(g.entity_id(n)),
            (Func::Id, Value::Rel(r)) => g
                .relation(r)
                .detail
                .as_ref()
                .and_then(|d| d.id.as_deref())
                .map_or(Value::Null, Value::str),
            (Func::Labels, Value::Node(n)) => Value::List(vec![Value::str(
                &g.schema().entity_type(g.entity_type_of(n)).id,
            )]),
            (Func::Size | Func::Length, Value::List(l)) => Value::Int(l.len() as i64),
            (Func::Size | Func::Length, Value::Str(s)) => Value::Int(s.chars().count() as i64),
            (Func::ToLower, Value::Str(s)) => Value::Str(Cow::Owned(s.to_lowercase())),
            (Func::ToUpper, Value::Str(s)) => Value::Str(Cow::Owned(s.to_uppercase())),
            (Func::Trim, Value::Str(s)) => Value::Str(Cow::Owned(s.trim().to_string())),
            (Func::StartNode, Value::Rel(r)) => Value::Node(g.relation_ends(r).0),
            (Func::EndNode, Value::Rel(r)) => Value::Node(g.relation_ends(r).2),
            (Func::ToString, v @ Value::Str(_)) => v,
            (Func::ToString, Value::Int(i)) => Value::Str(Cow::Owned(i.to_string())),
            (Func::ToString, Value::Float(x)) => Value::Str(Cow::Owned(float_text(x))),
            (Func::ToString, Value::Bool(b)) => Value::Str(Cow::Owned(b.to_string())),
            (Func::ToInteger, Value::Int(i)) => Value::Int(i),
            (Func::ToInteger, Value::Float(x)) if x.is_finite() => Value::Int(x.trunc() as i64),
            (Func::ToInteger, Value::Str(s)) => {
                let t = s.trim();
                t.parse::<i64>()
                    .map(Value::Int)
                    .ok()
                    .or_else(|| {
                        t.parse::<f64>()
                            .ok()
                            .filter(|x| x.is_finite())
                            .map(|x| Value::Int(x.trunc() as i64))
                    })
                    .unwrap_or(Value::Null)
            }
            (Func::ToFloat, Value::Int(i)) => Value::Float(i as f64),
            (Func::ToFloat, v @ Value::Float(_)) => v,
            (Func::ToFloat, Value::Str(s)) => {
                s.trim().parse::<f64>().map_or(Value::Null, Value::Float)
            }
            (Func::Abs, Value::Int(i)) => i.checked_abs().map_or(Value::Null, Value::Int),
            (Func::Abs, Value::Float(x)) => Value::Float(x.abs()),
            (Func::Head, Value::List(mut l)) if !l.is_empty() => l.swap_remove(0),
            (Func::Last, Value::List(mut l)) => l.pop().unwrap_or(Value::Null),
            _ => Value::Null,
        }
    }
}

/// A float as Cypher prints it: always with a fraction (`1.0`).
fn float_text(x: f64) -> String {
    if x.fract() == 0.0 && x.is_finite() && x.abs() < 1e16 {
        format!("{x:.1}")
    } else {
        x.to_string()
    }
}

/// A binary operator other than the logical ones, on two values.
pub fn apply<'g>(op: BinaryOp, x: &Value<'g>, y: &Value<'g>) -> Value<'g> {
    use BinaryOp::*;
    match op {
        Eq => from_truth(equals(x, y)),
        Ne => from_truth(equals(x, y).map(|b| !b)),
        Lt => from_truth(compare(x, y).map(|o| o == Ordering::Less)),
        Le => from_truth(compare(x, y).map(|o| o != Ordering::Greater)),
        Gt => from_truth(compare(x, y).map(|o| o == Ordering::Greater)),
        Ge => from_truth(compare(x, y).map(|o| o != Ordering::Less)),
        In => match y {
            Value::List(items) => {
                let mut unknown = false;
                for item in items {
                    match equals(x, item) {
                        Some(true) => return Value::Bool(true),
                        None => unknown = true,
                        Some(false) => {}
                    }
                }
                if unknown {
                    Value::Null
                } else {
                    Value::Bool(false)
                }
            }
            _ => Value::Null,
        },
        StartsWith | EndsWith | Contains => match (x, y) {
            (Value::Str(a), Value::Str(b)) => Value::Bool(match op {
                StartsWith => a.starts_with(&**b),
                EndsWith => a.ends_with(&**b),
                _ => a.contains(&**b),
            }),
            _ => Value::Null,
        },
        Add => match (x, y) {
            (Value::Str(a), Value::Str(b)) => Value::Str(Cow::Owned(format!("{a}{b}"))),
            (Value::Str(a), Value::Int(b)) => Value::Str(Cow::Owned(format!("{a}{b}"))),
            (Value::Int(a), Value::Str(b)) => Value::Str(Cow::Owned(format!("{a}{b}"))),
            (Value::Str(a), Value::Float(b)) => {
                Value::Str(Cow::Owned(format!("{a}{}", float_text(*b))))
            }
            (Value::Float(a), Value::Str(b)) => {
                Value::Str(Cow::Owned(format!("{}{b}", float_text(*a))))
            }
            (Value::List(a), Value::List(b)) => {
                Value::List(a.iter().chain(b.iter()).cloned().collect())
            }
            (Value::List(a), b) if !b.is_null() => {
                let mut l = a.clone();
                l.push(b.clone());
                Value::List(l)
            }
            (a, Value::List(b)) if !a.is_null() => {
                let mut l = vec![a.clone()];
                l.extend(b.iter().cloned());
                Value::List(l)
            }
            _ => arithmetic(op, x, y),
        },
        _ => arithmetic(op, x, y),
    }
}

fn arithmetic<'g>(op: BinaryOp, x: &Value<'g>, y: &Value<'g>) -> Value<'g> {
    use BinaryOp::*;
    match (x, y) {
        (Value::Int(a), Value::Int(b)) => {
            let r = match op {
                Add => a.checked_add(*b),
                Sub => a.checked_sub(*b),
                Mul => a.checked_mul(*b),
                Div => a.checked_div(*b),
                Mod => a.checked_rem(*b),
                _ => None,
            };
            r.map_or(Value::Null, Value::Int)
        }
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
            let (a, b) = (as_f64(x), as_f64(y));
            Value::Float(match op {
                Add => a + b,
                Sub => a - b,
                Mul => a * b,
                Div => a / b,
                Mod => a % b,
                _ => return Value::Null,
            })
        }
        _ => Value::Null,
    }
}

fn as_f64(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        _ => f64::NAN,
    }
}

/// `base.key`: an entity's or relation's built-in property or attribute, a
/// map's entry; null for anything else and for what is missing.
pub fn property<'g>(g: &'g KnowledgeGraph, base: &Value<'g>, key: &Key) -> Value<'g> {
    match base {
        Value::Node(n) => node_property(g, *n, key),
        Value::Rel(r) => rel_property(g, *r, key),
        Value::Map(m) => m
            .iter()
            .find(|(k, _)| *k == key.name)
            .map_or(Value::Null, |(_, v)| v.clone()),
        _ => Value::Null,
    }
}

pub fn node_property<'g>(g: &'g KnowledgeGraph, n: EntityId, key: &Key) -> Value<'g> {
    match key.node {
        Some(NodeProp::Name) => Value::str(g.entity_name(n)),
        Some(NodeProp::Id) => Value::str(g.entity_id(n)),
        Some(NodeProp::Type) => Value::str(&g.schema().entity_type(g.entity_type_of(n)).id),
        Some(NodeProp::Aliases) => Value::List(
            g.entity(n)
                .aliases
                .iter()
                .map(|a| Value::str(&a.text))
                .collect(),
        ),
        None => g
            .entity(n)
            .attributes
            .and_then(|a| a.get(&key.name))
            .map_or(Value::Null, Value::from_json),
    }
}

pub fn rel_property<'g>(g: &'g KnowledgeGraph, r: RelationId, key: &Key) -> Value<'g> {
    let rel = g.relation(r);
    let evidence = rel.evidence();
    let owned = |s: String| Value::Str(Cow::Owned(s));
    match key.rel {
        Some(RelProp::Type) => Value::str(&g.schema().relation_type(g.relation_type_of(r)).id),
        Some(RelProp::Id) => rel
            .detail
            .as_ref()
            .and_then(|d| d.id.as_deref())
            .map_or(Value::Null, Value::str),
        Some(RelProp::Confidence) => rel
            .detail
            .as_ref()
            .and_then(|d| d.confidence)
            .map_or(Value::Null, Value::Float),
        Some(RelProp::Valid) => rel.valid.map_or(Value::Null, |v| owned(v.to_string())),
        Some(RelProp::ValidFrom) => rel.valid.map_or(Value::Null, |v| owned(v.from.to_string())),
        Some(RelProp::ValidTo) => rel.valid.map_or(Value::Null, |v| owned(v.to.to_string())),
        Some(RelProp::Date) => evidence
            .iter()
            .find_map(|e| e.date)
            .map_or(Value::Null, |d| owned(d.to_string())),
        Some(RelProp::Source) => evidence
            .first()
            .map_or(Value::Null, |e| Value::str(&g.source(e.source).id)),
        Some(RelProp::Sources) => Value::List(
            evidence
                .iter()
                .map(|e| Value::str(&g.source(e.source).id))
                .collect(),
        ),
        Some(RelProp::Dates) => Value::List(
            evidence
                .iter()
                .filter_map(|e| e.date)
                .map(|d| owned(d.to_string()))
                .collect(),
        ),
        Some(RelProp::Quotes) => Value::List(
            evidence
                .iter()
                .filter_map(|e| e.quote.as_deref())
                .map(Value::str)
                .collect(),
        ),
        Some(RelProp::Quote) => evidence
            .iter()
            .find_map(|e| e.quote.as_deref())
            .map_or(Value::Null, Value::str),
        None => rel
            .detail
            .as_ref()
            .and_then(|d| d.attributes.get(&key.name))
            .map_or(Value::Null, Value::from_json),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_eval(e: &CExpr) -> Value<'static> {
        let g = Box::leak(Box::new(KnowledgeGraph::new()));
        Env {
            g,
            slots: &[],
            paths: &[],
            columns: &[],
            aggs: &[],
        }
        .eval(e)
    }

    fn c(v: Value<'static>) -> Box<CExpr> {
        Box::new(CExpr::Const(v))
    }

    #[test]
    fn kleene_logic() {
        use Value::*;
        let t = || Bool(true);
        let f = || Bool(false);
        let cases = [
            (BinaryOp::And, Null, f(), Some(false)),
            (BinaryOp::And, Null, t(), None),
            (BinaryOp::Or, Null, t(), Some(true)),
            (BinaryOp::Or, Null, f(), None),
            (BinaryOp::Xor, Null, t(), None),
            (BinaryOp::Xor, t(), f(), Some(true)),
        ];
        for (op, a, b, want) in cases {
            let got = env_eval(&CExpr::Bin(op, c(a.clone()), c(b.clone())));
            assert_eq!(truth(&got), want, "{op:?} {a:?} {b:?}");
            let swapped = env_eval(&CExpr::Bin(op, c(b), c(a)));
            assert_eq!(truth(&swapped), want, "{op:?} swapped");
        }
        assert!(env_eval(&CExpr::Not(c(Null))).is_null());
    }

    #[test]
    fn in_and_string_operators_follow_null_rules() {
        use Value::*;
        let list = Value::List(vec![Int(1), Null]);
        assert!(apply(BinaryOp::In, &Int(2), &list).is_null());
        assert_eq!(truth(&apply(BinaryOp::In, &Int(1), &list)), Some(true));
        assert_eq!(
            truth(&apply(BinaryOp::In, &Int(2), &Value::List(vec![Int(1)]))),
            Some(false)
        );
        assert!(apply(BinaryOp::StartsWith, &Int(2), &Value::str("a")).is_null());
        assert_eq!(
            truth(&apply(
                BinaryOp::StartsWith,
                &Value::str("Abc"),
                &Value::str("a")
            )),
            Some(false)
        );
        assert_eq!(
            truth(&apply(
                BinaryOp::Contains,
                &Value::str("Abc"),
                &Value::str("bc")
            )),
            Some(true)
        );
    }

    #[test]
    fn arithmetic_keeps_integers() {
        use Value::*;
        assert!(matches!(apply(BinaryOp::Add, &Int(2), &Int(3)), Int(5)));
        assert!(matches!(apply(BinaryOp::Div, &Int(7), &Int(2)), Int(3)));
        assert!(matches!(apply(BinaryOp::Div, &Int(7), &Float(2.0)), Float(f) if f == 3.5));
        assert!(apply(BinaryOp::Div, &Int(7), &Int(0)).is_null());
        assert!(apply(BinaryOp::Add, &Int(i64::MAX), &Int(1)).is_null());
    }
}
