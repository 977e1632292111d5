//! The JSON Lines contract, derived from the grammar: the JSON Schema of
//! requests (`docs/schema/request.schema.json`) and the op table of
//! `docs/json.md`. A test regenerates both and compares them with the files,
//! so the documents cannot drift from what `kg query` accepts.
//!
//! What a field may hold is read off its clap argument: possible values give an
//! `enum`, a flag is a boolean, an integer parser an integer (its minimum found
//! by asking the parser whether it takes 0), a list a string or an array of
//! strings, a `DATE` value a calendar date; required positional arguments are
//! required fields.

use std::any::TypeId;

use serde_json::{json, Map, Value};

use super::json::{fields, Field, COMMON_FIELDS};
use super::spec::{Front, Spec};
use super::SPECS;

/// The specs `kg query` runs.
fn json_specs() -> impl Iterator<Item = &'static Spec> {
    SPECS.iter().copied().filter(|s| s.runs_in(Front::Json))
}

/// The names a request's `op` may take for `spec`: its own, then its aliases'.
fn op_names(spec: &Spec) -> Vec<String> {
    super::json::ops()
        .iter()
        .filter(|o| o.spec.words == spec.words)
        .map(|o| o.name.clone())
        .collect()
}

/// Whether the argument's parser takes `word` (the argument alone, optional).
fn takes(f: &Field, word: &str) -> bool {
    let arg = f.arg.clone().required(false).index(None::<usize>);
    let (arg, value) = if f.is_positional() {
        (arg.index(1), word.to_string())
    } else {
        let long = f.arg.get_long().unwrap_or("x");
        (arg, format!("--{long}={word}"))
    };
    clap::Command::new("probe")
        .no_binary_name(true)
        .arg(arg)
        .try_get_matches_from([value])
        .is_ok()
}

/// The schema of one value of `f`.
fn value_schema(f: &Field) -> Value {
    let choices = super::help::choices(&f.arg);
    if !choices.is_empty() {
        return json!({ "enum": choices });
    }
    let t = f.arg.get_value_parser().type_id();
    let integer = [
        TypeId::of::<usize>(),
        TypeId::of::<u64>(),
        TypeId::of::<u32>(),
    ]
    .iter()
    .any(|i| t == *i);
    if integer {
        let minimum = if takes(f, "0") { 0 } else { 1 };
        return json!({ "type": "integer", "minimum": minimum });
    }
    if t == TypeId::of::<f64>() {
        return json!({ "type": "number" });
    }
    let value_name = f
        .arg
        .get_value_names()
        .and_then(|v| v.first())
        .map(|n| n.as_str().to_string());
    if value_name.as_deref() == Some("DATE") {
        return json!({ "$ref": "#/$defs/date" });
    }
    json!({ "type": "string" })
}

/// The schema of field `f`, with its help as description.
fn field_schema(f: &Field) -> Value {
    let mut s = if f.is_flag() {
        json!({ "type": "boolean" })
    } else if f.is_list() {
        let one = value_schema(f);
        json!({ "oneOf": [one.clone(), { "type": "array", "items": one }] })
    } else {
        value_schema(f)
    };
    if let Some(help) = f.arg.get_help() {
        s["description"] = Value::String(help.to_string());
    }
    s
}

/// The branch of the request schema for one command.
fn branch(spec: &Spec) -> Value {
    let mut props = Map::new();
    props.insert("id".into(), Value::Bool(true));
    props.insert("op".into(), json!({ "enum": op_names(spec) }));
    props.insert(
        "timeout_ms".into(),
        json!({ "type": "integer", "minimum": 1 }),
    );
    props.insert("format".into(), json!({ "$ref": "#/$defs/format" }));
    let mut required = vec![Value::String("op".into())];
    let mut alternatives = Vec::new();
    for f in fields(spec) {
        props.insert(f.name.clone(), field_schema(f));
        if f.arg.is_required_set() {
            let aliases: Vec<&str> = spec
                .json_aliases
                .iter()
                .filter(|(_, field)| *field == f.name)
                .map(|(a, _)| *a)
                .collect();
            if aliases.is_empty() {
                required.push(Value::String(f.name.clone()));
            } else {
                let mut names = vec![f.name.as_str()];
                names.extend(aliases);
                alternatives.push(names);
            }
        }
    }
    for (alias, field) in spec.json_aliases {
        if let Some(s) = props.get(*field).cloned() {
            props.insert(alias.to_string(), s);
        }
    }
    for (positive, flag) in super::json::negated(spec) {
        props.insert(
            positive.to_string(),
            json!({
                "type": "boolean",
                "description": format!("The opposite of '{flag}': false is '{flag}': true."),
            }),
        );
    }
    let mut b = json!({
        "description": format!("{} ({})", super::help::synopsis(spec), spec.op()),
        "properties": props,
        "required": required,
        "additionalProperties": false,
    });
    // Either name of an aliased field, not both.
    if let Some(names) = alternatives.first() {
        b["oneOf"] = Value::Array(names.iter().map(|n| json!({ "required": [n] })).collect());
    }
    b
}

/// The JSON Schema of a request line.
pub fn request_schema() -> Value {
    let all_ops: Vec<String> = json_specs().flat_map(op_names).collect();
    let formats: Vec<&str> = crate::format::Format::ALL
        .iter()
        .map(|f| f.name())
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "kg/request.schema.json",
        "title": "kg query request (one JSON Lines line); generated from kg's grammar",
        "type": "object",
        "required": ["op"],
        "properties": {
            "id": { "description": "Any JSON value, echoed in the answer." },
            "op": { "enum": all_ops },
        },
        "$defs": {
            "date": { "type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$" },
            "format": { "enum": formats },
        },
        "oneOf": json_specs().map(branch).collect::<Vec<_>>(),
    })
}

/// The op table of `docs/json.md`: every op with its fields and the command
/// line it stands for.
pub fn op_table() -> String {
    let mut out = String::from("| op | fields | same as |\n|---|---|---|\n");
    for spec in json_specs() {
        let names = op_names(spec);
        let op = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(" or ");
        let fs: Vec<String> = fields(spec)
            .iter()
            .map(|f| {
                let required = f.arg.is_required_set();
                let aliases: Vec<String> = spec
                    .json_aliases
                    .iter()
                    .filter(|(_, field)| *field == f.name)
                    .map(|(a, _)| format!(" (or `{a}`)"))
                    .chain(
                        super::json::negated(spec)
                            .filter(|(_, flag)| *flag == f.name)
                            .map(|(p, _)| format!(" (or `{p}`: false)")),
                    )
                    .collect();
                format!(
                    "{}`{}`{}{}",
                    if required { "**" } else { "" },
                    f.name,
                    aliases.concat(),
                    if required { "**" } else { "" }
                )
            })
            .collect();
        let fs = if fs.is_empty() {
            "—".to_string()
        } else {
            fs.join(", ")
        };
        out.push_str(&format!(
            "| {op} | {fs} | `kg {}` |\n",
            super::help::synopsis(spec).replace('|', "\\|")
        ));
    }
    out.push_str(&format!(
        "\nEvery request may also carry `id`, {}. Fields in **bold** are required.\n",
        COMMON_FIELDS
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(" and ")
    ));
    out
}
