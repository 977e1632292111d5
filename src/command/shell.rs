//! Commands about the session itself: `query FILE`, `source FILE`, `dot FILE`,
//! `format`, `help`, `repl` and `quit`.

use std::path::PathBuf;

use super::context::{Context, Done, Outcome};
use super::spec::{Section, Spec};
use crate::error::{Error, Result};
use crate::export::write_atomic;
use crate::format::{Format, Use};
use crate::render;

pub const QUERY: Spec = Spec {
    not_in_json: Some("kg query does not nest; send the requests themselves"),
    ..Spec::new(&["query"], Section::Ask, &["query requests.jsonl"])
};

pub const DOT: Spec = Spec {
    not_on_cli: Some("the command line keeps no last answer; add --format dot to the query"),
    not_in_json: Some(
        "give the query \"format\": \"dot\", or export with \"query\" and \"output\"",
    ),
    ..Spec::new(&["dot"], Section::Session, &["dot kyodo-kurils.dot"])
};

pub const FORMAT: Spec = Spec {
    not_on_cli: Some("give --format to each command"),
    not_in_json: Some("kg query answers in JSON; give a request its own \"format\""),
    ..Spec::new(
        &["format"],
        Section::Session,
        &["format", "format json", "format text"],
    )
};

pub const SOURCE: Spec = Spec {
    not_on_cli: Some("give the file as standard input: kg < FILE"),
    not_in_json: Some("kg query runs JSON requests; a file of REPL lines runs with kg < FILE"),
    ..Spec::new(&["source"], Section::Session, &["source tour.kg"])
};

pub const HELP: Spec = Spec::new(
    &["help"],
    Section::Session,
    &["help", "help path", "help add relation"],
);

pub const REPL: Spec = Spec {
    not_in_repl: Some("this is the REPL already"),
    not_in_json: Some("kg query reads requests, not a terminal"),
    ..Spec::new(&["repl"], Section::Session, &[])
};

pub const QUIT: Spec = Spec {
    not_on_cli: Some("there is nothing to leave"),
    ..Spec::new(&["quit"], Section::Session, &["quit"])
};

#[derive(Debug, Clone, clap::Args)]
pub struct QueryArgs {
    /// A file of requests, one JSON object per line; `-` or nothing reads stdin.
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: Option<PathBuf>,
    /// Answer the questions (path, neighbours, match, show ...) on N threads,
    /// the answers written in the order of the requests. A request that
    /// changes the session (an edit, load, set, undo, save ...) waits for
    /// everything before it and runs alone [default: 1].
    #[arg(long, value_name = "N", default_value_t = 1, hide_default_value = true, value_parser = super::values::parse_count)]
    pub jobs: usize,
}

impl QueryArgs {
    /// The file to read, `None` for stdin.
    pub fn input(&self) -> Option<PathBuf> {
        self.file.clone().filter(|p| p.as_os_str() != "-")
    }
}

#[derive(Debug, Clone, clap::Args)]
pub struct DotArgs {
    /// The file to write (replaced atomically); `-` prints it.
    #[arg(value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
    pub path: PathBuf,
}

#[derive(Debug, Clone, clap::Args)]
pub struct FormatArgs {
    /// text, json, dot, graphml or ntriples; without it, the format in use is shown.
    /// Pictures (svg, png, pdf) go to files: output FILE.png.
    #[arg(value_name = "FORMAT", value_enum)]
    pub format: Option<Format>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct SourceArgs {
    /// A file of REPL lines (one command per line; # starts a comment).
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub path: PathBuf,
}

#[derive(Debug, Clone, clap::Args)]
pub struct HelpArgs {
    /// A command, or a command and its subcommand: `help add relation`.
    #[arg(value_name = "COMMAND", num_args = 0..)]
    pub command: Vec<String>,
}

/// Writes the last answer's subgraph as DOT.
pub fn dot(args: &DotArgs, ctx: &mut Context) -> Result<Outcome> {
    let answer = ctx.last.as_ref().ok_or_else(|| {
        Error::bad_request("no answer yet: ask something first (path, neighbours, show)")
    })?;
    if matches!(answer, crate::query::Answer::Stats(_)) {
        return Err(Error::bad_request(
            "stats has no graph to draw; ask for a path, neighbours or an entity",
        ));
    }
    if args.path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        render::write_answer(&mut bytes, answer, Format::Dot)
            .map_err(|e| Error::io("<memory>", e))?;
        return Ok(Outcome::Output {
            format: Format::Dot,
            bytes,
        });
    }
    write_atomic(&args.path, |w| render::write_answer(w, answer, Format::Dot))?;
    Ok(Outcome::Done(Done::wrote(&args.path, Format::Dot)))
}

/// Sets how the session prints answers, or says how it does.
pub fn format(args: &FormatArgs, ctx: &mut Context) -> Result<Outcome> {
    let Some(format) = args.format else {
        return Ok(Outcome::Done(
            Done::new(format!("answers are printed as {}", ctx.format.name()))
                .with("format", ctx.format.name()),
        ));
    };
    if !format.accepted_by(Use::Session) {
        let to_file = if format.accepted_by(Use::Answers) {
            let ext = format.info().extensions.first().copied().unwrap_or("out");
            format!("; to write answers as {format}, send them to a file: output answers.{ext}")
        } else {
            "; export and render write the other formats to files".into()
        };
        return Err(Error::usage(format!(
            "answers at the prompt are printed as {}, not {format}{to_file}",
            Format::names_for(Use::Session),
        )));
    }
    ctx.format = format;
    Ok(Outcome::Done(
        Done::new(format!("answers are now printed as {}", format.name()))
            .with("format", format.name()),
    ))
}
