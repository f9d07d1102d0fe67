"""Each page the issue 22 goals name costs the same queries with one small council as with the whole country
(generate_scale_data) and a council grown to national-scale size: a count, never a timing."""

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from projections.stored_figures import stored_figures_refresh
from recovery.models import Council, RecoveryPlan
from reports import services
from reports.benchmarking_stored import benchmark_picture, benchmark_summary
from reports.stored_picture import dashboard_picture
from reports.stored_report import build_stored_report
from reports.summaries import summaries_build
from tests.clock import TODAY
from tests.conftest import member_client
from tests.factories import (
    MilestoneFactory,
    MilestoneUpdateFactory,
    SavingFactory,
    UserFactory,
    WorkstreamFactory,
)
from tests.projections.conftest import computed_forecast


def refreshed() -> None:
    """What the writes' commits keep (the test's transaction never commits): summaries, stored figures; and
    what the first view at a data version leaves: the dashboard's stored picture, the report's parts, the
    stored benchmarking picture and summary."""
    summaries_build()
    stored_figures_refresh(council_ids=Council.objects.values_list("pk", flat=True))
    for council in Council.objects.filter(plans__isnull=False).distinct():
        dashboard_picture(council=council, today=TODAY)
        benchmark_picture(council=council, comparator="neighbours")
        benchmark_summary(council=council)  # the dashboard's panel, the report's section
    for plan in RecoveryPlan.objects.select_related("council"):
        build_stored_report(plan=plan)
    cache.clear()  # every page a cache miss: the first view after a write


def counts(pages) -> dict[str, int]:
    result = {}
    for name, (client, url) in pages.items():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, name
        result[name] = len(ctx.captured_queries)
    return result


def test_every_page_costs_the_same_queries_at_demo_and_national_scale(home, staff_client):
    slug = home.council.slug
    SavingFactory(workstream=home.workstream)
    forecast = computed_forecast(home.plan, publish=True, current=True)
    author = UserFactory()
    report = services.report_create(plan=home.plan, user=author, meeting_date=TODAY, title="Autumn update")
    officer = member_client(home.council, Role.OFFICER)
    admin = member_client(home.council, Role.COUNCIL_ADMIN)
    pages = {
        "dashboard": (officer, f"/councils/{slug}/"),
        "milestones": (officer, f"/councils/{slug}/milestones/"),
        "forecast": (officer, f"/councils/{slug}/forecasts/{forecast.pk}/"),
        "forum_report_draft": (admin, f"/councils/{slug}/reports/{report.pk}/"),
        "benchmarking": (officer, f"/councils/{slug}/benchmarking/"),
        "dfe_figures": (officer, f"/councils/{slug}/dfe/"),
        "national": (staff_client, "/national/"),
    }
    refreshed()
    counts(pages)  # first visits: sessions, preferences
    refreshed()
    small = counts(pages)

    call_command("generate_scale_data", "--councils", "40", "--workstreams", "3", "--milestones", "4")
    for _ in range(12):  # the home council grown to a synthetic council's size, with history
        ws = WorkstreamFactory(plan=home.plan)
        SavingFactory(workstream=ws)
        for m in MilestoneFactory.create_batch(10, workstream=ws):
            MilestoneUpdateFactory(milestone=m)
    refreshed()
    large = counts(pages)
    assert large == small, (small, large)
    assert Council.objects.count() > 40
