"""Issue "Figures people can trust", done-means: over generated forecasts, the dashboard, the forecast page
and the Forum report (draft and published) show the same figures, and the waterfall lands on the table's."""

from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.money import pounds
from projections.selectors import forecast_figures
from projections.services import (
    ForecastDetails,
    forecast_create,
    forecast_inputs_update,
    forecast_make_current,
    forecast_publish,
    forecast_run,
)
from reports import services
from tests.conftest import member_client
from tests.factories import CouncilFactory, PlanFactory, SavingFactory, UserFactory, WorkstreamFactory
from tests.projections.conftest import assumptions

SLUGS = count()


class Tables(HTMLParser):
    """Every <table id=…> of a page as a list of rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table = self._row = self._cell = None
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self._table = self.tables.setdefault(attrs["id"], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
            self._table.append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif (
            (
                tag == "span"
                and "govuk-visually-hidden" in (attrs.get("class") or "")
                and self._cell is not None
            )
            or tag == "span"
            and self._hidden
        ):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = self._row = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "span" and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if self._cell is not None and not self._hidden:
            self._cell.append(data)


def tables(client, url) -> dict[str, list[list[str]]]:
    response = client.get(url)
    assert response.status_code == 200
    parser = Tables()
    parser.feed(response.content.decode())
    return parser.tables


def by_series(rows: list[list[str]]) -> dict[tuple[str, str], str]:
    """A table with series as rows and years as columns -> {(series, year): text}."""
    header, *body = rows
    return {(row[0], year): cell for row in body for year, cell in zip(header[1:], row[1:], strict=True)}


@pytest.mark.django_db
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    funding=st.integers(min_value=5_000_000, max_value=9_000_000),
    rate=st.sampled_from([Decimal("0.5"), Decimal("0.75"), Decimal("1")]),
    bounds=st.booleans(),
    saving=st.integers(min_value=0, max_value=400_000),
    first=st.sampled_from([2024, 2026]),
)
def test_it_shows_one_forecast_the_same_on_every_page(funding, rate, bounds, saving, first):
    council = CouncilFactory(slug=f"council-{next(SLUGS)}")
    plan = PlanFactory(council=council)
    workstream = WorkstreamFactory(plan=plan, code="1", title="Nurture approach")
    for year in (2024, 2025, 2026, 2027):
        SavingFactory(
            workstream=workstream, financial_year=year, target=Decimal(saving), stretch=Decimal(saving)
        )
    details = ForecastDetails(name="Generated", as_at=date(2026, 6, 1), first_year=first, last_year=first + 3)
    forecast = forecast_create(plan=plan, user=None, details=details)
    values = assumptions(bounds=bounds, funding=Decimal(funding), success_rate=rate, transfers={})
    forecast_inputs_update(forecast=forecast, user=None, details=details, assumptions=values)
    forecast_run(forecast=forecast, user=None)
    forecast_publish(forecast=forecast, user=None)
    forecast_make_current(forecast=forecast, user=None)
    figures = forecast_figures(forecast=forecast)
    expected = {
        (series.label, label): pounds(value)
        for series, values in figures.by_series()
        for label, value in zip(figures.year_labels, values, strict=True)
    }

    client = member_client(council, "council_admin")
    dashboard = by_series(tables(client, f"/councils/{council.slug}/")["forecast-table"])
    page_rows = tables(client, f"/councils/{council.slug}/forecasts/{forecast.pk}/")["forecast-table"]
    report = services.report_create(plan=plan, user=UserFactory(), meeting_date=date(2026, 12, 10), title="R")
    report_url = f"/councils/{council.slug}/reports/{report.pk}/"
    draft = by_series(tables(client, report_url)["report-forecast"])
    services.report_publish(report=report, user=report.created_by)
    published = tables(client, report_url)
    assert len(expected) >= 12
    assert dashboard == expected
    assert draft == expected
    assert by_series(published["report-forecast"]) == expected
    # The forecast page puts years in rows and series in columns: the same cells, transposed.
    header, *body = page_rows[-len(figures.rows) - 1 :]
    labels = [s.label for s in figures.series]
    transposed = {(label, row[0]): cell for row in body for label, cell in zip(labels, row[1:], strict=True)}
    assert transposed == expected
    # The waterfall's last step is the table's target figure in the last year, on every page.
    for waterfall in (
        tables(client, f"/councils/{council.slug}/")["chart-waterfall-table"],
        published["chart-waterfall-table"],
    ):
        # With bounds too: the central case (issue 21), not the upper bound.
        assert waterfall[-1][-1] == expected[("Target mitigated", figures.year_labels[-1])]
