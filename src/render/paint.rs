//! Colour for text answers on a terminal: headings bold, relation arrows cyan,
//! quotes green. Applied to finished text, so the plain text (what scripts, tests
//! and `NO_COLOR` users get) stays the single source of layout.

const BOLD: &str = "\x1b[1m";
const CYAN: &str = "\x1b[36m";
const GREEN: &str = "\x1b[32m";
const RESET: &str = "\x1b[0m";

/// `--color`: whether text answers are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Choice {
    /// On a terminal, unless `NO_COLOR` is set or `TERM` is `dumb`.
    #[default]
    Auto,
    /// Always, even through a pipe and despite `NO_COLOR` (`kg --color always show Japan | less -R`).
    Always,
    /// Never.
    Never,
}

/// The process's `--color`, set once by the command line before anything is
/// printed: every place that colours asks [`wanted`], so one decision holds for
/// answers, the REPL and help alike.
static CHOICE: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Records the `--color` the command line was given.
pub fn choose(choice: Choice) {
    let n = match choice {
        Choice::Auto => 0,
        Choice::Always => 1,
        Choice::Never => 2,
    };
    CHOICE.store(n, std::sync::atomic::Ordering::Relaxed);
}

/// The `--color` in force ([`Choice::Auto`] unless [`choose`] said otherwise).
pub fn choice() -> Choice {
    match CHOICE.load(std::sync::atomic::Ordering::Relaxed) {
        1 => Choice::Always,
        2 => Choice::Never,
        _ => Choice::Auto,
    }
}

/// Whether to colour output written to a stream that `is_terminal`: the one
/// decision, from `--color` first, then (under `auto`) the stream, `NO_COLOR`
/// and `TERM`.
pub fn wanted(is_terminal: bool) -> bool {
    decide(choice(), is_terminal, |k| std::env::var_os(k))
}

/// [`wanted`] for a given choice and environment (`env` reads a variable).
pub fn decide(
    choice: Choice,
    is_terminal: bool,
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> bool {
    match choice {
        Choice::Always => true,
        Choice::Never => false,
        Choice::Auto => {
            is_terminal
                && env("NO_COLOR").is_none_or(|v| v.is_empty())
                && env("TERM").is_none_or(|t| t != "dumb")
        }
    }
}

/// The same decision as clap takes it, for help and usage messages.
pub fn clap_choice(is_terminal: bool) -> clap::ColorChoice {
    if wanted(is_terminal) {
        clap::ColorChoice::Always
    } else {
        clap::ColorChoice::Never
    }
}

/// `text` with ANSI colours added.
pub fn paint(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for line in text.split_inclusive('\n') {
        let heading = !line.starts_with(' ') && !line.trim().is_empty();
        if heading {
            out.push_str(BOLD);
        }
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '“' => {
                    out.push_str(GREEN);
                    out.push(c);
                    for q in chars.by_ref() {
                        out.push(q);
                        if q == '”' {
                            break;
                        }
                    }
                    out.push_str(RESET);
                    if heading {
                        out.push_str(BOLD);
                    }
                }
                '—' if chars.peek().is_some_and(|n| !n.is_whitespace()) => {
                    out.push_str(CYAN);
                    out.push(c);
                    for a in chars.by_ref() {
                        out.push(a);
                        if a == '→' || a == '—' {
                            break;
                        }
                    }
                    out.push_str(RESET);
                    if heading {
                        out.push_str(BOLD);
                    }
                }
                '\n' => {
                    if heading {
                        out.push_str(RESET);
                    }
                    out.push(c);
                }
                c => out.push(c),
            }
        }
        if heading && !line.ends_with('\n') {
            out.push_str(RESET);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn color_always_beats_a_pipe_and_no_color_and_auto_obeys_them() {
        let none = |_: &str| None;
        let no_color = |k: &str| (k == "NO_COLOR").then(|| "1".into());
        let dumb = |k: &str| (k == "TERM").then(|| "dumb".into());
        assert!(decide(Choice::Always, false, no_color));
        assert!(!decide(Choice::Never, true, none));
        assert!(decide(Choice::Auto, true, none));
        assert!(!decide(Choice::Auto, false, none));
        assert!(!decide(Choice::Auto, true, no_color));
        assert!(!decide(Choice::Auto, true, dumb));
        // An empty NO_COLOR is unset, as no-color.org says.
        assert!(decide(Choice::Auto, true, |k: &str| (k == "NO_COLOR")
            .then(|| "".into())));
    }

    #[test]
    fn colours_arrows_quotes_and_headings() {
        let text = "A → B: 1 hop\n    —claims→ B\n        “a quote” — src\n";
        let p = paint(text);
        assert!(p.starts_with(BOLD));
        assert!(p.contains(&format!("{CYAN}—claims→{RESET}")));
        assert!(p.contains(&format!("{GREEN}“a quote”{RESET}")));
        // The em dash before a source is not an arrow.
        assert!(p.contains(&format!("”{RESET} — src")));
        let plain: String = p
            .replace(BOLD, "")
            .replace(CYAN, "")
            .replace(GREEN, "")
            .replace(RESET, "");
        assert_eq!(plain, text);
    }
}
