"""Benchmarks across a consultancy's clients: hidden with four other clients, shown with five (issue 12)."""

import pytest

from assessment.assessments.services import create_assessment
from assessment.models import Consultancy, Organisation
from assessment.results.benchmarks import benchmark, percentile
from assessment.results.selectors import assessment_result
from assessment.results.services import publish_result

from ..factories import submit_many

pytestmark = pytest.mark.django_db


def test_percentile_counts_ties_as_half():
    assert percentile(50, [10, 20, 50, 80]) == pytest.approx(62.5)  # 2 below + 1 tie / 2, of 4
    assert percentile(5, [10, 20]) == 0.0
    assert percentile(90, [10, 20]) == 100.0


def make_client(consultancy, name: str, mean: float, seed: int):
    organisation = Organisation.objects.create(name=name, consultancy=consultancy)
    assessment = create_assessment(organisation=organisation, title="2026")
    submit_many(assessment, "employees", 6, mean=mean, seed=seed)
    publish_result(assessment=assessment)
    return assessment


@pytest.fixture
def consultancy(organisation):
    consultancy = Consultancy.objects.create(name="Clearview")
    organisation.consultancy = consultancy
    organisation.save()
    return consultancy


def test_hidden_with_four_other_clients_and_shown_with_five(consultancy, assessment):
    submit_many(assessment, "employees", 6, mean=3.8, seed=1)
    for n in range(4):
        make_client(consultancy, f"Client {n}", mean=2.5 + n * 0.3, seed=10 + n)
    result = assessment_result(assessment)
    assert benchmark(assessment, result) is None
    make_client(consultancy, "Client 4", mean=4.6, seed=20)
    shown = benchmark(assessment, result)
    assert shown is not None and shown.other_clients == 5
    assert set(shown.dimensions) == set(result.stakeholder)
    assert all(0 <= p <= 100 for p in shown.dimensions.values())
    # Higher than the four weaker clients and lower than the strongest on most dimensions: about 80.
    assert 60 <= sum(shown.dimensions.values()) / len(shown.dimensions) <= 100


def test_other_consultancies_and_the_client_itself_never_count(consultancy, assessment):
    submit_many(assessment, "employees", 6, mean=3.8, seed=1)
    publish_result(assessment=assessment)
    rival = Consultancy.objects.create(name="Rival Advisers")
    for n in range(5):
        make_client(rival, f"Rival client {n}", mean=3.0, seed=30 + n)
    for n in range(4):
        make_client(consultancy, f"Client {n}", mean=3.0, seed=40 + n)
    assert benchmark(assessment, assessment_result(assessment)) is None
