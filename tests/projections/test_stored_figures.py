from decimal import Decimal

from django.db import transaction

from projections import charts
from projections.models import Scenario, StoredFigures
from projections.selectors import forecast_figures
from projections.services import forecast_run
from projections.stored_figures import plan_forecast, plan_forecasts_read, stored_figures_refresh
from recovery.models import Council
from tests.factories import ActualFactory, MilestoneFactory
from tests.projections.conftest import computed_forecast


def version_of(world) -> int:
    return Council.objects.get(pk=world.council.pk).data_version


def test_it_stores_the_figures_when_a_forecast_run_commits(with_savings, django_capture_on_commit_callbacks):
    home = with_savings
    forecast = computed_forecast(home.plan, run=False)
    with django_capture_on_commit_callbacks(execute=True):
        forecast_run(forecast=forecast, user=None)
    row = StoredFigures.objects.get(plan=home.plan)
    assert row.data_version == version_of(home)
    assert plan_forecasts_read(plan_ids=[home.plan.pk])[home.plan.pk].current is None  # a draft, not current


def test_it_reads_the_stored_row_in_one_query_with_the_same_figures_and_charts(
    with_savings, django_assert_num_queries
):
    home = with_savings
    ActualFactory(plan=home.plan, financial_year=2023, cumulative_deficit=Decimal("900000"))
    forecast = computed_forecast(home.plan, publish=True, current=True)
    stored_figures_refresh(council_ids=[home.council.pk])  # as the run's commit does
    with django_assert_num_queries(1):
        stored = plan_forecast(plan=home.plan)
    live = forecast_figures(forecast=forecast)
    assert stored.current.rows == live.rows and stored.current.savings == live.savings
    assert stored.current.forecast.pk == forecast.pk and stored.current.forecast.name == forecast.name
    assert [a.cumulative_deficit for a in stored.actuals] == [Decimal("900000")]
    assert stored.deficit_chart == charts.deficit_chart(live, earlier=[])
    assert stored.waterfall_chart == charts.mitigation_waterfall(live)


def test_it_reads_live_and_stores_again_when_a_write_has_moved_the_version_on(
    with_savings, django_assert_num_queries
):
    home = with_savings
    forecast = computed_forecast(home.plan, publish=True, current=True)
    stored_figures_refresh(council_ids=[home.council.pk])
    before = plan_forecast(plan=home.plan).current.value(Scenario.UNMITIGATED, 2028)
    ActualFactory(plan=home.plan, financial_year=2024, cumulative_deficit=Decimal("1234567"))
    MilestoneFactory(workstream=home.workstream)  # any write: the council's data version moves on
    # The stored row, behind: the forecasts, their years, their savings and the actuals read live, and stored.
    with django_assert_num_queries(6):
        read = plan_forecast(plan=home.plan)
    assert read.current.forecast.pk == forecast.pk
    assert read.current.value(Scenario.UNMITIGATED, 2028) == before
    assert [a.cumulative_deficit for a in read.actuals] == [Decimal("1234567")]
    assert StoredFigures.objects.get(plan=home.plan).data_version == version_of(home)
    with django_assert_num_queries(1):
        assert [a.cumulative_deficit for a in plan_forecast(plan=home.plan).actuals] == [Decimal("1234567")]


def test_a_write_sees_its_own_changes_not_the_row_stored_before_it(with_savings):
    home = with_savings
    stored_figures_refresh(council_ids=[home.council.pk])
    assert plan_forecast(plan=home.plan).current is None
    with transaction.atomic():
        forecast = computed_forecast(home.plan, publish=True, current=True)  # bumps the version in here
        assert plan_forecast(plan=home.plan).current.forecast.pk == forecast.pk


def test_it_reads_a_row_of_another_format_or_a_damaged_one_live(with_savings, django_assert_num_queries):
    home = with_savings
    forecast = computed_forecast(home.plan, publish=True, current=True)
    stored_figures_refresh(council_ids=[home.council.pk])
    StoredFigures.objects.filter(plan=home.plan).update(format=0)
    with django_assert_num_queries(6):
        assert plan_forecast(plan=home.plan).current.forecast.pk == forecast.pk
    StoredFigures.objects.filter(plan=home.plan).update(payload=b"not a pickle")
    with django_assert_num_queries(6):
        assert plan_forecast(plan=home.plan).current.forecast.pk == forecast.pk
    with django_assert_num_queries(1):
        assert plan_forecast(plan=home.plan).current.forecast.pk == forecast.pk


def test_it_reads_many_plans_in_four_queries(home, foreign, django_assert_num_queries):
    for world in (home, foreign):
        computed_forecast(world.plan, publish=True, current=True)
        computed_forecast(world.plan, name="Older, published", publish=True)
    with django_assert_num_queries(4):
        read = plan_forecasts_read(plan_ids=[home.plan.pk, foreign.plan.pk])
    assert {pk: f.current.forecast.plan_id for pk, f in read.items()} == {
        home.plan.pk: home.plan.pk,
        foreign.plan.pk: foreign.plan.pk,
    }
