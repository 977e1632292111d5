//! `extract FILE...`: entities and relations proposed from news text, for
//! review (`accept`, `reject`, `edit`, `same`) or, with `--apply`, accepted
//! unattended above `--min-score`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::context::{Context, Done, Outcome};
use super::review::Review;
use super::spec::{Section, Spec};
use crate::error::{Error, Problem, Result};
use crate::extract::{self, Extraction, SourceInfo};

pub const SPEC: Spec = Spec::new(
    &["extract"],
    Section::Build,
    &[
        "extract docs/examples/sochi.txt --source sochi-2016-05-06",
        "extract docs/examples/lavrov-kyodo.txt",
    ],
);

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// UTF-8 text files (articles) to read.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// The source id the article is registered under (default: the file name).
    #[arg(long, value_name = "ID")]
    pub source: Option<String>,
    /// When the article was published (default: the first date in it).
    #[arg(long, value_name = "DATE", value_parser = super::values::date_text)]
    pub date: Option<String>,
    /// Propose only relations scoring at least this (0 to 1).
    #[arg(long, value_name = "X", default_value_t = 0.0)]
    pub min_score: f64,
    /// Accept every proposal at or above --min-score, with its new entities,
    /// into the graph (on the command line, the --graph file, saved at once).
    #[arg(long)]
    pub apply: bool,
}

/// Reads each file and proposes what it states; keeps the proposals for
/// review, or accepts them with `--apply`.
pub fn run(args: &Args, opts: &super::Options, ctx: &mut Context) -> Result<Outcome> {
    if !(0.0..=1.0).contains(&args.min_score) {
        return Err(Error::usage(format!(
            "--min-score {} is outside 0 to 1",
            args.min_score
        )));
    }
    if let Some(d) = &args.date {
        d.parse::<crate::date::Date>()
            .map_err(|e| Error::usage(format!("--date '{d}': {e}")))?;
    }
    if args.source.is_some() && args.files.len() > 1 {
        return Err(Error::usage(
            "--source names one article: give one FILE with it, or leave the ids to the file names",
        ));
    }
    if args.files.len() > 1 && !args.apply && ctx.front != super::spec::Front::Cli {
        return Err(Error::usage(
            "review one article at a time: extract A, review it, then extract B (or give several with --apply)",
        ));
    }
    let mut reviews = Vec::new();
    for path in &args.files {
        let text = read_text(path)?;
        if args.apply && text.len() > crate::load::SOURCE_TEXT_LIMIT {
            return Err(Error::Invalid(vec![Problem::new(format!(
                "{} is {} bytes: accepted proposals keep the article as their source's text, of up to {} bytes (1 MiB)",
                path.display(),
                text.len(),
                crate::load::SOURCE_TEXT_LIMIT
            ))
            .hint("extract the article itself, not a whole collection; without --apply, kg extract reads texts of up to 32 MiB")]));
        }
        let source = SourceInfo {
            id: args.source.clone().unwrap_or_else(|| source_id(path)),
            date: args.date.clone(),
        };
        let g = ctx.session()?.graph();
        if let Some(s) = g.source_id(&source.id) {
            if g.source(s).text.as_deref() != Some(text.as_str()) {
                return Err(Error::Invalid(vec![Problem::new(format!(
                    "source '{}' is in the graph already, {}: quotes from {} could not be checked against it",
                    source.id,
                    if g.source(s).text.is_some() { "with another text" } else { "without a text" },
                    path.display()
                ))
                .hint("name this article's source with --source ID")]));
            }
        }
        let mut x = extract::extract(g, &text, source);
        x.relations.retain(|p| p.score >= args.min_score);
        reviews.push(Review::new(x, text));
    }
    if args.apply {
        ctx.review = None;
        return super::review::apply_all(reviews, ctx);
    }
    let json =
        ctx.front == super::spec::Front::Json || opts.format == Some(crate::format::Format::Json);
    let g = ctx.session()?.graph();
    let message: Vec<String> = reviews.iter().map(|r| r.listing(g)).collect();
    // The JSON object is built only where it is printed: for a long text it
    // is the largest thing kg holds.
    let objects: Vec<Value> = if json {
        reviews
            .iter()
            .map(|r| r.extraction.to_json(g, &r.text))
            .collect()
    } else {
        Vec::new()
    };
    let done = match objects.len() {
        0 => Done::new(message.join("\n\n")),
        1 => {
            let Some(Value::Object(m)) = objects.into_iter().next() else {
                unreachable!("an extraction is a JSON object")
            };
            let mut d = Done::new(message.join("\n\n"));
            d.fields = m;
            d
        }
        _ => Done::new(message.join("\n\n")).with("extractions", objects),
    };
    ctx.review = reviews.pop();
    Ok(Outcome::Done(done.as_answer().bare()))
}

