//! Projection: `RETURN` over the matches the search finds.
//!
//! Without aggregation, `DISTINCT` or `ORDER BY` rows stream: the search
//! stops once `SKIP` plus the rows to list plus one (to know whether there
//! are more) exist. `ORDER BY` keeps only the best of them in a buffer that
//! is sorted and cut whenever it doubles. Aggregation groups by the
//! non-aggregate items (Cypher's implicit grouping) with one state per
//! aggregate per group; `DISTINCT` keeps one row per distinct value list.
//! A row that stands for several matches carries the union of their
//! relations, at most [`MAX_ROW_RELATIONS`].
//!
//! # Complexity
//! Per match: the items and sort keys evaluated, a hash lookup when grouping
//! or deduplicating. At the end: sorting the kept rows, O(k log k) for the
//! k = SKIP + rows listed + 1 kept (all groups when grouping), and building
//! each listed row's relations with their evidence.

use std::collections::HashSet;

use rustc_hash::FxHashMap as HashMap;

use super::eval::{AggFunc, Bound, Env};
use super::resolve::{Aggregate, Projection};
use super::search::{Matcher, Sink};
use super::value::{order, Value};
use crate::model::{KnowledgeGraph, RelationId};
use crate::query::answer::{Cell, EdgeOut};

/// The most relations a row that stands for several matches carries.
pub const MAX_ROW_RELATIONS: usize = 100;

/// A row on its way to the answer.
struct Row<'g> {
    values: Vec<Value<'g>>,
    keys: Vec<Value<'g>>,
    rels: Vec<(u32, bool)>,
}

/// One aggregate's running state in one group.
enum State<'g> {
    Count(i64),
    Best(Option<Value<'g>>),
    Sum(i64, f64, bool),
    Avg(f64, i64),
    Collect(Vec<Value<'g>>),
}

struct Group<'g> {
    key: Vec<Value<'g>>,
    states: Vec<State<'g>>,
    seen: Vec<HashSet<Value<'g>>>,
    rels: Vec<(u32, bool)>,
}

/// Collects the matches of a search into rows.
pub struct Collector<'p, 'g> {
    g: &'g KnowledgeGraph,
    p: &'p Projection,
    rel_slots: &'p [usize],
    /// Rows to keep before the search may stop (streaming) or the buffer is cut.
    keep: usize,
    rows: Vec<Row<'g>>,
    distinct: HashMap<Vec<Value<'g>>, usize>,
    groups: Vec<Group<'g>>,
    group_of: HashMap<Vec<Value<'g>>, usize>,
    /// Items that are grouping keys (no aggregate in them).
    key_items: Vec<usize>,
    /// The matches seen.
    pub matches: u64,
    /// Every aggregate is `count(*)`: a match adds only to its group's counts.
    only_counts: bool,
    /// By key item: the slots it reads.
    key_slots: Vec<Vec<usize>>,
    /// The group [`Sink::can_count`] found for the bindings at hand.
    pending: usize,
    /// Reused for each match's relations and group key.
    scratch: Vec<(u32, bool)>,
    key: Vec<Value<'g>>,
    values: Vec<Value<'g>>,
    /// The sort keys of the last row kept when the buffer was last cut to `keep`.
    worst: Option<Vec<Value<'g>>>,
}

/// The rows, cut to the answer's limit.
pub struct Rows {
    pub rows: Vec<Vec<Cell>>,
    pub relations: Vec<Vec<EdgeOut>>,
    /// More rows than the limit exist.
    pub more: bool,
}

impl<'p, 'g> Collector<'p, 'g> {
    pub fn new(
        g: &'g KnowledgeGraph,
        p: &'p Projection,
        rel_slots: &'p [usize],
        limit: usize,
    ) -> Self {
        let listed = p.limit.map_or(limit.saturating_add(1), |l| {
            (l.min(usize::MAX as u64) as usize).min(limit.saturating_add(1))
        });
        let keep = (p.skip.min(usize::MAX as u64) as usize).saturating_add(listed);
        Collector {
            g,
            p,
            rel_slots,
            keep,
            rows: Vec::new(),
            distinct: HashMap::default(),
            groups: Vec::new(),
            group_of: HashMap::default(),
            key_items: (0..p.items.len())
                .filter(|&i| !p.items[i].has_agg())
                .collect(),
            matches: 0,
            only_counts: !p.aggs.is_empty()
                && p.aggs
                    .iter()
                    .all(|a| a.func == AggFunc::Count && a.arg.is_none() && !a.distinct),
            key_slots: (0..p.items.len())
                .filter(|&i| !p.items[i].has_agg())
                .map(|i| {
                    let mut v = Vec::new();
                    p.items[i].slots(&mut |s| v.push(s));
                    v
                })
                .collect(),
            pending: 0,
            scratch: Vec::new(),
            key: Vec::new(),
            values: Vec::new(),
            worst: None,
        }
    }

