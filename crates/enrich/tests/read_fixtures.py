"""Read the enrichment fixtures with independent readers and print what they hold as JSON.

Usage: python read_fixtures.py FIXTURES_DIR [CSL_SCHEMA.json]
bibtexparser reads refs.bib, json reads refs.csl.json (validated against the CSL data schema
with jsonschema when a schema is given) and every line of arxiv-snapshot.jsonl.
"""
import json
import os
import sys

import bibtexparser


def main() -> int:
    d = sys.argv[1]
    out = {"bib": {}, "csl": {}, "arxiv": {}}
    library = bibtexparser.parse_file(os.path.join(d, "refs.bib"))  # bibtexparser 2
    for b in library.failed_blocks:
        print(f"refs.bib: bibtexparser failed at line {b.start_line}: {b.error!r}", file=sys.stderr)
    if library.failed_blocks:
        return 1
    for e in library.entries:
        fields = {f.key.lower(): f.value for f in e.fields}
        authors = [a for a in fields.get("author", "").split(" and ") if a.strip()]
        out["bib"][e.key] = {
            "authors": len(authors),
            "first_family": authors[0].split(",")[0].strip() if authors else None,
            "doi": fields.get("doi"),
            "eprint": fields.get("eprint"),
        }
    with open(os.path.join(d, "refs.csl.json"), encoding="utf-8") as fh:
        items = json.load(fh)
    if len(sys.argv) > 2:
        import jsonschema

        with open(sys.argv[2], encoding="utf-8") as fh:
            schema = json.load(fh)
        errors = list(jsonschema.Draft7Validator(schema).iter_errors(items))
        for e in errors:
            print(f"csl schema: {list(e.path)}: {e.message}", file=sys.stderr)
        if errors:
            return 1
    for it in items:
        out["csl"][it["id"]] = {
            "authors": len(it.get("author", [])),
            "first_family": it["author"][0]["family"] if it.get("author") else None,
            "year": it["issued"]["date-parts"][0][0],
        }
    with open(os.path.join(d, "arxiv-snapshot.jsonl"), encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            out["arxiv"][rec["id"]] = {
                "authors": len(rec["authors_parsed"]),
                "first_family": rec["authors_parsed"][0][0],
                "primary": rec["categories"].split()[0],
            }
    print(json.dumps(out, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
