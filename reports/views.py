"""Dashboard, Schools Forum reports and the national overview: thin views over selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from accounts.access import REPORT_PUBLISHERS, council_access, councils_for_user
from accounts.models import Role
from accounts.page_cache import Params, cache_timeout, national_page_key, page_key
from accounts.pages import council_page, not_found
from agreements.selectors import (
    councils_with_programme,
)
from forum.selectors import next_meetings
from indicators.summary import rag_counts
from recovery.models import Programme
from recovery.selectors import plan_for_council
from reports import services
from reports.benchmarking_selectors import benchmark_standings_for_council, national_measure
from reports.charts import national_deficits
from reports.dashboard import dashboard_charts, forecast_paper_table
from reports.forms import ForumReportForm, NationalFilterForm
from reports.forum_report import report_content
from reports.headline import headline_cards
from reports.models import ForumReport
from reports.paper_file import PaperBeingBuilt, forum_paper_file
from reports.selectors import headline, national_rows, report_start_for_plan
from reports.stored_picture import dashboard_reads
from reports.tables import NationalTable, national_table


@login_required
def home(request):
    roles = dict(request.user.memberships.values_list("council_id", "role"))
    if not request.user.is_superuser and len(roles) == 1:
        # Someone with one council has nothing to choose here: they land on its dashboard.
        return redirect("council_dashboard", slug=councils_for_user(request.user).get().slug)
    councils = list(councils_with_programme(councils_for_user(request.user)).order_by("name"))
    upcoming = next_meetings(councils=councils, today=timezone.localdate())
    fallback = "Staff" if request.user.is_superuser else ""
    rows = [
        (
            council,
            Role(roles[council.pk]).label if council.pk in roles else fallback,
            upcoming.get(council.pk),
        )
        for council in councils
    ]
    return render(request, "reports/home.html", {"rows": rows})


@login_required
def council_dashboard(request, slug):
    access = council_access(request.user, slug)
    # Everything below is read and built only when the cached fragment is missing (see accounts.page_cache).
    # The plan's workstreams, trend and indicators as stored with the council's data version (one row), and
    # the council's programme, agreed trajectory, DfE headlines and latest published report stored with them.
    reads = SimpleLazyObject(lambda: dashboard_reads(council=access.council, today=timezone.localdate()))
    picture = SimpleLazyObject(lambda: reads.picture)
    indicator_rows = SimpleLazyObject(lambda: picture.indicators)
    return council_page(
        request,
        "reports/council_dashboard.html",
        access,
        meeting=SimpleLazyObject(lambda: picture.next_meeting),
        page_key=page_key(access),  # the dashboard reads no parameters
        cache_timeout=cache_timeout(),
        plan=SimpleLazyObject(lambda: picture.plan),
        picture=picture,
        workstreams=SimpleLazyObject(lambda: picture.workstreams),
        cards=SimpleLazyObject(
            lambda: (
                headline_cards(headline(picture), picture.current.unit if picture.current else "pounds")
                if picture.plan
                else []
            )
        ),
        charts=SimpleLazyObject(
            lambda: dashboard_charts(picture, reads.council.trajectory) if picture.plan else []
        ),
        forecast_table=SimpleLazyObject(lambda: forecast_paper_table(picture.current)),
        indicator_rows=indicator_rows,
        indicator_counts=SimpleLazyObject(lambda: rag_counts(indicator_rows)),
        dfe_headlines=SimpleLazyObject(lambda: reads.council.dfe_headlines),
        benchmark_standings=SimpleLazyObject(lambda: benchmark_standings_for_council(council=access.council)),
        latest_report=SimpleLazyObject(lambda: reads.council.latest_report),
        programme=SimpleLazyObject(lambda: Programme(str(reads.council.programme))),
    )


def _visible_reports(access):
    return ForumReport.objects.visible_to(access).select_related("plan", "meeting", "published_by")


def _report_for(access, report_id: int) -> ForumReport:
    return get_object_or_404(_visible_reports(access), pk=report_id)


@login_required
def report_list(request, slug):
    access = council_access(request.user, slug)
    reports = _visible_reports(access).select_related("meeting").order_by("-meeting__meets_on")
    return council_page(request, "reports/report_list.html", access, reports=reports)


@login_required
def report_create(request, slug):
    access = council_access(request.user, slug, REPORT_PUBLISHERS)
    plan = plan_for_council(council=access.council)
    if plan is None:
        raise Http404("This council has no recovery plan to report on")
    start = report_start_for_plan(plan=plan, today=timezone.localdate()) if request.method == "GET" else {}
    form = ForumReportForm(request.POST or None, initial=start)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(plan=plan, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Draft report “{report.title}” created. Check it, then publish it.")
            return redirect("report_detail", slug=slug, report_id=report.pk)
    return council_page(request, "reports/report_form.html", access, form=form, report=None)


@login_required
def report_edit(request, slug, report_id):
    access = council_access(request.user, slug, REPORT_PUBLISHERS)
    report = _report_for(access, report_id)
    if report.is_published:
        messages.error(request, "This report is published and cannot be changed.")
        return redirect("report_detail", slug=slug, report_id=report.pk)
    form = ForumReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(report=report, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Report saved.")
            return redirect("report_detail", slug=slug, report_id=report.pk)
    return council_page(request, "reports/report_form.html", access, form=form, report=report)


@login_required
def report_detail(request, slug, report_id):
    access = council_access(request.user, slug)
    report = _report_for(access, report_id)
    # A draft's live figures are computed only when the cached body is missing (the key carries the
    # council's data version, so any write to the plan or the report makes a new one).
    content = (
        report.snapshot
        if report.is_published
        else SimpleLazyObject(
            lambda: report_content(report=report, council=access.council, now=timezone.now())
        )
    )
    return council_page(
        request,
        "reports/report_detail.html",
        access,
        report=report,
        content=content,
        page_key=page_key(access, None, report.pk, report.status),
        cache_timeout=cache_timeout(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_publish(request, slug, report_id):
    """GET: what publishing freezes, and a button; POST: publish (irreversible)."""
    access = council_access(request.user, slug, REPORT_PUBLISHERS)
    report = _report_for(access, report_id)
    if request.method == "GET":
        if report.is_published:
            return redirect("report_detail", slug=slug, report_id=report.pk)
        return council_page(request, "reports/report_publish.html", access, report=report)
    try:
        services.report_publish(report=report, user=request.user)
    except services.ReportFrozen as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Report published. Its figures and text are now frozen as presented.")
    return redirect("report_detail", slug=slug, report_id=report.pk)


@login_required
@require_http_methods(["GET", "POST"])
def report_visibility(request, slug, report_id):
    """GET asks "Make this report public?" (what a public link means); the POST from that page, or the
    detail page's "Withdraw the public link", changes it."""
    access = council_access(request.user, slug, REPORT_PUBLISHERS)
    report = _report_for(access, report_id)
    if request.method == "GET":
        if not report.is_published or report.is_public:
            return redirect("report_detail", slug=slug, report_id=report.pk)
        return council_page(request, "reports/report_visibility.html", access, report=report)
    make_public = request.POST.get("public") == "yes"
    try:
        services.report_set_public(report=report, user=request.user, public=make_public)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            "Anyone with the link can now read this report."
            if make_public
            else "The public link no longer works.",
        )
    return redirect("report_detail", slug=slug, report_id=report.pk)


