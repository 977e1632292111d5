//! The Graphviz DOT drawing engine: entities and relations as a picture worth
//! putting in a report, and running Graphviz on it. Answers (`render::dot`) and
//! whole graphs (`export::dot`) are both drawn here, so this module knows neither
//! answers nor the store: it draws the plain [`Node`]s and [`Edge`]s they hand it.
//!
//! - Nodes get a shape and a fill colour by entity type; the label is the name,
//!   then the type (none for an untyped entity of an imported dataset).
//! - All relations between two entities are drawn as one line, since event data
//!   has dozens between the same two (each its own line took Graphviz minutes and
//!   could not be read). Its label lists their types as `RelationType::label`
//!   shows them, with counts (`Consult ×4`, at most [`LABEL_TYPES`] then
//!   `+N more types`), and the dates they hold; arrowheads say which way they go
//!   (both ends for both ways, none when all are symmetric). A symmetric relation
//!   stored more than once is one relation. Lines whose relations all rest on
//!   background evidence are dashed. Tooltips (SVG) read every relation with its
//!   evidence: each quote with its source and the date it was reported, the
//!   validity and confidence.
//! - A path answer's lines are drawn in red, its ends with a heavy border, and
//!   an evidence table under the drawing reads the path hop by hop; the center of
//!   a neighbourhood (and the entity of `show`) gets a double border, and on a big
//!   one ([`Drawing::quiet_context`]) the lines between two other entities are
//!   light, unlabelled and kept out of the layout.
//! - Other drawings ([`Drawing::notes`]) carry their evidence as numbered
//!   footnotes, since tooltips are lost in print: each line with evidence gets a
//!   number after its label, and a bounded table under the drawing lists them
//!   (a lone relation read, or the pair and each of its relations), says how many
//!   it left out and what lists those, and names each cited source once.
//! - The legend, right of the drawing, explains every encoding the drawing uses
//!   and no other: entity types, node marks, arrows, colours, dashes, numbers.
//! - Output is sorted (nodes by id, lines by their pair of ends) so diffs of it
//!   mean something, and every string is escaped: quoted strings by [`quote`],
//!   HTML-like labels by [`html`].
//!
//! Only DOT features Graphviz 2.43 has are used.

use std::borrow::Cow;
use std::io::{self, Write};
use std::process::{Command, Stdio};

/// A DOT quoted string: `"` and `\` escaped, line breaks as `\n`, `&` as `&amp;`
/// (Graphviz decodes entities such as `&copy;` in labels), other control characters
/// shown as in [`push_control`].
///
/// The mapping is one-to-one, because a quoted entity id is a node's ID: two ids
/// that differ in any character, control characters included, stay two nodes.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '&' => out.push_str("&amp;"),
            c => push_control(&mut out, c),
        }
    }
    out.push('"');
    out
}

/// Pushes `c`, unless it is a control character (tab aside) or stands for one.
///
/// Graphviz copies names and labels into SVG, where the C0 controls are not
/// allowed even as character references, so each is drawn as its Unicode "control
/// picture" (U+0001 as ␁, DEL as ␡; Graphviz turns `&#x7f;` into bytes that are
/// not UTF-8). To keep `quote` one-to-one, a picture that is in the data itself is
/// written as a character reference (`&#x2401;`), which Graphviz shows as the same
/// picture. The C1 controls are legal XML and are written as references too, so
/// the DOT source holds no control character at all.
fn push_control(out: &mut String, c: char) {
    use std::fmt::Write as _;
    match c {
        '\t' => out.push(c),
        '\0'..='\u{1f}' => {
            out.push(char::from_u32(0x2400 + c as u32).expect("a control picture"));
        }
        '\u{7f}' => out.push('\u{2421}'),
        '\u{80}'..='\u{9f}' | '\u{2400}'..='\u{2421}' | '\u{27e6}' => {
            let _ = write!(out, "&#x{:x};", c as u32);
        }
        // Not XML characters at all, not even as references, so Graphviz's SVG
        // would not parse: written as visible text between ⟦ ⟧ (a ⟦ in the data
        // is a reference, above, so the spelling stays one-to-one).
        '\u{fffe}' => out.push_str("⟦U+FFFE⟧"),
        '\u{ffff}' => out.push_str("⟦U+FFFF⟧"),
        c => out.push(c),
    }
}

/// Text for an HTML-like label: `&`, `<`, `>`, `"`, `'` as XML entities, line
/// breaks as `<BR ALIGN="LEFT"/>`, tabs as spaces, other control characters
/// as [`quote`] shows them. (Backslashes and braces mean nothing in HTML-like labels and stay.)
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<BR ALIGN=\"LEFT\"/>"),
            '\t' => out.push(' '),
            c => push_control(&mut out, c),
        }
    }
    out
}

/// How a node stands out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mark {
    #[default]
    None,
    /// An end of a path answer: a heavy border.
    End,
    /// The center of a neighbourhood, the entity of `show`: a double border.
    Center,
}

/// An entity to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    /// `kind` is only the placeholder type an import gives every entity of a
    /// dataset that names none ("entity"): the label and the legend leave it out,
    /// since it would say nothing.
    pub untyped: bool,
    pub mark: Mark,
}

/// One evidence item of a relation to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence<'a> {
    pub source: &'a str,
    pub quote: Option<&'a str>,
    pub date: Option<Cow<'a, str>>,
    pub background: bool,
}

impl Evidence<'_> {
    /// `“quote” — source, date`, or `background knowledge (source)`.
    fn line(&self) -> String {
        let mut s = String::new();
        if let Some(q) = self.quote {
            s.push('“');
            s.push_str(q);
            s.push_str("” ");
        }
        s.push_str(&self.attribution());
        s
    }

    /// `— source, reported DATE`: the date is when the source said it, not when
    /// the fact holds (the relation's validity, shown as `valid ...`).
    pub fn attribution(&self) -> String {
        if self.background && self.quote.is_none() {
            return format!("— background knowledge ({})", self.source);
        }
        match &self.date {
            Some(d) => format!("— {}, reported {d}", self.source),
            None => format!("— {}", self.source),
        }
    }
}

