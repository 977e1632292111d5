//! A working session on a graph: edits with validation and undo, loading more
//! files, and atomic saves that never overwrite a file changed behind our back.
//!
//! The REPL keeps one session open; `kg add ...` on the command line opens one on
//! a graph file, applies one edit and saves it. Edits are validated by building
//! them as kg JSON records and running the loader on them, so they get exactly the
//! rules and messages that graph files get.
//!
//! An edit changes the graph where it stands and is rolled back there when it
//! fails; its undo record is the list of changes it made
//! ([`crate::model::Changes`]), so an edit costs time and memory in proportion to
//! what it changes, never to the graph.

use std::path::{Path, PathBuf};

use crate::error::{Error, Problem, Result};
use crate::export;
use crate::load::format::{EntityRecord, EvidenceRecord, GraphFile, RelationRecord, SourceRecord};
use crate::load::{self, Fingerprint, InputFormat, LoadOptions};
use crate::model::{normalize, Alias, Changes, KnowledgeGraph, NameDelta, Origin, RelationId};
use crate::suggest;

/// How many edits `undo` can take back.
pub const UNDO_DEPTH: usize = 50;

/// One change to the graph.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    AddEntity {
        name: String,
        kind: Option<String>,
        aliases: Vec<String>,
        id: Option<String>,
    },
    AddRelation {
        from: String,
        kind: String,
        to: String,
        quote: Option<String>,
        source: Option<String>,
        date: Option<String>,
        valid: Option<String>,
        confidence: Option<f64>,
        /// Attributes of the relation, KEY=VALUE (`true`, `false` and numbers
        /// are read as such).
        attributes: Vec<(String, String)>,
    },
    /// Evidence for a relation that is in the graph already.
    AddEvidence {
        from: String,
        kind: String,
        to: String,
        /// The relation by its number, instead of `from`, `kind` and `to`.
        relation: Option<u32>,
        quote: Option<String>,
        source: Option<String>,
        date: Option<String>,
        /// Which of several such relations: the one valid at this date.
        valid: Option<String>,
    },
    AddSource {
        id: String,
        title: Option<String>,
        publisher: Option<String>,
        date: Option<String>,
        url: Option<String>,
        /// article, report, dataset or background.
        kind: Option<String>,
        /// The document's text, which its quotes are checked against.
        text: Option<String>,
    },
    /// Declare an entity type.
    AddType {
        id: String,
        description: Option<String>,
    },
    /// Declare a relation type.
    AddRelationType {
        id: String,
        from: Vec<String>,
        to: Vec<String>,
        symmetric: bool,
        inverse: Option<String>,
        description: Option<String>,
        cameo: Option<String>,
    },
    /// Take back the declaration of an entity type nothing uses.
    RemoveType {
        id: String,
    },
    /// Take back the declaration of a relation type nothing uses.
    RemoveRelationType {
        id: String,
    },
    RemoveEntity {
        name: String,
    },
    RemoveRelation {
        from: String,
        kind: String,
        to: String,
    },
    Alias {
        name: String,
        alias: String,
    },
    Merge {
        keep: String,
        duplicate: String,
    },
    /// Several edits as one: all or none, one undo (accepting proposals of
    /// `kg extract`).
    Batch {
        what: String,
        edits: Vec<Edit>,
    },
}

/// What `undo` takes back: an edit's changes, and the id of the state before it.
#[derive(Debug)]
struct Undo {
    what: String,
    changes: Changes,
    state: u64,
}

/// What a session's evidence cites when an edit does not say (`use`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Defaults {
    pub source: Option<String>,
    pub date: Option<String>,
}

/// Why a save did not happen, when the user may want to insist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveBlock {
    /// The file changed on disk since it was loaded or last saved.
    ChangedOnDisk(PathBuf),
    /// The file exists and is not one this session read or wrote.
    WouldOverwrite(PathBuf),
}

impl SaveBlock {
    /// The error for a save that stays blocked. `asked` says whether a person
    /// was just asked about it: the question already said why, so the refusal
    /// only says what did not happen. A script is never asked, so its refusal
    /// must say why itself, or a changed file reads like one never loaded.
    pub fn refusal(&self, asked: bool) -> Error {
        let message = match self {
            SaveBlock::ChangedOnDisk(p) if !asked => format!(
                "not saved: {} changed on disk since it was loaded",
                p.display()
            ),
            SaveBlock::ChangedOnDisk(p) | SaveBlock::WouldOverwrite(p) => {
                format!("not saved: {} would be overwritten", p.display())
            }
        };
        Error::Invalid(vec![Problem::new(message)
            .hint("save --force overwrites it; save OTHER.json writes elsewhere")])
    }
}

#[derive(Debug)]
pub struct Session {
    graph: KnowledgeGraph,
    opts: LoadOptions,
    /// kg JSON files this session read or wrote, with their content then.
    known: Vec<(PathBuf, Fingerprint)>,
    /// Where `save` writes without a path: the one kg JSON file the graph came from.
    target: Option<PathBuf>,
    /// The kg JSON files the graph came from when there are several (a schema
    /// file and fact files): `save` without a path writes each record back to
    /// its own file.
    parts: Vec<PathBuf>,
    undo: Vec<Undo>,
    /// The id of the graph as it stands; every edit makes a new one, undo
    /// returns to the one before. Unsaved means "not the state last saved",
    /// not a count of edits: undo after save is a change.
    state: u64,
    next_state: u64,
    saved_state: u64,
    /// Edits from the opened graph to this state, and to the saved one.
    depth: usize,
    saved_depth: usize,
    /// Every file the graph was opened or loaded from, in order.
    inputs: Vec<PathBuf>,
    /// Names that edits and undo changed since last taken, when someone watches.
    names: Option<NameDelta>,
    defaults: Defaults,
}

impl Session {
    /// A session on the built-in graph.
    pub fn builtin() -> Self {
        Session::with(load::builtin(), LoadOptions::default(), Vec::new())
    }

    /// A session on a graph held in memory, read from no file.
    pub fn of(graph: KnowledgeGraph) -> Self {
        Session::with(graph, LoadOptions::default(), Vec::new())
    }

