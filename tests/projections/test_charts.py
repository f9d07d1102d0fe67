from decimal import Decimal

from projections.charts import deficit_chart


def test_it_draws_a_line_per_series_and_the_actuals_as_whole_pounds():
    figure = deficit_chart(
        years=["2024-25", "2025-26"],
        series=[
            ("Upper bound unmitigated", "unmitigated", "upper", [Decimal("100.40"), Decimal(200)]),
            ("Lower bound target mitigated", "target", "lower", [Decimal(90), None]),
        ],
        actuals={"2024-25": Decimal("120")},
    )
    names = [trace["name"] for trace in figure["data"]]
    assert names == ["Upper bound unmitigated", "Lower bound target mitigated", "Actual"]
    assert figure["data"][0]["y"] == [100, 200] and figure["data"][1]["y"] == [90, None]
    assert figure["data"][2]["x"] == ["2024-25"] and figure["data"][2]["y"] == [120]
    # Never colour alone: scenarios differ by marker shape, bounds by line style.
    assert figure["data"][0]["marker"]["symbol"] != figure["data"][1]["marker"]["symbol"]
    assert figure["data"][0]["line"]["dash"] != figure["data"][1]["line"]["dash"]
    assert figure["layout"]["yaxis"]["tickprefix"] == "£"


def test_it_draws_no_actuals_line_without_actuals():
    figure = deficit_chart(years=["2024-25"], series=[("Unmitigated", "unmitigated", "single", [Decimal(1)])])
    assert [trace["name"] for trace in figure["data"]] == ["Unmitigated"]
