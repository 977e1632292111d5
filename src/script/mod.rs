//! `kg query`: the JSON Lines front end, for scripts and other programs.
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
//! Every command of kg is a request: its op is the command's words joined by `_`
//! (`add_relation`, `save`), its fields the command line's options and
//! arguments (see [`crate::command::json`]). Requests run in one session: edits
//! change the graph in memory, and `{"op": "save", "path": "g.json"}` writes it.
//! An answer is `{"id", "ok": true, "result"}` (queries give the result types of
//! [`crate::query::answer`]); a failure is `{"id", "ok": false,
//! "error": {"code", "message", "suggestions", "line"}}`, and a pattern query's
//! mistake (`bad_query`) says where in the query, `"at": {"line", "column"}`
//! (1-based, columns in characters), and what to write instead (`"hint"`). A malformed line gets an
//! error answer (`bad_json`, naming its line) and the batch goes on. The process
//! exits 1 when any request failed. `docs/json.md` has the full contract and
//! `docs/schema/` its JSON Schemas.

pub mod messages;

use std::io::{BufRead, Write};

use serde_json::value::RawValue;
use serde_json::Value;

use crate::command::{self, Context, Outcome};
use crate::error::{Error, Result};
use crate::lines;
use messages::Outcome as Result_;
pub use messages::{ErrorOut, Response};

/// Answers every request from `input` on `out`, in `ctx`'s session, until the
/// input ends or a `quit`; returns whether all succeeded.
pub fn run(ctx: &mut Context, input: impl BufRead, out: &mut dyn Write) -> Result<bool> {
    let mut all_ok = true;
    let mut buf = Vec::new();
    // Read through a buffer of our own, which says what is waiting: answers are
    // flushed when no whole request is (see `write_response`).
    let mut input = std::io::BufReader::with_capacity(1 << 16, input);
    for n in 0.. {
        if memchr::memchr(b'\n', input.buffer()).is_none() {
            out.flush().map_err(|e| Error::io("<stdout>", e))?;
        }
        let response = match lines::next(&mut input, &mut buf, lines::MAX_LINE)
            .map_err(|e| Error::io("<input>", e))?
        {
            lines::Line::End => break,
            lines::Line::Read => None,
            lines::Line::TooLong => Some(failure(
                null_id(),
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
            out.flush().map_err(|e| Error::io("<stdout>", e))?;
            return Ok(false);
        }
        let line = buf.strip_suffix(b"\r").unwrap_or(&buf);
        // A byte-order mark may open the input, as it may open graph files.
        let line = if n == 0 {
            line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line)
        } else {
            line
        };
        // Bytes that are not UTF-8 are refused, not replaced and answered.
        let Ok(text) = std::str::from_utf8(line) else {
            let response = failure(
                null_id(),
                n + 1,
                "bad_json",
                format!("line {}: not valid UTF-8", n + 1),
                Vec::new(),
            );
            all_ok = false;
            write_response(out, &response)?;
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        let (response, quit) = respond(ctx, text, n + 1);
        all_ok &= response.ok;
        write_response(out, &response)?;
        // `--stop-on-error`: the requests after a failure are not run.
        if quit || (!response.ok && ctx.settings.stop_on_error) {
            break;
        }
    }
    out.flush().map_err(|e| Error::io("<stdout>", e))?;
    Ok(all_ok)
}

/// Writes one answer line. [`run`] flushes the answers before it waits for
/// more input: a program that writes a request and waits for its answer (kg as
/// a co-process) gets it then, not when a buffer fills or the input ends, and
/// a batch read from a file or a pipe that holds the next request already pays
/// no system call per answer.
fn write_response(out: &mut dyn Write, response: &Response) -> Result<()> {
    serde_json::to_writer(&mut *out, response).map_err(|e| Error::io("<stdout>", e.into()))?;
    out.write_all(b"\n").map_err(|e| Error::io("<stdout>", e))
}

/// The `id` a line without a readable one gets.
fn null_id() -> Box<RawValue> {
    RawValue::from_string("null".into()).expect("null is JSON")
}

/// What the request object says of itself before it is read as a command: its
/// `id` as written, and the first field it gives twice (graph files refuse
/// duplicate keys, so requests do too: `{"from": "Japan", "from": "Russia"}`
/// would otherwise ask about Russia without a word).
struct Envelope {
    id: Option<Box<RawValue>>,
    twice: Option<String>,
}

impl<'de> serde::Deserialize<'de> for Envelope {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Envelope;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Envelope, A::Error> {
                let mut seen = std::collections::HashSet::new();
                let mut env = Envelope {
                    id: None,
                    twice: None,
                };
                while let Some(key) = map.next_key::<String>()? {
                    if key == "id" {
                        env.id = Some(map.next_value::<Box<RawValue>>()?);
                    } else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                    if !seen.insert(key.clone()) && env.twice.is_none() {
                        env.twice = Some(key);
                    }
                }
                Ok(env)
            }
        }
        d.deserialize_map(V)
    }
}

