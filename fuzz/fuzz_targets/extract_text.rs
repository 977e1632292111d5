//! `kg extract` on any text: the input, when it is UTF-8, is read by
//! `extract::extract` against the built-in graph (built once), as
//! `kg extract FILE` reads an article.
//!
//! Never a panic; every relation's quote `start..end` is a non-empty passage
//! of the text on character boundaries, its `from` and `to` index into the
//! entities, the places of its two ends (`marks`) lie in the text on character
//! boundaries; every entity mention lies in the text on character boundaries;
//! the JSON answer (`to_json`) and the text front's listing are written, the
//! JSON serialises and quotes each passage exactly; and a second run on the
//! same text gives an equal extraction.
#![no_main]

use kg::extract::{self, Extraction, SourceInfo};
use libfuzzer_sys::fuzz_target;

fn source() -> SourceInfo {
    SourceInfo {
        id: "fuzz".into(),
        date: None,
    }
}

/// `start..end` is a passage of `text`: in order, inside, on char boundaries.
fn span_ok(text: &str, (start, end): (usize, usize)) -> bool {
    start <= end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
}

fn check(x: &Extraction, text: &str) {
    let n = x.entities.len();
    for (i, e) in x.entities.iter().enumerate() {
        for &m in &e.mentions {
            assert!(
                span_ok(text, m),
                "entity {i} ({:?}): mention {m:?} is not a passage of the {}-byte text",
                e.id,
                text.len()
            );
        }
    }
    for (i, p) in x.relations.iter().enumerate() {
        assert!(
            p.start < p.end && span_ok(text, (p.start, p.end)),
            "relation {i}: quote {}..{} is not a non-empty passage of the {}-byte text",
            p.start,
            p.end,
            text.len()
        );
        assert!(
            p.from < n && p.to < n,
            "relation {i}: from {} / to {} outside the {n} entities",
            p.from,
            p.to
        );
        for &m in &p.marks {
            assert!(
                span_ok(text, m),
                "relation {i}: mark {m:?} is not a passage of the {}-byte text",
                text.len()
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let g = kg_fuzz::builtin();
    let x = extract::extract(g, text, source());
    check(&x, text);

    let json = x.to_json(g, text);
    let line = serde_json::to_string(&json).expect("the extraction serialises");
    let back: serde_json::Value = serde_json::from_str(&line).expect("the JSON reads back");
    let rels = back["relations"].as_array().expect("a relations array");
    assert_eq!(
        rels.len(),
        x.relations.len(),
        "one JSON relation per proposal"
    );
    for (r, p) in rels.iter().zip(&x.relations) {
        assert_eq!(
            r["quote"].as_str(),
            Some(&text[p.start..p.end]),
            "the quote is the passage"
        );
    }
    let _ = kg::command::extract::listing(&x, text, g);

    let again = extract::extract(g, text, source());
    assert!(
        x == again,
        "a second run on the same text gave another extraction"
    );
});
