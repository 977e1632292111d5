//! Finding where a value sits in a JSON text, for messages and `kg show`.
//!
//! serde keeps no positions once a document is deserialised, so problems found
//! afterwards (a dangling reference, a type the schema forbids) are first named by
//! their JSON path (`relations/3/to`), and this module turns paths into
//! `line:column`. It only ever runs over text serde_json has already accepted, so
//! it can skip over strings and scalars without validating them.

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
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    pub fn position(&self, offset: usize) -> (u32, u32) {
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let end = offset.min(self.text.len());
        // A byte-order mark is no column an editor shows.
        let start = if line == 0 && self.text.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8().min(end)
        } else {
            self.starts[line]
        };
        let column = self
            .text
            .get(start..end)
            .map_or(end - start, |s| s.chars().count());
        (line as u32, column as u32)
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
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
        path: Vec::new(),
        out: FxHashMap::default(),
    };
    s.value(wanted);
    s.out
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    path: Path,
    out: FxHashMap<Path, usize>,
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

    fn value(&mut self, wanted: &dyn Fn(&[Step]) -> bool) {
        self.skip_ws();
        if self.i < self.b.len() && self.b[self.i] == 0xEF {
            self.i += 3; // byte-order mark
            self.skip_ws();
        }
        if wanted(&self.path) {
            self.out.insert(self.path.clone(), self.i);
        }
        match self.peek() {
            b'{' => {
                self.i += 1;
                loop {
                    self.skip_ws();
                    match self.peek() {
                        b'}' | 0 => {
                            self.i += 1;
                            return;
                        }
                        b',' => self.i += 1,
                        b'"' => {
                            let key = self.string();
                            self.skip_ws();
                            self.i += 1; // ':'
                            self.path.push(Step::Key(key));
                            self.value(wanted);
                            self.path.pop();
                        }
                        _ => self.i += 1,
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut n = 0;
                loop {
                    self.skip_ws();
                    match self.peek() {
                        b']' | 0 => {
                            self.i += 1;
                            return;
                        }
                        b',' => self.i += 1,
                        _ => {
                            self.path.push(Step::Index(n));
                            self.value(wanted);
                            self.path.pop();
                            n += 1;
                        }
                    }
                }
            }
            b'"' => {
                self.string();
            }
            _ => {
                while self.i < self.b.len()
                    && !matches!(
                        self.b[self.i],
                        b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'
                    )
                {
                    self.i += 1;
                }
            }
        }
    }

    /// Skips a string starting at `"`, returning its raw (unescaped for keys) text.
    fn string(&mut self) -> String {
        self.i += 1;
        let start = self.i;
        while self.i < self.b.len() && self.b[self.i] != b'"' {
            if self.b[self.i] == b'\\' {
                self.i += 1;
            }
            self.i += 1;
        }
        let raw = &self.b[start..self.i.min(self.b.len())];
        self.i += 1;
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
}
