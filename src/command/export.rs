//! `export` and `render`: the whole graph, or one answer, in a format other
//! tools read, or drawn by Graphviz.

use std::path::{Path, PathBuf};

use super::context::{Context, Done, Outcome};
use super::spec::{Front, Section, Spec};
use super::Options;
use crate::error::{Error, Result};
use crate::export::{self, neo4j, ntriples, subgraph, write_atomic};
use crate::format::{Format, Use};
use crate::model::KnowledgeGraph;
use crate::query::{self, Answer};
use crate::render::dot;

pub const EXPORT: Spec = Spec::new(
    &["export"],
    Section::Write,
    &[
        "export --format graphml -o russia-japan.graphml",
        "export --format dot --query '{\"op\": \"path\", \"from\": \"Kyodo\", \"to\": \"Kurils\"}'",
    ],
);

pub const RENDER: Spec = Spec::new(
    &["render"],
    Section::Write,
    &["render -o kyodo-kurils.svg --query '{\"op\": \"path\", \"from\": \"Kyodo\", \"to\": \"Kurils\"}'"],
);

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Write here (atomically) instead of stdout (`-` is stdout); without --format
    /// its extension chooses the format (.json, .dot, .svg, .png, .pdf, .graphml,
    /// .nt); for neo4j-csv, a folder that gets nodes.csv and relationships.csv; for
    /// parquet, a folder that gets entities, relations, evidence and sources .parquet.
    #[arg(short, long, value_name = "PATH", value_hint = clap::ValueHint::AnyPath)]
    pub output: Option<PathBuf>,
    /// Export the answer to one JSON request (as `kg query` reads them) instead of
    /// the whole graph, e.g. '{"op": "path", "from": "Kyodo", "to": "Kurils"}'.
    #[arg(long, value_name = "JSON")]
    pub query: Option<String>,
    /// Base IRI of N-Triples output [default: https://kg.example/].
    #[arg(long, value_name = "IRI")]
    pub base: Option<String>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct RenderArgs {
    /// Write the picture here (atomically) instead of stdout (`-` is stdout); its
    /// extension chooses the format: .svg, .png, .pdf, or .dot for the source.
    #[arg(short, long, value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
    pub output: Option<PathBuf>,
    /// Draw the answer to one JSON request (as `kg query` reads them) instead of
    /// the whole graph, e.g. '{"op": "neighbours", "of": "Japan", "depth": 2}'.
    #[arg(long, value_name = "JSON")]
    pub query: Option<String>,
}

/// Where `-o` says to write: a file, or `None` for standard output (`-o -`).
fn destination(output: Option<&Path>) -> Option<&Path> {
    output.filter(|p| p.as_os_str() != "-")
}

/// The format `command` (`Use::Export` or `Use::Render`) writes: `--format`, else
/// the extension of `-o FILE`, else `default` (on standard output).
///
/// A `--format` the command does not write, and a file name whose extension says
/// nothing or names a format the command does not write, are refused with the
/// list of what it writes. (A `--format` that contradicts the name is refused
/// where the file would be written, in [`write`].)
fn chosen_format(
    usage: Use,
    format: Option<Format>,
    output: Option<&Path>,
    default: Format,
) -> Result<Format> {
    let (verb, other) = match usage {
        Use::Render => (
            "kg render draws",
            "kg export writes the other formats (-o FILE.json, .graphml, .nt)",
        ),
        Use::Export | Use::Answers | Use::Session => (
            "kg export writes",
            "kg show, path and neighbours print text",
        ),
    };
    if let Some(f) = format {
        if !f.accepted_by(usage) {
            return Err(Error::usage(format!(
                "{verb} {}, not {f}; {other}",
                Format::names_for(usage)
            )));
        }
        return Ok(f);
    }
    let Some(p) = output else {
        return Ok(default);
    };
    match Format::of_path(p) {
        Some(f) if f.accepted_by(usage) => Ok(f),
        Some(f) => Err(Error::usage(format!(
            "the name '{}' says {f}, but {verb} {}; {other}",
            p.display(),
            Format::names_for(usage)
        ))),
        None => Err(Error::usage(format!(
            "cannot tell the format from the name '{}'; {verb} files named {}, \
             or name the format with --format ({})",
            p.display(),
            Format::extensions_for(usage),
            Format::names_for(usage)
        ))),
    }
}

pub fn run(args: &Args, opts: &Options, ctx: &mut Context) -> Result<Outcome> {
    let f = chosen_format(
        Use::Export,
        opts.format,
        destination(args.output.as_deref()),
        Format::Json,
    )?;
    write(
        ctx,
        opts,
        f,
        destination(args.output.as_deref()),
        args.query.as_deref(),
        args.base.as_deref(),
    )
}

pub fn render(args: &RenderArgs, opts: &Options, ctx: &mut Context) -> Result<Outcome> {
    let f = chosen_format(
        Use::Render,
        opts.format,
        destination(args.output.as_deref()),
        Format::Svg,
    )?;
    write(
        ctx,
        opts,
        f,
        destination(args.output.as_deref()),
        args.query.as_deref(),
        None,
    )
}

