from decimal import Decimal

from indicators.models import Indicator
from indicators.selectors import indicators_for_plan
from tests.indicators.conftest import make_indicator
from workstreams.rag import Rag


def fresh(indicator) -> Indicator:
    return next(i for i in indicators_for_plan(plan=indicator.plan) if i.pk == indicator.pk)


def test_its_rag_is_the_latest_value_against_that_periods_target(home):
    indicator = make_indicator(
        home.plan,
        values=[("2022", "30"), ("2023", "44")],
        targets=[("2022", "30", "0", "0"), ("2023", "45", "2", "4")],
    )
    indicator = fresh(indicator)
    assert indicator.latest.period == "2023" and indicator.latest_target.period == "2023"
    assert indicator.rag == Rag.GREEN  # 1 short, within the amber tolerance of 2


def test_without_a_target_for_the_period_the_latest_earlier_target_holds(home):
    indicator = fresh(make_indicator(home.plan, values=[("2024", "40")], targets=[("2022", "45", "2", "4")]))
    assert indicator.latest_target.period == "2022" and indicator.rag == Rag.RED


def test_a_target_only_for_later_periods_gives_no_rag(home):
    indicator = fresh(make_indicator(home.plan, values=[("2022", "40")], targets=[("2024", "45", "0", "0")]))
    assert indicator.latest_target is None and indicator.rag is None


def test_a_suppressed_latest_year_does_not_hide_the_last_known_figure(home):
    indicator = fresh(
        make_indicator(home.plan, values=[("2022", "46"), ("2023", None)], targets=[("2022", "45", "0", "0")])
    )
    assert indicator.latest.period == "2022" and indicator.latest_recorded.period == "2023"
    assert indicator.latest_recorded.text == "Not available"
    assert indicator.rag == Rag.GREEN


def test_its_figures_are_written_in_its_unit(home):
    percent = fresh(make_indicator(home.plan, values=[("2023", "63.20")]))
    count = fresh(make_indicator(home.plan, name="EHCPs", unit="count", values=[("2023", "2048")]))
    money = fresh(
        make_indicator(home.plan, name="Spend in mainstream", unit="pounds", values=[("2023", "-357000")])
    )
    assert percent.latest.text == "63.2%"
    assert count.latest.text == "2,048"
    assert money.latest.text == "−£357,000"
    assert percent.text(None) == "" and count.text(Decimal("12.5")) == "12.5"
