"""The report pack stores counts, percentages and dates as numbers and dates, not text (issue 21, item 14)."""

import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from openpyxl import load_workbook

from reports import services
from spreadsheets.exports.report_pack import ReportPackExport, snapshot_number
from spreadsheets.writer import to_workbook
from tests.factories import MilestoneFactory, UserFactory
from workstreams.rag import Rag


def test_it_reads_counts_percentages_and_dates_back():
    assert snapshot_number("9") == 9 and snapshot_number("1,234") == 1234
    percent = snapshot_number("75%")
    assert percent.value == 0.75 and percent.number_format == "0%"
    day = snapshot_number("14 January 2027")
    assert day.value == date(2027, 1, 14) and day.number_format == "d mmm yyyy"
    assert snapshot_number("16 red · 2 amber · 5 green") == "16 red · 2 amber · 5 green"
    assert snapshot_number("1. Nurture approach") == "1. Nurture approach"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime(2026, 12, 5, 10, 0, tzinfo=UTC), tick=False):
        yield


def test_the_pack_writes_them_as_numbers_and_dates(home):
    author = UserFactory()
    first = services.report_create(
        plan=home.plan, user=author, meeting_date=date(2026, 10, 8), title="Autumn"
    )
    services.report_publish(report=first, user=author, now=datetime(2026, 10, 1, 9, 0, tzinfo=UTC))
    MilestoneFactory(
        workstream=home.workstream, title="Parent survey", rag=Rag.GREEN, forecast_due=date(2027, 2, 1)
    )
    report = services.report_create(
        plan=home.plan, user=author, meeting_date=date(2026, 12, 10), title="Winter"
    )
    report = services.report_publish(report=report, user=author)
    wb = load_workbook(io.BytesIO(to_workbook(ReportPackExport(report=report))))
    glance = {row[2]: row[0] for row in wb["At a glance"].iter_rows(values_only=True) if row[2]}
    assert glance["Workstreams"] == 1 and isinstance(glance["Milestones overdue"], int)
    changes = [row for row in wb["Changes"].iter_rows(values_only=True) if row[0] == "New milestone"]
    assert changes and changes[0][4] == datetime(2027, 2, 1)  # a date cell, not "1 February 2027"
