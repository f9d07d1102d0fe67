"""Build ForecastFigures straight from an engine run, as forecast_run stores them, without a database."""

from decimal import Decimal

from core.financial_years import parse_financial_year
from projections import engine
from projections.figures import Cell, ForecastFigures, SavingRow, YearRow, series_for
from projections.models import Forecast, ForecastInput, ForecastKind


def figures_from_engine(inp: engine.ProjectionInput, *, name: str = "Test forecast") -> ForecastFigures:
    frame = engine.project(inp)
    first = parse_financial_year(inp.first_year)
    forecast = Forecast(
        name=name, kind=ForecastKind.COMPUTED, first_year=first, last_year=first + inp.years - 1
    )
    forecast.inputs = ForecastInput(forecast=forecast, success_rate=inp.success_rate)
    forecast.inputs.run_success_rate = inp.success_rate
    cells = {
        (parse_financial_year(r.year), r.scenario, r.bound): Cell(
            Decimal(int(r.funding)), Decimal(int(r.spend)), Decimal(int(r.cumulative_deficit))
        )
        for r in frame.itertuples(index=False)
    }
    series = series_for({bound for _, _, bound in cells})
    rows = [
        YearRow(year, tuple(cells.get((year, s.scenario, s.bound)) for s in series))
        for year in range(first, first + inp.years)
    ]
    savings = [
        SavingRow(None, s.workstream, parse_financial_year(s.year), s.target, s.stretch) for s in inp.savings
    ]
    return ForecastFigures(
        forecast=forecast, series=series, rows=rows, savings=savings, success_rate=inp.success_rate
    )
