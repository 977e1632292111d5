//! kg JSON graph loading: any bytes as a `.json` graph file (`load_paths`, the
//! path of `kg --graph` and `kg check`), and, when they are UTF-8, as a document
//! given as text (`extend_json`, the path of the REPL's edits). Never a panic;
//! a failed load lists problems, each with a message and a location inside the
//! file; both paths agree on whether the document loads.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = kg_fuzz::file("load_json", "fuzz.json", data);
    let from_file = kg_fuzz::load(&[path]);
    if std::str::from_utf8(data).is_ok() {
        let from_text = kg_fuzz::json_graph(data);
        assert_eq!(
            from_file.is_some(),
            from_text.is_some(),
            "load_paths and extend_json disagree on whether the document loads"
        );
    } else {
        assert!(from_file.is_none(), "invalid UTF-8 loaded");
    }
});
