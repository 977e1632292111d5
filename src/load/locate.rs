//! Finding where a value sits in a JSON text, for messages and `kg show`.
//!
//! serde keeps no positions once a document is deserialised, so problems found
//! afterwards (a dangling reference, a type the schema forbids) are first named by
//! their JSON path (`relations/3/to`), and this module turns paths into
//! `line:column`. It only ever runs over text serde_json has already accepted, so
//! it can skip over strings and scalars without validating them.

use std::cell::Cell;

use rustc_hash::FxHashMap;

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A JSON path, outermost step first.
pub type Path = Vec<Step>;

/// `relations/3/to`, for messages where no position is known.
pub fn path_text(path: &[Step]) -> String {
    let parts: Vec<String> = path
        .iter()
        .map(|s| match s {
            Step::Key(k) => k.clone(),
            Step::Index(i) => i.to_string(),
        })
        .collect();
    parts.join("/")
}

/// Byte offsets of line starts, to turn offsets into 0-based (line, column in chars).
///
/// Columns count characters, so each costs a walk over its line. A graph written
/// on one line (as most tools write JSON) asks for thousands of columns on that
/// one line; the last answer is kept, and an offset after it on the same line is
/// counted on from there, so offsets asked for in order cost one walk in all.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last offset asked for, its line and its column.
    last: Cell<(usize, usize, u32)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            text,
            starts,
            last: Cell::new((0, 0, 0)),
        }
    }

    /// The 0-based line of `offset`, without the cost of counting its column.
    pub fn line(&self, offset: usize) -> u32 {
        (self.starts.partition_point(|&s| s <= offset) - 1) as u32
    }

    pub fn position(&self, offset: usize) -> (u32, u32) {
        let line = self.line(offset) as usize;
        let end = offset.min(self.text.len());
        // A byte-order mark is no column an editor shows.
        let line_start = if line == 0 && self.text.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            self.starts[line]
        };
        if end < line_start {
            return (line as u32, 0);
        }
        let (last_offset, last_line, last_column) = self.last.get();
        let on_boundary = self.text.is_char_boundary(end);
        let (start, base) =
            if on_boundary && last_line == line && (line_start..=end).contains(&last_offset) {
                (last_offset, last_column)
            } else {
                (line_start, 0)
            };
        let counted = self
            .text
            .get(start..end)
            .map_or(end - start, |s| s.chars().count());
        let column = base + counted as u32;
        // Counting on from a byte inside a character would miscount.
        if on_boundary {
            self.last.set((end, line, column));
        }
        (line as u32, column)
    }

    /// The 0-based position of serde_json's 1-based line and byte column.
    pub fn from_serde(&self, line: usize, column: usize) -> (u32, u32) {
        self.position(self.serde_offset(line, column))
    }

    /// The byte offset of serde_json's 1-based line and byte column.
    pub fn serde_offset(&self, line: usize, column: usize) -> usize {
        let line0 = line.saturating_sub(1).min(self.starts.len() - 1);
        let offset = self.starts[line0] + column.saturating_sub(1);
        // serde_json points one past the offending byte; step back to its start.
        let mut o = offset.min(self.text.len());
        while o > 0 && !self.text.is_char_boundary(o) {
            o -= 1;
        }
        o
    }
}

/// Byte offsets of the values whose paths `wanted` accepts.
pub fn scan(text: &str, wanted: &dyn Fn(&[Step]) -> bool) -> FxHashMap<Path, usize> {
    scan_for(text, wanted, false)
}

/// Byte offsets of the keys (their opening quote) whose values' paths `wanted`
/// accepts: where an unknown or misspelt key is pointed out.
pub fn scan_keys(text: &str, wanted: &dyn Fn(&[Step]) -> bool) -> FxHashMap<Path, usize> {
    scan_for(text, wanted, true)
}

/// The keys whose values' paths `wanted` accepts that an object gives a second
/// time (JSON readers keep one of them, silently), each with its offset.
pub fn repeated_keys(text: &str, wanted: &dyn Fn(&[Step]) -> bool) -> Vec<(Path, usize)> {
    scanner(text, wanted, true).again
}

fn scan_for(text: &str, wanted: &dyn Fn(&[Step]) -> bool, at_keys: bool) -> FxHashMap<Path, usize> {
    scanner(text, wanted, at_keys).out
}

fn scanner<'a>(text: &'a str, wanted: &dyn Fn(&[Step]) -> bool, at_keys: bool) -> Scanner<'a> {
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
        path: Vec::new(),
        out: FxHashMap::default(),
        at_keys,
        again: Vec::new(),
    };
    s.document(wanted);
    s
}

/// Containers nested deeper than this are skipped whole, their paths never built.
/// serde_json refuses documents nested deeper than 128, so no caller asks for a
/// path down there, and the path kept while scanning stays small whatever the text.
const MAX_DEPTH: usize = 128;

/// An open container, while its members are scanned.
enum Frame {
    Object,
    /// An array, and the index of its next element.
    Array(usize),
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    path: Path,
    out: FxHashMap<Path, usize>,
    /// Record the offsets of keys rather than of values.
    at_keys: bool,
    /// Keys met a second time at one path: an object that repeats a key.
    again: Vec<(Path, usize)>,
}