/// A validity as text answers label it: "event 2016-03-13" for the day or month
/// an event happened, "holds 2012 .. 2020" for a span, so a drawing's dates are
/// never taken for the date a source reported them ("reported 2016-03-14").
pub fn validity(v: &str) -> String {
    if v.contains(" .. ") {
        format!("holds {v}")
    } else {
        format!("event {v}")
    }
}

/// A relation to draw, in its stored direction.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge<'a> {
    pub from: &'a str,
    pub to: &'a str,
    /// The relation type's id: what sorts and merges relations.
    pub kind: &'a str,
    /// The relation type as it is shown (`RelationType::label`: "based in",
    /// FB15k-237's "/location/adjoin_s./location/adjoins/adjoins" verbatim), read
    /// in the stored direction.
    pub label: Cow<'a, str>,
    pub symmetric: bool,
    pub evidence: Vec<Evidence<'a>>,
    pub valid: Option<Cow<'a, str>>,
    pub confidence: Option<f64>,
    /// On the path of a path answer: drawn in the path colour.
    pub on_path: bool,
}

impl<'a> Edge<'a> {
    /// The order edges must come in: the pair of ends (in sorted order, whichever
    /// way the relation goes), then type, then stored tail. Relations with equal
    /// pairs are drawn as one line; equal keys of a symmetric type are one relation.
    pub fn key(&self) -> (&'a str, &'a str, &'a str, &'a str) {
        let (lo, hi) = self.pair();
        let tail = if self.symmetric { lo } else { self.from };
        (lo, hi, self.kind, tail)
    }

    /// Its ends in sorted order: the line it is drawn on.
    pub fn pair(&self) -> (&'a str, &'a str) {
        if self.to < self.from {
            (self.to, self.from)
        } else {
            (self.from, self.to)
        }
    }

    /// `A —label→ B` (`—label—` when symmetric), with the ends' names.
    fn reading(&self, from: &str, to: &str) -> String {
        let arrow = if self.symmetric { "—" } else { "→" };
        format!("{from} —{}{arrow} {to}", self.label)
    }

    /// `event V · confidence C` (`holds V` for a span), as far as known.
    fn facts(&self) -> String {
        let mut facts = Vec::new();
        if let Some(v) = &self.valid {
            facts.push(validity(v));
        }
        if let Some(c) = self.confidence {
            facts.push(format!("confidence {c}"));
        }
        facts.join(" · ")
    }

    fn background_only(&self) -> bool {
        !self.evidence.is_empty() && self.evidence.iter().all(|e| e.background)
    }

    /// Whether it has evidence worth a footnote: a quote, or a source that is
    /// not background knowledge (which the dashed line already says).
    fn citable(&self) -> bool {
        self.evidence
            .iter()
            .any(|e| e.quote.is_some() || !e.background)
    }
}

/// One hop of a path, read in the direction the path walks, with its evidence:
/// a row of the evidence table under a path drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct PanelRow {
    /// `Kyodo News —based in→ Japan`.
    pub reading: String,
    /// `(quote, attribution)` pairs.
    pub evidence: Vec<(Option<String>, String)>,
    /// A heading row (`Path 2: A → B → C`) rather than a hop.
    pub heading: bool,
}

/// A source a footnote may cite, named once under the evidence table.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceNote {
    pub id: String,
    pub title: Option<String>,
    /// Publisher, date and address, as far as known ("" when none is).
    pub about: String,
}

/// Evidence as numbered footnotes: each drawn relation with evidence gets a
/// number after its label, and the table under the drawing lists the first
/// [`PANEL_ROWS`] of them, then the sources they cite.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    /// What lists the relations the table leaves out: "kg show Japan lists them".
    pub more: String,
    /// Sources that may be cited, sorted by id; only those cited are shown.
    pub sources: Vec<SourceNote>,
}

/// Everything about a drawing but its edges, which may be many and are streamed.
#[derive(Debug, Clone, Default)]
pub struct Drawing<'a> {
    pub title: String,
    /// Entities, sorted by id, each once.
    pub nodes: Vec<Node<'a>>,
    /// The evidence table under the drawing (empty: none).
    pub panel: Vec<PanelRow>,
    /// Hops left out of the panel to keep it readable.
    pub panel_more: usize,
    /// Number the edges' evidence into a table of footnotes (not with `panel`,
    /// which reads a path hop by hop instead).
    pub notes: Option<Notes>,
    /// What a [`Mark::Center`] stands for, for the legend: "the entity shown".
    pub center_means: &'static str,
    /// Draw lines between two entities neither of which is a [`Mark::Center`]
    /// light, labelled only by their footnote number, and without a say in the
    /// layout: on a neighbourhood of event data they are hundreds, and labelled
    /// they would bury the center's own lines (and take Graphviz minutes).
    pub quiet_context: bool,
}

/// Which encodings a drawing used, so that its legend explains those and no others.
#[derive(Debug, Clone, Copy, Default)]
struct Used {
    directed: bool,
    symmetric: bool,
    on_path: bool,
    background: bool,
    numbered: bool,
    /// Relations going both ways on one line.
    both: bool,
    /// A type counted on a folded line (`Consult ×4`).
    counted: bool,
    /// Dates on a line (when its relations hold).
    dated: bool,
    /// A light line between two entities neither of which is the center.
    context: bool,
    end: bool,
    center: bool,
}

/// Node shape, whether its corners are rounded, and fill colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Style {
    shape: &'static str,
    rounded: bool,
    fill: &'static str,
}

const fn style(shape: &'static str, rounded: bool, fill: &'static str) -> Style {
    Style {
        shape,
        rounded,
        fill,
    }
}

/// Styles for entity types. Common type names get a fixed style (so a country
/// looks the same in every picture); other types take the free ones in name order.
const STYLES: [Style; 10] = [
    style("box", true, "#cfe2f3"),      // 0 country: blue rounded box
    style("ellipse", false, "#fce5cd"), // 1 person: orange ellipse
    style("hexagon", false, "#d9ead3"), // 2 territory, region: green hexagon
    style("note", false, "#fff2cc"),    // 3 organisation, news agency: yellow note
    style("house", false, "#d9d2e9"),   // 4 city: purple house
    style("diamond", false, "#f4cccc"), // 5 event: red diamond
    style("parallelogram", false, "#d0e0e3"),
    style("octagon", false, "#ead1dc"),
    style("cylinder", false, "#fde9d9"),
    style("box", true, "#eeeeee"), // 9 entity (untyped imports): grey rounded box
];

