//! `kg show NAME`: one entity and everything attached to it.

use std::io::Write;

use super::{answer, Cli};
use crate::error::Result;
use crate::query::Query;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Id, name or alias (case- and accent-insensitive); several words need no quotes.
    #[arg(value_name = "NAME", required = true, num_args = 1..)]
    pub name: Vec<String>,
}

pub fn run(cli: &Cli, args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    answer(
        cli,
        &Query::Entity {
            name: args.name.join(" "),
        },
        out,
        err,
    )
}