    /// A session on `paths` (the built-in graph when empty).
    pub fn open(paths: &[PathBuf], opts: LoadOptions) -> Result<(Self, Vec<String>)> {
        if paths.is_empty() {
            return Ok((Session::builtin(), Vec::new()));
        }
        let loaded = load::load_paths(paths, &opts)?;
        let mut s = Session::with(loaded.graph, opts, paths.to_vec());
        for (p, f) in loaded.read {
            s.remember(&p, f);
        }
        Ok((s, loaded.notes))
    }

    /// A session on a kg JSON file that does not exist yet: an empty graph with
    /// the news schema, which `save` writes to `path`.
    pub fn starting(path: &Path, opts: LoadOptions) -> (Self, Vec<String>) {
        let mut s = Session::with(load::news_schema(), opts, Vec::new());
        s.target = Some(path.to_path_buf());
        let note = format!(
            "{} does not exist yet: a new graph with the news schema; save creates it",
            path.display()
        );
        (s, vec![note])
    }

    fn with(graph: KnowledgeGraph, opts: LoadOptions, paths: Vec<PathBuf>) -> Self {
        let mut s = Session {
            graph,
            opts,
            known: Vec::new(),
            target: None,
            parts: Vec::new(),
            undo: Vec::new(),
            state: 0,
            next_state: 1,
            saved_state: 0,
            depth: 0,
            saved_depth: 0,
            inputs: paths.clone(),
            names: None,
            defaults: Defaults::default(),
        };
        let json: Vec<&PathBuf> = paths
            .iter()
            .filter(|p| InputFormat::of(p) == Some(InputFormat::Json))
            .collect();
        if let ([one], true) = (json.as_slice(), json.len() == paths.len()) {
            s.target = Some((*one).clone());
        } else if json.len() > 1 && json.len() == paths.len() {
            s.parts = paths.clone();
        }
        s
    }

    /// Records what `path` held when this session read or wrote it.
    fn remember(&mut self, path: &Path, f: Fingerprint) {
        self.known.retain(|(k, _)| k != path);
        self.known.push((path.to_path_buf(), f));
    }

    pub fn graph(&self) -> &KnowledgeGraph {
        &self.graph
    }

    /// Edits between the graph as it stands and as it was last saved (or
    /// opened); 0 exactly when they are the same state.
    pub fn unsaved(&self) -> usize {
        if self.state == self.saved_state {
            0
        } else {
            self.depth.abs_diff(self.saved_depth).max(1)
        }
    }

    /// The files the graph was opened or loaded from (none: the built-in graph).
    pub fn inputs(&self) -> &[PathBuf] {
        &self.inputs
    }

    pub fn target(&self) -> Option<&Path> {
        self.target.as_deref()
    }

    pub fn defaults(&self) -> &Defaults {
        &self.defaults
    }

    /// What `use` shows: the defaults in words.
    pub fn defaults_text(&self) -> String {
        let source = self.defaults.source.as_deref().map(|id| {
            let cite = self
                .graph
                .source_id(id)
                .map(|s| source_words(self.graph.source(s)))
                .unwrap_or_else(|| id.to_string());
            format!("evidence cites {cite}")
        });
        let date = self.defaults.date.as_deref().map(|d| format!("stated {d}"));
        match (source, date) {
            (None, None) => "no defaults: each edit gives its own --source and --date".into(),
            (Some(s), None) => s,
            (None, Some(d)) => format!("evidence is {d}"),
            (Some(s), Some(d)) => format!("{s}, {d}"),
        }
    }

    /// Sets (or, with `None`, forgets) the source that evidence cites when an
    /// edit names none.
    ///
    /// # Errors
    /// A source the graph does not have, with the closest ids.
    pub fn use_source(&mut self, id: Option<&str>) -> Result<String> {
        if let Some(id) = id {
            if self.graph.source_id(id).is_none() {
                let ids: Vec<String> = self
                    .graph
                    .sources()
                    .map(|(_, s)| s.id.to_string())
                    .collect();
                let closest = suggest::closest(id, ids.iter().map(String::as_str));
                let problem = Problem::new(format!("unknown source '{id}'")).suggest(&closest);
                let problem = if problem.hint.is_some() {
                    problem
                } else {
                    problem.hint(format!(
                        "the sources are {}; add another with: add source ID --title T --publisher P",
                        suggest::quoted_list(&ids)
                    ))
                };
                return Err(Error::Invalid(vec![problem]));
            }
        }
        self.defaults.source = id.map(str::to_string);
        Ok(self.defaults_text())
    }

    /// Sets (or forgets) the date evidence was stated, when an edit gives none.
    ///
    /// # Errors
    /// A date that is not YYYY, YYYY-MM or YYYY-MM-DD.
    pub fn use_date(&mut self, date: Option<&str>) -> Result<String> {
        if let Some(d) = date {
            d.parse::<crate::date::Date>().map_err(|e| {
                Error::Invalid(vec![Problem::new(format!("'{d}' is not a date: {e}"))
                    .hint("write YYYY, YYYY-MM or YYYY-MM-DD")])
            })?;
        }
        self.defaults.date = date.map(str::to_string);
        Ok(self.defaults_text())
    }

    /// `edit` with the session's defaults filled in: the source and date of
    /// evidence an edit leaves out, and, when still undated, its source's date.
    fn with_defaults(&self, edit: &Edit) -> Edit {
        let mut edit = edit.clone();
        if let Edit::AddRelation { source, date, .. } | Edit::AddEvidence { source, date, .. } =
            &mut edit
        {
            if source.is_none() {
                source.clone_from(&self.defaults.source);
            }
            if date.is_none() {
                date.clone_from(&self.defaults.date);
            }
            if date.is_none() {
                *date = source
                    .as_deref()
                    .and_then(|s| self.graph.source_id(s))
                    .and_then(|s| self.graph.source(s).date)
                    .map(|d| d.to_string());
            }
        }
        edit
    }

    /// Starts keeping the names each edit and undo changes (for a completion
    /// list that follows edits without being rebuilt from the whole graph).
    pub fn watch_names(&mut self) {
        self.names.get_or_insert_with(NameDelta::default);
    }

    /// The names changed since the last call; `None` unless watched.
    pub fn take_name_delta(&mut self) -> Option<NameDelta> {
        self.names.as_mut().map(std::mem::take)
    }