/// The fixed style slot of a well-known type name, if it is one.
fn known_slot(kind: &str) -> Option<usize> {
    let k = kind.to_lowercase().replace([' ', '-'], "_");
    Some(match k.as_str() {
        "country" | "state" | "nation" | "sovereign_state" => 0,
        "person" | "people" | "individual" | "human" | "politician" => 1,
        "territory" | "region" | "area" | "island" | "islands" | "location" | "place" => 2,
        "organisation" | "organization" | "org" | "news_agency" | "agency" | "company"
        | "media" | "party" | "institution" | "newspaper" => 3,
        "city" | "town" | "capital" | "municipality" => 4,
        "event" | "meeting" => 5,
        "entity" => 9,
        _ => return None,
    })
}

/// Styles for the types in `kinds` (sorted, distinct), in the same order.
fn styles_for(kinds: &[&str]) -> Vec<Style> {
    let mut slots: Vec<Option<usize>> = kinds.iter().map(|k| known_slot(k)).collect();
    // Two known names sharing a slot (country, state): the second is treated as unknown.
    for i in 0..slots.len() {
        if slots[i].is_some() && slots[..i].contains(&slots[i]) {
            slots[i] = None;
        }
    }
    let mut free = (0..STYLES.len())
        .filter(|s| !slots.contains(&Some(*s)))
        .collect::<Vec<_>>()
        .into_iter();
    let mut extra = 0usize;
    slots
        .into_iter()
        .map(|slot| match slot.or_else(|| free.next()) {
            Some(s) => STYLES[s],
            None => {
                // More types than styles: vary shape and colour independently.
                extra += 1;
                let shape = STYLES[extra % STYLES.len()];
                let fill = STYLES[(extra / STYLES.len() + extra * 3) % STYLES.len()];
                style(shape.shape, shape.rounded, fill.fill)
            }
        })
        .collect()
}

fn style_attrs(s: Style) -> String {
    let style = if s.rounded {
        "rounded,filled"
    } else {
        "filled"
    };
    // Graphviz grows slanted shapes round the label already; a box's margin would
    // make them huge.
    let margin = match s.shape {
        "hexagon" | "house" | "octagon" | "parallelogram" | "diamond" => ", margin=\"0.03,0.02\"",
        _ => "",
    };
    format!(
        "shape={}, style=\"{style}\", fillcolor=\"{}\"{margin}",
        s.shape, s.fill
    )
}

const PATH_COLOUR: &str = "#c0392b";
/// The colour of a line between two entities neither of which is the center,
/// when a drawing keeps them quiet ([`Drawing::quiet_context`]).
const CONTEXT_COLOUR: &str = "#c8c8c8";
/// How an end of a path stands out: a heavy border.
const END_MARK: &str = ", penwidth=2.8, color=\"#1a1a1a\"";
/// How the center of a neighbourhood (the entity of `show`) stands out: a double border.
const CENTER_MARK: &str = ", penwidth=2, peripheries=2, color=\"#1a1a1a\"";
/// Quotes in the evidence table are wrapped at about this many characters.
pub const PANEL_WIDTH: usize = 90;
/// At most this many hops in the evidence table.
pub const PANEL_ROWS: usize = 24;

