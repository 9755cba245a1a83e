"""Expand a papercat JSON-LD document with pyld, offline, and compare it with our own expansion.

Usage: check_pyld.py COMPACT EXPANDED SCHEMAORG_CONTEXT

schema.org's context URL is served from the local context file by a custom document loader;
any other URL is an error (the check never touches the network). Exits 1 when pyld's expansion
of COMPACT differs from EXPANDED (compared as JSON, array order included) or when the two
documents give different RDF datasets (URDNA2015 canonical N-Quads). On success prints the
canonical N-Quads of COMPACT on stdout.
"""

import json
import sys

from pyld import jsonld

compact_path, expanded_path, context_path = sys.argv[1:4]

with open(context_path, encoding="utf-8") as f:
    schema_context = json.load(f)

SCHEMA_URLS = {"https://schema.org/", "https://schema.org", "http://schema.org/", "http://schema.org"}
fetched = []


def loader(url, options=None):
    if url not in SCHEMA_URLS:
        raise RuntimeError(f"unexpected remote document {url}: the check is offline")
    fetched.append(url)
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": schema_context}


jsonld.set_document_loader(loader)

with open(compact_path, encoding="utf-8") as f:
    compact = json.load(f)
with open(expanded_path, encoding="utf-8") as f:
    ours = json.load(f)

theirs = jsonld.expand(compact)
if not fetched:
    sys.exit("the compact document did not use schema.org's context")
if theirs != ours:
    for i, (a, b) in enumerate(zip(theirs, ours)):
        if a != b:
            print(f"node {i} differs:\npyld: {json.dumps(a, ensure_ascii=False)[:2000]}\nours: {json.dumps(b, ensure_ascii=False)[:2000]}", file=sys.stderr)
            break
    else:
        print(f"pyld gives {len(theirs)} nodes, we give {len(ours)}", file=sys.stderr)
    sys.exit(1)

opts = {"algorithm": "URDNA2015", "format": "application/n-quads"}
from_compact = jsonld.normalize(compact, opts)
from_expanded = jsonld.normalize(ours, opts)
if from_compact != from_expanded:
    sys.exit("the compact and expanded documents give different RDF datasets")
sys.stdout.write(from_compact)
