"""Content checks on the built-in instrument, version 2 (standard library only: no Django, no database).

Version 2 exists to fix version 1's content: every management statement mirrors stakeholder statements about
the same behaviour, each audience is asked only what it can judge, and customers' complaint questions sit behind
a filter question. These tests check mechanically what can be checked; one claim per item cannot be, and is left
to review.

Run alone with: .venv/bin/python -m pytest tests/instruments/test_builtin_v2.py -q -p no:django --noconftest
(--noconftest because tests/conftest.py needs Django, PostgreSQL and Redis, which these checks do not).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
V2 = ROOT / "assessment/instruments/data/instrument_v2.json"
V1_CANDIDATES = (ROOT / "assessment/data/instrument_v1.json", ROOT / "assessment/instruments/data/instrument_v1.json")

# PRODUCT.md section 3, in order.
DIMENSIONS = [
    ("L1.LEAD", 1),
    ("L1.INVEST", 1),
    ("L1.VISIBLE", 1),
    ("L1.SKILLS", 1),
    ("L1.INTERNAL", 1),
    ("L1.AWARE", 1),
    ("L1.VALUE", 1),
    ("L2.TRAINING", 2),
    ("L2.LEARNING", 2),
    ("L2.PROFESSION", 2),
    ("L2.SEGMENTS", 2),
    ("L3.STRUCTURE", 3),
    ("L3.CONVENIENCE", 3),
    ("L3.SPEED", 3),
    ("L3.DELIGHT", 3),
    ("L3.PARTNERSHIP", 3),
]
AUDIENCES = ["customers", "partners", "employees", "shareholders", "management"]
STAKEHOLDERS = [a for a in AUDIENCES if a != "management"]
PREFIX = {"customers": "CUS", "partners": "PAR", "employees": "EMP", "shareholders": "SHA", "management": "MAN"}
TYPES = {"likert5", "nps", "single", "multi", "text"}
ITEM_KEYS = {
    "code",
    "audience",
    "section",
    "dimension",
    "type",
    "reverse",
    "required",
    "segment",
    "choices",
    "text",
    "mirrors",
    "shown_if",
}
SEGMENTS = {"customer_type", "age_band", "gender", "purchase_frequency", "socio_economic"}
MAX_TEXT = 160


def _load(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="module")
def data() -> dict:
    return _load(V2)


@pytest.fixture(scope="module")
def v1() -> dict:
    for path in V1_CANDIDATES:
        if path.exists():
            return _load(path)
    raise AssertionError(f"instrument_v1.json not found in {[str(p) for p in V1_CANDIDATES]}")


@pytest.fixture(scope="module")
def items(data) -> list[dict]:
    return data["items"]


@pytest.fixture(scope="module")
def by_code(items) -> dict[str, dict]:
    return {i["code"]: i for i in items}


@pytest.fixture(scope="module")
def likert(items) -> list[dict]:
    return [i for i in items if i["type"] == "likert5"]


@pytest.fixture(scope="module")
def section_index(data) -> dict[tuple[str, str], int]:
    """(audience, key) -> the section's page number within its audience, from 1."""
    index, counts = {}, Counter()
    for s in data["sections"]:
        counts[s["audience"]] += 1
        index[s["audience"], s["key"]] = counts[s["audience"]]
    return index


def asked(likert_items: list[dict], audience: str) -> set[str]:
    return {i["dimension"] for i in likert_items if i["audience"] == audience}


# --------------------------------------------------------------------------- top level and schema


def test_top_level(data):
    assert data["code"] == "CCM"
    assert data["version"] == 2
    assert data["title"].strip()
    assert data["description"].strip()
    assert set(data) >= {"code", "version", "title", "description", "dimensions", "levels", "sections", "items"}


def test_dimensions_in_product_order_with_levels_and_plain_names(data):
    assert [(d["code"], d["level"]) for d in data["dimensions"]] == DIMENSIONS
    codes = {code for code, _ in DIMENSIONS}
    for d in data["dimensions"]:
        assert d["name"].strip() and d["description"].strip(), d["code"]
        assert d["name"] not in codes and not re.search(r"L[123]\.[A-Z]", d["name"]), d["name"]


