//! `kg path FROM TO`: how are two entities connected, and on what evidence?

use std::io::Write;

use super::filter::FilterArgs;
use super::{answer, Cli};
use crate::error::Result;
use crate::query::{PathQuery, Query};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where the path starts: id, name or alias.
    pub from: String,
    /// Where it ends: id, name or alias.
    pub to: String,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Longest path worth reporting, in relations.
    #[arg(long, value_name = "N")]
    pub max_len: Option<usize>,
    /// Every shortest path, not just the first.
    #[arg(long, conflicts_with = "k")]
    pub all: bool,
    /// The K shortest simple paths, shortest first.
    #[arg(short, long, value_name = "K")]
    pub k: Option<usize>,
    /// At most this many paths [default: 100].
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

impl From<&Args> for Query {
    fn from(a: &Args) -> Query {
        Query::Path(PathQuery {
            from: a.from.clone(),
            to: a.to.clone(),
            filter: (&a.filter).into(),
            max_len: a.max_len,
            all: a.all,
            k: a.k,
            limit: a.limit,
        })
    }
}

pub fn run(cli: &Cli, args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    answer(cli, &args.into(), out, err)
}
