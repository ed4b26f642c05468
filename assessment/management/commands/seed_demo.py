"""Demo organisation, users and responses; safe to run twice."""

from __future__ import annotations

import random
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from assessment.assessments.services import create_assessment
from assessment.campaigns.services import campaign_for_group
from assessment.instruments import texts
from assessment.instruments.selectors import questionnaire
from assessment.languages.services import set_language_of
from assessment.models import Action, Assessment, Consultancy, Item, Membership, Organisation
from assessment.responses.services import store_imported_responses
from assessment.results.selectors import assessment_result
from assessment.results.services import publish_result
from assessment.roadmap.services import create_action, update_action

ORGANISATION = "Northwind Services"
# A second client of the same consultancy, which works in Hungarian: the consultant switches between the two.
SECOND_CLIENT = "Duna Szerviz Kft."
SECOND_MANAGER = ("duna", "Manager at Duna Szerviz Kft., a second Clearview client; works in Hungarian")
CONSULTANCY = "Clearview Consulting"
PASSWORD = "demo-pass-2026"  # noqa: S105 - the demo's published password
USERS = [
    ("manager", "Demo manager: dashboard, assessments, self-assessment, campaigns", "manager"),
    ("director", "A second manager whose self-assessment is already in the demo data", "manager"),
    ("hr", "HR: employee campaigns only", "hr"),
    ("consultant", "Consultant at Clearview Consulting, which manages Northwind and Duna Szerviz", None),
]

# Believable mean answers (1-5) per group and dimension. Management rates itself higher than its
# stakeholders on leadership, speed and structure (blind spots); customers find the company slow
# and hard to deal with; organisations and individuals see segment service very differently.
PROFILES: dict[str, dict[str, float]] = {
    "management": {
        "L1.LEAD": 4.6,
        "L1.INVEST": 4.2,
        "L1.VISIBLE": 4.3,
        "L1.SKILLS": 4.2,
        "L1.INTERNAL": 3.9,
        "L1.AWARE": 4.3,
        "L1.VALUE": 3.4,
        "L2.TRAINING": 3.9,
        "L2.LEARNING": 3.6,
        "L2.PROFESSION": 4.0,
        "L2.SEGMENTS": 3.7,
        "L3.STRUCTURE": 3.9,
        "L3.CONVENIENCE": 3.7,
        "L3.SPEED": 4.1,
        "L3.DELIGHT": 3.8,
        "L3.PARTNERSHIP": 3.6,
    },
    "customers": {
        "L1.VISIBLE": 4.1,
        "L1.SKILLS": 4.2,
        "L1.VALUE": 3.9,
        "L2.LEARNING": 3.1,
        "L2.PROFESSION": 3.7,
        "L2.SEGMENTS": 3.2,
        "L3.STRUCTURE": 2.9,
        "L3.CONVENIENCE": 3.0,
        "L3.SPEED": 2.6,
        "L3.DELIGHT": 3.2,
    },
    "employees": {
        "L1.LEAD": 3.6,
        "L1.INVEST": 3.5,
        "L1.VISIBLE": 4.0,
        "L1.SKILLS": 4.1,
        "L1.INTERNAL": 3.7,
        "L1.AWARE": 4.2,
        "L2.TRAINING": 2.8,
        "L2.LEARNING": 3.0,
        "L2.PROFESSION": 3.5,
        "L2.SEGMENTS": 3.3,
        "L3.STRUCTURE": 2.8,
        "L3.CONVENIENCE": 3.1,
        "L3.SPEED": 2.9,
        "L3.DELIGHT": 3.2,
        "L3.PARTNERSHIP": 3.4,
    },
    "partners": {
        "L1.LEAD": 4.0,
        "L1.VISIBLE": 4.0,
        "L1.VALUE": 3.9,
        "L2.LEARNING": 3.2,
        "L2.PROFESSION": 3.8,
        "L3.STRUCTURE": 3.0,
        "L3.CONVENIENCE": 3.2,
        "L3.SPEED": 2.9,
        "L3.DELIGHT": 3.3,
        "L3.PARTNERSHIP": 3.0,
    },
    "shareholders": {
        "L1.LEAD": 4.1,
        "L1.INVEST": 3.9,
        "L1.VISIBLE": 4.0,
        "L1.VALUE": 3.6,
        "L2.TRAINING": 3.2,
        "L2.SEGMENTS": 3.3,
        "L3.SPEED": 3.0,
        "L3.DELIGHT": 3.4,
        "L3.PARTNERSHIP": 3.5,
    },
}
SIZES = {"management": 1, "customers": 150, "employees": 60, "partners": 12, "shareholders": 6}
# Customer-type effect on the dimensions where segments differ most (points on the 1-5 scale).
SEGMENT_EFFECT = {
    "organisation": {"L2.SEGMENTS": 1.0, "L3.SPEED": 0.5},
    "government": {"L2.SEGMENTS": -0.5, "L3.CONVENIENCE": -0.5},
    "individual": {},
}
SEGMENT_CHOICES = {
    "customer_type": (["individual", "organisation", "government"], [0.6, 0.3, 0.1]),
    "age_band": (["under_25", "25_34", "35_44", "45_54", "55_64", "65_plus"], [0.1, 0.2, 0.25, 0.2, 0.15, 0.1]),
    "gender": (["female", "male", "another"], [0.5, 0.47, 0.03]),
    "purchase_frequency": (
        ["first_time", "yearly_or_less", "few_times_a_year", "monthly", "weekly"],
        [0.1, 0.2, 0.35, 0.25, 0.1],
    ),
    "socio_economic": (["low", "lower_middle", "middle", "upper_middle", "high"], [0.1, 0.25, 0.35, 0.2, 0.1]),
}
PLAN = [("Head of customer service", "done"), ("HR director", "in_progress"), ("COO", "planned")]
# Open-text answers, several per group, so the report shows comments (it needs 10 per group).
COMMENTS = {
    "customers": [
        "Answer the phone faster.",
        "Staff are friendly but decisions take too long.",
        "Please make it easier to reach the same person twice.",
        "The online order form keeps losing my basket.",
        "Delivery was on time, but nobody told me when it would come.",
        "I had to explain my problem three times to three people.",
        "Good advice in the shop, slow answers by e-mail.",
        "Invoices are hard to read.",
        "They fixed my complaint quickly this time. Thank you.",
        "Opening hours do not suit people who work.",
        "",
    ],
    "employees": [
        "We need more time for training, not only for new staff.",
        "Other departments answer our questions too slowly.",
        "I would like to see what happens to customer complaints after we pass them on.",
        "Managers say customers come first, but targets say otherwise.",
        "Give front-line staff the authority to solve small problems on the spot.",
        "Our systems make customers wait while we search for their history.",
        "The new service standards help; please keep them simple.",
        "Share good customer feedback with the whole team, not only the bad.",
        "",
    ],
    "partners": ["Faster re-orders would help us most.", "One named contact would make things easier.", ""],
    "shareholders": ["Show how service spending pays back.", ""],
    "management": ["Our speed of response is the first thing to fix.", ""],
}
# Share of customers who say they complained in the last year (version 2's filter question).
COMPLAINED = 0.3


