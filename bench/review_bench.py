"""The review page's body search and labels: what a keystroke in "find a body" costs.

- ``index_ms``: building the search keys of every LSG body and village (once per vintage).
- ``labels_ms``: every body's label (body, rayon, oblast) in one language (once per language).
- ``search_ms``: one search by name or village, median and worst of 120 (6 queries x 20).

Run alone: ``python -m bench review`` or ``python -m bench.review_bench``.
"""

from __future__ import annotations

import statistics
import time

from forumreach import gazetteer, review

QUERIES = ("ак", "Тегизчил", "ак-кудук", "Аккудук", "бишкек", "кара")


def _ms(func) -> float:
    start = time.perf_counter()
    func()
    return round((time.perf_counter() - start) * 1000, 1)


def run() -> dict:
    gaz = gazetteer.load("2018")
    review._search_index.cache_clear()
    review._body_labels.cache_clear()
    index_ms = _ms(lambda: review._search_index(gaz.vintage))
    labels_ms = _ms(lambda: review.all_bodies(gaz, "ru"))
    times = [_ms(lambda q=q: review.search_bodies(gaz, q, "ru")) for q in QUERIES * 20]
    return {
        "index_ms": index_ms,
        "labels_ms": labels_ms,
        "search_ms": {"median": statistics.median(times), "max": max(times)},
        "villages": len(gaz.villages),
        "bodies": len(gaz.lsg_bodies),
    }


if __name__ == "__main__":
    print(run())
