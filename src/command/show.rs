//! `show NAME` (one entity and everything attached to it) and `stats`.

use super::spec::{Section, Spec};
use crate::query::Query;

pub const SHOW: Spec = Spec::new(&["show"], Section::Ask, &["show Lavrov", "show Kurils"]);

pub const STATS: Spec = Spec::new(&["stats"], Section::Ask, &["stats"]);

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Id, name or alias (case- and accent-insensitive); several words need no quotes.
    #[arg(value_name = "NAME", required = true, num_args = 1..)]
    pub name: Vec<String>,
}

impl Args {
    pub fn query(&self) -> Query {
        Query::Entity {
            name: self.name.join(" "),
        }
    }
}