fn failure(
    id: Box<RawValue>,
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
            at: None,
            hint: None,
        }),
    }
}

/// Whether a line that is no JSON looks like a piece of a pretty-printed object
/// (`{`, `"op": "stats",`, `}`): requests spread over lines, as plain `jq` writes.
fn looks_pretty_printed(text: &str) -> bool {
    let t = text.trim();
    matches!(t, "{" | "}" | "}," | "[" | "]")
        || (t.starts_with('"') && t.contains("\":"))
        || (t.starts_with('{') && !t.ends_with('}'))
}

fn error_response(id: Box<RawValue>, line: usize, e: &Error) -> Response {
    // Several problems are each named (a text front end prints one per line;
    // a JSON answer has one message to hold them).
    let message = match e {
        Error::Invalid(problems) if problems.len() > 1 => {
            let each: Vec<String> = problems.iter().map(ToString::to_string).collect();
            format!("line {line}: {e}: {}", each.join("; "))
        }
        other => format!("line {line}: {other}"),
    };
    let mut response = failure(id, line, e.code(), message, e.suggestions().to_vec());
    if let (Error::Query { line, column, .. }, Some(error)) = (e, response.error.as_mut()) {
        error.at = Some(messages::At {
            line: *line,
            column: *column,
        });
        error.hint = e.hint();
    }
    response
}

/// Parses and runs one request line (`line` is 1-based); says whether it was a `quit`.
pub fn respond(ctx: &mut Context, text: &str, line: usize) -> (Response, bool) {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let raw = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            let what = raw.strip_suffix(&suffix).unwrap_or(&raw);
            let mut msg = format!(
                "line {line}: malformed JSON at column {}: {what}",
                e.column()
            );
            if looks_pretty_printed(text) {
                msg.push_str(
                    "; kg query reads one JSON object per line: write each request on one \
                     line (jq -c turns pretty-printed JSON into that)",
                );
            }
            return (failure(null_id(), line, "bad_json", msg, Vec::new()), false);
        }
    };
    let Value::Object(mut obj) = value else {
        let msg = format!("line {line}: a request is a JSON object");
        return (
            failure(null_id(), line, "bad_request", msg, Vec::new()),
            false,
        );
    };
    obj.remove("id");
    let envelope: Option<Envelope> = serde_json::from_str(text).ok();
    let (id, twice) = match envelope {
        Some(e) => (e.id.unwrap_or_else(null_id), e.twice),
        None => (null_id(), None),
    };
    if let Some(key) = twice {
        let e = Error::bad_request(format!("'{key}' is given twice; give each field once"));
        return (error_response(id, line, &e), false);
    }
    let inv = match command::json::parse(obj) {
        Ok(inv) => inv,
        Err(e) => return (error_response(id, line, &e), false),
    };
    let format = inv.format;
    let outcome = command::execute(inv, ctx);
    ctx.notes.clear();
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => return (error_response(id, line, &e), false),
    };
    let quit = matches!(outcome, Outcome::Quit);
    let result = match (outcome, format) {
        // A query asked for a format gets its answer printed in it.
        (Outcome::Answer(a), Some(f)) => {
            let mut bytes = Vec::new();
            crate::render::write(&mut bytes, &a, f, false)
                .and_then(|()| Outcome::Output { format: f, bytes }.to_json())
                .map(Result_::Other)
        }
        (Outcome::Answer(a), None) => Ok(Result_::Answer(Box::new(a))),
        (other, _) => other.to_json().map(Result_::Other),
    };
    match result {
        Ok(result) => (
            Response {
                id,
                ok: true,
                result: Some(result),
                error: None,
            },
            quit,
        ),
        Err(e) => (error_response(id, line, &e), false),
    }
}
