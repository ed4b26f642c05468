"""Every piece of visible text in a template goes through a translation tag."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from .scan import unmarked_texts

TEMPLATES = sorted(p for p in Path(settings.BASE_DIR, "templates").rglob("*") if p.is_file())


def test_every_template_is_scanned():
    assert len(TEMPLATES) >= 40


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_template_has_no_unmarked_text(path):
    assert unmarked_texts(path.read_text(encoding="utf-8")) == []


def test_the_scan_finds_unmarked_text_and_attributes():
    source = (
        '{% load i18n %}<p title="Hover text">Hello {{ name }}</p>{% if x %}Open{% endif %}'
        '<img alt="{% translate \'Logo\' %}"><script>var s = "not shown";</script>'
    )
    assert unmarked_texts(source) == ["Hover text", "Hello", "Open"]


def test_the_scan_accepts_marked_text_numbers_and_names():
    source = (
        '{% load i18n %}<h1>{% translate "Report" %}</h1><p>{% blocktranslate with n=x.y %}{{ n }} left'
        "{% endblocktranslate %}</p><td>{{ row.rate }} %</td><a>CSV</a> · 12 / 100 –{# a note #}"
        "{% comment %}Not shown{% endcomment %}"
    )
    assert unmarked_texts(source) == []
