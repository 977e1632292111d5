//! Noun phrases and the patterns that read relations across them.
//!
//! A sentence becomes a row of units: words, marks, and noun phrases. A
//! noun phrase strings mentions and title words together ("Russian Deputy
//! Foreign Minister Igor Morgulov", "Igor Morgulov, Russia's deputy foreign
//! minister,") and stands for its head, the name it ends on. Patterns run
//! twice: across the row, where a slot is a whole phrase (or several joined
//! by "and"), and inside each phrase, where a slot is one mention — that is
//! how titles become relations.

use std::rc::Rc;

use crate::pattern::{Element, Pattern, Slot, GAP_WORDS};

use super::lexicon;

/// One unit of a sentence.
#[derive(Debug, Clone)]
pub struct Unit {
    pub start: usize,
    pub end: usize,
    pub what: What,
}

#[derive(Debug, Clone)]
pub enum What {
    /// A word, folded to lower case (shared: a text has few distinct words).
    Word(Rc<str>),
    /// A punctuation mark as written.
    Mark(Rc<str>),
    /// A mention or noun phrase. `head` is the entity it stands for and
    /// `head_at` where that entity is named; a phrase that ends on a title
    /// ("Japan's foreign minister") has no head.
    Phrase {
        head: Option<usize>,
        head_at: (usize, usize),
        /// The units inside it, for reading titles.
        inner: Vec<Unit>,
    },
}

impl Unit {
    pub fn word(&self) -> Option<&str> {
        match &self.what {
            What::Word(w) => Some(w),
            What::Mark(m) => Some(m),
            What::Phrase { .. } => None,
        }
    }

    fn head(&self) -> Option<(usize, (usize, usize))> {
        match &self.what {
            What::Phrase {
                head: Some(h),
                head_at,
                ..
            } => Some((*h, *head_at)),
            _ => None,
        }
    }

    fn is_title(&self) -> bool {
        matches!(&self.what, What::Word(w) if lexicon::title(w))
    }
}

/// Groups mentions (`What::Phrase` with no inner units) and title words into
/// noun phrases.
///
/// # Complexity
/// O(units): one pass, each unit moved once.
pub fn phrases(units: Vec<Unit>, text: &str, person: &dyn Fn(usize) -> bool) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        let starts = matches!(units[i].what, What::Phrase { .. })
            || (units[i].is_title() && units[i].word() != Some("the"))
            || (matches!(
                units[i].word(),
                Some("the" | "his" | "her" | "their" | "its")
            ) && units
                .get(i + 1)
                .is_some_and(|n| n.is_title() || matches!(n.what, What::Phrase { .. })));
        if !starts {
            out.push(units[i].clone());
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < units.len() {
            let u = &units[j];
            let more = match &u.what {
                // "Russian-Japanese" is two names, not one phrase.
                What::Phrase { .. } => !text
                    .get(units[j - 1].end..u.start)
                    .is_some_and(|gap| gap.contains(['-', '–', '—', '/'])),
                What::Word(w) if lexicon::title(w) && &**w != "the" => true,
                // "Secretary of State": "of" between two titles.
                What::Word(w) if &**w == "of" => {
                    units[j - 1].is_title() && units.get(j + 1).is_some_and(Unit::is_title)
                }
                // "Japan's PM": a possessive inside a phrase, never at its end.
                What::Word(w) if &**w == "'s" => units
                    .get(j + 1)
                    .is_some_and(|n| n.is_title() || matches!(n.what, What::Phrase { .. })),
                _ => false,
            };
            if !more {
                break;
            }
            j += 1;
        }
        let mut group: Vec<Unit> = units[i..j].to_vec();
        i = j;
        // "President Moon Jae-in of South Korea": the country after "of"
        // belongs to the titled name before it.
        let titled_person =
            group.iter().any(Unit::is_title) && group_head(&group).is_some_and(person);
        let of_name = units.get(i).and_then(Unit::word) == Some("of")
            && units.get(i + 1).is_some_and(|n| matches!(&n.what, What::Phrase { inner, head: Some(_), .. } if inner.is_empty()));
        if titled_person && of_name {
            group.extend_from_slice(&units[i..i + 2]);
            i += 2;
        }
        // Apposition: "Igor Morgulov, Russia's deputy foreign minister," or
        // "Japan's foreign minister, Fumio Kishida,".
        if units.get(i).and_then(Unit::word) == Some(",") {
            let (k, tail) = title_phrase(&units, i + 1);
            let named_person = group_head(&group).is_some_and(person);
            if named_person && k > i + 1 && tail {
                // The closing comma belongs to the apposition.
                let k = if units.get(k).and_then(Unit::word) == Some(",") {
                    k + 1
                } else {
                    k
                };
                group.extend_from_slice(&units[i..k]);
                i = k;
            } else if group_head(&group).is_none() && group.iter().any(Unit::is_title) {
                if let Some(n) = units.get(i + 1) {
                    if let What::Phrase { head: Some(h), .. } = n.what {
                        if person(h) {
                            group.extend_from_slice(&units[i..i + 2]);
                            i += 2;
                        }
                    }
                }
            }
        }
        out.push(make_phrase(group));
    }
    out
}