def public_report(request, token):
    """A published report made public by its council: no login, read-only, rendered from its snapshot."""
    report = get_object_or_404(ForumReport.objects.published(), public_token=token)
    response = render(request, "reports/public_report.html", {"report": report, "content": report.snapshot})
    # A snapshot never changes, but the council can withdraw the link: caches may keep it for five minutes,
    # never in a shared cache longer, and search engines are asked not to index it.
    response["Cache-Control"] = "public, max-age=300"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
def national_overview(request):
    if not request.user.is_superuser:
        return not_found(request)
    form = NationalFilterForm(request.GET or None)

    def table_and_chart():
        filters = form.filters()
        measure = national_measure(key=filters.pop("measure", ""))
        rows = national_rows(today=timezone.localdate(), **filters)
        table = national_table(rows, measure=measure)
        RequestConfig(request, paginate=False).configure(table)
        charted = [r for r in rows if r.end is not None]
        chart = national_deficits(
            rows=[(r.council.name, r.now, r.end) for r in charted], written=[r.chart_written for r in charted]
        )
        return {"table": table, "chart": chart, "councils": len(rows)}

    built = SimpleLazyObject(table_and_chart)  # read and built only when the cached fragment is missing
    params = Params(request).form(form).sort(NationalTable)
    return render(
        request,
        "reports/national_overview.html",
        {
            "form": form,
            "built": built,
            "page_key": national_page_key(params),
            "cache_timeout": cache_timeout(params),
            "filtered": bool(set(form.filters()) - {"measure"}),
        },
    )


@login_required
def report_paper_download(request, slug, report_id):
    """The published report as a Word paper for the agenda, from its snapshot only."""
    access = council_access(request.user, slug)
    report = _report_for(access, report_id)
    if not report.is_published:
        raise Http404("Only a published report has a paper")
    try:
        paper = forum_paper_file(report)  # built once per published report, then served as it is
    except PaperBeingBuilt:
        response = render(request, "reports/paper_being_built.html", {"report": report}, status=503)
        response["Retry-After"] = "5"
        return response
    response = HttpResponse(
        paper, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    name = f"{access.council.slug}-schools-forum-{report.meeting_date:%Y-%m-%d}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