class Command(BaseCommand):
    help = "Create the demo organisation, users and responses (safe to run twice)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            organisation, users = self._organisation_and_users()
            previous = self._assessment(organisation, "2026 Q2", shift=-0.25, seed=2, manager=users["director"])
            current = self._assessment(organisation, "2026 Q4", shift=0.0, seed=4, manager=users["director"])
            self._earlier_actions(previous)
            # The earlier round was handed to the client: its report is a published snapshot.
            if not previous.published.exists():
                publish_result(assessment=previous, published_by=users["consultant"])
            second, duna = self._second_client(organisation.consultancy)
            second_round = self._assessment(second, "2026 ősz", shift=0.35, seed=7, manager=duna)
            if not second_round.published.exists():
                publish_result(assessment=second_round, published_by=users["consultant"])
        self.stdout.write(f"Demo logins (password for all: {PASSWORD}):")
        for username, description in [(u, d) for u, d, _ in USERS] + [SECOND_MANAGER]:
            self.stdout.write(f"  {username:<11} {description}")
        self.stdout.write(f"Demo assessments of {organisation.name}:")
        for assessment in (current, previous):
            self.stdout.write(f"  {assessment.title}  id={assessment.pk}")
        self.stdout.write(f"Demo assessment of {second.name}: {second_round.title}  id={second_round.pk}")

    def _earlier_actions(self, assessment: Assessment) -> None:
        """The earlier round's action plan, so the current report shows actions re-measured."""
        result = assessment_result(assessment, live=True)
        improve = [step for step in result.roadmap if step.kind == "improve"]
        for step, (owner, status) in zip(improve, PLAN, strict=False):
            if not Action.objects.filter(assessment=assessment, dimension__code=step.dimension).exists():
                action = create_action(
                    assessment=assessment,
                    dimension_code=step.dimension,
                    title=texts.recommendation(step.dimension)["title"],
                    owner=owner,
                    stage=step.stage,
                    baseline_score=step.score,
                )
                update_action(action=action, owner=owner, due_date=None, status=status)

    def _organisation_and_users(self) -> tuple[Organisation, dict[str, Any]]:
        consultancy, _ = Consultancy.objects.get_or_create(name=CONSULTANCY, defaults={"brand_colour": "#1b6ec2"})
        organisation, _ = Organisation.objects.get_or_create(name=ORGANISATION, defaults={"consultancy": consultancy})
        User = get_user_model()
        users = {}
        for username, _, role in USERS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@northwind.example"}
            )
            if created:
                user.set_password(PASSWORD)
                user.save()
            users[username] = user
            if role:
                Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})
        consultancy.consultants.add(users["consultant"])
        return organisation, users

    def _second_client(self, consultancy: Consultancy | None) -> tuple[Organisation, Any]:
        organisation, _ = Organisation.objects.get_or_create(
            name=SECOND_CLIENT, defaults={"consultancy": consultancy, "language": "hu"}
        )
        username = SECOND_MANAGER[0]
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@duna.example"}
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": "manager"})
        set_language_of(user=user, language="hu")
        return organisation, user

    def _assessment(
        self, organisation: Organisation, title: str, *, shift: float, seed: int, manager: Any
    ) -> Assessment:
        assessment = Assessment.objects.filter(organisation=organisation, title=title).first()
        if assessment is None:
            assessment = create_assessment(organisation=organisation, title=title)
        rng = random.Random(seed)
        for group, size in SIZES.items():
            campaign = campaign_for_group(assessment=assessment, group=group)
            if campaign.responses.filter(submitted_at__isnull=False).exists():
                continue
            items = questionnaire(campaign.instrument_id, group).items
            rows = [respondent(rng, group, items, shift) for _ in range(size)]
            store_imported_responses(campaign=campaign, rows=rows)
            if group == "management":
                campaign.responses.update(respondent=manager)
        return assessment


