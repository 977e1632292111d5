//! `--fields` (`"fields"` in a request): the parts of a path or neighbourhood
//! answer a script wants, so that it never pays for the ones it drops.

use crate::error::Result;
use crate::query::fields::{Fields, NAMES};

#[derive(Debug, Clone, Default, clap::Args)]
pub struct FieldsArg {
    /// Only these parts of the answer (JSON): any of id, name, type (what each
    /// entity shows), relations (the relations walked or found, without their
    /// evidence), evidence (the relations with their evidence and sources).
    /// The rest is neither built nor written [default: all].
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        value_parser = clap::builder::PossibleValuesParser::new(NAMES)
    )]
    pub fields: Vec<String>,
}

impl FieldsArg {
    /// The parts to build, with `--no-evidence` (`no_evidence`) taken into account.
    ///
    /// # Errors
    /// See [`Fields::from_names`].
    pub fn fields(&self, no_evidence: bool) -> Result<Fields> {
        Fields::from_names(&self.fields, no_evidence)
    }
}
