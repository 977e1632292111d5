//! Parsing one REPL line: the command line's own commands (parsed by the same clap
//! types, so the words and options are the same) plus a few that only make sense
//! inside a session.

use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand};

use super::words::{self, SplitError};
use crate::cli::{Cli, FormatArg};
use crate::suggest;

/// Commands that exist only inside the REPL.
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum Meta {
    /// List the commands, or explain one: `help path`.
    Help { command: Option<String> },
    /// Leave the REPL (Ctrl-D does the same).
    #[command(visible_alias = "exit")]
    Quit,
    /// Take back the last change.
    Undo,
    /// Write the graph as kg JSON, atomically; without PATH, to the file it came from.
    Save {
        path: Option<PathBuf>,
        /// Overwrite even if the file changed on disk since it was loaded.
        #[arg(long, short)]
        force: bool,
    },
    /// Add graph files to the session.
    Load {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// How answers are printed from now on.
    Format { format: FormatArg },
    /// Write the last answer's subgraph as Graphviz DOT.
    Dot { path: PathBuf },
}

#[derive(Debug, Parser)]
#[command(
    no_binary_name = true,
    disable_help_subcommand = true,
    disable_help_flag = true
)]
struct MetaLine {
    #[command(subcommand)]
    meta: Meta,
}

/// Names of the REPL-only commands (and their aliases).
pub const META_COMMANDS: [&str; 8] = [
    "help", "quit", "exit", "undo", "save", "load", "format", "dot",
];

/// Names of the commands shared with the command line.
pub fn shared_commands() -> Vec<String> {
    let mut names = Vec::new();
    for c in Cli::command().get_subcommands() {
        names.push(c.get_name().to_string());
        names.extend(c.get_visible_aliases().map(str::to_string));
    }
    names.retain(|n| n != "help");
    names
}

/// Every command name a line may start with.
pub fn all_commands() -> Vec<String> {
    let mut all = shared_commands();
    all.extend(META_COMMANDS.iter().map(|s| s.to_string()));
    all.sort();
    all
}

/// A parsed line.
#[derive(Debug)]
pub enum Line {
    Empty,
    Meta(Meta),
    Shared(Box<Cli>),
}

/// Why a line could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub hint: Option<String>,
}

/// Parses one line of input.
pub fn parse(line: &str) -> Result<Line, ParseError> {
    let words = words::split(line).map_err(|SplitError::Unclosed(q)| ParseError {
        message: format!("unclosed {q} quote"),
        hint: Some(format!("close it with {q}")),
    })?;
    let words: Vec<String> = words.into_iter().map(|w| w.text).collect();
    let Some(first) = words.first() else {
        return Ok(Line::Empty);
    };
    if first.starts_with('#') {
        return Ok(Line::Empty);
    }
    if first == "?" {
        return Ok(Line::Meta(Meta::Help {
            command: words.get(1).cloned(),
        }));
    }
    let clap_error = |e: clap::Error, cmd: &str| {
        let text = e.to_string();
        let first_line = text
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("error: ")
            .to_string();
        ParseError {
            message: first_line,
            hint: Some(format!("'help {cmd}' shows its options")),
        }
    };
    if META_COMMANDS.contains(&first.as_str()) {
        return MetaLine::try_parse_from(&words)
            .map(|m| Line::Meta(m.meta))
            .map_err(|e| clap_error(e, first));
    }
    if shared_commands().contains(first) {
        let args = std::iter::once("kg".to_string()).chain(words.iter().cloned());
        let cli = Cli::try_parse_from(args).map_err(|e| clap_error(e, first))?;
        if !cli.graphs.is_empty() {
            return Err(ParseError {
                message: "--graph is for the command line".into(),
                hint: Some("add graph files to the session with: load PATH".into()),
            });
        }
        return Ok(Line::Shared(Box::new(cli)));
    }
    let all = all_commands();
    Err(ParseError {
        message: format!("unknown command '{first}'"),
        hint: suggest::did_you_mean(&suggest::closest(first, all.iter().map(String::as_str)))
            .or_else(|| Some("'help' lists the commands".into())),
    })
}

/// The help text of one command, or `None` for an unknown one.
pub fn command_help(name: &str) -> Option<String> {
    let mut cli = Cli::command();
    if let Some(c) = cli.find_subcommand_mut(name) {
        let mut c = c.clone().bin_name(name.to_string());
        return Some(c.render_long_help().to_string());
    }
    let mut meta = MetaLine::command();
    let c = meta.find_subcommand_mut(name)?;
    let mut c = c.clone().bin_name(name.to_string());
    Some(c.render_long_help().to_string())
}

