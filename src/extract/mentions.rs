//! Finding the entities a text names: the graph's own names and aliases,
//! the gazetteer's countries, demonyms, capitals and seats of government,
//! and names the graph does not know yet, typed by the words around them.

use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::FxHashMap;

use super::gazetteer;
use super::lexicon;
use super::text::{capitalised, folded, Token};
use crate::model::{EntityId, KnowledgeGraph};

/// An entity a text may name: one of the graph's, or one this run proposes.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    /// Its entity type's id ("person").
    pub kind: String,
    pub graph: Option<EntityId>,
    /// The country this city is the capital of (for "Moscow believes").
    pub capital_of: Option<usize>,
    /// Proposed by this run, not in the graph.
    pub new: bool,
}

/// How a mention names its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// Its name or an alias.
    Name,
    /// A demonym: "Russian" for Russia.
    Demonym,
    /// A seat of government: "the Kremlin" for Russia.
    Seat,
    /// A family name after the full name: "Putin" for Vladimir Putin.
    Surname,
}

/// One place in the text that names an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub entity: usize,
    pub link: Link,
    /// Where the name the mention is part of starts: "Chinese Foreign
    /// Ministry" is a mention of China ("Chinese") and one of the ministry
    /// ("Foreign Ministry") whose name starts at "Chinese".
    pub named_from: usize,
}

struct Form {
    text: String,
    entity: usize,
    link: Link,
    /// A name that starts with a country's ("Chinese Foreign Ministry"): the
    /// country, and where the country's part ends and the rest starts.
    split: Option<(usize, usize, usize)>,
    /// Linked only where no capitalised word follows ("Georgia", "Jordan").
    guarded: bool,
}

/// Every entity a text may name and every form that names one.
pub struct Catalogue {
    pub entities: Vec<Candidate>,
    forms: Vec<Form>,
    seen: FxHashMap<String, usize>,
    ids: FxHashMap<String, usize>,
}

impl Catalogue {
    /// The graph's entities, then the gazetteer's countries and capitals and
    /// the well-known agencies and organisations the graph lacks.
    ///
    /// # Complexity
    /// O(entities + aliases + gazetteer): one pass over each.
    pub fn new(g: &KnowledgeGraph) -> Catalogue {
        let mut c = Catalogue {
            entities: Vec::new(),
            forms: Vec::new(),
            seen: FxHashMap::default(),
            ids: FxHashMap::default(),
        };
        for (eid, e) in g.entities() {
            let kind = g.schema().entity_type(e.kind).id.to_string();
            let place = matches!(kind.as_str(), "country" | "city");
            let i = c.push(Candidate {
                id: e.id.to_string(),
                name: e.name.to_string(),
                kind,
                graph: Some(eid),
                capital_of: None,
                new: false,
            });
            c.names(i, e.name, place);
            for a in e.aliases {
                c.names(i, &a.text, place);
            }
        }
        // Capitals the graph states.
        if let Some(cap) = g.schema().relation_type_id("capital_of") {
            for &r in g.relations_of_type(cap) {
                let (city, _, country) = g.relation_ends(r);
                let (a, b) = (
                    c.ids.get(g.entity_id(city)),
                    c.ids.get(g.entity_id(country)),
                );
                if let (Some(&a), Some(&b)) = (a, b) {
                    c.entities[a].capital_of = Some(b);
                }
            }
        }
        // The gazetteer's countries and capitals are the graph's where it
        // has them, by id or by name ("Japan" in an untyped dataset).
        let graph_named = |c: &Catalogue, name: &str, kind: &str| {
            c.seen.get(name).copied().filter(|&i| {
                let e = &c.entities[i];
                e.graph.is_some()
                    && (e.kind == kind || e.kind == crate::model::schema::DEFAULT_ENTITY_TYPE)
            })
        };
        for country in gazetteer::countries() {
            let known = c.ids.get(country.id).copied().or_else(|| {
                std::iter::once(&country.name)
                    .chain(&country.aliases)
                    .find_map(|n| graph_named(&c, n, "country"))
            });
            let i = match known {
                Some(i) => i,
                None => c.push(Candidate {
                    id: country.id.to_string(),
                    name: country.name.to_string(),
                    kind: "country".into(),
                    graph: None,
                    capital_of: None,
                    new: true,
                }),
            };
            let guarded = |s: &str| country.ambiguous.contains(&s) && !upper(s);
            let usable = |s: &&&str| !country.shared.contains(*s);
            for s in std::iter::once(&country.name)
                .chain(&country.aliases)
                .filter(usable)
            {
                c.form(s, i, Link::Name, guarded(s));
                c.form(&s.to_uppercase(), i, Link::Name, false);
            }
            for s in country.demonyms.iter().filter(usable) {
                c.form(s, i, Link::Demonym, guarded(s));
            }
            for s in country.seats.iter().filter(usable) {
                c.form(s, i, Link::Seat, guarded(s));
            }
            for cap in &country.capitals {
                let id = slug(cap);
                let known = match c.ids.get(&id) {
                    Some(&k) => Some(k),
                    None => graph_named(&c, cap, "city"),
                };
                let city = match known {
                    Some(k)
                        if c.entities[k].kind == "city"
                            || c.entities[k].kind == crate::model::schema::DEFAULT_ENTITY_TYPE =>
                    {
                        k
                    }
                    Some(_) => continue,
                    None => c.push(Candidate {
                        id,
                        name: cap.to_string(),
                        kind: "city".into(),
                        graph: None,
                        capital_of: None,
                        new: true,
                    }),
                };
                if c.entities[city].capital_of.is_none() {
                    c.entities[city].capital_of = Some(i);
                }
                c.form(cap, city, Link::Name, guarded(cap));
                c.form(&cap.to_uppercase(), city, Link::Name, false);
            }
        }
        for &(name, aliases, kind) in lexicon::KNOWN_NAMES {
            let id = slug(name);
            let i = match c.ids.get(&id) {
                Some(&i) => i,
                None => c.push(Candidate {
                    id,
                    name: name.to_string(),
                    kind: kind.to_string(),
                    graph: None,
                    capital_of: None,
                    new: true,
                }),
            };
            for s in std::iter::once(&name).chain(aliases.iter()) {
                c.form(s, i, Link::Name, false);
            }
        }
        c
    }

