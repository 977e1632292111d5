//! Runtime values of a pattern query and Cypher's rules for them: equality
//! (three-valued, `null` spreads), comparison (`null` when the kinds differ),
//! orderability (the total order `ORDER BY` sorts by), and the equivalence
//! grouping and `DISTINCT` use.
//!
//! Strings borrow from the graph where they can (names, ids, attribute text),
//! so reading `p.name` on the hot path allocates nothing.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

use serde_json::Value as Json;

use crate::model::{EntityId, KnowledgeGraph, RelationId};
use crate::query::answer::{Cell, NodeOut, RelationValue};

/// One value: what an expression evaluates to.
#[derive(Debug, Clone)]
pub enum Value<'g> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Cow<'g, str>),
    List(Vec<Value<'g>>),
    /// An attribute that is a JSON object, keys in the order stored.
    Map(Vec<(Cow<'g, str>, Value<'g>)>),
    Node(EntityId),
    Rel(RelationId),
}

impl<'g> Value<'g> {
    pub fn str(s: &'g str) -> Self {
        Value::Str(Cow::Borrowed(s))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// A stored attribute as a value: integers stay integers.
    pub fn from_json(j: &'g Json) -> Self {
        match j {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => n.as_f64().map_or(Value::Null, Value::Float),
            },
            Json::String(s) => Value::str(s),
            Json::Array(items) => Value::List(items.iter().map(Value::from_json).collect()),
            Json::Object(m) => Value::Map(
                m.iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// The value as an answer cell: entities and relations as answers show
    /// them, lists holding any as [`Cell::List`], the rest as JSON.
    pub fn to_cell(&self, g: &KnowledgeGraph) -> Cell {
        match self {
            Value::Node(n) => Cell::Entity(NodeOut::new(g, *n)),
            Value::Rel(r) => Cell::Relation(relation_value(g, *r)),
            Value::List(items) if items.iter().any(Value::holds_graph) => {
                Cell::List(items.iter().map(|v| v.to_cell(g)).collect())
            }
            other => Cell::Value(other.to_json(g)),
        }
    }

    fn holds_graph(&self) -> bool {
        match self {
            Value::Node(_) | Value::Rel(_) => true,
            Value::List(items) => items.iter().any(Value::holds_graph),
            _ => false,
        }
    }

    /// The value as JSON (entities and relations as their answer objects).
    pub fn to_json(&self, g: &KnowledgeGraph) -> Json {
        match self {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::Number((*i).into()),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
            Value::Str(s) => Json::String(s.to_string()),
            Value::List(items) => Json::Array(items.iter().map(|v| v.to_json(g)).collect()),
            Value::Map(m) => Json::Object(
                m.iter()
                    .map(|(k, v)| (k.to_string(), v.to_json(g)))
                    .collect(),
            ),
            Value::Node(_) | Value::Rel(_) => {
                serde_json::to_value(self.to_cell(g)).unwrap_or(Json::Null)
            }
        }
    }

    /// An owned copy that borrows nothing (for values kept past a row).
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Int(i) => Value::Int(i),
            Value::Float(f) => Value::Float(f),
            Value::Str(s) => Value::Str(Cow::Owned(s.into_owned())),
            Value::List(items) => Value::List(items.into_iter().map(Value::into_owned).collect()),
            Value::Map(m) => Value::Map(
                m.into_iter()
                    .map(|(k, v)| (Cow::Owned(k.into_owned()), v.into_owned()))
                    .collect(),
            ),
            Value::Node(n) => Value::Node(n),
            Value::Rel(r) => Value::Rel(r),
        }
    }

    /// The kind's name, for messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "float",
            Value::Str(_) => "string",
            Value::List(_) => "list",
            Value::Map(_) => "map",
            Value::Node(_) => "entity",
            Value::Rel(_) => "relation",
        }
    }
}

/// `{"id"?, "type", "from", "to"}` of a relation.
pub fn relation_value(g: &KnowledgeGraph, r: RelationId) -> RelationValue {
    let (a, t, b) = g.relation_ends(r);
    RelationValue {
        id: g
            .relation(r)
            .detail
            .as_ref()
            .and_then(|d| d.id.as_deref().map(str::to_string)),
        kind: g.schema().relation_type(t).id.to_string(),
        from: g.entity_id(a).to_string(),
        to: g.entity_id(b).to_string(),
    }
}

/// Three-valued truth: `Some(b)` for a boolean, `None` for null (and for
/// anything that is not a boolean, which no predicate can hold).
pub fn truth(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        _ => None,
    }
}