    /// Whether rows stream (the search may stop once `keep` rows exist).
    fn streams(&self) -> bool {
        !self.p.grouped() && !self.p.distinct && self.p.order.is_empty()
    }

    /// The relations a match bound, each once, in pattern order.
    fn relations_of(&self, m: &Matcher, out: &mut Vec<(u32, bool)>) {
        for &s in self.rel_slots {
            match m.slots[s] {
                Bound::Rel(r, rev) => push_rel(out, (r, rev), usize::MAX),
                Bound::Path(backwards) => {
                    let p = &m.paths[s];
                    if backwards {
                        p.iter().rev().for_each(|&x| push_rel(out, x, usize::MAX));
                    } else {
                        p.iter().for_each(|&x| push_rel(out, x, usize::MAX));
                    }
                }
                _ => {}
            }
        }
    }

    /// The group the current match falls in, made when new.
    fn group_for(&mut self, m: &Matcher<'_, 'g>) -> usize {
        if self.key_items.is_empty() {
            // One group: no key to hash.
            if self.groups.is_empty() {
                self.groups.push(new_group(Vec::new(), &self.p.aggs));
            }
            return 0;
        }
        let env = Env {
            g: self.g,
            slots: &m.slots,
            paths: &m.paths,
            columns: &[],
            aggs: &[],
        };
        // The key is built in a reused buffer; only a new group copies it.
        let mut key = std::mem::take(&mut self.key);
        key.clear();
        key.extend(self.key_items.iter().map(|&i| env.eval(&self.p.items[i])));
        let gi = match self.group_of.get(key.as_slice()) {
            Some(&gi) => gi,
            None => {
                self.groups.push(new_group(key.clone(), &self.p.aggs));
                self.group_of.insert(key.clone(), self.groups.len() - 1);
                self.groups.len() - 1
            }
        };
        self.key = key;
        gi
    }

    fn aggregate(&mut self, m: &Matcher<'_, 'g>) {
        let gi = self.group_for(m);
        let env = Env {
            g: self.g,
            slots: &m.slots,
            paths: &m.paths,
            columns: &[],
            aggs: &[],
        };
        let mut rels = std::mem::take(&mut self.scratch);
        rels.clear();
        if self.groups[gi].rels.len() < MAX_ROW_RELATIONS {
            self.relations_of(m, &mut rels);
        }
        let group = &mut self.groups[gi];
        for &r in &rels {
            push_rel(&mut group.rels, r, MAX_ROW_RELATIONS);
        }
        self.scratch = rels;
        for (ai, a) in self.p.aggs.iter().enumerate() {
            let v = match &a.arg {
                None => Value::Bool(true),
                Some(e) => env.eval(e),
            };
            if v.is_null() {
                continue;
            }
            if a.distinct && !group.seen[ai].insert(v.clone()) {
                continue;
            }
            update(&mut group.states[ai], v, a.func);
        }
    }

