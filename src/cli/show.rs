//! `kg show NAME`: one entity and everything attached to it.

use std::io::Write;

use super::{load_graph, Cli};
use crate::error::{Error, Result};
use crate::query::{self, Query};
use crate::render;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Id, name or alias (case- and accent-insensitive); several words need no quotes.
    #[arg(value_name = "NAME", required = true, num_args = 1..)]
    pub name: Vec<String>,
}

pub fn run(cli: &Cli, args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    let g = load_graph(cli, err)?;
    let answer = query::run(
        &g,
        &Query::Entity {
            name: args.name.join(" "),
        },
    )?;
    render::write_answer(out, &answer, cli.format.into()).map_err(|e| Error::io("<stdout>", e))?;
    Ok(0)
}
