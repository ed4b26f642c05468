"""The running totals kept at submit and import equal a recomputation from the stored answers."""

import pytest
from django.db.models import Count, Sum

from assessment.models import DimensionTotal, ItemTotal, ResponseDimensionScore, ResponseTotal
from assessment.responses.services import rebuild_totals

from ..factories import submit_many

pytestmark = pytest.mark.django_db


def snapshot(campaign):
    return (
        sorted(ResponseTotal.objects.filter(campaign=campaign).values_list("bucket", "n")),
        sorted(
            (d, s, n, round(t, 6), round(q, 4), cn, round(ct, 6), round(cq, 4))
            for d, s, n, t, q, cn, ct, cq in DimensionTotal.objects.filter(campaign=campaign).values_list(
                "dimension_id", "segment", "n", "total", "total_sq", "complete_n", "complete_total", "complete_total_sq"
            )
        ),
        sorted(
            (i, n, round(t, 6), round(q, 4))
            for i, n, t, q in ItemTotal.objects.filter(campaign=campaign).values_list(
                "item_id", "n", "total", "total_sq"
            )
        ),
    )


def test_totals_match_a_rebuild_from_answers(assessment):
    submit_many(assessment, "customers", 40, seed=1)
    submit_many(assessment, "customers", 25, seed=2)  # a second import adds to the first
    campaign = assessment.campaigns.get(group="customers")
    kept = snapshot(campaign)
    rebuild_totals(campaign=campaign)
    assert snapshot(campaign) == kept
    assert dict(kept[0])[""] == 65


def test_whole_group_totals_match_the_stored_dimension_scores(assessment):
    submit_many(assessment, "employees", 33, seed=4)
    campaign = assessment.campaigns.get(group="employees")
    stored = {
        row["dimension_id"]: row
        for row in ResponseDimensionScore.objects.filter(response__campaign=campaign)
        .values("dimension_id")
        .annotate(n=Count("id"), total=Sum("score"))
    }
    for total in DimensionTotal.objects.filter(campaign=campaign, segment=""):
        assert total.n == stored[total.dimension_id]["n"]
        assert total.total == pytest.approx(stored[total.dimension_id]["total"])
