//! Pattern answers (`kg match`) as text: an aligned table, and under each row
//! the relations it matched, each read as an arrow with its evidence, as
//! `kg path` reads a hop; then how many rows, the engine's notes, the sources
//! cited and why the answer was cut, if it was.

use std::collections::HashMap;
use std::io::{self, Write};

use super::{evidence, footnotes, plural_grouped, qualifiers, shortened, truncation, Padded};
use crate::query::answer::{Cell, EdgeOut, MatchOut, NodeOut};

/// The widest a column other than the last gets before its cells are
/// shortened in the middle: a long quote or name must not push every later
/// column off the screen. The last column needs no room after it: it is kept whole.
const COLUMN: usize = 60;

/// At most this many relations are read under one row in text: a row that
/// counts many matches carries up to 100, and a variable-length one up to its
/// bound. JSON lists them all.
const ROW_RELATIONS: usize = 25;

/// A cell as the table shows it: an entity by its name, a relation by its
/// type, a list as `[a, b]`, `null` as `null`, a string as it is, any other
/// value as JSON.
pub(crate) fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Entity(n) => n.name.to_string(),
        Cell::Relation(r) => r.kind.clone(),
        Cell::List(items) => list(items.iter().map(cell_text)),
        Cell::Value(v) => value_text(v),
    }
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => list(items.iter().map(value_text)),
        other => other.to_string(),
    }
}

fn list(items: impl Iterator<Item = String>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(", "))
}

/// `e` read the way its row walked it: `Sergei Lavrov —foreign minister of→
/// Russia`, `Kuril Islands —claimed by→ Russia` (walked against its stored
/// direction, by the inverse label). An end the answer does not hold is named by its id.
pub(crate) fn reading(e: &EdgeOut, names: &HashMap<&str, &NodeOut>) -> String {
    let name = |id: &str| {
        names
            .get(id)
            .map_or_else(|| id.to_string(), |n| n.name.to_string())
    };
    let (left, right) = if e.reversed {
        (&e.to, &e.from)
    } else {
        (&e.from, &e.to)
    };
    format!("{} {} {}", name(left), e.arrow(), name(right))
}

pub(super) fn answer(w: &mut dyn Write, m: &MatchOut) -> io::Result<()> {
    let a = &m.answer;
    if let Some(plan) = &a.plan {
        writeln!(w, "plan")?;
        for step in plan {
            writeln!(w, "  {step}")?;
        }
        return notes(w, &a.notes);
    }
    let names: HashMap<&str, &NodeOut> = m.entities.iter().map(|n| (n.id.as_ref(), n)).collect();
    let cells: Vec<Vec<String>> = a
        .rows
        .iter()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    let last = a.columns.len().saturating_sub(1);
    let widths: Vec<usize> = (0..a.columns.len())
        .map(|i| {
            let widest = cells
                .iter()
                .filter_map(|r| r.get(i))
                .chain(std::iter::once(&a.columns[i]))
                .map(|t| t.chars().count())
                .max()
                .unwrap_or(0);
            if i == last {
                widest
            } else {
                widest.min(COLUMN)
            }
        })
        .collect();
    let line = |texts: &[String]| -> String {
        let mut out = String::from(" ");
        for (i, t) in texts.iter().enumerate() {
            let width = widths.get(i).copied().unwrap_or(0);
            let t = if i == last {
                t.clone()
            } else {
                shortened(t, width)
            };
            out.push_str(&format!(" {}", Padded(&t, width)));
            if i < last {
                out.push(' ');
            }
        }
        out.trim_end().to_string()
    };
    if !a.rows.is_empty() {
        writeln!(w, "{}", line(&a.columns))?;
    }
    let mut spaced = false;
    for (i, row) in cells.iter().enumerate() {
        let relations = a.relations.get(i).map_or(&[][..], Vec::as_slice);
        // A row with evidence under it stands apart from the next.
        if spaced || (!relations.is_empty() && i > 0) {
            writeln!(w)?;
        }
        writeln!(w, "{}", line(row))?;
        let lines = folded(relations, &names);
        for (line, e, times) in lines.iter().take(ROW_RELATIONS) {
            if *times > 1 {
                writeln!(w, "      {line}  (×{times})")?;
            } else {
                writeln!(w, "      {line}")?;
            }
            evidence(w, "          ", e)?;
        }
        let unread: usize = lines.iter().skip(ROW_RELATIONS).map(|l| l.2).sum();
        if unread > 0 {
            writeln!(
                w,
                "      … and {unread} more (--format json lists every relation of a row)"
            )?;
        }
        spaced = !relations.is_empty();
    }
    if !a.rows.is_empty() {
        writeln!(w)?;
    }
    let count = if a.rows.is_empty() {
        "no rows".to_string()
    } else {
        plural_grouped(a.rows.len(), "row", "rows")
    };
    writeln!(w, "{count}")?;
    notes(w, &a.notes)?;
    footnotes(w, &a.sources)?;
    // A reason that names the request's `limit` is told as the option.
    let bound = a
        .reason
        .as_deref()
        .filter(|r| r.contains("'limit'"))
        .map(|_| "limit");
    truncation(w, a.truncated, a.reason.as_deref(), bound)
}

