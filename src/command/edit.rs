//! `add`, `remove`, `alias`, `merge` and `undo`: changes to the graph, the same
//! in every front end. A session (REPL, `kg query`) keeps them in memory until
//! `save`; on the command line each one changes the kg JSON file named with
//! `--graph` and is saved at once, atomically, refusing a file that changed
//! meanwhile.

use super::context::{Context, Done, Outcome};
use super::spec::{Front, Section, Spec};
use crate::error::{Error, Problem, Result};
use crate::session::{Edit, SaveBlock, Session};

/// Edits exist in every front end, but `undo` only in a session.
const fn edit(words: &'static [&'static str], examples: &'static [&'static str]) -> Spec {
    Spec::new(words, Section::Build, examples)
}

pub const ADD_ENTITY: Spec = edit(
    &["add", "entity"],
    &[
        "add entity \"Fumio Kishida\" --type person --alias Kishida",
        "add entity \"F. Kishida\" --type person",
    ],
);
pub const ADD_SOURCE: Spec = edit(
    &["add", "source"],
    &["add source kyodo-2016-04-15 --publisher \"Kyodo News\" --date 2016-04-15 --kind article"],
);
pub const ADD_RELATION: Spec = edit(
    &["add", "relation"],
    &["add relation Kishida foreign_minister_of Japan --source kyodo-2016-04-15"],
);
pub const ADD_EVIDENCE: Spec = edit(
    &["add", "evidence"],
    &["add evidence Lavrov visits Tokyo --source blog-2016-03-14 --quote \"visit Tokyo\""],
);
pub const ADD_TYPE: Spec = edit(
    &["add", "type"],
    &["add type organisation --description \"A government body, party or company\""],
);
pub const ADD_RELATION_TYPE: Spec = edit(
    &["add", "relation-type"],
    &["add relation-type meets --from person,country --to person,country --symmetric --cameo 040"],
);
pub const REMOVE_TYPE: Spec = edit(&["remove", "type"], &["remove type organisation"]);
pub const REMOVE_RELATION_TYPE: Spec = edit(
    &["remove", "relation-type"],
    &["remove relation-type meets"],
);
pub const REMOVE_ENTITY: Spec = edit(&["remove", "entity"], &["remove entity \"RIA Novosti\""]);
pub const REMOVE_RELATION: Spec = edit(
    &["remove", "relation"],
    &["remove relation Lavrov visits Tokyo"],
);
pub const ALIAS: Spec = edit(&["alias"], &["alias Lavrov \"Minister Lavrov\""]);
pub const MERGE: Spec = edit(&["merge"], &["merge Kishida \"F. Kishida\""]);
pub const UNDO: Spec = Spec {
    not_on_cli: Some("each command-line edit is saved at once; edit in the REPL (kg repl) to undo"),
    ..edit(&["undo"], &["undo"])
};

