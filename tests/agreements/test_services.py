from datetime import date
from decimal import Decimal

import pytest

from agreements import services
from agreements.models import Agreement, Condition, Payment, QuarterlyReturn, TrajectoryYear
from agreements.services import AgreementDetails, ConditionDetails, ReturnSubmitted, TrajectoryFigures
from core.errors import Refused
from tests.factories import (
    AgreementFactory,
    ConditionFactory,
    ForecastFactory,
    ForecastYearFactory,
    LeadFactory,
    QuarterlyReturnFactory,
    TrajectoryYearFactory,
    UserFactory,
    WorkstreamFactory,
)
from workstreams.rag import Rag


@pytest.fixture
def user(db):
    return UserFactory(username="finance")


@pytest.fixture
def agreement(home):
    return AgreementFactory(plan=home.plan)


def figures(year, excluding="30000000", including="20000000", target="4000000"):
    return TrajectoryFigures(year, Decimal(excluding), Decimal(including), Decimal(target))


def test_it_creates_an_agreement_recorded_with_its_author(home, user):
    agreement = services.agreement_create(
        council=home.council,
        plan=home.plan,
        user=user,
        details=AgreementDetails(
            kind="safety_valve",
            title="Safety Valve",
            agreed_on=date(2024, 3, 15),
            first_year=2023,
            last_year=2028,
            dfe_contribution=Decimal("40000000"),
        ),
    )
    assert agreement.history.get().history_user == user


def test_it_refuses_a_plan_of_another_council(home, foreign, user):
    with pytest.raises(Refused, match="this council"):
        services.agreement_create(
            council=home.council,
            plan=foreign.plan,
            user=user,
            details=AgreementDetails("safety_valve", "SV", date(2024, 3, 15), 2023, 2028, Decimal(1)),
        )
    assert not Agreement.objects.exists()


