//! Turning answers into what people and programs read: text, JSON, DOT (and
//! through Graphviz SVG, PNG or PDF), or a graph tool's format.
//!
//! Front ends pick a [`Format`] and call [`write_answer`]; nothing here prints on
//! its own, so tests render into a `Vec<u8>`.

pub mod dot;
pub mod paint;
pub mod printable;
mod text;

use std::io::{self, Write};

pub use crate::format::Format;
use crate::query::Answer;

/// What kg says when asked for neo4j-csv on standard output.
pub const NEO4J_NEEDS_A_FOLDER: &str = "neo4j-csv writes two files (nodes.csv and \
    relationships.csv): use kg export --format neo4j-csv -o DIR, with --query '<JSON request>' \
    for an answer";

/// What kg says when asked for parquet on standard output.
pub const PARQUET_NEEDS_A_FOLDER: &str = "parquet writes four files (entities, relations, \
    evidence and sources): use kg export --format parquet -o DIR, with --query '<JSON request>' \
    for an answer";

/// What kg says for a folder format instead of printing an answer in it.
fn needs_a_folder(format: Format) -> &'static str {
    if format == Format::Parquet {
        PARQUET_NEEDS_A_FOLDER
    } else {
        NEO4J_NEEDS_A_FOLDER
    }
}

/// Why a picture in `format` is not printed on a terminal, and what to do instead
/// (`instead`, which depends on the command): PNG and PDF are bytes a terminal
/// garbles, and an SVG is a screenful of markup no one reads there.
pub fn on_terminal(format: Format, instead: &str) -> crate::Error {
    let (article, what) = match format {
        Format::Svg => ("an", "markup for a browser"),
        Format::Png | Format::Pdf => ("a", "binary"),
        Format::Text
        | Format::Json
        | Format::Dot
        | Format::Graphml
        | Format::Ntriples
        | Format::Neo4jCsv
        | Format::Parquet => ("a", "a file"),
    };
    crate::Error::bad_request(format!(
        "{article} {} picture is {what}, not for a terminal: {instead}",
        format.name().to_uppercase()
    ))
}

/// What to do instead of printing a picture of an answer on a terminal.
fn answer_instead(format: Format) -> String {
    let ext = format.info().extensions.first().copied().unwrap_or("out");
    format!(
        "redirect it to a file (kg ... --format {format} > picture.{ext}), or draw it with \
         kg render -o picture.{ext} --query '<JSON request>'"
    )
}

/// Writes `answer` in `format` for a front end: an answer with no form in that
/// format is a bad request, a failed write an I/O error on stdout.
/// With `color`, text answers get ANSI colours (see [`paint`]).
pub fn write(w: &mut dyn Write, answer: &Answer, format: Format, color: bool) -> crate::Result<()> {
    if format.is_graph() && matches!(answer, Answer::Stats(_)) {
        return Err(crate::Error::bad_request(
            "stats has no graph to draw; use --format text or json",
        ));
    }
    let io = |e| crate::Error::io("<stdout>", e);
    match format {
        Format::Svg | Format::Png | Format::Pdf => {
            if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                return Err(on_terminal(format, &answer_instead(format)));
            }
            let mut source = Vec::new();
            dot::write(&mut source, answer).map_err(io)?;
            let image = crate::draw::graphviz(&source, format.name(), None)?;
            return w.write_all(&image).map_err(io);
        }
        Format::Neo4jCsv | Format::Parquet => {
            return Err(crate::Error::bad_request(needs_a_folder(format)))
        }
        _ => {}
    }
    if color && format == Format::Text {
        let mut buf = Vec::new();
        text::write(&mut buf, answer).map_err(io)?;
        return w
            .write_all(
                paint::paint(&printable::printable(&String::from_utf8_lossy(&buf))).as_bytes(),
            )
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
        Format::Text => text::write(&mut printable::Printable::new(w), answer),
        Format::Dot => dot::write(w, answer),
        Format::Svg | Format::Png | Format::Pdf => {
            let mut source = Vec::new();
            dot::write(&mut source, answer)?;
            let image = crate::draw::graphviz(&source, format.name(), None)
                .map_err(|e| io::Error::other(e.to_string()))?;
            w.write_all(&image)
        }
        Format::Graphml | Format::Ntriples => {
            let sub = crate::export::subgraph::of_answer(answer, None)
                .map_err(|e| io::Error::other(e.to_string()))?;
            if format == Format::Graphml {
                crate::export::graphml::write(w, &sub)
            } else {
                crate::export::ntriples::write(w, &sub, crate::export::ntriples::DEFAULT_BASE)
            }
        }
        Format::Neo4jCsv | Format::Parquet => Err(io::Error::other(needs_a_folder(format))),
    }
}