    /// The rows in order, cut by `SKIP`, `LIMIT` and the answer's `limit`.
    pub fn finish(mut self, limit: usize) -> Rows {
        if self.p.grouped() {
            if self.groups.is_empty() && self.key_items.is_empty() {
                self.groups.push(new_group(Vec::new(), &self.p.aggs));
            }
            let groups = std::mem::take(&mut self.groups);
            for group in groups {
                let aggs: Vec<Value<'g>> = group.states.into_iter().map(result).collect();
                let mut key = group.key.into_iter();
                let values: Vec<Value<'g>> = self
                    .p
                    .items
                    .iter()
                    .map(|e| {
                        if e.has_agg() {
                            Env {
                                g: self.g,
                                slots: &[],
                                paths: &[],
                                columns: &[],
                                aggs: &aggs,
                            }
                            .eval(e)
                        } else {
                            key.next().unwrap_or(Value::Null)
                        }
                    })
                    .collect();
                let keys = self.sort_keys(&values, &aggs);
                self.rows.push(Row {
                    values,
                    keys,
                    rels: group.rels,
                });
            }
            if self.p.distinct {
                let rows = std::mem::take(&mut self.rows);
                let mut seen = HashMap::default();
                for row in rows {
                    match seen.get(&row.values) {
                        Some(&i) => {
                            let kept: &mut Row = &mut self.rows[i];
                            for r in row.rels {
                                push_rel(&mut kept.rels, r, MAX_ROW_RELATIONS);
                            }
                        }
                        None => {
                            seen.insert(row.values.clone(), self.rows.len());
                            self.rows.push(row);
                        }
                    }
                }
            }
        } else if self.p.distinct {
            for row in &mut self.rows {
                row.keys = sort_keys(self.g, &self.p.order, &row.values, &[]);
            }
        }
        self.sort_and_cut();
        let skip = self.p.skip.min(usize::MAX as u64) as usize;
        let mut rows: Vec<Row> = self.rows.into_iter().skip(skip).collect();
        if let Some(l) = self.p.limit {
            rows.truncate(l.min(usize::MAX as u64) as usize);
        }
        let more = rows.len() > limit;
        rows.truncate(limit);
        let g = self.g;
        Rows {
            relations: rows
                .iter()
                .map(|r| {
                    r.rels
                        .iter()
                        .map(|&(rel, rev)| EdgeOut::new(g, RelationId::new(rel as usize), rev))
                        .collect()
                })
                .collect(),
            rows: rows
                .iter()
                .map(|r| r.values.iter().map(|v| v.to_cell(g)).collect())
                .collect(),
            more,
        }
    }

    fn sort_keys(&self, values: &[Value<'g>], aggs: &[Value<'g>]) -> Vec<Value<'g>> {
        sort_keys(self.g, &self.p.order, values, aggs)
    }

    /// Sorts the rows by their keys (stable: ties keep the order found) and
    /// keeps the first `keep`.
    fn sort_and_cut(&mut self) {
        if !self.p.order.is_empty() {
            let order_spec = &self.p.order;
            self.rows
                .sort_by(|a, b| compare_keys(order_spec, &a.keys, &b.keys));
        }
        if !self.p.grouped() && !self.p.distinct {
            self.rows.truncate(self.keep);
            if self.rows.len() == self.keep && !self.p.order.is_empty() {
                self.worst = self.rows.last().map(|r| r.keys.clone());
            }
        }
    }
}

/// Two rows' sort keys in the order `ORDER BY` asks for.
fn compare_keys(
    spec: &[(super::eval::CExpr, bool)],
    a: &[Value],
    b: &[Value],
) -> std::cmp::Ordering {
    for (i, (_, desc)) in spec.iter().enumerate() {
        let o = order(&a[i], &b[i]);
        let o = if *desc { o.reverse() } else { o };
        if o != std::cmp::Ordering::Equal {
            return o;
        }
    }
    std::cmp::Ordering::Equal
}

fn sort_keys<'g>(
    g: &'g KnowledgeGraph,
    order: &[(super::eval::CExpr, bool)],
    values: &[Value<'g>],
    aggs: &[Value<'g>],
) -> Vec<Value<'g>> {
    let env = Env {
        g,
        slots: &[],
        paths: &[],
        columns: values,
        aggs,
    };
    order.iter().map(|(e, _)| env.eval(e)).collect()
}

impl<'g> Sink<'g> for Collector<'_, 'g> {
    fn counts_only(&self) -> bool {
        self.only_counts
    }

    fn can_count(&mut self, m: &Matcher<'_, 'g>, unbound: [usize; 2]) -> bool {
        if !self.only_counts || self.key_slots.iter().flatten().any(|s| unbound.contains(s)) {
            return false;
        }
        let gi = self.group_for(m);
        self.pending = gi;
        self.groups[gi].rels.len() >= MAX_ROW_RELATIONS
    }

    fn found_many(&mut self, n: u64) {
        self.matches += n;
        if let Some(g) = self.groups.get_mut(self.pending) {
            for s in &mut g.states {
                if let State::Count(c) = s {
                    *c += n as i64;
                }
            }
        }
    }

