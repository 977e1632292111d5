//! `kg extract`: entities and typed relations proposed from news text, each
//! relation with a quote cut from the text at its byte offsets, so every
//! quote is verbatim by construction.
//!
//! The pipeline, all rules and dictionaries, no model:
//! 1. **mentions** ([`mentions`]): the graph's names and aliases, the
//!    gazetteer's countries, demonyms, capitals and seats of government,
//!    then names the graph lacks, typed by their cues, and family names
//!    referring back to them;
//! 2. **sentences and units** ([`text`]): words and marks around the
//!    mentions, cut into sentences that know "Mr." and "U.S.";
//! 3. **phrases and patterns** ([`matcher`]): noun phrases headed by a name,
//!    and the patterns of each relation type of the schema
//!    (`extract.patterns`), read across phrases and inside them;
//! 4. **proposals**: typed ends checked against the schema, modality kept
//!    as attributes (negated, planned, reported), facts the graph holds
//!    marked `known`, one proposal per relation with its best quote.
//!
//! `docs/extract.md` describes the pattern language, scoring and linking.

pub mod gazetteer;
pub mod lexicon;
pub mod matcher;
pub mod mentions;
pub mod text;

use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::{json, Map, Value};

use crate::model::{EntityId, KnowledgeGraph, RelTypeId};
use crate::pattern::{Element, Pattern, Slot};
use matcher::{Unit, What};
use mentions::{Catalogue, Link, Mention};
use text::Token;

/// The largest text `extract` reads, in bytes: a large corpus (news
/// articles are kilobytes). Longer input is refused with a message rather
/// than read in part; kg reads about 5.5 MB a second and holds 18–40 bytes
/// per byte of text (docs/benchmarks.md), so this bounds a run to about six
/// seconds and a gigabyte.
pub const TEXT_LIMIT: usize = 32 * 1024 * 1024;

/// What the run is told about its source.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceInfo {
    pub id: String,
    pub date: Option<String>,
}

/// An entity the text names, known to the graph or proposed.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub id: String,
    /// Named only by demonym or seat of government ("Russian", "the
    /// Kremlin"): its name comes from the shipped gazetteer, not the text.
    pub gazetteer: bool,
    pub name: String,
    pub kind: String,
    pub aliases: Vec<String>,
    pub new: bool,
    pub graph: Option<EntityId>,
    pub mentions: Vec<(usize, usize)>,
}

/// A relation the text states.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// Index into [`Extraction::entities`].
    pub from: usize,
    pub kind: RelTypeId,
    pub to: usize,
    pub start: usize,
    pub end: usize,
    /// Where the two ends are named, for marking them in the quote.
    pub marks: Vec<(usize, usize)>,
    pub score: f64,
    pub known: bool,
    pub negated: bool,
    pub planned: bool,
    pub reported: bool,
    /// The pattern that read it.
    pub pattern: std::rc::Rc<str>,
}

/// Everything one text yields.
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    pub source: SourceInfo,
    pub sha256: String,
    pub entities: Vec<Entity>,
    pub relations: Vec<Proposal>,
}

/// A compiled pattern of one relation type.
struct Rule {
    kind: RelTypeId,
    pattern: Pattern,
    text: std::rc::Rc<str>,
    from: Vec<String>,
    to: Vec<String>,
    /// A title pattern ("{to} ['s] president {from}"): it names who holds a
    /// role of a country.
    title: bool,
}

/// The schema's patterns, indexed by the first word each must see.
struct Rules {
    rules: Vec<Rule>,
    by_word: FxHashMap<Box<str>, Vec<usize>>,
    /// Patterns with no word (`{to} {from}`), tried in every sentence.
    always: Vec<usize>,
}

impl Rules {
    /// The graph's rules; a type that has none borrows those of the news
    /// schema's type of the same id, so graphs written before extraction
    /// rules existed are read with them.
    fn of(g: &KnowledgeGraph) -> Rules {
        let s = g.schema();
        let news = news_rules();
        let mut rules = Vec::new();
        let mut by_word: FxHashMap<Box<str>, Vec<usize>> = FxHashMap::default();
        let mut always = Vec::new();
        for (id, t) in s.relation_types() {
            let Some(x) = t.extract.as_deref().or_else(|| news.get(&*t.id)) else {
                continue;
            };
            let names = |v: &[crate::model::TypeId]| {
                v.iter()
                    .map(|&i| s.entity_type(i).id.to_string())
                    .collect::<Vec<_>>()
            };
            for p in &x.patterns {
                // The loader refused patterns that do not parse.
                let Ok(pattern) = crate::pattern::parse(p) else {
                    continue;
                };
                let i = rules.len();
                let words = trigger(&pattern);
                if words.is_empty() {
                    always.push(i);
                }
                for a in words {
                    by_word.entry(a.clone()).or_default().push(i);
                }
                let title = is_title(&pattern);
                rules.push(Rule {
                    title,
                    kind: id,
                    pattern,
                    text: p.as_str().into(),
                    from: names(&t.from),
                    to: names(&t.to),
                });
            }
        }
        Rules {
            rules,
            by_word,
            always,
        }
    }
}

