//! `kg show NAME`: one entity and everything attached to it.

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Id, name or alias (case- and accent-insensitive); several words need no quotes.
    #[arg(value_name = "NAME", required = true, num_args = 1..)]
    pub name: Vec<String>,
}