/// Examples on the built-in graph, by command.
pub const EXAMPLES: &[(&str, &str)] = &[
    ("path", "path Kyodo Kurils\npath Lavrov \"North Korea\" -k 2\npath Sputnik Kyodo --all\npath Lavrov Kurils --relations visits,claims,foreign_minister_of"),
    ("neighbours", "neighbours Japan\nneighbours Japan --depth 2 --relations claims,visits"),
    ("show", "show Lavrov\nshow Kurils"),
    ("stats", "stats"),
    ("add", "add entity \"Fumio Kishida\" --type person --alias Kishida\nadd relation Kishida foreign_minister_of Japan\nadd source kyodo-2016-04-15 --publisher \"Kyodo News\" --date 2016-04-15"),
    ("remove", "remove relation Lavrov visits Tokyo\nremove entity Kishida"),
    ("alias", "alias Lavrov \"Minister Lavrov\""),
    ("merge", "merge Russia \"Russian Federation\""),
    ("save", "save my-graph.json"),
    ("load", "load graphs/extra.json"),
    ("format", "format json"),
    ("dot", "dot path.dot"),
];

/// The overview `help` prints.
pub const OVERVIEW: &str = "\
Ask
  path FROM TO [options]     how two entities are connected, hop by hop with evidence
  neighbours NAME [--depth N] everything within N hops (alias: neighbors)
  show NAME                  an entity, its aliases and its relations both ways
  stats                      counts by entity type and relation type
  query FILE                 answer a file of JSON Lines requests
  check PATH...              validate graph files

Build
  add entity NAME --type T [--alias A]...
  add relation FROM TYPE TO [--quote Q --source S --date D --confidence C]
  add source ID [--title T --publisher P --date D --url U]
  remove entity NAME | remove relation FROM TYPE TO
  alias NAME ALIAS           another name for an entity
  merge KEEP DUPLICATE       fold a duplicate entity into another
  undo                       take back the last change
  load PATH...               add graph files to the session
  save [PATH] [--force]      write the graph as kg JSON

Session
  format text|json|dot       how answers are printed
  dot FILE                   write the last answer as Graphviz DOT
  help [COMMAND]             this list, or one command's options and examples
  quit                       leave (or Ctrl-D); Ctrl-C cancels a line or a running query

Names are ids, names or aliases, in any case; quote names with spaces (Tab completes them).
Try: path Kyodo Kurils";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Command;

    #[test]
    fn parses_shared_commands_with_cli_words() {
        let Ok(Line::Shared(cli)) = parse("path Kyodo Kurils --relations claims,based_in") else {
            panic!()
        };
        match cli.command {
            Some(Command::Path(a)) => {
                assert_eq!(a.names, ["Kyodo", "Kurils"]);
                assert_eq!(a.filter.relations, ["claims", "based_in"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse("neighbors Japan --depth 2"),
            Ok(Line::Shared(_))
        ));
        assert!(matches!(
            parse("show \"Sergei Lavrov\" --format json"),
            Ok(Line::Shared(_))
        ));
    }

    #[test]
    fn parses_meta_commands() {
        assert!(matches!(parse("quit"), Ok(Line::Meta(Meta::Quit))));
        assert!(matches!(parse("exit"), Ok(Line::Meta(Meta::Quit))));
        assert!(matches!(
            parse("save --force"),
            Ok(Line::Meta(Meta::Save {
                path: None,
                force: true
            }))
        ));
        assert!(matches!(
            parse("format json"),
            Ok(Line::Meta(Meta::Format {
                format: FormatArg::Json
            }))
        ));
        assert!(matches!(parse("  "), Ok(Line::Empty)));
        assert!(matches!(parse("# a comment"), Ok(Line::Empty)));
    }

    #[test]
    fn explains_bad_lines() {
        let e = parse("pth Kyodo Kurils").unwrap_err();
        assert_eq!(e.message, "unknown command 'pth'");
        assert_eq!(e.hint.as_deref(), Some("did you mean 'path'?"));
        let e = parse("path Kyodo --depht 2").unwrap_err();
        assert!(e.message.contains("--depht"), "{}", e.message);
        assert!(parse("show \"Sergei")
            .unwrap_err()
            .message
            .contains("unclosed"));
        assert!(parse("stats --graph x.json")
            .unwrap_err()
            .hint
            .unwrap()
            .contains("load"));
    }

    #[test]
    fn every_command_has_help() {
        for c in all_commands() {
            assert!(command_help(&c).is_some(), "{c}");
        }
    }
}
