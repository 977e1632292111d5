#!/usr/bin/env python3
"""Builds src/query/cameo.tsv, the CAMEO code table behind `--relations cameo:CODE`:

    scripts/cameo.py CODEBOOK DATA_DIR [-o src/query/cameo.tsv]

CODEBOOK is the CAMEO manual 1.1b3 (Schrodt, 2012) as Markdown:
`gdelt_docs/cameo_docs/CAMEO.Manual.1.1b3.md` of the GitHub repository
RBozydar/py-gdelt at commit a134e4baff46c9b3d0ec590ba4abc956ed28db13 (sha256 checked
below), a conversion by `docling` of
http://gdeltproject.org/data/documentation/CAMEO.Manual.1.1b3.pdf. The codes and
names are read from its chapter 6 ("CAMEO EVENT CODES", the condensed list), plus the
two that only chapter 2 has (CHAPTER_2_ONLY).
DATA_DIR holds icews14/, icews18/ and icews05-15/, each with its relation2id.txt.
src/query/CAMEO.md says where everything comes from and why each hand decision is
what it is; this script is that text made executable.

The table, one row a code, sorted by code:

    code<TAB>name[<TAB>alias]...

`name` is the ICEWS spelling where an ICEWS dataset uses the code (what kg shows and
matches first), otherwise the codebook's name without its ", not specified below"
(a note to coders, not part of the event's name). Aliases are the other spellings
that name the same code: the codebook's name as printed where it differs from
`name`, and a second ICEWS spelling where the datasets have two. Two-digit rows are
the twenty families (headings of the codebook, in sentence case).

The script fails unless every relation name of the three datasets maps to exactly
one code, and prints on stderr how each was matched.
"""
import argparse
import hashlib
import re
import sys
import unicodedata

CODEBOOK_SHA256 = "9b8766d6b3d16d8d319731f9d99cdc3ad2784ec74cfa58b4abade852d345e118"
DATASETS = ("icews14", "icews18", "icews05-15")
UNSPECIFIED = ", not specified below"

# Repairs of the Markdown conversion, and of one misprint of the manual itself.
# Each is checked to apply, so a different input fails instead of passing unrepaired.
TEXT_FIXES = [
    # docling split "Threaten" in 18 lines of the 13 family.
    (re.compile(r"\bThreate n\b"), "Threaten"),
]
# Chapter 6, the condensed list, leaves out two codes that chapter 2, the verb
# codebook proper, defines (section 2.12, REJECT); ICEWS uses 1213.
CHAPTER_2_ONLY = ("1213", "1214")
CODE_FIXES = {
    # The manual prints 1883 between 1823 and 1831; its children are 1831-1834 and
    # chapter 2 gives the same name to 183. There is no family 188.
    "1883": "183",
}

# ICEWS names that the codebook spells otherwise, with the code they name and why.
# Everything else matches the codebook by rule (see `match`).
HAND = {
    "Carry out car bombing": (
        "1832",
        "the manual renamed 1832 'Carry out vehicular bombing'; ICEWS keeps the older name",
    ),
    "Conduct suicide, car, or other non military bombing": (
        "183",
        "second ICEWS spelling of 183, without the hyphen",
    ),
    "Meet at a 'third' location": (
        "044",
        "the manual quotes \"third\" with double quotes",
    ),
    "Appeal for target to allow international involvement (non mediation)": (
        "0255",
        "second ICEWS spelling of 0255, without the hyphen",
    ),
    "Express intent to allow international involvement (non mediation)": (
        "0355",
        "second ICEWS spelling of 0355, without the hyphen",
    ),
    "Threaten non force": (
        "131",
        "second ICEWS spelling of 131, without the hyphen",
    ),
}


def key(name):
    """kg's name key (src/normalize.rs): accents, case and `_` folded, spaces collapsed."""
    out = unicodedata.normalize("NFKD", name)
    out = "".join(c for c in out if not unicodedata.combining(c))
    out = " ".join(out.replace("_", " ").split())
    return out.lower()


def sentence_case(heading):
    return heading[:1].upper() + heading[1:].lower()


def chapter(text, n):
    """The lines of chapter `n` of the manual."""
    m = re.search(rf"^## Chapter {n}\n(.*?)^## Chapter {n + 1}\n", text, re.M | re.S)
    if not m:
        sys.exit(f"the codebook has no chapter {n}")
    return m.group(1).splitlines()


