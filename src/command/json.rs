//! JSON requests as commands: `{"op": "add_relation", "from": "Kishida", ...}`.
//!
//! A request is turned into the words the command line would take and parsed
//! by the same clap grammar, so a request and a command line can never accept
//! different things: first by its command's part of the grammar alone
//! ([`super::lean`], far cheaper per request), then, when that refuses the
//! words, by the whole grammar, whose message the request gets. The op is the command's words joined by `_`; a field is a
//! long option's name with `-` as `_`, or a positional argument's documented
//! name (`FROM` is `from`), plus `format` and `timeout_ms`. The lists of ops and
//! of each op's fields are read off the clap tree ([`ops`], [`fields`]).
//!
//! Values: strings and numbers are the option's value; `true`/`false` set or
//! leave a flag; an array repeats the option (or gives several positional
//! words); `null` is the same as leaving the field out.

use std::time::Duration;

use clap::{Arg, ArgAction};
use serde_json::{Map, Value};

use super::help;
use super::spec::Spec;
use super::{Invocation, SPECS};
use crate::error::{Error, Result};

/// Fields every request may carry besides its command's own.
pub const COMMON_FIELDS: [&str; 2] = ["format", "timeout_ms"];

/// Flags a request may also give the other way round, `(positive, flag)`:
/// `"evidence": false` is `"no_evidence": true`, for every op that has the
/// flag. Both given must agree.
pub const NEGATED: [(&str, &str); 1] = [("evidence", "no_evidence")];

/// The positive names `spec`'s requests may give its flags by, `(positive, flag)`.
pub fn negated(spec: &Spec) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    NEGATED
        .into_iter()
        .filter(|(_, flag)| fields(spec).iter().any(|f| f.name == *flag && f.is_flag()))
}

/// An op name and the spec it stands for.
#[derive(Debug, Clone)]
pub struct Op {
    pub name: String,
    pub spec: &'static Spec,
}

/// Every op a request may name: each command's words joined by `_`, then the
/// names its aliases give (`neighbors`, `entity`, `exit`).
pub fn ops() -> &'static [Op] {
    static OPS: std::sync::LazyLock<Vec<Op>> = std::sync::LazyLock::new(all_ops);
    &OPS
}

fn all_ops() -> Vec<Op> {
    let mut out: Vec<Op> = SPECS
        .iter()
        .map(|s| Op {
            name: s.op(),
            spec: s,
        })
        .collect();
    for s in SPECS {
        let Some(cmd) = help::find(&s.words[..1]) else {
            continue;
        };
        // Shell habits (`:q`, `.quit`, `\q`) are no names for an op.
        let word =
            |a: &&str| a.len() > 1 && a.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        for alias in cmd.get_all_aliases().filter(word) {
            let mut words: Vec<&str> = s.words.to_vec();
            words[0] = alias;
            out.push(Op {
                name: words.join("_"),
                spec: s,
            });
        }
    }
    out
}

/// One field of a request: its JSON name and the clap argument it fills.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub arg: Arg,
    /// It takes any text (a name, a path, a date), so a JSON number or
    /// boolean there is a mistake, not a value to spell out.
    pub text: bool,
    /// It takes a number (`k`, `depth`, `confidence`), so a JSON string or
    /// boolean there is a mistake of type, said as one (the schema says integer).
    pub number: bool,
}

impl Field {
    pub fn is_positional(&self) -> bool {
        self.arg.is_positional()
    }

    /// Whether the field takes `true`/`false` rather than a value.
    pub fn is_flag(&self) -> bool {
        matches!(self.arg.get_action(), ArgAction::SetTrue)
    }

    /// Whether it takes several values (an array).
    pub fn is_list(&self) -> bool {
        matches!(self.arg.get_action(), ArgAction::Append)
            || self.arg.get_num_args().is_some_and(|r| r.max_values() > 1)
            || self.arg.get_value_delimiter().is_some()
    }
}