/// The end of a title phrase starting at `k` ("Russia's deputy foreign
/// minister"), and whether it holds a title and no name.
fn title_phrase(units: &[Unit], k: usize) -> (usize, bool) {
    let mut j = k;
    let mut titled = false;
    while let Some(u) = units.get(j) {
        match &u.what {
            What::Word(w) if lexicon::title(w) || matches!(&**w, "'s" | "a" | "an") => {
                titled |= !matches!(&**w, "'s" | "the" | "a" | "an");
            }
            What::Word(w) if &**w == "of" && titled => {}
            What::Phrase { inner, .. } if inner.is_empty() => {}
            _ => break,
        }
        j += 1;
    }
    // The title must end the phrase ("of Japan" may follow it).
    let ends_on_title =
        j > k && (units[j - 1].is_title() || matches!(units[j - 1].what, What::Phrase { .. }));
    (j, titled && ends_on_title)
}

fn group_head(group: &[Unit]) -> Option<usize> {
    match group.last().map(|u| &u.what) {
        Some(What::Phrase { head, .. }) => *head,
        _ => None,
    }
}

fn make_phrase(group: Vec<Unit>) -> Unit {
    if group.len() == 1 && matches!(group[0].what, What::Phrase { .. }) {
        let mut u = group.into_iter().next().expect("one unit");
        if let What::Phrase { inner, .. } = &mut u.what {
            inner.clear();
        }
        return u;
    }
    let start = group[0].start;
    let end = group[group.len() - 1].end;
    // The head: the name after an apposition's comma, or the last name
    // before it; a phrase that ends on a title has none.
    let comma = group.iter().position(|u| u.word() == Some(","));
    // "President Moon Jae-in of South Korea" is headed by the name before "of".
    let owner = group
        .iter()
        .position(|u| u.word() == Some("of"))
        .and_then(|k| k.checked_sub(1))
        .and_then(|k| group[k].head());
    if let (None, Some((h, at))) = (comma, owner) {
        return Unit {
            start,
            end,
            what: What::Phrase {
                head: Some(h),
                head_at: at,
                inner: group,
            },
        };
    }
    let (head, head_at) = match comma {
        Some(c) => {
            let before = group[..c].last().and_then(Unit::head);
            let after = group[c + 1..].last().and_then(Unit::head);
            match (before, after) {
                (Some(b), _) => (Some(b.0), b.1),
                (None, Some(a)) => (Some(a.0), a.1),
                _ => (None, (start, end)),
            }
        }
        None => match group.last().and_then(Unit::head) {
            Some((h, at)) => (Some(h), at),
            // "Japan's foreign minister" stands for Japan where a slot
            // takes a country; `role` keeps it from filling a person slot.
            None => match group.iter().rev().find_map(Unit::head) {
                Some((h, at)) => (Some(h), at),
                None => (None, (start, end)),
            },
        },
    };
    Unit {
        start,
        end,
        what: What::Phrase {
            head,
            head_at,
            inner: group,
        },
    }
}