def respondent(rng: random.Random, group: str, items: tuple[Item, ...], shift: float) -> dict[Item, Any]:
    """One plausible respondent: a personal leniency plus item noise around the group's profile."""
    profile = PROFILES[group]
    leniency = rng.gauss(0, 0.35)
    segments: dict[str, str] = {}
    row: dict[Item, Any] = {}
    filters = {item.shown_if["item"] for item in items if item.shown_if}
    for item in items:
        if item.segment:
            values, weights = SEGMENT_CHOICES[item.segment]
            segments[item.segment] = rng.choices(values, weights)[0]
            row[item] = segments[item.segment] if rng.random() > 0.08 else None
        elif item.code in filters:
            yes, no = (c["value"] for c in item.choices)
            row[item] = yes if rng.random() < COMPLAINED else no
    chosen = {item.code: value for item, value in row.items()}
    effect = SEGMENT_EFFECT.get(segments.get("customer_type", "individual"), {})
    # Each respondent sees each dimension a little better or worse than others do, and answers its items
    # consistently: the scales are reliable (Cronbach's alpha about 0.7 to 0.8), as real ones should be.
    opinion = {code: rng.gauss(0, 0.45) for code in profile}
    for item in items:
        if item.shown_if and chosen.get(item.shown_if["item"]) not in item.shown_if["values"]:
            continue  # behind a filter question this respondent answered otherwise
        if item.type == Item.Type.LIKERT5 and item.dimension:
            if rng.random() < 0.04:
                row[item] = "na"
                continue
            code = item.dimension.code
            mean = profile.get(code, 3.3) + shift + leniency + opinion.get(code, 0.0) + effect.get(code, 0.0)
            value = min(5, max(1, round(rng.gauss(mean, 0.55))))
            row[item] = str(6 - value if item.reverse else value)
        elif item.type == Item.Type.NPS:
            row[item] = str(min(10, max(0, round(rng.gauss(7 + 2 * leniency, 2)))))
        elif item.type == Item.Type.MULTI:
            row[item] = rng.sample([c["value"] for c in item.choices], k=rng.randint(1, 2))
        elif item.type == Item.Type.TEXT:
            row[item] = rng.choice(COMMENTS[group])
    return row
