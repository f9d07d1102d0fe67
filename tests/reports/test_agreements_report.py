"""The "Agreements with the DfE" section of a Forum report: each agreement in force with its kind and
status, a Safety Valve trajectory against the current forecast, conditions with their effective RAG (as
words), DBV grant against spend; frozen in the snapshot and the same on the page, in the Word paper and in the
report pack."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from accounts.models import Role
from agreements import services as agreement_services
from agreements.models import AgreementKind, AgreementStatus
from reports import services
from reports.agreements_report import agreements_section
from reports.forum_report import report_content
from reports.stored_report import report_picture
from reports.word_paper import forum_paper
from spreadsheets.exports.report_pack import ReportPackExport
from spreadsheets.writer import to_workbook
from tests.conftest import member_client
from tests.factories import (
    AgreementFactory,
    ConditionFactory,
    ForecastFactory,
    ForecastYearFactory,
    TrajectoryYearFactory,
    UserFactory,
    tiny_png,
)
from workstreams.rag import Rag


@pytest.fixture
def agreements(home):
    sv = AgreementFactory(plan=home.plan, title="Safety Valve agreement 2024", tolerance=D("0.05"))
    for year, agreed in [(2025, "30000000"), (2026, "31000000"), (2027, "25000000")]:
        TrajectoryYearFactory(agreement=sv, financial_year=year, deficit_excluding_dfe=D(agreed))
    forecast = ForecastFactory(plan=home.plan, is_current=True, status="published", name="Autumn forecast")
    for year, value in [(2025, "30500000"), (2026, "33000000")]:  # 2027 not forecast
        ForecastYearFactory(
            forecast=forecast, financial_year=year, scenario="target", cumulative_deficit=D(value)
        )
        ForecastYearFactory(
            forecast=forecast, financial_year=year, scenario="unmitigated", cumulative_deficit=D(value) + 1
        )
    ConditionFactory(agreement=sv, number=1, text="Keep to the trajectory", rag=Rag.GREEN, commentary="Fine")
    ConditionFactory(agreement=sv, number=2, text="Open two special schools", due=date(2026, 9, 1))  # overdue
    ConditionFactory(
        agreement=sv,
        number=3,
        text="Review top-ups",
        due=date(2026, 6, 1),
        rag=Rag.AMBER,
        hold_reason="Agreed",
    )
    dbv = AgreementFactory(
        plan=home.plan,
        kind=AgreementKind.DBV,
        title="DBV plan",
        dfe_contribution=D("1000000"),
        first_year=2024,
    )
    agreement_services.grant_spend_set(
        agreement=dbv, user=None, workstream=home.workstream, financial_year=2024,
        allocated=D("400000"), spent=D("250000"),
    )  # fmt: skip
    AgreementFactory(
        plan=home.plan, title="Old agreement", status=AgreementStatus.ENDED, agreed_on=date(2020, 1, 1)
    )
    return sv, dbv


@pytest.fixture
def published(home, agreements):
    author = UserFactory()
    report = services.report_create(plan=home.plan, user=author, meeting_date=date(2026, 12, 10), title="Dec")
    return services.report_publish(report=report, user=author)


def test_it_lists_the_agreements_in_force_with_kind_and_status(home, agreements):
    section = agreements_section(council=home.council)
    assert [(a["title"], a["kind"], a["status"]) for a in section["agreements"]] == [
        ("Safety Valve agreement 2024", "Safety Valve agreement", "Active"),
        ("DBV plan", "Delivering Better Value plan", "Active"),
    ]  # the ended one is not in force


def test_it_sets_the_trajectory_against_the_forecast_by_the_councils_tolerance(home, agreements):
    sv = agreements_section(council=home.council)["agreements"][0]
    assert sv["rows"] == [
        ["2025-26", "£30,000,000", "£20,000,000", "£30,500,000", "+£500,000", "+1.7%", "On track"],
        ["2026-27", "£31,000,000", "£20,000,000", "£33,000,000", "+£2,000,000", "+6.5%", "Off track"],
        ["2027-28", "£25,000,000", "£20,000,000", "", "", "", ""],
    ]
    assert (sv["tolerance"], sv["off_track"], sv["rated"]) == ("5%", 1, 2)
    assert sv["forecast"] == "“Autumn forecast” (target mitigated)"


def test_it_gives_each_condition_its_effective_rag_in_words(home, agreements):
    conditions = agreements_section(council=home.council)["agreements"][0]["conditions"]
    assert [(c["number"], c["rag_label"], c["note"]) for c in conditions] == [
        (1, "Green", ""),
        (2, "Red", "Overdue since 1 September 2026"),
        (3, "Amber", "Overdue since 1 June 2026; Amber held: Agreed"),
    ]


def test_a_draft_report_shows_the_stored_agreements_as_read_live_and_their_conditions_for_the_day(
    home, agreements, django_assert_num_queries
):
    author = UserFactory()
    draft = services.report_create(plan=home.plan, user=author, meeting_date=date(2027, 3, 4), title="Mar")
    report_picture(council=home.council, today=date(2026, 12, 5))  # stores the parts at this version
    _, parts = report_picture(council=home.council, today=date(2026, 12, 5))
    with django_assert_num_queries(0):
        stored = agreements_section(council=home.council, standings=parts.agreements)
    assert stored == agreements_section(council=home.council)
    assert report_content(report=draft, council=home.council, now=timezone.now())["agreements"] == stored
    with time_machine.travel(datetime(2026, 5, 1, 10, 0, tzinfo=UTC), tick=False):  # the same stored row
        conditions = agreements_section(council=home.council, standings=parts.agreements)
    notes = [c["note"] for c in conditions["agreements"][0]["conditions"]]
    assert notes == ["", "Due 1 September 2026", "Due 1 June 2026"]


def test_it_sets_the_dbv_grant_against_spend(home, agreements):
    dbv = agreements_section(council=home.council)["agreements"][1]
    assert dbv["grant"] == "£1,000,000"
    assert dbv["rows"] == [["2024-25", "£400,000", "£250,000", "+£150,000", "£0"]]
    assert dbv["total"] == ["Total", "£400,000", "£250,000", "+£150,000", "£0"]


def test_it_reads_in_a_fixed_number_of_queries_whatever_the_agreements(
    home, agreements, django_assert_num_queries
):
    with django_assert_num_queries(11):  # 7, and the plan's forecast once for both agreements
        agreements_section(council=home.council)
    for n in range(3):
        sv = AgreementFactory(plan=home.plan, title=f"Another {n}")
        TrajectoryYearFactory(agreement=sv, financial_year=2025)
        ConditionFactory(agreement=sv)
    with django_assert_num_queries(11):
        assert len(agreements_section(council=home.council)["agreements"]) == 5


def test_a_council_without_agreements_reads_one_query_and_has_none(foreign, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert agreements_section(council=foreign.council) == {"agreements": []}


def test_it_is_frozen_with_the_published_report(home, agreements, published):
    sv, _ = agreements
    frozen = published.snapshot["agreements"]
    assert published.snapshot["version"] == 5 and len(frozen["agreements"]) == 2
    condition = sv.conditions.get(number=2)
    agreement_services.condition_update(condition=condition, user=None, rag=Rag.GREEN, commentary="Opened")
    agreement_services.agreement_status_set(agreement=sv, user=None, status="under_review")
    published.refresh_from_db()
    assert published.snapshot["agreements"] == frozen
    page = member_client(home.council, Role.FORUM).get(f"/councils/home-council/reports/{published.pk}/")
    text = page.content.decode()
    assert "Agreements with the DfE" in text and "Under review" not in text
    assert "Overdue since 1 September 2026" in text and "Opened" not in text


def test_the_page_shows_each_figure_and_rag_as_words(home, published):
    text = member_client(home.council, Role.FORUM).get(f"/councils/home-council/reports/{published.pk}/")
    text = text.content.decode()
    for words in ["Safety Valve agreement 2024", "+£2,000,000", "+6.5%", "Off track", "On track", "DBV plan",
                  "£250,000", "1 of 2 years off track", "app-table-scroll"]:  # fmt: skip
        assert words in text
    assert ">Red</strong>" in text and ">Amber</strong>" in text  # the word in the tag, not colour alone
    assert text.count("Not forecast") == 1  # 2027-28, beyond the forecast, says so rather than a blank
    section = text[text.index('id="report-agreements"') :]
    assert section.count(">Kind<") == 2  # each title ("DBV plan") differs from its kind's name: both say it


def test_an_agreement_titled_by_its_kind_does_not_say_it_twice(home, agreements):
    sv, _ = agreements
    sv.title = "Safety Valve agreement"
    sv.save()
    author = UserFactory()
    report = services.report_create(plan=home.plan, user=author, meeting_date=date(2026, 12, 10), title="Dec")
    services.report_publish(report=report, user=author)
    text = member_client(home.council, Role.FORUM).get(f"/councils/home-council/reports/{report.pk}/")
    section = text.content.decode().split('id="report-agreements"')[1]
    assert section.count(">Kind<") == 1  # the DBV plan's; the Safety Valve agreement's title is its kind


def test_the_snapshot_keeps_a_year_beyond_the_forecast_blank_for_the_report_pack(home, published):
    rows = published.snapshot["agreements"]["agreements"][0]["rows"]
    assert rows[-1] == ["2027-28", "£25,000,000", "£20,000,000", "", "", "", ""]


def test_a_report_published_before_the_section_shows_none(home, published):
    published.snapshot.pop("agreements")
    published.save(update_fields=["snapshot"])
    text = member_client(home.council, Role.FORUM).get(f"/councils/home-council/reports/{published.pk}/")
    assert "Agreements with the DfE" not in text.content.decode()


def test_the_word_paper_holds_the_same_figures(published):
    doc = Document(io.BytesIO(forum_paper(published.snapshot, images=lambda f: [tiny_png() for _ in f])))
    cells = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    headings = [p.text for p in doc.paragraphs]
    assert any(h.endswith("Agreements with the DfE") for h in headings)
    rows = published.snapshot["agreements"]["agreements"][0]["rows"]
    for row in rows[:-1]:
        assert row in cells
    assert ["2027-28", "£25,000,000", "£20,000,000", "Not forecast", "", "", ""] in cells  # not a blank
    assert ["2. Open two special schools", published.snapshot["agreements"]["agreements"][0]["conditions"][1][
        "owner"], "Red", "\n(Overdue since 1 September 2026)"] in cells  # fmt: skip
    assert ["2024-25", "£400,000", "£250,000", "+£150,000", "£0"] in cells


def test_the_report_pack_holds_the_same_figures_as_numbers(published):
    wb = load_workbook(io.BytesIO(to_workbook(ReportPackExport(published))))
    assert {"Agreements", "Agreed trajectory", "Conditions", "DBV grant"} <= set(wb.sheetnames)
    rows = [list(r) for r in wb["Agreed trajectory"].iter_rows(values_only=True)]
    assert [
        "Safety Valve agreement 2024",
        "2026-27",
        31000000,
        20000000,
        33000000,
        2000000,
        0.065,
        "Off track",
    ] in rows
    conditions = [list(r) for r in wb["Conditions"].iter_rows(values_only=True)]
    assert any(r[1] == 2 and r[4] == "Red" for r in conditions)
    dbv = [list(r) for r in wb["DBV grant"].iter_rows(values_only=True)]
    assert ["DBV plan", "Total", 400000, 250000, 150000, 0] in dbv
