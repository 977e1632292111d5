//! The grammar of kg and its one executor.
//!
//! Every verb — queries, edits, files, exports, session commands — is a variant
//! of [`Command`]. The command line parses argv into it (clap derive), the REPL
//! parses a line's words with the same clap types ([`parse_words`]), and `kg
//! query` turns a JSON request into the same words ([`json`]); all three then
//! call [`execute`], whose `match` names every variant. What a front end cannot
//! run is refused there, from the command's [`Spec`], with a message.
//!
//! Each verb lives in a file of its own holding its arguments (with their help),
//! its [`Spec`] (examples, section, front ends) and its `run`. Help, the REPL's
//! overview, Tab completion and the JSON op and field lists are derived from the
//! clap tree and [`SPECS`]; see `docs/architecture.md`, "How to add a command".

pub mod build;
pub mod check;
pub mod completions;
pub mod context;
pub mod contract;
pub mod defaults;
pub mod edit;
pub mod export;
pub mod extract;
pub mod fields;
pub mod files;
pub mod filter;
pub mod help;
pub mod init;
pub mod json;
pub mod lean;
pub mod list;
pub mod matching;
pub mod neighbours;
pub mod output;
pub mod pager;
pub mod path;
pub mod print;
pub mod review;
pub mod settings;
pub mod shell;
pub mod show;
pub mod sources;
pub mod spec;
pub mod values;

use std::path::PathBuf;
use std::time::Duration;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

pub use context::{Context, Done, Outcome};
pub use spec::{Front, Section, Spec};

use crate::date::Date;
use crate::error::{Error, Result};
use crate::format::Format;
use crate::model::KnowledgeGraph;
use crate::query::{self, cancel, Query};

/// kg — build typed knowledge graphs with evidence, and ask how things are connected.
///
/// With no command, kg opens the interactive shell (the REPL) on the graph: the
/// built-in Russia–Japan graph of March 2016, or the files --graph names. There,
/// type the commands below without `kg` ('help' lists them, Tab completes).
///
/// Exit status: 0 success, 1 an error (a bad or missing file, an unknown name,
/// I/O), 2 a usage error (an unknown command or option, a missing argument, a
/// malformed value such as --at 2016-13).
#[derive(Debug, Parser)]
#[command(
    name = "kg",
    version = env!("KG_VERSION"),
    max_term_width = 100,
    disable_help_subcommand = true,
    after_help = "Examples:\n  \
        kg                                   the shell on the built-in graph\n  \
        kg path Kyodo Kurils                 how two entities are connected\n  \
        kg show Lavrov --format json         one entity, as JSON\n  \
        kg --graph my.json check             validate a graph file\n  \
        kg --graph my.json add entity \"Yoshihide Suga\" --type person\n  \
        kg --color always path Abe Kurils | less -R\n\n\
        'kg COMMAND --help' explains one command, with examples."
)]
pub struct Cli {
    /// Graph file or dataset folder to load (repeatable): kg JSON, .tsv/.txt or .csv
    /// triples, a folder with train/valid/test.txt, or a .kgb snapshot. Default: the
    /// built-in graph.
    #[arg(long = "graph", short = 'g', value_name = "PATH", global = true, help_heading = GLOBAL, value_hint = clap::ValueHint::AnyPath)]
    pub graphs: Vec<PathBuf>,

    /// Day zero for integer time columns in triple files (hours since that day, as in ICEWS).
    #[arg(long, value_name = "YYYY-MM-DD", global = true, help_heading = GLOBAL, value_parser = values::parse_date)]
    pub epoch: Option<Date>,

    /// Stop a query after this long: 500ms, 2s, 1.5 (seconds). Enumerations (--all,
    /// -k, neighbours, match) then return what they found, marked truncated
    /// [default: 1s for enumerations, none for the rest].
    #[arg(long, value_name = "DURATION", global = true, help_heading = GLOBAL, value_parser = values::parse_duration)]
    pub timeout: Option<Duration>,

    /// Output format [default: text; for export, kg JSON or the extension of -o].
    #[arg(long, value_enum, global = true, help_heading = GLOBAL)]
    pub format: Option<Format>,

    /// Print text answers directly, even when they are longer than the screen
    /// [default: on a terminal, through $PAGER, else less -FRX].
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub no_pager: bool,

    /// Stop a script (kg < FILE, kg query) at its first failed line or request,
    /// with exit status 1; the REPL's `set stop-on-error on` does the same.
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub stop_on_error: bool,