/// Whether a pattern reads a title: `{to}`, title words, `{from}`.
fn is_title(p: &Pattern) -> bool {
    let e = &p.elements;
    let words_are_titles = e[1..e.len().saturating_sub(1)].iter().all(|x| match x {
        Element::Word(alts) | Element::Optional(alts) => alts
            .iter()
            .all(|a| lexicon::title(a) || &**a == "'s" || &**a == "of"),
        _ => false,
    });
    e.len() >= 3
        && e.first() == Some(&Element::Slot(Slot::To))
        && e.last() == Some(&Element::Slot(Slot::From))
        && words_are_titles
}

/// Who holds which role, as the graph states it: (title type, country) →
/// person, indexes of the catalogue.
fn roles_in(
    g: &KnowledgeGraph,
    cat: &Catalogue,
    rules: &Rules,
) -> FxHashMap<(RelTypeId, usize), usize> {
    let mut kinds: Vec<RelTypeId> = rules
        .rules
        .iter()
        .filter(|r| r.title)
        .map(|r| r.kind)
        .collect();
    kinds.sort_unstable_by_key(|k| k.0);
    kinds.dedup();
    let mut out = FxHashMap::default();
    for k in kinds {
        for &r in g.relations_of_type(k) {
            let (a, _, b) = g.relation_ends(r);
            if let (Some(p), Some(c)) = (cat.index(g.entity_id(a)), cat.index(g.entity_id(b))) {
                out.insert((k, c), p);
            }
        }
    }
    out
}

/// The words a pattern is looked up by: those of its most telling required
/// word ("visit", not "to"), so a sentence tries only the patterns its words
/// can start.
fn trigger(p: &Pattern) -> &[Box<str>] {
    const COMMON: &[&str] = &[
        ",", "'s", "(", ")", "-", "and", "of", "in", "on", "to", "with", "the", "a", "an", "for",
        "by", "from", "at", "as", "or", "which", "that", "was", "is",
    ];
    let words = p.elements.iter().filter_map(|e| match e {
        Element::Word(alts) => Some(alts.as_slice()),
        _ => None,
    });
    let mut first = None;
    for alts in words {
        first.get_or_insert(alts);
        if alts.iter().all(|a| !COMMON.contains(&&**a)) {
            return alts;
        }
    }
    first.unwrap_or(&[])
}

/// The news schema's extraction rules by relation type id.
fn news_rules() -> &'static FxHashMap<String, crate::model::ExtractRules> {
    static RULES: std::sync::OnceLock<FxHashMap<String, crate::model::ExtractRules>> =
        std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        let text = include_str!("../../graphs/schema/news.json");
        let doc: Value = serde_json::from_str(text).expect("the news schema is JSON");
        let mut out = FxHashMap::default();
        for t in doc["schema"]["relation_types"]
            .as_array()
            .into_iter()
            .flatten()
        {
            if let (Some(id), Some(x)) = (t["id"].as_str(), t.get("extract")) {
                if let Ok(rules) = serde_json::from_value(x.clone()) {
                    out.insert(id.to_string(), rules);
                }
            }
        }
        out
    })
}

/// A piece of a sentence before phrases: a mention or a token.
#[derive(Clone, Copy)]
enum Piece {
    Mention(Mention),
    Token(Token),
}

impl Piece {
    fn span(&self) -> (usize, usize) {
        match self {
            Piece::Mention(m) => (m.start, m.end),
            Piece::Token(t) => (t.start, t.end),
        }
    }
}

/// Reads `text` against `g` and proposes what it states.
///
/// # Complexity
/// O(text + names of the graph) for mentions (Aho–Corasick, twice), then
/// O(units × patterns triggered per sentence) for relations; each pattern
/// tries a bounded extent at each unit.
pub fn extract(g: &KnowledgeGraph, text: &str, source: SourceInfo) -> Extraction {
    let mut cat = Catalogue::new(g);
    let mut tokens = Vec::new();
    text::tokenize(text, 0, text.len(), &mut tokens);
    // Pass 1: known names, then new names in what they leave. Pass 2: the
    // same with the new names and their family names, so that a name beside
    // a new person ("Putin and Xi Jinping") is looked at once more.
    for _pass in 0..2 {
        let covered = cover(&tokens, &cat.find(text));
        for n in mentions::new_names(text, &tokens, &covered, &cat) {
            if !cat.knows(&n.name) {
                match n.within {
                    Some(w) => cat.propose_within(&n, w),
                    None => cat.propose(&n.name, n.kind),
                };
            }
        }
    }
    let found = cat.find(text);
    let covered = cover(&tokens, &found);
    let mut pieces: Vec<Piece> = Vec::with_capacity(tokens.len());
    let mut m = 0;
    for (i, t) in tokens.iter().enumerate() {
        while m < found.len() && found[m].start <= t.start {
            pieces.push(Piece::Mention(found[m]));
            m += 1;
        }
        if covered[i].is_none() {
            pieces.push(Piece::Token(*t));
        }
    }
    pieces.extend(found[m..].iter().map(|&x| Piece::Mention(x)));
    // What is left of the text's analysis is its pieces.
    drop((tokens, covered));

    let rules = Rules::of(g);
    let is_person = |h: usize| cat.entities[h].kind == "person";
    let mut proposals: Vec<Proposal> = Vec::new();
    let mut best: FxHashMap<(usize, u32, usize, bool), usize> = FxHashMap::default();
    let mut words = Words::default();
    let mut roles = roles_in(g, &cat, &rules);
    let dateline = dateline_of(text, &cat, &found);
    let mut metonyms: Vec<Mention> = Vec::new();
    let mut pairs = Pairs::default();
    for sentence in sentences(text, &pieces) {
        let units: Vec<Unit> = sentence.iter().map(|p| unit(text, p, &mut words)).collect();
        let units = matcher::phrases(units, text, &is_person);
        let units = pairs.stand_in(units);
        let mut batch = Vec::new();
        read_sentence(
            &cat,
            &rules,
            &units,
            dateline,
            &mut roles,
            &mut metonyms,
            &mut batch,
        );
        pairs.saw(&cat, &units, &batch);
        // Overrides act within a sentence; then one proposal per relation
        // is kept, the best, so memory follows relations, not matches.
        drop_overridden(g, &mut batch);
        for p in batch {
            let (a, b) = if g.schema().relation_type(p.kind).symmetric && p.to < p.from {
                (p.to, p.from)
            } else {
                (p.from, p.to)
            };
            match best.entry((a, p.kind.0, b, p.negated)) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(proposals.len());
                    proposals.push(p);
                }
                std::collections::hash_map::Entry::Occupied(o) => {
                    let kept = &mut proposals[*o.get()];
                    if better(&p, kept) {
                        *kept = p;
                    }
                }
            }
        }
    }
    // A capital acting for its country is a mention of the country too.
    let mut found = found;
    if !metonyms.is_empty() {
        found.extend(metonyms);
        found.sort_by_key(|m| (m.start, m.entity));
    }
    assemble(g, text, source, &cat, &found, proposals)
}

