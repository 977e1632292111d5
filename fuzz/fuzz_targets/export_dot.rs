//! The DOT writers, checked by a strict DOT reader (`kg_fuzz::dot`): for any graph
//! the loaders accept, the DOT of answers (`render::write_answer` with
//! `Format::Dot`: a path, a neighbourhood, an entity) and of the whole graph
//! (`export::dot::write`) parse as DOT, every quoted string's escapes are valid,
//! HTML-like labels are balanced markup, and every entity of the answer is drawn
//! once, under an ID no other node has.
#![no_main]

use kg::query::Query;
use kg::render::Format;
use libfuzzer_sys::fuzz_target;
use serde_json::json;

/// An entity id as kg's DOT writer quotes it, written out independently of it:
/// `"` and `\` escaped, `&` as `&amp;`, newline as `\n`; C0 controls but tab as
/// their control pictures (U+2400 + c), DEL as U+2421; C1 controls and the
/// pictures themselves as hexadecimal character references.
fn drawn_id(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        let n = c as u32;
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '&' => out.push_str("&amp;"),
            '\t' => out.push(c),
            _ if n < 0x20 => out.push(char::from_u32(0x2400 + n).unwrap()),
            '\u{7f}' => out.push('\u{2421}'),
            _ if (0x80..=0x9f).contains(&n) || (0x2400..=0x2421).contains(&n) => {
                out.push_str(&format!("&#x{n:x};"))
            }
            _ => out.push(c),
        }
    }
    out
}

fn check(text: &str, ids: &[&str], what: &str) {
    let dot = match kg_fuzz::dot::parse(text) {
        Ok(d) => d,
        Err(e) => panic!("{what}: not valid DOT: {e}\n{text}"),
    };
    let mut seen = std::collections::HashMap::new();
    for n in &dot.nodes {
        *seen.entry(n.as_str()).or_insert(0) += 1;
    }
    if let Some((n, _)) = seen.iter().find(|(_, &c)| c > 1) {
        panic!("{what}: node {n:?} is declared more than once\n{text}");
    }
    let mut expected: Vec<String> = ids.iter().map(|id| drawn_id(id)).collect();
    for (id, e) in ids.iter().zip(&expected) {
        assert!(
            seen.contains_key(e.as_str()),
            "{what}: entity {id:?} is not drawn as {e:?}\n{text}"
        );
    }
    expected.sort();
    expected.dedup();
    assert_eq!(
        expected.len(),
        ids.len(),
        "{what}: two entities share a node: {ids:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    let Some(g) = kg_fuzz::graph(data, "export_dot") else {
        return;
    };
    let ids: Vec<&str> = g.entities().map(|(_, e)| e.id).collect();
    let title = ids.first().copied().unwrap_or("empty graph");
    let mut out = Vec::new();
    kg::export::dot::write(&mut out, &g, title).expect("writing to memory");
    check(
        &String::from_utf8(out).expect("DOT is UTF-8"),
        &ids,
        "whole graph",
    );

    let (Some(first), Some(last)) = (ids.first(), ids.last()) else {
        return;
    };
    let queries = [
        json!({"op": "neighbours", "of": first, "depth": 2}),
        json!({"op": "path", "from": first, "to": last, "k": 3}),
        json!({"op": "path", "from": last, "to": first, "all": true}),
        json!({"op": "entity", "name": last}),
    ];
    for q in queries {
        let q: Query = serde_json::from_value(q).expect("a well-formed query");
        let Ok(answer) = kg::query::run(&g, &q) else {
            continue; // e.g. an id that is also another entity's alias
        };
        let mut out = Vec::new();
        kg::render::write_answer(&mut out, &answer, Format::Dot).expect("writing to memory");
        let (nodes, _) = kg::export::subgraph::parts(&answer).expect("answers have parts");
        let answer_ids: Vec<&str> = nodes.iter().map(|n| n.id.as_ref()).collect();
        check(
            &String::from_utf8(out).expect("DOT is UTF-8"),
            &answer_ids,
            q.op(),
        );
    }
});
