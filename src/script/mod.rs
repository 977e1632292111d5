//! `kg query`: the JSON Lines interface for scripts and other programs.
//!
//! # Wire format
//!
//! Input is one JSON object per line; blank lines are skipped. Output is one JSON
//! object per request line, in input order, each on one line. The same input
//! always gives the same bytes.
//!
//! A request names its operation in `op` and may carry any JSON value as `id`,
//! which the answer echoes:
//!
//! ```text
//! {"id": 1, "op": "path", "from": "Kyodo", "to": "Kurils"}
//! {"id": 2, "op": "neighbours", "of": "Japan", "depth": 2, "relations": ["claims", "visits"]}
//! {"id": 3, "op": "entity", "name": "Lavrov"}
//! {"id": 4, "op": "stats"}
//! ```
//!
//! Any request may carry `timeout_ms`: past it the query stops; enumerations
//! (`all`, `k`, neighbourhoods) answer with what they found, `truncated: true`.
//!
//! Options are those of [`crate::query::PathQuery`], [`crate::query::NeighboursQuery`]
//! and [`crate::query::Filter`], with the same names as the command line's
//! (underscores for dashes). An answer is `{"id", "ok": true, "result"}` with the
//! result types of [`crate::query::answer`]; a failure is `{"id", "ok": false,
//! "error": {"code", "message", "suggestions", "line"}}`. A malformed line gets an
//! error answer (`bad_json`, naming its line) and the batch goes on. The process
//! exits 1 when any request failed. `docs/json.md` has the full contract and
//! `docs/schema/` its JSON Schemas.

pub mod messages;

use std::io::{BufRead, Write};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::KnowledgeGraph;
use crate::query::{
    self, filter::FILTER_FIELDS, neighbors::NEIGHBOURS_FIELDS, path::PATH_FIELDS, Query,
};
use crate::{lines, suggest};
pub use messages::{ErrorOut, Response};

/// The operations a request may name.
pub const OPS: [&str; 5] = ["path", "neighbours", "neighbors", "entity", "stats"];

/// Answers every request from `input` on `out`; returns whether all succeeded.
pub fn run(g: &KnowledgeGraph, mut input: impl BufRead, out: &mut dyn Write) -> Result<bool> {
    let mut all_ok = true;
    let mut buf = Vec::new();
    for n in 0.. {
        let response = match lines::next(&mut input, &mut buf, lines::MAX_LINE)
            .map_err(|e| Error::io("<input>", e))?
        {
            lines::Line::End => break,
            lines::Line::Read => None,
            lines::Line::TooLong => Some(failure(
                Value::Null,
                n + 1,
                "bad_request",
                format!(
                    "line {}: longer than {} MiB; the rest of the input was not read",
                    n + 1,
                    lines::MAX_LINE >> 20
                ),
                Vec::new(),
            )),
        };
        if let Some(response) = response {
            write_response(out, &response)?;
            return Ok(false);
        }
        let line = buf.strip_suffix(b"\r").unwrap_or(&buf);
        // A byte-order mark may open the input, as it may open graph files.
        let line = if n == 0 {
            line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line)
        } else {
            line
        };
        let text = String::from_utf8_lossy(line);
        if text.trim().is_empty() {
            continue;
        }
        let response = respond(g, &text, n + 1);
        all_ok &= response.ok;
        write_response(out, &response)?;
    }
    Ok(all_ok)
}

/// Writes one answer line and flushes it: a program that writes a request and
/// waits for its answer (kg as a co-process) must get it now, not when a buffer
/// fills or the input ends.
fn write_response(out: &mut dyn Write, response: &Response) -> Result<()> {
    serde_json::to_writer(&mut *out, response).map_err(|e| Error::io("<stdout>", e.into()))?;
    out.write_all(b"\n")
        .and_then(|()| out.flush())
        .map_err(|e| Error::io("<stdout>", e))
}

fn failure(
    id: Value,
    line: usize,
    code: &str,
    message: String,
    suggestions: Vec<String>,
) -> Response {
    Response {
        id,
        ok: false,
        result: None,
        error: Some(ErrorOut {
            code: code.to_string(),
            message,
            suggestions,
            line,
        }),
    }
}

/// Parses and runs one request line (`line` is 1-based).
pub fn respond(g: &KnowledgeGraph, text: &str, line: usize) -> Response {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let raw = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            let what = raw.strip_suffix(&suffix).unwrap_or(&raw);
            let msg = format!(
                "line {line}: malformed JSON at column {}: {what}",
                e.column()
            );
            return failure(Value::Null, line, "bad_json", msg, Vec::new());
        }
    };
    let Value::Object(mut obj) = value else {
        return failure(
            Value::Null,
            line,
            "bad_request",
            format!("line {line}: a request is a JSON object"),
            Vec::new(),
        );
    };
    let id = obj.remove("id").unwrap_or(Value::Null);
    let timeout = match obj.remove("timeout_ms") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_u64().filter(|&ms| ms > 0) {
            Some(ms) => Some(std::time::Duration::from_millis(ms)),
            None => {
                let msg = format!(
                    "line {line}: 'timeout_ms' must be a whole number of milliseconds above 0"
                );
                return failure(id, line, "bad_request", msg, Vec::new());
            }
        },
    };
    match parse(obj) {
        Ok(q) => match query::run_with_timeout(g, &q, timeout) {
            Ok(result) => Response {
                id,
                ok: true,
                result: Some(result),
                error: None,
            },
            Err(e) => failure(
                id,
                line,
                e.code(),
                format!("line {line}: {e}"),
                e.suggestions().to_vec(),
            ),
        },
        Err(e) => failure(
            id,
            line,
            e.code(),
            format!("line {line}: {e}"),
            e.suggestions().to_vec(),
        ),
    }
}

/// A request object (without `id`) as a query, refusing unknown ops and fields.
pub fn parse(obj: serde_json::Map<String, Value>) -> Result<Query> {
    let op = match obj.get("op") {
        Some(Value::String(op)) => op.clone(),
        Some(_) => return Err(Error::bad_request("'op' must be a string")),
        None => {
            return Err(Error::BadRequest {
                message: "missing 'op'".into(),
                suggestions: OPS.iter().map(|s| s.to_string()).collect(),
            })
        }
    };
    let fields: Vec<&str> = match op.as_str() {
        "path" => PATH_FIELDS
            .iter()
            .chain(FILTER_FIELDS.iter())
            .copied()
            .collect(),
        "neighbours" | "neighbors" => NEIGHBOURS_FIELDS
            .iter()
            .chain(FILTER_FIELDS.iter())
            .copied()
            .collect(),
        "entity" => vec!["name"],
        "stats" => vec![],
        other => {
            return Err(Error::BadRequest {
                message: format!("unknown op '{other}'"),
                suggestions: suggest::closest(other, OPS),
            })
        }
    };
    for key in obj.keys() {
        if key != "op" && !fields.contains(&key.as_str()) {
            return Err(Error::BadRequest {
                message: format!("'{op}' takes no field '{key}'"),
                suggestions: suggest::closest(key, fields.iter().copied()),
            });
        }
    }
    serde_json::from_value(Value::Object(obj)).map_err(|e| Error::bad_request(e.to_string()))
}
