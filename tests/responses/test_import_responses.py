"""`manage.py import_responses` (PRODUCT.md section 7): whole-file validation, atomic storage, scoring at import."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from assessment.models import Answer, Campaign, Response, ResponseDimensionScore

GOOD_CUSTOMERS = (
    "CUS.SEG.CUSTOMER_TYPE,CUS.L1.VISIBLE.1,CUS.L1.VISIBLE.2,CUS.L1.VISIBLE.3,CUS.NPS,CUS.CHANNELS,CUS.TEXT,"
    "CUS.L1.SKILLS.1,CUS.L1.SKILLS.2,CUS.L1.SKILLS.3\n"
    'organisation,5,4,NA,9,phone;email,"Faster, please",5,5,1\n'
    "individual,3,,2,,email,,,,2\n"
    ",1,1,1,0,,,na,NA,\n"
)


def write(tmp_path: Path, content: str | bytes, name: str = "responses.csv") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def run(assessment_id: int, path: Path, group: str = "customers") -> str:
    out = io.StringIO()
    call_command("import_responses", "--assessment", str(assessment_id), "--group", group, str(path), stdout=out)
    return out.getvalue()


def reject(assessment_id: int, path: Path, group: str = "customers") -> str:
    with pytest.raises(CommandError) as excinfo:
        run(assessment_id, path, group)
    return str(excinfo.value)


def assert_nothing_stored(campaigns_before: int = 0) -> None:
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0
    assert ResponseDimensionScore.objects.count() == 0
    assert Campaign.objects.count() == campaigns_before


def scores_of(response: Response) -> dict[str, float]:
    return {s.dimension.code: s.score for s in response.dimension_scores.select_related("dimension")}


def answers_of(response: Response) -> dict[str, Answer]:
    return {a.item.code: a for a in response.answers.select_related("item")}


# A good file


def test_good_customers_file_imports_every_row_as_submitted(assessment, tmp_path):
    out = run(assessment.pk, write(tmp_path, GOOD_CUSTOMERS))

    assert "Imported 3 customers responses" in out
    campaign = Campaign.objects.get(assessment=assessment, group="customers")
    responses = list(Response.objects.filter(campaign=campaign).order_by("pk"))
    assert len(responses) == 3
    for response in responses:
        assert response.source == Response.Source.IMPORT
        assert response.submitted_at is not None
        assert response.is_submitted
        assert response.respondent_id is None
        assert response.invitation_id is None
        assert response.token_hash is None
    # The campaign created for the import is anonymous: submit times are kept to the day only.
    assert campaign.anonymity == Campaign.Anonymity.ANONYMOUS
    assert all((r.submitted_at.hour, r.submitted_at.minute, r.submitted_at.second) == (0, 0, 0) for r in responses)


def test_good_file_answer_values(assessment, tmp_path):
    run(assessment.pk, write(tmp_path, GOOD_CUSTOMERS))
    first, second, third = Response.objects.order_by("pk")

    a = answers_of(first)
    assert a["CUS.L1.VISIBLE.1"].value == 5
    assert a["CUS.L1.VISIBLE.1"].not_applicable is False
    assert a["CUS.L1.VISIBLE.2"].value == 4
    assert a["CUS.L1.VISIBLE.3"].not_applicable is True
    assert a["CUS.L1.VISIBLE.3"].value is None
    assert a["CUS.NPS"].value == 9
    assert a["CUS.CHANNELS"].choices == ["phone", "email"]
    assert a["CUS.TEXT"].text == "Faster, please"
    assert a["CUS.SEG.CUSTOMER_TYPE"].choices == ["organisation"]
    assert a["CUS.L1.SKILLS.3"].value == 1

    b = answers_of(second)
    # Blank cells store no answer at all.
    assert "CUS.L1.VISIBLE.2" not in b
    assert "CUS.NPS" not in b
    assert "CUS.TEXT" not in b
    assert b["CUS.L1.VISIBLE.3"].value == 2
    assert b["CUS.CHANNELS"].choices == ["email"]
    assert set(b) == {
        "CUS.SEG.CUSTOMER_TYPE",
        "CUS.L1.VISIBLE.1",
        "CUS.L1.VISIBLE.3",
        "CUS.CHANNELS",
        "CUS.L1.SKILLS.3",
    }

    c = answers_of(third)
    assert c["CUS.NPS"].value == 0  # 0 is a real NPS answer, not a blank
    assert c["CUS.L1.SKILLS.1"].not_applicable is True  # "na" in any case
    assert c["CUS.L1.SKILLS.2"].not_applicable is True
    assert "CUS.SEG.CUSTOMER_TYPE" not in c
    assert Answer.objects.count() == len(a) + len(b) + len(c) == 10 + 5 + 6


def test_good_file_copies_segment_to_response(assessment, tmp_path):
    run(assessment.pk, write(tmp_path, GOOD_CUSTOMERS))
    first, second, third = Response.objects.order_by("pk")
    assert first.customer_type == "organisation"
    assert second.customer_type == "individual"
    assert third.customer_type == ""
    assert first.age_band == first.gender == first.purchase_frequency == first.socio_economic == ""


def test_good_file_stores_hand_computed_dimension_scores(assessment, tmp_path):
    run(assessment.pk, write(tmp_path, GOOD_CUSTOMERS))
    first, second, third = Response.objects.order_by("pk")

    # VISIBLE: 5 -> 100, 4 -> 75, NA left out -> 87.5. SKILLS.3 is reverse-worded: 1 -> 100; 5, 5 -> 100.
    assert scores_of(first) == {"L1.VISIBLE": 87.5, "L1.SKILLS": 100.0}
    # VISIBLE: 3 -> 50, blank, 2 -> 25 -> 37.5. SKILLS: only one of three answered (below half): no score.
    assert scores_of(second) == {"L1.VISIBLE": 37.5}
    # VISIBLE: all 1 -> 0. SKILLS: NA, NA, blank -> no score.
    assert scores_of(third) == {"L1.VISIBLE": 0.0}
    assert ResponseDimensionScore.objects.count() == 4


def test_reverse_item_is_scored_reversed(assessment, tmp_path):
    content = "CUS.L1.SKILLS.1,CUS.L1.SKILLS.2,CUS.L1.SKILLS.3\n4,4,4\n"
    run(assessment.pk, write(tmp_path, content))
    # 4 -> 75, 4 -> 75, reversed 4 -> 25: (75 + 75 + 25) / 3
    assert scores_of(Response.objects.get()) == {"L1.SKILLS": pytest.approx(175 / 3)}


def test_import_into_existing_campaign_adds_to_it(campaign, tmp_path):
    run(campaign.assessment_id, write(tmp_path, GOOD_CUSTOMERS))
    # Another file (a byte of difference is enough; the same file twice is refused, see test_import_integrity.py).
    run(campaign.assessment_id, write(tmp_path, GOOD_CUSTOMERS + ",5,5,5,,,,,,\n", name="second.csv"))
    assert Campaign.objects.count() == 1
    assert Response.objects.filter(campaign=campaign).count() == 7


def test_utf8_file_with_bom(assessment, tmp_path):
    content = "CUS.L1.VISIBLE.1,CUS.L1.VISIBLE.2,CUS.TEXT\n5,5,Café crème\n2,3,\n"
    out = run(assessment.pk, write(tmp_path, b"\xef\xbb\xbf" + content.encode("utf-8")))
    assert "Imported 2" in out
    first, second = Response.objects.order_by("pk")
    a = answers_of(first)
    assert a["CUS.L1.VISIBLE.1"].value == 5
    assert a["CUS.TEXT"].text == "Café crème"
    assert scores_of(first) == {"L1.VISIBLE": 100.0}
    assert answers_of(second)["CUS.L1.VISIBLE.1"].value == 2


def test_windows_line_endings_and_trailing_blank_lines(assessment, tmp_path):
    content = "CUS.L1.VISIBLE.1,CUS.L1.VISIBLE.2\r\n5,4\r\n3,3\r\n\r\n,\r\n"
    assert "Imported 2" in run(assessment.pk, write(tmp_path, content))
    assert Response.objects.count() == 2


def test_other_group_import(assessment, tmp_path):
    content = "EMP.L1.LEAD.1,EMP.L1.LEAD.2,EMP.L1.LEAD.3,EMP.ENPS\n5,5,5,10\n"
    assert "Imported 1 employees responses" in run(assessment.pk, write(tmp_path, content), group="employees")
    response = Response.objects.get()
    assert response.campaign.group == "employees"
    # EMP.L1.LEAD.3 is reverse-worded: 5 -> 0, so (100 + 100 + 0) / 3.
    assert scores_of(response) == {"L1.LEAD": pytest.approx(200 / 3)}


# Bad files: rejected whole, with row and column numbers


def test_unknown_column_names_header_row_and_column(assessment, tmp_path):
    content = "CUS.L1.VISIBLE.1,CUS.L1.VISIBLE.2,NOT.A.CODE\n5,4,3\n"
    message = reject(assessment.pk, write(tmp_path, content))
    assert "row 1, column 3" in message
    assert "NOT.A.CODE" in message
    assert "nothing was imported" in message
    assert_nothing_stored()


def test_value_out_of_range_names_row_and_column(assessment, tmp_path):
    content = "CUS.L1.VISIBLE.1,CUS.L1.VISIBLE.2\n5,4\n3,6\n"
    message = reject(assessment.pk, write(tmp_path, content))
    assert "row 3, column 2" in message
    assert "6" in message
    assert "row 2" not in message
    assert_nothing_stored()


def test_zero_is_out_of_range_for_likert(assessment, tmp_path):
    message = reject(assessment.pk, write(tmp_path, "CUS.L1.VISIBLE.1\n0\n"))
    assert "row 2, column 1" in message
    assert_nothing_stored()


def test_nps_out_of_range(assessment, tmp_path):
    message = reject(assessment.pk, write(tmp_path, "CUS.L1.VISIBLE.1,CUS.NPS\n5,10\n5,11\n"))
    assert "row 3, column 2" in message
    assert "row 2, column 2" not in message
    assert_nothing_stored()


def test_non_number_names_row_and_column(assessment, tmp_path):
    content = "CUS.L1.VISIBLE.1,CUS.L1.VISIBLE.2\nfive,4\n"
    message = reject(assessment.pk, write(tmp_path, content))
    assert "row 2, column 1" in message
    assert "five" in message
    assert "not a number" in message
    assert_nothing_stored()


def test_decimal_is_not_a_whole_answer(assessment, tmp_path):
    message = reject(assessment.pk, write(tmp_path, "CUS.L1.VISIBLE.1,CUS.L1.VISIBLE.2\n4,4.5\n"))
    assert "row 2, column 2" in message
    assert_nothing_stored()


def test_item_of_another_group_mentions_that_group(assessment, tmp_path):
    content = "CUS.L1.VISIBLE.1,EMP.L1.LEAD.1\n5,4\n"
    message = reject(assessment.pk, write(tmp_path, content))
    assert "row 1, column 2" in message
    assert "EMP.L1.LEAD.1" in message
    assert "employees" in message
    assert_nothing_stored()


def test_duplicate_column_is_rejected(assessment, tmp_path):
    content = "CUS.L1.VISIBLE.1,CUS.L1.VISIBLE.1\n5,4\n"
    message = reject(assessment.pk, write(tmp_path, content))
    assert "row 1, column 2" in message
    assert_nothing_stored()


def test_row_longer_than_header_is_rejected(assessment, tmp_path):
    content = "CUS.L1.VISIBLE.1,CUS.L1.VISIBLE.2\n5,4\n5,4,3\n"
    message = reject(assessment.pk, write(tmp_path, content))
    assert "row 3, column 3" in message
    assert_nothing_stored()


def test_empty_file(assessment, tmp_path):
    message = reject(assessment.pk, write(tmp_path, b""))
    assert "empty" in message
    assert_nothing_stored()


def test_header_only(assessment, tmp_path):
    message = reject(assessment.pk, write(tmp_path, "CUS.L1.VISIBLE.1,CUS.L1.VISIBLE.2\n"))
    assert "no respondents" in message
    assert_nothing_stored()


def test_not_utf8(assessment, tmp_path):
    raw = b"CUS.L1.VISIBLE.1,CUS.TEXT\n5,caf\xe9\n"
    message = reject(assessment.pk, write(tmp_path, raw))
    assert "UTF-8" in message
    assert_nothing_stored()


def test_file_over_the_size_limit(assessment, tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 100
    rows = "".join("5,4\n" for _ in range(40))
    path = write(tmp_path, "CUS.L1.VISIBLE.1,CUS.L1.VISIBLE.2\n" + rows)
    assert path.stat().st_size > 100
    message = reject(assessment.pk, path)
    assert "limit" in message
    assert_nothing_stored()


def test_file_at_the_size_limit_is_accepted(assessment, tmp_path, settings):
    path = write(tmp_path, "CUS.L1.VISIBLE.1,CUS.L1.VISIBLE.2\n5,4\n")
    settings.IMPORT_MAX_BYTES = path.stat().st_size
    assert "Imported 1" in run(assessment.pk, path)


def test_default_size_limit_message_says_50_mb(assessment, tmp_path):
    """PRODUCT.md: files over 50 MB are refused; the message should state the documented limit."""
    from django.conf import settings as django_settings

    path = tmp_path / "big.csv"
    with open(path, "wb") as f:
        f.truncate(django_settings.IMPORT_MAX_BYTES + 1)  # sparse: instant to create
    assert os.path.getsize(path) > 50 * 1000 * 1000
    message = reject(assessment.pk, path)
    assert "the limit is 50 MB" in message
    assert_nothing_stored()


def test_several_bad_cells_all_reported_in_one_message(assessment, tmp_path):
    content = (
        "CUS.L1.VISIBLE.1,CUS.L1.VISIBLE.2,CUS.NPS,CUS.SEG.CUSTOMER_TYPE\n"
        "6,4,9,individual\n"  # row 2, column 1
        "5,x,9,individual\n"  # row 3, column 2
        "5,4,9,individual\n"  # good
        "5,4,12,martian\n"  # row 5, columns 3 and 4
    )
    message = reject(assessment.pk, write(tmp_path, content))
    for where in ("row 2, column 1", "row 3, column 2", "row 5, column 3", "row 5, column 4"):
        assert where in message
    assert "row 4" not in message
    assert_nothing_stored()


def test_bad_single_choice_value(assessment, tmp_path):
    content = "CUS.SEG.CUSTOMER_TYPE,CUS.L1.VISIBLE.1\norganisation,5\nalien,5\n"
    message = reject(assessment.pk, write(tmp_path, content))
    assert "row 3, column 1" in message
    assert "alien" in message
    assert "individual" in message  # the allowed values are listed
    assert_nothing_stored()


def test_bad_multi_choice_value(assessment, tmp_path):
    content = "CUS.CHANNELS,CUS.L1.VISIBLE.1\nphone;pigeon,5\n"
    message = reject(assessment.pk, write(tmp_path, content))
    assert "row 2, column 1" in message
    assert "pigeon" in message
    assert_nothing_stored()


def test_unknown_assessment(db, tmp_path):
    with pytest.raises(CommandError, match="999999"):
        run(999999, write(tmp_path, GOOD_CUSTOMERS))
    assert_nothing_stored()


def test_unknown_group(assessment, tmp_path):
    with pytest.raises(CommandError):
        run(assessment.pk, write(tmp_path, GOOD_CUSTOMERS), group="suppliers")
    assert_nothing_stored()


def test_missing_file(assessment, tmp_path):
    with pytest.raises(CommandError):
        run(assessment.pk, tmp_path / "nowhere.csv")
    assert_nothing_stored()


def test_five_good_rows_and_one_bad_row_store_nothing(assessment, tmp_path):
    content = "CUS.L1.VISIBLE.1,CUS.L1.VISIBLE.2,CUS.L1.VISIBLE.3\n" + "5,4,3\n" * 5 + "5,4,9\n"
    message = reject(assessment.pk, write(tmp_path, content))
    assert "row 7, column 3" in message
    assert_nothing_stored()


def test_rejected_file_leaves_existing_campaign_and_responses_untouched(campaign, tmp_path):
    run(campaign.assessment_id, write(tmp_path, GOOD_CUSTOMERS))
    before = (Response.objects.count(), Answer.objects.count(), ResponseDimensionScore.objects.count())
    bad = "CUS.L1.VISIBLE.1,CUS.L1.VISIBLE.2\n" + "5,4\n" * 5 + "5,-1\n"
    message = reject(campaign.assessment_id, write(tmp_path, bad, name="bad.csv"))
    assert "row 7, column 2" in message
    assert (Response.objects.count(), Answer.objects.count(), ResponseDimensionScore.objects.count()) == before
    assert Campaign.objects.count() == 1
