"""Submitted responses made quickly through the import service, with reproducible answers."""

from __future__ import annotations

import random

from assessment.campaigns.services import campaign_for_group
from assessment.instruments.selectors import questionnaire
from assessment.models import Assessment, Item
from assessment.responses.services import store_imported_responses


def submit_many(assessment: Assessment, group: str, count: int, *, mean: float = 3.5, seed: int = 1) -> None:
    campaign = campaign_for_group(assessment=assessment, group=group)
    items = questionnaire(campaign.instrument_id, group).items
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
    store_imported_responses(campaign=campaign, rows=rows)