/// For each token, the entity of the mention that covers it.
fn cover(tokens: &[Token], ms: &[Mention]) -> Vec<Option<usize>> {
    let mut out = vec![None; tokens.len()];
    let mut m = 0;
    for (i, t) in tokens.iter().enumerate() {
        while m < ms.len() && ms[m].end <= t.start {
            m += 1;
        }
        if m < ms.len() && ms[m].start < t.end && t.start < ms[m].end {
            out[i] = Some(ms[m].entity);
        }
    }
    out
}

/// Shared copies of the words of one text.
#[derive(Default)]
struct Words {
    shared: FxHashMap<String, std::rc::Rc<str>>,
    buf: String,
}

impl Words {
    /// The shared copy of `w`, folded first if `fold`.
    fn get(&mut self, w: &str, fold: bool) -> std::rc::Rc<str> {
        let key = if fold {
            text::fold_into(w, &mut self.buf);
            self.buf.as_str()
        } else {
            w
        };
        if let Some(r) = self.shared.get(key) {
            return r.clone();
        }
        let r: std::rc::Rc<str> = key.into();
        self.shared.insert(key.to_string(), r.clone());
        r
    }
}

fn unit(text: &str, p: &Piece, words: &mut Words) -> Unit {
    let (start, end) = p.span();
    let what = match p {
        Piece::Mention(m) => What::Phrase {
            head: Some(m.entity),
            head_at: (start, end),
            inner: Vec::new(),
        },
        Piece::Token(t) if t.word => What::Word(words.get(&text[start..end], true)),
        Piece::Token(_) => What::Mark(words.get(&text[start..end], false)),
    };
    Unit { start, end, what }
}

/// Cuts pieces into sentences: after a final mark (not after an
/// abbreviation) when a capital, quote or digit follows; at a blank line;
/// at a line break before a capital (a headline, a dateline).
///
/// # Complexity
/// O(pieces).
fn sentences<'p>(text: &str, pieces: &'p [Piece]) -> Vec<&'p [Piece]> {
    let mut out = Vec::new();
    let mut begin = 0;
    let mut i = 0;
    while i < pieces.len() {
        let (_, end) = pieces[i].span();
        let is_final = matches!(pieces[i], Piece::Token(t) if !t.word && text::final_mark(&text[t.start..t.end]));
        if is_final {
            let prev_abbrev = i > 0
                && matches!(pieces[i - 1], Piece::Token(p) if p.word && p.end == pieces[i].span().0 && text::abbreviation(&text[p.start..p.end]));
            let mut j = i + 1;
            while j < pieces.len()
                && matches!(pieces[j], Piece::Token(t) if !t.word && text::closing_mark(&text[t.start..t.end]))
            {
                j += 1;
            }
            let next_starts = pieces.get(j).is_none_or(|p| {
                let (s, _) = p.span();
                text[s..].chars().next().is_some_and(|c| {
                    c.is_uppercase()
                        || c.is_ascii_digit()
                        || matches!(c, '"' | '“' | '‘' | '(' | '\'')
                })
            });
            if !prev_abbrev && next_starts {
                out.push(&pieces[begin..j]);
                begin = j;
                i = j;
                continue;
            }
        }
        if let Some(next) = pieces.get(i + 1) {
            let gap = &text[end..next.span().0];
            let blank = gap.matches('\n').count() >= 2;
            let line_then_capital = gap.contains('\n')
                && text[next.span().0..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“'));
            if blank || line_then_capital {
                out.push(&pieces[begin..=i]);
                begin = i + 1;
            }
        }
        i += 1;
    }
    if begin < pieces.len() {
        out.push(&pieces[begin..]);
    }
    out
}

