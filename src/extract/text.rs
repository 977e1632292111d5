//! Words and punctuation with their byte offsets, and where sentences end.
//!
//! Written for news English: "Japan’s" is the word "Japan" and the
//! possessive "’s"; "didn't", "Geun-hye" and "3.5" are one word each; a
//! period after "Mr", "Gen" or a single capital letter does not end a
//! sentence.

/// One word or punctuation mark of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub word: bool,
}

/// Appends the tokens of `text[start..end]` to `out`.
///
/// # Complexity
/// O(end − start): one pass over the bytes.
pub fn tokenize(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let s = &text[start..end];
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            let mut last = i + c.len_utf8();
            loop {
                match chars.peek().copied() {
                    Some((j, d)) if d.is_alphanumeric() => {
                        last = j + d.len_utf8();
                        chars.next();
                    }
                    Some((j, d)) if matches!(d, '-' | '\'' | '’' | '.') => {
                        let after = &s[j + d.len_utf8()..];
                        let mut next = after.chars();
                        let n1 = next.next();
                        let joins = n1.is_some_and(char::is_alphanumeric);
                        let possessive = matches!(d, '\'' | '’')
                            && matches!(n1, Some('s' | 'S'))
                            && !next.next().is_some_and(char::is_alphanumeric);
                        // "U.S" joins; "end. Next" does not.
                        let period_ok = d != '.' || n1.is_some_and(|x| !x.is_whitespace());
                        if joins && !possessive && period_ok {
                            chars.next();
                            last = j + d.len_utf8();
                        } else {
                            break;
                        }
                    }
                    _ => break,
                }
            }
            out.push(Token {
                start: start + i,
                end: start + last,
                word: true,
            });
            continue;
        }
        // The possessive "'s" is a word of its own.
        if matches!(c, '\'' | '’') {
            let rest = &s[i + c.len_utf8()..];
            let mut r = rest.chars();
            if matches!(r.next(), Some('s' | 'S')) && !r.next().is_some_and(char::is_alphanumeric) {
                let len = c.len_utf8() + 1;
                chars.next();
                out.push(Token {
                    start: start + i,
                    end: start + i + len,
                    word: true,
                });
                continue;
            }
        }
        let mut last = i + c.len_utf8();
        // "--" is one dash.
        if c == '-' {
            while let Some(&(j, '-')) = chars.peek() {
                last = j + 1;
                chars.next();
            }
        }
        out.push(Token {
            start: start + i,
            end: start + last,
            word: false,
        });
    }
}

/// The lower-case form that patterns match, with `’` read as `'`.
pub fn folded(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// [`folded`] into a buffer that is reused (no allocation per word).
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        match c {
            '’' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Whether a word starts with a capital letter.
pub fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Whether the word before a period is an abbreviation rather than the
/// end of a sentence.
pub fn abbreviation(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "capt", "adm", "gov", "sen", "rep",
        "st", "jr", "sr", "prof", "no", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct",
        "nov", "dec", "u.s", "u.n", "u.k", "e.u", "inc", "corp", "co", "ltd", "vs", "a.m", "p.m",
        "maj", "brig", "cmdr", "amb", "hon", "rev", "fig", "approx", "dept", "est", "vol",
    ];
    let w = folded(word);
    (w.chars().count() == 1 && capitalised(word)) || WORDS.contains(&w.as_str())
}

/// Whether a mark ends a sentence.
pub fn final_mark(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "…")
}

/// Whether a mark closes a quotation or bracket (kept with the sentence it ends).
pub fn closing_mark(s: &str) -> bool {
    matches!(s, "\"" | "”" | "’" | "'" | ")" | "]" | "»")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        let mut t = Vec::new();
        tokenize(s, 0, s.len(), &mut t);
        t.iter().map(|t| &s[t.start..t.end]).collect()
    }

    #[test]
    fn splits_news_english() {
        assert_eq!(words("Japan’s PM"), ["Japan", "’s", "PM"]);
        assert_eq!(words("didn't visit"), ["didn't", "visit"]);
        assert_eq!(
            words("Park Geun-hye said."),
            ["Park", "Geun-hye", "said", "."]
        );
        assert_eq!(
            words("the U.S. said -- no"),
            ["the", "U.S", ".", "said", "--", "no"]
        );
        assert_eq!(words("“foreign factors”"), ["“", "foreign", "factors", "”"]);
        assert_eq!(words("Abe's"), ["Abe", "'s"]);
        assert_eq!(words("rose 3.5 percent."), ["rose", "3.5", "percent", "."]);
    }

    #[test]
    fn knows_abbreviations() {
        assert!(abbreviation("Mr"));
        assert!(abbreviation("J"));
        assert!(!abbreviation("Tokyo"));
    }
}
