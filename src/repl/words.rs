//! Splitting a REPL line into words, shell style: spaces separate words, single
//! or double quotes keep spaces inside one, a backslash escapes the next character.
//!
//! A line that ends inside a quote, or with a backslash outside one, goes on
//! on the next line ([`join`]): in a quote the newline is part of the quoted
//! word; after a trailing backslash the backslash and the newline both go, so
//! `path Kyodo \` then `Kurils` reads `path Kyodo Kurils`, as in a shell.
//!
//! A pattern query is the exception ([`pattern`]): its quotes, braces and `|`
//! are the query language's, not the shell's, so a line that begins with the
//! word `match` (any case) and holds the query unquoted gives the query to the
//! grammar as one word, exactly as typed. [`line`] splits either kind.

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
/// backslash outside quotes (a pattern query: it ends with a backslash).
pub fn incomplete(text: &str) -> bool {
    line(text).is_err()
}

/// Splits a REPL line into words: a pattern query typed as it stands as the
/// words of `match` ([`pattern`]), any other line shell-style ([`split`]).
pub fn line(text: &str) -> Result<Vec<Word>, SplitError> {
    match pattern(text) {
        Some(_) if text.ends_with('\\') => Err(SplitError::Continued),
        Some(words) => Ok(words),
        None => split(text),
    }
}

/// The words of a line that holds a pattern query unquoted, or `None` for
/// any other line (which [`split`] then splits):
///
/// - `MATCH (p:person) RETURN p.name`, or `match (p) return p` (Cypher's
///   keywords are case-insensitive): the line begins with the keyword, so it
///   is the query, whole;
/// - `match MATCH (p) RETURN p` and `match --limit 5 --explain MATCH …`: the
///   verb, its options (split as words), then the query: the rest of the line.
///
/// The words are `match`, the options, `--` and the query, so the grammar reads
/// them as it reads `kg match --limit 5 -- 'MATCH …'`. A query quoted as on the
/// command line (`match 'MATCH …'`), `match --help` and `match` alone are left
/// to [`split`]. What follows the options is the query whatever it is: a query
/// that begins with a pattern after them (`match --limit 5 (p) RETURN p`) is
/// refused by the command, which says to begin it with MATCH.
///
/// # Complexity
/// O(length of the line).
pub fn pattern(text: &str) -> Option<Vec<Word>> {
    let start = text.len() - text.trim_start().len();
    let rest = &text[start..];
    let verb_end = rest
        .find(|c: char| c.is_whitespace() || c == '(')
        .unwrap_or(rest.len());
    if !rest[..verb_end].eq_ignore_ascii_case("match") {
        return None;
    }
    let verb = Word {
        text: "match".to_string(),
        start,
    };
    let query = |at: usize| Word {
        text: text[at..].trim_end().to_string(),
        start: at,
    };
    let dashes = |at: usize| Word {
        text: "--".to_string(),
        start: at,
    };
    if rest[verb_end..].trim_start().starts_with('(') {
        return Some(vec![verb, dashes(start), query(start)]);
    }
    let mut words = vec![verb];
    let mut at = start + verb_end;
    // The value an option takes is the next word.
    let mut wants_value = false;
    loop {
        at += text[at..].len() - text[at..].trim_start().len();
        let next = text[at..].chars().next()?;
        if matches!(next, '\'' | '"' | '\\') {
            return None;
        }
        if next != '-' && !wants_value {
            break;
        }
        let end = text[at..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| at + i);
        let word = &text[at..end];
        if word.contains(['\'', '"', '\\'])
            || (!wants_value && matches!(word, "--" | "-h" | "--help"))
        {
            return None;
        }
        words.push(Word {
            text: word.to_string(),
            start: at,
        });
        wants_value = !wants_value && takes_value(word);
        at = end;
    }
    words.push(dashes(at));
    words.push(query(at));
    Some(words)
}

