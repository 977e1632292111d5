//! The rustyline helper: Tab completion of commands, options, entity names and
//! aliases (quoted as needed), relation and entity types, with a space after a
//! unique completion; and hints from history, drawn dimmed.
//!
//! Hints are shown only when colour is on: drawn like typed text they would
//! make the screen read `path Kyodo Kurils` while Enter runs `path Kyodo Kuri`,
//! and without colour nothing on a terminal tells the two apart as plainly.
//!
//! In a pattern query typed as it stands (`MATCH (p:per`), Tab offers entity
//! types after `:` in a node, relation types in a relationship, and keywords.
//!
//! A line that goes on (an open quote, a trailing backslash) is read by the
//! loop in [`super::interactive`] one physical line at a time, each under the
//! continuation prompt: rustyline's own multi-line editing draws no prompt on
//! the lines after the first. What came before is [`KgHelper::pending`], so
//! completion still knows the command and hints stay away from a half line.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::{Hinter, HistoryHinter};
use rustyline::validate::Validator;
use rustyline::{Context, Helper};

use super::words::{self, escape};
use crate::command::{grammar, help};
use crate::model::{normalize, KnowledgeGraph, NameDelta};

/// What completion offers. Names follow each edit by the names it changed
/// ([`NameDelta`]), so an edit on a big graph does not rebuild the list.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// (normalised, as written, entity slot) of every name and alias.
    names: BTreeSet<(String, String, u32)>,
    relation_types: Vec<String>,
    entity_types: Vec<String>,
    sources: Vec<String>,
}

impl Vocabulary {
    pub fn of(g: &KnowledgeGraph) -> Self {
        let mut names = BTreeSet::new();
        for (id, e) in g.entities() {
            let slot = id.index() as u32;
            names.insert((normalize(e.name), e.name.to_string(), slot));
            for a in e.aliases {
                names.insert((normalize(&a.text), a.text.to_string(), slot));
            }
        }
        let mut v = Vocabulary {
            names,
            ..Vocabulary::default()
        };
        v.types_and_sources(g);
        v
    }

    /// Follows an edit (or undo) of `g`: drops the names it took away, adds
    /// those it brought, and reads the few types and sources again.
    ///
    /// # Complexity
    /// O(names changed × log names + types + sources).
    pub fn follow(&mut self, delta: NameDelta, g: &KnowledgeGraph) {
        for (id, name) in delta.before {
            self.names
                .remove(&(normalize(&name), name.into(), id.index() as u32));
        }
        for (id, name) in delta.after {
            self.names
                .insert((normalize(&name), name.into(), id.index() as u32));
        }
        self.types_and_sources(g);
    }

    fn types_and_sources(&mut self, g: &KnowledgeGraph) {
        let s = g.schema();
        self.relation_types = s.relation_type_names().map(str::to_string).collect();
        self.entity_types = s.entity_type_names().map(str::to_string).collect();
        self.sources = g.sources().map(|(_, s)| s.id.to_string()).collect();
    }

    /// Names and aliases starting with `prefix`, case- and accent-insensitively.
    fn names_with_prefix(&self, prefix: &str) -> Vec<&str> {
        let p = normalize(prefix);
        let mut found: Vec<&str> = Vec::new();
        for (k, n, _) in self.names.range((p.clone(), String::new(), 0)..) {
            if !k.starts_with(&p) || found.len() == 200 {
                break;
            }
            // One name of several entities is offered once.
            if found.last() != Some(&n.as_str()) {
                found.push(n);
            }
        }
        found
    }
}

pub struct KgHelper {
    pub vocabulary: Rc<RefCell<Vocabulary>>,
    hinter: HistoryHinter,
    files: FilenameCompleter,
    /// Whether the terminal gets colour: hints are drawn (dimmed) only then.
    color: bool,
    /// The logical line so far when the line being edited continues it
    /// (joined as [`words::join`] joins them); empty on a fresh line.
    pub pending: String,
}

/// How a hint is drawn: dim (SGR 2), so it cannot pass for typed text.
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

