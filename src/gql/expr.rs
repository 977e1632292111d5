//! Expressions of a pattern query (`WHERE`, `RETURN`, `ORDER BY`, inline
//! property maps), read by precedence climbing with Cypher's precedence, from
//! the loosest:
//!
//! | level | operators |
//! |---|---|
//! | 1 | `OR` |
//! | 2 | `XOR` |
//! | 3 | `AND` |
//! | 4 | `NOT` (prefix) |
//! | 5 | `=` `<>` `!=` `<` `<=` `>` `>=` (a chain `a < b < c` is `a < b AND b < c`) |
//! | 6 | `IN`, `STARTS WITH`, `ENDS WITH`, `CONTAINS`, `IS [NOT] NULL` |
//! | 7 | `+` `-` |
//! | 8 | `*` `/` `%` |
//! | 9 | unary `-` and `+` |
//! | 10 | `.key`, calls, label tests `v:person` |
//!
//! Binary operators are left-associative.
//!
//! # Complexity
//!
//! O(n) in the tokens of the expression; recursion deepens only with
//! brackets and prefix operators, and stops at `lex::MAX_DEPTH` levels.

use super::ast::*;
use super::lex::Tok;
use super::parse::Parser;
use super::refuse;
use crate::error::Result;

/// What an operator does to the expression on its left.
enum Infix {
    Binary(BinaryOp),
    /// `IS [NOT] NULL`.
    IsNull,
}

const NOT_LEVEL: u8 = 4;
const COMPARISON: u8 = 5;
const UNARY: u8 = 9;

fn is_comparison(op: BinaryOp) -> bool {
    use BinaryOp::*;
    matches!(op, Eq | Ne | Lt | Le | Gt | Ge)
}

