//! The one error type of the library, and the located `Problem`s it carries.
//!
//! Loading reports every problem in every input file at once, so a failed load is
//! `Error::Invalid` holding a list; the other variants stand for a single failure
//! (I/O, an unknown name, a malformed request). Positions are stored 0-based and
//! printed 1-based, so editors and terminals can jump to `file:line:column`.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// A place in an input file. `line` and `column` are 0-based; `column` counts
/// characters, not bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: Arc<str>,
    pub line: u32,
    pub column: u32,
}

impl Location {
    pub fn new(file: &Arc<str>, line: u32, column: u32) -> Self {
        Location {
            file: Arc::clone(file),
            line,
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line + 1, self.column + 1)
    }
}

/// One thing wrong with the input: where, what, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub location: Option<Location>,
    pub message: String,
    pub hint: Option<String>,
    /// For the line that closes a capped list ("N more problems not shown"): the N
    /// problems it stands for, so that totals count what was found, not what was shown.
    pub not_shown: usize,
}

impl Problem {
    pub fn new(message: impl Into<String>) -> Self {
        Problem {
            location: None,
            message: message.into(),
            hint: None,
            not_shown: 0,
        }
    }

    /// The last entry of a list cut at a cap: `n` more problems in `file`.
    pub fn not_shown(file: &str, n: usize) -> Self {
        Problem {
            not_shown: n,
            ..Problem::new(format!("{file}: {n} more problems not shown"))
        }
    }

    /// How many problems were found in all, counting those left out of `problems`.
    pub fn total(problems: &[Problem]) -> usize {
        problems.iter().map(|p| p.not_shown.max(1)).sum()
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets the hint to "did you mean ...?" when there is anything to suggest.
    pub fn suggest(self, suggestions: &[String]) -> Self {
        match crate::suggest::did_you_mean(suggestions) {
            Some(h) => self.hint(h),
            None => self,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Everything that can go wrong in the library.
#[derive(Debug)]
pub enum Error {
    /// A file could not be read or written.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Input files failed validation; every problem found is listed, in file order.
    Invalid(Vec<Problem>),
    /// A name that matches no entity id, name or alias.
    UnknownEntity {
        name: String,
        suggestions: Vec<String>,
    },
    /// A name that matches several entities equally well.
    AmbiguousName {
        name: String,
        candidates: Vec<String>,
    },
    /// A request that is well-formed but asks for something impossible.
    BadRequest {
        message: String,
        suggestions: Vec<String>,
    },
    /// Stopped before it finished (Ctrl-C, or a time limit): `what` was stopped (a query, a drawing, a load) for `reason`.
    Cancelled { what: &'static str, reason: String },
    /// A command used where it does not belong, or malformed: the command line
    /// exits 2 for these, as for its own parse errors.
    Usage { message: String },
    /// A pattern query (`kg match`) that cannot be read or run as written:
    /// `line` and `column` (1-based, in characters) say where in the query.
    Query {
        line: u32,
        column: u32,
        message: String,
        hint: Option<String>,
        suggestions: Vec<String>,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
        }
    }

    /// The exit status of the command line for this error: 2 for usage mistakes.
    pub fn exit_status(&self) -> u8 {
        match self {
            Error::Usage { .. } => 2,
            _ => 1,
        }
    }

    /// A mistake at `line`, `column` (1-based) of a pattern query, with an optional hint.
    pub fn query(line: u32, column: u32, message: impl Into<String>, hint: Option<String>) -> Self {
        Error::Query {
            line,
            column,
            message: message.into(),
            hint,
            suggestions: Vec::new(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Error::BadRequest {
            message: message.into(),
            suggestions: Vec::new(),
        }
    }

    /// A short machine-readable name, used as `error.code` in JSON answers.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::Invalid(_) => "invalid_graph",
            Error::UnknownEntity { .. } => "unknown_entity",
            Error::AmbiguousName { .. } => "ambiguous_name",
            Error::BadRequest { .. } => "bad_request",
            Error::Cancelled { .. } => "cancelled",
            Error::Usage { .. } => "bad_request",
            Error::Query { .. } => "bad_query",
        }
    }

    /// Close matches the user may have meant, best first.
    pub fn suggestions(&self) -> &[String] {
        match self {
            Error::UnknownEntity { suggestions, .. }
            | Error::BadRequest { suggestions, .. }
            | Error::Query { suggestions, .. } => suggestions,
            Error::AmbiguousName { candidates, .. } => candidates,
            _ => &[],
        }
    }

    /// The hint line printed under the message, if any.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::AmbiguousName { candidates, .. } => Some(format!(
                "it could be {}; use the id to choose",
                crate::suggest::quoted_list(candidates)
            )),
            Error::Invalid(_) | Error::Io { .. } => None,
            Error::Query { hint: Some(h), .. } => Some(h.clone()),
            _ => crate::suggest::did_you_mean(self.suggestions()),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => {
                write!(f, "{}: {source}", shown(&path.display().to_string()))
            }
            Error::Invalid(problems) => match problems.as_slice() {
                [one] => write!(f, "{one}"),
                many => write!(f, "{} problems in the input", many.len()),
            },
            Error::UnknownEntity { name, .. } => write!(f, "no entity named '{}'", shown(name)),
            Error::AmbiguousName { name, .. } => {
                write!(f, "'{}' names more than one entity", shown(name))
            }
            Error::BadRequest { message, .. } => f.write_str(message),
            Error::Cancelled { what, reason } => write!(f, "{what} cancelled: {reason}"),
            Error::Usage { message } => f.write_str(message),
            Error::Query {
                line,
                column,
                message,
                ..
            } => write!(f, "line {line}, column {column}: {message}"),
        }
    }
}

/// A name or path as a message quotes it: line breaks escaped (a message is one
/// line), and a name past 200 characters cut with "…" and its length (a 50 MB
/// name read from a file is not worth echoing).
pub fn shown(s: &str) -> String {
    const MAX: usize = 200;
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == MAX {
            out.push_str(&format!("… ({} characters)", s.chars().count()));
            break;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<Problem> for Error {
    fn from(p: Problem) -> Self {
        Error::Invalid(vec![p])
    }
}