impl KgHelper {
    pub fn new(vocabulary: Rc<RefCell<Vocabulary>>, color: bool) -> Self {
        KgHelper {
            vocabulary,
            hinter: HistoryHinter::new(),
            files: FilenameCompleter::new(),
            color,
            pending: String::new(),
        }
    }
}

/// The long options `cmd` takes, with the global ones a line may give.
fn options_of(cmd: &clap::Command) -> Vec<String> {
    let root = grammar();
    let mut opts: Vec<String> = cmd
        .get_arguments()
        .chain(root.get_arguments())
        .filter(|a| !a.is_hide_set() && !matches!(a.get_id().as_str(), "graphs" | "epoch"))
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect();
    opts.sort();
    opts.dedup();
    opts
}

/// The subcommand of `cmd` named `word` (or one of its aliases).
fn sub<'a>(cmd: &'a clap::Command, word: &str) -> Option<&'a clap::Command> {
    cmd.get_subcommands()
        .find(|c| c.get_name() == word || c.get_all_aliases().any(|a| a == word))
}

/// The option (of `cmd` or global) a word such as `--relations` or `-t` names.
fn option<'a>(
    cmd: &'a clap::Command,
    root: &'a clap::Command,
    word: &str,
) -> Option<&'a clap::Arg> {
    let found = |a: &&clap::Arg| {
        if let Some(long) = word.strip_prefix("--") {
            a.get_long() == Some(long)
        } else if let Some(short) = word.strip_prefix('-') {
            short.chars().count() == 1 && a.get_short() == short.chars().next()
        } else {
            false
        }
    };
    cmd.get_arguments()
        .find(found)
        .or_else(|| root.get_arguments().find(found))
}

/// What completes a value of `arg`, from its name and clap's value hint.
#[derive(Debug, PartialEq, Eq)]
enum Values {
    Files,
    RelationTypes,
    EntityTypes,
    Sources,
    Commands,
    Choices(Vec<String>),
    Names,
}

fn values_of(arg: &clap::Arg) -> Values {
    use clap::ValueHint;
    let choices = help::choices(arg);
    if !choices.is_empty() {
        return Values::Choices(choices);
    }
    if matches!(
        arg.get_value_hint(),
        ValueHint::FilePath | ValueHint::DirPath | ValueHint::AnyPath
    ) {
        return Values::Files;
    }
    let value_name = arg
        .get_value_names()
        .and_then(|v| v.first())
        .map(|n| n.as_str().to_string())
        .unwrap_or_default();
    match (arg.get_long(), arg.is_positional(), value_name.as_str()) {
        (Some("relations" | "exclude-relations"), _, _)
        | (None, true, "TYPE")
        | (Some("type"), _, "RELATION_TYPE") => Values::RelationTypes,
        (Some("via-types" | "type"), _, _) => Values::EntityTypes,
        (Some("source"), _, _) => Values::Sources,
        (None, true, "COMMAND") => Values::Commands,
        _ => Values::Names,
    }
}

fn pairs(items: impl IntoIterator<Item = String>) -> Vec<Pair> {
    items
        .into_iter()
        .map(|s| Pair {
            display: s.clone(),
            replacement: s,
        })
        .collect()
}

fn starting_with<'a>(items: impl IntoIterator<Item = &'a String>, prefix: &str) -> Vec<String> {
    items
        .into_iter()
        .filter(|s| s.starts_with(prefix))
        .cloned()
        .collect()
}

impl Completer for KgHelper {
    type Candidate = Pair;

    /// The candidates for the word before `pos`; a unique one is followed by a
    /// space (unless one follows already), so the next word can be typed at
    /// once, except where more may follow without one: an item of a
    /// comma-separated list, a directory.
    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let (start, mut found, spaced) = if self.pending.is_empty() {
            self.candidates(line, pos, ctx)?
        } else {
            // A continued line: complete on the logical line, and only a word
            // that starts on this physical line.
            let mut full = self.pending.clone();
            words::join(&mut full, &line[..pos]);
            let offset = full.len() - pos;
            let (start, found, spaced) = self.candidates(&full, full.len(), ctx)?;
            match start.checked_sub(offset) {
                Some(s) => (s, found, spaced),
                None => (pos, Vec::new(), false),
            }
        };
        if let [one] = found.as_mut_slice() {
            let space_follows = line[pos..].starts_with(char::is_whitespace);
            if spaced && !space_follows && !one.replacement.ends_with('/') {
                one.replacement.push(' ');
            }
        }
        Ok((start, found))
    }
}

