//! The pattern language of extraction rules, as written in a schema's
//! relation types (`"extract": {"patterns": [...]}`).
//!
//! A pattern is a line of space-separated elements read left to right over
//! one sentence:
//!
//! - `{from}` and `{to}`: the two ends of the relation, each an entity
//!   mention (a noun phrase such as "Russian President Vladimir Putin" counts
//!   as one mention of its head, Putin; "Japan and Russia" as two);
//! - `met`: a word, matched without regard to case (`'` also matches `’`);
//! - `meet|met|meets`: any one of several words;
//! - `visit~`: a word with its regular inflections (visit, visits, visited,
//!   visiting; a final `e` or `y` is handled: `agree~`, `deny~`);
//! - `[the]`, `[will|would]`: an optional word;
//! - `...`: up to five words of anything that is not the end of a sentence;
//! - `{to} {from}` alone: two names side by side inside a noun phrase
//!   ("Chinese Foreign Ministry"), the one pattern with no word;
//! - `{dateline}` in place of `{from}`: the relation goes from the news
//!   agency of the article's dateline ("MOSCOW (Sputnik) –"), which the
//!   sentence does not name ("…, Morgulov said").
//!
//! Punctuation is written as itself: `,`, `(`, `)`, `'s`, `-`.
//!
//! This module only reads patterns; it sits at the bottom of the crate so the
//! loader can refuse a bad pattern where it is written, and the extractor can
//! run the ones that parsed.

use std::fmt;

/// How many words a `...` gap may skip.
pub const GAP_WORDS: usize = 5;

/// One end of the relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    From,
    To,
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    Slot(Slot),
    /// Any one of these words (lower case, `’` written `'`).
    Word(Vec<Box<str>>),
    /// Like `Word`, or nothing.
    Optional(Vec<Box<str>>),
    /// Up to [`GAP_WORDS`] words.
    Gap,
}

/// A parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub elements: Vec<Element>,
    /// `{dateline}`: the from end is the dateline's news agency.
    pub from_dateline: bool,
}

impl Pattern {
    /// How many words must match: a measure of how specific the pattern is.
    pub fn literal_count(&self) -> usize {
        self.elements
            .iter()
            .filter(|e| matches!(e, Element::Word(_)))
            .count()
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from_dateline {
            f.write_str("{dateline} ")?;
        }
        for (i, e) in self.elements.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            match e {
                Element::Slot(Slot::From) => f.write_str("{from}")?,
                Element::Slot(Slot::To) => f.write_str("{to}")?,
                Element::Word(w) => f.write_str(&w.join("|"))?,
                Element::Optional(w) => write!(f, "[{}]", w.join("|"))?,
                Element::Gap => f.write_str("...")?,
            }
        }
        Ok(())
    }
}

/// Reads one pattern. The error says what is wrong in words a schema author
/// can act on.
pub fn parse(text: &str) -> Result<Pattern, String> {
    let mut elements = Vec::new();
    let mut from_dateline = false;
    for part in text.split_whitespace() {
        let e = match part {
            "{dateline}" if from_dateline => {
                return Err("the pattern has {dateline} more than once".into())
            }
            "{dateline}" => {
                from_dateline = true;
                continue;
            }
            "{from}" => Element::Slot(Slot::From),
            "{to}" => Element::Slot(Slot::To),
            "..." => Element::Gap,
            _ if part.starts_with('{') => {
                return Err(format!(
                    "unknown slot '{part}': a pattern's slots are {{from}}, {{to}} and {{dateline}}"
                ))
            }
            _ if part.starts_with('[') => {
                let inner = part
                    .strip_prefix('[')
                    .and_then(|p| p.strip_suffix(']'))
                    .ok_or_else(|| format!("'{part}' opens '[' without closing it"))?;
                Element::Optional(words(inner, part)?)
            }
            _ => Element::Word(words(part, part)?),
        };
        elements.push(e);
    }
    check(&elements, from_dateline)?;
    Ok(Pattern {
        elements,
        from_dateline,
    })
}

fn check(elements: &[Element], from_dateline: bool) -> Result<(), String> {
    let count = |s| elements.iter().filter(|e| **e == Element::Slot(s)).count();
    if from_dateline && count(Slot::From) > 0 {
        return Err("{dateline} stands for {from}: give one of them".into());
    }
    for (slot, name) in [(Slot::From, "{from}"), (Slot::To, "{to}")] {
        match count(slot) {
            0 if slot == Slot::From && from_dateline => {}
            1 => {}
            0 => return Err(format!("the pattern has no {name}")),
            _ => return Err(format!("the pattern has {name} more than once")),
        }
    }
    // Two names side by side ("{to} {from}": "Chinese Foreign Ministry") is
    // the one pattern without a word; it is read inside noun phrases.
    let side_by_side = elements.len() == 2;
    if !side_by_side && !elements.iter().any(|e| matches!(e, Element::Word(_))) {
        return Err("the pattern needs at least one word that must be there".into());
    }
    let first_or_last_gap = matches!(elements.first(), Some(Element::Gap))
        || matches!(elements.last(), Some(Element::Gap));
    if first_or_last_gap {
        return Err("'...' must stand between two other elements".into());
    }
    if elements
        .windows(2)
        .any(|w| w[0] == Element::Gap && w[1] == Element::Gap)
    {
        return Err("two '...' in a row: one already skips up to five words".into());
    }
    Ok(())
}

