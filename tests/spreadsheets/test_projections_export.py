"""The projections workbook: every result a live formula over the inputs, cached values equal to the
engine's to the pound, and LibreOffice recalculating the formulas gets the same pounds."""

import io
import os
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from projections.selectors import forecast_figures
from spreadsheets.exports.projections import ProjectionsExport
from spreadsheets.writer import to_workbook
from tests.projections.conftest import add_savings, computed_forecast, figures_forecast

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def bounded(home):
    add_savings(home.workstream)
    return computed_forecast(home.plan, bounds=True, publish=True, current=True)


def results(data: bytes, data_only: bool):
    return load_workbook(io.BytesIO(data), data_only=data_only)["Results"]


def cumulative_by_label(ws) -> dict[str, list]:
    return {row[0]: list(row[1:]) for row in ws.iter_rows(min_row=2, values_only=True) if row and row[0]
            and str(row[0]).endswith(("Cumulative deficit, unmitigated", "Cumulative deficit, target",
                                      "Cumulative deficit, stretch"))}  # fmt: skip


def engine_figures(forecast) -> dict[str, list]:
    figures = forecast_figures(forecast=forecast)
    words = {"unmitigated": "unmitigated", "target": "target", "stretch": "stretch"}
    result = {}
    for series, values in figures.by_series():
        label = "" if series.bound == "single" else f"{series.bound_label}: "
        result[f"{label}Cumulative deficit, {words[series.scenario]}"] = [int(v) for v in values]
    return result


def test_it_writes_every_result_as_a_formula_with_the_engines_figure_cached(bounded):
    data = to_workbook(ProjectionsExport(forecast=bounded))
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Inputs", "Savings", "Results", "Actuals"]
    formulas = results(data, data_only=False)
    for row in formulas.iter_rows(min_row=2, min_col=2):
        for cell in row:
            assert cell.value is None or str(cell.value).startswith("="), cell.coordinate
    assert "ROUND(" in formulas["B3"].value  # funding, rounded as the engine rounds
    assert cumulative_by_label(results(data, data_only=True)) == engine_figures(bounded)


def test_it_charts_the_deficit_and_the_savings_natively(bounded):
    wb = load_workbook(io.BytesIO(to_workbook(ProjectionsExport(forecast=bounded))))
    assert len(wb["Results"]._charts) == 1 and len(wb["Savings"]._charts) == 1


def test_it_exports_published_figures_as_values_and_says_so(home):
    forecast = figures_forecast(home.plan, publish=True)
    wb = load_workbook(io.BytesIO(to_workbook(ProjectionsExport(forecast=forecast))))
    assert wb.sheetnames == ["Figures", "Actuals"]
    ws = wb["Figures"]
    assert "values, not formulas" in ws["A2"].value
    assert ws["B5"].value == 16_000_000 and ws["B5"].data_type == "n"


def test_it_compares_forecast_and_actual_in_pounds_and_per_cent(bounded):
    from tests.factories import ActualFactory

    ActualFactory(plan=bounded.plan, financial_year=2024, cumulative_deficit=Decimal(1_500_000))
    data = to_workbook(ProjectionsExport(forecast=bounded))
    rows = list(
        load_workbook(io.BytesIO(data), data_only=True)["Actuals"].iter_rows(min_row=2, values_only=True)
    )
    year, series, forecast, actual, difference, percent = rows[0]
    assert year == "2024-25" and actual == 1_500_000 and difference == actual - forecast
    assert percent == pytest.approx((actual - forecast) / abs(forecast))


@pytest.mark.libreoffice
def test_libreoffice_recalculates_the_formulas_to_the_engines_pounds(bounded, tmp_path):
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing: .ci/run must install libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    data = to_workbook(ProjectionsExport(forecast=bounded))
    # Without cached values, so every figure LibreOffice shows is one it computed itself.
    blank = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(blank, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = re.sub(rb"(</f>)<v>[^<]*</v>", rb"\1<v />", content)
            target.writestr(item, content)
    (tmp_path / "in").mkdir()
    source_file = tmp_path / "in" / "projections.xlsx"
    source_file.write_bytes(blank.getvalue())
    profile = tmp_path / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS)
    command = [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}"]
    command += ["--convert-to", "xlsx", "--outdir", str(tmp_path / "out"), str(source_file)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    recalculated = (tmp_path / "out" / "projections.xlsx").read_bytes()
    assert cumulative_by_label(results(recalculated, data_only=True)) == engine_figures(bounded)
    cached = results(data, data_only=True)
    again = results(recalculated, data_only=True)
    for row_cached, row_again in zip(cached.iter_rows(min_row=2, values_only=True),
                                     again.iter_rows(min_row=2, values_only=True), strict=False):  # fmt: skip
        for a, b in zip(row_cached[1:], row_again[1:], strict=False):
            if isinstance(a, int | float):
                assert b == pytest.approx(a, rel=1e-12, abs=1e-6)


RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""