/// Runs the patterns a sentence's words can trigger, across its phrases and
/// inside them.
#[allow(clippy::too_many_arguments)]
fn read_sentence(
    cat: &Catalogue,
    rules: &Rules,
    units: &[Unit],
    dateline: Option<(usize, (usize, usize))>,
    roles: &mut FxHashMap<(RelTypeId, usize), usize>,
    metonyms: &mut Vec<Mention>,
    out: &mut Vec<Proposal>,
) {
    let mut words: Vec<&str> = Vec::new();
    for u in units {
        match &u.what {
            What::Phrase { inner, .. } => words.extend(inner.iter().filter_map(Unit::word)),
            _ => words.extend(u.word()),
        }
    }
    let mut candidates: Vec<usize> = words
        .iter()
        .filter_map(|w| rules.by_word.get(*w))
        .flatten()
        .copied()
        .chain(rules.always.iter().copied())
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    // Where a capital may stand for its government: as a subject (first in
    // its clause) or after "to", "with", "against" — not after "visited"
    // or "in", where it is a place.
    let mut governs: FxHashSet<usize> = FxHashSet::default();
    for (i, u) in units.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|k| units[k].word());
        let ok = match prev {
            None => i == 0,
            Some(w) => matches!(
                w,
                "," | "and"
                    | "but"
                    | "that"
                    | "while"
                    | "("
                    | "to"
                    | "with"
                    | "against"
                    | "on"
                    | "from"
                    | "\""
                    | "“"
                    | "–"
                    | "-"
                    | "--"
                    | "—"
                    | "between"
                    | "by"
                    | "of"
            ),
        };
        if ok {
            governs.insert(u.start);
        }
        // "Moscow believes", "Beijing protested": a capital as the subject of
        // a verb names its country too.
        let subject = matches!(
            prev,
            None | Some("," | "and" | "but" | "that" | "while" | "\"" | "“" | "–" | "--" | "—")
        );
        let verb_next = units.get(i + 1).and_then(Unit::word).is_some_and(|w| {
            (w.chars().all(char::is_alphabetic) && !lexicon::stopword(w) && w != "and") || w == "'s"
        });
        if let What::Phrase {
            head: Some(h),
            head_at,
            inner,
        } = &u.what
        {
            if let (true, true, true, Some(c)) = (
                subject,
                verb_next,
                inner.is_empty(),
                cat.entities[*h].capital_of,
            ) {
                metonyms.push(Mention {
                    start: head_at.0,
                    end: head_at.1,
                    entity: c,
                    link: Link::Seat,
                    named_from: head_at.0,
                });
            }
        }
    }
    // Titles first ("Chinese President Xi Jinping"): they name who holds a
    // role, so that a later "the Chinese president" can stand for him.
    for &r in &candidates {
        let rule = &rules.rules[r];
        let admit =
            |slot: Slot, h: usize, at: usize| admit(cat, rule, slot, h, governs.contains(&at));
        for u in units {
            if let What::Phrase { inner, .. } = &u.what {
                if inner.len() >= 2 {
                    for hit in matcher::find(&rule.pattern, inner, &admit) {
                        if rule.title {
                            for (&(p, _), &(c, _)) in hit.from.iter().zip(hit.to.iter()) {
                                roles.insert((rule.kind, c), p);
                            }
                        }
                        propose(rule, &hit, units, true, out);
                    }
                }
            }
        }
    }
    counterparts(cat, units, roles, out);
    let resolved = resolve_roles(cat, rules, &candidates, units, roles);
    let units = resolved.as_deref().unwrap_or(units);
    for &r in &candidates {
        let rule = &rules.rules[r];
        let admit =
            |slot: Slot, h: usize, at: usize| admit(cat, rule, slot, h, governs.contains(&at));
        if rule.pattern.from_dateline && dateline.is_none() {
            continue;
        }
        for mut hit in matcher::find(&rule.pattern, units, &admit) {
            if rule.pattern.from_dateline {
                // The agency of the dateline, if the type takes it.
                let Some((agency, at)) = dateline else {
                    continue;
                };
                if admit(Slot::From, agency, at.0).is_none() {
                    continue;
                }
                hit.from = vec![(agency, at)];
            }
            // "Moscow, and Abe" joins a country and a person: not one slot.
            for fill in [&mut hit.from, &mut hit.to] {
                if let Some(&(first, _)) = fill.first() {
                    let kind = &cat.entities[first].kind;
                    fill.retain(|&(h, _)| cat.entities[h].kind == *kind);
                }
            }
            propose(rule, &hit, units, false, out);
        }
    }
}

/// The news agency of the article's dateline ("MOSCOW (Sputnik) –",
/// "SEOUL, March 7 (Yonhap) --"): an agency in brackets near the start of a
/// line, before any sentence of its own.
fn dateline_of(text: &str, cat: &Catalogue, found: &[Mention]) -> Option<(usize, (usize, usize))> {
    found.iter().find_map(|m| {
        if !(text[..m.start].ends_with('(') && text[m.end..].starts_with(')')) {
            return None;
        }
        // The line's start, looked for no further back than a dateline runs.
        let from = floor(text, m.start.saturating_sub(61));
        let line_start = text[from..m.start].rfind('\n').map(|i| from + i + 1);
        let line_start = line_start.or((from == 0).then_some(0))?;
        let before = &text[line_start..m.start];
        let bracketed = true;
        let early = before.len() <= 60;
        (cat.entities[m.entity].kind == "news_agency" && bracketed && early)
            .then_some((m.entity, (m.start, m.end)))
    })
}

