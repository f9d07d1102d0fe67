"""Time of the writes the issue sets goals for, in one process (run by bench_http, with its settings and
database, once on a quiet server and once while wrk loads the home page).

    python -m tests.bench.page_writes

Each write is a whole POST through Django's test client (view, form, service, and what runs when the
transaction commits: the national overview's summary, the stored forecast figures of the council and the
enqueue of its dashboard picture, one INSERT, built by the worker, not here), its
form sent URL-encoded as a browser sends these forms (the test client's default, multipart, cost the update
return a fifth of its CPU in parsing alone):
- milestone_update: one milestone's update form (RAG and commentary changed), Rutland's officer;
- update_return_10: a lead's update return with 10 rows changed, Rutland's admin;
- forecast_run: a draft computed forecast of Rutland run again, Rutland's finance.
Prints one JSON object: {name: [median wall ms, median CPU ms, queries of the last one]}.
"""

import json
import statistics
import sys
import time

REPEATS = {"milestone_update": 15, "update_return_10": 8, "forecast_run": 8}


def main() -> int:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count, Q
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils.http import urlencode

    from forum.returns import milestones_for_return
    from projections.models import Forecast, ForecastKind, ForecastStatus
    from projections.services import forecast_copy
    from recovery.models import Council, LeadOfficer
    from recovery.selectors import plan_for_council
    from workstreams.models import Milestone
    from workstreams.rag import Rag

    council = Council.objects.get(slug="rutland")
    users = get_user_model().objects

    def as_browser(data: dict) -> dict:
        """A form's fields as a browser posts them (application/x-www-form-urlencoded)."""
        return {"data": urlencode(data), "content_type": "application/x-www-form-urlencoded"}

    def client_for(username: str) -> Client:
        client = Client(HTTP_X_FORWARDED_PROTO="https", SERVER_NAME="127.0.0.1")
        client.force_login(users.get(username=username))
        return client

    results = {}

    def measure(name: str, post) -> None:
        post(-1)  # warm up: templates, connections
        wall, cpu = [], []
        for i in range(REPEATS[name]):
            with CaptureQueriesContext(connection) as queries:
                start_cpu, start = time.process_time(), time.perf_counter()
                response = post(i)
                wall.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            assert response.status_code == 302, (name, response.status_code)
        results[name] = [statistics.median(wall) * 1000, statistics.median(cpu) * 1000, len(queries)]

    # One milestone's update: RAG Amber <-> Green, with commentary (needed when the RAG changes).
    officer = client_for("rutland-officer")
    milestone = (
        Milestone.objects.filter(
            workstream__plan__council=council, completed_on__isnull=True, archived_on__isnull=True
        )
        .exclude(forecast_due__isnull=True)
        .order_by("-forecast_due", "pk")
        .first()
    )

    def milestone_post(i: int):
        m = Milestone.objects.get(pk=milestone.pk)
        due = m.forecast_due
        return officer.post(
            f"/councils/rutland/milestones/{m.pk}/update/",
            **as_browser(
                {
                    "version": m.version,
                    "rag": Rag.AMBER if m.rag != Rag.AMBER else Rag.GREEN,
                    "commentary": f"Bench update {i}",
                    "rag_hold_reason": m.rag_hold_reason or "Held for the bench",
                    "percent_complete": m.percent_complete,
                    "forecast_due-day": due.day,
                    "forecast_due-month": due.month,
                    "forecast_due-year": due.year,
                }
            ),
            secure=True,
        )

    measure("milestone_update", milestone_post)

    # A lead's update return with 10 rows changed (percent complete and commentary).
    admin = client_for("rutland-admin")
    open_q = Q(milestones__completed_on__isnull=True, milestones__archived_on__isnull=True)
    lead = (
        LeadOfficer.objects.filter(council=council)
        .annotate(open=Count("milestones", filter=open_q))
        .order_by("-open", "pk")
        .first()
    )
    plan = plan_for_council(council=council)
    assert lead.open >= 10, f"Rutland's busiest lead has {lead.open} open milestones, fewer than 10"

    def return_post(i: int):
        milestones = milestones_for_return(plan=plan, lead=lead)  # the rows the page shows
        data = {}
        for n, m in enumerate(milestones):
            fields = {
                "version": m.version,
                "rag": m.rag,
                "percent_complete": m.percent_complete,
                "commentary": "",
                "date_change_reason": "",
                "rag_hold_reason": m.rag_hold_reason,
            }
            if m.forecast_due:
                fields |= {
                    "forecast_due-day": m.forecast_due.day,
                    "forecast_due-month": m.forecast_due.month,
                    "forecast_due-year": m.forecast_due.year,
                }
            if n < 10:
                fields["percent_complete"] = (m.percent_complete + 1) % 100
                fields["commentary"] = f"Bench return {i}"
                fields["rag"] = m.rag or Rag.GREEN
                fields["rag_hold_reason"] = m.rag_hold_reason or "Held for the bench"
            data |= {f"m{m.pk}-{key}": value for key, value in fields.items()}
        return admin.post(f"/councils/rutland/returns/{lead.pk}/", **as_browser(data), secure=True)

    measure("update_return_10", return_post)

    # A draft computed forecast run again (its figures replaced).
    finance = client_for("rutland-finance")
    draft = Forecast.objects.filter(
        plan__council=council, kind=ForecastKind.COMPUTED, status=ForecastStatus.DRAFT, name="Bench run"
    ).first()
    if draft is None:
        source = Forecast.objects.filter(plan__council=council, kind=ForecastKind.COMPUTED).first()
        assert source is not None, "Rutland has no computed forecast to copy"
        draft = forecast_copy(forecast=source, user=None, name="Bench run")

    def run_post(i: int):
        return finance.post(f"/councils/rutland/forecasts/{draft.pk}/run/", secure=True)

    measure("forecast_run", run_post)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