    fn commit(&mut self, what: String, changes: Changes) -> String {
        if let Some(names) = self.names.as_mut() {
            names.extend(changes.name_delta(&self.graph));
        }
        self.undo.push(Undo {
            what: what.clone(),
            changes,
            state: self.state,
        });
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.state = self.next_state;
        self.next_state += 1;
        self.depth += 1;
        what
    }

    /// Applies an edit; returns a one-line description of what changed.
    ///
    /// # Errors
    /// Whatever a graph file with the same content would get, or an unknown name;
    /// the graph is then as it was.
    pub fn apply(&mut self, edit: &Edit) -> Result<String> {
        let edit = self.with_defaults(edit);
        let (what, changes) = self.graph.recording(|g| apply(g, &edit))?;
        Ok(self.commit(what, changes))
    }

    /// Takes back the last edit; returns what was undone.
    pub fn undo(&mut self) -> Result<String> {
        let undo = self
            .undo
            .pop()
            .ok_or_else(|| Error::bad_request("nothing to undo"))?;
        if let Some(names) = self.names.as_mut() {
            names.extend(undo.changes.name_delta(&self.graph).inverse());
        }
        self.graph.revert(undo.changes);
        self.state = undo.state;
        self.depth = self.depth.saturating_sub(1);
        Ok(format!("undid: {}", undo.what))
    }

    /// Adds graph files to the session, validated against what it holds.
    pub fn load(&mut self, paths: &[PathBuf]) -> Result<(String, Vec<String>)> {
        let before = (self.graph.entity_count(), self.graph.relation_count());
        let opts = &self.opts;
        let (loaded, changes) = self.graph.recording(|g| load::add_paths(g, paths, opts))?;
        let (e, r) = (
            self.graph.entity_count() - before.0,
            self.graph.relation_count() as isize - before.1 as isize,
        );
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        let what = self.commit(
            format!("loaded {}: {e} entities, {r} relations", names.join(", ")),
            changes,
        );
        for (p, f) in loaded.read {
            self.remember(&p, f);
        }
        self.inputs.extend(paths.iter().cloned());
        Ok((what, loaded.notes))
    }

    /// Saves the graph as kg JSON to `path`, or to the file it came from.
    ///
    /// Returns `Ok(Err(block))` when the save would overwrite a file changed on disk
    /// or a file this session never read; call again with `force` to insist.
    pub fn save(
        &mut self,
        path: Option<&Path>,
        force: bool,
    ) -> Result<std::result::Result<String, SaveBlock>> {
        self.save_into(path, None, force)
    }

    /// [`save`](Self::save); on a graph of several kg JSON files saved without a
    /// path, the records made in this session go to `into` (by default the first
    /// file that holds entities or relations, never a schema-only one).
    pub fn save_into(
        &mut self,
        path: Option<&Path>,
        into: Option<&Path>,
        force: bool,
    ) -> Result<std::result::Result<String, SaveBlock>> {
        if path.is_none() && self.target.is_none() && !self.parts.is_empty() {
            return self.save_parts(into, force);
        }
        if into.is_some() {
            return Err(Error::bad_request(
                "--into says which of several files new records go to; this graph is saved to one file",
            ));
        }
        let path = match path.map(Path::to_path_buf).or_else(|| self.target.clone()) {
            Some(p) => p,
            None => {
                return Err(Error::bad_request(
                    "this graph came from the built-in graph or several files: say where to save it (save PATH)",
                ))
            }
        };
        if InputFormat::of(&path) != Some(InputFormat::Json) || path.is_dir() {
            return Err(Error::bad_request(format!(
                "{}: save writes kg JSON; give a path ending in .json",
                path.display()
            )));
        }
        let mut bytes = Vec::new();
        export::json::write(&mut bytes, &self.graph).map_err(|e| Error::io("<memory>", e))?;
        let known = self
            .known
            .iter()
            .find(|(p, _)| same_file(p, &path))
            .map(|(_, f)| *f);
        // Checked under the folder's lock, right before the rename: another kg
        // saving the same file meanwhile waits, and then finds it changed.
        let mut block = None;
        let checked = export::write_atomic_guarded(
            &path,
            |w| w.write_all(&bytes),
            force,
            || {
                if force {
                    return Ok(());
                }
                block = match (std::fs::read(&path), known) {
                    (Err(e), _) if e.kind() == std::io::ErrorKind::NotFound => None,
                    (Err(e), _) => return Err(Error::io(&path, e)),
                    (Ok(now), Some(f)) if Fingerprint::of(&now) == f => None,
                    (Ok(_), Some(_)) => Some(SaveBlock::ChangedOnDisk(path.clone())),
                    (Ok(_), None) => Some(SaveBlock::WouldOverwrite(path.clone())),
                };
                match block {
                    Some(_) => Err(Error::bad_request("blocked")),
                    None => Ok(()),
                }
            },
        );
        if let Some(b) = block {
            return Ok(Err(b));
        }
        checked?;
        self.remember(&path, Fingerprint::of(&bytes));
        self.target = Some(path.clone());
        self.saved_state = self.state;
        self.saved_depth = self.depth;
        Ok(Ok(format!(
            "saved {} entities, {} relations to {}",
            self.graph.entity_count(),
            self.graph.relation_count(),
            path.display()
        )))
    }
}