#[derive(Debug, Clone, clap::Subcommand)]
pub enum Add {
    /// Add an entity.
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
        #[arg(long = "entity-id", visible_alias = "id", value_name = "ID")]
        id: Option<String>,
    },
    /// Add a relation, with its evidence.
    Relation {
        /// The entity it goes from: id, name or alias.
        from: String,
        /// The relation type.
        #[arg(value_name = "TYPE")]
        kind: String,
        /// The entity it goes to: id, name or alias.
        to: String,
        /// A short verbatim quote from the source.
        #[arg(long, short = 'q')]
        quote: Option<String>,
        /// The source id the evidence comes from.
        #[arg(long, short = 's')]
        source: Option<String>,
        /// When the source said it (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long, short = 'd', value_parser = super::values::date_text)]
        date: Option<String>,
        /// When the relation holds or the event happens.
        #[arg(long)]
        valid: Option<String>,
        /// How sure the evidence is, from 0 to 1.
        #[arg(long, short = 'c', value_parser = super::values::parse_confidence)]
        confidence: Option<f64>,
        /// An attribute of the relation, KEY=VALUE (true, false and numbers
        /// are kept as such); repeat for more.
        #[arg(long = "attribute", value_name = "KEY=VALUE")]
        attributes: Vec<String>,
    },
    /// Add evidence to a relation that is in the graph already (adding the same
    /// relation again does the same).
    Evidence {
        /// The entity it goes from: id, name or alias.
        #[arg(required_unless_present = "relation")]
        from: Option<String>,
        /// The relation type.
        #[arg(value_name = "TYPE", required_unless_present = "relation")]
        kind: Option<String>,
        /// The entity it goes to: id, name or alias.
        #[arg(required_unless_present = "relation")]
        to: Option<String>,
        /// The relation by the number an answer shows (`#12` in `show`), instead
        /// of FROM TYPE TO.
        #[arg(long, value_name = "N")]
        relation: Option<u32>,
        /// A short verbatim quote from the source.
        #[arg(long, short = 'q')]
        quote: Option<String>,
        /// The source id the evidence comes from.
        #[arg(long, short = 's')]
        source: Option<String>,
        /// When the source said it (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long, short = 'd', value_parser = super::values::date_text)]
        date: Option<String>,
        /// Which relation, when several join the two: the one valid at this date.
        #[arg(long)]
        valid: Option<String>,
    },
    /// Declare an entity type.
    Type {
        /// Its id, as entities name it with --type.
        #[arg(value_name = "TYPE")]
        id: String,
        /// What it stands for, in one line.
        #[arg(long)]
        description: Option<String>,
    },
    /// Declare a relation type: which entity types it joins, and how it reads.
    RelationType {
        /// Its id, as relations name it.
        #[arg(value_name = "TYPE")]
        id: String,
        /// The entity types it goes from (comma-separated; none: any).
        #[arg(long, value_name = "TYPES", value_delimiter = ',')]
        from: Vec<String>,
        /// The entity types it goes to (comma-separated; none: any).
        #[arg(long, value_name = "TYPES", value_delimiter = ',')]
        to: Vec<String>,
        /// It reads the same both ways ("meets").
        #[arg(long)]
        symmetric: bool,
        /// How it reads backwards ("visited by").
        #[arg(long, value_name = "LABEL")]
        inverse: Option<String>,
        /// What it stands for, in one line.
        #[arg(long)]
        description: Option<String>,
        /// Its CAMEO event code (as ICEWS codes events), e.g. 042 for "Make a visit".
        #[arg(long, value_name = "CODE")]
        cameo: Option<String>,
    },
    /// Add a source that evidence can cite.
    Source {
        /// Its id, as relations' evidence names it with --source.
        #[arg(value_name = "SOURCE")]
        id: String,
        /// The article's title.
        #[arg(long)]
        title: Option<String>,
        /// Who published it.
        #[arg(long)]
        publisher: Option<String>,
        /// When it was published (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long, value_parser = super::values::date_text)]
        date: Option<String>,
        /// Where it can be read.
        #[arg(long)]
        url: Option<String>,
        /// article, report, dataset or background (facts known without a document).
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        /// A UTF-8 file with the document's text (up to 1 MiB): kept with the
        /// graph, and every quote from this source is checked against it.
        #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
        text: Option<std::path::PathBuf>,
    },
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum Remove {
    /// Remove an entity and all its relations.
    Entity {
        #[arg(required = true, num_args = 1..)]
        name: Vec<String>,
    },
    /// Remove every relation FROM —TYPE→ TO.
    Relation {
        from: String,
        #[arg(value_name = "TYPE")]
        kind: String,
        to: String,
    },
    /// Take back an entity type that no entity has and no relation type names.
    Type {
        #[arg(value_name = "TYPE")]
        id: String,
    },
    /// Take back a relation type that no relation has.
    RelationType {
        #[arg(value_name = "TYPE")]
        id: String,
    },
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

impl Add {
    pub fn spec(&self) -> &'static Spec {
        match self {
            Add::Entity { .. } => &ADD_ENTITY,
            Add::Relation { .. } => &ADD_RELATION,
            Add::Evidence { .. } => &ADD_EVIDENCE,
            Add::Type { .. } => &ADD_TYPE,
            Add::RelationType { .. } => &ADD_RELATION_TYPE,
            Add::Source { .. } => &ADD_SOURCE,
        }
    }

    /// The change it makes.
    ///
    /// # Errors
    /// A `--text` file that cannot be read, is not UTF-8, is empty or too big.
    pub fn edit(&self) -> Result<Edit> {
        Ok(match self {
            Add::Entity {
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
            Add::Relation {
                from,
                kind,
                to,
                quote,
                source,
                date,
                valid,
                confidence,
                attributes,
            } => Edit::AddRelation {
                from: from.clone(),
                kind: kind.clone(),
                to: to.clone(),
                quote: quote.clone(),
                source: source.clone(),
                date: date.clone(),
                valid: valid.clone(),
                confidence: *confidence,
                attributes: attributes
                    .iter()
                    .map(|a| match a.split_once('=') {
                        Some((k, v)) if !k.trim().is_empty() => {
                            Ok((k.trim().to_string(), v.to_string()))
                        }
                        _ => Err(Error::usage(format!("--attribute '{a}' is not KEY=VALUE"))),
                    })
                    .collect::<Result<_>>()?,
            },
            Add::Evidence {
                from,
                kind,
                to,
                relation,
                quote,
                source,
                date,
                valid,
            } => {
                if relation.is_some() && (from.is_some() || valid.is_some()) {
                    return Err(Error::usage(
                        "add evidence names its relation either by FROM TYPE TO or by --relation N, not both",
                    ));
                }
                Edit::AddEvidence {
                    from: from.clone().unwrap_or_default(),
                    kind: kind.clone().unwrap_or_default(),
                    to: to.clone().unwrap_or_default(),
                    relation: *relation,
                    quote: quote.clone(),
                    source: source.clone(),
                    date: date.clone(),
                    valid: valid.clone(),
                }
            }
            Add::Type { id, description } => Edit::AddType {
                id: id.clone(),
                description: description.clone(),
            },
            Add::RelationType {
                id,
                from,
                to,
                symmetric,
                inverse,
                description,
                cameo,
            } => Edit::AddRelationType {
                id: id.clone(),
                from: from.clone(),
                to: to.clone(),
                symmetric: *symmetric,
                inverse: inverse.clone(),
                description: description.clone(),
                cameo: cameo.clone(),
            },
            Add::Source {
                id,
                title,
                publisher,
                date,
                url,
                kind,
                text,
            } => Edit::AddSource {
                id: id.clone(),
                title: title.clone(),
                publisher: publisher.clone(),
                date: date.clone(),
                url: url.clone(),
                kind: kind.clone(),
                text: text.as_deref().map(source_text).transpose()?,
            },
        })
    }
}

/// The text of a source, read from `path`: a regular file of UTF-8 text, not
/// empty and within [`crate::load::json::SOURCE_TEXT_LIMIT`].
fn source_text(path: &std::path::Path) -> Result<String> {
    let limit = crate::load::SOURCE_TEXT_LIMIT;
    let refuse = |why: String, hint: &str| {
        Error::Invalid(vec![
            Problem::new(format!("{}: {why}", path.display())).hint(hint)
        ])
    };
    let meta = crate::load::regular_file(path).map_err(|e| Error::io(path, e))?;
    if meta.len() > limit as u64 {
        return Err(refuse(
            format!(
                "{} bytes, over the limit of {limit} (1 MiB) for a source text",
                meta.len()
            ),
            "keep the article itself, or the passages the evidence quotes",
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        refuse(
            format!("not UTF-8 text (at byte {})", e.utf8_error().valid_up_to()),
            "save the article as UTF-8 text",
        )
    })?;
    if text.trim().is_empty() {
        return Err(refuse("empty".into(), "give the file the article's text"));
    }
    Ok(text)
}

impl Remove {
    pub fn spec(&self) -> &'static Spec {
        match self {
            Remove::Entity { .. } => &REMOVE_ENTITY,
            Remove::Relation { .. } => &REMOVE_RELATION,
            Remove::Type { .. } => &REMOVE_TYPE,
            Remove::RelationType { .. } => &REMOVE_RELATION_TYPE,
        }
    }

    /// The change it makes.
    pub fn edit(&self) -> Edit {
        match self {
            Remove::Entity { name } => Edit::RemoveEntity {
                name: name.join(" "),
            },
            Remove::Relation { from, kind, to } => Edit::RemoveRelation {
                from: from.clone(),
                kind: kind.clone(),
                to: to.clone(),
            },
            Remove::Type { id } => Edit::RemoveType { id: id.clone() },
            Remove::RelationType { id } => Edit::RemoveRelationType { id: id.clone() },
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

/// Applies `edit` to the session; on the command line, saves it to the file.
pub fn run(edit: Edit, ctx: &mut Context) -> Result<Outcome> {
    if ctx.front == Front::Cli {
        let file = ctx.edit_target()?;
        let session = ctx.session()?;
        let what = session.apply(&edit)?;
        // Another writer got there first: its edit stays, ours is not written.
        let saved = match session.save(file.as_deref(), false)? {
            Ok(saved) => saved,
            Err(SaveBlock::ChangedOnDisk(p) | SaveBlock::WouldOverwrite(p)) => {
                return Err(Error::Invalid(vec![Problem::new(format!(
                    "not saved: {} changed on disk since it was loaded",
                    p.display()
                ))
                .hint("run the command again to apply it to the file as it is now")]));
            }
        };
        let done = match &file {
            Some(f) => counted(format!("{what}; saved {}", f.display()), session)
                .with("path", f.display().to_string()),
            None => counted(format!("{what}; {saved}"), session),
        };
        return Ok(Outcome::Done(done));
    }
    let session = ctx.session()?;
    let what = session.apply(&edit)?;
    let done = counted(what, session);
    ctx.changed = true;
    Ok(Outcome::Done(done))
}

/// Takes back the session's last edit.
pub fn undo(ctx: &mut Context) -> Result<Outcome> {
    let session = ctx.session()?;
    let what = session.undo()?;
    let done = counted(what.clone(), session);
    ctx.changed = true;
    // An undone `accept` reopens its proposals.
    if let Some(r) = ctx.review.as_mut() {
        r.undone(&what);
    }
    Ok(Outcome::Done(done))
}

/// `message`, with the graph's size and the unsaved changes as JSON fields.
pub fn counted(message: String, s: &Session) -> Done {
    let g = s.graph();
    Done::new(message)
        .with("entities", g.entity_count())
        .with("relations", g.relation_count())
        .with("unsaved", s.unsaved())
}
