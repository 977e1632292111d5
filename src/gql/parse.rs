//! The recursive-descent parser of a pattern query: clauses and patterns
//! here, expressions in `gql::expr`, refusals of what the subset leaves out in
//! `gql::refuse`.
//!
//! Grammar (keywords case-insensitive):
//!
//! ```text
//! query    := (MATCH pattern (',' pattern)* [WHERE expr])* RETURN return [';']
//! pattern  := node (rel node)*
//! node     := '(' [name] labels ['{' props '}'] ')'
//! labels   := (':' name ('|' [':'] name)*)*
//! rel      := ['<'] '-' ['[' [name] [':' name ('|' [':'] name)*] [length] ['{' props '}'] ']'] '-' ['>']
//! length   := '*' [int] ['..' [int]]
//! return   := [DISTINCT] item (',' item)* [ORDER BY expr [ASC|DESC] (',' …)*] [SKIP int] [LIMIT int]
//! item     := expr [AS name]
//! ```
//!
//! # Complexity
//!
//! O(n) in the number of tokens: the parser looks at most three tokens ahead
//! and never backtracks; a chained comparison (`a < b < c`) copies each middle
//! operand once. Recursion is at most [`MAX_DEPTH`] levels deep.

use super::ast::*;
use super::lex::{too_deep, Tok, Token, MAX_DEPTH};
use super::refuse;
use crate::error::{shown, Error, Result};

/// The parser's state: the tokens, the next one, and how deep the
/// expression parser has recursed.
pub struct Parser<'a> {
    pub(super) text: &'a str,
    pub(super) toks: Vec<Token>,
    pub(super) pos: usize,
    pub(super) depth: usize,
    /// The height of the expression read last (see `expr::MAX_HEIGHT`).
    pub(super) height: u32,
}

/// Reads `text` as a whole query.
pub fn query(text: &str) -> Result<Query> {
    let toks = super::lex::tokens(text)?;
    let mut p = Parser {
        text,
        toks,
        pos: 0,
        depth: 0,
        height: 0,
    };
    p.query()
}

impl<'a> Parser<'a> {
    // ---- the token stream ----

    pub(super) fn peek(&self) -> &Token {
        &self.toks[self.pos]
    }

    pub(super) fn tok(&self) -> &Tok {
        &self.toks[self.pos].tok
    }

    /// The token `n` places ahead, 0 being the next one (the end past the end).
    pub(super) fn tok_at(&self, n: usize) -> &Tok {
        self.toks.get(self.pos + n).map_or(&Tok::Eof, |t| &t.tok)
    }

    pub(super) fn at(&self) -> Span {
        self.peek().at
    }

    /// Takes the next token; the end stays the end.
    pub(super) fn next(&mut self) -> Token {
        let t = self.toks[self.pos].clone();
        if t.tok != Tok::Eof {
            self.pos += 1;
        }
        t
    }

    /// Steps past the next token without copying it.
    pub(super) fn skip(&mut self) {
        if self.toks[self.pos].tok != Tok::Eof {
            self.pos += 1;
        }
    }

    /// Where the last token taken ends (a byte offset).
    pub(super) fn prev_end(&self) -> usize {
        self.pos.checked_sub(1).map_or(0, |i| self.toks[i].end)
    }

    pub(super) fn eat(&mut self, tok: &Tok) -> bool {
        if self.tok() == tok {
            self.next();
            true
        } else {
            false
        }
    }

    /// Takes `tok` or fails with "expected WHAT, found …".
    pub(super) fn expect(&mut self, tok: &Tok, what: &str) -> Result<Token> {
        if self.tok() == tok {
            Ok(self.next())
        } else {
            Err(self.unexpected(what))
        }
    }

    /// Whether the token `n` places ahead (0: the next) is the keyword `kw`
    /// (unquoted, any case).
    pub(super) fn is_word_at(&self, n: usize, kw: &str) -> bool {
        matches!(self.tok_at(n), Tok::Word(w) if w.eq_ignore_ascii_case(kw))
    }

    pub(super) fn is_word(&self, kw: &str) -> bool {
        self.is_word_at(0, kw)
    }

    pub(super) fn eat_word(&mut self, kw: &str) -> bool {
        if self.is_word(kw) {
            self.next();
            true
        } else {
            false
        }
    }

    // ---- errors ----

    pub(super) fn error_at(&self, at: Span, message: impl Into<String>, hint: &str) -> Error {
        Error::query(
            at.line,
            at.column,
            message,
            (!hint.is_empty()).then(|| hint.to_string()),
        )
    }

