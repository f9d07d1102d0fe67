"""Plan summaries (reports.summaries): the national overview's row per plan, kept by the writes."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from forum.services.returns import ReturnEntry, return_save
from projections import services as forecasts
from recovery import data_version
from recovery.models import Council, RecoveryPlan
from reports.models import PlanSummary
from reports.selectors import national_rag_counts, national_rows
from reports.summaries import (
    CHART,
    DUE_WIDTH,
    NO_DUE,
    SPARKLINE,
    chart_on,
    dues_text,
    milestone_counts,
    plan_figures,
    split_sparkline,
    summaries_build,
    summaries_refresh,
    with_sparkline,
)
from tests.factories import (
    ForecastFactory,
    ForecastYearFactory,
    MilestoneFactory,
    UserFactory,
    WorkstreamFactory,
)
from tests.reports.conftest import QUEUED
from workstreams.rag import Rag
from workstreams.services.plan import milestone_archive, workstream_archive
from workstreams.services.progress import milestone_update

TODAY = date(2026, 12, 5)


def _every_kind_of_milestone(plan):
    workstream = WorkstreamFactory(plan=plan)
    for rag in (Rag.GREEN, Rag.AMBER, Rag.RED, ""):
        for reason in ("", "Waiting for the new provider"):
            for due in (TODAY - timedelta(days=40), TODAY, TODAY + timedelta(days=3), None):
                MilestoneFactory(workstream=workstream, rag=rag, rag_hold_reason=reason, forecast_due=due)
    MilestoneFactory(
        workstream=workstream, rag=Rag.AMBER, forecast_due=TODAY - timedelta(days=9), completed_on=TODAY
    )
    MilestoneFactory(workstream=workstream, rag=Rag.AMBER, archived_on=TODAY)
    MilestoneFactory(workstream=WorkstreamFactory(plan=plan, archived_on=TODAY), rag=Rag.RED)


def _current(plan_pk) -> bool:
    summary = PlanSummary.objects.filter(plan=plan_pk).first()
    council = Council.objects.get(plans=plan_pk)
    return (
        summary is not None
        and summary.data_version == council.data_version
        and with_sparkline(summary.figures, summary.sparkline) == plan_figures(plan_ids=[plan_pk])[plan_pk]
    )


@pytest.mark.parametrize("days", [-60, -40, -1, 0, 1, 3, 4, 400])
def test_it_counts_as_the_sql_rules_do_on_any_day(home, days):
    _every_kind_of_milestone(home.plan)
    figures = plan_figures(plan_ids=[home.plan.pk])[home.plan.pk]
    day = TODAY + timedelta(days=days)
    counted = RecoveryPlan.objects.annotate(**national_rag_counts(day)).get(pk=home.plan.pk)
    counts, overdue = milestone_counts(figures, day)
    assert counts == {rag: getattr(counted, rag) for rag in ("red", "amber", "green")}
    assert overdue == counted.overdue


def test_it_gives_the_overview_the_same_rows_stored_as_read_live(home, foreign):
    _every_kind_of_milestone(home.plan)
    old = ForecastFactory(plan=home.plan, status="published", as_at="2024-01-01")
    new = ForecastFactory(plan=home.plan, status="published", is_current=True, as_at="2024-06-01")
    for year, deficit in ((2026, "20000000.00"), (2027, "30000000.00")):
        ForecastYearFactory(forecast=old, financial_year=year, cumulative_deficit=Decimal(deficit))
        ForecastYearFactory(
            forecast=new, financial_year=year, cumulative_deficit=Decimal(deficit) + 1, funding=Decimal(9e7)
        )
    live = [vars(row) for row in national_rows(today=TODAY)]
    assert summaries_build() == 2
    stored = [vars(row) for row in national_rows(today=TODAY)]
    assert stored == live
    row = next(r for r in stored if r["council"].pk == home.council.pk)
    assert row["end"] == Decimal("30000001.00") and row["previous_end"] == Decimal("30000000.00")


@pytest.mark.parametrize("sparkline", ['<svg aria-label="Deficit “£1.2m” \\ é">&amp;</svg>', "", None])
def test_it_stores_the_sparkline_in_its_own_column_and_reads_it_back(home, sparkline):
    figures = {"milestones": {"red|0": "0b3c1a"}, "series": [[2026, "1.00"]], "change_year": None}
    if sparkline is not None:
        figures[SPARKLINE] = sparkline  # "": a series too short to draw
    stored, column = split_sparkline(dict(figures))
    PlanSummary.objects.create(plan=home.plan, data_version=1, figures=stored, sparkline=column)
    summary = PlanSummary.objects.get(plan=home.plan)
    assert SPARKLINE not in summary.figures and summary.sparkline == (sparkline or "")
    assert with_sparkline(summary.figures, summary.sparkline) == figures


def test_a_sparkline_stored_by_other_markup_is_not_read_as_this_ones(home):
    figures = {"milestones": {}, "series": [[2026, "1.00"]], "sparkline_column": "sparkline_0"}
    assert SPARKLINE not in with_sparkline(dict(figures), "<svg>old</svg>")


def test_its_figures_are_json_text_in_the_database(home):
    summaries_refresh(council_ids=[home.council.pk])
    with connection.cursor() as cursor:
        cursor.execute("SELECT figures FROM reports_plansummary WHERE plan_id = %s", [home.plan.pk])
        (text,) = cursor.fetchone()
    assert json.loads(text) == PlanSummary.objects.get(plan=home.plan).figures


def test_its_figures_column_is_text_not_jsonb_on_postgresql(db, needs_postgresql):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT data_type FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            ["reports_plansummary", "figures"],
        )
        assert cursor.fetchone() == ("text",)


def test_it_stores_the_charts_figures_to_the_pound_for_each_year(home):
    forecast = ForecastFactory(plan=home.plan, status="published", is_current=True, as_at="2024-06-01")
    for year, deficit in ((2026, "1250000.40"), (2027, "-5.00")):
        ForecastYearFactory(forecast=forecast, financial_year=year, cumulative_deficit=Decimal(deficit))
    figures = plan_figures(plan_ids=[home.plan.pk])[home.plan.pk]
    assert chart_on(figures, 2026) == ("£1,250,000", "−£5")
    assert chart_on(figures, 2027) == ("−£5", "−£5")
    assert chart_on(figures, 2030) == ("", "−£5")  # a year the forecast does not give
    del figures[CHART]  # a summary stored before them: the chart writes them as it reads
    assert chart_on(figures, 2026) is None


def test_it_reads_a_summary_behind_its_councils_version_live(home):
    summaries_refresh(council_ids=[home.council.pk])
    MilestoneFactory(workstream=home.workstream, rag=Rag.RED)  # a write whose refresh has not run
    row = next(r for r in national_rows(today=TODAY) if r.council.pk == home.council.pk)
    assert row.rag_counts["red"] == 1


@pytest.fixture
def officer(db):
    return UserFactory(username="officer")


def _update(milestone, user, **changes):
    values = {
        "expected_version": milestone.version,
        "rag": milestone.rag,
        "percent_complete": milestone.percent_complete,
        "forecast_due": milestone.forecast_due,
        "completed_on": milestone.completed_on,
        "commentary": "",
    }
    return {**values, **changes}


def _published(plan, as_at, **fields):
    forecast = ForecastFactory(plan=plan, as_at=as_at, **fields)
    ForecastYearFactory(forecast=forecast, financial_year=2027, cumulative_deficit=Decimal(as_at.year * 1000))
    return forecast


WRITES = {
    "milestone update": lambda w, user: milestone_update(
        milestone=w.milestone, user=user, **_update(w.milestone, user, rag=Rag.AMBER, commentary="Slipping")
    ),
    "milestone completed": lambda w, user: milestone_update(
        milestone=w.milestone,
        user=user,
        **_update(w.milestone, user, completed_on=TODAY, percent_complete=100),
    ),
    "milestone archived": lambda w, user: milestone_archive(milestone=w.milestone, user=user),
    "workstream archived": lambda w, user: workstream_archive(workstream=w.workstream, user=user),
    "update return of 10 rows": lambda w, user: return_save(
        user=user,
        entries=[
            ReturnEntry(milestone=m, values=_update(m, user, rag=Rag.RED, commentary="Late"))
            for m in [w.milestone, *MilestoneFactory.create_batch(9, workstream=w.workstream)]
        ],
    ),
    "forecast published": lambda w, user: forecasts.forecast_publish(
        forecast=_published(w.plan, date(2026, 1, 1), kind="figures"), user=user
    ),
    "forecast made current": lambda w, user: forecasts.forecast_make_current(
        forecast=_published(w.plan, date(2026, 2, 1), status="published"), user=user
    ),
    "a save outside the services (the Django admin)": lambda w, user: MilestoneFactory(
        workstream=w.workstream, rag=Rag.RED, forecast_due=TODAY - timedelta(days=1)
    ),
}


@pytest.mark.parametrize("write", WRITES)
def test_it_is_kept_current_by_every_write_that_changes_a_figure(
    home, officer, write, django_capture_on_commit_callbacks
):
    summaries_refresh(council_ids=[home.council.pk])
    before = PlanSummary.objects.get(plan=home.plan).figures
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        WRITES[write](home, officer)
    assert _current(home.plan.pk)
    if write != "forecast published":  # a draft published is not yet the current forecast
        assert PlanSummary.objects.get(plan=home.plan).figures != before


def test_it_keeps_nothing_of_a_write_that_rolls_back(home, officer, django_capture_on_commit_callbacks):
    summaries_refresh(council_ids=[home.council.pk])
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        milestone_archive(milestone=home.milestone, user=officer)
        raise RuntimeError("the request failed")
    assert callbacks == []
    assert _current(home.plan.pk)


def test_it_refreshes_each_council_once_per_transaction(
    home, foreign, officer, django_capture_on_commit_callbacks, monkeypatch
):
    refreshed = []

    def listener(*, council_ids):
        refreshed.append(council_ids)
        summaries_refresh(council_ids=council_ids)

    monkeypatch.setattr(data_version, "_listeners", [listener])
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for world in (home, foreign):  # each service its own (nested) atomic block
            milestone_archive(milestone=world.milestone, user=officer)
            workstream_archive(workstream=world.workstream, user=officer)
    assert refreshed == [sorted([home.council.pk, foreign.council.pk])]
    assert _current(home.plan.pk) and _current(foreign.plan.pk)


def test_the_command_builds_every_active_plans_summary(home, foreign):
    call_command("build_plan_summaries", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _current(home.plan.pk) and _current(foreign.plan.pk)


def test_a_national_dfe_import_keeps_every_summary_at_its_councils_new_version(
    home, foreign, django_capture_on_commit_callbacks
):
    """A DfE import bumps every council (benchmarking compares them): the overview's rows follow, so the
    first national view after an import does not read every plan live."""
    from dfe.services import release_import
    from tests.dfe.conftest import fixture_bytes

    summaries_refresh(council_ids=[home.council.pk, foreign.council.pk])
    with django_capture_on_commit_callbacks(execute=True):
        release_import(data=fixture_bytes("sn_may_2025.xlsx"), file_name="sn_may_2025.xlsx", user=None)
    assert _current(home.plan.pk) and _current(foreign.plan.pk)


@pytest.mark.parametrize("days", [-60, -40, -1, 0, 1, 3, 4, 400])
def test_it_counts_a_summary_stored_with_lists_of_ordinals_as_it_counts_the_strings(home, days):
    _every_kind_of_milestone(home.plan)
    figures = plan_figures(plan_ids=[home.plan.pk])[home.plan.pk]
    # As summaries were stored before the due dates became strings: a sorted list of ordinals per group.
    as_lists = {
        **figures,
        "milestones": {
            key: [int(text[i : i + DUE_WIDTH], 16) for i in range(0, len(text), DUE_WIDTH)]
            for key, text in figures["milestones"].items()
        },
    }
    assert all(isinstance(text, str) for text in figures["milestones"].values())
    day = TODAY + timedelta(days=days)
    assert milestone_counts(as_lists, day) == milestone_counts(figures, day)


def test_it_writes_due_dates_so_they_sort_as_the_days_do():
    days = [NO_DUE, date(2026, 12, 5).toordinal(), date.min.toordinal(), date(2027, 1, 1).toordinal()]
    text = dues_text(days)
    assert len(text) == DUE_WIDTH * 4
    assert [int(text[i : i + DUE_WIDTH], 16) for i in range(0, len(text), DUE_WIDTH)] == sorted(days)


def test_with_the_worker_a_write_leaves_the_summary_to_its_task_and_the_overview_reads_live_meanwhile(
    home, officer, settings, django_capture_on_commit_callbacks
):
    from reports.tasks import build_stored_picture

    summaries_refresh(council_ids=[home.council.pk])
    settings.STORED_PICTURES_AFTER_WRITE = True
    settings.TASKS = QUEUED  # the task waits in the queue for the worker
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        WRITES["milestone update"](home, officer)
    summary = PlanSummary.objects.get(plan=home.plan)
    assert summary.data_version < Council.objects.get(pk=home.council.pk).data_version  # not refreshed
    row = next(r for r in national_rows(today=TODAY) if r.council.pk == home.council.pk)
    assert row.rag_counts["amber"] == 1  # the write's amber, worked out as the overview reads

    build_stored_picture.call(home.council.pk)  # as the worker runs it
    assert _current(home.plan.pk)
    assert vars(next(r for r in national_rows(today=TODAY) if r.council.pk == home.council.pk)) == vars(row)


def test_without_the_worker_a_write_refreshes_the_summary_when_it_commits(
    home, officer, settings, django_capture_on_commit_callbacks
):
    summaries_refresh(council_ids=[home.council.pk])
    settings.STORED_PICTURES_AFTER_WRITE = False
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        WRITES["milestone update"](home, officer)
    assert _current(home.plan.pk)
