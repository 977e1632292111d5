//! Options shared by `path`, `neighbours`, `show` and `relations`: the query filters.

use crate::query::{Direction, Filter};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DirectionArg {
    /// Follow relations either way.
    Any,
    /// Only along their stored direction (symmetric relations always count).
    Out,
    /// Only against their stored direction (symmetric relations always count).
    In,
}

/// The filters of a traversal: those on relations, and those on what it passes through.
#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    #[command(flatten)]
    pub relation: RelationFilterArgs,
    /// Entity types allowed in the middle of a path or neighbourhood (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "TYPE,...")]
    pub via_types: Vec<String>,
    /// An entity that must not be passed through (repeatable).
    #[arg(long, value_name = "NAME")]
    pub avoid: Vec<String>,
}

/// The filters on relations themselves (direction, type, date): all that `show`
/// takes, since it passes through nothing.
#[derive(Debug, Clone, clap::Args)]
pub struct RelationFilterArgs {
    /// Which stored directions to follow.
    #[arg(long, value_enum, default_value_t = DirectionArg::Any)]
    pub direction: DirectionArg,
    /// Only these relation types: ids or labels (any case or accents), cameo:CODE
    /// for a CAMEO code and the codes under it, or several separated by commas.
    /// Repeatable; a value that names a type whole is taken whole, commas included.
    #[arg(long, value_name = "TYPE")]
    pub relations: Vec<String>,
    /// Never these relation types (written as for --relations; repeatable).
    #[arg(long, value_name = "TYPE")]
    pub exclude_relations: Vec<String>,
    #[command(flatten)]
    pub dates: DateFilterArgs,
}

/// The date filters on relations: all that a listing of relations (`relations`)
/// takes besides its types.
#[derive(Debug, Clone, clap::Args)]
pub struct DateFilterArgs {
    /// Only relations that hold on this date (YYYY, YYYY-MM or YYYY-MM-DD): their
    /// event date or span. Relations with no such date are kept (see --strict-dates).
    #[arg(long, value_name = "DATE", value_parser = super::values::date_text, conflicts_with_all = ["from_date", "to_date"])]
    pub at: Option<String>,
    /// Only relations that hold on or after this date.
    #[arg(long, value_name = "DATE", value_parser = super::values::date_text)]
    pub from_date: Option<String>,
    /// Only relations that hold on or before this date.
    #[arg(long, value_name = "DATE", value_parser = super::values::date_text)]
    pub to_date: Option<String>,
    /// Under --at, --from-date or --to-date, drop relations with no event date or
    /// span as well (enduring and background facts are kept without it).
    #[arg(long)]
    pub strict_dates: bool,
}

impl From<&FilterArgs> for Filter {
    fn from(a: &FilterArgs) -> Filter {
        Filter {
            via_types: trimmed(&a.via_types),
            avoid: a.avoid.clone(),
            ..(&a.relation).into()
        }
    }
}

impl From<&RelationFilterArgs> for Filter {
    fn from(a: &RelationFilterArgs) -> Filter {
        Filter {
            direction: match a.direction {
                DirectionArg::Any => Direction::Any,
                DirectionArg::Out => Direction::Out,
                DirectionArg::In => Direction::In,
            },
            relations: trimmed(&a.relations),
            exclude_relations: trimmed(&a.exclude_relations),
            ..(&a.dates).into()
        }
    }
}

impl From<&DateFilterArgs> for Filter {
    fn from(a: &DateFilterArgs) -> Filter {
        Filter {
            at: a.at.clone(),
            from_date: a.from_date.clone(),
            to_date: a.to_date.clone(),
            strict_dates: a.strict_dates,
            ..Filter::default()
        }
    }
}

/// Items of a comma-separated list without the spaces around them (`a, b`).
fn trimmed(items: &[String]) -> Vec<String> {
    items.iter().map(|s| s.trim().to_string()).collect()
}