/// Whether the option `word` of `match` (or a global one) takes its value
/// from the next word: `--limit 5`, not `--limit=5` nor `--explain`.
fn takes_value(word: &str) -> bool {
    if word.contains('=') {
        return false;
    }
    let Some(cmd) = crate::command::help::find(&["match"]) else {
        return false;
    };
    let (long, short) = match word.strip_prefix("--") {
        Some(long) => (Some(long), None),
        None => (None, word.strip_prefix('-').and_then(|s| s.chars().next())),
    };
    cmd.get_arguments()
        .chain(crate::command::grammar().get_arguments())
        .any(|a| {
            a.get_action().takes_values()
                && ((long.is_some() && a.get_long() == long)
                    || (short.is_some() && a.get_short() == short))
        })
}

/// Adds the physical line `line` to the logical line `pending`: after a
/// trailing backslash the backslash goes and `line` follows at once; otherwise
/// (an open quote) a newline separates them.
pub fn join(pending: &mut String, line: &str) {
    if pending.is_empty() {
        pending.push_str(line);
        return;
    }
    if self::line(pending) == Err(SplitError::Continued) {
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

    fn line_texts(line: &str) -> Vec<String> {
        self::line(line)
            .unwrap()
            .into_iter()
            .map(|w| w.text)
            .collect()
    }

    #[test]
    fn a_pattern_query_typed_as_it_stands_is_one_word() {
        let q = r#"MATCH (t {name: "Kurils"})<-[:claims|visits]-(c) RETURN c.name, 'it''s'"#;
        assert_eq!(line_texts(q), ["match", "--", q]);
        // The keyword in any case, with or without a space before the pattern.
        assert_eq!(
            line_texts("  match(p) return p  "),
            ["match", "--", "match(p) return p"]
        );
        assert_eq!(
            line_texts("match MATCH (p) RETURN p"),
            ["match", "--", "MATCH (p) RETURN p"]
        );
        // Options (and their values) come before the query, as words.
        assert_eq!(
            line_texts("match --limit 5 --explain --format json MATCH (p) RETURN p"),
            [
                "match",
                "--limit",
                "5",
                "--explain",
                "--format",
                "json",
                "--",
                "MATCH (p) RETURN p"
            ]
        );
        assert_eq!(
            line_texts("match --limit=5 --no-evidence MATCH (p) RETURN p"),
            [
                "match",
                "--limit=5",
                "--no-evidence",
                "--",
                "MATCH (p) RETURN p"
            ]
        );
        let words = self::line("match --limit 5 MATCH (p)").unwrap();
        assert_eq!(words.last().unwrap().start, 16);
        // After the options, whatever follows is the query (the command says
        // when it does not begin with MATCH).
        assert_eq!(
            line_texts("match --limit 5 (p) RETURN p"),
            ["match", "--limit", "5", "--", "(p) RETURN p"]
        );
    }

    #[test]
    fn a_quoted_query_help_and_other_commands_split_as_words() {
        assert_eq!(
            line_texts(r#"match 'MATCH (t {name: "Kurils"}) RETURN t' --limit 2"#),
            [
                "match",
                r#"MATCH (t {name: "Kurils"}) RETURN t"#,
                "--limit",
                "2"
            ]
        );
        assert_eq!(line_texts("match --help"), ["match", "--help"]);
        assert_eq!(line_texts("match"), ["match"]);
        assert_eq!(line_texts("match --limit"), ["match", "--limit"]);
        assert_eq!(line_texts("matches (x)"), ["matches", "(x)"]);
        assert_eq!(line_texts("path Kyodo Kurils"), ["path", "Kyodo", "Kurils"]);
        assert!(pattern("show Japan").is_none());
    }

    #[test]
    fn a_pattern_query_goes_on_after_a_trailing_backslash_only() {
        assert!(incomplete("MATCH (p) \\"));
        // Its quotes are the query's: an apostrophe does not open a shell quote.
        assert!(!incomplete("MATCH (p) WHERE p.name = \"O'Brien\" RETURN p"));
        let mut pending = String::from("MATCH (p)-[:visits]->(c) \\");
        join(&mut pending, "RETURN p, c");
        assert_eq!(pending, "MATCH (p)-[:visits]->(c) RETURN p, c");
        assert_eq!(line_texts(&pending), ["match", "--", pending.as_str()]);
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
