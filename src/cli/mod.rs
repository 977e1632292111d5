//! The command line, as clap types. Each subcommand's work is in its own file.

pub mod build;
pub mod check;
pub mod edit;
pub mod export;
mod filter;
pub mod neighbours;
pub mod path;
pub mod query;
pub mod render;
pub mod show;

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::date::Date;
use crate::error::{Error, Result};
use crate::load::{self, LoadOptions};
use crate::model::KnowledgeGraph;
use crate::query::Query;
use crate::render::Format;
use crate::session::Edit;

/// kg — build typed knowledge graphs with evidence, and ask how things are connected.
///
/// With no command, kg shows the built-in graph (Russia–Japan relations, March 2016).
///
/// Exit status: 0 success, 1 an error (bad file, unknown name, I/O), 2 a usage error.
#[derive(Debug, Parser)]
#[command(name = "kg", version, max_term_width = 100)]
pub struct Cli {
    /// Graph file or dataset folder to load (repeatable): kg JSON, .tsv/.txt or .csv
    /// triples, or a folder with train/valid/test.txt. Default: the built-in graph.
    #[arg(long = "graph", short = 'g', value_name = "PATH", global = true)]
    pub graphs: Vec<PathBuf>,

    /// Day zero for integer time columns in triple files (hours since that day, as in ICEWS).
    #[arg(long, value_name = "YYYY-MM-DD", global = true, value_parser = parse_date)]
    pub epoch: Option<Date>,

    /// Stop a query after this long: 500ms, 2s, 1.5 (seconds). Enumerations (--all,
    /// -k, neighbours) then return what they found, marked truncated [default: 1s
    /// for enumerations, none for the rest].
    #[arg(long, value_name = "DURATION", global = true, value_parser = parse_duration)]
    pub timeout: Option<std::time::Duration>,

    /// Output format [default: text].
    #[arg(long, value_enum, global = true)]
    pub format: Option<FormatArg>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
    /// Graphviz DOT of the answer's subgraph (path, neighbours, show).
    Dot,
    /// The DOT drawing as SVG, laid out by Graphviz (which must be installed).
    Svg,
    /// The DOT drawing as PNG, laid out by Graphviz (which must be installed).
    Png,
    /// GraphML with typed attributes (NetworkX, Gephi, yEd); see docs/export.md.
    Graphml,
    /// RDF N-Triples (Oxigraph, Jena, rdflib); see docs/export.md.
    Ntriples,
    /// Neo4j bulk-import CSV: nodes.csv and relationships.csv (kg export -o DIR).
    #[value(name = "neo4j-csv")]
    Neo4jCsv,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Dot => Format::Dot,
            FormatArg::Svg => Format::Svg,
            FormatArg::Png => Format::Png,
            FormatArg::Graphml => Format::Graphml,
            FormatArg::Ntriples => Format::Ntriples,
            FormatArg::Neo4jCsv => Format::Neo4jCsv,
        }
    }
}

/// `500ms`, `2s` or a plain number of seconds.
pub fn parse_duration(s: &str) -> std::result::Result<std::time::Duration, String> {
    let t = s.trim();
    let (number, scale) = if let Some(ms) = t.strip_suffix("ms") {
        (ms, 0.001)
    } else if let Some(sec) = t.strip_suffix('s') {
        (sec, 1.0)
    } else {
        (t, 1.0)
    };
    match number.trim().parse::<f64>() {
        Ok(n) if n.is_finite() && n > 0.0 && n * scale < 1e9 => {
            Ok(std::time::Duration::from_secs_f64(n * scale))
        }
        _ => Err(format!(
            "'{s}' is not a duration; write e.g. 500ms, 2s or 1.5"
        )),
    }
}

