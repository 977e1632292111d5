//! `neighbours NAME`: what lies within some hops of an entity?

use super::fields::FieldsArg;
use super::filter::FilterArgs;
use super::spec::{Section, Spec};
use crate::error::Result;
use crate::query::{NeighboursQuery, Query};

pub const SPEC: Spec = Spec {
    // Requests written before the command line named the argument say `of`.
    json_aliases: &[("of", "name")],
    ..Spec::new(
        &["neighbours"],
        Section::Ask,
        &[
            "neighbours Japan",
            "neighbours Japan --depth 2 --relations claims,visits",
            "neighbours Japan --no-evidence",
        ],
    )
};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The entity at the center: id, name or alias; several words need no quotes.
    #[arg(value_name = "NAME", required = true, num_args = 1..)]
    pub name: Vec<String>,
    /// How many hops out to go.
    #[arg(short, long, default_value_t = 1, value_parser = super::values::parse_whole)]
    pub depth: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// At most this many entities [default: 1000].
    #[arg(long, value_name = "N", value_parser = super::values::parse_count)]
    pub limit: Option<usize>,
    /// The entities and relations alone: leave out the relations' evidence and
    /// the sources it cites (never read, so a script that drops them pays nothing).
    #[arg(long)]
    pub no_evidence: bool,
    #[command(flatten)]
    pub fields: FieldsArg,
}

impl Args {
    /// # Errors
    /// `--fields` that say nothing or contradict `--no-evidence`.
    pub fn query(&self) -> Result<Query> {
        Ok(Query::Neighbours(NeighboursQuery {
            of: self.name.join(" "),
            depth: Some(self.depth),
            filter: (&self.filter).into(),
            limit: self.limit,
            no_evidence: self.no_evidence,
            fields: self.fields.fields(self.no_evidence)?,
        }))
    }
}