impl Session {
    /// Saves a graph of several kg JSON files: each record back to the file it
    /// came from, new ones to `into` or the first file holding facts. A file
    /// whose records are as it holds them is not rewritten. All files or none,
    /// under their folders' locks, refusing any that changed on disk since it
    /// was loaded (unless `force`).
    fn save_parts(
        &mut self,
        into: Option<&Path>,
        force: bool,
    ) -> Result<std::result::Result<String, SaveBlock>> {
        use crate::export::json::part_file;
        let g = &self.graph;
        let ids: Vec<Option<crate::model::FileId>> = self
            .parts
            .iter()
            .map(|p| g.file_of(&p.display().to_string()))
            .collect();
        let docs: Vec<GraphFile> = ids
            .iter()
            .map(|&id| part_file(g, &|f| f.is_some() && f == id, false))
            .collect();
        let new = part_file(g, &|f| f.is_none() || !ids.contains(&f), false);
        let has_new = new.schema.is_some()
            || !new.sources.is_empty()
            || !new.entities.is_empty()
            || !new.relations.is_empty();
        let into =
            match into {
                Some(p) => Some(self.parts.iter().position(|q| same_file(q, p)).ok_or_else(
                    || {
                        Error::bad_request(format!(
                            "--into {}: new records go to one of the graph's files ({})",
                            p.display(),
                            self.parts
                                .iter()
                                .map(|q| q.display().to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ))
                    },
                )?),
                None => docs
                    .iter()
                    .position(|d| !d.entities.is_empty() || !d.relations.is_empty()),
            };
        let mut docs = docs;
        if has_new {
            let Some(i) = into else {
                return Err(Error::Invalid(vec![Problem::new(
                    "every file of this graph holds only a schema: say where the new records go",
                )
                .hint("save --into FILE.json (one of the graph's files)")]));
            };
            let d = &mut docs[i];
            if let Some(ns) = new.schema {
                let s = d.schema.get_or_insert_with(Default::default);
                s.entity_types.extend(ns.entity_types);
                s.relation_types.extend(ns.relation_types);
            }
            d.sources.extend(new.sources);
            d.entities.extend(new.entities);
            d.relations.extend(new.relations);
        }
        // Which files hold other records than they did: only those are rewritten.
        let mut texts: Vec<(usize, Vec<u8>)> = Vec::new();
        for (i, doc) in docs.iter().enumerate() {
            let now = std::fs::read(&self.parts[i]).ok();
            let same = now
                .as_deref()
                .and_then(|b| serde_json::from_slice::<GraphFile>(b).ok())
                .is_some_and(|mut on_disk| {
                    let mut ours = doc.clone();
                    on_disk.kg = None;
                    ours.kg = None;
                    on_disk.schema = on_disk
                        .schema
                        .filter(|s| !s.entity_types.is_empty() || !s.relation_types.is_empty());
                    on_disk == ours
                });
            if !same {
                let mut bytes = Vec::new();
                export::json::write_file(&mut bytes, doc).map_err(|e| Error::io("<memory>", e))?;
                texts.push((i, bytes));
            }
        }
        let mut block = None;
        let parts = &self.parts;
        let known = &self.known;
        let fills: Vec<(&Path, export::Fill<'_>)> = texts
            .iter()
            .map(|(i, bytes)| {
                let fill: export::Fill<'_> = Box::new(move |w| w.write_all(bytes));
                (parts[*i].as_path(), fill)
            })
            .collect();
        let checked = export::write_atomic_all_guarded(fills, force, || {
            if force {
                return Ok(());
            }
            for p in parts {
                let was = known.iter().find(|(k, _)| same_file(k, p)).map(|(_, f)| *f);
                let changed = match (std::fs::read(p), was) {
                    (Err(e), _) if e.kind() == std::io::ErrorKind::NotFound => false,
                    (Err(e), _) => return Err(Error::io(p, e)),
                    (Ok(now), Some(f)) => Fingerprint::of(&now) != f,
                    (Ok(_), None) => true,
                };
                if changed {
                    block = Some(SaveBlock::ChangedOnDisk(p.clone()));
                    return Err(Error::bad_request("blocked"));
                }
            }
            Ok(())
        });
        if let Some(b) = block {
            return Ok(Err(b));
        }
        checked?;
        for (i, bytes) in &texts {
            let p = self.parts[*i].clone();
            self.remember(&p, Fingerprint::of(bytes));
        }
        self.saved_state = self.state;
        self.saved_depth = self.depth;
        let said: Vec<String> = self
            .parts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let how = if texts.iter().any(|(j, _)| *j == i) {
                    "written"
                } else {
                    "unchanged"
                };
                format!("{} ({how})", p.display())
            })
            .collect();
        Ok(Ok(format!(
            "saved {} entities, {} relations to {}",
            self.graph.entity_count(),
            self.graph.relation_count(),
            said.join(", ")
        )))
    }
}

