//! `entities` and `relations`: the graph listed by type (`entities --type person`,
//! `relations --type visits`), a page at a time, like `show`'s relations.

use super::filter::DateFilterArgs;
use super::spec::{Section, Spec};
use crate::query::{EntitiesQuery, Query, RelationsQuery};

pub const ENTITIES: Spec = Spec::new(
    &["entities"],
    Section::Ask,
    &[
        "entities",
        "entities --type person",
        "entities --type country --limit 2",
        "entities ja",
    ],
);

pub const RELATIONS: Spec = Spec::new(
    &["relations"],
    Section::Ask,
    &[
        "relations --type visits",
        "relations --type claims,visits --limit 2",
        "relations --at 2016-04 --strict-dates",
    ],
);

#[derive(Debug, Clone, clap::Args)]
pub struct EntitiesArgs {
    /// Only entities of this type: its id, in any case or accents (`news agency`
    /// for news_agency).
    #[arg(long = "type", short = 't', value_name = "TYPE")]
    pub kind: Option<String>,
    /// At most this many entities [default: 100]; the first by name are kept.
    #[arg(long, value_name = "N", value_parser = super::values::parse_count)]
    pub limit: Option<usize>,
    /// Only entities whose name or an alias begins with this (any case or accents);
    /// several words need no quotes.
    #[arg(value_name = "PREFIX", num_args = 0..)]
    pub prefix: Vec<String>,
}

impl EntitiesArgs {
    pub fn query(&self) -> Query {
        Query::Entities(EntitiesQuery {
            kind: self.kind.clone(),
            prefix: (!self.prefix.is_empty()).then(|| self.prefix.join(" ")),
            limit: self.limit,
        })
    }
}

#[derive(Debug, Clone, clap::Args)]
pub struct RelationsArgs {
    /// Only these relation types: ids or labels (any case or accents), cameo:CODE
    /// for a CAMEO code and the codes under it, or several separated by commas.
    /// Repeatable; a value that names a type whole is taken whole, commas included.
    #[arg(long = "type", short = 't', value_name = "RELATION_TYPE")]
    pub types: Vec<String>,
    #[command(flatten)]
    pub dates: DateFilterArgs,
    /// At most this many relations [default: 100].
    ///
    /// Past it, the most recent are kept, as show keeps them: undated facts
    /// (which hold throughout) first, then by the last day of their validity,
    /// else of their evidence, latest first.
    #[arg(long, value_name = "N", value_parser = super::values::parse_count)]
    pub limit: Option<usize>,
}

impl RelationsArgs {
    pub fn query(&self) -> Query {
        Query::Relations(RelationsQuery {
            types: self.types.iter().map(|t| t.trim().to_string()).collect(),
            filter: (&self.dates).into(),
            limit: self.limit,
        })
    }
}
