"""A consultancy's logo and colours: its consultants change them, its clients' reports show them (issue 12)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from assessment.models import Consultancy

pytestmark = pytest.mark.django_db


def png(size: tuple[int, int] = (40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#123456").save(buffer, format="PNG")
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"'
GOOD_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#f00"/></svg>'
)
BAD_SVGS = {
    "script": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "handler": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>',
    "external image": (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<image xlink:href="https://evil.example/x.png"/></svg>'
    ),
    "javascript link": SVG + b'><a href="javascript:alert(1)"><text>x</text></a></svg>',
    "css url": b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/f)"/></svg>',
    "css import": b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import "https://evil.example/a.css";</style></svg>',
    "entity": (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>'
    ),
    "embedded html": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><body xmlns="http://www.w3.org/1999/xhtml">'
        b"<iframe src='x'/></body></foreignObject></svg>"
    ),
    "not svg": b"<html><script>alert(1)</script></html>",
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def consultancy(organisation):
    consultancy = Consultancy.objects.create(name="Clearview")
    organisation.consultancy = consultancy
    organisation.save()
    return consultancy


@pytest.fixture
def consultant(django_user_model, consultancy):
    user = django_user_model.objects.create_user(username="adviser", password="pw-for-tests-1")
    consultancy.consultants.add(user)
    return user


@pytest.fixture
def other_consultant(django_user_model):
    user = django_user_model.objects.create_user(username="rival-adviser", password="pw-for-tests-1")
    Consultancy.objects.create(name="Elsewhere").consultants.add(user)
    return user


def save(client, consultancy, logo=None, **fields):
    data = {"brand_colour": "#aa3300", "accent_colour": "#112233", **fields}
    if logo is not None:
        data["logo"] = logo
    return client.post(reverse("consultancy_branding", args=[consultancy.pk]), data)


def test_a_consultant_saves_a_png_logo_and_colours_and_the_report_shows_them(
    client, consultant, consultancy, assessment
):
    client.force_login(consultant)
    page = client.get(reverse("home")).content.decode()
    assert reverse("consultancy_branding", args=[consultancy.pk]) in page
    reply = save(client, consultancy, SimpleUploadedFile("logo.png", png(), "image/png"))
    assert reply.status_code == 302
    consultancy.refresh_from_db()
    assert (consultancy.brand_colour, consultancy.accent_colour) == ("#aa3300", "#112233")
    assert consultancy.logo.name.endswith(".png")
    logo_url = reverse("consultancy_logo", args=[consultancy.pk])
    branding = client.get(reverse("consultancy_branding", args=[consultancy.pk])).content.decode()
    assert logo_url in branding and "#aa3300" in branding  # the preview
    logo = client.get(logo_url)
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content) == png()
    assert logo_url in client.get(reverse("report", args=[assessment.pk])).content.decode()


def test_an_svg_logo_is_kept_when_clean_and_served_without_script(client, consultant, consultancy):
    client.force_login(consultant)
    assert save(client, consultancy, SimpleUploadedFile("logo.svg", GOOD_SVG, "image/svg+xml")).status_code == 302
    logo = client.get(reverse("consultancy_logo", args=[consultancy.pk]))
    assert logo["Content-Type"] == "image/svg+xml"
    assert "default-src 'none'" in logo["Content-Security-Policy"]
    assert b"".join(logo.streaming_content) == GOOD_SVG


@pytest.mark.parametrize("what", list(BAD_SVGS))
def test_a_dangerous_svg_is_refused(client, consultant, consultancy, what):
    client.force_login(consultant)
    reply = save(client, consultancy, SimpleUploadedFile("logo.svg", BAD_SVGS[what], "image/svg+xml"))
    assert reply.status_code == 400, what
    consultancy.refresh_from_db()
    assert not consultancy.logo and consultancy.brand_colour != "#aa3300"


@pytest.mark.parametrize(
    "name, content",
    [
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"not really a png"),
        ("logo.gif", b"GIF89a" + b"\x00" * 20),
        ("logo.png", b"<?php echo 1; ?>"),
        ("big.png", png((3000, 3000)) + b"\x00" * (1024 * 1024)),
    ],
)
def test_a_file_that_is_not_a_small_png_jpeg_or_svg_is_refused(client, consultant, consultancy, name, content):
    client.force_login(consultant)
    assert save(client, consultancy, SimpleUploadedFile(name, content, "image/png")).status_code == 400
    consultancy.refresh_from_db()
    assert not consultancy.logo


@pytest.mark.parametrize("colour", ["red", "#12345", "#1234567", "#ggg000", "#123456;x"])
def test_colours_must_be_hex(client, consultant, consultancy, colour):
    client.force_login(consultant)
    assert save(client, consultancy, brand_colour=colour).status_code == 400
    consultancy.refresh_from_db()
    assert consultancy.brand_colour == "#0d6efd"


def test_a_new_logo_replaces_the_old_file_and_removing_deletes_it(client, consultant, consultancy, tmp_path):
    client.force_login(consultant)
    save(client, consultancy, SimpleUploadedFile("a.png", png(), "image/png"))
    consultancy.refresh_from_db()
    first = tmp_path / consultancy.logo.name
    save(client, consultancy, SimpleUploadedFile("b.svg", GOOD_SVG, "image/svg+xml"))
    consultancy.refresh_from_db()
    assert not first.exists() and consultancy.logo.name.endswith(".svg")
    second = tmp_path / consultancy.logo.name
    save(client, consultancy, remove_logo="on")
    consultancy.refresh_from_db()
    assert not consultancy.logo and not second.exists()
    assert client.get(reverse("consultancy_logo", args=[consultancy.pk])).status_code == 404


def test_only_the_consultancys_consultants_may_change_it(
    client, consultant, other_consultant, manager, consultancy, tmp_path
):
    url = reverse("consultancy_branding", args=[consultancy.pk])
    logo = SimpleUploadedFile("logo.png", png(), "image/png")
    anonymous = client.post(url, {"brand_colour": "#000000", "accent_colour": "#000000"})
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))
    client.force_login(other_consultant)
    assert client.get(url).status_code == 404
    assert save(client, consultancy, logo).status_code == 404
    client.force_login(manager)  # a client's manager sees the logo on reports, but does not change it
    assert client.get(url).status_code == 403
    assert save(client, consultancy, logo).status_code == 403
    consultancy.refresh_from_db()
    assert consultancy.brand_colour == "#0d6efd" and not consultancy.logo
    assert list(tmp_path.rglob("*.png")) == []


def test_the_logo_is_served_to_the_clients_people_only(
    client, consultant, other_consultant, manager, hr_user, outsider, consultancy
):
    client.force_login(consultant)
    save(client, consultancy, SimpleUploadedFile("logo.png", png(), "image/png"))
    url = reverse("consultancy_logo", args=[consultancy.pk])
    for user, status in ((manager, 200), (hr_user, 200), (other_consultant, 404), (outsider, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status, user.username
    client.logout()
    assert client.get(url).status_code == 302
