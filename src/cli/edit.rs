//! `kg add`, `kg remove`, `kg alias`, `kg merge`: edits, the same in the REPL and on
//! the command line. On the command line they change the one kg JSON file named
//! with `--graph`, atomically, and refuse to overwrite it if it changed meanwhile.

use std::io::Write;
use std::path::PathBuf;

use super::Cli;
use crate::error::{Error, Result};
use crate::load::{InputFormat, LoadOptions};
use crate::session::{Edit, SaveBlock, Session};

#[derive(Debug, Clone, clap::Subcommand)]
pub enum AddWhat {
    /// An entity: `add entity "Fumio Kishida" --type person --alias Kishida`.
    Entity {
        /// Its display name.
        #[arg(required = true, num_args = 1..)]
        name: Vec<String>,
        /// Its entity type (default: entity).
        #[arg(long = "type", short = 't', value_name = "TYPE")]
        kind: Option<String>,
        /// Another name it goes by (repeatable).
        #[arg(long, value_name = "ALIAS")]
        alias: Vec<String>,
        /// Its id (default: the name in lower snake case).
        #[arg(long)]
        id: Option<String>,
    },
    /// A relation: `add relation Lavrov visits Moscow --source S --quote "..." --date 2016-03-14`.
    Relation {
        /// From: id, name or alias.
        from: String,
        /// The relation type.
        #[arg(value_name = "TYPE")]
        kind: String,
        /// To: id, name or alias.
        to: String,
        /// A short verbatim quote from the source.
        #[arg(long, short = 'q')]
        quote: Option<String>,
        /// The source id the evidence comes from.
        #[arg(long, short = 's')]
        source: Option<String>,
        /// When the source said it (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long, short = 'd')]
        date: Option<String>,
        /// When the relation holds or the event happens.
        #[arg(long)]
        valid: Option<String>,
        /// How sure the evidence is, from 0 to 1.
        #[arg(long, short = 'c')]
        confidence: Option<f64>,
    },
    /// A source: `add source kyodo-2016-04-15 --title "..." --publisher "Kyodo News"`.
    Source {
        id: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        publisher: Option<String>,
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        url: Option<String>,
    },
}

#[derive(Debug, Clone, clap::Args)]
pub struct AddArgs {
    #[command(subcommand)]
    pub what: AddWhat,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum RemoveWhat {
    /// An entity and all its relations.
    Entity {
        #[arg(required = true, num_args = 1..)]
        name: Vec<String>,
    },
    /// Every relation FROM —TYPE→ TO.
    Relation {
        from: String,
        #[arg(value_name = "TYPE")]
        kind: String,
        to: String,
    },
}

#[derive(Debug, Clone, clap::Args)]
pub struct RemoveArgs {
    #[command(subcommand)]
    pub what: RemoveWhat,
}

#[derive(Debug, Clone, clap::Args)]
pub struct AliasArgs {
    /// The entity: id, name or alias.
    pub name: String,
    /// The new alias.
    pub alias: String,
}

#[derive(Debug, Clone, clap::Args)]
pub struct MergeArgs {
    /// The entity that stays.
    pub keep: String,
    /// The duplicate folded into it: its relations move over, its names become aliases.
    pub duplicate: String,
}

impl From<&AddArgs> for Edit {
    fn from(a: &AddArgs) -> Edit {
        match &a.what {
            AddWhat::Entity {
                name,
                kind,
                alias,
                id,
            } => Edit::AddEntity {
                name: name.join(" "),
                kind: kind.clone(),
                aliases: alias.clone(),
                id: id.clone(),
            },
            AddWhat::Relation {
                from,
                kind,
                to,
                quote,
                source,
                date,
                valid,
                confidence,
            } => Edit::AddRelation {
                from: from.clone(),
                kind: kind.clone(),
                to: to.clone(),
                quote: quote.clone(),
                source: source.clone(),
                date: date.clone(),
                valid: valid.clone(),
                confidence: *confidence,
            },
            AddWhat::Source {
                id,
                title,
                publisher,
                date,
                url,
            } => Edit::AddSource {
                id: id.clone(),
                title: title.clone(),
                publisher: publisher.clone(),
                date: date.clone(),
                url: url.clone(),
            },
        }
    }
}

impl From<&RemoveArgs> for Edit {
    fn from(a: &RemoveArgs) -> Edit {
        match &a.what {
            RemoveWhat::Entity { name } => Edit::RemoveEntity {
                name: name.join(" "),
            },
            RemoveWhat::Relation { from, kind, to } => Edit::RemoveRelation {
                from: from.clone(),
                kind: kind.clone(),
                to: to.clone(),
            },
        }
    }
}

impl From<&AliasArgs> for Edit {
    fn from(a: &AliasArgs) -> Edit {
        Edit::Alias {
            name: a.name.clone(),
            alias: a.alias.clone(),
        }
    }
}

impl From<&MergeArgs> for Edit {
    fn from(a: &MergeArgs) -> Edit {
        Edit::Merge {
            keep: a.keep.clone(),
            duplicate: a.duplicate.clone(),
        }
    }
}

/// Applies one edit to the kg JSON file named with --graph and saves it.
pub fn run(cli: &Cli, edit: &Edit, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    let file: PathBuf = match cli.graphs.as_slice() {
        [one] if InputFormat::of(one) == Some(InputFormat::Json) => one.clone(),
        _ => {
            return Err(Error::bad_request(
                "an edit on the command line changes one kg JSON file: name it with --graph FILE.json (or use the REPL: kg repl)",
            ))
        }
    };
    let (mut session, notes) = Session::open(
        std::slice::from_ref(&file),
        LoadOptions { epoch: cli.epoch },
    )?;
    for n in notes {
        let _ = writeln!(err, "kg: note: {n}");
    }
    let what = session.apply(edit)?;
    match session.save(Some(&file), false)? {
        Ok(_) => {}
        Err(SaveBlock::ChangedOnDisk(p) | SaveBlock::WouldOverwrite(p)) => {
            return Err(Error::bad_request(format!(
                "{} changed while kg was editing it; nothing was written",
                p.display()
            )))
        }
    }
    writeln!(out, "{what}; saved {}", file.display()).map_err(|e| Error::io("<stdout>", e))?;
    Ok(0)
}
