//! CAMEO event codes: the table that lets `--relations cameo:042` name event types.
//!
//! Coded event data names its relation types in two ways. kg's news schema gives a
//! type a code (`"codes": {"cameo": "042"}`); the ICEWS datasets name theirs by the
//! code's event label ("Make a visit"). A filter written as a code has to reach
//! both, so it needs the table between codes and names, and the hierarchy of codes.
//!
//! The table is `cameo.tsv` beside this file, embedded in the binary: one row a
//! code, sorted by code, `code<TAB>name[<TAB>alias]...`. `name` is the spelling the
//! ICEWS datasets use where they use the code, else the codebook's; the aliases are
//! the other spellings of the same code (the codebook's where ICEWS differs, a
//! second ICEWS spelling). `scripts/cameo.py` derives it from the CAMEO 1.1b3
//! codebook and the three ICEWS datasets; `CAMEO.md` beside this file says where
//! each part comes from and every decision taken by hand.
//!
//! # The hierarchy
//!
//! A CAMEO code is two to four digits, written with its leading zero. Two digits are
//! one of the twenty families (`04` Consult); a third digit an event type of that
//! family (`042` Make a visit); a fourth a sub-type of that event type (`1011` Demand
//! economic cooperation is one of `101` Demand material cooperation). A code's
//! ancestors are therefore exactly its prefixes, and [`matches()`] is a prefix test:
//! `cameo:04` is the whole family (040 to 046), `cameo:101` is 101 with 1011 to 1014,
//! `cameo:1011` is 1011 alone. A single digit (`cameo:4`) is not a code: it would
//! silently mean families 40 to 49, which do not exist, rather than 04.
//!
//! Families are names of groups, not of events: an event is coded with three or
//! four digits, and a family's name is often also the name of its "not specified
//! below" code (`04` and `040` are both "Consult"). So [`code_of`] never answers a
//! family; [`name_of`] does.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::normalize::normalize;

/// The table, as `scripts/cameo.py` writes it.
const TABLE: &str = include_str!("cameo.tsv");

/// How a filter value says it is a CAMEO code rather than a relation type name.
pub const SCHEME: &str = "cameo:";

struct Table {
    /// (code, name), in the file's order, which is by code.
    rows: Vec<(&'static str, &'static str)>,
    /// Name key of every name and alias of a code of three or four digits.
    by_name: HashMap<String, &'static str>,
}

/// The parsed table, built on first use.
///
/// # Complexity
/// O(r) once for r names and aliases (about 360).
fn table() -> &'static Table {
    static TABLE_CELL: OnceLock<Table> = OnceLock::new();
    TABLE_CELL.get_or_init(|| {
        let mut rows = Vec::new();
        let mut by_name = HashMap::new();
        for line in TABLE.lines() {
            let mut fields = line.split('\t');
            let (Some(code), Some(name)) = (fields.next(), fields.next()) else {
                // Not a row; the unit tests hold that the file has none such.
                continue;
            };
            rows.push((code, name));
            if code.len() > 2 {
                for spelling in std::iter::once(name).chain(fields) {
                    by_name.insert(normalize(spelling), code);
                }
            }
        }
        Table { rows, by_name }
    })
}

/// The name of `code` (`"042"` → `"Make a visit"`, `"04"` → `"Consult"`), or `None`
/// when CAMEO has no such code. The code is written as CAMEO writes it, leading zero
/// included.
///
/// # Complexity
/// O(log n) over the n codes.
pub fn name_of(code: &str) -> Option<&'static str> {
    let rows = &table().rows;
    rows.binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .map(|i| rows[i].1)
}

/// The code of the event type called `name`, by the name or any alias in the table,
/// compared as kg compares names ([`normalize`]: case, accents and spacing folded,
/// `_` read as a space), so ICEWS's `Make_a_visit` is `"042"` too. Families are not
/// answered (see the module doc): `code_of("Consult")` is `"040"`.
///
/// # Complexity
/// O(m) for a name of m characters.
pub fn code_of(name: &str) -> Option<&'static str> {
    table().by_name.get(&normalize(name)).copied()
}

/// Whether the filter code `prefix` takes in the event code `code`: `code` is
/// `prefix` or one of its sub-codes (see the module doc). False when either is not
/// written as a code ([`is_code`]); whether they are in the table is not asked, so a
/// schema's code outside it still matches itself.
///
/// # Complexity
/// O(1): codes have at most four digits.
pub fn matches(prefix: &str, code: &str) -> bool {
    is_code(prefix) && is_code(code) && code.starts_with(prefix)
}

/// The code of a filter value `cameo:CODE` (`"cameo:042"` → `Some("042")`); `None`
/// when the value is no CAMEO filter or what follows `cameo:` is not written as a
/// code. The scheme is read in any case (`CAMEO:042`). To tell a mistyped code
/// (`cameo:4x`) from a relation type's name, see [`scheme`].
pub fn parse_filter(s: &str) -> Option<&str> {
    scheme(s).filter(|code| is_code(code))
}

/// What follows the `cameo:` of a filter value, whatever it is (`"cameo:4x"` →
/// `Some("4x")`), or `None` when the value does not start with `cameo:` (in any
/// case). Lets a caller say that `cameo:4x` is a malformed code rather than an
/// unknown relation type.
pub fn scheme(s: &str) -> Option<&str> {
    let head = s.get(..SCHEME.len())?;
    head.eq_ignore_ascii_case(SCHEME)
        .then(|| &s[SCHEME.len()..])
}

