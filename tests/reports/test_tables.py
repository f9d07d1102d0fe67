"""The national overview's table writes its own cells (NationalTable.cells_html) exactly as
core.tables.table_body_rows writes them column by column, and its Trajectory cell from the summary's stored
sparkline and its money cells from the summary's stored cells exactly as drawn live."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.template import Context
from django.test import RequestFactory
from django_tables2 import RequestConfig

from core.tables import table_body_rows
from reports.models import PlanSummary
from reports.selectors import national_rows
from reports.summaries import CELLS, SPARKLINE, SPARKLINE_COLUMN
from reports.tables import NationalTable, national_table_data
from tests.factories import (
    AgreementFactory,
    CouncilFactory,
    ForecastFactory,
    ForecastYearFactory,
    PlanFactory,
)

TODAY = date(2026, 12, 5)


def _body(rows, query: str, *, own_cells: bool) -> str:
    table = NationalTable(national_table_data(rows))
    RequestConfig(RequestFactory().get("/national/" + query), paginate=False).configure(table)
    if not own_cells:
        table.cells_html = None  # core.tables' column-by-column path
    return str(table_body_rows(table, Context({})))


@pytest.fixture
def councils(home, foreign):
    """Councils with every kind of cell: names to escape, no plan, DBV and Safety Valve, no forecast, a
    forecast with a fall and a rise, a published one before it (a change), a negative deficit."""
    CouncilFactory(name='Bath & "North" <East>', region="south_west")
    AgreementFactory(plan=home.plan, kind="dbv")
    AgreementFactory(plan=foreign.plan, kind="safety_valve")
    PlanFactory(council=CouncilFactory(name="Plan, no forecast"))
    old = ForecastFactory(plan=home.plan, status="published", as_at="2024-01-01")
    new = ForecastFactory(plan=home.plan, status="published", is_current=True, as_at="2024-06-01")
    years = (
        (2026, 1_000, -2_500, Decimal("90000000")),
        (2027, 30_000_000, 34_800_000, Decimal("123456.78")),
        (2028, None, 999_949, None),
    )
    for year, before, now, funding in years:
        if before is not None:
            ForecastYearFactory(forecast=old, financial_year=year, cumulative_deficit=Decimal(before))
        ForecastYearFactory(
            forecast=new, financial_year=year, cumulative_deficit=Decimal(now), funding=funding
        )


@pytest.mark.parametrize("query", ["", "?sort=-change", "?sort=region,-now", "?sort=trajectory"])
def test_it_writes_the_cells_table_body_rows_wrote(councils, query):
    rows = national_rows(today=TODAY)
    assert _body(rows, query, own_cells=True) == _body(rows, query, own_cells=False)


def test_it_escapes_what_it_writes(councils):
    body = _body(national_rows(today=TODAY), "", own_cells=True)
    assert "Bath &amp; &quot;North&quot; &lt;East&gt;" in body
    assert '<abbr title="Delivering Better Value">DBV</abbr>' in body


def test_a_stored_sparkline_is_the_one_drawn_live(councils, home):
    live = national_rows(today=TODAY)
    call_command("build_plan_summaries", verbosity=0)
    stored = national_rows(today=TODAY)
    summary = PlanSummary.objects.get(plan=home.plan)
    assert summary.sparkline.startswith("<svg") and summary.figures[SPARKLINE_COLUMN] == SPARKLINE
    assert _body(live, "", own_cells=True) == _body(stored, "", own_cells=True)
    # A summary stored before the sparkline was kept with it (or by other markup) is drawn as it is read.
    summary.figures.pop(SPARKLINE_COLUMN)
    summary.save()
    assert _body(national_rows(today=TODAY), "", own_cells=True) == _body(live, "", own_cells=True)


def _unstored(rows):
    """The rows with their money cells written from the figures, as a summary stored before CELLS is."""
    for row in rows:
        row.written = None
    return rows


@pytest.mark.parametrize(
    "today", [TODAY, date(2027, 4, 1), date(2028, 6, 1), date(2029, 4, 1), date(2025, 3, 31)]
)
def test_the_stored_money_cells_are_the_ones_written_from_the_figures(councils, home, today):
    call_command("build_plan_summaries", verbosity=0)
    stored = national_rows(today=today)
    assert next(r for r in stored if r.plan and r.plan.pk == home.plan.pk).written is not None
    for query in ("", "?sort=-now", "?sort=share", "?sort=-change,end"):
        assert _body(stored, query, own_cells=True) == _body(
            _unstored(national_rows(today=today)), query, own_cells=True
        )
        assert _body(stored, query, own_cells=True) == _body(stored, query, own_cells=False)


def test_it_writes_the_money_cells_a_summary_stored_before_them_has_not(councils, home):
    call_command("build_plan_summaries", verbosity=0)
    stored = _body(national_rows(today=TODAY), "", own_cells=True)
    summary = PlanSummary.objects.get(plan=home.plan)
    assert summary.figures[CELLS]["now"] == "−£3k|£34.8m|£1m"  # 2026, 2027, 2028
    assert summary.figures[CELLS]["share"].endswith("|")  # no funding in 2028: an empty cell
    assert summary.figures[CELLS]["end"] == "£1m"  # 999,949
    summary.figures.pop(CELLS)
    summary.save()
    rows = national_rows(today=TODAY)
    assert next(r for r in rows if r.plan and r.plan.pk == home.plan.pk).written is None
    assert _body(rows, "", own_cells=True) == stored
