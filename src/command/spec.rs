//! What the grammar says about each command besides its arguments: where it is
//! listed, its examples, and which front ends run it.
//!
//! Arguments, their help and their types are clap's (the derive in each verb's
//! file); this is the rest. Every help text, the REPL's overview, Tab completion
//! and the JSON op list are derived from the two together, so nothing about a
//! command is written down twice.

/// The three front ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Front {
    /// `kg COMMAND ...`: one command, then exit.
    Cli,
    /// The interactive shell, or `kg < script`.
    Repl,
    /// `kg query`: JSON Lines requests.
    Json,
}

impl Front {
    pub const ALL: [Front; 3] = [Front::Cli, Front::Repl, Front::Json];

    pub fn name(self) -> &'static str {
        match self {
            Front::Cli => "the command line",
            Front::Repl => "the REPL",
            Front::Json => "kg query",
        }
    }
}

/// Where the REPL's overview lists a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Ask,
    Build,
    Write,
    Session,
}

impl Section {
    pub const ALL: [Section; 4] = [
        Section::Ask,
        Section::Build,
        Section::Write,
        Section::Session,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Ask => "Ask",
            Section::Build => "Build",
            Section::Write => "Write",
            Section::Session => "Session",
        }
    }
}

/// A command's place in the grammar.
#[derive(Debug)]
pub struct Spec {
    /// The words that name it: `["path"]`, `["add", "relation"]`. Its JSON op is
    /// these joined by `_`.
    pub words: &'static [&'static str],
    pub section: Section,
    /// Lines that run on the built-in graph, shown by `help` and run by the tests.
    pub examples: &'static [&'static str],
    /// Why a front end does not run it (`None`: it does).
    pub not_on_cli: Option<&'static str>,
    pub not_in_repl: Option<&'static str>,
    pub not_in_json: Option<&'static str>,
    /// Other JSON names for a positional argument, `(alias, field)`: requests
    /// written before the command line named it (`neighbours` takes `of`).
    pub json_aliases: &'static [(&'static str, &'static str)],
}

impl Spec {
    /// A command that every front end runs.
    pub const fn new(
        words: &'static [&'static str],
        section: Section,
        examples: &'static [&'static str],
    ) -> Spec {
        Spec {
            words,
            section,
            examples,
            not_on_cli: None,
            not_in_repl: None,
            not_in_json: None,
            json_aliases: &[],
        }
    }

    /// Its JSON op name.
    pub fn op(&self) -> String {
        self.words.join("_")
    }

    /// Its name as typed: `add relation`.
    pub fn name(&self) -> String {
        self.words.join(" ")
    }

    /// Why `front` does not run it, if it does not.
    pub fn refusal(&self, front: Front) -> Option<&'static str> {
        match front {
            Front::Cli => self.not_on_cli,
            Front::Repl => self.not_in_repl,
            Front::Json => self.not_in_json,
        }
    }

    pub fn runs_in(&self, front: Front) -> bool {
        self.refusal(front).is_none()
    }
}
