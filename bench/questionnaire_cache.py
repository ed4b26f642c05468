"""Does caching a published questionnaire pay for itself? Read from the cache against read from the database.

Respondent pages need the questionnaire of their campaign on every request. This times one read both ways
in the same run, with the production cache (Redis, REDIS_URL, default redis://127.0.0.1:6379/14) and
with the demo's local-memory cache, and prints the ratios.
Run: .venv/bin/python bench/questionnaire_cache.py
"""

from __future__ import annotations

import os

os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")

from common import median_seconds, setup  # noqa: E402

REPEAT = 2000


def main() -> None:
    setup()
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    from assessment.instruments import selectors
    from assessment.instruments.selectors import latest_builtin_instrument

    instrument = latest_builtin_instrument()
    audiences = ("customers", "employees", "management")

    def from_database() -> None:
        for audience in audiences:
            selectors._load_questionnaire(instrument.pk, audience)

    def from_cache() -> None:
        for audience in audiences:
            selectors.questionnaire(instrument.pk, audience)

    print(f"instrument v{instrument.version}, audiences {', '.join(audiences)}; median of 7 rounds")
    database = median_seconds(lambda: [from_database() for _ in range(REPEAT // 10)])
    for label, cache in (("redis", caches["default"]), ("local memory", LocMemCache("bench", {}))):
        selectors.cache = cache  # the module's cache handle, swapped for this measurement only
        cache.clear()
        cached = median_seconds(lambda: [from_cache() for _ in range(REPEAT // 10)])
        print(
            f"{label:>12}: {cached / (REPEAT // 10) * 1e3 / 3:.3f} ms per read cached, "
            f"{database / (REPEAT // 10) * 1e3 / 3:.3f} ms from the database; database/cache = {database / cached:.1f}"
        )


if __name__ == "__main__":
    main()
