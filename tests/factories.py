"""Submitted responses made quickly through the import service, with reproducible answers."""

from __future__ import annotations

import random

from assessment import selectors, services
from assessment.models import Assessment, Item


def submit_many(assessment: Assessment, group: str, count: int, *, mean: float = 3.5, seed: int = 1) -> None:
    campaign = services.campaign_for_group(assessment=assessment, group=group)
    items = selectors.questionnaire(campaign.instrument, group).items
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        row: dict[Item, object] = {}
        for item in items:
            if item.type == Item.Type.LIKERT5:
                row[item] = str(min(5, max(1, round(rng.gauss(mean, 0.8)))))
            elif item.type == Item.Type.NPS:
                row[item] = str(rng.randint(0, 10))
            elif item.segment:
                row[item] = rng.choice(item.choices)["value"]
        rows.append(row)
    services.store_imported_responses(campaign=campaign, rows=rows)
