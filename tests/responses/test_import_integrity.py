"""A file already imported into a campaign is refused unless --replace is given (issue 8)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessment.assessments.services import create_assessment
from assessment.models import ImportedFile, Response, ResponseTotal
from assessment.responses import services

from .test_import_responses import GOOD_CUSTOMERS, run, write
from .totals_snapshot import assert_totals_equal_a_rebuild, totals_of

pytestmark = pytest.mark.django_db

OTHER_CUSTOMERS = "CUS.L1.VISIBLE.1,CUS.L1.VISIBLE.2,CUS.L1.VISIBLE.3\n2,2,2\n3,3,3\n"


def state() -> tuple[object, ...]:
    responses = sorted(Response.objects.values_list("pk", "imported_file_id"))
    files = sorted(ImportedFile.objects.values_list("pk", "sha256", "rows"))
    return responses, files, sorted(ResponseTotal.objects.values_list("campaign_id", "bucket", "n"))


def run_with_replace(assessment_id: int, path: Path) -> str:
    out = io.StringIO()
    call_command(
        "import_responses",
        "--assessment",
        str(assessment_id),
        "--group",
        "customers",
        "--replace",
        str(path),
        stdout=out,
    )
    return out.getvalue()


def test_the_import_is_remembered_by_the_files_hash(assessment, tmp_path):
    run(assessment.pk, write(tmp_path, GOOD_CUSTOMERS))
    imported = ImportedFile.objects.get()
    assert imported.sha256 == hashlib.sha256(GOOD_CUSTOMERS.encode()).hexdigest()
    assert (imported.name, imported.rows, imported.campaign.group) == ("responses.csv", 3, "customers")
    assert set(Response.objects.values_list("imported_file_id", flat=True)) == {imported.pk}


def test_the_same_file_again_is_refused_and_nothing_changes(assessment, tmp_path):
    run(assessment.pk, write(tmp_path, GOOD_CUSTOMERS))
    before = state()
    with pytest.raises(CommandError) as refused:
        run(assessment.pk, write(tmp_path, GOOD_CUSTOMERS, name="renamed copy.csv"))
    message = str(refused.value)
    assert "already imported" in message
    assert timezone.localtime(ImportedFile.objects.get().imported_at).strftime("%Y-%m-%d") in message
    assert "--replace" in message
    assert state() == before


def test_replace_deletes_the_earlier_import_and_imports_the_file_again(assessment, tmp_path):
    run(assessment.pk, write(tmp_path, GOOD_CUSTOMERS))
    run(assessment.pk, write(tmp_path, OTHER_CUSTOMERS, name="other.csv"))
    campaign = assessment.campaigns.get(group="customers")
    first_import = ImportedFile.objects.get(name="responses.csv")
    earlier = set(first_import.responses.values_list("pk", flat=True))
    other = set(ImportedFile.objects.get(name="other.csv").responses.values_list("pk", flat=True))
    before = totals_of(campaign)

    out = run_with_replace(assessment.pk, write(tmp_path, GOOD_CUSTOMERS))

    assert "Imported 3 customers responses" in out and "replacing the 3" in out
    assert not Response.objects.filter(pk__in=earlier).exists()
    assert set(Response.objects.filter(pk__in=other).values_list("pk", flat=True)) == other
    again = ImportedFile.objects.get(name="responses.csv")
    assert again.pk != first_import.pk
    assert again.responses.count() == 3
    assert Response.objects.filter(campaign=campaign).count() == 5
    # The same answers again: the totals are as before, and as a rebuild gives them.
    assert totals_of(campaign).keys() == before.keys()
    assert assert_totals_equal_a_rebuild(campaign)["response", ""] == (5,)


def test_replace_is_all_or_nothing(assessment, tmp_path, monkeypatch):
    run(assessment.pk, write(tmp_path, GOOD_CUSTOMERS))
    before = state()

    def failing(**kwargs):
        raise RuntimeError("the disk filled up")

    monkeypatch.setattr(services, "store_answers", failing)
    with pytest.raises(RuntimeError):
        run_with_replace(assessment.pk, write(tmp_path, GOOD_CUSTOMERS))
    assert state() == before


def test_replace_of_a_file_never_imported_just_imports_it(assessment, tmp_path):
    assert "Imported 3" in run_with_replace(assessment.pk, write(tmp_path, GOOD_CUSTOMERS))
    assert ImportedFile.objects.count() == 1


def test_a_file_whose_responses_were_all_deleted_can_be_imported_again(assessment, tmp_path):
    run(assessment.pk, write(tmp_path, GOOD_CUSTOMERS))
    campaign = assessment.campaigns.get(group="customers")
    services.delete_responses(campaign=campaign, responses=Response.objects.all())
    assert "Imported 3" in run(assessment.pk, write(tmp_path, GOOD_CUSTOMERS))
    assert ImportedFile.objects.get().responses.count() == 3
    assert assert_totals_equal_a_rebuild(campaign)["response", ""] == (3,)


def test_the_same_file_into_another_assessment_is_fine(assessment, organisation, tmp_path):
    other = create_assessment(organisation=organisation, title="2027 Q1")
    path = write(tmp_path, GOOD_CUSTOMERS)
    run(assessment.pk, path)
    assert "Imported 3" in run(other.pk, path)
    assert ImportedFile.objects.count() == 2
    assert Response.objects.filter(campaign__assessment=other).count() == 3
