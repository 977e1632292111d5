#!/usr/bin/env python3
"""Reads kg's exports with the real readers and compares them with kg itself.

Usage:
    check_exports.py graphml KG_BINARY [--graph FILE] 
    check_exports.py rdf KG_BINARY [--graph FILE] NAME...

graphml: `kg export --format graphml` loads in NetworkX (`nx.read_graphml`) with
    as many nodes and edges as kg's own JSON export of the same graph, and every
    node's name, type and aliases and every edge's type, label, symmetry,
    evidence, validity and confidence equal kg's (text with the characters XML
    1.0 forbids removed, as docs/export.md says).

rdf: `kg export --format ntriples` parses in rdflib and loads in pyoxigraph,
    both holding exactly the number of triples docs/export.md predicts from the
    kg JSON export; then, for each NAME, a SPARQL query over the triples in
    pyoxigraph finds the same entities within 1 and 2 hops as
    `kg neighbours NAME --depth D --format json`.

Prints one summary line and exits 0 when everything agrees, 1 listing the
differences otherwise, 2 on a setup problem (a missing module, kg failing).
"""

import io
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse

BASE = "https://kg.example/"
VOCAB = BASE + "vocab/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_PROPERTY = "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property"
ALIAS_SEPARATOR = " | "


def die(msg, code=2):
    sys.stderr.write("check_exports.py: %s\n" % msg)
    sys.exit(code)


def need(module, pin):
    try:
        return __import__(module)
    except ImportError:
        die(
            "cannot import %s with %s; install it (pip install %s) or run scripts/test.sh"
            % (module, sys.executable, pin)
        )


def kg(binary, graph, *args):
    cmd = [binary] + (["--graph", graph] if graph else []) + list(args)
    out = subprocess.run(cmd, capture_output=True)
    if out.returncode != 0:
        die("%s failed (%d):\n%s" % (" ".join(cmd), out.returncode, out.stderr.decode()))
    return out.stdout


def forbidden_in_xml(c):
    o = ord(c)
    return (o < 0x20 and c not in "\t\n\r") or o in (0xFFFE, 0xFFFF)


def xml_clean(s):
    return "".join(c for c in s if not forbidden_in_xml(c))


def span_text(valid):
    """A kg JSON `valid` value as kg prints spans: DATE or DATE .. DATE."""
    if valid is None:
        return None
    if isinstance(valid, str):
        return valid
    return valid["from"] if valid["from"] == valid["to"] else "%s .. %s" % (valid["from"], valid["to"])


# ---------------------------------------------------------------- GraphML


