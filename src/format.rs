//! Every output format kg writes, once: its name, its file extensions, whether
//! it is text or binary, and which commands accept it.
//!
//! `--format` (CLI, REPL), `format` (REPL session default), `"format"` (JSON
//! Lines) and the extension of `-o FILE` all name a [`Format`]; the commands ask
//! it what it is instead of keeping lists of their own, so a new format is one
//! row of [`Format::ALL`] and one arm in [`Format::info`].

use std::path::Path;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// Text for people (the default on a terminal and in scripts).
    #[default]
    Text,
    /// JSON: answers as `kg query` gives them, or a whole graph as kg JSON.
    Json,
    /// Graphviz DOT of the answer's subgraph or of the whole graph.
    Dot,
    /// The DOT drawing laid out by Graphviz as SVG.
    Svg,
    /// The DOT drawing laid out by Graphviz as PNG.
    Png,
    /// The DOT drawing laid out by Graphviz as PDF, for print.
    Pdf,
    /// GraphML with typed attributes (NetworkX, Gephi, yEd).
    Graphml,
    /// RDF N-Triples (Oxigraph, Jena, rdflib).
    Ntriples,
    /// Neo4j bulk-import CSV: nodes.csv and relationships.csv in a folder.
    Neo4jCsv,
    /// Apache Parquet tables (entities, relations, evidence, sources) in a folder.
    Parquet,
}

/// What a format is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Info {
    /// As `--format` spells it.
    pub name: &'static str,
    /// File name extensions that stand for it (`-o x.svg`), lower case, first preferred.
    pub extensions: &'static [&'static str],
    /// Bytes for a file, not for a terminal or a JSON string.
    pub binary: bool,
    /// A picture laid out by Graphviz: never printed on a terminal, where even
    /// SVG, which is text, is only a screenful of markup.
    pub image: bool,
    /// Written as a folder of several files, so never to stdout.
    pub folder: bool,
    /// Answers of queries (path, neighbours, show, stats) can be printed in it.
    pub answers: bool,
    /// `export` writes it.
    pub export: bool,
    /// `render` draws it.
    pub render: bool,
    /// One line for help texts.
    pub help: &'static str,
}

/// Which command is asking, for [`Format::accepted_by`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Printing a query's answer.
    Answers,
    /// `export`.
    Export,
    /// `render`.
    Render,
    /// The REPL's `format`, the default for answers printed at a prompt.
    Session,
}

impl Format {
    /// Every format, in the order help texts list them.
    pub const ALL: [Format; 10] = [
        Format::Text,
        Format::Json,
        Format::Dot,
        Format::Svg,
        Format::Png,
        Format::Pdf,
        Format::Graphml,
        Format::Ntriples,
        Format::Neo4jCsv,
        Format::Parquet,
    ];

