//! The environment a front end hands the executor, and what a command gives back.
//!
//! Every front end runs commands on a [`Session`]; they differ in how it is
//! opened (the CLI only when a command needs a graph), whether a person can be
//! asked, and what happens after an edit (the CLI saves it at once). Those
//! differences live here, as data, so the executor has one code path.

use std::io::Write;
use std::path::PathBuf;

use serde_json::{Map, Value};

use super::spec::Front;
use crate::error::{Error, Result};
use crate::format::Format;
use crate::load::{InputFormat, LoadOptions};
use crate::query::Answer;
use crate::session::Session;

/// How a front end answers a yes/no question (a script answers no).
pub type Ask = Box<dyn FnMut(&str) -> bool>;

/// The state commands run against.
pub struct Context {
    pub front: Front,
    session: Option<Session>,
    /// What to open when a command first needs the graph (the CLI's `--graph`).
    paths: Vec<PathBuf>,
    pub opts: LoadOptions,
    /// How answers are printed when a command names no format (the REPL's `format`).
    pub format: Format,
    /// The last answer, for `dot FILE`.
    pub last: Option<Answer>,
    /// Colour text answers (a terminal, and NO_COLOR unset).
    pub color: bool,
    /// Standard output is a terminal (binary output is then refused).
    pub stdout_is_terminal: bool,
    /// Text outcomes longer than the screen go through the pager (`command::pager`):
    /// set by the command line and the interactive REPL when standard output is a
    /// terminal and `--no-pager` was not given; never for `kg query`.
    pub page: bool,
    /// A person answers `ask` (not a script's standing "no").
    pub asks: bool,
    ask: Ask,
    /// Loader notes the front end should show.
    pub notes: Vec<String>,
    /// Set when a command changed the graph, so completion can refresh.
    pub changed: bool,
    /// The last `extract`'s proposals, for `accept`, `reject`, `edit`, `same`.
    pub review: Option<super::review::Review>,
    /// How lines run: timeout, timing, stop-on-error (`set`, global options).
    pub settings: super::settings::Settings,
    /// Where answers go instead of standard output (`output FILE`).
    pub output: Option<super::output::Redirect>,
}

impl Context {
    /// A context whose graph is opened from `paths` (the built-in graph when
    /// empty) the first time a command needs it.
    pub fn lazy(front: Front, paths: Vec<PathBuf>, opts: LoadOptions) -> Self {
        Context {
            front,
            session: None,
            paths,
            opts,
            format: Format::Text,
            last: None,
            color: false,
            stdout_is_terminal: false,
            page: false,
            asks: false,
            ask: Box::new(|_| false),
            notes: Vec::new(),
            changed: false,
            review: None,
            settings: super::settings::Settings::default(),
            output: None,
        }
    }

    /// A context on an open session.
    pub fn on(front: Front, session: Session) -> Self {
        let mut c = Context::lazy(front, Vec::new(), LoadOptions::default());
        c.session = Some(session);
        c
    }

    /// Opens the session now, so a bad graph file is reported before any command.
    pub fn open(&mut self) -> Result<()> {
        self.session().map(|_| ())
    }

    /// Lets a person answer questions.
    pub fn with_asker(mut self, ask: Ask) -> Self {
        self.ask = ask;
        self.asks = true;
        self
    }

    /// Puts a yes/no question; a script is never asked and answers no.
    pub fn ask(&mut self, question: &str) -> bool {
        // The question quotes file names: their control characters are shown, not obeyed.
        self.asks && (self.ask)(&crate::render::printable::printable(question))
    }

    /// The session, opened on first use.
    pub fn session(&mut self) -> Result<&mut Session> {
        if self.session.is_none() {
            let (s, notes) = match self.paths.as_slice() {
                // A session may start the file it names; a command-line edit
                // needs a file to change.
                [one] if self.front != Front::Cli && is_new_json(one) => {
                    Session::starting(one, self.opts)
                }
                _ => Session::open(&self.paths, self.opts)?,
            };
            self.notes.extend(notes);
            self.session = Some(s);
        }
        Ok(self.session.as_mut().expect("opened above"))
    }

    /// The session, if one is open.
    pub fn open_session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// Takes the session out (to hand it to a nested front end) and back.
    pub fn take_session(&mut self) -> Result<Session> {
        self.session()?;
        Ok(self.session.take().expect("opened above"))
    }

    pub fn put_session(&mut self, s: Session) {
        self.session = Some(s);
    }

    /// The graph paths the CLI was given (empty elsewhere: the session knows them).
    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    /// The one kg JSON file a command-line edit changes.
    /// The kg JSON file a command-line edit changes: `Some` for one file,
    /// `None` for a graph of several kg JSON files (each record saved back to
    /// its own).
    pub fn edit_target(&self) -> Result<Option<PathBuf>> {
        let all_json = |p: &[PathBuf]| {
            p.iter()
                .all(|x| InputFormat::of(x) == Some(InputFormat::Json))
        };
        match self.paths.as_slice() {
            [one] if InputFormat::of(one) == Some(InputFormat::Json) => Ok(Some(one.clone())),
            [_, _, ..] if all_json(&self.paths) => Ok(None),
            _ => Err(Error::bad_request(
                "an edit on the command line changes one kg JSON file: name it with --graph \
                 FILE.json (or use the REPL: kg repl)",
            )),
        }
    }
}

