//! A strict reader for the DOT language (https://graphviz.org/doc/info/lang.html),
//! to check what kg writes without running Graphviz in the fuzz loop.
//!
//! It parses the whole grammar (graphs, subgraphs, node, edge and attribute
//! statements, ports, `+` concatenation, comments) and on top of it checks what
//! kg's escaping promises:
//! - in a quoted string every backslash starts an escape Graphviz knows
//!   (`\"` `\\` `\n` `\l` `\r` and the `\N \G \E \T \H \L` name escapes), every
//!   `&` starts an entity (`&amp;`, `&#39;`, ...), and there is no control
//!   character but tab (Graphviz copies them into SVG, where XML forbids them);
//! - an HTML-like string `<...>` is balanced markup: tags nest and close, text
//!   holds no `<` or `>`, every `&` starts an entity, no control characters.
//!
//! [`parse`] returns each node statement's ID (as written, between the quotes),
//! so a target can check that every entity is drawn once, under its own ID.

/// What a DOT file declares.
#[derive(Debug, Default)]
pub struct Dot {
    /// The ID of every node statement with attributes, in order, as written
    /// (escapes kept).
    pub nodes: Vec<String>,
    /// Edge statements' `(tail, head)` IDs, as written.
    pub edges: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Punct(char),
    EdgeOp,
    /// An identifier, numeral or keyword.
    Word(String),
    /// A quoted string, as written between the quotes.
    Quoted(String),
    /// An HTML-like string, as written between the outer angle brackets.
    Html(String),
    Plus,
}

fn lex(text: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line_start = true;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '#' && line_start {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        line_start = false;
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            if i + 1 >= chars.len() {
                return Err("unclosed /* comment".into());
            }
            i += 2;
            continue;
        }
        match c {
            '{' | '}' | '[' | ']' | ';' | ',' | '=' | ':' => {
                toks.push(Tok::Punct(c));
                i += 1;
            }
            '+' => {
                toks.push(Tok::Plus);
                i += 1;
            }
            '-' if matches!(chars.get(i + 1), Some('>') | Some('-')) => {
                toks.push(Tok::EdgeOp);
                i += 2;
            }
            '"' => {
                let start = i + 1;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err("unclosed quoted string".into()),
                        Some('\\') => i += 2,
                        Some('"') => break,
                        Some(_) => i += 1,
                    }
                }
                if i > chars.len() {
                    return Err("unclosed quoted string".into());
                }
                let s: String = chars[start..i].iter().collect();
                check_quoted(&s)?;
                toks.push(Tok::Quoted(s));
                i += 1;
            }
            '<' => {
                let start = i + 1;
                let mut depth = 1;
                i += 1;
                while depth > 0 {
                    match chars.get(i) {
                        None => return Err("unclosed HTML-like string".into()),
                        Some('<') => depth += 1,
                        Some('>') => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                let s: String = chars[start..i - 1].iter().collect();
                check_html(&s)?;
                toks.push(Tok::Html(s));
            }
            c if c.is_alphabetic() || c == '_' || !c.is_ascii() => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || chars[i] == '_' || !chars[i].is_ascii())
                    && !chars[i].is_whitespace()
                {
                    i += 1;
                }
                toks.push(Tok::Word(chars[start..i].iter().collect()));
            }
            c if c.is_ascii_digit() || c == '.' || c == '-' => {
                let start = i;
                i += 1;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let s: String = chars[start..i].iter().collect();
                let digits = s.trim_start_matches('-');
                if digits.is_empty()
                    || digits.matches('.').count() > 1
                    || !digits.chars().any(|c| c.is_ascii_digit())
                {
                    return Err(format!("bad numeral {s:?}"));
                }
                toks.push(Tok::Word(s));
            }
            other => return Err(format!("unexpected character {other:?}")),
        }
    }
    Ok(toks)
}

