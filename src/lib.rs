//! kg: build typed knowledge graphs whose relations carry their evidence, and ask
//! them how things are connected and what surrounds them.
//!
//! The library holds the store ([`model`]), the loaders ([`load`]), and (in later
//! modules) the query engine and exporters; the `kg` binary's front ends (CLI,
//! REPL, JSON Lines) are thin layers over it.
//!
//! ```
//! let g = kg::load::builtin();
//! let lavrov = g.resolve("Lavrov").unwrap();
//! assert_eq!(&*g.entity(lavrov).name, "Sergei Lavrov");
//! ```

pub mod cli;
pub mod date;
pub mod error;
pub mod export;
pub mod lines;
pub mod load;
pub mod model;
pub mod query;
pub mod render;
pub mod repl;
pub mod script;
pub mod session;
pub mod suggest;

pub use error::{Error, Location, Problem, Result};
pub use model::KnowledgeGraph;