def check_graphml(binary, graph):
    nx = need("networkx", "networkx==3.6.1")
    doc = json.loads(kg(binary, graph, "export", "--format", "json"))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "g.graphml")
        with open(path, "wb") as f:
            f.write(kg(binary, graph, "export", "--format", "graphml"))
        G = nx.read_graphml(path)
    problems = []
    entities = doc.get("entities", [])
    relations = doc.get("relations", [])
    if G.number_of_nodes() != len(entities):
        problems.append("nodes: networkx %d, kg %d" % (G.number_of_nodes(), len(entities)))
    if G.number_of_edges() != len(relations):
        problems.append("edges: networkx %d, kg %d" % (G.number_of_edges(), len(relations)))
    if not G.is_directed():
        problems.append("the graph is not directed")
    for e in entities:
        node_id = xml_clean(e["id"])
        if node_id not in G.nodes:
            problems.append("no node %r" % node_id)
            continue
        data = G.nodes[node_id]
        name = xml_clean(e.get("name", e["id"]))
        want = {
            "name": name,
            "label": name,
            "type": xml_clean(e.get("type", "entity")),
        }
        if e.get("aliases"):
            want["aliases"] = ALIAS_SEPARATOR.join(xml_clean(a) for a in e["aliases"])
        if e.get("attributes"):
            want["attributes"] = e["attributes"]
        got = dict(data)
        if "attributes" in got:
            got["attributes"] = json.loads(got["attributes"])
        if got != want:
            problems.append("node %r: networkx %r, kg %r" % (node_id, got, want))
    symmetric = {t["id"]: t.get("symmetric", False) for t in doc["schema"]["relation_types"]}
    inverse = {t["id"]: t.get("inverse") for t in doc["schema"]["relation_types"]}

    def canon(d):
        return json.dumps(d, sort_keys=True, ensure_ascii=False)

    want_edges = []
    for r in relations:
        d = {
            "type": xml_clean(r["type"]),
            "label": xml_clean(r["type"].replace("_", " ")),
            "symmetric": symmetric[r["type"]],
        }
        if inverse.get(r["type"]) and not symmetric[r["type"]]:
            d["inverse"] = xml_clean(inverse[r["type"]])
        if r.get("evidence"):
            d["evidence"] = json.loads(xml_clean(json.dumps(r["evidence"], ensure_ascii=False)))
        if r.get("valid") is not None:
            d["valid"] = span_text(r["valid"])
        if r.get("confidence") is not None:
            d["confidence"] = float(r["confidence"])
        if r.get("id") is not None:
            d["relation_id"] = xml_clean(r["id"])
        if r.get("attributes"):
            d["attributes"] = r["attributes"]
        want_edges.append(canon([xml_clean(r["from"]), xml_clean(r["to"]), d]))
    got_edges = []
    for u, v, data in G.edges(data=True):
        d = dict(data)
        d.pop("id", None)
        for key in ("evidence", "attributes"):
            if key in d:
                d[key] = json.loads(d[key])
        got_edges.append(canon([u, v, d]))
    missing = sorted(set(want_edges) - set(got_edges))
    extra = sorted(set(got_edges) - set(want_edges))
    if sorted(want_edges) != sorted(got_edges):
        problems.append(
            "edges differ:\n  only in kg:       %s\n  only in networkx: %s"
            % ("\n    ".join(missing[:10]), "\n    ".join(extra[:10]))
        )
    return problems, "graphml: %d nodes, %d edges read by networkx %s" % (
        G.number_of_nodes(),
        G.number_of_edges(),
        nx.__version__,
    )


# ---------------------------------------------------------------- RDF


def expected_triples(doc):
    """The number of distinct triples docs/export.md says the export holds."""
    schema = doc.get("schema") or {}
    n = 0
    entity_types = {t["id"]: t for t in schema.get("entity_types", [])}
    for e in doc.get("entities", []):
        entity_types.setdefault(e.get("type", "entity"), {"id": e.get("type", "entity")})
    for t in entity_types.values():
        n += 2 + (1 if t.get("description") else 0)
    for t in schema.get("relation_types", []):
        n += 2
        if t.get("symmetric"):
            n += 1
        elif t.get("inverse"):
            n += 1
        n += 1 if t.get("description") else 0
        n += len(t.get("codes", {}))
        n += len(set(t.get("from", []))) + len(set(t.get("to", [])))
    for s in doc.get("sources", []):
        n += 2
        n += sum(1 for k in ("title", "publisher", "date", "url") if s.get(k) is not None)
        n += 1 if s.get("background") else 0
    for e in doc.get("entities", []):
        n += 3 + len(set(e.get("aliases", []))) + (1 if e.get("attributes") else 0)
    asserted = set()
    for r in doc.get("relations", []):
        asserted.add((r["from"], r["type"], r["to"]))
        evidence = r.get("evidence", [])
        annotated = (
            evidence
            or r.get("valid") is not None
            or r.get("confidence") is not None
            or r.get("id") is not None
            or r.get("attributes")
        )
        if not annotated:
            continue
        n += 4
        for ev in evidence:
            n += 2 + (1 if ev.get("quote") is not None else 0) + (1 if ev.get("date") else 0)
        v = r.get("valid")
        if v is not None:
            n += 1 if isinstance(v, str) or v["from"] == v["to"] else 2
        n += 1 if r.get("confidence") is not None else 0
        n += 1 if r.get("id") is not None else 0
        n += 1 if r.get("attributes") else 0
    return n + len(asserted)


