//! Writing graphs out: kg JSON (for `save`), and later the formats other tools read.

mod atomic;
pub mod json;

pub use atomic::write_atomic;