/// Makes `edit` on `g` where it stands; the caller rolls back on failure.
fn apply(g: &mut KnowledgeGraph, edit: &Edit) -> Result<String> {
    match edit {
        Edit::AddEntity {
            name,
            kind,
            aliases,
            id,
        } => {
            let id = id.clone().unwrap_or_else(|| fresh_id(g, name));
            let rec = EntityRecord {
                id: id.clone(),
                name: Some(name.clone()),
                kind: kind.clone(),
                aliases: aliases.clone(),
                attributes: None,
            };
            extend(
                g,
                GraphFile {
                    entities: vec![rec],
                    ..Default::default()
                },
            )?;
            Ok(format!("added entity '{name}' (id {id})"))
        }
        Edit::AddRelation {
            from,
            kind,
            to,
            quote,
            source,
            date,
            valid,
            confidence,
            attributes,
        } => add_relation(
            g,
            RelationEdit {
                from,
                kind,
                to,
                quote,
                source,
                date,
                valid,
                confidence: *confidence,
                attributes,
            },
            EvidenceOnly::No,
        ),
        Edit::AddEvidence {
            relation: Some(n),
            quote,
            source,
            date,
            ..
        } => {
            let r = RelationId::new(*n as usize);
            if !g.contains_relation(r) {
                return Err(Error::Invalid(vec![Problem::new(format!(
                    "there is no relation #{n}"
                ))
                .hint("show NAME gives each relation's number")]));
            }
            let (a, k, b) = g.relation_ends(r);
            let (from, kind, to) = (
                g.entity(a).id.to_string(),
                g.schema().relation_type(k).id.to_string(),
                g.entity(b).id.to_string(),
            );
            add_relation(
                g,
                RelationEdit {
                    from: &from,
                    kind: &kind,
                    to: &to,
                    quote,
                    source,
                    date,
                    valid: &None,
                    confidence: None,
                    attributes: &[],
                },
                EvidenceOnly::To(r),
            )
        }
        Edit::AddEvidence {
            from,
            kind,
            to,
            relation: None,
            quote,
            source,
            date,
            valid,
        } => add_relation(
            g,
            RelationEdit {
                from,
                kind,
                to,
                quote,
                source,
                date,
                valid,
                confidence: None,
                attributes: &[],
            },
            EvidenceOnly::Yes,
        ),
        Edit::AddSource {
            id,
            title,
            publisher,
            date,
            url,
            kind,
            text,
        } => {
            let rec = SourceRecord {
                id: id.clone(),
                title: title.clone(),
                publisher: publisher.clone(),
                date: date.clone(),
                url: url.clone(),
                background: false,
                kind: kind.clone(),
                sha256: text.as_deref().map(crate::verbatim::sha256_hex),
                text: text.clone(),
            };
            extend(
                g,
                GraphFile {
                    sources: vec![rec],
                    ..Default::default()
                },
            )?;
            Ok(format!("added source '{id}'"))
        }
        Edit::AddType { id, description } => {
            if let Some(t) = g.schema().entity_type_id(id) {
                if g.schema().entity_type(t).declared {
                    return Err(Error::bad_request(format!(
                        "entity type '{id}' is declared already"
                    )));
                }
            }
            let schema = crate::load::format::SchemaRecord {
                entity_types: vec![crate::load::format::EntityTypeRecord {
                    id: id.clone(),
                    description: description.clone(),
                }],
                relation_types: Vec::new(),
            };
            extend(
                g,
                GraphFile {
                    schema: Some(schema),
                    ..Default::default()
                },
            )?;
            Ok(format!("declared entity type '{id}'"))
        }
        Edit::AddRelationType {
            id,
            from,
            to,
            symmetric,
            inverse,
            description,
            cameo,
        } => {
            if let Some(t) = g.schema().relation_type_id(id) {
                if g.schema().relation_type(t).declared {
                    return Err(Error::bad_request(format!(
                        "relation type '{id}' is declared already"
                    )));
                }
            }
            let schema = crate::load::format::SchemaRecord {
                entity_types: Vec::new(),
                relation_types: vec![crate::load::format::RelationTypeRecord {
                    id: id.clone(),
                    description: description.clone(),
                    from: from.clone(),
                    to: to.clone(),
                    symmetric: *symmetric,
                    inverse: inverse.clone(),
                    codes: cameo
                        .iter()
                        .map(|c| ("cameo".to_string(), c.clone()))
                        .collect(),
                    extract: None,
                }],
            };
            extend(
                g,
                GraphFile {
                    schema: Some(schema),
                    ..Default::default()
                },
            )?;
            Ok(format!("declared relation type '{id}'"))
        }
        Edit::RemoveType { id } => remove_type(g, id),
        Edit::RemoveRelationType { id } => remove_relation_type(g, id),
        Edit::RemoveEntity { name } => {
            let id = g.resolve(name)?;
            let n = g.incident(id).count();
            let e = g.remove_entity(id).expect("resolved entity exists");
            Ok(format!(
                "removed entity '{}' and its {n} relation(s)",
                e.name
            ))
        }
        Edit::RemoveRelation { from, kind, to } => {
            let matching = matching_relations(g, from, kind, to)?;
            let (a, b) = (describe(g, from), describe(g, to));
            for &r in &matching {
                g.remove_relation(r);
            }
            Ok(format!(
                "removed {} relation(s) {a} —{}→ {b}",
                matching.len(),
                kind.replace('_', " ")
            ))
        }
        Edit::Alias { name, alias } => {
            let id = g.resolve(name)?;
            // Every entity whose id, name or alias has the alias's key, as the
            // loader checks it: not just an exact id.
            let owners: Vec<_> = g
                .name_index()
                .get(alias)
                .iter()
                .copied()
                .filter(|&o| o != id)
                .collect();
            if let Some(&other) = owners.first() {
                return Err(Error::Invalid(vec![Problem::new(format!(
                    "alias '{alias}' of '{}' also names '{}'",
                    g.entity(id).id,
                    g.entity(other).id
                ))
                .hint(
                    "an alias must name one entity only; remove it from one of them",
                )]));
            }
            if normalize(alias).is_empty() {
                return Err(Error::bad_request("an alias cannot be empty"));
            }
            // A name it answers to already: the alias would add nothing.
            let e = g.entity(id);
            let key = normalize(alias);
            let mine = [("id", e.id), ("name", e.name)]
                .into_iter()
                .chain(e.aliases.iter().map(|a| ("alias", &*a.text)))
                .find(|(_, t)| normalize(t) == key);
            if let Some((what, text)) = mine {
                return Err(Error::Invalid(vec![Problem::new(format!(
                    "'{}' answers to '{alias}' already (its {what} '{text}')",
                    e.name
                ))
                .hint("names are matched without regard to case and accents; give an alias that differs otherwise")]));
            }
            g.add_alias(
                id,
                Alias {
                    text: alias.as_str().into(),
                    origin: Origin::default(),
                },
            );
            Ok(format!(
                "'{}' is now also called '{alias}'",
                g.entity(id).name
            ))
        }
        Edit::Batch { what, edits } => {
            for e in edits {
                apply(g, e)?;
            }
            Ok(what.clone())
        }
        Edit::Merge { keep, duplicate } => {
            let (k, d) = (g.resolve(keep)?, g.resolve(duplicate)?);
            if k == d {
                return Err(Error::bad_request(format!(
                    "'{keep}' and '{duplicate}' are the same entity"
                )));
            }
            let n = g.incident(d).count();
            check_merge(g, k, d)?;
            let what = format!(
                "merged '{}' into '{}' ({n} relation(s) moved)",
                g.entity(d).name,
                g.entity(k).name
            );
            g.merge(k, d);
            Ok(what)
        }
    }
}

/// The fields of `add relation` and `add evidence`.
struct RelationEdit<'a> {
    from: &'a str,
    kind: &'a str,
    to: &'a str,
    quote: &'a Option<String>,
    source: &'a Option<String>,
    date: &'a Option<String>,
    valid: &'a Option<String>,
    confidence: Option<f64>,
    attributes: &'a [(String, String)],
}

/// Adds a relation, or, when one with the same ends, type and validity is there
/// already, adds the new evidence to it (corroboration, never a duplicate).
/// With `evidence_only`, the relation must be there.
///
/// The relation is built as a graph file's record and run through the loader,
/// so its evidence gets exactly the loader's checks; when it corroborates, the
/// new relation then hands its evidence over and goes.
///
/// # Complexity
/// O(relations of the two ends) beyond the loader's work on one record.
/// `true`, `false` and numbers as JSON values, anything else as a string.
fn attribute_value(v: &str) -> serde_json::Value {
    match v {
        "true" => serde_json::Value::Bool(true),
        "false" => serde_json::Value::Bool(false),
        _ => match v.parse::<serde_json::Number>() {
            Ok(n) if !v.is_empty() => serde_json::Value::Number(n),
            _ => serde_json::Value::String(v.to_string()),
        },
    }
}