def test_it_keeps_the_status_history(agreement, user):
    services.agreement_status_set(agreement=agreement, user=user, status="under_review", note="Q2 off track")
    services.agreement_status_set(agreement=agreement, user=user, status="extended")
    statuses = list(agreement.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == ["active", "under_review", "extended"]


def test_it_refuses_a_trajectory_year_outside_the_agreement(agreement, user):
    with pytest.raises(Refused, match="outside the agreement's term") as refused:
        services.trajectory_year_set(agreement=agreement, user=user, figures=figures(2030))
    assert refused.value.field == "financial_year"
    assert not TrajectoryYear.objects.exists()


def test_it_corrects_a_year_of_the_current_revision_in_place(agreement, user):
    services.trajectory_year_set(agreement=agreement, user=user, figures=figures(2024))
    services.trajectory_year_set(agreement=agreement, user=user, figures=figures(2024, excluding="31000000"))
    assert TrajectoryYear.objects.get().deficit_excluding_dfe == Decimal("31000000")


def test_a_revision_keeps_the_earlier_trajectory(agreement, user):
    TrajectoryYearFactory(agreement=agreement, financial_year=2024)
    revision = services.trajectory_revise(
        agreement=agreement, user=user, years=[figures(2024, excluding="35000000"), figures(2025)]
    )
    assert revision == 2
    assert TrajectoryYear.objects.filter(revision=1).count() == 1
    assert TrajectoryYear.objects.filter(revision=2).count() == 2
    assert TrajectoryYear.objects.get(revision=1).deficit_excluding_dfe == Decimal("30000000")


def test_a_refused_revision_saves_nothing(agreement, user):
    with pytest.raises(Refused):
        services.trajectory_revise(agreement=agreement, user=user, years=[figures(2024), figures(2040)])
    agreement.refresh_from_db()
    assert agreement.trajectory_revision == 1
    assert not TrajectoryYear.objects.exists()


def test_it_refuses_a_payment_larger_than_the_remaining_contribution(agreement, user):
    services.payment_record(
        agreement=agreement, user=user, kind="paid", on=date(2024, 3, 31), amount=Decimal("30000000")
    )
    with pytest.raises(Refused, match="more than the £10,000,000") as refused:
        services.payment_record(
            agreement=agreement, user=user, kind="backdated", on=date(2025, 3, 31), amount=Decimal("10000001")
        )
    assert refused.value.field == "amount"
    assert Payment.objects.count() == 1


def test_it_takes_the_last_pound_of_the_contribution(agreement, user):
    services.payment_record(
        agreement=agreement, user=user, kind="paid", on=date(2024, 3, 31), amount=Decimal("40000000")
    )
    assert Payment.objects.count() == 1


def test_it_refuses_withholding_more_than_is_still_to_come(agreement, user):
    services.payment_record(
        agreement=agreement, user=user, kind="paid", on=date(2024, 3, 31), amount=Decimal("36000000")
    )
    with pytest.raises(Refused):
        services.payment_record(
            agreement=agreement, user=user, kind="withheld", on=date(2025, 3, 31), amount=Decimal("4000001")
        )


def test_it_refuses_a_condition_without_owner(agreement, user):
    with pytest.raises(Refused, match="lead officer") as refused:
        services.condition_create(
            agreement=agreement, user=user, details=ConditionDetails(number=1, text="Balance", owner=None)
        )
    assert refused.value.field == "owner"
    assert not Condition.objects.exists()


def test_it_refuses_an_owner_or_workstream_of_another_council(agreement, foreign, user):
    with pytest.raises(Refused, match="lead officer of this council"):
        services.condition_create(
            agreement=agreement,
            user=user,
            details=ConditionDetails(number=1, text="x", owner=LeadFactory(council=foreign.council)),
        )
    with pytest.raises(Refused, match="workstreams"):
        services.condition_create(
            agreement=agreement,
            user=user,
            details=ConditionDetails(
                number=1,
                text="x",
                owner=LeadFactory(council=agreement.council),
                workstreams=(foreign.workstream,),
            ),
        )


def test_a_condition_links_the_workstreams_that_deliver_it(agreement, home, user):
    other = WorkstreamFactory(plan=home.plan, code="2")
    condition = services.condition_create(
        agreement=agreement,
        user=user,
        details=ConditionDetails(
            number=2, text="x", owner=LeadFactory(council=home.council), workstreams=(home.workstream, other)
        ),
    )
    assert set(condition.workstreams.all()) == {home.workstream, other}
    with pytest.raises(Refused, match="condition 2 already"):
        services.condition_create(
            agreement=agreement,
            user=user,
            details=ConditionDetails(number=2, text="y", owner=LeadFactory(council=home.council)),
        )


def test_an_overdue_condition_is_red_unless_a_reason_holds_its_rag(agreement, user):
    condition = ConditionFactory(agreement=agreement, due=date(2026, 11, 30))
    services.condition_update(condition=condition, user=user, rag=Rag.GREEN, commentary="Fine")
    condition.refresh_from_db()
    assert condition.effective_rag == Rag.RED
    services.condition_update(
        condition=condition, user=user, rag=Rag.GREEN, commentary="Fine", hold_reason="DfE agreed a delay"
    )
    condition.refresh_from_db()
    assert condition.effective_rag == Rag.GREEN


def test_it_refuses_a_return_submitted_twice(agreement, user):
    ret = QuarterlyReturnFactory(agreement=agreement)
    services.return_submit(quarterly_return=ret, user=user)
    snapshot = QuarterlyReturn.objects.get().snapshot
    with pytest.raises(ReturnSubmitted, match="submitted already"):
        services.return_submit(quarterly_return=ret, user=user)
    assert QuarterlyReturn.objects.get().snapshot == snapshot
    with pytest.raises(ReturnSubmitted):
        services.return_edit(quarterly_return=ret, user=user, narrative="later", risks="")


def test_a_submitted_return_is_frozen_against_later_changes(agreement, home, user):
    TrajectoryYearFactory(agreement=agreement, financial_year=2026, deficit_excluding_dfe=Decimal("30000000"))
    forecast = ForecastFactory(plan=home.plan, is_current=True, status="published")
    ForecastYearFactory(
        forecast=forecast, financial_year=2026, scenario="target", cumulative_deficit=Decimal("32000000")
    )
    condition = ConditionFactory(agreement=agreement, number=2)
    ret = QuarterlyReturnFactory(agreement=agreement)
    services.return_edit(quarterly_return=ret, user=user, narrative="Steady", risks="Demand")
    ret = services.return_submit(quarterly_return=ret, user=user)
    row = ret.snapshot["rows"][0]
    assert (row["forecast"], row["variance"], row["variance_percent"], row["track"]) == (
        "32000000.00",
        "2000000.00",
        "6.7",
        "Off track",
    )
    services.condition_update(condition=condition, user=user, rag=Rag.RED, commentary="Not on track")
    ret.refresh_from_db()
    assert ret.snapshot["conditions"][0]["rag"] == ""
    assert ret.snapshot["changes"] == ["This is the first return of this agreement."]


def test_the_next_return_says_what_changed(agreement, user):
    condition = ConditionFactory(agreement=agreement, number=2)
    services.return_submit(quarterly_return=QuarterlyReturnFactory(agreement=agreement, quarter=2), user=user)
    services.condition_update(condition=condition, user=user, rag=Rag.RED, commentary="Not on track")
    later = services.return_submit(quarterly_return=QuarterlyReturnFactory(agreement=agreement), user=user)
    assert "Condition 2: not rated to Red." in later.snapshot["changes"]


def test_it_refuses_a_second_return_for_the_same_quarter_or_a_year_outside_the_term(agreement, user):
    services.return_create(agreement=agreement, user=user, financial_year=2026, quarter=3)
    with pytest.raises(Refused, match="already"):
        services.return_create(agreement=agreement, user=user, financial_year=2026, quarter=3)
    with pytest.raises(Refused, match="outside"):
        services.return_create(agreement=agreement, user=user, financial_year=2031, quarter=1)
    assert QuarterlyReturn.objects.count() == 1


def test_a_lost_race_to_create_the_same_row_is_refused_not_a_500(agreement):
    from agreements.services import _save_once

    QuarterlyReturnFactory(agreement=agreement, financial_year=2026, quarter=3)
    twin = QuarterlyReturn(agreement=agreement, financial_year=2026, quarter=3)
    with pytest.raises(Refused, match="already"):
        _save_once(twin, "There is a return for 2026-27 quarter 3 already.")
    assert QuarterlyReturn.objects.count() == 1


def test_a_backdated_payment_releases_what_was_withheld(agreement, user):
    from agreements.selectors import payment_totals

    def pay(kind, amount):
        services.payment_record(
            agreement=agreement, user=user, kind=kind, on=date(2025, 3, 31), amount=Decimal(amount)
        )

    pay("paid", "30000000")
    pay("withheld", "5000000")
    with pytest.raises(Refused):
        pay("withheld", "5000001")  # only £5,000,000 is still to come and not withheld
    pay("backdated", "5000000")
    pay("withheld", "5000000")  # the next instalment can be withheld in its turn
    totals = payment_totals(agreement=agreement)
    assert (totals.received, totals.withheld, totals.still_withheld, totals.remaining) == (
        Decimal("35000000"),
        Decimal("10000000"),
        Decimal("5000000"),
        Decimal("5000000"),
    )
