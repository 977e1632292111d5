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
//! Binary operators are left-associative, except that a run of one of
//! `AND`, `OR`, `XOR` (associative in three-valued logic) is built as a
//! balanced tree, so a generated query's thousand alternatives stay shallow.
//!
//! Every tree is at most [`MAX_HEIGHT`] levels high, which is what lets
//! whoever walks it (evaluation, `Drop`, `Clone`) recurse without a guard:
//! a chain of operators that would grow past it (`1 + 1 + … + 1` a thousand
//! times, `v.a.a.a…`) is refused where it does.
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

/// The greatest height of an expression tree: a leaf is 1, and each
/// operator, call, list, property lookup or label test above it adds one.
pub const MAX_HEIGHT: u32 = 512;

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
    /// This and the functions it recurses through (`climb`, `infix_step`,
    /// `prefix`, `not`, `neg`, `atom`, `paren`, `list`, `call`) are kept
    /// lean, each a few calls, with the work in helpers off the cycle: each
    /// level of nesting costs the sum of their stack frames, and a debug
    /// build's frames hold a slot for every temporary of every branch.
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
        while let Some(level) = self.infix_level(min) {
            lhs = self.infix_step(lhs, level, &mut chained)?;
        }
        Ok(lhs)
    }

    /// The level of the next infix operator if it binds at `min` or tighter.
    fn infix_level(&self, min: u8) -> Option<u8> {
        self.infix()
            .map(|(_, level)| level)
            .filter(|&level| level >= min)
    }

    /// Applies the next infix operator (of `level`) to `lhs`, whose height
    /// is `self.height`.
    fn infix_step(&mut self, lhs: Expr, level: u8, chained: &mut Option<Expr>) -> Result<Expr> {
        let at = self.at();
        let op = match self.infix() {
            Some((Infix::Binary(op @ (BinaryOp::And | BinaryOp::Or | BinaryOp::Xor)), _)) => {
                *chained = None;
                return self.logical(op, lhs, level);
            }
            Some((Infix::Binary(op), _)) => op,
            _ => {
                *chained = None;
                return self.is_null(lhs, at);
            }
        };
        let lhs_height = self.height;
        self.operator(op)?;
        let rhs = self.expr_above(level + 1)?;
        // A chain link `lhs AND (middle op rhs)` is two levels above rhs.
        let height = if chained.is_some() {
            (lhs_height + 1).max(self.height + 2)
        } else {
            lhs_height.max(self.height) + 1
        };
        self.grow(height, at)?;
        let (expr, keep) = self.combine(op, lhs, rhs, chained.take(), at);
        *chained = keep;
        Ok(expr)
    }

    /// `lhs op e op e …` for `op` one of AND, OR, XOR (of `level`), as a
    /// balanced tree of the operands.
    fn logical(&mut self, op: BinaryOp, lhs: Expr, level: u8) -> Result<Expr> {
        let first = (lhs, self.height);
        let mut rest = Vec::new();
        while matches!(self.infix(), Some((Infix::Binary(o), _)) if o == op) {
            let at = self.at();
            self.skip();
            let operand = self.expr_above(level + 1)?;
            rest.push((at, operand, self.height));
        }
        let at = rest.first().map_or_else(|| self.at(), |r| r.0);
        let (expr, height) = balanced(op, first, rest);
        self.grow(height, at)?;
        Ok(expr)
    }

    /// Records `height` as the height of the expression just built, or
    /// refuses it past [`MAX_HEIGHT`] at `at`, the operator that grew it.
    pub(super) fn grow(&mut self, height: u32, at: Span) -> Result<()> {
        if height > MAX_HEIGHT {
            return Err(crate::error::Error::query(
                at.line,
                at.column,
                format!("the expression is more than {MAX_HEIGHT} operations deep"),
                Some(
                    "split it into shorter parts; for many alternatives write v.name IN [...]"
                        .into(),
                ),
            ));
        }
        self.height = height;
        Ok(())
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
        self.grow(self.height + 1, at)?;
        self.skip();
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
        if self.is_word("NOT") {
            return self.not();
        }
        match (self.tok(), self.tok_at(1)) {
            (Tok::Minus, &Tok::Int(n)) => self.negative_int(n),
            (Tok::Minus, &Tok::Float(f)) => {
                let at = self.at();
                self.skip();
                self.skip();
                self.postfix(Expr::Literal(Literal::Float(-f), at), 1)
            }
            (Tok::Minus, _) => self.neg(),
            (Tok::Plus, _) => {
                self.skip();
                self.expr_above(UNARY)
            }
            _ => self.atom(),
        }
    }

    fn not(&mut self) -> Result<Expr> {
        let at = self.at();
        self.skip();
        let operand = self.expr_above(NOT_LEVEL)?;
        self.grow(self.height + 1, at)?;
        Ok(Expr::Not(Box::new(operand), at))
    }

    fn neg(&mut self) -> Result<Expr> {
        let at = self.at();
        self.skip();
        let operand = self.expr_above(UNARY)?;
        self.grow(self.height + 1, at)?;
        Ok(Expr::Neg(Box::new(operand), at))
    }

    /// `-` and the integer `n`: a negative literal, so
    /// `-9223372036854775808` (whose digits alone do not fit) reads as it
    /// should.
    fn negative_int(&mut self, n: u64) -> Result<Expr> {
        let minus = self.next();
        let number = self.next();
        let value = match i64::try_from(n) {
            Ok(v) => -v,
            Err(_) if n == i64::MIN.unsigned_abs() => i64::MIN,
            Err(_) => {
                let digits = &self.text[minus.start..number.end];
                return Err(super::lex::integer_too_large(digits, minus.at));
            }
        };
        self.postfix(Expr::Literal(Literal::Int(value), minus.at), 1)
    }

    /// `.key` lookups, then an optional label test, after `base` (of
    /// `height`).
    fn postfix(&mut self, mut base: Expr, mut height: u32) -> Result<Expr> {
        loop {
            match self.tok() {
                Tok::Dot => {
                    height += 1;
                    self.grow(height, self.at())?;
                    self.skip();
                    let key = self.ident("a property name after '.'")?;
                    base = Expr::Property(Box::new(base), key);
                }
                Tok::Colon => {
                    self.grow(height + 1, self.at())?;
                    let labels = self.labels()?;
                    return Ok(Expr::HasLabels(Box::new(base), labels));
                }
                Tok::LBracket => return Err(refuse::indexing(self)),
                _ => {
                    self.grow(height, self.at())?;
                    return Ok(base);
                }
            }
        }
    }

    /// A literal, a list, a parenthesised expression, a call or a
    /// variable, with what follows it (`.key`, a label test).
    fn atom(&mut self) -> Result<Expr> {
        match self.tok() {
            Tok::LBracket => self.list(),
            Tok::LParen => self.paren(),
            Tok::Word(_) | Tok::Quoted(_) if *self.tok_at(1) == Tok::LParen => self.call(),
            Tok::Word(_) | Tok::Quoted(_) => self.name(),
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
        self.skip();
        self.postfix(Expr::Literal(literal, at), 1)
    }

    /// `( e )`.
    fn paren(&mut self) -> Result<Expr> {
        let at = self.at();
        self.open_paren()?;
        let inner = self.expr()?;
        self.close_paren(inner, at)
    }

    fn open_paren(&mut self) -> Result<()> {
        refuse::pattern_predicate(self)?;
        self.skip();
        Ok(())
    }

    /// The `)` after `inner` (opened at `at`), and what follows it.
    fn close_paren(&mut self, inner: Expr, at: Span) -> Result<Expr> {
        if *self.tok() != Tok::RParen {
            refuse::pattern_inside(self, &inner, at)?;
            return Err(self.unexpected("')'"));
        }
        self.skip();
        refuse::pattern_after(self, &inner, at)?;
        self.postfix(inner, self.height)
    }

    /// A word that is a literal (`true`, `false`, `null`) or a variable;
    /// a keyword no expression begins with is refused.
    fn name(&mut self) -> Result<Expr> {
        let at = self.at();
        if let Tok::Word(w) = self.tok() {
            let literal = match w.to_ascii_uppercase().as_str() {
                "TRUE" => Some(Literal::Bool(true)),
                "FALSE" => Some(Literal::Bool(false)),
                "NULL" => Some(Literal::Null),
                _ => {
                    refuse::keyword_atom(self, w)?;
                    None
                }
            };
            if let Some(literal) = literal {
                self.skip();
                return self.postfix(Expr::Literal(literal, at), 1);
            }
        }
        let var = self.ident("a name")?;
        self.postfix(Expr::Var(var), 1)
    }

    /// `name(args)`, `name(*)`, `name(DISTINCT args)`.
    fn call(&mut self) -> Result<Expr> {
        let (name, distinct, star) = self.open_call()?;
        let mut args = Vec::new();
        let mut height = 0;
        while !star && self.more_items(&args, Tok::RParen, "',' or ')' in the arguments")? {
            args.push(self.expr()?);
            height = height.max(self.height);
        }
        let call = Expr::Call {
            name,
            args,
            distinct,
            star,
        };
        self.postfix(call, height + 1)
    }

    /// The name and `(` of a call, and `DISTINCT` or `*)` after it.
    fn open_call(&mut self) -> Result<(Ident, bool, bool)> {
        if let Tok::Word(w) = self.tok() {
            refuse::keyword_atom(self, w)?;
        }
        let name = self.ident("a name")?;
        self.skip();
        if self.eat(&Tok::Star) {
            if *self.tok() != Tok::RParen {
                return Err(self.unexpected("')' after '*'"));
            }
            self.skip();
            return Ok((name, false, true));
        }
        Ok((name, self.eat_word("DISTINCT"), false))
    }

    /// Whether another item of a list or call follows `items`: takes the
    /// `,` before it, or the `close` that ends them (`what` names both in
    /// the message when neither is there).
    fn more_items(&mut self, items: &[Expr], close: Tok, what: &str) -> Result<bool> {
        if self.eat(&close) {
            return Ok(false);
        }
        if items.is_empty() {
            return Ok(true);
        }
        if *self.tok() != Tok::Comma {
            return Err(self.unexpected(what));
        }
        self.skip();
        Ok(true)
    }

    /// `[a, b, …]`.
    fn list(&mut self) -> Result<Expr> {
        let at = self.at();
        self.open_list()?;
        let mut items = Vec::new();
        let mut height = 0;
        while self.more_items(&items, Tok::RBracket, "',' or ']' in the list")? {
            items.push(self.expr()?);
            height = height.max(self.height);
        }
        self.postfix(Expr::List(items, at), height + 1)
    }

    fn open_list(&mut self) -> Result<()> {
        refuse::comprehension(self)?;
        self.skip();
        Ok(())
    }
}