    /// Colour text answers: auto (on a terminal, unless NO_COLOR is set), always
    /// (through a pipe too: `| less -R`), never.
    #[arg(long, value_enum, value_name = "WHEN", global = true, help_heading = GLOBAL, default_value_t = crate::render::paint::Choice::Auto)]
    pub color: crate::render::paint::Choice,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The heading of the options every command takes, apart from each command's own.
const GLOBAL: &str = "Global options";

/// Every command of kg, in every front end.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Validate graph files; report every problem with file:line:column.
    ///
    /// Exits 0 when every file is clean, 1 otherwise. With no PATH, checks the
    /// graph (the --graph files, or the built-in graph; in a session, its graph).
    Check(check::Args),
    /// Count entities and relations, by type.
    Stats,
    /// One entity: its aliases, attributes and relations both ways, with evidence.
    ///
    /// Also shows where it was defined (file and line) and where each alias was.
    /// At most --limit relations (100 by default), the most recent; the header
    /// then says how many of how many are shown. The filters of path apply too.
    #[command(alias = "entity")]
    Show(show::Args),
    /// Shortest paths between two entities, hop by hop with evidence.
    ///
    /// Relations are followed either way unless --direction says otherwise. Among
    /// equally short paths the first by entity names, then relation types, is shown.
    Path(path::Args),
    /// Everything within --depth hops of an entity, and the relations among them.
    #[command(visible_alias = "neighbors")]
    Neighbours(neighbours::Args),
    /// Rows that fit a pattern (Cypher/GQL: MATCH … WHERE … RETURN …), each with its evidence.
    ///
    /// The query language is the part of Cypher and ISO GQL that patterns need
    /// (docs/match.md): node and relationship patterns, variable length, WHERE,
    /// RETURN with DISTINCT, count(*), ORDER BY, SKIP and LIMIT. Under each row
    /// text answers read every relation it matched with its quotes; --format dot
    /// draws them all. Names in {name: "…"} resolve as everywhere in kg.
    Match(matching::Args),
    /// List entities, of one type or all, by name: id, type, degree and aliases.
    ///
    /// At most --limit of them (100 by default), the first by name (case- and
    /// accent-insensitive), then id; the header then says how many of how many
    /// are shown. A PREFIX keeps those whose name or an alias begins with it.
    Entities(list::EntitiesArgs),
    /// List relations, of some types or all, most recent first, with evidence.
    ///
    /// At most --limit of them (100 by default), in show's order: undated facts
    /// first, then by the last day each is known at, latest first; ties by the
    /// ends' names. --type matches as --relations does in path (cameo:CODE too);
    /// the date filters of path apply.
    Relations(list::RelationsArgs),
    /// The sources evidence cites (publisher, date, kind, how many relations
    /// each supports), or one source and everything it supports.
    Sources(sources::Args),
    /// Answer JSON Lines requests: one JSON object per line in, one answer out.
    ///
    /// See docs/json.md. Exits 1 when any request failed, 0 otherwise. In the REPL,
    /// the requests run on the session's graph (their edits included).
    Query(shell::QueryArgs),
    /// Create a new graph file with a starter schema (news, or empty).
    ///
    /// An existing file is never overwritten. Opening a file that does not
    /// exist in the REPL (kg --graph new.json) starts the same empty graph with
    /// the news schema, and save creates the file.
    Init(init::Args),
    /// Add an entity, a relation, evidence, a source or a type (validated like a graph file).
    ///
    /// On the command line this changes the kg JSON file named with --graph.
    #[command(subcommand)]
    Add(edit::Add),
    /// Remove an entity (with its relations), relations, or a type nothing uses.
    #[command(subcommand)]
    Remove(edit::Remove),
    /// Give an entity another name.
    Alias(edit::AliasArgs),
    /// Fold a duplicate entity into another, keeping its names and relations.
    Merge(edit::MergeArgs),
    /// Take back the last change of this session.
    Undo,
    /// Propose the entities and typed relations a news text states, each with
    /// a quote cut verbatim from it, for review (accept, reject, edit, same).
    ///
    /// Mentions are linked to the graph (names, aliases, demonyms, capitals,
    /// family names) or proposed as new entities typed by their cues; relations
    /// come from the patterns in the schema's relation types. See docs/extract.md.
    Extract(extract::Args),
    /// Accept proposals of the last extract: `accept 1,3-5`, `accept all`
    /// (those not yet accepted or rejected), `accept entity N`.
    Accept(review::SelectArgs),
    /// Reject proposals of the last extract, so `accept all` leaves them out.
    Reject(review::SelectArgs),
    /// Correct a proposal before accepting it: another type or other ends.
    Edit(review::EditArgs),
    /// Link new entity N of the last extract to an entity the graph has.
    Same(review::SameArgs),
    /// Set the source (or date) that this session's evidence cites when an edit
    /// does not say: `use source ID`, `use date 2016-05-06`, `use none`.
    Use(defaults::Args),
    /// Add graph files to the session, checked against what it holds.
    Load(files::LoadArgs),
    /// Write the graph as kg JSON, atomically (by default to the file it came from).
    Save(files::SaveArgs),
    /// The interactive shell (what `kg` with no command opens).
    Repl,
    /// Print a completion script for bash, zsh, fish, elvish or PowerShell.
    ///
    /// Generated from the grammar, so it completes every command, option and
    /// value kg takes. Source it from your shell's startup files.
    Completions(completions::Args),
    /// Print the man page kg(1) as roff, or write one page per command with -o DIR.
    ///
    /// `kg man | man -l -` reads it at once; `kg man -o DIR` writes kg.1 and
    /// kg-path.1, kg-add-relation.1, ... for a folder on MANPATH.
    Man(completions::ManArgs),
    /// Write a binary snapshot (.kgb) of the graph, opened much faster by --graph.
    ///
    /// The inputs are validated as for --graph; the snapshot holds the whole graph
    /// and its traversal index, with a version and a checksum (a damaged or foreign
    /// file is refused). The output is replaced atomically.
    Build(build::Args),
    /// Write the graph (or one answer, with --query) in a format other tools read.
    ///
    /// --format dot|json|graphml|ntriples|neo4j-csv|parquet|svg|png|pdf. Writes to stdout, or atomically to -o PATH (neo4j-csv, parquet: -o DIR, several files, all or none).
    /// Without --format, the format comes from the extension of -o (.dot .gv .json
    /// .graphml .nt .svg .png .pdf), else kg JSON; a --format the name contradicts
    /// is refused. Pictures are never printed on a terminal. See docs/export.md.
    Export(export::Args),
    /// Draw the graph (or one answer, with --query) with Graphviz.
    ///
    /// --format svg (default), png, pdf, or dot (the drawing's source); without
    /// --format, the extension of -o chooses (.svg .png .pdf .dot), and a --format
    /// the name contradicts is refused. Pictures are never printed on a terminal.
    Render(export::RenderArgs),
    /// Write the last answer's subgraph as Graphviz DOT.
    Dot(shell::DotArgs),
    /// How answers are printed from now on in this session; alone, the format in use.
    Format(shell::FormatArgs),
    /// Send answers to a file from now on (`output` alone: back to the screen).
    ///
    /// The format is --format, else the file's extension (.txt .json .dot .svg
    /// .png .pdf .graphml .nt), else the session's. The file is rewritten
    /// atomically after each answer: text formats gather every answer, a
    /// picture holds the last one. Messages and errors stay on the screen.
    Output(output::Args),
    /// Run a file of REPL lines in this session, as `kg < FILE` would.
    ///
    /// Errors name the file and line; with `set stop-on-error on` the file
    /// stops at its first failure. A file may source others (up to 8 deep).
    Source(shell::SourceArgs),
    /// Show or change a setting of the session: timeout, timing, stop-on-error.
    ///
    /// Alone, every setting and its value. The command line gives the same
    /// settings as --timeout and --stop-on-error.
    Set(settings::SetArgs),
    /// Show how long each line takes (on, off; alone, switches it over).
    Timing(settings::TimingArgs),
    /// List the commands, or explain one: `help path`, `help add relation`.
    Help(shell::HelpArgs),
    /// Leave the REPL: also exit, \q, :q, .quit (Ctrl-D does the same).
    #[command(visible_aliases = ["exit", ":q", ".quit", ".exit"], alias = "q")]
    Quit,
}