fn add_relation(g: &mut KnowledgeGraph, r: RelationEdit<'_>, only: EvidenceOnly) -> Result<String> {
    let (evidence_only, target) = match only {
        EvidenceOnly::No => (false, None),
        EvidenceOnly::Yes => (true, None),
        EvidenceOnly::To(t) => (true, Some(t)),
    };
    let evidence = if r.quote.is_some() || r.source.is_some() || r.date.is_some() {
        vec![EvidenceRecord {
            source: r.source.clone(),
            quote: r.quote.clone(),
            date: r.date.clone(),
        }]
    } else {
        Vec::new()
    };
    // JSON has no NaN or infinity: serde_json would write such a confidence as
    // null and the loader would see none, so it is left out of the record and
    // refused here, next to whatever else the loader finds wrong with it.
    let unwritable = r.confidence.filter(|c| !c.is_finite());
    let rec = RelationRecord {
        id: None,
        from: r.from.to_string(),
        kind: r.kind.to_string(),
        to: r.to.to_string(),
        evidence,
        valid: r.valid.clone().map(crate::load::format::ValidRecord::At),
        confidence: r.confidence.filter(|c| c.is_finite()),
        attributes: (!r.attributes.is_empty()).then(|| {
            r.attributes
                .iter()
                .map(|(k, v)| (k.clone(), attribute_value(v)))
                .collect()
        }),
    };
    let doc = GraphFile {
        relations: vec![rec],
        ..Default::default()
    };
    let before = parallel(g, r.from, r.kind, r.to).unwrap_or_default();
    if evidence_only && before.is_empty() {
        // The names and type must resolve first: their own messages say more.
        let a = g.resolve(r.from)?;
        let b = g.resolve(r.to)?;
        return Err(Error::Invalid(vec![Problem::new(format!(
            "no relation {} —{}→ {} to add evidence to",
            g.entity(a).name,
            r.kind,
            g.entity(b).name
        ))
        .hint(format!(
            "add it with its evidence: add relation {} {} {} --source ID --quote TEXT",
            suggest::command_word(g.entity(a).name),
            r.kind,
            suggest::command_word(g.entity(b).name)
        ))]));
    }
    match (extend(g, doc), unwritable) {
        (done, None) => done?,
        (Ok(()), Some(c)) => return Err(Error::Invalid(vec![confidence_problem(c)])),
        (Err(Error::Invalid(mut ps)), Some(c)) => {
            ps.push(confidence_problem(c));
            return Err(Error::Invalid(ps));
        }
        (Err(other), Some(_)) => return Err(other),
    }
    let added = parallel(g, r.from, r.kind, r.to)
        .unwrap_or_default()
        .into_iter()
        .find(|x| !before.contains(x))
        .expect("the loader added the relation");
    let (a, b) = (describe(g, r.from), describe(g, r.to));
    let shown = format!("{a} —{}→ {b}", r.kind.replace('_', " "));
    let valid = g.relation(added).valid;
    // The relations it repeats: the same validity; for `add evidence` without
    // --valid, any of them.
    let same: Vec<RelationId> = match target {
        Some(t) => vec![t],
        None => before
            .iter()
            .copied()
            .filter(|&x| (evidence_only && r.valid.is_none()) || g.relation(x).valid == valid)
            .collect(),
    };
    let Some(&old) = same.first() else {
        if evidence_only {
            return Err(Error::bad_request(format!(
                "no relation {shown} valid at {} to add evidence to",
                r.valid.as_deref().unwrap_or_default()
            )));
        }
        return Ok(format!("added relation {shown}"));
    };
    if evidence_only && same.len() > 1 {
        let spans: Vec<String> = same
            .iter()
            .map(|&x| {
                g.relation(x)
                    .valid
                    .map_or("undated".into(), |v| v.to_string())
            })
            .collect();
        return Err(Error::Invalid(vec![Problem::new(format!(
            "{} relations {shown}: which one?",
            same.len()
        ))
        .hint(format!(
            "name it by when it holds, with --valid: {}",
            spans.join(", ")
        ))]));
    }
    corroborate(g, old, added, &shown)
}

/// Whether `add_relation` only adds evidence, and to which relation.
enum EvidenceOnly {
    No,
    Yes,
    To(RelationId),
}

/// Moves the evidence of `added` (just made) onto `old`, the relation it repeats,
/// and removes `added`.
fn corroborate(
    g: &mut KnowledgeGraph,
    old: RelationId,
    added: RelationId,
    shown: &str,
) -> Result<String> {
    let (.., data) = g.remove_relation(added).expect("the relation just added");
    let evidence = data.evidence().to_vec();
    let confidence = data.detail.and_then(|d| d.confidence);
    if evidence.is_empty() {
        return Err(Error::Invalid(vec![Problem::new(format!(
            "{shown} is in the graph already; nothing added"
        ))
        .hint(
            "to corroborate it, give the new evidence: --source ID --quote TEXT",
        )]));
    }
    let had = g.relation(old);
    if let Some(e) = evidence.iter().find(|e| had.evidence().contains(e)) {
        return Err(Error::Invalid(vec![Problem::new(format!(
            "{shown} has this evidence from '{}' already",
            g.source(e.source).id
        ))
        .hint(
            "corroboration needs other evidence: another source, quote or date",
        )]));
    }
    let had_confidence = had.detail.as_ref().and_then(|d| d.confidence);
    if let (Some(c), Some(o)) = (confidence, had_confidence) {
        if c != o {
            return Err(Error::Invalid(vec![Problem::new(format!(
                "{shown} has confidence {o} already, not {c}"
            ))
            .hint("leave out --confidence to add evidence to it")]));
        }
    }
    let detail = g
        .relation_mut(old)
        .detail
        .get_or_insert_with(Default::default);
    detail.evidence.extend(evidence);
    if confidence.is_some() {
        detail.confidence = confidence;
    }
    let n = detail.evidence.len();
    let mut sources: Vec<_> = detail.evidence.iter().map(|e| e.source).collect();
    sources.sort_unstable();
    sources.dedup();
    Ok(format!(
        "corroborated {shown}: now {n} evidence item{}, from {} source{}",
        if n == 1 { "" } else { "s" },
        sources.len(),
        if sources.len() == 1 { "" } else { "s" }
    ))
}

