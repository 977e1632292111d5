//! Checking a quote against the text of its source: verbatim means the same
//! characters in the same order, except that any run of white space (a line
//! break where the article wrapped, two spaces) matches any other. When a quote
//! is not there, [`closest_passage`] finds what the writer probably meant.
//! [`sha256_hex`] fingerprints a text kept with a graph.

/// SHA-256 of a source's text, in lowercase hex: saved beside the text, so a
/// text edited by hand (which would leave quotes checked against words the
/// source never had) is noticed on load.
pub fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The words of `s` (split at white space), each with its byte range.
fn words(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(b)) => {
                out.push((b, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(b) = start {
        out.push((b, s.len()));
    }
    out
}

/// `s` with every run of white space as one space, and none at the ends.
fn squeezed(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (a, b) in words(s) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s[a..b]);
    }
    out
}

/// Whether `quote` is in `text`, verbatim up to white space.
///
/// # Complexity
/// O(text + quote).
pub fn contains(text: &str, quote: &str) -> bool {
    let q = squeezed(quote);
    !q.is_empty() && squeezed(text).contains(&q)
}

/// The stretch of `text` most like `quote`: the one that shares the longest
/// run of the quote's words in order (words may be missing or added between
/// them), from its first shared word to its last, and at least as many words
/// as the quote (ties: the first). `None` when no word matches at all.
///
/// # Complexity
/// O(words of text × words of quote²).
pub fn closest_passage(text: &str, quote: &str) -> Option<String> {
    let t = words(text);
    let q: Vec<String> = words(quote)
        .into_iter()
        .map(|(a, b)| folded(&quote[a..b]))
        .collect();
    if q.is_empty() || t.is_empty() {
        return None;
    }
    let tw: Vec<String> = t.iter().map(|&(a, b)| folded(&text[a..b])).collect();
    // Room for a few words the quote left out.
    let n = (q.len() + 2).min(tw.len());
    let mut best: Option<(usize, usize, usize)> = None; // (shared, first, last)
    for start in 0..=tw.len() - n {
        let (shared, first, last) = common_run(&tw[start..start + n], &q);
        if shared > best.map_or(0, |b| b.0) {
            best = Some((shared, start + first, start + last));
        }
    }
    // At least as many words as the quote, so the word that differs shows.
    let (_, first, last) = best?;
    let last = last.max(first + q.len() - 1).min(t.len() - 1);
    Some(squeezed(&text[t[first].0..t[last].1]))
}

/// The longest common subsequence of `window` and `quote`: its length, and the
/// first and last places in `window` it uses.
fn common_run(window: &[String], quote: &[String]) -> (usize, usize, usize) {
    let (n, m) = (window.len(), quote.len());
    // len[i][j]: the longest common subsequence of window[i..] and quote[j..].
    let mut len = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[i][j] = if !window[i].is_empty() && window[i] == quote[j] {
                len[i + 1][j + 1] + 1
            } else {
                len[i + 1][j].max(len[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut first, mut last) = (None, 0);
    while i < n && j < m {
        if !window[i].is_empty() && window[i] == quote[j] && len[i][j] == len[i + 1][j + 1] + 1 {
            first.get_or_insert(i);
            last = i;
            i += 1;
            j += 1;
        } else if len[i + 1][j] >= len[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    (len[0][0], first.unwrap_or(0), last)
}

/// What to tell the writer of a quote that is not in `text`: the closest
/// passage (when `search`, which costs a pass over the text), and the rule.
pub fn misquote_hint(text: &str, quote: &str, search: bool) -> String {
    let found = match (
        search,
        search.then(|| closest_passage(text, quote)).flatten(),
    ) {
        (true, Some(p)) => format!("the closest passage is \"{p}\""),
        (true, None) => "no passage of it shares a word with the quote".to_string(),
        (false, _) => "check it against the source's text".to_string(),
    };
    format!("{found}; a quote is copied verbatim")
}

/// A word as compared for closeness: lower case, without the punctuation at its ends.
fn folded(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "On 6 May 2016 Japanese Prime Minister Shinzo Abe met\nRussian President Vladimir Putin in Sochi.";

    #[test]
    fn white_space_is_all_that_may_differ() {
        assert!(contains(TEXT, "Abe met Russian President"));
        assert!(contains(TEXT, "  Abe met   Russian\tPresident "));
        assert!(!contains(TEXT, "Abe met the Russian President"));
        assert!(!contains(TEXT, "abe met russian president"));
        assert!(!contains(TEXT, "   "));
    }

    #[test]
    fn the_closest_passage_is_the_one_meant() {
        assert_eq!(
            closest_passage(TEXT, "Abe met with Russian President Putin").as_deref(),
            Some("Abe met Russian President Vladimir Putin")
        );
        assert_eq!(
            closest_passage(TEXT, "Abe met with Putin in Sochi").as_deref(),
            Some("Abe met Russian President Vladimir Putin in Sochi.")
        );
        assert_eq!(
            closest_passage(TEXT, "prime minister shinzo abe").as_deref(),
            Some("Prime Minister Shinzo Abe")
        );
        assert_eq!(
            closest_passage(TEXT, "Putin in Moscow").as_deref(),
            Some("Putin in Sochi.")
        );
        assert_eq!(closest_passage(TEXT, "zebra"), None);
    }
}
