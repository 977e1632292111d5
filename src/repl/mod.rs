//! The interactive shell: a readline loop over a session.
//!
//! A line's words ([`words::line`]: shell-style, or a pattern query as typed)
//! are parsed by the grammar every front end shares
//! ([`command::parse_words`]) and run by the one executor; only the loop, the
//! prompt, questions to the user and leaving are this module's. On a terminal,
//! rustyline gives history, completion and hints, and Ctrl-C stops a running
//! query; otherwise lines are read from stdin without prompts, so `kg <
//! script.kg` works.

mod helper;
pub mod words;

use std::cell::RefCell;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::rc::Rc;

use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{Config, Editor};

use crate::command::{self, print, settings, Context, Front, Options, Outcome};
use crate::error::{Error, Result};
use crate::format::Format;
use crate::query::cancel;
use crate::render;
use crate::session::Session;
use helper::{KgHelper, Vocabulary};

/// What the loop does after a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

/// The state of one REPL: its context (session, output format, last answer).
pub struct Repl {
    pub ctx: Context,
    /// Where the line being run comes from, for its messages: `line 3` of
    /// standard input, `tour.kg:3` of a sourced file; `None` at the prompt.
    at: Option<String>,
    /// How many `source` files are open around the line being run.
    depth: usize,
}

/// How deep `source` files may open one another (a file that sources itself
/// would otherwise never end).
const MAX_SOURCE_DEPTH: usize = 8;

/// How lines of a script went.
#[derive(Debug, Clone, Copy, Default)]
struct Ran {
    failed: usize,
    quit: bool,
    /// Stopped at a failure (`stop-on-error`), the rest not run.
    stopped: bool,
}

impl Repl {
    /// A REPL on `session` that prints answers as `format` and asks nobody.
    pub fn new(session: Session, format: Format) -> Self {
        let mut ctx = Context::on(Front::Repl, session);
        ctx.format = format;
        Repl::with(ctx)
    }

    /// A REPL on the context the command line opened.
    pub fn with(mut ctx: Context) -> Self {
        ctx.front = Front::Repl;
        Repl {
            ctx,
            at: None,
            depth: 0,
        }
    }

    pub fn session(&mut self) -> &Session {
        self.ctx.session().expect("a REPL opens its session first")
    }

    /// `kg: error: line 3: ` — the start of an error message for the line being run.
    fn error_prefix(&self) -> String {
        match &self.at {
            Some(at) => format!("kg: error: {at}: "),
            None => "kg: error: ".to_string(),
        }
    }

