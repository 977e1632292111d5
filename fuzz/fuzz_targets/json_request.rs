//! `kg query` requests: any line is answered by `kg::script::respond` on the
//! built-in graph, with an answer or an error that has a code and a message.
//! Never a panic; the answer serialises to one line of JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let line = String::from_utf8_lossy(data);
    let response = kg::script::respond(kg_fuzz::builtin(), &line, 1);
    match (&response.result, &response.error) {
        (Some(_), None) => assert!(response.ok),
        (None, Some(e)) => {
            assert!(!response.ok);
            assert!(!e.code.is_empty() && !e.message.is_empty());
        }
        _ => panic!("an answer must have a result or an error, not both or neither"),
    }
    let text = serde_json::to_string(&response).expect("answers serialise");
    assert!(!text.contains('\n'), "an answer spans several lines");
});
