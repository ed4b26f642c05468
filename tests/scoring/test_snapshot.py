"""A published result is stored as JSON data and read back unchanged."""

import json

import pytest
from hypothesis import given, settings

from assessment.scoring import result_from_data, result_to_data

from .helpers import score
from .test_properties import assessments, scoring_settings


@settings(max_examples=100, deadline=None, database=None)
@given(assessments(), scoring_settings())
def test_a_result_survives_a_round_trip_through_json(groups, scoring) -> None:
    result = score(groups, scoring)
    stored = json.loads(json.dumps(result_to_data(result)))
    assert result_from_data(stored) == result


def test_an_unknown_format_is_refused() -> None:
    data = result_to_data(score([]))
    data["format"] = 99
    with pytest.raises(ValueError, match="unknown snapshot format 99"):
        result_from_data(data)
