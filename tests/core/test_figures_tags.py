"""core.templatetags.figures: chart_table_rows writes the rows includes/chart.html's template loop wrote."""

from datetime import date
from decimal import Decimal

from django.template import Context, Template
from django.utils.safestring import mark_safe

from core.charts import Chart

TEMPLATE_LOOP = Template(
    "{% load figures %}"
    '{% for row in chart.rows %}<tr class="govuk-table__row">\n          '
    "{% for cell in row %}{% if forloop.first %}"
    '<th scope="row" class="govuk-table__header">{{ cell|chart_cell:chart.value_format|year_nowrap }}</th>'
    '{% else %}<td class="govuk-table__cell govuk-table__cell--numeric">'
    "{{ cell|chart_cell:chart.value_format }}"
    "</td>{% endif %}{% endfor %}\n        </tr>{% endfor %}"
)
TAG = Template("{% load figures %}{% chart_table_rows chart %}")

ROWS = [
    ["2025-26", Decimal("1250000"), None, Decimal("-569000.50")],
    ["<b>Bold</b> & co", 0, "", "text"],
    [date(2026, 12, 5), 12345, Decimal("3.57"), date(2025, 1, 1)],
    # Quotes, and safe text, which is written as it is.
    ["\"Quoted\" 'council'", "A <plain> label", mark_safe("<em>safe</em>"), Decimal("-0.4")],
]


def _charts():
    for value_format in ("money", "millions", "count", "date", "text"):
        chart = Chart(key="k", title="T", figure={}, columns=["Year", "A", "B", "C"], rows=ROWS,
                      value_format=value_format)  # fmt: skip
        yield chart
        yield {"key": "k", "rows": ROWS, "value_format": value_format}  # a report snapshot's chart


def test_it_writes_the_rows_the_template_loop_wrote():
    for chart in _charts():
        assert TAG.render(Context({"chart": chart})) == TEMPLATE_LOOP.render(Context({"chart": chart}))


def test_it_escapes_text_and_keeps_a_financial_year_on_one_line():
    written = TAG.render(Context({"chart": Chart(key="k", title="T", figure={}, columns=[], rows=ROWS)}))
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in written
    assert '<span class="app-nowrap">2025-26</span>' in written
    assert "£1,250,000" in written


def test_it_writes_nothing_for_a_chart_without_rows():
    assert TAG.render(Context({"chart": {"key": "k"}})) == ""
    assert TAG.render(Context({"chart": Chart(key="k", title="T", figure={}, columns=[])})) == ""


def test_it_writes_a_figure_as_json_script_did():
    from django.utils.html import json_script

    from core.templatetags.figures import figure_json_script

    figure = {"data": [{"name": "<b>A & B</b> > C", "y": [1, 2.5, None], "x": ["2025-26"]}], "layout": {}}
    assert figure_json_script(figure, "chart-1") == json_script(figure, "chart-1")
    assert figure_json_script(figure) == json_script(figure)
    assert "<b>" not in figure_json_script(figure, "k")


SECTION = Template("{% load figures %}{% chart_section chart %}")
INCLUDE = Template('{% include "includes/chart.html" %}')


def test_chart_section_writes_what_the_chart_include_wrote():
    """{% chart_section chart %} is includes/chart.html with its own data table, written in Python."""
    from dataclasses import asdict

    charts = [
        *_charts(),
        Chart(
            key='k<&>"',
            title='Title "&" <i>',
            figure={"data": [{"x": ["2024-25"], "y": [1], "name": "<b>"}]},
            columns=["Year", "2024-25", 2025, date(2026, 1, 1)],
            rows=ROWS,
            bounds=("upper", "lower"),
            note="A note & <b>",
        ),
        Chart(key="plain", title="Plain", figure={}, columns=[], rows=[]),
    ]
    snapshots = [asdict(chart) for chart in charts if isinstance(chart, Chart)]  # a report snapshot's charts
    for chart in [*charts, *snapshots]:
        context = {"chart": chart}
        assert SECTION.render(Context(context)) == INCLUDE.render(Context(context))