impl Scanner<'_> {
    fn skip_ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn peek(&self) -> u8 {
        self.b.get(self.i).copied().unwrap_or(0)
    }

    /// Scans the whole text with a stack of its own, not the call stack: a
    /// document may nest a million arrays, far past what recursion survives.
    fn document(&mut self, wanted: &dyn Fn(&[Step]) -> bool) {
        self.skip_ws();
        if self.i < self.b.len() && self.b[self.i] == 0xEF {
            self.i += 3; // byte-order mark
        }
        let mut open: Vec<Frame> = Vec::new();
        self.value(wanted, &mut open);
        // Invariant: each open container but the outermost has its step in `path`.
        while let Some(frame) = open.last_mut() {
            self.skip_ws();
            let c = self.peek();
            match (frame, c) {
                (_, 0) | (Frame::Object, b'}') | (Frame::Array(_), b']') => {
                    self.i += 1;
                    open.pop();
                    if !open.is_empty() {
                        self.path.pop();
                    }
                }
                (_, b',') => self.i += 1,
                (Frame::Object, b'"') => {
                    let at = self.i;
                    let key = self.string();
                    self.skip_ws();
                    self.i += 1; // ':'
                    self.path.push(Step::Key(key));
                    if self.at_keys
                        && wanted(&self.path)
                        && self.out.insert(self.path.clone(), at).is_some()
                    {
                        self.again.push((self.path.clone(), at));
                    }
                    self.value(wanted, &mut open);
                }
                (Frame::Object, _) => self.i += 1,
                (Frame::Array(n), _) => {
                    let step = Step::Index(*n);
                    *n += 1;
                    self.path.push(step);
                    self.value(wanted, &mut open);
                }
            }
        }
    }

    /// Starts the value at the current position, whose step is already on `path`:
    /// a container is opened on `open`, anything else is skipped whole.
    fn value(&mut self, wanted: &dyn Fn(&[Step]) -> bool, open: &mut Vec<Frame>) {
        self.skip_ws();
        if !self.at_keys && wanted(&self.path) {
            self.out.insert(self.path.clone(), self.i);
        }
        let frame = match self.peek() {
            b'{' => Frame::Object,
            b'[' => Frame::Array(0),
            c => {
                let before = self.i;
                if c == b'"' {
                    self.skip_string();
                } else {
                    self.scalar();
                }
                // Only text serde_json refuses (a `}` inside an array) stands still
                // here; stepping over it keeps the scan going to the end.
                if self.i == before {
                    self.i += 1;
                }
                if !open.is_empty() {
                    self.path.pop();
                }
                return;
            }
        };
        if open.len() >= MAX_DEPTH {
            self.skip_container();
            self.path.pop();
            return;
        }
        self.i += 1;
        open.push(frame);
    }

    /// Skips a number or literal.
    fn scalar(&mut self) {
        while self.i < self.b.len()
            && !matches!(
                self.b[self.i],
                b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'
            )
        {
            self.i += 1;
        }
    }

    /// Skips the object or array starting here, counting brackets outside strings.
    fn skip_container(&mut self) {
        let mut depth = 0usize;
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'"' => {
                    self.skip_string();
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        self.i += 1;
                        return;
                    }
                }
                _ => {}
            }
            self.i += 1;
        }
    }

    /// Skips a string starting at `"`.
    fn skip_string(&mut self) {
        self.i += 1;
        while self.i < self.b.len() && self.b[self.i] != b'"' {
            if self.b[self.i] == b'\\' {
                self.i += 1;
            }
            self.i += 1;
        }
        self.i += 1;
    }

    /// Skips a string starting at `"`, returning its raw (unescaped for keys) text.
    fn string(&mut self) -> String {
        let start = self.i + 1;
        self.skip_string();
        let raw = &self.b[start.min(self.b.len())..(self.i - 1).min(self.b.len())];
        let raw = String::from_utf8_lossy(raw);
        if raw.contains('\\') {
            serde_json::from_str(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.into_owned())
        } else {
            raw.into_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values() {
        let text = "{\n  \"relations\": [\n    {\"from\": \"a\", \"to\": \"b\"},\n    {\"from\": \"é\", \"to\": \"c\"}\n  ]\n}";
        let want: Path = vec![
            Step::Key("relations".into()),
            Step::Index(1),
            Step::Key("to".into()),
        ];
        let w = want.clone();
        let found = scan(text, &move |p| p == w.as_slice());
        let lines = LineIndex::new(text);
        assert_eq!(lines.position(found[&want]), (3, 24));
        assert_eq!(path_text(&want), "relations/1/to");
    }

    #[test]
    fn byte_order_mark_is_no_column() {
        let text = "\u{feff}{\"kg\": 2}";
        let lines = LineIndex::new(text);
        assert_eq!(lines.position(text.find('2').unwrap()), (0, 7));
    }

    #[test]
    fn columns_count_characters() {
        let text = "ééé x";
        let lines = LineIndex::new(text);
        assert_eq!(lines.position(text.find('x').unwrap()), (0, 4));
    }

    #[test]
    fn positions_asked_in_any_order_agree_with_a_fresh_count() {
        let text = "\u{feff}[\"é\", \"ü\",\n \"ß\", 1]\nx";
        let mut offsets: Vec<usize> = (0..=text.len()).collect();
        offsets.extend((0..=text.len()).rev());
        offsets.extend([9, 2, 12, 0, 7, 7]);
        let shared = LineIndex::new(text);
        for o in offsets {
            assert_eq!(shared.position(o), LineIndex::new(text).position(o), "{o}");
        }
        assert_eq!(shared.line(text.len()), 2);
    }

    #[test]
    fn a_million_nested_arrays_are_scanned_without_recursion() {
        let depth = 1_000_000;
        let text = format!(
            "{{\"a\": {}{}, \"b\": 1}}",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let found = scan(&text, &|p: &[Step]| p.len() <= 2);
        let a = vec![Step::Key("a".into())];
        let b = vec![Step::Key("b".into())];
        let inner = vec![Step::Key("a".into()), Step::Index(0)];
        assert_eq!(found[&a], 6);
        assert_eq!(found[&inner], 7);
        assert_eq!(found[&b], text.len() - 2);
    }
}