def test_levels(data):
    assert [lv["level"] for lv in data["levels"]] == [1, 2, 3]
    assert all(lv["name"].strip() and lv["description"].strip() for lv in data["levels"])
    assert data["levels"][2]["name"] == "Customer service centre"
    assert "whole organisation built around the customer" in data["levels"][2]["description"]


def test_item_keys_and_types(items):
    for i in items:
        assert set(i) == ITEM_KEYS, i["code"]
        assert i["audience"] in AUDIENCES, i["code"]
        assert i["type"] in TYPES, i["code"]
        assert isinstance(i["mirrors"], list), i["code"]
        assert i["text"].strip(), i["code"]


def test_codes_unique(items):
    counts = Counter(i["code"] for i in items)
    assert [code for code, n in counts.items() if n > 1] == []


def test_sections_unique_per_audience_and_every_item_in_one(data, items, section_index):
    keys = [(s["audience"], s["key"]) for s in data["sections"]]
    assert len(keys) == len(set(keys))
    assert all(s["title"].strip() for s in data["sections"])
    for i in items:
        assert (i["audience"], i["section"]) in section_index, i["code"]
    used = {(i["audience"], i["section"]) for i in items}
    assert used == set(keys), "every section holds at least one item"


def test_sections_appear_in_page_order(items, section_index):
    """Items are listed page by page, so the file's order is the respondent's order."""
    last: dict[str, int] = {}
    for i in items:
        page = section_index[i["audience"], i["section"]]
        assert page >= last.get(i["audience"], 0), i["code"]
        last[i["audience"]] = page


def test_likert_items_have_a_dimension_and_a_matching_code(likert, items):
    dimensions = {code for code, _ in DIMENSIONS}
    for i in likert:
        assert i["dimension"] in dimensions, i["code"]
        assert re.fullmatch(rf"{PREFIX[i['audience']]}\.{re.escape(i['dimension'])}\.\d+", i["code"]), i["code"]
        assert i["choices"] is None, i["code"]
    for i in items:
        if i["type"] != "likert5":
            assert i["dimension"] is None, i["code"]
            assert i["reverse"] is False, i["code"]
            assert i["code"].startswith(PREFIX[i["audience"]] + "."), i["code"]


def test_texts_short_with_valid_placeholders(items, data):
    for i in items:
        assert len(i["text"]) <= MAX_TEXT, i["code"]
        assert re.sub(r"\{organisation\}", "", i["text"]).count("{") == 0, i["code"]
        assert "  " not in i["text"], i["code"]
    for s in data["sections"]:
        # Section intros are shown as they are, without the organisation's name filled in.
        assert "{" not in s["title"] + s.get("intro", ""), s["key"]


# --------------------------------------------------------------------------- coverage


def test_at_least_three_likert_items_per_audience_and_dimension_asked(likert):
    counts = Counter((i["audience"], i["dimension"]) for i in likert)
    assert {pair: n for pair, n in counts.items() if n < 3} == {}


def test_management_is_asked_every_dimension(likert):
    assert asked(likert, "management") == {code for code, _ in DIMENSIONS}


def test_every_dimension_is_asked_of_some_stakeholder_group(likert):
    stakeholders = set().union(*(asked(likert, a) for a in STAKEHOLDERS))
    assert stakeholders == {code for code, _ in DIMENSIONS}


def test_customers_are_not_asked_what_they_cannot_judge(likert):
    assert not asked(likert, "customers") & {"L1.INVEST", "L1.INTERNAL"}


def test_every_audience_is_asked_speed(likert):
    for audience in AUDIENCES:
        assert "L3.SPEED" in asked(likert, audience), audience


# --------------------------------------------------------------------------- mirrors


def test_every_management_likert_item_mirrors_stakeholder_items_of_its_dimension(likert, by_code):
    for i in likert:
        if i["audience"] != "management":
            continue
        assert i["mirrors"], f"{i['code']} mirrors nothing"
        assert len(i["mirrors"]) == len(set(i["mirrors"])), i["code"]
        for code in i["mirrors"]:
            assert code in by_code, f"{i['code']} mirrors unknown {code}"
            mirrored = by_code[code]
            assert mirrored["audience"] in STAKEHOLDERS, f"{i['code']} mirrors {code} of {mirrored['audience']}"
            assert mirrored["type"] == "likert5", f"{i['code']} mirrors {code}, a {mirrored['type']} item"
            assert mirrored["dimension"] == i["dimension"], f"{i['code']} mirrors {code} of another dimension"