/// Every command's spec, in the order the overview lists them. Their examples,
/// run in this order, make a session on the built-in graph (the tests run it
/// in every front end). A test checks that it names exactly the leaves of the
/// clap tree, and that each spec's examples parse into commands whose
/// [`Command::spec`] is that spec.
pub const SPECS: &[&Spec] = &[
    &path::SPEC,
    &neighbours::SPEC,
    &matching::SPEC,
    &show::STATS,
    &show::SHOW,
    &list::ENTITIES,
    &list::RELATIONS,
    &sources::SPEC,
    &check::SPEC,
    &shell::QUERY,
    &init::SPEC,
    &edit::ADD_ENTITY,
    &edit::ADD_SOURCE,
    &edit::ADD_RELATION,
    &edit::ADD_EVIDENCE,
    &edit::ADD_TYPE,
    &edit::ADD_RELATION_TYPE,
    &edit::REMOVE_ENTITY,
    &edit::REMOVE_RELATION,
    &edit::REMOVE_RELATION_TYPE,
    &edit::REMOVE_TYPE,
    &edit::ALIAS,
    &edit::MERGE,
    &edit::UNDO,
    &extract::SPEC,
    &review::SAME,
    &review::EDIT,
    &review::REJECT,
    &review::ACCEPT,
    &defaults::USE,
    &files::LOAD,
    &files::SAVE,
    &build::SPEC,
    &export::EXPORT,
    &export::RENDER,
    &completions::COMPLETIONS,
    &completions::MAN,
    &shell::DOT,
    &shell::FORMAT,
    &output::SPEC,
    &shell::SOURCE,
    &settings::SET,
    &settings::TIMING,
    &shell::HELP,
    &shell::REPL,
    &shell::QUIT,
];

