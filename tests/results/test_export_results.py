"""export_results --format json (PRODUCT.md sections 4, 5 and 7) against hand-computed numbers.

Data are entered with import_responses from small CSV files; every figure below is worked out by
hand in the comments (item score (v-1)/4*100, a reverse item (5-v)/4*100).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from assessment.models import Assessment, Campaign

pytestmark = pytest.mark.django_db

TOP_KEYS = {"maturity_level", "self_assessed_only", "levels", "groups", "stakeholder", "gaps", "roadmap"}
LEVEL_KEYS = {"level", "score", "attained", "not_measured"}
GROUP_KEYS = {"n", "suppressed", "dimensions"}
DIMENSION_KEYS = {"score", "n", "ci95"}
STEP_KEYS = {"stage", "kind", "level", "dimension", "priority"}
# PRODUCT.md section 3's dimensions per level, in its table order.
LEVEL_CODES = {
    1: ["L1.LEAD", "L1.INVEST", "L1.VISIBLE", "L1.SKILLS", "L1.INTERNAL", "L1.AWARE", "L1.VALUE"],
    2: ["L2.TRAINING", "L2.LEARNING", "L2.PROFESSION", "L2.SEGMENTS"],
    3: ["L3.STRUCTURE", "L3.CONVENIENCE", "L3.SPEED", "L3.DELIGHT", "L3.PARTNERSHIP"],
}


def not_measured(level: int, *measured: str) -> list[str]:
    return [code for code in LEVEL_CODES[level] if code not in measured]


def measure_steps(stage: int, level: int, *measured: str) -> list[dict]:
    """Section 5: a level's not-measured dimensions as "measure" steps, by code, with no priority."""
    codes = sorted(not_measured(level, *measured))
    return [{"stage": stage, "kind": "measure", "level": level, "dimension": c, "priority": None} for c in codes]


def improve(stage: int, level: int, code: str, priority: float) -> dict:
    return {"stage": stage, "kind": "improve", "level": level, "dimension": code, "priority": priority}


def import_csv(tmp_path: Path, assessment: Assessment, group: str, content: str) -> None:
    path = tmp_path / f"{group}-{assessment.pk}.csv"
    path.write_text(content, encoding="utf-8")
    call_command(
        "import_responses", "--assessment", str(assessment.pk), "--group", group, str(path), stdout=io.StringIO()
    )


