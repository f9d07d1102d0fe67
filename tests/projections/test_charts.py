"""The forecast charts: one style per scenario and bound, inert text, one money format for ticks and hover."""

from decimal import Decimal

import plotly.graph_objects as go

from core.money import MINUS
from projections import engine
from projections.charts import deficit_chart, mitigation_waterfall, series_style
from projections.figures import Series
from tests.projections.engine_figures import figures_from_engine

LINE = engine.ExpenditureLine(places=Decimal(100), unit_cost=Decimal(10_000), places_growth=Decimal("0.1"))


def projection(**changes):
    values = {
        "first_year": "2026-27",
        "years": 3,
        "opening_deficit": Decimal(-500_000),
        "funding": Decimal(1_000_000),
        "lines": {"special_schools": LINE},
        "savings": [
            engine.WorkstreamSaving("1. Nurture", "2026-27", Decimal(40_000), Decimal(50_000)),
            engine.WorkstreamSaving("2. Outreach", "2027-28", Decimal(60_000), Decimal(60_000)),
        ],
        "success_rate": Decimal("0.75"),
    }
    values.update(changes)
    return engine.ProjectionInput(**values)


def test_it_draws_each_series_in_its_own_style_with_the_table_beside_it():
    figures = figures_from_engine(projection(bounds={"upper": Decimal("0.02"), "lower": Decimal("-0.02")}))
    chart = deficit_chart(figures)
    traces = {t["name"]: t for t in chart.figure["data"]}
    assert set(traces) == {s.label for s in figures.series}
    upper, lower = traces["Upper bound target mitigated"], traces["Lower bound target mitigated"]
    assert upper["line"]["color"] == lower["line"]["color"]  # one colour per scenario
    assert upper["line"]["dash"] != lower["line"]["dash"]  # bounds differ by line, not colour
    assert lower["marker"]["symbol"].endswith("-open") and lower["meta"] == {"bound": "lower"}
    assert chart.bounds == ("upper", "lower")
    for series in figures.series:
        column = [row[chart.columns.index(series.label)] for row in chart.rows]
        assert column == figures.column(series)
        assert traces[series.label]["y"] == [int(v) for v in column]


def test_it_gives_every_scenario_the_same_style_on_every_chart():
    central = series_style(Series("unmitigated", "single"))
    upper = series_style(Series("unmitigated", "upper"))
    # One colour per scenario; the central case, kept beside the bounds (issue 21), is the solid line.
    assert central["color"] == upper["color"] and (central["dash"], upper["dash"]) == ("solid", "dash")
    colours = {series_style(Series(s, "single"))["color"] for s in ("unmitigated", "target", "stretch")}
    assert len(colours) == 3


def test_it_writes_ticks_and_hover_text_the_one_way():
    chart = deficit_chart(figures_from_engine(projection()))
    ticks = chart.figure["layout"]["yaxis"]["ticktext"]
    assert any(t.startswith(f"{MINUS}£") for t in ticks)  # the opening surplus goes below zero
    assert not any("£-" in t or "£−" in t for t in ticks)
    first = chart.figure["data"][0]
    assert first["text"][0].startswith(f"{MINUS}£") and "%{text}" in first["hovertemplate"]


def test_it_marks_the_actuals_and_earlier_forecasts_apart():
    figures = figures_from_engine(projection())
    earlier = figures_from_engine(projection(funding=Decimal(900_000)), name="Budget <b>2025</b>")
    chart = deficit_chart(figures, earlier=[earlier])
    names = [t["name"] for t in chart.figure["data"]]
    assert "Earlier forecast: Budget &lt;b&gt;2025&lt;/b&gt;" in names
    assert "Earlier forecast: Budget <b>2025</b>" in chart.columns  # the table shows the text as typed


def test_it_builds_figures_plotly_accepts():
    figures = figures_from_engine(projection(bounds={"upper": Decimal("0.02"), "lower": Decimal("-0.02")}))
    for chart in (deficit_chart(figures), mitigation_waterfall(figures)):
        fig = dict(chart.figure)
        narrow = fig.pop("narrow")
        go.Figure(fig)  # raises on any property plotly does not know
        go.Figure({"data": [{**t, **n} for t, n in zip(fig["data"], narrow.get("data", []), strict=False)]})


def test_it_steps_from_unmitigated_through_each_workstream_to_target():
    figures = figures_from_engine(projection())
    chart = mitigation_waterfall(figures)
    labels = [row[0] for row in chart.rows]
    assert labels == ["Unmitigated 2028-29", "1. Nurture", "2. Outreach", "Target mitigated 2028-29"]
    values = [row[1] for row in chart.rows]
    assert values[0] - values[-1] == -sum(values[1:-1])
    assert values[1:3] == [Decimal(-30_000), Decimal(-45_000)]  # savings x 75%
    assert "Other" not in " ".join(labels)
