"""Workbooks print and chart as Excel expects: the streamed national workbook keeps A4 and fit-to-width,
and every chart axis is written out (Excel hides one that is not): issue 21, item 14."""

import io
import re
import zipfile
from datetime import date

from openpyxl import load_workbook

from spreadsheets.exports.national import NationalExport
from spreadsheets.exports.projections import ProjectionsExport
from spreadsheets.writer import to_workbook
from tests.projections.conftest import add_savings, computed_forecast


def test_the_streamed_national_workbook_prints_on_a4_fitted_to_width(home):
    data = to_workbook(NationalExport(today=date(2026, 12, 1)), write_only=True)
    for ws in load_workbook(io.BytesIO(data)).worksheets:
        assert ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage, (
            ws.title
        )
        assert (ws.page_setup.paperSize, ws.page_setup.fitToWidth, ws.page_setup.orientation) == (
            9,
            1,
            "landscape",
        ), ws.title


def test_every_chart_axis_is_written_out(home):
    add_savings(home.workstream)
    forecast = computed_forecast(home.plan, publish=True, current=True)
    archive = zipfile.ZipFile(io.BytesIO(to_workbook(ProjectionsExport(forecast=forecast))))
    charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
    assert charts
    for name in charts:
        xml = archive.read(name).decode()
        axes = re.findall(r"<(?:c:)?(?:catAx|valAx)>.*?</(?:c:)?(?:catAx|valAx)>", xml, re.S)
        assert len(axes) == 2, name
        assert all(re.search(r'<(?:c:)?delete val="0"/>', axis) for axis in axes), name


def test_a_forecast_of_published_figures_has_its_chart(home):
    from tests.projections.conftest import figures_forecast

    forecast = figures_forecast(home.plan, publish=True)
    wb = load_workbook(io.BytesIO(to_workbook(ProjectionsExport(forecast=forecast))))
    (chart,) = wb["Figures"]._charts
    assert len(chart.series) == 6  # three scenarios, upper and lower bounds
    archive = zipfile.ZipFile(io.BytesIO(to_workbook(ProjectionsExport(forecast=forecast))))
    xml = archive.read("xl/charts/chart1.xml").decode()
    assert "'Figures'!$B$4:$D$4" in xml  # the years, from the header row