impl Parser<'_> {
    /// A whole expression.
    pub(super) fn expr(&mut self) -> Result<Expr> {
        self.expr_above(0)
    }

    /// The next infix operator and its level, if the next token is one.
    fn infix(&self) -> Option<(Infix, u8)> {
        use BinaryOp::*;
        let op = match self.tok() {
            Tok::Word(w) => match w.to_ascii_uppercase().as_str() {
                "OR" => (Infix::Binary(Or), 1),
                "XOR" => (Infix::Binary(Xor), 2),
                "AND" => (Infix::Binary(And), 3),
                "IN" => (Infix::Binary(In), 6),
                "STARTS" => (Infix::Binary(StartsWith), 6),
                "ENDS" => (Infix::Binary(EndsWith), 6),
                "CONTAINS" => (Infix::Binary(Contains), 6),
                "IS" => (Infix::IsNull, 6),
                _ => return None,
            },
            Tok::Eq => (Infix::Binary(Eq), COMPARISON),
            Tok::Ne => (Infix::Binary(Ne), COMPARISON),
            Tok::Lt => (Infix::Binary(Lt), COMPARISON),
            Tok::Le => (Infix::Binary(Le), COMPARISON),
            Tok::Gt => (Infix::Binary(Gt), COMPARISON),
            Tok::Ge => (Infix::Binary(Ge), COMPARISON),
            Tok::Plus => (Infix::Binary(Add), 7),
            Tok::Minus => (Infix::Binary(Sub), 7),
            Tok::Star => (Infix::Binary(Mul), 8),
            Tok::Slash => (Infix::Binary(Div), 8),
            Tok::Percent => (Infix::Binary(Mod), 8),
            _ => return None,
        };
        Some(op)
    }

    /// An expression whose operators are all of level `min` or tighter.
    ///
    /// This and the functions it recurses through (`climb`, `prefix`,
    /// `atom`, `paren`, `list`, `call`) are kept lean, with the work of each
    /// case in functions of their own: each level of nesting costs the sum
    /// of their stack frames, and a debug build's frames hold every local of
    /// every branch.
    fn expr_above(&mut self, min: u8) -> Result<Expr> {
        self.enter()?;
        let result = self.climb(min);
        self.leave();
        result
    }

    fn climb(&mut self, min: u8) -> Result<Expr> {
        let mut lhs = self.prefix()?;
        // The right operand of the comparison just read at this level, kept
        // only when another comparison follows it (a chain).
        let mut chained: Option<Expr> = None;
        while let Some((op, level)) = self.infix() {
            if level < min {
                break;
            }
            let at = self.at();
            let Infix::Binary(op) = op else {
                lhs = self.is_null(lhs, at)?;
                chained = None;
                continue;
            };
            self.operator(op)?;
            let rhs = self.expr_above(level + 1)?;
            (lhs, chained) = self.combine(op, lhs, rhs, chained, at);
        }
        Ok(lhs)
    }

    /// Takes the operator `op` (both words of `STARTS WITH`, `ENDS WITH`).
    fn operator(&mut self, op: BinaryOp) -> Result<()> {
        self.next();
        match op {
            BinaryOp::StartsWith if !self.eat_word("WITH") => {
                Err(self.unexpected("WITH after STARTS"))
            }
            BinaryOp::EndsWith if !self.eat_word("WITH") => Err(self.unexpected("WITH after ENDS")),
            _ => Ok(()),
        }
    }

    /// `lhs op rhs` (the operator at `at`), and what a following comparison
    /// chains onto: `a < b < c` is `a < b AND b < c`, where `chained` holds
    /// the `b` of the comparison before.
    fn combine(
        &self,
        op: BinaryOp,
        lhs: Expr,
        rhs: Expr,
        chained: Option<Expr>,
        at: Span,
    ) -> (Expr, Option<Expr>) {
        let binary = |l: Expr, r: Expr| Expr::Binary(op, Box::new(l), Box::new(r), at);
        if !is_comparison(op) {
            return (binary(lhs, rhs), None);
        }
        let chains_on = matches!(self.infix(), Some((Infix::Binary(o), _)) if is_comparison(o));
        let keep = chains_on.then(|| rhs.clone());
        let expr = match chained {
            Some(middle) => Expr::Binary(
                BinaryOp::And,
                Box::new(lhs),
                Box::new(binary(middle, rhs)),
                at,
            ),
            None => binary(lhs, rhs),
        };
        (expr, keep)
    }

    /// `lhs IS [NOT] NULL`, the `IS` (at `at`) next.
    fn is_null(&mut self, lhs: Expr, at: Span) -> Result<Expr> {
        self.next();
        let negated = self.eat_word("NOT");
        if !self.eat_word("NULL") {
            return Err(self.unexpected(if negated {
                "NULL after IS NOT"
            } else {
                "NULL or NOT NULL after IS"
            }));
        }
        Ok(Expr::IsNull {
            expr: Box::new(lhs),
            negated,
            at,
        })
    }

    /// `NOT e`, `-e`, `+e`, or a postfix expression.
    fn prefix(&mut self) -> Result<Expr> {
        let at = self.at();
        if self.eat_word("NOT") {
            let operand = self.expr_above(NOT_LEVEL)?;
            return Ok(Expr::Not(Box::new(operand), at));
        }
        match self.tok() {
            Tok::Minus if matches!(self.tok_at(1), Tok::Int(_) | Tok::Float(_)) => {
                let literal = self.negative_number()?;
                self.postfix(literal)
            }
            Tok::Minus => {
                self.next();
                let operand = self.expr_above(UNARY)?;
                Ok(Expr::Neg(Box::new(operand), at))
            }
            Tok::Plus => {
                self.next();
                self.expr_above(UNARY)
            }
            _ => {
                let atom = self.atom()?;
                self.postfix(atom)
            }
        }
    }

    /// `-` and a number: a negative literal, so `-9223372036854775808`
    /// (whose digits alone do not fit) reads as it should.
    fn negative_number(&mut self) -> Result<Expr> {
        let minus = self.next();
        let number = self.next();
        let literal = match number.tok {
            Tok::Float(f) => Literal::Float(-f),
            Tok::Int(n) => match i64::try_from(n) {
                Ok(v) => Literal::Int(-v),
                Err(_) if n == i64::MIN.unsigned_abs() => Literal::Int(i64::MIN),
                Err(_) => {
                    let digits = &self.text[minus.start..number.end];
                    return Err(super::lex::integer_too_large(digits, minus.at));
                }
            },
            _ => unreachable!("prefix checks that a number follows the minus"),
        };
        Ok(Expr::Literal(literal, minus.at))
    }

    /// `.key` lookups, then an optional label test, after `base`.
    fn postfix(&mut self, mut base: Expr) -> Result<Expr> {
        loop {
            match self.tok() {
                Tok::Dot => {
                    self.next();
                    let key = self.ident("a property name after '.'")?;
                    base = Expr::Property(Box::new(base), key);
                }
                Tok::Colon => {
                    let labels = self.labels()?;
                    return Ok(Expr::HasLabels(Box::new(base), labels));
                }
                Tok::LBracket => return Err(refuse::indexing(self)),
                _ => return Ok(base),
            }
        }
    }

    fn atom(&mut self) -> Result<Expr> {
        match self.tok() {
            Tok::LBracket => self.list(),
            Tok::LParen => self.paren(),
            Tok::Word(_) | Tok::Quoted(_) => self.name_atom(),
            _ => self.literal(),
        }
    }

    /// A literal number or string; anything else that cannot begin an
    /// expression is refused here.
    fn literal(&mut self) -> Result<Expr> {
        let at = self.at();
        let literal = match *self.tok() {
            Tok::Int(n) => match i64::try_from(n) {
                Ok(v) => Literal::Int(v),
                Err(_) => {
                    let t = self.peek();
                    let digits = &self.text[t.start..t.end];
                    return Err(super::lex::integer_too_large(digits, at));
                }
            },
            Tok::Float(f) => Literal::Float(f),
            Tok::Str(ref s) => Literal::Str(s.clone()),
            Tok::LBrace => return Err(refuse::map(self)),
            _ => return Err(self.unexpected("an expression")),
        };
        self.next();
        Ok(Expr::Literal(literal, at))
    }

    /// `( e )`.
    fn paren(&mut self) -> Result<Expr> {
        let at = self.at();
        refuse::pattern_predicate(self)?;
        self.next();
        let inner = self.expr()?;
        if *self.tok() != Tok::RParen {
            return Err(self.unexpected("')'"));
        }
        self.next();
        refuse::pattern_after(self, &inner, at)?;
        Ok(inner)
    }

    /// A word that is a literal (`true`, `false`, `null`), or a name:
    /// refused if it is a keyword no expression begins with.
    fn word_literal(&mut self) -> Result<Option<Expr>> {
        let Tok::Word(w) = self.tok() else {
            return Ok(None);
        };
        let literal = match w.to_ascii_uppercase().as_str() {
            "TRUE" => Literal::Bool(true),
            "FALSE" => Literal::Bool(false),
            "NULL" => Literal::Null,
            _ => {
                refuse::keyword_atom(self, w)?;
                return Ok(None);
            }
        };
        let at = self.next().at;
        Ok(Some(Expr::Literal(literal, at)))
    }

    /// A variable, or a call when `(` follows the name.
    fn name_atom(&mut self) -> Result<Expr> {
        if let Some(literal) = self.word_literal()? {
            return Ok(literal);
        }
        let name = self.ident("a name")?;
        if *self.tok() != Tok::LParen {
            return Ok(Expr::Var(name));
        }
        self.call(name)
    }

    /// `name(args)`, `name(*)`, `name(DISTINCT args)`; the `(` is next.
    fn call(&mut self, name: Ident) -> Result<Expr> {
        self.next();
        if self.eat(&Tok::Star) {
            if *self.tok() != Tok::RParen {
                return Err(self.unexpected("')' after '*'"));
            }
            self.next();
            return Ok(Expr::Call {
                name,
                args: Vec::new(),
                distinct: false,
                star: true,
            });
        }
        let distinct = self.eat_word("DISTINCT");
        let mut args = Vec::new();
        if *self.tok() != Tok::RParen {
            loop {
                args.push(self.expr()?);
                if !self.eat(&Tok::Comma) {
                    break;
                }
            }
            if *self.tok() != Tok::RParen {
                return Err(self.unexpected("',' or ')' in the arguments"));
            }
        }
        self.next();
        Ok(Expr::Call {
            name,
            args,
            distinct,
            star: false,
        })
    }

    /// `[a, b, …]`.
    fn list(&mut self) -> Result<Expr> {
        let at = self.at();
        refuse::comprehension(self)?;
        self.next();
        let mut items = Vec::new();
        if !self.eat(&Tok::RBracket) {
            loop {
                items.push(self.expr()?);
                if self.eat(&Tok::RBracket) {
                    break;
                }
                if *self.tok() != Tok::Comma {
                    return Err(self.unexpected("',' or ']' in the list"));
                }
                self.next();
            }
        }
        Ok(Expr::List(items, at))
    }
}