/// The JSON name of a clap argument.
pub fn field_name(a: &Arg) -> String {
    if a.is_positional() {
        a.get_value_names()
            .and_then(|v| v.first())
            .map_or_else(|| a.get_id().to_string(), |n| n.to_lowercase())
            .replace('-', "_")
    } else {
        a.get_long()
            .map_or_else(|| a.get_id().to_string(), str::to_string)
            .replace('-', "_")
    }
}

/// The fields of `spec`'s command, positional ones first in their order.
pub fn fields(spec: &Spec) -> &'static [Field] {
    static FIELDS: std::sync::LazyLock<Vec<Vec<Field>>> =
        std::sync::LazyLock::new(|| SPECS.iter().map(|s| fields_of(s)).collect());
    SPECS
        .iter()
        .position(|s| s.words == spec.words)
        .map_or(&[], |i| FIELDS[i].as_slice())
}

fn fields_of(spec: &Spec) -> Vec<Field> {
    let Some(cmd) = help::find(spec.words) else {
        return Vec::new();
    };
    let mut out: Vec<Field> = cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_global_set())
        .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
        .map(|a| Field {
            name: field_name(a),
            arg: a.clone(),
            text: {
                let t = a.get_value_parser().type_id();
                t == std::any::TypeId::of::<String>()
                    || t == std::any::TypeId::of::<std::path::PathBuf>()
            },
            number: {
                let t = a.get_value_parser().type_id();
                [
                    std::any::TypeId::of::<usize>(),
                    std::any::TypeId::of::<u64>(),
                    std::any::TypeId::of::<u32>(),
                    std::any::TypeId::of::<f64>(),
                ]
                .iter()
                .any(|i| t == *i)
            },
        })
        .collect();
    out.sort_by_key(|f| !f.is_positional());
    out
}

/// Every field name `spec`'s requests may carry, aliases and common fields included.
pub fn field_names(spec: &Spec) -> Vec<String> {
    let mut names: Vec<String> = fields(spec).iter().map(|f| f.name.clone()).collect();
    names.extend(spec.json_aliases.iter().map(|(a, _)| a.to_string()));
    names.extend(negated(spec).map(|(p, _)| p.to_string()));
    names.extend(COMMON_FIELDS.iter().map(|s| s.to_string()));
    names
}

/// A request object (without `id`) as an invocation, refusing unknown ops and fields.
///
/// The request's words are parsed by its command's grammar alone
/// ([`super::lean`]), and by the whole grammar ([`Route::Grammar`]) whenever
/// that refuses them, so a request is taken, or refused with the message, as
/// the whole grammar would.
///
/// # Errors
/// `bad_request` naming the op or field at fault, with close names as suggestions.
pub fn parse(obj: Map<String, Value>) -> Result<Invocation> {
    parse_by(obj, Route::Lean)
}

/// Which clap grammar [`parse_by`] parses a request's words with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// The command's grammar alone ([`super::lean`]), then the whole grammar
    /// when it refuses them: what [`parse`] does.
    Lean,
    /// The whole grammar, as the command line parses (the words after `kg`).
    Grammar,
    /// The command's grammar alone, with no second try: a request it refuses
    /// gets a `bad_request` that says only that. For tests, which hold it to
    /// answer the requests the whole grammar takes.
    LeanOnly,
}

