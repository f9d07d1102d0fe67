"""Tables of milestones, workstreams and updates, on the one shared GOV.UK BaseTable.

Status is shown as text tags (RAG words, "Overdue", "Slipped"): colour is never the only signal.
"""

import html

import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe

from core.tables import BaseTable
from workstreams.models import Milestone, MilestoneUpdate, Workstream
from workstreams.templatetags.rag import escaped, milestone_flags, milestone_rag, rag_tag

DATE = "j M Y"


def lead_abbr(lead) -> str:
    """A lead's full name with the initials the papers use ("Helen Carr (HC)"): visible on a phone, where a
    hover title is not (issue 21). A lead known only by initials is shown once."""
    if lead is None:
        return "–"
    if not lead.name or lead.name.strip().casefold() == lead.initials.casefold():
        return lead.initials
    # format_html('{} <span class="app-initials">({})</span>', name, initials), once per row of a table
    name, initials = html.escape(lead.name), html.escape(lead.initials)
    return mark_safe(f'{name} <span class="app-initials">({initials})</span>')  # noqa: S308


_ID = 2_147_483_647  # an id no row has, reversed once and replaced by each row's


def _id_url(name: str, slug: str):
    """reverse(name, args=[slug, pk]) for any pk, with one reverse(): the pk is the path's last segment."""
    before, after = reverse(name, args=[slug, _ID]).rsplit(f"/{_ID}/", 1)
    return lambda pk: f"{before}/{int(pk)}/{after}"


# Columns a phone does without (each is on the milestone's own page), so RAG and flags stay on screen.
NARROW_HIDDEN = {
    "th": {"class": "govuk-table__header app-hide-narrow"},
    "td": {"class": "govuk-table__cell app-hide-narrow"},
}


class MilestoneTable(BaseTable):
    """RAG and flags come straight after the title: the columns people scan, on screen on a phone too."""

    title = tables.Column("Milestone", order_by=("title",))
    workstream = tables.Column(
        "Workstream", order_by=("workstream__position", "workstream__code"), attrs=NARROW_HIDDEN
    )
    lead = tables.Column("Lead", order_by=("lead__initials",))
    baseline_due = tables.DateColumn(DATE, verbose_name="Baseline due", attrs=NARROW_HIDDEN)
    forecast_due = tables.DateColumn(DATE, verbose_name="Forecast due")
    percent_complete = tables.Column(
        "Done",
        attrs={
            "th": {"class": "govuk-table__header app-hide-narrow"},
            "td": {"class": "govuk-table__cell app-table__cell--numeric app-hide-narrow"},
        },
    )
    rag = tables.Column("RAG", order_by=("rag_severity", "completed_on"), empty_values=())
    flags = tables.Column("Flags", empty_values=(), orderable=False)

    class Meta(BaseTable.Meta):
        model = Milestone
        fields = ()
        sequence = (
            "title",
            "rag",
            "flags",
            "forecast_due",
            "lead",
            "workstream",
            "baseline_due",
            "percent_complete",
        )

    def __init__(self, *args, slug: str, update_due_days: int | None = None, **kwargs):
        self.slug, self.update_due_days = slug, update_due_days
        # One reverse() per table and link kind, not per row: the addresses differ only by the id at the end.
        self._milestone_url = _id_url("milestone_detail", slug)
        self._workstream_url = _id_url("workstream_detail", slug)
        self._today = timezone.localdate()  # the table's one "today", as each cell read it
        # The rows come in the selector's order (plan order; "my milestones": overdue first), which no
        # column's sort gives: without an order_by, django-tables2 searches every column's sort for one that
        # matches the data's (a tenth of the table's set-up, never found). () is "sorted by no column" and
        # leaves the data's order as it is; a ?sort= still sorts (RequestConfig).
        kwargs.setdefault("order_by", ())
        super().__init__(*args, **kwargs)

    def cells_html(self, record: Milestone) -> dict[str, str]:
        """Every cell of a row, written straight from the milestone: what core.tables.table_body_rows writes
        through each column (tested against it: the render methods below, a DateColumn's date, escaping,
        the table's default for an empty value), without django-tables2's steps per cell (its value lookup,
        render-method dispatch and date column machinery were a fifth of the uncached milestones page)."""
        default = self.__dict__.get("_default")
        if default is None:
            default = self.__dict__["_default"] = html.escape(str(self.default))

        dates = self.__dict__.setdefault("_dates", {})  # a plan's dates repeat: each written once

        def date_cell(value) -> str:
            if value is None:
                return default
            try:
                return dates[value]
            except KeyError:
                dates[value] = written = html.escape(formats.date_format(value, DATE))
                return written

        def markup(value) -> str:
            return value if isinstance(value, SafeData) else html.escape(str(value))

        title, lead, done = record.title, record.lead, record.percent_complete
        return {
            "title": default if title in (None, "") else self.render_title(record, title),
            "rag": markup(self.render_rag(record)),
            "flags": markup(self.render_flags(record)),
            "forecast_due": date_cell(record.forecast_due),
            "lead": default if lead is None else markup(lead_abbr(lead)),
            "workstream": markup(self.render_workstream(record)),
            "baseline_due": date_cell(record.baseline_due),
            "percent_complete": default
            if done in (None, "")
            else html.escape(self.render_percent_complete(done)),
        }

    # The links as format_html wrote them (every part escaped), in an f-string: a row each.
    def render_title(self, record, value):
        url = html.escape(self._milestone_url(record.pk))
        return mark_safe(f'<a class="govuk-link" href="{url}">{escaped(value)}</a>')  # noqa: S308

    def render_workstream(self, record):
        ws = record.workstream
        url = html.escape(self._workstream_url(ws.pk))
        title, code = html.escape(ws.title), html.escape(ws.code)
        return mark_safe(f'<a class="govuk-link" href="{url}" title="{title}">{code}</a>')  # noqa: S308

    def render_lead(self, record):
        return lead_abbr(record.lead)

    def render_percent_complete(self, value):
        return f"{value}%"

    def render_rag(self, record):
        return milestone_rag(record, self._today)

    def render_flags(self, record):
        return milestone_flags(record, self.update_due_days, today=self._today)