/// Whether `s[i..]` starts an XML/HTML character entity: `&name;`, `&#N;`, `&#xH;`.
fn entity_at(s: &[char], i: usize) -> bool {
    let rest = &s[i + 1..];
    let end = match rest.iter().position(|&c| c == ';') {
        Some(e) if e > 0 && e <= 32 => e,
        _ => return false,
    };
    let body: String = rest[..end].iter().collect();
    if let Some(num) = body.strip_prefix("#x").or_else(|| body.strip_prefix("#X")) {
        !num.is_empty() && num.chars().all(|c| c.is_ascii_hexdigit())
    } else if let Some(num) = body.strip_prefix('#') {
        !num.is_empty() && num.chars().all(|c| c.is_ascii_digit())
    } else {
        body.starts_with(|c: char| c.is_ascii_alphabetic())
            && body.chars().all(|c| c.is_ascii_alphanumeric())
    }
}

fn check_quoted(s: &str) -> Result<(), String> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                match chars.get(i + 1) {
                    Some('"' | '\\' | 'n' | 'l' | 'r' | 'N' | 'G' | 'E' | 'T' | 'H' | 'L') => {}
                    other => return Err(format!("bad escape \\{other:?} in quoted string {s:?}")),
                }
                i += 2;
                continue;
            }
            '&' if !entity_at(&chars, i) => {
                return Err(format!("'&' that starts no entity in quoted string {s:?}"))
            }
            c if c.is_control() && c != '\t' => {
                return Err(format!("control character {c:?} in quoted string {s:?}"))
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

fn check_html(s: &str) -> Result<(), String> {
    let chars: Vec<char> = s.chars().collect();
    let mut open: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '<' => {
                let end = chars[i..]
                    .iter()
                    .position(|&c| c == '>')
                    .ok_or_else(|| format!("unclosed tag in HTML-like string {s:?}"))?
                    + i;
                let tag: String = chars[i + 1..end].iter().collect();
                check_tag(&tag, &mut open, s)?;
                i = end + 1;
            }
            '>' => return Err(format!("'>' in text of HTML-like string {s:?}")),
            '&' if !entity_at(&chars, i) => {
                return Err(format!(
                    "'&' that starts no entity in HTML-like string {s:?}"
                ))
            }
            c if c.is_control() && !matches!(c, '\n' | '\t' | '\r') => {
                return Err(format!("control character {c:?} in HTML-like string {s:?}"))
            }
            _ => i += 1,
        }
    }
    if let Some(t) = open.pop() {
        return Err(format!("<{t}> never closed in HTML-like string {s:?}"));
    }
    Ok(())
}

fn check_tag(tag: &str, open: &mut Vec<String>, whole: &str) -> Result<(), String> {
    if let Some(name) = tag.strip_prefix('/') {
        let name = name.trim().to_ascii_uppercase();
        return match open.pop() {
            Some(t) if t == name => Ok(()),
            other => Err(format!("</{name}> closes {other:?} in {whole:?}")),
        };
    }
    let (body, self_closing) = match tag.strip_suffix('/') {
        Some(b) => (b, true),
        None => (tag, false),
    };
    let name: String = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    if name.is_empty() {
        return Err(format!("tag without a name <{tag}> in {whole:?}"));
    }
    // Attributes: NAME="VALUE" pairs; values hold no quote, '<' or control character.
    let mut rest = body[name.len()..].trim_start();
    while !rest.is_empty() {
        let n: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        if n.is_empty() {
            return Err(format!("bad attribute in <{tag}> in {whole:?}"));
        }
        rest = rest[n.len()..].trim_start();
        rest = rest
            .strip_prefix('=')
            .ok_or_else(|| format!("attribute {n} without a value in <{tag}>"))?
            .trim_start();
        rest = rest
            .strip_prefix('"')
            .ok_or_else(|| format!("unquoted attribute {n} in <{tag}>"))?;
        let end = rest
            .find('"')
            .ok_or_else(|| format!("unclosed attribute {n} in <{tag}>"))?;
        let value: Vec<char> = rest[..end].chars().collect();
        for (j, &c) in value.iter().enumerate() {
            if c == '<' || (c.is_control() && c != '\t') || (c == '&' && !entity_at(&value, j)) {
                return Err(format!("bad character {c:?} in attribute {n} of <{tag}>"));
            }
        }
        rest = rest[end + 1..].trim_start();
    }
    if !self_closing {
        open.push(name.to_ascii_uppercase());
    }
    Ok(())
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
    out: Dot,
}

