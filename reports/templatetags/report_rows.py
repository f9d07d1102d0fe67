"""The Forum report's longest tables, their rows written in one pass (issue 22; the indicators' are
indicators.templatetags.indicator_tags.indicator_report_rows): progress by workstream, the DSG ledger, and
the forecast as the papers print it (reports/includes/paper_table.html, the dashboard's too), and the headline
cards (reports/includes/headline.html, the dashboard's too) and the benchmarking section's rows and formulas
(reports/includes/benchmark_report_section.html).

The report body (reports/includes/report_body.html, a draft's live content or a published snapshot) drew
the progress-by-workstream rows and the DSG ledger's cells a template node at a time: a dozen variable
lookups, tags and filters per row. Each tag here writes the same bytes as the loop it replaced (tested
against it: tests/reports/test_report_rows.py), from the same dicts.
"""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString, mark_safe

from core import money
from core.html import muted_html, text_html
from core.templatetags.figures import year_nowrap
from workstreams.templatetags.rag import rag_tag

register = template.Library()


@register.simple_tag
def rag_summary_rows(rows) -> SafeString:
    """The body rows of the report's progress-by-workstream table (content.rag_summary). A phone has no room
    for the RAG, lead and overdue columns: the same facts are written under the name, shown narrow only."""
    parts = []
    for row in rows:
        rag = rag_tag(row.get("rag"))
        lead, overdue = row.get("lead"), row.get("overdue")
        narrow = f"<br>{rag}"
        if lead:
            narrow += f"<br>Lead: {text_html(lead)}"
        if overdue:
            narrow += f"<br>{text_html(overdue)} overdue"
        commentary = linebreaksbr(row.get("commentary") or "–", autoescape=True)
        parts.append(
            "\n"
            '      <tr class="govuk-table__row">\n'
            f'        <th scope="row" class="govuk-table__header">{text_html(row.get("workstream", ""))}'
            f'<span class="app-show-narrow govuk-body-s">{narrow}</span></th>\n'
            f'        <td class="govuk-table__cell app-hide-narrow">{rag}</td>\n'
            f'        <td class="govuk-table__cell app-hide-narrow">{text_html(row.get("lead", ""))}</td>\n'
            '        <td class="govuk-table__cell app-table__cell--numeric app-hide-narrow">'
            f"{text_html(overdue) if overdue else ''}</td>\n"
            f'        <td class="govuk-table__cell app-break-words">{commentary}'
            f"{muted_html(row.get('commentary_source'))}</td>\n"
            "      </tr>\n"
            "    "
        )
    return mark_safe("".join(parts))  # noqa: S308  (every value escaped above, as the template did)


@register.simple_tag
def ledger_rows(rows) -> SafeString:
    """The body rows of the report's DSG ledger table (content.dsg_ledger.rows): the year (kept on one
    line), the block as the row's header, then the figures."""
    parts = []
    for row in rows:
        cells = []
        for position, cell in enumerate(row):
            if position == 1:
                cells.append(f'<th scope="row" class="govuk-table__header">{text_html(cell)}</th>')
            elif position == 0:
                cells.append(f'<td class="govuk-table__cell">{text_html(year_nowrap(cell))}</td>')
            else:
                cells.append(
                    f'<td class="govuk-table__cell govuk-table__cell--numeric">{text_html(cell)}</td>'
                )
        parts.append(f'<tr class="govuk-table__row">{"".join(cells)}</tr>')
    return mark_safe("".join(parts))  # noqa: S308  (every cell escaped above, as the template did)


@register.simple_tag
def paper_table_head(columns) -> SafeString:
    """The header row of the forecast as the papers print it: the first column's header, then the years."""
    cells = "".join(
        f'<th scope="col" class="govuk-table__header{" govuk-table__header--numeric" if position else ""}">'
        f"{text_html(year_nowrap(column))}</th>"
        for position, column in enumerate(columns)
    )
    return mark_safe(f'<tr class="govuk-table__row">{cells}</tr>')  # noqa: S308  (each header escaped above)