/// The default source id: the file's name without its extension.
fn source_id(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "article".into())
}

/// The file's text: UTF-8, not empty, not binary, within the size limit.
fn read_text(path: &Path) -> Result<String> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| Error::io(&shown, e))?;
    if meta.is_dir() {
        return Err(Error::bad_request(format!(
            "{shown} is a folder, not a text file"
        )));
    }
    // A FIFO or a device would block the session, or never end.
    if !meta.is_file() {
        return Err(Error::bad_request(format!(
            "{shown} is not a regular file (a FIFO, socket or device); extract reads text files"
        )));
    }
    if meta.len() > extract::TEXT_LIMIT as u64 {
        return Err(Error::bad_request(format!(
            "{shown} is {} MiB; extract reads texts of up to {} MiB (split a corpus into its articles)",
            meta.len() >> 20,
            extract::TEXT_LIMIT >> 20
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(&shown, e))?;
    if bytes.contains(&0) {
        return Err(Error::Invalid(vec![Problem::new(format!(
            "{shown}: a binary file, not text (it holds NUL bytes)"
        ))]));
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let b = e.as_bytes();
            let line = b[..at].iter().filter(|&&c| c == b'\n').count() + 1;
            let col = at
                - b[..at]
                    .iter()
                    .rposition(|&c| c == b'\n')
                    .map_or(0, |p| p + 1)
                + 1;
            return Err(Error::Invalid(vec![Problem::new(format!(
                "{shown}:{line}:{col}: not UTF-8 text (byte {at})"
            ))
            .hint("convert it first, e.g. iconv -f latin1 -t utf-8")]));
        }
    };
    if text.trim().is_empty() {
        return Err(Error::Invalid(vec![Problem::new(format!(
            "{shown}: empty: there is no text to read"
        ))]));
    }
    Ok(text)
}

/// One extraction's numbered listing, for the review.
pub fn listing(x: &Extraction, text: &str, g: &crate::model::KnowledgeGraph) -> String {
    let s = g.schema();
    let new: Vec<&extract::Entity> = x.entities.iter().filter(|e| e.new).collect();
    let mut out = vec![format!(
        "{}: {} relation(s), {} entities ({} new){}",
        x.source.id,
        x.relations.len(),
        x.entities.len(),
        new.len(),
        x.source
            .date
            .as_deref()
            .map(|d| format!(", dated {d}"))
            .unwrap_or_default()
    )];
    if !new.is_empty() {
        out.push(
            "new entities (accept entity N, or same N NAME to link one to the graph's):".into(),
        );
        for (i, e) in new.iter().enumerate() {
            let aka = if e.aliases.is_empty() {
                String::new()
            } else {
                format!(" (also {})", e.aliases.join(", "))
            };
            out.push(format!("  E{}  {} — {}{aka}", i + 1, e.name, e.kind));
        }
    }
    if x.relations.is_empty() {
        out.push("no relations: none of the schema's patterns matched".into());
        return out.join("\n");
    }
    out.push(
        "relations (accept 1,3-5 | accept all | reject N | edit N --type T --from A --to B):"
            .into(),
    );
    for (i, p) in x.relations.iter().enumerate() {
        let t = s.relation_type(p.kind);
        let mut flags: Vec<&str> = Vec::new();
        if p.known {
            flags.push("known: corroborates");
        }
        for (k, on) in [
            ("negated", p.negated),
            ("planned", p.planned),
            ("reported", p.reported),
        ] {
            if on {
                flags.push(k);
            }
        }
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!("  [{}]", flags.join(", "))
        };
        out.push(format!(
            "  {:>2}  {} —{}→ {}  {:.2}{flags}",
            i + 1,
            x.entities[p.from].name,
            t.label(),
            x.entities[p.to].name,
            p.score
        ));
        out.push(format!("      “{}”", marked(text, p)));
    }
    out.join("\n")
}

/// The quote with the two ends' mentions in brackets.
fn marked(text: &str, p: &extract::Proposal) -> String {
    let mut marks: Vec<(usize, usize)> = p
        .marks
        .iter()
        .copied()
        .filter(|&(s, e)| s >= p.start && e <= p.end)
        .collect();
    marks.sort_unstable();
    marks.dedup();
    let mut out = String::new();
    let mut at = p.start;
    for (s, e) in marks {
        if s < at {
            continue;
        }
        out.push_str(&text[at..s]);
        out.push('[');
        out.push_str(&text[s..e]);
        out.push(']');
        at = e;
    }
    out.push_str(&text[at..p.end]);
    crate::render::printable::printable(&out).replace('\n', " ")
}