/// Writes a drawing: `d`'s nodes and legend, and `edges`, which must come sorted
/// by [`Edge::key`]. Consecutive edges with the same pair of ends are drawn as one
/// line; consecutive edges of a symmetric type with equal keys are one relation,
/// with the evidence of all.
///
/// # Complexity
/// O(n log n + r log r) for n nodes and r relations: each pair's relations are
/// held at once (never all of them), sorted by date and counted by type.
pub fn write_drawing<'a>(
    w: &mut dyn Write,
    d: &Drawing<'a>,
    edges: impl Iterator<Item = Edge<'a>>,
) -> io::Result<()> {
    let mut kinds: Vec<&str> = d.nodes.iter().map(|n| n.kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let styles = styles_for(&kinds);
    let style_of = |kind: &str| styles[kinds.binary_search(&kind).unwrap_or(0)];
    let index_of = |id: &str| d.nodes.binary_search_by(|n| n.id.cmp(id)).ok();

    let mut used = Used::default();
    writeln!(w, "digraph kg {{")?;
    write!(
        w,
        "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=16, pad=\"0.3\", \
         nodesep=\"0.3\", ranksep=\"0.6\", tooltip={}",
        quote(&cut(&d.title, TIP_CHARS))
    )?;
    let in_cluster = !d.panel.is_empty() || d.notes.is_some();
    if !d.panel.is_empty() {
        // The title goes on a borderless cluster round the drawing, the evidence below.
        write!(
            w,
            ", labelloc=b, labeljust=l, label=<{}>",
            panel_html(&d.panel, d.panel_more, &PanelMore::Hops, &[])
        )?;
    } else if d.notes.is_some() {
        // The footnotes are known once the edges are written: their table is the
        // root graph's label, set at the end.
        write!(w, ", labelloc=b, labeljust=l")?;
    } else {
        write!(
            w,
            ", labelloc=t, labeljust=l, label={}",
            quote(&cut(&d.title, TIP_CHARS))
        )?;
    }
    writeln!(w, "];")?;
    writeln!(
        w,
        "  node [fontname=\"Helvetica\", fontsize=12, color=\"#4d4d4d\", penwidth=1.2, \
         margin=\"0.12,0.06\"];"
    )?;
    writeln!(
        w,
        "  edge [fontname=\"Helvetica\", fontsize=10, color=\"#7f7f7f\", fontcolor=\"#404040\", \
         arrowsize=0.8];"
    )?;
    let indent = if in_cluster {
        writeln!(w, "  subgraph cluster_kg {{")?;
        writeln!(
            w,
            "    graph [label={}, labelloc=t, labeljust=l, fontsize=16, peripheries=0];",
            quote(&cut(&d.title, TIP_CHARS))
        )?;
        "    "
    } else {
        "  "
    };
    for n in &d.nodes {
        let (label, tip) = if n.untyped {
            (
                cut(n.name, LABEL_CHARS).into_owned(),
                format!("{} (id: {})", n.name, n.id),
            )
        } else {
            (
                format!("{}\n({})", cut(n.name, LABEL_CHARS), n.kind),
                format!("{} — {} (id: {})", n.name, n.kind, n.id),
            )
        };
        let tip = cut(&tip, TIP_CHARS).into_owned();
        let mark = match n.mark {
            Mark::None => "",
            Mark::End => {
                used.end = true;
                END_MARK
            }
            Mark::Center => {
                used.center = true;
                CENTER_MARK
            }
        };
        writeln!(
            w,
            "{indent}{} [label={}, {}, tooltip={}{mark}];",
            quote(n.id),
            quote(&label),
            style_attrs(style_of(n.kind)),
            quote(&tip),
        )?;
    }
    if in_cluster {
        writeln!(w, "  }}")?;
    }

    // Edges: the relations between two entities, folded onto one line (a
    // symmetric relation stored more than once merged first).
    let mut has_out = vec![false; d.nodes.len()];
    let mut notes: Vec<PanelRow> = Vec::new();
    let mut notes_more = 0usize;
    let mut cited: Vec<&str> = Vec::new();
    let name = |id: &'a str| -> &'a str { index_of(id).map_or(id, |i| d.nodes[i].name) };
    let mut edges = edges.peekable();
    while let Some(first) = edges.next() {
        let pair = first.pair();
        let mut fold: Vec<Edge<'a>> = vec![first];
        while let Some(next) = edges.peek() {
            if next.pair() != pair {
                break;
            }
            let next = edges.next().expect("peeked");
            let last = fold.last_mut().expect("a first relation");
            if last.symmetric && next.symmetric && next.key() == last.key() {
                for ev in next.evidence {
                    if !last.evidence.contains(&ev) {
                        last.evidence.push(ev);
                    }
                }
                last.on_path |= next.on_path;
                last.valid = last.valid.take().or(next.valid);
                last.confidence = last.confidence.or(next.confidence);
            } else {
                fold.push(next);
            }
        }
        // Chronological where dates are known, undated relations last; the sort
        // is stable, so relations with equal dates keep their key order.
        fold.sort_by(|a, b| (a.valid.is_none(), &a.valid).cmp(&(b.valid.is_none(), &b.valid)));
        let (lo, hi) = pair;
        let forward = fold.iter().any(|e| !e.symmetric && e.from == lo);
        let backward = fold
            .iter()
            .any(|e| !e.symmetric && e.from == hi && lo != hi);
        let on_path = fold.iter().any(|e| e.on_path);
        let (tail, head) = if backward && !forward {
            (hi, lo)
        } else {
            (lo, hi)
        };
        if let Some(i) = index_of(tail) {
            has_out[i] = true;
        }

        let mut tip = String::new();
        for e in &fold {
            if !tip.is_empty() {
                tip.push('\n');
            }
            tip.push_str(&e.reading(name(e.from), name(e.to)));
            for ev in &e.evidence {
                tip.push('\n');
                tip.push_str(&ev.line());
            }
            let facts = e.facts();
            if !facts.is_empty() {
                tip.push('\n');
                tip.push_str(&facts);
            }
        }
        let tip = quote(&cut(&tip, TIP_CHARS));
        let is_center = |id: &str| index_of(id).is_some_and(|i| d.nodes[i].mark == Mark::Center);
        let context = d.quiet_context && !on_path && !is_center(lo) && !is_center(hi);
        let mut label = if context {
            used.context = true;
            String::new()
        } else {
            fold_label(&fold, &mut used)
        };
        if d.notes.is_some() && fold.iter().any(Edge::citable) {
            if notes.len() < PANEL_ROWS {
                let n = notes.len() + 1;
                if !label.is_empty() {
                    label.push(' ');
                }
                label.push_str(&format!("[{n}]"));
                notes.push(fold_footnote(n, &fold, name, &mut cited));
            } else {
                notes_more += 1;
            }
        }
        let mut attrs = format!("label={}, tooltip={tip}, labeltooltip={tip}", quote(&label));
        if context {
            attrs.push_str(&format!(", color=\"{CONTEXT_COLOUR}\", constraint=false"));
        }
        match (forward, backward) {
            (true, true) => {
                used.both = true;
                attrs.push_str(", dir=both");
            }
            (false, false) => {
                used.symmetric = true;
                attrs.push_str(", dir=none");
            }
            // A path's arrows are explained as the path's, a light line's as its own.
            (true, false) | (false, true) => used.directed |= !on_path && !context,
        }
        if fold.iter().all(Edge::background_only) {
            used.background = true;
            attrs.push_str(", style=dashed");
        }
        if on_path {
            used.on_path = true;
            attrs.push_str(&format!(
                ", color=\"{PATH_COLOUR}\", fontcolor=\"{PATH_COLOUR}\", penwidth=2.2"
            ));
        }
        writeln!(w, "  {} -> {} [{attrs}];", quote(tail), quote(head))?;
    }

    used.numbered = !notes.is_empty();
    // The placeholder type of untyped entities is no type to explain.
    let typed: Vec<(&str, Style)> = kinds
        .iter()
        .zip(&styles)
        .filter(|(k, _)| d.nodes.iter().any(|n| n.kind == **k && !n.untyped))
        .map(|(k, s)| (*k, *s))
        .collect();
    write_legend(w, d, &typed, &has_out, used)?;
    if let Some(n) = &d.notes {
        if !notes.is_empty() || notes_more > 0 {
            let mut sources = Vec::new();
            push_sources(&mut sources, &n.sources, &cited);
            writeln!(
                w,
                "  graph [label=<{}>];",
                panel_html(&notes, notes_more, &PanelMore::Notes(&n.more), &sources)
            )?;
        }
    }
    writeln!(w, "}}")
}

/// Evidence items a footnote shows of one relation; the text answer and the
/// tooltip hold them all.
pub const NOTE_QUOTES: usize = 3;

/// Relation types a folded line's label names; the others are counted
/// ("+2 more types"), the tooltip and the footnote name them.
pub const LABEL_TYPES: usize = 3;
/// Relations the footnote of a folded line lists; the text answer lists them all.
pub const NOTE_RELATIONS: usize = 6;

/// The dates over which `fold` holds: the earliest start and the latest end of
/// its relations' validities (`2014-02-01 .. 2014-04-03`), or one date.
///
/// Validities are ISO dates of a year, month or day, or `FROM .. TO` spans of
/// them, so their text sorts as their dates do.
fn date_range(fold: &[Edge]) -> Option<String> {
    let mut first: Option<&str> = None;
    let mut last: Option<&str> = None;
    for v in fold.iter().filter_map(|e| e.valid.as_deref()) {
        let (from, to) = v.split_once(" .. ").unwrap_or((v, v));
        if first.is_none_or(|f| from < f) {
            first = Some(from);
        }
        if last.is_none_or(|l| to > l) {
            last = Some(to);
        }
    }
    match (first, last) {
        (Some(f), Some(l)) if f == l => Some(f.to_string()),
        (Some(f), Some(l)) => Some(format!("{f} .. {l}")),
        _ => None,
    }
}

/// The label of the line drawn for `fold`, the relations between two entities:
/// one line per type, most frequent first (`Consult ×4`), at most
/// [`LABEL_TYPES`] of them and then `+N more types`, then when they hold.
///
/// # Complexity
/// O(r log r) for r relations.
fn fold_label(fold: &[Edge], used: &mut Used) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for e in fold {
        *counts.entry(&e.label).or_default() += 1;
    }
    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    // "+1 more type" would take the line the type itself needs.
    let shown = if counts.len() == LABEL_TYPES + 1 {
        counts.len()
    } else {
        LABEL_TYPES
    };
    let mut lines: Vec<String> = counts
        .iter()
        .take(shown)
        .map(|&(label, n)| {
            let label = cut(label, LABEL_CHARS);
            if n == 1 {
                label.into_owned()
            } else {
                used.counted = true;
                format!("{label} ×{n}")
            }
        })
        .collect();
    if counts.len() > shown {
        let more = counts.len() - shown;
        lines.push(format!(
            "+{more} more type{}",
            if more == 1 { "" } else { "s" }
        ));
    }
    if let Some(dates) = date_range(fold) {
        used.dated = true;
        lines.push(dates);
    }
    lines.join("\n")
}

