//! "Did you mean ...?": ranking close matches for unknown names.
//!
//! Shared by the loader (unknown entity references, types, fields), the query
//! front ends (unknown names) and later the REPL (unknown commands). A candidate
//! is offered only when it is close enough to be a plausible typo; silence beats
//! a list of unrelated names.

use crate::normalize::normalize;

/// At most this many suggestions are offered.
pub const MAX_SUGGESTIONS: usize = 3;

/// Names longer than this (in characters) are not compared by edit distance.
const MAX_COMPARED: usize = 256;

/// Edit distance allowed for a query of `len` characters: a third of it, at least one.
fn max_distance(len: usize) -> usize {
    (len / 3).clamp(1, 4)
}

/// Levenshtein distance over chars, giving up (returning `None`) past `limit`.
pub fn bounded_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    if a.chars().count().abs_diff(b.chars().count()) > limit {
        return None;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    Distance::default().within(&a, &b, limit)
}

/// The rows of the edit-distance table, kept between candidates: "did you mean"
/// compares one name with every name of the graph, for every unknown reference
/// of a file, so fresh rows per pair would dominate the cost.
#[derive(Default)]
struct Distance {
    before: Vec<usize>,
    prev: Vec<usize>,
    cur: Vec<usize>,
}

impl Distance {
    /// Optimal string alignment distance (Levenshtein plus swaps of neighbours,
    /// "paht"), or `None` past `limit`.
    fn within(&mut self, a: &[char], b: &[char], limit: usize) -> Option<usize> {
        let Distance { before, prev, cur } = self;
        before.clear();
        before.resize(b.len() + 1, 0);
        prev.clear();
        prev.extend(0..=b.len());
        cur.clear();
        cur.resize(b.len() + 1, 0);
        for (i, ca) in a.iter().enumerate() {
            cur[0] = i + 1;
            let mut row_min = cur[0];
            for (j, cb) in b.iter().enumerate() {
                let cost = usize::from(ca != cb);
                cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
                if i > 0 && j > 0 && *ca == b[j - 1] && a[i - 1] == *cb {
                    cur[j + 1] = cur[j + 1].min(before[j - 1] + 1);
                }
                row_min = row_min.min(cur[j + 1]);
            }
            if row_min > limit {
                return None;
            }
            std::mem::swap(before, prev);
            std::mem::swap(prev, cur);
        }
        let d = prev[b.len()];
        (d <= limit).then_some(d)
    }
}

/// How often each character occurs, folded into 64 classes: a cheap lower bound
/// on the edit distance, so most names are set aside without the table.
struct Bag([u8; 64]);

impl Bag {
    fn of(chars: &[char]) -> Bag {
        let mut counts = [0u8; 64];
        for &c in chars {
            let slot = &mut counts[c as usize % 64];
            *slot = slot.saturating_add(1);
        }
        Bag(counts)
    }

    /// At most the edit distance between the strings of `self` and `other`: an
    /// edit changes the counts by at most 2 in all (a swap by none). Saturated
    /// counts only make the bound smaller.
    fn lower_bound(&self, other: &Bag) -> usize {
        let l1: usize = self
            .0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| usize::from(a.abs_diff(*b)))
            .sum();
        l1.div_ceil(2)
    }
}