@register.simple_tag
def paper_table_rows(rows, unit) -> SafeString:
    """Its body rows: the scenario as the row's header, then each year's figure, written in `unit` (numbers)
    or, without one (a report's text, already written out), as they are."""
    parts = []
    for row in rows:
        cells = []
        for position, cell in enumerate(row):
            if not position:
                cells.append(
                    f'<th scope="row" class="govuk-table__header">{text_html(year_nowrap(cell))}</th>'
                )
            else:
                text = text_html(money.pounds(cell, unit) if unit else cell)
                cells.append(f'<td class="govuk-table__cell govuk-table__cell--numeric">{text}</td>')
        parts.append(f'<tr class="govuk-table__row">{"".join(cells)}</tr>')
    return mark_safe("".join(parts))  # noqa: S308  (every cell escaped above, as the template did)


def _length(value) -> int:
    """{{ value|length }}: 0 for what has no length."""
    try:
        return len(value)
    except (ValueError, TypeError):
        return 0


@register.simple_tag
def headline_card_list(cards) -> SafeString:
    """The headline cards (reports.headline.headline_cards, live or from a snapshot): the figure (a phrase, or
    one too long for the large type, smaller), the exact figure and the range when there are, the caption."""
    parts = []
    for card in cards:
        value = card.get("value", "")
        warning = " app-stat--warning" if card.get("warning") else ""
        phrase = " app-stat__value--phrase" if card.get("phrase") or _length(value) > 12 else ""
        exact, bounds = card.get("exact"), card.get("range")
        exact = f'<p class="app-stat__exact">{text_html(exact)}</p>' if exact else ""
        bounds = f'<p class="app-stat__exact">{text_html(bounds)}</p>' if bounds else ""
        parts.append(
            "\n"
            f'  <div class="app-stat{warning}">\n'
            f'    <p class="app-stat__value{phrase}">{text_html(value)}</p>\n'
            f"    {exact}\n"
            f"    {bounds}\n"
            f'    <p class="app-stat__caption">{text_html(card.get("caption", ""))}</p>\n'
            "  </div>\n"
            "  "
        )
    return mark_safe("".join(parts))  # noqa: S308  (every value escaped above, as the template did)


@register.simple_tag
def benchmark_report_rows(rows) -> SafeString:
    """The benchmarking section's body rows (reports.benchmarking_report.section_of's rows, live or from a
    snapshot): the measure as the row's header, when, the council's figure, its rank, the neighbours' median
    (and over how many), England's."""
    numeric = '<td class="govuk-table__cell govuk-table__cell--numeric">'
    parts = []
    for row in rows:
        get = row.get
        parts.append(
            '<tr class="govuk-table__row">\n'
            f'    <th scope="row" class="govuk-table__header">{text_html(get("measure", ""))}</th>\n'
            f'    <td class="govuk-table__cell">{text_html(get("period", ""))}</td>\n'
            f"    {numeric}{text_html(get('value', ''))}</td>\n"
            f'    <td class="govuk-table__cell">{text_html(get("position", ""))}</td>\n'
            f"    {numeric}{text_html(get('median', ''))} "
            f'<span class="govuk-body-s">(over {text_html(get("median_over", ""))})</span></td>\n'
            f"    {numeric}{text_html(get('england', ''))}</td>\n"
            "  </tr>"
        )
    return mark_safe("".join(parts))  # noqa: S308  (every value escaped above, as the template did)


@register.simple_tag
def benchmark_report_formulas(rows) -> SafeString:
    """How each of those measures is worked out, and its source: a summary list's rows."""
    return mark_safe(  # noqa: S308  (every value escaped, as the template did)
        "".join(
            '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">'
            f"{text_html(row.get('measure', ''))}</dt>"
            f'<dd class="govuk-summary-list__value">{text_html(row.get("formula", ""))}. '
            f"Source: {text_html(row.get('source', ''))}.</dd></div>"
            for row in rows
        )
    )
