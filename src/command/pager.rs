//! The pager: a text answer longer than the screen goes through `$PAGER` (`less
//! -FRX` when it is unset), as git and man do, so a long `show` or `neighbours`
//! can be read from its top.
//!
//! The front ends decide whether to page at all ([`super::Context::page`]): the
//! command line and the interactive REPL do when standard output is a terminal and
//! `--no-pager` was not given; a pipe, a script on stdin and `kg query` never do.
//! This module only decides whether a text is longer than the screen, and runs
//! the pager; when the pager cannot start, the text is printed directly.

use std::io::{self, Write};
use std::process::{Command, Stdio};

/// The pager when `$PAGER` is unset: `-F` quits at once when the text fits after
/// all, `-R` shows colours, `-X` leaves the text on the screen after quitting.
pub const DEFAULT: &str = "less -FRX";

/// Writes `text` to `out`, or through the pager when the screen cannot show it
/// and the prompt after it (see [`rows_needed`]).
///
/// # Errors
/// Writing to `out` failed (the pager's own failures fall back to `out`).
pub fn show(text: &[u8], out: &mut dyn Write) -> io::Result<()> {
    let Some((cols, rows)) = screen() else {
        return out.write_all(text);
    };
    if rows_needed(text, cols) < rows {
        return out.write_all(text);
    }
    let Some(argv) = command() else {
        return out.write_all(text);
    };
    // What was written before goes first; the pager writes to the terminal itself.
    out.flush()?;
    match run(&argv, text) {
        Ok(()) => Ok(()),
        Err(_) => out.write_all(text),
    }
}

/// The size of the terminal on standard output, columns then rows.
fn screen() -> Option<(usize, usize)> {
    terminal_size::terminal_size_of(io::stdout()).map(|(w, h)| (usize::from(w.0), usize::from(h.0)))
}

/// The pager's words: `$PAGER` split as a shell would (`less -R`, `"my pager" -x`),
/// or [`DEFAULT`]; `None` when `$PAGER` is set but empty or cannot be split (an
/// unclosed quote), which asks for no pager.
fn command() -> Option<Vec<String>> {
    match std::env::var("PAGER") {
        Ok(p) => split(&p).filter(|w| !w.is_empty()),
        Err(_) => split(DEFAULT),
    }
}

/// Runs the pager on `text`; returns once it has quit.
///
/// # Errors
/// The pager did not start.
fn run(argv: &[String], text: &[u8]) -> io::Result<()> {
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..]).stdin(Stdio::piped());
    // `PAGER=less` without flags gets the default's, as git gives them.
    if std::env::var_os("LESS").is_none() {
        cmd.env("LESS", "FRX");
    }
    let mut child = cmd.spawn()?;
    // Ctrl-C in the pager is the pager's: it must not kill kg under it, which
    // would leave the pager reading from a closed pipe. (In the REPL the
    // handler is set already, and this changes nothing.)
    let _ = ctrlc::set_handler(crate::query::cancel::interrupt);
    if let Some(mut stdin) = child.stdin.take() {
        // The reader quitting early (`q` in less) is not an error.
        let _ = stdin.write_all(text);
    }
    let _ = child.wait();
    Ok(())
}

/// How many rows of a terminal `cols` wide `text` takes: each line at least one,
/// a longer one as many as it wraps to (colour escapes take no room). The text
/// is paged when this reaches the screen's height: the prompt after it would
/// push its first line off the screen.
pub fn rows_needed(text: &[u8], cols: usize) -> usize {
    let text = String::from_utf8_lossy(text);
    let cols = cols.max(1);
    text.lines()
        .map(|l| visible_width(l).div_ceil(cols).max(1))
        .sum()
}

/// Characters of `line` that take room on the screen: all but ANSI escapes
/// (`ESC [ ... letter`).
fn visible_width(line: &str) -> usize {
    let mut n = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            n += 1;
        }
    }
    n
}

/// Splits `s` into words as a shell would: spaces separate words, quotes keep
/// spaces inside one, a backslash escapes the next character (not within single
/// quotes). `None` for an unclosed quote.
fn split(s: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut cur: Option<String> = None;
    let mut quote: Option<char> = None;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"') | None, '\\') => {
                if let Some(n) = chars.next() {
                    cur.get_or_insert_with(String::new).push(n);
                }
            }
            (Some(_), c) => cur.get_or_insert_with(String::new).push(c),
            (None, '"' | '\'') => {
                cur.get_or_insert_with(String::new);
                quote = Some(c);
            }
            (None, c) if c.is_whitespace() => words.extend(cur.take()),
            (None, c) => cur.get_or_insert_with(String::new).push(c),
        }
    }
    if quote.is_some() {
        return None;
    }
    words.extend(cur);
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_commands_split_as_a_shell_would() {
        let cases: [(&str, Option<&[&str]>); 7] = [
            ("less -R", Some(&["less", "-R"])),
            ("  less   -FRX ", Some(&["less", "-FRX"])),
            ("\"my pager\" -x", Some(&["my pager", "-x"])),
            ("'a b'\\ c d", Some(&["a b c", "d"])),
            ("say \"\\\"hi\\\"\"", Some(&["say", "\"hi\""])),
            ("", Some(&[])),
            ("less 'unclosed", None),
        ];
        for (text, words) in cases {
            let want = words.map(|w| w.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(split(text), want, "{text:?}");
        }
    }

    #[test]
    fn rows_count_wrapped_lines_and_skip_colour() {
        assert_eq!(rows_needed(b"", 80), 0);
        assert_eq!(rows_needed(b"a\nb\n", 80), 2);
        assert_eq!(rows_needed(b"a\n\nb", 80), 3);
        let long = "x".repeat(81);
        assert_eq!(rows_needed(long.as_bytes(), 80), 2);
        assert_eq!(rows_needed(b"\x1b[1;31mred\x1b[0m\n", 3), 1);
        assert_eq!(rows_needed(b"abc", 0), 3);
    }
}