/// [`parse`], with the words parsed by `route`'s grammar. Both routes give
/// the same invocation or the same error (tested by `tests/json_parse.rs`).
///
/// # Errors
/// As [`parse`].
pub fn parse_by(mut obj: Map<String, Value>, route: Route) -> Result<Invocation> {
    let all = ops();
    let op = match obj.remove("op") {
        Some(Value::String(op)) => op,
        Some(_) => return Err(Error::bad_request("'op' must be a string")),
        None => {
            // `{"OP": ...}`: keys are lower case, as the fields of every op.
            if let Some(key) = obj.keys().find(|k| k.eq_ignore_ascii_case("op")) {
                return Err(Error::BadRequest {
                    message: format!("missing 'op' (keys are lower case: '{key}' is not 'op')"),
                    suggestions: vec!["op".into()],
                });
            }
            return Err(Error::BadRequest {
                message: "missing 'op'".into(),
                suggestions: SPECS.iter().map(|s| s.op()).collect(),
            });
        }
    };
    let Some(found) = all.iter().find(|o| o.name == op) else {
        return Err(Error::BadRequest {
            message: format!("unknown op '{op}'"),
            suggestions: crate::suggest::closest(&op, all.iter().map(|o| o.name.as_str())),
        });
    };
    let spec = found.spec;
    if let Some(e) = super::refusal(spec, super::Front::Json) {
        return Err(e);
    }
    let timeout = match obj.remove("timeout_ms") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_u64().filter(|&ms| ms > 0) {
            Some(ms) => Some(Duration::from_millis(ms)),
            None => {
                return Err(Error::bad_request(
                    "'timeout_ms' must be a whole number of milliseconds above 0",
                ))
            }
        },
    };
    let fields = fields(spec);
    let known = |key: &str| {
        fields.iter().any(|f| f.name == key)
            || spec.json_aliases.iter().any(|(a, _)| *a == key)
            || negated(spec).any(|(p, _)| p == key)
            || COMMON_FIELDS.contains(&key)
    };
    for key in obj.keys() {
        if !known(key) {
            let known = field_names(spec);
            let mut message = format!("'{op}' takes no field '{key}'");
            if matches!(key.as_str(), "graph" | "epoch") {
                message
                    .push_str("; kg query runs on the graph it was started with (load adds files)");
            }
            // A known key in the wrong case first ("From" → "from", "Op" → "op").
            let same_but_case: Vec<String> = known
                .iter()
                .map(String::as_str)
                .chain(["op", "id"])
                .filter(|k| k.eq_ignore_ascii_case(key))
                .map(str::to_string)
                .collect();
            if !same_but_case.is_empty() {
                message.push_str("; keys are lower case");
            }
            let mut suggestions = same_but_case;
            for s in crate::suggest::closest(key, known.iter().map(String::as_str)) {
                if !suggestions.contains(&s) {
                    suggestions.push(s);
                }
            }
            return Err(Error::BadRequest {
                message,
                suggestions,
            });
        }
    }
    for (alias, field) in spec.json_aliases {
        if let Some(v) = obj.remove(*alias) {
            if obj.contains_key(*field) {
                return Err(Error::bad_request(format!(
                    "give '{field}' or '{alias}', not both"
                )));
            }
            obj.insert(field.to_string(), v);
        }
    }
    for (positive, flag) in negated(spec) {
        let Some(v) = obj.remove(positive).filter(|v| !v.is_null()) else {
            continue;
        };
        let Value::Bool(on) = v else {
            return Err(Error::bad_request(format!("'{positive}' is true or false")));
        };
        match obj.get(flag) {
            Some(Value::Bool(given)) if *given == on => {
                return Err(Error::BadRequest {
                    message: format!(
                        "'{positive}': {on} and '{flag}': {given} say opposite things; give one of them"
                    ),
                    suggestions: vec![positive.to_string(), flag.to_string()],
                })
            }
            Some(v) if !v.is_null() => {}
            _ => {
                obj.insert(flag.to_string(), Value::Bool(!on));
            }
        }
    }
    let format = match obj.remove("format") {
        Some(v) if !v.is_null() => Some(scalar("format", &v)?),
        _ => None,
    };
    // The words of the command line but `--format`, which goes before them.
    let mut argv: Vec<String> = vec!["kg".into()];
    argv.extend(spec.words.iter().map(|w| w.to_string()));
    let mut positionals: Vec<String> = Vec::new();
    let mut missing: Option<&str> = None;
    for f in fields {
        let value = obj.get(&f.name).filter(|v| !v.is_null());
        if f.is_positional() {
            match value {
                None => missing = missing.or(Some(&f.name)),
                Some(v) => {
                    if let Some(m) = missing {
                        return Err(Error::bad_request(format!("'{op}' needs '{m}'")));
                    }
                    positionals.extend(values(f, v)?);
                }
            }
            continue;
        }
        let Some(v) = value else { continue };
        let long = f.arg.get_long().unwrap_or_default();
        if f.is_flag() {
            match v {
                Value::Bool(true) => argv.push(format!("--{long}")),
                Value::Bool(false) => {}
                _ => return Err(Error::bad_request(format!("'{}' is true or false", f.name))),
            }
            continue;
        }
        let vals = values(f, v)?;
        if vals.is_empty() {
            // An empty list is an empty value, refused as on the command line.
            argv.push(format!("--{long}="));
        }
        argv.extend(vals.into_iter().map(|x| format!("--{long}={x}")));
    }
    if !positionals.is_empty() {
        argv.push("--".into());
        argv.extend(positionals);
    }
    if route != Route::Grammar {
        let index = SPECS.iter().position(|s| s.words == spec.words);
        let format = match &format {
            None => Some(None),
            Some(f) => super::lean::format(f).map(Some),
        };
        if let (Some(index), Some(format)) = (index, format) {
            let lean = super::lean::path_between(index, &argv)
                .or_else(|| super::lean::command(index, &argv));
            if let Some(command) = lean {
                return Ok(Invocation {
                    command,
                    timeout,
                    format,
                    no_pager: false,
                });
            }
        }
    }
    if route == Route::LeanOnly {
        return Err(Error::bad_request(format!(
            "'{op}': its command's grammar alone refuses {argv:?}"
        )));
    }
    if let Some(f) = format {
        argv.insert(1, format!("--format={f}"));
    }
    let cli = super::parse_argv(&argv).map_err(|e| clap_error(&e, &op, fields))?;
    let command = cli
        .command
        .ok_or_else(|| Error::bad_request(format!("'{op}' is not a command")))?;
    Ok(Invocation {
        command,
        timeout,
        format: cli.format,
        no_pager: false,
    })
}