class WorkstreamTable(BaseTable):
    """The plan's workstreams in plan order; a council admin gets move up/down buttons."""

    title = tables.Column("Workstream", empty_values=())
    category = tables.Column("Category", attrs=NARROW_HIDDEN)
    lead = tables.Column("Lead")
    start_date = tables.DateColumn("M Y", verbose_name="Start", attrs=NARROW_HIDDEN)
    end_date = tables.DateColumn("M Y", verbose_name="End", attrs=NARROW_HIDDEN)
    open_milestones = tables.Column(
        "Open milestones",
        empty_values=(),
        attrs={"td": {"class": "govuk-table__cell app-table__cell--numeric"}},
    )
    rag = tables.Column("RAG", empty_values=())
    order = tables.Column("Order", empty_values=())

    class Meta(BaseTable.Meta):
        model = Workstream
        fields = ()
        orderable = False
        # RAG straight after the title: on screen on a phone too.
        sequence = ("title", "rag", "open_milestones", "lead", "category", "start_date", "end_date", "order")
        empty_text = "This plan has no workstreams yet."

    def __init__(self, *args, slug: str, can_manage: bool, request=None, **kwargs):
        self.slug, self.request = slug, request
        super().__init__(*args, **kwargs, exclude=() if can_manage else ("order",))

    def render_title(self, record):
        url = reverse("workstream_detail", args=[self.slug, record.pk])
        return format_html('<a class="govuk-link" href="{}">{}. {}</a>', url, record.code, record.title)

    def render_lead(self, record):
        return lead_abbr(record.lead)

    def render_open_milestones(self, record):
        return len(record.open_milestones)

    def render_rag(self, record):
        return rag_tag(record.rag)

    def render_order(self, record):
        return render_to_string(
            "workstreams/includes/move_buttons.html",
            {
                "url": reverse("workstream_move", args=[self.slug, record.pk]),
                "name": f"{record.code}. {record.title}",
            },
            request=self.request,
        )


class UpdateTable(BaseTable):
    """Progress updates across the council, newest first (the "changes since" page)."""

    created_at = tables.DateTimeColumn("j M Y, H:i", verbose_name="When")
    milestone = tables.Column("Milestone")
    author = tables.Column("By")
    change = tables.Column("Change", empty_values=())
    commentary = tables.Column("Commentary", empty_values=())

    class Meta(BaseTable.Meta):
        model = MilestoneUpdate
        fields = ()
        orderable = False
        sequence = ("created_at", "milestone", "author", "change", "commentary")
        empty_text = "No updates since that date."

    def __init__(self, *args, slug: str, **kwargs):
        self.slug = slug
        super().__init__(*args, **kwargs)

    def render_milestone(self, record):
        ms = record.milestone
        url = reverse("milestone_detail", args=[self.slug, ms.pk])
        return format_html(
            '<a class="govuk-link" href="{}">{}</a><br><span class="govuk-body-s">Workstream {}</span>',
            url,
            ms.title,
            ms.workstream.code,
        )

    def render_author(self, record):
        return record.author.get_full_name() or record.author.username

    def render_change(self, record):
        return render_to_string("workstreams/includes/update_change.html", {"update": record})

    def render_commentary(self, record):
        text = record.commentary or record.date_change_reason or "–"
        return text if len(text) <= 200 else f"{text[:200].rstrip()}…"
