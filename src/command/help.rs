//! Help, derived: the overview from [`SPECS`] and the clap tree, each command's
//! help from clap with its spec's examples, and the names a line may start with.

use super::context::Outcome;
use super::spec::{Front, Section, Spec};
use super::{grammar, SPECS};
use crate::error::{Error, Result};

/// The clap command that `words` name (aliases included), if any.
pub fn find(words: &[&str]) -> Option<&'static clap::Command> {
    let mut cmd = grammar();
    for w in words {
        cmd = cmd
            .get_subcommands()
            .find(|c| c.get_name() == *w || c.get_all_aliases().any(|a| a == *w))?;
    }
    Some(cmd)
}

/// The canonical words of a command named by `words` (aliases resolved).
pub fn canonical(words: &[&str]) -> Option<Vec<String>> {
    let mut cmd = grammar();
    let mut out = Vec::new();
    for w in words {
        cmd = cmd
            .get_subcommands()
            .find(|c| c.get_name() == *w || c.get_all_aliases().any(|a| a == *w))?;
        out.push(cmd.get_name().to_string());
    }
    Some(out)
}

/// Every word a command line may start with: names and aliases, sorted.
pub fn command_names() -> Vec<String> {
    let mut names: Vec<String> = grammar()
        .get_subcommands()
        .flat_map(|c| {
            std::iter::once(c.get_name().to_string()).chain(c.get_all_aliases().map(str::to_string))
        })
        .collect();
    names.sort();
    names
}

/// The spec of the command `words` name exactly.
pub fn spec_of(words: &[String]) -> Option<&'static Spec> {
    SPECS
        .iter()
        .copied()
        .find(|s| s.words.iter().copied().eq(words.iter().map(String::as_str)))
}

/// `add relation FROM TYPE TO [options]`: the words, the positional arguments
/// (optional ones in brackets, repeatable ones with `...`), and whether options follow.
pub fn synopsis(spec: &Spec) -> String {
    let Some(cmd) = find(spec.words) else {
        return spec.name();
    };
    let mut parts = vec![spec.name()];
    let mut options = false;
    for a in cmd.get_arguments() {
        if a.is_hide_set() || a.is_global_set() || matches!(a.get_id().as_str(), "help" | "version")
        {
            continue;
        }
        if !a.is_positional() {
            options = true;
            continue;
        }
        let name = a
            .get_value_names()
            .and_then(|v| v.first())
            .map_or_else(|| a.get_id().to_string().to_uppercase(), |n| n.to_string());
        let many = a.get_num_args().is_some_and(|r| r.max_values() > 1)
            || matches!(a.get_action(), clap::ArgAction::Append);
        let name = if many { format!("{name}...") } else { name };
        parts.push(if a.is_required_set() {
            name
        } else {
            format!("[{name}]")
        });
    }
    if options {
        parts.push("[options]".into());
    }
    parts.join(" ")
}

/// The first line of a command's help.
fn about(spec: &Spec) -> String {
    find(spec.words)
        .and_then(|c| c.get_about().map(|a| a.to_string()))
        .unwrap_or_default()
}

/// The overview `help` prints in `front`: every command it runs, by section.
pub fn overview(front: Front) -> String {
    let rows: Vec<(Section, String, String)> = SPECS
        .iter()
        .filter(|s| s.runs_in(front))
        .map(|s| (s.section, synopsis(s), about(s)))
        .collect();
    let width = rows
        .iter()
        .map(|r| r.1.chars().count())
        .max()
        .unwrap_or(0)
        .min(44);
    let mut out = String::new();
    for section in Section::ALL {
        let here: Vec<_> = rows.iter().filter(|r| r.0 == section).collect();
        if here.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(section.title());
        out.push('\n');
        for (_, syn, about) in here {
            let about = about.trim_end_matches('.');
            if syn.chars().count() > width {
                out.push_str(&format!("  {syn}\n  {:width$}  {about}\n", ""));
            } else {
                out.push_str(&format!("  {syn:width$}  {about}\n"));
            }
        }
    }
    out.push_str(
        "\nNames are ids, names or aliases, in any case; quote names with spaces (Tab completes them).\n\
         Every command takes --format F and --timeout T; 'help COMMAND' explains one.\n\
         Try: path Kyodo Kurils",
    );
    out
}

/// The long help of the command `words` name (clap's, with its spec's examples),
/// as `kg WORDS --help` prints it.
pub fn command_help(words: &[&str]) -> Option<String> {
    let names = canonical(words)?;
    let mut cmd = find(words)?
        .clone()
        .bin_name(format!("kg {}", names.join(" ")));
    Some(cmd.render_long_help().to_string())
}

/// `help [COMMAND...]`: on the command line with no command, `kg --help`;
/// in a session, the overview of what it runs.
pub fn run(words: &[String], front: Front) -> Result<Outcome> {
    if words.is_empty() {
        return Ok(Outcome::Help(match front {
            Front::Cli => grammar().clone().render_long_help().to_string(),
            Front::Repl | Front::Json => overview(front),
        }));
    }
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    command_help(&w).map(Outcome::Help).ok_or_else(|| {
        let last = words.last().map_or("", String::as_str);
        let known: Vec<String> = match find(&w[..w.len() - 1]) {
            Some(parent) => parent
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect(),
            None => Vec::new(),
        };
        Error::BadRequest {
            message: format!("no command '{}'", words.join(" ")),
            suggestions: crate::suggest::closest(last, known.iter().map(String::as_str)),
        }
    })
}

/// The values an argument takes, when it takes only some (a format, a direction).
pub fn choices(arg: &clap::Arg) -> Vec<String> {
    arg.get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect()
}