/// The words of `a|b|c`, each expanded if it ends in `~`.
fn words(spec: &str, whole: &str) -> Result<Vec<Box<str>>, String> {
    let mut out: Vec<Box<str>> = Vec::new();
    for w in spec.split('|') {
        if w.is_empty() {
            return Err(format!("'{whole}' has an empty alternative"));
        }
        if w.contains(['[', ']', '{', '}']) {
            return Err(format!("'{whole}': brackets cannot nest"));
        }
        let w = w.replace('’', "'").to_lowercase();
        match w.strip_suffix('~') {
            Some(stem) if !stem.is_empty() && stem.chars().all(char::is_alphabetic) => {
                for form in inflections(stem) {
                    push_unique(&mut out, form);
                }
            }
            Some(_) => {
                return Err(format!(
                    "'{whole}': '~' follows a plain word (visit~ means visit, visits, visited, visiting)"
                ))
            }
            None => push_unique(&mut out, w),
        }
    }
    Ok(out)
}

fn push_unique(out: &mut Vec<Box<str>>, w: String) {
    if !out.iter().any(|o| **o == *w) {
        out.push(w.into());
    }
}

/// The regular forms of a verb or noun: base, third person or plural, past,
/// present participle.
fn inflections(stem: &str) -> Vec<String> {
    let ends = |s: &str| stem.ends_with(s);
    let before_last = stem.chars().rev().nth(1);
    let vowel = |c: Option<char>| matches!(c, Some('a' | 'e' | 'i' | 'o' | 'u'));
    let mut forms = vec![stem.to_string()];
    if ends("y") && !vowel(before_last) {
        let root = &stem[..stem.len() - 1];
        forms.push(format!("{root}ies"));
        forms.push(format!("{root}ied"));
        forms.push(format!("{stem}ing"));
    } else if ends("e") {
        let root = &stem[..stem.len() - 1];
        forms.push(format!("{stem}s"));
        forms.push(format!("{stem}d"));
        if ends("ee") {
            forms.push(format!("{stem}ing"));
        } else {
            forms.push(format!("{root}ing"));
        }
    } else if ends("s") || ends("sh") || ends("ch") || ends("x") || ends("z") {
        forms.push(format!("{stem}es"));
        forms.push(format!("{stem}ed"));
        forms.push(format!("{stem}ing"));
    } else {
        forms.push(format!("{stem}s"));
        forms.push(format!("{stem}ed"));
        forms.push(format!("{stem}ing"));
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_element() {
        let p = parse("{from} [will|would] visit~ ... {to}").unwrap();
        assert_eq!(
            p.to_string(),
            "{from} [will|would] visit|visits|visited|visiting ... {to}"
        );
        assert_eq!(p.literal_count(), 1);
    }

    #[test]
    fn dateline_stands_for_from() {
        let p = parse("{dateline} {to} said|says").unwrap();
        assert!(p.from_dateline);
        assert_eq!(p.to_string(), "{dateline} {to} said|says");
    }

    #[test]
    fn inflects_regular_words() {
        let forms = |w: &str| match &parse(&format!("{{from}} {w} {{to}}")).unwrap().elements[1] {
            Element::Word(v) => v
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(" "),
            _ => unreachable!(),
        };
        assert_eq!(forms("agree~"), "agree agrees agreed agreeing");
        assert_eq!(forms("urge~"), "urge urges urged urging");
        assert_eq!(forms("deny~"), "deny denies denied denying");
        assert_eq!(forms("discuss~"), "discuss discusses discussed discussing");
        assert_eq!(forms("Japan’s"), "japan's");
    }

    #[test]
    fn refuses_what_cannot_match() {
        for (bad, says) in [
            ("{from} met", "no {to}"),
            ("{from} [met] {to}", "at least one word"),
            ("{from} met {to} {to}", "more than once"),
            ("... {from} met {to}", "between"),
            ("{from} ... ... met {to}", "in a row"),
            ("{from} [met {to}", "without closing"),
            ("{subject} met {to}", "unknown slot"),
            ("{dateline} {from} said {to}", "give one of them"),
            ("{dateline} {dateline} said {to}", "more than once"),
            ("{from} a||b {to}", "empty alternative"),
            ("{from} 3~ {to}", "plain word"),
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}
