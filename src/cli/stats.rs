//! `kg stats`: counts by entity type and relation type.

use std::io::Write;

use super::{answer, Cli};
use crate::error::Result;
use crate::query::Query;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(cli: &Cli, _args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    answer(cli, &Query::Stats {}, out, err)
}