/// The two people and the two countries a text spoke of last, for "the two
/// leaders" and "the two countries".
#[derive(Default)]
struct Pairs {
    people: Vec<usize>,
    countries: Vec<usize>,
    /// The ends of the last relation between two parties of one kind.
    last: Option<(usize, usize)>,
}

impl Pairs {
    /// Notes the names of a sentence and the relations read from it.
    fn saw(&mut self, cat: &Catalogue, units: &[Unit], found: &[Proposal]) {
        for u in units {
            if let What::Phrase { head: Some(h), .. } = u.what {
                let list = match cat.entities[h].kind.as_str() {
                    "person" => &mut self.people,
                    "country" => &mut self.countries,
                    _ => continue,
                };
                list.retain(|&x| x != h);
                list.push(h);
                if list.len() > 2 {
                    list.remove(0);
                }
            }
        }
        for p in found {
            if cat.entities[p.from].kind == cat.entities[p.to].kind {
                self.last = Some((p.from, p.to));
            }
        }
    }

    /// "the two leaders" (or "the two sides", "both countries") as the two
    /// parties it refers back to, joined by "and", so patterns read them as
    /// they read "Abe and Putin".
    fn stand_in(&self, mut units: Vec<Unit>) -> Vec<Unit> {
        let mut i = 0;
        while i + 2 < units.len() {
            let det = matches!(units[i].word(), Some("the" | "both"));
            let two = units[i + 1].word() == Some("two");
            let (skip, noun) = if det && two {
                (3, units[i + 2].word())
            } else if units[i].word() == Some("both") {
                (2, units[i + 1].word())
            } else {
                (0, None)
            };
            let pair = match noun {
                Some("leaders" | "ministers" | "presidents" | "premiers" | "diplomats" | "men") => {
                    pair_of(&self.people)
                }
                Some(
                    "countries" | "nations" | "governments" | "neighbours" | "neighbors"
                    | "capitals",
                ) => pair_of(&self.countries),
                Some("sides") => self.last.or_else(|| pair_of(&self.people)),
                _ => None,
            };
            match pair {
                Some((a, b)) if skip > 0 => {
                    let (start, end) = (units[i].start, units[i + skip - 1].end);
                    let at = |h| Unit {
                        start,
                        end,
                        what: What::Phrase {
                            head: Some(h),
                            head_at: (start, end),
                            inner: Vec::new(),
                        },
                    };
                    let and = Unit {
                        start,
                        end,
                        what: What::Word("and".into()),
                    };
                    units.splice(i..i + skip, [at(a), and, at(b)]);
                    i += 3;
                }
                _ => i += 1,
            }
        }
        units
    }
}

fn pair_of(v: &[usize]) -> Option<(usize, usize)> {
    match v {
        [a, b] => Some((*a, *b)),
        _ => None,
    }
}

/// "X held talks with his Japanese counterpart, Fumio Kishida": Kishida
/// holds X's office for Japan, when the graph or the text says which office
/// X holds.
fn counterparts(
    cat: &Catalogue,
    units: &[Unit],
    roles: &FxHashMap<(RelTypeId, usize), usize>,
    out: &mut Vec<Proposal>,
) {
    let heads: Vec<usize> = units
        .iter()
        .filter_map(|u| match u.what {
            What::Phrase { head: Some(h), .. } => Some(h),
            _ => None,
        })
        .collect();
    for u in units {
        let What::Phrase {
            head: Some(p),
            inner,
            head_at,
        } = &u.what
        else {
            continue;
        };
        let counterpart = inner
            .iter()
            .any(|x| matches!(x.word(), Some("counterpart" | "counterparts")));
        if !counterpart || cat.entities[*p].kind != "person" {
            continue;
        }
        let country = inner.iter().find_map(|x| match x.what {
            What::Phrase {
                head: Some(h),
                head_at,
                ..
            } if cat.entities[h].kind == "country" => Some((h, head_at)),
            _ => None,
        });
        let Some((c, c_at)) = country else { continue };
        // The office of another person of the sentence.
        let mut offices: Vec<RelTypeId> = roles
            .iter()
            .filter(|(&(_, of), &holder)| of != c && holder != *p && heads.contains(&holder))
            .map(|(&(kind, _), _)| kind)
            .collect();
        offices.sort_unstable_by_key(|k| k.0);
        offices.dedup();
        if let [kind] = offices[..] {
            out.push(Proposal {
                from: *p,
                kind,
                to: c,
                start: u.start,
                end: u.end,
                marks: vec![*head_at, c_at],
                score: 0.65,
                known: false,
                negated: false,
                planned: false,
                reported: false,
                pattern: "(counterpart: the office of the other party)".into(),
            });
        }
    }
}

/// Stands in for the holder of a role while a title pattern is tried on a
/// phrase that names the role but no person.
const HOLDER: usize = usize::MAX;

