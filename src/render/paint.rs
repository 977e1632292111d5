//! Colour for text answers on a terminal: headings bold, relation arrows cyan,
//! quotes green. Applied to finished text, so the plain text (what scripts, tests
//! and `NO_COLOR` users get) stays the single source of layout.

const BOLD: &str = "\x1b[1m";
const CYAN: &str = "\x1b[36m";
const GREEN: &str = "\x1b[32m";
const RESET: &str = "\x1b[0m";

/// Whether to colour output written to a stream that `is_terminal`.
pub fn wanted(is_terminal: bool) -> bool {
    is_terminal
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

/// `text` with ANSI colours added.
pub fn paint(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for line in text.split_inclusive('\n') {
        let heading = !line.starts_with(' ') && !line.trim().is_empty();
        if heading {
            out.push_str(BOLD);
        }
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '“' => {
                    out.push_str(GREEN);
                    out.push(c);
                    for q in chars.by_ref() {
                        out.push(q);
                        if q == '”' {
                            break;
                        }
                    }
                    out.push_str(RESET);
                    if heading {
                        out.push_str(BOLD);
                    }
                }
                '—' if chars.peek().is_some_and(|n| !n.is_whitespace()) => {
                    out.push_str(CYAN);
                    out.push(c);
                    for a in chars.by_ref() {
                        out.push(a);
                        if a == '→' || a == '—' {
                            break;
                        }
                    }
                    out.push_str(RESET);
                    if heading {
                        out.push_str(BOLD);
                    }
                }
                '\n' => {
                    if heading {
                        out.push_str(RESET);
                    }
                    out.push(c);
                }
                c => out.push(c),
            }
        }
        if heading && !line.ends_with('\n') {
            out.push_str(RESET);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_arrows_quotes_and_headings() {
        let text = "A → B: 1 hop\n    —claims→ B\n        “a quote” — src\n";
        let p = paint(text);
        assert!(p.starts_with(BOLD));
        assert!(p.contains(&format!("{CYAN}—claims→{RESET}")));
        assert!(p.contains(&format!("{GREEN}“a quote”{RESET}")));
        // The em dash before a source is not an arrow.
        assert!(p.contains(&format!("”{RESET} — src")));
        let plain: String = p
            .replace(BOLD, "")
            .replace(CYAN, "")
            .replace(GREEN, "")
            .replace(RESET, "");
        assert_eq!(plain, text);
    }
}
