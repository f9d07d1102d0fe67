"""The indicators table's rows, written in one pass, are the bytes the template loop (and its sparkline
include) wrote, whatever the row: no figure, a later period not available, no workstream, no trend, markup
in names."""

from datetime import date
from decimal import Decimal

from django.template import Context, Template

from indicators.selectors import indicator_summaries_for_plan
from indicators.summary import IndicatorSummary
from indicators.templatetags.indicator_tags import indicator_new_values, indicator_report_rows, sparkline_html
from tests.factories import IndicatorFactory, IndicatorValueFactory, TargetFactory

# The loop the tag replaced, as it was in templates/indicators/includes/table.html.
LOOP = """{% load indicator_tags %}{% for row in rows %}
    <tr class="govuk-table__row">
      <th scope="row" class="govuk-table__header"><a class="govuk-link" href="{% url 'indicator_detail' council.slug row.pk %}">{{ row.name }}</a>{% if row.workstream %}<span class="app-hide-narrow"><br><span class="govuk-body-s app-muted">{{ row.workstream }}</span></span>{% endif %}</th>
      <td class="govuk-table__cell">{% indicator_rag row.rag row.rag_label %}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{% if row.latest %}{{ row.latest }}<br><span class="govuk-body-s app-muted">{{ row.latest_period }}</span>{% else %}<span class="govuk-body-s">No figure yet</span>{% endif %}{% if row.later_missing %}<br><span class="govuk-body-s app-muted">{{ row.later_missing }}</span>{% endif %}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.target }}</td>
      <td class="govuk-table__cell app-hide-narrow">{% include "indicators/includes/sparkline.html" with trend=row.trend %}</td>
    </tr>
  {% endfor %}"""  # noqa: E501

TAG = "{% load indicator_tags %}{% indicator_rows rows council.slug %}"


def _rows(home) -> list[IndicatorSummary]:
    rated = IndicatorFactory(
        plan=home.plan, workstream=home.workstream, name='EHCPs <issued> "on time" & more'
    )
    TargetFactory(
        indicator=rated, value=Decimal("60"), amber_tolerance=Decimal("5"), red_tolerance=Decimal("10")
    )
    for year, value in ((2021, "41.5"), (2022, "47.25"), (2023, "52")):
        IndicatorValueFactory(
            indicator=rated,
            period=f"{year}/{year - 1999}",
            period_start=date(year, 9, 1),
            value=Decimal(value),
        )
    IndicatorValueFactory(  # a later period without a figure
        indicator=rated,
        period="2024/25",
        period_start=date(2024, 9, 1),
        value=None,
        availability="not_available",
    )
    IndicatorFactory(plan=home.plan, name="No figures yet", unit="count")  # no workstream, target or trend
    one = IndicatorFactory(plan=home.plan, name="Tribunal appeals", unit="count", direction="lower")
    IndicatorValueFactory(indicator=one, value=Decimal("12"))
    return indicator_summaries_for_plan(plan=home.plan)


def _render(source: str, rows, home) -> str:
    return Template(source).render(Context({"rows": rows, "council": home.council}))


def test_it_writes_the_rows_the_template_loop_wrote(home):
    rows = _rows(home)
    written = _render(TAG, rows, home)

    assert written == _render(LOOP, rows, home)
    assert "EHCPs &lt;issued&gt; &quot;on time&quot; &amp; more" in written
    assert "No figure yet" in written and "Too few figures for a trend" in written
    assert "2024/25: not available" in written.lower() and written.count("<svg") == 1
    assert f'href="/councils/{home.council.slug}/indicators/{rows[0].pk}/"' in written


def test_it_writes_the_sparkline_the_include_wrote(home):
    include = Template('{% include "indicators/includes/sparkline.html" with trend=trend %}')
    for row in _rows(home):
        assert "\n" + sparkline_html(row.trend) + "\n" == include.render(Context({"trend": row.trend}))