/// Phrases that name a role and no person ("the Chinese president", "Japan's
/// foreign minister") stand for the person the graph or an earlier title of
/// the text says holds it. `None` when the sentence has none.
///
/// # Complexity
/// O(phrases × title patterns of the sentence).
fn resolve_roles(
    cat: &Catalogue,
    rules: &Rules,
    candidates: &[usize],
    units: &[Unit],
    roles: &FxHashMap<(RelTypeId, usize), usize>,
) -> Option<Vec<Unit>> {
    let mut out: Option<Vec<Unit>> = None;
    for (i, u) in units.iter().enumerate() {
        let What::Phrase {
            head: Some(c),
            inner,
            ..
        } = &u.what
        else {
            continue;
        };
        let ends_on_title = inner
            .last()
            .and_then(Unit::word)
            .is_some_and(lexicon::title);
        if !ends_on_title || cat.entities[*c].kind != "country" {
            continue;
        }
        let mut trial = inner.clone();
        trial.push(Unit {
            start: u.end,
            end: u.end,
            what: What::Phrase {
                head: Some(HOLDER),
                head_at: (u.end, u.end),
                inner: Vec::new(),
            },
        });
        let holder = candidates
            .iter()
            .map(|&r| &rules.rules[r])
            .filter(|r| r.title)
            .find_map(|rule| {
                let admit = |slot: Slot, h: usize, _: usize| match (slot, h) {
                    (Slot::From, HOLDER) => Some(HOLDER),
                    (_, HOLDER) => None,
                    _ => admit(cat, rule, slot, h, false),
                };
                matcher::find(&rule.pattern, &trial, &admit)
                    .into_iter()
                    .find_map(|hit| {
                        let holds = hit.from.iter().any(|f| f.0 == HOLDER);
                        let of = hit.to.iter().find(|t| t.0 == *c)?;
                        holds
                            .then(|| roles.get(&(rule.kind, of.0)).copied())
                            .flatten()
                    })
            });
        if let Some(p) = holder {
            let units = out.get_or_insert_with(|| units.to_vec());
            units[i].what = What::Phrase {
                head: Some(p),
                head_at: (u.start, u.end),
                inner: inner.clone(),
            };
        }
    }
    out
}

/// The entity that may fill `slot` of `rule` for a mention of `h`: itself if
/// its type fits, its country if it is a capital and the slot wants one.
fn admit(cat: &Catalogue, rule: &Rule, slot: Slot, h: usize, governs: bool) -> Option<usize> {
    let types = match slot {
        Slot::From => &rule.from,
        Slot::To => &rule.to,
    };
    let e = &cat.entities[h];
    if types.is_empty() || types.contains(&e.kind) {
        return Some(h);
    }
    match e.capital_of {
        Some(c) if governs && types.iter().any(|t| t == "country") => Some(c),
        _ => None,
    }
}

fn propose(rule: &Rule, hit: &matcher::Hit, units: &[Unit], inside: bool, out: &mut Vec<Proposal>) {
    let negated = hit.aux.iter().any(|w| lexicon::negation(w));
    let planned = hit.aux.iter().any(|w| lexicon::plan(w));
    let reported = !inside && matcher::reported(units, hit.start, hit.end);
    let words = rule.pattern.literal_count().min(3) as f64;
    let mut score = 0.6 + 0.1 * words - 0.04 * hit.skipped as f64;
    if hit.coordinated {
        score -= 0.05;
    }
    if reported {
        score -= 0.05;
    }
    for &(f, f_at) in &hit.from {
        for &(t, t_at) in &hit.to {
            if f == t {
                continue;
            }
            out.push(Proposal {
                from: f,
                kind: rule.kind,
                to: t,
                start: hit.start,
                end: hit.end,
                marks: vec![f_at, t_at],
                score: (score.clamp(0.05, 0.99) * 100.0).round() / 100.0,
                known: false,
                negated,
                planned,
                reported,
                pattern: rule.text.clone(),
            });
        }
    }
}

/// One proposal per relation (its best quote), entities in order of first
/// mention, ids remapped to that list.
fn assemble(
    g: &KnowledgeGraph,
    text: &str,
    source: SourceInfo,
    cat: &Catalogue,
    found: &[Mention],
    mut proposals: Vec<Proposal>,
) -> Extraction {
    let symmetric = |k: RelTypeId| g.schema().relation_type(k).symmetric;
    proposals.sort_by_key(|p| (p.start, p.end, p.kind.0, p.from, p.to));
    // Entities: every one mentioned, in order of first mention.
    let mut order: Vec<usize> = Vec::new();
    let mut at: FxHashMap<usize, usize> = FxHashMap::default();
    let mut spans: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut surfaces: Vec<Vec<String>> = Vec::new();
    let mut place = |e: usize,
                     order: &mut Vec<usize>,
                     spans: &mut Vec<Vec<(usize, usize)>>,
                     surfaces: &mut Vec<Vec<String>>|
     -> usize {
        *at.entry(e).or_insert_with(|| {
            order.push(e);
            spans.push(Vec::new());
            surfaces.push(Vec::new());
            order.len() - 1
        })
    };
    for m in found {
        let k = place(m.entity, &mut order, &mut spans, &mut surfaces);
        spans[k].push((m.start, m.end));
        let said = &text[m.named_from..m.end];
        if matches!(m.link, Link::Name | Link::Surname) && !surfaces[k].iter().any(|s| s == said) {
            surfaces[k].push(said.to_string());
        }
    }
    for p in &mut proposals {
        // A capital's country may have no mention of its own.
        p.from = place(p.from, &mut order, &mut spans, &mut surfaces);
        p.to = place(p.to, &mut order, &mut spans, &mut surfaces);
    }
    let entities: Vec<Entity> = order
        .iter()
        .zip(spans)
        .zip(surfaces)
        .map(|((&e, mentions), used)| {
            let c = &cat.entities[e];
            let said = &used;
            let aliases = match c.graph {
                Some(id) => g
                    .entity(id)
                    .aliases
                    .iter()
                    .map(|a| a.text.to_string())
                    .collect(),
                None => {
                    let mut v: Vec<String> =
                        used.iter().filter(|s| **s != c.name).cloned().collect();
                    v.sort();
                    v.dedup();
                    v
                }
            };
            // A new entity is named as the text names it: its canonical name
            // if the text has it, else the longest name it uses ("UN").
            let name = if c.graph.is_some() || said.contains(&c.name) {
                c.name.clone()
            } else {
                said.iter()
                    .max_by_key(|s| (s.len(), std::cmp::Reverse(s.as_str())))
                    .cloned()
                    .unwrap_or_else(|| c.name.clone())
            };
            let aliases = if name != c.name && c.graph.is_none() {
                aliases.into_iter().filter(|a| *a != name).collect()
            } else {
                aliases
            };
            let gazetteer = c.graph.is_none() && !said.contains(&name);
            Entity {
                id: c.id.clone(),
                gazetteer,
                name,
                kind: c.kind.clone(),
                aliases,
                new: c.graph.is_none(),
                graph: c.graph,
                mentions,
            }
        })
        .collect();
    for p in &mut proposals {
        if let (Some(a), Some(b)) = (entities[p.from].graph, entities[p.to].graph) {
            p.known = holds(g, a, p.kind, b, symmetric(p.kind));
        }
    }
    let source = SourceInfo {
        date: source.date.or_else(|| date_in(text)),
        ..source
    };
    Extraction {
        source,
        sha256: crate::verbatim::sha256_hex(text),
        entities,
        relations: proposals,
    }
}

