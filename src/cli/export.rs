//! `kg export`: the whole graph, or one answer, in a format other tools read.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{load_graph, Cli, FormatArg};
use crate::error::{Error, Result};
use crate::export::{self, neo4j, ntriples, subgraph, write_atomic};
use crate::model::KnowledgeGraph;
use crate::query::{self, Answer, Query};
use crate::render::dot;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Write here (atomically) instead of stdout; for neo4j-csv, a folder that gets
    /// nodes.csv and relationships.csv.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Export the answer to one JSON request (as `kg query` reads them) instead of
    /// the whole graph, e.g. '{"op": "path", "from": "Kyodo", "to": "Kurils"}'.
    #[arg(long, value_name = "JSON")]
    pub query: Option<String>,
    /// Base IRI of N-Triples output [default: https://kg.example/].
    #[arg(long, value_name = "IRI")]
    pub base: Option<String>,
}

/// What `kg export` and `kg render` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Dot,
    Json,
    Graphml,
    Ntriples,
    Neo4jCsv,
    Svg,
    Png,
}

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Target::Dot => "dot",
            Target::Json => "json",
            Target::Graphml => "graphml",
            Target::Ntriples => "ntriples",
            Target::Neo4jCsv => "neo4j-csv",
            Target::Svg => "svg",
            Target::Png => "png",
        }
    }

    /// The format a file name's extension stands for.
    pub fn of_path(path: &Path) -> Option<Target> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "dot" | "gv" => Target::Dot,
            "json" => Target::Json,
            "graphml" => Target::Graphml,
            "nt" => Target::Ntriples,
            "svg" => Target::Svg,
            "png" => Target::Png,
            _ => return None,
        })
    }

    fn of_arg(f: FormatArg) -> Option<Target> {
        Some(match f {
            FormatArg::Dot => Target::Dot,
            FormatArg::Json => Target::Json,
            FormatArg::Graphml => Target::Graphml,
            FormatArg::Ntriples => Target::Ntriples,
            FormatArg::Neo4jCsv => Target::Neo4jCsv,
            FormatArg::Svg => Target::Svg,
            FormatArg::Png => Target::Png,
            FormatArg::Text => return None,
        })
    }
}

const FORMATS: &str = "dot, json, graphml, ntriples, neo4j-csv, svg or png";

/// The format to write: --format, else the extension of -o, else kg JSON.
fn target(cli: &Cli, args: &Args) -> Result<Target> {
    if let Some(f) = cli.format {
        return Target::of_arg(f).ok_or_else(|| {
            Error::bad_request(format!(
                "kg export writes {FORMATS}, not text; kg show, path and neighbours print text"
            ))
        });
    }
    match &args.output {
        None => Ok(Target::Json),
        Some(p) => Target::of_path(p).ok_or_else(|| {
            Error::bad_request(format!(
                "cannot tell the format from the name '{}'; name it with --format ({FORMATS})",
                p.display()
            ))
        }),
    }
}

pub fn run(cli: &Cli, args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    let t = target(cli, args)?;
    export(cli, args, t, out, err)
}

/// The answer to a `--query` request, within `--timeout` (or the default for
/// enumerations), as every front end runs queries.
fn answer(
    g: &KnowledgeGraph,
    request: &str,
    timeout: Option<std::time::Duration>,
) -> Result<Answer> {
    let value: serde_json::Value = serde_json::from_str(request)
        .map_err(|e| Error::bad_request(format!("--query is not JSON: {e}")))?;
    let serde_json::Value::Object(mut obj) = value else {
        return Err(Error::bad_request(
            "--query is a JSON object such as {\"op\": \"path\", \"from\": \"A\", \"to\": \"B\"}",
        ));
    };
    obj.remove("id");
    let q: Query = crate::script::parse(obj)?;
    query::run_with_timeout(g, &q, timeout)
}

/// A title for a drawing of the whole graph: its files and its size.
fn title(cli: &Cli, g: &KnowledgeGraph) -> String {
    let files = if cli.graphs.is_empty() {
        "built-in graph".to_string()
    } else {
        cli.graphs
            .iter()
            .map(|p| {
                p.file_name()
                    .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "{files}: {} entities, {} relations",
        g.entity_count(),
        g.relation_count()
    )
}

/// Writes `target` (the whole graph, or the answer to `--query`) to `-o` or `out`.
pub fn export(
    cli: &Cli,
    args: &Args,
    target: Target,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let base = ntriples::check_base(args.base.as_deref().unwrap_or(ntriples::DEFAULT_BASE))?;
    if target == Target::Neo4jCsv && args.output.is_none() {
        return Err(Error::bad_request(
            "neo4j-csv writes two files (nodes.csv and relationships.csv); name a folder for \
             them with -o DIR",
        ));
    }
    if target == Target::Png
        && args.output.is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        return Err(Error::bad_request(
            "a PNG is binary: name a file with -o picture.png, or redirect stdout",
        ));
    }
    let full = load_graph(cli, err)?;
    let answer = match &args.query {
        Some(q) => {
            let a = answer(&full, q, cli.timeout)?;
            if matches!(a, Answer::Stats(_)) {
                return Err(Error::bad_request(
                    "stats has no graph to export; ask for a path, neighbours or an entity",
                ));
            }
            Some(a)
        }
        None => None,
    };
    // Formats other than DOT export the answer's part of the graph as a graph.
    let sub = match &answer {
        Some(a) if !matches!(target, Target::Dot | Target::Svg | Target::Png) => {
            Some(subgraph::of_answer(a, Some(&full))?)
        }
        _ => None,
    };
    let g = sub.as_ref().unwrap_or(&full);
    let drawing = |w: &mut dyn Write| -> std::io::Result<()> {
        match &answer {
            Some(a) => dot::write(w, a),
            None => export::dot::write(w, g, &title(cli, g)),
        }
    };

    if target == Target::Neo4jCsv {
        let dir = args.output.as_deref().expect("checked above");
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        write_atomic(&dir.join(neo4j::NODES_FILE), |w| neo4j::write_nodes(w, g))?;
        write_atomic(&dir.join(neo4j::RELATIONSHIPS_FILE), |w| {
            neo4j::write_relationships(w, g)
        })?;
        return Ok(0);
    }
    let image = match target {
        Target::Svg | Target::Png => {
            let mut source = Vec::new();
            drawing(&mut source).map_err(|e| Error::io("<memory>", e))?;
            Some(dot::graphviz(&source, target.name())?)
        }
        _ => None,
    };
    let fill = |w: &mut dyn Write| -> std::io::Result<()> {
        match target {
            Target::Dot => drawing(w),
            Target::Json => export::json::write(w, g),
            Target::Graphml => export::graphml::write(w, g),
            Target::Ntriples => ntriples::write(w, g, &base),
            Target::Svg | Target::Png => w.write_all(image.as_deref().expect("drawn above")),
            Target::Neo4jCsv => unreachable!("written above"),
        }
    };
    match &args.output {
        Some(path) => write_atomic(path, fill)?,
        None => fill(out).map_err(|e| Error::io("<stdout>", e))?,
    }
    Ok(0)
}