/// The footnote row of the line drawn for `fold`, numbered `n`: for one
/// relation its reading, validity and first [`NOTE_QUOTES`] evidence items;
/// for several, the pair and each relation with evidence (the first
/// [`NOTE_RELATIONS`]), read with its validity, then its first evidence items. Notes
/// the sources it shows in `cited`.
fn fold_footnote<'a>(
    n: usize,
    fold: &[Edge<'a>],
    name: impl Fn(&'a str) -> &'a str,
    cited: &mut Vec<&'a str>,
) -> PanelRow {
    if let [e] = fold {
        return footnote(n, e, name(e.from), name(e.to), cited);
    }
    let (lo, hi) = fold[0].pair();
    let mut reading = format!(
        "[{n}] {} — {}\n{} relations",
        name(lo),
        name(hi),
        fold.len()
    );
    if let Some(dates) = date_range(fold) {
        reading.push_str(&format!(", {dates}"));
    }
    let citable: Vec<&Edge> = fold.iter().filter(|e| e.citable()).collect();
    let mut evidence = Vec::new();
    for e in citable.iter().take(NOTE_RELATIONS) {
        // The relation read, then its first evidence items, as a lone footnote has them.
        let mut about = e.reading(name(e.from), name(e.to));
        let facts = e.facts();
        if !facts.is_empty() {
            about.push_str(&format!(" · {facts}"));
        }
        evidence.push((None, about));
        for ev in e.evidence.iter().take(NOTE_QUOTES) {
            evidence.push((ev.quote.map(str::to_string), ev.attribution()));
            if !ev.background && !cited.contains(&ev.source) {
                cited.push(ev.source);
            }
        }
        if e.evidence.len() > NOTE_QUOTES {
            evidence.push((
                None,
                format!(
                    "… and {} more evidence items",
                    e.evidence.len() - NOTE_QUOTES
                ),
            ));
        }
    }
    if citable.len() > NOTE_RELATIONS {
        evidence.push((
            None,
            format!(
                "… and {} more relations with evidence: in the text answer and the SVG's tooltip",
                citable.len() - NOTE_RELATIONS
            ),
        ));
    }
    PanelRow {
        reading,
        evidence,
        heading: false,
    }
}

/// The footnote row of relation `e`, numbered `n`: its reading, then its first
/// [`NOTE_QUOTES`] evidence items. Notes the sources it cites in `cited`.
fn footnote<'a>(
    n: usize,
    e: &Edge<'a>,
    from: &str,
    to: &str,
    cited: &mut Vec<&'a str>,
) -> PanelRow {
    let mut reading = format!("[{n}] {}", e.reading(from, to));
    let facts = e.facts();
    if !facts.is_empty() {
        reading.push('\n');
        reading.push_str(&facts);
    }
    let mut evidence: Vec<(Option<String>, String)> = e
        .evidence
        .iter()
        .take(NOTE_QUOTES)
        .map(|ev| (ev.quote.map(str::to_string), ev.attribution()))
        .collect();
    if e.evidence.len() > NOTE_QUOTES {
        evidence.push((
            None,
            format!(
                "… and {} more evidence items: in the text answer and the SVG's tooltip",
                e.evidence.len() - NOTE_QUOTES
            ),
        ));
    }
    for ev in e.evidence.iter().take(NOTE_QUOTES) {
        if !ev.background && !cited.contains(&ev.source) {
            cited.push(ev.source);
        }
    }
    PanelRow {
        reading,
        evidence,
        heading: false,
    }
}

