#!/usr/bin/env python3
"""Scores `kg extract FILE --format json` against the gold sets (the same rules as
tests/extract.rs):

    scripts/extract_score.py [--set dev|heldout|seed|all] [--kg BINARY] [--json]
                             [--errors] [--i-am-not-the-pattern-writer]

Sets: `seed` is ../shared/seeds/000_fb5a3e1cd4c60d18.txt, its gold derived from
graphs/russia-japan-2016.json (every relation with a quoted, non-background
evidence item; the entities at their ends, graph ids included); `dev` and
`heldout` are tests/extract/{dev,heldout}/NN-slug.txt, each beside NN-slug.gold.json.

A predicted relation matches a gold one when the types are equal, both ends match
(either way round for a symmetric type: `relation_types` of the output, else
graphs/schema/news.json) and negation agrees (`attributes.negated` true iff the
gold modality is "negated"). An end matches when the predicted entity's name, an
alias or its id equals, ignoring case and with curly apostrophes made straight, the
gold entity's name or an alias (or, for the seed, its graph id). Predictions of the
same (from, type, to, negated) count once; then predictions and gold relations are
paired one to one (a maximum matching), so a second prediction matching an already
matched gold relation, e.g. through a duplicate entity, is a false positive.

Printed per set: a Markdown table (gold, tp, fp, fn, P, R, F1 per relation type and
overall), entity recall, new entities whose names are not in the text (must be 0),
and violations of the output contract (quote == the file's bytes[start:end],
mentions inside the file, ends that resolve). `--errors` also lists the false
positives and negatives; the pattern writer must not see heldout texts, so it is
refused for a selection that includes heldout unless --i-am-not-the-pattern-writer
is given (which also shows the details of heldout violations and gold errors).

Exit status: 0, or 1 when a set is missing or empty, a gold file is invalid, or an
output breaks the contract; 2 for a usage error or a refused --errors.
"""
import argparse
import glob
import json
import os
import signal
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED_TEXT = "../shared/seeds/000_fb5a3e1cd4c60d18.txt"
SEED_GRAPH = "graphs/russia-japan-2016.json"
SCHEMA = "graphs/schema/news.json"
GOLD_DIRS = {"dev": "tests/extract/dev", "heldout": "tests/extract/heldout"}
SET_ORDER = ["seed", "dev", "heldout"]
MODALITIES = ("asserted", "negated", "planned", "reported")
FLAGS = ("negated", "planned", "reported")
WITHHELD = "details withheld for heldout; --i-am-not-the-pattern-writer shows them"


class SetError(Exception):
    """A set that cannot be scored at all (missing or empty folder, missing seed)."""


def norm(s):
    """The form names are compared in: curly apostrophes straight, lower case."""
    return s.replace("\u2019", "'").replace("\u2018", "'").lower()


def rel(path):
    return os.path.relpath(path, ROOT)


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def schema_symmetric():
    """{relation type: symmetric} from graphs/schema/news.json."""
    g = load_json(os.path.join(ROOT, SCHEMA))
    return {t["id"]: bool(t.get("symmetric", False)) for t in g["schema"]["relation_types"]}


# ---------------------------------------------------------------- gold


def gold_entity(name, aliases, gid=None):
    keys = {norm(name)} | {norm(a) for a in aliases}
    if gid is not None:
        keys.add(norm(gid))
    return {"name": name, "aliases": list(aliases), "keys": keys}


