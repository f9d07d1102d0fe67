"""dsg.services: recorded writes, and bad input refused with a message naming the field, nothing saved."""

from decimal import Decimal as D

import pytest

from core.errors import Refused
from dfe.services import release_import
from dsg.models import DsgLine, DsgTransfer
from dsg.services import (
    dsg_expenditure_from_s251,
    dsg_income_from_dfe,
    dsg_line_record,
    dsg_transfer_record,
)
from recovery.models import Council
from tests.dfe.conftest import fixture_bytes
from tests.factories import CouncilFactory, DsgTransferFactory, ForumMeetingFactory, PlanFactory, UserFactory


@pytest.fixture
def plan(db):
    return PlanFactory(council=CouncilFactory(slug="home"), first_year=2020, last_year=2028)


@pytest.fixture
def user(db):
    return UserFactory(username="finance")


def record(plan, user, **changes):
    values = {
        "council": plan.council,
        "user": user,
        "financial_year": 2024,
        "block": "high_needs",
        "position": "outturn",
        "income": D("5000000"),
        "expenditure": D("5600000"),
    }
    return dsg_line_record(**{**values, **changes})


def test_it_records_a_blocks_figures_with_who_changed_them(plan, user):
    line = record(plan, user, brought_forward=D("-1000000"))
    assert (line.income, line.expenditure, line.brought_forward) == (D(5000000), D(5600000), D(-1000000))
    assert line.history.first().history_user == user
    record(plan, user, expenditure=D("5700000"))
    assert DsgLine.objects.get().expenditure == D(5700000)
    assert DsgLine.objects.get().history.count() == 2


def test_saving_the_same_figures_again_adds_no_history(plan, user):
    record(plan, user)
    record(plan, user)
    assert DsgLine.objects.get().history.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"income": D("-1")}, "income", "High Needs income must not be negative"),
        ({"expenditure": D("-1")}, "expenditure", "High Needs expenditure must not be negative"),
        ({"financial_year": 2019}, "financial_year", "2019-20 is outside the plan (2020-21 to 2028-29)"),
        ({"financial_year": 2029}, "financial_year", "2029-30 is outside the plan"),
        ({"position": "unmitigated"}, "position", "2024-25 has ended: record its outturn"),
        ({"financial_year": 2027}, "position", "2027-28 has not ended"),
        ({"block": "sixth_form"}, "block", "Choose a block"),
        ({"income_basis": "guess"}, "income_basis", "Choose the basis"),
        (
            {"in_year": D("-500000")},
            "in_year",
            "High Needs does not balance: income £5,000,000, transfers £0 and expenditure £5,600,000 give an "
            "in-year position of −£600,000, not −£500,000",
        ),
    ],
)
def test_it_refuses_bad_figures_and_saves_nothing(plan, user, changes, field, message):
    with pytest.raises(Refused) as refused:
        record(plan, user, **changes)
    assert refused.value.field == field and message in str(refused.value)
    assert not DsgLine.objects.exists()


def test_the_in_year_check_counts_the_blocks_transfers(plan, user):
    DsgTransferFactory(council=plan.council, financial_year=2024, amount=D("100000"))
    line = record(plan, user, in_year=D("-500000"))
    assert line.pk


def transfer(plan, user, **changes):
    values = {
        "council": plan.council,
        "user": user,
        "financial_year": 2024,
        "from_block": "schools",
        "to_block": "high_needs",
        "amount": D("250000"),
        "meeting": ForumMeetingFactory(council=plan.council),
    }
    return dsg_transfer_record(**{**values, **changes})


def test_it_records_a_transfer_on_a_forum_decision(plan, user):
    moved = transfer(plan, user, note="Agreed 0.5%")
    assert (moved.from_block, moved.to_block, moved.amount, moved.note) == (
        "schools", "high_needs", D(250000), "Agreed 0.5%",
    )  # fmt: skip
    assert moved.history.first().history_user == user


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"to_block": None}, "to_block", "A transfer needs its counterpart"),
        ({"to_block": "schools"}, "to_block", "between two blocks"),
        ({"amount": D("0")}, "amount", "more than £0"),
        ({"meeting": None}, "meeting", "Choose the Schools Forum meeting"),
        ({"financial_year": 2035}, "financial_year", "outside the plan"),
    ],
)
def test_it_refuses_a_bad_transfer_and_saves_nothing(plan, user, changes, field, message):
    with pytest.raises(Refused) as refused:
        transfer(plan, user, **changes)
    assert refused.value.field == field and message in str(refused.value)
    assert not DsgTransfer.objects.exists()