impl KgHelper {
    /// [`Completer::complete`] before the space: where the word starts, its
    /// candidates, and whether a unique one ends the word.
    fn candidates(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>, bool)> {
        let before = &line[..pos];
        if let Some(found) = self.in_pattern(line, pos) {
            return Ok(found);
        }
        // An open quote belongs to the word being completed.
        let (words, open_quote) = match words::split(before) {
            Ok(w) => (w, None),
            // A trailing backslash escapes what is typed next: nothing to complete.
            Err(words::SplitError::Continued) => return Ok((pos, Vec::new(), false)),
            Err(words::SplitError::Unclosed(q)) => {
                let at = before.rfind(q).unwrap_or(0);
                let mut w = words::split(&before[..at]).unwrap_or_default();
                w.push(words::Word {
                    text: before[at + 1..].to_string(),
                    start: at,
                });
                (w, Some(q))
            }
        };
        let ends_with_space = open_quote.is_none() && before.ends_with(char::is_whitespace);
        let (current, start, index) = match (words.last(), ends_with_space) {
            (Some(w), false) => (w.text.clone(), w.start, words.len() - 1),
            _ => (String::new(), pos, words.len()),
        };
        let previous: Vec<&str> = words[..index].iter().map(|w| w.text.as_str()).collect();
        let voc = self.vocabulary.borrow();

        if index == 0 {
            return Ok((
                start,
                pairs(starting_with(&help::command_names(), &current)),
                true,
            ));
        }
        // Walk the grammar along the words typed so far.
        let root = grammar();
        let mut cmd = root;
        let mut used = 0;
        while let Some(next) = previous.get(used).and_then(|w| sub(cmd, w)) {
            cmd = next;
            used += 1;
        }
        if cmd.has_subcommands() && index == used {
            let names: Vec<String> = cmd
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            return Ok((start, pairs(starting_with(&names, &current)), true));
        }
        if current.starts_with('-') {
            return Ok((
                start,
                pairs(starting_with(&options_of(cmd), &current)),
                true,
            ));
        }
        // Which argument the word is for: an option's value, or the next positional.
        let mut positional = 0;
        let mut wanted: Option<&clap::Arg> = None;
        let mut i = used;
        while i < index {
            let w = previous[i];
            if w.starts_with('-') && !w.contains('=') {
                if let Some(opt) = option(cmd, root, w).filter(|a| a.get_action().takes_values()) {
                    if i + 1 == index {
                        wanted = Some(opt);
                    }
                    i += 2;
                    continue;
                }
            } else if !w.starts_with('-') {
                positional += 1;
            }
            i += 1;
        }
        let wanted = wanted.or_else(|| {
            let positionals: Vec<&clap::Arg> =
                cmd.get_positionals().filter(|a| !a.is_hide_set()).collect();
            positionals.get(positional).copied().or_else(|| {
                positionals
                    .last()
                    .copied()
                    .filter(|a| a.get_num_args().is_some_and(|r| r.max_values() > 1))
            })
        });
        let Some(arg) = wanted else {
            return Ok((start, Vec::new(), false));
        };
        // A list's item may be followed by `,` and another (--relations reads
        // its commas itself, so clap knows no delimiter there).
        let whole = arg.get_value_delimiter().is_none()
            && !matches!(arg.get_long(), Some("relations" | "exclude-relations"));
        let list = |items: &[String]| -> (usize, Vec<Pair>, bool) {
            // Comma-separated lists complete their last item.
            let cut = current.rfind(',').map_or(0, |i| i + 1);
            let (done, part) = current.split_at(cut);
            let found = items
                .iter()
                .filter(|t| t.starts_with(part))
                .map(|t| format!("{done}{t}"));
            (start, pairs(found), whole)
        };
        match values_of(arg) {
            Values::Files => {
                let (at, found) = self.files.complete(line, pos, ctx)?;
                return Ok((at, found, true));
            }
            Values::RelationTypes => return Ok(list(&voc.relation_types)),
            Values::EntityTypes => return Ok(list(&voc.entity_types)),
            Values::Sources => return Ok(list(&voc.sources)),
            Values::Commands => return Ok(list(&help::command_names())),
            Values::Choices(c) => return Ok(list(&c)),
            Values::Names => {}
        }
        let names = voc.names_with_prefix(&current);
        let found = names.into_iter().map(|n| Pair {
            display: n.to_string(),
            replacement: match open_quote {
                // Inside double quotes a backslash escapes `"` and `\`.
                Some('"') => format!("\"{}\"", n.replace('\\', "\\\\").replace('"', "\\\"")),
                // Single quotes cannot hold one: such a name goes in double quotes.
                Some(_) if n.contains('\'') => words::quote(n),
                Some(q) => format!("{q}{n}{q}"),
                // Backslashes, not quotes, so several candidates keep a common prefix.
                None => escape(n),
            },
        });
        Ok((start, found.collect(), true))
    }
}

