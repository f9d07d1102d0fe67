"""How a chart's data-table cell is written: money, counts or dates; blank for a missing value."""

import html
import json
import re
from datetime import date

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.html import text_html
from core.money import pounds

register = template.Library()


@register.filter
def chart_cell(value, value_format: str) -> str:
    """A chart data-table cell. ``value_format`` is "money", "millions", "count", "date" or "text"."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return value.strftime("%-d %b %Y")
    if isinstance(value, str):
        return value
    if value_format == "money":
        return pounds(value)
    if value_format == "millions":
        return pounds(value, "millions")
    return f"{value:,}"


_FINANCIAL_YEAR = re.compile(r"\d{4}-\d{2}")


@register.filter
def year_nowrap(value):
    """A financial year ("2020-21") kept on one line: a narrow column broke it as "2020-/21"."""
    text = str(value)
    if _FINANCIAL_YEAR.fullmatch(text):
        return format_html('<span class="app-nowrap">{}</span>', text)
    return value


@register.filter
def figure_json_script(figure, element_id: str = ""):
    """Django's json_script, as {{ figure|json_script:id }} wrote it, its escapes made by str.replace: its
    str.translate over a mapping took a millisecond for a dashboard's 22 KB of figures (issue 22)."""
    text = json.dumps(figure, cls=DjangoJSONEncoder)
    text = text.replace(">", "\\u003E").replace("<", "\\u003C").replace("&", "\\u0026")
    text = mark_safe(text)  # noqa: S308  (JSON with <, > and & escaped, as json_script makes it)
    if element_id:
        return format_html('<script id="{}" type="application/json">{}</script>', element_id, text)
    return format_html('<script type="application/json">{}</script>', text)


def _chart_attribute(chart, name: str, default):
    """chart.<name> as the template reads it: a Chart's attribute, or a report snapshot's key."""
    if isinstance(chart, dict):
        return chart.get(name, default)
    return getattr(chart, name, default)