/// Appends the "Sources" rows to footnotes: each source they cite, once, in
/// the order first cited, at most [`PANEL_ROWS`].
fn push_sources(rows: &mut Vec<PanelRow>, sources: &[SourceNote], cited: &[&str]) {
    let known: Vec<&SourceNote> = cited
        .iter()
        .filter_map(|id| {
            sources
                .binary_search_by(|s| s.id.as_str().cmp(id))
                .ok()
                .map(|i| &sources[i])
        })
        .collect();
    if known.is_empty() {
        return;
    }
    rows.push(PanelRow {
        reading: "Sources".into(),
        evidence: Vec::new(),
        heading: true,
    });
    for s in known.iter().take(PANEL_ROWS) {
        let about = if s.about.is_empty() && s.title.is_none() {
            "no title or publisher recorded".to_string()
        } else {
            s.about.clone()
        };
        rows.push(PanelRow {
            reading: s.id.clone(),
            evidence: vec![(s.title.clone(), about)],
            heading: false,
        });
    }
    if known.len() > PANEL_ROWS {
        rows.push(PanelRow {
            reading: format!("… and {} more sources", known.len() - PANEL_ROWS),
            evidence: Vec::new(),
            heading: true,
        });
    }
}

/// The legend, right of the drawing: one sample node per entity type in name
/// order (`kinds`, untyped entities' placeholder aside), a sample of each node mark used, and a key to each edge encoding used
/// (arrows, no arrowhead, red and bold, dashed, footnote numbers), stacked in one
/// column (invisible edges from every node without outgoing relations put it on
/// a rank of its own after theirs). What the drawing does not use is not listed.
fn write_legend(
    w: &mut dyn Write,
    d: &Drawing,
    kinds: &[(&str, Style)],
    has_out: &[bool],
    used: Used,
) -> io::Result<()> {
    // Legend node ids must not be entity ids: a prefix no entity id starts with.
    let mut prefix = String::from("legend:");
    while d.nodes.iter().any(|n| n.id.starts_with(&prefix)) {
        prefix.insert(0, '_');
    }
    use std::fmt::Write as _;
    // Written to a buffer first: a legend with nothing to explain is left out.
    let mut items = String::new();
    let mut ids = Vec::with_capacity(kinds.len());
    for (kind, s) in kinds {
        let id = quote(&format!("{prefix}type:{kind}"));
        let _ = write!(items, " {id} [label={}, {}];", quote(kind), style_attrs(*s));
        ids.push(id);
    }
    let marks = [
        (used.end, "end", "end of the path", END_MARK),
        (
            used.center,
            "center",
            if d.center_means.is_empty() {
                "the center"
            } else {
                d.center_means
            },
            CENTER_MARK,
        ),
    ];
    for (present, key, meaning, mark) in marks {
        if present {
            let id = quote(&format!("{prefix}mark:{key}"));
            let _ = write!(
                items,
                " {id} [label={}, shape=box, style=\"rounded\", tooltip={}{mark}];",
                quote(meaning),
                quote(meaning)
            );
            ids.push(id);
        }
    }
    let key = edge_key(used);
    if !key.is_empty() {
        let id = quote(&format!("{prefix}edges"));
        let _ = write!(
            items,
            " {id} [label=<{key}>, shape=plaintext, style=\"\", tooltip=\"relations\"];"
        );
        ids.push(id);
    }
    if ids.is_empty() {
        return Ok(());
    }
    writeln!(w, "  subgraph cluster_legend {{")?;
    writeln!(
        w,
        "    graph [label=\"Legend\", labelloc=t, labeljust=l, fontsize=11, \
         style=\"rounded\", color=\"#b3b3b3\", margin=10];"
    )?;
    writeln!(
        w,
        "    node [fontsize=10, height=0.3, penwidth=1, tooltip=\"entity type\"];"
    )?;
    writeln!(w, "    {{rank=same;{items}}}")?;
    writeln!(w, "  }}")?;
    let sinks: Vec<String> = d
        .nodes
        .iter()
        .zip(has_out)
        .filter(|(_, out)| !**out)
        .map(|(n, _)| quote(n.id))
        .collect();
    if !sinks.is_empty() {
        writeln!(
            w,
            "  {{{}}} -> {} [style=invis, weight=0];",
            sinks.join(" "),
            ids[0]
        )?;
    }
    Ok(())
}

