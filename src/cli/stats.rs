//! `kg stats`: counts by entity type and relation type.

use std::io::Write;

use super::{load_graph, Cli};
use crate::error::{Error, Result};
use crate::query::{self, Query};
use crate::render;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(cli: &Cli, _args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    let g = load_graph(cli, err)?;
    let answer = query::run(&g, &Query::Stats {})?;
    render::write_answer(out, &answer, cli.format.into()).map_err(|e| Error::io("<stdout>", e))?;
    Ok(0)
}
