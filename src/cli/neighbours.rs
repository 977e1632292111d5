//! `kg neighbours NAME`: what lies within some hops of an entity?

use super::filter::FilterArgs;
use crate::query::{NeighboursQuery, Query};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The entity at the center: id, name or alias; several words need no quotes.
    #[arg(required = true, num_args = 1..)]
    pub name: Vec<String>,
    /// How many hops out to go.
    #[arg(short, long, default_value_t = 1)]
    pub depth: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// At most this many entities [default: 1000].
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

impl From<&Args> for Query {
    fn from(a: &Args) -> Query {
        Query::Neighbours(NeighboursQuery {
            of: a.name.join(" "),
            depth: Some(a.depth),
            filter: (&a.filter).into(),
            limit: a.limit,
        })
    }
}