#[cfg(test)]
mod tests {
    use super::super::lex::MAX_DEPTH;
    use super::super::parse::{query, sexp};

    /// The expression of `RETURN <text>`.
    fn e(text: &str) -> String {
        let q = query(&format!("RETURN {text}")).unwrap_or_else(|err| panic!("{text}: {err}"));
        sexp::expr(&q.ret.items[0].expr)
    }

    fn msg(text: &str) -> String {
        query(text).expect_err(text).to_string()
    }

    #[test]
    fn literals() {
        assert_eq!(e("1"), "1");
        assert_eq!(e("-1"), "-1");
        assert_eq!(e("- 5"), "-5");
        assert_eq!(e("9223372036854775807"), "9223372036854775807");
        assert_eq!(e("-9223372036854775808"), "-9223372036854775808");
        assert_eq!(e("1.5"), "1.5");
        assert_eq!(e(".5"), "0.5");
        assert_eq!(e("1e3"), "1000.0");
        assert_eq!(e("-2.5e-1"), "-0.25");
        assert_eq!(e("true"), "true");
        assert_eq!(e("FALSE"), "false");
        assert_eq!(e("Null"), "null");
        assert_eq!(e("'a\\'b'"), "\"a'b\"");
        assert_eq!(e("[]"), "[]");
        assert_eq!(e("[1, 'x', [null]]"), "[1, \"x\", [null]]");
    }

