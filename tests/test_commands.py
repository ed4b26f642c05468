"""create_assessment, export_instrument and seed_demo (PRODUCT.md section 7)."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessment.instruments.selectors import latest_builtin_instrument
from assessment.models import Assessment, Campaign, Dimension, Item, Organisation, Response

GROUPS = {"customers", "partners", "employees", "shareholders", "management"}
ITEM_KEYS = {"code", "audience", "level", "dimension", "type", "reverse", "text", "mirrors"}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# create_assessment


def test_create_assessment_prints_the_new_id(organisation):
    out = run("create_assessment", "--org", "Acme Bakery", "--title", "2027 Q1")
    pk = int(out.strip())
    assessment = Assessment.objects.get(pk=pk)
    assert assessment.title == "2027 Q1"
    assert assessment.organisation == organisation
    assert Assessment.objects.count() == 1


def test_create_assessment_unknown_organisation(organisation):
    with pytest.raises(CommandError, match="Nobody Ltd"):
        run("create_assessment", "--org", "Nobody Ltd", "--title", "2027 Q1")
    assert Assessment.objects.count() == 0


def test_create_assessment_duplicate_title(assessment):
    with pytest.raises(CommandError, match="2026 Q4"):
        run("create_assessment", "--org", "Acme Bakery", "--title", "2026 Q4")
    assert Assessment.objects.count() == 1


def test_create_assessment_same_title_in_another_organisation_is_fine(assessment, other_organisation):
    pk = int(run("create_assessment", "--org", "Rival Foods", "--title", "2026 Q4").strip())
    assert Assessment.objects.get(pk=pk).organisation == other_organisation
    assert Assessment.objects.count() == 2


def test_create_assessment_blank_title(organisation):
    with pytest.raises(CommandError):
        run("create_assessment", "--org", "Acme Bakery", "--title", "   ")
    assert Assessment.objects.count() == 0


# export_instrument


def export(*args: str) -> dict:
    return json.loads(run("export_instrument", "--format", "json", *args))


def test_export_instrument_json_shape(db):
    data = export()
    instrument = latest_builtin_instrument()
    assert set(data) == {"code", "version", "language", "items"}
    assert data["code"] == instrument.code == "CCM"
    assert data["version"] == instrument.version == 2
    assert data["language"] == "en"
    assert len(data["items"]) == Item.objects.filter(instrument=instrument).count()
    for item in data["items"]:
        assert set(item) == ITEM_KEYS
        assert item["audience"] in GROUPS
        assert isinstance(item["reverse"], bool)
        assert item["text"].strip()
    codes = [item["code"] for item in data["items"]]
    assert len(codes) == len(set(codes))
    assert {"CUS.L1.VISIBLE.1", "MAN.L1.INVEST.2", "CUS.NPS", "CUS.SEG.CUSTOMER_TYPE"} <= set(codes)


def test_export_instrument_item_values(db):
    by_code = {item["code"]: item for item in export("--instrument-version", "1")["items"]}
    assert by_code["CUS.L1.VISIBLE.1"] == {
        "code": "CUS.L1.VISIBLE.1",
        "audience": "customers",
        "level": 1,
        "dimension": "L1.VISIBLE",
        "type": "likert5",
        "reverse": False,
        "text": Item.objects.get(code="CUS.L1.VISIBLE.1", instrument__version=1).text,
        "mirrors": [],
    }
    assert by_code["CUS.L1.SKILLS.3"]["reverse"] is True
    assert by_code["CUS.NPS"]["type"] == "nps"
    assert by_code["CUS.NPS"]["dimension"] is None
    assert by_code["CUS.NPS"]["level"] is None


def test_export_instrument_gives_each_management_item_the_stakeholder_items_it_mirrors(db):
    """Version 2: a perception gap compares like with like (PRODUCT.md section 7, `mirrors`)."""
    items = export()["items"]
    by_code = {item["code"]: item for item in items}
    management = [item for item in items if item["audience"] == "management" and item["type"] == "likert5"]
    assert management
    for item in management:
        assert item["mirrors"], item["code"]
        for code in item["mirrors"]:
            mirrored = by_code[code]
            assert mirrored["audience"] in ("customers", "partners", "employees", "shareholders")
            assert mirrored["dimension"] == item["dimension"]
    assert all(item["mirrors"] == [] for item in items if item["audience"] != "management")


def test_export_instrument_one_group(db):
    items = export("--group", "customers")["items"]
    assert items
    assert {item["audience"] for item in items} == {"customers"}
    assert len(items) == Item.objects.filter(instrument=latest_builtin_instrument(), audience="customers").count()


def test_export_instrument_likert_levels_match_dimension_codes(db):
    levels = dict(Dimension.objects.values_list("code", "level"))
    likert = [item for item in export()["items"] if item["type"] == "likert5"]
    assert likert
    for item in likert:
        assert item["level"] in (1, 2, 3)
        assert item["dimension"].startswith(f"L{item['level']}.")
        assert levels[item["dimension"]] == item["level"]


def test_export_instrument_unknown_language(db):
    with pytest.raises(CommandError):
        run("export_instrument", "--format", "json", "--language", "xx")


def test_export_instrument_unknown_group(db):
    with pytest.raises(CommandError):
        run("export_instrument", "--format", "json", "--group", "suppliers")


# seed_demo


def _submitted(assessment: Assessment, group: str) -> int:
    return Response.objects.filter(
        campaign__assessment=assessment, campaign__group=group, submitted_at__isnull=False
    ).count()


@pytest.mark.django_db
def test_seed_demo_twice_adds_nothing_and_prints_logins_and_ids():
    first = run("seed_demo")
    counts = (
        Response.objects.count(),
        Assessment.objects.count(),
        Campaign.objects.count(),
        Organisation.objects.count(),
        get_user_model().objects.count(),
    )
    assert counts[0] > 0
    second = run("seed_demo")
    assert (
        Response.objects.count(),
        Assessment.objects.count(),
        Campaign.objects.count(),
        Organisation.objects.count(),
        get_user_model().objects.count(),
    ) == counts

    assessments = list(Assessment.objects.all())
    assert {a.title for a in assessments} >= {"2026 Q4"}
    for out in (first, second):
        for login in ("manager", "hr", "consultant"):
            assert re.search(rf"^\s*{login}\b", out, re.MULTILINE), f"login {login} not printed"
        for a in assessments:
            assert re.search(rf"\b{a.pk}\b", out), f"id of {a.title} not printed"


@pytest.mark.django_db
def test_seed_demo_group_sizes():
    run("seed_demo")
    current = Assessment.objects.get(title="2026 Q4")
    assert 135 <= _submitted(current, "customers") <= 165
    assert 54 <= _submitted(current, "employees") <= 66
    assert 10 <= _submitted(current, "partners") <= 14
    assert 5 <= _submitted(current, "shareholders") <= 7
    assert _submitted(current, "management") >= 1
    # Every submitted response was scored at import.
    unscored = Response.objects.filter(campaign__assessment=current, dimension_scores__isnull=True)
    assert not unscored.exists()
    # Customers carry their segment, as the segment reports need.
    customers = Response.objects.filter(campaign__assessment=current, campaign__group="customers")
    assert customers.exclude(customer_type="").count() > 100
    assert set(customers.exclude(customer_type="").values_list("customer_type", flat=True)) <= {
        "individual",
        "organisation",
        "government",
    }


@pytest.mark.django_db
def test_seed_demo_login_works(client):
    out = run("seed_demo")
    match = re.search(r"password[^:]*:\s*([^\s)]+)", out)
    assert match, out
    password = match.group(1)
    login = reverse("login")
    for username in ("manager", "hr", "consultant"):
        reply = client.post(login, {"username": username, "password": password})
        assert reply.status_code == 302 and reply.url == reverse("home"), username
        client.post(reverse("logout"))
    assert client.post(login, {"username": "manager", "password": password + "x"}).status_code == 200