def read_gold_file(path):
    """A .gold.json file -> (gold, errors). gold: {"entities": [...], "relations": [...]},
    each relation {"type", "from", "to" (entity indices), "negated", "quote"}."""
    errors = []
    try:
        g = load_json(path)
    except (OSError, ValueError) as e:
        return None, [f"cannot read it as JSON: {e}"]
    if not isinstance(g, dict):
        return None, ["it is not a JSON object"]
    ents = g.get("entities")
    rels = g.get("relations")
    if not isinstance(ents, list) or not isinstance(rels, list):
        return None, ['"entities" and "relations" must be arrays']
    entities = []
    by_name = {}
    for i, e in enumerate(ents):
        name = e.get("name") if isinstance(e, dict) else None
        aliases = e.get("aliases", []) if isinstance(e, dict) else []
        if not isinstance(name, str) or not name:
            errors.append(f"entity {i}: no name")
            continue
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            errors.append(f"entity {name!r}: aliases must be an array of strings")
            aliases = []
        if norm(name) in by_name:
            errors.append(f"entity {name!r} is listed twice")
            continue
        by_name[norm(name)] = len(entities)
        entities.append(gold_entity(name, aliases))

    def resolve(end):
        if not isinstance(end, str):
            return None, "is not a string"
        if norm(end) in by_name:
            return by_name[norm(end)], None
        hits = [i for i, e in enumerate(entities) if norm(end) in e["keys"]]
        if len(hits) == 1:
            return hits[0], None
        if hits:
            return None, f"{end!r} is an alias of several entities"
        return None, f"{end!r} is not a listed entity"

    relations = []
    for i, r in enumerate(rels):
        if not isinstance(r, dict) or not isinstance(r.get("type"), str):
            errors.append(f"relation {i}: no type")
            continue
        modality = r.get("modality", "asserted")
        if modality not in MODALITIES:
            errors.append(f"relation {i}: modality {modality!r} is not one of {', '.join(MODALITIES)}")
            continue
        ends = []
        for side in ("from", "to"):
            idx, err = resolve(r.get(side))
            if err:
                errors.append(f"relation {i} ({r['type']}): {side} {err}")
            ends.append(idx)
        if None in ends:
            continue
        relations.append(
            {"type": r["type"], "from": ends[0], "to": ends[1], "negated": modality == "negated", "quote": None}
        )
    return {"entities": entities, "relations": relations}, errors


def seed_gold():
    """The seed's gold from the seed graph: relations with a quoted evidence item from
    a non-background source, and the entities at their ends."""
    g = load_json(os.path.join(ROOT, SEED_GRAPH))
    background = {s["id"] for s in g.get("sources", []) if s.get("background")} | {"background"}
    graph_entities = {e["id"]: e for e in g["entities"]}
    entities, index, relations = [], {}, []

    def end(gid):
        if gid not in index:
            e = graph_entities[gid]
            index[gid] = len(entities)
            entities.append(gold_entity(e["name"], e.get("aliases", []), gid))
        return index[gid]

    for r in g["relations"]:
        quotes = [
            ev["quote"]
            for ev in r.get("evidence", [])
            if ev.get("source") not in background and isinstance(ev.get("quote"), str)
        ]
        if not quotes:
            continue
        attrs = r.get("attributes") or {}
        negated = r.get("modality") == "negated" or attrs.get("negated") is True
        relations.append(
            {"type": r["type"], "from": end(r["from"]), "to": end(r["to"]), "negated": negated, "quote": quotes[0]}
        )
    return {"entities": entities, "relations": relations}


def discover(name):
    """[(label, text path, gold)] of a set, gold errors, or SetError."""
    if name == "seed":
        path = os.path.join(ROOT, SEED_TEXT)
        if not os.path.isfile(path):
            raise SetError(f"seed: the seed text {SEED_TEXT} does not exist (check out ../shared beside the repository)")
        return [(os.path.basename(SEED_TEXT), path, seed_gold())], []
    folder = os.path.join(ROOT, GOLD_DIRS[name])
    if not os.path.isdir(folder):
        raise SetError(f"{name}: the folder {GOLD_DIRS[name]} does not exist")
    texts = sorted(glob.glob(os.path.join(folder, "*.txt")))
    golds = sorted(glob.glob(os.path.join(folder, "*.gold.json")))
    if not texts and not golds:
        raise SetError(f"{name}: the folder {GOLD_DIRS[name]} holds no .txt and .gold.json files")
    files, errors = [], []
    for g in golds:
        if not os.path.isfile(g[: -len(".gold.json")] + ".txt"):
            errors.append(f"{rel(g)}: no text {os.path.basename(g[: -len('.gold.json')])}.txt beside it")
    for t in texts:
        gp = t[: -len(".txt")] + ".gold.json"
        if not os.path.isfile(gp):
            errors.append(f"{rel(t)}: no gold file {os.path.basename(gp)} beside it")
            continue
        gold, errs = read_gold_file(gp)
        errors += [f"{rel(gp)}: {e}" for e in errs]
        if gold is not None:
            files.append((os.path.basename(t), t, gold))
    return files, errors


# ---------------------------------------------------------------- kg output