    fn push(&mut self, cand: Candidate) -> usize {
        let i = self.entities.len();
        self.ids.insert(cand.id.clone(), i);
        self.entities.push(cand);
        i
    }

    fn names(&mut self, i: usize, s: &str, place: bool) {
        self.form(s, i, Link::Name, false);
        if place {
            self.form(&s.to_uppercase(), i, Link::Name, false);
        }
    }

    /// Registers a form; the first entity to claim a form keeps it.
    fn form(&mut self, s: &str, entity: usize, link: Link, guarded: bool) {
        // One letter, or no capital at all ("us"), names nothing reliably.
        if s.chars().count() < 2 || !s.chars().any(char::is_uppercase) {
            return;
        }
        if self.seen.contains_key(s) {
            return;
        }
        self.seen.insert(s.to_string(), entity);
        self.forms.push(Form {
            text: s.to_string(),
            entity,
            link,
            split: None,
            guarded,
        });
    }

    /// The catalogue's index of the entity with this id.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }

    /// A form already names something.
    pub fn knows(&self, s: &str) -> bool {
        self.seen.contains_key(s)
    }

    /// Adds an organisation whose name starts with a country's
    /// ("Chinese Foreign Ministry"): its mentions are split in two, so the
    /// country is still seen.
    pub fn propose_within(
        &mut self,
        n: &NewName,
        (country, country_end, rest): (usize, usize, usize),
    ) -> usize {
        let i = self.propose(&n.name, n.kind);
        if let Some(f) = self
            .forms
            .iter_mut()
            .rev()
            .find(|f| f.text == n.name && f.entity == i)
        {
            f.split = Some((country, country_end, rest));
        }
        i
    }