fn keyword(t: &Tok, k: &str) -> bool {
    matches!(t, Tok::Word(w) if w.eq_ignore_ascii_case(k))
}

const KEYWORDS: [&str; 6] = ["node", "edge", "graph", "digraph", "subgraph", "strict"];

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn peek2(&self) -> Option<&Tok> {
        self.toks.get(self.at + 1)
    }

    fn next(&mut self) -> Result<Tok, String> {
        let t = self
            .toks
            .get(self.at)
            .cloned()
            .ok_or("unexpected end of input")?;
        self.at += 1;
        Ok(t)
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        match self.next()? {
            Tok::Punct(p) if p == c => Ok(()),
            other => Err(format!("expected '{c}', found {other:?}")),
        }
    }

    fn is_id(t: Option<&Tok>) -> bool {
        match t {
            Some(Tok::Word(w)) => !KEYWORDS.iter().any(|k| w.eq_ignore_ascii_case(k)),
            Some(Tok::Quoted(_) | Tok::Html(_)) => true,
            _ => false,
        }
    }

    /// An ID; quoted strings joined by `+` count as one.
    fn id(&mut self) -> Result<String, String> {
        match self.next()? {
            Tok::Word(w) if !KEYWORDS.iter().any(|k| w.eq_ignore_ascii_case(k)) => Ok(w),
            Tok::Html(h) => Ok(format!("<{h}>")),
            Tok::Quoted(mut q) => {
                while self.peek() == Some(&Tok::Plus) {
                    self.at += 1;
                    match self.next()? {
                        Tok::Quoted(more) => q.push_str(&more),
                        other => return Err(format!("'+' followed by {other:?}")),
                    }
                }
                Ok(q)
            }
            other => Err(format!("expected an ID, found {other:?}")),
        }
    }

    fn graph(&mut self) -> Result<(), String> {
        if self.peek().is_some_and(|t| keyword(t, "strict")) {
            self.at += 1;
        }
        match self.next()? {
            t if keyword(&t, "graph") || keyword(&t, "digraph") => {}
            other => return Err(format!("expected graph or digraph, found {other:?}")),
        }
        if Self::is_id(self.peek()) {
            self.id()?;
        }
        self.expect('{')?;
        self.stmt_list()?;
        self.expect('}')?;
        if let Some(t) = self.peek() {
            return Err(format!("{t:?} after the graph's closing brace"));
        }
        Ok(())
    }

    fn stmt_list(&mut self) -> Result<(), String> {
        loop {
            match self.peek() {
                Some(Tok::Punct('}')) | None => return Ok(()),
                _ => self.stmt()?,
            }
            if self.peek() == Some(&Tok::Punct(';')) {
                self.at += 1;
            }
        }
    }

    fn stmt(&mut self) -> Result<(), String> {
        let t = self.peek().cloned().ok_or("unexpected end in statements")?;
        if keyword(&t, "graph") || keyword(&t, "node") || keyword(&t, "edge") {
            self.at += 1;
            return self.attr_list(true);
        }
        if Self::is_id(Some(&t)) && self.peek2() == Some(&Tok::Punct('=')) {
            self.id()?;
            self.at += 1;
            self.id()?;
            return Ok(());
        }
        let first = self.endpoint()?;
        if self.peek() == Some(&Tok::EdgeOp) {
            let mut tail = first;
            while self.peek() == Some(&Tok::EdgeOp) {
                self.at += 1;
                let head = self.endpoint()?;
                if let (Some(a), Some(b)) = (&tail, &head) {
                    self.out.edges.push((a.clone(), b.clone()));
                }
                tail = head;
            }
            return self.attr_list(false);
        }
        match first {
            Some(id) => {
                // Only statements that set attributes count as declarations: kg
                // declares each node once with its label, and names nodes bare
                // elsewhere (`{"a"} -> "b"` to place the legend).
                if self.peek() == Some(&Tok::Punct('[')) {
                    self.out.nodes.push(id);
                }
                self.attr_list(false)
            }
            None => Ok(()), // a subgraph on its own
        }
    }

    /// A node ID (with an optional port), or a subgraph (`None`).
    fn endpoint(&mut self) -> Result<Option<String>, String> {
        let t = self
            .peek()
            .cloned()
            .ok_or("unexpected end, expected a node")?;
        if keyword(&t, "subgraph") || t == Tok::Punct('{') {
            if keyword(&t, "subgraph") {
                self.at += 1;
                if Self::is_id(self.peek()) {
                    self.id()?;
                }
            }
            self.expect('{')?;
            self.stmt_list()?;
            self.expect('}')?;
            return Ok(None);
        }
        let id = self.id()?;
        for _ in 0..2 {
            if self.peek() == Some(&Tok::Punct(':')) {
                self.at += 1;
                self.id()?;
            }
        }
        Ok(Some(id))
    }

    fn attr_list(&mut self, required: bool) -> Result<(), String> {
        if required && self.peek() != Some(&Tok::Punct('[')) {
            return Err(format!("expected '[', found {:?}", self.peek()));
        }
        while self.peek() == Some(&Tok::Punct('[')) {
            self.at += 1;
            while self.peek() != Some(&Tok::Punct(']')) {
                self.id()?;
                self.expect('=')?;
                self.id()?;
                if matches!(self.peek(), Some(Tok::Punct(',' | ';'))) {
                    self.at += 1;
                }
            }
            self.at += 1;
        }
        Ok(())
    }
}

