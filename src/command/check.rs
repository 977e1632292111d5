//! `check [PATH...]`: validate graph files together and report every problem.

use std::path::PathBuf;

use super::context::{CheckReport, Context, Outcome, ProblemOut};
use super::spec::{Section, Spec};
use super::Options;
use crate::error::{Error, Problem, Result};
use crate::load;

pub const SPEC: Spec = Spec::new(&["check"], Section::Build, &["check"]);

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Files or dataset folders to check together (a schema file and fact files, say).
    #[arg(value_name = "PATH", value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<PathBuf>,
}

/// Checks `args.paths`, or the graph: the command line's --graph files (or the
/// built-in graph), a session's graph as it stands.
pub fn run(args: &Args, _opts: &Options, ctx: &mut Context) -> Result<Outcome> {
    let paths: Vec<PathBuf> = if args.paths.is_empty() {
        ctx.paths().to_vec()
    } else {
        args.paths.clone()
    };
    if paths.is_empty() {
        let label = if ctx.paths().is_empty() && ctx.front == super::Front::Cli {
            "the built-in graph"
        } else {
            "the session's graph"
        };
        let g = ctx.session()?.graph();
        return Ok(Outcome::Check(clean(label.into(), g)));
    }
    let label = paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    match load::load_paths(&paths, &ctx.opts) {
        Ok(loaded) => {
            ctx.notes.extend(loaded.notes);
            Ok(Outcome::Check(clean(label, &loaded.graph)))
        }
        Err(Error::Invalid(problems)) => Ok(Outcome::Check(CheckReport {
            ok: false,
            label,
            entities: None,
            relations: None,
            problems: problems.iter().map(problem_out).collect(),
            found: problems,
        })),
        Err(e) => Err(e),
    }
}

fn clean(label: String, g: &crate::KnowledgeGraph) -> CheckReport {
    CheckReport {
        ok: true,
        label,
        entities: Some(g.entity_count()),
        relations: Some(g.relation_count()),
        problems: Vec::new(),
        found: Vec::new(),
    }
}

fn problem_out(p: &Problem) -> ProblemOut {
    ProblemOut {
        file: p.location.as_ref().map(|l| l.file.to_string()),
        line: p.location.as_ref().map(|l| l.line + 1),
        column: p.location.as_ref().map(|l| l.column + 1),
        message: p.message.clone(),
        hint: p.hint.clone(),
    }
}
