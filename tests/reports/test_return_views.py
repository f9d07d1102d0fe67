"""Submitting a quarterly return and its Word paper; and its figures, equal on the page, in the workbook and
in the Word paper."""

import io
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import Role
from agreements.models import QuarterlyReturn
from core.money import pounds, signed_percent, signed_pounds
from recovery import data_version
from tests.conftest import member_client
from tests.factories import (
    AgreementFactory,
    ConditionFactory,
    ForecastFactory,
    ForecastYearFactory,
    QuarterlyReturnFactory,
    TrajectoryYearFactory,
)

EDITORS = [Role.FINANCE, Role.COUNCIL_ADMIN]


@pytest.fixture
def ret(home):
    agreement = AgreementFactory(plan=home.plan)
    forecast = ForecastFactory(plan=home.plan, is_current=True, status="published")
    for year, agreed, forecast_value in [
        (2025, "28500000.40", "28123456.78"),
        (2026, "30000000", "32000000"),
        (2027, "-1500000", "-900000"),
    ]:
        TrajectoryYearFactory(
            agreement=agreement,
            financial_year=year,
            deficit_excluding_dfe=Decimal(agreed),
            deficit_including_dfe=Decimal(agreed) - 10_000_000,
        )
        ForecastYearFactory(
            forecast=forecast,
            financial_year=year,
            scenario="target",
            cumulative_deficit=Decimal(forecast_value),
        )
    ConditionFactory(agreement=agreement, number=2, rag="red", commentary="Not on track to meet condition 2")
    return QuarterlyReturnFactory(agreement=agreement, narrative="Demand rose again.")


def url(name, ret):
    return reverse(name, args=[ret.agreement.council.slug, ret.agreement.pk, ret.pk])


@pytest.mark.parametrize("role", EDITORS)
def test_finance_and_council_admins_submit_a_return_and_its_paper_is_built(
    ret, role, django_capture_on_commit_callbacks
):
    client = member_client(ret.agreement.council, role)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url("return_submit", ret))
    assert response.status_code == 302
    # The paper's job; the other callback refreshes the national overview's summaries (recovery.data_version).
    jobs = [c for c in callbacks if not isinstance(getattr(c, "__self__", None), data_version._Changes)]
    assert len(jobs) == 1
    ret.refresh_from_db()
    assert ret.is_submitted and ret.snapshot["rows"]
    # The job built the paper once and kept it: a download serves those very bytes.
    kept = cache.get(f"return-paper:{ret.pk}:{ret.submitted_at.isoformat()}")
    assert kept is not None and kept[:2] == b"PK"
    assert client.get(url("return_paper", ret)).content == kept


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FORUM])
def test_officers_and_forum_members_cannot_submit(ret, role):
    assert member_client(ret.agreement.council, role).post(url("return_submit", ret)).status_code == 403
    assert not QuarterlyReturn.objects.get().is_submitted


def test_submitting_twice_says_so_and_changes_nothing(ret):
    client = member_client(ret.agreement.council, Role.FINANCE)
    client.post(url("return_submit", ret))
    snapshot = QuarterlyReturn.objects.get().snapshot
    response = client.post(url("return_submit", ret), follow=True)
    assert "was submitted already" in response.content.decode()
    assert QuarterlyReturn.objects.get().snapshot == snapshot


def test_another_council_s_return_is_a_404(ret, foreign):
    client = member_client(foreign.council, Role.FINANCE)
    for name in ("return_submit", "return_paper", "return_workbook"):
        foreign_url = reverse(name, args=[foreign.council.slug, ret.agreement.pk, ret.pk])
        method = client.post if name == "return_submit" else client.get
        assert method(foreign_url).status_code == 404
        assert method(url(name, ret)).status_code == 404


@pytest.mark.parametrize("role", list(Role))
def test_every_member_downloads_the_paper_and_workbook_of_a_submitted_return(ret, role):
    member_client(ret.agreement.council, Role.FINANCE, username="submitter").post(url("return_submit", ret))
    client = member_client(ret.agreement.council, role)
    assert client.get(url("return_paper", ret)).status_code == 200
    assert client.get(url("return_workbook", ret)).status_code == 200


def test_a_draft_has_no_paper(ret):
    client = member_client(ret.agreement.council, Role.FINANCE)
    assert client.get(url("return_paper", ret)).status_code == 404


def test_the_figures_are_equal_on_the_page_in_the_workbook_and_in_the_paper(ret):
    client = member_client(ret.agreement.council, Role.FINANCE)
    client.post(url("return_submit", ret))
    snapshot = QuarterlyReturn.objects.get().snapshot
    page = client.get(url("return_detail", ret)).content.decode()
    paper = docx.Document(io.BytesIO(client.get(url("return_paper", ret)).content))
    paper_rows = [[c.text for c in row.cells] for row in paper.tables[0].rows[1:]]
    book = openpyxl.load_workbook(io.BytesIO(client.get(url("return_workbook", ret)).content))
    sheet = book["Trajectory"]
    header = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Year")
    start = [r[0] for r in sheet.iter_rows(values_only=True)].index("Year") + 2
    book_rows = list(sheet.iter_rows(min_row=start, values_only=True))
    assert header[1] == "Agreed excluding DfE payments"
    assert len(snapshot["rows"]) == len(paper_rows) == len(book_rows) == 3
    for row, in_paper, in_book in zip(snapshot["rows"], paper_rows, book_rows, strict=True):
        expected = [
            row["year"],
            pounds(row["agreed_excluding"]),
            pounds(row["agreed_including"]),
            pounds(row["forecast"]),
            signed_pounds(row["variance"]),
            signed_percent(row["variance_percent"]),
            row["track"],
        ]
        assert in_paper == expected
        from_book = [
            in_book[0],
            *(pounds(v) for v in in_book[1:4]),
            signed_pounds(in_book[4]),
            signed_percent((Decimal(str(in_book[5])) * 100).quantize(Decimal("0.1"))),
            in_book[6],
        ]
        assert from_book == expected
        for text in expected[1:6]:
            assert text in page
    assert [r["track"] for r in snapshot["rows"]] == ["On track", "Off track", "Off track"]
    assert paper_rows[1][4:6] == ["+£2,000,000", "+6.7%"]
    assert "Red" in [c.text for c in paper.tables[1].rows[1].cells]
