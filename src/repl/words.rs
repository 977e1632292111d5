//! Splitting a REPL line into words, shell style: spaces separate words, single
//! or double quotes keep spaces inside one, a backslash escapes the next character.

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
            (None, '\\') => {
                if let Some((_, n)) = chars.next() {
                    word(&mut cur, i).text.push(n);
                }
            }
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
