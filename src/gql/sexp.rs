//! A compact writing of trees for tests: patterns as Cypher writes them,
//! expressions as s-expressions, so a test states the whole structure in a
//! line.

use super::ast::*;

pub fn expr(e: &Expr) -> String {
    use BinaryOp::*;
    match e {
        Expr::Literal(l, _) => match l {
            Literal::Null => "null".into(),
            Literal::Bool(b) => b.to_string(),
            Literal::Int(n) => n.to_string(),
            Literal::Float(f) => format!("{f:?}"),
            Literal::Str(s) => format!("{s:?}"),
        },
        Expr::List(items, _) => format!("[{}]", list(items)),
        Expr::Var(v) => v.name.clone(),
        Expr::Property(base, key) => format!("{}.{}", expr(base), key.name),
        Expr::Call {
            name,
            args,
            distinct,
            star,
        } => {
            let args = if *star { "*".to_string() } else { list(args) };
            let d = if *distinct { "distinct " } else { "" };
            format!("{}({d}{args})", name.name)
        }
        Expr::Not(x, _) => format!("(not {})", expr(x)),
        Expr::Neg(x, _) => format!("(neg {})", expr(x)),
        Expr::Binary(op, l, r, _) => {
            let op = match op {
                Or => "or",
                Xor => "xor",
                And => "and",
                Eq => "=",
                Ne => "<>",
                Lt => "<",
                Le => "<=",
                Gt => ">",
                Ge => ">=",
                In => "in",
                StartsWith => "starts",
                EndsWith => "ends",
                Contains => "contains",
                Add => "+",
                Sub => "-",
                Mul => "*",
                Div => "/",
                Mod => "%",
            };
            format!("({op} {} {})", expr(l), expr(r))
        }
        Expr::IsNull {
            expr: x, negated, ..
        } => {
            let not = if *negated { "-not" } else { "" };
            format!("(is{not}-null {})", expr(x))
        }
        Expr::HasLabels(x, groups) => format!("(labels {}{})", expr(x), labels(groups)),
    }
}

fn list(items: &[Expr]) -> String {
    items.iter().map(expr).collect::<Vec<_>>().join(", ")
}

fn labels(groups: &[Vec<Ident>]) -> String {
    groups
        .iter()
        .map(|g| {
            let names: Vec<&str> = g.iter().map(|i| i.name.as_str()).collect();
            format!(":{}", names.join("|"))
        })
        .collect()
}

fn props(props: &[(Ident, Expr)]) -> String {
    if props.is_empty() {
        return String::new();
    }
    let kv: Vec<String> = props
        .iter()
        .map(|(k, v)| format!("{}: {}", k.name, expr(v)))
        .collect();
    format!(" {{{}}}", kv.join(", "))
}

fn node(n: &NodePattern) -> String {
    let var = n.var.as_ref().map_or("", |v| &v.name);
    format!("({var}{}{})", labels(&n.labels), props(&n.props))
}

pub fn path(p: &PathPattern) -> String {
    let mut out = node(&p.start);
    for s in &p.steps {
        let r = &s.rel;
        let var = r.var.as_ref().map_or("", |v| &v.name);
        let types: Vec<&str> = r.types.iter().map(|t| t.name.as_str()).collect();
        let types = if types.is_empty() {
            String::new()
        } else {
            format!(":{}", types.join("|"))
        };
        let bound = |b: Option<u64>| b.map_or(String::new(), |n| n.to_string());
        let len = r.length.map_or(String::new(), |l| {
            format!("*{}..{}", bound(l.min), bound(l.max))
        });
        let inner = format!("[{var}{types}{len}{}]", props(&r.props));
        out += &match r.direction {
            Direction::Right => format!("-{inner}->"),
            Direction::Left => format!("<-{inner}-"),
            Direction::Either => format!("-{inner}-"),
        };
        out += &node(&s.node);
    }
    out
}

pub fn query(q: &Query) -> String {
    let mut parts = Vec::new();
    for m in &q.matches {
        let ps: Vec<String> = m.patterns.iter().map(path).collect();
        let mut s = format!("MATCH {}", ps.join(", "));
        if let Some(f) = &m.filter {
            s += &format!(" WHERE {}", expr(f));
        }
        parts.push(s);
    }
    let r = &q.ret;
    let items: Vec<String> = r
        .items
        .iter()
        .map(|i| match &i.alias {
            Some(a) => format!("{} AS {}", expr(&i.expr), a.name),
            None => expr(&i.expr),
        })
        .collect();
    let mut s = format!(
        "RETURN {}{}",
        if r.distinct { "DISTINCT " } else { "" },
        items.join(", ")
    );
    if !r.order.is_empty() {
        let o: Vec<String> = r
            .order
            .iter()
            .map(|o| {
                format!(
                    "{}{}",
                    expr(&o.expr),
                    if o.descending { " DESC" } else { "" }
                )
            })
            .collect();
        s += &format!(" ORDER BY {}", o.join(", "));
    }
    if let Some(n) = r.skip {
        s += &format!(" SKIP {n}");
    }
    if let Some(n) = r.limit {
        s += &format!(" LIMIT {n}");
    }
    parts.push(s);
    parts.join(" | ")
}
