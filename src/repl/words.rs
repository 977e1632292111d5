//! Splitting a REPL line into words, shell style: spaces separate words, single
//! or double quotes keep spaces inside one, a backslash escapes the next character.
//!
//! A line that ends inside a quote, or with a backslash outside one, goes on
//! on the next line ([`join`]): in a quote the newline is part of the quoted
//! word; after a trailing backslash the backslash and the newline both go, so
//! `path Kyodo \` then `Kurils` reads `path Kyodo Kurils`, as in a shell.

/// One word of a line: its text (quotes removed) and where it starts in the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub start: usize,
}

/// Why a line could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// A quote was opened and not closed: the line goes on.
    Unclosed(char),
    /// The line ends with a backslash outside quotes: it goes on.
    Continued,
}

impl SplitError {
    /// What an input that ended here was missing, for the error message.
    pub fn at_end(&self) -> String {
        match self {
            SplitError::Unclosed(_) => "the input ended inside a quote".to_string(),
            SplitError::Continued => {
                "the input ended with a trailing \\ (a line that goes on)".to_string()
            }
        }
    }
}

/// Whether `text` goes on on the next line: a quote is open, or it ends with a
/// backslash outside quotes.
pub fn incomplete(text: &str) -> bool {
    split(text).is_err()
}

/// Adds the physical line `line` to the logical line `pending`: after a
/// trailing backslash the backslash goes and `line` follows at once; otherwise
/// (an open quote) a newline separates them.
pub fn join(pending: &mut String, line: &str) {
    if pending.is_empty() {
        pending.push_str(line);
        return;
    }
    if split(pending) == Err(SplitError::Continued) {
        pending.pop();
    } else {
        pending.push('\n');
    }
    pending.push_str(line);
}

/// Splits `line` into words.
pub fn split(line: &str) -> Result<Vec<Word>, SplitError> {
    let mut words = Vec::new();
    let mut cur: Option<Word> = None;
    let mut quote: Option<char> = None;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => {
                if let Some((_, n)) = chars.next() {
                    word(&mut cur, i).text.push(n);
                }
            }
            (Some(_), c) => word(&mut cur, i).text.push(c),
            (None, '"' | '\'') => {
                word(&mut cur, i);
                quote = Some(c);
            }
            (None, '\\') => match chars.next() {
                Some((_, n)) => word(&mut cur, i).text.push(n),
                None => return Err(SplitError::Continued),
            },
            (None, c) if c.is_whitespace() => {
                if let Some(w) = cur.take() {
                    words.push(w);
                }
            }
            (None, c) => word(&mut cur, i).text.push(c),
        }
    }
    if let Some(q) = quote {
        return Err(SplitError::Unclosed(q));
    }
    words.extend(cur);
    Ok(words)
}

fn word(cur: &mut Option<Word>, start: usize) -> &mut Word {
    cur.get_or_insert_with(|| Word {
        text: String::new(),
        start,
    })
}

/// `text` as one word of a line (hints that show a command use it too).
pub use crate::suggest::command_word as quote;

/// `text` as one unquoted word: spaces, quotes and backslashes escaped with `\\`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_whitespace() || matches!(c, '"' | '\'' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<String> {
        split(line).unwrap().into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(texts("path  Kyodo Kurils"), ["path", "Kyodo", "Kurils"]);
        assert_eq!(texts(r#"show "Sergei Lavrov""#), ["show", "Sergei Lavrov"]);
        assert_eq!(texts("show 'North Korea' x"), ["show", "North Korea", "x"]);
        assert_eq!(
            texts(r#"add relation a b c --quote "say \"hi\"""#),
            ["add", "relation", "a", "b", "c", "--quote", "say \"hi\""]
        );
        assert_eq!(texts(r"show North\ Korea"), ["show", "North Korea"]);
        assert_eq!(texts("  "), Vec::<String>::new());
    }

    #[test]
    fn reports_unclosed_quotes() {
        assert_eq!(split("show \"Sergei"), Err(SplitError::Unclosed('"')));
    }

    #[test]
    fn a_trailing_backslash_continues_and_joins_without_a_newline() {
        assert_eq!(split("path Kyodo \\"), Err(SplitError::Continued));
        // Inside a quote the backslash is the quote's business: still unclosed.
        assert_eq!(split("show \"a\\"), Err(SplitError::Unclosed('"')));
        assert!(incomplete("path \"Kyodo") && incomplete("path \\"));
        assert!(!incomplete("path a\\ b"));

        let mut line = String::from("path Kyodo \\");
        join(&mut line, "Kurils");
        assert_eq!(line, "path Kyodo Kurils");
        let mut line = String::from("path Kyo\\");
        join(&mut line, "do Kurils");
        assert_eq!(line, "path Kyodo Kurils");

        let mut line = String::from("path \"Kyodo");
        join(&mut line, "News\" Kurils");
        assert_eq!(line, "path \"Kyodo\nNews\" Kurils");
        assert_eq!(texts(&line), ["path", "Kyodo\nNews", "Kurils"]);

        let mut line = String::new();
        join(&mut line, "stats");
        assert_eq!(line, "stats");
    }

    #[test]
    fn word_starts_and_quoting() {
        let w = split("path \"Kyodo News\" x").unwrap();
        assert_eq!(w[1].start, 5);
        assert_eq!(w[2].start, 18);
        assert_eq!(quote("Kyodo News"), "\"Kyodo News\"");
        assert_eq!(quote("Japan"), "Japan");
        assert_eq!(split(&quote(r#"a "b" \c"#)).unwrap()[0].text, r#"a "b" \c"#);
        assert_eq!(escape("Kyodo News"), r"Kyodo\ News");
        assert_eq!(
            split(&escape(r#"a "b" \c"#)).unwrap()[0].text,
            r#"a "b" \c"#
        );
    }
}
