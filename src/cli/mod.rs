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

/// Parses argv with the grammar; clap prints its own message and exits 2 on a
/// malformed command line.
pub fn parse() -> Cli {
    use clap::FromArgMatches;
    let matches = command::grammar()
        .clone()
        .color(clap::ColorChoice::Auto)
        .get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
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
        Outcome::Batch(input) => batch(&mut ctx, input, out),
        other => print::show(other, &opts, &mut ctx, out, err),
    }
}

/// `kg query [FILE]`: the session goes to the JSON Lines front end.
fn batch(ctx: &mut Context, input: Option<std::path::PathBuf>, out: &mut dyn Write) -> Result<u8> {
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
            crate::script::run(&mut json, std::io::BufReader::new(f), out)?
        }
        None => crate::script::run(&mut json, std::io::stdin().lock(), out)?,
    };
    Ok(u8::from(!all_ok))
}

/// The status the process exits with after `e`.
pub fn exit_status(e: &Error) -> u8 {
    e.exit_status()
}