def export(assessment_id: int) -> dict:
    out = io.StringIO()
    call_command("export_results", "--assessment", str(assessment_id), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def assert_shape(data: dict) -> None:
    """The exact keys of PRODUCT.md section 7."""
    assert set(data) == TOP_KEYS
    assert isinstance(data["maturity_level"], int)
    assert isinstance(data["self_assessed_only"], bool)
    assert [lv["level"] for lv in data["levels"]] == [1, 2, 3]
    for level in data["levels"]:
        assert set(level) == LEVEL_KEYS
        assert isinstance(level["attained"], bool)
    for group in data["groups"].values():
        assert set(group) == GROUP_KEYS
        assert isinstance(group["suppressed"], bool)
        for dimension in group["dimensions"].values():
            assert set(dimension) == DIMENSION_KEYS
    for step in data["roadmap"]:
        assert set(step) == STEP_KEYS
        assert step["kind"] in ("measure", "improve")
        assert (step["priority"] is None) == (step["kind"] == "measure")


# Customers answer only L1.VISIBLE and L3.SPEED (CUS.L3.SPEED.3 is reverse).
#   c1 VISIBLE 5,5,4 -> 100,100,75 = 91.667     SPEED 5,4,1r -> 100,75,100 = 91.667
#   c2 VISIBLE 4,4,4 -> 75                      SPEED 4,4,2r -> 75,75,75   = 75
#   c3 VISIBLE 3,4,NA -> 50,75 = 62.5 (2 of 3)  SPEED 3,3,3r -> 50,50,50   = 50
#   c4 VISIBLE 5,_,_ -> 1 of 3: does not count  SPEED 4,4,2r -> 75         = 75
#   c5 VISIBLE 2,3,3 -> 25,50,50 = 41.667       SPEED 5,5,1r -> 100        = 100
#   customers L1.VISIBLE n=4: (91.667+75+62.5+41.667)/4 = 67.708 -> 67.7
#   customers L3.SPEED   n=5: (91.667+75+50+75+100)/5   = 78.333 -> 78.3
CUSTOMERS = """CUS.L1.VISIBLE.1,CUS.L1.VISIBLE.2,CUS.L1.VISIBLE.3,CUS.L3.SPEED.1,CUS.L3.SPEED.2,CUS.L3.SPEED.3
5,5,4,5,4,1
4,4,4,4,4,2
3,4,NA,3,3,3
5,,,4,4,2
2,3,3,5,5,1
"""

# Employees answer L1.LEAD (EMP.L1.LEAD.3 is reverse), L1.INVEST and L1.VISIBLE.
#   LEAD    e1 4,4,2r -> 75  e2 5,4,1r -> 100,75,100 = 91.667  e3 3,3,3r -> 50
#           e4 4,5,2r -> 75,100,75 = 83.333  e5 2,2,4r -> 25          mean 325/5   = 65.0
#   INVEST  e1 3,3,3 -> 50   e2 4,4,3 -> 66.667  e3 2,3,NA -> 37.5
#           e4 4,4,4 -> 75   e5 3,2,2 -> 33.333                       mean 262.5/5 = 52.5
#   VISIBLE e1 75  e2 100  e3 4,3,4 -> 66.667  e4 4,4,5 -> 83.333  e5 50  mean 375/5 = 75.0
EMPLOYEES = """EMP.L1.LEAD.1,EMP.L1.LEAD.2,EMP.L1.LEAD.3,EMP.L1.INVEST.1,EMP.L1.INVEST.2,EMP.L1.INVEST.3,\
EMP.L1.VISIBLE.1,EMP.L1.VISIBLE.2,EMP.L1.VISIBLE.3
4,4,2,3,3,3,4,4,4
5,4,1,4,4,3,5,5,5
3,3,3,2,3,NA,4,3,4
4,5,2,4,4,4,4,4,5
2,2,4,3,2,2,3,3,3
"""

# Management (one response; MAN.L1.INVEST.3 and MAN.L3.SPEED.3 are reverse):
#   LEAD 5,5,4 -> 91.667   INVEST 4,5,2r -> 75,100,75 = 83.333   VISIBLE 4,4,4 -> 75
#   SPEED 4,4,1r -> 75,75,100 = 83.333   TRAINING 5,5,5 -> 100 (no stakeholder asked: no gap)
MANAGEMENT = """MAN.L1.LEAD.1,MAN.L1.LEAD.2,MAN.L1.LEAD.3,MAN.L1.INVEST.1,MAN.L1.INVEST.2,MAN.L1.INVEST.3,\
MAN.L1.VISIBLE.1,MAN.L1.VISIBLE.2,MAN.L1.VISIBLE.3,MAN.L3.SPEED.1,MAN.L3.SPEED.2,MAN.L3.SPEED.3,\
MAN.L2.TRAINING.1,MAN.L2.TRAINING.2,MAN.L2.TRAINING.3
5,5,4,4,5,2,4,4,4,4,4,1,5,5,5
"""


def test_hand_computed_export(assessment, tmp_path):
    import_csv(tmp_path, assessment, "customers", CUSTOMERS)
    import_csv(tmp_path, assessment, "employees", EMPLOYEES)
    import_csv(tmp_path, assessment, "management", MANAGEMENT)

    data = export(assessment.pk)
    assert_shape(data)

    # 95 % intervals: mean +- t(0.975, n-1) * sd / sqrt(n), clipped to 0..100; t(3) = 3.182, t(4) = 2.776.
    #   customers VISIBLE n=4: sd 21.075, half 3.182*21.075/2 = 33.535 -> [34.2, 101.2 -> 100]
    #   customers SPEED   n=5: sd 19.185, half 2.776*19.185/2.236 = 23.821 -> [54.5, 102.2 -> 100]
    #   employees LEAD    sd 27.259, half 33.847 -> [31.2, 98.8]; INVEST sd 18.066, half 22.432 -> [30.1, 74.9]
    #   employees VISIBLE sd 18.634, half 23.137 -> [51.9, 98.1]; management n=1: no interval
    assert data["groups"] == {
        "customers": {
            "n": 5,  # 5 responses at the default threshold of 5: shown
            "suppressed": False,
            "dimensions": {
                "L1.VISIBLE": {"score": 67.7, "n": 4, "ci95": [34.2, 100.0]},
                "L3.SPEED": {"score": 78.3, "n": 5, "ci95": [54.5, 100.0]},
            },
        },
        "employees": {
            "n": 5,
            "suppressed": False,
            "dimensions": {
                "L1.LEAD": {"score": 65.0, "n": 5, "ci95": [31.2, 98.8]},
                "L1.INVEST": {"score": 52.5, "n": 5, "ci95": [30.1, 74.9]},
                "L1.VISIBLE": {"score": 75.0, "n": 5, "ci95": [51.9, 98.1]},
            },
        },
        "management": {
            "n": 1,
            "suppressed": False,
            "dimensions": {
                "L1.LEAD": {"score": 91.7, "n": 1, "ci95": None},
                "L1.INVEST": {"score": 83.3, "n": 1, "ci95": None},
                "L1.VISIBLE": {"score": 75.0, "n": 1, "ci95": None},
                "L2.TRAINING": {"score": 100.0, "n": 1, "ci95": None},
                "L3.SPEED": {"score": 83.3, "n": 1, "ci95": None},
            },
        },
    }

    # Stakeholder, weights renormalised over the groups that scored each dimension:
    #   L1.LEAD, L1.INVEST: employees only -> 65.0, 52.5
    #   L1.VISIBLE: (0.40*67.708 + 0.30*75) / 0.70 = 49.583/0.70 = 70.833 -> 70.8
    #   L3.SPEED: customers only -> 78.3
    # Management's L2.TRAINING is not a stakeholder score (management is not a stakeholder group).
    assert data["stakeholder"] == {"L1.LEAD": 65.0, "L1.INVEST": 52.5, "L1.VISIBLE": 70.8, "L3.SPEED": 78.3}
    assert data["self_assessed_only"] is False

    # Level 1 = (65 + 52.5 + 70.833)/3 = 62.778 -> 62.8 < 70, and four of its dimensions are not
    # measured: not attained. Level 2 has no scored dimension; level 3 = 78.3 (SPEED only) but four
    # of its dimensions are not measured and level 2 is not attained. Maturity 0.
    assert data["levels"] == [
        {
            "level": 1,
            "score": 62.8,
            "attained": False,
            "not_measured": not_measured(1, "L1.LEAD", "L1.INVEST", "L1.VISIBLE"),
        },
        {"level": 2, "score": None, "attained": False, "not_measured": LEVEL_CODES[2]},
        {"level": 3, "score": 78.3, "attained": False, "not_measured": not_measured(3, "L3.SPEED")},
    ]
    assert data["maturity_level"] == 0

    # Gaps = management - stakeholder, only where both have a score:
    #   LEAD 91.667-65 = 26.667 -> 26.7; INVEST 83.333-52.5 = 30.833 -> 30.8;
    #   VISIBLE 75-70.833 = 4.167 -> 4.2; SPEED 83.333-78.333 = 5.0
    assert data["gaps"] == {"L1.LEAD": 26.7, "L1.INVEST": 30.8, "L1.VISIBLE": 4.2, "L3.SPEED": 5.0}

    # Roadmap: first unattained level 1 -> stage 1 = level 1, stage 2 = level 2, nothing of level 3.
    # Stage 1: level 1's four not-measured dimensions first ("measure", by code), then the dimensions
    # below 70 by priority: INVEST (70-52.5) + 30.833/2 = 32.917 -> 32.9, LEAD (70-65) + 26.667/2 =
    # 18.333 -> 18.3; VISIBLE 70.8 is not below 70. Stage 2: level 2, nothing measured.
    measured = ("L1.LEAD", "L1.INVEST", "L1.VISIBLE")
    assert data["roadmap"] == [
        *measure_steps(1, 1, *measured),
        improve(1, 1, "L1.INVEST", 32.9),
        improve(1, 1, "L1.LEAD", 18.3),
        *measure_steps(2, 2),
    ]


def test_the_printed_output_is_json_with_the_same_numbers(assessment, tmp_path):
    """The command prints nothing but the JSON document."""
    import_csv(tmp_path, assessment, "employees", EMPLOYEES)
    out = io.StringIO()
    call_command("export_results", "--assessment", str(assessment.pk), "--format", "json", stdout=out)
    text = out.getvalue()
    assert text.lstrip().startswith("{") and text.rstrip().endswith("}")
    assert json.loads(text)["stakeholder"] == {"L1.LEAD": 65.0, "L1.INVEST": 52.5, "L1.VISIBLE": 75.0}


# Management only: LEAD 4,4,4 -> 75; VISIBLE 5,5,5 -> 100; SPEED 2,2,4r -> 25,25,25 = 25.
SELF_ONLY = """MAN.L1.LEAD.1,MAN.L1.LEAD.2,MAN.L1.LEAD.3,MAN.L1.VISIBLE.1,MAN.L1.VISIBLE.2,MAN.L1.VISIBLE.3,\
MAN.L3.SPEED.1,MAN.L3.SPEED.2,MAN.L3.SPEED.3
4,4,4,5,5,5,2,2,4
"""


def _check_self_assessed_only(data: dict) -> None:
    assert_shape(data)
    assert data["self_assessed_only"] is True
    assert data["gaps"] == {}
    management = {code: d["score"] for code, d in data["groups"]["management"]["dimensions"].items()}
    assert management == {"L1.LEAD": 75.0, "L1.VISIBLE": 100.0, "L3.SPEED": 25.0}
    assert data["stakeholder"] == management
    # Level 1 = (75+100)/2 = 87.5, both >= 50, but five of its seven dimensions are not measured, by
    # management either: no level is awarded on missing evidence. Maturity 0.
    assert data["levels"] == [
        {"level": 1, "score": 87.5, "attained": False, "not_measured": not_measured(1, "L1.LEAD", "L1.VISIBLE")},
        {"level": 2, "score": None, "attained": False, "not_measured": LEVEL_CODES[2]},
        {"level": 3, "score": 25.0, "attained": False, "not_measured": not_measured(3, "L3.SPEED")},
    ]
    assert data["maturity_level"] == 0
    # First unattained level 1: stage 1 = level 1's five measure steps (LEAD and VISIBLE are not below
    # 70); stage 2 = level 2, all four to measure; nothing of level 3 (SPEED at 25 is not recommended).
    assert data["roadmap"] == [*measure_steps(1, 1, "L1.LEAD", "L1.VISIBLE"), *measure_steps(2, 2)]


def test_self_assessed_only(assessment, tmp_path):
    import_csv(tmp_path, assessment, "management", SELF_ONLY)
    data = export(assessment.pk)
    assert set(data["groups"]) == {"management"}
    assert data["groups"]["management"]["n"] == 1
    assert data["groups"]["management"]["suppressed"] is False
    _check_self_assessed_only(data)


def test_self_assessed_only_when_the_only_stakeholder_group_is_suppressed(assessment, tmp_path):
    import_csv(tmp_path, assessment, "management", SELF_ONLY)
    import_csv(tmp_path, assessment, "customers", "\n".join(CUSTOMERS.splitlines()[:3]) + "\n")  # 2 customers
    data = export(assessment.pk)
    assert data["groups"]["customers"] == {"n": 2, "suppressed": True, "dimensions": {}}
    _check_self_assessed_only(data)


def test_suppressed_customers_are_left_out_of_every_figure(assessment, tmp_path):
    # 4 customers (the first 4 rows of CUSTOMERS), below the default threshold of 5.
    import_csv(tmp_path, assessment, "customers", "\n".join(CUSTOMERS.splitlines()[:5]) + "\n")
    import_csv(tmp_path, assessment, "employees", EMPLOYEES)
    import_csv(tmp_path, assessment, "management", MANAGEMENT)

    data = export(assessment.pk)
    assert_shape(data)
    assert data["groups"]["customers"] == {"n": 4, "suppressed": True, "dimensions": {}}
    # Stakeholder = employees alone: VISIBLE 75.0 (not 70.8); no L3.SPEED at all (only customers had it).
    assert data["stakeholder"] == {"L1.LEAD": 65.0, "L1.INVEST": 52.5, "L1.VISIBLE": 75.0}
    # Gaps: LEAD 26.7, INVEST 30.8, VISIBLE 75-75 = 0.0; none for SPEED.
    assert data["gaps"] == {"L1.LEAD": 26.7, "L1.INVEST": 30.8, "L1.VISIBLE": 0.0}
    # Level 1 = (65+52.5+75)/3 = 64.167 -> 64.2; level 3 has no stakeholder score any more.
    measured = ("L1.LEAD", "L1.INVEST", "L1.VISIBLE")
    assert data["levels"] == [
        {"level": 1, "score": 64.2, "attained": False, "not_measured": not_measured(1, *measured)},
        {"level": 2, "score": None, "attained": False, "not_measured": LEVEL_CODES[2]},
        {"level": 3, "score": None, "attained": False, "not_measured": LEVEL_CODES[3]},
    ]
    assert data["roadmap"] == [
        *measure_steps(1, 1, *measured),
        improve(1, 1, "L1.INVEST", 32.9),
        improve(1, 1, "L1.LEAD", 18.3),
        *measure_steps(2, 2),
    ]

    # The threshold is read at report time: at 3 the same 4 customers count. Their VISIBLE mean is
    # c1..c4 without the non-counting c4: (91.667+75+62.5)/3 = 76.389 -> 76.4, n=3; SPEED
    # (91.667+75+50+75)/4 = 72.917 -> 72.9. Stakeholder VISIBLE = (0.4*76.389+0.3*75)/0.7 = 53.056/0.7 = 75.794 -> 75.8.
    Campaign.objects.filter(assessment=assessment, group="customers").update(anonymity_threshold=3)
    data = export(assessment.pk)
    customers = {code: (d["score"], d["n"]) for code, d in data["groups"]["customers"]["dimensions"].items()}
    assert data["groups"]["customers"]["suppressed"] is False
    assert customers == {"L1.VISIBLE": (76.4, 3), "L3.SPEED": (72.9, 4)}
    assert data["stakeholder"] == {"L1.LEAD": 65.0, "L1.INVEST": 52.5, "L1.VISIBLE": 75.8, "L3.SPEED": 72.9}


# Five identical employees: LEAD 3,4,2r -> 50,75,75 = 66.667; TRAINING 4,5,2r -> 75,100,75 = 83.333;
# LEARNING 3,3,4 -> 50,50,75 = 58.333; SPEED 2,2,4r -> 25.
LEVEL_TWO_HEADER = (
    "EMP.L1.LEAD.1,EMP.L1.LEAD.2,EMP.L1.LEAD.3,EMP.L2.TRAINING.1,EMP.L2.TRAINING.2,EMP.L2.TRAINING.3,"
    "EMP.L2.LEARNING.1,EMP.L2.LEARNING.2,EMP.L2.LEARNING.3,EMP.L3.SPEED.1,EMP.L3.SPEED.2,EMP.L3.SPEED.3"
)
LEVEL_TWO_HIGH = LEVEL_TWO_HEADER + "\n" + "3,4,2,4,5,2,3,3,4,2,2,4\n" * 5


def test_maturity_zero_with_a_high_level_two_starts_the_roadmap_at_level_one(assessment, tmp_path):
    import_csv(tmp_path, assessment, "employees", LEVEL_TWO_HIGH)
    data = export(assessment.pk)
    assert_shape(data)
    assert data["stakeholder"] == {"L1.LEAD": 66.7, "L2.TRAINING": 83.3, "L2.LEARNING": 58.3, "L3.SPEED": 25.0}
    # Level 1 = 66.7 < 70. Level 2 = (83.333+58.333)/2 = 70.833 with both >= 50, but PROFESSION and
    # SEGMENTS are not measured and level 1 is not attained. Maturity 0.
    assert data["levels"] == [
        {"level": 1, "score": 66.7, "attained": False, "not_measured": not_measured(1, "L1.LEAD")},
        {"level": 2, "score": 70.8, "attained": False, "not_measured": ["L2.PROFESSION", "L2.SEGMENTS"]},
        {"level": 3, "score": 25.0, "attained": False, "not_measured": not_measured(3, "L3.SPEED")},
    ]
    assert data["maturity_level"] == 0
    assert data["self_assessed_only"] is False
    assert data["gaps"] == {}
    # Stage 1 = level 1: its six unmeasured dimensions, then LEAD 70-66.667 = 3.3. Stage 2 = level 2:
    # PROFESSION and SEGMENTS to measure, then LEARNING 70-58.333 = 11.7, after stage 1 although its
    # priority is higher; the far lower L3.SPEED (25) is not recommended.
    assert data["roadmap"] == [
        *measure_steps(1, 1, "L1.LEAD"),
        improve(1, 1, "L1.LEAD", 3.3),
        *measure_steps(2, 2, "L2.TRAINING", "L2.LEARNING"),
        improve(2, 2, "L2.LEARNING", 11.7),
    ]
    assert data["roadmap"][0]["stage"] == 1 and data["roadmap"][0]["level"] == 1
    assert all(step["level"] <= 2 for step in data["roadmap"])


def test_empty_assessment_exports_an_empty_result(assessment):
    data = export(assessment.pk)
    assert_shape(data)
    assert data["maturity_level"] == 0
    assert data["self_assessed_only"] is False
    assert data["groups"] == {} and data["stakeholder"] == {} and data["gaps"] == {}
    assert [lv["attained"] for lv in data["levels"]] == [False, False, False]
    # Nothing measured: the roadmap says what to measure first, levels 1 then 2.
    assert data["roadmap"] == [*measure_steps(1, 1), *measure_steps(2, 2)]


def test_unknown_assessment_is_a_command_error(assessment):
    missing = Assessment.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    with pytest.raises(CommandError, match=str(missing)):
        export(missing)