    #[test]
    fn integers_past_i64_are_refused_where_written() {
        assert_eq!(
            msg("RETURN 9223372036854775808"),
            "line 1, column 8: the integer 9223372036854775808 is too large"
        );
        assert_eq!(
            msg("RETURN 1 + -9223372036854775809"),
            "line 1, column 12: the integer -9223372036854775809 is too large"
        );
    }

    #[test]
    fn precedence_follows_cypher() {
        assert_eq!(
            e("a OR b XOR c AND NOT d = e"),
            "(or a (xor b (and c (not (= d e)))))"
        );
        assert_eq!(e("a AND b OR c"), "(or (and a b) c)");
        assert_eq!(e("NOT a AND b"), "(and (not a) b)");
        assert_eq!(e("NOT NOT a"), "(not (not a))");
        assert_eq!(e("1 + 2 * 3 - 4"), "(- (+ 1 (* 2 3)) 4)");
        assert_eq!(e("1 - 1 - 1"), "(- (- 1 1) 1)");
        assert_eq!(e("8 / 4 % 3"), "(% (/ 8 4) 3)");
        assert_eq!(e("-a.x * 2"), "(* (neg a.x) 2)");
        assert_eq!(e("2 - -3"), "(- 2 -3)");
        assert_eq!(e("-(1)"), "(neg 1)");
        assert_eq!(e("+a"), "a");
        assert_eq!(e("(1 + 2) * 3"), "(* (+ 1 2) 3)");
        assert_eq!(e("a.x IN [1, 2] = true"), "(= (in a.x [1, 2]) true)");
        assert_eq!(e("a + 1 IN b"), "(in (+ a 1) b)");
        assert_eq!(e("a < b + 1"), "(< a (+ b 1))");
        assert_eq!(
            e("a STARTS WITH 'x' AND b ends with 'y' OR c CONTAINS 'z'"),
            "(or (and (starts a \"x\") (ends b \"y\")) (contains c \"z\"))"
        );
        assert_eq!(e("a.x IS NULL"), "(is-null a.x)");
        assert_eq!(e("a.x is not null"), "(is-not-null a.x)");
        assert_eq!(e("NOT a.x IS NULL"), "(not (is-null a.x))");
        assert_eq!(
            e("a.x + 1 IS NULL = false"),
            "(= (is-null (+ a.x 1)) false)"
        );
    }

    #[test]
    fn comparisons() {
        assert_eq!(e("a = b"), "(= a b)");
        assert_eq!(e("a <> b"), "(<> a b)");
        assert_eq!(e("a != b"), "(<> a b)");
        assert_eq!(e("a < b"), "(< a b)");
        assert_eq!(e("a <= b"), "(<= a b)");
        assert_eq!(e("a > b"), "(> a b)");
        assert_eq!(e("a >= b"), "(>= a b)");
        // Chains are conjunctions, as in Cypher.
        assert_eq!(e("1 < a.x < 3"), "(and (< 1 a.x) (< a.x 3))");
        assert_eq!(e("1 < a <= b < 4"), "(and (and (< 1 a) (<= a b)) (< b 4))");
        assert_eq!(e("(1 < a) < 3"), "(< (< 1 a) 3)");
        assert_eq!(e("a < b AND c < d"), "(and (< a b) (< c d))");
    }