/// The relations `from —kind→ to` (either way for a symmetric type), or `None`
/// when a name or the type does not resolve (the loader then says why).
fn parallel(g: &KnowledgeGraph, from: &str, kind: &str, to: &str) -> Option<Vec<RelationId>> {
    let (a, b) = (g.resolve(from).ok()?, g.resolve(to).ok()?);
    let k = g.schema().relation_type_id(kind)?;
    let symmetric = g.schema().relation_type(k).symmetric;
    Some(
        g.incident(a)
            .filter(|i| {
                i.other == b && g.relation_type_of(i.relation) == k && (i.outgoing || symmetric)
            })
            .map(|i| i.relation)
            .collect(),
    )
}

/// "unknown entity (relation) type", with the closest of the declared ones.
fn unknown_type<'a>(what: &str, id: &str, declared: impl Iterator<Item = &'a str>) -> Error {
    Error::BadRequest {
        message: format!("unknown {what} type '{id}'"),
        suggestions: suggest::closest(id, declared),
    }
}

/// Undeclares entity type `id`, when no entity has it and no relation type
/// names it.
fn remove_type(g: &mut KnowledgeGraph, id: &str) -> Result<String> {
    let s = g.schema();
    let Some(t) = s
        .entity_type_id(id)
        .filter(|&t| s.entity_type(t).declared || g.entity_type_uses(t) > 0)
    else {
        let known = s
            .entity_types()
            .filter(|(_, t)| t.declared)
            .map(|(_, t)| &*t.id);
        return Err(unknown_type("entity", id, known));
    };
    let n = g.entity_type_uses(t);
    if n > 0 {
        return Err(Error::Invalid(vec![Problem::new(format!(
            "entity type '{id}' is in use: {n} entit{} of that type",
            if n == 1 { "y is" } else { "ies are" }
        ))
        .hint("remove those entities, or merge them into others, first")]));
    }
    let naming: Vec<String> = s
        .relation_types()
        .filter(|(_, r)| r.declared && (r.from.contains(&t) || r.to.contains(&t)))
        .map(|(_, r)| r.id.to_string())
        .collect();
    if !naming.is_empty() {
        return Err(Error::Invalid(vec![Problem::new(format!(
            "entity type '{id}' is named by relation type{} {}",
            if naming.len() == 1 { "" } else { "s" },
            suggest::quoted_list(&naming)
        ))
        .hint("remove those relation types first")]));
    }
    g.schema_mut().entity_type_mut(t).declared = false;
    Ok(format!("removed entity type '{id}'"))
}

/// Undeclares relation type `id`, when no relation has it.
fn remove_relation_type(g: &mut KnowledgeGraph, id: &str) -> Result<String> {
    let s = g.schema();
    let Some(t) = s
        .relation_type_id(id)
        .filter(|&t| s.relation_type(t).declared || g.relation_type_uses(t) > 0)
    else {
        let known = s
            .relation_types()
            .filter(|(_, t)| t.declared)
            .map(|(_, t)| &*t.id);
        return Err(unknown_type("relation", id, known));
    };
    let n = g.relation_type_uses(t);
    if n > 0 {
        return Err(Error::Invalid(vec![Problem::new(format!(
            "relation type '{id}' is in use: {n} relation{} of that type",
            if n == 1 { " is" } else { "s are" }
        ))
        .hint("remove those relations first")]));
    }
    g.schema_mut().relation_type_mut(t).declared = false;
    Ok(format!("removed relation type '{id}'"))
}

/// Adds `doc` to `g`, validated as a graph file would be.
fn extend(g: &mut KnowledgeGraph, doc: GraphFile) -> Result<()> {
    let text = serde_json::to_string_pretty(&doc).expect("records serialise");
    load::add_json(g, SESSION_INPUT, text).map_err(|e| match e {
        // Positions inside a record built from a command line mean nothing to the user.
        Error::Invalid(ps) => Error::Invalid(
            ps.into_iter()
                .map(|mut p| {
                    p.location = None;
                    p
                })
                .collect(),
        ),
        other => other,
    })
}

fn matching_relations(
    g: &KnowledgeGraph,
    from: &str,
    kind: &str,
    to: &str,
) -> Result<Vec<RelationId>> {
    let (a, b) = (g.resolve(from)?, g.resolve(to)?);
    let k = g
        .schema()
        .relation_type_id(kind)
        .ok_or_else(|| Error::BadRequest {
            message: format!("unknown relation type '{kind}'"),
            suggestions: suggest::closest(kind, g.schema().relation_type_names()),
        })?;
    let symmetric = g.schema().relation_type(k).symmetric;
    let found: Vec<RelationId> = g
        .incident(a)
        .filter(|i| {
            i.other == b && g.relation_type_of(i.relation) == k && (i.outgoing || symmetric)
        })
        .map(|i| i.relation)
        .collect();
    if found.is_empty() {
        let between: Vec<String> = g
            .incident(a)
            .filter(|i| i.other == b)
            .map(|i| {
                g.schema()
                    .relation_type(g.relation_type_of(i.relation))
                    .id
                    .to_string()
            })
            .collect();
        let hint = if between.is_empty() {
            "they are not directly related".to_string()
        } else {
            format!("between them: {}", between.join(", "))
        };
        return Err(Error::BadRequest {
            message: format!(
                "no relation {} —{kind}→ {}",
                g.entity(a).name,
                g.entity(b).name
            ),
            suggestions: Vec::new(),
        })
        .map_err(|e| with_hint(e, hint));
    }
    Ok(found)
}

