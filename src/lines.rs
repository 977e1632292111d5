//! Lines of a stream, each bounded in length.
//!
//! `kg query` and `kg < script` read lines from whatever they are given: a line
//! that never ends (`/dev/zero`, a binary file, a runaway producer) would otherwise
//! be read until memory runs out. A line longer than [`MAX_LINE`] stops the reading
//! with an error that names it; no honest request or command comes near that size,
//! and what follows such a line cannot be trusted to be lines at all.

use std::io::{self, BufRead};

/// The longest line read: 64 MiB, far above any request (a 1 MB name is fine).
pub const MAX_LINE: usize = 64 << 20;

/// What [`next`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// A line is in the buffer, without its `\n` (a `\r` before it stays).
    Read,
    /// The line went past the limit; the reading should stop.
    TooLong,
    /// The input has ended.
    End,
}

/// Reads the next line into `buf` (cleared first), keeping at most `max` bytes.
pub fn next(input: &mut dyn BufRead, buf: &mut Vec<u8>, max: usize) -> io::Result<Line> {
    buf.clear();
    loop {
        let chunk = match input.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(if buf.is_empty() {
                Line::End
            } else {
                Line::Read
            });
        }
        let (take, ends) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let kept = take - usize::from(ends);
        if buf.len() + kept > max {
            input.consume(take);
            return Ok(Line::TooLong);
        }
        buf.extend_from_slice(&chunk[..kept]);
        input.consume(take);
        if ends {
            return Ok(Line::Read);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &[u8], max: usize) -> Vec<(Line, Vec<u8>)> {
        let mut input = io::BufReader::with_capacity(4, text);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        loop {
            let l = next(&mut input, &mut buf, max).unwrap();
            let stop = l != Line::Read;
            out.push((l, buf.clone()));
            if stop {
                return out;
            }
        }
    }

    #[test]
    fn splits_at_newlines_across_buffer_refills() {
        let got = all(b"first line\r\n\nlast", 100);
        let lines: Vec<&[u8]> = got.iter().map(|(_, b)| b.as_slice()).collect();
        assert_eq!(lines, [&b"first line\r"[..], b"", b"last", b""]);
        assert_eq!(got.last().unwrap().0, Line::End);
    }

    #[test]
    fn a_line_past_the_limit_stops_the_reading() {
        let got = all(b"short\n0123456789abc\nnever read\n", 10);
        assert_eq!(got[0], (Line::Read, b"short".to_vec()));
        assert_eq!(got[1].0, Line::TooLong);
        assert_eq!(got.len(), 2);
        // Exactly at the limit is fine.
        assert_eq!(
            all(b"0123456789\n", 10)[0],
            (Line::Read, b"0123456789".to_vec())
        );
    }
}