/// A field's value as command-line words.
fn values(f: &Field, v: &Value) -> Result<Vec<String>> {
    let word = |x: &Value| match x {
        Value::Number(_) | Value::Bool(_) if f.text => Err(Error::bad_request(format!(
            "'{}' takes a string, not {x}",
            f.name
        ))),
        Value::String(_) | Value::Bool(_) if f.number => {
            let got = match x {
                Value::String(s) if s.trim().parse::<f64>().is_ok() => {
                    format!("the string {x}; write {} without quotes", s.trim())
                }
                Value::String(_) => format!("the string {x}"),
                other => other.to_string(),
            };
            Err(Error::bad_request(format!(
                "'{}' must be {}, got {got}",
                f.name,
                number_kind(f)
            )))
        }
        _ => scalar(&f.name, x),
    };
    match v {
        Value::Array(items) if f.is_list() => items.iter().map(word).collect(),
        Value::Array(_) => Err(Error::bad_request(format!(
            "'{}' takes one value, not a list",
            f.name
        ))),
        other => Ok(vec![word(other)?]),
    }
}

/// What a number field must be, in the words its own parser uses for a
/// mistake ("a whole number ≥ 1"), so the two messages never disagree.
fn number_kind(f: &Field) -> String {
    let arg = f.arg.clone().required(false).index(None::<usize>);
    let (arg, word) = if f.is_positional() {
        (arg.index(1), "?".to_string())
    } else {
        let long = f.arg.get_long().unwrap_or("x");
        (arg, format!("--{long}=?"))
    };
    let said = clap::Command::new("probe")
        .no_binary_name(true)
        .arg(arg)
        .try_get_matches_from([word])
        .err()
        .and_then(|e| std::error::Error::source(&e).map(ToString::to_string));
    said.as_deref()
        .and_then(super::values::expected)
        .map_or_else(|| "a number".to_string(), str::to_string)
}

/// One string or number as a word.
fn scalar(name: &str, v: &Value) -> Result<String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => Err(Error::bad_request(format!(
            "'{name}' takes a string or a number"
        ))),
    }
}

