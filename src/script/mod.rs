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
    run_jobs(ctx, input, out, 1)
}

/// Requests a worker of [`run_jobs`] may take, per worker, before their
/// answers are written: enough to keep the workers busy, few enough that the
/// answers held back stay small.
const WAITING_PER_JOB: usize = 64;

/// A line of the input on its way to the output, in [`run_jobs`].
enum Slot {
    /// Its answer is known (a line that is no request): the response, and
    /// whether `--stop-on-error` stops after it.
    Ready(Response, bool),
    /// A question, answered on a worker.
    Ask {
        id: Box<RawValue>,
        line: usize,
        inv: command::Invocation,
    },
}

/// An answer line, encoded, waiting for those before it to be written.
struct Encoded {
    bytes: Result<Vec<u8>>,
    ok: bool,
    /// `--stop-on-error` stops after it when it failed.
    stops: bool,
}

/// [`run`], with the questions (requests that only read the graph) answered on
/// `jobs` threads, the answers written in the order of the requests: the same
/// bytes as one thread writes. A request that may change the session is a
/// barrier: the requests before it are answered and written first, then it
/// runs alone on `ctx`. With `jobs` = 1 every request runs in turn on `ctx`.
///
/// # Complexity
/// The questions of a run of them, up to [`WAITING_PER_JOB`] × `jobs` at a
/// time, are answered concurrently; reading and parsing the requests and
/// writing the answers stay on the calling thread.
pub fn run_jobs(
    ctx: &mut Context,
    input: impl BufRead,
    out: &mut dyn Write,
    jobs: usize,
) -> Result<bool> {
    let jobs = jobs.max(1);
    let mut all_ok = true;
    let mut buf = Vec::new();
    let mut waiting: Vec<Slot> = Vec::new();
    // Read through a buffer of our own, which says what is waiting: answers are
    // flushed when no whole request is (see `write_response`).
    let mut input = std::io::BufReader::with_capacity(1 << 16, input);
    for n in 0.. {
        if memchr::memchr(b'\n', input.buffer()).is_none() {
            if drain(ctx, &mut waiting, jobs, out, &mut all_ok)? {
                break;
            }
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
            if drain(ctx, &mut waiting, jobs, out, &mut all_ok)? {
                break;
            }
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
            waiting.push(Slot::Ready(response, false));
            if jobs == 1 && drain(ctx, &mut waiting, jobs, out, &mut all_ok)? {
                break;
            }
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        match request(text, n + 1) {
            Err(response) => waiting.push(Slot::Ready(*response, ctx.settings.stop_on_error)),
            Ok((id, inv)) if jobs > 1 && inv.command.reads_only() => waiting.push(Slot::Ask {
                id,
                line: n + 1,
                inv,
            }),
            Ok((id, inv)) => {
                if drain(ctx, &mut waiting, jobs, out, &mut all_ok)? {
                    break;
                }
                let (response, quit) = run_request(ctx, id, inv, n + 1);
                all_ok &= response.ok;
                write_response(out, &response)?;
                // `--stop-on-error`: the requests after a failure are not run.
                if quit || (!response.ok && ctx.settings.stop_on_error) {
                    break;
                }
                continue;
            }
        }
        if (jobs == 1 || waiting.len() >= WAITING_PER_JOB * jobs)
            && drain(ctx, &mut waiting, jobs, out, &mut all_ok)?
        {
            break;
        }
    }
    drain(ctx, &mut waiting, jobs, out, &mut all_ok)?;
    out.flush().map_err(|e| Error::io("<stdout>", e))?;
    Ok(all_ok)
}

/// Answers the waiting lines (the questions on up to `jobs` threads) and
/// writes them in order; says whether `--stop-on-error` stopped the run.
fn drain(
    ctx: &mut Context,
    waiting: &mut Vec<Slot>,
    jobs: usize,
    out: &mut dyn Write,
    all_ok: &mut bool,
) -> Result<bool> {
    if waiting.is_empty() {
        return Ok(false);
    }
    let slots = std::mem::take(waiting);
    let stop_on_error = ctx.settings.stop_on_error;
    let settings = ctx.settings;
    let front = ctx.front;
    let asks = slots
        .iter()
        .filter(|s| matches!(s, Slot::Ask { .. }))
        .count();
    // One answer at a time on the caller's thread (`--jobs 1`, a lone
    // question, or a graph that did not open: its error is each answer's).
    let session_ok = asks == 0 || ctx.session().is_ok();
    if jobs == 1 || asks < 2 || !session_ok {
        for slot in slots {
            let (response, stops) = match slot {
                Slot::Ready(r, stops) => (r, stops),
                Slot::Ask { id, line, inv } => (run_request(ctx, id, inv, line).0, stop_on_error),
            };
            *all_ok &= response.ok;
            write_response(out, &response)?;
            if !response.ok && stops {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    let g = ctx.session()?.graph();
    crate::cancel::reset();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let quit = std::sync::atomic::AtomicBool::new(false);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Result<Vec<u8>>, bool)>();
    let mut stopped = false;
    let mut failed: Option<Error> = None;
    std::thread::scope(|scope| {
        let (slots, next, quit) = (&slots, &next, &quit);
        for _ in 0..jobs.min(asks) {
            let tx = tx.clone();
            scope.spawn(move || {
                use std::sync::atomic::Ordering;
                while !quit.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(slot) = slots.get(i) else { break };
                    let Slot::Ask { id, line, inv } = slot else {
                        continue;
                    };
                    let outcome = command::answer(inv, g, &settings, front)
                        .unwrap_or_else(|| Err(Error::bad_request("not a question")));
                    let (response, _) = finish(id.clone(), *line, inv.format, outcome);
                    let ok = response.ok;
                    if tx.send((i, encode(&response), ok)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Answers come in any order; each is written once those before it are.
        let mut done: Vec<Option<Encoded>> = slots.iter().map(|_| None).collect();
        for (i, slot) in slots.iter().enumerate() {
            if let Slot::Ready(r, stops) = slot {
                done[i] = Some(Encoded {
                    bytes: encode(r),
                    ok: r.ok,
                    stops: *stops,
                });
            }
        }
        let mut at = 0;
        let mut write_ready = |done: &mut Vec<Option<Encoded>>| {
            while at < done.len() && !stopped && failed.is_none() {
                let Some(Encoded { bytes, ok, stops }) = done[at].take() else {
                    break;
                };
                at += 1;
                *all_ok &= ok;
                match bytes.and_then(|b| out.write_all(&b).map_err(|e| Error::io("<stdout>", e))) {
                    Ok(()) => {}
                    Err(e) => failed = Some(e),
                }
                if !ok && stops {
                    stopped = true;
                }
            }
            if stopped || failed.is_some() {
                quit.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        };
        write_ready(&mut done);
        for (i, bytes, ok) in rx {
            done[i] = Some(Encoded {
                bytes,
                ok,
                stops: stop_on_error,
            });
            write_ready(&mut done);
        }
    });
    match failed {
        Some(e) => Err(e),
        None => Ok(stopped),
    }
}

/// One answer line's bytes, as [`write_response`] writes them. Serialised
/// into memory, not through the output: serde_json writes a value in many
/// small pieces, each a call through `dyn Write` and the buffer's checks.
fn encode(response: &Response) -> Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(1024);
    serde_json::to_writer(&mut bytes, response).map_err(|e| Error::io("<stdout>", e.into()))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Writes one answer line. [`run`] flushes the answers before it waits for
/// more input: a program that writes a request and waits for its answer (kg as
/// a co-process) gets it then, not when a buffer fills or the input ends, and
/// a batch read from a file or a pipe that holds the next request already pays
/// no system call per answer.
fn write_response(out: &mut dyn Write, response: &Response) -> Result<()> {
    out.write_all(&encode(response)?)
        .map_err(|e| Error::io("<stdout>", e))
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
    match request(text, line) {
        Ok((id, inv)) => run_request(ctx, id, inv, line),
        Err(response) => (*response, false),
    }
}

/// Runs a parsed request on `ctx`.
fn run_request(
    ctx: &mut Context,
    id: Box<RawValue>,
    inv: command::Invocation,
    line: usize,
) -> (Response, bool) {
    let format = inv.format;
    let outcome = command::execute(inv, ctx);
    ctx.notes.clear();
    finish(id, line, format, outcome)
}

/// A request line read as its `id` and the command it asks for, or the
/// answer that says why it is none.
///
/// The line is read once, into its fields, `id` and the first key given twice
/// ([`Request`]); a line that is no JSON object is read again by
/// [`request_read_twice`], whose messages say what is wrong with it.
fn request(
    text: &str,
    line: usize,
) -> std::result::Result<(Box<RawValue>, command::Invocation), Box<Response>> {
    let Ok(Request { fields, id, twice }) = serde_json::from_str::<Request>(text) else {
        return request_read_twice(text, line);
    };
    answer_request(fields, id.unwrap_or_else(null_id), twice, line)
}

/// The command a request's fields (without `id`) ask for, unless it gives a
/// key twice.
fn answer_request(
    obj: serde_json::Map<String, Value>,
    id: Box<RawValue>,
    twice: Option<String>,
    line: usize,
) -> std::result::Result<(Box<RawValue>, command::Invocation), Box<Response>> {
    if let Some(key) = twice {
        let e = Error::bad_request(format!("'{key}' is given twice; give each field once"));
        return Err(Box::new(error_response(id, line, &e)));
    }
    match command::json::parse(obj) {
        Ok(inv) => Ok((id, inv)),
        Err(e) => Err(Box::new(error_response(id, line, &e))),
    }
}

/// [`request`] the way it was first written: the line read as a
/// [`serde_json::Value`], then again as an [`Envelope`]. It says why a line is
/// no request ("malformed JSON at column 7", "a request is a JSON object").
fn request_read_twice(
    text: &str,
    line: usize,
) -> std::result::Result<(Box<RawValue>, command::Invocation), Box<Response>> {
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
            return Err(Box::new(failure(
                null_id(),
                line,
                "bad_json",
                msg,
                Vec::new(),
            )));
        }
    };
    let Value::Object(mut obj) = value else {
        let msg = format!("line {line}: a request is a JSON object");
        return Err(Box::new(failure(
            null_id(),
            line,
            "bad_request",
            msg,
            Vec::new(),
        )));
    };
    obj.remove("id");
    let envelope: Option<Envelope> = serde_json::from_str(text).ok();
    let (id, twice) = match envelope {
        Some(e) => (e.id.unwrap_or_else(null_id), e.twice),
        None => (null_id(), None),
    };
    answer_request(obj, id, twice, line)
}

/// A request line read in one pass: its fields but `id` as
/// [`request_read_twice`] reads them (the same map, its keys in the same
/// order), `id` as written, and the first key given twice.
struct Request {
    fields: serde_json::Map<String, Value>,
    id: Option<Box<RawValue>>,
    twice: Option<String>,
}

impl<'de> serde::Deserialize<'de> for Request {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Request;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Request, A::Error> {
                let mut fields = serde_json::Map::new();
                let mut id = None;
                let mut twice = None;
                while let Some(key) = map.next_key::<String>()? {
                    // serde_json's own tokens (its numbers and raw values) are
                    // read by `Value` as what they stand for: leave them to it.
                    if key.starts_with("$serde_json::private::") {
                        return Err(serde::de::Error::custom("a serde_json token"));
                    }
                    if key == "id" {
                        id = Some(map.next_value::<Box<RawValue>>()?);
                        // Held in its place and taken out below, as the reading
                        // into one `Value` does: the order of the keys after it
                        // is the one that reading leaves.
                        if !fields.contains_key("id") {
                            fields.insert(key, Value::Null);
                        } else if twice.is_none() {
                            twice = Some(key);
                        }
                        continue;
                    }
                    let value = map.next_value::<Value>()?;
                    if fields.insert(key.clone(), value).is_some() && twice.is_none() {
                        twice = Some(key);
                    }
                }
                fields.remove("id");
                Ok(Request { fields, id, twice })
            }
        }
        d.deserialize_map(V)
    }
}

/// The answer to a request from what running it gave.
fn finish(
    id: Box<RawValue>,
    line: usize,
    format: Option<crate::format::Format>,
    outcome: Result<Outcome>,
) -> (Response, bool) {
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{request, request_read_twice};

    /// Keys a request line may hold: its own, `id`, unknown ones, serde_json's tokens.
    const KEYS: &[&str] = &[
        "op",
        "id",
        "from",
        "to",
        "k",
        "format",
        "bogus",
        "Op",
        "$serde_json::private::Number",
    ];
    const VALUES: &[&str] = &[
        "\"path\"",
        "\"stats\"",
        "\"Japan\"",
        "\"Kyodo\"",
        "2",
        "-1",
        "1e3",
        "true",
        "null",
        "[\"a\", 1]",
        "{\"a\": {}}",
        "\"json\"",
    ];

    fn line() -> impl Strategy<Value = String> {
        let pair = (0..KEYS.len(), 0..VALUES.len())
            .prop_map(|(k, v)| format!("\"{}\": {}", KEYS[k], VALUES[v]));
        prop_oneof![
            10 => prop::collection::vec(pair, 0..6).prop_map(|p| format!("{{{}}}", p.join(", "))),
            1 => (0..VALUES.len()).prop_map(|v| VALUES[v].to_string()),
            1 => "[ {}\\[\\]\":,a-z0-9]{0,12}",
        ]
    }

    proptest! {
        /// One reading of a line answers as the two readings do.
        #[test]
        fn one_reading_is_two(text in line()) {
            let once = format!("{:?}", request(&text, 3));
            let twice = format!("{:?}", request_read_twice(&text, 3));
            prop_assert_eq!(once, twice, "{}", text);
        }
    }
}
