"""Delivering Better Value: the grant (up to £1m) and its spend per workstream per year, savings as cost
avoidance against the unmitigated forecast, and the simpler return (equal on the page, workbook and paper)."""

import io
from datetime import date
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.urls import reverse

from accounts.models import Role
from agreements import services
from agreements.models import CostAvoidance, GrantSpend, QuarterlyReturn
from agreements.services import AgreementDetails
from core.errors import Refused
from core.money import pounds
from tests.conftest import member_client
from tests.factories import (
    AgreementFactory,
    ForecastFactory,
    ForecastYearFactory,
    QuarterlyReturnFactory,
    UserFactory,
    WorkstreamFactory,
)


@pytest.fixture
def user(db):
    return UserFactory(username="finance")


@pytest.fixture
def dbv(home):
    return AgreementFactory(
        plan=home.plan,
        kind="dbv",
        title="Delivering Better Value",
        first_year=2023,
        last_year=2025,
        dfe_contribution=Decimal("1000000"),
        council_contribution=Decimal(0),
    )


def test_it_refuses_a_dbv_grant_above_one_million(home, user):
    with pytest.raises(Refused, match="up to £1,000,000"):
        services.agreement_create(
            council=home.council,
            plan=home.plan,
            user=user,
            details=AgreementDetails("dbv", "DBV", date(2023, 6, 1), 2023, 2025, Decimal("1000001")),
        )


def test_it_refuses_allocations_beyond_the_grant(dbv, home, user):
    other = WorkstreamFactory(plan=home.plan, code="2")
    services.grant_spend_set(
        agreement=dbv, user=user, workstream=home.workstream, financial_year=2023,
        allocated=Decimal("600000"), spent=Decimal("250000"),
    )  # fmt: skip
    with pytest.raises(Refused, match="more than the grant of £1,000,000") as refused:
        services.grant_spend_set(
            agreement=dbv, user=user, workstream=other, financial_year=2024,
            allocated=Decimal("400001"), spent=Decimal(0),
        )  # fmt: skip
    assert refused.value.field == "allocated"
    # Correcting the same workstream's year replaces its allocation rather than adding to it.
    services.grant_spend_set(
        agreement=dbv, user=user, workstream=home.workstream, financial_year=2023,
        allocated=Decimal("1000000"), spent=Decimal("300000"),
    )  # fmt: skip
    assert GrantSpend.objects.get().allocated == Decimal("1000000")


def test_it_refuses_another_plan_s_workstream_a_year_outside_the_term_and_a_safety_valve(dbv, foreign, user):
    with pytest.raises(Refused, match="workstream"):
        services.cost_avoidance_set(
            agreement=dbv, user=user, workstream=foreign.workstream, financial_year=2023, amount=Decimal(1)
        )
    with pytest.raises(Refused, match="outside"):
        services.cost_avoidance_set(
            agreement=dbv,
            user=user,
            workstream=dbv.plan.workstreams.first(),
            financial_year=2026,
            amount=Decimal(1),
        )
    sv = AgreementFactory(plan=dbv.plan)
    with pytest.raises(Refused, match="Delivering Better Value"):
        services.cost_avoidance_set(
            agreement=sv,
            user=user,
            workstream=dbv.plan.workstreams.first(),
            financial_year=2024,
            amount=Decimal(1),
        )
    assert not CostAvoidance.objects.exists()


@pytest.mark.parametrize("role", list(Role))
def test_every_member_reads_the_dbv_plan(dbv, home, role, user):
    services.grant_spend_set(
        agreement=dbv, user=user, workstream=home.workstream, financial_year=2023,
        allocated=Decimal("600000"), spent=Decimal("250000"),
    )  # fmt: skip
    body = member_client(home.council, role).get(
        reverse("agreement_detail", args=[home.council.slug, dbv.pk])
    )
    text = body.content.decode()
    assert "£600,000" in text and "DBV grant" in text
    assert ("Record cost avoidance" in text) == (role in (Role.FINANCE, Role.COUNCIL_ADMIN))
    assert ("Council contribution" in text) == bool(dbv.council_contribution)  # a DBV grant asks for none


@pytest.mark.parametrize("name", ["grant_spend_edit", "cost_avoidance_edit"])
def test_only_finance_and_council_admins_record_spend_and_avoidance(dbv, home, name):
    url = reverse(name, args=[home.council.slug, dbv.pk])
    assert member_client(home.council, Role.FINANCE).get(url).status_code == 200
    assert member_client(home.council, Role.OFFICER).get(url).status_code == 403
    assert member_client(home.council, Role.FORUM).post(url, {}).status_code == 403


def test_the_grant_form_shows_the_refusal(dbv, home):
    client = member_client(home.council, Role.FINANCE)
    response = client.post(
        reverse("grant_spend_edit", args=[home.council.slug, dbv.pk]),
        {
            "workstream": home.workstream.pk,
            "financial_year": "2023-24",
            "allocated": "1,200,000",
            "spent": "0",
        },
    )
    assert "more than the grant of £1,000,000" in response.content.decode()
    assert not GrantSpend.objects.exists()


