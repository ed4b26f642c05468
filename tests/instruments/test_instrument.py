"""The built-in instrument (PRODUCT.md section 3): content, versioning and the freeze of published versions."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessment.instruments.selectors import latest_builtin_instrument
from assessment.instruments.services import create_draft_instrument, publish_instrument
from assessment.instruments.shipped import BUILTIN_CODE, read_builtin
from assessment.models import Dimension, Instrument, Item, Section

DIMENSIONS = {
    "L1.LEAD": 1,
    "L1.INVEST": 1,
    "L1.VISIBLE": 1,
    "L1.SKILLS": 1,
    "L1.INTERNAL": 1,
    "L1.AWARE": 1,
    "L1.VALUE": 1,
    "L2.TRAINING": 2,
    "L2.LEARNING": 2,
    "L2.PROFESSION": 2,
    "L2.SEGMENTS": 2,
    "L3.STRUCTURE": 3,
    "L3.CONVENIENCE": 3,
    "L3.SPEED": 3,
    "L3.DELIGHT": 3,
    "L3.PARTNERSHIP": 3,
}
AUDIENCES = ("customers", "partners", "employees", "shareholders", "management")
PREFIX = {"customers": "CUS", "partners": "PAR", "employees": "EMP", "shareholders": "SHA", "management": "MAN"}
SEGMENTS = {"customer_type", "age_band", "gender", "purchase_frequency", "socio_economic"}


@pytest.fixture(params=[1, 2], ids=["v1", "v2"])
def instrument(request, db) -> Instrument:
    """Each shipped version: version 1 stays frozen for the assessments made with it."""
    return Instrument.objects.get(code=BUILTIN_CODE, version=request.param)


def likert(instrument: Instrument):
    return Item.objects.filter(instrument=instrument, type=Item.Type.LIKERT5).select_related("dimension")


def asked(instrument: Instrument, audience: str) -> set[str]:
    return set(likert(instrument).filter(audience=audience).values_list("dimension__code", flat=True))


# Content


def test_dimension_codes_and_levels(db):
    assert dict(Dimension.objects.values_list("code", "level")) == DIMENSIONS
    assert all(name.strip() for name in Dimension.objects.values_list("name", flat=True))


def test_builtin_instrument_is_loaded_published_and_versioned(instrument):
    assert instrument.code == BUILTIN_CODE == "CCM"
    assert instrument.version in (1, 2)
    assert instrument.status == Instrument.Status.PUBLISHED
    assert instrument.is_published
    assert instrument.published_at is not None
    assert list(Instrument.objects.filter(code="CCM").order_by("version").values_list("version", flat=True)) == [1, 2]
    assert latest_builtin_instrument().version == 2


def test_database_matches_the_shipped_file(instrument):
    data = read_builtin(instrument.version)
    stored = {item.code: item for item in Item.objects.filter(instrument=instrument).select_related("dimension")}
    assert set(stored) == {i["code"] for i in data["items"]}
    for i in data["items"]:
        item = stored[i["code"]]
        assert item.audience == i["audience"]
        assert item.type == i["type"]
        assert item.reverse == i["reverse"]
        assert item.required == i["required"]
        assert (item.dimension.code if item.dimension else None) == i["dimension"]
        assert item.text == i["text"]
        assert item.mirrors == i.get("mirrors", [])
        assert item.shown_if == i.get("shown_if")
    assert Section.objects.filter(instrument=instrument).count() == len(data["sections"])


def test_management_is_asked_every_dimension(instrument):
    assert asked(instrument, "management") == set(DIMENSIONS)


def test_customers_are_not_asked_investment(instrument):
    customers = asked(instrument, "customers")
    assert "L1.INVEST" not in customers
    assert customers  # but they are asked plenty else
    assert {"L1.VISIBLE", "L1.SKILLS", "L3.SPEED", "L3.DELIGHT"} <= customers


def test_every_audience_is_asked_speed(instrument):
    for audience in AUDIENCES:
        assert "L3.SPEED" in asked(instrument, audience), audience


def test_every_dimension_is_asked_of_some_stakeholder_group(instrument):
    stakeholders = set().union(*(asked(instrument, a) for a in AUDIENCES if a != "management"))
    assert stakeholders == set(DIMENSIONS)


def test_at_least_three_likert_items_per_dimension_and_audience_asked(instrument):
    counts = Counter(likert(instrument).values_list("dimension__code", "audience"))
    assert counts
    short = {key: n for key, n in counts.items() if n < 3}
    assert short == {}
    assert len({audience for _, audience in counts}) == 5


def test_likert_items_have_dimension_and_code_matching_audience(instrument):
    for item in likert(instrument):
        assert item.dimension is not None
        assert item.code.startswith(f"{PREFIX[item.audience]}.{item.dimension.code}."), item.code
        assert item.section.audience == item.audience
        assert item.section.instrument_id == instrument.pk


def test_some_items_are_reverse_worded(instrument):
    reverse = Item.objects.filter(instrument=instrument, reverse=True)
    assert reverse.count() >= 5
    assert set(reverse.values_list("type", flat=True)) == {"likert5"}
    assert reverse.filter(code="CUS.L1.SKILLS.3").exists()


def test_nps_for_customers_and_enps_for_employees(instrument):
    nps = Item.objects.filter(instrument=instrument, type=Item.Type.NPS)
    assert nps.filter(audience="customers").count() == 1
    assert nps.filter(audience="employees").count() == 1
    assert nps.filter(code="CUS.NPS", audience="customers").exists()
    assert all(item.dimension_id is None for item in nps)


def test_optional_segment_questions_for_customers(instrument):
    segments = Item.objects.filter(instrument=instrument).exclude(segment="")
    assert segments.count() == 5
    assert set(segments.values_list("audience", flat=True)) == {"customers"}
    assert set(segments.values_list("segment", flat=True)) == SEGMENTS
    for item in segments:
        assert item.required is False, item.code
        assert item.type == Item.Type.SINGLE
        assert item.choices and all(c["value"] and c["label"] for c in item.choices)
    customer_type = segments.get(segment="customer_type")
    assert customer_type.code == "CUS.SEG.CUSTOMER_TYPE"
    assert [c["value"] for c in customer_type.choices] == ["individual", "organisation", "government"]


def test_one_free_text_question_per_audience(instrument):
    texts = Item.objects.filter(instrument=instrument, type=Item.Type.TEXT)
    assert Counter(texts.values_list("audience", flat=True)) == {audience: 1 for audience in AUDIENCES}
    assert not texts.filter(required=True).exists()


# Published versions are frozen


def test_published_item_cannot_be_saved(instrument):
    item = Item.objects.get(instrument=instrument, code="CUS.L1.VISIBLE.1")
    original = item.text
    item.text = "Changed after publication"
    with pytest.raises(ValidationError):
        item.save()
    assert Item.objects.get(pk=item.pk).text == original


def test_published_item_cannot_be_deleted(instrument):
    item = Item.objects.get(instrument=instrument, code="MAN.L1.INVEST.2")
    with pytest.raises(ValidationError):
        item.delete()
    assert Item.objects.filter(pk=item.pk).exists()


def test_new_item_cannot_be_added_to_published_instrument(instrument):
    section = Section.objects.filter(instrument=instrument, audience="customers").first()
    before = Item.objects.filter(instrument=instrument).count()
    with pytest.raises(ValidationError):
        Item(
            instrument=instrument,
            section=section,
            code="CUS.NEW",
            audience="customers",
            type=Item.Type.TEXT,
            text="New question",
            position=999,
        ).save()
    assert Item.objects.filter(instrument=instrument).count() == before


def test_published_section_cannot_be_saved_or_deleted(instrument):
    section = Section.objects.filter(instrument=instrument, audience="customers").order_by("position").first()
    original = section.title
    section.title = "Changed"
    with pytest.raises(ValidationError):
        section.save()
    with pytest.raises(ValidationError):
        section.delete()
    section.refresh_from_db()
    assert section.title == original


def test_draft_version_copies_the_published_one(instrument):
    original_items = Item.objects.filter(instrument=instrument).count()
    original_sections = Section.objects.filter(instrument=instrument).count()

    draft = create_draft_instrument(source=instrument)

    assert draft.pk != instrument.pk
    assert draft.code == instrument.code
    assert draft.version == 3  # after the shipped versions 1 and 2
    assert draft.status == Instrument.Status.DRAFT
    assert draft.published_at is None
    assert Item.objects.filter(instrument=draft).count() == original_items
    assert Section.objects.filter(instrument=draft).count() == original_sections
    # Same content, each item in the copy's own matching section.
    old = {i.code: i for i in Item.objects.filter(instrument=instrument).select_related("section")}
    for item in Item.objects.filter(instrument=draft).select_related("section"):
        source = old[item.code]
        assert (item.audience, item.type, item.dimension_id, item.reverse, item.segment, item.choices, item.text) == (
            source.audience,
            source.type,
            source.dimension_id,
            source.reverse,
            source.segment,
            source.choices,
            source.text,
        )
        assert item.section.instrument_id == draft.pk
        assert (item.section.audience, item.section.key) == (source.section.audience, source.section.key)
    # The source is untouched, and a draft does not change the version new campaigns use.
    instrument.refresh_from_db()
    assert instrument.status == Instrument.Status.PUBLISHED
    assert Item.objects.filter(instrument=instrument).count() == original_items
    assert latest_builtin_instrument().version == 2


def test_draft_items_and_sections_can_be_edited(instrument):
    draft = create_draft_instrument(source=instrument)
    item = Item.objects.get(instrument=draft, code="CUS.L1.VISIBLE.1")
    item.text = "Reworded in the draft"
    item.save()
    assert Item.objects.get(pk=item.pk).text == "Reworded in the draft"
    assert Item.objects.get(instrument=instrument, code="CUS.L1.VISIBLE.1").text != "Reworded in the draft"

    section = Section.objects.filter(instrument=draft).first()
    section.title = "New title"
    section.save()
    assert Section.objects.get(pk=section.pk).title == "New title"

    gone = Item.objects.get(instrument=draft, code="CUS.TEXT")
    gone.delete()
    assert not Item.objects.filter(instrument=draft, code="CUS.TEXT").exists()
    assert Item.objects.filter(instrument=instrument, code="CUS.TEXT").exists()


def test_publishing_a_draft_freezes_it(instrument):
    draft = create_draft_instrument(source=instrument)
    publish_instrument(instrument=draft)
    draft.refresh_from_db()
    assert draft.status == Instrument.Status.PUBLISHED
    assert draft.published_at is not None
    assert latest_builtin_instrument().pk == draft.pk

    item = Item.objects.get(instrument=draft, code="CUS.L1.VISIBLE.1")
    item.text = "Too late"
    with pytest.raises(ValidationError):
        item.save()
    with pytest.raises(ValidationError):
        item.delete()
    assert Item.objects.get(pk=item.pk).text != "Too late"


def test_a_second_draft_gets_the_next_version(instrument):
    first = create_draft_instrument(source=instrument)
    second = create_draft_instrument(source=instrument)
    assert (first.version, second.version) == (3, 4)


# Database constraints


@pytest.fixture
def draft(instrument) -> Instrument:
    return create_draft_instrument(source=instrument)


def _new_item(draft: Instrument, **fields) -> Item:
    section = Section.objects.filter(instrument=draft, audience="customers").order_by("position").first()
    values = {
        "instrument": draft,
        "section": section,
        "code": "CUS.EXTRA",
        "audience": "customers",
        "type": Item.Type.TEXT,
        "text": "An extra question",
        "position": 9999,
    }
    values.update(fields)
    return Item(**values)


def test_duplicate_item_code_in_one_instrument(draft):
    before = Item.objects.filter(instrument=draft).count()
    with pytest.raises(IntegrityError), transaction.atomic():
        _new_item(draft, code="CUS.L1.VISIBLE.1").save()
    assert Item.objects.filter(instrument=draft).count() == before
    # A new code is fine.
    _new_item(draft, code="CUS.EXTRA").save()
    assert Item.objects.filter(instrument=draft).count() == before + 1


def test_likert_item_needs_a_dimension(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        _new_item(draft, type=Item.Type.LIKERT5, dimension=None).save()


def test_only_likert_items_can_be_reverse(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        _new_item(draft, type=Item.Type.NPS, reverse=True).save()


def test_instrument_version_is_unique_per_code(instrument):
    with pytest.raises(IntegrityError), transaction.atomic():
        Instrument.objects.create(code=instrument.code, version=instrument.version, title="Clash")


def test_published_instrument_needs_a_date(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Instrument.objects.create(code="X", version=1, title="No date", status=Instrument.Status.PUBLISHED)


def test_dimension_level_is_1_to_3(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Dimension.objects.create(code="L4.NOPE", level=4, name="Too high")
