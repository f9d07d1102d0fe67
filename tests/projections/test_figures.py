"""The one reader's derived figures: the waterfall is the forecast's own arithmetic, savings never drop out
silently, and apportioning keeps every pound."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from projections import engine
from projections.figures import (
    Cell,
    ForecastFigures,
    SavingRow,
    YearRow,
    apportion,
    savings_coverage,
    series_for,
)
from projections.models import Forecast, ForecastKind
from tests.projections.engine_figures import figures_from_engine

money = st.decimals(min_value=-1_000_000, max_value=5_000_000, places=2)
years = st.sampled_from(["2024-25", "2025-26", "2026-27", "2027-28", "2028-29", "2029-30"])


@st.composite
def projections(draw):
    first = draw(st.sampled_from(["2024-25", "2025-26", "2026-27"]))
    names = draw(
        st.lists(st.sampled_from(["1. A", "2. B", "3. C", "4. D"]), min_size=0, max_size=4, unique=True)
    )
    savings = []
    for name in names:
        for year in draw(st.lists(years, min_size=1, max_size=4, unique=True)):
            target = draw(money)
            savings.append(engine.WorkstreamSaving(name, year, target, target + draw(money).copy_abs()))
    bounds = draw(st.sampled_from([{}, {"upper": Decimal("0.02"), "lower": Decimal("-0.01")}]))
    return engine.ProjectionInput(
        first_year=first,
        years=draw(st.integers(min_value=1, max_value=6)),
        opening_deficit=draw(money),
        funding=draw(st.decimals(min_value=0, max_value=50_000_000, places=2)),
        funding_growth=draw(st.decimals(min_value="-0.05", max_value="0.1", places=4)),
        lines={
            "special_schools": engine.ExpenditureLine(
                places=draw(st.decimals(min_value=0, max_value=500, places=1)),
                unit_cost=draw(st.decimals(min_value=0, max_value=80_000, places=2)),
                places_growth=draw(st.decimals(min_value="-0.1", max_value="0.2", places=3)),
            )
        },
        savings=savings,
        success_rate=draw(st.decimals(min_value=0, max_value=1, places=4)),
        bounds=bounds,
    )


@settings(max_examples=200, deadline=None)
@given(projections())
def test_it_steps_exactly_to_the_tables_target_figure_in_the_last_year(inp):
    figures = figures_from_engine(inp)
    for bound in figures.bounds:
        mitigation = figures.mitigation(bound=bound)
        last = figures.years[-1]
        assert mitigation.year == last and not mitigation.as_published
        assert mitigation.unmitigated - mitigation.total == figures.value("target", last, bound)
        assert mitigation.mitigated == figures.value("target", last, bound)
        # One step per workstream, each within a pound a year of its savings in the run's years x the rate.
        assert not any(step.label.startswith("Savings the run") for step in mitigation.steps)
        for step in mitigation.steps:
            own = [s for s in inp.savings if s.workstream == step.label and s.year in inp.year_labels]
            exact = sum((s.target * inp.success_rate for s in own), Decimal(0))
            assert abs(step.amount - exact) <= len(own)


@settings(max_examples=300)
@given(st.lists(st.decimals(min_value=-10_000, max_value=10_000, places=4), min_size=1, max_size=8))
def test_it_apportions_every_pound_and_stays_within_a_pound_of_each_share(shares):
    total = Decimal(round(float(sum(shares))))
    parts = apportion(total, shares)
    assert sum(parts) == total
    slack = abs(total - sum(shares))
    assert all(abs(p - s) < 1 + slack for p, s in zip(parts, shares, strict=True))


def test_it_counts_no_savings_outside_the_forecasts_years_and_says_so():
    savings = [SavingRow(1, "1. A", year, Decimal(88_000), Decimal(100_000)) for year in range(2020, 2025)]
    coverage = savings_coverage(savings, first_year=2026, last_year=2030)
    assert coverage.counted == 0 and coverage.total == Decimal(440_000)
    assert (
        coverage.message
        == "The plan's savings run to 2024-25; this forecast starts 2026-27: £0 of £440,000 is counted."
    )
    partial = savings_coverage(savings, first_year=2023, last_year=2027)
    assert partial.counted == Decimal(176_000) and "£176,000 of £440,000" in partial.message
    assert savings_coverage(savings, first_year=2020, last_year=2024).message == ""


def test_it_shows_the_mitigation_of_published_figures_as_one_step():
    forecast = Forecast(name="Paper", kind=ForecastKind.PUBLISHED_FIGURES)
    series = series_for({"single"})
    rows = [
        YearRow(2027, (Cell(None, None, Decimal(34_800_000)), Cell(None, None, Decimal(0)), None)),
    ]
    mitigation = ForecastFigures(forecast=forecast, series=series, rows=rows).mitigation()
    assert mitigation.as_published and [s.label for s in mitigation.steps] == ["Mitigation as published"]
    assert mitigation.total == Decimal(34_800_000)
