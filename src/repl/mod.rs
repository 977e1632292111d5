//! The interactive shell: a readline loop over a [`Session`].
//!
//! Lines are parsed by `command` (the command line's own clap types plus a few
//! session commands) and run against the session's graph by the same engine as
//! everywhere else. On a terminal, rustyline gives history, completion and hints,
//! and Ctrl-C stops a running query; otherwise lines are read from stdin without
//! prompts, so `kg < script.kg` works.

pub mod command;
mod helper;
pub mod words;

use std::cell::RefCell;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::rc::Rc;

use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{Config, Editor};

use crate::cli::{self, Cli, Command};
use crate::error::{Error, Result};
use crate::export;
use crate::load::LoadOptions;
use crate::query::{self, cancel, Answer};
use crate::render::printable::printable;
use crate::render::{self, Format};
use crate::session::{SaveBlock, Session};
use command::{Line, Meta, ParseError};
use helper::{KgHelper, Vocabulary};

/// What the loop does after a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

/// The state of one REPL: the session, the output format, the last answer.
pub struct Repl {
    pub session: Session,
    pub format: Format,
    last: Option<Answer>,
    /// Set when a command changed the graph, so completion can refresh.
    changed: bool,
    /// Colour text answers (a terminal, and NO_COLOR unset).
    pub color: bool,
    /// `ask` reaches a person (a terminal), not a script's standing "no".
    pub asks: bool,
}

impl Repl {
    pub fn new(session: Session, format: Format) -> Self {
        Repl {
            session,
            format,
            last: None,
            changed: false,
            color: false,
            asks: false,
        }
    }

    /// Runs one line. `ask` puts a yes/no question to the user (scripts answer no;
    /// the line then says what it did not do).
    /// Returns what to do next, and whether the line succeeded.
    pub fn execute(
        &mut self,
        line: &str,
        out: &mut dyn Write,
        err: &mut dyn Write,
        ask: &mut dyn FnMut(&str) -> bool,
    ) -> (Flow, bool) {
        cancel::reset();
        let result = match command::parse(line) {
            Ok(parsed) => self.run_line(parsed, out, err, ask),
            Err(ParseError { message, hint }) => {
                let _ = writeln!(err, "kg: error: {message}");
                if let Some(h) = hint {
                    let _ = writeln!(err, "kg: hint: {h}");
                }
                return (Flow::Continue, false);
            }
        };
        let _ = out.flush();
        match result {
            Ok(flow) => (flow, true),
            Err(e) => {
                cli::report_error(err, &e);
                (Flow::Continue, false)
            }
        }
    }

    fn run_line(
        &mut self,
        line: Line,
        out: &mut dyn Write,
        err: &mut dyn Write,
        ask: &mut dyn FnMut(&str) -> bool,
    ) -> Result<Flow> {
        let io = |e| Error::io("<stdout>", e);
        match line {
            Line::Empty => {}
            Line::Meta(m) => return self.meta(m, out, err, ask),
            Line::Shared(cli) => {
                let command = cli.command.as_ref().expect("parsed lines name a command");
                if let Some(edit) = command.edit() {
                    let what = self.session.apply(&edit)?;
                    self.changed = true;
                    writeln!(out, "{}", printable(&what)).map_err(io)?;
                    return Ok(Flow::Continue);
                }
                match command {
                    Command::Check(a) if a.paths.is_empty() => {
                        let g = self.session.graph();
                        writeln!(
                            out,
                            "ok: the session's graph: {} entities, {} relations",
                            g.entity_count(),
                            g.relation_count()
                        )
                        .map_err(io)?;
                    }
                    Command::Check(a) => {
                        cli::check::run(&cli, a, out, err)?;
                    }
                    Command::Query(a) => {
                        let path = a
                            .input
                            .as_ref()
                            .filter(|p| p.as_os_str() != "-")
                            .ok_or_else(|| {
                                Error::bad_request("in the REPL, query reads a file: query FILE")
                            })?;
                        let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
                        crate::script::run(self.session.graph(), std::io::BufReader::new(f), out)?;
                    }
                    Command::Repl => writeln!(out, "this is the REPL already").map_err(io)?,
                    other => {
                        let g = self.session.graph();
                        let q = other.query(g).expect("the other commands are queries")?;
                        let answer = query::run_with_timeout(g, &q, cli.timeout)?;
                        let format = cli.format.map_or(self.format, Into::into);
                        render::write(out, &answer, format, self.color)?;
                        self.last = Some(answer);
                    }
                }
            }
        }
        Ok(Flow::Continue)
    }