/// The key to the edge encodings `used`, as an HTML-like table: a sample drawn
/// in text (the line as it looks) and what it means, one row per encoding.
fn edge_key(used: Used) -> String {
    let grey = "#7f7f7f";
    let rows: [(bool, String, &str); 9] = [
        (
            used.directed,
            format!("<FONT COLOR=\"{grey}\">——▶</FONT>"),
            "relation, from subject to object",
        ),
        (
            used.both,
            format!("<FONT COLOR=\"{grey}\">◀——▶</FONT>"),
            "relations both ways",
        ),
        (
            used.symmetric,
            format!("<FONT COLOR=\"{grey}\">———</FONT>"),
            "symmetric relations only (no arrowhead)",
        ),
        (
            used.on_path,
            format!("<FONT COLOR=\"{PATH_COLOUR}\"><B>━━▶</B></FONT>"),
            "red, bold: a relation on the path",
        ),
        (
            used.background,
            format!("<FONT COLOR=\"{grey}\">- - ▶</FONT>"),
            "dashed: background knowledge only",
        ),
        (
            used.context,
            format!("<FONT COLOR=\"{CONTEXT_COLOUR}\">——▶</FONT>"),
            "light: relations between two others (types in the tooltip)",
        ),
        (
            used.counted,
            "Consult ×4".to_string(),
            "4 relations of the type (one line per pair)",
        ),
        (
            used.dated,
            "2014-02 .. 2014-04".to_string(),
            "when they hold, first .. last",
        ),
        (
            used.numbered,
            "[3]".to_string(),
            "evidence 3 in the table below",
        ),
    ];
    let mut s = String::new();
    for (present, sample, meaning) in rows {
        if present {
            s.push_str(&format!(
                "<TR><TD ALIGN=\"LEFT\">{sample}</TD><TD ALIGN=\"LEFT\">{}</TD></TR>",
                html(meaning)
            ));
        }
    }
    if s.is_empty() {
        return s;
    }
    format!("<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">{s}</TABLE>")
}

/// Greedy word wrap at about `width` characters.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ') {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

/// Characters a node or edge label keeps: Graphviz fails on labels past about
/// 16 KB (and on runs of ~5,500 CJK characters with no space to break at).
pub const LABEL_CHARS: usize = 200;
/// Characters a tooltip or a cell of the evidence table keeps.
pub const TIP_CHARS: usize = 2000;

/// `s` cut to `max` characters with "…", and runs of more than 80 characters
/// without a space broken with one, so Graphviz can lay out what is left.
///
/// # Complexity
/// O(length of `s`).
pub fn cut(s: &str, max: usize) -> Cow<'_, str> {
    const RUN: usize = 80;
    let long_run = s
        .split(char::is_whitespace)
        .any(|w| w.chars().count() > RUN);
    if s.chars().count() <= max && !long_run {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len().min(max * 4));
    let mut run = 0;
    for (i, c) in s.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        if c.is_whitespace() {
            run = 0;
        } else {
            run += 1;
            if run > RUN {
                out.push(' ');
                run = 1;
            }
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// What the last line of an evidence table says about the rows left out.
enum PanelMore<'a> {
    /// Hops of a path: their evidence is in the SVG's tooltips.
    Hops,
    /// Footnotes: the command (`kg show Japan lists them`) that lists them.
    Notes(&'a str),
}

/// The evidence table of a drawing, as an HTML-like label.
/// `tail` (a footnotes' sources) comes after the line about the rows left out.
fn panel_html(rows: &[PanelRow], more: usize, left_out: &PanelMore, tail: &[PanelRow]) -> String {
    let mut s = String::from(
        "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"3\">\
         <TR><TD ALIGN=\"LEFT\" COLSPAN=\"2\"><FONT POINT-SIZE=\"13\"><B>Evidence</B></FONT></TD></TR>",
    );
    let mut more_said = false;
    for (i, row) in rows.iter().chain(tail).enumerate() {
        if i == rows.len() && !more_said {
            more_said = true;
            push_more(&mut s, more, left_out);
        }
        if row.heading {
            s.push_str("<TR><TD ALIGN=\"LEFT\" COLSPAN=\"2\"><FONT POINT-SIZE=\"11\" COLOR=\"#c0392b\"><B>");
            s.push_str(&html(&cut(&row.reading, TIP_CHARS)));
            s.push_str("</B></FONT></TD></TR>");
            continue;
        }
        s.push_str(
            "<TR><TD ALIGN=\"LEFT\" VALIGN=\"TOP\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"11\">",
        );
        s.push_str(&html(&cut(&row.reading, TIP_CHARS)));
        s.push_str("</FONT></TD><TD ALIGN=\"LEFT\" VALIGN=\"TOP\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"11\">");
        let mut first = true;
        if row.evidence.is_empty() {
            s.push_str("<FONT COLOR=\"#7f7f7f\">no evidence recorded</FONT>");
        }
        for (q, attribution) in &row.evidence {
            if !first {
                s.push_str("<BR ALIGN=\"LEFT\"/>");
            }
            first = false;
            if let Some(q) = q {
                let lines = wrap(&format!("“{}”", cut(q, TIP_CHARS)), PANEL_WIDTH);
                let lines: Vec<String> = lines.iter().map(|l| html(l)).collect();
                s.push_str("<I>");
                s.push_str(&lines.join("<BR ALIGN=\"LEFT\"/>"));
                s.push_str("</I><BR ALIGN=\"LEFT\"/>");
            }
            // Graphviz refuses an empty FONT element.
            if !attribution.is_empty() {
                s.push_str("<FONT COLOR=\"#595959\">");
                s.push_str(&html(&cut(attribution, LABEL_CHARS)));
                s.push_str("</FONT>");
            }
        }
        s.push_str("</FONT></TD></TR>");
    }
    if !more_said {
        push_more(&mut s, more, left_out);
    }
    s.push_str("</TABLE>");
    s
}

/// The line of an evidence table saying how many rows it left out, if any.
fn push_more(s: &mut String, more: usize, left_out: &PanelMore) {
    if more == 0 {
        return;
    }
    let text = match left_out {
        PanelMore::Hops => {
            format!("… and {more} more relations: hover over them in the SVG for their evidence")
        }
        PanelMore::Notes(hint) => format!(
            "… and {more} more edge{} with evidence{}{}",
            if more == 1 { "" } else { "s" },
            if hint.is_empty() { "" } else { "; " },
            hint
        ),
    };
    s.push_str(&format!(
        "<TR><TD ALIGN=\"LEFT\" COLSPAN=\"2\"><FONT POINT-SIZE=\"11\" COLOR=\"#595959\">{}</FONT></TD></TR>",
        html(&text)
    ));
}

/// What kg says when Graphviz is missing.
pub const NO_GRAPHVIZ: &str = "Graphviz 'dot' is not installed; install it with: \
    apt-get install graphviz (Debian/Ubuntu), brew install graphviz (macOS)";

/// Runs Graphviz `dot -T<format>` on `source`; returns what it wrote. With a
/// `timeout`, a `dot` still running past it is killed.
///
/// # Errors
/// A clear message when `dot` is not installed; `dot`'s own message when it
/// fails; `Cancelled` when it ran out of time.
pub fn graphviz(
    source: &[u8],
    format: &str,
    timeout: Option<std::time::Duration>,
) -> crate::Result<Vec<u8>> {
    use std::io::Read;
    let mut child = match Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(crate::Error::bad_request(NO_GRAPHVIZ))
        }
        Err(e) => return Err(crate::Error::io("dot", e)),
    };
    let (Some(mut stdin), Some(mut stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        return Err(crate::Error::io(
            "dot",
            io::Error::other("no pipes to Graphviz"),
        ));
    };
    let input = source.to_vec();
    // Written and read from other threads, so a large drawing cannot deadlock
    // on full pipes, and the wait below can watch the clock.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        stdout.read_to_end(&mut out).map(|_| out)
    });
    let errors = std::thread::spawn(move || {
        let mut err = Vec::new();
        let _ = stderr.read_to_end(&mut err);
        err
    });
    let deadline = timeout.and_then(|t| std::time::Instant::now().checked_add(t));
    let status = loop {
        match child.try_wait().map_err(|e| crate::Error::io("dot", e))? {
            Some(status) => break status,
            None if deadline.is_some_and(|d| std::time::Instant::now() >= d) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(crate::Error::Cancelled {
                    what: "drawing",
                    reason: format!(
                        "Graphviz was still laying out the drawing after {:?} (--timeout) and was stopped",
                        timeout.unwrap_or_default()
                    ),
                });
            }
            None => std::thread::sleep(std::time::Duration::from_millis(5)),
        }
    };
    let written = writer.join().unwrap_or(Ok(()));
    let out = reader
        .join()
        .unwrap_or_else(|_| Err(io::Error::other("reading Graphviz failed")))
        .map_err(|e| crate::Error::io("dot", e))?;
    let err = errors.join().unwrap_or_default();
    if !status.success() {
        let msg = String::from_utf8_lossy(&err);
        return Err(crate::Error::bad_request(format!(
            "Graphviz 'dot -T{format}' failed ({status}): {}",
            msg.trim()
        )));
    }
    written.map_err(|e| crate::Error::io("dot", e))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_escape_what_dot_needs() {
        assert_eq!(quote(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(quote("x\ny"), r#""x\ny""#);
        // One-to-one: a control character, its picture and its escape stay apart.
        assert_eq!(quote("a\u{1}"), "\"a\u{2401}\"");
        assert_eq!(quote("a\u{2401}"), "\"a&#x2401;\"");
        assert_eq!(quote("a&#x2401;"), "\"a&amp;#x2401;\"");
        assert_eq!(
            quote("a\u{85}\u{7f}\u{2421}"),
            "\"a&#x85;\u{2421}&#x2421;\""
        );
    }

    #[test]
    fn html_escapes_markup() {
        assert_eq!(html("<b>&\"x'\u{7}"), "&lt;b&gt;&amp;&quot;x&#39;\u{2407}");
        assert_eq!(html("a\nb\tc"), "a<BR ALIGN=\"LEFT\"/>b c");
        assert_eq!(html("]]> {x} \\"), "]]&gt; {x} \\");
    }

    #[test]
    fn known_types_keep_their_style_and_others_take_free_ones() {
        let s = styles_for(&["city", "country", "zebra"]);
        assert_eq!(s[0], STYLES[4]);
        assert_eq!(s[1], STYLES[0]);
        assert_eq!(s[2], STYLES[1]);
        let many: Vec<String> = (0..30).map(|i| format!("t{i:02}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(styles_for(&many).len(), 30);
    }

    #[test]
    fn cuts_long_text_and_breaks_runs_without_spaces() {
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("abcdef", 3), "abc…");
        let cjk = "日".repeat(200);
        let c = cut(&cjk, 1000);
        assert!(c.split(' ').all(|w| w.chars().count() <= 80), "{c}");
        assert_eq!(c.chars().filter(|&x| x == '日').count(), 200);
    }

    #[test]
    fn a_footnote_shows_its_first_quotes_and_counts_the_rest() {
        let evidence: Vec<Evidence> = ["a", "b", "c", "d", "e"]
            .iter()
            .map(|q| Evidence {
                source: "s1",
                quote: Some(q),
                date: Some(Cow::Borrowed("2016-03-14")),
                background: false,
            })
            .collect();
        let e = Edge {
            from: "x",
            to: "y",
            kind: "meets_with",
            label: Cow::Borrowed("meets with"),
            symmetric: true,
            evidence,
            valid: Some(Cow::Borrowed("2016-04")),
            confidence: None,
            on_path: false,
        };
        let mut cited = Vec::new();
        let row = footnote(7, &e, "X", "Y", &mut cited);
        assert_eq!(row.reading, "[7] X —meets with— Y\nevent 2016-04");
        assert_eq!(row.evidence.len(), NOTE_QUOTES + 1);
        assert_eq!(
            row.evidence[0],
            (
                Some("a".to_string()),
                "— s1, reported 2016-03-14".to_string()
            )
        );
        assert_eq!(
            row.evidence[NOTE_QUOTES].1,
            "… and 2 more evidence items: in the text answer and the SVG's tooltip"
        );
        assert_eq!(cited, ["s1"]);
    }

    #[test]
    fn the_edge_key_lists_only_what_is_used() {
        assert_eq!(edge_key(Used::default()), "");
        let key = edge_key(Used {
            background: true,
            ..Used::default()
        });
        assert!(key.contains("dashed: background knowledge only"), "{key}");
        assert!(!key.contains("symmetric") && !key.contains("path"), "{key}");
    }

    fn dated<'a>(from: &'a str, to: &'a str, label: &'a str, valid: &'a str) -> Edge<'a> {
        Edge {
            from,
            to,
            kind: label,
            label: Cow::Borrowed(label),
            symmetric: false,
            evidence: Vec::new(),
            valid: Some(Cow::Borrowed(valid)),
            confidence: None,
            on_path: false,
        }
    }

    #[test]
    fn a_folded_line_counts_its_types_and_spans_their_dates() {
        let fold = [
            dated("a", "b", "Consult", "2014-02-01"),
            dated("b", "a", "Consult", "2014-03-01"),
            dated("a", "b", "Make statement", "2014-04-03"),
            dated("a", "b", "Consult", "2014-02-10 .. 2014-02-12"),
            dated("a", "b", "Make statement", "2014-01-30"),
            dated("a", "b", "Praise or endorse", "2014-02-01"),
            dated("a", "b", "Host a visit", "2014-02-01"),
            dated("a", "b", "Zzz", "2014-02-01"),
        ];
        let mut used = Used::default();
        assert_eq!(
            fold_label(&fold, &mut used),
            "Consult ×3\nMake statement ×2\nHost a visit\n+2 more types\n2014-01-30 .. 2014-04-03"
        );
        assert!(used.counted && used.dated);
        // Four types are named, not "+1 more type"; one date is one date.
        let mut used = Used::default();
        assert_eq!(
            fold_label(&fold[4..], &mut used),
            "Host a visit\nMake statement\nPraise or endorse\nZzz\n2014-01-30 .. 2014-02-01"
        );
        assert!(!used.counted);
        assert_eq!(date_range(&fold[5..]).as_deref(), Some("2014-02-01"));
    }

    #[test]
    fn wraps_long_quotes() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("a\nb", 80), ["a", "b"]);
    }
}
