//! The command-line front end: one command from argv, run by the executor, its
//! outcome printed as text (or the format asked for), then exit.
//!
//! `kg` with no command, and `kg repl`, hand the session to the REPL; `kg query`
//! hands it to the JSON Lines front end.

use std::io::{IsTerminal, Write};

use crate::command::{self, print, Cli, Context, Front, Invocation, Options, Outcome};
use crate::error::{Error, Result};
use crate::load::LoadOptions;
use crate::render::paint;

pub use crate::command::print::report_error;

/// Parses argv with the grammar. Help and the version go to stdout (status 0);
/// a malformed command line is reported on `err` as every front end reports
/// it (`kg: error:`, clap's tips, the usage, a hint), with status 2.
///
/// # Errors
/// The status to exit with when there is nothing to run.
pub fn parse(err: &mut dyn Write) -> std::result::Result<Cli, u8> {
    use clap::error::ErrorKind;
    use clap::FromArgMatches;
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Help is printed before the parse is done, so --color is read first.
    paint::choose(color_in(&argv));
    let stdout_tty = std::io::stdout().is_terminal();
    let parsed = command::grammar()
        .clone()
        .color(paint::clap_choice(stdout_tty))
        .try_get_matches_from(&argv)
        .and_then(|m| Cli::from_arg_matches(&m));
    match parsed {
        Ok(cli) => {
            paint::choose(cli.color);
            Ok(cli)
        }
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = e.print();
            Err(0)
        }
        Err(e) => {
            let words: Vec<String> = argv
                .iter()
                .skip(1)
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            command::clap_error(&e, &words, Front::Cli).report(err);
            Err(2)
        }
    }
}

/// The `--color` of a command line not parsed yet (`auto` when absent or unknown).
fn color_in(argv: &[std::ffi::OsString]) -> paint::Choice {
    use clap::ValueEnum;
    let mut choice = paint::Choice::Auto;
    let mut words = argv.iter().map(|a| a.to_string_lossy());
    while let Some(w) = words.next() {
        if w == "--" {
            break;
        }
        let value = match w.strip_prefix("--color") {
            Some("") => words.next().map(|v| v.into_owned()),
            Some(v) => v.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(c) = value.and_then(|v| paint::Choice::from_str(&v, false).ok()) {
            choice = c;
        }
    }
    choice
}

/// Runs the command line; returns the process exit status.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    let Cli {
        graphs,
        epoch,
        timeout,
        format,
        no_pager,
        stop_on_error,
        color: _,
        command,
    } = cli;
    let mut ctx = Context::lazy(Front::Cli, graphs, LoadOptions { epoch });
    ctx.stdout_is_terminal = std::io::stdout().is_terminal();
    ctx.page = ctx.stdout_is_terminal && !no_pager;
    ctx.color = paint::wanted(ctx.stdout_is_terminal);
    // The global options a script or the REPL keeps for every line.
    ctx.settings.timeout = timeout;
    ctx.settings.stop_on_error = stop_on_error;
    let Some(command) = command else {
        return crate::repl::run(ctx, format, out, err);
    };
    let opts = Options {
        timeout,
        format,
        no_pager,
    };
    let outcome = command::execute(
        Invocation {
            command,
            timeout,
            format,
            no_pager,
        },
        &mut ctx,
    );
    print::notes(&mut ctx, err);
    match outcome? {
        Outcome::Repl => crate::repl::run(ctx, format, out, err),
        Outcome::Batch(input, jobs) => batch(&mut ctx, input, jobs, out),
        other => print::show(other, &opts, &mut ctx, out, err),
    }
}

/// `kg query [FILE]`: the session goes to the JSON Lines front end.
fn batch(
    ctx: &mut Context,
    input: Option<std::path::PathBuf>,
    jobs: usize,
    out: &mut dyn Write,
) -> Result<u8> {
    ctx.front = Front::Json;
    let mut json = Context::on(Front::Json, ctx.take_session()?);
    json.settings = ctx.settings;
    let all_ok = match input {
        Some(p) => {
            // A folder is no file of requests (a FIFO is: `kg query <(...)`).
            if p.is_dir() {
                return Err(Error::io(
                    &p,
                    std::io::Error::other("is a folder, not a file of requests"),
                ));
            }
            let f = std::fs::File::open(&p).map_err(|e| Error::io(&p, e))?;
            crate::script::run_jobs(&mut json, std::io::BufReader::new(f), out, jobs)?
        }
        None => crate::script::run_jobs(&mut json, std::io::stdin().lock(), out, jobs)?,
    };
    Ok(u8::from(!all_ok))
}

/// The status the process exits with after `e`.
pub fn exit_status(e: &Error) -> u8 {
    e.exit_status()
}