    /// The next token as a message names it.
    pub(super) fn found(&self) -> String {
        let t = self.peek();
        match &t.tok {
            Tok::Eof => "the end of the query".to_string(),
            Tok::Str(_) => "a string".to_string(),
            _ => {
                let text = &self.text[t.start..t.end];
                let cut: String = text.chars().take(60).collect();
                format!("'{}'", shown(&cut))
            }
        }
    }

    /// "expected WHAT, found …" at the next token; a word close to one of
    /// the keywords WHAT lists gets a suggestion.
    pub(super) fn unexpected(&self, what: &str) -> Error {
        let at = self.at();
        let mut e = Error::query(
            at.line,
            at.column,
            format!("expected {what}, found {}", self.found()),
            None,
        );
        if let (Tok::Word(w), Error::Query { suggestions, .. }) = (self.tok(), &mut e) {
            *suggestions = refuse::misspelt(w, what);
        }
        e
    }

    /// Counts one more level of recursion; the caller calls `leave` after.
    /// The outermost expression is level 0, so an expression may nest as
    /// deep as the brackets the lexer lets through.
    pub(super) fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH + 1 {
            return Err(too_deep(self.at()));
        }
        Ok(())
    }

    pub(super) fn leave(&mut self) {
        self.depth -= 1;
    }

    // ---- clauses ----

    fn query(&mut self) -> Result<Query> {
        if *self.tok() == Tok::Eof {
            return Err(self.error_at(
                self.at(),
                "the query is empty",
                "write a query: MATCH (a)-->(b) RETURN a, b",
            ));
        }
        let mut matches = Vec::new();
        loop {
            if self.is_word("MATCH") {
                matches.push(self.match_clause()?);
            } else if self.is_word("RETURN") {
                break;
            } else {
                let expected = match matches.last() {
                    None => "MATCH or RETURN",
                    Some(MatchClause {
                        filter: Some(_), ..
                    }) => "AND, OR, XOR, MATCH or RETURN",
                    Some(_) => "',', WHERE, MATCH or RETURN",
                };
                return Err(refuse::clause(self, expected));
            }
        }
        let ret = self.return_clause()?;
        self.eat(&Tok::Semicolon);
        if *self.tok() != Tok::Eof {
            return Err(refuse::after_return(self));
        }
        Ok(Query { matches, ret })
    }

    fn match_clause(&mut self) -> Result<MatchClause> {
        let at = self.next().at;
        let mut patterns = vec![self.path()?];
        while self.eat(&Tok::Comma) {
            patterns.push(self.path()?);
        }
        let filter = if self.eat_word("WHERE") {
            Some(self.expr()?)
        } else {
            None
        };
        Ok(MatchClause {
            patterns,
            filter,
            at,
        })
    }

    fn path(&mut self) -> Result<PathPattern> {
        refuse::path_start(self)?;
        let start = self.node()?;
        let mut steps = Vec::new();
        while matches!(self.tok(), Tok::Minus | Tok::Lt) {
            let rel = self.rel()?;
            let node = self.node()?;
            steps.push(Step { rel, node });
        }
        Ok(PathPattern { start, steps })
    }

    /// A name: a word or a backtick-quoted name.
    pub(super) fn ident(&mut self, what: &str) -> Result<Ident> {
        match self.tok().clone() {
            Tok::Word(name) | Tok::Quoted(name) => {
                let at = self.next().at;
                Ok(Ident { name, at })
            }
            _ => Err(self.unexpected(what)),
        }
    }

    fn is_name(&self) -> bool {
        matches!(self.tok(), Tok::Word(_) | Tok::Quoted(_))
    }

    fn node(&mut self) -> Result<NodePattern> {
        let at = self.at();
        if *self.tok() != Tok::LParen {
            return Err(self.unexpected("a node pattern such as (a) or (:person)"));
        }
        self.next();
        let var = if self.is_name() {
            Some(self.ident("a variable")?)
        } else {
            None
        };
        let labels = self.labels()?;
        let props = self.props()?;
        if *self.tok() != Tok::RParen {
            return Err(self.unexpected("')' to end the node pattern"));
        }
        self.next();
        Ok(NodePattern {
            var,
            labels,
            props,
            at,
        })
    }

    /// `:a|b:c`: label groups, each a list of alternatives.
    pub(super) fn labels(&mut self) -> Result<Vec<Vec<Ident>>> {
        let mut groups = Vec::new();
        while self.eat(&Tok::Colon) {
            let mut group = vec![self.ident("a type name after ':'")?];
            while self.eat(&Tok::Pipe) {
                self.eat(&Tok::Colon);
                group.push(self.ident("a type name after '|'")?);
            }
            groups.push(group);
        }
        Ok(groups)
    }

    /// `{key: expr, …}` if one is next.
    fn props(&mut self) -> Result<Vec<(Ident, Expr)>> {
        let mut props = Vec::new();
        if !self.eat(&Tok::LBrace) {
            return Ok(props);
        }
        if self.eat(&Tok::RBrace) {
            return Ok(props);
        }
        loop {
            let key = self.ident("a property name")?;
            self.expect(&Tok::Colon, "':' after the property name")?;
            let value = self.expr()?;
            props.push((key, value));
            if self.eat(&Tok::RBrace) {
                return Ok(props);
            }
            self.expect(&Tok::Comma, "',' or '}' in the property map")?;
        }
    }

    fn rel(&mut self) -> Result<RelPattern> {
        let at = self.at();
        let left = self.eat(&Tok::Lt);
        const SHAPE: &str = "a relationship such as -->, <--, -- or -[r:type]->";
        self.expect(&Tok::Minus, SHAPE)?;
        let mut var = None;
        let mut types = Vec::new();
        let mut props = Vec::new();
        let mut length = None;
        if self.eat(&Tok::LBracket) {
            if self.is_name() {
                var = Some(self.ident("a variable")?);
            }
            if self.eat(&Tok::Colon) {
                types.push(self.ident("a relation type after ':'")?);
                while self.eat(&Tok::Pipe) {
                    self.eat(&Tok::Colon);
                    types.push(self.ident("a relation type after '|'")?);
                }
            }
            if *self.tok() == Tok::Colon {
                return Err(self.error_at(
                    self.at(),
                    "a relation has one type; ':a:b' matches nothing",
                    "write alternatives as :a|b",
                ));
            }
            if *self.tok() == Tok::Star {
                length = Some(self.length()?);
            }
            props = self.props()?;
            if *self.tok() != Tok::RBracket {
                return Err(self.unexpected("']' to end the relationship pattern"));
            }
            self.next();
        }
        self.expect(&Tok::Minus, SHAPE)?;
        let right = self.eat(&Tok::Gt);
        let direction = match (left, right) {
            (true, false) => Direction::Left,
            (false, true) => Direction::Right,
            _ => Direction::Either,
        };
        Ok(RelPattern {
            var,
            types,
            props,
            direction,
            length,
            at,
        })
    }

    /// `*`, `*n`, `*m..n`, `*..n`, `*m..`.
    fn length(&mut self) -> Result<Length> {
        let at = self.next().at;
        let min = self.bound()?;
        if self.eat(&Tok::DotDot) {
            let max = self.bound()?;
            return Ok(Length { min, max, at });
        }
        Ok(Length { min, max: min, at })
    }

    /// A length bound if one is written: a non-negative integer.
    fn bound(&mut self) -> Result<Option<u64>> {
        match self.tok() {
            Tok::Int(n) => {
                let n = *n;
                self.next();
                Ok(Some(n))
            }
            Tok::Minus | Tok::Float(_) => {
                let at = self.at();
                let shown = match self.tok_at(1) {
                    Tok::Int(_) | Tok::Float(_) if *self.tok() == Tok::Minus => {
                        let (a, b) = (self.peek().start, self.toks[self.pos + 1].end);
                        self.text[a..b].to_string()
                    }
                    _ => self.found().trim_matches('\'').to_string(),
                };
                Err(self.error_at(
                    at,
                    format!("a length bound must be a non-negative integer, found {shown}"),
                    "write the number of hops: *1..3",
                ))
            }
            _ => Ok(None),
        }
    }

    fn return_clause(&mut self) -> Result<Return> {
        let at = self.next().at;
        let distinct = self.eat_word("DISTINCT");
        if *self.tok() == Tok::Star {
            return Err(self.error_at(
                self.at(),
                "RETURN * is not supported",
                "name what to return: RETURN a, b",
            ));
        }
        let mut items = vec![self.return_item()?];
        while self.eat(&Tok::Comma) {
            items.push(self.return_item()?);
        }
        let mut order = Vec::new();
        if self.is_word("ORDER") {
            self.next();
            if !self.eat_word("BY") {
                return Err(self.unexpected("BY after ORDER"));
            }
            loop {
                let expr = self.expr()?;
                let descending = self.eat_word("DESC") || self.eat_word("DESCENDING");
                if !descending && !self.eat_word("ASC") {
                    self.eat_word("ASCENDING");
                }
                order.push(SortItem { expr, descending });
                if !self.eat(&Tok::Comma) {
                    break;
                }
            }
        }
        let skip = if self.eat_word("SKIP") {
            Some(self.count("SKIP")?)
        } else {
            None
        };
        let limit = if self.eat_word("LIMIT") {
            Some(self.count("LIMIT")?)
        } else {
            None
        };
        Ok(Return {
            distinct,
            items,
            order,
            skip,
            limit,
            at,
        })
    }

    fn return_item(&mut self) -> Result<ReturnItem> {
        let start = self.peek().start;
        let expr = self.expr()?;
        let text = self.text[start..self.prev_end()].trim().to_string();
        let alias = if self.eat_word("AS") {
            Some(self.ident("a column name after AS")?)
        } else {
            None
        };
        Ok(ReturnItem { expr, alias, text })
    }

    /// The number after SKIP or LIMIT (`what`): a non-negative integer literal.
    fn count(&mut self, what: &str) -> Result<u64> {
        let at = self.at();
        let hint = format!("write a whole number: {what} 10");
        match self.tok().clone() {
            Tok::Int(n) if n <= i64::MAX as u64 => {
                self.next();
                Ok(n)
            }
            Tok::Int(_) => {
                let t = self.peek();
                Err(super::lex::integer_too_large(
                    &self.text[t.start..t.end],
                    at,
                ))
            }
            Tok::Minus if matches!(self.tok_at(1), Tok::Int(_) | Tok::Float(_)) => {
                let (a, b) = (self.peek().start, self.toks[self.pos + 1].end);
                Err(self.error_at(
                    at,
                    format!(
                        "{what} must be a non-negative integer, found {}",
                        &self.text[a..b]
                    ),
                    &hint,
                ))
            }
            Tok::Float(_) => {
                let t = self.peek();
                Err(self.error_at(
                    at,
                    format!(
                        "{what} must be a non-negative integer, found {}",
                        &self.text[t.start..t.end]
                    ),
                    &hint,
                ))
            }
            _ => Err(self.error_at(
                at,
                format!(
                    "{what} takes a non-negative integer literal, found {}",
                    self.found()
                ),
                &hint,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::sexp;
    use super::*;

    fn q(text: &str) -> String {
        match query(text) {
            Ok(q) => sexp::query(&q),
            Err(e) => panic!("{text}: {e}"),
        }
    }

    /// The path pattern of `MATCH <pattern> RETURN 1`.
    fn pat(pattern: &str) -> String {
        let q = query(&format!("MATCH {pattern} RETURN 1")).unwrap_or_else(|e| panic!("{e}"));
        sexp::path(&q.matches[0].patterns[0])
    }

    /// The error of `text`: message (with its position) and hint.
    fn err(text: &str) -> (String, String) {
        let e = query(text).expect_err(text);
        (e.to_string(), e.hint().unwrap_or_default())
    }

    fn msg(text: &str) -> String {
        err(text).0
    }

    #[test]
    fn clauses_and_keywords_in_any_case() {
        assert_eq!(q("MATCH (a) RETURN a"), "MATCH (a) | RETURN a");
        assert_eq!(q("match (a) Return a"), "MATCH (a) | RETURN a");
        assert_eq!(q("RETURN 1"), "RETURN 1");
        assert_eq!(
            q("MATCH (a)-->(b), (c) WHERE a.x = 1 MATCH (b)--(d) where d:t RETURN a, d;"),
            "MATCH (a)-[]->(b), (c) WHERE (= a.x 1) | MATCH (b)-[]-(d) WHERE (labels d:t) | RETURN a, d"
        );
        assert_eq!(
            q("MATCH // a comment\n(a) /* another\n one */ RETURN a // the end"),
            "MATCH (a) | RETURN a"
        );
    }

    #[test]
    fn node_patterns() {
        assert_eq!(pat("()"), "()");
        assert_eq!(pat("(v)"), "(v)");
        assert_eq!(pat("(v:person)"), "(v:person)");
        assert_eq!(pat("(:person)"), "(:person)");
        assert_eq!(pat("(v:a|b)"), "(v:a|b)");
        assert_eq!(pat("(v:a|:b)"), "(v:a|b)");
        assert_eq!(pat("(v:a:b)"), "(v:a:b)");
        assert_eq!(
            pat("(v:country {name: \"Russia\", id: 'russia', n: -2.5})"),
            "(v:country {name: \"Russia\", id: \"russia\", n: -2.5})"
        );
        assert_eq!(pat("(v {})"), "(v)");
        assert_eq!(pat("(`a``b`:`Make a visit`)"), "(a`b:Make a visit)");
        // Keywords are names in patterns.
        assert_eq!(pat("(match:return)"), "(match:return)");
    }

    #[test]
    fn relationship_patterns() {
        assert_eq!(pat("(a)-->(b)"), "(a)-[]->(b)");
        assert_eq!(pat("(a)<--(b)"), "(a)<-[]-(b)");
        assert_eq!(pat("(a)--(b)"), "(a)-[]-(b)");
        assert_eq!(pat("(a)<-->(b)"), "(a)-[]-(b)");
        assert_eq!(pat("(a)-[r]->(b)"), "(a)-[r]->(b)");
        assert_eq!(pat("(a)<-[r]-(b)"), "(a)<-[r]-(b)");
        assert_eq!(pat("(a)-[:a|b]-(b)"), "(a)-[:a|b]-(b)");
        assert_eq!(pat("(a)-[:a|:b]->(b)"), "(a)-[:a|b]->(b)");
        assert_eq!(pat("(a)- [ r ] - > (b)"), "(a)-[r]->(b)");
        assert_eq!(
            pat("(a)-[r:t*1..3 {k: 2}]->(b)"),
            "(a)-[r:t*1..3 {k: 2}]->(b)"
        );
        assert_eq!(
            pat("(a)-[:`Make a visit`]->(b)"),
            "(a)-[:Make a visit]->(b)"
        );
        assert_eq!(
            pat("(a)-->(b)<-[:c]-(c)--(d)"),
            "(a)-[]->(b)<-[:c]-(c)-[]-(d)"
        );
    }

    #[test]
    fn every_length_form() {
        assert_eq!(pat("(a)-[*]->(b)"), "(a)-[*..]->(b)");
        assert_eq!(pat("(a)-[*2]->(b)"), "(a)-[*2..2]->(b)");
        assert_eq!(pat("(a)-[*1..3]->(b)"), "(a)-[*1..3]->(b)");
        assert_eq!(pat("(a)-[* 1 .. 3]->(b)"), "(a)-[*1..3]->(b)");
        assert_eq!(pat("(a)-[*..3]->(b)"), "(a)-[*..3]->(b)");
        assert_eq!(pat("(a)-[*2..]->(b)"), "(a)-[*2..]->(b)");
        assert_eq!(pat("(a)-[*..]->(b)"), "(a)-[*..]->(b)");
        assert_eq!(pat("(a)-[*0..1000000]->(b)"), "(a)-[*0..1000000]->(b)");
        assert_eq!(pat("(a)-[r*0]-(b)"), "(a)-[r*0..0]-(b)");
        let q = query("MATCH (a)-[:t *2..]->(b) RETURN a").unwrap();
        let length = q.matches[0].patterns[0].steps[0].rel.length.unwrap();
        assert_eq!(
            length.at,
            Span {
                line: 1,
                column: 15
            }
        );
    }

    #[test]
    fn spans_are_where_things_are_written() {
        let q = query("MATCH (a)-[r]->(b)\nWHERE a.x = 1\nRETURN a").unwrap();
        let m = &q.matches[0];
        assert_eq!(m.at, Span { line: 1, column: 1 });
        let p = &m.patterns[0];
        assert_eq!(p.start.at, Span { line: 1, column: 7 });
        assert_eq!(
            p.start.var.as_ref().unwrap().at,
            Span { line: 1, column: 8 }
        );
        assert_eq!(
            p.steps[0].rel.at,
            Span {
                line: 1,
                column: 10
            }
        );
        assert_eq!(
            p.steps[0].node.at,
            Span {
                line: 1,
                column: 16
            }
        );
        let f = m.filter.as_ref().unwrap();
        assert_eq!(f.span(), Span { line: 2, column: 7 });
        let Expr::Binary(_, _, _, op) = f else {
            panic!()
        };
        assert_eq!(
            *op,
            Span {
                line: 2,
                column: 11
            }
        );
        assert_eq!(q.ret.at, Span { line: 3, column: 1 });
    }

    #[test]
    fn return_items_orders_and_bounds() {
        assert_eq!(
            q("MATCH (p) RETURN DISTINCT p.name AS name, count(*) ORDER BY name DESC, p.x ASC, p.y DESCENDING, p.z ASCENDING SKIP 5 LIMIT 10"),
            "MATCH (p) | RETURN DISTINCT p.name AS name, count(*) ORDER BY name DESC, p.x, p.y DESC, p.z SKIP 5 LIMIT 10"
        );
        assert_eq!(q("RETURN 1 LIMIT 0"), "RETURN 1 LIMIT 0");
        assert_eq!(q("RETURN 1 SKIP 0"), "RETURN 1 SKIP 0");
        assert_eq!(q("RETURN `a b` AS `c d`"), "RETURN a b AS c d");
        let q = query("MATCH (p)\nRETURN   p.name ,count( * )AS n, toLower( p.name )  // x\n;")
            .unwrap();
        let texts: Vec<&str> = q.ret.items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(texts, ["p.name", "count( * )", "toLower( p.name )"]);
        let columns: Vec<&str> = q.ret.items.iter().map(|i| i.column()).collect();
        assert_eq!(columns, ["p.name", "n", "toLower( p.name )"]);
    }

    #[test]
    fn clauses_outside_the_subset_are_named() {
        assert_eq!(
            err("MATCH (a)-->(b) OPTIONAL MATCH (b)-->(c) RETURN a"),
            (
                "line 1, column 17: OPTIONAL MATCH is not supported".into(),
                "kg match reads MATCH, WHERE and RETURN; use several MATCH clauses, or ask for the optional part in a query of its own".into()
            )
        );
        for (text, message) in [
            (
                "MATCH (a) WITH a RETURN a",
                "line 1, column 11: WITH is not supported",
            ),
            (
                "UNWIND [1] AS x RETURN x",
                "line 1, column 1: UNWIND is not supported",
            ),
            ("CREATE (a)", "line 1, column 1: CREATE is not supported"),
            (
                "MATCH (a) MERGE (a)",
                "line 1, column 11: MERGE is not supported",
            ),
            (
                "MATCH (a) delete a",
                "line 1, column 11: DELETE is not supported",
            ),
            (
                "MATCH (a) DETACH DELETE a",
                "line 1, column 11: DETACH DELETE is not supported",
            ),
            (
                "MATCH (a) SET a.x = 1",
                "line 1, column 11: SET is not supported",
            ),
            (
                "MATCH (a) REMOVE a.x",
                "line 1, column 11: REMOVE is not supported",
            ),
            (
                "CALL db.labels()",
                "line 1, column 1: CALL is not supported",
            ),
            (
                "RETURN 1 UNION RETURN 2",
                "line 1, column 10: UNION is not supported",
            ),
            (
                "MATCH (a) FOREACH (x IN [1] | SET a.x = x)",
                "line 1, column 11: FOREACH is not supported",
            ),
            (
                "LOAD CSV FROM 'x' AS row RETURN row",
                "line 1, column 1: LOAD CSV is not supported",
            ),
            (
                "MATCH (a) WHERE a.x = 1 WITH a RETURN a",
                "line 1, column 25: WITH is not supported",
            ),
        ] {
            assert_eq!(msg(text), message, "{text}");
        }
        assert_eq!(err("MATCH (a) SET a.x = 1").1, READ_ONLY_HINT);
    }

    const READ_ONLY_HINT: &str =
        "kg match only reads the graph; change it with kg's edit commands (add, remove, rename, …)";

    #[test]
    fn expressions_outside_the_subset_are_named() {
        for (text, message) in [
            (
                "MATCH (a) WHERE exists(a.x) RETURN a",
                "line 1, column 17: EXISTS is not supported",
            ),
            (
                "MATCH (a) WHERE EXISTS { (a)-->() } RETURN a",
                "line 1, column 17: EXISTS is not supported",
            ),
            (
                "RETURN CASE WHEN 1 THEN 2 END",
                "line 1, column 8: CASE is not supported",
            ),
            (
                "MATCH p = shortestPath((a)-[*]-(b)) RETURN p",
                "line 1, column 11: shortestPath is not supported",
            ),
            (
                "MATCH shortestPath((a)-[*]-(b)) RETURN a",
                "line 1, column 7: shortestPath is not supported",
            ),
            (
                "RETURN [x IN [1, 2] | x * 2]",
                "line 1, column 8: list comprehensions are not supported",
            ),
            (
                "MATCH (a) WHERE (a)-->(:t) RETURN a",
                "line 1, column 17: pattern predicates are not supported",
            ),
            (
                "MATCH (a) WHERE NOT (a)<-[:t]-() RETURN a",
                "line 1, column 21: pattern predicates are not supported",
            ),
            (
                "MATCH (a) WHERE (:t)-->(a) RETURN a",
                "line 1, column 17: pattern predicates are not supported",
            ),
            (
                "MATCH (a) WHERE ()-->(a) RETURN a",
                "line 1, column 17: pattern predicates are not supported",
            ),
            (
                "MATCH (a) WHERE (a:t {k: 1})-->() RETURN a",
                "line 1, column 17: pattern predicates are not supported",
            ),
            (
                "MATCH (a) WHERE (a {k: 1}) RETURN a",
                "line 1, column 17: pattern predicates are not supported",
            ),
            (
                "RETURN {a: 1}",
                "line 1, column 8: maps are not supported outside patterns",
            ),
            (
                "MATCH (a) RETURN a.list[0]",
                "line 1, column 24: indexing and slicing with [ ] are not supported",
            ),
            (
                "MATCH (a) RETURN count { (a)-->() }",
                "line 1, column 18: COUNT { … } subqueries are not supported",
            ),
            (
                "MATCH (a {name: $name}) RETURN a",
                "line 1, column 17: query parameters ($name) are not supported",
            ),
        ] {
            assert_eq!(msg(text), message, "{text}");
        }
        // Arithmetic on a parenthesised variable is no pattern.
        assert_eq!(
            q("MATCH (a) RETURN (a.x) - 1, (a) - (1)"),
            "MATCH (a) | RETURN (- a.x 1), (- a 1)"
        );
    }

    #[test]
    fn named_paths_and_return_star_are_refused() {
        assert_eq!(
            err("MATCH p = (a)-->(b) RETURN p"),
            (
                "line 1, column 7: named paths are not supported".into(),
                "name the nodes and relations instead: MATCH (a)-[r]->(b) RETURN a, r, b".into()
            )
        );
        assert_eq!(
            err("MATCH (a) RETURN *"),
            (
                "line 1, column 18: RETURN * is not supported".into(),
                "name what to return: RETURN a, b".into()
            )
        );
        assert_eq!(
            err("MATCH (a)-->(b)"),
            (
                "line 1, column 16: the query has no RETURN".into(),
                "end it with RETURN and what to return: RETURN a, b".into()
            )
        );
        assert_eq!(msg("  "), "line 1, column 3: the query is empty");
        assert_eq!(msg("// nothing\n"), "line 2, column 1: the query is empty");
    }

    #[test]
    fn skip_limit_and_lengths_take_non_negative_integers() {
        for (text, message) in [
            ("RETURN 1 SKIP -1", "line 1, column 15: SKIP must be a non-negative integer, found -1"),
            ("RETURN 1 LIMIT 1.5", "line 1, column 16: LIMIT must be a non-negative integer, found 1.5"),
            ("RETURN 1 LIMIT -0.5", "line 1, column 16: LIMIT must be a non-negative integer, found -0.5"),
            ("RETURN 1 LIMIT x", "line 1, column 16: LIMIT takes a non-negative integer literal, found 'x'"),
            ("RETURN 1 LIMIT", "line 1, column 15: LIMIT takes a non-negative integer literal, found the end of the query"),
            ("RETURN 1 SKIP 9223372036854775808", "line 1, column 15: the integer 9223372036854775808 is too large"),
            ("RETURN 1 LIMIT 1 + 1", "line 1, column 18: expected the end of the query, found '+'"),
            ("RETURN 1 LIMIT 1 SKIP 1", "line 1, column 18: SKIP must come before LIMIT"),
            ("MATCH (a)-[*-1]->(b) RETURN a", "line 1, column 13: a length bound must be a non-negative integer, found -1"),
            ("MATCH (a)-[*1.5]->(b) RETURN a", "line 1, column 13: a length bound must be a non-negative integer, found 1.5"),
            ("MATCH (a)-[*1..-2]->(b) RETURN a", "line 1, column 16: a length bound must be a non-negative integer, found -2"),
            ("MATCH (a)-[*1..x]->(b) RETURN a", "line 1, column 16: expected ']' to end the relationship pattern, found 'x'"),
        ] {
            assert_eq!(msg(text), message, "{text}");
        }
        assert_eq!(err("RETURN 1 SKIP -1").1, "write a whole number: SKIP 10");
    }

    #[test]
    fn misspelt_keywords_get_suggestions() {
        let e = query("MATCH (a) RETRUN a").unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 1, column 11: expected ',', WHERE, MATCH or RETURN, found 'RETRUN'"
        );
        assert_eq!(e.suggestions(), ["RETURN"]);
        assert_eq!(e.hint().unwrap(), "did you mean 'RETURN'?");
        let e = query("MATCH (a) WHER a.x = 1 RETURN a").unwrap_err();
        assert_eq!(e.suggestions(), ["WHERE"]);
        let e = query("MACTH (a) RETURN a").unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 1, column 1: expected MATCH or RETURN, found 'MACTH'"
        );
        assert_eq!(e.suggestions(), ["MATCH"]);
        let e = query("MATCH (a) WHERE a.x = 1 ANDD a.y = 2 RETURN a").unwrap_err();
        assert_eq!(e.suggestions(), ["AND"]);
        let e = query("MATCH (a) RETURN a ORDER BY a LIMT 1").unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 1, column 31: expected the end of the query, found 'LIMT'"
        );
        assert_eq!(e.suggestions(), ["LIMIT"]);
        let e = query("MATCH (a) RETURN a ORDER BYY a").unwrap_err();
        assert_eq!(e.suggestions(), ["BY"]);
        let e = query("MATCH (a) RETURN a ORDER BY a DESK").unwrap_err();
        assert_eq!(e.suggestions(), ["DESC"]);
        // Nothing close: no suggestion.
        assert!(query("MATCH (a) banana")
            .unwrap_err()
            .suggestions()
            .is_empty());
    }

    #[test]
    fn misplaced_clauses_are_explained() {
        for (text, message) in [
            (
                "WHERE a.x = 1 RETURN 1",
                "line 1, column 1: WHERE must follow a MATCH clause",
            ),
            (
                "MATCH (a) WHERE a.x = 1 WHERE a.y = 2 RETURN a",
                "line 1, column 25: a MATCH clause takes one WHERE",
            ),
            (
                "MATCH (a) ORDER BY a RETURN a",
                "line 1, column 11: ORDER BY must come after RETURN",
            ),
            (
                "MATCH (a) RETURN a MATCH (b) RETURN b",
                "line 1, column 20: MATCH cannot follow RETURN",
            ),
            (
                "MATCH (a) RETURN a LIMIT 1 ORDER BY a",
                "line 1, column 28: ORDER BY must come before SKIP and LIMIT",
            ),
            (
                "MATCH (a) RETURN a; MATCH (b)",
                "line 1, column 21: MATCH cannot follow RETURN",
            ),
        ] {
            assert_eq!(msg(text), message, "{text}");
        }
    }

    #[test]
    fn pattern_mistakes_are_located() {
        for (text, message) in [
            ("MATCH a RETURN a", "line 1, column 7: expected a node pattern such as (a) or (:person), found 'a'"),
            ("MATCH RETURN 1", "line 1, column 7: expected a node pattern such as (a) or (:person), found 'RETURN'"),
            ("MATCH (a)->(b) RETURN a", "line 1, column 11: expected a relationship such as -->, <--, -- or -[r:type]->, found '>'"),
            ("MATCH (a)-[r:a:b]->(b) RETURN a", "line 1, column 15: a relation has one type; ':a:b' matches nothing"),
            ("MATCH (a b) RETURN a", "line 1, column 10: expected ')' to end the node pattern, found 'b'"),
            ("MATCH (a:) RETURN a", "line 1, column 10: expected a type name after ':', found ')'"),
            ("MATCH (a {name 'x'}) RETURN a", "line 1, column 16: expected ':' after the property name, found a string"),
            ("MATCH (a {name: 'x' id: 1}) RETURN a", "line 1, column 21: expected ',' or '}' in the property map, found 'id'"),
            ("MATCH (a)-[r]-> RETURN a", "line 1, column 17: expected a node pattern such as (a) or (:person), found 'RETURN'"),
            ("MATCH (a), RETURN a", "line 1, column 12: expected a node pattern such as (a) or (:person), found 'RETURN'"),
        ] {
            assert_eq!(msg(text), message, "{text}");
        }
    }

    #[test]
    fn lines_and_columns_survive_crlf() {
        assert_eq!(
            msg("MATCH (a)\r\nOPTIONAL MATCH (b)\r\nRETURN a"),
            "line 2, column 1: OPTIONAL MATCH is not supported"
        );
        assert_eq!(
            msg("MATCH (a)\nOPTIONAL MATCH (b)\nRETURN a"),
            "line 2, column 1: OPTIONAL MATCH is not supported"
        );
        assert_eq!(
            msg("MATCH (é:ü)\r\n  RETURN *"),
            "line 2, column 10: RETURN * is not supported"
        );
    }
}
