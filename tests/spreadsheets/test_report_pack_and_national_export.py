"""The Forum report pack comes from the frozen snapshot only; the national workbook has every council."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from reports import services as report_services
from spreadsheets.exports.national import NationalExport
from spreadsheets.exports.report_pack import ReportPackExport, snapshot_number
from spreadsheets.writer import to_workbook
from tests.factories import UserFactory
from tests.projections.conftest import computed_forecast
from workstreams.models import Workstream


@pytest.fixture
def published(home):
    computed_forecast(home.plan, publish=True, current=True)
    author = UserFactory()
    report = report_services.report_create(
        plan=home.plan, user=author, meeting_date=date(2026, 12, 10), title="Dec"
    )
    return report_services.report_publish(report=report, user=author)


def pack(report):
    return load_workbook(io.BytesIO(to_workbook(ReportPackExport(report=report))))


def test_it_exports_the_snapshot_exactly_as_published_whatever_changed_since(published):
    before = pack(published)
    Workstream.objects.update(title="Renamed after publication")
    after = pack(published)
    for name in before.sheetnames:
        assert [[c.value for c in row] for row in before[name].iter_rows()] == [
            [c.value for c in row] for row in after[name].iter_rows()
        ]
    assert before.sheetnames == ["At a glance", "Workstreams", "Changes", "Forecast", "Indicators"]
    workstreams = [row[0] for row in before["Workstreams"].iter_rows(min_row=5, values_only=True)]
    assert "1. Home Council nurture approach" in workstreams


def test_it_writes_the_forecast_figures_as_numbers(published):
    forecast = pack(published)["Forecast"]
    header_row = next(r for r in range(1, 8) if forecast.cell(row=r, column=1).value == "Scenario")
    first = forecast.cell(row=header_row + 1, column=2)
    assert isinstance(first.value, int | float) and "£" in first.number_format
    expected = published.snapshot["forecast"]["rows"][0][1]
    assert snapshot_number(expected).value == first.value


def test_it_reads_figures_as_the_snapshot_wrote_them():
    assert snapshot_number("£597,552").value == 597552
    assert snapshot_number("−£569,000").value == -569000
    assert snapshot_number("£16m").value == 16_000_000 and snapshot_number("−£3.57m").value == -3_570_000
    assert snapshot_number("Target mitigated") == "Target mitigated"


def test_it_refuses_a_draft(home):
    draft = report_services.report_create(
        plan=home.plan, user=UserFactory(), meeting_date=date(2026, 12, 10), title="D"
    )
    with pytest.raises(ValueError):
        ReportPackExport(report=draft)


def test_it_lists_every_council_milestone_and_current_forecast(home, foreign):
    computed_forecast(home.plan, publish=True, current=True)
    wb = load_workbook(io.BytesIO(to_workbook(NationalExport(today=date(2026, 12, 1)), write_only=True)))
    councils = [row[0] for row in wb["Councils"].iter_rows(min_row=2, values_only=True)]
    assert councils == ["Foreign Council", "Home Council"]
    milestones = {row[2] for row in wb["Milestones"].iter_rows(min_row=2, values_only=True)}
    assert {"Home Council outreach function", "Foreign Council outreach function"} <= milestones
    forecasts = list(wb["Forecasts"].iter_rows(min_row=2, values_only=True))
    assert {row[0] for row in forecasts} == {"Home Council"} and len(forecasts) == 15  # 5 years x 3 scenarios
