"""The figures of each campaign: as the running totals stand (the command line's live result) or as pages
show them, moved on in steps of the anonymity threshold while the campaign is open (scoring.stepping).

Pages read the stored figures and move them on themselves when a step is due: a write on a read, but an
idempotent one, and it means no submit pays for it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from .. import scoring
from ..campaigns.models import Campaign
from ..groups import Group
from ..instruments.models import Item
from ..instruments.selectors import questionnaire
from ..responses.models import SEGMENT_FIELDS, Answer, DimensionTotal, ItemTotal, ResponseTotal
from .models import ShownFigures

# Open-text answers kept per question: a sample to read, not the whole survey.
COMMENTS_SHOWN = 40

Comment = tuple[int, str, tuple[str, ...]]  # the question's position, its text, the answers


@dataclass(frozen=True)
class Totals:
    """One campaign's figures: what scoring needs, the counts per segment value and NPS band, and (for the
    figures shown) a sample of its open-text answers."""

    input: scoring.GroupInput
    buckets: Mapping[str, int]
    comments: tuple[Comment, ...] = field(default=())


def live_totals(campaigns: Mapping[int, Campaign]) -> dict[int, Totals]:
    """Every submitted response of each campaign, from its running totals (4 queries whatever their number)."""
    buckets: dict[int, dict[str, int]] = {pk: {} for pk in campaigns}
    for total in ResponseTotal.objects.filter(campaign_id__in=campaigns).order_by("campaign_id", "bucket"):
        buckets[total.campaign_id][total.bucket] = total.n
    dimensions: dict[int, dict[str, dict[str, scoring.DimensionStats]]] = {pk: {} for pk in campaigns}
    complete: dict[tuple[int, str], DimensionTotal] = {}
    for row in DimensionTotal.objects.filter(campaign_id__in=campaigns).select_related("dimension"):
        if row.n:
            stats = scoring.DimensionStats(n=row.n, total=row.total, total_sq=row.total_sq)
            dimensions[row.campaign_id].setdefault(row.segment, {})[row.dimension.code] = stats
        if row.segment == "" and row.complete_n:
            complete[row.campaign_id, row.dimension.code] = row
    item_rows: dict[tuple[int, str], list[ItemTotal]] = {}
    for item_total in (
        ItemTotal.objects.filter(campaign_id__in=campaigns, n__gt=0)
        .select_related("item__dimension")
        .order_by("item__code")
    ):
        if item_total.item.dimension is not None:
            item_rows.setdefault((item_total.campaign_id, item_total.item.dimension.code), []).append(item_total)

    totals = {}
    for pk, campaign in campaigns.items():
        segments: dict[str, dict[str, scoring.SegmentInput]] = {}
        for bucket, n in buckets[pk].items():
            question, _, value = bucket.partition("=")
            if value and question in SEGMENT_FIELDS:
                segments.setdefault(question, {})[value] = scoring.SegmentInput(
                    responses=n, dimensions=dimensions[pk].get(bucket, {})
                )
        alpha = {
            code: scoring.AlphaStats(
                n=row.complete_n,
                item_sums=tuple(i.total for i in item_rows.get((pk, code), [])),
                item_sums_sq=tuple(i.total_sq for i in item_rows.get((pk, code), [])),
                total_sum=row.complete_total,
                total_sum_sq=row.complete_total_sq,
            )
            for (campaign_id, code), row in complete.items()
            if campaign_id == pk
        }
        group_input = scoring.GroupInput(
            group=campaign.group,
            responses=buckets[pk].get("", 0),
            anonymity_threshold=campaign.anonymity_threshold,
            dimensions=dimensions[pk].get("", {}),
            alpha=alpha,
            segments=segments,
        )
        totals[pk] = Totals(input=group_input, buckets=buckets[pk])
    return totals


def shown_totals(campaigns: Mapping[int, Campaign]) -> dict[int, Totals]:
    """The figures pages show (5 queries, and a few more for a campaign whose figures move on now)."""
    live = live_totals(campaigns)
    stored = {row.campaign_id: row for row in ShownFigures.objects.filter(campaign_id__in=campaigns)}
    now = timezone.now()
    rows = {}
    for pk, campaign in campaigns.items():
        row = stored.get(pk)
        # The self-assessment is exempt from suppression (rule 4), and so from its steps.
        threshold = 1 if campaign.group == Group.MANAGEMENT else live[pk].input.threshold
        closed = campaign.closes_at is not None and campaign.closes_at <= now
        due = scoring.moves_on(
            live_responses=live[pk].input.responses,
            shown_responses=row.responses if row is not None else None,
            threshold=threshold,
            closed=closed,
        )
        if due:
            row = _figures(campaign, live[pk])
        elif row is None:
            row = _figures(campaign, Totals(input=scoring.GroupInput(group=campaign.group, responses=0), buckets={}))
        rows[pk] = row
    moved_on = [row for pk, row in rows.items() if row is not stored.get(pk)]
    if moved_on:
        ShownFigures.objects.bulk_create(
            moved_on,
            update_conflicts=True,
            unique_fields=["campaign"],
            update_fields=["responses", "figures", "buckets", "comments"],
        )
    return {
        pk: Totals(
            input=scoring.group_input_from_data(row.figures, anonymity_threshold=campaigns[pk].anonymity_threshold),
            buckets=row.buckets,
            comments=tuple((position, question, tuple(texts)) for position, question, texts in row.comments),
        )
        for pk, row in rows.items()
    }


def _figures(campaign: Campaign, totals: Totals) -> ShownFigures:
    """`totals` as the campaign's shown figures, with a sample of its open-text answers (not saved yet)."""
    return ShownFigures(
        campaign=campaign,
        responses=totals.input.responses,
        figures=scoring.group_input_to_data(totals.input),
        buckets=dict(totals.buckets),
        comments=_sample_comments(campaign) if totals.input.responses else [],
    )


def _sample_comments(campaign: Campaign) -> list[list[Any]]:
    """At most COMMENTS_SHOWN answers per open question (one index walk each, stopped at the sample's size)."""
    written = Answer.objects.filter(response__campaign_id=campaign.pk, response__submitted_at__isnull=False).exclude(
        text=""
    )
    samples: list[list[Any]] = []
    for item in questionnaire(campaign.instrument_id, campaign.group).items:
        if item.type != Item.Type.TEXT:
            continue
        texts = [
            t.strip()
            for t in written.filter(item_id=item.pk).order_by().values_list("text", flat=True)[:COMMENTS_SHOWN]
        ]
        if any(texts):
            samples.append([item.position, item.text, [t for t in texts if t]])
    return samples