/// What a slot holds: entities and where they are named.
pub type Filled = Vec<(usize, (usize, usize))>;

/// One match of a pattern.
#[derive(Debug, Clone)]
pub struct Hit {
    pub from: Filled,
    pub to: Filled,
    /// Byte span of the matched units, with slots narrowed to their heads.
    pub start: usize,
    pub end: usize,
    /// Auxiliary words between a slot and its verb ("will", "did not").
    pub aux: Vec<String>,
    /// Words skipped by `...`.
    pub skipped: usize,
    /// Whether a slot held several phrases joined by "and".
    pub coordinated: bool,
}

/// Tries `pattern` at every position of `units`; `admit` says which
/// entities may fill a slot (and may swap a capital for its country).
///
/// # Complexity
/// O(units × extent) per pattern, where extent is bounded by the pattern's
/// length, [`GAP_WORDS`] per gap and the auxiliaries allowed after a slot.
pub fn find(
    pattern: &Pattern,
    units: &[Unit],
    admit: &dyn Fn(Slot, usize, usize) -> Option<usize>,
) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut i = 0;
    // The first element must fit the unit a match starts at: most do not.
    let fits = |u: &Unit| match pattern.elements.first() {
        Some(Element::Slot(_)) => u.head().is_some(),
        Some(Element::Word(alts)) => u.word().is_some_and(|w| alts.iter().any(|a| **a == *w)),
        _ => true,
    };
    while i < units.len() {
        if !fits(&units[i]) {
            i += 1;
            continue;
        }
        let mut st = State::default();
        if let Some(end) = go(&pattern.elements, units, i, &mut st, admit) {
            let mut lo = usize::MAX;
            let mut hi = 0;
            for &(s, e) in &st.spans {
                lo = lo.min(s);
                hi = hi.max(e);
            }
            hits.push(Hit {
                from: st.from,
                to: st.to,
                start: lo,
                end: hi,
                aux: st
                    .aux
                    .iter()
                    .flat_map(|&(a, b)| {
                        units[a..b]
                            .iter()
                            .filter_map(|u| u.word().map(str::to_string))
                    })
                    .collect(),
                skipped: st.skipped,
                coordinated: st.coordinated,
            });
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    hits
}

#[derive(Default)]
struct State {
    from: Filled,
    to: Filled,
    spans: Vec<(usize, usize)>,
    /// Runs of auxiliaries, as unit ranges.
    aux: Vec<(usize, usize)>,
    /// A required word has matched (the verb or noun of the pattern).
    worded: bool,
    skipped: usize,
    coordinated: bool,
}

/// Matches `els` at `ui`; returns the index after the match.
fn go(
    els: &[Element],
    units: &[Unit],
    ui: usize,
    st: &mut State,
    admit: &dyn Fn(Slot, usize, usize) -> Option<usize>,
) -> Option<usize> {
    let Some(first) = els.first() else {
        return Some(ui);
    };
    let rest = &els[1..];
    // On failure each branch leaves `st` as it found it: no copies.
    let (spans, aux, skipped, coordinated) =
        (st.spans.len(), st.aux.len(), st.skipped, st.coordinated);
    match first {
        Element::Slot(slot)
            if matches!(units.get(ui).and_then(Unit::word), Some("both" | "either")) =>
        {
            // "protested to both Seoul and Washington"
            go(els, units, ui + 1, st, admit)
        }
        Element::Slot(slot) => {
            // A verb may follow its subject after auxiliaries.
            let verb_next = matches!(rest.first(), Some(Element::Word(_) | Element::Optional(_)));
            for (next, filled, joined) in slot_extents(units, ui, *slot, admit) {
                st.spans.extend(filled.iter().map(|f| f.1));
                let old = match slot {
                    Slot::From => std::mem::replace(&mut st.from, filled),
                    Slot::To => std::mem::replace(&mut st.to, filled),
                };
                st.coordinated |= joined;
                // "Lavrov, who urged Pyongyang…": a relative clause's verb
                // is its antecedent's.
                let mut k = next;
                let relative = units.get(next).and_then(Unit::word) == Some(",")
                    && matches!(
                        units.get(next + 1).and_then(Unit::word),
                        Some("who" | "which")
                    );
                if relative && verb_next && *slot == Slot::From {
                    k = next + 2;
                }
                let next = k;
                loop {
                    if k > next {
                        st.aux.push((next, k));
                    }
                    if let Some(end) = go(rest, units, k, st, admit) {
                        return Some(end);
                    }
                    st.aux.truncate(aux);
                    if !verb_next || k >= units.len() || k - next >= 4 {
                        break;
                    }
                    match units[k].word() {
                        Some(w) if lexicon::auxiliary(w) => k += 1,
                        _ => break,
                    }
                }
                match slot {
                    Slot::From => st.from = old,
                    Slot::To => st.to = old,
                }
                st.spans.truncate(spans);
                st.coordinated = coordinated;
            }
            None
        }
        Element::Word(alts) => {
            let u = units.get(ui)?;
            let w = u.word()?;
            if !alts.iter().any(|a| **a == *w) {
                return None;
            }
            st.spans.push((u.start, u.end));
            let worded = std::mem::replace(&mut st.worded, true);
            let end = go(rest, units, ui + 1, st, admit);
            if end.is_none() {
                st.spans.truncate(spans);
                st.worded = worded;
            }
            end
        }
        Element::Optional(alts) => {
            if let Some(u) = units.get(ui) {
                if u.word().is_some_and(|w| alts.iter().any(|a| **a == *w)) {
                    st.spans.push((u.start, u.end));
                    if let Some(end) = go(rest, units, ui + 1, st, admit) {
                        return Some(end);
                    }
                    st.spans.truncate(spans);
                }
            }
            go(rest, units, ui, st, admit)
        }
        Element::Gap => {
            for k in 0..=GAP_WORDS {
                if ui + k > units.len() {
                    break;
                }
                if units[ui..ui + k]
                    .iter()
                    .any(|u| matches!(u.word(), Some(";" | ":")))
                {
                    break;
                }
                // After the verb, a gap stays in its clause: "condemned the
                // test, and Japan called…" is not a condemnation of Japan.
                let clause_ends =
                    |u: &Unit| matches!(u.word(), Some("," | "and" | "but" | "while" | "whereas"));
                if st.worded && units[ui..ui + k].iter().any(clause_ends) {
                    break;
                }
                // Before both ends are found, a gap skips no name that could
                // be the end found already: "Abe said Putin visited Tokyo" is
                // not Abe's visit.
                let rival = |u: &Unit| {
                    u.head().is_some_and(|(h, at)| {
                        let from = !st.from.is_empty() || st.to.is_empty();
                        let to = !st.to.is_empty() || st.from.is_empty();
                        (from && admit(Slot::From, h, at.0).is_some())
                            || (to && admit(Slot::To, h, at.0).is_some())
                    })
                };
                let bound = !st.from.is_empty() && !st.to.is_empty();
                if !bound && units[ui..ui + k].iter().any(rival) {
                    break;
                }
                st.skipped = skipped + k;
                if let Some(end) = go(rest, units, ui + k, st, admit) {
                    return Some(end);
                }
                st.skipped = skipped;
            }
            None
        }
    }
}

/// The ways a slot can be filled at `ui`: one phrase, or several joined by
/// "and" / "," (longest first), keeping those `admit` accepts.
fn slot_extents(
    units: &[Unit],
    ui: usize,
    slot: Slot,
    admit: &dyn Fn(Slot, usize, usize) -> Option<usize>,
) -> Vec<(usize, Filled, bool)> {
    let mut out = Vec::new();
    let mut heads: Vec<(usize, (usize, usize))> = Vec::new();
    let mut k = ui;
    while let Some((h, at)) = units.get(k).and_then(Unit::head) {
        heads.push((h, at));
        k += 1;
        let admitted: Filled = heads
            .iter()
            .filter_map(|&(h, at)| admit(slot, h, at.0).map(|e| (e, at)))
            .collect();
        if !admitted.is_empty() {
            out.push((k, admitted, heads.len() > 1));
        }
        // "A, B and C", "A and B", "A or B"
        let mut n = k;
        if units.get(n).and_then(Unit::word) == Some(",") {
            n += 1;
        }
        match units.get(n).and_then(Unit::word) {
            Some("and" | "or") => n += 1,
            _ if n > k => {}
            _ => break,
        }
        if units.get(n).and_then(Unit::head).is_none() {
            break;
        }
        k = n;
    }
    out.reverse();
    out
}

/// Whether any of the words before `start` in the sentence, or after `end`,
/// reports speech ("said", "according to").
pub fn reported(units: &[Unit], start: usize, end: usize) -> bool {
    units
        .iter()
        .filter(|u| u.end <= start || u.start >= end)
        .any(|u| u.word().is_some_and(lexicon::speech))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str, at: usize) -> Unit {
        Unit {
            start: at,
            end: at + s.len(),
            what: What::Word(s.into()),
        }
    }
    fn e(h: usize, at: usize) -> Unit {
        Unit {
            start: at,
            end: at + 1,
            what: What::Phrase {
                head: Some(h),
                head_at: (at, at + 1),
                inner: vec![],
            },
        }
    }

    #[test]
    fn a_title_and_a_name_make_one_phrase_headed_by_the_name() {
        // Russia president Putin met Abe
        let units = vec![
            e(0, 0),
            w("president", 10),
            e(1, 20),
            w("met", 30),
            e(2, 40),
        ];
        let p = phrases(units, "", &|h| h != 0);
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].head().map(|h| h.0), Some(1));
        let pat = crate::pattern::parse("{from} meet|met {to}").unwrap();
        let hits = find(&pat, &p, &|_, h, _| Some(h));
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].from[0].0, 1);
        assert_eq!(hits[0].to[0].0, 2);
        assert_eq!((hits[0].start, hits[0].end), (20, 41));
    }

    #[test]
    fn a_titled_name_keeps_its_of_country() {
        // President Moon of Korea met Abe
        let units = vec![
            w("president", 0),
            e(1, 10),
            w("of", 20),
            e(0, 25),
            w("met", 30),
            e(2, 40),
        ];
        let p = phrases(units, "", &|h| h != 0);
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].head().map(|h| h.0), Some(1));
        let pat = crate::pattern::parse("president {from} of {to}").unwrap();
        let What::Phrase { inner, .. } = &p[0].what else {
            panic!()
        };
        let hits = find(&pat, inner, &|_, h, _| Some(h));
        assert_eq!((hits[0].from[0].0, hits[0].to[0].0), (1, 0));
    }

    #[test]
    fn coordination_fills_a_slot_with_each_name() {
        let units = vec![
            e(0, 0),
            w("and", 5),
            e(1, 10),
            w("both", 15),
            w("claim", 20),
            e(2, 30),
        ];
        let pat = crate::pattern::parse("{from} claim {to}").unwrap();
        let hits = find(&pat, &units, &|_, h, _| Some(h));
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].from.iter().map(|f| f.0).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(hits[0].aux, ["both"]);
    }

    #[test]
    fn auxiliaries_carry_negation() {
        let units = vec![e(0, 0), w("did", 5), w("not", 10), w("meet", 15), e(1, 20)];
        let pat = crate::pattern::parse("{from} meet|met {to}").unwrap();
        let hits = find(&pat, &units, &|_, h, _| Some(h));
        assert_eq!(hits[0].aux, ["did", "not"]);
    }
}
