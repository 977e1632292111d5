//! `kg check PATH...`: validate graph files together and report every problem.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use super::{report_error, Cli, FormatArg};
use crate::error::{Error, Problem, Result};
use crate::load::{self, LoadOptions};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Files or dataset folders to check together (a schema file and fact files, say).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Serialize)]
struct ProblemOut<'a> {
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    message: &'a str,
    hint: Option<&'a str>,
}

pub fn run(cli: &Cli, args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    let paths: &[PathBuf] = if args.paths.is_empty() {
        &cli.graphs
    } else {
        &args.paths
    };
    let result = if paths.is_empty() {
        Ok(load::Loaded {
            graph: load::builtin(),
            notes: Vec::new(),
        })
    } else {
        load::load_paths(paths, &LoadOptions { epoch: cli.epoch })
    };
    let io = |e| Error::io("<stdout>", e);
    let label = if paths.is_empty() {
        "the built-in graph".to_string()
    } else {
        paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match result {
        Ok(loaded) => {
            for n in &loaded.notes {
                let _ = writeln!(err, "kg: note: {n}");
            }
            let g = &loaded.graph;
            if cli.format == Some(FormatArg::Json) {
                let v = serde_json::json!({"ok": true, "entities": g.entity_count(), "relations": g.relation_count(), "problems": []});
                writeln!(out, "{v}").map_err(io)?;
            } else {
                writeln!(
                    out,
                    "ok: {label}: {} entities, {} relations",
                    g.entity_count(),
                    g.relation_count()
                )
                .map_err(io)?;
            }
            Ok(0)
        }
        Err(Error::Invalid(problems)) => {
            if cli.format == Some(FormatArg::Json) {
                let list: Vec<ProblemOut> = problems
                    .iter()
                    .map(|p| ProblemOut {
                        file: p.location.as_ref().map(|l| &*l.file),
                        line: p.location.as_ref().map(|l| l.line + 1),
                        column: p.location.as_ref().map(|l| l.column + 1),
                        message: &p.message,
                        hint: p.hint.as_deref(),
                    })
                    .collect();
                let v = serde_json::json!({"ok": false, "problems": list});
                writeln!(out, "{v}").map_err(io)?;
            } else {
                report_error(err, &Error::Invalid(problems.clone()));
                let n = Problem::total(&problems);
                let _ = writeln!(
                    err,
                    "kg: {n} problem{} found in {label}",
                    if n == 1 { "" } else { "s" }
                );
            }
            Ok(1)
        }
        Err(e) => Err(e),
    }
}