/// What a command gives back, for the front end to show.
#[derive(Debug)]
pub enum Outcome {
    /// A query's answer.
    Answer(Answer),
    /// Something was done: an edit, a save, a file written.
    Done(Done),
    /// `check`'s report.
    Check(CheckReport),
    /// Bytes in a format, for standard output (or a JSON string).
    Output { format: Format, bytes: Vec<u8> },
    /// A help text.
    Help(String),
    /// Leave the REPL (or stop reading requests).
    Quit,
    /// Run JSON Lines requests from this file (stdin when `None`) on the session.
    Batch(Option<PathBuf>, usize),
    /// Run the REPL lines of this file on the session (`source FILE`).
    Source(PathBuf),
    /// Open the interactive shell on the session.
    Repl,
}

/// What was done, in words and as JSON fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    pub message: String,
    /// Fields of the JSON answer besides `message`.
    pub fields: Map<String, Value>,
    /// Said at a prompt, but not by a command-line run that wrote a file (which,
    /// like `cp`, is silent when it succeeds).
    pub quiet_on_cli: bool,
    /// An answer put in words (`sources`): `--format json` prints it as
    /// `kg query` would, not its words.
    pub answer: bool,
    /// Its JSON is the fields alone, without `message` (`extract`, whose
    /// object is a published contract).
    pub bare: bool,
}

impl Done {
    pub fn new(message: impl Into<String>) -> Self {
        Done {
            message: message.into(),
            fields: Map::new(),
            quiet_on_cli: false,
            answer: false,
            bare: false,
        }
    }

    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.fields.insert(key.to_string(), value.into());
        self
    }

    pub fn as_answer(mut self) -> Self {
        self.answer = true;
        self
    }

    pub fn bare(mut self) -> Self {
        self.bare = true;
        self
    }

    pub fn quiet_on_cli(mut self) -> Self {
        self.quiet_on_cli = true;
        self
    }
}

/// `check`'s findings.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CheckReport {
    pub ok: bool,
    /// What was checked, in words.
    #[serde(skip)]
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entities: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relations: Option<usize>,
    pub problems: Vec<ProblemOut>,
    /// What loads but an analyst should look at (relations without evidence,
    /// aliases that repeat); problems under `--strict`.
    pub warnings: Vec<ProblemOut>,
    /// The problems as found, for text output with hints.
    #[serde(skip)]
    pub found: Vec<crate::error::Problem>,
    #[serde(skip)]
    pub found_warnings: Vec<crate::error::Problem>,
}

/// One problem in JSON: where (1-based), what, and how to fix it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ProblemOut {
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
    pub hint: Option<String>,
}

impl Outcome {
    /// The exit status it stands for: 1 when a check found problems.
    pub fn status(&self) -> u8 {
        match self {
            Outcome::Check(c) => u8::from(!c.ok),
            Outcome::Answer(_)
            | Outcome::Done(_)
            | Outcome::Output { .. }
            | Outcome::Help(_)
            | Outcome::Quit
            | Outcome::Batch(..)
            | Outcome::Source(_)
            | Outcome::Repl => 0,
        }
    }

    /// The `result` of a JSON answer.
    ///
    /// # Errors
    /// Output a JSON string cannot hold (binary formats), and outcomes that only
    /// a terminal front end can act on.
    pub fn to_json(&self) -> Result<Value> {
        Ok(match self {
            Outcome::Answer(a) => serde_json::to_value(a).expect("answers serialise"),
            Outcome::Done(d) => {
                let mut m = Map::new();
                if !d.bare {
                    m.insert("message".into(), Value::String(d.message.clone()));
                }
                m.extend(d.fields.clone());
                Value::Object(m)
            }
            Outcome::Check(c) => serde_json::to_value(c).expect("reports serialise"),
            Outcome::Output { format, bytes } => {
                if format.info().binary {
                    return Err(Error::bad_request(format!(
                        "{format} is binary and cannot be a JSON string: give a file with \"output\""
                    )));
                }
                let text = String::from_utf8_lossy(bytes).into_owned();
                serde_json::json!({"format": format.name(), "content": text})
            }
            Outcome::Help(text) => serde_json::json!({ "help": text }),
            Outcome::Quit => serde_json::json!({"message": "no more requests are read"}),
            Outcome::Batch(..) | Outcome::Source(_) | Outcome::Repl => {
                return Err(Error::bad_request("kg query cannot run this"))
            }
        })
    }
}

/// Writes `text` and a newline to `out`, as an error on stdout if it fails.
pub fn say(out: &mut dyn Write, text: &str) -> Result<()> {
    writeln!(out, "{text}").map_err(|e| Error::io("<stdout>", e))
}

/// Whether `path` names a kg JSON file that does not exist (not even as a
/// dangling link).
fn is_new_json(path: &std::path::Path) -> bool {
    crate::load::InputFormat::of(path) == Some(crate::load::InputFormat::Json)
        && matches!(path.symlink_metadata(), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
}
