"""Server time and queries of the main pages with the demo data plus 153 synthetic councils.

    python -m tests.bench.bench_pages

Uses its own SQLite file (or DATABASE_URL if set), the test settings and Django's test client (no network).
Each page's median time is printed as a ratio of /healthz measured in the same run, so figures compare across
machines.
"""

import os
import statistics
import sys
import tempfile
import time

REPEATS = 15


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    if "DATABASE_URL" not in os.environ:
        path = os.path.join(tempfile.gettempdir(), "dsg-bench.sqlite3")
        if os.path.exists(path):
            os.remove(path)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("generate_scale_data", "--councils", "153", stdout=open(os.devnull, "w"))  # noqa: SIM115


def measure(client, url: str) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(REPEATS):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), len(ctx.captured_queries)


def main() -> int:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.test import Client

    def client_for(username):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        return client

    forum, admin, staff = client_for("rutland-forum"), client_for("warwickshire-admin"), client_for("admin")
    base, _ = measure(forum, "/healthz")
    pages = [
        (forum, "/councils/rutland/", "dashboard, Rutland (computed forecast, 28 milestones)"),
        (admin, "/councils/warwickshire/", "dashboard, Warwickshire (42-figure DBV table)"),
        (forum, "/councils/rutland/reports/", "Forum report list"),
        (staff, "/national/", "national overview, 157 councils"),
        (staff, "/councils/synthetic-001/", "dashboard, synthetic council (48 milestones)"),
    ]
    from datetime import date

    from recovery.models import RecoveryPlan
    from reports import services

    author = get_user_model().objects.get(username="warwickshire-admin")
    plan = RecoveryPlan.objects.get(council__slug="warwickshire")
    report = services.report_create(
        plan=plan, user=author, meeting_date=date(2026, 12, 10), title="Bench report"
    )
    report_url = f"/councils/warwickshire/reports/{report.pk}/"
    print(f"/healthz baseline: {base * 1000:.2f} ms (median of {REPEATS})")

    def show(client, url, label):
        median, queries = measure(client, url)
        print(
            f"{label}: {median * 1000:.1f} ms = {median / base:.0f}x healthz, {queries} queries", flush=True
        )

    for client, url, label in pages:
        show(client, url, label)
    show(admin, report_url, "Forum report draft (live figures)")
    services.report_publish(report=report, user=author)
    show(admin, report_url, "Forum report published (snapshot)")

    from agreements.models import Agreement, QuarterlyReturn

    wiltshire = client_for("wiltshire-forum")
    sv = Agreement.objects.get(council__slug="wiltshire")
    dbv = Agreement.objects.get(council__slug="stockton-on-tees")
    show(wiltshire, "/councils/wiltshire/", "dashboard, Wiltshire (agreed trajectory on the deficit chart)")
    show(wiltshire, f"/councils/wiltshire/agreements/{sv.pk}/", "Safety Valve agreement page")
    for ret in QuarterlyReturn.objects.filter(agreement=sv).order_by("quarter"):
        base_url = f"/councils/wiltshire/agreements/{sv.pk}/returns/{ret.pk}/"
        show(wiltshire, base_url, f"quarterly return ({ret.get_status_display().lower()})")
        show(
            wiltshire,
            base_url + "workbook.xlsx",
            f"quarterly return workbook ({ret.get_status_display().lower()})",
        )
        if ret.is_submitted:
            show(wiltshire, base_url + "paper.docx", "quarterly return Word paper (built once, then cached)")
    show(
        client_for("stockton-on-tees-forum"),
        f"/councils/stockton-on-tees/agreements/{dbv.pk}/",
        "DBV plan page",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