    /// Adds an entity this run proposes, with its forms; returns its index.
    pub fn propose(&mut self, name: &str, kind: &str) -> usize {
        if let Some(&i) = self.seen.get(name) {
            return i;
        }
        let base = slug(name);
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains_key(&id) {
            id = format!("{base}_{n}");
            n += 1;
        }
        let i = self.push(Candidate {
            id,
            name: name.to_string(),
            kind: kind.to_string(),
            graph: None,
            capital_of: None,
            new: true,
        });
        self.form(name, i, Link::Name, false);
        if kind == "person" {
            let words: Vec<&str> = name.split(' ').collect();
            if words.len() >= 2 {
                let last = words[words.len() - 1];
                self.surname(last, i);
                if lexicon::family_name_first(&folded(words[0])) {
                    self.surname(words[0], i);
                }
            }
        }
        i
    }

    fn surname(&mut self, s: &str, i: usize) {
        let f = folded(s);
        if s.chars().count() >= 2 && !lexicon::stopword(&f) && !lexicon::title(&f) {
            self.form(s, i, Link::Surname, false);
        }
    }

    /// Every mention of a known form in `text`, left to right, longest first.
    ///
    /// # Complexity
    /// O(text + forms) with Aho–Corasick: building the automaton is linear
    /// in the forms, scanning linear in the text.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(self.forms.iter().map(|f| f.text.as_str()))
            .expect("a few million short forms fit the automaton");
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        for m in ac.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            let before = text[..s].chars().next_back();
            let after = text[e..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let form = &self.forms[m.pattern().as_usize()];
            if form.guarded && next_word_capitalised(&text[e..]) {
                continue;
            }
            // "Abe" in "Abe's" is fine; "Lee" in "Lee-" joins a longer name.
            if after == Some('-')
                && bytes.get(e + 1).is_some_and(u8::is_ascii_alphabetic)
                && form.link != Link::Demonym
            {
                continue;
            }
            if let Some((country, country_end, rest)) = form.split {
                out.push(Mention {
                    start: s,
                    end: s + country_end,
                    entity: country,
                    link: Link::Demonym,
                    named_from: s,
                });
                out.push(Mention {
                    start: s + rest,
                    end: e,
                    entity: form.entity,
                    link: form.link,
                    named_from: s,
                });
                continue;
            }
            out.push(Mention {
                start: s,
                end: e,
                entity: form.entity,
                link: form.link,
                named_from: s,
            });
        }
        out
    }
}

fn upper(s: &str) -> bool {
    !s.chars().any(char::is_lowercase)
}

fn next_word_capitalised(rest: &str) -> bool {
    let t = rest.trim_start_matches([' ', '\t']);
    t.chars().next().is_some_and(char::is_uppercase)
}

/// A new entity's id: its name in lower snake case ("Vladimir Putin" →
/// "vladimir_putin").
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() && !matches!(c, '\'' | '’' | '.') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("entity");
    }
    out
}

/// A capitalised run of words that no form names yet, with what its
/// neighbours say about its type.
#[derive(Debug)]
pub struct NewName {
    pub name: String,
    pub kind: &'static str,
    /// For a name that starts with a country's: the country, the end of its
    /// part and the start of the rest, in bytes from the name's start.
    pub within: Option<(usize, usize, usize)>,
}

/// Names the catalogue does not know, typed by their cues: a title before a
/// name makes a person, "Ministry" or "Council" an organisation, "News" or
/// "news agency" a news agency, "Islands" a territory, "in" or a dateline a
/// city. A run with no cue proposes nothing.
///
/// # Complexity
/// O(tokens): each token is looked at a bounded number of times.
pub fn new_names(
    text: &str,
    tokens: &[Token],
    covered: &[Option<usize>],
    cat: &Catalogue,
) -> Vec<NewName> {
    let mut out = Vec::new();
    let word = |i: usize| &text[tokens[i].start..tokens[i].end];
    let low = |i: usize| folded(word(i));
    let joined = |a: usize, b: usize| {
        // Only spaces between: a newline or a mark ends a name.
        let gap = &text[tokens[a].end..tokens[b].start];
        gap.chars().all(|c| c == ' ')
    };
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let starts_run = t.word && covered[i].is_none() && capitalised(word(i));
        if !starts_run {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < tokens.len()
            && tokens[j].word
            && covered[j].is_none()
            && joined(j - 1, j)
            && (capitalised(word(j))
                || (matches!(
                    low(j).as_str(),
                    "of" | "de" | "bin" | "al" | "von" | "van" | "der" | "for"
                ) && j + 1 < tokens.len()
                    && tokens[j + 1].word
                    && covered[j + 1].is_none()
                    && capitalised(word(j + 1))))
        {
            if lexicon::month(&low(j)) || lexicon::weekday(&low(j)) {
                break;
            }
            j += 1;
        }
        // The run is tokens[i..j].
        if let Some(n) = type_run(text, tokens, covered, cat, i, j) {
            out.push(n);
        }
        i = j;
    }
    out
}

