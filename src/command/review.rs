//! Reviewing `extract`'s proposals: `accept`, `reject`, `edit` and `same`.
//!
//! Accepting goes through the session's edits like anything typed: the
//! article becomes a source with its text (so every quote is checked
//! against it), new entities are added, relations are added with their
//! quote, or, when the graph holds them, get the quote as corroborating
//! evidence. One `accept` is one edit: all or nothing, one `undo`.

use super::context::{Context, Outcome};
use super::spec::{Section, Spec};
use crate::error::{Error, Result};
use crate::extract::Extraction;
use crate::model::KnowledgeGraph;
use crate::session::Edit;

const NO_CLI: &str =
    "proposals are reviewed in a session: run extract in the REPL, or kg extract --apply";

pub const ACCEPT: Spec = Spec {
    not_on_cli: Some(NO_CLI),
    ..Spec::new(&["accept"], Section::Build, &["accept 1", "accept all"])
};
pub const REJECT: Spec = Spec {
    not_on_cli: Some(NO_CLI),
    ..Spec::new(&["reject"], Section::Build, &["reject 2"])
};
pub const EDIT: Spec = Spec {
    not_on_cli: Some(NO_CLI),
    ..Spec::new(&["edit"], Section::Build, &["edit 1 --from Abe"])
};
pub const SAME: Spec = Spec {
    not_on_cli: Some(NO_CLI),
    ..Spec::new(&["same"], Section::Build, &["same 1 \"Shinzo Abe\""])
};

