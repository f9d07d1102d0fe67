"""Every formula in the forecast workbook carries a cached value, so a reader that does not recalculate
(a phone's viewer, a script reading with data_only) sees the figures (issue 21, item 14)."""

import io

from openpyxl import load_workbook

from spreadsheets.exports.projections import ProjectionsExport
from spreadsheets.writer import to_workbook
from tests.projections.conftest import add_savings, computed_forecast


def uncached(data: bytes) -> list[str]:
    formulas = load_workbook(io.BytesIO(data))
    values = load_workbook(io.BytesIO(data), data_only=True)
    return [
        f"{ws.title}!{cell.coordinate}"
        for ws in formulas.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
        and cell.value.startswith("=")
        and values[ws.title][cell.coordinate].value is None
    ]


def test_every_formula_has_a_cached_value(home):
    add_savings(home.workstream)
    forecast = computed_forecast(home.plan, bounds=True, publish=True, current=True)
    data = to_workbook(ProjectionsExport(forecast=forecast))
    assert uncached(data) == []
    values = load_workbook(io.BytesIO(data), data_only=True)["Results"]
    row = next(
        r for r in values.iter_rows(values_only=True) if r[0] == "Target savings before the success rate"
    )
    assert list(row[1:4]) == [100000, 100000, 100000]  # £100k a year for 2024-25 to 2026-27 (add_savings)