impl Command {
    /// Its place in the grammar.
    pub fn spec(&self) -> &'static Spec {
        match self {
            Command::Check(_) => &check::SPEC,
            Command::Sources(_) => &sources::SPEC,
            Command::Init(_) => &init::SPEC,
            Command::Stats => &show::STATS,
            Command::Show(_) => &show::SHOW,
            Command::Path(_) => &path::SPEC,
            Command::Neighbours(_) => &neighbours::SPEC,
            Command::Match(_) => &matching::SPEC,
            Command::Entities(_) => &list::ENTITIES,
            Command::Relations(_) => &list::RELATIONS,
            Command::Query(_) => &shell::QUERY,
            Command::Add(a) => a.spec(),
            Command::Remove(r) => r.spec(),
            Command::Alias(_) => &edit::ALIAS,
            Command::Merge(_) => &edit::MERGE,
            Command::Undo => &edit::UNDO,
            Command::Extract(_) => &extract::SPEC,
            Command::Accept(_) => &review::ACCEPT,
            Command::Reject(_) => &review::REJECT,
            Command::Edit(_) => &review::EDIT,
            Command::Same(_) => &review::SAME,
            Command::Use(_) => &defaults::USE,
            Command::Load(_) => &files::LOAD,
            Command::Save(_) => &files::SAVE,
            Command::Repl => &shell::REPL,
            Command::Completions(_) => &completions::COMPLETIONS,
            Command::Man(_) => &completions::MAN,
            Command::Build(_) => &build::SPEC,
            Command::Export(_) => &export::EXPORT,
            Command::Render(_) => &export::RENDER,
            Command::Dot(_) => &shell::DOT,
            Command::Format(_) => &shell::FORMAT,
            Command::Output(_) => &output::SPEC,
            Command::Source(_) => &shell::SOURCE,
            Command::Set(_) => &settings::SET,
            Command::Timing(_) => &settings::TIMING,
            Command::Help(_) => &shell::HELP,
            Command::Quit => &shell::QUIT,
        }
    }

    /// The question this command asks of `g`, if it is a query (`export
    /// --query` and `render --query` take only these).
    pub fn query(&self, g: &KnowledgeGraph) -> Option<Result<Query>> {
        match self {
            Command::Stats => Some(Ok(Query::Stats {})),
            Command::Show(a) => Some(Ok(a.query())),
            Command::Path(a) => Some(a.query(g)),
            Command::Neighbours(a) => Some(a.query()),
            Command::Match(a) => Some(a.query()),
            Command::Entities(a) => Some(Ok(a.query())),
            Command::Relations(a) => Some(Ok(a.query())),
            Command::Check(_)
            | Command::Sources(_)
            | Command::Init(_)
            | Command::Query(_)
            | Command::Add(_)
            | Command::Remove(_)
            | Command::Alias(_)
            | Command::Merge(_)
            | Command::Undo
            | Command::Extract(_)
            | Command::Accept(_)
            | Command::Reject(_)
            | Command::Edit(_)
            | Command::Same(_)
            | Command::Use(_)
            | Command::Load(_)
            | Command::Save(_)
            | Command::Repl
            | Command::Completions(_)
            | Command::Man(_)
            | Command::Build(_)
            | Command::Export(_)
            | Command::Render(_)
            | Command::Dot(_)
            | Command::Format(_)
            | Command::Output(_)
            | Command::Source(_)
            | Command::Set(_)
            | Command::Timing(_)
            | Command::Help(_)
            | Command::Quit => None,
        }
    }
}

impl Command {
    /// Whether the command only reads the graph (a question: `path`, `show`,
    /// `match` ...), so it may be answered beside others on a shared graph
    /// (`kg query --jobs`). Read off [`Command::query`], the one list of
    /// questions: on any graph it gives a query exactly for them.
    pub fn reads_only(&self) -> bool {
        static NONE: std::sync::LazyLock<KnowledgeGraph> =
            std::sync::LazyLock::new(KnowledgeGraph::new);
        self.query(&NONE).is_some()
    }
}

/// Answers a command that only reads the graph ([`Command::reads_only`]) on
/// `g`, with no session to change: what [`execute`] answers for it, from any
/// thread. `None` for a command that does more than read.
pub fn answer(
    inv: &Invocation,
    g: &KnowledgeGraph,
    settings: &settings::Settings,
    front: Front,
) -> Option<Result<Outcome>> {
    if !inv.command.reads_only() {
        return None;
    }
    if let Some(e) = refusal(inv.command.spec(), front) {
        return Some(Err(e));
    }
    // As in `execute`: a query that names no time limit takes the session's.
    let timeout = inv.timeout.or(settings.timeout);
    let q = inv.command.query(g)?;
    Some(
        q.and_then(|q| query::run_with_timeout(g, &q, timeout))
            .map(Outcome::Answer),
    )
}

/// One command with the options every command takes.
#[derive(Debug, Clone)]
pub struct Invocation {
    pub command: Command,
    /// `--timeout` / `timeout_ms`.
    pub timeout: Option<Duration>,
    /// `--format` / `"format"`.
    pub format: Option<Format>,
    /// `--no-pager` (text front ends only).
    pub no_pager: bool,
}

