"""An AssessmentResult as plain JSON data and back, so a published result is stored whole and never recomputed.

The stored form is versioned: a later change of the rules or of these types must still read old snapshots.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .framework import Framework
from .outcome import (
    AssessmentResult,
    DimensionResult,
    GapResult,
    GroupResult,
    LevelResult,
    RoadmapStep,
    SegmentResult,
    SegmentSpread,
)
from .settings import ScoringSettings

FORMAT = 1


def _pair(value: Sequence[float] | None) -> tuple[float, float] | None:
    return None if value is None else (float(value[0]), float(value[1]))


def _list(pair: tuple[float, float] | None) -> list[float] | None:
    return None if pair is None else [pair[0], pair[1]]


def result_to_data(result: AssessmentResult) -> dict[str, Any]:
    settings = result.settings
    return {
        "format": FORMAT,
        "maturity_level": result.maturity_level,
        "self_assessed_only": result.self_assessed_only,
        "groups": {
            name: {
                "responses": g.responses,
                "anonymity_threshold": g.anonymity_threshold,
                "suppressed": g.suppressed,
                "dimensions": {
                    code: {
                        "level": d.level,
                        "score": d.score,
                        "n": d.n,
                        "sd": d.sd,
                        "ci95": _list(d.ci95),
                        "alpha": d.alpha,
                    }
                    for code, d in g.dimensions.items()
                },
            }
            for name, g in result.groups.items()
        },
        "stakeholder": dict(result.stakeholder),
        "levels": [
            {
                "level": lv.level,
                "score": lv.score,
                "attained": lv.attained,
                "dimensions": list(lv.dimensions),
                "not_measured": list(lv.not_measured),
            }
            for lv in result.levels
        ],
        "not_measured": {code: list(groups) for code, groups in result.not_measured.items()},
        "gaps": {
            code: {"management": g.management, "stakeholder": g.stakeholder, "gap": g.gap, "kind": g.kind}
            for code, g in result.gaps.items()
        },
        "segments": [
            {
                "question": s.question,
                "value": s.value,
                "responses": s.responses,
                "suppressed": s.suppressed,
                "dimensions": dict(s.dimensions),
                "n": dict(s.n),
                "ci95": {code: _list(ci) for code, ci in s.ci95.items()},
            }
            for s in result.segments
        ],
        "spreads": [
            {
                "question": s.question,
                "dimension": s.dimension,
                "spread": s.spread,
                "lowest": s.lowest,
                "highest": s.highest,
                "lowest_ci95": _list(s.lowest_ci95),
                "highest_ci95": _list(s.highest_ci95),
                "separated": s.separated,
                "departmentalise": s.departmentalise,
            }
            for s in result.spreads
        ],
        "departmentalisation": result.departmentalisation,
        "roadmap": [
            {
                "stage": s.stage,
                "level": s.level,
                "dimension": s.dimension,
                "kind": s.kind,
                "score": s.score,
                "gap": s.gap,
                "priority": s.priority,
            }
            for s in result.roadmap
        ],
        "settings": settings_to_data(settings),
        "framework": {
            "levels_by_dimension": dict(result.framework.levels_by_dimension),
            "asked_of": {code: list(groups) for code, groups in result.framework.asked_of.items()},
        },
    }


def settings_to_data(settings: ScoringSettings) -> dict[str, Any]:
    return {
        "level_threshold": settings.level_threshold,
        "dimension_floor": settings.dimension_floor,
        "weights": dict(settings.weights),
        "blind_spot_gap": settings.blind_spot_gap,
        "segment_spread": settings.segment_spread,
        "alpha_min_n": settings.alpha_min_n,
        "min_answered_share": settings.min_answered_share,
    }


def result_from_data(data: Mapping[str, Any]) -> AssessmentResult:
    if data.get("format") != FORMAT:
        raise ValueError(f"unknown snapshot format {data.get('format')!r}; this version reads {FORMAT}")
    framework = Framework(
        dict(data["framework"]["levels_by_dimension"]),
        {code: tuple(groups) for code, groups in data["framework"]["asked_of"].items()},
    )
    return AssessmentResult(
        maturity_level=data["maturity_level"],
        self_assessed_only=data["self_assessed_only"],
        groups={
            name: GroupResult(
                group=name,
                responses=g["responses"],
                anonymity_threshold=g["anonymity_threshold"],
                suppressed=g["suppressed"],
                dimensions={
                    code: DimensionResult(code, d["level"], d["score"], d["n"], d["sd"], _pair(d["ci95"]), d["alpha"])
                    for code, d in g["dimensions"].items()
                },
            )
            for name, g in data["groups"].items()
        },
        stakeholder=dict(data["stakeholder"]),
        levels=tuple(
            LevelResult(lv["level"], lv["score"], lv["attained"], tuple(lv["dimensions"]), tuple(lv["not_measured"]))
            for lv in data["levels"]
        ),
        not_measured={code: tuple(groups) for code, groups in data["not_measured"].items()},
        gaps={
            code: GapResult(code, g["management"], g["stakeholder"], g["gap"], g["kind"])
            for code, g in data["gaps"].items()
        },
        segments=tuple(
            SegmentResult(
                s["question"],
                s["value"],
                s["responses"],
                s["suppressed"],
                dict(s["dimensions"]),
                dict(s["n"]),
                {code: _pair(ci) for code, ci in s["ci95"].items()},
            )
            for s in data["segments"]
        ),
        spreads=tuple(
            SegmentSpread(
                s["question"],
                s["dimension"],
                s["spread"],
                s["lowest"],
                s["highest"],
                _pair(s["lowest_ci95"]),
                _pair(s["highest_ci95"]),
                s["separated"],
                s["departmentalise"],
            )
            for s in data["spreads"]
        ),
        departmentalisation=data["departmentalisation"],
        roadmap=tuple(
            RoadmapStep(s["stage"], s["level"], s["dimension"], s["kind"], s["score"], s["gap"], s["priority"])
            for s in data["roadmap"]
        ),
        settings=ScoringSettings(**data["settings"]),
        framework=framework,
    )
