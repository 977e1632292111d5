//! `kg render`: the whole graph (or one answer) drawn by Graphviz as SVG or PNG.

use std::io::Write;
use std::path::PathBuf;

use super::export::{self, Target};
use super::{Cli, FormatArg};
use crate::error::{Error, Result};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Write the picture here (atomically) instead of stdout; .svg or .png.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Draw the answer to one JSON request (as `kg query` reads them) instead of
    /// the whole graph, e.g. '{"op": "neighbours", "of": "Japan", "depth": 2}'.
    #[arg(long, value_name = "JSON")]
    pub query: Option<String>,
}

pub fn run(cli: &Cli, args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    let target = match cli.format {
        Some(FormatArg::Svg) => Target::Svg,
        Some(FormatArg::Png) => Target::Png,
        Some(other) => {
            return Err(Error::bad_request(format!(
                "kg render draws svg or png, not {}; kg export writes the other formats",
                crate::render::Format::from(other).name()
            )))
        }
        // Without --format: PNG for a .png file, SVG otherwise.
        None => match args.output.as_deref().and_then(Target::of_path) {
            Some(Target::Png) => Target::Png,
            _ => Target::Svg,
        },
    };
    let export_args = export::Args {
        output: args.output.clone(),
        query: args.query.clone(),
        base: None,
    };
    export::export(cli, &export_args, target, out, err)
}