/// Runs one command. The one dispatch over commands: every variant is named,
/// and what `ctx.front` cannot run is refused before anything happens.
///
/// # Errors
/// A usage error for a command this front end does not run; otherwise the
/// command's own errors.
pub fn execute(inv: Invocation, ctx: &mut Context) -> Result<Outcome> {
    if let Some(e) = refusal(inv.command.spec(), ctx.front) {
        return Err(e);
    }
    cancel::reset();
    let opts = Options {
        // A query that names no time limit takes the session's (`set timeout`, `--timeout`).
        timeout: inv.timeout.or(ctx.settings.timeout),
        format: inv.format,
        no_pager: inv.no_pager,
    };
    match inv.command {
        Command::Check(a) => check::run(&a, &opts, ctx),
        Command::Sources(a) => sources::run(&a, ctx),
        Command::Init(a) => init::run(&a, ctx),
        Command::Stats => ask(ctx, &opts, |_| Ok(Query::Stats {})),
        Command::Show(a) => ask(ctx, &opts, |_| Ok(a.query())),
        Command::Path(a) => ask(ctx, &opts, |g| a.query(g)),
        Command::Neighbours(a) => ask(ctx, &opts, |_| a.query()),
        Command::Match(a) => matching::run(&a, &opts, ctx),
        Command::Entities(a) => ask(ctx, &opts, |_| Ok(a.query())),
        Command::Relations(a) => ask(ctx, &opts, |_| Ok(a.query())),
        Command::Query(a) => Ok(Outcome::Batch(a.input(), a.jobs)),
        Command::Add(a) => edit::run(a.edit()?, ctx),
        Command::Remove(r) => edit::run(r.edit(), ctx),
        Command::Alias(a) => edit::run((&a).into(), ctx),
        Command::Merge(m) => edit::run((&m).into(), ctx),
        Command::Undo => edit::undo(ctx),
        Command::Extract(a) => extract::run(&a, &opts, ctx),
        Command::Accept(a) => review::accept(&a, ctx),
        Command::Reject(a) => review::reject(&a, ctx),
        Command::Edit(a) => review::edit(&a, ctx),
        Command::Same(a) => review::same(&a, ctx),
        Command::Use(a) => defaults::run(&a, ctx),
        Command::Load(a) => files::load(&a, ctx),
        Command::Save(a) => files::save(&a, ctx),
        Command::Repl => Ok(Outcome::Repl),
        Command::Completions(a) => completions::completions(&a),
        Command::Man(a) => completions::man(&a),
        Command::Build(a) => build::run(&a, ctx),
        Command::Export(a) => export::run(&a, &opts, ctx),
        Command::Render(a) => export::render(&a, &opts, ctx),
        Command::Dot(a) => shell::dot(&a, ctx),
        Command::Format(a) => shell::format(&a, ctx),
        Command::Output(a) => output::run(&a, opts.format, ctx),
        Command::Source(a) => Ok(Outcome::Source(a.path)),
        Command::Set(a) => settings::set(&a, ctx),
        Command::Timing(a) => settings::timing(&a, ctx),
        Command::Help(a) => help::run(&a.command, ctx.front),
        Command::Quit => Ok(Outcome::Quit),
    }
}

/// The usage error for a command that `front` does not run, if it does not.
pub fn refusal(spec: &Spec, front: Front) -> Option<Error> {
    spec.refusal(front).map(|why| {
        Error::usage(format!(
            "'{}' is not available in {}: {why}",
            spec.name(),
            front.name()
        ))
    })
}

/// The options of one invocation that commands read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub timeout: Option<Duration>,
    pub format: Option<Format>,
    /// Never page this outcome (`--no-pager`).
    pub no_pager: bool,
}

/// Runs the query `make` builds on the session's graph, within the time budget.
fn ask(
    ctx: &mut Context,
    opts: &Options,
    make: impl FnOnce(&KnowledgeGraph) -> Result<Query>,
) -> Result<Outcome> {
    let json = match opts.format {
        Some(f) => f == Format::Json,
        None => ctx.front == Front::Json,
    };
    let g = ctx.session()?.graph();
    let q = make(g)?;
    if !json && q.fields().is_some_and(|f| f.is_partial()) {
        return Err(Error::usage(
            "'fields' shapes JSON answers (--format json, or kg query); \
             a text answer or a drawing shows the whole answer",
        ));
    }
    let answer = query::run_with_timeout(g, &q, opts.timeout)?;
    Ok(Outcome::Answer(answer))
}

/// The clap command tree of the grammar, as a front end parses with it: colour
/// off (messages are styled by the front end), and the commands the command line
/// does not run hidden from its help.
pub fn grammar() -> &'static clap::Command {
    static GRAMMAR: std::sync::LazyLock<clap::Command> = std::sync::LazyLock::new(build_grammar);
    &GRAMMAR
}

/// Parses argv (program name first) with the grammar. The parser is built once
/// per thread and reused: building clap's tree costs far more than a parse.
///
/// # Errors
/// clap's error for a malformed command line.
pub fn parse_argv<I, T>(argv: I) -> std::result::Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    thread_local! {
        static PARSER: std::cell::RefCell<clap::Command> = std::cell::RefCell::new(grammar().clone());
    }
    PARSER.with(|p| {
        let mut matches = p.borrow_mut().try_get_matches_from_mut(argv)?;
        // The matches are ours: taking their values saves the clone that
        // `from_arg_matches` would make.
        Cli::from_arg_matches_mut(&mut matches)
    })
}

