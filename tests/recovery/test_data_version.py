"""The council's data version: every recorded write bumps it, and only its own council's."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from projections import services as forecast_services
from recovery import data_version
from recovery.models import Council
from reports import services as report_services
from tests.factories import (
    CouncilFactory,
    ForecastFactory,
    ForecastYearFactory,
    LeadFactory,
    MilestoneFactory,
    PlanFactory,
    UserFactory,
    WorkstreamFactory,
)
from workstreams import services as workstream_services
from workstreams.rag import Rag


def version(council) -> int:
    return Council.objects.get(pk=council.pk).data_version


def test_it_knows_the_council_of_every_audited_model():
    audited = {m._meta.label_lower for m in apps.get_models() if hasattr(m, "history")}
    missing = audited - set(data_version.COUNCIL_OF) - data_version.NO_COUNCIL
    assert not missing, f"add these models to recovery.data_version.COUNCIL_OF: {sorted(missing)}"


@pytest.fixture
def world(db):
    plan = PlanFactory()
    other = PlanFactory()
    milestone = MilestoneFactory(workstream=WorkstreamFactory(plan=plan))
    MilestoneFactory(workstream=WorkstreamFactory(plan=other))
    return plan, other, milestone, UserFactory()


def bumps(world, write) -> tuple[int, int]:
    plan, other, *_ = world
    before, other_before = version(plan.council), version(other.council)
    write()
    return version(plan.council) - before, version(other.council) - other_before


def test_it_bumps_on_a_milestone_update_and_not_another_council(world):
    _, _, milestone, user = world
    mine, theirs = bumps(
        world,
        lambda: workstream_services.milestone_update(
            milestone=milestone,
            user=user,
            expected_version=milestone.version,
            rag=Rag.AMBER,
            percent_complete=10,
            forecast_due=milestone.forecast_due,
            completed_on=None,
            commentary="Late",
        ),
    )
    assert mine >= 1
    assert theirs == 0


def test_it_bumps_on_a_milestone_archive(world):
    _, _, milestone, user = world
    assert bumps(world, lambda: workstream_services.milestone_archive(milestone=milestone, user=user))[0] >= 1


def test_it_bumps_on_a_workstream_created(world):
    plan, _, _, user = world
    details = workstream_services.WorkstreamDetails(code="9", title="New")
    mine, theirs = bumps(
        world, lambda: workstream_services.workstream_create(plan=plan, user=user, details=details)
    )
    assert (mine >= 1, theirs) == (True, 0)


def test_it_bumps_on_a_lead_renamed(world):
    plan, _, _, user = world
    lead = LeadFactory(council=plan.council)
    details = workstream_services.LeadDetails(name="Renamed", initials=lead.initials)
    assert bumps(world, lambda: workstream_services.lead_edit(lead=lead, user=user, details=details))[0] >= 1


def test_it_bumps_on_figures_written_in_bulk(world):
    plan, _, _, user = world
    forecast = ForecastFactory(plan=plan)
    ForecastYearFactory(forecast=forecast, financial_year=2024)
    figures = {(2024, "unmitigated", "single"): (None, None, Decimal("5"))}
    mine, theirs = bumps(
        world, lambda: forecast_services._replace_figures(forecast, figures, user, timezone.now())
    )
    assert (mine >= 1, theirs) == (True, 0)


def test_it_bumps_on_a_forecast_deleted(world):
    plan, _, _, user = world
    forecast = ForecastFactory(plan=plan)
    ForecastYearFactory(forecast=forecast)
    assert bumps(world, lambda: forecast_services.forecast_delete(forecast=forecast, user=user))[0] >= 1


def test_it_bumps_on_a_forecast_copied(world):
    plan, _, _, user = world
    forecast = ForecastFactory(plan=plan)
    ForecastYearFactory(forecast=forecast)
    assert bumps(world, lambda: forecast_services.forecast_copy(forecast=forecast, user=user))[0] >= 1


def test_it_bumps_on_a_report_published(world):
    plan, _, _, user = world
    report = report_services.report_create(plan=plan, user=user, meeting_date=date(2030, 1, 1), title="R")
    assert bumps(world, lambda: report_services.report_publish(report=report, user=user))[0] >= 1


def test_it_bumps_on_a_council_saved_outside_a_service(db):
    council = CouncilFactory()
    before = version(council)
    council.name = "Renamed in the admin"
    council.save()
    assert version(council) == before + 1


def test_it_never_puts_an_older_version_back_on_save(db):
    council = CouncilFactory()
    stale = Council.objects.get(pk=council.pk)
    data_version.data_changed(council=council)
    data_version.data_changed(council=council)
    current = version(council)
    stale.name = "Saved from a form opened earlier"
    stale.save()
    assert version(council) == current + 1


def test_the_national_version_changes_with_any_councils_write(world):
    _, other, _, user = world
    before = data_version.national_version()
    data_version.data_changed(plan_id=other.pk)
    assert data_version.national_version() != before


def test_the_national_version_changes_when_a_council_is_added(db):
    before = data_version.national_version()
    Council.objects.bulk_create([Council(name="No history", slug="no-history", la_code="999", region="east")])
    assert data_version.national_version() != before