pub fn from_truth(t: Option<bool>) -> Value<'static> {
    t.map_or(Value::Null, Value::Bool)
}

/// Cypher's `=`: null when either side is null (or a list comparison meets
/// one and finds no difference); false between different kinds; integers and
/// floats compare numerically; entities and relations by identity.
pub fn equals(a: &Value, b: &Value) -> Option<bool> {
    use Value::*;
    match (a, b) {
        (Null, _) | (_, Null) => None,
        (Bool(x), Bool(y)) => Some(x == y),
        (Int(x), Int(y)) => Some(x == y),
        (Int(_) | Float(_), Int(_) | Float(_)) => Some(num(a) == num(b)),
        (Str(x), Str(y)) => Some(x == y),
        (Node(x), Node(y)) => Some(x == y),
        (Rel(x), Rel(y)) => Some(x == y),
        (List(x), List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut unknown = false;
            for (p, q) in x.iter().zip(y) {
                match equals(p, q) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            if unknown {
                None
            } else {
                Some(true)
            }
        }
        (Map(x), Map(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut unknown = false;
            for (k, p) in x {
                let Some((_, q)) = y.iter().find(|(k2, _)| k2 == k) else {
                    return Some(false);
                };
                match equals(p, q) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            if unknown {
                None
            } else {
                Some(true)
            }
        }
        _ => Some(false),
    }
}

fn num(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        _ => f64::NAN,
    }
}

/// Cypher's `<`, `<=`, `>`, `>=`: numbers numerically (mixed integer and
/// float too), strings by code point, booleans false before true, lists
/// element by element; null when either side is null or the kinds cannot be
/// compared (a string and a number, two entities).
pub fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    use Value::*;
    match (a, b) {
        (Int(x), Int(y)) => Some(x.cmp(y)),
        (Int(_) | Float(_), Int(_) | Float(_)) => num(a).partial_cmp(&num(b)),
        (Str(x), Str(y)) => Some(x.cmp(y)),
        (Bool(x), Bool(y)) => Some(x.cmp(y)),
        (List(x), List(y)) => {
            for (p, q) in x.iter().zip(y) {
                match compare(p, q)? {
                    Ordering::Equal => {}
                    other => return Some(other),
                }
            }
            Some(x.len().cmp(&y.len()))
        }
        _ => None,
    }
}

/// Rank of a kind in openCypher's orderability (ascending): maps, entities,
/// relations, lists, strings, booleans, numbers, then null.
fn rank(v: &Value) -> u8 {
    match v {
        Value::Map(_) => 0,
        Value::Node(_) => 1,
        Value::Rel(_) => 2,
        Value::List(_) => 3,
        Value::Str(_) => 4,
        Value::Bool(_) => 5,
        Value::Int(_) | Value::Float(_) => 6,
        Value::Null => 7,
    }
}

/// The total order `ORDER BY` sorts by (openCypher's orderability): kinds in
/// the order of [`rank`], null last; within numbers NaN is the largest;
/// within a kind as [`compare`], entities and relations by their number.
pub fn order(a: &Value, b: &Value) -> Ordering {
    use Value::*;
    let (ra, rb) = (rank(a), rank(b));
    if ra != rb {
        return ra.cmp(&rb);
    }
    match (a, b) {
        (Int(x), Int(y)) => x.cmp(y),
        (Int(_) | Float(_), Int(_) | Float(_)) => {
            let (x, y) = (num(a), num(b));
            match (x.is_nan(), y.is_nan()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                // Equal numbers of both kinds: the integer first, so the order is total.
                _ => x
                    .partial_cmp(&y)
                    .unwrap_or(Ordering::Equal)
                    .then_with(|| matches!(a, Float(_)).cmp(&matches!(b, Float(_)))),
            }
        }
        (Str(x), Str(y)) => x.cmp(y),
        (Bool(x), Bool(y)) => x.cmp(y),
        (Node(x), Node(y)) => x.index().cmp(&y.index()),
        (Rel(x), Rel(y)) => x.index().cmp(&y.index()),
        (List(x), List(y)) => {
            for (p, q) in x.iter().zip(y) {
                match order(p, q) {
                    Ordering::Equal => {}
                    other => return other,
                }
            }
            x.len().cmp(&y.len())
        }
        (Map(x), Map(y)) => {
            for ((k1, v1), (k2, v2)) in x.iter().zip(y) {
                match k1.cmp(k2).then_with(|| order(v1, v2)) {
                    Ordering::Equal => {}
                    other => return other,
                }
            }
            x.len().cmp(&y.len())
        }
        _ => Ordering::Equal,
    }
}

/// Equivalence, as grouping and `DISTINCT` use it: like `=` but null is
/// equivalent to null (and NaN to NaN), so it is a true equivalence relation.
impl PartialEq for Value<'_> {
    fn eq(&self, other: &Self) -> bool {
        use Value::*;
        match (self, other) {
            (Null, Null) => true,
            (Int(_) | Float(_), Int(_) | Float(_)) => {
                let (x, y) = (num(self), num(other));
                match (self, other) {
                    (Int(a), Int(b)) => a == b,
                    _ => x == y || (x.is_nan() && y.is_nan()),
                }
            }
            (List(x), List(y)) => x == y,
            (Map(x), Map(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .all(|(k, v)| y.iter().any(|(k2, v2)| k == k2 && v == v2))
            }
            _ => equals(self, other) == Some(true),
        }
    }
}

impl Eq for Value<'_> {}

impl Hash for Value<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match self {
            Value::Null => 0u8.hash(h),
            Value::Bool(b) => (1u8, b).hash(h),
            // Integral floats hash as the integer they equal (1.0 groups with 1).
            Value::Int(i) => (2u8, i).hash(h),
            Value::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 9.0e15 {
                    (2u8, *f as i64).hash(h)
                } else if f.is_nan() {
                    3u8.hash(h)
                } else {
                    (4u8, f.to_bits()).hash(h)
                }
            }
            Value::Str(s) => (5u8, s).hash(h),
            Value::List(items) => {
                6u8.hash(h);
                items.len().hash(h);
                for v in items {
                    v.hash(h);
                }
            }
            // Key order may differ between equal maps: hash the size only.
            Value::Map(m) => (7u8, m.len()).hash(h),
            Value::Node(n) => (8u8, n.index()).hash(h),
            Value::Rel(r) => (9u8, r.index()).hash(h),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Value::*;

    fn s(x: &str) -> Value<'_> {
        Value::str(x)
    }

    #[test]
    fn equality_is_three_valued() {
        assert_eq!(equals(&Int(1), &Float(1.0)), Some(true));
        assert_eq!(equals(&Int(1), &s("1")), Some(false));
        assert_eq!(equals(&Null, &Null), None);
        assert_eq!(equals(&Int(1), &Null), None);
        assert_eq!(
            equals(&List(vec![Int(1), Null]), &List(vec![Int(1), Null])),
            None
        );
        assert_eq!(
            equals(&List(vec![Int(2), Null]), &List(vec![Int(1), Null])),
            Some(false)
        );
        assert_eq!(equals(&List(vec![Int(1)]), &List(vec![])), Some(false));
        assert_eq!(equals(&Float(f64::NAN), &Float(f64::NAN)), Some(false));
    }

    #[test]
    fn comparison_of_different_kinds_is_null() {
        assert_eq!(compare(&Int(1), &s("a")), None);
        assert_eq!(compare(&Int(1), &Float(1.5)), Some(Ordering::Less));
        assert_eq!(compare(&s("b"), &s("a")), Some(Ordering::Greater));
        assert_eq!(compare(&Null, &Int(1)), None);
        assert_eq!(compare(&Bool(false), &Bool(true)), Some(Ordering::Less));
    }

    #[test]
    fn orderability_puts_null_last_and_numbers_after_strings() {
        let mut v = [
            Null,
            Int(2),
            s("a"),
            Float(1.5),
            Bool(true),
            Float(f64::NAN),
        ];
        v.sort_by(order);
        let kinds: Vec<String> = v.iter().map(|x| format!("{x:?}")).collect();
        assert_eq!(
            kinds,
            vec![
                "Str(\"a\")",
                "Bool(true)",
                "Float(1.5)",
                "Int(2)",
                "Float(NaN)",
                "Null"
            ]
        );
    }

    #[test]
    fn grouping_equivalence_joins_nulls_and_equal_numbers() {
        use std::collections::HashSet;
        let set: HashSet<Value> = [Null, Null, Int(1), Float(1.0), s("x"), s("x")]
            .into_iter()
            .collect();
        assert_eq!(set.len(), 3);
    }

    #[test]
    fn attributes_keep_integers_and_floats() {
        let j: Json = serde_json::json!({"n": 3, "f": 2.5, "l": [1, "a"]});
        let v = Value::from_json(&j);
        let Map(m) = v else { panic!("a map") };
        assert!(matches!(m[0].1, Int(3)));
        assert!(matches!(m[1].1, Float(f) if f == 2.5));
        assert!(matches!(&m[2].1, List(l) if l.len() == 2));
    }
}
