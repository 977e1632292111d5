//! `load PATH...` and `save [PATH]`: a session's graph files.

use std::path::PathBuf;

use super::context::{Context, Done, Outcome};
use super::spec::{Section, Spec};
use crate::error::Result;
use crate::session::SaveBlock;

pub const LOAD: Spec = Spec {
    not_on_cli: Some("the command line loads its graph with --graph PATH"),
    ..Spec::new(&["load"], Section::Build, &["load kishida.json"])
};

pub const SAVE: Spec = Spec::new(&["save"], Section::Build, &["save my-graph.json"]);

#[derive(Debug, Clone, clap::Args)]
pub struct LoadArgs {
    /// Graph files or dataset folders, as for --graph.
    #[arg(value_name = "PATH", required = true, value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct SaveArgs {
    /// Where to write (a .json file); without it, the kg JSON file the graph
    /// came from, or, for a graph of several files, each record to its own file.
    #[arg(value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
    pub path: Option<PathBuf>,
    /// For a graph of several kg JSON files: the one that gets the records made
    /// in this session (default: the first that holds entities or relations).
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub into: Option<PathBuf>,
    /// Overwrite even if the file changed on disk since it was loaded.
    #[arg(long, short)]
    pub force: bool,
}

pub fn load(args: &LoadArgs, ctx: &mut Context) -> Result<Outcome> {
    let session = ctx.session()?;
    let (what, notes) = session.load(&args.paths)?;
    let done = super::edit::counted(what, session);
    ctx.notes.extend(notes);
    ctx.changed = true;
    Ok(Outcome::Done(done))
}

/// Saves, asking a person whether to overwrite a file kg did not write or one
/// that changed on disk; a script is refused with the reason.
pub fn save(args: &SaveArgs, ctx: &mut Context) -> Result<Outcome> {
    let path = args.path.as_deref();
    let into = args.into.as_deref();
    let mut result = ctx.session()?.save_into(path, into, args.force)?;
    if let Err(block) = &result {
        let question = match block {
            SaveBlock::ChangedOnDisk(p) => format!(
                "{} changed on disk since it was loaded. Overwrite it? [y/N] ",
                p.display()
            ),
            SaveBlock::WouldOverwrite(p) => format!("{} exists. Overwrite it? [y/N] ", p.display()),
        };
        if ctx.ask(&question) {
            result = ctx.session()?.save_into(path, into, true)?;
        }
    }
    match result {
        Ok(what) => {
            let s = ctx.session()?;
            let target = s.target().map(|p| p.display().to_string());
            let mut done = super::edit::counted(what, s);
            if let Some(t) = target {
                done = done.with("path", t);
            }
            Ok(Outcome::Done(done))
        }
        Err(block) => Err(block.refusal(ctx.asks)),
    }
}

impl Done {
    /// A file was written (silent on the command line, like `cp`).
    pub fn wrote(path: &std::path::Path, format: crate::format::Format) -> Done {
        Done::new(format!("wrote {}", path.display()))
            .with("path", path.display().to_string())
            .with("format", format.name())
            .quiet_on_cli()
    }
}