def test_the_dbv_return_is_equal_on_the_page_in_the_workbook_and_in_the_paper(dbv, home, user):
    forecast = ForecastFactory(plan=home.plan, is_current=True, status="published")
    for year, value in ((2023, "20000000"), (2024, "26000000"), (2025, "33000000")):
        ForecastYearFactory(forecast=forecast, financial_year=year, cumulative_deficit=Decimal(value))
    services.grant_spend_set(
        agreement=dbv, user=user, workstream=home.workstream, financial_year=2023,
        allocated=Decimal("600000"), spent=Decimal("250000.40"),
    )  # fmt: skip
    for year, amount in ((2023, "400000"), (2024, "1100000")):
        services.cost_avoidance_set(
            agreement=dbv, user=user, workstream=home.workstream, financial_year=year, amount=Decimal(amount)
        )
    ret = QuarterlyReturnFactory(agreement=dbv, financial_year=2024, quarter=2)
    client = member_client(home.council, Role.FINANCE)
    args = [home.council.slug, dbv.pk, ret.pk]
    client.post(reverse("return_submit", args=args))
    snapshot = QuarterlyReturn.objects.get().snapshot
    assert [r["after_avoidance"] for r in snapshot["dbv_rows"]] == [
        "19600000.00",
        "24500000.00",
        "31500000.00",
    ]
    page = client.get(reverse("return_detail", args=args)).content.decode()
    paper = docx.Document(io.BytesIO(client.get(reverse("return_paper", args=args)).content))
    paper_rows = [[c.text for c in row.cells] for row in paper.tables[0].rows[1:]]
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("return_workbook", args=args)).content))[
        "Grant and cost avoidance"
    ]
    start = [r[0] for r in sheet.iter_rows(values_only=True)].index("Year") + 2
    book_rows = [
        [r[0], *(pounds(v) for v in r[1:])] for r in sheet.iter_rows(min_row=start, values_only=True)
    ]
    keys = ("allocated", "spent", "avoided", "unmitigated", "after_avoidance")
    expected = [[r["year"], *(pounds(r[k]) for k in keys)] for r in snapshot["dbv_rows"]]
    assert paper_rows == book_rows == expected
    for row in expected:
        for text in row[1:]:
            assert text in page
    assert expected[0][2] == "£250,000"


def test_the_dbv_return_says_what_changed_since_the_last_one_on_the_page_in_the_workbook_and_paper(
    dbv, home, user
):
    services.grant_spend_set(
        agreement=dbv, user=user, workstream=home.workstream, financial_year=2023,
        allocated=Decimal("600000"), spent=Decimal("250000"),
    )  # fmt: skip
    first = QuarterlyReturnFactory(agreement=dbv, financial_year=2024, quarter=1)
    services.return_submit(quarterly_return=first, user=user)
    first.refresh_from_db()
    assert first.snapshot["changes"] == ["This is the first return of this agreement."]
    second = QuarterlyReturnFactory(agreement=dbv, financial_year=2024, quarter=2)
    assert services.return_contents(quarterly_return=second)["changes"] == [
        "No change in the grant, its spend or the cost avoided since the last return."
    ]
    other = WorkstreamFactory(plan=home.plan, code="2", title="Inclusion")
    services.grant_spend_set(
        agreement=dbv, user=user, workstream=home.workstream, financial_year=2023,
        allocated=Decimal("600000"), spent=Decimal("410000"),
    )  # fmt: skip
    services.grant_spend_set(
        agreement=dbv, user=user, workstream=other, financial_year=2024, allocated=Decimal("100000"), spent=0
    )
    services.cost_avoidance_set(
        agreement=dbv, user=user, workstream=home.workstream, financial_year=2023, amount=Decimal("90000")
    )
    expected = [
        "2023-24: spend changed from £250,000 to £410,000.",
        "2023-24: cost avoided changed from £0 to £90,000.",
        "2024-25: grant allocated changed from £0 to £100,000.",
        "2024-25: 2 Inclusion has an allocation for the first time.",
    ]
    services.return_submit(quarterly_return=second, user=user)
    second.refresh_from_db()
    assert second.snapshot["changes"] == expected
    client = member_client(home.council, Role.FORUM)
    args = [home.council.slug, dbv.pk, second.pk]
    page = client.get(reverse("return_detail", args=args)).content.decode()
    paper = docx.Document(io.BytesIO(client.get(reverse("return_paper", args=args)).content))
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("return_workbook", args=args)).content))
    narrative = {r[0]: r[1] for r in book["Narrative"].iter_rows(values_only=True)}
    assert narrative["Changes since the last return"] == "\n".join(expected)
    paragraphs = [p.text for p in paper.paragraphs]
    for line in expected:
        assert line in page and line in paragraphs
    # Each heading once (the Safety Valve paper printed its risks, capital projects and narrative twice).
    assert sum(p.endswith("Risks") for p in paragraphs) == 1
