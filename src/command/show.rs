//! `show NAME` (one entity and everything attached to it) and `stats`.

use super::filter::RelationFilterArgs;
use super::spec::{Section, Spec};
use crate::query::Query;

pub const SHOW: Spec = Spec::new(
    &["show"],
    Section::Ask,
    &[
        "show Lavrov",
        "show Kurils",
        "show Japan --relations claims,visits --limit 5",
    ],
);

pub const STATS: Spec = Spec::new(&["stats"], Section::Ask, &["stats"]);

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Id, name or alias (case- and accent-insensitive); several words need no quotes.
    #[arg(value_name = "NAME", required = true, num_args = 1..)]
    pub name: Vec<String>,
    #[command(flatten)]
    pub filter: RelationFilterArgs,
    /// At most this many relations [default: 100].
    ///
    /// Past it, the most recent are kept: undated facts (which hold throughout)
    /// first, then by the last day of their validity, else of their evidence,
    /// latest first; ties in the order relations are listed.
    #[arg(long, value_name = "N", value_parser = super::values::parse_count)]
    pub limit: Option<usize>,
}

impl Args {
    pub fn query(&self) -> Query {
        Query::Entity {
            name: self.name.join(" "),
            filter: (&self.filter).into(),
            limit: self.limit,
        }
    }
}