/// Whether `s` is written as a CAMEO code: two to four ASCII digits. It says nothing
/// of whether CAMEO defines the code; [`name_of`] does.
pub fn is_code(s: &str) -> bool {
    (2..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visits_have_their_codes() {
        assert_eq!(code_of("Make a visit"), Some("042"));
        assert_eq!(code_of("Host a visit"), Some("043"));
        assert_eq!(name_of("042"), Some("Make a visit"));
        assert_eq!(name_of("043"), Some("Host a visit"));
    }

    #[test]
    fn names_match_as_kg_matches_names() {
        for spelling in [
            "Make_a_visit",
            "make a visit",
            "MAKE  A VISIT",
            "Máke a vísit",
        ] {
            assert_eq!(code_of(spelling), Some("042"), "{spelling}");
        }
        assert_eq!(code_of("Make a visits"), None);
        assert_eq!(code_of(""), None);
    }

    #[test]
    fn aliases_name_the_same_code() {
        // The codebook's spelling, its "not specified below", a second ICEWS spelling.
        assert_eq!(code_of("Consult, not specified below"), Some("040"));
        assert_eq!(code_of("Consult"), Some("040"));
        assert_eq!(code_of("Carry out vehicular bombing"), Some("1832"));
        assert_eq!(code_of("Carry out car bombing"), Some("1832"));
        assert_eq!(code_of("Threaten non force"), Some("131"));
        assert_eq!(code_of("Threaten non-force"), Some("131"));
        assert_eq!(code_of("Meet at a \"third\" location"), Some("044"));
        assert_eq!(code_of("Meet at a 'third' location"), Some("044"));
    }

    #[test]
    fn families_are_named_but_not_answered() {
        assert_eq!(name_of("04"), Some("Consult"));
        assert_eq!(name_of("18"), Some("Assault"));
        assert_eq!(code_of("Assault"), None);
        assert_eq!(name_of("4"), None);
        assert_eq!(name_of("21"), None);
        assert_eq!(name_of("0421"), None);
    }

    #[test]
    fn every_code_round_trips() {
        for &(code, name) in &table().rows {
            assert_eq!(name_of(code), Some(name));
            if code.len() > 2 {
                assert_eq!(code_of(name), Some(code), "{name}");
            }
        }
    }

    /// The file is what the parser assumes: every line a row, codes as CAMEO writes
    /// them, sorted and unique, each under its parent, no spelling on two codes.
    #[test]
    fn the_table_is_well_formed() {
        let rows = &table().rows;
        assert_eq!(rows.len(), TABLE.lines().count());
        assert_eq!(rows.len(), 318);
        assert!(TABLE.ends_with('\n') && !TABLE.contains('\r'));
        for pair in rows.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} then {}", pair[0].0, pair[1].0);
        }
        for line in TABLE.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            let code = fields[0];
            assert!(is_code(code), "{line}");
            assert!(fields[1..].iter().all(|f| !f.trim().is_empty()), "{line}");
            if code.len() > 2 {
                let parent = &code[..code.len() - 1];
                assert!(name_of(parent).is_some(), "{code} has no parent {parent}");
                // Every spelling finds its own code, so none names two.
                for spelling in &fields[1..] {
                    assert_eq!(code_of(spelling), Some(code), "{spelling}");
                }
            }
        }
        assert_eq!(rows.iter().filter(|(c, _)| c.len() == 2).count(), 20);
    }

    #[test]
    fn a_filter_code_takes_in_its_sub_codes() {
        assert!(matches("04", "04"));
        assert!(matches("04", "040"));
        assert!(matches("04", "042"));
        assert!(matches("042", "042"));
        assert!(matches("101", "1011"));
        assert!(matches("10", "1014"));
        assert!(!matches("042", "04"));
        assert!(!matches("042", "043"));
        assert!(!matches("1011", "101"));
        assert!(!matches("04", "140"));
        assert!(!matches("10", "010"));
        // Not codes: no match, whatever the prefix.
        assert!(!matches("4", "042"));
        assert!(!matches("", "042"));
        assert!(!matches("04", "04x"));
        assert!(!matches("04x", "04x"));
    }

    #[test]
    fn filters_are_recognised() {
        assert_eq!(parse_filter("cameo:042"), Some("042"));
        assert_eq!(parse_filter("CAMEO:04"), Some("04"));
        assert_eq!(parse_filter("cameo:1011"), Some("1011"));
        assert_eq!(parse_filter("cameo:4x"), None);
        assert_eq!(parse_filter("cameo:4"), None);
        assert_eq!(parse_filter("cameo:10111"), None);
        assert_eq!(parse_filter("cameo:"), None);
        assert_eq!(parse_filter("cameo: 042"), None);
        assert_eq!(parse_filter("Make a visit"), None);
        assert_eq!(parse_filter("042"), None);
        assert_eq!(parse_filter("camé"), None);
        assert_eq!(scheme("cameo:4x"), Some("4x"));
        assert_eq!(scheme("Cameo:"), Some(""));
        assert_eq!(scheme("cameo"), None);
        assert_eq!(scheme("meets"), None);
    }

    #[test]
    fn codes_are_two_to_four_digits() {
        for code in ["04", "042", "0421", "20"] {
            assert!(is_code(code), "{code}");
        }
        for not in ["", "4", "04211", "4x", "٠٤", "04 ", "-04"] {
            assert!(!is_code(not), "{not}");
        }
    }
}
