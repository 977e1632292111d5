//! `kg build INPUT... -o GRAPH.kgb`: load and validate graph files once, and write
//! the graph as a binary snapshot that every command opens with `--graph`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::Cli;
use crate::error::{Error, Result};
use crate::load::progress::Progress;
use crate::load::{self, snapshot, LoadOptions};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Graph files or dataset folders to build from, as for --graph (default: the
    /// --graph paths).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// The snapshot to write (replaced atomically; the name must end in .kgb).
    #[arg(short, long, value_name = "GRAPH.kgb", value_parser = kgb_path)]
    pub output: PathBuf,
}

fn kgb_path(s: &str) -> std::result::Result<PathBuf, String> {
    let p = PathBuf::from(s);
    let ok = p
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(snapshot::EXTENSION));
    if ok {
        Ok(p)
    } else {
        Err(format!(
            "'{s}' does not end in .{0}; --graph reads snapshots by that extension (say GRAPH.{0})",
            snapshot::EXTENSION
        ))
    }
}

pub fn run(cli: &Cli, args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    let inputs: &[PathBuf] = if args.inputs.is_empty() {
        &cli.graphs
    } else {
        &args.inputs
    };
    if inputs.is_empty() {
        return Err(Error::bad_request(
            "kg build needs graph files to build from: kg build INPUT... -o GRAPH.kgb",
        ));
    }
    let t0 = Instant::now();
    let loaded = load::load_paths(inputs, &LoadOptions { epoch: cli.epoch })?;
    for n in &loaded.notes {
        let _ = writeln!(err, "kg: note: {n}");
    }
    let g = loaded.graph;
    let progress = Progress::stderr();
    progress.step(
        &format!("writing {}", name(&args.output)),
        g.memory_use().total() as u64,
    );
    crate::export::write_atomic(&args.output, |w| snapshot::write(w, &g, &progress))?;
    progress.finish();
    let bytes = std::fs::metadata(&args.output).map_or(0, |m| m.len());
    writeln!(
        out,
        "built {}: {} entities, {} relations, {:.1} MiB in {:.2} s",
        args.output.display(),
        g.entity_count(),
        g.relation_count(),
        bytes as f64 / (1 << 20) as f64,
        t0.elapsed().as_secs_f64()
    )
    .map_err(|e| Error::io("<stdout>", e))?;
    Ok(0)
}

fn name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