def test_it_writes_nothing_for_no_rows(home):
    assert _render(TAG, [], home) == ""


# The loop as indicators/includes/report_section.html wrote the report's rows before (issue 22).
REPORT_LOOP = Template(
    "{% load indicator_tags %}"
    + '{% for row in section.rows %}\n    <tr class="govuk-table__row">\n      <th scope="row" class="govuk-table__header">{{ row.name }}{% if row.workstream %}<br><span class="govuk-body-s app-muted">{{ row.workstream }}</span>{% endif %}</th>\n      <td class="govuk-table__cell">{% indicator_rag row.rag row.rag_label %}</td>\n      <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.baseline }}{% if row.baseline_period %}<br><span class="govuk-body-s app-muted">{{ row.baseline_period }}</span>{% endif %}</td>\n      <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.latest }}{% if row.latest_period %}<br><span class="govuk-body-s app-muted">{{ row.latest_period }}</span>{% endif %}{% if row.later_missing %}<br><span class="govuk-body-s app-muted">{{ row.later_missing }}</span>{% endif %}</td>\n      <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.target }}</td>\n    </tr>\n  {% endfor %}'  # noqa: E501
)


def test_it_writes_a_reports_indicator_rows_as_the_template_loop_did():
    rows = [
        {
            "id": 1,
            "name": 'EHCPs <issued> & "on time"',
            "workstream": "1. Early help & support",
            "unit": "percent",
            "latest_period": "2024/25",
            "latest": "62.5%",
            "latest_number": "62.5",
            "target": "70%",
            "target_number": "70",
            "rag": "amber",
            "rag_label": "Amber",
            "baseline_period": "2022/23",
            "baseline": "48%",
            "later_missing": "2025/26: not available",
            "source": "SEN2",
        },
        {
            "id": 2,
            "name": "No target",
            "workstream": "",
            "latest": "",
            "target": "",
            "rag": "",
            "rag_label": "No target",
            "baseline": "",
            "baseline_period": "",
            "latest_period": "",
            "later_missing": "",
        },
        {"id": 3, "name": "Old snapshot", "rag": "green"},  # keys an older snapshot may lack
        {
            "id": 4,
            "name": "Nones",
            "workstream": None,
            "baseline": None,
            "latest": None,
            "target": None,
            "rag": "red",
            "rag_label": "Red",
        },
    ]
    assert indicator_report_rows(rows) == REPORT_LOOP.render(Context({"section": {"rows": rows}}))
    assert indicator_report_rows([]) == ""


# The loop as indicators/includes/report_section.html wrote the values recorded since the last report.
NEW_VALUES_LOOP = Template(
    '{% for v in c.new_values %}<li>{{ v.indicator }}, {{ v.period }}{% if v.kind != "Actual" %} ({{ v.kind|lower }}){% endif %}: <strong>{{ v.value }}</strong>, recorded {{ v.recorded_on }}{% if v.note %} ({{ v.note }}){% endif %}</li>{% endfor %}'  # noqa: E501
)


def test_it_writes_a_reports_new_indicator_values_as_the_template_loop_did():
    values = [
        {
            "indicator": "EHCPs <on time>",
            "period": "2024/25",
            "kind": "Actual",
            "value": "62.5%",
            "note": "",
            "recorded_on": "3 March 2025",
        },
        {
            "indicator": "Spend & cost",
            "period": "Q1 2025",
            "kind": "Forecast <F>",
            "value": "£1,000",
            "note": 'Revised "up" & <b>',
            "recorded_on": "4 March 2025",
        },
        {"indicator": "Old snapshot"},  # keys an older snapshot may lack
        {"indicator": None, "period": None, "kind": None, "value": None, "note": None, "recorded_on": None},
    ]
    expected = NEW_VALUES_LOOP.render(Context({"c": {"new_values": values}}))
    assert indicator_new_values(values) == expected
    assert indicator_new_values([]) == ""
