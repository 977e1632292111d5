//! Outcomes and errors as text, the way the command line and the REPL show them.

use std::io::Write;

use super::context::{say, Context, Outcome};
use super::spec::Front;
use super::Options;
use crate::error::{Error, Problem, Result};
use crate::render;
use crate::render::printable::printable;

/// Prints an error the way every text front end does: `kg: error: ...` and `kg: hint: ...`.
pub fn report_error(err: &mut dyn Write, e: &Error) {
    match e {
        Error::Invalid(problems) => {
            for p in problems {
                let _ = writeln!(err, "kg: error: {p}");
                if let Some(h) = &p.hint {
                    let _ = writeln!(err, "kg: hint: {h}");
                }
            }
        }
        other => {
            let _ = writeln!(err, "kg: error: {other}");
            if let Some(h) = other.hint() {
                let _ = writeln!(err, "kg: hint: {h}");
            }
        }
    }
}

/// Prints the loader notes a command left in `ctx`.
pub fn notes(ctx: &mut Context, err: &mut dyn Write) {
    for n in ctx.notes.drain(..) {
        let _ = writeln!(err, "kg: note: {n}");
    }
}

/// Shows `outcome` as text on `out` (problems of a check on `err`); returns the
/// exit status it stands for. Answers are kept in `ctx.last` for `dot FILE`.
///
/// When the front end pages (`ctx.page`) and `--no-pager` was not given, what
/// would be written goes through the pager if longer than the screen; bytes
/// (`render` to stdout) never do.
pub fn show(
    outcome: Outcome,
    opts: &Options,
    ctx: &mut Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let pages = ctx.page
        && !opts.no_pager
        && match &outcome {
            Outcome::Answer(_) | Outcome::Done(_) | Outcome::Check(_) | Outcome::Help(_) => true,
            Outcome::Output { .. }
            | Outcome::Quit
            | Outcome::Batch(..)
            | Outcome::Source(_)
            | Outcome::Repl => false,
        };
    if !pages {
        return write(outcome, opts, ctx, out, err);
    }
    let mut text = Vec::new();
    let status = write(outcome, opts, ctx, &mut text, err)?;
    super::pager::show(&text, out).map_err(|e| Error::io("<stdout>", e))?;
    Ok(status)
}

/// [`show`] without the pager.
fn write(
    outcome: Outcome,
    opts: &Options,
    ctx: &mut Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let status = outcome.status();
    // `output FILE`: answers go there, messages stay here.
    if let Some(redirect) = ctx.output.as_mut() {
        match outcome {
            Outcome::Answer(a) => {
                redirect.add(&a, opts.format)?;
                ctx.last = Some(a);
                return Ok(status);
            }
            Outcome::Done(ref d) if d.answer => {
                redirect.add_text(&d.message)?;
                return Ok(status);
            }
            other => return write_here(other, opts, ctx, out, err),
        }
    }
    write_here(outcome, opts, ctx, out, err)
}

/// [`write`] to `out`.
fn write_here(
    outcome: Outcome,
    opts: &Options,
    ctx: &mut Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let status = outcome.status();
    match outcome {
        Outcome::Answer(a) => {
            let format = opts.format.unwrap_or(ctx.format);
            render::write(out, &a, format, ctx.color)?;
            ctx.last = Some(a);
        }
        // --format json: what kg query would answer.
        // A bare answer is its fields, written without a copy (an
        // extraction's object is the largest thing kg prints).
        Outcome::Done(ref d)
            if d.answer && d.bare && opts.format == Some(crate::format::Format::Json) =>
        {
            let text = serde_json::to_string(&d.fields).expect("JSON values serialise");
            say(out, &text)?;
        }
        Outcome::Done(ref d) if d.answer && opts.format == Some(crate::format::Format::Json) => {
            let v = outcome.to_json()?;
            say(out, &v.to_string())?;
        }
        Outcome::Done(d) => {
            if !(d.quiet_on_cli && ctx.front == Front::Cli) {
                say(out, &printable(&d.message))?;
            }
        }
        Outcome::Check(c) => {
            if opts.format == Some(crate::format::Format::Json) {
                let v = serde_json::to_string(&c).expect("reports serialise");
                say(out, &v)?;
            } else if c.ok {
                say(
                    out,
                    &printable(&format!(
                        "ok: {}: {} entities, {} relations",
                        c.label,
                        c.entities.unwrap_or(0),
                        c.relations.unwrap_or(0)
                    )),
                )?;
                for w in &c.found_warnings {
                    let _ = writeln!(err, "kg: warning: {}", printable(&w.message));
                    if let Some(h) = &w.hint {
                        let _ = writeln!(err, "kg: hint: {}", printable(h));
                    }
                }
            } else {
                report_error(err, &Error::Invalid(c.found.clone()));
                let n = Problem::total(&c.found);
                let _ = writeln!(
                    err,
                    "kg: {n} problem{} found in {}",
                    if n == 1 { "" } else { "s" },
                    printable(&c.label)
                );
            }
        }
        Outcome::Output { bytes, .. } => {
            out.write_all(&bytes)
                .map_err(|e| Error::io("<stdout>", e))?;
        }
        Outcome::Help(text) => {
            write!(out, "{text}").map_err(|e| Error::io("<stdout>", e))?;
            if !text.ends_with('\n') {
                say(out, "")?;
            }
        }
        Outcome::Quit | Outcome::Batch(..) | Outcome::Source(_) | Outcome::Repl => {}
    }
    Ok(status)
}
