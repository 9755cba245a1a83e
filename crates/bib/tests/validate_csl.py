"""Validate a CSL-JSON file against the CSL data schema with jsonschema.

Usage: python validate_csl.py SCHEMA.json ITEMS.json
Prints every validation error and exits 1 when there is any; prints `valid N items` otherwise.
"""
import json
import sys

import jsonschema


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as fh:
        schema = json.load(fh)
    with open(sys.argv[2], encoding="utf-8") as fh:
        items = json.load(fh)
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(items), key=lambda e: list(e.path))
    for e in errors:
        print(f"{list(e.path)}: {e.message}")
    if errors:
        return 1
    print(f"valid {len(items)} items")
    return 0


if __name__ == "__main__":
    sys.exit(main())
