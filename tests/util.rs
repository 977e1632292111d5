//! Running the built binary and comparing its output.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

/// The `kg` binary cargo built for these tests.
pub fn kg() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kg"));
    c.env("NO_COLOR", "1").current_dir(root());
    c
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
