from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from recovery.access import council_access
from recovery.selectors import plan_for_council
from workstreams.selectors import workstreams_for_plan


@login_required
def council_dashboard(request, slug):
    access = council_access(request.user, slug)
    plan = plan_for_council(council=access.council)
    workstreams = list(workstreams_for_plan(plan=plan)) if plan else []
    return render(
        request,
        "reports/council_dashboard.html",
        {"access": access, "council": access.council, "plan": plan, "workstreams": workstreams},
    )