    #[test]
    fn properties_calls_and_labels() {
        assert_eq!(e("v.name"), "v.name");
        assert_eq!(e("v.`the key`"), "v.the key");
        assert_eq!(e("r.valid_from"), "r.valid_from");
        assert_eq!(e("v.order"), "v.order");
        assert_eq!(e("type(r) = 'visits'"), "(= type(r) \"visits\")");
        assert_eq!(e("count(*)"), "count(*)");
        assert_eq!(e("COUNT( * )"), "COUNT(*)");
        assert_eq!(e("count(DISTINCT v)"), "count(distinct v)");
        assert_eq!(e("coalesce(a.x, b.y, 1)"), "coalesce(a.x, b.y, 1)");
        assert_eq!(
            e("toLower(v.name) STARTS WITH 's'"),
            "(starts toLower(v.name) \"s\")"
        );
        assert_eq!(e("size(v.aliases)"), "size(v.aliases)");
        assert_eq!(e("f()"), "f()");
        assert_eq!(e("`my f`(1)"), "my f(1)");
        assert_eq!(e("v:person"), "(labels v:person)");
        assert_eq!(e("v:a|b:c"), "(labels v:a|b:c)");
        assert_eq!(
            e("NOT v:person OR v:`a b`"),
            "(or (not (labels v:person)) (labels v:a b))"
        );
        assert_eq!(e("`order`"), "order");
    }

    #[test]
    fn expression_mistakes_are_located() {
        for (text, message) in [
            (
                "RETURN",
                "line 1, column 7: expected an expression, found the end of the query",
            ),
            (
                "RETURN 1 +",
                "line 1, column 11: expected an expression, found the end of the query",
            ),
            (
                "MATCH (a) WHERE RETURN a",
                "line 1, column 17: expected an expression, found the keyword 'RETURN'",
            ),
            (
                "RETURN a IS 1",
                "line 1, column 13: expected NULL or NOT NULL after IS, found '1'",
            ),
            (
                "RETURN a IS NOT 1",
                "line 1, column 17: expected NULL after IS NOT, found '1'",
            ),
            (
                "RETURN a STARTS 'x'",
                "line 1, column 17: expected WITH after STARTS, found a string",
            ),
            (
                "RETURN a ENDS 'x'",
                "line 1, column 15: expected WITH after ENDS, found a string",
            ),
            (
                "RETURN a.",
                "line 1, column 10: expected a property name after '.', found the end of the query",
            ),
            ("RETURN (1 2)", "line 1, column 11: expected ')', found '2'"),
            (
                "RETURN f(1 2)",
                "line 1, column 12: expected ',' or ')' in the arguments, found '2'",
            ),
            (
                "RETURN count(* 1)",
                "line 1, column 16: expected ')' after '*', found '1'",
            ),
            (
                "RETURN [1 2]",
                "line 1, column 11: expected ',' or ']' in the list, found '2'",
            ),
            ("RETURN ()", "line 1, column 8: empty parentheses"),
            (
                "RETURN ,",
                "line 1, column 8: expected an expression, found ','",
            ),
        ] {
            assert_eq!(msg(text), message, "{text}");
        }
        let hint = query("MATCH (a) WHERE RETURN a")
            .unwrap_err()
            .hint()
            .unwrap();
        assert_eq!(
            hint,
            "a variable named like a keyword is written in backticks: `RETURN`"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_an_overflow() {
        let at_limit = format!(
            "RETURN {}1{}",
            "(".repeat(MAX_DEPTH - 1),
            ")".repeat(MAX_DEPTH - 1)
        );
        assert!(query(&at_limit).is_ok());
        let lists = format!("RETURN {}1{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(query(&lists).is_ok());
        for deep in [
            format!("RETURN {}1{}", "(".repeat(10_000), ")".repeat(10_000)),
            format!("RETURN {}1{}", "[".repeat(10_000), "]".repeat(10_000)),
            format!(
                "MATCH (a {{k: {}1{}}}) RETURN a",
                "[".repeat(10_000),
                "]".repeat(10_000)
            ),
        ] {
            assert!(msg(&deep).contains(&format!("nested more than {MAX_DEPTH} levels")));
        }
        for prefix in ["NOT ", "-", "+", "- "] {
            let deep = format!("RETURN {}1", prefix.repeat(10_000));
            assert!(
                msg(&deep).contains(&format!("nested more than {MAX_DEPTH} levels")),
                "{prefix}"
            );
        }
        let deep = format!("RETURN {}1", "NOT ".repeat(10_000));
        assert!(msg(&deep).starts_with(&format!("line 1, column {}:", 8 + 4 * (MAX_DEPTH + 1))));
    }
}
