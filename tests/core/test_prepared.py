"""A query compiled once per connection and run with each call's values (core.prepared)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.prepared import Prepared
from recovery.models import PlanStatus, RecoveryPlan
from tests.factories import CouncilFactory, PlanFactory


def _plans(council_id, approved_after):
    return (
        RecoveryPlan.objects.filter(council_id=council_id, approved_on__gt=approved_after)
        .order_by("pk")
        .values_list("pk", "approved_on", "annual_investment")
    )


def test_it_reads_what_the_orm_reads_with_each_calls_values(db):
    prepared = Prepared(_plans, council_id=int, approved_after=date)
    home, other = CouncilFactory(), CouncilFactory()
    early = PlanFactory(council=home, approved_on=date(2024, 3, 1), annual_investment=Decimal("1250000.50"))
    late = PlanFactory(council=home, approved_on=date(2025, 3, 1), status=PlanStatus.DRAFT)
    PlanFactory(council=other, approved_on=date(2025, 3, 1))

    for council, after in ((home, date(2020, 1, 1)), (home, date(2024, 6, 1)), (other, date(2026, 1, 1))):
        with CaptureQueriesContext(connection) as queries:
            rows = prepared.rows(council_id=council.pk, approved_after=after)
        assert len(queries) == 1
        expected = list(_plans(council.pk, after))
        assert [tuple(row.values()) for row in rows] == expected  # dates and decimals converted
    assert [row["pk"] for row in prepared.rows(council_id=home.pk, approved_after=date(2020, 1, 1))] == [
        early.pk,
        late.pk,
    ]
    assert prepared.rows(council_id=home.pk, approved_after=date(2020, 1, 1))[0]["annual_investment"] == (
        Decimal("1250000.50")
    )
    assert isinstance(
        prepared.rows(council_id=home.pk, approved_after=date(2020, 1, 1))[0]["approved_on"], date
    )


def test_it_refuses_a_value_that_does_not_reach_the_parameters_as_it_is(db):
    prepared = Prepared(
        lambda council_id: RecoveryPlan.objects.filter(council_id__in=[council_id, 0]).values_list("pk"),
        council_id=int,
    )
    prepared.rows(council_id=1)  # a list: its items do reach the parameters (one placeholder each)
    shifted = Prepared(
        lambda day: RecoveryPlan.objects.filter(approved_on__gt=day + timedelta(days=1)).values_list("pk"),
        day=date,
    )
    with pytest.raises(ValueError, match="day does not reach"):
        shifted.rows(day=date(2025, 1, 1))