/// Refuses a merge that would leave relations the schema forbids: `dup`'s
/// relations move to `keep`, whose type may not fit them.
fn check_merge(
    g: &KnowledgeGraph,
    keep: crate::model::EntityId,
    dup: crate::model::EntityId,
) -> Result<()> {
    let s = g.schema();
    let kt = g.entity(keep).kind;
    let mut problems = Vec::new();
    // The duplicate's names become aliases of `keep`: each must name no third
    // entity, by the loader's rule for aliases.
    let d = g.entity(dup);
    let names = std::iter::once(d.id)
        .chain(std::iter::once(d.name))
        .chain(d.aliases.iter().map(|a| &*a.text));
    for name in names {
        if let Some(&other) = g
            .name_index()
            .get(name)
            .iter()
            .find(|&&o| o != keep && o != dup)
        {
            problems.push(
                Problem::new(format!(
                    "'{name}' would become an alias of '{}' and also names '{}'",
                    g.entity(keep).id,
                    g.entity(other).id
                ))
                .hint("an alias must name one entity only; rename or merge that entity first"),
            );
        }
    }
    let name_clashes = problems.len();
    for inc in g.incident(dup) {
        let (a, k, b) = g.relation_ends(inc.relation);
        let (ft, tt) = (
            if a == dup { kt } else { g.entity(a).kind },
            if b == dup { kt } else { g.entity(b).kind },
        );
        if !s.allows(k, ft, tt) {
            let other = if a == dup { b } else { a };
            problems.push(Problem::new(format!(
                "'{}' would get '{}' relation with '{}', which the schema forbids for a {}",
                g.entity(keep).name,
                s.relation_type(k).id,
                g.entity(other).name,
                s.entity_type(kt).id
            )));
        }
    }
    // The schema's refusals (not the name clashes) end with what to do instead.
    let last = (problems.len() > name_clashes)
        .then(|| problems.pop())
        .flatten();
    if let Some(last) = last {
        problems.push(last.hint(format!(
            "'{}' and '{}' do not look like duplicates; remove those relations first, or merge the other way",
            g.entity(keep).name,
            g.entity(dup).name
        )));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(problems))
    }
}

/// A confidence outside 0..1, in the words the JSON loader uses for one in a
/// graph file, so an edit and a file get the same refusal.
fn confidence_problem(c: f64) -> Problem {
    Problem::new(format!("confidence {c} is outside 0..1"))
        .hint("write a confidence between 0 (none) and 1 (certain)")
}

/// The name given to records built from commands, in the loader's bookkeeping.
const SESSION_INPUT: &str = "<session>";

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

fn with_hint(e: Error, hint: String) -> Error {
    match e {
        Error::BadRequest { message, .. } => Error::Invalid(vec![Problem::new(message).hint(hint)]),
        other => other,
    }
}

/// A source as `use` names it: its id, then publisher, title and date if known.
fn source_words(s: &crate::model::Source) -> String {
    let about: Vec<String> = [
        s.publisher.clone(),
        s.title.clone(),
        s.date.map(|d| d.to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if about.is_empty() {
        format!("'{}'", s.id)
    } else {
        format!("'{}' ({})", s.id, about.join(", "))
    }
}

/// The display name of `name` in `g`, or `name` itself.
fn describe(g: &KnowledgeGraph, name: &str) -> String {
    g.resolve(name)
        .map(|id| g.entity(id).name.to_string())
        .unwrap_or_else(|_| name.to_string())
}

/// An id for a new entity: its name in lower snake case, made unique.
fn fresh_id(g: &KnowledgeGraph, name: &str) -> String {
    let mut base: String = normalize(name)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    base = base.trim_matches('_').to_string();
    if base.is_empty() {
        base = "entity".into();
    }
    let mut id = base.clone();
    let mut n = 2;
    while g.entity_by_id(&id).is_some() {
        id = format!("{base}_{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add_relation(confidence: f64, date: Option<&str>) -> Edit {
        Edit::AddRelation {
            from: "Lavrov".into(),
            kind: "visits".into(),
            to: "Tokyo".into(),
            quote: None,
            source: None,
            date: date.map(Into::into),
            valid: None,
            confidence: Some(confidence),
            attributes: Vec::new(),
        }
    }

    fn problems(e: Error) -> Vec<(String, Option<String>)> {
        match e {
            Error::Invalid(ps) => ps.into_iter().map(|p| (p.message, p.hint)).collect(),
            other => panic!("not a validation error: {other:?}"),
        }
    }

    /// What the loader says of an out-of-range confidence in a file, with the
    /// number swapped: the wording an unwritable one must get too.
    fn loader_says(shown: &str) -> (String, Option<String>) {
        let mut s = Session::builtin();
        let mut ps = problems(s.apply(&add_relation(2.0, None)).unwrap_err());
        assert_eq!(ps.len(), 1, "{ps:?}");
        let (message, hint) = ps.remove(0);
        assert!(message.contains("confidence 2 "), "{message}");
        (
            message.replace("confidence 2 ", &format!("confidence {shown} ")),
            hint,
        )
    }

    #[test]
    fn confidences_json_cannot_hold_are_refused_in_the_loaders_words() {
        for (c, shown) in [
            (f64::NAN, "NaN"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
        ] {
            let mut s = Session::builtin();
            let before = s.graph().relation_count();
            let err = s.apply(&add_relation(c, None)).unwrap_err();
            assert_eq!(problems(err), vec![loader_says(shown)], "{c}");
            assert_eq!(s.graph().relation_count(), before);
            assert_eq!(s.unsaved(), 0);
        }
    }

    #[test]
    fn an_unwritable_confidence_is_reported_with_the_edits_other_problems() {
        let mut s = Session::builtin();
        let err = s
            .apply(&add_relation(f64::NAN, Some("2016-02-30")))
            .unwrap_err();
        let ps = problems(err);
        assert!(ps.len() >= 2, "{ps:?}");
        assert!(ps.iter().any(|(m, _)| m.contains("2016-02")), "{ps:?}");
        assert_eq!(ps.last(), Some(&loader_says("NaN")));
    }

    #[test]
    fn a_blocked_save_says_why_unless_a_person_was_just_told() {
        let changed = SaveBlock::ChangedOnDisk("g.json".into());
        let exists = SaveBlock::WouldOverwrite("g.json".into());
        let message = |b: &SaveBlock, asked| problems(b.refusal(asked))[0].0.clone();
        assert_eq!(
            message(&changed, false),
            "not saved: g.json changed on disk since it was loaded"
        );
        assert_eq!(
            message(&changed, true),
            "not saved: g.json would be overwritten"
        );
        assert_eq!(
            message(&exists, false),
            "not saved: g.json would be overwritten"
        );
    }
}