    fn meta(
        &mut self,
        m: Meta,
        out: &mut dyn Write,
        err: &mut dyn Write,
        ask: &mut dyn FnMut(&str) -> bool,
    ) -> Result<Flow> {
        let io = |e| Error::io("<stdout>", e);
        match m {
            Meta::Help { command: None } => writeln!(out, "{}", command::OVERVIEW).map_err(io)?,
            Meta::Help { command: Some(c) } => {
                let text = command::command_help(&c).ok_or_else(|| Error::BadRequest {
                    message: format!("no command '{c}'"),
                    suggestions: crate::suggest::closest(
                        &c,
                        command::all_commands().iter().map(String::as_str),
                    ),
                })?;
                write!(out, "{text}").map_err(io)?;
                let canonical = if c == "neighbors" {
                    "neighbours"
                } else {
                    c.as_str()
                };
                if let Some((_, ex)) = command::EXAMPLES.iter().find(|(n, _)| *n == canonical) {
                    writeln!(out, "\nExamples (on the built-in graph):").map_err(io)?;
                    for l in ex.lines() {
                        writeln!(out, "  {l}").map_err(io)?;
                    }
                }
            }
            Meta::Quit => {
                let n = self.session.unsaved();
                let _ = out.flush();
                if n > 0
                    && !ask(&format!(
                        "{n} unsaved change(s) will be lost. Quit anyway? [y/N] "
                    ))
                {
                    writeln!(out, "not quitting; save with: save [PATH]").map_err(io)?;
                    return Ok(Flow::Continue);
                }
                return Ok(Flow::Quit);
            }
            Meta::Undo => {
                let what = self.session.undo()?;
                self.changed = true;
                writeln!(out, "{}", printable(&what)).map_err(io)?;
            }
            Meta::Save { path, force } => {
                let mut result = self.session.save(path.as_deref(), force)?;
                if let Err(block) = &result {
                    let question = match block {
                        SaveBlock::ChangedOnDisk(p) => {
                            format!(
                                "{} changed on disk since it was loaded. Overwrite it? [y/N] ",
                                p.display()
                            )
                        }
                        SaveBlock::WouldOverwrite(p) => {
                            format!("{} exists. Overwrite it? [y/N] ", p.display())
                        }
                    };
                    let _ = out.flush();
                    if ask(&question) {
                        result = self.session.save(path.as_deref(), true)?;
                    }
                }
                match result {
                    Ok(what) => writeln!(out, "{}", printable(&what)).map_err(io)?,
                    Err(block) => return Err(block.refusal(self.asks)),
                }
            }
            Meta::Load { paths } => {
                let (what, notes) = self.session.load(&paths)?;
                for n in notes {
                    let _ = writeln!(err, "kg: note: {n}");
                }
                self.changed = true;
                writeln!(out, "{}", printable(&what)).map_err(io)?;
            }
            Meta::Format { format } => {
                self.format = format.into();
                writeln!(out, "answers are now printed as {}", self.format.name()).map_err(io)?;
            }
            Meta::Dot { path } => {
                let answer = self.last.as_ref().ok_or_else(|| {
                    Error::bad_request(
                        "no answer yet: ask something first (path, neighbours, show)",
                    )
                })?;
                export::write_atomic(&path, |w| render::write_answer(w, answer, Format::Dot))?;
                writeln!(out, "wrote {}", path.display()).map_err(io)?;
            }
        }
        Ok(Flow::Continue)
    }
}

/// Where the REPL keeps its history: never in the working directory.
fn history_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("KG_HISTORY") {
        return Some(PathBuf::from(p));
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(data.join("kg").join("history"))
}

/// Runs the REPL on the graph the command line named (the built-in graph by default).
pub fn run(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    let (session, notes) = Session::open(&cli.graphs, LoadOptions { epoch: cli.epoch })?;
    for n in notes {
        let _ = writeln!(err, "kg: note: {n}");
    }
    let mut repl = Repl::new(session, cli.format.map_or(Format::Text, Into::into));
    if std::io::stdin().is_terminal() {
        repl.color = render::paint::wanted(std::io::stdout().is_terminal());
        repl.asks = true;
        interactive(&mut repl, out, err)
    } else {
        script(&mut repl, std::io::stdin().lock(), out, err)
    }
}

