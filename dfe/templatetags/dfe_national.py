"""Cells of the national DfE table: blank when there is no figure, never "None"."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from core.html import text_html
from core.money import pounds_compact

register = template.Library()


@register.filter
def count(value) -> str:
    return "" if value is None else f"{int(value):,}"


@register.filter
def percent(value) -> str:
    if value is None:
        return ""
    shown = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{shown}%".replace("-", "−")


@register.filter
def money(value) -> str:
    return "" if value is None else pounds_compact(value)


# One row of the table's body, as the template loop wrote it (dfe/national_figures.html before the writer).
_ROW = (
    '<tr class="govuk-table__row">\n'
    '    <th scope="row" class="govuk-table__header"><a class="govuk-link" href="{url}">{name}</a></th>\n'
    "{cells}\n"
    "  </tr>"
)
_CELL = '    <td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'


@register.simple_tag
def national_dfe_body(national) -> SafeString:
    """The table's rows, written in one pass: the same bytes as the template loop that wrote them (tested
    against it), which resolved a variable, a filter and a {% url %} for each of 13 cells of 306 councils on
    every first view after an import. A council's address differs from the next only by its slug."""
    address = reverse("dfe_figures", args=["slug"])
    rows = []
    for row in national.rows:
        cells = (
            count(row.plans),
            percent(row.growth_5y),
            percent(row.mainstream_pc),
            percent(row.special_pc),
            percent(row.independent_pc),
            count(row.new),
            count(row.ceased),
            money(row.high_needs),
            money(row.s251_high_needs),
            money(row.carried_forward),
            percent(row.deficit_share_of_dsg),
        )
        rows.append(
            _ROW.format(
                url=text_html(address.replace("/slug/", f"/{row.council.slug}/")),
                name=text_html(row.council.name),
                cells="\n".join([_CELL.format(text_html(cell)) for cell in cells]),
            )
        )
    return mark_safe("".join(rows))  # noqa: S308  (every value escaped above, as the template did)
