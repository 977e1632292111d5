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
    /// Count the warnings (relations without evidence, aliases that repeat) as
    /// problems: exit 1 when there are any.
    #[arg(long)]
    pub strict: bool,
}

/// How many examples a warning names.
const EXAMPLES: usize = 3;

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
        return Ok(Outcome::Check(clean(label.into(), g, args.strict)));
    }
    let label = paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    match load::load_paths(&paths, &ctx.opts) {
        Ok(loaded) => {
            ctx.notes.extend(loaded.notes);
            Ok(Outcome::Check(clean(label, &loaded.graph, args.strict)))
        }
        Err(Error::Invalid(problems)) => Ok(Outcome::Check(CheckReport {
            ok: false,
            label,
            entities: None,
            relations: None,
            problems: problems.iter().map(problem_out).collect(),
            warnings: Vec::new(),
            found: problems,
            found_warnings: Vec::new(),
        })),
        Err(e) => Err(e),
    }
}

/// The report on a graph that loads: its warnings, problems under `strict`.
fn clean(label: String, g: &crate::KnowledgeGraph, strict: bool) -> CheckReport {
    let warnings = warnings(g);
    let (found, found_warnings) = if strict {
        (warnings, Vec::new())
    } else {
        (Vec::new(), warnings)
    };
    CheckReport {
        ok: found.is_empty(),
        label,
        entities: Some(g.entity_count()),
        relations: Some(g.relation_count()),
        problems: found.iter().map(problem_out).collect(),
        warnings: found_warnings.iter().map(problem_out).collect(),
        found,
        found_warnings,
    }
}

/// A name on one line of a message: its line breaks as `\n`, `\r`.
fn one_line(s: &str) -> String {
    s.replace('\n', "\\n").replace('\r', "\\r")
}

/// What loads but weakens the graph as evidence: relations that cite nothing,
/// and entities with an alias that repeats one of their names.
///
/// # Complexity
/// O(relations + names and aliases).
fn warnings(g: &crate::KnowledgeGraph) -> Vec<Problem> {
    let mut out = Vec::new();
    let bare: Vec<_> = g
        .relations()
        .filter(|&r| g.relation(r).evidence().is_empty())
        .collect();
    if !bare.is_empty() {
        let shown: Vec<String> = bare
            .iter()
            .take(EXAMPLES)
            .map(|&r| {
                let (a, k, b) = g.relation_ends(r);
                format!(
                    "{} —{}→ {}",
                    one_line(g.entity(a).name),
                    one_line(&g.schema().relation_type(k).id),
                    one_line(g.entity(b).name)
                )
            })
            .collect();
        let n = bare.len();
        out.push(
            Problem::new(format!(
                "{n} relation{} without evidence: {}{}",
                if n == 1 { "" } else { "s" },
                shown.join("; "),
                if n > EXAMPLES { "; …" } else { "" }
            ))
            .hint("say where each comes from: add evidence FROM TYPE TO --source ID --quote TEXT"),
        );
    }
    let mut repeats = Vec::new();
    for (_, e) in g.entities() {
        let mut keys = vec![
            crate::model::normalize(e.id),
            crate::model::normalize(e.name),
        ];
        for a in e.aliases {
            let k = crate::model::normalize(&a.text);
            if keys.contains(&k) {
                repeats.push(format!("'{}' of '{}'", one_line(&a.text), one_line(e.id)));
            } else {
                keys.push(k);
            }
        }
    }
    if !repeats.is_empty() {
        let n = repeats.len();
        out.push(
            Problem::new(format!(
                "{n} alias{} repeat{} a name the entity has already: {}{}",
                if n == 1 { "" } else { "es" },
                if n == 1 { "s" } else { "" },
                repeats[..n.min(EXAMPLES)].join(", "),
                if n > EXAMPLES { ", …" } else { "" }
            ))
            .hint("drop the repeated aliases from the file"),
        );
    }
    out
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
