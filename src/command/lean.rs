//! The clap parse of one command alone, for `kg query`'s requests ([`super::json`]).
//!
//! A request names its command, so parsing its words with the whole grammar
//! (`kg` and its global options over every command) does work the request
//! cannot need: clap fills in and hands down the seven global options, gives
//! them defaults, and the matches are cloned on the way into [`super::Cli`].
//! Here each command is parsed by a grammar of its own: a bare `kg` holding
//! only that command's subcommand (its group's, for `add entity`), taken from
//! the same derive ([`super::Cli::command`]) before the global options are
//! spread into it, so its own arguments, their value parsers, groups, conflicts
//! and settings are the grammar's own. The global options are not in it: a
//! request gives none of them (they are no fields, [`super::json::fields`])
//! but `format`, which is parsed by the grammar's own `--format` argument
//! alone ([`format`]).
//!
//! It only ever answers with a command: whenever it refuses the words, the
//! caller parses them again with the whole grammar, whose error is the one a
//! request gets, so no message can differ. That both accept the same words
//! with the same command is tested by `tests/json_parse.rs`, on random
//! requests over every op and field.

use std::cell::RefCell;
use std::sync::LazyLock;

use clap::{CommandFactory, FromArgMatches};

use super::{Cli, Command, SPECS};
use crate::format::Format;

/// Per spec (in [`SPECS`]' order), the grammar of its command alone.
static TEMPLATES: LazyLock<Vec<Option<clap::Command>>> = LazyLock::new(templates);

fn templates() -> Vec<Option<clap::Command>> {
    let root = Cli::command();
    SPECS
        .iter()
        .map(|spec| {
            let top = root.find_subcommand(spec.words.first()?)?;
            Some(bare(&root).subcommand(top.clone()))
        })
        .collect()
}

/// A `kg` with no arguments and no subcommands, but the settings of `root`
/// that its subcommands take from it (clap's global settings) and that bear
/// on parsing.
fn bare(root: &clap::Command) -> clap::Command {
    // Named as `Cli` is (clap takes only a static name without its `string` feature).
    clap::Command::new("kg")
        .color(clap::ColorChoice::Never)
        .disable_help_subcommand(root.is_disable_help_subcommand_set())
        .disable_help_flag(root.is_disable_help_flag_set())
        .disable_version_flag(root.is_disable_version_flag_set())
        .args_override_self(root.is_args_override_self())
        .dont_delimit_trailing_values(root.is_dont_delimit_trailing_values_set())
        .no_binary_name(root.is_no_binary_name_set())
}

thread_local! {
    /// This thread's copies of [`TEMPLATES`], made on first use: clap parses
    /// with a `&mut` grammar, and a clone per parse would cost more than the parse.
    static LEAN: RefCell<Vec<Option<clap::Command>>> = const { RefCell::new(Vec::new()) };
    /// The grammar's `--format` argument alone.
    static FORMAT: RefCell<Option<clap::Command>> = const { RefCell::new(None) };
}

/// The command that `words` (program name first, then the command's words,
/// its options and its arguments, none of them a global option) give for
/// `SPECS[spec]`, or `None` when its grammar refuses them.
pub fn command(spec: usize, words: &[String]) -> Option<Command> {
    LEAN.with(|lean| {
        let mut lean = lean.borrow_mut();
        if lean.len() <= spec {
            lean.resize_with(SPECS.len().max(spec + 1), || None);
        }
        if lean[spec].is_none() {
            lean[spec] = TEMPLATES.get(spec).cloned().flatten();
        }
        let grammar = lean[spec].as_mut()?;
        let mut matches = grammar.try_get_matches_from_mut(words).ok()?;
        Command::from_arg_matches_mut(&mut matches).ok()
    })
}

thread_local! {
    /// The command the grammar gives for `path` with two placeholder ends and
    /// nothing else, parsed on first use (see [`path_between`]).
    static PATH: RefCell<Option<Command>> = const { RefCell::new(None) };
}

/// The command of a request that gives a path's two ends and nothing else
/// (`words` is `kg path -- FROM TO`), without a parse: the grammar's own
/// command for two placeholder ends, parsed once per thread, with the ends
/// put in. The commonest request of a batch of paths is this one, and its
/// clap parse was an eighth of such a batch's time (tested like every lean
/// parse, by `tests/json_parse.rs`).
pub fn path_between(spec: usize, words: &[String]) -> Option<Command> {
    let [_, op, dashes, from, to] = words else {
        return None;
    };
    if op != "path" || dashes != "--" {
        return None;
    }
    PATH.with(|t| {
        let mut t = t.borrow_mut();
        if t.is_none() {
            let placeholder = ["kg", "path", "--", "from", "to"].map(String::from);
            *t = command(spec, &placeholder);
        }
        let mut command = t.clone()?;
        let Command::Path(args) = &mut command else {
            return None;
        };
        args.from.clone_from(from);
        args.to.clone_from(to);
        Some(command)
    })
}

/// What `--format=value` gives, parsed by the grammar's own `--format`
/// argument, or `None` when it refuses it.
pub fn format(value: &str) -> Option<Format> {
    FORMAT.with(|f| {
        let mut f = f.borrow_mut();
        if f.is_none() {
            let arg = super::grammar()
                .get_arguments()
                .find(|a| a.get_id() == "format")?
                .clone()
                .global(false);
            *f = Some(
                clap::Command::new("format")
                    .no_binary_name(true)
                    .disable_help_flag(true)
                    .disable_version_flag(true)
                    .arg(arg),
            );
        }
        let matches = f
            .as_mut()?
            .try_get_matches_from_mut([format!("--format={value}")])
            .ok()?;
        matches.get_one::<Format>("format").copied()
    })
}
