//! The tokens of a pattern query: words, backtick-quoted names, literals and
//! punctuation, each with where it was written.
//!
//! The lexer also checks that brackets balance and nest at most [`MAX_DEPTH`]
//! levels, so the parser after it meets only well-formed nesting and a
//! mismatched bracket is reported where the user can see both ends of it.
//! Keywords are not told apart here: a keyword is a [`Tok::Word`] the parser
//! recognises in its place (case-insensitively), so a word is a keyword only
//! where the grammar expects one.
//!
//! # Complexity
//!
//! One pass over the text, O(n) in its length; each character is looked at a
//! bounded number of times.

use super::ast::Span;
use crate::error::{shown, Error, Result};

/// The deepest nesting of brackets (and of prefix operators, in the parser)
/// a query may have: deep enough for any query a person writes, shallow enough
/// that the recursive parser stays far from the end of a thread's stack.
pub const MAX_DEPTH: usize = 256;

/// One token. Words keep their spelling: the parser compares keywords
/// case-insensitively and keeps names as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// An identifier or a keyword: `MATCH`, `person`, `count`.
    Word(String),
    /// A backtick-quoted name, backticks removed (a doubled backtick is one).
    Quoted(String),
    /// A string literal, escapes resolved.
    Str(String),
    /// An integer literal: the parser decides whether it fits where it stands
    /// (an `i64` value, or `-9223372036854775808` behind a minus).
    Int(u64),
    Float(f64),
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Colon,
    Semicolon,
    Dot,
    DotDot,
    Pipe,
    Star,
    Plus,
    Minus,
    Slash,
    Percent,
    Eq,
    /// `<>` or `!=`.
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// The end of the text; always the last token.
    Eof,
}

/// A token, where it begins, and the byte range of its text (for the column
/// names of `RETURN`, which are the items' text as written).
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub at: Span,
    pub start: usize,
    pub end: usize,
}

/// The tokens of `text`, ending with [`Tok::Eof`].
///
/// # Errors
///
/// [`Error::Query`] at the first character that cannot start a token, an
/// unterminated string, name or comment (at its opening), a bad escape, an
/// integer past 64 bits, a `$parameter`, or brackets that do not balance or
/// nest too deep.
pub fn tokens(text: &str) -> Result<Vec<Token>> {
    let mut lexer = Lexer {
        text,
        pos: 0,
        line: 1,
        column: 1,
    };
    let mut out = Vec::new();
    // Open brackets: the character and where it is.
    let mut open: Vec<(char, Span)> = Vec::new();
    loop {
        lexer.skip_blank()?;
        let at = lexer.span();
        let start = lexer.pos;
        let Some(c) = lexer.peek() else {
            if let Some((c, at)) = open.pop() {
                return Err(Error::query(
                    at.line,
                    at.column,
                    format!("'{c}' is never closed"),
                    Some(format!("close it with '{}'", closer(c))),
                ));
            }
            out.push(Token {
                tok: Tok::Eof,
                at,
                start,
                end: start,
            });
            return Ok(out);
        };
        let tok = lexer.token(c, at)?;
        match c {
            '(' | '[' | '{' => {
                if open.len() == MAX_DEPTH {
                    return Err(too_deep(at));
                }
                open.push((c, at));
            }
            ')' | ']' | '}' => match open.pop() {
                Some((o, _)) if closer(o) == c => {}
                Some((o, o_at)) => {
                    return Err(Error::query(
                        at.line,
                        at.column,
                        format!(
                            "'{c}' does not close the '{o}' at line {}, column {}",
                            o_at.line, o_at.column
                        ),
                        Some(format!("close the '{o}' with '{}' first", closer(o))),
                    ))
                }
                None => {
                    return Err(Error::query(
                        at.line,
                        at.column,
                        format!("'{c}' closes nothing"),
                        Some(format!("remove it, or open it with '{}'", opener(c))),
                    ))
                }
            },
            _ => {}
        }
        out.push(Token {
            tok,
            at,
            start,
            end: lexer.pos,
        });
    }
}

