"""The indicators in Excel: the tracker workbook's sheets and the report pack's, numbers as numbers."""

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from indicators.services import value_record
from reports import services as report_services
from spreadsheets.exports.indicators import figure_format
from spreadsheets.exports.report_pack import ReportPackExport
from spreadsheets.exports.tracker import TrackerExport
from spreadsheets.writer import to_workbook
from tests.factories import UserFactory
from tests.indicators.conftest import make_indicator


def rows_of(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_the_tracker_workbook_has_the_indicators_and_every_value(home):
    indicator = make_indicator(
        home.plan, values=[("2022", "40"), ("2023", "44.5")], targets=[("2023", "45", "2", "4")]
    )
    value_record(indicator=indicator, user=None, period="2024", value=None, availability="not_available")
    make_indicator(home.plan, name='=HYPERLINK("x")', unit="count", values=[("2023", "2048")])
    wb = load_workbook(io.BytesIO(to_workbook(TrackerExport(council=home.council, plan=home.plan))))
    summary = rows_of(wb["Indicators"])
    header = summary.index(next(r for r in summary if r[0] == "Indicator"))
    first = summary[header + 1]
    assert first[0] == "EHC plans in mainstream schools" and first[7:11] == ["2023", 44.5, 45, "Green"]
    cell = wb["Indicators"].cell(row=header + 2, column=9)
    assert cell.number_format == '0.0###"%"'
    assert (
        wb["Indicators"].cell(row=header + 3, column=1).data_type == "s"
    )  # a formula-looking name stays text
    values = rows_of(wb["Indicator values"])
    assert values[3][:4] == ["EHC plans in mainstream schools", "2024", "Actual", "Not available"]


def test_the_report_pack_takes_the_indicators_from_the_snapshot_only(home):
    indicator = make_indicator(
        home.plan, values=[("2022", "40"), ("2023", "44")], targets=[("2023", "45", "2", "4")]
    )
    author = UserFactory()
    report = report_services.report_create(
        plan=home.plan, user=author, meeting_date=date(2026, 12, 10), title="Dec"
    )
    report = report_services.report_publish(report=report, user=author)
    value_record(indicator=indicator, user=None, period="2024", value=Decimal(10))
    sheet = load_workbook(io.BytesIO(to_workbook(ReportPackExport(report=report))))["Indicators"]
    rows = rows_of(sheet)
    row = next(r for r in rows if r[0] == "EHC plans in mainstream schools")
    assert row[4:8] == ["2023", 44, 45, "Green"]  # as published, not the 10% recorded since
    assert any(r[0] == "Changes since the last report" for r in rows)


def test_figures_get_formats_without_a_stray_decimal_point():
    assert figure_format("count", Decimal(2048)) == "#,##0"
    assert figure_format("percent", Decimal("63.2")) == '0.0###"%"'
    assert figure_format("percent", Decimal(60)) == '0"%"'
    assert "£" in figure_format("pounds", Decimal(1))
