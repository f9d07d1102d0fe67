"""The council's "DfE figures" page (every role of the council) and the staff pages that import DfE files
as background jobs."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from accounts.access import council_access
from accounts.page_cache import cache_timeout, national_page_key, page_key
from accounts.pages import council_page, not_found
from dfe import jobs
from dfe.charts import section_chart
from dfe.forms import ImportUploadForm
from dfe.models import ImportJob, JobStatus
from dfe.national import national_dfe_rows
from dfe.selectors import (
    dfe_sections_for_council,
    import_jobs_recent,
    needs_for_council,
    neighbours_for_council,
    predecessors_for_council,
)


@login_required
def council_figures(request, slug):
    access = council_access(request.user, slug)
    council = access.council

    def built() -> dict:  # read only when the cached fragment is missing
        sections = dfe_sections_for_council(council=council)
        return {
            "blocks": [(section, section_chart(section)) for section in sections],
            "has_figures": any(section.rows for section in sections),
            "predecessors": predecessors_for_council(council=council),
            "neighbours": neighbours_for_council(council=council),
            "needs": needs_for_council(council=council),
        }

    # Keyed by the council's data version: a DfE import bumps every council's (dfe.services).
    return council_page(
        request,
        "dfe/council_figures.html",
        access,
        built=SimpleLazyObject(built),
        page_key=page_key(access),
        cache_timeout=cache_timeout(),
    )


@login_required
def national_figures(request):
    if not request.user.is_superuser:
        return not_found(request)
    # Keyed by every council's version: a DfE import bumps them all (dfe.services), as a renamed council
    # bumps its own; the rows are read only when the fragment is missing.
    context = {
        "national": SimpleLazyObject(national_dfe_rows),
        "page_key": national_page_key(),
        "cache_timeout": cache_timeout(),
    }
    return render(request, "dfe/national_figures.html", context)


@login_required
def import_list(request):
    if not request.user.is_superuser:
        return not_found(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = jobs.import_job_create(
                data=upload.read(),
                file_name=upload.name,
                user=request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
        except jobs.JobRefused as error:
            form.add_error("file", str(error))
        else:
            jobs.import_job_enqueue(job=job)
            return redirect("dfe_import_job", pk=job.pk)
    return render(request, "dfe/import_list.html", {"form": form, "jobs": import_jobs_recent()})


@login_required
def import_job(request, pk):
    if not request.user.is_superuser:
        return not_found(request)
    job = get_object_or_404(ImportJob.objects.select_related("created_by", "release").defer("data"), pk=pk)
    running = job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
    return render(request, "dfe/import_job.html", {"job": job, "running": running})


@login_required
@require_POST
def import_job_retry(request, pk):
    if not request.user.is_superuser:
        return not_found(request)
    job = get_object_or_404(ImportJob.objects.defer("data"), pk=pk)
    try:
        job = jobs.import_job_retry(job=job, user=request.user)
    except jobs.JobRefused:
        return redirect("dfe_import_job", pk=job.pk)
    jobs.import_job_enqueue(job=job)
    return redirect("dfe_import_job", pk=job.pk)
