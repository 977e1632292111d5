//! `kg query` sessions over the whole grammar: up to 16 requests, each drawn
//! from `kg::command::SPECS` with fields read off the clap tree (see
//! `kg_fuzz::grammar`) or raw text, answered in order by `kg::script::respond`
//! in one session on the built-in graph (edits, saves, exports and builds
//! included, in a sandbox folder with Graphviz off PATH).
//!
//! Never a panic; every answer has a result or an error with a code and a
//! message, serialises to one line of JSON, and echoes the request's id.
#![no_main]

use kg::command::{Context, Front};
use kg::session::Session;
use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    kg_fuzz::grammar::sandbox("json_request");
    let mut u = Unstructured::new(data);
    let mut ctx = Context::on(Front::Json, Session::builtin());
    for n in 1..=16 {
        if u.is_empty() {
            break;
        }
        let Ok(line) = kg_fuzz::grammar::request(&mut u) else {
            break;
        };
        let (response, quit) = kg::script::respond(&mut ctx, &line, n);
        match (&response.result, &response.error) {
            (Some(_), None) => assert!(response.ok),
            (None, Some(e)) => {
                assert!(!response.ok);
                assert!(!e.code.is_empty() && !e.message.is_empty());
                assert_eq!(e.line, n);
            }
            _ => panic!("an answer must have a result or an error, not both or neither"),
        }
        if let Ok(serde_json::Value::Object(req)) = serde_json::from_str(&line) {
            let id = req.get("id").cloned().unwrap_or(serde_json::Value::Null);
            let echoed: serde_json::Value =
                serde_json::from_str(response.id.get()).expect("the echoed id is JSON");
            assert_eq!(echoed, id, "the answer does not echo the request's id");
        }
        let text = serde_json::to_string(&response).expect("answers serialise");
        assert!(!text.contains('\n'), "an answer spans several lines");
        if quit {
            break;
        }
    }
});