    fn found(&mut self, m: &Matcher<'_, 'g>) -> bool {
        self.matches += 1;
        if self.p.grouped() {
            self.aggregate(m);
            return true;
        }
        let env = Env {
            g: self.g,
            slots: &m.slots,
            paths: &m.paths,
            columns: &[],
            aggs: &[],
        };
        let mut values = std::mem::take(&mut self.values);
        values.clear();
        values.extend(self.p.items.iter().map(|e| env.eval(e)));
        if self.p.distinct {
            let mut rels = Vec::new();
            self.relations_of(m, &mut rels);
            match self.distinct.get(values.as_slice()) {
                Some(&i) => {
                    let row = &mut self.rows[i];
                    for r in rels {
                        push_rel(&mut row.rels, r, MAX_ROW_RELATIONS);
                    }
                    self.values = values;
                }
                None => {
                    self.distinct.insert(values.clone(), self.rows.len());
                    self.rows.push(Row {
                        values,
                        keys: Vec::new(),
                        rels,
                    });
                }
            }
            return true;
        }
        let keys: Vec<Value<'g>> = if self.p.order.is_empty() {
            Vec::new()
        } else {
            let env = Env {
                columns: &values,
                ..env
            };
            let keys: Vec<Value<'g>> = self.p.order.iter().map(|(e, _)| env.eval(e)).collect();
            // Once `keep` rows are known, a row that does not sort before the
            // last of them can never be listed: drop it before building it.
            if let Some(worst) = &self.worst {
                if compare_keys(&self.p.order, &keys, worst) != std::cmp::Ordering::Less {
                    self.values = values;
                    return true;
                }
            }
            keys
        };
        let mut rels = Vec::new();
        self.relations_of(m, &mut rels);
        self.rows.push(Row { values, keys, rels });
        if self.streams() {
            return self.rows.len() < self.keep;
        }
        if self.rows.len() >= self.keep.saturating_mul(2).max(1024) {
            self.sort_and_cut();
        }
        true
    }
}

fn push_rel(out: &mut Vec<(u32, bool)>, r: (u32, bool), max: usize) {
    if out.len() < max && !out.iter().any(|x| x.0 == r.0) {
        out.push(r);
    }
}

fn new_group<'g>(key: Vec<Value<'g>>, aggs: &[Aggregate]) -> Group<'g> {
    Group {
        key,
        states: aggs
            .iter()
            .map(|a| match a.func {
                AggFunc::Count => State::Count(0),
                AggFunc::Min | AggFunc::Max => State::Best(None),
                AggFunc::Sum => State::Sum(0, 0.0, false),
                AggFunc::Avg => State::Avg(0.0, 0),
                AggFunc::Collect => State::Collect(Vec::new()),
            })
            .collect(),
        seen: aggs.iter().map(|_| HashSet::new()).collect(),
        rels: Vec::new(),
    }
}

fn update<'g>(s: &mut State<'g>, v: Value<'g>, f: AggFunc) {
    match s {
        State::Count(n) => *n += 1,
        State::Best(best) => {
            let better = match best {
                None => true,
                Some(b) => {
                    let o = order(&v, b);
                    if f == AggFunc::Min {
                        o.is_lt()
                    } else {
                        o.is_gt()
                    }
                }
            };
            if better {
                *best = Some(v);
            }
        }
        State::Sum(i, x, float) => match v {
            Value::Int(n) => match i.checked_add(n) {
                Some(t) => *i = t,
                None => {
                    *x += *i as f64 + n as f64;
                    *i = 0;
                    *float = true;
                }
            },
            Value::Float(n) => {
                *x += n;
                *float = true;
            }
            _ => {}
        },
        State::Avg(sum, n) => match v {
            Value::Int(k) => {
                *sum += k as f64;
                *n += 1;
            }
            Value::Float(k) => {
                *sum += k;
                *n += 1;
            }
            _ => {}
        },
        State::Collect(items) => items.push(v),
    }
}

fn result(s: State) -> Value {
    match s {
        State::Count(n) => Value::Int(n),
        State::Best(b) => b.unwrap_or(Value::Null),
        State::Sum(i, x, float) => {
            if float {
                Value::Float(x + i as f64)
            } else {
                Value::Int(i)
            }
        }
        State::Avg(sum, n) => {
            if n == 0 {
                Value::Null
            } else {
                Value::Float(sum / n as f64)
            }
        }
        State::Collect(items) => Value::List(items),
    }
}
