//! Text meant for a person's terminal, with the data's control characters made
//! visible. Names, quotes and titles are data from scraped files: an ESC sequence
//! inside one would otherwise clear the screen, retitle the window or recolour the
//! rest of the session when `kg show` prints it. Newlines stay (they lay the text
//! out); every other C0 or C1 control character and DEL is written as its Rust
//! escape (`\t`, `\u{1b}`), so the reader sees that it is there. JSON and DOT
//! outputs escape on their own terms and never pass through here.

use std::borrow::Cow;
use std::io::{self, Write};

/// Whether `c` must not reach a terminal as it is.
fn hidden(c: char) -> bool {
    c.is_control() && c != '\n'
}

/// `s` with every control character but the newline escaped.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(hidden) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hidden(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A writer that escapes control characters on their way to `W`.
///
/// Works on bytes so that it never needs a whole string: the C0 controls and DEL
/// are single bytes, and the C1 controls (U+0080–U+009F) are `C2 80`–`C2 9F`;
/// no other UTF-8 sequence contains those bytes, so nothing else is touched, and
/// a `C2` at the end of one write is held until the next shows what follows it.
pub struct Printable<W: Write> {
    inner: W,
    pending_c2: bool,
}

impl<W: Write> Printable<W> {
    pub fn new(inner: W) -> Self {
        Printable {
            inner,
            pending_c2: false,
        }
    }
}

fn escape_byte(w: &mut impl Write, c: u32) -> io::Result<()> {
    let c = char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER);
    write!(w, "{}", c.escape_debug())
}

impl<W: Write> Write for Printable<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut start = 0;
        let mut i = 0;
        if self.pending_c2 {
            self.pending_c2 = false;
            match buf.first() {
                Some(&b @ 0x80..=0x9f) => {
                    escape_byte(&mut self.inner, u32::from(b))?;
                    start = 1;
                    i = 1;
                }
                _ => self.inner.write_all(&[0xc2])?,
            }
        }
        while i < buf.len() {
            let b = buf[i];
            let c1 = b == 0xc2 && buf.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n));
            if (b < 0x20 && b != b'\n') || b == 0x7f {
                self.inner.write_all(&buf[start..i])?;
                escape_byte(&mut self.inner, u32::from(b))?;
                i += 1;
                start = i;
            } else if c1 {
                self.inner.write_all(&buf[start..i])?;
                escape_byte(&mut self.inner, u32::from(buf[i + 1]))?;
                i += 2;
                start = i;
            } else if b == 0xc2 && i + 1 == buf.len() {
                self.inner.write_all(&buf[start..i])?;
                self.pending_c2 = true;
                return Ok(buf.len());
            } else {
                i += 1;
            }
        }
        self.inner.write_all(&buf[start..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if std::mem::take(&mut self.pending_c2) {
            self.inner.write_all(&[0xc2])?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(pieces: &[&[u8]]) -> String {
        let mut out = Vec::new();
        let mut p = Printable::new(&mut out);
        for piece in pieces {
            p.write_all(piece).unwrap();
        }
        p.flush().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_what_a_terminal_would_act_on() {
        let s = "a\u{1b}[2J\tb\u{7f}c\u{85}d\u{9b}e\né ü — 日本\u{202e}";
        let want = "a\\u{1b}[2J\\tb\\u{7f}c\\u{85}d\\u{9b}e\né ü — 日本\u{202e}";
        assert_eq!(printable(s), want);
        assert_eq!(through(&[s.as_bytes()]), want);
    }

    #[test]
    fn a_c1_control_split_across_writes_is_still_caught() {
        let s = "x\u{85}y".as_bytes();
        assert_eq!(through(&[&s[..2], &s[2..]]), "x\\u{85}y");
        let s = "xéy".as_bytes();
        assert_eq!(through(&[&s[..2], &s[2..]]), "xéy");
        assert_eq!(through(&["Â".as_bytes()]), "Â");
        assert_eq!(through(&[&[0x41, 0xc2], &[0xa0]]), "A\u{a0}");
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(printable("Kyodo News\n"), Cow::Borrowed(_)));
    }
}