fn type_run(
    text: &str,
    tokens: &[Token],
    covered: &[Option<usize>],
    cat: &Catalogue,
    i: usize,
    j: usize,
) -> Option<NewName> {
    let word = |k: usize| &text[tokens[k].start..tokens[k].end];
    let low = |k: usize| folded(word(k));
    let span = |a: usize, b: usize| text[tokens[a].start..tokens[b - 1].end].to_string();
    let entity_kind = |k: usize| covered[k].map(|e| cat.entities[e].kind.as_str());
    // Organisation or agency: the whole run from its first non-stopword.
    let mut a = i;
    while a < j && matches!(low(a).as_str(), "the" | "a" | "an") {
        a += 1;
    }
    if a == j {
        return None;
    }
    let next_low = |k: usize| (k < tokens.len()).then(|| low(k));
    let followed_by_agency = next_low(j).is_some_and(|w| w == "news" || w == "agency")
        && next_low(j + 1).is_some_and(|w| w == "agency" || w == "service");
    let preceded_by_agency = i >= 2 && low(i - 2) == "news" && low(i - 1) == "agency";
    if (a..j).any(|k| lexicon::agency_word(&low(k))) || followed_by_agency || preceded_by_agency {
        return Some(NewName {
            name: span(a, j),
            kind: "news_agency",
            within: None,
        });
    }
    if (a..j).any(|k| lexicon::organisation_word(&low(k))) {
        // "Chinese Foreign Ministry", "Russia's Defence Ministry": a national
        // body keeps its country in its name.
        if a == i {
            if let Some(n) = national(text, tokens, covered, cat, i, j) {
                return Some(n);
            }
        }
        return Some(NewName {
            name: span(a, j),
            kind: "organisation",
            within: None,
        });
    }
    if lexicon::territory_word(&low(j - 1)) && j - a >= 2 {
        return Some(NewName {
            name: span(a, j),
            kind: "territory",
            within: None,
        });
    }
    // A person: strip the titles in front, which are the cue.
    let mut b = a;
    let mut titled = false;
    while b < j && (lexicon::title(&low(b)) || lexicon::stopword(&low(b))) {
        titled |= lexicon::title(&low(b)) && low(b) != "the";
        b += 1;
    }
    if b == j {
        return None;
    }
    let before = (i > 0).then(|| low(i - 1));
    let title_before = before
        .as_deref()
        .is_some_and(|w| lexicon::title(w) && w != "the")
        || (i > 0 && tokens[i - 1].start + 1 == tokens[i].start && word(i - 1) == ".")
            && i >= 2
            && lexicon::title(&low(i - 2));
    let possessed =
        i >= 2 && matches!(low(i - 1).as_str(), "'s") && entity_kind(i - 2) == Some("country");
    let after = next_low(j);
    let said = after
        .as_deref()
        .is_some_and(|w| matches!(w, "said" | "says" | "told" | "stated" | "added"));
    let apposition =
        after.as_deref() == Some(",") && appositive_title(text, tokens, covered, cat, j + 1);
    let words = j - b;
    // "the Obama administration": a leader's family name.
    if words == 1 && after.as_deref() == Some("administration") && b == i {
        return Some(NewName {
            name: span(b, j),
            kind: "person",
            within: None,
        });
    }
    if (1..=4).contains(&words) && !(b..j).any(|k| lexicon::stopword(&low(k))) {
        // "talks with Wang Yi", "Putin and Xi Jinping": a full name after a
        // word that joins people; or a family name written first.
        let joins_people = before.as_deref().is_some_and(|w| {
            matches!(
                w,
                "with"
                    | "and"
                    | "met"
                    | "meets"
                    | "between"
                    | "hosted"
                    | "told"
                    | "by"
                    | "urged"
                    | "called"
            )
        }) && words >= 2;
        let family_first = words >= 2 && lexicon::family_name_first(&low(b));
        // "Vladimir Putin and Xi Jinping": beside a person across "and".
        let person_at = |k: Option<usize>| {
            k.and_then(|k| covered.get(k).copied().flatten())
                .is_some_and(|e| cat.entities[e].kind == "person")
        };
        let joins_people = joins_people
            || (words >= 2
                && ((after.as_deref() == Some("and") && person_at(Some(j + 1)))
                    || (i >= 2 && low(i - 1) == "and" && person_at(i.checked_sub(2)))));
        let strong =
            titled || title_before || possessed || apposition || joins_people || family_first;
        if strong || (said && words >= 2) {
            return Some(NewName {
                name: span(b, j),
                kind: "person",
                within: None,
            });
        }
    }
    // A dateline city: "SOCHI, May 6 (Reuters) –" or "SOCHI (Sputnik) –".
    let line_start = i == 0 || text[..tokens[i].start].ends_with('\n');
    let all_caps = !word(i).chars().any(char::is_lowercase);
    if line_start && all_caps && j == i + 1 && matches!(after.as_deref(), Some("," | "(")) {
        let title_case = titled_word(word(i));
        // Named as the article writes it, if it does within the next few
        // thousand bytes (a bounded look: a corpus has many datelines).
        let from = tokens[i].end;
        let mut to = (from + 4096).min(text.len());
        while !text.is_char_boundary(to) {
            to -= 1;
        }
        let name = if text[from..to].contains(&title_case) {
            title_case
        } else {
            word(i).to_string()
        };
        return Some(NewName {
            name,
            kind: "city",
            within: None,
        });
    }
    // A place after "in": "in Sochi", "in Nagato".
    let place_before = before.as_deref().is_some_and(|w| matches!(w, "in" | "at"));
    if place_before && words <= 2 && !all_caps && b == i {
        return Some(NewName {
            name: span(b, j),
            kind: "city",
            within: None,
        });
    }
    None
}

