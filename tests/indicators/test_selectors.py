"""indicators.selectors: a plan's indicators with their figures; one indicator with who recorded them."""

from indicators.selectors import indicator_for_council, indicators_for_plan
from tests.indicators.conftest import make_indicator


def test_the_plans_list_reads_figures_without_their_recorders_and_one_indicator_with_them(
    home, django_assert_num_queries
):
    made = make_indicator(home.plan, values=[("2024", "40.5"), ("2025", "42")])
    expected = [(v.period, v.value) for v in made.values.order_by("period_start", "kind")]
    with django_assert_num_queries(3):
        listed = indicators_for_plan(plan=home.plan)
        assert [(v.period, v.value) for v in listed[0].values.all()] == expected
        assert listed[0].plan.council == home.council  # read with the indicator, no query
    assert all("recorded_by" not in v._state.fields_cache for v in listed[0].values.all())
    one = indicator_for_council(council=home.council, indicator_id=made.pk)
    assert all("recorded_by" in v._state.fields_cache for v in one.values.all())
