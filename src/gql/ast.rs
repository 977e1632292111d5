//! The syntax tree of a pattern query: what `gql::parse` reads and
//! `query::matching` runs.
//!
//! It holds the query as written (names are strings, spans are where they
//! were written), so the engine can resolve names against the graph and say
//! where a mistake is. Nothing here knows the graph.

/// Where something was written: 1-based line and column (columns count
/// characters, not bytes), as every located message prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, Hash)]
pub struct Span {
    pub line: u32,
    pub column: u32,
}

/// A name as written, backticks removed: a variable, a type, a property key,
/// a function.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ident {
    pub name: String,
    pub at: Span,
}

/// `MATCH … [WHERE …] [MATCH … [WHERE …]]… RETURN …`.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The `MATCH` clauses in order; none for a bare `RETURN 1`.
    pub matches: Vec<MatchClause>,
    pub ret: Return,
}

/// One `MATCH` clause: its comma-separated path patterns and its `WHERE`.
/// Relations are used at most once within one clause (Cypher's relationship
/// isomorphism), not across clauses.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchClause {
    pub patterns: Vec<PathPattern>,
    pub filter: Option<Expr>,
    /// Where the `MATCH` keyword is.
    pub at: Span,
}

/// `(a)-[r]->(b)<-[s]-(c)`: a node, then any number of (relation, node) steps.
#[derive(Debug, Clone, PartialEq)]
pub struct PathPattern {
    pub start: NodePattern,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub rel: RelPattern,
    pub node: NodePattern,
}

/// `(v:type {key: value})`.
#[derive(Debug, Clone, PartialEq)]
pub struct NodePattern {
    pub var: Option<Ident>,
    /// Label constraints, all of which must hold; each is a list of
    /// alternatives: `:a` is `[[a]]`, `:a|b` is `[[a, b]]`, `:a:b` is `[[a], [b]]`.
    pub labels: Vec<Vec<Ident>>,
    /// The inline property map, in the order written.
    pub props: Vec<(Ident, Expr)>,
    /// Where the `(` is.
    pub at: Span,
}

/// Which way a relationship pattern points, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `-[]->`: from the node on the left to the node on the right.
    Right,
    /// `<-[]-`: from the node on the right to the node on the left.
    Left,
    /// `-[]-` (or `<-[]->`): either way.
    Either,
}

/// `*`, `*2`, `*1..3`, `*..3`, `*2..`: the bounds as written; `None` where
/// the query leaves a bound open (the engine states the default it uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Length {
    pub min: Option<u64>,
    pub max: Option<u64>,
    /// Where the `*` is.
    pub at: Span,
}

/// `-[r:a|b *1..3 {key: value}]->`.
#[derive(Debug, Clone, PartialEq)]
pub struct RelPattern {
    pub var: Option<Ident>,
    /// Alternative types (`:a|b`, also `:a|:b`); empty for any type.
    pub types: Vec<Ident>,
    pub props: Vec<(Ident, Expr)>,
    pub direction: Direction,
    /// `None` for exactly one relation; `Some` for a variable-length pattern,
    /// whose variable (if any) holds the list of relations walked.
    pub length: Option<Length>,
    /// Where the relationship pattern begins (its first `-` or `<`).
    pub at: Span,
}

/// A literal value.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    Xor,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    StartsWith,
    EndsWith,
    Contains,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Literal(Literal, Span),
    /// `[a, b, c]`.
    List(Vec<Expr>, Span),
    Var(Ident),
    /// `base.key`.
    Property(Box<Expr>, Ident),
    /// `name(args)`, `count(*)` (`star`), `count(DISTINCT v)` (`distinct`).
    /// Which functions exist is the engine's to say.
    Call {
        name: Ident,
        args: Vec<Expr>,
        distinct: bool,
        star: bool,
    },
    Not(Box<Expr>, Span),
    /// Unary minus.
    Neg(Box<Expr>, Span),
    /// The span is the operator's.
    Binary(BinaryOp, Box<Expr>, Box<Expr>, Span),
    /// `e IS NULL` (`negated`: `IS NOT NULL`); the span is the `IS`.
    IsNull {
        expr: Box<Expr>,
        negated: bool,
        at: Span,
    },
    /// `v:person`, `v:a|b`: label constraints as in [`NodePattern::labels`].
    HasLabels(Box<Expr>, Vec<Vec<Ident>>),
}

impl Expr {
    /// Where the expression begins (for messages).
    pub fn span(&self) -> Span {
        match self {
            Expr::Literal(_, at) | Expr::List(_, at) | Expr::Not(_, at) | Expr::Neg(_, at) => *at,
            Expr::Var(v) => v.at,
            Expr::Property(base, _) | Expr::HasLabels(base, _) => base.span(),
            Expr::Call { name, .. } => name.at,
            Expr::Binary(_, left, _, _) | Expr::IsNull { expr: left, .. } => left.span(),
        }
    }
}

/// `RETURN [DISTINCT] items [ORDER BY …] [SKIP n] [LIMIT n]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Return {
    pub distinct: bool,
    pub items: Vec<ReturnItem>,
    pub order: Vec<SortItem>,
    pub skip: Option<u64>,
    pub limit: Option<u64>,
    /// Where the `RETURN` keyword is.
    pub at: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReturnItem {
    pub expr: Expr,
    pub alias: Option<Ident>,
    /// The expression's text as written (trimmed, whitespace inside kept),
    /// which names the column when there is no alias: `p.name`, `count(*)`.
    pub text: String,
}

impl ReturnItem {
    /// The column's name, as Cypher names it: the alias, else the text.
    pub fn column(&self) -> &str {
        self.alias.as_ref().map_or(&self.text, |a| &a.name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SortItem {
    pub expr: Expr,
    pub descending: bool,
}
