"""`manage.py verify_totals`: the running totals recomputed from the raw answers and compared (issue 8)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from assessment.assessments.services import create_assessment
from assessment.invitations.services import create_invitations
from assessment.models import DimensionTotal, ItemTotal, Response, ResponseTotal
from assessment.responses.services import delete_response

from ..factories import submit_many
from .test_import_responses import GOOD_CUSTOMERS, write
from .test_respondent_flow import answer_everything

pytestmark = pytest.mark.django_db


def verify(*args: str) -> str:
    out = io.StringIO()
    call_command("verify_totals", *args, stdout=out)
    return out.getvalue()


def failing(*args: str) -> tuple[str, str]:
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("verify_totals", *args, stdout=out)
    return out.getvalue(), str(failed.value)


def submitted_through_the_pages(client, campaign, count: int) -> None:
    created, _ = create_invitations(campaign=campaign, emails=[f"r{i}@example.com" for i in range(count)])
    for _, token in created:
        answer_everything(client, campaign, token)
        assert client.post(f"/r/{token}/submit/").status_code == 302


def test_clean_after_submits_imports_and_a_deletion(client, assessment, campaign, tmp_path):
    submitted_through_the_pages(client, campaign, 2)
    call_command(
        "import_responses",
        "--assessment",
        str(assessment.pk),
        "--group",
        "customers",
        str(write(tmp_path, GOOD_CUSTOMERS)),
        stdout=io.StringIO(),
    )
    submit_many(assessment, "employees", 9, seed=2)
    delete_response(response=Response.objects.filter(campaign__group="employees").first())

    out = verify()

    lines = out.strip().splitlines()
    assert len(lines) == 2
    assert all(line.endswith(": ok") for line in lines)
    assert f"Assessment {assessment.pk} (2026 Q4), customers: ok" in lines


def test_a_broken_dimension_total_fails_naming_the_campaign_and_dimension(assessment):
    submit_many(assessment, "customers", 7, seed=1)
    submit_many(assessment, "employees", 7, seed=1)
    DimensionTotal.objects.filter(campaign__group="employees", dimension__code="L1.LEAD", segment="").update(
        total=F("total") + 5
    )

    out, error = failing()

    assert "The running totals of 1 campaign differ" in error
    customers, employees = sorted(out.strip().splitlines())
    assert customers.endswith("customers: ok")
    assert employees.startswith(f"Assessment {assessment.pk} (2026 Q4), employees: 1 difference: ")
    assert "DimensionTotal L1.LEAD (all) total" in employees
    assert "complete" not in employees


def test_a_wrong_count_and_a_missing_row_are_found(assessment):
    submit_many(assessment, "customers", 6, seed=4)
    ResponseTotal.objects.filter(bucket="").update(n=F("n") + 1)
    ItemTotal.objects.filter(item__code="CUS.L1.VISIBLE.1").delete()
    out, _ = failing("--assessment", str(assessment.pk))
    assert "ResponseTotal (all) n: stored 7, expected 6" in out
    assert "ItemTotal CUS.L1.VISIBLE.1 n: stored 0, expected " in out
    assert ": 4 differences: " in out  # the item's n, total and total_sq, and the count


def test_a_response_deleted_by_hand_is_found(assessment):
    submit_many(assessment, "customers", 6, seed=4)
    Response.objects.first().delete()  # bypassing delete_response, so still in the totals
    out, _ = failing("--assessment", str(assessment.pk))
    assert out.startswith(f"Assessment {assessment.pk} (2026 Q4), customers: ")
    assert "ResponseTotal (all) n: stored 6, expected 5" in out


def test_only_the_assessment_asked_for(assessment, organisation):
    other = create_assessment(organisation=organisation, title="Broken round")
    submit_many(assessment, "customers", 5, seed=1)
    submit_many(other, "customers", 5, seed=1)
    DimensionTotal.objects.filter(campaign__assessment=other).update(total_sq=F("total_sq") * 2)
    assert verify("--assessment", str(assessment.pk)).strip().endswith("customers: ok")
    out, _ = failing("--assessment", str(other.pk))
    assert "Broken round" in out


def test_unknown_assessment(db):
    with pytest.raises(CommandError, match="999999"):
        verify("--assessment", "999999")
