"""The RAG tag of an indicator: the word in the tag (never colour alone), what it means as a tooltip; the
rows of the indicators table."""

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from core.html import muted_html, text_html
from workstreams.rag import RAG_TAG_CLASSES, Rag

register = template.Library()

# What each RAG means for an indicator (a milestone's words are about milestones met).
INDICATOR_RAG_DEFINITIONS = {
    Rag.GREEN: "On target, or off it by no more than the amber tolerance",
    Rag.AMBER: "Off target by more than the amber tolerance, within the red tolerance",
    Rag.RED: "Off target by more than the red tolerance",
}


@register.simple_tag
def indicator_rag(rag: str, label: str = "No target") -> str:
    if rag in Rag.values:
        value = Rag(rag)
        return format_html(
            '<strong class="govuk-tag app-rag {}" title="{}">{}</strong>',
            RAG_TAG_CLASSES[value],
            INDICATOR_RAG_DEFINITIONS[value],
            value.label,
        )
    return format_html('<strong class="govuk-tag app-rag {}">{}</strong>', RAG_TAG_CLASSES[""], label)


SPARKLINE = (
    '<svg class="app-sparkline" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{d}" '
    'focusable="false"><title>{d}</title><polyline points="{points}" fill="none" stroke="#1d70b8" '
    'stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/><circle cx="{x}" cy="{y}" r="2.5" '
    'fill="#0b0c0c"/></svg>'
)
NO_SPARKLINE = '<span class="govuk-body-s app-muted">Too few figures for a trend</span>'

ROW = """
    <tr class="govuk-table__row">
      <th scope="row" class="govuk-table__header"><a class="govuk-link" href="{url}">{name}</a>{workstream}</th>
      <td class="govuk-table__cell">{rag}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{latest}{later_missing}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{target}</td>
      <td class="govuk-table__cell app-hide-narrow">
{trend}
</td>
    </tr>
  """  # noqa: E501


def sparkline_html(trend) -> str:
    """templates/indicators/includes/sparkline.html's markup, in one pass."""
    if not trend:
        return NO_SPARKLINE
    description = text_html(trend.description)
    return SPARKLINE.format(
        w=text_html(trend.width),
        h=text_html(trend.height),
        d=description,
        points=text_html(trend.points),
        x=text_html(trend.last_x),
        y=text_html(trend.last_y),
    )


@register.simple_tag
def indicator_rows(rows, slug: str) -> SafeString:
    """The rows of templates/indicators/includes/table.html (indicators.summary rows), written in one pass:
    the same bytes as the template loop they replace (tests/indicators/test_indicator_tags.py), without a node
    per cell and a template include per sparkline (issue 22: a tenth of the dashboard's own markup)."""
    before, after = reverse("indicator_detail", args=[slug, 0]).rsplit("/0/", 1)
    muted = '<br><span class="govuk-body-s app-muted">{}</span>'
    html = []
    for row in rows:
        workstream = ""
        if row.workstream:
            workstream = f'<span class="app-hide-narrow"><br><span class="govuk-body-s app-muted">{text_html(row.workstream)}</span></span>'  # noqa: E501
        if row.latest:
            latest = text_html(row.latest) + muted.format(text_html(row.latest_period))
        else:
            latest = '<span class="govuk-body-s">No figure yet</span>'
        html.append(
            ROW.format(
                url=conditional_escape(f"{before}/{int(row.pk)}/{after}"),
                name=text_html(row.name),
                workstream=workstream,
                rag=indicator_rag(row.rag, row.rag_label),
                latest=latest,
                later_missing=muted.format(text_html(row.later_missing)) if row.later_missing else "",
                target=text_html(row.target),
                trend=sparkline_html(row.trend),
            )
        )
    return mark_safe("".join(html))  # noqa: S308  (every value above is escaped)


@register.simple_tag
def indicator_report_rows(rows) -> SafeString:
    """The body rows of a Forum report's indicators table (indicators/includes/report_section.html, from the
    section's "rows" dicts: indicators.report), in one pass: the same bytes as the template loop it replaced
    (tested against it), without its dozen lookups and a tag per row (issue 22)."""
    parts = []
    for row in rows:
        rag = indicator_rag(row.get("rag", ""), row.get("rag_label", ""))
        parts.append(
            "\n"
            '    <tr class="govuk-table__row">\n'
            f'      <th scope="row" class="govuk-table__header">{text_html(row.get("name", ""))}'
            f"{muted_html(row.get('workstream'))}</th>\n"
            f'      <td class="govuk-table__cell">{rag}</td>\n'
            '      <td class="govuk-table__cell govuk-table__cell--numeric">'
            f"{text_html(row.get('baseline', ''))}{muted_html(row.get('baseline_period'))}</td>\n"
            '      <td class="govuk-table__cell govuk-table__cell--numeric">'
            f"{text_html(row.get('latest', ''))}{muted_html(row.get('latest_period'))}"
            f"{muted_html(row.get('later_missing'))}</td>\n"
            '      <td class="govuk-table__cell govuk-table__cell--numeric">'
            f"{text_html(row.get('target', ''))}</td>\n"
            "    </tr>\n"
            "  "
        )
    return mark_safe("".join(parts))  # noqa: S308  (every value escaped above, as the template did)


@register.simple_tag
def indicator_new_values(values) -> SafeString:
    """The list items of a Forum report's indicator values recorded since the last report (the section's
    changes' "new_values" dicts), in one pass: the bytes the template loop wrote (tested against it)."""
    parts = []
    for v in values:
        kind = v.get("kind", "")
        kind = f" ({text_html(str(kind).lower())})" if kind != "Actual" else ""
        note = f" ({text_html(v['note'])})" if v.get("note") else ""
        parts.append(
            f"<li>{text_html(v.get('indicator', ''))}, {text_html(v.get('period', ''))}{kind}: "
            f"<strong>{text_html(v.get('value', ''))}</strong>, "
            f"recorded {text_html(v.get('recorded_on', ''))}{note}</li>"
        )
    return mark_safe("".join(parts))  # noqa: S308  (every value escaped above, as the template did)
