//! `path FROM TO`: how are two entities connected, and on what evidence?

use super::fields::FieldsArg;
use super::filter::FilterArgs;
use super::spec::{Section, Spec};
use crate::error::{Error, Result};
use crate::model::KnowledgeGraph;
use crate::query::{PathQuery, Query};

pub const SPEC: Spec = Spec::new(
    &["path"],
    Section::Ask,
    &[
        "path Kyodo Kurils",
        "path Lavrov \"North Korea\" -k 2",
        "path Sputnik Kyodo --all",
        "path Lavrov Kurils --relations visits,claims,foreign_minister_of",
        "path Lavrov Japan --min-len 2",
        "path Abe Kurils --at 2016-04",
        "path Kyodo Kurils --no-evidence",
    ],
);

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Where the path starts: id, name or alias. Quote names of several words, or
    /// leave them unquoted when only one split of the words names two entities
    /// (`kg path Kyodo News Kuril Islands`).
    #[arg(value_name = "FROM")]
    pub from: String,
    /// Where the path ends: id, name or alias.
    #[arg(value_name = "TO")]
    pub to: String,
    /// More words of unquoted names.
    #[arg(value_name = "WORDS", hide = true, num_args = 0..)]
    pub more: Vec<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Longest route worth reporting, in hops.
    #[arg(long, value_name = "N", value_parser = super::values::parse_whole)]
    pub max_len: Option<usize>,
    /// Only routes of at least N hops: the intermediaries, where a direct tie exists.
    #[arg(long, value_name = "N", value_parser = super::values::parse_count)]
    pub min_len: Option<usize>,
    /// Every shortest route, not just the first.
    #[arg(long, conflicts_with = "k")]
    pub all: bool,
    /// The K shortest distinct routes (sequences of entities), shortest first.
    #[arg(short, long, value_name = "K", value_parser = super::values::parse_count)]
    pub k: Option<usize>,
    /// At most this many routes [default: 100].
    #[arg(long, value_name = "N", value_parser = super::values::parse_count)]
    pub limit: Option<usize>,
    /// The routes alone: leave out the evidence of their relations and the
    /// sources it cites (never read, so a script that drops them pays nothing).
    #[arg(long)]
    pub no_evidence: bool,
    #[command(flatten)]
    pub fields: FieldsArg,
}

impl Args {
    pub fn query(&self, g: &KnowledgeGraph) -> Result<Query> {
        let (from, to) = if self.more.is_empty() {
            (self.from.clone(), self.to.clone())
        } else {
            let words: Vec<String> = [self.from.clone(), self.to.clone()]
                .into_iter()
                .chain(self.more.iter().cloned())
                .collect();
            split_ends(g, &words)?
        };
        Ok(Query::Path(PathQuery {
            from,
            to,
            filter: (&self.filter).into(),
            max_len: self.max_len,
            all: self.all,
            k: self.k,
            limit: self.limit,
            min_len: self.min_len,
            no_evidence: self.no_evidence,
            fields: self.fields.fields(self.no_evidence)?,
        }))
    }
}

/// Splits the words of `path FROM TO` into the two ends: the one split whose
/// halves both name an entity wins.
fn split_ends(g: &KnowledgeGraph, words: &[String]) -> Result<(String, String)> {
    let splits: Vec<(String, String)> = (1..words.len())
        .map(|i| (words[..i].join(" "), words[i..].join(" ")))
        .filter(|(a, b)| g.resolve(a).is_ok() && g.resolve(b).is_ok())
        .collect();
    match splits.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Error::bad_request(format!(
            "'{}' does not split into two entity names; quote each name",
            words.join(" ")
        ))),
        many => Err(Error::BadRequest {
            message: format!(
                "'{}' splits into two names in more than one way; quote each name",
                words.join(" ")
            ),
            suggestions: many
                .iter()
                .map(|(a, b)| format!("path \"{a}\" \"{b}\""))
                .collect(),
        }),
    }
}
