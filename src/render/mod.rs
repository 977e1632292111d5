//! Turning answers into what people and programs read: text or JSON.
//!
//! Front ends pick a [`Format`] and call [`write_answer`]; nothing here prints on
//! its own, so tests render into a `Vec<u8>`.

pub mod dot;
pub mod paint;
mod text;

use std::io::{self, Write};

use crate::query::Answer;

/// Output formats for answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
    Dot,
}

impl Format {
    pub const NAMES: [&'static str; 3] = ["text", "json", "dot"];

    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Dot => "dot",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "text" => Some(Format::Text),
            "json" => Some(Format::Json),
            "dot" => Some(Format::Dot),
            _ => None,
        }
    }
}

/// Writes `answer` in `format` for a front end: an answer with no form in that
/// format is a bad request, a failed write an I/O error on stdout.
/// With `color`, text answers get ANSI colours (see [`paint`]).
pub fn write(w: &mut dyn Write, answer: &Answer, format: Format, color: bool) -> crate::Result<()> {
    if format == Format::Dot && matches!(answer, Answer::Stats(_)) {
        return Err(crate::Error::bad_request(
            "stats has no graph to draw; use --format text or json",
        ));
    }
    let io = |e| crate::Error::io("<stdout>", e);
    if color && format == Format::Text {
        let mut buf = Vec::new();
        text::write(&mut buf, answer).map_err(io)?;
        return w
            .write_all(paint::paint(&String::from_utf8_lossy(&buf)).as_bytes())
            .map_err(io);
    }
    write_answer(w, answer, format).map_err(io)
}

/// Writes `answer` in `format`, ending with a newline.
pub fn write_answer(w: &mut dyn Write, answer: &Answer, format: Format) -> io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *w, answer)?;
            writeln!(w)
        }
        Format::Text => text::write(w, answer),
        Format::Dot => dot::write(w, answer),
    }
}
