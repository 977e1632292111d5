//! `use`: what a session's evidence cites when an edit does not say, so that
//! `add relation` needs only its ends, type and quote.

use super::context::{Context, Done, Outcome};
use super::spec::{Section, Spec};
use crate::error::Result;

pub const USE: Spec = Spec {
    not_on_cli: Some("each command-line edit stands alone; give it --source and --date"),
    ..Spec::new(
        &["use"],
        Section::Build,
        &[
            "use source sputnik-2016-03-14",
            "use date 2016-03-14",
            "use",
            "use none",
        ],
    )
};

/// What `use` sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Default {
    /// The source that evidence cites.
    Source,
    /// The date evidence was stated.
    Date,
    /// Forget both.
    None,
}

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// source, date, or none (forget both); nothing shows what is in use.
    #[arg(value_name = "WHAT", value_enum)]
    pub what: Option<Default>,
    /// The source id, or the date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(value_name = "VALUE")]
    pub value: Option<String>,
}

/// Sets or shows the session's evidence defaults.
pub fn run(args: &Args, ctx: &mut Context) -> Result<Outcome> {
    let session = ctx.session()?;
    let message = match (args.what, args.value.as_deref()) {
        (None, _) => session.defaults_text(),
        (Some(Default::None), None) => {
            session.use_source(None)?;
            session.use_date(None)?;
            "evidence cites only what each edit gives".to_string()
        }
        (Some(Default::None), Some(v)) => {
            return Err(crate::Error::usage(format!(
                "'use none' takes no value, not '{v}'"
            )))
        }
        (Some(Default::Source), v) => session.use_source(v)?,
        (Some(Default::Date), v) => session.use_date(v)?,
    };
    let d = session.defaults();
    Ok(Outcome::Done(
        Done::new(message)
            .with("source", d.source.clone())
            .with("date", d.date.clone()),
    ))
}