#[derive(Debug, Clone, clap::Args)]
pub struct SelectArgs {
    /// Proposal numbers (1,3-5), all, or entity N.
    #[arg(value_name = "SELECTION", required = true, num_args = 1..)]
    pub selection: Vec<String>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct EditArgs {
    /// The proposal's number.
    #[arg(value_name = "N", value_parser = super::values::parse_whole)]
    pub number: usize,
    /// Another relation type.
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// Another entity at the from end: id, name or alias.
    #[arg(long, value_name = "ENTITY")]
    pub from: Option<String>,
    /// Another entity at the to end: id, name or alias.
    #[arg(long, value_name = "ENTITY")]
    pub to: Option<String>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct SameArgs {
    /// The new entity's number (E1 is 1).
    #[arg(value_name = "N", value_parser = super::values::parse_whole)]
    pub number: usize,
    /// The graph's entity it is: id, name or alias.
    #[arg(value_name = "ENTITY")]
    pub entity: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Open,
    Accepted,
    Rejected,
}

/// Proposals of one text, waiting for review.
#[derive(Debug, Clone)]
pub struct Review {
    pub extraction: Extraction,
    pub text: String,
    relations: Vec<State>,
    /// Per entity of the extraction: the graph entity it was linked to.
    linked: Vec<Option<String>>,
    /// Per proposal: the type, from and to the analyst set with `edit`.
    edited: Vec<(Option<String>, Option<String>, Option<String>)>,
    /// Each `accept` that changed the graph: what it said, what it took.
    accepts: Vec<(String, Vec<usize>)>,
}

impl Review {
    pub fn new(extraction: Extraction, text: String) -> Review {
        let n = extraction.relations.len();
        let m = extraction.entities.len();
        Review {
            extraction,
            text,
            relations: vec![State::Open; n],
            linked: vec![None; m],
            edited: vec![(None, None, None); n],
            accepts: Vec::new(),
        }
    }

    /// `undo` took back an edit described as `undid: WHAT`: if it was the
    /// last accept, its proposals are open again.
    pub fn undone(&mut self, what: &str) {
        let last = self.accepts.last().map(|(w, _)| format!("undid: {w}"));
        if last.as_deref() == Some(what) {
            let (_, rels) = self.accepts.pop().expect("looked at just now");
            for k in rels {
                self.relations[k] = State::Open;
            }
        }
    }

    /// How an end will be named: the linked entity, or the proposed one.
    fn end_name(&self, g: &KnowledgeGraph, i: usize) -> String {
        match &self.linked[i] {
            Some(id) => g
                .entity_by_id(id)
                .map(|e| g.entity(e).name.to_string())
                .unwrap_or_else(|| id.clone()),
            None => self.extraction.entities[i].name.clone(),
        }
    }

    pub fn listing(&self, g: &KnowledgeGraph) -> String {
        super::extract::listing(&self.extraction, &self.text, g)
    }

    /// The new entities, numbered from 1 as the listing shows them.
    fn new_entities(&self) -> Vec<usize> {
        (0..self.extraction.entities.len())
            .filter(|&i| self.extraction.entities[i].new)
            .collect()
    }

    /// How an end is named in the edits: the linked entity, or its id.
    fn end(&self, i: usize) -> String {
        self.linked[i]
            .clone()
            .unwrap_or_else(|| self.extraction.entities[i].id.clone())
    }

    /// The edits that accept these proposals and entities.
    fn edits(&self, g: &KnowledgeGraph, rels: &[usize], ents: &[usize]) -> Vec<Edit> {
        let x = &self.extraction;
        let mut edits = Vec::new();
        let source = x.source.id.clone();
        if !rels.is_empty() && g.source_id(&source).is_none() {
            edits.push(Edit::AddSource {
                id: source.clone(),
                title: None,
                publisher: None,
                date: x.source.date.clone(),
                url: None,
                kind: Some("article".into()),
                text: Some(self.text.clone()),
            });
        }
        let mut added: Vec<usize> = Vec::new();
        let mut add_entity = |i: usize, edits: &mut Vec<Edit>| {
            let e = &x.entities[i];
            if !e.new
                || self.linked[i].is_some()
                || added.contains(&i)
                || g.entity_by_id(&e.id).is_some()
            {
                return;
            }
            added.push(i);
            edits.push(Edit::AddEntity {
                name: e.name.clone(),
                kind: Some(e.kind.clone()),
                aliases: e.aliases.clone(),
                id: Some(e.id.clone()),
            });
        };
        for &i in ents {
            add_entity(i, &mut edits);
        }
        for &r in rels {
            let p = &x.relations[r];
            let (kind, from, to) = &self.edited[r];
            let kind = kind
                .clone()
                .unwrap_or_else(|| g.schema().relation_type(p.kind).id.to_string());
            let from = match from {
                Some(f) => f.clone(),
                None => {
                    add_entity(p.from, &mut edits);
                    self.end(p.from)
                }
            };
            let to = match to {
                Some(t) => t.clone(),
                None => {
                    add_entity(p.to, &mut edits);
                    self.end(p.to)
                }
            };
            let quote = Some(self.text[p.start..p.end].to_string());
            let unchanged = self.edited[r] == (None, None, None);
            if p.known && unchanged {
                edits.push(Edit::AddEvidence {
                    from,
                    kind,
                    to,
                    relation: None,
                    quote,
                    source: Some(source.clone()),
                    date: x.source.date.clone(),
                    valid: None,
                });
            } else {
                let attributes = p
                    .attributes()
                    .into_iter()
                    .map(|(k, v)| (k, v.to_string()))
                    .collect();
                edits.push(Edit::AddRelation {
                    from,
                    kind,
                    to,
                    quote,
                    source: Some(source.clone()),
                    date: x.source.date.clone(),
                    valid: None,
                    confidence: Some(p.score),
                    attributes,
                });
            }
        }
        edits
    }
}

/// `extract --apply`: every proposal of every text (not negated ones: a
/// denial needs a person's eye), as one edit.
pub fn apply_all(reviews: Vec<Review>, ctx: &mut Context) -> Result<Outcome> {
    let g = ctx.session()?.graph();
    let mut edits = Vec::new();
    let mut counts = (0, 0);
    for r in &reviews {
        let rels: Vec<usize> = (0..r.extraction.relations.len())
            .filter(|&i| !r.extraction.relations[i].negated)
            .collect();
        let e = r.edits(g, &rels, &[]);
        counts.0 += rels.len();
        counts.1 += e
            .iter()
            .filter(|e| matches!(e, Edit::AddEntity { .. }))
            .count();
        edits.extend(e);
    }
    let names: Vec<&str> = reviews
        .iter()
        .map(|r| r.extraction.source.id.as_str())
        .collect();
    let what = format!(
        "accepted {} relation(s) and {} new entities from {}",
        counts.0,
        counts.1,
        names.join(", ")
    );
    super::edit::run(Edit::Batch { what, edits }, ctx)
}

fn review(ctx: &mut Context) -> Result<&mut Review> {
    ctx.review
        .as_mut()
        .ok_or_else(|| Error::bad_request("nothing to review: run extract FILE first"))
}

/// Reads `1,3-5` or `all` against `n` proposals.
fn numbers(words: &[String], n: usize, what: &str) -> Result<Vec<usize>> {
    let joined = words.join(",");
    if joined == "all" {
        return Ok((0..n).collect());
    }
    let mut out = Vec::new();
    for part in joined.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let num = |s: &str| -> Result<usize> {
            let s = s.trim().trim_start_matches(['E', 'e']);
            match s.parse::<usize>() {
                Ok(k) if (1..=n).contains(&k) => Ok(k - 1),
                Ok(k) => Err(Error::bad_request(format!(
                    "there is no {what} {k}: the list has {n}"
                ))),
                Err(_) => Err(Error::usage(format!(
                    "'{part}' is not a number or a range such as 3-5"
                ))),
            }
        };
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (num(a)?, num(b)?);
                if a > b {
                    return Err(Error::usage(format!("the range '{part}' runs backwards")));
                }
                out.extend(a..=b);
            }
            None => out.push(num(part)?),
        }
    }
    if out.is_empty() {
        return Err(Error::usage(
            "name proposals by number: accept 1,3-5, or accept all",
        ));
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// `accept 1,3-5`, `accept all`, `accept entity N`.
pub fn accept(args: &SelectArgs, ctx: &mut Context) -> Result<Outcome> {
    ctx.session()?;
    let r = ctx
        .review
        .take()
        .ok_or_else(|| Error::bad_request("nothing to review: run extract FILE first"))?;
    let planned = plan_accept(args, &r, ctx.session()?.graph());
    ctx.review = Some(r);
    let (what, edits, rels) = planned?;
    let out = super::edit::run(
        Edit::Batch {
            what: what.clone(),
            edits,
        },
        ctx,
    )?;
    let r = review(ctx)?;
    for &k in &rels {
        r.relations[k] = State::Accepted;
    }
    r.accepts.push((what, rels));
    Ok(out)
}

/// What `accept` will do: its description, its edits, the proposals it takes.
fn plan_accept(
    args: &SelectArgs,
    r: &Review,
    g: &KnowledgeGraph,
) -> Result<(String, Vec<Edit>, Vec<usize>)> {
    let (rels, ents) = if args
        .selection
        .first()
        .is_some_and(|w| w == "entity" || w == "entities")
    {
        let new = r.new_entities();
        let picked = numbers(&args.selection[1..], new.len(), "new entity")?;
        (
            Vec::new(),
            picked.into_iter().map(|k| new[k]).collect::<Vec<_>>(),
        )
    } else if args.selection == ["all"] {
        let open: Vec<usize> = (0..r.relations.len())
            .filter(|&k| r.relations[k] == State::Open)
            .collect();
        if open.is_empty() {
            return Err(Error::bad_request(
                "every proposal is accepted or rejected already",
            ));
        }
        (open, Vec::new())
    } else {
        let picked = numbers(&args.selection, r.extraction.relations.len(), "proposal")?;
        if let Some(&done) = picked.iter().find(|&&k| r.relations[k] != State::Open) {
            return Err(Error::bad_request(format!(
                "proposal {} was {} already",
                done + 1,
                if r.relations[done] == State::Accepted {
                    "accepted"
                } else {
                    "rejected"
                }
            )));
        }
        (picked, Vec::new())
    };
    let edits = r.edits(g, &rels, &ents);
    let what = if ents.is_empty() {
        format!(
            "accepted {} proposal(s) from {}",
            rels.len(),
            r.extraction.source.id
        )
    } else {
        let names: Vec<&str> = ents
            .iter()
            .map(|&i| r.extraction.entities[i].name.as_str())
            .collect();
        if edits.is_empty() {
            return Err(Error::bad_request(format!(
                "{} is in the graph already",
                names.join(", ")
            )));
        }
        format!(
            "accepted new entit{} {}",
            if ents.len() == 1 { "y" } else { "ies" },
            names.join(", ")
        )
    };
    Ok((what, edits, rels))
}

/// `reject 1,3-5`: the proposals are left out of later `accept all`.
pub fn reject(args: &SelectArgs, ctx: &mut Context) -> Result<Outcome> {
    let r = review(ctx)?;
    let picked = numbers(&args.selection, r.extraction.relations.len(), "proposal")?;
    for &k in &picked {
        r.relations[k] = State::Rejected;
    }
    let list: Vec<String> = picked.iter().map(|k| (k + 1).to_string()).collect();
    Ok(Outcome::Done(super::context::Done::new(format!(
        "rejected {}",
        list.join(", ")
    ))))
}

/// `edit N --type T --from A --to B`: corrects a proposal before accepting it.
pub fn edit(args: &EditArgs, ctx: &mut Context) -> Result<Outcome> {
    let g = ctx.session()?.graph();
    if let Some(t) = &args.kind {
        if g.schema().relation_type_id(t).is_none() {
            let names: Vec<&str> = g.schema().relation_type_names().collect();
            return Err(Error::BadRequest {
                message: format!("unknown relation type '{t}'"),
                suggestions: crate::suggest::closest(t, names),
            });
        }
    }
    let mut ends = Vec::new();
    for name in [&args.from, &args.to] {
        ends.push(match name {
            Some(n) => Some(g.entity(g.resolve(n)?).id.to_string()),
            None => None,
        });
    }
    let mut r = ctx
        .review
        .take()
        .ok_or_else(|| Error::bad_request("nothing to review: run extract FILE first"))?;
    let said = edit_one(args, &mut r, ctx.session()?.graph(), &ends);
    ctx.review = Some(r);
    Ok(Outcome::Done(super::context::Done::new(said?)))
}

/// Sets the corrections of one proposal; says how it will be accepted.
fn edit_one(
    args: &EditArgs,
    r: &mut Review,
    g: &KnowledgeGraph,
    ends: &[Option<String>],
) -> Result<String> {
    let n = r.extraction.relations.len();
    let k = numbers(&[args.number.to_string()], n, "proposal")?[0];
    let e = &mut r.edited[k];
    if args.kind.is_some() {
        e.0.clone_from(&args.kind);
    }
    if args.from.is_some() {
        e.1.clone_from(&ends[0]);
    }
    if args.to.is_some() {
        e.2.clone_from(&ends[1]);
    }
    let (kind, from, to) = e.clone();
    let p = &r.extraction.relations[k];
    let named = |id: String| {
        g.entity_by_id(&id)
            .map_or(id, |e| g.entity(e).name.to_string())
    };
    let label = match &kind {
        Some(t) => g
            .schema()
            .relation_type_id(t)
            .map_or_else(|| t.clone(), |id| g.schema().relation_type(id).label()),
        None => g.schema().relation_type(p.kind).label(),
    };
    Ok(format!(
        "proposal {} will be accepted as {} —{label}→ {}",
        k + 1,
        from.map_or_else(|| r.end_name(g, p.from), named),
        to.map_or_else(|| r.end_name(g, p.to), named),
    ))
}

/// `same N NAME`: new entity N is the graph's NAME; its relations will join it.
pub fn same(args: &SameArgs, ctx: &mut Context) -> Result<Outcome> {
    let g = ctx.session()?.graph();
    let id = g.resolve(&args.entity)?;
    let (gid, gname) = (g.entity(id).id.to_string(), g.entity(id).name.to_string());
    let r = review(ctx)?;
    let new = r.new_entities();
    let k = numbers(&[args.number.to_string()], new.len(), "new entity")?[0];
    r.linked[new[k]] = Some(gid);
    Ok(Outcome::Done(super::context::Done::new(format!(
        "E{} ({}) is {gname}: its relations will join it",
        k + 1,
        r.extraction.entities[new[k]].name
    ))))
}
