//! The settings of a session: `set NAME VALUE` and `timing on|off`.
//!
//! A setting changes how the front end runs every later line, not what a
//! command does: how long a query may take when it names no `--timeout`,
//! whether the time each line took is shown, whether a script stops at its
//! first failure. The command line gives the same settings as global options
//! (`--timeout`, `--stop-on-error`), so a script behaves alike whether its
//! settings come from its first lines or from the command that runs it.

use std::time::Duration;

use super::context::{Context, Done, Outcome};
use super::spec::{Section, Spec};
use crate::error::{Error, Result};

pub const SET: Spec = Spec {
    not_on_cli: Some("give the global options instead: --timeout DURATION, --stop-on-error"),
    not_in_json: Some("give each request its own \"timeout_ms\""),
    ..Spec::new(
        &["set"],
        Section::Session,
        &[
            "set",
            "set timeout 5s",
            "set timeout default",
            "set stop-on-error off",
        ],
    )
};

pub const TIMING: Spec = Spec {
    not_on_cli: Some("time the command itself: /usr/bin/time kg ..."),
    not_in_json: Some("time the requests from the program that sends them"),
    ..Spec::new(&["timing"], Section::Session, &["timing on", "timing off"])
};

/// What a session runs its lines with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Settings {
    /// Show after each line how long it took (`timing on`).
    pub timing: bool,
    /// A script stops at its first failed line, exiting 1 (`set stop-on-error on`,
    /// `--stop-on-error`).
    pub stop_on_error: bool,
    /// How long a query may run when it names no `--timeout` (`set timeout`,
    /// the global `--timeout`); `None` keeps each query's own default.
    pub timeout: Option<Duration>,
}

/// The settings `set` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Setting {
    /// How long a query may run when it gives no --timeout: a duration (2s,
    /// 500ms), 0 for no limit, or `default` (1 s for enumerations, none for
    /// the rest).
    Timeout,
    /// Show how long each line took: on or off.
    Timing,
    /// Stop a script at its first failed line, with exit status 1: on or off.
    StopOnError,
}

impl Setting {
    const ALL: [Setting; 3] = [Setting::Timeout, Setting::Timing, Setting::StopOnError];

    fn name(self) -> &'static str {
        match self {
            Setting::Timeout => "timeout",
            Setting::Timing => "timing",
            Setting::StopOnError => "stop-on-error",
        }
    }

    /// The setting's value in `s`, as `set` takes it.
    fn shown(self, s: &Settings) -> String {
        match self {
            Setting::Timeout => match s.timeout {
                None => "default (1s for enumerations, none for the rest)".into(),
                Some(Duration::MAX) => "0 (no limit)".into(),
                Some(t) => format!("{t:?}"),
            },
            Setting::Timing => on_off(s.timing).into(),
            Setting::StopOnError => on_off(s.stop_on_error).into(),
        }
    }
}

/// `on` or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Switch {
    On,
    Off,
}

fn on_off(b: bool) -> &'static str {
    if b {
        "on"
    } else {
        "off"
    }
}

#[derive(Debug, Clone, clap::Args)]
pub struct SetArgs {
    /// The setting; without one, every setting and its value is listed.
    #[arg(value_name = "SETTING", value_enum)]
    pub name: Option<Setting>,
    /// Its new value; without one, its value is shown.
    #[arg(value_name = "VALUE")]
    pub value: Option<String>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct TimingArgs {
    /// on or off; without it, timing is switched over (as psql's \timing).
    #[arg(value_name = "on|off", value_enum)]
    pub state: Option<Switch>,
}

/// `set [NAME [VALUE]]`.
pub fn set(args: &SetArgs, ctx: &mut Context) -> Result<Outcome> {
    let Some(name) = args.name else {
        let lines: Vec<String> = Setting::ALL
            .iter()
            .map(|s| format!("{:<14} {}", s.name(), s.shown(&ctx.settings)))
            .collect();
        return Ok(Outcome::Done(Done::new(lines.join("\n"))));
    };
    if let Some(value) = &args.value {
        match name {
            Setting::Timeout => {
                ctx.settings.timeout = match value.as_str() {
                    "default" | "none" => None,
                    v => Some(super::values::parse_duration(v).map_err(Error::usage)?),
                }
            }
            Setting::Timing => ctx.settings.timing = switch(value)?,
            Setting::StopOnError => ctx.settings.stop_on_error = switch(value)?,
        }
    }
    Ok(Outcome::Done(
        Done::new(format!("{} {}", name.name(), name.shown(&ctx.settings)))
            .with(name.name(), name.shown(&ctx.settings)),
    ))
}

/// `timing [on|off]`.
pub fn timing(args: &TimingArgs, ctx: &mut Context) -> Result<Outcome> {
    ctx.settings.timing = match args.state {
        Some(Switch::On) => true,
        Some(Switch::Off) => false,
        None => !ctx.settings.timing,
    };
    Ok(Outcome::Done(Done::new(format!(
        "timing is {}",
        on_off(ctx.settings.timing)
    ))))
}

fn switch(value: &str) -> Result<bool> {
    match value {
        "on" | "true" | "yes" => Ok(true),
        "off" | "false" | "no" => Ok(false),
        other => Err(Error::usage(format!("'{other}' is not on or off"))),
    }
}

/// How long a line took, as `timing on` shows it.
pub fn elapsed(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 1000.0 {
        format!("time: {ms:.1} ms")
    } else {
        format!("time: {:.2} s", ms / 1000.0)
    }
}
