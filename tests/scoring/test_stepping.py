"""Rule 4 over time: figures shown move on only in steps of the threshold, or when the campaign closes."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.scoring import group_input_from_data, group_input_to_data, moves_on

from .test_properties import assessments


@settings(max_examples=200, deadline=None, database=None)
@given(st.integers(0, 500), st.integers(0, 500), st.integers(3, 20))
def test_two_successive_figures_of_an_open_campaign_differ_by_at_least_the_threshold(live, shown, threshold) -> None:
    due = moves_on(live_responses=live, shown_responses=shown, threshold=threshold, closed=False)
    assert due == (abs(live - shown) >= threshold)


def test_the_first_figures_wait_for_the_threshold() -> None:
    assert not moves_on(live_responses=4, shown_responses=None, threshold=5, closed=False)
    assert moves_on(live_responses=5, shown_responses=None, threshold=5, closed=False)


def test_a_closed_campaign_shows_every_response() -> None:
    assert moves_on(live_responses=6, shown_responses=5, threshold=5, closed=True)
    assert moves_on(live_responses=0, shown_responses=None, threshold=5, closed=True)
    assert not moves_on(live_responses=6, shown_responses=6, threshold=5, closed=True)


@settings(max_examples=100, deadline=None, database=None)
@given(assessments())
def test_a_group_input_survives_a_round_trip_through_json(groups) -> None:
    for group in groups:
        stored = json.loads(json.dumps(group_input_to_data(group)))
        assert group_input_from_data(stored) == group


def test_a_threshold_changed_since_applies_to_the_stored_figures() -> None:
    from assessment.scoring import GroupInput

    stored = group_input_to_data(GroupInput(group="customers", responses=6, anonymity_threshold=5))
    assert not group_input_from_data(stored).suppressed
    assert group_input_from_data(stored, anonymity_threshold=8).suppressed
