from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from recovery.access import council_access
from reports.dashboard import dashboard_charts, forecast_table
from reports.selectors import headline, plan_picture


@login_required
def council_dashboard(request, slug):
    access = council_access(request.user, slug)
    picture = plan_picture(council=access.council, today=timezone.localdate())
    columns, rows = forecast_table(picture)
    return render(
        request,
        "reports/council_dashboard.html",
        {
            "access": access,
            "council": access.council,
            "plan": picture.plan,
            "picture": picture,
            "workstreams": picture.workstreams,
            "headline": headline(picture) if picture.plan else None,
            "charts": dashboard_charts(picture) if picture.plan else [],
            "forecast_columns": columns,
            "forecast_rows": rows,
        },
    )
