"""core.tables.table_body_rows writes the same rows as the template loop it replaced."""

import html
import re
from datetime import UTC, date
from decimal import Decimal

import django_tables2 as tables
from django.template import Context, Template
from django.utils.html import format_html

from core.tables import BaseTable, table_body_rows

TEMPLATE_LOOP = Template(
    "{% load django_tables2 i18n %}"
    "{% for row in table.paginated_rows %}<tr {{ row.attrs.as_html }}>{% for column, cell in row.items %}"
    "<td {{ column.attrs.td.as_html }}>{% if column.localize == None %}{{ cell }}{% else %}"
    "{% if column.localize %}{{ cell|localize }}{% else %}{{ cell|unlocalize }}{% endif %}{% endif %}</td>"
    "{% endfor %}</tr>{% endfor %}"
)


class ExampleTable(BaseTable):
    name = tables.Column()
    count = tables.Column(attrs={"td": {"class": "govuk-table__cell app-table__cell--numeric"}})
    amount = tables.Column()
    due = tables.DateColumn("j M Y")
    flagged = tables.Column(attrs={"td": {"data-flag": lambda record: record["count"] % 2}})
    link = tables.Column(empty_values=())
    raw = tables.Column(localize=False)

    def render_link(self, record):
        return format_html('<a href="/x/{}/">{}</a>', record["count"], record["name"])


ROWS = [
    {"name": "<b>Bold & co</b>", "count": 1234, "amount": Decimal("1234.50"), "due": date(2026, 12, 5),
     "flagged": "yes", "raw": 98765},
    {"name": "Plain", "count": 7, "amount": None, "due": None, "flagged": "", "raw": Decimal("1.5")},
    {"name": "“Quotes” 'single'", "count": -3, "amount": 0, "due": date(2025, 1, 1), "flagged": True,
     "raw": None},
]  # fmt: skip


def _squash(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def test_it_writes_the_rows_the_template_loop_wrote():
    table = ExampleTable(ROWS)
    expected = TEMPLATE_LOOP.render(Context({"table": table}))
    assert _squash(table_body_rows(ExampleTable(ROWS), Context({}))).replace("\n", "") == _squash(expected)


def test_it_escapes_text_and_keeps_html_the_table_made():
    body = str(table_body_rows(ExampleTable(ROWS), Context({})))
    assert "&lt;b&gt;Bold &amp; co&lt;/b&gt;" in body
    assert '<a href="/x/1234/">&lt;b&gt;Bold &amp; co&lt;/b&gt;</a>' in body
    assert 'data-flag="0"' in body and 'data-flag="1"' in body


class MilestoneColumnsTable(BaseTable):
    """Model rows: a field with choices (read as its display), a foreign key, a date, a missing attribute, a
    method (django-tables2 calls it), a column with its own render method."""

    title = tables.Column()
    rag = tables.Column()
    workstream = tables.Column()
    forecast_due = tables.DateColumn("j M Y")
    nothing_here = tables.Column()
    is_slipped = tables.Column()
    lead = tables.Column(empty_values=())

    def render_lead(self, record, value):
        return format_html("<em>{}</em>", value or "nobody")


def test_it_writes_model_rows_as_the_template_loop_did(home):
    from tests.factories import LeadFactory, MilestoneFactory
    from workstreams.models import Milestone
    from workstreams.tables import MilestoneTable

    lead = LeadFactory(council=home.council, name="<Helen> Carr", initials="HC")
    MilestoneFactory(
        workstream=home.workstream,
        title="A & <b>",
        rag="amber",
        lead=lead,
        baseline_due=date(2026, 1, 1),
        forecast_due=date(2026, 3, 1),
        percent_complete=40,
    )
    MilestoneFactory(workstream=home.workstream, title="Plain", rag="", lead=None, forecast_due=None)
    MilestoneFactory(workstream=home.workstream, title="Done", rag="green", completed_on=date(2026, 2, 1),
                     forecast_due=date(2026, 1, 15), percent_complete=100)  # fmt: skip
    rows = Milestone.objects.filter(workstream=home.workstream).select_related("workstream", "lead")
    for make in (lambda: MilestoneColumnsTable(rows), lambda: MilestoneTable(rows, slug=home.council.slug)):
        expected = TEMPLATE_LOOP.render(Context({"table": make()}))
        written = _squash(table_body_rows(make(), Context({}))).replace("\n", "")
        assert written == _squash(expected)
    assert "Amber" in written and "&lt;Helen&gt; Carr" in written


class DateTimeTable(BaseTable):
    """A DateColumn given a datetime, and one with a render method of its own: django-tables2's own path."""

    when = tables.DateColumn("j M Y H:i")
    due = tables.DateColumn("j M Y")

    def render_due(self, value):
        return f"due {value:%Y}"


def test_it_writes_dates_of_other_kinds_as_the_template_loop_did():
    from datetime import datetime

    rows = [{"when": datetime(2026, 12, 5, 23, 30, tzinfo=UTC), "due": date(2026, 12, 5)}]
    expected = TEMPLATE_LOOP.render(Context({"table": DateTimeTable(rows)}))
    written = _squash(table_body_rows(DateTimeTable(rows), Context({}))).replace("\n", "")
    assert written == _squash(expected)
    assert "due 2026" in written


class OwnCellsTable(BaseTable):
    """A table writing its own cells from dict rows (as reports.tables.NationalTable does)."""

    name = tables.Column()
    count = tables.Column(attrs={"td": {"class": "govuk-table__cell app-table__cell--numeric"}})

    class Meta(BaseTable.Meta):
        row_attrs = {"data-kind": "council"}

    def cells_html(self, record):
        return {"name": html.escape(record["name"]), "count": str(record["count"])}


OWN_ROWS = [{"name": name, "count": n} for n, name in enumerate(["<b>A & B</b>", "Plain", "“Q” 'x'"] * 3)]


def test_it_writes_a_tables_own_cells_in_rows_the_template_loop_wrote():
    expected = TEMPLATE_LOOP.render(Context({"table": OwnCellsTable(OWN_ROWS)}))
    body = table_body_rows(OwnCellsTable(OWN_ROWS), Context({}))
    assert _squash(body).replace("\n", "") == _squash(expected)
    assert body.count('class="even"') == 5 and body.count('class="odd"') == 4


def test_it_writes_a_page_of_own_cells_rows_as_the_template_loop_did():
    def page():
        table = OwnCellsTable(OWN_ROWS)
        table.paginate(page=2, per_page=4)
        return table

    expected = TEMPLATE_LOOP.render(Context({"table": page()}))
    assert _squash(table_body_rows(page(), Context({}))).replace("\n", "") == _squash(expected)


def test_it_writes_own_cells_rows_with_a_row_object_for_the_first_of_each_kind_only(monkeypatch):
    """The point of the own-cells path: no django-tables2 BoundRow per row (they were a third of the body's
    time at 306 rows); the first odd and even rows give the rows' attributes."""
    import core.tables

    made = []

    class CountedRow(core.tables.BoundRow):
        def __init__(self, *args, **kwargs):
            made.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(core.tables, "BoundRow", CountedRow)
    expected = TEMPLATE_LOOP.render(Context({"table": OwnCellsTable(OWN_ROWS)}))
    assert _squash(table_body_rows(OwnCellsTable(OWN_ROWS), Context({}))).replace("\n", "") == _squash(
        expected
    )
    assert len(made) == 2