def _escaped(value) -> str:
    """conditional_escape's answer without its lazy-text wrapper (a microsecond a cell: the national
    overview's chart table has ~470 cells): safe text as it is, anything else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


@register.simple_tag
def chart_table_rows(chart) -> str:
    """The body rows of a chart's data table (includes/chart.html): the first cell a row header (a financial
    year kept on one line), the others numeric cells, each written by chart_cell and escaped, as the
    template loop wrote them; in one Python pass, since that loop resolved half a dozen variables per cell
    (issue 22: a fifth of the dashboard's template time)."""
    value_format = _chart_attribute(chart, "value_format", "")
    parts = []
    for row in _chart_attribute(chart, "rows", None) or ():
        cells = []
        for position, cell in enumerate(row):
            if position == 0:
                text = _escaped(year_nowrap(chart_cell(cell, value_format)))
                cells.append(f'<th scope="row" class="govuk-table__header">{text}</th>')
            else:
                text = _escaped(chart_cell(cell, value_format))
                cells.append(f'<td class="govuk-table__cell govuk-table__cell--numeric">{text}</td>')
        parts.append(f'<tr class="govuk-table__row">\n          {"".join(cells)}\n        </tr>')
    return mark_safe("".join(parts))  # noqa: S308  (every cell escaped above, as the template did)


def _bound_radio(key: str, value: str, words: str, checked: str = "") -> str:
    return (
        '        <div class="govuk-radios__item">\n'
        f'          <input class="govuk-radios__input" id="{key}-bound-{value}" name="{key}-bound"'
        f' type="radio" value="{value}"{checked}>\n'
        f'          <label class="govuk-label govuk-radios__label" for="{key}-bound-{value}">'
        f"{words}</label>\n"
        "        </div>\n"
    )


def _bound_switch(key: str) -> str:
    return (
        "\n"
        f'  <div class="govuk-form-group app-bound-switch" data-bound-switch="{key}" hidden>\n'
        '    <fieldset class="govuk-fieldset">\n'
        '      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Show</legend>\n'
        '      <div class="govuk-radios govuk-radios--small govuk-radios--inline"'
        ' data-module="govuk-radios">\n'
        + _bound_radio(key, "both", "Both bounds", " checked")
        + _bound_radio(key, "upper", "Upper bound only")
        + _bound_radio(key, "lower", "Lower bound only")
        + "      </div>\n"
        "    </fieldset>\n"
        "  </div>\n"
        "  "
    )


@register.simple_tag
def chart_section(chart) -> str:
    """includes/chart.html with its own data table (no data_table_id), in one Python pass: the same HTML
    (tested against the template), without an include's two dozen variable lookups per chart (the
    Benchmarking page draws 16 charts: ~1.5 ms of its time)."""
    key = text_html(_chart_attribute(chart, "key", ""))
    title = text_html(_chart_attribute(chart, "title", ""))
    note = _chart_attribute(chart, "note", "")
    note_html = f'<p class="govuk-body-s">{text_html(note)}</p>' if note else ""
    bounds = _bound_switch(key) if _chart_attribute(chart, "bounds", ()) else ""
    numeric = " govuk-table__header--numeric"
    headers = "".join(
        f'<th scope="col" class="govuk-table__header{numeric if position else ""}">'
        f"{text_html(year_nowrap(column))}</th>"
        for position, column in enumerate(_chart_attribute(chart, "columns", None) or ())
    )
    script = figure_json_script(_chart_attribute(chart, "figure", ""), _chart_attribute(chart, "key", ""))
    written = (
        "\n\n"
        f'<section class="app-chart-section" aria-labelledby="{key}-title">\n'
        f'  <h3 class="govuk-heading-s" id="{key}-title">{title}</h3>\n'
        f"  {note_html}\n"
        f"  {bounds}\n"
        f"  {script}\n"
        f'  <div class="app-chart" data-figure="{key}" role="figure" aria-label="Chart: {title}.'
        f' The same figures are in the data table after it." id="{key}-plot"></div>\n'
        "  \n"
        f'  <details class="govuk-details app-chart-data" id="{key}-data">\n'
        '    <summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
        f"Data table: {title}</span></summary>\n"
        '    <div class="govuk-details__text">\n'
        f'      <div class="app-table-scroll" tabindex="0" role="region" aria-label="{title}: data table'
        ' (scrolls sideways when it is wider than the screen)">\n'
        f'      <table class="govuk-table app-table--figures" id="{key}-table">\n'
        f'        <caption class="govuk-table__caption govuk-table__caption--s">{title}</caption>\n'
        '        <thead class="govuk-table__head"><tr class="govuk-table__row">\n'
        f"          {headers}\n"
        "        </tr></thead>\n"
        '        <tbody class="govuk-table__body">\n'
        f"        {chart_table_rows(chart)}\n"
        "        </tbody>\n"
        "      </table>\n"
        "      </div>\n"
        "    </div>\n"
        "  </details>\n"
        "  \n"
        "</section>\n"
    )
    return mark_safe(written)  # noqa: S308  (every value escaped above, as the template does)


_BULLET = re.compile(r"^\s*[-•*]\s+")


@register.filter
def report_paragraph(text):
    """One paragraph of a report's text as the council wrote it: its line breaks kept, and lines starting
    "- " (or "•") as a bulleted list, as the Word paper keeps them (the page ran them together)."""
    blocks, lines, bullets = [], [], []

    def flush_lines():
        if lines:
            joined = format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))
            blocks.append(format_html('<p class="govuk-body">{}</p>', joined))
            lines.clear()

    def flush_bullets():
        if bullets:
            items = format_html_join("", "<li>{}</li>", ((b,) for b in bullets))
            blocks.append(format_html('<ul class="govuk-list govuk-list--bullet">{}</ul>', items))
            bullets.clear()

    for line in str(text).split("\n"):
        if _BULLET.match(line):
            flush_lines()
            bullets.append(_BULLET.sub("", line).strip())
        elif line.strip():
            flush_bullets()
            lines.append(line.strip())
    flush_lines()
    flush_bullets()
    return format_html_join("", "{}", ((block,) for block in blocks))
