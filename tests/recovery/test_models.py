from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from recovery.models import PlanStatus
from tests.factories import CouncilFactory, LeadFactory, MembershipFactory, PlanFactory, UserFactory


def test_it_allows_one_active_plan_per_council(db):
    council = CouncilFactory()
    PlanFactory(council=council, status=PlanStatus.ACTIVE)
    PlanFactory(council=council, status=PlanStatus.CLOSED, title="Old plan")
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(council=council, status=PlanStatus.ACTIVE, title="Second active plan")


def test_it_refuses_a_plan_ending_before_it_starts(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(first_year=2026, last_year=2024)


def test_it_refuses_a_success_rate_above_one(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(success_rate=Decimal("1.5"))


def test_it_labels_the_plan_period(db):
    assert PlanFactory(first_year=2019, last_year=2023).period_label == "2019-20 to 2023-24"


def test_it_allows_one_membership_per_user_and_council(db):
    user, council = UserFactory(), CouncilFactory()
    MembershipFactory(user=user, council=council)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(user=user, council=council)


def test_it_keeps_initials_unique_within_a_council_only(db):
    a, b = CouncilFactory(), CouncilFactory()
    LeadFactory(council=a, initials="LCJ")
    LeadFactory(council=b, initials="LCJ")
    with pytest.raises(IntegrityError), transaction.atomic():
        LeadFactory(council=a, initials="LCJ")


def test_it_records_history_of_changes(db):
    council = CouncilFactory(name="Rutland")
    council.name = "Rutland County Council"
    council.save()
    assert [h.name for h in council.history.order_by("history_date")] == ["Rutland", "Rutland County Council"]