/// `first op rest…` as a balanced tree, and its height; each of `rest`
/// carries the span of the operator before it and its height.
///
/// # Complexity
///
/// O(n log n) in the operands (each level of the split copies its half).
fn balanced(op: BinaryOp, first: (Expr, u32), mut rest: Vec<(Span, Expr, u32)>) -> (Expr, u32) {
    if rest.is_empty() {
        return first;
    }
    // rest has at least one operand, so the right half does too.
    let mut right = rest.split_off(rest.len() / 2);
    let (at, right_first, right_height) = right.remove(0);
    let (l, hl) = balanced(op, first, rest);
    let (r, hr) = balanced(op, (right_first, right_height), right);
    (
        Expr::Binary(op, Box::new(l), Box::new(r), at),
        hl.max(hr) + 1,
    )
}

#[cfg(test)]
mod tests {
    use super::super::lex::MAX_DEPTH;
    use super::super::parse::query;
    use super::super::sexp;
    use super::MAX_HEIGHT;

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

    /// Every way to nest, as deep as allowed, parses within 1.5 MB of stack
    /// in a debug build (threads get 2 MB): the recursion stays lean.
    #[test]
    fn the_deepest_queries_fit_in_a_small_stack() {
        let n = MAX_DEPTH;
        let inputs = vec![
            format!("RETURN {}1{}", "(".repeat(n), ")".repeat(n)),
            format!("RETURN {}1{}", "[".repeat(n), "]".repeat(n)),
            format!("RETURN {}1{}", "f(".repeat(n), ")".repeat(n)),
            format!("RETURN {}1{}", "count(DISTINCT ".repeat(n), ")".repeat(n)),
            format!("RETURN {}1{}", "1 + (".repeat(n / 2), ")".repeat(n / 2)),
            format!("RETURN {}1", "NOT ".repeat(n)),
            format!("RETURN {}1", "- ".repeat(n)),
            format!("RETURN {}a", "NOT -".repeat(n / 2)),
            format!(
                "MATCH (a {{k: {}1{}}}) RETURN a",
                "[".repeat(n - 2),
                "]".repeat(n - 2)
            ),
        ];
        let parsed = std::thread::Builder::new()
            .stack_size(3 << 19)
            .spawn(move || inputs.iter().map(|t| query(t).is_ok()).collect::<Vec<_>>())
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(parsed, vec![true; 9]);
    }

