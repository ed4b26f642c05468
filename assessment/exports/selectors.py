"""What an export holds: raw responses as import_responses reads them, and the result as export_results shows it.

Both are scoped by the caller's Access: HR gets employee data only (PRODUCT.md section 2).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.db.models import CharField, F, QuerySet, TextField, Value
from django.db.models.functions import MD5, Cast, Concat, TruncDate

from .. import scoring
from ..assessments.models import Assessment
from ..campaigns.models import Campaign
from ..groups import Group
from ..instruments.models import Item
from ..instruments.selectors import Dimensions, dimensions, questionnaire
from ..invitations.models import Invitation
from ..organisations.access import Access, NotFound
from ..responses.models import SEGMENT_FIELDS, Answer, Response
from ..responses.selectors import StoredAnswer
from ..responses.shown import hidden_ids
from ..results.selectors import assessment_result, latest_published, published_result
from .formats import Cell, Table

# Responses read per query, each chunk with one query for all of its answers (about 50 each): a bounded
# number of queries and of rows in memory, whatever the number of responses.
CHUNK = 1000
# The choices as their JSON text, decoded only where there are any: decoding every answer's "[]" through
# JSONField would take three times as long as the query itself.
ANSWER_FIELDS = ("response_id", "item_id", "value", "not_applicable", "choices_json", "text")
NOTHING_HIDDEN: frozenset[int] = frozenset()

# Raw responses


@dataclass(frozen=True)
class _Source:
    """One campaign being exported, and where each of its items' answers go."""

    campaign: Campaign
    items: tuple[Item, ...]
    columns: dict[int, int]  # item id -> column
    filtered: bool  # some items are shown only after a filter question


def response_table(assessment: Assessment, access: Access) -> Table:
    """One row per submitted response: group, row number, day, (e-mail), segments, then one column per item code.

    Groups suppressed in the result (fewer responses than their anonymity threshold) are left out whole,
    so the raw answers never show what the report hides."""
    result = assessment_result(assessment, access.groups)
    campaigns = {c.group: c for c in assessment.campaigns.filter(group__in=access.groups)}
    shown = [campaigns[name] for name, group in result.groups.items() if not group.suppressed]
    left_out = [name for name, group in result.groups.items() if group.suppressed]
    # Only an identified campaign may show who answered, and then by its invitation's address, never a user
    # account; the column is there when some response can have one (a self-assessment has no invitation).
    identified = [c for c in shown if c.anonymity == Campaign.Anonymity.IDENTIFIED]
    email = bool(identified) and Invitation.objects.filter(campaign__in=identified).exists()
    head = ("group", "row", "submitted", *(("email",) if email else ()), *SEGMENT_FIELDS)
    codes: dict[str, int] = {}
    sources = []
    for campaign in shown:
        items = questionnaire(campaign.instrument_id, campaign.group).items
        for item in items:
            codes.setdefault(item.code, len(head) + len(codes))
        columns = {item.pk: codes[item.code] for item in items}
        sources.append(_Source(campaign, items, columns, any(item.shown_if for item in items)))
    note = ""
    if left_out:
        note = f"Left out, fewer submitted responses than the anonymity threshold: {', '.join(left_out)}."
    # A salt of its own for each export, so that no two exports share an anonymous campaign's row order either.
    rows = _response_rows(sources, email, len(head) + len(codes), secrets.token_hex(16))
    return Table(header=(*head, *codes), rows=rows, note=note)


def _response_rows(sources: Sequence[_Source], email: bool, width: int, salt: str) -> Iterator[list[Cell]]:
    number = 0
    for source in sources:
        columns = source.columns
        for (_, day, address, *segments), answers in _submitted(source.campaign, salt):
            number += 1
            contact = (address,) if email else ()
            row: list[Cell] = [source.campaign.group, number, day.isoformat(), *contact, *segments]
            row.extend([None] * (width - len(row)))
            hidden = _hidden(source.items, answers) if source.filtered else NOTHING_HIDDEN
            for _, item_id, value, not_applicable, choices, text in answers:
                column = columns.get(item_id)
                if column is not None and item_id not in hidden:
                    # Most answers are a number (a "not applicable" one has none): no call for those.
                    row[column] = value if value is not None else _cell(not_applicable, choices, text)
            yield row


def _cell(not_applicable: bool, choices: str, text: str) -> Cell:
    """An answer without a number as import_responses reads it: NA, a choice or several joined with ';',
    free text (the numbers, 1-5 and 0-10, are written as they are)."""
    if not_applicable:
        return "NA"
    if choices != "[]":
        return ";".join(_choices(choices))
    return text


def _choices(choices: str) -> list[str]:
    return [] if choices == "[]" else json.loads(choices)