/// The keywords of a pattern query, as Tab offers them.
const KEYWORDS: &[&str] = &[
    "MATCH", "WHERE", "RETURN", "DISTINCT", "AS", "ORDER", "BY", "ASC", "DESC", "SKIP", "LIMIT",
    "AND", "OR", "XOR", "NOT", "IN", "STARTS", "ENDS", "WITH", "CONTAINS", "IS", "NULL", "TRUE",
    "FALSE", "count", "type", "id", "labels", "size", "coalesce", "toLower", "toUpper",
];

impl KgHelper {
    /// Completion inside a pattern query typed as it stands ([`words::pattern`]):
    /// after `:` (or `|`) a relation type within `[…]`, an entity type within
    /// `(…)`; elsewhere a keyword. `None` when the cursor is not in such a query.
    fn in_pattern(&self, line: &str, pos: usize) -> Option<(usize, Vec<Pair>, bool)> {
        let words = words::pattern(line)?;
        let query = words.last()?;
        if pos <= query.start || words.len() < 3 {
            return None;
        }
        let before = &line[query.start..pos];
        let word_start = before
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |i| {
                i + before[i..].chars().next().map_or(1, char::len_utf8)
            });
        let current = &before[word_start..];
        let start = query.start + word_start;
        let voc = self.vocabulary.borrow();
        let typed = before[..word_start].trim_end();
        let after_colon = typed.ends_with(':') || typed.ends_with('|');
        let found: Vec<String> = if after_colon {
            // Inside the last bracket opened and not closed.
            let bracket = typed.rfind(['[', '(']);
            let closed = typed.rfind([']', ')']);
            let in_relation = match (bracket, closed) {
                (Some(b), Some(c)) if c > b => false,
                (Some(b), _) => typed[b..].starts_with('['),
                _ => false,
            };
            let types = if in_relation {
                &voc.relation_types
            } else {
                &voc.entity_types
            };
            starting_with(types, current)
        } else if current.is_empty() {
            Vec::new()
        } else {
            let upper = current.to_uppercase();
            KEYWORDS
                .iter()
                .filter(|k| k.to_uppercase().starts_with(&upper))
                .map(|k| k.to_string())
                .collect()
        };
        // A type is followed by what closes it (`]`, `)`, `|`), not by a space.
        Some((start, pairs(found), !after_colon))
    }
}

impl Hinter for KgHelper {
    type Hint = String;

    /// The rest of the newest history entry that starts with the line, when
    /// colour can set it apart; none on a continued line (history holds whole
    /// logical lines), nor one that would spill onto further lines (an entry
    /// with a newline in a quote).
    fn hint(&self, line: &str, pos: usize, ctx: &Context<'_>) -> Option<String> {
        if !self.color || !self.pending.is_empty() {
            return None;
        }
        self.hinter
            .hint(line, pos, ctx)
            .filter(|h| !h.contains('\n'))
    }
}

impl Highlighter for KgHelper {
    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        Cow::Owned(format!("{DIM}{hint}{RESET}"))
    }
}

/// Lines are whole when Enter is pressed: the loop decides what goes on.
impl Validator for KgHelper {}

impl Helper for KgHelper {}