def run_kg(kg, path):
    p = subprocess.run(
        [kg, "extract", rel(path), "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    return p.returncode, p.stdout, p.stderr


def check_output(text, out):
    """Contract checks of one parsed output against the file's bytes. Returns
    (violations [(full, blind)], entities {id: entity}, relations [...], symmetric
    overrides, new entities, new entities whose names are not in the text)."""
    v = []
    if not isinstance(out, dict) or not isinstance(out.get("entities"), list) or not isinstance(out.get("relations"), list):
        return [("the output is not an object with arrays \"entities\" and \"relations\"",) * 2], {}, [], {}, 0, 0
    entities = {}
    new = new_missing = 0
    for i, e in enumerate(out["entities"]):
        if not isinstance(e, dict) or not isinstance(e.get("id"), str) or not isinstance(e.get("name"), str):
            v.append((f"entity {i}: no string id and name",) * 2)
            continue
        eid, name = e["id"], e["name"]
        if eid in entities:
            v.append((f"entity id {eid!r} is listed twice", f"entity {i}: its id is listed twice"))
        aliases = e.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            v.append((f"entity {eid!r}: aliases are not an array of strings", f"entity {i}: aliases are not strings"))
            aliases = []
        entities[eid] = {"id": eid, "name": name, "keys": {norm(name), norm(eid)} | {norm(a) for a in aliases}}
        if e.get("new") is True:
            new += 1
            # A country named only by demonym or seat takes its name from the
            # shipped gazetteer, and says so.
            from_gazetteer = e.get("gazetteer") is True and bool(e.get("mentions"))
            if not name or (name.encode("utf-8") not in text and not from_gazetteer):
                new_missing += 1
                v.append((f"new entity {eid!r}: its name {name!r} is not in the text", f"entity {i}: a new entity's name is not in the text"))
        for j, m in enumerate(e.get("mentions", []) if isinstance(e.get("mentions", []), list) else [None]):
            s, t = (m.get("start"), m.get("end")) if isinstance(m, dict) else (None, None)
            if not (is_int(s) and is_int(t) and 0 <= s < t <= len(text)):
                v.append(
                    (f"entity {eid!r}: mention {j} ({s}..{t}) is not inside the file ({len(text)} bytes)", f"entity {i}: mention {j} is not inside the file")
                )
    relations = []
    for i, r in enumerate(out["relations"]):
        if not isinstance(r, dict) or not all(isinstance(r.get(k), str) for k in ("from", "type", "to", "quote")):
            v.append((f"relation {i}: from, type, to and quote must be strings",) * 2)
            continue
        s, t, q = r.get("start"), r.get("end"), r["quote"]
        if not (is_int(s) and is_int(t) and 0 <= s <= t <= len(text)):
            v.append((f"relation {i} ({r['type']}): start..end {s}..{t} is not inside the file ({len(text)} bytes)", f"relation {i}: start..end is not inside the file"))
        elif text[s:t] != q.encode("utf-8"):
            got = text[s:t].decode("utf-8", "replace")
            v.append((f"relation {i} ({r['type']}): quote {q!r} is not bytes {s}..{t} of the file, which are {got!r}", f"relation {i}: the quote is not bytes start..end of the file"))
        for side in ("from", "to"):
            if r[side] not in entities:
                v.append((f"relation {i} ({r['type']}): {side} {r[side]!r} is not a listed entity", f"relation {i}: {side} is not a listed entity"))
        attrs = r.get("attributes") or {}
        if not isinstance(attrs, dict):
            v.append((f"relation {i}: attributes is not an object",) * 2)
            attrs = {}
        for flag in FLAGS:
            if flag in attrs and not isinstance(attrs[flag], bool):
                v.append((f"relation {i}: attributes.{flag} is not a boolean",) * 2)
        relations.append({"from": r["from"], "type": r["type"], "to": r["to"], "negated": attrs.get("negated") is True, "quote": q})
    symmetric = {}
    rt = out.get("relation_types")
    if isinstance(rt, dict):
        for k, d in rt.items():
            if isinstance(d, dict) and isinstance(d.get("symmetric"), bool):
                symmetric[k] = d["symmetric"]
    return v, entities, relations, symmetric, new, new_missing


# ---------------------------------------------------------------- scoring


def dedup(rels, key_of_end, symmetric):
    seen, out = set(), []
    for r in rels:
        a, b = key_of_end(r["from"]), key_of_end(r["to"])
        if symmetric(r["type"]) and b < a:
            a, b = b, a
        k = (a, r["type"], b, r["negated"])
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def max_matching(n_left, adj):
    """Kuhn's augmenting paths, left vertices in order, right in adjacency order.
    Returns match_right {right: left}."""
    match_right = {}

    def augment(u, seen):
        for w in adj[u]:
            if w in seen:
                continue
            seen.add(w)
            if w not in match_right or augment(match_right[w], seen):
                match_right[w] = u
                return True
        return False

    for u in range(n_left):
        augment(u, set())
    return match_right


def score_file(gold, entities, relations, symmetric_of):
    """-> (tp [(pred, gold)], fp [pred], fn [gold], gold entities found)."""
    gents = gold["entities"]

    def ent(eid):
        return entities.get(eid) or {"id": eid, "name": eid, "keys": {norm(eid)}}

    def matches(eid, gi):
        return bool(ent(eid)["keys"] & gents[gi]["keys"])

    preds = dedup(relations, lambda e: e, symmetric_of)
    golds = dedup(gold["relations"], lambda e: e, symmetric_of)
    adj = []
    for p in preds:
        row = []
        for j, g in enumerate(golds):
            if p["type"] != g["type"] or p["negated"] != g["negated"]:
                continue
            if (matches(p["from"], g["from"]) and matches(p["to"], g["to"])) or (
                symmetric_of(p["type"]) and matches(p["from"], g["to"]) and matches(p["to"], g["from"])
            ):
                row.append(j)
        adj.append(row)
    match_right = max_matching(len(preds), adj)
    matched_left = {u: w for w, u in match_right.items()}
    tp = [(preds[u], golds[matched_left[u]]) for u in range(len(preds)) if u in matched_left]
    fp = [preds[u] for u in range(len(preds)) if u not in matched_left]
    fn = [golds[j] for j in range(len(golds)) if j not in match_right]
    found = sum(1 for ge in gents if any(e["keys"] & ge["keys"] for e in entities.values()))
    return tp, fp, fn, found


def ratios(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None
    return p, r, f


def row(name, c):
    p, r, f = ratios(c["tp"], c["fp"], c["fn"])
    rnd = lambda x: None if x is None else round(x, 6)
    return {"type": name, "gold": c["tp"] + c["fn"], "tp": c["tp"], "fp": c["fp"], "fn": c["fn"], "precision": rnd(p), "recall": rnd(r), "f1": rnd(f)}


def score_set(name, kg, unblind):
    """The scores of one set as a dict (see --json)."""
    blind = name == "heldout" and not unblind
    files, gold_errors = discover(name)
    symmetric = schema_symmetric()
    counts = {}
    total = {"tp": 0, "fp": 0, "fn": 0}
    ents = {"gold": 0, "found": 0, "new": 0, "new_not_in_text": 0}
    violations, fps, fns = [], [], []
    for label, path, gold in files:
        with open(path, "rb") as f:
            text = f.read()
        code, stdout, stderr = run_kg(kg, path)
        entities, relations, overrides = {}, [], {}
        if code != 0:
            msg = f"kg extract exited with status {code}"
            detail = stderr.decode("utf-8", "replace").strip()
            violations.append(f"{label}: {msg}" + ("" if blind else f": {detail}"))
        else:
            try:
                out = json.loads(stdout)
            except ValueError as e:
                out = None
                violations.append(f"{label}: stdout is not JSON ({e})")
            if out is not None:
                v, entities, relations, overrides, new, missing = check_output(text, out)
                violations += [f"{label}: {b if blind else full}" for full, b in v]
                ents["new"] += new
                ents["new_not_in_text"] += missing
        sym = lambda t: overrides.get(t, symmetric.get(t, False))
        tp, fp, fn, found = score_file(gold, entities, relations, sym)
        ents["gold"] += len(gold["entities"])
        ents["found"] += found
        for kind, items in (("tp", [p for p, _ in tp]), ("fp", fp), ("fn", fn)):
            for r in items:
                counts.setdefault(r["type"], {"tp": 0, "fp": 0, "fn": 0})[kind] += 1
                total[kind] += 1
        for p in fp:
            e = lambda i: entities.get(i, {"name": i})["name"]
            fps.append({"file": label, "type": p["type"], "from": e(p["from"]), "to": e(p["to"]), "negated": p["negated"], "quote": p["quote"]})
        for g in fn:
            n = lambda i: gold["entities"][i]["name"]
            fns.append({"file": label, "type": g["type"], "from": n(g["from"]), "to": n(g["to"]), "negated": g["negated"], "quote": g["quote"]})
    if blind:
        gold_errors = list(dict.fromkeys(e.split(":", 1)[0] + f": invalid ({WITHHELD})" for e in gold_errors))
    warnings = [f"relation type {t!r} is not in {SCHEMA}" for t in sorted(counts) if t not in symmetric]
    return {
        "set": name,
        "files": len(files),
        "rows": [row(t, counts[t]) for t in sorted(counts)],
        "overall": row("overall", total),
        "entities": {**ents, "recall": round(ents["found"] / ents["gold"], 6) if ents["gold"] else None},
        "gold_errors": gold_errors,
        "violations": violations,
        "warnings": warnings,
        "false_positives": fps,
        "false_negatives": fns,
    }


# ---------------------------------------------------------------- printing


def fmt(x):
    return "–" if x is None else f"{x:.3f}"


def cell(s):
    return str(s).replace("\n", " ").replace("|", "\\|")


def print_set(s, errors):
    print(f"## {s['set']} ({s['files']} files)\n")
    print("| type | gold | tp | fp | fn | P | R | F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in s["rows"] + [s["overall"]]:
        name = "**overall**" if r is s["overall"] else f"`{r['type']}`"
        print(f"| {name} | {r['gold']} | {r['tp']} | {r['fp']} | {r['fn']} | {fmt(r['precision'])} | {fmt(r['recall'])} | {fmt(r['f1'])} |")
    e = s["entities"]
    print(
        f"\nEntity recall: {e['found']}/{e['gold']} = {fmt(e['recall'])}; new entities proposed: {e['new']}, "
        f"names not in the text: {e['new_not_in_text']}"
    )
    for title, items in (("Gold errors", s["gold_errors"]), ("Contract violations", s["violations"]), ("Warnings", s["warnings"])):
        if items:
            print(f"\n{title} ({len(items)}):\n")
            for i in items:
                print(f"- {i}")
    if errors:
        for title, items in (("False positives", s["false_positives"]), ("False negatives", s["false_negatives"])):
            print(f"\n### {title} ({len(items)})\n")
            if not items:
                continue
            print("| file | type | from | to | negated | quote |")
            print("|---|---|---|---|---|---|")
            for i in items:
                q = "–" if i["quote"] is None else cell(i["quote"])
                print(f"| {cell(i['file'])} | `{i['type']}` | {cell(i['from'])} | {cell(i['to'])} | {'yes' if i['negated'] else ''} | {q} |")
    print()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", choices=["dev", "heldout", "seed", "all"], default="all")
    ap.add_argument("--kg", default=os.path.join(ROOT, "target", "release", "kg"), help="the kg binary (default target/release/kg)")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    ap.add_argument("--errors", action="store_true", help="list false positives and false negatives")
    ap.add_argument("--i-am-not-the-pattern-writer", dest="unblind", action="store_true", help="allow --errors and details on heldout")
    a = ap.parse_args()
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    names = SET_ORDER if a.set == "all" else [a.set]
    if a.errors and "heldout" in names and not a.unblind:
        print(
            "extract_score: --errors is refused for the heldout set: whoever writes the extraction patterns "
            "must not see heldout texts. Use --set dev or --set seed, or add --i-am-not-the-pattern-writer.",
            file=sys.stderr,
        )
        return 2
    kg = os.path.abspath(a.kg)
    if not os.access(kg, os.X_OK):
        print(f"extract_score: {kg} is not an executable (build it: cargo build --release, or pass --kg)", file=sys.stderr)
        return 2
    results, failed = [], False
    for n in names:
        try:
            s = score_set(n, kg, a.unblind)
        except SetError as e:
            failed = True
            results.append({"set": n, "error": str(e)})
            continue
        failed |= bool(s["gold_errors"] or s["violations"])
        if not a.errors:
            del s["false_positives"], s["false_negatives"]
        results.append(s)
    if a.json:
        json.dump({"sets": results}, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for s in results:
            if "error" in s:
                print(f"## {s['set']}\n\nCannot score: {s['error']}\n")
            else:
                print_set(s, a.errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
