//! The serde types of the JSON Lines wire format (see the module doc of `script`).

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::query::Answer;

/// One answer line.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// The request's `id`, echoed byte for byte as written (`null` when absent
    /// or unreadable): `1e400` and 30-digit integers come back as they went in.
    pub id: Box<RawValue>,
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Outcome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorOut>,
}

/// What a request gave: a query's answer (serialised as it stands, the common
/// case a batch must not slow down), or any other command's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Outcome {
    /// Boxed: answers are large and `Other` is common.
    Answer(Box<Answer>),
    Other(Value),
}

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorOut {
    /// `unknown_entity`, `ambiguous_name`, `bad_request`, `bad_json`, ...
    pub code: String,
    pub message: String,
    /// Close matches for an unknown name, type, field or op; best first.
    pub suggestions: Vec<String>,
    /// The 1-based input line of the request.
    pub line: usize,
    /// Where in a pattern query (`bad_query`) the mistake is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<At>,
    /// What to write instead, for a pattern query's mistake (`OPTIONAL MATCH
    /// is not supported` says what the subset offers); other errors give
    /// their close matches in `suggestions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// A place in a request's text: the 1-based line and column (in characters)
/// inside its pattern query, not the input line of the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct At {
    pub line: u32,
    pub column: u32,
}