fn build_grammar() -> clap::Command {
    let mut cmd = Cli::command().color(clap::ColorChoice::Never);
    for spec in SPECS {
        if spec.words.len() == 1 && spec.not_on_cli.is_some() {
            cmd = cmd.mut_subcommand(spec.words[0], |c| c.hide(true));
        }
        // Every help (kg path --help, help path, {"op": "help"}) ends with the examples.
        if !spec.examples.is_empty() {
            let mut text = String::from("Examples (on the built-in graph):");
            for e in spec.examples {
                text.push_str("\n  ");
                text.push_str(e);
            }
            cmd = match spec.words {
                [one] => cmd.mut_subcommand(*one, |c| c.after_help(text)),
                [group, leaf, ..] => {
                    cmd.mut_subcommand(*group, |g| g.mut_subcommand(*leaf, |c| c.after_help(text)))
                }
                [] => cmd,
            };
        }
    }
    // A group (`add`, `remove`) shows the first example of each of its commands.
    let groups: Vec<String> = cmd
        .get_subcommands()
        .filter(|c| c.has_subcommands())
        .map(|c| c.get_name().to_string())
        .collect();
    for group in groups {
        let firsts: Vec<&str> = SPECS
            .iter()
            .filter(|s| s.words.len() > 1 && s.words[0] == group)
            .filter_map(|s| s.examples.first().copied())
            .collect();
        if !firsts.is_empty() {
            let text = format!(
                "Examples (on the built-in graph):\n  {}",
                firsts.join("\n  ")
            );
            cmd = cmd.mut_subcommand(group, |g| g.after_help(text));
        }
    }
    // Built, so that global options and `--help` reach every subcommand.
    cmd.build();
    cmd
}

/// Why a line of words is not a command: what is wrong, clap's suggestions and
/// the command's usage when there are any, and where to look next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    /// Where to look next (`'help path' shows its options`).
    pub hint: Option<String>,
    /// clap's whole message (usage, "a similar argument exists"), when it has one.
    pub detail: Option<String>,
    /// clap's tips, each a line: "a similar argument exists: '--relations'",
    /// "possible values: any, out, in".
    pub tips: Vec<String>,
    /// The command's usage as the front end types it: `path [OPTIONS] <FROM> <TO>`
    /// in a session, `kg path [OPTIONS] <FROM> <TO>` on the command line.
    pub usage: Option<String>,
}

impl ParseError {
    fn plain(message: impl Into<String>, hint: impl Into<String>) -> ParseError {
        ParseError {
            message: message.into(),
            hint: Some(hint.into()),
            detail: None,
            tips: Vec::new(),
            usage: None,
        }
    }

    /// The lines every text front end prints for it, in order: `kg: error:`, a
    /// `kg: hint:` per tip, `kg: usage:`, then the hint.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![format!("kg: error: {}", self.message)];
        out.extend(self.tips.iter().map(|t| format!("kg: hint: {t}")));
        if let Some(u) = &self.usage {
            out.push(format!("kg: usage: {u}"));
        }
        if let Some(h) = &self.hint {
            out.push(format!("kg: hint: {h}"));
        }
        out
    }

    /// Writes [`ParseError::lines`] to `err`.
    pub fn report(&self, err: &mut dyn std::io::Write) {
        for l in self.lines() {
            let _ = writeln!(err, "{l}");
        }
    }
}

/// Parses a command's words (no program name) as the REPL and scripts type them.
///
/// # Errors
/// clap's message for a malformed command, an unknown command with the closest
/// names, and `--graph`/`--epoch`/`--color`, which only the command line takes.
pub fn parse_words(words: &[String]) -> std::result::Result<Invocation, ParseError> {
    let Some(first) = words.first() else {
        return Err(ParseError::plain("no command", "'help' lists the commands"));
    };
    let names = help::command_names();
    if !first.starts_with('-') && !names.iter().any(|n| n == first) {
        return Err(ParseError {
            hint: crate::suggest::did_you_mean(&crate::suggest::closest(
                first,
                names.iter().map(String::as_str),
            ))
            .or_else(|| Some("'help' lists the commands".into())),
            ..ParseError::plain(format!("unknown command '{first}'"), "")
        });
    }
    // `path --help` is a question, not a mistake, even where the rest is one
    // (`path --help` lacks FROM and TO).
    if wants_help(words) {
        let command: Vec<String> = words
            .iter()
            .take_while(|w| !w.starts_with('-'))
            .cloned()
            .collect();
        if help::find(&command.iter().map(String::as_str).collect::<Vec<_>>()).is_some() {
            return Ok(Invocation {
                command: Command::Help(shell::HelpArgs { command }),
                timeout: None,
                format: None,
                no_pager: false,
            });
        }
    }
    let argv = std::iter::once("kg".to_string()).chain(words.iter().cloned());
    let cli = parse_argv(argv).map_err(|e| clap_error(&e, words, Front::Repl))?;
    if !cli.graphs.is_empty()
        || cli.epoch.is_some()
        || cli.color != crate::render::paint::Choice::Auto
    {
        return Err(ParseError::plain(
            "--graph, --epoch and --color are for the command line",
            "add graph files to the session with: load PATH",
        ));
    }
    if cli.stop_on_error {
        return Err(ParseError::plain(
            "--stop-on-error is for the command line",
            "in a session: set stop-on-error on",
        ));
    }
    // Options alone (`--timeout 2s`) name no command.
    let Some(command) = cli.command else {
        return Err(ParseError::plain(
            "no command, only options",
            "'help' lists the commands",
        ));
    };
    Ok(Invocation {
        command,
        timeout: cli.timeout,
        format: cli.format,
        no_pager: cli.no_pager,
    })
}

/// Whether the words ask for help (`-h`, `--help`) rather than run a command.
fn wants_help(words: &[String]) -> bool {
    words
        .iter()
        .take_while(|w| *w != "--")
        .any(|w| w == "-h" || w == "--help")
}