/// The error for nesting past [`MAX_DEPTH`], shared with the parser.
pub fn too_deep(at: Span) -> Error {
    Error::query(
        at.line,
        at.column,
        format!("the query is nested more than {MAX_DEPTH} levels deep"),
        Some("write it with fewer nested brackets and operators".into()),
    )
}

fn closer(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

fn opener(close: char) -> char {
    match close {
        ')' => '(',
        ']' => '[',
        _ => '{',
    }
}

struct Lexer<'a> {
    text: &'a str,
    /// Byte offset of the next character (always on a char boundary).
    pos: usize,
    line: u32,
    column: u32,
}

impl Lexer<'_> {
    fn span(&self) -> Span {
        Span {
            line: self.line,
            column: self.column,
        }
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    /// The character `n` places after the next one.
    fn peek_nth(&self, n: usize) -> Option<char> {
        self.text[self.pos..].chars().nth(n)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line = self.line.saturating_add(1);
            self.column = 1;
        } else {
            self.column = self.column.saturating_add(1);
        }
        Some(c)
    }

    fn error(at: Span, message: impl Into<String>, hint: &str) -> Error {
        Error::query(at.line, at.column, message, Some(hint.to_string()))
    }

    /// Skips white space, byte order marks and comments.
    fn skip_blank(&mut self) -> Result<()> {
        loop {
            match (self.peek(), self.peek_nth(1)) {
                // A byte order mark is no character of the query.
                (Some(c), _) if c.is_whitespace() || c == '\u{feff}' => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while let Some(c) = self.peek() {
                        if c == '\n' {
                            break;
                        }
                        self.bump();
                    }
                }
                (Some('/'), Some('*')) => {
                    let at = self.span();
                    self.bump();
                    self.bump();
                    loop {
                        match self.bump() {
                            Some('*') if self.peek() == Some('/') => {
                                self.bump();
                                break;
                            }
                            Some(_) => {}
                            None => {
                                return Err(Self::error(
                                    at,
                                    "unterminated comment",
                                    "end the comment with */",
                                ))
                            }
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    /// Reads the token that begins with `c` (the next character) at `at`.
    fn token(&mut self, c: char, at: Span) -> Result<Tok> {
        if c.is_alphabetic() || c == '_' {
            let start = self.pos;
            while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                self.bump();
            }
            return Ok(Tok::Word(self.text[start..self.pos].to_string()));
        }
        if c.is_ascii_digit() || (c == '.' && self.peek_nth(1).is_some_and(|d| d.is_ascii_digit()))
        {
            return self.number(at);
        }
        self.bump();
        let two = |l: &mut Self, next: char, yes: Tok, no: Tok| {
            if l.peek() == Some(next) {
                l.bump();
                yes
            } else {
                no
            }
        };
        Ok(match c {
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            '[' => Tok::LBracket,
            ']' => Tok::RBracket,
            '{' => Tok::LBrace,
            '}' => Tok::RBrace,
            ',' => Tok::Comma,
            ':' => Tok::Colon,
            ';' => Tok::Semicolon,
            '.' => two(self, '.', Tok::DotDot, Tok::Dot),
            '|' => Tok::Pipe,
            '*' => Tok::Star,
            '+' => Tok::Plus,
            '-' => Tok::Minus,
            '/' => Tok::Slash,
            '%' => Tok::Percent,
            '>' => two(self, '=', Tok::Ge, Tok::Gt),
            '<' => match self.peek() {
                Some('=') => {
                    self.bump();
                    Tok::Le
                }
                Some('>') => {
                    self.bump();
                    Tok::Ne
                }
                _ => Tok::Lt,
            },
            '=' if self.peek() == Some('~') => {
                return Err(Self::error(
                    at,
                    "regular expressions (=~) are not supported",
                    "use STARTS WITH, ENDS WITH or CONTAINS",
                ))
            }
            '=' => Tok::Eq,
            '!' if self.peek() == Some('=') => {
                self.bump();
                Tok::Ne
            }
            '\'' | '"' => return self.string(c, at),
            '`' => return self.quoted(at),
            '$' => {
                return Err(Self::error(
                    at,
                    "query parameters ($name) are not supported",
                    "write the value into the query: {name: \"Russia\"}",
                ))
            }
            '^' => {
                return Err(Self::error(
                    at,
                    "the ^ operator is not supported",
                    "multiply instead: x * x",
                ))
            }
            other => {
                return Err(Self::error(
                    at,
                    format!("unexpected character '{}'", other.escape_debug()),
                    "a query is made of names, literals, brackets and operators",
                ))
            }
        })
    }

    /// An integer (decimal or `0x` hexadecimal) or a float (`1.5`, `.5`,
    /// `1e3`, `2.5E-3`). `1..3` is the integer 1 and `..`: a dot makes a float
    /// only when a digit follows it.
    fn number(&mut self, at: Span) -> Result<Tok> {
        let start = self.pos;
        if self.peek() == Some('0')
            && matches!(self.peek_nth(1), Some('x' | 'X'))
            && self.peek_nth(2).is_some_and(|c| c.is_ascii_hexdigit())
        {
            self.bump();
            self.bump();
            let digits = self.pos;
            while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                self.bump();
            }
            let value = u64::from_str_radix(&self.text[digits..self.pos], 16);
            return self.finish_int(value.ok(), start, at);
        }
        let mut float = false;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
        }
        if self.peek() == Some('.') && self.peek_nth(1).is_some_and(|c| c.is_ascii_digit()) {
            float = true;
            self.bump();
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.bump();
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let sign = usize::from(matches!(self.peek_nth(1), Some('+' | '-')));
            if self.peek_nth(1 + sign).is_some_and(|c| c.is_ascii_digit()) {
                float = true;
                for _ in 0..=sign {
                    self.bump();
                }
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.bump();
                }
            }
        }
        let text = &self.text[start..self.pos];
        if float {
            return match text.parse::<f64>() {
                Ok(f) if f.is_finite() => Ok(self.no_letter_after(Tok::Float(f), at)?),
                _ => Err(Self::error(
                    at,
                    format!("the number {} is too large", shown(text)),
                    "floats go up to about 1.8e308",
                )),
            };
        }
        self.finish_int(text.parse::<u64>().ok(), start, at)
    }

    fn finish_int(&mut self, value: Option<u64>, start: usize, at: Span) -> Result<Tok> {
        match value {
            Some(n) => self.no_letter_after(Tok::Int(n), at),
            None => Err(integer_too_large(&self.text[start..self.pos], at)),
        }
    }

    /// `12abc` is neither a number nor a name: say so at the number.
    fn no_letter_after(&mut self, tok: Tok, at: Span) -> Result<Tok> {
        if self.peek().is_some_and(|c| c.is_alphabetic() || c == '_') {
            return Err(Self::error(
                at,
                "a name cannot begin with a digit",
                "quote it in backticks: `2nd`",
            ));
        }
        Ok(tok)
    }

    /// A string literal opened by `quote` (already read) at `at`.
    fn string(&mut self, quote: char, at: Span) -> Result<Tok> {
        let mut out = String::new();
        loop {
            let esc_at = self.span();
            match self.bump() {
                None => {
                    return Err(Self::error(
                        at,
                        "unterminated string",
                        &format!("end the string with {quote}"),
                    ))
                }
                Some(c) if c == quote => return Ok(Tok::Str(out)),
                Some('\\') => out.push(self.escape(esc_at)?),
                Some(c) => out.push(c),
            }
        }
    }

    /// The character an escape stands for; the backslash (at `at`) is read.
    fn escape(&mut self, at: Span) -> Result<char> {
        let bad = |what: String| {
            Self::error(
                at,
                format!("unknown escape {what} in a string"),
                "the escapes are \\\\ \\' \\\" \\n \\t \\r \\b \\f \\uXXXX and \\UXXXXXXXX",
            )
        };
        Ok(match self.bump() {
            Some('\\') => '\\',
            Some('\'') => '\'',
            Some('"') => '"',
            Some('n') => '\n',
            Some('t') => '\t',
            Some('r') => '\r',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some(u @ ('u' | 'U')) => {
                let len = if u == 'u' { 4 } else { 8 };
                let mut code = 0u32;
                for _ in 0..len {
                    match self.peek().and_then(|c| c.to_digit(16)) {
                        Some(d) => {
                            self.bump();
                            code = code * 16 + d;
                        }
                        None => {
                            return Err(Self::error(
                                at,
                                format!("\\{u} needs {len} hexadecimal digits"),
                                "write \\u00e9 for é",
                            ))
                        }
                    }
                }
                match char::from_u32(code) {
                    Some(c) => c,
                    None => {
                        return Err(Self::error(
                            at,
                            format!("\\{u}{code:0len$X} is not a character"),
                            "surrogates and values past 10FFFF name no character",
                        ))
                    }
                }
            }
            Some(c) => return Err(bad(format!("\\{}", c.escape_debug()))),
            None => return Err(bad("\\ at the end".into())),
        })
    }

    /// A backtick-quoted name; the opening backtick (at `at`) is read.
    fn quoted(&mut self, at: Span) -> Result<Tok> {
        let mut out = String::new();
        loop {
            match self.bump() {
                None => {
                    return Err(Self::error(
                        at,
                        "unterminated name in backticks",
                        "end the name with `",
                    ))
                }
                Some('`') if self.peek() == Some('`') => {
                    self.bump();
                    out.push('`');
                }
                Some('`') if out.is_empty() => {
                    return Err(Self::error(
                        at,
                        "empty name in backticks",
                        "write a name between the backticks: `my name`",
                    ))
                }
                Some('`') => return Ok(Tok::Quoted(out)),
                Some(c) => out.push(c),
            }
        }
    }
}

