//! The REPL's line parsing (`repl::words::split`, then the grammar's
//! `command::parse_words`): any text, or words drawn from the grammar, is a
//! command or a parse error with a message. Never a panic; and a command that
//! parses runs its spec's front-end check without a panic.
#![no_main]

use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let words: Vec<String> = if u.ratio(1, 2).unwrap_or(true) {
        let line = String::from_utf8_lossy(u.take_rest());
        match kg::repl::words::split(&line) {
            Ok(w) => w.into_iter().map(|w| w.text).collect(),
            Err(_) => return,
        }
    } else {
        match kg_fuzz::grammar::words(&mut u) {
            Ok(w) => w,
            Err(_) => return,
        }
    };
    if words.is_empty() {
        return;
    }
    match kg::command::parse_words(&words) {
        Ok(inv) => {
            let spec = inv.command.spec();
            for front in kg::command::Front::ALL {
                let _ = kg::command::refusal(spec, front);
            }
        }
        Err(e) => assert!(!e.message.is_empty(), "a parse error with no message"),
    }
});
