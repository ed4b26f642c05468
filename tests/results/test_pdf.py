"""The branded PDF of a published report (issue 12): built by Chromium from the demo's data, with its level,
sections and sample sizes in its text, charts as vectors, Arabic right to left, behind the report's access."""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import zlib
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from assessment.models import Assessment, Commentary, Consultancy, Membership, Organisation
from assessment.organisations.services import delete_organisation
from assessment.results.files import organisation_dir, write_atomically
from assessment.results.pdf import ReportPdf, build_pdf, render_pdf, start_pdf
from assessment.results.report import report
from assessment.results.rows import group_label
from assessment.results.services import publish_result
from assessment.results.tasks import render_report_pdf

from ..factories import submit_many

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Executive summary",
    "Main findings",
    "First steps",
    "Charts and tables",
    "Maturity ladder",
    "Every group on every dimension",
    "Dimensions as each group sees them",
    "Staged roadmap",
    "The consultant's commentary",
    "Method and limits",
    "Sample sizes",
    "Suppressed groups",
    "Not measured",
]
ARABIC_NAME = "شركة النور للخدمات"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())
    assessment = Assessment.objects.get(title="2026 Q4")
    return publish_result(assessment=assessment)


def text_of(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces (a heading may wrap), and its
    ligatures and letter forms as plain letters (NFKC: "ﬁ" is "fi")."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


@pytest.mark.browser
@pytest.mark.instrument(2)
def test_the_demos_pdf_has_its_level_sections_group_sizes_and_vector_charts(demo, media):
    Commentary.objects.create(published=demo, text="Speed is where the money is.")
    path = Path(render_report_pdf.delay(demo.pk, "en").get())
    assert path.parent == organisation_dir(demo.assessment.organisation_id)
    assert path.is_relative_to(media / "reports")
    reader, text = text_of(path.read_bytes())
    words = flat(text)
    data = report(demo.assessment, _manager_access(demo), demo)
    assert f"Northwind Services is at level {data.maturity_level} of 3" in words
    for heading in SECTIONS:
        assert heading in words, heading
    for name, group in data.result.groups.items():
        assert f"{group_label(name)}: n={group.responses}" in words, name
    assert "Speed is where the money is." in words
    assert "Clearview Consulting" in flat(reader.pages[0].extract_text())
    assert re.search(r"Page 1 of \d+", words)
    # Plotly's SVG prints as vector paths and text: no page carries a bitmap (the demo has no logo).
    assert all(not page.images for page in reader.pages)
    assert "Level score (0-100)" in words  # an axis title, drawn by plotly
    assert len(reader.pages) >= 10
    # Built once: asked again, the task keeps the file.
    built = path.stat().st_mtime_ns
    assert render_report_pdf.delay(demo.pk, "en").get() == str(path)
    assert path.stat().st_mtime_ns == built
    assert ReportPdf.of(demo, "en").state()["status"] == "ready"


def _manager_access(published):
    from assessment.organisations.access import Access
    from assessment.organisations.models import Role

    return Access(published.assessment.organisation, Role.MANAGER)


@pytest.fixture
def arabic_client(django_user_model):
    from assessment.assessments.services import create_assessment

    organisation = Organisation.objects.create(name=ARABIC_NAME, language="ar")
    assessment = create_assessment(organisation=organisation, title="2026 Q4")
    submit_many(assessment, "customers", 8, mean=3.4, seed=1)
    submit_many(assessment, "employees", 8, mean=3.8, seed=2)
    submit_many(assessment, "management", 1, mean=4.4, seed=3)
    return publish_result(assessment=assessment)


@pytest.mark.browser
def test_an_arabic_client_renders_right_to_left_with_joined_letters(arabic_client):
    content = render_pdf(arabic_client, "ar")
    reader, _ = text_of(content)
    cover = reader.pages[0].extract_text()
    # Chromium shaped the name: pypdf gives back its letters in their joined forms (initial, medial or final
    # Arabic presentation forms); of its 16 letters only alef, reh and what follows them stand alone ...
    name = cover.splitlines()[1]
    assert len(re.findall("[\ufe70-\ufeff]", name)) >= 12, name
    # ... and in reading order: as plain letters, the words of the name as it was written.
    assert flat(name) == ARABIC_NAME


def test_the_print_page_is_right_to_left_in_arabic(arabic_client):
    from assessment.results.pdf import print_html

    html, header, _ = print_html(arabic_client, "ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert 'dir="rtl"' in header


@pytest.mark.browser
def test_render_report_writes_the_latest_published_pdf(assessment, tmp_path):
    publish_result(assessment=assessment)
    second = publish_result(assessment=assessment)
    output = tmp_path / "report.pdf"
    out = io.StringIO()
    call_command("render_report", assessment=assessment.pk, format="pdf", output=str(output), stdout=out)
    assert f"published report #{second.number}" in out.getvalue()
    reader, text = text_of(output.read_bytes())
    assert "Acme Bakery" in text and "Method and limits" in flat(text)
    assert "Published report #2" in text


def test_render_report_explains_when_nothing_is_published(assessment, tmp_path):
    with pytest.raises(CommandError, match="no published result yet"):
        call_command("render_report", assessment=assessment.pk, format="pdf", output=str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="No assessment with id"):
        call_command("render_report", assessment=987654, format="pdf", output=str(tmp_path / "x.pdf"))


@pytest.mark.browser
def test_a_manager_builds_follows_and_downloads_the_pdf(
    client, manager, assessment, django_capture_on_commit_callbacks
):
    published = publish_result(assessment=assessment)
    client.force_login(manager)
    args = [assessment.pk, published.number]
    progress = client.get(reverse("report_pdf_progress", args=args)).json()
    assert progress["status"] == "none" and progress["done"]
    assert client.get(reverse("report_pdf_download", args=args)).status_code == 404
    page = client.get(reverse("report", args=[assessment.pk]) + f"?published={published.number}").content.decode()
    assert "Build the PDF" in page and "pdf-progress.js" in page

    with django_capture_on_commit_callbacks(execute=True):
        reply = client.post(reverse("report_pdf", args=args))
    assert reply.status_code == 302
    progress = client.get(reverse("report_pdf_progress", args=args)).json()
    assert progress == progress | {"status": "ready", "percent": 100, "done": True}
    download = client.get(progress["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    page = client.get(reverse("report", args=[assessment.pk]) + f"?published={published.number}").content.decode()
    assert "Download PDF" in page and "Build the PDF" not in page


def test_only_the_published_reports_readers_reach_its_pdf(
    client, manager, hr_user, outsider, django_user_model, organisation, assessment
):
    published = publish_result(assessment=assessment)
    pdf = ReportPdf.of(published, organisation.language)
    # A file already built, so that the download's answer depends on who asks, not on Chromium.
    write_atomically(pdf.path, b"%PDF-1.7 built")
    viewer = django_user_model.objects.create_user(username="board", password="pw-for-tests-1")
    Membership.objects.create(user=viewer, organisation=organisation, role="viewer")
    args = [assessment.pk, published.number]
    urls = [reverse("report_pdf_progress", args=args), reverse("report_pdf_download", args=args)]

    for url in urls:
        reply = client.get(url)
        assert reply.status_code == 302 and reply["Location"].startswith(reverse("login"))
    assert client.post(reverse("report_pdf", args=args)).status_code == 302  # to the login page too

    for user in (manager, viewer):
        client.force_login(user)
        assert client.get(urls[0]).json()["status"] == "ready"
        assert b"".join(client.get(urls[1]).streaming_content) == b"%PDF-1.7 built"
    for user in (outsider, hr_user):  # another organisation's manager; HR sees employee results only
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [404, 404]
        assert client.post(reverse("report_pdf", args=args)).status_code == 404
    client.force_login(manager)
    assert client.get(reverse("report_pdf_download", args=[assessment.pk, published.number + 1])).status_code == 404


def test_a_changed_commentary_or_brand_makes_a_new_edition(organisation, assessment):
    published = publish_result(assessment=assessment)
    first = ReportPdf.of(published, "en")
    Commentary.objects.create(published=published, text="New words.")
    second = ReportPdf.of(published, "en")
    assert second.path != first.path
    organisation.consultancy = Consultancy.objects.create(name="Clearview", brand_colour="#aa0000")
    organisation.save()
    assert ReportPdf.of(published, "en").path != second.path
    assert ReportPdf.of(published, "hu").path != ReportPdf.of(published, "en").path


def test_deleting_an_organisation_removes_its_report_files(
    organisation, other_organisation, assessment, django_capture_on_commit_callbacks
):
    published = publish_result(assessment=assessment)
    own = ReportPdf.of(published, "en").path
    write_atomically(own, b"%PDF")
    other = organisation_dir(other_organisation.pk) / "assessment-9-report-1-en-x.pdf"
    write_atomically(other, b"%PDF")
    with django_capture_on_commit_callbacks(execute=True):
        delete_organisation(organisation=organisation, confirm_name="Acme Bakery")
    assert not own.exists() and not organisation_dir(organisation.pk).exists()
    assert other.exists()


def test_a_failed_build_is_recorded_and_can_be_started_again(assessment, monkeypatch):
    published = publish_result(assessment=assessment)

    def broken(*args, **kwargs):
        raise RuntimeError("Chromium is missing")

    monkeypatch.setattr("assessment.results.pdf.html_to_pdf", broken)
    with pytest.raises(RuntimeError):
        build_pdf(published_id=published.pk, language="en")
    assert ReportPdf.of(published, "en").state() == {"status": "failed", "percent": 0, "done": True}
    assert not ReportPdf.of(published, "en").path.exists()


def test_a_build_under_way_is_queued_once_and_a_removed_file_is_not_ready(
    assessment, monkeypatch, django_capture_on_commit_callbacks
):
    published = publish_result(assessment=assessment)
    queued = []
    monkeypatch.setattr(render_report_pdf, "delay", lambda *args: queued.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        start_pdf(published=published, language="en")
        start_pdf(published=published, language="en")
    assert queued == [(published.pk, "en")]
    pdf = ReportPdf.of(published, "en")
    assert pdf.state() == {"status": "queued", "percent": 0, "done": False}
    write_atomically(pdf.path, b"%PDF")
    pdf.finished()
    assert pdf.state()["status"] == "ready"
    pdf.path.unlink()
    assert pdf.state()["status"] == "none"


def tiny_png(rgb: tuple[int, int, int]) -> bytes:
    """A 2 x 2 PNG of one colour, written by hand (the test needs no imaging library)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(rgb) * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.mark.browser
def test_the_cover_carries_the_consultancys_logo_and_name(organisation, assessment):
    consultancy = Consultancy.objects.create(name="Clearview", brand_colour="#aa0000", accent_colour="#003366")
    consultancy.logo.save("clearview.png", ContentFile(tiny_png((170, 0, 0))))
    organisation.consultancy = consultancy
    organisation.save()
    published = publish_result(assessment=assessment)
    reader, _ = text_of(render_pdf(published, "en"))
    cover = reader.pages[0]
    assert len(cover.images) == 1  # the logo, the one bitmap of the report
    assert all(not page.images for page in reader.pages[1:])
    assert "Prepared by Clearview for Acme Bakery." in flat(cover.extract_text())
