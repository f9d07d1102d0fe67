"""The report body's progress-by-workstream, DSG ledger, forecast and benchmarking rows and its headline
cards, written in Python (reports.templatetags.report_rows): the same bytes as the template loops they
replaced, on every kind of value a draft or an old snapshot holds."""

from decimal import Decimal

from django.template import Context, Template

from reports.templatetags.report_rows import (
    benchmark_report_formulas,
    benchmark_report_rows,
    headline_card_list,
    ledger_rows,
    paper_table_head,
    paper_table_rows,
    rag_summary_rows,
)

# The loops as reports/includes/report_body.html wrote them before (issue 22).
RAG_LOOP = Template(
    "{% load rag %}"
    + '{% for row in content.rag_summary %}\n      <tr class="govuk-table__row">\n        <th scope="row" class="govuk-table__header">{{ row.workstream }}{# A phone has no room for three more columns: the same facts under the name. #}<span class="app-show-narrow govuk-body-s"><br>{% rag_tag row.rag %}{% if row.lead %}<br>Lead: {{ row.lead }}{% endif %}{% if row.overdue %}<br>{{ row.overdue }} overdue{% endif %}</span></th>\n        <td class="govuk-table__cell app-hide-narrow">{% rag_tag row.rag %}</td>\n        <td class="govuk-table__cell app-hide-narrow">{{ row.lead }}</td>\n        <td class="govuk-table__cell app-table__cell--numeric app-hide-narrow">{% if row.overdue %}{{ row.overdue }}{% endif %}</td>\n        <td class="govuk-table__cell app-break-words">{{ row.commentary|default:"–"|linebreaksbr }}{% if row.commentary_source %}<br><span class="govuk-body-s app-muted">{{ row.commentary_source }}</span>{% endif %}</td>\n      </tr>\n    {% endfor %}'  # noqa: E501
)
LEDGER_LOOP = Template(
    "{% load figures %}"
    + '{% for row in content.dsg_ledger.rows %}<tr class="govuk-table__row">{% for cell in row %}{% if forloop.counter == 2 %}<th scope="row" class="govuk-table__header">{{ cell }}</th>{% elif forloop.first %}<td class="govuk-table__cell">{{ cell|year_nowrap }}</td>{% else %}<td class="govuk-table__cell govuk-table__cell--numeric">{{ cell }}</td>{% endif %}{% endfor %}</tr>{% endfor %}'  # noqa: E501
)

RAG_ROWS = [
    {
        "workstream": "1. Early <help> & support",
        "rag": "amber",
        "lead": "Jo O'Brien",
        "overdue": 2,
        "commentary": 'Line one\nLine <two> & "three"',
        "commentary_source": "Panel review, 3 March 2025",
    },
    {
        "workstream": "2. Sufficiency",
        "rag": "",
        "lead": "",
        "overdue": 0,
        "commentary": "",
        "commentary_source": "",
    },
    {"workstream": "3. Done", "rag": "green", "lead": None, "overdue": 1200, "commentary": None},
    {"workstream": "4. Old snapshot"},  # keys a snapshot of an older version may lack
]
LEDGER_ROWS = [
    ["2024-25", "Schools", "£1,000", "", "£900", "£100", "£100"],
    ["2024-25", "High Needs <b>", "£5,000", "-£250", "£6,000", "-£1,250", "-£3,000"],
    ["Total & more", "All blocks", "£6,000", "", "£6,900", "-£1,150", "-£2,900"],
    [2025, "Early Years", 1, None, "", "x", "y"],
]


def test_it_writes_the_progress_rows_as_the_template_loop_did():
    content = {"rag_summary": RAG_ROWS}
    assert rag_summary_rows(RAG_ROWS) == RAG_LOOP.render(Context({"content": content}))
    assert rag_summary_rows([]) == ""


def test_it_writes_the_ledger_rows_as_the_template_loop_did():
    content = {"dsg_ledger": {"rows": LEDGER_ROWS}}
    assert ledger_rows(LEDGER_ROWS) == LEDGER_LOOP.render(Context({"content": content}))
    assert "<b>" not in ledger_rows(LEDGER_ROWS)


# reports/includes/paper_table.html's header and rows as the template wrote them before (issue 22).
PAPER_HEAD_LOOP = Template(
    "{% load figures %}"
    + '<tr class="govuk-table__row">{% for c in columns %}<th scope="col" class="govuk-table__header{% if not forloop.first %} govuk-table__header--numeric{% endif %}">{{ c|year_nowrap }}</th>{% endfor %}</tr>'  # noqa: E501
)
PAPER_ROWS_LOOP = Template(
    "{% load money figures %}"
    + '{% for row in rows %}<tr class="govuk-table__row">{% for cell in row %}{% if forloop.first %}<th scope="row" class="govuk-table__header">{{ cell|year_nowrap }}</th>{% elif unit %}<td class="govuk-table__cell govuk-table__cell--numeric">{{ cell|pounds:unit }}</td>{% else %}<td class="govuk-table__cell govuk-table__cell--numeric">{{ cell }}</td>{% endif %}{% endfor %}</tr>{% endfor %}'  # noqa: E501
)
PAPER_COLUMNS = ["Scenario <&>", "2024-25", "2025-26", 2026]
PAPER_NUMBERS = [
    ["Unmitigated", Decimal("1234567.89"), Decimal("-569000"), Decimal("0")],
    ["2024-25", Decimal("15000000"), Decimal("2.5"), Decimal("-1")],
]
PAPER_TEXT = [["Target <mitigated>", "£1,234,568", "−£569,000", ""], ["Stretch & more", "£0", "x", "–"]]