    #[test]
    fn runs_of_and_or_xor_are_balanced() {
        assert_eq!(e("a OR b"), "(or a b)");
        assert_eq!(e("a OR b OR c"), "(or (or a b) c)");
        assert_eq!(e("a OR b OR c OR d"), "(or (or a b) (or c d))");
        assert_eq!(e("a AND b AND c OR d"), "(or (and (and a b) c) d)");
        assert_eq!(e("a XOR b XOR c"), "(xor (xor a b) c)");
        assert_eq!(
            e("a = 1 OR a = 2 OR a = 3 OR a = 4 OR a = 5"),
            "(or (or (or (= a 1) (= a 2)) (= a 3)) (or (= a 4) (= a 5)))"
        );
        // The span of each link is its operator's.
        let q = query("RETURN a OR b OR c").unwrap();
        let super::Expr::Binary(_, left, _, at) = &q.ret.items[0].expr else {
            panic!()
        };
        assert_eq!(at.column, 15);
        let super::Expr::Binary(_, _, _, inner) = &**left else {
            panic!()
        };
        assert_eq!(inner.column, 10);
        // Fifty thousand alternatives stay shallow.
        let alternatives: Vec<String> = (0..50_000).map(|i| format!("v.id = 'e{i}'")).collect();
        let text = format!("MATCH (v) WHERE {} RETURN v", alternatives.join(" OR "));
        assert!(query(&text).is_ok());
    }

    #[test]
    fn trees_are_never_higher_than_the_bound() {
        let at_bound = format!("RETURN 1{}", " + 1".repeat(MAX_HEIGHT as usize - 1));
        assert!(query(&at_bound).is_ok());
        let long = format!("RETURN 1{}", " + 1".repeat(100_000));
        assert_eq!(
            msg(&long),
            format!(
                "line 1, column {}: the expression is more than {MAX_HEIGHT} operations deep",
                4 * MAX_HEIGHT + 6
            )
        );
        let lookups = format!("MATCH (v) RETURN v{}", ".a".repeat(100_000));
        assert!(msg(&lookups).contains("operations deep"));
        let chain = format!("RETURN 1{}", " < 2".repeat(100_000));
        assert!(msg(&chain).contains("operations deep"));
        // Nesting counts towards the height too.
        let nots = format!("RETURN {}1{}", "(NOT ".repeat(120), ")".repeat(120));
        assert!(query(&nots).is_ok());
    }
}