def test_mirrors_are_empty_outside_management_likert_items(items):
    for i in items:
        if i["audience"] != "management" or i["type"] != "likert5":
            assert i["mirrors"] == [], i["code"]


# --------------------------------------------------------------------------- filter questions


def test_shown_if_refers_to_an_earlier_single_item_of_the_same_audience(items, by_code, section_index):
    for i in items:
        condition = i["shown_if"]
        if condition is None:
            continue
        assert set(condition) == {"item", "values"}, i["code"]
        assert condition["item"] in by_code, i["code"]
        filter_item = by_code[condition["item"]]
        assert filter_item["type"] == "single", i["code"]
        assert filter_item["audience"] == i["audience"], i["code"]
        assert (
            section_index[filter_item["audience"], filter_item["section"]] < section_index[i["audience"], i["section"]]
        ), f"{i['code']} must come in a later section than {filter_item['code']}"
        assert condition["values"], i["code"]
        allowed = {c["value"] for c in filter_item["choices"]}
        assert set(condition["values"]) <= allowed, i["code"]


def test_items_behind_a_filter_are_optional(items):
    for i in items:
        if i["shown_if"] is not None:
            assert i["required"] is False, i["code"]


def test_customers_have_a_complaint_filter(items, by_code):
    behind = [i for i in items if i["shown_if"] is not None]
    assert behind, "at least one item is behind a filter question"
    filters = {i["shown_if"]["item"] for i in behind}
    customer_filters = [by_code[code] for code in filters if by_code[code]["audience"] == "customers"]
    assert customer_filters
    for f in customer_filters:
        assert f["required"] is False
        assert f["dimension"] is None
        assert not f["segment"]
        assert {c["value"] for c in f["choices"]} == {"yes", "no"}
    assert any("complain" in i["text"].lower() for i in customer_filters)


# --------------------------------------------------------------------------- reverse items


def test_no_two_reverse_items_in_one_audience_and_dimension(likert):
    counts = Counter((i["audience"], i["dimension"]) for i in likert if i["reverse"])
    assert {pair: n for pair, n in counts.items() if n > 1} == {}


def test_about_fifteen_percent_of_likert_items_are_reverse_worded_in_every_audience(likert):
    share = sum(i["reverse"] for i in likert) / len(likert)
    assert 0.10 <= share <= 0.20, share
    for audience in AUDIENCES:
        assert any(i["reverse"] for i in likert if i["audience"] == audience), audience


# --------------------------------------------------------------------------- extras and segments


def test_nps_and_free_text(items):
    nps = {i["code"]: i for i in items if i["type"] == "nps"}
    assert {i["audience"] for i in nps.values()} == {"customers", "employees"}
    assert all(not i["required"] and i["dimension"] is None for i in nps.values())
    texts = defaultdict(list)
    for i in items:
        if i["type"] == "text":
            texts[i["audience"]].append(i)
    assert set(texts) == set(AUDIENCES)
    for audience, found in texts.items():
        assert len(found) == 1, audience
        assert found[0]["required"] is False, audience


def test_segment_questions_use_v1_values(items, v1):
    segment_items = {i["segment"]: i for i in items if i["segment"]}
    assert set(segment_items) == SEGMENTS
    v1_segments = {i["segment"]: i for i in v1["items"] if i.get("segment")}
    for segment, item in segment_items.items():
        assert item["audience"] == "customers", segment
        assert item["type"] == "single", segment
        assert item["required"] is False, segment
        assert item["dimension"] is None, segment
        assert [c["value"] for c in item["choices"]] == [c["value"] for c in v1_segments[segment]["choices"]], segment


def test_customers_profile_section_comes_last(data, items):
    customer_sections = [s["key"] for s in data["sections"] if s["audience"] == "customers"]
    profile = {i["section"] for i in items if i["segment"]}
    assert len(profile) == 1
    assert customer_sections[-1] == profile.pop()
    scored = {i["section"] for i in items if i["audience"] == "customers" and i["type"] == "likert5"}
    assert customer_sections[-1] not in scored


def test_first_section_of_each_audience_explains_dont_know(data):
    first = {}
    for s in data["sections"]:
        first.setdefault(s["audience"], s)
    assert set(first) == set(AUDIENCES)
    for audience, s in first.items():
        assert "Don't know / not applicable" in s["intro"], audience