/// The lines read under a row: each relation read with its qualifiers, and
/// a run of relations that read the same and carry no evidence (a dataset's
/// undated events between two entities) folded into one line with how many.
///
/// # Complexity
/// O(relations of the row).
fn folded<'a>(
    relations: &'a [EdgeOut],
    names: &HashMap<&str, &NodeOut>,
) -> Vec<(String, &'a EdgeOut, usize)> {
    let mut lines: Vec<(String, &EdgeOut, usize)> = Vec::new();
    for e in relations {
        let line = format!("{}{}", reading(e, names), qualifiers(e));
        match lines.last_mut() {
            Some((last, prev, times))
                if *last == line && e.evidence.is_empty() && prev.evidence.is_empty() =>
            {
                *times += 1;
            }
            _ => lines.push((line, e, 1)),
        }
    }
    lines
}

/// What the engine assumed or did not know, a line each.
fn notes(w: &mut dyn Write, notes: &[String]) -> io::Result<()> {
    for n in notes {
        writeln!(w, "note: {n}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::answer::{EvidenceOut, MatchAnswer, RelationValue};
    use serde_json::json;

    fn node(id: &str, name: &str, kind: &str) -> NodeOut {
        NodeOut {
            id: id.into(),
            name: name.into(),
            kind: kind.into(),
            untyped: false,
        }
    }

    fn edge(from: &str, kind: &str, to: &str, reversed: bool, quote: &str) -> EdgeOut {
        EdgeOut {
            from: from.into(),
            to: to.into(),
            kind: kind.into(),
            label: if reversed {
                format!("{kind} (inverse)").into()
            } else {
                kind.replace('_', " ").into()
            },
            reversed,
            inverse: Some(format!("{kind} (inverse)").into()),
            symmetric: false,
            evidence: vec![EvidenceOut {
                source: "blog".into(),
                quote: Some(quote.into()),
                date: Some("2016-03-14".into()),
                background: false,
            }],
            valid: None,
            confidence: None,
            id: None,
            number: Some(3),
        }
    }

    fn answer_of(rows: Vec<Vec<Cell>>, relations: Vec<Vec<EdgeOut>>) -> MatchOut {
        let entities = vec![
            node("sergei_lavrov", "Sergei Lavrov", "person"),
            node("russia", "Russia", "country"),
            node("kuril_islands", "Kuril Islands", "territory"),
        ];
        MatchOut {
            answer: MatchAnswer {
                columns: vec!["p".into(), "c.name".into()],
                rows,
                relations,
                truncated: false,
                reason: None,
                limit: 1000,
                notes: Vec::new(),
                sources: Vec::new(),
                plan: None,
            },
            entities,
        }
    }

    fn text(m: &MatchOut) -> String {
        let mut out = Vec::new();
        answer(&mut out, m).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn cells_read_as_names_types_lists_and_values() {
        let r = RelationValue {
            id: None,
            kind: "claims".into(),
            from: "russia".into(),
            to: "kuril_islands".into(),
        };
        assert_eq!(
            cell_text(&Cell::Entity(node("x", "Japan", "country"))),
            "Japan"
        );
        assert_eq!(cell_text(&Cell::Relation(r.clone())), "claims");
        assert_eq!(
            cell_text(&Cell::List(vec![
                Cell::Relation(r.clone()),
                Cell::Relation(r)
            ])),
            "[claims, claims]"
        );
        assert_eq!(cell_text(&Cell::Value(json!(null))), "null");
        assert_eq!(cell_text(&Cell::Value(json!("Tokyo"))), "Tokyo");
        assert_eq!(cell_text(&Cell::Value(json!(3))), "3");
        assert_eq!(cell_text(&Cell::Value(json!(0.5))), "0.5");
        assert_eq!(
            cell_text(&Cell::Value(json!(["a", 1, null]))),
            "[a, 1, null]"
        );
        assert_eq!(cell_text(&Cell::Value(json!(true))), "true");
    }

    #[test]
    fn rows_line_up_under_their_columns_with_their_evidence_beneath() {
        let m = answer_of(
            vec![
                vec![
                    Cell::Entity(node("sergei_lavrov", "Sergei Lavrov", "person")),
                    Cell::Value(json!("Russia")),
                ],
                vec![Cell::Value(json!(null)), Cell::Value(json!("Japan"))],
            ],
            vec![
                vec![
                    edge(
                        "sergei_lavrov",
                        "foreign_minister_of",
                        "russia",
                        false,
                        "q1",
                    ),
                    edge("russia", "claims", "kuril_islands", true, "q2"),
                ],
                Vec::new(),
            ],
        );
        let expected = "  p              c.name\n  \
            Sergei Lavrov  Russia\n      \
            Sergei Lavrov —foreign minister of→ Russia\n          \
            “q1” — blog, reported 2016-03-14\n      \
            Kuril Islands —claims (inverse)→ Russia\n          \
            “q2” — blog, reported 2016-03-14\n\n  \
            null           Japan\n\n\
            2 rows\n";
        assert_eq!(text(&m), expected);
    }

    #[test]
    fn an_empty_answer_says_so_with_its_notes_and_a_cut_one_why() {
        let mut m = answer_of(Vec::new(), Vec::new());
        m.answer.notes = vec!["no relation type 'vists'; did you mean 'visits'?".into()];
        assert_eq!(
            text(&m),
            "no rows\nnote: no relation type 'vists'; did you mean 'visits'?\n"
        );
        let mut m = answer_of(
            vec![vec![Cell::Value(json!(1)), Cell::Value(json!(2))]],
            vec![vec![]],
        );
        m.answer.truncated = true;
        m.answer.reason = Some("more than 1 row; raise 'limit' to see more".into());
        assert!(
            text(&m)
                .ends_with("1 row\n\n(truncated: more than 1 row; raise --limit to see more)\n"),
            "{}",
            text(&m)
        );
    }

    #[test]
    fn a_row_reads_its_first_relations_and_counts_the_rest() {
        let many: Vec<EdgeOut> = (0..ROW_RELATIONS + 3)
            .map(|_| edge("russia", "claims", "kuril_islands", false, "q"))
            .collect();
        let m = answer_of(
            vec![vec![Cell::Value(json!(1)), Cell::Value(json!(2))]],
            vec![many],
        );
        let t = text(&m);
        assert_eq!(
            t.matches("Russia —claims→ Kuril Islands").count(),
            ROW_RELATIONS
        );
        assert!(
            t.contains("      … and 3 more (--format json lists every relation of a row)\n"),
            "{t}"
        );
    }

    #[test]
    fn relations_that_read_alike_without_evidence_are_one_line() {
        let mut bare = edge("russia", "claims", "kuril_islands", false, "q");
        bare.evidence.clear();
        let quoted = edge("russia", "claims", "kuril_islands", false, "q");
        let m = answer_of(
            vec![vec![Cell::Value(json!(1)), Cell::Value(json!(2))]],
            vec![vec![
                bare.clone(),
                bare.clone(),
                bare.clone(),
                quoted.clone(),
                quoted,
                bare,
            ]],
        );
        let t = text(&m);
        let readings: Vec<&str> = t.lines().filter(|l| l.contains("—claims→")).collect();
        assert_eq!(
            readings,
            [
                "      Russia —claims→ Kuril Islands  (×3)",
                "      Russia —claims→ Kuril Islands",
                "      Russia —claims→ Kuril Islands",
                "      Russia —claims→ Kuril Islands",
            ],
            "{t}"
        );
    }

    #[test]
    fn a_plan_is_printed_instead_of_rows() {
        let mut m = answer_of(Vec::new(), Vec::new());
        m.answer.plan = Some(vec!["1. start at (t:territory)".into(), "2. expand".into()]);
        assert_eq!(text(&m), "plan\n  1. start at (t:territory)\n  2. expand\n");
    }

    #[test]
    fn long_cells_are_shortened_except_in_the_last_column() {
        let long = "x".repeat(80);
        let m = answer_of(
            vec![vec![Cell::Value(json!(long)), Cell::Value(json!(long))]],
            vec![vec![]],
        );
        let t = text(&m);
        let row = t.lines().nth(1).unwrap();
        assert_eq!(row.chars().count(), 2 + COLUMN + 2 + 80, "{row}");
        assert!(row.contains('…'));
    }
}