/// Parses `text` as one DOT graph and checks kg's escaping; see the module docs.
pub fn parse(text: &str) -> Result<Dot, String> {
    let toks = lex(text)?;
    let mut p = Parser {
        toks,
        at: 0,
        out: Dot::default(),
    };
    p.graph()?;
    Ok(p.out)
}

/// `s` as a DOT quoted string body, as a writer that escapes correctly would
/// write it (for comparing IDs): `"` and `\` escaped.
pub fn escaped(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_graphviz_reads() {
        let d = parse(
            "digraph kg {\n  graph [a=b];\n  \"x\\\"y\" [label=\"a\\nb &amp; c\"];\n  x -> \"y\":n [color=red]\n  subgraph cluster_1 { z [a=1]; {rank=same; w [b=2]} }\n  {\"x\"} -> w;\n  n [label=<<B>bold &amp; <BR/>x</B>>];\n}\n",
        )
        .unwrap();
        assert_eq!(d.nodes, ["x\\\"y", "z", "w", "n"]);
        assert_eq!(d.edges, [("x".to_string(), "y".to_string())]);
    }

    #[test]
    fn refuses_what_kg_must_never_write() {
        for bad in [
            "digraph { a [label=\"x\\qy\"] }",
            "digraph { a [label=\"x & y\"] }",
            "digraph { a [label=\"x\u{1}y\"] }",
            "digraph { a [label=\"open] }",
            "digraph { a [label=<<B>x</I>>] }",
            "digraph { a [label=<<B>x>] }",
            "digraph { a [label=<x > y>] }",
            "digraph { a -> }",
            "digraph { a } }",
            "digraph { a [label=x",
        ] {
            assert!(parse(bad).is_err(), "accepted {bad:?}");
        }
    }
}
