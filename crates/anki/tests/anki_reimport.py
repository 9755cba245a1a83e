"""Re-imports an edited package over a collection with review history, with the real `anki` library.

Usage: anki_reimport.py WORKDIR FIRST.apkg SECOND.apkg

1. a fresh collection imports FIRST.apkg with Anki's default options;
2. the v3 scheduler studies the root deck: 12 times it takes the card at the top of the queue
   and answers it with Easy, Good, Again, Hard in turn, so that the revlog has rows and cards
   are in review, learning and new states;
3. the collection imports SECOND.apkg (the catalogue edited and re-ordered, exported with a
   later timestamp) with Anki's default options ("update notes if newer").
It records the import logs, snapshots (see anki_import.py), every card's scheduling columns and
every revlog row before and after step 3, and prints one JSON object that the Rust test asserts on.
"""

import json
import os
import sys

from anki.collection import Collection
from anki.scheduler_pb2 import CardAnswer

from anki_import import import_apkg, snapshot

RATINGS = [CardAnswer.EASY, CardAnswer.GOOD, CardAnswer.AGAIN, CardAnswer.HARD]


def cards(col):
    """Every card's note GUID, template and scheduling columns, by card id."""
    rows = col.db.all(
        "select c.id, n.guid, c.ord, c.did, c.type, c.queue, c.due, c.ivl, c.factor, c.reps,"
        " c.lapses, c.left, c.odue, c.odid, c.data from cards c join notes n on n.id = c.nid"
    )
    return {
        str(r[0]): {
            "guid": r[1], "ord": r[2], "did": r[3], "type": r[4], "queue": r[5], "due": r[6],
            "ivl": r[7], "factor": r[8], "reps": r[9], "lapses": r[10], "left": r[11],
            "odue": r[12], "odid": r[13], "data": r[14],
        }
        for r in rows
    }


def revlog(col):
    return col.db.all(
        "select id, cid, ease, ivl, lastIvl, factor, type from revlog order by id"
    )


def study(col, answers=12):
    """Answers the top card of the root deck's queue `answers` times, as a person studying
    would; returns the ratings given."""
    roots = [d for d in col.decks.all_names_and_ids() if "::" not in d.name and d.name != "Default"]
    assert len(roots) == 1, [d.name for d in roots]
    col.decks.select(roots[0].id)
    queued = col.sched.get_queued_cards(fetch_limit=1000)
    out = {"new_count": queued.new_count, "answered": []}
    for i in range(answers):
        top = col.sched.get_queued_cards(fetch_limit=1).cards
        if not top:
            break
        card = col.get_card(top[0].card.id)
        card.start_timer()
        rating = RATINGS[i % len(RATINGS)]
        col.sched.answer_card(col.sched.build_answer(card=card, states=top[0].states, rating=rating))
        out["answered"].append({"card": str(card.id), "rating": CardAnswer.Rating.Name(rating)})
    return out


def main():
    work, first, second = sys.argv[1:4]
    col = Collection(os.path.join(work, "collection.anki2"))
    out = {"first_log": import_apkg(col, first)}
    out["first"] = snapshot(col)
    out["study"] = study(col)
    out["before"] = {"cards": cards(col), "revlog": revlog(col), "snapshot": snapshot(col)}
    out["second_log"] = import_apkg(col, second)
    out["after"] = {"cards": cards(col), "revlog": revlog(col), "snapshot": snapshot(col)}
    col.close()
    print(json.dumps(out, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