def test_it_writes_the_forecast_table_as_the_template_loop_did():
    head = PAPER_HEAD_LOOP.render(Context({"columns": PAPER_COLUMNS}))
    assert paper_table_head(PAPER_COLUMNS) == head
    assert '<span class="app-nowrap">2024-25</span>' in head and "&lt;&amp;&gt;" in head
    for rows, unit in [(PAPER_NUMBERS, "pounds"), (PAPER_NUMBERS, "millions"), (PAPER_TEXT, ""), ([], "")]:
        assert paper_table_rows(rows, unit) == PAPER_ROWS_LOOP.render(Context({"rows": rows, "unit": unit}))
    assert "&lt;mitigated&gt;" in paper_table_rows(PAPER_TEXT, "")


# reports/includes/headline.html's loop as the template wrote it before (issue 22).
HEADLINE_LOOP = Template(
    '{% for card in cards %}\n  <div class="app-stat{% if card.warning %} app-stat--warning{% endif %}">\n    <p class="app-stat__value{% if card.phrase or card.value|length > 12 %} app-stat__value--phrase{% endif %}">{{ card.value }}</p>\n    {% if card.exact %}<p class="app-stat__exact">{{ card.exact }}</p>{% endif %}\n    {% if card.range %}<p class="app-stat__exact">{{ card.range }}</p>{% endif %}\n    <p class="app-stat__caption">{{ card.caption }}</p>\n  </div>\n  {% endfor %}'  # noqa: E501
)
CARDS = [
    {"value": "£41.2m", "exact": "£41,234,567", "caption": "Cumulative deficit by 2028-29 <unmitigated>",
     "warning": True, "range": "£38m to £44m"},
    {"value": "No deficit forecast", "exact": "", "caption": "In-year", "warning": False, "phrase": True},
    {"value": "−£1,234,567.89", "caption": "A long figure & more"},  # longer than 12: the smaller type
    {"value": "12", "exact": "", "caption": "Workstreams", "warning": False},
    {"value": None, "caption": ""},
    {"caption": "An old snapshot's card without a value"},
]  # fmt: skip


def test_it_writes_the_headline_cards_as_the_template_loop_did():
    for cards in (CARDS, CARDS[:1], []):
        assert headline_card_list(cards) == HEADLINE_LOOP.render(Context({"cards": cards}))
    written = headline_card_list(CARDS)
    assert "app-stat__value--phrase" in written and "&lt;unmitigated&gt;" in written


# reports/includes/benchmark_report_section.html's two loops as the template wrote them before (issue 22).
BENCHMARK_LOOP = Template(
    '{% for row in section.rows %}<tr class="govuk-table__row">\n    <th scope="row" class="govuk-table__header">{{ row.measure }}</th>\n    <td class="govuk-table__cell">{{ row.period }}</td>\n    <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.value }}</td>\n    <td class="govuk-table__cell">{{ row.position }}</td>\n    <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.median }} <span class="govuk-body-s">(over {{ row.median_over }})</span></td>\n    <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.england }}</td>\n  </tr>{% endfor %}'  # noqa: E501
)
FORMULA_LOOP = Template(
    '{% for row in section.rows %}<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{{ row.measure }}</dt><dd class="govuk-summary-list__value">{{ row.formula }}. Source: {{ row.source }}.</dd></div>{% endfor %}'  # noqa: E501
)
BENCHMARK_ROWS = [
    {"measure": "EHC plans per 1,000 <0–25>", "period": "January 2025", "value": "41.2",
     "position": "3rd of 11", "median": "38.0", "median_over": 10, "england": "39.1",
     "formula": "Plans ÷ population × 1,000", "source": "DfE SEN2 & ONS", "number": 41.2},
    {"measure": "High needs spend per head", "period": "2023-24", "value": "£1,234", "position": "1st of 11",
     "median": "£1,100", "median_over": 9, "england": "x", "formula": "", "source": ""},
    {"measure": "An old snapshot's row"},
]  # fmt: skip


def test_it_writes_the_benchmarking_rows_as_the_template_loops_did():
    for rows in (BENCHMARK_ROWS, BENCHMARK_ROWS[:1], []):
        context = Context({"section": {"rows": rows}})
        assert benchmark_report_rows(rows) == BENCHMARK_LOOP.render(context)
        assert benchmark_report_formulas(rows) == FORMULA_LOOP.render(context)
    assert "&lt;0–25&gt;" in benchmark_report_rows(BENCHMARK_ROWS)
    assert "DfE SEN2 &amp; ONS" in benchmark_report_formulas(BENCHMARK_ROWS)
