"""The demand model run for a council from the dfe store, saved as a forecast priced with its inputs."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from dfe.readers.sen2_demand import REASONS
from projections.demand import REASON_KEYS
from projections.demand_selectors import demand_histories_for_region, demand_levers_for
from projections.demand_services import DemandRunError, demand_forecast_run, demand_model_compute
from projections.models import DemandLever, Forecast, ForecastLine, ForecastYear
from tests.projections.conftest import computed_forecast
from tests.projections.demand_world import with_wiltshire_figures


@pytest.fixture
def wiltshire(home):
    return with_wiltshire_figures(home)


def test_it_reads_the_councils_series_from_the_store(wiltshire):
    own, pool = demand_histories_for_region(council=wiltshire.council)
    assert own.total(2025) == 6383
    assert own.new[2024] == 993 and own.ceased[2024] == 325
    assert own.stock_by_age[2025].sum() == pytest.approx(6383, abs=5)
    assert len(pool) > 1 and all(h.region == "South West" for h in pool)


def test_it_reads_ceased_plans_by_reason_from_the_store(wiltshire):
    own, _pool = demand_histories_for_region(council=wiltshire.council)
    needs_met = REASON_KEYS.index("needs_met")
    # Checked by hand against ceased_plans.csv of the extract: Wiltshire (865), 2024, needs_met 32 on the
    # "All ceased EHC plans" row; 8 on "age 18"; 14 on "age 20 and over" (spread over ages 20–25).
    assert own.ceased_by_reason[2024][needs_met] == 32
    assert own.ceased_by_reason[2024].sum() == 325
    assert sorted(own.ceased_by_age_reason) == [2023, 2024]
    grid = own.ceased_by_age_reason[2024]
    assert grid[18, needs_met] == 8
    assert grid[20:, needs_met].sum() == pytest.approx(14)


def test_it_reads_ceased_plans_by_last_setting_from_the_store(wiltshire):
    own, pool = demand_histories_for_region(council=wiltshire.council)
    # The same hand check as the reader's (ceased_plans.csv, 2024, Wiltshire, "Type of placement"): the store
    # keeps each placement under its caseload.csv column; the selector adds them up by group.
    assert own.ceased_by_setting[2024].tolist() == [54, 11, 22, 15, 0, 110, 113]
    assert sorted(own.ceased_by_setting) == [2023, 2024]
    assert own.notes == []
    assert all(sorted(h.ceased_by_setting) == [2023, 2024] for h in pool)


def test_a_placement_the_store_keeps_under_its_own_words_is_other_and_named(wiltshire):
    from dfe.models import Figure

    neet = Figure.objects.get(
        area__la_code="865", series="ehcp_ceased_setting", breakdown="neet", period="2024"
    )  # 62 plans, "Educated elsewhere - NEET"
    Figure.objects.filter(pk=neet.pk).update(breakdown="Educated elsewhere - hovercraft")
    own, _pool = demand_histories_for_region(council=wiltshire.council)
    assert own.ceased_by_setting[2024].tolist() == [54, 11, 22, 15, 0, 110, 113]  # still in other
    assert own.notes == [
        "Ceased plans of 2024 from the placement 'Educated elsewhere - hovercraft', which this version does "
        "not know, are counted in other"
    ]


def test_the_models_reasons_are_the_readers():
    assert REASON_KEYS == REASONS


def test_it_saves_every_scenario_and_bound_priced_with_the_inputs(wiltshire):
    costs = computed_forecast(wiltshire.plan, first_year=2025, last_year=2028)
    for provision, cost in (("post16", 12000), ("alternative_provision", 20000), ("support_services", 3000)):
        ForecastLine.objects.create(
            forecast=costs, provision_type=provision, places=0, unit_cost=Decimal(cost)
        )
    forecast = demand_forecast_run(council=wiltshire.council, user=None, simulations=200)
    rows = ForecastYear.objects.filter(forecast=forecast)
    assert rows.count() == 3 * 3 * 4
    assert {r.bound for r in rows} == {"single", "upper", "lower"}
    by = {(r.financial_year, r.scenario, r.bound): r for r in rows}
    assert (
        by[(2028, "unmitigated", "lower")].cumulative_deficit
        <= by[(2028, "unmitigated", "single")].cumulative_deficit
    )
    assert (
        by[(2028, "unmitigated", "single")].cumulative_deficit
        <= by[(2028, "unmitigated", "upper")].cumulative_deficit
    )
    assert by[(2025, "unmitigated", "single")].funding == costs.inputs.funding
    assert "calibrated from published totals" in forecast.source


def test_a_missing_cost_is_an_error_never_nothing(wiltshire):
    computed_forecast(wiltshire.plan, first_year=2025, last_year=2028)  # no post-16 line
    with pytest.raises(DemandRunError, match="has no unit cost for .* at £0"):
        demand_forecast_run(council=wiltshire.council, user=None, simulations=50)
    assert not Forecast.objects.filter(name__startswith="Demand model").exists()


def test_a_workstreams_lever_lowers_the_target_scenario(wiltshire):
    DemandLever.objects.create(
        plan=wiltshire.plan,
        workstream=wiltshire.workstream,
        scenario="target",
        kind="joiners",
        start_year=2026,
        age_from=5,
        age_to=10,
        factor=Decimal("0.9"),
    )
    levers = demand_levers_for(plan=wiltshire.plan)
    assert levers["unmitigated"] == [] and len(levers["target"]) == 1 == len(levers["stretch"])
    result = demand_model_compute(council=wiltshire.council, simulations=50, plan=wiltshire.plan)
    assert result.paths["target"].totals()[-1] < result.paths["unmitigated"].totals()[-1]


def test_it_names_a_council_with_no_sen2_figures(home):
    with pytest.raises(DemandRunError, match="no EHC plans by setting group"):
        demand_model_compute(council=home.council, simulations=10)


def test_the_command_runs_the_job_and_reports(wiltshire, capsys):
    costs = computed_forecast(wiltshire.plan, first_year=2025, last_year=2027)
    for provision in ("post16", "alternative_provision", "support_services"):
        ForecastLine.objects.create(
            forecast=costs, provision_type=provision, places=0, unit_cost=Decimal(9000)
        )
    call_command("run_demand_model", wiltshire.council.slug)
    assert "saved" in capsys.readouterr().out
    assert Forecast.objects.filter(name="Demand model from the January 2025 census").count() == 1


def test_the_command_fails_with_the_reason(home):
    with pytest.raises(CommandError, match="could not be forecast"):
        call_command("run_demand_model", home.council.slug)
    with pytest.raises(CommandError, match="one council"):
        call_command("run_demand_model")


def test_the_saved_forecast_shows_on_the_forecast_page(wiltshire):
    from accounts.models import Role
    from tests.conftest import member_client

    costs = computed_forecast(wiltshire.plan, first_year=2025, last_year=2027)
    for provision in ("post16", "alternative_provision", "support_services"):
        ForecastLine.objects.create(
            forecast=costs, provision_type=provision, places=0, unit_cost=Decimal(9000)
        )
    forecast = demand_forecast_run(council=wiltshire.council, user=None, simulations=100)
    client = member_client(wiltshire.council, Role.FINANCE)
    response = client.get(f"/councils/{wiltshire.council.slug}/forecasts/{forecast.pk}/")
    assert response.status_code == 200
    assert "Demand model from the January 2025 census" in response.content.decode()


def test_a_lever_that_would_make_a_count_negative_is_refused_by_field(wiltshire):
    from django.core.exceptions import ValidationError

    lever = DemandLever(
        plan=wiltshire.plan,
        workstream=wiltshire.workstream,
        scenario="target",
        kind="move",
        start_year=2027,
        share=Decimal("1.5"),
        group="independent",
        to_group="moon",
    )
    with pytest.raises(ValidationError) as refused:
        lever.full_clean()
    assert set(refused.value.message_dict) == {"share", "to_group"}


def test_a_saved_lever_the_model_refuses_saves_no_forecast(wiltshire):
    costs = computed_forecast(wiltshire.plan, first_year=2025, last_year=2027)
    for provision in ("post16", "alternative_provision", "support_services"):
        ForecastLine.objects.create(
            forecast=costs, provision_type=provision, places=0, unit_cost=Decimal(9000)
        )
    DemandLever.objects.create(
        plan=wiltshire.plan,
        workstream=wiltshire.workstream,
        scenario="stretch",
        kind="leavers",
        start_year=2026,
        age_from=19,
        age_to=24,
        factor=Decimal("50"),
    )
    with pytest.raises(DemandRunError, match="cannot cease"):
        demand_forecast_run(council=wiltshire.council, user=None, simulations=20)
    assert not Forecast.objects.filter(name__startswith="Demand model").exists()


def test_the_command_runs_every_council_with_a_plan(wiltshire, foreign):
    costs = computed_forecast(wiltshire.plan, first_year=2025, last_year=2027)
    for provision in ("post16", "alternative_provision", "support_services"):
        ForecastLine.objects.create(
            forecast=costs, provision_type=provision, places=0, unit_cost=Decimal(9000)
        )
    with pytest.raises(CommandError, match="1 of 2 councils"):
        call_command("run_demand_model", "--all")
    assert Forecast.objects.filter(plan=wiltshire.plan, name__startswith="Demand model").count() == 1


def test_the_command_waits_only_for_jobs_not_yet_finished(home, monkeypatch):
    # A worker ran every job while the command queued them: each result is looked at once, never slept on
    # (it slept half a second on each before: 76 s for 153 councils whatever the workers did).
    from projections.management.commands import run_demand_model as command

    class Result:
        def __init__(self, council):
            self.council, self.is_finished, self.refreshed = council, False, 0

        def refresh(self):
            self.refreshed += 1
            self.is_finished = True
            self.return_value = {"council": self.council.slug, "status": "succeeded", "forecast": 1}

    results = []

    def enqueue(*, run):
        results.append(Result(run.council))
        return results[-1]

    monkeypatch.setattr(command, "demand_run_enqueue", enqueue)
    monkeypatch.setattr(command.time, "sleep", lambda seconds: pytest.fail("slept on a finished job"))
    call_command("run_demand_model", home.council.slug)
    assert [r.refreshed for r in results] == [1]


def test_a_run_keeps_its_outcome_on_its_row(wiltshire, home):
    from projections.demand_jobs import demand_run_create, demand_run_execute

    run = demand_run_execute(
        run_id=demand_run_create(council=wiltshire.council, user=None, simulations=20).pk
    )
    assert run.status == "failed" and "no computed forecast" in run.error and run.forecast is None
    costs = computed_forecast(wiltshire.plan, first_year=2025, last_year=2027)
    for provision in ("post16", "alternative_provision", "support_services"):
        ForecastLine.objects.create(
            forecast=costs, provision_type=provision, places=0, unit_cost=Decimal(9000)
        )
    run = demand_run_execute(
        run_id=demand_run_create(council=wiltshire.council, user=None, simulations=20).pk
    )
    assert run.status == "succeeded" and run.forecast is not None and run.finished_at is not None


# --- levers edited through the service, and their effect in pounds ----------------------------------------


def lever_details(world, **changes):
    from projections.demand_services import LeverDetails

    values = dict(
        workstream_id=world.workstream.pk,
        scenario="target",
        kind="joiners",
        start_year=2026,
        age_from=5,
        age_to=10,
        factor=Decimal("0.9"),
    )
    values.update(changes)
    return LeverDetails(**values)


def test_a_lever_added_through_the_service_is_audited_and_bumps_the_version(home):
    from projections.demand_services import demand_lever_add
    from tests.factories import UserFactory

    user = UserFactory()
    version = home.council.data_version
    lever = demand_lever_add(plan=home.plan, user=user, details=lever_details(home))
    assert lever.factor == Decimal("0.9") and lever.share == 0
    assert lever.history.get().history_user == user
    home.council.refresh_from_db()
    assert home.council.data_version > version


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"start_year": 2030}, "start_year", "one of the plan's years, 2024-25 to 2028-29"),
        ({"age_from": 12, "age_to": 10}, "age_to", "Ages run from 0 to 25"),
        ({"factor": Decimal("-0.5")}, "change", "negative"),
        ({"factor": Decimal("1")}, "change", "changes nothing"),
        ({"kind": "move", "share": Decimal("0")}, "share", "changes nothing"),
        ({"kind": "move", "share": Decimal("0.2"), "group": "special"}, "to_group", "A move needs"),
        (
            {"kind": "move", "share": Decimal("1.5"), "group": "special", "to_group": "mainstream"},
            "share",
            "0 and 1",
        ),
    ],
)
def test_a_bad_lever_is_refused_by_field_and_nothing_is_saved(home, changes, field, message):
    from core.errors import Refused
    from projections.demand_services import demand_lever_add

    with pytest.raises(Refused, match=message) as refused:
        demand_lever_add(plan=home.plan, user=None, details=lever_details(home, **changes))
    assert refused.value.field == field
    assert not DemandLever.objects.exists()


def test_another_plans_workstream_is_refused(home, foreign):
    from core.errors import Refused
    from projections.demand_services import demand_lever_add

    with pytest.raises(Refused, match="this plan's workstreams"):
        demand_lever_add(
            plan=home.plan, user=None, details=lever_details(home, workstream_id=foreign.workstream.pk)
        )
    assert not DemandLever.objects.exists()


def test_a_removed_lever_leaves_its_history(home):
    from projections.demand_services import demand_lever_add, demand_lever_remove

    lever = demand_lever_add(plan=home.plan, user=None, details=lever_details(home))
    demand_lever_remove(lever=lever, user=None)
    assert not DemandLever.objects.exists()
    assert [h.history_type for h in DemandLever.history.order_by("history_date")] == ["+", "-"]


def test_a_levers_effect_is_priced_and_set_beside_the_savings_its_workstream_claims(wiltshire):
    from projections.demand_services import demand_lever_add, demand_pricing, lever_effects
    from workstreams.models import WorkstreamSaving

    costs = computed_forecast(wiltshire.plan, first_year=2025, last_year=2028)
    for provision, cost in (("post16", 12000), ("alternative_provision", 20000), ("support_services", 3000)):
        ForecastLine.objects.create(
            forecast=costs, provision_type=provision, places=0, unit_cost=Decimal(cost)
        )
    for year, amount in ((2025, 100_000), (2026, 250_000), (2029, 999_999)):  # 2029 is outside the years
        WorkstreamSaving.objects.create(
            workstream=wiltshire.workstream, financial_year=year, target=amount, stretch=amount
        )
    demand_lever_add(plan=wiltshire.plan, user=None, details=lever_details(wiltshire, start_year=2025))
    result = demand_model_compute(council=wiltshire.council, simulations=20, plan=wiltshire.plan)
    pricing = demand_pricing(wiltshire.plan, result)
    (effect,) = lever_effects(result, plan=wiltshire.plan, pricing=pricing)
    assert effect["children"] < 0
    assert effect["pounds"] < 0  # fewer plans cost less
    assert effect["claimed"] == Decimal(350_000)
    assert effect["pricing_years"] == "2025-26 to 2028-29"
    # By hand: the change in each group's plans at each priced census × that group's unit cost that year.
    alone = (
        result.paths["target"].by_group()[pricing.steps]
        - result.paths["unmitigated"].by_group()[pricing.steps]
    )
    assert effect["pounds"] == Decimal(int(round(float((alone * pricing.unit).sum()))))


def test_without_a_computed_forecast_a_levers_effect_is_counted_not_priced(wiltshire):
    from projections.demand_services import demand_lever_add, demand_pricing, lever_effects

    demand_lever_add(plan=wiltshire.plan, user=None, details=lever_details(wiltshire))
    result = demand_model_compute(council=wiltshire.council, simulations=20, plan=wiltshire.plan)
    with pytest.raises(DemandRunError, match="has no computed forecast"):
        demand_pricing(wiltshire.plan, result)
    (effect,) = lever_effects(result, plan=wiltshire.plan)
    assert effect["children"] < 0 and effect["pounds"] is None and effect["claimed"] is None


def test_a_lever_the_model_would_refuse_with_the_councils_rates_is_refused_when_added(wiltshire):
    from core.errors import Refused
    from projections.demand_services import demand_lever_add

    too_many = lever_details(wiltshire, kind="leavers", age_from=19, age_to=25, factor=Decimal("20"))
    with pytest.raises(
        Refused, match="The model would refuse this lever: .*more plans cannot cease"
    ) as refused:
        demand_lever_add(plan=wiltshire.plan, user=None, details=too_many)
    assert refused.value.field == "change"
    assert not DemandLever.objects.exists()
    demand_model_compute(council=wiltshire.council, simulations=10, plan=wiltshire.plan)  # still runs


# --- the council's own transitions ----------------------------------------------------------------------


def _upload(world, data=None, **extra):
    from projections.demand_services import demand_transitions_upload
    from tests.projections.transitions_world import transitions_csv

    return demand_transitions_upload(
        council=world.council,
        user=world.finance if hasattr(world, "finance") else None,
        transitions=data or transitions_csv(),
        file_name="transitions.csv",
        **extra,
    )


def test_with_transitions_the_saved_forecast_is_calibrated_from_them(wiltshire):
    costs = computed_forecast(wiltshire.plan, first_year=2025, last_year=2028)
    for provision, cost in (("post16", 12000), ("alternative_provision", 20000), ("support_services", 3000)):
        ForecastLine.objects.create(
            forecast=costs, provision_type=provision, places=0, unit_cost=Decimal(cost)
        )
    record = _upload(wiltshire)
    forecast = demand_forecast_run(council=wiltshire.council, user=None, simulations=100)
    assert (
        f"observed transitions ({record.transitions_count:,} transitions, years 2019–2023)" in forecast.source
    )
    assert forecast.name == "Demand model from the January 2024 census"


def test_a_re_upload_keeps_the_groups_chosen_before_and_bumps_the_data_version(wiltshire):
    from projections.demand_services import demand_settings_map

    record = _upload(wiltshire)
    demand_settings_map(record=record, user=None, mapping={"ISSR": "special"})
    before = type(wiltshire.council).objects.get(pk=wiltshire.council.pk).data_version
    again = _upload(wiltshire)
    assert again.pk == record.pk and again.mapping["ISSR"] == "special"
    assert type(wiltshire.council).objects.get(pk=wiltshire.council.pk).data_version > before
    assert again.history.count() == 3


@pytest.mark.parametrize(
    ("mapping", "message"),
    [({"NOPE": "special"}, "has no setting “NOPE”"), ({"MU": "castle"}, "“castle” is not a placement group")],
)
def test_the_settings_table_refuses_what_the_file_does_not_have(wiltshire, mapping, message):
    from core.errors import Refused
    from projections.demand_services import demand_settings_map

    record = _upload(wiltshire)
    with pytest.raises(Refused, match=message):
        demand_settings_map(record=record, user=None, mapping=mapping)
    record.refresh_from_db()
    assert record.mapping["MU"] == "resourced"


def test_a_setting_without_a_group_stops_the_model_with_its_name_and_saves_nothing(wiltshire):
    from tests.projections.transitions_world import transitions_csv

    _upload(wiltshire, transitions_csv() + b"2023,XQ1,CI,5,MMSIB,CI,6\n")
    computed_forecast(wiltshire.plan, first_year=2025, last_year=2028)
    before = Forecast.objects.count()
    with pytest.raises(DemandRunError, match="settings without a placement group: XQ1"):
        demand_forecast_run(council=wiltshire.council, user=None, simulations=50)
    assert Forecast.objects.count() == before


def test_a_groups_missing_cost_comes_from_the_s251_outturn_where_the_dfe_figures_give_it(wiltshire):
    """No independent special line in the forecast: the s251 outturn of independent and non-maintained
    providers ÷ Wiltshire's 327 plans there in January 2024 prices the group instead, and says so."""
    from datetime import UTC, date, datetime

    from dfe.models import Figure, LocalAuthority, Release
    from projections.demand_services import demand_pricing

    costs = computed_forecast(wiltshire.plan, first_year=2025, last_year=2028)
    costs.lines.filter(provision_type="inmss").delete()
    for provision, cost in (("post16", 12000), ("alternative_provision", 20000), ("support_services", 3000)):
        ForecastLine.objects.create(
            forecast=costs, provision_type=provision, places=0, unit_cost=Decimal(cost)
        )
    with pytest.raises(DemandRunError, match="no unit cost for Independent"):
        demand_pricing(wiltshire.plan, demand_model_compute(council=wiltshire.council, simulations=20))
    release = Release.objects.create(
        family="s251",
        title="LA and school expenditure",
        published="December 2024",
        as_of=date(2024, 12, 12),
        file_name="s251.csv",
        sha256="0" * 64,
        imported_at=datetime(2024, 12, 12, tzinfo=UTC),
    )
    Figure.objects.create(
        area=LocalAuthority.objects.get(la_code="865"),
        series="s251_outturn_independent",
        period="2023-24",
        value=Decimal("16350000"),
        release=release,
        file="s251.csv",
        line=2,
    )
    result = demand_model_compute(council=wiltshire.council, simulations=20, plan=wiltshire.plan)
    pricing = demand_pricing(wiltshire.plan, result)
    assert pricing.unit[0, 3] == pytest.approx(50_000)
    assert pricing.notes == [
        "Independent and non-maintained special schools: £50,000 a plan, the s251 outturn of 2023-24 "
        "(£16,350,000) ÷ 327 plans in January 2024 (DfE figures), with no growth"
    ]
