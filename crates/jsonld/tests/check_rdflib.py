"""Load a papercat JSON-LD document into rdflib and list every paper's name and identifiers.

Usage: check_rdflib.py COMPACT EXPANDED SCHEMAORG_CONTEXT

rdflib does not get a document loader, so schema.org's context URL in COMPACT's @context is
replaced by the local context file's content before parsing. Exits 1 when the compact and
expanded documents do not give isomorphic graphs. Prints one JSON object per paper, ordered by
IRI: {"paper": IRI, "name": ..., "identifiers": [[propertyID, value], ...]} from a SPARQL query.
"""

import json
import logging
import sys

import rdflib
from rdflib.compare import isomorphic

compact_path, expanded_path, context_path = sys.argv[1:4]


class Complaints(logging.Handler):
    """Collects what rdflib logs (e.g. "... does not look like a valid URI")."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


complaints = Complaints()
logging.getLogger("rdflib").addHandler(complaints)

with open(context_path, encoding="utf-8") as f:
    schema_context = json.load(f)["@context"]
with open(compact_path, encoding="utf-8") as f:
    doc = json.load(f)
doc["@context"] = [schema_context if c == "https://schema.org/" else c for c in doc["@context"]]

g = rdflib.Graph()
g.parse(data=json.dumps(doc), format="json-ld")
expanded = rdflib.Graph()
expanded.parse(expanded_path, format="json-ld")
if complaints.messages:
    sys.exit("rdflib complained: " + "; ".join(complaints.messages[:5]))
if len(g) == 0 or not isomorphic(g, expanded):
    sys.exit(f"compact ({len(g)} triples) and expanded ({len(expanded)} triples) graphs differ")

QUERY = """
PREFIX schema: <http://schema.org/>
SELECT ?paper ?name ?pid ?value WHERE {
  ?paper a schema:ScholarlyArticle ;
         schema:name ?name .
  OPTIONAL { ?paper schema:identifier ?id . ?id schema:propertyID ?pid ; schema:value ?value . }
}
"""
papers = {}
for row in g.query(QUERY):
    entry = papers.setdefault(str(row.paper), {"paper": str(row.paper), "name": str(row.name), "identifiers": []})
    if row.pid is not None:
        pair = [str(row.pid), str(row.value)]
        if pair not in entry["identifiers"]:
            entry["identifiers"].append(pair)
for iri in sorted(papers):
    papers[iri]["identifiers"].sort()
    print(json.dumps(papers[iri], ensure_ascii=False))