def test_it_refuses_another_councils_forum_meeting(plan, user):
    with pytest.raises(Refused, match="not one of this council's"):
        transfer(plan, user, meeting=ForumMeetingFactory())
    assert not DsgTransfer.objects.exists()


def test_it_fills_income_from_the_real_dsg_allocations(db, user):
    """Rutland, 2020-21, from the DfE's dedicated-schools-grant_2021_11_18.ods (fixtures/dfe)."""
    release_import(data=fixture_bytes("la_codes.csv"), file_name="la_codes.csv", user=None)
    name = "dedicated-schools-grant_2021_11_18.ods"
    release_import(data=fixture_bytes(name), file_name=name, user=None)
    rutland = Council.objects.get(la_code="857")
    PlanFactory(council=rutland, first_year=2019, last_year=2023)
    changed = dsg_income_from_dfe(council=rutland, user=user, financial_year=2020)
    assert len(changed) == 4
    income = dict(DsgLine.objects.filter(council=rutland).values_list("block", "income"))
    assert income == {
        "schools": D("1973245"),  # 7,946,484 after recoupment and deductions less the other three
        "central": D("166489"),
        "early_years": D("1816387"),
        "high_needs": D("3990363"),
    }
    assert set(DsgLine.objects.values_list("income_basis", flat=True)) == {"allocation"}
    assert dsg_income_from_dfe(council=rutland, user=user, financial_year=2020) == []  # nothing changed
    with pytest.raises(Refused, match="no DSG allocations for 2022-23"):
        dsg_income_from_dfe(council=rutland, user=user, financial_year=2022)


def test_it_fills_high_needs_expenditure_from_the_s251_outturn(db, user):
    """Rutland, 2023-24, from s251_outturn_sample.csv: the s251 column set with made-up amounts (no real
    s251 file was to hand, fixtures/dfe/README.md). High-needs lines 5,635,000 net; SEN transport 0."""
    for name in ("la_codes.csv", "s251_outturn_sample.csv"):
        release_import(data=fixture_bytes(name), file_name=name, user=None)
    rutland = Council.objects.get(la_code="857")
    PlanFactory(council=rutland, first_year=2022, last_year=2027)
    line = dsg_expenditure_from_s251(council=rutland, user=user, financial_year=2023)
    assert (line.block, line.position, line.expenditure) == ("high_needs", "outturn", D(5635000))
    assert (line.expenditure_basis, line.income) == ("s251_outturn", None)
    assert line.history.first().history_user == user
    assert dsg_expenditure_from_s251(council=rutland, user=user, financial_year=2023) is None  # unchanged
    with pytest.raises(Refused, match="no s251 outturn for 2022-23"):
        dsg_expenditure_from_s251(council=rutland, user=user, financial_year=2022)
    with pytest.raises(Refused, match="2026-27 has no outturn yet"):
        dsg_expenditure_from_s251(council=rutland, user=user, financial_year=2026)
    with pytest.raises(Refused, match="outside the plan"):
        dsg_expenditure_from_s251(council=rutland, user=user, financial_year=2030)
    assert DsgLine.objects.count() == 1


def test_the_s251_high_needs_expenditure_leaves_out_sen_transport():
    from dsg.ledger import s251_high_needs_expenditure

    figures = {("s251_high_needs", "2023-24"): D(5_000_000), ("s251_sen_transport", "2023-24"): D(400_000)}
    assert s251_high_needs_expenditure(figures, "2023-24") == D(4_600_000)  # transport is the general fund's
    assert s251_high_needs_expenditure({("s251_high_needs", "2023-24"): D(7)}, "2023-24") == D(7)
    assert s251_high_needs_expenditure(figures, "2024-25") is None