    pub const fn info(self) -> Info {
        const fn row(
            name: &'static str,
            extensions: &'static [&'static str],
            binary: bool,
            uses: (bool, bool, bool),
            help: &'static str,
        ) -> Info {
            Info {
                name,
                extensions,
                binary,
                image: false,
                folder: false,
                answers: uses.0,
                export: uses.1,
                render: uses.2,
                help,
            }
        }
        match self {
            Format::Text => row(
                "text",
                &["txt"],
                false,
                (true, false, false),
                "text for people",
            ),
            Format::Json => row(
                "json",
                &["json"],
                false,
                (true, true, false),
                "answers as kg query gives them; a whole graph as kg JSON",
            ),
            // render writes the drawing's source too: `kg render -o x.dot`.
            Format::Dot => row(
                "dot",
                &["dot", "gv"],
                false,
                (true, true, true),
                "Graphviz DOT of the answer's subgraph or the whole graph",
            ),
            Format::Svg => Info {
                image: true,
                ..row(
                    "svg",
                    &["svg"],
                    false,
                    (true, true, true),
                    "the DOT drawing laid out by Graphviz (which must be installed)",
                )
            },
            Format::Png => Info {
                image: true,
                ..row(
                    "png",
                    &["png"],
                    true,
                    (true, true, true),
                    "the DOT drawing as a PNG picture, laid out by Graphviz",
                )
            },
            Format::Pdf => Info {
                image: true,
                ..row(
                    "pdf",
                    &["pdf"],
                    true,
                    (true, true, true),
                    "the DOT drawing as a PDF document for print, laid out by Graphviz",
                )
            },
            Format::Graphml => row(
                "graphml",
                &["graphml"],
                false,
                (true, true, false),
                "GraphML with typed attributes (NetworkX, Gephi, yEd); see docs/export.md",
            ),
            Format::Ntriples => row(
                "ntriples",
                &["nt"],
                false,
                (true, true, false),
                "RDF N-Triples (Oxigraph, Jena, rdflib); see docs/export.md",
            ),
            Format::Neo4jCsv => Info {
                folder: true,
                ..row(
                    "neo4j-csv",
                    &[],
                    false,
                    (false, true, false),
                    "Neo4j bulk-import CSV: nodes.csv and relationships.csv (-o DIR)",
                )
            },
            Format::Parquet => Info {
                folder: true,
                ..row(
                    "parquet",
                    &[],
                    true,
                    (false, true, false),
                    "Apache Parquet tables for Spark, DuckDB, pandas (-o DIR); see docs/export.md",
                )
            },
        }
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The format a file name's extension stands for.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.info().extensions.contains(&ext.as_str()))
    }

    /// The extensions `usage` recognises, as a list for messages: ".json, .dot or .svg".
    pub fn extensions_for(usage: Use) -> String {
        let exts: Vec<String> = Format::ALL
            .into_iter()
            .filter(|f| f.accepted_by(usage))
            .flat_map(|f| f.info().extensions.iter().map(|e| format!(".{e}")))
            .collect();
        match exts.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} or {last}", init.join(", ")),
        }
    }

    /// Whether `usage` can write this format.
    pub fn accepted_by(self, usage: Use) -> bool {
        let i = self.info();
        match usage {
            Use::Answers => i.answers,
            Use::Export => i.export,
            Use::Render => i.render,
            // Printed at a prompt: no bytes, no folder, and no picture (even
            // SVG is only a screenful of markup there).
            Use::Session => i.answers && !i.binary && !i.image,
        }
    }

    /// The formats `usage` writes, as a list for messages: "dot, json or svg".
    pub fn names_for(usage: Use) -> String {
        let names: Vec<&str> = Format::ALL
            .into_iter()
            .filter(|f| f.accepted_by(usage))
            .map(Format::name)
            .collect();
        match names.as_slice() {
            [] => String::new(),
            [one] => (*one).to_string(),
            [init @ .., last] => format!("{} or {last}", init.join(", ")),
        }
    }

    /// Whether the format draws or exports a graph (which stats have not).
    pub fn is_graph(self) -> bool {
        !matches!(self, Format::Text | Format::Json)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl clap::ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Format::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()).help(self.info().help))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_extensions_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.name()), Some(f));
            for ext in f.info().extensions {
                assert_eq!(Format::of_path(Path::new(&format!("x.{ext}"))), Some(f));
                let upper = format!("X.{}", ext.to_ascii_uppercase());
                assert_eq!(Format::of_path(Path::new(&upper)), Some(f));
            }
        }
        assert_eq!(Format::of_path(Path::new("x")), None);
        assert_eq!(Format::of_path(Path::new("x.kgb")), None);
    }

    #[test]
    fn lists_what_each_command_writes() {
        assert_eq!(Format::names_for(Use::Render), "dot, svg, png or pdf");
        assert_eq!(
            Format::names_for(Use::Export),
            "json, dot, svg, png, pdf, graphml, ntriples, neo4j-csv or parquet"
        );
        assert_eq!(
            Format::extensions_for(Use::Render),
            ".dot, .gv, .svg, .png or .pdf"
        );
        assert!(Format::Pdf.info().binary && Format::Pdf.info().image);
        assert!(Format::Svg.info().image && !Format::Svg.info().binary);
        assert!(!Format::Dot.info().image);
        assert!(!Format::Png.accepted_by(Use::Session));
        assert!(!Format::Neo4jCsv.accepted_by(Use::Answers));
        assert!(!Format::Parquet.accepted_by(Use::Answers));
        assert!(Format::Parquet.info().folder && Format::Parquet.info().binary);
    }
}
