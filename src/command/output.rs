//! `output FILE`: the session's answers go to a file instead of the screen,
//! until `output` alone brings them back (psql's `\o`, sqlite3's `.output`).
//!
//! The file is written atomically after every answer, so whoever opens it
//! meanwhile sees the answers so far, never half of one. Text formats (text,
//! json, dot, graphml, ntriples) gather every answer since `output FILE`; a
//! picture (svg, png, pdf) holds one drawing, so each answer replaces it. The
//! format is `--format`, else the file's extension, else the session's format.
//! Messages, help and errors stay on the screen.

use std::path::PathBuf;

use super::context::{Context, Done, Outcome};
use super::spec::{Section, Spec};
use crate::error::{Error, Result};
use crate::format::{Format, Use};
use crate::query::Answer;

pub const SPEC: Spec = Spec {
    not_on_cli: Some("redirect standard output (> FILE), or give -o FILE to export and render"),
    not_in_json: Some("each answer is a JSON line on standard output; redirect it"),
    ..Spec::new(
        &["output"],
        Section::Session,
        &["output answers.txt", "output"],
    )
};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The file answers go to from now on (replaced atomically after each
    /// answer); without it, answers go back to the screen.
    #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub path: Option<PathBuf>,
}

/// Where answers go while `output FILE` is in force.
#[derive(Debug, Clone)]
pub struct Redirect {
    pub path: PathBuf,
    pub format: Format,
    /// What the file holds: every answer so far in a text format, the last
    /// drawing in a picture format.
    content: Vec<u8>,
    pub answers: usize,
}

/// `output [FILE]`.
pub fn run(args: &Args, format: Option<Format>, ctx: &mut Context) -> Result<Outcome> {
    let Some(path) = &args.path else {
        return Ok(Outcome::Done(match ctx.output.take() {
            Some(r) => Done::new(format!(
                "answers go to the screen again ({} written to {})",
                count(r.answers),
                r.path.display()
            )),
            None => Done::new("answers already go to the screen"),
        }));
    };
    let named = Format::of_path(path);
    let format = match (format, named) {
        (Some(f), Some(n)) if f != n => {
            return Err(Error::usage(format!(
                "--format {f} contradicts the name '{}', which says {n}; drop --format, or name the file .{}",
                path.display(),
                f.info().extensions.first().copied().unwrap_or("out")
            )))
        }
        (Some(f), _) | (None, Some(f)) => f,
        (None, None) => ctx.format,
    };
    if !format.accepted_by(Use::Answers) || format.info().folder {
        return Err(Error::usage(format!(
            "answers are written as {}, not {format}",
            Format::names_for(Use::Answers)
        )));
    }
    let session = ctx.session()?;
    let same = |p: &PathBuf| {
        p == path || matches!((p.canonicalize(), path.canonicalize()), (Ok(a), Ok(b)) if a == b)
    };
    if session.inputs().iter().any(same) {
        return Err(Error::usage(format!(
            "{} is one of the graph's own files; send answers elsewhere (save writes the graph)",
            path.display()
        )));
    }
    let redirect = Redirect {
        path: path.clone(),
        format,
        content: Vec::new(),
        answers: 0,
    };
    // Made (empty) now, so a file that cannot be written is said at once.
    redirect.flush()?;
    ctx.output = Some(redirect);
    Ok(Outcome::Done(
        Done::new(format!(
            "answers go to {} as {} from now on; `output` alone brings them back",
            path.display(),
            format.name()
        ))
        .with("path", path.display().to_string())
        .with("format", format.name()),
    ))
}

impl Redirect {
    /// Adds `answer` (in `format`, else the redirect's) and rewrites the file.
    ///
    /// # Errors
    /// A drawing Graphviz cannot make, or a file that cannot be written; the
    /// file then keeps what it held.
    pub fn add(&mut self, answer: &Answer, format: Option<Format>) -> Result<()> {
        let format = format.unwrap_or(self.format);
        let mut bytes = Vec::new();
        crate::render::write_answer(&mut bytes, answer, format)
            .map_err(|e| Error::io(&self.path, e))?;
        if format.info().image || format.info().binary {
            self.content = bytes;
        } else {
            if self.answers > 0 && format == Format::Text {
                self.content.push(b'\n');
            }
            self.content.extend_from_slice(&bytes);
        }
        self.answers += 1;
        self.flush()
    }

    /// Adds a line of text (an answer put in words, as `sources`).
    pub fn add_text(&mut self, text: &str) -> Result<()> {
        self.content.extend_from_slice(text.as_bytes());
        self.content.push(b'\n');
        self.answers += 1;
        self.flush()
    }

    fn flush(&self) -> Result<()> {
        crate::export::write_atomic(&self.path, |w| w.write_all(&self.content))
    }
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 answer".into()
    } else {
        format!("{n} answers")
    }
}
