//! The rustyline helper: Tab completion of commands, options, entity names and
//! aliases (quoted as needed), relation and entity types; hints from history; and
//! an unclosed quote continuing on the next line.

use std::cell::RefCell;
use std::rc::Rc;

use clap::CommandFactory;
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::{Hinter, HistoryHinter};
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};

use super::command::{all_commands, META_COMMANDS};
use super::words::{self, escape};
use crate::cli::Cli;
use crate::model::{normalize, KnowledgeGraph};

/// What completion offers, refreshed from the graph after every change.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// (normalised, as written) names and aliases, sorted by the normalised form.
    names: Vec<(String, String)>,
    relation_types: Vec<String>,
    entity_types: Vec<String>,
    sources: Vec<String>,
}

impl Vocabulary {
    pub fn of(g: &KnowledgeGraph) -> Self {
        let mut names: Vec<(String, String)> = Vec::new();
        for (_, e) in g.entities() {
            names.push((normalize(e.name), e.name.to_string()));
            for a in e.aliases {
                names.push((normalize(&a.text), a.text.to_string()));
            }
        }
        names.sort();
        names.dedup_by(|a, b| a.1 == b.1);
        let s = g.schema();
        Vocabulary {
            names,
            relation_types: s.relation_type_names().map(str::to_string).collect(),
            entity_types: s.entity_type_names().map(str::to_string).collect(),
            sources: g.sources().map(|(_, s)| s.id.to_string()).collect(),
        }
    }

    /// Names and aliases starting with `prefix`, case- and accent-insensitively.
    fn names_with_prefix(&self, prefix: &str) -> Vec<&str> {
        let p = normalize(prefix);
        let start = self.names.partition_point(|(k, _)| k.as_str() < p.as_str());
        self.names[start..]
            .iter()
            .take_while(|(k, _)| k.starts_with(&p))
            .take(200)
            .map(|(_, n)| n.as_str())
            .collect()
    }
}

pub struct KgHelper {
    pub vocabulary: Rc<RefCell<Vocabulary>>,
    hinter: HistoryHinter,
    files: FilenameCompleter,
}

impl KgHelper {
    pub fn new(vocabulary: Rc<RefCell<Vocabulary>>) -> Self {
        KgHelper {
            vocabulary,
            hinter: HistoryHinter::new(),
            files: FilenameCompleter::new(),
        }
    }
}

/// The long options a shared command takes (with those of its subcommands).
fn options_of(command: &str, sub: Option<&str>) -> Vec<String> {
    let cli = Cli::command();
    let Some(c) = cli.find_subcommand(command) else {
        return Vec::new();
    };
    let c = sub.and_then(|s| c.find_subcommand(s)).unwrap_or(c);
    let mut opts: Vec<String> = c
        .get_arguments()
        .chain(cli.get_arguments())
        .filter(|a| a.get_id() != "graphs")
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect();
    opts.sort();
    opts.dedup();
    opts
}

/// The output formats, as `--format` spells them.
fn format_names() -> Vec<String> {
    use clap::ValueEnum;
    crate::cli::FormatArg::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
        .collect()
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

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let before = &line[..pos];
        // An open quote belongs to the word being completed.
        let (words, open_quote) = match words::split(before) {
            Ok(w) => (w, None),
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
            return Ok((start, pairs(starting_with(&all_commands(), &current))));
        }
        let command = previous[0];
        if matches!(command, "load" | "save" | "dot" | "check" | "query")
            && !current.starts_with('-')
        {
            return self.files.complete(line, pos, ctx);
        }
        if current.starts_with("--") {
            let sub = previous
                .get(1)
                .copied()
                .filter(|_| matches!(command, "add" | "remove"));
            return Ok((
                start,
                pairs(starting_with(&options_of(command, sub), &current)),
            ));
        }
        let after = previous.last().copied().unwrap_or("");
        let list = |items: &[String]| -> (usize, Vec<Pair>) {
            // Comma-separated lists complete their last item.
            let cut = current.rfind(',').map_or(0, |i| i + 1);
            let (done, part) = current.split_at(cut);
            let found = items
                .iter()
                .filter(|t| t.starts_with(part))
                .map(|t| format!("{done}{t}"));
            (start, pairs(found))
        };
        match after {
            "--relations" | "--exclude-relations" => return Ok(list(&voc.relation_types)),
            "--via-types" | "--type" | "-t" => return Ok(list(&voc.entity_types)),
            "--source" | "-s" => return Ok(list(&voc.sources)),
            "--format" => return Ok(list(&format_names())),
            "--direction" => return Ok(list(&["any".into(), "out".into(), "in".into()])),
            _ => {}
        }
        match (command, index) {
            ("format", 1) => return Ok(list(&format_names())),
            ("add", 1) => return Ok(list(&["entity".into(), "relation".into(), "source".into()])),
            ("remove", 1) => return Ok(list(&["entity".into(), "relation".into()])),
            ("add" | "remove", 3) if previous[1] == "relation" => {
                return Ok(list(&voc.relation_types))
            }
            ("help", 1) => return Ok(list(&all_commands())),
            _ if META_COMMANDS.contains(&command) => return Ok((start, Vec::new())),
            _ => {}
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
        Ok((start, found.collect()))
    }
}

impl Hinter for KgHelper {
    type Hint = String;

    fn hint(&self, line: &str, pos: usize, ctx: &Context<'_>) -> Option<String> {
        self.hinter.hint(line, pos, ctx)
    }
}

impl Highlighter for KgHelper {}

impl Validator for KgHelper {
    /// An unclosed quote continues on the next line, as in a shell.
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        Ok(match words::split(ctx.input()) {
            Err(words::SplitError::Unclosed(_)) => ValidationResult::Incomplete,
            Ok(_) => ValidationResult::Valid(None),
        })
    }
}

impl Helper for KgHelper {}
