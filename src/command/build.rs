//! `build [INPUT...] -o GRAPH.kgb`: load and validate graph files once, and write
//! the graph as a binary snapshot that every command opens with `--graph`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::context::{Context, Done, Outcome};
use super::spec::{Front, Section, Spec};
use crate::error::{Error, Result};
use crate::load::{self, snapshot};
use crate::model::KnowledgeGraph;
use crate::progress::Progress;

pub const SPEC: Spec = Spec::new(
    &["build"],
    Section::Write,
    &["build graphs/russia-japan-2016.json -o russia-japan.kgb"],
);

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Graph files or dataset folders to build from, as for --graph (default: the
    /// --graph paths; in a session, its graph).
    #[arg(value_name = "INPUT", value_hint = clap::ValueHint::AnyPath)]
    pub inputs: Vec<PathBuf>,

    /// The snapshot to write (replaced atomically; the name must end in .kgb).
    #[arg(short, long, value_name = "GRAPH.kgb", value_parser = kgb_path, value_hint = clap::ValueHint::FilePath)]
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

pub fn run(args: &Args, ctx: &mut Context) -> Result<Outcome> {
    let t0 = Instant::now();
    let inputs: Vec<PathBuf> = if args.inputs.is_empty() {
        ctx.paths().to_vec()
    } else {
        args.inputs.clone()
    };
    let loaded;
    let g: &KnowledgeGraph = if inputs.is_empty() {
        if ctx.front == Front::Cli {
            return Err(Error::bad_request(
                "kg build needs graph files to build from: kg build INPUT... -o GRAPH.kgb",
            ));
        }
        ctx.session()?.graph()
    } else {
        let l = load::load_paths(&inputs, &ctx.opts)?;
        ctx.notes.extend(l.notes);
        loaded = l.graph;
        &loaded
    };
    let progress = Progress::stderr();
    progress.step(
        &format!("writing {}", name(&args.output)),
        g.memory_use().total() as u64,
    );
    crate::export::write_atomic(&args.output, |w| snapshot::write(w, g, &progress))?;
    progress.finish();
    let bytes = std::fs::metadata(&args.output).map_or(0, |m| m.len());
    let message = format!(
        "built {}: {} entities, {} relations, {:.1} MiB in {:.2} s",
        args.output.display(),
        g.entity_count(),
        g.relation_count(),
        bytes as f64 / (1 << 20) as f64,
        t0.elapsed().as_secs_f64()
    );
    Ok(Outcome::Done(
        Done::new(message)
            .with("path", args.output.display().to_string())
            .with("entities", g.entity_count())
            .with("relations", g.relation_count())
            .with("bytes", bytes),
    ))
}

fn name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