/// A clap error as kg says it in `front`: one line of what is wrong (for
/// missing arguments, which: "path needs FROM and TO"), clap's tips and
/// possible values, the command's usage, and where to read more. `words` are
/// those parsed (no program name), naming the command the error is about.
/// clap's whole text is kept as the detail.
pub fn clap_error(e: &clap::Error, words: &[String], front: Front) -> ParseError {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let text = e.render().to_string();
    let mut lines = text.lines();
    let mut message = lines
        .next()
        .unwrap_or("")
        .trim_start_matches("error: ")
        .to_string();
    let mut tips = Vec::new();
    // clap prints the whole help for `add` alone: the message is enough.
    if e.kind() != ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        for l in lines {
            let t = l.trim();
            if let Some(tip) = t.strip_prefix("tip: ") {
                tips.push(tip.to_string());
            } else if let Some(values) = t.strip_prefix("[possible values: ") {
                tips.push(format!("possible values: {}", values.trim_end_matches(']')));
            }
        }
    }
    let words = command_words(words);
    let name = if words.is_empty() {
        "kg".to_string()
    } else {
        words.join(" ")
    };
    let cmd = help::find(&words.iter().map(String::as_str).collect::<Vec<_>>());
    // The whole usage of the command, not clap's, which shows only what was typed.
    let usage = cmd.map(|c| {
        let bin = if words.is_empty() {
            "kg".to_string()
        } else {
            format!("kg {name}")
        };
        let u = c.clone().bin_name(bin).render_usage().to_string();
        u.trim_start_matches("Usage: ").trim().to_string()
    });
    match e.kind() {
        ErrorKind::MissingRequiredArgument => {
            let missing: Vec<String> = match e.get(ContextKind::InvalidArg) {
                Some(ContextValue::Strings(v)) => v.clone(),
                Some(ContextValue::String(s)) => vec![s.clone()],
                _ => Vec::new(),
            };
            let shown: Vec<String> = missing
                .iter()
                .map(|m| {
                    m.trim_end_matches("...")
                        .trim_matches(['<', '>'])
                        .to_string()
                })
                .collect();
            if !shown.is_empty() {
                message = format!("{name} needs {}", listed(&shown, "and"));
                for (spelling, shown) in missing.iter().zip(&shown) {
                    if let Some(what) = cmd.and_then(|c| described(c, spelling)) {
                        tips.push(format!("{shown} is {what}"));
                    }
                }
            }
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let subs: Vec<String> = cmd
                .map(|c| {
                    c.get_subcommands()
                        .filter(|s| !s.is_hide_set())
                        .map(|s| s.get_name().to_string())
                        .collect()
                })
                .unwrap_or_default();
            message = format!("{name} needs one of {}", listed(&subs, "or"));
        }
        _ => {}
    }
    let (usage, hint) = match front {
        Front::Cli => (
            usage,
            if words.is_empty() {
                "'kg --help' lists the commands".to_string()
            } else {
                format!("'kg {name} --help' shows its options and examples")
            },
        ),
        Front::Repl | Front::Json => (
            usage
                .filter(|_| !words.is_empty())
                .map(|u| u.strip_prefix("kg ").unwrap_or(&u).to_string()),
            if words.is_empty() {
                "'help' lists the commands".to_string()
            } else {
                format!("'help {name}' shows its options and examples")
            },
        ),
    };
    ParseError {
        message,
        hint: Some(hint),
        detail: Some(text),
        tips,
        usage,
    }
}

/// The command `words` name (`["add", "relation"]`), skipping options and the
/// values of global options (`--graph g.json add relation ...`).
fn command_words(words: &[String]) -> Vec<String> {
    let mut cmd = grammar();
    let mut out = Vec::new();
    let mut it = words.iter();
    while let Some(w) = it.next() {
        if w == "--" {
            break;
        }
        if let Some(opt) = w.strip_prefix('-') {
            let takes_value = !opt.contains('=')
                && cmd.get_arguments().any(|a| {
                    a.get_action().takes_values()
                        && match opt.strip_prefix('-') {
                            Some(long) => a.get_long() == Some(long),
                            None => opt.len() == 1 && a.get_short() == opt.chars().next(),
                        }
                });
            if takes_value {
                it.next();
            }
            continue;
        }
        match cmd
            .get_subcommands()
            .find(|c| c.get_name() == w || c.get_all_aliases().any(|a| a == w))
        {
            Some(sub) => {
                out.push(sub.get_name().to_string());
                cmd = sub;
            }
            None => break,
        }
    }
    out
}

/// `A`, `A and B`, `A, B and C` (or with `or`).
fn listed(items: &[String], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}

