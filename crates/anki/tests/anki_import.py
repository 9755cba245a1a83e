"""Imports papercat's Anki output with the real `anki` library and reports what Anki saw.

Usage: anki_import.py WORKDIR FIRST.apkg EDITED.apkg SAME_TIME_EDIT.apkg EDITED.txt

1. a fresh collection imports FIRST.apkg with Anki's default options;
2. then EDITED.apkg (a later timestamp, one Method changed): notes must update in place;
3. then SAME_TIME_EDIT.apkg (same timestamp as EDITED, Method changed again) with
   update_notes=ALWAYS: updates again;
4. then EDITED.txt through Anki's CSV/text importer, with the metadata Anki reads from the
   file headers.
After each step it records note and card counts, deck names and every note's fields; it prints
one JSON object that the Rust test asserts on.
"""

import json
import os
import sys

from anki.collection import Collection, ImportAnkiPackageRequest
from anki.import_export_pb2 import (
    ImportAnkiPackageOptions,
    ImportAnkiPackageUpdateCondition,
    ImportCsvRequest,
)


def snapshot(col):
    notes = {}
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        notes[note.guid] = {
            "notetype": note.note_type()["name"],
            "fields": dict(note.items()),
            "tags": sorted(note.tags),
            "decks": sorted({col.decks.name(c.did) for c in note.cards()}),
            "cards": len(note.cards()),
            "rendered": [
                {"template": c.template()["name"], "question": c.question(), "answer": c.answer()}
                for c in sorted(note.cards(), key=lambda c: c.ord)
            ],
        }
    csum = {guid: [sfld, csum] for guid, sfld, csum in col.db.all("select guid, sfld, csum from notes")}
    return {
        "note_count": col.note_count(),
        "card_count": col.card_count(),
        "decks": sorted(d.name for d in col.decks.all_names_and_ids()),
        "notetypes": sorted(n.name for n in col.models.all_names_and_ids()),
        "notes": notes,
        "csum": csum,
        "empty_cards": len(col.get_empty_cards().notes),
    }


def import_apkg(col, path, always=False):
    options = ImportAnkiPackageOptions()
    if always:
        options.update_notes = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS
    log = col.import_anki_package(ImportAnkiPackageRequest(package_path=path, options=options)).log
    return {"new": len(log.new), "updated": len(log.updated), "duplicate": len(log.duplicate),
            "conflicting": len(log.conflicting), "first_field_match": len(log.first_field_match)}


def main():
    work, first, edited, same_time, txt = sys.argv[1:6]
    col = Collection(os.path.join(work, "collection.anki2"))
    out = {}
    out["first_log"] = import_apkg(col, first)
    out["first"] = snapshot(col)
    out["edited_log"] = import_apkg(col, edited)
    out["edited"] = snapshot(col)
    out["same_time_log"] = import_apkg(col, same_time, always=True)
    out["same_time"] = snapshot(col)

    metadata = col.get_csv_metadata(txt, None)
    out["txt_metadata"] = {
        "guid_column": metadata.guid_column,
        "deck_column": metadata.deck_column,
        "tags_column": metadata.tags_column,
        "notetype_column": metadata.notetype_column,
        "is_html": metadata.is_html,
        "dupe_resolution": metadata.dupe_resolution,
        "delimiter": metadata.delimiter,
    }
    log = col.import_csv(ImportCsvRequest(path=txt, metadata=metadata)).log
    out["txt_log"] = {"new": len(log.new), "updated": len(log.updated), "duplicate": len(log.duplicate),
                      "conflicting": len(log.conflicting), "missing_notetype": len(log.missing_notetype),
                      "empty_first_field": len(log.empty_first_field)}
    out["txt"] = snapshot(col)
    col.close()
    print(json.dumps(out, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