/// Drops a proposal whose two entities a more specific type reads in an
/// overlapping passage (the schema's `overrides`).
///
/// # Complexity
/// O(proposals × proposals between the same two entities).
fn drop_overridden(g: &KnowledgeGraph, proposals: &mut Vec<Proposal>) {
    let s = g.schema();
    let over = |k: RelTypeId| -> Vec<RelTypeId> {
        s.relation_type(k)
            .extract
            .as_deref()
            .map(|x| {
                x.overrides
                    .iter()
                    .filter_map(|o| s.relation_type_id(o))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut weaker: FxHashMap<RelTypeId, Vec<RelTypeId>> = FxHashMap::default();
    let mut by_ends: FxHashMap<(usize, usize), Vec<usize>> = FxHashMap::default();
    for (i, p) in proposals.iter().enumerate() {
        weaker.entry(p.kind).or_insert_with(|| over(p.kind));
        by_ends
            .entry((p.from.min(p.to), p.from.max(p.to)))
            .or_default()
            .push(i);
    }
    let mut gone = vec![false; proposals.len()];
    for p in proposals.iter() {
        let weak = &weaker[&p.kind];
        if weak.is_empty() {
            continue;
        }
        for &q in &by_ends[&(p.from.min(p.to), p.from.max(p.to))] {
            let o = &proposals[q];
            if weak.contains(&o.kind) && o.start < p.end && p.start < o.end {
                gone[q] = true;
            }
        }
    }
    let mut k = 0;
    proposals.retain(|_| {
        k += 1;
        !gone[k - 1]
    });
}

/// Whether proposal `a` is a better statement of its relation than `b`:
/// a higher score, then an earlier quote, then a shorter one.
fn better(a: &Proposal, b: &Proposal) -> bool {
    b.score
        .total_cmp(&a.score)
        .then(a.start.cmp(&b.start))
        .then((a.end - a.start).cmp(&(b.end - b.start)))
        .is_lt()
}

/// Whether the graph holds the relation already (either way if symmetric).
fn holds(g: &KnowledgeGraph, a: EntityId, kind: RelTypeId, b: EntityId, symmetric: bool) -> bool {
    g.incident(a).any(|inc| {
        inc.other == b && g.relation_type_of(inc.relation) == kind && (inc.outgoing || symmetric)
    })
}

/// The first date the text gives ("March 14, 2016", "6 May 2016",
/// "2016-05-06"), as an ISO date.
pub fn date_in(text: &str) -> Option<String> {
    let head = &text[..floor(text, 4096)];
    let mut toks = Vec::new();
    text::tokenize(head, 0, head.len(), &mut toks);
    let w: Vec<&str> = toks.iter().map(|t| &head[t.start..t.end]).collect();
    let month = |s: &str| {
        const M: [&str; 12] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let f = text::folded(s);
        (lexicon::month(&f))
            .then(|| M.iter().position(|m| f.starts_with(m)).map(|i| i + 1))
            .flatten()
    };
    let day = |s: &str| s.parse::<u32>().ok().filter(|d| (1..=31).contains(d));
    let year = |s: &str| s.parse::<u32>().ok().filter(|y| (1900..=2100).contains(y));
    for i in 0..w.len() {
        if let Some(iso) = iso_date(w[i]) {
            return Some(iso);
        }
        if let Some(m) = month(w[i]) {
            // March 14, 2016
            if let (Some(d), Some(y)) = (
                w.get(i + 1).and_then(|s| day(s)),
                w.get(i + 3).or(w.get(i + 2)).and_then(|s| year(s)),
            ) {
                return Some(format!("{y:04}-{m:02}-{d:02}"));
            }
            // 6 May 2016
            if let (Some(d), Some(y)) = (
                i.checked_sub(1).and_then(|k| day(w[k])),
                w.get(i + 1).and_then(|s| year(s)),
            ) {
                return Some(format!("{y:04}-{m:02}-{d:02}"));
            }
        }
    }
    None
}

fn iso_date(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let ok = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
    (ok && s.parse::<crate::date::Date>().is_ok()).then(|| s.to_string())
}

fn floor(s: &str, n: usize) -> usize {
    let mut n = n.min(s.len());
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    n
}

impl Extraction {
    /// The JSON contract of `kg extract --format json` (docs/extract.md).
    pub fn to_json(&self, g: &KnowledgeGraph, text: &str) -> Value {
        let s = g.schema();
        let mut source = Map::new();
        source.insert("id".into(), json!(self.source.id));
        source.insert("sha256".into(), json!(self.sha256));
        if let Some(d) = &self.source.date {
            source.insert("date".into(), json!(d));
        }
        let entities: Vec<Value> = self
            .entities
            .iter()
            .map(|e| {
                let mut v = json!({
                    "id": e.id, "name": e.name, "type": e.kind, "aliases": e.aliases, "new": e.new,
                    "mentions": e.mentions.iter().map(|&(s, e)| json!({"start": s, "end": e})).collect::<Vec<_>>(),
                });
                if e.gazetteer {
                    v["gazetteer"] = json!(true);
                }
                v
            })
            .collect();
        let mut types = Map::new();
        let relations: Vec<Value> = self
            .relations
            .iter()
            .map(|p| {
                let t = s.relation_type(p.kind);
                let mut d = Map::new();
                if let Some(x) = &t.description {
                    d.insert("description".into(), json!(x));
                }
                if let Some(x) = &t.inverse {
                    d.insert("inverse".into(), json!(x));
                }
                d.insert("symmetric".into(), json!(t.symmetric));
                types.insert(t.id.to_string(), Value::Object(d));
                let mut r = json!({
                    "from": self.entities[p.from].id, "type": &*t.id, "to": self.entities[p.to].id,
                    "quote": &text[p.start..p.end], "start": p.start, "end": p.end,
                    "score": p.score, "known": p.known,
                });
                let attrs = p.attributes();
                if !attrs.is_empty() {
                    r["attributes"] = Value::Object(attrs);
                }
                r["pattern"] = json!(&*p.pattern);
                r
            })
            .collect();
        json!({"source": source, "entities": entities, "relations": relations, "relation_types": types})
    }
}

impl Proposal {
    /// The modality of the statement, as attributes of the relation.
    pub fn attributes(&self) -> Map<String, Value> {
        let mut a = Map::new();
        for (k, on) in [
            ("negated", self.negated),
            ("planned", self.planned),
            ("reported", self.reported),
        ] {
            if on {
                a.insert(k.into(), Value::Bool(true));
            }
        }
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every example sentence of the news schema states its relation, read by
    /// the patterns beside it: the examples are the patterns' own tests.
    #[test]
    fn every_schema_example_is_read() {
        let g = crate::load::builtin();
        let s = g.schema();
        let mut checked = 0;
        for (id, t) in s.relation_types() {
            let Some(rules) = t.extract.as_deref() else {
                continue;
            };
            for ex in &rules.examples {
                let x = extract(&g, &ex.text, SourceInfo::default());
                let named =
                    |e: &Entity, want: &str| e.name == want || e.aliases.iter().any(|a| a == want);
                let found = x.relations.iter().any(|p| {
                    let (a, b) = (&x.entities[p.from], &x.entities[p.to]);
                    p.kind == id
                        && ((named(a, &ex.from) && named(b, &ex.to))
                            || (t.symmetric && named(a, &ex.to) && named(b, &ex.from)))
                });
                assert!(
                    found,
                    "{}: {:?} does not yield {} —{}→ {}",
                    t.id, ex.text, ex.from, t.id, ex.to
                );
                checked += 1;
            }
        }
        assert!(checked >= 35, "only {checked} examples");
    }

    #[test]
    fn quotes_are_the_bytes_at_their_offsets_and_reruns_are_identical() {
        let g = crate::load::builtin();
        let text = include_str!("../../docs/examples/sochi.txt");
        let a = extract(&g, text, SourceInfo::default());
        let b = extract(&g, text, SourceInfo::default());
        assert_eq!(a, b);
        let meets = a
            .relations
            .iter()
            .find(|p| &*g.schema().relation_type(p.kind).id == "meets")
            .expect("Abe meets Putin");
        assert_eq!(
            &text[meets.start..meets.end],
            "Shinzo Abe met Russian President Vladimir Putin"
        );
        let putin = &a.entities[meets.to];
        assert_eq!(
            (putin.name.as_str(), putin.kind.as_str(), putin.new),
            ("Vladimir Putin", "person", true)
        );
        assert_eq!(a.entities[meets.from].id, "shinzo_abe");
        assert_eq!(a.source.date.as_deref(), Some("2016-05-06"));
    }

    #[test]
    fn dates_in_text() {
        assert_eq!(
            date_in("March 14, 2016\nMoscow").as_deref(),
            Some("2016-03-14")
        );
        assert_eq!(date_in("on 6 May 2016 Abe").as_deref(), Some("2016-05-06"));
        assert_eq!(
            date_in("filed 2017-04-07 in").as_deref(),
            Some("2017-04-07")
        );
        assert_eq!(date_in("no date here"), None);
    }
}