/// Ranks `candidates` by closeness to `query` (case- and accent-insensitively) and
/// returns the best few, each once, in the candidates' own spelling.
///
/// A candidate matches when its edit distance is small for its length, or when the
/// query is a whole word of it ("lavrov" finds "Sergei Lavrov").
pub fn closest<'a>(query: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let q = normalize(query);
    if q.is_empty() {
        return Vec::new();
    }
    let len = q.chars().count();
    let limit = max_distance(len);
    // Edit distance costs the product of the lengths: a pasted paragraph (or a
    // megabyte-long name in scraped data) against every name would take minutes.
    // Past a few lines of text a typo is not what happened; the word and prefix
    // rules below still apply.
    let compare = len <= MAX_COMPARED;
    let q_chars: Vec<char> = q.chars().collect();
    let q_bag = Bag::of(&q_chars);
    let mut c_chars: Vec<char> = Vec::new();
    let mut table = Distance::default();
    let mut scored: Vec<(usize, String)> = Vec::new();
    for cand in candidates {
        let c = normalize(cand);
        let distance = if compare {
            c_chars.clear();
            c_chars.extend(c.chars());
            let close = c_chars.len().abs_diff(len) <= limit
                && Bag::of(&c_chars).lower_bound(&q_bag) <= limit;
            close
                .then(|| table.within(&q_chars, &c_chars, limit))
                .flatten()
        } else {
            None
        };
        let score = if let Some(d) = distance {
            Some(d * 2)
        } else if c.split(' ').any(|w| w == q) || (q.len() >= 4 && c.starts_with(&q)) {
            Some(limit * 2 + 1)
        } else {
            None
        };
        if let Some(s) = score {
            scored.push((s, cand.to_string()));
        }
    }
    scored.sort();
    let mut out: Vec<String> = Vec::new();
    for (_, c) in scored {
        if !out.contains(&c) {
            out.push(c);
        }
        if out.len() == MAX_SUGGESTIONS {
            break;
        }
    }
    out
}

/// `'a', 'b' or 'c'`.
pub fn quoted_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("'{s}'")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// "did you mean 'Russia'?" or nothing.
pub fn did_you_mean(suggestions: &[String]) -> Option<String> {
    (!suggestions.is_empty()).then(|| format!("did you mean {}?", quoted_list(suggestions)))
}

/// `text` as one word of a kg command line, for hints that show a command to
/// type: quoted when it holds spaces, quotes or backslashes (`\` escapes `"`
/// and `\` inside the quotes), as the REPL splits lines.
pub fn command_word(text: &str) -> String {
    if !text.is_empty()
        && !text
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '\\'))
    {
        return text.to_string();
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_is_bounded() {
        assert_eq!(bounded_distance("rusia", "russia", 2), Some(1));
        assert_eq!(bounded_distance("kitten", "sitting", 3), Some(3));
        assert_eq!(bounded_distance("kitten", "sitting", 2), None);
        assert_eq!(bounded_distance("paht", "path", 1), Some(1));
    }

    #[test]
    fn suggests_typos_and_words() {
        let names = ["Russia", "Prussia", "Japan", "Sergei Lavrov"];
        assert_eq!(closest("Rusia", names), vec!["Russia"]);
        assert_eq!(closest("Prusia", names), vec!["Prussia", "Russia"]);
        assert_eq!(closest("lavrov", names), vec!["Sergei Lavrov"]);
        assert!(closest("xyzzy", names).is_empty());
    }

    #[test]
    fn the_bag_bound_never_exceeds_the_distance() {
        let words = [
            "russia",
            "rusia",
            "prussia",
            "japan",
            "paht",
            "path",
            "",
            "aaaa",
            "kitten",
            "sitting",
            "日本",
            "日本国",
            "ab",
            "ba",
            "abc",
            "cab",
        ];
        for a in words {
            for b in words {
                let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let d = Distance::default().within(&ac, &bc, 100).unwrap();
                assert!(Bag::of(&ac).lower_bound(&Bag::of(&bc)) <= d, "{a} {b}");
            }
        }
    }

    #[test]
    fn long_names_are_not_compared_by_edit_distance() {
        let name = "x".repeat(300);
        let typo = format!("{}y", "x".repeat(299));
        assert!(closest(&typo, [name.as_str()]).is_empty());
        let short = "x".repeat(200);
        let short_typo = format!("{}y", "x".repeat(199));
        assert_eq!(closest(&short_typo, [short.as_str()]), vec![short.clone()]);
        // A megabyte against a megabyte answers at once (the product would be 10^12).
        let big = "y".repeat(1 << 20);
        let big_typo = format!("{}z", "y".repeat((1 << 20) - 1));
        assert!(closest(&big_typo, [big.as_str()]).is_empty());
    }

    #[test]
    fn hint_text() {
        assert_eq!(
            did_you_mean(&["Russia".into()]).unwrap(),
            "did you mean 'Russia'?"
        );
        assert_eq!(
            quoted_list(&["a".into(), "b".into(), "c".into()]),
            "'a', 'b' or 'c'"
        );
    }
}