/// What the positional argument clap spells `spelling` (`<TO>`) of `cmd` is, from
/// the first sentence of its help: "where the path ends: id, name or alias".
fn described(cmd: &clap::Command, spelling: &str) -> Option<String> {
    let name = spelling.trim_end_matches("...").trim_matches(['<', '>']);
    let arg = cmd.get_positionals().find(|a| {
        a.get_value_names().and_then(|v| v.first()).map_or_else(
            || a.get_id().as_str().eq_ignore_ascii_case(name),
            |v| v.as_str() == name,
        )
    })?;
    let help = arg.get_help()?.to_string();
    let first = help.split(". ").next()?.trim().trim_end_matches('.');
    let mut chars = first.chars();
    let lower: String = chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default();
    (!lower.is_empty()).then_some(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The leaves of the clap tree, as word lists: `[["path"], ["add", "entity"], ...]`.
    fn leaves(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
        for c in cmd.get_subcommands() {
            let mut words = prefix.to_vec();
            words.push(c.get_name().to_string());
            if c.has_subcommands() {
                leaves(c, &words, out);
            } else {
                out.push(words);
            }
        }
    }

    #[test]
    fn specs_name_exactly_the_leaves_of_the_grammar() {
        let mut tree = Vec::new();
        leaves(grammar(), &[], &mut tree);
        let mut specs: Vec<Vec<String>> = SPECS
            .iter()
            .map(|s| s.words.iter().map(|w| w.to_string()).collect())
            .collect();
        tree.sort();
        specs.sort();
        assert_eq!(tree, specs);
    }

    #[test]
    fn every_example_parses_into_its_own_command() {
        for spec in SPECS {
            for example in spec.examples {
                let words: Vec<String> = crate::repl::words::split(example)
                    .unwrap()
                    .into_iter()
                    .map(|w| w.text)
                    .collect();
                let inv = parse_words(&words).unwrap_or_else(|e| panic!("{example}: {e:?}"));
                assert!(
                    inv.command.spec().words == spec.words,
                    "{example} parses as {}",
                    inv.command.spec().name()
                );
            }
        }
    }

    #[test]
    fn every_command_the_command_line_runs_has_examples() {
        for spec in SPECS.iter().filter(|s| s.runs_in(Front::Cli)) {
            // `repl` is what `kg` alone opens; an example of it would wait for a person.
            assert!(
                !spec.examples.is_empty() || spec.words == ["repl"],
                "'{}' has no examples",
                spec.name()
            );
        }
    }

    #[test]
    fn help_shows_the_examples_in_short_and_long_help_and_globals_apart() {
        for spec in SPECS {
            let cmd = help::find(spec.words).unwrap();
            let short = cmd.clone().render_help().to_string();
            let long = cmd.clone().render_long_help().to_string();
            for e in spec.examples {
                assert!(short.contains(e), "-h of {} lacks {e}", spec.name());
                assert!(long.contains(e), "--help of {} lacks {e}", spec.name());
            }
            let globals = short.find("Global options:").unwrap();
            assert!(
                !short[..globals].contains("--timeout") && short[globals..].contains("--color"),
                "{}",
                spec.name()
            );
        }
    }

    #[test]
    fn missing_arguments_are_named_in_every_command() {
        let cases = [
            ("path Kyodo", "path needs TO"),
            ("path", "path needs FROM and TO"),
            ("add relation Abe", "add relation needs TYPE and TO"),
            ("add entity", "add entity needs NAME"),
            ("alias", "alias needs NAME and ALIAS"),
            ("merge Abe", "merge needs DUPLICATE"),
            ("same 1", "same needs ENTITY"),
            (
                "add",
                "add needs one of entity, source, relation, evidence, type or relation-type",
            ),
        ];
        for (line, message) in cases {
            let words: Vec<String> = line.split(' ').map(str::to_string).collect();
            let e = parse_words(&words).unwrap_err();
            assert_eq!(e.message, message, "{line}: {e:?}");
            assert!(
                e.usage.as_deref().is_some_and(|u| u.starts_with(&words[0])),
                "{line}: {e:?}"
            );
        }
    }

    #[test]
    fn json_fields_never_take_the_names_every_request_has() {
        for spec in SPECS.iter().filter(|s| s.runs_in(Front::Json)) {
            for f in json::fields(spec) {
                assert!(
                    !["id", "op"].contains(&f.name.as_str())
                        && !json::COMMON_FIELDS.contains(&f.name.as_str()),
                    "'{}' has a field named '{}'",
                    spec.op(),
                    f.name
                );
            }
        }
    }

    #[test]
    fn every_command_runs_somewhere_and_says_why_not_elsewhere() {
        for spec in SPECS {
            assert!(
                Front::ALL.iter().any(|f| spec.runs_in(*f)) || spec.words == ["repl"],
                "{}",
                spec.name()
            );
            for front in Front::ALL {
                if let Some(why) = spec.refusal(front) {
                    assert!(!why.is_empty());
                }
            }
        }
    }

    #[test]
    fn a_request_and_its_words_are_the_same_command() {
        for spec in SPECS.iter().filter(|s| s.runs_in(Front::Json)) {
            for example in spec.examples {
                let words: Vec<String> = crate::repl::words::split(example)
                    .unwrap()
                    .into_iter()
                    .map(|w| w.text)
                    .collect();
                let request = json::request_of(&words).unwrap();
                let serde_json::Value::Object(obj) = request.clone() else {
                    panic!("{request}")
                };
                let from_json = json::parse(obj).unwrap_or_else(|e| panic!("{request}: {e}"));
                let from_words = parse_words(&words).unwrap();
                assert_eq!(
                    format!("{:?}", from_json.command),
                    format!("{:?}", from_words.command),
                    "{example} ↔ {request}"
                );
            }
        }
    }
}