def _hidden(items: Sequence[Item], answers: Sequence[tuple[Any, ...]]) -> frozenset[int]:
    """The items the respondent's own filter answers hide from them (their stale answers are left out)."""
    stored = [
        StoredAnswer(item_id, value, na, _choices(choices), text) for _, item_id, value, na, choices, text in answers
    ]
    return hidden_ids(items, stored)


def _submitted(campaign: Campaign, salt: str) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
    """(pk, day, e-mail, *segments) of each submitted response with its answers' rows, a chunk at a time.

    Only the day leaves the database, never the time. An anonymous campaign's rows are in the order of a
    salted hash of their ids, so the row order says nothing about who answered first."""
    responses: QuerySet[Response] = Response.objects.filter(campaign=campaign, submitted_at__isnull=False)
    if campaign.anonymity == Campaign.Anonymity.ANONYMOUS:
        responses = responses.order_by(MD5(Concat(Value(salt), Cast("pk", output_field=CharField()))))
    else:
        responses = responses.order_by("submitted_at", "pk")
    identified = campaign.anonymity == Campaign.Anonymity.IDENTIFIED
    email = F("invitation__email") if identified else Value(None, output_field=CharField())
    rows = (
        responses.annotate(day=TruncDate("submitted_at"), email=email)
        .values_list("pk", "day", "email", *SEGMENT_FIELDS)
        .iterator(chunk_size=CHUNK)
    )
    while chunk := list(islice(rows, CHUNK)):
        answers: dict[int, list[tuple[Any, ...]]] = {row[0]: [] for row in chunk}
        chosen = Answer.objects.filter(response_id__in=answers).annotate(choices_json=Cast("choices", TextField()))
        for answer in chosen.values_list(*ANSWER_FIELDS):
            answers[answer[0]].append(answer)
        for row in chunk:
            yield row, answers[row[0]]


# Results

RESULT_HEADER = (
    "section",
    "level",
    "group",
    "dimension",
    "dimension_name",
    "score",
    "attained",
    "not_measured",
    "n",
    "ci95_low",
    "ci95_high",
    "alpha",
    "gap",
    "stage",
    "kind",
    "priority",
)


def result_table(assessment: Assessment, access: Access, *, published: bool = False) -> Table:
    """The live result (or the latest published one) in the rows of RESULT_HEADER, scores rounded to 0.1
    as export_results rounds them. A published result was computed from every group: a user who may see
    only some groups (HR) gets those groups' rows of it, and none of the figures the others went into."""
    dims = dimensions()
    if not published:
        return Table(RESULT_HEADER, list(_result_rows(assessment_result(assessment, access.groups, dims=dims), dims)))
    snapshot = latest_published(assessment)
    if snapshot is None:
        raise NotFound("This assessment has no published result yet.")
    result = published_result(snapshot)
    if set(access.groups) == set(Group.values):
        return Table(RESULT_HEADER, list(_result_rows(result, dims)))
    return Table(RESULT_HEADER, list(_group_rows(result, dims, access.groups)))


def _row(section: str, **cells: Cell) -> list[Cell]:
    return [section, *(cells.get(name) for name in RESULT_HEADER[1:])]


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _result_rows(result: scoring.AssessmentResult, dims: Dimensions) -> Iterator[list[Cell]]:
    self_assessed = "self_assessed_only" if result.self_assessed_only else None
    yield _row("maturity", level=result.maturity_level, kind=self_assessed)
    for lv in result.levels:
        attained = "true" if lv.attained else "false"
        missing = ";".join(lv.not_measured)
        yield _row("level", level=lv.level, score=_round(lv.score), attained=attained, not_measured=missing)
    yield from _group_rows(result, dims, tuple(result.groups))
    for code, score in result.stakeholder.items():
        yield _row("stakeholder", dimension=code, dimension_name=dims.name(code), score=_round(score))
    for code, gap in result.gaps.items():
        yield _row("gap", dimension=code, dimension_name=dims.name(code), gap=_round(gap.gap), kind=gap.kind)
    for step in result.roadmap:
        yield _row(
            "roadmap",
            stage=step.stage,
            kind=step.kind,
            level=step.level,
            dimension=step.dimension,
            dimension_name=dims.name(step.dimension),
            priority=_round(step.priority),
        )


def _group_rows(result: scoring.AssessmentResult, dims: Dimensions, groups: Sequence[str]) -> Iterator[list[Cell]]:
    """Per group its number of responses (and whether it is suppressed), then its dimension scores."""
    for name, group in result.groups.items():
        if name not in groups:
            continue
        yield _row("responses", group=name, n=group.responses, kind="suppressed" if group.suppressed else None)
        for code, d in group.dimensions.items():
            if d.score is None:
                continue
            low, high = d.ci95 if d.ci95 is not None else (None, None)
            yield _row(
                "group",
                group=name,
                dimension=code,
                dimension_name=dims.name(code),
                score=_round(d.score),
                n=d.n,
                ci95_low=_round(low),
                ci95_high=_round(high),
                alpha=_round(d.alpha, 2),
            )
