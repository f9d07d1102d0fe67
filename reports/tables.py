import html
from functools import lru_cache

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeData, mark_safe

from core.money import percent, pounds_compact
from core.tables import BaseTable
from recovery.models import Council
from reports.benchmarking import Missing, round_for, written
from reports.charts import trajectory_sparkline


class MoneyColumn(tables.Column):
    """Short figures (£34.8m) so ten columns fit; each council's own pages give them to the pound."""

    def __init__(self, *args, **kwargs):
        attrs = {
            "th": {"class": "govuk-table__header govuk-table__header--numeric"},
            "td": {"class": "govuk-table__cell govuk-table__cell--numeric"},
        }
        super().__init__(*args, attrs=attrs, **kwargs)

    def render(self, value):
        return pounds_compact(value)


class PercentColumn(MoneyColumn):
    def render(self, value):
        return percent(value)


_DEFAULT = object()  # the key of the table's written default among the values written once


class NationalTable(BaseTable):
    """All councils, one row each; sorted in Python (153 rows at most), state in the URL."""

    council = tables.Column(verbose_name="Council", order_by=("council_name",))
    region = tables.Column(verbose_name="Region")
    programme = tables.Column(verbose_name="Programme")
    plan_status = tables.Column(verbose_name="Plan")
    red = tables.Column(verbose_name="Red")
    amber = tables.Column(verbose_name="Amber")
    green = tables.Column(verbose_name="Green")
    overdue = tables.Column(verbose_name="Overdue")
    now = MoneyColumn(verbose_name="Deficit now")
    share = PercentColumn(verbose_name="Share of High Needs funding")
    end = MoneyColumn(verbose_name="At end")
    change = MoneyColumn(verbose_name="Change since previous forecast")
    trajectory = tables.Column(verbose_name="Trajectory", orderable=False, empty_values=())
    # A benchmarking measure the user chose (its heading says which and when); left out when none is chosen.
    measure = tables.Column(
        verbose_name="Benchmarking measure",
        order_by=("measure_value",),
        attrs={
            "th": {"class": "govuk-table__header govuk-table__header--numeric"},
            "td": {"class": "govuk-table__cell govuk-table__cell--numeric"},
        },
    )

    caption = (
        "Open milestones by RAG; each current forecast's unmitigated cumulative deficit this financial year"
        " (£m, £k) and as a share of this year's High Needs funding, in its last year, the change since the"
        " previous published forecast (in the last year both give), and the deficit year by year"
    )

    class Meta(BaseTable.Meta):
        pass

    def cells_html(self, record: dict) -> dict[str, str]:
        """Every cell of a row, written straight from the dict national_table_data makes: what
        core.tables.table_body_rows writes through each column (tested against it: values, escaping, the
        table's default for an empty value), without django-tables2's steps per cell, which were a third of
        the national overview's uncached time at 306 councils."""
        seen = self.__dict__.setdefault("_written", {})  # the few regions, programmes, statuses: once each
        try:
            default = seen[_DEFAULT]
        except KeyError:  # the table's first row
            default = seen[_DEFAULT] = escape(self.default)

        def text(value) -> str:
            if value is None or value == "":
                return default
            try:
                return seen[value]
            except KeyError:
                seen[value] = written = html.escape(str(value))
                return written

        def markup(value) -> str:
            return value if isinstance(value, SafeData) else html.escape(str(value))

        def figure(value, written) -> str:
            return default if value is None or value == "" else html.escape(written(value))

        def count(value) -> str:
            return str(value) if type(value) is int else text(value)  # as table_body_rows writes an int

        council, programme = record["council"], record["programme"]
        if programme not in (None, "") and ("programme", programme) not in seen:  # three values: once each
            seen["programme", programme] = markup(self.render_programme(programme))
        stored = record.get("written")  # the money cells stored with the plan's summary (reports.summaries)
        if stored is not None:
            money = {key: default if cell is None else cell for key, cell in stored.items()}
        else:
            money = {
                "now": figure(record["now"], pounds_compact),
                "share": figure(record["share"], percent),
                "end": figure(record["end"], pounds_compact),
                "change": figure(record["change"], pounds_compact),
            }
        return {
            "council": text(council)
            if council in (None, "")
            else _council_link(record["url"], record["council_name"]),
            "region": text(record["region"]),
            "programme": text(programme) if programme in (None, "") else seen["programme", programme],
            "plan_status": text(record["plan_status"]),
            "red": count(record["red"]),
            "amber": count(record["amber"]),
            "green": count(record["green"]),
            "overdue": count(record["overdue"]),
            **money,
            "trajectory": markup(self.render_trajectory(record["trajectory"])),
            "measure": text(record.get("measure")),
        }

    def render_programme(self, value):
        if value == "DBV":
            return format_html('<abbr title="{}">DBV</abbr>', "Delivering Better Value")
        return value

    def render_council(self, record):
        return format_html('<a class="govuk-link" href="{}">{}</a>', record["url"], record["council_name"])

    def render_trajectory(self, value):
        return value or ""


