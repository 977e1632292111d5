//! kg: build typed knowledge graphs whose relations carry their evidence, and ask
//! them how things are connected and what surrounds them.
//!
//! The library holds the store ([`model`]), the loaders ([`load`]), the query
//! engine ([`query`]), the writers ([`render`], [`export`], [`draw`]) and the
//! grammar of every command with its one executor ([`command`]); the front ends
//! ([`cli`], [`repl`], [`script`] for JSON Lines) only read input and print
//! outcomes. `docs/architecture.md` maps the modules and what each may import.
//!
//! ```
//! let g = kg::load::builtin();
//! let lavrov = g.resolve("Lavrov").unwrap();
//! assert_eq!(&*g.entity(lavrov).name, "Sergei Lavrov");
//! ```

pub mod cancel;
pub mod cli;
pub mod command;
pub mod date;
pub mod draw;
pub mod error;
pub mod export;
pub mod extract;
pub mod format;
pub mod gql;
pub mod lines;
pub mod load;
pub mod model;
pub mod normalize;
pub mod pattern;
pub mod progress;
pub mod query;
pub mod render;
pub mod repl;
pub mod script;
pub mod session;
pub mod suggest;
pub mod verbatim;

pub use error::{Error, Location, Problem, Result};
pub use model::KnowledgeGraph;
