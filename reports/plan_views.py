"""Publishing the DSG management plan and each published version's Word paper. Here, above dsg, because
papers are built by reports (the layering puts Word documents in reports or above), as quarterly returns'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.access import REPORT_PUBLISHERS, council_access
from dsg import services
from dsg.selectors import plan_version_for
from reports.plan_paper import plan_paper_file
from reports.tasks import build_plan_paper

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_POST
def plan_publish(request, slug):
    access = council_access(request.user, slug, REPORT_PUBLISHERS)
    try:
        version = services.plan_publish(council=access.council, user=request.user)
    except ValidationError as error:
        messages.error(request, str(error))
        return redirect("dsg_plan", slug)
    transaction.on_commit(lambda: build_plan_paper.enqueue(version.pk))
    messages.success(request, f"Version {version.number} of the plan published: it will not change.")
    return redirect("dsg_plan_version", slug, version.number)


@login_required
def plan_paper(request, slug, number):
    """A published version as a Word paper: every role of the council, as the version's page."""
    access = council_access(request.user, slug)
    version = plan_version_for(council=access.council, number=number)
    if version is None:
        raise Http404("No such version")
    response = HttpResponse(plan_paper_file(version), content_type=DOCX)
    name = f"{access.council.slug}-dsg-management-plan-v{version.number}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