/// An organisation named after the country mention just before it
/// ("Chinese Foreign Ministry"), with the country's part of the name.
fn national(
    text: &str,
    tokens: &[Token],
    covered: &[Option<usize>],
    cat: &Catalogue,
    i: usize,
    j: usize,
) -> Option<NewName> {
    let c = covered.get(i.checked_sub(1)?).copied().flatten()?;
    if cat.entities[c].kind != "country" || text[tokens[i - 1].end..tokens[i].start] != *" " {
        return None;
    }
    // The country's mention may be several tokens ("South Korean").
    let mut k = i - 1;
    while k > 0 && covered[k - 1] == Some(c) && text[tokens[k - 1].end..tokens[k].start] == *" " {
        k -= 1;
    }
    let start = tokens[k].start;
    Some(NewName {
        name: text[start..tokens[j - 1].end].to_string(),
        kind: "organisation",
        within: Some((c, tokens[i - 1].end - start, tokens[i].start - start)),
    })
}

/// Whether tokens from `k` read as an apposition's title: "Japan's foreign
/// minister", "the foreign minister", "a spokesman for".
fn appositive_title(
    text: &str,
    tokens: &[Token],
    covered: &[Option<usize>],
    cat: &Catalogue,
    k: usize,
) -> bool {
    let mut saw_title = false;
    for k in k..(k + 6).min(tokens.len()) {
        let t = tokens[k];
        if let Some(e) = covered[k] {
            if cat.entities[e].kind != "country" {
                return false;
            }
        } else {
            let w = folded(&text[t.start..t.end]);
            if lexicon::title(&w) && w != "the" {
                saw_title = true;
            } else if !matches!(
                w.as_str(),
                "the" | "a" | "'s" | "an" | "government" | "country's"
            ) {
                break;
            }
        }
    }
    saw_title
}

fn titled_word(w: &str) -> String {
    let mut out = String::new();
    for (n, c) in w.chars().enumerate() {
        if n == 0 {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Vladimir Putin"), "vladimir_putin");
        assert_eq!(slug("People's Republic"), "peoples_republic");
        assert_eq!(slug("U.S. Army"), "us_army");
        assert_eq!(slug("Park Geun-hye"), "park_geun_hye");
    }
}
