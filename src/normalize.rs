//! Name keys: the one normalisation behind every lookup and every "did you mean".
//!
//! Users type "kurils", "Kuril", "sergei lavrov", "Sergey_Viktorovich_Lavrov" or
//! "Müller" as "Muller"; all should land on the entity they mean. Keys are compared
//! after Unicode decomposition with accents dropped, lower-casing, `_` read as a
//! space and runs of white space folded to one. It sits at the bottom of the crate
//! so that both the store and the suggestion ranking use it without importing each
//! other.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The lookup key of a name: accent-, case- and spacing-insensitive.
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    normalize_into(name, &mut out);
    out
}

/// [`normalize`] into `out` (cleared first), so that a loop over many names
/// (building the name index) reuses one buffer.
///
/// An ASCII name, the common case in datasets, takes a byte loop: NFKD leaves
/// ASCII unchanged and no ASCII character is a combining mark, so the result is
/// the same as the Unicode route's, which a test checks for every ASCII character.
///
/// # Complexity
/// O(length of `name`).
pub fn normalize_into(name: &str, out: &mut String) {
    out.clear();
    let mut pending_space = false;
    if name.is_ascii() {
        for &b in name.as_bytes() {
            if b.is_ascii_whitespace() || b == b'\x0b' || b == b'_' {
                pending_space = !out.is_empty();
                continue;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(b.to_ascii_lowercase() as char);
        }
        return;
    }
    by_unicode(name, out);
}

/// The Unicode route of [`normalize_into`], for any text.
fn by_unicode(name: &str, out: &mut String) {
    let mut pending_space = false;
    for c in name.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() || c == '_' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn folds_case_accents_and_spacing() {
        assert_eq!(normalize("Sergei  Lavrov"), "sergei lavrov");
        assert_eq!(
            normalize("Sergey_Viktorovich_Lavrov"),
            "sergey viktorovich lavrov"
        );
        assert_eq!(normalize("Müller"), "muller");
        assert_eq!(normalize(" Kuril\tIslands "), "kuril islands");
        assert_eq!(normalize("ＵＳＡ"), "usa");
    }

    /// The ASCII byte loop gives what the Unicode route gives, for every ASCII
    /// character alone, between letters, and at either end.
    #[test]
    fn ascii_takes_the_same_road_as_unicode() {
        for b in 0u8..=127 {
            let c = b as char;
            for s in [format!("{c}"), format!("a{c}B"), format!("{c}x{c}{c}y{c}")] {
                let mut slow = String::new();
                super::by_unicode(&s, &mut slow);
                assert_eq!(normalize(&s), slow, "{b:#04x} in {s:?}");
            }
        }
    }
}
