//! `kg query [FILE|-]`: JSON Lines requests in, JSON Lines answers out.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;

use super::{load_graph, Cli};
use crate::error::{Error, Result};
use crate::script;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// A file of requests, one JSON object per line; `-` or nothing reads stdin.
    #[arg(value_name = "FILE")]
    pub input: Option<PathBuf>,
}

pub fn run(cli: &Cli, args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    let g = load_graph(cli, err)?;
    let reader: Box<dyn BufRead> = match &args.input {
        Some(p) if p.as_os_str() != "-" => {
            let f = std::fs::File::open(p).map_err(|e| Error::io(p, e))?;
            Box::new(BufReader::new(f))
        }
        _ => Box::new(BufReader::new(std::io::stdin().lock())),
    };
    let all_ok = script::run(&g, reader, out)?;
    Ok(if all_ok { 0 } else { 1 })
}
