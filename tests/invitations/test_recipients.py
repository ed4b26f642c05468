"""Uploading a recipient list: a preview with an error per refused row, nothing stored before the confirmation,
and a clear message (never a 500) for files that cannot be read."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from assessment.invitations.models import Invitation
from assessment.invitations.recipients import Recipient
from assessment.invitations.services import store_recipients

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, manager):
    client.force_login(manager)
    return client


def upload(client, campaign, name: str, content: bytes):
    return client.post(
        reverse("recipients_upload", args=[campaign.pk]), {"file": SimpleUploadedFile(name, content)}, follow=True
    )


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_preview_lists_every_refused_row_and_nothing_is_stored_until_confirmed(signed_in, campaign):
    store_recipients(campaign=campaign, recipients=[Recipient("old@example.com")])
    csv = (
        "Email;Name;Language;Segment;Phone\n"
        "ann@example.com;Ann;hu;North;123\n"
        "not-an-address;Bob;;;\n"
        "ANN@example.com;Ann again;;;\n"
        "old@example.com;;;;\n"
        'eve@example.com;=HYPERLINK("http://evil.example","click");;;\n'
        "dan@example.com;Dan;xx;;\n"
        f"{'a' * 250}@example.com;;;;\n"
        "\n"
        "cy@example.com;Cy;;South;\n"
    ).encode("utf-8-sig")
    page = upload(signed_in, campaign, "list.csv", csv)
    assert page.redirect_chain[-1][0] == reverse("recipients_preview", args=[campaign.pk])
    text = page.content.decode()
    assert "2 recipients ready, 6 rows refused" in text
    for expected in (
        "Row 1: Unknown column “phone”: it is ignored",
        "Row 3: “not-an-address” is not a valid e-mail address.",
        "Row 4: ann@example.com is already on row 2 of this file.",
        "Row 5: old@example.com is already invited to this campaign.",
        "Row 6: The name cell starts with “=”, like a spreadsheet formula; it is refused.",
        "Row 7: Unknown language “xx”",
        "Row 8: The email is too long (262 characters; at most 254).",
    ):
        assert expected in text, expected
    assert Invitation.objects.count() == 1

    reply = signed_in.post(reverse("recipients_confirm", args=[campaign.pk]), {"action": "confirm"}, follow=True)
    assert "2 recipients added" in reply.content.decode()
    stored = {
        i.email: (i.name, i.language, i.segment, i.status) for i in Invitation.objects.exclude(email="old@example.com")
    }
    assert stored == {
        "ann@example.com": ("Ann", "hu", "North", "pending"),
        "cy@example.com": ("Cy", "", "South", "pending"),
    }
    # The kept upload is gone: confirming again stores nothing more.
    signed_in.post(reverse("recipients_confirm", args=[campaign.pk]), {"action": "confirm"})
    assert Invitation.objects.count() == 3


def test_discarding_stores_nothing(signed_in, campaign):
    upload(signed_in, campaign, "list.csv", b"email\nann@example.com\n")
    reply = signed_in.post(reverse("recipients_confirm", args=[campaign.pk]), {"action": "discard"}, follow=True)
    assert "nothing was stored" in reply.content.decode()
    assert Invitation.objects.count() == 0


def test_xlsx_formula_cells_are_refused_and_numbers_read_as_text(signed_in, campaign):
    content = xlsx(
        [
            ["email", "name", "segment"],
            ["ann@example.com", "Ann", 2024],
            ['=HYPERLINK("http://evil.example","x")', "Bob", None],
            ["cy@example.com", "@SUM(A1)", None],
        ]
    )
    text = upload(signed_in, campaign, "list.xlsx", content).content.decode()
    assert "1 recipient ready, 2 rows refused" in text
    assert "Row 3: The email cell starts with “=”" in text and "Row 4: The name cell starts with “@”" in text
    signed_in.post(reverse("recipients_confirm", args=[campaign.pk]), {"action": "confirm"})
    assert list(Invitation.objects.values_list("email", "segment")) == [("ann@example.com", "2024")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.csv", b"", "The submitted file is empty."),
        ("list.csv", b"\n\n", "The file is empty"),
        ("list.csv", "email,name\nzoe@example.com,Zoë\n".encode("latin-1"), "The file is not UTF-8 text."),
        ("list.csv", "email\nann@example.com\n".encode("utf-16"), "The file is not UTF-8 text."),
        ("list.csv", b"name\nAnn\n", "The first row has no “email” column"),
        ("list.csv", b"email\n", "The file has a header but no recipients."),
        ("list.pdf", b"%PDF-1.4", "Upload a .csv or .xlsx file."),
        ("list.xlsx", b"PK\x03\x04 not really a workbook", "The file is not a readable .xlsx workbook."),
    ],
)
def test_unreadable_files_get_a_clear_message(signed_in, campaign, name, content, message):
    reply = upload(signed_in, campaign, name, content)
    assert reply.status_code == 400
    assert message in reply.content.decode()
    assert Invitation.objects.count() == 0


def test_more_than_50000_rows_are_refused(signed_in, campaign):
    content = ("email\n" + "".join(f"p{n}@example.com\n" for n in range(50_001))).encode()
    reply = upload(signed_in, campaign, "big.csv", content)
    assert reply.status_code == 400
    assert "The file has more than 50,000 recipients; the limit is 50,000 per upload." in reply.content.decode()


def test_a_60_mb_file_is_refused_before_it_is_read(signed_in, campaign):
    content = b"email\n" + b"x" * (60 * 1024 * 1024)
    reply = upload(signed_in, campaign, "huge.csv", content)
    assert reply.status_code == 400
    assert "The file is 60.0 MB; the limit is 50 MB." in reply.content.decode()


def test_the_largest_list_allowed_goes_through(signed_in, campaign):
    content = ("email,segment\n" + "".join(f"p{n}@example.com,S{n % 7}\n" for n in range(50_000))).encode()
    preview = upload(signed_in, campaign, "largest.csv", content)
    assert "50000 recipients ready" in preview.content.decode()
    signed_in.post(reverse("recipients_confirm", args=[campaign.pk]), {"action": "confirm"})
    assert Invitation.objects.filter(campaign=campaign).count() == 50_000
