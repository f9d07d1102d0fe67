"""{% financial_summary_rows rows %}: the body rows of the plan's "each block by year" table, rendered in
Python. As template nodes, a row's seven cells were a third of the management plan page's render (a ledger
of six years in two positions is 30 rows); format_html was no cheaper (it wraps every piece). The rows are
the plan's written-out strings (ManagementPlan.block_rows, a published version's snapshot): each is escaped
here (html.escape, as Django's escape does) before it joins the markup."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

TOTAL = "DSG total"


def _row(row: list[str]) -> str:
    year, block, *figures = (escape(str(cell)) for cell in row)
    total = block == TOTAL
    cell = '<td class="govuk-table__cell app-table__cell--numeric">{}</td>'
    cells = "".join(cell.format(f"<strong>{f}</strong>" if total else f) for f in figures)
    return (
        f'<tr class="govuk-table__row{" app-ledger__total" if total else ""}">'
        f'<td class="govuk-table__cell">{year}</td><th scope="row" class="govuk-table__header">{block}</th>'
        f"{cells}</tr>"
    )


@register.simple_tag
def financial_summary_rows(rows: list[list[str]]) -> SafeString:
    return mark_safe("".join(_row(row) for row in rows))  # noqa: S308  (every value escaped in _row)