    /// Runs one line; returns what to do next, and whether the line succeeded.
    /// With `timing on`, says afterwards how long it took.
    pub fn execute(
        &mut self,
        line: &str,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> (Flow, bool) {
        let started = std::time::Instant::now();
        let ran = self.run_line(line, out, err);
        let counts =
            !matches!(words::line(line).as_deref(), Ok([])) && !line.trim_start().starts_with('#');
        if self.ctx.settings.timing && counts && ran.0 == Flow::Continue {
            let _ = out.flush();
            let _ = writeln!(err, "{}", settings::elapsed(started.elapsed()));
        }
        ran
    }

    fn run_line(&mut self, line: &str, out: &mut dyn Write, err: &mut dyn Write) -> (Flow, bool) {
        cancel::reset();
        let words = match words::line(line) {
            Ok(w) => w,
            Err(words::SplitError::Unclosed(q)) => {
                let _ = writeln!(err, "{}unclosed {q} quote", self.error_prefix());
                let _ = writeln!(err, "kg: hint: close it with {q}");
                return (Flow::Continue, false);
            }
            Err(words::SplitError::Continued) => {
                let _ = writeln!(
                    err,
                    "{}the line ends with \\ and nothing follows",
                    self.error_prefix()
                );
                let _ = writeln!(
                    err,
                    "kg: hint: a trailing \\ continues a line on the next one"
                );
                return (Flow::Continue, false);
            }
        };
        let words: Vec<String> = words.into_iter().map(|w| w.text).collect();
        match words.first() {
            None => return (Flow::Continue, true),
            Some(w) if w.starts_with('#') => return (Flow::Continue, true),
            _ => {}
        }
        let words = if words[0] == "?" {
            std::iter::once("help".to_string())
                .chain(words[1..].iter().cloned())
                .collect()
        } else {
            words
        };
        let inv = match command::parse_words(&words) {
            Ok(inv) => inv,
            Err(e) => {
                let prefix = self.error_prefix();
                for l in e.lines() {
                    let l = l
                        .strip_prefix("kg: error: ")
                        .map_or_else(|| l.clone(), |rest| format!("{prefix}{rest}"));
                    let _ = writeln!(err, "{l}");
                }
                return (Flow::Continue, false);
            }
        };
        let opts = Options {
            timeout: inv.timeout.or(self.ctx.settings.timeout),
            format: inv.format,
            no_pager: inv.no_pager,
        };
        let outcome = command::execute(inv, &mut self.ctx);
        print::notes(&mut self.ctx, err);
        let result = match outcome {
            Ok(Outcome::Quit) => self.quit(out),
            Ok(Outcome::Batch(input, jobs)) => {
                self.batch(input, jobs, out).map(|()| Flow::Continue)
            }
            Ok(Outcome::Source(path)) => self.source(&path, out, err),
            Ok(other) => print::show(other, &opts, &mut self.ctx, out, err).map(|_| Flow::Continue),
            Err(e) => Err(e),
        };
        let flushed = out.flush();
        // The reader went away (`kg < script | head -1`): stop, quietly.
        if flushed
            .as_ref()
            .is_err_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || result.as_ref().is_err_and(is_broken_pipe)
        {
            return (Flow::Quit, true);
        }
        match result {
            Ok(flow) => (flow, true),
            Err(e) => {
                let mut text = Vec::new();
                print::report_error(&mut text, &e);
                let text = String::from_utf8_lossy(&text);
                let prefix = self.error_prefix();
                for l in text.lines() {
                    let l = l
                        .strip_prefix("kg: error: ")
                        .map_or_else(|| l.to_string(), |rest| format!("{prefix}{rest}"));
                    let _ = writeln!(err, "{l}");
                }
                (Flow::Continue, false)
            }
        }
    }

    /// Leaves, unless there are unsaved changes and the user says no.
    fn quit(&mut self, out: &mut dyn Write) -> Result<Flow> {
        // In a sourced file, `quit` ends the file; the session goes on.
        if self.depth > 0 {
            return Ok(Flow::Quit);
        }
        let n = self.session().unsaved();
        let _ = out.flush();
        if n > 0
            && !self.ctx.ask(&format!(
                "{n} unsaved change(s) will be lost. Quit anyway? [y/N] "
            ))
        {
            command::context::say(out, "not quitting; save with: save [PATH]")?;
            return Ok(Flow::Continue);
        }
        Ok(Flow::Quit)
    }

    /// `query FILE`: the file's requests run on this session, edits included.
    fn batch(&mut self, input: Option<PathBuf>, jobs: usize, out: &mut dyn Write) -> Result<()> {
        let path = input
            .ok_or_else(|| Error::bad_request("in the REPL, query reads a file: query FILE"))?;
        // A FIFO or a device would block the session or never end.
        crate::load::regular_file(&path).map_err(|e| Error::io(&path, e))?;
        let f = std::fs::File::open(&path).map_err(|e| Error::io(&path, e))?;
        let mut json = Context::on(Front::Json, self.ctx.take_session()?);
        json.settings = self.ctx.settings;
        let result = crate::script::run_jobs(&mut json, std::io::BufReader::new(f), out, jobs);
        self.ctx.changed |= json.changed;
        self.ctx.put_session(json.take_session()?);
        result.map(|_| ())
    }

    /// `source FILE`: its lines run here, their errors naming the file and line.
    /// A `quit` in the file ends the file, not the session.
    fn source(
        &mut self,
        path: &std::path::Path,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> Result<Flow> {
        if self.depth >= MAX_SOURCE_DEPTH {
            return Err(Error::bad_request(format!(
                "{}: sources are nested more than {MAX_SOURCE_DEPTH} deep (does a file source itself?)",
                path.display()
            )));
        }
        crate::load::regular_file(path).map_err(|e| Error::io(path, e))?;
        let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let outer = self.at.take();
        self.depth += 1;
        let label = path.display().to_string();
        let ran = self.lines(
            std::io::BufReader::new(f),
            |n| format!("{label}:{n}"),
            out,
            err,
        );
        self.depth -= 1;
        self.at = outer;
        let ran = ran?;
        if ran.failed > 0 {
            let how = if ran.stopped {
                "stopped at its first failure (stop-on-error)".to_string()
            } else {
                format!("{} line(s) failed", ran.failed)
            };
            return Err(Error::bad_request(format!("{label}: {how}")));
        }
        Ok(Flow::Continue)
    }

    /// Runs the lines of `input`, each error located by `at(line number)`.
    /// A line with an unclosed quote goes on on the next, as at the prompt.
    /// With `stop-on-error`, the first failed line ends the run.
    fn lines(
        &mut self,
        mut input: impl BufRead,
        at: impl Fn(usize) -> String,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> Result<Ran> {
        let mut ran = Ran::default();
        let mut pending = String::new();
        let mut first = 0;
        let mut buf = Vec::new();
        for n in 1.. {
            match crate::lines::next(&mut input, &mut buf, crate::lines::MAX_LINE)
                .map_err(|e| Error::io("<input>", e))?
            {
                crate::lines::Line::Read => {}
                crate::lines::Line::End => break,
                crate::lines::Line::TooLong => {
                    let _ = writeln!(
                        err,
                        "kg: error: {}: longer than {} MiB; the rest of the input was not read",
                        at(n),
                        crate::lines::MAX_LINE >> 20
                    );
                    ran.failed += 1;
                    ran.stopped = true;
                    return Ok(ran);
                }
            }
            let bytes = buf.strip_suffix(b"\r").unwrap_or(&buf);
            // A line that is not UTF-8 fails on its own, like a command that fails.
            let Ok(line) = std::str::from_utf8(bytes) else {
                let _ = writeln!(err, "kg: error: {}: not valid UTF-8; skipped", at(n));
                ran.failed += 1;
                if self.ctx.settings.stop_on_error {
                    ran.stopped = true;
                    return Ok(ran);
                }
                continue;
            };
            if pending.is_empty() {
                first = n;
            }
            // A line with an unclosed quote or a trailing \ goes on on the
            // next, as at the prompt.
            words::join(&mut pending, line);
            if words::incomplete(&pending) {
                continue;
            }
            let text = std::mem::take(&mut pending);
            self.at = Some(at(first));
            let (flow, ok) = self.execute(&text, out, err);
            self.at = None;
            if !ok {
                ran.failed += 1;
                if self.ctx.settings.stop_on_error {
                    ran.stopped = true;
                    return Ok(ran);
                }
            }
            if flow == Flow::Quit {
                ran.quit = true;
                return Ok(ran);
            }
        }
        if let Err(e) = words::line(&pending) {
            let opened = match e {
                words::SplitError::Unclosed(_) => " opened here",
                words::SplitError::Continued => "",
            };
            let _ = writeln!(err, "kg: error: {}: {}{opened}", at(first), e.at_end());
            ran.failed += 1;
        }
        Ok(ran)
    }
}

/// Whether `e` is a write to a reader that went away.
fn is_broken_pipe(e: &Error) -> bool {
    matches!(e, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
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

/// Runs the REPL on the context the command line made (its graph opened now),
/// printing answers as `format` (text by default).
pub fn run(
    mut ctx: Context,
    format: Option<Format>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    // Opened as the REPL's: a file that does not exist yet is a new graph.
    ctx.front = Front::Repl;
    ctx.open()?;
    print::notes(&mut ctx, err);
    if let Some(f) = format {
        if !f.accepted_by(crate::format::Use::Session) {
            return Err(Error::usage(format!(
                "the REPL prints answers as {}, not {f}",
                Format::names_for(crate::format::Use::Session)
            )));
        }
        ctx.format = f;
    }
    if std::io::stdin().is_terminal() {
        ctx.color = render::paint::wanted(std::io::stdout().is_terminal());
        let ctx = ctx.with_asker(Box::new(|q: &str| {
            matches!(
                rl_ask(q).as_deref(),
                Some("y" | "yes" | "Y" | "YES" | "Yes")
            )
        }));
        interactive(&mut Repl::with(ctx), out, err)
    } else {
        // A script's answers are coloured only under --color always.
        ctx.color = render::paint::wanted(false);
        // Lines from a script are nobody's to page through.
        ctx.page = false;
        script(&mut Repl::with(ctx), std::io::stdin().lock(), out, err)
    }
}

/// Lines from a non-terminal: no prompts, questions answered "no", exit 1 if
/// any line failed (`--stop-on-error`, `set stop-on-error on`: at the first).
pub fn script(
    repl: &mut Repl,
    input: impl BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let ran = repl.lines(input, |n| format!("line {n}"), out, err)?;
    if ran.stopped && ran.failed > 0 {
        let _ = writeln!(
            err,
            "kg: note: stopped at the first failure (stop-on-error); the rest of the input was not run"
        );
    }
    let n = repl.session().unsaved();
    if n > 0 && !ran.quit {
        let _ = writeln!(
            err,
            "kg: warning: {n} unsaved change(s) discarded (save them with: save PATH)"
        );
    }
    Ok(u8::from(ran.failed > 0))
}

/// The prompt under which a continued line (open quote, trailing `\\`) goes on.
const CONTINUED: &str = "...> ";

/// The prompt: the graph's short name ([`graph_name`]), and `*` while the
/// session has changes not saved, e.g. `kg seed> ` or `kg seed*> `.
fn prompt(session: &Session, opened: &str) -> String {
    let name = match session.target() {
        Some(t) => stem(t),
        None => opened.to_string(),
    };
    let unsaved = if session.unsaved() > 0 { "*" } else { "" };
    format!("kg {name}{unsaved}> ")
}

/// What the prompt calls the graph a session was opened on: `built-in` for
/// the built-in graph, a file's stem, or the first file's stem and `+N` for N
/// more. Once the session saves to a file (or was opened on one kg JSON
/// file), the prompt names that file instead ([`prompt`]).
fn graph_name(session: &Session) -> String {
    match session.inputs() {
        [] => "built-in".to_string(),
        [one] => stem(one),
        [first, rest @ ..] => format!("{}+{}", stem(first), rest.len()),
    }
}

/// A file's stem as a prompt shows it: its control characters made visible
/// (a file name must not drive the terminal).
fn stem(path: &std::path::Path) -> String {
    let s = path
        .file_stem()
        .map_or_else(|| path.to_string_lossy(), |s| s.to_string_lossy());
    render::printable::printable(&s).into_owned()
}

fn interactive(repl: &mut Repl, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    // Colour was decided once (NO_COLOR, the terminal, the command line):
    // rustyline follows that decision rather than its own.
    let color = repl.ctx.color;
    let config = Config::builder()
        .auto_add_history(false)
        .completion_type(rustyline::CompletionType::List)
        .color_mode(if color {
            rustyline::ColorMode::Forced
        } else {
            rustyline::ColorMode::Disabled
        })
        .build();
    let mut rl: Editor<KgHelper, DefaultHistory> = Editor::with_config(config)
        .map_err(|e| Error::io("<terminal>", std::io::Error::other(e)))?;
    let session = repl.ctx.session()?;
    session.watch_names();
    let opened = graph_name(session);
    let vocabulary = Rc::new(RefCell::new(Vocabulary::of(session.graph())));
    rl.set_helper(Some(KgHelper::new(Rc::clone(&vocabulary), color)));
    let history = history_path();
    if let Some(h) = &history {
        let _ = rl.load_history(h);
    }
    // Ctrl-C while a query runs stops the query, not kg (at the prompt rustyline
    // reads it as a key and clears the line).
    let _ = ctrlc::set_handler(cancel::interrupt);
    let g = repl.session().graph();
    let _ = writeln!(
        out,
        "kg {} — {} entities, {} relations. 'help' lists commands; Tab completes; Ctrl-D leaves.",
        env!("CARGO_PKG_VERSION"),
        g.entity_count(),
        g.relation_count()
    );
    let _ = out.flush();
    // The logical line so far, while its physical lines go on.
    let mut pending = String::new();
    loop {
        let shown = if pending.is_empty() {
            prompt(repl.session(), &opened)
        } else {
            CONTINUED.to_string()
        };
        if let Some(h) = rl.helper_mut() {
            h.pending.clone_from(&pending);
        }
        let (line, typed) = match rl.readline(&shown) {
            Ok(line) => {
                words::join(&mut pending, &line);
                if words::incomplete(&pending) {
                    continue;
                }
                (std::mem::take(&mut pending), true)
            }
            // Ctrl-C drops the whole logical line, continued or not.
            Err(ReadlineError::Interrupted) => {
                pending.clear();
                continue;
            }
            // Ctrl-D in a continued line runs what there is (and says what is missing).
            Err(ReadlineError::Eof) if !pending.is_empty() => (std::mem::take(&mut pending), true),
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
        let (flow, _) = repl.execute(&line, out, err);
        if repl.ctx.changed {
            let session = repl.ctx.session()?;
            match session.take_name_delta() {
                Some(delta) => vocabulary.borrow_mut().follow(delta, session.graph()),
                None => *vocabulary.borrow_mut() = Vocabulary::of(session.graph()),
            }
            repl.ctx.changed = false;
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