fn parse_date(s: &str) -> std::result::Result<Date, String> {
    s.parse::<Date>().map_err(|e| e.to_string())
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Validate graph files and report every problem, with file:line:column.
    ///
    /// Exits 0 when every file is clean, 1 otherwise. With no PATH, checks the
    /// --graph files, or the built-in graph.
    Check(check::Args),
    /// Count entities and relations, by type.
    Stats,
    /// Show an entity: aliases, where it was defined, attributes, and its relations
    /// in both directions with their evidence.
    Show(show::Args),
    /// Shortest paths between two entities, hop by hop with evidence.
    ///
    /// Relations are followed either way unless --direction says otherwise. Among
    /// equally short paths the first by entity names, then relation types, is shown.
    Path(path::Args),
    /// Everything within --depth hops of an entity, with the relations among them.
    #[command(visible_alias = "neighbors")]
    Neighbours(neighbours::Args),
    /// Answer JSON Lines requests: one JSON object per line in, one answer per line out.
    ///
    /// See docs/json.md. Exits 1 when any request failed, 0 otherwise.
    Query(query::Args),
    /// Add an entity, a relation or a source (validated like a graph file).
    ///
    /// On the command line this changes the kg JSON file named with --graph.
    Add(edit::AddArgs),
    /// Remove an entity (with its relations) or relations.
    Remove(edit::RemoveArgs),
    /// Give an entity another name.
    Alias(edit::AliasArgs),
    /// Fold a duplicate entity into another, keeping its names and relations.
    Merge(edit::MergeArgs),
    /// The interactive shell (what `kg` with no command opens).
    Repl,
    /// Write a binary snapshot (.kgb) of graph files, loaded much faster with --graph.
    ///
    /// The inputs are validated as for --graph; the snapshot holds the whole graph
    /// and its traversal index, with a version and a checksum (a damaged or foreign
    /// file is refused). The output is replaced atomically.
    Build(build::Args),
    /// Write the whole graph (or one answer, with --query) for other tools:
    /// --format dot|json|graphml|ntriples|neo4j-csv|svg|png.
    ///
    /// Writes to stdout, or atomically to -o PATH (neo4j-csv: -o DIR, two files).
    /// Without --format, the format comes from the extension of -o (.dot .gv .json
    /// .graphml .nt .svg .png), else kg JSON. See docs/export.md.
    Export(export::Args),
    /// Draw the whole graph (or one answer, with --query) with Graphviz:
    /// --format svg (default) or png.
    Render(render::Args),
}

impl Command {
    /// The question this command asks of a graph, if it is a query.
    pub fn query(&self, g: &KnowledgeGraph) -> Option<Result<Query>> {
        match self {
            Command::Stats => Some(Ok(Query::Stats {})),
            Command::Show(a) => Some(Ok(Query::Entity {
                name: a.name.join(" "),
            })),
            Command::Path(a) => Some(a.query(g)),
            Command::Neighbours(a) => Some(Ok(a.into())),
            _ => None,
        }
    }

    /// The change this command makes, if it is an edit.
    pub fn edit(&self) -> Option<Edit> {
        match self {
            Command::Add(a) => Some(a.into()),
            Command::Remove(a) => Some(a.into()),
            Command::Alias(a) => Some(a.into()),
            Command::Merge(a) => Some(a.into()),
            _ => None,
        }
    }
}

/// Loads the graph the command asked for: the --graph files, or the built-in graph.
/// Loader notes go to `err`.
pub fn load_graph(cli: &Cli, err: &mut dyn Write) -> Result<KnowledgeGraph> {
    if cli.graphs.is_empty() {
        return Ok(load::builtin());
    }
    let loaded = load::load_paths(&cli.graphs, &LoadOptions { epoch: cli.epoch })?;
    for n in &loaded.notes {
        let _ = writeln!(err, "kg: note: {n}");
    }
    Ok(loaded.graph)
}

/// Runs the command line; returns the process exit status.
pub fn run(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    let Some(command) = &cli.command else {
        return crate::repl::run(cli, out, err);
    };
    if let Some(edit) = command.edit() {
        return edit::run(cli, &edit, out, err);
    }
    match command {
        Command::Check(a) => check::run(cli, a, out, err),
        Command::Query(a) => query::run(cli, a, out, err),
        Command::Repl => crate::repl::run(cli, out, err),
        Command::Build(a) => build::run(cli, a, out, err),
        Command::Export(a) => export::run(cli, a, out, err),
        Command::Render(a) => render::run(cli, a, out, err),
        other => {
            let g = load_graph(cli, err)?;
            let q = other.query(&g).expect("every other command is a query")?;
            let answer = crate::query::run_with_timeout(&g, &q, cli.timeout)?;
            let color =
                crate::render::paint::wanted(std::io::IsTerminal::is_terminal(&std::io::stdout()));
            crate::render::write(
                out,
                &answer,
                cli.format.map_or(Format::Text, Into::into),
                color,
            )?;
            Ok(0)
        }
    }
}

/// Prints an error the way every front end does: `kg: error: ...` and `kg: hint: ...`.
pub fn report_error(err: &mut dyn Write, e: &Error) {
    match e {
        Error::Invalid(problems) => {
            for p in problems {
                let _ = writeln!(err, "kg: error: {p}");
                if let Some(h) = &p.hint {
                    let _ = writeln!(err, "kg: hint: {h}");
                }
            }
        }
        other => {
            let _ = writeln!(err, "kg: error: {other}");
            if let Some(h) = other.hint() {
                let _ = writeln!(err, "kg: hint: {h}");
            }
        }
    }
}