/// `digits` (as written) do not fit where an integer must.
pub fn integer_too_large(digits: &str, at: Span) -> Error {
    Error::query(
        at.line,
        at.column,
        format!("the integer {} is too large", shown(digits)),
        Some(format!("integers go up to {}", i64::MAX)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<Tok> {
        tokens(text).unwrap().into_iter().map(|t| t.tok).collect()
    }

    fn err(text: &str) -> String {
        tokens(text).unwrap_err().to_string()
    }

    fn hint(text: &str) -> String {
        tokens(text).unwrap_err().hint().unwrap_or_default()
    }

    #[test]
    fn words_numbers_and_symbols() {
        use Tok::*;
        assert_eq!(
            toks("MATCH (a)<-[:t*1..3]->(b)"),
            vec![
                Word("MATCH".into()),
                LParen,
                Word("a".into()),
                RParen,
                Lt,
                Minus,
                LBracket,
                Colon,
                Word("t".into()),
                Star,
                Int(1),
                DotDot,
                Int(3),
                RBracket,
                Minus,
                Gt,
                LParen,
                Word("b".into()),
                RParen,
                Eof
            ]
        );
        assert_eq!(
            toks("1.5 .5 1e3 2E-2 7 0x1F 1."),
            vec![
                Float(1.5),
                Float(0.5),
                Float(1000.0),
                Float(0.02),
                Int(7),
                Int(31),
                Int(1),
                Dot,
                Eof
            ]
        );
        assert_eq!(
            toks("<> != <= >= < > = .. ."),
            vec![Ne, Ne, Le, Ge, Lt, Gt, Eq, DotDot, Dot, Eof]
        );
        assert_eq!(toks("*..3"), vec![Star, DotDot, Int(3), Eof]);
        assert_eq!(
            toks("été_1 日本"),
            vec![Word("été_1".into()), Word("日本".into()), Eof]
        );
    }

    #[test]
    fn strings_names_and_comments() {
        use Tok::*;
        assert_eq!(
            toks(r#"'it\'s' "a\"b\\c\n\t\u00e9\U0001F600" 'x"y'"#),
            vec![
                Str("it's".into()),
                Str("a\"b\\c\n\té😀".into()),
                Str("x\"y".into()),
                Eof
            ]
        );
        assert_eq!(
            toks("`Make a visit` `a``b`"),
            vec![Quoted("Make a visit".into()), Quoted("a`b".into()), Eof]
        );
        assert_eq!(
            toks("a // line\n/* block\n */ b"),
            vec![Word("a".into()), Word("b".into()), Eof]
        );
        assert_eq!(
            toks("a/b"),
            vec![Word("a".into()), Slash, Word("b".into()), Eof]
        );
    }

    #[test]
    fn positions_count_characters_and_lines() {
        let t = tokens("é (\r\n  `x`)").unwrap();
        assert_eq!(t[1].at, Span { line: 1, column: 3 });
        assert_eq!(t[2].at, Span { line: 2, column: 3 });
        assert_eq!((t[2].start, t[2].end), (8, 11));
        assert_eq!(t[3].at, Span { line: 2, column: 6 });
        assert_eq!(t[4].at, Span { line: 2, column: 7 });
    }

    #[test]
    fn refusals_are_located() {
        assert_eq!(err("RETURN 'abc"), "line 1, column 8: unterminated string");
        assert_eq!(hint("RETURN 'abc"), "end the string with '");
        assert_eq!(
            err("RETURN \"a\\qb\""),
            "line 1, column 10: unknown escape \\q in a string"
        );
        assert_eq!(
            err("RETURN '\\u12'"),
            "line 1, column 9: \\u needs 4 hexadecimal digits"
        );
        assert_eq!(
            err("RETURN '\\uD800'"),
            "line 1, column 9: \\uD800 is not a character"
        );
        assert_eq!(
            err("MATCH (`a"),
            "line 1, column 8: unterminated name in backticks"
        );
        assert_eq!(
            err("MATCH (``)"),
            "line 1, column 8: empty name in backticks"
        );
        assert_eq!(err("a /* b"), "line 1, column 3: unterminated comment");
        assert_eq!(
            err("RETURN 18446744073709551616"),
            "line 1, column 8: the integer 18446744073709551616 is too large"
        );
        assert_eq!(
            err("RETURN 1e999"),
            "line 1, column 8: the number 1e999 is too large"
        );
        assert_eq!(
            err("RETURN 12ab"),
            "line 1, column 8: a name cannot begin with a digit"
        );
        assert_eq!(
            err("MATCH (a {name: $n})"),
            "line 1, column 17: query parameters ($name) are not supported"
        );
        assert_eq!(
            err("WHERE a =~ 'x'"),
            "line 1, column 9: regular expressions (=~) are not supported"
        );
        assert_eq!(
            err("RETURN 2^3"),
            "line 1, column 9: the ^ operator is not supported"
        );
        assert_eq!(
            err("RETURN a # b"),
            "line 1, column 10: unexpected character '#'"
        );
        assert_eq!(
            err("RETURN a ! b"),
            "line 1, column 10: unexpected character '!'"
        );
    }

    #[test]
    fn brackets_must_balance() {
        assert_eq!(
            err("MATCH (a\n RETURN a"),
            "line 1, column 7: '(' is never closed"
        );
        assert_eq!(hint("MATCH (a\n RETURN a"), "close it with ')'");
        assert_eq!(
            err("MATCH (a]"),
            "line 1, column 9: ']' does not close the '(' at line 1, column 7"
        );
        assert_eq!(hint("MATCH (a]"), "close the '(' with ')' first");
        assert_eq!(err("RETURN a)"), "line 1, column 9: ')' closes nothing");
        // Brackets inside strings, names and comments do not count.
        assert!(tokens("RETURN '(' + `[` // )\n").is_ok());
    }

    #[test]
    fn nesting_is_bounded() {
        let ok = format!("{}1{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(tokens(&ok).is_ok());
        let deep = "[".repeat(10_000);
        assert_eq!(
            err(&deep),
            format!(
                "line 1, column {}: the query is nested more than {MAX_DEPTH} levels deep",
                MAX_DEPTH + 1
            )
        );
    }
}
