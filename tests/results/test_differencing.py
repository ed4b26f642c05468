"""PRODUCT.md section 4, rules 4 and 9: with a group (or a customer segment) below the anonymity
threshold, no figure on the report page or in the export_results JSON changes when that group's
answers change, so nothing about it can be derived by subtraction.

Each state of the data is loaded the same way (delete the campaign's responses, import a CSV,
rebuild the running totals), so that the only difference between two states is the hidden answers.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessment.models import Assessment, Campaign, Response
from assessment.responses.services import rebuild_totals

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'(name="csrfmiddlewaretoken"\s+value=")[^"]*(")')


def load(tmp_path: Path, assessment: Assessment, group: str, content: str) -> Campaign:
    """Replace the group's responses by the file's rows."""
    Response.objects.filter(campaign__assessment=assessment, campaign__group=group).delete()
    path = tmp_path / f"{group}.csv"
    path.write_text(content, encoding="utf-8")
    call_command(
        "import_responses", "--assessment", str(assessment.pk), "--group", group, str(path), stdout=io.StringIO()
    )
    campaign = Campaign.objects.get(assessment=assessment, group=group)
    rebuild_totals(campaign=campaign)
    return campaign


def export(assessment: Assessment) -> dict:
    out = io.StringIO()
    call_command("export_results", "--assessment", str(assessment.pk), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def page(client, assessment: Assessment) -> str:
    reply = client.get(reverse("report", args=[assessment.pk]))
    assert reply.status_code == 200
    return CSRF.sub(r"\1-\2", reply.content.decode())


def assert_same_page(before: str, after: str) -> None:
    if before != after:
        # Show where they part rather than two whole pages.
        at = next(i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b)
        raise AssertionError(
            f"the report page changed:\n{before[at - 300 : at + 300]!r}\n---\n{after[at - 300 : at + 300]!r}"
        )


# Customers: L1.VISIBLE and L3.SPEED (CUS.L3.SPEED.3 reverse), L3.DELIGHT (CUS.L3.DELIGHT.3 reverse).
CUS_HEADER = (
    "CUS.SEG.CUSTOMER_TYPE,CUS.L1.VISIBLE.1,CUS.L1.VISIBLE.2,CUS.L1.VISIBLE.3,"
    "CUS.L3.SPEED.1,CUS.L3.SPEED.2,CUS.L3.SPEED.3,CUS.L3.DELIGHT.1,CUS.L3.DELIGHT.2,CUS.L3.DELIGHT.3"
)
# Sixteen different answer vectors, so that moving a label from one row to another moves real answers.
CUS_VECTORS = [
    "4,4,3,4,3,2,4,4,2",
    "3,4,4,3,3,3,4,3,2",
    "4,3,4,4,4,2,3,4,3",
    "5,4,4,4,4,2,4,4,1",
    "3,3,4,3,4,3,3,3,3",
    "4,4,4,5,4,1,4,5,2",
    "2,3,3,3,2,3,2,3,4",
    "3,2,3,2,3,4,3,2,3",
    "2,2,3,3,3,4,2,2,4",
    "3,3,2,2,2,3,3,3,4",
    "2,3,2,3,2,4,2,3,3",
    "5,5,5,5,5,1,5,5,1",  # row 12: far above the others
    "5,5,5,5,5,1,5,5,1",
    "1,1,1,1,1,5,1,1,5",  # rows 14-16: far below
    "1,1,2,1,1,5,1,2,5",
    "1,2,1,1,1,5,2,1,5",
]


def customers_csv(labels: list[str]) -> str:
    return "\n".join([CUS_HEADER] + [f"{label},{v}" for label, v in zip(labels, CUS_VECTORS, strict=True)]) + "\n"


def customers_without_segments() -> str:
    return customers_csv([""] * len(CUS_VECTORS))


EMPLOYEES = """EMP.L1.LEAD.1,EMP.L1.LEAD.2,EMP.L1.LEAD.3,EMP.L1.INVEST.1,EMP.L1.INVEST.2,EMP.L1.INVEST.3,\
EMP.L1.VISIBLE.1,EMP.L1.VISIBLE.2,EMP.L1.VISIBLE.3,EMP.L3.PARTNERSHIP.1,EMP.L3.PARTNERSHIP.2,EMP.L3.PARTNERSHIP.3
4,4,2,3,3,3,4,4,4,3,4,3
5,4,1,4,4,3,5,5,5,4,4,4
3,3,3,2,3,NA,4,3,4,2,3,3
4,5,2,4,4,4,4,4,5,3,3,4
2,2,4,3,2,2,3,3,3,4,2,3
"""

MANAGEMENT = """MAN.L1.LEAD.1,MAN.L1.LEAD.2,MAN.L1.LEAD.3,MAN.L1.INVEST.1,MAN.L1.INVEST.2,MAN.L1.INVEST.3,\
MAN.L1.VISIBLE.1,MAN.L1.VISIBLE.2,MAN.L1.VISIBLE.3,MAN.L3.SPEED.1,MAN.L3.SPEED.2,MAN.L3.SPEED.3,\
MAN.L3.PARTNERSHIP.1,MAN.L3.PARTNERSHIP.2,MAN.L3.PARTNERSHIP.3,MAN.L3.DELIGHT.1,MAN.L3.DELIGHT.2,MAN.L3.DELIGHT.3
5,5,4,4,5,2,4,4,4,4,4,1,5,4,5,4,4,4
"""

PAR_HEADER = (
    "PAR.L1.LEAD.1,PAR.L1.LEAD.2,PAR.L1.LEAD.3,PAR.L1.VISIBLE.1,PAR.L1.VISIBLE.2,PAR.L1.VISIBLE.3,"
    "PAR.L3.SPEED.1,PAR.L3.SPEED.2,PAR.L3.SPEED.3,PAR.L3.PARTNERSHIP.1,PAR.L3.PARTNERSHIP.2,PAR.L3.PARTNERSHIP.3,"
    "PAR.L2.PROFESSION.1,PAR.L2.PROFESSION.2,PAR.L2.PROFESSION.3"
)
# Three partners who love the company (PAR.L3.PARTNERSHIP.3 is reverse) ...
PARTNERS_HIGH = PAR_HEADER + "\n" + "5,5,5,5,5,5,5,5,5,5,5,1,5,5,5\n" * 3
# ... or three who hate it, one of them answering only part of it.
PARTNERS_LOW = PAR_HEADER + "\n" + "1,1,1,1,1,1,1,1,1,1,1,5,1,1,1\n" * 2 + "1,NA,,2,1,,1,1,1,,,,1,1,1\n"


@pytest.fixture
def logged_in(client, manager):
    client.force_login(manager)
    return client


def test_suppressed_partners_change_nothing(logged_in, assessment, tmp_path):
    load(tmp_path, assessment, "customers", customers_without_segments())
    load(tmp_path, assessment, "employees", EMPLOYEES)
    load(tmp_path, assessment, "management", MANAGEMENT)
    partners = load(tmp_path, assessment, "partners", PARTNERS_HIGH)
    assert partners.anonymity_threshold == 5

    json_high, page_high = export(assessment), page(logged_in, assessment)
    load(tmp_path, assessment, "partners", PARTNERS_LOW)
    json_low, page_low = export(assessment), page(logged_in, assessment)

    assert json_high["groups"]["partners"] == {"n": 3, "suppressed": True, "dimensions": {}}
    assert json_low == json_high
    assert_same_page(page_high, page_low)
    for chart in ("ladder", "heatmap", "radar", "gaps", "responses"):
        assert f'id="chart-{chart}"' in page_high
    assert re.search(r"Not enough responses to protect anonymity:</strong>\s*Partners\b", page_high)
    # The responses chart names the group too, without its count.
    assert "Not enough responses to protect anonymity: Partners." in page_high

    # Control: the same answers once the group is shown do move the figures, so the comparison
    # above would have seen a leak.
    Campaign.objects.filter(pk=partners.pk).update(anonymity_threshold=3)
    shown_low = export(assessment)
    load(tmp_path, assessment, "partners", PARTNERS_HIGH)
    shown_high = export(assessment)
    assert shown_high["groups"]["partners"]["suppressed"] is False
    assert shown_high["stakeholder"] != shown_low["stakeholder"]
    assert page(logged_in, assessment) != page_high


def test_suppressed_partners_leave_the_same_figures_as_no_partners_at_all(logged_in, assessment, tmp_path):
    load(tmp_path, assessment, "customers", customers_without_segments())
    load(tmp_path, assessment, "employees", EMPLOYEES)
    load(tmp_path, assessment, "management", MANAGEMENT)
    without = export(assessment)
    load(tmp_path, assessment, "partners", PARTNERS_LOW)
    with_partners = export(assessment)
    partners_entry = with_partners["groups"].pop("partners")
    assert partners_entry == {"n": 3, "suppressed": True, "dimensions": {}}
    assert with_partners == without


# Customer segments. 16 customers: rows 1-6 individual, 7-11 organisation, the rest as below.

# (a) 2 government + 3 who skipped the question: the unpublished block (government plus skipped) is
# 5 >= the threshold, so only government is hidden. Moving the government label between rows 12-16
# changes what government answered but not the block, nor anything published.
SEG_A1 = ["individual"] * 6 + ["organisation"] * 5 + ["government", "government", "", "", ""]
SEG_A2 = ["individual"] * 6 + ["organisation"] * 5 + ["", "", "", "government", "government"]

# (b) 9 individual, 5 organisation, 2 government and nobody skipping: government alone would be
# given away by subtraction (group total minus the published segments), so complementary suppression
# hides the smallest published value, organisation (5), too. Moving labels between organisation and
# government rows changes what government answered, and nothing published.
SEG_B1 = ["individual"] * 9 + ["organisation"] * 5 + ["government"] * 2
SEG_B2 = ["individual"] * 9 + ["government"] * 2 + ["organisation"] * 5


def _segment_setup(tmp_path: Path, assessment: Assessment, labels: list[str]) -> None:
    load(tmp_path, assessment, "customers", customers_csv(labels))
    load(tmp_path, assessment, "employees", EMPLOYEES)
    load(tmp_path, assessment, "management", MANAGEMENT)


def _numbers_near(html: str, word: str) -> list[str]:
    """Every mention of a segment value followed closely by a number (n=, a score...)."""
    return re.findall(rf"{word}\W{{0,12}}(?:n=)?\d", html, flags=re.IGNORECASE)


def test_suppressed_segment_value_shows_no_number_and_its_answers_change_nothing(logged_in, assessment, tmp_path):
    _segment_setup(tmp_path, assessment, SEG_A1)
    json1, page1 = export(assessment), page(logged_in, assessment)
    _segment_setup(tmp_path, assessment, SEG_A2)
    json2, page2 = export(assessment), page(logged_in, assessment)

    # The government respondents' own means differ completely between the two states ...
    government = Response.objects.filter(campaign__assessment=assessment, customer_type="government")
    assert government.count() == 2
    # ... yet nothing published moves.
    assert json2 == json1
    assert_same_page(page1, page2)

    assert json1["groups"]["customers"]["n"] == 16
    assert 'id="chart-segments"' in page1
    assert "individual (n=6)" in page1
    assert "organisation (n=5)" in page1
    assert "government (n=" not in page1
    assert _numbers_near(page1, "government") == []
    assert "Not shown, to protect anonymity: government." in page1
    assert "government" not in json.dumps(json1)

    # Control: moving a label between a published and a hidden row does change the page.
    swapped = list(SEG_A1)
    swapped[0], swapped[11] = swapped[11], swapped[0]
    _segment_setup(tmp_path, assessment, swapped)
    assert page(logged_in, assessment) != page1


def test_complementary_suppression_hides_the_next_smallest_segment(logged_in, assessment, tmp_path):
    _segment_setup(tmp_path, assessment, SEG_B1)
    json1, page1 = export(assessment), page(logged_in, assessment)
    _segment_setup(tmp_path, assessment, SEG_B2)
    json2, page2 = export(assessment), page(logged_in, assessment)

    assert json2 == json1
    assert_same_page(page1, page2)
    assert 'id="chart-segments"' in page1
    assert "individual (n=9)" in page1
    for hidden in ("government", "organisation"):
        assert f"{hidden} (n=" not in page1
        assert _numbers_near(page1, hidden) == []
        assert hidden not in json.dumps(json1)
    assert re.search(r"Not shown, to protect anonymity: (government, organisation|organisation, government)\.", page1)


def test_segment_block_of_hidden_and_skipped_below_threshold_is_not_published(logged_in, assessment, tmp_path):
    """6 individual, 8 organisation, 1 government, 1 who skipped: the block of 2 (government plus
    skipped) would be derivable from the group total, so the smallest published value, individual,
    is hidden with it. Moving labels inside the hidden block (individual, government, skipped)
    then changes nothing."""
    labels = ["individual"] * 6 + ["organisation"] * 8 + ["government", ""]
    _segment_setup(tmp_path, assessment, labels)
    json1, page1 = export(assessment), page(logged_in, assessment)
    other = list(labels)
    other[0], other[14] = other[14], other[0]  # row 1 now government, row 15 individual
    other[1], other[15] = other[15], other[1]  # row 2 now skipped, row 16 individual
    _segment_setup(tmp_path, assessment, other)
    json2, page2 = export(assessment), page(logged_in, assessment)
    assert json2 == json1
    assert_same_page(page1, page2)
    assert "organisation (n=8)" in page1
    for hidden in ("government", "individual"):
        assert f"{hidden} (n=" not in page1
        assert _numbers_near(page1, hidden) == []


def _plotly_data(html: str, chart: str) -> list[dict]:
    """The traces of one chart as the page hands them to Plotly (its JSON data block, full precision)."""
    match = re.search(rf'<script type="application/json" id="chart-{chart}-figure">(.*?)</script>', html, re.S)
    assert match, f"no {chart} chart on the page"
    return json.loads(match.group(1))["data"]


def test_hidden_segment_cannot_be_derived_on_a_dimension_the_skippers_did_not_answer(logged_in, assessment, tmp_path):
    """Complementary suppression must hold per dimension, not only per response count.

    6 individual, 5 organisation, 2 government and 3 who skipped the question: 5 unpublished
    responses, so only government is hidden. But the 3 who skipped left L1.VISIBLE blank, so on
    L1.VISIBLE the unpublished block is the 2 government respondents alone, and their mean follows
    by subtraction: (customers n x customers mean - 6 x individual mean - 5 x organisation mean) / 2,
    every term of which is published (the JSON's n, the charts' full-precision means).
    """
    rows = (
        [f"individual,{v}" for v in CUS_VECTORS[:6]]
        + [f"organisation,{v}" for v in CUS_VECTORS[6:11]]
        + ["government,5,5,5,5,5,1,5,5,1", "government,5,5,5,4,5,1,5,4,1"]  # L1.VISIBLE = 100 each
        + [",,,,1,1,5,1,1,5", ",,,,1,2,5,2,1,5", ",,,,2,1,4,1,1,4"]  # skipped; no L1.VISIBLE
    )
    load(tmp_path, assessment, "customers", "\n".join([CUS_HEADER, *rows]) + "\n")
    load(tmp_path, assessment, "employees", EMPLOYEES)
    data = export(assessment)
    html = page(logged_in, assessment)

    customers = data["groups"]["customers"]
    assert customers["n"] == 16 and customers["suppressed"] is False
    assert "government (n=" not in html

    heatmap = _plotly_data(html, "heatmap")[0]
    customers_mean = heatmap["z"][heatmap["y"].index("L1.VISIBLE")][heatmap["x"].index("customers")]
    customers_n = customers["dimensions"]["L1.VISIBLE"]["n"]
    published = [0.0, 0]
    for trace in _plotly_data(html, "segments"):
        n = int(re.search(r"\(n=(\d+)\)", trace["name"]).group(1))
        published[0] += n * trace["x"][trace["y"].index("L1.VISIBLE")]
        published[1] += n
    unpublished_n = customers_n - published[1]
    assert unpublished_n > 0
    derived = (customers_n * customers_mean - published[0]) / unpublished_n
    # The 2 government respondents' true L1.VISIBLE mean is 100: it must not be recoverable from
    # fewer than the threshold (5) respondents.
    assert unpublished_n >= 5 or abs(derived - 100.0) > 1.0, (
        f"government's L1.VISIBLE mean ({derived:.4f}, from {unpublished_n} respondents) is derivable by subtraction"
    )