/// The answer to a `--query` request, within its `timeout_ms`, else `--timeout`
/// (or the default for enumerations), as every front end runs queries.
fn answer(
    g: &KnowledgeGraph,
    request: &str,
    timeout: Option<std::time::Duration>,
) -> Result<Answer> {
    let value: serde_json::Value = serde_json::from_str(request)
        .map_err(|e| Error::usage(format!("--query is not JSON: {e}")))?;
    let serde_json::Value::Object(mut obj) = value else {
        return Err(Error::usage(
            "--query is a JSON object such as {\"op\": \"path\", \"from\": \"A\", \"to\": \"B\"}",
        ));
    };
    obj.remove("id");
    let inv = super::json::parse(obj)?;
    let q = inv.command.query(g).ok_or_else(|| {
        Error::bad_request(format!(
            "--query takes a query (path, neighbours, match, show, stats, entities or relations), not '{}'",
            inv.command.spec().op()
        ))
    })??;
    query::run_with_timeout(g, &q, inv.timeout.or(timeout))
}

/// Entities and relations Graphviz is asked to lay out at most: past a few
/// thousand its layout takes minutes to hours (FB15k-237's 310,116 relations
/// never finish), so a bigger drawing is refused with what to draw instead.
pub const MAX_DRAWN_ENTITIES: usize = 2_000;
pub const MAX_DRAWN_RELATIONS: usize = 10_000;

fn check_drawable(answer: Option<&Answer>, g: &KnowledgeGraph) -> Result<()> {
    let (entities, relations) = match answer {
        Some(a) => {
            let (nodes, edges) = subgraph::parts(a)?;
            (nodes.len(), edges.len())
        }
        None => (g.entity_count(), g.relation_count()),
    };
    if entities > MAX_DRAWN_ENTITIES || relations > MAX_DRAWN_RELATIONS {
        return Err(Error::bad_request(format!(
            "{entities} entities and {relations} relations are too many to lay out \
             (kg draws at most {MAX_DRAWN_ENTITIES} entities and {MAX_DRAWN_RELATIONS} relations); \
             draw one answer with --query '{{\"op\": \"neighbours\", \"of\": \"NAME\", \"depth\": 2}}', \
             or export --format dot and lay it out yourself"
        )));
    }
    Ok(())
}

