//! Turning answers into what people and programs read: text or JSON.
//!
//! Front ends pick a [`Format`] and call [`write_answer`]; nothing here prints on
//! its own, so tests render into a `Vec<u8>`.

pub mod dot;
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
