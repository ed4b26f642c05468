"""Everything the report page shows, gathered in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from .. import scoring
from ..assessments.models import Assessment
from ..assessments.selectors import previous_assessment
from ..campaigns.selectors import CampaignProgress, campaigns_with_progress
from ..groups import Group
from ..instruments import texts
from ..instruments.selectors import Dimensions, dimensions
from ..organisations.access import Access
from ..roadmap.models import Action
from .selectors import assessment_result, nps_of


@dataclass(frozen=True)
class RoadmapItem:
    step: scoring.RoadmapStep
    name: str
    recommendation: dict[str, object]
    action: Action | None


@dataclass(frozen=True)
class CarriedAction:
    action: Action
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass(frozen=True)
class Report:
    assessment: Assessment
    result: scoring.AssessmentResult
    nps: dict[str, dict[str, float]]
    campaigns: list[CampaignProgress]
    previous: Assessment | None
    previous_result: scoring.AssessmentResult | None
    roadmap: list[RoadmapItem]
    carried_actions: list[CarriedAction]
    actions: list[Action]
    dimensions: Dimensions

    @property
    def has_results(self) -> bool:
        """Some group, management included, has scores that may be shown."""
        return any(group.dimensions for group in self.result.groups.values() if not group.suppressed)

    @property
    def departmentalise(self) -> list[scoring.SegmentSpread]:
        return sorted((s for s in self.result.spreads if s.departmentalise), key=lambda s: -s.spread)

    @property
    def maturity_name(self) -> str:
        return texts.maturity_name(self.result.maturity_level)

    @property
    def level_names(self) -> dict[int, str]:
        return texts.level_names()

    @property
    def dimension_names(self) -> dict[str, str]:
        return self.dimensions.names

    @property
    def next_level(self) -> int | None:
        return self.result.maturity_level + 1 if self.result.maturity_level < 3 else None

    @property
    def blind_spots(self) -> list[scoring.GapResult]:
        spots = [g for g in self.result.gaps.values() if g.kind == "blind_spot"]
        return sorted(spots, key=lambda g: -g.gap)[:3]

    @property
    def first_steps(self) -> list[RoadmapItem]:
        return [item for item in self.roadmap if item.step.stage == 1][:3]

    @property
    def stages(self) -> list[tuple[int, list[RoadmapItem]]]:
        stages: dict[int, list[RoadmapItem]] = {}
        for item in self.roadmap:
            stages.setdefault(item.step.stage, []).append(item)
        return sorted(stages.items())

    @property
    def suppressed(self) -> list[str]:
        return [str(Group(name).label) for name, g in self.result.groups.items() if g.suppressed]

    @property
    def departmentalisation_advice(self) -> dict[str, object]:
        return texts.departmentalisation()

    @property
    def statuses(self) -> list[tuple[str, str]]:
        return list(Action.Status.choices)


def report(assessment: Assessment, access: Access) -> Report:
    """A fixed number of queries whatever the number of responses."""
    groups = access.groups
    dims = dimensions()
    result = assessment_result(assessment, groups, dims=dims)
    previous = previous_assessment(assessment)
    previous_result = assessment_result(previous, groups, dims=dims) if previous else None
    actions = {a.dimension.code: a for a in Action.objects.filter(assessment=assessment).select_related("dimension")}
    roadmap = [
        RoadmapItem(
            step=step,
            name=dims.name(step.dimension),
            recommendation=texts.recommendation(step.dimension),
            action=actions.get(step.dimension),
        )
        for step in result.roadmap
    ]
    carried = []
    if previous is not None:
        for action in Action.objects.filter(assessment=previous).select_related("dimension"):
            code = action.dimension.code
            before = action.baseline_score
            if before is None and previous_result is not None:
                before = previous_result.stakeholder.get(code)
            carried.append(CarriedAction(action, before, result.stakeholder.get(code)))
    return Report(
        assessment=assessment,
        result=result,
        nps=nps_of(assessment, result),
        campaigns=campaigns_with_progress(assessment, groups),
        previous=previous,
        previous_result=previous_result,
        roadmap=roadmap,
        carried_actions=carried,
        actions=sorted(actions.values(), key=lambda a: (a.stage, a.dimension.position)),
        dimensions=dims,
    )