/// Lines from a non-terminal: no prompts, questions answered "no", exit 1 if any line failed.
pub fn script(
    repl: &mut Repl,
    mut input: impl BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let mut failed = false;
    let mut pending = String::new();
    let mut buf = Vec::new();
    for n in 1.. {
        match crate::lines::next(&mut input, &mut buf, crate::lines::MAX_LINE)
            .map_err(|e| Error::io("<stdin>", e))?
        {
            crate::lines::Line::Read => {}
            crate::lines::Line::End => break,
            crate::lines::Line::TooLong => {
                let _ = writeln!(
                    err,
                    "kg: error: line {n}: longer than {} MiB; the rest of the input was not read",
                    crate::lines::MAX_LINE >> 20
                );
                return Ok(1);
            }
        }
        let bytes = buf.strip_suffix(b"\r").unwrap_or(&buf);
        // A line that is not UTF-8 fails on its own, like a command that fails.
        let Ok(line) = std::str::from_utf8(bytes) else {
            let _ = writeln!(err, "kg: error: line {n}: not valid UTF-8; skipped");
            failed = true;
            continue;
        };
        // A line with an unclosed quote continues on the next, as at the prompt.
        if !pending.is_empty() {
            pending.push('\n');
        }
        pending.push_str(line);
        if matches!(words::split(&pending), Err(words::SplitError::Unclosed(_))) {
            continue;
        }
        let text = std::mem::take(&mut pending);
        let (flow, ok) = repl.execute(&text, out, err, &mut |_| false);
        failed |= !ok;
        if flow == Flow::Quit {
            return Ok(u8::from(failed));
        }
    }
    if !pending.is_empty() {
        let _ = writeln!(err, "kg: error: the input ended inside a quote");
        failed = true;
    }
    let n = repl.session.unsaved();
    if n > 0 {
        let _ = writeln!(
            err,
            "kg: warning: {n} unsaved change(s) discarded (save them with: save PATH)"
        );
    }
    Ok(u8::from(failed))
}

fn interactive(repl: &mut Repl, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    let config = Config::builder()
        .auto_add_history(false)
        .completion_type(rustyline::CompletionType::List)
        .build();
    let mut rl: Editor<KgHelper, DefaultHistory> = Editor::with_config(config)
        .map_err(|e| Error::io("<terminal>", std::io::Error::other(e)))?;
    let vocabulary = Rc::new(RefCell::new(Vocabulary::of(repl.session.graph())));
    rl.set_helper(Some(KgHelper::new(Rc::clone(&vocabulary))));
    let history = history_path();
    if let Some(h) = &history {
        let _ = rl.load_history(h);
    }
    // Ctrl-C while a query runs stops the query, not kg (at the prompt rustyline
    // reads it as a key and clears the line).
    let _ = ctrlc::set_handler(cancel::interrupt);
    let g = repl.session.graph();
    let _ = writeln!(
        out,
        "kg {} — {} entities, {} relations. 'help' lists commands; Tab completes; Ctrl-D leaves.",
        env!("CARGO_PKG_VERSION"),
        g.entity_count(),
        g.relation_count()
    );
    let _ = out.flush();
    loop {
        let (line, typed) = match rl.readline("kg> ") {
            Ok(line) => (line, true),
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => ("quit".to_string(), false),
            Err(e) => return Err(Error::io("<terminal>", std::io::Error::other(e))),
        };
        if typed && !line.trim().is_empty() {
            let _ = rl.add_history_entry(line.as_str());
            if let Some(h) = &history {
                if let Some(dir) = h.parent() {
                    let _ = std::fs::create_dir_all(dir);
                }
                let _ = rl.save_history(h);
            }
        }
        let mut ask = |q: &str| {
            matches!(
                rl_ask(q).as_deref(),
                Some("y" | "yes" | "Y" | "YES" | "Yes")
            )
        };
        let (flow, _) = repl.execute(&line, out, err, &mut ask);
        if repl.changed {
            *vocabulary.borrow_mut() = Vocabulary::of(repl.session.graph());
            repl.changed = false;
        }
        if flow == Flow::Quit {
            return Ok(0);
        }
    }
}

/// Asks a yes/no question on the terminal.
fn rl_ask(question: &str) -> Option<String> {
    let mut rl = rustyline::DefaultEditor::new().ok()?;
    rl.readline(question).ok().map(|s| s.trim().to_string())
}