/// A title for a drawing of the whole graph: its files and its size.
fn title(files: &[PathBuf], g: &KnowledgeGraph) -> String {
    let files = if files.is_empty() {
        "built-in graph".to_string()
    } else {
        files
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

/// Writes `format` (the whole graph, or the answer to `query`) to `output`, or
/// returns it for standard output.
fn write(
    ctx: &mut Context,
    opts: &Options,
    format: Format,
    output: Option<&Path>,
    query: Option<&str>,
    base: Option<&str>,
) -> Result<Outcome> {
    let base = ntriples::check_base(base.unwrap_or(ntriples::DEFAULT_BASE))?;
    if format.info().folder && output.is_none() {
        return Err(Error::usage(format!(
            "{format} writes {}; name a folder for them with -o DIR",
            folder_files(format)
        )));
    }
    if format.info().binary && output.is_none() && ctx.front == Front::Json {
        return Err(Error::bad_request(format!(
            "a {format} is binary and cannot be a JSON string: give a file with \"output\""
        )));
    }
    if format.info().image && output.is_none() && ctx.stdout_is_terminal && ctx.front != Front::Json
    {
        let ext = format.info().extensions.first().copied().unwrap_or("out");
        return Err(crate::render::on_terminal(
            format,
            &format!("name a file with -o picture.{ext}, or redirect stdout (> picture.{ext})"),
        ));
    }
    if let (Some(out), Some(named)) = (output, output.and_then(Format::of_path)) {
        if named != format && !format.info().folder {
            return Err(Error::usage(format!(
                "--format {format} contradicts the name '{}', which says {named}; drop --format, or name the file .{}",
                out.display(),
                format.info().extensions.first().copied().unwrap_or("out")
            )));
        }
    }
    if format == Format::Parquet && !cfg!(feature = "parquet") {
        return Err(no_parquet());
    }
    ctx.session()?;
    let session = ctx.open_session().expect("opened above");
    if let Some(out) = output {
        let same = |p: &std::path::PathBuf| {
            p == out || matches!((p.canonicalize(), out.canonicalize()), (Ok(a), Ok(b)) if a == b)
        };
        if session.inputs().iter().any(same) {
            return Err(Error::usage(format!(
                "-o {} is one of the graph's own input files; write the {format} elsewhere (save writes kg JSON back)",
                out.display()
            )));
        }
    }
    let files = session.inputs().to_vec();
    let full = session.graph();
    let answer = match query {
        Some(q) => {
            let a = answer(full, q, opts.timeout)?;
            if matches!(a, Answer::Stats(_)) {
                return Err(Error::bad_request(
                    "stats has no graph to export; ask for a path, neighbours or an entity",
                ));
            }
            Some(a)
        }
        None => None,
    };
    let drawn = format == Format::Dot || format.info().image;
    // Formats other than drawings export the answer's part of the graph as a graph.
    let sub = match &answer {
        Some(a) if !drawn => Some(subgraph::of_answer(a, Some(full))?),
        _ => None,
    };
    let g = sub.as_ref().unwrap_or(full);
    let drawing = |w: &mut dyn std::io::Write| -> std::io::Result<()> {
        match &answer {
            Some(a) => dot::write(w, a),
            None => export::dot::write(w, g, &title(&files, g)),
        }
    };

    if format.info().folder {
        let dir = output.expect("checked above");
        make_folder(dir, format)?;
    }
    if format == Format::Parquet {
        let dir = output.expect("checked above");
        write_parquet(dir, g)?;
        return Ok(Outcome::Done(Done::wrote(dir, format)));
    }
    if format == Format::Neo4jCsv {
        let dir = output.expect("checked above");
        // Both files or neither: never a new nodes.csv beside an old relationships.csv.
        let (nodes, rels) = (
            dir.join(neo4j::NODES_FILE),
            dir.join(neo4j::RELATIONSHIPS_FILE),
        );
        export::write_atomic_all(vec![
            (
                nodes.as_path(),
                Box::new(|w: &mut dyn std::io::Write| neo4j::write_nodes(w, g)) as export::Fill,
            ),
            (
                rels.as_path(),
                Box::new(|w: &mut dyn std::io::Write| neo4j::write_relationships(w, g)),
            ),
        ])?;
        return Ok(Outcome::Done(Done::wrote(dir, format)));
    }
    let image = match format {
        Format::Svg | Format::Png | Format::Pdf => {
            check_drawable(answer.as_ref(), g)?;
            let mut source = Vec::new();
            drawing(&mut source).map_err(|e| Error::io("<memory>", e))?;
            Some(crate::draw::graphviz(&source, format.name(), opts.timeout)?)
        }
        _ => None,
    };
    let fill = |w: &mut dyn std::io::Write| -> std::io::Result<()> {
        match format {
            Format::Dot => drawing(w),
            Format::Json => export::json::write(w, g),
            Format::Graphml => export::graphml::write(w, g),
            Format::Ntriples => ntriples::write(w, g, &base),
            Format::Svg | Format::Png | Format::Pdf => {
                w.write_all(image.as_deref().expect("drawn above"))
            }
            Format::Text | Format::Neo4jCsv | Format::Parquet => Err(std::io::Error::other(
                format!("{format} is not a format of whole graphs"),
            )),
        }
    };
    match output {
        Some(path) => {
            write_atomic(path, fill)?;
            Ok(Outcome::Done(Done::wrote(path, format)))
        }
        None => {
            let mut bytes = Vec::new();
            fill(&mut bytes).map_err(|e| Error::io("<memory>", e))?;
            Ok(Outcome::Output { format, bytes })
        }
    }
}

/// What a folder format writes, for messages.
fn folder_files(format: Format) -> &'static str {
    match format {
        Format::Parquet => {
            "four files (entities.parquet, relations.parquet, evidence.parquet and sources.parquet)"
        }
        _ => "two files (nodes.csv and relationships.csv)",
    }
}

/// Makes the folder `-o DIR` names for a folder format, refusing a path that is
/// something else (a file, a link to one) with what to do instead.
fn make_folder(dir: &Path, format: Format) -> Result<()> {
    if let Ok(m) = std::fs::metadata(dir) {
        if !m.is_dir() {
            return Err(Error::io(
                dir,
                std::io::Error::other(format!(
                    "is a file, not a folder; {format} writes {} into a folder: name a new or \
                     existing folder with -o DIR",
                    folder_files(format)
                )),
            ));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))
}

/// Writes the Parquet tables of `g` into `dir`: all four files or none (each is
/// staged beside its target and renamed into place only when all are complete).
#[cfg(feature = "parquet")]
fn write_parquet(dir: &Path, g: &KnowledgeGraph) -> Result<()> {
    use crate::export::parquet;
    let paths: Vec<PathBuf> = parquet::FILES.iter().map(|f| dir.join(f)).collect();
    let files = paths
        .iter()
        .zip(parquet::writers())
        .map(|(p, write)| {
            (
                p.as_path(),
                Box::new(move |w: &mut dyn std::io::Write| write(w, g)) as export::Fill,
            )
        })
        .collect();
    export::write_atomic_all(files)
}

/// Without the `parquet` feature, the format is known but not written: refused
/// before anything is made.
#[cfg(not(feature = "parquet"))]
fn write_parquet(_dir: &Path, _g: &KnowledgeGraph) -> Result<()> {
    Err(no_parquet())
}

/// Why a kg built without the `parquet` feature does not write Parquet.
fn no_parquet() -> Error {
    Error::bad_request(
        "this kg was built without Parquet support (the cargo feature `parquet`, on by \
         default); rebuild it with default features (cargo build --release), or export \
         neo4j-csv or json",
    )
}
