"""The forecast pages' template helpers: the deficit cells are what the forecast table's loop wrote."""

from decimal import Decimal

from django.template import Context, Template

from projections.figures import Cell, YearRow
from projections.templatetags.projections_format import deficit_cells

LOOP = Template(
    "{% load money %}{% for cell in row.cells %}"
    '<td class="govuk-table__cell app-table__cell--numeric">{% if cell %}'
    "{{ cell.cumulative_deficit|pounds:unit }}{% else %}"
    '<span class="govuk-visually-hidden">No figure</span>{% endif %}</td>{% endfor %}'
)


def test_it_writes_the_deficit_cells_as_the_template_loop_did():
    row = YearRow(
        2026,
        (
            Cell(Decimal(1), Decimal(2), Decimal("-569000.4")),
            None,
            Cell(None, None, Decimal("3571234")),
            Cell(None, None, Decimal("0")),
        ),
    )
    for unit in ("pounds", "millions", None):
        assert deficit_cells(row, unit) == LOOP.render(Context({"row": row, "unit": unit}))
    assert "−£569,000" in deficit_cells(row, "pounds") and "No figure" in deficit_cells(row, "pounds")
