//! `completions SHELL` and `man`: what a shell and `man` need to know about kg,
//! generated from the grammar every front end parses with ([`super::grammar`]),
//! so they name exactly the commands and options kg takes.
//!
//! Both are for the command line: their output goes into a shell's startup
//! files or a man folder, which a session or a JSON request has no use for.

use std::path::PathBuf;

use super::context::{Done, Outcome};
use super::spec::{Section, Spec};
use crate::error::{Error, Result};
use crate::format::Format;

pub const COMPLETIONS: Spec = Spec {
    not_in_repl: Some(
        "completions are for your shell: run kg completions SHELL from it (Tab already completes here)",
    ),
    not_in_json: Some("completions are for your shell: run kg completions SHELL from it"),
    ..Spec::new(
        &["completions"],
        Section::Write,
        &["completions bash", "completions zsh"],
    )
};

pub const MAN: Spec = Spec {
    not_in_repl: Some("man pages are for man: run kg man from your shell ('help' explains here)"),
    not_in_json: Some("man pages are for man: run kg man from your shell"),
    ..Spec::new(&["man"], Section::Write, &["man"])
};

/// The shells clap_complete writes scripts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

#[derive(Debug, Clone, clap::Args)]
#[command(
    after_long_help = "Install (bash): kg completions bash > ~/.local/share/bash-completion/completions/kg\n\
     Install (zsh):  kg completions zsh > ~/.zfunc/_kg   (with fpath+=~/.zfunc before compinit)\n\
     Install (fish): kg completions fish > ~/.config/fish/completions/kg.fish"
)]
pub struct Args {
    /// The shell to complete kg's commands and options in.
    #[arg(value_name = "SHELL", value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ManArgs {
    /// Write kg.1 and one page per command (kg-path.1, kg-add-relation.1, ...)
    /// into this folder instead of printing kg(1) [the folder must exist].
    #[arg(short, long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub output: Option<PathBuf>,
}

/// The grammar as the command line shows it, with its colour left to clap.
fn cli_grammar() -> clap::Command {
    super::grammar().clone()
}

/// `completions SHELL`: the script, on standard output.
pub fn completions(args: &Args) -> Result<Outcome> {
    use clap_complete::{generate, Shell as S};
    let shell = match args.shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Elvish => S::Elvish,
        Shell::Powershell => S::PowerShell,
    };
    let mut bytes = Vec::new();
    generate(shell, &mut cli_grammar(), "kg", &mut bytes);
    Ok(Outcome::Output {
        format: Format::Text,
        bytes,
    })
}

/// One page per command the command line runs: kg itself, then each command
/// (groups and their commands both), named `kg-add-relation` as man finds them.
fn pages() -> Vec<(String, clap::Command)> {
    fn walk(cmd: &clap::Command, name: &str, out: &mut Vec<(String, clap::Command)>) {
        out.push((name.to_string(), cmd.clone()));
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, &format!("{name}-{}", sub.get_name()), out);
        }
    }
    let mut out = Vec::new();
    walk(&cli_grammar(), "kg", &mut out);
    out
}

/// The roff of one page.
fn page(name: &str, cmd: clap::Command) -> Vec<u8> {
    // NAME reads "kg - build typed knowledge graphs ...", not "kg - kg — build ...".
    let about = cmd.get_about().map(|a| {
        let a = a.to_string();
        a.strip_prefix("kg — ").map(str::to_string).unwrap_or(a)
    });
    let mut cmd = cmd
        .display_name(name.to_string())
        .bin_name(name.replace('-', " "));
    if let Some(a) = about {
        cmd = cmd.about(a);
    }
    let man = clap_mangen::Man::new(cmd)
        .manual("kg manual")
        .source(format!("kg {}", env!("CARGO_PKG_VERSION")));
    let mut bytes = Vec::new();
    man.render(&mut bytes)
        .expect("writing to memory does not fail");
    bytes
}

/// `man`: kg(1) on standard output, or with `-o DIR` every page written there,
/// all or none (atomically).
pub fn man(args: &ManArgs) -> Result<Outcome> {
    let Some(dir) = &args.output else {
        let (name, cmd) = pages().remove(0);
        return Ok(Outcome::Output {
            format: Format::Text,
            bytes: page(&name, cmd),
        });
    };
    if !dir.is_dir() {
        return Err(Error::io(
            dir,
            std::io::Error::other("is not a folder (make it first: mkdir -p DIR)"),
        ));
    }
    let written: Vec<(PathBuf, Vec<u8>)> = pages()
        .into_iter()
        .map(|(name, cmd)| (dir.join(format!("{name}.1")), page(&name, cmd)))
        .collect();
    let files: Vec<(&std::path::Path, crate::export::Fill<'_>)> = written
        .iter()
        .map(|(p, bytes)| {
            let fill: crate::export::Fill<'_> = Box::new(move |w| w.write_all(bytes));
            (p.as_path(), fill)
        })
        .collect();
    crate::export::write_atomic_all(files)?;
    Ok(Outcome::Done(Done {
        quiet_on_cli: false,
        ..Done::new(format!(
            "wrote {} man pages to {} (read one with: man -l {})",
            written.len(),
            dir.display(),
            dir.join("kg.1").display()
        ))
    }))
}
