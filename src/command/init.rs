//! `init FILE [--schema news|empty]`: a new graph file to build in.

use std::path::{Path, PathBuf};

use super::context::{Context, Done, Outcome};
use super::spec::{Section, Spec};
use crate::error::{Error, Problem, Result};
use crate::load::{self, InputFormat};
use crate::KnowledgeGraph;

pub const SPEC: Spec = Spec::new(
    &["init"],
    Section::Build,
    &["init sochi.json --schema news"],
);

/// The schema a new graph starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Starter {
    /// Entity and relation types for news about states and politics, with
    /// CAMEO codes (graphs/schema/news.json).
    News,
    /// No types: declare them with add type and add relation-type.
    Empty,
}

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The kg JSON file to create; an existing file is never overwritten.
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub path: PathBuf,
    /// The schema it starts with.
    #[arg(long, value_enum, default_value = "news")]
    pub schema: Starter,
}

/// The graph a new file starts as.
pub fn starter(schema: Starter) -> KnowledgeGraph {
    match schema {
        Starter::News => load::news_schema(),
        Starter::Empty => KnowledgeGraph::new(),
    }
}

/// Writes the new file, atomically, refusing one that exists (checked again
/// under the folder's lock, so two `init`s of one file cannot both succeed).
pub fn run(args: &Args, _ctx: &mut Context) -> Result<Outcome> {
    let path = &args.path;
    if InputFormat::of(path) != Some(InputFormat::Json) {
        return Err(Error::bad_request(format!(
            "{}: a graph file is kg JSON; give a name ending in .json",
            path.display()
        )));
    }
    let exists = |p: &Path| p.symlink_metadata().is_ok();
    let refuse = |p: &Path| {
        Error::Invalid(vec![Problem::new(format!(
            "{} exists already; init never overwrites a file",
            p.display()
        ))
        .hint(format!(
            "open it with: kg --graph {}; or give init another name",
            crate::suggest::command_word(&p.display().to_string())
        ))])
    };
    if exists(path) {
        return Err(refuse(path));
    }
    let g = starter(args.schema);
    let mut bytes = Vec::new();
    crate::export::json::write(&mut bytes, &g).map_err(|e| Error::io("<memory>", e))?;
    crate::export::write_atomic_guarded(
        path,
        |w| w.write_all(&bytes),
        false,
        || {
            if exists(path) {
                Err(refuse(path))
            } else {
                Ok(())
            }
        },
    )?;
    let s = g.schema();
    let what = match args.schema {
        Starter::News => format!(
            "the news schema ({} entity types, {} relation types)",
            s.entity_types().filter(|(_, t)| t.declared).count(),
            s.relation_types().filter(|(_, t)| t.declared).count()
        ),
        Starter::Empty => "no schema yet".to_string(),
    };
    Ok(Outcome::Done(
        Done::new(format!(
            "created {}: an empty graph with {what}; open it with kg --graph {}",
            path.display(),
            crate::suggest::command_word(&path.display().to_string())
        ))
        .with("path", path.display().to_string()),
    ))
}
