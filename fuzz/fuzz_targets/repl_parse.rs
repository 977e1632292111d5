//! The REPL's line parser (`kg::repl::command::parse`): any text is a command,
//! an empty line or a parse error with a message. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let line = String::from_utf8_lossy(data);
    match kg::repl::command::parse(&line) {
        Ok(_) => {}
        Err(e) => assert!(!e.message.is_empty(), "a parse error with no message"),
    }
});
