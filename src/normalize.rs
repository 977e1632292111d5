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
    out
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
}