def entity_iri(entity_id):
    return BASE + "entity/" + urllib.parse.quote(entity_id, safe="")


NEIGHBOURS = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX kg: <%(vocab)s>
SELECT DISTINCT ?id WHERE {
  {
    { <%(c)s> ?p ?n } UNION { ?n ?p <%(c)s> }
    ?p a rdf:Property .
  } %(two)s
  FILTER(?n != <%(c)s>)
  ?n kg:id ?id .
}
"""

TWO_HOPS = """UNION {
    { <%(c)s> ?p ?m } UNION { ?m ?p <%(c)s> }
    ?p a rdf:Property .
    { ?m ?q ?n } UNION { ?n ?q ?m }
    ?q a rdf:Property .
  }"""


def check_rdf(binary, graph, names):
    rdflib = need("rdflib", "rdflib==7.6.0")
    pyoxigraph = need("pyoxigraph", "pyoxigraph==0.5.13")
    doc = json.loads(kg(binary, graph, "export", "--format", "json"))
    nt = kg(binary, graph, "export", "--format", "ntriples")
    problems = []
    want = expected_triples(doc)
    g = rdflib.Graph()
    g.parse(data=nt.decode("utf-8"), format="nt")
    if len(g) != want:
        problems.append("rdflib read %d triples; docs/export.md predicts %d" % (len(g), want))
    lines = [l for l in nt.decode("utf-8").split("\n") if l]
    if len(lines) != len(set(lines)):
        problems.append("the export repeats lines")
    store = pyoxigraph.Store()
    store.load(nt, format=pyoxigraph.RdfFormat.N_TRIPLES)
    if len(store) != want:
        problems.append("pyoxigraph holds %d triples; docs/export.md predicts %d" % (len(store), want))
    # Every entity has its label and type.
    labels = {
        str(s): str(o)
        for s, o in g.subject_objects(rdflib.URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
    }
    for e in doc.get("entities", []):
        iri = entity_iri(e["id"])
        if labels.get(iri) != e.get("name", e["id"]):
            problems.append("entity %r: label %r, kg name %r" % (e["id"], labels.get(iri), e.get("name", e["id"])))
    queries = 0
    for name in names:
        for depth in (1, 2):
            answer = json.loads(
                kg(binary, graph, "neighbours", name, "--depth", str(depth), "--limit", "1000000", "--format", "json")
            )
            center = answer["center"]["id"]
            expected = sorted(n["id"] for n in answer["nodes"])
            q = NEIGHBOURS % {
                "vocab": VOCAB,
                "c": entity_iri(center),
                "two": TWO_HOPS % {"c": entity_iri(center)} if depth == 2 else "",
            }
            got = sorted(str(row["id"].value) for row in store.query(q))
            queries += 1
            if got != expected:
                problems.append(
                    "neighbours of %r at depth %d: SPARQL %r, kg %r" % (name, depth, got, expected)
                )
    return problems, (
        "ntriples: %d triples read by rdflib %s and pyoxigraph %s; %d SPARQL neighbourhoods agree with kg"
        % (len(g), rdflib.__version__, pyoxigraph.__version__, queries)
    )


def main(argv):
    if len(argv) < 3 or argv[1] not in ("graphml", "rdf"):
        die(__doc__)
    what, binary, rest = argv[1], argv[2], argv[3:]
    graph = None
    if rest[:1] == ["--graph"]:
        graph, rest = rest[1], rest[2:]
    if what == "graphml":
        problems, summary = check_graphml(binary, graph)
    else:
        problems, summary = check_rdf(binary, graph, rest)
    if problems:
        print("%s\n%d problems:\n  %s" % (summary, len(problems), "\n  ".join(problems)))
        return 1
    print(summary + ", 0 problems")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