def read_codebook(path):
    """The manual -> [(code, name as printed)]: chapter 6's list, then CHAPTER_2_ONLY."""
    raw = open(path, "rb").read()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != CODEBOOK_SHA256:
        sys.exit(f"{path}: sha256 {digest}, expected {CODEBOOK_SHA256} (another version?)")
    text = raw.decode("utf-8")
    for pattern, replacement in TEXT_FIXES:
        text, n = pattern.subn(replacement, text)
        if n == 0:
            sys.exit(f"{path}: the repair {pattern.pattern!r} no longer applies")
    heading = re.compile(r"^## (\d\d): (.+)$")
    entry = re.compile(r"^(?:- )?(\d{3,4}): (.+)$")
    rows = []
    for line in chapter(text, 6):
        line = line.strip()
        if not line or line == "## CAMEO EVENT CODES":
            continue
        m = heading.match(line)
        if m:
            rows.append([m.group(1), sentence_case(m.group(2).strip())])
            continue
        m = entry.match(line)
        if m:
            rows.append([m.group(1), m.group(2).strip()])
            continue
        # docling broke a few long names into one word a paragraph ("125: Reject
        # proposal to meet," / "discuss," / "or" / "negotiate"): the words continue
        # the entry above.
        if not rows or len(rows[-1][0]) == 2:
            sys.exit(f"{path}: cannot place the line {line!r}")
        rows[-1][1] += " " + line
    fixed = set()
    for row in rows:
        if row[0] in CODE_FIXES:
            fixed.add(row[0])
            row[0] = CODE_FIXES[row[0]]
    if fixed != set(CODE_FIXES):
        sys.exit(f"{path}: code repairs {sorted(set(CODE_FIXES) - fixed)} no longer apply")
    # Chapter 2 gives each code a table whose "CAMEO" row holds the code and whose
    # next row, "Name", its name.
    verbs = chapter(text, 2)
    for code in CHAPTER_2_ONLY:
        cell = re.compile(rf"^\| CAMEO +\| {code} +\|$")
        at = [i for i, line in enumerate(verbs) if cell.match(line)]
        name = re.match(r"^\| Name +\| (.+?) +\|$", verbs[at[0] + 1]) if len(at) == 1 else None
        if not name:
            sys.exit(f"{path}: chapter 2 has no single entry for {code}")
        rows.append([code, name.group(1)])
    codes = [c for c, _ in rows]
    if len(set(codes)) != len(codes):
        sys.exit(f"{path}: a code is listed twice")
    for code in codes:
        parent = code[:2] if len(code) == 3 else code[:3]
        if len(code) > 2 and parent not in codes:
            sys.exit(f"{path}: {code} has no parent {parent}")
    return [(c, " ".join(n.split())) for c, n in rows]


def read_relations(data_dir):
    """{ICEWS relation name: [datasets naming it]}."""
    names = {}
    for dataset in DATASETS:
        with open(f"{data_dir}/{dataset}/relation2id.txt", encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\r\n")
                if line.strip():
                    names.setdefault(line.rsplit("\t", 1)[0].strip(), []).append(dataset)
    return names


def match(name, codebook):
    """(code, how) for an ICEWS name: exact; equal under the name key; equal once the
    codebook's ", not specified below" is dropped; or by hand (HAND)."""
    exact = [c for c, n in codebook if len(c) > 2 and n == name]
    if exact:
        return exact, "exact"
    keyed = [c for c, n in codebook if len(c) > 2 and key(n) == key(name)]
    if keyed:
        return keyed, "name key"
    unspecified = [
        c
        for c, n in codebook
        if len(c) > 2 and n.endswith(UNSPECIFIED) and key(n[: -len(UNSPECIFIED)]) == key(name)
    ]
    if unspecified:
        return unspecified, "not specified below"
    if name in HAND:
        return [HAND[name][0]], "hand"
    return [], "none"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("codebook")
    ap.add_argument("data_dir")
    ap.add_argument("-o", "--out", default="src/query/cameo.tsv")
    args = ap.parse_args()

    codebook = read_codebook(args.codebook)
    printed = dict(codebook)
    relations = read_relations(args.data_dir)

    icews = {}  # code -> ICEWS spellings, in name order
    tally = {}
    failures = []
    for name in sorted(relations):
        codes, how = match(name, codebook)
        if len(codes) != 1:
            failures.append(f"{name!r}: {how}, codes {codes}")
            continue
        tally.setdefault(how, []).append(name)
        icews.setdefault(codes[0], []).append(name)
    unused = sorted(set(HAND) - {n for n in tally.get("hand", [])})
    if unused:
        failures.append(f"hand mappings of names no dataset has: {unused}")
    if failures:
        sys.exit("cameo.py: not every ICEWS name maps to one code:\n  " + "\n  ".join(failures))

    lines = []
    # Sorted as strings, a code comes right after its parent and its own sub-codes
    # right after it: 04, 040, 041, 042, ..., 05.
    for code in sorted(printed):
        as_printed = printed[code]
        plain = as_printed[: -len(UNSPECIFIED)] if as_printed.endswith(UNSPECIFIED) else as_printed
        spellings = icews.get(code, [])
        # The most common ICEWS spelling leads (the one of the most datasets,
        # then the hyphenated one, as the codebook writes it).
        spellings.sort(key=lambda n: (-len(relations[n]), "-" not in n, n))
        names = spellings + [as_printed]
        row = [code]
        for n in names if spellings else [plain, as_printed]:
            if n not in row:
                row.append(n)
        lines.append("\t".join(row))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")

    print(f"{len(lines)} codes written to {args.out}", file=sys.stderr)
    print(f"{len(relations)} distinct ICEWS relation names:", file=sys.stderr)
    for how in ("exact", "name key", "not specified below", "hand"):
        names = tally.get(how, [])
        print(f"  {len(names):3} {how}", file=sys.stderr)
        if how in ("name key", "hand"):
            for n in names:
                why = f" ({HAND[n][1]})" if how == "hand" else ""
                print(f"        {n}{why}", file=sys.stderr)


if __name__ == "__main__":
    main()
