import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from core.money import pounds_compact
from core.tables import BaseTable


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


class NationalTable(BaseTable):
    """All councils, one row each; sorted in Python (153 rows at most), state in the URL."""

    council = tables.Column(verbose_name="Council", order_by=("council_name",))
    programme = tables.Column(verbose_name="Programme")
    plan_status = tables.Column(verbose_name="Plan")
    red = tables.Column(verbose_name="Red")
    amber = tables.Column(verbose_name="Amber")
    green = tables.Column(verbose_name="Green")
    overdue = tables.Column(verbose_name="Overdue")
    now = MoneyColumn(verbose_name="Deficit now")
    end = MoneyColumn(verbose_name="At end")
    change = MoneyColumn(verbose_name="Change vs last forecast")

    caption = (
        "Open milestones by RAG; each current forecast's unmitigated cumulative deficit this financial year"
        " and in its last year (£m, £k), and the change in that last-year figure since the previous"
        " published forecast"
    )

    class Meta(BaseTable.Meta):
        pass

    def render_programme(self, value):
        if value == "DBV":
            return format_html('<abbr title="{}">DBV</abbr>', "Delivering Better Value")
        return value

    def render_council(self, record):
        url = reverse("council_dashboard", args=[record["slug"]])
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, record["council_name"])


PROGRAMME_SHORT = {"none": "–", "dbv": "DBV", "safety_valve": "Safety Valve"}


def national_table_data(rows) -> list[dict]:
    return [
        {
            "council": r.council.name,
            "council_name": r.council.name,
            "slug": r.council.slug,
            "programme": PROGRAMME_SHORT[r.council.programme],
            "plan_status": r.plan.get_status_display() if r.plan else "No active plan",
            "red": r.rag_counts["red"],
            "amber": r.rag_counts["amber"],
            "green": r.rag_counts["green"],
            "overdue": r.overdue,
            "now": r.now,
            "end": r.end,
            "change": r.change,
        }
        for r in rows
    ]