/// clap's message with the command line's spelling of arguments (`--max-len <N>`,
/// `<FROM>`) replaced by the fields of the request.
fn clap_error(e: &clap::Error, op: &str, fields: &[Field]) -> Error {
    let text = e.render().to_string();
    let mut line = text
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("error: ")
        .to_string();
    if e.kind() == clap::error::ErrorKind::MissingRequiredArgument {
        let names: Vec<String> = text
            .lines()
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .filter_map(|l| spelled(l.trim(), fields))
            .collect();
        if !names.is_empty() {
            let list: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
            return Error::bad_request(format!("'{op}' needs {}", list.join(", ")));
        }
    }
    // A value its parser refused: "'k' must be a whole number ≥ 1, got 2.5".
    if e.kind() == clap::error::ErrorKind::ValueValidation {
        let arg = e
            .get(clap::error::ContextKind::InvalidArg)
            .map(ToString::to_string);
        let field = arg.as_deref().and_then(|a| spelled(a, fields));
        let why = std::error::Error::source(e).map(ToString::to_string);
        if let (Some(field), Some(why)) = (field, why) {
            return Error::bad_request(format!("'{field}' {why}"));
        }
    }
    let mut spellings: Vec<(String, &str)> = fields
        .iter()
        .map(|f| (f.arg.to_string(), f.name.as_str()))
        .collect();
    spellings.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
    for (spelling, name) in spellings {
        line = line.replace(&format!("'{spelling}'"), &format!("field '{name}'"));
    }
    Error::bad_request(format!(
        "'{op}': {}",
        line.replace("the argument field", "field")
    ))
}

/// The field a clap argument spelling (`<FROM>`, `--output <PATH>`) stands for.
fn spelled(s: &str, fields: &[Field]) -> Option<String> {
    fields
        .iter()
        .find(|f| f.arg.to_string() == s)
        .map(|f| f.name.clone())
}

/// The JSON request for a command line's words (no program name): the inverse
/// of [`parse`], so the same question can be put to every front end. Options
/// and arguments the words give become fields; defaults do not.
///
/// # Errors
/// The words' parse error.
pub fn request_of(words: &[String]) -> Result<Value> {
    let argv = std::iter::once("kg".to_string()).chain(words.iter().cloned());
    let matches = super::grammar()
        .clone()
        .try_get_matches_from(argv)
        .map_err(|e| Error::usage(e.render().to_string()))?;
    let mut obj = Map::new();
    let mut m = &matches;
    let mut path: Vec<&str> = Vec::new();
    while let Some((name, sub)) = m.subcommand() {
        path.push(name);
        m = sub;
    }
    let spec = super::help::canonical(&path)
        .and_then(|w| super::help::spec_of(&w))
        .ok_or_else(|| Error::usage("no command"))?;
    obj.insert("op".into(), Value::String(spec.op()));
    let raw = |m: &clap::ArgMatches, id: &str| -> Option<Vec<String>> {
        if m.value_source(id) != Some(clap::parser::ValueSource::CommandLine) {
            return None;
        }
        m.get_raw(id)
            .map(|vals| vals.map(|v| v.to_string_lossy().into_owned()).collect())
    };
    for f in fields(spec) {
        let id = f.arg.get_id().as_str();
        if f.is_flag() {
            if m.value_source(id) == Some(clap::parser::ValueSource::CommandLine) && m.get_flag(id)
            {
                obj.insert(f.name.clone(), Value::Bool(true));
            }
            continue;
        }
        let Some(vals) = raw(m, id) else { continue };
        // A number field's word is a JSON number, as a request must give it.
        let json = |v: String| match serde_json::from_str::<serde_json::Number>(&v) {
            Ok(n) if f.number => Value::Number(n),
            _ => Value::String(v),
        };
        let value = if f.is_list() {
            Value::Array(vals.into_iter().map(json).collect())
        } else {
            json(vals.into_iter().next().unwrap_or_default())
        };
        obj.insert(f.name.clone(), value);
    }
    if let Some(v) = raw(m, "format").or_else(|| raw(&matches, "format")) {
        obj.insert("format".into(), Value::String(v.concat()));
    }
    if let Some(v) = raw(m, "timeout").or_else(|| raw(&matches, "timeout")) {
        let t = super::values::parse_duration(&v.concat()).map_err(Error::usage)?;
        obj.insert(
            "timeout_ms".into(),
            Value::from(t.as_millis().max(1) as u64),
        );
    }
    Ok(Value::Object(obj))
}