@lru_cache(maxsize=1024)
def _council_link(url: str, name: str) -> str:
    """render_council, without format_html's lazy-escape wrappers; once per process for each council (306
    links, two escapes each, on every uncached view of the overview; the few hundred councils bound it)."""
    return f'<a class="govuk-link" href="{html.escape(str(url))}">{html.escape(str(name))}</a>'


PROGRAMME_SHORT = {"none": "–", "dbv": "DBV", "safety_valve": "Safety Valve"}


def national_table(rows, *, measure=None, **kwargs) -> NationalTable:
    """The national table of ``rows``, with the chosen benchmarking measure's column (NationalMeasure)."""
    if measure is None:
        return NationalTable(national_table_data(rows), exclude=("measure",), **kwargs)
    # Beside the council's name, so the figure sorted by is seen with whose it is on any screen.
    table = NationalTable(
        national_table_data(rows, measure=measure), sequence=("council", "measure", "..."), **kwargs
    )
    table.columns["measure"].column.verbose_name = measure.heading
    return table


def national_table_data(rows, *, measure=None) -> list[dict]:
    # One reverse() for every row: a council's dashboard address differs only by its slug (a slug needs no
    # quoting in a path).
    dashboard = reverse("council_dashboard", args=["slug"])
    regions = {value: str(label) for value, label in Council._meta.get_field("region").flatchoices}
    return [
        {
            "url": dashboard.replace("/slug/", f"/{r.council.slug}/"),
            "council": r.council.name,
            "council_name": r.council.name,
            "slug": r.council.slug,
            "region": regions.get(r.council.region, r.council.region),  # get_region_display()
            "programme": PROGRAMME_SHORT[r.council.programme],
            "plan_status": r.plan.status_label if r.plan else "No active plan",
            "red": r.rag_counts["red"],
            "amber": r.rag_counts["amber"],
            "green": r.rag_counts["green"],
            "overdue": r.overdue,
            "now": r.now,
            "share": r.share_of_funding,
            "end": r.end,
            "change": r.change,
            "trajectory": _trajectory(r),
            "written": r.written,
            **(_measure_cells(measure, r.council.la_code) if measure is not None else {}),
        }
        for r in rows
    ]


def _measure_cells(measure, la_code: str) -> dict:
    """The measure's value as written (the DfE's symbol or "no figure" when missing) and as sorted (missing
    last whichever way: None sorts with the blanks)."""
    result = measure.values.get(la_code, Missing("no figure"))
    value = None if isinstance(result, Missing) else round_for(measure.measure, result)
    return {"measure": written(measure.measure, result), "measure_value": value}


def _trajectory(row) -> str:
    if row.sparkline is not None:  # worked out with the plan's summary (reports.summaries), our own markup
        return mark_safe(row.sparkline)  # noqa: S308
    return trajectory_sparkline(row.trajectory)
